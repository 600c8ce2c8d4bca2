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

static const char *const op_names[FIMRT_OP_COUNT] = {
    [FIMRT_OP_NEG] = "neg",
    [FIMRT_OP_ADD] = "add",
    [FIMRT_OP_SUB] = "sub",
    [FIMRT_OP_SUM] = "sum",
    [FIMRT_OP_MUL] = "mul",
    [FIMRT_OP_MUL_UI] = "mul_ui",
    [FIMRT_OP_DIV] = "div",
    [FIMRT_OP_DIV_UI] = "div_ui",
    [FIMRT_OP_SI_DIV] = "si_div",
    [FIMRT_OP_SQR] = "sqr",
    [FIMRT_OP_SQRT] = "sqrt",
    [FIMRT_OP_REC_SQRT] = "rec_sqrt",
    [FIMRT_OP_POW_SI] = "pow_si",
    [FIMRT_OP_ROOTN] = "rootn",
    [FIMRT_OP_POW] = "pow",
    [FIMRT_OP_EXP] = "exp",
    [FIMRT_OP_LOG] = "log",
    [FIMRT_OP_LOG1P] = "log1p",
    [FIMRT_OP_EXPM1] = "expm1",
    [FIMRT_OP_SIN] = "sin",
    [FIMRT_OP_COS] = "cos",
    [FIMRT_OP_TAN] = "tan",
    [FIMRT_OP_ATAN] = "atan",
    [FIMRT_OP_SINH] = "sinh",
    [FIMRT_OP_COSH] = "cosh",
    [FIMRT_OP_TANH] = "tanh",
    [FIMRT_OP_ERF] = "erf",
    [FIMRT_OP_ERFC] = "erfc",
    [FIMRT_OP_LGAMMA] = "lgamma",
    [FIMRT_OP_LFACTORIAL] = "lfactorial",
    [FIMRT_OP_LOGIT] = "logit",
    [FIMRT_OP_EXPIT] = "expit",
    [FIMRT_OP_LOG1PEXP] = "log1pexp",
    [FIMRT_OP_ABS] = "abs",
    [FIMRT_OP_SIGN] = "sign",
    [FIMRT_OP_POLYGAMMA] = "polygamma",
    [FIMRT_OP_LBETA] = "lbeta",
    [FIMRT_OP_LCHOOSE] = "lchoose",
    [FIMRT_OP_DELTA] = "delta",
    [FIMRT_OP_INDEX] = "index",
    [FIMRT_OP_OUT] = "out",
};

const char *fimrt_op_name(int op)
{
    return op >= 0 && op < FIMRT_OP_COUNT ? op_names[op] : "?";
}

/* How many slot operands (a, b) an opcode reads; -1 for the list instructions. */
static int op_arity(int op)
{
    switch (op) {
    case FIMRT_OP_SUM:
    case FIMRT_OP_INDEX:
        return -1;
    case FIMRT_OP_ADD:
    case FIMRT_OP_SUB:
    case FIMRT_OP_MUL:
    case FIMRT_OP_DIV:
    case FIMRT_OP_POW:
    case FIMRT_OP_LBETA:
    case FIMRT_OP_LCHOOSE:
    case FIMRT_OP_DELTA:
        return 2;
    default:
        return 1;
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
        case FIMRT_OP_NEG: mpfr_neg(y, a, MPFR_RNDN); break;
        case FIMRT_OP_ADD: mpfr_add(y, a, v[in->b], MPFR_RNDN); break;
        case FIMRT_OP_SUB: mpfr_sub(y, a, v[in->b], MPFR_RNDN); break;
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
        case FIMRT_OP_MUL: mpfr_mul(y, a, v[in->b], MPFR_RNDN); break;
        case FIMRT_OP_MUL_UI: mpfr_mul_ui(y, a, (unsigned long)in->imm, MPFR_RNDN); break;
        case FIMRT_OP_DIV: mpfr_div(y, a, v[in->b], MPFR_RNDN); break;
        case FIMRT_OP_DIV_UI: mpfr_div_ui(y, a, (unsigned long)in->imm, MPFR_RNDN); break;
        case FIMRT_OP_SI_DIV: mpfr_si_div(y, in->imm, a, MPFR_RNDN); break;
        case FIMRT_OP_SQR: mpfr_sqr(y, a, MPFR_RNDN); break;
        case FIMRT_OP_SQRT: mpfr_sqrt(y, a, MPFR_RNDN); break;
        case FIMRT_OP_REC_SQRT: mpfr_rec_sqrt(y, a, MPFR_RNDN); break;
        case FIMRT_OP_POW_SI: mpfr_pow_si(y, a, in->imm, MPFR_RNDN); break;
        case FIMRT_OP_ROOTN: mpfr_rootn_ui(y, a, (unsigned long)in->imm, MPFR_RNDN); break;
        case FIMRT_OP_POW: mpfr_pow(y, a, v[in->b], MPFR_RNDN); break;
        case FIMRT_OP_EXP: mpfr_exp(y, a, MPFR_RNDN); break;
        case FIMRT_OP_LOG: mpfr_log(y, a, MPFR_RNDN); break;
        case FIMRT_OP_LOG1P: mpfr_log1p(y, a, MPFR_RNDN); break;
        case FIMRT_OP_EXPM1: mpfr_expm1(y, a, MPFR_RNDN); break;
        case FIMRT_OP_SIN: mpfr_sin(y, a, MPFR_RNDN); break;
        case FIMRT_OP_COS: mpfr_cos(y, a, MPFR_RNDN); break;
        case FIMRT_OP_TAN: mpfr_tan(y, a, MPFR_RNDN); break;
        case FIMRT_OP_ATAN: mpfr_atan(y, a, MPFR_RNDN); break;
        case FIMRT_OP_SINH: mpfr_sinh(y, a, MPFR_RNDN); break;
        case FIMRT_OP_COSH: mpfr_cosh(y, a, MPFR_RNDN); break;
        case FIMRT_OP_TANH: mpfr_tanh(y, a, MPFR_RNDN); break;
        case FIMRT_OP_ERF: mpfr_erf(y, a, MPFR_RNDN); break;
        case FIMRT_OP_ERFC: mpfr_erfc(y, a, MPFR_RNDN); break;
        case FIMRT_OP_LGAMMA: mpfr_lngamma(y, a, MPFR_RNDN); break;
        case FIMRT_OP_LFACTORIAL: fimrt_lfactorial(y, a, MPFR_RNDN); break;
        case FIMRT_OP_LOGIT: fimrt_logit(y, a, MPFR_RNDN); break;
        case FIMRT_OP_EXPIT: fimrt_expit(y, a, MPFR_RNDN); break;
        case FIMRT_OP_LOG1PEXP: fimrt_log1pexp(y, a, MPFR_RNDN); break;
        case FIMRT_OP_ABS: mpfr_abs(y, a, MPFR_RNDN); break;
        case FIMRT_OP_SIGN: mpfr_set_si(y, mpfr_sgn(a), MPFR_RNDN); break;
        case FIMRT_OP_POLYGAMMA:
            fimrt_polygamma(y, (unsigned long)in->imm, a, MPFR_RNDN);
            break;
        case FIMRT_OP_LBETA: fimrt_lbeta(y, a, v[in->b], MPFR_RNDN); break;
        case FIMRT_OP_LCHOOSE: fimrt_lchoose(y, a, v[in->b], MPFR_RNDN); break;
        case FIMRT_OP_DELTA:
            mpfr_set_ui(y, mpfr_equal_p(a, v[in->b]) ? 1 : 0, MPFR_RNDN);
            break;
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
            mpfr_set_nan(y);
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
