/* compiler/numfim.h — the FIM at a point, numerically: E[s s^T] and -E[H] over the data,
 * by exact summation (finite supports), a ratio-bounded sum ({lo..inf}) or
 * double-exponential quadrature (intervals, half-lines, R), each at two working
 * precisions so that only digits that agree are claimed.
 *
 * Scope of this version: one data variable (scalar), no inputs. The integrand is logp,
 * the score and the Hessian lowered together into one tape (compiler/tape.c) and run by
 * libfimrt's interpreter; quadrature is centred on the mode of p(x | theta) (Newton on
 * d logp/dx) and scaled by 1/sqrt(-d2 logp/dx2) there, and split where abs/sign kink.
 *
 * Ownership: a numfim owns its mpfr arrays (numfim_clear). */
#ifndef FIMC_NUMFIM_H
#define FIMC_NUMFIM_H

#include <mpfr.h>
#include <stdbool.h>

#include "model.h"

typedef struct numfim {
    int d;
    mpfr_t *ess;       /* E[s s^T], d*d */
    mpfr_t *neh;       /* -E[H], d*d */
    mpfr_t mass;       /* the total probability (1 for a normalised model) */
    int digits;        /* decimal digits of ess that were verified (two precisions agree,
                          and the error estimates are below them), relative to the largest
                          entry */
    int agreement;     /* digits to which ess and neh agree (relative to the largest entry),
                          at most `digits` */
    const char *method; /* "sum" or "quadrature" */
} numfim;

/* Computes the FIM of `logp` in coordinates params[0..d) at point[0..d), aiming at
 * `digits` decimal digits. Returns 0, or -1 with *err (caller frees) saying why
 * (unsupported model shape, evaluation failure, no convergence). */
int numfim_compute(numfim *nf, model *m, expr *logp, const int *params, int d,
                   mpfr_t *point, int digits, long prec_override, char **err);
void numfim_clear(numfim *nf);

/* A decimal string of v with `digits` significant digits (plain notation for moderate
 * exponents, d.ddde+N otherwise). Caller frees. */
char *numfim_format(const mpfr_t v, int digits);

#endif
