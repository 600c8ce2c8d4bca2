/* compiler/sym/stable.h — forms of an expression that evaluate without spurious underflow,
 * for the numeric engines only (the symbolic output keeps the user's form).
 *
 * log(c_1 exp(e_1) + ... + c_n exp(e_n)) (a mixture's density, a log-sum-exp) is rewritten
 * as L_n, with L_1 = e_1 + log c_1 and L_k = L_{k-1} + log1pexp(e_k + log c_k - L_{k-1}):
 * the same value wherever both are defined, but where every exp(e_k) underflows (the far
 * nodes of a quadrature) the original is log(0) and the rewrite is a finite, very negative
 * number, so the density there is 0 and its score finite. A term without an exp factor is
 * c exp(0). Applied only when every c_k is proved >= 0 on the parameter domain (data and
 * inputs range over R) by compiler/sym/range.c, and at least one term has an exp factor. */
#ifndef FIMC_STABLE_H
#define FIMC_STABLE_H

#include "expr.h"
#include "model.h"

expr *stable_form(const model *m, expr *e);

#endif
