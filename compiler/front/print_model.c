/* compiler/front/print_model.c — printing a model in canonical form (text and JSON). */
#include "print_model.h"

#include <stdlib.h>
#include <string.h>

#include "dist.h"

void json_string(strbuf *sb, const char *s)
{
    sb_putc(sb, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': sb_puts(sb, "\\\""); break;
        case '\\': sb_puts(sb, "\\\\"); break;
        case '\n': sb_puts(sb, "\\n"); break;
        case '\t': sb_puts(sb, "\\t"); break;
        case '\r': sb_puts(sb, "\\r"); break;
        default:
            if (*p < 0x20)
                sb_printf(sb, "\\u%04x", *p);
            else
                sb_putc(sb, (char)*p);
        }
    }
    sb_putc(sb, '"');
}

static void print_list(strbuf *sb, const model *m, expr **v, int n)
{
    sb_putc(sb, '{');
    for (int i = 0; i < n; i++) {
        if (i)
            sb_puts(sb, ", ");
        expr_print(sb, m->ex, v[i]);
    }
    sb_putc(sb, '}');
}

static void print_domain(strbuf *sb, const model *m, const domain *dm)
{
    char *s = model_domain_string(m, dm);
    sb_puts(sb, s);
    free(s);
}

static void print_decl(strbuf *sb, const model *m, const decl *dc)
{
    switch (dc->kind) {
    case DECL_CONST:
        sb_printf(sb, "const %s = ", dc->name);
        if (dc->values)
            print_list(sb, m, dc->values, dc->nvalues);
        else
            expr_print(sb, m->ex, dc->value);
        break;
    case DECL_PARAM:
    case DECL_DATA:
        sb_printf(sb, "%s %s", dc->kind == DECL_PARAM ? "param" : "data", dc->name);
        if (dc->len) {
            sb_putc(sb, '[');
            expr_print(sb, m->ex, dc->len_expr);
            sb_putc(sb, ']');
        }
        sb_puts(sb, " in ");
        print_domain(sb, m, &dc->dom);
        break;
    case DECL_INPUT:
        /* As declared: rows read from --inputs are not part of the model's text (a CSV may
         * have thousands; JSON shows them), and an inline list they override prints as
         * written. */
        sb_printf(sb, "input %s", dc->name);
        if (dc->from_csv ? dc->inline_values != NULL : dc->has_values) {
            sb_puts(sb, " = ");
            if (dc->from_csv)
                print_list(sb, m, dc->inline_values, dc->ninline);
            else
                print_list(sb, m, dc->values, dc->nvalues);
        }
        break;
    case DECL_LET:
        sb_printf(sb, "let %s = ", dc->name);
        expr_print(sb, m->ex, dc->value);
        break;
    }
    sb_putc(sb, '\n');
}

static void print_matrix(strbuf *sb, const model *m, const claim *c)
{
    sb_putc(sb, '[');
    for (int i = 0; i < c->rows; i++) {
        if (i)
            sb_puts(sb, ", ");
        if (c->cols == 0) {
            expr_print(sb, m->ex, c->m[i]);
            continue;
        }
        sb_putc(sb, '[');
        for (int j = 0; j < c->cols; j++) {
            if (j)
                sb_puts(sb, ", ");
            expr_print(sb, m->ex, c->m[i * c->cols + j]);
        }
        sb_putc(sb, ']');
    }
    sb_putc(sb, ']');
}

static void print_claim(strbuf *sb, const model *m, const claim *c)
{
    sb_puts(sb, "check ");
    print_claim_text(sb, m, c);
    sb_putc(sb, '\n');
}

void print_claim_text(strbuf *sb, const model *m, const claim *c)
{
    if (c->reparam >= 0)
        sb_printf(sb, "%s.", m->reparams[c->reparam]->name);
    switch (c->kind) {
    case CLAIM_FIM:
    case CLAIM_SCORE:
    case CLAIM_HESSIAN:
        sb_puts(sb, c->kind == CLAIM_FIM ? "fim" : c->kind == CLAIM_SCORE ? "score" : "hessian");
        sb_puts(sb, " == ");
        if (c->m)
            print_matrix(sb, m, c);
        else
            expr_print(sb, m->ex, c->rhs);
        break;
    case CLAIM_JEFFREYS_PROP:
    case CLAIM_JEFFREYS_EQ:
        sb_puts(sb, c->kind == CLAIM_JEFFREYS_EQ ? "jeffreys == " : "jeffreys ~ ");
        expr_print(sb, m->ex, c->rhs);
        break;
    case CLAIM_MEAN:
    case CLAIM_VAR:
        sb_puts(sb, c->kind == CLAIM_MEAN ? "E[" : "Var[");
        expr_print(sb, m->ex, c->arg);
        sb_puts(sb, "] == ");
        expr_print(sb, m->ex, c->rhs);
        break;
    case CLAIM_EXPFAM:
        sb_puts(sb, "expfam");
        break;
    }
}

void print_model_text(strbuf *sb, const model *m, bool expand)
{
    sb_printf(sb, "model %s", m->name);
    if (m->title) {
        sb_puts(sb, " \"");
        for (const char *p = m->title; *p; p++) {
            if (*p == '"' || *p == '\\')
                sb_putc(sb, '\\');
            sb_putc(sb, *p);
        }
        sb_putc(sb, '"');
    }
    sb_putc(sb, '\n');
    for (int i = 0; i < m->ndecls; i++) {
        if (expand && m->decls[i]->kind == DECL_LET)
            continue;
        print_decl(sb, m, m->decls[i]);
    }
    if (expand || m->logp_src) {
        sb_puts(sb, "logp = ");
        expr_print(sb, m->ex, expand ? m->logp : m->logp_src);
        sb_putc(sb, '\n');
    } else {
        for (int i = 0; i < m->ntildes; i++) {
            const tilde *t = m->tildes[i];
            sb_printf(sb, "%s ~ %s(", expr_sym_get(m->ex, t->data_sym)->name, dist_name(t->dist));
            if (t->vec >= 0) {
                sb_puts(sb, expr_vec_get(m->ex, t->vec)->name);
            } else {
                for (int k = 0; k < t->nargs; k++) {
                    if (k)
                        sb_puts(sb, ", ");
                    expr_print(sb, m->ex, t->args[k]);
                }
            }
            sb_puts(sb, ")\n");
        }
    }
    for (int i = 0; i < m->nreparams; i++) {
        const model_reparam *rp = m->reparams[i];
        sb_printf(sb, "reparam %s(", rp->name);
        for (int k = 0; k < rp->nnew; k++) {
            if (k)
                sb_puts(sb, ", ");
            sb_printf(sb, "%s in ", rp->news[k]->name);
            print_domain(sb, m, &rp->news[k]->dom);
        }
        sb_puts(sb, ") { ");
        for (int k = 0; k < rp->nassign; k++) {
            if (k)
                sb_puts(sb, "; ");
            sb_printf(sb, "%s = ", expr_sym_get(m->ex, rp->old_syms[k])->name);
            expr_print(sb, m->ex, rp->rhs[k]);
        }
        sb_puts(sb, " }\n");
    }
    for (int i = 0; i < m->nclaims; i++)
        print_claim(sb, m, m->claims[i]);
}

void json_expr(strbuf *sb, const model *m, const expr *e)
{
    char *s = expr_to_string(m->ex, e);
    json_string(sb, s);
    free(s);
}

void json_params(strbuf *sb, const model *m, const int *syms, int n)
{
    sb_puts(sb, "\"params\": [");
    for (int i = 0; i < n; i++) {
        if (i)
            sb_puts(sb, ", ");
        json_string(sb, expr_sym_get(m->ex, syms[i])->name);
    }
    sb_putc(sb, ']');
}

void json_matrix(strbuf *sb, const model *m, expr *const *a, int d)
{
    sb_putc(sb, '[');
    for (int i = 0; i < d; i++) {
        sb_puts(sb, i ? ", [" : "[");
        for (int j = 0; j < d; j++) {
            if (j)
                sb_puts(sb, ", ");
            json_expr(sb, m, a[i * d + j]);
        }
        sb_putc(sb, ']');
    }
    sb_putc(sb, ']');
}

void print_model_json(strbuf *sb, const model *m, char *const *values)
{
    sb_puts(sb, "{\"model\": ");
    json_string(sb, m->name);
    sb_puts(sb, ", \"title\": ");
    if (m->title)
        json_string(sb, m->title);
    else
        sb_puts(sb, "null");
    for (int pass = 0; pass < 2; pass++) {
        sb_puts(sb, pass == 0 ? ", \"params\": [" : ", \"data\": [");
        const int *syms = pass == 0 ? m->params : m->data;
        int n = pass == 0 ? m->nparams : m->ndata;
        for (int i = 0; i < n; i++) {
            const expr_sym_info *si = expr_sym_get(m->ex, syms[i]);
            const decl *dc = si->owner;
            char *dom = model_domain_string(m, &dc->dom);
            sb_puts(sb, i ? ", {\"name\": " : "{\"name\": ");
            json_string(sb, si->name);
            sb_puts(sb, pass == 0 ? ", \"domain\": " : ", \"support\": ");
            json_string(sb, dom);
            sb_putc(sb, '}');
            free(dom);
        }
        sb_putc(sb, ']');
    }
    for (int pass = 0; pass < 2; pass++) {
        sb_puts(sb, pass == 0 ? ", \"consts\": {" : "}, \"const_exprs\": {");
        int k = 0;
        for (int i = 0; i < m->ndecls; i++) {
            const decl *dc = m->decls[i];
            if (dc->kind != DECL_CONST)
                continue;
            sb_puts(sb, k++ ? ", " : "");
            json_string(sb, dc->name);
            sb_puts(sb, ": ");
            int n = dc->values ? dc->nvalues : 1;
            if (dc->values)
                sb_putc(sb, '[');
            for (int j = 0; j < n; j++) {
                if (j)
                    sb_puts(sb, ", ");
                const char *v = pass == 0 && values ? values[dc->sym + j] : NULL;
                if (v)
                    json_string(sb, v);
                else
                    json_expr(sb, m, dc->values ? dc->values[j] : dc->value);
            }
            if (dc->values)
                sb_putc(sb, ']');
        }
    }
    sb_puts(sb, "}, \"inputs\": [");
    int k = 0;
    for (int i = 0; i < m->ndecls; i++) {
        const decl *dc = m->decls[i];
        if (dc->kind != DECL_INPUT)
            continue;
        sb_puts(sb, k++ ? ", {\"name\": " : "{\"name\": ");
        json_string(sb, dc->name);
        sb_puts(sb, ", \"values\": ");
        if (dc->has_values) {
            sb_putc(sb, '[');
            for (int j = 0; j < dc->nvalues; j++) {
                if (j)
                    sb_puts(sb, ", ");
                json_expr(sb, m, dc->values[j]);
            }
            sb_putc(sb, ']');
        } else {
            sb_puts(sb, "null");
        }
        sb_putc(sb, '}');
    }
    sb_puts(sb, "], \"logp\": ");
    json_expr(sb, m, m->logp);
    sb_putc(sb, '}');
}
