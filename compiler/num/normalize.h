/* compiler/num/normalize.h — the normalising integral of a Jeffreys density,
 * Z = ∫ sqrt(det F(theta)) dtheta over the parameter domain, for one or two parameters.
 *
 * Proper or improper is decided from the behaviour at the ends of the domain only
 * (compiler/sym/asym.c: exponents, never a quadrature that failed): improper when an end
 * is shown to diverge (alpha <= -1 at a finite end, >= -1 at an infinite one, log factors
 * exactly at -1), or, for two parameters, when the density does not depend on a coordinate
 * with an unbounded domain, when it factorises f(theta1) g(theta2) with one factor's
 * integral improper, or when an end of one coordinate diverges with a coefficient shown
 * non-zero over the other's whole domain. Otherwise Z is computed by double-exponential
 * quadrature (libfimrt) at two working precisions, nested for two parameters (or as the
 * product of two 1-D integrals when the density factorises), each coordinate's domain cut
 * at its midpoint and rewritten in a local variable u from each end (theta = a + u,
 * b - u), in normal form, so that the density is evaluated without cancellation next to
 * the ends; the digits claimed are those on which both precisions agree and that the
 * error estimates support. An end the rules could not analyse leaves the decision to the
 * quadrature: a converged value is reported with a note saying so; no convergence there
 * is "undecided", never "improper".
 *
 * Ownership: a normalizer owns its strings and value (normalize_clear). */
#ifndef FIMC_NORMALIZE_H
#define FIMC_NORMALIZE_H

#include <mpfr.h>

#include "model.h"
#include "simp.h"

typedef enum norm_verdict {
    NORM_PROPER,    /* value holds Z to `digits` verified digits (maybe fewer than asked) */
    NORM_IMPROPER,  /* proved: reason says at which end and with which exponent */
    NORM_UNDECIDED, /* neither could be shown (reason) */
    NORM_REFUSED,   /* not attempted: more than two parameters, no evaluable density */
} norm_verdict;

typedef struct normalizer {
    norm_verdict verdict;
    mpfr_t value;
    int digits;
    char *reason; /* why improper, undecided or refused (NULL when proper) */
    char *form;   /* the standard form when one is recognised ("Beta(1/2, 1/2)",
                     "∝ lambda^(-1/2), improper"), else NULL */
    char *note;   /* proper, but an end was not analysed: the value rests on the
                     quadrature alone (NULL otherwise) */
    const char *method; /* "quadrature", "nested quadrature", "product of quadratures" */
} normalizer;

/* Z for the Jeffreys density `density` (an expression in params[0..d), consts by name) of
 * model m, aiming at `digits` digits (prec_override > 0 fixes the first working
 * precision, as --prec). Always fills r (normalize_clear it). */
void normalize_jeffreys(normalizer *r, model *m, simp_ctx *sc, expr *density,
                        const int *params, int d, int digits, long prec_override);
void normalize_clear(normalizer *r);

#endif
