#!/usr/bin/env bash
# tools/test.sh — the whole test suite from scratch: install what is missing, build,
# run every test (unit, command line, model library), then build again with
# AddressSanitizer + UndefinedBehaviorSanitizer and run everything once more, then
# `make distcheck`. Ends with one line: "N passed, N failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
jobs=$(nproc)
status=0

echo "== build" >&2
bash tools/build.sh || { echo "build failed" >&2; echo "0 passed, 1 failed"; exit 1; }
echo "== make check" >&2
make -C build -j"$jobs" check >build/check.out 2>&1 || status=1

echo "== build with AddressSanitizer + UndefinedBehaviorSanitizer" >&2
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
san_failed=0
if BUILD_DIR=build-asan CONFIGURE_FLAGS="--enable-sanitizers --disable-shared" bash tools/build.sh; then
    echo "== make check (sanitizers)" >&2
    make -C build-asan -j"$jobs" check >build-asan/check.out 2>&1 || status=1
else
    san_failed=1
    status=1
fi

echo "== make distcheck" >&2
dist_failed=0
if ! make -C build -j"$jobs" distcheck >build/distcheck.out 2>&1; then
    dist_failed=1
    status=1
    tail -n 40 build/distcheck.out >&2
fi

echo "== results" >&2
read -r p f < <(bash tools/summarize.sh build build-asan)
f=$((f + san_failed + dist_failed))
[ "$dist_failed" -eq 0 ] && p=$((p + 1))
if [ "$status" -ne 0 ]; then
    for b in build build-asan; do
        find "$b" -name '*.trs' -not -path '*/_build/*' | while read -r trs; do
            if ! grep -q ':test-result: PASS' "$trs"; then
                echo "---- ${trs%.trs}.log" >&2
                tail -n 60 "${trs%.trs}.log" >&2
            fi
        done
    done
fi
echo "$p passed, $f failed"
[ "$f" -eq 0 ] && [ "$status" -eq 0 ]
