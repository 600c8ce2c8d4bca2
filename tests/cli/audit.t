# Contract gaps found by a point-by-point audit of LANGUAGE.md, each now a regression test.
# References: Cauchy(loc, scale) has F = I/(2 scale^2), so sqrt(det F) = 1/(2 scale^2); the
# Binomial's is sqrt(n)/sqrt(theta (1 - theta)).

### a false jeffreys ~ claim without a closed form FAILS with two points (was unverified)
### (the Cauchy written as a logp: '~ cauchy' has the closed form through the distributions)
<<< file c.fim
param loc in R
param scale in (0, inf)
data x in R
logp = -log(pi) - log(scale) - log(1 + ((x - loc)/scale)^2)
check jeffreys ~ 1/scale^2
check jeffreys ~ 1/scale
check jeffreys == 1/(2*scale^2)
check jeffreys == 1/scale^2
$ fimc check c.fim
>>> stdout
c.fim:5: verified: jeffreys ~ 1/scale^2 (numeric: sqrt(det F) / EXPR (constant) agrees to 20 digits at 8 seeded points)
c.fim:6: FAILED: jeffreys ~ 1/scale: sqrt(det F) / EXPR is 0.125123492886 at loc=-1.28072, scale=3.99605 but 0.321733084036 at loc=0.973602, scale=1.55408: not constant
c.fim:7: verified: jeffreys == 1/(2*scale^2) (numeric: sqrt(det F) agrees to 20 digits at 8 seeded points)
c.fim:8: FAILED: jeffreys == 1/scale^2: at loc=-1.28072, scale=3.99605 sqrt(det F) is 0.0313117769439 but the claim gives 0.06262355389
>>> exit 1

### a false jeffreys ~ the zero test cannot decide FAILS numerically (was unverified)
<<< file b.fim
const n = 10
param theta in (0, 1)
data x in {0..n}
x ~ binomial(n, theta)
reparam odds(phi in (0, inf)) { theta = phi / (1 + phi) }
check jeffreys ~ theta^(-1/2)
check odds.jeffreys ~ phi^(-1/2)
check odds.jeffreys ~ phi^(-1/2)/(1 + phi)
$ fimc check b.fim
>>> stdout
b.fim:6: FAILED: jeffreys ~ 1/sqrt(theta): sqrt(det F) / EXPR is 4.82909657801 at theta=0.571187 but 3.89618756381 at theta=0.341251: not constant
b.fim:7: FAILED: odds.jeffreys ~ 1/sqrt(phi): sqrt(det F) / EXPR is 0.857177131533 at phi=2.68918 but 1.05712916611 at phi=1.99138: not constant
b.fim:8: verified: odds.jeffreys ~ 1/(sqrt(phi)*(1 + phi)) (exact: det F / EXPR^2 is constant)
>>> exit 1

### an ill-conditioned FIM is printed with a warning, not called singular at the printed digits
# F = diag(1, 1e-6) at --digits 5: the 1e-6 prints as 0 (the digits rule), but it is
# verified non-zero at working precision
<<< file ill.fim
param a in R
param b in R
data x in R
data y in R
x ~ normal(a, 1)
y ~ normal(b, 1000)
$ fimc fim --at a=0,b=0 --digits 5 ill.fim | tail -n 2
>>> stdout
  1.0000  0
  0  0
>>> stderr
fimc: warning: ill: the FIM is ill-conditioned at this point (condition number 1e+06): entries below 10^-5 of the largest print as 0

### abs in the density: every command says so once, at the call (check, print and fim were silent)
<<< file l.fim
param mu in R
data x in R
logp = -abs(x - mu) - log(2)
check jeffreys == abs(1)
$ for c in print check fim score; do fimc $c l.fim > /dev/null; done
>>> stderr
l.fim:3:9: warning: 'abs' is not differentiable everywhere: the score and Hessian hold only away from its kink, and the two forms of the FIM (E[s s^T] and -E[H]) may differ
logp = -abs(x - mu) - log(2)
        ^
l.fim:3:9: warning: 'abs' is not differentiable everywhere: the score and Hessian hold only away from its kink, and the two forms of the FIM (E[s s^T] and -E[H]) may differ
logp = -abs(x - mu) - log(2)
        ^
l.fim:3:9: warning: 'abs' is not differentiable everywhere: the score and Hessian hold only away from its kink, and the two forms of the FIM (E[s s^T] and -E[H]) may differ
logp = -abs(x - mu) - log(2)
        ^
fimc: error: l: no closed form of the FIM was found (logp does not split into sum eta_k(theta)*T_k(x) + a(theta) + b(x): the factor abs(x - mu) cannot be separated (it mixes data and parameters)); give --at to compute the FIM at a point
l.fim:3:9: warning: 'abs' is not differentiable everywhere: the score and Hessian hold only away from its kink, and the two forms of the FIM (E[s s^T] and -E[H]) may differ
logp = -abs(x - mu) - log(2)
        ^

### --format latex where a command has no LaTeX form is a usage error naming the formats
<<< file n.fim
param mu in R
data x in R
x ~ normal(mu, 1)
$ fimc check --format latex n.fim; fimc expfam --format latex n.fim; fimc print --format latex n.fim; fimc fim --at mu=0 --format latex n.fim
>>> stderr
fimc: error: check: --format latex is not available (use text or json)
fimc: error: expfam: --format latex is not available (use text or json)
fimc: error: print: --format latex is not available (use text or json)
fimc: error: fim --at: --format latex is not available for values at a point (use text or json)
>>> exit 2

### print JSON: "consts" holds values (exact rationals, or decimals to --digits), "const_exprs" the expressions
# pi = 3.14159265358979323846..., sqrt(2) = 1.41421356237309504880... (20 significant digits)
<<< file c.fim
const a = 2
const b = 1/2 + 3*a
const v = {1, a, pi}
const q = sqrt(2)
param mu in R
data x in R
x ~ normal(mu, b)
$ fimc print --format json c.fim; fimc print --format json --digits 5 -D a=3 c.fim
>>> stdout
{"model": "c", "title": null, "params": [{"name": "mu", "domain": "R"}], "data": [{"name": "x", "support": "R"}], "consts": {"a": "2", "b": "13/2", "v": ["1", "2", "3.1415926535897932385"], "q": "1.4142135623730950488"}, "const_exprs": {"a": "2", "b": "1/2 + 3*a", "v": ["1", "a", "pi"], "q": "sqrt(2)"}, "inputs": [], "logp": "-(x - mu)^2/(2*b^2) - log(2*pi)/2 - log(b)"}
{"model": "c", "title": null, "params": [{"name": "mu", "domain": "R"}], "data": [{"name": "x", "support": "R"}], "consts": {"a": "3", "b": "19/2", "v": ["1", "3", "3.1416"], "q": "1.4142"}, "const_exprs": {"a": "3", "b": "1/2 + 3*a", "v": ["1", "a", "pi"], "q": "sqrt(2)"}, "inputs": [], "logp": "-(x - mu)^2/(2*b^2) - log(2*pi)/2 - log(b)"}

### a constant distribution argument outside its domain is an error at its column
<<< file a1.fim
param mu in R
data x in R
x ~ normal(mu, -1)
$ fimc fim a1.fim
>>> stderr
a1.fim:3:16: error: the argument sigma of normal must be > 0, but it is -1
x ~ normal(mu, -1)
               ^
>>> exit 2

### an argument that leaves its domain on part of the parameter domain: exit 3 with the value
<<< file a2.fim
param mu in R
data x in R
x ~ normal(mu, mu)
$ fimc fim --at mu=2 a2.fim
>>> stderr
fimc: error: a2: at mu=-1.280716077: the argument sigma of normal(mu, mu) is -1.280716077, outside (0, inf)
>>> exit 3

### the same model on (0, inf) is fine, and its FIM 3/mu^2 is 0.75 at mu = 2
<<< file a3.fim
param mu in (0, inf)
data x in R
x ~ normal(mu, mu)
$ fimc fim --at mu=2 a3.fim | tail -n 1
>>> stdout
  0.75000000000000000000

### a reparam whose image leaves the old domain: everywhere an error (exit 2), at a point exit 3
<<< file rp.fim
param theta in (0, 1)
data x in {0, 1}
x ~ bernoulli(theta)
reparam worse(psi in (1, inf)) { theta = psi + 1 }
<<< file rq.fim
param theta in (0, 1)
data x in {0, 1}
x ~ bernoulli(theta)
reparam bad(phi in (0, inf)) { theta = phi }
$ fimc fim rp.fim; echo "exit $?"; fimc fim rq.fim
>>> stdout
exit 2
>>> stderr
rp.fim:4:9: error: reparam 'worse' gives theta values outside its domain (0, 1) for every value of its new parameters
reparam worse(psi in (1, inf)) { theta = psi + 1 }
        ^
fimc: error: rq: at phi=2.580814859: reparam 'bad' gives theta = 2.580814859, outside its domain (0, 1)
>>> exit 3
