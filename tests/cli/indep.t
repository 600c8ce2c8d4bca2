### an iid Normal sample x[1..5]: the closed form is 5 times one observation's (T = (sum x, sum x^2): the statistics with one natural parameter are one)
<<< file iid5.fim
model iid5 "an iid Normal sample"
param mu in R
param sigma in (0, inf)
data x[5] in R
logp = sum(i in 1..5, -(x[i]-mu)^2/(2*sigma^2) - log(sigma) - log(2*pi)/2)
$ fimc fim iid5.fim
>>> stdout
F[mu, mu] = 5/sigma^2
F[mu, sigma] = 0
F[sigma, sigma] = 10/sigma^2

### ... at a point to 40 digits, one quadrature for the five copies (it used to nest five rules and never return)
<<< file iid5.fim
model iid5 "an iid Normal sample"
param mu in R
param sigma in (0, inf)
data x[5] in R
logp = sum(i in 1..5, -(x[i]-mu)^2/(2*sigma^2) - log(sigma) - log(2*pi)/2)
$ fimc fim --at mu=0,sigma=2 --digits 40 iid5.fim
>>> stdout
F at mu = 0, sigma = 2 (40 digits, symbolic; by quadrature, E[s s^T] and -E[H] agree with it to {N>=40} digits):
  1.250000000000000000000000000000000000000  0
  0  2.500000000000000000000000000000000000000

### ... its exponential-family form, E[T] and Cov[T]
<<< file iid5.fim
model iid5 "an iid Normal sample"
param mu in R
param sigma in (0, inf)
data x[5] in R
logp = sum(i in 1..5, -(x[i]-mu)^2/(2*sigma^2) - log(sigma) - log(2*pi)/2)
$ fimc expfam iid5.fim
>>> stdout
exponential family: logp = eta.T + log h - A
eta = [mu/sigma^2, -1/(2*sigma^2)]
T = [x[1] + x[2] + x[3] + x[4] + x[5], x[1]^2 + x[2]^2 + x[3]^2 + x[4]^2 + x[5]^2]
A = 5*mu^2/(2*sigma^2) + 5*log(2*pi)/2 + 5*log(sigma)
log h = 0
E[T] = [5*mu, 5*(mu^2 + sigma^2)]
Cov[T1, T1] = 5*sigma^2
Cov[T1, T2] = 10*mu*sigma^2
Cov[T2, T2] = 20*mu^2*sigma^2 + 10*sigma^4
F(eta) = Cov[T]: checked (exact)
F(m) = F(eta)^-1: checked (exact)

### the same with x[1..200]: diag(200/sigma^2, 400/sigma^2), and 40 digits at a point
<<< file iid200.fim
model iid200 "an iid Normal sample of 200"
param mu in R
param sigma in (0, inf)
data x[200] in R
logp = sum(i in 1..200, -(x[i]-mu)^2/(2*sigma^2) - log(sigma) - log(2*pi)/2)
$ fimc fim iid200.fim && fimc fim --at mu=0,sigma=2 --digits 40 --format json iid200.fim
>>> stdout
F[mu, mu] = 200/sigma^2
F[mu, sigma] = 0
F[sigma, sigma] = 400/sigma^2
{"model": "iid200", "params": ["mu", "sigma"], "at": {"mu": "0", "sigma": "2"}, "fim": [["50.00000000000000000000000000000000000000", "0"], ["0", "100.0000000000000000000000000000000000000"]], "neg_expected_hessian": [["50.00000000000000000000000000000000000000", "0"], ["0", "100.0000000000000000000000000000000000000"]], "digits": 40, "method": "symbolic", "symbolic": [["200/sigma^2", "0"], ["0", "400/sigma^2"]], "agreement_digits": {N>=40}, "cross_check": {"method": "quadrature", "digits": {N>=40}}}

### claims over an iid sample: moments of one observation, of sums over independent observations (split by linearity) and of their squares; a false one fails
<<< file iidv.fim
model iidv "an iid Normal sample, moments of sums"
param mu in R
param sigma in (0, inf)
data x[3] in R
data y in {0..5}
logp = sum(i in 1..3, -(x[i]-mu)^2/(2*sigma^2) - log(sigma) - log(2*pi)/2) + lchoose(5, y) + y*log(1/3) + (5 - y)*log(2/3)
check Var[x[1] + x[2] + x[3]] == 3*sigma^2
check E[x[1] + 3] == mu + 3
check Var[x[1] - x[2] + y] == 2*sigma^2 + 10/9
check E[(x[1] + y)^2] == mu^2 + sigma^2 + 2*mu*5/3 + 10/9 + 25/9
check Var[x[1] + x[2]] == 3*sigma^2
$ fimc check iidv.fim
>>> stdout
iidv.fim:7: verified: Var[x[1] + x[2] + x[3]] == 3*sigma^2 (numeric: the variance agrees to 20 digits at 8 seeded points)
iidv.fim:8: verified: E[3 + x[1]] == 3 + mu (numeric: the mean agrees to 20 digits at 8 seeded points)
iidv.fim:9: verified: Var[x[1] + y - x[2]] == 10/9 + 2*sigma^2 (numeric: the variance agrees to 20 digits at 8 seeded points)
iidv.fim:10: verified: E[(x[1] + y)^2] == 35/9 + 10*mu/3 + mu^2 + sigma^2 (numeric: the mean agrees to 20 digits at 8 seeded points)
iidv.fim:11: FAILED: Var[x[1] + x[2]] == 3*sigma^2: at mu=-1.28072, sigma=3.99605, the variance is 31.9368652183 but the claim gives 47.90529783
>>> exit 1

### independent groups without a closed form: three Cauchy observations (one quadrature, three copies) and a Poisson count, 30 digits: diag(3/(2 scale^2), 3/(2 scale^2), 1/lam)
<<< file cau3.fim
model cauchy3 "three Cauchy observations and a count"
param loc in R
param scale in (0, inf)
param lam in (0, inf)
data x[3] in R
data y in {0..inf}
logp = sum(i in 1..3, -log(pi) - log(scale) - log(1 + ((x[i] - loc)/scale)^2)) + y*log(lam) - lam - lfactorial(y)
$ fimc fim --at loc=0.3,scale=2,lam=1.5 --digits 30 cau3.fim
>>> stdout
F at loc = 0.3, scale = 2, lam = 1.5 (30 digits, quadrature; E[s s^T] and -E[H] agree to {N>=30} digits):
  0.375000000000000000000000000000  0  0
  0  0.375000000000000000000000000000  0
  0  0  0.666666666666666666666666666667

### a group of more than two coupled continuous variables is refused at once, naming them (exit 3), where it would have nested three quadratures for minutes
<<< file cchain.fim
model cchain "a Cauchy chain"
param mu in R
data x in R
data y in R
data z in R
logp = -3*log(pi) - log(1 + (x - mu)^2) - log(1 + (y - x)^2) - log(1 + (z - y)^2)
$ fimc fim --at mu=0 cchain.fim
>>> stderr
fimc: warning: cchain: the normalisation of logp could not be verified: the total probability could be computed at only 0 of 8 seeded points: the continuous data variables x, y and z are coupled in logp (no split into independent groups separates them): an expectation over them is a 3-dimensional quadrature, which fimc does not attempt (at most 2)
cchain.fim:6:1: error: the continuous data variables x, y and z are coupled in logp (no split into independent groups separates them): an expectation over them is a 3-dimensional quadrature, which fimc does not attempt (at most 2)
logp = -3*log(pi) - log(1 + (x - mu)^2) - log(1 + (y - x)^2) - log(1 + (z - y)^2)
^
>>> exit 3

### a Gaussian chain couples three too, but its Hessian is free of the data: F = -H = 1 exactly, also at a point, where the numeric cross-check is said to be out of reach
<<< file chain3.fim
model chain3 "a Gaussian chain"
param mu in R
data x in R
data y in R
data z in R
logp = -((x - mu)^2 + (y - x)^2 + (z - y)^2)/2 - 3*log(2*pi)/2
$ fimc fim chain3.fim 2>/dev/null; fimc fim --at mu=0 chain3.fim
>>> stdout
F[mu, mu] = 1
F at mu = 0 (20 digits, symbolic):
  1.0000000000000000000
>>> stderr
fimc: warning: chain3: the normalisation of logp could not be verified: the total probability could be computed at only 0 of 8 seeded points: the continuous data variables x, y and z are coupled in logp (no split into independent groups separates them): an expectation over them is a 3-dimensional quadrature, which fimc does not attempt (at most 2)
fimc: warning: chain3: the numeric cross-check of the closed form could not be made: the continuous data variables x, y and z are coupled in logp (no split into independent groups separates them): an expectation over them is a 3-dimensional quadrature, which fimc does not attempt (at most 2)

### 50 independent Gaussian means: the Hessian is free of the data, F = -H = I (too many parameters for the family's solve)
<<< file m50.fim
model means50 "50 independent Gaussian means"
param m[50] in R
data x[50] in R
logp = sum(i in 1..50, -(x[i] - m[i])^2/2 - log(2*pi)/2)
$ fimc fim m50.fim | sed 's/.* = //' | sort | uniq -c | sed 's/^ *//'
>>> stdout
1225 0
50 1

### logistic regression with its rows as data variables y[1..10]: the Hessian does not involve the data, so F = -H exactly (it was "a curved exponential family")
<<< file lr10.fim
model lr10 "logistic regression, 10 rows as data variables"
param b0 in R
param b1 in R
const u = {-1.46, 1.39, 1.06, -0.98, -0.02, -0.2, 0.61, 1.15, -1.62, -1.89}
data y[10] in {0, 1}
logp = sum(i in 1..10, y[i]*(b0 + u[i]*b1) - log1pexp(b0 + u[i]*b1))
$ fimc fim lr10.fim
>>> stdout
F[b0, b0] = (1 - expit(b0 + b1*u[1]))*expit(b0 + b1*u[1]) + (1 - expit(b0 + b1*u[2]))*expit(b0 + b1*u[2]) + (1 - expit(b0 + b1*u[3]))*expit(b0 + b1*u[3]) + (1 - expit(b0 + b1*u[4]))*expit(b0 + b1*u[4]) + (1 - expit(b0 + b1*u[5]))*expit(b0 + b1*u[5]) + (1 - expit(b0 + b1*u[6]))*expit(b0 + b1*u[6]) + (1 - expit(b0 + b1*u[7]))*expit(b0 + b1*u[7]) + (1 - expit(b0 + b1*u[8]))*expit(b0 + b1*u[8]) + (1 - expit(b0 + b1*u[9]))*expit(b0 + b1*u[9]) + (1 - expit(b0 + b1*u[10]))*expit(b0 + b1*u[10])
F[b0, b1] = u[1]*(1 - expit(b0 + b1*u[1]))*expit(b0 + b1*u[1]) + u[2]*(1 - expit(b0 + b1*u[2]))*expit(b0 + b1*u[2]) + u[3]*(1 - expit(b0 + b1*u[3]))*expit(b0 + b1*u[3]) + u[4]*(1 - expit(b0 + b1*u[4]))*expit(b0 + b1*u[4]) + u[5]*(1 - expit(b0 + b1*u[5]))*expit(b0 + b1*u[5]) + u[6]*(1 - expit(b0 + b1*u[6]))*expit(b0 + b1*u[6]) + u[7]*(1 - expit(b0 + b1*u[7]))*expit(b0 + b1*u[7]) + u[8]*(1 - expit(b0 + b1*u[8]))*expit(b0 + b1*u[8]) + u[9]*(1 - expit(b0 + b1*u[9]))*expit(b0 + b1*u[9]) + u[10]*(1 - expit(b0 + b1*u[10]))*expit(b0 + b1*u[10])
F[b1, b1] = u[1]^2*(1 - expit(b0 + b1*u[1]))*expit(b0 + b1*u[1]) + u[2]^2*(1 - expit(b0 + b1*u[2]))*expit(b0 + b1*u[2]) + u[3]^2*(1 - expit(b0 + b1*u[3]))*expit(b0 + b1*u[3]) + u[4]^2*(1 - expit(b0 + b1*u[4]))*expit(b0 + b1*u[4]) + u[5]^2*(1 - expit(b0 + b1*u[5]))*expit(b0 + b1*u[5]) + u[6]^2*(1 - expit(b0 + b1*u[6]))*expit(b0 + b1*u[6]) + u[7]^2*(1 - expit(b0 + b1*u[7]))*expit(b0 + b1*u[7]) + u[8]^2*(1 - expit(b0 + b1*u[8]))*expit(b0 + b1*u[8]) + u[9]^2*(1 - expit(b0 + b1*u[9]))*expit(b0 + b1*u[9]) + u[10]^2*(1 - expit(b0 + b1*u[10]))*expit(b0 + b1*u[10])

### ... with 10 rows at a point, 30 digits, against mpmath: sum over rows of expit(eta)(1 - expit(eta)) [[1, u], [u, u^2]]
# python3: mpmath, mp.dps = 40, eta = 0.3 - 0.5 u for the u of the file
<<< file lr10.fim
model lr10 "logistic regression, 10 rows as data variables"
param b0 in R
param b1 in R
const u = {-1.46, 1.39, 1.06, -0.98, -0.02, -0.2, 0.61, 1.15, -1.62, -1.89}
data y[10] in {0, 1}
logp = sum(i in 1..10, y[i]*(b0 + u[i]*b1) - log1pexp(b0 + u[i]*b1))
$ fimc fim --at b0=0.3,b1=-0.5 --digits 30 lr10.fim
>>> stdout
F at b0 = 0.3, b1 = -0.5 (30 digits, symbolic; by sum, E[s s^T] and -E[H] agree with it to {N>=30} digits):
  2.23550530963284642115486606732  -0.146056078579288583335463018410
  -0.146056078579288583335463018410  2.89786838844600821681839262834

### ... with 20 rows at a point, 30 digits, against mpmath: sum over rows of expit(eta)(1 - expit(eta)) [[1, u], [u, u^2]]
# python3: mpmath, mp.dps = 40, eta = 0.3 - 0.5 u for the u of the file
<<< file lr20.fim
model lr20 "logistic regression, 20 rows as data variables"
param b0 in R
param b1 in R
const u = {1.34, -0.27, 1.05, -1.99, -0.22, 0.89, -1.08, 1.78, 1.61, -1.88, -1.9, 0.17, 1.76, -0.48, -1.13, -0.31, -1.88, -1.11, -0.25, -0.02}
data y[20] in {0, 1}
logp = sum(i in 1..20, y[i]*(b0 + u[i]*b1) - log1pexp(b0 + u[i]*b1))
$ fimc fim --at b0=0.3,b1=-0.5 --digits 30 lr20.fim
>>> stdout
F at b0 = 0.3, b1 = -0.5 (30 digits, symbolic; by sum, E[s s^T] and -E[H] agree with it to {N>=30} digits):
  4.42863208126893228692594970387  -0.344160593303818011815235868642
  -0.344160593303818011815235868642  6.37232574258869820541369858911

### ... with 40 rows at a point, 30 digits, against mpmath: sum over rows of expit(eta)(1 - expit(eta)) [[1, u], [u, u^2]]
# python3: mpmath, mp.dps = 40, eta = 0.3 - 0.5 u for the u of the file
<<< file lr40.fim
model lr40 "logistic regression, 40 rows as data variables"
param b0 in R
param b1 in R
const u = {-1.07, -1.08, -1.12, -0.16, -0.84, -1.91, 1.35, 0.23, 0.57, -1.26, 1.97, 1.44, -1.52, -0.67, 0.89, 0.84, 1.75, -0.31, 1.32, 0.68, -0.79, 0.35, 1.53, 1.38, 0.02, 0.36, -1.86, -1.03, 1.19, -0.34, -1.31, 0.2, 0.81, 0.7, -0.5, -0.24, 0.03, 1.11, 0.08, -0.43}
data y[40] in {0, 1}
logp = sum(i in 1..40, y[i]*(b0 + u[i]*b1) - log1pexp(b0 + u[i]*b1))
$ fimc fim --at b0=0.3,b1=-0.5 --digits 30 lr40.fim
>>> stdout
F at b0 = 0.3, b1 = -0.5 (30 digits, symbolic; by sum, E[s s^T] and -E[H] agree with it to {N>=30} digits):
  9.24534453942929771163681312039  1.17677849922498961451636831048
  1.17677849922498961451636831048  9.41950542562966036524718515662
