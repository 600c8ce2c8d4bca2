/* compiler/num/tape.h — common subexpressions and tape lowering: a list of output expressions
 * (logp, its score and Hessian entries, ...) becomes one straight-line program for
 * libfimrt's interpreter (fimrt_tape in runtime/fimrt.h) and for the C generator.
 *
 * Lowering follows compiler/eval.h's recipe node for node, so running the tape gives the
 * evaluator's values to the last bit, the sign of zero included (the only freedom taken
 * is where an exact negation goes: a - b for a + (-b), the sign of a product on its first
 * factor, -P/D in one si_div, negated operands of one mpfr_sum). The hash-consed DAG already shares every common subexpression; instructions
 * the recipe adds (partial products, negations, roots) are shared too, by value numbering
 * on (opcode, operands). Subexpressions without symbols (log(2*pi)/2) are hoisted into a
 * constant prologue run once per precision; rationals, pi and euler into a constant table
 * rounded once per precision. The instructions are in topological order (post-order from
 * the outputs, in output order); each output is copied out (an `out` instruction) right
 * after the instruction that computes it, so an output holds no register to the end.
 * Registers are assigned by a linear scan over the instructions: a register is free again
 * after the last instruction that reads it, and an instruction may write a register one
 * of its operands frees (MPFR allows the aliasing), except a sum.
 *
 * Loop-invariant code motion (tape_build_fixed): when the first inputs are fixed — a
 * parameter point, at which the tape then runs for thousands of data values — every
 * instruction that depends on no varying input (log(sigma), sigma^2, lbeta(a, b), ...)
 * moves to the tape's bind segment, run once per point by fimrt_tape_bind, right after
 * the constant prologue. Hoisting only moves instructions: value numbering, the recipe and
 * so every bit of every output are those of the unsplit tape. Slot layout: work registers,
 * then the constant slots (table entries and prologue results, as before), then the bound
 * slots (kind FIMRT_CONST_BOUND, printed b0, b1, ...): the fixed inputs that are read, and
 * the bind results read after the bind segment. The per-evaluation instructions write only
 * registers, so a bound slot keeps its value from one evaluation to the next; bind results
 * read only inside the bind segment live in registers there. An invariant output (the
 * Normal's -1/sigma^2) is still written by an `out` instruction per evaluation, from its
 * bound slot.
 *
 * Ownership: a tape owns its arrays (instructions, operand lists, constant strings, input
 * and output tables, output names) and the fimrt_tape view of them; tape_free releases
 * them. It keeps no pointer into the expr_ctx (the printer takes the context for names).
 */
#ifndef FIMC_TAPE_H
#define FIMC_TAPE_H

#include <stddef.h>

#include "expr.h"
#include "fimrt.h"
#include "util.h"

typedef struct tape tape;

typedef enum tape_status {
    TAPE_OK = 0,
    TAPE_UNBOUND,     /* a symbol that is not one of the inputs */
    TAPE_UNSUPPORTED, /* polygamma(k, x) with k not a non-negative integer NUM */
} tape_status;

typedef struct tape_error {
    int status;       /* tape_status */
    const expr *node; /* where */
} tape_error;

/* Lowers outs[0..nout) with inputs in_syms[0..nin) (scalar symbols; input i of the
 * runtime tape is in_syms[i]; an element w[i] of a vector indexed by data must be an input
 * itself). out_names[j] labels output j in the printed tape (NULL, or an entry NULL, for
 * "out<j>"); the names are copied. Returns the tape, or NULL with *err filled (err may be
 * NULL). The tape has no bind segment: tape_build_fixed with nfixed = 0. */
tape *tape_build(const expr_ctx *ex, size_t nin, const int *in_syms, size_t nout,
                 expr *const *outs, const char *const *out_names, tape_error *err);

/* As tape_build, with inputs 0..nfixed-1 fixed (nfixed > nin counts as nin): the runtime
 * tape's nfixed, and its bind segment (nbind instructions) computes everything that
 * depends on them and on constants only; see above for the slots. fimrt_tape_bind then
 * fimrt_tape_eval_bound give the same bits as fimrt_tape_eval, which still takes all the
 * inputs. */
tape *tape_build_fixed(const expr_ctx *ex, size_t nin, const int *in_syms, size_t nfixed,
                       size_t nout, expr *const *outs, const char *const *out_names,
                       tape_error *err);
void tape_free(tape *t);

/* The runtime view (owned by t, valid until tape_free). */
const fimrt_tape *tape_runtime(const tape *t);

typedef struct tape_stats {
    size_t ninsn;     /* computing instructions, the prologue and the bind segment included
                         (the runtime tape has nout `out` instructions more) */
    size_t ninit;     /* of which the constant prologue */
    size_t nbind;     /* of which the bind segment (run once per point of the fixed inputs) */
    size_t nregs;     /* work registers */
    size_t nconsts;   /* constant slots (table entries and prologue results) */
    size_t nbound;    /* bound slots (fixed inputs, bind results read per evaluation); the
                         runtime tape's nconsts is nconsts + nbound */
    size_t nin, nout;
    size_t nfixed;    /* of the nin inputs, fixed */
    size_t dag_nodes; /* distinct DAG nodes under the outputs */
} tape_stats;

void tape_get_stats(const tape *t, tape_stats *s);

/* The tape as text for `fimc print --tape`, one instruction a line: a header line of sizes
 * ("# 3 inputs, 7 outputs, 24 instructions (3 for constants), 9 registers, 4 constants"),
 * the inputs with their symbol names ("input r0 = mu"), the constant table ("const c0 =
 * 1/2"), the prologue ("c3 = log c2"), then the instructions in order ("r3 = mul r1, r2";
 * immediates as integers, a negated sum operand as -r2, an index's elements in brackets),
 * each output where the tape writes it ("output logp = r5": the register's value at that
 * point). A tape with fixed inputs says so in its header ("# 3 inputs (2 fixed), 6
 * outputs, 24 instructions (3 for constants, 8 per point), 4 registers, 4 constants, 10
 * bound"), names its bound slots b0, b1, ... ("input b0 = mu"), and has a comment line
 * "# per point:" before the bind segment and "# per data value:" before the rest. Appends
 * to sb. */
void tape_print(strbuf *sb, const expr_ctx *ex, const tape *t);

#endif
