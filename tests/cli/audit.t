# Contract gaps found by a point-by-point audit of LANGUAGE.md, each now a regression test.
# References: Cauchy(loc, scale) has F = I/(2 scale^2), so sqrt(det F) = 1/(2 scale^2); the
# Binomial's is sqrt(n)/sqrt(theta (1 - theta)).

### a false jeffreys ~ claim without a closed form FAILS with two points (was unverified)
<<< file c.fim
param loc in R
param scale in (0, inf)
data x in R
x ~ cauchy(loc, scale)
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
