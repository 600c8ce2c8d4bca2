/* compiler/sym/indep.c — independent groups of data in a log-density (see indep.h). */
#include "indep.h"

#include <stdlib.h>
#include <string.h>

#include "nodemap.h"
#include "util.h"

/* ---- the data symbols an expression mentions ------------------------------------------- */

typedef struct walk {
    const expr_ctx *ex;
    nodemap seen;
    int *syms;         /* data symbols found (may repeat) */
    size_t nsyms, capsyms;
} walk;

static void push_sym(walk *W, int s)
{
    if (W->nsyms == W->capsyms) {
        W->capsyms = W->capsyms ? 2 * W->capsyms : 8;
        W->syms = xrealloc(W->syms, W->capsyms * sizeof *W->syms);
    }
    W->syms[W->nsyms++] = s;
}

/* Iterative: a logp of a million terms is one wide node, but a deep chain of products is
 * not unusual in generated models. */
static void collect(walk *W, const expr *root)
{
    ptrvec stack = {0};
    pv_push(&stack, (void *)root);
    while (stack.n) {
        const expr *e = stack.v[--stack.n];
        if (!nodemap_add(&W->seen, e))
            continue;
        if (e->kind == EXPR_SYM) {
            if (expr_sym_get(W->ex, e->sym)->kind == SYM_DATA)
                push_sym(W, e->sym);
        } else if (e->kind == EXPR_INDEX) {
            const expr_vec_info *vi = expr_vec_get(W->ex, e->sym);
            if (vi->kind == SYM_DATA)
                for (int k = 0; k < vi->len; k++)
                    push_sym(W, vi->first_sym + k);
        }
        for (uint32_t i = 0; i < e->nargs; i++)
            pv_push(&stack, e->args[i]);
    }
    pv_free(&stack);
}

static void walk_reset(walk *W)
{
    nodemap_free(&W->seen);
    W->nsyms = 0;
}

/* ---- union-find over the model's data (by position in m->data) ------------------------- */

static int find(int *parent, int i)
{
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

static void unite(int *parent, int a, int b)
{
    a = find(parent, a);
    b = find(parent, b);
    if (a != b)
        parent[a > b ? a : b] = a < b ? a : b;
}

/* position of data symbol s in m->data, or -1 */
static int data_pos(const model *m, const int *pos_of, int nsym, int s)
{
    (void)m;
    return s >= 0 && s < nsym ? pos_of[s] : -1;
}

static bool same_domain(const domain *a, const domain *b)
{
    if (a == b)
        return true;
    if (a->kind != b->kind || a->lo_closed != b->lo_closed || a->hi_closed != b->hi_closed ||
        a->lo != b->lo || a->hi != b->hi || a->nelems != b->nelems)
        return false;
    for (int i = 0; i < a->nelems; i++)
        if (a->elems[i] != b->elems[i])
            return false;
    return true;
}

static const domain *support(const model *m, int sym)
{
    const decl *d = expr_sym_get(m->ex, sym)->owner;
    return &d->dom;
}

void indep_split(indep *ix, const model *m, expr *logp, expr *const *extra, int nextra)
{
    memset(ix, 0, sizeof *ix);
    int nd = m->ndata;
    int nsym = expr_sym_count(m->ex);
    int *pos_of = xmalloc((size_t)(nsym > 0 ? nsym : 1) * sizeof *pos_of);
    for (int s = 0; s < nsym; s++)
        pos_of[s] = -1;
    for (int i = 0; i < nd; i++)
        pos_of[m->data[i]] = i;
    int *parent = xmalloc((size_t)(nd > 0 ? nd : 1) * sizeof *parent);
    for (int i = 0; i < nd; i++)
        parent[i] = i;
    expr **terms = logp->kind == EXPR_ADD ? logp->args : &logp;
    size_t nt = logp->kind == EXPR_ADD ? logp->nargs : 1;
    int *owner = xmalloc((nt ? nt : 1) * sizeof *owner); /* a data position of each term, or -1 */
    walk W = {.ex = m->ex};
    for (size_t t = 0; t < nt + (size_t)nextra; t++) {
        walk_reset(&W);
        collect(&W, t < nt ? terms[t] : extra[t - nt]);
        int first = -1;
        for (size_t k = 0; k < W.nsyms; k++) {
            int p = data_pos(m, pos_of, nsym, W.syms[k]);
            if (p < 0)
                continue;
            if (first < 0)
                first = p;
            else
                unite(parent, first, p);
        }
        if (t < nt)
            owner[t] = first;
    }
    nodemap_free(&W.seen);
    free(W.syms);
    /* the groups, numbered by their first data variable in declaration order */
    int *gid = xmalloc((size_t)(nd > 0 ? nd : 1) * sizeof *gid);
    for (int i = 0; i < nd; i++)
        gid[i] = -1;
    for (int i = 0; i < nd; i++) {
        int r = find(parent, i);
        if (gid[r] < 0)
            gid[r] = ix->ng++;
        gid[i] = gid[r];
    }
    ix->g = xcalloc((size_t)(ix->ng > 0 ? ix->ng : 1), sizeof *ix->g);
    for (int i = 0; i < nd; i++) {
        indep_group *g = &ix->g[gid[i]];
        g->data = xrealloc(g->data, (size_t)(g->nd + 1) * sizeof *g->data);
        g->data[g->nd++] = m->data[i];
    }
    ptrvec *gt = xcalloc((size_t)(ix->ng > 0 ? ix->ng : 1), sizeof *gt);
    ptrvec at = {0};
    for (size_t t = 0; t < nt; t++) {
        if (owner[t] < 0)
            pv_push(&at, terms[t]);
        else
            pv_push(&gt[gid[owner[t]]], terms[t]);
    }
    ix->a = expr_add(m->ex, at.n, (expr *const *)at.v);
    pv_free(&at);
    for (int g = 0; g < ix->ng; g++) {
        ix->g[g].logp = expr_add(m->ex, gt[g].n, (expr *const *)gt[g].v);
        pv_free(&gt[g]);
    }
    free(gt);
    /* copies: the same function of the same supports after renaming the data */
    expr **vals = NULL;
    for (int g = 0; g < ix->ng; g++) {
        indep_group *G = &ix->g[g];
        G->rep = g;
        G->copies = 1;
        for (int r = 0; r < g; r++) {
            indep_group *R = &ix->g[r];
            if (R->rep != r || R->nd != G->nd)
                continue;
            bool ok = true;
            for (int k = 0; k < G->nd && ok; k++)
                ok = same_domain(support(m, G->data[k]), support(m, R->data[k]));
            if (!ok)
                continue;
            vals = xrealloc(vals, (size_t)G->nd * sizeof *vals);
            for (int k = 0; k < G->nd; k++)
                vals[k] = expr_sym(m->ex, R->data[k]);
            if (expr_subst(m->ex, G->logp, (size_t)G->nd, G->data, vals) != R->logp)
                continue;
            G->rep = r;
            G->copies = 0;
            G->map = xmalloc((size_t)G->nd * sizeof *G->map);
            memcpy(G->map, R->data, (size_t)G->nd * sizeof *G->map);
            R->copies++;
            break;
        }
        if (G->rep == g)
            ix->nreps++;
    }
    free(vals);
    free(gid);
    free(owner);
    free(parent);
    free(pos_of);
}

void indep_free(indep *ix)
{
    for (int g = 0; g < ix->ng; g++) {
        free(ix->g[g].data);
        free(ix->g[g].map);
    }
    free(ix->g);
    memset(ix, 0, sizeof *ix);
}

int indep_group_of(const indep *ix, int sym)
{
    for (int g = 0; g < ix->ng; g++)
        for (int k = 0; k < ix->g[g].nd; k++)
            if (ix->g[g].data[k] == sym)
                return g;
    return -1;
}
