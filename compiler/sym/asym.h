/* compiler/sym/asym.h — the leading behaviour of an expression at an end of a parameter's
 * domain, by rules over the expression DAG: what decides whether a Jeffreys density
 * integrates (compiler/num/normalize.c).
 *
 * The form. In a local variable t (t = |theta - a| -> 0+ at a finite end a, t = |theta| ->
 * +inf at an infinite end),
 *     e ~ c * t^alpha * |log t|^k * exp(beta * t^gamma)       (the ratio tends to 1)
 * with alpha, k, beta, gamma exact rationals (beta = 0: no exponential factor; otherwise
 * gamma > 0 at infinity and gamma < 0 at 0, so the factor tends to 0 or inf) and c free
 * of t (a node of the model's context; its sign proved by interval arithmetic or not).
 *
 * The rules (each stated where it is applied in asym.c): numbers, consts and other symbols
 * are constants; products multiply the forms; rational powers scale them; a sum is its
 * dominant term, and when several terms tie their coefficients are added and the sum must
 * be shown non-zero (exactly, or by its enclosure) — a possible cancellation gives
 * "unknown", never a guess; exp, log, log1p, expm1, lgamma, polygamma, abs, atan, tanh,
 * erf, expit, log1pexp where the limit rule is sound (an argument tending to a constant,
 * to 0, or to infinity in the cases listed there); anything else is "unknown". The
 * answer is sound, not complete.
 *
 * Ownership: an asym holds GMP rationals (asym_init / asym_clear); coef is a node of the
 * model's expr_ctx; why is a static string. */
#ifndef FIMC_ASYM_H
#define FIMC_ASYM_H

#include <gmp.h>
#include <stdbool.h>

#include "model.h"
#include "simp.h"

typedef struct asym {
    bool known;     /* false: no rule applies (why says which) */
    mpq_t alpha;    /* the power of t */
    mpq_t k;        /* the power of |log t| */
    mpq_t beta;     /* exp(beta t^gamma); beta = 0 when there is none */
    mpq_t gamma;
    expr *coef;     /* c, free of t */
    int csign;      /* +1 / -1: the sign of c, proved; 0: not proved (c may be 0) */
    bool exact;     /* e is exactly that form (no o(1) remainder) */
    bool rough;     /* lower exponential terms were dropped: alpha, k, c are not reliable
                       once beta cancels */
    const char *why;
} asym;

void asym_init(asym *a);
void asym_clear(asym *a);

/* The form of e as t -> 0+ (at_zero) or t -> +inf, t the symbol tsym; every other symbol
 * is a constant (interval enclosures over the model's domains decide signs). Returns
 * out->known. */
bool asym_expr(model *m, expr *e, int tsym, bool at_zero, asym *out);

/* Which end of a parameter's domain. */
typedef enum asym_side { ASYM_LOWER, ASYM_UPPER } asym_side;

/* e as a function of the local variable t at one end of parameter sym's domain: end is
 * the end as written (NULL: -inf for ASYM_LOWER, +inf for ASYM_UPPER); theta = end + t
 * (lower), end - t (upper), -t (-inf) or t (+inf), substituted and put in normal form
 * (so that 1 - theta at theta = 1 becomes t exactly). The consts keep their names. */
expr *asym_local(model *m, simp_ctx *sc, expr *e, int sym, expr *end, asym_side side, int tsym);

/* asym_expr of asym_local: the behaviour of e at that end. */
bool asym_end(model *m, simp_ctx *sc, expr *e, int sym, expr *end, asym_side side, int tsym,
              asym *out);

typedef enum asym_conv { ASYM_CONVERGES, ASYM_DIVERGES, ASYM_UNDECIDED } asym_conv;

/* Does the integral of |e| over t near the end converge? At a finite end (t -> 0):
 * alpha > -1, or alpha = -1 and k < -1; at an infinite one: alpha < -1, or alpha = -1 and
 * k < -1; an exponential factor decides alone (beta < 0 converges). "Diverges" needs the
 * coefficient proved non-zero; unknown forms are undecided. */
asym_conv asym_integrable(const asym *a, bool finite_end);

#endif
