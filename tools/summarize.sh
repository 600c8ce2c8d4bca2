#!/usr/bin/env bash
# tools/summarize.sh BUILD_DIR... — add up the results of `make check` in each build
# directory: Check programs report "Checks: N, Failures: F, Errors: E", the shell test
# runners "N passed, N failed"; any other test counts as one by its .trs verdict.
# Prints a line per suite and the totals as "PASSED FAILED" on the last line.
set -u
tp=0
tf=0
for b in "$@"; do
    while IFS= read -r trs; do
        log=${trs%.trs}.log
        p=0 f=0
        res=$(sed -n 's/^:test-result: //p' "$trs" | head -n 1)
        line=$(grep -E 'Checks: [0-9]+, Failures: [0-9]+, Errors: [0-9]+' "$log" 2>/dev/null | tail -n 1)
        if [ -n "$line" ]; then
            c=$(sed -E 's/.*Checks: ([0-9]+).*/\1/' <<< "$line")
            fl=$(sed -E 's/.*Failures: ([0-9]+).*/\1/' <<< "$line")
            e=$(sed -E 's/.*Errors: ([0-9]+).*/\1/' <<< "$line")
            p=$((c - fl - e))
            f=$((fl + e))
        else
            line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" 2>/dev/null | tail -n 1)
            if [ -n "$line" ]; then
                p=$(sed -E 's/^([0-9]+) passed.*/\1/' <<< "$line")
                f=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<< "$line")
            elif [ "$res" = PASS ]; then
                p=1
            elif [ "$res" = SKIP ]; then
                :
            else
                f=1
            fi
        fi
        # A test program that died after printing good counts still failed.
        if [ "$res" != PASS ] && [ "$res" != SKIP ] && [ "$f" -eq 0 ]; then
            f=1
        fi
        printf '  %-8s %-40s %5d passed, %d failed\n' "$(basename "$b")" "${trs#"$b"/}" "$p" "$f" >&2
        tp=$((tp + p))
        tf=$((tf + f))
    done < <(find "$b" -name '*.trs' -not -path '*/_build/*' | sort)
done
echo "$tp $tf"
