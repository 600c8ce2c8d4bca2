/* runtime/fimrt.h — libfimrt: the special functions and the symmetric linear algebra that
 * fimc's generated MPFR code and its numeric commands call. Knows nothing of the language.
 *
 * Ownership. Every function writes only its outputs; all temporaries are allocated inside
 * and freed before it returns, and nothing is cached between calls (the library keeps no
 * mutable state of its own; MPFR's constant caches, e.g. for pi, are MPFR's: call
 * mpfr_free_cache() at exit). Outputs are initialised by the caller (mpfr_init2) and keep
 * their precision; the caller clears them. A fimrt_ldlt_t filled by fimrt_sym_factor owns
 * its arrays until fimrt_ldlt_clear.
 *
 * Aliasing. Outputs may be the same objects as inputs (y and x the same mpfr_t; the inverse
 * written over A; X over B): inputs are read, or copied, before any output is written.
 * Distinct outputs of one call must not overlap each other.
 *
 * Special functions have MPFR's calling shape: output first, inputs, mpfr_rnd_t last; the
 * int returned is the ternary value (the sign of y - f(x)), and the MPFR flags are set as
 * for the final rounding only (intermediate over/underflows are not reported). Unless said
 * otherwise each is CORRECTLY ROUNDED in every rounding mode with a correct ternary value:
 * an enclosure of f(x) is computed with guard bits and a rigorous error bound, and the
 * working precision is raised until the enclosure rounds to one value (Ziv's strategy).
 * Safety valves, for arguments where f(x) would be exactly a rounding boundary (none is
 * known outside the special cases handled exactly): if the enclosure is narrower than
 * 2^(-2*PREC(y)-64) relative and still undecided, or the working precision reaches
 * 8*PREC(y) + 2^20 bits, the loop stops and returns its approximation rounded (faithful
 * in the first case; a zero if the enclosure contains 0), with that approximation's
 * ternary value. Intermediate quantities must lie in the current exponent range (MPFR's
 * default is ±2^30 bits of exponent); beyond it results saturate to ±Inf or ±0.
 *
 * Linear algebra works on row-major n×n arrays of mpfr_t (element (i,j) is A[i*n+j]) and
 * reads only the lower triangle (j <= i) of a symmetric input. The working precision is
 * the explicit mpfr_prec_t argument, last as in Arb; results are rounded to nearest into
 * the outputs' own precisions. These are not correctly rounded: LDLᵀ with Bunch–Kaufman
 * pivoting is backward stable, so expect relative errors of order cond(A)·n·2^(-prec).
 * They return a status (enum fimrt_status); on failure the outputs are left unchanged.
 *
 * Note: passing an mpfr_t * where a const mpfr_t * is expected is valid C and silent in
 * GCC and Clang, except that GCC's -Wpedantic flags it before C2X; cast if you use that. */
#ifndef FIMRT_H
#define FIMRT_H

#include <stddef.h>
#include <mpfr.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- special functions ------------------------------------------------------------- */

/* y = ψ₁(x) = d²/dx² log Γ(x), the trigamma function; the same as fimrt_polygamma with
 * k = 1. Correctly rounded for every x. Poles: at x = 0, -1, -2, ... (and ±0) the result
 * is +Inf (ψ₁ tends to +Inf from both sides), with the divide-by-zero flag. ψ₁(+Inf) = +0;
 * ψ₁(-Inf) and ψ₁(NaN) are NaN. Negative non-integer x is supported (recurrence near 0,
 * reflection formula further out). */
int fimrt_trigamma(mpfr_t y, const mpfr_t x, mpfr_rnd_t rnd);

/* y = ψ^(k)(x), the k-th derivative of the digamma function ψ = Γ'/Γ. k = 0 is
 * mpfr_digamma. For k >= 1: correctly rounded for every x, computed as
 * (-1)^(k+1) k! ζ(k+1, x) by the recurrence (shifting x up past a threshold growing with
 * the precision) and the Euler–Maclaurin asymptotic series with Bernoulli numbers computed
 * exactly per call; x < -threshold uses the reflection formula
 * ψ^(k)(x) = (-1)^k ψ^(k)(1-x) - π d^k/dx^k cot(πx). Poles x = 0, -1, -2, ...: odd k gives
 * +Inf; even k gives NaN at negative integers and ∓Inf at ±0 (the one-sided limit, as
 * mpfr_digamma does), all with the divide-by-zero flag. ψ^(k)(+Inf) is +0 for odd k and
 * -0 for even k; -Inf and NaN give NaN. Cost grows with k (O(k²) for negative x);
 * k > 2^20 gives NaN with the erange flag. */
int fimrt_polygamma(mpfr_t y, unsigned long k, const mpfr_t x, mpfr_rnd_t rnd);

/* y = log B(a,b) = log Γ(a) + log Γ(b) - log Γ(a+b), for a, b > 0. Correctly rounded,
 * including when a+b is large and the three terms cancel (the working precision grows by
 * the number of bits lost, so the cost grows with log2 of the cancellation). a = 1 or
 * b = 1 give -log of the other exactly. Either argument ±0: +Inf (divide-by-zero flag);
 * +Inf with the other finite and positive: -Inf; negative, NaN or (0, Inf): NaN. */
int fimrt_lbeta(mpfr_t y, const mpfr_t a, const mpfr_t b, mpfr_rnd_t rnd);

/* y = log C(n,k) = log Γ(n+1) - log Γ(k+1) - log Γ(n-k+1), for real n, k with n > -1,
 * k > -1 and n-k > -1. Correctly rounded (cancellation for large n handled as for lbeta).
 * Exact cases: k = 0 or k = n give +0; k = 1 or k = n-1 give log n, correctly rounded.
 * Where C(n,k) = 0 — n > -1 with k or n-k a negative integer — the result is -Inf (exact);
 * other arguments outside the domain, infinities and NaN give NaN. Arguments of magnitude
 * far below 2^-PREC(y) may be slow (the precision grows to resolve them). */
int fimrt_lchoose(mpfr_t y, const mpfr_t n, const mpfr_t k, mpfr_rnd_t rnd);

/* y = log Γ(n+1) = log n! for real n, with mpfr_lngamma's conventions: correctly rounded;
 * n = 0 and n = 1 give +0; n a negative integer gives +Inf; where Γ(n+1) < 0 NaN;
 * lfactorial(+Inf) = +Inf. */
int fimrt_lfactorial(mpfr_t y, const mpfr_t n, mpfr_rnd_t rnd);

/* y = log(1 + e^x), the softplus, without overflow: for x > 0 it is x + log1p(e^-x).
 * Correctly rounded. log1pexp(-Inf) = +0, log1pexp(+Inf) = +Inf. */
int fimrt_log1pexp(mpfr_t y, const mpfr_t x, mpfr_rnd_t rnd);

/* y = 1/(1 + e^-x), the logistic function. Correctly rounded; expit(0) = 1/2 exactly,
 * expit(-Inf) = +0, expit(+Inf) = 1. */
int fimrt_expit(mpfr_t y, const mpfr_t x, mpfr_rnd_t rnd);

/* y = log(p/(1-p)), the inverse of expit, for 0 <= p <= 1. Correctly rounded, with full
 * relative accuracy near p = 1/2 (log1p form) and near p = 1 (1-p is exact there).
 * logit(1/2) = +0, logit(0) = -Inf, logit(1) = +Inf (divide-by-zero flag); p outside
 * [0,1] or NaN: NaN. */
int fimrt_logit(mpfr_t y, const mpfr_t p, mpfr_rnd_t rnd);

/* ---- symmetric linear algebra ------------------------------------------------------ */

/* Status returned by the linear-algebra functions. */
enum fimrt_status {
    FIMRT_OK = 0,
    FIMRT_SINGULAR = 1, /* a pivot fell below the noise level of the precision (see below) */
    FIMRT_NOCONV = 2,   /* the eigenvalue iteration did not converge */
    FIMRT_INVALID = 3,  /* n = 0 where n >= 1 is needed, or a NaN or infinite entry */
    FIMRT_NOMEM = 4     /* an allocation failed */
};

/* A factorisation P A Pᵀ = L D Lᵀ of a symmetric matrix: L unit lower triangular, D block
 * diagonal with 1×1 and 2×2 blocks (Bunch–Kaufman pivoting, so indefinite matrices are
 * fine). All fields are read-only for the caller. */
typedef struct {
    size_t n;
    mpfr_prec_t prec;   /* the working precision of every entry */
    mpfr_t *ld;         /* n*n row-major: L strictly below the diagonal, D on the diagonal
                           and, for a 2×2 block starting at row i, at (i+1, i) */
    size_t *perm;       /* (P A Pᵀ)(i,j) = A(perm[i], perm[j]) */
    unsigned char *blk; /* blk[i] = 1: 1×1 block at i; 2: 2×2 block at i, i+1; 0: its 2nd row */
} fimrt_ldlt_struct;
typedef fimrt_ldlt_struct fimrt_ldlt_t[1];
typedef const fimrt_ldlt_struct *fimrt_ldlt_srcptr;

/* Factors the symmetric n×n matrix A at precision prec into F, which the caller must
 * release with fimrt_ldlt_clear whatever the result (F is complete only on FIMRT_OK).
 * Singular: a pivot block (|d| for 1×1, |det|/|offdiagonal| for 2×2), or a whole pivot
 * column, of magnitude at most n · max|A(i,j)| · 2^(16-prec) — the noise of prec-bit
 * arithmetic — gives FIMRT_SINGULAR. A zero matrix is singular. */
int fimrt_sym_factor(fimrt_ldlt_t F, const mpfr_t *A, size_t n, mpfr_prec_t prec);

/* Frees what fimrt_sym_factor allocated; F may then be factored into again. */
void fimrt_ldlt_clear(fimrt_ldlt_t F);

/* det = det(A) from a complete factorisation (product of the D blocks' determinants). */
void fimrt_ldlt_det(mpfr_t det, fimrt_ldlt_srcptr F);

/* Solves A X = B for the n×m row-major B with a complete factorisation; X (n×m) may be B. */
int fimrt_ldlt_solve(mpfr_t *X, fimrt_ldlt_srcptr F, const mpfr_t *B, size_t m);

/* det = det(A) at precision prec. A singular matrix gives det = +0 and FIMRT_SINGULAR. */
int fimrt_sym_det(mpfr_t det, const mpfr_t *A, size_t n, mpfr_prec_t prec);

/* Ainv = A^-1 (n×n, symmetric: the lower triangle is computed and mirrored); Ainv may be
 * A. Left unchanged when A is singular. */
int fimrt_sym_inverse(mpfr_t *Ainv, const mpfr_t *A, size_t n, mpfr_prec_t prec);

/* X = A^-1 B, B and X n×m row-major (m = 1: a vector); X may be B. */
int fimrt_sym_solve(mpfr_t *X, const mpfr_t *A, const mpfr_t *B, size_t n, size_t m,
                    mpfr_prec_t prec);

/* lambda = the smallest eigenvalue of the symmetric A; v (n entries, or NULL) = a unit
 * eigenvector for it, signed so that its first component of magnitude above 2^(-prec/2)
 * is positive. Cyclic Jacobi rotations at precision prec until the off-diagonal part is
 * below n · ||A||_F · 2^(8-prec). For a repeated smallest eigenvalue v is one vector of
 * its eigenspace. Returns FIMRT_OK, FIMRT_NOCONV (after 100 sweeps) or FIMRT_INVALID. */
int fimrt_sym_min_eig(mpfr_t lambda, mpfr_t *v, const mpfr_t *A, size_t n, mpfr_prec_t prec);

/* ---- tapes: straight-line MPFR programs ------------------------------------------ */

/* A tape is a straight-line program over an array of MPFR values, the slots: nregs work
 * registers (slots 0..nregs-1) followed by nconsts constants (slots nregs..). fimc's
 * compiler writes tapes (logp, its score and Hessian, sharing work); this library runs
 * them and knows nothing of where they came from. A tape is plain data — every array is
 * the builder's (or a generated program's static const arrays) and is only read here.
 *
 * Instructions run in order, in three segments:
 *   insn[0..ninit)                 the constant prologue: computes the constant slots of
 *                                  kind FIMRT_CONST_COMPUTED once, when a state is
 *                                  initialised;
 *   insn[ninit..ninit+nbind)       the bind segment: run once per value of the fixed
 *                                  inputs 0..nfixed-1 (a parameter point), by
 *                                  fimrt_tape_bind; it computes everything that depends on
 *                                  the fixed inputs and constants only (log sigma,
 *                                  sigma^2, lgamma of a shape, ...) into constant slots of
 *                                  kind FIMRT_CONST_BOUND, which the per-evaluation
 *                                  instructions read and never write (its temporaries,
 *                                  read only inside it, may use work registers);
 *   insn[ninit+nbind..ninsn)       the per-evaluation part: run for each value of the
 *                                  varying inputs nfixed..nin-1 (a data point).
 * nbind = nfixed = 0 is a tape without a bind segment: every input varies. Each
 * instruction writes slot dst from slots a and b and the integer imm, as fimrt_op says,
 * rounding to nearest at the state's precision. A list operand (SUM, INDEX) is
 * args[imm .. imm+b); in a SUM list ~s (that is -s-1) stands for -slot s.
 * Any result that is not a finite number stops the evaluation with a status: NaN is
 * FIMRT_TAPE_DOMAIN (log of a negative, ...), ±Inf FIMRT_TAPE_POLE (log 0, 1/0, ...). */
/* The instruction set: one X(NAME, "name", FORM, CALL) a line, in opcode order. NAME gives
 * the opcode FIMRT_OP_NAME, "name" is what fimrt_op_name returns, FORM says which operands
 * the instruction reads, and CALL is the MPFR-shaped function of the ops that are one call
 * (0 for the others, whose code is the interpreter's own):
 *   CALL1  dst = CALL(a): int CALL(mpfr_t y, const mpfr_t a, mpfr_rnd_t)
 *   CALL2  dst = CALL(a, b): int CALL(mpfr_t y, const mpfr_t a, const mpfr_t b, mpfr_rnd_t)
 *   A      reads a;  AB  reads a and b;  A_IMM  reads a and imm;  IMM_A  reads imm and a
 *   LIST   reads the list args[imm .. imm+b) (INDEX reads a too);  OUT  writes output imm
 * The opcode values are the positions in this list and are fixed (generated programs hold
 * tapes as static arrays): new ops are appended at the end, never inserted. Users may expand
 * FIMRT_OPS with their own X; the FORM and CALL tokens are not macros. */
#define FIMRT_OPS(X)                                                                       \
    X(NEG, "neg", CALL1, mpfr_neg)           /* dst = -a */                                \
    X(ADD, "add", CALL2, mpfr_add)           /* dst = a + b */                             \
    X(SUB, "sub", CALL2, mpfr_sub)           /* dst = a - b */                             \
    X(SUM, "sum", LIST, 0)                   /* dst = the correctly rounded sum of the     \
                                                list (mpfr_sum); dst is none of the list's \
                                                slots, and a slot negated in the list (~s) \
                                                appears in it only once */                 \
    X(MUL, "mul", CALL2, mpfr_mul)           /* dst = a * b */                             \
    X(MUL_UI, "mul_ui", A_IMM, 0)            /* dst = a * imm, 0 <= imm */                 \
    X(DIV, "div", CALL2, mpfr_div)           /* dst = a / b */                             \
    X(DIV_UI, "div_ui", A_IMM, 0)            /* dst = a / imm, 0 < imm */                  \
    X(SI_DIV, "si_div", IMM_A, 0)            /* dst = imm / a */                           \
    X(SQR, "sqr", CALL1, mpfr_sqr)           /* dst = a^2 */                               \
    X(SQRT, "sqrt", CALL1, mpfr_sqrt)        /* dst = sqrt(a) */                           \
    X(REC_SQRT, "rec_sqrt", CALL1, mpfr_rec_sqrt) /* dst = 1/sqrt(a) */                    \
    X(POW_SI, "pow_si", A_IMM, 0)            /* dst = a^imm */                             \
    X(ROOTN, "rootn", A_IMM, 0)              /* dst = a^(1/imm), the real root (odd imm:   \
                                                a < 0 allowed), imm > 0 */                 \
    X(POW, "pow", CALL2, mpfr_pow)           /* dst = a^b (mpfr_pow) */                    \
    X(EXP, "exp", CALL1, mpfr_exp)           /* dst = f(a) for each one-argument function, \
                                                MPFR's or this library's (lngamma: NaN     \
                                                where Gamma(a) < 0) */                     \
    X(LOG, "log", CALL1, mpfr_log)                                                         \
    X(LOG1P, "log1p", CALL1, mpfr_log1p)                                                   \
    X(EXPM1, "expm1", CALL1, mpfr_expm1)                                                   \
    X(SIN, "sin", CALL1, mpfr_sin)                                                         \
    X(COS, "cos", CALL1, mpfr_cos)                                                         \
    X(TAN, "tan", CALL1, mpfr_tan)                                                         \
    X(ATAN, "atan", CALL1, mpfr_atan)                                                      \
    X(SINH, "sinh", CALL1, mpfr_sinh)                                                      \
    X(COSH, "cosh", CALL1, mpfr_cosh)                                                      \
    X(TANH, "tanh", CALL1, mpfr_tanh)                                                      \
    X(ERF, "erf", CALL1, mpfr_erf)                                                         \
    X(ERFC, "erfc", CALL1, mpfr_erfc)                                                      \
    X(LGAMMA, "lgamma", CALL1, mpfr_lngamma)                                               \
    X(LFACTORIAL, "lfactorial", CALL1, fimrt_lfactorial)                                   \
    X(LOGIT, "logit", CALL1, fimrt_logit)                                                  \
    X(EXPIT, "expit", CALL1, fimrt_expit)                                                  \
    X(LOG1PEXP, "log1pexp", CALL1, fimrt_log1pexp)                                         \
    X(ABS, "abs", CALL1, mpfr_abs)                                                         \
    X(SIGN, "sign", A, 0)                    /* dst = -1, 0 or 1 */                        \
    X(POLYGAMMA, "polygamma", IMM_A, 0)      /* dst = psi^(imm)(a), imm >= 0 (imm = 0:     \
                                                digamma) */                                \
    X(LBETA, "lbeta", CALL2, fimrt_lbeta)    /* dst = lbeta(a, b) */                       \
    X(LCHOOSE, "lchoose", CALL2, fimrt_lchoose) /* dst = lchoose(a, b) */                  \
    X(DELTA, "delta", AB, 0)                 /* dst = 1 if a == b else 0 */                \
    X(INDEX, "index", LIST, 0)               /* dst = slot args[imm + k - 1], k = a's      \
                                                value, which must be an integer in 1..b    \
                                                (else FIMRT_TAPE_INDEX) */                 \
    X(OUT, "out", OUT, 0)                    /* output imm = a (dst unused): written as    \
                                                soon as it is known, so its register is    \
                                                free for reuse; not in the prologue */   \
    X(CBRT, "cbrt", CALL1, mpfr_cbrt)        /* dst = the real cube root of a (a < 0 too) */ \
    X(LOG2, "log2", CALL1, mpfr_log2)        /* dst = log(a)/log(2) */

#define FIMRT_OP_ENUM_(name, str, form, call) FIMRT_OP_##name,
enum fimrt_op {
    FIMRT_OPS(FIMRT_OP_ENUM_)
    FIMRT_OP_COUNT
};
#undef FIMRT_OP_ENUM_

/* Statuses of tape evaluation, beside FIMRT_OK, FIMRT_INVALID and FIMRT_NOMEM. */
enum fimrt_tape_status {
    FIMRT_TAPE_DOMAIN = 16, /* a NaN: an argument outside a function's domain */
    FIMRT_TAPE_POLE = 17,   /* an infinity: a pole, or an overflow */
    FIMRT_TAPE_INDEX = 18   /* an index not an integer in 1..len */
};

typedef struct fimrt_insn {
    int op;   /* enum fimrt_op */
    int dst;  /* a slot: prologue, a computed constant; bind segment, a work register or a
                 bound constant; per-evaluation part, a work register */
    int a, b; /* slots; the list length for SUM and INDEX */
    long imm; /* the integer operand, or the list's start in args */
} fimrt_insn;

/* How a constant slot gets its value. */
enum fimrt_const_kind {
    FIMRT_CONST_Q,       /* the rational q ("-3/2", "10"; GMP mpq_set_str, base 10) */
    FIMRT_CONST_PI,
    FIMRT_CONST_EULER,   /* the Euler–Mascheroni constant */
    FIMRT_CONST_COMPUTED, /* written by one of the first ninit instructions */
    FIMRT_CONST_BOUND     /* a fixed input's slot, or written by the bind segment: set per
                             fimrt_tape_bind, +0 until then */
};

typedef struct fimrt_const {
    int kind;      /* enum fimrt_const_kind */
    const char *q; /* FIMRT_CONST_Q only */
} fimrt_const;

typedef struct fimrt_tape {
    const fimrt_insn *insn;
    size_t ninsn;
    size_t ninit;          /* the constant prologue insn[0..ninit) */
    const int *args;       /* SUM and INDEX operand lists */
    size_t nargs;
    int nregs;             /* work registers: slots 0..nregs-1 */
    const fimrt_const *consts;
    int nconsts;           /* constants: slots nregs..nregs+nconsts-1 */
    const int *in;         /* in[i]: the slot input i is copied into, -1 if unused: a
                              FIMRT_CONST_BOUND constant for i < nfixed, else a register */
    int nin;
    int nout;              /* outputs, each written by an OUT instruction */
    /* Added with the bind segment, last so that tapes written without them (zero) keep
     * their meaning: */
    size_t nbind;          /* the bind segment insn[ninit..ninit+nbind) */
    int nfixed;            /* inputs 0..nfixed-1 are fixed (set by fimrt_tape_bind) */
} fimrt_tape;

/* The registers and rounded constants for running one tape at one precision. The tape
 * must outlive the state. Read-only for the caller but for err_insn and err_input. */
typedef struct fimrt_tape_state {
    const fimrt_tape *tape;
    mpfr_prec_t prec;
    mpfr_t *v;         /* the nregs + nconsts slots, all of precision prec */
    mpfr_ptr *list;    /* scratch for SUM operands */
    size_t err_insn;   /* after a failure: the instruction that failed, or (size_t)-1 */
    int err_input;     /* ... or the input that was not a finite number, or -1 */
    int bound;         /* nonzero while the FIMRT_CONST_BOUND slots hold the bind segment's
                          results for the last fixed inputs given (fimrt_tape_bind) */
} fimrt_tape_state;

/* FIMRT_OK when every slot, list and opcode of t is in range (dst of the per-evaluation
 * instructions a work register, of the prologue a computed constant, of the bind segment
 * a work register or a bound constant; SUM's dst outside its list; imm of
 * MUL_UI/DIV_UI/ROOTN/POLYGAMMA in range; every output written by an OUT after the
 * prologue and the bind segment; 0 <= nfixed <= nin; ninit + nbind <= ninsn; the slot of a
 * fixed input a bound constant, of a varying input a work register) and every slot is
 * written before it is read: the prologue reads no bound constant; a bind instruction
 * reads constants, fixed inputs, and registers and bound constants written before it in
 * the bind segment — never a varying input; a per-evaluation instruction (or OUT) reads
 * constants, bound constants that are fixed inputs' slots or written by the bind segment,
 * varying inputs' registers, and registers written before it in the per-evaluation part
 * (so an evaluation depends on nothing left over from an earlier one). Else FIMRT_INVALID
 * (FIMRT_NOMEM if its scratch bitmaps cannot be allocated). */
int fimrt_tape_check(const fimrt_tape *t);

/* Initialises st for t at precision prec: allocates and initialises the slots, rounds the
 * constants (once) and runs the prologue. Returns FIMRT_OK; FIMRT_INVALID (see
 * fimrt_tape_check, or prec out of MPFR's range), FIMRT_NOMEM, or the status of a failing
 * prologue instruction (a constant like log(-1)); on failure st holds nothing (clearing it
 * is harmless). This is the only place a tape allocates. The state starts unbound. */
int fimrt_tape_state_init(fimrt_tape_state *st, const fimrt_tape *t, mpfr_prec_t prec);

/* Frees the slots; st may be initialised again. */
void fimrt_tape_state_clear(fimrt_tape_state *st);

/* Evaluates the tape: inputs[i] (any precisions; rounded to nearest into their slots, all
 * read before any output is written) for i < t->nin, outputs[j] (rounded to nearest to
 * their own precisions) for j < t->nout; the outputs may alias the inputs. Every used
 * input is checked to be a finite number first; then the fixed inputs are copied in and
 * the bind segment run (as fimrt_tape_bind does: once it completes, the state is bound to
 * these fixed inputs and fimrt_tape_eval_bound may follow), then the varying inputs are
 * copied in and the per-evaluation part run. Returns FIMRT_OK, FIMRT_TAPE_DOMAIN or
 * FIMRT_TAPE_POLE (also for an input that is not a finite number) or FIMRT_TAPE_INDEX,
 * with st->err_insn / st->err_input set; after a failure the outputs written before it
 * hold their values and the others are untouched. When several instructions would fail,
 * the first in tape order is reported, so a tape with a bind segment reports a failing
 * bind instruction before a failing per-evaluation one (the unsplit tape of the same
 * outputs may report the other one: a status can differ there, never a value). Allocates
 * nothing itself: no memory is allocated by the interpreter, only by the MPFR and libfimrt
 * functions it calls, for their own temporaries (mpfr_log, mpfr_pow_si, lgamma ... do;
 * add, sub, mul, div, sqr, sqrt, sum and the other arithmetic do not). */
int fimrt_tape_eval(fimrt_tape_state *st, const mpfr_t *inputs, mpfr_t *outputs);

/* Binds st to fixed inputs: fixed[i] for i < t->nfixed (any precisions; rounded to nearest
 * into their slots; fixed may be NULL when nfixed = 0) is copied in and the bind segment
 * run, once, so that fimrt_tape_eval_bound then runs only the per-evaluation part. fixed
 * is not referenced after the call. Returns FIMRT_OK, or FIMRT_TAPE_DOMAIN /
 * FIMRT_TAPE_POLE / FIMRT_TAPE_INDEX with st->err_input (a fixed input not a finite
 * number; nothing is copied then) or st->err_insn (a bind instruction, in
 * [ninit, ninit+nbind): log of a negative parameter, say) set; on any failure the state
 * is unbound. Binding again (to another parameter point) replaces the bound values; the
 * work registers are scratch to it. Allocates nothing itself (as fimrt_tape_eval). */
int fimrt_tape_bind(fimrt_tape_state *st, const mpfr_t *fixed);

/* Evaluates the per-evaluation part on a bound state: vary[k] is input t->nfixed + k, for
 * k < t->nin - t->nfixed (any precisions; all read before any output is written; vary may
 * be NULL when every input is fixed); outputs as for fimrt_tape_eval, and they may alias
 * vary. The fixed inputs are those of the last successful fimrt_tape_bind, or of the last
 * fimrt_tape_eval that got through its bind segment, and the outputs are bit for bit those
 * of fimrt_tape_eval with those fixed inputs and these varying ones. Valid only on a bound
 * state: an unbound one (never bound, or the last fimrt_tape_bind or fimrt_tape_eval on
 * it failed before its bind segment completed) gives FIMRT_INVALID, unless the tape has
 * nothing to bind (nfixed = nbind = 0: then this is fimrt_tape_eval). Nothing else of the
 * kind is detected: that the bound inputs are the intended ones is the caller's affair.
 * Returns FIMRT_OK, FIMRT_INVALID, or the statuses of fimrt_tape_eval (st->err_input
 * counts from input 0: vary[k] is reported as nfixed + k); a failure leaves the state
 * bound. Allocates nothing itself. */
int fimrt_tape_eval_bound(fimrt_tape_state *st, const mpfr_t *vary, mpfr_t *outputs);

/* The opcode's name as fimc prints tapes ("mul", "pow_si", ...); "?" when out of range. */
const char *fimrt_op_name(int op);

/* y = the result of one instruction of opcode op on the values a, b and the integer imm,
 * rounded rnd: the call the interpreter makes for every op but SUM, INDEX and OUT (which
 * are not single operations on values: they give NaN here, as an opcode out of range
 * does). Reads b only for the ops of form CALL2 and AB (b may be NULL otherwise) and imm
 * only for A_IMM and IMM_A. Returns the ternary value of the MPFR (or libfimrt) call; 0
 * for SIGN and DELTA, which are exact. y may be a or b. */
int fimrt_op_apply(int op, mpfr_t y, const mpfr_t a, const mpfr_t b, long imm, mpfr_rnd_t rnd);

/* ---- expectations: double-exponential quadrature and sums (quad.c, quad_sum.c) ------ */

/* The integrands and terms are callbacks: the library knows nothing of models.
 *
 * Status. These routines return FIMRT_OK (the target accuracy is met), FIMRT_NOCONV (not
 * met: the outputs hold the best value and its error estimate, which may be +Inf),
 * FIMRT_INVALID (bad arguments), FIMRT_NOMEM, or FIMRT_EVALFAIL below (a callback failed).
 * On FIMRT_INVALID, FIMRT_NOMEM and FIMRT_EVALFAIL the outputs are left unchanged.
 *
 * Accuracy is relative to the L1 norm: a result is accepted when, for each component,
 * err <= 2^-target_bits · ∫|f| (for sums Σ|t_k|), which is 2^-target_bits · |result| when
 * the integrand or the terms keep one sign, and stays meaningful when a component is zero
 * by symmetry. err is an absolute bound (sums) or estimate (quadrature) of |result - exact|,
 * always reported, rounded up; it includes 2^(2-prec) of the L1 norm for one ulp at prec
 * bits per callback value (the callbacks are assumed accurate to that) and the library's
 * own rounding, but not larger errors inside the callbacks. target_bits up to about
 * prec - 8 is reachable; prec - 16 leaves a margin.
 *
 * Precision. prec is the working precision: callback outputs y have exactly prec bits
 * (a callback must not change PREC(y)); nodes, weights and running sums carry prec + 32
 * bits; the outputs are rounded to their own precisions at the end (err upward).
 * Aliasing: every input (a, b, center, scale, splits) is copied before an output is
 * written, so outputs may be input objects; distinct outputs must not overlap. */

/* Extends enum fimrt_status: a callback returned nonzero, or a value that is not a finite
 * number (NaN, ±Inf), at a point the rule needed. */
enum fimrt_expect_status { FIMRT_EVALFAIL = 24 };

/* y = f(x) at PREC(y). x may carry more bits than PREC(y) (points close to a non-zero
 * endpoint, or close to a far-off centre, are represented exactly that way): read it as
 * is, never assume PREC(x) == PREC(y). Return 0, or nonzero if f cannot be evaluated at x
 * (outside its domain, say): the integral then fails with FIMRT_EVALFAIL. Called in no
 * particular order, never at an endpoint. */
typedef int (*fimrt_fn)(mpfr_t y, const mpfr_t x, void *ctx);

/* The vector form: y[0..m-1] = f_0(x), ..., f_{m-1}(x), every entry set, at PREC(y[i]). */
typedef int (*fimrt_vfn)(mpfr_t *y, const mpfr_t x, void *ctx);

/* A quadrature workspace, optional (pass NULL for none): settings, statistics of the last
 * call, and a cache of the nodes exp(π/2·sinh t) and π/2·cosh t per level, so that later
 * calls at the same prec reuse them (a call at another prec flushes the cache). Owned by
 * the caller; fimrt_quad_ws_init before use, fimrt_quad_ws_clear after; one thread at a
 * time. The fields above "private" may be read; max_level may be set. */
typedef struct {
    int max_level;           /* deepest level, step h = 2^-max_level (default 12; 2..20) */
    int levels;              /* out: deepest level reached by the last call, over pieces */
    unsigned long evals;     /* out: callback evaluations in the last call */
    mpfr_t fail_x;           /* out: the point where the callback failed (FIMRT_EVALFAIL),
                                at its own precision; NaN otherwise */
    /* private */
    mpfr_prec_t node_prec;   /* precision of the cached nodes, 0 when empty */
    void *cache;             /* per-level node arrays */
} fimrt_quad_ws_struct;
typedef fimrt_quad_ws_struct fimrt_quad_ws_t[1];
typedef fimrt_quad_ws_struct *fimrt_quad_ws_ptr;

void fimrt_quad_ws_init(fimrt_quad_ws_t ws);
void fimrt_quad_ws_clear(fimrt_quad_ws_t ws);

/* result ≈ ∫_a^b f(x) dx by double-exponential quadrature, err = its error estimate.
 *
 * Range and rules. a < b (a = b gives 0 exactly); a may be -Inf, b +Inf. The range is cut
 * at the split points (kinks, e.g. at |x - μ|; finite, inside [a, b]; any order; points
 * equal to an end or to each other are dropped) and at center when it lies inside a
 * range with a finite end or a split. Each piece gets a DE rule, trapezoidal in t ∈ ℝ,
 * with w = π/2·sinh t:
 *   (-Inf, +Inf), no splits: sinh-sinh  x = c + s·sinh w
 *   (p, +Inf) or (-Inf, q):  exp-sinh   x = p + σ·e^w  (mirrored for q)
 *   (p, q):                  tanh-sinh  x = p + (q-p)·u/(u+V), u = e^(κw)  (mirrored
 *                            when anchored at q), V = max(1, (q-p)/σ)
 * where c = center and s = scale (defaults 0 and 1), σ = s + |anchor - c|, the anchor
 * being the piece's end nearest to c. V = 1 (κ = 2) is the classical tanh-sinh rule;
 * V > 1 (κ = 1) puts the middle node at distance σ from the anchor and the nodes towards
 * it as exp-sinh does, so a density of width s at c is resolved on an interval much wider
 * than s. Without a center (NULL) finite pieces use V = 1; without a scale, s = 1. The
 * distance of x to a finite end is computed directly (q - x = (q-p)·V/(u+V): no 1 - tanh
 * cancellation), and x gets the bits it needs, PREC(x) = prec + 34 + the exponent gap
 * between the end and that distance, so integrable endpoint singularities (x^-1/2, log x,
 * also at non-zero ends) converge and a narrow density far from 0 (c = 1e15, s = 1e-20)
 * is sampled exactly. Nodes needing a gap above 16·(prec + 32) bits are not used.
 *
 * Levels. Level 0 has step h = 1 and finds each piece's range: from t = 0 outwards until
 * two consecutive terms |φ'·f| are below 2^-(target_bits+4) of the piece's L1 sum so far
 * (or |t| = 12, or the gap cap: a side cut there adds its last term to err). Level j
 * halves the step and evaluates only the new (odd) nodes, inside the range; after each
 * level a range end moves in to one step beyond the last node whose term is not small.
 * With d_j = |S_j - S_{j-1}|, the error estimate of S_j is d_j when the convergence is
 * seen to be super-linear (d_j/L1 <= (d_{j-1}/L1)^1.5, or d_j at the rounding floor
 * 2^(4-prec)·L1), else max(d_j, d_{j-1}) (undeclared kinks: algebraic convergence); to
 * it are added the cut sides' terms, 2^-(target_bits+4)·L1 per trimmed side and
 * 2^(2-prec)·L1. A piece stops at the first level j >= 2 where, for every component,
 * this is at most 2^-(target_bits+1)·max(L1 of the piece, L1 of all pieces / #pieces).
 * result is the sum over the pieces of S_j, err the sum of their estimates. d_j is about
 * the error of S_{j-1}, so err overstates that of S_j when the rule converges (the DE rule
 * roughly doubles the correct digits per level).
 *
 * Assumptions (an estimate, not a proof): f is analytic on each piece apart from
 * integrable end singularities (declare kinks as splits), its mass lies near t = 0 of the
 * rules (give center/scale for narrow or far-off densities: without them such a density
 * can be missed entirely, and a zero result then looks converged), and the terms decay
 * monotonically beyond the small ones at the range ends.
 *
 * Returns FIMRT_OK, FIMRT_NOCONV (max_level reached: result and err are the last level's),
 * FIMRT_INVALID (a or b NaN, a > b, an end infinite the wrong way, a split not finite or
 * outside [a, b], center not finite, scale not finite and > 0, target_bits < 1, prec out
 * of range, ws->max_level outside 2..20), FIMRT_NOMEM or FIMRT_EVALFAIL (ws->fail_x says
 * where). center, scale, splits and ws may be NULL (nsplits then 0). Cost: with the
 * nodes cached, about one callback evaluation per node; a Gaussian at 256 bits takes
 * 8 or 9 levels, ~800-1600 evaluations. */
int fimrt_quad(mpfr_t result, mpfr_t err, fimrt_fn f, void *ctx,
               const mpfr_t a, const mpfr_t b, const mpfr_t center, const mpfr_t scale,
               const mpfr_t *splits, size_t nsplits, fimrt_quad_ws_ptr ws,
               long target_bits, mpfr_prec_t prec);

/* The vector form of fimrt_quad: result[i] ≈ ∫ f_i, err[i] its estimate, i < m (m >= 1).
 * The components share the nodes, the ranges and the levels; a piece stops when every
 * component meets the target, and the status is FIMRT_OK only when every one does. */
int fimrt_quad_vec(mpfr_t *result, mpfr_t *err, size_t m, fimrt_vfn f, void *ctx,
                   const mpfr_t a, const mpfr_t b, const mpfr_t center, const mpfr_t scale,
                   const mpfr_t *splits, size_t nsplits, fimrt_quad_ws_ptr ws,
                   long target_bits, mpfr_prec_t prec);

/* t = the k-th term at PREC(t); nonzero return or a non-finite t: FIMRT_EVALFAIL. The sums
 * call it for k = lo, lo+1, lo+2, ... in that order, once each, so it may keep a
 * recurrence (t_k from t_{k-1}) in ctx. */
typedef int (*fimrt_term_fn)(mpfr_t t, long k, void *ctx);

/* The vector form: t[0..m-1] = the k-th terms of the m sums, every entry set. */
typedef int (*fimrt_vterm_fn)(mpfr_t *t, long k, void *ctx);

/* result ≈ Σ_{k >= lo} t_k, err = a bound on the remainder plus rounding, from a ratio
 * test. After adding t_k, with ρ_j = |t_j / t_{j-1}|: if the last 8 ratios ρ_{k-7..k} are
 * all < 1 and non-increasing (up to rounding), let ρ = their maximum (rounded up); then
 *   Σ_{j>k} |t_j| <= |t_k|·ρ/(1-ρ)
 * PROVIDED the ratios never exceed ρ after k — the assumption, which holds when the ratio
 * is eventually non-increasing, as for Poisson, negative binomial (r >= 1) and geometric
 * terms times polynomials, once past the mode. If instead the 8 ratios are < 1 and
 * strictly increasing with increments that shrink at least like n^-5/4 (n = k - lo), ρ is
 * their maximum + 4·(n+1)·(ρ_k - ρ_{k-1}), used when < 1: a bound on the limit PROVIDED
 * the increments keep shrinking so (negative binomial with r < 1, hypergeometric-like
 * terms; see runtime/quad_sum.c). Terms that first grow (Poisson with large λ) do
 * not stop the sum: the ratios must be below 1. A component whose last 8 terms are all
 * exactly 0 is taken to stay 0. The sum stops at the first k where, for every component,
 * bound + 2^(2-prec)·Σ|t_j| <= 2^-target_bits·Σ|t_j|, and returns FIMRT_OK; after
 * max_terms terms it returns FIMRT_NOCONV with the partial sum and, per component, the
 * bound at the last term if the ratio test held there, else err = +Inf (1/k² never passes:
 * its ratios increase to 1, the extrapolated ρ is >= 1, and no bound is claimed). The
 * terms' own errors beyond one ulp at prec bits are the callback's. Returns FIMRT_INVALID for target_bits < 1,
 * max_terms = 0, lo + max_terms - 1 > LONG_MAX or prec out of range. */
int fimrt_sum(mpfr_t result, mpfr_t err, fimrt_term_fn f, void *ctx, long lo,
              unsigned long max_terms, long target_bits, mpfr_prec_t prec);

/* The vector form of fimrt_sum: m >= 1 components, each with its own ratio test and
 * bound, stopped at the first k where all of them meet the target. */
int fimrt_sum_vec(mpfr_t *result, mpfr_t *err, size_t m, fimrt_vterm_fn f, void *ctx,
                  long lo, unsigned long max_terms, long target_bits, mpfr_prec_t prec);

/* result = Σ_{k=lo}^{hi} t_k (0 when hi < lo), accumulated at prec + 32 bits; err (may be
 * NULL) = the rounding bound 2^(2-prec)·Σ|t_k| (one ulp per term, and the additions).
 * Returns FIMRT_OK, FIMRT_EVALFAIL, FIMRT_NOMEM, or FIMRT_INVALID (m = 0, prec). */
int fimrt_sum_range(mpfr_t result, mpfr_t err, fimrt_term_fn f, void *ctx, long lo, long hi,
                    mpfr_prec_t prec);
int fimrt_sum_range_vec(mpfr_t *result, mpfr_t *err, size_t m, fimrt_vterm_fn f, void *ctx,
                        long lo, long hi, mpfr_prec_t prec);

#ifdef __cplusplus
}
#endif

#endif
