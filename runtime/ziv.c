/* runtime/ziv.c — shared helpers of the Ziv loops (see ziv.h). */
#include "ziv.h"

void fimrt_ziv_err_add_2exp(mpfr_t e, mpfr_t tmp, mpfr_exp_t x)
{
    mpfr_set_ui_2exp(tmp, 1, x, MPFR_RNDU);
    mpfr_add(e, e, tmp, MPFR_RNDU);
}

void fimrt_ziv_err_add_half_ulp(mpfr_t e, mpfr_t tmp, const mpfr_t z)
{
    if (mpfr_regular_p(z))
        fimrt_ziv_err_add_2exp(e, tmp, mpfr_get_exp(z) - mpfr_get_prec(z) - 1);
}

void fimrt_ziv_err_add_lgamma_arg(mpfr_t e, mpfr_t tmp, const mpfr_t st)
{
    mpfr_exp_t x = mpfr_get_exp(st);

    mpfr_set_ui(tmp, (unsigned long)(x < 0 ? -x : x) + 2, MPFR_RNDU);
    mpfr_mul_2si(tmp, tmp, x + 1, MPFR_RNDU);
    mpfr_add_ui(tmp, tmp, 1, MPFR_RNDU);
    mpfr_mul_2si(tmp, tmp, 1 - mpfr_get_prec(st), MPFR_RNDU);
    mpfr_add(e, e, tmp, MPFR_RNDU);
}

int fimrt_ziv_ball_rounds(const mpfr_t s, const mpfr_t e, mpfr_prec_t prec, mpfr_rnd_t rnd)
{
    if (!mpfr_regular_p(s) || !mpfr_number_p(e))
        return 0;
    if (mpfr_zero_p(e))
        return 1;
    return mpfr_can_round(s, mpfr_get_exp(s) - mpfr_get_exp(e), MPFR_RNDN, MPFR_RNDZ,
                          prec + (rnd == MPFR_RNDN));
}

int fimrt_ziv_ball_give_up(const mpfr_t s, const mpfr_t e, mpfr_prec_t prec, mpfr_prec_t p)
{
    if (p >= FIMRT_ZIV_MAX_PREC(prec))
        return 1;
    return mpfr_regular_p(s) && mpfr_number_p(e) &&
           (mpfr_zero_p(e) || mpfr_get_exp(e) < mpfr_get_exp(s) - 2 * prec - 64);
}

int fimrt_ziv_round_near(mpfr_t y, const mpfr_t x, int dir, mpfr_rnd_t rnd)
{
    mpfr_t z;
    mpfr_prec_t px = mpfr_get_prec(x), py = mpfr_get_prec(y);
    int inex;

    mpfr_init2(z, (px > py ? px : py) + 2);
    mpfr_set(z, x, MPFR_RNDN); /* exact */
    if (dir > 0)
        mpfr_nextabove(z);
    else
        mpfr_nextbelow(z);
    inex = mpfr_set(y, z, rnd);
    mpfr_clear(z);
    return inex;
}
