# fimc print --tape: logp, score and Hessian lowered together to straight-line code with
# registers reused. The parameters (and a model's inputs) are fixed: what depends on them
# only is hoisted into the bind segment ("# per point:", run once per parameter point,
# results in the bound slots b0, b1, ...), and the rest ("# per data value:") runs for each
# data value. The Normal tape below was checked line by line against the closed forms:
# logp = -(x - mu)^2/(2 sigma^2) - log(2 pi)/2 - log(sigma), d/dmu = (x - mu)/sigma^2,
# d/dsigma = (x - mu)^2/sigma^3 - 1/sigma, and the three Hessian entries; log(sigma),
# sigma^2, 1/sigma and the powers of sigma are per point, and d2/dmu dmu = -1/sigma^2,
# with no data in it, is written per data value from its bound slot.

### the Normal tape
$ fimc print --tape $MODELS/normal.fim
>>> stdout
# 3 inputs (2 fixed), 6 outputs, 24 instructions (3 for constants, 8 per point), 4 registers, 4 constants, 10 bound
input b0 = mu
input b1 = sigma
input r0 = x
const c0 = pi
c1 = mul_ui c0, 2
c2 = log c1
c3 = div_ui c2, 2
# per point:
b2 = sqr b1
b3 = mul_ui b2, 2
b4 = log b1
b5 = si_div 1, b1
b6 = pow_si b1, 3
b7 = si_div -1, b2
b8 = pow_si b1, -2
b9 = pow_si b1, 4
# per data value:
output d2/dmu dmu logp = b7
r0 = sub r0, b0
r1 = sqr r0
r2 = div r1, b3
r3 = sum -r2, -c3, -b4
output logp = r3
r3 = div r0, b2
output d/dmu logp = r3
r3 = div r1, b6
r3 = sub r3, b5
output d/dsigma logp = r3
r0 = neg r0
r0 = mul_ui r0, 2
r0 = div r0, b6
output d2/dmu dsigma logp = r0
r1 = mul_ui r1, 3
r1 = div r1, b9
r1 = sub b8, r1
output d2/dsigma dsigma logp = r1

### a tape reuses registers: the Gamma tape needs fewer registers than instructions
$ fimc print --tape $MODELS/gamma.fim | head -1
>>> stdout
# 3 inputs (2 fixed), 6 outputs, 18 instructions (0 for constants, 12 per point), 5 registers, 1 constant, 11 bound

### the Gamma tape: log(rate), lgamma(shape) and digamma/trigamma(shape) are per point; only log(x) is left per data value
$ fimc print --tape $MODELS/gamma.fim | sed -n '/^# per data value:/,$p' | grep -E ' = (log|lgamma|polygamma) '
>>> stdout
r2 = log r0

### a model's input is fixed with the parameters, listed after them and before the data
<<< stdin
param beta in R
input u = {1, 2, 3}
data y in R
y ~ normal(beta*u, 1)
$ fimc print --tape -
>>> stdout
# 3 inputs (2 fixed), 3 outputs, 11 instructions (3 for constants, 3 per point), 3 registers, 4 constants, 4 bound
input b0 = beta
input b1 = u
input r0 = y
const c0 = pi
c1 = mul_ui c0, 2
c2 = log c1
c3 = div_ui c2, 2
# per point:
b2 = mul b1, b0
r0 = sqr b1
b3 = neg r0
# per data value:
output d2/dbeta dbeta logp = b3
r0 = sub r0, b2
r1 = sqr r0
r1 = div_ui r1, 2
r2 = sum -r1, -c3
output logp = r2
r0 = mul r0, b1
output d/dbeta logp = r0

### a model with consts (the Binomial, n = 10): they enter the tape as their values (it refused: "an expression with an unbound symbol")
$ fimc print --tape $MODELS/binomial.fim
>>> stdout
# 2 inputs (1 fixed), 3 outputs, 16 instructions (0 for constants, 5 per point), 6 registers, 2 constants, 6 bound
input b0 = theta
input r0 = x
const c0 = 10
const c1 = 1
# per point:
b1 = log b0
b2 = sub c1, b0
b3 = log b2
b4 = sqr b0
b5 = sqr b2
# per data value:
r1 = mul b1, r0
r2 = sub c0, r0
r3 = mul b3, r2
r4 = lchoose c0, r0
r5 = sum r1, r3, r4
output logp = r5
r5 = div r0, b0
r4 = div r2, b2
r4 = sub r5, r4
output d/dtheta logp = r4
r0 = div r0, b4
r2 = div r2, b5
r4 = sum -r0, -r2
output d2/dtheta dtheta logp = r4

### ... and -D changes them
$ fimc print --tape -D n=3 $MODELS/binomial.fim | grep "const c0"
>>> stdout
const c0 = 3
