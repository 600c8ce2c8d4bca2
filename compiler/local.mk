# compiler/local.mk — the compiler, one folder a stage, each stage a convenience library
# compiled with the include paths of itself and the stages below it only, so a file that
# includes a header of a later stage does not build:
#   base/  allocation, strings, diagnostics
#   core/  the hash-consed expression DAG, its printers (text, LaTeX), the MPFR evaluator
#   front/ the grammar's AST and parser interface, semantic analysis, distributions, the
#          analysed model and its input rows, the model printer (grammar/ builds here)
#   sym/   differentiation, the rational normal form, exponential families, the Fisher
#          identities (Jeffreys density, equality of closed forms, row means), sign ranges
#   num/   CSE and tapes, expectations by sums and quadrature, numeric checks
#   cmd/   main.c and one file per command (the fimc program)
# runtime/ (libfimrt) is below all of them and knows nothing of the language.
INC_BASE = -I$(top_srcdir)/compiler/base
INC_CORE = $(INC_BASE) -I$(top_srcdir)/compiler/core -I$(top_srcdir)/runtime
INC_FRONT = $(INC_CORE) -I$(top_srcdir)/compiler/front -I$(top_builddir)/grammar \
	-I$(top_srcdir)/grammar
INC_SYM = $(INC_FRONT) -I$(top_srcdir)/compiler/sym
INC_NUM = $(INC_SYM) -I$(top_srcdir)/compiler/num
INC_CMD = $(INC_NUM) -I$(top_srcdir)/compiler/cmd

noinst_LTLIBRARIES += compiler/base/libbase.la compiler/core/libcore.la \
	compiler/front/libfront.la compiler/sym/libsym.la compiler/num/libnum.la \
	compiler/libfimc.la

compiler_base_libbase_la_SOURCES = \
	compiler/base/util.c compiler/base/util.h \
	compiler/base/diag.c compiler/base/diag.h
compiler_base_libbase_la_CPPFLAGS = $(INC_BASE)

compiler_core_libcore_la_SOURCES = \
	compiler/core/expr.c compiler/core/expr.h compiler/core/functions.h \
	compiler/core/print_expr.c compiler/core/print_parts.h \
	compiler/core/print_latex.c compiler/core/print_latex.h \
	compiler/core/eval.c compiler/core/eval.h \
	compiler/core/nodemap.c compiler/core/nodemap.h
compiler_core_libcore_la_CPPFLAGS = $(INC_CORE)

compiler_front_libfront_la_SOURCES = \
	grammar/parser.y \
	grammar/lexer.l \
	compiler/front/ast.c compiler/front/ast.h \
	compiler/front/parse.h \
	compiler/front/model.c compiler/front/model.h \
	compiler/front/dist.c compiler/front/dist.h \
	compiler/front/sema.c compiler/front/sema.h \
	compiler/front/print_model.c compiler/front/print_model.h \
	compiler/front/inputs.c compiler/front/inputs.h
compiler_front_libfront_la_CPPFLAGS = $(INC_FRONT)

compiler_sym_libsym_la_SOURCES = \
	compiler/sym/diff.c compiler/sym/diff.h \
	compiler/sym/simp.c compiler/sym/simp.h \
	compiler/sym/expfam.c compiler/sym/expfam.h \
	compiler/sym/distfim.c compiler/sym/distfim.h \
	compiler/sym/range.c compiler/sym/range.h \
	compiler/sym/fisher.c compiler/sym/fisher.h \
	compiler/sym/argdom.c compiler/sym/argdom.h \
	compiler/sym/indep.c compiler/sym/indep.h \
	compiler/sym/asym.c compiler/sym/asym.h \
	compiler/sym/stable.c compiler/sym/stable.h
compiler_sym_libsym_la_CPPFLAGS = $(INC_SYM)

compiler_num_libnum_la_SOURCES = \
	compiler/num/tape.c compiler/num/tape.h \
	compiler/num/numcheck.c compiler/num/numcheck.h \
	compiler/num/numfim.c compiler/num/numfim.h \
	compiler/num/claims.c compiler/num/claims.h \
	compiler/num/normalize.c compiler/num/normalize.h
compiler_num_libnum_la_CPPFLAGS = $(INC_NUM)

# everything below the commands, in one library (the unit tests and bench/ link it)
compiler_libfimc_la_SOURCES =
compiler_libfimc_la_LIBADD = compiler/num/libnum.la compiler/sym/libsym.la \
	compiler/front/libfront.la compiler/core/libcore.la compiler/base/libbase.la \
	runtime/libfimrt.la $(FLINT_LIBS) -lmpfr -lgmp -lm

bin_PROGRAMS += fimc
fimc_SOURCES = compiler/cmd/main.c compiler/cmd/cli.h compiler/cmd/cmd_print.c \
	compiler/cmd/cmd_deriv.c compiler/cmd/cmd_check.c compiler/cmd/cmd_fisher.c \
	compiler/cmd/cmd_fisher.h compiler/cmd/cmd_point.c compiler/cmd/cmd_fim.c \
	compiler/cmd/cmd_expfam.c compiler/cmd/cmd_jeffreys.c compiler/cmd/cmd_reparam.c \
	compiler/cmd/cmd_crlb.c compiler/cmd/cmd_kl.c compiler/cmd/cmd_fit.c
fimc_CPPFLAGS = $(INC_CMD)
fimc_LDADD = compiler/libfimc.la
