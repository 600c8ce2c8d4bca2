/* compiler/cmd_check.c — `fimc check MODEL`: verify every `check` claim, one line each.
 *
 * A claim is verified, failed, or unverified (fimc could not decide: that counts as
 * failed, LANGUAGE.md §3). Score and Hessian identities are decided by the symbolic zero
 * test (compiler/simp.c): d logp/d theta - claimed is zero as a rational function of its
 * atoms, so the identity holds for all data and parameters. Claims that need expectations
 * (fim, jeffreys, E, Var, expfam) and identities the zero test cannot decide are reported
 * unverified with the reason, until the numeric engine can decide them. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diff.h"
#include "print_model.h"
#include "simp.h"

typedef enum verdict { V_VERIFIED, V_FAILED, V_UNVERIFIED } verdict;

typedef struct outcome {
    verdict v;
    char *how;    /* verified: how (e.g. "symbolic identity") */
    char *reason; /* failed/unverified: why */
} outcome;

static const char *verdict_word(verdict v)
{
    return v == V_VERIFIED ? "verified" : v == V_FAILED ? "FAILED" : "unverified";
}

/* The claimed entry (i, j) of a score vector (j < 0) or Hessian. */
static expr *claimed_entry(const claim *c, int i, int j, int d)
{
    if (!c->m)
        return c->rhs; /* a scalar, for one parameter */
    return j < 0 ? c->m[i] : c->m[i * d + j];
}

/* e with every const replaced by its value: a claim is about the model as configured
 * (with -D), so 10*x and n*x are the same when n = 10. */
static expr *with_const_values(model *m, expr *e)
{
    int n = expr_sym_count(m->ex), k = 0;
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

static outcome check_identity(model *m, diff_ctx *dc, simp_ctx *sc, const claim *c)
{
    outcome o = {V_VERIFIED, NULL, NULL};
    int d = m->nparams;
    bool hess = c->kind == CLAIM_HESSIAN;
    for (int i = 0; i < d; i++) {
        expr *g = diff(dc, m->logp, m->params[i]);
        for (int j = hess ? 0 : -1; j < (hess ? d : 0); j++) {
            expr *have = hess ? diff(dc, g, m->params[j]) : g;
            expr *want = claimed_entry(c, i, j, d);
            if (simp_is_equal(sc, have, want) ||
                simp_is_zero(sc, with_const_values(m, expr_sub(m->ex, have, want))))
                continue;
            strbuf sb = {0};
            char *hs = expr_to_string(m->ex, simp_display(sc, have));
            if (hess)
                sb_printf(&sb, "entry [%d, %d]", i + 1, j + 1);
            else
                sb_printf(&sb, "entry [%d]", i + 1);
            sb_printf(&sb, " is %s; the symbolic zero test cannot show that the claimed entry "
                           "equals it, and numeric verification is not available in this version",
                      hs);
            free(hs);
            o.v = V_UNVERIFIED;
            o.reason = sb_take(&sb);
            return o;
        }
    }
    o.how = xstrdup("exact: symbolic identity");
    return o;
}

static outcome check_claim(model *m, diff_ctx *dc, simp_ctx *sc, const claim *c)
{
    outcome o = {V_UNVERIFIED, NULL, NULL};
    switch (c->kind) {
    case CLAIM_SCORE:
    case CLAIM_HESSIAN:
        return check_identity(m, dc, sc, c);
    case CLAIM_FIM:
    case CLAIM_JEFFREYS_PROP:
    case CLAIM_JEFFREYS_EQ:
        o.reason = xstrdup("it needs the Fisher information E[s s^T], and expectations are not "
                           "available in this version");
        return o;
    case CLAIM_MEAN:
    case CLAIM_VAR:
        o.reason = xstrdup("it needs an expectation over the data, and expectations are not "
                           "available in this version");
        return o;
    case CLAIM_EXPFAM:
        o.reason = xstrdup("the exponential-family analysis is not available in this version");
        return o;
    }
    return o;
}

int cmd_check(cli *c)
{
    int rc = cli_load_model(c);
    if (rc != FIMC_EXIT_OK)
        return rc;
    model *m = c->model;
    diff_ctx dc;
    diff_init(&dc, m->ex);
    simp_ctx *sc = simp_new(m->ex);
    strbuf out = {0};
    int passed = 0, failed = 0;
    if (c->format == FORMAT_JSON) {
        sb_puts(&out, "{\"model\": ");
        json_string(&out, m->name);
        sb_puts(&out, ", \"checks\": [");
    }
    for (int i = 0; i < m->nclaims; i++) {
        const claim *cl = m->claims[i];
        outcome o = check_claim(m, &dc, sc, cl);
        strbuf text = {0};
        print_claim_text(&text, m, cl);
        if (o.v == V_VERIFIED)
            passed++;
        else
            failed++;
        if (c->format == FORMAT_JSON) {
            sb_printf(&out, "%s{\"line\": %u, \"claim\": ", i ? ", " : "", cl->line);
            json_string(&out, sb_str(&text));
            sb_printf(&out, ", \"ok\": %s, \"digits\": null, \"status\": \"%s\"",
                      o.v == V_VERIFIED ? "true" : "false", verdict_word(o.v));
            if (o.how) {
                sb_puts(&out, ", \"method\": ");
                json_string(&out, o.how);
            }
            if (o.reason) {
                sb_puts(&out, ", \"reason\": ");
                json_string(&out, o.reason);
            }
            sb_putc(&out, '}');
        } else {
            sb_printf(&out, "%s:%u: %s: %s", c->src->name, cl->line, verdict_word(o.v),
                      sb_str(&text));
            if (o.how)
                sb_printf(&out, " (%s)", o.how);
            if (o.reason)
                sb_printf(&out, ": %s", o.reason);
            sb_putc(&out, '\n');
        }
        sb_free(&text);
        free(o.how);
        free(o.reason);
    }
    if (c->format == FORMAT_JSON)
        sb_printf(&out, "], \"passed\": %d, \"failed\": %d}\n", passed, failed);
    fputs(sb_str(&out), c->out);
    sb_free(&out);
    simp_free(sc);
    diff_free(&dc);
    return failed ? FIMC_EXIT_FAILED : FIMC_EXIT_OK;
}
