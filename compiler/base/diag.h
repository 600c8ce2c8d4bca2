/* compiler/base/diag.h — the one way fimc reports errors, warnings and notes.
 *
 * A src_file holds a model's text (owned) and a line map built once. A span is a pair of
 * byte offsets into that text. Messages come out as compilers print them:
 *
 *     FILE:LINE:COL: error: message
 *     <the source line>
 *     <spaces>^
 *
 * LINE and COL are 1-based; COL counts characters (UTF-8 code points), a tab as one.
 * diag_* functions record counts so a command can pick its exit status from fimc_exit. */
#ifndef FIMC_DIAG_H
#define FIMC_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* Exit statuses of the command line (LANGUAGE.md §4). */
typedef enum fimc_exit {
    FIMC_EXIT_OK = 0,      /* success */
    FIMC_EXIT_FAILED = 1,  /* a claim or a cross-check failed */
    FIMC_EXIT_USAGE = 2,   /* usage error, or an error in the model */
    FIMC_EXIT_NUMERIC = 3, /* numerical failure: no convergence, outside the domain, singular */
} fimc_exit;

typedef struct span {
    unsigned start, end; /* byte offsets, end exclusive */
} span;

typedef struct src_file {
    char *name;    /* as given on the command line; "<stdin>" for - */
    char *text;    /* NUL-terminated, owned */
    size_t len;
    size_t *lines; /* byte offset of each line start */
    size_t nlines;
} src_file;

/* Takes ownership of text (malloc'd, NUL-terminated, len bytes). */
src_file *src_new(const char *name, char *text, size_t len);
/* Reads a file (or standard input when path is "-"); NULL with errno set on failure. */
src_file *src_read(const char *path);
void src_free(src_file *src);
/* 1-based line and column (in characters) of a byte offset. */
void src_locate(const src_file *src, unsigned off, unsigned *line, unsigned *col);

typedef struct diag_ctx {
    FILE *out;          /* where messages go (stderr) */
    const src_file *src;
    int nerrors;
    int nwarnings;
    int max_errors;     /* stop reporting after this many (0: no limit) */
} diag_ctx;

void diag_init(diag_ctx *d, FILE *out, const src_file *src);
void diag_error(diag_ctx *d, span sp, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void diag_warning(diag_ctx *d, span sp, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void diag_note(diag_ctx *d, span sp, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void diag_verror(diag_ctx *d, span sp, const char *fmt, va_list ap);
/* A message with no source position: "fimc: error: message". */
void diag_plain_error(diag_ctx *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag_plain_warning(diag_ctx *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Has the error limit been reached? (Further errors are counted but not printed.) */
int diag_full(const diag_ctx *d);

#endif
