# Expectations beyond one data variable: nested rules (several data variables), conditional
# models (the FIM is the mean over the input rows), moments E[..] and Var[..] of models
# outside the exponential family, and the normalisation check of `fimc check`.
# References: closed forms (bivariate normal (1 + rho^2)/(1 - rho^2)^2 = 20/9 at 1/2;
# two-stage normal diag(1, 2/s^2); Gamma-Poisson a/lambda; linear regression the mean of
# [[1, u], [u, u^2]]); the logistic-regression rows with mpmath at 40 digits:
#   python3 -c 'import mpmath as mp; mp.mp.dps=40; a=mp.mpf(1)/2; b=-1
#   rows=[-1,0,mp.mpf(1)/2,2]; w=lambda u: mp.exp(-(a+b*u))/(1+mp.exp(-(a+b*u)))**2
#   print([sum(w(u)*u**k for u in rows)/4 for k in (0,1,2)])'
#   -> 0.1958241540855650505180923789722574177400953,
#      0.06853661301758321412538335260850284084628731,
#      0.2020580650879160706269167630425142042314423

### two continuous data variables: the bivariate normal's correlation, 20/9
$ fimc fim --at rho=1/2 --digits 15 $MODELS/../tests/data/bivnormal.fim
>>> stdout
F at rho = 1/2 (15 digits, quadrature; E[s s^T] and -E[H] agree to {N>=15} digits):
  2.22222222222222

### a two-stage model: the inner rule follows the conditional mode of y given x
$ fimc fim --at mu=0.3,s=2 --digits 15 $MODELS/../tests/data/hier.fim
>>> stdout
F at mu = 0.3, s = 2 (15 digits, symbolic; by quadrature, E[s s^T] and -E[H] agree with it to {N>=15} digits):
  1.00000000000000  0
  0  0.500000000000000

### a count inside a quadrature: Gamma-Poisson, a/lambda = 2 (the sum is the outer level)
$ fimc fim --at lambda=1.5 --digits 12 $MODELS/../tests/data/gamma_poisson.fim
>>> stdout
F at lambda = 1.5 (12 digits, quadrature; E[s s^T] and -E[H] agree to {N>=12} digits):
  2.00000000000

### a label and a Cauchy measurement: FIM, E and Var claims verified by sums and quadrature
$ cd $MODELS/../tests/data && fimc check zcauchy.fim
>>> stdout
zcauchy.fim:11: verified: fim == [[1/(p*(1 - p)), 0], [0, 1/2]] (numeric: E[s s^T] agrees to 20 digits at 8 seeded points)
zcauchy.fim:12: verified: E[z] == p (numeric: the mean agrees to 20 digits at 8 seeded points)
zcauchy.fim:13: verified: E[atan(x - mu - z)] == 0 (numeric: the mean agrees to 20 digits at 8 seeded points)
zcauchy.fim:14: verified: Var[atan(x - mu - z)] == pi^2/12 (numeric: the variance agrees to 20 digits at 8 seeded points)

### moments outside the exponential family (Laplace through abs); a wrong one fails
$ cd $MODELS/../tests/data && fimc check laplace.fim
>>> stdout
laplace.fim:8: verified: E[x] == mu (numeric: the mean agrees to 20 digits at 8 seeded points)
laplace.fim:9: verified: Var[x] == 2*b^2 (numeric: the variance agrees to 20 digits at 8 seeded points)
laplace.fim:10: verified: E[abs(x - mu)] == b (numeric: the mean agrees to 20 digits at 8 seeded points)
laplace.fim:11: FAILED: Var[x] == b^2: at mu=-1.28072, b=3.99605, the variance is 31.9368652183 but the claim gives 15.96843261
>>> stderr
laplace.fim:7:5: warning: 'abs' is not differentiable everywhere: the score and Hessian hold only away from its kink, and the two forms of the FIM (E[s s^T] and -E[H]) may differ
x ~ laplace(mu, b)
    ^
>>> exit 1

### a conditional model: the FIM is the mean over the input rows of each row's FIM
$ fimc fim --at a=0,b=1 --digits 25 $MODELS/../tests/data/linreg.fim
>>> stdout
F at a = 0, b = 1, the mean over 4 input rows (25 digits, symbolic; by quadrature, E[s s^T] and -E[H] agree with it to {N>=25} digits):
  1.000000000000000000000000  0.3750000000000000000000000
  0.3750000000000000000000000  1.312500000000000000000000

### ... and its claims: the mean FIM, the mean of the rows' E[y] and Var[y]
$ cd $MODELS/../tests/data && fimc check linreg.fim
>>> stdout
linreg.fim:9: verified: fim == [[1, 3/8], [3/8, 21/16]] (exact: the Hessian does not involve the data, F = -H)
linreg.fim:10: verified: E[y] == a + 3*b/8 (numeric: the mean agrees to 20 digits at 8 seeded points)
linreg.fim:11: verified: Var[y] == 1 (numeric: the variance agrees to 20 digits at 8 seeded points)

### each row's FIM is singular (rank 1), but its Hessian does not involve the data: F = -H per row, and the model's FIM is their mean, exactly
$ fimc fim $MODELS/../tests/data/linreg.fim
>>> stdout
F[a, a] = 1
F[a, b] = 3/8
F[b, b] = 21/16

### a row without a closed form (Cauchy errors: the Hessian involves y): the message says so and points at --at
### (written as a logp: '~ cauchy' has the closed form through the distributions)
<<< file cauchyreg.fim
model cauchyreg "y ~ Cauchy(a + b u, 1)"
param a in R
param b in R
input u = {-1, 0, 1/2, 2}
data y in R
logp = -log(pi) - log(1 + (y - (a + b*u))^2)
$ fimc fim cauchyreg.fim
>>> stderr
fimc: error: cauchyreg: no closed form of a row's FIM was found (for one input row: logp does not split into sum eta_k(theta)*T_k(x) + a(theta) + b(x): the factor log(1 + (y - (a + b*u))^2) cannot be separated (it mixes data and parameters)); give --at to compute the FIM (the mean over the input rows) at a point
>>> exit 2

### logistic regression over inline rows, 30 digits (sums), against mpmath
$ fimc fim --at a=1/2,b=-1 --digits 30 $MODELS/../tests/data/logit_inline.fim
>>> stdout
F at a = 1/2, b = -1, the mean over 4 input rows (30 digits, symbolic; by sum, E[s s^T] and -E[H] agree with it to {N>=30} digits):
  0.195824154085565050518092378972  0.0685366130175832141253833526085
  0.0685366130175832141253833526085  0.202058065087916070626916763043

### JSON: the rows averaged over
$ fimc fim --at a=1/2,b=-1 --format json $MODELS/../tests/data/logit_inline.fim
>>> stdout
{"model": "logit_inline", "params": ["a", "b"], "at": {"a": "1/2", "b": "-1"}, "fim": [["0.19582415408556505052", "0.068536613017583214125"], ["0.068536613017583214125", "0.20205806508791607063"]], "neg_expected_hessian": [["0.19582415408556505052", "0.068536613017583214125"], ["0.068536613017583214125", "0.20205806508791607063"]], "digits": 20, "method": "symbolic", "rows": 4, "symbolic": [["((1 - expit(a))*expit(a) + (1 - expit(a - b))*expit(a - b) + (1 - expit(a + b/2))*expit(a + b/2) + (1 - expit(a + 2*b))*expit(a + 2*b))/4", "((1 - expit(a + b/2))*expit(a + b/2)/2 + 2*(1 - expit(a + 2*b))*expit(a + 2*b) - (1 - expit(a - b))*expit(a - b))/4"], ["((1 - expit(a + b/2))*expit(a + b/2)/2 + 2*(1 - expit(a + 2*b))*expit(a + 2*b) - (1 - expit(a - b))*expit(a - b))/4", "((1 - expit(a - b))*expit(a - b) + (1 - expit(a + b/2))*expit(a + b/2)/4 + 4*(1 - expit(a + 2*b))*expit(a + 2*b))/4"]], "agreement_digits": {N>=20}, "cross_check": {"method": "sum", "digits": {N>=20}}}

### an input without values: exit 2 before any computing
<<< file nov.fim
param a in R
input u
data y in {0, 1}
y ~ bernoulli(expit(a*u))
$ fimc fim --at a=1 nov.fim
>>> stderr
fimc: error: input 'u' has no values: give them inline ({...}) or in a column of --inputs FILE.csv
>>> exit 2

### fimc check: a logp that does not integrate to 1 is an error in the model, at logp
<<< file un.fim
param mu in R
data x in R
logp = -(x - mu)^2/2
check E[x] == mu
$ fimc check un.fim
>>> stderr
un.fim:3:1: error: logp is not normalised: at mu=-1.28072 p(x | theta) integrates to 2.50662827463, not 1
logp = -(x - mu)^2/2
^
>>> exit 2
