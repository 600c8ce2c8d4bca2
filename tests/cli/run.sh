#!/usr/bin/env bash
# tests/cli/run.sh — end-to-end tests of the fimc command line.
#
# Each tests/cli/*.t file holds cases:
#
#   ### name of the case
#   <<< file NAME          (optional; the lines up to the next marker are written to NAME
#   ...                     in the case's scratch directory; "<<< stdin" feeds them on stdin)
#   $ fimc ARGS...         (the command, run by bash in the scratch directory; "fimc"
#                           anywhere in it is the fimc under test;
#                           $MODELS is the model library)
#   >>> stdout             (expected standard output; absent means empty)
#   ...
#   >>> stderr             (expected standard error; absent means empty)
#   ...
#   >>> exit N             (expected exit status; absent means 0)
#
# In expected output, "{N>=K}" matches any whole number of at least K (a figure the
# contract leaves open, like the digits two forms agree to beyond those asked).
# Lines starting with "#" outside a section are comments; consecutive "###" lines are one
# name. A case without a "$" line fails (it would test nothing). Prints "ok"/"not ok" per case,
# a diff for each failure, and finally "N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
FIMC=${FIMC:-$here/../../fimc}
MODELS=${MODELS:-$here/../../models}
export FIMC MODELS
scratch=$(mktemp -d "${TMPDIR:-/tmp}/fimc-cli.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

pass=0
fail=0
n=0

# Expected text equals the actual text, except that "{N>=K}" in an expected line matches
# any whole number of at least K there (figures the contract does not fix, such as how many
# digits two forms agree to beyond the digits asked: "agree to {N>=20} digits").
same_text() {
    local exp=$1 act=$2
    [ "$exp" == "$act" ] && return 0
    case $exp in *'{N>='*) ;; *) return 1 ;; esac
    local -a el al
    mapfile -t el <<< "$exp"
    mapfile -t al <<< "$act"
    [ "${#el[@]}" -eq "${#al[@]}" ] || return 1
    local i e a re lits k mins rest
    for ((i = 0; i < ${#el[@]}; i++)); do
        e=${el[i]} a=${al[i]}
        [ "$e" == "$a" ] && continue
        case $e in *'{N>='*) ;; *) return 1 ;; esac
        # the line as a regex: literal pieces quoted, each placeholder a captured number
        re="" mins=() rest=$e
        while [[ $rest == *'{N>='* ]]; do
            lits=${rest%%'{N>='*}
            rest=${rest#*'{N>='}
            k=${rest%%'}'*}
            rest=${rest#*'}'}
            re+=$(printf '%s' "$lits" | sed 's/[][\.^$*+?(){}|/]/\\&/g')'([0-9]+)'
            mins+=("$k")
        done
        re+=$(printf '%s' "$rest" | sed 's/[][\.^$*+?(){}|/]/\\&/g')
        [[ $a =~ ^${re}$ ]] || return 1
        for ((k = 0; k < ${#mins[@]}; k++)); do
            [ "${BASH_REMATCH[k + 1]}" -ge "${mins[k]}" ] || return 1
        done
    done
    return 0
}

run_case() {
    local name=$1 cmd=$2 exp_out=$3 exp_err=$4 exp_rc=$5 files=$6 stdin_text=$7 has_stdin=$8
    n=$((n + 1))
    local dir="$scratch/case$n"
    mkdir -p "$dir"
    # files: records "NAME<US>CONTENT<RS>"
    if [ -n "$files" ]; then
        local rec fname content
        while IFS= read -r -d $'\x1e' rec; do
            fname=${rec%%$'\x1f'*}
            content=${rec#*$'\x1f'}
            printf '%s' "$content" > "$dir/$fname"
        done <<< "$files"
    fi
    local run='fimc() { "$FIMC" "$@"; }; '"$cmd"
    local t0=$SECONDS
    local out err rc
    if [ "$has_stdin" = 1 ]; then
        (cd "$dir" && printf '%s' "$stdin_text" | bash -c "$run" > "$dir/.out" 2> "$dir/.err")
    else
        (cd "$dir" && bash -c "$run" < /dev/null > "$dir/.out" 2> "$dir/.err")
    fi
    rc=$?
    # FIMC_SLOW=N: name the cases that took N seconds or more (on stderr)
    if [ -n "${FIMC_SLOW:-}" ] && [ $((SECONDS - t0)) -ge "$FIMC_SLOW" ]; then
        echo "slow: $((SECONDS - t0)) s: $name" >&2
    fi
    out=$(cat "$dir/.out")
    err=$(cat "$dir/.err")
    exp_out=$(printf '%s' "$exp_out")
    exp_err=$(printf '%s' "$exp_err")
    if same_text "$exp_out" "$out" && same_text "$exp_err" "$err" && [ "$rc" == "$exp_rc" ]; then
        pass=$((pass + 1))
        echo "ok $n - $name"
    else
        fail=$((fail + 1))
        echo "not ok $n - $name"
        echo "  command: $cmd"
        [ "$rc" == "$exp_rc" ] || echo "  exit status $rc, expected $exp_rc"
        if ! same_text "$exp_out" "$out"; then
            echo "  stdout differs (--- expected, +++ actual):"
            diff <(printf '%s\n' "$exp_out") <(printf '%s\n' "$out") | sed 's/^/    /'
        fi
        if ! same_text "$exp_err" "$err"; then
            echo "  stderr differs (--- expected, +++ actual):"
            diff <(printf '%s\n' "$exp_err") <(printf '%s\n' "$err") | sed 's/^/    /'
        fi
    fi
}

# With arguments, only those .t files (for a quick run by hand); otherwise every one.
if [ $# -gt 0 ]; then
    tfiles=("$@")
else
    tfiles=("$here"/*.t)
fi
for t in "${tfiles[@]}"; do
    [ -e "$t" ] || continue
    name="" cmd="" sec="" out="" err="" rc=0 files="" stdin_text="" has_stdin=0 fname="" fbuf=""
    flush_file() {
        if [ "$sec" = file ]; then
            files+="$fname"$'\x1f'"$fbuf"$'\x1e'
        elif [ "$sec" = stdin ]; then
            stdin_text=$fbuf
            has_stdin=1
        fi
        fbuf=""
    }
    finish() {
        flush_file
        if [ -n "$name" ] && [ -z "$cmd" ]; then
            # a case without a "$ " line tests nothing: it fails
            n=$((n + 1))
            fail=$((fail + 1))
            echo "not ok $n - $(basename "$t" .t): $name"
            echo "  the case has no command line (\$ ...)"
        elif [ -n "$name" ]; then
            run_case "$(basename "$t" .t): $name" "$cmd" "$out" "$err" "$rc" "$files" "$stdin_text" "$has_stdin"
        fi
        name="" cmd="" sec="" out="" err="" rc=0 files="" stdin_text="" has_stdin=0
    }
    while IFS= read -r line || [ -n "$line" ]; do
        case "$line" in
        "### "*)
            if [ -n "$name" ] && [ -z "$cmd$files$sec$out$err" ] && [ "$has_stdin" = 0 ]; then
                name+=" ${line#"### "}" # a name continued on the next line
            else
                finish
                name=${line#"### "}
            fi
            ;;
        "<<< file "*)
            flush_file
            sec=file
            fname=${line#"<<< file "}
            ;;
        "<<< stdin")
            flush_file
            sec=stdin
            ;;
        "\$ "*)
            flush_file
            sec=""
            cmd=${line#"\$ "}
            ;;
        ">>> stdout")
            flush_file
            sec=stdout
            ;;
        ">>> stderr")
            flush_file
            sec=stderr
            ;;
        ">>> exit "*)
            flush_file
            sec=""
            rc=${line#">>> exit "}
            ;;
        *)
            case "$sec" in
            file | stdin) fbuf+="$line"$'\n' ;;
            stdout) out+="$line"$'\n' ;;
            stderr) err+="$line"$'\n' ;;
            *) ;; # comments and blank lines between sections
            esac
            ;;
        esac
    done < "$t"
    finish
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
