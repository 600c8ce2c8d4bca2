/* tests/unit/check_asym.c — the leading behaviour at a domain end (compiler/sym/asym.c):
 * for each case an expression in the model's parameters, an end of a parameter's domain,
 * and the expected exponent alpha (e ~ c |theta - a|^alpha, or c |theta|^alpha at
 * infinity), log power k, whether an exponential factor decays (beta < 0) or grows, the
 * verdict of asym_integrable — or "unknown" where a rule must refuse (cancellations,
 * functions without a sound rule). The Jeffreys densities of models/ are among them. */
#include <check.h>
#include <flint/flint.h>
#include <gmp.h>
#include <stdlib.h>

#include "asym.h"
#include "harness.h"
#include "simp.h"

static const char *const MODEL =
    "model t\n"
    "const n = 10\n"
    "param theta in (0, 1)\n"
    "param lam in (0, inf)\n"
    "param mu in R\n"
    "param a in (1, n)\n"
    "data x in {0, 1}\n"
    "logp = x*log(theta) + (1 - x)*log(1 - theta)\n";

typedef struct acase {
    const char *expr;
    const char *param;
    asym_side side;
    bool known;
    const char *alpha; /* expected, as a rational "p/q" */
    const char *k;
    int beta_sign;     /* sign of the exponential factor's beta */
    asym_conv conv;
} acase;

static const acase CASES[] = {
    /* Binomial: sqrt(n)/(sqrt(theta)*sqrt(1 - theta)) ~ theta^(-1/2) at 0 and 1 */
    {"sqrt(n)/(sqrt(theta)*sqrt(1 - theta))", "theta", ASYM_LOWER, true, "-1/2", "0", 0, ASYM_CONVERGES},
    {"sqrt(n)/(sqrt(theta)*sqrt(1 - theta))", "theta", ASYM_UPPER, true, "-1/2", "0", 0, ASYM_CONVERGES},
    /* Geometric: 1/(p sqrt(1 - p)): diverges at 0 (alpha = -1), converges at 1 */
    {"1/(theta*sqrt(1 - theta))", "theta", ASYM_LOWER, true, "-1", "0", 0, ASYM_DIVERGES},
    {"1/(theta*sqrt(1 - theta))", "theta", ASYM_UPPER, true, "-1/2", "0", 0, ASYM_CONVERGES},
    /* Poisson at both ends of (0, inf) */
    {"1/sqrt(lam)", "lam", ASYM_LOWER, true, "-1/2", "0", 0, ASYM_CONVERGES},
    {"1/sqrt(lam)", "lam", ASYM_UPPER, true, "-1/2", "0", 0, ASYM_DIVERGES},
    /* Exponential: 1/rate, alpha = -1 at both ends */
    {"1/lam", "lam", ASYM_UPPER, true, "-1", "0", 0, ASYM_DIVERGES},
    {"1/lam", "lam", ASYM_LOWER, true, "-1", "0", 0, ASYM_DIVERGES},
    /* a sum: the dominant term at each end */
    {"(1 + lam^2)^(-1)", "lam", ASYM_UPPER, true, "-2", "0", 0, ASYM_CONVERGES},
    {"(1 + lam^2)^(-1)", "lam", ASYM_LOWER, true, "0", "0", 0, ASYM_CONVERGES},
    /* log factors at alpha = -1: 1/(t log^2 t) converges at 0, 1/(t |log t|) does not */
    {"1/(theta*log(theta)^2)", "theta", ASYM_LOWER, true, "-1", "-2", 0, ASYM_CONVERGES},
    {"-1/(theta*log(theta))", "theta", ASYM_LOWER, true, "-1", "-1", 0, ASYM_DIVERGES},
    {"1/(lam*log(lam)^2)", "lam", ASYM_UPPER, true, "-1", "-2", 0, ASYM_CONVERGES},
    /* exponential factors: softmax-like exp(mu/2)/(1 + exp(mu)) decays at both ends of R */
    {"sqrt(exp(mu))/(1 + exp(mu))", "mu", ASYM_UPPER, true, "0", "0", -1, ASYM_CONVERGES},
    {"sqrt(exp(mu))/(1 + exp(mu))", "mu", ASYM_LOWER, true, "0", "0", -1, ASYM_CONVERGES},
    {"exp(mu)", "mu", ASYM_UPPER, true, "0", "0", 1, ASYM_DIVERGES},
    /* a flat density on R diverges */
    {"sqrt(2)", "mu", ASYM_UPPER, true, "0", "0", 0, ASYM_DIVERGES},
    /* trigamma(lam) ~ 1/lam^2 at 0, 1/lam at infinity */
    {"trigamma(lam)", "lam", ASYM_LOWER, true, "-2", "0", 0, ASYM_DIVERGES},
    {"trigamma(lam)", "lam", ASYM_UPPER, true, "-1", "0", 0, ASYM_DIVERGES},
    /* lgamma(lam) ~ lam log lam at infinity, -log lam at 0 */
    {"lgamma(lam)", "lam", ASYM_UPPER, true, "1", "1", 0, ASYM_DIVERGES},
    {"lgamma(lam)", "lam", ASYM_LOWER, true, "0", "1", 0, ASYM_CONVERGES},
    /* a finite end that is not 0 (a in (1, n)): (a - 1)^(-1/2) and (n - a)^(-3/2) */
    {"1/(sqrt(a - 1)*(n - a)^(3/2))", "a", ASYM_LOWER, true, "-1/2", "0", 0, ASYM_CONVERGES},
    {"1/(sqrt(a - 1)*(n - a)^(3/2))", "a", ASYM_UPPER, true, "-3/2", "0", 0, ASYM_DIVERGES},
    /* atan tends to pi/2: a constant at infinity */
    {"atan(lam)", "lam", ASYM_UPPER, true, "0", "0", 0, ASYM_DIVERGES},
    /* the dominant terms cancel: lam*trigamma(lam) - 1 ~ 1/(2 lam) is beyond the rules */
    {"lam*trigamma(lam) - 1", "lam", ASYM_UPPER, false, NULL, NULL, 0, ASYM_UNDECIDED},
    /* log of something tending to 1: refused, not guessed */
    {"log(1 + 1/lam)", "lam", ASYM_UPPER, false, NULL, NULL, 0, ASYM_UNDECIDED},
    /* no rule for sin at infinity */
    {"sin(lam)", "lam", ASYM_UPPER, false, NULL, NULL, 0, ASYM_UNDECIDED},
};

static expr *parse_expr(fx *f, const char *text)
{
    fx *v = fx_value(text);
    ck_assert_msg(v->pc.value != NULL, "cannot parse %s", text);
    diag_ctx dd;
    diag_init(&dd, f->out, v->src);
    expr *e = sema_expr(f->m, v->pc.value, &dd, -1, false);
    ck_assert_msg(e != NULL, "sema refused %s:\n%s", text, fx_diags(f));
    fx_free(v);
    return e;
}

START_TEST(test_cases)
{
    fx *f = fx_analyse(MODEL);
    ck_assert_msg(f->m != NULL, "model refused:\n%s", fx_diags(f));
    model *m = f->m;
    simp_ctx *sc = simp_new(m->ex);
    int t = expr_sym_new(m->ex, "t", SYM_LOCAL, NULL);
    const acase *c = &CASES[_i];
    expr *e = parse_expr(f, c->expr);
    int sym = fx_sym(f, c->param);
    const decl *dc = expr_sym_get(m->ex, sym)->owner;
    expr *end = c->side == ASYM_LOWER ? dc->dom.lo : dc->dom.hi;
    asym a;
    asym_init(&a);
    bool known = asym_end(m, sc, e, sym, end, c->side, t, &a);
    ck_assert_msg(known == c->known, "%s at the %s end of %s: known %d (%s)", c->expr,
                  c->side == ASYM_LOWER ? "lower" : "upper", c->param, known,
                  a.why ? a.why : "");
    if (known) {
        mpq_t q;
        mpq_init(q);
        mpq_set_str(q, c->alpha, 10);
        mpq_canonicalize(q);
        ck_assert_msg(mpq_equal(q, a.alpha), "%s: alpha %s, expected %s", c->expr,
                      mpq_get_str(NULL, 10, a.alpha), c->alpha);
        mpq_set_str(q, c->k, 10);
        ck_assert_msg(mpq_equal(q, a.k), "%s: k %s, expected %s", c->expr,
                      mpq_get_str(NULL, 10, a.k), c->k);
        ck_assert_int_eq(mpq_sgn(a.beta), c->beta_sign);
        mpq_clear(q);
    }
    ck_assert_int_eq(asym_integrable(&a, end != NULL), c->conv);
    asym_clear(&a);
    simp_free(sc);
    fx_free(f);
    flint_cleanup();
}
END_TEST

/* The local form puts the end at t = 0 exactly: 1 - theta at theta = 1 - t is t. */
START_TEST(test_local)
{
    fx *f = fx_analyse(MODEL);
    model *m = f->m;
    simp_ctx *sc = simp_new(m->ex);
    int t = expr_sym_new(m->ex, "t", SYM_LOCAL, NULL);
    int sym = fx_sym(f, "theta");
    expr *e = parse_expr(f, "1 - theta");
    const decl *dc = expr_sym_get(m->ex, sym)->owner;
    expr *l = asym_local(m, sc, e, sym, dc->dom.hi, ASYM_UPPER, t);
    ck_assert_ptr_eq(l, expr_sym(m->ex, t));
    simp_free(sc);
    fx_free(f);
    flint_cleanup();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("asym");
    TCase *tc = tcase_create("ends");
    tcase_add_loop_test(tc, test_cases, 0, (int)(sizeof CASES / sizeof CASES[0]));
    tcase_add_test(tc, test_local);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int nf = srunner_ntests_failed(sr);
    srunner_free(sr);
    return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
