/* compiler/num/tape.c — lowering an expression DAG to a tape (see tape.h): SSA values with
 * value numbering, the recipe of eval.h, constant hoisting, hoisting of what depends on
 * the fixed inputs only into the bind segment, linear-scan registers, and the printer for
 * `fimc print --tape`. */
#include "tape.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>

/* ------------------------------------------------------------------------------------ */
/* SSA values                                                                            */

#define TV_INPUT (-1) /* an input leaf: ci is the input index */
#define TV_CONST (-2) /* a constant leaf: ci indexes the builder's constant table */

typedef struct tv {
    int op;        /* enum fimrt_op, TV_INPUT or TV_CONST */
    int a, b;      /* operand values, -1 for none; for SUM and INDEX b is the list length */
    long imm;      /* the integer operand; for SUM and INDEX the list start in tb.args */
    int ci;
    bool is_const; /* a constant leaf, or every operand constant */
    bool is_inv;   /* invariant: no varying input under it (a constant, a fixed input, or
                      every operand invariant) */
} tv;

typedef struct tconst {
    int kind; /* enum fimrt_const_kind (never COMPUTED here) */
    char *q;  /* FIMRT_CONST_Q: "p/q" */
} tconst;

/* A map from node to value, keyed by the node's serial id. */
typedef struct nmap {
    const expr **keys;
    int *vals;
    size_t cap, n;
} nmap;

typedef struct tb {
    const expr_ctx *ex;
    tv *v;
    size_t nv, vcap;
    int *args; /* list operands (values; ~v for a negated sum operand) */
    size_t nargs, acap;
    int *vn;   /* value numbering: value + 1, 0 for empty */
    size_t vncap, vnn;
    tconst *c;
    size_t nc, ccap;
    nmap val, mag;   /* node -> its value; node -> the magnitude of a negative product */
    int *sym_input;  /* symbol -> its input value, or -1 */
    int nsyms;
    tape_error err;
} tb;

static void nm_init(nmap *m)
{
    m->cap = 256;
    m->n = 0;
    m->keys = xcalloc(m->cap, sizeof *m->keys);
    m->vals = xcalloc(m->cap, sizeof *m->vals);
}

static void nm_free(nmap *m)
{
    free(m->keys);
    free(m->vals);
}

static size_t nm_slot(const nmap *m, const expr *e)
{
    uint64_t h = (uint64_t)e->id * 0x9E3779B97F4A7C15ULL;
    size_t mask = m->cap - 1, i = (size_t)(h >> 17) & mask;
    while (m->keys[i] && m->keys[i] != e)
        i = (i + 1) & mask;
    return i;
}

static int nm_get(const nmap *m, const expr *e)
{
    size_t i = nm_slot(m, e);
    return m->keys[i] ? m->vals[i] : -1;
}

static void nm_put(nmap *m, const expr *e, int v)
{
    if (2 * (m->n + 1) > m->cap) {
        nmap g = {xcalloc(m->cap * 2, sizeof *g.keys), xcalloc(m->cap * 2, sizeof *g.vals),
                  m->cap * 2, m->n};
        for (size_t i = 0; i < m->cap; i++)
            if (m->keys[i]) {
                size_t j = nm_slot(&g, m->keys[i]);
                g.keys[j] = m->keys[i];
                g.vals[j] = m->vals[i];
            }
        nm_free(m);
        *m = g;
    }
    size_t i = nm_slot(m, e);
    if (!m->keys[i])
        m->n++;
    m->keys[i] = e;
    m->vals[i] = v;
}

static bool is_list_op(int op)
{
    return op == FIMRT_OP_SUM || op == FIMRT_OP_INDEX;
}

static uint64_t mix(uint64_t h, uint64_t x)
{
    h ^= x + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
    h *= 0xbf58476d1ce4e5b9ULL;
    return h ^ (h >> 31);
}

static uint64_t val_hash(const tb *b, int op, int x, int y, long imm, const int *list, int n,
                         int ckind, const char *q)
{
    uint64_t h = mix(0x51ed270b27a1c3d5ULL, (uint64_t)(int64_t)op);
    if (op == TV_CONST) {
        h = mix(h, (uint64_t)ckind);
        for (const char *p = q ? q : ""; *p; p++)
            h = mix(h, (uint64_t)(unsigned char)*p);
        return h;
    }
    h = mix(h, (uint64_t)(int64_t)x);
    h = mix(h, (uint64_t)(int64_t)y);
    if (list) {
        for (int i = 0; i < n; i++)
            h = mix(h, (uint64_t)(int64_t)list[i]);
    } else
        h = mix(h, (uint64_t)imm);
    (void)b;
    return h;
}

static bool val_equal(const tb *b, const tv *t, int op, int x, int y, long imm, const int *list,
                      int n, int ckind, const char *q)
{
    if (t->op != op)
        return false;
    if (op == TV_CONST) {
        const tconst *c = &b->c[t->ci];
        return c->kind == ckind && (c->q == q || (c->q && q && strcmp(c->q, q) == 0));
    }
    if (t->a != x || t->b != y)
        return false;
    if (list)
        return memcmp(b->args + t->imm, list, (size_t)n * sizeof *list) == 0;
    return t->imm == imm;
}

static void vn_grow(tb *b)
{
    size_t cap = b->vncap ? b->vncap * 2 : 1024;
    int *vn = xcalloc(cap, sizeof *vn);
    for (size_t i = 0; i < b->vncap; i++) {
        if (!b->vn[i])
            continue;
        const tv *t = &b->v[b->vn[i] - 1];
        const tconst *c = t->op == TV_CONST ? &b->c[t->ci] : NULL;
        uint64_t h = val_hash(b, t->op, t->a, t->b, t->imm,
                              is_list_op(t->op) ? b->args + t->imm : NULL, t->b,
                              c ? c->kind : 0, c ? c->q : NULL);
        size_t j = (size_t)h & (cap - 1);
        while (vn[j])
            j = (j + 1) & (cap - 1);
        vn[j] = b->vn[i];
    }
    free(b->vn);
    b->vn = vn;
    b->vncap = cap;
}

static int new_value(tb *b, const tv *t)
{
    if (b->nv == b->vcap) {
        b->vcap = b->vcap ? 2 * b->vcap : 256;
        b->v = xrealloc(b->v, b->vcap * sizeof *b->v);
    }
    b->v[b->nv] = *t;
    return (int)b->nv++;
}

static bool val_is_const(const tb *b, int v)
{
    return b->v[v].is_const;
}

static bool val_is_inv(const tb *b, int v)
{
    return b->v[v].is_inv;
}

/* The value computed by (op, x, y, imm, list[0..n)) — an existing one when the same
 * instruction was emitted before (value numbering). For list ops imm is ignored. */
static int emit(tb *b, int op, int x, int y, long imm, const int *list, int n)
{
    if (2 * (b->vnn + 1) > b->vncap)
        vn_grow(b);
    if (list)
        y = n;
    uint64_t h = val_hash(b, op, x, y, imm, list, n, 0, NULL);
    size_t mask = b->vncap - 1, i = (size_t)h & mask;
    for (; b->vn[i]; i = (i + 1) & mask)
        if (val_equal(b, &b->v[b->vn[i] - 1], op, x, y, imm, list, n, 0, NULL))
            return b->vn[i] - 1;
    tv t = {op, x, list ? n : y, imm, 0, true, true};
    if (list) {
        if (b->nargs + (size_t)n > b->acap) {
            while (b->nargs + (size_t)n > b->acap)
                b->acap = b->acap ? 2 * b->acap : 256;
            b->args = xrealloc(b->args, b->acap * sizeof *b->args);
        }
        t.imm = (long)b->nargs;
        memcpy(b->args + b->nargs, list, (size_t)n * sizeof *list);
        b->nargs += (size_t)n;
        for (int k = 0; k < n; k++) {
            t.is_const &= val_is_const(b, list[k] < 0 ? ~list[k] : list[k]);
            t.is_inv &= val_is_inv(b, list[k] < 0 ? ~list[k] : list[k]);
        }
        if (op == FIMRT_OP_INDEX) {
            t.is_const &= val_is_const(b, x);
            t.is_inv &= val_is_inv(b, x);
        }
    } else {
        if (x >= 0) {
            t.is_const &= val_is_const(b, x);
            t.is_inv &= val_is_inv(b, x);
        }
        if (y >= 0) {
            t.is_const &= val_is_const(b, y);
            t.is_inv &= val_is_inv(b, y);
        }
    }
    int v = new_value(b, &t);
    b->vn[i] = v + 1;
    b->vnn++;
    return v;
}

static int emit1(tb *b, int op, int x)
{
    return emit(b, op, x, -1, 0, NULL, 0);
}

static int emit2(tb *b, int op, int x, int y)
{
    return emit(b, op, x, y, 0, NULL, 0);
}

static int emit_imm(tb *b, int op, int x, long imm)
{
    return emit(b, op, x, -1, imm, NULL, 0);
}

/* A constant leaf (value numbered on its kind and text). q is copied. */
static int constant(tb *b, int kind, const char *q)
{
    if (2 * (b->vnn + 1) > b->vncap)
        vn_grow(b);
    uint64_t h = val_hash(b, TV_CONST, 0, 0, 0, NULL, 0, kind, q);
    size_t mask = b->vncap - 1, i = (size_t)h & mask;
    for (; b->vn[i]; i = (i + 1) & mask)
        if (val_equal(b, &b->v[b->vn[i] - 1], TV_CONST, 0, 0, 0, NULL, 0, kind, q))
            return b->vn[i] - 1;
    if (b->nc == b->ccap) {
        b->ccap = b->ccap ? 2 * b->ccap : 16;
        b->c = xrealloc(b->c, b->ccap * sizeof *b->c);
    }
    b->c[b->nc] = (tconst){kind, q ? xstrdup(q) : NULL};
    tv t = {TV_CONST, -1, -1, 0, (int)b->nc++, true, true};
    int v = new_value(b, &t);
    b->vn[i] = v + 1;
    b->vnn++;
    return v;
}

static int const_q(tb *b, mpq_srcptr q)
{
    char *s = mpq_get_str(NULL, 10, q);
    int v = constant(b, FIMRT_CONST_Q, s);
    void (*freefunc)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &freefunc);
    freefunc(s, strlen(s) + 1);
    return v;
}

static int const_z(tb *b, mpz_srcptr z)
{
    mpq_t q;
    mpq_init(q);
    mpq_set_z(q, z);
    int v = const_q(b, q);
    mpq_clear(q);
    return v;
}

/* ------------------------------------------------------------------------------------ */
/* Lowering: the recipe of eval.h                                                        */

static int fail(tb *b, int status, const expr *e)
{
    if (!b->err.status) {
        b->err.status = status;
        b->err.node = e;
    }
    return -1;
}

static bool fits_long(mpz_srcptr z)
{
    return mpz_fits_slong_p(z) != 0;
}

/* base^q by the POW rule (eval.h: pow_q). */
static int pow_q(tb *b, int base, mpq_srcptr q)
{
    mpz_srcptr p = mpq_numref(q), d = mpq_denref(q);
    if (mpq_cmp_ui(q, 1, 1) == 0)
        return base;
    if (!fits_long(p) || !fits_long(d))
        return emit2(b, FIMRT_OP_POW, base, const_q(b, q));
    long pl = mpz_get_si(p);
    long dl = mpz_get_si(d);
    if (dl == 1) {
        /* b^2 = sqr(b), b^-1 = 1/b, b^p = pow_si(b, p) */
        if (pl == 2)
            return emit1(b, FIMRT_OP_SQR, base);
        if (pl == -1)
            return emit_imm(b, FIMRT_OP_SI_DIV, base, 1);
        return emit_imm(b, FIMRT_OP_POW_SI, base, pl);
    }
    if (mpz_popcount(d) == 1) {
        /* b^(1/2) = sqrt(b), b^(-1/2) = rec_sqrt(b), b^(p/2^k) = pow(b, p/2^k) */
        if (dl == 2 && pl == 1)
            return emit1(b, FIMRT_OP_SQRT, base);
        if (dl == 2 && pl == -1)
            return emit1(b, FIMRT_OP_REC_SQRT, base);
        return emit2(b, FIMRT_OP_POW, base, const_q(b, q));
    }
    /* b^(p/q) = rootn(b, q)^p */
    int r = emit_imm(b, FIMRT_OP_ROOTN, base, dl);
    if (pl == -1)
        return emit_imm(b, FIMRT_OP_SI_DIV, r, 1);
    if (pl != 1)
        return emit_imm(b, FIMRT_OP_POW_SI, r, pl);
    return r;
}

static int lower(tb *b, const expr *e);

static bool is_denominator(const expr *f)
{
    return f->kind == EXPR_POW && f->args[1]->kind == EXPR_NUM && mpq_sgn(f->args[1]->q) < 0;
}

/* acc * z for an integer z > 0 (eval.h: times_int). */
static int times_int(tb *b, int acc, mpz_srcptr z)
{
    if (mpz_cmp_ui(z, 1) == 0)
        return acc;
    if (fits_long(z))
        return emit_imm(b, FIMRT_OP_MUL_UI, acc, mpz_get_si(z));
    return emit2(b, FIMRT_OP_MUL, acc, const_z(b, z));
}

/* The product c f1 ... fn of a MUL node without the sign of c, negated when neg: the
 * negation goes on the first operand of the numerator's chain (or into si_div), which is
 * exact, so the bits are those of eval.h's -(N/D). */
static int lower_mul(tb *b, const expr *e, bool neg)
{
    uint32_t start = 0;
    mpz_t P, Q;
    mpz_init_set_ui(P, 1);
    mpz_init_set_ui(Q, 1);
    if (e->args[0]->kind == EXPR_NUM) {
        mpz_abs(P, mpq_numref(e->args[0]->q));
        mpz_set(Q, mpq_denref(e->args[0]->q));
        start = 1;
    }
    int *num = xmalloc(e->nargs * sizeof *num), *den = xmalloc(e->nargs * sizeof *den);
    size_t nn = 0, nd = 0;
    int r = -1;
    mpq_t ne;
    mpq_init(ne);
    for (uint32_t i = start; i < e->nargs; i++) {
        const expr *f = e->args[i];
        int v;
        if (is_denominator(f)) {
            if ((v = lower(b, f->args[0])) < 0)
                goto out;
            mpq_neg(ne, f->args[1]->q);
            den[nd++] = pow_q(b, v, ne);
        } else {
            if ((v = lower(b, f)) < 0)
                goto out;
            num[nn++] = v;
        }
    }
    int N = -1, D = -1;
    if (nn) {
        /* numerator: last factor to first, then |P|; the sign on the first operand */
        N = num[nn - 1];
        if (neg)
            N = emit1(b, FIMRT_OP_NEG, N);
        for (size_t i = nn - 1; i-- > 0;)
            N = emit2(b, FIMRT_OP_MUL, N, num[i]);
        N = times_int(b, N, P);
    }
    if (nd) {
        D = den[nd - 1];
        for (size_t i = nd - 1; i-- > 0;)
            D = emit2(b, FIMRT_OP_MUL, D, den[i]);
        D = times_int(b, D, Q);
    }
    if (N >= 0 && D >= 0)
        r = emit2(b, FIMRT_OP_DIV, N, D);
    else if (N >= 0 && mpz_cmp_ui(Q, 1) != 0)
        r = fits_long(Q) ? emit_imm(b, FIMRT_OP_DIV_UI, N, mpz_get_si(Q))
                         : emit2(b, FIMRT_OP_DIV, N, const_z(b, Q));
    else if (N >= 0)
        r = N;
    else {
        /* ±P / D in one correctly rounded division */
        if (neg)
            mpz_neg(P, P);
        r = fits_long(P) ? emit_imm(b, FIMRT_OP_SI_DIV, D, mpz_get_si(P))
                         : emit2(b, FIMRT_OP_DIV, const_z(b, P), D);
    }
out:
    mpq_clear(ne);
    mpz_clear(P);
    mpz_clear(Q);
    free(num);
    free(den);
    return r;
}

static bool negative_product(const expr *e)
{
    return e->kind == EXPR_MUL && e->args[0]->kind == EXPR_NUM && mpq_sgn(e->args[0]->q) < 0;
}

/* A term of a sum as (value, sign): a product with a negative coefficient gives its
 * magnitude and *neg = true, anything else its value. */
static int lower_term(tb *b, const expr *e, bool *neg)
{
    *neg = false;
    if (!negative_product(e))
        return lower(b, e);
    *neg = true;
    int v = nm_get(&b->mag, e);
    if (v >= 0)
        return v;
    v = lower_mul(b, e, false);
    if (v >= 0)
        nm_put(&b->mag, e, v);
    return v;
}

/* The correctly rounded sum of the terms (eval.h: ADD). */
static int lower_add(tb *b, const expr *e)
{
    uint32_t n = e->nargs;
    int *t = xmalloc(n * sizeof *t);
    bool *neg = xmalloc(n * sizeof *neg);
    int r = -1;
    for (uint32_t i = 0; i < n; i++)
        if ((t[i] = lower_term(b, e->args[i], &neg[i])) < 0)
            goto out;
    if (n == 2 && !(neg[0] && neg[1])) {
        /* a + b, a - b, b - a */
        if (!neg[0] && !neg[1])
            r = emit2(b, FIMRT_OP_ADD, t[0], t[1]);
        else if (!neg[0])
            r = emit2(b, FIMRT_OP_SUB, t[0], t[1]);
        else
            r = emit2(b, FIMRT_OP_SUB, t[1], t[0]);
        goto out;
    }
    /* mpfr_sum of the list, ~v for -v (also for -a - b: -(a + b) would turn an exact +0
     * into -0); a value negated in the list must occur there only once (the interpreter
     * negates it in place), else it is negated by an instruction */
    for (uint32_t i = 0; i < n; i++) {
        if (!neg[i])
            continue;
        bool dup = false;
        for (uint32_t j = 0; j < n && !dup; j++)
            dup = j != i && t[j] == t[i];
        if (dup) {
            t[i] = emit1(b, FIMRT_OP_NEG, t[i]);
            neg[i] = false;
        }
    }
    for (uint32_t i = 0; i < n; i++)
        if (neg[i])
            t[i] = ~t[i];
    r = emit(b, FIMRT_OP_SUM, -1, -1, 0, t, (int)n);
out:
    free(t);
    free(neg);
    return r;
}

static int lower_fn(tb *b, const expr *e)
{
    expr_fn_id f = (expr_fn_id)e->fn;
    if (f == FN_POLYGAMMA) {
        /* polygamma(k, x), k a non-negative integer NUM */
        const expr *k = e->args[0];
        if (!expr_is_integer(k) || mpq_sgn(k->q) < 0 || !fits_long(mpq_numref(k->q)))
            return fail(b, TAPE_UNSUPPORTED, e);
        int x = lower(b, e->args[1]);
        return x < 0 ? -1 : emit_imm(b, FIMRT_OP_POLYGAMMA, x, mpz_get_si(mpq_numref(k->q)));
    }
    if (f == FN_DIGAMMA || f == FN_TRIGAMMA) {
        /* never in a node (expr.h); kept total */
        int x = lower(b, e->args[0]);
        return x < 0 ? -1 : emit_imm(b, FIMRT_OP_POLYGAMMA, x, f == FN_DIGAMMA ? 0 : 1);
    }
    /* the function's runtime op (functions.h) on its arguments */
    int op = expr_fn_table[f].op;
    int x = lower(b, e->args[0]);
    if (x < 0)
        return -1;
    if (e->nargs == 1)
        return emit1(b, op, x);
    int y = lower(b, e->args[1]);
    return y < 0 ? -1 : emit2(b, op, x, y);
}

/* The value of node e (memoised). */
static int lower(tb *b, const expr *e)
{
    int v = nm_get(&b->val, e);
    if (v >= 0)
        return v;
    switch ((expr_kind)e->kind) {
    case EXPR_NUM:
        v = const_q(b, e->q);
        break;
    case EXPR_CONST:
        v = constant(b, e->cst == CST_PI ? FIMRT_CONST_PI : FIMRT_CONST_EULER, NULL);
        break;
    case EXPR_SYM:
        v = e->sym < b->nsyms ? b->sym_input[e->sym] : -1;
        if (v < 0)
            return fail(b, TAPE_UNBOUND, e);
        break;
    case EXPR_INDEX: {
        /* w[k]: the element inputs, selected at run time */
        const expr_vec_info *vi = expr_vec_get(b->ex, e->sym);
        int k = lower(b, e->args[0]);
        if (k < 0)
            return -1;
        int *l = xmalloc((size_t)vi->len * sizeof *l);
        for (int i = 0; i < vi->len; i++) {
            int s = vi->first_sym + i;
            l[i] = s < b->nsyms ? b->sym_input[s] : -1;
            if (l[i] < 0) {
                free(l);
                return fail(b, TAPE_UNBOUND, e);
            }
        }
        v = emit(b, FIMRT_OP_INDEX, k, -1, 0, l, vi->len);
        free(l);
        break;
    }
    case EXPR_FN:
        v = lower_fn(b, e);
        break;
    case EXPR_POW: {
        int base = lower(b, e->args[0]);
        if (base < 0)
            return -1;
        if (e->args[1]->kind == EXPR_NUM)
            v = pow_q(b, base, e->args[1]->q);
        else {
            int x = lower(b, e->args[1]);
            v = x < 0 ? -1 : emit2(b, FIMRT_OP_POW, base, x);
        }
        break;
    }
    case EXPR_MUL:
        v = lower_mul(b, e, negative_product(e));
        break;
    case EXPR_ADD:
        v = lower_add(b, e);
        break;
    }
    if (v >= 0)
        nm_put(&b->val, e, v);
    return v;
}

/* ------------------------------------------------------------------------------------ */
/* The tape                                                                              */

struct tape {
    fimrt_tape rt;
    fimrt_insn *insn;
    int *args;
    fimrt_const *consts;
    char **cstr;
    int *in;
    int *in_syms;
    char **out_names;
    size_t dag_nodes;
    int nbound; /* the last nbound constant slots are FIMRT_CONST_BOUND */
};

/* Distinct nodes under the outputs. */
static size_t count_nodes(size_t n, expr *const *outs)
{
    nmap seen;
    nm_init(&seen);
    ptrvec stack = {0};
    for (size_t i = 0; i < n; i++)
        if (nm_get(&seen, outs[i]) < 0) {
            nm_put(&seen, outs[i], 0);
            pv_push(&stack, outs[i]);
        }
    while (stack.n) {
        const expr *x = stack.v[--stack.n];
        for (uint32_t i = 0; i < x->nargs; i++)
            if (nm_get(&seen, x->args[i]) < 0) {
                nm_put(&seen, x->args[i], 0);
                pv_push(&stack, x->args[i]);
            }
    }
    size_t count = seen.n;
    pv_free(&stack);
    nm_free(&seen);
    return count;
}

/* The operands of value t, in the order the register scans visit them: for INDEX the
 * index value then the list entries, for SUM the list entries with their sign stripped,
 * otherwise a then b (those >= 0). */
static int operand_count(const tv *t)
{
    if (is_list_op(t->op))
        return t->b + (t->op == FIMRT_OP_INDEX);
    return (t->a >= 0) + (t->b >= 0);
}

static int operand(const tb *b, const tv *t, int k)
{
    if (is_list_op(t->op)) {
        if (t->op == FIMRT_OP_INDEX && k-- == 0)
            return t->a;
        int u = b->args[t->imm + k];
        return u < 0 ? ~u : u;
    }
    return k == 0 && t->a >= 0 ? t->a : t->b;
}

static void tb_free(tb *b)
{
    free(b->v);
    free(b->args);
    free(b->vn);
    for (size_t i = 0; i < b->nc; i++)
        free(b->c[i].q);
    free(b->c);
    nm_free(&b->val);
    nm_free(&b->mag);
    free(b->sym_input);
}

/* The per-evaluation program is a list of items: an instruction (value v >= 0), or the
 * output of value outv[j] (item ~j). */
#define ITEM_OUT(j) (~(int)(j))

/* The assembler's scratch: the two scheduled segments, and per value (indexed by value)
 * its liveness, its register and its slot. */
typedef struct asm_state {
    const tb *b;
    size_t nout;
    const int *outv;
    int *bitems;    /* the bind segment: invariant, non-constant instructions */
    int *items;     /* the per-evaluation items */
    size_t nbind, nitems;
    size_t ninit;   /* constant instructions (the prologue) */
    int *last;      /* last reading per-evaluation item, -1 */
    int *lastb;     /* last reading bind instruction, -1 */
    bool *late;     /* read by a per-evaluation item */
    int *reg;       /* work register, -1 */
    bool *released; /* its register is free again */
    int *cidx;      /* constant or bound slot index, -1 */
    int nconst, nbound, nregs;
} asm_state;

static void asm_init(asm_state *s, const tb *b, size_t nout, const int *outv)
{
    size_t nv = b->nv;
    *s = (asm_state){.b = b, .nout = nout, .outv = outv};
    s->bitems = xmalloc((nv + 1) * sizeof *s->bitems);
    s->items = xmalloc((nv + nout + 1) * sizeof *s->items);
    s->last = xmalloc(nv * sizeof *s->last);
    s->lastb = xmalloc(nv * sizeof *s->lastb);
    s->late = xcalloc(nv, sizeof *s->late);
    s->reg = xmalloc(nv * sizeof *s->reg);
    s->released = xcalloc(nv, sizeof *s->released);
    s->cidx = xmalloc(nv * sizeof *s->cidx);
    for (size_t v = 0; v < nv; v++)
        s->last[v] = s->lastb[v] = s->reg[v] = s->cidx[v] = -1;
}

static void asm_free(asm_state *s)
{
    free(s->bitems);
    free(s->items);
    free(s->last);
    free(s->lastb);
    free(s->late);
    free(s->reg);
    free(s->released);
    free(s->cidx);
}

/* Scheduling, in value (topological) order: constants take constant slots (and the
 * constant instructions go to the prologue), the other invariant instructions to the bind
 * segment; the per-evaluation items are the outputs of inputs, constants and invariants,
 * then each varying instruction followed by its outputs. */
static void asm_schedule(asm_state *s)
{
    const tb *b = s->b;
    size_t nv = b->nv, nout = s->nout;
    for (size_t v = 0; v < nv; v++) {
        const tv *t = &b->v[v];
        if (t->is_const)
            s->cidx[v] = s->nconst++;
        if (t->op >= 0 && t->is_const)
            s->ninit++;
        else if (t->op >= 0 && t->is_inv)
            s->bitems[s->nbind++] = (int)v;
    }
    /* first_out[v]: v's first output, next_out[j] the next output of the same value */
    int *first_out = xmalloc(nv * sizeof *first_out);
    int *next_out = xmalloc((nout + 1) * sizeof *next_out);
    for (size_t v = 0; v < nv; v++)
        first_out[v] = -1;
    for (size_t j = nout; j-- > 0;) {
        next_out[j] = first_out[s->outv[j]];
        first_out[s->outv[j]] = (int)j;
    }
    for (size_t j = 0; j < nout; j++)
        if (b->v[s->outv[j]].op < 0 || b->v[s->outv[j]].is_inv)
            s->items[s->nitems++] = ITEM_OUT(j);
    for (size_t v = 0; v < nv; v++) {
        if (b->v[v].op < 0 || b->v[v].is_inv)
            continue;
        s->items[s->nitems++] = (int)v;
        for (int j = first_out[v]; j >= 0; j = next_out[j])
            s->items[s->nitems++] = ITEM_OUT(j);
    }
    free(first_out);
    free(next_out);
}

/* Item i of the per-evaluation program reads u: a varying value's last reading moves to
 * i; an invariant value is read late (it needs a bound slot). */
static void read_late(asm_state *s, int u, size_t i)
{
    if (!s->b->v[u].is_inv)
        s->last[u] = (int)i;
    else
        s->late[u] = true;
}

/* Liveness: the last reading of each value in each segment, and which invariant values
 * the per-evaluation items read. */
static void asm_liveness(asm_state *s)
{
    const tb *b = s->b;
    for (size_t i = 0; i < s->nitems; i++) {
        if (s->items[i] < 0) {
            read_late(s, s->outv[~s->items[i]], i);
            continue;
        }
        const tv *t = &b->v[s->items[i]];
        for (int k = 0, n = operand_count(t); k < n; k++)
            read_late(s, operand(b, t, k), i);
    }
    for (size_t i = 0; i < s->nbind; i++) {
        const tv *t = &b->v[s->bitems[i]];
        for (int k = 0, n = operand_count(t); k < n; k++)
            s->lastb[operand(b, t, k)] = (int)i;
    }
}

/* Bound slots, after the constant slots in value order: each invariant, non-constant value
 * read late, and each fixed input read by the bind segment. */
static void asm_bound_slots(asm_state *s)
{
    for (size_t v = 0; v < s->b->nv; v++) {
        const tv *t = &s->b->v[v];
        if (!t->is_const && t->is_inv &&
            (s->late[v] || (t->op == TV_INPUT && s->lastb[v] >= 0)))
            s->cidx[v] = s->nconst + s->nbound++;
    }
}

/* A LIFO of free registers over nregs registers in all. */
typedef struct regpool {
    int *free;
    int nfree, nregs;
} regpool;

static int reg_take(regpool *p)
{
    return p->nfree ? p->free[--p->nfree] : p->nregs++;
}

/* u's register is free again after position i when i is its last reading. */
static void reg_release(asm_state *s, regpool *p, const int *lastr, int u, size_t i)
{
    if (s->reg[u] >= 0 && lastr[u] == (int)i && !s->released[u]) {
        s->released[u] = true;
        p->free[p->nfree++] = s->reg[u];
    }
}

static void release_operands(asm_state *s, regpool *p, const int *lastr, const tv *t, size_t i)
{
    for (int k = 0, n = operand_count(t); k < n; k++)
        reg_release(s, p, lastr, operand(s->b, t, k), i);
}

/* One linear scan over list[0..n) (values, and ITEM_OUT(j) for a read of output j), where
 * lastr[u] is the position of u's last reading in the list and registers 0..nregs-1 are
 * taken at the start. A value with a slot takes no register; any other takes the most
 * recently freed register or a new one, after its operands' registers are freed (an
 * instruction may write a register one of its operands frees), except a sum, whose output
 * must not be one of its operands (mpfr_sum). A value never read is free at once. Returns
 * the number of registers used. */
static int linear_scan(asm_state *s, const int *list, size_t n, const int *lastr, int nregs)
{
    regpool p = {xmalloc((s->b->nv + 1) * sizeof *p.free), 0, nregs};
    for (size_t i = 0; i < n; i++) {
        int v = list[i];
        if (v < 0) {
            reg_release(s, &p, lastr, s->outv[~v], i);
            continue;
        }
        const tv *t = &s->b->v[v];
        if (s->cidx[v] >= 0) {
            release_operands(s, &p, lastr, t, i);
            continue;
        }
        if (t->op == FIMRT_OP_SUM) {
            s->reg[v] = reg_take(&p);
            release_operands(s, &p, lastr, t, i);
        } else {
            release_operands(s, &p, lastr, t, i);
            s->reg[v] = reg_take(&p);
        }
        if (lastr[v] < 0) {
            s->released[v] = true;
            p.free[p.nfree++] = s->reg[v];
        }
    }
    free(p.free);
    return p.nregs;
}

/* Work registers: one scan over the bind segment for its temporaries (a bound result takes
 * no register), one over the per-evaluation items with the varying inputs that are read in
 * the first registers; both count from 0 and the tape has the larger count. */
static void asm_registers(asm_state *s)
{
    int nregs_bind = linear_scan(s, s->bitems, s->nbind, s->lastb, 0);
    int ninputs = 0;
    for (size_t v = 0; v < s->b->nv; v++)
        if (s->b->v[v].op == TV_INPUT && s->last[v] >= 0)
            s->reg[v] = ninputs++;
    s->nregs = linear_scan(s, s->items, s->nitems, s->last, ninputs);
    if (nregs_bind > s->nregs)
        s->nregs = nregs_bind;
}

/* The runtime slot of value u: its constant or bound slot after the registers, or its
 * register. */
static int slot(const asm_state *s, int u)
{
    return s->cidx[u] >= 0 ? s->nregs + s->cidx[u] : s->reg[u];
}

/* The instruction of value v, its list operands appended to tp->args at *na. */
static fimrt_insn emit_insn(const asm_state *s, tape *tp, int v, size_t *na)
{
    const tv *t = &s->b->v[v];
    fimrt_insn in = {t->op, slot(s, v), t->a >= 0 ? slot(s, t->a) : 0, 0, t->imm};
    if (!is_list_op(t->op)) {
        in.b = t->b >= 0 ? slot(s, t->b) : 0;
        return in;
    }
    in.b = t->b;
    in.imm = (long)*na;
    for (int j = 0; j < t->b; j++) {
        int u = s->b->args[t->imm + j];
        tp->args[(*na)++] = u < 0 ? ~slot(s, ~u) : slot(s, u);
    }
    return in;
}

/* The three segments: the prologue (the constant instructions in value order), the bind
 * segment, then the items. Returns the instruction count; *na the operand list length. */
static size_t asm_emit_insns(const asm_state *s, tape *tp, size_t *na)
{
    const tb *b = s->b;
    size_t k = 0;
    tp->insn = xcalloc(s->ninit + s->nbind + s->nitems + 1, sizeof *tp->insn);
    tp->args = xmalloc((b->nargs + 1) * sizeof *tp->args);
    *na = 0;
    for (size_t v = 0; v < b->nv; v++)
        if (b->v[v].op >= 0 && b->v[v].is_const)
            tp->insn[k++] = emit_insn(s, tp, (int)v, na);
    for (size_t i = 0; i < s->nbind; i++)
        tp->insn[k++] = emit_insn(s, tp, s->bitems[i], na);
    for (size_t i = 0; i < s->nitems; i++) {
        int v = s->items[i];
        if (v >= 0) {
            tp->insn[k++] = emit_insn(s, tp, v, na);
            continue;
        }
        size_t j = (size_t)~v;
        tp->insn[k++] = (fimrt_insn){FIMRT_OP_OUT, -1, slot(s, s->outv[j]), 0, (long)j};
    }
    return k;
}

/* The constant and bound slots' table, the inputs' slots and the output names. */
static void asm_emit_tables(const asm_state *s, tape *tp, size_t nin, const int *in_syms,
                            const char *const *out_names)
{
    const tb *b = s->b;
    int nslots_c = s->nconst + s->nbound;
    tp->consts = xcalloc((size_t)nslots_c + 1, sizeof *tp->consts);
    tp->cstr = xcalloc((size_t)nslots_c + 1, sizeof *tp->cstr);
    for (size_t v = 0; v < b->nv; v++) {
        int ci = s->cidx[v];
        if (ci < 0)
            continue;
        fimrt_const *c = &tp->consts[ci];
        if (b->v[v].op == TV_CONST) {
            const tconst *bc = &b->c[b->v[v].ci];
            c->kind = bc->kind;
            if (bc->q)
                c->q = tp->cstr[ci] = xstrdup(bc->q);
        } else
            c->kind = b->v[v].is_const ? FIMRT_CONST_COMPUTED : FIMRT_CONST_BOUND;
    }
    tp->in = xmalloc((nin + 1) * sizeof *tp->in);
    tp->in_syms = xmalloc((nin + 1) * sizeof *tp->in_syms);
    for (size_t i = 0; i < nin; i++) {
        /* a symbol out of range, or given again (the first is the input), is unused */
        int sy = in_syms[i];
        int v = sy >= 0 && sy < b->nsyms ? b->sym_input[sy] : -1;
        tp->in[i] = v >= 0 && b->v[v].ci == (int)i ? slot(s, v) : -1;
        tp->in_syms[i] = sy;
    }
    tp->out_names = xcalloc(s->nout + 1, sizeof *tp->out_names);
    for (size_t j = 0; j < s->nout; j++) {
        if (out_names && out_names[j])
            tp->out_names[j] = xstrdup(out_names[j]);
        else {
            strbuf sb = {0};
            sb_printf(&sb, "out%zu", j);
            tp->out_names[j] = sb_take(&sb);
        }
    }
}

/* Slots and registers, then the fimrt_tape. Three segments: the constant prologue (the
 * constant instructions), the bind segment (the invariant instructions that are not
 * constant), and the per-evaluation items; each in value (topological) order, so hoisting
 * moves instructions but changes none.
 *
 * Constants (table entries and prologue results) get constant slots in value order. The
 * invariant values read after the bind segment (by a per-evaluation instruction, or as an
 * output) get FIMRT_CONST_BOUND slots after them, also in value order, and so does every
 * fixed input that is read at all: the per-evaluation part never writes a constant slot,
 * and the bind segment then reads no register it did not write itself. Work registers
 * come from two linear scans: over the bind segment for its temporaries (invariant values
 * read only in it, free again after their last use there), and over the per-evaluation
 * items as for a tape without fixed inputs (a register is free again after the last item
 * that reads it, and an instruction may write a register one of its operands frees, except
 * a sum). No register lives from one segment into the other, so both scans count from 0
 * and the tape has the larger count. Each output is written right after the instruction
 * that computes it (outputs of inputs, constants and invariants first), so its register
 * is free after its last use like any other. With nfixed = 0 nothing is invariant but the
 * constants, the bind segment is empty, and this is the tape of tape_build as it was. */
static tape *assemble(const tb *b, size_t nin, const int *in_syms, size_t nfixed,
                      size_t nout, const int *outv, const char *const *out_names)
{
    asm_state s;
    asm_init(&s, b, nout, outv);
    asm_schedule(&s);
    asm_liveness(&s);
    asm_bound_slots(&s);
    asm_registers(&s);

    tape *tp = xcalloc(1, sizeof *tp);
    size_t na;
    size_t ninsn = asm_emit_insns(&s, tp, &na);
    asm_emit_tables(&s, tp, nin, in_syms, out_names);
    tp->nbound = s.nbound;
    tp->rt = (fimrt_tape){
        .insn = tp->insn, .ninsn = ninsn, .ninit = s.ninit, .args = tp->args, .nargs = na,
        .nregs = s.nregs, .consts = tp->consts, .nconsts = s.nconst + s.nbound, .in = tp->in,
        .nin = (int)nin, .nout = (int)nout, .nbind = s.nbind, .nfixed = (int)nfixed,
    };
    asm_free(&s);
    return tp;
}

tape *tape_build_fixed(const expr_ctx *ex, size_t nin, const int *in_syms, size_t nfixed,
                       size_t nout, expr *const *outs, const char *const *out_names,
                       tape_error *err)
{
    tb b = {0};
    b.ex = ex;
    b.nsyms = expr_sym_count(ex);
    b.sym_input = xmalloc(((size_t)b.nsyms + 1) * sizeof *b.sym_input);
    for (int s = 0; s < b.nsyms; s++)
        b.sym_input[s] = -1;
    if (nfixed > nin)
        nfixed = nin;
    nm_init(&b.val);
    nm_init(&b.mag);
    vn_grow(&b);
    for (size_t i = 0; i < nin; i++) {
        if (in_syms[i] < 0 || in_syms[i] >= b.nsyms || b.sym_input[in_syms[i]] >= 0)
            continue; /* out of range or repeated: the first occurrence is the input */
        tv t = {TV_INPUT, -1, -1, 0, (int)i, false, i < nfixed};
        b.sym_input[in_syms[i]] = new_value(&b, &t);
    }
    int *outv = xmalloc((nout + 1) * sizeof *outv);
    for (size_t j = 0; j < nout && !b.err.status; j++)
        outv[j] = lower(&b, outs[j]);
    tape *tp = NULL;
    if (!b.err.status) {
        tp = assemble(&b, nin, in_syms, nfixed, nout, outv, out_names);
        tp->dag_nodes = count_nodes(nout, outs);
    }
    if (err)
        *err = b.err;
    free(outv);
    tb_free(&b);
    return tp;
}

tape *tape_build(const expr_ctx *ex, size_t nin, const int *in_syms, size_t nout,
                 expr *const *outs, const char *const *out_names, tape_error *err)
{
    return tape_build_fixed(ex, nin, in_syms, 0, nout, outs, out_names, err);
}

void tape_free(tape *t)
{
    if (!t)
        return;
    for (int i = 0; i < t->rt.nconsts; i++)
        free(t->cstr[i]);
    for (int j = 0; j < t->rt.nout; j++)
        free(t->out_names[j]);
    free(t->cstr);
    free(t->out_names);
    free(t->insn);
    free(t->args);
    free(t->consts);
    free(t->in);
    free(t->in_syms);
    free(t);
}

const fimrt_tape *tape_runtime(const tape *t)
{
    return &t->rt;
}

void tape_get_stats(const tape *t, tape_stats *s)
{
    s->ninsn = t->rt.ninsn - (size_t)t->rt.nout;
    s->ninit = t->rt.ninit;
    s->nbind = t->rt.nbind;
    s->nregs = (size_t)t->rt.nregs;
    s->nconsts = (size_t)(t->rt.nconsts - t->nbound);
    s->nbound = (size_t)t->nbound;
    s->nin = (size_t)t->rt.nin;
    s->nfixed = (size_t)t->rt.nfixed;
    s->nout = (size_t)t->rt.nout;
    s->dag_nodes = t->dag_nodes;
}

/* ------------------------------------------------------------------------------------ */
/* Printing                                                                              */

/* r<k> for a register, c<k> for a constant, b<k> for a bound slot (the last nbound). */
/* How an instruction's operands print, from the FORM of its op (FIMRT_OPS in fimrt.h). */
enum opnd { OPND_A, OPND_AB, OPND_A_IMM, OPND_IMM_A, OPND_LIST, OPND_OUT };
#define OPND_OF_CALL1 OPND_A
#define OPND_OF_CALL2 OPND_AB
#define OPND_OF_A OPND_A
#define OPND_OF_AB OPND_AB
#define OPND_OF_A_IMM OPND_A_IMM
#define OPND_OF_IMM_A OPND_IMM_A
#define OPND_OF_LIST OPND_LIST
#define OPND_OF_OUT OPND_OUT
#define OP_OPERANDS_(name, str, form, call) [FIMRT_OP_##name] = OPND_OF_##form,
static const unsigned char op_operands[FIMRT_OP_COUNT] = {FIMRT_OPS(OP_OPERANDS_)};
#undef OP_OPERANDS_

static void put_slot(strbuf *sb, const tape *t, int s)
{
    const fimrt_tape *rt = &t->rt;
    int nc = rt->nconsts - t->nbound;
    if (s >= rt->nregs + nc)
        sb_printf(sb, "b%d", s - rt->nregs - nc);
    else if (s >= rt->nregs)
        sb_printf(sb, "c%d", s - rt->nregs);
    else
        sb_printf(sb, "r%d", s);
}

#define PLURAL(n) ((n) == 1 ? "" : "s")

void tape_print(strbuf *sb, const expr_ctx *ex, const tape *t)
{
    const fimrt_tape *rt = &t->rt;
    size_t n = rt->ninsn - (size_t)rt->nout;
    int nc = rt->nconsts - t->nbound;
    bool split = rt->nfixed > 0 || rt->nbind > 0;
    if (!split)
        sb_printf(sb, "# %d input%s, %d output%s, %zu instruction%s (%zu for constants), "
                      "%d register%s, %d constant%s\n",
                  rt->nin, PLURAL(rt->nin), rt->nout, PLURAL(rt->nout), n, PLURAL(n), rt->ninit,
                  rt->nregs, PLURAL(rt->nregs), nc, PLURAL(nc));
    else
        sb_printf(sb, "# %d input%s (%d fixed), %d output%s, %zu instruction%s (%zu for constants, "
                      "%zu per point), %d register%s, %d constant%s, %d bound\n",
                  rt->nin, PLURAL(rt->nin), rt->nfixed, rt->nout, PLURAL(rt->nout), n, PLURAL(n),
                  rt->ninit, rt->nbind, rt->nregs, PLURAL(rt->nregs), nc, PLURAL(nc), t->nbound);
    for (int i = 0; i < rt->nin; i++) {
        const expr_sym_info *si = expr_sym_get(ex, t->in_syms[i]);
        const char *name = si ? si->name : "?";
        if (rt->in[i] < 0)
            sb_printf(sb, "input - = %s (unused)\n", name);
        else {
            sb_puts(sb, "input ");
            put_slot(sb, t, rt->in[i]);
            sb_printf(sb, " = %s\n", name);
        }
    }
    for (int i = 0; i < nc; i++) {
        const fimrt_const *c = &rt->consts[i];
        if (c->kind == FIMRT_CONST_Q)
            sb_printf(sb, "const c%d = %s\n", i, c->q);
        else if (c->kind == FIMRT_CONST_PI)
            sb_printf(sb, "const c%d = pi\n", i);
        else if (c->kind == FIMRT_CONST_EULER)
            sb_printf(sb, "const c%d = euler\n", i);
    }
    for (size_t i = 0; i < rt->ninsn; i++) {
        const fimrt_insn *in = &rt->insn[i];
        if (split && i == rt->ninit)
            sb_puts(sb, "# per point:\n");
        if (split && i == rt->ninit + rt->nbind)
            sb_puts(sb, "# per data value:\n");
        if (in->op == FIMRT_OP_OUT) {
            sb_printf(sb, "output %s = ", t->out_names[in->imm]);
            put_slot(sb, t, in->a);
            sb_putc(sb, '\n');
            continue;
        }
        put_slot(sb, t, in->dst);
        sb_printf(sb, " = %s ", fimrt_op_name(in->op));
        switch (in->op) {
        case FIMRT_OP_SUM:
            for (int j = 0; j < in->b; j++) {
                int s = rt->args[in->imm + j];
                if (j)
                    sb_puts(sb, ", ");
                if (s < 0) {
                    sb_putc(sb, '-');
                    s = ~s;
                }
                put_slot(sb, t, s);
            }
            break;
        case FIMRT_OP_INDEX:
            put_slot(sb, t, in->a);
            sb_puts(sb, ", [");
            for (int j = 0; j < in->b; j++) {
                if (j)
                    sb_puts(sb, ", ");
                put_slot(sb, t, rt->args[in->imm + j]);
            }
            sb_putc(sb, ']');
            break;
        default:
            switch (op_operands[in->op]) {
            case OPND_A_IMM:
                put_slot(sb, t, in->a);
                sb_printf(sb, ", %ld", in->imm);
                break;
            case OPND_IMM_A:
                sb_printf(sb, "%ld, ", in->imm);
                put_slot(sb, t, in->a);
                break;
            case OPND_AB:
                put_slot(sb, t, in->a);
                sb_puts(sb, ", ");
                put_slot(sb, t, in->b);
                break;
            default:
                put_slot(sb, t, in->a);
                break;
            }
            break;
        }
        sb_putc(sb, '\n');
    }
}
