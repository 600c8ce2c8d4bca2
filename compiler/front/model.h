/* compiler/front/model.h — an analysed model: what semantic analysis hands to every command.
 *
 * Ownership: a model owns its declarations, statements and claims (model_free releases
 * them). Expressions belong to the model's expr_ctx `ex`, which the model also owns. */
#ifndef FIMC_MODEL_H
#define FIMC_MODEL_H

#include <stdbool.h>

#include "diag.h"
#include "expr.h"

typedef enum dom_kind {
    DOM_REAL,     /* R */
    DOM_INTERVAL, /* (lo, hi), [lo, hi], ... ; lo/hi NULL for -inf/inf */
    DOM_RANGE,    /* integers {lo..hi}; hi NULL for inf */
    DOM_SET,      /* a finite set {a, b, ...} */
} dom_kind;

typedef struct domain {
    dom_kind kind;
    bool lo_closed, hi_closed;
    expr *lo, *hi;   /* as written (consts by name) */
    expr **elems;    /* DOM_SET */
    int nelems;
    span sp;
} domain;

typedef enum decl_kind {
    DECL_CONST,
    DECL_PARAM,
    DECL_DATA,
    DECL_INPUT,
    DECL_LET,
} decl_kind;

typedef struct decl {
    decl_kind kind;
    char *name;
    span sp;          /* the name in the declaration */
    int len;          /* 0 for a scalar, else the number of elements */
    expr *len_expr;   /* the size as written (vectors) */
    int sym;          /* scalar: its symbol; vector: the symbol of element 1 */
    int vec;          /* vector id, or -1 */
    domain dom;       /* PARAM, DATA (and reparam parameters) */
    expr *value;      /* CONST scalar value as written; LET body as written */
    expr **values;    /* CONST vector; INPUT: the values in effect, one per row */
    int nvalues;
    bool has_values;  /* INPUT: it has values (inline, or from a column of --inputs) */
    bool from_csv;    /* INPUT: ... and they came from --inputs (compiler/inputs.c) */
    expr **inline_values; /* INPUT: an inline list that --inputs overrides, as written */
    int ninline;
    int reparam;      /* -1: the model's own; else the reparam that declares it */
    bool overridden;  /* CONST: set by -D */
} decl;

/* Built-in distributions (LANGUAGE.md §2). */
typedef enum dist_id {
    DIST_NORMAL,
    DIST_LOGNORMAL,
    DIST_EXPONENTIAL,
    DIST_GAMMA,
    DIST_BETA,
    DIST_CAUCHY,
    DIST_LOGISTIC,
    DIST_LAPLACE,
    DIST_STUDENT_T,
    DIST_WEIBULL,
    DIST_INVERSE_GAUSSIAN,
    DIST_BERNOULLI,
    DIST_BINOMIAL,
    DIST_POISSON,
    DIST_GEOMETRIC,
    DIST_NEGATIVE_BINOMIAL,
    DIST_CATEGORICAL_LOGIT,
    DIST_COUNT
} dist_id;

typedef struct tilde {
    span sp;         /* the '~' */
    int data_sym;    /* the data variable */
    dist_id dist;
    int nargs;
    expr **args;     /* as written (lets by name); categorical_logit: NULL, see vec */
    int vec;         /* categorical_logit: the parameter vector */
    expr *logp;      /* the expanded log-density term (lets expanded) */
    span arg_sp[3];  /* each argument as written (TILDE_MAX_ARGS: no distribution has more) */
} tilde;
#define TILDE_MAX_ARGS 3

typedef struct model_reparam {
    char *name;
    span sp;
    int nnew;
    decl **news;     /* the new parameters (decl->reparam is this one's index) */
    int nassign;
    int *old_syms;   /* assigned model parameters */
    expr **rhs;      /* their expressions in the new parameters */
    int ncoords;
    int *coords;     /* the coordinate symbols, in order */
} model_reparam;

typedef enum claim_kind {
    CLAIM_FIM,
    CLAIM_JEFFREYS_PROP, /* jeffreys ~ EXPR */
    CLAIM_JEFFREYS_EQ,   /* jeffreys == EXPR */
    CLAIM_SCORE,
    CLAIM_HESSIAN,
    CLAIM_MEAN,          /* E[arg] == rhs */
    CLAIM_VAR,           /* Var[arg] == rhs */
    CLAIM_EXPFAM,
} claim_kind;

typedef struct claim {
    claim_kind kind;
    span sp;
    unsigned line;
    int reparam;     /* -1, or the reparam whose coordinates it speaks of */
    expr *arg;       /* E/Var argument */
    expr *rhs;       /* scalar right-hand side (NULL for matrices/vectors) */
    int rows, cols;  /* matrix (cols > 0) or vector (cols == 0, rows > 0) right-hand side */
    expr **m;        /* rows*cols (or rows) entries, row-major */
} claim;

typedef struct model {
    expr_ctx *ex;
    char *name;
    char *title;      /* NULL when none */
    decl **decls;     /* in declaration order (reparam parameters are not here) */
    int ndecls;
    expr *logp;       /* the log-density, every let and distribution expanded */
    expr *logp_src;   /* `logp = ...` as written, lets by name; NULL for '~' models */
    span logp_sp;     /* the logp statement (empty for '~' models) */
    tilde **tildes;
    int ntildes;
    model_reparam **reparams;
    int nreparams;
    claim **claims;
    int nclaims;
    int *params;      /* parameter symbols, coordinate order */
    int nparams;
    int *data;        /* data symbols, declaration order */
    int ndata;
    int *inputs;
    int ninputs;
    expr **closed;    /* per symbol: a const's value with every const substituted, else NULL */
    int nclosed;      /* entries of closed (symbols made later have none) */
    bool has_abs;     /* abs/sign appear: second derivative not everywhere defined */
    span abs_sp;      /* the first such call */
    const char *abs_name;
} model;

void model_free(model *m);

/* e with every const replaced by its value (m->closed): claims are about the model as
 * configured (with -D), so 10*x and n*x are the same when n = 10. */
expr *model_const_values(const model *m, expr *e);
/* A domain or support as the language writes it. Caller frees. */
char *model_domain_string(const model *m, const domain *dm);
const char *dist_name(dist_id d);
const char *decl_kind_name(decl_kind k); /* "parameter", "data variable", ... */

#endif
