# fimc print --tape: logp, score and Hessian lowered together to straight-line code with
# registers reused. The Normal tape below was checked line by line against the closed
# forms: logp = -(x - mu)^2/(2 sigma^2) - log(2 pi)/2 - log(sigma), d/dmu = (x - mu)/sigma^2,
# d/dsigma = (x - mu)^2/sigma^3 - 1/sigma, and the three Hessian entries.

### the Normal tape
$ fimc print --tape $MODELS/normal.fim
>>> stdout
# 3 inputs, 6 outputs, 24 instructions (3 for constants), 7 registers, 4 constants
input r0 = mu
input r1 = sigma
input r2 = x
const c0 = pi
c1 = mul_ui c0, 2
c2 = log c1
c3 = div_ui c2, 2
r3 = sqr r1
r0 = sub r2, r0
r2 = sqr r0
r4 = mul_ui r3, 2
r4 = div r2, r4
r5 = log r1
r6 = sum -r4, -c3, -r5
output logp = r6
r6 = div r0, r3
output d/dmu logp = r6
r6 = si_div 1, r1
r5 = pow_si r1, 3
r4 = div r2, r5
r6 = sub r4, r6
output d/dsigma logp = r6
r3 = si_div -1, r3
output d2/dmu dmu logp = r3
r0 = neg r0
r0 = mul_ui r0, 2
r5 = div r0, r5
output d2/dmu dsigma logp = r5
r5 = pow_si r1, -2
r1 = pow_si r1, 4
r2 = mul_ui r2, 3
r1 = div r2, r1
r1 = sub r5, r1
output d2/dsigma dsigma logp = r1

### a tape reuses registers: the Gamma tape needs fewer registers than instructions
$ fimc print --tape $MODELS/gamma.fim | head -1
>>> stdout
# 3 inputs, 6 outputs, 18 instructions (0 for constants), 10 registers, 1 constant
