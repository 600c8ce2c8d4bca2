/* compiler/cmd/cli.h — the command line: parsed options, loading a model, command table.
 *
 * main.c parses argv into a cli; each command (cmd_<name>.c) takes it and returns an exit
 * status (fimc_exit). Output goes to cli->out (stdout or -o FILE); every message to
 * stderr goes through the diag module. */
#ifndef FIMC_CLI_H
#define FIMC_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "ast.h"
#include "diag.h"
#include "model.h"
#include "sema.h"

typedef enum out_format { FORMAT_TEXT, FORMAT_JSON, FORMAT_LATEX } out_format;

typedef struct cli {
    const char *command;
    const char **operands;  /* non-option arguments after the command */
    int noperands;
    const char *model_path; /* the last operand, by convention */
    out_format format;
    bool format_given;
    const char *at;         /* --at */
    long digits;            /* --digits, default 20 */
    long prec;              /* --prec, 0 = automatic */
    const char *inputs;     /* --inputs FILE.csv (read by inputs_load, inputs.h) */
    const char *output;     /* -o */
    bool expand;            /* print --expand */
    bool tape;              /* print --tape */
    bool normalize;         /* jeffreys --normalize */
    long count;             /* crlb -N COUNT (0: not given) */
    long simulate;          /* crlb --simulate R (0: not given) */
    const char *dir;        /* kl --dir V */
    const char *data;       /* fit --data FILE.csv */
    const char *method;     /* fit --method */
    const char *lr;         /* fit --lr A */
    sema_override *defs;    /* -D */
    int ndefs;
    FILE *out;
    diag_ctx diag;          /* the model's diagnostics (src set once loaded) */
    src_file *src;
    ast_arena arena;
    model *model;
    int norm_state;         /* cli_require_normalised: 0 not yet, 1 verified, 2 undecided,
                               3 not normalised, 4 no data, 5 an argument outside its domain */
} cli;

/* Reads, parses and analyses cli->model_path into cli->model. Returns FIMC_EXIT_OK or the
 * exit status to stop with (errors already reported). */
int cli_load_model(cli *c);

/* An error about the model as a whole, at its logp statement (or its first '~'). */
void cli_error_at_logp(cli *c, const char *msg);

/* Every command whose answer assumes a normalised logp (check, fim, jeffreys, reparam,
 * expfam) asks this first, after cli_load_model: the total probability at seeded points
 * (numcheck_mass). Not 1: the error at the logp statement, FIMC_EXIT_USAGE. Undecided: a
 * warning, and FIMC_EXIT_OK. Before it, every distribution argument at the same seeded
 * points: one outside its domain (normal(mu, mu) at mu < 0) is FIMC_EXIT_NUMERIC with the
 * point and the value. *normalized (may be NULL) is set true only when verified.
 * Runs the check once per run; later calls give the first answer again. */
int cli_require_normalised(cli *c, bool *normalized);

int cmd_check(cli *c);
int cmd_fim(cli *c);
int cmd_jeffreys(cli *c);
int cmd_expfam(cli *c);
int cmd_reparam(cli *c);
int cmd_crlb(cli *c);
int cmd_kl(cli *c);
int cmd_fit(cli *c);
int cmd_print(cli *c);
int cmd_score(cli *c);
int cmd_hessian(cli *c);

#endif
