/* compiler/cmd/cmd_fisher.c — what the Fisher commands share (cmd_fisher.h): the analysis
 * session, the closed-form FIM printer, singularity and conditioning of a FIM's values,
 * the "at" JSON object. The commands: cmd_fim.c, cmd_jeffreys.c, cmd_reparam.c,
 * cmd_expfam.c; the point machinery (--at, values at a point): cmd_point.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "fimrt.h"

#include "cli.h"
#include "cmd_fisher.h"
#include "diff.h"
#include "expfam.h"
#include "argdom.h"
#include "fisher.h"
#include "inputs.h"
#include "numfim.h"
#include "parse.h"
#include "sema.h"
#include "print_latex.h"
#include "print_model.h"
#include "simp.h"

int open_session(cli *c, session *s, int reparam)
{
    int rc = cli_load_model(c);
    if (rc != FIMC_EXIT_OK)
        return rc;
    s->m = c->model;
    rc = cli_require_normalised(c, NULL);
    if (rc != FIMC_EXIT_OK) {
        s->m = NULL;
        return rc;
    }
    diff_init(&s->dc, s->m->ex);
    s->sc = simp_new(s->m->ex);
    expfam_model(&s->ef, s->m, &s->dc, s->sc, reparam);
    return FIMC_EXIT_OK;
}

void close_session(session *s)
{
    if (!s->m)
        return;
    expfam_free(&s->ef);
    simp_free(s->sc);
    diff_free(&s->dc);
}


/* No closed form: say why, and what can be done instead (hint). */
int no_closed_form(cli *c, const expfam *ef, const char *hint)
{
    diag_plain_error(&c->diag, "%s: no closed form of the FIM was found (%s); %s", c->model->name,
                     ef->reason ? ef->reason : "unknown reason", hint);
    return FIMC_EXIT_USAGE;
}


const char *pname(const model *m, int sym)
{
    return expr_sym_get(m->ex, sym)->name;
}

/* F in text (upper triangle), JSON (the fim keys) or LaTeX. */
void print_fim(strbuf *sb, cli *c, const model *m, expr *const *F, const int *p, int d,
                      const char *extra_json)
{
    if (c->format == FORMAT_JSON) {
        sb_puts(sb, "{\"model\": ");
        json_string(sb, m->name);
        sb_puts(sb, ", ");
        json_params(sb, m, p, d);
        sb_puts(sb, ", \"at\": null, \"fim\": null, \"digits\": null, \"method\": \"symbolic\", "
                    "\"symbolic\": ");
        json_matrix(sb, m, F, d);
        if (extra_json)
            sb_puts(sb, extra_json);
        sb_puts(sb, "}\n");
    } else if (c->format == FORMAT_LATEX) {
        sb_puts(sb, "\\begin{pmatrix}\n");
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                if (j)
                    sb_puts(sb, " & ");
                expr_print_latex(sb, m->ex, F[i * d + j]);
            }
            sb_puts(sb, i + 1 < d ? " \\\\\n" : "\n");
        }
        sb_puts(sb, "\\end{pmatrix}\n");
    } else {
        for (int i = 0; i < d; i++)
            for (int j = i; j < d; j++) {
                sb_printf(sb, "F[%s, %s] = ", pname(m, p[i]), pname(m, p[j]));
                expr_print(sb, m->ex, F[i * d + j]);
                sb_putc(sb, '\n');
            }
    }
}

/* Singular or ill-conditioned, judged on the verified values (not on the printed digits):
 * the entries are known to 10^-digits of max|F| (big), so by Weyl's inequality the smallest
 * eigenvalue is known to d * 10^-digits * big; one that cannot be told from 0 is singular
 * (exit 3, with the direction of its eigenvector). One that is non-zero but below 10^-D of
 * big (tiny: the printed matrix may show zeros) is only ill-conditioned: a warning with the
 * condition number. */
int fim_conditioning(cli *c, const model *m, int d, mpfr_t *F, int digits, const mpfr_t big,
                     const mpfr_t tiny)
{
    int rc = FIMC_EXIT_OK;
    mpfr_t lam, lmax, noise, *v = xmalloc((size_t)d * sizeof *v), *neg = xmalloc((size_t)(d * d) * sizeof *neg);
    mpfr_inits2(128, lam, lmax, noise, (mpfr_ptr)0);
    for (int i = 0; i < d; i++)
        mpfr_init2(v[i], 128);
    for (int i = 0; i < d * d; i++) {
        mpfr_init2(neg[i], mpfr_get_prec(F[i]));
        mpfr_neg(neg[i], F[i], MPFR_RNDN);
    }
    /* noise = 10 d 10^-digits big (a factor 10 for the eigen-solver's own rounding) */
    mpfr_set_d(noise, 10.0 * d * pow(10.0, -digits), MPFR_RNDU);
    mpfr_mul(noise, noise, big, MPFR_RNDU);
    if (fimrt_sym_min_eig(lam, v, (const mpfr_t *)F, (size_t)d, 256) == FIMRT_OK) {
        if (mpfr_cmpabs(lam, noise) <= 0) {
            strbuf dir = {0};
            for (int i = 0; i < d; i++) {
                char *x = numfim_format(v[i], 6);
                sb_printf(&dir, "%s%s", i ? ", " : "", x);
                free(x);
            }
            diag_plain_error(&c->diag, "%s: the FIM is singular at this point: the parameters "
                                       "are not identifiable along the direction (%s)",
                             m->name, sb_str(&dir));
            sb_free(&dir);
            rc = FIMC_EXIT_NUMERIC;
        } else if (mpfr_cmpabs(lam, tiny) <= 0 &&
                   fimrt_sym_min_eig(lmax, v, (const mpfr_t *)neg, (size_t)d, 256) == FIMRT_OK) {
            mpfr_neg(lmax, lmax, MPFR_RNDN);
            /* the condition number to the digits lam is known to (at most 3) */
            double known = log10(mpfr_get_d(lam, MPFR_RNDN) / mpfr_get_d(noise, MPFR_RNDN));
            int kd = known >= 3 ? 3 : known >= 1 ? (int)known : 1;
            mpfr_div(lmax, lmax, lam, MPFR_RNDN);
            mpfr_abs(lmax, lmax, MPFR_RNDN);
            diag_plain_warning(&c->diag, "%s: the FIM is ill-conditioned at this point (condition "
                                         "number %.*g): entries below 10^-%d of the largest print "
                                         "as 0",
                               m->name, kd, mpfr_get_d(lmax, MPFR_RNDN),
                               (int)(digits < c->digits ? digits : c->digits));
        }
    }
    for (int i = 0; i < d; i++)
        mpfr_clear(v[i]);
    for (int i = 0; i < d * d; i++)
        mpfr_clear(neg[i]);
    free(v);
    free(neg);
    mpfr_clears(lam, lmax, noise, (mpfr_ptr)0);
    return rc;
}

/* The "at" object of a result at a point: {"name": "value as given", ...}. */
void json_at(strbuf *sb, const model *m, const int *params, int d, char *const *texts)
{
    sb_puts(sb, ", \"at\": {");
    for (int i = 0; i < d; i++) {
        sb_puts(sb, i ? ", " : "");
        json_string(sb, pname(m, params[i]));
        sb_puts(sb, ": ");
        json_string(sb, texts[i]);
    }
    sb_putc(sb, '}');
}

/* Releases what point_setup made. */
void point_free(mpfr_t *vals, char **texts, int d)
{
    for (int i = 0; i < d; i++) {
        mpfr_clear(vals[i]);
        free(texts[i]);
    }
    free(vals);
    free(texts);
}
