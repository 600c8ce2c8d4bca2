/* runtime/fimrt.h — libfimrt: the special functions and the symmetric linear algebra that
 * fimc's generated MPFR code and its numeric commands call. Knows nothing of the language.
 *
 * Ownership. Every function writes only its outputs; all temporaries are allocated inside
 * and freed before it returns, and nothing is cached between calls (the library keeps no
 * mutable state of its own; MPFR's constant caches, e.g. for pi, are MPFR's: call
 * mpfr_free_cache() at exit). Outputs are initialised by the caller (mpfr_init2) and keep
 * their precision; the caller clears them. A fimrt_ldlt_t filled by fimrt_sym_factor owns
 * its arrays until fimrt_ldlt_clear.
 *
 * Aliasing. Outputs may be the same objects as inputs (y and x the same mpfr_t; the inverse
 * written over A; X over B): inputs are read, or copied, before any output is written.
 * Distinct outputs of one call must not overlap each other.
 *
 * Special functions have MPFR's calling shape: output first, inputs, mpfr_rnd_t last; the
 * int returned is the ternary value (the sign of y - f(x)), and the MPFR flags are set as
 * for the final rounding only (intermediate over/underflows are not reported). Unless said
 * otherwise each is CORRECTLY ROUNDED in every rounding mode with a correct ternary value:
 * an enclosure of f(x) is computed with guard bits and a rigorous error bound, and the
 * working precision is raised until the enclosure rounds to one value (Ziv's strategy).
 * Safety valves, for arguments where f(x) would be exactly a rounding boundary (none is
 * known outside the special cases handled exactly): if the enclosure is narrower than
 * 2^(-2*PREC(y)-64) relative and still undecided, or the working precision reaches
 * 8*PREC(y) + 2^20 bits, the loop stops and returns its approximation rounded (faithful
 * in the first case; a zero if the enclosure contains 0), with that approximation's
 * ternary value. Intermediate quantities must lie in the current exponent range (MPFR's
 * default is ±2^30 bits of exponent); beyond it results saturate to ±Inf or ±0.
 *
 * Linear algebra works on row-major n×n arrays of mpfr_t (element (i,j) is A[i*n+j]) and
 * reads only the lower triangle (j <= i) of a symmetric input. The working precision is
 * the explicit mpfr_prec_t argument, last as in Arb; results are rounded to nearest into
 * the outputs' own precisions. These are not correctly rounded: LDLᵀ with Bunch–Kaufman
 * pivoting is backward stable, so expect relative errors of order cond(A)·n·2^(-prec).
 * They return a status (enum fimrt_status); on failure the outputs are left unchanged.
 *
 * Note: passing an mpfr_t * where a const mpfr_t * is expected is valid C and silent in
 * GCC and Clang, except that GCC's -Wpedantic flags it before C2X; cast if you use that. */
#ifndef FIMRT_H
#define FIMRT_H

#include <stddef.h>
#include <mpfr.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- special functions ------------------------------------------------------------- */

/* y = ψ₁(x) = d²/dx² log Γ(x), the trigamma function; the same as fimrt_polygamma with
 * k = 1. Correctly rounded for every x. Poles: at x = 0, -1, -2, ... (and ±0) the result
 * is +Inf (ψ₁ tends to +Inf from both sides), with the divide-by-zero flag. ψ₁(+Inf) = +0;
 * ψ₁(-Inf) and ψ₁(NaN) are NaN. Negative non-integer x is supported (recurrence near 0,
 * reflection formula further out). */
int fimrt_trigamma(mpfr_t y, const mpfr_t x, mpfr_rnd_t rnd);

/* y = ψ^(k)(x), the k-th derivative of the digamma function ψ = Γ'/Γ. k = 0 is
 * mpfr_digamma. For k >= 1: correctly rounded for every x, computed as
 * (-1)^(k+1) k! ζ(k+1, x) by the recurrence (shifting x up past a threshold growing with
 * the precision) and the Euler–Maclaurin asymptotic series with Bernoulli numbers computed
 * exactly per call; x < -threshold uses the reflection formula
 * ψ^(k)(x) = (-1)^k ψ^(k)(1-x) - π d^k/dx^k cot(πx). Poles x = 0, -1, -2, ...: odd k gives
 * +Inf; even k gives NaN at negative integers and ∓Inf at ±0 (the one-sided limit, as
 * mpfr_digamma does), all with the divide-by-zero flag. ψ^(k)(+Inf) is +0 for odd k and
 * -0 for even k; -Inf and NaN give NaN. Cost grows with k (O(k²) for negative x);
 * k > 2^20 gives NaN with the erange flag. */
int fimrt_polygamma(mpfr_t y, unsigned long k, const mpfr_t x, mpfr_rnd_t rnd);

/* y = log B(a,b) = log Γ(a) + log Γ(b) - log Γ(a+b), for a, b > 0. Correctly rounded,
 * including when a+b is large and the three terms cancel (the working precision grows by
 * the number of bits lost, so the cost grows with log2 of the cancellation). a = 1 or
 * b = 1 give -log of the other exactly. Either argument ±0: +Inf (divide-by-zero flag);
 * +Inf with the other finite and positive: -Inf; negative, NaN or (0, Inf): NaN. */
int fimrt_lbeta(mpfr_t y, const mpfr_t a, const mpfr_t b, mpfr_rnd_t rnd);

/* y = log C(n,k) = log Γ(n+1) - log Γ(k+1) - log Γ(n-k+1), for real n, k with n > -1,
 * k > -1 and n-k > -1. Correctly rounded (cancellation for large n handled as for lbeta).
 * Exact cases: k = 0 or k = n give +0; k = 1 or k = n-1 give log n, correctly rounded.
 * Where C(n,k) = 0 — n > -1 with k or n-k a negative integer — the result is -Inf (exact);
 * other arguments outside the domain, infinities and NaN give NaN. Arguments of magnitude
 * far below 2^-PREC(y) may be slow (the precision grows to resolve them). */
int fimrt_lchoose(mpfr_t y, const mpfr_t n, const mpfr_t k, mpfr_rnd_t rnd);

/* y = log Γ(n+1) = log n! for real n, with mpfr_lngamma's conventions: correctly rounded;
 * n = 0 and n = 1 give +0; n a negative integer gives +Inf; where Γ(n+1) < 0 NaN;
 * lfactorial(+Inf) = +Inf. */
int fimrt_lfactorial(mpfr_t y, const mpfr_t n, mpfr_rnd_t rnd);

/* y = log(1 + e^x), the softplus, without overflow: for x > 0 it is x + log1p(e^-x).
 * Correctly rounded. log1pexp(-Inf) = +0, log1pexp(+Inf) = +Inf. */
int fimrt_log1pexp(mpfr_t y, const mpfr_t x, mpfr_rnd_t rnd);

/* y = 1/(1 + e^-x), the logistic function. Correctly rounded; expit(0) = 1/2 exactly,
 * expit(-Inf) = +0, expit(+Inf) = 1. */
int fimrt_expit(mpfr_t y, const mpfr_t x, mpfr_rnd_t rnd);

/* y = log(p/(1-p)), the inverse of expit, for 0 <= p <= 1. Correctly rounded, with full
 * relative accuracy near p = 1/2 (log1p form) and near p = 1 (1-p is exact there).
 * logit(1/2) = +0, logit(0) = -Inf, logit(1) = +Inf (divide-by-zero flag); p outside
 * [0,1] or NaN: NaN. */
int fimrt_logit(mpfr_t y, const mpfr_t p, mpfr_rnd_t rnd);

/* ---- symmetric linear algebra ------------------------------------------------------ */

/* Status returned by the linear-algebra functions. */
enum fimrt_status {
    FIMRT_OK = 0,
    FIMRT_SINGULAR = 1, /* a pivot fell below the noise level of the precision (see below) */
    FIMRT_NOCONV = 2,   /* the eigenvalue iteration did not converge */
    FIMRT_INVALID = 3,  /* n = 0 where n >= 1 is needed, or a NaN or infinite entry */
    FIMRT_NOMEM = 4     /* an allocation failed */
};

/* A factorisation P A Pᵀ = L D Lᵀ of a symmetric matrix: L unit lower triangular, D block
 * diagonal with 1×1 and 2×2 blocks (Bunch–Kaufman pivoting, so indefinite matrices are
 * fine). All fields are read-only for the caller. */
typedef struct {
    size_t n;
    mpfr_prec_t prec;   /* the working precision of every entry */
    mpfr_t *ld;         /* n*n row-major: L strictly below the diagonal, D on the diagonal
                           and, for a 2×2 block starting at row i, at (i+1, i) */
    size_t *perm;       /* (P A Pᵀ)(i,j) = A(perm[i], perm[j]) */
    unsigned char *blk; /* blk[i] = 1: 1×1 block at i; 2: 2×2 block at i, i+1; 0: its 2nd row */
} fimrt_ldlt_struct;
typedef fimrt_ldlt_struct fimrt_ldlt_t[1];
typedef const fimrt_ldlt_struct *fimrt_ldlt_srcptr;

/* Factors the symmetric n×n matrix A at precision prec into F, which the caller must
 * release with fimrt_ldlt_clear whatever the result (F is complete only on FIMRT_OK).
 * Singular: a pivot block (|d| for 1×1, |det|/|offdiagonal| for 2×2), or a whole pivot
 * column, of magnitude at most n · max|A(i,j)| · 2^(16-prec) — the noise of prec-bit
 * arithmetic — gives FIMRT_SINGULAR. A zero matrix is singular. */
int fimrt_sym_factor(fimrt_ldlt_t F, const mpfr_t *A, size_t n, mpfr_prec_t prec);

/* Frees what fimrt_sym_factor allocated; F may then be factored into again. */
void fimrt_ldlt_clear(fimrt_ldlt_t F);

/* det = det(A) from a complete factorisation (product of the D blocks' determinants). */
void fimrt_ldlt_det(mpfr_t det, fimrt_ldlt_srcptr F);

/* Solves A X = B for the n×m row-major B with a complete factorisation; X (n×m) may be B. */
int fimrt_ldlt_solve(mpfr_t *X, fimrt_ldlt_srcptr F, const mpfr_t *B, size_t m);

/* det = det(A) at precision prec. A singular matrix gives det = +0 and FIMRT_SINGULAR. */
int fimrt_sym_det(mpfr_t det, const mpfr_t *A, size_t n, mpfr_prec_t prec);

/* Ainv = A^-1 (n×n, symmetric: the lower triangle is computed and mirrored); Ainv may be
 * A. Left unchanged when A is singular. */
int fimrt_sym_inverse(mpfr_t *Ainv, const mpfr_t *A, size_t n, mpfr_prec_t prec);

/* X = A^-1 B, B and X n×m row-major (m = 1: a vector); X may be B. */
int fimrt_sym_solve(mpfr_t *X, const mpfr_t *A, const mpfr_t *B, size_t n, size_t m,
                    mpfr_prec_t prec);

/* lambda = the smallest eigenvalue of the symmetric A; v (n entries, or NULL) = a unit
 * eigenvector for it, signed so that its first component of magnitude above 2^(-prec/2)
 * is positive. Cyclic Jacobi rotations at precision prec until the off-diagonal part is
 * below n · ||A||_F · 2^(8-prec). For a repeated smallest eigenvalue v is one vector of
 * its eigenspace. Returns FIMRT_OK, FIMRT_NOCONV (after 100 sweeps) or FIMRT_INVALID. */
int fimrt_sym_min_eig(mpfr_t lambda, mpfr_t *v, const mpfr_t *A, size_t n, mpfr_prec_t prec);

#ifdef __cplusplus
}
#endif

#endif
