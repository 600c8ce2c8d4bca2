/* grammar/parser.y — the grammar of the fimc model language (LANGUAGE.md §1 and §3).
 *
 * Pure and reentrant; every action is a constructor call that records the source span.
 * No name lookup, folding or checking happens here (that is compiler/sema.c). After a
 * syntax error the parser skips to the next statement so one run reports several. */
%code requires {
#include "ast.h"
#include "parse.h"
#ifndef YY_TYPEDEF_YY_SCANNER_T
#define YY_TYPEDEF_YY_SCANNER_T
typedef void *yyscan_t;
#endif
/* Locations are byte spans: a rule spans from its first to its last symbol. */
#define YYLLOC_DEFAULT(Cur, Rhs, N)                                                     \
    do {                                                                                \
        if (N) {                                                                        \
            (Cur).start = YYRHSLOC(Rhs, 1).start;                                       \
            (Cur).end = YYRHSLOC(Rhs, N).end;                                           \
        } else {                                                                        \
            (Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end;                             \
        }                                                                               \
    } while (0)
}

%code {
#include <string.h>
int fimc_yylex(FIMC_YYSTYPE *lval, FIMC_YYLTYPE *lloc, yyscan_t scanner);
#define A (pc->arena)
#define N0(k, loc, text) ast_new(A, (k), (loc), (text), 0)
#define N1(k, loc, text, a) ast_new(A, (k), (loc), (text), 1, (a))
#define N2(k, loc, text, a, b) ast_new(A, (k), (loc), (text), 2, (a), (b))
#define N3(k, loc, text, a, b, c) ast_new(A, (k), (loc), (text), 3, (a), (b), (c))
#define STMT(n) pv_push(&pc->file.stmts, (n))
static void fimc_yyerror(span *loc, yyscan_t scanner, parse_ctx *pc, const char *msg)
{
    (void)scanner;
    if (strcmp(msg, "memory exhausted") == 0)
        diag_error(pc->diag, *loc, "the model is nested too deeply to parse");
    else
        diag_error(pc->diag, *loc, "%s", msg);
}
static ast *with_flag(ast *n, int flag) { n->flag = flag; return n; }
static ast *with_str2(ast_arena *arena, ast *n, const char *s)
{
    n->str2 = s ? ast_intern(arena, s, strlen(s)) : NULL;
    return n;
}
}

%define api.prefix {fimc_yy}
%define api.pure full
%define api.location.type {span}
%define parse.error custom
%define parse.lac full
%locations
%expect 0
%lex-param {yyscan_t scanner}
%parse-param {yyscan_t scanner} {parse_ctx *pc}

%union {
    char *str;
    ast *node;
}

%token START_MODEL "start of model" START_VALUE "start of value"
%token MODEL "'model'" CONST "'const'" PARAM "'param'" DATA "'data'" INPUT "'input'"
%token LET "'let'" LOGP "'logp'" REPARAM "'reparam'" CHECK "'check'" IN "'in'"
%token INF "'inf'" SUM "'sum'" PROD "'prod'" EXPECT "'E'" VARIANCE "'Var'"
%token EQEQ "'=='" DOTDOT "'..'"
%token <str> IDENT "identifier" NUMBER "number" STRING "string"

%type <node> expr args arglist exprlist domain bound target newparams newparam assigns
%type <node> value values claim value_top

%left '+' '-'
%left '*' '/'
%precedence UMINUS
%right '^'

%%

start:
    START_MODEL stmts
  | START_VALUE value_top           { pc->value = $2; }
  ;

value_top:
    expr
  | '{' exprlist '}'                { $$ = $2; $$->sp = @$; }
  ;

stmts:
    %empty
  | stmts stmt
  | stmts ';'
  | stmts error
  ;

stmt:
    kw_model IDENT                     { STMT(N0(AST_MODEL, @$, $2)); }
  | kw_model IDENT STRING              { STMT(N1(AST_MODEL, @$, $2, N0(AST_STRING, @3, $3))); }
  | kw_const IDENT '=' expr            { STMT(N1(AST_CONST, @2, $2, $4)); }
  | kw_const IDENT '=' '{' exprlist '}'{ $5->sp = span_join(@4, @6); STMT(N1(AST_CONST, @2, $2, $5)); }
  | kw_param IDENT IN domain           { STMT(N1(AST_PARAM, @2, $2, $4)); }
  | kw_param IDENT '[' expr ']' IN domain { STMT(N2(AST_PARAM, @2, $2, $7, $4)); }
  | kw_data IDENT IN domain            { STMT(N1(AST_DATA, @2, $2, $4)); }
  | kw_data IDENT '[' expr ']' IN domain  { STMT(N2(AST_DATA, @2, $2, $7, $4)); }
  | kw_input IDENT                     { STMT(N0(AST_INPUT, @2, $2)); }
  | kw_input IDENT '=' '{' exprlist '}'{ $5->sp = span_join(@4, @6); STMT(N1(AST_INPUT, @2, $2, $5)); }
  | kw_let IDENT '=' expr              { STMT(N1(AST_LET, @2, $2, $4)); }
  | kw_logp '=' expr                   { STMT(N1(AST_LOGP, @1, NULL, $3)); }
  | target '~' IDENT '(' args ')'   { $5->kind = AST_CALL; $5->text = $3; $5->sp = span_join(@3, @6);
                                      STMT(N2(AST_TILDE, @2, NULL, $1, $5)); }
  | kw_reparam IDENT '(' newparams ')' '{' assigns '}'
                                    { STMT(N2(AST_REPARAM, @2, $2, $4, $7)); }
  | kw_check claim                     { STMT($2); }
  ;

/* A statement keyword ends error recovery: after a syntax error the parser reports the
 * next one from the start of the next statement on (not three tokens later). */
kw_model:   MODEL   { yyerrok; } ;
kw_const:   CONST   { yyerrok; } ;
kw_param:   PARAM   { yyerrok; } ;
kw_data:    DATA    { yyerrok; } ;
kw_input:   INPUT   { yyerrok; } ;
kw_let:     LET     { yyerrok; } ;
kw_logp:    LOGP    { yyerrok; } ;
kw_reparam: REPARAM { yyerrok; } ;
kw_check:   CHECK   { yyerrok; } ;

target:
    IDENT                           { $$ = N0(AST_NAME, @$, $1); }
  | IDENT '[' expr ']'              { $$ = N1(AST_INDEX, @$, $1, $3); }
  ;

newparams:
    newparam                        { $$ = N1(AST_LIST, @$, NULL, $1); }
  | newparams ',' newparam          { $$ = ast_append(A, $1, $3); $$->sp = @$; }
  ;

newparam:
    IDENT IN domain                 { $$ = N1(AST_NEWPARAM, @1, $1, $3); }
  ;

assigns:
    %empty                          { $$ = N0(AST_LIST, @$, NULL); }
  | assigns target '=' expr         { $$ = ast_append(A, $1, N2(AST_ASSIGN, @2, NULL, $2, $4)); }
  | assigns ';'                     { $$ = $1; }
  ;

claim:
    IDENT                           { $$ = with_flag(N0(AST_CHECK, @1, $1), CHECK_NONE); }
  | IDENT EQEQ value                { $$ = with_flag(N1(AST_CHECK, @1, $1, $3), CHECK_EQ); }
  | IDENT '~' expr                  { $$ = with_flag(N1(AST_CHECK, @1, $1, $3), CHECK_PROP); }
  | IDENT '.' IDENT                 { $$ = with_str2(A, with_flag(N0(AST_CHECK, @1, $3), CHECK_NONE), $1); }
  | IDENT '.' IDENT EQEQ value      { $$ = with_str2(A, with_flag(N1(AST_CHECK, @1, $3, $5), CHECK_EQ), $1); }
  | IDENT '.' IDENT '~' expr        { $$ = with_str2(A, with_flag(N1(AST_CHECK, @1, $3, $5), CHECK_PROP), $1); }
  | EXPECT '[' expr ']' EQEQ expr   { $$ = with_flag(N2(AST_CHECK, @1, "E", $3, $6), CHECK_EQ); }
  | VARIANCE '[' expr ']' EQEQ expr { $$ = with_flag(N2(AST_CHECK, @1, "Var", $3, $6), CHECK_EQ); }
  ;

value:
    expr
  | '[' values ']'                  { $$ = $2; $$->sp = @$; }
  ;

values:
    value                           { $$ = N1(AST_LIST, @$, NULL, $1); }
  | values ',' value                { $$ = ast_append(A, $1, $3); }
  ;

domain:
    IDENT                           { $$ = N0(AST_DOM_REAL, @$, $1); }
  | '(' bound ',' bound ')'         { $$ = with_flag(N2(AST_DOM_INTERVAL, @$, NULL, $2, $4), 0); }
  | '(' bound ',' bound ']'         { $$ = with_flag(N2(AST_DOM_INTERVAL, @$, NULL, $2, $4), 2); }
  | '[' bound ',' bound ')'         { $$ = with_flag(N2(AST_DOM_INTERVAL, @$, NULL, $2, $4), 1); }
  | '[' bound ',' bound ']'         { $$ = with_flag(N2(AST_DOM_INTERVAL, @$, NULL, $2, $4), 3); }
  | '{' expr DOTDOT expr '}'        { $$ = N2(AST_DOM_RANGE, @$, NULL, $2, $4); }
  | '{' expr DOTDOT INF '}'         { $$ = N2(AST_DOM_RANGE, @$, NULL, $2, N0(AST_INF, @4, NULL)); }
  | '{' exprlist '}'                { $$ = $2; $$->kind = AST_DOM_SET; $$->sp = @$; }
  ;

bound:
    expr
  | INF                             { $$ = with_flag(N0(AST_INF, @$, NULL), 0); }
  | '-' INF                         { $$ = with_flag(N0(AST_INF, @$, NULL), 1); }
  ;

exprlist:
    expr                            { $$ = N1(AST_LIST, @$, NULL, $1); }
  | exprlist ',' expr               { $$ = ast_append(A, $1, $3); $$->sp = @$; }
  ;

args:
    %empty                          { $$ = N0(AST_LIST, @$, NULL); }
  | arglist
  ;

arglist:
    expr                            { $$ = N1(AST_LIST, @$, NULL, $1); }
  | arglist ',' expr                { $$ = ast_append(A, $1, $3); $$->sp = @$; }
  ;

expr:
    NUMBER                          { $$ = N0(AST_NUM, @$, $1); }
  | IDENT                           { $$ = N0(AST_NAME, @$, $1); }
  | IDENT '(' args ')'              { $$ = $3; $$->kind = AST_CALL; $$->text = $1; $$->sp = @$; }
  | IDENT '[' expr ']'              { $$ = N1(AST_INDEX, @$, $1, $3); }
  | '(' expr ')'                    { $$ = $2; }
  | expr '+' expr                   { $$ = N2(AST_ADD, @$, NULL, $1, $3); }
  | expr '-' expr                   { $$ = N2(AST_SUB, @$, NULL, $1, $3); }
  | expr '*' expr                   { $$ = N2(AST_MUL, @$, NULL, $1, $3); }
  | expr '/' expr                   { $$ = N2(AST_DIV, @$, NULL, $1, $3); }
  | expr '^' expr                   { $$ = N2(AST_POW, @$, NULL, $1, $3); }
  | '-' expr %prec UMINUS           { $$ = N1(AST_NEG, @$, NULL, $2); }
  | SUM '(' IDENT IN expr DOTDOT expr ',' expr ')'
                                    { $$ = N3(AST_SUM, @$, $3, $5, $7, $9); }
  | PROD '(' IDENT IN expr DOTDOT expr ',' expr ')'
                                    { $$ = N3(AST_PROD, @$, $3, $5, $7, $9); }
  ;

%%

/* "syntax error: unexpected X, expected A, B or C" with the offending token quoted. */
static int yyreport_syntax_error(const yypcontext_t *yyctx, yyscan_t scanner, parse_ctx *pc)
{
    (void)scanner;
    enum { MAXEXP = 6 };
    yysymbol_kind_t expected[MAXEXP];
    int n = yypcontext_expected_tokens(yyctx, expected, MAXEXP);
    yysymbol_kind_t tok = yypcontext_token(yyctx);
    span sp = *yypcontext_location(yyctx);
    strbuf sb = {0};
    if (tok == YYSYMBOL_YYEOF) {
        sb_puts(&sb, "unexpected end of input");
    } else if (tok == YYSYMBOL_IDENT || tok == YYSYMBOL_NUMBER) {
        sb_printf(&sb, "unexpected %s '%.*s'", yysymbol_name(tok), (int)pc->last_len, pc->last_text);
    } else if (tok == YYSYMBOL_STRING) {
        sb_puts(&sb, "unexpected string");
    } else {
        sb_printf(&sb, "unexpected %s", yysymbol_name(tok));
    }
    if (n > 0 && n < MAXEXP) {
        sb_puts(&sb, ", expected ");
        for (int i = 0; i < n; i++) {
            if (i > 0)
                sb_puts(&sb, i == n - 1 ? " or " : ", ");
            sb_puts(&sb, expected[i] == YYSYMBOL_YYEOF ? "end of input" : yysymbol_name(expected[i]));
        }
    }
    diag_error(pc->diag, sp, "syntax error: %s", sb_str(&sb));
    sb_free(&sb);
    return 0;
}
