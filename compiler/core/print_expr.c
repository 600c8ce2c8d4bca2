/* compiler/core/print_expr.c — printing expressions in the model language (expr_print,
 * expr_to_string): canonical order, minimal parentheses, text that re-parses to the same
 * node.
 *
 * Precedence, lowest first: sum < product/division < unary minus < power (right
 * associative) < call/atom. In a sum the terms with a positive sign come first, then the
 * negative ones as " - term". A product prints its positive-power factors as the numerator
 * and its negative-NUM-power factors (and the coefficient's denominator) as the
 * denominator: n/(theta*(1 - theta)), -x/(2*y), 1/sqrt(x). x^(1/2) prints as sqrt(x),
 * polygamma(0, x) as digamma(x), polygamma(1, x) as trigamma(x).
 */
#include "expr.h"
#include "print_parts.h"

#include <stdlib.h>

enum { P_SUM = 1, P_PROD, P_NEG, P_POW, P_ATOM };

static void print_node(strbuf *sb, const expr_ctx *ctx, const expr *e);

/* The precedence of the text print_node produces for e. */
static int prec_of(const expr *e)
{
    switch (e->kind) {
    case EXPR_NUM:
        if (mpz_cmp_ui(mpq_denref(e->q), 1) != 0)
            return P_PROD;
        return mpq_sgn(e->q) < 0 ? P_NEG : P_ATOM;
    case EXPR_POW:
        if (print_is_denominator(e))
            return P_PROD;
        return print_is_half(e->args[1]) ? P_ATOM : P_POW;
    case EXPR_MUL: {
        mpq_srcptr coef;
        expr *const *f;
        size_t n;
        print_as_product(&e, &coef, &f, &n);
        if (!coef || mpz_cmp_ui(mpq_denref(coef), 1) != 0 ||
            mpz_cmpabs_ui(mpq_numref(coef), 1) != 0 || n != 1 || print_is_denominator(f[0]))
            return P_PROD;
        return P_NEG; /* -f */
    }
    case EXPR_ADD:
        return P_SUM;
    default:
        return P_ATOM;
    }
}

static void print_prec(strbuf *sb, const expr_ctx *ctx, const expr *e, int min)
{
    if (prec_of(e) < min) {
        sb_putc(sb, '(');
        print_node(sb, ctx, e);
        sb_putc(sb, ')');
    } else {
        print_node(sb, ctx, e);
    }
}

static void print_mpz(strbuf *sb, mpz_srcptr z)
{
    char *s = xmalloc(mpz_sizeinbase(z, 10) + 2);
    mpz_get_str(s, 10, z);
    sb_puts(sb, s);
    free(s);
}

static void print_rational(strbuf *sb, mpq_srcptr q)
{
    print_mpz(sb, mpq_numref(q));
    if (mpz_cmp_ui(mpq_denref(q), 1) != 0) {
        sb_putc(sb, '/');
        print_mpz(sb, mpq_denref(q));
    }
}

/* base^r for a positive rational r (a denominator item, or a numerator power). */
static void print_power(strbuf *sb, const expr_ctx *ctx, const expr *base, mpq_srcptr r)
{
    if (mpq_cmp_ui(r, 1, 1) == 0) {
        print_prec(sb, ctx, base, P_POW);
    } else if (mpq_cmp_ui(r, 1, 2) == 0) {
        sb_puts(sb, "sqrt(");
        print_node(sb, ctx, base);
        sb_putc(sb, ')');
    } else {
        print_prec(sb, ctx, base, P_ATOM);
        sb_putc(sb, '^');
        bool paren = mpz_cmp_ui(mpq_denref(r), 1) != 0 || mpq_sgn(r) < 0;
        if (paren)
            sb_putc(sb, '(');
        print_rational(sb, r);
        if (paren)
            sb_putc(sb, ')');
    }
}

/* coef * f[0..n) as numerator/denominator; negate flips the sign of the coefficient. */
static void print_product(strbuf *sb, const expr_ctx *ctx, mpq_srcptr coef, expr *const *f,
                          size_t n, bool negate)
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
    for (size_t i = 0; i < n; i++) {
        if (print_is_denominator(f[i]))
            nden++;
        else
            nnum++;
    }
    bool den_int = mpz_cmp_ui(mpq_denref(c), 1) != 0;
    if (den_int)
        nden++;

    /* Numerator: the coefficient (unless 1 with other factors), then the factors. */
    bool first = true;
    if (mpz_cmp_ui(mpq_numref(c), 1) != 0 || nnum == 0) {
        print_mpz(sb, mpq_numref(c));
        first = false;
    }
    for (size_t i = 0; i < n; i++) {
        if (print_is_denominator(f[i]))
            continue;
        if (!first)
            sb_putc(sb, '*');
        first = false;
        print_prec(sb, ctx, f[i], P_POW);
    }
    if (nden) {
        sb_putc(sb, '/');
        if (nden > 1)
            sb_putc(sb, '(');
        first = true;
        if (den_int) {
            print_mpz(sb, mpq_denref(c));
            first = false;
        }
        mpq_t r;
        mpq_init(r);
        for (size_t i = 0; i < n; i++) {
            if (!print_is_denominator(f[i]))
                continue;
            if (!first)
                sb_putc(sb, '*');
            first = false;
            mpq_neg(r, f[i]->args[1]->q);
            print_power(sb, ctx, f[i]->args[0], r);
        }
        mpq_clear(r);
        if (nden > 1)
            sb_putc(sb, ')');
    }
    mpq_clear(c);
}

/* A term of a sum, with its sign flipped when negate (for " - term"). */
static void print_term(strbuf *sb, const expr_ctx *ctx, const expr *t, bool negate)
{
    if (!negate) {
        print_prec(sb, ctx, t, P_PROD);
        return;
    }
    if (t->kind == EXPR_NUM) {
        mpq_t a;
        mpq_init(a);
        mpq_neg(a, t->q);
        print_rational(sb, a);
        mpq_clear(a);
        return;
    }
    mpq_srcptr coef;
    expr *const *f;
    size_t n;
    print_as_product(&t, &coef, &f, &n);
    print_product(sb, ctx, coef, f, n, true);
}

static void print_sum(strbuf *sb, const expr_ctx *ctx, const expr *e)
{
    bool first = true;
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t i = 0; i < e->nargs; i++) {
            const expr *t = e->args[i];
            bool neg = print_term_negative(t);
            if (neg != (pass == 1))
                continue;
            if (first) {
                print_term(sb, ctx, t, false);
            } else {
                sb_puts(sb, neg ? " - " : " + ");
                print_term(sb, ctx, t, neg);
            }
            first = false;
        }
    }
}

static void print_fn(strbuf *sb, const expr_ctx *ctx, const expr *e)
{
    uint32_t start = 0;
    const char *name = expr_fn_table[e->fn].name;
    /* polygamma(0, x) is digamma(x); polygamma(1, x) is trigamma(x). */
    if (e->fn == FN_POLYGAMMA && expr_is_zero(e->args[0])) {
        name = "digamma";
        start = 1;
    } else if (e->fn == FN_POLYGAMMA && expr_is_one(e->args[0])) {
        name = "trigamma";
        start = 1;
    }
    sb_puts(sb, name);
    sb_putc(sb, '(');
    for (uint32_t i = start; i < e->nargs; i++) {
        if (i > start)
            sb_puts(sb, ", ");
        print_node(sb, ctx, e->args[i]);
    }
    sb_putc(sb, ')');
}

static void print_node(strbuf *sb, const expr_ctx *ctx, const expr *e)
{
    switch (e->kind) {
    case EXPR_NUM:
        print_rational(sb, e->q);
        break;
    case EXPR_CONST:
        sb_puts(sb, e->cst == CST_PI ? "pi" : "euler");
        break;
    case EXPR_SYM: {
        const expr_sym_info *s = expr_sym_get(ctx, e->sym);
        if (s)
            sb_puts(sb, s->name);
        else
            sb_printf(sb, "?sym%d", (int)e->sym);
        break;
    }
    case EXPR_INDEX: {
        const expr_vec_info *v = expr_vec_get(ctx, e->sym);
        if (v)
            sb_puts(sb, v->name);
        else
            sb_printf(sb, "?vec%d", (int)e->sym);
        sb_putc(sb, '[');
        print_node(sb, ctx, e->args[0]);
        sb_putc(sb, ']');
        break;
    }
    case EXPR_FN:
        print_fn(sb, ctx, e);
        break;
    case EXPR_POW:
        if (print_is_denominator(e)) {
            print_product(sb, ctx, NULL, (expr *const *)&e, 1, false);
        } else if (e->args[1]->kind == EXPR_NUM) {
            print_power(sb, ctx, e->args[0], e->args[1]->q);
        } else {
            /* Right associative: a POW exponent needs no parentheses. */
            print_prec(sb, ctx, e->args[0], P_ATOM);
            sb_putc(sb, '^');
            print_prec(sb, ctx, e->args[1], P_POW);
        }
        break;
    case EXPR_MUL: {
        mpq_srcptr coef;
        expr *const *f;
        size_t n;
        print_as_product(&e, &coef, &f, &n);
        print_product(sb, ctx, coef, f, n, false);
        break;
    }
    case EXPR_ADD:
        print_sum(sb, ctx, e);
        break;
    }
}

void expr_print(strbuf *sb, const expr_ctx *ctx, const expr *e)
{
    print_node(sb, ctx, e);
}

char *expr_to_string(const expr_ctx *ctx, const expr *e)
{
    strbuf sb = {0};
    print_node(&sb, ctx, e);
    return sb_take(&sb);
}
