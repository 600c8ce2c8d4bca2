/* compiler/sym/distfim.h — closed-form FIMs through the built-in distributions.
 *
 * A model written as '~' statements, each over its own data variable and with arguments
 * free of data, is a product of independent densities p_t(x_t | a_t(theta)); its FIM is
 *     F(theta) = sum_t J_t^T F_t(a_t) J_t,   (J_t)_ki = d a_tk / d theta_i,
 * where F_t is the distribution's textbook FIM in its own parameters (distfim_dist). This is
 * exact for curved families (normal(mu, mu)), GLMs with any link, and the location-scale
 * families that are no exponential family (Cauchy, logistic, Laplace, Student-t), with no
 * expectation taken. Arguments that are constants or inputs get zero Jacobian columns; a
 * conditional model's F is per input row (inputs as symbols), to be averaged over the rows
 * by model_row_mean.
 *
 * Ownership: expressions are nodes of the model's expr_ctx; the arrays returned are the
 * caller's (free). */
#ifndef FIMC_DISTFIM_H
#define FIMC_DISTFIM_H

#include <stdbool.h>

#include "diff.h"
#include "expr.h"
#include "model.h"
#include "simp.h"

/* The FIM of distribution d in its own statistical parameters, at the argument values
 * args[0..nargs) (for categorical_logit, args are the K-1 logits and nargs = K-1). The
 * statistical parameters are args[which[0..k)] (binomial's n is no parameter: k = 1,
 * which = {1}); Fd[0..k*k) row-major, unsimplified. Returns k, or 0 when the FIM has no
 * closed form in the functions of the language (negative_binomial with r a function of the
 * parameters: nb_r_free false). which and Fd hold at least nargs and nargs*nargs
 * entries. */
int distfim_dist(expr_ctx *ex, dist_id d, expr *const *args, int nargs, bool nb_r_free,
                 int *which, expr **Fd);

/* The model's FIM as sum_t J_t^T F_t J_t, in its own coordinates (reparam < 0) or in
 * reparam's (the reparam's assignments substituted into the arguments). On success *F is
 * a new d*d row-major array (d the number of coordinates), each entry put in display
 * form, and true is returned; otherwise false with *why (caller frees) saying why: the
 * density is a 'logp', an argument mentions data (a hierarchical model), or a
 * distribution's FIM has no closed form. */
bool distfim_model(model *m, diff_ctx *dc, simp_ctx *sc, int reparam, expr ***F, char **why);

#endif
