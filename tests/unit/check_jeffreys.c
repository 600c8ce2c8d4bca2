/* tests/unit/check_jeffreys.c — the Jeffreys density fimc prints (compiler/fisher.c) is
 * +sqrt(det F):
 *   - property: for every model in models/ with a closed-form FIM, and for every reparam of
 *     it, the density fisher_jeffreys gives, evaluated at 8 points spread over the
 *     parameter domain (deterministic, not the seeds fimc check uses), equals
 *     +sqrt(det F) with F = E[s s^T] computed by the numeric engine (numfim.c: sums or
 *     quadrature, two precisions) to at least 15 significant digits, and is positive;
 *   - regressions (each once printed a negative density): the zero-truncated Poisson
 *     (sqrt(exp(lam) - 1 - lam)*sqrt(exp(lam))/(sqrt(lam)*(exp(lam) - 1)), +0.668011726...
 *     at lam = 1.7), an exponential rate t - 1 with t > 1 (1/(t - 1)), a rate -t with t < 0
 *     (-1/t), and a location whose sign is unknown on R (abs(..) kept).
 * Reference for the truncated Poisson (mpmath, 40 digits; the closed form and the direct sum
 * E[s^2] agree):
 *   python3 -c 'import mpmath as mp; mp.mp.dps=40; l=mp.mpf(17)/10; Z=1-mp.e**(-l)
 *     print(mp.sqrt((mp.e**l-1-l)*mp.e**l/(l*(mp.e**l-1)**2)))
 *     print(mp.sqrt(mp.nsum(lambda x: (x/l-1-mp.e**(-l)/Z)**2*mp.e**(-l)*l**x
 *                                     /mp.factorial(x)/Z, [1, mp.inf])))'
 *   -> 0.6680117262103962541079178470513513293998 (both) */
#include <check.h>
#include <dirent.h>
#include <flint/flint.h>
#include <mpfr.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "eval.h"
#include "expfam.h"
#include "fimrt.h"
#include "fisher.h"
#include "harness.h"
#include "numfim.h"
#include "print_model.h"
#include "simp.h"

#ifndef MODELS_DIR
#define MODELS_DIR "models"
#endif

#define PREC 256
#define POINTS 8
#define MIN_DIGITS 15
#define SYSTEMS_AT_LEAST 17 /* when this was written: 16 models, 17 systems */

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    size_t got = fread(s, 1, (size_t)n, f);
    s[got] = 0;
    fclose(f);
    return s;
}

/* A value of a domain bound (consts by value). */
static double bound(model *m, expr *b)
{
    eval_ctx *ev = eval_new(m->ex, 64);
    mpfr_t v;
    mpfr_init2(v, 64);
    ck_assert_int_eq(eval_exprs(ev, 1, (expr *[]){model_const_values(m, b)}, &v), EVAL_OK);
    double r = mpfr_get_d(v, MPFR_RNDN);
    mpfr_clear(v);
    eval_free(ev);
    return r;
}

/* Point k of 8 for coordinate i: u in (0, 1), a different order per coordinate, mapped into
 * the open domain (away from its ends, where quadrature is hardest). */
static void point_value(model *m, int sym, int i, int k, mpfr_t out)
{
    static const double us[POINTS] = {0.13, 0.71, 0.42, 0.9, 0.27, 0.58, 0.05, 0.83};
    double u = us[(k + 3 * i) % POINTS];
    const decl *dc = expr_sym_get(m->ex, sym)->owner;
    const domain *dm = &dc->dom;
    double x;
    if (dm->kind == DOM_REAL || (!dm->lo && !dm->hi)) {
        x = 4.0 * (u - 0.5);
    } else if (dm->lo && dm->hi) {
        double a = bound(m, dm->lo), b = bound(m, dm->hi);
        x = a + (b - a) * (0.1 + 0.8 * u);
    } else if (dm->lo) {
        x = bound(m, dm->lo) + 0.2 + 3.0 * u;
    } else {
        x = bound(m, dm->hi) - 0.2 - 3.0 * u;
    }
    /* an exact short decimal, so the point is the same at every precision */
    mpfr_set_d(out, (double)(long)(x * 1000.0) / 1000.0, MPFR_RNDN);
}

/* Compares the density with +sqrt(det E[s s^T]) at POINTS points of coordinates
 * params[0..d); logp in those coordinates. */
static void compare(model *m, expr *logp, const int *params, int d, expr *density,
                    const char *what)
{
    mpfr_t *pt = malloc((size_t)d * sizeof *pt);
    for (int i = 0; i < d; i++)
        mpfr_init2(pt[i], PREC);
    mpfr_t want, have, diff;
    mpfr_inits2(PREC, want, have, diff, (mpfr_ptr)0);
    eval_ctx *ev = eval_new(m->ex, PREC);
    expr *dv = model_const_values(m, density);
    for (int k = 0; k < POINTS; k++) {
        for (int i = 0; i < d; i++) {
            point_value(m, params[i], i, k, pt[i]);
            eval_set(ev, params[i], pt[i]);
        }
        numfim nf;
        char *err = NULL;
        int rc = numfim_compute(&nf, m, logp, params, d, pt, -1, 24, 0, &err);
        ck_assert_msg(rc == 0, "%s: numfim failed at point %d: %s", what, k, err ? err : "");
        ck_assert_msg(nf.digits >= MIN_DIGITS + 2, "%s: only %d digits of F at point %d", what,
                      nf.digits, k);
        ck_assert_int_eq(fimrt_sym_det(want, (const mpfr_t *)nf.ess, (size_t)d, PREC), FIMRT_OK);
        ck_assert_msg(mpfr_sgn(want) > 0, "%s: det F <= 0 at point %d", what, k);
        mpfr_sqrt(want, want, MPFR_RNDN);
        ck_assert_int_eq(eval_exprs(ev, 1, &dv, &have), EVAL_OK);
        mpfr_sub(diff, have, want, MPFR_RNDN);
        mpfr_div(diff, diff, want, MPFR_RNDN);
        mpfr_abs(diff, diff, MPFR_RNDN);
        char *hs = numfim_format(have, 20), *ws = numfim_format(want, 20);
        ck_assert_msg(mpfr_sgn(have) > 0 && mpfr_cmp_d(diff, 1e-15) < 0,
                      "%s: the printed density is %s at point %d, +sqrt(det F) is %s", what, hs,
                      k, ws);
        free(hs);
        free(ws);
        numfim_clear(&nf);
    }
    eval_free(ev);
    for (int i = 0; i < d; i++)
        mpfr_clear(pt[i]);
    free(pt);
    mpfr_clears(want, have, diff, (mpfr_ptr)0);
}

/* Every closed form of the model (its own coordinates and each reparam's) against the
 * numeric engine. Returns how many coordinate systems had a closed form. */
static int check_model(model *m, const char *name)
{
    diff_ctx dc;
    diff_init(&dc, m->ex);
    simp_ctx *sc = simp_new(m->ex);
    int n = 0;
    for (int r = -1; r < m->nreparams; r++) {
        expfam ef;
        expfam_model(&ef, m, &dc, sc, r);
        if (ef.solved) {
            expr *lp = m->logp;
            if (r >= 0) {
                const model_reparam *rp = m->reparams[r];
                lp = expr_subst(m->ex, lp, (size_t)rp->nassign, rp->old_syms, rp->rhs);
            }
            char what[256];
            snprintf(what, sizeof what, "%s%s%s", name, r >= 0 ? ", reparam " : "",
                     r >= 0 ? m->reparams[r]->name : "");
            expr *p = fisher_jeffreys(m, sc, ef.F, ef.d);
            compare(m, lp, ef.params, ef.d, p, what);
            n++;
        }
        expfam_free(&ef);
    }
    simp_free(sc);
    diff_free(&dc);
    return n;
}

START_TEST(test_every_model)
{
    DIR *dir = opendir(MODELS_DIR);
    ck_assert_msg(dir != NULL, "cannot open %s", MODELS_DIR);
    struct dirent *de;
    int models = 0, systems = 0;
    while ((de = readdir(dir))) {
        size_t len = strlen(de->d_name);
        if (len < 5 || strcmp(de->d_name + len - 4, ".fim") != 0)
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", MODELS_DIR, de->d_name);
        char *text = slurp(path);
        ck_assert_msg(text != NULL, "cannot read %s", path);
        fx *f = fx_analyse(text);
        ck_assert_msg(f->m != NULL, "%s does not analyse", path);
        if (f->m->ninputs == 0) {
            systems += check_model(f->m, de->d_name);
            models++;
        }
        fx_free(f);
        free(text);
    }
    closedir(dir);
    /* a shrinking count would mean the test stopped testing */
    fprintf(stderr, "jeffreys: %d models, %d coordinate systems with a closed form\n", models,
            systems);
    ck_assert_int_ge(models, 16);
    ck_assert_int_ge(systems, SYSTEMS_AT_LEAST);
}
END_TEST

/* The density of a one-model source, printed. */
static char *density_of(const char *text, fx **keep)
{
    fx *f = fx_analyse(text);
    ck_assert_msg(f->m != NULL, "does not analyse: %s", fx_diags(f));
    model *m = f->m;
    diff_ctx dc;
    diff_init(&dc, m->ex);
    simp_ctx *sc = simp_new(m->ex);
    expfam ef;
    expfam_model(&ef, m, &dc, sc, -1);
    ck_assert(ef.solved);
    expr *p = fisher_jeffreys(m, sc, ef.F, ef.d);
    char *s = expr_to_string(m->ex, p);
    compare(m, m->logp, ef.params, ef.d, p, s);
    expfam_free(&ef);
    simp_free(sc);
    diff_free(&dc);
    *keep = f;
    return s;
}

START_TEST(test_truncated_poisson)
{
    fx *f;
    char *s = density_of("param lam in (0, inf)\n"
                         "data x in {1..inf}\n"
                         "logp = x*log(lam) - lam - lfactorial(x) - log(1 - exp(-lam))\n",
                         &f);
    ck_assert_str_eq(s, "sqrt(exp(lam) - 1 - lam)*sqrt(exp(lam))/(sqrt(lam)*(exp(lam) - 1))");
    /* the value at lam = 1.7 against mpmath */
    model *m = f->m;
    eval_ctx *ev = eval_new(m->ex, 128);
    mpfr_t v;
    mpfr_init2(v, 128);
    mpfr_set_str(v, "1.7", 10, MPFR_RNDN);
    eval_set(ev, m->params[0], v);
    diff_ctx dc;
    diff_init(&dc, m->ex);
    simp_ctx *sc = simp_new(m->ex);
    expfam ef;
    expfam_model(&ef, m, &dc, sc, -1);
    expr *p = fisher_jeffreys(m, sc, ef.F, ef.d);
    ck_assert_int_eq(eval_exprs(ev, 1, &p, &v), EVAL_OK);
    mpfr_t ref;
    mpfr_init2(ref, 128);
    mpfr_set_str(ref, "0.6680117262103962541079178470513513293998", 10, MPFR_RNDN);
    mpfr_sub(ref, ref, v, MPFR_RNDN);
    ck_assert_msg(mpfr_cmp_d(ref, 1e-35) < 0 && mpfr_cmp_d(ref, -1e-35) > 0, "the density at lam = 1.7 is off by %g", mpfr_get_d(ref, MPFR_RNDN));
    mpfr_clears(v, ref, (mpfr_ptr)0);
    expfam_free(&ef);
    simp_free(sc);
    diff_free(&dc);
    eval_free(ev);
    free(s);
    fx_free(f);
}
END_TEST

START_TEST(test_signs_of_factors)
{
    static const struct {
        const char *src, *want;
    } cases[] = {
        /* t - 1 > 0 on (1, inf): 1/(t - 1), not 1/(1 - t) */
        {"param t in (1, inf)\ndata x in (0, inf)\nlogp = log(t - 1) - (t - 1)*x\n",
         "1/(t - 1)"},
        /* t < 0: -1/t is positive */
        {"param t in (-inf, 0)\ndata x in (0, inf)\nlogp = log(-t) + t*x\n", "-1/t"},
        /* two parameters, one negative: sqrt(2)/t^2 needs no sign; the rate 1/(-t) does */
        {"param t in (-inf, -1)\ndata x in (0, inf)\nlogp = log(-1 - t) + (1 + t)*x\n",
         "1/(-1 - t)"},
        /* mu >= 0 on (0, inf): sqrt(mu^2) is mu */
        {"param mu in (0, inf)\ndata x in (0, inf)\nlogp = log(mu^2 + 1) - (mu^2 + 1)*x\n",
         "2*mu/(1 + mu^2)"},
        /* on R neither t - 1 nor t^2 - 2t + 2 has a sign interval arithmetic can show:
         * both stay under abs (correct, if not the shortest form) */
        {"param t in R\ndata x in (0, inf)\nlogp = log(t^2 - 2*t + 2) - (t^2 - 2*t + 2)*x\n",
         "2*abs(1 - t)/abs(2 + t^2 - 2*t)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        fx *f;
        char *s = density_of(cases[i].src, &f);
        ck_assert_str_eq(s, cases[i].want);
        free(s);
        fx_free(f);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("jeffreys");
    TCase *tc = tcase_create("jeffreys");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_every_model);
    tcase_add_test(tc, test_truncated_poisson);
    tcase_add_test(tc, test_signs_of_factors);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    flint_cleanup();
    mpfr_free_cache();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
