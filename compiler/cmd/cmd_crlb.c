/* compiler/cmd/cmd_crlb.c — `fimc crlb -N COUNT --at P`: the Cramer-Rao bound (N F)^-1 at P
 * and the standard-error bound sqrt((N F)^-1)_ii of each parameter. F comes from the point
 * machinery of fim --at (cmd_point.c); the inverse by the runtime's LDL^T. Its digits are
 * the FIM's verified digits less what the inversion can lose: entries known to
 * 10^-digits max|F| give |delta F^-1| <= |F^-1| |delta F| |F^-1|, so the bound loses
 * log10(d max|F| max_i sum_j |F^-1_ij|) digits relative to its largest entry. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fimrt.h"

#include "cli.h"
#include "cmd_fisher.h"
#include "fisher.h"
#include "print_model.h"

int cmd_crlb(cli *c)
{
    if (!c->count) {
        diag_plain_error(&c->diag, "crlb: -N COUNT (the number of observations) is required");
        return FIMC_EXIT_USAGE;
    }
    if (!c->at) {
        diag_plain_error(&c->diag, "crlb: --at P (the parameter point) is required");
        return FIMC_EXIT_USAGE;
    }
    if (c->simulate) {
        diag_plain_error(&c->diag, "crlb --simulate: simulated MLEs beside the bound are not "
                                   "available in this version (the bound itself is: drop "
                                   "--simulate)");
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
    mpfr_t *vals;
    char **texts;
    rc = point_setup(c, m, m->params, d, vp, &vals, &texts);
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
    if (rc == FIMC_EXIT_OK) {
        /* singular: no bound */
        mpfr_t big, tiny;
        mpfr_inits2(64, big, tiny, (mpfr_ptr)0);
        fim_point_tiny(&r, r.digits < D ? r.digits : D, big, tiny);
        rc = fim_conditioning(c, m, d, r.F, r.digits, big, tiny);
        mpfr_clears(big, tiny, (mpfr_ptr)0);
    }
    mpfr_prec_t wp = mpfr_get_prec(r.F ? r.F[0] : vals[0]) + 32;
    mpfr_t *B = xmalloc((size_t)(d * d) * sizeof *B), *se = xmalloc((size_t)d * sizeof *se);
    for (int i = 0; i < d * d; i++)
        mpfr_init2(B[i], wp);
    for (int i = 0; i < d; i++)
        mpfr_init2(se[i], wp);
    if (rc == FIMC_EXIT_OK &&
        fimrt_sym_inverse(B, (const mpfr_t *)r.F, (size_t)d, wp) != FIMRT_OK) {
        diag_plain_error(&c->diag, "%s: the FIM cannot be inverted at this point", m->name);
        rc = FIMC_EXIT_NUMERIC;
    }
    if (rc == FIMC_EXIT_OK) {
        int bd = inverse_digits((const mpfr_t *)r.F, (const mpfr_t *)B, d, r.digits);
        int shown = bd < D ? bd : D;
        for (int i = 0; i < d * d; i++)
            mpfr_div_ui(B[i], B[i], (unsigned long)c->count, MPFR_RNDN);
        for (int i = 0; i < d; i++)
            mpfr_sqrt(se[i], B[i * d + i], MPFR_RNDN);
        mpfr_t bbig, btiny;
        mpfr_inits2(64, bbig, btiny, (mpfr_ptr)0);
        mpfr_set_ui(bbig, 0, MPFR_RNDN);
        for (int i = 0; i < d * d; i++)
            if (mpfr_cmpabs(B[i], bbig) > 0)
                mpfr_abs(bbig, B[i], MPFR_RNDN);
        mpfr_set_d(btiny, pow(10.0, -shown), MPFR_RNDN);
        mpfr_mul(btiny, btiny, bbig, MPFR_RNDN);
        strbuf out = {0};
        if (c->format == FORMAT_JSON) {
            sb_puts(&out, "{\"model\": ");
            json_string(&out, m->name);
            sb_puts(&out, ", ");
            json_params(&out, m, m->params, d);
            json_at(&out, m, m->params, d, texts);
            sb_printf(&out, ", \"n\": %ld", c->count);
            json_values(&out, "bound", (const mpfr_t *)B, d, shown, btiny);
            sb_puts(&out, ", \"se\": ");
            if (shown > 0) {
                sb_putc(&out, '{');
                for (int i = 0; i < d; i++) {
                    char *v = numfim_format(se[i], shown);
                    sb_puts(&out, i ? ", " : "");
                    json_string(&out, pname(m, m->params[i]));
                    sb_puts(&out, ": ");
                    json_string(&out, v);
                    free(v);
                }
                sb_putc(&out, '}');
            } else {
                sb_puts(&out, "null");
            }
            sb_printf(&out, ", \"digits\": %d, \"fim_method\": \"%s\", \"simulated\": null}\n",
                      shown, r.method);
        } else {
            sb_puts(&out, "Cramer-Rao bound (N F)^-1 at ");
            for (int i = 0; i < d; i++)
                sb_printf(&out, "%s%s = %s", i ? ", " : "", pname(m, m->params[i]), texts[i]);
            sb_printf(&out, ", N = %ld", c->count);
            if (shown <= 0) {
                sb_printf(&out, " (F %s): no digit could be verified\n", r.method);
            } else {
                sb_printf(&out, " (%d digits; F %s):\n", shown, r.method);
                for (int i = 0; i < d; i++) {
                    for (int j = 0; j < d; j++) {
                        char *v = mpfr_cmpabs(B[i * d + j], btiny) < 0
                                      ? xstrdup("0")
                                      : numfim_format(B[i * d + j], shown);
                        sb_printf(&out, "  %s", v);
                        free(v);
                    }
                    sb_putc(&out, '\n');
                }
                sb_puts(&out, "standard errors of unbiased estimators are at least:\n");
                for (int i = 0; i < d; i++) {
                    char *v = numfim_format(se[i], shown);
                    sb_printf(&out, "  %s: %s\n", pname(m, m->params[i]), v);
                    free(v);
                }
            }
        }
        fputs(sb_str(&out), c->out);
        sb_free(&out);
        if (shown < D) {
            diag_plain_error(&c->diag, "%s: only %d of the %d digits asked for could be verified",
                             m->name, shown, D);
            rc = FIMC_EXIT_NUMERIC;
        }
        mpfr_clears(bbig, btiny, (mpfr_ptr)0);
    }
    for (int i = 0; i < d * d; i++)
        mpfr_clear(B[i]);
    for (int i = 0; i < d; i++)
        mpfr_clear(se[i]);
    free(B);
    free(se);
    if (Fc && Fc != s.ef.F)
        free(Fc);
    fim_point_free(&r);
    point_free(vals, texts, d);
    close_session(&s);
    return rc;
}
