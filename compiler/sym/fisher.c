/* compiler/sym/fisher.c — the Jeffreys density from a closed-form FIM (see fisher.h). */
#include "fisher.h"

#include <stdlib.h>

#include "diff.h"
#include "expfam.h"
#include "range.h"
#include "util.h"


expr *fisher_jeffreys(model *m, simp_ctx *sc, expr *const *F, int d)
{
    expr_ctx *ex = m->ex;
    expr *det = simp_normal(sc, expfam_det(ex, sc, F, d));
    expr *const *f = det->kind == EXPR_MUL ? det->args : &det;
    size_t n = det->kind == EXPR_MUL ? det->nargs : 1;
    mpq_t c;
    mpq_init(c);
    mpq_set_ui(c, 1, 1);
    ptrvec base = {0}, pw = {0};
    for (size_t i = 0; i < n; i++) {
        if (f[i]->kind == EXPR_NUM) {
            mpq_mul(c, c, f[i]->q);
            continue;
        }
        bool ispow = f[i]->kind == EXPR_POW && f[i]->args[1]->kind == EXPR_NUM;
        pv_push(&base, ispow ? f[i]->args[0] : f[i]);
        pv_push(&pw, ispow ? f[i]->args[1] : expr_int(ex, 1));
    }
    /* sign[i]: +1 the factor is >= 0, -1 <= 0, 0 unknown (abs) */
    int *sign = xcalloc(base.n + 1, sizeof *sign);
    int product = mpq_sgn(c) < 0 ? -1 : 1; /* the sign of c times the decided factors^e */
    bool bookkeeping = true;               /* product is the sign of the rest of det F */
    size_t undecided = 0, last = 0;
    for (size_t i = 0; i < base.n; i++) {
        const expr *e = pw.v[i];
        bool integer = expr_is_integer(e);
        if (integer && mpz_divisible_ui_p(mpq_numref(e->q), 4)) {
            sign[i] = 1; /* an even power of f^2: no sign needed */
            continue;
        }
        sign[i] = range_sign(m, base.v[i]);
        if (!integer) {
            /* f^(p/q): real only where f >= 0 (even q); otherwise keep abs and stop
             * inferring signs from det F >= 0 */
            if (sign[i] <= 0) {
                sign[i] = 0;
                bookkeeping = false;
            }
            continue;
        }
        bool odd = mpz_odd_p(mpq_numref(e->q));
        if (sign[i] < 0 && odd)
            product = -product;
        /* an even power is >= 0 whatever the sign of f: only its root needs abs */
        if (sign[i] == 0 && odd) {
            undecided++;
            last = i;
        }
    }
    /* det F >= 0: the one undecided odd factor has the sign that makes the product positive */
    if (bookkeeping && undecided == 1)
        sign[last] = product;
    mpq_abs(c, c);
    ptrvec out = {0};
    pv_push(&out, expr_pow(ex, expr_num(ex, c), expr_frac(ex, 1, 2)));
    for (size_t i = 0; i < base.n; i++) {
        expr *b = base.v[i];
        if (sign[i] < 0)
            b = expr_neg_terms(ex, b);
        else if (sign[i] == 0)
            b = expr_fn1(ex, FN_ABS, b);
        pv_push(&out, expr_pow(ex, b, expr_mul2(ex, pw.v[i], expr_frac(ex, 1, 2))));
    }
    expr *r = expr_mul(ex, out.n, (expr *const *)out.v);
    mpq_clear(c);
    free(sign);
    pv_free(&base);
    pv_free(&pw);
    pv_free(&out);
    return r;
}

bool model_same(model *m, simp_ctx *sc, expr *a, expr *b)
{
    return simp_is_equal(sc, a, b) || simp_is_zero(sc, model_const_values(m, expr_sub(m->ex, a, b)));
}

bool model_row_mean(model *m, simp_ctx *sc, expr *const *F, int n, expr **out)
{
    int rows = -1;
    for (int i = 0; i < m->ninputs; i++) {
        const decl *dc = expr_sym_get(m->ex, m->inputs[i])->owner;
        if (!dc || !dc->values || dc->nvalues <= 0 || (rows >= 0 && dc->nvalues != rows))
            return false;
        rows = dc->nvalues;
    }
    if (rows < 1)
        return false;
    expr **vals = xmalloc((size_t)m->ninputs * sizeof *vals);
    expr **terms = xmalloc((size_t)rows * sizeof *terms);
    for (int k = 0; k < n; k++) {
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < m->ninputs; i++)
                vals[i] = ((const decl *)expr_sym_get(m->ex, m->inputs[i])->owner)->values[r];
            terms[r] = expr_subst(m->ex, F[k], (size_t)m->ninputs, m->inputs, vals);
        }
        expr *sum = expr_add(m->ex, (size_t)rows, terms);
        out[k] = simp_display(sc, expr_mul2(m->ex, expr_frac(m->ex, 1, (unsigned long)rows), sum));
    }
    free(terms);
    free(vals);
    return true;
}

/* Every entry of a and b the same by the zero test. */
static bool same_matrix(model *m, simp_ctx *sc, expr *const *a, expr *const *b, int n)
{
    for (int i = 0; i < n * n; i++)
        if (!model_same(m, sc, a[i], b[i]))
            return false;
    return true;
}

const char *fisher_check_text(fisher_check c)
{
    return c == FC_EXACT ? "checked (exact)" : c == FC_NOT_SHOWN ? "NOT SHOWN" : "not applicable";
}

void fisher_cumulants(model *m, diff_ctx *dc, simp_ctx *sc, const expfam *ef, fisher_check *cov_out,
                      fisher_check *fm_out)
{
    expr_ctx *ex = m->ex;
    /* F(eta) = Cov[T], from the FIM (covT), against dm/deta = (dm/dtheta)(deta/dtheta)^-1,
     * from differentiating E[T]: the second cumulant identity, checked. */
    int K = ef->K, d = ef->d;
    expr **Dm = xmalloc((size_t)(K * d) * sizeof *Dm), **De = xmalloc((size_t)(K * d) * sizeof *De);
    expr **Dei = xmalloc((size_t)(K * d) * sizeof *Dei), **cov = xmalloc((size_t)(K * K) * sizeof *cov);
    for (int k = 0; k < K; k++)
        for (int i = 0; i < d; i++) {
            Dm[k * d + i] = diff(dc, ef->m[k], ef->params[i]);
            De[k * d + i] = diff(dc, ef->eta[k], ef->params[i]);
        }
    bool inv = expfam_inverse(ex, sc, Dei, De, K);
    if (inv) {
        for (int k = 0; k < K; k++)
            for (int l = 0; l < K; l++) {
                ptrvec t = {0};
                for (int i = 0; i < d; i++)
                    pv_push(&t, expr_mul2(ex, Dm[k * d + i], Dei[i * K + l]));
                cov[k * K + l] = expr_add(ex, t.n, (expr *const *)t.v);
                pv_free(&t);
            }
        *cov_out = same_matrix(m, sc, cov, ef->covT, K) ? FC_EXACT : FC_NOT_SHOWN;
    } else {
        *cov_out = FC_NOT_SHOWN;
    }
    /* F(m) = F(eta)^-1: the FIM in the moment coordinates, (dm/dtheta)^-T F (dm/dtheta)^-1,
     * against the inverse of Cov[T]. */
    expr **Dmi = xmalloc((size_t)(K * d) * sizeof *Dmi), **Fm = xmalloc((size_t)(K * K) * sizeof *Fm);
    expr **covi = xmalloc((size_t)(K * K) * sizeof *covi);
    if (expfam_inverse(ex, sc, Dmi, Dm, K) && expfam_inverse(ex, sc, covi, ef->covT, K)) {
        for (int k = 0; k < K; k++)
            for (int l = 0; l < K; l++) {
                ptrvec t = {0};
                for (int i = 0; i < d; i++)
                    for (int j = 0; j < d; j++)
                        pv_push(&t, expr_mul(ex, 3, (expr *[]){Dmi[i * K + k], ef->F[i * d + j],
                                                               Dmi[j * K + l]}));
                Fm[k * K + l] = expr_add(ex, t.n, (expr *const *)t.v);
                pv_free(&t);
            }
        *fm_out = same_matrix(m, sc, Fm, covi, K) ? FC_EXACT : FC_NOT_SHOWN;
    } else {
        *fm_out = FC_NOT_SHOWN;
    }
    free(Dm);
    free(De);
    free(Dei);
    free(cov);
    free(Dmi);
    free(Fm);
    free(covi);
}

void fisher_reparam(model *m, diff_ctx *dc, simp_ctx *sc, int ri, const expfam *own,
                    const expfam *new, fisher_check *jtfj, fisher_check *inv)
{
    expr_ctx *ex = m->ex;
    const model_reparam *rp = m->reparams[ri];
    /* J^T F(theta(phi)) J with J_ij = d theta_i / d phi_j over all coordinates */
    int d = m->nparams, e = rp->ncoords;
    expr **th = xmalloc((size_t)d * sizeof *th), **J = xmalloc((size_t)(d * e) * sizeof *J);
    for (int i = 0; i < d; i++) {
        th[i] = expr_sym(ex, m->params[i]);
        th[i] = expr_subst(ex, th[i], (size_t)rp->nassign, rp->old_syms, rp->rhs);
        for (int j = 0; j < e; j++)
            J[i * e + j] = diff(dc, th[i], rp->coords[j]);
    }
    expr **Fsub = xmalloc((size_t)(d * d) * sizeof *Fsub), **G = xmalloc((size_t)(e * e) * sizeof *G);
    for (int i = 0; i < d * d; i++)
        Fsub[i] = expr_subst(ex, own->F[i], (size_t)rp->nassign, rp->old_syms, rp->rhs);
    for (int a = 0; a < e; a++)
        for (int b = 0; b < e; b++) {
            ptrvec tt = {0};
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++)
                    pv_push(&tt, expr_mul(ex, 3, (expr *[]){J[i * e + a], Fsub[i * d + j], J[j * e + b]}));
            G[a * e + b] = simp_display(sc, expr_add(ex, tt.n, (expr *const *)tt.v));
            pv_free(&tt);
        }
    *jtfj = e == new->d && same_matrix(m, sc, G, new->F, e) ? FC_EXACT : FC_NOT_SHOWN;
    /* Jeffreys invariance: det F(phi) = det F(theta(phi)) det(J)^2 (J square) */
    *inv = d == e ? FC_NOT_SHOWN : FC_NOT_APPLICABLE;
    if (d == e) {
        expr *lhs = expfam_det(ex, sc, new->F, e);
        expr *dj = expfam_det(ex, sc, J, d);
        expr *rhs = expr_mul2(ex, expfam_det(ex, sc, Fsub, d), expr_powi(ex, dj, 2));
        if (model_same(m, sc, lhs, rhs))
            *inv = FC_EXACT;
    }
    free(th);
    free(J);
    free(Fsub);
    free(G);
}
