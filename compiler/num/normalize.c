/* compiler/num/normalize.c — the normalising integral of a Jeffreys density (see
 * normalize.h). */
#include "normalize.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "asym.h"
#include "eval.h"
#include "fimrt.h"
#include "tape.h"
#include "util.h"

typedef struct nctx {
    model *m;
    simp_ctx *sc;
    int u[2];       /* local variables, one per coordinate */
    int digits;
    long prec;      /* --prec, 0 automatic */
    bool far_zero;  /* every end decays faster than any power (qctx.far_zero) */
} nctx;

/* ---- the domain in local variables ------------------------------------------------- */

typedef enum piece_kind {
    PIECE_HALF, /* u in (0, h): half of a finite domain, from one end */
    PIECE_LINE, /* u in (0, inf): a half-line from its end */
    PIECE_REAL, /* u in R: theta = u */
} piece_kind;

typedef struct piece {
    expr *theta; /* theta in terms of u */
    piece_kind kind;
    expr *h;     /* PIECE_HALF: the half-width */
} piece;

static const domain *dom_of(const model *m, int sym)
{
    return &((const decl *)expr_sym_get(m->ex, sym)->owner)->dom;
}

static expr *dom_lo(const domain *dm)
{
    return dm->kind == DOM_REAL ? NULL : dm->lo;
}

static expr *dom_hi(const domain *dm)
{
    return dm->kind == DOM_REAL ? NULL : dm->hi;
}

/* (a, b) = (a, m] + [m, b) with theta = a + u and b - u, u in (0, (b - a)/2); (a, inf):
 * theta = a + u; (-inf, b): b - u; R: theta = u. Returns the number of pieces. */
static int pieces_of(const nctx *N, int sym, int usym, piece out[2])
{
    expr_ctx *ex = N->m->ex;
    const domain *dm = dom_of(N->m, sym);
    expr *lo = dom_lo(dm), *hi = dom_hi(dm), *u = expr_sym(ex, usym);
    if (lo && hi) {
        expr *h = expr_div(ex, expr_sub(ex, hi, lo), expr_int(ex, 2));
        out[0] = (piece){expr_add2(ex, lo, u), PIECE_HALF, h};
        out[1] = (piece){expr_sub(ex, hi, u), PIECE_HALF, h};
        return 2;
    }
    if (lo || hi) {
        out[0] = (piece){lo ? expr_add2(ex, lo, u) : expr_sub(ex, hi, u), PIECE_LINE, NULL};
        return 1;
    }
    out[0] = (piece){u, PIECE_REAL, NULL};
    return 1;
}

/* ---- quadrature --------------------------------------------------------------------- */

typedef struct combo {
    tape *t;
    const piece *p[2];
} combo;

typedef struct qctx {
    int d;
    fimrt_tape_state st;
    mpfr_prec_t prec;
    /* the inner integral (d = 2) */
    mpfr_t a2, b2, ires, ierr, rel, relmax;
    fimrt_quad_ws_t ws2;
    long target2;
    bool inner_noconv;
    bool far_zero;  /* every end decays faster than any power (see far) */
    bool outer_far; /* the current outer node is far */
    unsigned long evals;
} qctx;

/* The rules' outermost nodes reach |u| ~ 1e50 and beyond, where exp(u) overflows even
 * MPFR's widest exponent range though the density, a ratio of such terms, is tiny. When
 * every end of the domain was shown to decay faster than any power (asym: beta < 0), a
 * node beyond |u| = 2^60 whose evaluation overflows counts as 0. Nowhere else is a
 * failed evaluation replaced. */
static bool far(const qctx *q, const mpfr_t x, int rc)
{
    return q->far_zero && (rc == FIMRT_TAPE_POLE || rc == FIMRT_TAPE_DOMAIN) &&
           (q->outer_far || mpfr_inf_p(x) || mpfr_get_exp(x) > 60);
}

static int f_one(mpfr_t y, const mpfr_t x, void *vc)
{
    qctx *q = vc;
    int rc = fimrt_tape_eval(&q->st, (const mpfr_t *)x, (mpfr_t *)y);
    if (rc != FIMRT_OK && far(q, x, rc)) {
        mpfr_set_zero(y, 1);
        return 0;
    }
    return rc != FIMRT_OK;
}

static int f_inner(mpfr_t y, const mpfr_t x, void *vc)
{
    qctx *q = vc;
    int rc = fimrt_tape_eval_bound(&q->st, (const mpfr_t *)x, (mpfr_t *)y);
    if (rc != FIMRT_OK && far(q, x, rc)) {
        mpfr_set_zero(y, 1);
        return 0;
    }
    return rc != FIMRT_OK;
}

/* The outer integrand of a nested rule: the inner integral at this outer point; the inner
 * error relative to the inner value is tracked (its worst case enters the uncertainty). */
static int f_outer(mpfr_t y, const mpfr_t x, void *vc)
{
    qctx *q = vc;
    q->outer_far = false;
    int brc = fimrt_tape_bind(&q->st, (const mpfr_t *)x);
    if (brc != FIMRT_OK && far(q, x, brc)) {
        mpfr_set_zero(y, 1);
        return 0;
    }
    if (brc != FIMRT_OK)
        return 1;
    q->outer_far = q->far_zero && mpfr_get_exp(x) > 60;
    int rc = fimrt_quad(q->ires, q->ierr, f_inner, q, q->a2, q->b2, NULL, NULL, NULL, 0, q->ws2,
                        q->target2, q->prec);
    q->evals += q->ws2->evals;
    if (rc == FIMRT_NOCONV)
        q->inner_noconv = true;
    else if (rc != FIMRT_OK)
        return 1;
    if (!mpfr_zero_p(q->ires)) {
        mpfr_div(q->rel, q->ierr, q->ires, MPFR_RNDU);
        mpfr_abs(q->rel, q->rel, MPFR_RNDU);
        if (mpfr_cmp(q->rel, q->relmax) > 0)
            mpfr_set(q->relmax, q->rel, MPFR_RNDU);
    }
    mpfr_set(y, q->ires, MPFR_RNDN);
    return 0;
}

/* The range of u for a piece, at precision prec. */
static void piece_range(const nctx *N, const piece *p, mpfr_t a, mpfr_t b, mpfr_prec_t prec)
{
    if (p->kind == PIECE_REAL) {
        mpfr_set_inf(a, -1);
        mpfr_set_inf(b, 1);
        return;
    }
    mpfr_set_ui(a, 0, MPFR_RNDN);
    if (p->kind == PIECE_LINE) {
        mpfr_set_inf(b, 1);
        return;
    }
    eval_ctx *ev = eval_new(N->m->ex, prec);
    if (eval_expr(ev, b, model_const_values(N->m, p->h)) != EVAL_OK)
        mpfr_set_nan(b);
    eval_free(ev);
}

/* One pass at working precision prec over every combination of pieces: res, err (err
 * includes the worst relative inner error times |res|). Returns 0, 1 when some rule did
 * not converge (res and err are then the best values), -1 when the density could not be
 * evaluated (why set). */
static int one_pass(const nctx *N, const combo *cs, int nc, int d, mpfr_prec_t prec, mpfr_t res,
                    mpfr_t err, unsigned long *evals, char **why)
{
    qctx q = {.d = d, .prec = prec, .far_zero = N->far_zero};
    mpfr_inits2(prec, q.a2, q.b2, q.ires, q.ierr, q.rel, q.relmax, (mpfr_ptr)0);
    mpfr_set_ui(q.relmax, 0, MPFR_RNDN);
    fimrt_quad_ws_init(q.ws2);
    fimrt_quad_ws_t ws1;
    fimrt_quad_ws_init(ws1);
    if (d == 2) /* nested: bounded work (8 levels each way), the rest is undecided */
        q.ws2->max_level = ws1->max_level = 8;
    mpfr_t a1, b1, r, e;
    mpfr_inits2(prec, a1, b1, r, e, (mpfr_ptr)0);
    mpfr_set_ui(res, 0, MPFR_RNDN);
    mpfr_set_ui(err, 0, MPFR_RNDN);
    long target = d == 1 ? (long)prec - 16 : (long)prec - 12;
    q.target2 = (long)prec - 24;
    int status = 0;
    for (int i = 0; i < nc && status >= 0; i++) {
        if (fimrt_tape_state_init(&q.st, tape_runtime(cs[i].t), prec + 32) != FIMRT_OK) {
            *why = xstrdup("the density cannot be evaluated (its constant part fails)");
            status = -1;
            break;
        }
        piece_range(N, cs[i].p[0], a1, b1, prec);
        if (d == 2)
            piece_range(N, cs[i].p[1], q.a2, q.b2, prec);
        int rc = fimrt_quad(r, e, d == 1 ? f_one : f_outer, &q, a1, b1, NULL, NULL, NULL, 0, ws1,
                            target, prec);
        q.evals += ws1->evals;
        if (rc == FIMRT_NOCONV) {
            status = 1;
        } else if (rc != FIMRT_OK) {
            strbuf sb = {0};
            if (rc == FIMRT_EVALFAIL)
                sb_printf(&sb, "the density cannot be evaluated at a quadrature node (local "
                               "coordinate %.6g)",
                          mpfr_get_d(d == 1 ? ws1->fail_x : q.ws2->fail_x, MPFR_RNDN));
            else
                sb_printf(&sb, "the quadrature failed (status %d)", rc);
            *why = sb_take(&sb);
            status = -1;
        }
        fimrt_tape_state_clear(&q.st);
        if (status >= 0) {
            mpfr_add(res, res, r, MPFR_RNDN);
            mpfr_add(err, err, e, MPFR_RNDU);
        }
    }
    if (q.inner_noconv && status == 0)
        status = 1;
    if (status >= 0) {
        mpfr_mul(q.rel, q.relmax, res, MPFR_RNDU);
        mpfr_abs(q.rel, q.rel, MPFR_RNDU);
        mpfr_add(err, err, q.rel, MPFR_RNDU);
    }
    *evals += q.evals;
    fimrt_quad_ws_clear(ws1);
    fimrt_quad_ws_clear(q.ws2);
    mpfr_clears(a1, b1, r, e, q.a2, q.b2, q.ires, q.ierr, q.rel, q.relmax, (mpfr_ptr)0);
    return status;
}

/* The decimal digits of r2 that max(|r1 - r2|, e1, e2) leaves certain (one fewer than the
 * uncertainty's order, for the rounding of the last), in 0..cap. */
static int verified_digits(const mpfr_t r1, const mpfr_t e1, const mpfr_t r2, const mpfr_t e2,
                           int cap)
{
    if (mpfr_sgn(r2) <= 0)
        return 0;
    mpfr_t u;
    mpfr_init2(u, 64);
    mpfr_sub(u, r1, r2, MPFR_RNDU);
    mpfr_abs(u, u, MPFR_RNDU);
    if (mpfr_cmp(e1, u) > 0)
        mpfr_set(u, e1, MPFR_RNDU);
    if (mpfr_cmp(e2, u) > 0)
        mpfr_set(u, e2, MPFR_RNDU);
    int dg = cap;
    if (!mpfr_zero_p(u)) {
        mpfr_div(u, u, r2, MPFR_RNDU);
        long ex;
        double mm = mpfr_get_d_2exp(&ex, u, MPFR_RNDU);
        dg = (int)floor(-(log10(mm) + (double)ex * 0.30102999566398120)) - 1;
    }
    mpfr_clear(u);
    return dg < 0 ? 0 : dg > cap ? cap : dg;
}

/* Z of dens over syms[0..d) by quadrature: r->value, r->digits; *noconv when a rule did
 * not converge. Returns false (r->reason set) when the density cannot be evaluated. */
static bool integrate(const nctx *N, expr *dens, const int *syms, int d, normalizer *r,
                      bool *noconv)
{
    model *m = N->m;
    piece ps[2][2];
    int np[2] = {1, 1};
    for (int i = 0; i < d; i++)
        np[i] = pieces_of(N, syms[i], N->u[i], ps[i]);
    combo cs[4];
    int nc = 0;
    bool ok = true;
    for (int i = 0; i < np[0] && ok; i++)
        for (int j = 0; j < (d == 2 ? np[1] : 1) && ok; j++) {
            expr *vals[2] = {ps[0][i].theta, d == 2 ? ps[1][j].theta : NULL};
            expr *g = simp_normal(N->sc, expr_subst(m->ex, dens, (size_t)d, syms, vals));
            g = model_const_values(m, g);
            tape_error te;
            cs[nc].t = tape_build_fixed(m->ex, (size_t)d, N->u, d == 2 ? 1 : 0, 1, &g, NULL, &te);
            cs[nc].p[0] = &ps[0][i];
            cs[nc].p[1] = d == 2 ? &ps[1][j] : NULL;
            if (!cs[nc].t) {
                r->reason = xstrdup("the density cannot be compiled for evaluation");
                ok = false;
            } else {
                nc++;
            }
        }
    int D = N->digits;
    mpfr_prec_t p1 = N->prec > 0 ? (mpfr_prec_t)N->prec : (mpfr_prec_t)(D * 3.33 + 40);
    int attempts = N->prec > 0 ? 1 : d == 1 ? 3 : 2;
    for (int at = 0; at < attempts && ok; at++, p1 *= 2) {
        mpfr_prec_t p2 = p1 + 64;
        mpfr_t r1, e1, r2, e2;
        mpfr_inits2(p1, r1, e1, (mpfr_ptr)0);
        mpfr_inits2(p2, r2, e2, (mpfr_ptr)0);
        unsigned long evals = 0;
        char *why = NULL;
        int s1 = one_pass(N, cs, nc, d, p1, r1, e1, &evals, &why);
        int s2 = s1 < 0 ? s1 : one_pass(N, cs, nc, d, p2, r2, e2, &evals, &why);
        if (s1 < 0 || s2 < 0) {
            r->reason = why;
            ok = false;
        } else {
            *noconv = s1 > 0 || s2 > 0;
            int cap = (int)(p1 * 0.30103) - 2;
            r->digits = verified_digits(r1, e1, r2, e2, cap < D ? cap : D);
            mpfr_set_prec(r->value, p2);
            mpfr_set(r->value, r2, MPFR_RNDN);
        }
        mpfr_clears(r1, e1, r2, e2, (mpfr_ptr)0);
        if (ok && r->digits >= D && !*noconv)
            break;
    }
    for (int i = 0; i < nc; i++)
        tape_free(cs[i].t);
    return ok;
}

/* ---- descriptions ----------------------------------------------------------------------- */

static const char *pname(const model *m, int sym)
{
    return expr_sym_get(m->ex, sym)->name;
}

/* "p -> 0", "lambda -> inf", "mu -> -inf" */
static void end_text(strbuf *sb, const model *m, int sym, expr *end, asym_side side)
{
    sb_printf(sb, "%s -> ", pname(m, sym));
    if (end)
        expr_print(sb, m->ex, end);
    else
        sb_puts(sb, side == ASYM_LOWER ? "-inf" : "inf");
}

/* c t^alpha |log t|^k exp(beta t^gamma) in the parameter: t = theta - a, b - theta, theta
 * or -theta. */
static expr *behaviour(const nctx *N, const asym *a, int sym, expr *end, asym_side side)
{
    expr_ctx *ex = N->m->ex;
    expr *th = expr_sym(ex, sym);
    expr *t = !end ? (side == ASYM_LOWER ? expr_neg(ex, th) : th)
                   : (side == ASYM_LOWER ? expr_sub(ex, th, end) : expr_sub(ex, end, th));
    expr *f[4];
    size_t n = 0;
    f[n++] = simp_normal(N->sc, a->coef);
    f[n++] = expr_pow(ex, t, expr_num(ex, a->alpha));
    if (mpq_sgn(a->k))
        f[n++] = expr_pow(ex, expr_fn1(ex, FN_ABS, expr_fn1(ex, FN_LOG, t)), expr_num(ex, a->k));
    if (mpq_sgn(a->beta))
        f[n++] = expr_fn1(ex, FN_EXP, expr_mul2(ex, expr_num(ex, a->beta),
                                                expr_pow(ex, t, expr_num(ex, a->gamma))));
    return expr_mul(ex, n, f);
}

/* Why an end diverges, from its form. */
static char *divergence_reason(const nctx *N, const asym *a, int sym, expr *end, asym_side side)
{
    strbuf sb = {0};
    sb_puts(&sb, "sqrt(det F) ~ ");
    expr_print(&sb, N->m->ex, behaviour(N, a, sym, end, side));
    sb_puts(&sb, " as ");
    end_text(&sb, N->m, sym, end, side);
    char *al = mpq_get_str(NULL, 10, a->alpha), *k = mpq_get_str(NULL, 10, a->k);
    if (mpq_sgn(a->beta) > 0)
        sb_puts(&sb, ", which grows faster than any power");
    else if (mpq_cmp_si(a->alpha, -1, 1) == 0 && mpq_sgn(a->k))
        sb_printf(&sb, ": exponent -1 with a log power %s >= -1, so the integral diverges there",
                  k);
    else
        sb_printf(&sb, ": exponent %s %s -1 at %s end, so the integral diverges there", al,
                  end ? "<=" : ">=", end ? "a finite" : "an infinite");
    free(al);
    free(k);
    return sb_take(&sb);
}

static char *rational_text(const mpq_t q)
{
    return mpq_get_str(NULL, 10, q);
}

/* "theta^(-1/2)", "theta^2", "theta", "1" */
static void power_text(strbuf *sb, const char *name, const mpq_t al)
{
    char *s = rational_text(al);
    if (mpq_sgn(al) == 0)
        sb_puts(sb, "1");
    else if (mpq_cmp_ui(al, 1, 1) == 0)
        sb_puts(sb, name);
    else if (mpq_sgn(al) > 0 && mpz_cmp_ui(mpq_denref(al), 1) == 0)
        sb_printf(sb, "%s^%s", name, s);
    else
        sb_printf(sb, "%s^(%s)", name, s);
    free(s);
}

/* dens / theta^alpha free of theta? (then dens is c theta^alpha) */
static bool is_power(const nctx *N, expr *dens, int sym, const mpq_t al)
{
    expr_ctx *ex = N->m->ex;
    mpq_t na;
    mpq_init(na);
    mpq_neg(na, al);
    expr *q = simp_normal(N->sc, expr_mul2(ex, dens, expr_pow(ex, expr_sym(ex, sym), expr_num(ex, na))));
    mpq_clear(na);
    return !expr_has_sym(ex, q, sym);
}

static bool is_num(const model *m, expr *e, long v)
{
    if (!e)
        return false;
    e = model_const_values(m, e);
    return e->kind == EXPR_NUM && mpq_cmp_si(e->q, v, 1) == 0;
}

/* The standard forms of one coordinate: Beta(a, b) on (0, 1); c theta^alpha on
 * (0, inf). Returns NULL when neither. */
static char *form_1d(const nctx *N, expr *dens, int sym, const asym *lo, const asym *hi)
{
    expr_ctx *ex = N->m->ex;
    const domain *dm = dom_of(N->m, sym);
    if (!lo->known || !hi->known || mpq_sgn(lo->beta) || mpq_sgn(hi->beta))
        return NULL;
    if (is_num(N->m, dom_lo(dm), 0) && is_num(N->m, dom_hi(dm), 1)) {
        /* dens / (theta^a0 (1 - theta)^a1) free of theta: Beta(a0 + 1, a1 + 1) */
        mpq_t n0, n1;
        mpq_inits(n0, n1, NULL);
        mpq_neg(n0, lo->alpha);
        mpq_neg(n1, hi->alpha);
        expr *th = expr_sym(ex, sym);
        expr *f[3] = {dens, expr_pow(ex, th, expr_num(ex, n0)),
                      expr_pow(ex, expr_sub(ex, expr_int(ex, 1), th), expr_num(ex, n1))};
        expr *q = simp_normal(N->sc, expr_mul(ex, 3, f));
        char *res = NULL;
        if (!expr_has_sym(ex, q, sym)) {
            mpq_set_ui(n0, 1, 1);
            mpq_add(n0, n0, lo->alpha);
            mpq_set_ui(n1, 1, 1);
            mpq_add(n1, n1, hi->alpha);
            char *a = rational_text(n0), *b = rational_text(n1);
            strbuf sb = {0};
            sb_printf(&sb, "Beta(%s, %s)", a, b);
            res = sb_take(&sb);
            free(a);
            free(b);
        }
        mpq_clears(n0, n1, NULL);
        return res;
    }
    return NULL;
}

/* "theta^alpha" when dens is c theta^alpha on (0, inf), "1" when it is flat; NULL else. */
static char *power_form(const nctx *N, expr *dens, int sym, const asym *hi)
{
    const domain *dm = dom_of(N->m, sym);
    strbuf sb = {0};
    if (!expr_has_sym(N->m->ex, dens, sym)) {
        sb_puts(&sb, "1");
        return sb_take(&sb);
    }
    if (!hi->known || mpq_sgn(hi->beta) || !is_num(N->m, dom_lo(dm), 0) || dom_hi(dm) ||
        !is_power(N, dens, sym, hi->alpha))
        return NULL;
    power_text(&sb, pname(N->m, sym), hi->alpha);
    return sb_take(&sb);
}

static char *improper_form(const char *p)
{
    strbuf sb = {0};
    sb_printf(&sb, "∝ %s%s, improper", p, strcmp(p, "1") == 0 ? " (flat)" : "");
    return sb_take(&sb);
}

/* ---- one coordinate ------------------------------------------------------------------ */

static void analyse_1d(const nctx *N, expr *dens, int sym, normalizer *r, bool ends_only)
{
    model *m = N->m;
    const domain *dm = dom_of(m, sym);
    expr *ends[2] = {dom_lo(dm), dom_hi(dm)};
    asym a[2];
    asym_conv cv[2];
    for (int s = 0; s < 2; s++) {
        asym_init(&a[s]);
        asym_end(m, N->sc, dens, sym, ends[s], (asym_side)s, N->u[0], &a[s]);
        cv[s] = asym_integrable(&a[s], ends[s] != NULL);
    }
    int bad = cv[0] == ASYM_DIVERGES ? 0 : cv[1] == ASYM_DIVERGES ? 1 : -1;
    nctx M = *N;
    M.far_zero = a[0].known && a[1].known && mpq_sgn(a[0].beta) < 0 && mpq_sgn(a[1].beta) < 0;
    N = &M;
    if (bad >= 0) {
        r->verdict = NORM_IMPROPER;
        r->reason = divergence_reason(N, &a[bad], sym, ends[bad], (asym_side)bad);
        char *p = power_form(N, dens, sym, &a[1]);
        if (p)
            r->form = improper_form(p);
        free(p);
    } else if (ends_only) {
        r->verdict = NORM_UNDECIDED;
    } else {
        bool noconv = false;
        r->method = "quadrature";
        if (!integrate(N, dens, &sym, 1, r, &noconv)) {
            r->verdict = NORM_UNDECIDED;
        } else {
            int und = cv[0] == ASYM_UNDECIDED ? 0 : cv[1] == ASYM_UNDECIDED ? 1 : -1;
            strbuf sb = {0};
            if (und >= 0) {
                sb_puts(&sb, "the behaviour of sqrt(det F) as ");
                end_text(&sb, m, sym, ends[und], (asym_side)und);
                sb_printf(&sb, " could not be analysed (%s)", a[und].why ? a[und].why : "no rule");
            }
            if (und >= 0 && noconv) {
                sb_puts(&sb, " and the quadrature did not converge: whether the prior is "
                             "proper cannot be decided");
                r->verdict = NORM_UNDECIDED;
                r->reason = sb_take(&sb);
            } else {
                r->verdict = NORM_PROPER;
                if (und >= 0) {
                    sb_puts(&sb, "; the value rests on the quadrature's convergence alone");
                    r->note = sb_take(&sb);
                }
                r->form = form_1d(N, dens, sym, &a[0], &a[1]);
            }
            sb_free(&sb);
        }
    }
    asym_clear(&a[0]);
    asym_clear(&a[1]);
}

/* ---- two coordinates ------------------------------------------------------------------ */

/* A constant's value at prec bits; false when it cannot be evaluated. */
static bool const_value(const nctx *N, expr *e, mpfr_t out)
{
    eval_ctx *ev = eval_new(N->m->ex, mpfr_get_prec(out));
    bool ok = eval_expr(ev, out, model_const_values(N->m, e)) == EVAL_OK;
    eval_free(ev);
    return ok;
}

static void move_result(normalizer *dst, normalizer *src)
{
    dst->verdict = src->verdict;
    dst->reason = src->reason;
    src->reason = NULL;
    dst->note = src->note;
    src->note = NULL;
}

/* dens = c f(theta1) g(theta2): each factor on its own. */
static void analyse_product(const nctx *N, expr *c, expr *const *f, const int *syms,
                            normalizer *r)
{
    model *m = N->m;
    normalizer sub[2];
    char *forms[2] = {NULL, NULL};
    for (int i = 0; i < 2; i++) {
        memset(&sub[i], 0, sizeof sub[i]);
        mpfr_init2(sub[i].value, 64);
    }
    bool done = false;
    /* the ends of both factors first: an improper one decides without any quadrature */
    for (int pass = 0; pass < 2 && !done; pass++)
    for (int i = 0; i < 2 && !done; i++) {
        const domain *dm = dom_of(m, syms[i]);
        expr *lo = dom_lo(dm), *hi = dom_hi(dm);
        if (!expr_has_sym(m->ex, f[i], syms[i])) {
            if (pass == 1)
                continue;
            forms[i] = xstrdup("1");
            if (!lo || !hi) {
                char *ds = model_domain_string(m, dm);
                strbuf sb = {0};
                sb_printf(&sb, "sqrt(det F) does not depend on %s, whose domain %s is unbounded",
                          pname(m, syms[i]), ds);
                free(ds);
                r->verdict = NORM_IMPROPER;
                r->reason = sb_take(&sb);
                done = true;
            } else {
                /* the length of the domain, exactly */
                sub[i].verdict = NORM_PROPER;
                mpfr_set_prec(sub[i].value, (mpfr_prec_t)(N->digits * 3.33 + 64));
                if (!const_value(N, expr_sub(m->ex, hi, lo), sub[i].value))
                    mpfr_set_nan(sub[i].value);
                sub[i].digits = N->digits;
            }
            continue;
        }
        nctx M = *N;
        M.u[0] = N->u[i];
        normalize_clear(&sub[i]);
        memset(&sub[i], 0, sizeof sub[i]);
        mpfr_init2(sub[i].value, 64);
        analyse_1d(&M, f[i], syms[i], &sub[i], pass == 0);
        free(forms[i]);
        asym hi_a;
        asym_init(&hi_a);
        asym_end(m, N->sc, f[i], syms[i], dom_hi(dm), ASYM_UPPER, N->u[i], &hi_a);
        forms[i] = power_form(N, f[i], syms[i], &hi_a);
        asym_clear(&hi_a);
        if (sub[i].verdict == NORM_IMPROPER) {
            /* the other factor is a positive function (F is non-singular on the domain), so
             * its integral is positive and the product's is infinite */
            strbuf sb = {0};
            sb_printf(&sb, "sqrt(det F) factorises, and its factor in %s is improper: %s",
                      pname(m, syms[i]), sub[i].reason);
            r->verdict = NORM_IMPROPER;
            r->reason = sb_take(&sb);
            done = true;
        }
    }
    if (done) {
        if (forms[0] && forms[1]) {
            strbuf sb = {0};
            bool f0 = strcmp(forms[0], "1") != 0, f1 = strcmp(forms[1], "1") != 0;
            sb_printf(&sb, "%s%s%s", f0 ? forms[0] : "", f0 && f1 ? "*" : "",
                      f1 ? forms[1] : (f0 ? "" : "1"));
            r->form = improper_form(sb_str(&sb));
            sb_free(&sb);
        }
    } else if (sub[0].verdict == NORM_PROPER && sub[1].verdict == NORM_PROPER) {
        r->verdict = NORM_PROPER;
        r->method = "product of quadratures";
        mpfr_prec_t p = mpfr_get_prec(sub[0].value) > mpfr_get_prec(sub[1].value)
                            ? mpfr_get_prec(sub[0].value) : mpfr_get_prec(sub[1].value);
        mpfr_set_prec(r->value, p);
        if (!const_value(N, c, r->value)) {
            r->verdict = NORM_UNDECIDED;
            r->reason = xstrdup("the constant factor of sqrt(det F) cannot be evaluated");
        } else {
            mpfr_mul(r->value, r->value, sub[0].value, MPFR_RNDN);
            mpfr_mul(r->value, r->value, sub[1].value, MPFR_RNDN);
            /* each factor's relative uncertainty is below 10^-(digits + 1) (verified_digits
             * keeps one digit in hand), so the product's, their sum, is below 10^-min */
            r->digits = sub[0].digits < sub[1].digits ? sub[0].digits : sub[1].digits;
            r->note = sub[0].note ? sub[0].note : sub[1].note;
            if (sub[0].note)
                sub[0].note = NULL;
            else
                sub[1].note = NULL;
        }
    } else {
        move_result(r, sub[0].verdict != NORM_PROPER ? &sub[0] : &sub[1]);
    }
    for (int i = 0; i < 2; i++) {
        free(forms[i]);
        normalize_clear(&sub[i]);
    }
}

static void analyse_2d(const nctx *N, expr *dens, const int *syms, normalizer *r)
{
    model *m = N->m;
    expr_ctx *ex = m->ex;
    expr *nf = simp_normal(N->sc, dens);
    expr *const *fs = nf->kind == EXPR_MUL ? nf->args : &nf;
    size_t n = nf->kind == EXPR_MUL ? nf->nargs : 1;
    ptrvec parts[3] = {{0}, {0}, {0}}; /* constant, theta1 only, theta2 only */
    bool separable = true;
    for (size_t i = 0; i < n; i++) {
        bool h1 = expr_has_sym(ex, fs[i], syms[0]), h2 = expr_has_sym(ex, fs[i], syms[1]);
        if (h1 && h2)
            separable = false;
        pv_push(&parts[h1 ? 1 : h2 ? 2 : 0], fs[i]);
    }
    if (separable) {
        expr *c = expr_mul(ex, parts[0].n, (expr *const *)parts[0].v);
        expr *f[2] = {expr_mul(ex, parts[1].n, (expr *const *)parts[1].v),
                      expr_mul(ex, parts[2].n, (expr *const *)parts[2].v)};
        analyse_product(N, c, f, syms, r);
    } else {
        /* an end of one coordinate that diverges for every value of the other */
        nctx M = *N;
        M.far_zero = true;
        for (int i = 0; i < 2 && r->verdict != NORM_IMPROPER; i++) {
            const domain *dm = dom_of(m, syms[i]);
            expr *ends[2] = {dom_lo(dm), dom_hi(dm)};
            for (int s = 0; s < 2 && r->verdict != NORM_IMPROPER; s++) {
                asym a;
                asym_init(&a);
                asym_end(m, N->sc, dens, syms[i], ends[s], (asym_side)s, N->u[0], &a);
                if (!a.known || mpq_sgn(a.beta) >= 0)
                    M.far_zero = false;
                if (asym_integrable(&a, ends[s] != NULL) == ASYM_DIVERGES) {
                    r->verdict = NORM_IMPROPER;
                    char *why = divergence_reason(N, &a, syms[i], ends[s], (asym_side)s);
                    strbuf sb = {0};
                    sb_printf(&sb, "%s, for every %s", why, pname(m, syms[1 - i]));
                    free(why);
                    r->reason = sb_take(&sb);
                }
                asym_clear(&a);
            }
        }
        if (r->verdict != NORM_IMPROPER) {
            bool noconv = false;
            r->method = "nested quadrature";
            if (!integrate(&M, dens, syms, 2, r, &noconv)) {
                r->verdict = NORM_UNDECIDED;
            } else if (noconv) {
                r->verdict = NORM_UNDECIDED;
                r->reason = xstrdup("the nested quadrature did not converge, and the ends of "
                                    "the domain do not show the prior improper: whether it is "
                                    "proper cannot be decided");
            } else {
                r->verdict = NORM_PROPER;
                r->note = xstrdup("with two parameters, finiteness rests on the nested "
                                  "quadrature's convergence");
            }
        }
    }
    for (int i = 0; i < 3; i++)
        pv_free(&parts[i]);
}

void normalize_jeffreys(normalizer *r, model *m, simp_ctx *sc, expr *density,
                        const int *params, int d, int digits, long prec_override)
{
    memset(r, 0, sizeof *r);
    mpfr_init2(r->value, 64);
    r->verdict = NORM_UNDECIDED;
    if (d > 2) {
        r->verdict = NORM_REFUSED;
        r->reason = xstrdup("normalizing is not attempted for more than two parameters");
        return;
    }
    nctx N = {.m = m, .sc = sc, .digits = digits, .prec = prec_override};
    N.u[0] = expr_sym_new(m->ex, "u", SYM_LOCAL, NULL);
    N.u[1] = expr_sym_new(m->ex, "v", SYM_LOCAL, NULL);
    /* The rules' outer nodes reach |u| ~ 1e18, where exp(u) needs exponents far beyond
     * MPFR's default range (2^30): widen it to the largest for the integration, restore it
     * after (the results are ordinary numbers). */
    mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();
    mpfr_set_emin(mpfr_get_emin_min());
    mpfr_set_emax(mpfr_get_emax_max());
    if (d == 1)
        analyse_1d(&N, density, params[0], r, false);
    else
        analyse_2d(&N, density, params, r);
    mpfr_set_emin(emin);
    mpfr_set_emax(emax);
    mpfr_check_range(r->value, 0, MPFR_RNDN);
}

void normalize_clear(normalizer *r)
{
    mpfr_clear(r->value);
    free(r->reason);
    free(r->form);
    free(r->note);
    r->reason = r->form = r->note = NULL;
}
