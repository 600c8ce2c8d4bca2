# fimc print on malformed models: every error is FILE:LINE:COL: error: message, the source
# line and a caret under the column (LANGUAGE.md §4); stdout stays empty and the exit
# status is 2. Expected messages were judged by hand, not copied from fimc's output.

# ---------------------------------------------------------------- supports and domains

### a support that depends on a parameter fails the regularity conditions
<<< file uniform.fim
param theta in (0, inf)
data x in (0, theta)
logp = -log(theta)
$ fimc print uniform.fim
>>> stderr
uniform.fim:2:15: error: the support of 'x' depends on the parameter 'theta': the regularity conditions of the Fisher information fail when the support depends on a parameter
data x in (0, theta)
              ^
>>> exit 2

### a parameter as the bound of an integer range is the same regularity error
<<< file range.fim
param n in (0, inf)
data x in {0..n}
logp = -n
$ fimc print range.fim
>>> stderr
range.fim:2:15: error: the support of 'x' depends on the parameter 'n': the regularity conditions of the Fisher information fail when the support depends on a parameter
data x in {0..n}
              ^
>>> exit 2

### a data variable in a parameter's domain
<<< file domdata.fim
data x in R
param mu in (x, inf)
logp = -(x - mu)^2/2
$ fimc print domdata.fim
>>> stderr
domdata.fim:2:14: error: the domain of 'mu' must be a constant expression; 'x' is a data variable
param mu in (x, inf)
             ^
>>> exit 2

### a closed parameter domain: the FIM lives on an open set
<<< file closed.fim
param p in [0, 1]
data x in {0, 1}
logp = x*log(p) + (1 - x)*log(1 - p)
$ fimc print closed.fim
>>> stderr
closed.fim:1:12: error: the domain of parameter 'p' must be open: use ( and ) (the Fisher information is defined on an open set)
param p in [0, 1]
           ^
>>> exit 2

### an empty interval
<<< file empty.fim
param p in (1, 0)
data x in {0, 1}
logp = x*log(p) + (1 - x)*log(1 - p)
$ fimc print empty.fim
>>> stderr
empty.fim:1:12: error: the interval is empty: its lower bound is not below its upper bound
param p in (1, 0)
           ^
>>> exit 2

### 'inf' as a closed bound: the caret is under the infinite bound, not the other end
<<< file infclosed.fim
param lam in (0, inf)
data x in [0, inf]
logp = log(lam) - lam*x
$ fimc print infclosed.fim
>>> stderr
infclosed.fim:2:15: error: an infinite bound must be open: write '(' or ')' beside it
data x in [0, inf]
              ^
>>> exit 2

### a finite set as a parameter's domain
<<< file setdom.fim
param k in {1, 2, 3}
data x in R
logp = -(x - k)^2/2
$ fimc print setdom.fim
>>> stderr
setdom.fim:1:12: error: the domain of parameter 'k' must be R or an open interval, not a finite set
param k in {1, 2, 3}
           ^
>>> exit 2

### an unknown domain word
<<< file domword.fim
param mu in positive
data x in R
logp = -(x - mu)^2/2
$ fimc print domword.fim
>>> stderr
domword.fim:1:13: error: unknown domain 'positive': expected R, real, an interval such as (0, inf) or a set such as {0..n}
param mu in positive
            ^
>>> exit 2

### bad bounds: 'inf' below, an empty range, a repeated element, '-inf' above
<<< file bounds.fim
param mu in (inf, 0)
data x in {5..1}
data y in {0, 1, 0}
param s in (-inf, -inf)
logp = -(x - mu)^2/2
$ fimc print bounds.fim
>>> stderr
bounds.fim:1:14: error: the lower bound cannot be 'inf'; did you mean '-inf'?
param mu in (inf, 0)
             ^
bounds.fim:2:11: error: the range is empty: its lower bound is above its upper bound
data x in {5..1}
          ^
bounds.fim:3:18: error: this element is listed twice
data y in {0, 1, 0}
                 ^
bounds.fim:4:19: error: the upper bound cannot be '-inf'
param s in (-inf, -inf)
                  ^
>>> exit 2

# ---------------------------------------------------------------- names

### an undeclared name
<<< file undeclared.fim
param mu in R
data x in R
logp = -(x - nu)^2/2
$ fimc print undeclared.fim
>>> stderr
undeclared.fim:3:14: error: 'nu' is not declared
logp = -(x - nu)^2/2
             ^
>>> exit 2

### a name used before its declaration
<<< file order.fim
param mu in R
logp = -(x - mu)^2/2
data x in R
$ fimc print order.fim
>>> stderr
order.fim:2:10: error: 'x' is used before its declaration on line 3
logp = -(x - mu)^2/2
         ^
>>> exit 2

### a duplicate declaration, with a note at the first
<<< file dup.fim
param mu in R
data x in R
param mu in (0, 1)
logp = -(x - mu)^2/2
$ fimc print dup.fim
>>> stderr
dup.fim:3:7: error: 'mu' is already declared
param mu in (0, 1)
      ^
dup.fim:1:7: note: 'mu' was declared here as a parameter
param mu in R
      ^
>>> exit 2

### a function name cannot be declared (and its later use is not a second error)
<<< file fnparam.fim
param exp in R
data x in R
logp = -(x - exp)^2/2
$ fimc print fnparam.fim
>>> stderr
fnparam.fim:1:7: error: 'exp' is the name of a built-in function and cannot be declared
param exp in R
      ^
>>> exit 2

### pi is a built-in constant
<<< file pi.fim
const pi = 3.14
param mu in R
data x in R
logp = -(x - mu)^2/2 - log(2*pi)/2
$ fimc print pi.fim
>>> stderr
pi.fim:1:7: error: 'pi' is a built-in constant and cannot be declared
const pi = 3.14
      ^
>>> exit 2

### a function used as a name
<<< file fnname.fim
param mu in R
data x in R
logp = -(x - mu)^2/2 - log
$ fimc print fnname.fim
>>> stderr
fnname.fim:3:24: error: 'log' is a function: call it as log(...)
logp = -(x - mu)^2/2 - log
                       ^
>>> exit 2

### the model named twice, with a note
<<< file twonames.fim
model a
model b
param mu in R
data x in R
logp = -(x - mu)^2/2
$ fimc print twonames.fim
>>> stderr
twonames.fim:2:1: error: the model is named twice
model b
^
twonames.fim:1:1: note: the first 'model' statement is here
model a
^
>>> exit 2

# ---------------------------------------------------------------- the log-density

### no logp and no ~
<<< file nologp.fim
param mu in R
data x in R
$ fimc print nologp.fim
>>> stderr
nologp.fim:1:1: error: the model has no log-density: add 'logp = ...' or a statement such as 'x ~ normal(mu, sigma)'
param mu in R
^
>>> exit 2

### two logp, with a note at the first
<<< file twologp.fim
param mu in R
data x in R
logp = -(x - mu)^2/2
logp = -(x - mu)^2/2 - log(2*pi)/2
$ fimc print twologp.fim
>>> stderr
twologp.fim:4:1: error: the model has a second 'logp'; a model has exactly one
logp = -(x - mu)^2/2 - log(2*pi)/2
^
twologp.fim:3:1: note: the first 'logp' is here
logp = -(x - mu)^2/2
^
>>> exit 2

### logp after a ~ statement
<<< file mix1.fim
param mu in R
data x in R
data y in R
y ~ normal(mu, 1)
logp = -(x - mu)^2/2
$ fimc print mix1.fim
>>> stderr
mix1.fim:5:1: error: 'logp' cannot be combined with '~' statements: give the density either as one 'logp' or as '~' statements
logp = -(x - mu)^2/2
^
>>> exit 2

### a ~ statement after logp
<<< file mix2.fim
param mu in R
data x in R
data y in R
logp = -(x - mu)^2/2
y ~ normal(mu, 1)
$ fimc print mix2.fim
>>> stderr
mix2.fim:5:3: error: '~' statements cannot be combined with 'logp': give the density either as one 'logp' or as '~' statements
y ~ normal(mu, 1)
  ^
>>> exit 2

### a model with no parameters
<<< file noparam.fim
data x in R
logp = -x^2/2 - log(2*pi)/2
$ fimc print noparam.fim
>>> stderr
noparam.fim:1:1: error: the model has no parameters: declare one with 'param NAME in DOMAIN'
data x in R
^
>>> exit 2

### a model with no data
<<< file nodata.fim
param mu in R
logp = -mu^2/2
$ fimc print nodata.fim
>>> stderr
nodata.fim:1:1: error: the model has no data variable: declare one with 'data NAME in SUPPORT'
param mu in R
^
>>> exit 2

### a log-density that does not depend on its parameter
<<< file noparamuse.fim
param mu in R
data x in R
logp = -x^2/2
$ fimc print noparamuse.fim
>>> stderr
noparamuse.fim:3:1: error: the log-density does not depend on any parameter
logp = -x^2/2
^
>>> exit 2

# ---------------------------------------------------------------- functions

### an unknown function
<<< file unkfn.fim
param mu in R
data x in R
logp = -(x - mu)^2/2 - logg(2*pi)/2
$ fimc print unkfn.fim
>>> stderr
unkfn.fim:3:24: error: unknown function 'logg'
logp = -(x - mu)^2/2 - logg(2*pi)/2
                       ^
>>> exit 2

### lbeta with one argument
<<< file lbeta.fim
param a in (0, inf)
data x in (0, 1)
logp = (a - 1)*log(x) - lbeta(a)
$ fimc print lbeta.fim
>>> stderr
lbeta.fim:3:25: error: 'lbeta' takes 2 arguments, not 1
logp = (a - 1)*log(x) - lbeta(a)
                        ^
>>> exit 2

### exp with two arguments
<<< file exp2.fim
param lam in (0, inf)
data x in (0, inf)
logp = log(lam) - exp(lam, x)
$ fimc print exp2.fim
>>> stderr
exp2.fim:3:19: error: 'exp' takes 1 argument, not 2
logp = log(lam) - exp(lam, x)
                  ^
>>> exit 2

### a distribution called as a function
<<< file distfn.fim
param mu in R
data x in R
logp = normal(x, mu)
$ fimc print distfn.fim
>>> stderr
distfn.fim:3:8: error: 'normal' is a distribution, not a function: write 'x ~ normal(...)' as a statement
logp = normal(x, mu)
       ^
>>> exit 2

### polygamma's order must be a non-negative integer: the caret is under the argument
<<< file polygamma.fim
param mu in (0, inf)
data x in R
logp = -(x - mu)^2/2 + polygamma(1/2, mu)
$ fimc print polygamma.fim
>>> stderr
polygamma.fim:3:34: error: the order of polygamma must be a non-negative integer constant
logp = -(x - mu)^2/2 + polygamma(1/2, mu)
                                 ^
>>> exit 2

# ---------------------------------------------------------------- distributions

### an unknown distribution
<<< file unkdist.fim
param mu in R
data x in R
x ~ gaussian(mu, 1)
$ fimc print unkdist.fim
>>> stderr
unkdist.fim:3:5: error: unknown distribution 'gaussian'
x ~ gaussian(mu, 1)
    ^
>>> exit 2

### a distribution with too few arguments
<<< file darity.fim
param mu in R
data x in R
x ~ normal(mu)
$ fimc print darity.fim
>>> stderr
darity.fim:3:5: error: 'normal' takes 2 arguments (mu, sigma), not 1
x ~ normal(mu)
    ^
>>> exit 2

### normal on an integer range
<<< file normint.fim
param mu in R
data x in {0..5}
x ~ normal(mu, 1)
$ fimc print normint.fim
>>> stderr
normint.fim:3:3: error: 'x' is declared with support {0..5}, but normal needs the support R
x ~ normal(mu, 1)
  ^
>>> exit 2

### poisson on the real line
<<< file poisreal.fim
param lam in (0, inf)
data x in R
x ~ poisson(lam)
$ fimc print poisreal.fim
>>> stderr
poisreal.fim:3:3: error: 'x' is declared with support R, but poisson needs the support {0..inf}
x ~ poisson(lam)
  ^
>>> exit 2

### binomial with a number of trials that does not match the support
<<< file binn.fim
const n = 10
param p in (0, 1)
data x in {0..n}
x ~ binomial(12, p)
$ fimc print binn.fim
>>> stderr
binn.fim:4:3: error: 'x' is declared with support {0..n}, but binomial needs the support {0..12}
x ~ binomial(12, p)
  ^
>>> exit 2

### binomial's n must be a constant
<<< file binparam.fim
param n in (0, inf)
param p in (0, 1)
data x in {0..10}
x ~ binomial(n, p)
$ fimc print binparam.fim
>>> stderr
binparam.fim:4:14: error: the number of trials of binomial must be a non-negative integer constant
x ~ binomial(n, p)
             ^
>>> exit 2

### ~ on a parameter (a prior is not part of the model)
<<< file tildeparam.fim
param mu in R
data x in R
x ~ normal(mu, 1)
mu ~ normal(0, 1)
$ fimc print tildeparam.fim
>>> stderr
tildeparam.fim:4:1: error: 'mu' is a parameter: only a data variable can have a distribution (~)
mu ~ normal(0, 1)
^
>>> exit 2

### a data variable with two distributions
<<< file twotilde.fim
param mu in R
data x in R
x ~ normal(mu, 1)
x ~ cauchy(mu, 1)
$ fimc print twotilde.fim
>>> stderr
twotilde.fim:4:3: error: 'x' already has a distribution (line 3)
x ~ cauchy(mu, 1)
  ^
>>> exit 2

### a data variable left without a distribution in a ~ model
<<< file nodist.fim
param mu in R
data x in R
data y in R
x ~ normal(mu, 1)
$ fimc print nodist.fim
>>> stderr
nodist.fim:3:6: error: the data variable 'y' has no distribution: add 'y ~ ...'
data y in R
     ^
>>> exit 2

### ~ on an undeclared name
<<< file tildeundecl.fim
param mu in R
data x in R
y ~ normal(mu, 1)
$ fimc print tildeundecl.fim
>>> stderr
tildeundecl.fim:3:1: error: 'y' is not declared; declare it with 'data y in ...'
y ~ normal(mu, 1)
^
>>> exit 2

### categorical_logit needs a parameter vector
<<< file catscalar.fim
param w in R
data k in {1..3}
k ~ categorical_logit(w)
$ fimc print catscalar.fim
>>> stderr
catscalar.fim:3:23: error: categorical_logit takes a parameter vector (w in 'param w[K] in R')
k ~ categorical_logit(w)
                      ^
>>> exit 2

# ---------------------------------------------------------------- vectors and indices

### a constant index out of range
<<< file idxconst.fim
param w[2] in R
data x in R
logp = -(x - w[3])^2/2 - log(w[2])
$ fimc print idxconst.fim
>>> stderr
idxconst.fim:3:16: error: index 3 is out of range for 'w' (1..2)
logp = -(x - w[3])^2/2 - log(w[2])
               ^
>>> exit 2

### an index out of range through the bounds of a sum
<<< file idxsum.fim
param w[3] in R
data x in R
logp = -(x - sum(i in 1..4, w[i]))^2/2
$ fimc print idxsum.fim
>>> stderr
idxsum.fim:3:31: error: index 4 is out of range for 'w' (1..3)
logp = -(x - sum(i in 1..4, w[i]))^2/2
                              ^
>>> exit 2

### indexing a scalar
<<< file idxscalar.fim
param mu in R
data x in R
logp = -(x - mu[1])^2/2
$ fimc print idxscalar.fim
>>> stderr
idxscalar.fim:3:14: error: 'mu' is not a vector and cannot be indexed
logp = -(x - mu[1])^2/2
             ^
>>> exit 2

### a vector used without an index
<<< file noindex.fim
param w[2] in R
data x in R
logp = -(x - w)^2/2
$ fimc print noindex.fim
>>> stderr
noindex.fim:3:14: error: 'w' is a vector of 2 elements: index it, as in w[1]
logp = -(x - w)^2/2
             ^
>>> exit 2

### a non-integer index
<<< file idxfrac.fim
param w[2] in R
data x in R
logp = -(x - w[1.5])^2/2
$ fimc print idxfrac.fim
>>> stderr
idxfrac.fim:3:16: error: the index of 'w' must be an integer
logp = -(x - w[1.5])^2/2
               ^
>>> exit 2

### a continuous data variable as an index
<<< file idxcont.fim
param w[2] in R
data x in R
logp = -(x - w[x])^2/2
$ fimc print idxcont.fim
>>> stderr
idxcont.fim:3:16: error: 'x' indexes 'w' but its support is not a set of integers
logp = -(x - w[x])^2/2
               ^
>>> exit 2

### a vector of size 0
<<< file size0.fim
param w[0] in R
data x in R
logp = -x^2/2
$ fimc print size0.fim
>>> stderr
size0.fim:1:9: error: the size of 'w' must be at least 1, not 0
param w[0] in R
        ^
>>> exit 2

# ---------------------------------------------------------------- consts and sums

### division by zero in a const
<<< file div0.fim
const n = 10/(5 - 5)
param mu in R
data x in R
logp = -(x - mu)^2/2
$ fimc print div0.fim
>>> stderr
div0.fim:1:15: error: division by zero
const n = 10/(5 - 5)
              ^
>>> exit 2

### a const that depends on a parameter
<<< file constparam.fim
param mu in R
const c = 2*mu
data x in R
logp = -(x - c)^2/2
$ fimc print constparam.fim
>>> stderr
constparam.fim:2:13: error: the value of a const must be a constant expression; 'mu' is a parameter
const c = 2*mu
            ^
>>> exit 2

### a summation bound that depends on a parameter
<<< file sumbound.fim
param mu in R
data x in R
logp = -(x - sum(i in 1..mu, mu))^2/2
$ fimc print sumbound.fim
>>> stderr
sumbound.fim:3:26: error: a summation bound must be a constant expression; 'mu' is a parameter
logp = -(x - sum(i in 1..mu, mu))^2/2
                         ^
>>> exit 2

# ---------------------------------------------------------------- reparams

### a new parameter named like the one it replaces
<<< file rpsame.fim
param sigma in (0, inf)
data x in R
logp = -x^2/(2*sigma^2) - log(sigma)
reparam logsd(sigma in R) { sigma = exp(sigma) }
$ fimc print rpsame.fim
>>> stderr
rpsame.fim:4:15: error: 'sigma' is ambiguous in reparam 'logsd': the new parameter has the name of the parameter it replaces; choose another name
reparam logsd(sigma in R) { sigma = exp(sigma) }
              ^
>>> exit 2

### a new parameter named like a kept parameter
<<< file rpkept.fim
param mu in R
param sigma in (0, inf)
data x in R
logp = -(x - mu)^2/(2*sigma^2) - log(sigma)
reparam logsd(mu in R) { sigma = exp(mu) }
$ fimc print rpkept.fim
>>> stderr
rpkept.fim:5:15: error: 'mu' is ambiguous in reparam 'logsd': the model's parameter 'mu' is kept by this reparam and would share the name
reparam logsd(mu in R) { sigma = exp(mu) }
              ^
>>> exit 2

### a new parameter named like a const
<<< file rpconst.fim
const c = 2
param sigma in (0, inf)
data x in R
logp = -x^2/(2*sigma^2) - log(sigma)
reparam logsd(c in R) { sigma = exp(c) }
$ fimc print rpconst.fim
>>> stderr
rpconst.fim:5:15: error: 'c' is ambiguous in reparam 'logsd': the model has a const of that name
reparam logsd(c in R) { sigma = exp(c) }
              ^
>>> exit 2

### a reparam assigning a data variable
<<< file rpdata.fim
param sigma in (0, inf)
data x in R
logp = -x^2/(2*sigma^2) - log(sigma)
reparam logsd(tau in R) { x = exp(tau) }
$ fimc print rpdata.fim
>>> stderr
rpdata.fim:4:27: error: 'x' is a data variable: a reparam can only give parameters new coordinates
reparam logsd(tau in R) { x = exp(tau) }
                          ^
>>> exit 2

### a parameter assigned twice
<<< file rptwice.fim
param sigma in (0, inf)
data x in R
logp = -x^2/(2*sigma^2) - log(sigma)
reparam logsd(tau in R) { sigma = exp(tau); sigma = exp(2*tau) }
$ fimc print rptwice.fim
>>> stderr
rptwice.fim:4:45: error: 'sigma' is assigned twice in reparam 'logsd'
reparam logsd(tau in R) { sigma = exp(tau); sigma = exp(2*tau) }
                                            ^
>>> exit 2

### more new parameters than replaced ones
<<< file rpcount.fim
param mu in R
param sigma in (0, inf)
data x in R
logp = -(x - mu)^2/(2*sigma^2) - log(sigma)
reparam logsd(tau in R, nu in R) { sigma = exp(tau) }
$ fimc print rpcount.fim
>>> stderr
rpcount.fim:5:9: error: reparam 'logsd' gives 2 new parameters for 1 replaced: a reparameterization must be one-to-one
reparam logsd(tau in R, nu in R) { sigma = exp(tau) }
        ^
>>> exit 2

### a new parameter no assignment uses
<<< file rpunused.fim
param mu in R
param sigma in (0, inf)
data x in R
logp = -(x - mu)^2/(2*sigma^2) - log(sigma)
reparam both(a in R, b in R) { mu = a; sigma = exp(a) }
$ fimc print rpunused.fim
>>> stderr
rpunused.fim:5:22: error: the new parameter 'b' of reparam 'both' is not used by any assignment
reparam both(a in R, b in R) { mu = a; sigma = exp(a) }
                     ^
>>> exit 2

### data in a reparam's right-hand side
<<< file rprhs.fim
param sigma in (0, inf)
data x in R
logp = -x^2/(2*sigma^2) - log(sigma)
reparam logsd(tau in R) { sigma = exp(tau) + x }
$ fimc print rprhs.fim
>>> stderr
rprhs.fim:4:46: error: a reparam expresses parameters through the new parameters and consts only; 'x' is a data variable
reparam logsd(tau in R) { sigma = exp(tau) + x }
                                             ^
>>> exit 2

# ---------------------------------------------------------------- claims

### an unknown claim word: the caret is under the word
<<< file claimword.fim
param mu in R
data x in R
logp = -(x - mu)^2/2
check fisher == 1
$ fimc print claimword.fim
>>> stderr
claimword.fim:4:7: error: unknown claim 'fisher': the claims are fim, jeffreys, score, hessian, expfam, E[...] and Var[...]
check fisher == 1
      ^
>>> exit 2

### NAME.fim with no such reparam: the caret is under the name
<<< file claimrp.fim
param mu in R
data x in R
logp = -(x - mu)^2/2
check shift.fim == 1
$ fimc print claimrp.fim
>>> stderr
claimrp.fim:4:7: error: no reparam named 'shift' is declared before this claim
check shift.fim == 1
      ^
>>> exit 2

### a fim claim with one row for two parameters
<<< file claimrows.fim
param mu in R
param sigma in (0, inf)
data x in R
logp = -(x - mu)^2/(2*sigma^2) - log(sigma)
check fim == [[1/sigma^2, 0]]
$ fimc print claimrows.fim
>>> stderr
claimrows.fim:5:14: error: the fim claim needs 2 rows, not 1
check fim == [[1/sigma^2, 0]]
             ^
>>> exit 2

### a fim claim with a short row
<<< file claimcols.fim
param mu in R
param sigma in (0, inf)
data x in R
logp = -(x - mu)^2/(2*sigma^2) - log(sigma)
check fim == [[1/sigma^2, 0], [0]]
$ fimc print claimcols.fim
>>> stderr
claimcols.fim:5:31: error: the fim claim needs 2 rows of 2 entries
check fim == [[1/sigma^2, 0], [0]]
                              ^
>>> exit 2

### a scalar fim claim for two parameters: the caret is at the start of the value
<<< file claimscalar.fim
param mu in R
param sigma in (0, inf)
data x in R
logp = -(x - mu)^2/(2*sigma^2) - log(sigma)
check fim == 1/sigma^2
$ fimc print claimscalar.fim
>>> stderr
claimscalar.fim:5:14: error: the fim claim needs a matrix [[...], ...] with 2 rows, not a single expression
check fim == 1/sigma^2
             ^
>>> exit 2

### check expfam takes no value
<<< file expfam1.fim
param mu in R
data x in R
logp = -(x - mu)^2/2
check expfam == 1
$ fimc print expfam1.fim
>>> stderr
expfam1.fim:4:7: error: an expfam claim takes no value: write 'check expfam'
check expfam == 1
      ^
>>> exit 2

### E[...] of an expression without data
<<< file enodata.fim
param mu in R
data x in R
logp = -(x - mu)^2/2
check E[mu] == mu
$ fimc print enodata.fim
>>> stderr
enodata.fim:4:9: error: E[...] needs an expression in the data
check E[mu] == mu
        ^
>>> exit 2

### data in a fim claim, and a jeffreys claim without a value
<<< file claimdata.fim
param mu in R
data x in R
logp = -(x - mu)^2/2
check fim == x
check jeffreys
$ fimc print claimdata.fim
>>> stderr
claimdata.fim:4:14: error: this claim may use parameters and consts only; 'x' is a data variable
check fim == x
             ^
claimdata.fim:5:7: error: a jeffreys claim is written 'jeffreys ~ EXPR' or 'jeffreys == EXPR'
check jeffreys
      ^
>>> exit 2

# ---------------------------------------------------------------- syntax

### a missing ')' in a domain is reported at the next token
<<< file noparen.fim
param mu in (0, inf
data x in R
logp = -(x - mu)^2/2
$ fimc print noparen.fim
>>> stderr
noparen.fim:2:1: error: syntax error: unexpected 'data', expected ']' or ')'
data x in R
^
>>> exit 2

### two operators in a row
<<< file plusstar.fim
param mu in R
data x in R
logp = -(x +* mu)^2/2
$ fimc print plusstar.fim
>>> stderr
plusstar.fim:3:13: error: syntax error: unexpected '*'
logp = -(x +* mu)^2/2
            ^
>>> exit 2

### an unterminated string
<<< file unterminated.fim
model normal "Normal(mu, 1)
param mu in R
data x in R
logp = -(x - mu)^2/2
$ fimc print unterminated.fim
>>> stderr
unterminated.fim:1:14: error: missing terminating '"' character
model normal "Normal(mu, 1)
             ^
>>> exit 2

### a stray '@'
<<< file at.fim
param mu in R
data x in R
logp = -(x - mu)^2/2 @
$ fimc print at.fim
>>> stderr
at.fim:3:22: error: unexpected character '@'
logp = -(x - mu)^2/2 @
                     ^
>>> exit 2

### a stray '$'
<<< file dollar.fim
param mu in R
data x in R
logp = -(x - $mu)^2/2
$ fimc print dollar.fim
>>> stderr
dollar.fim:3:14: error: unexpected character '$'
logp = -(x - $mu)^2/2
             ^
>>> exit 2

### columns count characters: θ and σ earlier on the line
<<< file utf8col.fim
model normal "Normal(θ, σ)"; param mu in [0, 1]
data x in R
logp = -(x - mu)^2/2
$ fimc print utf8col.fim
>>> stderr
utf8col.fim:1:42: error: the domain of parameter 'mu' must be open: use ( and ) (the Fisher information is defined on an open set)
model normal "Normal(θ, σ)"; param mu in [0, 1]
                                         ^
>>> exit 2

### a non-ASCII character, twice on one line
<<< file superscript.fim
param mu in R
data x in R
logp = -(x - mu)²/2 - (x - mu)²
$ fimc print superscript.fim
>>> stderr
superscript.fim:3:17: error: unexpected character '²'
logp = -(x - mu)²/2 - (x - mu)²
                ^
superscript.fim:3:31: error: unexpected character '²'
logp = -(x - mu)²/2 - (x - mu)²
                              ^
>>> exit 2

### a tab before the error is kept on the caret line
<<< file tab.fim
param mu in R
data x in R
logp =	-(x - nu)^2/2
$ fimc print tab.fim
>>> stderr
tab.fim:3:14: error: 'nu' is not declared
logp =	-(x - nu)^2/2
      	      ^
>>> exit 2

### three syntax errors in one run
<<< file syntax3.fim
param mu in (0, inf
data x in R
logp = -(x +* mu)^2/2
check fim == == 1
$ fimc print syntax3.fim
>>> stderr
syntax3.fim:2:1: error: syntax error: unexpected 'data', expected ']' or ')'
data x in R
^
syntax3.fim:3:13: error: syntax error: unexpected '*'
logp = -(x +* mu)^2/2
            ^
syntax3.fim:4:14: error: syntax error: unexpected '=='
check fim == == 1
             ^
>>> exit 2

### three independent semantic errors in one run
<<< file sema3.fim
param mu in R
data x in (0, mu)
logp = -(x - mu)^2/2 + foo(x)
check E[mu] == mu
$ fimc print sema3.fim
>>> stderr
sema3.fim:2:15: error: the support of 'x' depends on the parameter 'mu': the regularity conditions of the Fisher information fail when the support depends on a parameter
data x in (0, mu)
              ^
sema3.fim:3:24: error: unknown function 'foo'
logp = -(x - mu)^2/2 + foo(x)
                       ^
sema3.fim:4:9: error: E[...] needs an expression in the data
check E[mu] == mu
        ^
>>> exit 2

# ---------------------------------------------------------------- standard input

### an error in a model read from standard input is reported as <stdin>
<<< stdin
param mu in R
data x in R
logp = -(x - nu)^2/2
$ fimc print -
>>> stderr
<stdin>:3:14: error: 'nu' is not declared
logp = -(x - nu)^2/2
             ^
>>> exit 2

### a syntax error on standard input
<<< stdin
param mu in R
data x in R
logp = -(x - mu)^2/2 +
$ fimc print -
>>> stderr
<stdin>:3:23: error: syntax error: unexpected end of input
logp = -(x - mu)^2/2 +
                      ^
>>> exit 2

### the regularity error on standard input
<<< stdin
param theta in (0, inf)
data x in [0, theta]
logp = -log(theta)
$ fimc print -
>>> stderr
<stdin>:2:15: error: the support of 'x' depends on the parameter 'theta': the regularity conditions of the Fisher information fail when the support depends on a parameter
data x in [0, theta]
              ^
>>> exit 2
