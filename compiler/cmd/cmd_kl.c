/* compiler/cmd/cmd_kl.c — `fimc kl --dir V --at P`: the local geometry of the model.
 * KL(p_theta || p_(theta + eps v)) = E_theta[logp(x | theta) - logp(x | theta + eps v)] by
 * the numeric engine (numexp_compute: sums or quadrature at two precisions) for
 * eps = 2^-1 ... 2^-20, beside 1/2 eps^2 v^T F v (F from fim --at's point machinery), and
 * the observed order of their difference. The expectation cancels from O(eps) terms to
 * O(eps^2), so its digits relative to KL are the engine's (relative to sqrt(E g^2)) less
 * log10(sqrt(E g^2)/KL); the engine is asked for more digits as eps shrinks, and the
 * sequence stops when fewer than 2 remain. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"

#include "cli.h"
#include "cmd_fisher.h"
#include "fisher.h"
#include "numfim.h"
#include "print_model.h"

#define KL_MAX_HALVINGS 20

/* --dir V: d values, comma-separated at bracket depth 0. */
static int parse_dir(cli *c, model *m, int d, mpfr_t *v, char **texts)
{
    const char *s = c->dir;
    int k = 0;
    while (k <= d) {
        const char *e = s;
        int depth = 0;
        while (*e && !(*e == ',' && depth == 0)) {
            depth += (*e == '(' || *e == '[' || *e == '{') - (*e == ')' || *e == ']' || *e == '}');
            e++;
        }
        if (k < d) {
            char label[48];
            snprintf(label, sizeof label, "<--dir %d>", k + 1);
            texts[k] = xstrndup(s, (size_t)(e - s));
            if (!parse_value(c, m, label, s, (size_t)(e - s), -1, v[k])) {
                c->diag.nerrors++;
                return FIMC_EXIT_USAGE;
            }
        }
        k++;
        if (!*e)
            break;
        s = e + 1;
    }
    if (k != d) {
        diag_plain_error(&c->diag, "--dir has %d value%s but the model has %d parameter%s (one "
                                   "value per parameter, in declaration order)",
                         k, k == 1 ? "" : "s", d, d == 1 ? "" : "s");
        return FIMC_EXIT_USAGE;
    }
    return FIMC_EXIT_OK;
}

typedef struct kl_row {
    long k;          /* eps = 2^-k */
    mpfr_t kl, q;    /* KL and 1/2 eps^2 v^T F v */
    int digits;      /* KL's verified digits, relative to KL */
} kl_row;

int cmd_kl(cli *c)
{
    if (!c->at || !c->dir) {
        diag_plain_error(&c->diag, "kl: %s is required", !c->at ? "--at P (the point)"
                                                               : "--dir V (the direction)");
        return FIMC_EXIT_USAGE;
    }
    session s = {0};
    int rc = open_session(c, &s, -1);
    if (rc != FIMC_EXIT_OK) {
        close_session(&s);
        return rc;
    }
    model *m = s.m;
    int d = m->nparams, D = (int)c->digits;
    mpfr_prec_t vp = (mpfr_prec_t)(D * 3.33 + 200) + (mpfr_prec_t)c->prec;
    mpfr_t *vals, *v = xmalloc((size_t)d * sizeof *v), *t = xmalloc((size_t)d * sizeof *t);
    char **texts, **dtexts = xcalloc((size_t)d, sizeof *dtexts);
    for (int i = 0; i < d; i++)
        mpfr_inits2(vp, v[i], t[i], (mpfr_ptr)0);
    rc = point_setup(c, m, m->params, d, vp, &vals, &texts);
    if (rc == FIMC_EXIT_OK)
        rc = parse_dir(c, m, d, v, dtexts);
    expr **Fc = NULL;
    if (rc == FIMC_EXIT_OK && s.ef.solved) {
        Fc = s.ef.F;
        if (m->ninputs) {
            Fc = xmalloc((size_t)(d * d) * sizeof *Fc);
            if (!model_row_mean(m, s.sc, s.ef.F, d * d, Fc)) {
                free(Fc);
                Fc = NULL;
            }
        }
    }
    fim_point r = {0};
    if (rc == FIMC_EXIT_OK)
        rc = fim_point_compute(c, &s, m->logp, m->params, d, Fc, vals, &r);
    kl_row rows[KL_MAX_HALVINGS];
    int nrows = 0;
    mpfr_t vfv, u;
    mpfr_inits2(vp, vfv, u, (mpfr_ptr)0);
    mpfr_set_ui(vfv, 0, MPFR_RNDN);
    int qdigits = r.digits;
    if (rc == FIMC_EXIT_OK) {
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) {
                mpfr_mul(u, v[i], r.F[i * d + j], MPFR_RNDN);
                mpfr_mul(u, u, v[j], MPFR_RNDN);
                mpfr_add(vfv, vfv, u, MPFR_RNDN);
            }
        /* v^T F v loses digits when it cancels: relative to max|F| |v|^2 */
        mpfr_t big;
        mpfr_init2(big, 64);
        mpfr_set_ui(big, 0, MPFR_RNDN);
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) {
                mpfr_mul(u, v[i], r.F[i * d + j], MPFR_RNDN);
                mpfr_mul(u, u, v[j], MPFR_RNDN);
                mpfr_abs(u, u, MPFR_RNDN);
                mpfr_add(big, big, u, MPFR_RNDN);
            }
        if (!mpfr_zero_p(vfv)) {
            double loss = log10(mpfr_get_d(big, MPFR_RNDN) / fabs(mpfr_get_d(vfv, MPFR_RNDN)));
            qdigits -= loss > 0 ? (int)ceil(loss) : 0;
        }
        mpfr_clear(big);
    }
    for (long k = 1; rc == FIMC_EXIT_OK && k <= KL_MAX_HALVINGS; k++) {
        /* theta' = theta + 2^-k v, as exact rationals of the binary values */
        for (int i = 0; i < d; i++) {
            mpfr_mul_2si(t[i], v[i], -k, MPFR_RNDN);
            mpfr_add(t[i], t[i], vals[i], MPFR_RNDN);
        }
        if (!point_inside(m, m->params, d, t))
            continue;
        expr **tv = xmalloc((size_t)d * sizeof *tv);
        mpq_t q;
        mpq_init(q);
        for (int i = 0; i < d; i++) {
            mpfr_get_q(q, t[i]);
            tv[i] = expr_num(m->ex, q);
        }
        mpq_clear(q);
        expr *g = expr_sub(m->ex, m->logp,
                           expr_subst(m->ex, m->logp, (size_t)d, m->params, tv));
        free(tv);
        numexp ne = {0};
        char *why = NULL;
        int want = D + 4 + (int)ceil(0.31 * (double)k);
        if (numexp_compute(&ne, m, m->logp, m->params, d, vals, -1, &g, 1, want, c->prec, &why)) {
            diag_plain_warning(&c->diag, "%s: KL at eps = 2^-%ld could not be computed: %s",
                               m->name, k, why);
            free(why);
            break;
        }
        /* digits relative to KL: the engine's are relative to max(|E g|, sqrt(E g^2)) */
        int dg = ne.mean_digits[0];
        mpfr_t sq;
        mpfr_init2(sq, 64);
        mpfr_sqr(u, ne.mean[0], MPFR_RNDN);
        mpfr_add(sq, ne.var[0], u, MPFR_RNDN);
        mpfr_sqrt(sq, sq, MPFR_RNDN);
        if (!mpfr_zero_p(ne.mean[0]) && mpfr_cmpabs(sq, ne.mean[0]) > 0) {
            mpfr_div(sq, sq, ne.mean[0], MPFR_RNDN);
            mpfr_abs(sq, sq, MPFR_RNDN);
            dg -= (int)ceil(log10(mpfr_get_d(sq, MPFR_RNDN)));
        }
        mpfr_clear(sq);
        if (dg > qdigits)
            dg = qdigits;
        if (dg < 2) {
            numexp_clear(&ne);
            break;
        }
        kl_row *w = &rows[nrows++];
        w->k = k;
        w->digits = dg;
        mpfr_inits2(vp, w->kl, w->q, (mpfr_ptr)0);
        mpfr_set(w->kl, ne.mean[0], MPFR_RNDN);
        mpfr_mul_2si(w->q, vfv, -2 * k - 1, MPFR_RNDN);
        numexp_clear(&ne);
    }
    if (rc == FIMC_EXIT_OK && nrows == 0) {
        diag_plain_error(&c->diag, "%s: no step eps = 2^-k (k = 1..%d) gave a KL with verified "
                                   "digits inside the parameter domain",
                         m->name, KL_MAX_HALVINGS);
        rc = FIMC_EXIT_NUMERIC;
    }
    if (rc == FIMC_EXIT_OK) {
        /* the observed order from consecutive halvings whose differences are known to 2
         * digits: |KL - Q| must exceed 100 times KL's error */
        double order = NAN;
        mpfr_t dif, dif2, err;
        mpfr_inits2(vp, dif, dif2, err, (mpfr_ptr)0);
        for (int i = 0; i + 1 < nrows; i++) {
            if (rows[i + 1].k != rows[i].k + 1)
                continue;
            bool ok = true;
            for (int h = 0; h < 2 && ok; h++) {
                kl_row *w = &rows[i + h];
                mpfr_sub(h ? dif2 : dif, w->kl, w->q, MPFR_RNDN);
                mpfr_abs(err, w->kl, MPFR_RNDN);
                mpfr_mul_d(err, err, 100 * pow(10.0, -w->digits), MPFR_RNDN);
                ok = mpfr_cmpabs(h ? dif2 : dif, err) > 0;
            }
            if (ok) {
                mpfr_div(err, dif, dif2, MPFR_RNDN);
                mpfr_abs(err, err, MPFR_RNDN);
                order = log2(mpfr_get_d(err, MPFR_RNDN));
            }
        }
        mpfr_clears(dif, dif2, err, (mpfr_ptr)0);
        int qs = qdigits < D ? qdigits : D;
        strbuf out = {0};
        if (c->format == FORMAT_JSON) {
            sb_puts(&out, "{\"model\": ");
            json_string(&out, m->name);
            json_at(&out, m, m->params, d, texts);
            sb_puts(&out, ", \"dir\": [");
            for (int i = 0; i < d; i++) {
                sb_puts(&out, i ? ", " : "");
                json_string(&out, dtexts[i]);
            }
            sb_putc(&out, ']');
            for (int col = 0; col < 3; col++) {
                sb_puts(&out, col == 0 ? ", \"eps\": [" : col == 1 ? ", \"kl\": [" : ", \"quadratic\": [");
                for (int i = 0; i < nrows; i++) {
                    char *x;
                    if (col == 0) {
                        mpfr_set_ui(u, 1, MPFR_RNDN);
                        mpfr_mul_2si(u, u, -rows[i].k, MPFR_RNDN);
                        x = numfim_format(u, 7);
                    } else {
                        x = numfim_format(col == 1 ? rows[i].kl : rows[i].q,
                                          col == 1 ? (rows[i].digits < D ? rows[i].digits : D) : qs);
                    }
                    sb_puts(&out, i ? ", " : "");
                    json_string(&out, x);
                    free(x);
                }
                sb_putc(&out, ']');
            }
            if (isnan(order))
                sb_puts(&out, ", \"order\": null}\n");
            else
                sb_printf(&out, ", \"order\": \"%.2f\"}\n", order);
        } else {
            sb_puts(&out, "KL(p_theta || p_(theta + eps v)) at ");
            for (int i = 0; i < d; i++)
                sb_printf(&out, "%s%s = %s", i ? ", " : "", pname(m, m->params[i]), texts[i]);
            sb_puts(&out, ", v = (");
            for (int i = 0; i < d; i++)
                sb_printf(&out, "%s%s", i ? ", " : "", dtexts[i]);
            char *vf = numfim_format(vfv, qs);
            sb_printf(&out, "); v^T F v = %s (F %s):\n", vf, r.method);
            free(vf);
            for (int i = 0; i < nrows; i++) {
                char *a = numfim_format(rows[i].kl, rows[i].digits < D ? rows[i].digits : D);
                char *b = numfim_format(rows[i].q, qs);
                sb_printf(&out, "  eps = 2^-%-2ld  KL = %s  1/2 eps^2 v^T F v = %s\n", rows[i].k, a,
                          b);
                free(a);
                free(b);
            }
            if (isnan(order))
                sb_puts(&out, "observed order of KL - 1/2 eps^2 v^T F v: not estimated (the "
                              "differences are not known to 2 digits)\n");
            else
                sb_printf(&out, "observed order of KL - 1/2 eps^2 v^T F v: %.2f (3 for a regular "
                                "model)\n",
                          order);
        }
        fputs(sb_str(&out), c->out);
        sb_free(&out);
    }
    for (int i = 0; i < nrows; i++)
        mpfr_clears(rows[i].kl, rows[i].q, (mpfr_ptr)0);
    mpfr_clears(vfv, u, (mpfr_ptr)0);
    for (int i = 0; i < d; i++) {
        mpfr_clears(v[i], t[i], (mpfr_ptr)0);
        free(dtexts[i]);
    }
    free(v);
    free(t);
    free(dtexts);
    if (Fc && Fc != s.ef.F)
        free(Fc);
    fim_point_free(&r);
    if (rc != FIMC_EXIT_USAGE || vals)
        point_free(vals, texts, d);
    close_session(&s);
    return rc;
}
