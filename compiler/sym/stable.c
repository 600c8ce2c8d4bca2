/* compiler/sym/stable.c — forms that evaluate without spurious underflow (see stable.h). */
#include "stable.h"

#include <stdlib.h>
#include <string.h>

#include "nodemap.h"
#include "range.h"
#include "util.h"

/* t as c * exp(e): the exp factors' arguments summed into *ex (0 without), the rest *c. */
static bool has_exp_split(expr_ctx *ex, expr *t, expr **c, expr **e)
{
    if (t->kind == EXPR_FN && t->fn == FN_EXP) {
        *c = expr_int(ex, 1);
        *e = t->args[0];
        return true;
    }
    if (t->kind != EXPR_MUL) {
        *c = t;
        *e = expr_int(ex, 0);
        return false;
    }
    ptrvec rest = {0}, args = {0};
    for (uint32_t i = 0; i < t->nargs; i++) {
        expr *f = t->args[i];
        if (f->kind == EXPR_FN && f->fn == FN_EXP)
            pv_push(&args, f->args[0]);
        else
            pv_push(&rest, f);
    }
    bool any = args.n > 0;
    *c = expr_mul(ex, rest.n, (expr *const *)rest.v);
    *e = expr_add(ex, args.n, (expr *const *)args.v);
    pv_free(&rest);
    pv_free(&args);
    return any;
}

static expr *walk(const model *m, nodemap *M, expr *e);

/* log(sum c_k exp(e_k)) folded with log1pexp, or NULL when it does not apply. */
static expr *logsumexp(const model *m, nodemap *M, expr *sum)
{
    expr_ctx *ex = m->ex;
    size_t n = sum->nargs;
    expr **c = xmalloc(n * sizeof *c), **e = xmalloc(n * sizeof *e);
    bool any = false, ok = true;
    for (size_t k = 0; k < n && ok; k++) {
        any = has_exp_split(ex, sum->args[k], &c[k], &e[k]) || any;
        ok = range_sign(m, c[k]) > 0;
    }
    expr *r = NULL;
    if (ok && any) {
        r = expr_add2(ex, walk(m, M, e[0]), expr_fn1(ex, FN_LOG, walk(m, M, c[0])));
        for (size_t k = 1; k < n; k++) {
            expr *z = expr_add2(ex, walk(m, M, e[k]), expr_fn1(ex, FN_LOG, walk(m, M, c[k])));
            r = expr_add2(ex, r, expr_fn1(ex, FN_LOG1PEXP, expr_sub(ex, z, r)));
        }
    }
    free(c);
    free(e);
    return r;
}

static expr *rebuild(expr_ctx *ex, const expr *e, expr **a)
{
    switch ((expr_kind)e->kind) {
    case EXPR_ADD:
        return expr_add(ex, e->nargs, a);
    case EXPR_MUL:
        return expr_mul(ex, e->nargs, a);
    case EXPR_POW:
        return expr_pow(ex, a[0], a[1]);
    case EXPR_FN:
        return expr_fn(ex, (expr_fn_id)e->fn, e->nargs, a);
    case EXPR_INDEX:
        return expr_index(ex, e->sym, a[0]);
    default:
        return (expr *)e;
    }
}

static expr *walk(const model *m, nodemap *M, expr *e)
{
    if (e->nargs == 0)
        return e;
    bool found;
    void **slot = nodemap_slot(M, e, &found);
    if (found)
        return *slot;
    expr *r = NULL;
    if (e->kind == EXPR_FN && e->fn == FN_LOG && e->args[0]->kind == EXPR_ADD)
        r = logsumexp(m, M, e->args[0]);
    if (!r) {
        expr **a = xmalloc(e->nargs * sizeof *a);
        bool same = true;
        for (uint32_t i = 0; i < e->nargs; i++) {
            a[i] = walk(m, M, e->args[i]);
            same = same && a[i] == e->args[i];
        }
        r = same ? e : rebuild(m->ex, e, a);
        free(a);
    }
    /* the table may have grown while the children were walked */
    *nodemap_slot(M, e, &found) = r;
    return r;
}

expr *stable_form(const model *m, expr *e)
{
    nodemap M = {0};
    expr *r = walk(m, &M, e);
    nodemap_free(&M);
    return r;
}
