/* compiler/num/numfim.c — expectations over the data at a point (see numfim.h).
 *
 * The engine: one tape with inputs (parameters, inputs, data) and outputs logp followed by
 * the functions to average (score and Hessian, or moment expressions); a level per data
 * variable, each a sum or a quadrature whose callback sets that variable and runs the next
 * level, the deepest one the tape. A pass runs the whole nest at one working precision;
 * every row runs two passes, and the digits claimed are those where the passes agree and
 * the error estimates are below them. */
#include "numfim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "eval.h"
#include "expfam.h"
#include "fimrt.h"
#include "indep.h"
#include "stable.h"
#include "tape.h"
#include "util.h"

#define MAX_FINITE_TERMS 10000000L
/* Terms of a {lo..inf} sum before it gives up (FIMRT_NOCONV, exit 3): at 30-110 us a term
 * (lgamma at a few hundred bits) 1e5 terms are a few seconds; an unbounded tail (terms like
 * 1/k^2) used to run to 1e8 terms, hours. Sums that need more (Poisson with a rate above
 * about 1e5, negative binomial with p below about 0.0015 at 30 digits) exit 3 honestly. */
#define MAX_SUM_TERMS 100000UL
#define MAX_LEAVES 2.0e7 /* product of the finite supports' sizes */

/* NX_FIM: p, p s s^T, -p H (the FIM of the whole density); NX_GFIM: p, p s, p s s^T, -p H
 * (one independent group, whose score has no zero mean by itself); NX_MOMENTS: p, p g,
 * p g^2. */
enum { NX_FIM, NX_GFIM, NX_MOMENTS };
enum { DV_FINITE, DV_INF, DV_SET, DV_CONT };

/* An abs/sign argument u that is linear in a level's variable: du = du/dx is free of it. */
typedef struct kink {
    expr *u, *du;
} kink;

typedef struct level {
    int sym;
    int kind;
    mpfr_t lo, hi;     /* the support's ends (±Inf when open-ended) */
    long a, b;         /* integer ranges */
    mpfr_t *elems;     /* sets */
    long nelems;
    expr *dx, *dxx;    /* continuous: d logp/dx and d2 logp/dx2, consts substituted */
    kink *kinks;
    size_t nkinks;
    mpfr_t rest;       /* the value held while an outer level is centred */
} level;

/* Quadrature workspaces kept across passes, points and the engines of one computation:
 * a workspace caches the double-exponential nodes at one precision, so each level keeps
 * two (the two passes' precisions) and reuses them; 50 one-dimensional groups at 8
 * points used to fill the node tables 800 times. */
typedef struct wslevel {
    fimrt_quad_ws_struct ws[2];
    mpfr_prec_t prec[2];            /* 0: unused */
    unsigned long used[2];          /* for replacing the least recently used */
} wslevel;

typedef struct wspool {
    int n;                          /* levels */
    wslevel **lv;                   /* each allocated once: passes keep pointers into it */
    unsigned long clock;
} wspool;

static fimrt_quad_ws_struct *pool_get(wspool *W, int L, mpfr_prec_t prec)
{
    if (L >= W->n) {
        W->lv = xrealloc(W->lv, (size_t)(L + 1) * sizeof *W->lv);
        for (int i = W->n; i <= L; i++) {
            W->lv[i] = xcalloc(1, sizeof *W->lv[i]);
            fimrt_quad_ws_init(&W->lv[i]->ws[0]);
            fimrt_quad_ws_init(&W->lv[i]->ws[1]);
        }
        W->n = L + 1;
    }
    wslevel *v = W->lv[L];
    int k = v->prec[0] == prec ? 0 : v->prec[1] == prec ? 1 : v->used[0] <= v->used[1] ? 0 : 1;
    v->prec[k] = prec;
    v->used[k] = ++W->clock;
    return &v->ws[k];
}

static void pool_free(wspool *W)
{
    for (int i = 0; i < W->n; i++) {
        fimrt_quad_ws_clear(&W->lv[i]->ws[0]);
        fimrt_quad_ws_clear(&W->lv[i]->ws[1]);
        free(W->lv[i]);
    }
    free(W->lv);
    memset(W, 0, sizeof *W);
}

typedef struct engine {
    wspool *pool;        /* the workspaces (the driver's) */
    model *m;
    int kind;
    int d, ni, nd, nfix; /* parameters, inputs, data; nfix = d + ni */
    int nbound;          /* nfix + nd - 1: the tape inputs fixed while the innermost level
                            runs (the outer data too: their work, lgamma(y + 1) say, is done
                            once per outer node) */
    int ng;              /* moments: expressions */
    int P;               /* FIM: upper-triangle entries */
    size_t nout, ncomp;
    tape *t;
    level *lv;
    mpfr_t *fixed;       /* the current point and row: d parameters, then ni inputs */
    eval_ctx *cev;       /* centring (and kinks) */
    bool any_cont, any_disc;
} engine;

struct pass;
typedef struct lctx {
    struct pass *P;
    int L;
} lctx;

typedef struct pass {
    engine *E;
    mpfr_prec_t prec, tprec;
    fimrt_tape_state st;
    mpfr_t *in, *out;
    /* Nodes next to a finite end of the support come with more bits than the working
     * precision (so that 1 - x is exact near x = 1): they run on a second tape state at
     * PREC(x) + 32 bits, made (and remade larger) when needed. */
    fimrt_tape_state hi;
    mpfr_prec_t hi_prec;
    mpfr_t *hin, *hout;
    mpfr_t *x;             /* per level: discrete values, at tprec */
    mpfr_srcptr *xcur;     /* per level: the value in use */
    mpfr_t p, t;
    fimrt_quad_ws_struct **ws; /* per level: from the engine's pool */
    mpfr_t **ierr;         /* per inner level: error scratch */
    mpfr_t *center, *scale;
    bool *have_center;
    mpfr_t **splits;
    lctx *lc;
    int inner_status;      /* an inner level's failure, FIMRT_OK if none */
    int inner_level;
} pass;

/* ---- the tape and its values ------------------------------------------------------- */

static void hi_clear(pass *P)
{
    if (!P->hi_prec)
        return;
    int nin = P->E->nfix + P->E->nd;
    for (int i = 0; i < nin; i++)
        mpfr_clear(P->hin[i]);
    for (size_t i = 0; i < P->E->nout; i++)
        mpfr_clear(P->hout[i]);
    free(P->hin);
    free(P->hout);
    fimrt_tape_state_clear(&P->hi);
    P->hi_prec = 0;
}

static bool hi_ready(pass *P, mpfr_prec_t need)
{
    if (P->hi_prec >= need)
        return true;
    /* grow geometrically: nodes approach an end with ever more bits */
    if (need < 2 * P->hi_prec)
        need = 2 * P->hi_prec;
    hi_clear(P);
    engine *E = P->E;
    if (fimrt_tape_state_init(&P->hi, tape_runtime(E->t), need) != FIMRT_OK)
        return false;
    P->hi_prec = need;
    int nin = E->nfix + E->nd;
    P->hin = xmalloc((size_t)nin * sizeof *P->hin);
    P->hout = xmalloc(E->nout * sizeof *P->hout);
    for (int i = 0; i < nin; i++) {
        mpfr_init2(P->hin[i], need);
        if (i < E->nfix)
            mpfr_set(P->hin[i], E->fixed[i], MPFR_RNDN);
    }
    for (size_t i = 0; i < E->nout; i++)
        mpfr_init2(P->hout[i], need);
    /* one data variable: the parameter work once for this state (lbeta(a, b), digamma(a)
     * at thousands of bits would otherwise be redone at every node near the end) */
    return E->nd > 1 || fimrt_tape_bind(&P->hi, P->hin) == FIMRT_OK;
}

/* y from the tape's outputs in P->out. FIM: p = exp(logp), p s_i s_j, -p H_ij (i <= j);
 * a group's FIM: p, p s_i, then as FIM; moments: p, p g_k, p g_k^2. */
static void components(pass *P, mpfr_t *y)
{
    engine *E = P->E;
    mpfr_exp(P->p, P->out[0], MPFR_RNDN);
    mpfr_set(y[0], P->p, MPFR_RNDN);
    if (E->kind != NX_MOMENTS) {
        int o = 1;
        if (E->kind == NX_GFIM) {
            for (int i = 0; i < E->d; i++)
                mpfr_mul(y[1 + i], P->out[1 + i], P->p, MPFR_RNDN);
            o += E->d;
        }
        int k = 0;
        for (int i = 0; i < E->d; i++)
            for (int j = i; j < E->d; j++, k++) {
                mpfr_mul(P->t, P->out[1 + i], P->out[1 + j], MPFR_RNDN);
                mpfr_mul(y[o + k], P->t, P->p, MPFR_RNDN);
                mpfr_mul(P->t, P->out[1 + E->d + k], P->p, MPFR_RNDN);
                mpfr_neg(y[o + E->P + k], P->t, MPFR_RNDN);
            }
    } else {
        for (int k = 0; k < E->ng; k++) {
            mpfr_mul(y[1 + k], P->out[1 + k], P->p, MPFR_RNDN);
            mpfr_mul(y[1 + E->ng + k], y[1 + k], P->out[1 + k], MPFR_RNDN);
        }
    }
}

/* Whether level j's value (which carries extra bits) lies within 2^-16 of a non-zero finite
 * end of its support, relative to max(1, |end|): only there does x - end need them
 * ((1 - x)^(b-1), log(1 - x) at nodes next to the end; farther out, x rounded to the tape's
 * prec + 32 bits keeps x - end to prec + 16). Next to an interior split (the centre, a kink)
 * the integrand is smooth and x at the working precision is enough; next to an end at 0,
 * x itself is x - 0. */
static bool near_end(pass *P, int j)
{
    const level *lv = &P->E->lv[j];
    bool near = false;
    for (int k = 0; k < 2 && !near; k++) {
        mpfr_srcptr e = k ? lv->hi : lv->lo;
        /* an end at 0 needs nothing: x itself is x - 0, exact when rounded */
        if (mpfr_inf_p(e) || mpfr_zero_p(e))
            continue;
        mpfr_sub(P->t, P->xcur[j], e, MPFR_RNDN);
        mpfr_abs(P->t, P->t, MPFR_RNDN);
        long lim = -16;
        if (mpfr_cmpabs_ui(e, 1) > 0)
            lim += mpfr_get_exp(e);
        near = mpfr_zero_p(P->t) || mpfr_get_exp(P->t) <= lim;
    }
    return near;
}

/* The deepest level: the tape at the current data values. */
static int leaf(pass *P, mpfr_t *y)
{
    engine *E = P->E;
    mpfr_prec_t need = 0;
    for (int j = 0; j < E->nd; j++)
        if (mpfr_get_prec(P->xcur[j]) > P->tprec + 32 && near_end(P, j) &&
            mpfr_get_prec(P->xcur[j]) > need)
            need = mpfr_get_prec(P->xcur[j]);
    if (need > 0) {
        if (!hi_ready(P, need + 32))
            return 1;
        /* the whole tape: rare nodes, and the outer data may carry extra bits too */
        for (int j = 0; j < E->nd; j++)
            mpfr_set(P->hin[E->nfix + j], P->xcur[j], MPFR_RNDN);
        if ((E->nd == 1 ? fimrt_tape_eval_bound(&P->hi, P->hin + E->nfix, P->hout)
                        : fimrt_tape_eval(&P->hi, P->hin, P->hout)) != FIMRT_OK)
            return 1;
        for (size_t i = 0; i < E->nout; i++)
            mpfr_set(P->out[i], P->hout[i], MPFR_RNDN);
    } else {
        /* the state is bound to the parameters, inputs and outer data (bind_inner) */
        mpfr_set(P->in[E->nbound], P->xcur[E->nd - 1], MPFR_RNDN);
        if (fimrt_tape_eval_bound(&P->st, P->in + E->nbound, P->out) != FIMRT_OK)
            return 1;
    }
    components(P, y);
    return 0;
}

/* ---- centring ------------------------------------------------------------------------ */

/* A start inside (lo, hi). */
static void default_start(mpfr_t x, const mpfr_t lo, const mpfr_t hi)
{
    if (mpfr_inf_p(lo) && mpfr_inf_p(hi))
        mpfr_set_ui(x, 0, MPFR_RNDN);
    else if (mpfr_inf_p(hi))
        mpfr_add_ui(x, lo, 1, MPFR_RNDN);
    else if (mpfr_inf_p(lo))
        mpfr_sub_ui(x, hi, 1, MPFR_RNDN);
    else {
        mpfr_add(x, lo, hi, MPFR_RNDN);
        mpfr_div_2ui(x, x, 1, MPFR_RNDN);
    }
}

/* The mode of logp in level L's variable (the others as set in E->cev) by damped Newton
 * inside (lo, hi), from `start` (NULL: the default start); scale = 1/sqrt(-d2 logp/dx2)
 * there. False when no interior mode was found. */
static bool find_mode(engine *E, int L, mpfr_srcptr start, mpfr_t mode, mpfr_t scale)
{
    level *lv = &E->lv[L];
    mpfr_prec_t prec = eval_prec(E->cev);
    mpfr_t x, g[2], step, trial;
    mpfr_inits2(prec, x, g[0], g[1], step, trial, (mpfr_ptr)0);
    if (start && mpfr_number_p(start) && (mpfr_inf_p(lv->lo) || mpfr_cmp(start, lv->lo) > 0) &&
        (mpfr_inf_p(lv->hi) || mpfr_cmp(start, lv->hi) < 0))
        mpfr_set(x, start, MPFR_RNDN);
    else
        default_start(x, lv->lo, lv->hi);
    expr *es[2] = {lv->dx, lv->dxx};
    bool ok = false;
    for (int it = 0; it < 200; it++) {
        eval_set(E->cev, lv->sym, x);
        if (eval_exprs(E->cev, 2, es, g) != EVAL_OK)
            break;
        if (mpfr_sgn(g[1]) < 0) {
            mpfr_div(step, g[0], g[1], MPFR_RNDN);
            mpfr_neg(step, step, MPFR_RNDN);
        } else {
            /* not concave here: move uphill by a step of the size of x */
            mpfr_abs(step, x, MPFR_RNDN);
            if (mpfr_cmp_ui(step, 1) < 0)
                mpfr_set_ui(step, 1, MPFR_RNDN);
            if (mpfr_sgn(g[0]) < 0)
                mpfr_neg(step, step, MPFR_RNDN);
        }
        /* stay strictly inside (lo, hi): halve the step while it would leave */
        for (int k = 0; k < 200; k++) {
            mpfr_add(trial, x, step, MPFR_RNDN);
            if ((mpfr_inf_p(lv->lo) || mpfr_cmp(trial, lv->lo) > 0) &&
                (mpfr_inf_p(lv->hi) || mpfr_cmp(trial, lv->hi) < 0))
                break;
            mpfr_div_2ui(step, step, 1, MPFR_RNDN);
        }
        mpfr_set(x, trial, MPFR_RNDN);
        /* converged when the step is below 2^-(prec/2) of max(1, |x|) */
        mpfr_abs(trial, x, MPFR_RNDN);
        if (mpfr_cmp_ui(trial, 1) < 0)
            mpfr_set_ui(trial, 1, MPFR_RNDN);
        mpfr_mul_2si(trial, trial, -(long)prec / 2, MPFR_RNDN);
        if (mpfr_cmpabs(step, trial) <= 0 && mpfr_sgn(g[1]) < 0) {
            ok = true;
            break;
        }
    }
    if (ok) {
        eval_set(E->cev, lv->sym, x);
        ok = eval_exprs(E->cev, 2, es, g) == EVAL_OK && mpfr_sgn(g[1]) < 0;
        if (ok) {
            mpfr_neg(g[1], g[1], MPFR_RNDN);
            mpfr_rec_sqrt(scale, g[1], MPFR_RNDN);
            mpfr_set(mode, x, MPFR_RNDN);
        }
    }
    mpfr_clears(x, g[0], g[1], step, trial, (mpfr_ptr)0);
    return ok;
}

/* Collects abs/sign arguments linear in some data variable into the level of the deepest
 * data variable they mention (outer ones are fixed by then). */
static void collect_kinks(engine *E, diff_ctx *dc, const expr *e, ptrvec *seen)
{
    for (size_t i = 0; i < seen->n; i++)
        if (seen->v[i] == e)
            return;
    pv_push(seen, (void *)e);
    if (e->kind == EXPR_FN && (e->fn == FN_ABS || e->fn == FN_SIGN)) {
        expr *u = e->args[0];
        int deepest = -1;
        for (int L = 0; L < E->nd; L++)
            if (expr_has_sym(E->m->ex, u, E->lv[L].sym))
                deepest = L;
        if (deepest >= 0 && E->lv[deepest].kind == DV_CONT) {
            level *lv = &E->lv[deepest];
            expr *du = diff(dc, u, lv->sym);
            if (!expr_is_zero(du) && !expr_has_sym(E->m->ex, du, lv->sym)) {
                lv->kinks = xrealloc(lv->kinks, (lv->nkinks + 1) * sizeof *lv->kinks);
                lv->kinks[lv->nkinks].u = model_const_values(E->m, u);
                lv->kinks[lv->nkinks].du = model_const_values(E->m, du);
                lv->nkinks++;
            }
        }
    }
    for (uint32_t i = 0; i < e->nargs; i++)
        collect_kinks(E, dc, e->args[i], seen);
}

/* Sets level L's centre, scale and splits for the current outer values. */
static void place_level(pass *P, int L)
{
    engine *E = P->E;
    level *lv = &E->lv[L];
    for (int j = 0; j < E->nd; j++)
        if (j != L)
            eval_set(E->cev, E->lv[j].sym, j < L ? P->xcur[j] : E->lv[j].rest);
    mpfr_t mode, scale;
    mpfr_inits2(eval_prec(E->cev), mode, scale, (mpfr_ptr)0);
    P->have_center[L] = find_mode(E, L, P->have_center[L] ? P->center[L] : lv->rest, mode, scale);
    if (P->have_center[L]) {
        mpfr_set(P->center[L], mode, MPFR_RNDN);
        mpfr_set(P->scale[L], scale, MPFR_RNDN);
    }
    mpfr_clears(mode, scale, (mpfr_ptr)0);
}

static size_t level_splits(pass *P, int L)
{
    engine *E = P->E;
    level *lv = &E->lv[L];
    if (!lv->nkinks)
        return 0;
    for (int j = 0; j < L; j++)
        eval_set(E->cev, E->lv[j].sym, P->xcur[j]);
    mpfr_t zero, u0, d1;
    mpfr_inits2(eval_prec(E->cev), zero, u0, d1, (mpfr_ptr)0);
    mpfr_set_ui(zero, 0, MPFR_RNDN);
    eval_set(E->cev, lv->sym, zero);
    size_t n = 0;
    for (size_t i = 0; i < lv->nkinks; i++) {
        /* u = du*x + u0: the kink is at x = -u0/du, u0 = u at x = 0 */
        if (eval_expr(E->cev, u0, lv->kinks[i].u) != EVAL_OK ||
            eval_expr(E->cev, d1, lv->kinks[i].du) != EVAL_OK || mpfr_zero_p(d1))
            continue;
        mpfr_ptr k = P->splits[L][n];
        mpfr_div(k, u0, d1, MPFR_RNDN);
        mpfr_neg(k, k, MPFR_RNDN);
        if ((mpfr_inf_p(lv->lo) || mpfr_cmp(k, lv->lo) > 0) &&
            (mpfr_inf_p(lv->hi) || mpfr_cmp(k, lv->hi) < 0))
            n++;
    }
    mpfr_clears(zero, u0, d1, (mpfr_ptr)0);
    return n;
}

/* ---- the nest ------------------------------------------------------------------------ */

static int integrate(pass *P, int L, mpfr_t *res, mpfr_t *err);

/* Binds the working state to the parameters, inputs and the outer data's current values
 * (tprec-rounded: a node with extra bits goes to the high-precision path in leaf). */
static int bind_inner(pass *P)
{
    engine *E = P->E;
    for (int j = 0; j + 1 < E->nd; j++)
        mpfr_set(P->in[E->nfix + j], P->xcur[j], MPFR_RNDN);
    return fimrt_tape_bind(&P->st, P->in) == FIMRT_OK ? FIMRT_OK : FIMRT_EVALFAIL;
}

static int descend(pass *P, int L, mpfr_t *y)
{
    if (L == P->E->nd - 1)
        return leaf(P, y);
    int st = L + 1 == P->E->nd - 1 ? bind_inner(P) : FIMRT_OK;
    if (st == FIMRT_OK)
        st = integrate(P, L + 1, y, P->ierr[L + 1]);
    /* A component the inner rule cannot tell from zero (|value| <= its error: zero by
     * symmetry, like E[s_mu s_sigma | x]) is passed up as an exact 0. Otherwise the outer
     * rule would integrate rounding noise, whose own L1 norm is all it could be accurate
     * relative to, and never converge. The error so dropped is below the inner estimate. */
    for (size_t k = 0; st == FIMRT_OK && k < P->E->ncomp; k++)
        if (mpfr_cmpabs(y[k], P->ierr[L + 1][k]) <= 0)
            mpfr_set_zero(y[k], 1);
    if (st != FIMRT_OK) {
        if (P->inner_status == FIMRT_OK) {
            P->inner_status = st;
            P->inner_level = L + 1;
        }
        return 1;
    }
    return 0;
}

static int at_x(mpfr_t *y, const mpfr_t x, void *ctx)
{
    lctx *c = ctx;
    c->P->xcur[c->L] = x;
    return descend(c->P, c->L, y);
}

static int at_k(mpfr_t *y, long k, void *ctx)
{
    lctx *c = ctx;
    mpfr_set_si(c->P->x[c->L], k, MPFR_RNDN);
    c->P->xcur[c->L] = c->P->x[c->L];
    return descend(c->P, c->L, y);
}

static int at_elem(mpfr_t *y, long k, void *ctx)
{
    lctx *c = ctx;
    mpfr_set(c->P->x[c->L], c->P->E->lv[c->L].elems[k], MPFR_RNDN);
    c->P->xcur[c->L] = c->P->x[c->L];
    return descend(c->P, c->L, y);
}

static int integrate(pass *P, int L, mpfr_t *res, mpfr_t *err)
{
    engine *E = P->E;
    level *lv = &E->lv[L];
    /* One variable: 16 bits below the precision. Nested: the inner values carry their
     * own quadrature error into the outer rule, where it looks like noise, so the innermost
     * level aims 8 bits below the precision and each outer one 12 bits below the next. */
    long target = E->nd == 1 ? (long)P->prec - 16 : (long)P->prec - 8 - 12L * (E->nd - 1 - L);
    switch (lv->kind) {
    case DV_FINITE:
        return fimrt_sum_range_vec(res, err, E->ncomp, at_k, &P->lc[L], lv->a, lv->b, P->prec);
    case DV_INF:
        return fimrt_sum_vec(res, err, E->ncomp, at_k, &P->lc[L], lv->a, MAX_SUM_TERMS, target,
                             P->prec);
    case DV_SET:
        return fimrt_sum_range_vec(res, err, E->ncomp, at_elem, &P->lc[L], 0, lv->nelems - 1,
                                   P->prec);
    default: {
        place_level(P, L);
        size_t ns = level_splits(P, L);
        return fimrt_quad_vec(res, err, E->ncomp, at_x, &P->lc[L], lv->lo, lv->hi,
                              P->have_center[L] ? P->center[L] : NULL,
                              P->have_center[L] ? P->scale[L] : NULL, (const mpfr_t *)P->splits[L],
                              ns, P->ws[L], target, P->prec);
    }
    }
}

/* One pass at working precision prec: res[0..ncomp) and err[..]. */
static int one_pass(engine *E, mpfr_t *res, mpfr_t *err, mpfr_prec_t prec, char **why)
{
    pass Ps, *P = &Ps;
    memset(P, 0, sizeof *P);
    P->E = E;
    P->prec = prec;
    P->tprec = prec + 32;
    int nin = E->nfix + E->nd;
    if (fimrt_tape_state_init(&P->st, tape_runtime(E->t), P->tprec) != FIMRT_OK) {
        *why = xstrdup("the tape could not be prepared (a constant is undefined)");
        return -1;
    }
    P->in = xmalloc((size_t)nin * sizeof *P->in);
    P->out = xmalloc(E->nout * sizeof *P->out);
    for (int i = 0; i < nin; i++) {
        mpfr_init2(P->in[i], P->tprec);
        if (i < E->nfix)
            mpfr_set(P->in[i], E->fixed[i], MPFR_RNDN);
    }
    for (size_t i = 0; i < E->nout; i++)
        mpfr_init2(P->out[i], P->tprec);
    mpfr_inits2(P->tprec, P->p, P->t, (mpfr_ptr)0);
    /* parameter-only work (log sigma, lbeta(a, b), ...) once per pass; with several data
     * variables, once per node of the outer levels (descend) */
    int bst = E->nd == 1 ? fimrt_tape_bind(&P->st, P->in) : FIMRT_OK;
    int nd = E->nd;
    P->x = xmalloc((size_t)nd * sizeof *P->x);
    P->xcur = xcalloc((size_t)nd, sizeof *P->xcur);
    P->ws = xmalloc((size_t)nd * sizeof *P->ws);
    P->ierr = xcalloc((size_t)nd, sizeof *P->ierr);
    P->center = xmalloc((size_t)nd * sizeof *P->center);
    P->scale = xmalloc((size_t)nd * sizeof *P->scale);
    P->have_center = xcalloc((size_t)nd, sizeof *P->have_center);
    P->splits = xcalloc((size_t)nd, sizeof *P->splits);
    P->lc = xmalloc((size_t)nd * sizeof *P->lc);
    for (int L = 0; L < nd; L++) {
        mpfr_init2(P->x[L], P->tprec);
        mpfr_inits2(eval_prec(E->cev), P->center[L], P->scale[L], (mpfr_ptr)0);
        P->ws[L] = pool_get(E->pool, L, prec);
        P->lc[L] = (lctx){P, L};
        if (L > 0) {
            P->ierr[L] = xmalloc(E->ncomp * sizeof *P->ierr[L]);
            for (size_t k = 0; k < E->ncomp; k++)
                mpfr_init2(P->ierr[L][k], prec);
        }
        size_t nk = E->lv[L].nkinks;
        P->splits[L] = xmalloc((nk + 1) * sizeof *P->splits[L]);
        for (size_t k = 0; k < nk; k++)
            mpfr_init2(P->splits[L][k], eval_prec(E->cev));
    }
    int st = bst == FIMRT_OK ? integrate(P, 0, res, err) : FIMRT_EVALFAIL;
    if (bst != FIMRT_OK) {
        *why = xstrdup(E->kind != NX_MOMENTS ? "logp, its score or its Hessian cannot be evaluated at "
                                           "this point (a domain error or a pole in the "
                                           "parameters)"
                                         : "logp or the expression cannot be evaluated at this "
                                           "point (a domain error or a pole in the parameters)");
    } else if (st != FIMRT_OK) {
        strbuf sb = {0};
        int lev = 0;
        if (P->inner_status != FIMRT_OK) {
            st = P->inner_status;
            lev = P->inner_level;
        }
        const char *name = expr_sym_get(E->m->ex, E->lv[lev].sym)->name;
        const char *what = E->lv[lev].kind == DV_CONT ? "quadrature" : "sum";
        if (st == FIMRT_NOCONV)
            sb_printf(&sb, "the %s over %s did not converge at %ld bits", what, name, (long)prec);
        else if (st == FIMRT_EVALFAIL)
            sb_puts(&sb, E->kind != NX_MOMENTS
                             ? "logp, its score or its Hessian could not be evaluated at some data "
                               "value (a pole or a domain error inside the support)"
                             : "logp or the expression could not be evaluated at some data value "
                               "(a pole or a domain error inside the support)");
        else
            sb_printf(&sb, "the %s over %s could not be set up (status %d)", what, name, st);
        *why = sb_take(&sb);
    }
    for (int L = 0; L < nd; L++) {
        mpfr_clear(P->x[L]);
        mpfr_clears(P->center[L], P->scale[L], (mpfr_ptr)0);
        if (P->ierr[L]) {
            for (size_t k = 0; k < E->ncomp; k++)
                mpfr_clear(P->ierr[L][k]);
            free(P->ierr[L]);
        }
        for (size_t k = 0; k < E->lv[L].nkinks; k++)
            mpfr_clear(P->splits[L][k]);
        free(P->splits[L]);
    }
    free(P->x);
    free(P->xcur);
    free(P->ws);
    free(P->ierr);
    free(P->center);
    free(P->scale);
    free(P->have_center);
    free(P->splits);
    free(P->lc);
    for (int i = 0; i < nin; i++)
        mpfr_clear(P->in[i]);
    for (size_t i = 0; i < E->nout; i++)
        mpfr_clear(P->out[i]);
    free(P->in);
    free(P->out);
    mpfr_clears(P->p, P->t, (mpfr_ptr)0);
    hi_clear(P);
    fimrt_tape_state_clear(&P->st);
    return st == FIMRT_OK ? 0 : -1;
}

/* ---- setting up ------------------------------------------------------------------------ */

int numfim_rows(const model *m, char **err)
{
    *err = NULL;
    int rows = -1;
    const char *first = NULL;
    for (int i = 0; i < m->ninputs; i++) {
        const decl *dc = expr_sym_get(m->ex, m->inputs[i])->owner;
        const char *name = expr_sym_get(m->ex, m->inputs[i])->name;
        if (!dc || !dc->values || dc->nvalues <= 0) {
            strbuf sb = {0};
            sb_printf(&sb, "input '%s' has no values: give them inline ({...}) or in a column of "
                           "--inputs FILE.csv",
                      name);
            *err = sb_take(&sb);
            return -1;
        }
        if (rows >= 0 && dc->nvalues != rows) {
            strbuf sb = {0};
            sb_printf(&sb, "input '%s' has %d values but input '%s' has %d (every input has one "
                           "value per row)",
                      name, dc->nvalues, first, rows);
            *err = sb_take(&sb);
            return -1;
        }
        if (rows < 0) {
            rows = dc->nvalues;
            first = name;
        }
    }
    return rows < 0 ? 1 : rows;
}

static bool const_value(model *m, eval_ctx *ev, expr *e, mpfr_t out)
{
    return e && eval_expr(ev, out, model_const_values(m, e)) == EVAL_OK;
}

static void engine_free(engine *E)
{
    if (E->lv) {
        for (int L = 0; L < E->nd; L++) {
            level *lv = &E->lv[L];
            mpfr_clears(lv->lo, lv->hi, lv->rest, (mpfr_ptr)0);
            for (long i = 0; i < lv->nelems; i++)
                mpfr_clear(lv->elems[i]);
            free(lv->elems);
            free(lv->kinks);
        }
        free(E->lv);
    }
    if (E->fixed) {
        for (int i = 0; i < E->nfix; i++)
            mpfr_clear(E->fixed[i]);
        free(E->fixed);
    }
    if (E->cev)
        eval_free(E->cev);
    if (E->t)
        tape_free(E->t);
    memset(E, 0, sizeof *E);
}

/* Builds the engine over the data variables data[0..nd) (the model's, or one independent
 * group's): the tape of logp and g[0..ng) (moments) or of the score and Hessian, the
 * levels. */
static int engine_init(engine *E, model *m, expr *logp, const int *params, int d, int kind,
                       expr *const *g, int ng, const int *data, int nd, mpfr_prec_t hiprec,
                       char **err)
{
    memset(E, 0, sizeof *E);
    E->m = m;
    E->kind = kind;
    E->d = d;
    E->ni = m->ninputs;
    E->nd = nd;
    E->nfix = d + E->ni;
    E->ng = ng;
    E->P = d * (d + 1) / 2;
    if (E->nd < 1) {
        *err = xstrdup("the model has no data variable to average over");
        return -1;
    }
    diff_ctx dc;
    diff_init(&dc, m->ex);
    E->nout = kind != NX_MOMENTS ? (size_t)(1 + d + E->P) : (size_t)(1 + ng);
    E->ncomp = kind == NX_FIM    ? (size_t)(1 + 2 * E->P)
               : kind == NX_GFIM ? (size_t)(1 + d + 2 * E->P)
                                 : (size_t)(1 + 2 * ng);
    expr **outs = xmalloc(E->nout * sizeof *outs);
    /* log-sum-exps (mixtures) folded with log1pexp: far nodes give p = 0, not log(0) */
    outs[0] = stable_form(m, model_const_values(m, logp));
    if (kind != NX_MOMENTS) {
        for (int i = 0; i < d; i++)
            outs[1 + i] = diff(&dc, outs[0], params[i]);
        for (int i = 0, k = 0; i < d; i++)
            for (int j = i; j < d; j++, k++)
                outs[1 + d + k] = diff(&dc, outs[1 + i], params[j]);
    } else {
        for (int k = 0; k < ng; k++)
            outs[1 + k] = model_const_values(m, g[k]);
    }
    int nin = E->nfix + E->nd;
    int *in = xmalloc((size_t)nin * sizeof *in);
    memcpy(in, params, (size_t)d * sizeof *in);
    for (int i = 0; i < E->ni; i++)
        in[d + i] = m->inputs[i];
    /* The levels: discrete variables outermost, then the continuous ones, each group in
     * declaration order. A sum over {0..inf} inside a quadrature would run to the mean of
     * the far nodes of the outer rule (Poisson(lambda x) at x = 10^4: 10^4 terms a node);
     * outside, its ratio test stops once the marginal terms fall, and a quadrature's
     * range stretches to far tails at the cost of a few nodes. */
    int rc = -1;
    int *order = xmalloc((size_t)E->nd * sizeof *order), no = 0;
    for (int grp = 0; grp < 2; grp++)
        for (int i = 0; i < E->nd; i++) {
            const decl *xd = expr_sym_get(m->ex, data[i])->owner;
            bool disc = xd->dom.kind == DOM_SET || xd->dom.kind == DOM_RANGE;
            if (disc == (grp == 0))
                order[no++] = data[i];
        }
    for (int i = 0; i < E->nd; i++)
        in[E->nfix + i] = order[i];
    int ncont = 0;
    for (int i = 0; i < E->nd; i++) {
        const decl *xd = expr_sym_get(m->ex, order[i])->owner;
        ncont += xd->dom.kind != DOM_SET && xd->dom.kind != DOM_RANGE;
    }
    if (ncont > 2) {
        /* nested double-exponential rules cost (nodes)^dims: three or more continuous
         * dimensions would run for minutes or hours without a word */
        strbuf sb = {0};
        sb_puts(&sb, "the continuous data variables ");
        for (int i = E->nd - ncont, k = 0; i < E->nd; i++, k++)
            sb_printf(&sb, "%s%s", k == 0 ? "" : i + 1 == E->nd ? " and " : ", ",
                      expr_sym_get(m->ex, order[i])->name);
        sb_printf(&sb, " are coupled in logp (no split into independent groups separates them): "
                       "an expectation over them is a %d-dimensional quadrature, which fimc does "
                       "not attempt (at most 2)",
                  ncont);
        *err = sb_take(&sb);
        free(in);
        goto done;
    }
    tape_error terr;
    E->nbound = E->nfix + E->nd - 1;
    E->t = tape_build_fixed(m->ex, (size_t)nin, in, (size_t)E->nbound, E->nout, outs, NULL, &terr);
    free(in);
    if (!E->t) {
        *err = xstrdup(terr.status == TAPE_UNBOUND
                           ? "the expression mentions a name that is not a parameter, input or "
                             "data variable of the model"
                           : "the model could not be lowered to a tape");
        goto done;
    }
    E->cev = eval_new(m->ex, hiprec);
    E->fixed = xmalloc((size_t)E->nfix * sizeof *E->fixed);
    for (int i = 0; i < E->nfix; i++)
        mpfr_init2(E->fixed[i], hiprec);
    E->lv = xcalloc((size_t)E->nd, sizeof *E->lv);
    double leaves = 1;
    for (int L = 0; L < E->nd; L++) {
        level *lv = &E->lv[L];
        lv->sym = order[L];
        mpfr_inits2(hiprec, lv->lo, lv->hi, lv->rest, (mpfr_ptr)0);
        const decl *xd = expr_sym_get(m->ex, lv->sym)->owner;
        const domain *dm = &xd->dom;
        mpfr_set_inf(lv->lo, -1);
        mpfr_set_inf(lv->hi, 1);
        if ((dm->lo && !const_value(m, E->cev, dm->lo, lv->lo)) ||
            (dm->hi && !const_value(m, E->cev, dm->hi, lv->hi))) {
            *err = xstrdup("a bound of the support could not be evaluated");
            goto done;
        }
        if (dm->kind == DOM_SET) {
            lv->kind = DV_SET;
            lv->nelems = dm->nelems;
            lv->elems = xmalloc((size_t)lv->nelems * sizeof *lv->elems);
            for (long i = 0; i < lv->nelems; i++) {
                mpfr_init2(lv->elems[i], hiprec);
                const_value(m, E->cev, dm->elems[i], lv->elems[i]);
            }
            mpfr_set(lv->rest, lv->elems[0], MPFR_RNDN);
            leaves *= (double)lv->nelems;
            E->any_disc = true;
        } else if (dm->kind == DOM_RANGE) {
            lv->a = mpfr_get_si(lv->lo, MPFR_RNDN);
            lv->kind = dm->hi ? DV_FINITE : DV_INF;
            if (dm->hi) {
                lv->b = mpfr_get_si(lv->hi, MPFR_RNDN);
                if (lv->b - lv->a > MAX_FINITE_TERMS) {
                    *err = xstrdup("a finite support has more than 10^7 values");
                    goto done;
                }
                leaves *= (double)(lv->b - lv->a + 1);
            }
            mpfr_set_si(lv->rest, lv->a, MPFR_RNDN);
            E->any_disc = true;
        } else {
            lv->kind = DV_CONT;
            lv->dx = diff(&dc, outs[0], lv->sym);
            lv->dxx = diff(&dc, lv->dx, lv->sym);
            default_start(lv->rest, lv->lo, lv->hi);
            E->any_cont = true;
        }
    }
    if (leaves > MAX_LEAVES) {
        *err = xstrdup("the finite supports together have more than 2*10^7 points");
        goto done;
    }
    if (m->has_abs) {
        ptrvec seen = {0};
        collect_kinks(E, &dc, outs[0], &seen);
        pv_free(&seen);
    }
    rc = 0;
done:
    free(order);
    free(outs);
    diff_free(&dc);
    if (rc)
        engine_free(E);
    return rc;
}

/* The point and row: the fixed values, and the rest values of the continuous levels (the
 * joint mode, approximately: three sweeps of one-variable Newton). */
static int engine_row(engine *E, mpfr_t *point, int row, char **err)
{
    model *m = E->m;
    for (int i = 0; i < E->d; i++)
        mpfr_set(E->fixed[i], point[i], MPFR_RNDN);
    for (int i = 0; i < E->ni; i++) {
        const decl *dc = expr_sym_get(m->ex, m->inputs[i])->owner;
        if (!const_value(m, E->cev, dc->values[row], E->fixed[E->d + i]) ||
            !mpfr_number_p(E->fixed[E->d + i])) {
            strbuf sb = {0};
            sb_printf(&sb, "the value of input '%s' in row %d cannot be evaluated",
                      expr_sym_get(m->ex, m->inputs[i])->name, row + 1);
            *err = sb_take(&sb);
            return -1;
        }
    }
    return 0;
}

static void engine_rest(engine *E, const int *params)
{
    for (int i = 0; i < E->d; i++)
        eval_set(E->cev, params[i], E->fixed[i]);
    for (int i = 0; i < E->ni; i++)
        eval_set(E->cev, E->m->inputs[i], E->fixed[E->d + i]);
    if (!E->any_cont)
        return;
    mpfr_t mode, scale;
    mpfr_inits2(eval_prec(E->cev), mode, scale, (mpfr_ptr)0);
    for (int sweep = 0; sweep < (E->nd > 1 ? 3 : 1); sweep++)
        for (int L = 0; L < E->nd; L++) {
            if (E->lv[L].kind != DV_CONT)
                continue;
            for (int j = 0; j < E->nd; j++)
                if (j != L)
                    eval_set(E->cev, E->lv[j].sym, E->lv[j].rest);
            if (find_mode(E, L, E->lv[L].rest, mode, scale))
                mpfr_set(E->lv[L].rest, mode, MPFR_RNDN);
        }
    mpfr_clears(mode, scale, (mpfr_ptr)0);
}

/* Two passes for one row: r1/e1 at p1, r2/e2 at p2. */
static int engine_passes(engine *E, mpfr_t *point, const int *params, int row, mpfr_prec_t p1,
                         mpfr_prec_t p2, mpfr_t *r1, mpfr_t *e1, mpfr_t *r2, mpfr_t *e2,
                         char **err)
{
    if (engine_row(E, point, row, err))
        return -1;
    engine_rest(E, params);
    if (one_pass(E, r1, e1, p1, err))
        return -1;
    return one_pass(E, r2, e2, p2, err);
}

/* -log10 of |a - b| relative to scale (capped). */
static int agree_digits(const mpfr_t diff, const mpfr_t scale, int cap)
{
    if (mpfr_zero_p(diff))
        return cap;
    if (mpfr_zero_p(scale))
        return 0;
    mpfr_t r;
    mpfr_init2(r, 64);
    mpfr_div(r, diff, scale, MPFR_RNDU);
    mpfr_abs(r, r, MPFR_RNDU);
    long e;
    double mm = mpfr_get_d_2exp(&e, r, MPFR_RNDU);
    double l10 = log10(fabs(mm)) + (double)e * 0.30102999566398120;
    mpfr_clear(r);
    int dg = (int)floor(-l10);
    return dg < 0 ? 0 : dg > cap ? cap : dg;
}

/* The uncertainty of a component: max(|r1 - r2|, e1, e2), rounded up. */
static void uncertainty(mpfr_t u, const mpfr_t r1, const mpfr_t e1, const mpfr_t r2,
                        const mpfr_t e2)
{
    mpfr_sub(u, r1, r2, MPFR_RNDU);
    mpfr_abs(u, u, MPFR_RNDU);
    if (mpfr_cmp(e1, u) > 0)
        mpfr_set(u, e1, MPFR_RNDU);
    if (mpfr_cmp(e2, u) > 0)
        mpfr_set(u, e2, MPFR_RNDU);
}

static mpfr_t *vec_new(size_t n, mpfr_prec_t prec)
{
    mpfr_t *v = xmalloc(n * sizeof *v);
    for (size_t i = 0; i < n; i++) {
        mpfr_init2(v[i], prec);
        mpfr_set_ui(v[i], 0, MPFR_RNDN);
    }
    return v;
}

static void vec_free(mpfr_t *v, size_t n)
{
    if (!v)
        return;
    for (size_t i = 0; i < n; i++)
        mpfr_clear(v[i]);
    free(v);
}

static mpfr_prec_t first_prec(int digits, long prec_override)
{
    return prec_override > 0 ? (mpfr_prec_t)prec_override : (mpfr_prec_t)(digits * 3.33 + 40);
}

/* ---- independent groups ------------------------------------------------------------------
 *
 * logp = a(theta) + sum_g l_g (compiler/sym/indep.h): one engine per distinct group, over
 * its own data only, each giving Z_g = int e^l_g and the integrals of e^l_g times the
 * group's score, its products and its Hessian (or the moment expressions of that group).
 * The joint integrals follow exactly, without the product of the supports:
 *     mass = e^a prod Z_g,  with mu_g = M1_g/Z_g, V_g = M2_g/Z_g, h_g = -H_g/Z_g,
 *     int p s s^T = mass [(grad a + sum mu_g)(grad a + sum mu_g)^T + sum (V_g - mu_g mu_g^T)],
 *     int -p H   = mass [-hess a + sum h_g],   int p g = mass M1_g(g)/Z_g.
 * Copies of a group (an iid sample) count c times: Z^c, c mu, c (V - mu mu^T), c h. The
 * error estimates are carried through to first order. A model whose data form one group
 * runs the single engine as before. */

typedef struct driver {
    wspool *pool;       /* shared by every engine (allocated: engines keep its address) */
    bool grouped;
    engine one;
    indep ix;
    engine *E;          /* per representative group */
    int ne;
    int *rep_group;     /* engine -> its group */
    int *copies;        /* engine -> copies */
    int kind, d, P, ng;
    size_t ncomp;       /* the layout of the single engine (NX_FIM or NX_MOMENTS) */
    expr *a, **da, **dda; /* FIM: a, grad a, hess a (upper triangle), consts substituted */
    /* moments: g_k = c_k + sum of parts, one per group its terms mention (a sum over
     * independent groups is split by linearity: E[x1 + x2] = E[x1] + E[x2]); part q of g_k
     * is output g_slot[k][q] of engine g_eng[k][q] */
    expr **gfree;       /* c_k, the data-free terms (consts substituted) */
    int *gparts;
    int **g_eng, **g_slot;
    model *m;
    const int *params;
    bool any_cont;
} driver;

static void driver_free(driver *X)
{
    if (X->pool) {
        pool_free(X->pool);
        free(X->pool);
    }
    if (!X->grouped) {
        engine_free(&X->one);
    } else {
        for (int j = 0; j < X->ne; j++)
            engine_free(&X->E[j]);
        free(X->E);
        free(X->rep_group);
        free(X->copies);
        free(X->da);
        free(X->dda);
        for (int k = 0; X->g_eng && k < X->ng; k++) {
            free(X->g_eng[k]);
            free(X->g_slot[k]);
        }
        free(X->gfree);
        free(X->gparts);
        free(X->g_eng);
        free(X->g_slot);
        indep_free(&X->ix);
    }
    memset(X, 0, sizeof *X);
}

static int driver_init(driver *X, model *m, expr *logp, const int *params, int d, int kind,
                       expr *const *g, int ng, mpfr_prec_t hiprec, char **err)
{
    memset(X, 0, sizeof *X);
    X->pool = xcalloc(1, sizeof *X->pool);
    X->m = m;
    X->params = params;
    X->kind = kind;
    X->d = d;
    X->P = d * (d + 1) / 2;
    X->ng = ng;
    X->ncomp = kind == NX_FIM ? (size_t)(1 + 2 * X->P) : (size_t)(1 + 2 * ng);
    /* the terms of every g: a moment joins the groups of each of its terms, not all of them */
    ptrvec gt = {0};
    for (int k = 0; k < ng; k++) {
        if (g[k]->kind == EXPR_ADD)
            for (uint32_t i = 0; i < g[k]->nargs; i++)
                pv_push(&gt, g[k]->args[i]);
        else
            pv_push(&gt, g[k]);
    }
    indep_split(&X->ix, m, logp, (expr *const *)gt.v, (int)gt.n);
    pv_free(&gt);
    if (X->ix.ng <= 1) {
        indep_free(&X->ix);
        int rc = engine_init(&X->one, m, logp, params, d, kind, g, ng, m->data, m->ndata,
                             hiprec, err);
        X->one.pool = X->pool;
        if (rc) {
            pool_free(X->pool);
            free(X->pool);
            X->pool = NULL;
        }
        X->any_cont = rc == 0 && X->one.any_cont;
        return rc;
    }
    X->grouped = true;
    indep *ix = &X->ix;
    X->E = xcalloc((size_t)ix->nreps, sizeof *X->E);
    X->rep_group = xmalloc((size_t)ix->nreps * sizeof *X->rep_group);
    X->copies = xmalloc((size_t)ix->nreps * sizeof *X->copies);
    int *eng_of = xmalloc((size_t)ix->ng * sizeof *eng_of);
    for (int G = 0; G < ix->ng; G++)
        if (ix->g[G].rep == G) {
            eng_of[G] = X->ne;
            X->rep_group[X->ne] = G;
            X->copies[X->ne] = ix->g[G].copies;
            X->ne++;
        }
    diff_ctx dc;
    diff_init(&dc, m->ex);
    X->a = model_const_values(m, ix->a);
    if (kind == NX_FIM) {
        X->da = xmalloc((size_t)d * sizeof *X->da);
        X->dda = xmalloc((size_t)(X->P ? X->P : 1) * sizeof *X->dda);
        for (int i = 0, k = 0; i < d; i++) {
            X->da[i] = diff(&dc, X->a, params[i]);
            for (int j = i; j < d; j++, k++)
                X->dda[k] = diff(&dc, X->da[i], params[j]);
        }
    } else {
        X->gfree = xcalloc((size_t)(ng ? ng : 1), sizeof *X->gfree);
        X->gparts = xcalloc((size_t)(ng ? ng : 1), sizeof *X->gparts);
        X->g_eng = xcalloc((size_t)(ng ? ng : 1), sizeof *X->g_eng);
        X->g_slot = xcalloc((size_t)(ng ? ng : 1), sizeof *X->g_slot);
    }
    /* each engine's moment expressions: those of its group and of its copies, renamed */
    ptrvec *gs = xcalloc((size_t)X->ne, sizeof *gs);
    for (int k = 0; k < ng; k++) {
        /* the terms of g_k by group (-1: no data) */
        expr **ts = g[k]->kind == EXPR_ADD ? g[k]->args : (expr **)&g[k];
        size_t nt = g[k]->kind == EXPR_ADD ? g[k]->nargs : 1;
        ptrvec c0 = {0};
        ptrvec *byg = xcalloc((size_t)ix->ng, sizeof *byg);
        for (size_t t = 0; t < nt; t++) {
            int G = -1;
            for (int i = 0; i < m->ndata && G < 0; i++)
                if (expr_has_sym(m->ex, ts[t], m->data[i]))
                    G = indep_group_of(ix, m->data[i]);
            pv_push(G < 0 ? &c0 : &byg[G], ts[t]);
        }
        X->gfree[k] = model_const_values(m, expr_add(m->ex, c0.n, (expr *const *)c0.v));
        pv_free(&c0);
        for (int G = 0; G < ix->ng; G++) {
            if (!byg[G].n)
                continue;
            const indep_group *gr = &ix->g[G];
            expr *gk = expr_add(m->ex, byg[G].n, (expr *const *)byg[G].v);
            pv_free(&byg[G]);
            if (gr->rep != G) {
                expr **vals = xmalloc((size_t)gr->nd * sizeof *vals);
                for (int q = 0; q < gr->nd; q++)
                    vals[q] = expr_sym(m->ex, gr->map[q]);
                gk = expr_subst(m->ex, gk, (size_t)gr->nd, gr->data, vals);
                free(vals);
            }
            int j = eng_of[gr->rep], np = X->gparts[k]++;
            X->g_eng[k] = xrealloc(X->g_eng[k], (size_t)(np + 1) * sizeof *X->g_eng[k]);
            X->g_slot[k] = xrealloc(X->g_slot[k], (size_t)(np + 1) * sizeof *X->g_slot[k]);
            X->g_eng[k][np] = j;
            X->g_slot[k][np] = (int)gs[j].n;
            pv_push(&gs[j], gk);
        }
        free(byg);
    }
    int rc = 0;
    for (int j = 0; j < X->ne && rc == 0; j++) {
        const indep_group *gr = &ix->g[X->rep_group[j]];
        rc = engine_init(&X->E[j], m, gr->logp, params, d, kind == NX_FIM ? NX_GFIM : NX_MOMENTS,
                         (expr *const *)gs[j].v, (int)gs[j].n, gr->data, gr->nd, hiprec, err);
        X->E[j].pool = X->pool;
        if (rc == 0 && X->E[j].any_cont)
            X->any_cont = true;
        if (rc) {
            /* engines past j were never built: nothing to free there */
            for (int q = j + 1; q < X->ne; q++)
                memset(&X->E[q], 0, sizeof X->E[q]);
        }
    }
    for (int j = 0; j < X->ne; j++)
        pv_free(&gs[j]);
    free(gs);
    free(eng_of);
    diff_free(&dc);
    if (rc)
        driver_free(X);
    return rc;
}

/* |a|/|b| style first-order helpers at precision of the destination */
static void add_abs_mul(mpfr_t acc, const mpfr_t a, const mpfr_t b, mpfr_t tmp)
{
    mpfr_mul(tmp, a, b, MPFR_RNDU);
    mpfr_abs(tmp, tmp, MPFR_RNDU);
    mpfr_add(acc, acc, tmp, MPFR_RNDU);
}

/* Combines the engines' results at one precision (R[j], Er[j]) into the single engine's
 * layout res/err. */
static int combine(driver *X, mpfr_t **R, mpfr_t **Er, eval_ctx *ev, mpfr_t *res, mpfr_t *err,
                   mpfr_prec_t prec, char **why)
{
    int d = X->d, P = X->P;
    size_t nc = X->ncomp;
    mpfr_t *v = vec_new(nc, prec), *e = vec_new(nc, prec);
    mpfr_t lm, rel, t, u, mu_i, mu_j, emu_i, emu_j;
    mpfr_inits2(prec, lm, rel, t, u, mu_i, mu_j, emu_i, emu_j, (mpfr_ptr)0);
    mpfr_set_ui(lm, 0, MPFR_RNDN);
    mpfr_set_ui(rel, 0, MPFR_RNDN);
    int rc = 0;
    if (eval_exprs(ev, 1, &X->a, &lm) != EVAL_OK) {
        *why = xstrdup("logp, its score or its Hessian cannot be evaluated at this point (a "
                       "domain error or a pole in the parameters)");
        rc = -1;
    }
    for (int j = 0; j < X->ne && rc == 0; j++) {
        if (!(mpfr_sgn(R[j][0]) > 0) || !mpfr_number_p(R[j][0])) {
            *why = xstrdup("the total probability of a group of independent data variables is "
                           "not a positive number at this point");
            rc = -1;
            break;
        }
        mpfr_log(t, R[j][0], MPFR_RNDN);
        mpfr_mul_ui(t, t, (unsigned long)X->copies[j], MPFR_RNDN);
        mpfr_add(lm, lm, t, MPFR_RNDN);
        mpfr_div(t, Er[j][0], R[j][0], MPFR_RNDU);
        mpfr_mul_ui(t, t, (unsigned long)X->copies[j], MPFR_RNDU);
        mpfr_add(rel, rel, t, MPFR_RNDU);
    }
    if (rc == 0 && X->kind == NX_FIM) {
        /* A = grad a + sum c mu; C = sum c (V - mu mu^T); Hs = -hess a + sum c h */
        mpfr_t *A = vec_new((size_t)d, prec), *eA = vec_new((size_t)d, prec);
        mpfr_t *C = vec_new((size_t)P, prec), *eC = vec_new((size_t)P, prec);
        mpfr_t *Hs = vec_new((size_t)P, prec), *eH = vec_new((size_t)P, prec);
        if (eval_exprs(ev, (size_t)d, X->da, A) != EVAL_OK ||
            (P && eval_exprs(ev, (size_t)P, X->dda, Hs) != EVAL_OK)) {
            *why = xstrdup("logp, its score or its Hessian cannot be evaluated at this point (a "
                           "domain error or a pole in the parameters)");
            rc = -1;
        }
        for (int k = 0; k < P; k++)
            mpfr_neg(Hs[k], Hs[k], MPFR_RNDN);
        for (int j = 0; j < X->ne && rc == 0; j++) {
            mpfr_srcptr Z = R[j][0], eZ = Er[j][0];
            unsigned long c = (unsigned long)X->copies[j];
            for (int i = 0, k = 0; i < d; i++) {
                /* mu_i = M1_i / Z, its error (eM1 + |mu| eZ) / Z */
                mpfr_div(mu_i, R[j][1 + i], Z, MPFR_RNDN);
                mpfr_abs(emu_i, mu_i, MPFR_RNDU);
                mpfr_mul(emu_i, emu_i, eZ, MPFR_RNDU);
                mpfr_add(emu_i, emu_i, Er[j][1 + i], MPFR_RNDU);
                mpfr_div(emu_i, emu_i, Z, MPFR_RNDU);
                mpfr_mul_ui(t, mu_i, c, MPFR_RNDN);
                mpfr_add(A[i], A[i], t, MPFR_RNDN);
                mpfr_mul_ui(t, emu_i, c, MPFR_RNDU);
                mpfr_add(eA[i], eA[i], t, MPFR_RNDU);
                for (int jj = i; jj < d; jj++, k++) {
                    mpfr_div(mu_j, R[j][1 + jj], Z, MPFR_RNDN);
                    mpfr_abs(emu_j, mu_j, MPFR_RNDU);
                    mpfr_mul(emu_j, emu_j, eZ, MPFR_RNDU);
                    mpfr_add(emu_j, emu_j, Er[j][1 + jj], MPFR_RNDU);
                    mpfr_div(emu_j, emu_j, Z, MPFR_RNDU);
                    /* V - mu_i mu_j */
                    mpfr_div(t, R[j][1 + d + k], Z, MPFR_RNDN);
                    mpfr_mul(u, mu_i, mu_j, MPFR_RNDN);
                    mpfr_sub(t, t, u, MPFR_RNDN);
                    mpfr_mul_ui(t, t, c, MPFR_RNDN);
                    mpfr_add(C[k], C[k], t, MPFR_RNDN);
                    /* its error: (eM2 + |V| eZ)/Z + |mu_i| emu_j + |mu_j| emu_i */
                    mpfr_div(t, R[j][1 + d + k], Z, MPFR_RNDN);
                    mpfr_abs(t, t, MPFR_RNDU);
                    mpfr_mul(t, t, eZ, MPFR_RNDU);
                    mpfr_add(t, t, Er[j][1 + d + k], MPFR_RNDU);
                    mpfr_div(t, t, Z, MPFR_RNDU);
                    add_abs_mul(t, mu_i, emu_j, u);
                    add_abs_mul(t, mu_j, emu_i, u);
                    mpfr_mul_ui(t, t, c, MPFR_RNDU);
                    mpfr_add(eC[k], eC[k], t, MPFR_RNDU);
                    /* h = NH/Z */
                    mpfr_div(t, R[j][1 + d + P + k], Z, MPFR_RNDN);
                    mpfr_mul_ui(u, t, c, MPFR_RNDN);
                    mpfr_add(Hs[k], Hs[k], u, MPFR_RNDN);
                    mpfr_abs(t, t, MPFR_RNDU);
                    mpfr_mul(t, t, eZ, MPFR_RNDU);
                    mpfr_add(t, t, Er[j][1 + d + P + k], MPFR_RNDU);
                    mpfr_div(t, t, Z, MPFR_RNDU);
                    mpfr_mul_ui(t, t, c, MPFR_RNDU);
                    mpfr_add(eH[k], eH[k], t, MPFR_RNDU);
                }
            }
        }
        if (rc == 0) {
            mpfr_exp(v[0], lm, MPFR_RNDN);
            mpfr_mul(e[0], v[0], rel, MPFR_RNDU);
            for (int i = 0, k = 0; i < d; i++)
                for (int jj = i; jj < d; jj++, k++) {
                    mpfr_mul(t, A[i], A[jj], MPFR_RNDN);
                    mpfr_add(t, t, C[k], MPFR_RNDN);
                    mpfr_mul(v[1 + k], t, v[0], MPFR_RNDN);
                    mpfr_set(u, eC[k], MPFR_RNDU);
                    add_abs_mul(u, A[i], eA[jj], t);
                    add_abs_mul(u, A[jj], eA[i], t);
                    add_abs_mul(u, eA[i], eA[jj], t);
                    mpfr_mul(u, u, v[0], MPFR_RNDU);
                    add_abs_mul(u, v[1 + k], rel, t);
                    mpfr_set(e[1 + k], u, MPFR_RNDU);
                    mpfr_mul(v[1 + P + k], Hs[k], v[0], MPFR_RNDN);
                    mpfr_mul(u, eH[k], v[0], MPFR_RNDU);
                    add_abs_mul(u, v[1 + P + k], rel, t);
                    mpfr_set(e[1 + P + k], u, MPFR_RNDU);
                }
        }
        vec_free(A, (size_t)d);
        vec_free(eA, (size_t)d);
        vec_free(C, (size_t)P);
        vec_free(eC, (size_t)P);
        vec_free(Hs, (size_t)P);
        vec_free(eH, (size_t)P);
    } else if (rc == 0) {
        /* per moment: c + sum_q m_q (m_q = M1_q/Z, q_q = M2_q/Z, the parts independent):
         * E g = c + S, E g^2 = c^2 + 2 c S + sum q_q + S^2 - sum m_q^2, times the mass */
        int n = X->ng;
        mpfr_t c0, S, S2, Q, eS, eQ, aS;
        mpfr_inits2(prec, c0, S, S2, Q, eS, eQ, aS, (mpfr_ptr)0);
        mpfr_exp(v[0], lm, MPFR_RNDN);
        mpfr_mul(e[0], v[0], rel, MPFR_RNDU);
        for (int k = 0; k < n && rc == 0; k++) {
            if (eval_exprs(ev, 1, &X->gfree[k], &c0) != EVAL_OK) {
                *why = xstrdup("the expression cannot be evaluated at this point");
                rc = -1;
                break;
            }
            mpfr_set_ui(S, 0, MPFR_RNDN);
            mpfr_set_ui(S2, 0, MPFR_RNDN);
            mpfr_set_ui(Q, 0, MPFR_RNDN);
            mpfr_set_ui(eS, 0, MPFR_RNDN);
            mpfr_set_ui(eQ, 0, MPFR_RNDN);
            mpfr_set_ui(aS, 0, MPFR_RNDN);
            for (int q = 0; q < X->gparts[k]; q++) {
                int j = X->g_eng[k][q], sl = X->g_slot[k][q], ngj = X->E[j].ng;
                mpfr_srcptr Z = R[j][0], eZ = Er[j][0];
                for (int w = 0; w < 2; w++) {
                    /* value M/Z and its error (eM + |M/Z| eZ)/Z */
                    mpfr_div(t, R[j][1 + w * ngj + sl], Z, MPFR_RNDN);
                    mpfr_abs(u, t, MPFR_RNDU);
                    mpfr_mul(u, u, eZ, MPFR_RNDU);
                    mpfr_add(u, u, Er[j][1 + w * ngj + sl], MPFR_RNDU);
                    mpfr_div(u, u, Z, MPFR_RNDU);
                    if (w == 0) {
                        mpfr_add(S, S, t, MPFR_RNDN);
                        mpfr_abs(mu_i, t, MPFR_RNDU);
                        mpfr_add(aS, aS, mu_i, MPFR_RNDU);
                        mpfr_sqr(mu_i, t, MPFR_RNDN);
                        mpfr_add(S2, S2, mu_i, MPFR_RNDN);
                        mpfr_add(eS, eS, u, MPFR_RNDU);
                    } else {
                        mpfr_add(Q, Q, t, MPFR_RNDN);
                        mpfr_add(eQ, eQ, u, MPFR_RNDU);
                    }
                }
            }
            /* E g (normalised) = c + S */
            mpfr_add(t, c0, S, MPFR_RNDN);
            mpfr_mul(v[1 + k], t, v[0], MPFR_RNDN);
            mpfr_mul(u, eS, v[0], MPFR_RNDU);
            add_abs_mul(u, v[1 + k], rel, mu_j);
            mpfr_set(e[1 + k], u, MPFR_RNDU);
            /* E g^2 = c^2 + 2 c S + Q + S^2 - S2 */
            mpfr_sqr(t, c0, MPFR_RNDN);
            mpfr_mul(u, c0, S, MPFR_RNDN);
            mpfr_mul_2ui(u, u, 1, MPFR_RNDN);
            mpfr_add(t, t, u, MPFR_RNDN);
            mpfr_add(t, t, Q, MPFR_RNDN);
            mpfr_sqr(u, S, MPFR_RNDN);
            mpfr_add(t, t, u, MPFR_RNDN);
            mpfr_sub(t, t, S2, MPFR_RNDN);
            mpfr_mul(v[1 + n + k], t, v[0], MPFR_RNDN);
            /* its error: eQ + 2 (|c| + sum |m_q|) eS */
            mpfr_abs(u, c0, MPFR_RNDU);
            mpfr_add(u, u, aS, MPFR_RNDU);
            mpfr_mul(u, u, eS, MPFR_RNDU);
            mpfr_mul_2ui(u, u, 1, MPFR_RNDU);
            mpfr_add(u, u, eQ, MPFR_RNDU);
            mpfr_mul(u, u, v[0], MPFR_RNDU);
            add_abs_mul(u, v[1 + n + k], rel, mu_j);
            mpfr_set(e[1 + n + k], u, MPFR_RNDU);
        }
        mpfr_clears(c0, S, S2, Q, eS, eQ, aS, (mpfr_ptr)0);
    }
    for (size_t k = 0; rc == 0 && k < nc; k++) {
        mpfr_set(res[k], v[k], MPFR_RNDN);
        mpfr_set(err[k], e[k], MPFR_RNDU);
    }
    mpfr_clears(lm, rel, t, u, mu_i, mu_j, emu_i, emu_j, (mpfr_ptr)0);
    vec_free(v, nc);
    vec_free(e, nc);
    return rc;
}

/* Two passes for one row, in the single engine's layout. */
static int driver_passes(driver *X, mpfr_t *point, int row, mpfr_prec_t p1, mpfr_prec_t p2,
                         mpfr_t *r1, mpfr_t *e1, mpfr_t *r2, mpfr_t *e2, char **err)
{
    if (!X->grouped)
        return engine_passes(&X->one, point, X->params, row, p1, p2, r1, e1, r2, e2, err);
    mpfr_t **R[2], **Er[2];
    int rc = 0;
    for (int q = 0; q < 2; q++) {
        R[q] = xcalloc((size_t)X->ne, sizeof *R[q]);
        Er[q] = xcalloc((size_t)X->ne, sizeof *Er[q]);
    }
    for (int j = 0; j < X->ne && rc == 0; j++) {
        size_t nc = X->E[j].ncomp;
        R[0][j] = vec_new(nc, p1);
        Er[0][j] = vec_new(nc, p1);
        R[1][j] = vec_new(nc, p2);
        Er[1][j] = vec_new(nc, p2);
        rc = engine_passes(&X->E[j], point, X->params, row, p1, p2, R[0][j], Er[0][j], R[1][j],
                           Er[1][j], err);
    }
    for (int q = 0; q < 2 && rc == 0; q++) {
        mpfr_prec_t pr = (q ? p2 : p1) + 32;
        eval_ctx *ev = eval_new(X->m->ex, pr);
        engine *E0 = &X->E[0];
        for (int i = 0; i < X->d; i++)
            eval_set(ev, X->params[i], E0->fixed[i]);
        for (int i = 0; i < E0->ni; i++)
            eval_set(ev, X->m->inputs[i], E0->fixed[X->d + i]);
        rc = combine(X, R[q], Er[q], ev, q ? r2 : r1, q ? e2 : e1, pr, err);
        eval_free(ev);
    }
    for (int q = 0; q < 2; q++) {
        for (int j = 0; j < X->ne; j++) {
            if (!R[q][j])
                continue;
            vec_free(R[q][j], X->E[j].ncomp);
            vec_free(Er[q][j], X->E[j].ncomp);
        }
        free(R[q]);
        free(Er[q]);
    }
    return rc;
}

int numfim_compute(numfim *nf, model *m, expr *logp, const int *params, int d,
                   mpfr_t *point, int row, int digits, long prec_override, char **err)
{
    memset(nf, 0, sizeof *nf);
    *err = NULL;
    int nrows = numfim_rows(m, err);
    if (nrows < 0)
        return -1;
    mpfr_prec_t p1 = first_prec(digits, prec_override), p2 = p1 + 64;
    driver X;
    if (driver_init(&X, m, logp, params, d, NX_FIM, NULL, 0, p2 + 32, err))
        return -1;
    size_t nc = X.ncomp;
    int P = X.P;
    mpfr_t *r1 = vec_new(nc, p1), *e1 = vec_new(nc, p1), *r2 = vec_new(nc, p2),
           *e2 = vec_new(nc, p2);
    mpfr_t *s1 = vec_new(nc, p1 + 16), *t1 = vec_new(nc, p1 + 16), *s2 = vec_new(nc, p2 + 16),
           *t2 = vec_new(nc, p2 + 16);
    mpfr_t worst, dev, mass;
    mpfr_inits2(p2, worst, dev, mass, (mpfr_ptr)0);
    int mass_row = 0;
    mpfr_set_si(worst, -1, MPFR_RNDN);
    int rc = -1;
    int first = row < 0 ? 0 : row, last = row < 0 ? nrows - 1 : row;
    if (row >= nrows) {
        *err = xstrdup("no such input row");
        goto done;
    }
    mass_row = first;
    for (int r = first; r <= last; r++) {
        if (driver_passes(&X, point, r, p1, p2, r1, e1, r2, e2, err))
            goto done;
        for (size_t k = 0; k < nc; k++) {
            mpfr_add(s1[k], s1[k], r1[k], MPFR_RNDN);
            mpfr_add(t1[k], t1[k], e1[k], MPFR_RNDU);
            mpfr_add(s2[k], s2[k], r2[k], MPFR_RNDN);
            mpfr_add(t2[k], t2[k], e2[k], MPFR_RNDU);
        }
        mpfr_sub_ui(dev, r2[0], 1, MPFR_RNDN);
        mpfr_abs(dev, dev, MPFR_RNDN);
        if (mpfr_cmp(dev, worst) > 0) {
            mpfr_set(worst, dev, MPFR_RNDN);
            mpfr_set(mass, r2[0], MPFR_RNDN);
            mass_row = r;
        }
    }
    int nr = last - first + 1;
    for (size_t k = 0; k < nc; k++) {
        mpfr_div_ui(s1[k], s1[k], (unsigned long)nr, MPFR_RNDN);
        mpfr_div_ui(t1[k], t1[k], (unsigned long)nr, MPFR_RNDU);
        mpfr_div_ui(s2[k], s2[k], (unsigned long)nr, MPFR_RNDN);
        mpfr_div_ui(t2[k], t2[k], (unsigned long)nr, MPFR_RNDU);
    }
    nf->d = d;
    nf->rows = nr;
    nf->mass_row = mass_row;
    mpfr_init2(nf->mass, p2);
    mpfr_set(nf->mass, mass, MPFR_RNDN);
    nf->method = X.any_cont ? "quadrature" : "sum";
    nf->ess = xmalloc((size_t)(d * d) * sizeof *nf->ess);
    nf->neh = xmalloc((size_t)(d * d) * sizeof *nf->neh);
    for (int i = 0, k = 0; i < d; i++)
        for (int j = i; j < d; j++, k++) {
            int ij = i * d + j, ji = j * d + i;
            mpfr_init2(nf->ess[ij], p2);
            mpfr_init2(nf->neh[ij], p2);
            mpfr_set(nf->ess[ij], s2[1 + k], MPFR_RNDN);
            mpfr_set(nf->neh[ij], s2[1 + P + k], MPFR_RNDN);
            if (j != i) {
                mpfr_init2(nf->ess[ji], p2);
                mpfr_init2(nf->neh[ji], p2);
                mpfr_set(nf->ess[ji], s2[1 + k], MPFR_RNDN);
                mpfr_set(nf->neh[ji], s2[1 + P + k], MPFR_RNDN);
            }
        }
    {
        int cap = (int)(p1 * 0.30103) - 2;
        mpfr_t big, dif;
        mpfr_inits2(p2, big, dif, (mpfr_ptr)0);
        mpfr_set_ui(big, 0, MPFR_RNDN);
        for (int k = 0; k < P; k++)
            if (mpfr_cmpabs(s2[1 + k], big) > 0)
                mpfr_abs(big, s2[1 + k], MPFR_RNDN);
        int dg = cap, ag = cap;
        for (size_t k = 1; k < nc; k++) {
            uncertainty(dif, s1[k], t1[k], s2[k], t2[k]);
            int g = agree_digits(dif, big, cap) - 1;
            if (g < dg)
                dg = g;
        }
        for (int k = 0; k < P; k++) {
            mpfr_sub(dif, s2[1 + k], s2[1 + P + k], MPFR_RNDN);
            int g = agree_digits(dif, big, cap);
            if (g < ag)
                ag = g;
        }
        nf->digits = dg < 0 ? 0 : dg;
        /* an agreement is claimed only to the digits each form was verified to */
        nf->agreement = ag > nf->digits ? nf->digits : ag;
        mpfr_clears(big, dif, (mpfr_ptr)0);
    }
    rc = 0;
done:
    vec_free(r1, nc);
    vec_free(e1, nc);
    vec_free(r2, nc);
    vec_free(e2, nc);
    vec_free(s1, nc);
    vec_free(t1, nc);
    vec_free(s2, nc);
    vec_free(t2, nc);
    mpfr_clears(worst, dev, mass, (mpfr_ptr)0);
    driver_free(&X);
    return rc;
}

void numfim_clear(numfim *nf)
{
    if (nf->ess) {
        for (int i = 0; i < nf->d * nf->d; i++) {
            mpfr_clear(nf->ess[i]);
            mpfr_clear(nf->neh[i]);
        }
        free(nf->ess);
        free(nf->neh);
        mpfr_clear(nf->mass);
    }
    memset(nf, 0, sizeof *nf);
}

int numexp_compute(numexp *ne, model *m, expr *logp, const int *params, int d, mpfr_t *point,
                   int row, expr *const *g, int n, int digits, long prec_override, char **err)
{
    memset(ne, 0, sizeof *ne);
    *err = NULL;
    int nrows = numfim_rows(m, err);
    if (nrows < 0)
        return -1;
    if (row >= nrows) {
        *err = xstrdup("no such input row");
        return -1;
    }
    mpfr_prec_t p1 = first_prec(digits, prec_override), p2 = p1 + 64;
    driver X;
    if (driver_init(&X, m, logp, params, d, NX_MOMENTS, g, n, p2 + 32, err))
        return -1;
    size_t nc = X.ncomp;
    mpfr_t *r1 = vec_new(nc, p1), *e1 = vec_new(nc, p1), *r2 = vec_new(nc, p2),
           *e2 = vec_new(nc, p2);
    /* over the rows: sums of the means, of E g^2 (for the scale), of the variances, and of
     * their uncertainties; the mass of the row farthest from 1 */
    size_t nn = (size_t)(n ? n : 1);
    mpfr_t *sm = vec_new(nn, p2 + 16), *sq = vec_new(nn, p2 + 16), *sv = vec_new(nn, p2 + 16),
           *um = vec_new(nn, 64), *uv = vec_new(nn, 64);
    mpfr_t u, sc, v1, v2, w, ev, mass, umass, worst;
    mpfr_inits2(p2 + 16, u, sc, v1, v2, w, ev, mass, umass, worst, (mpfr_ptr)0);
    mpfr_set_si(worst, -1, MPFR_RNDN);
    int rc = -1;
    int first = row < 0 ? 0 : row, last = row < 0 ? nrows - 1 : row;
    for (int r = first; r <= last; r++) {
        if (driver_passes(&X, point, r, p1, p2, r1, e1, r2, e2, err))
            goto done;
        mpfr_sub_ui(w, r2[0], 1, MPFR_RNDN);
        mpfr_abs(w, w, MPFR_RNDN);
        if (mpfr_cmp(w, worst) > 0) {
            mpfr_set(worst, w, MPFR_RNDN);
            mpfr_set(mass, r2[0], MPFR_RNDN);
            uncertainty(umass, r1[0], e1[0], r2[0], e2[0]);
        }
        for (int k = 0; k < n; k++) {
            mpfr_srcptr m1 = r1[1 + k], m2 = r2[1 + k], q1 = r1[1 + n + k], q2 = r2[1 + n + k];
            mpfr_add(sm[k], sm[k], m2, MPFR_RNDN);
            mpfr_add(sq[k], sq[k], q2, MPFR_RNDN);
            uncertainty(u, m1, e1[1 + k], m2, e2[1 + k]);
            mpfr_add(um[k], um[k], u, MPFR_RNDU);
            /* the variance at each precision, E g^2 - (E g)^2, and its uncertainty
             * max(|v1 - v2|, e(E g^2) + 2 |E g| e(E g)) */
            mpfr_sqr(v1, m1, MPFR_RNDN);
            mpfr_sub(v1, q1, v1, MPFR_RNDN);
            mpfr_sqr(v2, m2, MPFR_RNDN);
            mpfr_sub(v2, q2, v2, MPFR_RNDN);
            mpfr_add(sv[k], sv[k], v2, MPFR_RNDN);
            mpfr_sub(u, v1, v2, MPFR_RNDU);
            mpfr_abs(u, u, MPFR_RNDU);
            for (int hp = 0; hp < 2; hp++) {
                mpfr_srcptr em = hp ? e2[1 + k] : e1[1 + k], eq = hp ? e2[1 + n + k] : e1[1 + n + k];
                mpfr_abs(w, hp ? m2 : m1, MPFR_RNDU);
                mpfr_mul(w, w, em, MPFR_RNDU);
                mpfr_mul_2ui(w, w, 1, MPFR_RNDU);
                mpfr_add(ev, w, eq, MPFR_RNDU);
                if (mpfr_cmp(ev, u) > 0)
                    mpfr_set(u, ev, MPFR_RNDU);
            }
            mpfr_add(uv[k], uv[k], u, MPFR_RNDU);
        }
    }
    int nr = last - first + 1;
    ne->n = n;
    ne->method = X.any_cont ? "quadrature" : "sum";
    int cap = (int)(p1 * 0.30103) - 2;
    mpfr_init2(ne->mass, p2);
    mpfr_set(ne->mass, mass, MPFR_RNDN);
    mpfr_abs(sc, mass, MPFR_RNDN);
    ne->mass_digits = agree_digits(umass, sc, cap) - 1;
    if (ne->mass_digits < 0)
        ne->mass_digits = 0;
    ne->mean = vec_new((size_t)n, p2);
    ne->var = vec_new((size_t)n, p2);
    ne->mean_digits = xcalloc(nn, sizeof *ne->mean_digits);
    ne->var_digits = xcalloc(nn, sizeof *ne->var_digits);
    for (int k = 0; k < n; k++) {
        mpfr_div_ui(ne->mean[k], sm[k], (unsigned long)nr, MPFR_RNDN);
        mpfr_div_ui(ne->var[k], sv[k], (unsigned long)nr, MPFR_RNDN);
        /* mean: relative to max(|E g|, sqrt(E g^2)) */
        mpfr_div_ui(sc, sq[k], (unsigned long)nr, MPFR_RNDN);
        mpfr_sqrt(sc, sc, MPFR_RNDN);
        if (mpfr_cmpabs(ne->mean[k], sc) > 0)
            mpfr_abs(sc, ne->mean[k], MPFR_RNDN);
        mpfr_div_ui(u, um[k], (unsigned long)nr, MPFR_RNDU);
        int dg = agree_digits(u, sc, cap) - 1;
        ne->mean_digits[k] = dg < 0 ? 0 : dg;
        mpfr_abs(sc, ne->var[k], MPFR_RNDN);
        mpfr_div_ui(u, uv[k], (unsigned long)nr, MPFR_RNDU);
        dg = agree_digits(u, sc, cap) - 1;
        ne->var_digits[k] = dg < 0 ? 0 : dg;
    }
    rc = 0;
done:
    mpfr_clears(u, sc, v1, v2, w, ev, mass, umass, worst, (mpfr_ptr)0);
    vec_free(sm, nn);
    vec_free(sq, nn);
    vec_free(sv, nn);
    vec_free(um, nn);
    vec_free(uv, nn);
    vec_free(r1, nc);
    vec_free(e1, nc);
    vec_free(r2, nc);
    vec_free(e2, nc);
    driver_free(&X);
    return rc;
}

void numexp_clear(numexp *ne)
{
    if (ne->mean_digits) {
        mpfr_clear(ne->mass);
        vec_free(ne->mean, (size_t)ne->n);
        vec_free(ne->var, (size_t)ne->n);
        free(ne->mean_digits);
        free(ne->var_digits);
    }
    memset(ne, 0, sizeof *ne);
}

char *numfim_format(const mpfr_t v, int digits)
{
    if (digits < 1)
        return xstrdup("(no digit verified)");
    if (mpfr_zero_p(v))
        return xstrdup("0");
    mpfr_exp_t e;
    char *s = mpfr_get_str(NULL, &e, 10, (size_t)digits, v, MPFR_RNDN);
    const char *dg = s[0] == '-' ? s + 1 : s;
    strbuf sb = {0};
    if (s[0] == '-')
        sb_putc(&sb, '-');
    size_t n = strlen(dg);
    if (e > 0 && e <= 21) {
        /* ddd.ddd (integer digits, then the rest) */
        for (size_t i = 0; i < (size_t)e; i++)
            sb_putc(&sb, i < n ? dg[i] : '0');
        if ((size_t)e < n) {
            sb_putc(&sb, '.');
            sb_puts(&sb, dg + e);
        }
    } else if (e <= 0 && e > -6) {
        sb_puts(&sb, "0.");
        for (mpfr_exp_t i = 0; i < -e; i++)
            sb_putc(&sb, '0');
        sb_puts(&sb, dg);
    } else {
        sb_putc(&sb, dg[0]);
        if (n > 1) {
            sb_putc(&sb, '.');
            sb_puts(&sb, dg + 1);
        }
        sb_printf(&sb, "e%+ld", (long)(e - 1));
    }
    mpfr_free_str(s);
    return sb_take(&sb);
}

int numfim_sqrt_det(const numfim *nf, mpfr_t J)
{
    int d = nf->d;
    mpfr_prec_t prec = mpfr_get_prec(J) > 64 ? mpfr_get_prec(J) : 64;
    mpfr_t *inv = xmalloc((size_t)(d * d) * sizeof *inv);
    for (int i = 0; i < d * d; i++)
        mpfr_init2(inv[i], prec);
    mpfr_t big, sum, t;
    mpfr_inits2(prec, big, sum, t, (mpfr_ptr)0);
    int digits = -1;
    if (fimrt_sym_det(J, (const mpfr_t *)nf->ess, (size_t)d, prec) == FIMRT_OK &&
        mpfr_sgn(J) > 0 &&
        fimrt_sym_inverse(inv, (const mpfr_t *)nf->ess, (size_t)d, prec) == FIMRT_OK) {
        mpfr_set_ui(big, 0, MPFR_RNDN);
        mpfr_set_ui(sum, 0, MPFR_RNDN);
        for (int i = 0; i < d * d; i++) {
            if (mpfr_cmpabs(nf->ess[i], big) > 0)
                mpfr_abs(big, nf->ess[i], MPFR_RNDN);
            mpfr_abs(t, inv[i], MPFR_RNDN);
            mpfr_add(sum, sum, t, MPFR_RNDN);
        }
        /* |delta det| / det <= 10^-digits max|F| sum|F^-1|; sqrt halves it */
        mpfr_mul(t, big, sum, MPFR_RNDU);
        double lost = mpfr_get_d(t, MPFR_RNDU);
        digits = nf->digits - (int)ceil(log10(lost > 1 ? lost : 1)) - 1;
        if (digits < 0)
            digits = 0;
        mpfr_sqrt(J, J, MPFR_RNDN);
    }
    mpfr_clears(big, sum, t, (mpfr_ptr)0);
    for (int i = 0; i < d * d; i++)
        mpfr_clear(inv[i]);
    free(inv);
    return digits;
}

int numfim_agreeing_digits(const mpfr_t lo, const mpfr_t hi, int cap)
{
    if (mpfr_equal_p(lo, hi) || mpfr_zero_p(hi))
        return mpfr_equal_p(lo, hi) ? cap : 0;
    mpfr_t d;
    mpfr_init2(d, mpfr_get_prec(hi));
    mpfr_sub(d, lo, hi, MPFR_RNDN);
    mpfr_div(d, d, hi, MPFR_RNDN);
    /* |d| < 2^exp(d): the digits on which both agree, one less for the rounding of the last */
    int agree = (int)(-mpfr_get_exp(d) * 0.30103) - 1;
    mpfr_clear(d);
    return agree < 0 ? 0 : agree < cap ? agree : cap;
}
