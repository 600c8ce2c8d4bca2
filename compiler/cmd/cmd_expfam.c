/* compiler/cmd/cmd_expfam.c — `fimc expfam`: eta, T, A, log h, E[T] and Cov[T], and the
 * cumulant identities F(eta) = Cov[T] and F(m) = F(eta)^-1 (compiler/sym/fisher.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "fimrt.h"

#include "cli.h"
#include "cmd_fisher.h"
#include "diff.h"
#include "expfam.h"
#include "argdom.h"
#include "fisher.h"
#include "inputs.h"
#include "numfim.h"
#include "parse.h"
#include "sema.h"
#include "print_latex.h"
#include "print_model.h"
#include "simp.h"


static void print_vec(strbuf *sb, const model *m, const char *name, expr *const *v, int k)
{
    sb_printf(sb, "%s = [", name);
    for (int i = 0; i < k; i++) {
        if (i)
            sb_puts(sb, ", ");
        expr_print(sb, m->ex, v[i]);
    }
    sb_puts(sb, "]\n");
}

static void json_vec(strbuf *sb, const model *m, const char *key, expr *const *v, int k)
{
    sb_printf(sb, ", \"%s\": [", key);
    for (int i = 0; i < k; i++) {
        if (i)
            sb_puts(sb, ", ");
        json_expr(sb, m, v[i]);
    }
    sb_putc(sb, ']');
}


int cmd_expfam(cli *c)
{
    session s = {0};
    int rc = open_session(c, &s, -1);
    if (rc != FIMC_EXIT_OK) {
        close_session(&s);
        return rc;
    }
    model *m = s.m;
    expfam *ef = &s.ef;
    expr_ctx *ex = m->ex;
    strbuf sb = {0};
    fisher_check covc = FC_NOT_APPLICABLE, fmc = FC_NOT_APPLICABLE;
    if (ef->moments)
        fisher_cumulants(m, &s.dc, s.sc, ef, &covc, &fmc);
    bool checks_ok = !ef->moments || (covc == FC_EXACT && fmc == FC_EXACT);
    const char *cov_check = fisher_check_text(covc), *fm_check = fisher_check_text(fmc);
    expr *A = ef->split ? expr_neg_terms(ex, ef->a) : NULL;
    expr *h = ef->split ? expr_fn1(ex, FN_EXP, ef->b) : NULL;
    if (c->format == FORMAT_JSON) {
        sb_puts(&sb, "{\"model\": ");
        json_string(&sb, m->name);
        sb_puts(&sb, ", ");
        json_params(&sb, m, m->params, m->nparams);
        sb_printf(&sb, ", \"expfam\": %s", ef->split ? "true" : "false");
        if (ef->split) {
            json_vec(&sb, m, "eta", ef->eta, ef->K);
            json_vec(&sb, m, "T", ef->T, ef->K);
            sb_puts(&sb, ", \"A\": ");
            json_expr(&sb, m, A);
            sb_puts(&sb, ", \"h\": ");
            json_expr(&sb, m, h);
            if (ef->moments) {
                json_vec(&sb, m, "mean_T", ef->m, ef->K);
                sb_puts(&sb, ", \"cov_T\": ");
                json_matrix(&sb, m, ef->covT, ef->K);
                sb_printf(&sb, ", \"cov_identity\": \"%s\", \"moment_fim_identity\": \"%s\"",
                          cov_check, fm_check);
            } else {
                sb_puts(&sb, ", \"mean_T\": null, \"reason\": ");
                json_string(&sb, ef->reason);
            }
        } else {
            sb_puts(&sb, ", \"reason\": ");
            json_string(&sb, ef->reason);
        }
        sb_puts(&sb, "}\n");
    } else if (!ef->split) {
        sb_printf(&sb, "not shown to be an exponential family: %s\n", ef->reason);
    } else {
        sb_puts(&sb, "exponential family: logp = eta.T + log h - A\n");
        print_vec(&sb, m, "eta", ef->eta, ef->K);
        print_vec(&sb, m, "T", ef->T, ef->K);
        sb_puts(&sb, "A = ");
        expr_print(&sb, ex, A);
        sb_puts(&sb, "\nlog h = ");
        expr_print(&sb, ex, ef->b);
        sb_putc(&sb, '\n');
        if (ef->moments) {
            print_vec(&sb, m, "E[T]", ef->m, ef->K);
            for (int k = 0; k < ef->K; k++)
                for (int l = k; l < ef->K; l++) {
                    sb_printf(&sb, "Cov[T%d, T%d] = ", k + 1, l + 1);
                    expr_print(&sb, ex, ef->covT[k * ef->K + l]);
                    sb_putc(&sb, '\n');
                }
            sb_printf(&sb, "F(eta) = Cov[T]: %s\n", cov_check);
            sb_printf(&sb, "F(m) = F(eta)^-1: %s\n", fm_check);
        } else {
            sb_printf(&sb, "E[T]: not found (%s)\n", ef->reason);
        }
    }
    fputs(sb_str(&sb), c->out);
    sb_free(&sb);
    close_session(&s);
    return checks_ok ? FIMC_EXIT_OK : FIMC_EXIT_FAILED;
}
