/* runtime/linalg.c — symmetric linear algebra on row-major n×n arrays of mpfr_t.
 *
 * fimrt_sym_factor: P A Pᵀ = L D Lᵀ with Bunch–Kaufman partial pivoting (Golub & Van Loan,
 * Matrix Computations, §4.4; LAPACK's dsytf2), so symmetric indefinite matrices factor
 * stably with 1×1 and 2×2 pivots. det, inverse and solve go through it. The smallest
 * eigenpair comes from cyclic Jacobi rotations (Rutishauser's formulation, as in Numerical
 * Recipes' jacobi), robust and accurate for the small n of Fisher information matrices.
 *
 * Everything is computed at the caller's precision prec, rounding to nearest; the outputs
 * are rounded to their own precisions at the end, after every input has been read, so
 * outputs may alias inputs. A pivot whose size is within the rounding noise of the
 * arithmetic — at most n·max|A(i,j)|·2^(16-prec) — makes the matrix singular (a FIM with
 * such a pivot is not identifiable at this precision).
 */
#include <stdlib.h>

#include <mpfr.h>

#include "fimrt.h"

/* α = (1 + √17)/8, Bunch and Kaufman's constant: it bounds the element growth of one
 * step by 2.57 */
#define BK_ALPHA 0.6403882032022076

/* n fresh mpfr_t of precision prec set to +0, or NULL (n = 0 gives a valid 1-entry array). */
static mpfr_t *vec_new(size_t n, mpfr_prec_t prec)
{
    mpfr_t *v = malloc((n ? n : 1) * sizeof *v);
    size_t i;

    if (!v)
        return NULL;
    for (i = 0; i < n; i++) {
        mpfr_init2(v[i], prec);
        mpfr_set_zero(v[i], 1);
    }
    return v;
}

static void vec_free(mpfr_t *v, size_t n)
{
    size_t i;

    if (!v)
        return;
    for (i = 0; i < n; i++)
        mpfr_clear(v[i]);
    free(v);
}

/* Whether every entry of the lower triangle of A is a finite number. */
static int lower_finite(const mpfr_t *A, size_t n)
{
    size_t i, j;

    for (i = 0; i < n; i++)
        for (j = 0; j <= i; j++)
            if (!mpfr_number_p(A[i * n + j]))
                return 0;
    return 1;
}

/* W (n×n, allocated at prec) = the symmetric matrix whose lower triangle is A's. */
static void sym_copy(mpfr_t *W, const mpfr_t *A, size_t n)
{
    size_t i, j;

    for (i = 0; i < n; i++)
        for (j = 0; j <= i; j++) {
            mpfr_set(W[i * n + j], A[i * n + j], MPFR_RNDN);
            if (j < i)
                mpfr_set(W[j * n + i], A[i * n + j], MPFR_RNDN);
        }
}

/* Symmetric interchange of indices a and b of the full n×n W — rows, then columns — and
 * of the permutation. The computed columns of L (left of the active part, lower triangle)
 * move with the rows. */
static void sym_swap(mpfr_t *W, size_t *perm, size_t n, size_t a, size_t b)
{
    size_t i, tp;

    if (a == b)
        return;
    for (i = 0; i < n; i++)
        mpfr_swap(W[a * n + i], W[b * n + i]);
    for (i = 0; i < n; i++)
        mpfr_swap(W[i * n + a], W[i * n + b]);
    tp = perm[a];
    perm[a] = perm[b];
    perm[b] = tp;
}

/* z -= a·b with one rounding: fms gives a·b - z, negation is exact. */
static void sub_mul(mpfr_t z, const mpfr_t a, const mpfr_t b)
{
    mpfr_fms(z, a, b, z, MPFR_RNDN);
    mpfr_neg(z, z, MPFR_RNDN);
}

void fimrt_ldlt_clear(fimrt_ldlt_t F)
{
    vec_free(F->ld, F->n * F->n);
    free(F->perm);
    free(F->blk);
    F->ld = NULL;
    F->perm = NULL;
    F->blk = NULL;
    F->n = 0;
}

int fimrt_sym_factor(fimrt_ldlt_t F, const mpfr_t *A, size_t n, mpfr_prec_t prec)
{
    mpfr_t *W, *l1 = NULL, *l2 = NULL;
    mpfr_t tol, amax, lambda, sigma, t, u, det;
    size_t i, j, k, r;
    int status = FIMRT_OK;

    F->n = n;
    F->prec = prec;
    F->ld = NULL;
    F->perm = NULL;
    F->blk = NULL;
    if (n == 0 || !lower_finite(A, n))
        return FIMRT_INVALID;
    F->ld = W = vec_new(n * n, prec);
    F->perm = malloc(n * sizeof *F->perm);
    F->blk = malloc(n);
    l1 = vec_new(n, prec);
    l2 = vec_new(n, prec);
    if (!W || !F->perm || !F->blk || !l1 || !l2) {
        vec_free(l1, n);
        vec_free(l2, n);
        F->n = n;
        fimrt_ldlt_clear(F);
        return FIMRT_NOMEM;
    }
    mpfr_inits2(prec, lambda, sigma, t, u, det, (mpfr_ptr)0);
    mpfr_inits2(64, tol, amax, (mpfr_ptr)0);
    sym_copy(W, A, n);
    for (i = 0; i < n; i++) {
        F->perm[i] = i;
        F->blk[i] = 1;
    }

    /* tol = n · max|A(i,j)| · 2^(16-prec), the noise level of the pivots */
    mpfr_set_zero(amax, 1);
    for (i = 0; i < n * n; i++)
        if (mpfr_cmpabs(W[i], amax) > 0)
            mpfr_abs(amax, W[i], MPFR_RNDU);
    mpfr_mul_ui(tol, amax, (unsigned long)n, MPFR_RNDU);
    mpfr_mul_2si(tol, tol, 16 - prec, MPFR_RNDU);

    for (k = 0; k < n;) {
        int two = 0;

        /* λ = max_(i>k) |W(i,k)|, in row r */
        mpfr_set_zero(lambda, 1);
        r = k;
        for (i = k + 1; i < n; i++)
            if (mpfr_cmpabs(W[i * n + k], lambda) > 0) {
                mpfr_abs(lambda, W[i * n + k], MPFR_RNDN);
                r = i;
            }
        if (mpfr_cmpabs(W[k * n + k], tol) <= 0 && mpfr_cmp(lambda, tol) <= 0) {
            status = FIMRT_SINGULAR; /* the whole pivot column is noise */
            break;
        }
        mpfr_mul_d(t, lambda, BK_ALPHA, MPFR_RNDN);
        if (mpfr_cmpabs(W[k * n + k], t) < 0) {
            /* σ = max_(i>=k, i!=r) |W(i,r)| */
            mpfr_set_zero(sigma, 1);
            for (i = k; i < n; i++)
                if (i != r && mpfr_cmpabs(W[i * n + r], sigma) > 0)
                    mpfr_abs(sigma, W[i * n + r], MPFR_RNDN);
            mpfr_abs(u, W[k * n + k], MPFR_RNDN);
            mpfr_mul(u, u, sigma, MPFR_RNDN);   /* |a_kk| σ */
            mpfr_mul(t, t, lambda, MPFR_RNDN);  /* α λ² */
            if (mpfr_cmp(u, t) < 0) { /* else a 1×1 pivot at k after all */
                mpfr_mul_d(t, sigma, BK_ALPHA, MPFR_RNDN);
                if (mpfr_cmpabs(W[r * n + r], t) >= 0)
                    sym_swap(W, F->perm, n, k, r); /* 1×1 pivot a_rr */
                else {
                    two = 1;                        /* 2×2 pivot on k, r */
                    sym_swap(W, F->perm, n, k + 1, r);
                }
            }
        }

        if (!two) {
            mpfr_srcptr d = W[k * n + k];

            if (mpfr_cmpabs(d, tol) <= 0) {
                status = FIMRT_SINGULAR;
                break;
            }
            for (i = k + 1; i < n; i++)
                mpfr_div(l1[i], W[i * n + k], d, MPFR_RNDN);
            /* Schur complement: W(i,j) -= l_i W(j,k), then mirrored */
            for (i = k + 1; i < n; i++)
                for (j = k + 1; j <= i; j++) {
                    mpfr_mul(t, l1[i], W[j * n + k], MPFR_RNDN);
                    mpfr_sub(W[i * n + j], W[i * n + j], t, MPFR_RNDN);
                    if (j < i)
                        mpfr_set(W[j * n + i], W[i * n + j], MPFR_RNDN);
                }
            for (i = k + 1; i < n; i++)
                mpfr_swap(W[i * n + k], l1[i]);
            F->blk[k] = 1;
            k += 1;
        } else {
            mpfr_srcptr e11 = W[k * n + k], e21 = W[(k + 1) * n + k], e22 = W[(k + 1) * n + k + 1];

            mpfr_mul(det, e11, e22, MPFR_RNDN);
            mpfr_sqr(t, e21, MPFR_RNDN);
            mpfr_sub(det, det, t, MPFR_RNDN);
            mpfr_abs(t, e21, MPFR_RNDN);
            mpfr_mul(t, t, tol, MPFR_RNDN);
            if (mpfr_cmpabs(det, t) <= 0) {
                status = FIMRT_SINGULAR;
                break;
            }
            /* [l1 l2] = [c1 c2] E^-1, E^-1 = [e22 -e21; -e21 e11] / det */
            for (i = k + 2; i < n; i++) {
                mpfr_srcptr c1 = W[i * n + k], c2 = W[i * n + k + 1];

                mpfr_mul(t, c1, e22, MPFR_RNDN);
                mpfr_mul(u, c2, e21, MPFR_RNDN);
                mpfr_sub(l1[i], t, u, MPFR_RNDN);
                mpfr_div(l1[i], l1[i], det, MPFR_RNDN);
                mpfr_mul(t, c2, e11, MPFR_RNDN);
                mpfr_mul(u, c1, e21, MPFR_RNDN);
                mpfr_sub(l2[i], t, u, MPFR_RNDN);
                mpfr_div(l2[i], l2[i], det, MPFR_RNDN);
            }
            /* W(i,j) -= l1_i W(j,k) + l2_i W(j,k+1) */
            for (i = k + 2; i < n; i++)
                for (j = k + 2; j <= i; j++) {
                    mpfr_mul(t, l1[i], W[j * n + k], MPFR_RNDN);
                    mpfr_mul(u, l2[i], W[j * n + k + 1], MPFR_RNDN);
                    mpfr_add(t, t, u, MPFR_RNDN);
                    mpfr_sub(W[i * n + j], W[i * n + j], t, MPFR_RNDN);
                    if (j < i)
                        mpfr_set(W[j * n + i], W[i * n + j], MPFR_RNDN);
                }
            for (i = k + 2; i < n; i++) {
                mpfr_swap(W[i * n + k], l1[i]);
                mpfr_swap(W[i * n + k + 1], l2[i]);
            }
            F->blk[k] = 2;
            F->blk[k + 1] = 0;
            k += 2;
        }
    }

    vec_free(l1, n);
    vec_free(l2, n);
    mpfr_clears(tol, amax, lambda, sigma, t, u, det, (mpfr_ptr)0);
    return status;
}

void fimrt_ldlt_det(mpfr_t det, fimrt_ldlt_srcptr F)
{
    size_t n = F->n, k;
    mpfr_t d, t;

    mpfr_inits2(F->prec, d, t, (mpfr_ptr)0);
    mpfr_set_ui(d, 1, MPFR_RNDN);
    for (k = 0; k < n; k += F->blk[k] == 2 ? 2 : 1) {
        mpfr_srcptr e11 = F->ld[k * n + k];

        if (F->blk[k] == 2) { /* det E = e11 e22 - e21² */
            mpfr_mul(t, e11, F->ld[(k + 1) * n + k + 1], MPFR_RNDN);
            mpfr_fms(t, F->ld[(k + 1) * n + k], F->ld[(k + 1) * n + k], t, MPFR_RNDN);
            mpfr_neg(t, t, MPFR_RNDN);
            mpfr_mul(d, d, t, MPFR_RNDN);
        } else
            mpfr_mul(d, d, e11, MPFR_RNDN);
    }
    mpfr_set(det, d, MPFR_RNDN);
    mpfr_clears(d, t, (mpfr_ptr)0);
}

int fimrt_ldlt_solve(mpfr_t *X, fimrt_ldlt_srcptr F, const mpfr_t *B, size_t m)
{
    size_t n = F->n, i, k, c;
    mpfr_t *Z, *L = F->ld;
    mpfr_t t, u, det;

    if (n == 0 || !F->ld)
        return FIMRT_INVALID;
    for (i = 0; i < n * m; i++)
        if (!mpfr_number_p(B[i]))
            return FIMRT_INVALID;
    Z = vec_new(n * m, F->prec);
    if (!Z)
        return FIMRT_NOMEM;
    mpfr_inits2(F->prec, t, u, det, (mpfr_ptr)0);

    /* z = P b */
    for (i = 0; i < n; i++)
        for (c = 0; c < m; c++)
            mpfr_set(Z[i * m + c], B[F->perm[i] * m + c], MPFR_RNDN);
    /* L w = z (unit lower; no entry within a 2×2 block) */
    for (k = 0; k < n; k++) {
        /* rows below the block: a 2×2 block's L columns start two rows down */
        size_t first = F->blk[k] == 2 ? k + 2 : k + 1;

        for (i = first; i < n; i++)
            for (c = 0; c < m; c++)
                sub_mul(Z[i * m + c], L[i * n + k], Z[k * m + c]);
    }
    /* D v = w */
    for (k = 0; k < n; k += F->blk[k] == 2 ? 2 : 1) {
        if (F->blk[k] == 2) {
            mpfr_srcptr e11 = L[k * n + k], e21 = L[(k + 1) * n + k],
                        e22 = L[(k + 1) * n + k + 1];

            mpfr_mul(det, e11, e22, MPFR_RNDN);
            mpfr_sqr(t, e21, MPFR_RNDN);
            mpfr_sub(det, det, t, MPFR_RNDN);
            for (c = 0; c < m; c++) {
                mpfr_ptr z1 = Z[k * m + c], z2 = Z[(k + 1) * m + c];

                mpfr_mul(t, e22, z1, MPFR_RNDN);
                mpfr_mul(u, e21, z2, MPFR_RNDN);
                mpfr_sub(t, t, u, MPFR_RNDN); /* e22 z1 - e21 z2 */
                mpfr_mul(u, e11, z2, MPFR_RNDN);
                mpfr_fms(z2, e21, z1, u, MPFR_RNDN);
                mpfr_neg(z2, z2, MPFR_RNDN);  /* e11 z2 - e21 z1 */
                mpfr_div(z1, t, det, MPFR_RNDN);
                mpfr_div(z2, z2, det, MPFR_RNDN);
            }
        } else
            for (c = 0; c < m; c++)
                mpfr_div(Z[k * m + c], Z[k * m + c], L[k * n + k], MPFR_RNDN);
    }
    /* Lᵀ y = v, last row first */
    for (k = n; k-- > 0;) {
        size_t first = F->blk[k] == 2 ? k + 2 : k + 1;

        for (c = 0; c < m; c++)
            for (i = first; i < n; i++)
                sub_mul(Z[k * m + c], L[i * n + k], Z[i * m + c]);
    }
    /* x = Pᵀ y */
    for (i = 0; i < n; i++)
        for (c = 0; c < m; c++)
            mpfr_set(X[F->perm[i] * m + c], Z[i * m + c], MPFR_RNDN);

    vec_free(Z, n * m);
    mpfr_clears(t, u, det, (mpfr_ptr)0);
    return FIMRT_OK;
}

int fimrt_sym_det(mpfr_t det, const mpfr_t *A, size_t n, mpfr_prec_t prec)
{
    fimrt_ldlt_t F;
    int status = fimrt_sym_factor(F, A, n, prec);

    if (status == FIMRT_OK)
        fimrt_ldlt_det(det, F);
    else if (status == FIMRT_SINGULAR)
        mpfr_set_zero(det, 1);
    fimrt_ldlt_clear(F);
    return status;
}

int fimrt_sym_solve(mpfr_t *X, const mpfr_t *A, const mpfr_t *B, size_t n, size_t m,
                    mpfr_prec_t prec)
{
    fimrt_ldlt_t F;
    int status = fimrt_sym_factor(F, A, n, prec);

    if (status == FIMRT_OK)
        status = fimrt_ldlt_solve(X, F, B, m);
    fimrt_ldlt_clear(F);
    return status;
}

int fimrt_sym_inverse(mpfr_t *Ainv, const mpfr_t *A, size_t n, mpfr_prec_t prec)
{
    fimrt_ldlt_t F;
    mpfr_t *I = NULL;
    size_t i, j;
    int status = fimrt_sym_factor(F, A, n, prec);

    if (status == FIMRT_OK) {
        I = vec_new(n * n, prec);
        if (!I)
            status = FIMRT_NOMEM;
    }
    if (status == FIMRT_OK) {
        for (i = 0; i < n; i++)
            mpfr_set_ui(I[i * n + i], 1, MPFR_RNDN);
        status = fimrt_ldlt_solve(I, F, (const mpfr_t *)I, n); /* in place: B is copied first */
    }
    if (status == FIMRT_OK)
        for (i = 0; i < n; i++)
            for (j = 0; j <= i; j++) {
                mpfr_set(Ainv[i * n + j], I[i * n + j], MPFR_RNDN);
                if (j < i)
                    mpfr_set(Ainv[j * n + i], I[i * n + j], MPFR_RNDN);
            }
    vec_free(I, n * n);
    fimrt_ldlt_clear(F);
    return status;
}

/* One Jacobi rotation zeroing W(p,q), p < q, applied to W (n×n, symmetric, both
 * triangles kept) and accumulated into the columns of V:
 *     θ = (w_qq - w_pp)/(2 w_pq), t = sgn θ/(|θ| + √(θ²+1)), c = 1/√(t²+1), s = tc,
 *     τ = s/(1+c); w_pp -= t w_pq, w_qq += t w_pq, w_pq = 0, and for the other r
 *     w_rp -= s(w_rq + τ w_rp), w_rq += s(w_rp - τ w_rq) (old values on the right). */
static void jacobi_rotate(mpfr_t *W, mpfr_t *V, size_t n, size_t p, size_t q, mpfr_t *tmp)
{
    mpfr_ptr th = tmp[0], t = tmp[1], c = tmp[2], s = tmp[3], tau = tmp[4], g = tmp[5],
             h = tmp[6], a = tmp[7];
    size_t r;

    mpfr_sub(th, W[q * n + q], W[p * n + p], MPFR_RNDN);
    mpfr_div(th, th, W[p * n + q], MPFR_RNDN);
    mpfr_div_2ui(th, th, 1, MPFR_RNDN);
    mpfr_sqr(t, th, MPFR_RNDN);
    mpfr_add_ui(t, t, 1, MPFR_RNDN);
    mpfr_sqrt(t, t, MPFR_RNDN);
    mpfr_abs(a, th, MPFR_RNDN);
    mpfr_add(t, t, a, MPFR_RNDN);
    mpfr_ui_div(t, 1, t, MPFR_RNDN);
    if (mpfr_sgn(th) < 0)
        mpfr_neg(t, t, MPFR_RNDN);
    mpfr_sqr(c, t, MPFR_RNDN);
    mpfr_add_ui(c, c, 1, MPFR_RNDN);
    mpfr_rec_sqrt(c, c, MPFR_RNDN);
    mpfr_mul(s, t, c, MPFR_RNDN);
    mpfr_add_ui(tau, c, 1, MPFR_RNDN);
    mpfr_div(tau, s, tau, MPFR_RNDN);

    mpfr_mul(h, t, W[p * n + q], MPFR_RNDN);
    mpfr_sub(W[p * n + p], W[p * n + p], h, MPFR_RNDN);
    mpfr_add(W[q * n + q], W[q * n + q], h, MPFR_RNDN);
    mpfr_set_zero(W[p * n + q], 1);
    mpfr_set_zero(W[q * n + p], 1);
    for (r = 0; r < n; r++) {
        if (r == p || r == q)
            continue;
        mpfr_set(g, W[r * n + p], MPFR_RNDN);
        mpfr_set(h, W[r * n + q], MPFR_RNDN);
        mpfr_fma(a, g, tau, h, MPFR_RNDN);           /* w_rq + τ w_rp */
        mpfr_mul(a, a, s, MPFR_RNDN);
        mpfr_sub(W[r * n + p], g, a, MPFR_RNDN);
        mpfr_fms(a, h, tau, g, MPFR_RNDN);           /* τ w_rq - w_rp */
        mpfr_mul(a, a, s, MPFR_RNDN);
        mpfr_sub(W[r * n + q], h, a, MPFR_RNDN);
        mpfr_set(W[p * n + r], W[r * n + p], MPFR_RNDN);
        mpfr_set(W[q * n + r], W[r * n + q], MPFR_RNDN);
    }
    for (r = 0; r < n; r++) {
        mpfr_set(g, V[r * n + p], MPFR_RNDN);
        mpfr_set(h, V[r * n + q], MPFR_RNDN);
        mpfr_fma(a, g, tau, h, MPFR_RNDN);
        mpfr_mul(a, a, s, MPFR_RNDN);
        mpfr_sub(V[r * n + p], g, a, MPFR_RNDN);
        mpfr_fms(a, h, tau, g, MPFR_RNDN);
        mpfr_mul(a, a, s, MPFR_RNDN);
        mpfr_sub(V[r * n + q], h, a, MPFR_RNDN);
    }
}

#define JACOBI_MAX_SWEEPS 100

int fimrt_sym_min_eig(mpfr_t lambda, mpfr_t *v, const mpfr_t *A, size_t n, mpfr_prec_t prec)
{
    mpfr_t *W, *V, *tmp;
    mpfr_t fro, off, thr;
    size_t i, p, q, sweep, m = 0;
    int status = FIMRT_NOCONV;

    if (n == 0 || !lower_finite(A, n))
        return FIMRT_INVALID;
    W = vec_new(n * n, prec);
    V = vec_new(n * n, prec);
    tmp = vec_new(8, prec);
    if (!W || !V || !tmp) {
        vec_free(W, n * n);
        vec_free(V, n * n);
        vec_free(tmp, 8);
        return FIMRT_NOMEM;
    }
    mpfr_inits2(prec, fro, off, thr, (mpfr_ptr)0);
    sym_copy(W, A, n);
    for (i = 0; i < n; i++)
        mpfr_set_ui(V[i * n + i], 1, MPFR_RNDN);

    /* converged when the off-diagonal Frobenius norm is below n ||A||_F 2^(8-prec) */
    mpfr_set_zero(fro, 1);
    for (i = 0; i < n * n; i++)
        mpfr_fma(fro, W[i], W[i], fro, MPFR_RNDN);
    mpfr_sqrt(fro, fro, MPFR_RNDN);
    mpfr_mul_ui(thr, fro, (unsigned long)n, MPFR_RNDN);
    mpfr_mul_2si(thr, thr, 8 - prec, MPFR_RNDN);
    for (sweep = 0; sweep <= JACOBI_MAX_SWEEPS; sweep++) {
        mpfr_set_zero(off, 1);
        for (p = 0; p < n; p++)
            for (q = p + 1; q < n; q++)
                mpfr_fma(off, W[p * n + q], W[p * n + q], off, MPFR_RNDN);
        mpfr_mul_2ui(off, off, 1, MPFR_RNDN);
        mpfr_sqrt(off, off, MPFR_RNDN);
        if (mpfr_cmp(off, thr) <= 0) {
            status = FIMRT_OK;
            break;
        }
        if (sweep == JACOBI_MAX_SWEEPS)
            break;
        for (p = 0; p < n; p++)
            for (q = p + 1; q < n; q++)
                if (!mpfr_zero_p(W[p * n + q]))
                    jacobi_rotate(W, V, n, p, q, tmp);
    }

    if (status == FIMRT_OK) {
        mpfr_ptr norm = tmp[0], small = tmp[1];

        for (i = 1; i < n; i++)
            if (mpfr_cmp(W[i * n + i], W[m * n + m]) < 0)
                m = i;
        /* v = column m of V, renormalised; its first component above 2^(-prec/2) made
         * positive */
        mpfr_set_zero(norm, 1);
        for (i = 0; i < n; i++)
            mpfr_fma(norm, V[i * n + m], V[i * n + m], norm, MPFR_RNDN);
        mpfr_sqrt(norm, norm, MPFR_RNDN);
        mpfr_set_ui_2exp(small, 1, -(mpfr_exp_t)(prec / 2), MPFR_RNDN);
        for (i = 0; i < n; i++)
            if (mpfr_cmpabs(V[i * n + m], small) > 0) {
                if (mpfr_sgn(V[i * n + m]) < 0)
                    mpfr_neg(norm, norm, MPFR_RNDN);
                break;
            }
        mpfr_set(lambda, W[m * n + m], MPFR_RNDN);
        if (v)
            for (i = 0; i < n; i++)
                mpfr_div(v[i], V[i * n + m], norm, MPFR_RNDN);
    }

    mpfr_clears(fro, off, thr, (mpfr_ptr)0);
    vec_free(W, n * n);
    vec_free(V, n * n);
    vec_free(tmp, 8);
    return status;
}
