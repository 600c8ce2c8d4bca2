/* compiler/core/functions.h — the functions of the language, one table.
 *
 * FIMC_FUNCTIONS(X) is the one list of the language's functions; everything that used to
 * be a switch over them is generated from it or reads expr_fn_table (expr.h):
 *   - the codes FN_<ID> (expr_fn_id, in this order: the order is expr_cmp's order of
 *     function nodes, so new functions are appended at the end);
 *   - the parser's name lookup and arity check (expr_fn_lookup, expr_fn_table[].arity);
 *   - evaluation: the direct evaluator (eval.c), the tape lowering (num/tape.c) and the
 *     interval rules (sym/range.c) all run the function as the runtime op FIMRT_OP_<OP>
 *     through fimrt_op_apply, so that the three agree bit for bit and the MPFR call of a
 *     function is written once, in the runtime's op list (FIMRT_OPS in fimrt.h);
 *   - printing: the name, and the LaTeX operator (print_latex.c);
 *   - the class of its interval rule (sym/range.c).
 * What stays code is what is particular to a function: its derivative rule (sym/diff.c,
 * one case each), the folding and rewriting rules of expr_fn (exp(log(x)) = x,
 * sqrt(x) = x^(1/2)), the LaTeX layouts of its own (|x|, binomials, psi^(k)), the interval
 * rules of class RULE, and sema's checks (polygamma's order, the abs warning).
 *
 * Adding a function: a row here (and, when the runtime has no op for it yet, a row in
 * FIMRT_OPS naming its MPFR call, appended), its derivative rule in diff.c; an interval
 * rule in range.c only when none of the classes fits.
 *
 * Columns: X(ID, name, arity, OP, latex, RANGE)
 *   ID     the code is FN_ID
 *   name   the name in the model language (reserved: no declaration may use it)
 *   arity  the number of arguments
 *   OP     the runtime op that evaluates it (FIMRT_OP_OP); polygamma's order, its first
 *          argument, is the op's imm. sqrt, digamma and trigamma are names only: expr_fn
 *          rewrites them (x^(1/2), polygamma(0, x), polygamma(1, x)) and no node has their
 *          codes; their ops are what they would run as
 *   latex  the LaTeX operator, printed before its arguments in \left( \right); NULL:
 *          \operatorname{name}, or a layout of its own in print_latex.c
 *   RANGE  how range.c encloses it (FN_RANGE_RANGE, below) */
#ifndef FIMC_FUNCTIONS_H
#define FIMC_FUNCTIONS_H

#define FIMC_FUNCTIONS(X)                                                                  \
    X(EXP,        "exp",        1, EXP,        "\\exp",                    UP)             \
    X(LOG,        "log",        1, LOG,        "\\log",                    UP_NONNEG)      \
    X(SQRT,       "sqrt",       1, SQRT,       NULL,                       NONE)           \
    X(LOG1P,      "log1p",      1, LOG1P,      "\\operatorname{log1p}",    RULE)           \
    X(EXPM1,      "expm1",      1, EXPM1,      "\\operatorname{expm1}",    UP)             \
    X(SIN,        "sin",        1, SIN,        "\\sin",                    RULE)           \
    X(COS,        "cos",        1, COS,        "\\cos",                    RULE)           \
    X(TAN,        "tan",        1, TAN,        "\\tan",                    NONE)           \
    X(ATAN,       "atan",       1, ATAN,       "\\arctan",                 UP)             \
    X(SINH,       "sinh",       1, SINH,       "\\sinh",                   UP)             \
    X(COSH,       "cosh",       1, COSH,       "\\cosh",                   RULE)           \
    X(TANH,       "tanh",       1, TANH,       "\\tanh",                   UP)             \
    X(ERF,        "erf",        1, ERF,        "\\operatorname{erf}",      UP)             \
    X(ERFC,       "erfc",       1, ERFC,       "\\operatorname{erfc}",     DOWN)           \
    X(LGAMMA,     "lgamma",     1, LGAMMA,     "\\ln\\Gamma",              RULE)           \
    X(DIGAMMA,    "digamma",    1, POLYGAMMA,  NULL,                       NONE)           \
    X(TRIGAMMA,   "trigamma",   1, POLYGAMMA,  NULL,                       NONE)           \
    X(POLYGAMMA,  "polygamma",  2, POLYGAMMA,  NULL,                       RULE)           \
    X(LBETA,      "lbeta",      2, LBETA,      "\\ln\\mathrm{B}",          RULE)           \
    X(LCHOOSE,    "lchoose",    2, LCHOOSE,    NULL,                       RULE)           \
    X(LFACTORIAL, "lfactorial", 1, LFACTORIAL, NULL,                       RULE)           \
    X(LOGIT,      "logit",      1, LOGIT,      "\\operatorname{logit}",    RULE)           \
    X(EXPIT,      "expit",      1, EXPIT,      "\\operatorname{expit}",    UP_WIDEN)       \
    X(LOG1PEXP,   "log1pexp",   1, LOG1PEXP,   "\\operatorname{log1pexp}", UP_WIDEN)       \
    X(ABS,        "abs",        1, ABS,        NULL,                       RULE)           \
    X(SIGN,       "sign",       1, SIGN,       "\\operatorname{sign}",     RULE)           \
    X(DELTA,      "delta",      2, DELTA,      NULL,                       RULE)           \
    X(CBRT,       "cbrt",       1, CBRT,       NULL,                       UP)             \
    X(LOG2,       "log2",       1, LOG2,       "\\log_2",                  UP_NONNEG)

/* How range.c encloses f(a) over an interval a (RANGE column). The monotone classes call
 * the function's op with directed rounding at the interval's ends. */
typedef enum fn_range {
    FN_RANGE_NONE,      /* nothing known: [-inf, inf] */
    FN_RANGE_UP,        /* non-decreasing on the whole line; the op rounds correctly in
                           every direction (MPFR) */
    FN_RANGE_UP_WIDEN,  /* the same, one more ulp outward (a libfimrt function) */
    FN_RANGE_DOWN,      /* non-increasing on the whole line (MPFR) */
    FN_RANGE_UP_NONNEG, /* non-decreasing on [0, inf], undefined below 0 (log) */
    FN_RANGE_RULE,      /* a rule of its own in range.c */
} fn_range;

#endif
