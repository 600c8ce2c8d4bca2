# tests/cli/distfim.t — closed forms through the distributions: F = sum over the '~'
# statements of J^T F_dist J (compiler/sym/distfim.c), where neither the exponential family
# nor F = -H gives one. Each --at value is the closed form, cross-checked by sums or
# quadrature; reference digits from python3 mpmath (command in the comment line).

### a curved family: normal(mu, mu) is 1/mu^2 + 2/mu^2 = 3/mu^2
<<< file nmm.fim
param mu in (0, inf)
data x in R
x ~ normal(mu, mu)
$ fimc fim nmm.fim; fimc fim --at mu=2 --digits 25 nmm.fim
>>> stdout
F[mu, mu] = 3/mu^2
F at mu = 2 (25 digits, symbolic; by quadrature, E[s s^T] and -E[H] agree with it to {N>=25} digits):
  0.7500000000000000000000000

### Cauchy (loc, scale): I/(2 scale^2), no exponential family
<<< file c.fim
param loc in R
param scale in (0, inf)
data x in R
x ~ cauchy(loc, scale)
$ fimc fim c.fim; fimc fim --at loc=1,scale=2 --digits 25 c.fim
>>> stdout
F[loc, loc] = 1/(2*scale^2)
F[loc, scale] = 0
F[scale, scale] = 1/(2*scale^2)
F at loc = 1, scale = 2 (25 digits, symbolic; by quadrature, E[s s^T] and -E[H] agree with it to {N>=25} digits):
  0.1250000000000000000000000  0
  0  0.1250000000000000000000000

### logistic (loc, s): diag(1/3, (pi^2 + 3)/9)/s^2
# python3: mpmath mp.dps=40: 1/mpf(12), (pi**2+3)/36 = 0.3574890111413710727454025277743375315365; quad of E[s_s^2] at s=2 agrees to 30 digits
<<< file l.fim
param mu in R
param s in (0, inf)
data x in R
x ~ logistic(mu, s)
$ fimc fim l.fim; fimc fim --at mu=0,s=2 --digits 25 l.fim
>>> stdout
F[mu, mu] = 1/(3*s^2)
F[mu, s] = 0
F[s, s] = (3 + pi^2)/(9*s^2)
F at mu = 0, s = 2 (25 digits, symbolic; by quadrature, E[s s^T] and -E[H] agree with it to {N>=25} digits):
  0.08333333333333333333333333  0
  0  0.3574890111413710727454025

### Poisson regression with a log link over 3 inline input rows: the mean of exp(a + b u) [[1, u], [u, u^2]]
# python3: mpmath mp.dps=40: sum(exp(a+b*u)*u**(i+j) for u in (-1,0,2))/3 at a=1/2, b=-1 = 2.117846833728874266127995573, -1.345142916680401721578498173, 1.791403236977261379445059114
<<< file preg.fim
param a in R
param b in R
input u = {-1, 0, 2}
data y in {0..inf}
y ~ poisson(exp(a + b*u))
$ fimc fim preg.fim; fimc fim --at a=1/2,b=-1 --digits 25 preg.fim
>>> stdout
F[a, a] = (exp(a) + exp(a - b) + exp(a + 2*b))/3
F[a, b] = (2*exp(a + 2*b) - exp(a - b))/3
F[b, b] = (exp(a - b) + 4*exp(a + 2*b))/3
F at a = 1/2, b = -1, the mean over 3 input rows (25 digits, symbolic; by sum, E[s s^T] and -E[H] agree with it to {N>=25} digits):
  2.117846833728874266127996  -1.345142916680401721578498
  -1.345142916680401721578498  1.791403236977261379445059

### Bernoulli with expit(a + b u) over 3 rows: the mean of p(1 - p) [[1, u], [u, u^2]]
# python3: mpmath mp.dps=40: ex=lambda e: 1/(1+exp(-e)); sum(ex(a+b*u)*(1-ex(a+b*u))*u**(i+j) for u in (-1,0,2))/3 = 0.1777655387807534006907898386, 0.04971548402344428550051113681, 0.2485774201172214275025556841
<<< file breg.fim
param a in R
param b in R
input u = {-1, 0, 2}
data y in {0, 1}
y ~ bernoulli(expit(a + b*u))
$ fimc fim breg.fim; fimc fim --at a=1/2,b=-1 --digits 25 breg.fim
>>> stdout
F[a, a] = ((1 - expit(a))*expit(a) + (1 - expit(a - b))*expit(a - b) + (1 - expit(a + 2*b))*expit(a + 2*b))/3
F[a, b] = (2*(1 - expit(a + 2*b))*expit(a + 2*b) - (1 - expit(a - b))*expit(a - b))/3
F[b, b] = ((1 - expit(a - b))*expit(a - b) + 4*(1 - expit(a + 2*b))*expit(a + 2*b))/3
F at a = 1/2, b = -1, the mean over 3 input rows (25 digits, symbolic; by sum, E[s s^T] and -E[H] agree with it to {N>=25} digits):
  0.1777655387807534006907898  0.04971548402344428550051114
  0.04971548402344428550051114  0.2485774201172214275025557

### Weibull (shape, scale), both unknown: Euler's gamma and pi^2/6
# python3: mpmath mp.dps=40: ((1-euler)**2+pi**2/6)/k**2, (euler-1)/lam, k**2/lam**2 at k=3/2, lam=2 = 0.8105247381568352842567853879, -0.2113921675492335696967439550, 0.5625; quad of E[s s^T] at mp.dps=30 agrees
<<< file w.fim
param k in (0, inf)
param lam in (0, inf)
data x in (0, inf)
x ~ weibull(k, lam)
$ fimc fim w.fim; fimc fim --at k=3/2,lam=2 --digits 25 w.fim
>>> stdout
F[k, k] = (pi^2/6 + (1 - euler)^2)/k^2
F[k, lam] = (euler - 1)/lam
F[lam, lam] = k^2/lam^2
F at k = 3/2, lam = 2 (25 digits, symbolic; by quadrature, E[s s^T] and -E[H] agree with it to {N>=25} digits):
  0.8105247381568352842567854  -0.2113921675492335696967440
  -0.2113921675492335696967440  0.5625000000000000000000000

### Student-t location-scale with nu = 4 known: (nu + 1)/((nu + 3) s^2) and 2 nu/((nu + 3) s^2)
# python3: mpmath mp.dps=40: mpf(5)/63, mpf(8)/63 = 0.07936507936507936507936508, 0.1269841269841269841269841 (scale = 3)
<<< file t.fim
const nu = 4
param loc in R
param scale in (0, inf)
data x in R
x ~ student_t(nu, loc, scale)
$ fimc fim t.fim; fimc fim --at loc=1,scale=3 --digits 25 t.fim
>>> stdout
F[loc, loc] = (1 + nu)/(scale^2*(3 + nu))
F[loc, scale] = 0
F[scale, scale] = 2*nu/(scale^2*(3 + nu))
F at loc = 1, scale = 3 (25 digits, symbolic; by quadrature, E[s s^T] and -E[H] agree with it to {N>=25} digits):
  0.07936507936507936507936508  0
  0  0.1269841269841269841269841

### fimc check: claims verified exactly through the distributions, in the model's and a reparam's coordinates
<<< file cls.fim
model cauchy_ls "Cauchy in (loc, log-scale)"
param loc in R
param scale in (0, inf)
data x in R
x ~ cauchy(loc, scale)
reparam logscale(m in R, ls in R) { loc = m; scale = exp(ls) }
check fim == [[1/(2*scale^2), 0], [0, 1/(2*scale^2)]]
check logscale.fim == [[1/(2*exp(2*ls)), 0], [0, 1/2]]
check jeffreys ~ 1/scale^2
$ fimc check cls.fim; fimc reparam logscale cls.fim
>>> stdout
cls.fim:7: verified: fim == [[1/(2*scale^2), 0], [0, 1/(2*scale^2)]] (exact: through the distributions, F = sum J^T F_dist J)
cls.fim:8: verified: logscale.fim == [[1/(2*exp(2*ls)), 0], [0, 1/2]] (exact: through the distributions, F = sum J^T F_dist J)
cls.fim:9: verified: jeffreys ~ 1/scale^2 (exact: det F / EXPR^2 is constant)
F[m, m] = 1/(2*exp(ls)^2)
F[m, ls] = 0
F[ls, ls] = 1/2
J^T F J: agrees (exact)
Jeffreys invariance p(phi) = p(theta(phi)) |det J|: holds (exact)

### a curved claim: fim == 3/mu^2 exact
<<< file ck.fim
param mu in (0, inf)
data x in R
x ~ normal(mu, mu)
check fim == 3/mu^2
$ fimc check ck.fim
>>> stdout
ck.fim:4: verified: fim == 3/mu^2 (exact: through the distributions, F = sum J^T F_dist J)

### the Cauchy's Jeffreys density from the closed form: improper in loc
$ fimc jeffreys --normalize $MODELS/cauchy.fim
>>> stdout
sqrt(det F) = 1/(2*scale^2)
improper: sqrt(det F) does not depend on loc, whose domain R is unbounded

### a hierarchical model (an argument mentions data) is refused: no closed form, the old message
<<< file hc.fim
param mu in R
data x in R
data y in R
x ~ cauchy(mu, 1)
y ~ cauchy(x, 1)
$ fimc fim hc.fim
>>> stderr
fimc: error: hc: no closed form of the FIM was found (logp does not split into sum eta_k(theta)*T_k(x) + a(theta) + b(x): the factor log(1 + (x - mu)^2) cannot be separated (it mixes data and parameters)); give --at to compute the FIM at a point
>>> exit 2

### negative_binomial with r a parameter: no closed form in r (trigamma(r) - E[trigamma(x + r)])
<<< file nb.fim
param r in (0, inf)
param p in (0, 1)
data x in {0..inf}
x ~ negative_binomial(r, p)
$ fimc fim nb.fim 2>&1 | cut -c1-46
>>> stdout
fimc: error: nb: no closed form of the FIM was

### Laplace (loc, b): diag(1/b^2, 1/b^2) as E[s s^T], the definition (H vanishes a.e. in loc; fim.t has --at)
<<< file lap.fim
param mu in R
param b in (0, inf)
data x in R
x ~ laplace(mu, b)
$ fimc fim lap.fim
>>> stdout
F[mu, mu] = 1/b^2
F[mu, b] = 0
F[b, b] = 1/b^2
>>> stderr
lap.fim:4:5: warning: 'abs' is not differentiable everywhere: the score and Hessian hold only away from its kink, and the two forms of the FIM (E[s s^T] and -E[H]) may differ
x ~ laplace(mu, b)
    ^
