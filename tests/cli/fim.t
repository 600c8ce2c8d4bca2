# fimc fim --at: E[s s^T] (and -E[H], cross-checked) at a point, by exact sums, ratio-bounded
# sums or double-exponential quadrature, at two working precisions; only digits that agree
# are printed. Reference values: the closed forms of the literature, evaluated with mpmath
# to 60 digits (python3 -c 'import mpmath as mp; mp.mp.dps=60; print(mp.psi(1, 2.5))',
# ((1-euler)^2+pi^2/6)/k^2 and -(1-euler)/lambda for the Weibull, (pi^2+3)/9 for the logistic
# scale); the rational ones are exact (Cauchy 1/(2 s^2), Student-t (nu+1)/((nu+3) s^2) and
# 2 nu/((nu+3) s^2), Binomial n/(theta (1 - theta)), Poisson 1/lambda).

### Normal (mu, sigma) at 50 digits: diag(1/sigma^2, 2/sigma^2) = diag(1/4, 1/2)
$ fimc fim --at mu=0.3,sigma=2 --digits 50 $MODELS/normal.fim
>>> stdout
F at mu = 0.3, sigma = 2 (50 digits, symbolic; by quadrature, E[s s^T] and -E[H] agree with it to {N>=50} digits):
  0.25000000000000000000000000000000000000000000000000  0
  0  0.50000000000000000000000000000000000000000000000000

### Gamma (shape, rate) at 50 digits: trigamma(5/2) = 0.49035775610023486497...
$ fimc fim --at shape=2.5,rate=1.5 --digits 50 $MODELS/gamma.fim
>>> stdout
F at shape = 2.5, rate = 1.5 (50 digits, symbolic; by quadrature, E[s s^T] and -E[H] agree with it to {N>=50} digits):
  0.49035775610023486497280105549363112321240525917595  -0.66666666666666666666666666666666666666666666666667
  -0.66666666666666666666666666666666666666666666666667  1.1111111111111111111111111111111111111111111111111

### Beta (a, b) with b < 1: an integrable singularity at x = 1 (nodes there get more bits);
### trigamma(a) - trigamma(a + b), -trigamma(a + b), trigamma(b) - trigamma(a + b)
$ fimc fim --at a=2.5,b=0.75 $MODELS/beta.fim
>>> stdout
F at a = 2.5, b = 0.75 (20 digits, symbolic; by quadrature, E[s s^T] and -E[H] agree with it to {N>=20} digits):
  0.13055946579065498990  -0.35979829030957987507
  -0.35979829030957987507  2.1820813573620266233

### Poisson: an infinite sum with a proved tail bound, 1/lambda
$ fimc fim --at lambda=3.5 --digits 50 $MODELS/poisson.fim
>>> stdout
F at lambda = 3.5 (50 digits, symbolic; by sum, E[s s^T] and -E[H] agree with it to {N>=50} digits):
  0.28571428571428571428571428571428571428571428571429

### Binomial n = 1000: n/(theta (1 - theta)) = 4761.904761...
$ fimc fim -D n=1000 --at theta=0.3 --digits 50 $MODELS/binomial.fim
>>> stdout
F at theta = 0.3 (50 digits, symbolic; by sum, E[s s^T] and -E[H] agree with it to {N>=50} digits):
  4761.9047619047619047619047619047619047619047619048

### Cauchy (location, scale): heavy tails, 1/(2 scale^2) I
<<< file c.fim
param loc in R
param scale in (0, inf)
data x in R
x ~ cauchy(loc, scale)
$ fimc fim --at loc=0.5,scale=2 --digits 50 c.fim
>>> stdout
F at loc = 0.5, scale = 2 (50 digits, symbolic; by quadrature, E[s s^T] and -E[H] agree with it to {N>=50} digits):
  0.12500000000000000000000000000000000000000000000000  0
  0  0.12500000000000000000000000000000000000000000000000

### Student-t with nu = 5: 3/4 and 5/4
<<< file t.fim
param loc in R
param scale in (0, inf)
data x in R
x ~ student_t(5, loc, scale)
$ fimc fim --at loc=0,scale=1 --digits 50 t.fim
>>> stdout
F at loc = 0, scale = 1 (50 digits, symbolic; by quadrature, E[s s^T] and -E[H] agree with it to {N>=50} digits):
  0.75000000000000000000000000000000000000000000000000  0
  0  1.2500000000000000000000000000000000000000000000000

### Weibull (shape, scale): Euler's gamma and pi^2/6
<<< file w.fim
param k in (0, inf)
param lam in (0, inf)
data x in (0, inf)
x ~ weibull(k, lam)
$ fimc fim --at k=1.5,lam=2 --digits 50 w.fim
>>> stdout
F at k = 1.5, lam = 2 (50 digits, symbolic; by quadrature, E[s s^T] and -E[H] agree with it to {N>=50} digits):
  0.81052473815683528425678538792731757946402149758959  -0.21139216754923356969674395495879878447892033203004
  -0.21139216754923356969674395495879878447892033203004  0.56250000000000000000000000000000000000000000000000

### logistic (location, scale): 1/3 and (pi^2 + 3)/9
<<< file l.fim
param loc in R
param s in (0, inf)
data x in R
x ~ logistic(loc, s)
$ fimc fim --at loc=0,s=1 --digits 50 l.fim
>>> stdout
F at loc = 0, s = 1 (50 digits, symbolic; by quadrature, E[s s^T] and -E[H] agree with it to {N>=50} digits):
  0.33333333333333333333333333333333333333333333333333  0
  0  1.4299560445654842909816101110973501261459666008045

### Laplace: E[s s^T] = 1/b^2 for the location, -E[H] disagrees: exit 1 with the reason
<<< file lap.fim
param mu in R
param b in (0, inf)
data x in R
x ~ laplace(mu, b)
$ fimc fim --at mu=0,b=1 lap.fim
>>> stdout
F at mu = 0, b = 1 (20 digits, symbolic; by quadrature, E[s s^T] and -E[H] agree with it to 0 digits):
  1.0000000000000000000  0
  0  1.0000000000000000000
>>> stderr
lap.fim:4:5: warning: 'abs' is not differentiable everywhere: the score and Hessian hold only away from its kink, and the two forms of the FIM (E[s s^T] and -E[H]) may differ
x ~ laplace(mu, b)
    ^
lap.fim:4:5: error: E[s s^T] and -E[H] agree to only 0 digits: the regularity conditions fail (logp uses abs, so it is not twice differentiable everywhere)
x ~ laplace(mu, b)
    ^
>>> exit 1

### a non-identifiable model exits 3 and names the direction (1, -1)/sqrt(2)
<<< file n.fim
param a in R
param b in R
data x in R
x ~ normal(a + b, 1)
$ fimc fim --at a=0.2,b=0.3 n.fim
>>> stdout
F at a = 0.2, b = 0.3 (20 digits, symbolic; by quadrature, E[s s^T] and -E[H] agree with it to {N>=20} digits):
  1.0000000000000000000  1.0000000000000000000
  1.0000000000000000000  1.0000000000000000000
>>> stderr
fimc: error: n: the FIM is singular at this point: the parameters are not identifiable along the direction (0.707107, -0.707107)
>>> exit 3

### a point outside the domain exits 3
$ fimc fim --at mu=0,sigma=-1 $MODELS/normal.fim
>>> stderr
fimc: error: --at: sigma = -1 is outside its domain (0, inf)
>>> exit 3

### --at must name every parameter, and only parameters
$ fimc fim --at mu=0 $MODELS/normal.fim; echo "status $?"; fimc fim --at mu=0,sigma=1,nu=2 $MODELS/normal.fim
>>> stdout
status 2
>>> stderr
fimc: error: --at leaves out the parameter 'sigma'
fimc: error: --at: 'nu' is not a parameter (the parameters are mu, sigma)
>>> exit 2

### values are constant expressions
$ fimc fim --at 'mu=pi/4,sigma=1/3' --digits 10 $MODELS/normal.fim
>>> stdout
F at mu = pi/4, sigma = 1/3 (10 digits, symbolic; by quadrature, E[s s^T] and -E[H] agree with it to {N>=10} digits):
  9.000000000  0
  0  18.00000000

### JSON: the stable keys
$ fimc fim --at lambda=2 --digits 10 --format json $MODELS/poisson.fim
>>> stdout
{"model": "poisson", "params": ["lambda"], "at": {"lambda": "2"}, "fim": [["0.5000000000"]], "neg_expected_hessian": [["0.5000000000"]], "digits": 10, "method": "symbolic", "symbolic": [["1/lambda"]], "agreement_digits": {N>=10}, "cross_check": {"method": "sum", "digits": {N>=10}}}

### a model that is not normalised is an error that says by how much, at its logp (the
### check every command shares, at seeded points, before the point asked for)
<<< file u.fim
param mu in R
data x in R
logp = -(x - mu)^2/2
$ fimc fim --at mu=0 u.fim
>>> stderr
u.fim:3:1: error: logp is not normalised: at mu=-1.28072 p(x | theta) integrates to 2.50662827463, not 1
logp = -(x - mu)^2/2
^
>>> exit 2

### --prec fixes the working precision: fewer digits than asked are printed, said, exit 3
### (the Cauchy as a logp, so that there is no closed form)
<<< file cauchy.fim
param loc in R
param scale in (0, inf)
data x in R
logp = -log(pi) - log(scale) - log(1 + ((x - loc)/scale)^2)
$ fimc fim --at loc=0.3,scale=2 --digits 30 --prec 64 cauchy.fim
>>> stdout
F at loc = 0.3, scale = 2 (13 digits, quadrature; E[s s^T] and -E[H] agree to {N>=13} digits):
  0.1250000000000  0
  0  0.1250000000000
>>> stderr
fimc: error: cauchy: only 13 of the 30 digits asked for could be verified
>>> exit 3
