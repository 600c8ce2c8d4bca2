# cbrt and log2, the two functions added through the function table (compiler/core/
# functions.h): cbrt(x) is the real cube root on the whole line (cbrt(-8) = -2), log2(x) =
# log(x)/log(2). The model is a Normal with mean cbrt(theta) and sd log2(s), so
#   F = [[1/(9 cbrt(theta)^4 log2(s)^2), 0], [0, 2/(s log(2) log2(s))^2]],
# and at theta = -8, s = 4 (cbrt = -2, log2 = 2): F = diag(1/576, 1/(32 log(2)^2)), by
#   python3 -c "from mpmath import *; mp.dps = 50; print(mpf(1)/576, 1/(32*log(2)**2))"
#   0.0017361111111111111111111111111111111111111111111111
#   0.06504278065642524368342442511671848203325147361394

### cbrt and log2 print back as written, and expand
<<< file cl.fim
model cbrtlog2 "Normal(cbrt(theta), log2(s))"
param theta in R
param s in (1, inf)
data x in R
x ~ normal(cbrt(theta), log2(s))
$ fimc print cl.fim && fimc print --expand cl.fim | fimc print -
>>> stdout
model cbrtlog2 "Normal(cbrt(theta), log2(s))"
param theta in R
param s in (1, inf)
data x in R
x ~ normal(cbrt(theta), log2(s))
model cbrtlog2 "Normal(cbrt(theta), log2(s))"
param theta in R
param s in (1, inf)
data x in R
logp = -log(2*pi)/2 - log(log2(s)) - (x - cbrt(theta))^2/(2*log2(s)^2)

### the Hessian: cbrt' = 1/(3 cbrt^2), log2' = 1/(s log(2))
<<< file cl.fim
param theta in R
param s in (1, inf)
data x in R
x ~ normal(cbrt(theta), log2(s))
$ fimc hessian cl.fim
>>> stdout
d2/dtheta^2 logp = (cbrt(theta) - 2*x)/(9*cbrt(theta)^5*log2(s)^2)
d2/dtheta ds logp = 2*(cbrt(theta) - x)/(3*s*log(2)*cbrt(theta)^2*log2(s)^3)
d2/ds^2 logp = 1/(s^2*log(2)^2*log2(s)^2) + 1/(s^2*log(2)*log2(s)) - 3*(x - cbrt(theta))^2/(s^2*log(2)^2*log2(s)^4) - (x - cbrt(theta))^2/(s^2*log(2)*log2(s)^3)

### the closed-form FIM
<<< file cl.fim
param theta in R
param s in (1, inf)
data x in R
x ~ normal(cbrt(theta), log2(s))
$ fimc fim cl.fim
>>> stdout
F[theta, theta] = 1/(9*cbrt(theta)^4*log2(s)^2)
F[theta, s] = 0
F[s, s] = 2/(s^2*log(2)^2*log2(s)^2)

### the FIM at a negative theta, to 40 digits: the closed form, cross-checked by quadrature (mpmath values above)
<<< file cl.fim
param theta in R
param s in (1, inf)
data x in R
x ~ normal(cbrt(theta), log2(s))
$ fimc fim --at theta=-8,s=4 --digits 40 cl.fim
>>> stdout
F at theta = -8, s = 4 (40 digits, symbolic; by quadrature, E[s s^T] and -E[H] agree with it to {N>=40} digits):
  0.001736111111111111111111111111111111111111  0
  0  0.06504278065642524368342442511671848203325

### claims with cbrt and log2 verified at seeded points
<<< file ck.fim
param theta in R
param s in (1, inf)
data x in R
x ~ normal(cbrt(theta), log2(s))
check fim == [[1/(9*cbrt(theta)^4*log2(s)^2), 0], [0, 2/(s*log(2)*log2(s))^2]]
check E[x] == cbrt(theta)
check Var[x] == (log(s)/log(2))^2
$ fimc check ck.fim
>>> stdout
ck.fim:5: verified: fim == [[1/(9*cbrt(theta)^4*log2(s)^2), 0], [0, 2/(s^2*log(2)^2*log2(s)^2)]] (exact: exponential family, F = -E[H] from E[T])
ck.fim:6: verified: E[x] == cbrt(theta) (exact: from E[T])
ck.fim:7: verified: Var[x] == log(s)^2/log(2)^2 (numeric: Cov[T]-based variance and the claim agree to 65 digits at 8 seeded points)

### the tape runs the runtime ops cbrt and log2 (log2(3) once, for the constants)
<<< file tp.fim
param theta in R
data x in R
x ~ normal(cbrt(theta), log2(3))
$ fimc print --tape tp.fim | grep -E 'cbrt|log2'
>>> stdout
c5 = log2 c4
b1 = cbrt b0

### cbrt and log2 are reserved, and take one argument
<<< file r.fim
param log2 in R
data x in R
x ~ normal(cbrt(log2, 2), 1)
$ fimc print r.fim
>>> stderr
r.fim:1:7: error: 'log2' is the name of a built-in function and cannot be declared
param log2 in R
      ^
r.fim:3:12: error: 'cbrt' takes 1 argument, not 2
x ~ normal(cbrt(log2, 2), 1)
           ^
>>> exit 2
