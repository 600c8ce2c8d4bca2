/* compiler/base/diag.c — source files, line maps and the diagnostic printer. */
#include "diag.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

src_file *src_new(const char *name, char *text, size_t len)
{
    src_file *src = xcalloc(1, sizeof *src);
    src->name = xstrdup(name);
    src->text = text;
    src->len = len;
    size_t cap = 64;
    src->lines = xmalloc(cap * sizeof *src->lines);
    src->lines[src->nlines++] = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\n' && i + 1 <= len) {
            if (src->nlines == cap) {
                cap *= 2;
                src->lines = xrealloc(src->lines, cap * sizeof *src->lines);
            }
            src->lines[src->nlines++] = i + 1;
        }
    }
    return src;
}

src_file *src_read(const char *path)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f)
        return NULL;
    strbuf sb = {0};
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        sb_putn(&sb, buf, n);
    int err = ferror(f);
    if (!is_stdin)
        fclose(f);
    if (err) {
        sb_free(&sb);
        errno = EIO;
        return NULL;
    }
    size_t len = sb.len;
    char *text = sb_take(&sb);
    if (memchr(text, '\0', len)) {
        /* A NUL byte would end the text early: treat as unreadable. */
        free(text);
        errno = EILSEQ;
        return NULL;
    }
    return src_new(is_stdin ? "<stdin>" : path, text, len);
}

void src_free(src_file *src)
{
    if (!src)
        return;
    free(src->name);
    free(src->text);
    free(src->lines);
    free(src);
}

static size_t line_index(const src_file *src, unsigned off)
{
    size_t lo = 0, hi = src->nlines;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (src->lines[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

void src_locate(const src_file *src, unsigned off, unsigned *line, unsigned *col)
{
    if (off > src->len)
        off = (unsigned)src->len;
    size_t li = line_index(src, off);
    unsigned c = 1;
    for (size_t i = src->lines[li]; i < off; i++)
        if (((unsigned char)src->text[i] & 0xC0) != 0x80) /* count code points */
            c++;
    *line = (unsigned)li + 1;
    *col = c;
}

void diag_init(diag_ctx *d, FILE *out, const src_file *src)
{
    memset(d, 0, sizeof *d);
    d->out = out;
    d->src = src;
    d->max_errors = 20;
}

int diag_full(const diag_ctx *d)
{
    return d->max_errors > 0 && d->nerrors >= d->max_errors;
}

static void emit(diag_ctx *d, span sp, const char *what, const char *fmt, va_list ap)
{
    const src_file *src = d->src;
    if (!src) {
        fprintf(d->out, "fimc: %s: ", what);
        vfprintf(d->out, fmt, ap);
        fputc('\n', d->out);
        return;
    }
    unsigned line, col;
    src_locate(src, sp.start, &line, &col);
    fprintf(d->out, "%s:%u:%u: %s: ", src->name, line, col, what);
    vfprintf(d->out, fmt, ap);
    fputc('\n', d->out);
    /* The source line, then a caret under the column (tabs copied so it lines up). */
    size_t li = line - 1;
    size_t b = src->lines[li], e = b;
    while (e < src->len && src->text[e] != '\n' && src->text[e] != '\r')
        e++;
    fwrite(src->text + b, 1, e - b, d->out);
    fputc('\n', d->out);
    unsigned off = sp.start > src->len ? (unsigned)src->len : sp.start;
    for (size_t i = b; i < off; i++) {
        unsigned char ch = (unsigned char)src->text[i];
        if ((ch & 0xC0) == 0x80)
            continue;
        fputc(ch == '\t' ? '\t' : ' ', d->out);
    }
    fputs("^\n", d->out);
}

void diag_verror(diag_ctx *d, span sp, const char *fmt, va_list ap)
{
    d->nerrors++;
    if (d->max_errors > 0 && d->nerrors > d->max_errors)
        return;
    emit(d, sp, "error", fmt, ap);
    if (d->max_errors > 0 && d->nerrors == d->max_errors)
        fprintf(d->out, "fimc: too many errors; stopping\n");
}

void diag_error(diag_ctx *d, span sp, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_verror(d, sp, fmt, ap);
    va_end(ap);
}

void diag_warning(diag_ctx *d, span sp, const char *fmt, ...)
{
    va_list ap;
    d->nwarnings++;
    va_start(ap, fmt);
    emit(d, sp, "warning", fmt, ap);
    va_end(ap);
}

void diag_note(diag_ctx *d, span sp, const char *fmt, ...)
{
    if (d->max_errors > 0 && d->nerrors > d->max_errors)
        return;
    va_list ap;
    va_start(ap, fmt);
    emit(d, sp, "note", fmt, ap);
    va_end(ap);
}

void diag_plain_error(diag_ctx *d, const char *fmt, ...)
{
    va_list ap;
    d->nerrors++;
    va_start(ap, fmt);
    fputs("fimc: error: ", d->out);
    vfprintf(d->out, fmt, ap);
    fputc('\n', d->out);
    va_end(ap);
}

void diag_plain_warning(diag_ctx *d, const char *fmt, ...)
{
    va_list ap;
    d->nwarnings++;
    va_start(ap, fmt);
    fputs("fimc: warning: ", d->out);
    vfprintf(d->out, fmt, ap);
    fputc('\n', d->out);
    va_end(ap);
}
