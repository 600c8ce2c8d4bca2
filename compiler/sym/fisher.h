/* compiler/sym/fisher.h — the Fisher identities on closed forms: the Jeffreys density; the
 * equality test and the row mean that FIM claims and conditional models need.
 *
 * Ownership: results are nodes of the model's expr_ctx (owned by its arena). */
#ifndef FIMC_FISHER_H
#define FIMC_FISHER_H

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

#endif
