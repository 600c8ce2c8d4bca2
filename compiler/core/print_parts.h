/* compiler/core/print_parts.h — how a product or a sum term is split for printing, shared by
 * the text printer (print_expr.c) and the LaTeX printer (print_latex.c). Internal. */
#ifndef FIMC_PRINT_PARTS_H
#define FIMC_PRINT_PARTS_H

#include "expr.h"

static inline bool print_is_half(const expr *e)
{
    return e->kind == EXPR_NUM && mpz_cmp_ui(mpq_numref(e->q), 1) == 0 &&
           mpz_cmp_ui(mpq_denref(e->q), 2) == 0;
}

/* A factor that goes to the denominator: a power with a negative NUM exponent. A zero base
 * stays put (0^(-2/3) as 1/0^(2/3) would re-parse as 1/0, a different node). */
static inline bool print_is_denominator(const expr *f)
{
    return f->kind == EXPR_POW && f->args[1]->kind == EXPR_NUM && mpq_sgn(f->args[1]->q) < 0 &&
           !expr_is_zero(f->args[0]);
}

/* Split *ep into coefficient and factors as a product (a non-MUL is 1 * itself, and then
 * the factor list is ep itself, so ep must outlive the result). */
static inline void print_as_product(const expr *const *ep, mpq_srcptr *coef, expr *const **f,
                                    size_t *n)
{
    const expr *e = *ep;
    if (e->kind == EXPR_MUL && e->args[0]->kind == EXPR_NUM) {
        *coef = e->args[0]->q;
        *f = e->args + 1;
        *n = e->nargs - 1;
    } else if (e->kind == EXPR_MUL) {
        *coef = NULL;
        *f = e->args;
        *n = e->nargs;
    } else {
        *coef = NULL;
        *f = (expr *const *)ep;
        *n = 1;
    }
}

/* Is the term printed with a leading minus (a negative number or coefficient)? */
static inline bool print_term_negative(const expr *t)
{
    if (t->kind == EXPR_NUM)
        return mpq_sgn(t->q) < 0;
    if (t->kind == EXPR_MUL && t->args[0]->kind == EXPR_NUM)
        return mpq_sgn(t->args[0]->q) < 0;
    return false;
}

#endif
