/* tests/unit/check_expfam.c — the exponential-family analysis (compiler/sym/expfam.c) and
 * the numeric FIM engine (compiler/num/numfim.c) as library calls, against textbook closed
 * forms:
 *   - split and solve: Binomial (K = 1, F = n/(theta(1 - theta))), Normal (K = 2, T = (x,
 *     x^2), F = diag(1/sigma^2, 2/sigma^2)), Gamma (T = (x, log x), F with trigamma), the
 *     Normal in natural parameters (F(eta) = Cov[T]); E[T] and Cov[T] where they are short;
 *   - what it must refuse: Cauchy (no split, with the factor named), normal(mu, mu) (curved:
 *     more statistics than parameters, unsolved);
 *   - numfim_compute at a point: the Normal by quadrature (1/4 and 1/2 at sigma = 2, to at
 *     least 40 digits), the Poisson by a ratio-bounded sum (1/lambda), the Binomial n = 10
 *     by an exact sum, each with E[s s^T] and -E[H] agreeing, and the Cauchy (no closed
 *     form) against 1/(2 s^2). Every FIM entry is compared with the exact rational. */
#include <check.h>
#include <math.h>
#include <flint/flint.h>
#include <mpfr.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "expfam.h"
#include "harness.h"
#include "numfim.h"
#include "simp.h"

typedef struct ana {
    fx *f;
    diff_ctx dc;
    simp_ctx *sc;
    expfam ef;
} ana;

static void ana_run(ana *A, const char *src)
{
    A->f = fx_analyse(src);
    ck_assert_msg(A->f->m != NULL, "does not analyse: %s", fx_diags(A->f));
    diff_init(&A->dc, A->f->m->ex);
    A->sc = simp_new(A->f->m->ex);
    expfam_model(&A->ef, A->f->m, &A->dc, A->sc, -1);
}

static void ana_free(ana *A)
{
    expfam_free(&A->ef);
    simp_free(A->sc);
    diff_free(&A->dc);
    fx_free(A->f);
}

/* The closed-form entry i, printed. */
static char *entry(ana *A, expr *e)
{
    return expr_to_string(A->f->m->ex, simp_display(A->sc, e));
}

static void expect_F(ana *A, const char *const *want)
{
    ck_assert(A->ef.solved);
    int d = A->ef.d;
    for (int i = 0; i < d * d; i++) {
        char *s = entry(A, A->ef.F[i]);
        ck_assert_msg(strcmp(s, want[i]) == 0, "F[%d] is %s, not %s", i, s, want[i]);
        free(s);
    }
}

START_TEST(test_binomial)
{
    ana A;
    ana_run(&A, "const n = 10\nparam theta in (0, 1)\ndata x in {0..n}\n"
                "logp = lchoose(n, x) + x*log(theta) + (n - x)*log(1 - theta)\n");
    ck_assert(A.ef.split);
    ck_assert_int_eq(A.ef.K, 1);
    expect_F(&A, (const char *[]){"n/(theta*(1 - theta))"});
    char *m = entry(&A, A.ef.m[0]);
    ck_assert_str_eq(m, "n*theta");
    free(m);
    ana_free(&A);
}
END_TEST

START_TEST(test_normal)
{
    ana A;
    ana_run(&A, "param mu in R\nparam sigma in (0, inf)\ndata x in R\nx ~ normal(mu, sigma)\n");
    ck_assert_int_eq(A.ef.K, 2);
    expect_F(&A, (const char *[]){"1/sigma^2", "0", "0", "2/sigma^2"});
    ana_free(&A);
}
END_TEST

START_TEST(test_gamma)
{
    ana A;
    ana_run(&A, "param shape in (0, inf)\nparam rate in (0, inf)\ndata x in (0, inf)\n"
                "x ~ gamma(shape, rate)\n");
    expect_F(&A, (const char *[]){"trigamma(shape)", "-1/rate", "-1/rate", "shape/rate^2"});
    ana_free(&A);
}
END_TEST

START_TEST(test_natural_normal)
{
    /* eta1 = mu/sigma^2, eta2 = -1/(2 sigma^2): A = -eta1^2/(4 eta2) - log(-2 eta2)/2, and
     * F(eta) = grad^2 A = Cov[T] */
    ana A;
    ana_run(&A, "param e1 in R\nparam e2 in (-inf, 0)\ndata x in R\n"
                "logp = e1*x + e2*x^2 + e1^2/(4*e2) + log(-2*e2)/2 - log(2*pi)/2\n");
    ck_assert(A.ef.solved);
    /* d2A/de1^2 = -1/(2 e2); d2A/de1 de2 = e1/(2 e2^2); d2A/de2^2 = 1/(2 e2^2) - e1^2/(2 e2^3) */
    expr_ctx *ex = A.f->m->ex;
    int e1 = A.f->m->params[0], e2 = A.f->m->params[1];
    expr *E1 = expr_sym(ex, e1), *E2 = expr_sym(ex, e2);
    expr *want[4];
    want[0] = expr_div(ex, expr_int(ex, -1), expr_mul2(ex, expr_int(ex, 2), E2));
    want[1] = want[2] = expr_div(ex, E1, expr_mul2(ex, expr_int(ex, 2), expr_powi(ex, E2, 2)));
    want[3] = expr_sub(ex, expr_div(ex, expr_int(ex, 1), expr_mul2(ex, expr_int(ex, 2), expr_powi(ex, E2, 2))),
                       expr_div(ex, expr_powi(ex, E1, 2), expr_mul2(ex, expr_int(ex, 2), expr_powi(ex, E2, 3))));
    for (int i = 0; i < 4; i++) {
        ck_assert_msg(simp_is_zero(A.sc, expr_sub(ex, A.ef.F[i], want[i])), "F[%d]", i);
        ck_assert_msg(simp_is_zero(A.sc, expr_sub(ex, A.ef.covT[i], want[i])), "Cov[T][%d]", i);
    }
    ana_free(&A);
}
END_TEST

/* The family analysis alone (expfam_analyse) refuses these; expfam_model then finds their
 * FIMs through the distributions (how = EF_DISTRIBUTIONS), keeping the family's reason. */
static void family_only(ana *A)
{
    expfam ef;
    model *m = A->f->m;
    expfam_analyse(&ef, m->ex, &A->dc, A->sc, m->logp, m->params, m->nparams, !m->has_abs);
    expfam_free(&A->ef);
    A->ef = ef;
}

START_TEST(test_refusals)
{
    ana A;
    ana_run(&A, "param loc in R\nparam scale in (0, inf)\ndata x in R\nx ~ cauchy(loc, scale)\n");
    ck_assert(A.ef.solved && A.ef.how == EF_DISTRIBUTIONS && !A.ef.split && !A.ef.moments);
    ck_assert_msg(A.ef.reason && strstr(A.ef.reason, "cannot be separated"), "%s", A.ef.reason);
    family_only(&A);
    ck_assert(!A.ef.split && !A.ef.solved);
    ck_assert_msg(A.ef.reason && strstr(A.ef.reason, "cannot be separated"), "%s", A.ef.reason);
    ana_free(&A);
    ana_run(&A, "param mu in (0, inf)\ndata x in R\nx ~ normal(mu, mu)\n");
    ck_assert(A.ef.solved && A.ef.how == EF_DISTRIBUTIONS && A.ef.split && !A.ef.moments);
    expect_F(&A, (const char *[]){"3/mu^2"});
    family_only(&A);
    ck_assert(A.ef.split && !A.ef.solved);
    ck_assert_msg(A.ef.reason && strstr(A.ef.reason, "curved"), "%s", A.ef.reason);
    ana_free(&A);
}
END_TEST

/* numfim at a point: every entry of E[s s^T] within 10^-digits of want (exact rationals as
 * "p/q" strings), and -E[H] agreeing. */
static void expect_numeric(const char *src, const char *const *at, const char *const *want,
                           int digits, const char *method)
{
    fx *f = fx_analyse(src);
    ck_assert_msg(f->m != NULL, "does not analyse: %s", fx_diags(f));
    model *m = f->m;
    int d = m->nparams;
    mpfr_t *pt = malloc((size_t)d * sizeof *pt);
    for (int i = 0; i < d; i++) {
        mpfr_init2(pt[i], 512);
        mpq_t q;
        mpq_init(q);
        ck_assert_int_eq(mpq_set_str(q, at[i], 10), 0);
        mpq_canonicalize(q);
        mpfr_set_q(pt[i], q, MPFR_RNDN);
        mpq_clear(q);
    }
    numfim nf;
    char *err = NULL;
    ck_assert_msg(numfim_compute(&nf, m, m->logp, m->params, d, pt, -1, digits, 0, &err) == 0,
                  "%s", err ? err : "");
    ck_assert_msg(nf.digits >= digits - 4, "only %d digits", nf.digits);
    ck_assert_str_eq(nf.method, method);
    ck_assert_int_ge(nf.agreement, digits - 4);
    mpfr_t w, diff;
    mpfr_inits2(512, w, diff, (mpfr_ptr)0);
    for (int i = 0; i < d * d; i++) {
        mpq_t q;
        mpq_init(q);
        ck_assert_int_eq(mpq_set_str(q, want[i], 10), 0);
        mpq_canonicalize(q);
        mpfr_set_q(w, q, MPFR_RNDN);
        mpq_clear(q);
        mpfr_sub(diff, nf.ess[i], w, MPFR_RNDN);
        mpfr_abs(diff, diff, MPFR_RNDN);
        ck_assert_msg(mpfr_cmp_d(diff, pow(10.0, -(digits - 4))) < 0, "entry %d off by %g", i,
                      mpfr_get_d(diff, MPFR_RNDN));
    }
    mpfr_clears(w, diff, (mpfr_ptr)0);
    numfim_clear(&nf);
    for (int i = 0; i < d; i++)
        mpfr_clear(pt[i]);
    free(pt);
    fx_free(f);
}

START_TEST(test_numfim_normal)
{
    expect_numeric("param mu in R\nparam sigma in (0, inf)\ndata x in R\nx ~ normal(mu, sigma)\n",
                   (const char *[]){"3/10", "2"}, (const char *[]){"1/4", "0", "0", "1/2"}, 44,
                   "quadrature");
}
END_TEST

START_TEST(test_numfim_sums)
{
    expect_numeric("param lambda in (0, inf)\ndata x in {0..inf}\nx ~ poisson(lambda)\n",
                   (const char *[]){"7/2"}, (const char *[]){"2/7"}, 40, "sum");
    expect_numeric("const n = 10\nparam theta in (0, 1)\ndata x in {0..n}\nx ~ binomial(n, theta)\n",
                   (const char *[]){"3/10"}, (const char *[]){"1000/21"}, 40, "sum");
}
END_TEST

START_TEST(test_numfim_cauchy)
{
    /* F = I/(2 s^2) = I/8 at s = 2 */
    expect_numeric("param loc in R\nparam scale in (0, inf)\ndata x in R\nx ~ cauchy(loc, scale)\n",
                   (const char *[]){"1/2", "2"}, (const char *[]){"1/8", "0", "0", "1/8"}, 30,
                   "quadrature");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("expfam");
    TCase *a = tcase_create("expfam");
    tcase_add_test(a, test_binomial);
    tcase_add_test(a, test_normal);
    tcase_add_test(a, test_gamma);
    tcase_add_test(a, test_natural_normal);
    tcase_add_test(a, test_refusals);
    suite_add_tcase(s, a);
    TCase *n = tcase_create("numfim");
    tcase_set_timeout(n, 120);
    tcase_add_test(n, test_numfim_normal);
    tcase_add_test(n, test_numfim_sums);
    tcase_add_test(n, test_numfim_cauchy);
    suite_add_tcase(s, n);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    flint_cleanup();
    mpfr_free_cache();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
