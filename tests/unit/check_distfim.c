/* tests/unit/check_distfim.c — closed-form FIMs through the distributions
 * (compiler/sym/distfim.c):
 *   - every one of the 17 built-in distributions, each argument its own parameter (so
 *     J = I and the model's F is the textbook F_dist), at two or three points: the closed
 *     form evaluated in MPFR against numfim_compute's E[s s^T] (sums or quadrature at two
 *     precisions), every entry to at least 25 digits of the largest. This is the check
 *     that each textbook formula in distfim.c is right;
 *   - Jacobians: normal(mu, mu) is 3/mu^2 exactly; a conditional model's rows (Poisson
 *     with a log link, Bernoulli with expit, a Normal regression with sigma unknown)
 *     averaged by model_row_mean against the numeric mean over the rows; a reparam (the
 *     Cauchy in log-scale) against the numeric FIM in the new coordinates;
 *   - what it refuses: a hierarchical model (an argument mentions data), a
 *     negative_binomial whose r is a parameter, a model written as a logp. */
#include <check.h>
#include <flint/flint.h>
#include <mpfr.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "distfim.h"
#include "eval.h"
#include "expfam.h"
#include "fisher.h"
#include "harness.h"
#include "numfim.h"
#include "simp.h"

#define PREC 512
#define WANT_DIGITS 25

typedef struct run {
    fx *f;
    diff_ctx dc;
    simp_ctx *sc;
} run;

static void run_open(run *R, const char *src)
{
    R->f = fx_analyse(src);
    ck_assert_msg(R->f->m != NULL, "does not analyse: %s\n%s", src, fx_diags(R->f));
    diff_init(&R->dc, R->f->m->ex);
    R->sc = simp_new(R->f->m->ex);
}

static void run_close(run *R)
{
    simp_free(R->sc);
    diff_free(&R->dc);
    fx_free(R->f);
}

/* The closed form (through the distributions, in reparam's coordinates when >= 0; the mean
 * over the input rows for a conditional model) at the point "v1,v2,..." against the numeric
 * E[s s^T]: every entry within 10^-WANT_DIGITS of the largest. */
static void agree(const char *src, int reparam, const char *at)
{
    run R;
    run_open(&R, src);
    model *m = R.f->m;
    expr *lp = m->logp;
    const int *params = m->params;
    int d = m->nparams;
    if (reparam >= 0) {
        const model_reparam *rp = m->reparams[reparam];
        lp = expr_subst(m->ex, lp, (size_t)rp->nassign, rp->old_syms, rp->rhs);
        params = rp->coords;
        d = rp->ncoords;
    }
    expr **F;
    char *why;
    ck_assert_msg(distfim_model(m, &R.dc, R.sc, reparam, &F, &why), "%s: %s", src, why);
    if (m->ninputs) {
        expr **Fm = malloc((size_t)(d * d) * sizeof *Fm);
        ck_assert(model_row_mean(m, R.sc, F, d * d, Fm));
        free(F);
        F = Fm;
    }
    /* the point */
    mpfr_t *pt = malloc((size_t)d * sizeof *pt);
    char *buf = strdup(at), *save = NULL, *tok = strtok_r(buf, ",", &save);
    eval_ctx *ev = eval_new(m->ex, PREC);
    for (int i = 0; i < d; i++) {
        ck_assert_msg(tok != NULL, "%s: too few values in %s", src, at);
        mpq_t q;
        mpq_init(q);
        ck_assert_int_eq(mpq_set_str(q, tok, 10), 0);
        mpq_canonicalize(q);
        mpfr_init2(pt[i], PREC);
        mpfr_set_q(pt[i], q, MPFR_RNDN);
        eval_set_q(ev, params[i], q);
        mpq_clear(q);
        tok = strtok_r(NULL, ",", &save);
    }
    free(buf);
    /* the closed form's values */
    mpfr_t *sym = malloc((size_t)(d * d) * sizeof *sym);
    expr **Fv = malloc((size_t)(d * d) * sizeof *Fv);
    for (int i = 0; i < d * d; i++) {
        mpfr_init2(sym[i], PREC);
        Fv[i] = model_const_values(m, F[i]);
    }
    int st = eval_exprs(ev, (size_t)(d * d), Fv, sym);
    ck_assert_msg(st == EVAL_OK, "%s at %s: %s", src, at, eval_status_str(st));
    /* the numeric E[s s^T] */
    numfim nf;
    char *err = NULL;
    ck_assert_msg(numfim_compute(&nf, m, lp, params, d, pt, -1, WANT_DIGITS + 6, 0, &err) == 0,
                  "%s at %s: %s", src, at, err ? err : "");
    ck_assert_msg(nf.digits >= WANT_DIGITS, "%s at %s: only %d digits", src, at, nf.digits);
    mpfr_t big, dif, tol;
    mpfr_inits2(PREC, big, dif, tol, (mpfr_ptr)0);
    mpfr_set_ui(big, 0, MPFR_RNDN);
    for (int i = 0; i < d * d; i++)
        if (mpfr_cmpabs(nf.ess[i], big) > 0)
            mpfr_abs(big, nf.ess[i], MPFR_RNDN);
    mpfr_set_ui(tol, 10, MPFR_RNDN);
    mpfr_pow_si(tol, tol, -WANT_DIGITS, MPFR_RNDN);
    mpfr_mul(tol, tol, big, MPFR_RNDN);
    for (int i = 0; i < d * d; i++) {
        mpfr_sub(dif, sym[i], nf.ess[i], MPFR_RNDN);
        ck_assert_msg(mpfr_cmpabs(dif, tol) <= 0, "%s at %s: F[%d] = %.17g, E[s s^T] = %.17g",
                      src, at, i, mpfr_get_d(sym[i], MPFR_RNDN), mpfr_get_d(nf.ess[i], MPFR_RNDN));
    }
    mpfr_clears(big, dif, tol, (mpfr_ptr)0);
    numfim_clear(&nf);
    for (int i = 0; i < d * d; i++)
        mpfr_clear(sym[i]);
    for (int i = 0; i < d; i++)
        mpfr_clear(pt[i]);
    free(sym);
    free(Fv);
    free(pt);
    free(F);
    eval_free(ev);
    run_close(&R);
}

#define AGREE(src, ...)                                                                    \
    do {                                                                                   \
        const char *pts_[] = {__VA_ARGS__};                                                \
        for (size_t k_ = 0; k_ < sizeof pts_ / sizeof *pts_; k_++)                         \
            agree(src, -1, pts_[k_]);                                                      \
    } while (0)

/* ---------------------------------------------------------------- the 17 distributions */

START_TEST(test_continuous_exp)
{
    AGREE("param mu in R\nparam sigma in (0, inf)\ndata x in R\nx ~ normal(mu, sigma)\n",
          "3/10,2", "-1,1/2");
    AGREE("param mu in R\nparam sigma in (0, inf)\ndata x in (0, inf)\nx ~ lognormal(mu, sigma)\n",
          "1/2,3/4", "-1,2");
    AGREE("param rate in (0, inf)\ndata x in (0, inf)\nx ~ exponential(rate)\n", "7/2", "1/3");
    AGREE("param a in (0, inf)\nparam b in (0, inf)\ndata x in (0, inf)\nx ~ gamma(a, b)\n",
          "5/2,3/2", "7/10,4");
    AGREE("param a in (0, inf)\nparam b in (0, inf)\ndata x in (0, 1)\nx ~ beta(a, b)\n", "2,3",
          "3/2,5/2");
    AGREE("param mu in (0, inf)\nparam lam in (0, inf)\ndata x in (0, inf)\n"
          "x ~ inverse_gaussian(mu, lam)\n",
          "1,1", "2,5");
}
END_TEST

START_TEST(test_location_scale)
{
    AGREE("param loc in R\nparam scale in (0, inf)\ndata x in R\nx ~ cauchy(loc, scale)\n",
          "1/2,2", "-3,1/3");
    AGREE("param loc in R\nparam s in (0, inf)\ndata x in R\nx ~ logistic(loc, s)\n", "0,1",
          "1,5/2");
    AGREE("param loc in R\nparam b in (0, inf)\ndata x in R\nx ~ laplace(loc, b)\n", "0,1",
          "2,3/2");
    AGREE("param k in (0, inf)\nparam lam in (0, inf)\ndata x in (0, inf)\nx ~ weibull(k, lam)\n",
          "3/2,2", "4/5,1");
}
END_TEST

START_TEST(test_student_t)
{
    /* nu a constant: the location-scale block; nu a parameter: the trigamma entries too */
    AGREE("const nu = 5\nparam loc in R\nparam scale in (0, inf)\ndata x in R\n"
          "x ~ student_t(nu, loc, scale)\n",
          "0,1", "1,3/2");
    AGREE("param nu in (0, inf)\nparam loc in R\nparam scale in (0, inf)\ndata x in R\n"
          "x ~ student_t(nu, loc, scale)\n",
          "5,0,1", "5/2,1,2", "12,-1,1/2");
}
END_TEST

START_TEST(test_discrete)
{
    AGREE("param p in (0, 1)\ndata x in {0, 1}\nx ~ bernoulli(p)\n", "3/10", "9/10");
    AGREE("const n = 7\nparam p in (0, 1)\ndata x in {0..n}\nx ~ binomial(n, p)\n", "3/10", "1/2");
    AGREE("param rate in (0, inf)\ndata x in {0..inf}\nx ~ poisson(rate)\n", "7/2", "1/5");
    AGREE("param p in (0, 1)\ndata x in {0..inf}\nx ~ geometric(p)\n", "1/3", "4/5");
    AGREE("const r = 5/2\nparam p in (0, 1)\ndata x in {0..inf}\nx ~ negative_binomial(r, p)\n",
          "1/3", "3/4");
    AGREE("param w[2] in R\ndata k in {1..3}\nk ~ categorical_logit(w)\n", "0,0", "1/2,-1");
    AGREE("param w[3] in R\ndata k in {1..4}\nk ~ categorical_logit(w)\n", "1,-1/2,2");
}
END_TEST

/* ---------------------------------------------------------------- Jacobians */

START_TEST(test_curved)
{
    run R;
    run_open(&R, "param mu in (0, inf)\ndata x in R\nx ~ normal(mu, mu)\n");
    expr **F;
    char *why;
    ck_assert(distfim_model(R.f->m, &R.dc, R.sc, -1, &F, &why));
    char *s = expr_to_string(R.f->m->ex, F[0]);
    ck_assert_str_eq(s, "3/mu^2");
    free(s);
    free(F);
    run_close(&R);
    AGREE("param mu in (0, inf)\ndata x in R\nx ~ normal(mu, mu)\n", "3/2");
    /* two observations sharing a parameter, one through a square */
    AGREE("param mu in (0, inf)\ndata x in R\ndata y in {0..inf}\n"
          "x ~ normal(mu, mu)\ny ~ poisson(mu^2)\n",
          "7/10");
}
END_TEST

START_TEST(test_rows)
{
    AGREE("param a in R\nparam b in R\ninput u = {-1, 0, 1/2}\ndata y in {0..inf}\n"
          "y ~ poisson(exp(a + b*u))\n",
          "1/2,-1");
    AGREE("param a in R\nparam b in R\ninput u = {-1, 0, 2}\ndata y in {0, 1}\n"
          "y ~ bernoulli(expit(a + b*u))\n",
          "1/2,-1");
    AGREE("param a in R\nparam b in R\nparam sigma in (0, inf)\ninput u = {-1, 1/2, 2}\n"
          "data y in R\ny ~ normal(a + b*u, sigma)\n",
          "1/3,2,3/2");
    /* a probit-free non-canonical link: the Poisson with an identity link */
    AGREE("param a in (0, inf)\nparam b in (0, inf)\ninput u = {0, 1, 3}\ndata y in {0..inf}\n"
          "y ~ poisson(a + b*u)\n",
          "2,1/2");
}
END_TEST

START_TEST(test_reparam)
{
    const char *src = "param loc in R\nparam scale in (0, inf)\ndata x in R\nx ~ cauchy(loc, scale)\n"
                      "reparam logscale(m in R, ls in R) { loc = m; scale = exp(ls) }\n";
    agree(src, 0, "1/2,3/10");
    agree(src, 0, "-1,-2");
    /* a let in an argument */
    AGREE("param a in R\nparam b in (0, inf)\nlet s = b^2\ndata x in R\nx ~ logistic(a*b, s)\n",
          "1/2,3/2");
}
END_TEST

/* ---------------------------------------------------------------- refusals */

static void refused(const char *src, const char *why_has)
{
    run R;
    run_open(&R, src);
    expr *dummy = NULL, **F = &dummy;
    char *why = NULL;
    ck_assert(!distfim_model(R.f->m, &R.dc, R.sc, -1, &F, &why));
    ck_assert(F == NULL);
    ck_assert_msg(why && strstr(why, why_has), "%s: %s", src, why ? why : "(none)");
    free(why);
    /* and the model's analysis stays unsolved (no other route applies to these) */
    expfam ef;
    expfam_model(&ef, R.f->m, &R.dc, R.sc, -1);
    ck_assert_msg(!ef.solved || ef.how != EF_DISTRIBUTIONS, "%s", src);
    expfam_free(&ef);
    run_close(&R);
}

START_TEST(test_refusals)
{
    refused("param mu in R\ndata x in R\ndata y in R\nx ~ normal(mu, 1)\ny ~ normal(x, 1)\n",
            "hierarchical");
    refused("param r in (0, inf)\nparam p in (0, 1)\ndata x in {0..inf}\n"
            "x ~ negative_binomial(r, p)\n",
            "no closed form");
    refused("param loc in R\nparam scale in (0, inf)\ndata x in R\n"
            "logp = -log(pi) - log(scale) - log(1 + ((x - loc)/scale)^2)\n",
            "logp");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("distfim");
    TCase *t = tcase_create("distributions");
    tcase_set_timeout(t, 300);
    tcase_add_test(t, test_continuous_exp);
    tcase_add_test(t, test_location_scale);
    tcase_add_test(t, test_student_t);
    tcase_add_test(t, test_discrete);
    suite_add_tcase(s, t);
    TCase *j = tcase_create("jacobians");
    tcase_set_timeout(j, 300);
    tcase_add_test(j, test_curved);
    tcase_add_test(j, test_rows);
    tcase_add_test(j, test_reparam);
    tcase_add_test(j, test_refusals);
    suite_add_tcase(s, j);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    flint_cleanup();
    mpfr_free_cache();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
