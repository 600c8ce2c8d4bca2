/* compiler/sym/range.c — interval enclosures over the parameter domains (see range.h).
 *
 * An interval is [lo, hi] in MPFR at RANGE_PREC bits, lo rounded down and hi up. The
 * empty set never arises (a node's interval is a hull of its possible values and limits);
 * "nothing known" is [-inf, inf]. Rules, by node:
 *   NUM, CONST     the value rounded both ways.
 *   SYM            a parameter: the closure of its domain; a const: its value's enclosure;
 *                  anything else: [-inf, inf].
 *   ADD            endpoint sums; MUL the hull of the four endpoint products, pairwise.
 *   POW            integer exponents by monotone pieces (even powers fold at 0); other
 *                  rational exponents on the base's non-negative part (the power is only
 *                  defined there); a symbolic exponent as exp(e * log(b)).
 *   FN             by the class of the function's rule (functions.h): monotone ones by
 *                  their endpoints through the function's runtime op (exp, atan, erfc,
 *                  log on [0, inf], ...); the rules of their own: cosh, abs by their minimum at
 *                  0; lgamma by its minimum on (0, inf); polygamma(k, x) on x >= 0 by the
 *                  sign and monotonicity of each order; sin, cos in [-1, 1]; lbeta, lchoose
 *                  and lfactorial through lgamma. Others: [-inf, inf].
 */
#include "range.h"

#include <math.h>
#include <mpfr.h>

#include "fimrt.h"

#define RANGE_PREC 64

typedef struct iv {
    mpfr_t lo, hi;
} iv;

typedef struct rctx {
    const model *m;
    long visits;
} rctx;

static void iv_init(iv *a)
{
    mpfr_inits2(RANGE_PREC, a->lo, a->hi, (mpfr_ptr)0);
}

static void iv_clear(iv *a)
{
    mpfr_clears(a->lo, a->hi, (mpfr_ptr)0);
}

static void iv_whole(iv *a)
{
    mpfr_set_inf(a->lo, -1);
    mpfr_set_inf(a->hi, 1);
}

static bool iv_is_whole(const iv *a)
{
    return mpfr_inf_p(a->lo) && mpfr_sgn(a->lo) < 0 && mpfr_inf_p(a->hi) && mpfr_sgn(a->hi) > 0;
}

/* After an operation: NaN anywhere means nothing is known; -0 becomes +0. */
static void iv_fix(iv *a)
{
    if (mpfr_nan_p(a->lo) || mpfr_nan_p(a->hi) || mpfr_cmp(a->lo, a->hi) > 0) {
        iv_whole(a);
        return;
    }
    if (mpfr_zero_p(a->lo))
        mpfr_set_zero(a->lo, 1);
    if (mpfr_zero_p(a->hi))
        mpfr_set_zero(a->hi, 1);
}

/* One more ulp outward, for functions whose rounding mode is trusted only to nearest. */
static void iv_widen(iv *a)
{
    if (mpfr_number_p(a->lo))
        mpfr_nextbelow(a->lo);
    if (mpfr_number_p(a->hi))
        mpfr_nextabove(a->hi);
}

static void iv_set_q(iv *a, const mpq_t q)
{
    mpfr_set_q(a->lo, q, MPFR_RNDD);
    mpfr_set_q(a->hi, q, MPFR_RNDU);
}

/* x*y for extended reals, 0 * inf = 0, rounded rnd. */
static void xmul(mpfr_t r, const mpfr_t x, const mpfr_t y, mpfr_rnd_t rnd)
{
    if (mpfr_zero_p(x) || mpfr_zero_p(y))
        mpfr_set_zero(r, 1);
    else
        mpfr_mul(r, x, y, rnd);
}

static void iv_mul(iv *r, const iv *a, const iv *b)
{
    mpfr_t t, lo, hi;
    mpfr_inits2(RANGE_PREC, t, lo, hi, (mpfr_ptr)0);
    mpfr_set_inf(lo, 1);
    mpfr_set_inf(hi, -1);
    mpfr_srcptr xs[2] = {a->lo, a->hi}, ys[2] = {b->lo, b->hi};
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            xmul(t, xs[i], ys[j], MPFR_RNDD);
            mpfr_min(lo, lo, t, MPFR_RNDD);
            xmul(t, xs[i], ys[j], MPFR_RNDU);
            mpfr_max(hi, hi, t, MPFR_RNDU);
        }
    mpfr_set(r->lo, lo, MPFR_RNDD);
    mpfr_set(r->hi, hi, MPFR_RNDU);
    mpfr_clears(t, lo, hi, (mpfr_ptr)0);
    iv_fix(r);
}

/* y = the value of the runtime op `op` (a function's, functions.h) at x, rounded rnd. */
static void op_at(int op, mpfr_ptr y, mpfr_srcptr x, mpfr_rnd_t rnd)
{
    fimrt_op_apply(op, y, x, NULL, 0, rnd);
}

/* A non-decreasing f (the runtime op `op`) on [lo, hi]. */
static void iv_incr(iv *r, const iv *a, int op, bool widen)
{
    mpfr_t lo, hi;
    mpfr_inits2(RANGE_PREC, lo, hi, (mpfr_ptr)0);
    op_at(op, lo, a->lo, MPFR_RNDD);
    op_at(op, hi, a->hi, MPFR_RNDU);
    mpfr_swap(r->lo, lo);
    mpfr_swap(r->hi, hi);
    mpfr_clears(lo, hi, (mpfr_ptr)0);
    if (widen)
        iv_widen(r);
    iv_fix(r);
}

/* A non-increasing f (the runtime op `op`) on [lo, hi]. */
static void iv_decr(iv *r, const iv *a, int op, bool widen)
{
    mpfr_t lo, hi;
    mpfr_inits2(RANGE_PREC, lo, hi, (mpfr_ptr)0);
    op_at(op, lo, a->hi, MPFR_RNDD);
    op_at(op, hi, a->lo, MPFR_RNDU);
    mpfr_swap(r->lo, lo);
    mpfr_swap(r->hi, hi);
    mpfr_clears(lo, hi, (mpfr_ptr)0);
    if (widen)
        iv_widen(r);
    iv_fix(r);
}

/* Clip to [0, inf] (the part of the real line where a root or log is defined); false when
 * nothing of it is left. */
static bool iv_clip_nonneg(iv *a)
{
    if (mpfr_sgn(a->hi) < 0)
        return false;
    if (mpfr_sgn(a->lo) < 0)
        mpfr_set_zero(a->lo, 1);
    return true;
}

/* b^n, n an integer. */
static void iv_powi(iv *r, const iv *b, long n)
{
    mpfr_t lo, hi, t;
    mpfr_inits2(RANGE_PREC, lo, hi, t, (mpfr_ptr)0);
    bool straddles = mpfr_sgn(b->lo) < 0 && mpfr_sgn(b->hi) > 0;
    if (n < 0 && (straddles || mpfr_zero_p(b->lo) || mpfr_zero_p(b->hi))) {
        if (straddles || (mpfr_zero_p(b->lo) && mpfr_zero_p(b->hi))) {
            iv_whole(r);
        } else if (mpfr_zero_p(b->lo)) { /* [0, h]: b^n in [h^n, inf] (b -> 0+) */
            mpfr_pow_si(r->lo, b->hi, n, MPFR_RNDD);
            mpfr_set_inf(r->hi, 1);
        } else { /* [l, 0]: b -> 0- */
            if (n % 2 == 0) {
                mpfr_pow_si(r->lo, b->lo, n, MPFR_RNDD);
                mpfr_set_inf(r->hi, 1);
            } else {
                mpfr_set_inf(r->lo, -1);
                mpfr_pow_si(r->hi, b->lo, n, MPFR_RNDU);
            }
        }
    } else if (n % 2 == 0 && straddles) {
        /* even power through 0: [0, max(|lo|, |hi|)^n] (n > 0 here) */
        mpfr_abs(t, b->lo, MPFR_RNDU);
        mpfr_max(t, t, b->hi, MPFR_RNDU);
        mpfr_set_zero(r->lo, 1);
        mpfr_pow_si(r->hi, t, n, MPFR_RNDU);
    } else {
        /* one sign throughout: monotone; the endpoints' images, ordered */
        mpfr_pow_si(lo, b->lo, n, MPFR_RNDD);
        mpfr_pow_si(hi, b->hi, n, MPFR_RNDD);
        mpfr_min(r->lo, lo, hi, MPFR_RNDD);
        mpfr_pow_si(lo, b->lo, n, MPFR_RNDU);
        mpfr_pow_si(hi, b->hi, n, MPFR_RNDU);
        mpfr_max(r->hi, lo, hi, MPFR_RNDU);
    }
    mpfr_clears(lo, hi, t, (mpfr_ptr)0);
    iv_fix(r);
}

/* b^q, q a non-integer rational: defined for b >= 0 (odd roots of negatives are not used
 * for enclosures: the part b < 0 is dropped only where the power is undefined anyway for
 * even denominators; for odd denominators the whole line is returned). */
static void iv_powq(iv *r, const iv *b, const mpq_t q)
{
    iv a;
    iv_init(&a);
    mpfr_set(a.lo, b->lo, MPFR_RNDD);
    mpfr_set(a.hi, b->hi, MPFR_RNDU);
    bool even_den = mpz_even_p(mpq_denref(q));
    if ((!even_den && mpfr_sgn(a.lo) < 0) || !iv_clip_nonneg(&a)) {
        iv_whole(r);
        iv_clear(&a);
        return;
    }
    mpfr_t e, lo, hi;
    mpfr_inits2(RANGE_PREC, e, lo, hi, (mpfr_ptr)0);
    if (mpq_sgn(q) > 0) {
        mpfr_set_q(e, q, MPFR_RNDD); /* the exponent's rounding: bound both ways */
        mpfr_pow(lo, a.lo, e, MPFR_RNDD);
        mpfr_set_q(e, q, MPFR_RNDU);
        mpfr_pow(hi, a.hi, e, MPFR_RNDU);
        /* x^e for x in [0, 1) decreases with e, for x > 1 increases: take the hull of
         * both exponent roundings at both ends */
        mpfr_t t;
        mpfr_init2(t, RANGE_PREC);
        mpfr_pow(t, a.lo, e, MPFR_RNDD);
        mpfr_min(lo, lo, t, MPFR_RNDD);
        mpfr_set_q(e, q, MPFR_RNDD);
        mpfr_pow(t, a.hi, e, MPFR_RNDU);
        mpfr_max(hi, hi, t, MPFR_RNDU);
        mpfr_clear(t);
    } else {
        /* decreasing; x -> 0+ gives inf */
        mpfr_t t;
        mpfr_init2(t, RANGE_PREC);
        mpfr_set_q(e, q, MPFR_RNDD);
        mpfr_pow(lo, a.hi, e, MPFR_RNDD);
        mpfr_pow(hi, a.lo, e, MPFR_RNDU);
        mpfr_set_q(e, q, MPFR_RNDU);
        mpfr_pow(t, a.hi, e, MPFR_RNDD);
        mpfr_min(lo, lo, t, MPFR_RNDD);
        mpfr_pow(t, a.lo, e, MPFR_RNDU);
        mpfr_max(hi, hi, t, MPFR_RNDU);
        mpfr_clear(t);
    }
    mpfr_swap(r->lo, lo);
    mpfr_swap(r->hi, hi);
    mpfr_clears(e, lo, hi, (mpfr_ptr)0);
    iv_clear(&a);
    iv_fix(r);
}

/* lgamma on [lo, hi] with lo >= 0: decreasing on (0, x0], increasing on [x0, inf), x0 =
 * 1.46163214496836..., lgamma(x0) = -0.12148629053584960... */
static void iv_lgamma(iv *r, const iv *a)
{
    if (mpfr_sgn(a->lo) < 0) {
        iv_whole(r);
        return;
    }
    if (mpfr_cmp_d(a->lo, 1.4617) >= 0) {
        iv_incr(r, a, FIMRT_OP_LGAMMA, true);
    } else if (mpfr_cmp_d(a->hi, 1.4616) <= 0) {
        iv_decr(r, a, FIMRT_OP_LGAMMA, true);
    } else {
        mpfr_t t;
        mpfr_init2(t, RANGE_PREC);
        mpfr_lngamma(t, a->lo, MPFR_RNDU);
        mpfr_lngamma(r->hi, a->hi, MPFR_RNDU);
        mpfr_max(r->hi, r->hi, t, MPFR_RNDU);
        mpfr_set_d(r->lo, -0.1215, MPFR_RNDD);
        mpfr_clear(t);
        iv_widen(r);
        iv_fix(r);
    }
}

/* polygamma(k, x) at one point x >= 0, rounded rnd (x = 0: the limit from the right). */
static void pg_at(mpfr_t y, unsigned long k, const mpfr_t x, mpfr_rnd_t rnd)
{
    if (mpfr_zero_p(x)) {
        mpfr_set_inf(y, k % 2 == 1 ? 1 : -1);
    } else if (mpfr_inf_p(x)) {
        if (k == 0)
            mpfr_set_inf(y, 1);
        else
            mpfr_set_zero(y, 1);
    } else {
        fimrt_polygamma(y, k, x, rnd);
    }
}

static void iv_polygamma(iv *r, unsigned long k, const iv *a)
{
    if (mpfr_sgn(a->lo) < 0) {
        iv_whole(r);
        return;
    }
    /* k = 0 and even k >= 2 increase on (0, inf); odd k decrease */
    if (k % 2 == 1) {
        pg_at(r->lo, k, a->hi, MPFR_RNDD);
        pg_at(r->hi, k, a->lo, MPFR_RNDU);
    } else {
        pg_at(r->lo, k, a->lo, MPFR_RNDD);
        pg_at(r->hi, k, a->hi, MPFR_RNDU);
    }
    iv_widen(r);
    iv_fix(r);
}

static void iv_add(iv *r, const iv *a, const iv *b)
{
    mpfr_add(r->lo, a->lo, b->lo, MPFR_RNDD);
    mpfr_add(r->hi, a->hi, b->hi, MPFR_RNDU);
    iv_fix(r);
}

/* r = a + k (r may be a) */
static void iv_add_ui(iv *r, const iv *a, unsigned long k)
{
    mpfr_add_ui(r->lo, a->lo, k, MPFR_RNDD);
    mpfr_add_ui(r->hi, a->hi, k, MPFR_RNDU);
}

static void iv_neg(iv *r, const iv *a)
{
    mpfr_t t;
    mpfr_init2(t, RANGE_PREC);
    mpfr_neg(t, a->hi, MPFR_RNDD);
    mpfr_neg(r->hi, a->lo, MPFR_RNDU);
    mpfr_swap(r->lo, t);
    mpfr_clear(t);
    iv_fix(r);
}

static void enclose(rctx *R, const expr *e, iv *r);

/* The closure of a parameter's domain, or false when the symbol is not a parameter. */
static bool param_interval(rctx *R, const decl *dc, iv *r)
{
    if (!dc || dc->kind != DECL_PARAM)
        return false;
    const domain *dm = &dc->dom;
    iv_whole(r);
    if (dm->kind != DOM_INTERVAL)
        return dm->kind == DOM_REAL;
    iv t;
    iv_init(&t);
    model *m = (model *)R->m;
    if (dm->lo) {
        enclose(R, model_const_values(m, dm->lo), &t);
        mpfr_set(r->lo, t.lo, MPFR_RNDD);
    }
    if (dm->hi) {
        enclose(R, model_const_values(m, dm->hi), &t);
        mpfr_set(r->hi, t.hi, MPFR_RNDU);
    }
    iv_clear(&t);
    iv_fix(r);
    return true;
}

/* The rules of class FN_RANGE_RULE: f(a) or f(a, b), by function. */
static void enclose_rule(const expr *e, iv *a, iv *b, iv *r)
{
    int op = expr_fn_table[e->fn].op;
    switch ((expr_fn_id)e->fn) {
    case FN_LOG1P:
        if (mpfr_cmp_si(a->hi, -1) >= 0) {
            if (mpfr_cmp_si(a->lo, -1) < 0)
                mpfr_set_si(a->lo, -1, MPFR_RNDD);
            iv_incr(r, a, op, false);
        } else {
            iv_whole(r);
        }
        break;
    case FN_LOGIT:
        if (iv_clip_nonneg(a) && mpfr_cmp_ui(a->lo, 1) <= 0) {
            if (mpfr_cmp_ui(a->hi, 1) > 0)
                mpfr_set_ui(a->hi, 1, MPFR_RNDU);
            iv_incr(r, a, op, true);
        } else {
            iv_whole(r);
        }
        break;
    case FN_SIN:
    case FN_COS:
        mpfr_set_si(r->lo, -1, MPFR_RNDD);
        mpfr_set_si(r->hi, 1, MPFR_RNDU);
        break;
    case FN_COSH:
    case FN_ABS: {
        if (mpfr_sgn(a->lo) >= 0) {
            iv_incr(r, a, op, false);
        } else if (mpfr_sgn(a->hi) <= 0) {
            iv_decr(r, a, op, false);
        } else {
            mpfr_t t;
            mpfr_init2(t, RANGE_PREC);
            op_at(op, t, a->lo, MPFR_RNDU);
            op_at(op, r->hi, a->hi, MPFR_RNDU);
            mpfr_max(r->hi, r->hi, t, MPFR_RNDU);
            mpfr_set_ui(r->lo, e->fn == FN_COSH ? 1 : 0, MPFR_RNDD);
            mpfr_clear(t);
            iv_fix(r);
        }
        break;
    }
    case FN_SIGN:
        mpfr_set_si(r->lo, mpfr_sgn(a->lo) > 0 ? 1 : mpfr_sgn(a->lo) == 0 ? 0 : -1, MPFR_RNDD);
        mpfr_set_si(r->hi, mpfr_sgn(a->hi) < 0 ? -1 : mpfr_sgn(a->hi) == 0 ? 0 : 1, MPFR_RNDU);
        break;
    case FN_DELTA:
        mpfr_set_ui(r->lo, 0, MPFR_RNDD);
        mpfr_set_ui(r->hi, 1, MPFR_RNDU);
        break;
    case FN_LGAMMA:
        iv_lgamma(r, a);
        break;
    case FN_LFACTORIAL:
        iv_add_ui(a, a, 1);
        iv_lgamma(r, a);
        break;
    case FN_POLYGAMMA: {
        const expr *k = e->args[0];
        if (expr_is_integer(k) && mpz_sgn(mpq_numref(k->q)) >= 0 &&
            mpz_cmp_ui(mpq_numref(k->q), 1000) <= 0)
            iv_polygamma(r, mpz_get_ui(mpq_numref(k->q)), b);
        else
            iv_whole(r);
        break;
    }
    case FN_LBETA: {
        /* lgamma(a) + lgamma(b) - lgamma(a + b) */
        iv ga, gb, s;
        iv_init(&ga);
        iv_init(&gb);
        iv_init(&s);
        iv_lgamma(&ga, a);
        iv_lgamma(&gb, b);
        iv_add(&s, a, b);
        iv_lgamma(&s, &s);
        iv_neg(&s, &s);
        iv_add(r, &ga, &gb);
        iv_add(r, r, &s);
        iv_clear(&ga);
        iv_clear(&gb);
        iv_clear(&s);
        break;
    }
    case FN_LCHOOSE: {
        /* lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1) */
        iv g1, g2, g3, t;
        iv_init(&g1);
        iv_init(&g2);
        iv_init(&g3);
        iv_init(&t);
        iv_add_ui(&t, a, 1);
        iv_lgamma(&g1, &t);
        iv_add_ui(&t, b, 1);
        iv_lgamma(&g2, &t);
        iv_neg(&t, b);
        iv_add(&t, &t, a);
        iv_add_ui(&t, &t, 1);
        iv_lgamma(&g3, &t);
        iv_neg(&g2, &g2);
        iv_neg(&g3, &g3);
        iv_add(r, &g1, &g2);
        iv_add(r, r, &g3);
        iv_clear(&g1);
        iv_clear(&g2);
        iv_clear(&g3);
        iv_clear(&t);
        break;
    }
    default:
        iv_whole(r);
        break;
    }
}

/* f(args): by the class of the function's rule (functions.h), the monotone ones through
 * its runtime op. */
static void enclose_fn(rctx *R, const expr *e, iv *r)
{
    const expr_fn_info *fi = &expr_fn_table[e->fn];
    iv a, b;
    iv_init(&a);
    iv_init(&b);
    enclose(R, e->args[0], &a);
    if (e->nargs > 1)
        enclose(R, e->args[1], &b);
    switch (fi->range) {
    case FN_RANGE_UP:
    case FN_RANGE_UP_WIDEN:
        iv_incr(r, &a, fi->op, fi->range == FN_RANGE_UP_WIDEN);
        break;
    case FN_RANGE_DOWN:
        iv_decr(r, &a, fi->op, false);
        break;
    case FN_RANGE_UP_NONNEG:
        if (iv_clip_nonneg(&a))
            iv_incr(r, &a, fi->op, false);
        else
            iv_whole(r);
        break;
    case FN_RANGE_RULE:
        enclose_rule(e, &a, &b, r);
        break;
    case FN_RANGE_NONE:
        iv_whole(r);
        break;
    }
    iv_clear(&a);
    iv_clear(&b);
}

static void enclose(rctx *R, const expr *e, iv *r)
{
    if (++R->visits > RANGE_MAX_VISITS) {
        iv_whole(r);
        return;
    }
    switch ((expr_kind)e->kind) {
    case EXPR_NUM:
        iv_set_q(r, e->q);
        return;
    case EXPR_CONST:
        if (e->cst == CST_PI) {
            mpfr_const_pi(r->lo, MPFR_RNDD);
            mpfr_const_pi(r->hi, MPFR_RNDU);
        } else {
            mpfr_const_euler(r->lo, MPFR_RNDD);
            mpfr_const_euler(r->hi, MPFR_RNDU);
        }
        return;
    case EXPR_SYM: {
        const expr_sym_info *si = expr_sym_get(R->m->ex, e->sym);
        if (si->kind == SYM_PARAM && param_interval(R, si->owner, r))
            return;
        if (si->kind == SYM_CONST && e->sym < R->m->nclosed && R->m->closed[e->sym]) {
            enclose(R, R->m->closed[e->sym], r);
            return;
        }
        iv_whole(r);
        return;
    }
    case EXPR_INDEX:
        iv_whole(r);
        return;
    case EXPR_FN:
        enclose_fn(R, e, r);
        return;
    case EXPR_POW: {
        iv b;
        iv_init(&b);
        enclose(R, e->args[0], &b);
        const expr *x = e->args[1];
        if (expr_is_integer(x) && mpz_fits_slong_p(mpq_numref(x->q))) {
            iv_powi(r, &b, mpz_get_si(mpq_numref(x->q)));
        } else if (x->kind == EXPR_NUM) {
            iv_powq(r, &b, x->q);
        } else {
            /* exp(x * log(b)), b > 0 */
            iv l, t;
            iv_init(&l);
            iv_init(&t);
            if (iv_clip_nonneg(&b)) {
                iv_incr(&l, &b, FIMRT_OP_LOG, false);
                enclose(R, x, &t);
                iv_mul(&l, &l, &t);
                iv_incr(r, &l, FIMRT_OP_EXP, false);
            } else {
                iv_whole(r);
            }
            iv_clear(&l);
            iv_clear(&t);
        }
        iv_clear(&b);
        return;
    }
    case EXPR_MUL:
    case EXPR_ADD: {
        iv t;
        iv_init(&t);
        enclose(R, e->args[0], r);
        for (uint32_t i = 1; i < e->nargs && !iv_is_whole(r); i++) {
            enclose(R, e->args[i], &t);
            if (e->kind == EXPR_ADD)
                iv_add(r, r, &t);
            else
                iv_mul(r, r, &t);
        }
        iv_clear(&t);
        return;
    }
    }
    iv_whole(r);
}

bool range_bounds(const model *m, const expr *e, double *lo, double *hi)
{
    rctx R = {m, 0};
    iv r;
    iv_init(&r);
    enclose(&R, e, &r);
    bool known = !iv_is_whole(&r) && R.visits <= RANGE_MAX_VISITS;
    if (!known)
        iv_whole(&r);
    *lo = mpfr_get_d(r.lo, MPFR_RNDD);
    *hi = mpfr_get_d(r.hi, MPFR_RNDU);
    iv_clear(&r);
    return known;
}

int range_sign(const model *m, const expr *e)
{
    double lo, hi;
    if (!range_bounds(m, e, &lo, &hi))
        return 0;
    if (lo >= 0)
        return 1;
    if (hi <= 0)
        return -1;
    return 0;
}
