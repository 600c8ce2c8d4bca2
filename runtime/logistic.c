/* runtime/logistic.c — log(1+e^x), 1/(1+e^-x) and log(p/(1-p)) in MPFR.
 *
 * Each is a few correctly rounded MPFR operations arranged so that nothing cancels and
 * nothing overflows: softplus as x + log1p(e^-x) for x > 0, the logistic as 1/(1+e^-x),
 * the logit through log1p((2p-1)/(1-p)) near p = 1/2 (where 2p-1 and 1-p are exact) and
 * log(p/(1-p)) elsewhere (1-p exact for p >= 1/2). The error of each step is bounded
 * (in the comments, u = 2^-w at working precision w; E an ERR_PREC-bit bound rounded up)
 * and a Ziv loop raises w until the result is certain. Far in the tails the result is a
 * representable number plus or minus a tiny amount of known sign, rounded exactly by
 * round_near instead of by raising the precision without end.
 */
#include <mpfr.h>

#include "fimrt.h"
#include "ziv.h"

#define ERR_PREC 32

/* e += 2^x |z|, rounded up. */
static void err_add_rel(mpfr_t e, mpfr_t tmp, const mpfr_t z, mpfr_exp_t x)
{
    mpfr_abs(tmp, z, MPFR_RNDU);
    mpfr_mul_2si(tmp, tmp, x, MPFR_RNDU);
    mpfr_add(e, e, tmp, MPFR_RNDU);
}

int fimrt_log1pexp(mpfr_t y, const mpfr_t x, mpfr_rnd_t rnd)
{
    mpfr_prec_t py = mpfr_get_prec(y), px = mpfr_get_prec(x);
    mpfr_prec_t P = (px > py ? px : py) + 2, w = py + 16;
    mpfr_t nx, e, l, S, E, tmp;
    mpfr_flags_t flags;
    int inex, pos;

    if (mpfr_nan_p(x)) {
        mpfr_set_nan(y);
        mpfr_set_nanflag();
        return 0;
    }
    if (mpfr_inf_p(x)) {
        if (mpfr_sgn(x) > 0)
            mpfr_set_inf(y, 1);
        else
            mpfr_set_zero(y, 1);
        return 0;
    }
    /* x >= P+1: y = x + δ, 0 < δ = log1p(e^-x) < e^-x < 2^-1.44x <= 2^(EXP(x)-P-1) */
    if (mpfr_cmp_ui(x, (unsigned long)P + 1) >= 0)
        return fimrt_ziv_round_near(y, x, 1, rnd);

    pos = mpfr_sgn(x) > 0;
    flags = mpfr_flags_save();
    mpfr_init2(nx, px);
    mpfr_neg(nx, x, MPFR_RNDN); /* exact */
    mpfr_inits2(w, e, l, S, (mpfr_ptr)0);
    mpfr_inits2(ERR_PREC, E, tmp, (mpfr_ptr)0);
    for (;;) {
        mpfr_set_zero(E, 1);
        mpfr_exp(e, pos ? nx : x, MPFR_RNDN);    /* e^-|x| <= 1 */
        if (mpfr_zero_p(e)) {                     /* e^x underflows, and so does the result */
            mpfr_flags_restore(flags, MPFR_FLAGS_ALL);
            inex = mpfr_exp(y, x, rnd);
            goto out;
        }
        /* e = e^±x within ½ ulp(e); log1p' <= 1 on [0, ∞), so l within ½ ulp(e) + ½ ulp(l) */
        mpfr_log1p(l, e, MPFR_RNDN);
        fimrt_ziv_err_add_half_ulp(E, tmp, e);
        fimrt_ziv_err_add_half_ulp(E, tmp, l);
        if (pos) {
            mpfr_add(S, x, l, MPFR_RNDN);         /* both positive: + ½ ulp(S) */
            fimrt_ziv_err_add_half_ulp(E, tmp, S);
        } else
            mpfr_set(S, l, MPFR_RNDN);            /* exact */
        if (fimrt_ziv_ball_rounds(S, E, py, rnd))
            break;
        w += w / 2;
        mpfr_set_prec(e, w);
        mpfr_set_prec(l, w);
        mpfr_set_prec(S, w);
    }
    mpfr_flags_restore(flags, MPFR_FLAGS_ALL);
    inex = mpfr_set(y, S, rnd);
out:
    mpfr_clears(nx, e, l, S, E, tmp, (mpfr_ptr)0);
    return inex;
}

int fimrt_expit(mpfr_t y, const mpfr_t x, mpfr_rnd_t rnd)
{
    mpfr_prec_t py = mpfr_get_prec(y), px = mpfr_get_prec(x), w = py + 16;
    mpfr_t nx, S, E, tmp;
    mpfr_flags_t flags;
    int inex;

    if (mpfr_nan_p(x)) {
        mpfr_set_nan(y);
        mpfr_set_nanflag();
        return 0;
    }
    if (mpfr_inf_p(x))
        return mpfr_set_ui(y, mpfr_sgn(x) > 0, rnd); /* 1 or +0 */
    if (mpfr_zero_p(x))
        return mpfr_set_ui_2exp(y, 1, -1, rnd);      /* 1/2 */
    /* x >= PREC(y)+2 = P: y = 1 - δ, 0 < δ < e^-x < 2^-P = 2^(EXP(1)-P-1) */
    if (mpfr_cmp_ui(x, (unsigned long)py + 2) >= 0) {
        mpfr_init2(nx, 2);
        mpfr_set_ui(nx, 1, MPFR_RNDN);
        inex = fimrt_ziv_round_near(y, nx, -1, rnd);
        mpfr_clear(nx);
        return inex;
    }

    flags = mpfr_flags_save();
    mpfr_init2(nx, px);
    mpfr_neg(nx, x, MPFR_RNDN); /* exact */
    mpfr_init2(S, w);
    mpfr_inits2(ERR_PREC, E, tmp, (mpfr_ptr)0);
    for (;;) {
        /* three roundings of positive quantities, none cancelling (1 + e(1+δ) is
         * (1+e)(1+δ') with |δ'| <= |δ|): within 2·3u relative, so 12u|S| absolute */
        mpfr_exp(S, nx, MPFR_RNDN);
        if (mpfr_inf_p(S)) { /* e^-x overflows: e^x, and the result, underflow */
            mpfr_flags_restore(flags, MPFR_FLAGS_ALL);
            inex = mpfr_exp(y, x, rnd);
            goto out;
        }
        mpfr_add_ui(S, S, 1, MPFR_RNDN);
        mpfr_ui_div(S, 1, S, MPFR_RNDN);
        mpfr_set_zero(E, 1);
        err_add_rel(E, tmp, S, 4 - w);
        if (fimrt_ziv_ball_rounds(S, E, py, rnd))
            break;
        w += w / 2;
        mpfr_set_prec(S, w);
    }
    mpfr_flags_restore(flags, MPFR_FLAGS_ALL);
    inex = mpfr_set(y, S, rnd);
out:
    mpfr_clears(nx, S, E, tmp, (mpfr_ptr)0);
    return inex;
}

int fimrt_logit(mpfr_t y, const mpfr_t p, mpfr_rnd_t rnd)
{
    mpfr_prec_t py = mpfr_get_prec(y), pp = mpfr_get_prec(p), w = py + 16;
    mpfr_t a, b, S, E, tmp;
    mpfr_flags_t flags;
    int inex, mid;

    if (mpfr_nan_p(p) || mpfr_sgn(p) < 0 || mpfr_cmp_ui(p, 1) > 0) {
        mpfr_set_nan(y);
        mpfr_set_nanflag();
        return 0;
    }
    if (mpfr_zero_p(p) || mpfr_cmp_ui(p, 1) == 0) {
        mpfr_set_inf(y, mpfr_zero_p(p) ? -1 : 1);
        mpfr_set_divby0();
        return 0;
    }
    if (mpfr_cmp_ui_2exp(p, 1, -1) == 0) { /* logit(1/2) = 0 */
        mpfr_set_zero(y, 1);
        return 0;
    }

    flags = mpfr_flags_save();
    /* 1/4 <= p <= 3/4: a = 2p-1 and b = 1-p are exact at PREC(p)+2 bits (Sterbenz for
     * 2p-1 and for 1-p with p >= 1/2; 1-p >= 1/4 needs one more bit otherwise) */
    mid = mpfr_cmp_ui_2exp(p, 1, -2) >= 0 && mpfr_cmp_ui_2exp(p, 3, -2) <= 0;
    mpfr_inits2(pp + 2, a, b, (mpfr_ptr)0);
    mpfr_init2(S, w);
    mpfr_inits2(ERR_PREC, E, tmp, (mpfr_ptr)0);
    if (mid) {
        mpfr_mul_2ui(a, p, 1, MPFR_RNDN);
        mpfr_sub_ui(a, a, 1, MPFR_RNDN);   /* exact */
        mpfr_ui_sub(b, 1, p, MPFR_RNDN);   /* exact */
    } else if (mpfr_cmp_ui_2exp(p, 1, -1) > 0)
        mpfr_ui_sub(b, 1, p, MPFR_RNDN);   /* exact by Sterbenz */
    for (;;) {
        mpfr_set_zero(E, 1);
        if (mid) {
            /* r = a/b in [-2/3, 2] within u relative; log1p has condition number
             * |r / ((1+r) log1p r)| <= 1.83 there: S within 2u|S| + ½ ulp(S) */
            mpfr_div(S, a, b, MPFR_RNDN);
            mpfr_log1p(S, S, MPFR_RNDN);
            err_add_rel(E, tmp, S, 2 - w);
        } else {
            /* q = p/(1-p) within 3u relative (1-p exact for p > 1/2, else within u);
             * |log q| >= log 3 > 1, and |log(1+3u)| <= 4u: S within 4u|S| + ½ ulp(S) */
            if (mpfr_cmp_ui_2exp(p, 1, -1) > 0)
                mpfr_div(S, p, b, MPFR_RNDN);
            else {
                mpfr_ui_sub(S, 1, p, MPFR_RNDN);
                mpfr_div(S, p, S, MPFR_RNDN);
            }
            mpfr_log(S, S, MPFR_RNDN);
            err_add_rel(E, tmp, S, 2 - w);
        }
        fimrt_ziv_err_add_half_ulp(E, tmp, S);
        if (fimrt_ziv_ball_rounds(S, E, py, rnd))
            break;
        w += w / 2;
        mpfr_set_prec(S, w);
    }
    mpfr_flags_restore(flags, MPFR_FLAGS_ALL);
    inex = mpfr_set(y, S, rnd);
    mpfr_clears(a, b, S, E, tmp, (mpfr_ptr)0);
    return inex;
}
