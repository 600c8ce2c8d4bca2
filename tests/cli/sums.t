# Infinite sums over {0..inf} whose term ratios increase toward a limit below 1: negative
# binomial with r < 1, ratio (k + r - 1)(1 - p)/k rising to 1 - p (runtime/quad_sum.c, the
# tail bound's case (b)). Before that case these ran to the 1e8-term cap (hours; none
# stopped within 20 s). Each case takes well under a second. References: F = r/(p^2 (1 - p))
# and the moments r(1 - p)/p, r(1 - p)/p^2, exact; the (r, p) entry
# F_rr = trigamma(r) - E[trigamma(x + r)] summed by mpmath at 50 digits to k = 400 (the
# terms are below 1e-80 there), F_rp = -1/p.

### NB(0.5, p) at p = 0.4: 0.5/(0.16*0.6) = 5.2083...
<<< file m.fim
param p in (0, 1)
data x in {0..inf}
x ~ negative_binomial(0.5, p)
$ fimc fim --at p=0.4 --digits 30 m.fim
>>> stdout
F at p = 0.4 (30 digits, symbolic; by sum, E[s s^T] and -E[H] agree with it to {N>=30} digits):
  5.20833333333333333333333333333

### NB(0.1, p) at p = 0.9: 0.1/(0.81*0.1) = 1.2345679...
<<< file m.fim
param p in (0, 1)
data x in {0..inf}
x ~ negative_binomial(0.1, p)
$ fimc fim --at p=0.9 --digits 30 m.fim
>>> stdout
F at p = 0.9 (30 digits, symbolic; by sum, E[s s^T] and -E[H] agree with it to {N>=30} digits):
  1.23456790123456790123456790123

### NB(r, p) with r a parameter: the r scores carry digamma(x + r) (slowly varying factors
### in the ratios); F_rr = trigamma(0.5) - E[trigamma(x + 0.5)], F_rp = -1/p
<<< file m.fim
param r in (0, inf)
param p in (0, 1)
data x in {0..inf}
x ~ negative_binomial(r, p)
$ fimc fim --at r=0.5,p=0.4 --digits 30 m.fim
>>> stdout
F at r = 0.5, p = 0.4 (30 digits, sum; E[s s^T] and -E[H] agree to {N>=30} digits):
  1.57026533861718174598004622965  -2.50000000000000000000000000000
  -2.50000000000000000000000000000  5.20833333333333333333333333333

### fimc check: the normalisation sum at 8 seeded points ends (logp is written out, so it
### is checked; a chain of ~ would skip it); the FIM claim itself is exact (expfam)
<<< file c.fim
param p in (0, 1)
data x in {0..inf}
logp = lgamma(x + 0.5) - lgamma(0.5) - lgamma(x + 1) + 0.5*log(p) + x*log(1 - p)
check fim == 0.5/(p^2*(1-p))
$ fimc check c.fim
>>> stdout
c.fim:4: verified: fim == 1/(2*p^2*(1 - p)) (exact: exponential family, F = -E[H] from E[T])

### the same with r = 0.1, in JSON: normalised
<<< file c.fim
param p in (0, 1)
data x in {0..inf}
logp = lgamma(x + 0.1) - lgamma(0.1) - lgamma(x + 1) + 0.1*log(p) + x*log(1 - p)
check fim == 0.1/(p^2*(1-p))
$ fimc check --format json c.fim
>>> stdout
{"model": "c", "checks": [{"line": 4, "claim": "fim == 1/(10*p^2*(1 - p))", "ok": true, "digits": "exact", "status": "verified", "method": "exact: exponential family, F = -E[H] from E[T]"}], "passed": 1, "failed": 0, "normalized": true}

### E and Var claims with r in (0, 1) a parameter: outside the exponential family, so
### verified by sums at 8 seeded points, every one with increasing ratios
<<< file v.fim
param r in (0, 1)
param p in (0, 1)
data x in {0..inf}
x ~ negative_binomial(r, p)
check E[x] == r*(1-p)/p
check Var[x] == r*(1-p)/p^2
$ fimc check v.fim
>>> stdout
v.fim:5: verified: E[x] == r*(1 - p)/p (numeric: the mean agrees to 20 digits at 8 seeded points)
v.fim:6: verified: Var[x] == r*(1 - p)/p^2 (numeric: the variance agrees to 20 digits at 8 seeded points)

### a tail no bound can prove (terms like 1/x^2) gives up cleanly within seconds, exit 3
# theta/((x + theta)(x + theta + 1)) telescopes to 1, but its ratios creep up to 1; it
# used to run to 1e8 terms (hours), now to the 1e5-term cap, three seeded points at most
<<< file heavy.fim
param theta in (0, inf)
data x in {0..inf}
logp = log(theta) - log(x + theta) - log(x + theta + 1)
$ fimc fim --at theta=2 heavy.fim
>>> stderr
fimc: warning: heavy: the normalisation of logp could not be verified: the total probability could be computed at only 0 of 8 seeded points: the sum over x did not converge at 93 bits
heavy.fim:3:1: error: the sum over x did not converge at 119 bits
logp = log(theta) - log(x + theta) - log(x + theta + 1)
^
>>> exit 3
