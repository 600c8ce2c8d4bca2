# fimc jeffreys --normalize: the normalising integral Z of sqrt(det F) over the domain, or
# "improper" proved from the exponents at the ends (compiler/sym/asym.c, compiler/num/normalize.c).

### Binomial n = 10: Z = sqrt(10)*pi, Beta(1/2, 1/2), 20 digits
# python3 -c "import mpmath as mp; mp.mp.dps=60; print(mp.sqrt(10)*mp.pi)" -> 9.93458826579610123443355067032035112477114372274317346879684
$ fimc jeffreys --normalize $MODELS/binomial.fim
>>> stdout
sqrt(det F) = sqrt(n)/(sqrt(theta)*sqrt(1 - theta))
normalizer = 9.9345882657961012344 (20 digits; Beta(1/2, 1/2))

### Binomial n = 10 to 40 digits
# python3 -c "import mpmath as mp; mp.mp.dps=60; print(mp.sqrt(10)*mp.pi)" -> 9.93458826579610123443355067032035112477114372274317346879684
$ fimc jeffreys --normalize --digits 40 $MODELS/binomial.fim
>>> stdout
sqrt(det F) = sqrt(n)/(sqrt(theta)*sqrt(1 - theta))
normalizer = 9.934588265796101234433550670320351124771 (40 digits; Beta(1/2, 1/2))

### Binomial with -D n=1: Z = pi
# python3 -c "import mpmath as mp; mp.mp.dps=60; print(mp.pi)" -> 3.14159265358979323846264338327950288419716939937510582097494
$ fimc jeffreys --normalize -D n=1 $MODELS/binomial.fim
>>> stdout
sqrt(det F) = sqrt(n)/(sqrt(theta)*sqrt(1 - theta))
normalizer = 3.1415926535897932385 (20 digits; Beta(1/2, 1/2))

### Bernoulli: Z = pi
# python3 -c "import mpmath as mp; mp.mp.dps=60; print(mp.pi)" -> 3.14159265358979323846264338327950288419716939937510582097494
$ fimc jeffreys --normalize $MODELS/bernoulli.fim
>>> stdout
sqrt(det F) = 1/(sqrt(p)*sqrt(1 - p))
normalizer = 3.1415926535897932385 (20 digits; Beta(1/2, 1/2))

### a proper prior that is not a Beta: the Bernoulli in its logit eta, sqrt(exp(eta))/(1 + exp(eta)) on R, Z = pi
# python3 -c "import mpmath as mp; mp.mp.dps=60; print(mp.quad(lambda e: mp.sqrt(mp.e**e)/(1+mp.e**e), [-mp.inf, 0, mp.inf]))" -> 3.14159265358979323846264338327950288419716939937510582097494
<<< file logit.fim
model logitbern
param eta in R
data x in {0, 1}
logp = x*eta - log1pexp(eta)
$ fimc jeffreys --normalize --digits 30 logit.fim
>>> stdout
sqrt(det F) = sqrt(exp(eta))/(1 + exp(eta))
normalizer = 3.14159265358979323846264338328 (30 digits)

### Poisson: improper at infinity, lambda^(-1/2)
$ fimc jeffreys --normalize $MODELS/poisson.fim
>>> stdout
sqrt(det F) = 1/sqrt(lambda)
improper: sqrt(det F) ~ 1/sqrt(lambda) as lambda -> inf: exponent -1/2 >= -1 at an infinite end, so the integral diverges there
form: ∝ lambda^(-1/2), improper

### Exponential: 1/rate, improper (at 0, exponent -1)
$ fimc jeffreys --normalize $MODELS/exponential.fim
>>> stdout
sqrt(det F) = 1/rate
improper: sqrt(det F) ~ 1/rate as rate -> 0: exponent -1 <= -1 at a finite end, so the integral diverges there
form: ∝ rate^(-1), improper

### Geometric: 1/(p*sqrt(1 - p)) is improper at 0 (and integrable at 1)
$ fimc jeffreys --normalize $MODELS/geometric.fim
>>> stdout
sqrt(det F) = 1/(p*sqrt(1 - p))
improper: sqrt(det F) ~ 1/p as p -> 0: exponent -1 <= -1 at a finite end, so the integral diverges there

### Normal (two parameters): the density does not depend on mu, whose domain is R
$ fimc jeffreys --normalize $MODELS/normal.fim
>>> stdout
sqrt(det F) = sqrt(2)/sigma^2
improper: sqrt(det F) does not depend on mu, whose domain R is unbounded

### Gamma (two parameters): it factorises, and 1/rate is improper
$ fimc jeffreys --normalize $MODELS/gamma.fim
>>> stdout
sqrt(det F) = sqrt(shape*trigamma(shape) - 1)/rate
improper: sqrt(det F) factorises, and its factor in rate is improper: sqrt(det F) ~ 1/rate as rate -> 0: exponent -1 <= -1 at a finite end, so the integral diverges there

### JSON: every key of LANGUAGE.md, a proper prior
$ fimc jeffreys --normalize --format json $MODELS/binomial.fim
>>> stdout
{"model": "binomial", "params": ["theta"], "density": "sqrt(n)/(sqrt(theta)*sqrt(1 - theta))", "at": null, "value": null, "normalizer": "9.9345882657961012344", "proper": true, "normalizer_digits": 20, "normalizer_method": "quadrature", "form": "Beta(1/2, 1/2)"}

### JSON: an improper prior
$ fimc jeffreys --normalize --format json $MODELS/poisson.fim
>>> stdout
{"model": "poisson", "params": ["lambda"], "density": "1/sqrt(lambda)", "at": null, "value": null, "normalizer": null, "proper": false, "form": "∝ lambda^(-1/2), improper", "reason": "sqrt(det F) ~ 1/sqrt(lambda) as lambda -> inf: exponent -1/2 >= -1 at an infinite end, so the integral diverges there"}

### --normalize with --at: the value at the point and the normalizer, in JSON
$ fimc jeffreys --normalize --at theta=1/2 --format json $MODELS/binomial.fim
>>> stdout
{"model": "binomial", "params": ["theta"], "density": "sqrt(n)/(sqrt(theta)*sqrt(1 - theta))", "at": {"theta": "1/2"}, "value": "6.3245553203367586640", "digits": 20, "method": "symbolic", "normalizer": "9.9345882657961012344", "proper": true, "normalizer_digits": 20, "normalizer_method": "quadrature", "form": "Beta(1/2, 1/2)"}

### --normalize with --at in text
$ fimc jeffreys --normalize --at theta=1/2 $MODELS/binomial.fim
>>> stdout
sqrt(det F) at theta = 1/2 (20 digits, symbolic): 6.3245553203367586640
normalizer = 9.9345882657961012344 (20 digits; Beta(1/2, 1/2))

### too little precision: only the verified digits, exit 3
$ fimc jeffreys --normalize --prec 40 $MODELS/bernoulli.fim
>>> stdout
sqrt(det F) = 1/(sqrt(p)*sqrt(1 - p))
normalizer = 3.141593 (7 digits; Beta(1/2, 1/2))
>>> stderr
fimc: error: bernoulli: only 7 of the 20 digits asked for of the normalizer could be verified
>>> exit 3

### more than two parameters: not attempted, exit 3
<<< file three.fim
model three
param mu in R
param sigma in (0, inf)
param r in (0, inf)
data x in R
data y in (0, inf)
x ~ normal(mu, sigma)
y ~ exponential(r)
$ fimc jeffreys --normalize three.fim
>>> stderr
fimc: error: three: jeffreys --normalize: normalizing is not attempted for more than two parameters (this model has 3)
>>> exit 3

### no closed form of the FIM: not done yet, exit 3 (the Cauchy as a logp)
<<< file cauchy.fim
param loc in R
param scale in (0, inf)
data x in R
logp = -log(pi) - log(scale) - log(1 + ((x - loc)/scale)^2)
$ fimc jeffreys --normalize cauchy.fim
>>> stderr
fimc: error: cauchy: jeffreys --normalize: no closed form of the FIM was found (logp does not split into sum eta_k(theta)*T_k(x) + a(theta) + b(x): the factor log(1 + (x - loc)^2/scale^2) cannot be separated (it mixes data and parameters)); normalizing a numerically computed FIM is not done yet
>>> exit 3
