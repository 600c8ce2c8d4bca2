/* compiler/base/util.h — small utilities shared by every stage of the compiler.
 *
 * Ownership: xmalloc/xcalloc/xrealloc/xstrdup abort on out-of-memory (the compiler has no
 * meaningful recovery from it); the caller frees what they return with free().
 * A strbuf owns its buffer; sb_free releases it, sb_take hands it to the caller. */
#ifndef FIMC_UTIL_H
#define FIMC_UTIL_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* A growable NUL-terminated string. Zero-initialise ({0}) before use. */
typedef struct strbuf {
    char *s;
    size_t len, cap;
} strbuf;

void sb_putc(strbuf *sb, char c);
void sb_puts(strbuf *sb, const char *s);
void sb_putn(strbuf *sb, const char *s, size_t n);
void sb_printf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(strbuf *sb, const char *fmt, va_list ap);
const char *sb_str(strbuf *sb); /* never NULL: "" when empty */
char *sb_take(strbuf *sb);      /* caller owns the result; sb is reset */
void sb_reset(strbuf *sb);      /* len = 0, keeps the buffer */
void sb_free(strbuf *sb);

/* A growable array of pointers. Zero-initialise before use. */
typedef struct ptrvec {
    void **v;
    size_t n, cap;
} ptrvec;

void pv_push(ptrvec *pv, void *p);
void pv_free(ptrvec *pv); /* frees the array, not the elements */

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
