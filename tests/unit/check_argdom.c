/* tests/unit/check_argdom.c — distribution arguments inside their domains
 * (compiler/argdom.c): the domain table against dist_table, the static check after
 * analysis (exact messages, at the '~'), and the check at parameter points (exact *why),
 * with constants, -D, lets, inputs, a reparam, data-dependent arguments, values within
 * rounding of an end, and arguments that cannot be evaluated. */
#include <check.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "argdom.h"
#include "dist.h"
#include "eval.h"
#include "expfam.h"
#include "harness.h"

#ifndef MODELS_DIR
#define MODELS_DIR "models"
#endif

static fx *ok_model(const char *text)
{
    fx *f = fx_analyse(text);
    ck_assert_msg(f->m != NULL, "model refused:\n%s", fx_diags(f));
    ck_assert_msg(fx_nerrors(f) == 0, "diagnostics:\n%s", fx_diags(f));
    return f;
}

/* The static check finds exactly nerr errors; the messages' headers are msgs. */
static void ck_static(fx *f, int nerr, const char *const *msgs)
{
    int got = argdom_check_model(f->m, &f->diag);
    ck_assert_msg(got == nerr, "%d errors, expected %d:\n%s", got, nerr, fx_diags(f));
    ck_assert_int_eq(fx_nerrors(f), nerr);
    ck_assert_int_eq(fx_nmsgs(f), nerr);
    for (int i = 0; i < nerr; i++)
        ck_assert_str_eq(fx_msg(f, i), msgs[i]);
}

#define STATIC_ERRORS(f, ...)                                                               \
    do {                                                                                    \
        static const char *const msgs_[] = {__VA_ARGS__};                                   \
        ck_static((f), (int)ARRAY_LEN(msgs_), msgs_);                                       \
    } while (0)
#define STATIC_OK(f) ck_static((f), 0, NULL)

/* argdom_check_point at the model's parameters = the given doubles (in order), row. want:
 * NULL for true, else the exact *why. */
static void ck_point_in(fx *f, const int *params, int n, const double *at, int row,
                        const char *want)
{
    mpfr_t *vals = malloc((size_t)(n + 1) * sizeof *vals);
    for (int i = 0; i < n; i++) {
        mpfr_init2(vals[i], 128);
        mpfr_set_d(vals[i], at[i], MPFR_RNDN);
    }
    char *why = (char *)"unset";
    bool ok = argdom_check_point(f->m, params, n, vals, row, &why);
    if (!want) {
        ck_assert_msg(ok, "refused: %s", why ? why : "(no why)");
        ck_assert_ptr_null(why);
    } else {
        ck_assert_msg(!ok, "accepted, expected: %s", want);
        ck_assert_ptr_nonnull(why);
        ck_assert_str_eq(why, want);
    }
    free(why);
    for (int i = 0; i < n; i++)
        mpfr_clear(vals[i]);
    free(vals);
}

static void ck_point(fx *f, const double *at, int row, const char *want)
{
    ck_point_in(f, f->m->params, f->m->nparams, at, row, want);
}

/* ================================================================ the table */

START_TEST(test_table_matches_dist_table)
{
    for (int d = 0; d < DIST_COUNT; d++) {
        char names[128] = "";
        for (int k = 0; k < dist_table[d].nargs; k++) {
            argdom a = argdom_of((dist_id)d, k);
            ck_assert_str_ne(a.name, "?");
            if (k)
                strcat(names, ", ");
            strcat(names, a.name);
            if (a.constrained) {
                ck_assert(a.lo == 0);
                ck_assert(isinf(a.hi) ? strcmp(a.text, "(0, inf)") == 0
                                      : a.hi == 1 && strcmp(a.text, "(0, 1)") == 0);
            } else {
                ck_assert(isinf(a.lo) && a.lo < 0 && isinf(a.hi) && a.hi > 0);
                ck_assert_str_eq(a.text, "R");
            }
        }
        ck_assert_str_eq(names, dist_table[d].arg_names);
    }
    /* a few by hand */
    argdom a = argdom_of(DIST_NORMAL, 0);
    ck_assert(!a.constrained);
    ck_assert_str_eq(a.name, "mu");
    a = argdom_of(DIST_NORMAL, 1);
    ck_assert(a.constrained && a.lo == 0 && isinf(a.hi));
    ck_assert_str_eq(a.name, "sigma");
    a = argdom_of(DIST_NEGATIVE_BINOMIAL, 1);
    ck_assert(a.constrained && a.lo == 0 && a.hi == 1);
    ck_assert_str_eq(a.name, "p");
    ck_assert(!argdom_of(DIST_BINOMIAL, 0).constrained);
    ck_assert(argdom_of(DIST_STUDENT_T, 0).constrained);
    ck_assert(!argdom_of(DIST_STUDENT_T, 1).constrained);
    ck_assert(!argdom_of(DIST_CATEGORICAL_LOGIT, 0).constrained);
    /* out of range */
    ck_assert_str_eq(argdom_of(DIST_NORMAL, 2).name, "?");
    ck_assert(!argdom_of(DIST_COUNT, 0).constrained);
}
END_TEST

/* ================================================================ static: constants */

START_TEST(test_negative_sd)
{
    fx *f = ok_model("param mu in R\n"
                     "data x in R\n"
                     "x ~ normal(mu, -1)\n");
    STATIC_ERRORS(f, "t.fim:3:16: error: the argument sigma of normal must be > 0, but it is -1");
    fx_free(f);
    /* zero is outside (0, inf) too; a rational is printed exactly */
    f = ok_model("param mu in R\n"
                 "data x in R\n"
                 "data y in R\n"
                 "x ~ normal(mu, 0)\n"
                 "y ~ cauchy(mu, 1/3 - 1)\n");
    STATIC_ERRORS(f, "t.fim:4:16: error: the argument sigma of normal must be > 0, but it is 0",
                  "t.fim:5:16: error: the argument scale of cauchy must be > 0, but it is -2/3");
    fx_free(f);
}
END_TEST

START_TEST(test_probability_outside)
{
    fx *f = ok_model("param mu in R\n"
                     "data x in {0, 1}\n"
                     "data y in R\n"
                     "x ~ bernoulli(1.5)\n"
                     "y ~ normal(mu, 1)\n");
    STATIC_ERRORS(f, "t.fim:4:15: error: the argument p of bernoulli must be in (0, 1), but it is "
                     "1.5");
    fx_free(f);
    /* the ends of (0, 1), a long finite decimal, and a negative one */
    f = ok_model("param mu in R\n"
                 "data x in {0..inf}\n"
                 "data y in {0..inf}\n"
                 "data z in {0..inf}\n"
                 "data w in R\n"
                 "x ~ geometric(1)\n"
                 "y ~ negative_binomial(0.001, 0)\n"
                 "z ~ negative_binomial(-0.125, 1.0625)\n"
                 "w ~ normal(mu, 1)\n");
    STATIC_ERRORS(f,
                  "t.fim:6:15: error: the argument p of geometric must be in (0, 1), but it is 1",
                  "t.fim:7:30: error: the argument p of negative_binomial must be in (0, 1), but it "
                  "is 0",
                  "t.fim:8:23: error: the argument r of negative_binomial must be > 0, but it is "
                  "-0.125",
                  "t.fim:8:31: error: the argument p of negative_binomial must be in (0, 1), but it "
                  "is 1.0625");
    fx_free(f);
}
END_TEST

START_TEST(test_binomial_fine)
{
    fx *f = ok_model("param mu in R\n"
                     "data x in {0..10}\n"
                     "data y in R\n"
                     "x ~ binomial(10, 0.5)\n"
                     "y ~ normal(mu, 2)\n");
    STATIC_OK(f);
    ck_point(f, (double[]){0.25}, -1, NULL);
    fx_free(f);
}
END_TEST

START_TEST(test_irrational_constant)
{
    /* not a rational: its value to 10 digits */
    fx *f = ok_model("param mu in R\n"
                     "data x in R\n"
                     "x ~ normal(mu, log(0.5))\n");
    STATIC_ERRORS(f, "t.fim:3:16: error: the argument sigma of normal must be > 0, but it is "
                     "-0.6931471806");
    fx_free(f);
    /* inside: nothing to say, at a point neither */
    f = ok_model("param mu in R\n"
                 "data x in R\n"
                 "x ~ normal(mu, sqrt(2) - 1)\n");
    STATIC_OK(f);
    ck_point(f, (double[]){1}, -1, NULL);
    fx_free(f);
}
END_TEST

START_TEST(test_D_consts)
{
    static const char text[] = "const shape = 2\n"
                               "const scale = 1\n"
                               "param rate in (0, inf)\n"
                               "data x in (0, inf)\n"
                               "x ~ gamma(shape*scale, rate)\n";
    fx *f = ok_model(text);
    STATIC_OK(f);
    ck_point(f, (double[]){3}, -1, NULL);
    fx_free(f);
    static const char *const defs[] = {"shape=-2"};
    f = fx_analyse_D(text, 1, defs);
    ck_assert_msg(f->m != NULL && fx_nerrors(f) == 0, "%s", fx_diags(f));
    STATIC_ERRORS(f, "t.fim:5:11: error: the argument shape of gamma must be > 0, but it is -2");
    /* at a point, the same argument: the call is printed as written */
    ck_point(f, (double[]){3}, -1,
             "at rate=3: the argument shape of gamma(shape*scale, rate) is -2, outside (0, inf)");
    fx_free(f);
    static const char *const defs2[] = {"shape=1/4", "scale=-0"};
    f = fx_analyse_D(text, 2, defs2);
    ck_assert_msg(f->m != NULL && fx_nerrors(f) == 0, "%s", fx_diags(f));
    STATIC_ERRORS(f, "t.fim:5:11: error: the argument shape of gamma must be > 0, but it is 0");
    fx_free(f);
}
END_TEST

/* ================================================================ static: expressions */

START_TEST(test_proved_outside_everywhere)
{
    fx *f = ok_model("param mu in R\n"
                     "param sigma in (0, inf)\n"
                     "data x in R\n"
                     "data y in {0, 1}\n"
                     "x ~ normal(mu, -sigma)\n"
                     "y ~ bernoulli(1 + exp(mu))\n");
    STATIC_ERRORS(f,
                  "t.fim:5:16: error: the argument sigma of normal must be > 0, but it is <= 0 for "
                  "every parameter value",
                  "t.fim:6:15: error: the argument p of bernoulli must be in (0, 1), but it is >= 1 "
                  "for every parameter value");
    fx_free(f);
    /* an argument that depends on data only */
    f = ok_model("param mu in R\n"
                 "data x in R\n"
                 "data y in R\n"
                 "x ~ normal(mu, 1)\n"
                 "y ~ normal(x, -exp(x))\n");
    STATIC_ERRORS(f, "t.fim:5:15: error: the argument sigma of normal must be > 0, but it is <= 0 "
                     "for every value of its data and inputs");
    fx_free(f);
}
END_TEST

START_TEST(test_free_sigma)
{
    /* sigma in (0, inf): its enclosure [0, inf] proves nothing, no error; fine at points */
    fx *f = ok_model("param mu in R\n"
                     "param sigma in (0, inf)\n"
                     "data x in R\n"
                     "x ~ normal(mu, sigma)\n");
    STATIC_OK(f);
    ck_point(f, (double[]){-1, 2}, -1, NULL);
    ck_point(f, (double[]){0, 1e-300}, -1, NULL);
    fx_free(f);
}
END_TEST

START_TEST(test_sigma_mu)
{
    fx *f = ok_model("param mu in R\n"
                     "data x in R\n"
                     "x ~ normal(mu, mu)\n");
    STATIC_OK(f);
    ck_point(f, (double[]){-1}, -1,
             "at mu=-1: the argument sigma of normal(mu, mu) is -1, outside (0, inf)");
    ck_point(f, (double[]){2}, -1, NULL);
    /* exactly at the end: exactly 0 */
    ck_point(f, (double[]){0}, -1,
             "at mu=0: the argument sigma of normal(mu, mu) is 0, outside (0, inf)");
    ck_point(f, (double[]){-0.1}, -1,
             "at mu=-0.1: the argument sigma of normal(mu, mu) is -0.1, outside (0, inf)");
    fx_free(f);
    /* a high power is not folded exactly, but evaluated */
    f = ok_model("param mu in R\n"
                 "data x in R\n"
                 "x ~ normal(mu, mu^100001)\n");
    STATIC_OK(f);
    ck_point(f, (double[]){1.5}, -1, NULL);
    ck_point(f, (double[]){-1}, -1,
             "at mu=-1: the argument sigma of normal(mu, mu^100001) is -1, outside (0, inf)");
    fx_free(f);
}
END_TEST

START_TEST(test_logistic_regression)
{
    /* expit(...) in [0, 1]: a closed enclosure does not prove (0, 1), nor disprove it */
    fx *f = ok_model("param a in R\n"
                     "param b in R\n"
                     "input u = {-1, 0, 1/2, 2}\n"
                     "data y in {0, 1}\n"
                     "y ~ bernoulli(expit(a + b*u))\n");
    STATIC_OK(f);
    ck_point(f, (double[]){1, 2}, -1, NULL);
    ck_point(f, (double[]){1, 2}, 3, NULL);
    /* 1 - expit(100) = 3.7e-44 rounds to 1 at 128 bits: retried at 512, inside */
    ck_point(f, (double[]){100, 0}, -1, NULL);
    ck_point(f, (double[]){-100, 0}, -1, NULL);
    /* 1 - expit(1e5) = e^-100000 is below 2^-8192: cannot be told from 1 */
    ck_point(f, (double[]){1e5, 0}, -1,
             "at a=100000, b=0 (input row 1): the argument p of bernoulli(expit(a + b*u)) is 1 to "
             "8192 bits, not inside (0, 1)");
    fx_free(f);
}
END_TEST

START_TEST(test_linear_probability_rows)
{
    fx *f = ok_model("param a in R\n"
                     "param b in R\n"
                     "input u = {0, 1}\n"
                     "data y in {0, 1}\n"
                     "y ~ bernoulli(a + b*u)\n");
    STATIC_OK(f);
    ck_point(f, (double[]){0.5, 0.25}, -1, NULL);
    /* row 2: 0.5 + 1 = 1.5 */
    ck_point(f, (double[]){0.5, 1}, -1,
             "at a=0.5, b=1 (input row 2): the argument p of bernoulli(a + b*u) is 1.5, outside "
             "(0, 1)");
    ck_point(f, (double[]){0.5, 1}, 0, NULL);
    ck_point(f, (double[]){0.5, 1}, 1,
             "at a=0.5, b=1 (input row 2): the argument p of bernoulli(a + b*u) is 1.5, outside "
             "(0, 1)");
    /* a row that does not exist is not checked */
    ck_point(f, (double[]){0.5, 1}, 7, NULL);
    fx_free(f);
    /* inputs without values: arguments that mention them are not checked */
    f = ok_model("param a in R\n"
                 "input u\n"
                 "data y in {0, 1}\n"
                 "y ~ bernoulli(a*u)\n");
    STATIC_OK(f);
    ck_point(f, (double[]){-3}, -1, NULL);
    fx_free(f);
}
END_TEST

START_TEST(test_let_argument)
{
    fx *f = ok_model("param mu in R\n"
                     "data x in R\n"
                     "let s = -exp(mu)\n"
                     "x ~ normal(0, s)\n");
    STATIC_ERRORS(f, "t.fim:4:15: error: the argument sigma of normal must be > 0, but it is <= 0 "
                     "for every parameter value");
    fx_free(f);
    /* a let of a let, and a const in a let */
    f = ok_model("const c = 3\n"
                 "param mu in R\n"
                 "data x in R\n"
                 "let a = mu\n"
                 "let s = a - c\n"
                 "x ~ normal(0, s)\n");
    STATIC_OK(f);
    ck_point(f, (double[]){1}, -1,
             "at mu=1: the argument sigma of normal(0, s) is -2, outside (0, inf)");
    ck_point(f, (double[]){4}, -1, NULL);
    fx_free(f);
    /* a let that is a negative constant */
    f = ok_model("param mu in R\n"
                 "data x in R\n"
                 "let s = 1 - 3\n"
                 "x ~ normal(mu, s)\n");
    STATIC_ERRORS(f, "t.fim:4:16: error: the argument sigma of normal must be > 0, but it is -2");
    fx_free(f);
    /* let s = exp(tau): [0, inf] proves nothing; a value far below 2^-128 is still > 0 */
    f = ok_model("param mu in R\n"
                 "param tau in R\n"
                 "data x in R\n"
                 "let s = exp(tau)\n"
                 "x ~ normal(mu, s)\n");
    STATIC_OK(f);
    ck_point(f, (double[]){0, -1000}, -1, NULL);
    fx_free(f);
}
END_TEST

START_TEST(test_undefined_and_irrational_at_point)
{
    fx *f = ok_model("param mu in R\n"
                     "data x in R\n"
                     "x ~ normal(0, sqrt(mu))\n");
    STATIC_OK(f);
    ck_point(f, (double[]){4}, -1, NULL);
    ck_point(f, (double[]){-1}, -1,
             "at mu=-1: the argument sigma of normal(0, sqrt(mu)) cannot be evaluated (domain "
             "error)");
    fx_free(f);
    f = ok_model("param mu in (0, inf)\n"
                 "data x in R\n"
                 "x ~ normal(0, log(mu))\n");
    STATIC_OK(f);
    ck_point(f, (double[]){3}, -1, NULL);
    ck_point(f, (double[]){0.5}, -1,
             "at mu=0.5: the argument sigma of normal(0, log(mu)) is -0.6931471806, outside (0, "
             "inf)");
    /* log(1) is exactly 0 */
    ck_point(f, (double[]){1}, -1,
             "at mu=1: the argument sigma of normal(0, log(mu)) is 0, outside (0, inf)");
    fx_free(f);
}
END_TEST

START_TEST(test_reparam_coordinates)
{
    fx *f = ok_model("param mu in R\n"
                     "param sigma in (0, inf)\n"
                     "data x in R\n"
                     "x ~ normal(mu, sigma - 1)\n"
                     "reparam r(tau in R) { sigma = exp(tau) }\n");
    STATIC_OK(f);
    const model_reparam *rp = f->m->reparams[0];
    ck_assert_int_eq(rp->ncoords, 2);
    ck_point_in(f, rp->coords, rp->ncoords, (double[]){0, 1}, -1, NULL);
    ck_point_in(f, rp->coords, rp->ncoords, (double[]){0, 0}, -1,
                "at mu=0, tau=0: the argument sigma of normal(mu, sigma - 1) is 0, outside (0, "
                "inf)");
    ck_point_in(f, rp->coords, rp->ncoords, (double[]){0, -1}, -1,
                "at mu=0, tau=-1: the argument sigma of normal(mu, sigma - 1) is -0.6321205588, "
                "outside (0, inf)");
    /* the model's own coordinates */
    ck_point(f, (double[]){0, 0.5}, -1,
             "at mu=0, sigma=0.5: the argument sigma of normal(mu, sigma - 1) is -0.5, outside "
             "(0, inf)");
    ck_point(f, (double[]){0, 2}, -1, NULL);
    fx_free(f);
}
END_TEST

START_TEST(test_data_arguments_not_checked_at_points)
{
    /* the value depends on the draw: not checked at a point */
    fx *f = ok_model("param mu in R\n"
                     "param sigma in (0, inf)\n"
                     "data x in R\n"
                     "data y in R\n"
                     "x ~ normal(mu, 1)\n"
                     "y ~ normal(x, sigma*x)\n");
    STATIC_OK(f);
    ck_point(f, (double[]){0, 1}, -1, NULL);
    fx_free(f);
}
END_TEST

START_TEST(test_every_distribution_fine)
{
    /* the model library's shapes: nothing to say statically, fine at an inside point */
    fx *f = ok_model("param m in R\n"
                     "param s in (0, inf)\n"
                     "param p in (0, 1)\n"
                     "param w[2] in R\n"
                     "data x1 in R\n data x2 in (0, inf)\n data x3 in (0, inf)\n"
                     "data x4 in (0, inf)\n data x5 in (0, 1)\n data x6 in R\n data x7 in R\n"
                     "data x8 in R\n data x9 in R\n data x10 in (0, inf)\n"
                     "data x11 in (0, inf)\n data x12 in {0, 1}\n data x13 in {0..5}\n"
                     "data x14 in {0..inf}\n data x15 in {0..inf}\n data x16 in {0..inf}\n"
                     "data x17 in {1..3}\n"
                     "x1 ~ normal(m, s)\n x2 ~ lognormal(m, s)\n x3 ~ exponential(s)\n"
                     "x4 ~ gamma(s, s^2)\n x5 ~ beta(s, 1/s)\n x6 ~ cauchy(m, s)\n"
                     "x7 ~ logistic(m, s)\n x8 ~ laplace(m, s)\n x9 ~ student_t(s, m, s)\n"
                     "x10 ~ weibull(s, s)\n x11 ~ inverse_gaussian(s, s)\n"
                     "x12 ~ bernoulli(p)\n x13 ~ binomial(5, p)\n x14 ~ poisson(s)\n"
                     "x15 ~ geometric(p)\n x16 ~ negative_binomial(s, p)\n"
                     "x17 ~ categorical_logit(w)\n");
    STATIC_OK(f);
    ck_point(f, (double[]){-1, 0.5, 0.25, 3, -3}, -1, NULL);
    fx_free(f);
}
END_TEST

/* ================================================================ the model library */

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    strbuf sb = {0};
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        sb_putn(&sb, buf, n);
    fclose(fp);
    return sb_take(&sb);
}

/* A point inside every coordinate's domain: the midpoint of a bounded interval, lo + 1 or
 * hi - 1 of a half-line, 0.5 on R. */
static double inside(model *m, int sym)
{
    const decl *dc = expr_sym_get(m->ex, sym)->owner;
    if (dc->dom.kind != DOM_INTERVAL)
        return 0.5;
    double b[2] = {NAN, NAN};
    expr *ends[2] = {dc->dom.lo, dc->dom.hi};
    eval_ctx *ev = eval_new(m->ex, 64);
    mpfr_t v;
    mpfr_init2(v, 64);
    for (int i = 0; i < 2; i++)
        if (ends[i] && eval_expr(ev, v, model_const_values(m, ends[i])) == EVAL_OK)
            b[i] = mpfr_get_d(v, MPFR_RNDN);
    mpfr_clear(v);
    eval_free(ev);
    if (!isnan(b[0]) && !isnan(b[1]))
        return (b[0] + b[1]) / 2;
    return !isnan(b[0]) ? b[0] + 1 : !isnan(b[1]) ? b[1] - 1 : 0.5;
}

static int check_dir(const char *dirpath)
{
    DIR *dir = opendir(dirpath);
    ck_assert_msg(dir != NULL, "cannot open %s", dirpath);
    struct dirent *de;
    int nmodels = 0;
    while ((de = readdir(dir)) != NULL) {
        size_t len = strlen(de->d_name);
        if (len < 5 || strcmp(de->d_name + len - 4, ".fim") != 0)
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dirpath, de->d_name);
        char *text = slurp(path);
        ck_assert_msg(text != NULL, "cannot read %s", path);
        fx *f = ok_model(text);
        ck_assert_msg(argdom_check_model(f->m, &f->diag) == 0, "%s:\n%s", path, fx_diags(f));
        /* the model's coordinates, then each reparam's */
        for (int r = -1; r < f->m->nreparams; r++) {
            const int *params = r < 0 ? f->m->params : f->m->reparams[r]->coords;
            int n = r < 0 ? f->m->nparams : f->m->reparams[r]->ncoords;
            double *at = malloc((size_t)(n + 1) * sizeof *at);
            for (int i = 0; i < n; i++)
                at[i] = inside(f->m, params[i]);
            ck_point_in(f, params, n, at, -1, NULL);
            free(at);
        }
        fx_free(f);
        free(text);
        nmodels++;
    }
    closedir(dir);
    return nmodels;
}

START_TEST(test_model_library)
{
    /* no model of the library or of the test data has an argument outside its domain */
    ck_assert_int_ge(check_dir(MODELS_DIR), 16);
    ck_assert_int_ge(check_dir(MODELS_DIR "/../tests/data"), 9);
}
END_TEST

static Suite *argdom_suite(void)
{
    Suite *s = suite_create("argdom");
    TCase *tt = tcase_create("table");
    tcase_add_test(tt, test_table_matches_dist_table);
    suite_add_tcase(s, tt);

    TCase *ts = tcase_create("static");
    tcase_set_timeout(ts, 60);
    tcase_add_test(ts, test_negative_sd);
    tcase_add_test(ts, test_probability_outside);
    tcase_add_test(ts, test_binomial_fine);
    tcase_add_test(ts, test_irrational_constant);
    tcase_add_test(ts, test_D_consts);
    tcase_add_test(ts, test_proved_outside_everywhere);
    suite_add_tcase(s, ts);

    TCase *tp = tcase_create("points");
    tcase_set_timeout(tp, 60);
    tcase_add_test(tp, test_free_sigma);
    tcase_add_test(tp, test_sigma_mu);
    tcase_add_test(tp, test_logistic_regression);
    tcase_add_test(tp, test_linear_probability_rows);
    tcase_add_test(tp, test_let_argument);
    tcase_add_test(tp, test_undefined_and_irrational_at_point);
    tcase_add_test(tp, test_reparam_coordinates);
    tcase_add_test(tp, test_data_arguments_not_checked_at_points);
    tcase_add_test(tp, test_every_distribution_fine);
    suite_add_tcase(s, tp);

    TCase *tl = tcase_create("library");
    tcase_set_timeout(tl, 60);
    tcase_add_test(tl, test_model_library);
    suite_add_tcase(s, tl);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(argdom_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
