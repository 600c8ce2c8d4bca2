/* runtime/quad.c — double-exponential (DE) quadrature of callbacks: tanh-sinh on finite
 * pieces, exp-sinh on half-lines, sinh-sinh on the real line (Takahasi & Mori 1974; Mori &
 * Sugihara, "The double-exponential transformation in numerical analysis", J. Comput.
 * Appl. Math. 127, 2001; Bailey, Jeyabalan & Li, "A comparison of three high-precision
 * quadrature schemes", Exp. Math. 14, 2005).
 *
 * Each rule substitutes x = φ(t) and applies the trapezoidal rule with step h on t ∈ ℝ:
 *   ∫ f(x) dx = ∫ f(φ(t)) φ'(t) dt ≈ h Σ_k f(φ(kh)) φ'(kh).
 * φ'(t)·f(φ(t)) decays double-exponentially as |t| grows, so the sum is truncated after a
 * few units of t, and for f analytic in a strip around the path the trapezoidal error
 * falls like exp(-c/h): halving h roughly doubles the correct digits. Levels halve h and
 * evaluate only the new, odd nodes (the previous level's sum is reused); two successive
 * levels that agree give the error estimate.
 *
 * All rules are written with E = exp(w), w = π/2·sinh t, and C = dw/dt = π/2·cosh t,
 * computed once per node and cached per level in the workspace (E(-t) = 1/E(t),
 * C(-t) = C(t), so only t > 0 is stored). See fimrt.h for the maps and the guarantees.
 */
#include <limits.h>
#include <stdlib.h>

#include <mpfr.h>

#include "fimrt.h"

#define QUAD_GUARD 32          /* bits above prec for nodes, weights and sums */
#define QUAD_TMAX 12           /* level-0 ranges stop at |t| = 12 (x ~ exp(±127000)) */
#define QUAD_LEVEL_LIMIT 20    /* the largest max_level accepted */
#define QUAD_DEFAULT_LEVEL 12  /* default max_level: at most ~2·12·2^12 nodes a piece */
#define QUAD_MIN_LEVEL 2       /* no piece is accepted before level 2 (h = 1/4) */
#define QUAD_RANGE_BITS 4      /* level-0 range: terms below 2^-(target+4) of L1 */
#define QUAD_CAP_FACTOR 16     /* x gets at most 16·(prec+32) bits beyond its end */

/* ---- node cache ---------------------------------------------------------------------- */

/* One level's nodes for t > 0: entry i is t = i+1 at level 0 and t = (2i+1)/2^j at level
 * j >= 1 (the odd multiples of 2^-j, the ones new at that level). v[3i], v[3i+1],
 * v[3i+2] hold E = exp(π/2 sinh t), 1/E and C = π/2 cosh t. */
struct qlevel {
    size_t n, alloc;
    mpfr_t *v;
};

struct qcache {
    struct qlevel lev[QUAD_LEVEL_LIMIT + 1];
    mpfr_t halfpi; /* π/2 at the cache's precision */
    mpfr_t one;    /* 1, for the node t = 0 (E = 1/E = 1) */
};

static void cache_flush(struct qcache *qc)
{
    int j;
    size_t i;

    for (j = 0; j <= QUAD_LEVEL_LIMIT; j++) {
        for (i = 0; i < 3 * qc->lev[j].n; i++)
            mpfr_clear(qc->lev[j].v[i]);
        free(qc->lev[j].v);
        qc->lev[j].v = NULL;
        qc->lev[j].n = qc->lev[j].alloc = 0;
    }
}

void fimrt_quad_ws_init(fimrt_quad_ws_t ws)
{
    ws->max_level = QUAD_DEFAULT_LEVEL;
    ws->levels = 0;
    ws->evals = 0;
    mpfr_init2(ws->fail_x, MPFR_PREC_MIN);
    mpfr_set_nan(ws->fail_x);
    ws->node_prec = 0;
    ws->cache = NULL;
}

void fimrt_quad_ws_clear(fimrt_quad_ws_t ws)
{
    struct qcache *qc = ws->cache;

    if (qc) {
        cache_flush(qc);
        mpfr_clear(qc->halfpi);
        mpfr_clear(qc->one);
        free(qc);
    }
    ws->cache = NULL;
    ws->node_prec = 0;
    mpfr_clear(ws->fail_x);
}

/* Makes ws's cache hold nodes at precision p (flushing nodes of another precision).
 * 0, or -1 when out of memory. */
static int cache_prepare(fimrt_quad_ws_ptr ws, mpfr_prec_t p)
{
    struct qcache *qc = ws->cache;
    int j;

    if (!qc) {
        qc = malloc(sizeof *qc);
        if (!qc)
            return -1;
        for (j = 0; j <= QUAD_LEVEL_LIMIT; j++) {
            qc->lev[j].n = qc->lev[j].alloc = 0;
            qc->lev[j].v = NULL;
        }
        mpfr_init2(qc->halfpi, p);
        mpfr_init2(qc->one, p);
        ws->cache = qc;
        ws->node_prec = 0;
    }
    if (ws->node_prec != p) {
        cache_flush(qc);
        mpfr_set_prec(qc->halfpi, p);
        mpfr_const_pi(qc->halfpi, MPFR_RNDN);
        mpfr_div_2ui(qc->halfpi, qc->halfpi, 1, MPFR_RNDN); /* exact */
        mpfr_set_prec(qc->one, p);
        mpfr_set_ui(qc->one, 1, MPFR_RNDN);
        ws->node_prec = p;
    }
    return 0;
}

/* Ensures level j holds its first n entries: for each t, e^t by the recurrence
 * e^(t+2h) = e^t·e^(2h) (h = 2^-j; at level 0, e^(t+1) = e^t·e), restarted from mpfr_exp
 * every 64 nodes so at most ~64 ulps accumulate; sinh t and cosh t as (e^t ∓ e^-t)/2,
 * except for t < 1/4 where the difference would cancel and mpfr_sinh_cosh is called;
 * then E = exp(π/2·sinh t), 1/E and C = π/2·cosh t. The relative error of E is a few
 * hundred ulps times (1 + |w|) at most (w's error is multiplied by |w| through exp), which
 * the QUAD_GUARD bits absorb for |t| <= 12 (|w| < 2^17). 0, or -1 when out of memory. */
static int cache_fill(fimrt_quad_ws_ptr ws, int j, size_t n)
{
    struct qcache *qc = ws->cache;
    struct qlevel *L = &qc->lev[j];
    mpfr_prec_t p = ws->node_prec;
    mpfr_t t, sh, ch, w, et, emi, step;
    size_t i;

    if (n <= L->n)
        return 0;
    if (n > L->alloc) {
        size_t na = L->alloc ? 2 * L->alloc : 16;
        mpfr_t *nv;

        if (na < n)
            na = n;
        nv = realloc(L->v, 3 * na * sizeof *nv);
        if (!nv)
            return -1;
        L->v = nv;
        L->alloc = na;
    }
    mpfr_inits2(p, t, sh, ch, w, et, emi, step, (mpfr_ptr)0);
    mpfr_set_ui(step, j ? 2 : 1, MPFR_RNDN);
    mpfr_div_2ui(step, step, (unsigned long)j, MPFR_RNDN);
    mpfr_exp(step, step, MPFR_RNDN); /* e^(2h), or e at level 0 */
    for (i = L->n; i < n; i++) {
        mpfr_ptr E = L->v[3 * i], Ei = L->v[3 * i + 1], C = L->v[3 * i + 2];
        unsigned long m = j ? 2 * (unsigned long)i + 1 : (unsigned long)i + 1;

        mpfr_inits2(p, E, Ei, C, (mpfr_ptr)0);
        mpfr_set_ui(t, m, MPFR_RNDN);                    /* exact: m < 2^25 */
        mpfr_div_2ui(t, t, (unsigned long)j, MPFR_RNDN); /* exact */
        if (i == L->n || i % 64 == 0)
            mpfr_exp(et, t, MPFR_RNDN);
        else
            mpfr_mul(et, et, step, MPFR_RNDN);
        if (mpfr_cmp_ui_2exp(t, 1, -2) < 0) {
            mpfr_sinh_cosh(sh, ch, t, MPFR_RNDN);
        } else {
            mpfr_ui_div(emi, 1, et, MPFR_RNDN);
            mpfr_sub(sh, et, emi, MPFR_RNDN);
            mpfr_div_2ui(sh, sh, 1, MPFR_RNDN);
            mpfr_add(ch, et, emi, MPFR_RNDN);
            mpfr_div_2ui(ch, ch, 1, MPFR_RNDN);
        }
        mpfr_mul(w, sh, qc->halfpi, MPFR_RNDN);
        mpfr_exp(E, w, MPFR_RNDN);
        mpfr_ui_div(Ei, 1, E, MPFR_RNDN);
        mpfr_mul(C, ch, qc->halfpi, MPFR_RNDN);
    }
    L->n = n;
    mpfr_clears(t, sh, ch, w, et, emi, step, (mpfr_ptr)0);
    return 0;
}

/* ---- pieces ------------------------------------------------------------------------ */

enum { MAP_SINHSINH, MAP_EXPSINH, MAP_FINITE };

/* One piece of the range with its rule and its running sums, per component i < m:
 * S[i] = Σ over the nodes so far of φ'·f_i (not yet multiplied by h), A[i] = Σ |φ'·f_i|,
 * val[i] = h·S[i] at the last level, err[i] its estimate, tr[i] = the |φ'·f_i| where a side
 * was cut short (a truncation estimate; 0 for sides that ended on small terms). */
struct piece {
    int map;
    int dir;          /* +1: x moves from the anchor towards +Inf / the far end; -1 mirrored */
    mpfr_t anchor;    /* sinh-sinh: c; exp-sinh: the finite end; finite: the anchored end */
    mpfr_t far;       /* finite: the other end */
    mpfr_t len;       /* sinh-sinh, exp-sinh: the scale σ; finite: q - p */
    mpfr_t V;         /* finite: V >= 1 */
    int kappa;        /* finite: u = E^kappa; 2 when V = 1 (tanh-sinh), else 1 */
    long end[2];      /* range ends, side 0: t ∈ [0, end], side 1: t ∈ [-end, 0], in units
                         of 2^-QUAD_LEVEL_LIMIT */
    long big[2];      /* the largest |t| on each side whose terms are not all small */
    int clean[2];     /* the side ended on small terms (else tr holds its last terms) */
    int level;        /* last level computed */
    int conv;         /* accepted: no more levels */
    mpfr_t *S, *A, *val, *err, *tr;
    mpfr_t *dprev;    /* the last level difference d_j, per component */
};

/* The working state of one call. */
struct qstate {
    fimrt_vfn f;
    void *ctx;
    size_t m;
    mpfr_prec_t prec, pn;   /* callback precision; node/sum precision prec + QUAD_GUARD */
    long target;
    fimrt_quad_ws_ptr ws;
    mpfr_t x, off, wt, u, g, gc, den, tmp;
    mpfr_t *y;              /* m callback outputs at prec */
    mpfr_t *term;           /* m terms φ'·f_i at pn */
    unsigned long evals;
};

/* x = base + off with enough bits that off is kept to pn bits: PREC(x) = pn + 2 + the
 * exponent gap between base and off (0 when base is 0 or smaller than off). With cap
 * set, a gap above QUAD_CAP_FACTOR·pn is refused (returns 1), x untouched. */
static int set_x(struct qstate *q, mpfr_srcptr base, mpfr_srcptr off, int cap)
{
    mpfr_exp_t gap = 0;

    if (mpfr_zero_p(off)) {
        mpfr_set_prec(q->x, mpfr_get_prec(base) > q->pn ? mpfr_get_prec(base) : q->pn);
        mpfr_set(q->x, base, MPFR_RNDN);
        return 0;
    }
    if (!mpfr_zero_p(base) && mpfr_get_exp(base) > mpfr_get_exp(off))
        gap = mpfr_get_exp(base) - mpfr_get_exp(off);
    if (cap && gap > (mpfr_exp_t)QUAD_CAP_FACTOR * q->pn)
        return 1;
    mpfr_set_prec(q->x, q->pn + 2 + (mpfr_prec_t)gap);
    mpfr_add(q->x, base, off, MPFR_RNDN);
    return 0;
}

/* q->x = φ(t) and q->wt = φ'(t) for the node (E, Ei, C) of t > 0 (sgn = +1) or of -t
 * (sgn = -1, which swaps E and 1/E). The maps, with E = e^w, 1/E = e^-w:
 *   sinh-sinh  x = c + s·(E - 1/E)/2,               φ' = s·(E + 1/E)/2·C
 *   exp-sinh   x = p ± σ·E,                         φ' = σ·E·C
 *   finite     u = E^κ, g = u/(u+V), 1-g = V/(u+V): φ' = κ·(q-p)·C·g·(1-g)
 *              x = p + (q-p)·g when g <= 1/2, else x = q - (q-p)·(1-g) (mirrored for
 *              anchor q), so the distance to the nearer end is never a difference.
 * Every quantity has relative error of a few ulps at pn bits. Returns 0; 1 when x or φ'
 * is not a finite nonzero number, or (cap set) x would need too many bits. */
static int piece_node(struct qstate *q, const struct piece *P, int sgn, mpfr_srcptr E0,
                      mpfr_srcptr Ei0, mpfr_srcptr C, int cap)
{
    mpfr_srcptr E = sgn > 0 ? E0 : Ei0, Ei = sgn > 0 ? Ei0 : E0;
    mpfr_srcptr base = P->anchor;

    switch (P->map) {
    case MAP_SINHSINH:
        mpfr_sub(q->off, E, Ei, MPFR_RNDN);
        mpfr_mul(q->off, q->off, P->len, MPFR_RNDN);
        mpfr_div_2ui(q->off, q->off, 1, MPFR_RNDN);
        mpfr_add(q->wt, E, Ei, MPFR_RNDN);
        mpfr_mul(q->wt, q->wt, P->len, MPFR_RNDN);
        mpfr_mul(q->wt, q->wt, C, MPFR_RNDN);
        mpfr_div_2ui(q->wt, q->wt, 1, MPFR_RNDN);
        break;
    case MAP_EXPSINH:
        mpfr_mul(q->off, P->len, E, MPFR_RNDN);
        mpfr_mul(q->wt, q->off, C, MPFR_RNDN);
        if (P->dir < 0)
            mpfr_neg(q->off, q->off, MPFR_RNDN);
        break;
    default: /* MAP_FINITE */
        if (P->kappa == 2)
            mpfr_sqr(q->u, E, MPFR_RNDN);
        else
            mpfr_set(q->u, E, MPFR_RNDN);
        mpfr_add(q->den, q->u, P->V, MPFR_RNDN);
        mpfr_div(q->g, q->u, q->den, MPFR_RNDN);
        mpfr_div(q->gc, P->V, q->den, MPFR_RNDN);
        mpfr_mul(q->wt, q->g, q->gc, MPFR_RNDN);
        mpfr_mul(q->wt, q->wt, C, MPFR_RNDN);
        mpfr_mul(q->wt, q->wt, P->len, MPFR_RNDN);
        if (P->kappa == 2)
            mpfr_mul_2ui(q->wt, q->wt, 1, MPFR_RNDN);
        if (mpfr_cmp(q->u, P->V) <= 0) {
            mpfr_mul(q->off, P->len, q->g, MPFR_RNDN);
            if (P->dir < 0)
                mpfr_neg(q->off, q->off, MPFR_RNDN);
        } else {
            mpfr_mul(q->off, P->len, q->gc, MPFR_RNDN);
            if (P->dir > 0)
                mpfr_neg(q->off, q->off, MPFR_RNDN);
            base = P->far;
        }
        break;
    }
    if (!mpfr_regular_p(q->wt) || !mpfr_number_p(q->off))
        return 1;
    return set_x(q, base, q->off, cap);
}

/* Evaluates the callback at q->x and adds the terms φ'·f_i to P's sums (q->term keeps
 * them). FIMRT_OK or FIMRT_EVALFAIL (recording x in the workspace). */
static int piece_eval(struct qstate *q, struct piece *P)
{
    size_t i;
    int rc;

    q->evals++;
    rc = q->f(q->y, q->x, q->ctx);
    for (i = 0; rc == 0 && i < q->m; i++)
        if (!mpfr_number_p(q->y[i]))
            rc = 1;
    if (rc != 0) {
        mpfr_set_prec(q->ws->fail_x, mpfr_get_prec(q->x));
        mpfr_set(q->ws->fail_x, q->x, MPFR_RNDN);
        return FIMRT_EVALFAIL;
    }
    for (i = 0; i < q->m; i++) {
        mpfr_mul(q->term[i], q->wt, q->y[i], MPFR_RNDN);
        mpfr_add(P->S[i], P->S[i], q->term[i], MPFR_RNDN);
        if (mpfr_sgn(q->term[i]) >= 0)
            mpfr_add(P->A[i], P->A[i], q->term[i], MPFR_RNDN);
        else
            mpfr_sub(P->A[i], P->A[i], q->term[i], MPFR_RNDN);
    }
    return FIMRT_OK;
}

/* Whether every current term is at most 2^-(target+QUAD_RANGE_BITS) of its component's
 * L1 sum so far, h·A = 2^-j·A at level j (a zero term against a zero sum counts as small). */
static int terms_small(struct qstate *q, const struct piece *P, int j)
{
    size_t i;

    for (i = 0; i < q->m; i++) {
        mpfr_mul_2si(q->tmp, q->term[i], q->target + QUAD_RANGE_BITS + j, MPFR_RNDN);
        if (mpfr_cmpabs(q->tmp, P->A[i]) > 0)
            return 0;
    }
    return 1;
}

#define QUAD_UNIT (1L << QUAD_LEVEL_LIMIT) /* t = 1 in the units of end[] and big[] */

/* Level 0 (h = 1): the node t = 0, then each side outwards, t = ±1, ±2, ..., until two
 * consecutive terms are small (terms_small), |t| = QUAD_TMAX, or the node cannot be
 * placed (x would need more than the precision cap, or overflows). Every node evaluated
 * stays in the sum. A side that did not end on two small terms is "cut": its last terms
 * go into tr, the truncation estimate. */
static int piece_level0(struct qstate *q, struct piece *P)
{
    struct qcache *qc = q->ws->cache;
    struct qlevel *L = &qc->lev[0];
    int side, rc;
    size_t i;

    if (cache_fill(q->ws, 0, QUAD_TMAX) != 0)
        return FIMRT_NOMEM;
    if (piece_node(q, P, 1, qc->one, qc->one, qc->halfpi, 0) != 0)
        return FIMRT_EVALFAIL; /* the centre node overflows: fail_x stays NaN */
    if ((rc = piece_eval(q, P)) != FIMRT_OK)
        return rc;
    P->level = 0;
    for (side = 0; side < 2; side++) {
        long k, last = 0;
        int small = 0;

        P->big[side] = 0;
        for (k = 1; k <= QUAD_TMAX; k++) {
            size_t e = 3 * (size_t)(k - 1);

            if (piece_node(q, P, side ? -1 : 1, L->v[e], L->v[e + 1], L->v[e + 2], 1) != 0)
                break;
            if ((rc = piece_eval(q, P)) != FIMRT_OK)
                return rc;
            last = k;
            if (terms_small(q, P, 0)) {
                small++;
            } else {
                small = 0;
                P->big[side] = k * QUAD_UNIT;
            }
            if (small >= 2)
                break;
        }
        P->end[side] = last * QUAD_UNIT;
        P->clean[side] = small >= 2;
        if (P->clean[side])
            continue;
        /* q->term holds this side's last terms (when no node could be placed, the last
         * evaluated ones: a conservative stand-in) */
        for (i = 0; i < q->m; i++) {
            if (mpfr_sgn(q->term[i]) >= 0)
                mpfr_add(P->tr[i], P->tr[i], q->term[i], MPFR_RNDU);
            else
                mpfr_sub(P->tr[i], P->tr[i], q->term[i], MPFR_RNDU);
        }
    }
    return FIMRT_OK;
}

/* Level j >= 1 (h = 2^-j): the new nodes t = ±(2i+1)/2^j inside the current range. The
 * offsets grow monotonically with |t|, so every node here is less extreme than a range end
 * already placed.
 *
 * Trimming: after each level, a clean side's end moves in to
 * the first node beyond the last one with a non-small term, big + h. The nodes that later
 * levels then skip lie beyond a small term, where the terms are assumed to decay
 * monotonically (double-exponentially, for these maps): each is at most 2^-(target+4) of
 * the L1 norm, and their sum, times h, is of that order too (the term ratio over the
 * step h there is far below 1); the truncation estimate counts 2^-(target+4)·L1 per side. */
static void piece_trim(struct piece *P, int j)
{
    int side;

    for (side = 0; side < 2; side++)
        if (P->clean[side] && P->big[side] + (QUAD_UNIT >> j) < P->end[side])
            P->end[side] = P->big[side] + (QUAD_UNIT >> j);
}

static int piece_level(struct qstate *q, struct piece *P, int j)
{
    struct qcache *qc = q->ws->cache;
    struct qlevel *L = &qc->lev[j];
    long step = QUAD_UNIT >> j;
    size_t n[2], i;
    int side, rc;

    /* end is a multiple of 2 steps (set at a level below j): n = end/(2 step) nodes */
    n[0] = (size_t)(P->end[0] / (2 * step));
    n[1] = (size_t)(P->end[1] / (2 * step));
    if (cache_fill(q->ws, j, n[0] > n[1] ? n[0] : n[1]) != 0)
        return FIMRT_NOMEM;
    P->level = j;
    for (side = 0; side < 2; side++)
        for (i = 0; i < n[side]; i++) {
            if (piece_node(q, P, side ? -1 : 1, L->v[3 * i], L->v[3 * i + 1],
                           L->v[3 * i + 2], 0) != 0)
                return FIMRT_EVALFAIL;
            if ((rc = piece_eval(q, P)) != FIMRT_OK)
                return rc;
            if (!terms_small(q, P, j) && (long)(2 * i + 1) * step > P->big[side])
                P->big[side] = (long)(2 * i + 1) * step;
        }
    return FIMRT_OK;
}

/* The level difference d_j = |S_j - S_{j-1}| and the error estimate of S_j.
 *
 * For an integrand analytic around each piece the DE rule converges super-linearly: the
 * relative differences δ_j = d_j / L1 fall roughly as δ_j ≈ δ_{j-1}^2, and d_j, which is
 * about the error of S_{j-1}, bounds the error of S_j with a wide margin. That is taken as
 * the estimate only when the last step shows it: δ_j <= δ_{j-1}^1.5, or δ_j is at the
 * rounding floor 2^(4-prec). Otherwise (kinks or jumps the splits do not declare, where the
 * convergence is algebraic and two levels may agree by accident) the estimate is
 * max(d_j, d_{j-1}). To it are added tr (sides cut short), 2^(2-prec)·L1 (one ulp per
 * callback value, plus the rounding of at most 2^31 additions at prec + 32 bits) and
 * 2^-(target+4)·L1 per trimmed side; all rounded up. Level 0 has no estimate: +Inf. */
static void piece_update(struct qstate *q, struct piece *P)
{
    size_t i;

    for (i = 0; i < q->m; i++) {
        mpfr_ptr err = P->err[i], dprev = P->dprev[i];

        mpfr_div_2ui(q->tmp, P->S[i], (unsigned long)P->level, MPFR_RNDN); /* exact */
        if (P->level == 0) {
            mpfr_set_inf(err, 1);
            mpfr_set_inf(dprev, 1);
            mpfr_set(P->val[i], q->tmp, MPFR_RNDN); /* exact: same precision */
            continue;
        }
        mpfr_sub(q->off, q->tmp, P->val[i], MPFR_RNDU); /* q->off = d_j */
        mpfr_abs(q->off, q->off, MPFR_RNDU);
        mpfr_set(P->val[i], q->tmp, MPFR_RNDN); /* exact: same precision */
        /* q->g = L1 = h·A; q->gc = max(d_{j-1}^1.5 / L1^0.5, 2^(4-prec)·L1) */
        mpfr_div_2ui(q->g, P->A[i], (unsigned long)P->level, MPFR_RNDN);
        if (mpfr_inf_p(dprev)) {
            mpfr_set_inf(q->gc, 1);
        } else if (mpfr_zero_p(q->g)) {
            mpfr_set_zero(q->gc, 1);
        } else {
            mpfr_div(q->gc, dprev, q->g, MPFR_RNDU);
            mpfr_sqrt(q->gc, q->gc, MPFR_RNDU);
            mpfr_mul(q->gc, q->gc, dprev, MPFR_RNDU);
        }
        mpfr_div_2si(q->den, q->g, q->prec - 4, MPFR_RNDU);
        if (mpfr_cmp(q->gc, q->den) < 0)
            mpfr_set(q->gc, q->den, MPFR_RNDU);
        mpfr_set(err, q->off, MPFR_RNDU);
        if (!(mpfr_cmp(q->off, q->gc) <= 0) && mpfr_cmp(dprev, err) > 0)
            mpfr_set(err, dprev, MPFR_RNDU); /* no super-linear step: the larger one */
        mpfr_set(dprev, q->off, MPFR_RNDU);
        mpfr_add(err, err, P->tr[i], MPFR_RNDU);
        mpfr_div_2si(q->den, q->g, q->prec - 2, MPFR_RNDU);
        mpfr_add(err, err, q->den, MPFR_RNDU);
        if (P->clean[0] || P->clean[1]) {
            mpfr_div_2si(q->den, q->g, q->target + QUAD_RANGE_BITS, MPFR_RNDU);
            if (P->clean[0] && P->clean[1])
                mpfr_mul_2ui(q->den, q->den, 1, MPFR_RNDU);
            mpfr_add(err, err, q->den, MPFR_RNDU);
        }
    }
}

/* Whether err[i] <= 2^-(target+1)·max(L1 of P, l1tot[i]/np) for every component: then the
 * pieces' errors add up to at most 2^-target of the total L1. */
static int piece_accept(struct qstate *q, const struct piece *P, mpfr_t *l1tot,
                        size_t np)
{
    size_t i;

    for (i = 0; i < q->m; i++) {
        mpfr_div_ui(q->tmp, l1tot[i], (unsigned long)np, MPFR_RNDD);
        mpfr_div_2ui(q->den, P->A[i], (unsigned long)P->level, MPFR_RNDD);
        if (mpfr_cmp(q->den, q->tmp) > 0)
            mpfr_set(q->tmp, q->den, MPFR_RNDD);
        mpfr_div_2si(q->tmp, q->tmp, q->target + 1, MPFR_RNDD);
        if (!(mpfr_cmp(P->err[i], q->tmp) <= 0))
            return 0;
    }
    return 1;
}

/* ---- setting up ---------------------------------------------------------------------- */

static int cmp_mpfr_ptr(const void *a, const void *b)
{
    mpfr_srcptr x = *(mpfr_srcptr const *)a, y = *(mpfr_srcptr const *)b;

    return mpfr_cmp(x, y);
}

/* dst = src exactly (dst takes src's precision). */
static void copy_exact(mpfr_t dst, mpfr_srcptr src)
{
    mpfr_init2(dst, mpfr_get_prec(src));
    mpfr_set(dst, src, MPFR_RNDN);
}

/* The rule of the piece (p, q) — see fimrt.h — with c, s the hint (c NULL: none). */
static void piece_setup(struct piece *P, mpfr_srcptr p, mpfr_srcptr qq, mpfr_srcptr c,
                        int have_c, mpfr_srcptr s, mpfr_prec_t pn)
{
    mpfr_init2(P->len, pn);
    mpfr_init2(P->V, pn);
    mpfr_set_ui(P->V, 1, MPFR_RNDN);
    P->dir = 1;
    P->kappa = 2;
    if (mpfr_inf_p(p) && mpfr_inf_p(qq)) {
        P->map = MAP_SINHSINH;
        copy_exact(P->anchor, c);
        mpfr_init2(P->far, MPFR_PREC_MIN);
        mpfr_set(P->len, s, MPFR_RNDN);
        return;
    }
    if (mpfr_inf_p(p) || mpfr_inf_p(qq)) {
        P->map = MAP_EXPSINH;
        P->dir = mpfr_inf_p(qq) ? 1 : -1;
        copy_exact(P->anchor, P->dir > 0 ? p : qq);
        mpfr_init2(P->far, MPFR_PREC_MIN);
        mpfr_set(P->len, s, MPFR_RNDN);
        if (have_c) { /* σ = s + |anchor - c| */
            mpfr_t d;

            mpfr_init2(d, pn);
            mpfr_sub(d, P->anchor, c, MPFR_RNDN);
            mpfr_abs(d, d, MPFR_RNDN);
            mpfr_add(P->len, P->len, d, MPFR_RNDN);
            mpfr_clear(d);
        }
        return;
    }
    P->map = MAP_FINITE;
    /* anchored at the end nearer c: q when c >= q, else p */
    P->dir = (have_c && mpfr_cmp(c, qq) >= 0) ? -1 : 1;
    copy_exact(P->anchor, P->dir > 0 ? p : qq);
    copy_exact(P->far, P->dir > 0 ? qq : p);
    mpfr_sub(P->len, qq, p, MPFR_RNDN);
    if (have_c) { /* V = max(1, (q-p)/σ), σ = s + |anchor - c| */
        mpfr_t d;

        mpfr_init2(d, pn);
        mpfr_sub(d, P->anchor, c, MPFR_RNDN);
        mpfr_abs(d, d, MPFR_RNDN);
        mpfr_add(d, d, s, MPFR_RNDN);
        mpfr_div(P->V, P->len, d, MPFR_RNDN);
        if (mpfr_cmp_ui(P->V, 1) < 0)
            mpfr_set_ui(P->V, 1, MPFR_RNDN);
        mpfr_clear(d);
    }
    /* κ = 2 with V = 1 is the classical tanh-sinh rule, x = p + (q-p)(1 + tanh w)/2. With
     * V > 1 the anchor side behaves like exp-sinh from the anchor at scale σ, whose rate
     * (π/2 in the exponent, κ = 1) keeps the wider strip of analyticity for a bump of
     * width σ there: a Gaussian of width 1e-20 in (0, 2e15) needs one level less. */
    P->kappa = mpfr_cmp_ui(P->V, 1) == 0 ? 2 : 1;
}

static void piece_clear(struct piece *P)
{
    mpfr_clears(P->anchor, P->far, P->len, P->V, (mpfr_ptr)0);
}

/* ---- the driver ---------------------------------------------------------------------- */

/* Whether the arguments of fimrt_quad_vec are valid (see fimrt.h). */
static int quad_args_valid(size_t m, fimrt_vfn f, const mpfr_t a, const mpfr_t b,
                           const mpfr_t center, const mpfr_t scale, const mpfr_t *splits,
                           size_t nsplits, fimrt_quad_ws_ptr ws, long target_bits,
                           mpfr_prec_t prec)
{
    size_t i;

    if (m == 0 || !f || !a || !b || mpfr_nan_p(a) || mpfr_nan_p(b) || target_bits < 1
        || (nsplits > 0 && !splits))
        return 0;
    if (prec < MPFR_PREC_MIN
        || prec > (MPFR_PREC_MAX - 4 * QUAD_GUARD) / (2 * QUAD_CAP_FACTOR))
        return 0;
    if ((mpfr_inf_p(a) && mpfr_sgn(a) > 0) || (mpfr_inf_p(b) && mpfr_sgn(b) < 0)
        || mpfr_cmp(a, b) > 0)
        return 0;
    if (center && !mpfr_number_p(center))
        return 0;
    if (scale && (!mpfr_number_p(scale) || mpfr_sgn(scale) <= 0))
        return 0;
    for (i = 0; i < nsplits; i++)
        if (!mpfr_number_p(splits[i]) || mpfr_cmp(splits[i], a) < 0
            || mpfr_cmp(splits[i], b) > 0)
            return 0;
    if (ws && (ws->max_level < QUAD_MIN_LEVEL || ws->max_level > QUAD_LEVEL_LIMIT))
        return 0;
    return 1;
}

/* The driver's state: the callback state, the hint (c, s), the break points, the pieces
 * and the components' total L1 norms. */
struct qrun {
    struct qstate q;
    mpfr_t c, s;          /* the centre (0 without one), exact; the scale (1 without one) */
    int have_c;
    mpfr_srcptr *pts;     /* the break points inside (a, b), sorted, distinct */
    size_t npts;
    struct piece *P;      /* np = npts + 1 pieces, ninit of them set up */
    size_t np, ninit;
    mpfr_t *store;        /* the pieces' sums, 6·m per piece */
    mpfr_t *l1tot;        /* per component, Σ over the pieces of h·A */
};

/* The callback state, the hint and the per-component arrays. FIMRT_OK, or FIMRT_NOMEM with
 * nothing left to clear. */
static int qrun_init(struct qrun *r, size_t m, fimrt_vfn f, void *ctx, const mpfr_t center,
                     const mpfr_t scale, size_t nsplits, fimrt_quad_ws_ptr ws,
                     long target_bits, mpfr_prec_t prec)
{
    struct qstate *q = &r->q;
    size_t i;

    q->f = f;
    q->ctx = ctx;
    q->m = m;
    q->prec = prec;
    q->pn = prec + QUAD_GUARD;
    /* a target beyond the rounding floor 2^(2-prec) is never met; clamping it keeps the
     * exponent arithmetic below in range without changing any outcome */
    q->target = target_bits < (long)prec + 64 ? target_bits : (long)prec + 64;
    q->ws = ws;
    q->evals = 0;
    r->have_c = center != NULL;
    r->npts = r->np = r->ninit = 0;
    r->P = NULL;
    r->store = NULL;
    mpfr_inits2(q->pn, q->x, q->off, q->wt, q->u, q->g, q->gc, q->den, q->tmp, r->c, r->s,
                (mpfr_ptr)0);
    if (r->have_c)
        mpfr_set_prec(r->c, mpfr_get_prec(center) > q->pn ? mpfr_get_prec(center) : q->pn);
    if (r->have_c)
        mpfr_set(r->c, center, MPFR_RNDN); /* exact */
    else
        mpfr_set_zero(r->c, 1);
    if (scale)
        mpfr_set(r->s, scale, MPFR_RNDN);
    else
        mpfr_set_ui(r->s, 1, MPFR_RNDN);

    r->pts = malloc((nsplits + 3) * sizeof *r->pts);
    q->y = malloc(2 * m * sizeof *q->y);
    r->l1tot = malloc(m * sizeof *r->l1tot);
    if (!r->pts || !q->y || !r->l1tot) {
        free(r->pts);
        free(q->y);
        free(r->l1tot);
        mpfr_clears(q->x, q->off, q->wt, q->u, q->g, q->gc, q->den, q->tmp, r->c, r->s,
                    (mpfr_ptr)0);
        return FIMRT_NOMEM;
    }
    q->term = q->y + m;
    for (i = 0; i < m; i++) {
        mpfr_init2(q->y[i], prec);
        mpfr_init2(q->term[i], q->pn);
        mpfr_init2(r->l1tot[i], q->pn);
    }
    return FIMRT_OK;
}

/* Break points: the splits and c when it cuts (c only when something else makes a finite
 * end or a split: on the bare real line it is the sinh-sinh centre), strictly inside
 * (a, b); sorted, duplicates dropped. The pieces are then np = npts + 1. */
static void qrun_breaks(struct qrun *r, const mpfr_t a, const mpfr_t b, const mpfr_t *splits,
                        size_t nsplits)
{
    size_t i, k;

    for (i = 0; i < nsplits; i++)
        if (mpfr_cmp(splits[i], a) > 0 && mpfr_cmp(splits[i], b) < 0)
            r->pts[r->npts++] = splits[i];
    if (r->have_c && mpfr_cmp(r->c, a) > 0 && mpfr_cmp(r->c, b) < 0
        && (r->npts > 0 || mpfr_number_p(a) || mpfr_number_p(b)))
        r->pts[r->npts++] = r->c;
    qsort(r->pts, r->npts, sizeof *r->pts, cmp_mpfr_ptr);
    for (i = k = 0; i < r->npts; i++)
        if (k == 0 || !mpfr_equal_p(r->pts[i], r->pts[k - 1]))
            r->pts[k++] = r->pts[i];
    r->npts = k;
    r->np = r->npts + 1;
}

/* The node cache at pn bits and the pieces between the break points, each with its rule
 * and zero sums. FIMRT_OK or FIMRT_NOMEM (the pieces set up are counted in ninit). */
static int qrun_pieces(struct qrun *r, const mpfr_t a, const mpfr_t b)
{
    size_t m = r->q.m, np = r->np, i, k;

    if (cache_prepare(r->q.ws, r->q.pn) != 0)
        return FIMRT_NOMEM;
    r->P = malloc(np * sizeof *r->P);
    r->store = malloc(6 * m * np * sizeof *r->store);
    if (!r->P || !r->store)
        return FIMRT_NOMEM;
    for (k = 0; k < np; k++) {
        struct piece *P = &r->P[k];
        mpfr_srcptr lo = k == 0 ? a : r->pts[k - 1], hi = k == np - 1 ? b : r->pts[k];

        piece_setup(P, lo, hi, r->c, r->have_c, r->s, r->q.pn);
        P->S = r->store + 6 * m * k;
        P->A = P->S + m;
        P->val = P->A + m;
        P->err = P->val + m;
        P->tr = P->err + m;
        P->dprev = P->tr + m;
        for (i = 0; i < 6 * m; i++) {
            mpfr_init2(P->S[i], r->q.pn);
            mpfr_set_zero(P->S[i], 1);
        }
        P->end[0] = P->end[1] = P->big[0] = P->big[1] = 0;
        P->clean[0] = P->clean[1] = 0;
        P->level = -1;
        P->conv = 0;
        r->ninit++;
    }
    return FIMRT_OK;
}

/* l1tot[i] = Σ over the pieces of h·A[i] at each piece's last level. */
static void qrun_l1tot(struct qrun *r)
{
    struct qstate *q = &r->q;
    size_t i, k;

    for (i = 0; i < q->m; i++) {
        mpfr_set_zero(r->l1tot[i], 1);
        for (k = 0; k < r->np; k++) {
            mpfr_div_2ui(q->tmp, r->P[k].A[i], (unsigned long)r->P[k].level, MPFR_RNDN);
            mpfr_add(r->l1tot[i], r->l1tot[i], q->tmp, MPFR_RNDN);
        }
    }
}

/* The levels 0..maxlev, all pieces in step: each piece not yet accepted gets the level,
 * its error estimate and its trimmed range; from QUAD_MIN_LEVEL on, a piece whose error
 * meets its share of the target (piece_accept) is accepted and keeps its value. Stops when
 * every piece is accepted; ws->levels is the last level completed. FIMRT_OK, or the
 * status of a level that failed. */
static int qrun_levels(struct qrun *r, int maxlev)
{
    size_t k;
    int j, all, status = FIMRT_OK;

    for (j = 0; j <= maxlev; j++) {
        for (k = 0; k < r->np && status == FIMRT_OK; k++) {
            struct piece *P = &r->P[k];

            if (P->conv)
                continue;
            status = j == 0 ? piece_level0(&r->q, P) : piece_level(&r->q, P, j);
            if (status == FIMRT_OK) {
                piece_update(&r->q, P);
                piece_trim(P, j);
            }
        }
        if (status != FIMRT_OK)
            break;
        r->q.ws->levels = j;
        qrun_l1tot(r);
        all = 1;
        for (k = 0; k < r->np; k++) {
            if (!r->P[k].conv && j >= QUAD_MIN_LEVEL
                && piece_accept(&r->q, &r->P[k], r->l1tot, r->np))
                r->P[k].conv = 1;
            all = all && r->P[k].conv;
        }
        if (all)
            break;
    }
    return status;
}

/* The totals over the pieces, result[i] = Σ val and err[i] = Σ err (rounded up). FIMRT_OK
 * only when every piece was accepted and every component's error is at most 2^-target of
 * its L1 norm; else FIMRT_NOCONV, with the totals set all the same. */
static int qrun_totals(struct qrun *r, mpfr_t *result, mpfr_t *err)
{
    struct qstate *q = &r->q;
    size_t i, k;
    int status = FIMRT_OK;

    for (i = 0; i < q->m; i++) {
        mpfr_set_zero(q->tmp, 1);
        mpfr_set_zero(q->den, 1);
        for (k = 0; k < r->np; k++) {
            mpfr_add(q->tmp, q->tmp, r->P[k].val[i], MPFR_RNDN);
            mpfr_add(q->den, q->den, r->P[k].err[i], MPFR_RNDU);
        }
        mpfr_div_2si(q->u, r->l1tot[i], q->target, MPFR_RNDD);
        if (!(mpfr_cmp(q->den, q->u) <= 0))
            status = FIMRT_NOCONV;
        for (k = 0; k < r->np; k++)
            if (!r->P[k].conv)
                status = FIMRT_NOCONV;
        mpfr_set(result[i], q->tmp, MPFR_RNDN);
        mpfr_set(err[i], q->den, MPFR_RNDU);
    }
    return status;
}

/* Clears what qrun_init, qrun_pieces set up and records the evaluation count in ws. */
static void qrun_clear(struct qrun *r)
{
    struct qstate *q = &r->q;
    size_t i, k;

    q->ws->evals = q->evals;
    for (k = 0; k < r->ninit; k++) {
        for (i = 0; i < 6 * q->m; i++)
            mpfr_clear(r->P[k].S[i]);
        piece_clear(&r->P[k]);
    }
    for (i = 0; i < q->m; i++) {
        mpfr_clear(q->y[i]);
        mpfr_clear(q->term[i]);
        mpfr_clear(r->l1tot[i]);
    }
    free(r->P);
    free(r->store);
    free(r->pts);
    free(q->y);
    free(r->l1tot);
    mpfr_clears(q->x, q->off, q->wt, q->u, q->g, q->gc, q->den, q->tmp, r->c, r->s,
                (mpfr_ptr)0);
}

int fimrt_quad_vec(mpfr_t *result, mpfr_t *err, size_t m, fimrt_vfn f, void *ctx,
                   const mpfr_t a, const mpfr_t b, const mpfr_t center, const mpfr_t scale,
                   const mpfr_t *splits, size_t nsplits, fimrt_quad_ws_ptr ws,
                   long target_bits, mpfr_prec_t prec)
{
    fimrt_quad_ws_t local;
    struct qrun r;
    size_t i;
    int status;

    if (!quad_args_valid(m, f, a, b, center, scale, splits, nsplits, ws, target_bits, prec))
        return FIMRT_INVALID;
    if (mpfr_equal_p(a, b)) {
        for (i = 0; i < m; i++) {
            mpfr_set_zero(result[i], 1);
            mpfr_set_zero(err[i], 1);
        }
        if (ws) {
            ws->levels = 0;
            ws->evals = 0;
        }
        return FIMRT_OK;
    }

    if (!ws) {
        fimrt_quad_ws_init(local);
        ws = local;
    }
    ws->levels = 0;
    ws->evals = 0;
    mpfr_set_prec(ws->fail_x, MPFR_PREC_MIN);
    mpfr_set_nan(ws->fail_x);

    status = qrun_init(&r, m, f, ctx, center, scale, nsplits, ws, target_bits, prec);
    if (status == FIMRT_OK) {
        qrun_breaks(&r, a, b, splits, nsplits);
        status = qrun_pieces(&r, a, b);
        if (status == FIMRT_OK)
            status = qrun_levels(&r, ws->max_level);
        if (status == FIMRT_OK)
            status = qrun_totals(&r, result, err);
        qrun_clear(&r);
    }
    if (ws == local)
        fimrt_quad_ws_clear(local);
    return status;
}

/* The scalar form goes through the vector one with m = 1. */
struct scalar_fn {
    fimrt_fn f;
    void *ctx;
};

static int scalar_call(mpfr_t *y, const mpfr_t x, void *ctx)
{
    const struct scalar_fn *sf = ctx;

    return sf->f(y[0], x, sf->ctx);
}

int fimrt_quad(mpfr_t result, mpfr_t err, fimrt_fn f, void *ctx,
               const mpfr_t a, const mpfr_t b, const mpfr_t center, const mpfr_t scale,
               const mpfr_t *splits, size_t nsplits, fimrt_quad_ws_ptr ws,
               long target_bits, mpfr_prec_t prec)
{
    struct scalar_fn sf;

    if (!f)
        return FIMRT_INVALID;
    sf.f = f;
    sf.ctx = ctx;
    return fimrt_quad_vec((mpfr_t *)result, (mpfr_t *)err, 1, scalar_call, &sf, a, b,
                          center, scale, splits, nsplits, ws, target_bits, prec);
}
