/* compiler/sema.h — semantic analysis: a syntax tree becomes a model.
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

#endif
