/* tests/unit/check_simp.c — unit tests of the simplifier (compiler/simp.c): the printed
 * normal forms of the textbook cases (Binomial, odds reparameterisation, Normal Hessian),
 * the zero test (identities found, non-identities never claimed), derivatives through
 * diff(), idempotence, canonical rebuilt forms, guards, and random expressions checked
 * numerically against their normal forms.
 *
 * Random tests use a fixed seed, overridable with SIMP_SEED=<n> in the environment and
 * printed in every failure message. Run under valgrind with CK_FORK=no. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <flint/flint.h>

#include "diff.h"
#include "expr.h"
#include "simp.h"

/* The fixture: symbols declared as a model declares them (constants, parameters, data). */
static expr_ctx *C;
static simp_ctx *S;
static expr *n_, *theta, *phi, *mu, *sigma, *p1, *p2, *x, *y, *k, *a, *b;
static int s_theta, s_phi, s_mu, s_sigma, s_x, v_w;
static unsigned long seed;

static void setup(void)
{
    C = expr_ctx_new();
    S = simp_new(C);
    n_ = expr_sym(C, expr_sym_new(C, "n", SYM_CONST, NULL));
    s_theta = expr_sym_new(C, "theta", SYM_PARAM, NULL);
    s_phi = expr_sym_new(C, "phi", SYM_PARAM, NULL);
    s_mu = expr_sym_new(C, "mu", SYM_PARAM, NULL);
    s_sigma = expr_sym_new(C, "sigma", SYM_PARAM, NULL);
    p1 = expr_sym(C, expr_sym_new(C, "p1", SYM_PARAM, NULL));
    p2 = expr_sym(C, expr_sym_new(C, "p2", SYM_PARAM, NULL));
    s_x = expr_sym_new(C, "x", SYM_DATA, NULL);
    y = expr_sym(C, expr_sym_new(C, "y", SYM_DATA, NULL));
    k = expr_sym(C, expr_sym_new(C, "k", SYM_DATA, NULL));
    a = expr_sym(C, expr_sym_new(C, "a", SYM_LOCAL, NULL));
    b = expr_sym(C, expr_sym_new(C, "b", SYM_LOCAL, NULL));
    v_w = expr_vec_new(C, "w", SYM_PARAM, 3, NULL);
    theta = expr_sym(C, s_theta);
    phi = expr_sym(C, s_phi);
    mu = expr_sym(C, s_mu);
    sigma = expr_sym(C, s_sigma);
    x = expr_sym(C, s_x);
    const char *env = getenv("SIMP_SEED");
    seed = env ? strtoul(env, NULL, 10) : 20240611UL;
}

static void teardown(void)
{
    simp_free(S);
    S = NULL;
    expr_ctx_free(C);
    C = NULL;
}

/* ---------------------------------------------------------------------------------- */
/* Shorthands                                                                          */

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

static expr *pw(expr *p, long e)
{
    return expr_powi(C, p, e);
}

static expr *root(expr *p)
{
    return expr_pow(C, p, Q(1, 2));
}

static expr *lg(expr *p)
{
    return expr_fn1(C, FN_LOG, p);
}

static expr *ex(expr *p)
{
    return expr_fn1(C, FN_EXP, p);
}

/* Assert that the normal form of e prints as want. */
#define ck_assert_normal(e, want)                                                         \
    do {                                                                                  \
        char *got_ = expr_to_string(C, simp_normal(S, (e)));                              \
        ck_assert_str_eq(got_, (want));                                                   \
        free(got_);                                                                       \
    } while (0)

/* ---------------------------------------------------------------------------------- */
/* Numeric evaluation (doubles) for the random tests                                   */

/* Values of the symbols: in (0.2, 0.8), so log(theta), log(1 - theta) and every square
 * root are finite, and spread by the golden ratio so that no simple rational relation
 * holds between them (2 + theta - 3*x = 0 exactly would make a cube root ill-conditioned).
 * w[k] is 0.5 + 0.1 k. */
static double sym_value(int sym)
{
    double g = (sym + 1) * 0.6180339887498949;
    return 0.2 + 0.6 * (g - floor(g));
}

static double eval(const expr *e)
{
    switch ((expr_kind)e->kind) {
    case EXPR_NUM:
        return mpq_get_d(e->q);
    case EXPR_CONST:
        return e->cst == CST_PI ? 3.14159265358979323846 : 0.57721566490153286061;
    case EXPR_SYM:
        return sym_value(e->sym);
    case EXPR_INDEX:
        return 0.5 + 0.1 * eval(e->args[0]);
    case EXPR_ADD: {
        double s = 0;
        for (uint32_t i = 0; i < e->nargs; i++)
            s += eval(e->args[i]);
        return s;
    }
    case EXPR_MUL: {
        double p = 1;
        for (uint32_t i = 0; i < e->nargs; i++)
            p *= eval(e->args[i]);
        return p;
    }
    case EXPR_POW:
        return pow(eval(e->args[0]), eval(e->args[1]));
    case EXPR_FN:
        switch (e->fn) {
        case FN_EXP:
            return exp(eval(e->args[0]));
        case FN_LOG:
            return log(eval(e->args[0]));
        case FN_SIN:
            return sin(eval(e->args[0]));
        case FN_COS:
            return cos(eval(e->args[0]));
        case FN_LGAMMA:
            return lgamma(eval(e->args[0]));
        default:
            return NAN;
        }
    }
    return NAN;
}

/* A small linear congruential generator (the tests must not depend on libc's rand). */
static unsigned rnd(unsigned long *st)
{
    *st = *st * 6364136223846793005UL + 1442695040888963407UL;
    return (unsigned)(*st >> 33);
}

/* A random polynomial in the atoms x, y, theta, log(theta), sqrt(x), exp(y), w[k]:
 * 1 to 4 terms, small rational coefficients, each atom to a power 1..3. */
static expr *rnd_atom(unsigned long *st)
{
    switch (rnd(st) % 7) {
    case 0:
        return x;
    case 1:
        return y;
    case 2:
        return theta;
    case 3:
        return lg(theta);
    case 4:
        return root(x);
    case 5:
        return ex(y);
    default:
        return expr_index(C, v_w, k);
    }
}

static expr *rnd_monomial(unsigned long *st)
{
    expr *m = I(1);
    int nf = (int)(rnd(st) % 3) + 1;
    for (int i = 0; i < nf; i++)
        m = mul(m, pw(rnd_atom(st), (long)(rnd(st) % 3) + 1));
    return m;
}

static expr *rnd_coef(unsigned long *st)
{
    long c = (long)(rnd(st) % 9) - 4;
    if (c == 0)
        c = 5;
    return Q(c, rnd(st) % 3 + 1);
}

static expr *rnd_poly(unsigned long *st)
{
    expr *p = mul(rnd_coef(st), rnd_monomial(st));
    int nt = (int)(rnd(st) % 4);
    for (int i = 0; i < nt; i++)
        p = add(p, mul(rnd_coef(st), rnd_monomial(st)));
    return p;
}

/* A random expression of depth d over x, y, theta (all in (0, 1)): sums, products,
 * quotients, integer and fractional powers, log, exp, sin, pi. */
static expr *rnd_expr(unsigned long *st, int d)
{
    unsigned r = rnd(st);
    int choice = d <= 0 ? (int)(r % 3) : (int)(r % 12);
    switch (choice) {
    case 0:
        return Q((long)(r / 16 % 7) - 3, r / 128 % 3 + 1);
    case 1:
    case 2: {
        expr *v[3] = {x, y, theta};
        return v[r / 16 % 3];
    }
    case 3:
    case 4:
        return add(rnd_expr(st, d - 1), rnd_expr(st, d - 1));
    case 5:
        return mul(rnd_expr(st, d - 1), rnd_expr(st, d - 1));
    case 6:
        return sub(rnd_expr(st, d - 1), rnd_expr(st, d - 1));
    case 7:
        return dv(rnd_expr(st, d - 1), add(I(2), rnd_expr(st, d - 1)));
    case 8:
        return pw(rnd_expr(st, d - 1), (long)(r / 16 % 5) - 2);
    case 9: {
        expr *q[4] = {Q(1, 2), Q(3, 2), Q(-1, 2), Q(1, 3)};
        return expr_pow(C, add(I(1), mul(rnd_expr(st, d - 1), rnd_expr(st, d - 1))),
                        q[r / 16 % 4]);
    }
    case 10: {
        expr_fn_id f[3] = {FN_LOG, FN_EXP, FN_SIN};
        expr *u = rnd_expr(st, d - 1);
        return expr_fn1(C, f[r / 16 % 3], f[r / 16 % 3] == FN_LOG ? add(I(3), u) : u);
    }
    default:
        return mul(expr_const(C, CST_PI), rnd_expr(st, d - 1));
    }
}

/* |u - v| small relative to the sizes involved (both finite). */
static bool close_enough(double u, double v)
{
    return fabs(u - v) <= 1e-7 * (1 + fabs(u) + fabs(v));
}

/* ---------------------------------------------------------------------------------- */
/* The textbook cases                                                                  */

/* The Binomial -E[H] written by hand: n*theta/theta^2 + (n - n*theta)/(1 - theta)^2. */
static expr *binomial_fim(void)
{
    expr *omt = sub(I(1), theta);
    return add(dv(mul(n_, theta), pw(theta, 2)), dv(sub(n_, mul(n_, theta)), pw(omt, 2)));
}

START_TEST(test_binomial)
{
    ck_assert_normal(binomial_fim(), "n/(theta*(1 - theta))");
    /* The printed form, built directly, is its own normal form. */
    expr *want = dv(n_, mul(theta, sub(I(1), theta)));
    ck_assert_ptr_eq(simp_normal(S, binomial_fim()), want);
    ck_assert_ptr_eq(simp_normal(S, want), want);
}
END_TEST

START_TEST(test_binomial_score)
{
    expr *score = sub(dv(x, theta), dv(sub(n_, x), sub(I(1), theta)));
    ck_assert_normal(score, "(x - n*theta)/(theta*(1 - theta))");
    expr *want = dv(sub(x, mul(n_, theta)), mul(theta, sub(I(1), theta)));
    ck_assert_ptr_eq(simp_normal(S, score), want);
    ck_assert_ptr_eq(simp_normal(S, want), want);
}
END_TEST

/* Odds: theta = phi/(1 + phi); F(phi) = F(theta(phi)) * (dtheta/dphi)^2 = n/(phi (1+phi)^2). */
START_TEST(test_odds_reparam)
{
    expr *F = dv(n_, mul(theta, sub(I(1), theta)));
    expr *th = dv(phi, add(I(1), phi));
    diff_ctx dc;
    diff_init(&dc, C);
    expr *dth = diff(&dc, th, s_phi);
    expr *Fphi = mul(expr_subst(C, F, 1, &s_theta, &th), pw(dth, 2));
    diff_free(&dc);
    ck_assert_normal(Fphi, "n/(phi*(1 + phi)^2)");
    expr *want = dv(n_, mul(phi, pw(add(I(1), phi), 2)));
    ck_assert_ptr_eq(simp_normal(S, Fphi), want);
    ck_assert_ptr_eq(simp_normal(S, want), want);
}
END_TEST

/* The Normal: logp = -log(sigma) - (x - mu)^2/(2 sigma^2); its Hessian entries. */
START_TEST(test_normal_hessian)
{
    expr *r = sub(x, mu);
    expr *lp = sub(expr_neg(C, lg(sigma)), dv(pw(r, 2), mul(I(2), pw(sigma, 2))));
    diff_ctx dc;
    diff_init(&dc, C);
    expr *hmm = diff(&dc, diff(&dc, lp, s_mu), s_mu);
    expr *hms = diff(&dc, diff(&dc, lp, s_mu), s_sigma);
    expr *hsm = diff(&dc, diff(&dc, lp, s_sigma), s_mu);
    expr *hss = diff(&dc, diff(&dc, lp, s_sigma), s_sigma);
    diff_free(&dc);
    ck_assert_normal(hmm, "-1/sigma^2");
    ck_assert_normal(hms, "2*(mu - x)/sigma^3");
    ck_assert_ptr_eq(simp_normal(S, hms), simp_normal(S, hsm));
    ck_assert_normal(hss, "(sigma^2 + 6*mu*x - 3*mu^2 - 3*x^2)/sigma^4");
    /* The forms written by hand normalise to the same nodes. */
    ck_assert_ptr_eq(simp_normal(S, dv(I(-1), pw(sigma, 2))), simp_normal(S, hmm));
    ck_assert_ptr_eq(simp_normal(S, dv(mul(I(-2), r), pw(sigma, 3))), simp_normal(S, hms));
    ck_assert_ptr_eq(simp_normal(S, sub(dv(I(1), pw(sigma, 2)),
                                        dv(mul(I(3), pw(r, 2)), pw(sigma, 4)))),
                     simp_normal(S, hss));
    /* -E[H]: E[x - mu] = 0, E[(x - mu)^2] = sigma^2. */
    ck_assert_normal(sub(I(0), sub(dv(I(1), pw(sigma, 2)), dv(mul(I(3), pw(sigma, 2)),
                                                                pw(sigma, 4)))),
                     "2/sigma^2");
}
END_TEST

START_TEST(test_multinomial_factor)
{
    /* A factor with a constant term keeps it positive: 1 - p1 - p2. */
    expr *e = add(dv(I(1), p1), dv(I(1), sub(sub(I(1), p1), p2)));
    ck_assert_normal(e, "(1 - p2)/(p1*(1 - p1 - p2))");
    ck_assert_normal(dv(I(1), sub(p1, I(1))), "-1/(1 - p1)");
}
END_TEST

/* ---------------------------------------------------------------------------------- */
/* The zero test                                                                       */

START_TEST(test_zero_identities)
{
    /* (x + 1)^2 - x^2 - 2x - 1 */
    expr *e1 = sub(sub(sub(pw(add(x, I(1)), 2), pw(x, 2)), mul(I(2), x)), I(1));
    ck_assert(simp_is_zero(S, e1));
    ck_assert_ptr_eq(simp_normal(S, e1), I(0));
    /* log(theta)*(a + b) - a*log(theta) - b*log(theta) */
    expr *l = lg(theta);
    expr *e2 = sub(sub(mul(l, add(a, b)), mul(a, l)), mul(b, l));
    ck_assert(simp_is_zero(S, e2));
    /* 1/(x - 1) - 1/(x + 1) - 2/(x^2 - 1) */
    expr *e3 = sub(sub(dv(I(1), sub(x, I(1))), dv(I(1), add(x, I(1)))),
                   dv(I(2), sub(pw(x, 2), I(1))));
    ck_assert(simp_is_zero(S, e3));
    /* Inside atoms: log((theta^2 - 1)/(theta - 1)) - log(1 + theta) */
    expr *e4 = sub(lg(dv(sub(pw(theta, 2), I(1)), sub(theta, I(1)))), lg(add(I(1), theta)));
    ck_assert(simp_is_zero(S, e4));
    /* simp_is_equal */
    ck_assert(simp_is_equal(S, binomial_fim(), dv(n_, mul(theta, sub(I(1), theta)))));
    ck_assert(!simp_is_equal(S, binomial_fim(), dv(n_, theta)));
}
END_TEST

/* Square roots. sqrt(x)*sqrt(x) - x IS reported zero: the expression core already merges
 * x^(1/2)*x^(1/2) into x, and through sums the shared atom x^(1/2) (x = (x^(1/2))^2) finds
 * (sqrt(x) + 1)^2 - 2*sqrt(x) - 1 - x zero as well. Both are zero wherever sqrt(x) is
 * defined. What is not an identity over the reals is never claimed. */
START_TEST(test_zero_roots)
{
    ck_assert(simp_is_zero(S, sub(mul(root(x), root(x)), x)));
    expr *e = sub(sub(sub(pw(add(root(x), I(1)), 2), mul(I(2), root(x))), I(1)), x);
    ck_assert(simp_is_zero(S, e));
    ck_assert(simp_is_zero(S, sub(pw(root(x), 3), mul(x, root(x)))));
    ck_assert(simp_is_zero(S, sub(mul(expr_pow(C, x, Q(1, 3)), root(x)),
                                  expr_pow(C, x, Q(5, 6)))));
    /* sqrt(x^2) = |x|, log(x^2) = 2 log|x|: unknown. */
    ck_assert(!simp_is_zero(S, sub(root(pw(x, 2)), x)));
    ck_assert(!simp_is_zero(S, sub(lg(pw(x, 2)), mul(I(2), lg(x)))));
    /* exponentials split into powers of exp atoms: exp(a + b) = exp(a)*exp(b) */
    ck_assert(simp_is_zero(S, sub(ex(add(a, b)), mul(ex(a), ex(b)))));
    ck_assert(simp_is_zero(S, sub(ex(mul(I(-2), a)), dv(I(1), pw(ex(a), 2)))));
    ck_assert(!simp_is_zero(S, sub(ex(mul(I(2), a)), pw(ex(a), 3))));
    /* x^(3/2) + sqrt(x) shares the atom sqrt(x) */
    ck_assert_normal(add(expr_pow(C, x, Q(3, 2)), root(x)), "sqrt(x)*(1 + x)");
}
END_TEST

/* Roots of sums are reduced by r^2 = base: sqrt(1 + x)^2 is 1 + x wherever it appears. */
START_TEST(test_roots_of_sums)
{
    expr *r = root(add(I(1), x));
    ck_assert_normal(sub(mul(r, add(r, I(2))), x), "1 + 2*sqrt(1 + x)");
    ck_assert_normal(pw(add(I(1), root(I(2))), 2), "3 + 2*sqrt(2)");
    ck_assert_normal(dv(I(1), add(I(1), r)), "1/(1 + sqrt(1 + x))");
    /* Denominators are not rationalised, but the zero test sees through them. */
    ck_assert(simp_is_zero(S, sub(dv(I(1), add(I(1), r)), dv(sub(r, I(1)), x))));
    /* Nested: sqrt(1 + sqrt(1 + x))^2 = 1 + sqrt(1 + x). */
    expr *rr = root(add(I(1), r));
    ck_assert_normal(sub(mul(rr, add(rr, I(1))), rr), "1 + sqrt(1 + x)");
}
END_TEST

/* Regression (random expressions, seed 143): the result pi*sqrt(B)/(B*(...)) is rebuilt
 * as pi/(sqrt(B)*(...)) by the core, a different quotient of the same value; the normal
 * form normalises it again, so that it is idempotent. */
START_TEST(test_root_refold_idempotent)
{
    expr *bb = add(I(1), mul(x, y));
    expr *e = dv(expr_const(C, CST_PI), mul(bb, add(I(2), dv(y, root(bb)))));
    expr *nf = simp_normal(S, e);
    ck_assert_ptr_eq(simp_normal(S, nf), nf);
    simp_ctx *fresh = simp_new(C);
    ck_assert_ptr_eq(simp_normal(fresh, nf), nf);
    ck_assert_ptr_eq(simp_normal(fresh, e), nf);
    simp_free(fresh);
    ck_assert(simp_is_zero(S, sub(nf, e)));
}
END_TEST

START_TEST(test_not_zero)
{
    ck_assert(!simp_is_zero(S, x));
    ck_assert(!simp_is_zero(S, I(3)));
    ck_assert(!simp_is_zero(S, sub(lg(theta), lg(sub(I(1), theta)))));
    ck_assert(!simp_is_zero(S, sub(dv(I(1), sub(x, I(1))), dv(I(1), add(x, I(1))))));
    ck_assert(simp_is_zero(S, I(0)));
}
END_TEST

/* Random polynomial identities are zero; with one coefficient perturbed (c*m added, c != 0,
 * m a monomial of the atoms) they never are, and their normal forms agree numerically with
 * them. */
START_TEST(test_random_identities)
{
    unsigned long st = seed;
    for (int it = 0; it < 150; it++) {
        expr *p = rnd_poly(&st), *q = rnd_poly(&st), *r = rnd_poly(&st);
        expr *id[4];
        /* p (q + r) - p q - p r */
        id[0] = sub(sub(mul(p, add(q, r)), mul(p, q)), mul(p, r));
        /* (p + q)^2 - p^2 - 2 p q - q^2 */
        id[1] = sub(sub(sub(pw(add(p, q), 2), pw(p, 2)), mul(I(2), mul(p, q))), pw(q, 2));
        /* p/q + r/q - (p + r)/q */
        id[2] = sub(add(dv(p, q), dv(r, q)), dv(add(p, r), q));
        /* (p q)/(q r) - p/r */
        id[3] = sub(dv(mul(p, q), mul(q, r)), dv(p, r));
        for (int j = 0; j < 4; j++) {
            if (expr_is_zero(q) || expr_is_zero(r))
                continue;
            ck_assert_msg(simp_is_zero(S, id[j]), "identity %d not found zero (seed %lu, it %d)",
                          j, seed, it);
            expr *bad = add(id[j], mul(rnd_coef(&st), rnd_monomial(&st)));
            ck_assert_msg(!simp_is_zero(S, bad), "perturbed identity %d claimed zero (seed %lu, it %d)",
                          j, seed, it);
            expr *nf = simp_normal(S, bad);
            ck_assert_msg(!expr_is_zero(nf), "perturbed identity normalised to 0 (seed %lu)", seed);
            double u = eval(bad), v = eval(nf);
            ck_assert_msg(close_enough(u, v), "normal form differs: %.17g vs %.17g (seed %lu, it %d)",
                          u, v, seed, it);
        }
    }
}
END_TEST

/* Random expressions: the normal form agrees numerically, is idempotent (also in a fresh
 * context), and does not depend on the order of the calls. */
START_TEST(test_random_expressions)
{
    enum { N = 300 };
    expr *e[N], *nf[N];
    unsigned long st = seed;
    for (int i = 0; i < N; i++) {
        e[i] = rnd_expr(&st, 4);
        nf[i] = simp_normal(S, e[i]);
        double u = eval(e[i]), v = eval(nf[i]);
        if (isfinite(u) && isfinite(v) && fabs(u) < 1e6) {
            char *s1 = expr_to_string(C, e[i]), *s2 = expr_to_string(C, nf[i]);
            ck_assert_msg(close_enough(u, v), "%s = %.17g but %s = %.17g (seed %lu, i %d)", s1, u,
                          s2, v, seed, i);
            free(s1);
            free(s2);
        }
        ck_assert_ptr_eq(simp_normal(S, nf[i]), nf[i]);
    }
    /* A fresh context, the calls in reverse order and the normal forms normalised again. */
    simp_ctx *s2 = simp_new(C);
    for (int i = N - 1; i >= 0; i--) {
        ck_assert_ptr_eq(simp_normal(s2, e[i]), nf[i]);
        ck_assert_ptr_eq(simp_normal(s2, nf[i]), nf[i]);
    }
    simp_free(s2);
    s2 = simp_new(C);
    for (int i = 0; i < N; i++)
        ck_assert_ptr_eq(simp_normal(s2, nf[i]), nf[i]);
    simp_free(s2);
}
END_TEST

/* ---------------------------------------------------------------------------------- */
/* Derivatives                                                                         */

START_TEST(test_diff_logit)
{
    diff_ctx dc;
    diff_init(&dc, C);
    expr *d = diff(&dc, lg(dv(theta, sub(I(1), theta))), s_theta);
    diff_free(&dc);
    ck_assert_normal(d, "1/(theta*(1 - theta))");
}
END_TEST

/* logp = sum_i -(x[i] - mu[i])^2/2, d = 10: the Hessian is -I; and with a common scale,
 * sum_i -((x[i] - mu[i])/sigma)^2/2, it is -I/sigma^2. */
START_TEST(test_gauss_means_hessian)
{
    enum { D = 10 };
    int vx = expr_vec_new(C, "xs", SYM_DATA, D, NULL);
    int vm = expr_vec_new(C, "ms", SYM_PARAM, D, NULL);
    int fx = expr_vec_get(C, vx)->first_sym, fm = expr_vec_get(C, vm)->first_sym;
    expr *t[D], *u[D];
    for (int i = 0; i < D; i++) {
        expr *r = sub(expr_sym(C, fx + i), expr_sym(C, fm + i));
        t[i] = mul(Q(-1, 2), pw(r, 2));
        u[i] = mul(Q(-1, 2), pw(dv(r, sigma), 2));
    }
    expr *lp = expr_add(C, D, t), *lq = expr_add(C, D, u);
    diff_ctx dc;
    diff_init(&dc, C);
    for (int i = 0; i < D; i++)
        for (int j = 0; j < D; j++) {
            expr *h = diff(&dc, diff(&dc, lp, fm + i), fm + j);
            ck_assert_ptr_eq(simp_normal(S, h), I(i == j ? -1 : 0));
            expr *g = diff(&dc, diff(&dc, lq, fm + i), fm + j);
            if (i == j)
                ck_assert_normal(g, "-1/sigma^2");
            else
                ck_assert(simp_is_zero(S, g));
        }
    diff_free(&dc);
}
END_TEST

/* ---------------------------------------------------------------------------------- */
/* Idempotence and canonical forms                                                     */

START_TEST(test_idempotent)
{
    expr *omt = sub(I(1), theta);
    expr *es[20] = {
        binomial_fim(),
        sub(dv(x, theta), dv(sub(n_, x), omt)),
        dv(n_, mul(theta, omt)),
        add(dv(I(1), p1), dv(I(1), sub(sub(I(1), p1), p2))),
        sub(dv(I(1), sub(x, I(1))), dv(I(1), add(x, I(1)))),
        dv(sub(pw(x, 2), I(1)), sub(x, I(1))),
        mul(lg(theta), add(a, b)),
        add(lg(theta), lg(omt)),
        dv(ex(mul(I(2), theta)), add(I(1), ex(theta))),
        add(expr_pow(C, x, Q(3, 2)), root(x)),
        sub(pw(add(root(x), I(1)), 2), x),
        mul(root(add(x, I(1))), add(root(add(x, I(1))), I(2))),
        dv(I(1), add(pw(sigma, 2), pw(mu, 2))),
        sub(pw(add(x, y), 3), pw(sub(x, y), 3)),
        mul(expr_const(C, CST_PI), dv(theta, add(theta, expr_const(C, CST_PI)))),
        expr_pow(C, add(x, I(1)), theta),
        mul(expr_index(C, v_w, k), sub(expr_index(C, v_w, k), I(1))),
        expr_fn2(C, FN_POLYGAMMA, I(1), add(theta, I(1))),
        dv(mul(I(6), sub(pw(theta, 2), I(1))), mul(I(4), add(theta, I(1)))),
        sub(dv(I(1), pw(sigma, 2)), dv(mul(I(3), pw(sub(x, mu), 2)), pw(sigma, 4))),
    };
    for (int i = 0; i < 20; i++) {
        expr *n1 = simp_normal(S, es[i]);
        ck_assert_ptr_eq(simp_normal(S, n1), n1);
        simp_ctx *fresh = simp_new(C);
        ck_assert_ptr_eq(simp_normal(fresh, n1), n1);
        ck_assert_ptr_eq(simp_normal(fresh, es[i]), n1);
        simp_free(fresh);
        ck_assert(simp_is_zero(S, sub(n1, es[i])));
    }
}
END_TEST

/* Forms printed and rebuilt by hand (there is no parser here): each is already normal,
 * and equal to the normal form of the expression it came from. */
START_TEST(test_printed_forms_rebuilt)
{
    struct {
        expr *from, *printed;
        const char *text;
    } cs[] = {
        {sub(dv(I(1), sub(x, I(1))), dv(I(1), add(x, I(1)))),
         dv(I(-2), mul(sub(I(1), x), add(I(1), x))), "-2/((1 + x)*(1 - x))"},
        {dv(sub(pw(x, 2), I(1)), sub(x, I(1))), add(I(1), x), "1 + x"},
        {dv(mul(I(6), sub(pw(theta, 2), I(1))), mul(I(4), add(theta, I(1)))),
         mul(Q(3, 2), sub(theta, I(1))), "-3*(1 - theta)/2"},
        {sub(pw(add(root(x), I(1)), 2), x), add(I(1), mul(I(2), root(x))), "1 + 2*sqrt(x)"},
        {mul(root(add(x, I(1))), add(root(add(x, I(1))), I(2))),
         add(add(I(1), x), mul(I(2), root(add(I(1), x)))), "1 + x + 2*sqrt(1 + x)"},
    };
    for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++) {
        ck_assert_normal(cs[i].from, cs[i].text);
        ck_assert_ptr_eq(simp_normal(S, cs[i].from), simp_normal(S, cs[i].printed));
    }
}
END_TEST

START_TEST(test_atoms)
{
    /* log(theta) and log(1 - theta) are different atoms; sums of them stay. */
    ck_assert_normal(add(lg(theta), lg(sub(I(1), theta))), "log(theta) + log(1 - theta)");
    /* Arguments are normalised. */
    ck_assert_normal(lg(dv(sub(pw(theta, 2), I(1)), sub(theta, I(1)))), "log(1 + theta)");
    /* exp(-theta) is exp(theta)^(-1): exp(theta)*exp(-theta) is 1. */
    ck_assert(simp_is_zero(S, sub(mul(ex(theta), ex(expr_neg(C, theta))), I(1))));
    /* exp(log(u)) folds once u is normal. */
    ck_assert(simp_is_zero(S, sub(ex(lg(add(x, I(1)))), add(x, I(1)))));
    /* w[k] with a data index is an atom; the index is normalised. */
    expr *wk = expr_index(C, v_w, k);
    expr *wk2 = expr_index(C, v_w, sub(add(k, I(1)), I(1)));
    ck_assert(simp_is_zero(S, sub(mul(wk, add(wk, I(1))), add(pw(wk2, 2), wk2))));
}
END_TEST

/* ---------------------------------------------------------------------------------- */
/* Guards and memoisation                                                              */

START_TEST(test_guards)
{
    /* (1 + x + y + theta)^60 has C(63, 3) = 39711 terms: returned unchanged. */
    expr *big = pw(add(add(add(I(1), x), y), theta), 60);
    ck_assert_ptr_eq(simp_normal(S, big), big);
    ck_assert(!simp_is_zero(S, sub(big, pw(add(I(1), x), 2))));
    /* A huge exponent. */
    expr *huge = add(pw(x, 1000000), I(1));
    ck_assert_ptr_eq(simp_normal(S, huge), huge);
    /* A division by a polynomial that is zero. */
    expr *z = sub(sub(sub(pw(add(x, I(1)), 2), pw(x, 2)), mul(I(2), x)), I(1));
    expr *dz = add(dv(I(1), z), y);
    ck_assert_ptr_eq(simp_normal(S, dz), dz);
    ck_assert(!simp_is_zero(S, dz));
    /* Large but allowed: (x + y)^30 - (y + x)^30 expanded by hand is still zero. */
    ck_assert(simp_is_zero(S, sub(pw(add(x, y), 30), mul(pw(add(x, y), 15), pw(add(y, x), 15)))));
}
END_TEST

START_TEST(test_memo)
{
    expr *e = binomial_fim();
    expr *n1 = simp_normal(S, e);
    ck_assert_ptr_eq(simp_normal(S, e), n1);
    ck_assert(!simp_is_zero(S, e));
    /* Numbers and symbols are their own normal form. */
    ck_assert_ptr_eq(simp_normal(S, x), x);
    ck_assert_ptr_eq(simp_normal(S, Q(3, 7)), Q(3, 7));
    ck_assert_ptr_eq(simp_normal(S, expr_const(C, CST_PI)), expr_const(C, CST_PI));
}
END_TEST

static Suite *simp_suite(void)
{
    Suite *s = suite_create("simp");
    TCase *tc = tcase_create("textbook");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_binomial);
    tcase_add_test(tc, test_binomial_score);
    tcase_add_test(tc, test_odds_reparam);
    tcase_add_test(tc, test_normal_hessian);
    tcase_add_test(tc, test_multinomial_factor);
    suite_add_tcase(s, tc);

    tc = tcase_create("zero");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_zero_identities);
    tcase_add_test(tc, test_zero_roots);
    tcase_add_test(tc, test_roots_of_sums);
    tcase_add_test(tc, test_root_refold_idempotent);
    tcase_add_test(tc, test_not_zero);
    tcase_add_test(tc, test_random_identities);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);

    tc = tcase_create("normal form");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_diff_logit);
    tcase_add_test(tc, test_gauss_means_hessian);
    tcase_add_test(tc, test_idempotent);
    tcase_add_test(tc, test_printed_forms_rebuilt);
    tcase_add_test(tc, test_atoms);
    tcase_add_test(tc, test_random_expressions);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);

    tc = tcase_create("guards");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_guards);
    tcase_add_test(tc, test_memo);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(simp_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    flint_cleanup();
    return failed != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
