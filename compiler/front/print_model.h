/* compiler/front/print_model.h — the model back in its own language, and as JSON. */
#ifndef FIMC_PRINT_MODEL_H
#define FIMC_PRINT_MODEL_H

#include <stdbool.h>

#include "model.h"
#include "util.h"

/* Canonical text: one statement a line, declarations in order, then the density, the
 * reparams and the claims; with `expand`, lets and distributions are expanded into logp.
 * The text re-parses to the same model. */
void print_model_text(strbuf *sb, const model *m, bool expand);
/* The JSON object of `fimc print --format json` (one line, no trailing newline).
 * "consts" maps each const to its value: values[sym] for a scalar (the symbol of each
 * element for a vector), a string the caller made (an exact rational, or a decimal to
 * the digits verified); "const_exprs" holds them as written. values may be NULL (the
 * expressions as written then stand in "consts" too). */
void print_model_json(strbuf *sb, const model *m, char *const *values);
/* A claim as the language writes it, without the leading "check ". */
void print_claim_text(strbuf *sb, const model *m, const claim *c);
/* A JSON string literal (with quotes) for s. */
void json_string(strbuf *sb, const char *s);
/* An expression as a JSON string (its text in the model language). */
void json_expr(strbuf *sb, const model *m, const expr *e);
/* "params": [names of syms[0..n)] */
void json_params(strbuf *sb, const model *m, const int *syms, int n);
/* A d x d row-major matrix of expressions as nested JSON arrays of strings. */
void json_matrix(strbuf *sb, const model *m, expr *const *a, int d);

#endif
