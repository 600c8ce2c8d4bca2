/* tests/unit/check_expr.c — unit tests of the expression core (compiler/expr.c) and its
 * printer (compiler/print_expr.c): hash-consing, canonical rules, the canonical order,
 * exact numbers, function rewrites, substitution, DAG queries, printing. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"

/* The fixture: one context with a few symbols, declared in this order. */
static expr_ctx *C;
static expr *n_, *theta, *x, *y, *phi, *mu, *sigma, *k, *a, *b, *c;
static int s_n, s_theta, s_x, s_y, s_phi, s_k, v_w;

static void setup(void)
{
    C = expr_ctx_new();
    s_n = expr_sym_new(C, "n", SYM_CONST, NULL);
    s_theta = expr_sym_new(C, "theta", SYM_PARAM, NULL);
    s_x = expr_sym_new(C, "x", SYM_DATA, NULL);
    s_y = expr_sym_new(C, "y", SYM_DATA, NULL);
    s_phi = expr_sym_new(C, "phi", SYM_PARAM, NULL);
    int s_mu = expr_sym_new(C, "mu", SYM_PARAM, NULL);
    int s_sigma = expr_sym_new(C, "sigma", SYM_PARAM, NULL);
    s_k = expr_sym_new(C, "k", SYM_DATA, NULL);
    int s_a = expr_sym_new(C, "a", SYM_LOCAL, NULL);
    int s_b = expr_sym_new(C, "b", SYM_LOCAL, NULL);
    int s_c = expr_sym_new(C, "c", SYM_LOCAL, NULL);
    v_w = expr_vec_new(C, "w", SYM_PARAM, 3, NULL);
    n_ = expr_sym(C, s_n);
    theta = expr_sym(C, s_theta);
    x = expr_sym(C, s_x);
    y = expr_sym(C, s_y);
    phi = expr_sym(C, s_phi);
    mu = expr_sym(C, s_mu);
    sigma = expr_sym(C, s_sigma);
    k = expr_sym(C, s_k);
    a = expr_sym(C, s_a);
    b = expr_sym(C, s_b);
    c = expr_sym(C, s_c);
}

static void teardown(void)
{
    expr_ctx_free(C);
    C = NULL;
}

static expr *I(long v)
{
    return expr_int(C, v);
}

static expr *Q(long p, unsigned long q)
{
    return expr_frac(C, p, q);
}

static expr *add(expr *p, expr *q)
{
    return expr_add2(C, p, q);
}

static expr *sub(expr *p, expr *q)
{
    return expr_sub(C, p, q);
}

static expr *mul(expr *p, expr *q)
{
    return expr_mul2(C, p, q);
}

static expr *dv(expr *p, expr *q)
{
    return expr_div(C, p, q);
}

static expr *pw(expr *p, expr *q)
{
    return expr_pow(C, p, q);
}

static expr *neg(expr *p)
{
    return expr_neg(C, p);
}

static expr *fn1(expr_fn_id f, expr *p)
{
    return expr_fn1(C, f, p);
}

/* Compare the printed form of e with the expected text. */
#define ck_print(e, want)                                                                          \
    do {                                                                                           \
        char *got_ = expr_to_string(C, (e));                                                       \
        ck_assert_str_eq(got_, (want));                                                            \
        free(got_);                                                                                \
    } while (0)

/* ---------------------------------------------------------------------------------- */
/* Hash-consing and construction order                                                */

START_TEST(test_hashcons_order)
{
    ck_assert_ptr_eq(add(a, b), add(b, a));
    ck_assert_ptr_eq(mul(mul(x, y), a), mul(x, mul(y, a)));
    ck_assert_ptr_eq(mul(mul(x, y), a), mul(a, mul(y, x)));
    ck_assert_ptr_eq(add(add(a, b), c), add(c, add(b, a)));
    ck_assert_ptr_eq(I(3), Q(6, 2));
    ck_assert_ptr_eq(expr_sym(C, s_x), x);
    ck_assert_ptr_eq(fn1(FN_LOG, add(x, I(1))), fn1(FN_LOG, add(I(1), x)));
    expr *e = add(mul(I(2), x), pw(y, I(3)));
    ck_assert_uint_eq(e->kind, EXPR_ADD);
    ck_assert_uint_eq(e->nargs, 2);
    size_t before = expr_ctx_size(C);
    expr *e2 = add(pw(y, I(3)), mul(x, I(2)));
    ck_assert_ptr_eq(e, e2);
    ck_assert_uint_eq(expr_ctx_size(C), before);
}
END_TEST

START_TEST(test_canonical_shapes)
{
    /* c*f is MUL(c, f) with the NUM first; 1*x is x; 0*x is 0; x + 0 is x */
    expr *e = mul(x, I(5));
    ck_assert_uint_eq(e->kind, EXPR_MUL);
    ck_assert_uint_eq(e->nargs, 2);
    ck_assert_ptr_eq(e->args[0], I(5));
    ck_assert_ptr_eq(e->args[1], x);
    ck_assert_ptr_eq(mul(I(1), x), x);
    ck_assert_ptr_eq(mul(I(0), add(x, y)), I(0));
    ck_assert_ptr_eq(add(x, I(0)), x);
    /* numbers fold into one child */
    e = add(add(x, I(2)), Q(1, 2));
    ck_assert_uint_eq(e->nargs, 2);
    ck_assert_ptr_eq(e->args[0], Q(5, 2));
    /* flattening */
    e = add(add(a, b), add(c, x));
    ck_assert_uint_eq(e->nargs, 4);
    e = mul(mul(a, b), mul(c, I(3)));
    ck_assert_uint_eq(e->nargs, 4);
    ck_assert_ptr_eq(e->args[0], I(3));
}
END_TEST

START_TEST(test_like_terms)
{
    ck_assert_ptr_eq(add(mul(I(2), x), mul(I(3), x)), mul(I(5), x));
    ck_assert_ptr_eq(sub(x, x), I(0));
    ck_assert_ptr_eq(add(x, x), mul(I(2), x));
    ck_assert_ptr_eq(sub(mul(I(2), mul(x, y)), mul(y, x)), mul(x, y));
    ck_assert_ptr_eq(add(sub(add(x, y), x), neg(y)), I(0));
    ck_assert_ptr_eq(add(mul(Q(1, 2), x), mul(Q(1, 2), x)), x);
    expr *t[5] = {x, y, mul(I(-1), x), I(3), mul(I(2), y)};
    ck_assert_ptr_eq(expr_add(C, 5, t), add(I(3), mul(I(3), y)));
}
END_TEST

START_TEST(test_powers_merge)
{
    ck_assert_ptr_eq(mul(x, pw(x, I(2))), pw(x, I(3)));
    ck_assert_ptr_eq(mul(theta, pw(theta, I(-2))), pw(theta, I(-1)));
    ck_assert_ptr_eq(mul(x, dv(I(1), x)), I(1));
    ck_assert_ptr_eq(dv(mul(x, y), x), y);
    ck_assert_ptr_eq(mul(pw(x, a), pw(x, b)), pw(x, add(a, b)));
    ck_assert_ptr_eq(mul(pw(x, Q(1, 2)), pw(x, Q(1, 2))), x);
    ck_assert_ptr_eq(mul(pw(I(2), Q(1, 2)), pw(I(2), Q(1, 2))), I(2));
    /* (x*y)^(1/2) squared by merging gives the product back */
    expr *s = pw(mul(x, y), Q(1, 2));
    ck_assert_ptr_eq(mul(s, s), mul(x, y));
    ck_assert_ptr_eq(mul(mul(s, x), s), mul(pw(x, I(2)), y));
}
END_TEST

START_TEST(test_pow_rules)
{
    ck_assert_ptr_eq(pw(mul(I(2), x), I(2)), mul(I(4), pw(x, I(2))));
    ck_assert_ptr_eq(pw(mul(mul(I(2), x), y), I(2)), mul(I(4), mul(pw(x, I(2)), pw(y, I(2)))));
    ck_assert_ptr_eq(pw(pw(x, a), I(3)), pw(x, mul(I(3), a)));
    ck_assert_ptr_eq(pw(pw(x, I(2)), I(-1)), pw(x, I(-2)));
    ck_assert_ptr_eq(pw(x, I(0)), I(1));
    ck_assert_ptr_eq(pw(x, I(1)), x);
    ck_assert_ptr_eq(pw(I(1), x), I(1));
    /* (x^2)^(1/2) is not x */
    ck_assert_uint_eq(pw(pw(x, I(2)), Q(1, 2))->kind, EXPR_POW);
    /* numbers */
    ck_assert_ptr_eq(pw(I(4), Q(1, 2)), I(2));
    ck_assert_ptr_eq(pw(I(8), Q(-1, 3)), Q(1, 2));
    ck_assert_ptr_eq(pw(Q(4, 9), Q(3, 2)), Q(8, 27));
    ck_assert_ptr_eq(pw(I(-8), Q(1, 3)), I(-2));
    ck_assert_ptr_eq(pw(I(-2), I(3)), I(-8));
    ck_assert_ptr_eq(pw(Q(2, 3), I(-2)), Q(9, 4));
    ck_assert_ptr_eq(pw(I(-1), I(7)), I(-1));
    expr *r2 = pw(I(2), Q(1, 2));
    ck_assert_uint_eq(r2->kind, EXPR_POW);
    ck_assert_uint_eq(pw(I(-4), Q(1, 2))->kind, EXPR_POW);
    /* 0^negative stays unfolded */
    expr *z = pw(I(0), I(-1));
    ck_assert_uint_eq(z->kind, EXPR_POW);
    ck_assert_ptr_eq(pw(I(0), I(3)), I(0));
    /* huge powers stay unfolded rather than exhausting memory */
    ck_assert_uint_eq(pw(I(3), I(1000000000))->kind, EXPR_POW);
    ck_assert_ptr_eq(pw(I(-1), I(1000000001)), I(-1));
    ck_assert_ptr_eq(expr_powi(C, I(2), 10), I(1024));
}
END_TEST

START_TEST(test_decimal)
{
    ck_assert_ptr_eq(expr_num_decimal(C, "0.1"), Q(1, 10));
    ck_assert_ptr_eq(expr_num_decimal(C, "1e-3"), Q(1, 1000));
    ck_assert_ptr_eq(expr_num_decimal(C, "2.5e2"), I(250));
    ck_assert_ptr_eq(expr_num_decimal(C, "2.5e-3"), Q(1, 400));
    ck_assert_ptr_eq(expr_num_decimal(C, "10"), I(10));
    ck_assert_ptr_eq(expr_num_decimal(C, "0.30"), Q(3, 10));
    ck_assert_ptr_eq(expr_num_decimal(C, "007"), I(7));
    ck_assert_ptr_eq(expr_num_decimal(C, "1E+2"), I(100));
    ck_assert_ptr_null(expr_num_decimal(C, ""));
    ck_assert_ptr_null(expr_num_decimal(C, ".5"));
    ck_assert_ptr_null(expr_num_decimal(C, "1."));
    ck_assert_ptr_null(expr_num_decimal(C, "1e"));
    ck_assert_ptr_null(expr_num_decimal(C, "1e+"));
    ck_assert_ptr_null(expr_num_decimal(C, "-1"));
    ck_assert_ptr_null(expr_num_decimal(C, "1x"));
    ck_assert_ptr_null(expr_num_decimal(C, "0x10"));
    ck_assert_ptr_null(expr_num_decimal(C, "1e1000000"));
    ck_assert_ptr_null(expr_num_decimal(C, "1e99999999999999999999999"));
    ck_assert_ptr_nonnull(expr_num_decimal(C, "1e-100000"));
}
END_TEST

START_TEST(test_functions)
{
    ck_assert_ptr_eq(fn1(FN_SQRT, x), pw(x, Q(1, 2)));
    ck_assert_ptr_eq(fn1(FN_SQRT, I(9)), I(3));
    ck_assert_ptr_eq(fn1(FN_DIGAMMA, x), expr_fn2(C, FN_POLYGAMMA, I(0), x));
    ck_assert_ptr_eq(fn1(FN_TRIGAMMA, x), expr_fn2(C, FN_POLYGAMMA, I(1), x));
    ck_assert_ptr_eq(fn1(FN_EXP, I(0)), I(1));
    ck_assert_ptr_eq(fn1(FN_LOG, I(1)), I(0));
    ck_assert_ptr_eq(fn1(FN_LOG, fn1(FN_EXP, x)), x);
    ck_assert_ptr_eq(fn1(FN_EXP, fn1(FN_LOG, add(x, y))), add(x, y));
    ck_assert_ptr_eq(fn1(FN_ABS, I(-3)), I(3));
    ck_assert_ptr_eq(fn1(FN_ABS, Q(2, 3)), Q(2, 3));
    ck_assert_ptr_eq(fn1(FN_SIGN, Q(-2, 3)), I(-1));
    ck_assert_ptr_eq(fn1(FN_SIGN, I(0)), I(0));
    ck_assert_ptr_eq(expr_fn2(C, FN_DELTA, I(2), I(2)), I(1));
    ck_assert_ptr_eq(expr_fn2(C, FN_DELTA, I(2), I(3)), I(0));
    ck_assert_uint_eq(expr_fn2(C, FN_DELTA, k, I(3))->kind, EXPR_FN);
    /* nothing else folds */
    ck_assert_uint_eq(fn1(FN_LOG, I(2))->kind, EXPR_FN);
    ck_assert_uint_eq(fn1(FN_EXP, I(1))->kind, EXPR_FN);
    ck_assert_uint_eq(fn1(FN_SIN, I(0))->kind, EXPR_FN);
    /* the table */
    ck_assert_int_eq(expr_fn_lookup("lchoose"), FN_LCHOOSE);
    ck_assert_int_eq(expr_fn_lookup("delta"), FN_DELTA);
    ck_assert_int_eq(expr_fn_lookup("log1pexp"), FN_LOG1PEXP);
    ck_assert_int_eq(expr_fn_lookup("gamma"), -1);
    for (int i = 0; i < FN_COUNT; i++) {
        ck_assert_int_eq(expr_fn_lookup(expr_fn_table[i].name), i);
        int want = (i == FN_POLYGAMMA || i == FN_LBETA || i == FN_LCHOOSE || i == FN_DELTA) ? 2 : 1;
        ck_assert_int_eq(expr_fn_table[i].arity, want);
    }
}
END_TEST

START_TEST(test_subst)
{
    /* binomial logp with theta = phi/(1 + phi) */
    expr *lp = add(add(expr_fn2(C, FN_LCHOOSE, n_, x), mul(x, fn1(FN_LOG, theta))),
                   mul(sub(n_, x), fn1(FN_LOG, sub(I(1), theta))));
    expr *t = dv(phi, add(I(1), phi));
    expr *got = expr_subst(C, lp, 1, &s_theta, &t);
    expr *want = add(add(expr_fn2(C, FN_LCHOOSE, n_, x), mul(x, fn1(FN_LOG, t))),
                     mul(sub(n_, x), fn1(FN_LOG, sub(I(1), t))));
    ck_assert_ptr_eq(got, want);
    ck_assert(!expr_has_sym(C, got, s_theta));
    ck_assert(expr_has_sym(C, got, s_phi));
    /* the substitution collapses when it can: x/theta with theta = x */
    ck_assert_ptr_eq(expr_subst(C, dv(x, theta), 1, &s_theta, &x), I(1));
    /* simultaneous: x -> y, y -> x */
    int ss[2] = {s_x, s_y};
    expr *vv[2] = {y, x};
    ck_assert_ptr_eq(expr_subst(C, sub(x, mul(I(2), y)), 2, ss, vv), sub(y, mul(I(2), x)));
    /* an unrelated expression comes back unchanged */
    expr *u = fn1(FN_EXP, mul(a, b));
    ck_assert_ptr_eq(expr_subst(C, u, 1, &s_theta, &t), u);
    /* w[k] with k = 2 becomes the element symbol w[2] */
    expr *wk = expr_index(C, v_w, k);
    ck_assert_uint_eq(wk->kind, EXPR_INDEX);
    expr *two = I(2);
    ck_assert_ptr_eq(expr_subst(C, fn1(FN_EXP, wk), 1, &s_k, &two),
                     fn1(FN_EXP, expr_sym(C, expr_vec_get(C, v_w)->first_sym + 1)));
}
END_TEST

START_TEST(test_subst_shared_dag)
{
    /* a DAG of depth 200 with two references per level: linear work through the memo */
    expr *e = theta;
    for (int i = 0; i < 200; i++)
        e = fn1(FN_LOG, add(e, fn1(FN_SIN, e)));
    ck_assert_uint_eq(expr_dag_size(e), 1 + 200 * 3);
    expr *r = expr_subst(C, e, 1, &s_theta, &phi);
    expr *want = phi;
    for (int i = 0; i < 200; i++)
        want = fn1(FN_LOG, add(want, fn1(FN_SIN, want)));
    ck_assert_ptr_eq(r, want);
}
END_TEST

START_TEST(test_dag_queries)
{
    expr *s = add(x, y);
    expr *e = mul(fn1(FN_LOG, s), fn1(FN_EXP, s));
    /* x, y, x + y, log, exp, the product */
    ck_assert_uint_eq(expr_dag_size(e), 6);
    ck_assert_uint_eq(expr_dag_size(x), 1);
    ck_assert(expr_has_sym(C, e, s_x));
    ck_assert(!expr_has_sym(C, e, s_theta));
    ck_assert(expr_has_kind(C, e, SYM_DATA));
    ck_assert(!expr_has_kind(C, e, SYM_PARAM));
    expr *wk = expr_index(C, v_w, k);
    int w2 = expr_vec_get(C, v_w)->first_sym + 1;
    ck_assert(expr_has_sym(C, wk, w2));
    ck_assert(expr_has_sym(C, wk, s_k));
    ck_assert(expr_has_kind(C, wk, SYM_PARAM));
    ck_assert_ptr_eq(expr_index(C, v_w, I(2)), expr_sym(C, w2));
    ck_assert_str_eq(expr_sym_get(C, w2)->name, "w[2]");
    ck_assert_int_eq(expr_sym_get(C, w2)->index, 2);
    ck_assert_int_eq(expr_sym_get(C, w2)->vec, v_w);
    ck_assert_int_eq(expr_sym_count(C), 11 + 3);
}
END_TEST

/* ---------------------------------------------------------------------------------- */
/* The canonical order                                                                */

/* A deterministic pseudo-random expression from a seed, over the symbols of ctx 0..4. */
static expr *gen(expr_ctx *ctx, unsigned long *st, int depth)
{
    *st = *st * 6364136223846793005UL + 1442695040888963407UL;
    unsigned r = (unsigned)(*st >> 33);
    int choice = depth <= 0 ? (int)(r % 3) : (int)(r % 13);
    switch (choice) {
    case 0:
        return expr_frac(ctx, (long)(r / 9 % 7) - 3, r / 63 % 3 + 1);
    case 1:
    case 2:
        return expr_sym(ctx, (int)(r / 9 % 5));
    case 3:
        return expr_add2(ctx, gen(ctx, st, depth - 1), gen(ctx, st, depth - 1));
    case 4:
        return expr_mul2(ctx, gen(ctx, st, depth - 1), gen(ctx, st, depth - 1));
    case 5:
        return expr_pow(ctx, gen(ctx, st, depth - 1),
                        expr_frac(ctx, (long)(r / 9 % 5) - 2, r / 45 % 2 + 1));
    case 6:
        return expr_fn1(ctx, (r / 9) % 2 ? FN_LOG : FN_EXP, gen(ctx, st, depth - 1));
    case 7:
        return expr_sub(ctx, gen(ctx, st, depth - 1), gen(ctx, st, depth - 1));
    case 8:
        return expr_pow(ctx, gen(ctx, st, depth - 1), gen(ctx, st, 0));
    case 9:
        return expr_const(ctx, (r / 9) % 2 ? CST_PI : CST_EULER);
    case 10:
        return expr_index(ctx, 0, gen(ctx, st, 0));
    case 11:
        return expr_fn2(ctx, (r / 9) % 2 ? FN_POLYGAMMA : FN_LBETA,
                        expr_int(ctx, (long)(r / 18 % 3)), gen(ctx, st, depth - 1));
    default:
        return expr_div(ctx, gen(ctx, st, depth - 1), gen(ctx, st, depth - 1));
    }
}

#define NGEN 120

static expr_ctx *gen_ctx(void)
{
    expr_ctx *ctx = expr_ctx_new();
    const char *names[5] = {"p", "q", "r", "s", "t"};
    for (int i = 0; i < 5; i++)
        expr_sym_new(ctx, names[i], SYM_PARAM, NULL);
    expr_vec_new(ctx, "w", SYM_PARAM, 2, NULL);
    return ctx;
}

static void sort_by_cmp(expr **v, size_t n)
{
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && expr_cmp(v[j - 1], v[j]) > 0; j--) {
            expr *t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
}

START_TEST(test_cmp_independent_of_construction)
{
    expr_ctx *c1 = gen_ctx(), *c2 = gen_ctx();
    expr *e1[NGEN], *e2[NGEN];
    /* c2 also gets unrelated nodes first, so ids and addresses differ */
    for (int i = 0; i < 50; i++)
        expr_add2(c2, expr_int(c2, i), expr_sym(c2, i % 5));
    for (int i = 0; i < NGEN; i++) {
        unsigned long st = 1000 + (unsigned long)i;
        e1[i] = gen(c1, &st, 4);
    }
    for (int i = NGEN - 1; i >= 0; i--) {
        unsigned long st = 1000 + (unsigned long)i;
        e2[i] = gen(c2, &st, 4);
    }
    sort_by_cmp(e1, NGEN);
    sort_by_cmp(e2, NGEN);
    for (int i = 0; i < NGEN; i++) {
        char *s1 = expr_to_string(c1, e1[i]);
        char *s2 = expr_to_string(c2, e2[i]);
        ck_assert_str_eq(s1, s2);
        free(s1);
        free(s2);
    }
    /* a strict total order on distinct nodes: antisymmetric and transitive */
    for (int i = 0; i < NGEN; i++)
        for (int j = 0; j < NGEN; j++) {
            int cij = expr_cmp(e1[i], e1[j]);
            ck_assert_int_eq(cij == 0, e1[i] == e1[j]);
            ck_assert_int_eq(cij, -expr_cmp(e1[j], e1[i]));
            if (cij < 0)
                for (int l = 0; l < NGEN; l++)
                    if (expr_cmp(e1[j], e1[l]) < 0)
                        ck_assert_int_lt(expr_cmp(e1[i], e1[l]), 0);
        }
    expr_ctx_free(c1);
    expr_ctx_free(c2);
}
END_TEST

START_TEST(test_cmp_rules)
{
    /* NUM first; theta next to theta^2; a term next to its multiples */
    ck_assert_int_lt(expr_cmp(I(100), x), 0);
    ck_assert_int_lt(expr_cmp(theta, pw(theta, I(2))), 0);
    ck_assert_int_lt(expr_cmp(pw(theta, I(-1)), theta), 0);
    ck_assert_int_lt(expr_cmp(x, mul(I(2), x)), 0);
    ck_assert_int_lt(expr_cmp(mul(I(2), x), mul(I(3), x)), 0);
    ck_assert_int_lt(expr_cmp(mul(I(3), x), y), 0);
    ck_assert_int_lt(expr_cmp(pw(theta, I(5)), x), 0);
    ck_assert_int_eq(expr_cmp(add(x, y), add(y, x)), 0);
}
END_TEST

START_TEST(test_big_sum)
{
    expr_ctx *ctx = expr_ctx_new();
    enum { N = 10000 };
    expr **t = malloc(2 * N * sizeof *t);
    for (int i = 0; i < N; i++) {
        char name[32];
        snprintf(name, sizeof name, "v%d", i);
        int s = expr_sym_new(ctx, name, SYM_LOCAL, NULL);
        t[i] =
            expr_mul2(ctx, expr_int(ctx, i % 7 + 1), expr_powi(ctx, expr_sym(ctx, s), i % 3 + 1));
    }
    expr *fwd = expr_add(ctx, N, t);
    for (int i = 0; i < N / 2; i++) {
        expr *tmp = t[i];
        t[i] = t[N - 1 - i];
        t[N - 1 - i] = tmp;
    }
    expr *bwd = expr_add(ctx, N, t);
    ck_assert_ptr_eq(fwd, bwd);
    ck_assert_uint_eq(fwd->nargs, N);
    /* interleave the negations of every other term: half of them cancel */
    for (int i = 0; i < N; i++)
        t[N + i] = i % 2 ? expr_neg(ctx, t[i]) : t[i];
    expr *mixed = expr_add(ctx, 2 * N, t);
    ck_assert_uint_eq(mixed->kind, EXPR_ADD);
    ck_assert_uint_eq(mixed->nargs, N / 2);
    free(t);
    expr_ctx_free(ctx);
}
END_TEST

/* ---------------------------------------------------------------------------------- */
/* Printing                                                                           */

/* ---------------------------------------------------------------------------------- */
/* A small parser of the expression grammar (LANGUAGE.md §1), to check that printed text
 * re-parses to the same node: sum < product < unary minus < power (right associative,
 * its exponent a unary: 2^-1 is 2^(-1)) < call/atom. */

typedef struct parser {
    expr_ctx *ctx;
    const char *p;
    bool err;
} parser;

static expr *p_sum(parser *ps);

static void p_ws(parser *ps)
{
    while (*ps->p == ' ')
        ps->p++;
}

static bool p_eat(parser *ps, char ch)
{
    p_ws(ps);
    if (*ps->p != ch)
        return false;
    ps->p++;
    return true;
}

static expr *p_fail(parser *ps)
{
    ps->err = true;
    return expr_int(ps->ctx, 0);
}

static expr *p_atom(parser *ps)
{
    p_ws(ps);
    const char *st = ps->p;
    if (p_eat(ps, '(')) {
        expr *e = p_sum(ps);
        return p_eat(ps, ')') ? e : p_fail(ps);
    }
    if (*st >= '0' && *st <= '9') {
        while ((*ps->p >= '0' && *ps->p <= '9') || *ps->p == '.')
            ps->p++;
        char *t = strndup(st, (size_t)(ps->p - st));
        expr *e = expr_num_decimal(ps->ctx, t);
        free(t);
        return e ? e : p_fail(ps);
    }
    while ((*ps->p >= 'a' && *ps->p <= 'z') || (*ps->p >= 'A' && *ps->p <= 'Z') ||
           (*ps->p >= '0' && *ps->p <= '9') || *ps->p == '_')
        ps->p++;
    if (ps->p == st)
        return p_fail(ps);
    char *name = strndup(st, (size_t)(ps->p - st));
    expr *res = NULL;
    if (p_eat(ps, '(')) {
        int f = expr_fn_lookup(name);
        expr *args[2];
        size_t na = 0;
        if (f < 0)
            res = p_fail(ps);
        else {
            do
                args[na++] = p_sum(ps);
            while (na < 2 && p_eat(ps, ','));
            if (!p_eat(ps, ')') || (int)na != expr_fn_table[f].arity)
                res = p_fail(ps);
            else
                res = expr_fn(ps->ctx, (expr_fn_id)f, na, args);
        }
    } else if (p_eat(ps, '[')) {
        expr *idx = p_sum(ps);
        int vec = -1;
        for (int v = 0; expr_vec_get(ps->ctx, v); v++)
            if (strcmp(expr_vec_get(ps->ctx, v)->name, name) == 0)
                vec = v;
        res = p_eat(ps, ']') && vec >= 0 ? expr_index(ps->ctx, vec, idx) : p_fail(ps);
    } else if (strcmp(name, "pi") == 0) {
        res = expr_const(ps->ctx, CST_PI);
    } else if (strcmp(name, "euler") == 0) {
        res = expr_const(ps->ctx, CST_EULER);
    } else {
        for (int i = 0; i < expr_sym_count(ps->ctx) && !res; i++)
            if (strcmp(expr_sym_get(ps->ctx, i)->name, name) == 0)
                res = expr_sym(ps->ctx, i);
        if (!res)
            res = p_fail(ps);
    }
    free(name);
    return res;
}

static expr *p_unary(parser *ps);

static expr *p_power(parser *ps)
{
    expr *base = p_atom(ps);
    if (p_eat(ps, '^'))
        return expr_pow(ps->ctx, base, p_unary(ps));
    return base;
}

static expr *p_unary(parser *ps)
{
    if (p_eat(ps, '-'))
        return expr_neg(ps->ctx, p_unary(ps));
    return p_power(ps);
}

static expr *p_prod(parser *ps)
{
    expr *e = p_unary(ps);
    for (;;) {
        if (p_eat(ps, '*'))
            e = expr_mul2(ps->ctx, e, p_unary(ps));
        else if (p_eat(ps, '/'))
            e = expr_div(ps->ctx, e, p_unary(ps));
        else
            return e;
    }
}

static expr *p_sum(parser *ps)
{
    expr *e = p_prod(ps);
    for (;;) {
        if (p_eat(ps, '+'))
            e = expr_add2(ps->ctx, e, p_prod(ps));
        else if (p_eat(ps, '-'))
            e = expr_sub(ps->ctx, e, p_prod(ps));
        else
            return e;
    }
}

/* Parse text in ctx; NULL on a syntax error. */
static expr *parse(expr_ctx *ctx, const char *text)
{
    parser ps = {ctx, text, false};
    expr *e = p_sum(&ps);
    p_ws(&ps);
    return ps.err || *ps.p ? NULL : e;
}

/* Print e, re-parse the text, and demand the same node. */
#define ck_roundtrip(ctx, e)                                                                       \
    do {                                                                                           \
        char *txt_ = expr_to_string((ctx), (e));                                                   \
        expr *back_ = parse((ctx), txt_);                                                          \
        ck_assert_msg(back_ == (e), "\"%s\" does not re-parse to the same node", txt_);            \
        free(txt_);                                                                                \
    } while (0)

/* Each case: a name, the expression built with the fixture, the exact expected text. The
 * expectations were derived by hand from the printing rules, not copied from output. */
#define PRINT_CASES(X)                                                                             \
    X(print_00, mul(n_, mul(pw(theta, I(-1)), pw(sub(I(1), theta), I(-1)))),                       \
      "n/(theta*(1 - theta))")                                                                     \
    X(print_01, sub(dv(x, theta), dv(sub(n_, x), sub(I(1), theta))),                               \
      "x/theta - (n - x)/(1 - theta)")                                                             \
    X(print_02, sub(I(1), theta), "1 - theta")                                                     \
    X(print_03, neg(pw(x, I(2))), "-x^2")                                                          \
    X(print_04, pw(I(-2), x), "(-2)^x")                                                            \
    X(print_05, pw(Q(1, 2), x), "(1/2)^x")                                                         \
    X(print_06, pw(x, Q(3, 2)), "x^(3/2)")                                                         \
    X(print_07, fn1(FN_SQRT, x), "sqrt(x)")                                                        \
    X(print_08, dv(I(1), fn1(FN_SQRT, x)), "1/sqrt(x)")                                            \
    X(print_09, pw(x, Q(-1, 3)), "1/x^(1/3)")                                                      \
    X(print_10, fn1(FN_DIGAMMA, x), "digamma(x)")                                                  \
    X(print_11, fn1(FN_TRIGAMMA, add(x, a)), "trigamma(x + a)")                                    \
    X(print_12, expr_fn2(C, FN_POLYGAMMA, I(2), x), "polygamma(2, x)")                             \
    X(print_13, expr_index(C, v_w, k), "w[k]")                                                     \
    X(print_14, expr_index(C, v_w, I(3)), "w[3]")                                                  \
    X(print_15, dv(expr_const(C, CST_PI), I(4)), "pi/4")                                           \
    X(print_16, expr_const(C, CST_EULER), "euler")                                                 \
    X(print_17, Q(-1, 3), "-1/3")                                                                  \
    X(print_18, Q(3, 2), "3/2")                                                                    \
    X(print_19, I(-5), "-5")                                                                       \
    X(print_20, fn1(FN_EXP, neg(dv(pw(x, I(2)), I(2)))), "exp(-x^2/2)")                            \
    X(print_21, dv(pw(x, I(2)), I(2)), "x^2/2")                                                    \
    X(print_22, neg(dv(x, mul(I(2), y))), "-x/(2*y)")                                              \
    X(print_23, dv(I(1), theta), "1/theta")                                                        \
    X(print_24, pw(sub(I(1), theta), I(-2)), "1/(1 - theta)^2")                                    \
    X(print_25, add(mul(a, dv(b, pw(c, I(2)))), I(1)), "1 + a*b/c^2")                              \
    X(print_26, sub(x, I(1)), "x - 1")                                                             \
    X(print_27, neg(add(x, y)), "-(x + y)")                                                        \
    X(print_28, sub(neg(x), y), "-x - y")                                                          \
    X(print_29, sub(c, add(a, b)), "c - (a + b)")                                                  \
    X(print_30, add(mul(I(2), x), mul(I(3), y)), "2*x + 3*y")                                      \
    X(print_31, sub(mul(I(2), x), mul(I(3), y)), "2*x - 3*y")                                      \
    X(print_32, mul(pw(theta, Q(-1, 2)), pw(sub(I(1), theta), Q(-1, 2))),                          \
      "1/(sqrt(theta)*sqrt(1 - theta))")                                                           \
    X(print_33, dv(n_, mul(phi, pw(add(I(1), phi), I(2)))), "n/(phi*(1 + phi)^2)")                 \
    X(print_34, pw(x, pw(y, I(2))), "x^y^2")                                                       \
    X(print_35, pw(pw(x, I(2)), y), "(x^2)^y")                                                     \
    X(print_36, pw(x, neg(y)), "x^(-y)")                                                           \
    X(print_37, pw(x, add(n_, I(-1))), "x^(n - 1)")                                                \
    X(print_38, pw(I(2), Q(1, 2)), "sqrt(2)")                                                      \
    X(print_39, mul(I(2), fn1(FN_SQRT, x)), "2*sqrt(x)")                                           \
    X(print_40, pw(add(x, y), I(2)), "(x + y)^2")                                                  \
    X(print_41, dv(I(1), mul(I(2), x)), "1/(2*x)")                                                 \
    X(print_42, dv(I(-1), mul(I(2), x)), "-1/(2*x)")                                               \
    X(print_43, fn1(FN_SQRT, mul(x, y)), "sqrt(x*y)")                                              \
    X(print_44, mul(fn1(FN_EXP, x), y), "y*exp(x)")                                                \
    X(print_45, mul(pw(I(2), x), I(3)), "3*2^x")                                                   \
    X(print_46, mul(theta, sub(I(1), theta)), "theta*(1 - theta)")                                 \
    X(print_47, dv(pw(sub(x, mu), I(2)), mul(I(2), pw(sigma, I(2)))), "(x - mu)^2/(2*sigma^2)")    \
    X(print_48, mul(I(2), dv(x, I(3))), "2*x/3")                                                   \
    X(print_49, pw(I(0), I(-1)), "0^(-1)")                                                         \
    X(print_50,                                                                                    \
      add(add(expr_fn2(C, FN_LCHOOSE, n_, x), mul(x, fn1(FN_LOG, theta))),                         \
          mul(sub(n_, x), fn1(FN_LOG, sub(I(1), theta)))),                                         \
      "x*log(theta) + (n - x)*log(1 - theta) + lchoose(n, x)")                                     \
    X(print_51, pw(pw(x, I(-1)), Q(1, 3)), "(1/x)^(1/3)")                                          \
    X(print_52, pw(I(2), pw(x, I(-1))), "2^(1/x)")                                                 \
    X(print_53, expr_fn2(C, FN_LBETA, add(a, Q(1, 2)), b), "lbeta(1/2 + a, b)")                    \
    X(print_54, fn1(FN_LOG, neg(x)), "log(-x)")                                                    \
    X(print_55, mul(Q(-3, 2), mul(x, pw(y, I(-3)))), "-3*x/(2*y^3)")

#define X(name, e, want)                                                                           \
    START_TEST(test_##name)                                                                        \
    {                                                                                              \
        ck_print(e, want);                                                                         \
        ck_roundtrip(C, e);                                                                        \
    }                                                                                              \
    END_TEST
PRINT_CASES(X)
#undef X

START_TEST(test_print_strbuf)
{
    char *s = expr_to_string(C, I(7));
    strbuf sb = {0};
    sb_puts(&sb, "v = ");
    expr_print(&sb, C, mul(I(7), x));
    ck_assert_str_eq(sb_str(&sb), "v = 7*x");
    ck_assert_str_eq(s, "7");
    sb_free(&sb);
    free(s);
}
END_TEST

START_TEST(test_roundtrip_random)
{
    expr_ctx *ctx = gen_ctx();
    int count = getenv("CHECK_EXPR_MANY") ? 200000 : 3000;
    for (int i = 0; i < count; i++) {
        unsigned long st = 77 + (unsigned long)i;
        expr *e = gen(ctx, &st, 3 + i % 4);
        ck_roundtrip(ctx, e);
    }
    expr_ctx_free(ctx);
}
END_TEST

START_TEST(test_parser_sanity)
{
    /* the grammar rules of LANGUAGE.md, through the test parser */
    ck_assert_ptr_eq(parse(C, "-x^2"), neg(pw(x, I(2))));
    ck_assert_ptr_eq(parse(C, "2^-1"), Q(1, 2));
    ck_assert_ptr_eq(parse(C, "2^3^2"), I(512));
    ck_assert_ptr_eq(parse(C, "a/b*c"), mul(dv(a, b), c));
    ck_assert_ptr_eq(parse(C, "a - b - c"), sub(sub(a, b), c));
    ck_assert_ptr_null(parse(C, "a +"));
}
END_TEST

static Suite *expr_suite(void)
{
    Suite *s = suite_create("expr");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_hashcons_order);
    tcase_add_test(tc, test_canonical_shapes);
    tcase_add_test(tc, test_like_terms);
    tcase_add_test(tc, test_powers_merge);
    tcase_add_test(tc, test_pow_rules);
    tcase_add_test(tc, test_decimal);
    tcase_add_test(tc, test_functions);
    tcase_add_test(tc, test_subst);
    tcase_add_test(tc, test_subst_shared_dag);
    tcase_add_test(tc, test_dag_queries);
    tcase_add_test(tc, test_cmp_independent_of_construction);
    tcase_add_test(tc, test_cmp_rules);
    tcase_add_test(tc, test_big_sum);
    tcase_add_test(tc, test_roundtrip_random);
    tcase_add_test(tc, test_parser_sanity);
    suite_add_tcase(s, tc);
    TCase *tp = tcase_create("print");
    tcase_add_checked_fixture(tp, setup, teardown);
#define X(name, e, want) tcase_add_test(tp, test_##name);
    PRINT_CASES(X)
#undef X
    tcase_add_test(tp, test_print_strbuf);
    suite_add_tcase(s, tp);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(expr_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
