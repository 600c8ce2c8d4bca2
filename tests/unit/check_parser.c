/* tests/unit/check_parser.c — one test (at least) for every construct of LANGUAGE.md §1–§3,
 * through the grammar (grammar/parser.y) and on into the analysed model: the tree's shape
 * and spans, the model's parameters and data, the expanded log-density printed with
 * expr_to_string, and the canonical print of the model.
 *
 * Every expected string below was derived by hand from the language rules and the
 * canonical order documented in compiler/expr.h and compiler/print_expr.c: NUM first;
 * otherwise compare factor lists largest factor first; atoms rank CONST < SYM < INDEX <
 * ADD < FN, symbols by declaration order, functions by their code (exp < log < ... <
 * lgamma < lbeta < lchoose < lfactorial < ... < abs < delta); a sum prints its positive
 * terms first; negative powers print as a denominator. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dist.h"
#include "harness.h"

#define ck_span(sp, s, e)                                                                   \
    do {                                                                                    \
        ck_assert_uint_eq((sp).start, (s));                                                 \
        ck_assert_uint_eq((sp).end, (e));                                                   \
    } while (0)

/* Parse and analyse; the model must come out with no diagnostics at all. */
static fx *ok_model(const char *text)
{
    fx *f = fx_analyse(text);
    ck_assert_msg(f->m != NULL, "model refused:\n%s", fx_diags(f));
    ck_assert_msg(fx_nerrors(f) == 0 && f->diag.nwarnings == 0, "diagnostics:\n%s", fx_diags(f));
    return f;
}

static const char *param_name(fx *f, int i)
{
    return expr_sym_get(f->m->ex, f->m->params[i])->name;
}

static const char *data_name(fx *f, int i)
{
    return expr_sym_get(f->m->ex, f->m->data[i])->name;
}

/* ---------------------------------------------------------------- model NAME ["title"] */

START_TEST(test_model_with_title)
{
    fx *f = ok_model("model binomial \"Binomial(n, theta)\"\n"
                     "param theta in (0, 1)\n"
                     "data x in {0, 1}\n"
                     "x ~ bernoulli(theta)\n");
    ast *st = fx_stmt(f, 0);
    ck_assert_str_eq(fx_sexpr(f, st), "(model binomial \"Binomial(n, theta)\")");
    ck_assert_str_eq(fx_span_text(f, st->sp), "model binomial \"Binomial(n, theta)\"");
    ck_assert_str_eq(f->m->name, "binomial");
    ck_assert_str_eq(f->m->title, "Binomial(n, theta)");
    ck_assert_str_eq(fx_print(f, false), "model binomial \"Binomial(n, theta)\"\n"
                                         "param theta in (0, 1)\n"
                                         "data x in {0, 1}\n"
                                         "x ~ bernoulli(theta)\n");
    fx_free(f);
}
END_TEST

START_TEST(test_model_without_title)
{
    fx *f = ok_model("model bern\nparam theta in (0, 1)\ndata x in {0, 1}\nx ~ bernoulli(theta)\n");
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 0)), "(model bern)");
    ck_assert_int_eq(fx_stmt(f, 0)->nkids, 0);
    ck_assert_str_eq(f->m->name, "bern");
    ck_assert_ptr_null(f->m->title);
    ck_assert_str_eq(fx_print(f, false), "model bern\nparam theta in (0, 1)\ndata x in {0, 1}\n"
                                         "x ~ bernoulli(theta)\n");
    fx_free(f);
    /* no model statement: the name is the file's stem */
    f = ok_model("param theta in (0, 1)\ndata x in {0, 1}\nx ~ bernoulli(theta)\n");
    ck_assert_str_eq(f->m->name, FX_STEM);
    ck_assert_str_eq(fx_print(f, false), "model t\nparam theta in (0, 1)\ndata x in {0, 1}\n"
                                         "x ~ bernoulli(theta)\n");
    fx_free(f);
}
END_TEST

/* ---------------------------------------------------------------- const */

START_TEST(test_const_scalar_and_vector)
{
    fx *f = ok_model("const n = 10\n"
                     "const m = 2*n + 1\n"
                     "const c = {1, 1/2, n}\n"
                     "param theta in (0, 1)\n"
                     "data x in {0..m}\n"
                     "logp = c[1]*lchoose(m, x) + x*log(theta) + (m - x)*log(1 - theta)\n");
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 0)), "(const n 10)");
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 1)), "(const m (+ (* 2 n) 1))");
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 2)), "(const c (list 1 (/ 1 2) n))");
    ck_assert_str_eq(fx_span_text(f, fx_stmt(f, 2)->sp), "c");
    ck_assert_str_eq(fx_span_text(f, fx_stmt(f, 2)->kids[0]->sp), "{1, 1/2, n}");
    decl *n = fx_decl(f, "n"), *c = fx_decl(f, "c");
    ck_assert_int_eq(n->kind, DECL_CONST);
    ck_assert_int_eq(n->len, 0);
    ck_assert_int_eq(c->len, 3);
    ck_assert_int_eq(c->nvalues, 3);
    ck_assert_str_eq(fx_const_value(f, "n"), "10");
    ck_assert_str_eq(fx_const_value(f, "m"), "21");
    ck_assert_str_eq(fx_const_value(f, "c[1]"), "1");
    ck_assert_str_eq(fx_const_value(f, "c[2]"), "1/2");
    ck_assert_str_eq(fx_const_value(f, "c[3]"), "10");
    ck_assert_int_eq(f->m->nparams, 1);
    ck_assert_int_eq(f->m->ndata, 1);
    /* consts stay by name in expressions; a sum prints a number first */
    ck_assert_str_eq(fx_print(f, false),
                     "model t\n"
                     "const n = 10\n"
                     "const m = 1 + 2*n\n"
                     "const c = {1, 1/2, n}\n"
                     "param theta in (0, 1)\n"
                     "data x in {0..m}\n"
                     "logp = x*log(theta) + (m - x)*log(1 - theta) + c[1]*lchoose(m, x)\n");
    fx_free(f);
}
END_TEST

/* ---------------------------------------------------------------- param */

START_TEST(test_param_scalar_and_vector)
{
    fx *f = ok_model("const K = 3\n"
                     "param w[K] in R\n"
                     "param s in (0, inf)\n"
                     "data y in R\n"
                     "logp = -(y - w[1] - w[2] - w[3])^2/(2*s^2) - log(s) - log(2*pi)/2\n");
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 1)), "(param w R K)");
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 2)), "(param s (interval open-open 0 inf))");
    ck_assert_int_eq(f->m->nparams, 4);
    ck_assert_str_eq(param_name(f, 0), "w[1]");
    ck_assert_str_eq(param_name(f, 1), "w[2]");
    ck_assert_str_eq(param_name(f, 2), "w[3]");
    ck_assert_str_eq(param_name(f, 3), "s");
    decl *w = fx_decl(f, "w");
    ck_assert_int_eq(w->kind, DECL_PARAM);
    ck_assert_int_eq(w->len, 3);
    ck_assert_int_ge(w->vec, 0);
    ck_assert_int_eq(fx_decl(f, "s")->len, 0);
    ck_assert_ptr_nonnull(strstr(fx_print(f, false), "\nparam w[K] in R\nparam s in (0, inf)\n"));
    fx_free(f);
}
END_TEST

/* ---------------------------------------------------------------- data */

START_TEST(test_data_scalar_and_vector)
{
    fx *f = ok_model("param mu in R\n"
                     "data x[2] in R\n"
                     "data k in {0..inf}\n"
                     "x[1] ~ normal(mu, 1)\n"
                     "x[2] ~ normal(mu, 1)\n"
                     "k ~ poisson(exp(mu))\n");
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 1)), "(data x R 2)");
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 3)), "(~ (index x 1) (call normal mu 1))");
    ck_assert_int_eq(f->m->nparams, 1);
    ck_assert_int_eq(f->m->ndata, 3);
    ck_assert_str_eq(data_name(f, 0), "x[1]");
    ck_assert_str_eq(data_name(f, 1), "x[2]");
    ck_assert_str_eq(data_name(f, 2), "k");
    ck_assert_int_eq(f->m->ntildes, 3);
    ck_assert_str_eq(fx_print(f, false), "model t\n"
                                         "param mu in R\n"
                                         "data x[2] in R\n"
                                         "data k in {0..inf}\n"
                                         "x[1] ~ normal(mu, 1)\n"
                                         "x[2] ~ normal(mu, 1)\n"
                                         "k ~ poisson(exp(mu))\n");
    /* log(1) = 0, log(exp(mu)) = mu, the two -log(2*pi)/2 collect */
    ck_assert_str_eq(fx_logp(f), "mu*k - (x[1] - mu)^2/2 - (x[2] - mu)^2/2 - exp(mu) - "
                                 "log(2*pi) - lfactorial(k)");
    fx_free(f);
}
END_TEST

/* ---------------------------------------------------------------- input */

START_TEST(test_input_with_and_without_values)
{
    fx *f = ok_model("input u = {0, 1, 2}\n"
                     "input v\n"
                     "param a in R\n"
                     "param b in R\n"
                     "data y in {0, 1}\n"
                     "y ~ bernoulli(expit(a + b*u + v))\n");
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 0)), "(input u (list 0 1 2))");
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 1)), "(input v)");
    ck_assert_int_eq(f->m->ninputs, 2);
    decl *u = fx_decl(f, "u"), *v = fx_decl(f, "v");
    ck_assert_int_eq(u->kind, DECL_INPUT);
    ck_assert(u->has_values);
    ck_assert_int_eq(u->nvalues, 3);
    ck_assert(!v->has_values);
    ck_assert_int_eq(f->m->nparams, 2);
    ck_assert_int_eq(f->m->ndata, 1);
    ck_assert_str_eq(fx_print(f, false), "model t\n"
                                         "input u = {0, 1, 2}\n"
                                         "input v\n"
                                         "param a in R\n"
                                         "param b in R\n"
                                         "data y in {0, 1}\n"
                                         "y ~ bernoulli(expit(v + a + u*b))\n");
    /* log(1 - expit(..)) sorts before log(expit(..)): an ADD atom before a function */
    ck_assert_str_eq(fx_logp(f), "(1 - y)*log(1 - expit(v + a + u*b)) + y*log(expit(v + a + u*b))");
    fx_free(f);
}
END_TEST

/* ---------------------------------------------------------------- let, logp */

START_TEST(test_let)
{
    fx *f = ok_model("param mu in R\n"
                     "param sigma in (0, inf)\n"
                     "data x in R\n"
                     "let z = (x - mu)/sigma\n"
                     "logp = -z^2/2 - log(sigma) - log(2*pi)/2\n");
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 3)), "(let z (/ (- x mu) sigma))");
    ck_assert_int_eq(fx_decl(f, "z")->kind, DECL_LET);
    ck_assert_str_eq(fx_print(f, false), "model t\n"
                                         "param mu in R\n"
                                         "param sigma in (0, inf)\n"
                                         "data x in R\n"
                                         "let z = (x - mu)/sigma\n"
                                         "logp = -z^2/2 - log(2*pi)/2 - log(sigma)\n");
    ck_assert_str_eq(fx_logp(f), "-(x - mu)^2/(2*sigma^2) - log(2*pi)/2 - log(sigma)");
    ck_assert_str_eq(fx_print(f, true), "model t\n"
                                        "param mu in R\n"
                                        "param sigma in (0, inf)\n"
                                        "data x in R\n"
                                        "logp = -(x - mu)^2/(2*sigma^2) - log(2*pi)/2 - log(sigma)\n");
    fx_free(f);
}
END_TEST

START_TEST(test_logp_and_the_example_of_section_1)
{
    fx *f = ok_model("# Binomial: X ~ Bin(n, theta). Jeffreys prior is Beta(1/2, 1/2).\n"
                     "model binomial \"Binomial(n, theta)\"\n"
                     "\n"
                     "const n = 10\n"
                     "param theta in (0, 1)\n"
                     "data  x in {0..n}\n"
                     "\n"
                     "logp = lchoose(n, x) + x*log(theta) + (n - x)*log(1 - theta)\n"
                     "\n"
                     "reparam odds(phi in (0, inf)) { theta = phi / (1 + phi) }\n"
                     "\n"
                     "check fim == n / (theta*(1 - theta))\n"
                     "check jeffreys ~ theta^(-1/2) * (1 - theta)^(-1/2)\n"
                     "check odds.fim == n / (phi*(1 + phi)^2)\n"
                     "check E[x] == n*theta\n");
    ast *lp = fx_stmt(f, 4);
    ck_assert_int_eq(lp->kind, AST_LOGP);
    ck_assert_str_eq(fx_span_text(f, lp->sp), "logp");
    ck_assert_str_eq(fx_sexpr(f, lp), "(logp (+ (+ (call lchoose n x) (* x (call log theta))) "
                                      "(* (- n x) (call log (- 1 theta)))))");
    unsigned line, col;
    fx_span_loc(f, lp->sp, &line, &col);
    ck_assert_uint_eq(line, 8);
    ck_assert_uint_eq(col, 1);
    ck_assert_int_eq(f->m->nparams, 1);
    ck_assert_int_eq(f->m->ndata, 1);
    ck_assert_int_eq(f->m->nreparams, 1);
    ck_assert_int_eq(f->m->nclaims, 4);
    ck_assert_ptr_eq(f->m->logp, f->m->logp_src); /* nothing to expand */
    ck_assert_str_eq(fx_print(f, false),
                     "model binomial \"Binomial(n, theta)\"\n"
                     "const n = 10\n"
                     "param theta in (0, 1)\n"
                     "data x in {0..n}\n"
                     "logp = x*log(theta) + (n - x)*log(1 - theta) + lchoose(n, x)\n"
                     "reparam odds(phi in (0, inf)) { theta = phi/(1 + phi) }\n"
                     "check fim == n/(theta*(1 - theta))\n"
                     "check jeffreys ~ 1/(sqrt(theta)*sqrt(1 - theta))\n"
                     "check odds.fim == n/(phi*(1 + phi)^2)\n"
                     "check E[x] == n*theta\n");
    fx_free(f);
}
END_TEST

/* ---------------------------------------------------------------- DATA ~ DIST(args): §2 */

typedef struct dist_case {
    const char *text;   /* the model */
    dist_id dist;
    int nparams, ndata;
    const char *tilde;  /* the '~' line of the canonical print */
    const char *logp;   /* the expanded log-density (derived by hand) */
} dist_case;

static const dist_case dist_cases[] = {
    {"param mu in R\nparam sigma in (0, inf)\ndata x in R\nx ~ normal(mu, sigma)\n",
     DIST_NORMAL, 2, 1, "x ~ normal(mu, sigma)",
     "-(x - mu)^2/(2*sigma^2) - log(2*pi)/2 - log(sigma)"},
    {"param mu in R\nparam sigma in (0, inf)\ndata x in (0, inf)\nx ~ lognormal(mu, sigma)\n",
     DIST_LOGNORMAL, 2, 1, "x ~ lognormal(mu, sigma)",
     "-(log(x) - mu)^2/(2*sigma^2) - log(2*pi)/2 - log(sigma) - log(x)"},
    {"param rate in (0, inf)\ndata x in (0, inf)\nx ~ exponential(rate)\n",
     DIST_EXPONENTIAL, 1, 1, "x ~ exponential(rate)", "log(rate) - rate*x"},
    {"param shape in (0, inf)\nparam rate in (0, inf)\ndata x in (0, inf)\nx ~ gamma(shape, rate)\n",
     DIST_GAMMA, 2, 1, "x ~ gamma(shape, rate)",
     "shape*log(rate) + (shape - 1)*log(x) - rate*x - lgamma(shape)"},
    {"param a in (0, inf)\nparam b in (0, inf)\ndata x in (0, 1)\nx ~ beta(a, b)\n",
     DIST_BETA, 2, 1, "x ~ beta(a, b)", "(a - 1)*log(x) + (b - 1)*log(1 - x) - lbeta(a, b)"},
    {"param loc in R\nparam scale in (0, inf)\ndata x in R\nx ~ cauchy(loc, scale)\n",
     DIST_CAUCHY, 2, 1, "x ~ cauchy(loc, scale)",
     "-log(pi) - log(scale) - log(1 + (x - loc)^2/scale^2)"},
    {"param loc in R\nparam scale in (0, inf)\ndata x in R\nx ~ logistic(loc, scale)\n",
     DIST_LOGISTIC, 2, 1, "x ~ logistic(loc, scale)",
     "-(x - loc)/scale - log(scale) - 2*log1pexp(-(x - loc)/scale)"},
    {"param loc in R\nparam scale in (0, inf)\ndata x in R\nx ~ laplace(loc, scale)\n",
     DIST_LAPLACE, 2, 1, "x ~ laplace(loc, scale)", "-log(2*scale) - abs(x - loc)/scale"},
    {"const nu = 5\nparam loc in R\nparam scale in (0, inf)\ndata x in R\n"
     "x ~ student_t(nu, loc, scale)\n",
     DIST_STUDENT_T, 2, 1, "x ~ student_t(nu, loc, scale)",
     "lgamma((1 + nu)/2) - log(pi*nu)/2 - log(scale) - (1 + nu)*log(1 + (x - loc)^2/(nu*scale^2))/2"
     " - lgamma(nu/2)"},
    {"param nu in (0, inf)\nparam loc in R\nparam scale in (0, inf)\ndata x in R\n"
     "x ~ student_t(nu, loc, scale)\n",
     DIST_STUDENT_T, 3, 1, "x ~ student_t(nu, loc, scale)", NULL},
    {"param k in (0, inf)\nparam lambda in (0, inf)\ndata x in (0, inf)\nx ~ weibull(k, lambda)\n",
     DIST_WEIBULL, 2, 1, "x ~ weibull(k, lambda)",
     "(k - 1)*(log(x) - log(lambda)) + log(k) - log(lambda) - (x/lambda)^k"},
    {"param mu in (0, inf)\nparam lambda in (0, inf)\ndata x in (0, inf)\n"
     "x ~ inverse_gaussian(mu, lambda)\n",
     DIST_INVERSE_GAUSSIAN, 2, 1, "x ~ inverse_gaussian(mu, lambda)",
     "log(lambda)/2 - lambda*(x - mu)^2/(2*mu^2*x) - log(2*pi)/2 - 3*log(x)/2"},
    {"param p in (0, 1)\ndata x in {0, 1}\nx ~ bernoulli(p)\n",
     DIST_BERNOULLI, 1, 1, "x ~ bernoulli(p)", "x*log(p) + (1 - x)*log(1 - p)"},
    {"const n = 10\nparam p in (0, 1)\ndata x in {0..n}\nx ~ binomial(n, p)\n",
     DIST_BINOMIAL, 1, 1, "x ~ binomial(n, p)", "x*log(p) + (n - x)*log(1 - p) + lchoose(n, x)"},
    {"param rate in (0, inf)\ndata x in {0..inf}\nx ~ poisson(rate)\n",
     DIST_POISSON, 1, 1, "x ~ poisson(rate)", "x*log(rate) - rate - lfactorial(x)"},
    {"param p in (0, 1)\ndata x in {0..inf}\nx ~ geometric(p)\n",
     DIST_GEOMETRIC, 1, 1, "x ~ geometric(p)", "log(p) + x*log(1 - p)"},
    {"param r in (0, inf)\nparam p in (0, 1)\ndata x in {0..inf}\nx ~ negative_binomial(r, p)\n",
     DIST_NEGATIVE_BINOMIAL, 2, 1, "x ~ negative_binomial(r, p)",
     "r*log(p) + x*log(1 - p) + lchoose(r + x - 1, x)"},
    {"param w[2] in R\ndata k in {1..3}\nk ~ categorical_logit(w)\n",
     DIST_CATEGORICAL_LOGIT, 2, 1, "k ~ categorical_logit(w)",
     "w[1]*delta(k, 1) + w[2]*delta(k, 2) - log(1 + exp(w[1]) + exp(w[2]))"},
    /* the other spellings of the supports §1 allows */
    {"param rate in (0, inf)\ndata x in [0, inf)\nx ~ exponential(rate)\n",
     DIST_EXPONENTIAL, 1, 1, "x ~ exponential(rate)", "log(rate) - rate*x"},
    {"param p in (0, 1)\ndata x in {0..1}\nx ~ bernoulli(p)\n",
     DIST_BERNOULLI, 1, 1, "x ~ bernoulli(p)", "x*log(p) + (1 - x)*log(1 - p)"},
    {"param mu in R\nparam sigma in (0, inf)\ndata x in real\nx ~ normal(mu, sigma)\n",
     DIST_NORMAL, 2, 1, "x ~ normal(mu, sigma)",
     "-(x - mu)^2/(2*sigma^2) - log(2*pi)/2 - log(sigma)"},
};

START_TEST(test_distribution)
{
    const dist_case *dc = &dist_cases[_i];
    fx *f = ok_model(dc->text);
    ck_assert_int_eq(f->m->ntildes, 1);
    ck_assert_int_eq(f->m->tildes[0]->dist, dc->dist);
    ck_assert_str_eq(dist_name(f->m->tildes[0]->dist), dist_table[dc->dist].name);
    ck_assert_int_eq(f->m->nparams, dc->nparams);
    ck_assert_int_eq(f->m->ndata, dc->ndata);
    ck_assert_ptr_null(f->m->logp_src);
    ast *t = fx_stmt(f, fx_nstmts(f) - 1);
    ck_assert_int_eq(t->kind, AST_TILDE);
    ck_assert_str_eq(fx_span_text(f, t->sp), "~");
    ck_assert_int_eq(t->kids[1]->kind, AST_CALL);
    ck_assert_str_eq(t->kids[1]->text, dist_name(dc->dist));
    /* the call spans from the distribution's name to its ')' */
    char want[128];
    snprintf(want, sizeof want, "%s\n", dc->tilde);
    const char *line = strstr(dc->text, dc->tilde);
    ck_assert_ptr_nonnull(line);
    ck_assert_str_eq(fx_span_text(f, t->kids[1]->sp), strchr(dc->tilde, '~') + 2);
    const char *p = fx_print(f, false);
    ck_assert_ptr_nonnull(strstr(p, want));
    ck_assert_ptr_null(strstr(p, "logp ="));
    ck_assert_ptr_eq(f->m->tildes[0]->logp, f->m->logp);
    if (dc->logp)
        ck_assert_str_eq(fx_logp(f), dc->logp);
    fx_free(f);
}
END_TEST

/* ---------------------------------------------------------------- reparam */

START_TEST(test_reparam_one_assignment)
{
    fx *f = ok_model("param mu in R\nparam sigma in (0, inf)\ndata x in R\nx ~ normal(mu, sigma)\n"
                     "reparam logsd(tau in R) { sigma = exp(tau) }\n");
    ast *r = fx_stmt(f, 4);
    ck_assert_str_eq(fx_sexpr(f, r),
                     "(reparam logsd (list (newparam tau R)) (list (= sigma (call exp tau))))");
    ck_assert_str_eq(fx_span_text(f, r->sp), "logsd");
    ck_assert_int_eq(f->m->nreparams, 1);
    const model_reparam *rp = f->m->reparams[0];
    ck_assert_str_eq(rp->name, "logsd");
    ck_assert_int_eq(rp->nnew, 1);
    ck_assert_int_eq(rp->nassign, 1);
    ck_assert_int_eq(rp->old_syms[0], fx_sym(f, "sigma"));
    ck_assert_str_eq(fx_str(f, rp->rhs[0]), "exp(tau)");
    ck_assert_str_eq(fx_coords(f, 0), "mu, tau");
    ck_assert_int_eq(f->m->nparams, 2); /* a reparam adds no parameter to the model */
    ck_assert_ptr_nonnull(strstr(fx_print(f, false), "\nreparam logsd(tau in R) { sigma = exp(tau) }\n"));
    fx_free(f);
}
END_TEST

START_TEST(test_reparam_two_assignments)
{
    static const char *const bodies[] = {
        "{ mu = -e1/(2*e2); sigma = sqrt(-1/(2*e2)) }",
        "{\n  mu = -e1/(2*e2)\n  sigma = sqrt(-1/(2*e2))\n}",
        "{ ; mu = -e1/(2*e2);; sigma = sqrt(-1/(2*e2)); }",
    };
    for (size_t i = 0; i < ARRAY_LEN(bodies); i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "param mu in R\nparam sigma in (0, inf)\ndata x in R\nx ~ normal(mu, sigma)\n"
                 "reparam nat(e1 in R, e2 in (-inf, 0)) %s\n",
                 bodies[i]);
        fx *f = ok_model(text);
        ast *r = fx_stmt(f, 4);
        ck_assert_str_eq(fx_sexpr(f, r),
                         "(reparam nat (list (newparam e1 R) (newparam e2 (interval open-open -inf 0))) "
                         "(list (= mu (/ (neg e1) (* 2 e2))) "
                         "(= sigma (call sqrt (/ (neg 1) (* 2 e2))))))");
        const model_reparam *rp = f->m->reparams[0];
        ck_assert_int_eq(rp->nnew, 2);
        ck_assert_int_eq(rp->nassign, 2);
        ck_assert_str_eq(fx_coords(f, 0), "e1, e2");
        ck_assert_ptr_nonnull(strstr(fx_print(f, false),
                                     "\nreparam nat(e1 in R, e2 in (-inf, 0)) "
                                     "{ mu = -e1/(2*e2); sigma = sqrt(-1/(2*e2)) }\n"));
        fx_free(f);
    }
}
END_TEST

/* ---------------------------------------------------------------- check: §3 */

static const char normal_model[] = "model normal\n"
                                   "param mu in R\n"
                                   "param sigma in (0, inf)\n"
                                   "data x in R\n"
                                   "x ~ normal(mu, sigma)\n"
                                   "reparam logsd(tau in R) { sigma = exp(tau) }\n";

typedef struct claim_case {
    const char *src;    /* after "check " */
    const char *sexpr;  /* the tree */
    claim_kind kind;
    int reparam;
    int rows, cols;
    const char *print;  /* the canonical line after "check " */
} claim_case;

static const claim_case claim_cases[] = {
    {"fim == [[1/sigma^2, 0], [0, 2/sigma^2]]",
     "(check fim == (list (list (/ 1 (^ sigma 2)) 0) (list 0 (/ 2 (^ sigma 2)))))", CLAIM_FIM, -1, 2,
     2, "fim == [[1/sigma^2, 0], [0, 2/sigma^2]]"},
    {"logsd.fim == [[exp(-2*tau), 0], [0, 2]]",
     "(check logsd.fim == (list (list (call exp (* (neg 2) tau)) 0) (list 0 2)))", CLAIM_FIM, 0, 2, 2,
     "logsd.fim == [[exp(-2*tau), 0], [0, 2]]"},
    {"jeffreys ~ 1/sigma^2", "(check jeffreys ~ (/ 1 (^ sigma 2)))", CLAIM_JEFFREYS_PROP, -1, 0, 0,
     "jeffreys ~ 1/sigma^2"},
    {"logsd.jeffreys ~ exp(-tau)", "(check logsd.jeffreys ~ (call exp (neg tau)))",
     CLAIM_JEFFREYS_PROP, 0, 0, 0, "logsd.jeffreys ~ exp(-tau)"},
    {"jeffreys == sqrt(2)/sigma^2", "(check jeffreys == (/ (call sqrt 2) (^ sigma 2)))",
     CLAIM_JEFFREYS_EQ, -1, 0, 0, "jeffreys == sqrt(2)/sigma^2"},
    {"score == [(x - mu)/sigma^2, (x - mu)^2/sigma^3 - 1/sigma]",
     "(check score == (list (/ (- x mu) (^ sigma 2)) (- (/ (^ (- x mu) 2) (^ sigma 3)) (/ 1 sigma))))",
     CLAIM_SCORE, -1, 2, 0, "score == [(x - mu)/sigma^2, (x - mu)^2/sigma^3 - 1/sigma]"},
    {"hessian == [[-1/sigma^2, -2*(x - mu)/sigma^3], [-2*(x - mu)/sigma^3, 1/sigma^2 - 3*(x - mu)^2/sigma^4]]",
     "(check hessian == (list (list (/ (neg 1) (^ sigma 2)) (/ (* (neg 2) (- x mu)) (^ sigma 3))) "
     "(list (/ (* (neg 2) (- x mu)) (^ sigma 3)) "
     "(- (/ 1 (^ sigma 2)) (/ (* 3 (^ (- x mu) 2)) (^ sigma 4))))))",
     CLAIM_HESSIAN, -1, 2, 2,
     "hessian == [[-1/sigma^2, -2*(x - mu)/sigma^3], [-2*(x - mu)/sigma^3, 1/sigma^2 - 3*(x - mu)^2/sigma^4]]"},
    {"E[x] == mu", "(check E x == mu)", CLAIM_MEAN, -1, 0, 0, "E[x] == mu"},
    {"E[x^2] == mu^2 + sigma^2", "(check E (^ x 2) == (+ (^ mu 2) (^ sigma 2)))", CLAIM_MEAN, -1, 0, 0,
     "E[x^2] == mu^2 + sigma^2"},
    {"Var[x] == sigma^2", "(check Var x == (^ sigma 2))", CLAIM_VAR, -1, 0, 0, "Var[x] == sigma^2"},
    {"expfam", "(check expfam)", CLAIM_EXPFAM, -1, 0, 0, "expfam"},
};

START_TEST(test_claim)
{
    const claim_case *cc = &claim_cases[_i];
    char text[1024];
    snprintf(text, sizeof text, "%scheck %s\n", normal_model, cc->src);
    fx *f = ok_model(text);
    ast *st = fx_stmt(f, fx_nstmts(f) - 1);
    ck_assert_int_eq(st->kind, AST_CHECK);
    ck_assert_str_eq(fx_sexpr(f, st), cc->sexpr);
    ck_assert_int_eq(f->m->nclaims, 1);
    const claim *c = f->m->claims[0];
    ck_assert_int_eq(c->kind, cc->kind);
    ck_assert_int_eq(c->reparam, cc->reparam);
    ck_assert_uint_eq(c->line, 7);
    ck_assert_int_eq(c->rows, cc->rows);
    ck_assert_int_eq(c->cols, cc->cols);
    if (cc->kind == CLAIM_MEAN || cc->kind == CLAIM_VAR)
        ck_assert_ptr_nonnull(c->arg);
    ck_assert_str_eq(fx_claim(f, 0), cc->print);
    fx_free(f);
}
END_TEST

START_TEST(test_claims_one_parameter)
{
    /* with one parameter, fim/hessian take a scalar and score a scalar or [s] */
    fx *f = ok_model("param theta in (0, 1)\ndata x in {0, 1}\nx ~ bernoulli(theta)\n"
                     "check fim == 1/(theta*(1 - theta))\n"
                     "check score == [x/theta - (1 - x)/(1 - theta)]\n"
                     "check hessian == [[-x/theta^2 - (1 - x)/(1 - theta)^2]]\n"
                     "check score == x/theta - (1 - x)/(1 - theta)\n");
    ck_assert_int_eq(f->m->nclaims, 4);
    ck_assert_ptr_nonnull(f->m->claims[0]->rhs);
    ck_assert_int_eq(f->m->claims[1]->rows, 1);
    ck_assert_int_eq(f->m->claims[1]->cols, 0);
    ck_assert_int_eq(f->m->claims[2]->rows, 1);
    ck_assert_int_eq(f->m->claims[2]->cols, 1);
    ck_assert_ptr_nonnull(f->m->claims[3]->rhs);
    ck_assert_str_eq(fx_claim(f, 0), "fim == 1/(theta*(1 - theta))");
    ck_assert_uint_eq(f->m->claims[3]->line, 7);
    fx_free(f);
}
END_TEST

/* ---------------------------------------------------------------- domains and supports */

START_TEST(test_domains_and_supports)
{
    fx *f = ok_model("const a = -1\n"
                     "const b = 2\n"
                     "param t1 in R\n"
                     "param t2 in real\n"
                     "param t3 in (a, b)\n"
                     "param t4 in (0, inf)\n"
                     "param t5 in (-inf, b)\n"
                     "param t6 in (-inf, inf)\n"
                     "data x1 in R\n"
                     "data x2 in (a, b)\n"
                     "data x3 in [a, b]\n"
                     "data x4 in (0, inf)\n"
                     "data x5 in [0, inf)\n"
                     "data x6 in (-inf, b)\n"
                     "data x7 in {a..b}\n"
                     "data x8 in {0..inf}\n"
                     "data x9 in {0, 1}\n"
                     "data x10 in (0, 1]\n"
                     "logp = t1 + t2 + t3 + t4 + t5 + t6\n");
    static const char *const trees[] = {
        "(param t1 R)",
        "(param t2 real)",
        "(param t3 (interval open-open a b))",
        "(param t4 (interval open-open 0 inf))",
        "(param t5 (interval open-open -inf b))",
        "(param t6 (interval open-open -inf inf))",
        "(data x1 R)",
        "(data x2 (interval open-open a b))",
        "(data x3 (interval closed-closed a b))",
        "(data x4 (interval open-open 0 inf))",
        "(data x5 (interval closed-open 0 inf))",
        "(data x6 (interval open-open -inf b))",
        "(data x7 (range a b))",
        "(data x8 (range 0 inf))",
        "(data x9 (set 0 1))",
        "(data x10 (interval open-closed 0 1))",
    };
    for (size_t i = 0; i < ARRAY_LEN(trees); i++)
        ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, i + 2)), trees[i]);
    ck_assert_int_eq(f->m->nparams, 6);
    ck_assert_int_eq(f->m->ndata, 10);
    ck_assert_int_eq(fx_decl(f, "t2")->dom.kind, DOM_REAL);
    ck_assert_int_eq(fx_decl(f, "t6")->dom.kind, DOM_REAL);
    ck_assert_int_eq(fx_decl(f, "x3")->dom.kind, DOM_INTERVAL);
    ck_assert(fx_decl(f, "x3")->dom.lo_closed && fx_decl(f, "x3")->dom.hi_closed);
    ck_assert(fx_decl(f, "x5")->dom.lo_closed && !fx_decl(f, "x5")->dom.hi_closed);
    ck_assert_ptr_null(fx_decl(f, "x5")->dom.hi);
    ck_assert_ptr_null(fx_decl(f, "t5")->dom.lo);
    ck_assert_int_eq(fx_decl(f, "x7")->dom.kind, DOM_RANGE);
    ck_assert_int_eq(fx_decl(f, "x8")->dom.kind, DOM_RANGE);
    ck_assert_ptr_null(fx_decl(f, "x8")->dom.hi);
    ck_assert_int_eq(fx_decl(f, "x9")->dom.kind, DOM_SET);
    ck_assert_int_eq(fx_decl(f, "x9")->dom.nelems, 2);
    ck_assert_str_eq(fx_print(f, false), "model t\n"
                                         "const a = -1\n"
                                         "const b = 2\n"
                                         "param t1 in R\n"
                                         "param t2 in R\n"
                                         "param t3 in (a, b)\n"
                                         "param t4 in (0, inf)\n"
                                         "param t5 in (-inf, b)\n"
                                         "param t6 in R\n"
                                         "data x1 in R\n"
                                         "data x2 in (a, b)\n"
                                         "data x3 in [a, b]\n"
                                         "data x4 in (0, inf)\n"
                                         "data x5 in [0, inf)\n"
                                         "data x6 in (-inf, b)\n"
                                         "data x7 in {a..b}\n"
                                         "data x8 in {0..inf}\n"
                                         "data x9 in {0, 1}\n"
                                         "data x10 in (0, 1]\n"
                                         "logp = t1 + t2 + t3 + t4 + t5 + t6\n");
    fx_free(f);
}
END_TEST

/* ---------------------------------------------------------------- sum, prod, indexing */

START_TEST(test_sum_and_prod)
{
    fx *f = ok_model("const n = 3\n"
                     "param theta in (0, inf)\n"
                     "data x[n] in (0, inf)\n"
                     "let q = prod(i in 1..n, x[i])\n"
                     "let r = sum(i in 1..2, prod(j in 1..i, x[j]))\n"
                     "logp = sum(i in 1..n, log(theta) - theta*x[i])\n");
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 3)), "(let q (prod i 1 n (index x i)))");
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 5)),
                     "(logp (sum i 1 n (- (call log theta) (* theta (index x i)))))");
    ck_assert_str_eq(fx_span_text(f, fx_stmt(f, 3)->kids[0]->sp), "prod(i in 1..n, x[i])");
    ck_assert_str_eq(fx_str(f, fx_decl(f, "q")->value), "x[1]*x[2]*x[3]");
    ck_assert_str_eq(fx_str(f, fx_decl(f, "r")->value), "x[1] + x[1]*x[2]");
    ck_assert_str_eq(fx_logp(f), "3*log(theta) - theta*x[1] - theta*x[2] - theta*x[3]");
    fx_free(f);
}
END_TEST

START_TEST(test_indexing)
{
    fx *f = ok_model("const c = {2, 3}\n"
                     "param w[3] in R\n"
                     "data y in R\n"
                     "logp = -(y - w[1] - c[1]*w[c[1]] - w[c[2] - 0])^2/2\n");
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 3)),
                     "(logp (/ (neg (^ (- (- (- y (index w 1)) (* (index c 1) (index w (index c 1)))) "
                     "(index w (- (index c 2) 0))) 2)) 2))");
    ck_assert_str_eq(fx_span_text(f, fx_stmt(f, 3)->kids[0]->kids[0]->kids[0]->kids[0]->sp),
                     "y - w[1] - c[1]*w[c[1]] - w[c[2] - 0]");
    /* a constant index picks the element symbol: w[c[1]] is w[2], w[c[2] - 0] is w[3] */
    ck_assert_str_eq(fx_logp(f), "-(y - w[1] - c[1]*w[2] - w[3])^2/2");
    fx_free(f);
}
END_TEST

START_TEST(test_categorical_indexing)
{
    fx *f = ok_model("param w[3] in R\n"
                     "data k in {1..3}\n"
                     "logp = w[k] - log(exp(w[1]) + exp(w[2]) + exp(w[3]))\n");
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 2)),
                     "(logp (- (index w k) (call log (+ (+ (call exp (index w 1)) (call exp (index w 2))) "
                     "(call exp (index w 3))))))");
    const expr *lp = f->m->logp;
    ck_assert_int_eq(lp->kind, EXPR_ADD);
    ck_assert_int_eq(lp->args[0]->kind, EXPR_INDEX); /* w[k] stays an INDEX node */
    ck_assert_str_eq(fx_logp(f), "w[k] - log(exp(w[1]) + exp(w[2]) + exp(w[3]))");
    fx_free(f);
    /* the size of a parameter vector is a const expression; categorical_logit's K - 1 */
    f = ok_model("const K = 4\nparam w[K - 1] in R\ndata k in {1..K}\nk ~ categorical_logit(w)\n");
    ck_assert_int_eq(f->m->nparams, 3);
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 1)), "(param w R (- K 1))");
    ck_assert_ptr_nonnull(strstr(fx_print(f, false), "\nparam w[K - 1] in R\n"));
    ck_assert_str_eq(fx_logp(f), "w[1]*delta(k, 1) + w[2]*delta(k, 2) + w[3]*delta(k, 3) - "
                                 "log(1 + exp(w[1]) + exp(w[2]) + exp(w[3]))");
    fx_free(f);
    /* a finite set of integers in range indexes too */
    f = ok_model("param w[3] in R\ndata k in {1, 2, 3}\nlogp = w[k] - log(exp(w[1]) + exp(w[2]) + exp(w[3]))\n");
    ck_assert_str_eq(fx_logp(f), "w[k] - log(exp(w[1]) + exp(w[2]) + exp(w[3]))");
    fx_free(f);
}
END_TEST

/* ---------------------------------------------------------------- precedence */

START_TEST(test_precedence_numbers)
{
    fx *f = ok_model("const a = -2^2\n"
                     "const b = 2^-1\n"
                     "const c = 2^3^2\n"
                     "const d = 10 - 4 - 3\n"
                     "const e = 12/3/2\n"
                     "const g = 1 + 2*3^2\n"
                     "const h = -2*3\n"
                     "const i = 2*-3\n"
                     "const j = -(2 - 5)^2\n"
                     "const k = 8/2*2\n"
                     "const l = 2 - -1\n"
                     "const m = (1 + 2)*3\n"
                     "const n = 2^-1/2\n"
                     "const o = -2^-2\n"
                     "param theta in R\ndata x in R\nlogp = -(x - theta)^2/2 - log(2*pi)/2\n");
    static const char *const trees[] = {
        "(const a (neg (^ 2 2)))",   "(const b (^ 2 (neg 1)))",   "(const c (^ 2 (^ 3 2)))",
        "(const d (- (- 10 4) 3))",  "(const e (/ (/ 12 3) 2))",  "(const g (+ 1 (* 2 (^ 3 2))))",
        "(const h (* (neg 2) 3))",   "(const i (* 2 (neg 3)))",   "(const j (neg (^ (- 2 5) 2)))",
        "(const k (* (/ 8 2) 2))",   "(const l (- 2 (neg 1)))",   "(const m (* (+ 1 2) 3))",
        "(const n (/ (^ 2 (neg 1)) 2))", "(const o (neg (^ 2 (neg 2))))",
    };
    for (size_t i = 0; i < ARRAY_LEN(trees); i++)
        ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, i)), trees[i]);
    ck_assert_str_eq(fx_const_value(f, "a"), "-4"); /* -(2^2), not (-2)^2 */
    ck_assert_str_eq(fx_const_value(f, "b"), "1/2");
    ck_assert_str_eq(fx_const_value(f, "c"), "512"); /* 2^(3^2), not (2^3)^2 = 64 */
    ck_assert_str_eq(fx_const_value(f, "d"), "3");
    ck_assert_str_eq(fx_const_value(f, "e"), "2");
    ck_assert_str_eq(fx_const_value(f, "g"), "19");
    ck_assert_str_eq(fx_const_value(f, "h"), "-6");
    ck_assert_str_eq(fx_const_value(f, "i"), "-6");
    ck_assert_str_eq(fx_const_value(f, "j"), "-9");
    ck_assert_str_eq(fx_const_value(f, "k"), "8");
    ck_assert_str_eq(fx_const_value(f, "l"), "3");
    ck_assert_str_eq(fx_const_value(f, "m"), "9");
    ck_assert_str_eq(fx_const_value(f, "n"), "1/4"); /* the exponent is -1 only */
    ck_assert_str_eq(fx_const_value(f, "o"), "-1/4");
    fx_free(f);
}
END_TEST

START_TEST(test_precedence_symbols)
{
    fx *f = ok_model("param a in (0, inf)\nparam b in (0, inf)\nparam c in (0, inf)\n"
                     "data x in R\n"
                     "let p1 = a - b - c\n"
                     "let p2 = a/b/c\n"
                     "let p3 = a - (b - c)\n"
                     "let p4 = a^b^c\n"
                     "let p5 = (a^b)^c\n"
                     "let p6 = -x^2\n"
                     "let p7 = (-x)^2\n"
                     "let p8 = a^-b\n"
                     "logp = -(x - a)^2/2 - log(2*pi)/2 + 0*(b + c)\n");
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 4)), "(let p1 (- (- a b) c))");
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 5)), "(let p2 (/ (/ a b) c))");
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 7)), "(let p4 (^ a (^ b c)))");
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 9)), "(let p6 (neg (^ x 2)))");
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 11)), "(let p8 (^ a (neg b)))");
    ck_assert_str_eq(fx_str(f, fx_decl(f, "p1")->value), "a - b - c");
    ck_assert_str_eq(fx_str(f, fx_decl(f, "p2")->value), "a/(b*c)");
    ck_assert_str_eq(fx_str(f, fx_decl(f, "p3")->value), "a - (b - c)"); /* no distribution */
    ck_assert_str_eq(fx_str(f, fx_decl(f, "p4")->value), "a^b^c");
    ck_assert_str_eq(fx_str(f, fx_decl(f, "p5")->value), "(a^b)^c");
    ck_assert_str_eq(fx_str(f, fx_decl(f, "p6")->value), "-x^2");
    ck_assert_str_eq(fx_str(f, fx_decl(f, "p7")->value), "x^2");
    ck_assert_str_eq(fx_str(f, fx_decl(f, "p8")->value), "a^(-b)");
    fx_free(f);
}
END_TEST

/* ---------------------------------------------------------------- separators */

START_TEST(test_statement_separators)
{
    static const char *const texts[] = {
        "param theta in (0, 1)\ndata x in {0, 1}\nx ~ bernoulli(theta)\n",
        "param theta in (0, 1); data x in {0, 1}; x ~ bernoulli(theta);",
        "param theta in (0, 1) data x in {0, 1} x ~ bernoulli(theta)",
        ";;param theta\nin\n(0,\n1)\n;\ndata x in {0, 1}\n\n\nx\n~\nbernoulli(theta)",
    };
    for (size_t i = 0; i < ARRAY_LEN(texts); i++) {
        fx *f = ok_model(texts[i]);
        ck_assert_uint_eq(fx_nstmts(f), 3);
        ck_assert_str_eq(fx_print(f, false), "model t\nparam theta in (0, 1)\ndata x in {0, 1}\n"
                                             "x ~ bernoulli(theta)\n");
        fx_free(f);
    }
    /* an expression goes on over newlines */
    fx *f = ok_model("param theta in (0, 1)\ndata x in {0, 1}\nlogp = x*log(theta)\n"
                     "       + (1 - x)*log(1 - theta)\n");
    ck_assert_uint_eq(fx_nstmts(f), 3);
    ck_assert_str_eq(fx_logp(f), "x*log(theta) + (1 - x)*log(1 - theta)");
    fx_free(f);
}
END_TEST

/* ---------------------------------------------------------------- numbers, pi, euler */

START_TEST(test_exact_numbers)
{
    fx *f = ok_model("const c = 0.1\n"
                     "param theta in (0, 1)\ndata x in {0, 1}\n"
                     "let q = 0.1*theta + 1e-3 + 2.5e2*theta\n"
                     "logp = x*log(theta) + (1 - x)*log(1 - theta)\n");
    ck_assert_str_eq(fx_const_value(f, "c"), "1/10");
    ck_assert_ptr_eq(f->m->closed[fx_sym(f, "c")], expr_frac(f->m->ex, 1, 10));
    /* 1/10 + 250 = 2501/10 exactly */
    ck_assert_str_eq(fx_str(f, fx_decl(f, "q")->value), "1/1000 + 2501*theta/10");
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 3)),
                     "(let q (+ (+ (* 0.1 theta) 1e-3) (* 2.5e2 theta)))");
    fx_free(f);
}
END_TEST

START_TEST(test_pi_and_euler)
{
    fx *f = ok_model("const c = pi/4\n"
                     "param theta in (0, inf)\ndata x in R\n"
                     "let q = euler*theta + pi\n"
                     "logp = -(x - theta)^2/2 - log(2*pi)/2\n");
    ck_assert_str_eq(fx_const_value(f, "c"), "pi/4");
    const expr *q = fx_decl(f, "q")->value;
    ck_assert_str_eq(fx_str(f, q), "pi + euler*theta");
    ck_assert_int_eq(q->args[0]->kind, EXPR_CONST);
    ck_assert_int_eq(q->args[0]->cst, CST_PI);
    ck_assert_int_eq(q->args[1]->args[0]->kind, EXPR_CONST);
    ck_assert_int_eq(q->args[1]->args[0]->cst, CST_EULER);
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 3)), "(let q (+ (* euler theta) pi))");
    fx_free(f);
}
END_TEST

/* ---------------------------------------------------------------- the canonical print re-parses */

static const char *const roundtrip_models[] = {
    "model binomial \"Binomial(n, theta)\"\nconst n = 10\nparam theta in (0, 1)\ndata x in {0..n}\n"
    "logp = lchoose(n, x) + x*log(theta) + (n - x)*log(1 - theta)\n"
    "reparam odds(phi in (0, inf)) { theta = phi / (1 + phi) }\n"
    "check fim == n / (theta*(1 - theta))\ncheck jeffreys ~ theta^(-1/2) * (1 - theta)^(-1/2)\n"
    "check odds.fim == n / (phi*(1 + phi)^2)\ncheck E[x] == n*theta\n",
    "model m \"a \\\"quoted\\\" title\"\nconst a = -1/2\nconst c = {1, 2.5, -3}\n"
    "param w[2] in (-inf, a)\nparam s in (0, inf)\ninput u = {0, 0.5}\ninput v\n"
    "data y[2] in R\ndata k in {0..inf}\nlet z = (y[1] - w[1]*u - v)/s\n"
    "y[1] ~ normal(w[1]*u + v, s)\ny[2] ~ student_t(c[2], w[2], s^2)\nk ~ poisson(exp(w[1]))\n"
    "reparam r(l in R, q in R) { s = exp(l); w[2] = a - exp(q) }\n"
    "check r.jeffreys ~ exp(-l)\ncheck jeffreys == 2^(1/3)*s^-2\n"
    "check score == [y[1] - 1, 0, euler*pi]\ncheck Var[y[1]^2] == s^4\ncheck expfam\n",
    "param a in R\nparam b in (0, inf)\ndata x in [0, 1]\ndata n in {0, 2, 5}\n"
    "logp = -a^2*b^-1 - 2^-x - (a - b)^(1/3) + sqrt(b) + abs(a)*sign(a) + digamma(b) + "
    "trigamma(b) + polygamma(2, b) + erf(a) + delta(n, 2)*log1pexp(a)\n"
    "check hessian == [[-1, 0], [0, 1/b^2]]\n",
};

START_TEST(test_print_reparses)
{
    /* print, parse the print, print again: the same text (and, expanded, the same logp) */
    fx *f = ok_model(roundtrip_models[_i]);
    const char *p1 = fx_print(f, false);
    fx *g = ok_model(p1);
    ck_assert_str_eq(fx_print(g, false), p1);
    ck_assert_str_eq(fx_logp(g), fx_logp(f));
    ck_assert_int_eq(g->m->nparams, f->m->nparams);
    ck_assert_int_eq(g->m->ndata, f->m->ndata);
    ck_assert_int_eq(g->m->nclaims, f->m->nclaims);
    const char *e1 = fx_print(f, true);
    fx *h = ok_model(e1);
    ck_assert_str_eq(fx_print(h, true), e1);
    ck_assert_str_eq(fx_logp(h), fx_logp(f));
    fx_free(h);
    fx_free(g);
    fx_free(f);
}
END_TEST

/* ---------------------------------------------------------------- syntax errors */

START_TEST(test_syntax_errors_recover)
{
    fx *f = fx_parse("const = 1\n"
                     "param theta in R\n"
                     "data x in R\n"
                     "param in R\n"
                     "logp = -(x - theta)^2/2\n");
    ck_assert_int_eq(f->parse_rc, -1);
    ck_assert_int_eq(fx_nerrors(f), 2);
    ck_assert_str_eq(fx_msg(f, 0), "t.fim:1:7: error: syntax error: unexpected '=', expected identifier");
    ck_assert_str_eq(fx_msg(f, 1), "t.fim:4:7: error: syntax error: unexpected 'in', expected identifier");
    /* the statements between the errors are kept */
    ck_assert_uint_eq(fx_nstmts(f), 3);
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 0)), "(param theta R)");
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 1)), "(data x R)");
    ck_assert_int_eq(fx_stmt(f, 2)->kind, AST_LOGP);
    fx_free(f);
    /* an incomplete expression at the end of the text */
    f = fx_parse("param theta in R\nlogp = theta +\n");
    ck_assert_int_eq(fx_nerrors(f), 1);
    /* reported just after the last token of line 2 */
    ck_assert_str_eq(fx_msg(f, 0), "t.fim:2:15: error: syntax error: unexpected end of input");
    fx_free(f);
}
END_TEST

START_TEST(test_syntax_errors_on_adjacent_lines)
{
    /* Regression: two mistakes on consecutive lines. Bison suppresses errors until three
     * tokens have been shifted after the last one; the statement keywords end recovery, so
     * the second line's error is reported too. */
    fx *f = fx_parse("const = 1\nparam in R\n");
    /* copied out and freed first, so a failing assertion leaks nothing */
    int rc = f->parse_rc, nerrors = fx_nerrors(f);
    char m0[160], m1[160];
    snprintf(m0, sizeof m0, "%s", fx_msg(f, 0) ? fx_msg(f, 0) : "(none)");
    snprintf(m1, sizeof m1, "%s", fx_msg(f, 1) ? fx_msg(f, 1) : "(none)");
    fx_free(f);
    ck_assert_int_eq(rc, -1);
    ck_assert_str_eq(m0, "t.fim:1:7: error: syntax error: unexpected '=', expected identifier");
    ck_assert_int_eq(nerrors, 2);
    ck_assert_str_eq(m1, "t.fim:2:7: error: syntax error: unexpected 'in', expected identifier");
}
END_TEST

static Suite *parser_suite(void)
{
    Suite *s = suite_create("parser");
    TCase *tc = tcase_create("statements");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_model_with_title);
    tcase_add_test(tc, test_model_without_title);
    tcase_add_test(tc, test_const_scalar_and_vector);
    tcase_add_test(tc, test_param_scalar_and_vector);
    tcase_add_test(tc, test_data_scalar_and_vector);
    tcase_add_test(tc, test_input_with_and_without_values);
    tcase_add_test(tc, test_let);
    tcase_add_test(tc, test_logp_and_the_example_of_section_1);
    tcase_add_test(tc, test_reparam_one_assignment);
    tcase_add_test(tc, test_reparam_two_assignments);
    tcase_add_test(tc, test_domains_and_supports);
    tcase_add_test(tc, test_statement_separators);
    suite_add_tcase(s, tc);

    TCase *td = tcase_create("distributions");
    tcase_set_timeout(td, 60);
    tcase_add_loop_test(td, test_distribution, 0, (int)ARRAY_LEN(dist_cases));
    suite_add_tcase(s, td);

    TCase *tk = tcase_create("claims");
    tcase_set_timeout(tk, 60);
    tcase_add_loop_test(tk, test_claim, 0, (int)ARRAY_LEN(claim_cases));
    tcase_add_test(tk, test_claims_one_parameter);
    suite_add_tcase(s, tk);

    TCase *te = tcase_create("expressions");
    tcase_set_timeout(te, 60);
    tcase_add_test(te, test_sum_and_prod);
    tcase_add_test(te, test_indexing);
    tcase_add_test(te, test_categorical_indexing);
    tcase_add_test(te, test_precedence_numbers);
    tcase_add_test(te, test_precedence_symbols);
    tcase_add_test(te, test_exact_numbers);
    tcase_add_test(te, test_pi_and_euler);
    tcase_add_loop_test(te, test_print_reparses, 0, (int)ARRAY_LEN(roundtrip_models));
    suite_add_tcase(s, te);

    TCase *tx = tcase_create("errors");
    tcase_set_timeout(tx, 60);
    tcase_add_test(tx, test_syntax_errors_recover);
    tcase_add_test(tx, test_syntax_errors_on_adjacent_lines);
    suite_add_tcase(s, tx);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(parser_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
