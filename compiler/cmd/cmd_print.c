/* compiler/cmd/cmd_print.c — `fimc print [--expand] MODEL`: the model in canonical form. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "numfim.h"
#include "eval.h"
#include "diff.h"
#include "print_model.h"
#include "tape.h"

/* `print --tape`: logp, the score and the Hessian (upper triangle) lowered together into
 * one straight-line program; inputs are the parameters and the model's inputs (fixed: what
 * depends on them only goes to the bind segment, run once per point), then the data; consts
 * enter as their values. */
static int print_tape(cli *c)
{
    model *m = c->model;
    int d = m->nparams;
    size_t nin = (size_t)(m->nparams + m->ndata + m->ninputs);
    int *in = xmalloc((nin + 1) * sizeof *in);
    size_t k = 0;
    for (int i = 0; i < m->nparams; i++)
        in[k++] = m->params[i];
    for (int i = 0; i < m->ninputs; i++)
        in[k++] = m->inputs[i];
    size_t nfixed = k;
    for (int i = 0; i < m->ndata; i++)
        in[k++] = m->data[i];
    size_t nout = 1 + (size_t)d + (size_t)(d * (d + 1) / 2);
    expr **outs = xmalloc(nout * sizeof *outs);
    char **names = xmalloc(nout * sizeof *names);
    diff_ctx dc;
    diff_init(&dc, m->ex);
    size_t o = 0;
    /* consts by value (-D included): the tape has no inputs for them */
    outs[o] = model_const_values(m, m->logp);
    names[o++] = xstrdup("logp");
    for (int i = 0; i < d; i++) {
        strbuf sb = {0};
        sb_printf(&sb, "d/d%s logp", expr_sym_get(m->ex, m->params[i])->name);
        outs[o] = diff(&dc, outs[0], m->params[i]);
        names[o++] = sb_take(&sb);
    }
    for (int i = 0; i < d; i++)
        for (int j = i; j < d; j++) {
            strbuf sb = {0};
            sb_printf(&sb, "d2/d%s d%s logp", expr_sym_get(m->ex, m->params[i])->name,
                      expr_sym_get(m->ex, m->params[j])->name);
            outs[o] = diff(&dc, outs[1 + i], m->params[j]);
            names[o++] = sb_take(&sb);
        }
    tape_error err;
    tape *t = tape_build_fixed(m->ex, nin, in, nfixed, nout, outs, (const char *const *)names,
                               &err);
    int rc = FIMC_EXIT_OK;
    if (!t) {
        diag_plain_error(&c->diag, "print --tape: %s cannot be lowered to a tape",
                         err.status == TAPE_UNSUPPORTED ? "polygamma with a non-constant order"
                                                        : "an expression with an unbound symbol");
        rc = FIMC_EXIT_USAGE;
    } else {
        strbuf sb = {0};
        tape_print(&sb, m->ex, t);
        fputs(sb_str(&sb), c->out);
        sb_free(&sb);
        tape_free(t);
    }
    for (size_t i = 0; i < nout; i++)
        free(names[i]);
    free(names);
    free(outs);
    free(in);
    diff_free(&dc);
    return rc;
}

/* The value of every const for JSON: an exact rational as "p/q"; otherwise a decimal of
 * --digits significant digits, printed only when two working precisions agree on them
 * (fewer digits when they do not; none: the expression stays). Indexed by symbol. */
static char **const_values(cli *c, model *m)
{
    char **v = xcalloc((size_t)(m->nclosed ? m->nclosed : 1), sizeof *v);
    int D = (int)c->digits;
    mpfr_prec_t p1 = (mpfr_prec_t)(D * 3.33) + 64, p2 = 2 * p1;
    eval_ctx *e1 = eval_new(m->ex, p1), *e2 = eval_new(m->ex, p2);
    mpfr_t a, b;
    mpfr_inits2(p2, a, b, (mpfr_ptr)0);
    for (int i = 0; i < m->nclosed; i++) {
        expr *x = m->closed[i];
        if (!x)
            continue;
        if (x->kind == EXPR_NUM) {
            char *q = mpq_get_str(NULL, 10, x->q);
            v[i] = xstrdup(q);
            void (*fr)(void *, size_t);
            mp_get_memory_functions(NULL, NULL, &fr);
            fr(q, strlen(q) + 1);
            continue;
        }
        if (eval_exprs(e1, 1, &x, &a) != EVAL_OK || eval_exprs(e2, 1, &x, &b) != EVAL_OK)
            continue;
        int k = numfim_agreeing_digits(a, b, D);
        if (k >= 1)
            v[i] = numfim_format(b, k);
    }
    mpfr_clears(a, b, (mpfr_ptr)0);
    eval_free(e1);
    eval_free(e2);
    return v;
}

int cmd_print(cli *c)
{
    int rc = cli_load_model(c);
    if (rc != FIMC_EXIT_OK)
        return rc;
    if (c->tape)
        return print_tape(c);
    strbuf sb = {0};
    if (c->format == FORMAT_JSON) {
        model *m = c->model;
        char **values = const_values(c, m);
        print_model_json(&sb, m, values);
        sb_putc(&sb, '\n');
        for (int i = 0; i < m->nclosed; i++)
            free(values[i]);
        free(values);
    } else {
        print_model_text(&sb, c->model, c->expand);
    }
    fputs(sb_str(&sb), c->out);
    sb_free(&sb);
    return FIMC_EXIT_OK;
}
