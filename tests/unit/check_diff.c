/* tests/unit/check_diff.c — symbolic differentiation (compiler/diff.c):
 *   - the derivative of every function of the language, through a chain rule, against its
 *     textbook derivative written out by hand, compared by the symbolic zero test;
 *   - no expression swell: DAG node counts of Hessians for d = 10, 50, 200;
 *   - print -> parse -> the same pointer, for logp, every claim, and every score and
 *     Hessian entry of every model in models/. */
#include <check.h>
#include <flint/flint.h>
#include <mpfr.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "harness.h"
#include "simp.h"

#ifndef MODELS_DIR
#define MODELS_DIR "models"
#endif

/* ---------------------------------------------------------------- derivatives of functions */

typedef struct dfix {
    expr_ctx *ex;
    simp_ctx *sc;
    diff_ctx dc;
    int t;     /* the variable */
    int a;     /* another parameter */
    expr *u;   /* an inner function of t: t^2 + a*t + 1 */
    expr *du;  /* its derivative, by hand: 2*t + a */
} dfix;

static void dfix_init(dfix *f)
{
    f->ex = expr_ctx_new();
    f->t = expr_sym_new(f->ex, "t", SYM_PARAM, NULL);
    f->a = expr_sym_new(f->ex, "a", SYM_PARAM, NULL);
    expr *t = expr_sym(f->ex, f->t), *a = expr_sym(f->ex, f->a);
    f->u = expr_add(f->ex, 3,
                    (expr *[]){expr_powi(f->ex, t, 2), expr_mul2(f->ex, a, t), expr_int(f->ex, 1)});
    f->du = expr_add2(f->ex, expr_mul2(f->ex, expr_int(f->ex, 2), t), a);
    f->sc = simp_new(f->ex);
    diff_init(&f->dc, f->ex);
}

static void dfix_free(dfix *f)
{
    diff_free(&f->dc);
    simp_free(f->sc);
    expr_ctx_free(f->ex);
}

#define EX (f.ex)
#define U (f.u)
#define N(k) expr_int(EX, (k))
#define Q(p, q) expr_frac(EX, (p), (q))
#define ADD(x, y) expr_add2(EX, (x), (y))
#define SUB(x, y) expr_sub(EX, (x), (y))
#define MUL(x, y) expr_mul2(EX, (x), (y))
#define DIV(x, y) expr_div(EX, (x), (y))
#define POW(x, y) expr_pow(EX, (x), (y))
#define F1(g, x) expr_fn1(EX, (g), (x))
#define F2(g, x, y) expr_fn2(EX, (g), (x), (y))
#define PSI(k, x) F2(FN_POLYGAMMA, N(k), (x))

/* d/dt g(u) must equal dg(u) * du. */
static void check_chain(dfix *fp, expr *g_of_u, expr *dg_at_u, const char *what)
{
    dfix f = *fp;
    expr *got = diff(&fp->dc, g_of_u, f.t);
    expr *want = MUL(dg_at_u, f.du);
    char *gs = expr_to_string(EX, got), *ws = expr_to_string(EX, want);
    ck_assert_msg(simp_is_equal(fp->sc, got, want), "%s: d/dt gives %s, expected %s", what, gs, ws);
    free(gs);
    free(ws);
}

START_TEST(test_derivative_of_every_function)
{
    dfix f;
    dfix_init(&f);
    expr *pi = expr_const(EX, CST_PI);
    /* exp' = exp */
    check_chain(&f, F1(FN_EXP, U), F1(FN_EXP, U), "exp");
    /* log' = 1/u */
    check_chain(&f, F1(FN_LOG, U), DIV(N(1), U), "log");
    /* sqrt' = 1/(2 sqrt u) */
    check_chain(&f, F1(FN_SQRT, U), DIV(N(1), MUL(N(2), F1(FN_SQRT, U))), "sqrt");
    /* log1p' = 1/(1 + u) */
    check_chain(&f, F1(FN_LOG1P, U), DIV(N(1), ADD(N(1), U)), "log1p");
    /* expm1' = exp */
    check_chain(&f, F1(FN_EXPM1, U), F1(FN_EXP, U), "expm1");
    /* sin' = cos, cos' = -sin, tan' = 1/cos^2 */
    check_chain(&f, F1(FN_SIN, U), F1(FN_COS, U), "sin");
    check_chain(&f, F1(FN_COS, U), expr_neg(EX, F1(FN_SIN, U)), "cos");
    check_chain(&f, F1(FN_TAN, U), DIV(N(1), POW(F1(FN_COS, U), N(2))), "tan");
    /* atan' = 1/(1 + u^2) */
    check_chain(&f, F1(FN_ATAN, U), DIV(N(1), ADD(N(1), POW(U, N(2)))), "atan");
    /* sinh' = cosh, cosh' = sinh, tanh' = 1 - tanh^2 */
    check_chain(&f, F1(FN_SINH, U), F1(FN_COSH, U), "sinh");
    check_chain(&f, F1(FN_COSH, U), F1(FN_SINH, U), "cosh");
    check_chain(&f, F1(FN_TANH, U), SUB(N(1), POW(F1(FN_TANH, U), N(2))), "tanh");
    /* erf' = 2/sqrt(pi) exp(-u^2); erfc' = -erf' */
    expr *derf = DIV(MUL(N(2), F1(FN_EXP, expr_neg(EX, POW(U, N(2))))), F1(FN_SQRT, pi));
    check_chain(&f, F1(FN_ERF, U), derf, "erf");
    check_chain(&f, F1(FN_ERFC, U), expr_neg(EX, derf), "erfc");
    /* lgamma' = digamma, digamma' = trigamma, trigamma' = polygamma(2, .) */
    check_chain(&f, F1(FN_LGAMMA, U), F1(FN_DIGAMMA, U), "lgamma");
    check_chain(&f, F1(FN_DIGAMMA, U), F1(FN_TRIGAMMA, U), "digamma");
    check_chain(&f, F1(FN_TRIGAMMA, U), PSI(2, U), "trigamma");
    check_chain(&f, PSI(3, U), PSI(4, U), "polygamma(3, .)");
    /* lfactorial(u)' = digamma(u + 1) */
    check_chain(&f, F1(FN_LFACTORIAL, U), F1(FN_DIGAMMA, ADD(U, N(1))), "lfactorial");
    /* logit' = 1/(u (1 - u)); expit' = expit (1 - expit); log1pexp' = expit */
    check_chain(&f, F1(FN_LOGIT, U), DIV(N(1), MUL(U, SUB(N(1), U))), "logit");
    check_chain(&f, F1(FN_EXPIT, U), MUL(F1(FN_EXPIT, U), SUB(N(1), F1(FN_EXPIT, U))), "expit");
    check_chain(&f, F1(FN_LOG1PEXP, U), F1(FN_EXPIT, U), "log1pexp");
    /* cbrt' = 1/(3 cbrt^2), in either spelling: cbrt(u)^-2/3 and 1/(3*cbrt(u)^2) */
    check_chain(&f, F1(FN_CBRT, U), DIV(N(1), MUL(N(3), POW(F1(FN_CBRT, U), N(2)))), "cbrt");
    check_chain(&f, F1(FN_CBRT, U), MUL(Q(1, 3), POW(F1(FN_CBRT, U), N(-2))), "cbrt");
    /* log2' = 1/(u log 2), and log2(u) - log(u)/log(2) has derivative 0 */
    check_chain(&f, F1(FN_LOG2, U), DIV(N(1), MUL(U, F1(FN_LOG, N(2)))), "log2");
    {
        expr *g = SUB(F1(FN_LOG2, U), DIV(F1(FN_LOG, U), F1(FN_LOG, N(2))));
        ck_assert(simp_is_zero(f.sc, diff(&f.dc, g, f.t)));
    }
    /* abs' = sign (and the non-smooth flag), sign' = 0 */
    ck_assert(!f.dc.nonsmooth);
    check_chain(&f, F1(FN_ABS, U), F1(FN_SIGN, U), "abs");
    ck_assert(f.dc.nonsmooth);
    ck_assert(expr_is_zero(diff(&f.dc, F1(FN_SIGN, U), f.t)));
    /* powers: (u^3)' = 3u^2 u', (u^a)' = a u^(a-1) u' + u^a log(u) * 0 ... with a a param
     * the exponent is constant in t; (2^u)' = 2^u log 2 u' */
    check_chain(&f, POW(U, N(3)), MUL(N(3), POW(U, N(2))), "u^3");
    expr *a = expr_sym(EX, f.a);
    check_chain(&f, POW(U, a), MUL(a, POW(U, SUB(a, N(1)))), "u^a");
    check_chain(&f, POW(N(2), U), MUL(POW(N(2), U), F1(FN_LOG, N(2))), "2^u");
    dfix_free(&f);
}
END_TEST

START_TEST(test_two_argument_functions)
{
    dfix f;
    dfix_init(&f);
    expr *t = expr_sym(EX, f.t), *a = expr_sym(EX, f.a);
    /* d/dt lbeta(u, a) = (digamma(u) - digamma(u + a)) u' */
    check_chain(&f, F2(FN_LBETA, U, a), SUB(F1(FN_DIGAMMA, U), F1(FN_DIGAMMA, ADD(U, a))),
                "lbeta, first argument");
    /* d/dt lbeta(a, u) = (digamma(u) - digamma(a + u)) u' */
    check_chain(&f, F2(FN_LBETA, a, U), SUB(F1(FN_DIGAMMA, U), F1(FN_DIGAMMA, ADD(U, a))),
                "lbeta, second argument");
    /* d/dt lchoose(u, a) = (digamma(u + 1) - digamma(u - a + 1)) u' */
    check_chain(&f, F2(FN_LCHOOSE, U, a),
                SUB(F1(FN_DIGAMMA, ADD(U, N(1))), F1(FN_DIGAMMA, ADD(SUB(U, a), N(1)))),
                "lchoose, first argument");
    /* d/dt lchoose(a, u) = (digamma(a - u + 1) - digamma(u + 1)) u' */
    check_chain(&f, F2(FN_LCHOOSE, a, U),
                SUB(F1(FN_DIGAMMA, ADD(SUB(a, U), N(1))), F1(FN_DIGAMMA, ADD(U, N(1)))),
                "lchoose, second argument");
    /* delta is piecewise constant */
    ck_assert(expr_is_zero(diff(&f.dc, F2(FN_DELTA, t, a), f.t)));
    /* polygamma(k, u) with k constant */
    check_chain(&f, F2(FN_POLYGAMMA, N(5), U), PSI(6, U), "polygamma(5, .)");
    dfix_free(&f);
}
END_TEST

START_TEST(test_indexed_parameter_vector)
{
    /* d w[k] / d w[j] = delta(k, j) for a data index k */
    expr_ctx *ex = expr_ctx_new();
    int w = expr_vec_new(ex, "w", SYM_PARAM, 3, NULL);
    int k = expr_sym_new(ex, "k", SYM_DATA, NULL);
    int w2 = expr_vec_get(ex, w)->first_sym + 1;
    expr *wk = expr_index(ex, w, expr_sym(ex, k));
    diff_ctx dc;
    diff_init(&dc, ex);
    expr *d = diff(&dc, expr_fn1(ex, FN_EXP, wk), w2);
    expr *want = expr_mul2(ex, expr_fn1(ex, FN_EXP, wk),
                           expr_fn2(ex, FN_DELTA, expr_sym(ex, k), expr_int(ex, 2)));
    ck_assert_ptr_eq(d, want);
    diff_free(&dc);
    expr_ctx_free(ex);
}
END_TEST

START_TEST(test_memoised)
{
    dfix f;
    dfix_init(&f);
    expr *e = F1(FN_LOG, U);
    expr *d1 = diff(&f.dc, e, f.t);
    size_t n = expr_ctx_size(EX);
    expr *d2 = diff(&f.dc, e, f.t);
    ck_assert_ptr_eq(d1, d2);
    ck_assert_uint_eq(expr_ctx_size(EX), n); /* nothing new was built */
    dfix_free(&f);
}
END_TEST

/* ---------------------------------------------------------------- no expression swell */

/* New nodes built by the full Hessian of sum_i -(x[i] - mu[i])^2/2 and of the logistic
 * log-likelihood y*eta - log1pexp(eta), eta = sum_j w[j]*x[j]. */
static void hessian_sizes(int d, size_t *gauss, size_t *logreg)
{
    expr_ctx *ex = expr_ctx_new();
    int x0 = expr_vec_get(ex, expr_vec_new(ex, "x", SYM_DATA, d, NULL))->first_sym;
    int m0 = expr_vec_get(ex, expr_vec_new(ex, "mu", SYM_PARAM, d, NULL))->first_sym;
    int w0 = expr_vec_get(ex, expr_vec_new(ex, "w", SYM_PARAM, d, NULL))->first_sym;
    int y = expr_sym_new(ex, "y", SYM_DATA, NULL);
    expr **t = xcalloc((size_t)d, sizeof *t);
    for (int i = 0; i < d; i++)
        t[i] = expr_mul2(ex, expr_frac(ex, -1, 2),
                         expr_powi(ex, expr_sub(ex, expr_sym(ex, x0 + i), expr_sym(ex, m0 + i)), 2));
    expr *lp = expr_add(ex, (size_t)d, t);
    diff_ctx dc;
    diff_init(&dc, ex);
    size_t before = expr_ctx_size(ex);
    for (int i = 0; i < d; i++) {
        expr *g = diff(&dc, lp, m0 + i);
        for (int j = 0; j < d; j++) {
            expr *h = diff(&dc, g, m0 + j);
            /* the exact entries: -1 on the diagonal, 0 elsewhere */
            ck_assert_ptr_eq(h, expr_int(ex, i == j ? -1 : 0));
        }
    }
    *gauss = expr_ctx_size(ex) - before;
    for (int i = 0; i < d; i++)
        t[i] = expr_mul2(ex, expr_sym(ex, w0 + i), expr_sym(ex, x0 + i));
    expr *eta = expr_add(ex, (size_t)d, t);
    expr *lr = expr_sub(ex, expr_mul2(ex, expr_sym(ex, y), eta), expr_fn1(ex, FN_LOG1PEXP, eta));
    before = expr_ctx_size(ex);
    for (int i = 0; i < d; i++) {
        expr *g = diff(&dc, lr, w0 + i);
        for (int j = 0; j < d; j++)
            diff(&dc, g, w0 + j);
    }
    *logreg = expr_ctx_size(ex) - before;
    diff_free(&dc);
    free(t);
    expr_ctx_free(ex);
}

START_TEST(test_no_expression_swell)
{
    static const int ds[] = {10, 50, 200};
    for (size_t i = 0; i < ARRAY_LEN(ds); i++) {
        int d = ds[i];
        size_t g, l;
        hessian_sizes(d, &g, &l);
        /* Gaussian means: the score entries x[i] - mu[i] and the constants -1, 0: about 2d. */
        ck_assert_msg(g <= (size_t)(3 * d), "d = %d: Gaussian Hessian built %zu nodes", d, g);
        /* Logistic regression: one product x[i]*x[j] per unordered pair and O(d) more: the
         * count grows like d^2/2, never exponentially. */
        ck_assert_msg(l <= (size_t)(d * d / 2 + 10 * d), "d = %d: logistic Hessian built %zu nodes",
                      d, l);
        ck_assert_msg(l >= (size_t)(d * (d - 1) / 2), "d = %d: only %zu nodes?", d, l);
    }
}
END_TEST

/* ---------------------------------------------------------------- round trips */

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    ck_assert_msg(fp != NULL, "cannot open %s", path);
    strbuf sb = {0};
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        sb_putn(&sb, buf, n);
    fclose(fp);
    return sb_take(&sb);
}

/* Print e, parse the text as a value, lower it in the model: the same pointer. */
static void round_trip(fx *f, expr *e, int reparam, bool data, const char *what)
{
    char *text = expr_to_string(f->m->ex, e);
    src_file *src = src_new("<printed>", xstrdup(text), strlen(text));
    diag_ctx d;
    diag_init(&d, f->out, src);
    ast_arena arena = {0};
    parse_ctx pc = {.arena = &arena, .diag = &d, .src = src, .mode = PARSE_VALUE};
    int rc = parse_run(&pc);
    ck_assert_msg(rc == 0 && pc.value, "%s: '%s' does not parse:\n%s", what, text, fx_diags(f));
    expr *back = sema_expr(f->m, pc.value, &d, reparam, data);
    ck_assert_msg(back == e, "%s: '%s' re-parses to a different expression", what, text);
    pv_free(&pc.file.stmts);
    ast_arena_free(&arena);
    src_free(src);
    free(text);
}

static const char *const model_files[] = {
    "bernoulli.fim",
    "beta.fim",
    "binomial.fim",
    "categorical.fim",
    "cauchy.fim",
    "exponential.fim",
    "gamma.fim",
    "geometric.fim",
    "inverse_gaussian.fim",
    "logistic.fim",
    "lognormal.fim",
    "negative_binomial.fim",
    "normal.fim",
    "poisson.fim",
    "student_t.fim",
    "weibull.fim",
};

START_TEST(test_round_trip_models)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", MODELS_DIR, model_files[_i]);
    char *text = slurp(path);
    fx *f = fx_analyse(text);
    ck_assert_msg(f->m != NULL, "%s:\n%s", path, fx_diags(f));
    model *m = f->m;
    round_trip(f, m->logp, -1, true, "logp");
    if (m->logp_src)
        round_trip(f, m->logp_src, -1, true, "logp as written");
    for (int i = 0; i < m->nclaims; i++) {
        claim *c = m->claims[i];
        bool data = c->kind == CLAIM_SCORE || c->kind == CLAIM_HESSIAN;
        if (c->rhs)
            round_trip(f, c->rhs, c->reparam, data, "claim");
        if (c->arg)
            round_trip(f, c->arg, c->reparam, true, "claim argument");
        for (int k = 0; c->m && k < c->rows * (c->cols ? c->cols : 1); k++)
            round_trip(f, c->m[k], c->reparam, data, "claim entry");
    }
    diff_ctx dc;
    diff_init(&dc, m->ex);
    simp_ctx *sc = simp_new(m->ex);
    for (int i = 0; i < m->nparams; i++) {
        expr *g = diff(&dc, m->logp, m->params[i]);
        round_trip(f, g, -1, true, "score");
        round_trip(f, simp_normal(sc, g), -1, true, "score, normal form");
        for (int j = 0; j < m->nparams; j++) {
            expr *h = diff(&dc, g, m->params[j]);
            round_trip(f, h, -1, true, "hessian");
            round_trip(f, simp_normal(sc, h), -1, true, "hessian, normal form");
        }
    }
    simp_free(sc);
    diff_free(&dc);
    fx_free(f);
    free(text);
}
END_TEST

static Suite *diff_suite(void)
{
    Suite *s = suite_create("diff");
    TCase *tc = tcase_create("derivatives");
    tcase_add_test(tc, test_derivative_of_every_function);
    tcase_add_test(tc, test_two_argument_functions);
    tcase_add_test(tc, test_indexed_parameter_vector);
    tcase_add_test(tc, test_memoised);
    suite_add_tcase(s, tc);
    tc = tcase_create("swell");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_no_expression_swell);
    suite_add_tcase(s, tc);
    tc = tcase_create("round trip");
    tcase_add_loop_test(tc, test_round_trip_models, 0, (int)ARRAY_LEN(model_files));
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(diff_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    flint_cleanup();
    mpfr_free_cache();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
