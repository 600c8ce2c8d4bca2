/* compiler/cmd/cmd_fisher.h — what the Fisher commands share (internal to compiler/cmd/):
 * the analysis session, the --at point, and small printing helpers. Defined in
 * cmd_fisher.c; used there (fim, expfam, reparam) and by cmd_jeffreys.c.
 *
 * Ownership: a session borrows cli->model and owns its diff and simp contexts and the
 * exponential-family analysis (close_session releases them). */
#ifndef FIMC_CMD_FISHER_H
#define FIMC_CMD_FISHER_H

#include <mpfr.h>

#include "cli.h"
#include "diff.h"
#include "expfam.h"
#include "numfim.h"
#include "simp.h"

typedef struct session {
    model *m;     /* NULL when open_session failed */
    diff_ctx dc;
    simp_ctx *sc;
    expfam ef;    /* in the coordinates open_session was given */
} session;

/* Loads and checks the model (cli_load_model, cli_require_normalised), then runs the
 * exponential-family analysis in the model's coordinates (reparam -1) or reparam's.
 * Returns FIMC_EXIT_OK or the status to stop with; close_session is safe either way. */
int open_session(cli *c, session *s, int reparam);
void close_session(session *s);

/* No closed form of the FIM: the error (why, and the hint what to do instead); returns
 * FIMC_EXIT_USAGE. */
int no_closed_form(cli *c, const expfam *ef, const char *hint);

/* The name of symbol sym (owned by the model's context). */
const char *pname(const model *m, int sym);

/* The point of --at in the model's coordinates: vals[0..d) at vp bits and the texts as
 * given (both the caller's to release with point_free, always allocated), the inputs'
 * rows required, every distribution argument inside its domain there. Refuses --format
 * latex. Returns FIMC_EXIT_OK or the status (the error reported). */
int point_setup(cli *c, model *m, const int *params, int d, mpfr_prec_t vp,
                mpfr_t **vals_out, char ***texts_out);
void point_free(mpfr_t *vals, char **texts, int d);

/* Appends `, "at": {"name": "value as given", ...}`. */
void json_at(strbuf *sb, const model *m, const int *params, int d, char *const *texts);

/* F in text (upper triangle), JSON (the fim keys, extra_json appended) or LaTeX. */
void print_fim(strbuf *sb, cli *c, const model *m, expr *const *F, const int *p, int d,
               const char *extra_json);

/* One constant typed by the user (an --at or --dir value): text[0..len) parsed and analysed
 * as a constant expression of the model (consts by name; reparam >= 0: in its scope) and
 * evaluated into out at out's precision. Errors are reported against a source named label
 * ("<--at mu>"). Returns false on an error (reported). */
bool parse_value(cli *c, model *m, const char *label, const char *text, size_t len, int reparam,
                 mpfr_t out);

/* --at NAME=VALUE,... for the coordinates params[0..d) (reparam >= 0: a reparam's, its new
 * parameters resolved): vals and texts filled, each value inside its coordinate's open
 * domain. Returns FIMC_EXIT_OK or the status (the error reported). */
int parse_at(cli *c, model *m, const int *params, int d, int reparam, mpfr_t *vals,
             char **texts);

/* The FIM at a point in coordinates params[0..d) of the density logp: the closed form Fc
 * (may be NULL) evaluated at two precisions, with E[s s^T] and -E[H] by sums or quadrature
 * as its cross-check, or, without Fc, E[s s^T] and -E[H] alone (escalating the precision
 * when fewer than --digits agree). */
typedef struct fim_point {
    int d;
    const int *params;
    expr *const *closed; /* the closed form (NULL without) */
    bool symbolic;      /* the values are the closed form's */
    mpfr_t *F;          /* d*d: the values printed */
    int digits;         /* their verified digits */
    const char *method;
    bool have_num;      /* the numeric pass ran */
    numfim nf;
    int cross;          /* symbolic: digits to which the numeric E[s s^T] and -E[H] agree
                           with the closed form, at most cap */
    int cap;            /* the digits both were verified to */
    int cross_ess;      /* symbolic: ... the closed form and E[s s^T] alone (the definition;
                           -E[H] may differ where logp has a kink: Laplace) */
    const char *extra_json; /* appended to the JSON object by fim_print_at (may be NULL) */
} fim_point;

/* Returns FIMC_EXIT_OK, or the status with the error reported (no numeric value and no
 * closed form, or a logp that is not normalised). */
int fim_point_compute(cli *c, session *s, expr *logp, const int *params, int d,
                      expr *const *Fc, mpfr_t *vals, fim_point *r);
void fim_point_free(fim_point *r);
/* big = max |F|; tiny = 10^-shown big (entries below it print as 0). */
void fim_point_tiny(const fim_point *r, int shown, mpfr_t big, mpfr_t tiny);
/* The fim --at output (text or JSON, the fim keys of LANGUAGE.md §4). */
void fim_print_at(cli *c, session *s, const fim_point *r, char *const *texts, int shown,
                  const mpfr_t tiny, bool disagree, const char *reason);
/* Singular (exit 3, the direction named) or ill-conditioned (a warning), judged on values
 * verified to `digits` digits relative to big = max |F|. */
int fim_conditioning(cli *c, const model *m, int d, mpfr_t *F, int digits, const mpfr_t big,
                     const mpfr_t tiny);
/* The digits to which a and b (n entries) agree, relative to the largest entry of a, at
 * most cap. */
int matrix_agreement(const mpfr_t *a, const mpfr_t *b, int n, int cap);
/* `, "key": [[...]]` with `shown` digits, entries below tiny as "0"; shown < 1: null. */
void json_values(strbuf *sb, const char *key, const mpfr_t *a, int d, int shown,
                 const mpfr_t tiny);

/* Is t[0..d) (values of the coordinates params) inside each one's open domain? */
bool point_inside(model *m, const int *params, int d, mpfr_t *t);

/* The digits an inverse Fi of F (d x d, entries verified to `digits` digits of max|F|)
 * keeps: |delta F^-1| <= |F^-1| |delta F| |F^-1| loses ceil(log10(d max|F| max_i
 * sum_j |F^-1_ij|)) + 1 digits. */
int inverse_digits(const mpfr_t *F, const mpfr_t *Fi, int d, int digits);

#endif
