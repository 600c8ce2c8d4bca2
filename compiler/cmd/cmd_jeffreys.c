/* compiler/cmd/cmd_jeffreys.c — `fimc jeffreys`: sqrt(det F) as a closed form (from
 * fisher_jeffreys, compiler/sym/fisher.c), its value at a point (--at), and the
 * normalising integral over the parameter domain (--normalize). */
#include <stdio.h>
#include <stdlib.h>

#include "eval.h"

#include "cli.h"
#include "cmd_fisher.h"
#include "fisher.h"
#include "inputs.h"
#include "numfim.h"
#include "print_latex.h"
#include "print_model.h"

/* `fimc jeffreys --at P`: +sqrt(det F) at P. With a closed form, the density evaluated at
 * two working precisions (method "symbolic"); without, det of E[s s^T] by sums or
 * quadrature (numfim_sqrt_det bounds its digits). Only verified digits are printed. */
static int jeffreys_at(cli *c, session *s, expr *density)
{
    model *m = s->m;
    int d = m->nparams;
    const int *params = m->params;
    int D = (int)c->digits;
    mpfr_prec_t vp = (mpfr_prec_t)(D * 3.33 + 200) + (mpfr_prec_t)c->prec;
    mpfr_t *vals;
    char **texts;
    int rc = point_setup(c, m, params, d, vp, &vals, &texts);
    mpfr_t J;
    mpfr_init2(J, vp);
    int digits = 0;
    const char *method = "symbolic";
    if (rc == FIMC_EXIT_OK && density) {
        /* two precisions; the digits on which they agree */
        mpfr_prec_t p1 = (mpfr_prec_t)(D * 3.33) + 64, p2 = 2 * p1;
        if (c->prec > 0)
            p1 = (mpfr_prec_t)c->prec, p2 = p1 + 64;
        mpfr_t a;
        mpfr_init2(a, p1);
        mpfr_set_prec(J, p2);
        eval_ctx *e1 = eval_new(m->ex, p1), *e2 = eval_new(m->ex, p2);
        for (int i = 0; i < d; i++) {
            eval_set(e1, params[i], vals[i]);
            eval_set(e2, params[i], vals[i]);
        }
        expr *dv = model_const_values(m, density);
        if (eval_exprs(e1, 1, &dv, &a) != EVAL_OK || eval_exprs(e2, 1, &dv, &J) != EVAL_OK) {
            cli_error_at_logp(c, "the Jeffreys density cannot be evaluated at this point");
            rc = FIMC_EXIT_NUMERIC;
        } else {
            digits = numfim_agreeing_digits(a, J, D);
        }
        eval_free(e1);
        eval_free(e2);
        mpfr_clear(a);
    } else if (rc == FIMC_EXIT_OK) {
        numfim nf = {0};
        char *why = NULL;
        long prec = c->prec;
        for (int attempt = 0; attempt < 3; attempt++) {
            if (numfim_compute(&nf, m, m->logp, params, d, vals, -1, D + 6, prec, &why) != 0) {
                cli_error_at_logp(c, why);
                rc = FIMC_EXIT_NUMERIC;
                break;
            }
            digits = numfim_sqrt_det(&nf, J);
            if (digits < 0) {
                diag_plain_error(&c->diag, "%s: the FIM is singular at this point: sqrt(det F) = 0",
                                 m->name);
                rc = FIMC_EXIT_NUMERIC;
                break;
            }
            if (digits >= D || c->prec > 0 || attempt == 2)
                break;
            numfim_clear(&nf);
            prec = 2 * (prec > 0 ? prec : (long)((D + 6) * 3.33 + 40));
        }
        method = nf.method ? nf.method : "quadrature";
        numfim_clear(&nf);
        free(why);
    }
    if (rc == FIMC_EXIT_OK) {
        int shown = digits < D ? digits : D;
        char *v = shown > 0 ? numfim_format(J, shown) : NULL;
        strbuf out = {0};
        if (c->format == FORMAT_JSON) {
            sb_puts(&out, "{\"model\": ");
            json_string(&out, m->name);
            sb_puts(&out, ", ");
            json_params(&out, m, params, d);
            sb_puts(&out, ", \"density\": ");
            if (density)
                json_expr(&out, m, density);
            else
                sb_puts(&out, "null");
            json_at(&out, m, params, d, texts);
            sb_puts(&out, ", \"value\": ");
            if (v)
                json_string(&out, v);
            else
                sb_puts(&out, "null");
            sb_printf(&out, ", \"digits\": %d, \"method\": \"%s\", \"normalizer\": null, "
                            "\"proper\": null}\n",
                      shown, method);
        } else {
            sb_puts(&out, "sqrt(det F) at ");
            for (int i = 0; i < d; i++)
                sb_printf(&out, "%s%s = %s", i ? ", " : "", pname(m, params[i]), texts[i]);
            if (v)
                sb_printf(&out, " (%d digits, %s): %s\n", shown, method, v);
            else
                sb_printf(&out, " (%s): no digit could be verified\n", method);
        }
        fputs(sb_str(&out), c->out);
        sb_free(&out);
        free(v);
        if (shown < D) {
            diag_plain_error(&c->diag, "%s: only %d of the %d digits asked for could be verified",
                             m->name, shown, D);
            rc = FIMC_EXIT_NUMERIC;
        }
    }
    mpfr_clear(J);
    point_free(vals, texts, d);
    return rc;
}

int cmd_jeffreys(cli *c)
{
    session s = {0};
    int rc = open_session(c, &s, -1);
    if (rc == FIMC_EXIT_OK && c->normalize) {
        diag_plain_error(&c->diag, "jeffreys --normalize: the normalising integral needs the "
                                   "numeric engine, which is not available in this version");
        rc = FIMC_EXIT_USAGE;
    } else if (rc == FIMC_EXIT_OK) {
        /* a conditional model's FIM is the mean over the input rows */
        int d = s.ef.d;
        expr **F = s.ef.F, **Fm = NULL;
        if (s.ef.solved && s.m->ninputs) {
            rc = inputs_require(c->model, &c->diag, c->inputs);
            Fm = xmalloc((size_t)(d * d) * sizeof *Fm);
            if (rc == FIMC_EXIT_OK && !model_row_mean(s.m, s.sc, s.ef.F, d * d, Fm))
                rc = FIMC_EXIT_USAGE;
            F = Fm;
        }
        if (rc != FIMC_EXIT_OK) {
            /* inputs_require said why */
        } else if (c->at) {
            rc = jeffreys_at(c, &s, s.ef.solved ? fisher_jeffreys(s.m, s.sc, F, d) : NULL);
        } else if (!s.ef.solved) {
            rc = no_closed_form(c, &s.ef, "give --at to compute sqrt(det F) at a point");
        } else {
            expr *p = fisher_jeffreys(s.m, s.sc, F, d);
            strbuf sb = {0};
            if (c->format == FORMAT_JSON) {
                sb_puts(&sb, "{\"model\": ");
                json_string(&sb, s.m->name);
                sb_puts(&sb, ", ");
                json_params(&sb, s.m, s.ef.params, s.ef.d);
                sb_puts(&sb, ", \"density\": ");
                json_expr(&sb, s.m, p);
                sb_puts(&sb, ", \"at\": null, \"value\": null, \"normalizer\": null, \"proper\": "
                             "null}\n");
            } else if (c->format == FORMAT_LATEX) {
                sb_puts(&sb, "p(");
                for (int i = 0; i < s.ef.d; i++) {
                    if (i)
                        sb_puts(&sb, ", ");
                    latex_name(&sb, pname(s.m, s.ef.params[i]));
                }
                sb_puts(&sb, ") \\propto ");
                expr_print_latex(&sb, s.m->ex, p);
                sb_putc(&sb, '\n');
            } else {
                sb_puts(&sb, "sqrt(det F) = ");
                expr_print(&sb, s.m->ex, p);
                sb_putc(&sb, '\n');
            }
            fputs(sb_str(&sb), c->out);
            sb_free(&sb);
        }
        free(Fm);
    }
    close_session(&s);
    return rc;
}
