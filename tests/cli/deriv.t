# fimc score and fimc hessian: exact derivatives, simplified, in text, JSON and LaTeX.
# Expected forms are the textbook ones (e.g. Casella & Berger, Statistical Inference, 7.3).

### the Binomial score is x/theta - (n - x)/(1 - theta)
$ fimc score $MODELS/binomial.fim
>>> stdout
d/dtheta logp = x/theta - (n - x)/(1 - theta)

### the Binomial Hessian
$ fimc hessian $MODELS/binomial.fim
>>> stdout
d2/dtheta^2 logp = -x/theta^2 - (n - x)/(1 - theta)^2

### the Normal score
$ fimc score $MODELS/normal.fim
>>> stdout
d/dmu logp = (x - mu)/sigma^2
d/dsigma logp = (x - mu)^2/sigma^3 - 1/sigma

### the Normal Hessian is the textbook 2x2 (upper triangle)
$ fimc hessian $MODELS/normal.fim
>>> stdout
d2/dmu^2 logp = -1/sigma^2
d2/dmu dsigma logp = 2*(mu - x)/sigma^3
d2/dsigma^2 logp = 1/sigma^2 - 3*(x - mu)^2/sigma^4

### the Normal Hessian in LaTeX
$ fimc hessian --format latex $MODELS/normal.fim
>>> stdout
\begin{pmatrix}
-\frac{1}{\sigma^{2}} & \frac{2 \left(\mu - x\right)}{\sigma^{3}} \\
\frac{2 \left(\mu - x\right)}{\sigma^{3}} & \frac{1}{\sigma^{2}} - \frac{3 \left(x - \mu\right)^{2}}{\sigma^{4}}
\end{pmatrix}

### the Binomial score in LaTeX
$ fimc score --format latex $MODELS/binomial.fim
>>> stdout
\begin{aligned}
\frac{\partial \log p}{\partial \theta} &= \frac{x}{\theta} - \frac{n - x}{1 - \theta}
\end{aligned}

### the Gamma Hessian has trigamma and is exact
$ fimc hessian --format json $MODELS/gamma.fim
>>> stdout
{"model": "gamma", "params": ["shape", "rate"], "hessian": [["-trigamma(shape)", "1/rate"], ["1/rate", "-shape/rate^2"]]}

### the Gamma score in JSON
$ fimc score --format json $MODELS/gamma.fim
>>> stdout
{"model": "gamma", "params": ["shape", "rate"], "score": ["log(rate) + log(x) - digamma(shape)", "shape/rate - x"]}

### the Poisson score and Hessian
$ fimc score $MODELS/poisson.fim && fimc hessian $MODELS/poisson.fim
>>> stdout
d/dlambda logp = x/lambda - 1
d2/dlambda^2 logp = -x/lambda^2

### a simplification: sums over a common denominator when that is shorter
<<< file s.fim
param theta in (0, 1)
data x in {0, 1}
logp = x*log(theta/(1 - theta)) + log(1 - theta)
$ fimc score s.fim
>>> stdout
d/dtheta logp = (x - theta)/(theta*(1 - theta))

### laplace: a warning that the derivatives do not exist everywhere (the model's, every command)
<<< file lap.fim
param mu in R
param b in (0, inf)
data x in R
x ~ laplace(mu, b)
$ fimc hessian lap.fim
>>> stdout
d2/dmu^2 logp = 0
d2/dmu db logp = -sign(x - mu)/b^2
d2/db^2 logp = (b - 2*abs(x - mu))/b^3
>>> stderr
lap.fim:4:5: warning: 'abs' is not differentiable everywhere: the score and Hessian hold only away from its kink, and the two forms of the FIM (E[s s^T] and -E[H]) may differ
x ~ laplace(mu, b)
    ^

### abs written out: the warning points at the call
<<< file abs.fim
param mu in R
data x in R
logp = -abs(x - mu) - log(2)
$ fimc score abs.fim
>>> stdout
d/dmu logp = sign(x - mu)
>>> stderr
abs.fim:3:9: warning: 'abs' is not differentiable everywhere: the score and Hessian hold only away from its kink, and the two forms of the FIM (E[s s^T] and -E[H]) may differ
logp = -abs(x - mu) - log(2)
        ^

### a vector parameter and a categorical model: delta in the score
<<< file cat.fim
param w[2] in R
data k in {1..3}
k ~ categorical_logit(w)
$ fimc score cat.fim
>>> stdout
d/dw[1] logp = delta(k, 1) - exp(w[1])/(1 + exp(w[1]) + exp(w[2]))
d/dw[2] logp = delta(k, 2) - exp(w[2])/(1 + exp(w[1]) + exp(w[2]))

### a model error stops score with exit 2
<<< file bad.fim
param mu in R
data x in R
logp = -(x - nu)^2/2
$ fimc score bad.fim
>>> stderr
bad.fim:3:14: error: 'nu' is not declared
logp = -(x - nu)^2/2
             ^
>>> exit 2
