# fimc check: score and Hessian identities are decided exactly by the symbolic zero test;
# FIM, Jeffreys, E and Var claims exactly through the exponential-family analysis; what the
# zero test cannot decide is evaluated at 8 seeded points at 256 bits: a counterexample
# fails the claim (exit 1), agreement verifies it to the digits that agreed.
# (The counterexamples' values below were checked by hand from the closed forms.)

### textbook Normal score and Hessian identities are verified exactly
<<< file n.fim
param mu in R
param sigma in (0, inf)
data x in R
x ~ normal(mu, sigma)
check score == [(x - mu)/sigma^2, ((x - mu)^2 - sigma^2)/sigma^3]
check hessian == [[-1/sigma^2, -2*(x - mu)/sigma^3], [-2*(x - mu)/sigma^3, 1/sigma^2 - 3*(x - mu)^2/sigma^4]]
$ fimc check n.fim
>>> stdout
n.fim:5: verified: score == [(x - mu)/sigma^2, ((x - mu)^2 - sigma^2)/sigma^3] (exact: symbolic identity)
n.fim:6: verified: hessian == [[-1/sigma^2, -2*(x - mu)/sigma^3], [-2*(x - mu)/sigma^3, 1/sigma^2 - 3*(x - mu)^2/sigma^4]] (exact: symbolic identity)

### a wrong Hessian entry fails with a counterexample, and exits 1
<<< file n.fim
param mu in R
param sigma in (0, inf)
data x in R
x ~ normal(mu, sigma)
check hessian == [[-1/sigma^2, -2*(x - mu)/sigma^3], [-2*(x - mu)/sigma^3, 1/sigma^2 - 2*(x - mu)^2/sigma^4]]
$ fimc check n.fim
>>> stdout
n.fim:5: FAILED: hessian == [[-1/sigma^2, -2*(x - mu)/sigma^3], [-2*(x - mu)/sigma^3, 1/sigma^2 - 2*(x - mu)^2/sigma^4]]: at mu=-1.28072, sigma=3.99605, x=-0.150224, entry [2, 2] is 0.04758756476 but the claim gives 0.05259956114
>>> exit 1

### a const's value: 10*theta and n*theta agree when n = 10, and not after -D n=12
<<< file b.fim
const n = 10
param theta in (0, 1)
data x in {0..n}
logp = lchoose(n, x) + x*log(theta) + (n - x)*log(1 - theta)
check score == (x - 10*theta)/(theta*(1 - theta))
check hessian == -x/theta^2 - (n - x)/(1 - theta)^2
$ fimc check b.fim; echo "status $?"; fimc check -D n=12 b.fim
>>> stdout
b.fim:5: verified: score == (x - 10*theta)/(theta*(1 - theta)) (exact: symbolic identity)
b.fim:6: verified: hessian == -x/theta^2 - (n - x)/(1 - theta)^2 (exact: symbolic identity)
status 0
b.fim:5: FAILED: score == (x - 10*theta)/(theta*(1 - theta)): at theta=0.571187, x=6 the value is -3.487658512 but the claim gives 1.17637624
b.fim:6: verified: hessian == -x/theta^2 - (n - x)/(1 - theta)^2 (exact: symbolic identity)
>>> exit 1

### every claim of the Poisson model is verified exactly
$ cd $MODELS && fimc check poisson.fim
>>> stdout
poisson.fim:12: verified: fim == 1/lambda (exact: exponential family, F = -E[H] from E[T])
poisson.fim:13: verified: jeffreys ~ 1/sqrt(lambda) (exact: det F / EXPR^2 is constant)
poisson.fim:14: verified: natural.fim == exp(eta) (exact: exponential family, F = -E[H] from E[T])
poisson.fim:15: verified: E[x] == lambda (exact: from E[T])
poisson.fim:16: verified: Var[x] == lambda (exact: from Cov[T])
poisson.fim:17: verified: expfam (exact: logp = sum eta_k(theta) T_k(x) + a(theta) + b(x))

### the Binomial of the notes: F, Jeffreys, the odds reparam (its FIM and its Jeffreys density) and E[x], all exact
$ fimc check $MODELS/binomial.fim | cut -d: -f2-3
>>> stdout
14: verified
15: verified
16: verified
17: verified
18: verified

### JSON: the stable keys
<<< file g.fim
param a in (0, inf)
data x in (0, inf)
x ~ exponential(a)
check score == 1/a - x
check fim == 1/a^2
$ fimc check --format json g.fim
>>> stdout
{"model": "g", "checks": [{"line": 4, "claim": "score == 1/a - x", "ok": true, "digits": "exact", "status": "verified", "method": "exact: symbolic identity"}, {"line": 5, "claim": "fim == 1/a^2", "ok": true, "digits": "exact", "status": "verified", "method": "exact: exponential family, F = -E[H] from E[T]"}], "passed": 2, "failed": 0, "normalized": true}

### a wrong FIM claim fails at a seeded point, naming the entry
<<< file w.fim
param mu in R
param sigma in (0, inf)
data x in R
x ~ normal(mu, sigma)
check fim == [[1/sigma^2, 0], [0, 1/sigma^2]]
$ fimc check w.fim
>>> stdout
w.fim:5: FAILED: fim == [[1/sigma^2, 0], [0, 1/sigma^2]]: at mu=-1.28072, sigma=3.99605, entry [2, 2] is 0.1252471078 but the claim gives 0.06262355389
>>> exit 1

### outside the exponential family: the FIM claim is verified by quadrature at 8 points;
### expfam stays unverified, with the reason (the Cauchy as a logp: '~ cauchy' has a closed
### form through the distributions, distfim.t)
<<< file c.fim
param loc in R
param scale in (0, inf)
data x in R
logp = -log(pi) - log(scale) - log(1 + ((x - loc)/scale)^2)
check fim == [[1/(2*scale^2), 0], [0, 1/(2*scale^2)]]
check expfam
$ fimc check c.fim
>>> stdout
c.fim:5: verified: fim == [[1/(2*scale^2), 0], [0, 1/(2*scale^2)]] (numeric: E[s s^T] agrees to 20 digits at 8 seeded points)
c.fim:6: unverified: expfam: no split of logp into sum eta_k(theta) T_k(x) + a(theta) + b(x) was found (logp does not split into sum eta_k(theta)*T_k(x) + a(theta) + b(x): the factor log(1 + (x - loc)^2/scale^2) cannot be separated (it mixes data and parameters))
>>> exit 1

### Gamma: trigamma in the FIM and the Jeffreys prior, E and Var, exact
$ fimc check $MODELS/gamma.fim | cut -d: -f2-3
>>> stdout
12: verified
13: verified
14: verified
15: verified
16: verified

### an identity the zero test cannot decide is verified numerically (log of a square)
<<< file l.fim
param mu in R
data x in R
logp = -log(exp((x - mu)^2))/2 - log(2*pi)/2
check score == [x - mu]
check hessian == [[-1]]
$ fimc check l.fim
>>> stdout
l.fim:4: verified: score == [x - mu] (exact: symbolic identity)
l.fim:5: verified: hessian == [[-1]] (exact: symbolic identity)

### jeffreys == is compared by value, so its sign counts
<<< file j.fim
param rate in (0, inf)
data x in (0, inf)
x ~ exponential(rate)
check jeffreys == 1/rate
check jeffreys == -1/rate
$ fimc check j.fim
>>> stdout
j.fim:4: verified: jeffreys == 1/rate (numeric: sqrt(det F) and the claim agree to 65 digits at 8 seeded points)
j.fim:5: FAILED: jeffreys == -1/rate: at rate=0.657738 the value is 1.520362113 but the claim gives -1.520362113
>>> exit 1

### a model without claims checks nothing and succeeds
<<< file e.fim
param a in (0, inf)
data x in (0, inf)
x ~ exponential(a)
$ fimc check e.fim
