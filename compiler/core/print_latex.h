/* compiler/core/print_latex.h — LaTeX output of expressions (for `--format latex`). */
#ifndef FIMC_PRINT_LATEX_H
#define FIMC_PRINT_LATEX_H

#include "expr.h"

/* e as LaTeX math (no surrounding $...$). */
void expr_print_latex(strbuf *sb, const expr_ctx *ctx, const expr *e);
/* A symbol name as LaTeX: theta -> \theta, w[2] -> w_{2}, rate -> \mathit{rate}. */
void latex_name(strbuf *sb, const char *name);

#endif
