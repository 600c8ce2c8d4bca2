/* compiler/cmd/cmd_point.c — values at a point for the Fisher commands (cmd_fisher.h):
 * parsing --at in a coordinate system, the point's setup (inputs, distribution arguments),
 * and the FIM at a point — a closed form evaluated at two working precisions with the
 * numeric E[s s^T] and -E[H] as its cross-check, or those alone — with its printer. */
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

/* --at NAME=VALUE[,NAME=VALUE...]: one value per coordinate, each a constant expression,
 * inside the coordinate's open domain. Returns FIMC_EXIT_OK or the status to stop with. */
bool parse_value(cli *c, model *m, const char *label, const char *text, size_t len, int reparam,
                 mpfr_t out)
{
    src_file *src = src_new(label, xstrndup(text, len), len);
    diag_ctx dd;
    diag_init(&dd, c->diag.out, src);
    ast_arena arena = {0};
    parse_ctx pc = {.arena = &arena, .diag = &dd, .src = src, .mode = PARSE_VALUE};
    expr *v = NULL;
    if (parse_run(&pc) == 0 && pc.value && pc.value->kind != AST_LIST)
        v = sema_expr(m, pc.value, &dd, reparam, false);
    else if (pc.value && pc.value->kind == AST_LIST)
        diag_error(&dd, pc.value->sp, "a value is a single number, not a list");
    if (v && expr_has_kind(m->ex, v, SYM_PARAM)) {
        diag_error(&dd, pc.value->sp, "the value must be a constant expression");
        v = NULL;
    }
    if (v) {
        eval_ctx *ev = eval_new(m->ex, mpfr_get_prec(out));
        if (eval_expr(ev, out, model_const_values(m, v)) != EVAL_OK || !mpfr_number_p(out)) {
            diag_error(&dd, pc.value->sp, "the value cannot be evaluated");
            v = NULL;
        }
        eval_free(ev);
    }
    pv_free(&pc.file.stmts);
    ast_arena_free(&arena);
    src_free(src);
    return v != NULL;
}

int parse_at(cli *c, model *m, const int *params, int d, int reparam, mpfr_t *vals,
                    char **texts)
{
    const char *s = c->at;
    bool *seen = xcalloc((size_t)d, sizeof *seen);
    int rc = FIMC_EXIT_OK;
    while (*s && rc == FIMC_EXIT_OK) {
        /* one item, up to a comma outside brackets */
        const char *e = s;
        int depth = 0;
        while (*e && !(*e == ',' && depth == 0)) {
            depth += (*e == '(' || *e == '[' || *e == '{') - (*e == ')' || *e == ']' || *e == '}');
            e++;
        }
        const char *eq = memchr(s, '=', (size_t)(e - s));
        if (!eq) {
            diag_plain_error(&c->diag, "--at expects NAME=VALUE items, not '%.*s'", (int)(e - s), s);
            rc = FIMC_EXIT_USAGE;
            break;
        }
        char *name = xstrndup(s, (size_t)(eq - s));
        int j = -1;
        for (int i = 0; i < d; i++)
            if (strcmp(expr_sym_get(m->ex, params[i])->name, name) == 0)
                j = i;
        if (j < 0 || seen[j]) {
            strbuf all = {0};
            for (int i = 0; i < d; i++)
                sb_printf(&all, "%s%s", i ? ", " : "", expr_sym_get(m->ex, params[i])->name);
            if (j < 0)
                diag_plain_error(&c->diag, "--at: '%s' is not a parameter (the parameters are %s)",
                                 name, sb_str(&all));
            else
                diag_plain_error(&c->diag, "--at gives '%s' twice", name);
            sb_free(&all);
            free(name);
            rc = FIMC_EXIT_USAGE;
            break;
        }
        seen[j] = true;
        strbuf label = {0};
        sb_printf(&label, "<--at %s>", name);
        texts[j] = xstrndup(eq + 1, (size_t)(e - eq - 1));
        bool v = parse_value(c, m, sb_str(&label), eq + 1, (size_t)(e - eq - 1), reparam, vals[j]);
        sb_free(&label);
        if (!v) {
            c->diag.nerrors++;
            rc = FIMC_EXIT_USAGE;
        } else {
            /* inside the open domain? */
            const domain *dm = &((const decl *)expr_sym_get(m->ex, params[j])->owner)->dom;
            mpfr_t b;
            mpfr_init2(b, mpfr_get_prec(vals[j]));
            eval_ctx *ev = eval_new(m->ex, mpfr_get_prec(vals[j]));
            bool inside = true;
            if (dm->lo && eval_expr(ev, b, model_const_values(m, dm->lo)) == EVAL_OK)
                inside = inside && mpfr_cmp(vals[j], b) > 0;
            if (dm->hi && eval_expr(ev, b, model_const_values(m, dm->hi)) == EVAL_OK)
                inside = inside && mpfr_cmp(vals[j], b) < 0;
            eval_free(ev);
            mpfr_clear(b);
            if (!inside) {
                char *ds = model_domain_string(m, dm);
                diag_plain_error(&c->diag, "--at: %s = %s is outside its domain %s", name, texts[j], ds);
                free(ds);
                rc = FIMC_EXIT_NUMERIC;
            }
        }
        free(name);
        s = *e ? e + 1 : e;
    }
    for (int i = 0; i < d && rc == FIMC_EXIT_OK; i++)
        if (!seen[i]) {
            diag_plain_error(&c->diag, "--at leaves out the parameter '%s'",
                             expr_sym_get(m->ex, params[i])->name);
            rc = FIMC_EXIT_USAGE;
        }
    free(seen);
    return rc;
}

/* The point of --at in the model's coordinates: vals[0..d) at vp bits and the texts as
 * given (both the caller's to free, always allocated), the inputs' rows required, every
 * distribution argument inside its domain there. Returns FIMC_EXIT_OK or the status. */
int point_setup(cli *c, model *m, const int *params, int d, mpfr_prec_t vp,
                       mpfr_t **vals_out, char ***texts_out)
{
    mpfr_t *vals = xmalloc((size_t)(d ? d : 1) * sizeof *vals);
    char **texts = xcalloc((size_t)(d ? d : 1), sizeof *texts);
    for (int i = 0; i < d; i++)
        mpfr_init2(vals[i], vp);
    *vals_out = vals;
    *texts_out = texts;
    if (c->format == FORMAT_LATEX) {
        diag_plain_error(&c->diag, "%s --at: --format latex is not available for values at a "
                                   "point (use text or json)",
                         c->command);
        return FIMC_EXIT_USAGE;
    }
    int rc = parse_at(c, m, params, d, -1, vals, texts);
    if (rc == FIMC_EXIT_OK && m->ninputs)
        rc = inputs_require(c->model, &c->diag, c->inputs);
    char *aw = NULL;
    if (rc == FIMC_EXIT_OK && !argdom_check_point(m, params, d, vals, -1, &aw)) {
        diag_plain_error(&c->diag, "%s: %s", m->name, aw);
        rc = FIMC_EXIT_NUMERIC;
    }
    free(aw);
    return rc;
}

/* E[s s^T] and -E[H] at the point, escalating: when fewer than D digits agree, twice more
 * with the working precision doubled (not when --prec fixes it, nor for a cross-check of a
 * closed form, which runs once). 0, or -1 with *why. */
static int fim_numeric(cli *c, model *m, expr *logp, const int *params, int d, mpfr_t *vals,
                       bool once, numfim *nf, char **why)
{
    int D = (int)c->digits;
    long prec = c->prec;
    for (int attempt = 0; attempt < 3; attempt++) {
        if (numfim_compute(nf, m, logp, params, d, vals, -1, D + 4, prec, why))
            return -1;
        if (nf->digits >= D || c->prec > 0 || once || attempt == 2)
            break;
        numfim_clear(nf);
        prec = 2 * (prec > 0 ? prec : (long)((D + 4) * 3.33 + 40));
    }
    return 0;
}

/* The normalisation seen by the numeric pass: the total probability must be 1. */
static int fim_mass(cli *c, const model *m, const numfim *nf)
{
    mpfr_t one;
    mpfr_init2(one, mpfr_get_prec(nf->mass));
    mpfr_sub_ui(one, nf->mass, 1, MPFR_RNDN);
    mpfr_abs(one, one, MPFR_RNDN);
    int rc = FIMC_EXIT_OK;
    if (nf->digits >= 2 && mpfr_cmp_d(one, pow(10.0, -(nf->digits > 8 ? 8 : nf->digits))) > 0) {
        /* formatted from a copy: GCC 12's -Wstringop-overread misjudges nf->mass's size
         * once this is inlined (sanitizer builds) */
        mpfr_set(one, nf->mass, MPFR_RNDN);
        char *ms = numfim_format(one, nf->digits > 12 ? 12 : nf->digits);
        char row[48] = "";
        if (m->ninputs)
            snprintf(row, sizeof row, " (input row %d)", nf->mass_row + 1);
        strbuf msg = {0};
        sb_printf(&msg, "logp is not normalised: at this point p(x | theta) %s to %s%s, not 1",
                  strcmp(nf->method, "sum") == 0 ? "sums" : "integrates", ms, row);
        cli_error_at_logp(c, sb_str(&msg));
        sb_free(&msg);
        free(ms);
        rc = FIMC_EXIT_USAGE;
    }
    mpfr_clear(one);
    return rc;
}

/* The closed form F[0..d*d) at the point, at two working precisions: out (at the higher)
 * and the digits on which they agree, relative to the largest entry. False when it cannot
 * be evaluated there. */
static bool fim_closed_values(cli *c, model *m, const int *params, int d, expr *const *F,
                              mpfr_t *vals, mpfr_t *out, int *digits)
{
    int D = (int)c->digits;
    mpfr_prec_t p1 = (mpfr_prec_t)(D * 3.33) + 64, p2 = 2 * p1;
    if (c->prec > 0)
        p1 = (mpfr_prec_t)c->prec, p2 = p1 + 64;
    eval_ctx *e1 = eval_new(m->ex, p1), *e2 = eval_new(m->ex, p2);
    for (int i = 0; i < d; i++) {
        eval_set(e1, params[i], vals[i]);
        eval_set(e2, params[i], vals[i]);
    }
    expr **Fv = xmalloc((size_t)(d * d) * sizeof *Fv);
    mpfr_t *lo = xmalloc((size_t)(d * d) * sizeof *lo);
    for (int i = 0; i < d * d; i++) {
        Fv[i] = model_const_values(m, F[i]);
        mpfr_init2(lo[i], p1);
        mpfr_set_prec(out[i], p2);
    }
    bool ok = eval_exprs(e1, (size_t)(d * d), Fv, lo) == EVAL_OK &&
              eval_exprs(e2, (size_t)(d * d), Fv, out) == EVAL_OK;
    for (int i = 0; ok && i < d * d; i++)
        ok = mpfr_number_p(out[i]);
    if (ok) {
        /* relative to the largest entry, as the numeric engine counts */
        mpfr_t big, dif;
        mpfr_inits2(p2, big, dif, (mpfr_ptr)0);
        mpfr_set_ui(big, 0, MPFR_RNDN);
        for (int i = 0; i < d * d; i++)
            if (mpfr_cmpabs(out[i], big) > 0)
                mpfr_abs(big, out[i], MPFR_RNDN);
        int dg = D + 8;
        for (int i = 0; i < d * d; i++) {
            mpfr_sub(dif, out[i], lo[i], MPFR_RNDN);
            mpfr_abs(dif, dif, MPFR_RNDN);
            mpfr_add(dif, dif, big, MPFR_RNDN);
            /* big + |hi - lo| against big: the digits big carries unchanged */
            int g = numfim_agreeing_digits(big, dif, D + 8);
            if (g < dg)
                dg = g;
        }
        *digits = dg;
        mpfr_clears(big, dif, (mpfr_ptr)0);
    }
    for (int i = 0; i < d * d; i++)
        mpfr_clear(lo[i]);
    free(lo);
    free(Fv);
    eval_free(e1);
    eval_free(e2);
    return ok;
}

/* The digits to which matrices a and b agree, relative to the largest entry of a. */
int matrix_agreement(const mpfr_t *a, const mpfr_t *b, int n, int cap)
{
    mpfr_t big, dif;
    mpfr_inits2(mpfr_get_prec(a[0]) + 16, big, dif, (mpfr_ptr)0);
    mpfr_set_ui(big, 0, MPFR_RNDN);
    for (int i = 0; i < n; i++)
        if (mpfr_cmpabs(a[i], big) > 0)
            mpfr_abs(big, a[i], MPFR_RNDN);
    int dg = cap;
    for (int i = 0; i < n; i++) {
        mpfr_sub(dif, a[i], b[i], MPFR_RNDN);
        mpfr_abs(dif, dif, MPFR_RNDN);
        mpfr_add(dif, dif, big, MPFR_RNDN);
        int g = numfim_agreeing_digits(big, dif, cap);
        if (g < dg)
            dg = g;
    }
    mpfr_clears(big, dif, (mpfr_ptr)0);
    return dg;
}

/* One matrix of values as JSON rows, entries below tiny as "0"; shown < 1: null. */
void json_values(strbuf *sb, const char *key, const mpfr_t *a, int d, int shown,
                        const mpfr_t tiny)
{
    sb_printf(sb, ", \"%s\": ", key);
    if (shown <= 0) {
        sb_puts(sb, "null");
        return;
    }
    sb_putc(sb, '[');
    for (int i = 0; i < d; i++) {
        sb_puts(sb, i ? ", [" : "[");
        for (int j = 0; j < d; j++) {
            char *v = mpfr_cmpabs(a[i * d + j], tiny) < 0 ? xstrdup("0")
                                                         : numfim_format(a[i * d + j], shown);
            sb_puts(sb, j ? ", " : "");
            json_string(sb, v);
            free(v);
        }
        sb_putc(sb, ']');
    }
    sb_putc(sb, ']');
}


void fim_print_at(cli *c, session *s, const fim_point *r, char *const *texts, int shown,
                         const mpfr_t tiny, bool disagree, const char *reason)
{
    model *m = s->m;
    int d = r->d;
    const int *params = r->params;
    const numfim *nf = &r->nf;
    strbuf out = {0};
    if (c->format == FORMAT_JSON) {
        sb_puts(&out, "{\"model\": ");
        json_string(&out, m->name);
        sb_puts(&out, ", ");
        json_params(&out, m, params, d);
        json_at(&out, m, params, d, texts);
        json_values(&out, "fim", (const mpfr_t *)r->F, d, shown, tiny);
        if (r->symbolic && !(r->have_num && r->cross_ess > r->cross + 2)) {
            /* the closed form is -E[H] too (E[T] or -H): the same values */
            json_values(&out, "neg_expected_hessian", (const mpfr_t *)r->F, d, shown, tiny);
        } else {
            json_values(&out, "neg_expected_hessian", (const mpfr_t *)nf->neh, d, shown, tiny);
        }
        sb_printf(&out, ", \"digits\": %d, \"method\": \"%s\"", shown, r->method);
        if (m->ninputs && r->have_num)
            sb_printf(&out, ", \"rows\": %d", nf->rows);
        if (r->closed) {
            sb_puts(&out, ", \"symbolic\": ");
            json_matrix(&out, m, r->closed, d);
        }
        if (r->have_num)
            sb_printf(&out, ", \"agreement_digits\": %d", nf->agreement);
        else
            sb_puts(&out, ", \"agreement_digits\": null");
        if (r->symbolic) {
            /* an extension: the numeric cross-check of the closed form */
            if (r->have_num)
                sb_printf(&out, ", \"cross_check\": {\"method\": \"%s\", \"digits\": %d}",
                          nf->method, r->cross);
            else
                sb_puts(&out, ", \"cross_check\": null");
        }
        if (disagree) {
            sb_puts(&out, ", \"reason\": ");
            json_string(&out, reason);
        }
        if (r->extra_json)
            sb_puts(&out, r->extra_json);
        sb_puts(&out, "}\n");
    } else {
        sb_printf(&out, "F at ");
        for (int i = 0; i < d; i++)
            sb_printf(&out, "%s%s = %s", i ? ", " : "", pname(m, params[i]), texts[i]);
        if (m->ninputs && r->have_num)
            sb_printf(&out, ", the mean over %d input rows", nf->rows);
        if (shown <= 0)
            sb_printf(&out, " (%s): no digit could be verified\n", r->method);
        else if (r->symbolic && r->have_num)
            sb_printf(&out, " (%d digits, symbolic; by %s, E[s s^T] and -E[H] agree with it to %d "
                            "digits):\n",
                      shown, nf->method, r->cross);
        else if (r->symbolic)
            sb_printf(&out, " (%d digits, symbolic):\n", shown);
        else
            sb_printf(&out, " (%d digits, %s; E[s s^T] and -E[H] agree to %d digits):\n", shown,
                      r->method, nf->agreement);
        for (int i = 0; i < d && shown > 0; i++) {
            for (int j = 0; j < d; j++) {
                char *v = mpfr_cmpabs(r->F[i * d + j], tiny) < 0
                              ? xstrdup("0")
                              : numfim_format(r->F[i * d + j], shown);
                sb_printf(&out, "  %s", v);
                free(v);
            }
            sb_putc(&out, '\n');
        }
    }
    fputs(sb_str(&out), c->out);
    sb_free(&out);
}

int fim_point_compute(cli *c, session *s, expr *logp, const int *params, int d,
                      expr *const *Fc, mpfr_t *vals, fim_point *r)
{
    model *m = s->m;
    int D = (int)c->digits;
    memset(r, 0, sizeof *r);
    r->d = d;
    r->params = params;
    r->closed = Fc;
    r->F = xmalloc((size_t)(d > 0 ? d * d : 1) * sizeof *r->F);
    for (int i = 0; i < d * d; i++)
        mpfr_init2(r->F[i], 64);
    r->symbolic = Fc && fim_closed_values(c, m, params, d, Fc, vals, r->F, &r->digits);
    if (r->symbolic)
        r->method = "symbolic";
    int rc = FIMC_EXIT_OK;
    char *why = NULL;
    r->have_num = fim_numeric(c, m, logp, params, d, vals, r->symbolic, &r->nf, &why) == 0;
    if (!r->have_num && !r->symbolic) {
        /* about the density: at its logp (or first '~') */
        cli_error_at_logp(c, why);
        rc = FIMC_EXIT_NUMERIC;
    } else if (!r->have_num) {
        diag_plain_warning(&c->diag, "%s: the numeric cross-check of the closed form could not "
                                     "be made: %s",
                           m->name, why);
    }
    free(why);
    if (rc == FIMC_EXIT_OK && r->have_num)
        rc = fim_mass(c, m, &r->nf);
    if (rc == FIMC_EXIT_OK && !r->symbolic) {
        for (int i = 0; i < d * d; i++) {
            mpfr_set_prec(r->F[i], mpfr_get_prec(r->nf.ess[i]));
            mpfr_set(r->F[i], r->nf.ess[i], MPFR_RNDN);
        }
        r->digits = r->nf.digits;
        r->method = r->nf.method;
    }
    if (rc == FIMC_EXIT_OK && r->symbolic && r->have_num) {
        /* at most the digits both sides were verified to */
        r->cap = r->nf.digits < r->digits ? r->nf.digits : r->digits;
        int a = matrix_agreement((const mpfr_t *)r->F, (const mpfr_t *)r->nf.ess, d * d, r->cap);
        int b = matrix_agreement((const mpfr_t *)r->F, (const mpfr_t *)r->nf.neh, d * d, r->cap);
        r->cross = a < b ? a : b;
        r->cross_ess = a;
    }
    (void)D;
    return rc;
}

void fim_point_free(fim_point *r)
{
    if (!r->F)
        return;
    for (int i = 0; i < r->d * r->d; i++)
        mpfr_clear(r->F[i]);
    free(r->F);
    if (r->have_num)
        numfim_clear(&r->nf);
    memset(r, 0, sizeof *r);
}

void fim_point_tiny(const fim_point *r, int shown, mpfr_t big, mpfr_t tiny)
{
    mpfr_set_ui(big, 0, MPFR_RNDN);
    for (int i = 0; i < r->d * r->d; i++)
        if (mpfr_cmpabs(r->F[i], big) > 0)
            mpfr_abs(big, r->F[i], MPFR_RNDN);
    mpfr_set_d(tiny, pow(10.0, -shown), MPFR_RNDN);
    mpfr_mul(tiny, tiny, big, MPFR_RNDN);
}


bool point_inside(model *m, const int *params, int d, mpfr_t *t)
{
    bool ok = true;
    eval_ctx *ev = eval_new(m->ex, 128);
    mpfr_t b;
    mpfr_init2(b, 128);
    for (int i = 0; i < d && ok; i++) {
        const domain *dm = &((const decl *)expr_sym_get(m->ex, params[i])->owner)->dom;
        if (dm->lo && eval_expr(ev, b, model_const_values(m, dm->lo)) == EVAL_OK)
            ok = mpfr_cmp(t[i], b) > 0;
        if (ok && dm->hi && eval_expr(ev, b, model_const_values(m, dm->hi)) == EVAL_OK)
            ok = mpfr_cmp(t[i], b) < 0;
    }
    mpfr_clear(b);
    eval_free(ev);
    return ok;
}

int inverse_digits(const mpfr_t *F, const mpfr_t *Fi, int d, int digits)
{
    double fmax = 0, rmax = 0;
    for (int i = 0; i < d; i++) {
        double row = 0;
        for (int j = 0; j < d; j++) {
            double f = fabs(mpfr_get_d(F[i * d + j], MPFR_RNDU));
            if (f > fmax)
                fmax = f;
            row += fabs(mpfr_get_d(Fi[i * d + j], MPFR_RNDU));
        }
        if (row > rmax)
            rmax = row;
    }
    double loss = log10((double)d * fmax * rmax);
    int dg = digits - (loss > 0 ? (int)ceil(loss) : 0) - 1;
    return dg < 0 ? 0 : dg;
}
