/* compiler/num/numcheck.c — numeric verification at seeded points (see numcheck.h). */
#include "numcheck.h"

#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "argdom.h"
#include "eval.h"
#include "fimrt.h"
#include "expfam.h"
#include "numfim.h"

#define MAX_TRIES (4 * NUMCHECK_POINTS)

/* A deterministic uniform in [0.05, 0.95] for (point, symbol): a fixed-seed hash. */
static double seeded_u(int point, int sym)
{
    uint64_t z = 0x9E3779B97F4A7C15ULL * (uint64_t)(point + 1) + 0xD1B54A32D192ED03ULL * (uint64_t)(sym + 1) +
                 20261125ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return 0.05 + 0.9 * (double)(z >> 11) / 9007199254740992.0;
}

/* The value of a const-valued bound (consts substituted), or false. */
static bool bound_value(model *m, eval_ctx *ev, expr *b, mpfr_t out)
{
    return eval_expr(ev, out, model_const_values(m, b)) == EVAL_OK;
}

/* A point of a domain or support from u in (0, 1). Discrete supports give integers in
 * them; continuous ones a point inside (away from the ends). */
static bool sample(model *m, eval_ctx *ev, const domain *dm, double u, mpfr_t out)
{
    mpfr_prec_t prec = mpfr_get_prec(out);
    mpfr_t lo, hi;
    mpfr_inits2(prec, lo, hi, (mpfr_ptr)0);
    bool ok = true;
    switch (dm->kind) {
    case DOM_REAL:
        mpfr_set_d(out, 4.0 * (u - 0.5), MPFR_RNDN);
        break;
    case DOM_INTERVAL: {
        bool has_lo = dm->lo && bound_value(m, ev, dm->lo, lo);
        bool has_hi = dm->hi && bound_value(m, ev, dm->hi, hi);
        if ((dm->lo && !has_lo) || (dm->hi && !has_hi)) {
            ok = false;
        } else if (has_lo && has_hi) { /* lo + (hi - lo) u */
            mpfr_sub(out, hi, lo, MPFR_RNDN);
            mpfr_mul_d(out, out, u, MPFR_RNDN);
            mpfr_add(out, out, lo, MPFR_RNDN);
        } else if (has_lo) { /* lo + 3u/(1 - u) */
            mpfr_set_d(out, 3.0 * u / (1.0 - u), MPFR_RNDN);
            mpfr_add(out, out, lo, MPFR_RNDN);
        } else if (has_hi) {
            mpfr_set_d(out, -3.0 * u / (1.0 - u), MPFR_RNDN);
            mpfr_add(out, out, hi, MPFR_RNDN);
        } else {
            mpfr_set_d(out, 4.0 * (u - 0.5), MPFR_RNDN);
        }
        break;
    }
    case DOM_RANGE: {
        if (!bound_value(m, ev, dm->lo, lo)) {
            ok = false;
            break;
        }
        double width = 8.0;
        if (dm->hi) {
            if (!bound_value(m, ev, dm->hi, hi)) {
                ok = false;
                break;
            }
            mpfr_sub(hi, hi, lo, MPFR_RNDN);
            width = mpfr_get_d(hi, MPFR_RNDN) + 1.0;
        }
        mpfr_set_d(out, (double)(long)(u * width), MPFR_RNDN);
        mpfr_add(out, out, lo, MPFR_RNDN);
        break;
    }
    case DOM_SET: {
        int i = (int)(u * dm->nelems);
        ok = bound_value(m, ev, dm->elems[i < dm->nelems ? i : dm->nelems - 1], out);
        break;
    }
    }
    mpfr_clears(lo, hi, (mpfr_ptr)0);
    return ok;
}

static const domain *domain_of(const model *m, int sym)
{
    const decl *dc = expr_sym_get(m->ex, sym)->owner;
    return dc ? &dc->dom : NULL;
}

/* Sets every coordinate, data variable and input at point p; false when a domain bound
 * could not be evaluated. The point is described in *desc. */
static bool set_point(model *m, eval_ctx *ev, const int *params, int d, bool with_data, int p,
                      strbuf *desc)
{
    mpfr_t v;
    mpfr_init2(v, NUMCHECK_PREC);
    bool ok = true;
    sb_reset(desc);
    for (int pass = 0; pass < 3 && ok; pass++) {
        int n = pass == 0 ? d : pass == 1 ? (with_data ? m->ndata : 0) : (with_data ? m->ninputs : 0);
        const int *syms = pass == 0 ? params : pass == 1 ? m->data : m->inputs;
        for (int i = 0; i < n && ok; i++) {
            int s = syms[i];
            double u = seeded_u(p, s);
            const decl *dc = expr_sym_get(m->ex, s)->owner;
            if (pass == 2) {
                if (dc && dc->has_values && dc->nvalues > 0)
                    ok = bound_value(m, ev, dc->values[p % dc->nvalues], v);
                else
                    mpfr_set_d(v, 4.0 * (u - 0.5), MPFR_RNDN);
            } else {
                ok = sample(m, ev, domain_of(m, s), u, v);
            }
            if (!ok)
                break;
            eval_set(ev, s, v);
            sb_printf(desc, "%s%s=%.6g", sb_str(desc)[0] ? ", " : "", expr_sym_get(m->ex, s)->name,
                      mpfr_get_d(v, MPFR_RNDN));
        }
    }
    mpfr_clear(v);
    return ok;
}

numcheck_result numcheck_equal(model *m, const int *params, int d, bool with_data,
                               expr *const *have, expr *const *want, int n, int cols,
                               int *digits, char **why)
{
    *why = NULL;
    *digits = (int)((NUMCHECK_PREC - NUMCHECK_GUARD_BITS) * 0.30103);
    eval_ctx *ev = eval_new(m->ex, NUMCHECK_PREC);
    mpfr_t a, b, diff, scale;
    mpfr_inits2(NUMCHECK_PREC, a, b, diff, scale, (mpfr_ptr)0);
    strbuf desc = {0};
    int good = 0;
    numcheck_result res = NUMCHECK_EQUAL;
    for (int p = 0; p < MAX_TRIES && good < NUMCHECK_POINTS && res == NUMCHECK_EQUAL; p++) {
        if (!set_point(m, ev, params, d, with_data, p, &desc))
            continue;
        bool evaluated = true;
        for (int i = 0; i < n && res == NUMCHECK_EQUAL; i++) {
            if (eval_expr(ev, a, model_const_values(m, have[i])) != EVAL_OK ||
                eval_expr(ev, b, model_const_values(m, want[i])) != EVAL_OK) {
                evaluated = false;
                break;
            }
            /* |a - b| <= 2^-(prec - guard) max(1, |a|, |b|) */
            mpfr_sub(diff, a, b, MPFR_RNDN);
            mpfr_abs(diff, diff, MPFR_RNDN);
            mpfr_set_ui(scale, 1, MPFR_RNDN);
            if (mpfr_cmpabs(a, scale) > 0)
                mpfr_abs(scale, a, MPFR_RNDN);
            if (mpfr_cmpabs(b, scale) > 0)
                mpfr_abs(scale, b, MPFR_RNDN);
            mpfr_mul_2si(scale, scale, -(NUMCHECK_PREC - NUMCHECK_GUARD_BITS), MPFR_RNDN);
            if (mpfr_cmp(diff, scale) > 0) {
                strbuf sb = {0};
                if (cols > 0)
                    sb_printf(&sb, "at %s, entry [%d, %d] is %.10g but the claim gives %.10g",
                              sb_str(&desc), i / cols + 1, i % cols + 1, mpfr_get_d(a, MPFR_RNDN),
                              mpfr_get_d(b, MPFR_RNDN));
                else if (n > 1)
                    sb_printf(&sb, "at %s, entry [%d] is %.10g but the claim gives %.10g",
                              sb_str(&desc), i + 1, mpfr_get_d(a, MPFR_RNDN), mpfr_get_d(b, MPFR_RNDN));
                else
                    sb_printf(&sb, "at %s the value is %.10g but the claim gives %.10g",
                              sb_str(&desc), mpfr_get_d(a, MPFR_RNDN), mpfr_get_d(b, MPFR_RNDN));
                *why = sb_take(&sb);
                res = NUMCHECK_DIFFERENT;
            }
        }
        if (evaluated && res == NUMCHECK_EQUAL)
            good++;
    }
    if (res == NUMCHECK_EQUAL && good < NUMCHECK_POINTS) {
        strbuf sb = {0};
        sb_printf(&sb, "only %d of %d seeded points could be evaluated", good, NUMCHECK_POINTS);
        *why = sb_take(&sb);
        res = NUMCHECK_UNDECIDED;
    }
    sb_free(&desc);
    mpfr_clears(a, b, diff, scale, (mpfr_ptr)0);
    eval_free(ev);
    return res;
}

/* ---- expectations at seeded points ----------------------------------------------------
 * FIM, moment and normalisation checks share one loop: seeded parameter points, each
 * handed to a per-point check that computes the expectation (numfim.c) and compares. */

enum { EXPECT_DIGITS = 20, MIN_DIGITS = 10 };
/* The total probability is checked to 12 digits: enough to tell a normalised model from one
 * that is not (the mistakes are constants and truncations, not 1e-15), and 8 points of a
 * nested rule at 24 digits took minutes. */
enum { MASS_DIGITS = 12 };

typedef enum pt_result {
    PT_OK,        /* agreed; *dg digits verified */
    PT_SKIP,      /* not computed here (*why may say why): try another point */
    PT_DIFFERENT, /* a counterexample, in *why */
} pt_result;

/* Checks one point: the parameters are in vals (and set in ev), desc describes it. */
typedef pt_result (*point_check)(model *m, eval_ctx *ev, mpfr_t *vals, int p, strbuf *desc,
                                 void *ctx, int *dg, char **why);

static void set_why(char **why, strbuf *sb)
{
    free(*why);
    *why = sb_take(sb);
}

/* PT_SKIP for a point where fewer than MIN_DIGITS digits of `what` were verified. */
static pt_result too_few_digits(char **why, strbuf *desc, int dg, const char *what)
{
    strbuf sb = {0};
    sb_printf(&sb, "at %s only %d digits of %s could be verified", sb_str(desc), dg, what);
    set_why(why, &sb);
    return PT_SKIP;
}

/* Runs f at seeded points of params[0..d) until NUMCHECK_POINTS agree, one differs, or
 * MAX_TRIES points were tried; `what` names the quantity in the undecided message. */
static numcheck_result at_seeded_points(model *m, const int *params, int d, const char *what,
                                        point_check f, void *ctx, int *digits, char **why)
{
    *why = NULL;
    *digits = 1000;
    if (numfim_rows(m, why) < 0)
        return NUMCHECK_UNDECIDED;
    eval_ctx *ev = eval_new(m->ex, NUMCHECK_PREC);
    mpfr_t *vals = xmalloc((size_t)(d ? d : 1) * sizeof *vals);
    for (int i = 0; i < d; i++)
        mpfr_init2(vals[i], NUMCHECK_PREC);
    strbuf desc = {0};
    int good = 0, skipped = 0;
    numcheck_result res = NUMCHECK_EQUAL;
    for (int p = 0; p < MAX_TRIES && good < NUMCHECK_POINTS && res == NUMCHECK_EQUAL; p++) {
        if (!set_point(m, ev, params, d, false, p, &desc))
            continue;
        bool ok = true;
        for (int i = 0; i < d && ok; i++)
            ok = sample(m, ev, domain_of(m, params[i]), seeded_u(p, params[i]), vals[i]);
        if (!ok)
            continue;
        /* three points in a row that could not be computed before any could: systematic
         * (a sum that does not converge, a density that cannot be evaluated), undecided
         * without paying for the other tries */
        if (good == 0 && skipped >= 3)
            break;
        int dg = 0;
        pt_result r = f(m, ev, vals, p, &desc, ctx, &dg, why);
        if (r == PT_SKIP)
            skipped++;
        if (r == PT_DIFFERENT) {
            res = NUMCHECK_DIFFERENT;
        } else if (r == PT_OK) {
            good++;
            if (dg < *digits)
                *digits = dg;
        }
    }
    if (res == NUMCHECK_EQUAL && good < NUMCHECK_POINTS) {
        strbuf sb = {0};
        sb_printf(&sb, "the %s could be computed at only %d of %d seeded points%s%s", what, good,
                  NUMCHECK_POINTS, *why ? ": " : "", *why ? *why : "");
        set_why(why, &sb);
        res = NUMCHECK_UNDECIDED;
    } else if (res == NUMCHECK_EQUAL) {
        free(*why);
        *why = NULL;
    }
    sb_free(&desc);
    for (int i = 0; i < d; i++)
        mpfr_clear(vals[i]);
    free(vals);
    eval_free(ev);
    return res;
}

/* |have - w| <= 10^-(dg - 1) scale */
static bool within(const mpfr_t have, const mpfr_t w, const mpfr_t scale, int dg)
{
    mpfr_t diff, tol;
    mpfr_inits2(NUMCHECK_PREC, diff, tol, (mpfr_ptr)0);
    mpfr_sub(diff, have, w, MPFR_RNDN);
    mpfr_abs(diff, diff, MPFR_RNDN);
    mpfr_set_d(tol, pow(10.0, -(dg - 1)), MPFR_RNDN);
    mpfr_mul(tol, tol, scale, MPFR_RNDN);
    bool in = mpfr_cmp(diff, tol) <= 0;
    mpfr_clears(diff, tol, (mpfr_ptr)0);
    return in;
}

typedef struct fim_ctx {
    expr *logp;
    const int *params;
    int d;
    expr *const *want;
} fim_ctx;

static pt_result fim_point(model *m, eval_ctx *ev, mpfr_t *vals, int p, strbuf *desc, void *ctx,
                           int *dg, char **why)
{
    fim_ctx *C = ctx;
    int d = C->d;
    numfim nf;
    char *err = NULL;
    /* the model's FIM: for a conditional model the mean over the rows (claims cannot name
     * an input) */
    if (numfim_compute(&nf, m, C->logp, C->params, d, vals, -1, EXPECT_DIGITS + 4, 0, &err)) {
        free(*why);
        *why = err;
        return PT_SKIP;
    }
    *dg = nf.digits < EXPECT_DIGITS ? nf.digits : EXPECT_DIGITS;
    pt_result r = PT_OK;
    if (*dg < MIN_DIGITS) {
        r = too_few_digits(why, desc, *dg, "the FIM");
    } else {
        mpfr_t w, big;
        mpfr_inits2(NUMCHECK_PREC, w, big, (mpfr_ptr)0);
        mpfr_set_ui(big, 0, MPFR_RNDN);
        for (int i = 0; i < d * d; i++)
            if (mpfr_cmpabs(nf.ess[i], big) > 0)
                mpfr_abs(big, nf.ess[i], MPFR_RNDN);
        for (int i = 0; i < d * d && r == PT_OK; i++) {
            if (eval_expr(ev, w, model_const_values(m, C->want[i])) != EVAL_OK) {
                r = PT_SKIP;
            } else if (!within(nf.ess[i], w, big, *dg)) { /* relative to max |F| */
                strbuf sb = {0};
                char *fv = numfim_format(nf.ess[i], *dg > 12 ? 12 : *dg);
                sb_printf(&sb, "at %s, entry [%d, %d] of E[s s^T] is %s but the claim gives %.10g",
                          sb_str(desc), i / d + 1, i % d + 1, fv, mpfr_get_d(w, MPFR_RNDN));
                free(fv);
                set_why(why, &sb);
                r = PT_DIFFERENT;
            }
        }
        mpfr_clears(w, big, (mpfr_ptr)0);
    }
    numfim_clear(&nf);
    (void)p;
    return r;
}

numcheck_result numcheck_fim(model *m, expr *logp, const int *params, int d, expr *const *want,
                             int *digits, char **why)
{
    fim_ctx C = {logp, params, d, want};
    return at_seeded_points(m, params, d, "FIM", fim_point, &C, digits, why);
}

typedef struct moment_ctx {
    bool variance;
    expr *arg, *want;
} moment_ctx;

static pt_result moment_point(model *m, eval_ctx *ev, mpfr_t *vals, int p, strbuf *desc,
                              void *ctx, int *dg, char **why)
{
    moment_ctx *C = ctx;
    const char *what = C->variance ? "the variance" : "the mean";
    mpfr_t w, scale;
    mpfr_inits2(NUMCHECK_PREC, w, scale, (mpfr_ptr)0);
    pt_result r = PT_SKIP;
    numexp ne = {0};
    char *err = NULL;
    if (eval_expr(ev, w, model_const_values(m, C->want)) != EVAL_OK)
        goto done;
    /* conditional models: the mean over the input rows (claims cannot name an input) */
    if (numexp_compute(&ne, m, m->logp, m->params, m->nparams, vals, -1, &C->arg, 1,
                       EXPECT_DIGITS + 4, 0, &err)) {
        free(*why);
        *why = err;
        goto done;
    }
    *dg = C->variance ? ne.var_digits[0] : ne.mean_digits[0];
    if (*dg > EXPECT_DIGITS)
        *dg = EXPECT_DIGITS;
    if (*dg < MIN_DIGITS) {
        r = too_few_digits(why, desc, *dg, what);
        goto done;
    }
    mpfr_srcptr have = C->variance ? ne.var[0] : ne.mean[0];
    /* the scale the digits are relative to (numfim.h) */
    if (C->variance) {
        mpfr_abs(scale, have, MPFR_RNDN);
    } else {
        mpfr_sqr(scale, ne.mean[0], MPFR_RNDN);
        mpfr_add(scale, scale, ne.var[0], MPFR_RNDN);
        mpfr_abs(scale, scale, MPFR_RNDN);
        mpfr_sqrt(scale, scale, MPFR_RNDN);
        if (mpfr_cmpabs(have, scale) > 0)
            mpfr_abs(scale, have, MPFR_RNDN);
    }
    r = PT_OK;
    if (!within(have, w, scale, *dg)) {
        strbuf sb = {0};
        char *fv = numfim_format(have, *dg > 12 ? 12 : *dg);
        sb_printf(&sb, "at %s, %s is %s but the claim gives %.10g", sb_str(desc), what, fv,
                  mpfr_get_d(w, MPFR_RNDN));
        free(fv);
        set_why(why, &sb);
        r = PT_DIFFERENT;
    }
done:
    numexp_clear(&ne);
    mpfr_clears(w, scale, (mpfr_ptr)0);
    (void)p;
    return r;
}

numcheck_result numcheck_moment(model *m, bool variance, expr *arg, expr *want, int *digits,
                                char **why)
{
    moment_ctx C = {variance, arg, want};
    return at_seeded_points(m, m->params, m->nparams, variance ? "variance" : "mean",
                            moment_point, &C, digits, why);
}

static pt_result mass_point(model *m, eval_ctx *ev, mpfr_t *vals, int p, strbuf *desc,
                            void *ctx, int *dg, char **why)
{
    char *err = NULL;
    int rows = numfim_rows(m, &err);
    free(err);
    int row = rows > 0 ? p % rows : 0; /* each seeded point its input row, in turn */
    if (m->ninputs)
        sb_printf(desc, " (input row %d)", row + 1);
    numexp ne;
    if (numexp_compute(&ne, m, m->logp, m->params, m->nparams, vals, row, NULL, 0,
                       MASS_DIGITS + 4, 0, &err)) {
        free(*why);
        *why = err;
        return PT_SKIP;
    }
    *dg = ne.mass_digits > MASS_DIGITS ? MASS_DIGITS : ne.mass_digits;
    mpfr_t one;
    mpfr_init2(one, NUMCHECK_PREC);
    mpfr_set_ui(one, 1, MPFR_RNDN);
    pt_result r = PT_OK;
    if (*dg >= 2 && !within(ne.mass, one, one, *dg)) {
        /* not 1, to the digits verified (two are enough to say so) */
        strbuf sb = {0};
        char *fv = numfim_format(ne.mass, *dg > 12 ? 12 : *dg);
        sb_printf(&sb, "at %s p(x | theta) %s to %s, not 1", sb_str(desc),
                  strcmp(ne.method, "sum") == 0 ? "sums" : "integrates", fv);
        free(fv);
        set_why(why, &sb);
        r = PT_DIFFERENT;
    } else if (*dg < MIN_DIGITS) {
        r = too_few_digits(why, desc, *dg, "the total probability");
    }
    mpfr_clear(one);
    numexp_clear(&ne);
    (void)ev;
    return r;
}

/* ---- Jeffreys claims ------------------------------------------------------------------ */

typedef struct jeff_ctx {
    expr *logp;
    const int *params;
    int d;
    expr *det;        /* a closed form of det F, or NULL: E[s s^T] numerically */
    expr *want;
    bool proportional;
    bool have_first;  /* proportional: the first point's ratio */
    mpfr_t r0;
    int dg0;
    char *desc0;
} jeff_ctx;

/* +sqrt(det F) at the point into J, with *dg its verified digits; PT_SKIP when it could not
 * be had. Numerically, det F of the computed E[s s^T] carries the entries' error ε·max|F|
 * through |δ det| <= det · ε·max|F| · Σ|(F^-1)_ij|, and sqrt halves it. */
static pt_result jeffreys_value(model *m, eval_ctx *ev, jeff_ctx *C, mpfr_t *vals, strbuf *desc,
                                mpfr_t J, int *dg, char **why)
{
    if (C->det) {
        if (eval_expr(ev, J, model_const_values(m, C->det)) != EVAL_OK || mpfr_sgn(J) < 0)
            return PT_SKIP;
        mpfr_sqrt(J, J, MPFR_RNDN);
        *dg = (int)((NUMCHECK_PREC - NUMCHECK_GUARD_BITS) * 0.30103);
        return PT_OK;
    }
    int d = C->d;
    numfim nf;
    char *err = NULL;
    if (numfim_compute(&nf, m, C->logp, C->params, d, vals, -1, EXPECT_DIGITS + 4, 0, &err)) {
        free(*why);
        *why = err;
        return PT_SKIP;
    }
    pt_result r = PT_OK;
    int dgd = numfim_sqrt_det(&nf, J);
    if (dgd < 0) {
        strbuf sb = {0};
        sb_printf(&sb, "at %s the FIM is singular", sb_str(desc));
        set_why(why, &sb);
        r = PT_SKIP;
    } else {
        *dg = dgd < EXPECT_DIGITS ? dgd : EXPECT_DIGITS;
        if (*dg < MIN_DIGITS)
            r = too_few_digits(why, desc, *dg, "sqrt(det F)");
    }
    numfim_clear(&nf);
    return r;
}

static pt_result jeffreys_point(model *m, eval_ctx *ev, mpfr_t *vals, int p, strbuf *desc,
                                void *ctx, int *dg, char **why)
{
    jeff_ctx *C = ctx;
    mpfr_t J, w;
    mpfr_inits2(NUMCHECK_PREC, J, w, (mpfr_ptr)0);
    pt_result r = jeffreys_value(m, ev, C, vals, desc, J, dg, why);
    if (r == PT_OK && eval_expr(ev, w, model_const_values(m, C->want)) != EVAL_OK)
        r = PT_SKIP;
    if (r == PT_OK && !C->proportional) {
        mpfr_t scale;
        mpfr_init2(scale, NUMCHECK_PREC);
        mpfr_abs(scale, J, MPFR_RNDN);
        if (!within(J, w, scale, *dg)) {
            strbuf sb = {0};
            char *fv = numfim_format(J, *dg > 12 ? 12 : *dg);
            sb_printf(&sb, "at %s sqrt(det F) is %s but the claim gives %.10g", sb_str(desc), fv,
                      mpfr_get_d(w, MPFR_RNDN));
            free(fv);
            set_why(why, &sb);
            r = PT_DIFFERENT;
        }
        mpfr_clear(scale);
    } else if (r == PT_OK) {
        if (mpfr_zero_p(w)) {
            r = PT_SKIP;
        } else {
            mpfr_div(J, J, w, MPFR_RNDN); /* the ratio */
            if (!C->have_first) {
                mpfr_set(C->r0, J, MPFR_RNDN);
                C->dg0 = *dg;
                C->desc0 = xstrdup(sb_str(desc));
                C->have_first = true;
            } else {
                int dgm = *dg < C->dg0 ? *dg : C->dg0;
                mpfr_t scale;
                mpfr_init2(scale, NUMCHECK_PREC);
                mpfr_abs(scale, C->r0, MPFR_RNDN);
                if (!within(J, C->r0, scale, dgm)) {
                    strbuf sb = {0};
                    char *a = numfim_format(C->r0, dgm > 12 ? 12 : dgm);
                    char *b = numfim_format(J, dgm > 12 ? 12 : dgm);
                    sb_printf(&sb, "sqrt(det F) / EXPR is %s at %s but %s at %s: not constant", a,
                              C->desc0, b, sb_str(desc));
                    free(a);
                    free(b);
                    set_why(why, &sb);
                    r = PT_DIFFERENT;
                }
                mpfr_clear(scale);
            }
        }
    }
    mpfr_clears(J, w, (mpfr_ptr)0);
    (void)p;
    return r;
}

numcheck_result numcheck_jeffreys(model *m, expr *logp, const int *params, int d, expr *det,
                                  expr *want, bool proportional, int *digits, char **why)
{
    jeff_ctx C = {logp, params, d, det, want, proportional, false, {{0}}, 0, NULL};
    mpfr_init2(C.r0, NUMCHECK_PREC);
    numcheck_result r = at_seeded_points(m, params, d, "Jeffreys density", jeffreys_point, &C,
                                         digits, why);
    mpfr_clear(C.r0);
    free(C.desc0);
    return r;
}

/* ---- distribution arguments at seeded points ------------------------------------------ */

/* One seeded point of numcheck_args: ctx NULL for the distribution arguments, else the
 * index of the reparam whose images are checked. */
static pt_result domain_point(model *m, eval_ctx *ev, mpfr_t *vals, int p, strbuf *desc,
                              void *ctx, int *dg, char **why)
{
    char *w = NULL;
    (void)ev;
    (void)p;
    (void)desc;
    *dg = MASS_DIGITS;
    bool ok = ctx ? argdom_reparam_point(m, *(const int *)ctx, vals, &w)
                  : argdom_check_point(m, m->params, m->nparams, vals, -1, &w);
    if (ok)
        return PT_OK;
    free(*why);
    *why = w;
    return PT_DIFFERENT;
}

numcheck_result numcheck_args(model *m, char **why)
{
    int digits;
    *why = NULL;
    numcheck_result r = NUMCHECK_EQUAL;
    if (m->ntildes > 0)
        r = at_seeded_points(m, m->params, m->nparams, "distribution arguments", domain_point,
                             NULL, &digits, why);
    for (int i = 0; i < m->nreparams && r != NUMCHECK_DIFFERENT; i++) {
        free(*why);
        *why = NULL;
        const model_reparam *rp = m->reparams[i];
        r = at_seeded_points(m, rp->coords, rp->ncoords, "reparam images", domain_point, &i,
                             &digits, why);
    }
    return r;
}

/* Normalised by construction: logp is a product of built-in distributions (each
 * normalised on its support, which sema matched to the declared one), every data variable
 * on the left of exactly one '~', and each '~' mentioning, besides its own variable, only
 * data of the '~'s before it (a chain of conditionals p(x1) p(x2 | x1) ...). */
static bool normalised_by_construction(const model *m)
{
    if (m->ntildes == 0 || m->ntildes != m->ndata)
        return false;
    for (int i = 0; i < m->ntildes; i++) {
        const tilde *t = m->tildes[i];
        for (int k = 0; k < m->ndata; k++) {
            int x = m->data[k];
            if (x == t->data_sym || !expr_has_sym(m->ex, t->logp, x))
                continue;
            bool before = false;
            for (int j = 0; j < i; j++)
                before = before || m->tildes[j]->data_sym == x;
            if (!before)
                return false;
        }
        for (int j = 0; j < i; j++)
            if (m->tildes[j]->data_sym == t->data_sym)
                return false;
    }
    return true;
}

numcheck_result numcheck_mass(model *m, int *digits, char **why)
{
    if (normalised_by_construction(m)) {
        *why = NULL;
        *digits = MASS_DIGITS;
        return NUMCHECK_EQUAL;
    }
    return at_seeded_points(m, m->params, m->nparams, "total probability", mass_point, NULL,
                            digits, why);
}
