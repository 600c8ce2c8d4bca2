/* compiler/numcheck.c — numeric verification at seeded points (see numcheck.h). */
#include "numcheck.h"

#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
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

/* The row of an input for seeded point p of a conditional model (0 without inputs). */
static int point_row(const model *m, int p)
{
    char *err = NULL;
    int rows = numfim_rows(m, &err);
    free(err);
    return rows > 0 ? p % rows : 0;
}

/* Sets the inputs of row `row` in ev (a no-op without inputs); false if one cannot be
 * evaluated. */
static bool set_row(model *m, eval_ctx *ev, int row)
{
    mpfr_t v;
    mpfr_init2(v, NUMCHECK_PREC);
    bool ok = true;
    for (int i = 0; i < m->ninputs && ok; i++) {
        const decl *dc = expr_sym_get(m->ex, m->inputs[i])->owner;
        ok = dc && dc->values && row < dc->nvalues && bound_value(m, ev, dc->values[row], v);
        if (ok)
            eval_set(ev, m->inputs[i], v);
    }
    mpfr_clear(v);
    return ok;
}

numcheck_result numcheck_fim(model *m, expr *logp, const int *params, int d, expr *const *want,
                             int *digits, char **why)
{
    *why = NULL;
    *digits = 1000;
    enum { FIM_DIGITS = 20 };
    char *rerr = NULL;
    if (numfim_rows(m, &rerr) < 0) {
        *why = rerr;
        return NUMCHECK_UNDECIDED;
    }
    bool per_row = false;
    for (int i = 0; i < d * d; i++)
        for (int k = 0; k < m->ninputs; k++)
            per_row = per_row || expr_has_sym(m->ex, want[i], m->inputs[k]);
    eval_ctx *ev = eval_new(m->ex, NUMCHECK_PREC);
    mpfr_t *vals = xmalloc((size_t)d * sizeof *vals);
    for (int i = 0; i < d; i++)
        mpfr_init2(vals[i], NUMCHECK_PREC);
    mpfr_t w, diff, big;
    mpfr_inits2(NUMCHECK_PREC, w, diff, big, (mpfr_ptr)0);
    strbuf desc = {0};
    int good = 0;
    numcheck_result res = NUMCHECK_EQUAL;
    for (int p = 0; p < MAX_TRIES && good < NUMCHECK_POINTS && res == NUMCHECK_EQUAL; p++) {
        if (!set_point(m, ev, params, d, false, p, &desc))
            continue;
        /* a claim that mentions an input is about each row's FIM; otherwise about the
         * model's, the mean over the rows */
        int row = per_row ? point_row(m, p) : -1;
        if (per_row && !set_row(m, ev, row))
            continue;
        if (per_row)
            sb_printf(&desc, " (input row %d)", row + 1);
        bool ok = true;
        for (int i = 0; i < d && ok; i++)
            ok = sample(m, ev, domain_of(m, params[i]), seeded_u(p, params[i]), vals[i]);
        if (!ok)
            continue;
        numfim nf;
        char *err = NULL;
        if (numfim_compute(&nf, m, logp, params, d, vals, row, FIM_DIGITS + 4, 0, &err) != 0) {
            free(*why);
            *why = err;
            continue;
        }
        int dg = nf.digits < FIM_DIGITS ? nf.digits : FIM_DIGITS;
        if (dg < 10) {
            strbuf sb = {0};
            sb_printf(&sb, "at %s only %d digits of the FIM could be verified", sb_str(&desc), dg);
            free(*why);
            *why = sb_take(&sb);
            numfim_clear(&nf);
            continue;
        }
        mpfr_set_ui(big, 0, MPFR_RNDN);
        for (int i = 0; i < d * d; i++)
            if (mpfr_cmpabs(nf.ess[i], big) > 0)
                mpfr_abs(big, nf.ess[i], MPFR_RNDN);
        for (int i = 0; i < d * d && res == NUMCHECK_EQUAL; i++) {
            if (eval_expr(ev, w, model_const_values(m, want[i])) != EVAL_OK) {
                ok = false;
                break;
            }
            /* |F_ij - claimed| <= 10^-(dg - 1) max |F| */
            mpfr_sub(diff, nf.ess[i], w, MPFR_RNDN);
            mpfr_abs(diff, diff, MPFR_RNDN);
            mpfr_t tol;
            mpfr_init2(tol, 64);
            mpfr_set_d(tol, pow(10.0, -(dg - 1)), MPFR_RNDN);
            mpfr_mul(tol, tol, big, MPFR_RNDN);
            if (mpfr_cmp(diff, tol) > 0) {
                strbuf sb = {0};
                char *fv = numfim_format(nf.ess[i], dg > 12 ? 12 : dg);
                sb_printf(&sb, "at %s, entry [%d, %d] of E[s s^T] is %s but the claim gives %.10g",
                          sb_str(&desc), i / d + 1, i % d + 1, fv, mpfr_get_d(w, MPFR_RNDN));
                free(fv);
                free(*why);
                *why = sb_take(&sb);
                res = NUMCHECK_DIFFERENT;
            }
            mpfr_clear(tol);
        }
        numfim_clear(&nf);
        if (ok && res == NUMCHECK_EQUAL) {
            good++;
            if (dg < *digits)
                *digits = dg;
        }
    }
    if (res == NUMCHECK_EQUAL && good < NUMCHECK_POINTS) {
        strbuf sb = {0};
        sb_printf(&sb, "the FIM could be computed at only %d of %d seeded points%s%s", good,
                  NUMCHECK_POINTS, *why ? ": " : "", *why ? *why : "");
        free(*why);
        *why = sb_take(&sb);
        res = NUMCHECK_UNDECIDED;
    } else if (res == NUMCHECK_EQUAL) {
        free(*why);
        *why = NULL;
    }
    sb_free(&desc);
    mpfr_clears(w, diff, big, (mpfr_ptr)0);
    for (int i = 0; i < d; i++)
        mpfr_clear(vals[i]);
    free(vals);
    eval_free(ev);
    return res;
}

numcheck_result numcheck_moment(model *m, bool variance, expr *arg, expr *want, int *digits,
                                char **why)
{
    *why = NULL;
    *digits = 1000;
    enum { MOMENT_DIGITS = 20, MIN_DIGITS = 10 };
    int d = m->nparams;
    const int *params = m->params;
    char *rerr = NULL;
    if (numfim_rows(m, &rerr) < 0) {
        *why = rerr;
        return NUMCHECK_UNDECIDED;
    }
    eval_ctx *ev = eval_new(m->ex, NUMCHECK_PREC);
    mpfr_t *vals = xmalloc((size_t)(d ? d : 1) * sizeof *vals);
    for (int i = 0; i < d; i++)
        mpfr_init2(vals[i], NUMCHECK_PREC);
    mpfr_t w, diff, scale, tol;
    mpfr_inits2(NUMCHECK_PREC, w, diff, scale, tol, (mpfr_ptr)0);
    strbuf desc = {0};
    int good = 0;
    numcheck_result res = NUMCHECK_EQUAL;
    for (int p = 0; p < MAX_TRIES && good < NUMCHECK_POINTS && res == NUMCHECK_EQUAL; p++) {
        if (!set_point(m, ev, params, d, false, p, &desc))
            continue;
        bool ok = true;
        for (int i = 0; i < d && ok; i++)
            ok = sample(m, ev, domain_of(m, params[i]), seeded_u(p, params[i]), vals[i]);
        if (!ok || eval_expr(ev, w, model_const_values(m, want)) != EVAL_OK)
            continue;
        numexp ne;
        char *err = NULL;
        /* conditional models: the mean over the input rows (claims cannot name an input) */
        if (numexp_compute(&ne, m, m->logp, params, d, vals, -1, &arg, 1, MOMENT_DIGITS + 4, 0,
                           &err) != 0) {
            free(*why);
            *why = err;
            continue;
        }
        int dg = variance ? ne.var_digits[0] : ne.mean_digits[0];
        if (dg > MOMENT_DIGITS)
            dg = MOMENT_DIGITS;
        if (dg < MIN_DIGITS) {
            strbuf sb = {0};
            sb_printf(&sb, "at %s only %d digits of the %s could be verified", sb_str(&desc), dg,
                      variance ? "variance" : "mean");
            free(*why);
            *why = sb_take(&sb);
            numexp_clear(&ne);
            continue;
        }
        mpfr_srcptr have = variance ? ne.var[0] : ne.mean[0];
        /* the scale the digits are relative to (numfim.h) */
        if (variance) {
            mpfr_abs(scale, have, MPFR_RNDN);
        } else {
            mpfr_sqr(scale, ne.mean[0], MPFR_RNDN);
            mpfr_add(scale, scale, ne.var[0], MPFR_RNDN);
            mpfr_abs(scale, scale, MPFR_RNDN);
            mpfr_sqrt(scale, scale, MPFR_RNDN);
            if (mpfr_cmpabs(have, scale) > 0)
                mpfr_abs(scale, have, MPFR_RNDN);
        }
        mpfr_sub(diff, have, w, MPFR_RNDN);
        mpfr_abs(diff, diff, MPFR_RNDN);
        mpfr_set_d(tol, pow(10.0, -(dg - 1)), MPFR_RNDN);
        mpfr_mul(tol, tol, scale, MPFR_RNDN);
        if (mpfr_cmp(diff, tol) > 0) {
            strbuf sb = {0};
            char *fv = numfim_format(have, dg > 12 ? 12 : dg);
            sb_printf(&sb, "at %s, %s is %s but the claim gives %.10g", sb_str(&desc),
                      variance ? "the variance" : "the mean", fv, mpfr_get_d(w, MPFR_RNDN));
            free(fv);
            free(*why);
            *why = sb_take(&sb);
            res = NUMCHECK_DIFFERENT;
        } else {
            good++;
            if (dg < *digits)
                *digits = dg;
        }
        numexp_clear(&ne);
    }
    if (res == NUMCHECK_EQUAL && good < NUMCHECK_POINTS) {
        strbuf sb = {0};
        sb_printf(&sb, "the %s could be computed at only %d of %d seeded points%s%s",
                  variance ? "variance" : "mean", good, NUMCHECK_POINTS, *why ? ": " : "",
                  *why ? *why : "");
        free(*why);
        *why = sb_take(&sb);
        res = NUMCHECK_UNDECIDED;
    } else if (res == NUMCHECK_EQUAL) {
        free(*why);
        *why = NULL;
    }
    sb_free(&desc);
    mpfr_clears(w, diff, scale, tol, (mpfr_ptr)0);
    for (int i = 0; i < d; i++)
        mpfr_clear(vals[i]);
    free(vals);
    eval_free(ev);
    return res;
}

numcheck_result numcheck_mass(model *m, int *digits, char **why)
{
    *why = NULL;
    *digits = 1000;
    enum { MASS_DIGITS = 20, MIN_DIGITS = 10 };
    int d = m->nparams;
    const int *params = m->params;
    char *rerr = NULL;
    if (numfim_rows(m, &rerr) < 0) {
        *why = rerr;
        return NUMCHECK_UNDECIDED;
    }
    eval_ctx *ev = eval_new(m->ex, NUMCHECK_PREC);
    mpfr_t *vals = xmalloc((size_t)(d ? d : 1) * sizeof *vals);
    for (int i = 0; i < d; i++)
        mpfr_init2(vals[i], NUMCHECK_PREC);
    mpfr_t diff, tol;
    mpfr_inits2(NUMCHECK_PREC, diff, tol, (mpfr_ptr)0);
    strbuf desc = {0};
    int good = 0;
    numcheck_result res = NUMCHECK_EQUAL;
    for (int p = 0; p < MAX_TRIES && good < NUMCHECK_POINTS && res == NUMCHECK_EQUAL; p++) {
        if (!set_point(m, ev, params, d, false, p, &desc))
            continue;
        int row = point_row(m, p);
        if (m->ninputs)
            sb_printf(&desc, " (input row %d)", row + 1);
        bool ok = true;
        for (int i = 0; i < d && ok; i++)
            ok = sample(m, ev, domain_of(m, params[i]), seeded_u(p, params[i]), vals[i]);
        if (!ok)
            continue;
        numexp ne;
        char *err = NULL;
        if (numexp_compute(&ne, m, m->logp, params, d, vals, row, NULL, 0, MASS_DIGITS + 4, 0,
                           &err) != 0) {
            free(*why);
            *why = err;
            continue;
        }
        int dg = ne.mass_digits > MASS_DIGITS ? MASS_DIGITS : ne.mass_digits;
        mpfr_sub_ui(diff, ne.mass, 1, MPFR_RNDN);
        mpfr_abs(diff, diff, MPFR_RNDN);
        mpfr_set_d(tol, pow(10.0, -(dg - 1)), MPFR_RNDN);
        if (dg >= 2 && mpfr_cmp(diff, tol) > 0) {
            /* not 1, to the digits verified (two are enough to say so) */
            strbuf sb = {0};
            char *fv = numfim_format(ne.mass, dg > 12 ? 12 : dg);
            sb_printf(&sb, "at %s p(x | theta) %s to %s, not 1", sb_str(&desc),
                      strcmp(ne.method, "sum") == 0 ? "sums" : "integrates", fv);
            free(fv);
            free(*why);
            *why = sb_take(&sb);
            res = NUMCHECK_DIFFERENT;
        } else if (dg < MIN_DIGITS) {
            strbuf sb = {0};
            sb_printf(&sb, "at %s only %d digits of the total probability could be verified",
                      sb_str(&desc), dg);
            free(*why);
            *why = sb_take(&sb);
        } else {
            good++;
            if (dg < *digits)
                *digits = dg;
        }
        numexp_clear(&ne);
    }
    if (res == NUMCHECK_EQUAL && good < NUMCHECK_POINTS) {
        strbuf sb = {0};
        sb_printf(&sb, "the total probability could be computed at only %d of %d seeded "
                       "points%s%s",
                  good, NUMCHECK_POINTS, *why ? ": " : "", *why ? *why : "");
        free(*why);
        *why = sb_take(&sb);
        res = NUMCHECK_UNDECIDED;
    } else if (res == NUMCHECK_EQUAL) {
        free(*why);
        *why = NULL;
    }
    sb_free(&desc);
    mpfr_clears(diff, tol, (mpfr_ptr)0);
    for (int i = 0; i < d; i++)
        mpfr_clear(vals[i]);
    free(vals);
    eval_free(ev);
    return res;
}
