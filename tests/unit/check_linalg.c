/* tests/unit/check_linalg.c — libfimrt's symmetric linear algebra: exact rational
 * references (Hilbert matrices, an indefinite matrix that needs a 2×2 pivot, one that
 * takes a 1×1 pivot without interchange), singular matrices, eigenpairs against mpmath,
 * and random matrices checked through identities (A·A⁻¹ = I, residuals, aliasing, factor
 * reuse, two precisions). Everything runs at 200 bits unless said otherwise and must
 * agree with the reference to a relative 1e-50.
 *
 * Exact references come from sympy (command above each); random tests use a GMP generator
 * seeded from FIMC_TEST_SEED (default 12345), printed with any failure.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include <gmp.h>
#include <mpfr.h>

#include "fimrt.h"

#define PREC 200

static unsigned long seed = 12345; /* set once by main from FIMC_TEST_SEED */

static mpfr_t *mat_new(size_t n, mpfr_prec_t prec)
{
    mpfr_t *m = malloc((n ? n : 1) * sizeof *m);
    size_t i;

    ck_assert_ptr_nonnull(m);
    for (i = 0; i < n; i++) {
        mpfr_init2(m[i], prec);
        mpfr_set_zero(m[i], 1);
    }
    return m;
}

static void mat_free(mpfr_t *m, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        mpfr_clear(m[i]);
    free(m);
}

/* A = the n×n matrix of the rationals in q ("p/q" or integers), rounded to PREC bits. */
static mpfr_t *mat_from_q(const char *const *q, size_t n)
{
    mpfr_t *A = mat_new(n * n, PREC);
    mpq_t r;
    size_t i;

    mpq_init(r);
    for (i = 0; i < n * n; i++) {
        ck_assert_int_eq(mpq_set_str(r, q[i], 10), 0);
        mpq_canonicalize(r);
        mpfr_set_q(A[i], r, MPFR_RNDN);
    }
    mpq_clear(r);
    return A;
}

/* The n×n Hilbert matrix 1/(i+j+1), rounded to PREC bits. */
static mpfr_t *hilbert(size_t n)
{
    mpfr_t *H = mat_new(n * n, PREC);
    size_t i, j;

    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++) {
            mpfr_set_ui(H[i * n + j], (unsigned long)(i + j + 1), MPFR_RNDN);
            mpfr_ui_div(H[i * n + j], 1, H[i * n + j], MPFR_RNDN);
        }
    return H;
}

/* |x - q| <= 1e-50 |q| (or |x| <= 1e-50 when q = 0). */
static int close_q(const mpfr_t x, const char *q)
{
    mpfr_t e, d, t;
    mpq_t r;
    int ok;

    mpq_init(r);
    mpq_set_str(r, q, 10);
    mpq_canonicalize(r);
    mpfr_inits2(2 * PREC, e, d, t, (mpfr_ptr)0);
    mpfr_set_q(e, r, MPFR_RNDN);
    mpfr_sub(d, x, e, MPFR_RNDN);
    mpfr_abs(d, d, MPFR_RNDN);
    mpfr_set_str(t, "1e-50", 10, MPFR_RNDN);
    if (mpq_sgn(r) != 0)
        mpfr_mul(t, t, e, MPFR_RNDN);
    mpfr_abs(t, t, MPFR_RNDN);
    ok = mpfr_cmp(d, t) <= 0;
    mpfr_clears(e, d, t, (mpfr_ptr)0);
    mpq_clear(r);
    return ok;
}

/* Checks X (n×m) entrywise against the rationals q. */
static void check_mat_q(const char *what, mpfr_t *X, const char *const *q, size_t nm)
{
    size_t i;

    for (i = 0; i < nm; i++)
        if (!close_q(X[i], q[i])) {
            char *s = NULL;
            mpfr_asprintf(&s, "%.60Rg", X[i]);
            ck_abort_msg("%s: entry %zu is %s, want %s", what, i, s, q[i]);
        }
}

/* python3 -c 'import sympy as s; H=s.Matrix(5, 5, lambda i, j: s.Rational(1, i+j+1)); print(H.det()); print(H.inv().tolist()); print(H.inv()*s.ones(5, 1))' */
static const char *const h5_det = "1/266716800000";
static const char *const h5_inv[] = {
    "25", "-300", "1050", "-1400", "630",
    "-300", "4800", "-18900", "26880", "-12600",
    "1050", "-18900", "79380", "-117600", "56700",
    "-1400", "26880", "-117600", "179200", "-88200",
    "630", "-12600", "56700", "-88200", "44100",
};
static const char *const h5_solve_ones[] = {"5", "-120", "630", "-1120", "630"};

/* python3 -c 'import sympy as s; H=s.Matrix(4, 4, lambda i, j: s.Rational(1, i+j+1)); print(H.inv().tolist())' */
static const char *const h4_inv[] = {
    "16", "-120", "240", "-140",
    "-120", "1200", "-2700", "1680",
    "240", "-2700", "6480", "-4200",
    "-140", "1680", "-4200", "2800",
};

START_TEST(test_hilbert5_det)
{
    mpfr_t *H = hilbert(5), det;

    mpfr_init2(det, PREC);
    ck_assert_int_eq(fimrt_sym_det(det, H, 5, PREC), FIMRT_OK);
    ck_assert_msg(close_q(det, h5_det), "det(H5) is not 1/266716800000");
    mpfr_clear(det);
    mat_free(H, 25);
}
END_TEST

START_TEST(test_hilbert5_inverse)
{
    mpfr_t *H = hilbert(5), *X = mat_new(25, PREC);

    ck_assert_int_eq(fimrt_sym_inverse(X, H, 5, PREC), FIMRT_OK);
    check_mat_q("inverse(H5)", X, h5_inv, 25);
    mat_free(X, 25);
    mat_free(H, 25);
}
END_TEST

START_TEST(test_hilbert5_solve)
{
    mpfr_t *H = hilbert(5), *b = mat_new(5, PREC);
    size_t i;

    for (i = 0; i < 5; i++)
        mpfr_set_ui(b[i], 1, MPFR_RNDN);
    ck_assert_int_eq(fimrt_sym_solve(b, H, b, 5, 1, PREC), FIMRT_OK); /* in place */
    check_mat_q("H5 x = 1", b, h5_solve_ones, 5);
    mat_free(b, 5);
    mat_free(H, 25);
}
END_TEST

START_TEST(test_hilbert4_inverse)
{
    mpfr_t *H = hilbert(4);

    ck_assert_int_eq(fimrt_sym_inverse(H, H, 4, PREC), FIMRT_OK); /* in place */
    check_mat_q("inverse(H4)", H, h4_inv, 16);
    mat_free(H, 16);
}
END_TEST

/* A zero diagonal: Bunch–Kaufman must take a 2×2 pivot first.
 * python3 -c 'import sympy as s; A=s.Matrix([[0, 1, 2], [1, 0, 3], [2, 3, 0]]); print(A.det()); print(A.inv().tolist()); print((A.inv()*s.Matrix([1, 2, 3])).T)' */
static const char *const ind3[] = {"0", "1", "2", "1", "0", "3", "2", "3", "0"};
static const char *const ind3_inv[] = {"-3/4", "1/2", "1/4", "1/2", "-1/3", "1/6",
                                       "1/4", "1/6", "-1/12"};
static const char *const ind3_b[] = {"1", "2", "3"};
static const char *const ind3_x[] = {"1", "1/3", "1/3"};

START_TEST(test_indefinite3)
{
    mpfr_t *A = mat_from_q(ind3, 3), *X = mat_new(9, PREC), *b = mat_new(3, PREC), det;
    fimrt_ldlt_t F;
    size_t i;

    mpfr_init2(det, PREC);
    ck_assert_int_eq(fimrt_sym_factor(F, A, 3, PREC), FIMRT_OK);
    ck_assert_int_eq(F->blk[0], 2);
    fimrt_ldlt_clear(F);
    ck_assert_int_eq(fimrt_sym_det(det, A, 3, PREC), FIMRT_OK);
    ck_assert(close_q(det, "12"));
    ck_assert_int_eq(fimrt_sym_inverse(X, A, 3, PREC), FIMRT_OK);
    check_mat_q("inverse(indefinite 3x3)", X, ind3_inv, 9);
    for (i = 0; i < 3; i++)
        mpfr_set_str(b[i], ind3_b[i], 10, MPFR_RNDN);
    ck_assert_int_eq(fimrt_sym_solve(b, A, b, 3, 1, PREC), FIMRT_OK);
    check_mat_q("indefinite 3x3 solve", b, ind3_x, 3);
    mpfr_clear(det);
    mat_free(A, 9);
    mat_free(X, 9);
    mat_free(b, 3);
}
END_TEST

/* |a_00| < α λ but |a_00| σ >= α λ²: a 1×1 pivot at 0 with no interchange. (Regression:
 * the first version permuted the bookkeeping there although the matrix was not.)
 * python3 -c 'import sympy as s; A=s.Matrix([[1, 2, 0], [2, 100, 50], [0, 50, 30]]); print(A.det()); print(A.inv().tolist())' */
static const char *const bk3[] = {"1", "2", "0", "2", "100", "50", "0", "50", "30"};
static const char *const bk3_inv[] = {"25/19", "-3/19", "5/19", "-3/19", "3/38", "-5/38",
                                      "5/19", "-5/38", "24/95"};

START_TEST(test_bk_pivot_without_interchange)
{
    mpfr_t *A = mat_from_q(bk3, 3), *X = mat_new(9, PREC), det;
    fimrt_ldlt_t F;

    mpfr_init2(det, PREC);
    ck_assert_int_eq(fimrt_sym_factor(F, A, 3, PREC), FIMRT_OK);
    ck_assert_int_eq(F->blk[0], 1);
    ck_assert_uint_eq(F->perm[0], 0);
    fimrt_ldlt_clear(F);
    ck_assert_int_eq(fimrt_sym_det(det, A, 3, PREC), FIMRT_OK);
    ck_assert(close_q(det, "380"));
    ck_assert_int_eq(fimrt_sym_inverse(X, A, 3, PREC), FIMRT_OK);
    check_mat_q("inverse(bk 3x3)", X, bk3_inv, 9);
    mpfr_clear(det);
    mat_free(A, 9);
    mat_free(X, 9);
}
END_TEST

/* Rank 2: (1,2,3)(1,2,3)ᵀ + (0,1,-1)(0,1,-1)ᵀ; null vector (-5,1,1).
 * python3 -c 'import sympy as s; A=s.Matrix([[1, 2, 3], [2, 5, 5], [3, 5, 10]]); print(A.det(), A.nullspace())' */
static const char *const sing3[] = {"1", "2", "3", "2", "5", "5", "3", "5", "10"};

START_TEST(test_singular)
{
    mpfr_t *A = mat_from_q(sing3, 3), *X = mat_new(9, PREC), *Z = mat_new(4, PREC), det;
    size_t i;

    mpfr_init2(det, PREC);
    mpfr_set_ui(det, 7, MPFR_RNDN);
    ck_assert_int_eq(fimrt_sym_det(det, A, 3, PREC), FIMRT_SINGULAR);
    ck_assert(mpfr_zero_p(det));
    for (i = 0; i < 9; i++)
        mpfr_set_ui(X[i], 7, MPFR_RNDN);
    ck_assert_int_eq(fimrt_sym_inverse(X, A, 3, PREC), FIMRT_SINGULAR);
    for (i = 0; i < 9; i++)
        ck_assert_msg(mpfr_cmp_ui(X[i], 7) == 0, "output changed on failure");
    ck_assert_int_eq(fimrt_sym_solve(X, A, X, 3, 3, PREC), FIMRT_SINGULAR);
    /* the zero matrix and a rank-1 2×2 */
    ck_assert_int_eq(fimrt_sym_det(det, Z, 2, PREC), FIMRT_SINGULAR);
    mpfr_set_ui(Z[0], 1, MPFR_RNDN);
    mpfr_set_ui(Z[1], 2, MPFR_RNDN);
    mpfr_set_ui(Z[2], 2, MPFR_RNDN);
    mpfr_set_ui(Z[3], 4, MPFR_RNDN);
    ck_assert_int_eq(fimrt_sym_inverse(Z, Z, 2, PREC), FIMRT_SINGULAR);
    mpfr_clear(det);
    mat_free(A, 9);
    mat_free(X, 9);
    mat_free(Z, 4);
}
END_TEST

START_TEST(test_invalid)
{
    mpfr_t *A = mat_new(4, PREC), det;
    fimrt_ldlt_t F;

    mpfr_init2(det, PREC);
    ck_assert_int_eq(fimrt_sym_det(det, A, 0, PREC), FIMRT_INVALID);
    ck_assert_int_eq(fimrt_sym_min_eig(det, NULL, A, 0, PREC), FIMRT_INVALID);
    mpfr_set_ui(A[0], 1, MPFR_RNDN);
    mpfr_set_ui(A[3], 1, MPFR_RNDN);
    mpfr_set_nan(A[2]);
    ck_assert_int_eq(fimrt_sym_det(det, A, 2, PREC), FIMRT_INVALID);
    ck_assert_int_eq(fimrt_sym_min_eig(det, NULL, A, 2, PREC), FIMRT_INVALID);
    /* only the lower triangle is read: garbage above the diagonal is ignored */
    mpfr_set_ui(A[2], 0, MPFR_RNDN);
    mpfr_set_inf(A[1], 1);
    ck_assert_int_eq(fimrt_sym_factor(F, A, 2, PREC), FIMRT_OK);
    fimrt_ldlt_det(det, F);
    ck_assert_int_eq(mpfr_cmp_ui(det, 1), 0);
    fimrt_ldlt_clear(F);
    mpfr_clear(det);
    mat_free(A, 4);
}
END_TEST

/* [[2,1],[1,2]]: eigenvalues 1 and 3; for 1 the vector (1,-1)/√2 (first entry positive). */
START_TEST(test_min_eig_2x2)
{
    static const char *const a[] = {"2", "1", "1", "2"};
    mpfr_t *A = mat_from_q(a, 2), *v = mat_new(2, PREC), lam, r;

    mpfr_inits2(PREC, lam, r, (mpfr_ptr)0);
    ck_assert_int_eq(fimrt_sym_min_eig(lam, v, A, 2, PREC), FIMRT_OK);
    ck_assert(close_q(lam, "1"));
    mpfr_sqrt_ui(r, 2, MPFR_RNDN);
    mpfr_ui_div(r, 1, r, MPFR_RNDN);
    mpfr_sub(r, r, v[0], MPFR_RNDN);
    ck_assert(mpfr_zero_p(r) || mpfr_get_exp(r) < -166); /* 1e-50 ≈ 2^-166 */
    mpfr_sqrt_ui(r, 2, MPFR_RNDN);
    mpfr_ui_div(r, 1, r, MPFR_RNDN);
    mpfr_add(r, r, v[1], MPFR_RNDN);
    ck_assert(mpfr_zero_p(r) || mpfr_get_exp(r) < -166);
    mpfr_clears(lam, r, (mpfr_ptr)0);
    mat_free(A, 4);
    mat_free(v, 2);
}
END_TEST

/* |x - ref| <= 1e-50 max(|ref|, 1) */
static int close_str(const mpfr_t x, const char *ref)
{
    mpfr_t e, d, t;
    int ok;

    mpfr_inits2(2 * PREC, e, d, t, (mpfr_ptr)0);
    mpfr_set_str(e, ref, 10, MPFR_RNDN);
    mpfr_sub(d, x, e, MPFR_RNDN);
    mpfr_abs(d, d, MPFR_RNDN);
    mpfr_set_str(t, "1e-50", 10, MPFR_RNDN);
    if (mpfr_cmpabs_ui(e, 1) > 0)
        mpfr_mul(t, t, e, MPFR_RNDN);
    mpfr_abs(t, t, MPFR_RNDN);
    ok = mpfr_cmp(d, t) <= 0;
    mpfr_clears(e, d, t, (mpfr_ptr)0);
    return ok;
}

/* python3 -c 'import mpmath; mpmath.mp.dps=80; E, Q = mpmath.eigsy(mpmath.matrix([[4, 1, -2, 2], [1, 2, 0, 1], [-2, 0, 3, -2], [2, 1, -2, -1]])); i = min(range(4), key=lambda j: E[j]); v = Q[:, i] * (1 if Q[0, i] > 0 else -1); print(mpmath.nstr(E[i], 55)); [print(mpmath.nstr(v[j], 55)) for j in range(4)]' */
START_TEST(test_min_eig_4x4)
{
    static const char *const a[] = {"4", "1", "-2", "2", "1", "2", "0", "1",
                                    "-2", "0", "3", "-2", "2", "1", "-2", "-1"};
    static const char *const lam_ref = "-2.19751697743942481325865402809123083017288646516968138";
    static const char *const v_ref[] = {
        "0.1767051706244764655697746424460445180793810675169183014",
        "0.178100469906300676448692044989881439340747830234347361",
        "-0.2876680343197009698806855080094576751763297027301413062",
        "-0.924284916746112919959598276952365365159943937573309416",
    };
    mpfr_t *A = mat_from_q(a, 4), *v = mat_new(4, PREC), lam;
    size_t i;

    mpfr_init2(lam, PREC);
    ck_assert_int_eq(fimrt_sym_min_eig(lam, v, A, 4, PREC), FIMRT_OK);
    ck_assert_msg(close_str(lam, lam_ref), "smallest eigenvalue of the 4x4");
    for (i = 0; i < 4; i++)
        ck_assert_msg(close_str(v[i], v_ref[i]), "eigenvector entry %zu of the 4x4", i);
    mpfr_clear(lam);
    mat_free(A, 16);
    mat_free(v, 4);
}
END_TEST

/* The singular matrix above: λ = 0 (to 1e-50) with v = (5,-1,-1)/√27 — the direction in
 * which a FIM like it is not identifiable. */
START_TEST(test_min_eig_singular)
{
    mpfr_t *A = mat_from_q(sing3, 3), *v = mat_new(3, PREC), lam, r;
    static const long want[] = {5, -1, -1};
    size_t i;

    mpfr_inits2(PREC, lam, r, (mpfr_ptr)0);
    ck_assert_int_eq(fimrt_sym_min_eig(lam, v, A, 3, PREC), FIMRT_OK);
    ck_assert(close_q(lam, "0"));
    for (i = 0; i < 3; i++) {
        mpfr_sqrt_ui(r, 27, MPFR_RNDN);
        mpfr_si_div(r, want[i], r, MPFR_RNDN);
        mpfr_sub(r, r, v[i], MPFR_RNDN);
        ck_assert_msg(mpfr_zero_p(r) || mpfr_get_exp(r) < -166, "null vector entry %zu", i);
    }
    mpfr_clears(lam, r, (mpfr_ptr)0);
    mat_free(A, 9);
    mat_free(v, 3);
}
END_TEST

/* A random symmetric n×n matrix at prec bits: SPD (BᵀB + I) when spd, otherwise entries
 * in (-1, 1) with, one time in three, a zero diagonal (forcing 2×2 pivots). */
static mpfr_t *random_sym(gmp_randstate_t st, size_t n, int spd, mpfr_prec_t prec)
{
    mpfr_t *A = mat_new(n * n, prec), *B = mat_new(n * n, prec), t;
    int zero_diag = gmp_urandomm_ui(st, 3) == 0;
    size_t i, j, k;

    mpfr_init2(t, prec);
    for (i = 0; i < n * n; i++) {
        mpfr_urandomb(B[i], st);
        mpfr_mul_2ui(B[i], B[i], 1, MPFR_RNDN);
        mpfr_sub_ui(B[i], B[i], 1, MPFR_RNDN);
    }
    for (i = 0; i < n; i++)
        for (j = 0; j <= i; j++) {
            if (spd) {
                mpfr_set_ui(t, i == j, MPFR_RNDN);
                for (k = 0; k < n; k++)
                    mpfr_fma(t, B[k * n + i], B[k * n + j], t, MPFR_RNDN);
            } else if (i == j && zero_diag)
                mpfr_set_zero(t, 1);
            else
                mpfr_set(t, B[i * n + j], MPFR_RNDN);
            mpfr_set(A[i * n + j], t, MPFR_RNDN);
            mpfr_set(A[j * n + i], t, MPFR_RNDN);
        }
    mpfr_clear(t);
    mat_free(B, n * n);
    return A;
}

/* max |M(i,j)| */
static void max_abs(mpfr_t m, mpfr_t *M, size_t nm)
{
    size_t i;

    mpfr_set_zero(m, 1);
    for (i = 0; i < nm; i++)
        if (mpfr_cmpabs(M[i], m) > 0)
            mpfr_abs(m, M[i], MPFR_RNDN);
}

/* A A⁻¹ = I, det(A) det(A⁻¹) = 1, in-place inverse identical to out of place. */
START_TEST(test_random_inverse)
{
    gmp_randstate_t st;
    size_t n, i, j, k;
    mpfr_t *A, *X, *Y, det1, det2, t, m;

    gmp_randinit_default(st);
    gmp_randseed_ui(st, seed + 10 + (unsigned long)_i);
    n = 2 + gmp_urandomm_ui(st, 7);
    A = random_sym(st, n, _i & 1, PREC);
    X = mat_new(n * n, PREC);
    Y = mat_new(n * n, PREC);
    mpfr_inits2(PREC, det1, det2, t, m, (mpfr_ptr)0);
    ck_assert_int_eq(fimrt_sym_inverse(X, A, n, PREC), FIMRT_OK);
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++) {
            mpfr_set_si(t, -(i == j), MPFR_RNDN);
            for (k = 0; k < n; k++)
                mpfr_fma(t, A[i * n + k], X[k * n + j], t, MPFR_RNDN);
            mpfr_set(Y[i * n + j], t, MPFR_RNDN);
        }
    max_abs(m, Y, n * n);
    ck_assert_msg(mpfr_zero_p(m) || mpfr_get_exp(m) < -150,
                  "seed %lu: |A inv(A) - I| = %g for n = %zu", seed, mpfr_get_d(m, MPFR_RNDN), n);
    ck_assert_int_eq(fimrt_sym_det(det1, A, n, PREC), FIMRT_OK);
    ck_assert_int_eq(fimrt_sym_det(det2, X, n, PREC), FIMRT_OK);
    mpfr_mul(t, det1, det2, MPFR_RNDN);
    mpfr_sub_ui(t, t, 1, MPFR_RNDN);
    ck_assert_msg(mpfr_zero_p(t) || mpfr_get_exp(t) < -150, "seed %lu: det A det inv(A) != 1",
                  seed);
    for (i = 0; i < n * n; i++)
        mpfr_set(Y[i], A[i], MPFR_RNDN);
    ck_assert_int_eq(fimrt_sym_inverse(Y, Y, n, PREC), FIMRT_OK);
    for (i = 0; i < n * n; i++)
        ck_assert_msg(mpfr_equal_p(X[i], Y[i]), "seed %lu: in-place inverse differs", seed);
    mpfr_clears(det1, det2, t, m, (mpfr_ptr)0);
    mat_free(A, n * n);
    mat_free(X, n * n);
    mat_free(Y, n * n);
    gmp_randclear(st);
}
END_TEST

/* Solve with 3 right-hand sides: small residual; the same through one factorisation and
 * fimrt_ldlt_solve, and in place. */
START_TEST(test_random_solve)
{
    gmp_randstate_t st;
    size_t n, m = 3, i, c, k;
    mpfr_t *A, *B, *X, *Y, t, r;
    fimrt_ldlt_t F;

    gmp_randinit_default(st);
    gmp_randseed_ui(st, seed + 30 + (unsigned long)_i);
    n = 2 + gmp_urandomm_ui(st, 7);
    A = random_sym(st, n, _i & 1, PREC);
    B = mat_new(n * m, PREC);
    X = mat_new(n * m, PREC);
    Y = mat_new(n * m, PREC);
    mpfr_inits2(PREC, t, r, (mpfr_ptr)0);
    for (i = 0; i < n * m; i++)
        mpfr_urandomb(B[i], st);
    ck_assert_int_eq(fimrt_sym_solve(X, A, B, n, m, PREC), FIMRT_OK);
    mpfr_set_zero(r, 1);
    for (i = 0; i < n; i++)
        for (c = 0; c < m; c++) {
            mpfr_neg(t, B[i * m + c], MPFR_RNDN);
            for (k = 0; k < n; k++)
                mpfr_fma(t, A[i * n + k], X[k * m + c], t, MPFR_RNDN);
            if (mpfr_cmpabs(t, r) > 0)
                mpfr_abs(r, t, MPFR_RNDN);
        }
    ck_assert_msg(mpfr_zero_p(r) || mpfr_get_exp(r) < -150, "seed %lu: residual %g", seed,
                  mpfr_get_d(r, MPFR_RNDN));
    ck_assert_int_eq(fimrt_sym_factor(F, A, n, PREC), FIMRT_OK);
    ck_assert_int_eq(fimrt_ldlt_solve(Y, F, B, m), FIMRT_OK);
    for (i = 0; i < n * m; i++)
        ck_assert_msg(mpfr_equal_p(X[i], Y[i]), "seed %lu: ldlt_solve differs", seed);
    ck_assert_int_eq(fimrt_ldlt_solve(B, F, B, m), FIMRT_OK); /* in place */
    for (i = 0; i < n * m; i++)
        ck_assert_msg(mpfr_equal_p(X[i], B[i]), "seed %lu: in-place solve differs", seed);
    fimrt_ldlt_clear(F);
    mpfr_clears(t, r, (mpfr_ptr)0);
    mat_free(A, n * n);
    mat_free(B, n * m);
    mat_free(X, n * m);
    mat_free(Y, n * m);
    gmp_randclear(st);
}
END_TEST

/* Smallest eigenpair of a random symmetric matrix: unit vector, residual |A v - λ v|
 * small, λ below every diagonal entry (Rayleigh), sign convention, and λ at 100 and 300
 * bits agreeing to about 90 bits. */
START_TEST(test_random_min_eig)
{
    gmp_randstate_t st;
    size_t n, i, k;
    mpfr_t *A, *v, lam, lam3, t, r, nrm;

    gmp_randinit_default(st);
    gmp_randseed_ui(st, seed + 50 + (unsigned long)_i);
    n = 1 + gmp_urandomm_ui(st, 8);
    A = random_sym(st, n, _i & 1, PREC);
    v = mat_new(n, PREC);
    mpfr_inits2(PREC, lam, t, r, nrm, (mpfr_ptr)0);
    mpfr_init2(lam3, 300);
    ck_assert_int_eq(fimrt_sym_min_eig(lam, v, A, n, PREC), FIMRT_OK);
    mpfr_set_zero(r, 1);
    mpfr_set_zero(nrm, 1);
    for (i = 0; i < n; i++) {
        mpfr_mul(t, lam, v[i], MPFR_RNDN);
        mpfr_neg(t, t, MPFR_RNDN);
        for (k = 0; k < n; k++)
            mpfr_fma(t, A[i * n + k], v[k], t, MPFR_RNDN);
        if (mpfr_cmpabs(t, r) > 0)
            mpfr_abs(r, t, MPFR_RNDN);
        mpfr_fma(nrm, v[i], v[i], nrm, MPFR_RNDN);
        ck_assert_msg(mpfr_cmp(lam, A[i * n + i]) <= 0, "seed %lu: lambda above a diagonal entry",
                      seed);
    }
    ck_assert_msg(mpfr_zero_p(r) || mpfr_get_exp(r) < -150, "seed %lu: residual %g", seed,
                  mpfr_get_d(r, MPFR_RNDN));
    mpfr_sub_ui(nrm, nrm, 1, MPFR_RNDN);
    ck_assert_msg(mpfr_zero_p(nrm) || mpfr_get_exp(nrm) < -150, "seed %lu: |v| != 1", seed);
    for (i = 0; i < n; i++)
        if (mpfr_cmpabs_ui(v[i], 0) > 0 && mpfr_get_exp(v[i]) > -(mpfr_exp_t)PREC / 2) {
            ck_assert_msg(mpfr_sgn(v[i]) > 0, "seed %lu: sign convention", seed);
            break;
        }
    /* two precisions (the matrix itself is exact at 200 bits) */
    mpfr_set_prec(lam, 100);
    ck_assert_int_eq(fimrt_sym_min_eig(lam, NULL, A, n, 100), FIMRT_OK);
    ck_assert_int_eq(fimrt_sym_min_eig(lam3, NULL, A, n, 300), FIMRT_OK);
    mpfr_sub(lam3, lam3, lam, MPFR_RNDN);
    ck_assert_msg(mpfr_zero_p(lam3) || mpfr_get_exp(lam3) < -85,
                  "seed %lu: lambda at 100 and 300 bits differ by %g", seed,
                  mpfr_get_d(lam3, MPFR_RNDN));
    mpfr_clears(lam, lam3, t, r, nrm, (mpfr_ptr)0);
    mat_free(A, n * n);
    mat_free(v, n);
    gmp_randclear(st);
}
END_TEST

static Suite *linalg_suite(void)
{
    Suite *s = suite_create("linalg");
    TCase *ex = tcase_create("exact");
    TCase *eig = tcase_create("eigen");
    TCase *rnd = tcase_create("random");

    tcase_add_test(ex, test_hilbert5_det);
    tcase_add_test(ex, test_hilbert5_inverse);
    tcase_add_test(ex, test_hilbert5_solve);
    tcase_add_test(ex, test_hilbert4_inverse);
    tcase_add_test(ex, test_indefinite3);
    tcase_add_test(ex, test_bk_pivot_without_interchange);
    tcase_add_test(ex, test_singular);
    tcase_add_test(ex, test_invalid);
    suite_add_tcase(s, ex);

    tcase_add_test(eig, test_min_eig_2x2);
    tcase_add_test(eig, test_min_eig_4x4);
    tcase_add_test(eig, test_min_eig_singular);
    suite_add_tcase(s, eig);

    tcase_set_timeout(ex, 120); /* generous, for valgrind */
    tcase_set_timeout(eig, 120);
    tcase_set_timeout(rnd, 120);
    tcase_add_loop_test(rnd, test_random_inverse, 0, 8);
    tcase_add_loop_test(rnd, test_random_solve, 0, 8);
    tcase_add_loop_test(rnd, test_random_min_eig, 0, 8);
    suite_add_tcase(s, rnd);
    return s;
}

int main(void)
{
    const char *env = getenv("FIMC_TEST_SEED");
    SRunner *sr;
    int failed;

    if (env && *env)
        seed = strtoul(env, NULL, 10);
    sr = srunner_create(linalg_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    if (failed)
        fprintf(stderr, "check_linalg: %d failed with FIMC_TEST_SEED=%lu\n", failed, seed);
    mpfr_free_cache();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
