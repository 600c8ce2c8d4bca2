/* compiler/cmd/cmd_fit.c — `fimc fit --data FILE.csv`: the maximum-likelihood estimate from
 * observed rows by Fisher scoring (the default), natural gradient, Newton or gradient
 * ascent, and standard errors from the total information (the sum over the rows of each
 * row's FIM). L(theta) = sum_r logp(x_r | theta, u_r), its gradient and Hessian are
 * evaluated row by row in MPFR at about 3.3 D + 64 bits. The information for scoring is
 * the closed-form FIM when there is one (evaluated per row), else the numeric engine's
 * (the mean over the rows' inputs, times the rows). Digits of the estimate: a final Newton
 * correction delta at the estimate, -log10(|delta_i| / |theta_i|). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "fimrt.h"

#include "cli.h"
#include "cmd_fisher.h"
#include "inputs.h"
#include "numfim.h"
#include "print_model.h"

enum { M_SCORING, M_NGD, M_NEWTON, M_GD };

typedef struct fitter {
    cli *c;
    model *m;
    session *s;
    int d, P;
    data_rows rows;
    mpfr_prec_t prec;
    eval_ctx *ev;
    expr **outs;      /* logp, score (d), Hessian upper triangle (P) */
    size_t nout;
    expr **Frow;      /* the closed-form FIM (d*d, consts substituted), or NULL */
    mpfr_t *buf;      /* nout values */
    int bad_row;      /* fit_eval: the row that could not be evaluated (0-based) */
} fitter;

/* L, its gradient G (d) and Hessian H (d*d) at theta over every row. */
static bool fit_eval(fitter *f, mpfr_t *theta, mpfr_t L, mpfr_t *G, mpfr_t *H)
{
    model *m = f->m;
    int d = f->d;
    for (int i = 0; i < d; i++)
        eval_set(f->ev, m->params[i], theta[i]);
    mpfr_set_ui(L, 0, MPFR_RNDN);
    for (int i = 0; i < d; i++)
        mpfr_set_ui(G[i], 0, MPFR_RNDN);
    for (int i = 0; i < d * d; i++)
        mpfr_set_ui(H[i], 0, MPFR_RNDN);
    mpfr_t x;
    mpfr_init2(x, f->prec);
    bool ok = true;
    for (int r = 0; r < f->rows.nrows && ok; r++) {
        for (int k = 0; k < m->ndata && ok; k++) {
            ok = eval_expr(f->ev, x, model_const_values(m, f->rows.vals[k][r])) == EVAL_OK;
            eval_set(f->ev, m->data[k], x);
        }
        for (int i = 0; i < m->ninputs && ok; i++) {
            ok = eval_expr(f->ev, x, model_const_values(m, model_input_value(m, i, r))) == EVAL_OK;
            eval_set(f->ev, m->inputs[i], x);
        }
        ok = ok && eval_exprs(f->ev, f->nout, f->outs, f->buf) == EVAL_OK;
        for (size_t o = 0; ok && o < f->nout; o++)
            ok = mpfr_number_p(f->buf[o]);
        if (!ok) {
            f->bad_row = r;
            break;
        }
        mpfr_add(L, L, f->buf[0], MPFR_RNDN);
        for (int i = 0, k = 0; i < d; i++) {
            mpfr_add(G[i], G[i], f->buf[1 + i], MPFR_RNDN);
            for (int j = i; j < d; j++, k++) {
                mpfr_add(H[i * d + j], H[i * d + j], f->buf[1 + d + k], MPFR_RNDN);
                if (j != i)
                    mpfr_set(H[j * d + i], H[i * d + j], MPFR_RNDN);
            }
        }
    }
    mpfr_clear(x);
    return ok;
}

/* The total information at theta: sum over rows of the row's FIM. -1 on failure, else its
 * verified digits. */
static int fit_info(fitter *f, mpfr_t *theta, mpfr_t *I)
{
    model *m = f->m;
    int d = f->d, n = f->rows.nrows;
    for (int i = 0; i < d * d; i++)
        mpfr_set_ui(I[i], 0, MPFR_RNDN);
    if (f->Frow) {
        mpfr_t x, *v = xmalloc((size_t)(d * d) * sizeof *v);
        mpfr_init2(x, f->prec);
        for (int i = 0; i < d * d; i++)
            mpfr_init2(v[i], f->prec);
        for (int i = 0; i < d; i++)
            eval_set(f->ev, m->params[i], theta[i]);
        bool ok = true;
        /* a model without inputs: every row has the same FIM */
        int nr = m->ninputs ? n : 1;
        for (int r = 0; r < nr && ok; r++) {
            for (int i = 0; i < m->ninputs && ok; i++) {
                ok = eval_expr(f->ev, x, model_const_values(m, model_input_value(m, i, r))) ==
                     EVAL_OK;
                eval_set(f->ev, m->inputs[i], x);
            }
            ok = ok && eval_exprs(f->ev, (size_t)(d * d), f->Frow, v) == EVAL_OK;
            for (int i = 0; ok && i < d * d; i++)
                mpfr_add(I[i], I[i], v[i], MPFR_RNDN);
        }
        if (!m->ninputs)
            for (int i = 0; i < d * d; i++)
                mpfr_mul_ui(I[i], I[i], (unsigned long)n, MPFR_RNDN);
        mpfr_clear(x);
        for (int i = 0; i < d * d; i++)
            mpfr_clear(v[i]);
        free(v);
        /* a closed form at the working precision: its digits are the precision's */
        return ok ? (int)(f->prec * 0.30103) - 10 : -1;
    }
    numfim nf = {0};
    char *why = NULL;
    if (numfim_compute(&nf, m, m->logp, m->params, d, theta, -1, (int)f->c->digits + 4,
                       f->c->prec, &why)) {
        diag_plain_error(&f->c->diag, "%s: the FIM at the current estimate: %s", m->name, why);
        free(why);
        return -1;
    }
    for (int i = 0; i < d * d; i++)
        mpfr_mul_ui(I[i], nf.ess[i], (unsigned long)(m->ninputs ? nf.rows : n), MPFR_RNDN);
    int dg = nf.digits;
    numfim_clear(&nf);
    return dg;
}

/* A start inside each parameter's domain: 0 on R, lo + 1 / hi - 1 on half-lines, the
 * midpoint of a bounded interval. */
static void default_start(fitter *f, mpfr_t *theta)
{
    model *m = f->m;
    eval_ctx *ev = eval_new(m->ex, f->prec);
    mpfr_t a, b;
    mpfr_inits2(f->prec, a, b, (mpfr_ptr)0);
    for (int i = 0; i < f->d; i++) {
        const domain *dm = &((const decl *)expr_sym_get(m->ex, m->params[i])->owner)->dom;
        bool lo = dm->lo && eval_expr(ev, a, model_const_values(m, dm->lo)) == EVAL_OK;
        bool hi = dm->hi && eval_expr(ev, b, model_const_values(m, dm->hi)) == EVAL_OK;
        if (lo && hi) {
            mpfr_add(theta[i], a, b, MPFR_RNDN);
            mpfr_div_2ui(theta[i], theta[i], 1, MPFR_RNDN);
        } else if (lo) {
            mpfr_add_ui(theta[i], a, 1, MPFR_RNDN);
        } else if (hi) {
            mpfr_sub_ui(theta[i], b, 1, MPFR_RNDN);
        } else {
            mpfr_set_ui(theta[i], 0, MPFR_RNDN);
        }
    }
    mpfr_clears(a, b, (mpfr_ptr)0);
    eval_free(ev);
}

static mpfr_t *vec(int n, mpfr_prec_t p)
{
    mpfr_t *v = xmalloc((size_t)(n > 0 ? n : 1) * sizeof *v);
    for (int i = 0; i < n; i++) {
        mpfr_init2(v[i], p);
        mpfr_set_ui(v[i], 0, MPFR_RNDN);
    }
    return v;
}

static void vec_clear(mpfr_t *v, int n)
{
    for (int i = 0; i < n; i++)
        mpfr_clear(v[i]);
    free(v);
}

/* y = A^-1 b for symmetric A (d x d); false when singular. */
static bool solve(mpfr_t *y, mpfr_t *A, mpfr_t *b, int d, mpfr_prec_t p)
{
    return fimrt_sym_solve(y, (const mpfr_t *)A, (const mpfr_t *)b, (size_t)d, 1, p) == FIMRT_OK;
}

int cmd_fit(cli *c)
{
    if (!c->data) {
        diag_plain_error(&c->diag, "fit: --data FILE.csv (the observed rows) is required");
        return FIMC_EXIT_USAGE;
    }
    int method = M_SCORING;
    if (c->method) {
        static const char *const names[] = {"scoring", "ngd", "newton", "gd"};
        method = -1;
        for (int i = 0; i < 4; i++)
            if (strcmp(c->method, names[i]) == 0)
                method = i;
        if (method < 0) {
            diag_plain_error(&c->diag, "--method expects ngd, scoring, newton or gd, not '%s'",
                             c->method);
            return FIMC_EXIT_USAGE;
        }
    }
    static const char *const label[] = {"Fisher scoring", "natural gradient", "Newton",
                                        "gradient ascent"};
    static const char *const key[] = {"scoring", "ngd", "newton", "gd"};
    session s = {0};
    int rc = open_session(c, &s, -1);
    if (rc != FIMC_EXIT_OK) {
        close_session(&s);
        return rc;
    }
    model *m = s.m;
    int d = m->nparams, D = (int)c->digits;
    fitter F = {.c = c, .m = m, .s = &s, .d = d, .P = d * (d + 1) / 2};
    F.prec = (mpfr_prec_t)(D * 3.33 + 64) + (mpfr_prec_t)c->prec;
    rc = inputs_load_data(m, &c->diag, c->data, c->model_path && strcmp(c->model_path, "-") == 0,
                          &F.rows);
    if (rc == FIMC_EXIT_OK && m->ninputs && model_input_rows(m) != F.rows.nrows) {
        diag_plain_error(&c->diag, "fit: the inputs have %d rows but --data has %d (give the "
                                   "inputs as columns of %s)",
                         model_input_rows(m), F.rows.nrows, c->data);
        rc = FIMC_EXIT_USAGE;
    }
    mpfr_t lr;
    mpfr_init2(lr, F.prec);
    mpfr_set_d(lr, method == M_GD ? 0.01 : 1.0, MPFR_RNDN);
    if (rc == FIMC_EXIT_OK && c->lr) {
        if (!parse_value(c, m, "<--lr>", c->lr, strlen(c->lr), -1, lr)) {
            c->diag.nerrors++;
            rc = FIMC_EXIT_USAGE;
        } else if (mpfr_sgn(lr) <= 0) {
            diag_plain_error(&c->diag, "--lr must be positive, not '%s'", c->lr);
            rc = FIMC_EXIT_USAGE;
        }
    }
    mpfr_t *theta = vec(d, F.prec), *trial = vec(d, F.prec), *G = vec(d, F.prec),
           *G2 = vec(d, F.prec), *H = vec(d * d, F.prec), *I = vec(d * d, F.prec),
           *step = vec(d, F.prec), *Ii = vec(d * d, F.prec);
    mpfr_t L, L2, t;
    mpfr_inits2(F.prec, L, L2, t, (mpfr_ptr)0);
    char **texts = NULL;
    mpfr_t *start = NULL;
    if (rc == FIMC_EXIT_OK && c->at) {
        rc = point_setup(c, m, m->params, d, F.prec, &start, &texts);
        for (int i = 0; rc == FIMC_EXIT_OK && i < d; i++)
            mpfr_set(theta[i], start[i], MPFR_RNDN);
    } else if (rc == FIMC_EXIT_OK) {
        default_start(&F, theta);
    }
    if (rc == FIMC_EXIT_OK) {
        diff_ctx dc;
        diff_init(&dc, m->ex);
        F.nout = (size_t)(1 + d + F.P);
        F.outs = xmalloc(F.nout * sizeof *F.outs);
        F.outs[0] = model_const_values(m, m->logp);
        for (int i = 0, k = 0; i < d; i++) {
            F.outs[1 + i] = diff(&dc, F.outs[0], m->params[i]);
            for (int j = i; j < d; j++, k++)
                F.outs[1 + d + k] = diff(&dc, F.outs[1 + i], m->params[j]);
        }
        diff_free(&dc);
        F.buf = vec((int)F.nout, F.prec);
        F.ev = eval_new(m->ex, F.prec);
        if (s.ef.solved) {
            F.Frow = xmalloc((size_t)(d * d) * sizeof *F.Frow);
            for (int i = 0; i < d * d; i++)
                F.Frow[i] = model_const_values(m, s.ef.F[i]);
        }
        if (!fit_eval(&F, theta, L, G, H)) {
            diag_plain_error(&c->diag, "%s: logp, its score or its Hessian cannot be evaluated "
                                       "at the start on row %d of %s (a value outside the "
                                       "support, or a start where the density is not defined: "
                                       "give one with --at)",
                             m->name, F.bad_row + 1, c->data);
            rc = FIMC_EXIT_NUMERIC;
        }
    }
    int iters = 0, maxit = method == M_GD ? 20000 : 200;
    bool converged = false;
    while (rc == FIMC_EXIT_OK && !converged && iters < maxit) {
        iters++;
        /* the direction */
        bool ok = true;
        if (method == M_GD) {
            for (int i = 0; i < d; i++)
                mpfr_mul(step[i], G[i], lr, MPFR_RNDN);
        } else if (method == M_NEWTON) {
            for (int i = 0; i < d * d; i++)
                mpfr_neg(Ii[i], H[i], MPFR_RNDN);
            ok = solve(step, Ii, G, d, F.prec);
        } else {
            ok = fit_info(&F, theta, I) >= 0 && solve(step, I, G, d, F.prec);
            for (int i = 0; ok && method == M_NGD && i < d; i++)
                mpfr_mul(step[i], step[i], lr, MPFR_RNDN);
        }
        if (!ok) {
            diag_plain_error(&c->diag, "%s: %s stopped at iteration %d: the %s is singular there",
                             m->name, label[method], iters,
                             method == M_NEWTON ? "Hessian" : "information");
            rc = FIMC_EXIT_NUMERIC;
            break;
        }
        /* halve while the step leaves the domain or lowers L */
        bool accepted = false;
        for (int h = 0; h < 60 && !accepted; h++) {
            for (int i = 0; i < d; i++)
                mpfr_add(trial[i], theta[i], step[i], MPFR_RNDN);
            if (point_inside(m, m->params, d, trial) && fit_eval(&F, trial, L2, G2, H) &&
                mpfr_cmp(L2, L) >= 0)
                accepted = true;
            else
                for (int i = 0; i < d; i++)
                    mpfr_div_2ui(step[i], step[i], 1, MPFR_RNDN);
        }
        if (!accepted) {
            /* no step raises L: at the maximum to the working precision, or stuck */
            fit_eval(&F, theta, L, G, H);
            converged = true;
            break;
        }
        /* converged when the step is below 10^-(D+2) of max(1, |theta_i|) */
        converged = true;
        for (int i = 0; i < d; i++) {
            mpfr_abs(t, theta[i], MPFR_RNDN);
            if (mpfr_cmp_ui(t, 1) < 0)
                mpfr_set_ui(t, 1, MPFR_RNDN);
            mpfr_mul_d(t, t, pow(10.0, -(D + 2)), MPFR_RNDN);
            if (mpfr_cmpabs(step[i], t) > 0)
                converged = false;
        }
        for (int i = 0; i < d; i++) {
            mpfr_set(theta[i], trial[i], MPFR_RNDN);
            mpfr_set(G[i], G2[i], MPFR_RNDN);
        }
        mpfr_set(L, L2, MPFR_RNDN);
    }
    int digits = 0, sedigits = 0;
    if (rc == FIMC_EXIT_OK) {
        /* the estimate's digits: those a Newton correction leaves unchanged */
        fit_eval(&F, theta, L, G, H);
        for (int i = 0; i < d * d; i++)
            mpfr_neg(Ii[i], H[i], MPFR_RNDN);
        digits = D + 5;
        if (solve(step, Ii, G, d, F.prec)) {
            for (int i = 0; i < d; i++) {
                if (mpfr_zero_p(step[i]))
                    continue;
                mpfr_div(t, step[i], theta[i], MPFR_RNDN);
                double r = fabs(mpfr_get_d(t, MPFR_RNDN));
                int dg = r > 0 ? (int)floor(-log10(r)) : D;
                if (mpfr_zero_p(theta[i]))
                    dg = 0;
                if (dg < digits)
                    digits = dg;
            }
        } else {
            digits = 0;
        }
        if (digits < 0)
            digits = 0;
        int idg = fit_info(&F, theta, I);
        if (idg < 0 ||
            fimrt_sym_inverse(Ii, (const mpfr_t *)I, (size_t)d, F.prec) != FIMRT_OK) {
            diag_plain_error(&c->diag, "%s: the information is singular at the estimate: no "
                                       "standard errors",
                             m->name);
            rc = FIMC_EXIT_NUMERIC;
        } else {
            sedigits = inverse_digits((const mpfr_t *)I, (const mpfr_t *)Ii, d, idg);
            /* the information is taken at the estimate: its error carries into the se */
            if (sedigits > digits)
                sedigits = digits;
            if (sedigits > D)
                sedigits = D;
        }
    }
    if (rc == FIMC_EXIT_OK) {
        int shown = digits < D ? digits : D;
        strbuf out = {0};
        char **ev = xcalloc((size_t)d, sizeof *ev), **sv = xcalloc((size_t)d, sizeof *sv);
        for (int i = 0; i < d; i++) {
            ev[i] = shown > 0 ? numfim_format(theta[i], shown) : NULL;
            mpfr_sqrt(t, Ii[i * d + i], MPFR_RNDN);
            sv[i] = sedigits > 0 ? numfim_format(t, sedigits) : NULL;
        }
        if (c->format == FORMAT_JSON) {
            sb_puts(&out, "{\"model\": ");
            json_string(&out, m->name);
            sb_puts(&out, ", ");
            json_params(&out, m, m->params, d);
            sb_printf(&out, ", \"method\": \"%s\"", key[method]);
            for (int q = 0; q < 2; q++) {
                sb_puts(&out, q ? ", \"se\": {" : ", \"estimate\": {");
                for (int i = 0; i < d; i++) {
                    sb_puts(&out, i ? ", " : "");
                    json_string(&out, pname(m, m->params[i]));
                    sb_puts(&out, ": ");
                    char *x = q ? sv[i] : ev[i];
                    if (x)
                        json_string(&out, x);
                    else
                        sb_puts(&out, "null");
                }
                sb_putc(&out, '}');
            }
            sb_printf(&out, ", \"iterations\": %d, \"converged\": %s, \"rows\": %d, \"digits\": "
                            "%d}\n",
                      iters, converged ? "true" : "false", F.rows.nrows, shown);
        } else {
            sb_printf(&out, "MLE from %d rows of %s (%s, %d iteration%s%s):\n", F.rows.nrows,
                      c->data, label[method], iters, iters == 1 ? "" : "s",
                      converged ? "" : ", NOT converged");
            for (int i = 0; i < d; i++)
                sb_printf(&out, "  %s = %s  (se %s)\n", pname(m, m->params[i]),
                          ev[i] ? ev[i] : "(no digit verified)",
                          sv[i] ? sv[i] : "(no digit verified)");
            sb_printf(&out, "(estimate to %d digits, standard errors to %d, from the total "
                            "information)\n",
                      shown, sedigits);
        }
        fputs(sb_str(&out), c->out);
        sb_free(&out);
        for (int i = 0; i < d; i++) {
            free(ev[i]);
            free(sv[i]);
        }
        free(ev);
        free(sv);
        if (!converged) {
            diag_plain_error(&c->diag, "%s: %s did not converge in %d iterations", m->name,
                             label[method], iters);
            rc = FIMC_EXIT_NUMERIC;
        } else if (shown < D || sedigits < D) {
            diag_plain_error(&c->diag, "%s: only %d of the %d digits asked for could be verified",
                             m->name, shown < sedigits ? shown : sedigits, D);
            rc = FIMC_EXIT_NUMERIC;
        }
    }
    if (start)
        point_free(start, texts, d);
    vec_clear(theta, d);
    vec_clear(trial, d);
    vec_clear(G, d);
    vec_clear(G2, d);
    vec_clear(H, d * d);
    vec_clear(I, d * d);
    vec_clear(Ii, d * d);
    vec_clear(step, d);
    mpfr_clears(L, L2, t, lr, (mpfr_ptr)0);
    if (F.buf)
        vec_clear(F.buf, (int)F.nout);
    free(F.outs);
    free(F.Frow);
    if (F.ev)
        eval_free(F.ev);
    data_rows_free(&F.rows);
    close_session(&s);
    return rc;
}
