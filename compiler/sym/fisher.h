/* compiler/sym/fisher.h — the Fisher identities on closed forms: the Jeffreys density; the
 * equality test and the row mean that FIM claims and conditional models need.
 *
 * Ownership: results are nodes of the model's expr_ctx (owned by its arena). */
#ifndef FIMC_FISHER_H
#define FIMC_FISHER_H

#include "diff.h"
#include "expfam.h"
#include "model.h"
#include "simp.h"

/* sqrt(det F) for the d×d closed-form FIM F (row-major) of model m, as an expression that
 * is non-negative on the whole parameter domain. det F is put in factored normal form
 * c·Π f_i^e_i and the root taken factor by factor as |c|^(1/2)·Π |f_i|^(e_i/2), where the
 * sign of each f_i on the domain is proved by interval arithmetic (compiler/range.c):
 * f_i itself when f_i >= 0 is proved, -f_i when f_i <= 0, and abs(f_i) when neither. One
 * undecided factor of odd power is settled by det F >= 0 (F is positive semi-definite):
 * its sign is the product of the others'. So the density is never a negative number, and
 * abs() appears only where no sign could be shown. */
expr *fisher_jeffreys(model *m, simp_ctx *sc, expr *const *F, int d);

/* a == b by the symbolic zero test (directly, or with the consts' values). False means
 * "not shown", never "different". */
bool model_same(model *m, simp_ctx *sc, expr *a, expr *b);

/* A conditional model's FIM is the mean over its input rows of each row's FIM: F[0..n)
 * (expressions in the parameters and inputs) with every row's input values substituted,
 * summed and divided by the row count, simplified for display, into out[0..n). False
 * (out untouched) when some input has no values or the counts differ. */
bool model_row_mean(model *m, simp_ctx *sc, expr *const *F, int n, expr **out);

/* The outcome of an identity check between closed forms. */
typedef enum fisher_check { FC_NOT_APPLICABLE, FC_EXACT, FC_NOT_SHOWN } fisher_check;
/* "checked (exact)", "NOT SHOWN", "not applicable". */
const char *fisher_check_text(fisher_check c);

/* The cumulant identities of a solved exponential family ef: F(eta) = Cov[T] (Cov[T] from
 * the FIM against dm/deta = (dm/dtheta)(deta/dtheta)^-1 from differentiating E[T]) into
 * *cov_out, and F(m) = F(eta)^-1 (the FIM in the moment coordinates against Cov[T]^-1)
 * into *fm_out; FC_NOT_SHOWN when the zero test cannot show one (or a Jacobian has no
 * symbolic inverse). */
void fisher_cumulants(model *m, diff_ctx *dc, simp_ctx *sc, const expfam *ef,
                      fisher_check *cov_out, fisher_check *fm_out);

/* A reparam's checks between closed forms: own the model's own analysis, new the one in
 * reparam ri's coordinates. *jtfj: F(phi) = J^T F(theta(phi)) J with J = d theta/d phi;
 * *inv: Jeffreys invariance det F(phi) = det F(theta(phi)) det(J)^2 (J square; otherwise
 * FC_NOT_APPLICABLE). */
void fisher_reparam(model *m, diff_ctx *dc, simp_ctx *sc, int ri, const expfam *own,
                    const expfam *new, fisher_check *jtfj, fisher_check *inv);

#endif
