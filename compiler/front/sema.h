/* compiler/front/sema.h — semantic analysis: a syntax tree becomes a model.
 *
 * Names are resolved (declared before use, no duplicates, reserved names refused), consts
 * evaluated (with -D overrides), sum/prod unrolled, lets kept by name and also inlined,
 * built-in distributions expanded to explicit log-densities, reparams and claims checked.
 * Every error goes to the diag_ctx; analysis continues where that is safe so one run
 * reports several mistakes. */
#ifndef FIMC_SEMA_H
#define FIMC_SEMA_H

#include "ast.h"
#include "diag.h"
#include "model.h"

/* A -D NAME=VALUE override, parsed in its own little source. */
typedef struct sema_override {
    char *name;
    src_file *src;  /* the VALUE text (for messages) */
    ast *value;     /* parsed value: an expression or an AST_LIST */
    bool used;
} sema_override;

/* Analyses `file` (parsed from d->src). `default_name` is the model name to use when the
 * file has no `model` statement. Returns the model (caller frees) or NULL when errors were
 * reported; overrides[i].used tells which -D options matched a const. */
model *sema_analyse(const ast_file *file, diag_ctx *d, const char *default_name,
                    sema_override *overrides, int noverrides);

/* An expression (parsed separately, e.g. from the command line or a printed string) in the
 * scope of an analysed model: its consts and parameters (with allow_data, also its data,
 * inputs and lets); in reparam_scope's coordinates when it is >= 0. Errors go to d (whose
 * src must be the expression's source). Returns NULL after reporting. */
expr *sema_expr(model *m, const ast *a, diag_ctx *d, int reparam_scope, bool allow_data);

#endif
