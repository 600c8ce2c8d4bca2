/* bench/tape.c — the Normal (mu, sigma) logp + score + Hessian tape run at N data values
 * for one parameter point, the way an expectation runs it: without a bind segment
 * (fimrt_tape_eval of tape_build's tape, what fimc did before), and with the parameters
 * fixed (tape_build_fixed: fimrt_tape_bind once, then fimrt_tape_eval_bound per value;
 * and fimrt_tape_eval of that tape, which binds at every call). Built by bench/tape.sh
 * against a build directory, not by make. Prints microseconds per evaluation, best of 5
 * runs of N evaluations, at 256 and 1024 bits, and checks that the outputs agree bit for
 * bit.
 *
 *   tape MODEL [N]    (MODEL: models/normal.fim; N: 20000) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <flint/flint.h>
#include <mpfr.h>

#include "diag.h"
#include "diff.h"
#include "fimrt.h"
#include "model.h"
#include "parse.h"
#include "sema.h"
#include "tape.h"
#include "util.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

enum { MODE_PLAIN, MODE_BOUND, MODE_SPLIT_EVAL };

/* Best of 5 runs: microseconds per evaluation of N evaluations at xs[0..n). */
static double time_evals(const fimrt_tape *rt, int mode, mpfr_t *in, mpfr_t *xs, size_t n,
                         mpfr_t *out, mpfr_prec_t prec)
{
    double best = 1e300;
    fimrt_tape_state st;
    if (fimrt_tape_state_init(&st, rt, prec) != FIMRT_OK) {
        fprintf(stderr, "tape: state init failed\n");
        exit(1);
    }
    for (int run = 0; run < 5; run++) {
        double t0 = now();
        if (mode == MODE_BOUND && fimrt_tape_bind(&st, (const mpfr_t *)in) != FIMRT_OK)
            exit(1);
        for (size_t k = 0; k < n; k++) {
            int rc;
            if (mode == MODE_BOUND)
                rc = fimrt_tape_eval_bound(&st, (const mpfr_t *)&xs[k], out);
            else {
                mpfr_set(in[2], xs[k], MPFR_RNDN);
                rc = fimrt_tape_eval(&st, (const mpfr_t *)in, out);
            }
            if (rc != FIMRT_OK) {
                fprintf(stderr, "tape: evaluation failed (%d)\n", rc);
                exit(1);
            }
        }
        double us = 1e6 * (now() - t0) / (double)n;
        if (us < best)
            best = us;
    }
    fimrt_tape_state_clear(&st);
    return best;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "models/normal.fim";
    size_t n = argc > 2 ? strtoul(argv[2], NULL, 10) : 20000;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        fprintf(stderr, "tape: cannot read %s\n", path);
        return 1;
    }
    strbuf text = {0};
    char buf[4096];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, fp)) > 0)
        sb_putn(&text, buf, got);
    fclose(fp);
    size_t len = text.len;
    src_file *src = src_new(path, sb_take(&text), len);
    diag_ctx dg;
    diag_init(&dg, stderr, src);
    ast_arena arena = {0};
    parse_ctx pc = {.arena = &arena, .diag = &dg, .src = src, .mode = PARSE_MODEL};
    model *m = parse_run(&pc) == 0 ? sema_analyse(&pc.file, &dg, "normal", NULL, 0) : NULL;
    if (!m || m->nparams != 2 || m->ndata != 1 || m->ninputs) {
        fprintf(stderr, "tape: %s is not a model with two parameters and one data variable\n",
                path);
        return 1;
    }
    /* logp, the score and the upper triangle of the Hessian, as `fimc print --tape` */
    int in_syms[3] = {m->params[0], m->params[1], m->data[0]};
    expr *outs[6];
    diff_ctx dc;
    diff_init(&dc, m->ex);
    outs[0] = m->logp;
    outs[1] = diff(&dc, m->logp, m->params[0]);
    outs[2] = diff(&dc, m->logp, m->params[1]);
    outs[3] = diff(&dc, outs[1], m->params[0]);
    outs[4] = diff(&dc, outs[1], m->params[1]);
    outs[5] = diff(&dc, outs[2], m->params[1]);
    diff_free(&dc);
    tape *plain = tape_build(m->ex, 3, in_syms, 6, outs, NULL, NULL);
    tape *split = tape_build_fixed(m->ex, 3, in_syms, 2, 6, outs, NULL, NULL);
    if (!plain || !split) {
        fprintf(stderr, "tape: the model does not lower to a tape\n");
        return 1;
    }
    tape_stats sp, ss;
    tape_get_stats(plain, &sp);
    tape_get_stats(split, &ss);
    printf("%s: %zu instructions per evaluation without binding; with the parameters fixed "
           "%zu per point and %zu per data value\n",
           path, sp.ninsn - sp.ninit, ss.nbind, ss.ninsn - ss.ninit - ss.nbind);
    static const mpfr_prec_t precs[] = {256, 1024};
    for (size_t p = 0; p < sizeof precs / sizeof *precs; p++) {
        mpfr_prec_t prec = precs[p];
        mpfr_t in[3], out[6], ref[6];
        mpfr_t *xs = xmalloc(n * sizeof *xs);
        for (int i = 0; i < 3; i++)
            mpfr_init2(in[i], prec);
        for (int j = 0; j < 6; j++) {
            mpfr_init2(out[j], prec);
            mpfr_init2(ref[j], prec);
        }
        mpfr_set_str(in[0], "0.3", 10, MPFR_RNDN);
        mpfr_set_ui(in[1], 2, MPFR_RNDN);
        /* data values spread over mu ± 6 sigma, as quadrature nodes are */
        for (size_t k = 0; k < n; k++) {
            mpfr_init2(xs[k], prec);
            mpfr_set_d(xs[k], 0.3 + 12.0 * ((double)k / (double)n - 0.5), MPFR_RNDN);
        }
        /* the same bits, first */
        fimrt_tape_state a, b;
        fimrt_tape_state_init(&a, tape_runtime(plain), prec);
        fimrt_tape_state_init(&b, tape_runtime(split), prec);
        fimrt_tape_bind(&b, (const mpfr_t *)in);
        for (size_t k = 0; k < n; k += n / 100 + 1) {
            mpfr_set(in[2], xs[k], MPFR_RNDN);
            fimrt_tape_eval(&a, (const mpfr_t *)in, ref);
            fimrt_tape_eval_bound(&b, (const mpfr_t *)&xs[k], out);
            for (int j = 0; j < 6; j++)
                if (!mpfr_equal_p(ref[j], out[j])) {
                    fprintf(stderr, "tape: output %d differs at x[%zu]\n", j, k);
                    return 1;
                }
        }
        fimrt_tape_state_clear(&a);
        fimrt_tape_state_clear(&b);
        double t_plain = time_evals(tape_runtime(plain), MODE_PLAIN, in, xs, n, out, prec);
        double t_bound = time_evals(tape_runtime(split), MODE_BOUND, in, xs, n, out, prec);
        double t_split = time_evals(tape_runtime(split), MODE_SPLIT_EVAL, in, xs, n, out, prec);
        printf("%4ld bits, %zu evaluations: %.3f us/eval without binding, %.3f us/eval bound "
               "(%.2fx); fimrt_tape_eval of the split tape %.3f us/eval\n",
               (long)prec, n, t_plain, t_bound, t_plain / t_bound, t_split);
        for (int i = 0; i < 3; i++)
            mpfr_clear(in[i]);
        for (int j = 0; j < 6; j++) {
            mpfr_clear(out[j]);
            mpfr_clear(ref[j]);
        }
        for (size_t k = 0; k < n; k++)
            mpfr_clear(xs[k]);
        free(xs);
    }
    tape_free(plain);
    tape_free(split);
    model_free(m);
    pv_free(&pc.file.stmts);
    ast_arena_free(&arena);
    src_free(src);
    flint_cleanup();
    mpfr_free_cache();
    return 0;
}
