/* compiler/sym/simp.c — the rational normal form over atoms (simp_normal) and the symbolic zero
 * test (simp_is_zero). See simp.h for the normal form itself.
 *
 * One top-level call runs in three passes over the DAG of its argument:
 *   1. collect: find the leaves of the polynomial structure (ADD, MUL, integer POW) and
 *      resolve each to an atom. Arguments of atoms (function arguments, the base and
 *      exponent of a symbolic power, an index, the base of a root) are normalised first
 *      by nested simp_normal calls, each with its own ring, and memoised.
 *   2. ring: the distinct atoms, sorted by expr_cmp, become the variables of one
 *      fmpq_mpoly context made for this call (so the ring never has to grow).
 *   3. convert: every node becomes a quotient N/D of polynomials (memoised per node for
 *      the call), with the gcd cancelled and D monic; roots of non-atom bases are reduced
 *      (r^L = B); then N and D are factored and the expression is rebuilt from the
 *      factors (or, for simp_is_zero, N is tested).
 * FLINT results are checked: a failed gcd leaves a quotient uncancelled, a failed factoring
 * prints that polynomial expanded. The guards of simp.h return the input unchanged.
 */
#include "simp.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <flint/flint.h>
#include <flint/fmpq.h>
#include <flint/fmpq_mpoly.h>
#include <flint/fmpq_mpoly_factor.h>
#include <flint/fmpq_vec.h>
#include <flint/fmpz.h>
#include <flint/fmpz_vec.h>

#include "util.h"

/* GCC 12 at -O2 and above takes an fmpq_mpoly_t, once the inline fmpq_mpoly_init has
 * written its first 8-byte member, for an 8-byte object, and then warns falsely at every
 * FLINT call given it ("accessing 56 bytes in a region of size 8"). ASan checks the real
 * thing. */
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 11
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#pragma GCC diagnostic ignored "-Wstringop-overread"
#endif

/* Most term pairs one polynomial product may multiply. */
#define SIMP_MAX_WORK 4000000L
/* Most rounds of root reduction (reduce_roots), and of re-normalisation when a rebuilt
 * root power still folds (simp_normal). */
#define SIMP_MAX_ROUNDS 4

/* ------------------------------------------------------------------------------------ */
/* Maps keyed by node (open addressing on the structural hash)                          */

typedef struct pmap {
    const expr **keys;
    void **vals;
    size_t cap, count;
} pmap;

static void pm_init(pmap *m)
{
    m->cap = 16;
    m->count = 0;
    m->keys = xcalloc(m->cap, sizeof *m->keys);
    m->vals = xcalloc(m->cap, sizeof *m->vals);
}

static void pm_free(pmap *m)
{
    free(m->keys);
    free(m->vals);
    m->keys = NULL;
    m->vals = NULL;
    m->cap = m->count = 0;
}

static size_t pm_slot(const pmap *m, const expr *k)
{
    size_t mask = m->cap - 1;
    size_t i = (size_t)k->hash & mask;
    while (m->keys[i] && m->keys[i] != k)
        i = (i + 1) & mask;
    return i;
}

/* The value slot of k, or NULL when k is absent. Invalidated by the next pm_put. */
static void **pm_get(const pmap *m, const expr *k)
{
    size_t i = pm_slot(m, k);
    return m->keys[i] ? &m->vals[i] : NULL;
}

/* The value of k, or NULL when k is absent. */
static void *pm_value(const pmap *m, const expr *k)
{
    size_t i = pm_slot(m, k);
    return m->keys[i] ? m->vals[i] : NULL;
}

static void pm_put(pmap *m, const expr *k, void *v)
{
    if (2 * (m->count + 1) > m->cap) {
        pmap g = {xcalloc(2 * m->cap, sizeof *g.keys), xcalloc(2 * m->cap, sizeof *g.vals),
                  2 * m->cap, m->count};
        for (size_t i = 0; i < m->cap; i++)
            if (m->keys[i]) {
                size_t j = pm_slot(&g, m->keys[i]);
                g.keys[j] = m->keys[i];
                g.vals[j] = m->vals[i];
            }
        pm_free(m);
        *m = g;
    }
    size_t i = pm_slot(m, k);
    if (!m->keys[i]) {
        m->keys[i] = k;
        m->count++;
    }
    m->vals[i] = v;
}

/* ------------------------------------------------------------------------------------ */
/* The context                                                                           */

struct simp_ctx {
    expr_ctx *ex;
    pmap memo;  /* node -> its normal form (the node itself when a guard tripped) */
    int rounds; /* depth of re-normalisation (see simp_normal) */
};

simp_ctx *simp_new(expr_ctx *ex)
{
    simp_ctx *s = xcalloc(1, sizeof *s);
    s->ex = ex;
    pm_init(&s->memo);
    return s;
}

void simp_free(simp_ctx *s)
{
    if (!s)
        return;
    pm_free(&s->memo);
    free(s);
}

/* ------------------------------------------------------------------------------------ */
/* One top-level call                                                                    */

enum { LEAF_ATOM, LEAF_ROOT, LEAF_ALIAS };

/* A leaf of the polynomial structure. */
typedef struct leaf {
    int kind;
    expr *t;    /* ATOM: the atom; ROOT: the normalised base; ALIAS: what the node equals */
    expr *q;    /* ROOT: the exponent p/q, a non-integer NUM */
    slong var;  /* ATOM, ROOT: the ring variable ... */
    slong mult; /* ... and the leaf is var^mult */
} leaf;

/* A quotient num/den of polynomials; den is monic and coprime to num after rat_canon. */
typedef struct rat {
    fmpq_mpoly_t num, den;
} rat;

typedef struct call {
    simp_ctx *s;
    expr_ctx *ex;
    bool failed; /* a guard tripped: the call returns its input */
    bool refold; /* a root of a non-atom base is left in the result: normalise again */
    pmap seen;   /* node -> its leaf, or NULL for an ADD, MUL, integer POW or NUM */
    ptrvec leaves;
    pmap plain; /* plain atoms (value unused) */
    ptrvec plainv;
    pmap roots; /* root base -> L, the lcm of the denominators it is raised to */
    ptrvec rootv;
    /* The ring. */
    slong nvars;
    expr **vars; /* variable -> atom (for a root base x: x^(1/L)) */
    pmap varof;  /* atom -> variable + 1 */
    fmpq_mpoly_ctx_t ctx;
    bool have_ctx;
    /* Roots of non-atom bases ((1 + x)^(1/2), 2^(1/2)): reduced by var^L = base. */
    size_t nred;
    struct reduction {
        expr *base;
        slong var;
        slong l;
    } *red;
    pmap rats; /* node -> its rat */
    ptrvec ratv;
} call;

static void call_init(call *c, simp_ctx *s)
{
    memset(c, 0, sizeof *c);
    c->s = s;
    c->ex = s->ex;
    pm_init(&c->seen);
    pm_init(&c->plain);
    pm_init(&c->roots);
    pm_init(&c->varof);
    pm_init(&c->rats);
}

static void call_clear(call *c)
{
    for (size_t i = 0; i < c->ratv.n; i++) {
        rat *r = c->ratv.v[i];
        fmpq_mpoly_clear(r->num, c->ctx);
        fmpq_mpoly_clear(r->den, c->ctx);
        free(r);
    }
    pv_free(&c->ratv);
    if (c->have_ctx)
        fmpq_mpoly_ctx_clear(c->ctx);
    for (size_t i = 0; i < c->leaves.n; i++)
        free(c->leaves.v[i]);
    pv_free(&c->leaves);
    pv_free(&c->plainv);
    pv_free(&c->rootv);
    free(c->vars);
    free(c->red);
    pm_free(&c->seen);
    pm_free(&c->plain);
    pm_free(&c->roots);
    pm_free(&c->varof);
    pm_free(&c->rats);
}

/* ------------------------------------------------------------------------------------ */
/* Pass 1: the leaves and their atoms                                                    */

/* Atoms are the nodes the ring treats as variables: symbols, constants, vector elements,
 * function nodes and powers with a symbolic exponent. */
static bool atom_kind(const expr *t)
{
    switch ((expr_kind)t->kind) {
    case EXPR_SYM:
    case EXPR_CONST:
    case EXPR_INDEX:
    case EXPR_FN:
        return true;
    case EXPR_POW:
        return t->args[1]->kind != EXPR_NUM;
    default:
        return false;
    }
}

static leaf *new_leaf(call *c, expr *e, int kind, expr *t, expr *q)
{
    leaf *l = xcalloc(1, sizeof *l);
    l->kind = kind;
    l->t = t;
    l->q = q;
    pv_push(&c->leaves, l);
    pm_put(&c->seen, e, l);
    return l;
}

static void add_plain(call *c, expr *t)
{
    if (pm_get(&c->plain, t))
        return;
    pm_put(&c->plain, t, NULL);
    pv_push(&c->plainv, t);
}

static void collect(call *c, expr *e);

/* A leaf e equal to t, whose parts are normalised: an atom, or (when the rebuilt node
 * folded, as exp(log(u)) = u) an alias whose own leaves are collected. */
static void collect_resolved(call *c, expr *e, expr *t)
{
    if (atom_kind(t)) {
        new_leaf(c, e, LEAF_ATOM, t, NULL);
        add_plain(c, t);
    } else {
        new_leaf(c, e, LEAF_ALIAS, t, NULL);
        collect(c, t);
    }
}

static unsigned long gcd_ul(unsigned long a, unsigned long b)
{
    while (b) {
        unsigned long t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* x^(p/q), q > 1: with L the lcm of every q seen for the normalised base x, the leaf is
 * (x^(1/L))^(p*L/q), so sqrt(x)^3 = x^(3/2) and sqrt(x) share the atom x^(1/2). */
static void collect_root(call *c, expr *e, expr *base, expr *q)
{
    if (!mpz_fits_ulong_p(mpq_denref(q->q)) || mpz_get_ui(mpq_denref(q->q)) > SIMP_MAX_ROOT ||
        !mpz_fits_slong_p(mpq_numref(q->q))) {
        c->failed = true;
        return;
    }
    unsigned long den = mpz_get_ui(mpq_denref(q->q));
    expr *nb = simp_normal(c->s, base);
    expr *t = expr_pow(c->ex, nb, q);
    if (t->kind == EXPR_NUM) {
        /* An exact root of a number (the base normalised to 4: 4^(1/2) = 2). */
        new_leaf(c, e, LEAF_ALIAS, t, NULL);
        return;
    }
    if (t->kind != EXPR_POW || t->args[0] != nb || t->args[1] != q) {
        c->failed = true;
        return;
    }
    new_leaf(c, e, LEAF_ROOT, nb, q);
    void **slot = pm_get(&c->roots, nb);
    unsigned long l = slot ? (unsigned long)(uintptr_t)*slot : 1;
    l = l / gcd_ul(l, den) * den;
    if (l > SIMP_MAX_ROOT) {
        c->failed = true;
        return;
    }
    if (!slot)
        pv_push(&c->rootv, nb);
    pm_put(&c->roots, nb, (void *)(uintptr_t)l);
    /* A base that is not an atom is also needed in the ring, to reduce by. */
    if (!atom_kind(nb))
        collect(c, nb);
}

/* exp(c1*u1 + c2*u2 + ...) = exp(u1)^c1 * exp(u2)^c2 * ... (c rational): exponentials
 * become powers of atoms exp(u) with u neither a sum nor a rational multiple, so
 * exp(-2*tau), 1/exp(tau)^2 and exp(tau)^(-2) share one atom and exp(a + b) - exp(a)*exp(b)
 * is zero. */
static expr *split_exp(expr_ctx *ex, expr *t)
{
    expr *u = t->args[0];
    expr **ts = u->kind == EXPR_ADD ? u->args : &u;
    size_t n = u->kind == EXPR_ADD ? u->nargs : 1;
    bool changed = n > 1;
    expr **f = xmalloc(n * sizeof *f);
    for (size_t i = 0; i < n; i++) {
        expr *term = ts[i];
        if (term->kind == EXPR_MUL && term->args[0]->kind == EXPR_NUM) {
            /* c*rest: exp(rest)^c */
            expr *rest = expr_div(ex, term, term->args[0]);
            f[i] = expr_pow(ex, expr_fn1(ex, FN_EXP, rest), term->args[0]);
            changed = true;
        } else if (term->kind == EXPR_NUM && n > 1) {
            f[i] = expr_fn1(ex, FN_EXP, term); /* exp(number): an atom of its own */
        } else {
            f[i] = expr_fn1(ex, FN_EXP, term);
        }
    }
    expr *r = changed ? expr_mul(ex, n, f) : t;
    free(f);
    return r;
}

static void collect(call *c, expr *e)
{
    if (c->failed || pm_get(&c->seen, e))
        return;
    pm_put(&c->seen, e, NULL);
    switch ((expr_kind)e->kind) {
    case EXPR_NUM:
        return;
    case EXPR_SYM:
    case EXPR_CONST:
        new_leaf(c, e, LEAF_ATOM, e, NULL);
        add_plain(c, e);
        return;
    case EXPR_INDEX:
        /* w[k]: the index normalised (it may become a number: w[2], a symbol). */
        collect_resolved(c, e, expr_index(c->ex, e->sym, simp_normal(c->s, e->args[0])));
        return;
    case EXPR_FN: {
        /* f(u, ...): an atom of the normalised arguments. */
        expr *small[4];
        expr **args = e->nargs <= 4 ? small : xmalloc(e->nargs * sizeof *args);
        for (uint32_t i = 0; i < e->nargs; i++)
            args[i] = simp_normal(c->s, e->args[i]);
        expr *t = expr_fn(c->ex, (expr_fn_id)e->fn, e->nargs, args);
        if (args != small)
            free(args);
        if (t->kind == EXPR_FN && t->fn == FN_EXPIT) {
            /* expit(u) = exp(u)/(1 + exp(u)): a rational function of the atom exp(u) */
            expr *eu = expr_fn1(c->ex, FN_EXP, t->args[0]);
            t = expr_div(c->ex, eu, expr_add2(c->ex, expr_int(c->ex, 1), eu));
        } else if (t->kind == EXPR_FN && t->fn == FN_EXP) {
            t = split_exp(c->ex, t);
        }
        collect_resolved(c, e, t);
        return;
    }
    case EXPR_POW: {
        expr *b = e->args[0], *p = e->args[1];
        if (expr_is_integer(p)) {
            /* b^n, n an integer: a power in the ring (guarded). */
            if (!mpz_fits_slong_p(mpq_numref(p->q)) ||
                labs(mpz_get_si(mpq_numref(p->q))) > SIMP_MAX_POW) {
                c->failed = true;
                return;
            }
            collect(c, b);
        } else if (p->kind == EXPR_NUM) {
            collect_root(c, e, b, p);
        } else {
            /* b^u, u symbolic: an atom of the normalised base and exponent. */
            expr *nb = simp_normal(c->s, b);
            expr *np = simp_normal(c->s, p);
            collect_resolved(c, e, expr_pow(c->ex, nb, np));
        }
        return;
    }
    case EXPR_MUL:
    case EXPR_ADD:
        for (uint32_t i = 0; i < e->nargs && !c->failed; i++)
            collect(c, e->args[i]);
        return;
    }
}

/* ------------------------------------------------------------------------------------ */
/* Pass 2: the ring                                                                      */

static int cmp_expr_ptr(const void *a, const void *b)
{
    return expr_cmp(*(expr *const *)a, *(expr *const *)b);
}

static slong var_of(const call *c, const expr *atom)
{
    void **v = pm_get(&c->varof, atom);
    return v ? (slong)(uintptr_t)*v - 1 : -1;
}

static expr *root_atom(call *c, expr *base, unsigned long l)
{
    return expr_pow(c->ex, base, expr_frac(c->ex, 1, l));
}

/* The variables: every plain atom that is not a root base, and x^(1/L) for each root base
 * x, sorted by expr_cmp so the ring does not depend on the traversal. Then each leaf gets
 * its (variable, power); a plain occurrence of a root base x is (x^(1/L))^L. */
static void assign_vars(call *c)
{
    ptrvec v = {0};
    for (size_t i = 0; i < c->plainv.n; i++)
        if (!pm_get(&c->roots, c->plainv.v[i]))
            pv_push(&v, c->plainv.v[i]);
    for (size_t i = 0; i < c->rootv.n; i++) {
        expr *b = c->rootv.v[i];
        unsigned long l = (unsigned long)(uintptr_t)*pm_get(&c->roots, b);
        expr *r = root_atom(c, b, l);
        if (r->kind != EXPR_POW || r->args[0] != b) {
            c->failed = true;
            pv_free(&v);
            return;
        }
        pv_push(&v, r);
    }
    if (v.n > 1)
        qsort(v.v, v.n, sizeof *v.v, cmp_expr_ptr);
    c->nvars = (slong)v.n;
    c->vars = (expr **)v.v;
    for (slong i = 0; i < c->nvars; i++)
        pm_put(&c->varof, c->vars[i], (void *)(uintptr_t)(i + 1));
    c->red = xmalloc((c->rootv.n + 1) * sizeof *c->red);
    for (size_t i = 0; i < c->rootv.n; i++) {
        expr *b = c->rootv.v[i];
        if (atom_kind(b))
            continue;
        unsigned long l = (unsigned long)(uintptr_t)*pm_get(&c->roots, b);
        c->red[c->nred].base = b;
        c->red[c->nred].var = var_of(c, root_atom(c, b, l));
        c->red[c->nred].l = (slong)l;
        c->nred++;
    }
    for (size_t i = 0; i < c->leaves.n; i++) {
        leaf *l = c->leaves.v[i];
        if (l->kind == LEAF_ALIAS)
            continue;
        void **root = pm_get(&c->roots, l->t);
        if (l->kind == LEAF_ATOM && !root) {
            l->var = var_of(c, l->t);
            l->mult = 1;
            if (l->var < 0)
                c->failed = true;
            continue;
        }
        unsigned long lcm = (unsigned long)(uintptr_t)*root;
        l->var = var_of(c, root_atom(c, l->t, lcm));
        if (l->kind == LEAF_ATOM) {
            l->mult = (slong)lcm;
        } else {
            /* x^(p/q) = (x^(1/L))^(p*L/q) */
            slong p = mpz_get_si(mpq_numref(l->q->q));
            slong q = (slong)mpz_get_ui(mpq_denref(l->q->q));
            if (labs(p) > SIMP_MAX_POW) {
                c->failed = true;
                return;
            }
            l->mult = p * ((slong)lcm / q);
        }
        if (labs(l->mult) > SIMP_MAX_POW || l->var < 0) {
            c->failed = true;
            return;
        }
    }
}

/* ------------------------------------------------------------------------------------ */
/* Pass 3: quotients of polynomials                                                      */

static rat *rat_new(call *c)
{
    rat *r = xmalloc(sizeof *r);
    fmpq_mpoly_init(r->num, c->ctx);
    fmpq_mpoly_init(r->den, c->ctx);
    fmpq_mpoly_one(r->den, c->ctx);
    pv_push(&c->ratv, r);
    return r;
}

static bool too_long(call *c, const fmpq_mpoly_struct *a)
{
    if (fmpq_mpoly_length(a, c->ctx) > SIMP_MAX_TERMS)
        c->failed = true;
    return c->failed;
}

/* a = b * d, guarded (a may alias b or d). */
static bool mul_checked(call *c, fmpq_mpoly_struct *a, const fmpq_mpoly_struct *b,
                        const fmpq_mpoly_struct *d)
{
    if (fmpq_mpoly_length(b, c->ctx) * fmpq_mpoly_length(d, c->ctx) > SIMP_MAX_WORK) {
        c->failed = true;
        return false;
    }
    fmpq_mpoly_mul(a, b, d, c->ctx);
    return !too_long(c, a);
}

/* a = b^n, guarded by the number of terms of a multinomial expansion, C(n + len - 1, n). */
static bool pow_checked(call *c, fmpq_mpoly_struct *a, const fmpq_mpoly_struct *b, ulong n)
{
    slong len = fmpq_mpoly_length(b, c->ctx);
    if (len > 1) {
        double est = 1;
        ulong k = (ulong)(len - 1) < n ? (ulong)(len - 1) : n;
        ulong top = n + (ulong)len - 1;
        for (ulong i = 1; i <= k && est <= SIMP_MAX_TERMS; i++)
            est = est * (double)(top - k + i) / (double)i;
        if (est > SIMP_MAX_TERMS) {
            c->failed = true;
            return false;
        }
    }
    if (!fmpq_mpoly_pow_ui(a, b, n, c->ctx)) {
        c->failed = true;
        return false;
    }
    return !too_long(c, a);
}

/* g = gcd(a, b), abar = a/g, bbar = b/g; false when FLINT fails (outputs untouched). */
static bool gcd_cofactors(call *c, fmpq_mpoly_struct *g, fmpq_mpoly_struct *abar,
                          fmpq_mpoly_struct *bbar, const fmpq_mpoly_struct *a,
                          const fmpq_mpoly_struct *b)
{
    return fmpq_mpoly_gcd_cofactors(g, abar, bbar, a, b, c->ctx) != 0;
}

/* Divide num and den by the leading coefficient of den (den monic; 1 when constant). */
static void rat_monic(call *c, rat *r)
{
    fmpq_t lc;
    fmpq_init(lc);
    fmpq_mpoly_get_term_coeff_fmpq(lc, r->den, 0, c->ctx);
    if (!fmpq_is_one(lc)) {
        fmpq_mpoly_scalar_div_fmpq(r->num, r->num, lc, c->ctx);
        fmpq_mpoly_scalar_div_fmpq(r->den, r->den, lc, c->ctx);
    }
    fmpq_clear(lc);
}

/* N/D = (N/g)/(D/g), g = gcd(N, D); D monic. A failed gcd leaves N/D as it is. */
static void rat_canon(call *c, rat *r)
{
    if (fmpq_mpoly_is_zero(r->num, c->ctx)) {
        fmpq_mpoly_one(r->den, c->ctx);
        return;
    }
    if (!fmpq_mpoly_is_fmpq(r->den, c->ctx)) {
        fmpq_mpoly_t g, nb, db;
        fmpq_mpoly_init(g, c->ctx);
        fmpq_mpoly_init(nb, c->ctx);
        fmpq_mpoly_init(db, c->ctx);
        if (gcd_cofactors(c, g, nb, db, r->num, r->den) &&
            !fmpq_mpoly_is_fmpq(g, c->ctx)) {
            fmpq_mpoly_swap(r->num, nb, c->ctx);
            fmpq_mpoly_swap(r->den, db, c->ctx);
        }
        fmpq_mpoly_clear(g, c->ctx);
        fmpq_mpoly_clear(nb, c->ctx);
        fmpq_mpoly_clear(db, c->ctx);
    }
    rat_monic(c, r);
}

/* r += f: a/b + u/v = (a*(v/g) + u*(b/g)) / (b*(v/g)), g = gcd(b, v) (1 if it fails). */
static void rat_add_into(call *c, rat *r, const rat *f)
{
    const fmpq_mpoly_struct *v = f->den;
    if (fmpq_mpoly_is_one(v, c->ctx)) {
        if (fmpq_mpoly_is_one(r->den, c->ctx)) {
            fmpq_mpoly_add(r->num, r->num, f->num, c->ctx);
            too_long(c, r->num);
        } else {
            fmpq_mpoly_t t;
            fmpq_mpoly_init(t, c->ctx);
            if (mul_checked(c, t, f->num, r->den)) {
                fmpq_mpoly_add(r->num, r->num, t, c->ctx);
                too_long(c, r->num);
            }
            fmpq_mpoly_clear(t, c->ctx);
        }
        return;
    }
    fmpq_mpoly_t g, bg, vg, t;
    fmpq_mpoly_init(g, c->ctx);
    fmpq_mpoly_init(bg, c->ctx);
    fmpq_mpoly_init(vg, c->ctx);
    fmpq_mpoly_init(t, c->ctx);
    if (fmpq_mpoly_is_one(r->den, c->ctx) ||
        !gcd_cofactors(c, g, bg, vg, r->den, v)) {
        fmpq_mpoly_set(bg, r->den, c->ctx);
        fmpq_mpoly_set(vg, v, c->ctx);
    }
    if (mul_checked(c, r->num, r->num, vg) && mul_checked(c, t, f->num, bg)) {
        fmpq_mpoly_add(r->num, r->num, t, c->ctx);
        if (!too_long(c, r->num))
            mul_checked(c, r->den, r->den, vg);
    }
    fmpq_mpoly_clear(g, c->ctx);
    fmpq_mpoly_clear(bg, c->ctx);
    fmpq_mpoly_clear(vg, c->ctx);
    fmpq_mpoly_clear(t, c->ctx);
}

/* r = f^n for an integer n; (N/D)^-n = D^n/N^n, a division by zero when N = 0. */
static void rat_pow(call *c, rat *r, const rat *f, slong n)
{
    const fmpq_mpoly_struct *a = f->num, *b = f->den;
    if (n < 0) {
        if (fmpq_mpoly_is_zero(a, c->ctx)) {
            c->failed = true;
            return;
        }
        a = f->den;
        b = f->num;
    }
    ulong m = (ulong)labs(n);
    if (pow_checked(c, r->num, a, m) && pow_checked(c, r->den, b, m))
        rat_monic(c, r);
}

static rat *convert(call *c, expr *e);

/* The quotient of one node. */
static rat *convert_node(call *c, expr *e, const leaf *l)
{
    rat *r = rat_new(c);
    if (l) {
        /* A leaf: x^m, x a variable; m < 0 puts it in the denominator. */
        fmpq_mpoly_t x;
        fmpq_mpoly_init(x, c->ctx);
        fmpq_mpoly_gen(x, l->var, c->ctx);
        bool ok = pow_checked(c, r->num, x, (ulong)labs(l->mult));
        fmpq_mpoly_clear(x, c->ctx);
        if (!ok)
            return NULL;
        if (l->mult < 0)
            fmpq_mpoly_swap(r->num, r->den, c->ctx);
        return r;
    }
    switch ((expr_kind)e->kind) {
    case EXPR_NUM: {
        fmpq_t q;
        fmpq_init(q);
        fmpq_set_mpq(q, e->q);
        fmpq_mpoly_set_fmpq(r->num, q, c->ctx);
        fmpq_clear(q);
        return r;
    }
    case EXPR_POW: {
        /* b^n = (N/D)^n */
        rat *b = convert(c, e->args[0]);
        if (!b)
            return NULL;
        rat_pow(c, r, b, mpz_get_si(mpq_numref(e->args[1]->q)));
        return c->failed ? NULL : r;
    }
    case EXPR_MUL:
        /* (N1/D1)(N2/D2)... = (N1 N2 ...)/(D1 D2 ...), then cancelled */
        for (uint32_t i = 0; i < e->nargs; i++) {
            rat *f = convert(c, e->args[i]);
            if (!f)
                return NULL;
            if (i == 0) {
                fmpq_mpoly_set(r->num, f->num, c->ctx);
                fmpq_mpoly_set(r->den, f->den, c->ctx);
                continue;
            }
            if (!mul_checked(c, r->num, r->num, f->num))
                return NULL;
            if (!fmpq_mpoly_is_one(f->den, c->ctx) && !mul_checked(c, r->den, r->den, f->den))
                return NULL;
        }
        rat_canon(c, r);
        return r;
    case EXPR_ADD:
        /* Sum over the lcm of the denominators, then cancelled */
        for (uint32_t i = 0; i < e->nargs; i++) {
            rat *f = convert(c, e->args[i]);
            if (!f)
                return NULL;
            rat_add_into(c, r, f);
            if (c->failed)
                return NULL;
        }
        rat_canon(c, r);
        return r;
    default: /* every other kind is a leaf */
        c->failed = true;
        return NULL;
    }
}

static rat *convert(call *c, expr *e)
{
    if (c->failed)
        return NULL;
    rat *known = pm_value(&c->rats, e);
    if (known)
        return known;
    const leaf *l = pm_value(&c->seen, e);
    rat *r;
    if (l && l->kind == LEAF_ALIAS)
        r = convert(c, l->t);
    else
        r = convert_node(c, e, l);
    if (!r || c->failed)
        return NULL;
    pm_put(&c->rats, e, r);
    return r;
}

/* A = sum_k A_k a^k, a = variable v with a^L = P/Q: A * Q^m = sum_k A_k a^(k mod L)
 * P^(k div L) Q^(m - k div L), m = deg_a(A) div L. Sets A to that sum and returns m. */
static slong reduce_poly(call *c, fmpq_mpoly_struct *a, slong v, slong l, const rat *base)
{
    slong m = fmpq_mpoly_degree_si(a, v, c->ctx) / l;
    fmpq_mpoly_univar_t u;
    fmpq_mpoly_t sum, term, t, g;
    fmpq_mpoly_univar_init(u, c->ctx);
    fmpq_mpoly_init(sum, c->ctx);
    fmpq_mpoly_init(term, c->ctx);
    fmpq_mpoly_init(t, c->ctx);
    fmpq_mpoly_init(g, c->ctx);
    fmpq_mpoly_gen(g, v, c->ctx);
    fmpq_mpoly_to_univar(u, a, v, c->ctx);
    for (slong i = 0; i < fmpq_mpoly_univar_length(u, c->ctx) && !c->failed; i++) {
        slong k = fmpq_mpoly_univar_get_term_exp_si(u, i, c->ctx);
        fmpq_mpoly_univar_swap_term_coeff(term, u, i, c->ctx);
        /* A_k a^(k mod L) P^(k div L) Q^(m - k div L) */
        if (!pow_checked(c, t, g, (ulong)(k % l)) || !mul_checked(c, term, term, t) ||
            !pow_checked(c, t, base->num, (ulong)(k / l)) || !mul_checked(c, term, term, t) ||
            !pow_checked(c, t, base->den, (ulong)(m - k / l)) || !mul_checked(c, term, term, t))
            break;
        fmpq_mpoly_add(sum, sum, term, c->ctx);
        too_long(c, sum);
    }
    fmpq_mpoly_swap(a, sum, c->ctx);
    fmpq_mpoly_univar_clear(u, c->ctx);
    fmpq_mpoly_clear(sum, c->ctx);
    fmpq_mpoly_clear(term, c->ctx);
    fmpq_mpoly_clear(t, c->ctx);
    fmpq_mpoly_clear(g, c->ctx);
    return m;
}

/* Reduce N/D by a^L = base for every root a of a non-atom base, so that no power >= L of
 * one is left ((sqrt(1 + x))^2 is 1 + x): N/D = (N' Q^md)/(D' Q^mn). The numerator of a
 * difference of equal expressions then reduces to zero, so the zero test sees through
 * such roots. Denominators are not rationalised (the printed forms would explode), so the
 * quotient is not canonical: when such a root is left in N or D, refold is set (the core
 * may merge it with a factor of its base when the result is rebuilt, and simp_normal then
 * normalises again). A root inside another root's base may need a second round. A
 * denominator that reduces to zero is a division by zero. */
static void reduce_roots(call *c, rat *r)
{
    for (int round = 0; round < SIMP_MAX_ROUNDS && !c->failed; round++) {
        bool changed = false;
        for (size_t i = 0; i < c->nred && !c->failed; i++) {
            slong v = c->red[i].var, l = c->red[i].l;
            if (fmpq_mpoly_degree_si(r->num, v, c->ctx) < l &&
                fmpq_mpoly_degree_si(r->den, v, c->ctx) < l)
                continue;
            changed = true;
            const rat *b = convert(c, c->red[i].base);
            if (!b)
                return;
            slong mn = reduce_poly(c, r->num, v, l, b);
            slong md = reduce_poly(c, r->den, v, l, b);
            fmpq_mpoly_t t;
            fmpq_mpoly_init(t, c->ctx);
            if (md > mn && pow_checked(c, t, b->den, (ulong)(md - mn)))
                mul_checked(c, r->num, r->num, t);
            else if (mn > md && pow_checked(c, t, b->den, (ulong)(mn - md)))
                mul_checked(c, r->den, r->den, t);
            fmpq_mpoly_clear(t, c->ctx);
            if (c->failed)
                return;
            if (fmpq_mpoly_is_zero(r->den, c->ctx)) {
                c->failed = true;
                return;
            }
            rat_canon(c, r);
        }
        if (!changed)
            break;
    }
    for (size_t i = 0; i < c->nred && !c->failed; i++)
        if (fmpq_mpoly_degree_si(r->num, c->red[i].var, c->ctx) >= 1 ||
            fmpq_mpoly_degree_si(r->den, c->red[i].var, c->ctx) >= 1)
            c->refold = true;
}

/* Passes 1–3 up to the quotient of e; NULL when a guard tripped. */
static rat *call_run(call *c, expr *e)
{
    collect(c, e);
    if (c->failed)
        return NULL;
    assign_vars(c);
    if (c->failed || c->nvars > SIMP_MAX_VARS)
        return NULL;
    fmpq_mpoly_ctx_init(c->ctx, c->nvars > 0 ? c->nvars : 1, ORD_LEX);
    c->have_ctx = true;
    rat *r = convert(c, e);
    if (!r || c->nred == 0)
        return r;
    /* A copy: r may be shared with a subexpression that a base reduces by. */
    rat *t = rat_new(c);
    fmpq_mpoly_set(t->num, r->num, c->ctx);
    fmpq_mpoly_set(t->den, r->den, c->ctx);
    reduce_roots(c, t);
    return c->failed ? NULL : t;
}

/* ------------------------------------------------------------------------------------ */
/* Rebuilding the expression                                                             */

static expr *fmpq_to_expr(call *c, const fmpq_t q)
{
    mpq_t m;
    mpq_init(m);
    fmpq_get_mpq(m, q);
    expr *e = expr_num(c->ex, m);
    mpq_clear(m);
    return e;
}

static expr *fmpz_to_expr(call *c, const fmpz_t z)
{
    if (fmpz_fits_si(z))
        return expr_int(c->ex, fmpz_get_si(z));
    mpq_t m;
    mpq_init(m);
    fmpz_get_mpz(mpq_numref(m), z);
    expr *e = expr_num(c->ex, m);
    mpq_clear(m);
    return e;
}

/* A polynomial as c * f1^e1 * ...: FLINT's factorisation made integral (each base
 * primitive with integer coefficients and a positive leading coefficient). Above
 * SIMP_FACTOR_MAX_TERMS terms or SIMP_FACTOR_MAX_WORK terms times variables, or when
 * factoring fails, the one base A/content(A). */
static void factor_poly(call *c, fmpq_mpoly_factor_t f, const fmpq_mpoly_t a)
{
    if (fmpq_mpoly_is_fmpq(a, c->ctx)) {
        fmpq_mpoly_get_fmpq(f->constant, a, c->ctx);
        return;
    }
    slong len = fmpq_mpoly_length(a, c->ctx);
    if (len <= SIMP_FACTOR_MAX_TERMS && len * c->nvars <= SIMP_FACTOR_MAX_WORK &&
        fmpq_mpoly_factor(f, a, c->ctx) && fmpq_mpoly_factor_make_integral(f, c->ctx))
        return;
    fmpq_mpoly_factor_clear(f, c->ctx);
    fmpq_mpoly_factor_init(f, c->ctx);
    fmpq_mpoly_factor_fit_length(f, 1, c->ctx);
    fmpq_t k;
    fmpq_init(k);
    fmpq_set(k, fmpq_mpoly_content_ref((fmpq_mpoly_struct *)a, c->ctx));
    fmpq_mpoly_scalar_div_fmpq(f->poly + 0, a, k, c->ctx);
    fmpq_swap(f->constant, k);
    fmpq_clear(k);
    fmpz_one(f->exp + 0);
    f->num = 1;
}

/* Cancel bases common to numerator and denominator (needed only when a gcd failed). */
static void cancel_common(call *c, fmpq_mpoly_factor_t fn, fmpq_mpoly_factor_t fd)
{
    for (slong i = 0; i < fn->num; i++)
        for (slong j = 0; j < fd->num; j++) {
            if (fmpz_sgn(fn->exp + i) <= 0 || fmpz_sgn(fd->exp + j) <= 0 ||
                !fmpq_mpoly_equal(fn->poly + i, fd->poly + j, c->ctx))
                continue;
            fmpz_t m;
            fmpz_init(m);
            if (fmpz_cmp(fn->exp + i, fd->exp + j) < 0)
                fmpz_set(m, fn->exp + i);
            else
                fmpz_set(m, fd->exp + j);
            fmpz_sub(fn->exp + i, fn->exp + i, m);
            fmpz_sub(fd->exp + j, fd->exp + j, m);
            fmpz_clear(m);
        }
}

/* One base as an expression, with its sign fixed (*flipped when negated):
 *   - a constant term is positive (1 - theta, not theta - 1);
 *   - otherwise most coefficients are positive;
 *   - on a tie (*tie set), the largest term in expr_cmp order is positive (x - mu, mu
 *     before x); build() may still negate a tied base to make the coefficient positive. */
static expr *factor_expr(call *c, const fmpq_mpoly_t p, bool *flipped, bool *tie)
{
    slong len = fmpq_mpoly_length(p, c->ctx);
    slong nv = c->nvars > 0 ? c->nvars : 1;
    fmpz *exps = _fmpz_vec_init(nv);
    fmpz **eptr = xmalloc((size_t)nv * sizeof *eptr);
    for (slong j = 0; j < nv; j++)
        eptr[j] = exps + j;
    expr **mono = xmalloc((size_t)len * sizeof *mono);
    expr **fac = xmalloc((size_t)(nv + 1) * sizeof *fac);
    fmpq *coef = _fmpq_vec_init(len);
    slong konst = -1, npos = 0, nneg = 0;
    for (slong i = 0; i < len; i++) {
        fmpq_mpoly_get_term_coeff_fmpq(coef + i, p, i, c->ctx);
        fmpq_mpoly_get_term_exp_fmpz(eptr, p, i, c->ctx);
        size_t nf = 0;
        for (slong j = 0; j < c->nvars; j++)
            if (!fmpz_is_zero(exps + j))
                fac[nf++] = expr_pow(c->ex, c->vars[j], fmpz_to_expr(c, exps + j));
        mono[i] = expr_mul(c->ex, nf, fac);
        if (nf == 0)
            konst = i;
        if (fmpq_sgn(coef + i) > 0)
            npos++;
        else
            nneg++;
    }
    int sign;
    *tie = konst < 0 && npos == nneg;
    if (konst >= 0) {
        sign = fmpq_sgn(coef + konst);
    } else if (npos != nneg) {
        sign = npos > nneg ? 1 : -1;
    } else {
        slong top = 0;
        for (slong i = 1; i < len; i++)
            if (expr_cmp(mono[i], mono[top]) > 0)
                top = i;
        sign = fmpq_sgn(coef + top);
    }
    *flipped = sign < 0;
    for (slong i = 0; i < len; i++) {
        if (*flipped)
            fmpq_neg(coef + i, coef + i);
        mono[i] = expr_mul2(c->ex, fmpq_to_expr(c, coef + i), mono[i]);
    }
    expr *res = expr_add(c->ex, (size_t)len, mono);
    _fmpq_vec_clear(coef, len);
    free(fac);
    free(mono);
    free(eptr);
    _fmpz_vec_clear(exps, nv);
    return res;
}

/* -b, for a base b that is a sum: every term negated. */
static expr *negate_sum(call *c, expr *b)
{
    expr **t = xmalloc(b->nargs * sizeof *t);
    for (uint32_t i = 0; i < b->nargs; i++)
        t[i] = expr_neg(c->ex, b->args[i]);
    expr *res = expr_add(c->ex, b->nargs, t);
    free(t);
    return res;
}

/* N/D as k * prod f_i^e_i * prod g_j^(-d_j), k the rational content and every base signed
 * as factor_expr says. Then, when k < 0 and some base of odd exponent had a tie in its
 * sign rule, the smallest such base (in expr_cmp order) is negated instead of k:
 * 2*(mu - x)/sigma^3 rather than -2*(x - mu)/sigma^3. */
static expr *build(call *c, const rat *r)
{
    if (fmpq_mpoly_is_zero(r->num, c->ctx))
        return expr_int(c->ex, 0);
    fmpq_mpoly_factor_t fn, fd;
    fmpq_mpoly_factor_init(fn, c->ctx);
    fmpq_mpoly_factor_init(fd, c->ctx);
    factor_poly(c, fn, r->num);
    factor_poly(c, fd, r->den);
    cancel_common(c, fn, fd);
    fmpq_t k;
    fmpq_init(k);
    fmpq_div(k, fn->constant, fd->constant);
    slong nf = fn->num + fd->num;
    expr **base = xmalloc(((size_t)nf + 1) * sizeof *base);
    expr **ex = xmalloc(((size_t)nf + 1) * sizeof *ex);
    size_t n = 0;
    slong swing = -1; /* the tied base of odd exponent that may take the sign */
    for (int side = 0; side < 2; side++) {
        fmpq_mpoly_factor_struct *f = side == 0 ? fn : fd;
        for (slong i = 0; i < f->num; i++) {
            if (fmpz_sgn(f->exp + i) <= 0)
                continue;
            bool flipped, tie;
            base[n] = factor_expr(c, f->poly + i, &flipped, &tie);
            /* (-b)^e = (-1)^e b^e */
            if (flipped && fmpz_is_odd(f->exp + i))
                fmpq_neg(k, k);
            if (tie && fmpz_is_odd(f->exp + i) && base[n]->kind == EXPR_ADD &&
                (swing < 0 || expr_cmp(base[n], base[swing]) < 0))
                swing = (slong)n;
            expr *x = fmpz_to_expr(c, f->exp + i);
            ex[n++] = side == 0 ? x : expr_neg(c->ex, x);
        }
    }
    if (fmpq_sgn(k) < 0 && swing >= 0) {
        base[swing] = negate_sum(c, base[swing]);
        fmpq_neg(k, k);
    }
    for (size_t i = 0; i < n; i++)
        base[i] = expr_pow(c->ex, base[i], ex[i]);
    base[n++] = fmpq_to_expr(c, k);
    expr *res = expr_mul(c->ex, n, base);
    free(base);
    free(ex);
    fmpq_clear(k);
    fmpq_mpoly_factor_clear(fn, c->ctx);
    fmpq_mpoly_factor_clear(fd, c->ctx);
    return res;
}

/* ------------------------------------------------------------------------------------ */
/* The entry points                                                                      */

/* Numbers, symbols and constants are their own normal form. */
static bool trivially_normal(const expr *e)
{
    return e->kind == EXPR_NUM || e->kind == EXPR_SYM || e->kind == EXPR_CONST;
}

expr *simp_normal(simp_ctx *s, expr *e)
{
    if (trivially_normal(e))
        return e;
    void **m = pm_get(&s->memo, e);
    if (m)
        return *m;
    call c;
    call_init(&c, s);
    rat *r = call_run(&c, e);
    expr *res = r ? build(&c, r) : e;
    bool refold = c.refold;
    call_clear(&c);
    /* A root of a non-atom base left in the quotient may merge, when the result is built,
     * with a factor of its base (sqrt(1 + x)/(1 + x) is 1/sqrt(1 + x)), which is another
     * quotient of the same value: normalise the result again, until it is stable (a
     * bounded number of times). */
    if (refold && res != e && s->rounds < SIMP_MAX_ROUNDS) {
        s->rounds++;
        res = simp_normal(s, res);
        s->rounds--;
    }
    pm_put(&s->memo, e, res);
    return res;
}

bool simp_is_zero(simp_ctx *s, expr *e)
{
    if (expr_is_zero(e))
        return true;
    if (trivially_normal(e))
        return false;
    void **m = pm_get(&s->memo, e);
    if (m)
        return expr_is_zero(*m);
    call c;
    call_init(&c, s);
    rat *r = call_run(&c, e);
    bool zero = r && fmpq_mpoly_is_zero(r->num, c.ctx);
    call_clear(&c);
    /* A zero numerator is what simp_normal would build: remember it. */
    if (zero)
        pm_put(&s->memo, e, expr_int(s->ex, 0));
    return zero;
}

bool simp_is_equal(simp_ctx *s, expr *a, expr *b)
{
    return a == b || simp_is_zero(s, expr_sub(s->ex, a, b));
}

/* The shorter printed text of e and of its normal form (ties keep e). */
expr *simp_display(simp_ctx *s, expr *e)
{
    expr *n = simp_normal(s, e);
    if (n == e)
        return e;
    strbuf a = {0}, b = {0};
    expr_print(&a, s->ex, e);
    expr_print(&b, s->ex, n);
    expr *r = b.len < a.len ? n : e;
    sb_free(&a);
    sb_free(&b);
    return r;
}
