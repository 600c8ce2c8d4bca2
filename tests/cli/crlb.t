### the Binomial (n = 10) at theta = 0.3 with N = 100 observations: theta (1 - theta)/(n N) = 0.00021, standard error sqrt(0.00021) = 0.014491376746189438574...
# python3: mpmath, mp.dps = 30, sqrt(mpf(21)/100000) = 0.0144913767461894385737...
$ fimc crlb -N 100 --at theta=0.3 $MODELS/binomial.fim
>>> stdout
Cramer-Rao bound (N F)^-1 at theta = 0.3, N = 100 (20 digits; F symbolic):
  0.00021000000000000000000
standard errors of unbiased estimators are at least:
  theta: 0.014491376746189438574

### the Normal in JSON: diag(sigma^2, sigma^2/2)/N, the LANGUAGE.md keys ("simulated" null) and the standard errors
$ fimc crlb -N 50 --at mu=1,sigma=2 --format json $MODELS/normal.fim
>>> stdout
{"model": "normal", "params": ["mu", "sigma"], "at": {"mu": "1", "sigma": "2"}, "n": 50, "bound": [["0.080000000000000000000", "0"], ["0", "0.040000000000000000000"]], "se": {"mu": "0.28284271247461900976", "sigma": "0.20000000000000000000"}, "digits": 20, "fim_method": "symbolic", "simulated": null}

### the Cauchy written as logp (no closed form found that way): F = I/2 by quadrature, so the bound is 2 I/N
<<< file c.fim
model c "Cauchy(loc, scale)"
param loc in R
param scale in (0, inf)
data x in R
logp = -log(pi) - log(scale) - log(1 + ((x - loc)/scale)^2)
$ fimc crlb -N 10 --at loc=0,scale=1 --digits 25 c.fim
>>> stdout
Cramer-Rao bound (N F)^-1 at loc = 0, scale = 1, N = 10 (25 digits; F quadrature):
  0.2000000000000000000000000  0
  0  0.2000000000000000000000000
standard errors of unbiased estimators are at least:
  loc: 0.4472135954999579392818347
  scale: 0.4472135954999579392818347

### a conditional model: F is the mean over the input rows, [[1, 3/8], [3/8, 21/16]]; the bound its inverse over N = 4
# inverse of [[1, 3/8], [3/8, 21/16]]: det = 75/64, inverse [[28/25, -8/25], [-8/25, 64/75]]; /4 = [[0.28, -0.08], [-0.08, 0.21333...]]; sqrt(0.28) = 0.529150262212918118100..., sqrt(64/300) = 0.461880215351700611607... (mpmath)
$ fimc crlb -N 4 --at a=0,b=1 $MODELS/../tests/data/linreg.fim
>>> stdout
Cramer-Rao bound (N F)^-1 at a = 0, b = 1, N = 4 (20 digits; F symbolic):
  0.28000000000000000000  -0.080000000000000000000
  -0.080000000000000000000  0.21333333333333333333
standard errors of unbiased estimators are at least:
  a: 0.52915026221291811810
  b: 0.46188021535170061161

### a FIM that is singular at the point has no bound: exit 3, the direction named
<<< file n.fim
param a in R
param b in R
data x in R
logp = -(x - a - b)^2/2 - log(2*pi)/2
$ fimc crlb -N 10 --at a=0.2,b=0.3 n.fim
>>> stderr
fimc: error: n: the FIM is singular at this point: the parameters are not identifiable along the direction (0.707107, -0.707107)
>>> exit 3

### -N and --at are required; --simulate is not available yet and says so (exit 2)
$ fimc crlb --at theta=0.3 $MODELS/binomial.fim; echo "exit $?"; fimc crlb -N 10 $MODELS/binomial.fim; echo "exit $?"; fimc crlb -N 10 --at theta=0.3 --simulate 100 $MODELS/binomial.fim; echo "exit $?"; fimc crlb -N 0 --at theta=0.3 $MODELS/binomial.fim; echo "exit $?"
>>> stdout
exit 2
exit 2
exit 2
exit 2
>>> stderr
fimc: error: crlb: -N COUNT (the number of observations) is required
fimc: error: crlb: --at P (the parameter point) is required
fimc: error: crlb --simulate: simulated MLEs beside the bound are not available in this version (the bound itself is: drop --simulate)
fimc: error: -N expects a whole number from 1 to 1000000000000, not '0'
