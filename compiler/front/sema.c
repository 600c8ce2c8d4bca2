/* compiler/front/sema.c — semantic analysis (names, kinds, consts, domains, sums, lets,
 * distributions, reparams, claims). See sema.h. */
#include "sema.h"

#include <stdlib.h>
#include <string.h>

#include "dist.h"
#include "print_model.h"
#include "util.h"

/* What an expression may mention, and how to say it when it mentions something else. */
enum {
    USE_CONST = 1 << 0,
    USE_PARAM = 1 << 1,
    USE_DATA = 1 << 2,
    USE_INPUT = 1 << 3,
    USE_LET = 1 << 4,
    USE_ALL = USE_CONST | USE_PARAM | USE_DATA | USE_INPUT | USE_LET,
};

typedef enum use_where {
    WHERE_CONST,    /* value of a const, a size, a sum bound, an index */
    WHERE_DOMAIN,   /* bound of a parameter's domain */
    WHERE_SUPPORT,  /* bound of a data variable's support */
    WHERE_INPUT,    /* an input's values */
    WHERE_LOGP,     /* logp, let, ~ arguments */
    WHERE_REPARAM,  /* right-hand side of a reparam assignment */
    WHERE_CLAIM,    /* a claim about the FIM or Jeffreys (params and consts) */
    WHERE_CLAIM_DATA, /* score/hessian/E/Var claims (data too) */
} use_where;

typedef struct use_ctx {
    unsigned allow;
    use_where where;
    const decl *owner; /* the declaration whose domain/value this is (messages) */
    const char *what;  /* WHERE_CONST without an owner: what must be constant */
} use_ctx;

typedef struct bound_var {
    const char *name;
    long value;
} bound_var;

typedef struct sema {
    diag_ctx *d;
    model *m;
    expr_ctx *ex;
    const ast_file *file;
    const src_file *file_src; /* the model's source (diag->src may point at a -D value) */
    const ast *cur_stmt;      /* the statement being analysed */
    ptrvec refused;           /* statements whose declaration was refused (reported) */
    ptrvec decls;         /* every decl (model's and reparams'), for freeing and lookup */
    bound_var bound[64];  /* sum/prod variables in scope */
    int nbound;
    int cur_reparam;      /* reparam whose scope is open, or -1 */
    sema_override *ov;
    int nov;
    long unrolled;        /* terms produced by sum/prod so far (guard against blowup) */
    int nlogp;
    ptrvec const_syms;    /* const symbols with closed values, for substitution */
    ptrvec const_vals;
} sema;

#define MAX_UNROLL 1000000L

static const char *const reserved_names[] = {"pi", "euler"};

const char *decl_kind_name(decl_kind k)
{
    switch (k) {
    case DECL_CONST: return "const";
    case DECL_PARAM: return "parameter";
    case DECL_DATA: return "data variable";
    case DECL_INPUT: return "input";
    case DECL_LET: return "let";
    }
    return "name";
}

static const char *kind_article(decl_kind k)
{
    return k == DECL_INPUT ? "an" : "a";
}

/* ---------------------------------------------------------------- lookup */

static decl *find_decl_in(sema *S, const char *name, int scope)
{
    for (size_t i = 0; i < S->decls.n; i++) {
        decl *dc = S->decls.v[i];
        if (dc->reparam == scope && strcmp(dc->name, name) == 0)
            return dc;
    }
    return NULL;
}

static bool is_assigned_in(const model_reparam *rp, const decl *dc)
{
    for (int i = 0; i < rp->nassign; i++) {
        int s = rp->old_syms[i];
        if (s >= dc->sym && s < dc->sym + (dc->len ? dc->len : 1))
            return true;
    }
    return false;
}

/* A name as seen from the current scope: sum variables are handled by the caller; in a
 * reparam, its new parameters shadow nothing (collisions are errors) and the parameters
 * it replaces are out of reach. */
static decl *lookup(sema *S, const char *name, bool *replaced)
{
    *replaced = false;
    if (S->cur_reparam >= 0) {
        decl *dc = find_decl_in(S, name, S->cur_reparam);
        if (dc)
            return dc;
        dc = find_decl_in(S, name, -1);
        if (dc && dc->kind == DECL_PARAM && is_assigned_in(S->m->reparams[S->cur_reparam], dc))
            *replaced = true;
        return dc;
    }
    return find_decl_in(S, name, -1);
}

/* The statement that declares `name`, anywhere in the file (for messages about names
 * that did not resolve). */
static const ast *declaring_stmt(sema *S, const char *name)
{
    for (size_t i = 0; i < S->file->stmts.n; i++) {
        const ast *st = S->file->stmts.v[i];
        switch (st->kind) {
        case AST_CONST:
        case AST_PARAM:
        case AST_DATA:
        case AST_INPUT:
        case AST_LET:
            if (strcmp(st->text, name) == 0)
                return st;
            break;
        default:
            break;
        }
    }
    return NULL;
}

static decl_kind stmt_decl_kind(const ast *st)
{
    switch (st->kind) {
    case AST_CONST: return DECL_CONST;
    case AST_PARAM: return DECL_PARAM;
    case AST_DATA: return DECL_DATA;
    case AST_INPUT: return DECL_INPUT;
    default: return DECL_LET;
    }
}

static void where_message_kind(sema *S, const ast *a, const struct use_ctx *u, const char *name,
                               decl_kind k);

/* `name` at `a` did not resolve: say why (once). A declaration that was itself refused has
 * been reported already, so a use of its name after it says nothing more. */
static void report_unresolved(sema *S, const ast *a, const struct use_ctx *u, const char *name)
{
    const ast *st = declaring_stmt(S, name);
    if (S->d->src != S->file_src) {
        /* a -D value: the model's declarations are in another source */
        if (st && stmt_decl_kind(st) != DECL_CONST)
            where_message_kind(S, a, u, name, stmt_decl_kind(st));
        else
            diag_error(S->d, a->sp, "'%s' is not a const declared before this one", name);
        return;
    }
    for (size_t i = 0; i < S->refused.n; i++)
        if (strcmp(((const ast *)S->refused.v[i])->text, name) == 0)
            return; /* its declaration was refused, already reported */
    if (st && st == S->cur_stmt) {
        diag_error(S->d, a->sp, "'%s' is used in its own declaration", name);
    } else if (st && st->sp.start > a->sp.start) {
        unsigned line, col;
        src_locate(S->d->src, st->sp.start, &line, &col);
        diag_error(S->d, a->sp, "'%s' is used before its declaration on line %u", name, line);
    } else if (st) {
        /* declared earlier, yet not found: its declaration failed for another reason */
        diag_error(S->d, a->sp, "'%s' cannot be used: its declaration has an error", name);
    } else if (expr_fn_lookup(name) >= 0) {
        diag_error(S->d, a->sp, "'%s' is a function: call it as %s(...)", name, name);
    } else {
        diag_error(S->d, a->sp, "'%s' is not declared", name);
    }
}

/* ---------------------------------------------------------------- const values */

/* e with every const replaced by its value (consts are closed in declaration order). */
static expr *closed_value(sema *S, expr *e)
{
    if (!e || S->const_syms.n == 0)
        return e;
    if (!expr_has_kind(S->ex, e, SYM_CONST))
        return e;
    size_t n = S->const_syms.n;
    int *syms = xmalloc(n * sizeof *syms);
    for (size_t i = 0; i < n; i++)
        syms[i] = (int)(intptr_t)S->const_syms.v[i];
    expr *r = expr_subst(S->ex, e, n, syms, (expr *const *)S->const_vals.v);
    free(syms);
    return r;
}

static void record_const(sema *S, int sym, expr *value)
{
    expr *c = closed_value(S, value);
    S->m->closed[sym] = c;
    pv_push(&S->const_syms, (void *)(intptr_t)sym);
    pv_push(&S->const_vals, c);
}

/* Does a closed constant expression contain a division by zero (x^negative with x = 0)? */
static bool has_zero_division(const expr *e)
{
    if (e->kind == EXPR_POW && expr_is_zero(e->args[0]) && expr_is_num(e->args[1]) &&
        mpq_sgn(e->args[1]->q) < 0)
        return true;
    for (uint32_t i = 0; i < e->nargs; i++)
        if (has_zero_division(e->args[i]))
            return true;
    return false;
}

/* ---------------------------------------------------------------- expressions */

static expr *lower(sema *S, const ast *a, const use_ctx *u);

static void where_message(sema *S, const ast *a, const use_ctx *u, const decl *dc)
{
    where_message_kind(S, a, u, dc->name, dc->kind);
}

static void where_message_kind(sema *S, const ast *a, const use_ctx *u, const char *name,
                               decl_kind k)
{
    const char *what = decl_kind_name(k);
    const char *own = u->owner ? u->owner->name : "";
    switch (u->where) {
    case WHERE_SUPPORT:
        if (k == DECL_PARAM)
            diag_error(S->d, a->sp,
                       "the support of '%s' depends on the parameter '%s': the regularity "
                       "conditions of the Fisher information fail when the support depends on "
                       "a parameter",
                       own, name);
        else
            diag_error(S->d, a->sp,
                       "the support of '%s' must be a constant expression; '%s' is %s %s", own,
                       name, kind_article(k), what);
        return;
    case WHERE_DOMAIN:
        diag_error(S->d, a->sp,
                   "the domain of '%s' must be a constant expression; '%s' is %s %s", own,
                   name, kind_article(k), what);
        return;
    case WHERE_CONST:
        diag_error(S->d, a->sp, "%s must be a constant expression; '%s' is %s %s",
                   u->owner ? "the value of a const" : u->what ? u->what : "this", name,
                   kind_article(k), what);
        return;
    case WHERE_INPUT:
        diag_error(S->d, a->sp, "the values of input '%s' must be constants; '%s' is %s %s", own,
                   name, kind_article(k), what);
        return;
    case WHERE_REPARAM:
        diag_error(S->d, a->sp,
                   "a reparam expresses parameters through the new parameters and consts only; "
                   "'%s' is %s %s",
                   name, kind_article(k), what);
        return;
    case WHERE_CLAIM:
        diag_error(S->d, a->sp,
                   "this claim may use parameters and consts only; '%s' is %s %s", name,
                   kind_article(k), what);
        return;
    case WHERE_CLAIM_DATA:
    case WHERE_LOGP:
        diag_error(S->d, a->sp, "'%s' (%s %s) cannot be used here", name,
                   kind_article(k), what);
        return;
    }
}

static unsigned allow_bit(decl_kind k)
{
    switch (k) {
    case DECL_CONST: return USE_CONST;
    case DECL_PARAM: return USE_PARAM;
    case DECL_DATA: return USE_DATA;
    case DECL_INPUT: return USE_INPUT;
    case DECL_LET: return USE_LET;
    }
    return 0;
}

static expr *lower_name(sema *S, const ast *a, const use_ctx *u)
{
    const char *name = a->text;
    for (int i = S->nbound - 1; i >= 0; i--)
        if (strcmp(S->bound[i].name, name) == 0)
            return expr_int(S->ex, S->bound[i].value);
    if (strcmp(name, "pi") == 0)
        return expr_const(S->ex, CST_PI);
    if (strcmp(name, "euler") == 0)
        return expr_const(S->ex, CST_EULER);
    bool replaced;
    decl *dc = lookup(S, name, &replaced);
    if (!dc) {
        report_unresolved(S, a, u, name);
        return NULL;
    }
    if (dc->sym < 0) {
        /* Not finished: either this very declaration (a self-reference) or one whose error
         * has been reported. */
        if (S->cur_stmt && dc->sp.start == S->cur_stmt->sp.start)
            diag_error(S->d, a->sp, "'%s' is used in its own declaration", dc->name);
        return NULL;
    }
    if (replaced) {
        diag_error(S->d, a->sp,
                   "'%s' is replaced by reparam '%s' and cannot appear in its expressions", name,
                   S->m->reparams[S->cur_reparam]->name);
        return NULL;
    }
    if (!(u->allow & allow_bit(dc->kind))) {
        where_message(S, a, u, dc);
        return NULL;
    }
    if (dc->len > 0) {
        diag_error(S->d, a->sp, "'%s' is a vector of %d elements: index it, as in %s[1]", name,
                   dc->len, name);
        return NULL;
    }
    return expr_sym(S->ex, dc->sym);
}

/* A constant integer: from a const expression (consts and sum variables only). */
static bool eval_int(sema *S, const ast *a, const char *what, long *out)
{
    use_ctx u = {USE_CONST, WHERE_CONST, NULL, what};
    expr *e = lower(S, a, &u);
    if (!e)
        return false;
    e = closed_value(S, e);
    if (!expr_is_integer(e)) {
        diag_error(S->d, a->sp, "%s must be an integer constant", what);
        return false;
    }
    if (!mpz_fits_slong_p(mpq_numref(e->q)) || mpz_cmpabs_ui(mpq_numref(e->q), 1000000000UL) > 0) {
        diag_error(S->d, a->sp, "%s is out of range", what);
        return false;
    }
    *out = mpz_get_si(mpq_numref(e->q));
    return true;
}

static const decl *support_decl_of(sema *S, const expr *e)
{
    if (e->kind != EXPR_SYM)
        return NULL;
    const expr_sym_info *si = expr_sym_get(S->ex, e->sym);
    return si->owner;
}

static expr *lower_index(sema *S, const ast *a, const use_ctx *u)
{
    bool replaced;
    decl *dc = NULL;
    for (int i = S->nbound - 1; i >= 0; i--)
        if (strcmp(S->bound[i].name, a->text) == 0) {
            diag_error(S->d, a->sp, "'%s' is a summation index, not a vector", a->text);
            return NULL;
        }
    dc = lookup(S, a->text, &replaced);
    if (!dc) {
        report_unresolved(S, a, u, a->text);
        return NULL;
    }
    if (dc->sym < 0) {
        /* Not finished: either this very declaration (a self-reference) or one whose error
         * has been reported. */
        if (S->cur_stmt && dc->sp.start == S->cur_stmt->sp.start)
            diag_error(S->d, a->sp, "'%s' is used in its own declaration", dc->name);
        return NULL;
    }
    if (replaced) {
        diag_error(S->d, a->sp,
                   "'%s' is replaced by reparam '%s' and cannot appear in its expressions",
                   a->text, S->m->reparams[S->cur_reparam]->name);
        return NULL;
    }
    if (!(u->allow & allow_bit(dc->kind))) {
        where_message(S, a, u, dc);
        return NULL;
    }
    if (dc->len == 0) {
        diag_error(S->d, a->sp, "'%s' is not a vector and cannot be indexed", a->text);
        return NULL;
    }
    use_ctx ui = *u;
    ui.allow = u->allow & (USE_CONST | USE_DATA);
    expr *idx = lower(S, a->kids[0], &ui);
    if (!idx)
        return NULL;
    expr *cidx = closed_value(S, idx);
    if (expr_is_num(cidx)) {
        if (!expr_is_integer(cidx)) {
            diag_error(S->d, a->kids[0]->sp, "the index of '%s' must be an integer", a->text);
            return NULL;
        }
        if (mpz_cmp_si(mpq_numref(cidx->q), 1) < 0 ||
            mpz_cmp_si(mpq_numref(cidx->q), dc->len) > 0) {
            char *s = expr_to_string(S->ex, cidx);
            diag_error(S->d, a->kids[0]->sp, "index %s is out of range for '%s' (1..%d)", s,
                       a->text, dc->len);
            free(s);
            return NULL;
        }
        return expr_sym(S->ex, dc->sym + (int)mpz_get_si(mpq_numref(cidx->q)) - 1);
    }
    /* w[k] with k a discrete data variable (a categorical model). */
    const decl *kd = support_decl_of(S, idx);
    if (!kd || kd->kind != DECL_DATA || kd->len > 0) {
        diag_error(S->d, a->kids[0]->sp,
                   "the index of '%s' must be a constant or a discrete data variable", a->text);
        return NULL;
    }
    const domain *dm = &kd->dom;
    if (dm->kind != DOM_RANGE && dm->kind != DOM_SET) {
        diag_error(S->d, a->kids[0]->sp,
                   "'%s' indexes '%s' but its support is not a set of integers", kd->name,
                   a->text);
        return NULL;
    }
    /* Every value of the index must be in 1..len. */
    expr *lo = NULL, *hi = NULL;
    bool ok = true;
    if (dm->kind == DOM_RANGE) {
        lo = closed_value(S, dm->lo);
        hi = dm->hi ? closed_value(S, dm->hi) : NULL;
        ok = lo && hi && mpz_cmp_si(mpq_numref(lo->q), 1) >= 0 &&
             mpz_cmp_si(mpq_numref(hi->q), dc->len) <= 0;
    } else {
        for (int i = 0; i < dm->nelems && ok; i++) {
            expr *v = closed_value(S, dm->elems[i]);
            ok = expr_is_integer(v) && mpz_cmp_si(mpq_numref(v->q), 1) >= 0 &&
                 mpz_cmp_si(mpq_numref(v->q), dc->len) <= 0;
        }
    }
    if (!ok) {
        diag_error(S->d, a->kids[0]->sp,
                   "index '%s' takes values outside the range of '%s' (1..%d)", kd->name,
                   a->text, dc->len);
        return NULL;
    }
    return expr_index(S->ex, dc->vec, idx);
}

static expr *lower_call(sema *S, const ast *a, const use_ctx *u)
{
    int f = expr_fn_lookup(a->text);
    if (f < 0) {
        if (dist_lookup(a->text) >= 0)
            diag_error(S->d, a->sp,
                       "'%s' is a distribution, not a function: write 'x ~ %s(...)' as a "
                       "statement",
                       a->text, a->text);
        else
            diag_error(S->d, a->sp, "unknown function '%s'", a->text);
        return NULL;
    }
    int arity = expr_fn_table[f].arity;
    if (a->nkids != arity) {
        diag_error(S->d, a->sp, "'%s' takes %d argument%s, not %d", a->text, arity,
                   arity == 1 ? "" : "s", a->nkids);
        return NULL;
    }
    expr *args[2] = {NULL, NULL};
    bool ok = true;
    for (int i = 0; i < a->nkids; i++) {
        args[i] = lower(S, a->kids[i], u);
        ok = ok && args[i];
    }
    if (!ok)
        return NULL;
    if (f == FN_POLYGAMMA) {
        expr *k = closed_value(S, args[0]);
        if (!expr_is_integer(k) || mpq_sgn(k->q) < 0) {
            diag_error(S->d, a->kids[0]->sp,
                       "the order of polygamma must be a non-negative integer constant");
            return NULL;
        }
    }
    /* in the density (or a reparam of it), not in a claim: a claim may use abs freely */
    if ((f == FN_ABS || f == FN_SIGN) && !S->m->has_abs &&
        (u->where == WHERE_LOGP || u->where == WHERE_REPARAM)) {
        S->m->has_abs = true;
        S->m->abs_sp = a->sp;
        S->m->abs_name = expr_fn_table[f].name;
    }
    return expr_fn(S->ex, (expr_fn_id)f, (size_t)a->nkids, args);
}

static expr *lower_sum(sema *S, const ast *a, const use_ctx *u)
{
    bool is_sum = a->kind == AST_SUM;
    long from, to;
    bool ok1 = eval_int(S, a->kids[0], "a summation bound", &from);
    bool ok2 = eval_int(S, a->kids[1], "a summation bound", &to);
    if (!ok1 || !ok2)
        return NULL;
    if (S->nbound == (int)ARRAY_LEN(S->bound)) {
        diag_error(S->d, a->sp, "sums and products are nested too deeply");
        return NULL;
    }
    for (int i = 0; i < S->nbound; i++)
        if (strcmp(S->bound[i].name, a->text) == 0) {
            diag_error(S->d, a->sp, "'%s' is already a summation index here", a->text);
            return NULL;
        }
    bool replaced;
    if (lookup(S, a->text, &replaced) || strcmp(a->text, "pi") == 0 ||
        strcmp(a->text, "euler") == 0 || expr_fn_lookup(a->text) >= 0) {
        diag_error(S->d, a->sp, "the summation index '%s' hides a declared name", a->text);
        return NULL;
    }
    if (to >= from && (to - from + 1) > MAX_UNROLL - S->unrolled) {
        diag_error(S->d, a->sp, "this %s has too many terms to unroll (the limit is %ld)",
                   is_sum ? "sum" : "product", MAX_UNROLL);
        return NULL;
    }
    ptrvec terms = {0};
    S->bound[S->nbound].name = a->text;
    S->nbound++;
    bool ok = true;
    for (long i = from; i <= to && ok; i++) {
        S->bound[S->nbound - 1].value = i;
        S->unrolled++;
        expr *t = lower(S, a->kids[2], u);
        if (!t)
            ok = false;
        else
            pv_push(&terms, t);
    }
    S->nbound--;
    expr *r = NULL;
    if (ok)
        r = is_sum ? expr_add(S->ex, terms.n, (expr *const *)terms.v)
                   : expr_mul(S->ex, terms.n, (expr *const *)terms.v);
    pv_free(&terms);
    return r;
}

static expr *lower(sema *S, const ast *a, const use_ctx *u)
{
    expr *x, *y;
    switch (a->kind) {
    case AST_NUM:
        x = expr_num_decimal(S->ex, a->text);
        if (!x)
            diag_error(S->d, a->sp, "the number '%s' is out of range", a->text);
        return x;
    case AST_NAME:
        return lower_name(S, a, u);
    case AST_INDEX:
        return lower_index(S, a, u);
    case AST_CALL:
        return lower_call(S, a, u);
    case AST_NEG:
        x = lower(S, a->kids[0], u);
        return x ? expr_neg(S->ex, x) : NULL;
    case AST_ADD:
    case AST_SUB:
    case AST_MUL:
    case AST_DIV:
    case AST_POW:
        x = lower(S, a->kids[0], u);
        y = lower(S, a->kids[1], u);
        if (!x || !y)
            return NULL;
        switch (a->kind) {
        case AST_ADD: return expr_add2(S->ex, x, y);
        case AST_SUB: return expr_sub(S->ex, x, y);
        case AST_MUL: return expr_mul2(S->ex, x, y);
        case AST_DIV:
            if (expr_is_zero(closed_value(S, y))) {
                diag_error(S->d, a->kids[1]->sp, "division by zero");
                return NULL;
            }
            return expr_div(S->ex, x, y);
        default:
            if (expr_is_zero(closed_value(S, x)) && expr_is_num(closed_value(S, y)) &&
                mpq_sgn(closed_value(S, y)->q) < 0) {
                diag_error(S->d, a->sp, "division by zero (0 to a negative power)");
                return NULL;
            }
            return expr_pow(S->ex, x, y);
        }
    case AST_SUM:
    case AST_PROD:
        return lower_sum(S, a, u);
    case AST_INF:
        diag_error(S->d, a->sp, "'inf' may only appear as a bound of a domain or support");
        return NULL;
    case AST_LIST:
        diag_error(S->d, a->sp, "a list is not allowed here");
        return NULL;
    default:
        diag_error(S->d, a->sp, "not an expression");
        return NULL;
    }
}

/* ---------------------------------------------------------------- declarations */

static bool check_name_free(sema *S, const char *name, span sp, int scope)
{
    if (expr_fn_lookup(name) >= 0) {
        diag_error(S->d, sp, "'%s' is the name of a built-in function and cannot be declared",
                   name);
        if (S->cur_stmt && scope < 0)
            pv_push(&S->refused, (void *)S->cur_stmt);
        return false;
    }
    for (size_t i = 0; i < ARRAY_LEN(reserved_names); i++)
        if (strcmp(name, reserved_names[i]) == 0) {
            diag_error(S->d, sp, "'%s' is a built-in constant and cannot be declared", name);
            if (S->cur_stmt && scope < 0)
                pv_push(&S->refused, (void *)S->cur_stmt);
            return false;
        }
    decl *prev = find_decl_in(S, name, scope);
    if (prev) {
        diag_error(S->d, sp, "'%s' is already declared", name);
        diag_note(S->d, prev->sp, "'%s' was declared here as %s %s", name,
                  kind_article(prev->kind), decl_kind_name(prev->kind));
        return false;
    }
    return true;
}

static decl *new_decl(sema *S, decl_kind kind, const char *name, span sp, int scope)
{
    decl *dc = xcalloc(1, sizeof *dc);
    dc->kind = kind;
    dc->name = xstrdup(name);
    dc->sp = sp;
    dc->vec = -1;
    dc->sym = -1;
    dc->reparam = scope;
    pv_push(&S->decls, dc);
    return dc;
}

static expr_sym_kind sym_kind_of(decl_kind k)
{
    switch (k) {
    case DECL_CONST: return SYM_CONST;
    case DECL_PARAM: return SYM_PARAM;
    case DECL_DATA: return SYM_DATA;
    case DECL_INPUT: return SYM_INPUT;
    case DECL_LET: return SYM_LET;
    }
    return SYM_LOCAL;
}

static void make_symbols(sema *S, decl *dc)
{
    expr_sym_kind k = sym_kind_of(dc->kind);
    if (dc->len > 0) {
        dc->vec = expr_vec_new(S->ex, dc->name, k, dc->len, dc);
        dc->sym = expr_vec_get(S->ex, dc->vec)->first_sym;
    } else {
        dc->sym = expr_sym_new(S->ex, dc->name, k, dc);
    }
    int total = expr_sym_count(S->ex);
    S->m->closed = xrealloc(S->m->closed, (size_t)total * sizeof *S->m->closed);
    for (int i = S->m->nclosed; i < total; i++)
        S->m->closed[i] = NULL;
    S->m->nclosed = total;
}

static bool is_int_q(const expr *e)
{
    return e && expr_is_integer(e);
}

/* Bounds of an interval or range: NULL for an infinite one. */
static bool lower_bound(sema *S, const ast *b, const use_ctx *u, bool want_int, bool *is_inf,
                        int *inf_sign, expr **out)
{
    *out = NULL;
    *is_inf = false;
    if (b->kind == AST_INF) {
        *is_inf = true;
        *inf_sign = b->flag ? -1 : 1;
        return true;
    }
    expr *e = lower(S, b, u);
    if (!e)
        return false;
    if (want_int && !is_int_q(closed_value(S, e))) {
        diag_error(S->d, b->sp, "a bound of an integer range must be an integer constant");
        return false;
    }
    *out = e;
    return true;
}

static bool lower_domain(sema *S, const ast *a, decl *dc, bool is_param, domain *dm)
{
    memset(dm, 0, sizeof *dm);
    dm->sp = a->sp;
    /* Bounds are const expressions; a parameter in a support gets the regularity message. */
    use_ctx u = {USE_CONST, is_param ? WHERE_DOMAIN : WHERE_SUPPORT, dc, NULL};
    switch (a->kind) {
    case AST_DOM_REAL:
        if (strcmp(a->text, "R") != 0 && strcmp(a->text, "real") != 0) {
            diag_error(S->d, a->sp,
                       "unknown domain '%s': expected R, real, an interval such as (0, inf) or "
                       "a set such as {0..n}",
                       a->text);
            return false;
        }
        dm->kind = DOM_REAL;
        return true;
    case AST_DOM_INTERVAL: {
        bool lo_inf, hi_inf;
        int lo_sign = 0, hi_sign = 0;
        bool ok1 = lower_bound(S, a->kids[0], &u, false, &lo_inf, &lo_sign, &dm->lo);
        bool ok2 = lower_bound(S, a->kids[1], &u, false, &hi_inf, &hi_sign, &dm->hi);
        if (!ok1 || !ok2)
            return false;
        dm->kind = DOM_INTERVAL;
        dm->lo_closed = a->flag & 1;
        dm->hi_closed = (a->flag & 2) != 0;
        if (lo_inf && lo_sign > 0) {
            diag_error(S->d, a->kids[0]->sp, "the lower bound cannot be 'inf'; did you mean '-inf'?");
            return false;
        }
        if (hi_inf && hi_sign < 0) {
            diag_error(S->d, a->kids[1]->sp, "the upper bound cannot be '-inf'");
            return false;
        }
        if ((lo_inf && dm->lo_closed) || (hi_inf && dm->hi_closed)) {
            diag_error(S->d, (lo_inf && dm->lo_closed) ? a->kids[0]->sp : a->kids[1]->sp,
                       "an infinite bound must be open: write '(' or ')' beside it");
            return false;
        }
        if (is_param && (dm->lo_closed || dm->hi_closed)) {
            diag_error(S->d, a->sp,
                       "the domain of parameter '%s' must be open: use ( and ) (the Fisher "
                       "information is defined on an open set)",
                       dc->name);
            return false;
        }
        if (lo_inf && hi_inf) {
            dm->kind = DOM_REAL;
            return true;
        }
        if (dm->lo && dm->hi) {
            expr *l = closed_value(S, dm->lo), *h = closed_value(S, dm->hi);
            if (expr_is_num(l) && expr_is_num(h) && mpq_cmp(l->q, h->q) >= 0) {
                diag_error(S->d, a->sp, "the interval is empty: its lower bound is not below its "
                                        "upper bound");
                return false;
            }
        }
        return true;
    }
    case AST_DOM_RANGE: {
        if (is_param) {
            diag_error(S->d, a->sp,
                       "the domain of parameter '%s' must be R or an open interval, not a set "
                       "of integers",
                       dc->name);
            return false;
        }
        bool lo_inf, hi_inf;
        int lo_sign = 0, hi_sign = 0;
        bool ok1 = lower_bound(S, a->kids[0], &u, true, &lo_inf, &lo_sign, &dm->lo);
        bool ok2 = lower_bound(S, a->kids[1], &u, true, &hi_inf, &hi_sign, &dm->hi);
        if (!ok1 || !ok2)
            return false;
        dm->kind = DOM_RANGE;
        dm->lo_closed = dm->hi_closed = true;
        if (dm->hi) {
            expr *l = closed_value(S, dm->lo), *h = closed_value(S, dm->hi);
            if (mpq_cmp(l->q, h->q) > 0) {
                diag_error(S->d, a->sp, "the range is empty: its lower bound is above its upper "
                                        "bound");
                return false;
            }
        }
        return true;
    }
    case AST_DOM_SET: {
        if (is_param) {
            diag_error(S->d, a->sp,
                       "the domain of parameter '%s' must be R or an open interval, not a "
                       "finite set",
                       dc->name);
            return false;
        }
        dm->kind = DOM_SET;
        dm->nelems = a->nkids;
        dm->elems = xcalloc((size_t)a->nkids, sizeof *dm->elems);
        bool ok = true;
        for (int i = 0; i < a->nkids; i++) {
            dm->elems[i] = lower(S, a->kids[i], &u);
            if (!dm->elems[i]) {
                ok = false;
                continue;
            }
            expr *v = closed_value(S, dm->elems[i]);
            if (!expr_is_num(v)) {
                diag_error(S->d, a->kids[i]->sp, "an element of a finite support must be a rational "
                                                 "constant");
                ok = false;
                continue;
            }
            for (int j = 0; j < i; j++)
                if (dm->elems[j] && closed_value(S, dm->elems[j]) == v) {
                    diag_error(S->d, a->kids[i]->sp, "this element is listed twice");
                    ok = false;
                }
        }
        return ok;
    }
    default:
        diag_error(S->d, a->sp, "not a domain");
        return false;
    }
}

static sema_override *find_override(sema *S, const char *name)
{
    for (int i = 0; i < S->nov; i++)
        if (strcmp(S->ov[i].name, name) == 0)
            return &S->ov[i];
    return NULL;
}

/* Lowers a const value given with -D, reporting against the -D text. */
static expr *lower_in_src(sema *S, const src_file *src, const ast *a, const use_ctx *u)
{
    const src_file *saved = S->d->src;
    S->d->src = src;
    expr *e = lower(S, a, u);
    S->d->src = saved;
    return e;
}

static void sema_const(sema *S, const ast *st)
{
    if (!check_name_free(S, st->text, st->sp, -1))
        return;
    decl *dc = new_decl(S, DECL_CONST, st->text, st->sp, -1);
    const ast *val = st->kids[0];
    const src_file *vsrc = S->d->src;
    sema_override *ov = find_override(S, st->text);
    if (ov) {
        ov->used = true;
        val = ov->value;
        vsrc = ov->src;
        dc->overridden = true;
        if ((val->kind == AST_LIST) != (st->kids[0]->kind == AST_LIST)) {
            diag_plain_error(S->d, "-D %s: '%s' is a %s const, and the value given is a %s",
                             st->text, st->text, st->kids[0]->kind == AST_LIST ? "vector" : "scalar",
                             val->kind == AST_LIST ? "list" : "scalar");
            return;
        }
    }
    use_ctx u = {USE_CONST, WHERE_CONST, dc, NULL};
    if (val->kind == AST_LIST) {
        dc->nvalues = val->nkids;
        dc->values = xcalloc((size_t)val->nkids, sizeof *dc->values);
        bool ok = true;
        for (int i = 0; i < val->nkids; i++) {
            dc->values[i] = lower_in_src(S, vsrc, val->kids[i], &u);
            ok = ok && dc->values[i];
        }
        if (!ok)
            return;
        dc->len = val->nkids;
        dc->len_expr = expr_int(S->ex, dc->len);
        make_symbols(S, dc);
        for (int i = 0; i < dc->len; i++)
            record_const(S, dc->sym + i, dc->values[i]);
    } else {
        dc->value = lower_in_src(S, vsrc, val, &u);
        if (!dc->value)
            return;
        if (has_zero_division(closed_value(S, dc->value))) {
            const src_file *saved = S->d->src;
            S->d->src = vsrc;
            diag_error(S->d, val->sp, "division by zero");
            S->d->src = saved;
            return;
        }
        make_symbols(S, dc);
        record_const(S, dc->sym, dc->value);
    }
}

static void sema_param_or_data(sema *S, const ast *st, decl_kind kind)
{
    if (!check_name_free(S, st->text, st->sp, -1))
        return;
    decl *dc = new_decl(S, kind, st->text, st->sp, -1);
    if (st->nkids > 1) {
        long n;
        if (!eval_int(S, st->kids[1], "the size of a vector", &n))
            return;
        if (n < 1) {
            diag_error(S->d, st->kids[1]->sp, "the size of '%s' must be at least 1, not %ld",
                       st->text, n);
            return;
        }
        if (n > 100000) {
            diag_error(S->d, st->kids[1]->sp, "the size of '%s' is too large (%ld; the limit is "
                                              "100000)",
                       st->text, n);
            return;
        }
        dc->len = (int)n;
        use_ctx u = {USE_CONST, WHERE_CONST, NULL, NULL};
        dc->len_expr = lower(S, st->kids[1], &u);
    }
    if (!lower_domain(S, st->kids[0], dc, kind == DECL_PARAM, &dc->dom))
        return;
    make_symbols(S, dc);
}

static void sema_input(sema *S, const ast *st)
{
    if (!check_name_free(S, st->text, st->sp, -1))
        return;
    decl *dc = new_decl(S, DECL_INPUT, st->text, st->sp, -1);
    if (st->nkids > 0) {
        const ast *l = st->kids[0];
        use_ctx u = {USE_CONST, WHERE_INPUT, dc, NULL};
        dc->nvalues = l->nkids;
        dc->values = xcalloc((size_t)l->nkids, sizeof *dc->values);
        dc->has_values = true;
        bool ok = true;
        for (int i = 0; i < l->nkids; i++) {
            dc->values[i] = lower(S, l->kids[i], &u);
            ok = ok && dc->values[i];
        }
        if (!ok)
            return;
    }
    make_symbols(S, dc);
}

static void sema_let(sema *S, const ast *st)
{
    if (!check_name_free(S, st->text, st->sp, -1))
        return;
    decl *dc = new_decl(S, DECL_LET, st->text, st->sp, -1);
    use_ctx u = {USE_ALL, WHERE_LOGP, dc, NULL};
    dc->value = lower(S, st->kids[0], &u);
    if (!dc->value)
        return;
    make_symbols(S, dc);
}

/* ---------------------------------------------------------------- distributions */

static bool same_value(sema *S, expr *a, expr *b)
{
    if (!a || !b)
        return a == b;
    return closed_value(S, a) == closed_value(S, b);
}

/* Does the declared support match what the distribution needs? Continuous supports may
 * differ in whether an end point is included (a null set). */
static bool support_matches(sema *S, const domain *dm, const dist_support *need, long n)
{
    expr *zero = expr_int(S->ex, 0), *one = expr_int(S->ex, 1);
    switch (need->kind) {
    case SUPP_REAL:
        return dm->kind == DOM_REAL;
    case SUPP_POSITIVE:
        return dm->kind == DOM_INTERVAL && same_value(S, dm->lo, zero) && dm->hi == NULL;
    case SUPP_UNIT:
        return dm->kind == DOM_INTERVAL && same_value(S, dm->lo, zero) &&
               same_value(S, dm->hi, one);
    case SUPP_COUNT:
        return dm->kind == DOM_RANGE && same_value(S, dm->lo, zero) && dm->hi == NULL;
    case SUPP_BINARY:
        if (dm->kind == DOM_RANGE)
            return same_value(S, dm->lo, zero) && dm->hi && same_value(S, dm->hi, one);
        if (dm->kind == DOM_SET && dm->nelems == 2) {
            expr *a = closed_value(S, dm->elems[0]), *b = closed_value(S, dm->elems[1]);
            return (a == zero && b == one) || (a == one && b == zero);
        }
        return false;
    case SUPP_ZERO_TO_N:
    case SUPP_ONE_TO_N: {
        long lo = need->kind == SUPP_ZERO_TO_N ? 0 : 1;
        expr *l = expr_int(S->ex, lo), *h = expr_int(S->ex, n);
        if (dm->kind == DOM_RANGE)
            return same_value(S, dm->lo, l) && dm->hi && same_value(S, dm->hi, h);
        if (dm->kind == DOM_SET && dm->nelems == n - lo + 1) {
            /* {0, 1, ..., n} listed out */
            for (long v = lo; v <= n; v++) {
                bool found = false;
                for (int i = 0; i < dm->nelems; i++)
                    found = found || closed_value(S, dm->elems[i]) == expr_int(S->ex, v);
                if (!found)
                    return false;
            }
            return true;
        }
        return false;
    }
    }
    return false;
}


static void sema_tilde(sema *S, const ast *st)
{
    const ast *tgt = st->kids[0], *call = st->kids[1];
    /* The data variable. */
    bool replaced;
    decl *dc = lookup(S, tgt->text, &replaced);
    if (!dc) {
        diag_error(S->d, tgt->sp, "'%s' is not declared; declare it with 'data %s in ...'",
                   tgt->text, tgt->text);
        return;
    }
    if (dc->sym < 0)
        return;
    if (dc->kind != DECL_DATA) {
        diag_error(S->d, tgt->sp,
                   "'%s' is %s %s: only a data variable can have a distribution (~)", tgt->text,
                   kind_article(dc->kind), decl_kind_name(dc->kind));
        return;
    }
    int sym = dc->sym;
    if (tgt->kind == AST_INDEX) {
        if (dc->len == 0) {
            diag_error(S->d, tgt->sp, "'%s' is not a vector and cannot be indexed", tgt->text);
            return;
        }
        long i;
        if (!eval_int(S, tgt->kids[0], "the index", &i))
            return;
        if (i < 1 || i > dc->len) {
            diag_error(S->d, tgt->kids[0]->sp, "index %ld is out of range for '%s' (1..%d)", i,
                       tgt->text, dc->len);
            return;
        }
        sym = dc->sym + (int)i - 1;
    } else if (dc->len > 0) {
        diag_error(S->d, tgt->sp,
                   "'%s' is a vector of %d data variables: give each its distribution, as in "
                   "%s[1] ~ ...",
                   tgt->text, dc->len, tgt->text);
        return;
    }
    for (int i = 0; i < S->m->ntildes; i++)
        if (S->m->tildes[i]->data_sym == sym) {
            unsigned line, col;
            src_locate(S->d->src, S->m->tildes[i]->sp.start, &line, &col);
            diag_error(S->d, st->sp, "'%s' already has a distribution (line %u)",
                       expr_sym_get(S->ex, sym)->name, line);
            return;
        }
    /* The distribution. */
    int di = dist_lookup(call->text);
    if (di < 0) {
        if (expr_fn_lookup(call->text) >= 0)
            diag_error(S->d, call->sp, "'%s' is a function, not a distribution", call->text);
        else
            diag_error(S->d, call->sp, "unknown distribution '%s'", call->text);
        return;
    }
    const dist_info *info = &dist_table[di];
    if (call->nkids != info->nargs) {
        diag_error(S->d, call->sp, "'%s' takes %d argument%s (%s), not %d", info->name,
                   info->nargs, info->nargs == 1 ? "" : "s", info->arg_names, call->nkids);
        return;
    }
    tilde *t = xcalloc(1, sizeof *t);
    t->sp = st->sp;
    t->data_sym = sym;
    t->dist = (dist_id)di;
    t->nargs = call->nkids;
    t->vec = -1;
    for (int i = 0; i < t->nargs && i < TILDE_MAX_ARGS; i++)
        t->arg_sp[i] = call->kids[i]->sp;
    long n = 0;
    bool ok = true;
    if (di == DIST_CATEGORICAL_LOGIT) {
        const ast *w = call->kids[0];
        decl *wd = w->kind == AST_NAME ? lookup(S, w->text, &replaced) : NULL;
        if (!wd || wd->kind != DECL_PARAM || wd->len == 0 || wd->sym < 0) {
            diag_error(S->d, w->sp,
                       "categorical_logit takes a parameter vector (w in 'param w[K] in R')");
            free(t);
            return;
        }
        t->vec = wd->vec;
        n = wd->len + 1;
    } else {
        t->args = xcalloc((size_t)t->nargs, sizeof *t->args);
        use_ctx u = {USE_ALL, WHERE_LOGP, NULL, NULL};
        for (int i = 0; i < t->nargs; i++) {
            t->args[i] = lower(S, call->kids[i], &u);
            ok = ok && t->args[i];
        }
        if (!ok) {
            free(t->args);
            free(t);
            return;
        }
        if (di == DIST_BINOMIAL) {
            expr *nv = closed_value(S, t->args[0]);
            if (!expr_is_integer(nv) || mpq_sgn(nv->q) < 0 ||
                !mpz_fits_slong_p(mpq_numref(nv->q))) {
                diag_error(S->d, call->kids[0]->sp,
                           "the number of trials of binomial must be a non-negative integer "
                           "constant");
                free(t->args);
                free(t);
                return;
            }
            n = mpz_get_si(mpq_numref(nv->q));
        }
    }
    decl *owner = (decl *)expr_sym_get(S->ex, sym)->owner;
    if (!support_matches(S, &owner->dom, &info->support, n)) {
        char *have = model_domain_string(S->m, &owner->dom);
        char *need = dist_support_string(&info->support, n);
        diag_error(S->d, st->sp,
                   "'%s' is declared with support %s, but %s needs the support %s",
                   expr_sym_get(S->ex, sym)->name, have, info->name, need);
        free(have);
        free(need);
        free(t->args);
        free(t);
        return;
    }
    if (di == DIST_LAPLACE && !S->m->has_abs) {
        /* its density has |x - loc| */
        S->m->has_abs = true;
        S->m->abs_sp = call->sp;
        S->m->abs_name = "abs";
    }
    S->m->tildes = xrealloc(S->m->tildes, (size_t)(S->m->ntildes + 1) * sizeof *S->m->tildes);
    S->m->tildes[S->m->ntildes++] = t;
}

/* ---------------------------------------------------------------- reparams */

static void sema_reparam(sema *S, const ast *st)
{
    model *m = S->m;
    for (int i = 0; i < m->nreparams; i++)
        if (strcmp(m->reparams[i]->name, st->text) == 0) {
            diag_error(S->d, st->sp, "a reparam named '%s' is already declared", st->text);
            diag_note(S->d, m->reparams[i]->sp, "the first '%s' is here", st->text);
            return;
        }
    model_reparam *rp = xcalloc(1, sizeof *rp);
    rp->name = xstrdup(st->text);
    rp->sp = st->sp;
    int ri = m->nreparams;
    m->reparams = xrealloc(m->reparams, (size_t)(ri + 1) * sizeof *m->reparams);
    m->reparams[m->nreparams++] = rp;
    const ast *news = st->kids[0], *assigns = st->kids[1];
    bool ok = true;
    /* Targets first: which model parameters are replaced. */
    rp->old_syms = xcalloc((size_t)assigns->nkids + 1, sizeof *rp->old_syms);
    rp->rhs = xcalloc((size_t)assigns->nkids + 1, sizeof *rp->rhs);
    for (int i = 0; i < assigns->nkids; i++) {
        const ast *tgt = assigns->kids[i]->kids[0];
        decl *dc = find_decl_in(S, tgt->text, -1);
        if (dc && dc->sym < 0) {
            ok = false;
            continue;
        }
        if (!dc || dc->kind != DECL_PARAM) {
            if (!dc)
                diag_error(S->d, tgt->sp, "'%s' is not declared", tgt->text);
            else
                diag_error(S->d, tgt->sp,
                           "'%s' is %s %s: a reparam can only give parameters new coordinates",
                           tgt->text, kind_article(dc->kind), decl_kind_name(dc->kind));
            ok = false;
            continue;
        }
        int sym = dc->sym;
        if (tgt->kind == AST_INDEX) {
            long k;
            if (dc->len == 0) {
                diag_error(S->d, tgt->sp, "'%s' is not a vector and cannot be indexed", tgt->text);
                ok = false;
                continue;
            }
            if (!eval_int(S, tgt->kids[0], "the index", &k)) {
                ok = false;
                continue;
            }
            if (k < 1 || k > dc->len) {
                diag_error(S->d, tgt->kids[0]->sp, "index %ld is out of range for '%s' (1..%d)", k,
                           tgt->text, dc->len);
                ok = false;
                continue;
            }
            sym += (int)k - 1;
        } else if (dc->len > 0) {
            diag_error(S->d, tgt->sp, "'%s' is a vector: assign its elements one by one, as in "
                                      "%s[1] = ...",
                       tgt->text, tgt->text);
            ok = false;
            continue;
        }
        for (int j = 0; j < rp->nassign; j++)
            if (rp->old_syms[j] == sym) {
                diag_error(S->d, tgt->sp, "'%s' is assigned twice in reparam '%s'",
                           expr_sym_get(S->ex, sym)->name, rp->name);
                ok = false;
            }
        rp->old_syms[rp->nassign++] = sym;
    }
    /* The new parameters: their names must not be ambiguous. */
    rp->news = xcalloc((size_t)news->nkids, sizeof *rp->news);
    for (int i = 0; i < news->nkids; i++) {
        const ast *np = news->kids[i];
        const char *name = np->text;
        decl *prev = find_decl_in(S, name, -1);
        if (prev) {
            if (prev->kind == DECL_PARAM && is_assigned_in(rp, prev))
                diag_error(S->d, np->sp,
                           "'%s' is ambiguous in reparam '%s': the new parameter has the name of "
                           "the parameter it replaces; choose another name",
                           name, rp->name);
            else if (prev->kind == DECL_PARAM)
                diag_error(S->d, np->sp,
                           "'%s' is ambiguous in reparam '%s': the model's parameter '%s' is kept "
                           "by this reparam and would share the name",
                           name, rp->name, name);
            else
                diag_error(S->d, np->sp,
                           "'%s' is ambiguous in reparam '%s': the model has %s %s of that name",
                           name, rp->name, kind_article(prev->kind), decl_kind_name(prev->kind));
            ok = false;
            continue;
        }
        if (expr_fn_lookup(name) >= 0 || strcmp(name, "pi") == 0 || strcmp(name, "euler") == 0) {
            diag_error(S->d, np->sp, "'%s' is a built-in name and cannot be declared", name);
            ok = false;
            continue;
        }
        decl *dup = find_decl_in(S, name, ri);
        if (dup) {
            diag_error(S->d, np->sp, "'%s' is listed twice in reparam '%s'", name, rp->name);
            ok = false;
            continue;
        }
        decl *dc = new_decl(S, DECL_PARAM, name, np->sp, ri);
        if (!lower_domain(S, np->kids[0], dc, true, &dc->dom)) {
            ok = false;
            continue;
        }
        make_symbols(S, dc);
        rp->news[rp->nnew++] = dc;
    }
    if (!ok)
        return;
    if (rp->nnew != rp->nassign) {
        diag_error(S->d, st->sp,
                   "reparam '%s' gives %d new parameter%s for %d replaced: a reparameterization "
                   "must be one-to-one",
                   rp->name, rp->nnew, rp->nnew == 1 ? "" : "s", rp->nassign);
        return;
    }
    /* The right-hand sides, in the reparam's scope. */
    S->cur_reparam = ri;
    use_ctx u = {USE_CONST | USE_PARAM, WHERE_REPARAM, NULL, NULL};
    for (int i = 0; i < assigns->nkids && i < rp->nassign; i++) {
        rp->rhs[i] = lower(S, assigns->kids[i]->kids[1], &u);
        ok = ok && rp->rhs[i];
    }
    S->cur_reparam = -1;
    if (!ok)
        return;
    for (int i = 0; i < rp->nnew; i++) {
        bool used = false;
        for (int j = 0; j < rp->nassign && !used; j++)
            used = expr_has_sym(S->ex, rp->rhs[j], rp->news[i]->sym);
        if (!used) {
            diag_error(S->d, rp->news[i]->sp, "the new parameter '%s' of reparam '%s' is not used "
                                              "by any assignment",
                       rp->news[i]->name, rp->name);
            return;
        }
    }
    /* Coordinates: the model's parameters in order, the first replaced one standing for all
     * the new ones (in the order listed), the other replaced ones dropped. */
    rp->coords = xcalloc((size_t)(m->nparams + rp->nnew), sizeof *rp->coords);
    bool placed = false;
    for (int i = 0; i < m->nparams; i++) {
        int s = m->params[i];
        bool assigned = false;
        for (int j = 0; j < rp->nassign; j++)
            assigned = assigned || rp->old_syms[j] == s;
        if (!assigned) {
            rp->coords[rp->ncoords++] = s;
        } else if (!placed) {
            for (int j = 0; j < rp->nnew; j++)
                rp->coords[rp->ncoords++] = rp->news[j]->sym;
            placed = true;
        }
    }
}

/* ---------------------------------------------------------------- claims */

static const char *claim_words = "fim, jeffreys, score, hessian, expfam, E[...] and Var[...]";

static bool lower_value(sema *S, const ast *v, const use_ctx *u, claim *c, int want_rows,
                        int want_cols, const char *what)
{
    /* want_cols == 0: a vector of want_rows (a scalar allowed when want_rows == 1);
     * want_cols > 0: a matrix (a scalar allowed when 1x1). */
    if (v->kind != AST_LIST) {
        if (want_rows == 1) {
            c->rhs = lower(S, v, u);
            return c->rhs != NULL;
        }
        diag_error(S->d, v->sp, "%s needs %s with %d %s, not a single expression", what,
                   want_cols ? "a matrix [[...], ...]" : "a vector [...]", want_rows,
                   want_cols ? "rows" : "entries");
        return false;
    }
    if (v->nkids != want_rows) {
        diag_error(S->d, v->sp, "%s needs %d %s, not %d", what, want_rows,
                   want_cols ? "rows" : "entries", v->nkids);
        return false;
    }
    c->rows = want_rows;
    c->cols = want_cols;
    int cols = want_cols ? want_cols : 1;
    c->m = xcalloc((size_t)(want_rows * cols), sizeof *c->m);
    bool ok = true;
    for (int i = 0; i < want_rows; i++) {
        const ast *row = v->kids[i];
        if (!want_cols) {
            if (row->kind == AST_LIST) {
                diag_error(S->d, row->sp, "%s needs a vector; this entry is a list", what);
                ok = false;
                continue;
            }
            c->m[i] = lower(S, row, u);
            ok = ok && c->m[i];
            continue;
        }
        if (row->kind != AST_LIST || row->nkids != want_cols) {
            diag_error(S->d, row->sp, "%s needs %d rows of %d entries", what, want_rows, want_cols);
            ok = false;
            continue;
        }
        for (int j = 0; j < want_cols; j++) {
            if (row->kids[j]->kind == AST_LIST) {
                diag_error(S->d, row->kids[j]->sp, "a matrix entry cannot be a list");
                ok = false;
                continue;
            }
            c->m[i * want_cols + j] = lower(S, row->kids[j], u);
            ok = ok && c->m[i * want_cols + j];
        }
    }
    return ok;
}

static void sema_check(sema *S, const ast *st)
{
    model *m = S->m;
    claim *c = xcalloc(1, sizeof *c);
    c->sp = st->sp;
    c->reparam = -1;
    unsigned col;
    src_locate(S->d->src, st->sp.start, &c->line, &col);
    const char *w = st->text;
    int d = m->nparams;
    bool ok = true;
    if (st->str2) {
        int ri = -1;
        for (int i = 0; i < m->nreparams; i++)
            if (strcmp(m->reparams[i]->name, st->str2) == 0)
                ri = i;
        if (ri < 0) {
            diag_error(S->d, st->sp, "no reparam named '%s' is declared before this claim",
                       st->str2);
            free(c);
            return;
        }
        if (strcmp(w, "fim") != 0 && strcmp(w, "jeffreys") != 0) {
            diag_error(S->d, st->sp, "'%s.%s': only fim and jeffreys claims can name a reparam",
                       st->str2, w);
            free(c);
            return;
        }
        c->reparam = ri;
        d = m->reparams[ri]->ncoords;
        S->cur_reparam = ri;
    }
    use_ctx u = {USE_CONST | USE_PARAM, WHERE_CLAIM, NULL, NULL};
    use_ctx ud = {USE_CONST | USE_PARAM | USE_DATA | USE_INPUT, WHERE_CLAIM_DATA, NULL, NULL};
    if (strcmp(w, "fim") == 0 || strcmp(w, "score") == 0 || strcmp(w, "hessian") == 0) {
        c->kind = w[0] == 'f' ? CLAIM_FIM : w[0] == 's' ? CLAIM_SCORE : CLAIM_HESSIAN;
        if (st->flag != CHECK_EQ) {
            diag_error(S->d, st->sp, "a %s claim is written '%s == ...'", w, w);
            ok = false;
        } else {
            char what[64];
            snprintf(what, sizeof what, "the %s claim", w);
            ok = lower_value(S, st->kids[0], c->kind == CLAIM_FIM ? &u : &ud, c, d,
                             c->kind == CLAIM_SCORE ? 0 : d, what);
        }
    } else if (strcmp(w, "jeffreys") == 0) {
        if (st->flag == CHECK_NONE) {
            diag_error(S->d, st->sp, "a jeffreys claim is written 'jeffreys ~ EXPR' or "
                                     "'jeffreys == EXPR'");
            ok = false;
        } else {
            c->kind = st->flag == CHECK_EQ ? CLAIM_JEFFREYS_EQ : CLAIM_JEFFREYS_PROP;
            ok = lower_value(S, st->kids[0], &u, c, 1, 0, "the jeffreys claim");
        }
    } else if (strcmp(w, "expfam") == 0) {
        c->kind = CLAIM_EXPFAM;
        if (st->flag != CHECK_NONE) {
            diag_error(S->d, st->sp, "an expfam claim takes no value: write 'check expfam'");
            ok = false;
        }
    } else if (strcmp(w, "E") == 0 || strcmp(w, "Var") == 0) {
        c->kind = w[0] == 'E' ? CLAIM_MEAN : CLAIM_VAR;
        use_ctx ua = {USE_CONST | USE_PARAM | USE_DATA, WHERE_CLAIM_DATA, NULL, NULL};
        c->arg = lower(S, st->kids[0], &ua);
        c->rhs = lower(S, st->kids[1], &u);
        ok = c->arg && c->rhs;
        if (ok && !expr_has_kind(S->ex, c->arg, SYM_DATA)) {
            diag_error(S->d, st->kids[0]->sp, "%s[...] needs an expression in the data", w);
            ok = false;
        }
    } else {
        diag_error(S->d, st->sp, "unknown claim '%s': the claims are %s", w, claim_words);
        ok = false;
    }
    S->cur_reparam = -1;
    if (!ok) {
        free(c->m);
        free(c);
        return;
    }
    m->claims = xrealloc(m->claims, (size_t)(m->nclaims + 1) * sizeof *m->claims);
    m->claims[m->nclaims++] = c;
}

/* ---------------------------------------------------------------- the model */


/* Every let expanded, in declaration order (a let only mentions earlier lets). */
static void expand_lets(sema *S, int *nlet, int **let_syms, expr ***let_vals)
{
    ptrvec syms = {0}, vals = {0};
    for (size_t i = 0; i < S->decls.n; i++) {
        decl *dc = S->decls.v[i];
        if (dc->kind != DECL_LET || !dc->value || dc->sym < 0)
            continue;
        expr *v = dc->value;
        if (syms.n) {
            int *ss = xmalloc(syms.n * sizeof *ss);
            for (size_t j = 0; j < syms.n; j++)
                ss[j] = (int)(intptr_t)syms.v[j];
            v = expr_subst(S->ex, v, syms.n, ss, (expr *const *)vals.v);
            free(ss);
        }
        pv_push(&syms, (void *)(intptr_t)dc->sym);
        pv_push(&vals, v);
    }
    *nlet = (int)syms.n;
    *let_syms = xmalloc((syms.n + 1) * sizeof **let_syms);
    for (size_t j = 0; j < syms.n; j++)
        (*let_syms)[j] = (int)(intptr_t)syms.v[j];
    *let_vals = (expr **)vals.v;
    pv_free(&syms);
}

expr *sema_expr(model *m, const ast *a, diag_ctx *d, int reparam_scope, bool allow_data)
{
    static const ast_file no_file = {{0}};
    sema S_ = {0}, *S = &S_;
    S->d = d;
    S->m = m;
    S->ex = m->ex;
    S->file = &no_file;
    S->file_src = d->src;
    S->cur_reparam = reparam_scope;
    for (int i = 0; i < m->ndecls; i++)
        pv_push(&S->decls, m->decls[i]);
    for (int r = 0; r < m->nreparams; r++)
        for (int k = 0; k < m->reparams[r]->nnew; k++)
            pv_push(&S->decls, m->reparams[r]->news[k]);
    for (int i = 0; i < m->nclosed; i++)
        if (m->closed[i]) {
            pv_push(&S->const_syms, (void *)(intptr_t)i);
            pv_push(&S->const_vals, m->closed[i]);
        }
    use_ctx u = {USE_CONST | USE_PARAM | (allow_data ? USE_DATA | USE_INPUT | USE_LET : 0),
                 WHERE_CLAIM, NULL, NULL};
    if (allow_data)
        u.where = WHERE_LOGP;
    expr *e = lower(S, a, &u);
    pv_free(&S->decls);
    pv_free(&S->const_syms);
    pv_free(&S->const_vals);
    return e;
}

model *sema_analyse(const ast_file *file, diag_ctx *d, const char *default_name,
                    sema_override *overrides, int noverrides)
{
    sema S_ = {0}, *S = &S_;
    S->d = d;
    S->file = file;
    S->file_src = d->src;
    S->cur_reparam = -1;
    S->ov = overrides;
    S->nov = noverrides;
    model *m = xcalloc(1, sizeof *m);
    S->m = m;
    m->ex = expr_ctx_new();
    S->ex = m->ex;
    const ast *logp_st = NULL, *model_st = NULL, *first_tilde = NULL;
    const decl *first_listed = NULL; /* the first input with inline values */
    int errors0 = d->nerrors;

    for (size_t i = 0; i < file->stmts.n && !diag_full(d); i++) {
        const ast *st = file->stmts.v[i];
        S->cur_stmt = st;
        switch (st->kind) {
        case AST_MODEL:
            if (model_st) {
                diag_error(d, st->sp, "the model is named twice");
                diag_note(d, model_st->sp, "the first 'model' statement is here");
                break;
            }
            model_st = st;
            break;
        case AST_CONST:
            sema_const(S, st);
            break;
        case AST_PARAM:
        case AST_DATA: {
            size_t before = S->decls.n;
            sema_param_or_data(S, st, st->kind == AST_PARAM ? DECL_PARAM : DECL_DATA);
            if (S->decls.n > before) {
                decl *dc = S->decls.v[before];
                if (dc->sym >= 0) {
                    int n = dc->len ? dc->len : 1;
                    int **arr = st->kind == AST_PARAM ? &m->params : &m->data;
                    int *cnt = st->kind == AST_PARAM ? &m->nparams : &m->ndata;
                    *arr = xrealloc(*arr, (size_t)(*cnt + n) * sizeof **arr);
                    for (int k = 0; k < n; k++)
                        (*arr)[(*cnt)++] = dc->sym + k;
                }
            }
            break;
        }
        case AST_INPUT: {
            size_t before = S->decls.n;
            sema_input(S, st);
            if (S->decls.n > before) {
                decl *dc = S->decls.v[before];
                if (dc->sym >= 0) {
                    m->inputs = xrealloc(m->inputs, (size_t)(m->ninputs + 1) * sizeof *m->inputs);
                    m->inputs[m->ninputs++] = dc->sym;
                    /* A row gives every input one value, so inline lists agree in length
                     * (lists from --inputs are checked by inputs_require). */
                    if (dc->has_values && !first_listed)
                        first_listed = dc;
                    else if (dc->has_values && dc->nvalues != first_listed->nvalues)
                        diag_error(d, dc->sp,
                                   "input '%s' has %d value%s but input '%s' has %d (every "
                                   "input has one value per row)",
                                   dc->name, dc->nvalues, dc->nvalues == 1 ? "" : "s",
                                   first_listed->name, first_listed->nvalues);
                }
            }
            break;
        }
        case AST_LET:
            sema_let(S, st);
            break;
        case AST_LOGP:
            if (logp_st) {
                diag_error(d, st->sp, "the model has a second 'logp'; a model has exactly one");
                diag_note(d, logp_st->sp, "the first 'logp' is here");
                break;
            }
            if (first_tilde) {
                diag_error(d, st->sp,
                           "'logp' cannot be combined with '~' statements: give the density "
                           "either as one 'logp' or as '~' statements");
                break;
            }
            logp_st = st;
            m->logp_sp = st->sp;
            {
                use_ctx u = {USE_ALL, WHERE_LOGP, NULL, NULL};
                m->logp_src = lower(S, st->kids[0], &u);
            }
            break;
        case AST_TILDE:
            if (logp_st) {
                diag_error(d, st->sp,
                           "'~' statements cannot be combined with 'logp': give the density "
                           "either as one 'logp' or as '~' statements");
                break;
            }
            if (!first_tilde)
                first_tilde = st;
            sema_tilde(S, st);
            break;
        case AST_REPARAM:
            sema_reparam(S, st);
            break;
        case AST_CHECK:
            sema_check(S, st);
            break;
        default:
            break;
        }
    }

    /* Safety net: everything that failed must have said so. */
    if (d->nerrors == errors0) {
        for (size_t i = 0; i < S->decls.n; i++) {
            decl *dc = S->decls.v[i];
            if (dc->sym < 0)
                diag_error(d, dc->sp, "internal error: '%s' was not analysed", dc->name);
        }
        if (logp_st && !m->logp_src)
            diag_error(d, logp_st->sp, "internal error: logp was not analysed");
    }

    /* Model name and title. */
    if (model_st) {
        m->name = xstrdup(model_st->text);
        if (model_st->nkids > 0)
            m->title = xstrdup(model_st->kids[0]->text);
    } else {
        m->name = xstrdup(default_name);
    }
    m->ndecls = 0;
    m->decls = xcalloc(S->decls.n + 1, sizeof *m->decls);
    for (size_t i = 0; i < S->decls.n; i++) {
        decl *dc = S->decls.v[i];
        if (dc->reparam < 0)
            m->decls[m->ndecls++] = dc;
    }

    if (d->nerrors == errors0) {
        span at = {0, 0};
        if (!logp_st && !first_tilde)
            diag_error(d, at, "the model has no log-density: add 'logp = ...' or a statement "
                              "such as 'x ~ normal(mu, sigma)'");
        else if (m->nparams == 0)
            diag_error(d, at, "the model has no parameters: declare one with 'param NAME in "
                              "DOMAIN'");
        else if (m->ndata == 0)
            diag_error(d, at, "the model has no data variable: declare one with 'data NAME in "
                              "SUPPORT'");
        if (first_tilde && d->nerrors == errors0) {
            for (int i = 0; i < m->ndata; i++) {
                bool has = false;
                for (int j = 0; j < m->ntildes; j++)
                    has = has || m->tildes[j]->data_sym == m->data[i];
                if (!has) {
                    const expr_sym_info *si = expr_sym_get(m->ex, m->data[i]);
                    diag_error(d, ((decl *)si->owner)->sp,
                               "the data variable '%s' has no distribution: add '%s ~ ...'",
                               si->name, si->name);
                }
            }
        }
    }

    if (d->nerrors == errors0) {
        /* Expand lets and distributions into the full log-density. */
        int nlet;
        int *let_syms;
        expr **let_vals;
        expand_lets(S, &nlet, &let_syms, &let_vals);
        if (logp_st) {
            m->logp = nlet ? expr_subst(m->ex, m->logp_src, (size_t)nlet, let_syms, let_vals)
                           : m->logp_src;
        } else {
            ptrvec terms = {0};
            for (int i = 0; i < m->ntildes; i++) {
                tilde *t = m->tildes[i];
                expr **args = xcalloc((size_t)t->nargs + 1, sizeof *args);
                for (int k = 0; k < t->nargs && t->args; k++)
                    args[k] = nlet ? expr_subst(m->ex, t->args[k], (size_t)nlet, let_syms, let_vals)
                                   : t->args[k];
                t->logp = dist_logp(m->ex, t->dist, expr_sym(m->ex, t->data_sym), args, t->vec);
                free(args);
                pv_push(&terms, t->logp);
            }
            m->logp = expr_add(m->ex, terms.n, (expr *const *)terms.v);
            pv_free(&terms);
        }
        free(let_syms);
        free(let_vals);
        bool has_param = false;
        for (int i = 0; i < m->nparams && !has_param; i++)
            has_param = expr_has_sym(m->ex, m->logp, m->params[i]);
        if (!has_param)
            diag_error(d, logp_st ? logp_st->sp : first_tilde->sp,
                       "the log-density does not depend on any parameter");
    }

    /* Decls that never made it into the model (errors) are freed with it. */
    for (size_t i = 0; i < S->decls.n; i++) {
        decl *dc = S->decls.v[i];
        if (dc->reparam >= 0) {
            /* owned by the reparam's news array, freed in model_free */
            bool listed = false;
            model_reparam *rp = m->reparams[dc->reparam];
            for (int k = 0; k < rp->nnew; k++)
                listed = listed || rp->news[k] == dc;
            if (!listed) {
                free(dc->name);
                free(dc->dom.elems);
                free(dc);
            }
        }
    }
    pv_free(&S->decls);
    pv_free(&S->refused);
    pv_free(&S->const_syms);
    pv_free(&S->const_vals);
    if (d->nerrors > errors0) {
        model_free(m);
        return NULL;
    }
    return m;
}
