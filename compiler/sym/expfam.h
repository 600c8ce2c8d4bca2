/* compiler/sym/expfam.h — exponential-family analysis: the exact FIM without an integral.
 *
 * logp is split as  sum_k eta_k(theta) T_k(x) + a(theta) + b(x)  by expanding it into a
 * sum of products and sorting every factor by what it depends on (data only, parameters
 * only, neither). When that works, -Hessian(logp) is linear in T, so -E[H] needs only
 * m = E[T], and the score identity E[grad logp] = 0 gives the linear system
 *     sum_k d_i eta_k(theta) m_k = -d_i a(theta),  i = 1..d,
 * solved symbolically when K = d. Then F = -sum_k (d_i d_j eta_k) m_k - d_i d_j a, exactly,
 * in whatever coordinates logp is written, and Cov[T] = J^-T F J^-1 with J_ik = d_i eta_k.
 * Statistics with equal natural parameters are merged first (an iid sample: T = sum T_1).
 * When that finds no FIM and no entry of the Hessian involves the data, F = -H exactly
 * (GLMs with canonical links, Gaussian means), with no E[T].
 *
 * Ownership: an expfam owns its arrays (expfam_free); the expressions belong to the
 * model's expr_ctx. */
#ifndef FIMC_EXPFAM_H
#define FIMC_EXPFAM_H

#include <stdbool.h>

#include "diff.h"
#include "expr.h"
#include "model.h"
#include "simp.h"

/* How the closed-form FIM was found. */
typedef enum expfam_how {
    EF_NONE,
    EF_FAMILY,  /* the exponential family solved through the score identity */
    EF_HESSIAN, /* the Hessian does not involve the data: F = -H */
    EF_DISTRIBUTIONS, /* '~' statements: F = sum J^T F_dist J (compiler/sym/distfim.h) */
} expfam_how;

typedef struct expfam {
    bool split;     /* logp was split into sum eta_k T_k + a + b */
    bool solved;    /* the FIM F was found in closed form (how says by which route) */
    bool moments;   /* ... and m = E[T] and Cov[T] (the family was solved) */
    expfam_how how;
    char *reason;   /* why not (when !split or !solved) */
    int d;          /* parameters (coordinates) */
    const int *params;
    int K;          /* sufficient statistics */
    expr **T;       /* K data-only statistics */
    expr **eta;     /* K natural parameters, functions of the coordinates */
    expr *a;        /* the part that depends on parameters only (= -A, log-partition) */
    expr *b;        /* the part that depends on data only (= log h) */
    expr **m;       /* E[T], K entries (moments) */
    expr **F;       /* the FIM, d*d row-major (solved) */
    expr **covT;    /* Cov[T], K*K (moments) */
} expfam;

/* Analyses logp in the coordinates params[0..d): the split (statistics with equal natural
 * parameters merged, so an iid sample has T = sum T_1), the solve when K = d, and when that
 * finds no FIM, F = -H if the Hessian does not involve the data. Sets ef->split,
 * ef->solved, ef->moments. smooth: logp is twice differentiable everywhere (no abs or
 * sign; with them H vanishes where E[s s^T] does not, so -H is not tried). */
void expfam_analyse(expfam *ef, expr_ctx *ex, diff_ctx *dc, simp_ctx *sc, expr *logp,
                    const int *params, int d, bool smooth);
void expfam_free(expfam *ef);
/* The analysis of a model's logp in its own coordinates (reparam < 0) or in reparam's (logp
 * with the replaced parameters substituted, the reparam's coordinates). When neither the
 * family nor F = -H gives the FIM, a model of '~' statements gets it through the
 * distributions (distfim_model; how = EF_DISTRIBUTIONS, reason kept: it says why the
 * family analysis failed). */
void expfam_model(expfam *ef, model *m, diff_ctx *dc, simp_ctx *sc, int reparam);

/* E[g] and Var[g] for g = c0 + sum_k c_k T_k with c free of data (NULL when g is not of
 * that form or the family is not solved). */
expr *expfam_mean(const expfam *ef, expr_ctx *ex, simp_ctx *sc, expr *g);
expr *expfam_var(const expfam *ef, expr_ctx *ex, simp_ctx *sc, expr *g);

/* Symbolic linear algebra on small matrices of expressions (row-major n*n), simplified
 * with the normal form. Inverse returns false when a pivot cannot be found. */
bool expfam_inverse(expr_ctx *ex, simp_ctx *sc, expr **inv, expr *const *a, int n);
expr *expfam_det(expr_ctx *ex, simp_ctx *sc, expr *const *a, int n);

#endif
