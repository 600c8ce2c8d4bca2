### a two-component normal mixture's weight: the log of the sum is evaluated as a log-sum-exp, so the far nodes, where both exponentials underflow, give p = 0 (it was "could not be evaluated at some data value"); I(0.3) to 30 digits against mpmath
# python3: mpmath, mp.dps = 50, quad of (phi(x) - phi(x - 3))^2/p(x | w) over
# [-inf, -3, 0, 1.5, 3, 6, inf]: 3.7602443065518166805831500924616252255026765975547 (w = 0.3),
# 7.9758573930361582186316291957478907054998324093066 (w = 0.9)
$ fimc fim --at w=0.3 --digits 30 $MODELS/mixture_weight.fim; fimc fim --at w=0.9 --digits 30 $MODELS/mixture_weight.fim
>>> stdout
F at w = 0.3 (30 digits, quadrature; E[s s^T] and -E[H] agree to {N>=30} digits):
  3.76024430655181668058315009246
F at w = 0.9 (30 digits, quadrature; E[s s^T] and -E[H] agree to {N>=30} digits):
  7.97585739303615821863162919575

### ... its moments are verified at seeded points, and the normalisation check passes
$ cd $MODELS && fimc check mixture_weight.fim
>>> stdout
mixture_weight.fim:14: verified: E[x] == 3*(1 - w) (numeric: the mean agrees to 20 digits at 8 seeded points)
mixture_weight.fim:15: verified: Var[x] == 1 + 9*w*(1 - w) (numeric: the variance agrees to 20 digits at 8 seeded points)
mixture_weight.fim:16: verified: E[exp(9/2 - 3*x)] == 1 + w*exp(9) - w (numeric: the mean agrees to 20 digits at 8 seeded points)

### a three-component mixture with a location parameter and weights as parameters: the fold L_k = L_(k-1) + log1pexp(...) handles any number of terms; F at a point by quadrature, cross-checked as E[s s^T] against -E[H]
<<< file mix3.fim
model mix3 "three normals"
param m in R
param a in (0, 1)
data x in R
logp = log(a/2*exp(-(x - m)^2/2) + a/2*exp(-(x - m - 4)^2/2) + (1 - a)*exp(-(x + 4)^2/2)) - log(2*pi)/2
$ fimc fim --at m=0.5,a=0.4 --digits 25 mix3.fim | head -1
>>> stdout
F at m = 0.5, a = 0.4 (25 digits, quadrature; E[s s^T] and -E[H] agree to {N>=25} digits):
