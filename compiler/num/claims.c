/* compiler/num/claims.c — verifying `check` claims (see claims.h). */
#include "claims.h"

#include <stdlib.h>
#include <string.h>

#include "fisher.h"
#include "numcheck.h"
#include "util.h"

const char *claim_verdict_word(claim_verdict v)
{
    return v == CV_VERIFIED ? "verified" : v == CV_FAILED ? "FAILED" : "unverified";
}

/* The claimed entry (i, j) of a score vector (j < 0) or Hessian. */
static expr *claimed_entry(const claim *c, int i, int j, int d)
{
    if (!c->m)
        return c->rhs; /* a scalar, for one parameter */
    return j < 0 ? c->m[i] : c->m[i * d + j];
}

/* When the zero test could not decide have[i] == want[i] for every i: the numeric check at
 * seeded points decides (a counterexample fails the claim; agreement verifies it to the
 * digits that agreed). */
static claim_outcome numeric_verdict(model *m, const int *params, int d, bool with_data,
                               expr *const *have, expr *const *want, int n, int cols,
                               const char *what)
{
    claim_outcome o = {.v = CV_UNVERIFIED};
    int digits;
    char *why;
    numcheck_result r = numcheck_equal(m, params, d, with_data, have, want, n, cols, &digits, &why);
    strbuf sb = {0};
    if (r == NUMCHECK_EQUAL) {
        o.v = CV_VERIFIED;
        o.digits = digits;
        sb_printf(&sb, "numeric: %s agree to %d digits at %d seeded points", what, digits,
                  NUMCHECK_POINTS);
        o.how = sb_take(&sb);
    } else {
        o.v = r == NUMCHECK_DIFFERENT ? CV_FAILED : CV_UNVERIFIED;
        sb_printf(&sb, "%s", why);
        o.reason = sb_take(&sb);
    }
    free(why);
    return o;
}

static claim_outcome check_identity(model *m, diff_ctx *dc, simp_ctx *sc, const claim *c)
{
    int d = m->nparams;
    bool hess = c->kind == CLAIM_HESSIAN;
    int n = hess ? d * d : d;
    expr **have = xmalloc((size_t)n * sizeof *have), **want = xmalloc((size_t)n * sizeof *want);
    bool all_zero = true;
    for (int i = 0; i < d; i++) {
        expr *g = diff(dc, m->logp, m->params[i]);
        for (int j = hess ? 0 : -1; j < (hess ? d : 0); j++) {
            int k = hess ? i * d + j : i;
            have[k] = hess ? diff(dc, g, m->params[j]) : g;
            want[k] = claimed_entry(c, i, j, d);
            if (!model_same(m, sc, have[k], want[k]))
                all_zero = false;
        }
    }
    claim_outcome o = {.v = CV_VERIFIED};
    if (all_zero)
        o.how = xstrdup("exact: symbolic identity");
    else
        o = numeric_verdict(m, m->params, d, true, have, want, n, hess ? d : 0, "both sides");
    free(have);
    free(want);
    return o;
}

/* The exponential-family analysis of logp in the model's coordinates (reparam < 0) or in
 * a reparam's, made once per coordinate system and kept for every claim. */
static expfam *analysis(model *m, diff_ctx *dc, simp_ctx *sc, claims_ctx *A, int reparam)
{
    int slot = reparam + 1;
    if (!A->done[slot]) {
        expfam_model(&A->ef[slot], m, dc, sc, reparam);
        A->done[slot] = true;
    }
    return &A->ef[slot];
}

static claim_outcome unverified(const char *why, const char *detail)
{
    claim_outcome o = {.v = CV_UNVERIFIED};
    strbuf sb = {0};
    sb_puts(&sb, why);
    if (detail)
        sb_printf(&sb, " (%s)", detail);
    o.reason = sb_take(&sb);
    return o;
}

static claim_outcome verified(const char *how)
{
    claim_outcome o = {.v = CV_VERIFIED, .how = xstrdup(how)};
    return o;
}

/* The claim_outcome of a numeric expectation check (numcheck_fim, numcheck_moment): takes why. */
static claim_outcome expectation_outcome(numcheck_result r, int digits, char *why, const char *what)
{
    claim_outcome o = {.v = r == NUMCHECK_EQUAL ? CV_VERIFIED
                      : r == NUMCHECK_DIFFERENT ? CV_FAILED : CV_UNVERIFIED};
    if (r == NUMCHECK_EQUAL) {
        strbuf sb = {0};
        sb_printf(&sb, "numeric: %s agrees to %d digits at %d seeded points", what, digits,
                  NUMCHECK_POINTS);
        o.how = sb_take(&sb);
        o.digits = digits;
        free(why);
    } else {
        o.reason = why;
    }
    return o;
}

static claim_outcome check_fim(model *m, diff_ctx *dc, simp_ctx *sc, claims_ctx *A, const claim *c)
{
    expfam *ef = analysis(m, dc, sc, A, c->reparam);
    if (!ef->solved) {
        /* no closed form: E[s s^T] by sums or quadrature at seeded points */
        expr *lp = m->logp;
        const int *params = m->params;
        int d = m->nparams;
        if (c->reparam >= 0) {
            const model_reparam *rp = m->reparams[c->reparam];
            lp = expr_subst(m->ex, lp, (size_t)rp->nassign, rp->old_syms, rp->rhs);
            params = rp->coords;
            d = rp->ncoords;
        }
        expr **want = xmalloc((size_t)(d * d) * sizeof *want);
        for (int i = 0; i < d * d; i++)
            want[i] = c->m ? c->m[i] : c->rhs;
        int digits;
        char *why;
        numcheck_result r = numcheck_fim(m, lp, params, d, want, &digits, &why);
        free(want);
        return expectation_outcome(r, digits, why, "E[s s^T]");
    }
    int d = ef->d;
    expr **want = xmalloc((size_t)(d * d) * sizeof *want);
    /* a conditional model's FIM: the mean over the input rows of the rows' closed forms */
    expr **F = ef->F, **Fm = NULL;
    if (m->ninputs) {
        Fm = xmalloc((size_t)(d * d) * sizeof *Fm);
        if (!model_row_mean(m, sc, ef->F, d * d, Fm)) {
            free(Fm);
            free(want);
            return unverified("an input has no values (give them inline or with --inputs)", NULL);
        }
        F = Fm;
    }
    bool all_zero = true;
    for (int i = 0; i < d; i++)
        for (int j = 0; j < d; j++) {
            want[i * d + j] = c->m ? c->m[i * d + j] : c->rhs;
            if (!model_same(m, sc, F[i * d + j], want[i * d + j]))
                all_zero = false;
        }
    claim_outcome o = verified(ef->how == EF_HESSIAN
                                   ? "exact: the Hessian does not involve the data, F = -H"
                               : ef->how == EF_DISTRIBUTIONS
                                   ? "exact: through the distributions, F = sum J^T F_dist J"
                                   : "exact: exponential family, F = -E[H] from E[T]");
    if (!all_zero) {
        free(o.how);
        o = numeric_verdict(m, ef->params, d, false, F, want, d * d, d,
                            "the closed-form FIM and the claim");
    }
    free(Fm);
    free(want);
    return o;
}

/* Jeffreys claims numerically at seeded points (numcheck_jeffreys): det the closed form of
 * det F, or NULL for E[s s^T] by sums or quadrature. */
static claim_outcome numeric_jeffreys(model *m, const claim *c, expr *det)
{
    expr *lp = m->logp;
    const int *params = m->params;
    int d = m->nparams;
    if (c->reparam >= 0) {
        const model_reparam *rp = m->reparams[c->reparam];
        lp = expr_subst(m->ex, lp, (size_t)rp->nassign, rp->old_syms, rp->rhs);
        params = rp->coords;
        d = rp->ncoords;
    }
    int digits;
    char *why;
    bool prop = c->kind == CLAIM_JEFFREYS_PROP;
    numcheck_result r = numcheck_jeffreys(m, lp, params, d, det, c->rhs, prop, &digits, &why);
    return expectation_outcome(r, digits, why,
                               prop ? "sqrt(det F) / EXPR (constant)" : "sqrt(det F)");
}

static claim_outcome check_jeffreys(model *m, diff_ctx *dc, simp_ctx *sc, claims_ctx *A, const claim *c)
{
    expfam *ef = analysis(m, dc, sc, A, c->reparam);
    if (!ef->solved)
        return numeric_jeffreys(m, c, NULL);
    /* a conditional model's FIM: the mean over the input rows of the rows' closed forms */
    expr **F = ef->F, **Fm = NULL;
    if (m->ninputs) {
        Fm = xmalloc((size_t)(ef->d * ef->d) * sizeof *Fm);
        if (!model_row_mean(m, sc, ef->F, ef->d * ef->d, Fm)) {
            free(Fm);
            return unverified("an input has no values (give them inline or with --inputs)", NULL);
        }
        F = Fm;
    }
    expr *det = expfam_det(m->ex, sc, F, ef->d);
    free(Fm);
    if (c->kind == CLAIM_JEFFREYS_EQ) {
        /* sqrt(det F) == EXPR: the sign matters, so compare the values */
        expr *root = expr_pow(m->ex, det, expr_frac(m->ex, 1, 2));
        return numeric_verdict(m, ef->params, ef->d, false, &root, &c->rhs, 1, 0,
                               "sqrt(det F) and the claim");
    }
    /* sqrt(det F) ~ EXPR  <=>  det F / EXPR^2 has a zero gradient */
    expr *ratio = expr_div(m->ex, det, expr_powi(m->ex, c->rhs, 2));
    for (int i = 0; i < ef->d; i++) {
        expr *g = diff(dc, ratio, ef->params[i]);
        if (!simp_is_zero(sc, model_const_values(m, g)))
            return numeric_jeffreys(m, c, det); /* the ratio at seeded points */
    }
    return verified("exact: det F / EXPR^2 is constant");
}

/* E[..] / Var[..] by sums or quadrature at seeded points. */
static claim_outcome numeric_moment(model *m, const claim *c)
{
    int digits;
    char *why;
    bool var = c->kind == CLAIM_VAR;
    numcheck_result r = numcheck_moment(m, var, c->arg, c->rhs, &digits, &why);
    return expectation_outcome(r, digits, why, var ? "the variance" : "the mean");
}

static claim_outcome check_moment(model *m, diff_ctx *dc, simp_ctx *sc, claims_ctx *A, const claim *c)
{
    expfam *ef = analysis(m, dc, sc, A, -1);
    /* conditional models: the exponential-family moments are per row, with the inputs as
     * symbols; the numeric route handles them row by row */
    if (!ef->moments || m->ninputs)
        return numeric_moment(m, c);
    expr *v = c->kind == CLAIM_MEAN ? expfam_mean(ef, m->ex, sc, c->arg)
                                    : expfam_var(ef, m->ex, sc, c->arg);
    if (!v)
        return numeric_moment(m, c);
    if (model_same(m, sc, v, c->rhs))
        return verified(c->kind == CLAIM_MEAN ? "exact: from E[T]" : "exact: from Cov[T]");
    return numeric_verdict(m, m->params, m->nparams, false, &v, &c->rhs, 1, 0,
                           c->kind == CLAIM_MEAN ? "E[T]-based mean and the claim"
                                                 : "Cov[T]-based variance and the claim");
}

static claim_outcome check_claim(model *m, diff_ctx *dc, simp_ctx *sc, claims_ctx *A, const claim *c)
{
    switch (c->kind) {
    case CLAIM_SCORE:
    case CLAIM_HESSIAN:
        return check_identity(m, dc, sc, c);
    case CLAIM_FIM:
        return check_fim(m, dc, sc, A, c);
    case CLAIM_JEFFREYS_PROP:
    case CLAIM_JEFFREYS_EQ:
        return check_jeffreys(m, dc, sc, A, c);
    case CLAIM_MEAN:
    case CLAIM_VAR:
        return check_moment(m, dc, sc, A, c);
    case CLAIM_EXPFAM: {
        expfam *ef = analysis(m, dc, sc, A, -1);
        if (ef->split)
            return verified("exact: logp = sum eta_k(theta) T_k(x) + a(theta) + b(x)");
        return unverified("no split of logp into sum eta_k(theta) T_k(x) + a(theta) + b(x) was "
                          "found",
                          ef->reason);
    }
    }
    return unverified("unknown claim", NULL);
}

void claims_init(claims_ctx *A, model *m)
{
    A->m = m;
    diff_init(&A->dc, m->ex);
    A->sc = simp_new(m->ex);
    A->n = m->nreparams + 1;
    A->done = xcalloc((size_t)A->n, sizeof *A->done);
    A->ef = xcalloc((size_t)A->n, sizeof *A->ef);
}

void claims_free(claims_ctx *A)
{
    for (int i = 0; i < A->n; i++)
        if (A->done[i])
            expfam_free(&A->ef[i]);
    free(A->ef);
    free(A->done);
    simp_free(A->sc);
    diff_free(&A->dc);
}

claim_outcome claims_verify(claims_ctx *A, const claim *c)
{
    return check_claim(A->m, &A->dc, A->sc, A, c);
}
