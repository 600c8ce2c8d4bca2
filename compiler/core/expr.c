/* compiler/core/expr.c — the expression core: the node arena, the hash-cons table, the symbol
 * and vector tables, the canonicalising constructors, the canonical order (expr_cmp),
 * substitution and the DAG queries. Printing lives in print_expr.c.
 *
 * Ownership: an expr_ctx owns every node it builds (in big arena chunks), the names of its
 * symbols and vectors, and the GMP rationals of its NUM nodes, all released by
 * expr_ctx_free(). No floating point anywhere: numbers are exact GMP rationals.
 *
 * The canonical order (see expr_cmp) is defined on a structural key, so it does not depend
 * on addresses or on construction order:
 *   - NUM before everything else; two NUMs by value.
 *   - Any other node is viewed as a list of factors (a MUL: its children, largest first, so
 *     the numeric coefficient comes last; anything else: itself alone). Lists compare
 *     lexicographically, a proper prefix first. So 2*x and 3*x sit next to each other,
 *     after x, and like terms of a sum are adjacent.
 *   - A factor is a (base, exponent) pair (exponent 1 for a non-POW); factors compare by
 *     base, then exponent, so theta and theta^2 sit together.
 *   - Bases: NUM < atoms < compound (MUL, POW, compared by the full order). Atoms rank
 *     CONST < SYM < INDEX < ADD < FN (so (n - x)*log(1 - theta)); CONST by code, SYM by
 *     symbol index, INDEX by vector then index expression, ADD by its terms from the last,
 *     FN by code then arguments.
 */
#include "expr.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "fimrt.h"

/* ------------------------------------------------------------------------------------ */
/* The function table                                                                    */

#define FN_INFO_(id, name, arity, op, latex, range)                                        \
    [FN_##id] = {name, arity, FIMRT_OP_##op, latex, FN_RANGE_##range},
const expr_fn_info expr_fn_table[FN_COUNT] = {FIMC_FUNCTIONS(FN_INFO_)};
#undef FN_INFO_

int expr_fn_lookup(const char *name)
{
    for (int i = 0; i < FN_COUNT; i++)
        if (strcmp(expr_fn_table[i].name, name) == 0)
            return i;
    return -1;
}

/* ------------------------------------------------------------------------------------ */
/* The context                                                                           */

#define ARENA_CHUNK (64 * 1024)
#define ARENA_ALIGN 16

struct expr_ctx {
    /* Arena: chunks of ARENA_CHUNK bytes (and dedicated blocks for big nodes). */
    ptrvec chunks;
    char *cur;
    size_t left;
    /* Every NUM node, to mpq_clear at the end. */
    ptrvec nums;
    /* The hash-cons table: open addressing, linear probing, power-of-two size. */
    expr **tab;
    size_t tab_cap, tab_count;
    uint32_t next_id;
    /* Symbols and vectors (individually allocated, so returned pointers stay valid). */
    ptrvec syms;
    ptrvec vecs;
    /* Frequently used numbers. */
    expr *zero, *one, *minus_one, *half;
};

static void *arena_alloc(expr_ctx *ctx, size_t size)
{
    size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (size > ARENA_CHUNK / 4) {
        void *p = xmalloc(size);
        pv_push(&ctx->chunks, p);
        return p;
    }
    if (size > ctx->left) {
        ctx->cur = xmalloc(ARENA_CHUNK);
        pv_push(&ctx->chunks, ctx->cur);
        ctx->left = ARENA_CHUNK;
    }
    void *p = ctx->cur;
    ctx->cur += size;
    ctx->left -= size;
    return p;
}

/* ------------------------------------------------------------------------------------ */
/* Hashing                                                                               */

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

static uint64_t hcombine(uint64_t h, uint64_t v)
{
    return mix64(h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2)));
}

static uint64_t hash_mpz(uint64_t h, const mpz_t z)
{
    size_t n = mpz_size(z);
    h = hcombine(h, (uint64_t)(mpz_sgn(z) + 1));
    for (size_t i = 0; i < n; i++)
        h = hcombine(h, (uint64_t)mpz_getlimbn(z, (mp_size_t)i));
    return h;
}

static uint64_t node_hash(int kind, int fn, int cst, int32_t sym, size_t nargs,
                          expr *const *args, const mpq_t q)
{
    uint64_t h = hcombine(0x51ed270b27a1c3d5ULL, (uint64_t)kind);
    h = hcombine(h, ((uint64_t)fn << 8) | (uint64_t)cst);
    h = hcombine(h, (uint64_t)(uint32_t)sym);
    h = hcombine(h, (uint64_t)nargs);
    if (kind == EXPR_NUM) {
        h = hash_mpz(h, mpq_numref(q));
        h = hash_mpz(h, mpq_denref(q));
    }
    for (size_t i = 0; i < nargs; i++)
        h = hcombine(h, args[i]->hash);
    return h;
}

static void table_insert_raw(expr **tab, size_t cap, expr *e)
{
    size_t mask = cap - 1;
    size_t i = (size_t)e->hash & mask;
    while (tab[i])
        i = (i + 1) & mask;
    tab[i] = e;
}

static void table_grow(expr_ctx *ctx)
{
    size_t cap = ctx->tab_cap ? ctx->tab_cap * 2 : 1024;
    expr **tab = xcalloc(cap, sizeof *tab);
    for (size_t i = 0; i < ctx->tab_cap; i++)
        if (ctx->tab[i])
            table_insert_raw(tab, cap, ctx->tab[i]);
    free(ctx->tab);
    ctx->tab = tab;
    ctx->tab_cap = cap;
}

/* Find or create the node with exactly these fields (the caller has canonicalised them). */
static expr *intern(expr_ctx *ctx, int kind, int fn, int cst, int32_t sym, size_t nargs,
                    expr *const *args, const mpq_t q)
{
    uint64_t h = node_hash(kind, fn, cst, sym, nargs, args, q);
    size_t mask = ctx->tab_cap - 1;
    for (size_t i = (size_t)h & mask; ctx->tab[i]; i = (i + 1) & mask) {
        expr *e = ctx->tab[i];
        if (e->hash != h || e->kind != kind || e->fn != fn || e->cst != cst || e->sym != sym ||
            e->nargs != nargs)
            continue;
        if (kind == EXPR_NUM && !mpq_equal(e->q, q))
            continue;
        if (nargs && memcmp(e->args, args, nargs * sizeof *args) != 0)
            continue;
        return e;
    }
    size_t size = offsetof(expr, args) + nargs * sizeof(expr *);
    if (size < sizeof(expr))
        size = sizeof(expr);
    expr *e = arena_alloc(ctx, size);
    memset(e, 0, offsetof(expr, args));
    e->kind = (uint8_t)kind;
    e->fn = (uint8_t)fn;
    e->cst = (uint8_t)cst;
    e->nargs = (uint32_t)nargs;
    e->id = ctx->next_id++;
    e->hash = h;
    e->sym = sym;
    if (kind == EXPR_NUM) {
        mpq_init(e->q);
        mpq_set(e->q, q);
        pv_push(&ctx->nums, e);
    }
    if (nargs)
        memcpy(e->args, args, nargs * sizeof *args);
    if (2 * (ctx->tab_count + 1) > ctx->tab_cap)
        table_grow(ctx);
    table_insert_raw(ctx->tab, ctx->tab_cap, e);
    ctx->tab_count++;
    return e;
}

expr_ctx *expr_ctx_new(void)
{
    expr_ctx *ctx = xcalloc(1, sizeof *ctx);
    table_grow(ctx);
    ctx->zero = expr_int(ctx, 0);
    ctx->one = expr_int(ctx, 1);
    ctx->minus_one = expr_int(ctx, -1);
    ctx->half = expr_frac(ctx, 1, 2);
    return ctx;
}

void expr_ctx_free(expr_ctx *ctx)
{
    if (!ctx)
        return;
    for (size_t i = 0; i < ctx->nums.n; i++)
        mpq_clear(((expr *)ctx->nums.v[i])->q);
    pv_free(&ctx->nums);
    for (size_t i = 0; i < ctx->chunks.n; i++)
        free(ctx->chunks.v[i]);
    pv_free(&ctx->chunks);
    free(ctx->tab);
    for (size_t i = 0; i < ctx->syms.n; i++) {
        expr_sym_info *s = ctx->syms.v[i];
        free(s->name);
        free(s);
    }
    pv_free(&ctx->syms);
    for (size_t i = 0; i < ctx->vecs.n; i++) {
        expr_vec_info *v = ctx->vecs.v[i];
        free(v->name);
        free(v);
    }
    pv_free(&ctx->vecs);
    free(ctx);
}

size_t expr_ctx_size(const expr_ctx *ctx)
{
    return ctx->tab_count;
}

/* ------------------------------------------------------------------------------------ */
/* Symbols and vectors                                                                   */

static int sym_add(expr_ctx *ctx, char *name, expr_sym_kind kind, int vec, int index,
                   void *owner)
{
    expr_sym_info *s = xmalloc(sizeof *s);
    s->name = name;
    s->kind = kind;
    s->vec = vec;
    s->index = index;
    s->owner = owner;
    pv_push(&ctx->syms, s);
    return (int)ctx->syms.n - 1;
}

int expr_sym_new(expr_ctx *ctx, const char *name, expr_sym_kind kind, void *owner)
{
    return sym_add(ctx, xstrdup(name), kind, -1, 0, owner);
}

int expr_vec_new(expr_ctx *ctx, const char *name, expr_sym_kind kind, int len, void *owner)
{
    int vec = (int)ctx->vecs.n;
    expr_vec_info *v = xmalloc(sizeof *v);
    v->name = xstrdup(name);
    v->kind = kind;
    v->first_sym = (int)ctx->syms.n;
    v->len = len;
    pv_push(&ctx->vecs, v);
    for (int i = 1; i <= len; i++) {
        strbuf sb = {0};
        sb_printf(&sb, "%s[%d]", name, i);
        sym_add(ctx, sb_take(&sb), kind, vec, i, owner);
    }
    return vec;
}

const expr_sym_info *expr_sym_get(const expr_ctx *ctx, int sym)
{
    if (sym < 0 || (size_t)sym >= ctx->syms.n)
        return NULL;
    return ctx->syms.v[sym];
}

const expr_vec_info *expr_vec_get(const expr_ctx *ctx, int vec)
{
    if (vec < 0 || (size_t)vec >= ctx->vecs.n)
        return NULL;
    return ctx->vecs.v[vec];
}

int expr_sym_count(const expr_ctx *ctx)
{
    return (int)ctx->syms.n;
}

/* ------------------------------------------------------------------------------------ */
/* Leaves                                                                                */

expr *expr_num(expr_ctx *ctx, const mpq_t q)
{
    mpq_t c;
    mpq_init(c);
    mpq_set(c, q);
    mpq_canonicalize(c);
    expr *e = intern(ctx, EXPR_NUM, 0, 0, 0, 0, NULL, c);
    mpq_clear(c);
    return e;
}

expr *expr_int(expr_ctx *ctx, long n)
{
    mpq_t c;
    mpq_init(c);
    mpq_set_si(c, n, 1);
    expr *e = intern(ctx, EXPR_NUM, 0, 0, 0, 0, NULL, c);
    mpq_clear(c);
    return e;
}

expr *expr_frac(expr_ctx *ctx, long num, unsigned long den)
{
    mpq_t c;
    mpq_init(c);
    mpq_set_si(c, num, den ? den : 1);
    mpq_canonicalize(c);
    expr *e = intern(ctx, EXPR_NUM, 0, 0, 0, 0, NULL, c);
    mpq_clear(c);
    return e;
}

#define DECIMAL_MAX_EXP 100000

expr *expr_num_decimal(expr_ctx *ctx, const char *text)
{
    const char *p = text;
    const char *int_start = p;
    while (*p >= '0' && *p <= '9')
        p++;
    size_t int_len = (size_t)(p - int_start);
    if (int_len == 0)
        return NULL;
    const char *frac_start = NULL;
    size_t frac_len = 0;
    if (*p == '.') {
        p++;
        frac_start = p;
        while (*p >= '0' && *p <= '9')
            p++;
        frac_len = (size_t)(p - frac_start);
        if (frac_len == 0)
            return NULL;
    }
    long exp10 = 0;
    if (*p == 'e' || *p == 'E') {
        p++;
        int neg = 0;
        if (*p == '+' || *p == '-')
            neg = *p++ == '-';
        if (!(*p >= '0' && *p <= '9'))
            return NULL;
        while (*p >= '0' && *p <= '9') {
            exp10 = exp10 * 10 + (*p - '0');
            /* Guard against absurd exponents. */
            if (exp10 > DECIMAL_MAX_EXP)
                return NULL;
            p++;
        }
        if (neg)
            exp10 = -exp10;
    }
    if (*p != '\0')
        return NULL;
    if (frac_len > (size_t)DECIMAL_MAX_EXP * 10)
        return NULL;
    exp10 -= (long)frac_len;

    char *digits = xmalloc(int_len + frac_len + 1);
    memcpy(digits, int_start, int_len);
    if (frac_len)
        memcpy(digits + int_len, frac_start, frac_len);
    digits[int_len + frac_len] = '\0';

    mpq_t q;
    mpq_init(q);
    mpz_set_str(mpq_numref(q), digits, 10);
    free(digits);
    mpz_t pw;
    mpz_init(pw);
    mpz_ui_pow_ui(pw, 10, (unsigned long)(exp10 < 0 ? -exp10 : exp10));
    if (exp10 < 0)
        mpz_set(mpq_denref(q), pw);
    else
        mpz_mul(mpq_numref(q), mpq_numref(q), pw);
    mpz_clear(pw);
    mpq_canonicalize(q);
    expr *e = intern(ctx, EXPR_NUM, 0, 0, 0, 0, NULL, q);
    mpq_clear(q);
    return e;
}

expr *expr_const(expr_ctx *ctx, expr_cst c)
{
    return intern(ctx, EXPR_CONST, 0, (int)c, 0, 0, NULL, NULL);
}

expr *expr_sym(expr_ctx *ctx, int sym)
{
    return intern(ctx, EXPR_SYM, 0, 0, sym, 0, NULL, NULL);
}

expr *expr_index(expr_ctx *ctx, int vec, expr *idx)
{
    const expr_vec_info *v = expr_vec_get(ctx, vec);
    /* v[i] with i an integer in 1..len is the element symbol. */
    if (v && expr_is_integer(idx) && mpz_cmp_si(mpq_numref(idx->q), 1) >= 0 &&
        mpz_cmp_si(mpq_numref(idx->q), v->len) <= 0)
        return expr_sym(ctx, v->first_sym + (int)mpz_get_si(mpq_numref(idx->q)) - 1);
    return intern(ctx, EXPR_INDEX, 0, 0, vec, 1, &idx, NULL);
}

/* ------------------------------------------------------------------------------------ */
/* Predicates                                                                            */

bool expr_is_num(const expr *e)
{
    return e->kind == EXPR_NUM;
}

bool expr_is_zero(const expr *e)
{
    return e->kind == EXPR_NUM && mpq_sgn(e->q) == 0;
}

bool expr_is_one(const expr *e)
{
    return e->kind == EXPR_NUM && mpq_cmp_ui(e->q, 1, 1) == 0;
}

bool expr_is_integer(const expr *e)
{
    return e->kind == EXPR_NUM && mpz_cmp_ui(mpq_denref(e->q), 1) == 0;
}

/* ------------------------------------------------------------------------------------ */
/* The canonical order                                                                   */

static int sign_of(int c)
{
    return (c > 0) - (c < 0);
}

static int cmp_num(const expr *a, const expr *b)
{
    return sign_of(mpq_cmp(a->q, b->q));
}

/* Base classes: NUM < atom < compound (MUL, POW). */
static int base_class(const expr *b)
{
    switch (b->kind) {
    case EXPR_NUM:
        return 0;
    case EXPR_MUL:
    case EXPR_POW:
        return 2;
    default:
        return 1;
    }
}

static int atom_rank(const expr *a)
{
    switch (a->kind) {
    case EXPR_CONST:
        return 0;
    case EXPR_SYM:
        return 1;
    case EXPR_INDEX:
        return 2;
    case EXPR_ADD:
        return 3;
    default: /* EXPR_FN */
        return 4;
    }
}

static int cmp_atom(const expr *a, const expr *b)
{
    int ra = atom_rank(a), rb = atom_rank(b);
    if (ra != rb)
        return ra < rb ? -1 : 1;
    switch (a->kind) {
    case EXPR_CONST:
        return sign_of((int)a->cst - (int)b->cst);
    case EXPR_SYM:
        return a->sym < b->sym ? -1 : a->sym > b->sym;
    case EXPR_INDEX:
        if (a->sym != b->sym)
            return a->sym < b->sym ? -1 : 1;
        return expr_cmp(a->args[0], b->args[0]);
    case EXPR_FN: {
        if (a->fn != b->fn)
            return a->fn < b->fn ? -1 : 1;
        uint32_t n = a->nargs < b->nargs ? a->nargs : b->nargs;
        for (uint32_t i = 0; i < n; i++) {
            int c = expr_cmp(a->args[i], b->args[i]);
            if (c)
                return c;
        }
        return a->nargs < b->nargs ? -1 : a->nargs > b->nargs;
    }
    default: { /* EXPR_ADD: terms from the last (largest) one */
        uint32_t n = a->nargs < b->nargs ? a->nargs : b->nargs;
        for (uint32_t i = 0; i < n; i++) {
            int c = expr_cmp(a->args[a->nargs - 1 - i], b->args[b->nargs - 1 - i]);
            if (c)
                return c;
        }
        return a->nargs < b->nargs ? -1 : a->nargs > b->nargs;
    }
    }
}

static int cmp_base(const expr *a, const expr *b)
{
    if (a == b)
        return 0;
    int ca = base_class(a), cb = base_class(b);
    if (ca != cb)
        return ca < cb ? -1 : 1;
    if (ca == 0)
        return cmp_num(a, b);
    if (ca == 1)
        return cmp_atom(a, b);
    return expr_cmp(a, b);
}

/* Compare an exponent with the implicit exponent 1 of a non-POW factor. */
static int cmp_exp_with_one(const expr *e)
{
    if (e->kind == EXPR_NUM)
        return sign_of(mpq_cmp_ui(e->q, 1, 1));
    return 1; /* non-NUM after every NUM */
}

/* Factors (never MUL): NUM first, then by (base, exponent). */
static int cmp_factor(const expr *f, const expr *g)
{
    if (f == g)
        return 0;
    if (f->kind == EXPR_NUM || g->kind == EXPR_NUM) {
        if (f->kind == EXPR_NUM && g->kind == EXPR_NUM)
            return cmp_num(f, g);
        return f->kind == EXPR_NUM ? -1 : 1;
    }
    const expr *bf = f->kind == EXPR_POW ? f->args[0] : f;
    const expr *bg = g->kind == EXPR_POW ? g->args[0] : g;
    int c = cmp_base(bf, bg);
    if (c)
        return c;
    const expr *ef = f->kind == EXPR_POW ? f->args[1] : NULL;
    const expr *eg = g->kind == EXPR_POW ? g->args[1] : NULL;
    if (ef && eg)
        return expr_cmp(ef, eg);
    if (ef)
        return cmp_exp_with_one(ef);
    if (eg)
        return -cmp_exp_with_one(eg);
    return 0;
}

int expr_cmp(const expr *a, const expr *b)
{
    if (a == b)
        return 0;
    if (a->kind == EXPR_NUM || b->kind == EXPR_NUM) {
        if (a->kind == EXPR_NUM && b->kind == EXPR_NUM)
            return cmp_num(a, b);
        return a->kind == EXPR_NUM ? -1 : 1;
    }
    /* Factor lists, largest factor first. */
    uint32_t na = a->kind == EXPR_MUL ? a->nargs : 1;
    uint32_t nb = b->kind == EXPR_MUL ? b->nargs : 1;
    uint32_t n = na < nb ? na : nb;
    for (uint32_t i = 0; i < n; i++) {
        const expr *fa = a->kind == EXPR_MUL ? a->args[na - 1 - i] : a;
        const expr *fb = b->kind == EXPR_MUL ? b->args[nb - 1 - i] : b;
        int c = cmp_factor(fa, fb);
        if (c)
            return c;
    }
    return na < nb ? -1 : na > nb;
}

/* A stable merge sort by expr_cmp (qsort has no context and is not stable). */
static void sort_exprs(expr **v, size_t n)
{
    if (n < 2)
        return;
    if (n <= 16) {
        for (size_t i = 1; i < n; i++) {
            expr *x = v[i];
            size_t j = i;
            while (j > 0 && expr_cmp(v[j - 1], x) > 0) {
                v[j] = v[j - 1];
                j--;
            }
            v[j] = x;
        }
        return;
    }
    size_t h = n / 2;
    sort_exprs(v, h);
    sort_exprs(v + h, n - h);
    if (expr_cmp(v[h - 1], v[h]) <= 0)
        return;
    expr **tmp = xmalloc(n * sizeof *tmp);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = expr_cmp(v[j], v[i]) < 0 ? v[j++] : v[i++];
    while (i < h)
        tmp[k++] = v[i++];
    while (j < n)
        tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof *tmp);
    free(tmp);
}

/* ------------------------------------------------------------------------------------ */
/* Sums                                                                                  */

/* A term is coef * rest: the coefficient is a MUL's leading NUM child (else 1). */
static expr *const *term_rest(expr *const *t, size_t *n)
{
    const expr *e = *t;
    if (e->kind == EXPR_MUL && e->args[0]->kind == EXPR_NUM) {
        *n = e->nargs - 1;
        return e->args + 1;
    }
    if (e->kind == EXPR_MUL) {
        *n = e->nargs;
        return e->args;
    }
    *n = 1;
    return t;
}

static mpq_srcptr term_coef(const expr *e, const expr *one)
{
    if (e->kind == EXPR_MUL && e->args[0]->kind == EXPR_NUM)
        return e->args[0]->q;
    return one->q;
}

/* Build coef * rest, where rest is the (canonical, sorted) factor list of a term. */
static expr *make_term(expr_ctx *ctx, const mpq_t coef, expr *const *rest, size_t n)
{
    if (mpq_cmp_ui(coef, 1, 1) == 0) {
        if (n == 1)
            return rest[0];
        return intern(ctx, EXPR_MUL, 0, 0, 0, n, rest, NULL);
    }
    expr **args = xmalloc((n + 1) * sizeof *args);
    args[0] = expr_num(ctx, coef);
    memcpy(args + 1, rest, n * sizeof *rest);
    expr *e = intern(ctx, EXPR_MUL, 0, 0, 0, n + 1, args, NULL);
    free(args);
    return e;
}

expr *expr_add(expr_ctx *ctx, size_t n, expr *const *terms)
{
    if (n == 0)
        return ctx->zero;
    if (n == 1)
        return terms[0];
    /* Flatten: an ADD child contributes its terms; numbers are summed into one. */
    size_t cap = 0;
    for (size_t i = 0; i < n; i++)
        cap += terms[i]->kind == EXPR_ADD ? terms[i]->nargs : 1;
    expr **v = xmalloc((cap + 1) * sizeof *v);
    size_t m = 0;
    mpq_t num, c;
    mpq_init(num);
    mpq_init(c);
    for (size_t i = 0; i < n; i++) {
        expr *t = terms[i];
        size_t k = t->kind == EXPR_ADD ? t->nargs : 1;
        expr *const *ts = t->kind == EXPR_ADD ? t->args : &terms[i];
        for (size_t j = 0; j < k; j++) {
            if (ts[j]->kind == EXPR_NUM)
                mpq_add(num, num, ts[j]->q);
            else
                v[m++] = ts[j];
        }
    }
    /* Sort: like terms (same factors but the coefficient) end up adjacent. */
    sort_exprs(v, m);
    /* Collect like terms: c1*r + c2*r = (c1 + c2)*r; a zero coefficient drops the term. */
    expr **out = xmalloc((m + 1) * sizeof *out);
    size_t nout = 0;
    if (mpq_sgn(num) != 0)
        out[nout++] = expr_num(ctx, num);
    for (size_t i = 0; i < m;) {
        size_t nr;
        expr *const *rest = term_rest(&v[i], &nr);
        size_t j = i + 1;
        while (j < m) {
            size_t nr2;
            expr *const *rest2 = term_rest(&v[j], &nr2);
            if (nr2 != nr || memcmp(rest, rest2, nr * sizeof *rest) != 0)
                break;
            j++;
        }
        if (j == i + 1) {
            out[nout++] = v[i];
        } else {
            mpq_set_ui(c, 0, 1);
            for (size_t k = i; k < j; k++)
                mpq_add(c, c, term_coef(v[k], ctx->one));
            if (mpq_sgn(c) != 0)
                out[nout++] = make_term(ctx, c, rest, nr);
        }
        i = j;
    }
    /* Merging keeps the order: terms with different factor lists compare by those. */
    expr *res;
    if (nout == 0)
        res = ctx->zero;
    else if (nout == 1)
        res = out[0];
    else
        res = intern(ctx, EXPR_ADD, 0, 0, 0, nout, out, NULL);
    mpq_clear(num);
    mpq_clear(c);
    free(v);
    free(out);
    return res;
}

expr *expr_add2(expr_ctx *ctx, expr *a, expr *b)
{
    expr *t[2] = {a, b};
    return expr_add(ctx, 2, t);
}

expr *expr_neg(expr_ctx *ctx, expr *a)
{
    return expr_mul2(ctx, ctx->minus_one, a);
}

expr *expr_sub(expr_ctx *ctx, expr *a, expr *b)
{
    return expr_add2(ctx, a, expr_neg(ctx, b));
}

/* ------------------------------------------------------------------------------------ */
/* Products                                                                              */

static expr *factor_base(expr *f)
{
    return f->kind == EXPR_POW ? f->args[0] : f;
}

static expr *factor_exp(expr_ctx *ctx, expr *f)
{
    return f->kind == EXPR_POW ? f->args[1] : ctx->one;
}

/* Append f to the list (growing it), flattening a MUL and folding NUMs into coef. */
static void push_factor(ptrvec *pv, mpq_t coef, expr *f)
{
    if (f->kind == EXPR_NUM) {
        mpq_mul(coef, coef, f->q);
        return;
    }
    if (f->kind == EXPR_MUL) {
        for (uint32_t i = 0; i < f->nargs; i++)
            push_factor(pv, coef, f->args[i]);
        return;
    }
    pv_push(pv, f);
}

expr *expr_mul(expr_ctx *ctx, size_t n, expr *const *factors)
{
    if (n == 0)
        return ctx->one;
    if (n == 1)
        return factors[0];
    mpq_t coef;
    mpq_init(coef);
    mpq_set_ui(coef, 1, 1);
    ptrvec cur = {0}, next = {0};
    /* Flatten nested products; numeric factors multiply into one coefficient. */
    for (size_t i = 0; i < n; i++)
        push_factor(&cur, coef, factors[i]);
    for (;;) {
        /* A zero factor annihilates the product. */
        if (mpq_sgn(coef) == 0)
            break;
        /* Sort by (base, exponent): equal bases become adjacent. */
        sort_exprs((expr **)cur.v, cur.n);
        /* Merge equal bases: x^a * x^b = x^(a+b). A merged factor that is no longer a
         * plain power of the same base (a number, a product, a new base) sends the list
         * round again. */
        bool again = false;
        next.n = 0;
        for (size_t i = 0; i < cur.n;) {
            expr *f = cur.v[i];
            expr *b = factor_base(f);
            size_t j = i + 1;
            while (j < cur.n && factor_base(cur.v[j]) == b)
                j++;
            if (j == i + 1) {
                pv_push(&next, f);
                i = j;
                continue;
            }
            expr **exps = xmalloc((j - i) * sizeof *exps);
            for (size_t k = i; k < j; k++)
                exps[k - i] = factor_exp(ctx, cur.v[k]);
            expr *e = expr_add(ctx, j - i, exps);
            free(exps);
            expr *g = expr_pow(ctx, b, e);
            if (g->kind == EXPR_NUM || g->kind == EXPR_MUL || factor_base(g) != b)
                again = true;
            /* A factor whose merged exponent is 0 disappears (x^0 = 1). */
            push_factor(&next, coef, g);
            i = j;
        }
        ptrvec t = cur;
        cur = next;
        next = t;
        if (!again)
            break;
    }
    expr *res;
    if (mpq_sgn(coef) == 0) {
        res = ctx->zero;
    } else if (cur.n == 0) {
        res = expr_num(ctx, coef);
    } else if (cur.n == 1 && mpq_cmp_ui(coef, 1, 1) == 0) {
        res = cur.v[0];
    } else {
        res = make_term(ctx, coef, (expr *const *)cur.v, cur.n);
    }
    mpq_clear(coef);
    pv_free(&cur);
    pv_free(&next);
    return res;
}

expr *expr_mul2(expr_ctx *ctx, expr *a, expr *b)
{
    expr *t[2] = {a, b};
    return expr_mul(ctx, 2, t);
}

expr *expr_div(expr_ctx *ctx, expr *a, expr *b)
{
    return expr_mul2(ctx, a, expr_pow(ctx, b, ctx->minus_one));
}

/* ------------------------------------------------------------------------------------ */
/* Powers                                                                                */

/* Largest result (in bits) an exact power may produce before we leave it unfolded. */
#define POW_MAX_BITS (1UL << 22)

/* r = b^e exactly for an integer e. False (r untouched) for 0^negative or a huge result. */
static bool num_pow_int(mpq_ptr r, mpq_srcptr b, mpz_srcptr e)
{
    if (mpz_sgn(e) == 0) {
        mpq_set_ui(r, 1, 1);
        return true;
    }
    if (mpq_sgn(b) == 0) {
        if (mpz_sgn(e) < 0)
            return false;
        mpq_set_ui(r, 0, 1);
        return true;
    }
    if (mpz_cmpabs_ui(mpq_numref(b), 1) == 0 && mpz_cmp_ui(mpq_denref(b), 1) == 0) {
        mpq_set_si(r, mpq_sgn(b) < 0 && mpz_odd_p(e) ? -1 : 1, 1);
        return true;
    }
    if (mpz_sizeinbase(e, 2) > 62)
        return false;
    mpz_t ae;
    mpz_init(ae);
    mpz_abs(ae, e);
    unsigned long n = mpz_get_ui(ae);
    mpz_clear(ae);
    size_t bits = mpz_sizeinbase(mpq_numref(b), 2);
    size_t dbits = mpz_sizeinbase(mpq_denref(b), 2);
    if (dbits > bits)
        bits = dbits;
    if (n > POW_MAX_BITS / bits)
        return false;
    mpq_t t;
    mpq_init(t);
    mpz_pow_ui(mpq_numref(t), mpq_numref(b), n);
    mpz_pow_ui(mpq_denref(t), mpq_denref(b), n);
    if (mpz_sgn(e) < 0)
        mpq_inv(t, t);
    mpq_set(r, t);
    mpq_clear(t);
    return true;
}

/* r = b^(p/q) when the q-th root of b is an exact rational (real, principal). */
static bool num_pow_rat(mpq_ptr r, mpq_srcptr b, mpq_srcptr e)
{
    if (mpz_cmp_ui(mpq_denref(e), 1) == 0)
        return num_pow_int(r, b, mpq_numref(e));
    if (!mpz_fits_ulong_p(mpq_denref(e)))
        return false;
    unsigned long q = mpz_get_ui(mpq_denref(e));
    bool neg = mpq_sgn(b) < 0;
    /* A negative base has no real even root. */
    if (neg && q % 2 == 0)
        return false;
    mpq_t root;
    mpq_init(root);
    mpz_abs(mpq_numref(root), mpq_numref(b));
    mpz_set(mpq_denref(root), mpq_denref(b));
    bool ok = mpz_root(mpq_numref(root), mpq_numref(root), q) != 0 &&
              mpz_root(mpq_denref(root), mpq_denref(root), q) != 0;
    if (ok) {
        if (neg)
            mpq_neg(root, root);
        ok = num_pow_int(r, root, mpq_numref(e));
    }
    mpq_clear(root);
    return ok;
}

expr *expr_pow(expr_ctx *ctx, expr *base, expr *exponent)
{
    /* x^0 = 1 */
    if (expr_is_zero(exponent))
        return ctx->one;
    /* x^1 = x */
    if (expr_is_one(exponent))
        return base;
    /* 1^x = 1 */
    if (expr_is_one(base))
        return ctx->one;
    /* NUM^integer exactly; NUM^(p/q) when the root is exact. */
    if (base->kind == EXPR_NUM && exponent->kind == EXPR_NUM) {
        mpq_t r;
        mpq_init(r);
        bool ok = num_pow_rat(r, base->q, exponent->q);
        expr *res = ok ? expr_num(ctx, r) : NULL;
        mpq_clear(r);
        if (res)
            return res;
    }
    if (expr_is_integer(exponent)) {
        /* (x^a)^n = x^(a*n) for integer n */
        if (base->kind == EXPR_POW)
            return expr_pow(ctx, base->args[0], expr_mul2(ctx, base->args[1], exponent));
        /* (a*b)^n = a^n * b^n for integer n */
        if (base->kind == EXPR_MUL) {
            expr **f = xmalloc(base->nargs * sizeof *f);
            for (uint32_t i = 0; i < base->nargs; i++)
                f[i] = expr_pow(ctx, base->args[i], exponent);
            expr *res = expr_mul(ctx, base->nargs, f);
            free(f);
            return res;
        }
    }
    expr *args[2] = {base, exponent};
    return intern(ctx, EXPR_POW, 0, 0, 0, 2, args, NULL);
}

expr *expr_powi(expr_ctx *ctx, expr *base, long n)
{
    return expr_pow(ctx, base, expr_int(ctx, n));
}

/* ------------------------------------------------------------------------------------ */
/* Functions                                                                             */

expr *expr_fn(expr_ctx *ctx, expr_fn_id f, size_t nargs, expr *const *args)
{
    switch (f) {
    /* sqrt(x) = x^(1/2) */
    case FN_SQRT:
        return expr_pow(ctx, args[0], ctx->half);
    /* digamma(x) = polygamma(0, x) */
    case FN_DIGAMMA:
        return expr_fn2(ctx, FN_POLYGAMMA, ctx->zero, args[0]);
    /* trigamma(x) = polygamma(1, x) */
    case FN_TRIGAMMA:
        return expr_fn2(ctx, FN_POLYGAMMA, ctx->one, args[0]);
    case FN_EXP:
        /* exp(0) = 1 */
        if (expr_is_zero(args[0]))
            return ctx->one;
        /* exp(log(x)) = x */
        if (args[0]->kind == EXPR_FN && args[0]->fn == FN_LOG)
            return args[0]->args[0];
        break;
    case FN_LOG:
        /* log(1) = 0 */
        if (expr_is_one(args[0]))
            return ctx->zero;
        /* log(exp(x)) = x */
        if (args[0]->kind == EXPR_FN && args[0]->fn == FN_EXP)
            return args[0]->args[0];
        break;
    case FN_ABS:
        /* abs(q) = |q| */
        if (args[0]->kind == EXPR_NUM) {
            if (mpq_sgn(args[0]->q) >= 0)
                return args[0];
            return expr_neg(ctx, args[0]);
        }
        break;
    case FN_SIGN:
        /* sign(q) = -1, 0 or 1 */
        if (args[0]->kind == EXPR_NUM)
            return expr_int(ctx, mpq_sgn(args[0]->q));
        break;
    case FN_DELTA:
        /* delta(p, q) = 1 if p == q else 0, for numbers p and q */
        if (nargs == 2 && args[0]->kind == EXPR_NUM && args[1]->kind == EXPR_NUM)
            return args[0] == args[1] ? ctx->one : ctx->zero;
        break;
    default:
        break;
    }
    return intern(ctx, EXPR_FN, (int)f, 0, 0, nargs, args, NULL);
}

expr *expr_fn1(expr_ctx *ctx, expr_fn_id f, expr *a)
{
    return expr_fn(ctx, f, 1, &a);
}

expr *expr_fn2(expr_ctx *ctx, expr_fn_id f, expr *a, expr *b)
{
    expr *t[2] = {a, b};
    return expr_fn(ctx, f, 2, t);
}

/* ------------------------------------------------------------------------------------ */
/* Node maps and sets keyed by node (per call; keyed by the node's serial id)            */

typedef struct node_map {
    const expr **keys;
    expr **vals;
    size_t cap, count;
} node_map;

static void nm_init(node_map *m)
{
    m->cap = 64;
    m->count = 0;
    m->keys = xcalloc(m->cap, sizeof *m->keys);
    m->vals = xcalloc(m->cap, sizeof *m->vals);
}

static void nm_free(node_map *m)
{
    free(m->keys);
    free(m->vals);
}

static size_t nm_slot(const node_map *m, const expr *k)
{
    size_t mask = m->cap - 1;
    size_t i = (size_t)mix64(k->id) & mask;
    while (m->keys[i] && m->keys[i] != k)
        i = (i + 1) & mask;
    return i;
}

static expr *nm_get(const node_map *m, const expr *k, bool *found)
{
    size_t i = nm_slot(m, k);
    *found = m->keys[i] != NULL;
    return m->vals[i];
}

static void nm_put(node_map *m, const expr *k, expr *v)
{
    if (2 * (m->count + 1) > m->cap) {
        node_map g = {xcalloc(m->cap * 2, sizeof *m->keys), xcalloc(m->cap * 2, sizeof *m->vals),
                      m->cap * 2, m->count};
        for (size_t i = 0; i < m->cap; i++)
            if (m->keys[i]) {
                size_t j = nm_slot(&g, m->keys[i]);
                g.keys[j] = m->keys[i];
                g.vals[j] = m->vals[i];
            }
        nm_free(m);
        *m = g;
    }
    size_t i = nm_slot(m, k);
    if (!m->keys[i]) {
        m->keys[i] = k;
        m->count++;
    }
    m->vals[i] = v;
}

/* Insert k into the set; true when it was new. */
static bool nm_add(node_map *m, const expr *k)
{
    bool found;
    nm_get(m, k, &found);
    if (found)
        return false;
    nm_put(m, k, NULL);
    return true;
}

/* ------------------------------------------------------------------------------------ */
/* Substitution                                                                          */

typedef struct subst_state {
    expr_ctx *ctx;
    size_t n;
    const int *syms;
    expr *const *vals;
    node_map memo;
} subst_state;

static expr *subst_sym(const subst_state *s, expr *e)
{
    if (e->kind != EXPR_SYM)
        return e;
    for (size_t i = 0; i < s->n; i++)
        if (s->syms[i] == e->sym)
            return s->vals[i];
    return e;
}

static expr *subst_rec(subst_state *s, expr *e)
{
    if (e->kind == EXPR_NUM || e->kind == EXPR_CONST)
        return e;
    if (e->kind == EXPR_SYM)
        return subst_sym(s, e);
    bool found;
    expr *r = nm_get(&s->memo, e, &found);
    if (found)
        return r;
    expr *small[4];
    expr **args = e->nargs <= 4 ? small : xmalloc(e->nargs * sizeof *args);
    bool changed = false;
    for (uint32_t i = 0; i < e->nargs; i++) {
        args[i] = subst_rec(s, e->args[i]);
        changed |= args[i] != e->args[i];
    }
    if (!changed) {
        r = e;
    } else {
        switch (e->kind) {
        case EXPR_INDEX:
            /* w[k] with k now an integer is the element symbol, itself substituted. */
            r = subst_sym(s, expr_index(s->ctx, e->sym, args[0]));
            break;
        case EXPR_FN:
            r = expr_fn(s->ctx, (expr_fn_id)e->fn, e->nargs, args);
            break;
        case EXPR_POW:
            r = expr_pow(s->ctx, args[0], args[1]);
            break;
        case EXPR_MUL:
            r = expr_mul(s->ctx, e->nargs, args);
            break;
        default:
            r = expr_add(s->ctx, e->nargs, args);
            break;
        }
    }
    if (args != small)
        free(args);
    nm_put(&s->memo, e, r);
    return r;
}

expr *expr_subst(expr_ctx *ctx, expr *e, size_t n, const int *syms, expr *const *vals)
{
    if (n == 0)
        return e;
    subst_state s = {ctx, n, syms, vals, {0}};
    nm_init(&s.memo);
    expr *r = subst_rec(&s, e);
    nm_free(&s.memo);
    return r;
}

/* ------------------------------------------------------------------------------------ */
/* DAG queries (iterative, each node visited once)                                      */

/* Visit every distinct node under e; stop early when visit returns true. */
static bool dag_any(const expr *e, bool (*visit)(const expr *, const void *), const void *arg,
                    size_t *count)
{
    node_map seen;
    nm_init(&seen);
    ptrvec stack = {0};
    bool hit = false;
    nm_add(&seen, e);
    pv_push(&stack, (void *)e);
    while (stack.n && !hit) {
        const expr *x = stack.v[--stack.n];
        if (visit && visit(x, arg)) {
            hit = true;
            break;
        }
        for (uint32_t i = 0; i < x->nargs; i++)
            if (nm_add(&seen, x->args[i]))
                pv_push(&stack, x->args[i]);
    }
    if (count)
        *count = seen.count;
    pv_free(&stack);
    nm_free(&seen);
    return hit;
}

size_t expr_dag_size(const expr *e)
{
    size_t n = 0;
    dag_any(e, NULL, NULL, &n);
    return n;
}

typedef struct sym_query {
    const expr_ctx *ctx;
    int sym;
    int vec;
} sym_query;

static bool visit_has_sym(const expr *x, const void *arg)
{
    const sym_query *q = arg;
    if (x->kind == EXPR_SYM)
        return x->sym == q->sym;
    if (x->kind == EXPR_INDEX)
        return q->vec >= 0 && x->sym == q->vec;
    return false;
}

bool expr_has_sym(const expr_ctx *ctx, const expr *e, int sym)
{
    const expr_sym_info *si = expr_sym_get(ctx, sym);
    sym_query q = {ctx, sym, si ? si->vec : -1};
    return dag_any(e, visit_has_sym, &q, NULL);
}

typedef struct kind_query {
    const expr_ctx *ctx;
    int kind;
} kind_query;

static bool visit_has_kind(const expr *x, const void *arg)
{
    const kind_query *q = arg;
    if (x->kind == EXPR_SYM) {
        const expr_sym_info *si = expr_sym_get(q->ctx, x->sym);
        return si && si->kind == q->kind;
    }
    if (x->kind == EXPR_INDEX) {
        const expr_vec_info *vi = expr_vec_get(q->ctx, x->sym);
        return vi && vi->kind == q->kind;
    }
    return false;
}

bool expr_has_kind(const expr_ctx *ctx, const expr *e, expr_sym_kind kind)
{
    kind_query q = {ctx, (int)kind};
    return dag_any(e, visit_has_kind, &q, NULL);
}

expr *expr_neg_terms(expr_ctx *ctx, expr *a)
{
    if (a->kind != EXPR_ADD)
        return expr_neg(ctx, a);
    expr **t = xmalloc(a->nargs * sizeof *t);
    for (uint32_t i = 0; i < a->nargs; i++)
        t[i] = expr_neg(ctx, a->args[i]);
    expr *r = expr_add(ctx, a->nargs, t);
    free(t);
    return r;
}
