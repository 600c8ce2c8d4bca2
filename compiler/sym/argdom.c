/* compiler/sym/argdom.c — distribution arguments inside their domains (see argdom.h).
 *
 * An argument is judged in three steps, each used only when the previous could not decide:
 *   1. its enclosure (range_bounds) over the parameter domains: proved inside, proved
 *      outside, or neither;
 *   2. (at a point) the argument with the point's values substituted as exact rationals
 *      (an mpfr value is a dyadic rational): when it folds to a number, the comparison is
 *      exact — normal(mu, mu) at mu = 0 is exactly 0;
 *   3. (at a point) evaluation in MPFR, at increasing precision while the value is within
 *      rounding of an end of the domain. */
#include "argdom.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dist.h"
#include "eval.h"
#include "inputs.h" /* model_input_rows, model_input_value */
#include "range.h"
#include "util.h"

/* ---------------------------------------------------------------- the domains */

typedef enum arg_kind {
    ARG_REAL, /* R */
    ARG_POS,  /* (0, inf) */
    ARG_UNIT, /* (0, 1) */
} arg_kind;

typedef struct arg_info {
    const char *name;
    arg_kind kind;
} arg_info;

/* In the order of dist_table's arg_names (tests/unit/check_argdom.c compares them). */
static const arg_info arg_table[DIST_COUNT][3] = {
    [DIST_NORMAL] = {{"mu", ARG_REAL}, {"sigma", ARG_POS}},
    [DIST_LOGNORMAL] = {{"mu", ARG_REAL}, {"sigma", ARG_POS}},
    [DIST_EXPONENTIAL] = {{"rate", ARG_POS}},
    [DIST_GAMMA] = {{"shape", ARG_POS}, {"rate", ARG_POS}},
    [DIST_BETA] = {{"a", ARG_POS}, {"b", ARG_POS}},
    [DIST_CAUCHY] = {{"loc", ARG_REAL}, {"scale", ARG_POS}},
    [DIST_LOGISTIC] = {{"loc", ARG_REAL}, {"scale", ARG_POS}},
    [DIST_LAPLACE] = {{"loc", ARG_REAL}, {"scale", ARG_POS}},
    [DIST_STUDENT_T] = {{"nu", ARG_POS}, {"loc", ARG_REAL}, {"scale", ARG_POS}},
    [DIST_WEIBULL] = {{"shape", ARG_POS}, {"scale", ARG_POS}},
    [DIST_INVERSE_GAUSSIAN] = {{"mu", ARG_POS}, {"lambda", ARG_POS}},
    [DIST_BERNOULLI] = {{"p", ARG_UNIT}},
    [DIST_BINOMIAL] = {{"n", ARG_REAL}, {"p", ARG_UNIT}}, /* n: sema's business */
    [DIST_POISSON] = {{"rate", ARG_POS}},
    [DIST_GEOMETRIC] = {{"p", ARG_UNIT}},
    [DIST_NEGATIVE_BINOMIAL] = {{"r", ARG_POS}, {"p", ARG_UNIT}},
    [DIST_CATEGORICAL_LOGIT] = {{"w", ARG_REAL}},
};

argdom argdom_of(dist_id d, int k)
{
    argdom a = {-INFINITY, INFINITY, false, "?", "R"};
    if ((int)d < 0 || d >= DIST_COUNT || k < 0 || k >= dist_table[d].nargs || k >= 3)
        return a;
    const arg_info *ai = &arg_table[d][k];
    a.name = ai->name;
    switch (ai->kind) {
    case ARG_REAL:
        break;
    case ARG_POS:
        a.lo = 0;
        a.constrained = true;
        a.text = "(0, inf)";
        break;
    case ARG_UNIT:
        a.lo = 0;
        a.hi = 1;
        a.constrained = true;
        a.text = "(0, 1)";
        break;
    }
    return a;
}

/* "> 0" or "in (0, 1)". */
static void sb_need(strbuf *sb, const argdom *a)
{
    if (isinf(a->hi))
        sb_printf(sb, "> %g", a->lo);
    else if (isinf(a->lo))
        sb_printf(sb, "< %g", a->hi);
    else
        sb_printf(sb, "in %s", a->text);
}

/* Where a static error about argument k of t is reported. The tilde records the span of
 * its '~' only; with per-argument spans in struct tilde this is the one line to change. */
static span arg_span(const tilde *t, int k)
{
    return k < TILDE_MAX_ARGS && t->arg_sp[k].end > t->arg_sp[k].start ? t->arg_sp[k] : t->sp;
}

/* ---------------------------------------------------------------- arguments as values */

/* A substitution syms[i] -> vals[i]. */
typedef struct subst {
    int n;
    int *syms;
    expr **vals;
} subst;

static void subst_push(subst *s, int sym, expr *v)
{
    s->syms = xrealloc(s->syms, (size_t)(s->n + 1) * sizeof *s->syms);
    s->vals = xrealloc(s->vals, (size_t)(s->n + 1) * sizeof *s->vals);
    s->syms[s->n] = sym;
    s->vals[s->n++] = v;
}

static expr *subst_apply(model *m, const subst *s, expr *e)
{
    return s->n ? expr_subst(m->ex, e, (size_t)s->n, s->syms, s->vals) : e;
}

static void subst_free(subst *s)
{
    free(s->syms);
    free(s->vals);
    s->n = 0;
    s->syms = NULL;
    s->vals = NULL;
}

/* Every let by its body with the earlier lets expanded, as sema's expand_lets. */
static void lets_of(model *m, subst *lets)
{
    for (int i = 0; i < m->ndecls; i++) {
        decl *dc = m->decls[i];
        if (dc->kind == DECL_LET && dc->value && dc->sym >= 0)
            subst_push(lets, dc->sym, subst_apply(m, lets, dc->value));
    }
}

/* The argument as a value: lets expanded, then the reparam's assignments (rp may be NULL),
 * then consts by value. */
static expr *arg_value(model *m, const subst *lets, const model_reparam *rp, expr *a)
{
    expr *e = subst_apply(m, lets, a);
    if (rp && rp->nassign)
        e = expr_subst(m->ex, e, (size_t)rp->nassign, rp->old_syms, rp->rhs);
    return model_const_values(m, e);
}

static bool has_symbol(const model *m, const expr *e)
{
    for (int k = SYM_CONST; k <= SYM_LOCAL; k++)
        if (expr_has_kind(m->ex, e, (expr_sym_kind)k))
            return true;
    return false;
}

/* q compared with a double (which may be infinite): <0, 0, >0. */
static int q_cmp_d(const mpq_t q, double d)
{
    if (isinf(d))
        return d > 0 ? -1 : 1;
    mpq_t t;
    mpq_init(t);
    mpq_set_d(t, d);
    int c = mpq_cmp(q, t);
    mpq_clear(t);
    return c;
}

static bool q_inside(const mpq_t q, const argdom *a)
{
    return q_cmp_d(q, a->lo) > 0 && q_cmp_d(q, a->hi) < 0;
}

/* An exact rational for a message: an integer, a finite decimal (denominator 2^i 5^j, at
 * most 30 decimals), or p/q. */
static void sb_rational(strbuf *sb, const mpq_t q)
{
    mpz_t den, t;
    mpz_inits(den, t, (mpz_ptr)0);
    mpz_set(den, mpq_denref(q));
    /* count the factors 2 and 5 of the denominator */
    unsigned long i2 = 0, i5 = 0;
    while (mpz_divisible_ui_p(den, 2)) {
        mpz_divexact_ui(den, den, 2);
        i2++;
    }
    while (mpz_divisible_ui_p(den, 5)) {
        mpz_divexact_ui(den, den, 5);
        i5++;
    }
    unsigned long digits = i2 > i5 ? i2 : i5;
    if (mpz_cmp_ui(den, 1) != 0 || digits > 30) {
        char *s = mpq_get_str(NULL, 10, q);
        sb_puts(sb, s);
        free(s);
    } else if (digits == 0) {
        char *s = mpz_get_str(NULL, 10, mpq_numref(q));
        sb_puts(sb, s);
        free(s);
    } else {
        /* q * 10^digits is an integer n: print n with the point moved */
        mpz_ui_pow_ui(t, 10, digits);
        mpz_mul(t, t, mpq_numref(q));
        mpz_divexact(t, t, mpq_denref(q));
        bool neg = mpz_sgn(t) < 0;
        mpz_abs(t, t);
        char *s = mpz_get_str(NULL, 10, t);
        size_t len = strlen(s);
        if (neg)
            sb_putc(sb, '-');
        if (len <= digits) {
            sb_puts(sb, "0.");
            for (size_t k = len; k < digits; k++)
                sb_putc(sb, '0');
            sb_puts(sb, s);
        } else {
            sb_putn(sb, s, len - digits);
            sb_putc(sb, '.');
            sb_puts(sb, s + len - digits);
        }
        free(s);
    }
    mpz_clears(den, t, (mpz_ptr)0);
}

/* An MPFR value to 10 significant digits. */
static void sb_mpfr(strbuf *sb, const mpfr_t v)
{
    char *s = NULL;
    if (mpfr_asprintf(&s, "%.10Rg", v) < 0 || !s) {
        sb_puts(sb, "?");
        return;
    }
    sb_puts(sb, s);
    mpfr_free_str(s);
}

/* ---------------------------------------------------------------- the static check */

int argdom_check_model(model *m, diag_ctx *d)
{
    int nerr = 0;
    subst lets = {0};
    lets_of(m, &lets);
    for (int i = 0; i < m->ntildes; i++) {
        const tilde *t = m->tildes[i];
        if (!t->args)
            continue; /* categorical_logit: w is unconstrained */
        for (int k = 0; k < t->nargs; k++) {
            argdom a = argdom_of(t->dist, k);
            if (!a.constrained || !t->args[k])
                continue;
            expr *e = arg_value(m, &lets, NULL, t->args[k]);
            strbuf msg = {0};
            sb_printf(&msg, "the argument %s of %s must be ", a.name, dist_name(t->dist));
            sb_need(&msg, &a);
            bool bad = false;
            if (e->kind == EXPR_NUM) {
                if (!q_inside(e->q, &a)) {
                    sb_puts(&msg, ", but it is ");
                    sb_rational(&msg, e->q);
                    bad = true;
                }
            } else {
                double lo, hi;
                if (range_bounds(m, e, &lo, &hi) && (hi <= a.lo || lo >= a.hi)) {
                    bad = true;
                    sb_puts(&msg, ", but it is ");
                    if (!has_symbol(m, e)) {
                        /* a constant that is not a rational: its value */
                        eval_ctx *ev = eval_new(m->ex, ARGDOM_PREC);
                        mpfr_t v;
                        mpfr_init2(v, ARGDOM_PREC);
                        if (eval_expr(ev, v, e) == EVAL_OK) {
                            sb_mpfr(&msg, v);
                        } else {
                            char *s = expr_to_string(m->ex, e);
                            sb_puts(&msg, s);
                            free(s);
                        }
                        mpfr_clear(v);
                        eval_free(ev);
                    } else {
                        if (hi <= a.lo)
                            sb_printf(&msg, "<= %g", a.lo);
                        else
                            sb_printf(&msg, ">= %g", a.hi);
                        sb_puts(&msg, expr_has_kind(m->ex, e, SYM_PARAM)
                                          ? " for every parameter value"
                                          : " for every value of its data and inputs");
                    }
                }
            }
            if (bad) {
                diag_error(d, arg_span(t, k), "%s", sb_str(&msg));
                nerr++;
            }
            sb_free(&msg);
        }
    }
    subst_free(&lets);
    return nerr;
}

/* ---------------------------------------------------------------- the check at a point */

typedef enum verdict {
    V_INSIDE,
    V_OUTSIDE,   /* text: the value */
    V_UNDEFINED, /* text: the evaluator's status */
    V_BOUNDARY,  /* text: the value; within rounding of an end at ARGDOM_MAX_PREC */
} verdict;

typedef struct point {
    model *m;
    const int *params;
    int n;
    mpfr_t *vals;
    subst exact; /* params -> their values as exact rationals */
} point;

/* Is v within rounding (2^20 ulps at precision p, relative to max(1, |b|)) of an end? */
static bool near_end(const mpfr_t v, const argdom *a, mpfr_prec_t p)
{
    double ends[2] = {a->lo, a->hi};
    bool near = false;
    mpfr_t dist, tol;
    mpfr_inits2(p, dist, tol, (mpfr_ptr)0);
    for (int i = 0; i < 2; i++) {
        if (isinf(ends[i]))
            continue;
        mpfr_sub_d(dist, v, ends[i], MPFR_RNDN);
        mpfr_abs(dist, dist, MPFR_RNDN);
        mpfr_set_d(tol, fabs(ends[i]) > 1 ? fabs(ends[i]) : 1.0, MPFR_RNDN);
        mpfr_mul_2si(tol, tol, -(long)p + 20, MPFR_RNDN);
        near = near || mpfr_cmp(dist, tol) <= 0;
    }
    mpfr_clears(dist, tol, (mpfr_ptr)0);
    return near;
}

/* May e be folded exactly at a point? Not when it has an integer power above
 * EXACT_MAX_POW (sigma^100000 of a 128-bit value is a 12.8-million-bit rational) or more
 * than EXACT_MAX_VISITS node visits. */
enum { EXACT_MAX_POW = 64, EXACT_MAX_VISITS = 10000 };

static bool exact_ok(const expr *e, int *visits)
{
    if (++*visits > EXACT_MAX_VISITS)
        return false;
    if (e->kind == EXPR_POW && e->args[1]->kind == EXPR_NUM &&
        (mpz_cmpabs_ui(mpq_numref(e->args[1]->q), EXACT_MAX_POW) > 0 ||
         mpz_cmpabs_ui(mpq_denref(e->args[1]->q), EXACT_MAX_POW) > 0))
        return false;
    for (uint32_t i = 0; i < e->nargs; i++)
        if (!exact_ok(e->args[i], visits))
            return false;
    return true;
}

/* e (parameters, inputs substituted; consts by value) at the point. */
static verdict judge(point *P, expr *e, const argdom *a, strbuf *text)
{
    model *m = P->m;
    /* exactly, when it folds to a number */
    int visits = 0;
    expr *x = exact_ok(e, &visits) ? subst_apply(m, &P->exact, e) : e;
    if (x->kind == EXPR_NUM) {
        if (q_inside(x->q, a))
            return V_INSIDE;
        mpfr_t v;
        mpfr_init2(v, ARGDOM_PREC);
        mpfr_set_q(v, x->q, MPFR_RNDN);
        sb_mpfr(text, v);
        mpfr_clear(v);
        return V_OUTSIDE;
    }
    verdict r = V_INSIDE;
    for (mpfr_prec_t p = ARGDOM_PREC;; p *= 4) {
        eval_ctx *ev = eval_new(m->ex, p);
        for (int i = 0; i < P->n; i++)
            eval_set(ev, P->params[i], P->vals[i]);
        mpfr_t v;
        mpfr_init2(v, p);
        int st = eval_expr(ev, v, e);
        eval_free(ev);
        bool retry = false;
        if (st != EVAL_OK) {
            sb_reset(text);
            sb_puts(text, eval_status_str(st));
            r = V_UNDEFINED;
        } else if (mpfr_cmp_d(v, a->lo) > 0 && mpfr_cmp_d(v, a->hi) < 0) {
            r = V_INSIDE;
        } else if (near_end(v, a, p)) {
            sb_reset(text);
            sb_mpfr(text, v);
            r = V_BOUNDARY;
            retry = p * 4 <= ARGDOM_MAX_PREC;
        } else {
            sb_reset(text);
            sb_mpfr(text, v);
            r = V_OUTSIDE;
        }
        mpfr_clear(v);
        if (!retry)
            break;
    }
    return r;
}

static void sb_call(strbuf *sb, const model *m, const tilde *t)
{
    sb_printf(sb, "%s(", dist_name(t->dist));
    for (int k = 0; k < t->nargs && t->args; k++) {
        char *s = expr_to_string(m->ex, t->args[k]);
        sb_printf(sb, "%s%s", k ? ", " : "", s);
        free(s);
    }
    sb_putc(sb, ')');
}

static char *failure(point *P, const tilde *t, int k, int row, verdict r, const char *text)
{
    model *m = P->m;
    argdom a = argdom_of(t->dist, k);
    strbuf sb = {0};
    if (P->n > 0 || row >= 0) {
        sb_puts(&sb, "at ");
        for (int i = 0; i < P->n; i++) {
            sb_printf(&sb, "%s%s=", i ? ", " : "", expr_sym_get(m->ex, P->params[i])->name);
            sb_mpfr(&sb, P->vals[i]);
        }
        if (row >= 0)
            sb_printf(&sb, "%s(input row %d)", P->n ? " " : "", row + 1);
        sb_puts(&sb, ": ");
    }
    sb_printf(&sb, "the argument %s of ", a.name);
    sb_call(&sb, m, t);
    switch (r) {
    case V_OUTSIDE:
        sb_printf(&sb, " is %s, outside %s", text, a.text);
        break;
    case V_BOUNDARY:
        sb_printf(&sb, " is %s to %d bits, not inside %s", text, (int)ARGDOM_MAX_PREC, a.text);
        break;
    case V_UNDEFINED:
        sb_printf(&sb, " cannot be evaluated (%s)", text);
        break;
    case V_INSIDE:
        break;
    }
    return sb_take(&sb);
}

bool argdom_check_point(model *m, const int *params, int n, mpfr_t *vals, int row, char **why)
{
    *why = NULL;
    point P = {m, params, n, vals, {0}};
    /* a reparam's coordinates? */
    const model_reparam *rp = NULL;
    for (int i = 0; i < n && !rp; i++) {
        const decl *dc = expr_sym_get(m->ex, params[i])->owner;
        if (dc && dc->reparam >= 0 && dc->reparam < m->nreparams)
            rp = m->reparams[dc->reparam];
    }
    mpq_t q;
    mpq_init(q);
    for (int i = 0; i < n; i++) {
        if (!mpfr_number_p(vals[i]))
            continue; /* left for the evaluator to report */
        mpfr_get_q(q, vals[i]);
        subst_push(&P.exact, params[i], expr_num(m->ex, q));
    }
    mpq_clear(q);
    /* the rows to check arguments that mention inputs: [r0, r1) */
    int nrows = model_input_rows(m), r0 = 0, r1 = 0;
    if (m->ninputs > 0 && nrows > 0) {
        r0 = row >= 0 ? row : 0;
        r1 = row >= 0 ? (row < nrows ? row + 1 : row) : nrows;
    }
    expr **ivals = xmalloc(((size_t)m->ninputs + 1) * sizeof *ivals);
    subst lets = {0};
    lets_of(m, &lets);
    bool ok = true;
    strbuf text = {0};
    for (int i = 0; i < m->ntildes && ok; i++) {
        const tilde *t = m->tildes[i];
        for (int k = 0; k < t->nargs && t->args && ok; k++) {
            argdom a = argdom_of(t->dist, k);
            if (!a.constrained || !t->args[k])
                continue;
            expr *e = arg_value(m, &lets, rp, t->args[k]);
            if (expr_has_kind(m->ex, e, SYM_DATA))
                continue;
            double lo, hi;
            if (range_bounds(m, e, &lo, &hi) && lo > a.lo && hi < a.hi)
                continue; /* proved inside on the whole domain */
            if (!expr_has_kind(m->ex, e, SYM_INPUT)) {
                sb_reset(&text);
                verdict r = judge(&P, e, &a, &text);
                if (r != V_INSIDE) {
                    *why = failure(&P, t, k, -1, r, sb_str(&text));
                    ok = false;
                }
                continue;
            }
            for (int r = r0; r < r1 && ok; r++) {
                bool have = true;
                for (int j = 0; j < m->ninputs; j++) {
                    ivals[j] = model_input_value(m, j, r);
                    have = have && ivals[j];
                }
                if (!have)
                    continue;
                expr *er = model_const_values(
                    m, expr_subst(m->ex, e, (size_t)m->ninputs, m->inputs, ivals));
                sb_reset(&text);
                verdict v = judge(&P, er, &a, &text);
                if (v != V_INSIDE) {
                    *why = failure(&P, t, k, r, v, sb_str(&text));
                    ok = false;
                }
            }
        }
    }
    sb_free(&text);
    subst_free(&lets);
    subst_free(&P.exact);
    free(ivals);
    return ok;
}

/* ---------------------------------------------------------------- reparam images */

/* The open interval of parameter dc's declared domain, as an argdom (text: owned by *text). */
static bool param_argdom(model *m, const decl *dc, argdom *a, char **text)
{
    const domain *dm = &dc->dom;
    a->lo = -INFINITY;
    a->hi = INFINITY;
    a->name = dc->name;
    a->constrained = dm->kind == DOM_INTERVAL && (dm->lo || dm->hi);
    *text = model_domain_string(m, dm);
    a->text = *text;
    if (!a->constrained)
        return false;
    double lo, hi;
    /* the bounds are constants: their enclosures are tight */
    if (dm->lo && range_bounds(m, model_const_values(m, dm->lo), &lo, &hi))
        a->lo = hi; /* the larger end of the enclosure: inside it is inside the domain */
    if (dm->hi && range_bounds(m, model_const_values(m, dm->hi), &lo, &hi))
        a->hi = lo;
    return true;
}

int argdom_check_reparams(model *m, diag_ctx *d)
{
    int nerr = 0;
    for (int r = 0; r < m->nreparams; r++) {
        const model_reparam *rp = m->reparams[r];
        for (int j = 0; j < rp->nassign; j++) {
            const decl *old = expr_sym_get(m->ex, rp->old_syms[j])->owner;
            argdom a;
            char *text;
            if (param_argdom(m, old, &a, &text)) {
                double lo, hi;
                expr *e = model_const_values(m, rp->rhs[j]);
                if (range_bounds(m, e, &lo, &hi) && (hi <= a.lo || lo >= a.hi)) {
                    diag_error(d, rp->sp,
                               "reparam '%s' gives %s values outside its domain %s for every "
                               "value of its new parameters",
                               rp->name, old->name, a.text);
                    nerr++;
                }
            }
            free(text);
        }
    }
    return nerr;
}

bool argdom_reparam_point(model *m, int ri, mpfr_t *vals, char **why)
{
    *why = NULL;
    const model_reparam *rp = m->reparams[ri];
    point P = {m, rp->coords, rp->ncoords, vals, {0}};
    mpq_t q;
    mpq_init(q);
    for (int i = 0; i < rp->ncoords; i++)
        if (mpfr_number_p(vals[i])) {
            mpfr_get_q(q, vals[i]);
            subst_push(&P.exact, rp->coords[i], expr_num(m->ex, q));
        }
    mpq_clear(q);
    bool ok = true;
    strbuf text = {0};
    for (int j = 0; j < rp->nassign && ok; j++) {
        const decl *old = expr_sym_get(m->ex, rp->old_syms[j])->owner;
        argdom a;
        char *dtext;
        if (param_argdom(m, old, &a, &dtext)) {
            expr *e = model_const_values(m, rp->rhs[j]);
            double lo, hi;
            if (!(range_bounds(m, e, &lo, &hi) && lo > a.lo && hi < a.hi)) {
                sb_reset(&text);
                verdict r = judge(&P, e, &a, &text);
                if (r != V_INSIDE) {
                    strbuf sb = {0};
                    sb_puts(&sb, "at ");
                    for (int i = 0; i < rp->ncoords; i++) {
                        sb_printf(&sb, "%s%s=", i ? ", " : "",
                                  expr_sym_get(m->ex, rp->coords[i])->name);
                        sb_mpfr(&sb, vals[i]);
                    }
                    sb_printf(&sb, ": reparam '%s' gives %s ", rp->name, old->name);
                    if (r == V_UNDEFINED)
                        sb_printf(&sb, "no value (%s)", sb_str(&text));
                    else
                        sb_printf(&sb, "= %s, outside its domain %s", sb_str(&text), a.text);
                    *why = sb_take(&sb);
                    ok = false;
                }
            }
        }
        free(dtext);
    }
    sb_free(&text);
    subst_free(&P.exact);
    return ok;
}
