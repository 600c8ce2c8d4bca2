/* compiler/num/numcheck.h — numeric verification of identities at seeded points.
 *
 * Where the symbolic zero test cannot decide that two expressions are equal, they are
 * evaluated (compiler/eval.c, MPFR) at no fewer than NUMCHECK_POINTS points spread over
 * the parameter domains (and the data supports, when the expressions mention data),
 * deterministic from a fixed seed. Each point must agree to the working precision less
 * NUMCHECK_GUARD_BITS; one point that does not is a counterexample. Points where an
 * expression cannot be evaluated (a pole, a domain error) are skipped; too many skips and
 * the result is "undecided". */
#ifndef FIMC_NUMCHECK_H
#define FIMC_NUMCHECK_H

#include <stdbool.h>

#include "model.h"
#include "util.h"

#define NUMCHECK_POINTS 8
#define NUMCHECK_PREC 256
#define NUMCHECK_GUARD_BITS 40

typedef enum numcheck_result {
    NUMCHECK_EQUAL,      /* agreed at every point */
    NUMCHECK_DIFFERENT,  /* a counterexample (described in *why) */
    NUMCHECK_UNDECIDED,  /* not enough points could be evaluated (*why says why) */
} numcheck_result;

/* Compares have[i] with want[i], i < n, at seeded points of the coordinates params[0..d)
 * (and of the model's data and inputs when with_data). Consts take their values. On
 * NUMCHECK_EQUAL, *digits is the number of decimal digits each point agreed to; otherwise
 * *why (caller frees) explains, naming the point and the entry ([i, j] of a row-major
 * matrix with `cols` columns, or [i] when cols is 0 and n > 1). */
numcheck_result numcheck_equal(model *m, const int *params, int d, bool with_data,
                               expr *const *have, expr *const *want, int n, int cols,
                               int *digits, char **why);

/* A FIM claim: E[s s^T] of logp (coordinates params) computed numerically (numfim.c) at
 * seeded points of the parameter domains, to 20 digits, against the claimed entries
 * want[0..d*d). *digits is the least number of digits verified at a point. */
numcheck_result numcheck_fim(model *m, expr *logp, const int *params, int d, expr *const *want,
                             int *digits, char **why);

/* An E[arg] == want (variance false) or Var[arg] == want claim: the moment by sums or
 * quadrature (numexp_compute) at seeded parameter points, to 20 digits (at least 10 must be
 * verified at a point for it to count), against want there. Conditional models: the mean
 * over the input rows of each row's moment (claims cannot name an input). */
numcheck_result numcheck_moment(model *m, bool variance, expr *arg, expr *want, int *digits,
                                char **why);

/* A Jeffreys claim: +sqrt(det F) at seeded points of params[0..d) equals want (proportional
 * false) or is a constant multiple of it (true: the ratio at every point agrees with the
 * first point's to the digits verified at both; two points that differ are the
 * counterexample). F is the closed form whose determinant is det when det is not NULL
 * (evaluated at 256 bits), otherwise E[s s^T] of logp by sums or quadrature (numfim.c) to
 * 20 digits, its determinant's digits bounded through max|F|·Σ|F^-1| (at least 10 must be
 * verified at a point). For a conditional model det is the row-averaged one and the numeric
 * F the mean over the rows. */
numcheck_result numcheck_jeffreys(model *m, expr *logp, const int *params, int d, expr *det,
                                  expr *want, bool proportional, int *digits, char **why);

/* Every distribution argument inside its domain (argdom_check_point) at the seeded
 * parameter points (every input row), and every reparam's image inside the old parameters'
 * domains at seeded points of its coordinates (argdom_reparam_point): NUMCHECK_DIFFERENT
 * with *why naming the point and the value at the first that is not. */
numcheck_result numcheck_args(model *m, char **why);

/* The normalisation of logp: the total probability at seeded parameter points (and input
 * rows) is 1 to the digits verified (at most 12, at least 10 at each point;
 * NUMCHECK_DIFFERENT as soon as two verified digits show it is not, *why saying what it
 * is). A model made only of '~' statements, each data variable drawn once and conditioned
 * only on the ones drawn before it, is normalised by construction: NUMCHECK_EQUAL without
 * computing (its distributions' arguments are taken to be inside their domains). */
numcheck_result numcheck_mass(model *m, int *digits, char **why);

#endif
