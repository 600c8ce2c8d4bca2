/* compiler/front/dist.c — built-in distributions expanded to explicit, normalised log-densities.
 * Each density is written as it appears in the standard references; `fimc print --expand`
 * shows the result. */
#include "dist.h"

#include <string.h>

#include "util.h"

const dist_info dist_table[DIST_COUNT] = {
    [DIST_NORMAL] = {"normal", 2, "mu, sigma", {SUPP_REAL}},
    [DIST_LOGNORMAL] = {"lognormal", 2, "mu, sigma", {SUPP_POSITIVE}},
    [DIST_EXPONENTIAL] = {"exponential", 1, "rate", {SUPP_POSITIVE}},
    [DIST_GAMMA] = {"gamma", 2, "shape, rate", {SUPP_POSITIVE}},
    [DIST_BETA] = {"beta", 2, "a, b", {SUPP_UNIT}},
    [DIST_CAUCHY] = {"cauchy", 2, "loc, scale", {SUPP_REAL}},
    [DIST_LOGISTIC] = {"logistic", 2, "loc, scale", {SUPP_REAL}},
    [DIST_LAPLACE] = {"laplace", 2, "loc, scale", {SUPP_REAL}},
    [DIST_STUDENT_T] = {"student_t", 3, "nu, loc, scale", {SUPP_REAL}},
    [DIST_WEIBULL] = {"weibull", 2, "shape, scale", {SUPP_POSITIVE}},
    [DIST_INVERSE_GAUSSIAN] = {"inverse_gaussian", 2, "mu, lambda", {SUPP_POSITIVE}},
    [DIST_BERNOULLI] = {"bernoulli", 1, "p", {SUPP_BINARY}},
    [DIST_BINOMIAL] = {"binomial", 2, "n, p", {SUPP_ZERO_TO_N}},
    [DIST_POISSON] = {"poisson", 1, "rate", {SUPP_COUNT}},
    [DIST_GEOMETRIC] = {"geometric", 1, "p", {SUPP_COUNT}},
    [DIST_NEGATIVE_BINOMIAL] = {"negative_binomial", 2, "r, p", {SUPP_COUNT}},
    [DIST_CATEGORICAL_LOGIT] = {"categorical_logit", 1, "w", {SUPP_ONE_TO_N}},
};

const char *dist_name(dist_id d)
{
    return dist_table[d].name;
}

int dist_lookup(const char *name)
{
    for (int i = 0; i < DIST_COUNT; i++)
        if (strcmp(dist_table[i].name, name) == 0)
            return i;
    return -1;
}

char *dist_support_string(const dist_support *s, long n)
{
    strbuf sb = {0};
    switch (s->kind) {
    case SUPP_REAL: sb_puts(&sb, "R"); break;
    case SUPP_POSITIVE: sb_puts(&sb, "(0, inf)"); break;
    case SUPP_UNIT: sb_puts(&sb, "(0, 1)"); break;
    case SUPP_COUNT: sb_puts(&sb, "{0..inf}"); break;
    case SUPP_BINARY: sb_puts(&sb, "{0, 1}"); break;
    case SUPP_ZERO_TO_N: sb_printf(&sb, "{0..%ld}", n); break;
    case SUPP_ONE_TO_N: sb_printf(&sb, "{1..%ld}", n); break;
    }
    return sb_take(&sb);
}

#define NUM(n) expr_int(ex, (n))
#define FRAC(p, q) expr_frac(ex, (p), (q))
#define ADD(a, b) expr_add2(ex, (a), (b))
#define SUB(a, b) expr_sub(ex, (a), (b))
#define MUL(a, b) expr_mul2(ex, (a), (b))
#define DIV(a, b) expr_div(ex, (a), (b))
#define POW(a, b) expr_pow(ex, (a), (b))
#define NEG(a) expr_neg(ex, (a))
#define LOG(a) expr_fn1(ex, FN_LOG, (a))
#define F1(f, a) expr_fn1(ex, (f), (a))
#define F2(f, a, b) expr_fn2(ex, (f), (a), (b))

expr *dist_logp(expr_ctx *ex, dist_id d, expr *x, expr *const *a, int vec)
{
    expr *pi = expr_const(ex, CST_PI);
    expr *half = FRAC(1, 2);
    expr *log2pi_half = MUL(half, LOG(MUL(NUM(2), pi)));
    switch (d) {
    case DIST_NORMAL: {
        /* -(x - mu)^2/(2 sigma^2) - log(sigma) - log(2 pi)/2 */
        expr *z = SUB(x, a[0]);
        return SUB(SUB(NEG(DIV(POW(z, NUM(2)), MUL(NUM(2), POW(a[1], NUM(2))))), LOG(a[1])),
                   log2pi_half);
    }
    case DIST_LOGNORMAL: {
        /* normal density of log x, times the Jacobian 1/x */
        expr *z = SUB(LOG(x), a[0]);
        return SUB(SUB(SUB(NEG(DIV(POW(z, NUM(2)), MUL(NUM(2), POW(a[1], NUM(2))))), LOG(a[1])),
                       log2pi_half),
                   LOG(x));
    }
    case DIST_EXPONENTIAL:
        /* log(rate) - rate x */
        return SUB(LOG(a[0]), MUL(a[0], x));
    case DIST_GAMMA:
        /* shape log(rate) + (shape - 1) log x - rate x - lgamma(shape) */
        return SUB(SUB(ADD(MUL(a[0], LOG(a[1])), MUL(SUB(a[0], NUM(1)), LOG(x))), MUL(a[1], x)),
                   F1(FN_LGAMMA, a[0]));
    case DIST_BETA:
        /* (a - 1) log x + (b - 1) log(1 - x) - lbeta(a, b) */
        return SUB(ADD(MUL(SUB(a[0], NUM(1)), LOG(x)), MUL(SUB(a[1], NUM(1)), LOG(SUB(NUM(1), x)))),
                   F2(FN_LBETA, a[0], a[1]));
    case DIST_CAUCHY: {
        /* -log(pi) - log(scale) - log(1 + ((x - loc)/scale)^2) */
        expr *z = DIV(SUB(x, a[0]), a[1]);
        return SUB(SUB(NEG(LOG(pi)), LOG(a[1])), LOG(ADD(NUM(1), POW(z, NUM(2)))));
    }
    case DIST_LOGISTIC: {
        /* z = (x - loc)/scale: -z - log(scale) - 2 log(1 + e^-z) */
        expr *z = DIV(SUB(x, a[0]), a[1]);
        return SUB(SUB(NEG(z), LOG(a[1])), MUL(NUM(2), F1(FN_LOG1PEXP, NEG(z))));
    }
    case DIST_LAPLACE:
        /* -log(2 scale) - |x - loc|/scale */
        return SUB(NEG(LOG(MUL(NUM(2), a[1]))), DIV(F1(FN_ABS, SUB(x, a[0])), a[1]));
    case DIST_STUDENT_T: {
        /* lgamma((nu+1)/2) - lgamma(nu/2) - log(nu pi)/2 - log(scale)
         *   - (nu+1)/2 log(1 + ((x - loc)/scale)^2/nu) */
        expr *nu = a[0];
        expr *z = DIV(SUB(x, a[1]), a[2]);
        expr *np1h = MUL(half, ADD(nu, NUM(1)));
        expr *t = ADD(F1(FN_LGAMMA, np1h), NEG(F1(FN_LGAMMA, MUL(half, nu))));
        t = SUB(t, MUL(half, LOG(MUL(nu, pi))));
        t = SUB(t, LOG(a[2]));
        return SUB(t, MUL(np1h, LOG(ADD(NUM(1), DIV(POW(z, NUM(2)), nu)))));
    }
    case DIST_WEIBULL:
        /* log k - log lambda + (k - 1)(log x - log lambda) - (x/lambda)^k */
        return SUB(ADD(SUB(LOG(a[0]), LOG(a[1])), MUL(SUB(a[0], NUM(1)), SUB(LOG(x), LOG(a[1])))),
                   POW(DIV(x, a[1]), a[0]));
    case DIST_INVERSE_GAUSSIAN:
        /* log(lambda)/2 - log(2 pi)/2 - 3 log(x)/2 - lambda (x - mu)^2/(2 mu^2 x) */
        return SUB(SUB(SUB(MUL(half, LOG(a[1])), log2pi_half), MUL(FRAC(3, 2), LOG(x))),
                   DIV(MUL(a[1], POW(SUB(x, a[0]), NUM(2))), MUL(MUL(NUM(2), POW(a[0], NUM(2))), x)));
    case DIST_BERNOULLI:
        /* x log p + (1 - x) log(1 - p) */
        return ADD(MUL(x, LOG(a[0])), MUL(SUB(NUM(1), x), LOG(SUB(NUM(1), a[0]))));
    case DIST_BINOMIAL:
        /* lchoose(n, x) + x log p + (n - x) log(1 - p) */
        return ADD(ADD(F2(FN_LCHOOSE, a[0], x), MUL(x, LOG(a[1]))),
                   MUL(SUB(a[0], x), LOG(SUB(NUM(1), a[1]))));
    case DIST_POISSON:
        /* x log(rate) - rate - lfactorial(x) */
        return SUB(SUB(MUL(x, LOG(a[0])), a[0]), F1(FN_LFACTORIAL, x));
    case DIST_GEOMETRIC:
        /* x log(1 - p) + log p */
        return ADD(MUL(x, LOG(SUB(NUM(1), a[0]))), LOG(a[0]));
    case DIST_NEGATIVE_BINOMIAL:
        /* lchoose(x + r - 1, x) + r log p + x log(1 - p) */
        return ADD(ADD(F2(FN_LCHOOSE, SUB(ADD(x, a[0]), NUM(1)), x), MUL(a[0], LOG(a[1]))),
                   MUL(x, LOG(SUB(NUM(1), a[1]))));
    case DIST_CATEGORICAL_LOGIT: {
        /* sum_j delta(x, j) w[j] - log(1 + sum_j exp(w[j])), j = 1..K-1 */
        const expr_vec_info *vi = expr_vec_get(ex, vec);
        ptrvec lin = {0}, ex_terms = {0};
        pv_push(&ex_terms, NUM(1));
        for (int j = 1; j <= vi->len; j++) {
            expr *w = expr_sym(ex, vi->first_sym + j - 1);
            pv_push(&lin, MUL(F2(FN_DELTA, x, NUM(j)), w));
            pv_push(&ex_terms, F1(FN_EXP, w));
        }
        expr *r = SUB(expr_add(ex, lin.n, (expr *const *)lin.v),
                      LOG(expr_add(ex, ex_terms.n, (expr *const *)ex_terms.v)));
        pv_free(&lin);
        pv_free(&ex_terms);
        return r;
    }
    case DIST_COUNT:
        break;
    }
    return NULL;
}
