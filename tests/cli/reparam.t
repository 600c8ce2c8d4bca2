### the seed's worked example: the Binomial in the odds phi = theta/(1 - theta), at phi = 2.5: F(phi) = n/(phi (1 + phi)^2) = 10/30.625 = 0.32653061224489795918..., J^T F J and the Jeffreys invariance both checked at the point
$ fimc reparam odds $MODELS/binomial.fim --at phi=2.5
>>> stdout
F at phi = 2.5 (20 digits, symbolic; by sum, E[s s^T] and -E[H] agree with it to {N>=20} digits):
  0.32653061224489795918
J^T F(theta) J at theta(phi) (symbolic): agrees to {N>=20} digits
Jeffreys invariance p(phi) = p(theta(phi)) |det J|: holds to {N>=20} digits

### ... in JSON: the fim keys in the new coordinates and both agreement keys, as numbers of digits
$ fimc reparam odds $MODELS/binomial.fim --at phi=2.5 --format json
>>> stdout
{"model": "binomial", "params": ["phi"], "at": {"phi": "2.5"}, "fim": [["0.32653061224489795918"]], "neg_expected_hessian": [["0.32653061224489795918"]], "digits": 20, "method": "symbolic", "symbolic": [["n/(phi*(1 + phi)^2)"]], "agreement_digits": {N>=20}, "cross_check": {"method": "sum", "digits": {N>=20}}, "jtfj_agreement_digits": {N>=20}, "jeffreys_invariance_digits": {N>=20}}

### the Cauchy in (location, log-scale): no closed form, both sides by quadrature; F = diag(1/(2 exp(2 ls)), 1/2) = diag(0.27440581804701321631..., 1/2) at ls = 0.3
### (the Cauchy as a logp: '~ cauchy' has the closed form through the distributions, distfim.t)
# python3: mpmath, mp.dps = 30, 1/(2*exp(mpf(6)/10)) = 0.274405818047013216314229458616
<<< file cauls.fim
model cauchy_ls "Cauchy in (loc, log-scale)"
param loc in R
param scale in (0, inf)
data x in R
logp = -log(pi) - log(scale) - log(1 + ((x - loc)/scale)^2)
reparam logscale(m in R, ls in R) { loc = m; scale = exp(ls) }
check logscale.fim == [[1/(2*exp(2*ls)), 0], [0, 1/2]]
$ fimc reparam logscale cauls.fim --at m=0.5,ls=0.3 --digits 25 && fimc check cauls.fim
>>> stdout
F at m = 0.5, ls = 0.3 (25 digits, quadrature; E[s s^T] and -E[H] agree to {N>=25} digits):
  0.2744058180470132163142295  0
  0  0.5000000000000000000000000
J^T F(theta) J at theta(phi) (quadrature): agrees to {N>=25} digits
Jeffreys invariance p(phi) = p(theta(phi)) |det J|: holds to {N>=25} digits
cauls.fim:7: verified: logscale.fim == [[1/(2*exp(2*ls)), 0], [0, 1/2]] (numeric: E[s s^T] agrees to 20 digits at 8 seeded points)

### a reparam that folds: theta = 1/4 + (s - 1/2)^2 is not a bijection at s = 1/2 (J = 0): exit 3; at s = 0.7, F = 0.16/(0.29*0.71) = 0.77707625060709082079...
<<< file bend.fim
model bend "a reparam with a fold"
param theta in (0, 1)
data x in {0, 1}
logp = x*log(theta) + (1 - x)*log(1 - theta)
reparam fold(s in (0, 1)) { theta = 1/4 + (s - 1/2)^2 }
$ fimc reparam fold bend.fim --at s=1/2; echo "exit $?"; fimc reparam fold bend.fim --at s=0.7
>>> stdout
exit 3
F at s = 0.7 (20 digits, symbolic; by sum, E[s s^T] and -E[H] agree with it to {N>=20} digits):
  0.77707625060709082079
J^T F(theta) J at theta(phi) (symbolic): agrees to {N>=20} digits
Jeffreys invariance p(phi) = p(theta(phi)) |det J|: holds to {N>=20} digits
>>> stderr
fimc: error: bend: the Jacobian of reparam 'fold' is singular at this point: it is not a bijection there

### a point outside the new coordinates' domain exits 3
$ fimc reparam odds $MODELS/binomial.fim --at phi=-1
>>> stderr
fimc: error: --at: phi = -1 is outside its domain (0, inf)
>>> exit 3

### no closed form and no --at: the message points at --at (the Cauchy as a logp)
<<< file cauls.fim
model cauchy_ls "Cauchy in (loc, log-scale)"
param loc in R
param scale in (0, inf)
data x in R
logp = -log(pi) - log(scale) - log(1 + ((x - loc)/scale)^2)
reparam logscale(m in R, ls in R) { loc = m; scale = exp(ls) }
$ fimc reparam logscale cauls.fim 2>&1 | sed 's/(logp.*)); /(...); /'
>>> stdout
fimc: error: cauchy_ls: no closed form of the FIM was found (...); give --at to compute both at a point
