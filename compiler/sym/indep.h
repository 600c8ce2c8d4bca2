/* compiler/sym/indep.h — independent groups of data in a log-density.
 *
 * logp = a(theta) + sum_g l_g(x_g, theta), where the x_g are disjoint sets of data
 * variables: the terms of logp (after `sum` unrolling and `~` expansion) are joined into
 * groups by the data variables they share (union-find), and the terms that mention no
 * data at all form a. Under p = exp(logp) the groups are independent, so an expectation
 * over all the data is a product (or a sum) of expectations over each group alone: the
 * cost is the sum of the groups', not the product of their supports.
 *
 * Groups that are the same function up to renaming their data (an iid sample x[1..N]:
 * each l_g is l_1 with x[g] for x[1]), over the same supports, are one representative
 * with a count of copies, computed once.
 *
 * Ownership: an indep owns its arrays (indep_free); the expressions belong to the model's
 * expr_ctx. */
#ifndef FIMC_INDEP_H
#define FIMC_INDEP_H

#include "expr.h"
#include "model.h"

typedef struct indep_group {
    int *data;      /* its data symbols, in the model's declaration order */
    int nd;
    expr *logp;     /* the sum of the terms of logp that mention them */
    int rep;        /* the representative group it is a copy of (itself when it is one) */
    int copies;     /* for a representative: the groups that are copies of it (itself
                       included); 0 for a copy */
    int *map;       /* a copy: map[k] is the representative's data symbol that data[k]
                       plays the part of (NULL for a representative) */
} indep_group;

typedef struct indep {
    expr *a;        /* the terms of logp without data (parameters, inputs, numbers) */
    indep_group *g;
    int ng;
    int nreps;      /* distinct groups */
} indep;

/* Splits logp over m's data variables. extra[0..nextra) are expressions whose data must
 * stay in one group (an E[g] over x[1] and x[2] joins their groups); they take no part in
 * the copy test otherwise. Data variables that logp does not mention are groups of their
 * own with logp 0. */
void indep_split(indep *ix, const model *m, expr *logp, expr *const *extra, int nextra);
void indep_free(indep *ix);

/* The group holding data symbol sym, or -1. */
int indep_group_of(const indep *ix, int sym);

#endif
