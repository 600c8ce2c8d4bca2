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

#endif
