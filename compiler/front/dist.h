/* compiler/front/dist.h — the built-in distributions of LANGUAGE.md §2: names, arguments,
 * supports, and their explicit log-densities. */
#ifndef FIMC_DIST_H
#define FIMC_DIST_H

#include "expr.h"
#include "model.h"

typedef enum supp_kind {
    SUPP_REAL,      /* R */
    SUPP_POSITIVE,  /* (0, inf) */
    SUPP_UNIT,      /* (0, 1) */
    SUPP_COUNT,     /* {0..inf} */
    SUPP_BINARY,    /* {0, 1} */
    SUPP_ZERO_TO_N, /* {0..n}: n from the first argument */
    SUPP_ONE_TO_N,  /* {1..K}: K from the parameter vector's length + 1 */
} supp_kind;

typedef struct dist_support {
    supp_kind kind;
} dist_support;

typedef struct dist_info {
    const char *name;
    int nargs;
    const char *arg_names; /* "mu, sigma" */
    dist_support support;
} dist_info;

extern const dist_info dist_table[DIST_COUNT];

int dist_lookup(const char *name); /* -1 when unknown */
/* The support as the language writes it; n is the upper bound for {0..n}/{1..K}. */
char *dist_support_string(const dist_support *s, long n);
/* The log-density of `x ~ d(args)`: an expression in x and the arguments. For
 * categorical_logit, args is unused and vec is the parameter vector w. */
expr *dist_logp(expr_ctx *ex, dist_id d, expr *x, expr *const *args, int vec);

#endif
