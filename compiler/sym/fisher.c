/* compiler/sym/fisher.c — the Jeffreys density from a closed-form FIM (see fisher.h). */
#include "fisher.h"

#include <stdlib.h>

#include "expfam.h"
#include "range.h"
#include "util.h"

/* -a with the sign taken into a sum's terms: -(u - v) is v - u. */
static expr *negate(expr_ctx *ex, expr *a)
{
    if (a->kind != EXPR_ADD)
        return expr_neg(ex, a);
    expr **t = xmalloc(a->nargs * sizeof *t);
    for (uint32_t i = 0; i < a->nargs; i++)
        t[i] = expr_neg(ex, a->args[i]);
    expr *r = expr_add(ex, a->nargs, t);
    free(t);
    return r;
}

expr *fisher_jeffreys(model *m, simp_ctx *sc, expr *const *F, int d)
{
    expr_ctx *ex = m->ex;
    expr *det = simp_normal(sc, expfam_det(ex, sc, F, d));
    expr *const *f = det->kind == EXPR_MUL ? det->args : &det;
    size_t n = det->kind == EXPR_MUL ? det->nargs : 1;
    mpq_t c;
    mpq_init(c);
    mpq_set_ui(c, 1, 1);
    ptrvec base = {0}, pw = {0};
    for (size_t i = 0; i < n; i++) {
        if (f[i]->kind == EXPR_NUM) {
            mpq_mul(c, c, f[i]->q);
            continue;
        }
        bool ispow = f[i]->kind == EXPR_POW && f[i]->args[1]->kind == EXPR_NUM;
        pv_push(&base, ispow ? f[i]->args[0] : f[i]);
        pv_push(&pw, ispow ? f[i]->args[1] : expr_int(ex, 1));
    }
    /* sign[i]: +1 the factor is >= 0, -1 <= 0, 0 unknown (abs) */
    int *sign = xcalloc(base.n + 1, sizeof *sign);
    int product = mpq_sgn(c) < 0 ? -1 : 1; /* the sign of c times the decided factors^e */
    bool bookkeeping = true;               /* product is the sign of the rest of det F */
    size_t undecided = 0, last = 0;
    for (size_t i = 0; i < base.n; i++) {
        const expr *e = pw.v[i];
        bool integer = expr_is_integer(e);
        if (integer && mpz_divisible_ui_p(mpq_numref(e->q), 4)) {
            sign[i] = 1; /* an even power of f^2: no sign needed */
            continue;
        }
        sign[i] = range_sign(m, base.v[i]);
        if (!integer) {
            /* f^(p/q): real only where f >= 0 (even q); otherwise keep abs and stop
             * inferring signs from det F >= 0 */
            if (sign[i] <= 0) {
                sign[i] = 0;
                bookkeeping = false;
            }
            continue;
        }
        bool odd = mpz_odd_p(mpq_numref(e->q));
        if (sign[i] < 0 && odd)
            product = -product;
        /* an even power is >= 0 whatever the sign of f: only its root needs abs */
        if (sign[i] == 0 && odd) {
            undecided++;
            last = i;
        }
    }
    /* det F >= 0: the one undecided odd factor has the sign that makes the product positive */
    if (bookkeeping && undecided == 1)
        sign[last] = product;
    mpq_abs(c, c);
    ptrvec out = {0};
    pv_push(&out, expr_pow(ex, expr_num(ex, c), expr_frac(ex, 1, 2)));
    for (size_t i = 0; i < base.n; i++) {
        expr *b = base.v[i];
        if (sign[i] < 0)
            b = negate(ex, b);
        else if (sign[i] == 0)
            b = expr_fn1(ex, FN_ABS, b);
        pv_push(&out, expr_pow(ex, b, expr_mul2(ex, pw.v[i], expr_frac(ex, 1, 2))));
    }
    expr *r = expr_mul(ex, out.n, (expr *const *)out.v);
    mpq_clear(c);
    free(sign);
    pv_free(&base);
    pv_free(&pw);
    pv_free(&out);
    return r;
}

bool model_same(model *m, simp_ctx *sc, expr *a, expr *b)
{
    return simp_is_equal(sc, a, b) || simp_is_zero(sc, model_const_values(m, expr_sub(m->ex, a, b)));
}

bool model_row_mean(model *m, simp_ctx *sc, expr *const *F, int n, expr **out)
{
    int rows = -1;
    for (int i = 0; i < m->ninputs; i++) {
        const decl *dc = expr_sym_get(m->ex, m->inputs[i])->owner;
        if (!dc || !dc->values || dc->nvalues <= 0 || (rows >= 0 && dc->nvalues != rows))
            return false;
        rows = dc->nvalues;
    }
    if (rows < 1)
        return false;
    expr **vals = xmalloc((size_t)m->ninputs * sizeof *vals);
    expr **terms = xmalloc((size_t)rows * sizeof *terms);
    for (int k = 0; k < n; k++) {
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < m->ninputs; i++)
                vals[i] = ((const decl *)expr_sym_get(m->ex, m->inputs[i])->owner)->values[r];
            terms[r] = expr_subst(m->ex, F[k], (size_t)m->ninputs, m->inputs, vals);
        }
        expr *sum = expr_add(m->ex, (size_t)rows, terms);
        out[k] = simp_display(sc, expr_mul2(m->ex, expr_frac(m->ex, 1, (unsigned long)rows), sum));
    }
    free(terms);
    free(vals);
    return true;
}
