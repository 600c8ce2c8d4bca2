# runtime/local.mk — libfimrt: MPFR special functions, linear algebra, the tape
# interpreter, quadrature and sums. Knows nothing of the model language.
lib_LTLIBRARIES += runtime/libfimrt.la
include_HEADERS += runtime/fimrt.h
runtime_libfimrt_la_SOURCES = \
	runtime/fimrt.h \
	runtime/ziv.c runtime/ziv.h \
	runtime/trigamma.c \
	runtime/polygamma.c \
	runtime/lbeta.c \
	runtime/lchoose.c \
	runtime/logistic.c \
	runtime/linalg.c \
	runtime/quad.c \
	runtime/quad_sum.c \
	runtime/tape.c
runtime_libfimrt_la_CPPFLAGS = -I$(top_srcdir)/runtime
runtime_libfimrt_la_LIBADD = -lmpfr -lgmp -lm
runtime_libfimrt_la_LDFLAGS = -version-info 0:0:0 $(AM_LDFLAGS)
pkgconfig_DATA += runtime/fimrt.pc
EXTRA_DIST += runtime/fimrt.pc.in
