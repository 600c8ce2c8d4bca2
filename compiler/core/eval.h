/* compiler/core/eval.h — direct, recursive evaluation of an expression DAG in MPFR: the
 * reference every tape is tested against (tests/unit/check_tape.c), and the evaluator for
 * one-off values (a claim's right-hand side at a point).
 *
 * Ownership: an eval_ctx borrows its expr_ctx (which must outlive it) and owns the symbol
 * values given to it and its scratch values; eval_free releases them. Outputs are the
 * caller's (mpfr_init2'd by the caller; they keep their own precision).
 *
 * Semantics (the tape in compiler/tape.c follows the same recipe operation for operation,
 * so a tape and this evaluator agree to the last bit; see tape.h). Every node is computed
 * at the working precision `prec`, rounding to nearest, from its children's values:
 *   NUM      the exact rational, correctly rounded (mpfr_set_q).
 *   CONST    pi, euler (mpfr_const_pi, mpfr_const_euler).
 *   SYM      the value given with eval_set, rounded to prec when given.
 *   INDEX    w[k]: k must be an integer in 1..len; the value of the element symbol.
 *   FN       the function's runtime op (functions.h) by fimrt_op_apply, as the tape runs
 *            it: one correctly rounded MPFR or libfimrt call: polygamma(k, x) with k a NUM
 *            (a non-negative integer) is fimrt_polygamma; lgamma is mpfr_lngamma (NaN,
 *            so a domain error, where Gamma(x) < 0); delta(i, j) is 1 when the values are
 *            equal, else 0; sign is -1, 0 or 1.
 *   ADD      the correctly rounded sum of the children's values (mpfr_add, mpfr_sum).
 *   POW      b^(p/q) for a NUM exponent: q = 1: b^p correctly rounded (mpfr_pow_si;
 *            mpfr_sqr and 1/b are the same function); q a power of two: mpfr_pow with
 *            the exponent as a binary constant (p = 1, -1 with q = 2: sqrt, rec_sqrt);
 *            other q: the real q-th root (mpfr_rootn_ui: odd q takes negative b) then
 *            ^p. A non-NUM exponent: mpfr_pow. An exponent whose numerator or
 *            denominator exceeds LONG_MAX: mpfr_pow with the exponent rounded.
 *   MUL      c * f1 * ... * fn with c = ±P/Q the NUM coefficient (1 when absent). The
 *            factors split into a numerator (every f that is not b^e with e a negative
 *            NUM) and a denominator (the b^-e of the others, by the POW rule). Each side
 *            is multiplied from its last factor to its first (canonical order puts the
 *            compound factors last, so products shared between entries of a Hessian come
 *            first), then times P (numerator) or Q (denominator) — mpfr_mul_ui when the
 *            integer is at most LONG_MAX, else a multiplication by it rounded; then
 *            numerator / denominator (mpfr_div; mpfr_div_ui when only Q is left below;
 *            P / denominator by mpfr_ui_div when there is no numerator factor), and the
 *            sign of c applied last (an exact negation, so it may be applied anywhere).
 * Errors: a non-finite result of any node (or of any step of a product: an overflow to Inf
 * counts there, before a later step could make it a NaN) is an error, reported at that
 * node: NaN is EVAL_DOMAIN (log of a negative, sqrt of a negative, lgamma where
 * Gamma < 0, logit outside [0, 1]), an infinity EVAL_POLE (log 0, 1/0, lgamma at 0, or an
 * overflow). No silent NaN. */
#ifndef FIMC_EVAL_H
#define FIMC_EVAL_H

#include <stddef.h>

#include <gmp.h>
#include <mpfr.h>

#include "expr.h"

typedef enum eval_status {
    EVAL_OK = 0,
    EVAL_DOMAIN,      /* a NaN: an argument outside a function's domain */
    EVAL_POLE,        /* an infinity: a pole, or an overflow */
    EVAL_INDEX,       /* w[k] with k not an integer in 1..len */
    EVAL_UNBOUND,     /* a symbol without a value */
    EVAL_UNSUPPORTED, /* polygamma(k, x) with k not a non-negative integer NUM */
} eval_status;

typedef struct eval_ctx eval_ctx;

/* A new evaluator at working precision prec (MPFR_PREC_MIN..MPFR_PREC_MAX). */
eval_ctx *eval_new(const expr_ctx *ex, mpfr_prec_t prec);
void eval_free(eval_ctx *ev);
mpfr_prec_t eval_prec(const eval_ctx *ev);

/* The value of symbol sym (copied, rounded to nearest at the working precision). A
 * non-finite value is accepted here and reported as EVAL_DOMAIN where it is used. */
void eval_set(eval_ctx *ev, int sym, const mpfr_t v);
/* The same from an exact rational (correctly rounded). */
void eval_set_q(eval_ctx *ev, int sym, const mpq_t q);
/* Forget every symbol value. */
void eval_unset_all(eval_ctx *ev);

/* out[i] = es[i] for i < n, sharing the work of common subexpressions (each distinct node
 * is evaluated once per call). out[i] is rounded to nearest to its own precision. Returns
 * EVAL_OK, or the status of the first failure (outputs then unspecified), whose node
 * eval_error_node gives. */
int eval_exprs(eval_ctx *ev, size_t n, expr *const *es, mpfr_t *out);
int eval_expr(eval_ctx *ev, mpfr_t out, expr *e);

/* The node where the last failing call failed (NULL after success). */
const expr *eval_error_node(const eval_ctx *ev);
/* "ok", "domain error", "pole", ... */
const char *eval_status_str(int status);

#endif
