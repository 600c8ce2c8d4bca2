/* compiler/front/ast.c — syntax-tree constructors. */
#include "ast.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

ast *ast_new(ast_arena *A, ast_kind kind, span sp, const char *text, int nkids, ...)
{
    ast *n = xcalloc(1, sizeof *n);
    n->kind = kind;
    n->sp = sp;
    n->text = text ? ast_intern(A, text, strlen(text)) : NULL;
    n->nkids = 0;
    n->kids = NULL;
    pv_push(&A->nodes, n);
    va_list ap;
    va_start(ap, nkids);
    for (int i = 0; i < nkids; i++)
        ast_append(A, n, va_arg(ap, ast *));
    va_end(ap);
    return n;
}

ast *ast_append(ast_arena *A, ast *list, ast *kid)
{
    (void)A;
    list->kids = xrealloc(list->kids, (size_t)(list->nkids + 1) * sizeof *list->kids);
    list->kids[list->nkids++] = kid;
    return list;
}

void ast_arena_free(ast_arena *A)
{
    for (size_t i = 0; i < A->nodes.n; i++) {
        ast *n = A->nodes.v[i];
        free(n->kids); /* text and str2 are interned in A->strings */
        free(n);
    }
    pv_free(&A->nodes);
    for (size_t i = 0; i < A->strings.n; i++)
        free(A->strings.v[i]);
    pv_free(&A->strings);
}

char *ast_intern(ast_arena *A, const char *s, size_t n)
{
    char *p = xstrndup(s, n);
    pv_push(&A->strings, p);
    return p;
}

span span_join(span a, span b)
{
    span s = {a.start < b.start ? a.start : b.start, a.end > b.end ? a.end : b.end};
    return s;
}
