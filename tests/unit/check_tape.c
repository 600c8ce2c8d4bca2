/* tests/unit/check_tape.c — CSE and tape lowering (compiler/tape.c) and the interpreter
 * (runtime/tape.c), against the direct evaluator (compiler/eval.c):
 *   - for the models binomial, normal, poisson and gamma (and then every model in
 *     models/), the tape of (logp, score, Hessian) at 20 seeded random points (parameters
 *     inside their domains, data in their supports) at 64, 256 and 1024 bits gives the
 *     evaluator's values TO THE LAST BIT (the sign of a zero included). Not "within 2
 *     ulps": both follow one recipe (eval.h), every step is a correctly rounded MPFR
 *     operation on the same values, and the only liberties the tape takes are exact
 *     negations moved, so the results are identical; a tolerance would only hide a recipe
 *     that drifted apart (and no ulp bound survives cancellation in a Hessian entry);
 *   - every function and power through the tape, with two derivatives;
 *   - registers: fewer than the DAG has nodes (they are reused); the d = 50 logistic
 *     regression Hessian tape's sizes;
 *   - no allocation per evaluation (GMP/MPFR allocations counted through
 *     mp_set_memory_functions; the interpreter itself has no malloc in its path);
 *   - domain errors, w[k] indexing, the printer, build errors and malformed tapes;
 *   - the bind segment (tape_build_fixed with the parameters fixed): for every model, the
 *     same instructions as the unsplit tape, and at seeded points fimrt_tape_bind +
 *     fimrt_tape_eval_bound (two parameter points bound in turn on one state) and
 *     fimrt_tape_eval of the split tape give the evaluator's bits; the Normal's
 *     per-evaluation part has no log and no power (and allocates nothing); failures in
 *     the bind segment and of its inputs; fimrt_tape_check's rules for the new fields.
 * Random points come from a GMP generator seeded from FIMC_TEST_SEED (default 12345); the
 * seed is printed with any failure. */
#include <check.h>
#include <dirent.h>
#include <flint/flint.h>
#include <gmp.h>
#include <mpfr.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diff.h"
#include "eval.h"
#include "fimrt.h"
#include "harness.h"
#include "tape.h"

#ifndef MODELS_DIR
#define MODELS_DIR "models"
#endif

static unsigned long seed = 12345; /* set once by main from FIMC_TEST_SEED */

/* ------------------------------------------------------------------------------------ */
/* Counting GMP/MPFR allocations                                                         */

static unsigned long gmp_allocs;

static void *count_alloc(size_t n)
{
    gmp_allocs++;
    void *p = malloc(n);
    if (!p)
        abort();
    return p;
}

static void *count_realloc(void *p, size_t old, size_t n)
{
    (void)old;
    gmp_allocs++;
    p = realloc(p, n);
    if (!p)
        abort();
    return p;
}

static void count_free(void *p, size_t n)
{
    (void)n;
    free(p);
}

/* ------------------------------------------------------------------------------------ */
/* Helpers                                                                               */

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    strbuf sb = {0};
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        sb_putn(&sb, buf, n);
    fclose(fp);
    return sb_take(&sb);
}

static mpfr_t *vec_new(size_t n, mpfr_prec_t prec)
{
    mpfr_t *v = xmalloc((n ? n : 1) * sizeof *v);
    for (size_t i = 0; i < n; i++)
        mpfr_init2(v[i], prec);
    return v;
}

static void vec_free(mpfr_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        mpfr_clear(v[i]);
    free(v);
}

static int map_status(int es)
{
    switch (es) {
    case EVAL_OK: return FIMRT_OK;
    case EVAL_DOMAIN: return FIMRT_TAPE_DOMAIN;
    case EVAL_POLE: return FIMRT_TAPE_POLE;
    case EVAL_INDEX: return FIMRT_TAPE_INDEX;
    default: return -1;
    }
}

/* Both agree to the last bit: the same number, or zeros of the same sign. */
static bool same_bits(const mpfr_t a, const mpfr_t b)
{
    return mpfr_equal_p(a, b) && mpfr_signbit(a) == mpfr_signbit(b);
}

/* The outputs of the tape and of the evaluator at the point vals (one per input) agree:
 * the same status, and on success the same bits. Returns the status. */
static int compare_at(const char *what, const expr_ctx *ex, const tape *t, size_t nout,
                      expr *const *outs, const int *in_syms, const mpfr_t *vals,
                      mpfr_prec_t prec)
{
    const fimrt_tape *rt = tape_runtime(t);
    fimrt_tape_state st;
    int rc = fimrt_tape_state_init(&st, rt, prec);
    ck_assert_msg(rc == FIMRT_OK, "%s: state init %d", what, rc);
    eval_ctx *ev = eval_new(ex, prec);
    for (int i = 0; i < rt->nin; i++)
        eval_set(ev, in_syms[i], vals[i]);
    mpfr_t *a = vec_new(nout, prec), *b = vec_new(nout, prec);
    int se = eval_exprs(ev, nout, outs, a);
    int stp = fimrt_tape_eval(&st, vals, b);
    ck_assert_msg(map_status(se) == stp, "seed %lu: %s at %ld bits: evaluator %s, tape status %d",
                  seed, what, (long)prec, eval_status_str(se), stp);
    for (size_t j = 0; j < nout && se == EVAL_OK; j++) {
        if (same_bits(a[j], b[j]))
            continue;
        char *s = expr_to_string(ex, outs[j]), *x = NULL, *y = NULL;
        mpfr_asprintf(&x, "%Ra", a[j]);
        mpfr_asprintf(&y, "%Ra", b[j]);
        ck_abort_msg("seed %lu: %s at %ld bits, output %zu = %s:\nevaluator %s\ntape      %s", seed,
                     what, (long)prec, j, s, x, y);
    }
    vec_free(a, nout);
    vec_free(b, nout);
    eval_free(ev);
    fimrt_tape_state_clear(&st);
    return se;
}

/* u uniform in [0, 1) at precision prec. */
static void urandom(mpfr_t u, gmp_randstate_t rs)
{
    mpfr_urandomb(u, rs);
}

/* ------------------------------------------------------------------------------------ */
/* Models: logp, score and Hessian                                                       */

typedef struct mtape {
    fx *f;
    model *m;
    eval_ctx *cev;   /* consts set, for domain bounds */
    int nin;
    int *in_syms;
    size_t nout;
    expr **outs;
    char **names;
    tape *t;
} mtape;

/* The model in `text` with its consts substituted; inputs: the parameters then the data.
 * Returns false (and frees) when the model does not analyse or has inputs. */
static bool mtape_init(mtape *mt, const char *text, const char *what)
{
    memset(mt, 0, sizeof *mt);
    mt->f = fx_analyse(text);
    mt->m = mt->f->m;
    if (!mt->m || mt->m->ninputs) {
        fx_free(mt->f);
        return false;
    }
    model *m = mt->m;
    expr_ctx *ex = m->ex;
    /* consts by their closed values */
    ptrvec cs = {0}, cv = {0};
    mt->cev = eval_new(ex, 256);
    mpfr_t v;
    mpfr_init2(v, 256);
    for (int i = 0; i < m->ndecls; i++) {
        decl *d = m->decls[i];
        if (d->kind != DECL_CONST)
            continue;
        for (int k = 0; k < (d->len ? d->len : 1); k++) {
            int s = d->sym + k;
            if (!m->closed[s])
                continue;
            pv_push(&cs, (void *)(intptr_t)s);
            pv_push(&cv, m->closed[s]);
            ck_assert_int_eq(eval_expr(mt->cev, v, m->closed[s]), EVAL_OK);
            eval_set(mt->cev, s, v);
        }
    }
    mpfr_clear(v);
    int *syms = xmalloc((cs.n + 1) * sizeof *syms);
    for (size_t i = 0; i < cs.n; i++)
        syms[i] = (int)(intptr_t)cs.v[i];
    expr *lp = expr_subst(ex, m->logp, cs.n, syms, (expr *const *)cv.v);
    free(syms);
    pv_free(&cs);
    pv_free(&cv);
    int d = m->nparams;
    mt->nin = m->nparams + m->ndata;
    mt->in_syms = xmalloc((size_t)mt->nin * sizeof *mt->in_syms);
    memcpy(mt->in_syms, m->params, (size_t)d * sizeof *mt->in_syms);
    memcpy(mt->in_syms + d, m->data, (size_t)m->ndata * sizeof *mt->in_syms);
    mt->nout = 1 + (size_t)d + (size_t)d * (size_t)d;
    mt->outs = xmalloc(mt->nout * sizeof *mt->outs);
    mt->names = xcalloc(mt->nout, sizeof *mt->names);
    diff_ctx dc;
    diff_init(&dc, ex);
    mt->outs[0] = lp;
    mt->names[0] = xstrdup("logp");
    for (int i = 0; i < d; i++) {
        const char *pi = expr_sym_get(ex, m->params[i])->name;
        expr *g = diff(&dc, lp, m->params[i]);
        strbuf sb = {0};
        sb_printf(&sb, "d/d%s", pi);
        mt->outs[1 + i] = g;
        mt->names[1 + i] = sb_take(&sb);
        for (int j = 0; j < d; j++) {
            size_t k = 1 + (size_t)d + (size_t)i * (size_t)d + (size_t)j;
            mt->outs[k] = diff(&dc, g, m->params[j]);
            sb_printf(&sb, "d2/d%s d%s", pi, expr_sym_get(ex, m->params[j])->name);
            mt->names[k] = sb_take(&sb);
        }
    }
    diff_free(&dc);
    tape_error err;
    mt->t = tape_build(ex, (size_t)mt->nin, mt->in_syms, mt->nout, mt->outs,
                       (const char *const *)mt->names, &err);
    ck_assert_msg(mt->t != NULL, "%s: tape_build failed (%d)", what, err.status);
    return true;
}

static void mtape_free(mtape *mt)
{
    tape_free(mt->t);
    for (size_t j = 0; j < mt->nout; j++)
        free(mt->names[j]);
    free(mt->names);
    free(mt->outs);
    free(mt->in_syms);
    eval_free(mt->cev);
    fx_free(mt->f);
}

/* v = a random point of symbol s's domain (parameters) or support (data). */
static void sample(mtape *mt, int s, mpfr_t v, gmp_randstate_t rs)
{
    const expr_sym_info *si = expr_sym_get(mt->m->ex, s);
    const decl *d = si->owner;
    const domain *dm = &d->dom;
    mpfr_prec_t p = mpfr_get_prec(v);
    mpfr_t u, lo, hi;
    mpfr_inits2(p, u, lo, hi, (mpfr_ptr)0);
    urandom(u, rs);
    bool has_lo = dm->kind != DOM_REAL && dm->lo, has_hi = dm->kind != DOM_REAL && dm->hi;
    if (has_lo)
        ck_assert_int_eq(eval_expr(mt->cev, lo, dm->lo), EVAL_OK);
    if (has_hi)
        ck_assert_int_eq(eval_expr(mt->cev, hi, dm->hi), EVAL_OK);
    switch (dm->kind) {
    case DOM_REAL:
    case DOM_INTERVAL:
        if (has_lo && has_hi) {
            /* lo + (hi - lo)(0.02 + 0.96 u) */
            mpfr_mul_d(u, u, 0.96, MPFR_RNDN);
            mpfr_add_d(u, u, 0.02, MPFR_RNDN);
            mpfr_sub(hi, hi, lo, MPFR_RNDN);
            mpfr_fma(v, hi, u, lo, MPFR_RNDN);
        } else if (has_lo) {
            mpfr_mul_ui(u, u, 4, MPFR_RNDN);
            mpfr_add_d(u, u, 0.05, MPFR_RNDN);
            mpfr_add(v, lo, u, MPFR_RNDN);
        } else if (has_hi) {
            mpfr_mul_ui(u, u, 4, MPFR_RNDN);
            mpfr_add_d(u, u, 0.05, MPFR_RNDN);
            mpfr_sub(v, hi, u, MPFR_RNDN);
        } else {
            mpfr_mul_ui(u, u, 6, MPFR_RNDN);
            mpfr_sub_ui(v, u, 3, MPFR_RNDN);
        }
        break;
    case DOM_RANGE: {
        /* an integer in lo..hi (lo..lo+25 when unbounded) */
        if (!has_hi)
            mpfr_add_ui(hi, lo, 25, MPFR_RNDN);
        mpfr_sub(hi, hi, lo, MPFR_RNDN);
        mpfr_add_ui(hi, hi, 1, MPFR_RNDN);
        mpfr_mul(u, u, hi, MPFR_RNDN);
        mpfr_rint_floor(u, u, MPFR_RNDN);
        mpfr_add(v, lo, u, MPFR_RNDN);
        break;
    }
    case DOM_SET: {
        mpfr_mul_ui(u, u, (unsigned long)dm->nelems, MPFR_RNDN);
        long i = mpfr_get_si(u, MPFR_RNDZ);
        ck_assert_int_eq(eval_expr(mt->cev, v, dm->elems[i]), EVAL_OK);
        break;
    }
    }
    mpfr_clears(u, lo, hi, (mpfr_ptr)0);
}

/* npoints random points at each precision: tape == evaluator, bit for bit. */
static void check_model_points(mtape *mt, const char *what, int npoints)
{
    static const mpfr_prec_t precs[] = {64, 256, 1024};
    gmp_randstate_t rs;
    gmp_randinit_default(rs);
    gmp_randseed_ui(rs, seed);
    for (size_t pi = 0; pi < ARRAY_LEN(precs); pi++) {
        mpfr_t *vals = vec_new((size_t)mt->nin, precs[pi]);
        for (int k = 0; k < npoints; k++) {
            for (int i = 0; i < mt->nin; i++)
                sample(mt, mt->in_syms[i], vals[i], rs);
            int st = compare_at(what, mt->m->ex, mt->t, mt->nout, mt->outs, mt->in_syms,
                                (const mpfr_t *)vals, precs[pi]);
            ck_assert_msg(st == EVAL_OK, "seed %lu: %s: point %d outside the domain? (%s)", seed,
                          what, k, eval_status_str(st));
        }
        vec_free(vals, (size_t)mt->nin);
    }
    gmp_randclear(rs);
}

static const char *const model_files[] = {"binomial.fim", "normal.fim", "poisson.fim", "gamma.fim"};

START_TEST(test_models)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", MODELS_DIR, model_files[_i]);
    char *text = slurp(path);
    ck_assert_msg(text != NULL, "cannot read %s", path);
    mtape mt;
    ck_assert_msg(mtape_init(&mt, text, path), "%s does not analyse", path);
    check_model_points(&mt, path, 20);
    tape_stats s;
    tape_get_stats(mt.t, &s);
    /* registers are reused: fewer than the DAG has nodes */
    ck_assert_msg(s.nregs < s.dag_nodes, "%s: %zu registers for %zu nodes", path, s.nregs,
                  s.dag_nodes);
    ck_assert_uint_eq(s.nout, mt.nout);
    fprintf(stderr, "%s (logp, score, Hessian): %zu instructions (%zu constant), %zu registers, "
                    "%zu constants, %zu DAG nodes\n",
            model_files[_i], s.ninsn, s.ninit, s.nregs, s.nconsts, s.dag_nodes);
    mtape_free(&mt);
    free(text);
}
END_TEST

START_TEST(test_every_model)
{
    /* the same on every model of the library (those without inputs), 5 points */
    DIR *dir = opendir(MODELS_DIR);
    ck_assert_msg(dir != NULL, "cannot open %s", MODELS_DIR);
    struct dirent *de;
    int n = 0;
    while ((de = readdir(dir)) != NULL) {
        size_t len = strlen(de->d_name);
        if (len < 5 || strcmp(de->d_name + len - 4, ".fim") != 0)
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", MODELS_DIR, de->d_name);
        char *text = slurp(path);
        mtape mt;
        if (text && mtape_init(&mt, text, path)) {
            check_model_points(&mt, path, 5);
            n++;
            mtape_free(&mt);
        }
        free(text);
    }
    closedir(dir);
    ck_assert_int_ge(n, 4);
}
END_TEST

/* ------------------------------------------------------------------------------------ */
/* The bind segment: the parameters fixed                                                */

/* The evaluator's outputs at vals (one per input of in_syms) into a; its status. */
static int eval_at(const expr_ctx *ex, int nin, const int *in_syms, const mpfr_t *vals,
                   size_t nout, expr *const *outs, mpfr_t *a, mpfr_prec_t prec)
{
    eval_ctx *ev = eval_new(ex, prec);
    for (int i = 0; i < nin; i++)
        eval_set(ev, in_syms[i], vals[i]);
    int se = eval_exprs(ev, nout, outs, a);
    eval_free(ev);
    return se;
}

/* a[j] and b[j] the same bits for every j < nout. */
static void assert_same_outputs(const char *what, const char *how, const expr_ctx *ex,
                                size_t nout, expr *const *outs, const mpfr_t *a,
                                const mpfr_t *b, mpfr_prec_t prec)
{
    for (size_t j = 0; j < nout; j++) {
        if (same_bits(a[j], b[j]))
            continue;
        char *s = expr_to_string(ex, outs[j]), *x = NULL, *y = NULL;
        mpfr_asprintf(&x, "%Ra", a[j]);
        mpfr_asprintf(&y, "%Ra", b[j]);
        ck_abort_msg("seed %lu: %s at %ld bits, output %zu = %s:\nevaluator %s\n%-9s %s", seed,
                     what, (long)prec, j, s, x, how, y);
    }
}

/* Instructions of each opcode in insn[from..to). */
static void count_ops(const fimrt_tape *rt, size_t from, size_t to, size_t counts[FIMRT_OP_COUNT])
{
    memset(counts, 0, FIMRT_OP_COUNT * sizeof *counts);
    for (size_t i = from; i < to; i++)
        counts[rt->insn[i].op]++;
}

/* mt's outputs with the parameters fixed. */
static tape *mtape_split(const mtape *mt, const char *what)
{
    tape_error err;
    tape *t = tape_build_fixed(mt->m->ex, (size_t)mt->nin, mt->in_syms, (size_t)mt->m->nparams,
                               mt->nout, mt->outs, (const char *const *)mt->names, &err);
    ck_assert_msg(t != NULL, "%s: tape_build_fixed failed (%d)", what, err.status);
    return t;
}

/* The split tape of mt: the same instructions as the unsplit one (hoisting only moves
 * them), a valid runtime tape; then at each precision, for two parameter points bound in
 * turn on one state (and the first bound again), npoints data points: fimrt_tape_bind +
 * fimrt_tape_eval_bound, and fimrt_tape_eval on the split tape (on a second state), give
 * the evaluator's bits. Returns the split tape's bind count. */
static size_t check_model_bound(mtape *mt, const char *what, int npoints)
{
    static const mpfr_prec_t precs[] = {64, 256, 1024};
    tape *ts = mtape_split(mt, what);
    const fimrt_tape *rs = tape_runtime(ts), *ru = tape_runtime(mt->t);
    int d = mt->m->nparams;
    ck_assert_int_eq(fimrt_tape_check(rs), FIMRT_OK);
    ck_assert_int_eq(rs->nfixed, d);
    size_t cs[FIMRT_OP_COUNT], cu[FIMRT_OP_COUNT];
    count_ops(rs, 0, rs->ninsn, cs);
    count_ops(ru, 0, ru->ninsn, cu);
    ck_assert_uint_eq(rs->ninsn, ru->ninsn);
    ck_assert_uint_eq(rs->ninit, ru->ninit);
    for (int op = 0; op < FIMRT_OP_COUNT; op++)
        ck_assert_msg(cs[op] == cu[op], "%s: %zu %s in the split tape, %zu unsplit", what, cs[op],
                      fimrt_op_name(op), cu[op]);
    gmp_randstate_t rnd;
    gmp_randinit_default(rnd);
    gmp_randseed_ui(rnd, seed + 7);
    for (size_t pi = 0; pi < ARRAY_LEN(precs); pi++) {
        mpfr_prec_t prec = precs[pi];
        mpfr_t *theta[2] = {vec_new((size_t)d, prec), vec_new((size_t)d, prec)};
        mpfr_t *vals = vec_new((size_t)mt->nin, prec);
        mpfr_t *a = vec_new(mt->nout, prec), *b = vec_new(mt->nout, prec);
        fimrt_tape_state st, st2;
        ck_assert_int_eq(fimrt_tape_state_init(&st, rs, prec), FIMRT_OK);
        ck_assert_int_eq(fimrt_tape_state_init(&st2, rs, prec), FIMRT_OK);
        for (int p = 0; p < 2; p++)
            for (int i = 0; i < d; i++)
                sample(mt, mt->in_syms[i], theta[p][i], rnd);
        for (int round = 0; round < 3; round++) {
            const mpfr_t *th = (const mpfr_t *)theta[round & 1];
            ck_assert_int_eq(fimrt_tape_bind(&st, th), FIMRT_OK);
            ck_assert(st.bound);
            for (int i = 0; i < d; i++)
                mpfr_set(vals[i], th[i], MPFR_RNDN);
            for (int k = 0; k < npoints; k++) {
                for (int i = d; i < mt->nin; i++)
                    sample(mt, mt->in_syms[i], vals[i], rnd);
                int se = eval_at(mt->m->ex, mt->nin, mt->in_syms, (const mpfr_t *)vals, mt->nout,
                                 mt->outs, a, prec);
                ck_assert_msg(se == EVAL_OK, "seed %lu: %s: point %d outside the domain? (%s)",
                              seed, what, k, eval_status_str(se));
                ck_assert_int_eq(fimrt_tape_eval_bound(&st, (const mpfr_t *)vals + d, b), FIMRT_OK);
                assert_same_outputs(what, "bound", mt->m->ex, mt->nout, mt->outs,
                                    (const mpfr_t *)a, (const mpfr_t *)b, prec);
                ck_assert_int_eq(fimrt_tape_eval(&st2, (const mpfr_t *)vals, b), FIMRT_OK);
                assert_same_outputs(what, "split", mt->m->ex, mt->nout, mt->outs,
                                    (const mpfr_t *)a, (const mpfr_t *)b, prec);
            }
        }
        fimrt_tape_state_clear(&st);
        fimrt_tape_state_clear(&st2);
        vec_free(theta[0], (size_t)d);
        vec_free(theta[1], (size_t)d);
        vec_free(vals, (size_t)mt->nin);
        vec_free(a, mt->nout);
        vec_free(b, mt->nout);
    }
    gmp_randclear(rnd);
    size_t nbind = rs->nbind;
    tape_free(ts);
    return nbind;
}

START_TEST(test_every_model_bound)
{
    /* every model of the library (without inputs), 4 data points per parameter point */
    DIR *dir = opendir(MODELS_DIR);
    ck_assert_msg(dir != NULL, "cannot open %s", MODELS_DIR);
    struct dirent *de;
    int n = 0;
    while ((de = readdir(dir)) != NULL) {
        size_t len = strlen(de->d_name);
        if (len < 5 || strcmp(de->d_name + len - 4, ".fim") != 0)
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", MODELS_DIR, de->d_name);
        char *text = slurp(path);
        mtape mt;
        if (text && mtape_init(&mt, text, path)) {
            size_t nbind = check_model_bound(&mt, path, 4);
            /* every model has parameter-only work (a log, a power, lgamma) to hoist */
            ck_assert_msg(nbind > 0, "%s: nothing hoisted", path);
            tape_stats s;
            tape_get_stats(mt.t, &s);
            fprintf(stderr, "%s: %zu of %zu instructions per point with the parameters fixed\n",
                    de->d_name, nbind, s.ninsn - s.ninit);
            n++;
            mtape_free(&mt);
        }
        free(text);
    }
    closedir(dir);
    ck_assert_int_ge(n, 4);
}
END_TEST

static const char *normal_text =
    "param mu in R\nparam sigma in (0, inf)\ndata x in R\nx ~ normal(mu, sigma)\n";

START_TEST(test_bind_normal)
{
    /* the Normal's per-evaluation part: no log (log sigma is per point), no power (sigma^2,
     * sigma^3, sigma^4 too): only arithmetic, so eval_bound allocates nothing at all */
    mtape mt;
    ck_assert(mtape_init(&mt, normal_text, "normal"));
    tape *t = mtape_split(&mt, "normal");
    const fimrt_tape *rt = tape_runtime(t);
    size_t pro[FIMRT_OP_COUNT], bind[FIMRT_OP_COUNT], rest[FIMRT_OP_COUNT];
    count_ops(rt, 0, rt->ninit, pro);
    count_ops(rt, rt->ninit, rt->ninit + rt->nbind, bind);
    count_ops(rt, rt->ninit + rt->nbind, rt->ninsn, rest);
    ck_assert_uint_eq(pro[FIMRT_OP_LOG], 1); /* log(2 pi) */
    ck_assert_uint_eq(bind[FIMRT_OP_LOG], 1); /* log(sigma) */
    ck_assert_uint_eq(rest[FIMRT_OP_LOG], 0);
    ck_assert_uint_eq(rest[FIMRT_OP_POW_SI] + rest[FIMRT_OP_POW] + rest[FIMRT_OP_SQRT], 0);
    ck_assert_uint_eq(rest[FIMRT_OP_OUT], mt.nout);
    /* every bind instruction depends on sigma (mu enters only through x - mu) */
    tape_stats s;
    tape_get_stats(t, &s);
    ck_assert_uint_eq(s.nbind, rt->nbind);
    ck_assert_uint_eq(s.nfixed, 2);
    ck_assert_uint_eq(s.nconsts + s.nbound, (size_t)rt->nconsts);
    fprintf(stderr, "normal, parameters fixed: %zu instructions, %zu constant, %zu per point, "
                    "%zu per data value; %zu registers, %zu bound\n",
            s.ninsn, s.ninit, s.nbind, s.ninsn - s.ninit - s.nbind, s.nregs, s.nbound);
    static const mpfr_prec_t precs[] = {256, 1024};
    for (size_t p = 0; p < ARRAY_LEN(precs); p++) {
        mpfr_t *vals = vec_new(3, precs[p]), *o = vec_new(mt.nout, precs[p]);
        mpfr_set_d(vals[0], -1.25, MPFR_RNDN);
        mpfr_set_d(vals[1], 2, MPFR_RNDN);
        mpfr_set_str(vals[2], "0.3", 10, MPFR_RNDN);
        fimrt_tape_state st;
        ck_assert_int_eq(fimrt_tape_state_init(&st, rt, precs[p]), FIMRT_OK);
        ck_assert_int_eq(fimrt_tape_bind(&st, (const mpfr_t *)vals), FIMRT_OK);
        ck_assert_int_eq(fimrt_tape_eval_bound(&st, (const mpfr_t *)vals + 2, o), FIMRT_OK);
        unsigned long before = gmp_allocs;
        for (int k = 0; k < 100; k++)
            ck_assert_int_eq(fimrt_tape_eval_bound(&st, (const mpfr_t *)vals + 2, o), FIMRT_OK);
        ck_assert_uint_eq(gmp_allocs - before, 0);
        /* the outputs may alias the varying input */
        mpfr_t *a = vec_new(mt.nout, precs[p]);
        ck_assert_int_eq(fimrt_tape_eval_bound(&st, (const mpfr_t *)vals + 2, a), FIMRT_OK);
        mpfr_t *al = vec_new(mt.nout, precs[p]);
        mpfr_set(al[0], vals[2], MPFR_RNDN);
        ck_assert_int_eq(fimrt_tape_eval_bound(&st, (const mpfr_t *)al, al), FIMRT_OK);
        assert_same_outputs("normal aliased", "aliased", mt.m->ex, mt.nout, mt.outs,
                            (const mpfr_t *)a, (const mpfr_t *)al, precs[p]);
        vec_free(a, mt.nout);
        vec_free(al, mt.nout);
        fimrt_tape_state_clear(&st);
        vec_free(vals, 3);
        vec_free(o, mt.nout);
    }
    tape_free(t);
    mtape_free(&mt);
}
END_TEST

START_TEST(test_bind_errors)
{
    mtape mt;
    mpfr_t v[3];
    for (int i = 0; i < 3; i++)
        mpfr_init2(v[i], 128);
    mpfr_t *o = vec_new(7, 128), *a = vec_new(7, 128);

    /* gamma with shape < 0: lgamma(shape) is NaN, in the bind segment */
    ck_assert(mtape_init(&mt, "param shape in (0, inf)\nparam rate in (0, inf)\ndata x in (0, inf)\n"
                              "x ~ gamma(shape, rate)\n", "gamma"));
    tape *t = mtape_split(&mt, "gamma");
    const fimrt_tape *rt = tape_runtime(t);
    fimrt_tape_state st;
    ck_assert_int_eq(fimrt_tape_state_init(&st, rt, 128), FIMRT_OK);
    ck_assert(!st.bound);
    mpfr_set_d(v[2], 1.5, MPFR_RNDN);
    /* never bound: eval_bound refuses */
    ck_assert_int_eq(fimrt_tape_eval_bound(&st, (const mpfr_t *)v + 2, o), FIMRT_INVALID);
    mpfr_set_d(v[0], -0.5, MPFR_RNDN);
    mpfr_set_d(v[1], 2, MPFR_RNDN);
    ck_assert_int_eq(fimrt_tape_bind(&st, (const mpfr_t *)v), FIMRT_TAPE_DOMAIN);
    ck_assert(st.err_insn >= rt->ninit && st.err_insn < rt->ninit + rt->nbind);
    ck_assert_int_eq(rt->insn[st.err_insn].op, FIMRT_OP_LGAMMA);
    ck_assert_int_eq(st.err_input, -1);
    ck_assert(!st.bound);
    ck_assert_int_eq(fimrt_tape_eval_bound(&st, (const mpfr_t *)v + 2, o), FIMRT_INVALID);
    /* fimrt_tape_eval on the split tape: the evaluator's status */
    ck_assert_int_eq(eval_at(mt.m->ex, 3, mt.in_syms, (const mpfr_t *)v, mt.nout, mt.outs, a, 128),
                     EVAL_DOMAIN);
    ck_assert_int_eq(fimrt_tape_eval(&st, (const mpfr_t *)v, o), FIMRT_TAPE_DOMAIN);
    ck_assert_int_eq(rt->insn[st.err_insn].op, FIMRT_OP_LGAMMA);
    /* a good point binds again on the same state */
    mpfr_set_d(v[0], 2.5, MPFR_RNDN);
    ck_assert_int_eq(fimrt_tape_bind(&st, (const mpfr_t *)v), FIMRT_OK);
    ck_assert_int_eq(fimrt_tape_eval_bound(&st, (const mpfr_t *)v + 2, o), FIMRT_OK);
    ck_assert_int_eq(eval_at(mt.m->ex, 3, mt.in_syms, (const mpfr_t *)v, mt.nout, mt.outs, a, 128),
                     EVAL_OK);
    assert_same_outputs("gamma", "bound", mt.m->ex, mt.nout, mt.outs, (const mpfr_t *)a,
                        (const mpfr_t *)o, 128);
    /* a failing varying input leaves the state bound; its index counts from input 0 */
    mpfr_set_nan(v[2]);
    ck_assert_int_eq(fimrt_tape_eval_bound(&st, (const mpfr_t *)v + 2, o), FIMRT_TAPE_DOMAIN);
    ck_assert_int_eq(st.err_input, 2);
    ck_assert(st.bound);
    mpfr_set_inf(v[2], 1);
    ck_assert_int_eq(fimrt_tape_eval_bound(&st, (const mpfr_t *)v + 2, o), FIMRT_TAPE_POLE);
    /* x = 0 is a pole of log x, per data value */
    mpfr_set_zero(v[2], 1);
    ck_assert_int_eq(fimrt_tape_eval_bound(&st, (const mpfr_t *)v + 2, o), FIMRT_TAPE_POLE);
    ck_assert(st.err_insn >= rt->ninit + rt->nbind);
    ck_assert(st.bound);
    /* a fixed input not a finite number: named, nothing run, unbound */
    mpfr_set_d(v[2], 1.5, MPFR_RNDN);
    mpfr_set_nan(v[1]);
    ck_assert_int_eq(fimrt_tape_bind(&st, (const mpfr_t *)v), FIMRT_TAPE_DOMAIN);
    ck_assert_int_eq(st.err_input, 1);
    ck_assert_uint_eq(st.err_insn, (size_t)-1);
    ck_assert(!st.bound);
    /* fimrt_tape_eval binds: eval_bound may follow it */
    mpfr_set_d(v[1], 0.75, MPFR_RNDN);
    ck_assert_int_eq(fimrt_tape_eval(&st, (const mpfr_t *)v, a), FIMRT_OK);
    ck_assert(st.bound);
    mpfr_set_d(v[2], 3.25, MPFR_RNDN);
    ck_assert_int_eq(fimrt_tape_eval_bound(&st, (const mpfr_t *)v + 2, o), FIMRT_OK);
    ck_assert_int_eq(fimrt_tape_eval(&st, (const mpfr_t *)v, a), FIMRT_OK);
    assert_same_outputs("gamma", "bound", mt.m->ex, mt.nout, mt.outs, (const mpfr_t *)a,
                        (const mpfr_t *)o, 128);
    fimrt_tape_state_clear(&st);
    tape_free(t);
    mtape_free(&mt);

    /* normal: sigma = 0 a pole, sigma < 0 a domain error, both at log(sigma) per point */
    ck_assert(mtape_init(&mt, normal_text, "normal"));
    t = mtape_split(&mt, "normal");
    rt = tape_runtime(t);
    ck_assert_int_eq(fimrt_tape_state_init(&st, rt, 128), FIMRT_OK);
    mpfr_set_d(v[0], 0.5, MPFR_RNDN);
    mpfr_set_ui(v[1], 0, MPFR_RNDN);
    ck_assert_int_eq(fimrt_tape_bind(&st, (const mpfr_t *)v), FIMRT_TAPE_POLE);
    ck_assert_int_eq(rt->insn[st.err_insn].op, FIMRT_OP_LOG);
    mpfr_set_si(v[1], -2, MPFR_RNDN);
    ck_assert_int_eq(fimrt_tape_bind(&st, (const mpfr_t *)v), FIMRT_TAPE_DOMAIN);
    ck_assert_int_eq(rt->insn[st.err_insn].op, FIMRT_OP_LOG);
    fimrt_tape_state_clear(&st);
    tape_free(t);
    mtape_free(&mt);

    for (int i = 0; i < 3; i++)
        mpfr_clear(v[i]);
    vec_free(o, 7);
    vec_free(a, 7);
}
END_TEST

START_TEST(test_bind_edge_cases)
{
    /* every input fixed (nothing varies: eval_bound takes no inputs), an output that is a
     * fixed input, a constant, an invariant; nfixed beyond nin counts as nin */
    expr_ctx *ex = expr_ctx_new();
    int x = expr_sym_new(ex, "x", SYM_PARAM, NULL), y = expr_sym_new(ex, "y", SYM_PARAM, NULL);
    expr *X = expr_sym(ex, x), *Y = expr_sym(ex, y);
    expr *e = expr_add2(ex, X, expr_fn1(ex, FN_EXP, Y));
    expr *o[4] = {X, expr_frac(ex, 1, 3), e, expr_fn1(ex, FN_LOG, e)};
    int both[2] = {x, y};
    tape *t = tape_build_fixed(ex, 2, both, 5, 4, o, NULL, NULL);
    ck_assert(t != NULL);
    const fimrt_tape *rt = tape_runtime(t);
    ck_assert_int_eq(rt->nfixed, 2);
    ck_assert_uint_eq(rt->nbind, 3); /* exp y, x + exp y, its log */
    ck_assert_int_eq(fimrt_tape_check(rt), FIMRT_OK);
    /* only the outs per evaluation */
    ck_assert_uint_eq(rt->ninsn, rt->ninit + rt->nbind + 4);
    fimrt_tape_state st;
    ck_assert_int_eq(fimrt_tape_state_init(&st, rt, 64), FIMRT_OK);
    mpfr_t in[2], out[4], ref[4];
    for (int i = 0; i < 2; i++)
        mpfr_init2(in[i], 64);
    for (int i = 0; i < 4; i++) {
        mpfr_init2(out[i], 64);
        mpfr_init2(ref[i], 64);
    }
    mpfr_set_d(in[0], 1.5, MPFR_RNDN);
    mpfr_set_d(in[1], -0.5, MPFR_RNDN);
    ck_assert_int_eq(fimrt_tape_bind(&st, (const mpfr_t *)in), FIMRT_OK);
    ck_assert_int_eq(fimrt_tape_eval_bound(&st, NULL, out), FIMRT_OK);
    ck_assert_int_eq(eval_at(ex, 2, both, (const mpfr_t *)in, 4, o, ref, 64), EVAL_OK);
    assert_same_outputs("all fixed", "bound", ex, 4, o, (const mpfr_t *)ref, (const mpfr_t *)out, 64);
    fimrt_tape_state_clear(&st);
    tape_free(t);
    /* nfixed = 0 is tape_build: the same tape, printed the same */
    tape *t0 = tape_build(ex, 2, both, 4, o, NULL, NULL);
    tape *t1 = tape_build_fixed(ex, 2, both, 0, 4, o, NULL, NULL);
    strbuf s0 = {0}, s1 = {0};
    tape_print(&s0, ex, t0);
    tape_print(&s1, ex, t1);
    ck_assert_str_eq(sb_str(&s0), sb_str(&s1));
    ck_assert(strstr(sb_str(&s0), "# per point") == NULL);
    ck_assert_uint_eq(tape_runtime(t1)->nbind, 0);
    ck_assert_int_eq(tape_runtime(t1)->nfixed, 0);
    sb_free(&s0);
    sb_free(&s1);
    tape_free(t0);
    tape_free(t1);
    /* a fixed input given twice is fixed once; the repeat (varying) is unused */
    int twice[3] = {x, y, x};
    t = tape_build_fixed(ex, 3, twice, 1, 1, &e, NULL, NULL);
    ck_assert(t != NULL);
    rt = tape_runtime(t);
    ck_assert_int_eq(rt->in[2], -1);
    ck_assert_int_ge(rt->in[0], rt->nregs);
    ck_assert_int_lt(rt->in[1], rt->nregs);
    ck_assert_int_eq(fimrt_tape_check(rt), FIMRT_OK);
    tape_free(t);
    for (int i = 0; i < 2; i++)
        mpfr_clear(in[i]);
    for (int i = 0; i < 4; i++) {
        mpfr_clear(out[i]);
        mpfr_clear(ref[i]);
    }
    expr_ctx_free(ex);
}
END_TEST

/* ------------------------------------------------------------------------------------ */
/* Every function and power through the tape                                             */

START_TEST(test_every_function)
{
    expr_ctx *ex = expr_ctx_new();
    int x = expr_sym_new(ex, "x", SYM_PARAM, NULL), y = expr_sym_new(ex, "y", SYM_PARAM, NULL);
    expr *X = expr_sym(ex, x), *Y = expr_sym(ex, y), *pi = expr_const(ex, CST_PI);
    expr *u = expr_add(ex, 3, (expr *[]){X, expr_mul2(ex, expr_frac(ex, -1, 3), Y), expr_int(ex, 2)});
    /* u = x - y/3 + 2 > 0 for x, y in (0.1, 3) */
    expr *big = expr_num_decimal(ex, "1e30");
    mpq_t q;
    mpq_init(q);
    mpq_set_str(q, "1000000000000000000000000000001/1000000000000000000000000000000", 10);
    expr *near1 = expr_num(ex, q); /* numerator and denominator beyond a long */
    mpq_set_str(q, "1/1180591620717411303424", 10); /* 2^-70 */
    expr *tiny = expr_num(ex, q);
    mpq_clear(q);
    expr *w = expr_fn1(ex, FN_TANH, Y); /* in (-1, 1) */
    expr *base[] = {
        expr_fn1(ex, FN_EXP, u), expr_fn1(ex, FN_LOG, u), expr_fn1(ex, FN_LOG1P, w),
        expr_fn1(ex, FN_EXPM1, w), expr_fn1(ex, FN_SIN, u), expr_fn1(ex, FN_COS, u),
        expr_fn1(ex, FN_TAN, w), expr_fn1(ex, FN_ATAN, u), expr_fn1(ex, FN_SINH, w),
        expr_fn1(ex, FN_COSH, w), expr_fn1(ex, FN_TANH, u), expr_fn1(ex, FN_ERF, w),
        expr_fn1(ex, FN_ERFC, u), expr_fn1(ex, FN_LGAMMA, u),
        expr_fn2(ex, FN_POLYGAMMA, expr_int(ex, 3), u), expr_fn2(ex, FN_LBETA, X, u),
        expr_fn2(ex, FN_LCHOOSE, expr_add2(ex, u, Y), Y), expr_fn1(ex, FN_LFACTORIAL, u),
        expr_fn1(ex, FN_LOGIT, expr_fn1(ex, FN_EXPIT, w)), expr_fn1(ex, FN_LOG1PEXP, u),
        expr_fn1(ex, FN_ABS, expr_sub(ex, X, Y)), expr_fn1(ex, FN_SIGN, expr_sub(ex, X, Y)),
        expr_mul2(ex, expr_fn2(ex, FN_DELTA, X, Y), u),
        expr_fn1(ex, FN_CBRT, expr_sub(ex, X, Y)), expr_fn1(ex, FN_LOG2, u),
        expr_pow(ex, u, expr_frac(ex, 1, 3)), expr_pow(ex, expr_sub(ex, X, Y), expr_frac(ex, -2, 3)),
        expr_pow(ex, u, expr_frac(ex, 5, 4)), expr_pow(ex, u, expr_frac(ex, -1, 2)),
        expr_pow(ex, u, expr_frac(ex, 7, 2)), expr_powi(ex, u, 7), expr_powi(ex, u, -3),
        expr_pow(ex, u, X), expr_pow(ex, expr_int(ex, 2), u), expr_pow(ex, u, near1),
        expr_pow(ex, u, tiny), expr_pow(ex, u, expr_frac(ex, 2, 7)),
        expr_mul(ex, 3, (expr *[]){big, X, expr_powi(ex, Y, -2)}),
        expr_mul(ex, 3, (expr *[]){expr_neg(ex, big), expr_powi(ex, X, -1), expr_powi(ex, Y, -3)}),
        expr_mul2(ex, tiny, X), expr_div(ex, expr_int(ex, -5), expr_mul2(ex, X, Y)),
        expr_div(ex, big, expr_mul2(ex, X, Y)),
        expr_add(ex, 4, (expr *[]){X, expr_neg(ex, Y), expr_neg(ex, expr_mul2(ex, X, Y)), pi}),
        expr_add2(ex, expr_neg(ex, X), expr_neg(ex, expr_fn1(ex, FN_EXP, Y))),
        expr_mul2(ex, expr_fn1(ex, FN_LOG, expr_mul2(ex, expr_int(ex, 2), pi)), X),
        expr_mul2(ex, expr_const(ex, CST_EULER), Y),
    };
    size_t nb = ARRAY_LEN(base);
    /* each with its two first derivatives and one second */
    size_t nout = 4 * nb;
    expr **outs = xmalloc(nout * sizeof *outs);
    diff_ctx dc;
    diff_init(&dc, ex);
    for (size_t i = 0; i < nb; i++) {
        outs[4 * i] = base[i];
        outs[4 * i + 1] = diff(&dc, base[i], x);
        outs[4 * i + 2] = diff(&dc, base[i], y);
        outs[4 * i + 3] = diff(&dc, outs[4 * i + 1], y);
    }
    diff_free(&dc);
    int in[2] = {x, y};
    tape *t = tape_build(ex, 2, in, nout, outs, NULL, NULL);
    ck_assert(t != NULL);
    gmp_randstate_t rs;
    gmp_randinit_default(rs);
    gmp_randseed_ui(rs, seed + 1);
    static const mpfr_prec_t precs[] = {53, 200, 1000};
    for (size_t pi_ = 0; pi_ < ARRAY_LEN(precs); pi_++) {
        mpfr_t *vals = vec_new(2, precs[pi_]);
        for (int k = 0; k < 12; k++) {
            for (int i = 0; i < 2; i++) {
                urandom(vals[i], rs);
                mpfr_mul_d(vals[i], vals[i], 2.9, MPFR_RNDN);
                mpfr_add_d(vals[i], vals[i], 0.1, MPFR_RNDN);
            }
            if (k == 0) /* x == y: delta 1, sign 0, a zero base */
                mpfr_set(vals[1], vals[0], MPFR_RNDN);
            int st = compare_at("functions", ex, t, nout, outs, in, (const mpfr_t *)vals, precs[pi_]);
            /* at x == y the power (x - y)^(-2/3) has a pole */
            ck_assert_int_eq(st, (k == 0 ? EVAL_POLE : EVAL_OK));
        }
        vec_free(vals, 2);
    }
    gmp_randclear(rs);
    tape_free(t);
    free(outs);
    expr_ctx_free(ex);
}
END_TEST

/* ------------------------------------------------------------------------------------ */
/* Sizes: the d = 50 logistic regression                                                  */

START_TEST(test_logistic_regression)
{
    const int d = 50;
    expr_ctx *ex = expr_ctx_new();
    int x0 = expr_vec_get(ex, expr_vec_new(ex, "x", SYM_DATA, d, NULL))->first_sym;
    int w0 = expr_vec_get(ex, expr_vec_new(ex, "w", SYM_PARAM, d, NULL))->first_sym;
    int yv = expr_sym_new(ex, "y", SYM_DATA, NULL);
    expr **t = xmalloc((size_t)d * sizeof *t);
    for (int i = 0; i < d; i++)
        t[i] = expr_mul2(ex, expr_sym(ex, w0 + i), expr_sym(ex, x0 + i));
    expr *eta = expr_add(ex, (size_t)d, t);
    free(t);
    /* y eta - log(1 + e^eta) */
    expr *lp = expr_sub(ex, expr_mul2(ex, expr_sym(ex, yv), eta), expr_fn1(ex, FN_LOG1PEXP, eta));
    size_t nout = 1 + (size_t)d + (size_t)d * (size_t)d;
    expr **outs = xmalloc(nout * sizeof *outs);
    diff_ctx dc;
    diff_init(&dc, ex);
    outs[0] = lp;
    for (int i = 0; i < d; i++) {
        outs[1 + i] = diff(&dc, lp, w0 + i);
        for (int j = 0; j < d; j++)
            outs[1 + d + i * d + j] = diff(&dc, outs[1 + i], w0 + j);
    }
    diff_free(&dc);
    int nin = 2 * d + 1;
    int *in = xmalloc((size_t)nin * sizeof *in);
    for (int i = 0; i < d; i++) {
        in[i] = w0 + i;
        in[d + i] = x0 + i;
    }
    in[2 * d] = yv;
    tape *tp = tape_build(ex, (size_t)nin, in, nout, outs, NULL, NULL);
    ck_assert(tp != NULL);
    tape_stats s;
    tape_get_stats(tp, &s);
    fprintf(stderr, "logistic regression d = %d: %zu outputs, %zu DAG nodes, %zu instructions "
                    "(%zu constant), %zu registers, %zu constants\n",
            d, s.nout, s.dag_nodes, s.ninsn, s.ninit, s.nregs, s.nconsts);
    ck_assert_msg(s.nregs < s.dag_nodes, "%zu registers for %zu nodes", s.nregs, s.dag_nodes);
    /* the Hessian -x[i] x[j] expit(eta)(1 - expit(eta)): one product per unordered pair and
     * O(d) more, shared with the score; registers: the inputs and the live pairs */
    ck_assert_msg(s.ninsn <= (size_t)(d * (d + 1) / 2 + 10 * d), "%zu instructions", s.ninsn);
    ck_assert_msg(s.nregs <= (size_t)(2 * d + 20), "%zu registers", s.nregs);
    gmp_randstate_t rs;
    gmp_randinit_default(rs);
    gmp_randseed_ui(rs, seed + 2);
    mpfr_t *vals = vec_new((size_t)nin, 256);
    for (int k = 0; k < 3; k++) {
        for (int i = 0; i < nin; i++) {
            urandom(vals[i], rs);
            mpfr_mul_ui(vals[i], vals[i], 2, MPFR_RNDN);
            mpfr_sub_ui(vals[i], vals[i], 1, MPFR_RNDN);
        }
        mpfr_set_ui(vals[2 * d], (unsigned long)(k & 1), MPFR_RNDN);
        ck_assert_int_eq(compare_at("logistic", ex, tp, nout, outs, in, (const mpfr_t *)vals, 256),
                         EVAL_OK);
    }
    vec_free(vals, (size_t)nin);
    gmp_randclear(rs);
    tape_free(tp);
    free(in);
    free(outs);
    expr_ctx_free(ex);
}
END_TEST

/* ------------------------------------------------------------------------------------ */
/* No allocation per evaluation                                                          */

/* GMP/MPFR allocations during 100 evaluations of tape t at prec bits (after one evaluation
 * to warm MPFR's constant caches), at the point vals. */
static unsigned long allocs_per_100(const tape *t, const mpfr_t *vals, mpfr_prec_t prec)
{
    const fimrt_tape *rt = tape_runtime(t);
    mpfr_t *outs = vec_new((size_t)rt->nout, prec);
    fimrt_tape_state st;
    ck_assert_int_eq(fimrt_tape_state_init(&st, rt, prec), FIMRT_OK);
    ck_assert_int_eq(fimrt_tape_eval(&st, vals, outs), FIMRT_OK);
    unsigned long before = gmp_allocs;
    for (int k = 0; k < 100; k++)
        ck_assert_int_eq(fimrt_tape_eval(&st, vals, outs), FIMRT_OK);
    unsigned long n = gmp_allocs - before;
    fimrt_tape_state_clear(&st);
    vec_free(outs, (size_t)rt->nout);
    return n;
}

static double model_allocs(const char *file)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", MODELS_DIR, file);
    char *text = slurp(path);
    mtape mt;
    ck_assert(text && mtape_init(&mt, text, path));
    gmp_randstate_t rs;
    gmp_randinit_default(rs);
    gmp_randseed_ui(rs, seed + 3);
    mpfr_t *vals = vec_new((size_t)mt.nin, 256);
    for (int i = 0; i < mt.nin; i++)
        sample(&mt, mt.in_syms[i], vals[i], rs);
    unsigned long n = allocs_per_100(mt.t, (const mpfr_t *)vals, 256);
    vec_free(vals, (size_t)mt.nin);
    gmp_randclear(rs);
    mtape_free(&mt);
    free(text);
    return n / 100.0;
}

START_TEST(test_no_allocation)
{
    /* the counter sees MPFR's allocations */
    unsigned long before = gmp_allocs;
    mpfr_t z;
    mpfr_init2(z, 256);
    mpfr_clear(z);
    ck_assert_uint_gt(gmp_allocs, before);
    /* A tape of every instruction that calls only MPFR arithmetic (add, sub, sum with
     * negated operands, mul, mul_ui, div, div_ui, si_div, sqr, sqrt, rec_sqrt, neg, abs,
     * sign, delta, index, out, constants): no allocation at all per evaluation, so the
     * interpreter allocates nothing of its own. (MPFR's log, exp, pow_si, pow, rootn and
     * the special functions allocate temporaries inside each call: that is MPFR's.) */
    fx *f = fx_analyse("param w[3] in R\nparam s in (0, inf)\ndata x in R\ndata k in {1..3}\n"
                       "logp = -(x - w[k])^2/(3*s^2) - 7/s + sqrt(s) + 2*x*w[1]*w[2]/5 "
                       "- w[3] - s*x + abs(x - w[2])*sign(x) + delta(k, 2)*x/s^(1/2) + pi*x\n");
    ck_assert_msg(f->m != NULL, "%s", fx_diags(f));
    model *m = f->m;
    diff_ctx dc;
    diff_init(&dc, m->ex);
    expr *outs[3] = {m->logp, diff(&dc, m->logp, fx_sym(f, "w[1]")),
                     diff(&dc, m->logp, fx_sym(f, "x"))};
    diff_free(&dc);
    int in[6] = {fx_sym(f, "w[1]"), fx_sym(f, "w[2]"), fx_sym(f, "w[3]"), fx_sym(f, "s"),
                 fx_sym(f, "x"), fx_sym(f, "k")};
    tape *t = tape_build(m->ex, 6, in, 3, outs, NULL, NULL);
    ck_assert(t != NULL);
    const fimrt_tape *rt = tape_runtime(t);
    bool has_sum_neg = false, has_index = false;
    for (size_t i = 0; i < rt->ninsn; i++) {
        const fimrt_insn *ins = &rt->insn[i];
        ck_assert_msg(ins->op != FIMRT_OP_LOG && ins->op != FIMRT_OP_POW_SI &&
                          ins->op != FIMRT_OP_POW && ins->op != FIMRT_OP_EXP,
                      "op %s in the arithmetic tape", fimrt_op_name(ins->op));
        has_index |= ins->op == FIMRT_OP_INDEX;
        if (ins->op == FIMRT_OP_SUM)
            for (int j = 0; j < ins->b; j++)
                has_sum_neg |= rt->args[ins->imm + j] < 0;
    }
    ck_assert(has_sum_neg && has_index);
    static const mpfr_prec_t precs[] = {64, 256, 1024, 4096};
    for (size_t p = 0; p < ARRAY_LEN(precs); p++) {
        mpfr_t *vals = vec_new(6, precs[p]);
        static const double v[6] = {0.5, -1.25, 2, 1.5, 0.3, 2};
        for (int i = 0; i < 6; i++)
            mpfr_set_d(vals[i], v[i], MPFR_RNDN);
        ck_assert_int_eq(compare_at("arithmetic", m->ex, t, 3, outs, in, (const mpfr_t *)vals,
                                    precs[p]),
                         EVAL_OK);
        ck_assert_uint_eq(allocs_per_100(t, (const mpfr_t *)vals, precs[p]), 0);
        vec_free(vals, 6);
    }
    tape_free(t);
    fx_free(f);
    fprintf(stderr, "MPFR's own allocations per evaluation at 256 bits (log, pow_si, lgamma, ...): "
                    "normal %.1f, binomial %.1f, poisson %.1f, gamma %.1f\n",
            model_allocs("normal.fim"), model_allocs("binomial.fim"), model_allocs("poisson.fim"),
            model_allocs("gamma.fim"));
}
END_TEST

/* ------------------------------------------------------------------------------------ */
/* Errors, indexing, printing                                                            */

START_TEST(test_domain_errors)
{
    mtape mt;
    ck_assert(mtape_init(&mt, normal_text, "normal"));
    mpfr_t v[3];
    for (int i = 0; i < 3; i++)
        mpfr_init2(v[i], 128);
    /* sigma = 0: log(sigma) is a pole, in both */
    mpfr_set_d(v[0], 0.5, MPFR_RNDN);
    mpfr_set_ui(v[1], 0, MPFR_RNDN);
    mpfr_set_d(v[2], 0.25, MPFR_RNDN);
    ck_assert_int_eq(compare_at("normal, sigma = 0", mt.m->ex, mt.t, mt.nout, mt.outs, mt.in_syms,
                                (const mpfr_t *)v, 128),
                     EVAL_POLE);
    /* sigma < 0: log of a negative */
    mpfr_set_si(v[1], -2, MPFR_RNDN);
    ck_assert_int_eq(compare_at("normal, sigma < 0", mt.m->ex, mt.t, mt.nout, mt.outs, mt.in_syms,
                                (const mpfr_t *)v, 128),
                     EVAL_DOMAIN);
    /* a NaN input: the tape names it */
    fimrt_tape_state st;
    ck_assert_int_eq(fimrt_tape_state_init(&st, tape_runtime(mt.t), 128), FIMRT_OK);
    mpfr_set_nan(v[2]);
    mpfr_t *o = vec_new(mt.nout, 128);
    ck_assert_int_eq(fimrt_tape_eval(&st, (const mpfr_t *)v, o), FIMRT_TAPE_DOMAIN);
    ck_assert_int_eq(st.err_input, 2);
    mpfr_set_inf(v[2], 1);
    ck_assert_int_eq(fimrt_tape_eval(&st, (const mpfr_t *)v, o), FIMRT_TAPE_POLE);
    /* the failing instruction is named */
    mpfr_set_d(v[2], 0.25, MPFR_RNDN);
    mpfr_set_si(v[1], -2, MPFR_RNDN);
    ck_assert_int_eq(fimrt_tape_eval(&st, (const mpfr_t *)v, o), FIMRT_TAPE_DOMAIN);
    ck_assert(st.err_insn < tape_runtime(mt.t)->ninsn);
    ck_assert_int_eq(tape_runtime(mt.t)->insn[st.err_insn].op, FIMRT_OP_LOG);
    vec_free(o, mt.nout);
    fimrt_tape_state_clear(&st);
    for (int i = 0; i < 3; i++)
        mpfr_clear(v[i]);
    mtape_free(&mt);

    /* gamma with shape < 0: lgamma of a negative where Gamma < 0 */
    ck_assert(mtape_init(&mt, "param shape in (0, inf)\nparam rate in (0, inf)\ndata x in (0, inf)\n"
                              "x ~ gamma(shape, rate)\n", "gamma"));
    for (int i = 0; i < 3; i++)
        mpfr_init2(v[i], 128);
    mpfr_set_d(v[0], -0.5, MPFR_RNDN);
    mpfr_set_d(v[1], 2, MPFR_RNDN);
    mpfr_set_d(v[2], 1.5, MPFR_RNDN);
    ck_assert_int_eq(compare_at("gamma, shape < 0", mt.m->ex, mt.t, mt.nout, mt.outs, mt.in_syms,
                                (const mpfr_t *)v, 128),
                     EVAL_DOMAIN);
    for (int i = 0; i < 3; i++)
        mpfr_clear(v[i]);
    mtape_free(&mt);
}
END_TEST

START_TEST(test_overflow_in_a_product)
{
    /* x*y*z is multiplied z*y first: with y = z = 2^(2^29) that overflows to Inf (a pole in
     * both), before x = 0 would turn it into a NaN */
    expr_ctx *ex = expr_ctx_new();
    int s[3] = {expr_sym_new(ex, "x", SYM_PARAM, NULL), expr_sym_new(ex, "y", SYM_PARAM, NULL),
                expr_sym_new(ex, "z", SYM_PARAM, NULL)};
    expr *e = expr_mul(ex, 3, (expr *[]){expr_sym(ex, s[0]), expr_sym(ex, s[1]), expr_sym(ex, s[2])});
    tape *t = tape_build(ex, 3, s, 1, &e, NULL, NULL);
    ck_assert(t != NULL);
    mpfr_t v[3];
    for (int i = 0; i < 3; i++)
        mpfr_init2(v[i], 64);
    mpfr_set_ui(v[0], 0, MPFR_RNDN);
    mpfr_set_ui_2exp(v[1], 1, 1L << 29, MPFR_RNDN);
    mpfr_set_ui_2exp(v[2], 1, 1L << 29, MPFR_RNDN);
    ck_assert_int_eq(compare_at("overflow", ex, t, 1, &e, s, (const mpfr_t *)v, 64), EVAL_POLE);
    for (int i = 0; i < 3; i++)
        mpfr_clear(v[i]);
    tape_free(t);
    expr_ctx_free(ex);
}
END_TEST

START_TEST(test_index)
{
    /* w[k] with k data: an index instruction over the element inputs */
    mtape mt;
    ck_assert(mtape_init(&mt,
                         "param w[3] in R\ndata k in {1..3}\n"
                         "logp = 2*w[k] - log(exp(w[1]) + exp(w[2]) + exp(w[3]))\n",
                         "index"));
    const fimrt_tape *rt = tape_runtime(mt.t);
    bool has_index = false;
    for (size_t i = 0; i < rt->ninsn; i++)
        has_index |= rt->insn[i].op == FIMRT_OP_INDEX;
    ck_assert(has_index);
    check_model_points(&mt, "index", 10);
    /* with w fixed the index (k varies) stays per evaluation, over the bound elements */
    ck_assert_uint_gt(check_model_bound(&mt, "index", 5), 0);
    mpfr_t v[4];
    for (int i = 0; i < 4; i++)
        mpfr_init2(v[i], 128);
    mpfr_set_d(v[0], 0.5, MPFR_RNDN);
    mpfr_set_d(v[1], -1, MPFR_RNDN);
    mpfr_set_d(v[2], 2, MPFR_RNDN);
    for (int k = 1; k <= 3; k++) {
        mpfr_set_ui(v[3], (unsigned long)k, MPFR_RNDN);
        ck_assert_int_eq(compare_at("index", mt.m->ex, mt.t, mt.nout, mt.outs, mt.in_syms,
                                    (const mpfr_t *)v, 128),
                         EVAL_OK);
    }
    /* outside 1..3, or not an integer: an index error in both */
    mpfr_set_ui(v[3], 4, MPFR_RNDN);
    ck_assert_int_eq(compare_at("index 4", mt.m->ex, mt.t, mt.nout, mt.outs, mt.in_syms,
                                (const mpfr_t *)v, 128),
                     EVAL_INDEX);
    mpfr_set_d(v[3], 1.5, MPFR_RNDN);
    ck_assert_int_eq(compare_at("index 1.5", mt.m->ex, mt.t, mt.nout, mt.outs, mt.in_syms,
                                (const mpfr_t *)v, 128),
                     EVAL_INDEX);
    for (int i = 0; i < 4; i++)
        mpfr_clear(v[i]);
    mtape_free(&mt);
}
END_TEST

/* The printed Normal logp tape, checked by hand against
 * logp = -(x - mu)^2/(2 sigma^2) - log(sigma) - log(2 pi)/2: the constant log(2 pi)/2 in
 * the prologue, x - mu computed in mu's register (mu and x die there), the sum of three
 * negated terms in one correctly rounded mpfr_sum. */
static const char *normal_logp_tape =
    "# 3 inputs, 1 output, 10 instructions (3 for constants), 4 registers, 4 constants\n"
    "input r0 = mu\n"
    "input r1 = sigma\n"
    "input r2 = x\n"
    "const c0 = pi\n"
    "c1 = mul_ui c0, 2\n"
    "c2 = log c1\n"
    "c3 = div_ui c2, 2\n"
    "r3 = sqr r1\n"
    "r0 = sub r2, r0\n"
    "r0 = sqr r0\n"
    "r3 = mul_ui r3, 2\n"
    "r3 = div r0, r3\n"
    "r1 = log r1\n"
    "r0 = sum -r3, -c3, -r1\n"
    "output logp = r0\n";

START_TEST(test_print)
{
    mtape mt;
    ck_assert(mtape_init(&mt, normal_text, "normal"));
    /* logp alone */
    const char *name = "logp";
    tape *t = tape_build(mt.m->ex, 3, mt.in_syms, 1, mt.outs, &name, NULL);
    strbuf sb = {0};
    tape_print(&sb, mt.m->ex, t);
    ck_assert_str_eq(sb_str(&sb), normal_logp_tape);
    sb_free(&sb);
    tape_free(t);
    /* the whole tape: a header, inputs first, one instruction a line, each output once */
    tape_print(&sb, mt.m->ex, mt.t);
    const char *s = sb_str(&sb);
    ck_assert(strncmp(s, "# 3 inputs, 7 outputs, ", 23) == 0);
    ck_assert(strstr(s, "\ninput r0 = mu\ninput r1 = sigma\ninput r2 = x\n") != NULL);
    for (size_t j = 0; j < mt.nout; j++) {
        char want[256];
        snprintf(want, sizeof want, "\noutput %s = ", mt.names[j]);
        const char *p = strstr(s, want);
        ck_assert_msg(p && !strstr(p + 1, want), "output %s not printed once", mt.names[j]);
    }
    tape_stats st;
    tape_get_stats(mt.t, &st);
    size_t lines = 0;
    for (const char *p = s; *p; p++)
        lines += *p == '\n';
    ck_assert_uint_eq(lines, 1 + st.nin + st.nconsts - st.ninit + st.ninsn + st.nout);
    sb_free(&sb);
    /* with the parameters fixed: the header counts the bind segment, the fixed inputs are
     * in bound slots, and two comment lines open the segments */
    t = mtape_split(&mt, "normal");
    tape_print(&sb, mt.m->ex, t);
    s = sb_str(&sb);
    tape_get_stats(t, &st);
    char head[256];
    snprintf(head, sizeof head,
             "# 3 inputs (2 fixed), 7 outputs, %zu instructions (%zu for constants, %zu per point), "
             "%zu registers, %zu constants, %zu bound\n",
             st.ninsn, st.ninit, st.nbind, st.nregs, st.nconsts, st.nbound);
    ck_assert_msg(strncmp(s, head, strlen(head)) == 0, "%s", s);
    ck_assert(strstr(s, "\ninput b0 = mu\ninput b1 = sigma\ninput r0 = x\n") != NULL);
    const char *pp = strstr(s, "\n# per point:\n"), *pd = strstr(s, "\n# per data value:\n");
    ck_assert(pp && pd && pp < pd);
    ck_assert(strstr(pp, "log b1\n") && strstr(pp, "log b1\n") < pd);
    lines = 0;
    for (const char *p = s; *p; p++)
        lines += *p == '\n';
    ck_assert_uint_eq(lines, 1 + st.nin + st.nconsts - st.ninit + st.ninsn + st.nout + 2);
    sb_free(&sb);
    tape_free(t);
    mtape_free(&mt);
}
END_TEST

/* The slot output j is copied from. */
static int out_slot(const fimrt_tape *rt, int j)
{
    for (size_t i = 0; i < rt->ninsn; i++)
        if (rt->insn[i].op == FIMRT_OP_OUT && rt->insn[i].imm == j)
            return rt->insn[i].a;
    return -1;
}

START_TEST(test_build_errors)
{
    expr_ctx *ex = expr_ctx_new();
    int x = expr_sym_new(ex, "x", SYM_PARAM, NULL), y = expr_sym_new(ex, "y", SYM_PARAM, NULL);
    expr *Y = expr_sym(ex, y);
    expr *e = expr_add2(ex, expr_sym(ex, x), expr_fn1(ex, FN_EXP, Y));
    tape_error err;
    ck_assert(tape_build(ex, 1, &x, 1, &e, NULL, &err) == NULL);
    ck_assert_int_eq(err.status, TAPE_UNBOUND);
    ck_assert_ptr_eq(err.node, Y);
    expr *pg = expr_fn2(ex, FN_POLYGAMMA, Y, expr_sym(ex, x));
    int both[2] = {x, y};
    ck_assert(tape_build(ex, 2, both, 1, &pg, NULL, &err) == NULL);
    ck_assert_int_eq(err.status, TAPE_UNSUPPORTED);
    /* a symbol given twice: the first is the input, the second unused */
    int twice[3] = {x, y, x};
    tape *t = tape_build(ex, 3, twice, 1, &e, NULL, &err);
    ck_assert(t != NULL);
    ck_assert_int_eq(err.status, TAPE_OK);
    ck_assert_int_eq(tape_runtime(t)->in[2], -1);
    tape_free(t);
    /* a constant domain error surfaces when the constants are computed */
    expr *bad = expr_add2(ex, expr_sym(ex, x), expr_fn1(ex, FN_LOG, expr_int(ex, -3)));
    t = tape_build(ex, 1, &x, 1, &bad, NULL, &err);
    ck_assert(t != NULL);
    ck_assert_uint_eq(tape_runtime(t)->ninit, 1);
    fimrt_tape_state st;
    ck_assert_int_eq(fimrt_tape_state_init(&st, tape_runtime(t), 64), FIMRT_TAPE_DOMAIN);
    ck_assert_uint_eq(st.err_insn, 0);
    fimrt_tape_state_clear(&st);
    tape_free(t);
    /* an output that is an input, a constant, or the same node twice */
    expr *o[4] = {expr_sym(ex, x), expr_frac(ex, 1, 3), e, e};
    t = tape_build(ex, 2, both, 4, o, NULL, &err);
    ck_assert(t != NULL);
    const fimrt_tape *rt = tape_runtime(t);
    ck_assert_int_eq(out_slot(rt, 0), rt->in[0]);
    ck_assert_int_ge(out_slot(rt, 1), rt->nregs);
    ck_assert_int_eq(out_slot(rt, 2), out_slot(rt, 3));
    ck_assert_int_eq(fimrt_tape_state_init(&st, rt, 64), FIMRT_OK);
    mpfr_t in[2], out[4];
    for (int i = 0; i < 2; i++)
        mpfr_init2(in[i], 64);
    for (int i = 0; i < 4; i++)
        mpfr_init2(out[i], 64);
    mpfr_set_d(in[0], 1.5, MPFR_RNDN);
    mpfr_set_d(in[1], 0, MPFR_RNDN);
    ck_assert_int_eq(fimrt_tape_eval(&st, (const mpfr_t *)in, out), FIMRT_OK);
    ck_assert(mpfr_cmp_d(out[0], 1.5) == 0);
    ck_assert(mpfr_cmp_d(out[2], 2.5) == 0 && mpfr_cmp_d(out[3], 2.5) == 0);
    mpfr_mul_ui(out[1], out[1], 3, MPFR_RNDN);
    ck_assert(mpfr_cmp_ui(out[1], 1) == 0);
    for (int i = 0; i < 2; i++)
        mpfr_clear(in[i]);
    for (int i = 0; i < 4; i++)
        mpfr_clear(out[i]);
    fimrt_tape_state_clear(&st);
    tape_free(t);
    expr_ctx_free(ex);
}
END_TEST

START_TEST(test_malformed_tapes)
{
    /* r1 = add r0, c0 ; output 0 = r1 */
    static const fimrt_insn good[] = {{FIMRT_OP_ADD, 1, 0, 2, 0}, {FIMRT_OP_OUT, -1, 1, 0, 0}};
    static const fimrt_const consts[] = {{FIMRT_CONST_Q, "-7/2"}};
    static const int in[] = {0};
    fimrt_tape t = {good, 2, 0, NULL, 0, 2, consts, 1, in, 1, 1, 0, 0};
    fimrt_tape_state st;
    ck_assert_int_eq(fimrt_tape_check(&t), FIMRT_OK);
    ck_assert_int_eq(fimrt_tape_state_init(&st, &t, 64), FIMRT_OK);
    mpfr_t x, y;
    mpfr_init2(x, 64);
    mpfr_init2(y, 64);
    mpfr_set_ui(x, 1, MPFR_RNDN);
    ck_assert_int_eq(fimrt_tape_eval(&st, (const mpfr_t *)&x, (mpfr_t *)&y), FIMRT_OK);
    ck_assert(mpfr_cmp_d(y, -2.5) == 0);
    /* the output may alias the input */
    ck_assert_int_eq(fimrt_tape_eval(&st, (const mpfr_t *)&x, (mpfr_t *)&x), FIMRT_OK);
    ck_assert(mpfr_cmp_d(x, -2.5) == 0);
    fimrt_tape_state_clear(&st);
    fimrt_tape_state_clear(&st); /* harmless twice */
    mpfr_clear(x);
    mpfr_clear(y);
    fimrt_insn bad[2];
    bad[1] = good[1];
    /* an operand out of range */
    bad[0] = good[0];
    bad[0].b = 3;
    t.insn = bad;
    ck_assert_int_eq(fimrt_tape_state_init(&st, &t, 64), FIMRT_INVALID);
    /* a constant written per evaluation */
    bad[0] = good[0];
    bad[0].dst = 2;
    ck_assert_int_eq(fimrt_tape_check(&t), FIMRT_INVALID);
    /* an unknown opcode */
    bad[0] = good[0];
    bad[0].op = FIMRT_OP_COUNT;
    ck_assert_int_eq(fimrt_tape_check(&t), FIMRT_INVALID);
    /* a sum writing one of its operands */
    static const int list[] = {0, ~1};
    bad[0] = (fimrt_insn){FIMRT_OP_SUM, 1, 0, 2, 0};
    t.args = list;
    t.nargs = 2;
    ck_assert_int_eq(fimrt_tape_check(&t), FIMRT_INVALID);
    bad[0].dst = 0;
    ck_assert_int_eq(fimrt_tape_check(&t), FIMRT_INVALID);
    /* a list beyond args */
    bad[0] = (fimrt_insn){FIMRT_OP_SUM, 1, 0, 3, 0};
    ck_assert_int_eq(fimrt_tape_check(&t), FIMRT_INVALID);
    /* an output never written, written in the prologue, or out of range */
    bad[0] = good[0];
    t.ninsn = 1;
    ck_assert_int_eq(fimrt_tape_check(&t), FIMRT_INVALID);
    t.ninsn = 2;
    bad[1].imm = 1;
    ck_assert_int_eq(fimrt_tape_check(&t), FIMRT_INVALID);
    bad[1] = good[1];
    ck_assert_int_eq(fimrt_tape_check(&t), FIMRT_OK);
    t.nout = 2;
    ck_assert_int_eq(fimrt_tape_check(&t), FIMRT_INVALID);
    t.nout = 1;
    /* a bad rational, a bad precision */
    static const fimrt_const badq[] = {{FIMRT_CONST_Q, "1/0"}};
    t.consts = badq;
    ck_assert_int_eq(fimrt_tape_state_init(&st, &t, 64), FIMRT_INVALID);
    t.consts = consts;
    ck_assert_int_eq(fimrt_tape_state_init(&st, &t, 0), FIMRT_INVALID);
    ck_assert_str_eq(fimrt_op_name(FIMRT_OP_POW_SI), "pow_si");
    ck_assert_str_eq(fimrt_op_name(-1), "?");
}
END_TEST

START_TEST(test_malformed_bind)
{
    /* input 0 fixed in b0, input 1 varying in r0; per point b1 = b0 * c0 (c0 = -7/2); per
     * evaluation r1 = r0 + b1, output 0 = r1. Slots: r0 r1 | c0 b0 b1 b2 */
    static const fimrt_insn good[] = {{FIMRT_OP_MUL, 4, 3, 2, 0},
                                      {FIMRT_OP_ADD, 1, 0, 4, 0},
                                      {FIMRT_OP_OUT, -1, 1, 0, 0}};
    static const fimrt_const consts[] = {{FIMRT_CONST_Q, "-7/2"},
                                         {FIMRT_CONST_BOUND, NULL},
                                         {FIMRT_CONST_BOUND, NULL},
                                         {FIMRT_CONST_BOUND, NULL}};
    static const int in[] = {3, 0};
    fimrt_tape t = {good, 3, 0, NULL, 0, 2, consts, 4, in, 2, 1, 1, 1};
    fimrt_tape_state st;
    ck_assert_int_eq(fimrt_tape_check(&t), FIMRT_OK);
    ck_assert_int_eq(fimrt_tape_state_init(&st, &t, 64), FIMRT_OK);
    mpfr_t x[2], y;
    mpfr_init2(x[0], 64);
    mpfr_init2(x[1], 64);
    mpfr_init2(y, 64);
    mpfr_set_ui(x[0], 2, MPFR_RNDN);
    mpfr_set_ui(x[1], 1, MPFR_RNDN);
    ck_assert_int_eq(fimrt_tape_eval_bound(&st, (const mpfr_t *)&x[1], &y), FIMRT_INVALID);
    ck_assert_int_eq(fimrt_tape_bind(&st, (const mpfr_t *)x), FIMRT_OK);
    ck_assert_int_eq(fimrt_tape_eval_bound(&st, (const mpfr_t *)&x[1], &y), FIMRT_OK);
    ck_assert(mpfr_cmp_si(y, -6) == 0);
    mpfr_set_d(x[1], 0.5, MPFR_RNDN);
    ck_assert_int_eq(fimrt_tape_eval_bound(&st, (const mpfr_t *)&x[1], &y), FIMRT_OK);
    ck_assert(mpfr_cmp_d(y, -6.5) == 0);
    mpfr_set_ui(x[0], 4, MPFR_RNDN);
    ck_assert_int_eq(fimrt_tape_eval(&st, (const mpfr_t *)x, &y), FIMRT_OK);
    ck_assert(mpfr_cmp_d(y, -13.5) == 0);
    fimrt_tape_state_clear(&st);

    /* a bind temporary may take the varying input's register (varying inputs are copied in
     * after the bind segment): r0 = neg b0, b1 = r0 * c0 */
    static const fimrt_insn temp[] = {{FIMRT_OP_NEG, 0, 3, 0, 0},
                                      {FIMRT_OP_MUL, 4, 0, 2, 0},
                                      {FIMRT_OP_ADD, 1, 0, 4, 0},
                                      {FIMRT_OP_OUT, -1, 1, 0, 0}};
    fimrt_tape tt = t;
    tt.insn = temp;
    tt.ninsn = 4;
    tt.nbind = 2;
    ck_assert_int_eq(fimrt_tape_state_init(&st, &tt, 64), FIMRT_OK);
    mpfr_set_ui(x[0], 2, MPFR_RNDN);
    mpfr_set_ui(x[1], 1, MPFR_RNDN);
    ck_assert_int_eq(fimrt_tape_eval(&st, (const mpfr_t *)x, &y), FIMRT_OK);
    ck_assert(mpfr_cmp_si(y, 8) == 0);
    ck_assert_int_eq(fimrt_tape_bind(&st, (const mpfr_t *)x), FIMRT_OK);
    ck_assert_int_eq(fimrt_tape_eval_bound(&st, (const mpfr_t *)&x[1], &y), FIMRT_OK);
    ck_assert(mpfr_cmp_si(y, 8) == 0);
    fimrt_tape_state_clear(&st);

    fimrt_insn bad[4];
    memcpy(bad, temp, sizeof temp);
    tt.insn = bad;
    /* the per-evaluation part reads a register the bind segment left (not a varying input,
     * not written before in the evaluation): r1 = neg b0 per point, r1 = r1 + b1 after */
    bad[0].dst = 1;
    bad[1].a = 1;
    bad[2].a = 1;
    ck_assert_int_eq(fimrt_tape_check(&tt), FIMRT_INVALID);

    t.insn = bad;
    memcpy(bad, good, sizeof good);
    ck_assert_int_eq(fimrt_tape_check(&t), FIMRT_OK);
    /* a bind instruction reading the varying input */
    bad[0].a = 0;
    ck_assert_int_eq(fimrt_tape_check(&t), FIMRT_INVALID);
    ck_assert_int_eq(fimrt_tape_state_init(&st, &t, 64), FIMRT_INVALID);
    /* ... or a bound slot nothing has written yet */
    bad[0].a = 5;
    ck_assert_int_eq(fimrt_tape_check(&t), FIMRT_INVALID);
    /* a bind instruction writing a constant that is not bound */
    bad[0] = good[0];
    bad[0].dst = 2;
    ck_assert_int_eq(fimrt_tape_check(&t), FIMRT_INVALID);
    /* the per-evaluation part writing a bound slot, or reading one never bound */
    bad[0] = good[0];
    bad[1].dst = 4;
    ck_assert_int_eq(fimrt_tape_check(&t), FIMRT_INVALID);
    bad[1] = good[1];
    bad[1].b = 5;
    ck_assert_int_eq(fimrt_tape_check(&t), FIMRT_INVALID);
    bad[1] = good[1];
    /* an output written in the bind segment */
    bad[1] = (fimrt_insn){FIMRT_OP_OUT, -1, 4, 0, 0};
    t.ninsn = 2;
    t.nbind = 2;
    ck_assert_int_eq(fimrt_tape_check(&t), FIMRT_INVALID);
    bad[1] = good[1];
    t.ninsn = 3;
    t.nbind = 1;
    ck_assert_int_eq(fimrt_tape_check(&t), FIMRT_OK);
    /* inputs: fixed in a register or an unbound constant, varying in a bound slot */
    static const int in_reg[] = {1, 0}, in_c[] = {2, 0}, in_vb[] = {3, 5};
    t.in = in_reg;
    ck_assert_int_eq(fimrt_tape_check(&t), FIMRT_INVALID);
    t.in = in_c;
    ck_assert_int_eq(fimrt_tape_check(&t), FIMRT_INVALID);
    t.in = in_vb;
    ck_assert_int_eq(fimrt_tape_check(&t), FIMRT_INVALID);
    t.in = in;
    /* sizes: nbind beyond the instructions, nfixed beyond the inputs or negative */
    t.nbind = 3;
    ck_assert_int_eq(fimrt_tape_check(&t), FIMRT_INVALID);
    t.nbind = 1;
    t.nfixed = 3;
    ck_assert_int_eq(fimrt_tape_check(&t), FIMRT_INVALID);
    t.nfixed = -1;
    ck_assert_int_eq(fimrt_tape_check(&t), FIMRT_INVALID);
    t.nfixed = 1;
    ck_assert_int_eq(fimrt_tape_check(&t), FIMRT_OK);
    /* the prologue reading a bound slot (c4 = neg b0) */
    static const fimrt_const consts_c[] = {{FIMRT_CONST_Q, "-7/2"},
                                           {FIMRT_CONST_BOUND, NULL},
                                           {FIMRT_CONST_BOUND, NULL},
                                           {FIMRT_CONST_BOUND, NULL},
                                           {FIMRT_CONST_COMPUTED, NULL}};
    static const fimrt_insn pro[] = {{FIMRT_OP_NEG, 6, 3, 0, 0},
                                     {FIMRT_OP_MUL, 4, 3, 2, 0},
                                     {FIMRT_OP_ADD, 1, 0, 4, 0},
                                     {FIMRT_OP_OUT, -1, 1, 0, 0}};
    fimrt_tape tp = {pro, 4, 1, NULL, 0, 2, consts_c, 5, in, 2, 1, 1, 1};
    ck_assert_int_eq(fimrt_tape_check(&tp), FIMRT_INVALID);

    /* a tape with nothing to bind: eval_bound is eval, without a bind */
    static const fimrt_insn plain[] = {{FIMRT_OP_ADD, 1, 0, 2, 0}, {FIMRT_OP_OUT, -1, 1, 0, 0}};
    static const int in1[] = {0};
    fimrt_tape t0 = {plain, 2, 0, NULL, 0, 2, consts, 1, in1, 1, 1, 0, 0};
    ck_assert_int_eq(fimrt_tape_state_init(&st, &t0, 64), FIMRT_OK);
    mpfr_set_ui(x[0], 1, MPFR_RNDN);
    ck_assert_int_eq(fimrt_tape_eval_bound(&st, (const mpfr_t *)x, &y), FIMRT_OK);
    ck_assert(mpfr_cmp_d(y, -2.5) == 0);
    ck_assert_int_eq(fimrt_tape_bind(&st, NULL), FIMRT_OK);
    fimrt_tape_state_clear(&st);
    mpfr_clear(x[0]);
    mpfr_clear(x[1]);
    mpfr_clear(y);
}
END_TEST

/* ------------------------------------------------------------------------------------ */
/* Timing (printed, not asserted)                                                        */

START_TEST(test_timing)
{
    mtape mt;
    ck_assert(mtape_init(&mt, normal_text, "normal"));
    tape *split = mtape_split(&mt, "normal");
    static const mpfr_prec_t precs[] = {256, 1024};
    for (size_t p = 0; p < ARRAY_LEN(precs); p++) {
        mpfr_t *vals = vec_new(3, precs[p]), *outs = vec_new(mt.nout, precs[p]);
        mpfr_set_d(vals[0], -1.25, MPFR_RNDN);
        mpfr_set_d(vals[1], 2, MPFR_RNDN);
        mpfr_set_str(vals[2], "0.3", 10, MPFR_RNDN);
        fimrt_tape_state st;
        ck_assert_int_eq(fimrt_tape_state_init(&st, tape_runtime(mt.t), precs[p]), FIMRT_OK);
        int reps = 5000;
        clock_t c0 = clock();
        for (int k = 0; k < reps; k++)
            fimrt_tape_eval(&st, (const mpfr_t *)vals, outs);
        double sec = (double)(clock() - c0) / CLOCKS_PER_SEC;
        fimrt_tape_state_clear(&st);
        /* the parameters fixed: bound once, then only the per-data-value part */
        ck_assert_int_eq(fimrt_tape_state_init(&st, tape_runtime(split), precs[p]), FIMRT_OK);
        ck_assert_int_eq(fimrt_tape_bind(&st, (const mpfr_t *)vals), FIMRT_OK);
        c0 = clock();
        for (int k = 0; k < reps; k++)
            fimrt_tape_eval_bound(&st, (const mpfr_t *)vals + 2, outs);
        double bsec = (double)(clock() - c0) / CLOCKS_PER_SEC;
        fprintf(stderr, "normal logp+score+Hessian tape at %ld bits: %.2f us per evaluation, "
                        "%.2f us bound\n",
                (long)precs[p], 1e6 * sec / reps, 1e6 * bsec / reps);
        fimrt_tape_state_clear(&st);
        vec_free(vals, 3);
        vec_free(outs, mt.nout);
    }
    tape_stats s;
    tape_get_stats(mt.t, &s);
    fprintf(stderr, "normal: %zu instructions (%zu constant), %zu registers, %zu DAG nodes\n",
            s.ninsn, s.ninit, s.nregs, s.dag_nodes);
    tape_free(split);
    mtape_free(&mt);
}
END_TEST

static Suite *tape_suite(void)
{
    Suite *s = suite_create("tape");
    TCase *tc = tcase_create("models");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_models, 0, (int)ARRAY_LEN(model_files));
    tcase_add_test(tc, test_every_model);
    tcase_add_test(tc, test_every_model_bound);
    tcase_add_test(tc, test_every_function);
    tcase_add_test(tc, test_logistic_regression);
    suite_add_tcase(s, tc);
    tc = tcase_create("runtime");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_no_allocation);
    tcase_add_test(tc, test_domain_errors);
    tcase_add_test(tc, test_bind_normal);
    tcase_add_test(tc, test_bind_errors);
    tcase_add_test(tc, test_bind_edge_cases);
    tcase_add_test(tc, test_overflow_in_a_product);
    tcase_add_test(tc, test_index);
    tcase_add_test(tc, test_print);
    tcase_add_test(tc, test_build_errors);
    tcase_add_test(tc, test_malformed_tapes);
    tcase_add_test(tc, test_malformed_bind);
    tcase_add_test(tc, test_timing);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    const char *e = getenv("FIMC_TEST_SEED");
    if (e && *e)
        seed = strtoul(e, NULL, 10);
    /* before MPFR's first allocation, so that it takes these functions */
    mp_set_memory_functions(count_alloc, count_realloc, count_free);
    SRunner *sr = srunner_create(tape_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    flint_cleanup();
    mpfr_free_cache();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
