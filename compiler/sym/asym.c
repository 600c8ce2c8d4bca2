/* compiler/sym/asym.c — leading behaviour at an end of a domain (see asym.h). */
#include "asym.h"

#include <stdlib.h>

#include "range.h"
#include "util.h"

#define ASYM_MAX_VISITS 20000

typedef struct actx {
    model *m;
    int t;
    bool zero; /* t -> 0+ (else t -> +inf) */
    int visits;
} actx;

void asym_init(asym *a)
{
    mpq_inits(a->alpha, a->k, a->beta, a->gamma, NULL);
    a->known = false;
    a->coef = NULL;
    a->csign = 0;
    a->exact = false;
    a->rough = false;
    a->why = NULL;
}

void asym_clear(asym *a)
{
    mpq_clears(a->alpha, a->k, a->beta, a->gamma, NULL);
}

static void copy(asym *dst, const asym *src)
{
    if (dst == src)
        return;
    mpq_set(dst->alpha, src->alpha);
    mpq_set(dst->k, src->k);
    mpq_set(dst->beta, src->beta);
    mpq_set(dst->gamma, src->gamma);
    dst->known = src->known;
    dst->coef = src->coef;
    dst->csign = src->csign;
    dst->exact = src->exact;
    dst->rough = src->rough;
    dst->why = src->why;
}

static bool unknown(asym *a, const char *why)
{
    a->known = false;
    a->why = why;
    return false;
}

/* The sign of a t-free expression: an exact number's, else its enclosure's when that
 * excludes 0; 0 when neither decides. */
static int coef_sign(const actx *A, expr *c)
{
    expr *v = model_const_values(A->m, c);
    if (v->kind == EXPR_NUM)
        return mpq_sgn(v->q);
    double lo, hi;
    if (range_bounds(A->m, v, &lo, &hi)) {
        if (lo > 0)
            return 1;
        if (hi < 0)
            return -1;
    }
    return 0;
}

/* A constant: c * t^0. */
static bool set_const(const actx *A, asym *a, expr *c)
{
    mpq_set_ui(a->alpha, 0, 1);
    mpq_set_ui(a->k, 0, 1);
    mpq_set_ui(a->beta, 0, 1);
    mpq_set_ui(a->gamma, 0, 1);
    a->coef = c;
    a->csign = coef_sign(A, c);
    a->known = true;
    a->exact = true;
    a->rough = false;
    a->why = NULL;
    return true;
}

/* How a known form behaves: tends to a non-zero constant, to 0, or to infinity. */
typedef enum lim { LIM_CONST, LIM_ZERO, LIM_INF } lim;

static lim limit_of(const actx *A, const asym *a)
{
    int b = mpq_sgn(a->beta);
    if (b)
        return b < 0 ? LIM_ZERO : LIM_INF;
    int s = mpq_sgn(a->alpha);
    if (s)
        return (A->zero ? s > 0 : s < 0) ? LIM_ZERO : LIM_INF;
    int k = mpq_sgn(a->k);
    return k == 0 ? LIM_CONST : k < 0 ? LIM_ZERO : LIM_INF;
}

/* Product rule: (c1 t^a1 L^k1 E1)(c2 t^a2 L^k2 E2) = c1 c2 t^(a1+a2) L^(k1+k2) E1 E2, where
 * exp(b1 t^g1) exp(b2 t^g2) = exp((b1 + b2) t^g) for g1 = g2, else the factor of the
 * faster-changing t^g is kept and the other dropped (rough: exact only while the kept
 * factor does not cancel later). */
static bool mul_into(const actx *A, asym *a, const asym *b)
{
    expr_ctx *ex = A->m->ex;
    mpq_add(a->alpha, a->alpha, b->alpha);
    mpq_add(a->k, a->k, b->k);
    a->coef = expr_mul2(ex, a->coef, b->coef);
    a->csign *= b->csign;
    a->exact = a->exact && b->exact;
    bool was_rough = a->rough || b->rough;
    a->rough = was_rough;
    if (mpq_sgn(b->beta) == 0)
        return true;
    if (mpq_sgn(a->beta) == 0) {
        mpq_set(a->beta, b->beta);
        mpq_set(a->gamma, b->gamma);
        return true;
    }
    int c = mpq_cmp(a->gamma, b->gamma);
    if (c == 0) {
        mpq_add(a->beta, a->beta, b->beta);
        if (mpq_sgn(a->beta) == 0) {
            mpq_set_ui(a->gamma, 0, 1);
            if (was_rough)
                return unknown(a, "exponential factors cancel after lower ones were dropped");
        }
        return true;
    }
    /* at infinity the larger gamma changes faster, at 0 the smaller (more negative) one */
    bool keep_b = A->zero ? c > 0 : c < 0;
    if (keep_b) {
        mpq_set(a->beta, b->beta);
        mpq_set(a->gamma, b->gamma);
    }
    a->rough = true;
    a->exact = false;
    return true;
}

/* Power rule: (c t^a L^k exp(b t^g))^r = c^r t^(a r) L^(k r) exp(b r t^g), r rational; a
 * negative c only with an integer r. */
static bool pow_into(const actx *A, asym *a, const mpq_t r)
{
    expr_ctx *ex = A->m->ex;
    if (a->csign < 0 && mpz_cmp_ui(mpq_denref(r), 1) != 0)
        return unknown(a, "a fractional power of a negative quantity");
    mpq_mul(a->alpha, a->alpha, r);
    mpq_mul(a->k, a->k, r);
    mpq_mul(a->beta, a->beta, r);
    if (mpq_sgn(a->beta) == 0)
        mpq_set_ui(a->gamma, 0, 1);
    a->coef = expr_pow(ex, a->coef, expr_num(ex, r));
    if (a->csign < 0)
        a->csign = mpz_odd_p(mpq_numref(r)) ? -1 : 1;
    else if (a->csign == 0 && mpz_cmp_ui(mpq_denref(r), 1) == 0 && mpz_even_p(mpq_numref(r)) &&
             mpq_sgn(r) > 0)
        a->csign = 0; /* c^2 >= 0, but c may be 0 */
    return true;
}

/* Scaling by a constant: (s c) t^a ... */
static void scale_by(const actx *A, asym *a, expr *s)
{
    a->coef = expr_mul2(A->m->ex, s, a->coef);
    a->csign *= coef_sign(A, s);
    a->exact = false;
}

static bool rec(actx *A, expr *e, asym *out);

/* Dominance in a sum: > 0 when a's term outgrows b's. Exponential factors first (beta > 0
 * above none above beta < 0; between two growing ones the faster t^gamma, then the larger
 * beta; between two decaying ones the reverse for gamma), then alpha (larger at infinity,
 * smaller at 0), then the log power. */
static int dominance(const actx *A, const asym *a, const asym *b)
{
    int sa = mpq_sgn(a->beta), sb = mpq_sgn(b->beta);
    if (sa != sb)
        return sa - sb;
    if (sa) {
        int g = mpq_cmp(a->gamma, b->gamma);
        if (A->zero)
            g = -g;
        if (g)
            return sa > 0 ? g : -g;
        int c = mpq_cmp(a->beta, b->beta);
        if (c)
            return c;
    }
    int c = mpq_cmp(a->alpha, b->alpha);
    if (c)
        return A->zero ? -c : c;
    return mpq_cmp(a->k, b->k);
}

/* Sum rule: a sum behaves as its dominant term; terms that tie add their coefficients,
 * and the sum of those must be shown non-zero (else: a cancellation, "unknown"). */
static bool rule_add(actx *A, expr *e, asym *out)
{
    size_t n = e->nargs;
    asym *t = xmalloc(n * sizeof *t);
    for (size_t i = 0; i < n; i++)
        asym_init(&t[i]);
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++)
        if (!rec(A, e->args[i], &t[i])) {
            ok = unknown(out, t[i].why);
        }
    size_t best = 0;
    if (ok) {
        for (size_t i = 1; i < n; i++)
            if (dominance(A, &t[i], &t[best]) > 0)
                best = i;
        expr *csum = t[best].coef;
        int same = t[best].csign;
        int nties = 1;
        for (size_t i = 0; i < n && ok; i++) {
            if (i == best)
                continue;
            int c = dominance(A, &t[i], &t[best]);
            if (c == 0) {
                if (t[i].rough || t[best].rough)
                    ok = unknown(out, "terms of a sum tie after lower exponential factors "
                                      "were dropped");
                csum = expr_add2(A->m->ex, csum, t[i].coef);
                if (t[i].csign != same)
                    same = 0;
                nties++;
            } else if (mpq_sgn(t[best].beta) != 0 && mpq_cmp(t[i].beta, t[best].beta) == 0 &&
                       mpq_cmp(t[i].gamma, t[best].gamma) == 0 && (t[i].rough || t[best].rough)) {
                ok = unknown(out, "terms of a sum tie after lower exponential factors were "
                                  "dropped");
            }
        }
        if (ok) {
            copy(out, &t[best]);
            out->coef = csum;
            if (nties > 1)
                out->csign = same ? same : coef_sign(A, csum);
            out->exact = false;
            if (out->csign == 0)
                ok = unknown(out, nties > 1 ? "the leading terms of a sum may cancel"
                                            : "the leading coefficient of a sum may be 0");
        }
    }
    for (size_t i = 0; i < n; i++)
        asym_clear(&t[i]);
    free(t);
    return ok;
}

/* log g: log c + alpha log t + k log|log t| + beta t^gamma, whose leading term is
 * beta t^gamma when beta != 0, else alpha log t (log t = |log t| at infinity, -|log t| at
 * 0); when g tends to a constant c > 0, c != 1: the constant log c. g must be positive. */
static bool rule_log(actx *A, asym *g, asym *out, int sign)
{
    expr_ctx *ex = A->m->ex;
    if (g->csign <= 0)
        return unknown(out, "log of a quantity not shown positive");
    lim l = limit_of(A, g);
    mpq_t c;
    mpq_init(c);
    bool ok = true;
    if (l == LIM_CONST) {
        expr *v = model_const_values(A->m, g->coef);
        if (v->kind == EXPR_NUM && mpq_cmp_ui(v->q, 1, 1) == 0) {
            ok = unknown(out, "log of a quantity tending to 1");
        } else {
            int s = coef_sign(A, expr_sub(ex, g->coef, expr_int(ex, 1)));
            set_const(A, out, expr_fn1(ex, FN_LOG, g->coef));
            out->csign = s;
            out->exact = false;
            if (!s)
                ok = unknown(out, "log of a quantity tending to a constant not shown to differ "
                                  "from 1");
        }
    } else if (mpq_sgn(g->beta)) {
        mpq_set(c, g->beta);
        set_const(A, out, expr_num(ex, c));
        mpq_set(out->alpha, g->gamma);
        out->exact = false;
    } else if (mpq_sgn(g->alpha)) {
        mpq_set(c, g->alpha);
        if (A->zero)
            mpq_neg(c, c);
        set_const(A, out, expr_num(ex, c));
        mpq_set_ui(out->k, 1, 1);
        out->exact = false;
    } else {
        ok = unknown(out, "log of a power of log");
    }
    if (ok && sign < 0) {
        out->coef = expr_neg(ex, out->coef);
        out->csign = -out->csign;
    }
    mpq_clear(c);
    return ok;
}

/* exp g: g -> c gives exp(c); g -> 0 gives 1; g growing is exp(beta t^gamma) with beta
 * the (rational) coefficient when g is exactly c t^gamma, and t^(+-c) when g is exactly
 * c |log t|. */
static bool rule_exp(actx *A, asym *g, asym *out)
{
    expr_ctx *ex = A->m->ex;
    lim l = limit_of(A, g);
    if (l == LIM_CONST) {
        set_const(A, out, expr_fn1(ex, FN_EXP, g->coef));
        out->csign = 1;
        out->exact = false;
        return true;
    }
    if (l == LIM_ZERO) {
        set_const(A, out, expr_int(ex, 1));
        out->exact = false;
        return true;
    }
    expr *v = model_const_values(A->m, g->coef);
    if (!g->exact || mpq_sgn(g->beta) || v->kind != EXPR_NUM)
        return unknown(out, "exp of a growing quantity that is not a rational multiple of a "
                            "power");
    if (mpq_sgn(g->k) == 0) {
        set_const(A, out, expr_int(ex, 1));
        mpq_set(out->beta, v->q);
        mpq_set(out->gamma, g->alpha);
        return true;
    }
    if (mpq_sgn(g->alpha) == 0 && mpq_cmp_ui(g->k, 1, 1) == 0) {
        set_const(A, out, expr_int(ex, 1));
        mpq_set(out->alpha, v->q);
        if (A->zero)
            mpq_neg(out->alpha, out->alpha);
        return true;
    }
    return unknown(out, "exp of a growing quantity that is not a rational multiple of a power");
}

/* f(c) for an argument tending to the constant c, where f is continuous at c (the caller
 * says so); the value must be shown non-zero. */
static bool limit_const(actx *A, expr_fn_id f, const asym *g, asym *out)
{
    expr_ctx *ex = A->m->ex;
    expr *v = expr_fn1(ex, f, g->coef);
    set_const(A, out, v);
    out->exact = false;
    if (!out->csign)
        return unknown(out, "a function's limit not shown non-zero");
    return true;
}

static bool rule_fn(actx *A, expr *e, asym *out)
{
    expr_ctx *ex = A->m->ex;
    int f = e->fn;
    expr *arg = e->args[e->nargs - 1];
    if (f == FN_POLYGAMMA && e->args[0]->kind != EXPR_NUM)
        return unknown(out, "polygamma of a symbolic order");
    if (e->nargs != 1 && f != FN_POLYGAMMA)
        return unknown(out, "no rule for this function");
    asym g;
    asym_init(&g);
    bool ok = rec(A, arg, &g);
    if (!ok) {
        unknown(out, g.why);
        asym_clear(&g);
        return false;
    }
    lim l = limit_of(A, &g);
    switch (f) {
    case FN_EXP:
        ok = rule_exp(A, &g, out);
        break;
    case FN_LOG:
        ok = rule_log(A, &g, out, 1);
        break;
    case FN_ABS: /* |c t^a ...| = |c| t^a ... */
        copy(out, &g);
        out->coef = expr_fn1(ex, FN_ABS, g.coef);
        out->csign = g.csign ? 1 : 0;
        break;
    case FN_SIGN:
        if (!g.csign)
            ok = unknown(out, "sign of a quantity of unknown sign");
        else
            set_const(A, out, expr_int(ex, g.csign));
        break;
    case FN_LOG1P: /* log1p(g) ~ g as g -> 0; otherwise log(1 + g) */
    case FN_EXPM1: /* expm1(g) ~ g as g -> 0; otherwise exp(g) - 1 */
        if (l == LIM_ZERO) {
            copy(out, &g);
            out->exact = false;
        } else {
            expr *w = f == FN_LOG1P ? expr_fn1(ex, FN_LOG, expr_add2(ex, expr_int(ex, 1), arg))
                                    : expr_sub(ex, expr_fn1(ex, FN_EXP, arg), expr_int(ex, 1));
            ok = rec(A, w, out);
        }
        break;
    case FN_SIN: /* sin, tan, atan, tanh, sinh: ~ g as g -> 0; erf ~ 2 g/sqrt(pi) */
    case FN_TAN:
    case FN_ATAN:
    case FN_TANH:
    case FN_SINH:
    case FN_ERF:
        if (l == LIM_ZERO) {
            copy(out, &g);
            out->exact = false;
            if (f == FN_ERF)
                scale_by(A, out, expr_div(ex, expr_int(ex, 2),
                                          expr_pow(ex, expr_const(ex, CST_PI), expr_frac(ex, 1, 2))));
        } else if (l == LIM_CONST && f != FN_TAN) {
            ok = limit_const(A, (expr_fn_id)f, &g, out);
        } else if (l == LIM_INF && g.csign && (f == FN_ATAN || f == FN_TANH || f == FN_ERF)) {
            /* atan -> +-pi/2, tanh and erf -> +-1 */
            expr *v = f == FN_ATAN ? expr_mul2(ex, expr_frac(ex, g.csign, 2), expr_const(ex, CST_PI))
                                   : expr_int(ex, g.csign);
            set_const(A, out, v);
            out->exact = false;
        } else {
            ok = unknown(out, "no limit rule for this function here");
        }
        break;
    case FN_COS:
    case FN_COSH:
    case FN_ERFC:
        if (l == LIM_ZERO) {
            set_const(A, out, expr_int(ex, 1));
            out->exact = false;
        } else if (l == LIM_CONST) {
            ok = limit_const(A, (expr_fn_id)f, &g, out);
        } else if (f == FN_ERFC && g.csign < 0) {
            set_const(A, out, expr_int(ex, 2));
            out->exact = false;
        } else {
            ok = unknown(out, "no limit rule for this function here");
        }
        break;
    case FN_EXPIT: /* expit(g): 1/2 at 0, 1 as g -> +inf, ~ exp(g) as g -> -inf */
    case FN_LOG1PEXP: /* log1pexp(g): log 2 at 0, ~ g as g -> +inf, ~ exp(g) as g -> -inf */
        if (l == LIM_ZERO) {
            set_const(A, out, f == FN_EXPIT ? expr_frac(ex, 1, 2)
                                            : expr_fn1(ex, FN_LOG, expr_int(ex, 2)));
            out->exact = false;
        } else if (l == LIM_CONST) {
            ok = limit_const(A, (expr_fn_id)f, &g, out);
        } else if (g.csign > 0) {
            if (f == FN_EXPIT)
                set_const(A, out, expr_int(ex, 1));
            else
                copy(out, &g);
            out->exact = false;
        } else if (g.csign < 0) {
            ok = rule_exp(A, &g, out);
            out->exact = false;
        } else {
            ok = unknown(out, "a function of a quantity of unknown sign");
        }
        break;
    case FN_LGAMMA:
        if (g.csign <= 0) {
            ok = unknown(out, "lgamma of a quantity not shown positive");
        } else if (l == LIM_CONST) {
            ok = limit_const(A, (expr_fn_id)f, &g, out);
        } else if (l == LIM_ZERO) {
            /* lgamma(g) ~ -log g as g -> 0+ */
            ok = rule_log(A, &g, out, -1);
        } else if (mpq_sgn(g.beta) || mpq_sgn(g.alpha) == 0) {
            ok = unknown(out, "lgamma of a quantity growing faster or slower than a power");
        } else {
            /* lgamma(g) ~ g log g, log g ~ |alpha| |log t| */
            copy(out, &g);
            mpq_t a;
            mpq_init(a);
            mpq_abs(a, g.alpha);
            scale_by(A, out, expr_num(ex, a));
            mpq_set_ui(a, 1, 1);
            mpq_add(out->k, g.k, a);
            mpq_clear(a);
        }
        break;
    case FN_POLYGAMMA: {
        unsigned long n = mpz_get_ui(mpq_numref(e->args[0]->q));
        if (g.csign <= 0) {
            ok = unknown(out, "polygamma of a quantity not shown positive");
        } else if (l == LIM_CONST) {
            set_const(A, out, expr_fn2(ex, FN_POLYGAMMA, e->args[0], g.coef));
            out->exact = false;
            if (!out->csign)
                ok = unknown(out, "a function's limit not shown non-zero");
        } else if (n == 0 && l == LIM_INF) {
            /* digamma(g) ~ log g as g -> inf */
            ok = rule_log(A, &g, out, 1);
        } else {
            /* psi^(n)(g) ~ (-1)^(n+1) (n-1)! g^-n as g -> inf (n >= 1),
             *             (-1)^(n+1) n! g^-(n+1) as g -> 0+ */
            unsigned long p = l == LIM_INF ? n : n + 1;
            mpz_t fact;
            mpz_init(fact);
            mpz_fac_ui(fact, l == LIM_INF ? n - 1 : n);
            mpq_t r, cq;
            mpq_inits(r, cq, NULL);
            mpq_set_si(r, -(long)p, 1);
            mpq_set_z(cq, fact);
            if (n % 2 == 0)
                mpq_neg(cq, cq);
            copy(out, &g);
            ok = pow_into(A, out, r);
            if (ok)
                scale_by(A, out, expr_num(ex, cq));
            mpq_clears(r, cq, NULL);
            mpz_clear(fact);
        }
        break;
    }
    default:
        ok = unknown(out, "no limit rule for this function");
        break;
    }
    asym_clear(&g);
    return ok;
}

static bool rec(actx *A, expr *e, asym *out)
{
    expr_ctx *ex = A->m->ex;
    if (++A->visits > ASYM_MAX_VISITS)
        return unknown(out, "the expression is too large to analyse");
    if (!expr_has_sym(ex, e, A->t))
        return set_const(A, out, e);
    switch (e->kind) {
    case EXPR_SYM: /* t itself: 1 * t^1 */
        set_const(A, out, expr_int(ex, 1));
        mpq_set_ui(out->alpha, 1, 1);
        return true;
    case EXPR_MUL: {
        set_const(A, out, expr_int(ex, 1));
        asym f;
        asym_init(&f);
        bool ok = true;
        for (size_t i = 0; i < e->nargs && ok; i++) {
            ok = rec(A, e->args[i], &f) && mul_into(A, out, &f);
            if (!ok)
                unknown(out, f.known ? out->why : f.why);
        }
        asym_clear(&f);
        return ok;
    }
    case EXPR_POW: {
        expr *y = e->args[1];
        if (!expr_has_sym(ex, y, A->t)) {
            expr *yv = model_const_values(A->m, y);
            if (yv->kind != EXPR_NUM)
                return unknown(out, "a power with a symbolic exponent");
            if (!rec(A, e->args[0], out))
                return false;
            return pow_into(A, out, yv->q);
        }
        /* b^y = exp(y log b) for a constant base b > 0 */
        if (!expr_has_sym(ex, e->args[0], A->t) && coef_sign(A, e->args[0]) > 0)
            return rec(A, expr_fn1(ex, FN_EXP, expr_mul2(ex, y, expr_fn1(ex, FN_LOG, e->args[0]))),
                       out);
        return unknown(out, "a power with a varying exponent");
    }
    case EXPR_ADD:
        return rule_add(A, e, out);
    case EXPR_FN:
        return rule_fn(A, e, out);
    default:
        return unknown(out, "no rule for this kind of expression");
    }
}

bool asym_expr(model *m, expr *e, int tsym, bool at_zero, asym *out)
{
    actx A = {.m = m, .t = tsym, .zero = at_zero, .visits = 0};
    return rec(&A, e, out);
}

expr *asym_local(model *m, simp_ctx *sc, expr *e, int sym, expr *end, asym_side side, int tsym)
{
    expr_ctx *ex = m->ex;
    expr *t = expr_sym(ex, tsym), *v;
    if (!end)
        v = side == ASYM_LOWER ? expr_neg(ex, t) : t;
    else
        v = side == ASYM_LOWER ? expr_add2(ex, end, t) : expr_sub(ex, end, t);
    return simp_normal(sc, expr_subst(ex, e, 1, &sym, &v));
}

bool asym_end(model *m, simp_ctx *sc, expr *e, int sym, expr *end, asym_side side, int tsym,
              asym *out)
{
    return asym_expr(m, asym_local(m, sc, e, sym, end, side, tsym), tsym, end != NULL, out);
}

asym_conv asym_integrable(const asym *a, bool finite_end)
{
    if (!a->known)
        return ASYM_UNDECIDED;
    asym_conv div = a->csign ? ASYM_DIVERGES : ASYM_UNDECIDED;
    int b = mpq_sgn(a->beta);
    if (b)
        return b < 0 ? ASYM_CONVERGES : div;
    mpq_t m1;
    mpq_init(m1);
    mpq_set_si(m1, -1, 1);
    int c = mpq_cmp(a->alpha, m1);
    int kc = mpq_cmp(a->k, m1);
    mpq_clear(m1);
    if (c == 0)
        return kc < 0 ? ASYM_CONVERGES : div;
    /* t^alpha near 0 integrates for alpha > -1; near infinity for alpha < -1 */
    if (finite_end)
        return c > 0 ? ASYM_CONVERGES : div;
    return c < 0 ? ASYM_CONVERGES : div;
}
