# Wrong numbers once printed, now regression tests (issue: a negative Jeffreys prior,
# digits that were not verified, closed forms of a model that is not normalised).
# References: the zero-truncated Poisson's sqrt(det F) at lam = 1.7 is +0.66801172621039...
# (mpmath: the closed form and the direct sum of E[s^2] agree, tests/unit/check_jeffreys.c).

### Jeffreys of a zero-truncated Poisson is positive (it printed 1 - exp(lam) below: negative)
# every factor's sign is decided on (0, inf)
<<< file ztp.fim
param lam in (0, inf)
data x in {1..inf}
logp = x*log(lam) - lam - lfactorial(x) - log(1 - exp(-lam))
$ fimc jeffreys ztp.fim
>>> stdout
sqrt(det F) = sqrt(exp(lam) - 1 - lam)*sqrt(exp(lam))/(sqrt(lam)*(exp(lam) - 1))

### fimc's own printed density verifies as an exact claim; the old negative one fails
<<< file ztp.fim
param lam in (0, inf)
data x in {1..inf}
logp = x*log(lam) - lam - lfactorial(x) - log(1 - exp(-lam))
check jeffreys == sqrt(exp(lam) - 1 - lam)*sqrt(exp(lam))/(sqrt(lam)*(exp(lam) - 1))
check jeffreys == sqrt(exp(lam) - 1 - lam)*sqrt(exp(lam))/(sqrt(lam)*(1 - exp(lam)))
$ fimc check ztp.fim
>>> stdout
ztp.fim:4: verified: jeffreys == sqrt(exp(lam) - 1 - lam)*sqrt(exp(lam))/(sqrt(lam)*(exp(lam) - 1)) (numeric: sqrt(det F) and the claim agree to 65 digits at 8 seeded points)
ztp.fim:5: FAILED: jeffreys == sqrt(exp(lam) - 1 - lam)*sqrt(exp(lam))/(sqrt(lam)*(1 - exp(lam))): at lam=0.657738 the value is 0.9614992922 but the claim gives -0.9614992922
>>> exit 1

### a rate t - 1 with t in (1, inf): 1/(t - 1), not 1/(1 - t)
<<< file t1.fim
param t in (1, inf)
data x in (0, inf)
logp = log(t - 1) - (t - 1)*x
check jeffreys == 1/(t - 1)
$ fimc jeffreys t1.fim && fimc check t1.fim
>>> stdout
sqrt(det F) = 1/(t - 1)
t1.fim:4: verified: jeffreys == 1/(t - 1) (numeric: sqrt(det F) and the claim agree to 65 digits at 8 seeded points)

### a negative parameter: -1/t (positive), not 1/t
<<< file tneg.fim
param t in (-inf, 0)
data x in (0, inf)
logp = log(-t) + t*x
$ fimc jeffreys tneg.fim
>>> stdout
sqrt(det F) = -1/t

### a factor whose sign cannot be shown on R stays under abs
<<< file q.fim
param t in R
data x in (0, inf)
logp = log(t^2 - 2*t + 2) - (t^2 - 2*t + 2)*x
check jeffreys == 2*abs(1 - t)/(t^2 - 2*t + 2)
$ fimc jeffreys q.fim && fimc check q.fim
>>> stdout
sqrt(det F) = 2*abs(1 - t)/abs(2 + t^2 - 2*t)
q.fim:4: verified: jeffreys == 2*abs(1 - t)/(2 + t^2 - 2*t) (numeric: sqrt(det F) and the claim agree to 65 digits at 8 seeded points)

### no digit verified: no digit printed, in text and JSON
# (a 160-digit value was shown beside "agree to 0 digits"); a Cauchy location mu^999999 has
# no closed form, and the quadrature cannot resolve it at mu = 1/2
<<< file bigc.fim
param mu in R
data x in R
logp = -log(pi) - log(1 + (x - mu^999999)^2)
$ fimc fim --at mu=1/2 bigc.fim; echo "exit $?"; fimc fim --at mu=1/2 --format json bigc.fim
>>> stdout
F at mu = 1/2 (quadrature): no digit could be verified
exit 3
{"model": "bigc", "params": ["mu"], "at": {"mu": "1/2"}, "fim": null, "neg_expected_hessian": null, "digits": 0, "method": "quadrature", "agreement_digits": {N>=0}}
>>> stderr
fimc: error: bigc: only 0 of the 20 digits asked for could be verified
fimc: error: bigc: only 0 of the 20 digits asked for could be verified
>>> exit 3

### ... the same with a Normal location: its closed form 999998000001*mu^1999996 is exact and is what is printed (method symbolic); the quadrature's cross-check confirms none of its digits, and says so
# 999998000001 * 2^-1999996 = 1.6322668166455499409...e-602047 (python3: mpmath, mp.dps = 30,
# mpf(999998000001) * mpf(2)**-1999996)
<<< file bigpow.fim
param mu in R
data x in R
logp = -(x - mu^999999)^2/2 - log(2*pi)/2
$ fimc fim --at mu=1/2 --format json bigpow.fim
>>> stdout
{"model": "bigpow", "params": ["mu"], "at": {"mu": "1/2"}, "fim": [["1.6322668166455499409e-602047"]], "neg_expected_hessian": [["1.6322668166455499409e-602047"]], "digits": 20, "method": "symbolic", "symbolic": [["999998000001*mu^1999996"]], "agreement_digits": 0, "cross_check": {"method": "quadrature", "digits": 0}}
>>> stderr
fimc: warning: bigpow: the numeric cross-check (quadrature) confirms only 0 of the 20 digits of the closed form

### a model that is not normalised: every command that assumes it says so, the same way, exit 2
# a Poisson on {1..inf} without its truncation term sums to 1 - exp(-lam)
<<< file p1.fim
param lam in (0, inf)
data x in {1..inf}
logp = x*log(lam) - lam - lfactorial(x)
reparam half(h in (0, inf)) { lam = 2*h }
$ for c in fim jeffreys expfam "reparam half" check "fim --at lam=1" "jeffreys --at lam=1" "reparam half --at h=1"; do fimc $c p1.fim; echo "$c: exit $?"; done 2>&1 | LC_ALL=C sort | uniq -c | sed 's/^ *//'
>>> stdout
8 ^
1 check: exit 2
1 expfam: exit 2
1 fim --at lam=1: exit 2
1 fim: exit 2
1 jeffreys --at lam=1: exit 2
1 jeffreys: exit 2
8 logp = x*log(lam) - lam - lfactorial(x)
8 p1.fim:3:1: error: logp is not normalised: at lam=0.657738 p(x | theta) sums to 0.481978246544, not 1
1 reparam half --at h=1: exit 2
1 reparam half: exit 2

### a conditional model's Jeffreys density comes from the FIM averaged over the input rows
# rows u = 1, 2: F = (1 + 4)/2 (it printed abs(u), the density of one symbolic row)
<<< file cond.fim
param mu in (0, inf)
input u = {1, 2}
data y in R
y ~ normal(mu*u, 1)
check jeffreys == sqrt(5/2)
check jeffreys ~ 1
$ fimc jeffreys cond.fim && fimc check cond.fim
>>> stdout
sqrt(det F) = sqrt(5/2)
cond.fim:5: verified: jeffreys == sqrt(5/2) (numeric: sqrt(det F) and the claim agree to 65 digits at 8 seeded points)
cond.fim:6: verified: jeffreys ~ 1 (exact: det F / EXPR^2 is constant)
