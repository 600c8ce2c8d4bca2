/* compiler/front/model.c — the analysed model's own functions: constants by value, domains
 * as written, and freeing (see model.h). */
#include "model.h"

#include <stdlib.h>

#include "util.h"

expr *model_const_values(const model *m, expr *e)
{
    int n = m->nclosed, k = 0;
    int *syms = xmalloc((size_t)n * sizeof *syms + 1);
    expr **vals = xmalloc((size_t)n * sizeof *vals + 1);
    for (int i = 0; i < n; i++)
        if (m->closed[i]) {
            syms[k] = i;
            vals[k++] = m->closed[i];
        }
    expr *r = k ? expr_subst(m->ex, e, (size_t)k, syms, vals) : e;
    free(syms);
    free(vals);
    return r;
}

char *model_domain_string(const model *m, const domain *dm)
{
    strbuf sb = {0};
    switch (dm->kind) {
    case DOM_REAL:
        sb_puts(&sb, "R");
        break;
    case DOM_INTERVAL:
        sb_putc(&sb, dm->lo_closed ? '[' : '(');
        if (dm->lo)
            expr_print(&sb, m->ex, dm->lo);
        else
            sb_puts(&sb, "-inf");
        sb_puts(&sb, ", ");
        if (dm->hi)
            expr_print(&sb, m->ex, dm->hi);
        else
            sb_puts(&sb, "inf");
        sb_putc(&sb, dm->hi_closed ? ']' : ')');
        break;
    case DOM_RANGE:
        sb_putc(&sb, '{');
        expr_print(&sb, m->ex, dm->lo);
        sb_puts(&sb, "..");
        if (dm->hi)
            expr_print(&sb, m->ex, dm->hi);
        else
            sb_puts(&sb, "inf");
        sb_putc(&sb, '}');
        break;
    case DOM_SET:
        sb_putc(&sb, '{');
        for (int i = 0; i < dm->nelems; i++) {
            if (i)
                sb_puts(&sb, ", ");
            expr_print(&sb, m->ex, dm->elems[i]);
        }
        sb_putc(&sb, '}');
        break;
    }
    return sb_take(&sb);
}


void model_free(model *m)
{
    if (!m)
        return;
    for (int i = 0; i < m->ndecls; i++) {
        decl *dc = m->decls[i];
        free(dc->name);
        free(dc->values);
        free(dc->inline_values);
        free(dc->dom.elems);
        free(dc);
    }
    free(m->decls);
    for (int i = 0; i < m->ntildes; i++) {
        free(m->tildes[i]->args);
        free(m->tildes[i]);
    }
    free(m->tildes);
    for (int i = 0; i < m->nreparams; i++) {
        model_reparam *rp = m->reparams[i];
        for (int k = 0; k < rp->nnew; k++) {
            free(rp->news[k]->name);
            free(rp->news[k]->dom.elems);
            free(rp->news[k]);
        }
        free(rp->news);
        free(rp->name);
        free(rp->old_syms);
        free(rp->rhs);
        free(rp->coords);
        free(rp);
    }
    free(m->reparams);
    for (int i = 0; i < m->nclaims; i++) {
        free(m->claims[i]->m);
        free(m->claims[i]);
    }
    free(m->claims);
    free(m->params);
    free(m->data);
    free(m->inputs);
    free(m->closed);
    free(m->name);
    free(m->title);
    expr_ctx_free(m->ex);
    free(m);
}
