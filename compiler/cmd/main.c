/* compiler/cmd/main.c — fimc's command line: options, the command table, dispatch.
 *
 * `fimc COMMAND [OPTIONS] MODEL.fim`; options and operands in any order (GNU style). The
 * only mutable state of the program lives in the cli struct made here. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <flint/flint.h>
#include <mpfr.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "argdom.h"
#include "numcheck.h"
#include "numfim.h"
#include "inputs.h"
#include "parse.h"
#include "util.h"

enum {
    OPT_AT = 1 << 0,
    OPT_DIGITS = 1 << 1,
    OPT_PREC = 1 << 2,
    OPT_D = 1 << 3,
    OPT_INPUTS = 1 << 4,
    OPT_FORMAT = 1 << 5,
    OPT_O = 1 << 6,
    OPT_EXPAND = 1 << 7,
    OPT_TAPE = 1 << 8,
    OPT_N = 1 << 9,
    OPT_SIMULATE = 1 << 10,
    OPT_SEED = 1 << 11,
    OPT_DIR = 1 << 12,
    OPT_DATA = 1 << 13,
    OPT_METHOD = 1 << 14,
    OPT_LR = 1 << 15,
    OPT_NORMALIZE = 1 << 16,
    OPT_MPFR = 1 << 17,
    OPT_COMMON = OPT_AT | OPT_DIGITS | OPT_PREC | OPT_D | OPT_INPUTS | OPT_FORMAT | OPT_O,
};

typedef struct command {
    const char *name;
    int (*run)(cli *c);   /* NULL: not available in this version */
    unsigned opts;        /* options it accepts beyond OPT_COMMON */
    int noperands;        /* operands before MODEL (reparam NAME) */
    const char *usage;
    const char *summary;
    const char *help;
} command;

static const command commands[] = {
    {"check", cmd_check, 0, 0, "fimc check [--format text|json] MODEL",
     "verify every 'check' claim of the model",
     "Parses and analyses the model, then verifies each `check` claim; one line per claim:\n"
     "  FILE:LINE: verified|FAILED|unverified: CLAIM[: reason]\n"
     "A claim fimc cannot decide is 'unverified' and counts as failed. Exit status: 0 when\n"
     "every claim was verified, 1 otherwise.\n\n"
     "Score and Hessian identities, and fim, jeffreys, E, Var and expfam claims of\n"
     "exponential families, are decided exactly where the symbolic engine can; everything\n"
     "else numerically at 8 seeded points (FIMs, Jeffreys densities and moments by sums or\n"
     "quadrature to 20 digits), where one counterexample fails the claim. First, logp must be\n"
     "normalised: a model whose total probability is not 1 is an error (exit 2).\n\n"
     "  --format json     {\"model\", \"checks\": [{\"line\", \"claim\", \"ok\", \"digits\",\n"
     "                    \"status\", \"method\" or \"reason\"}], \"passed\", \"failed\"}\n"},
    {"print", cmd_print, OPT_EXPAND | OPT_TAPE, 0, "fimc print [--expand] [--format text|json] MODEL",
     "print the model in canonical form",
     "Prints the model back in its own language: one statement a line, declarations in\n"
     "order, expressions in canonical order with minimal parentheses. The output re-parses\n"
     "to the same model.\n\n"
     "  --expand          expand every distribution (~) and let into one explicit logp\n"
     "  --format json     {\"model\", \"title\", \"params\", \"data\", \"consts\", \"inputs\", \"logp\"}\n"},
    {"score", cmd_score, 0, 0, "fimc score [--format text|json|latex] MODEL",
     "the score vector d logp/d theta, exactly",
     "Differentiates logp symbolically with respect to each parameter (in declaration\n"
     "order) and prints each entry simplified: the shorter of its canonical form and its\n"
     "factored rational normal form.\n\n"
     "  --format text     one line per parameter: d/dNAME logp = EXPR\n"
     "  --format json     {\"model\", \"params\", \"score\": [EXPR, ...]}\n"
     "  --format latex    an aligned block of partial derivatives, ready to paste\n"},
    {"hessian", cmd_hessian, 0, 0, "fimc hessian [--format text|json|latex] MODEL",
     "the Hessian of logp, exactly",
     "Second derivatives of logp with respect to each pair of parameters, simplified as\n"
     "for 'score'. The matrix is symmetric: the text form prints the upper triangle.\n\n"
     "  --format text     d2/dA^2 logp = EXPR and d2/dA dB logp = EXPR, for A before B\n"
     "  --format json     {\"model\", \"params\", \"hessian\": [[EXPR, ...], ...]}\n"
     "  --format latex    a pmatrix, ready to paste\n"},
    {"fim", cmd_fim, 0, 0, "fimc fim [--at P [--digits D] [--prec BITS]] [--format text|json|latex] MODEL",
     "the Fisher information matrix: closed form, or its value at a point",
     "Without --at: the FIM, exactly, when the model is an exponential family in its data\n"
     "(logp splits into sum eta_k(theta) T_k(x) + a(theta) + b(x) with as many statistics as\n"
     "parameters, statistics with the same eta_k counted once, so an iid sample x[1..N] has\n"
     "T = sum T(x[i])): E[T] follows from the score identity and F = -E[H] needs nothing\n"
     "else. Otherwise, when no entry of the Hessian involves the data (logistic or Poisson\n"
     "regression with canonical links, Gaussian means), F = -H exactly.\n"
     "Text: the upper triangle, F[A, B] = EXPR.\n\n"
     "With --at NAME=VALUE,...: E[s s^T] (the definition) and -E[H] over the data, by exact\n"
     "sums, ratio-bounded sums ({0..inf}) or double-exponential quadrature centred on the\n"
     "mode, each at two working precisions; only agreeing digits are printed (--digits,\n"
     "default 20). Exit 1 when the two forms disagree (regularity fails, e.g. abs), 3 when\n"
     "fewer digits could be verified, the FIM is singular (the direction is named) or the\n"
     "point is outside the domain; 2 when logp is not normalised. Several data variables\n"
     "are nested sums and quadratures (discrete ones outermost). A conditional model's FIM\n"
     "is the mean over its input rows (inline, or --inputs FILE.csv) of each row's FIM.\n"},
    {"jeffreys", cmd_jeffreys, OPT_NORMALIZE, 0,
     "fimc jeffreys [--at P] [--normalize] [--digits D] [--prec BITS] [--format text|json|latex] MODEL",
     "the Jeffreys prior sqrt(det F): closed form, or its value at a point",
     "Without --at: sqrt(det F) from the closed-form FIM (see 'fimc fim --help'), never\n"
     "negative: the sign of every factor of det F is proved on the parameter domain, and a\n"
     "factor whose sign cannot be shown is kept under abs().\n\n"
     "With --at NAME=VALUE,...: its value there, to --digits D digits (default 20): the\n"
     "closed form evaluated at two precisions when there is one (method \"symbolic\"),\n"
     "otherwise sqrt(det E[s s^T]) by sums or quadrature (its digits bounded through the\n"
     "FIM's conditioning). Only verified digits are printed; fewer than D: exit 3.\n"
     "--normalize: the normalizer Z = integral of sqrt(det F) over the domain (one or two\n"
     "parameters; with --at, both). Improper only when proved from the exponent at an end\n"
     "(c|theta - a|^alpha with alpha <= -1 at a finite end, c|theta|^alpha with alpha >= -1\n"
     "at an infinite one, log factors exactly at -1) or, for two parameters, a density flat\n"
     "in an unbounded coordinate or a factor with an improper integral; otherwise Z by\n"
     "double-exponential quadrature at two precisions, only agreeing digits, with the\n"
     "standard form named (Beta(a, b); \"proportional to theta^alpha, improper\"). Exit 3:\n"
     "fewer than D digits, undecided, more than two parameters, or no closed-form FIM.\n\n"
     "  --format json     {\"model\", \"params\", \"density\", \"at\", \"value\", \"digits\",\n"
     "                    \"method\", \"normalizer\", \"proper\", \"normalizer_digits\", \"normalizer_method\",\n"
     "                    \"form\", \"reason\", \"note\"}\n"},
    {"reparam", cmd_reparam, 0, 1, "fimc reparam NAME [--format text|json|latex] MODEL",
     "the FIM in a reparam's coordinates, checked against J^T F J",
     "The FIM computed directly in reparam NAME's coordinates, compared exactly with\n"
     "J^T F(theta(phi)) J, and the invariance of the Jeffreys prior,\n"
     "det F(phi) = det F(theta(phi)) det(J)^2, checked. Exit 1 when a check fails.\n"},
    {"expfam", cmd_expfam, 0, 0, "fimc expfam [--format text|json] MODEL",
     "exponential-family form: eta, T, A, h; E[T]; F(eta) = Cov[T]; F(m) = F(eta)^-1",
     "Splits logp into eta(theta).T(x) + log h(x) - A(theta), solves the score identity\n"
     "for E[T], and checks exactly that Cov[T] from the FIM equals dE[T]/d eta (the second\n"
     "cumulant identity) and that the FIM in the moment coordinates is Cov[T]^-1. Exit 1\n"
     "when a check is not shown; a model that does not split is reported, exit 0.\n"},
    {"crlb", cmd_crlb, OPT_N | OPT_SIMULATE | OPT_SEED, 0,
     "fimc crlb -N COUNT --at P [--simulate R] [--seed S] [--digits D] [--format text|json] MODEL",
     "the Cramer-Rao bound (N F)^-1 and standard-error bounds",
     "The covariance of any unbiased estimator from N independent observations at P is at\n"
     "least (N F)^-1, F the FIM at P (fim --at: the closed form with its numeric\n"
     "cross-check, or sums/quadrature); for a conditional model F is the mean over the\n"
     "input rows. Prints the bound and sqrt of its diagonal, the standard-error bound of\n"
     "each parameter, to the digits that survive the inversion (the FIM's verified digits\n"
     "less log10 of its condition number). Exit 3 when the FIM is singular at P (no bound)\n"
     "or fewer digits than asked could be verified.\n\n"
     "  --format json   {\"model\", \"params\", \"at\", \"n\", \"bound\": [[..]], \"se\",\n"
     "                   \"digits\", \"fim_method\", \"simulated\": null}\n\n"
     "Not yet: --simulate R [--seed S] (MLEs of simulated data sets beside the bound)\n"
     "exits 2 saying so.\n"},
    {"kl", cmd_kl, OPT_DIR, 0, "fimc kl --dir V --at P [--digits D] [--format text|json] MODEL",
     "KL divergence against its quadratic form 1/2 eps^2 v^T F v",
     "KL(p_theta || p_(theta + eps v)) = E_theta[logp(x | theta) - logp(x | theta + eps v)]\n"
     "by exact sums or quadrature, for eps = 2^-1, 2^-2, ... 2^-20 while digits can be\n"
     "verified (the expectation cancels to O(eps^2): each halving costs about 0.3 digit),\n"
     "beside 1/2 eps^2 v^T F v with F the FIM at P (fim --at); the observed order of their\n"
     "difference from the last halvings whose differences are known to 2 digits (3 for a\n"
     "regular model). V: comma-separated constant expressions, one per parameter in\n"
     "declaration order (--dir 1,-1/2). A step that leaves the parameter domain is skipped.\n\n"
     "  --format json   {\"model\", \"at\", \"dir\", \"eps\": [..], \"kl\": [..],\n"
     "                   \"quadratic\": [..], \"order\"} (decimal strings; order null when\n"
     "                   it could not be estimated)\n"},
    {"fit", cmd_fit, OPT_DATA | OPT_METHOD | OPT_LR, 0,
     "fimc fit --data FILE.csv [--method ngd|scoring|newton|gd] [--lr A] [--at START] "
     "[--digits D] [--format text|json] MODEL",
     "maximum likelihood by natural gradient / Fisher scoring",
     "The MLE of the parameters from the rows of FILE.csv (a column for each data variable\n"
     "and each input, named in the header; cells are constant expressions), and standard\n"
     "errors sqrt(diag(I^-1)) from the total information I, the sum over the rows of each\n"
     "row's FIM (fim --at's closed form, or sums/quadrature).\n\n"
     "  --method scoring  theta += I^-1 grad L (the default)\n"
     "  --method ngd      theta += A I^-1 grad L (natural gradient; --lr A, default 1)\n"
     "  --method newton   theta -= H^-1 grad L (H the observed Hessian of L)\n"
     "  --method gd       theta += A grad L (--lr A, default 1/100)\n\n"
     "Steps are halved while they leave the parameter domain or lower L. Converged when a\n"
     "step is below 10^-(D+2) of the parameters; the digits printed are those a final\n"
     "Newton correction leaves unchanged. START (--at) defaults to 0 on R, 1 on (0, inf),\n"
     "the midpoint of a bounded interval. Exit 3 when it does not converge (200 iterations,\n"
     "20000 for gd) or the information is singular at the estimate.\n\n"
     "  --format json   {\"model\", \"params\", \"method\", \"estimate\": {name: value},\n"
     "                   \"se\": {name: value}, \"iterations\", \"converged\", \"rows\",\n"
     "                   \"digits\"}\n"},
    {"gen", NULL, OPT_MPFR, 0, "fimc gen [--mpfr] [-o model.c] MODEL",
     "generate C code for logp, score, Hessian and FIM", ""},
};

static const command *find_command(const char *name)
{
    for (size_t i = 0; i < ARRAY_LEN(commands); i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static void print_usage(FILE *f)
{
    fputs("Usage: fimc COMMAND [OPTIONS] MODEL.fim\n"
          "\n"
          "fimc, the Fisher-information model compiler: write a model's log-density in a\n"
          "small language and get its exact score and Hessian, its Fisher information matrix,\n"
          "Jeffreys prior, reparameterization checks and C code, with every printed digit\n"
          "verified. MODEL may be '-' for standard input.\n"
          "\n"
          "Commands:\n",
          f);
    for (size_t i = 0; i < ARRAY_LEN(commands); i++)
        fprintf(f, "  %-9s %s%s\n", commands[i].name, commands[i].summary,
                commands[i].run ? "" : " (not yet available)");
    fputs("\n"
          "Common options:\n"
          "  --at NAME=VALUE[,NAME=VALUE...]  the parameter point (values are constant\n"
          "                                   expressions: 0.3, 1/3, pi/4)\n"
          "  --digits D        significant digits printed and guaranteed (default 20)\n"
          "  --prec BITS       working precision in bits (overrides the automatic choice)\n"
          "  -D NAME=VALUE     override a const (-D NAME={v1,v2} for a vector const)\n"
          "  --inputs FILE.csv covariate rows for a conditional model\n"
          "  --format FMT      text (default), json or latex\n"
          "  -o FILE           write the output to FILE\n"
          "  -h, --help        this help; 'fimc COMMAND --help' for one command\n"
          "  --version         the version\n"
          "\n"
          "Exit status: 0 success; 1 a claim or cross-check failed; 2 a usage error or an\n"
          "error in the model; 3 a numerical failure (no convergence, a point outside the\n"
          "domain, a singular FIM).\n"
          "\n"
          "Example: fimc print models/binomial.fim\n",
          f);
}

static void print_command_help(FILE *f, const command *cmd)
{
    fprintf(f, "Usage: %s\n\n%c%s.\n", cmd->usage,
            cmd->summary[0] >= 'a' && cmd->summary[0] <= 'z' ? cmd->summary[0] - 'a' + 'A'
                                                             : cmd->summary[0],
            cmd->summary + 1);
    if (!cmd->run)
        fputs("\nThis command is not yet available in this version of fimc.\n", f);
    if (cmd->help[0]) {
        fputc('\n', f);
        fputs(cmd->help, f);
    }
    fputs("\nCommon options: --at, --digits, --prec, -D, --inputs, --format, -o (see 'fimc --help').\n",
          f);
}

/* "NAME=VALUE" of -D: NAME an identifier, VALUE a constant expression or {v1, ...}. */
static bool parse_define(cli *c, const char *arg)
{
    const char *eq = strchr(arg, '=');
    size_t nlen = eq ? (size_t)(eq - arg) : 0;
    bool ident = nlen > 0 && !(arg[0] >= '0' && arg[0] <= '9');
    for (size_t i = 0; i < nlen && ident; i++) {
        char ch = arg[i];
        ident = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                ch == '_';
    }
    if (!eq || !ident) {
        diag_plain_error(&c->diag, "-D expects NAME=VALUE, not '%s'", arg);
        return false;
    }
    c->defs = xrealloc(c->defs, (size_t)(c->ndefs + 1) * sizeof *c->defs);
    sema_override *ov = &c->defs[c->ndefs++];
    memset(ov, 0, sizeof *ov);
    ov->name = xstrndup(arg, nlen);
    strbuf label = {0};
    sb_printf(&label, "<-D %s>", ov->name);
    const char *val = eq + 1;
    ov->src = src_new(sb_str(&label), xstrdup(val), strlen(val));
    sb_free(&label);
    return true;
}

static bool parse_long(cli *c, const char *opt, const char *arg, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(arg, &end, 10);
    if (errno || end == arg || *end || v < lo || v > hi) {
        diag_plain_error(&c->diag, "%s expects a whole number from %ld to %ld, not '%s'", opt, lo,
                         hi, arg);
        return false;
    }
    *out = v;
    return true;
}

/* A default model name must re-parse as an identifier: other characters become '_', a
 * leading digit gets a '_' before it, and a keyword gets one after it. */
static void sanitize_model_name(char **name)
{
    static const char *const keywords[] = {"model", "const", "param", "data", "input", "let",
                                           "logp", "reparam", "check", "in", "inf", "sum",
                                           "prod", "E", "Var"};
    strbuf sb = {0};
    const char *s = *name;
    if (!*s || (*s >= '0' && *s <= '9'))
        sb_putc(&sb, '_');
    for (; *s; s++) {
        char ch = *s;
        bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
        sb_putc(&sb, ok ? ch : '_');
    }
    for (size_t i = 0; i < ARRAY_LEN(keywords); i++)
        if (strcmp(sb_str(&sb), keywords[i]) == 0)
            sb_putc(&sb, '_');
    free(*name);
    *name = sb_take(&sb);
}

void cli_error_at_logp(cli *c, const char *msg)
{
    model *m = c->model;
    if (m->ntildes > 0)
        diag_error(&c->diag, m->tildes[0]->sp, "%s", msg);
    else if (m->logp_sp.end > m->logp_sp.start)
        diag_error(&c->diag, m->logp_sp, "%s", msg);
    else
        diag_plain_error(&c->diag, "%s: %s", m->name, msg);
}

int cli_require_normalised(cli *c, bool *normalized)
{
    model *m = c->model;
    if (c->norm_state == 0) {
        c->norm_state = 4;
        /* the density is one only where every distribution argument is inside its
         * domain: at the seeded points first */
        char *aw = NULL;
        if (numcheck_args(m, &aw) == NUMCHECK_DIFFERENT) {
            diag_plain_error(&c->diag, "%s: %s", m->name, aw);
            free(aw);
            c->norm_state = 5;
            return FIMC_EXIT_NUMERIC;
        }
        free(aw);
        char *err = NULL;
        /* a conditional model whose inputs have no values: the command that needs the rows
         * says so; there is nothing to check the normalisation at */
        bool rows = numfim_rows(m, &err) > 0;
        free(err);
        if (m->ndata > 0 && rows) {
            int ndig;
            char *why = NULL;
            numcheck_result r = numcheck_mass(m, &ndig, &why);
            if (r == NUMCHECK_DIFFERENT) {
                strbuf msg = {0};
                sb_printf(&msg, "logp is not normalised: %s", why);
                cli_error_at_logp(c, sb_str(&msg));
                sb_free(&msg);
                c->norm_state = 3;
            } else if (r == NUMCHECK_UNDECIDED) {
                diag_plain_warning(&c->diag, "%s: the normalisation of logp could not be "
                                             "verified: %s",
                                   m->name, why);
                c->norm_state = 2;
            } else {
                c->norm_state = 1;
            }
            free(why);
        }
    }
    if (normalized)
        *normalized = c->norm_state == 1;
    return c->norm_state == 3 ? FIMC_EXIT_USAGE : c->norm_state == 5 ? FIMC_EXIT_NUMERIC : FIMC_EXIT_OK;
}

int cli_load_model(cli *c)
{
    if (!c->model_path) {
        diag_plain_error(&c->diag, "%s: no model file given (see 'fimc %s --help')", c->command,
                         c->command);
        return FIMC_EXIT_USAGE;
    }
    c->src = src_read(c->model_path);
    if (!c->src) {
        diag_plain_error(&c->diag, "cannot read '%s': %s", c->model_path, strerror(errno));
        return FIMC_EXIT_USAGE;
    }
    /* -D values are parsed in sources of their own, so their errors point into them. */
    bool ok = true;
    for (int i = 0; i < c->ndefs; i++) {
        diag_ctx dd;
        diag_init(&dd, c->diag.out, c->defs[i].src);
        parse_ctx pc = {.arena = &c->arena, .diag = &dd, .src = c->defs[i].src,
                        .mode = PARSE_VALUE};
        if (parse_run(&pc) != 0 || !pc.value)
            ok = false;
        c->defs[i].value = pc.value;
        c->diag.nerrors += dd.nerrors;
        pv_free(&pc.file.stmts);
    }
    if (!ok)
        return FIMC_EXIT_USAGE;
    c->diag.src = c->src;
    parse_ctx pc = {.arena = &c->arena, .diag = &c->diag, .src = c->src, .mode = PARSE_MODEL};
    int prc = parse_run(&pc);
    if (prc != 0) {
        pv_free(&pc.file.stmts);
        return FIMC_EXIT_USAGE;
    }
    /* The default model name: the file's stem ("stdin" for -). */
    char *stem;
    if (strcmp(c->model_path, "-") == 0) {
        stem = xstrdup("stdin");
    } else {
        const char *base = strrchr(c->model_path, '/');
        base = base ? base + 1 : c->model_path;
        const char *dot = strrchr(base, '.');
        stem = dot && dot != base ? xstrndup(base, (size_t)(dot - base)) : xstrdup(base);
    }
    sanitize_model_name(&stem);
    c->model = sema_analyse(&pc.file, &c->diag, stem, c->defs, c->ndefs);
    free(stem);
    pv_free(&pc.file.stmts);
    if (!c->model)
        return FIMC_EXIT_USAGE;
    for (int i = 0; i < c->ndefs; i++)
        if (!c->defs[i].used) {
            diag_plain_error(&c->diag, "-D %s: the model has no const named '%s'", c->defs[i].name,
                             c->defs[i].name);
            return FIMC_EXIT_USAGE;
        }
    /* distribution arguments proved outside their domains (a negative sd) */
    model *m = c->model;
    if (argdom_check_model(m, &c->diag) + argdom_check_reparams(m, &c->diag) > 0)
        return FIMC_EXIT_USAGE;
    /* abs/sign: a property of the model, said once by every command */
    if (m->has_abs)
        diag_warning(&c->diag, m->abs_sp,
                     "'%s' is not differentiable everywhere: the score and Hessian hold only away "
                     "from its kink, and the two forms of the FIM (E[s s^T] and -E[H]) may differ",
                     m->abs_name);
    /* Every command sees the rows of --inputs (and finite inline values). */
    return inputs_load(c->model, &c->diag, c->inputs, strcmp(c->model_path, "-") == 0);
}

static void cli_free(cli *c)
{
    model_free(c->model);
    ast_arena_free(&c->arena);
    src_free(c->src);
    for (int i = 0; i < c->ndefs; i++) {
        free(c->defs[i].name);
        src_free(c->defs[i].src);
    }
    free(c->defs);
    free(c->operands);
}

enum {
    LO_AT = 256,
    LO_DIGITS,
    LO_PREC,
    LO_INPUTS,
    LO_FORMAT,
    LO_VERSION,
    LO_EXPAND,
    LO_TAPE,
    LO_SIMULATE,
    LO_SEED,
    LO_DIR,
    LO_DATA,
    LO_METHOD,
    LO_LR,
    LO_NORMALIZE,
    LO_MPFR,
};

static const struct option long_opts[] = {
    {"at", required_argument, NULL, LO_AT},
    {"digits", required_argument, NULL, LO_DIGITS},
    {"prec", required_argument, NULL, LO_PREC},
    {"inputs", required_argument, NULL, LO_INPUTS},
    {"format", required_argument, NULL, LO_FORMAT},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, LO_VERSION},
    {"expand", no_argument, NULL, LO_EXPAND},
    {"tape", no_argument, NULL, LO_TAPE},
    {"simulate", required_argument, NULL, LO_SIMULATE},
    {"seed", required_argument, NULL, LO_SEED},
    {"dir", required_argument, NULL, LO_DIR},
    {"data", required_argument, NULL, LO_DATA},
    {"method", required_argument, NULL, LO_METHOD},
    {"lr", required_argument, NULL, LO_LR},
    {"normalize", no_argument, NULL, LO_NORMALIZE},
    {"mpfr", no_argument, NULL, LO_MPFR},
    {NULL, 0, NULL, 0},
};

static const char *opt_name(unsigned bit)
{
    switch (bit) {
    case OPT_EXPAND: return "--expand";
    case OPT_TAPE: return "--tape";
    case OPT_N: return "-N";
    case OPT_SIMULATE: return "--simulate";
    case OPT_SEED: return "--seed";
    case OPT_DIR: return "--dir";
    case OPT_DATA: return "--data";
    case OPT_METHOD: return "--method";
    case OPT_LR: return "--lr";
    case OPT_NORMALIZE: return "--normalize";
    case OPT_MPFR: return "--mpfr";
    default: return "option";
    }
}

static int run(int argc, char **argv, cli *c)
{
    unsigned given = 0;
    bool help = false, version = false;
    c->operands = xcalloc((size_t)argc + 1, sizeof *c->operands);
    opterr = 0;
    optind = 1;
    int ch;
    while ((ch = getopt_long(argc, argv, ":D:o:hN:", long_opts, NULL)) != -1) {
        switch (ch) {
        case LO_AT: c->at = optarg; given |= OPT_AT; break;
        case LO_DIGITS:
            if (!parse_long(c, "--digits", optarg, 1, 100000, &c->digits))
                return FIMC_EXIT_USAGE;
            given |= OPT_DIGITS;
            break;
        case LO_PREC:
            if (!parse_long(c, "--prec", optarg, MPFR_PREC_MIN > 2 ? MPFR_PREC_MIN : 2, 1000000,
                            &c->prec))
                return FIMC_EXIT_USAGE;
            given |= OPT_PREC;
            break;
        case 'D':
            if (!parse_define(c, optarg))
                return FIMC_EXIT_USAGE;
            given |= OPT_D;
            break;
        case LO_INPUTS: c->inputs = optarg; given |= OPT_INPUTS; break;
        case LO_FORMAT:
            if (strcmp(optarg, "text") == 0)
                c->format = FORMAT_TEXT;
            else if (strcmp(optarg, "json") == 0)
                c->format = FORMAT_JSON;
            else if (strcmp(optarg, "latex") == 0)
                c->format = FORMAT_LATEX;
            else {
                diag_plain_error(&c->diag, "--format expects text, json or latex, not '%s'",
                                 optarg);
                return FIMC_EXIT_USAGE;
            }
            c->format_given = true;
            given |= OPT_FORMAT;
            break;
        case 'o': c->output = optarg; given |= OPT_O; break;
        case 'h': help = true; break;
        case LO_VERSION: version = true; break;
        case LO_EXPAND: c->expand = true; given |= OPT_EXPAND; break;
        case LO_TAPE: c->tape = true; given |= OPT_TAPE; break;
        case 'N':
            if (!parse_long(c, "-N", optarg, 1, 1000000000000L, &c->count))
                return FIMC_EXIT_USAGE;
            given |= OPT_N;
            break;
        case LO_SIMULATE:
            if (!parse_long(c, "--simulate", optarg, 1, 100000000L, &c->simulate))
                return FIMC_EXIT_USAGE;
            given |= OPT_SIMULATE;
            break;
        case LO_SEED: given |= OPT_SEED; break;
        case LO_DIR: c->dir = optarg; given |= OPT_DIR; break;
        case LO_DATA: c->data = optarg; given |= OPT_DATA; break;
        case LO_METHOD: c->method = optarg; given |= OPT_METHOD; break;
        case LO_LR: c->lr = optarg; given |= OPT_LR; break;
        case LO_NORMALIZE: c->normalize = true; given |= OPT_NORMALIZE; break;
        case LO_MPFR: given |= OPT_MPFR; break;
        case ':':
            diag_plain_error(&c->diag, "option '%s' needs a value", argv[optind - 1]);
            return FIMC_EXIT_USAGE;
        default: {
            const char *arg = argv[optind - 1];
            const char *eq = strchr(arg, '=');
            if (strncmp(arg, "--", 2) == 0 && eq) {
                /* --name=value for an option that takes no value, or an unknown --name */
                for (const struct option *o = long_opts; o->name; o++)
                    if (strlen(o->name) == (size_t)(eq - arg - 2) &&
                        strncmp(o->name, arg + 2, (size_t)(eq - arg - 2)) == 0 &&
                        o->has_arg == no_argument) {
                        diag_plain_error(&c->diag, "option '--%s' takes no value", o->name);
                        return FIMC_EXIT_USAGE;
                    }
                diag_plain_error(&c->diag, "unknown option '%.*s' (see 'fimc --help')",
                                 (int)(eq - arg), arg);
            } else if (strncmp(arg, "--", 2) == 0 || optopt <= 0 || optopt > 127) {
                diag_plain_error(&c->diag, "unknown option '%s' (see 'fimc --help')", arg);
            } else {
                diag_plain_error(&c->diag, "unknown option '-%c' (see 'fimc --help')", optopt);
            }
            return FIMC_EXIT_USAGE;
        }
        }
    }
    for (int i = optind; i < argc; i++)
        c->operands[c->noperands++] = argv[i];

    if (version) {
        fprintf(stdout, "fimc %s\n", PACKAGE_VERSION);
        return FIMC_EXIT_OK;
    }
    if (c->noperands == 0) {
        if (help) {
            print_usage(stdout);
            return FIMC_EXIT_OK;
        }
        diag_plain_error(&c->diag, "no command given");
        print_usage(stderr);
        return FIMC_EXIT_USAGE;
    }
    c->command = c->operands[0];
    const command *cmd = find_command(c->command);
    if (!cmd) {
        if (strcmp(c->command, "help") == 0) {
            const command *sub = c->noperands > 1 ? find_command(c->operands[1]) : NULL;
            if (sub)
                print_command_help(stdout, sub);
            else
                print_usage(stdout);
            return FIMC_EXIT_OK;
        }
        diag_plain_error(&c->diag, "unknown command '%s' (see 'fimc --help')", c->command);
        return FIMC_EXIT_USAGE;
    }
    if (help) {
        print_command_help(stdout, cmd);
        return FIMC_EXIT_OK;
    }
    /* the formats a command has are the ones its usage line names */
    if (c->format == FORMAT_LATEX && !strstr(cmd->usage, "latex")) {
        diag_plain_error(&c->diag, "%s: --format latex is not available (use text or json)",
                         cmd->name);
        return FIMC_EXIT_USAGE;
    }
    unsigned extra = given & ~(unsigned)OPT_COMMON & ~cmd->opts;
    if (extra) {
        unsigned bit = extra & -extra;
        diag_plain_error(&c->diag, "option %s does not apply to '%s' (see 'fimc %s --help')",
                         opt_name(bit), cmd->name, cmd->name);
        return FIMC_EXIT_USAGE;
    }
    if (!cmd->run) {
        diag_plain_error(&c->diag, "'%s' is not available in this version of fimc", cmd->name);
        return FIMC_EXIT_USAGE;
    }
    int want = 1 + cmd->noperands + 1;
    if (c->noperands < want) {
        diag_plain_error(&c->diag, "%s: missing %s (usage: %s)", cmd->name,
                         c->noperands < want - 1 ? "operand" : "model file", cmd->usage);
        return FIMC_EXIT_USAGE;
    }
    if (c->noperands > want) {
        diag_plain_error(&c->diag, "%s: unexpected operand '%s' (usage: %s)", cmd->name,
                         c->operands[want], cmd->usage);
        return FIMC_EXIT_USAGE;
    }
    c->model_path = c->operands[want - 1];
    if (!c->output)
        return cmd->run(c);
    /* With -o, the output is collected first and the file written only when the command
     * got as far as producing output (not on a usage or model error). */
    char *buf = NULL;
    size_t len = 0;
    c->out = open_memstream(&buf, &len);
    if (!c->out) {
        c->out = stdout;
        diag_plain_error(&c->diag, "out of memory");
        return FIMC_EXIT_USAGE;
    }
    int rc = cmd->run(c);
    fclose(c->out);
    c->out = stdout;
    if (rc != FIMC_EXIT_USAGE) {
        FILE *f = fopen(c->output, "w");
        if (!f || fwrite(buf, 1, len, f) != len || fclose(f) != 0) {
            diag_plain_error(&c->diag, "cannot write '%s': %s", c->output, strerror(errno));
            rc = FIMC_EXIT_USAGE;
        }
    }
    free(buf);
    return rc;
}

int main(int argc, char **argv)
{
    cli c;
    memset(&c, 0, sizeof c);
    c.digits = 20;
    c.out = stdout;
    diag_init(&c.diag, stderr, NULL);
    int rc = run(argc, argv, &c);
    cli_free(&c);
    if (fflush(stdout) != 0 && rc == FIMC_EXIT_OK)
        rc = FIMC_EXIT_USAGE;
    flint_cleanup();
    mpfr_free_cache();
    return rc;
}
