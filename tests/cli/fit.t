### the Normal from 10 rows: the MLE is the sample mean and the root mean squared deviation, the standard errors sigma/sqrt(n) and sigma/sqrt(2n)
# python3 mpmath, mp.dps = 30: mean 0.95, sqrt(sum((x - mean)^2)/n) = 1.30633073913155698963564416227,
# /sqrt(10) = 0.413098051314696956656624150317, /sqrt(20) = 0.292104433379570601819531712198
<<< file nd.csv
x
1.2
0.3
-0.7
2.5
1.1
0.9
3.2
-1.4
0.6
1.8
$ fimc fit --data nd.csv $MODELS/normal.fim
>>> stdout
MLE from 10 rows of nd.csv (Fisher scoring, 7 iterations):
  mu = 0.95000000000000000000  (se 0.41309805131469695666)
  sigma = 1.3063307391315569896  (se 0.29210443337957060182)
(estimate to 20 digits, standard errors to 20, from the total information)

### ... by Newton, in JSON (the LANGUAGE.md keys)
<<< file nd.csv
x
1.2
0.3
-0.7
2.5
1.1
0.9
3.2
-1.4
0.6
1.8
$ fimc fit --data nd.csv --method newton --format json $MODELS/normal.fim
>>> stdout
{"model": "normal", "params": ["mu", "sigma"], "method": "newton", "estimate": {"mu": "0.95000000000000000000", "sigma": "1.3063307391315569896"}, "se": {"mu": "0.41309805131469695666", "sigma": "0.29210443337957060182"}, "iterations": 9, "converged": true, "rows": 10, "digits": 20}

### ... by gradient ascent with --lr 1/2: linear convergence stops one digit short, which is said (exit 3), and the standard errors carry the estimate's digits only
<<< file nd.csv
x
1.2
0.3
-0.7
2.5
1.1
0.9
3.2
-1.4
0.6
1.8
$ fimc fit --data nd.csv --method gd --lr 1/2 $MODELS/normal.fim
>>> stdout
MLE from 10 rows of nd.csv (gradient ascent, 126 iterations):
  mu = 0.9500000000000000000  (se 0.4130980513146969567)
  sigma = 1.306330739131556990  (se 0.2921044333795706018)
(estimate to 19 digits, standard errors to 19, from the total information)
>>> stderr
fimc: error: normal: only 19 of the 20 digits asked for could be verified
>>> exit 3

### a logistic regression from 40 rows of (u, y): the inputs come from the same CSV; against an independent Newton iteration in mpmath
# python3 mpmath, mp.dps = 40, Newton on sum y*eta - log(1 + exp(eta)) over tests/data/logit_fit.csv:
# a = 0.1608359539020579313085..., b = 1.298065526697828761072..., se 0.3912257137309189956017...,
# 0.4072831007852379641945...
$ fimc fit --data $MODELS/../tests/data/logit_fit.csv $MODELS/../tests/data/logit.fim | sed 's|[^ ]*logit_fit.csv|logit_fit.csv|'
>>> stdout
MLE from 40 rows of logit_fit.csv (Fisher scoring, 7 iterations):
  a = 0.16083595390205793131  (se 0.39122571373091899560)
  b = 1.2980655266978287611  (se 0.40728310078523796419)
(estimate to 20 digits, standard errors to 20, from the total information)

### a Cauchy written as logp (no closed form): scoring with the numeric information at each step; the MLE against mpmath's root of the score equations (0.411755291803293541715780662327, 0.913445824886806793536207556947); se = scale*sqrt(2/n)
<<< file c.fim
model c "Cauchy(loc, scale)"
param loc in R
param scale in (0, inf)
data x in R
logp = -log(pi) - log(scale) - log(1 + ((x - loc)/scale)^2)
<<< file cd.csv
x
0.3
-1.2
2.5
0.9
-0.4
11
1.6
0.1
$ fimc fit --data cd.csv --method newton c.fim
>>> stdout
MLE from 8 rows of cd.csv (Newton, 8 iterations):
  loc = 0.41175529180329354172  (se 0.45672291244340339677)
  scale = 0.91344582488680679354  (se 0.45672291244340339677)
(estimate to 20 digits, standard errors to 20, from the total information)

### the Poisson: lambda-hat = mean = 31/8, se sqrt(lambda/n) = 0.695970545353752740264... (mpmath); a count outside the support names its row
<<< file pd.csv
x
3
1
4
1
5
9
2
6
<<< file neg.csv
x
1
-2
$ fimc fit --data pd.csv $MODELS/poisson.fim; fimc fit --data neg.csv $MODELS/poisson.fim; echo "exit $?"
>>> stdout
MLE from 8 rows of pd.csv (Fisher scoring, 2 iterations):
  lambda = 3.8750000000000000000  (se 0.69597054535375274026)
(estimate to 20 digits, standard errors to 20, from the total information)
exit 3
>>> stderr
fimc: error: poisson: logp, its score or its Hessian cannot be evaluated at the start on row 2 of neg.csv (a value outside the support, or a start where the density is not defined: give one with --at)

### usage: --data is required, --method is checked, every data variable needs a column
<<< file bad.csv
y
1
$ fimc fit $MODELS/normal.fim; echo "exit $?"; fimc fit --data bad.csv --method bogus $MODELS/normal.fim; echo "exit $?"; fimc fit --data bad.csv $MODELS/normal.fim; echo "exit $?"
>>> stdout
exit 2
exit 2
exit 2
>>> stderr
fimc: error: fit: --data FILE.csv (the observed rows) is required
fimc: error: --method expects ngd, scoring, newton or gd, not 'bogus'
bad.csv:1:1: warning: column 'y' is not a data variable or an input of the model; ignored
y
^
bad.csv:1:1: error: no column for the data variable 'x' (the header names one column for each data variable and input)
y
^
