/* compiler/sym/argdom.h — the parameter domains of the distributions' arguments, and the checks
 * that a model's '~' statements give each argument a value inside its domain.
 *
 * `x ~ normal(mu, -1)` is a density only in name: log(sigma) of a negative sigma. Two
 * checks catch such arguments:
 *
 *   argdom_check_model  after analysis, once: an argument proved outside its domain for
 *                       every parameter value (a constant outside it is the common case) is
 *                       an error in the model (the caller exits FIMC_EXIT_USAGE).
 *   argdom_check_point  at one parameter point (fim --at, each seeded point): every
 *                       argument not proved inside its domain is evaluated there; one
 *                       outside it is a numerical failure (FIMC_EXIT_NUMERIC) whose message
 *                       names the argument and its value.
 *
 * Domains (the interior the density and the FIM need; every one is an open interval):
 *   scales, rates, shapes, degrees of freedom, r, a, b, mu and lambda of inverse_gaussian:
 *   (0, inf); probabilities p of bernoulli, binomial, geometric, negative_binomial: (0, 1);
 *   locations (mu of normal and lognormal, loc): unconstrained; the number of trials n of
 *   binomial: unconstrained here (sema already requires a non-negative integer constant);
 *   w of categorical_logit: unconstrained (a vector of reals).
 *
 * What an argument is: the tilde's args as written, with every let replaced by its body
 * (lets of lets in declaration order, as sema expands them) and every const by its value
 * (model_const_values, so -D is honoured).
 *
 * The enclosures are range_bounds' (compiler/range.h): sound, not complete, taken over the
 * closures of the parameter domains, with data and inputs ranging over [-inf, inf]. So:
 *   - "proved outside" (the enclosure misses the open domain, e.g. hi <= 0 for (0, inf))
 *     is a proof that the argument is outside on the whole parameter domain: an error;
 *   - "proved inside" needs the enclosure inside the OPEN domain (lo > 0 for (0, inf);
 *     lo > 0 and hi < 1 for (0, 1)). A closed enclosure touching an end — sigma in
 *     (0, inf) gives [0, inf], expit(a) gives [0, 1] — proves nothing either way: no
 *     static error, and the argument is evaluated at points;
 *   - an end is never disproved by rounding: only a proof of "outside" is an error.
 *
 * Argument positions: model.h's tilde records the span of the '~' only, so the static
 * errors are reported there (one function, arg_span in argdom.c, picks the span). */
#ifndef FIMC_ARGDOM_H
#define FIMC_ARGDOM_H

#include <stdbool.h>

#include <gmp.h>
#include <mpfr.h>

#include "diag.h"
#include "model.h"

/* The working precision of argdom_check_point's evaluation, and the largest it retries at
 * when a value cannot be told from an end of its domain. */
#define ARGDOM_PREC 128
#define ARGDOM_MAX_PREC 8192

/* The domain of one argument: the open interval (lo, hi), lo/hi possibly -inf/inf.
 * constrained is false when it is all of R (then lo = -inf, hi = inf). name is the
 * argument's name in LANGUAGE.md §2 ("sigma"; static storage); text the domain as the
 * language writes it ("(0, inf)", "(0, 1)", "R"; static storage). */
typedef struct argdom {
    double lo, hi;
    bool constrained;
    const char *name;
    const char *text;
} argdom;

/* The domain of argument k (0-based, k < dist_table[d].nargs) of distribution d. Out of
 * range d or k gives an unconstrained domain named "?". */
argdom argdom_of(dist_id d, int k);

/* The static check, after analysis (m as sema_analyse returns it, d its diagnostics): for
 * every '~' and every constrained argument, one error at the argument's span (the tilde's when it has none) when
 * the argument is proved outside its domain:
 *   a constant:  "the argument sigma of normal must be > 0, but it is -1"
 *                "the argument p of bernoulli must be in (0, 1), but it is 1.5"
 *                (the exact value: an integer, a finite decimal, or p/q; a constant that
 *                is not a rational — log(1/2) — to 10 significant digits);
 *   otherwise:   "the argument sigma of normal must be > 0, but it is <= 0 for every
 *                parameter value" (or ">= 1"; "for every value of its data and inputs"
 *                when it mentions no parameter).
 * Arguments that are not proved outside say nothing here. Returns the number of errors
 * reported (0 when all is well). */
int argdom_check_model(model *m, diag_ctx *d);

/* The check at a point: params[0..n) are the coordinates given values vals[0..n) (any
 * precision; each must lie inside its declared domain, as fim --at and the seeded points
 * ensure). The coordinates are the model's parameters, or a reparam's coordinates (a new
 * parameter among them selects its reparam, whose assignments are substituted into the
 * arguments). Input rows: row >= 0 checks that row, row < 0 every row (as numfim_compute's
 * row = -1 averages over all of them).
 *
 * Every constrained argument whose enclosure (in these coordinates) does not prove it
 * inside its domain is evaluated (eval.h, ARGDOM_PREC bits; a value not strictly inside
 * and within rounding of an end is evaluated again at 4x the precision, up to
 * ARGDOM_MAX_PREC, so that 1 - 1e-50 is not taken for 1). Not checked: an argument that
 * mentions a data variable (its value depends on the draw) and, when the inputs have no
 * values (model_input_rows < 0) or `row` has none, an argument that mentions an input.
 *
 * Returns true when every checked argument is inside. Otherwise false with *why (caller
 * frees; NULL on success) describing the first failure, as
 *   "at mu=-1: the argument sigma of normal(mu, mu) is -1, outside (0, inf)"
 *   "at a=-1, b=2 (input row 3): the argument p of bernoulli(a + b*u) is 1.5, outside (0, 1)"
 *   "at mu=-1: the argument sigma of normal(0, sqrt(mu)) cannot be evaluated (domain error)"
 *   "at a=100000: the argument p of bernoulli(expit(a)) cannot be told from 1 at 8192
 *    bits, outside (0, 1)"
 * (values to 10 significant digits; the call as written, lets and consts by name). */
bool argdom_check_point(model *m, const int *params, int n, mpfr_t *vals, int row,
                        char **why);

/* Reparam images: every assignment OLD = EXPR of every reparam must give OLD values inside
 * OLD's declared domain. argdom_check_reparams: an image proved outside for every value of
 * the new parameters is an error at the reparam (returns the count). argdom_reparam_point:
 * at the reparam ri's coordinates vals (rp->coords order), false with *why ("at phi=-2:
 * reparam 'odds' gives theta = 2, outside its domain (0, 1)") when one is not inside. */
int argdom_check_reparams(model *m, diag_ctx *d);
bool argdom_reparam_point(model *m, int ri, mpfr_t *vals, char **why);

#endif
