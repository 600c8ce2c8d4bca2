/* tests/unit/check_lexer.c — lexical rules of LANGUAGE.md §1 (grammar/lexer.l), tested
 * through parse results since the lexer is only reachable through the parser: token spans
 * (node spans), exact rationals from number literals, comments, keywords against
 * identifiers, '..' against the decimal point, strings, lexical errors and their
 * FILE:LINE:COL (1-based, COL in characters, a tab as one). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* A span's byte offsets. */
#define ck_span(sp, s, e)                                                                   \
    do {                                                                                    \
        ck_assert_uint_eq((sp).start, (s));                                                 \
        ck_assert_uint_eq((sp).end, (e));                                                   \
    } while (0)

/* ---------------------------------------------------------------- token spans */

START_TEST(test_spans)
{
    /* line 1 at byte 0, line 2 at 22, line 3 at 41 */
    fx *f = fx_parse("param theta in (0, 1)\n"
                     "data  x in {0..10}\n"
                     "logp = x*log(theta) + (10 - x)*log(1 - theta)\n");
    ck_assert_int_eq(f->parse_rc, 0);
    ck_assert_int_eq(fx_nerrors(f), 0);
    ck_assert_uint_eq(fx_nstmts(f), 3);

    ast *p = fx_stmt(f, 0);
    ck_assert_int_eq(p->kind, AST_PARAM);
    ck_span(p->sp, 6, 11); /* the declared name */
    ck_assert_str_eq(fx_span_text(f, p->sp), "theta");
    ck_span(p->kids[0]->sp, 15, 21);
    ck_assert_str_eq(fx_span_text(f, p->kids[0]->sp), "(0, 1)");
    ck_span(p->kids[0]->kids[0]->sp, 16, 17);
    ck_span(p->kids[0]->kids[1]->sp, 19, 20);

    ast *d = fx_stmt(f, 1);
    ck_span(d->sp, 28, 29);
    ck_span(d->kids[0]->sp, 33, 40);
    ck_assert_str_eq(fx_span_text(f, d->kids[0]->sp), "{0..10}");
    ck_span(d->kids[0]->kids[0]->sp, 34, 35); /* "0": the number stops before ".." */
    ck_span(d->kids[0]->kids[1]->sp, 37, 39); /* "10" */

    ast *l = fx_stmt(f, 2);
    ck_span(l->sp, 41, 45);
    /* an expression node spans its text from first to last token; parentheses leave no
     * node of their own (the node inside keeps its span without them) */
    ast *e = l->kids[0];
    ck_assert_int_eq(e->kind, AST_ADD);
    ck_span(e->sp, 48, 86);
    ck_assert_str_eq(fx_span_text(f, e->sp), "x*log(theta) + (10 - x)*log(1 - theta)");
    ck_assert_int_eq(e->kids[0]->kind, AST_MUL);
    ck_span(e->kids[0]->sp, 48, 60);
    ck_span(e->kids[0]->kids[0]->sp, 48, 49);
    ck_assert_str_eq(fx_span_text(f, e->kids[0]->kids[1]->sp), "log(theta)");
    ck_span(e->kids[0]->kids[1]->kids[0]->sp, 54, 59);
    ast *r = e->kids[1];
    ck_span(r->sp, 63, 86);
    ck_assert_str_eq(fx_span_text(f, r->sp), "(10 - x)*log(1 - theta)");
    ck_assert_int_eq(r->kids[0]->kind, AST_SUB);
    ck_span(r->kids[0]->sp, 64, 70);
    ck_assert_str_eq(fx_span_text(f, r->kids[0]->sp), "10 - x");
    ck_assert_str_eq(fx_span_text(f, r->kids[1]->sp), "log(1 - theta)");
    unsigned line, col;
    fx_span_loc(f, e->sp, &line, &col);
    ck_assert_uint_eq(line, 3);
    ck_assert_uint_eq(col, 8);
    fx_free(f);
}
END_TEST

START_TEST(test_string_token_span)
{
    fx *f = fx_parse("model m \"T\"");
    ck_assert_int_eq(f->parse_rc, 0);
    ast *m = fx_stmt(f, 0);
    ck_assert_int_eq(m->kind, AST_MODEL);
    ck_span(m->sp, 0, 11);
    ck_assert_int_eq(m->nkids, 1);
    ck_assert_int_eq(m->kids[0]->kind, AST_STRING);
    ck_span(m->kids[0]->sp, 8, 11);
    ck_assert_str_eq(m->kids[0]->text, "T");
    fx_free(f);
}
END_TEST

/* ---------------------------------------------------------------- numbers */

START_TEST(test_numbers_exact)
{
    fx *f = fx_analyse("const a = 0.1\n"
                       "const b = 1e-3\n"
                       "const c = 2.5e2\n"
                       "const d = 10\n"
                       "const e = 0.3\n"
                       "const f = 1E+2\n"
                       "const g = 0.1 + 0.2 - 0.3\n"
                       "const h = 007\n"
                       "const i = 1.250\n"
                       "const j = 12.5e-1\n"
                       "const k = 1.5E-2\n"
                       "param theta in R\n"
                       "data x in R\n"
                       "logp = -(x - theta)^2/2 - log(2*pi)/2\n");
    ck_assert_ptr_nonnull(f->m);
    ck_assert_str_eq(fx_const_value(f, "a"), "1/10");
    ck_assert_str_eq(fx_const_value(f, "b"), "1/1000");
    ck_assert_str_eq(fx_const_value(f, "c"), "250");
    ck_assert_str_eq(fx_const_value(f, "d"), "10");
    ck_assert_str_eq(fx_const_value(f, "e"), "3/10");
    ck_assert_str_eq(fx_const_value(f, "f"), "100");
    ck_assert_str_eq(fx_const_value(f, "g"), "0"); /* exact: no binary rounding */
    ck_assert_str_eq(fx_const_value(f, "h"), "7");
    ck_assert_str_eq(fx_const_value(f, "i"), "5/4");
    ck_assert_str_eq(fx_const_value(f, "j"), "5/4");
    ck_assert_str_eq(fx_const_value(f, "k"), "3/200");
    /* a literal too large to hold exactly is refused at its position */
    fx *g = fx_analyse("const a = 1e999999\nparam theta in R\ndata x in R\nlogp = -(x - theta)^2/2\n");
    ck_assert_ptr_null(g->m);
    ck_assert_str_eq(fx_msg(g, 0), "t.fim:1:11: error: the number '1e999999' is out of range");
    fx_free(g);
    /* the literal's text is kept as written in the tree */
    ck_assert_str_eq(fx_stmt(f, 2)->kids[0]->text, "2.5e2");
    ck_assert_str_eq(fx_stmt(f, 5)->kids[0]->text, "1E+2");
    /* 0.1 is the rational 1/10 itself (hash-consed with expr_frac) */
    ck_assert_ptr_eq(f->m->closed[fx_sym(f, "a")], expr_frac(f->m->ex, 1, 10));
    fx_free(f);
}
END_TEST

START_TEST(test_number_then_identifier)
{
    /* "2theta" is the number 2 and then the identifier theta: no error there (theta could
     * start a '~' statement), the '*' after it is the error. */
    fx *f = fx_parse("param theta in R\ndata x in R\nlogp = 2theta*x");
    ck_assert_int_eq(f->parse_rc, -1);
    ck_assert_int_eq(fx_nerrors(f), 1);
    ck_assert_str_eq(fx_msg(f, 0), "t.fim:3:14: error: syntax error: unexpected '*', expected '[' or '~'");
    fx_free(f);
    /* an exponent needs digits: "1e" is 1 and the identifier e */
    f = fx_value("1e");
    ck_assert_int_eq(f->parse_rc, -1);
    ck_assert_str_eq(fx_msg(f, 0), "t.fim:1:2: error: syntax error: unexpected identifier 'e'");
    fx_free(f);
}
END_TEST

/* ---------------------------------------------------------------- comments, white space */

START_TEST(test_comments)
{
    fx *f = fx_analyse("# a comment: param p in R, logp = 1\n"
                       "model m # trailing; with ; and \"quotes\" and a keyword: data\n"
                       "#model other\n"
                       "   # indented comment\n"
                       "param theta in R#no space before the comment\n"
                       "data x in R\n"
                       "logp = -(x - theta)^2/2 - log(2*pi)/2 # the end, no newline");
    ck_assert_int_eq(f->parse_rc, 0);
    ck_assert_int_eq(fx_nerrors(f), 0);
    ck_assert_uint_eq(fx_nstmts(f), 4);
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 0)), "(model m)");
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 1)), "(param theta R)");
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 2)), "(data x R)");
    ck_assert_ptr_nonnull(f->m);
    ck_assert_str_eq(f->m->name, "m");
    ck_assert_int_eq(f->m->nparams, 1);
    fx_free(f);
    /* '#' inside a string is part of the string */
    f = fx_parse("model m \"a # b\"\n");
    ck_assert_int_eq(f->parse_rc, 0);
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 0)), "(model m \"a # b\")");
    fx_free(f);
}
END_TEST

START_TEST(test_whitespace_and_separators)
{
    /* newlines are plain white space; tabs, CR, form feeds too; ';' may separate */
    fx *f = fx_parse("param\ttheta\fin\vR;;data x\r\nin R;\n;logp\n=\n-(x - theta)^2/2;");
    ck_assert_int_eq(f->parse_rc, 0);
    ck_assert_uint_eq(fx_nstmts(f), 3);
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 0)), "(param theta R)");
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 1)), "(data x R)");
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 2)), "(logp (/ (neg (^ (- x theta) 2)) 2))");
    fx_free(f);
    /* empty text and comment-only text are valid syntax: zero statements */
    f = fx_parse("");
    ck_assert_int_eq(f->parse_rc, 0);
    ck_assert_uint_eq(fx_nstmts(f), 0);
    fx_free(f);
    f = fx_analyse("  \n\t# only a comment\n");
    ck_assert_int_eq(f->parse_rc, 0);
    ck_assert_uint_eq(fx_nstmts(f), 0);
    ck_assert_ptr_null(f->m);
    ck_assert_str_eq(fx_msg(f, 0), "t.fim:1:1: error: the model has no log-density: add 'logp = "
                                   "...' or a statement such as 'x ~ normal(mu, sigma)'");
    fx_free(f);
}
END_TEST

/* ---------------------------------------------------------------- keywords, identifiers */

START_TEST(test_identifiers_not_keywords)
{
    /* words that begin with a keyword, differ in case, or use digits and underscores */
    static const char *const names[] = {
        "models", "constant", "parameter", "database", "inputs", "letter", "logpdf",
        "reparams", "checked", "index", "info", "summed", "product", "Ex", "Variance", "e",
        "var", "VAR", "Model", "in_", "_x", "theta_2", "x1y", "E1", "Var_"};
    strbuf sb = {0};
    for (size_t i = 0; i < ARRAY_LEN(names); i++)
        sb_printf(&sb, "param %s in R\n", names[i]);
    fx *f = fx_parse(sb_str(&sb));
    sb_free(&sb);
    ck_assert_int_eq(f->parse_rc, 0);
    ck_assert_int_eq(fx_nerrors(f), 0);
    ck_assert_uint_eq(fx_nstmts(f), ARRAY_LEN(names));
    for (size_t i = 0; i < ARRAY_LEN(names); i++) {
        ck_assert_int_eq(fx_stmt(f, i)->kind, AST_PARAM);
        ck_assert_str_eq(fx_stmt(f, i)->text, names[i]);
    }
    fx_free(f);
}
END_TEST

static const char *const keywords[] = {"model", "const", "param", "data", "input",
                                       "let", "logp", "reparam", "check", "in",
                                       "inf", "sum", "prod", "E", "Var"};

START_TEST(test_keyword_is_not_a_name)
{
    const char *kw = keywords[_i];
    char text[64], want[160];
    snprintf(text, sizeof text, "param %s in R\n", kw);
    snprintf(want, sizeof want, "t.fim:1:7: error: syntax error: unexpected '%s', expected identifier",
             kw);
    fx *f = fx_parse(text);
    ck_assert_int_eq(f->parse_rc, -1);
    ck_assert_int_ge(fx_nerrors(f), 1);
    ck_assert_str_eq(fx_msg(f, 0), want);
    fx_free(f);
}
END_TEST

START_TEST(test_reserved_names)
{
    /* function names and the constants pi and euler are reserved (sema refuses them) */
    fx *f = fx_analyse("param exp in R\n");
    ck_assert_ptr_null(f->m);
    ck_assert_str_eq(fx_msg(f, 0),
                     "t.fim:1:7: error: 'exp' is the name of a built-in function and cannot be declared");
    fx_free(f);
    f = fx_analyse("const pi = 3\n");
    ck_assert_str_eq(fx_msg(f, 0), "t.fim:1:7: error: 'pi' is a built-in constant and cannot be declared");
    fx_free(f);
    f = fx_analyse("data euler in R\n");
    ck_assert_str_eq(fx_msg(f, 0),
                     "t.fim:1:6: error: 'euler' is a built-in constant and cannot be declared");
    fx_free(f);
    f = fx_analyse("let lgamma = 1\n");
    ck_assert_str_eq(fx_msg(f, 0),
                     "t.fim:1:5: error: 'lgamma' is the name of a built-in function and cannot be declared");
    fx_free(f);
    /* E and Var are keywords in claims, e and var are ordinary names */
    f = fx_parse("check E[x] == theta\ncheck Var[x] == 1\n");
    ck_assert_int_eq(f->parse_rc, 0);
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 0)), "(check E x == theta)");
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 1)), "(check Var x == 1)");
    fx_free(f);
}
END_TEST

/* ---------------------------------------------------------------- '..' and the decimal point */

START_TEST(test_dotdot_and_decimal_point)
{
    fx *f = fx_parse("data x in {0..10}\n"
                     "data y in { 0 .. 10 }\n"
                     "data z in {1.5..3}\n"
                     "data k in {0..inf}\n"
                     "data s in {0.5, 1.5}\n"
                     "const h = 1.5\n"
                     "logp = sum(i in 1..3, z)\n");
    ck_assert_int_eq(f->parse_rc, 0);
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 0)), "(data x (range 0 10))");
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 1)), "(data y (range 0 10))");
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 2)), "(data z (range 1.5 3))");
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 3)), "(data k (range 0 inf))");
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 4)), "(data s (set 0.5 1.5))");
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 5)), "(const h 1.5)");
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 6)), "(logp (sum i 1 3 z))");
    fx_free(f);
    /* "1." and ".5" are not numbers: the '.' is a token of its own */
    f = fx_value("1.");
    ck_assert_int_eq(f->parse_rc, -1);
    ck_assert_str_eq(fx_msg(f, 0), "t.fim:1:2: error: syntax error: unexpected '.'");
    fx_free(f);
    f = fx_value(".5");
    ck_assert_int_eq(f->parse_rc, -1);
    ck_assert_str_eq(fx_msg(f, 0), "t.fim:1:1: error: syntax error: unexpected '.'");
    fx_free(f);
    /* a range needs integer bounds: the lexer keeps 1.5 whole, sema rejects it */
    f = fx_analyse("param theta in R\ndata z in {1.5..3}\nlogp = theta*z\n");
    ck_assert_ptr_null(f->m);
    ck_assert_str_eq(fx_msg(f, 0),
                     "t.fim:2:12: error: a bound of an integer range must be an integer constant");
    fx_free(f);
}
END_TEST

/* ---------------------------------------------------------------- strings */

START_TEST(test_strings)
{
    fx *f = fx_analyse("model m \"Binomial(n, theta)\"\n"
                       "param theta in R\ndata x in R\nlogp = -(x - theta)^2/2 - log(2*pi)/2\n");
    ck_assert_ptr_nonnull(f->m);
    ck_assert_str_eq(f->m->title, "Binomial(n, theta)");
    fx_free(f);
    f = fx_parse("model m \"\"\n");
    ck_assert_int_eq(f->parse_rc, 0);
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 0)), "(model m \"\")");
    fx_free(f);
}
END_TEST

START_TEST(test_string_escapes)
{
    /* model m "say \"hi\" \\ ok": the escapes \" and \\ stand for " and \ . */
    fx *f = fx_analyse("model m \"say \\\"hi\\\" \\\\ ok\"\n"
                       "param theta in R\ndata x in R\nlogp = -(x - theta)^2/2 - log(2*pi)/2\n");
    ck_assert_int_eq(f->parse_rc, 0);
    ck_assert_ptr_nonnull(f->m);
    /* the title is the string's value: 'say "hi" \ ok' */
    ck_assert_str_eq(f->m->title, "say \"hi\" \\ ok");
    /* the canonical print writes it back as a string literal that re-parses: escaped */
    ck_assert_str_eq(fx_print(f, false), "model m \"say \\\"hi\\\" \\\\ ok\"\n"
                                         "param theta in R\ndata x in R\n"
                                         "logp = -(x - theta)^2/2 - log(2*pi)/2\n");
    fx_free(f);
}
END_TEST

START_TEST(test_unterminated_string)
{
    fx *f = fx_parse("model m \"abc\nparam theta in R\n");
    ck_assert_int_eq(f->parse_rc, -1);
    ck_assert_int_eq(fx_nerrors(f), 1);
    ck_assert_str_eq(fx_msg(f, 0), "t.fim:1:9: error: missing terminating '\"' character");
    /* the string ends at the end of the line; parsing goes on */
    ck_assert_uint_eq(fx_nstmts(f), 2);
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 0)), "(model m \"abc\")");
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 1)), "(param theta R)");
    fx_free(f);
}
END_TEST

/* ---------------------------------------------------------------- lexical errors */

static const char bad_chars[] = "@$!?&|<>'`\\:%";

START_TEST(test_unexpected_character)
{
    char text[64], want[96];
    snprintf(text, sizeof text, "param theta in R %c\ndata x in R\n", bad_chars[_i]);
    snprintf(want, sizeof want, "t.fim:1:18: error: unexpected character '%c'", bad_chars[_i]);
    fx *f = fx_parse(text);
    ck_assert_int_eq(f->parse_rc, -1);
    ck_assert_int_eq(fx_nerrors(f), 1); /* skipped: the statements around it parse */
    ck_assert_str_eq(fx_msg(f, 0), want);
    ck_assert_uint_eq(fx_nstmts(f), 2);
    fx_free(f);
}
END_TEST

START_TEST(test_bytes_and_utf8)
{
    fx *f = fx_parse("param theta in R\x01\n");
    ck_assert_str_eq(fx_msg(f, 0), "t.fim:1:17: error: unexpected byte 0x01");
    fx_free(f);
    f = fx_parse("param theta in R\x7f\n");
    ck_assert_str_eq(fx_msg(f, 0), "t.fim:1:17: error: unexpected byte 0x7F");
    fx_free(f);
    f = fx_parse("param theta in R \xff\n");
    ck_assert_str_eq(fx_msg(f, 0), "t.fim:1:18: error: unexpected byte 0xFF");
    fx_free(f);
    /* characters, not bytes, before the column: "θθ" in a title is 4 bytes, 2 columns */
    f = fx_parse("model m \"\xce\xb8\xce\xb8\" @\n");
    ck_assert_int_eq(fx_nerrors(f), 1);
    ck_assert_str_eq(fx_msg(f, 0), "t.fim:1:14: error: unexpected character '@'");
    fx_free(f);
    /* a UTF-8 character is one character, reported whole, and counts as one column */
    f = fx_parse("param \xce\xb8 in R\n"); /* θ */
    ck_assert_int_eq(fx_nerrors(f), 2);
    ck_assert_str_eq(fx_msg(f, 0), "t.fim:1:7: error: unexpected character '\xce\xb8'");
    ck_assert_str_eq(fx_msg(f, 1), "t.fim:1:9: error: syntax error: unexpected 'in', expected identifier");
    fx_free(f);
}
END_TEST

START_TEST(test_diagnostic_format)
{
    /* the whole message: FILE:LINE:COL, the source line, a caret under the column (tab
     * copied, one space per character before it) */
    fx *f = fx_parse("\tconst \xc3\xa9 = 1\n");
    ck_assert_int_eq(fx_nerrors(f), 2);
    ck_assert_str_eq(fx_diags(f), "t.fim:1:8: error: unexpected character '\xc3\xa9'\n"
                                  "\tconst \xc3\xa9 = 1\n"
                                  "\t      ^\n"
                                  "t.fim:1:10: error: syntax error: unexpected '=', expected identifier\n"
                                  "\tconst \xc3\xa9 = 1\n"
                                  "\t        ^\n");
    fx_free(f);
    /* CRLF line ends: lines still count by '\n', the '\r' is white space */
    f = fx_parse("param theta in R\r\ndata x in R\r\nlogp = -(x - theta)^2/2 @\r\n");
    ck_assert_int_eq(fx_nerrors(f), 1);
    ck_assert_str_eq(fx_msg(f, 0), "t.fim:3:25: error: unexpected character '@'");
    ck_assert_uint_eq(fx_nstmts(f), 3);
    fx_free(f);
}
END_TEST

START_TEST(test_eqeq_and_eq)
{
    fx *f = fx_parse("check fim == 1\n");
    ck_assert_int_eq(f->parse_rc, 0);
    ck_assert_str_eq(fx_sexpr(f, fx_stmt(f, 0)), "(check fim == 1)");
    fx_free(f);
    f = fx_parse("check fim = 1\n");
    ck_assert_int_eq(f->parse_rc, -1);
    ck_assert_str_eq(fx_msg(f, 0), "t.fim:1:11: error: syntax error: unexpected '='");
    fx_free(f);
    /* "===" is '==' then '=' */
    f = fx_parse("check fim === 1\n");
    ck_assert_int_eq(f->parse_rc, -1);
    ck_assert_str_eq(fx_msg(f, 0), "t.fim:1:13: error: syntax error: unexpected '='");
    ck_assert_ptr_null(fx_stmt(f, 0));
    fx_free(f);
}
END_TEST

START_TEST(test_value_mode)
{
    fx *f = fx_value("{1, 2.5, 1/3}");
    ck_assert_int_eq(f->parse_rc, 0);
    ck_assert_ptr_nonnull(f->pc.value);
    ck_assert_str_eq(fx_sexpr(f, f->pc.value), "(list 1 2.5 (/ 1 3))");
    ck_span(f->pc.value->sp, 0, 13);
    ck_assert_uint_eq(fx_nstmts(f), 0);
    fx_free(f);
    f = fx_value("-1/2");
    ck_assert_str_eq(fx_sexpr(f, f->pc.value), "(/ (neg 1) 2)");
    fx_free(f);
    f = fx_value(" pi/4 ");
    ck_assert_str_eq(fx_sexpr(f, f->pc.value), "(/ pi 4)");
    fx_free(f);
    /* a statement is not a value */
    f = fx_value("param theta in R");
    ck_assert_int_eq(f->parse_rc, -1);
    fx_free(f);
}
END_TEST

static Suite *lexer_suite(void)
{
    Suite *s = suite_create("lexer");
    TCase *tc = tcase_create("tokens");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_spans);
    tcase_add_test(tc, test_string_token_span);
    tcase_add_test(tc, test_numbers_exact);
    tcase_add_test(tc, test_number_then_identifier);
    tcase_add_test(tc, test_comments);
    tcase_add_test(tc, test_whitespace_and_separators);
    tcase_add_test(tc, test_identifiers_not_keywords);
    tcase_add_loop_test(tc, test_keyword_is_not_a_name, 0, (int)ARRAY_LEN(keywords));
    tcase_add_test(tc, test_reserved_names);
    tcase_add_test(tc, test_dotdot_and_decimal_point);
    tcase_add_test(tc, test_strings);
    tcase_add_test(tc, test_string_escapes);
    tcase_add_test(tc, test_unterminated_string);
    tcase_add_loop_test(tc, test_unexpected_character, 0, (int)strlen(bad_chars));
    tcase_add_test(tc, test_bytes_and_utf8);
    tcase_add_test(tc, test_diagnostic_format);
    tcase_add_test(tc, test_eqeq_and_eq);
    tcase_add_test(tc, test_value_mode);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(lexer_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
