/* tests/unit/check_sema.c — semantic analysis (compiler/sema.c): -D overrides, sum/prod
 * unrolling, let inlining, distribution expansion against the densities written out in the
 * same model, reparam coordinates, and the error cases, each with its exact message and
 * 1-based LINE:COL (COL in characters) from the captured diagnostics.
 *
 * Expected expression strings were derived by hand from the canonical order of
 * compiler/expr.h (see the comment at the top of check_parser.c). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static fx *ok_model(const char *text)
{
    fx *f = fx_analyse(text);
    ck_assert_msg(f->m != NULL, "model refused:\n%s", fx_diags(f));
    ck_assert_msg(fx_nerrors(f) == 0, "diagnostics:\n%s", fx_diags(f));
    return f;
}

static fx *ok_model_D(const char *text, int ndefs, const char *const *defs)
{
    fx *f = fx_analyse_D(text, ndefs, defs);
    ck_assert_msg(f->m != NULL, "model refused:\n%s", fx_diags(f));
    ck_assert_msg(fx_nerrors(f) == 0, "diagnostics:\n%s", fx_diags(f));
    return f;
}

/* The model is refused with exactly these message headers (errors and notes), in order. */
static void ck_refused(fx *f, int nerrors, const char *const *msgs, int nmsgs)
{
    ck_assert_msg(f->m == NULL, "model accepted");
    ck_assert_msg(fx_nerrors(f) == nerrors, "%d errors, expected %d:\n%s", fx_nerrors(f), nerrors,
                  fx_diags(f));
    for (int i = 0; i < nmsgs; i++) {
        const char *got = fx_msg(f, i);
        ck_assert_msg(got != NULL, "message %d missing:\n%s", i, fx_diags(f));
        ck_assert_str_eq(got, msgs[i]);
    }
    ck_assert_int_eq(fx_nmsgs(f), nmsgs);
}

#define REFUSED(f, nerr, ...)                                                               \
    do {                                                                                    \
        static const char *const msgs_[] = {__VA_ARGS__};                                   \
        ck_refused((f), (nerr), msgs_, (int)ARRAY_LEN(msgs_));                              \
    } while (0)

/* ================================================================ -D overrides */

static const char binomial_model[] = "const n = 10\n"
                                     "param p in (0, 1)\n"
                                     "data x in {0..n}\n"
                                     "x ~ binomial(n, p)\n";

START_TEST(test_override_scalar)
{
    static const char *const defs[] = {"n=20"};
    fx *f = ok_model_D(binomial_model, 1, defs);
    ck_assert(f->ov[0].used);
    ck_assert(fx_decl(f, "n")->overridden);
    ck_assert_str_eq(fx_const_value(f, "n"), "20");
    ck_assert_str_eq(fx_print(f, false), "model t\n"
                                         "const n = 20\n"
                                         "param p in (0, 1)\n"
                                         "data x in {0..n}\n"
                                         "x ~ binomial(n, p)\n");
    fx_free(f);
    /* the value is a const expression */
    static const char *const defs2[] = {"n=3*2"};
    f = ok_model_D(binomial_model, 1, defs2);
    ck_assert_str_eq(fx_const_value(f, "n"), "6");
    fx_free(f);
    /* without -D the file's value */
    f = ok_model(binomial_model);
    ck_assert_str_eq(fx_const_value(f, "n"), "10");
    ck_assert(!fx_decl(f, "n")->overridden);
    fx_free(f);
    /* consts that depend on the overridden one follow it */
    f = ok_model_D("const n = 10\nconst m = 2*n\nparam p in (0, 1)\ndata x in {0..m}\n"
                   "x ~ binomial(m, p)\n",
                   1, (const char *const[]){"n=5"});
    ck_assert_str_eq(fx_const_value(f, "m"), "10");
    ck_assert_str_eq(fx_print(f, false), "model t\nconst n = 5\nconst m = 2*n\nparam p in (0, 1)\n"
                                         "data x in {0..m}\nx ~ binomial(m, p)\n");
    fx_free(f);
    /* a -D for a name the model lacks is left unused (the command line reports it) */
    static const char *const defs3[] = {"q=1"};
    f = ok_model_D(binomial_model, 1, defs3);
    ck_assert(!f->ov[0].used);
    fx_free(f);
}
END_TEST

START_TEST(test_override_changes_support_and_sum)
{
    static const char text[] = "const K = 3\n"
                               "param theta in (0, inf)\n"
                               "data x[K] in {0..K}\n"
                               "logp = sum(i in 1..K, x[i]*log(theta) - theta - lfactorial(x[i]))\n";
    fx *f = ok_model(text);
    ck_assert_int_eq(f->m->ndata, 3);
    ck_assert_str_eq(fx_logp(f), "x[1]*log(theta) + x[2]*log(theta) + x[3]*log(theta) - 3*theta"
                                 " - lfactorial(x[1]) - lfactorial(x[2]) - lfactorial(x[3])");
    fx_free(f);

    static const char *const defs[] = {"K=5"};
    f = ok_model_D(text, 1, defs);
    ck_assert_int_eq(f->m->ndata, 5);
    ck_assert_int_eq(fx_decl(f, "x")->len, 5);
    ck_assert_str_eq(expr_sym_get(f->m->ex, f->m->data[4])->name, "x[5]");
    /* the support is printed by name, and its bound is now 5 */
    const domain *dm = &fx_decl(f, "x")->dom;
    ck_assert_str_eq(fx_str(f, dm->hi), "K");
    ck_assert_str_eq(fx_str(f, f->m->closed[dm->hi->sym]), "5");
    ck_assert_str_eq(fx_logp(f), "x[1]*log(theta) + x[2]*log(theta) + x[3]*log(theta) + "
                                 "x[4]*log(theta) + x[5]*log(theta) - 5*theta - lfactorial(x[1]) - "
                                 "lfactorial(x[2]) - lfactorial(x[3]) - lfactorial(x[4]) - "
                                 "lfactorial(x[5])");
    fx_free(f);

    /* the support a distribution needs follows the override */
    f = fx_analyse_D("const n = 10\nparam p in (0, 1)\ndata x in {0..10}\nx ~ binomial(n, p)\n", 1,
                     (const char *const[]){"n=20"});
    REFUSED(f, 1, "t.fim:4:3: error: 'x' is declared with support {0..10}, but binomial needs the "
                  "support {0..20}");
    fx_free(f);
}
END_TEST

START_TEST(test_override_vector)
{
    static const char text[] = "const c = {1, 2}\n"
                               "param theta in R\n"
                               "data x in R\n"
                               "let s = c[2]*theta\n"
                               "logp = -(x - s)^2/2\n";
    static const char *const defs[] = {"c={3, 4, 5}"};
    fx *f = ok_model_D(text, 1, defs);
    decl *c = fx_decl(f, "c");
    ck_assert_int_eq(c->len, 3);
    ck_assert(c->overridden);
    ck_assert_str_eq(fx_const_value(f, "c[1]"), "3");
    ck_assert_str_eq(fx_const_value(f, "c[3]"), "5");
    ck_assert_ptr_nonnull(strstr(fx_print(f, false), "\nconst c = {3, 4, 5}\n"));
    fx_free(f);
}
END_TEST

START_TEST(test_override_errors)
{
    /* scalar against list */
    fx *f = fx_analyse_D(binomial_model, 1, (const char *const[]){"n={1, 2}"});
    REFUSED(f, 1, "fimc: error: -D n: 'n' is a scalar const, and the value given is a list");
    fx_free(f);
    f = fx_analyse_D("const c = {1, 2}\nparam theta in R\ndata x in R\nlogp = -(x - theta)^2/2\n", 1,
                     (const char *const[]){"c=3"});
    REFUSED(f, 1, "fimc: error: -D c: 'c' is a vector const, and the value given is a scalar");
    fx_free(f);
    /* a parameter is not a constant: the message points into the -D text */
    f = fx_analyse_D(binomial_model, 1, (const char *const[]){"n=p"});
    REFUSED(f, 1, "<-D n>:1:1: error: the value of a const must be a constant expression; 'p' is a "
                  "parameter");
    fx_free(f);
    /* earlier consts may be used, later ones not */
    f = ok_model_D("const m = 4\nconst n = 10\nconst k = 1\nparam p in (0, 1)\ndata x in {0..n}\n"
                   "x ~ binomial(n, p)\n",
                   1, (const char *const[]){"n=2*m"});
    ck_assert_str_eq(fx_const_value(f, "n"), "8");
    fx_free(f);
    f = fx_analyse_D("const n = 10\nconst k = 1\nparam p in (0, 1)\ndata x in {0..n}\n"
                     "x ~ binomial(n, p)\n",
                     1, (const char *const[]){"n=1 + k"});
    REFUSED(f, 1, "<-D n>:1:5: error: 'k' is not a const declared before this one");
    fx_free(f);
}
END_TEST

/* ================================================================ sum and prod */

START_TEST(test_sum_prod_unrolling)
{
    fx *f = ok_model("param theta in R\n"
                     "data x[3] in R\n"
                     "let s = sum(i in 1..3, x[i])\n"
                     "let e = sum(i in 1..0, x[i])\n"
                     "let p = prod(i in 1..3, x[i])\n"
                     "let q = prod(i in 3..2, x[i])\n"
                     "let w = sum(i in 1..3, i*x[i])\n"
                     "let v = sum(i in 1..2, sum(j in i..2, x[i]*x[j]))\n"
                     "logp = -(s - 3*theta)^2/6\n");
    ck_assert_str_eq(fx_str(f, fx_decl(f, "s")->value), "x[1] + x[2] + x[3]");
    ck_assert_str_eq(fx_str(f, fx_decl(f, "e")->value), "0"); /* an empty sum */
    ck_assert_str_eq(fx_str(f, fx_decl(f, "p")->value), "x[1]*x[2]*x[3]");
    ck_assert_str_eq(fx_str(f, fx_decl(f, "q")->value), "1"); /* an empty product */
    ck_assert_str_eq(fx_str(f, fx_decl(f, "w")->value), "x[1] + 2*x[2] + 3*x[3]");
    /* i = 1: x1^2 + x1 x2; i = 2: x2^2 */
    ck_assert_str_eq(fx_str(f, fx_decl(f, "v")->value), "x[1]^2 + x[1]*x[2] + x[2]^2");
    ck_assert_str_eq(fx_logp_src(f), "-(s - 3*theta)^2/6");
    ck_assert_str_eq(fx_logp(f), "-(x[1] + x[2] + x[3] - 3*theta)^2/6");
    fx_free(f);
}
END_TEST

START_TEST(test_sum_errors)
{
    fx *f = fx_analyse("param theta in R\ndata x in R\nlogp = sum(i in 1..x, theta*i)\n");
    REFUSED(f, 1, "t.fim:3:20: error: a summation bound must be a constant expression; 'x' is a data "
                  "variable");
    fx_free(f);
    f = fx_analyse("param theta in R\ndata x in R\nlogp = sum(theta in 1..3, x)\n");
    REFUSED(f, 1, "t.fim:3:8: error: the summation index 'theta' hides a declared name");
    fx_free(f);
    f = fx_analyse("param theta in R\ndata x in R\nlogp = sum(i in 1..3, i[1]*theta*x)\n");
    REFUSED(f, 1, "t.fim:3:23: error: 'i' is a summation index, not a vector");
    fx_free(f);
    /* the index exists only inside its sum */
    f = fx_analyse("param theta in R\ndata x in R\nlogp = sum(i in 1..3, theta*x) + i\n");
    REFUSED(f, 1, "t.fim:3:34: error: 'i' is not declared");
    fx_free(f);
}
END_TEST

/* ================================================================ let */

START_TEST(test_let_inlining)
{
    fx *f = ok_model("param mu in R\n"
                     "param sigma in (0, inf)\n"
                     "data x in R\n"
                     "let z = (x - mu)/sigma\n"
                     "let z2 = z^2\n"
                     "logp = -z2/2 - log(sigma) - log(2*pi)/2\n");
    /* kept by name in the model as written */
    ck_assert_str_eq(fx_logp_src(f), "-z2/2 - log(2*pi)/2 - log(sigma)");
    ck_assert_str_eq(fx_str(f, fx_decl(f, "z2")->value), "z^2");
    ck_assert_str_eq(fx_print(f, false), "model t\n"
                                         "param mu in R\n"
                                         "param sigma in (0, inf)\n"
                                         "data x in R\n"
                                         "let z = (x - mu)/sigma\n"
                                         "let z2 = z^2\n"
                                         "logp = -z2/2 - log(2*pi)/2 - log(sigma)\n");
    /* inlined (through both lets) in the expanded density */
    ck_assert_str_eq(fx_logp(f), "-(x - mu)^2/(2*sigma^2) - log(2*pi)/2 - log(sigma)");
    ck_assert_str_eq(fx_print(f, true), "model t\n"
                                        "param mu in R\n"
                                        "param sigma in (0, inf)\n"
                                        "data x in R\n"
                                        "logp = -(x - mu)^2/(2*sigma^2) - log(2*pi)/2 - log(sigma)\n");
    fx_free(f);
}
END_TEST

START_TEST(test_let_in_distribution_arguments)
{
    fx *f = ok_model("param mu in R\n"
                     "param tau in R\n"
                     "data x in R\n"
                     "let s = exp(tau)\n"
                     "x ~ normal(mu, s)\n");
    ck_assert_str_eq(fx_print(f, false), "model t\n"
                                         "param mu in R\n"
                                         "param tau in R\n"
                                         "data x in R\n"
                                         "let s = exp(tau)\n"
                                         "x ~ normal(mu, s)\n");
    /* log(exp(tau)) = tau */
    ck_assert_str_eq(fx_logp(f), "-tau - (x - mu)^2/(2*exp(tau)^2) - log(2*pi)/2");
    fx_free(f);
}
END_TEST

/* ================================================================ distributions */

typedef struct dist_eq_case {
    const char *decls;  /* params and data */
    const char *tilde;  /* the '~' statement */
    const char *dens;   /* the same log-density written out */
} dist_eq_case;

static const dist_eq_case dist_eq_cases[] = {
    {"param mu in R\nparam sigma in (0, inf)\ndata x in R\n", "x ~ normal(mu, sigma)",
     "-(x - mu)^2/(2*sigma^2) - log(sigma) - log(2*pi)/2"},
    {"param rate in (0, inf)\ndata x in {0..inf}\n", "x ~ poisson(rate)",
     "x*log(rate) - rate - lfactorial(x)"},
    {"param p in (0, 1)\ndata x in {0, 1}\n", "x ~ bernoulli(p)", "x*log(p) + (1 - x)*log(1 - p)"},
    {"param shape in (0, inf)\nparam rate in (0, inf)\ndata x in (0, inf)\n", "x ~ gamma(shape, rate)",
     "shape*log(rate) + (shape - 1)*log(x) - rate*x - lgamma(shape)"},
    {"param rate in (0, inf)\ndata x in (0, inf)\n", "x ~ exponential(rate)", "log(rate) - rate*x"},
    {"param a in (0, inf)\nparam b in (0, inf)\ndata x in (0, 1)\n", "x ~ beta(a, b)",
     "(a - 1)*log(x) + (b - 1)*log(1 - x) - lbeta(a, b)"},
    {"const n = 7\nparam p in (0, 1)\ndata x in {0..n}\n", "x ~ binomial(n, p)",
     "lchoose(n, x) + x*log(p) + (n - x)*log(1 - p)"},
    {"param p in (0, 1)\ndata x in {0..inf}\n", "x ~ geometric(p)", "x*log(1 - p) + log(p)"},
    {"param r in (0, inf)\nparam p in (0, 1)\ndata x in {0..inf}\n", "x ~ negative_binomial(r, p)",
     "lchoose(x + r - 1, x) + r*log(p) + x*log(1 - p)"},
    {"param loc in R\nparam scale in (0, inf)\ndata x in R\n", "x ~ cauchy(loc, scale)",
     "-log(pi) - log(scale) - log(1 + ((x - loc)/scale)^2)"},
    {"param loc in R\nparam scale in (0, inf)\ndata x in R\n", "x ~ laplace(loc, scale)",
     "-log(2*scale) - abs(x - loc)/scale"},
    {"param mu in (0, inf)\nparam lambda in (0, inf)\ndata x in (0, inf)\n",
     "x ~ inverse_gaussian(mu, lambda)",
     "log(lambda)/2 - log(2*pi)/2 - 3*log(x)/2 - lambda*(x - mu)^2/(2*mu^2*x)"},
    {"param w[2] in R\ndata k in {1..3}\n", "k ~ categorical_logit(w)",
     "delta(k, 1)*w[1] + delta(k, 2)*w[2] - log(1 + exp(w[1]) + exp(w[2]))"},
};

START_TEST(test_distribution_expansion)
{
    /* x ~ dist(...) and the density written out, in the same model (as a let): the same
     * expression, hence the same node and the same printed string */
    const dist_eq_case *dc = &dist_eq_cases[_i];
    char text[512];
    snprintf(text, sizeof text, "%slet dens = %s\n%s\n", dc->decls, dc->dens, dc->tilde);
    fx *f = ok_model(text);
    const expr *dens = fx_decl(f, "dens")->value;
    ck_assert_str_eq(fx_logp(f), fx_str(f, dens));
    ck_assert_ptr_eq(f->m->logp, dens);
    fx_free(f);
}
END_TEST

/* ================================================================ reparam coordinates */

START_TEST(test_reparam_coordinates)
{
    static const char normal[] = "param mu in R\nparam sigma in (0, inf)\ndata x in R\n"
                                 "x ~ normal(mu, sigma)\n";
    char text[512];
    snprintf(text, sizeof text, "%sreparam r(tau in R) { sigma = exp(tau) }\n"
                                "check r.fim == [[exp(-2*tau), 0], [0, 2]]\n", normal);
    fx *f = ok_model(text);
    const model_reparam *rp = f->m->reparams[0];
    ck_assert_int_eq(rp->ncoords, 2);
    ck_assert_int_eq(rp->coords[0], fx_sym(f, "mu"));
    ck_assert_int_eq(rp->coords[1], fx_sym(f, "tau"));
    ck_assert_str_eq(fx_coords(f, 0), "mu, tau");
    ck_assert_int_eq(rp->news[0]->reparam, 0);
    ck_assert_int_eq(f->m->claims[0]->reparam, 0);
    /* the model's own coordinates are untouched */
    ck_assert_int_eq(f->m->nparams, 2);
    ck_assert_int_eq(f->m->params[1], fx_sym(f, "sigma"));
    fx_free(f);

    snprintf(text, sizeof text, "%sreparam nat(e1 in R, e2 in (-inf, 0)) "
                                "{ mu = -e1/(2*e2); sigma = sqrt(-1/(2*e2)) }\n", normal);
    f = ok_model(text);
    ck_assert_str_eq(fx_coords(f, 0), "e1, e2");
    fx_free(f);

    /* the new ones take the place of the first replaced parameter, in the order listed */
    static const char three[] = "param a in R\nparam b in (0, inf)\nparam c in (0, inf)\ndata x in R\n"
                                "logp = -(x - a)^2/(2*b*c) - log(b*c)/2 - log(2*pi)/2\n";
    snprintf(text, sizeof text, "%sreparam r(lb in R) { b = exp(lb) }\n", three);
    f = ok_model(text);
    ck_assert_str_eq(fx_coords(f, 0), "a, lb, c");
    fx_free(f);
    snprintf(text, sizeof text, "%sreparam r(u in R, v in R) { c = exp(v); a = u }\n", three);
    f = ok_model(text);
    ck_assert_str_eq(fx_coords(f, 0), "u, v, b");
    ck_assert_int_eq(f->m->reparams[0]->old_syms[0], fx_sym(f, "c"));
    ck_assert_int_eq(f->m->reparams[0]->old_syms[1], fx_sym(f, "a"));
    fx_free(f);
    /* an element of a parameter vector */
    f = ok_model("param w[2] in R\ndata y in R\nlogp = -(y - w[1] - w[2])^2/2\n"
                 "reparam r(z in R) { w[2] = 2*z }\n");
    ck_assert_str_eq(fx_coords(f, 0), "w[1], z");
    ck_assert_str_eq(fx_str(f, f->m->reparams[0]->rhs[0]), "2*z");
    fx_free(f);
}
END_TEST

START_TEST(test_reparam_errors)
{
    static const char three[] = "param a in R\nparam b in (0, inf)\nparam c in (0, inf)\ndata x in R\n"
                                "logp = -(x - a)^2/(2*b*c) - log(b*c)/2 - log(2*pi)/2\n";
    char text[512];
    snprintf(text, sizeof text, "%sreparam r(u in R) { a = u; c = u }\n", three);
    fx *f = fx_analyse(text);
    REFUSED(f, 1, "t.fim:6:9: error: reparam 'r' gives 1 new parameter for 2 replaced: a "
                  "reparameterization must be one-to-one");
    fx_free(f);
    snprintf(text, sizeof text, "%sreparam r(u in (0, inf)) { b = u + b }\n", three);
    f = fx_analyse(text);
    REFUSED(f, 1, "t.fim:6:36: error: 'b' is replaced by reparam 'r' and cannot appear in its "
                  "expressions");
    fx_free(f);
    snprintf(text, sizeof text, "%sreparam r(u in R, v in R) { a = u; b = exp(u) }\n", three);
    f = fx_analyse(text);
    REFUSED(f, 1, "t.fim:6:19: error: the new parameter 'v' of reparam 'r' is not used by any "
                  "assignment");
    fx_free(f);
    snprintf(text, sizeof text, "%sreparam r(u in R) { a = u*x }\n", three);
    f = fx_analyse(text);
    REFUSED(f, 1, "t.fim:6:27: error: a reparam expresses parameters through the new parameters "
                  "and consts only; 'x' is a data variable");
    fx_free(f);
    snprintf(text, sizeof text, "%sreparam r(u in R) { x = u }\n", three);
    f = fx_analyse(text);
    REFUSED(f, 1, "t.fim:6:21: error: 'x' is a data variable: a reparam can only give parameters "
                  "new coordinates");
    fx_free(f);
    snprintf(text, sizeof text, "%sreparam r(u in R) { a = u }\nreparam r(v in R) { a = v }\n", three);
    f = fx_analyse(text);
    REFUSED(f, 1, "t.fim:7:9: error: a reparam named 'r' is already declared",
            "t.fim:6:9: note: the first 'r' is here");
    fx_free(f);
}
END_TEST

/* ================================================================ error cases */

START_TEST(test_error_param_in_support)
{
    fx *f = fx_analyse("param theta in (0, inf)\n"
                       "data x in (0, theta)\n"
                       "logp = -log(theta)\n");
    REFUSED(f, 1, "t.fim:2:15: error: the support of 'x' depends on the parameter 'theta': the "
                  "regularity conditions of the Fisher information fail when the support depends "
                  "on a parameter");
    fx_free(f);
    /* Pareto: x >= x_m with x_m a parameter */
    f = fx_analyse("param xm in (0, inf)\n"
                   "param alpha in (0, inf)\n"
                   "data x in [xm, inf)\n"
                   "logp = log(alpha) + alpha*log(xm) - (alpha + 1)*log(x)\n");
    REFUSED(f, 1, "t.fim:3:12: error: the support of 'x' depends on the parameter 'xm': the "
                  "regularity conditions of the Fisher information fail when the support depends "
                  "on a parameter");
    fx_free(f);
    /* an integer range with a parameter bound */
    f = fx_analyse("param n in (0, inf)\ndata k in {0..n}\nlogp = -n\n");
    REFUSED(f, 1, "t.fim:2:15: error: the support of 'k' depends on the parameter 'n': the "
                  "regularity conditions of the Fisher information fail when the support depends "
                  "on a parameter");
    fx_free(f);
}
END_TEST

START_TEST(test_error_data_in_domain)
{
    fx *f = fx_analyse("data x in R\nparam theta in (x, inf)\nlogp = -theta\n");
    REFUSED(f, 1, "t.fim:2:17: error: the domain of 'theta' must be a constant expression; 'x' is "
                  "a data variable");
    fx_free(f);
    f = fx_analyse("param a in R\nparam b in (a, inf)\ndata x in R\nlogp = -(x - a)^2/b\n");
    REFUSED(f, 1, "t.fim:2:13: error: the domain of 'b' must be a constant expression; 'a' is a "
                  "parameter");
    fx_free(f);
}
END_TEST

START_TEST(test_error_duplicate_names)
{
    fx *f = fx_analyse("param theta in R\ndata theta in R\nlogp = -theta^2/2\n");
    REFUSED(f, 1, "t.fim:2:6: error: 'theta' is already declared",
            "t.fim:1:7: note: 'theta' was declared here as a parameter");
    fx_free(f);
    f = fx_analyse("const n = 1\nparam theta in R\ndata x in R\nlet n = 2\nlogp = -(x - theta)^2/2\n");
    REFUSED(f, 1, "t.fim:4:5: error: 'n' is already declared",
            "t.fim:1:7: note: 'n' was declared here as a const");
    fx_free(f);
    f = fx_analyse("input u\nparam theta in R\ndata x in R\nparam u in R\nlogp = -(x - theta)^2/2\n");
    REFUSED(f, 1, "t.fim:4:7: error: 'u' is already declared",
            "t.fim:1:7: note: 'u' was declared here as an input");
    fx_free(f);
}
END_TEST

START_TEST(test_error_undeclared)
{
    fx *f = fx_analyse("param theta in (0, 1)\n"
                       "data x in {0, 1}\n"
                       "logp = x*log(thta) + (1 - x)*log(1 - theta)\n");
    REFUSED(f, 1, "t.fim:3:14: error: 'thta' is not declared");
    fx_free(f);
    f = fx_analyse("param theta in R\ndata x in R\nlogp = -(y[1] - theta)^2\n");
    REFUSED(f, 1, "t.fim:3:10: error: 'y' is not declared");
    fx_free(f);
    f = fx_analyse("param theta in R\ndata x in R\nlogp = -exp*theta\n");
    REFUSED(f, 1, "t.fim:3:9: error: 'exp' is a function: call it as exp(...)");
    fx_free(f);
    f = fx_analyse("param theta in R\ndata x in R\nlogp = foo(theta)*x\n");
    REFUSED(f, 1, "t.fim:3:8: error: unknown function 'foo'");
    fx_free(f);
    f = fx_analyse("param theta in R\ny ~ normal(theta, 1)\n");
    REFUSED(f, 1, "t.fim:2:1: error: 'y' is not declared; declare it with 'data y in ...'");
    fx_free(f);
}
END_TEST

START_TEST(test_error_use_before_declaration)
{
    fx *f = fx_analyse("data x in R\n"
                       "logp = -(x - mu)^2/2\n"
                       "param mu in R\n");
    REFUSED(f, 1, "t.fim:2:14: error: 'mu' is used before its declaration on line 3");
    fx_free(f);
    f = fx_analyse("param theta in R\ndata x[n] in R\nconst n = 2\nlogp = -theta\n");
    REFUSED(f, 1, "t.fim:2:8: error: 'n' is used before its declaration on line 3");
    fx_free(f);
}
END_TEST

START_TEST(test_error_no_or_two_logp)
{
    fx *f = fx_analyse("param theta in R\ndata x in R\n");
    REFUSED(f, 1, "t.fim:1:1: error: the model has no log-density: add 'logp = ...' or a statement "
                  "such as 'x ~ normal(mu, sigma)'");
    fx_free(f);
    f = fx_analyse("param theta in R\n"
                   "data x in R\n"
                   "logp = -(x - theta)^2/2\n"
                   "logp = -(x - theta)^2\n");
    REFUSED(f, 1, "t.fim:4:1: error: the model has a second 'logp'; a model has exactly one",
            "t.fim:3:1: note: the first 'logp' is here");
    fx_free(f);
    f = fx_analyse("param theta in R\ndata x in R\nlogp = -(x - theta)^2/2\nx ~ normal(theta, 1)\n");
    REFUSED(f, 1, "t.fim:4:3: error: '~' statements cannot be combined with 'logp': give the "
                  "density either as one 'logp' or as '~' statements");
    fx_free(f);
    f = fx_analyse("data x in R\nlogp = -x^2/2\n");
    REFUSED(f, 1, "t.fim:1:1: error: the model has no parameters: declare one with 'param NAME in "
                  "DOMAIN'");
    fx_free(f);
    f = fx_analyse("param theta in R\nlogp = -theta^2/2\n");
    REFUSED(f, 1, "t.fim:1:1: error: the model has no data variable: declare one with 'data NAME "
                  "in SUPPORT'");
    fx_free(f);
    f = fx_analyse("param theta in R\ndata x in R\ndata y in R\nx ~ normal(theta, 1)\n");
    REFUSED(f, 1, "t.fim:3:6: error: the data variable 'y' has no distribution: add 'y ~ ...'");
    fx_free(f);
}
END_TEST

START_TEST(test_error_ambiguous_reparam_names)
{
    static const char normal[] = "param mu in R\nparam sigma in (0, inf)\ndata x in R\n"
                                 "x ~ normal(mu, sigma)\n";
    char text[512];
    snprintf(text, sizeof text, "%sreparam r(sigma in (0, inf)) { sigma = sigma^2 }\n", normal);
    fx *f = fx_analyse(text);
    REFUSED(f, 1, "t.fim:5:11: error: 'sigma' is ambiguous in reparam 'r': the new parameter has "
                  "the name of the parameter it replaces; choose another name");
    fx_free(f);
    snprintf(text, sizeof text, "%sreparam r(mu in R) { sigma = exp(mu) }\n", normal);
    f = fx_analyse(text);
    REFUSED(f, 1, "t.fim:5:11: error: 'mu' is ambiguous in reparam 'r': the model's parameter 'mu' "
                  "is kept by this reparam and would share the name");
    fx_free(f);
    snprintf(text, sizeof text, "%sreparam r(x in R) { sigma = exp(x) }\n", normal);
    f = fx_analyse(text);
    REFUSED(f, 1, "t.fim:5:11: error: 'x' is ambiguous in reparam 'r': the model has a data "
                  "variable of that name");
    fx_free(f);
    snprintf(text, sizeof text, "%sreparam r(u in R, u in R) { mu = u; sigma = exp(u) }\n", normal);
    f = fx_analyse(text);
    REFUSED(f, 1, "t.fim:5:19: error: 'u' is listed twice in reparam 'r'");
    fx_free(f);
}
END_TEST

START_TEST(test_error_arity)
{
    fx *f = fx_analyse("param theta in (0, 1)\n"
                       "data x in {0, 1}\n"
                       "logp = x*log(theta, 2) + (1 - x)*log(1 - theta)\n");
    REFUSED(f, 1, "t.fim:3:10: error: 'log' takes 1 argument, not 2");
    fx_free(f);
    f = fx_analyse("const n = 3\nparam theta in (0, 1)\ndata x in {0..n}\n"
                   "logp = lchoose(n) + x*log(theta) + (n - x)*log(1 - theta)\n");
    REFUSED(f, 1, "t.fim:4:8: error: 'lchoose' takes 2 arguments, not 1");
    fx_free(f);
    f = fx_analyse("param mu in R\ndata x in R\nx ~ normal(mu)\n");
    REFUSED(f, 1, "t.fim:3:5: error: 'normal' takes 2 arguments (mu, sigma), not 1");
    fx_free(f);
    f = fx_analyse("param a in (0, inf)\ndata x in {0..inf}\nx ~ poisson(a, a)\n");
    REFUSED(f, 1, "t.fim:3:5: error: 'poisson' takes 1 argument (rate), not 2");
    fx_free(f);
    f = fx_analyse("param a in (0, inf)\nparam b in R\ndata x in R\nx ~ student_t(a, b)\n");
    REFUSED(f, 1, "t.fim:4:5: error: 'student_t' takes 3 arguments (nu, loc, scale), not 2");
    fx_free(f);
}
END_TEST

START_TEST(test_error_index_out_of_range)
{
    fx *f = fx_analyse("param theta in R\ndata x[3] in R\nlogp = -(x[4] - theta)^2/2\n");
    REFUSED(f, 1, "t.fim:3:12: error: index 4 is out of range for 'x' (1..3)");
    fx_free(f);
    f = fx_analyse("param theta in R\ndata x[3] in R\nlogp = -(x[0] - theta)^2/2\n");
    REFUSED(f, 1, "t.fim:3:12: error: index 0 is out of range for 'x' (1..3)");
    fx_free(f);
    /* inside a sum: reported once, at the index */
    f = fx_analyse("param theta in R\ndata x[3] in R\nlogp = sum(i in 1..4, -(x[i] - theta)^2/2)\n");
    REFUSED(f, 1, "t.fim:3:27: error: index 4 is out of range for 'x' (1..3)");
    fx_free(f);
    /* the data of a '~' */
    f = fx_analyse("param theta in R\ndata x[3] in R\nx[5] ~ normal(theta, 1)\n");
    REFUSED(f, 1, "t.fim:3:3: error: index 5 is out of range for 'x' (1..3)");
    fx_free(f);
    /* a categorical index whose support leaves the vector's range */
    f = fx_analyse("param w[2] in R\ndata k in {1..4}\nlogp = w[k]\n");
    REFUSED(f, 1, "t.fim:3:10: error: index 'k' takes values outside the range of 'w' (1..2)");
    fx_free(f);
    /* an index must be an integer */
    f = fx_analyse("param theta in R\ndata x[3] in R\nlogp = -(x[3/2] - theta)^2/2\n");
    REFUSED(f, 1, "t.fim:3:12: error: the index of 'x' must be an integer");
    fx_free(f);
}
END_TEST

START_TEST(test_error_support_mismatch)
{
    fx *f = fx_analyse("param rate in (0, inf)\ndata x in R\nx ~ poisson(rate)\n");
    REFUSED(f, 1, "t.fim:3:3: error: 'x' is declared with support R, but poisson needs the support "
                  "{0..inf}");
    fx_free(f);
    f = fx_analyse("param a in (0, inf)\nparam b in (0, inf)\ndata x in (0, inf)\nx ~ beta(a, b)\n");
    REFUSED(f, 1, "t.fim:4:3: error: 'x' is declared with support (0, inf), but beta needs the "
                  "support (0, 1)");
    fx_free(f);
    f = fx_analyse("param w[2] in R\ndata k in {1..4}\nk ~ categorical_logit(w)\n");
    REFUSED(f, 1, "t.fim:3:3: error: 'k' is declared with support {1..4}, but categorical_logit "
                  "needs the support {1..3}");
    fx_free(f);
}
END_TEST

START_TEST(test_error_domains)
{
    fx *f = fx_analyse("param p in [0, 1]\ndata x in {0, 1}\nx ~ bernoulli(p)\n");
    REFUSED(f, 1, "t.fim:1:12: error: the domain of parameter 'p' must be open: use ( and ) (the "
                  "Fisher information is defined on an open set)");
    fx_free(f);
    /* at the infinite bound */
    f = fx_analyse("param r in (0, inf)\ndata x in [0, inf]\nx ~ exponential(r)\n");
    REFUSED(f, 1, "t.fim:2:15: error: an infinite bound must be open: write '(' or ')' beside it");
    fx_free(f);
    f = fx_analyse("param p in (1, 0)\ndata x in {0, 1}\nx ~ bernoulli(p)\n");
    REFUSED(f, 1, "t.fim:1:12: error: the interval is empty: its lower bound is not below its upper "
                  "bound");
    fx_free(f);
    f = fx_analyse("param k in {0..3}\ndata x in R\nlogp = -(x - k)^2/2\n");
    REFUSED(f, 1, "t.fim:1:12: error: the domain of parameter 'k' must be R or an open interval, "
                  "not a set of integers");
    fx_free(f);
    f = fx_analyse("param t in Q\ndata x in R\nlogp = -(x - t)^2/2\n");
    REFUSED(f, 1, "t.fim:1:12: error: unknown domain 'Q': expected R, real, an interval such as "
                  "(0, inf) or a set such as {0..n}");
    fx_free(f);
    f = fx_analyse("param t in R\ndata x in {0, 1, 0}\nlogp = t*x\n");
    REFUSED(f, 1, "t.fim:2:18: error: this element is listed twice");
    fx_free(f);
}
END_TEST

START_TEST(test_several_errors_in_one_run)
{
    fx *f = fx_analyse("param theta in (0, 1)\n"
                       "param theta in R\n"
                       "data x in {0, 1}\n"
                       "let a = log(theta, 2)\n"
                       "let b = y*theta\n"
                       "const c = {1, 2}\n"
                       "let d = c[3]\n"
                       "x ~ bernoulli(theta)\n");
    REFUSED(f, 4, "t.fim:2:7: error: 'theta' is already declared",
            "t.fim:1:7: note: 'theta' was declared here as a parameter",
            "t.fim:4:9: error: 'log' takes 1 argument, not 2",
            "t.fim:5:9: error: 'y' is not declared",
            "t.fim:7:11: error: index 3 is out of range for 'c' (1..2)");
    fx_free(f);
    /* with a support error and a bad claim besides */
    f = fx_analyse("param mu in R\n"
                   "param sigma in (0, inf)\n"
                   "data x in (0, sigma)\n"
                   "data y in R\n"
                   "y ~ normal(mu, sigma)\n"
                   "check fim == 1\n");
    REFUSED(f, 2,
            "t.fim:3:15: error: the support of 'x' depends on the parameter 'sigma': the regularity "
            "conditions of the Fisher information fail when the support depends on a parameter",
            "t.fim:6:14: error: the fim claim needs a matrix [[...], ...] with 2 rows, not a single "
            "expression");
    fx_free(f);
}
END_TEST

/* More refusals, one message each: {model, message}. */
static const char *const more_errs[][2] = {
    {"param theta in R\ndata x in R\nlogp = sum(i in 1..3, sum(i in 1..2, theta*x))\n",
     "t.fim:3:23: error: 'i' is already a summation index here"},
    {"param theta in R\ndata x in R\nlet a = 2\nparam t in (0, a)\nlogp = -(x - theta)^2 - t\n",
     "t.fim:4:16: error: the domain of 't' must be a constant expression; 'a' is a let"},
    {"param mu in R\ndata x in R\nx ~ normal(mu, 1)\nx ~ normal(mu, 2)\n",
     "t.fim:4:3: error: 'x' already has a distribution (line 3)"},
    {"param mu in R\ndata x[3] in R\nlogp = -(x - mu)^2\n",
     "t.fim:3:10: error: 'x' is a vector of 3 elements: index it, as in x[1]"},
    {"param mu in R\ndata x[3] in R\nx ~ normal(mu, 1)\n",
     "t.fim:3:1: error: 'x' is a vector of 3 data variables: give each its distribution, as in "
     "x[1] ~ ..."},
    {"param mu in R\ndata x in R\nx ~ foo(mu)\n", "t.fim:3:5: error: unknown distribution 'foo'"},
    {"param mu in R\ndata x in R\nx ~ exp(mu)\n", "t.fim:3:5: error: 'exp' is a function, not a distribution"},
    {"param mu in R\ndata x in R\nlogp = normal(x, mu, 1)\n",
     "t.fim:3:8: error: 'normal' is a distribution, not a function: write 'x ~ normal(...)' as a "
     "statement"},
    {"param mu in R\ndata x in R\nmu ~ normal(0, 1)\n",
     "t.fim:3:1: error: 'mu' is a parameter: only a data variable can have a distribution (~)"},
    {"param p in (0, 1)\ndata x in {0..2}\nx ~ binomial(2.5, p)\n",
     "t.fim:3:14: error: the number of trials of binomial must be a non-negative integer constant"},
    {"param n in (0, inf)\nparam p in (0, 1)\ndata x in {0..2}\nx ~ binomial(n, p)\n",
     "t.fim:4:14: error: the number of trials of binomial must be a non-negative integer constant"},
    {"const c = {1, 2}\nparam p in (0, 1)\ndata k in {1..3}\nk ~ categorical_logit(c)\n",
     "t.fim:4:23: error: categorical_logit takes a parameter vector (w in 'param w[K] in R')"},
    {"param theta in R\ndata x in R\nlogp = -x^2/2\n",
     "t.fim:3:1: error: the log-density does not depend on any parameter"},
    {"param theta in R\ndata x in R\nlogp = -(x - theta)^2/2 + inf\n",
     "t.fim:3:27: error: syntax error: unexpected 'inf'"},
};

START_TEST(test_more_errors)
{
    fx *f = fx_analyse(more_errs[_i][0]);
    ck_refused(f, 1, &more_errs[_i][1], 1);
    fx_free(f);
}
END_TEST

START_TEST(test_error_model_named_twice)
{
    fx *f = fx_analyse("model a\nmodel b\nparam p in (0, 1)\ndata x in {0, 1}\nx ~ bernoulli(p)\n");
    REFUSED(f, 1, "t.fim:2:1: error: the model is named twice",
            "t.fim:1:1: note: the first 'model' statement is here");
    fx_free(f);
}
END_TEST

/* A name used inside its own declaration is an error, reported there, once. */
static void ck_self_reference(const char *text, const char *where, const char *name)
{
    fx *f = fx_analyse(text);
    /* copied out and freed first, so a failing assertion leaks nothing */
    bool accepted = f->m != NULL;
    int nerrors = fx_nerrors(f);
    char msg[512], diags[1024];
    snprintf(msg, sizeof msg, "%s", fx_msg(f, 0) ? fx_msg(f, 0) : "(none)");
    snprintf(diags, sizeof diags, "%s", fx_diags(f));
    fx_free(f);
    ck_assert_msg(!accepted, "model accepted");
    ck_assert_msg(nerrors == 1, "%d errors:\n%s", nerrors, diags);
    ck_assert_msg(strncmp(msg, where, strlen(where)) == 0 && strstr(msg, name) != NULL,
                  "expected an error at %s about %s, got:\n%s", where, name, diags);
}

START_TEST(test_error_self_reference)
{
    /* Regression: a let that used itself was not reported, and sema then crashed on the
     * let's missing value. */
    ck_self_reference("param theta in R\ndata x in R\nlet a = a + theta\nlogp = -(x - a)^2/2\n",
                      "t.fim:3:9: error: ", "'a'");
}
END_TEST

START_TEST(test_error_self_reference_const)
{
    /* Regression: 'const n = n + 1' was accepted with no value (print then crashed). */
    ck_self_reference("const n = n + 1\nparam theta in R\ndata x in R\nlogp = -(x - theta)^2/2\n",
                      "t.fim:1:11: error: ", "'n'");
}
END_TEST

START_TEST(test_error_self_reference_size_and_bound)
{
    /* Regression: 'data x[x] in R', 'data x in (0, x)' and 'param theta in (0, theta)' were
     * dropped silently, leaving only a misleading "no data variable" at 1:1. */
    ck_self_reference("param theta in R\ndata x[x] in R\nlogp = -theta^2\n", "t.fim:2:8: error: ", "'x'");
    ck_self_reference("param theta in R\ndata x in (0, x)\nlogp = -theta*x\n", "t.fim:2:15: error: ",
                      "'x'");
    ck_self_reference("param theta in (0, theta)\ndata x in R\nlogp = -theta*x\n",
                      "t.fim:1:20: error: ", "'theta'");
}
END_TEST

/* ================================================================ claims */

typedef struct claim_err {
    const char *claim; /* after "check ", on line 6 */
    const char *msg;
} claim_err;

static const claim_err claim_errs[] = {
    {"fim == [[x, 0], [0, 1]]",
     "t.fim:6:16: error: this claim may use parameters and consts only; 'x' is a data variable"},
    {"E[x] == x", "t.fim:6:15: error: this claim may use parameters and consts only; 'x' is a data variable"},
    {"fisher == 1", "t.fim:6:7: error: unknown claim 'fisher': the claims are fim, jeffreys, score, "
                    "hessian, expfam, E[...] and Var[...]"},
    {"expfam == 1", "t.fim:6:7: error: an expfam claim takes no value: write 'check expfam'"},
    {"fim ~ 1", "t.fim:6:7: error: a fim claim is written 'fim == ...'"},
    {"jeffreys", "t.fim:6:7: error: a jeffreys claim is written 'jeffreys ~ EXPR' or 'jeffreys == EXPR'"},
    {"nope.fim == 1", "t.fim:6:7: error: no reparam named 'nope' is declared before this claim"},
    {"r.score == [1, 2]", "t.fim:6:7: error: 'r.score': only fim and jeffreys claims can name a reparam"},
    {"E[mu] == mu", "t.fim:6:9: error: E[...] needs an expression in the data"},
    {"r.fim == [[1, 0], [0, sigma]]",
     "t.fim:6:29: error: 'sigma' is replaced by reparam 'r' and cannot appear in its expressions"},
    {"score == [1]", "t.fim:6:16: error: the score claim needs 2 entries, not 1"},
    {"hessian == [[1, 0], [0]]", "t.fim:6:27: error: the hessian claim needs 2 rows of 2 entries"},
    {"fim == 1", "t.fim:6:14: error: the fim claim needs a matrix [[...], ...] with 2 rows, not a "
                 "single expression"},
};

START_TEST(test_claim_errors)
{
    char text[512];
    snprintf(text, sizeof text,
             "param mu in R\nparam sigma in (0, inf)\ndata x in R\nx ~ normal(mu, sigma)\n"
             "reparam r(tau in R) { sigma = exp(tau) }\ncheck %s\n",
             claim_errs[_i].claim);
    fx *f = fx_analyse(text);
    ck_refused(f, 1, &claim_errs[_i].msg, 1);
    fx_free(f);
}
END_TEST

static Suite *sema_suite(void)
{
    Suite *s = suite_create("sema");
    TCase *to = tcase_create("overrides");
    tcase_set_timeout(to, 60);
    tcase_add_test(to, test_override_scalar);
    tcase_add_test(to, test_override_changes_support_and_sum);
    tcase_add_test(to, test_override_vector);
    tcase_add_test(to, test_override_errors);
    suite_add_tcase(s, to);

    TCase *tx = tcase_create("expansion");
    tcase_set_timeout(tx, 60);
    tcase_add_test(tx, test_sum_prod_unrolling);
    tcase_add_test(tx, test_sum_errors);
    tcase_add_test(tx, test_let_inlining);
    tcase_add_test(tx, test_let_in_distribution_arguments);
    tcase_add_loop_test(tx, test_distribution_expansion, 0, (int)ARRAY_LEN(dist_eq_cases));
    tcase_add_test(tx, test_reparam_coordinates);
    tcase_add_test(tx, test_reparam_errors);
    suite_add_tcase(s, tx);

    TCase *te = tcase_create("errors");
    tcase_set_timeout(te, 60);
    tcase_add_test(te, test_error_param_in_support);
    tcase_add_test(te, test_error_data_in_domain);
    tcase_add_test(te, test_error_duplicate_names);
    tcase_add_test(te, test_error_undeclared);
    tcase_add_test(te, test_error_use_before_declaration);
    tcase_add_test(te, test_error_no_or_two_logp);
    tcase_add_test(te, test_error_ambiguous_reparam_names);
    tcase_add_test(te, test_error_arity);
    tcase_add_test(te, test_error_index_out_of_range);
    tcase_add_test(te, test_error_support_mismatch);
    tcase_add_test(te, test_error_domains);
    tcase_add_test(te, test_several_errors_in_one_run);
    tcase_add_loop_test(te, test_claim_errors, 0, (int)ARRAY_LEN(claim_errs));
    tcase_add_loop_test(te, test_more_errors, 0, (int)ARRAY_LEN(more_errs));
    tcase_add_test(te, test_error_model_named_twice);
    tcase_add_test(te, test_error_self_reference);
    tcase_add_test(te, test_error_self_reference_const);
    tcase_add_test(te, test_error_self_reference_size_and_bound);
    suite_add_tcase(s, te);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(sema_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
