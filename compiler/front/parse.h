/* compiler/front/parse.h — the front end: source text to syntax tree (grammar/ does the work).
 *
 * The tree belongs to the arena passed in; syntax errors go to the diag_ctx (several per
 * run: the parser recovers at the next statement). */
#ifndef FIMC_PARSE_H
#define FIMC_PARSE_H

#include "ast.h"
#include "diag.h"

typedef enum parse_mode {
    PARSE_MODEL, /* a whole model file */
    PARSE_VALUE, /* one value: an expression or a {v1, v2, ...} list (for -D and --at) */
} parse_mode;

typedef struct parse_ctx {
    ast_arena *arena;
    diag_ctx *diag;
    const src_file *src;
    parse_mode mode;
    ast_file file;     /* PARSE_MODEL: the statements */
    ast *value;        /* PARSE_VALUE: the value */
    const char *last_text; /* text of the last token read (for messages) */
    size_t last_len;
} parse_ctx;

/* Parses pc->src in pc->mode. Returns 0 on success, -1 when errors were reported. */
int parse_run(parse_ctx *pc);

#endif
