/* runtime/tape.c — the tape interpreter: straight-line programs over MPFR slots.
 *
 * A state owns nregs + nconsts mpfr_t of one precision, initialised once; the constants are
 * rounded and the constant prologue run when the state is made, so an evaluation only
 * copies the inputs in, dispatches each instruction to one MPFR (or libfimrt) call on
 * existing slots, checks that the result is a finite number, and copies each output out as
 * soon as it is known. Nothing is allocated per evaluation. See fimrt.h for the instruction set.
 *
 * A tape with a bind segment splits an evaluation in two: fimrt_tape_bind copies the fixed
 * inputs into their bound constant slots and runs the bind segment (what depends on them
 * only), fimrt_tape_eval_bound copies the varying inputs and runs the rest; the bound slots
 * are never written by the rest, so one bind serves any number of evaluations.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>
#include <mpfr.h>

#include "fimrt.h"

#define OP_NAME_(name, str, form, call) [FIMRT_OP_##name] = str,
static const char *const op_names[FIMRT_OP_COUNT] = {FIMRT_OPS(OP_NAME_)};
#undef OP_NAME_

const char *fimrt_op_name(int op)
{
    return op >= 0 && op < FIMRT_OP_COUNT ? op_names[op] : "?";
}

/* How many slot operands (a, b) each opcode reads, by its FORM; -1 for the list
 * instructions. */
#define NSLOTS_CALL1 1
#define NSLOTS_CALL2 2
#define NSLOTS_A 1
#define NSLOTS_AB 2
#define NSLOTS_A_IMM 1
#define NSLOTS_IMM_A 1
#define NSLOTS_LIST -1
#define NSLOTS_OUT 1
#define OP_NSLOTS_(name, str, form, call) [FIMRT_OP_##name] = NSLOTS_##form,
static const signed char op_nslots[FIMRT_OP_COUNT] = {FIMRT_OPS(OP_NSLOTS_)};
#undef OP_NSLOTS_

static int op_arity(int op)
{
    return op >= 0 && op < FIMRT_OP_COUNT ? op_nslots[op] : 1;
}

/* The ops that are one call come from the list; the others are written out below. */
#define APPLY_CALL1(name, call)                                                            \
    case FIMRT_OP_##name:                                                                  \
        return call(y, a, rnd);
#define APPLY_CALL2(name, call)                                                            \
    case FIMRT_OP_##name:                                                                  \
        return call(y, a, b, rnd);
#define APPLY_A(name, call)
#define APPLY_AB(name, call)
#define APPLY_A_IMM(name, call)
#define APPLY_IMM_A(name, call)
#define APPLY_LIST(name, call)
#define APPLY_OUT(name, call)
#define OP_APPLY_(name, str, form, call) APPLY_##form(name, call)

int fimrt_op_apply(int op, mpfr_t y, const mpfr_t a, const mpfr_t b, long imm, mpfr_rnd_t rnd)
{
    int eq;

    switch (op) {
    FIMRT_OPS(OP_APPLY_)
    case FIMRT_OP_MUL_UI: return mpfr_mul_ui(y, a, (unsigned long)imm, rnd);
    case FIMRT_OP_DIV_UI: return mpfr_div_ui(y, a, (unsigned long)imm, rnd);
    case FIMRT_OP_SI_DIV: return mpfr_si_div(y, imm, a, rnd);
    case FIMRT_OP_POW_SI: return mpfr_pow_si(y, a, imm, rnd);
    case FIMRT_OP_ROOTN: return mpfr_rootn_ui(y, a, (unsigned long)imm, rnd);
    case FIMRT_OP_SIGN:
        mpfr_set_si(y, mpfr_sgn(a), rnd);
        return 0;
    case FIMRT_OP_POLYGAMMA: return fimrt_polygamma(y, (unsigned long)imm, a, rnd);
    case FIMRT_OP_DELTA:
        eq = mpfr_equal_p(a, b);
        mpfr_set_ui(y, eq ? 1 : 0, rnd);
        return 0;
    default:
        mpfr_set_nan(y);
        return 0;
    }
}

static int slot_ok(const fimrt_tape *t, int s)
{
    return s >= 0 && s < t->nregs + t->nconsts;
}

static int is_bound_slot(const fimrt_tape *t, int s)
{
    return s >= t->nregs && s < t->nregs + t->nconsts &&
           t->consts[s - t->nregs].kind == FIMRT_CONST_BOUND;
}

/* May an instruction of segment seg (0 prologue, 1 bind, 2 per evaluation) read slot s?
 * def[s] says whether s was written before in the segment's run (see fimrt_tape_check). */
static int readable(const fimrt_tape *t, const unsigned char *def, int seg, int s)
{
    if (!slot_ok(t, s))
        return 0;
    return seg == 0 ? !is_bound_slot(t, s) : def[s];
}

int fimrt_tape_check(const fimrt_tape *t)
{
    size_t i, nbind;
    long j;
    int k, rc, nslots, seg = -1;
    unsigned char *written, *def;

    if (!t || t->nregs < 0 || t->nconsts < 0 || t->nin < 0 || t->nout < 0 ||
        t->nregs > INT_MAX - t->nconsts || t->ninit > t->ninsn ||
        t->nbind > t->ninsn - t->ninit || t->nfixed < 0 || t->nfixed > t->nin ||
        (t->ninsn && !t->insn) || (t->nconsts && !t->consts) || (t->nin && !t->in) ||
        (t->nargs && !t->args))
        return FIMRT_INVALID;
    nbind = t->nbind;
    nslots = t->nregs + t->nconsts;
    for (k = 0; k < t->nconsts; k++)
        if (t->consts[k].kind < FIMRT_CONST_Q || t->consts[k].kind > FIMRT_CONST_BOUND ||
            (t->consts[k].kind == FIMRT_CONST_Q && !t->consts[k].q))
            return FIMRT_INVALID;
    /* fixed inputs in bound constants (which the per-evaluation part never writes), the
     * varying ones in registers; no slot shared by a fixed and a varying input */
    for (k = 0; k < t->nin; k++)
        if (t->in[k] != -1 && (k < t->nfixed ? !is_bound_slot(t, t->in[k])
                                             : t->in[k] < 0 || t->in[k] >= t->nregs))
            return FIMRT_INVALID;
    written = calloc(t->nout ? (size_t)t->nout : 1, 1);
    def = calloc(nslots ? (size_t)nslots : 1, 1);
    if (!written || !def) {
        free(written);
        free(def);
        return FIMRT_NOMEM;
    }
    rc = FIMRT_INVALID;
    for (i = 0; i < t->ninsn; i++) {
        const fimrt_insn *in = &t->insn[i];
        int n = op_arity(in->op);
        int s_seg = i < t->ninit ? 0 : i < t->ninit + nbind ? 1 : 2;

        if (s_seg != seg) {
            /* entering a segment: what it may read without writing it first */
            seg = s_seg;
            if (seg == 1 || (seg == 2 && nbind == 0)) {
                memset(def, 0, (size_t)nslots);
                for (k = 0; k < t->nconsts; k++)
                    def[t->nregs + k] = t->consts[k].kind != FIMRT_CONST_BOUND;
                for (k = 0; k < t->nfixed; k++)
                    if (t->in[k] >= 0)
                        def[t->in[k]] = 1;
            }
            if (seg == 2) {
                /* the bound constants written by the bind segment stay; its registers
                 * are the per-evaluation part's scratch */
                memset(def, 0, (size_t)t->nregs);
                for (k = t->nfixed; k < t->nin; k++)
                    if (t->in[k] >= 0)
                        def[t->in[k]] = 1;
            }
        }
        if (in->op < 0 || in->op >= FIMRT_OP_COUNT)
            goto out;
        if (in->op == FIMRT_OP_OUT) {
            /* outputs are written per evaluation */
            if (seg != 2 || in->imm < 0 || in->imm >= t->nout || !readable(t, def, seg, in->a))
                goto out;
            written[in->imm] = 1;
            continue;
        }
        /* the prologue writes computed constants, the bind segment registers and bound
         * constants, the rest work registers */
        if (seg == 0 ? !(in->dst >= t->nregs && slot_ok(t, in->dst) &&
                         t->consts[in->dst - t->nregs].kind == FIMRT_CONST_COMPUTED)
            : seg == 1 ? !((in->dst >= 0 && in->dst < t->nregs) || is_bound_slot(t, in->dst))
                       : !(in->dst >= 0 && in->dst < t->nregs))
            goto out;
        if (n >= 1 && !readable(t, def, seg, in->a))
            goto out;
        if (n == 2 && !readable(t, def, seg, in->b))
            goto out;
        if (n < 0) {
            if (in->imm < 0 || in->b < 0 || (size_t)in->imm > t->nargs ||
                (size_t)in->b > t->nargs - (size_t)in->imm)
                goto out;
            if (in->op == FIMRT_OP_INDEX && (!readable(t, def, seg, in->a) || in->b < 1))
                goto out;
            for (j = in->imm; j < in->imm + in->b; j++) {
                int s = t->args[j];

                if (in->op == FIMRT_OP_SUM && s < 0)
                    s = ~s;
                if (!readable(t, def, seg, s) || (in->op == FIMRT_OP_SUM && s == in->dst))
                    goto out;
            }
        }
        switch (in->op) {
        case FIMRT_OP_MUL_UI:
            if (in->imm < 0)
                goto out;
            break;
        case FIMRT_OP_DIV_UI:
        case FIMRT_OP_ROOTN:
            if (in->imm <= 0)
                goto out;
            break;
        case FIMRT_OP_POLYGAMMA:
            if (in->imm < 0)
                goto out;
            break;
        default:
            break;
        }
        def[in->dst] = 1;
    }
    for (k = 0; k < t->nout; k++)
        if (!written[k])
            goto out;
    rc = FIMRT_OK;
out:
    free(written);
    free(def);
    return rc;
}

void fimrt_tape_state_clear(fimrt_tape_state *st)
{
    int i, n;

    if (st->v) {
        n = st->tape->nregs + st->tape->nconsts;
        for (i = 0; i < n; i++)
            mpfr_clear(st->v[i]);
    }
    free(st->v);
    free(st->list);
    st->v = NULL;
    st->list = NULL;
}

/* Runs insn[from..to); OUT writes into outputs. */
static int run(fimrt_tape_state *st, size_t from, size_t to, mpfr_t *outputs)
{
    const fimrt_tape *t = st->tape;
    mpfr_t *v = st->v;
    size_t i;
    long j;

    for (i = from; i < to; i++) {
        const fimrt_insn *in = &t->insn[i];
        mpfr_ptr y;
        mpfr_srcptr a = in->op == FIMRT_OP_SUM ? NULL : v[in->a];

        if (in->op == FIMRT_OP_OUT) {
            mpfr_set(outputs[in->imm], a, MPFR_RNDN);
            continue;
        }
        y = v[in->dst];
        switch (in->op) {
        case FIMRT_OP_SUM: {
            /* negative operands are negated in place (exactly) and back afterwards */
            const int *l = t->args + in->imm;

            for (j = 0; j < in->b; j++) {
                int s = l[j] < 0 ? ~l[j] : l[j];

                if (l[j] < 0)
                    mpfr_neg(v[s], v[s], MPFR_RNDN);
                st->list[j] = v[s];
            }
            mpfr_sum(y, st->list, (unsigned long)in->b, MPFR_RNDN);
            for (j = 0; j < in->b; j++)
                if (l[j] < 0)
                    mpfr_neg(v[~l[j]], v[~l[j]], MPFR_RNDN);
            break;
        }
        case FIMRT_OP_INDEX: {
            /* read the index before y (which may be its slot) is written */
            long k;

            if (!mpfr_integer_p(a) || mpfr_cmp_ui(a, 1) < 0 || mpfr_cmp_si(a, in->b) > 0) {
                st->err_insn = i;
                return FIMRT_TAPE_INDEX;
            }
            /* exact (an integer at most b, an int); mpfr_get_si would allocate */
            k = (long)mpfr_get_d(a, MPFR_RNDN);
            mpfr_set(y, v[t->args[in->imm + k - 1]], MPFR_RNDN);
            break;
        }
        default:
            fimrt_op_apply(in->op, y, a, op_arity(in->op) == 2 ? v[in->b] : NULL, in->imm,
                           MPFR_RNDN);
            break;
        }
        if (!mpfr_number_p(y)) {
            st->err_insn = i;
            return mpfr_nan_p(y) ? FIMRT_TAPE_DOMAIN : FIMRT_TAPE_POLE;
        }
    }
    return FIMRT_OK;
}

int fimrt_tape_state_init(fimrt_tape_state *st, const fimrt_tape *t, mpfr_prec_t prec)
{
    int i, n, rc;
    size_t k, maxlist = 1;
    mpq_t q;

    st->tape = t;
    st->prec = prec;
    st->v = NULL;
    st->list = NULL;
    st->err_insn = (size_t)-1;
    st->err_input = -1;
    st->bound = 0;
    if (prec < MPFR_PREC_MIN || prec > MPFR_PREC_MAX)
        return FIMRT_INVALID;
    rc = fimrt_tape_check(t);
    if (rc != FIMRT_OK)
        return rc;
    for (k = 0; k < t->ninsn; k++)
        if (t->insn[k].op == FIMRT_OP_SUM && (size_t)t->insn[k].b > maxlist)
            maxlist = (size_t)t->insn[k].b;
    n = t->nregs + t->nconsts;
    st->v = malloc((n ? (size_t)n : 1) * sizeof *st->v);
    st->list = malloc(maxlist * sizeof *st->list);
    if (!st->v || !st->list) {
        free(st->v);
        free(st->list);
        st->v = NULL;
        st->list = NULL;
        return FIMRT_NOMEM;
    }
    for (i = 0; i < n; i++) {
        mpfr_init2(st->v[i], prec);
        mpfr_set_zero(st->v[i], 1);
    }
    mpq_init(q);
    rc = FIMRT_OK;
    for (i = 0; i < t->nconsts && rc == FIMRT_OK; i++) {
        mpfr_ptr c = st->v[t->nregs + i];

        switch (t->consts[i].kind) {
        case FIMRT_CONST_Q:
            if (mpq_set_str(q, t->consts[i].q, 10) != 0 || mpz_sgn(mpq_denref(q)) == 0)
                rc = FIMRT_INVALID;
            else {
                mpq_canonicalize(q);
                mpfr_set_q(c, q, MPFR_RNDN);
            }
            break;
        case FIMRT_CONST_PI:
            mpfr_const_pi(c, MPFR_RNDN);
            break;
        case FIMRT_CONST_EULER:
            mpfr_const_euler(c, MPFR_RNDN);
            break;
        default: /* computed by the prologue */
            break;
        }
    }
    mpq_clear(q);
    if (rc == FIMRT_OK)
        rc = run(st, 0, t->ninit, NULL);
    if (rc != FIMRT_OK) {
        size_t e = st->err_insn;

        fimrt_tape_state_clear(st);
        st->err_insn = e;
    }
    return rc;
}

/* The status of input i's value x: FIMRT_OK when it is a finite number (or the input is
 * unused), else sets st->err_input. */
static int input_ok(fimrt_tape_state *st, int i, const mpfr_t x)
{
    if (st->tape->in[i] < 0 || mpfr_number_p(x))
        return FIMRT_OK;
    st->err_input = i;
    return mpfr_nan_p(x) ? FIMRT_TAPE_DOMAIN : FIMRT_TAPE_POLE;
}

/* Copies x[i - from] into input i's slot for i in from..to-1 (checked before). */
static void copy_inputs(fimrt_tape_state *st, int from, int to, const mpfr_t *x)
{
    int i;

    for (i = from; i < to; i++)
        if (st->tape->in[i] >= 0)
            mpfr_set(st->v[st->tape->in[i]], x[i - from], MPFR_RNDN);
}

/* The fixed inputs are copied in and the bind segment run; the state is bound when it
 * completes. The bind segment's work registers may be varying inputs' registers, so the
 * varying inputs are copied in only after it. */
static int run_bind(fimrt_tape_state *st, const mpfr_t *fixed)
{
    const fimrt_tape *t = st->tape;
    int rc;

    st->bound = 0;
    copy_inputs(st, 0, t->nfixed, fixed);
    rc = run(st, t->ninit, t->ninit + t->nbind, NULL);
    st->bound = rc == FIMRT_OK;
    return rc;
}

int fimrt_tape_eval(fimrt_tape_state *st, const mpfr_t *inputs, mpfr_t *outputs)
{
    const fimrt_tape *t = st->tape;
    int i, rc;

    st->err_insn = (size_t)-1;
    st->err_input = -1;
    st->bound = 0;
    /* every input first, as for a tape without a bind segment */
    for (i = 0; i < t->nin; i++)
        if ((rc = input_ok(st, i, inputs[i])) != FIMRT_OK)
            return rc;
    /* all inputs are read before an output is written: OUT comes after both copies */
    if ((rc = run_bind(st, inputs)) != FIMRT_OK)
        return rc;
    copy_inputs(st, t->nfixed, t->nin, inputs + t->nfixed);
    return run(st, t->ninit + t->nbind, t->ninsn, outputs);
}

int fimrt_tape_bind(fimrt_tape_state *st, const mpfr_t *fixed)
{
    const fimrt_tape *t = st->tape;
    int i, rc;

    st->err_insn = (size_t)-1;
    st->err_input = -1;
    st->bound = 0;
    for (i = 0; i < t->nfixed; i++)
        if ((rc = input_ok(st, i, fixed[i])) != FIMRT_OK)
            return rc;
    return run_bind(st, fixed);
}

int fimrt_tape_eval_bound(fimrt_tape_state *st, const mpfr_t *vary, mpfr_t *outputs)
{
    const fimrt_tape *t = st->tape;
    int i, rc;

    st->err_insn = (size_t)-1;
    st->err_input = -1;
    if (!st->bound && (t->nfixed || t->nbind))
        return FIMRT_INVALID;
    for (i = t->nfixed; i < t->nin; i++)
        if ((rc = input_ok(st, i, vary[i - t->nfixed])) != FIMRT_OK)
            return rc;
    copy_inputs(st, t->nfixed, t->nin, vary);
    return run(st, t->ninit + t->nbind, t->ninsn, outputs);
}
