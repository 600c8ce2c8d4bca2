/* runtime/lchoose.c — log C(n,k) and log n! for real arguments, in MPFR.
 *
 * lchoose = log Γ(n+1) - log Γ(k+1) - log Γ(n-k+1): three correctly rounded mpfr_lngamma
 * whose sum cancels for large n; the arguments n+1, k+1, n-k+1 are correctly rounded sums
 * (mpfr_sum), and when one is inexact the mean value theorem bounds what that costs.
 * Every error goes into a rigorous bound E (ERR_PREC bits, rounded up) and the working
 * precision grows by the bits lost (Ziv's loop). lfactorial = log Γ(n+1) the same way,
 * with its own cases: n+1 <= 0 (made exact), and |n| so small that n+1 cannot be formed,
 * where log Γ(1+n) = -γn + (π²/12)n² + O(n³) is used instead.
 */
#include <mpfr.h>

#include "fimrt.h"
#include "ziv.h"

#define ERR_PREC 32

/* e += |z|, rounded up. */
static void err_add_abs(mpfr_t e, mpfr_t tmp, const mpfr_t z)
{
    mpfr_abs(tmp, z, MPFR_RNDU);
    mpfr_add(e, e, tmp, MPFR_RNDU);
}

/* The next working precision: the usual Ziv increase, or the bits lost to cancellation
 * (scale over result) if that is more. */
static mpfr_prec_t next_prec(mpfr_prec_t p, const mpfr_t s, const mpfr_t scale)
{
    mpfr_exp_t lost = mpfr_regular_p(s) && mpfr_regular_p(scale)
                          ? mpfr_get_exp(scale) - mpfr_get_exp(s) : p;

    return p + (lost > p / 2 ? lost : p / 2);
}

/* r = a + b + c, correctly rounded (at r's precision); returns the ternary value. */
static int sum3(mpfr_t r, mpfr_ptr a, mpfr_ptr b, mpfr_ptr c)
{
    mpfr_ptr tab[3];

    tab[0] = a;
    tab[1] = b;
    tab[2] = c;
    return mpfr_sum(r, tab, 3, MPFR_RNDN);
}

/* The precision at which n - k + 1 is exact: from the top bit of the largest term down
 * to the lowest bit of any of them (one bit for a zero). */
static mpfr_prec_t exact_sum_prec(const mpfr_t n, const mpfr_t k)
{
    mpfr_exp_t hi = 1, lo = 0;

    if (mpfr_regular_p(n)) {
        hi = mpfr_get_exp(n) > hi ? mpfr_get_exp(n) : hi;
        lo = mpfr_get_exp(n) - mpfr_get_prec(n) < lo ? mpfr_get_exp(n) - mpfr_get_prec(n) : lo;
    }
    if (mpfr_regular_p(k)) {
        hi = mpfr_get_exp(k) > hi ? mpfr_get_exp(k) : hi;
        lo = mpfr_get_exp(k) - mpfr_get_prec(k) < lo ? mpfr_get_exp(k) - mpfr_get_prec(k) : lo;
    }
    return (mpfr_prec_t)(hi - lo) + 2;
}

/* The cases of lchoose decided without computing: returns 1 and sets y, *inex if so. */
static int lchoose_special(mpfr_t y, int *inex, const mpfr_t n, const mpfr_t k, mpfr_rnd_t rnd)
{
    mpfr_t nn, nk, one, d;
    int done = 1;

    *inex = 0;
    if (!mpfr_number_p(n) || !mpfr_number_p(k) || mpfr_cmp_si(n, -1) <= 0) {
        mpfr_set_nan(y);
        mpfr_set_nanflag();
        return 1;
    }
    if (mpfr_zero_p(k)) { /* C(n, 0) = 1 */
        mpfr_set_zero(y, 1);
        return 1;
    }
    /* d = n - k + 1, exactly */
    mpfr_init2(d, exact_sum_prec(n, k));
    mpfr_init2(nn, mpfr_get_prec(n));
    mpfr_init2(nk, mpfr_get_prec(k));
    mpfr_init2(one, 2);
    mpfr_set(nn, n, MPFR_RNDN);
    mpfr_neg(nk, k, MPFR_RNDN);
    mpfr_set_ui(one, 1, MPFR_RNDN);
    sum3(d, nn, nk, one);
    if (mpfr_cmp_si(k, -1) <= 0 || mpfr_sgn(d) <= 0) {
        /* 1/Γ vanishes at the poles: C(n,k) = 0 when k or n-k is a negative integer */
        if ((mpfr_integer_p(k) && mpfr_sgn(k) < 0) || (mpfr_integer_p(d) && mpfr_sgn(d) <= 0))
            mpfr_set_inf(y, -1);
        else {
            mpfr_set_nan(y);
            mpfr_set_nanflag();
        }
    } else if (mpfr_cmp_ui(d, 1) == 0) /* k = n: C = 1 */
        mpfr_set_zero(y, 1);
    else if (mpfr_cmp_ui(k, 1) == 0 || mpfr_cmp_ui(d, 2) == 0) /* k = 1 or n-1: C = n */
        *inex = mpfr_log(y, n, rnd);
    else
        done = 0;
    mpfr_clears(d, nn, nk, one, (mpfr_ptr)0);
    return done;
}

int fimrt_lchoose(mpfr_t y, const mpfr_t n, const mpfr_t k, mpfr_rnd_t rnd)
{
    mpfr_prec_t py = mpfr_get_prec(y), p = py + 32;
    mpfr_t a1, a2, a3, l1, l2, l3, nn, nk, one, S, E, A, tmp;
    mpfr_flags_t flags;
    int inex;

    if (lchoose_special(y, &inex, n, k, rnd))
        return inex;

    flags = mpfr_flags_save();
    mpfr_inits2(p, a1, a2, a3, l1, l2, l3, S, (mpfr_ptr)0);
    mpfr_init2(nn, mpfr_get_prec(n));
    mpfr_init2(nk, mpfr_get_prec(k));
    mpfr_init2(one, 2);
    mpfr_inits2(ERR_PREC, E, A, tmp, (mpfr_ptr)0);
    mpfr_set(nn, n, MPFR_RNDN);
    mpfr_neg(nk, k, MPFR_RNDN);
    mpfr_set_ui(one, 1, MPFR_RNDN);
    for (;;) {
        /* in the domain n+1, k+1, n-k+1 > 0, so every Γ is positive */
        mpfr_set_zero(E, 1);
        if (mpfr_add_ui(a1, n, 1, MPFR_RNDN) != 0)
            fimrt_ziv_err_add_lgamma_arg(E, tmp, a1);
        if (mpfr_add_ui(a2, k, 1, MPFR_RNDN) != 0)
            fimrt_ziv_err_add_lgamma_arg(E, tmp, a2);
        if (sum3(a3, nn, nk, one) != 0)
            fimrt_ziv_err_add_lgamma_arg(E, tmp, a3);
        mpfr_lngamma(l1, a1, MPFR_RNDN); /* each <= ½ ulp */
        mpfr_lngamma(l2, a2, MPFR_RNDN);
        mpfr_lngamma(l3, a3, MPFR_RNDN);
        fimrt_ziv_err_add_half_ulp(E, tmp, l1);
        fimrt_ziv_err_add_half_ulp(E, tmp, l2);
        fimrt_ziv_err_add_half_ulp(E, tmp, l3);
        mpfr_sub(S, l1, l2, MPFR_RNDN);  /* <= ½ ulp */
        fimrt_ziv_err_add_half_ulp(E, tmp, S);
        mpfr_sub(S, S, l3, MPFR_RNDN);   /* <= ½ ulp */
        fimrt_ziv_err_add_half_ulp(E, tmp, S);
        mpfr_set_zero(A, 1);
        err_add_abs(A, tmp, l1);
        err_add_abs(A, tmp, l2);
        err_add_abs(A, tmp, l3);

        if (fimrt_ziv_ball_rounds(S, E, py, rnd))
            break;
        if (fimrt_ziv_ball_give_up(S, E, py, p)) {
            if (mpfr_cmpabs(S, E) <= 0)
                mpfr_set_zero(S, 1);
            break;
        }
        p = next_prec(p, S, A);
        mpfr_set_prec(a1, p);
        mpfr_set_prec(a2, p);
        mpfr_set_prec(a3, p);
        mpfr_set_prec(l1, p);
        mpfr_set_prec(l2, p);
        mpfr_set_prec(l3, p);
        mpfr_set_prec(S, p);
    }
    mpfr_flags_restore(flags, MPFR_FLAGS_ALL);
    inex = mpfr_set(y, S, rnd);
    mpfr_clears(a1, a2, a3, l1, l2, l3, nn, nk, one, S, E, A, tmp, (mpfr_ptr)0);
    return inex;
}

/* log Γ(1+n) for |n| < 2^-(PREC(y)+64), where n+1 would need too many bits: the Taylor
 * series -γn + Σ_(j>=2) (-1)^j ζ(j) n^j / j, of which two terms are kept; the rest is
 * below (ζ(3)/3)|n|³/(1-|n|) <= |n|³. */
static int lfactorial_tiny(mpfr_t y, const mpfr_t n, mpfr_rnd_t rnd)
{
    mpfr_prec_t py = mpfr_get_prec(y), p = py + 32;
    mpfr_t g, t, S, E, tmp;
    mpfr_flags_t flags = mpfr_flags_save();
    int inex;

    mpfr_inits2(p, g, t, S, (mpfr_ptr)0);
    mpfr_inits2(ERR_PREC, E, tmp, (mpfr_ptr)0);
    for (;;) {
        mpfr_set_zero(E, 1);
        mpfr_const_euler(g, MPFR_RNDN);  /* γ < 1: error <= 2^(-p-1) */
        mpfr_mul(S, g, n, MPFR_RNDN);    /* γn: error <= |n| 2^(-p-1) + ½ ulp */
        fimrt_ziv_err_add_2exp(E, tmp, mpfr_get_exp(n) - p - 1);
        fimrt_ziv_err_add_half_ulp(E, tmp, S);
        mpfr_const_pi(g, MPFR_RNDN);
        mpfr_sqr(g, g, MPFR_RNDN);
        mpfr_sqr(t, n, MPFR_RNDN);
        mpfr_mul(t, t, g, MPFR_RNDN);
        /* π²n²/12: 6 roundings (π counts twice), within 4·6u|t| <= 2^(5-p)|t| */
        mpfr_div_ui(t, t, 12, MPFR_RNDN);
        mpfr_abs(tmp, t, MPFR_RNDU);
        mpfr_mul_2si(tmp, tmp, 5 - p, MPFR_RNDU);
        mpfr_add(E, E, tmp, MPFR_RNDU);
        mpfr_sub(S, t, S, MPFR_RNDN);    /* <= ½ ulp */
        fimrt_ziv_err_add_half_ulp(E, tmp, S);
        fimrt_ziv_err_add_2exp(E, tmp, 3 * mpfr_get_exp(n)); /* the remainder, |n|³ < 2^(3 EXP(n)) */
        if (fimrt_ziv_ball_rounds(S, E, py, rnd) || fimrt_ziv_ball_give_up(S, E, py, p))
            break;
        p += p / 2;
        mpfr_set_prec(g, p);
        mpfr_set_prec(t, p);
        mpfr_set_prec(S, p);
    }
    mpfr_flags_restore(flags, MPFR_FLAGS_ALL);
    inex = mpfr_set(y, S, rnd);
    mpfr_clears(g, t, S, E, tmp, (mpfr_ptr)0);
    return inex;
}

int fimrt_lfactorial(mpfr_t y, const mpfr_t n, mpfr_rnd_t rnd)
{
    mpfr_prec_t py = mpfr_get_prec(y), p = py + 32;
    mpfr_t a, S, E, tmp;
    mpfr_flags_t flags;
    int inex;

    if (!mpfr_number_p(n)) /* NaN, ±Inf: n+1 = n */
        return mpfr_lngamma(y, n, rnd);
    if (mpfr_zero_p(n) || mpfr_cmp_ui(n, 1) == 0) { /* 0! = 1! = 1 */
        mpfr_set_zero(y, 1);
        return 0;
    }
    if (mpfr_cmp_si(n, -1) <= 0) {
        /* n+1 <= 0: a pole (+Inf) or log|Γ| where Γ > 0, NaN where Γ < 0. Integers are
         * poles; otherwise EXP(n) < PREC(n) and n+1 is exact at PREC(n)+1 bits. */
        if (mpfr_integer_p(n)) {
            mpfr_set_inf(y, 1);
            mpfr_set_divby0();
            return 0;
        }
        mpfr_init2(a, mpfr_get_prec(n) + 1);
        mpfr_add_ui(a, n, 1, MPFR_RNDN); /* exact */
        inex = mpfr_lngamma(y, a, rnd);
        mpfr_clear(a);
        return inex;
    }
    if (mpfr_get_exp(n) < -(mpfr_exp_t)py - 64)
        return lfactorial_tiny(y, n, rnd);

    /* n > -1: log Γ(n+1) with n+1 > 0 rounded if need be, as in lchoose */
    flags = mpfr_flags_save();
    mpfr_inits2(p, a, S, (mpfr_ptr)0);
    mpfr_inits2(ERR_PREC, E, tmp, (mpfr_ptr)0);
    for (;;) {
        mpfr_set_zero(E, 1);
        if (mpfr_add_ui(a, n, 1, MPFR_RNDN) != 0)
            fimrt_ziv_err_add_lgamma_arg(E, tmp, a);
        mpfr_lngamma(S, a, MPFR_RNDN);   /* <= ½ ulp */
        fimrt_ziv_err_add_half_ulp(E, tmp, S);
        if (fimrt_ziv_ball_rounds(S, E, py, rnd) || fimrt_ziv_ball_give_up(S, E, py, p))
            break;
        p += p / 2;
        if (mpfr_regular_p(S) && mpfr_get_exp(S) < 0 && -mpfr_get_exp(S) > p / 2)
            p += -mpfr_get_exp(S); /* log Γ near 1 or 2 is small: an absolute error */
        mpfr_set_prec(a, p);
        mpfr_set_prec(S, p);
    }
    mpfr_flags_restore(flags, MPFR_FLAGS_ALL);
    inex = mpfr_set(y, S, rnd);
    mpfr_clears(a, S, E, tmp, (mpfr_ptr)0);
    return inex;
}
