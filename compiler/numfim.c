/* compiler/numfim.c — the FIM at a point by sums and quadrature (see numfim.h). */
#include "numfim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "eval.h"
#include "expfam.h"
#include "fimrt.h"
#include "tape.h"
#include "util.h"

#define MAX_FINITE_TERMS 10000000L
#define MAX_SUM_TERMS 100000000UL

/* The integrand: logp, score and Hessian from one tape; the components are
 * p, p*s_i*s_j (i <= j) and -p*H_ij (i <= j). */
typedef struct integrand {
    fimrt_tape_state st;
    int d, P;      /* parameters, upper-triangle entries */
    mpfr_t *in;    /* d parameters, then x */
    mpfr_t *out;   /* logp, s (d), H (P) */
    mpfr_t p, t;
    /* Nodes next to a finite end of the support come with more bits than the working
     * precision (so that 1 - x is exact near x = 1): they run on a second tape state at
     * PREC(x) + 32 bits, made (and remade larger) when needed. */
    const fimrt_tape *rt;
    fimrt_tape_state hi;
    mpfr_prec_t hi_prec, tprec;
    mpfr_t *hin, *hout;
} integrand;

static void hi_clear(integrand *I)
{
    if (!I->hi_prec)
        return;
    for (int i = 0; i <= I->d; i++)
        mpfr_clear(I->hin[i]);
    for (int i = 0; i < 1 + I->d + I->P; i++)
        mpfr_clear(I->hout[i]);
    free(I->hin);
    free(I->hout);
    fimrt_tape_state_clear(&I->hi);
    I->hi_prec = 0;
}

static bool hi_ready(integrand *I, mpfr_prec_t need)
{
    if (I->hi_prec >= need)
        return true;
    /* grow geometrically: nodes approach an end with ever more bits */
    if (need < 2 * I->hi_prec)
        need = 2 * I->hi_prec;
    hi_clear(I);
    if (fimrt_tape_state_init(&I->hi, I->rt, need) != FIMRT_OK)
        return false;
    I->hi_prec = need;
    I->hin = xmalloc((size_t)(I->d + 1) * sizeof *I->hin);
    I->hout = xmalloc((size_t)(1 + I->d + I->P) * sizeof *I->hout);
    for (int i = 0; i <= I->d; i++) {
        mpfr_init2(I->hin[i], need);
        if (i < I->d)
            mpfr_set(I->hin[i], I->in[i], MPFR_RNDN);
    }
    for (int i = 0; i < 1 + I->d + I->P; i++)
        mpfr_init2(I->hout[i], need);
    return true;
}

/* y from the tape's outputs in I->out: p = exp(logp), p s_i s_j, -p H_ij. */
static void components(integrand *I, mpfr_t *y)
{
    mpfr_exp(I->p, I->out[0], MPFR_RNDN);
    mpfr_set(y[0], I->p, MPFR_RNDN);
    int k = 0;
    for (int i = 0; i < I->d; i++)
        for (int j = i; j < I->d; j++, k++) {
            mpfr_mul(I->t, I->out[1 + i], I->out[1 + j], MPFR_RNDN);
            mpfr_mul(y[1 + k], I->t, I->p, MPFR_RNDN);
            mpfr_mul(I->t, I->out[1 + I->d + k], I->p, MPFR_RNDN);
            mpfr_neg(y[1 + I->P + k], I->t, MPFR_RNDN);
        }
}

static int fill(integrand *I, mpfr_t *y)
{
    if (fimrt_tape_eval(&I->st, I->in, I->out) != FIMRT_OK)
        return 1;
    components(I, y);
    return 0;
}

/* fill() on the high-precision state (its outputs rounded into I->out). */
static int fill_hi(integrand *I, const mpfr_t x, mpfr_t *y)
{
    mpfr_set(I->hin[I->d], x, MPFR_RNDN);
    if (fimrt_tape_eval(&I->hi, I->hin, I->hout) != FIMRT_OK)
        return 1;
    for (int i = 0; i < 1 + I->d + I->P; i++)
        mpfr_set(I->out[i], I->hout[i], MPFR_RNDN);
    components(I, y);
    return 0;
}

static int at_x(mpfr_t *y, const mpfr_t x, void *ctx)
{
    integrand *I = ctx;
    if (mpfr_get_prec(x) > I->tprec + 32) {
        if (!hi_ready(I, mpfr_get_prec(x) + 32))
            return 1;
        return fill_hi(I, x, y);
    }
    mpfr_set(I->in[I->d], x, MPFR_RNDN);
    return fill(I, y);
}

static int at_k(mpfr_t *y, long k, void *ctx)
{
    integrand *I = ctx;
    mpfr_set_si(I->in[I->d], k, MPFR_RNDN);
    return fill(I, y);
}

typedef struct set_ctx {
    integrand *I;
    mpfr_t *vals;
} set_ctx;

static int at_elem(mpfr_t *y, long k, void *ctx)
{
    set_ctx *S = ctx;
    mpfr_set(S->I->in[S->I->d], S->vals[k], MPFR_RNDN);
    return fill(S->I, y);
}

static bool const_value(model *m, eval_ctx *ev, expr *e, mpfr_t out)
{
    return e && eval_expr(ev, out, model_const_values(m, e)) == EVAL_OK;
}

/* Split points: where an abs or sign argument that is linear in x vanishes. */
static void find_kinks(model *m, diff_ctx *dc, eval_ctx *ev, const expr *e, int xs,
                       ptrvec *seen, ptrvec *kinks, mpfr_prec_t prec)
{
    for (size_t i = 0; i < seen->n; i++)
        if (seen->v[i] == e)
            return;
    pv_push(seen, (void *)e);
    if (e->kind == EXPR_FN && (e->fn == FN_ABS || e->fn == FN_SIGN)) {
        expr *u = e->args[0];
        expr *du = diff(dc, u, xs);
        if (!expr_is_zero(du) && !expr_has_sym(m->ex, du, xs)) {
            /* u = du*x + u0: the kink is at x = -u0/du, u0 = u at x = 0 */
            mpfr_t zero, u0, d1, *k = xmalloc(sizeof *k);
            mpfr_inits2(prec, zero, u0, d1, (mpfr_ptr)0);
            mpfr_init2(*k, prec);
            mpfr_set_ui(zero, 0, MPFR_RNDN);
            eval_set(ev, xs, zero);
            if (eval_expr(ev, u0, model_const_values(m, u)) == EVAL_OK &&
                eval_expr(ev, d1, model_const_values(m, du)) == EVAL_OK) {
                mpfr_div(*k, u0, d1, MPFR_RNDN);
                mpfr_neg(*k, *k, MPFR_RNDN);
                pv_push(kinks, k);
            } else {
                mpfr_clear(*k);
                free(k);
            }
            mpfr_clears(zero, u0, d1, (mpfr_ptr)0);
        }
    }
    for (uint32_t i = 0; i < e->nargs; i++)
        find_kinks(m, dc, ev, e->args[i], xs, seen, kinks, prec);
}

/* The mode of p(x | theta) by damped Newton on d logp/dx, inside (lo, hi); scale =
 * 1/sqrt(-d2 logp/dx2) there. False when no interior mode was found. */
static bool find_mode(model *m, eval_ctx *ev, expr *dx, expr *dxx, int xs, const mpfr_t lo,
                      const mpfr_t hi, mpfr_t mode, mpfr_t scale)
{
    mpfr_prec_t prec = mpfr_get_prec(mode);
    mpfr_t x, g, h, step, trial;
    mpfr_inits2(prec, x, g, h, step, trial, (mpfr_ptr)0);
    /* a start inside */
    if (mpfr_inf_p(lo) && mpfr_inf_p(hi))
        mpfr_set_ui(x, 0, MPFR_RNDN);
    else if (mpfr_inf_p(hi))
        mpfr_add_ui(x, lo, 1, MPFR_RNDN);
    else if (mpfr_inf_p(lo))
        mpfr_sub_ui(x, hi, 1, MPFR_RNDN);
    else {
        mpfr_add(x, lo, hi, MPFR_RNDN);
        mpfr_div_2ui(x, x, 1, MPFR_RNDN);
    }
    bool ok = false;
    for (int it = 0; it < 200; it++) {
        eval_set(ev, xs, x);
        if (eval_expr(ev, g, dx) != EVAL_OK || eval_expr(ev, h, dxx) != EVAL_OK)
            break;
        if (mpfr_sgn(h) < 0) {
            mpfr_div(step, g, h, MPFR_RNDN);
            mpfr_neg(step, step, MPFR_RNDN);
        } else {
            /* not concave here: move uphill by a step of the size of x */
            mpfr_abs(step, x, MPFR_RNDN);
            if (mpfr_cmp_ui(step, 1) < 0)
                mpfr_set_ui(step, 1, MPFR_RNDN);
            if (mpfr_sgn(g) < 0)
                mpfr_neg(step, step, MPFR_RNDN);
        }
        /* stay strictly inside (lo, hi): halve the step while it would leave */
        for (int k = 0; k < 200; k++) {
            mpfr_add(trial, x, step, MPFR_RNDN);
            if ((mpfr_inf_p(lo) || mpfr_cmp(trial, lo) > 0) && (mpfr_inf_p(hi) || mpfr_cmp(trial, hi) < 0))
                break;
            mpfr_div_2ui(step, step, 1, MPFR_RNDN);
        }
        mpfr_set(x, trial, MPFR_RNDN);
        /* converged when the step is below 2^-(prec/2) of max(1, |x|) */
        mpfr_abs(trial, x, MPFR_RNDN);
        if (mpfr_cmp_ui(trial, 1) < 0)
            mpfr_set_ui(trial, 1, MPFR_RNDN);
        mpfr_mul_2si(trial, trial, -(long)prec / 2, MPFR_RNDN);
        if (mpfr_cmpabs(step, trial) <= 0 && mpfr_sgn(h) < 0) {
            ok = true;
            break;
        }
    }
    if (ok) {
        eval_set(ev, xs, x);
        ok = eval_expr(ev, h, dxx) == EVAL_OK && mpfr_sgn(h) < 0;
        if (ok) {
            mpfr_neg(h, h, MPFR_RNDN);
            mpfr_rec_sqrt(scale, h, MPFR_RNDN);
            mpfr_set(mode, x, MPFR_RNDN);
        }
    }
    mpfr_clears(x, g, h, step, trial, (mpfr_ptr)0);
    return ok;
}

/* One pass at working precision prec: res[0..1+2P) and err[..]. */
static int one_pass(model *m, const domain *dm, const fimrt_tape *rt, int d, mpfr_t *point,
                    const mpfr_t lo, const mpfr_t hi, mpfr_t *center, mpfr_t *scale,
                    mpfr_t *splits, size_t nsplits, mpfr_t *elems, long nelems, mpfr_t *res,
                    mpfr_t *err, mpfr_prec_t prec, const char **method, char **why)
{
    integrand I;
    memset(&I, 0, sizeof I);
    I.d = d;
    I.P = d * (d + 1) / 2;
    size_t ncomp = 1 + 2 * (size_t)I.P;
    mpfr_prec_t tprec = prec + 32;
    I.rt = rt;
    I.tprec = tprec;
    if (fimrt_tape_state_init(&I.st, rt, tprec) != FIMRT_OK) {
        *why = xstrdup("the tape could not be prepared (a constant is undefined)");
        return -1;
    }
    I.in = xmalloc((size_t)(d + 1) * sizeof *I.in);
    I.out = xmalloc((size_t)(1 + d + I.P) * sizeof *I.out);
    for (int i = 0; i <= d; i++) {
        mpfr_init2(I.in[i], tprec);
        if (i < d)
            mpfr_set(I.in[i], point[i], MPFR_RNDN);
    }
    for (int i = 0; i < 1 + d + I.P; i++)
        mpfr_init2(I.out[i], tprec);
    mpfr_inits2(tprec, I.p, I.t, (mpfr_ptr)0);
    long target = (long)prec - 16;
    int st;
    if (dm->kind == DOM_RANGE && dm->hi) {
        long a = mpfr_get_si(lo, MPFR_RNDN), b = mpfr_get_si(hi, MPFR_RNDN);
        *method = "sum";
        st = b - a > MAX_FINITE_TERMS ? FIMRT_INVALID
                                      : fimrt_sum_range_vec(res, err, ncomp, at_k, &I, a, b, prec);
    } else if (dm->kind == DOM_RANGE) {
        *method = "sum";
        st = fimrt_sum_vec(res, err, ncomp, at_k, &I, mpfr_get_si(lo, MPFR_RNDN), MAX_SUM_TERMS,
                           target, prec);
    } else if (dm->kind == DOM_SET) {
        *method = "sum";
        set_ctx S = {&I, elems};
        st = fimrt_sum_range_vec(res, err, ncomp, at_elem, &S, 0, nelems - 1, prec);
    } else {
        *method = "quadrature";
        fimrt_quad_ws_t ws;
        fimrt_quad_ws_init(ws);
        st = fimrt_quad_vec(res, err, ncomp, at_x, &I, lo, hi, center ? *center : NULL,
                            scale ? *scale : NULL, splits, nsplits, ws, target, prec);
        fimrt_quad_ws_clear(ws);
    }
    if (st != FIMRT_OK) {
        strbuf sb = {0};
        if (st == FIMRT_NOCONV)
            sb_printf(&sb, "the %s did not converge at %ld bits", *method, (long)prec);
        else if (st == FIMRT_EVALFAIL)
            sb_puts(&sb, "logp, its score or its Hessian could not be evaluated at some data "
                         "value (a pole or a domain error inside the support)");
        else
            sb_printf(&sb, "the %s could not be set up (status %d)", *method, st);
        *why = sb_take(&sb);
    }
    for (int i = 0; i <= d; i++)
        mpfr_clear(I.in[i]);
    for (int i = 0; i < 1 + d + I.P; i++)
        mpfr_clear(I.out[i]);
    free(I.in);
    free(I.out);
    mpfr_clears(I.p, I.t, (mpfr_ptr)0);
    hi_clear(&I);
    fimrt_tape_state_clear(&I.st);
    return st == FIMRT_OK ? 0 : -1;
}

/* -log10 of |a - b| relative to scale (capped). */
static int agree_digits(const mpfr_t diff, const mpfr_t scale, int cap)
{
    if (mpfr_zero_p(diff))
        return cap;
    if (mpfr_zero_p(scale))
        return 0;
    mpfr_t r;
    mpfr_init2(r, 64);
    mpfr_div(r, diff, scale, MPFR_RNDU);
    mpfr_abs(r, r, MPFR_RNDU);
    long e;
    double m = mpfr_get_d_2exp(&e, r, MPFR_RNDU);
    double l10 = log10(fabs(m)) + (double)e * 0.30102999566398120;
    mpfr_clear(r);
    int dg = (int)floor(-l10);
    return dg < 0 ? 0 : dg > cap ? cap : dg;
}

int numfim_compute(numfim *nf, model *m, expr *logp, const int *params, int d,
                   mpfr_t *point, int digits, long prec_override, char **err)
{
    memset(nf, 0, sizeof *nf);
    *err = NULL;
    if (m->ndata != 1 || m->ninputs != 0) {
        *err = xstrdup(m->ninputs ? "conditional models (inputs) are not available in this "
                                    "version of the numeric FIM"
                                  : "the numeric FIM of this version handles one data variable");
        return -1;
    }
    int xs = m->data[0];
    const decl *xd = expr_sym_get(m->ex, xs)->owner;
    const domain *dm = &xd->dom;
    mpfr_prec_t p1 = prec_override > 0 ? prec_override : (mpfr_prec_t)(digits * 3.33 + 40);
    mpfr_prec_t p2 = p1 + 64;
    int P = d * (d + 1) / 2;
    size_t ncomp = 1 + 2 * (size_t)P;

    /* the tape: inputs params..., x; outputs logp, score, Hessian (upper) */
    diff_ctx dc;
    diff_init(&dc, m->ex);
    expr **outs = xmalloc((size_t)(1 + d + P) * sizeof *outs);
    outs[0] = model_const_values(m, logp);
    for (int i = 0; i < d; i++)
        outs[1 + i] = diff(&dc, outs[0], params[i]);
    for (int i = 0, k = 0; i < d; i++)
        for (int j = i; j < d; j++, k++)
            outs[1 + d + k] = diff(&dc, outs[1 + i], params[j]);
    int *in = xmalloc((size_t)(d + 1) * sizeof *in);
    memcpy(in, params, (size_t)d * sizeof *in);
    in[d] = xs;
    tape_error terr;
    tape *t = tape_build(m->ex, (size_t)d + 1, in, (size_t)(1 + d + P), outs, NULL, &terr);
    int rc = -1;
    eval_ctx *ev = eval_new(m->ex, p2 + 32);
    mpfr_t lo, hi, center, scale;
    mpfr_inits2(p2 + 32, lo, hi, center, scale, (mpfr_ptr)0);
    ptrvec seen = {0}, kinks = {0};
    mpfr_t *elems = NULL;
    long nelems = 0;
    mpfr_t *r1 = NULL, *e1 = NULL, *r2 = NULL, *e2 = NULL;
    bool have_center = false;
    const char *method = "sum";
    if (!t) {
        *err = xstrdup("the model could not be lowered to a tape");
        goto done;
    }
    for (int i = 0; i < d; i++)
        eval_set(ev, params[i], point[i]);
    /* the support */
    mpfr_set_inf(lo, -1);
    mpfr_set_inf(hi, 1);
    if ((dm->lo && !const_value(m, ev, dm->lo, lo)) || (dm->hi && !const_value(m, ev, dm->hi, hi))) {
        *err = xstrdup("a bound of the support could not be evaluated");
        goto done;
    }
    if (dm->kind == DOM_SET) {
        nelems = dm->nelems;
        elems = xmalloc((size_t)nelems * sizeof *elems);
        for (long i = 0; i < nelems; i++) {
            mpfr_init2(elems[i], p2 + 32);
            const_value(m, ev, dm->elems[i], elems[i]);
        }
    } else if (dm->kind != DOM_RANGE) {
        expr *dx = diff(&dc, outs[0], xs), *dxx = diff(&dc, dx, xs);
        have_center = find_mode(m, ev, dx, dxx, xs, lo, hi, center, scale);
        find_kinks(m, &dc, ev, outs[0], xs, &seen, &kinks, p2 + 32);
    }
    /* drop kinks outside the support */
    size_t nk = 0;
    mpfr_t *splits = xmalloc((kinks.n + 1) * sizeof *splits);
    for (size_t i = 0; i < kinks.n; i++) {
        mpfr_ptr k = *(mpfr_t *)kinks.v[i];
        if ((mpfr_inf_p(lo) || mpfr_cmp(k, lo) > 0) && (mpfr_inf_p(hi) || mpfr_cmp(k, hi) < 0)) {
            mpfr_init2(splits[nk], p2 + 32);
            mpfr_set(splits[nk++], k, MPFR_RNDN);
        }
    }
    r1 = xmalloc(ncomp * sizeof *r1);
    e1 = xmalloc(ncomp * sizeof *e1);
    r2 = xmalloc(ncomp * sizeof *r2);
    e2 = xmalloc(ncomp * sizeof *e2);
    for (size_t i = 0; i < ncomp; i++) {
        mpfr_inits2(p1, r1[i], e1[i], (mpfr_ptr)0);
        mpfr_inits2(p2, r2[i], e2[i], (mpfr_ptr)0);
    }
    int s1 = one_pass(m, dm, tape_runtime(t), d, point, lo, hi, have_center ? &center : NULL,
                      have_center ? &scale : NULL, splits, nk, elems, nelems, r1, e1, p1, &method,
                      err);
    int s2 = s1 ? s1
                : one_pass(m, dm, tape_runtime(t), d, point, lo, hi, have_center ? &center : NULL,
                           have_center ? &scale : NULL, splits, nk, elems, nelems, r2, e2, p2,
                           &method, err);
    for (size_t i = 0; i < nk; i++)
        mpfr_clear(splits[i]);
    free(splits);
    if (s1 || s2)
        goto done;
    /* results at the higher precision; digits from the two passes and the estimates */
    nf->d = d;
    nf->method = method;
    nf->ess = xmalloc((size_t)(d * d) * sizeof *nf->ess);
    nf->neh = xmalloc((size_t)(d * d) * sizeof *nf->neh);
    mpfr_init2(nf->mass, p2);
    mpfr_set(nf->mass, r2[0], MPFR_RNDN);
    for (int i = 0, k = 0; i < d; i++)
        for (int j = i; j < d; j++, k++) {
            mpfr_init2(nf->ess[i * d + j], p2);
            mpfr_init2(nf->neh[i * d + j], p2);
            mpfr_set(nf->ess[i * d + j], r2[1 + k], MPFR_RNDN);
            mpfr_set(nf->neh[i * d + j], r2[1 + P + k], MPFR_RNDN);
            if (j != i) {
                mpfr_init2(nf->ess[j * d + i], p2);
                mpfr_init2(nf->neh[j * d + i], p2);
                mpfr_set(nf->ess[j * d + i], r2[1 + k], MPFR_RNDN);
                mpfr_set(nf->neh[j * d + i], r2[1 + P + k], MPFR_RNDN);
            }
        }
    {
        int cap = (int)(p1 * 0.30103) - 2;
        mpfr_t big, dif;
        mpfr_inits2(p2, big, dif, (mpfr_ptr)0);
        mpfr_set_ui(big, 0, MPFR_RNDN);
        for (int k = 0; k < P; k++)
            if (mpfr_cmpabs(r2[1 + k], big) > 0)
                mpfr_abs(big, r2[1 + k], MPFR_RNDN);
        int dg = cap, ag = cap;
        for (size_t k = 1; k < ncomp; k++) {
            /* |r1 - r2| and the estimates of both passes */
            mpfr_sub(dif, r1[k], r2[k], MPFR_RNDN);
            mpfr_abs(dif, dif, MPFR_RNDU);
            if (mpfr_cmp(e1[k], dif) > 0)
                mpfr_set(dif, e1[k], MPFR_RNDU);
            int g = agree_digits(dif, big, cap) - 1;
            if (g < dg)
                dg = g;
        }
        for (int k = 0; k < P; k++) {
            mpfr_sub(dif, r2[1 + k], r2[1 + P + k], MPFR_RNDN);
            int g = agree_digits(dif, big, cap);
            if (g < ag)
                ag = g;
        }
        nf->digits = dg < 0 ? 0 : dg;
        /* an agreement is claimed only to the digits each form was verified to */
        nf->agreement = ag > nf->digits ? nf->digits : ag;
        mpfr_clears(big, dif, (mpfr_ptr)0);
    }
    rc = 0;
done:
    if (r1) {
        for (size_t i = 0; i < ncomp; i++)
            mpfr_clears(r1[i], e1[i], r2[i], e2[i], (mpfr_ptr)0);
        free(r1);
        free(e1);
        free(r2);
        free(e2);
    }
    for (size_t i = 0; i < kinks.n; i++) {
        mpfr_clear(*(mpfr_t *)kinks.v[i]);
        free(kinks.v[i]);
    }
    pv_free(&kinks);
    pv_free(&seen);
    for (long i = 0; i < nelems; i++)
        mpfr_clear(elems[i]);
    free(elems);
    mpfr_clears(lo, hi, center, scale, (mpfr_ptr)0);
    eval_free(ev);
    if (t)
        tape_free(t);
    free(in);
    free(outs);
    diff_free(&dc);
    return rc;
}

void numfim_clear(numfim *nf)
{
    if (!nf->ess)
        return;
    for (int i = 0; i < nf->d * nf->d; i++) {
        mpfr_clear(nf->ess[i]);
        mpfr_clear(nf->neh[i]);
    }
    free(nf->ess);
    free(nf->neh);
    mpfr_clear(nf->mass);
    memset(nf, 0, sizeof *nf);
}

char *numfim_format(const mpfr_t v, int digits)
{
    if (mpfr_zero_p(v))
        return xstrdup("0");
    mpfr_exp_t e;
    char *s = mpfr_get_str(NULL, &e, 10, (size_t)digits, v, MPFR_RNDN);
    const char *dg = s[0] == '-' ? s + 1 : s;
    strbuf sb = {0};
    if (s[0] == '-')
        sb_putc(&sb, '-');
    size_t n = strlen(dg);
    if (e > 0 && e <= 21) {
        /* ddd.ddd (integer digits, then the rest) */
        for (size_t i = 0; i < (size_t)e; i++)
            sb_putc(&sb, i < n ? dg[i] : '0');
        if ((size_t)e < n) {
            sb_putc(&sb, '.');
            sb_puts(&sb, dg + e);
        }
    } else if (e <= 0 && e > -6) {
        sb_puts(&sb, "0.");
        for (mpfr_exp_t i = 0; i < -e; i++)
            sb_putc(&sb, '0');
        sb_puts(&sb, dg);
    } else {
        sb_putc(&sb, dg[0]);
        if (n > 1) {
            sb_putc(&sb, '.');
            sb_puts(&sb, dg + 1);
        }
        sb_printf(&sb, "e%+ld", (long)(e - 1));
    }
    mpfr_free_str(s);
    return sb_take(&sb);
}
