/* compiler/core/expr.h — the expression core: immutable, hash-consed expression nodes.
 *
 * Ownership: every node belongs to the expr_ctx that built it. Nodes are never freed one by
 * one; expr_ctx_free() releases the whole arena (and clears the GMP rationals in it). Nodes
 * are immutable after construction.
 *
 * Hash-consing: every constructor canonicalises its result and then looks it up in the
 * context's table, so building the same expression twice returns the same pointer.
 * Structural equality is pointer equality (a == b), everywhere in fimc.
 *
 * Canonical form (cheap local rules, applied at construction only):
 *   - NUM holds an exact GMP rational (mpq, canonicalised). Decimal literals are exact:
 *     "0.1" is 1/10.
 *   - ADD is n-ary (n >= 2), flattened (no ADD child), like terms collected (2*x + 3*x is
 *     5*x; the coefficient of a term is its leading NUM factor), at most one NUM child,
 *     no zero child, children sorted by expr_cmp.
 *   - MUL is n-ary (n >= 2), flattened, at most one NUM child (never 1; a 0 factor makes
 *     the whole product 0), equal bases merged by adding exponents (x * x^2 is x^3,
 *     theta * theta^-2 is theta^-1), children sorted by expr_cmp.
 *   - POW: x^0 = 1, x^1 = x, 1^x = 1, NUM^integer folded exactly, NUM^(p/q) folded when
 *     the root is exact (4^(1/2) = 2), (x^a)^n = x^(a*n) for integer n, (a*b)^n = a^n*b^n
 *     for integer n.
 *   - Division is multiplication by ^-1; subtraction is addition of -1 * term.
 *   - sqrt(x) is x^(1/2); digamma(x) is polygamma(0, x); trigamma(x) is polygamma(1, x).
 *     (Their FN codes exist only as names for expr_fn(); no node carries them.)
 *   - Functions of numbers fold only where the result is exact: exp(0) = 1, log(1) = 0,
 *     abs/sign of a NUM, delta of two NUMs. log(exp(x)) = x, exp(log(x)) = x.
 *
 * Symbols: a scalar symbol is an index into the context's symbol table (expr_sym_new).
 * Vectors are ranges of consecutive symbols registered with expr_vec_new; an element
 * indexed by a non-constant expression (w[k] with k a data variable) is an INDEX node.
 */
#ifndef FIMC_EXPR_H
#define FIMC_EXPR_H

#include <gmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "functions.h"
#include "util.h"

typedef enum expr_kind {
    EXPR_NUM,   /* exact rational: q */
    EXPR_CONST, /* built-in constant: cst */
    EXPR_SYM,   /* scalar symbol: sym */
    EXPR_INDEX, /* vector element, non-constant index: vec, args[0] the index */
    EXPR_FN,    /* function: fn, args[0..nargs) */
    EXPR_POW,   /* args[0] ^ args[1] */
    EXPR_MUL,   /* product of args[0..nargs), nargs >= 2 */
    EXPR_ADD,   /* sum of args[0..nargs), nargs >= 2 */
} expr_kind;

typedef enum expr_cst {
    CST_PI,
    CST_EULER, /* the Euler–Mascheroni constant */
} expr_cst;

/* Functions of the language, from the table in functions.h. FN_SQRT, FN_DIGAMMA and
 * FN_TRIGAMMA are names only: expr_fn rewrites them (see above), so no node has those
 * codes. */
#define FN_ENUM_(id, name, arity, op, latex, range) FN_##id,
typedef enum expr_fn_id { FIMC_FUNCTIONS(FN_ENUM_) FN_COUNT } expr_fn_id;
#undef FN_ENUM_

/* The function table (functions.h): one entry a code. */
typedef struct expr_fn_info {
    const char *name;  /* in the language */
    int arity;         /* number of arguments */
    int op;            /* enum fimrt_op: the runtime op that evaluates it */
    const char *latex; /* LaTeX operator, or NULL (print_latex.c) */
    fn_range range;    /* its interval rule's class (sym/range.c) */
} expr_fn_info;

extern const expr_fn_info expr_fn_table[FN_COUNT];

/* Look a function up by name; returns its code or -1. */
int expr_fn_lookup(const char *name);

typedef struct expr expr;
struct expr {
    uint8_t kind; /* expr_kind */
    uint8_t fn;   /* EXPR_FN: expr_fn_id */
    uint8_t cst;  /* EXPR_CONST: expr_cst */
    uint32_t nargs;
    uint32_t id;   /* creation serial number; unique in the context, not an ordering */
    uint64_t hash; /* structural hash */
    int32_t sym;   /* EXPR_SYM: symbol index; EXPR_INDEX: vector index */
    mpq_t q;       /* EXPR_NUM only (cleared by expr_ctx_free) */
    expr *args[];  /* children */
};

/* Kinds of symbol. The core only uses them for ordering (see expr_cmp) and printing. */
typedef enum expr_sym_kind {
    SYM_CONST,
    SYM_DATA,
    SYM_INPUT,
    SYM_PARAM,
    SYM_LET,   /* a named subexpression kept by name (for printing the model unexpanded) */
    SYM_LOCAL, /* anything else a client needs (e.g. a bound variable) */
} expr_sym_kind;

typedef struct expr_sym_info {
    char *name;  /* printed name: "theta", "w[2]" (owned by the context) */
    int kind;    /* expr_sym_kind */
    int vec;     /* vector this symbol is an element of, or -1 */
    int index;   /* 1-based element index within vec, or 0 for a scalar */
    void *owner; /* client data (e.g. the declaration); not touched by the core */
} expr_sym_info;

typedef struct expr_vec_info {
    char *name;    /* base name: "w" (owned by the context) */
    int kind;      /* expr_sym_kind of its elements */
    int first_sym; /* element i (1-based) is symbol first_sym + i - 1 */
    int len;
} expr_vec_info;

typedef struct expr_ctx expr_ctx;

expr_ctx *expr_ctx_new(void);
void expr_ctx_free(expr_ctx *ctx);

/* Symbols. Names are copied. Symbols are ordered by their index (declaration order). */
int expr_sym_new(expr_ctx *ctx, const char *name, expr_sym_kind kind, void *owner);
/* Registers `len` new consecutive symbols named "name[1]".."name[len]" and the vector. */
int expr_vec_new(expr_ctx *ctx, const char *name, expr_sym_kind kind, int len, void *owner);
const expr_sym_info *expr_sym_get(const expr_ctx *ctx, int sym);
const expr_vec_info *expr_vec_get(const expr_ctx *ctx, int vec);
int expr_sym_count(const expr_ctx *ctx);

/* Leaves. */
expr *expr_num(expr_ctx *ctx, const mpq_t q);
expr *expr_int(expr_ctx *ctx, long n);
expr *expr_frac(expr_ctx *ctx, long num, unsigned long den); /* den > 0 */
/* An exact number from a decimal literal such as "10", "0.3", "1e-3", "2.5e2".
 * Returns NULL if the text is not such a literal. */
expr *expr_num_decimal(expr_ctx *ctx, const char *text);
expr *expr_const(expr_ctx *ctx, expr_cst c);
expr *expr_sym(expr_ctx *ctx, int sym);
/* v[idx]: a SYM node when idx is an integer NUM in 1..len (the element symbol), otherwise
 * an INDEX node. (Range errors are the caller's to report before calling.) */
expr *expr_index(expr_ctx *ctx, int vec, expr *idx);

/* Interior nodes. Arrays are not retained. */
expr *expr_add(expr_ctx *ctx, size_t n, expr *const *terms);
expr *expr_mul(expr_ctx *ctx, size_t n, expr *const *factors);
expr *expr_add2(expr_ctx *ctx, expr *a, expr *b);
expr *expr_sub(expr_ctx *ctx, expr *a, expr *b);
expr *expr_neg(expr_ctx *ctx, expr *a);
/* -a with the sign taken into a sum's terms: -(u - v) is built as v - u (the same value
 * as expr_neg, a different node when a is a sum). */
expr *expr_neg_terms(expr_ctx *ctx, expr *a);
expr *expr_mul2(expr_ctx *ctx, expr *a, expr *b);
expr *expr_div(expr_ctx *ctx, expr *a, expr *b);
expr *expr_pow(expr_ctx *ctx, expr *base, expr *exponent);
expr *expr_powi(expr_ctx *ctx, expr *base, long n);
/* f(args): nargs must equal the function's arity (the caller reports arity errors). */
expr *expr_fn(expr_ctx *ctx, expr_fn_id f, size_t nargs, expr *const *args);
expr *expr_fn1(expr_ctx *ctx, expr_fn_id f, expr *a);
expr *expr_fn2(expr_ctx *ctx, expr_fn_id f, expr *a, expr *b);

/* Predicates and accessors. */
bool expr_is_num(const expr *e);
bool expr_is_zero(const expr *e);
bool expr_is_one(const expr *e);
bool expr_is_integer(const expr *e); /* a NUM with denominator 1 */

/* The canonical total order: deterministic, independent of construction order and of
 * addresses; 0 exactly when a == b. Negative when a sorts before b. */
int expr_cmp(const expr *a, const expr *b);

/* Substitution: replace symbol syms[i] by vals[i] everywhere in e (memoised per call, so
 * the cost is linear in the DAG). Returns the rebuilt, canonical expression. */
expr *expr_subst(expr_ctx *ctx, expr *e, size_t n, const int *syms, expr *const *vals);

/* Does e mention symbol `sym` (or, for INDEX nodes, any element of its vector)? */
bool expr_has_sym(const expr_ctx *ctx, const expr *e, int sym);
/* Does e mention any symbol of the given kind? */
bool expr_has_kind(const expr_ctx *ctx, const expr *e, expr_sym_kind kind);

/* Number of distinct nodes in the DAG under e (each shared node counted once). */
size_t expr_dag_size(const expr *e);
/* Number of distinct nodes the context holds. */
size_t expr_ctx_size(const expr_ctx *ctx);

/* Printing in the model language (compiler/print_expr.c): minimal parentheses, canonical
 * order, terms with a positive sign first in a sum, products with negative powers printed
 * as divisions (n/(theta*(1 - theta))), x^(1/2) as sqrt(x), polygamma(0, x) as digamma(x)
 * and polygamma(1, x) as trigamma(x), rationals as 1/3. The text re-parses to the same
 * node. */
void expr_print(strbuf *sb, const expr_ctx *ctx, const expr *e);
char *expr_to_string(const expr_ctx *ctx, const expr *e); /* caller frees */

#endif
