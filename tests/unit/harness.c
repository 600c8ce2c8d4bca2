/* tests/unit/harness.c — see harness.h. */
#define _GNU_SOURCE /* open_memstream */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include "print_model.h"

static const char *keep(fx *f, char *s)
{
    pv_push(&f->keep, s);
    return s;
}

static fx *fx_new(const char *text, parse_mode mode)
{
    fx *f = xcalloc(1, sizeof *f);
    size_t len = strlen(text);
    f->src = src_new(FX_FILE, xstrndup(text, len), len);
    f->out = open_memstream(&f->buf, &f->buflen);
    if (!f->out)
        abort();
    diag_init(&f->diag, f->out, f->src);
    f->pc.arena = &f->arena;
    f->pc.diag = &f->diag;
    f->pc.src = f->src;
    f->pc.mode = mode;
    f->parse_rc = parse_run(&f->pc);
    return f;
}

fx *fx_parse(const char *text)
{
    return fx_new(text, PARSE_MODEL);
}

fx *fx_value(const char *text)
{
    return fx_new(text, PARSE_VALUE);
}

static void run_sema(fx *f)
{
    f->analysed = true;
    f->m = sema_analyse(&f->pc.file, &f->diag, FX_STEM, f->ov, f->nov);
}

fx *fx_analyse(const char *text)
{
    fx *f = fx_parse(text);
    if (f->parse_rc == 0)
        run_sema(f);
    return f;
}

fx *fx_analyse_always(const char *text)
{
    fx *f = fx_parse(text);
    run_sema(f);
    return f;
}

fx *fx_analyse_D(const char *text, int ndefs, const char *const *defs)
{
    fx *f = fx_parse(text);
    f->ov = xcalloc((size_t)ndefs + 1, sizeof *f->ov);
    bool ok = f->parse_rc == 0;
    for (int i = 0; i < ndefs; i++) {
        const char *eq = strchr(defs[i], '=');
        if (!eq)
            abort();
        sema_override *ov = &f->ov[f->nov++];
        ov->name = xstrndup(defs[i], (size_t)(eq - defs[i]));
        strbuf label = {0};
        sb_printf(&label, "<-D %s>", ov->name);
        ov->src = src_new(sb_str(&label), xstrdup(eq + 1), strlen(eq + 1));
        sb_free(&label);
        /* Parsed as fimc's main.c does: its own diag_ctx, same output, errors added up. */
        diag_ctx dd;
        diag_init(&dd, f->out, ov->src);
        parse_ctx pc = {.arena = &f->arena, .diag = &dd, .src = ov->src, .mode = PARSE_VALUE};
        if (parse_run(&pc) != 0 || !pc.value)
            ok = false;
        ov->value = pc.value;
        f->diag.nerrors += dd.nerrors;
        pv_free(&pc.file.stmts);
    }
    if (ok)
        run_sema(f);
    return f;
}

void fx_free(fx *f)
{
    if (!f)
        return;
    model_free(f->m);
    pv_free(&f->pc.file.stmts);
    ast_arena_free(&f->arena);
    for (int i = 0; i < f->nov; i++) {
        free(f->ov[i].name);
        src_free(f->ov[i].src);
    }
    free(f->ov);
    src_free(f->src);
    fclose(f->out);
    free(f->buf);
    for (size_t i = 0; i < f->keep.n; i++)
        free(f->keep.v[i]);
    pv_free(&f->keep);
    free(f);
}

const char *fx_diags(fx *f)
{
    fflush(f->out);
    return f->buf ? f->buf : "";
}

int fx_nerrors(const fx *f)
{
    return f->diag.nerrors;
}

/* Is the line starting at p a message header (not a source line or a caret line)? */
static bool is_header(const char *p, size_t n)
{
    static const char *const marks[] = {": error: ", ": warning: ", ": note: "};
    if (n >= 6 && strncmp(p, "fimc: ", 6) == 0)
        return true;
    /* FILE:LINE:COL: kind: — the file is t.fim or <-D NAME>. */
    if (!((n >= strlen(FX_FILE) + 1 && strncmp(p, FX_FILE ":", strlen(FX_FILE) + 1) == 0) ||
          (n >= 4 && strncmp(p, "<-D ", 4) == 0)))
        return false;
    for (size_t i = 0; i < ARRAY_LEN(marks); i++) {
        const char *hit = memmem(p, n, marks[i], strlen(marks[i]));
        if (hit)
            return true;
    }
    return false;
}

/* Header lines of the diagnostics, in order. */
static int headers(fx *f, int want, const char **out)
{
    const char *p = fx_diags(f);
    int k = 0;
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (is_header(p, n)) {
            if (k == want) {
                *out = keep(f, xstrndup(p, n));
                return k + 1;
            }
            k++;
        }
        p += n + (e ? 1 : 0);
    }
    return k;
}

const char *fx_msg(fx *f, int i)
{
    const char *s = NULL;
    headers(f, i, &s);
    return s;
}

int fx_nmsgs(fx *f)
{
    const char *s = NULL;
    return headers(f, -1, &s);
}

ast *fx_stmt(const fx *f, size_t i)
{
    return i < f->pc.file.stmts.n ? f->pc.file.stmts.v[i] : NULL;
}

size_t fx_nstmts(const fx *f)
{
    return f->pc.file.stmts.n;
}

const char *fx_span_text(fx *f, span sp)
{
    if (sp.end < sp.start || sp.end > f->src->len)
        return keep(f, xstrdup("<bad span>"));
    return keep(f, xstrndup(f->src->text + sp.start, sp.end - sp.start));
}

void fx_span_loc(const fx *f, span sp, unsigned *line, unsigned *col)
{
    src_locate(f->src, sp.start, line, col);
}

static void sexpr(strbuf *sb, const ast *a);

static void sexpr_kids(strbuf *sb, const ast *a, int from)
{
    for (int i = from; i < a->nkids; i++) {
        sb_putc(sb, ' ');
        sexpr(sb, a->kids[i]);
    }
}

static void sexpr(strbuf *sb, const ast *a)
{
    static const char *const ends[] = {"open-open", "closed-open", "open-closed", "closed-closed"};
    if (!a) {
        sb_puts(sb, "<null>");
        return;
    }
    switch (a->kind) {
    case AST_NUM:
    case AST_NAME:
        sb_puts(sb, a->text);
        return;
    case AST_STRING:
        sb_printf(sb, "\"%s\"", a->text);
        return;
    case AST_INF:
        sb_puts(sb, a->flag ? "-inf" : "inf");
        return;
    case AST_DOM_REAL:
        sb_puts(sb, a->text);
        return;
    case AST_CALL: sb_printf(sb, "(call %s", a->text); break;
    case AST_INDEX: sb_printf(sb, "(index %s", a->text); break;
    case AST_NEG: sb_puts(sb, "(neg"); break;
    case AST_ADD: sb_puts(sb, "(+"); break;
    case AST_SUB: sb_puts(sb, "(-"); break;
    case AST_MUL: sb_puts(sb, "(*"); break;
    case AST_DIV: sb_puts(sb, "(/"); break;
    case AST_POW: sb_puts(sb, "(^"); break;
    case AST_SUM: sb_printf(sb, "(sum %s", a->text); break;
    case AST_PROD: sb_printf(sb, "(prod %s", a->text); break;
    case AST_LIST: sb_puts(sb, "(list"); break;
    case AST_DOM_INTERVAL: sb_printf(sb, "(interval %s", ends[a->flag & 3]); break;
    case AST_DOM_RANGE: sb_puts(sb, "(range"); break;
    case AST_DOM_SET: sb_puts(sb, "(set"); break;
    case AST_MODEL: sb_printf(sb, "(model %s", a->text); break;
    case AST_CONST: sb_printf(sb, "(const %s", a->text); break;
    case AST_PARAM: sb_printf(sb, "(param %s", a->text); break;
    case AST_DATA: sb_printf(sb, "(data %s", a->text); break;
    case AST_INPUT: sb_printf(sb, "(input %s", a->text); break;
    case AST_LET: sb_printf(sb, "(let %s", a->text); break;
    case AST_LOGP: sb_puts(sb, "(logp"); break;
    case AST_TILDE: sb_puts(sb, "(~"); break;
    case AST_REPARAM: sb_printf(sb, "(reparam %s", a->text); break;
    case AST_NEWPARAM: sb_printf(sb, "(newparam %s", a->text); break;
    case AST_ASSIGN: sb_puts(sb, "(="); break;
    case AST_CHECK:
        sb_puts(sb, "(check ");
        if (a->str2)
            sb_printf(sb, "%s.", a->str2);
        sb_puts(sb, a->text);
        if (a->flag == CHECK_EQ || a->flag == CHECK_PROP) {
            /* E[arg] == v: the argument first, then the operator and the value. */
            int from = 0;
            if (a->nkids == 2) {
                sb_putc(sb, ' ');
                sexpr(sb, a->kids[0]);
                from = 1;
            }
            sb_puts(sb, a->flag == CHECK_EQ ? " ==" : " ~");
            sexpr_kids(sb, a, from);
        } else {
            sexpr_kids(sb, a, 0);
        }
        sb_putc(sb, ')');
        return;
    }
    sexpr_kids(sb, a, 0);
    sb_putc(sb, ')');
}

const char *fx_sexpr(fx *f, const ast *a)
{
    strbuf sb = {0};
    sexpr(&sb, a);
    return keep(f, sb_take(&sb));
}

const char *fx_print(fx *f, bool expand)
{
    if (!f->m)
        return NULL;
    strbuf sb = {0};
    print_model_text(&sb, f->m, expand);
    return keep(f, sb_take(&sb));
}

const char *fx_str(fx *f, const expr *e)
{
    if (!f->m || !e)
        return NULL;
    return keep(f, expr_to_string(f->m->ex, e));
}

const char *fx_logp(fx *f)
{
    return f->m ? fx_str(f, f->m->logp) : NULL;
}

const char *fx_logp_src(fx *f)
{
    return f->m ? fx_str(f, f->m->logp_src) : NULL;
}

decl *fx_decl(const fx *f, const char *name)
{
    if (!f->m)
        return NULL;
    for (int i = 0; i < f->m->ndecls; i++)
        if (strcmp(f->m->decls[i]->name, name) == 0)
            return f->m->decls[i];
    return NULL;
}

int fx_sym(const fx *f, const char *name)
{
    if (!f->m)
        return -1;
    int n = expr_sym_count(f->m->ex);
    for (int i = 0; i < n; i++)
        if (strcmp(expr_sym_get(f->m->ex, i)->name, name) == 0)
            return i;
    return -1;
}

const char *fx_const_value(fx *f, const char *name)
{
    int s = fx_sym(f, name);
    if (s < 0 || !f->m->closed[s])
        return NULL;
    return fx_str(f, f->m->closed[s]);
}

const char *fx_coords(fx *f, int ri)
{
    if (!f->m || ri < 0 || ri >= f->m->nreparams)
        return NULL;
    const model_reparam *rp = f->m->reparams[ri];
    strbuf sb = {0};
    for (int i = 0; i < rp->ncoords; i++) {
        if (i)
            sb_puts(&sb, ", ");
        sb_puts(&sb, expr_sym_get(f->m->ex, rp->coords[i])->name);
    }
    return keep(f, sb_take(&sb));
}

const char *fx_claim(fx *f, int i)
{
    const char *p = fx_print(f, false);
    if (!p)
        return NULL;
    int k = 0;
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n > 6 && strncmp(p, "check ", 6) == 0 && k++ == i)
            return keep(f, xstrndup(p + 6, n - 6));
        p += n + (e ? 1 : 0);
    }
    return NULL;
}
