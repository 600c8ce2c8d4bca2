/* runtime/trigamma.c — ψ₁(x), the trigamma function, in MPFR.
 *
 * ψ₁ is ψ^(1): the recurrence, Euler–Maclaurin series, reflection and error analysis all
 * live in polygamma.c (with s = 2 it squares instead of calling mpfr_pow_ui), so the two
 * cannot drift apart. Correctly rounded; special values as documented in fimrt.h.
 */
#include <mpfr.h>

#include "fimrt.h"

int fimrt_trigamma(mpfr_t y, const mpfr_t x, mpfr_rnd_t rnd)
{
    return fimrt_polygamma(y, 1, x, rnd);
}
