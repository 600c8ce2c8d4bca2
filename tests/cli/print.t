# fimc print: canonical text, --expand, JSON.

### the Binomial of the notes prints in canonical form
$ fimc print $MODELS/binomial.fim
>>> stdout
model binomial "Binomial(n, theta)"
const n = 10
param theta in (0, 1)
data x in {0..n}
logp = x*log(theta) + (n - x)*log(1 - theta) + lchoose(n, x)
reparam odds(phi in (0, inf)) { theta = phi/(1 + phi) }
check fim == n/(theta*(1 - theta))
check jeffreys ~ 1/(sqrt(theta)*sqrt(1 - theta))
check odds.fim == n/(phi*(1 + phi)^2)
check odds.jeffreys ~ 1/(sqrt(phi)*(1 + phi))
check E[x] == n*theta

### --expand writes out the normal density
$ fimc print --expand $MODELS/normal.fim
>>> stdout
model normal "Normal(mu, sigma)"
param mu in R
param sigma in (0, inf)
data x in R
logp = -(x - mu)^2/(2*sigma^2) - log(2*pi)/2 - log(sigma)
reparam logsd(tau in R) { sigma = exp(tau) }
check fim == [[1/sigma^2, 0], [0, 2/sigma^2]]
check jeffreys ~ 1/sigma^2
check logsd.fim == [[exp(-2*tau), 0], [0, 2]]
check E[x] == mu
check Var[x] == sigma^2
check expfam
