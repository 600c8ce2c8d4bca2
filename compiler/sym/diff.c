/* compiler/sym/diff.c — symbolic derivatives of every function of the language. */
#include "diff.h"

#include <stdint.h>
#include <stdlib.h>

#include "util.h"

void diff_init(diff_ctx *dc, expr_ctx *ex)
{
    dc->ex = ex;
    dc->cap = 1024;
    dc->n = 0;
    dc->tab = xcalloc(dc->cap, sizeof *dc->tab);
    dc->nonsmooth = false;
}

void diff_free(diff_ctx *dc)
{
    free(dc->tab);
    dc->tab = NULL;
    dc->cap = dc->n = 0;
}

static size_t slot(const diff_ctx *dc, const expr *e, int var)
{
    uint64_t h = e->hash ^ ((uint64_t)(uint32_t)var * 0x9E3779B97F4A7C15ULL);
    h ^= h >> 29;
    return (size_t)h & (dc->cap - 1);
}

static expr *memo_get(const diff_ctx *dc, const expr *e, int var)
{
    for (size_t i = slot(dc, e, var);; i = (i + 1) & (dc->cap - 1)) {
        if (!dc->tab[i].e)
            return NULL;
        if (dc->tab[i].e == e && dc->tab[i].var == var)
            return dc->tab[i].d;
    }
}

static void memo_put(diff_ctx *dc, const expr *e, int var, expr *d)
{
    if (2 * (dc->n + 1) > dc->cap) {
        diff_entry *old = dc->tab;
        size_t oldcap = dc->cap;
        dc->cap *= 2;
        dc->tab = xcalloc(dc->cap, sizeof *dc->tab);
        dc->n = 0;
        for (size_t i = 0; i < oldcap; i++)
            if (old[i].e)
                memo_put(dc, old[i].e, old[i].var, old[i].d);
        free(old);
    }
    size_t i = slot(dc, e, var);
    while (dc->tab[i].e)
        i = (i + 1) & (dc->cap - 1);
    dc->tab[i].e = e;
    dc->tab[i].var = var;
    dc->tab[i].d = d;
    dc->n++;
}

#define EX (dc->ex)
#define NUM(n) expr_int(EX, (n))
#define ADD(a, b) expr_add2(EX, (a), (b))
#define SUB(a, b) expr_sub(EX, (a), (b))
#define MUL(a, b) expr_mul2(EX, (a), (b))
#define DIV(a, b) expr_div(EX, (a), (b))
#define POW(a, b) expr_pow(EX, (a), (b))
#define F1(f, a) expr_fn1(EX, (f), (a))
#define F2(f, a, b) expr_fn2(EX, (f), (a), (b))
#define PSI(k, a) expr_fn2(EX, FN_POLYGAMMA, NUM(k), (a))

/* The derivative of f(u) with respect to u, for one-argument functions. */
static expr *dfn1(diff_ctx *dc, expr_fn_id f, expr *e, expr *u)
{
    switch (f) {
    case FN_EXP: /* exp(u)' = exp(u) */
        return e;
    case FN_LOG: /* log(u)' = 1/u */
        return POW(u, NUM(-1));
    case FN_LOG1P: /* log1p(u)' = 1/(1 + u) */
        return POW(ADD(NUM(1), u), NUM(-1));
    case FN_EXPM1: /* expm1(u)' = exp(u) */
        return F1(FN_EXP, u);
    case FN_SIN: /* sin' = cos */
        return F1(FN_COS, u);
    case FN_COS: /* cos' = -sin */
        return expr_neg(EX, F1(FN_SIN, u));
    case FN_TAN: /* tan' = 1/cos^2 */
        return POW(F1(FN_COS, u), NUM(-2));
    case FN_ATAN: /* atan' = 1/(1 + u^2) */
        return POW(ADD(NUM(1), POW(u, NUM(2))), NUM(-1));
    case FN_SINH: /* sinh' = cosh */
        return F1(FN_COSH, u);
    case FN_COSH: /* cosh' = sinh */
        return F1(FN_SINH, u);
    case FN_TANH: /* tanh' = 1 - tanh^2 */
        return SUB(NUM(1), POW(e, NUM(2)));
    case FN_ERF: /* erf' = 2 exp(-u^2)/sqrt(pi) */
    case FN_ERFC: { /* erfc' = -erf' */
        expr *g = MUL(MUL(NUM(2), F1(FN_EXP, expr_neg(EX, POW(u, NUM(2))))),
                      POW(expr_const(EX, CST_PI), expr_frac(EX, -1, 2)));
        return f == FN_ERF ? g : expr_neg(EX, g);
    }
    case FN_LGAMMA: /* lgamma' = digamma */
        return PSI(0, u);
    case FN_LFACTORIAL: /* lfactorial(u) = lgamma(u + 1) */
        return PSI(0, ADD(u, NUM(1)));
    case FN_LOGIT: /* logit' = 1/(u (1 - u)) */
        return POW(MUL(u, SUB(NUM(1), u)), NUM(-1));
    case FN_EXPIT: /* expit' = expit (1 - expit) */
        return MUL(e, SUB(NUM(1), e));
    case FN_LOG1PEXP: /* log(1 + e^u)' = expit(u) */
        return F1(FN_EXPIT, u);
    case FN_ABS: /* abs' = sign (not differentiable at 0) */
        dc->nonsmooth = true;
        return F1(FN_SIGN, u);
    case FN_SIGN: /* sign' = 0 away from 0 */
        dc->nonsmooth = true;
        return NUM(0);
    case FN_CBRT: /* cbrt' = 1/(3 cbrt^2) (a pole at 0) */
        return POW(MUL(NUM(3), POW(e, NUM(2))), NUM(-1));
    case FN_LOG2: /* log2(u)' = 1/(u log 2) */
        return POW(MUL(u, F1(FN_LOG, NUM(2))), NUM(-1));
    default:
        return NULL;
    }
}

expr *diff(diff_ctx *dc, expr *e, int var)
{
    expr *r = memo_get(dc, e, var);
    if (r)
        return r;
    switch ((expr_kind)e->kind) {
    case EXPR_NUM:
    case EXPR_CONST:
        r = NUM(0);
        break;
    case EXPR_SYM:
        r = NUM(e->sym == var ? 1 : 0);
        break;
    case EXPR_INDEX: {
        /* d w[k] / d w[j] = delta(k, j) */
        const expr_sym_info *si = expr_sym_get(EX, var);
        r = si->vec == e->sym ? F2(FN_DELTA, e->args[0], NUM(si->index)) : NUM(0);
        break;
    }
    case EXPR_ADD: {
        /* (f + g)' = f' + g' */
        expr **t = xmalloc(e->nargs * sizeof *t);
        for (uint32_t i = 0; i < e->nargs; i++)
            t[i] = diff(dc, e->args[i], var);
        r = expr_add(EX, e->nargs, t);
        free(t);
        break;
    }
    case EXPR_MUL: {
        /* (f1 ... fn)' = sum_i f1 ... fi' ... fn */
        uint32_t n = e->nargs;
        expr **terms = xmalloc(n * sizeof *terms);
        expr **f = xmalloc(n * sizeof *f);
        size_t nt = 0;
        for (uint32_t i = 0; i < n; i++) {
            expr *di = diff(dc, e->args[i], var);
            if (expr_is_zero(di))
                continue;
            for (uint32_t j = 0; j < n; j++)
                f[j] = j == i ? di : e->args[j];
            terms[nt++] = expr_mul(EX, n, f);
        }
        r = expr_add(EX, nt, terms);
        free(terms);
        free(f);
        break;
    }
    case EXPR_POW: {
        expr *b = e->args[0], *p = e->args[1];
        expr *db = diff(dc, b, var), *dp = diff(dc, p, var);
        if (expr_is_zero(dp)) {
            /* (b^p)' = p b^(p-1) b'   (p constant in var) */
            r = expr_is_zero(db) ? NUM(0) : MUL(MUL(p, POW(b, SUB(p, NUM(1)))), db);
        } else {
            /* (b^p)' = b^p (p' log b + p b'/b) */
            r = MUL(e, ADD(MUL(dp, F1(FN_LOG, b)), MUL(p, DIV(db, b))));
        }
        break;
    }
    case EXPR_FN: {
        expr_fn_id f = (expr_fn_id)e->fn;
        if (e->nargs == 1) {
            /* f(u)' = f'(u) u' */
            expr *du = diff(dc, e->args[0], var);
            r = expr_is_zero(du) ? NUM(0) : MUL(dfn1(dc, f, e, e->args[0]), du);
            break;
        }
        expr *a = e->args[0], *b = e->args[1];
        expr *da = diff(dc, a, var), *db = diff(dc, b, var);
        switch (f) {
        case FN_POLYGAMMA:
            /* polygamma(k, u)' = polygamma(k + 1, u) u'   (k a constant integer) */
            r = expr_is_zero(db) ? NUM(0) : MUL(expr_fn2(EX, FN_POLYGAMMA, ADD(a, NUM(1)), b), db);
            break;
        case FN_LBETA: {
            /* lbeta(a, b) = lgamma(a) + lgamma(b) - lgamma(a + b) */
            expr *s = PSI(0, ADD(a, b));
            r = ADD(MUL(SUB(PSI(0, a), s), da), MUL(SUB(PSI(0, b), s), db));
            break;
        }
        case FN_LCHOOSE: {
            /* lchoose(n, k) = lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1) */
            expr *m = PSI(0, ADD(SUB(a, b), NUM(1)));
            r = ADD(MUL(SUB(PSI(0, ADD(a, NUM(1))), m), da),
                    MUL(SUB(m, PSI(0, ADD(b, NUM(1)))), db));
            break;
        }
        case FN_DELTA:
            /* delta(i, j) is piecewise constant */
            r = NUM(0);
            break;
        default:
            r = NUM(0);
            break;
        }
        break;
    }
    }
    memo_put(dc, e, var, r);
    return r;
}
