#!/usr/bin/env bash
# tests/models.sh — every model in models/ parses and analyses; its canonical print
# re-parses to the same text (print is idempotent); --expand output re-parses too; the
# JSON has the stable keys of LANGUAGE.md §4; and `fimc check` verifies every claim of
# every model (each claim counts as one test).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=${TOP_SRCDIR:-$here/..}
FIMC=${FIMC:-$top/fimc}
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
bad() { fail=$((fail + 1)); echo "not ok - $1"; }
for m in "$top"/models/*.fim; do
    name=$(basename "$m")
    if out=$("$FIMC" print "$m" 2>&1); then ok "$name prints"; else bad "$name prints: $out"; continue; fi
    again=$(printf '%s\n' "$out" | "$FIMC" print - 2>&1)
    if [ "$again" == "$out" ]; then ok "$name: print re-parses to the same model"; else
        bad "$name: print is not idempotent"; diff <(echo "$out") <(echo "$again"); fi
    exp=$("$FIMC" print --expand "$m" 2>&1) && exp2=$(printf '%s\n' "$exp" | "$FIMC" print --expand - 2>&1)
    if [ "$exp" == "${exp2:-}" ]; then ok "$name: --expand re-parses"; else
        bad "$name: --expand does not re-parse to itself"; diff <(echo "$exp") <(echo "${exp2:-}"); fi
    json=$("$FIMC" print --format json "$m" 2>&1)
    keys_ok=1
    for k in '"model": ' '"title": ' '"params": [' '"data": [' '"consts": {' '"logp": '; do
        case "$json" in *"$k"*) ;; *) keys_ok=0 ;; esac
    done
    if [ "$keys_ok" = 1 ]; then ok "$name: JSON has the stable keys"; else bad "$name: JSON keys: $json"; fi
    checks=$("$FIMC" check "$m" 2>&1)
    rc=$?
    while IFS= read -r line; do
        case "$line" in
        *": verified: "*) ok "$name: ${line#*: verified: }" ;;
        *) bad "$name: $line" ;;
        esac
    done <<< "$checks"
    [ "$rc" -eq 0 ] || bad "$name: fimc check exited $rc"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
