/* runtime/quad_sum.c — sums of callback terms over k = lo, lo+1, ...: infinite ones stopped
 * by a ratio-test tail bound, finite ones summed outright.
 *
 * The tail bound. If |t_{j+1}| <= ρ·|t_j| for every j >= k, with ρ < 1, then
 *   Σ_{j>k} |t_j| <= |t_k|·(ρ + ρ² + ...) = |t_k|·ρ/(1-ρ).
 * The hypothesis concerns terms not yet computed, so it is an assumption: the ratio
 * ρ_j = |t_j/t_{j-1}| is eventually non-increasing. We accept it once the last RUN ratios
 * are all below 1 and non-increasing (up to the terms' rounding), and take ρ = the largest
 * of them, rounded up. Terms that grow first (Poisson with λ = 1000 grows until k ≈ λ)
 * have ratios above 1 and never trigger the bound; terms with ratios creeping up to 1
 * (1/k²) never pass the non-increasing test, so no bound is claimed for them.
 *
 * Rounding. Terms come at prec bits and are assumed accurate to one ulp (≤ 2^(1-prec)
 * relative); sums carry prec + 32 bits, so n <= 2^31 additions add at most
 * 2^(-prec-1)·Σ|t|. Both are covered by the allowance 2^(2-prec)·Σ|t| in err. Ratios are
 * computed at prec bits rounded up and inflated by 2^(3-prec) for the terms' errors, so ρ
 * bounds the exact ratios of the exact terms.
 */
#include <limits.h>
#include <stdlib.h>

#include <mpfr.h>

#include "fimrt.h"

#define SUM_GUARD 32  /* bits above prec in the running sums */
#define SUM_RUN 8     /* ratios that must be < 1 and non-increasing before a bound */

/* Per component: running sums and the ratio-test state. */
struct scomp {
    mpfr_t S, A;         /* Σ t_j, Σ |t_j| at prec + SUM_GUARD */
    mpfr_t prev;         /* |t_{k-1}| at prec (0: none yet, or zero) */
    mpfr_t rho[SUM_RUN]; /* the last ratios, ring buffer, at prec, rounded up */
    mpfr_t bound;        /* the tail bound at the last term, when ok */
    int run;             /* consecutive ratios < 1 and non-increasing */
    int zrun;            /* consecutive exactly-zero terms */
    int have_prev;
};

static void comp_init(struct scomp *c, mpfr_prec_t prec)
{
    int r;

    mpfr_inits2(prec + SUM_GUARD, c->S, c->A, (mpfr_ptr)0);
    mpfr_inits2(prec, c->prev, c->bound, (mpfr_ptr)0);
    for (r = 0; r < SUM_RUN; r++)
        mpfr_init2(c->rho[r], prec);
    mpfr_set_zero(c->S, 1);
    mpfr_set_zero(c->A, 1);
    c->run = c->zrun = c->have_prev = 0;
}

static void comp_clear(struct scomp *c)
{
    int r;

    mpfr_clears(c->S, c->A, c->prev, c->bound, (mpfr_ptr)0);
    for (r = 0; r < SUM_RUN; r++)
        mpfr_clear(c->rho[r]);
}

/* Adds the term t (index n from lo) to c and updates the ratio test. Returns whether c's
 * tail is now bounded: SUM_RUN exactly-zero terms in a row (bound 0), or SUM_RUN ratios
 * < 1 and non-increasing (bound = |t|·ρ/(1-ρ) with ρ their maximum, all rounded up).
 * tmp, tmp2 are scratch at prec. */
static int comp_add(struct scomp *c, const mpfr_t t, unsigned long n, mpfr_t tmp, mpfr_t tmp2,
                    mpfr_prec_t prec)
{
    int slot = (int)(n % SUM_RUN), prevslot = (int)((n + SUM_RUN - 1) % SUM_RUN), r;

    mpfr_add(c->S, c->S, t, MPFR_RNDN);
    if (mpfr_sgn(t) >= 0)
        mpfr_add(c->A, c->A, t, MPFR_RNDN);
    else
        mpfr_sub(c->A, c->A, t, MPFR_RNDN);
    if (mpfr_zero_p(t)) {
        c->zrun++;
        c->run = 0;
        c->have_prev = 0;
        mpfr_set_zero(c->bound, 1);
        return c->zrun >= SUM_RUN;
    }
    c->zrun = 0;
    if (!c->have_prev) {
        c->run = 0;
    } else {
        /* ρ = |t|/|t_prev|·(1 + 2^(3-prec)), rounded up */
        mpfr_div(c->rho[slot], t, c->prev, MPFR_RNDA);
        mpfr_abs(c->rho[slot], c->rho[slot], MPFR_RNDU);
        mpfr_div_2si(tmp, c->rho[slot], prec - 3, MPFR_RNDU);
        mpfr_add(c->rho[slot], c->rho[slot], tmp, MPFR_RNDU);
        if (mpfr_cmp_ui(c->rho[slot], 1) >= 0) {
            c->run = 0;
        } else if (c->run > 0) {
            /* non-increasing up to rounding: ρ_k <= ρ_{k-1}·(1 + 2^(4-prec)) */
            mpfr_div_2si(tmp, c->rho[prevslot], prec - 4, MPFR_RNDU);
            mpfr_add(tmp, tmp, c->rho[prevslot], MPFR_RNDU);
            c->run = mpfr_cmp(c->rho[slot], tmp) <= 0 ? c->run + 1 : 1;
        } else {
            c->run = 1;
        }
    }
    mpfr_abs(c->prev, t, MPFR_RNDN); /* exact */
    c->have_prev = 1;
    if (c->run < SUM_RUN)
        return 0;
    /* ρ = max of the last SUM_RUN ratios; bound = |t|·(1 + 2^(2-prec))·ρ/(1-ρ) */
    mpfr_set(tmp, c->rho[0], MPFR_RNDU);
    for (r = 1; r < SUM_RUN; r++)
        if (mpfr_cmp(c->rho[r], tmp) > 0)
            mpfr_set(tmp, c->rho[r], MPFR_RNDU);
    mpfr_ui_sub(tmp2, 1, tmp, MPFR_RNDD);
    if (mpfr_sgn(tmp2) <= 0)
        return 0;
    mpfr_div(tmp, tmp, tmp2, MPFR_RNDU);
    mpfr_mul(c->bound, c->prev, tmp, MPFR_RNDU);
    mpfr_div_2si(tmp, c->bound, prec - 2, MPFR_RNDU);
    mpfr_add(c->bound, c->bound, tmp, MPFR_RNDU);
    return 1;
}

/* err = bound + 2^(2-prec)·A, rounded up. */
static void comp_err(mpfr_t err, const struct scomp *c, mpfr_prec_t prec, mpfr_t tmp)
{
    mpfr_div_2si(tmp, c->A, prec - 2, MPFR_RNDU);
    mpfr_add(err, c->bound, tmp, MPFR_RNDU);
}

/* Calls f for index k and checks the outputs. */
static int call_terms(fimrt_vterm_fn f, void *ctx, mpfr_t *y, size_t m, long k)
{
    size_t i;

    if (f(y, k, ctx) != 0)
        return FIMRT_EVALFAIL;
    for (i = 0; i < m; i++)
        if (!mpfr_number_p(y[i]))
            return FIMRT_EVALFAIL;
    return FIMRT_OK;
}

int fimrt_sum_vec(mpfr_t *result, mpfr_t *err, size_t m, fimrt_vterm_fn f, void *ctx,
                  long lo, unsigned long max_terms, long target_bits, mpfr_prec_t prec)
{
    struct scomp *c;
    mpfr_t *y, tmp, tmp2, e;
    unsigned long n, room;
    size_t i;
    int status = FIMRT_OK, ok = 0;

    /* the last index lo + max_terms - 1 must not pass LONG_MAX */
    room = lo >= 0 ? (unsigned long)(LONG_MAX - lo)
                   : (unsigned long)LONG_MAX + (unsigned long)(-(lo + 1)) + 1UL;
    if (m == 0 || !f || target_bits < 1 || max_terms == 0 || max_terms - 1 > room
        || prec < MPFR_PREC_MIN || prec > MPFR_PREC_MAX - SUM_GUARD)
        return FIMRT_INVALID;
    c = malloc(m * sizeof *c);
    y = malloc(m * sizeof *y);
    if (!c || !y) {
        free(c);
        free(y);
        return FIMRT_NOMEM;
    }
    for (i = 0; i < m; i++) {
        comp_init(&c[i], prec);
        mpfr_init2(y[i], prec);
    }
    mpfr_inits2(prec, tmp, tmp2, (mpfr_ptr)0);
    mpfr_init2(e, 64);

    for (n = 0; n < max_terms && !ok; n++) {
        /* k = lo + n, in range (checked above); the wrap-around of the unsigned sum is
         * what two's complement makes of a negative lo */
        long k = (long)((unsigned long)lo + n);

        status = call_terms(f, ctx, y, m, k);
        if (status != FIMRT_OK)
            break;
        ok = 1;
        for (i = 0; i < m; i++) {
            if (!comp_add(&c[i], y[i], n, tmp, tmp2, prec)) {
                ok = 0;
                continue;
            }
            /* accepted when bound + 2^(2-prec)·A <= 2^-target·A */
            comp_err(e, &c[i], prec, tmp);
            mpfr_div_2si(tmp, c[i].A, target_bits, MPFR_RNDD);
            if (!(mpfr_cmp(e, tmp) <= 0))
                ok = 0;
        }
    }
    if (status == FIMRT_OK) {
        status = ok ? FIMRT_OK : FIMRT_NOCONV;
        for (i = 0; i < m; i++) {
            mpfr_set(result[i], c[i].S, MPFR_RNDN);
            if (c[i].zrun >= SUM_RUN || c[i].run >= SUM_RUN) {
                comp_err(e, &c[i], prec, tmp);
                mpfr_set(err[i], e, MPFR_RNDU);
            } else {
                mpfr_set_inf(err[i], 1);
            }
        }
    }
    for (i = 0; i < m; i++) {
        comp_clear(&c[i]);
        mpfr_clear(y[i]);
    }
    mpfr_clears(tmp, tmp2, e, (mpfr_ptr)0);
    free(c);
    free(y);
    return status;
}

/* The scalar forms go through the vector ones with m = 1. */
struct scalar_term {
    fimrt_term_fn f;
    void *ctx;
};

static int scalar_term_call(mpfr_t *t, long k, void *ctx)
{
    const struct scalar_term *st = ctx;

    return st->f(t[0], k, st->ctx);
}

int fimrt_sum(mpfr_t result, mpfr_t err, fimrt_term_fn f, void *ctx, long lo,
              unsigned long max_terms, long target_bits, mpfr_prec_t prec)
{
    struct scalar_term st;

    if (!f)
        return FIMRT_INVALID;
    st.f = f;
    st.ctx = ctx;
    return fimrt_sum_vec((mpfr_t *)result, (mpfr_t *)err, 1, scalar_term_call, &st, lo,
                         max_terms, target_bits, prec);
}

/* Σ_{k=lo}^{hi} t_k at prec + 32 bits; err = 2^(2-prec)·Σ|t_k| (one ulp per term and the
 * rounding of the additions, as above), rounded up. */
int fimrt_sum_range_vec(mpfr_t *result, mpfr_t *err, size_t m, fimrt_vterm_fn f, void *ctx,
                        long lo, long hi, mpfr_prec_t prec)
{
    mpfr_t *S, *y;
    size_t i;
    long k;
    int status = FIMRT_OK;

    if (m == 0 || !f || prec < MPFR_PREC_MIN || prec > MPFR_PREC_MAX - SUM_GUARD)
        return FIMRT_INVALID;
    S = malloc(2 * m * sizeof *S);
    y = malloc(m * sizeof *y);
    if (!S || !y) {
        free(S);
        free(y);
        return FIMRT_NOMEM;
    }
    for (i = 0; i < m; i++) {
        mpfr_inits2(prec + SUM_GUARD, S[i], S[m + i], (mpfr_ptr)0);
        mpfr_set_zero(S[i], 1);
        mpfr_set_zero(S[m + i], 1);
        mpfr_init2(y[i], prec);
    }
    for (k = lo; k <= hi; k++) {
        status = call_terms(f, ctx, y, m, k);
        if (status != FIMRT_OK)
            break;
        for (i = 0; i < m; i++) {
            mpfr_add(S[i], S[i], y[i], MPFR_RNDN);
            if (mpfr_sgn(y[i]) >= 0)
                mpfr_add(S[m + i], S[m + i], y[i], MPFR_RNDN);
            else
                mpfr_sub(S[m + i], S[m + i], y[i], MPFR_RNDN);
        }
        if (k == LONG_MAX)
            break;
    }
    if (status == FIMRT_OK)
        for (i = 0; i < m; i++) {
            mpfr_set(result[i], S[i], MPFR_RNDN);
            if (err)
                mpfr_div_2si(err[i], S[m + i], prec - 2, MPFR_RNDU);
        }
    for (i = 0; i < m; i++) {
        mpfr_clears(S[i], S[m + i], y[i], (mpfr_ptr)0);
    }
    free(S);
    free(y);
    return status;
}

int fimrt_sum_range(mpfr_t result, mpfr_t err, fimrt_term_fn f, void *ctx, long lo, long hi,
                    mpfr_prec_t prec)
{
    struct scalar_term st;

    if (!f)
        return FIMRT_INVALID;
    st.f = f;
    st.ctx = ctx;
    return fimrt_sum_range_vec((mpfr_t *)result, err ? (mpfr_t *)err : NULL, 1,
                               scalar_term_call, &st, lo, hi, prec);
}
