/* runtime/ziv.h — libfimrt's internal helpers for Ziv loops (not installed): error-bound
 * accumulation rounded up, the "does this ball round?" test, the safety valves of fimrt.h
 * and rounding just beside a representable number. Shared by the special functions. */
#ifndef FIMRT_ZIV_H
#define FIMRT_ZIV_H

#include <mpfr.h>

/* The working precision at which a Ziv loop for a PREC(y) = py result gives up. */
#define FIMRT_ZIV_MAX_PREC(py) (8 * (py) + ((mpfr_prec_t)1 << 20))

/* e += 2^x, rounded up (tmp is scratch). */
void fimrt_ziv_err_add_2exp(mpfr_t e, mpfr_t tmp, mpfr_exp_t x);
/* e += ½ ulp(z), the error of the rounding to nearest that produced z (nothing for 0). */
void fimrt_ziv_err_add_half_ulp(mpfr_t e, mpfr_t tmp, const mpfr_t z);
/* e += a bound on |log Γ(s) - log Γ(st)| when st > 0 is s > 0 rounded to nearest at
 * q = PREC(st) bits: |ψ(ξ)| |s - st| for ξ between them; with x = EXP(st), ξ is in
 * [2^(x-2), 2^(x+1)], |s - st| <= 2^(x-q-1) <= 2^(1-q) ξ, and log ξ - 1/ξ < ψ(ξ) < log ξ
 * gives ξ|ψ(ξ)| <= 1 + ξ|log ξ| <= 1 + 2^(x+1)(|x|+2): in all 2^(1-q)(1 + 2^(x+1)(|x|+2)). */
void fimrt_ziv_err_add_lgamma_arg(mpfr_t e, mpfr_t tmp, const mpfr_t st);
/* Whether every real within e of s rounds to prec bits in mode rnd as s does, with the
 * same ternary value (mpfr_can_round with a directed mode at prec+1 bits for nearest, the
 * trick its manual gives; valid because the exact value is not representable). */
int fimrt_ziv_ball_rounds(const mpfr_t s, const mpfr_t e, mpfr_prec_t prec, mpfr_rnd_t rnd);
/* The safety valves of fimrt.h, for a ball that did not round: it is within
 * 2^(-2 prec - 64) of s relative (s is then a rounding boundary, or as good as one), or
 * the working precision p has reached the cap. */
int fimrt_ziv_ball_give_up(const mpfr_t s, const mpfr_t e, mpfr_prec_t prec, mpfr_prec_t p);
/* y = round(v) for a v strictly between x and the next number after x in direction dir
 * (+1 up, -1 down) at precision P = max(PREC(x), PREC(y)) + 2: no rounding boundary of y
 * (a PREC(y)+1-bit number) lies in that gap nor on its far end, so v and that end round
 * alike, with the same ternary value. Callers ensure |v - x| < 2^(EXP(x)-P-1). */
int fimrt_ziv_round_near(mpfr_t y, const mpfr_t x, int dir, mpfr_rnd_t rnd);

#endif
