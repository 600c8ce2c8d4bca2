/* compiler/core/print_latex.c — expressions as LaTeX a user can paste into a paper.
 *
 * Same structure as the text printer: sums with positive terms first, products with
 * negative powers as \frac{..}{..}, x^(1/2) as \sqrt{x}. Functions: \log, \exp, \psi,
 * \psi^{(k)}, \ln\Gamma, \operatorname{..} for the rest; Greek parameter names become Greek
 * letters, vector elements subscripts (w[2] is w_{2}), other multi-letter names \mathit. */
#include "print_latex.h"
#include "print_parts.h"

#include <stdlib.h>
#include <string.h>

enum { L_SUM = 1, L_PROD, L_NEG, L_POW, L_ATOM };

static void lnode(strbuf *sb, const expr_ctx *ctx, const expr *e);

static const char *const greek[] = {
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
    "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi",
    "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi",
    "Omega", "varepsilon", "vartheta", "varphi", "varrho", "varsigma",
};

static bool is_greek(const char *s, size_t n)
{
    for (size_t i = 0; i < ARRAY_LEN(greek); i++)
        if (strlen(greek[i]) == n && strncmp(greek[i], s, n) == 0)
            return true;
    return false;
}

/* A name: theta -> \theta, x -> x, w[2] -> w_{2}, sigma_x -> \sigma_{x}, rate -> \mathit{rate}. */
void latex_name(strbuf *sb, const char *name)
{
    const char *br = strchr(name, '[');
    size_t base = br ? (size_t)(br - name) : strlen(name);
    const char *us = memchr(name, '_', base);
    size_t head = us ? (size_t)(us - name) : base;
    if (is_greek(name, head)) {
        sb_putc(sb, '\\');
        sb_putn(sb, name, head);
    } else if (head == 1) {
        sb_putn(sb, name, 1);
    } else {
        sb_puts(sb, "\\mathit{");
        for (size_t i = 0; i < (us ? base : head); i++) {
            if (name[i] == '_')
                sb_puts(sb, "\\_");
            else
                sb_putc(sb, name[i]);
        }
        sb_putc(sb, '}');
        us = NULL;
    }
    bool sub = us || br;
    if (sub) {
        sb_puts(sb, "_{");
        if (us && us + 1 < name + base) {
            sb_putn(sb, us + 1, (size_t)(name + base - us - 1));
            if (br)
                sb_putc(sb, ',');
        }
        if (br) {
            const char *end = strchr(br, ']');
            sb_putn(sb, br + 1, end ? (size_t)(end - br - 1) : strlen(br + 1));
        }
        sb_putc(sb, '}');
    }
}

static int lprec(const expr *e)
{
    switch (e->kind) {
    case EXPR_NUM:
        return mpq_sgn(e->q) < 0 ? L_NEG : L_ATOM; /* \frac{1}{3} is an atom */
    case EXPR_POW:
        if (print_is_denominator(e))
            return L_ATOM; /* \frac */
        return print_is_half(e->args[1]) ? L_ATOM : L_POW;
    case EXPR_MUL: {
        mpq_srcptr coef;
        expr *const *f;
        size_t n;
        print_as_product(&e, &coef, &f, &n);
        if (coef && mpq_sgn(coef) < 0)
            return L_NEG;
        return L_PROD;
    }
    case EXPR_ADD:
        return L_SUM;
    default:
        return L_ATOM;
    }
}

static void lprec_print(strbuf *sb, const expr_ctx *ctx, const expr *e, int min)
{
    if (lprec(e) < min) {
        sb_puts(sb, "\\left(");
        lnode(sb, ctx, e);
        sb_puts(sb, "\\right)");
    } else {
        lnode(sb, ctx, e);
    }
}

static void lmpz(strbuf *sb, mpz_srcptr z)
{
    char *s = xmalloc(mpz_sizeinbase(z, 10) + 2);
    mpz_get_str(s, 10, z);
    sb_puts(sb, s);
    free(s);
}

static void lrational(strbuf *sb, mpq_srcptr q)
{
    if (mpz_cmp_ui(mpq_denref(q), 1) == 0) {
        lmpz(sb, mpq_numref(q));
        return;
    }
    if (mpq_sgn(q) < 0)
        sb_putc(sb, '-');
    sb_puts(sb, "\\frac{");
    mpz_t a;
    mpz_init(a);
    mpz_abs(a, mpq_numref(q));
    lmpz(sb, a);
    mpz_clear(a);
    sb_puts(sb, "}{");
    lmpz(sb, mpq_denref(q));
    sb_putc(sb, '}');
}

/* base^r, r > 0 rational. */
static void lpower(strbuf *sb, const expr_ctx *ctx, const expr *base, mpq_srcptr r)
{
    if (mpq_cmp_ui(r, 1, 1) == 0) {
        lprec_print(sb, ctx, base, L_POW);
        return;
    }
    if (mpq_cmp_ui(r, 1, 2) == 0) {
        sb_puts(sb, "\\sqrt{");
        lnode(sb, ctx, base);
        sb_putc(sb, '}');
        return;
    }
    /* A function call as a base: \log^2 would be ambiguous; parenthesise it. */
    if (base->kind == EXPR_FN)
        sb_puts(sb, "\\left("), lnode(sb, ctx, base), sb_puts(sb, "\\right)");
    else
        lprec_print(sb, ctx, base, L_ATOM);
    sb_puts(sb, "^{");
    lrational(sb, r);
    sb_putc(sb, '}');
}

/* The factors of one side of a product (den: the negative powers, flipped). A lone factor
 * inside \frac{..}{..} needs no parentheses; several are juxtaposed, sums parenthesised. */
static void lfactors(strbuf *sb, const expr_ctx *ctx, expr *const *f, size_t n, bool den,
                     bool *first, bool alone)
{
    mpq_t r;
    mpq_init(r);
    for (size_t i = 0; i < n; i++) {
        if (print_is_denominator(f[i]) != den)
            continue;
        if (!*first)
            sb_puts(sb, " ");
        *first = false;
        const expr *base = den ? f[i]->args[0] : f[i];
        if (den)
            mpq_neg(r, f[i]->args[1]->q);
        else
            mpq_set_ui(r, 1, 1);
        if (alone && mpq_cmp_ui(r, 1, 1) == 0)
            lnode(sb, ctx, base);
        else if (den)
            lpower(sb, ctx, base, r);
        else if (base->kind == EXPR_ADD)
            lprec_print(sb, ctx, base, L_POW);
        else
            lnode(sb, ctx, base);
    }
    mpq_clear(r);
}

static void lproduct(strbuf *sb, const expr_ctx *ctx, mpq_srcptr coef, expr *const *f, size_t n,
                     bool negate)
{
    mpq_t c;
    mpq_init(c);
    if (coef)
        mpq_set(c, coef);
    else
        mpq_set_ui(c, 1, 1);
    if (negate)
        mpq_neg(c, c);
    if (mpq_sgn(c) < 0)
        sb_putc(sb, '-');
    mpq_abs(c, c);
    size_t nnum = 0, nden = 0;
    for (size_t i = 0; i < n; i++)
        print_is_denominator(f[i]) ? nden++ : nnum++;
    bool cden = mpz_cmp_ui(mpq_denref(c), 1) != 0;
    bool cnum = mpz_cmp_ui(mpq_numref(c), 1) != 0;
    if (nden == 0 && !cden) {
        bool first = true;
        if (cnum || nnum == 0) {
            lmpz(sb, mpq_numref(c));
            first = false;
        }
        lfactors(sb, ctx, f, n, false, &first, false);
    } else {
        sb_puts(sb, "\\frac{");
        bool first = true;
        if (cnum || nnum == 0) {
            lmpz(sb, mpq_numref(c));
            first = false;
        }
        lfactors(sb, ctx, f, n, false, &first, first && nnum == 1);
        sb_puts(sb, "}{");
        first = true;
        if (cden) {
            lmpz(sb, mpq_denref(c));
            first = false;
        }
        lfactors(sb, ctx, f, n, true, &first, first && nden == 1);
        sb_putc(sb, '}');
    }
    mpq_clear(c);
}

static void lterm(strbuf *sb, const expr_ctx *ctx, const expr *t, bool negate)
{
    if (t->kind == EXPR_NUM) {
        mpq_t a;
        mpq_init(a);
        mpq_set(a, t->q);
        if (negate)
            mpq_neg(a, a);
        lrational(sb, a);
        mpq_clear(a);
        return;
    }
    mpq_srcptr coef;
    expr *const *f;
    size_t n;
    print_as_product(&t, &coef, &f, &n);
    lproduct(sb, ctx, coef, f, n, negate);
}

static void lsum(strbuf *sb, const expr_ctx *ctx, const expr *e)
{
    bool first = true;
    for (int pass = 0; pass < 2; pass++)
        for (uint32_t i = 0; i < e->nargs; i++) {
            const expr *t = e->args[i];
            bool neg = print_term_negative(t);
            if (neg != (pass == 1))
                continue;
            if (!first)
                sb_puts(sb, neg ? " - " : " + ");
            lterm(sb, ctx, t, !first && neg);
            first = false;
        }
}

static void largs(strbuf *sb, const expr_ctx *ctx, const expr *e, uint32_t from)
{
    sb_puts(sb, "\\left(");
    for (uint32_t i = from; i < e->nargs; i++) {
        if (i > from)
            sb_puts(sb, ", ");
        lnode(sb, ctx, e->args[i]);
    }
    sb_puts(sb, "\\right)");
}

static void lfn(strbuf *sb, const expr_ctx *ctx, const expr *e)
{
    switch (e->fn) {
    case FN_POLYGAMMA:
        if (expr_is_zero(e->args[0])) {
            sb_puts(sb, "\\psi");
        } else if (expr_is_one(e->args[0])) {
            sb_puts(sb, "\\psi'");
        } else {
            sb_puts(sb, "\\psi^{(");
            lnode(sb, ctx, e->args[0]);
            sb_puts(sb, ")}");
        }
        largs(sb, ctx, e, 1);
        return;
    case FN_ABS:
        sb_puts(sb, "\\left|");
        lnode(sb, ctx, e->args[0]);
        sb_puts(sb, "\\right|");
        return;
    case FN_LCHOOSE:
        sb_puts(sb, "\\log\\binom{");
        lnode(sb, ctx, e->args[0]);
        sb_puts(sb, "}{");
        lnode(sb, ctx, e->args[1]);
        sb_putc(sb, '}');
        return;
    case FN_LFACTORIAL:
        sb_puts(sb, "\\log ");
        lprec_print(sb, ctx, e->args[0], L_ATOM);
        sb_putc(sb, '!');
        return;
    case FN_DELTA:
        sb_puts(sb, "\\delta_{");
        lnode(sb, ctx, e->args[0]);
        sb_putc(sb, ',');
        lnode(sb, ctx, e->args[1]);
        sb_putc(sb, '}');
        return;
    default:
        break;
    }
    const char *tex = expr_fn_table[e->fn].latex;
    if (tex) {
        sb_puts(sb, tex);
        largs(sb, ctx, e, 0);
        return;
    }
    sb_printf(sb, "\\operatorname{%s}", expr_fn_table[e->fn].name);
    largs(sb, ctx, e, 0);
}

static void lnode(strbuf *sb, const expr_ctx *ctx, const expr *e)
{
    switch (e->kind) {
    case EXPR_NUM:
        lrational(sb, e->q);
        break;
    case EXPR_CONST:
        sb_puts(sb, e->cst == CST_PI ? "\\pi" : "\\gamma");
        break;
    case EXPR_SYM:
        latex_name(sb, expr_sym_get(ctx, e->sym)->name);
        break;
    case EXPR_INDEX: {
        const expr_vec_info *v = expr_vec_get(ctx, e->sym);
        latex_name(sb, v->name);
        sb_puts(sb, "_{");
        lnode(sb, ctx, e->args[0]);
        sb_putc(sb, '}');
        break;
    }
    case EXPR_FN:
        lfn(sb, ctx, e);
        break;
    case EXPR_POW:
        if (print_is_denominator(e)) {
            lproduct(sb, ctx, NULL, (expr *const *)&e, 1, false);
        } else if (e->args[1]->kind == EXPR_NUM) {
            lpower(sb, ctx, e->args[0], e->args[1]->q);
        } else if (e->args[0]->kind == EXPR_FN && e->args[0]->fn == FN_EXP) {
            lprec_print(sb, ctx, e->args[0], L_ATOM);
            sb_puts(sb, "^{");
            lnode(sb, ctx, e->args[1]);
            sb_putc(sb, '}');
        } else {
            if (e->args[0]->kind == EXPR_FN)
                sb_puts(sb, "\\left("), lnode(sb, ctx, e->args[0]), sb_puts(sb, "\\right)");
            else
                lprec_print(sb, ctx, e->args[0], L_ATOM);
            sb_puts(sb, "^{");
            lnode(sb, ctx, e->args[1]);
            sb_putc(sb, '}');
        }
        break;
    case EXPR_MUL: {
        mpq_srcptr coef;
        expr *const *f;
        size_t n;
        print_as_product(&e, &coef, &f, &n);
        lproduct(sb, ctx, coef, f, n, false);
        break;
    }
    case EXPR_ADD:
        lsum(sb, ctx, e);
        break;
    }
}

void expr_print_latex(strbuf *sb, const expr_ctx *ctx, const expr *e)
{
    lnode(sb, ctx, e);
}
