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
#include "normalize.h"
#include "numfim.h"
#include "print_latex.h"
#include "print_model.h"

/* ---- --normalize: the normalising integral Z (compiler/num/normalize.c) -------------- */

/* The printed normalizer: only verified digits, at most D; NULL when there is none. */
static char *normalizer_digits(const normalizer *nz, int D, int *shown)
{
    *shown = nz->digits < D ? nz->digits : D;
    return nz->verdict == NORM_PROPER && *shown > 0 ? numfim_format(nz->value, *shown) : NULL;
}

/* , "normalizer": "..." | null, "proper": true | false | null, "normalizer_digits",
 * "form", "method", "reason", "note" */
static void normalizer_json(strbuf *sb, const normalizer *nz, int D)
{
    int shown;
    char *v = normalizer_digits(nz, D, &shown);
    sb_puts(sb, ", \"normalizer\": ");
    if (v)
        json_string(sb, v);
    else
        sb_puts(sb, "null");
    sb_printf(sb, ", \"proper\": %s", nz->verdict == NORM_PROPER ? "true"
                                      : nz->verdict == NORM_IMPROPER ? "false" : "null");
    if (nz->verdict == NORM_PROPER)
        sb_printf(sb, ", \"normalizer_digits\": %d, \"normalizer_method\": \"%s\"", shown, nz->method);
    sb_puts(sb, ", \"form\": ");
    if (nz->form)
        json_string(sb, nz->form);
    else
        sb_puts(sb, "null");
    if (nz->reason) {
        sb_puts(sb, ", \"reason\": ");
        json_string(sb, nz->reason);
    }
    if (nz->note) {
        sb_puts(sb, ", \"note\": ");
        json_string(sb, nz->note);
    }
    free(v);
}

/* normalizer = 3.1415926535897932385 (20 digits; Beta(1/2, 1/2)), or improper: why. */
static void normalizer_text(strbuf *sb, const normalizer *nz, int D, bool latex)
{
    int shown;
    char *v = normalizer_digits(nz, D, &shown);
    if (nz->verdict == NORM_PROPER) {
        if (latex)
            sb_printf(sb, "Z = %s\n", v ? v : "\\text{(no digit verified)}");
        else if (v)
            sb_printf(sb, "normalizer = %s (%d digits%s%s)\n", v, shown, nz->form ? "; " : "",
                      nz->form ? nz->form : "");
        else
            sb_puts(sb, "normalizer: no digit could be verified\n");
    } else if (nz->verdict == NORM_IMPROPER) {
        if (latex)
            sb_puts(sb, "\\text{improper}\n");
        else
            sb_printf(sb, "improper: %s\n", nz->reason);
        if (!latex && nz->form)
            sb_printf(sb, "form: %s\n", nz->form);
    }
    free(v);
}

/* The status of a --normalize result, with its message: 0 for a normalizer to D digits or
 * a proved "improper"; 3 (the reason on stderr) for fewer digits or no decision. */
static int normalizer_status(cli *c, const normalizer *nz, int D)
{
    if (nz->note)
        diag_plain_warning(&c->diag, "%s: %s", c->model->name, nz->note);
    if (nz->verdict == NORM_IMPROPER)
        return FIMC_EXIT_OK;
    if (nz->verdict != NORM_PROPER) {
        diag_plain_error(&c->diag, "%s: jeffreys --normalize: %s", c->model->name, nz->reason);
        return FIMC_EXIT_NUMERIC;
    }
    if (nz->digits < D) {
        diag_plain_error(&c->diag, "%s: only %d of the %d digits asked for of the normalizer "
                                   "could be verified",
                         c->model->name, nz->digits < 0 ? 0 : nz->digits, D);
        return FIMC_EXIT_NUMERIC;
    }
    return FIMC_EXIT_OK;
}

/* `fimc jeffreys --at P`: +sqrt(det F) at P. With a closed form, the density evaluated at
 * two working precisions (method "symbolic"); without, det of E[s s^T] by sums or
 * quadrature (numfim_sqrt_det bounds its digits). Only verified digits are printed. */
static int jeffreys_at(cli *c, session *s, expr *density, const normalizer *nz)
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
            sb_printf(&out, ", \"digits\": %d, \"method\": \"%s\"", shown, method);
            if (nz)
                normalizer_json(&out, nz, D);
            else
                sb_puts(&out, ", \"normalizer\": null, \"proper\": null");
            sb_puts(&out, "}\n");
        } else {
            sb_puts(&out, "sqrt(det F) at ");
            for (int i = 0; i < d; i++)
                sb_printf(&out, "%s%s = %s", i ? ", " : "", pname(m, params[i]), texts[i]);
            if (v)
                sb_printf(&out, " (%d digits, %s): %s\n", shown, method, v);
            else
                sb_printf(&out, " (%s): no digit could be verified\n", method);
            if (nz)
                normalizer_text(&out, nz, D, false);
        }
        fputs(sb_str(&out), c->out);
        sb_free(&out);
        free(v);
        if (shown < D) {
            diag_plain_error(&c->diag, "%s: only %d of the %d digits asked for could be verified",
                             m->name, shown, D);
            rc = FIMC_EXIT_NUMERIC;
        }
        if (nz) {
            int nrc = normalizer_status(c, nz, D);
            if (rc == FIMC_EXIT_OK)
                rc = nrc;
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
    if (rc != FIMC_EXIT_OK) {
        close_session(&s);
        return rc;
    }
    /* a conditional model's FIM is the mean over the input rows */
    int d = s.ef.d, D = (int)c->digits;
    expr **F = s.ef.F, **Fm = NULL;
    if (s.ef.solved && s.m->ninputs) {
        rc = inputs_require(c->model, &c->diag, c->inputs);
        Fm = xmalloc((size_t)(d * d) * sizeof *Fm);
        if (rc == FIMC_EXIT_OK && !model_row_mean(s.m, s.sc, s.ef.F, d * d, Fm))
            rc = FIMC_EXIT_USAGE;
        F = Fm;
    }
    expr *p = rc == FIMC_EXIT_OK && s.ef.solved ? fisher_jeffreys(s.m, s.sc, F, d) : NULL;
    normalizer nz;
    bool have_nz = false;
    if (rc != FIMC_EXIT_OK) {
        /* inputs_require said why */
    } else if (c->normalize && s.m->nparams > 2) {
        diag_plain_error(&c->diag, "%s: jeffreys --normalize: normalizing is not attempted for "
                                   "more than two parameters (this model has %d)",
                         s.m->name, s.m->nparams);
        rc = FIMC_EXIT_NUMERIC;
    } else if (c->normalize && !p) {
        diag_plain_error(&c->diag, "%s: jeffreys --normalize: no closed form of the FIM was "
                                   "found (%s); normalizing a numerically computed FIM is not "
                                   "done yet",
                         s.m->name, s.ef.reason ? s.ef.reason : "unknown reason");
        rc = FIMC_EXIT_NUMERIC;
    } else if (c->normalize) {
        normalize_jeffreys(&nz, s.m, s.sc, p, s.m->params, s.m->nparams, D, c->prec);
        have_nz = true;
    }
    if (rc != FIMC_EXIT_OK) {
        /* reported */
    } else if (c->at) {
        rc = jeffreys_at(c, &s, p, have_nz ? &nz : NULL);
    } else if (!p) {
        rc = no_closed_form(c, &s.ef, "give --at to compute sqrt(det F) at a point");
    } else {
        strbuf sb = {0};
        if (c->format == FORMAT_JSON) {
            sb_puts(&sb, "{\"model\": ");
            json_string(&sb, s.m->name);
            sb_puts(&sb, ", ");
            json_params(&sb, s.m, s.ef.params, s.ef.d);
            sb_puts(&sb, ", \"density\": ");
            json_expr(&sb, s.m, p);
            sb_puts(&sb, ", \"at\": null, \"value\": null");
            if (have_nz)
                normalizer_json(&sb, &nz, D);
            else
                sb_puts(&sb, ", \"normalizer\": null, \"proper\": null");
            sb_puts(&sb, "}\n");
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
            if (have_nz)
                normalizer_text(&sb, &nz, D, true);
        } else {
            sb_puts(&sb, "sqrt(det F) = ");
            expr_print(&sb, s.m->ex, p);
            sb_putc(&sb, '\n');
            if (have_nz)
                normalizer_text(&sb, &nz, D, false);
        }
        fputs(sb_str(&sb), c->out);
        sb_free(&sb);
        if (have_nz)
            rc = normalizer_status(c, &nz, D);
    }
    if (have_nz)
        normalize_clear(&nz);
    free(Fm);
    close_session(&s);
    return rc;
}
