#!/usr/bin/env bash
# bench/hessian.sh [FIMC] — time `fimc hessian` on the d-parameter Gaussian-means model
# (d = 10, 50, 200) and a d-parameter logistic-regression log-likelihood, beside SymPy
# computing the same Hessian (python3-sympy, if installed; a peer, not a dependency).
# Prints one line per case: seconds for fimc (best of 3) and for SymPy (one run).
set -u
FIMC=${1:-$(dirname "$0")/../build/fimc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

best_of_3() {
    local best=""
    for _ in 1 2 3; do
        local s e
        s=$(date +%s.%N)
        "$@" >/dev/null || return 1
        e=$(date +%s.%N)
        t=$(echo "$e - $s" | bc -l)
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
    done
    printf '%.3f' "$best"
}

for d in 10 50 200; do
    cat > "$tmp/gauss$d.fim" <<EOM
model gauss$d
param mu[$d] in R
data x[$d] in R
logp = sum(i in 1..$d, -(x[i] - mu[i])^2/2)
EOM
    cat > "$tmp/logreg$d.fim" <<EOM
model logreg$d
param w[$d] in R
data x[$d] in R
data y in {0, 1}
logp = y*sum(j in 1..$d, w[j]*x[j]) - log1pexp(sum(j in 1..$d, w[j]*x[j]))
EOM
    for m in gauss logreg; do
        f=$(best_of_3 "$FIMC" hessian "$tmp/$m$d.fim")
        s="n/a"
        if python3 -c 'import sympy' 2>/dev/null; then
            s=$(python3 - "$m" "$d" <<'PY'
import sys, time, sympy as sp
m, d = sys.argv[1], int(sys.argv[2])
x = sp.symbols(f"x1:{d+1}")
if m == "gauss":
    p = sp.symbols(f"mu1:{d+1}")
    lp = sum(-(x[i] - p[i])**2 / 2 for i in range(d))
else:
    p = sp.symbols(f"w1:{d+1}")
    y = sp.Symbol("y")
    eta = sum(p[j] * x[j] for j in range(d))
    lp = y * eta - sp.log(1 + sp.exp(eta))
t0 = time.time()
H = sp.hessian(lp, p)
H = H.applyfunc(sp.simplify) if d <= 10 else H
print(f"{time.time() - t0:.3f}")
PY
)
        fi
        printf '%-7s d=%-4d fimc %ss   sympy %ss\n' "$m" "$d" "$f" "$s"
    done
done
