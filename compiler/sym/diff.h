/* compiler/sym/diff.h — symbolic differentiation, memoised on (node, variable).
 *
 * A diff_ctx borrows an expr_ctx (derivatives are built in it) and owns only its memo
 * table; diff_free releases the table. Because results are memoised, the Hessian shares
 * every subexpression with the score, and the cost grows with the DAG, not with the
 * printed tree. */
#ifndef FIMC_DIFF_H
#define FIMC_DIFF_H

#include <stdbool.h>

#include "expr.h"

typedef struct diff_entry {
    const expr *e;
    int var;
    expr *d;
} diff_entry;

typedef struct diff_ctx {
    expr_ctx *ex;
    diff_entry *tab; /* open addressing */
    size_t cap, n;
    bool nonsmooth;  /* abs or sign was differentiated: a second derivative may not exist */
} diff_ctx;

void diff_init(diff_ctx *dc, expr_ctx *ex);
void diff_free(diff_ctx *dc);
/* d e / d (symbol var). */
expr *diff(diff_ctx *dc, expr *e, int var);

#endif
