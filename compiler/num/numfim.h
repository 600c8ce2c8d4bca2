/* compiler/num/numfim.h — expectations over the data at a point, numerically: the FIM as
 * E[s s^T] and -E[H], moments E[g] and Var[g], and the total probability, by exact
 * summation (finite supports), a ratio-bounded sum ({lo..inf}) or double-exponential
 * quadrature (intervals, half-lines, R), each at two working precisions so that only
 * digits that agree are claimed.
 *
 * Several data variables are nested rules, the first declared outermost: each node of an
 * outer rule runs the next rule, down to the tape. Every continuous level is centred on the
 * conditional mode of p (Newton on d logp/dx with the outer data fixed and the inner data
 * at their rest values — the joint mode for continuous ones) and scaled by
 * 1/sqrt(-d2 logp/dx2) there; it is split where an abs/sign argument linear in that
 * variable vanishes.
 *
 * Conditional models: the expectation is per input row (row >= 0), or the FIM is the mean
 * over the rows of the rows' FIMs (row = -1), as LANGUAGE.md defines the model's FIM.
 *
 * The integrand (logp, the score and Hessian, or the moment expressions) is one tape
 * (compiler/tape.c) run by libfimrt's interpreter, with the parameters and inputs bound
 * once per point and row.
 *
 * Ownership: a numfim / numexp owns its mpfr arrays (numfim_clear / numexp_clear). */
#ifndef FIMC_NUMFIM_H
#define FIMC_NUMFIM_H

#include <mpfr.h>
#include <stdbool.h>

#include "model.h"

typedef struct numfim {
    int d;
    mpfr_t *ess;       /* E[s s^T], d*d */
    mpfr_t *neh;       /* -E[H], d*d */
    mpfr_t mass;       /* the total probability (1 for a normalised model); over rows, the
                          row farthest from 1 */
    int mass_row;      /* that row (0 without inputs) */
    int digits;        /* decimal digits of ess that were verified (two precisions agree,
                          and the error estimates are below them), relative to the largest
                          entry */
    int agreement;     /* digits to which ess and neh agree (relative to the largest entry),
                          at most `digits` */
    int rows;          /* input rows averaged over (1 without inputs) */
    const char *method; /* "sum", "quadrature" or "sum and quadrature" (nested, mixed) */
} numfim;

/* Computes the FIM of `logp` in coordinates params[0..d) at point[0..d), aiming at
 * `digits` decimal digits; row: -1 for the mean over the model's input rows, else that
 * row. Returns 0, or -1 with *err (caller frees) saying why (unsupported model shape,
 * inputs without values, evaluation failure, no convergence). */
int numfim_compute(numfim *nf, model *m, expr *logp, const int *params, int d,
                   mpfr_t *point, int row, int digits, long prec_override, char **err);
void numfim_clear(numfim *nf);

/* Moments of data expressions g[0..n) (n may be 0: the total probability only). */
typedef struct numexp {
    int n;
    mpfr_t mass;       /* the total probability */
    mpfr_t *mean;      /* E[g_k]: the sum or integral of p g_k (not divided by mass: for a
                          normalised model mass is 1, and the caller checks it) */
    mpfr_t *var;       /* Var[g_k] = E[g_k^2] - E[g_k]^2 */
    int mass_digits;   /* verified digits of mass (relative) */
    int *mean_digits;  /* relative to max(|E g|, sqrt(E g^2)) */
    int *var_digits;   /* relative to |Var g| */
    const char *method;
} numexp;

/* row >= 0: that input row; -1: the mean over the rows of each row's E[g] and Var[g] (the
 * conditional moments averaged, as the FIM is), with mass the row's farthest from 1. */
int numexp_compute(numexp *ne, model *m, expr *logp, const int *params, int d, mpfr_t *point,
                   int row, expr *const *g, int n, int digits, long prec_override, char **err);
void numexp_clear(numexp *ne);

/* The number of input rows of m (1 when it has no inputs); -1 with *err (caller frees)
 * when an input has no values or their counts differ. */
int numfim_rows(const model *m, char **err);

/* J = +sqrt(det E[s s^T]) of a computed FIM; returns the decimal digits of J verified
 * (the entries' error 10^-digits max|F| carried through |delta det| <= det max|F|
 * sum|F^-1|, then halved by the root), or -1 when the FIM is singular or not positive. */
int numfim_sqrt_det(const numfim *nf, mpfr_t J);

/* The decimal digits of hi (a value at the higher of two working precisions) that lo (the
 * same at the lower one) confirms, relative to |hi|, at most cap: cap when they are equal,
 * 0 when hi is 0 and lo is not. */
int numfim_agreeing_digits(const mpfr_t lo, const mpfr_t hi, int cap);

/* A decimal string of v with `digits` significant digits (plain notation for moderate
 * exponents, d.ddde+N otherwise); digits < 1 gives "(no digit verified)", never an
 * unverified number. Caller frees. */
char *numfim_format(const mpfr_t v, int digits);

#endif
