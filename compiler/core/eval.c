/* compiler/core/eval.c — the direct MPFR evaluator: a recursive walk of the DAG, memoised per
 * node within one call. The recipe of each node kind is in eval.h; compiler/tape.c lowers
 * the same recipe to instructions, and the two must agree bit for bit.
 *
 * Values live in a pool of mpfr_t (chunks, so addresses stay put while it grows), all at
 * the working precision; the pool and the memo table are reset at each call and reused,
 * so a long series of calls allocates only while the pool grows. */
#include "eval.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fimrt.h"
#include "util.h"

#define POOL_CHUNK 256

struct eval_ctx {
    const expr_ctx *ex;
    mpfr_prec_t prec;
    /* Symbol values, indexed by symbol; has[i] says whether vals[i] is set. */
    mpfr_t *vals;
    unsigned char *has;
    size_t nvals;
    /* The value pool: `inited` slots initialised, `used` of them taken in this call. */
    mpfr_t **chunks;
    size_t nchunks, inited, used;
    /* The memo: open addressing from node to pool slot (keys NULL when empty). */
    const expr **mkeys;
    mpfr_ptr *mvals;
    size_t mcap, mcount;
    const expr *err_node;
};

eval_ctx *eval_new(const expr_ctx *ex, mpfr_prec_t prec)
{
    eval_ctx *ev = xcalloc(1, sizeof *ev);
    ev->ex = ex;
    ev->prec = prec;
    ev->mcap = 256;
    ev->mkeys = xcalloc(ev->mcap, sizeof *ev->mkeys);
    ev->mvals = xcalloc(ev->mcap, sizeof *ev->mvals);
    return ev;
}

void eval_free(eval_ctx *ev)
{
    if (!ev)
        return;
    for (size_t i = 0; i < ev->nvals; i++)
        mpfr_clear(ev->vals[i]);
    free(ev->vals);
    free(ev->has);
    for (size_t i = 0; i < ev->inited; i++)
        mpfr_clear(ev->chunks[i / POOL_CHUNK][i % POOL_CHUNK]);
    for (size_t i = 0; i < ev->nchunks; i++)
        free(ev->chunks[i]);
    free(ev->chunks);
    free(ev->mkeys);
    free(ev->mvals);
    free(ev);
}

mpfr_prec_t eval_prec(const eval_ctx *ev)
{
    return ev->prec;
}

/* The value slot of symbol sym, growing the table to hold it. */
static mpfr_ptr sym_slot(eval_ctx *ev, int sym)
{
    size_t need = (size_t)sym + 1;
    if (need > ev->nvals) {
        size_t n = ev->nvals ? ev->nvals : 16;
        while (n < need)
            n *= 2;
        ev->vals = xrealloc(ev->vals, n * sizeof *ev->vals);
        ev->has = xrealloc(ev->has, n);
        for (size_t i = ev->nvals; i < n; i++) {
            mpfr_init2(ev->vals[i], ev->prec);
            ev->has[i] = 0;
        }
        ev->nvals = n;
    }
    ev->has[sym] = 1;
    return ev->vals[sym];
}

void eval_set(eval_ctx *ev, int sym, const mpfr_t v)
{
    mpfr_set(sym_slot(ev, sym), v, MPFR_RNDN);
}

void eval_set_q(eval_ctx *ev, int sym, const mpq_t q)
{
    mpfr_set_q(sym_slot(ev, sym), q, MPFR_RNDN);
}

void eval_unset_all(eval_ctx *ev)
{
    if (ev->nvals)
        memset(ev->has, 0, ev->nvals);
}

const expr *eval_error_node(const eval_ctx *ev)
{
    return ev->err_node;
}

const char *eval_status_str(int status)
{
    switch (status) {
    case EVAL_OK: return "ok";
    case EVAL_DOMAIN: return "domain error";
    case EVAL_POLE: return "pole or overflow";
    case EVAL_INDEX: return "index out of range";
    case EVAL_UNBOUND: return "symbol without a value";
    case EVAL_UNSUPPORTED: return "polygamma order not a non-negative integer";
    default: return "unknown status";
    }
}

/* ------------------------------------------------------------------------------------ */
/* The pool and the memo                                                                 */

/* A fresh scratch value for this call. */
static mpfr_ptr slot_new(eval_ctx *ev)
{
    if (ev->used == ev->inited) {
        if (ev->inited == ev->nchunks * POOL_CHUNK) {
            ev->chunks = xrealloc(ev->chunks, (ev->nchunks + 1) * sizeof *ev->chunks);
            ev->chunks[ev->nchunks++] = xmalloc(POOL_CHUNK * sizeof(mpfr_t));
        }
        mpfr_init2(ev->chunks[ev->inited / POOL_CHUNK][ev->inited % POOL_CHUNK], ev->prec);
        ev->inited++;
    }
    size_t i = ev->used++;
    return ev->chunks[i / POOL_CHUNK][i % POOL_CHUNK];
}

static size_t memo_slot(const eval_ctx *ev, const expr *e)
{
    uint64_t h = (uint64_t)e->id * 0x9E3779B97F4A7C15ULL;
    size_t mask = ev->mcap - 1, i = (size_t)(h >> 17) & mask;
    while (ev->mkeys[i] && ev->mkeys[i] != e)
        i = (i + 1) & mask;
    return i;
}

static mpfr_ptr memo_get(const eval_ctx *ev, const expr *e)
{
    size_t i = memo_slot(ev, e);
    return ev->mkeys[i] ? ev->mvals[i] : NULL;
}

static void memo_put(eval_ctx *ev, const expr *e, mpfr_ptr v)
{
    if (2 * (ev->mcount + 1) > ev->mcap) {
        const expr **ok = ev->mkeys;
        mpfr_ptr *ov = ev->mvals;
        size_t ocap = ev->mcap;
        ev->mcap *= 2;
        ev->mkeys = xcalloc(ev->mcap, sizeof *ev->mkeys);
        ev->mvals = xcalloc(ev->mcap, sizeof *ev->mvals);
        for (size_t i = 0; i < ocap; i++)
            if (ok[i]) {
                size_t j = memo_slot(ev, ok[i]);
                ev->mkeys[j] = ok[i];
                ev->mvals[j] = ov[i];
            }
        free(ok);
        free(ov);
    }
    size_t i = memo_slot(ev, e);
    ev->mkeys[i] = e;
    ev->mvals[i] = v;
    ev->mcount++;
}

/* ------------------------------------------------------------------------------------ */
/* The recipes                                                                           */

/* A non-finite value is an error at node e. */
static int check(eval_ctx *ev, const expr *e, mpfr_srcptr y)
{
    if (mpfr_number_p(y))
        return EVAL_OK;
    ev->err_node = e;
    return mpfr_nan_p(y) ? EVAL_DOMAIN : EVAL_POLE;
}

static bool is_pow2(mpz_srcptr z)
{
    return mpz_sgn(z) > 0 && mpz_popcount(z) == 1;
}

static bool fits_long(mpz_srcptr z)
{
    return mpz_fits_slong_p(z) != 0;
}

/* y = b^q by the POW rule for a rational exponent q (eval.h). y is a fresh slot, or b
 * itself when q = 1. */
static mpfr_srcptr pow_q(eval_ctx *ev, mpfr_srcptr b, mpq_srcptr q)
{
    mpz_srcptr p = mpq_numref(q), d = mpq_denref(q);
    if (mpq_cmp_ui(q, 1, 1) == 0)
        return b;
    mpfr_ptr y = slot_new(ev);
    if (!fits_long(p) || !fits_long(d)) {
        mpfr_set_q(y, q, MPFR_RNDN);
        mpfr_pow(y, b, y, MPFR_RNDN);
        return y;
    }
    long pl = mpz_get_si(p);
    unsigned long dl = mpz_get_ui(d);
    if (dl == 1) {
        /* b^p, correctly rounded */
        if (pl == 2)
            mpfr_sqr(y, b, MPFR_RNDN);
        else if (pl == -1)
            mpfr_ui_div(y, 1, b, MPFR_RNDN);
        else
            mpfr_pow_si(y, b, pl, MPFR_RNDN);
    } else if (is_pow2(d)) {
        /* b^(p/2^k), the exponent exact in binary */
        if (dl == 2 && pl == 1)
            mpfr_sqrt(y, b, MPFR_RNDN);
        else if (dl == 2 && pl == -1)
            mpfr_rec_sqrt(y, b, MPFR_RNDN);
        else {
            mpfr_set_q(y, q, MPFR_RNDN);
            mpfr_pow(y, b, y, MPFR_RNDN);
        }
    } else {
        /* (b^(1/q))^p, the real root */
        mpfr_rootn_ui(y, b, dl, MPFR_RNDN);
        if (pl == -1)
            mpfr_ui_div(y, 1, y, MPFR_RNDN);
        else if (pl != 1)
            mpfr_pow_si(y, y, pl, MPFR_RNDN);
    }
    return y;
}

static int ev_node(eval_ctx *ev, const expr *e, mpfr_srcptr *out);

/* The value of a POW factor of a product that goes to the denominator (b^e, e a negative
 * NUM): b^-e. */
static bool is_denominator(const expr *f)
{
    return f->kind == EXPR_POW && f->args[1]->kind == EXPR_NUM && mpq_sgn(f->args[1]->q) < 0;
}

/* Every step of a product is checked as the tape checks each instruction: an overflow to
 * Inf is a pole there, even where a later step would have turned it into a NaN. */
#define STEP(ev, e, t)                                                                     \
    do {                                                                                   \
        int st_ = check((ev), (e), (t));                                                   \
        if (st_)                                                                           \
            return st_;                                                                    \
    } while (0)

/* *out = the product of the listed factor values, last to first; NULL when there are
 * none. */
static int product(eval_ctx *ev, const expr *e, mpfr_srcptr *v, size_t n, mpfr_srcptr *out)
{
    *out = NULL;
    if (n == 0)
        return EVAL_OK;
    if (n == 1) {
        *out = v[0];
        return EVAL_OK;
    }
    mpfr_ptr acc = slot_new(ev);
    mpfr_mul(acc, v[n - 1], v[n - 2], MPFR_RNDN);
    STEP(ev, e, acc);
    for (size_t i = n - 2; i-- > 0;) {
        mpfr_mul(acc, acc, v[i], MPFR_RNDN);
        STEP(ev, e, acc);
    }
    *out = acc;
    return EVAL_OK;
}

/* *a = *a * z (z > 0 an integer) by the MUL rule: mpfr_mul_ui when z <= LONG_MAX, else a
 * multiplication by z rounded. */
static int times_int(eval_ctx *ev, const expr *e, mpfr_srcptr *a, mpz_srcptr z)
{
    if (mpz_cmp_ui(z, 1) == 0)
        return EVAL_OK;
    mpfr_ptr t = slot_new(ev);
    if (fits_long(z))
        mpfr_mul_ui(t, *a, mpz_get_ui(z), MPFR_RNDN);
    else {
        mpfr_set_z(t, z, MPFR_RNDN);
        mpfr_mul(t, *a, t, MPFR_RNDN);
    }
    STEP(ev, e, t);
    *a = t;
    return EVAL_OK;
}

/* c f1 ... fn (the MUL rule of eval.h) */
static int ev_mul(eval_ctx *ev, const expr *e, mpfr_ptr y)
{
    uint32_t start = 0;
    mpz_srcptr Q = NULL;
    int sign = 1;
    mpz_t absP;
    mpz_init_set_ui(absP, 1);
    if (e->args[0]->kind == EXPR_NUM) {
        mpz_abs(absP, mpq_numref(e->args[0]->q));
        Q = mpq_denref(e->args[0]->q);
        sign = mpq_sgn(e->args[0]->q);
        start = 1;
    }
    mpfr_srcptr *num = xmalloc(e->nargs * sizeof *num);
    mpfr_srcptr *den = xmalloc(e->nargs * sizeof *den);
    size_t nn = 0, nd = 0;
    mpq_t ne;
    mpq_init(ne);
    int st = EVAL_OK;
    for (uint32_t i = start; i < e->nargs && st == EVAL_OK; i++) {
        const expr *f = e->args[i];
        mpfr_srcptr v;
        if (is_denominator(f)) {
            st = ev_node(ev, f->args[0], &v);
            if (st)
                break;
            mpq_neg(ne, f->args[1]->q);
            v = pow_q(ev, v, ne);
            st = check(ev, f, v);
            den[nd++] = v;
        } else {
            st = ev_node(ev, f, &v);
            num[nn++] = v;
        }
    }
    mpfr_srcptr N = NULL, D = NULL;
    if (st == EVAL_OK)
        st = product(ev, e, num, nn, &N);
    if (st == EVAL_OK)
        st = product(ev, e, den, nd, &D);
    if (st == EVAL_OK && N)
        st = times_int(ev, e, &N, absP);
    if (st == EVAL_OK && D && Q)
        st = times_int(ev, e, &D, Q);
    if (st == EVAL_OK) {
        if (N && D)
            mpfr_div(y, N, D, MPFR_RNDN);
        else if (N && Q && mpz_cmp_ui(Q, 1) != 0) {
            if (fits_long(Q))
                mpfr_div_ui(y, N, mpz_get_ui(Q), MPFR_RNDN);
            else {
                mpfr_set_z(y, Q, MPFR_RNDN);
                mpfr_div(y, N, y, MPFR_RNDN);
            }
        } else if (N)
            mpfr_set(y, N, MPFR_RNDN);
        else if (fits_long(absP))
            mpfr_ui_div(y, mpz_get_ui(absP), D, MPFR_RNDN);
        else {
            mpfr_set_z(y, absP, MPFR_RNDN);
            mpfr_div(y, y, D, MPFR_RNDN);
        }
        if (sign < 0)
            mpfr_neg(y, y, MPFR_RNDN);
    }
    mpq_clear(ne);
    mpz_clear(absP);
    free(num);
    free(den);
    return st;
}

/* f(args) by the function's runtime op (functions.h), as the tape runs it. */
static int ev_fn(eval_ctx *ev, const expr *e, mpfr_ptr y)
{
    expr_fn_id f = (expr_fn_id)e->fn;
    uint32_t first = 0; /* the first argument that is an operand */
    long imm = 0;
    mpfr_srcptr a, b = NULL;
    int st;
    if (f == FN_POLYGAMMA) {
        /* the order is the op's imm */
        const expr *k = e->args[0];
        if (!expr_is_integer(k) || mpq_sgn(k->q) < 0 || !mpz_fits_ulong_p(mpq_numref(k->q))) {
            ev->err_node = e;
            return EVAL_UNSUPPORTED;
        }
        imm = (long)mpz_get_ui(mpq_numref(k->q));
        first = 1;
    } else if (f == FN_DIGAMMA || f == FN_TRIGAMMA) {
        /* never in a node (expr.h); kept total */
        imm = f == FN_TRIGAMMA;
    }
    if ((st = ev_node(ev, e->args[first], &a)))
        return st;
    if (e->nargs - first == 2 && (st = ev_node(ev, e->args[first + 1], &b)))
        return st;
    fimrt_op_apply(expr_fn_table[f].op, y, a, b, imm, MPFR_RNDN);
    return EVAL_OK;
}

/* *out = the value of e (memoised; never to be written by the caller). */
static int ev_node(eval_ctx *ev, const expr *e, mpfr_srcptr *out)
{
    int st = EVAL_OK;
    if (e->kind == EXPR_SYM) {
        if ((size_t)e->sym >= ev->nvals || !ev->has[e->sym]) {
            ev->err_node = e;
            return EVAL_UNBOUND;
        }
        *out = ev->vals[e->sym];
        return check(ev, e, *out);
    }
    mpfr_ptr y = memo_get(ev, e);
    if (y) {
        *out = y;
        return EVAL_OK;
    }
    y = slot_new(ev);
    switch ((expr_kind)e->kind) {
    case EXPR_NUM:
        mpfr_set_q(y, e->q, MPFR_RNDN);
        break;
    case EXPR_CONST:
        if (e->cst == CST_PI)
            mpfr_const_pi(y, MPFR_RNDN);
        else
            mpfr_const_euler(y, MPFR_RNDN);
        break;
    case EXPR_SYM:
        break;
    case EXPR_INDEX: {
        /* w[k]: the element symbol's value for an integer k in 1..len */
        mpfr_srcptr k;
        const expr_vec_info *vi = expr_vec_get(ev->ex, e->sym);
        if ((st = ev_node(ev, e->args[0], &k)))
            return st;
        if (!vi || !mpfr_integer_p(k) || mpfr_cmp_ui(k, 1) < 0 || mpfr_cmp_si(k, vi->len) > 0) {
            ev->err_node = e;
            return EVAL_INDEX;
        }
        int sym = vi->first_sym + (int)mpfr_get_si(k, MPFR_RNDN) - 1;
        if ((size_t)sym >= ev->nvals || !ev->has[sym]) {
            ev->err_node = e;
            return EVAL_UNBOUND;
        }
        mpfr_set(y, ev->vals[sym], MPFR_RNDN);
        break;
    }
    case EXPR_FN:
        st = ev_fn(ev, e, y);
        break;
    case EXPR_POW: {
        /* b^e by the POW rule */
        mpfr_srcptr b, x;
        if ((st = ev_node(ev, e->args[0], &b)))
            return st;
        if (e->args[1]->kind == EXPR_NUM) {
            x = pow_q(ev, b, e->args[1]->q);
            mpfr_set(y, x, MPFR_RNDN);
        } else {
            if ((st = ev_node(ev, e->args[1], &x)))
                return st;
            mpfr_pow(y, b, x, MPFR_RNDN);
        }
        break;
    }
    case EXPR_MUL:
        st = ev_mul(ev, e, y);
        break;
    case EXPR_ADD: {
        /* the correctly rounded sum of the terms */
        mpfr_ptr *t = xmalloc(e->nargs * sizeof *t);
        for (uint32_t i = 0; i < e->nargs && st == EVAL_OK; i++) {
            mpfr_srcptr v;
            st = ev_node(ev, e->args[i], &v);
            t[i] = (mpfr_ptr)v;
        }
        if (st == EVAL_OK) {
            if (e->nargs == 2)
                mpfr_add(y, t[0], t[1], MPFR_RNDN);
            else
                mpfr_sum(y, (const mpfr_ptr *)t, e->nargs, MPFR_RNDN);
        }
        free(t);
        break;
    }
    }
    if (st)
        return st;
    if ((st = check(ev, e, y)))
        return st;
    memo_put(ev, e, y);
    *out = y;
    return EVAL_OK;
}

int eval_exprs(eval_ctx *ev, size_t n, expr *const *es, mpfr_t *out)
{
    ev->used = 0;
    ev->mcount = 0;
    memset(ev->mkeys, 0, ev->mcap * sizeof *ev->mkeys);
    ev->err_node = NULL;
    for (size_t i = 0; i < n; i++) {
        mpfr_srcptr v;
        int st = ev_node(ev, es[i], &v);
        if (st)
            return st;
        mpfr_set(out[i], v, MPFR_RNDN);
    }
    return EVAL_OK;
}

int eval_expr(eval_ctx *ev, mpfr_t out, expr *e)
{
    return eval_exprs(ev, 1, &e, (mpfr_t *)out);
}
