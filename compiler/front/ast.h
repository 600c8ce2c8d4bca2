/* compiler/front/ast.h — the syntax tree the parser builds: one node type, every node with its
 * source span. No analysis happens here; compiler/sema.c gives the tree its meaning.
 *
 * Ownership: nodes, their child arrays and every string they point to belong to the
 * ast_arena that made them (strings via ast_intern); ast_arena_free releases everything. */
#ifndef FIMC_AST_H
#define FIMC_AST_H

#include "diag.h"
#include "util.h"

typedef enum ast_kind {
    /* expressions */
    AST_NUM,    /* text: the literal */
    AST_NAME,   /* text: identifier (also pi, euler) */
    AST_CALL,   /* text: function or distribution name; kids: arguments */
    AST_INDEX,  /* text: vector name; kids[0]: index */
    AST_NEG,    /* kids[0] */
    AST_ADD,    /* kids[0] + kids[1] */
    AST_SUB,
    AST_MUL,
    AST_DIV,
    AST_POW,
    AST_SUM,    /* text: bound name; kids: from, to, body */
    AST_PROD,
    AST_LIST,   /* {a, b, ...} or [a, b, ...]: kids */
    AST_INF,    /* inf (flag 1: -inf) */
    /* domains and supports */
    AST_DOM_REAL,     /* R or real (text) */
    AST_DOM_INTERVAL, /* kids: lo, hi; flag: bit 0 lo closed, bit 1 hi closed */
    AST_DOM_RANGE,    /* {lo..hi}: kids lo, hi (hi may be AST_INF) */
    AST_DOM_SET,      /* {a, b, ...}: kids */
    /* statements */
    AST_MODEL,   /* text: name; kids[0]: title (AST_STRING) or absent */
    AST_STRING,  /* text: contents without quotes */
    AST_CONST,   /* text: name; kids[0]: value (expression or AST_LIST) */
    AST_PARAM,   /* text: name; kids: domain, size (or absent) */
    AST_DATA,    /* text: name; kids: support, size (or absent) */
    AST_INPUT,   /* text: name; kids[0]: AST_LIST of values, or absent */
    AST_LET,     /* text: name; kids[0]: expression */
    AST_LOGP,    /* kids[0]: expression */
    AST_TILDE,   /* kids[0]: AST_NAME or AST_INDEX (the data), kids[1]: AST_CALL */
    AST_REPARAM, /* text: name; kids[0]: AST_LIST of AST_NEWPARAM, kids[1]: AST_LIST of AST_ASSIGN */
    AST_NEWPARAM,/* text: name; kids[0]: domain */
    AST_ASSIGN,  /* kids[0]: AST_NAME or AST_INDEX target, kids[1]: expression */
    AST_CHECK,   /* text: the claim word (fim, jeffreys, score, hessian, expfam, E, Var);
                    str2: reparam name or NULL; flag: CHECK_EQ or CHECK_PROP;
                    kids: [argument of E/Var], value */
} ast_kind;

enum { CHECK_NONE = 0, CHECK_EQ = 1, CHECK_PROP = 2 };

typedef struct ast ast;
struct ast {
    ast_kind kind;
    span sp;
    char *text;
    char *str2;
    int flag;
    int nkids;
    ast **kids;
};

typedef struct ast_arena {
    ptrvec nodes;
    ptrvec strings;
} ast_arena;

/* A copy of s[0..n) owned by the arena. */
char *ast_intern(ast_arena *A, const char *s, size_t n);

ast *ast_new(ast_arena *A, ast_kind kind, span sp, const char *text, int nkids, ...);
/* Appends a child (for lists built left to right). */
ast *ast_append(ast_arena *A, ast *list, ast *kid);
void ast_arena_free(ast_arena *A);
span span_join(span a, span b);

/* The whole file: a list of statements. */
typedef struct ast_file {
    ptrvec stmts;
} ast_file;

#endif
