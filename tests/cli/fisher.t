# fimc fim, jeffreys, expfam and reparam in closed form (exponential families).
# Expected values are the textbook ones; see the claims in models/ for their sources.

### the Binomial FIM of the notes: n/(theta*(1 - theta))
$ fimc fim $MODELS/binomial.fim
>>> stdout
F[theta, theta] = n/(theta*(1 - theta))

### the Normal FIM: diag(1/sigma^2, 2/sigma^2)
$ fimc fim $MODELS/normal.fim
>>> stdout
F[mu, mu] = 1/sigma^2
F[mu, sigma] = 0
F[sigma, sigma] = 2/sigma^2

### the Gamma FIM in JSON: trigamma, exact
$ fimc fim --format json $MODELS/gamma.fim
>>> stdout
{"model": "gamma", "params": ["shape", "rate"], "at": null, "fim": null, "digits": null, "method": "symbolic", "symbolic": [["trigamma(shape)", "-1/rate"], ["-1/rate", "shape/rate^2"]]}

### the Beta FIM in LaTeX
$ fimc fim --format latex $MODELS/beta.fim
>>> stdout
\begin{pmatrix}
\psi'\left(a\right) - \psi'\left(a + b\right) & -\psi'\left(a + b\right) \\
-\psi'\left(a + b\right) & \psi'\left(b\right) - \psi'\left(a + b\right)
\end{pmatrix}

### Jeffreys: Beta(1/2, 1/2) for the Binomial, 1/sigma^2 for the Normal (up to constants)
$ fimc jeffreys $MODELS/binomial.fim && fimc jeffreys $MODELS/normal.fim && fimc jeffreys $MODELS/gamma.fim
>>> stdout
sqrt(det F) = sqrt(n)/(sqrt(theta)*sqrt(1 - theta))
sqrt(det F) = sqrt(2)/sigma^2
sqrt(det F) = sqrt(shape*trigamma(shape) - 1)/rate

### Jeffreys in JSON
$ fimc jeffreys --format json $MODELS/poisson.fim
>>> stdout
{"model": "poisson", "params": ["lambda"], "density": "1/sqrt(lambda)", "at": null, "value": null, "normalizer": null, "proper": null}

### the odds reparam of the notes: F(phi) = n/(phi*(1 + phi)^2), J^T F J and invariance exact
$ fimc reparam odds $MODELS/binomial.fim
>>> stdout
F[phi, phi] = n/(phi*(1 + phi)^2)
J^T F J: agrees (exact)
Jeffreys invariance p(phi) = p(theta(phi)) |det J|: holds (exact)

### options after the operands, JSON keys of reparam
$ fimc reparam logsd $MODELS/normal.fim --format json
>>> stdout
{"model": "normal", "params": ["mu", "tau"], "at": null, "fim": null, "digits": null, "method": "symbolic", "symbolic": [["1/exp(tau)^2", "0"], ["0", "2"]], "jtfj_agreement_digits": "exact", "jeffreys_invariance_digits": "exact"}

### an unknown reparam
$ fimc reparam nope $MODELS/normal.fim
>>> stderr
fimc: error: reparam: the model has no reparam named 'nope'
>>> exit 2

### expfam of the Normal: T = (x, x^2), E[T], Cov[T], both identities checked exactly
$ fimc expfam $MODELS/normal.fim
>>> stdout
exponential family: logp = eta.T + log h - A
eta = [mu/sigma^2, -1/(2*sigma^2)]
T = [x, x^2]
A = mu^2/(2*sigma^2) + log(2*pi)/2 + log(sigma)
log h = 0
E[T] = [mu, mu^2 + sigma^2]
Cov[T1, T1] = sigma^2
Cov[T1, T2] = 2*mu*sigma^2
Cov[T2, T2] = 4*mu^2*sigma^2 + 2*sigma^4
F(eta) = Cov[T]: checked (exact)
F(m) = F(eta)^-1: checked (exact)

### expfam JSON of the Binomial
$ fimc expfam --format json $MODELS/binomial.fim
>>> stdout
{"model": "binomial", "params": ["theta"], "expfam": true, "eta": ["log(theta) - log(1 - theta)"], "T": ["x"], "A": "-n*log(1 - theta)", "h": "exp(lchoose(n, x))", "mean_T": ["n*theta"], "cov_T": [["n*theta*(1 - theta)"]], "cov_identity": "checked (exact)", "moment_fim_identity": "checked (exact)"}

### a Cauchy model is not shown to be an exponential family; fim has no closed form and says to use --at
### (written as a logp: '~ cauchy' has the closed form through the distributions)
<<< file c.fim
param loc in R
param scale in (0, inf)
data x in R
logp = -log(pi) - log(scale) - log(1 + ((x - loc)/scale)^2)
$ fimc expfam c.fim; echo "status $?"; fimc fim c.fim
>>> stdout
not shown to be an exponential family: logp does not split into sum eta_k(theta)*T_k(x) + a(theta) + b(x): the factor log(1 + (x - loc)^2/scale^2) cannot be separated (it mixes data and parameters)
status 0
>>> stderr
fimc: error: c: no closed form of the FIM was found (logp does not split into sum eta_k(theta)*T_k(x) + a(theta) + b(x): the factor log(1 + (x - loc)^2/scale^2) cannot be separated (it mixes data and parameters)); give --at to compute the FIM at a point
>>> exit 2

### jeffreys at a point: the closed form sqrt(n/(theta (1 - theta))) at n = 10, theta = 0.3
# mpmath: sqrt(10/(0.3*0.7)) = 6.9006555934235421779612686462713199
$ fimc jeffreys --at theta=0.3 $MODELS/binomial.fim
>>> stdout
sqrt(det F) at theta = 0.3 (20 digits, symbolic): 6.9006555934235421780

### jeffreys at a point without a closed form: Cauchy, sqrt(det I/(2 s^2)) = 1/(2 s^2), by quadrature; JSON
### (the Cauchy as a logp)
$ printf 'param loc in R\nparam scale in (0, inf)\ndata x in R\nlogp = -log(pi) - log(scale) - log(1 + ((x - loc)/scale)^2)\n' > c.fim; fimc jeffreys --at loc=0,scale=2 --digits 30 c.fim; fimc jeffreys --at loc=0,scale=2 --format json c.fim
>>> stdout
sqrt(det F) at loc = 0, scale = 2 (30 digits, quadrature): 0.125000000000000000000000000000
{"model": "c", "params": ["loc", "scale"], "density": null, "at": {"loc": "0", "scale": "2"}, "value": "0.12500000000000000000", "digits": 20, "method": "quadrature", "normalizer": null, "proper": null}

### jeffreys at a point of the zero-truncated Poisson: +0.66801172621039625410791784705135 (mpmath)
$ printf 'param lam in (0, inf)\ndata x in {1..inf}\nlogp = x*log(lam) - lam - lfactorial(x) - log(1 - exp(-lam))\n' > z.fim; fimc jeffreys --at lam=1.7 --digits 30 z.fim
>>> stdout
sqrt(det F) at lam = 1.7 (30 digits, symbolic): 0.668011726210396254107917847051

### jeffreys --at with too few digits possible (--prec fixes the precision): the verified ones, exit 3
$ fimc jeffreys --at theta=0.3 --digits 40 --prec 64 $MODELS/binomial.fim
>>> stdout
sqrt(det F) at theta = 0.3 (18 digits, symbolic): 6.90065559342354218
>>> stderr
fimc: error: binomial: only 18 of the 40 digits asked for could be verified
>>> exit 3
