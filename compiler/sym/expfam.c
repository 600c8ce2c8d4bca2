/* compiler/sym/expfam.c — exponential-family analysis (see expfam.h). */
#include "expfam.h"

#include <stdlib.h>
#include <string.h>

#include "distfim.h"
#include "util.h"

#define EXPAND_MAX_TERMS 4096 /* a product expanded into more terms is not pursued */
#define SOLVE_MAX_DIM 8       /* symbolic elimination on at most 8x8 systems */

enum { DEP_DATA = 1, DEP_PARAM = 2 };

static int dep(const expr_ctx *ex, const expr *e)
{
    return (expr_has_kind(ex, e, SYM_DATA) ? DEP_DATA : 0) |
           (expr_has_kind(ex, e, SYM_PARAM) ? DEP_PARAM : 0);
}

/* ---------------------------------------------------------------- expansion */

typedef struct expander {
    expr_ctx *ex;
    bool too_big;
} expander;

static expr *expand(expander *X, expr *e);

/* The terms of e: its children when it is a sum, else e itself. */
static size_t terms_of(expr *e, expr ***out, expr **one)
{
    if (e->kind == EXPR_ADD) {
        *out = e->args;
        return e->nargs;
    }
    *one = e;
    *out = one;
    return 1;
}

/* (a1 + a2 + ...)(b1 + ...) ... = a1*b1 + a1*b2 + ...: products distributed over sums. */
static expr *expand_product(expander *X, expr *const *factors, size_t n)
{
    ptrvec acc = {0};
    pv_push(&acc, expr_int(X->ex, 1));
    for (size_t i = 0; i < n && !X->too_big; i++) {
        expr *f = expand(X, factors[i]);
        expr **ts, *one;
        size_t nt = terms_of(f, &ts, &one);
        if (acc.n * nt > EXPAND_MAX_TERMS) {
            X->too_big = true;
            break;
        }
        ptrvec next = {0};
        for (size_t a = 0; a < acc.n; a++)
            for (size_t b = 0; b < nt; b++)
                pv_push(&next, expr_mul2(X->ex, acc.v[a], ts[b]));
        pv_free(&acc);
        acc = next;
    }
    expr *r = expr_add(X->ex, acc.n, (expr *const *)acc.v);
    pv_free(&acc);
    return r;
}

/* Expand e far enough that no product mixes data and parameters through a sum. Nodes that
 * depend on one side only are left alone (they are single factors). */
static expr *expand(expander *X, expr *e)
{
    if (X->too_big || dep(X->ex, e) != (DEP_DATA | DEP_PARAM))
        return e;
    switch ((expr_kind)e->kind) {
    case EXPR_ADD: {
        expr **t = xmalloc(e->nargs * sizeof *t);
        for (uint32_t i = 0; i < e->nargs; i++)
            t[i] = expand(X, e->args[i]);
        expr *r = expr_add(X->ex, e->nargs, t);
        free(t);
        return r;
    }
    case EXPR_MUL:
        return expand_product(X, e->args, e->nargs);
    case EXPR_POW: {
        /* (u)^n, n a small positive integer: n copies multiplied out */
        expr *p = e->args[1];
        if (expr_is_integer(p) && mpz_cmp_si(mpq_numref(p->q), 1) > 0 &&
            mpz_cmp_si(mpq_numref(p->q), 16) <= 0) {
            long n = mpz_get_si(mpq_numref(p->q));
            expr **f = xmalloc((size_t)n * sizeof *f);
            for (long i = 0; i < n; i++)
                f[i] = e->args[0];
            expr *r = expand_product(X, f, (size_t)n);
            free(f);
            return r;
        }
        return e;
    }
    default:
        return e;
    }
}

/* ---------------------------------------------------------------- the split */

typedef struct split {
    ptrvec T, eta; /* statistics and their coefficients */
    expr *a, *b, *c0;
    const char *bad_factor_reason;
    expr *bad;
} split;

/* Sort every term of g (expanded) into c0 (no data, into a when it has parameters),
 * b (data, no parameters) or eta_k T_k. Returns false on a factor that mixes both. */
static bool split_terms(expr_ctx *ex, expr *g, split *s, bool grow_T)
{
    expander X = {ex, false};
    expr *e = expand(&X, g);
    if (X.too_big) {
        s->bad = g;
        s->bad_factor_reason = "expanding it gives too many terms";
        return false;
    }
    expr **ts, *one;
    size_t nt = terms_of(e, &ts, &one);
    ptrvec a = {0}, b = {0};
    for (size_t i = 0; i < nt; i++) {
        expr *t = ts[i];
        expr **fs = t->kind == EXPR_MUL ? t->args : &t;
        size_t nf = t->kind == EXPR_MUL ? t->nargs : 1;
        ptrvec data = {0}, rest = {0};
        for (size_t j = 0; j < nf; j++) {
            int dj = dep(ex, fs[j]);
            if (dj == (DEP_DATA | DEP_PARAM)) {
                s->bad = fs[j];
                s->bad_factor_reason = "it mixes data and parameters";
                pv_free(&data);
                pv_free(&rest);
                pv_free(&a);
                pv_free(&b);
                return false;
            }
            pv_push(dj == DEP_DATA ? &data : &rest, fs[j]);
        }
        bool has_data = data.n > 0;
        expr *tp = expr_mul(ex, data.n, (expr *const *)data.v);
        expr *cp = expr_mul(ex, rest.n, (expr *const *)rest.v);
        pv_free(&data);
        pv_free(&rest);
        if (!has_data) {
            pv_push(&a, cp);
            continue;
        }
        if (!(dep(ex, cp) & DEP_PARAM) && grow_T) {
            pv_push(&b, expr_mul2(ex, cp, tp));
            continue;
        }
        size_t k = 0;
        while (k < s->T.n && s->T.v[k] != tp)
            k++;
        if (k == s->T.n) {
            if (!grow_T) {
                s->bad = tp;
                s->bad_factor_reason = "it is not a linear combination of the sufficient statistics";
                pv_free(&a);
                pv_free(&b);
                return false;
            }
            pv_push(&s->T, tp);
            pv_push(&s->eta, expr_int(ex, 0));
        }
        s->eta.v[k] = expr_add2(ex, s->eta.v[k], cp);
    }
    s->c0 = expr_add(ex, a.n, (expr *const *)a.v);
    s->b = expr_add(ex, b.n, (expr *const *)b.v);
    pv_free(&a);
    pv_free(&b);
    return true;
}

/* ---------------------------------------------------------------- linear algebra */

static expr *nf(simp_ctx *sc, expr *e)
{
    return simp_normal(sc, e);
}

bool expfam_inverse(expr_ctx *ex, simp_ctx *sc, expr **inv, expr *const *a, int n)
{
    if (n < 1 || n > SOLVE_MAX_DIM)
        return false;
    /* Gauss-Jordan on [A | I], each entry kept in normal form. */
    int w = 2 * n;
    expr **m = xmalloc((size_t)(n * w) * sizeof *m);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < w; j++)
            m[i * w + j] = j < n ? nf(sc, a[i * n + j]) : expr_int(ex, j - n == i);
    bool ok = true;
    for (int c = 0; c < n && ok; c++) {
        int p = c;
        while (p < n && expr_is_zero(m[p * w + c]))
            p++;
        if (p == n) {
            ok = false;
            break;
        }
        for (int j = 0; j < w; j++) {
            expr *t = m[c * w + j];
            m[c * w + j] = m[p * w + j];
            m[p * w + j] = t;
        }
        expr *pinv = expr_pow(ex, m[c * w + c], expr_int(ex, -1));
        for (int j = 0; j < w; j++)
            m[c * w + j] = nf(sc, expr_mul2(ex, m[c * w + j], pinv));
        for (int r = 0; r < n; r++) {
            if (r == c || expr_is_zero(m[r * w + c]))
                continue;
            expr *f = m[r * w + c];
            for (int j = 0; j < w; j++)
                m[r * w + j] = nf(sc, expr_sub(ex, m[r * w + j], expr_mul2(ex, f, m[c * w + j])));
        }
    }
    if (ok)
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                inv[i * n + j] = m[i * w + n + j];
    free(m);
    return ok;
}

expr *expfam_det(expr_ctx *ex, simp_ctx *sc, expr *const *a, int n)
{
    /* Gaussian elimination: the product of the pivots, with the sign of the swaps. */
    expr **m = xmalloc((size_t)(n * n) * sizeof *m);
    for (int i = 0; i < n * n; i++)
        m[i] = nf(sc, a[i]);
    expr *det = expr_int(ex, 1);
    for (int c = 0; c < n; c++) {
        int p = c;
        while (p < n && expr_is_zero(m[p * n + c]))
            p++;
        if (p == n) {
            det = expr_int(ex, 0);
            break;
        }
        if (p != c) {
            for (int j = 0; j < n; j++) {
                expr *t = m[c * n + j];
                m[c * n + j] = m[p * n + j];
                m[p * n + j] = t;
            }
            det = expr_neg(ex, det);
        }
        det = expr_mul2(ex, det, m[c * n + c]);
        expr *pinv = expr_pow(ex, m[c * n + c], expr_int(ex, -1));
        for (int r = c + 1; r < n; r++) {
            if (expr_is_zero(m[r * n + c]))
                continue;
            expr *f = expr_mul2(ex, m[r * n + c], pinv);
            for (int j = c; j < n; j++)
                m[r * n + j] = nf(sc, expr_sub(ex, m[r * n + j], expr_mul2(ex, f, m[c * n + j])));
        }
    }
    free(m);
    return nf(sc, det);
}

/* ---------------------------------------------------------------- the analysis */

static void set_reason(expfam *ef, expr_ctx *ex, const char *fmt, const expr *e)
{
    strbuf sb = {0};
    if (e) {
        char *s = expr_to_string(ex, e);
        sb_printf(&sb, fmt, s);
        free(s);
    } else {
        sb_puts(&sb, fmt);
    }
    free(ef->reason);
    ef->reason = sb_take(&sb);
}

/* Statistics with the same natural parameter are one: an iid sample has T = sum_i T_1(x_i),
 * not one statistic per observation (eta_k = c eta_j with c a number: T_j + c T_k). The
 * ratio test costs a normal form a pair, so it is tried only among a few statistics; equal
 * coefficients (pointer-equal after the normal form) are merged among any number. */
#define MERGE_RATIO_MAX 32
static void merge_statistics(expr_ctx *ex, simp_ctx *sc, ptrvec *T, ptrvec *eta)
{
    size_t n = 0;
    bool ratios = T->n <= MERGE_RATIO_MAX;
    for (size_t k = 0; k < T->n; k++) {
        size_t j = 0;
        expr *c = NULL;
        for (; j < n; j++) {
            if (eta->v[j] == eta->v[k]) {
                c = expr_int(ex, 1);
                break;
            }
            if (ratios) {
                expr *r = nf(sc, expr_div(ex, eta->v[k], eta->v[j]));
                if (r->kind == EXPR_NUM) {
                    c = r;
                    break;
                }
            }
        }
        if (c) {
            T->v[j] = expr_add2(ex, T->v[j], expr_mul2(ex, c, T->v[k]));
        } else {
            T->v[n] = T->v[k];
            eta->v[n] = eta->v[k];
            n++;
        }
    }
    T->n = eta->n = n;
}

/* (a) of the closed forms: when no entry of the Hessian involves the data, F = -E[H] = -H
 * exactly, with no expectation at all (canonical-link GLMs, Gaussian means, any number of
 * parameters). */
static bool hessian_closed(expfam *ef, expr_ctx *ex, diff_ctx *dc, simp_ctx *sc, expr *logp,
                           const int *params, int d)
{
    expr **H = xmalloc((size_t)(d > 0 ? d * d : 1) * sizeof *H);
    bool ok = true;
    for (int i = 0; i < d && ok; i++) {
        expr *si = diff(dc, logp, params[i]);
        for (int j = i; j < d && ok; j++) {
            expr *h = diff(dc, si, params[j]);
            if (expr_has_kind(ex, h, SYM_DATA))
                ok = false;
            else
                H[i * d + j] = h;
        }
    }
    if (ok) {
        ef->F = xmalloc((size_t)(d * d) * sizeof *ef->F);
        for (int i = 0; i < d; i++)
            for (int j = i; j < d; j++)
                ef->F[i * d + j] = ef->F[j * d + i] = simp_display(sc, expr_neg_terms(ex, H[i * d + j]));
        ef->solved = true;
        ef->how = EF_HESSIAN;
    }
    free(H);
    return ok;
}

static void solve_family(expfam *ef, expr_ctx *ex, diff_ctx *dc, simp_ctx *sc, expr *logp,
                         const int *params, int d);

void expfam_analyse(expfam *ef, expr_ctx *ex, diff_ctx *dc, simp_ctx *sc, expr *logp,
                    const int *params, int d, bool smooth)
{
    solve_family(ef, ex, dc, sc, logp, params, d);
    /* with abs or sign, H is 0 where E[s s^T] is not (Laplace): -H is no FIM there */
    if (!ef->solved && smooth)
        hessian_closed(ef, ex, dc, sc, logp, params, d);
}

static void solve_family(expfam *ef, expr_ctx *ex, diff_ctx *dc, simp_ctx *sc, expr *logp,
                         const int *params, int d)
{
    memset(ef, 0, sizeof *ef);
    ef->d = d;
    ef->params = params;
    split s = {0};
    if (!split_terms(ex, logp, &s, true)) {
        strbuf sb = {0};
        char *f = expr_to_string(ex, s.bad);
        sb_printf(&sb, "logp does not split into sum eta_k(theta)*T_k(x) + a(theta) + b(x): the "
                       "factor %s cannot be separated (%s)",
                  f, s.bad_factor_reason);
        free(f);
        ef->reason = sb_take(&sb);
        pv_free(&s.T);
        pv_free(&s.eta);
        return;
    }
    /* Statistics whose coefficient turned out free of parameters belong to b. */
    ptrvec T = {0}, eta = {0};
    expr *b = s.b;
    for (size_t k = 0; k < s.T.n; k++) {
        expr *e = nf(sc, s.eta.v[k]);
        if (dep(ex, e) & DEP_PARAM) {
            pv_push(&T, s.T.v[k]);
            pv_push(&eta, e);
        } else {
            b = expr_add2(ex, b, expr_mul2(ex, e, s.T.v[k]));
        }
    }
    pv_free(&s.T);
    pv_free(&s.eta);
    merge_statistics(ex, sc, &T, &eta);
    ef->split = true;
    ef->K = (int)T.n;
    ef->T = (expr **)T.v;
    ef->eta = (expr **)eta.v;
    ef->a = s.c0;
    ef->b = b;
    int K = ef->K;
    if (K != d) {
        set_reason(ef, ex,
                   K > d ? "a curved exponential family (more sufficient statistics than "
                           "parameters): E[T] does not follow from the score identity alone"
                         : "fewer sufficient statistics than parameters: the parameters are not "
                           "identifiable",
                   NULL);
        return;
    }
    if (d > SOLVE_MAX_DIM) {
        set_reason(ef, ex, "too many parameters for the symbolic solve", NULL);
        return;
    }
    /* J m = -grad a, J_ik = d eta_k / d theta_i */
    expr **J = xmalloc((size_t)(d * d) * sizeof *J);
    expr **Ji = xmalloc((size_t)(d * d) * sizeof *Ji);
    for (int i = 0; i < d; i++)
        for (int k = 0; k < K; k++)
            J[i * K + k] = diff(dc, ef->eta[k], params[i]);
    if (!expfam_inverse(ex, sc, Ji, J, d)) {
        set_reason(ef, ex, "the Jacobian of eta(theta) is singular: the parameters are not "
                           "identifiable",
                   NULL);
        free(J);
        free(Ji);
        return;
    }
    ef->m = xmalloc((size_t)K * sizeof *ef->m);
    for (int k = 0; k < K; k++) {
        ptrvec t = {0};
        for (int i = 0; i < d; i++)
            pv_push(&t, expr_mul2(ex, Ji[k * d + i], expr_neg(ex, diff(dc, ef->a, params[i]))));
        ef->m[k] = nf(sc, expr_add(ex, t.n, (expr *const *)t.v));
        pv_free(&t);
    }
    /* F_ij = -sum_k (d_i d_j eta_k) m_k - d_i d_j a */
    ef->F = xmalloc((size_t)(d * d) * sizeof *ef->F);
    for (int i = 0; i < d; i++)
        for (int j = i; j < d; j++) {
            ptrvec t = {0};
            for (int k = 0; k < K; k++)
                pv_push(&t, expr_mul2(ex, diff(dc, diff(dc, ef->eta[k], params[i]), params[j]),
                                      ef->m[k]));
            pv_push(&t, diff(dc, diff(dc, ef->a, params[i]), params[j]));
            expr *f = expr_neg(ex, expr_add(ex, t.n, (expr *const *)t.v));
            ef->F[i * d + j] = ef->F[j * d + i] = simp_display(sc, f);
            pv_free(&t);
        }
    /* Cov[T] = J^-1 F J^-T (F = J Cov J^T) */
    ef->covT = xmalloc((size_t)(K * K) * sizeof *ef->covT);
    for (int k = 0; k < K; k++)
        for (int l = k; l < K; l++) {
            ptrvec t = {0};
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++)
                    pv_push(&t, expr_mul(ex, 3,
                                         (expr *[]){Ji[k * d + i], ef->F[i * d + j], Ji[l * d + j]}));
            ef->covT[k * K + l] = ef->covT[l * K + k] =
                simp_display(sc, expr_add(ex, t.n, (expr *const *)t.v));
            pv_free(&t);
        }
    free(J);
    free(Ji);
    ef->solved = true;
    ef->moments = true;
    ef->how = EF_FAMILY;
}

void expfam_free(expfam *ef)
{
    free(ef->reason);
    free(ef->T);
    free(ef->eta);
    free(ef->m);
    free(ef->F);
    free(ef->covT);
    memset(ef, 0, sizeof *ef);
}

/* g = c0 + sum_k c_k T_k: the coefficients, or false. */
static bool coefficients(const expfam *ef, expr_ctx *ex, expr *g, expr **c0, expr **c)
{
    split s = {0};
    for (int k = 0; k < ef->K; k++) {
        pv_push(&s.T, ef->T[k]);
        pv_push(&s.eta, expr_int(ex, 0));
    }
    bool ok = split_terms(ex, g, &s, false);
    if (ok) {
        *c0 = s.c0;
        for (int k = 0; k < ef->K; k++)
            c[k] = s.eta.v[k];
    }
    pv_free(&s.T);
    pv_free(&s.eta);
    return ok;
}

expr *expfam_mean(const expfam *ef, expr_ctx *ex, simp_ctx *sc, expr *g)
{
    if (!ef->moments)
        return NULL;
    expr *c0, **c = xmalloc((size_t)(ef->K + 1) * sizeof *c);
    expr *r = NULL;
    if (coefficients(ef, ex, g, &c0, c)) {
        r = c0;
        for (int k = 0; k < ef->K; k++)
            r = expr_add2(ex, r, expr_mul2(ex, c[k], ef->m[k]));
        r = simp_display(sc, r);
    }
    free(c);
    return r;
}

expr *expfam_var(const expfam *ef, expr_ctx *ex, simp_ctx *sc, expr *g)
{
    if (!ef->moments)
        return NULL;
    expr *c0, **c = xmalloc((size_t)(ef->K + 1) * sizeof *c);
    expr *r = NULL;
    if (coefficients(ef, ex, g, &c0, c)) {
        r = expr_int(ex, 0);
        for (int k = 0; k < ef->K; k++)
            for (int l = 0; l < ef->K; l++)
                r = expr_add2(ex, r, expr_mul(ex, 3, (expr *[]){c[k], c[l], ef->covT[k * ef->K + l]}));
        r = simp_display(sc, r);
    }
    free(c);
    return r;
}

void expfam_model(expfam *ef, model *m, diff_ctx *dc, simp_ctx *sc, int reparam)
{
    expr *lp = m->logp;
    const int *params = m->params;
    int d = m->nparams;
    if (reparam >= 0) {
        const model_reparam *rp = m->reparams[reparam];
        lp = expr_subst(m->ex, lp, (size_t)rp->nassign, rp->old_syms, rp->rhs);
        params = rp->coords;
        d = rp->ncoords;
    }
    expfam_analyse(ef, m->ex, dc, sc, lp, params, d, !m->has_abs);
    /* After the family and F = -H (so the forms those give stay as they were): the sum over
     * the '~' statements of J^T F_dist J, exact for curved families, any link, Cauchy. */
    expr **F = NULL;
    char *why = NULL;
    if (!ef->solved && distfim_model(m, dc, sc, reparam, &F, &why)) {
        ef->F = F;
        ef->solved = true;
        ef->how = EF_DISTRIBUTIONS;
    }
    free(why);
}

