# grammar/local.mk — the lexer and parser (flex + bison), built into the compiler library.
BUILT_SOURCES += grammar/parser.h
EXTRA_DIST += grammar/lexer.l grammar/parser.y
