/* compiler/sym/simp.h — simplification: the rational normal form over atoms, printed factored,
 * and the symbolic zero test built on it.
 *
 * Ownership: a simp_ctx borrows an expr_ctx (every expression it returns is a node of that
 * context, owned by its arena) and owns its memo table (node -> normal form); simp_free
 * releases it. The atom table and the FLINT objects are per call: each call collects the
 * atoms of its argument first, then builds one fmpq_mpoly context with that many variables
 * (so the ring never grows mid-call), and clears both before it returns. After the last
 * simp_free of the program, flint_cleanup() releases FLINT's caches (a leak checker
 * reports them otherwise).
 *
 * The normal form. Every non-polynomial subexpression is an atom: a symbol, a vector
 * element w[k], pi, euler, a function node (arguments normalised first, so log(theta) and
 * log(1 - theta) are two atoms; an exponential is split first, exp(c1*u1 + c2*u2) =
 * exp(u1)^c1 * exp(u2)^c2 with c rational, so its atoms are exp(u), u neither a sum nor a
 * rational multiple; expit(u) is exp(u)/(1 + exp(u))), a power with a symbolic exponent
 * (base and exponent normalised), and for x^(p/q) the root x^(1/L), L the lcm of every
 * denominator q with which the (normalised) base x appears in the expression, so sqrt(x)^3,
 * sqrt(x) and x itself are all powers of the one atom x^(1/2). With the atoms as variables
 * of an fmpq_mpoly ring, the expression is the quotient N/D of two polynomials with
 * gcd(N, D) = 1. The root r = B^(1/L) of a base B that is not an atom (1 + x, 2) is reduced
 * by r^L = B, so N and D have degree < L in r: sqrt(1 + x)^2 - x is 1, (1 + sqrt(2))^2 is
 * 3 + 2*sqrt(2). N and D are factored (fmpq_mpoly_factor) and printed as
 *     c * f1^e1 * ... * fk^ek / (g1^d1 * ... * gm^dm)
 * with the rational c pulled out and every factor primitive with integer coefficients and
 * a fixed sign:
 *   1. a factor with a constant term has that term positive: 1 - theta, 1 + phi (so also
 *      1 - x rather than x - 1: -2/((1 + x)*(1 - x)));
 *   2. otherwise the sign that makes most coefficients positive;
 *   3. on a tie, the term that sorts last in expr_cmp order (the largest) is positive
 *      (x - mu when mu is declared before x) — except that when c would be negative and
 *      some tied factor has an odd exponent, the smallest such factor (expr_cmp) is
 *      negated instead of c: 2*(mu - x)/sigma^3, not -2*(x - mu)/sigma^3.
 * So the Binomial's n/theta + (n - n*theta)/(1 - theta)^2 prints n/(theta*(1 - theta)).
 * The result is canonical — equal rational functions of the same atoms give the same node
 * (but see the roots in denominators below) — and simp_normal(simp_normal(e)) ==
 * simp_normal(e).
 *
 * Guards: a call with more than SIMP_MAX_VARS atoms (FLINT's multivariate arithmetic,
 * and above all its factoring, slows down sharply with the number of variables: the
 * least-squares score x[i]*(y - sum_j w[j]*x[j]) with 401 atoms did not factor in a
 * minute), whose intermediate polynomial exceeds SIMP_MAX_TERMS terms, whose integer
 * power exceeds SIMP_MAX_POW, whose root x^(1/q) has q > SIMP_MAX_ROOT, or which divides
 * by a polynomial that is zero, returns its input unchanged. A numerator or denominator of
 * more than SIMP_FACTOR_MAX_TERMS terms, or more than SIMP_FACTOR_MAX_WORK terms times ring
 * variables (factoring a 600-term polynomial in 400 variables takes half a second), or one
 * FLINT fails to factor, is printed expanded with its content pulled out; a failed gcd
 * leaves the quotient uncancelled (the factor lists are then cancelled against each other).
 *
 * Limits of the normal form (it is a rational normal form, nothing more): atoms are
 * independent, so log(x^2) - 2*log(x), sqrt(x^2) - x and
 * sin(x)^2 + cos(x)^2 - 1 are not found zero; (4*x)^(1/2) is not split into 2*sqrt(x);
 * x^n and x^(n - 1) (n symbolic) are unrelated atoms. Denominators are not rationalised:
 * 1/(1 + sqrt(1 + x)) and (sqrt(1 + x) - 1)/x keep different normal forms (their
 * difference is still found zero). The roots of one base share an atom only when their
 * bases normalise to the same node: sqrt(4*x) and sqrt(x) do not.
 */
#ifndef FIMC_SIMP_H
#define FIMC_SIMP_H

#include <stdbool.h>

#include "expr.h"

#define SIMP_MAX_TERMS 20000
#define SIMP_MAX_POW 10000
#define SIMP_MAX_ROOT 1000
#define SIMP_MAX_VARS 64       /* atoms in one ring; more: the input comes back unchanged */
#define SIMP_FACTOR_MAX_TERMS 1000
#define SIMP_FACTOR_MAX_WORK 20000 /* terms times ring variables */

typedef struct simp_ctx simp_ctx;

simp_ctx *simp_new(expr_ctx *ex);
void simp_free(simp_ctx *s);

/* The rational normal form of e, printed factored (see above). Memoised per node: calling
 * it again on e, or on a node normalised before (atom arguments are, along the way), costs
 * a table lookup. Returns e itself when a guard trips. */
expr *simp_normal(simp_ctx *s, expr *e);

/* True only when e is provably zero: the numerator of its normal form is the zero
 * polynomial. False means "unknown" (also when a guard trips), never "nonzero". Cheaper
 * than simp_normal (nothing is factored). A zero found this way is zero as a rational
 * function of the atoms, so it holds wherever e is defined: (x^2 - 1)/(x - 1) - x - 1 is
 * zero, also "at" x = 1. */
bool simp_is_zero(simp_ctx *s, expr *e);

/* For display: e or its normal form, whichever prints shorter. */
expr *simp_display(simp_ctx *s, expr *e);

/* simp_is_zero(a - b). */
bool simp_is_equal(simp_ctx *s, expr *a, expr *b);

#endif
