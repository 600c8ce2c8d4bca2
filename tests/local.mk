# tests/local.mk — unit tests (Check), end-to-end CLI tests, model-library tests.
UNIT_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
UNIT_LIBS = compiler/libfimc.la $(CHECK_LIBS)

check_PROGRAMS += \
	tests/unit/check_expr \
	tests/unit/check_lexer \
	tests/unit/check_parser \
	tests/unit/check_sema \
	tests/unit/check_diff \
	tests/unit/check_jeffreys \
	tests/unit/check_expfam \
	tests/unit/check_distfim \
	tests/unit/check_argdom \
	tests/unit/check_simp \
	tests/unit/check_specfun \
	tests/unit/check_linalg \
	tests/unit/check_quad \
	tests/unit/check_eval \
	tests/unit/check_tape \
	tests/unit/check_inputs \
	tests/unit/check_asym

tests_unit_check_expr_SOURCES = tests/unit/check_expr.c
tests_unit_check_expr_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_expr_LDADD = $(UNIT_LIBS)
tests_unit_check_lexer_SOURCES = tests/unit/check_lexer.c tests/unit/harness.c tests/unit/harness.h
tests_unit_check_lexer_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_lexer_LDADD = $(UNIT_LIBS)
tests_unit_check_parser_SOURCES = tests/unit/check_parser.c tests/unit/harness.c tests/unit/harness.h
tests_unit_check_parser_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_parser_LDADD = $(UNIT_LIBS)
tests_unit_check_sema_SOURCES = tests/unit/check_sema.c tests/unit/harness.c tests/unit/harness.h
tests_unit_check_sema_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_sema_LDADD = $(UNIT_LIBS)
tests_unit_check_diff_SOURCES = tests/unit/check_diff.c tests/unit/harness.c tests/unit/harness.h
tests_unit_check_diff_CPPFLAGS = $(AM_CPPFLAGS) -DMODELS_DIR='"$(abs_top_srcdir)/models"'
tests_unit_check_diff_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_diff_LDADD = $(UNIT_LIBS)
tests_unit_check_asym_SOURCES = tests/unit/check_asym.c tests/unit/harness.c tests/unit/harness.h
tests_unit_check_asym_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_asym_LDADD = $(UNIT_LIBS)
tests_unit_check_simp_SOURCES = tests/unit/check_simp.c
tests_unit_check_simp_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_simp_LDADD = $(UNIT_LIBS)
tests_unit_check_specfun_SOURCES = tests/unit/check_specfun.c
tests_unit_check_specfun_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_specfun_LDADD = runtime/libfimrt.la $(CHECK_LIBS) -lmpfr -lgmp -lm
tests_unit_check_linalg_SOURCES = tests/unit/check_linalg.c
tests_unit_check_linalg_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_linalg_LDADD = runtime/libfimrt.la $(CHECK_LIBS) -lmpfr -lgmp -lm
tests_unit_check_quad_SOURCES = tests/unit/check_quad.c
tests_unit_check_quad_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_quad_LDADD = runtime/libfimrt.la $(CHECK_LIBS) -lmpfr -lgmp -lm

tests_unit_check_eval_SOURCES = tests/unit/check_eval.c tests/unit/harness.c tests/unit/harness.h
tests_unit_check_eval_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_eval_LDADD = $(UNIT_LIBS)
tests_unit_check_tape_SOURCES = tests/unit/check_tape.c tests/unit/harness.c tests/unit/harness.h
tests_unit_check_tape_CPPFLAGS = $(AM_CPPFLAGS) -DMODELS_DIR='"$(abs_top_srcdir)/models"'
tests_unit_check_tape_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_tape_LDADD = $(UNIT_LIBS)
tests_unit_check_jeffreys_SOURCES = tests/unit/check_jeffreys.c tests/unit/harness.c tests/unit/harness.h
tests_unit_check_jeffreys_CPPFLAGS = $(AM_CPPFLAGS) -DMODELS_DIR='"$(abs_top_srcdir)/models"'
tests_unit_check_jeffreys_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_jeffreys_LDADD = $(UNIT_LIBS)
tests_unit_check_argdom_SOURCES = tests/unit/check_argdom.c tests/unit/harness.c tests/unit/harness.h
tests_unit_check_argdom_CPPFLAGS = $(AM_CPPFLAGS) -DMODELS_DIR='"$(abs_top_srcdir)/models"'
tests_unit_check_argdom_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_argdom_LDADD = $(UNIT_LIBS)
tests_unit_check_expfam_SOURCES = tests/unit/check_expfam.c tests/unit/harness.c tests/unit/harness.h
tests_unit_check_expfam_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_expfam_LDADD = $(UNIT_LIBS)
tests_unit_check_distfim_SOURCES = tests/unit/check_distfim.c tests/unit/harness.c tests/unit/harness.h
tests_unit_check_distfim_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_distfim_LDADD = $(UNIT_LIBS)
tests_unit_check_inputs_SOURCES = tests/unit/check_inputs.c tests/unit/harness.c tests/unit/harness.h
tests_unit_check_inputs_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_inputs_LDADD = $(UNIT_LIBS)

TESTS += $(check_PROGRAMS) tests/cli/run.sh tests/models.sh
AM_TESTS_ENVIRONMENT = FIMC='$(abs_top_builddir)/fimc'; export FIMC; \
	TOP_SRCDIR='$(abs_top_srcdir)'; export TOP_SRCDIR;

dist_noinst_SCRIPTS += tests/cli/run.sh tests/models.sh
EXTRA_DIST += tests/cli/print.t tests/cli/errors.t tests/cli/options.t tests/cli/deriv.t \
	tests/cli/check.t tests/cli/fisher.t tests/cli/tape.t tests/cli/fim.t tests/cli/indep.t tests/cli/inputs.t \
	tests/cli/expect.t tests/cli/sums.t tests/cli/signs.t tests/cli/audit.t tests/cli/functions.t \
	tests/cli/normalize.t tests/cli/reparam.t tests/cli/crlb.t tests/cli/distfim.t tests/cli/stable.t tests/cli/kl.t tests/cli/fit.t \
	tests/data/bivnormal.fim tests/data/hier.fim \
	tests/data/gamma_poisson.fim tests/data/zcauchy.fim tests/data/linreg.fim \
	tests/data/logit_inline.fim tests/data/laplace.fim \
	tests/data/logit.fim tests/data/dose.fim tests/data/logit_rows.csv tests/data/dose_rows.csv \
	tests/data/logit_data.csv tests/data/logit_fit.csv
