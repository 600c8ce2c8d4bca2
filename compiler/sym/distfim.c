/* compiler/sym/distfim.c — closed-form FIMs through the built-in distributions (see
 * distfim.h). Every textbook FIM below is checked against the numeric E[s s^T] at several
 * points in tests/unit/check_distfim.c. */
#include "distfim.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define NUM(n) expr_int(ex, (n))
#define FRAC(p, q) expr_frac(ex, (p), (q))
#define ADD(a, b) expr_add2(ex, (a), (b))
#define SUB(a, b) expr_sub(ex, (a), (b))
#define MUL(a, b) expr_mul2(ex, (a), (b))
#define DIV(a, b) expr_div(ex, (a), (b))
#define POW(a, n) expr_powi(ex, (a), (n))
#define TRIGAMMA(a) expr_fn1(ex, FN_TRIGAMMA, (a))

/* A k x k diagonal matrix into Fd. */
static int diag2(expr_ctx *ex, expr **Fd, expr *a, expr *b)
{
    Fd[0] = a;
    Fd[1] = Fd[2] = NUM(0);
    Fd[3] = b;
    return 2;
}

int distfim_dist(expr_ctx *ex, dist_id d, expr *const *a, int nargs, bool nb_r_free,
                 int *which, expr **Fd)
{
    for (int i = 0; i < nargs; i++)
        which[i] = i;
    switch (d) {
    case DIST_NORMAL:
    case DIST_LOGNORMAL:
        /* (mu, sigma): diag(1/sigma^2, 2/sigma^2). s_mu = z/sigma, s_sigma = (z^2 - 1)/sigma
         * with z standard normal: E z^2 = 1, Var z^2 = 2, E z^3 = 0 (log x for the
         * lognormal: the Jacobian 1/x does not depend on the parameters). */
        return diag2(ex, Fd, POW(a[1], -2), DIV(NUM(2), POW(a[1], 2)));
    case DIST_EXPONENTIAL:
        /* rate: s = 1/rate - x, Var x = 1/rate^2 */
        Fd[0] = POW(a[0], -2);
        return 1;
    case DIST_GAMMA: {
        /* (shape a, rate b): -H = [[trigamma(a), -1/b], [-1/b, a/b^2]], free of x, so F = -H
         * (Casella & Berger, ex. 7.x; Lehmann & Casella, Table 2.6.1 in the rate form) */
        expr *c = DIV(NUM(-1), a[1]);
        Fd[0] = TRIGAMMA(a[0]);
        Fd[1] = Fd[2] = c;
        Fd[3] = DIV(a[0], POW(a[1], 2));
        return 2;
    }
    case DIST_BETA: {
        /* (a, b): -H = trigamma terms of lbeta(a, b), free of x:
         * [[psi1(a) - psi1(a+b), -psi1(a+b)], [-psi1(a+b), psi1(b) - psi1(a+b)]] */
        expr *t = TRIGAMMA(ADD(a[0], a[1]));
        Fd[0] = SUB(TRIGAMMA(a[0]), t);
        Fd[1] = Fd[2] = expr_neg(ex, t);
        Fd[3] = SUB(TRIGAMMA(a[1]), t);
        return 2;
    }
    case DIST_CAUCHY: {
        /* (loc, scale): I/(2 scale^2). With z = (x - loc)/scale standard Cauchy,
         * s_loc = 2z/(scale(1 + z^2)), s_scale = (z^2 - 1)/(scale(1 + z^2)), and
         * E[4z^2/(1+z^2)^2] = E[((z^2-1)/(1+z^2))^2] = 1/2, the cross term odd in z. */
        expr *v = DIV(FRAC(1, 2), POW(a[1], 2));
        return diag2(ex, Fd, v, v);
    }
    case DIST_LOGISTIC: {
        /* (loc, s): diag(1/3, (pi^2 + 3)/9)/s^2. With z standard logistic,
         * s_loc = tanh(z/2)/s, E tanh^2(z/2) = 1/3; s_s = (z tanh(z/2) - 1)/s,
         * E (z tanh(z/2) - 1)^2 = (pi^2 + 3)/9; the cross term is odd in z. */
        expr *s2 = POW(a[1], 2);
        expr *pi2 = POW(expr_const(ex, CST_PI), 2);
        return diag2(ex, Fd, DIV(FRAC(1, 3), s2), DIV(ADD(pi2, NUM(3)), MUL(NUM(9), s2)));
    }
    case DIST_LAPLACE: {
        /* (loc, b): diag(1/b^2, 1/b^2) as E[s s^T] (the definition): s_loc = sign(x - loc)/b,
         * s_b = (|x - loc|/b - 1)/b with |x - loc|/b ~ Exp(1): E sign^2 = 1, Var Exp(1) = 1,
         * cross term odd. (-E[H] is 0 in loc: H vanishes a.e., the density has a kink.) */
        expr *v = POW(a[1], -2);
        return diag2(ex, Fd, v, v);
    }
    case DIST_STUDENT_T: {
        /* (nu, loc, s), Lange, Little & Taylor (1989), JASA 84, eq. (A.1)-(A.3):
         *   I_loc,loc = (nu + 1)/((nu + 3) s^2), I_s,s = 2 nu/((nu + 3) s^2), I_loc,s = 0,
         *   I_nu,nu = (trigamma(nu/2) - trigamma((nu + 1)/2))/4
         *             - (nu + 5)/(2 nu (nu + 1)(nu + 3)),
         *   I_nu,s = -2/(s (nu + 1)(nu + 3)), I_nu,loc = 0.
         * With nu a constant its Jacobian column is zero and only the location-scale block
         * counts. */
        expr *nu = a[0], *s = a[2];
        expr *np1 = ADD(nu, NUM(1)), *np3 = ADD(nu, NUM(3));
        expr *s2 = POW(s, 2);
        expr *z = NUM(0);
        expr *nunu = SUB(MUL(FRAC(1, 4), SUB(TRIGAMMA(MUL(FRAC(1, 2), nu)),
                                             TRIGAMMA(MUL(FRAC(1, 2), np1)))),
                         DIV(ADD(nu, NUM(5)), expr_mul(ex, 4, (expr *[]){NUM(2), nu, np1, np3})));
        expr *nus = DIV(NUM(-2), expr_mul(ex, 3, (expr *[]){s, np1, np3}));
        Fd[0] = nunu;
        Fd[1] = Fd[3] = z;
        Fd[2] = Fd[6] = nus;
        Fd[4] = DIV(np1, MUL(np3, s2));
        Fd[5] = Fd[7] = z;
        Fd[8] = DIV(MUL(NUM(2), nu), MUL(np3, s2));
        return 3;
    }
    case DIST_WEIBULL: {
        /* (k, lambda): with u = (x/lambda)^k ~ Exp(1), s_k = (1 + log(u)(1 - u))/k and
         * s_lambda = k(u - 1)/lambda; E[log(u) u^j] = j! psi(j + 1) gives
         *   I_kk = ((1 - euler)^2 + pi^2/6)/k^2, I_k,lambda = (euler - 1)/lambda,
         *   I_lambda,lambda = k^2/lambda^2. */
        expr *g = expr_const(ex, CST_EULER);
        expr *pi2 = POW(expr_const(ex, CST_PI), 2);
        expr *c = DIV(SUB(g, NUM(1)), a[1]);
        Fd[0] = DIV(ADD(POW(SUB(NUM(1), g), 2), MUL(FRAC(1, 6), pi2)), POW(a[0], 2));
        Fd[1] = Fd[2] = c;
        Fd[3] = POW(DIV(a[0], a[1]), 2);
        return 2;
    }
    case DIST_INVERSE_GAUSSIAN:
        /* (mu, lambda): diag(lambda/mu^3, 1/(2 lambda^2)) (Chhikara & Folks 1989, 5.1):
         * s_mu = lambda (x - mu)/mu^3, Var x = mu^3/lambda; s_lambda = 1/(2 lambda)
         * - (x - mu)^2/(2 mu^2 x), orthogonal to s_mu */
        return diag2(ex, Fd, DIV(a[1], POW(a[0], 3)), DIV(FRAC(1, 2), POW(a[1], 2)));
    case DIST_BERNOULLI:
        /* p: 1/(p (1 - p)) */
        Fd[0] = POW(MUL(a[0], SUB(NUM(1), a[0])), -1);
        return 1;
    case DIST_BINOMIAL:
        /* (n, p), n a constant and no parameter: n/(p (1 - p)) in p */
        which[0] = 1;
        Fd[0] = DIV(a[0], MUL(a[1], SUB(NUM(1), a[1])));
        return 1;
    case DIST_POISSON:
        /* rate: s = x/rate - 1, Var x = rate: 1/rate */
        Fd[0] = POW(a[0], -1);
        return 1;
    case DIST_GEOMETRIC:
        /* p (failures before the first success): s = 1/p - x/(1 - p), Var x = (1 - p)/p^2:
         * 1/(p^2 (1 - p)) */
        Fd[0] = POW(MUL(POW(a[0], 2), SUB(NUM(1), a[0])), -1);
        return 1;
    case DIST_NEGATIVE_BINOMIAL:
        /* (r, p): in p, r/(p^2 (1 - p)) (s_p = r/p - x/(1 - p), Var x = r(1 - p)/p^2). In r,
         * I_rr = trigamma(r) - E[trigamma(x + r)] has no closed form in the language's
         * functions: only r free of the parameters is done. */
        if (!nb_r_free)
            return 0;
        which[0] = 1;
        Fd[0] = DIV(a[0], MUL(POW(a[1], 2), SUB(NUM(1), a[1])));
        return 1;
    case DIST_CATEGORICAL_LOGIT: {
        /* w[1..K-1], category K the reference: the log-partition log(1 + sum e^w_j) has
         * Hessian diag(p) - p p^T with p_j = e^w_j/(1 + sum e^w), free of x: F = that. */
        int k = nargs;
        expr **e = xmalloc((size_t)(k + 1) * sizeof *e);
        e[0] = NUM(1);
        for (int j = 0; j < k; j++)
            e[j + 1] = expr_fn1(ex, FN_EXP, a[j]);
        expr *S = expr_add(ex, (size_t)k + 1, e);
        for (int j = 0; j < k; j++)
            e[j] = DIV(e[j + 1], S);
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
                Fd[i * k + j] = i == j ? SUB(e[i], POW(e[i], 2)) : expr_neg(ex, MUL(e[i], e[j]));
        free(e);
        return k;
    }
    case DIST_COUNT:
        break;
    }
    return 0;
}

/* The arguments of tilde t, lets expanded (lets[i] is the body of let symbol let_syms[i],
 * itself expanded), reparam substituted. args holds t->nargs entries, or the vector's
 * length for categorical_logit; returns the count. */
static int tilde_args(model *m, const tilde *t, int nlet, const int *let_syms, expr *const *lets,
                      const model_reparam *rp, expr **args)
{
    expr_ctx *ex = m->ex;
    int n = t->nargs;
    if (t->dist == DIST_CATEGORICAL_LOGIT) {
        const expr_vec_info *vi = expr_vec_get(ex, t->vec);
        n = vi->len;
        for (int j = 0; j < n; j++)
            args[j] = expr_sym(ex, vi->first_sym + j);
    } else {
        for (int j = 0; j < n; j++)
            args[j] = nlet ? expr_subst(ex, t->args[j], (size_t)nlet, let_syms, lets) : t->args[j];
    }
    if (rp)
        for (int j = 0; j < n; j++)
            args[j] = expr_subst(ex, args[j], (size_t)rp->nassign, rp->old_syms, rp->rhs);
    return n;
}

/* The model's lets, each body with the earlier lets expanded (as sema expands them). */
static int collect_lets(model *m, int **syms, expr ***vals)
{
    int n = 0;
    *syms = xmalloc((size_t)(m->ndecls + 1) * sizeof **syms);
    *vals = xmalloc((size_t)(m->ndecls + 1) * sizeof **vals);
    for (int i = 0; i < m->ndecls; i++) {
        const decl *dc = m->decls[i];
        if (dc->kind != DECL_LET || !dc->value || dc->sym < 0)
            continue;
        expr *v = n ? expr_subst(m->ex, dc->value, (size_t)n, *syms, *vals) : dc->value;
        (*syms)[n] = dc->sym;
        (*vals)[n] = v;
        n++;
    }
    return n;
}

static char *refusal(model *m, const tilde *t, const char *fmt)
{
    strbuf sb = {0};
    sb_printf(&sb, fmt, expr_sym_get(m->ex, t->data_sym)->name, dist_name(t->dist));
    return sb_take(&sb);
}

/* F = sum_t J_t^T F_t J_t, entry (i, j) = sum_{a,b} J_ai F_t,ab J_bj over the statistical
 * parameters a, b of each distribution. */
bool distfim_model(model *m, diff_ctx *dc, simp_ctx *sc, int reparam, expr ***Fout, char **why)
{
    expr_ctx *ex = m->ex;
    *Fout = NULL;
    *why = NULL;
    if (m->ntildes == 0 || m->logp_src) {
        *why = xstrdup("the density is given as 'logp', not as '~' statements");
        return false;
    }
    const model_reparam *rp = reparam >= 0 ? m->reparams[reparam] : NULL;
    const int *params = rp ? rp->coords : m->params;
    int d = rp ? rp->ncoords : m->nparams;
    int *let_syms;
    expr **lets;
    int nlet = collect_lets(m, &let_syms, &lets);
    ptrvec *terms = xcalloc((size_t)(d * d + 1), sizeof *terms);
    bool ok = true;
    for (int ti = 0; ti < m->ntildes && ok; ti++) {
        const tilde *t = m->tildes[ti];
        int na = t->dist == DIST_CATEGORICAL_LOGIT ? expr_vec_get(ex, t->vec)->len : t->nargs;
        expr **args = xmalloc((size_t)(na + 1) * sizeof *args);
        int *which = xmalloc((size_t)(na + 1) * sizeof *which);
        expr **Fd = xmalloc((size_t)(na * na + 1) * sizeof *Fd);
        expr **J = xmalloc((size_t)(na * d + 1) * sizeof *J);
        tilde_args(m, t, nlet, let_syms, lets, rp, args);
        for (int a = 0; a < na && ok; a++)
            if (expr_has_kind(ex, args[a], SYM_DATA)) {
                *why = refusal(m, t, "the arguments of '%s ~ %s' mention data (a hierarchical "
                                     "model): its FIM is no sum over the '~' statements");
                ok = false;
            }
        /* J[a][i] = d args[a] / d theta_i (zero for constants and inputs) */
        for (int a = 0; a < na && ok; a++)
            for (int i = 0; i < d; i++)
                J[a * d + i] = diff(dc, args[a], params[i]);
        bool r_free = true;
        if (ok && t->dist == DIST_NEGATIVE_BINOMIAL)
            for (int i = 0; i < d; i++)
                r_free = r_free && expr_is_zero(J[i]);
        int k = ok ? distfim_dist(ex, t->dist, args, na, r_free, which, Fd) : 0;
        if (ok && k == 0) {
            *why = refusal(m, t, "the FIM of '%s ~ %s' in its argument r has no closed form "
                                 "(trigamma(r) - E[trigamma(x + r)])");
            ok = false;
        }
        for (int i = 0; i < d && ok; i++)
            for (int j = i; j < d; j++)
                for (int a = 0; a < k; a++) {
                    expr *ja = J[which[a] * d + i];
                    if (expr_is_zero(ja))
                        continue;
                    for (int b = 0; b < k; b++) {
                        expr *jb = J[which[b] * d + j];
                        if (expr_is_zero(jb) || expr_is_zero(Fd[a * k + b]))
                            continue;
                        pv_push(&terms[i * d + j], expr_mul(ex, 3, (expr *[]){ja, Fd[a * k + b], jb}));
                    }
                }
        free(args);
        free(which);
        free(Fd);
        free(J);
    }
    if (ok) {
        expr **F = xmalloc((size_t)(d * d + 1) * sizeof *F);
        for (int i = 0; i < d; i++)
            for (int j = i; j < d; j++) {
                ptrvec *tv = &terms[i * d + j];
                F[i * d + j] = F[j * d + i] =
                    simp_display(sc, expr_add(ex, tv->n, (expr *const *)tv->v));
            }
        *Fout = F;
    }
    for (int i = 0; i < d * d; i++)
        pv_free(&terms[i]);
    free(terms);
    free(let_syms);
    free(lets);
    return ok;
}
