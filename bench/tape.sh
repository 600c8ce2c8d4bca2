#!/usr/bin/env bash
# bench/tape.sh [BUILD] — the tape interpreter with and without the bind segment: builds
# bench/tape.c against a configured and built fimc tree BUILD (default: build/ beside this
# directory; it links that tree's libfimc.a and libfimrt.so) and runs it on the Normal model:
# N = 20000 evaluations of logp, score and Hessian at mu = 0.3, sigma = 2 and data values
# over mu ± 6 sigma, at 256 and 1024 bits, best of 5. "without binding" is
# fimrt_tape_eval of tape_build's tape (every evaluation recomputes log(sigma), sigma^2,
# ...); "bound" is tape_build_fixed's tape, fimrt_tape_bind once, fimrt_tape_eval_bound per
# value.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
BUILD=$(cd "${1:-$src/build}" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc=${CC:-gcc}
$cc -std=c11 -O2 -Wall -Wextra -D_GNU_SOURCE -I"$BUILD" -I"$src/compiler/base" -I"$src/compiler/core" \
    -I"$src/compiler/front" -I"$src/compiler/sym" -I"$src/compiler/num" -I"$BUILD/grammar" \
    -I"$src/grammar" -I"$src/runtime" -o "$tmp/tape" "$here/tape.c" \
    "$BUILD/compiler/.libs/libfimc.a" -L"$BUILD/runtime/.libs" -lfimrt \
    -Wl,-rpath,"$BUILD/runtime/.libs" -lflint -lmpfr -lgmp -lm
"$tmp/tape" "$src/models/normal.fim" "${N:-20000}"
