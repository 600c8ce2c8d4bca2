#!/usr/bin/env bash
# bench/fim.sh [FIMC] — `fimc fim --at` beside mpmath's quad on the same integrals
# (python3-mpmath: a peer, not a dependency): the Normal (mu, sigma) FIM at 256 and 1024
# bits (77 and 308 digits: --digits chosen so fimc's working precision is about that), and
# the Binomial with n = 1000 (a finite sum). fimc: best of 3 wall-clock runs of the whole
# command (parsing, differentiation, tape, both precisions); mpmath: one run of the three
# integrals E[s s^T] (the same work fimc's first pass does).
set -u
FIMC=${1:-$(dirname "$0")/../build/fimc}
# In a build tree with the shared libfimrt, FIMC is libtool's wrapper script, which costs
# about 10 ms of shell per run: time the real program instead (what `make install` puts).
bdir=$(dirname "$FIMC")
if [ -x "$bdir/.libs/fimc" ] && [ -d "$bdir/runtime/.libs" ]; then
    FIMC=$bdir/.libs/fimc
    export LD_LIBRARY_PATH="$bdir/runtime/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
MODELS=$(dirname "$0")/../models
best_of_3() {
    local best=""
    for _ in 1 2 3; do
        local s e t
        s=$(date +%s.%N)
        "$@" >/dev/null
        e=$(date +%s.%N)
        t=$(echo "$e - $s" | bc -l)
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
    done
    printf '%.4f' "$best"
}
for bits in 256 1024; do
    digits=$(( (bits - 40) * 30103 / 100000 ))
    f=$(best_of_3 "$FIMC" fim --at mu=0.3,sigma=2 --digits "$digits" "$MODELS/normal.fim")
    m=$(python3 - "$bits" <<'PY'
import sys, time, mpmath as mp
mp.mp.prec = int(sys.argv[1])
mu, s = mp.mpf("0.3"), mp.mpf(2)
p = lambda x: mp.npdf(x, mu, s)
s1 = lambda x: (x - mu) / s**2
s2 = lambda x: (x - mu)**2 / s**3 - 1 / s
t = time.time()
for f in (lambda x: s1(x)**2, lambda x: s1(x)*s2(x), lambda x: s2(x)**2):
    mp.quad(lambda x: f(x) * p(x), [-mp.inf, mu, mp.inf])
print(f"{time.time() - t:.4f}")
PY
)
    printf 'normal   %4d bits: fimc %ss  mpmath.quad %ss\n' "$bits" "$f" "$m"
done
f=$(best_of_3 "$FIMC" fim -D n=1000 --at theta=0.3 --digits 70 "$MODELS/binomial.fim")
m=$(python3 - <<'PY'
import time, mpmath as mp
mp.mp.prec = 256
n, th = 1000, mp.mpf("0.3")
t = time.time()
mp.fsum(mp.binomial(n, x) * th**x * (1 - th)**(n - x) * (x / th - (n - x) / (1 - th))**2 for x in range(n + 1))
print(f"{time.time() - t:.4f}")
PY
)
printf 'binomial n=1000, 256 bits: fimc %ss  mpmath %ss\n' "$f" "$m"
