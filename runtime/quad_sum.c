/* runtime/quad_sum.c — sums of callback terms over k = lo, lo+1, ...: infinite ones stopped
 * by a ratio-test tail bound, finite ones summed outright.
 *
 * The tail bound. If |t_{j+1}| <= ρ·|t_j| for every j >= k, with ρ < 1, then
 *   Σ_{j>k} |t_j| <= |t_k|·(ρ + ρ² + ...) = |t_k|·ρ/(1-ρ).
 * The hypothesis concerns terms not yet computed, so it is an assumption, made in one of
 * two forms. Write r_j = |t_j/t_{j-1}| for the exact ratios, j = the index from lo.
 *
 * (a) Non-increasing: the ratio is eventually non-increasing. We accept it once the last
 * RUN ratios are all below 1 and non-increasing (up to the terms' rounding), and take
 * ρ = the largest of them, rounded up. Poisson, and negative binomial with r >= 1, times
 * polynomials, past the mode.
 *
 * (b) Increasing to a limit below 1: hypergeometric-like terms, r_j = L - a/j + O(1/j²)
 * with a > 0, possibly times slowly varying factors ((log j)² from a digamma score) —
 * negative binomial with r < 1, whose ratio (j+r-1)(1-p)/j rises to 1-p forever and never
 * passes (a). With Δ_j = r_j - r_{j-1} the assumption is
 *   Δ_j <= (1 - s/j)·Δ_{j-1} for every j after the current index n, s = 1 + 1/C, C = 4,
 * i.e. the increments decay at least like j^-s (hypergeometric ones decay like j^-2). It
 * implies sup_{j>n} r_j <= r_n + C·(n+1)·max(Δ_n, 0): with u_j = max(Δ_j, 0),
 * u_j <= u_n·Π_{i=n+1..j}(1 - s/i) <= u_n·((n+1)/(j+1))^s, and
 * Σ_{j>n} ((n+1)/(j+1))^s <= (n+1)^s·∫_{n+1}^∞ x^-s dx = (n+1)/(s-1) = C·(n+1).
 * We accept it once the last RUN ratios are below 1 and strictly increasing and the last
 * RUN-2 increments satisfy the inequality (each checked against the ratios' error bars),
 * and take ρ = the largest of those ratios + C·(n+1)·Δ_n, all rounded up, if that is < 1.
 * Why C = 4: for r_j = L - a/j exactly, L - r_n = a/n and n·Δ_n = a/(n-1), so C = 1 would
 * just reach L; the O(1/j²) terms and slowly varying factors move the local decay exponent
 * of Δ from 2 by O(1/n) and O(1/log n), which C = 4 (s = 5/4) absorbs with room to spare,
 * and the cost is small: ρ sits about 3a/n above L, a few more terms. The two checks
 * together reject ratios creeping up to 1: for 1 - r_j ~ c·j^-α the increments decay like
 * j^-(1+α), passing the decay check only if α >= 1/C, and then C·(n+1)·Δ_n ≈ C·α·(1-r_n)
 * >= 1 - r_n, so ρ >= 1 (1/k², α = 1, is rejected by the ρ test; exp(-√k), α = 1/2, too;
 * exp(-k^0.9), α = 0.1, by the decay check). What (b) cannot see is a sequence that
 * satisfies the checks for RUN ratios and later rises again (the increments stop
 * decaying); for such terms the bound may be wrong, as (a)'s may for ratios that later
 * rise. Terms that grow first (Poisson with λ = 1000 grows until k ≈ λ) have ratios above
 * 1 and trigger neither bound; 1/k² passes neither, so no bound is claimed for it.
 *
 * Rounding. Terms come at prec bits and are assumed accurate to one ulp (≤ 2^(1-prec)
 * relative); sums carry prec + 32 bits, so n <= 2^31 additions add at most
 * 2^(-prec-1)·Σ|t|. Both are covered by the allowance 2^(2-prec)·Σ|t| in err. Ratios are
 * computed at prec bits rounded up and inflated by 2^(3-prec) for the terms' errors, so ρ
 * bounds the exact ratios of the exact terms; conversely the exact ratio is at least
 * ρ·(1 - 2^(5-prec)): the two one-ulp term errors, the division's rounding and the
 * inflation put ρ within (1+2u)³(1+8u)/(1-2u) = 1 + 16u + O(u²) of it, u = 2^-prec, which
 * 1/(1 - 32u) covers for prec >= 16. (b) uses this for lower bounds on the increments,
 * and claims nothing below 16 bits.
 */
#include <limits.h>
#include <stdlib.h>

#include <mpfr.h>

#include "fimrt.h"

#define SUM_GUARD 32  /* bits above prec in the running sums */
#define SUM_RUN 8     /* ratios that must be < 1 and monotone before a bound */
#define SUM_INC_C 4   /* the increasing case: C, with the decay exponent s = 1 + 1/C = 5/4 */
#define SUM_INC_MIN_PREC 16 /* below this the increasing case claims no bound */

/* Per component: running sums and the ratio-test state. */
struct scomp {
    mpfr_t S, A;         /* Σ t_j, Σ |t_j| at prec + SUM_GUARD */
    mpfr_t prev;         /* |t_{k-1}| at prec (0: none yet, or zero) */
    mpfr_t rho[SUM_RUN]; /* the last ratios, ring buffer, at prec, rounded up */
    mpfr_t dlo;          /* increasing case: lower bound on the last increment Δ */
    mpfr_t dup;          /* increasing case: upper bound on the last increment Δ */
    mpfr_t w1, w2;       /* scratch at prec */
    mpfr_t bound;        /* the tail bound at the last term, when bounded */
    int run;             /* consecutive ratios < 1 and non-increasing */
    int lt1;             /* consecutive ratios < 1 */
    int irun;            /* consecutive increments > 0 that passed the decay test */
    int have_dlo;        /* dlo, dup are those of the latest increment, and dlo > 0 */
    int zrun;            /* consecutive exactly-zero terms */
    int have_prev;
    int bounded;         /* the last comp_add returned 1: bound holds at the last term */
};

static void comp_init(struct scomp *c, mpfr_prec_t prec)
{
    int r;

    mpfr_inits2(prec + SUM_GUARD, c->S, c->A, (mpfr_ptr)0);
    mpfr_inits2(prec, c->prev, c->bound, c->dlo, c->dup, c->w1, c->w2, (mpfr_ptr)0);
    for (r = 0; r < SUM_RUN; r++)
        mpfr_init2(c->rho[r], prec);
    mpfr_set_zero(c->S, 1);
    mpfr_set_zero(c->A, 1);
    c->run = c->lt1 = c->irun = c->have_dlo = c->zrun = c->have_prev = c->bounded = 0;
}

static void comp_clear(struct scomp *c)
{
    int r;

    mpfr_clears(c->S, c->A, c->prev, c->bound, c->dlo, c->dup, c->w1, c->w2, (mpfr_ptr)0);
    for (r = 0; r < SUM_RUN; r++)
        mpfr_clear(c->rho[r]);
}

/* y = x·(1 - 2^(5-prec)), rounded down: a lower bound on the exact ratio whose upper bound
 * x comp_add computed (see the header). y must not be x; tmp is scratch. */
static void ratio_lower(mpfr_t y, const mpfr_t x, mpfr_t tmp, mpfr_prec_t prec)
{
    mpfr_div_2si(tmp, x, prec - 5, MPFR_RNDU);
    mpfr_sub(y, x, tmp, MPFR_RNDD);
}

/* The increasing case: called once the ratio of term n (n from lo) is stored, < 1, in
 * rho[slot], with c->lt1 counting it. Updates dlo, dup, have_dlo and irun: irun counts
 * the consecutive n at which, for the exact ratios r_j,
 *   Δ_n = r_n - r_{n-1} > 0, Δ_{n-1} > 0 and Δ_n <= (1 - s/n)·Δ_{n-1}, s = 1 + 1/C,
 * hold whatever the exact ratios within the error bars [lower(ρ), ρ] (upper bound of each
 * left side against the lower bound of the right). */
static void inc_update(struct scomp *c, unsigned long n, int slot, int prevslot,
                       mpfr_prec_t prec)
{
    int pass;

    if (c->lt1 < 2 || prec < SUM_INC_MIN_PREC) {
        c->irun = c->have_dlo = 0;
        return;
    }
    /* this increment: Δ_n >= lower(ρ_n) - ρ_{n-1} (w2), Δ_n <= ρ_n - lower(ρ_{n-1}) (w1) */
    ratio_lower(c->w1, c->rho[slot], c->w2, prec);
    mpfr_sub(c->w2, c->w1, c->rho[prevslot], MPFR_RNDD);
    if (mpfr_sgn(c->w2) <= 0) { /* not surely increasing */
        c->irun = c->have_dlo = 0;
        return;
    }
    ratio_lower(c->w1, c->rho[prevslot], c->dup, prec);
    mpfr_sub(c->w1, c->rho[slot], c->w1, MPFR_RNDU);
    pass = 0;
    if (c->have_dlo) {
        /* Δ_n <= (1 - s/n)·Δ_{n-1} with s = 1 + 1/C is C·n·Δ_n <= (C·n - C - 1)·Δ_{n-1}:
         * C·n·up(Δ_n) against C·n·lo(Δ_{n-1}) - (C+1)·lo(Δ_{n-1}). n >= 3 here (three
         * ratios in a row), so C·n - C - 1 > 0. dup and dlo are free now: the new
         * bounds are in w1 (up) and w2 (lo). */
        mpfr_mul_ui(c->dup, c->dlo, n, MPFR_RNDD);
        mpfr_mul_ui(c->dup, c->dup, SUM_INC_C, MPFR_RNDD);
        mpfr_mul_ui(c->dlo, c->dlo, SUM_INC_C + 1, MPFR_RNDU);
        mpfr_sub(c->dup, c->dup, c->dlo, MPFR_RNDD); /* <= (C·n - C - 1)·Δ_{n-1} */
        mpfr_mul_ui(c->dlo, c->w1, n, MPFR_RNDU);
        mpfr_mul_ui(c->dlo, c->dlo, SUM_INC_C, MPFR_RNDU); /* >= C·n·Δ_n */
        pass = mpfr_cmp(c->dlo, c->dup) <= 0;
    }
    c->irun = pass ? c->irun + 1 : 0;
    mpfr_swap(c->dup, c->w1);
    mpfr_swap(c->dlo, c->w2);
    c->have_dlo = 1;
}

/* Adds the term t (index n from lo) to c and updates the ratio test. Returns whether c's
 * tail is now bounded (and records it in c->bounded): SUM_RUN exactly-zero terms in a row
 * (bound 0), SUM_RUN ratios < 1 and non-increasing (bound = |t|·ρ/(1-ρ) with ρ their
 * maximum), or SUM_RUN ratios < 1, increasing and passing the decay test (ρ = their
 * maximum + C·(n+1)·Δ_n, when < 1); all rounded up. tmp, tmp2 are scratch at prec. */
static int comp_add(struct scomp *c, const mpfr_t t, unsigned long n, mpfr_t tmp, mpfr_t tmp2,
                    mpfr_prec_t prec)
{
    int slot = (int)(n % SUM_RUN), prevslot = (int)((n + SUM_RUN - 1) % SUM_RUN), r;

    c->bounded = 0;
    mpfr_add(c->S, c->S, t, MPFR_RNDN);
    if (mpfr_sgn(t) >= 0)
        mpfr_add(c->A, c->A, t, MPFR_RNDN);
    else
        mpfr_sub(c->A, c->A, t, MPFR_RNDN);
    if (mpfr_zero_p(t)) {
        c->zrun++;
        c->run = c->lt1 = c->irun = c->have_dlo = 0;
        c->have_prev = 0;
        mpfr_set_zero(c->bound, 1);
        c->bounded = c->zrun >= SUM_RUN;
        return c->bounded;
    }
    c->zrun = 0;
    if (!c->have_prev) {
        c->run = c->lt1 = c->irun = c->have_dlo = 0;
    } else {
        /* ρ = |t|/|t_prev|·(1 + 2^(3-prec)), rounded up */
        mpfr_div(c->rho[slot], t, c->prev, MPFR_RNDA);
        mpfr_abs(c->rho[slot], c->rho[slot], MPFR_RNDU);
        mpfr_div_2si(tmp, c->rho[slot], prec - 3, MPFR_RNDU);
        mpfr_add(c->rho[slot], c->rho[slot], tmp, MPFR_RNDU);
        if (mpfr_cmp_ui(c->rho[slot], 1) >= 0) {
            c->run = c->lt1 = c->irun = c->have_dlo = 0;
        } else {
            if (c->run > 0) {
                /* non-increasing up to rounding: ρ_k <= ρ_{k-1}·(1 + 2^(4-prec)) */
                mpfr_div_2si(tmp, c->rho[prevslot], prec - 4, MPFR_RNDU);
                mpfr_add(tmp, tmp, c->rho[prevslot], MPFR_RNDU);
                c->run = mpfr_cmp(c->rho[slot], tmp) <= 0 ? c->run + 1 : 1;
            } else {
                c->run = 1;
            }
            c->lt1++;
            inc_update(c, n, slot, prevslot, prec);
        }
    }
    mpfr_abs(c->prev, t, MPFR_RNDN); /* exact */
    c->have_prev = 1;
    if (c->run < SUM_RUN && c->irun < SUM_RUN - 2)
        return 0;
    /* ρ = max of the last SUM_RUN ratios */
    mpfr_set(tmp, c->rho[0], MPFR_RNDU);
    for (r = 1; r < SUM_RUN; r++)
        if (mpfr_cmp(c->rho[r], tmp) > 0)
            mpfr_set(tmp, c->rho[r], MPFR_RNDU);
    if (c->run < SUM_RUN) {
        /* the increasing case: ρ += C·(n+1)·up(Δ_n) */
        mpfr_mul_ui(tmp2, c->dup, n, MPFR_RNDU);
        mpfr_add(tmp2, tmp2, c->dup, MPFR_RNDU);
        mpfr_mul_ui(tmp2, tmp2, SUM_INC_C, MPFR_RNDU);
        mpfr_add(tmp, tmp, tmp2, MPFR_RNDU);
    }
    /* bound = |t|·(1 + 2^(2-prec))·ρ/(1-ρ) */
    mpfr_ui_sub(tmp2, 1, tmp, MPFR_RNDD);
    if (mpfr_sgn(tmp2) <= 0)
        return 0;
    mpfr_div(tmp, tmp, tmp2, MPFR_RNDU);
    mpfr_mul(c->bound, c->prev, tmp, MPFR_RNDU);
    mpfr_div_2si(tmp, c->bound, prec - 2, MPFR_RNDU);
    mpfr_add(c->bound, c->bound, tmp, MPFR_RNDU);
    c->bounded = 1;
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
            if (c[i].bounded) {
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
