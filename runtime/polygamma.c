/* runtime/polygamma.c — ψ^(k)(x), the derivatives of the digamma function, in MPFR.
 *
 * For k >= 1, s = k+1 and x not a non-positive integer,
 *     ψ^(k)(x) = (-1)^(k+1) k! F(x),   F(x) = ζ(s, x) = Σ_{i>=0} (x+i)^-s.
 * F is evaluated as Σ_{i<m} (x+i)^-s + ζ(s, x+m), with m chosen so that x+m >= N (a
 * threshold growing with the precision), and the tail by the Euler–Maclaurin series
 *     ζ(s, X) = X^(1-s)/(s-1) + X^-s/2 + Σ_{j>=1} B_2j/(2j)! (s)_(2j-1) X^(1-s-2j) + R_J,
 * (s)_n the rising factorial. f(t) = (X+t)^-s is completely monotone, so the remainder R_J
 * has the sign of the first omitted term and is at most its size (Olver, Asymptotics and
 * Special Functions, ch. 8 §3). Bernoulli numbers come exactly from the tangent numbers
 * (Brent & Harvey's integer algorithm), B_2j = (-1)^(j-1) 2j T_j / (4^j (4^j - 1)),
 * computed per call.
 *
 * Every step keeps a rigorous error bound E (an mpfr_t of ERR_PREC bits, rounded up); the
 * result is rounded once mpfr_can_round says the ball (S, E) decides it, otherwise the
 * working precision p grows (Ziv). Error notes use u = 2^-p and the rule
 * (1+u)^n <= 1 + 2nu (valid for nu <= 1/2, always the case here): a value computed with n
 * roundings to nearest from exact inputs is within 2nu relative of the exact one, so within
 * 4nu·|computed| absolute.
 *
 * Negative x: x >= -N uses the same sum (its terms then change sign when s is odd);
 * x < -N uses the reflection formula ψ^(k)(x) = (-1)^k ψ^(k)(1-x) - π^s cot^(k)(πx), with
 * cot^(k) a polynomial in cot evaluated in interval arithmetic.
 *
 * Tiny x = ±2^-e: k!/x^s is exact and the rest is smaller than any rounding gap, of known
 * sign, so the result is rounded directly (tiny_power_of_two) — the Ziv loop alone would
 * need about s·e bits to see past the exact leading term.
 */
#include <math.h>
#include <stdlib.h>

#include <gmp.h>
#include <mpfr.h>

#include "fimrt.h"
#include "ziv.h"

#define ERR_PREC 32
/* the largest order accepted: s + 2j and the like stay far from overflow */
#define MAX_ORDER (1UL << 20)
#define TWO_PI 6.283185307179586

/* malloc that aborts on failure, as GMP and MPFR do for their own memory. */
static void *xmalloc(size_t n)
{
    void *p = malloc(n);

    if (!p)
        abort();
    return p;
}

/* e += c·|z|·2^x, rounded up. */
static void err_add_mul(mpfr_t e, mpfr_t tmp, const mpfr_t z, unsigned long c, mpfr_exp_t x)
{
    mpfr_abs(tmp, z, MPFR_RNDU);
    mpfr_mul_ui(tmp, tmp, c, MPFR_RNDU);
    mpfr_mul_2si(tmp, tmp, x, MPFR_RNDU);
    mpfr_add(e, e, tmp, MPFR_RNDU);
}

/* Tangent numbers T_1..T_n into t[1..n] (t[0] unused), by Brent & Harvey's algorithm:
 * O(n²) small multiplications of exact integers. t must have n+1 initialised entries. */
static void tangent_numbers(mpz_t *t, unsigned long n)
{
    unsigned long i, j;

    if (n == 0)
        return;
    mpz_set_ui(t[1], 1);
    for (i = 2; i <= n; i++)
        mpz_mul_ui(t[i], t[i - 1], i - 1);
    for (i = 2; i <= n; i++)
        for (j = i; j <= n; j++) {
            /* T_j = (j-i) T_{j-1} + (j-i+2) T_j */
            mpz_mul_ui(t[j], t[j], j - i + 2);
            mpz_addmul_ui(t[j], t[j - 1], j - i);
        }
}

/* How many terms the series needs at X >= N for a relative error below 2^-(p+8), estimated
 * in double precision from |B_2j|/(2j)! ~ 2/(2π)^2j: the j-th term over the leading one is
 * about 2(s-1)(s)_(2j-1)/(2πX)^2j. 0 if the terms stop decreasing first (N too small). */
static unsigned long terms_needed(unsigned long s, double X, mpfr_prec_t p)
{
    double step = 2.0 * log2(TWO_PI * X);
    double l = log2(2.0 * (double)(s - 1)) + log2((double)s) - step, prev = HUGE_VAL;
    unsigned long j;

    for (j = 1; j < 1000000; j++) {
        if (l < -(double)p - 8.0)
            return j;
        if (l >= prev)
            return 0;
        prev = l;
        l += log2((double)(s + 2 * j - 1)) + log2((double)(s + 2 * j)) - step;
    }
    return 0;
}

/* Puts in S an approximation of F(x) = ζ(s, x), adds to E a bound on its error and to A a
 * bound on the sum of the magnitudes of the terms (the scale of any cancellation).
 * Preconditions: s >= 2; x regular, not an integer <= 0, and x >= -(N+1); S of precision
 * p >= 32, not x; E and A of ERR_PREC bits, nonnegative; t[1..nt] the tangent numbers.
 * (A guides the precision increase; it plays no part in the error bound.)
 * Returns 0, or 1 when the series needs more than nt terms or its terms stop decreasing
 * above 2^-p of the result (the caller then raises N). */
static int hurwitz(mpfr_t S, mpfr_t E, mpfr_t A, unsigned long s, const mpfr_t x,
                   unsigned long N, mpz_t *t, unsigned long nt)
{
    mpfr_prec_t p = mpfr_get_prec(S);
    mpfr_t X, v, w, w2, r, c, cprev, tail, head, tmp, habs, cabs;
    mpz_t den;
    mpfr_exp_t top = 0, ref;
    unsigned long m = 0, i, j, nadd = 0, last = 0;
    int rc = 1;

    mpfr_inits2(p, X, v, w, w2, r, c, cprev, tail, head, (mpfr_ptr)0);
    mpfr_inits2(ERR_PREC, tmp, habs, cabs, (mpfr_ptr)0);
    mpz_init_set_ui(den, 3);

    if (mpfr_cmp_ui(x, N) < 0)
        m = (unsigned long)((long)N - mpfr_get_si(x, MPFR_RNDD)); /* x+m in [N, N+1) */

    /* head = Σ_{i<m} (x+i)^-s, smallest terms first when x > 0. */
    mpfr_set_zero(head, 1);
    mpfr_set_zero(habs, 1);
    for (i = m; i-- > 0;) {
        mpfr_add_ui(X, x, i, MPFR_RNDN); /* X = (x+i)(1+δ), |δ| <= u */
        if (s == 2)
            mpfr_sqr(v, X, MPFR_RNDN);
        else
            mpfr_pow_ui(v, X, s, MPFR_RNDN);
        mpfr_ui_div(v, 1, v, MPFR_RNDN); /* (x+i)^-s within 2(s+2)u relative: s+2 roundings */
        mpfr_add(head, head, v, MPFR_RNDN); /* <= ½ ulp(head) */
        if (mpfr_sgn(v) > 0)
            mpfr_add(habs, habs, v, MPFR_RNDU);
        else
            mpfr_sub(habs, habs, v, MPFR_RNDU);
        if (mpfr_regular_p(head) && (nadd++ == 0 || mpfr_get_exp(head) > top))
            top = mpfr_get_exp(head);
    }
    /* error(head) <= 4(s+2)u Σ|v| + nadd · ½ 2^(top-p) */
    err_add_mul(E, tmp, habs, 4 * (s + 2), -p);
    if (nadd > 0) {
        mpfr_set_ui(tmp, nadd, MPFR_RNDU);
        mpfr_mul_2si(tmp, tmp, top - p - 1, MPFR_RNDU);
        mpfr_add(E, E, tmp, MPFR_RNDU);
    }
    mpfr_add(A, A, habs, MPFR_RNDU);

    /* tail = ζ(s, x+m). X = (x+m)(1+δ), w = (1/X)(1+δ'); the series is summed at the exact
     * point X' = 1/w. For each i, (x+m+i)/(X'+i) lies in [1-2u, 1+3u], so termwise
     * ζ(s, x+m) = ζ(s, X')(1+η) with |η| <= 4su: error <= 8su|tail|, added below. */
    mpfr_add_ui(X, x, m, MPFR_RNDN);
    mpfr_ui_div(w, 1, X, MPFR_RNDN);
    mpfr_pow_ui(r, w, s - 1, MPFR_RNDN);  /* w^(s-1): 1 rounding */
    mpfr_div_ui(c, r, s - 1, MPFR_RNDN);  /* a0 = w^(s-1)/(s-1): 2 roundings */
    mpfr_mul(r, r, w, MPFR_RNDN);
    mpfr_div_2ui(r, r, 1, MPFR_RNDN);     /* a1 = w^s/2: 2 roundings */
    mpfr_add(tail, c, r, MPFR_RNDN);      /* <= ½ ulp(tail) */
    err_add_mul(E, tmp, c, 8, -p);        /* 4·2u|a0| */
    err_add_mul(E, tmp, r, 8, -p);        /* 4·2u|a1| */
    fimrt_ziv_err_add_2exp(E, tmp, mpfr_get_exp(tail) - p - 1);
    ref = mpfr_get_exp(tail);
    if (nadd > 0 && top > ref)
        ref = top;

    mpfr_sqr(w2, w, MPFR_RNDN);           /* 1 rounding */
    mpfr_mul_ui(r, r, s, MPFR_RNDN);
    mpfr_mul(r, r, w, MPFR_RNDN);         /* r_1 = s w^(s+1)/2: 4 roundings */
    mpfr_set_zero(cabs, 1);
    for (j = 1;; j++) {
        if (j > 1) {
            /* r_j = (s)_(2j-1) w^(s+2j-1) / (2j)!: 6 more roundings, 6j-2 in all */
            mpfr_mul(r, r, w2, MPFR_RNDN);
            mpfr_mul_ui(r, r, s + 2 * j - 3, MPFR_RNDN);
            mpfr_mul_ui(r, r, s + 2 * j - 2, MPFR_RNDN);
            mpfr_div_ui(r, r, 2 * j - 1, MPFR_RNDN);
            mpfr_div_ui(r, r, 2 * j, MPFR_RNDN);
            mpz_mul_2exp(den, den, 2);
            mpz_add_ui(den, den, 3); /* 4^j - 1 */
        }
        if (j > nt)
            goto done; /* rc = 1: more Bernoulli numbers needed */
        /* |c_j| = |B_2j| r_j = r_j 2j T_j / (4^j (4^j - 1)): 6j+1 roundings */
        mpfr_mul_z(c, r, t[j], MPFR_RNDN);
        mpfr_mul_ui(c, c, 2 * j, MPFR_RNDN);
        mpfr_div_2ui(c, c, 2 * j, MPFR_RNDN);
        mpfr_div_z(c, c, den, MPFR_RNDN);
        if (!mpfr_regular_p(c) || mpfr_get_exp(c) < ref - p - 2) {
            /* stop: |R_(j-1)| <= |c_j exact| <= 2|c| */
            if (mpfr_regular_p(c))
                err_add_mul(E, tmp, c, 2, 0);
            else
                fimrt_ziv_err_add_2exp(E, tmp, ref - 2 * p); /* c underflowed: far below u·2^ref */
            rc = 0;
            break;
        }
        if (j > 1 && mpfr_cmpabs(c, cprev) >= 0)
            goto done; /* rc = 1: diverging before converging, N too small */
        if (j & 1)
            mpfr_add(tail, tail, c, MPFR_RNDN); /* B_2j > 0 for odd j */
        else
            mpfr_sub(tail, tail, c, MPFR_RNDN);
        fimrt_ziv_err_add_2exp(E, tmp, mpfr_get_exp(tail) - p - 1); /* ½ ulp(tail) */
        mpfr_add(cabs, cabs, c, MPFR_RNDU);
        last = j;
        mpfr_swap(c, cprev);
    }
    /* the series terms: Σ 4(6j+1)u|c_j| <= 4(6J+1)u Σ|c_j| */
    err_add_mul(E, tmp, cabs, 4 * (6 * last + 1), -p);
    /* the argument X' in place of x+m */
    err_add_mul(E, tmp, tail, 8 * s, -p);

    mpfr_add(S, head, tail, MPFR_RNDN);
    if (mpfr_regular_p(S))
        fimrt_ziv_err_add_2exp(E, tmp, mpfr_get_exp(S) - p - 1);
    mpfr_abs(tmp, tail, MPFR_RNDU);
    mpfr_add(A, A, tmp, MPFR_RNDU);

done:
    mpfr_clears(X, v, w, w2, r, c, cprev, tail, head, tmp, habs, cabs, (mpfr_ptr)0);
    mpz_clear(den);
    return rc;
}

/* Coefficients a[0..k+1] (nonnegative integers) of V_k with
 * cot^(k)(θ) = (-1)^k V_k(cot θ): V_0(c) = c, V_(n+1)(c) = (1 + c²) V_n'(c).
 * a has k+2 initialised entries. */
static void cot_poly(mpz_t *a, unsigned long k)
{
    mpz_t *b = xmalloc((k + 2) * sizeof *b);
    unsigned long n, i;

    for (i = 0; i < k + 2; i++) {
        mpz_set_ui(a[i], i == 1);
        mpz_init(b[i]);
    }
    for (n = 0; n < k; n++) {
        for (i = 0; i < k + 2; i++)
            mpz_set_ui(b[i], 0);
        for (i = 1; i <= n + 1; i++) {
            mpz_addmul_ui(b[i - 1], a[i], i);
            mpz_addmul_ui(b[i + 1], a[i], i);
        }
        for (i = 0; i < k + 2; i++)
            mpz_swap(a[i], b[i]);
    }
    for (i = 0; i < k + 2; i++)
        mpz_clear(b[i]);
    free(b);
}

/* v = V(c) = Σ a_i c^i by Horner's rule, every operation rounded in direction rnd (RNDD
 * or RNDU): with c >= 0 and a_i >= 0 each step is monotone, so this is a bound. */
static void horner(mpfr_t v, mpz_t *a, unsigned long deg, const mpfr_t c, mpfr_rnd_t rnd)
{
    unsigned long i = deg;

    mpfr_set_z(v, a[i], rnd);
    while (i-- > 0) {
        mpfr_mul(v, v, c, rnd);
        mpfr_add_z(v, v, a[i], rnd);
    }
}

/* F(x) for a non-integer x < -1, as hurwitz does, by reflection:
 *     F(x) = (-1)^k F(1-x) + τ π^s V_k(cot(π|f|)) / k!,
 * f = x - round(x), τ = 1 for f > 0 and (-1)^(k+1) for f < 0 (cot^(k) has the parity
 * (-1)^(k+1) and period π). 1-x and f are exact; the second term is enclosed in
 * [lo, hi] by directed rounding, every step monotone. a = V_k's coefficients. */
static int reflect(mpfr_t S, mpfr_t E, mpfr_t A, unsigned long k, const mpfr_t x,
                   unsigned long N, mpz_t *t, unsigned long nt, mpz_t *a, const mpz_t kf)
{
    mpfr_prec_t p = mpfr_get_prec(S), px = mpfr_get_prec(x);
    unsigned long s = k + 1;
    mpfr_t n, f, x1, pl, ph, tl, th, lo, hi, tmp;
    int rc, tau;

    mpfr_inits2(px, n, f, (mpfr_ptr)0);
    mpfr_init2(x1, px + 1);
    mpfr_inits2(p, pl, ph, tl, th, lo, hi, (mpfr_ptr)0);
    mpfr_init2(tmp, ERR_PREC);

    mpfr_rint(n, x, MPFR_RNDN);   /* exact: an integer of at most EXP(x) <= px bits */
    mpfr_sub(f, x, n, MPFR_RNDN); /* exact: |f| <= 1/2 has x's ulp */
    mpfr_ui_sub(x1, 1, x, MPFR_RNDN); /* exact: 1 + |x| needs px+1 bits */
    rc = hurwitz(S, E, A, s, x1, N, t, nt);
    if (rc)
        goto out;
    tau = (mpfr_sgn(f) > 0 || (k & 1)) ? 1 : -1;
    mpfr_abs(f, f, MPFR_RNDN);

    mpfr_const_pi(pl, MPFR_RNDD);
    mpfr_const_pi(ph, MPFR_RNDU);
    mpfr_mul(tl, pl, f, MPFR_RNDD);          /* θ = π|f| in [tl, th], 0 < θ <= π/2 */
    mpfr_mul(th, ph, f, MPFR_RNDU);
    mpfr_cot(lo, th, MPFR_RNDD);             /* cot decreases on (0, π) */
    if (mpfr_sgn(lo) < 0)
        mpfr_set_zero(lo, 1);                /* cot θ >= 0 for θ <= π/2 */
    mpfr_cot(hi, tl, MPFR_RNDU);
    horner(tl, a, k + 1, lo, MPFR_RNDD);     /* V_k(cot θ) in [tl, th] */
    horner(th, a, k + 1, hi, MPFR_RNDU);
    mpfr_pow_ui(pl, pl, s, MPFR_RNDD);
    mpfr_pow_ui(ph, ph, s, MPFR_RNDU);
    mpfr_mul(lo, tl, pl, MPFR_RNDD);
    mpfr_mul(hi, th, ph, MPFR_RNDU);
    mpfr_div_z(lo, lo, kf, MPFR_RNDD);
    mpfr_div_z(hi, hi, kf, MPFR_RNDU);       /* π^s V_k / k! in [lo, hi] */

    mpfr_add(th, lo, hi, MPFR_RNDN);
    mpfr_div_2ui(th, th, 1, MPFR_RNDN);      /* the midpoint, within ½ ulp of (lo+hi)/2 */
    mpfr_sub(tmp, hi, lo, MPFR_RNDU);        /* so within (hi-lo) + ulp of the true value */
    mpfr_add(E, E, tmp, MPFR_RNDU);
    if (mpfr_regular_p(th))
        fimrt_ziv_err_add_2exp(E, tmp, mpfr_get_exp(th) - p);
    mpfr_abs(tmp, hi, MPFR_RNDU);
    mpfr_add(A, A, tmp, MPFR_RNDU);

    if (k & 1)
        mpfr_neg(S, S, MPFR_RNDN);           /* exact */
    if (tau > 0)
        mpfr_add(S, S, th, MPFR_RNDN);
    else
        mpfr_sub(S, S, th, MPFR_RNDN);
    if (mpfr_regular_p(S))
        fimrt_ziv_err_add_2exp(E, tmp, mpfr_get_exp(S) - p - 1);

out:
    mpfr_clears(n, f, x1, pl, ph, tl, th, lo, hi, tmp, (mpfr_ptr)0);
    return rc;
}

/* Poles and infinities of ψ^(k), k >= 1. Returns 1 and sets y and *inex if x is one. */
static int special(mpfr_t y, int *inex, unsigned long k, const mpfr_t x)
{
    int odd = (int)(k & 1);

    *inex = 0;
    if (mpfr_nan_p(x) || (mpfr_inf_p(x) && mpfr_sgn(x) < 0) ||
        (!odd && mpfr_sgn(x) < 0 && mpfr_integer_p(x))) {
        mpfr_set_nan(y);
        mpfr_set_nanflag();
        return 1;
    }
    if (mpfr_inf_p(x)) { /* ψ^(k)(x) ~ (-1)^(k+1) (k-1)!/x^k */
        mpfr_set_zero(y, odd ? 1 : -1);
        return 1;
    }
    if (mpfr_zero_p(x) || (mpfr_sgn(x) < 0 && mpfr_integer_p(x))) {
        /* odd k: +Inf from both sides; even k at ±0: -k!/x^(k+1), so ∓Inf */
        mpfr_set_inf(y, odd ? 1 : (mpfr_signbit(x) ? 1 : -1));
        mpfr_set_divby0();
        return 1;
    }
    return 0;
}

/* x = ±2^(e-1) with e very negative: ψ^(k)(x) = t + δ with t = (-1)^(k+1) k! x^-s exact
 * and δ = (-1)^(k+1) k! ζ(s, 1+x), of that sign and below 5 k!. When δ is below half the
 * gap round_near needs, round t + 0⁺ or t - 0⁺. Returns 1 and sets y, *inex if it did. */
static int tiny_power_of_two(mpfr_t y, int *inex, unsigned long k, const mpfr_t x,
                             mpfr_rnd_t rnd, const mpz_t kf)
{
    mpfr_exp_t e = mpfr_get_exp(x);
    unsigned long s = k + 1;
    mpfr_prec_t bits = (mpfr_prec_t)mpz_sizeinbase(kf, 2), P;
    int sigma = (k & 1) ? 1 : -1, sign;
    mpfr_t t;

    if (mpfr_min_prec(x) != 1 || e >= 0)
        return 0;
    P = (bits > mpfr_get_prec(y) ? bits : mpfr_get_prec(y)) + 2;
    /* need 2^(EXP(k!)+3) > 5 k! ... <= 2^(EXP(t)-P-1), i.e. (1-e)s >= P+4 */
    if ((mpfr_exp_t)(1 - e) < (mpfr_exp_t)((P + 4 + (mpfr_prec_t)s - 1) / (mpfr_prec_t)s))
        return 0;
    sign = (mpfr_sgn(x) < 0 && (s & 1)) ? -sigma : sigma;
    mpfr_init2(t, bits < MPFR_PREC_MIN ? MPFR_PREC_MIN : bits);
    mpfr_set_z(t, kf, MPFR_RNDN);                  /* exact */
    mpfr_mul_2si(t, t, -(e - 1) * (mpfr_exp_t)s, MPFR_RNDN); /* exact unless overflow */
    if (sign < 0)
        mpfr_neg(t, t, MPFR_RNDN);
    if (mpfr_inf_p(t)) {
        mpfr_set(y, t, MPFR_RNDN);
        mpfr_set_overflow();
        mpfr_set_inexflag();
        *inex = sign;
    } else
        *inex = fimrt_ziv_round_near(y, t, sigma, rnd);
    mpfr_clear(t);
    return 1;
}

int fimrt_polygamma(mpfr_t y, unsigned long k, const mpfr_t x, mpfr_rnd_t rnd)
{
    mpfr_prec_t py = mpfr_get_prec(y), p;
    unsigned long s = k + 1, N, nt, have = 0, i, boost = 1;
    mpz_t kf, *t = NULL, *a = NULL;
    mpfr_t S, Y, E, A, tmp;
    mpfr_flags_t flags;
    mpfr_exp_t lost;
    double xd;
    int inex, rc;

    if (k == 0)
        return mpfr_digamma(y, x, rnd);
    if (k > MAX_ORDER) {
        mpfr_set_nan(y);
        mpfr_set_nanflag();
        mpfr_set_erangeflag();
        return 0;
    }
    if (special(y, &inex, k, x))
        return inex;

    mpz_init(kf);
    mpz_fac_ui(kf, k);
    if (tiny_power_of_two(y, &inex, k, x, rnd, kf)) {
        mpz_clear(kf);
        return inex;
    }

    flags = mpfr_flags_save();
    xd = mpfr_get_d(x, MPFR_RNDD);
    p = py + 32;
    mpfr_inits2(p, S, Y, (mpfr_ptr)0);
    mpfr_inits2(ERR_PREC, E, A, tmp, (mpfr_ptr)0);
    for (;;) {
        /* N ~ p/4 (p/2 above 2048 bits, where the O(nt²) tangent numbers start to weigh):
         * shifting costs N steps, the series about πN terms at most (measured) */
        N = (unsigned long)((double)p * (p > 2048 ? 0.5 : 0.25) * (double)boost) + 2;
        while ((nt = terms_needed(s, xd > (double)N ? xd : (double)N, p)) == 0)
            N += N / 2 + 1;
        nt += 2;
        if (nt > have) {
            for (i = 0; i <= have && t; i++)
                mpz_clear(t[i]);
            free(t);
            t = xmalloc((nt + 1) * sizeof *t);
            for (i = 0; i <= nt; i++)
                mpz_init(t[i]);
            tangent_numbers(t, nt);
            have = nt;
        }
        mpfr_set_prec(S, p);
        mpfr_set_prec(Y, p);
        mpfr_set_zero(E, 1);
        mpfr_set_zero(A, 1);
        if (mpfr_cmp_si(x, -(long)N) >= 0)
            rc = hurwitz(S, E, A, s, x, N, t, have);
        else {
            if (!a) {
                a = xmalloc((k + 2) * sizeof *a);
                for (i = 0; i < k + 2; i++)
                    mpz_init(a[i]);
                cot_poly(a, k);
            }
            rc = reflect(S, E, A, k, x, N, t, have, a, kf);
        }
        if (rc) { /* the series did not converge at this N */
            boost *= 2;
            continue;
        }
        /* Y = (-1)^(k+1) k! S: error k! E + ½ ulp(Y) */
        mpfr_mul_z(Y, S, kf, MPFR_RNDN);
        if (!(k & 1))
            mpfr_neg(Y, Y, MPFR_RNDN);
        mpfr_mul_z(E, E, kf, MPFR_RNDU);
        mpfr_mul_z(A, A, kf, MPFR_RNDU);
        if (!mpfr_regular_p(Y))
            break; /* out of the exponent range: ±Inf or ±0 */
        fimrt_ziv_err_add_2exp(E, tmp, mpfr_get_exp(Y) - p - 1);
        if (fimrt_ziv_ball_rounds(Y, E, py, rnd) || fimrt_ziv_ball_give_up(Y, E, py, p))
            break;
        /* the usual Ziv increase, or the bits lost to cancellation if more (x < 0) */
        lost = mpfr_regular_p(A) ? mpfr_get_exp(A) - mpfr_get_exp(Y) : 0;
        p += lost > p / 2 ? lost : p / 2;
    }

    mpfr_flags_restore(flags, MPFR_FLAGS_ALL);
    if (mpfr_inf_p(Y))
        mpfr_set_overflow();
    else if (mpfr_zero_p(Y))
        mpfr_set_underflow();
    inex = mpfr_set(y, Y, rnd);
    if (!mpfr_regular_p(Y) && inex == 0) {
        inex = mpfr_zero_p(Y) ? ((k & 1) ? -1 : 1) : mpfr_sgn(Y);
        mpfr_set_inexflag();
    }

    mpfr_clears(S, Y, E, A, tmp, (mpfr_ptr)0);
    if (t) {
        for (i = 0; i <= have; i++)
            mpz_clear(t[i]);
        free(t);
    }
    if (a) {
        for (i = 0; i < k + 2; i++)
            mpz_clear(a[i]);
        free(a);
    }
    mpz_clear(kf);
    return inex;
}
