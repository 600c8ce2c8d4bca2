/* tests/unit/harness.h — the front end (lexer, parser, sema) driven from C strings, for the
 * Check tests check_lexer.c, check_parser.c and check_sema.c.
 *
 * A fixture (fx) owns everything one run makes: the source (named "t.fim"), the syntax-tree
 * arena, the statement list, the analysed model (or NULL), the -D overrides and their
 * sources, and the diagnostics, which go to a memory buffer (open_memstream) so a test can
 * assert their exact text. Strings a helper returns (prints, messages) belong to the
 * fixture too and stay valid until fx_free. The lexer is reachable only through the parser
 * (reentrant flex with a bison bridge), so lexical behaviour is tested through parse
 * results: node spans, literal texts, the numbers sema makes of them, diagnostics. */
#ifndef FIMC_TEST_HARNESS_H
#define FIMC_TEST_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ast.h"
#include "diag.h"
#include "model.h"
#include "parse.h"
#include "sema.h"
#include "util.h"

/* The name every test source gets, and the default model name sema is given (its stem). */
#define FX_FILE "t.fim"
#define FX_STEM "t"

typedef struct fx {
    src_file *src;
    ast_arena arena;
    parse_ctx pc;
    diag_ctx diag;
    FILE *out;        /* the memstream behind diag.out */
    char *buf;        /* its buffer */
    size_t buflen;
    int parse_rc;     /* parse_run's result (0 ok, -1 errors) */
    bool analysed;    /* sema_analyse was run */
    model *m;         /* the model, NULL when not analysed or when sema reported errors */
    sema_override *ov;
    int nov;
    ptrvec keep;      /* strings handed out by helpers, freed by fx_free */
} fx;

/* Parses `text` as a model file (PARSE_MODEL); no analysis. */
fx *fx_parse(const char *text);
/* Parses and, when parsing succeeded (as the command line does), analyses. */
fx *fx_analyse(const char *text);
/* Like fx_analyse, with -D overrides: each defs[i] is "NAME=VALUE"; VALUE is parsed in
 * PARSE_VALUE mode in a source of its own named "<-D NAME>" (as fimc's main.c names it). */
fx *fx_analyse_D(const char *text, int ndefs, const char *const *defs);
/* Analyses even when parsing reported errors (sema on the recovered statements). */
fx *fx_analyse_always(const char *text);
/* Parses `text` in PARSE_VALUE mode (an expression or {v1, v2, ...}); the value is
 * f->pc.value. */
fx *fx_value(const char *text);
void fx_free(fx *f);

/* Everything written to the diagnostics so far. */
const char *fx_diags(fx *f);
/* The errors counted (parse and sema). */
int fx_nerrors(const fx *f);
/* The i-th header line of the diagnostics ("t.fim:2:7: error: ..." or "... note: ..." or
 * "fimc: error: ..."), without the source line and caret; NULL when there are fewer. */
const char *fx_msg(fx *f, int i);
/* The number of such header lines. */
int fx_nmsgs(fx *f);

/* The i-th statement of the parsed file (NULL when out of range) and their number. */
ast *fx_stmt(const fx *f, size_t i);
size_t fx_nstmts(const fx *f);
/* The source text a span covers. */
const char *fx_span_text(fx *f, span sp);
/* The 1-based line and column of a span's start. */
void fx_span_loc(const fx *f, span sp, unsigned *line, unsigned *col);
/* The tree as an S-expression: numbers and names as written, (+ a b), (neg a), (^ a b),
 * (call f a b), (index w i), (sum i lo hi body), (list ...), inf, -inf, and for domains
 * R, (interval open-open lo hi) [open-open, closed-open, open-closed, closed-closed],
 * (range lo hi), (set ...); statements (model name ["title"]), (const n v), (param n dom
 * [size]), (data n dom [size]), (input n [values]), (let n e), (logp e), (~ target call),
 * (reparam n (list (newparam p dom) ...) (list (= target e) ...)), (check [R.]word [== | ~]
 * [arg] [value]). */
const char *fx_sexpr(fx *f, const ast *a);

/* The canonical text of the model (print_model_text). */
const char *fx_print(fx *f, bool expand);
/* An expression of the model printed with expr_to_string. */
const char *fx_str(fx *f, const expr *e);
/* The expanded log-density, and the one as written (NULL for '~' models). */
const char *fx_logp(fx *f);
const char *fx_logp_src(fx *f);
/* The declaration named `name` (model's own), or NULL. */
decl *fx_decl(const fx *f, const char *name);
/* The symbol printed as `name` ("theta", "w[2]", a reparam's "tau"), or -1. */
int fx_sym(const fx *f, const char *name);
/* A const's closed value (every const substituted) printed, by symbol name. */
const char *fx_const_value(fx *f, const char *name);
/* The printed names of a reparam's coordinates, joined with ", ". */
const char *fx_coords(fx *f, int ri);
/* The i-th claim as the canonical print writes it, without the leading "check ". */
const char *fx_claim(fx *f, int i);

#endif
