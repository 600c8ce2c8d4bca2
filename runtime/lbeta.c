/* runtime/lbeta.c — log B(a,b) = log Γ(a) + log Γ(b) - log Γ(a+b), a, b > 0, in MPFR.
 *
 * The three log Γ are correctly rounded by mpfr_lngamma; the danger is cancellation when
 * a+b is large (log Γ(a+b) ~ (a+b) log(a+b) while the result may be of order log(a+b)).
 * Each step's error goes into a rigorous bound E (ERR_PREC bits, rounded up), and the
 * working precision grows by the number of bits the last attempt lost (Ziv's loop).
 */
#include <mpfr.h>

#include "fimrt.h"
#include "ziv.h"

#define ERR_PREC 32

/* y = -log x, correctly rounded: log in the mirrored mode, then an exact negation. */
static int neg_log(mpfr_t y, const mpfr_t x, mpfr_rnd_t rnd)
{
    mpfr_rnd_t r = rnd == MPFR_RNDU ? MPFR_RNDD : rnd == MPFR_RNDD ? MPFR_RNDU : rnd;
    int inex = mpfr_log(y, x, r);

    if (mpfr_zero_p(y))
        mpfr_set_zero(y, 1); /* log 1 = +0, and so is -log 1 */
    else
        mpfr_neg(y, y, MPFR_RNDN);
    return -inex;
}

int fimrt_lbeta(mpfr_t y, const mpfr_t a, const mpfr_t b, mpfr_rnd_t rnd)
{
    mpfr_prec_t py = mpfr_get_prec(y), p = py + 32;
    mpfr_t la, lb, lab, ab, S, E, A, tmp;
    mpfr_flags_t flags;
    int inex;

    if (mpfr_nan_p(a) || mpfr_nan_p(b) || mpfr_sgn(a) < 0 || mpfr_sgn(b) < 0 ||
        ((mpfr_zero_p(a) || mpfr_zero_p(b)) && (mpfr_inf_p(a) || mpfr_inf_p(b)))) {
        mpfr_set_nan(y);
        mpfr_set_nanflag();
        return 0;
    }
    if (mpfr_zero_p(a) || mpfr_zero_p(b)) { /* B(0+, b) = +Inf */
        mpfr_set_inf(y, 1);
        mpfr_set_divby0();
        return 0;
    }
    if (mpfr_inf_p(a) || mpfr_inf_p(b)) { /* B(+Inf, b) = 0 */
        mpfr_set_inf(y, -1);
        return 0;
    }
    /* B(1, b) = 1/b */
    if (mpfr_cmp_ui(a, 1) == 0)
        return neg_log(y, b, rnd);
    if (mpfr_cmp_ui(b, 1) == 0)
        return neg_log(y, a, rnd);

    flags = mpfr_flags_save();
    mpfr_inits2(p, la, lb, lab, ab, S, (mpfr_ptr)0);
    mpfr_inits2(ERR_PREC, E, A, tmp, (mpfr_ptr)0);
    for (;;) {
        mpfr_exp_t lost;

        mpfr_set_zero(E, 1);
        mpfr_lngamma(la, a, MPFR_RNDN);            /* <= ½ ulp */
        mpfr_lngamma(lb, b, MPFR_RNDN);            /* <= ½ ulp */
        if (mpfr_add(ab, a, b, MPFR_RNDN) != 0)    /* a+b, maybe rounded: see the bound */
            fimrt_ziv_err_add_lgamma_arg(E, tmp, ab);
        mpfr_lngamma(lab, ab, MPFR_RNDN);          /* <= ½ ulp */
        fimrt_ziv_err_add_half_ulp(E, tmp, la);
        fimrt_ziv_err_add_half_ulp(E, tmp, lb);
        fimrt_ziv_err_add_half_ulp(E, tmp, lab);
        mpfr_add(S, la, lb, MPFR_RNDN);            /* <= ½ ulp */
        fimrt_ziv_err_add_half_ulp(E, tmp, S);
        mpfr_sub(S, S, lab, MPFR_RNDN);            /* <= ½ ulp */
        fimrt_ziv_err_add_half_ulp(E, tmp, S);
        /* the scale of the cancellation: |la| + |lb| + |lab| */
        mpfr_abs(A, la, MPFR_RNDU);
        mpfr_abs(tmp, lb, MPFR_RNDU);
        mpfr_add(A, A, tmp, MPFR_RNDU);
        mpfr_abs(tmp, lab, MPFR_RNDU);
        mpfr_add(A, A, tmp, MPFR_RNDU);

        if (fimrt_ziv_ball_rounds(S, E, py, rnd))
            break;
        if (fimrt_ziv_ball_give_up(S, E, py, p)) {
            if (mpfr_cmpabs(S, E) <= 0)
                mpfr_set_zero(S, 1);
            break;
        }
        /* bits lost to cancellation in this attempt, plus the usual Ziv increase */
        lost = mpfr_regular_p(S) ? mpfr_get_exp(A) - mpfr_get_exp(S) : p;
        p += lost > p / 2 ? lost : p / 2;
        mpfr_set_prec(la, p);
        mpfr_set_prec(lb, p);
        mpfr_set_prec(lab, p);
        mpfr_set_prec(ab, p);
        mpfr_set_prec(S, p);
    }
    mpfr_flags_restore(flags, MPFR_FLAGS_ALL);
    inex = mpfr_set(y, S, rnd);
    mpfr_clears(la, lb, lab, ab, S, E, A, tmp, (mpfr_ptr)0);
    return inex;
}
