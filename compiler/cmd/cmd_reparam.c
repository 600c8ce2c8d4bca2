/* compiler/cmd/cmd_reparam.c — `fimc reparam NAME`: the FIM in a reparam's coordinates,
 * computed directly from the substituted log-density and as J^T F(theta(phi)) J, and the
 * invariance of the Jeffreys density p(phi) = p(theta(phi)) |det J|. Without --at between
 * closed forms (compiler/sym/fisher.c, exact or not shown); with --at at a point, for any
 * model: both sides by fim_point_compute (closed form or sums/quadrature) and their
 * agreement in digits. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "fimrt.h"

#include "argdom.h"
#include "cli.h"
#include "cmd_fisher.h"
#include "fisher.h"
#include "inputs.h"
#include "print_model.h"

/* The row mean of a conditional model's closed form, or F itself; NULL without one. */
static expr **closed_form(session *s, int d)
{
    if (!s->ef.solved)
        return NULL;
    if (!s->m->ninputs)
        return s->ef.F;
    expr **Fm = xmalloc((size_t)(d * d) * sizeof *Fm);
    if (!model_row_mean(s->m, s->sc, s->ef.F, d * d, Fm)) {
        free(Fm);
        return NULL;
    }
    return Fm;
}

/* +sqrt(det F) of a verified matrix and its digits (numfim_sqrt_det), -1 when singular. */
static int sqrt_det(const fim_point *r, mpfr_t out)
{
    numfim view = {.d = r->d, .ess = r->F, .digits = r->digits};
    return numfim_sqrt_det(&view, out);
}

/* The point: phi as given, theta(phi) and J = d theta / d phi there (d x dn, row-major),
 * at vp bits. Returns FIMC_EXIT_OK or the status (reported). */
static int reparam_point(cli *c, model *m, int ri, mpfr_prec_t vp, mpfr_t *phi, char **texts,
                         mpfr_t *theta, mpfr_t *J)
{
    const model_reparam *rp = m->reparams[ri];
    int dn = rp->ncoords, d = m->nparams;
    if (c->format == FORMAT_LATEX) {
        diag_plain_error(&c->diag, "reparam --at: --format latex is not available for values at "
                                   "a point (use text or json)");
        return FIMC_EXIT_USAGE;
    }
    int rc = parse_at(c, m, rp->coords, dn, ri, phi, texts);
    if (rc == FIMC_EXIT_OK && m->ninputs)
        rc = inputs_require(m, &c->diag, c->inputs);
    char *why = NULL;
    if (rc == FIMC_EXIT_OK && !argdom_reparam_point(m, ri, phi, &why)) {
        diag_plain_error(&c->diag, "%s: reparam '%s' is not a map onto the parameter domain "
                                   "here: %s",
                         m->name, rp->name, why);
        rc = FIMC_EXIT_NUMERIC;
    }
    free(why);
    if (rc == FIMC_EXIT_OK && !argdom_check_point(m, rp->coords, dn, phi, -1, &why)) {
        diag_plain_error(&c->diag, "%s: %s", m->name, why);
        rc = FIMC_EXIT_NUMERIC;
    }
    free(why);
    if (rc != FIMC_EXIT_OK)
        return rc;
    /* theta_i(phi): the assigned expression, or the parameter itself (a coordinate) */
    diff_ctx dc;
    diff_init(&dc, m->ex);
    eval_ctx *ev = eval_new(m->ex, vp);
    for (int k = 0; k < dn; k++)
        eval_set(ev, rp->coords[k], phi[k]);
    for (int i = 0; i < d && rc == FIMC_EXIT_OK; i++) {
        expr *th = expr_sym(m->ex, m->params[i]);
        for (int a = 0; a < rp->nassign; a++)
            if (rp->old_syms[a] == m->params[i])
                th = rp->rhs[a];
        th = model_const_values(m, th);
        if (eval_expr(ev, theta[i], th) != EVAL_OK)
            rc = FIMC_EXIT_NUMERIC;
        for (int k = 0; k < dn && rc == FIMC_EXIT_OK; k++)
            if (eval_expr(ev, J[i * dn + k], diff(&dc, th, rp->coords[k])) != EVAL_OK)
                rc = FIMC_EXIT_NUMERIC;
    }
    if (rc != FIMC_EXIT_OK)
        diag_plain_error(&c->diag, "%s: reparam '%s' or its Jacobian cannot be evaluated at this "
                                   "point",
                         m->name, rp->name);
    eval_free(ev);
    diff_free(&dc);
    return rc;
}

/* `fimc reparam NAME --at P`. */
static int reparam_at(cli *c, session *s, session *t, int ri)
{
    model *m = s->m;
    const model_reparam *rp = m->reparams[ri];
    int dn = rp->ncoords, d = m->nparams, D = (int)c->digits;
    mpfr_prec_t vp = (mpfr_prec_t)(D * 3.33 + 200) + (mpfr_prec_t)c->prec;
    mpfr_t *phi = xmalloc((size_t)dn * sizeof *phi), *theta = xmalloc((size_t)d * sizeof *theta);
    mpfr_t *J = xmalloc((size_t)(d * dn) * sizeof *J);
    char **texts = xcalloc((size_t)dn, sizeof *texts);
    for (int i = 0; i < dn; i++)
        mpfr_init2(phi[i], vp);
    for (int i = 0; i < d; i++)
        mpfr_init2(theta[i], vp);
    for (int i = 0; i < d * dn; i++)
        mpfr_init2(J[i], vp);
    int rc = reparam_point(c, m, ri, vp, phi, texts, theta, J);
    fim_point rn = {0}, ro = {0};
    expr **Fn = NULL, **Fo = NULL;
    expr *lp = expr_subst(m->ex, m->logp, (size_t)rp->nassign, rp->old_syms, rp->rhs);
    if (rc == FIMC_EXIT_OK) {
        /* F(phi) directly, from the substituted density */
        Fn = closed_form(s, dn);
        rc = fim_point_compute(c, s, lp, rp->coords, dn, Fn, phi, &rn);
    }
    if (rc == FIMC_EXIT_OK) {
        /* F(theta) at theta(phi), in the model's own coordinates */
        Fo = closed_form(t, d);
        rc = fim_point_compute(c, t, m->logp, m->params, d, Fo, theta, &ro);
    }
    mpfr_prec_t wp = vp + 64;
    mpfr_t *jtfj = xmalloc((size_t)(dn * dn) * sizeof *jtfj);
    for (int i = 0; i < dn * dn; i++)
        mpfr_init2(jtfj[i], wp);
    int jt_digits = 0, inv_digits = -1;
    if (rc == FIMC_EXIT_OK) {
        /* J^T F(theta) J */
        mpfr_t acc, u;
        mpfr_inits2(wp, acc, u, (mpfr_ptr)0);
        for (int i = 0; i < dn; i++)
            for (int j = 0; j < dn; j++) {
                mpfr_set_ui(acc, 0, MPFR_RNDN);
                for (int a = 0; a < d; a++)
                    for (int b = 0; b < d; b++) {
                        mpfr_mul(u, J[a * dn + i], ro.F[a * d + b], MPFR_RNDN);
                        mpfr_mul(u, u, J[b * dn + j], MPFR_RNDN);
                        mpfr_add(acc, acc, u, MPFR_RNDN);
                    }
                mpfr_set(jtfj[i * dn + j], acc, MPFR_RNDN);
            }
        int cap = rn.digits < ro.digits ? rn.digits : ro.digits;
        jt_digits = matrix_agreement((const mpfr_t *)rn.F, (const mpfr_t *)jtfj, dn * dn, cap);
        if (d == dn) {
            /* p(phi) = sqrt(det F(phi)) against sqrt(det F(theta)) |det J|, where
             * det(J)^2 = det(J^T J) (symmetric, so the runtime's LDL^T takes it) */
            mpfr_t pn, po, jj, *JtJ = xmalloc((size_t)(d * d) * sizeof *JtJ);
            mpfr_inits2(wp, pn, po, jj, (mpfr_ptr)0);
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++) {
                    mpfr_init2(JtJ[i * d + j], wp);
                    mpfr_set_ui(JtJ[i * d + j], 0, MPFR_RNDN);
                    for (int a = 0; a < d; a++) {
                        mpfr_mul(u, J[a * d + i], J[a * d + j], MPFR_RNDN);
                        mpfr_add(JtJ[i * d + j], JtJ[i * d + j], u, MPFR_RNDN);
                    }
                }
            int dnum = sqrt_det(&rn, pn), dold = sqrt_det(&ro, po);
            if (fimrt_sym_det(jj, (const mpfr_t *)JtJ, (size_t)d, wp) != FIMRT_OK ||
                !(mpfr_sgn(jj) > 0)) {
                diag_plain_error(&c->diag, "%s: the Jacobian of reparam '%s' is singular at this "
                                           "point: it is not a bijection there",
                                 m->name, rp->name);
                rc = FIMC_EXIT_NUMERIC;
            } else if (dnum >= 0 && dold >= 0) {
                mpfr_sqrt(jj, jj, MPFR_RNDN);
                mpfr_mul(po, po, jj, MPFR_RNDN);
                int jcap = dnum < dold ? dnum : dold;
                inv_digits = numfim_agreeing_digits(po, pn, jcap);
            }
            for (int i = 0; i < d * d; i++)
                mpfr_clear(JtJ[i]);
            free(JtJ);
            mpfr_clears(pn, po, jj, (mpfr_ptr)0);
        }
        mpfr_clears(acc, u, (mpfr_ptr)0);
    }
    if (rc == FIMC_EXIT_OK) {
        int shown = rn.digits < D ? rn.digits : D;
        mpfr_t big, tiny;
        mpfr_inits2(64, big, tiny, (mpfr_ptr)0);
        fim_point_tiny(&rn, shown, big, tiny);
        strbuf extra = {0};
        sb_printf(&extra, ", \"jtfj_agreement_digits\": %d", jt_digits);
        if (inv_digits >= 0)
            sb_printf(&extra, ", \"jeffreys_invariance_digits\": %d", inv_digits);
        else
            sb_puts(&extra, ", \"jeffreys_invariance_digits\": null");
        rn.extra_json = sb_str(&extra);
        fim_print_at(c, s, &rn, texts, shown, tiny, false, NULL);
        if (c->format == FORMAT_TEXT) {
            strbuf sb = {0};
            sb_printf(&sb, "J^T F(theta) J at theta(phi) (%s): agrees to %d digits\n", ro.method,
                      jt_digits);
            if (inv_digits >= 0)
                sb_printf(&sb, "Jeffreys invariance p(phi) = p(theta(phi)) |det J|: holds to %d "
                               "digits\n",
                          inv_digits);
            else if (d == dn)
                sb_puts(&sb, "Jeffreys invariance: not checked (a FIM is singular here)\n");
            else
                sb_puts(&sb, "Jeffreys invariance: not applicable (J is not square)\n");
            fputs(sb_str(&sb), c->out);
            sb_free(&sb);
        }
        /* the agreements are judged against the digits both sides carry */
        int cap = rn.digits < ro.digits ? rn.digits : ro.digits;
        if (jt_digits + 2 < cap) {
            diag_plain_error(&c->diag, "%s: F(phi) and J^T F(theta(phi)) J agree to only %d digits",
                             m->name, jt_digits);
            rc = FIMC_EXIT_FAILED;
        } else if (rn.digits < D) {
            diag_plain_error(&c->diag, "%s: only %d of the %d digits asked for could be verified",
                             m->name, rn.digits, D);
            rc = FIMC_EXIT_NUMERIC;
        } else {
            rc = fim_conditioning(c, m, dn, rn.F, rn.digits, big, tiny);
        }
        sb_free(&extra);
        mpfr_clears(big, tiny, (mpfr_ptr)0);
    }
    for (int i = 0; i < dn * dn; i++)
        mpfr_clear(jtfj[i]);
    free(jtfj);
    if (Fn && Fn != s->ef.F)
        free(Fn);
    if (Fo && Fo != t->ef.F)
        free(Fo);
    fim_point_free(&rn);
    fim_point_free(&ro);
    for (int i = 0; i < dn; i++) {
        mpfr_clear(phi[i]);
        free(texts[i]);
    }
    for (int i = 0; i < d; i++)
        mpfr_clear(theta[i]);
    for (int i = 0; i < d * dn; i++)
        mpfr_clear(J[i]);
    free(phi);
    free(theta);
    free(J);
    free(texts);
    return rc;
}

int cmd_reparam(cli *c)
{
    const char *name = c->operands[1];
    int rc = cli_load_model(c);
    if (rc == FIMC_EXIT_OK)
        rc = cli_require_normalised(c, NULL);
    if (rc != FIMC_EXIT_OK)
        return rc;
    model *m = c->model;
    int ri = -1;
    for (int i = 0; i < m->nreparams; i++)
        if (strcmp(m->reparams[i]->name, name) == 0)
            ri = i;
    if (ri < 0) {
        diag_plain_error(&c->diag, "reparam: the model has no reparam named '%s'", name);
        return FIMC_EXIT_USAGE;
    }
    session s = {0}, t = {0};
    s.m = t.m = m;
    diff_init(&s.dc, m->ex);
    s.sc = simp_new(m->ex);
    expfam_model(&s.ef, m, &s.dc, s.sc, ri); /* directly in the new coordinates */
    expfam_model(&t.ef, m, &s.dc, s.sc, -1); /* in the model's own */
    if (c->at) {
        rc = reparam_at(c, &s, &t, ri);
    } else if (!s.ef.solved || !t.ef.solved) {
        rc = no_closed_form(c, s.ef.solved ? &t.ef : &s.ef,
                            "give --at to compute both at a point");
    } else {
        fisher_check jc, ic;
        fisher_reparam(m, &s.dc, s.sc, ri, &t.ef, &s.ef, &jc, &ic);
        bool jtfj = jc == FC_EXACT, inv = ic == FC_EXACT;
        const char *jt = jtfj ? "exact" : "not shown";
        const char *ji = inv ? "exact" : "not shown";
        strbuf sb = {0};
        if (c->format == FORMAT_JSON) {
            strbuf extra = {0};
            sb_printf(&extra, ", \"jtfj_agreement_digits\": \"%s\", \"jeffreys_invariance_digits\": \"%s\"",
                      jt, ji);
            print_fim(&sb, c, m, s.ef.F, s.ef.params, s.ef.d, sb_str(&extra));
            sb_free(&extra);
        } else {
            print_fim(&sb, c, m, s.ef.F, s.ef.params, s.ef.d, NULL);
            if (c->format == FORMAT_TEXT) {
                sb_printf(&sb, "J^T F J: %s\n", jtfj ? "agrees (exact)" : "NOT SHOWN to agree");
                sb_printf(&sb, "Jeffreys invariance p(phi) = p(theta(phi)) |det J|: %s\n",
                          inv ? "holds (exact)" : "NOT SHOWN");
            }
        }
        fputs(sb_str(&sb), c->out);
        sb_free(&sb);
        if (!jtfj || !inv)
            rc = FIMC_EXIT_FAILED;
    }
    expfam_free(&t.ef);
    close_session(&s);
    return rc;
}
