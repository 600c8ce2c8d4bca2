/* compiler/sym/range.h — rigorous enclosures of an expression's values over the parameter
 * domains (interval arithmetic in MPFR with outward rounding).
 *
 * What it is for: deciding the sign of a factor on the whole parameter domain, so that a
 * simplification that needs one (sqrt(f^2) = |f|, the Jeffreys density) is made only when
 * the sign is proved, never assumed.
 *
 * Semantics: every parameter symbol (the model's and a reparam's) ranges over the closure
 * of its declared domain (consts by value), every other symbol that is not a const (data,
 * inputs) over [-inf, inf]. Each node's enclosure is computed from its children's with
 * outward rounding (MPFR's directed modes, one more ulp for the libfimrt functions), in
 * the extended reals (0 * inf taken as 0: the endpoints are limits). The result contains
 * every value e takes on the domain where e is defined. A function without an enclosure
 * rule, a NaN, or a DAG larger than RANGE_MAX_VISITS gives [-inf, inf], which decides
 * nothing: the answers are sound, never complete. */
#ifndef FIMC_RANGE_H
#define FIMC_RANGE_H

#include "model.h"

#define RANGE_MAX_VISITS 100000

/* The sign of e on the parameter domain: +1 when e >= 0 there is proved, -1 when e <= 0,
 * 0 when neither could be shown (including e identically 0 only if its enclosure is
 * [0, 0], which gives +1). */
int range_sign(const model *m, const expr *e);

/* The enclosure itself: *lo <= e <= *hi as doubles rounded outward (-inf/inf allowed).
 * Returns false when nothing could be said (then *lo = -inf, *hi = inf). */
bool range_bounds(const model *m, const expr *e, double *lo, double *hi);

#endif
