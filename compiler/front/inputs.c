/* compiler/front/inputs.c — covariate rows: inline lists checked, `--inputs FILE.csv` read into
 * the inputs it names. See inputs.h. */
#include "inputs.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "parse.h"
#include "sema.h"
#include "util.h"

/* Enough bits to tell a pole or a NaN from a number (eval reports either as an error). */
#define FINITE_PREC 64

/* What loading needs from the command line. */
typedef struct inputs_req {
    model *model;
    diag_ctx *diag;
    const char *inputs;    /* --inputs FILE.csv, "-" or NULL (or fit's --data FILE.csv) */
    bool model_from_stdin; /* the model was read from "-" */
    data_rows *data;       /* fit --data: the data columns too */
    const char *opt;       /* "--inputs" or "--data", for messages */
} inputs_req;

static decl *input_decl(const model *m, int i)
{
    return expr_sym_get(m->ex, m->inputs[i])->owner;
}

static span at(unsigned off)
{
    return (span){off, off + 1};
}

int model_input_rows(const model *m)
{
    int n = m->ninputs ? -1 : 0;
    for (int i = 0; i < m->ninputs; i++) {
        const decl *dc = input_decl(m, i);
        if (!dc->has_values || (n >= 0 && dc->nvalues != n))
            return -1;
        n = dc->nvalues;
    }
    return n;
}

expr *model_input_value(const model *m, int i, int row)
{
    if (i < 0 || i >= m->ninputs)
        return NULL;
    const decl *dc = input_decl(m, i);
    if (!dc->has_values || row < 0 || row >= dc->nvalues)
        return NULL;
    return dc->values[row];
}

static const char *inputs_name(const inputs_req *c)
{
    return strcmp(c->inputs, "-") == 0 ? "<stdin>" : c->inputs;
}

static int require_rows(inputs_req *c)
{
    model *m = c->model;
    int rc = FIMC_EXIT_OK;
    for (int i = 0; i < m->ninputs; i++) {
        const decl *dc = input_decl(m, i);
        if (!dc->has_values) {
            diag_plain_error(c->diag, "input '%s' has no values: give them inline ({...}) or in "
                                       "a column of --inputs FILE.csv",
                             dc->name);
            rc = FIMC_EXIT_USAGE;
        }
    }
    if (rc != FIMC_EXIT_OK)
        return rc;
    /* sema keeps inline lists in step, and the columns of one CSV have one length, so a
     * difference is between an inline list and a column: say which is which. */
    const decl *first = NULL;
    for (int i = 0; i < m->ninputs; i++) {
        const decl *dc = input_decl(m, i);
        if (!first) {
            first = dc;
            continue;
        }
        if (dc->nvalues == first->nvalues)
            continue;
        strbuf a = {0}, b = {0};
        sb_printf(&a, "%d %svalue%s", dc->nvalues, dc->from_csv ? "" : "inline ",
                  dc->nvalues == 1 ? "" : "s");
        if (dc->from_csv)
            sb_printf(&a, " from %s", inputs_name(c));
        sb_printf(&b, "%d %svalue%s", first->nvalues, first->from_csv ? "" : "inline ",
                  first->nvalues == 1 ? "" : "s");
        if (first->from_csv)
            sb_printf(&b, " from %s", inputs_name(c));
        diag_plain_error(c->diag, "input '%s' has %s but input '%s' has %s (every input has one "
                                   "value per row)",
                         dc->name, sb_str(&a), first->name, sb_str(&b));
        sb_free(&a);
        sb_free(&b);
        return FIMC_EXIT_USAGE;
    }
    return FIMC_EXIT_OK;
}

/* Inline values are constants by construction (sema), but log(0) is one too: each must
 * have a finite value. Reported at the input's name (the values keep no positions). */
static bool check_inline(inputs_req *c, eval_ctx *ev, mpfr_t v)
{
    model *m = c->model;
    bool ok = true;
    for (int i = 0; i < m->ninputs; i++) {
        const decl *dc = input_decl(m, i);
        for (int k = 0; k < dc->nvalues; k++) {
            int st = eval_expr(ev, v, model_const_values(m, dc->values[k]));
            if (st != EVAL_OK) {
                char *s = expr_to_string(m->ex, dc->values[k]);
                diag_error(c->diag, dc->sp, "value %d of input '%s', %s, is not a finite number "
                                             "(%s)",
                           k + 1, dc->name, s, eval_status_str(st));
                free(s);
                ok = false;
                break;
            }
        }
    }
    return ok;
}

/* ---------------------------------------------------------------- the CSV */

typedef struct csv_field {
    unsigned start, end; /* the content: inside the quotes, spaces trimmed */
    unsigned at;         /* where messages about the field point: its first character */
    bool quoted;
} csv_field;

typedef struct loader {
    model *m;
    const src_file *src; /* the CSV */
    diag_ctx d;          /* its messages; counted into c->diag at the end */
    FILE *quiet;         /* where the first, silent reading of a cell writes */
    eval_ctx *ev;
    mpfr_t *v;
    csv_field *f;        /* the fields of the current line */
    int nf, capf;
    data_rows *data;     /* fit --data: the data variables' columns too (else NULL) */
} loader;

static bool is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r';
}

/* Line li of the CSV without its end (the '\n', and a '\r' before it). */
static void line_bounds(const src_file *src, size_t li, unsigned *b, unsigned *e)
{
    size_t s = src->lines[li], t = s;
    while (t < src->len && src->text[t] != '\n')
        t++;
    if (t > s && src->text[t - 1] == '\r')
        t--;
    *b = (unsigned)s;
    *e = (unsigned)t;
}

static bool line_blank(const src_file *src, size_t li)
{
    unsigned b, e;
    line_bounds(src, li, &b, &e);
    while (b < e && is_space(src->text[b]))
        b++;
    return b == e;
}

static void push_field(loader *L, csv_field f)
{
    if (L->nf == L->capf) {
        L->capf = L->capf ? 2 * L->capf : 16;
        L->f = xrealloc(L->f, (size_t)L->capf * sizeof *L->f);
    }
    L->f[L->nf++] = f;
}

/* Splits the line [b, e) into L->f. Returns false after reporting a malformed line. */
static bool split_line(loader *L, unsigned b, unsigned e)
{
    const char *t = L->src->text;
    L->nf = 0;
    unsigned p = b;
    for (;;) {
        while (p < e && is_space(t[p]))
            p++;
        csv_field f = {p, p, p, false};
        if (p < e && t[p] == '"') {
            f.quoted = true;
            unsigned q = p + 1;
            for (;;) {
                if (q >= e) {
                    diag_error(&L->d, at(p), "the quoted field has no closing '\"' on its line");
                    return false;
                }
                if (t[q] == '"' && q + 1 < e && t[q + 1] == '"')
                    q += 2; /* "" is a quote inside the field */
                else if (t[q] == '"')
                    break;
                else
                    q++;
            }
            f.start = p + 1;
            f.end = q;
            p = q + 1;
            while (p < e && is_space(t[p]))
                p++;
            if (p < e && t[p] != ',') {
                diag_error(&L->d, at(p), "text after the closing '\"' of a quoted field");
                return false;
            }
            while (f.start < f.end && is_space(t[f.start]))
                f.start++;
        } else {
            while (p < e && t[p] != ',')
                p++;
            f.end = p;
        }
        while (f.end > f.start && is_space(t[f.end - 1]))
            f.end--;
        push_field(L, f);
        if (p >= e)
            return true;
        unsigned comma = p++, r = p;
        while (r < e && is_space(t[r]))
            r++;
        if (r >= e) {
            diag_error(&L->d, at(comma), "a trailing comma: the line ends with ','");
            return false;
        }
    }
}

/* A field's text (in a quoted field, "" read as "). Caller frees. */
static char *field_text(const loader *L, const csv_field *f)
{
    const char *t = L->src->text;
    char *s = xmalloc(f->end - f->start + 1);
    size_t n = 0;
    for (unsigned i = f->start; i < f->end; i++) {
        s[n++] = t[i];
        if (f->quoted && t[i] == '"' && i + 1 < f->end && t[i + 1] == '"')
            i++;
    }
    s[n] = '\0';
    return s;
}

/* Parses and analyses one value in `text` as an --at value is read; NULL when d got an
 * error or the value is a {...} list (*list is set then, nothing reported). */
static expr *parse_value(model *m, const src_file *text, diag_ctx *d, bool *list)
{
    ast_arena arena = {0};
    parse_ctx pc = {.arena = &arena, .diag = d, .src = text, .mode = PARSE_VALUE};
    expr *v = NULL;
    *list = false;
    if (parse_run(&pc) == 0 && pc.value) {
        if (pc.value->kind == AST_LIST)
            *list = true;
        else
            v = sema_expr(m, pc.value, d, -1, true); /* data etc. refused below, by name */
    }
    pv_free(&pc.file.stmts);
    ast_arena_free(&arena);
    return v;
}

/* The value of input dc in cell f, or NULL after reporting. */
static expr *read_cell(loader *L, const csv_field *f, const char *what, const char *cname)
{
    model *m = L->m;
    const src_file *src = L->src;
    size_t line0 = 0;
    if (f->start == f->end) {
        diag_error(&L->d, at(f->at), "the row gives no value for %s '%s'", what, cname);
        return NULL;
    }
    /* First the cell alone, silently: the parser's offsets are then the cell's, not the
     * file's, so its messages would point at the wrong place. */
    src_file cell = {.name = src->name, .text = src->text + f->start, .len = f->end - f->start,
                     .lines = &line0, .nlines = 1};
    diag_ctx quiet;
    diag_init(&quiet, L->quiet, &cell);
    bool list;
    expr *v = parse_value(m, &cell, &quiet, &list);
    if (!v && !list) {
        /* Read it again to report: the file's text up to the cell's end with everything
         * before the cell blanked, so offsets are the file's own and every message points
         * into the CSV with its line. (Only for cells in error: the copy is the file's size.) */
        char *copy = xmalloc((size_t)f->end + 1);
        memset(copy, ' ', f->start);
        memcpy(copy + f->start, src->text + f->start, f->end - f->start);
        copy[f->end] = '\0';
        src_file shadow = {.name = src->name, .text = copy, .len = f->end, .lines = &line0,
                           .nlines = 1};
        int before = L->d.nerrors;
        parse_value(m, &shadow, &L->d, &list);
        if (L->d.nerrors == before) /* the same text cannot read differently; say something */
            diag_error(&L->d, at(f->start), "the value of %s '%s' cannot be read", what, cname);
        free(copy);
        return NULL;
    }
    if (list) {
        diag_error(&L->d, at(f->start), "a value of %s '%s' is a single number, not a list",
                   what, cname);
        return NULL;
    }
    /* Consts are welcome (-D included); anything else of the model is not a constant. */
    if (expr_has_kind(m->ex, v, SYM_PARAM) || expr_has_kind(m->ex, v, SYM_DATA) ||
        expr_has_kind(m->ex, v, SYM_INPUT) || expr_has_kind(m->ex, v, SYM_LET)) {
        const char *name = "?";
        decl_kind k = DECL_PARAM;
        for (int s = 0; s < expr_sym_count(m->ex); s++) {
            const expr_sym_info *si = expr_sym_get(m->ex, s);
            if (si->kind != SYM_CONST && si->kind != SYM_LOCAL && si->owner &&
                expr_has_sym(m->ex, v, s)) {
                name = si->name;
                k = ((const decl *)si->owner)->kind;
                break;
            }
        }
        /* worded as sema words it for an inline list */
        diag_error(&L->d, at(f->start), "the values of %s '%s' must be constants; '%s' is %s %s",
                   what, cname, name, k == DECL_INPUT ? "an" : "a", decl_kind_name(k));
        return NULL;
    }
    int st = eval_expr(L->ev, *L->v, model_const_values(m, v));
    if (st != EVAL_OK) {
        diag_error(&L->d, at(f->start), "the value of %s '%s' is not a finite number (%s)",
                   what, cname, eval_status_str(st));
        return NULL;
    }
    return v;
}

/* Reads the CSV; on success its columns become the values of the inputs they name. */
static int load_csv(loader *L)
{
    model *m = L->m;
    const src_file *src = L->src;
    int rc = FIMC_EXIT_OK;
    size_t last = src->nlines; /* lines before `last` hold the header and the rows */
    while (last > 0 && line_blank(src, last - 1))
        last--;
    if (last == 0) {
        diag_error(&L->d, at(0), "the file is empty: its first line must name the columns");
        return FIMC_EXIT_USAGE;
    }
    if (line_blank(src, 0)) {
        diag_error(&L->d, at(0), "the first line is blank: it must name the columns");
        return FIMC_EXIT_USAGE;
    }

    /* The header: one name a column, each naming an input (or ignored, with a warning). */
    unsigned b, e;
    line_bounds(src, 0, &b, &e);
    if (!split_line(L, b, e))
        return FIMC_EXIT_USAGE;
    int ncols = L->nf;
    csv_field *head = xmalloc((size_t)ncols * sizeof *head);
    memcpy(head, L->f, (size_t)ncols * sizeof *head);
    char **names = xcalloc((size_t)ncols, sizeof *names);
    decl **col = xcalloc((size_t)ncols, sizeof *col);
    int *dcol = xmalloc((size_t)ncols * sizeof *dcol); /* data column: index into m->data */
    for (int j = 0; j < ncols; j++)
        dcol[j] = -1;
    for (int j = 0; j < ncols; j++) {
        names[j] = field_text(L, &head[j]);
        if (!names[j][0]) {
            diag_error(&L->d, at(head[j].at), "column %d has no name", j + 1);
            continue;
        }
        int dup = -1;
        for (int k = 0; k < j && dup < 0; k++)
            if (strcmp(names[k], names[j]) == 0)
                dup = k;
        if (dup >= 0) {
            diag_error(&L->d, at(head[j].at), "the column '%s' is named twice", names[j]);
            diag_note(&L->d, at(head[dup].at), "the first '%s' is column %d", names[j], dup + 1);
            continue;
        }
        for (int i = 0; i < m->ndecls && !col[j]; i++)
            if (m->decls[i]->kind == DECL_INPUT && strcmp(m->decls[i]->name, names[j]) == 0)
                col[j] = m->decls[i];
        for (int k = 0; L->data && !col[j] && k < m->ndata; k++)
            if (strcmp(expr_sym_get(m->ex, m->data[k])->name, names[j]) == 0)
                dcol[j] = k;
        if (!col[j] && dcol[j] < 0)
            diag_warning(&L->d, at(head[j].at), "column '%s' is not %s of the model; ignored",
                         names[j], L->data ? "a data variable or an input" : "an input");
    }
    for (int k = 0; L->data && k < m->ndata && L->d.nerrors == 0; k++) {
        bool found = false;
        for (int j = 0; j < ncols && !found; j++)
            found = dcol[j] == k;
        if (!found)
            diag_error(&L->d, at(head[0].at), "no column for the data variable '%s' (the header "
                                              "names one column for each data variable and input)",
                       expr_sym_get(m->ex, m->data[k])->name);
    }
    /* With a bad header the rows cannot be read by column. (Every row but the last takes
     * two bytes or more and the file is below 4 GiB, so the count fits an int.) */
    int nrows = L->d.nerrors == 0 ? (int)(last - 1) : 0;
    if (L->d.nerrors == 0 && nrows == 0)
        diag_error(&L->d, at(src->nlines > 1 ? (unsigned)src->lines[1] : (unsigned)src->len),
                   "no rows: the header must be followed by one line of values a row");

    /* The rows. Only the columns of inputs are read: the others may hold anything. */
    expr ***vals = xcalloc((size_t)ncols, sizeof *vals);
    for (int j = 0; j < ncols && nrows > 0; j++)
        if (col[j] || dcol[j] >= 0)
            vals[j] = xcalloc((size_t)nrows, sizeof **vals);
    for (int r = 0; r < nrows && !diag_full(&L->d); r++) {
        size_t li = (size_t)r + 1;
        line_bounds(src, li, &b, &e);
        if (line_blank(src, li)) {
            diag_error(&L->d, at(b), "a blank line among the rows: each line after the header is "
                                     "one row (only blank lines at the end are ignored)");
            continue;
        }
        if (!split_line(L, b, e))
            continue;
        if (L->nf != ncols) {
            diag_error(&L->d, at(L->nf > ncols ? L->f[ncols].at : e),
                       "the row has %d field%s but the header names %d column%s%s", L->nf,
                       L->nf == 1 ? "" : "s", ncols, ncols == 1 ? "" : "s",
                       L->nf > ncols ? " (a value with a comma in it goes in double quotes)" : "");
            continue;
        }
        for (int j = 0; j < ncols && !diag_full(&L->d); j++)
            if (col[j])
                vals[j][r] = read_cell(L, &L->f[j], "input", col[j]->name);
            else if (dcol[j] >= 0)
                vals[j][r] = read_cell(L, &L->f[j], "data variable",
                                       expr_sym_get(m->ex, m->data[dcol[j]])->name);
    }

    if (L->d.nerrors == 0) {
        if (L->data) {
            data_rows *dr = L->data;
            dr->nrows = nrows;
            dr->nd = m->ndata;
            dr->vals = xcalloc((size_t)(m->ndata > 0 ? m->ndata : 1), sizeof *dr->vals);
            for (int j = 0; j < ncols; j++)
                if (dcol[j] >= 0) {
                    dr->vals[dcol[j]] = vals[j];
                    vals[j] = NULL;
                }
        }
        for (int j = 0; j < ncols; j++) {
            decl *dc = col[j];
            if (!dc)
                continue;
            /* an inline list stays, for printing the model as written */
            if (dc->has_values) {
                dc->inline_values = dc->values;
                dc->ninline = dc->nvalues;
            }
            dc->values = vals[j];
            vals[j] = NULL;
            dc->nvalues = nrows;
            dc->has_values = true;
            dc->from_csv = true;
        }
    } else {
        rc = FIMC_EXIT_USAGE;
    }
    for (int j = 0; j < ncols; j++) {
        free(vals[j]);
        free(names[j]);
    }
    free(vals);
    free(names);
    free(col);
    free(dcol);
    free(head);
    return rc;
}

/* --inputs FILE.csv (or - for standard input). */
static int read_inputs(inputs_req *c, eval_ctx *ev, mpfr_t *v)
{
    src_file *src = src_read(c->inputs);
    if (!src) {
        diag_plain_error(c->diag, "%s: cannot read '%s': %s", c->opt, c->inputs, strerror(errno));
        return FIMC_EXIT_USAGE;
    }
    if (src->len >= UINT_MAX) { /* spans are 32-bit offsets */
        diag_plain_error(c->diag, "%s: '%s' is too large (4 GiB or more)", c->opt, c->inputs);
        src_free(src);
        return FIMC_EXIT_USAGE;
    }
    if (src->len >= 3 && memcmp(src->text, "\xEF\xBB\xBF", 3) == 0) {
        /* A UTF-8 byte-order mark (spreadsheets write one) is not part of the first name;
         * dropped from the text so that columns count from what an editor shows. */
        src_file *s = src_new(src->name, xstrndup(src->text + 3, src->len - 3), src->len - 3);
        src_free(src);
        src = s;
    }
    loader L = {.m = c->model, .src = src, .ev = ev, .v = v, .data = c->data};
    diag_init(&L.d, c->diag->out, src);
    char *qbuf = NULL;
    size_t qlen = 0;
    L.quiet = open_memstream(&qbuf, &qlen);
    int rc = FIMC_EXIT_USAGE;
    if (!L.quiet)
        diag_plain_error(c->diag, "out of memory");
    else
        rc = load_csv(&L);
    if (L.quiet)
        fclose(L.quiet);
    free(qbuf);
    c->diag->nerrors += L.d.nerrors;
    c->diag->nwarnings += L.d.nwarnings;
    free(L.f);
    src_free(src);
    return rc;
}

static int load(inputs_req *c)
{
    model *m = c->model;
    eval_ctx *ev = eval_new(m->ex, FINITE_PREC);
    mpfr_t v;
    mpfr_init2(v, FINITE_PREC);
    int rc = check_inline(c, ev, v) ? FIMC_EXIT_OK : FIMC_EXIT_USAGE;
    if (rc == FIMC_EXIT_OK && c->inputs) {
        if (m->ninputs == 0) {
            diag_plain_error(c->diag, "--inputs: the model has no input declarations");
            rc = FIMC_EXIT_USAGE;
        } else if (strcmp(c->inputs, "-") == 0 && c->model_from_stdin) {
            diag_plain_error(c->diag, "--inputs -: standard input is already the model");
            rc = FIMC_EXIT_USAGE;
        } else {
            rc = read_inputs(c, ev, &v);
        }
    }
    mpfr_clear(v);
    eval_free(ev);
    return rc;
}

int inputs_require(model *m, diag_ctx *d, const char *csv)
{
    inputs_req c = {m, d, csv, false, NULL, "--inputs"};
    return require_rows(&c);
}

int inputs_load(model *m, diag_ctx *d, const char *csv, bool model_from_stdin)
{
    inputs_req c = {m, d, csv, model_from_stdin, NULL, "--inputs"};
    return load(&c);
}

int inputs_load_data(model *m, diag_ctx *d, const char *csv, bool model_from_stdin,
                     data_rows *out)
{
    memset(out, 0, sizeof *out);
    if (strcmp(csv, "-") == 0 && model_from_stdin) {
        diag_plain_error(d, "--data -: standard input is already the model");
        return FIMC_EXIT_USAGE;
    }
    inputs_req c = {m, d, csv, model_from_stdin, out, "--data"};
    eval_ctx *ev = eval_new(m->ex, FINITE_PREC);
    mpfr_t v;
    mpfr_init2(v, FINITE_PREC);
    int rc = read_inputs(&c, ev, &v);
    mpfr_clear(v);
    eval_free(ev);
    if (rc == FIMC_EXIT_OK && m->ninputs)
        rc = require_rows(&c);
    return rc;
}

void data_rows_free(data_rows *dr)
{
    for (int k = 0; dr->vals && k < dr->nd; k++)
        free(dr->vals[k]);
    free(dr->vals);
    memset(dr, 0, sizeof *dr);
}
