/* compiler/cmd/cmd_deriv.c — `fimc score` and `fimc hessian`: exact derivatives of logp with
 * respect to the parameters, simplified for display.
 *
 * Each entry is shown in the shorter of two exact forms (simp_display): the canonical form
 * the expression core builds, and the factored rational normal form. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diff.h"
#include "print_latex.h"
#include "print_model.h"
#include "simp.h"

/* d logp/d name as LaTeX: \frac{\partial \log p}{\partial \theta} */
static void latex_partial(strbuf *sb, const model *m, int sym)
{
    sb_puts(sb, "\\frac{\\partial \\log p}{\\partial ");
    latex_name(sb, expr_sym_get(m->ex, sym)->name);
    sb_putc(sb, '}');
}

int cmd_score(cli *c)
{
    int rc = cli_load_model(c);
    if (rc != FIMC_EXIT_OK)
        return rc;
    model *m = c->model;
    diff_ctx dc;
    diff_init(&dc, m->ex);
    simp_ctx *sc = simp_new(m->ex);
    int d = m->nparams;
    expr **g = xcalloc((size_t)d, sizeof *g);
    for (int i = 0; i < d; i++)
        g[i] = simp_display(sc, diff(&dc, m->logp, m->params[i]));
    strbuf sb = {0};
    if (c->format == FORMAT_JSON) {
        sb_puts(&sb, "{\"model\": ");
        json_string(&sb, m->name);
        sb_puts(&sb, ", ");
        json_params(&sb, m, m->params, d);
        sb_puts(&sb, ", \"score\": [");
        for (int i = 0; i < d; i++) {
            if (i)
                sb_puts(&sb, ", ");
            json_expr(&sb, m, g[i]);
        }
        sb_puts(&sb, "]}\n");
    } else if (c->format == FORMAT_LATEX) {
        sb_puts(&sb, "\\begin{aligned}\n");
        for (int i = 0; i < d; i++) {
            latex_partial(&sb, m, m->params[i]);
            sb_puts(&sb, " &= ");
            expr_print_latex(&sb, m->ex, g[i]);
            sb_puts(&sb, i + 1 < d ? " \\\\\n" : "\n");
        }
        sb_puts(&sb, "\\end{aligned}\n");
    } else {
        for (int i = 0; i < d; i++) {
            sb_printf(&sb, "d/d%s logp = ", expr_sym_get(m->ex, m->params[i])->name);
            expr_print(&sb, m->ex, g[i]);
            sb_putc(&sb, '\n');
        }
    }
    fputs(sb_str(&sb), c->out);
    sb_free(&sb);
    free(g);
    simp_free(sc);
    diff_free(&dc);
    return FIMC_EXIT_OK;
}

int cmd_hessian(cli *c)
{
    int rc = cli_load_model(c);
    if (rc != FIMC_EXIT_OK)
        return rc;
    model *m = c->model;
    diff_ctx dc;
    diff_init(&dc, m->ex);
    simp_ctx *sc = simp_new(m->ex);
    int d = m->nparams;
    expr **h = xcalloc((size_t)d * (size_t)d, sizeof *h);
    for (int i = 0; i < d; i++) {
        expr *gi = diff(&dc, m->logp, m->params[i]);
        for (int j = i; j < d; j++) {
            expr *hij = simp_display(sc, diff(&dc, gi, m->params[j]));
            h[i * d + j] = h[j * d + i] = hij;
        }
    }
    strbuf sb = {0};
    if (c->format == FORMAT_JSON) {
        sb_puts(&sb, "{\"model\": ");
        json_string(&sb, m->name);
        sb_puts(&sb, ", ");
        json_params(&sb, m, m->params, d);
        sb_puts(&sb, ", \"hessian\": [");
        for (int i = 0; i < d; i++) {
            sb_puts(&sb, i ? ", [" : "[");
            for (int j = 0; j < d; j++) {
                if (j)
                    sb_puts(&sb, ", ");
                json_expr(&sb, m, h[i * d + j]);
            }
            sb_putc(&sb, ']');
        }
        sb_puts(&sb, "]}\n");
    } else if (c->format == FORMAT_LATEX) {
        sb_puts(&sb, "\\begin{pmatrix}\n");
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                if (j)
                    sb_puts(&sb, " & ");
                expr_print_latex(&sb, m->ex, h[i * d + j]);
            }
            sb_puts(&sb, i + 1 < d ? " \\\\\n" : "\n");
        }
        sb_puts(&sb, "\\end{pmatrix}\n");
    } else {
        for (int i = 0; i < d; i++)
            for (int j = i; j < d; j++) {
                const char *a = expr_sym_get(m->ex, m->params[i])->name;
                const char *b = expr_sym_get(m->ex, m->params[j])->name;
                if (i == j)
                    sb_printf(&sb, "d2/d%s^2 logp = ", a);
                else
                    sb_printf(&sb, "d2/d%s d%s logp = ", a, b);
                expr_print(&sb, m->ex, h[i * d + j]);
                sb_putc(&sb, '\n');
            }
    }
    fputs(sb_str(&sb), c->out);
    sb_free(&sb);
    free(h);
    simp_free(sc);
    diff_free(&dc);
    return FIMC_EXIT_OK;
}
