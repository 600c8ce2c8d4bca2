/* compiler/cmd/cmd_fim.c — `fimc fim`: the closed form (compiler/sym/expfam.c: the family's
 * solve, or -H when the Hessian is free of the data), or with --at its value at a point
 * (cmd_point.c), singularity and conditioning judged on verified values. */
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

/* `fimc fim --at P`. With a closed form: its value at two working precisions (method
 * "symbolic"), and E[s s^T] and -E[H] by sums or quadrature as the cross-check. Without:
 * E[s s^T] and -E[H], two precisions, only verified digits printed. */
static int fim_at(cli *c, session *s)
{
    model *m = s->m;
    int d = m->nparams;
    int D = (int)c->digits;
    mpfr_prec_t vp = (mpfr_prec_t)(D * 3.33 + 200) + (mpfr_prec_t)c->prec;
    mpfr_t *vals;
    char **texts;
    int rc = point_setup(c, m, m->params, d, vp, &vals, &texts);
    fim_point r = {0};
    expr **Fc = NULL;
    if (rc == FIMC_EXIT_OK && s->ef.solved) {
        /* a conditional model's FIM: the mean over the rows of the closed forms */
        Fc = s->ef.F;
        if (m->ninputs) {
            Fc = xmalloc((size_t)(d * d) * sizeof *Fc);
            if (!model_row_mean(m, s->sc, s->ef.F, d * d, Fc)) {
                free(Fc);
                Fc = NULL;
            }
        }
    }
    if (rc == FIMC_EXIT_OK)
        rc = fim_point_compute(c, s, m->logp, m->params, d, Fc, vals, &r);
    if (rc == FIMC_EXIT_OK) {
        int shown = r.digits < D ? r.digits : D;
        /* entries below 10^-shown of the largest print as 0 */
        mpfr_t big, tiny;
        mpfr_inits2(64, big, tiny, (mpfr_ptr)0);
        fim_point_tiny(&r, shown, big, tiny);
        strbuf reason = {0};
        bool disagree = false;
        if (r.symbolic && r.have_num && r.cross + 2 < r.cap && r.cross_ess + 2 >= r.cap) {
            /* the closed form is E[s s^T]; only -E[H] differs (through the distributions,
             * Laplace: H vanishes a.e. in its location) */
            disagree = true;
            sb_printf(&reason, "E[s s^T] and -E[H] agree to only %d digits: the regularity "
                               "conditions fail",
                      matrix_agreement((const mpfr_t *)r.nf.ess, (const mpfr_t *)r.nf.neh, d * d,
                                       r.cap));
            if (m->has_abs)
                sb_printf(&reason, " (logp uses %s, so it is not twice differentiable everywhere)",
                          m->abs_name);
        } else if (r.symbolic && r.have_num && r.cross + 2 < r.cap) {
            disagree = true;
            sb_printf(&reason, "the closed form and the numeric E[s s^T] and -E[H] agree to only "
                               "%d digits",
                      r.cross);
        } else if (!r.symbolic && r.nf.agreement + 2 < r.nf.digits) {
            disagree = true;
            sb_printf(&reason, "E[s s^T] and -E[H] agree to only %d digits: the regularity "
                               "conditions fail",
                      r.nf.agreement);
            if (m->has_abs)
                sb_printf(&reason, " (logp uses %s, so it is not twice differentiable everywhere)",
                          m->abs_name);
        }
        fim_print_at(c, s, &r, texts, shown, tiny, disagree, sb_str(&reason));
        if (disagree) {
            /* at the abs/sign that breaks regularity, else at the density */
            if (m->has_abs)
                diag_error(&c->diag, m->abs_sp, "%s", sb_str(&reason));
            else
                cli_error_at_logp(c, sb_str(&reason));
            rc = FIMC_EXIT_FAILED;
        } else if (r.digits < D) {
            diag_plain_error(&c->diag, "%s: only %d of the %d digits asked for could be verified",
                             m->name, r.digits, D);
            rc = FIMC_EXIT_NUMERIC;
        } else {
            if (r.symbolic && r.have_num && r.cross < shown)
                diag_plain_warning(&c->diag, "%s: the numeric cross-check (%s) confirms only %d of "
                                             "the %d digits of the closed form",
                                   m->name, r.nf.method, r.cross, shown);
            rc = fim_conditioning(c, m, d, r.F, r.digits, big, tiny);
        }
        sb_free(&reason);
        mpfr_clears(big, tiny, (mpfr_ptr)0);
    }
    if (Fc && Fc != s->ef.F)
        free(Fc);
    fim_point_free(&r);
    point_free(vals, texts, d);
    return rc;
}

int cmd_fim(cli *c)
{
    session s = {0};
    int rc = open_session(c, &s, -1);
    if (rc == FIMC_EXIT_OK) {
        if (c->at) {
            rc = fim_at(c, &s);
        } else if (s.m->ninputs) {
            /* a conditional model: the mean over the rows of each row's closed form */
            int d = s.ef.d;
            expr **Fm = s.ef.solved ? xmalloc((size_t)(d * d) * sizeof *Fm) : NULL;
            rc = inputs_require(c->model, &c->diag, c->inputs);
            if (rc == FIMC_EXIT_OK && !s.ef.solved) {
                diag_plain_error(&c->diag, "%s: no closed form of a row's FIM was found (for one "
                                           "input row: %s); give --at to compute the FIM (the "
                                           "mean over the input rows) at a point",
                                 s.m->name, s.ef.reason ? s.ef.reason : "unknown reason");
                rc = FIMC_EXIT_USAGE;
            } else if (rc == FIMC_EXIT_OK && model_row_mean(s.m, s.sc, s.ef.F, d * d, Fm)) {
                strbuf sb = {0};
                print_fim(&sb, c, s.m, Fm, s.ef.params, d, NULL);
                fputs(sb_str(&sb), c->out);
                sb_free(&sb);
            }
            free(Fm);
        } else if (!s.ef.solved) {
            rc = no_closed_form(c, &s.ef, "give --at to compute the FIM at a point");
        } else {
            strbuf sb = {0};
            print_fim(&sb, c, s.m, s.ef.F, s.ef.params, s.ef.d, NULL);
            fputs(sb_str(&sb), c->out);
            sb_free(&sb);
        }
    }
    close_session(&s);
    return rc;
}

