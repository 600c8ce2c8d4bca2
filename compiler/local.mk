# compiler/local.mk — the compiler library (front end, analysis, expression core, printers)
# and the fimc program.
noinst_LTLIBRARIES += compiler/libfimc.la
compiler_libfimc_la_SOURCES = \
	grammar/parser.y \
	grammar/lexer.l \
	compiler/util.c compiler/util.h \
	compiler/diag.c compiler/diag.h \
	compiler/ast.c compiler/ast.h \
	compiler/parse.h \
	compiler/expr.c compiler/expr.h \
	compiler/print_expr.c compiler/print_parts.h \
	compiler/dist.c compiler/dist.h \
	compiler/model.h \
	compiler/sema.c compiler/sema.h \
	compiler/print_model.c compiler/print_model.h \
	compiler/print_latex.c compiler/print_latex.h \
	compiler/diff.c compiler/diff.h \
	compiler/simp.c compiler/simp.h \
	compiler/expfam.c compiler/expfam.h \
	compiler/range.c compiler/range.h \
	compiler/fisher.c compiler/fisher.h \
	compiler/eval.c compiler/eval.h \
	compiler/tape.c compiler/tape.h \
	compiler/numcheck.c compiler/numcheck.h \
	compiler/numfim.c compiler/numfim.h \
	compiler/inputs.c compiler/inputs.h
compiler_libfimc_la_CFLAGS = $(AM_CFLAGS)
compiler_libfimc_la_LIBADD = runtime/libfimrt.la $(FLINT_LIBS) -lmpfr -lgmp -lm

bin_PROGRAMS += fimc
fimc_SOURCES = compiler/main.c compiler/cli.h compiler/cmd_print.c compiler/cmd_deriv.c \
	compiler/cmd_check.c compiler/cmd_fisher.c
fimc_LDADD = compiler/libfimc.la
