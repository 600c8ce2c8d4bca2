# The fimc command line (LANGUAGE.md §4): help and version, commands, options and their
# values, operands in any order, '-' for standard input, -D, -o and --format.

### --help prints the usage and exits 0
$ fimc --help > help.txt; rc=$?; head -1 help.txt; exit $rc
>>> stdout
Usage: fimc COMMAND [OPTIONS] MODEL.fim

### -h is --help
$ fimc -h > help.txt; rc=$?; head -1 help.txt; exit $rc
>>> stdout
Usage: fimc COMMAND [OPTIONS] MODEL.fim

### --version
$ fimc --version
>>> stdout
fimc 0.1.0

### no command: an error, then the usage on stderr
$ fimc 2> err.txt; rc=$?; head -2 err.txt; exit $rc
>>> stdout
fimc: error: no command given
Usage: fimc COMMAND [OPTIONS] MODEL.fim
>>> exit 2

### an unknown command
<<< file m.fim
const n = 10
param theta in (0, 1)
data x in {0..n}
logp = lchoose(n, x) + x*log(theta) + (n - x)*log(1 - theta)
$ fimc frob m.fim
>>> stderr
fimc: error: unknown command 'frob' (see 'fimc --help')
>>> exit 2

### an unknown long option
<<< file m.fim
const n = 10
param theta in (0, 1)
data x in {0..n}
logp = lchoose(n, x) + x*log(theta) + (n - x)*log(1 - theta)
$ fimc print --frob m.fim
>>> stderr
fimc: error: unknown option '--frob' (see 'fimc --help')
>>> exit 2

### an unknown short option
<<< file m.fim
const n = 10
param theta in (0, 1)
data x in {0..n}
logp = lchoose(n, x) + x*log(theta) + (n - x)*log(1 - theta)
$ fimc print -x m.fim
>>> stderr
fimc: error: unknown option '-x' (see 'fimc --help')
>>> exit 2

### a value given to an option that takes none
<<< file m.fim
const n = 10
param theta in (0, 1)
data x in {0..n}
logp = lchoose(n, x) + x*log(theta) + (n - x)*log(1 - theta)
$ fimc print --expand=1 m.fim
>>> stderr
fimc: error: option '--expand' takes no value
>>> exit 2

### an option missing its value at the end of the line
<<< file m.fim
const n = 10
param theta in (0, 1)
data x in {0..n}
logp = lchoose(n, x) + x*log(theta) + (n - x)*log(1 - theta)
$ fimc print m.fim --at
>>> stderr
fimc: error: option '--at' needs a value
>>> exit 2

### -o missing its value
<<< file m.fim
const n = 10
param theta in (0, 1)
data x in {0..n}
logp = lchoose(n, x) + x*log(theta) + (n - x)*log(1 - theta)
$ fimc print m.fim -o
>>> stderr
fimc: error: option '-o' needs a value
>>> exit 2

### --format xml
<<< file m.fim
const n = 10
param theta in (0, 1)
data x in {0..n}
logp = lchoose(n, x) + x*log(theta) + (n - x)*log(1 - theta)
$ fimc print --format xml m.fim
>>> stderr
fimc: error: --format expects text, json or latex, not 'xml'
>>> exit 2

### --digits abc
<<< file m.fim
const n = 10
param theta in (0, 1)
data x in {0..n}
logp = lchoose(n, x) + x*log(theta) + (n - x)*log(1 - theta)
$ fimc print --digits abc m.fim
>>> stderr
fimc: error: --digits expects a whole number from 1 to 100000, not 'abc'
>>> exit 2

### --digits 0
<<< file m.fim
const n = 10
param theta in (0, 1)
data x in {0..n}
logp = lchoose(n, x) + x*log(theta) + (n - x)*log(1 - theta)
$ fimc print --digits 0 m.fim
>>> stderr
fimc: error: --digits expects a whole number from 1 to 100000, not '0'
>>> exit 2

### print with no model file
$ fimc print
>>> stderr
fimc: error: print: missing model file (usage: fimc print [--expand] [--format text|json] MODEL)
>>> exit 2

### a second operand
<<< file m.fim
const n = 10
param theta in (0, 1)
data x in {0..n}
logp = lchoose(n, x) + x*log(theta) + (n - x)*log(1 - theta)
$ fimc print m.fim extra.fim
>>> stderr
fimc: error: print: unexpected operand 'extra.fim' (usage: fimc print [--expand] [--format text|json] MODEL)
>>> exit 2

### a missing model file
$ fimc print nope.fim
>>> stderr
fimc: error: cannot read 'nope.fim': No such file or directory
>>> exit 2

### options after the operand (GNU style)
<<< file normal.fim
param mu in R
param sigma in (0, inf)
data x in R
x ~ normal(mu, sigma)
$ fimc print normal.fim --expand
>>> stdout
model normal
param mu in R
param sigma in (0, inf)
data x in R
logp = -(x - mu)^2/(2*sigma^2) - log(2*pi)/2 - log(sigma)

### '-' reads standard input; the default model name is stdin
<<< stdin
const n = 10
param theta in (0, 1)
data x in {0..n}
logp = lchoose(n, x) + x*log(theta) + (n - x)*log(1 - theta)
$ fimc print -
>>> stdout
model stdin
const n = 10
param theta in (0, 1)
data x in {0..n}
logp = x*log(theta) + (n - x)*log(1 - theta) + lchoose(n, x)

### the default model name is the file's stem
<<< file binom.fim
const n = 10
param theta in (0, 1)
data x in {0..n}
logp = lchoose(n, x) + x*log(theta) + (n - x)*log(1 - theta)
$ mkdir -p sub && mv binom.fim sub/ && "$FIMC" print sub/binom.fim
>>> stdout
model binom
const n = 10
param theta in (0, 1)
data x in {0..n}
logp = x*log(theta) + (n - x)*log(1 - theta) + lchoose(n, x)

### a default name from a stem that is not an identifier still prints a model that re-parses
<<< file my-model.v2.fim
const n = 10
param theta in (0, 1)
data x in {0..n}
logp = lchoose(n, x) + x*log(theta) + (n - x)*log(1 - theta)
$ fimc print my-model.v2.fim > again.fim && "$FIMC" print again.fim > /dev/null
>>> exit 0

### -D overrides a const
<<< file m.fim
const n = 10
param theta in (0, 1)
data x in {0..n}
logp = lchoose(n, x) + x*log(theta) + (n - x)*log(1 - theta)
$ fimc print -D n=20 m.fim
>>> stdout
model m
const n = 20
param theta in (0, 1)
data x in {0..n}
logp = x*log(theta) + (n - x)*log(1 - theta) + lchoose(n, x)

### -DNAME=VALUE, attached
<<< file m.fim
const n = 10
param theta in (0, 1)
data x in {0..n}
logp = lchoose(n, x) + x*log(theta) + (n - x)*log(1 - theta)
$ fimc print -Dn=20 m.fim
>>> stdout
model m
const n = 20
param theta in (0, 1)
data x in {0..n}
logp = x*log(theta) + (n - x)*log(1 - theta) + lchoose(n, x)

### -D with a vector const
<<< file v.fim
const a = {3, 4}
param mu in R
data x in R
logp = -(x - a[1]*mu)^2/2 - log(2*pi)/2
$ fimc print -D 'a={1,2}' v.fim
>>> stdout
model v
const a = {1, 2}
param mu in R
data x in R
logp = -(x - a[1]*mu)^2/2 - log(2*pi)/2

### -D for a const the model does not have
<<< file m.fim
const n = 10
param theta in (0, 1)
data x in {0..n}
logp = lchoose(n, x) + x*log(theta) + (n - x)*log(1 - theta)
$ fimc print -D m=1 m.fim
>>> stderr
fimc: error: -D m: the model has no const named 'm'
>>> exit 2

### -D with an empty value: a syntax error in <-D n>
<<< file m.fim
const n = 10
param theta in (0, 1)
data x in {0..n}
logp = lchoose(n, x) + x*log(theta) + (n - x)*log(1 - theta)
$ fimc print -D n= m.fim
>>> stderr
<-D n>:1:1: error: syntax error: unexpected end of input

^
>>> exit 2

### -D with a division by zero points into the -D value
<<< file m.fim
const n = 10
param theta in (0, 1)
data x in {0..n}
logp = lchoose(n, x) + x*log(theta) + (n - x)*log(1 - theta)
$ fimc print -D n=1/0 m.fim
>>> stderr
<-D n>:1:3: error: division by zero
1/0
  ^
>>> exit 2

### -D naming a parameter: the message is about the -D value, not a line of another file
<<< file m.fim
const n = 10
param theta in (0, 1)
data x in {0..n}
logp = lchoose(n, x) + x*log(theta) + (n - x)*log(1 - theta)
$ fimc print -D n=theta m.fim
>>> stderr
<-D n>:1:1: error: the value of a const must be a constant expression; 'theta' is a parameter
theta
^
>>> exit 2

### -D with a list for a scalar const
<<< file m.fim
const n = 10
param theta in (0, 1)
data x in {0..n}
logp = lchoose(n, x) + x*log(theta) + (n - x)*log(1 - theta)
$ fimc print -D 'n={1,2}' m.fim
>>> stderr
fimc: error: -D n: 'n' is a scalar const, and the value given is a list
>>> exit 2

### -D without '='
<<< file m.fim
const n = 10
param theta in (0, 1)
data x in {0..n}
logp = lchoose(n, x) + x*log(theta) + (n - x)*log(1 - theta)
$ fimc print -D n m.fim
>>> stderr
fimc: error: -D expects NAME=VALUE, not 'n'
>>> exit 2

### -o writes the output to a file
<<< file m.fim
const n = 10
param theta in (0, 1)
data x in {0..n}
logp = lchoose(n, x) + x*log(theta) + (n - x)*log(1 - theta)
$ fimc print -o out.txt m.fim && cat out.txt
>>> stdout
model m
const n = 10
param theta in (0, 1)
data x in {0..n}
logp = x*log(theta) + (n - x)*log(1 - theta) + lchoose(n, x)

### -o into a directory that does not exist
<<< file m.fim
const n = 10
param theta in (0, 1)
data x in {0..n}
logp = lchoose(n, x) + x*log(theta) + (n - x)*log(1 - theta)
$ fimc print -o no/such/dir/out.txt m.fim
>>> stderr
fimc: error: cannot write 'no/such/dir/out.txt': No such file or directory
>>> exit 2

### --format json of a small model
<<< file binom.fim
model binom "Binomial(n, theta)"
const n = 10
param theta in (0, 1)
data x in {0..n}
logp = lchoose(n, x) + x*log(theta) + (n - x)*log(1 - theta)
$ fimc print --format json binom.fim
>>> stdout
{"model": "binom", "title": "Binomial(n, theta)", "params": [{"name": "theta", "domain": "(0, 1)"}], "data": [{"name": "x", "support": "{0..n}"}], "consts": {"n": "10"}, "const_exprs": {"n": "10"}, "inputs": [], "logp": "x*log(theta) + (n - x)*log(1 - theta) + lchoose(n, x)"}

### --format=json, attached, of a model without a title
<<< file m.fim
param mu in R
data x in R
logp = -(x - mu)^2/2
$ fimc print --format=json m.fim
>>> stdout
{"model": "m", "title": null, "params": [{"name": "mu", "domain": "R"}], "data": [{"name": "x", "support": "R"}], "consts": {}, "const_exprs": {}, "inputs": [], "logp": "-(x - mu)^2/2"}

### an escaped quote in the title is a quote in the JSON string, not a backslash
<<< file q.fim
model q "say \"hi\""
param mu in R
data x in R
logp = -(x - mu)^2/2
$ fimc print --format json q.fim
>>> stdout
{"model": "q", "title": "say \"hi\"", "params": [{"name": "mu", "domain": "R"}], "data": [{"name": "x", "support": "R"}], "consts": {}, "const_exprs": {}, "inputs": [], "logp": "-(x - mu)^2/2"}

### print --format latex is not available
<<< file m.fim
const n = 10
param theta in (0, 1)
data x in {0..n}
logp = lchoose(n, x) + x*log(theta) + (n - x)*log(1 - theta)
$ fimc print --format latex m.fim
>>> stderr
fimc: error: print: --format latex is not available (use text or json)
>>> exit 2

### print accepts the common options
<<< file m.fim
const n = 10
param theta in (0, 1)
data x in {0..n}
logp = lchoose(n, x) + x*log(theta) + (n - x)*log(1 - theta)
$ fimc print --at theta=0.5 --digits 30 --prec 200 m.fim
>>> stdout
model m
const n = 10
param theta in (0, 1)
data x in {0..n}
logp = x*log(theta) + (n - x)*log(1 - theta) + lchoose(n, x)

### --normalize is not an option of print
<<< file m.fim
const n = 10
param theta in (0, 1)
data x in {0..n}
logp = lchoose(n, x) + x*log(theta) + (n - x)*log(1 - theta)
$ fimc print --normalize m.fim
>>> stderr
fimc: error: option --normalize does not apply to 'print' (see 'fimc print --help')
>>> exit 2

### a command that is not yet available says so (exit 2)
<<< file m.fim
const n = 10
param theta in (0, 1)
data x in {0..n}
logp = lchoose(n, x) + x*log(theta) + (n - x)*log(1 - theta)
$ fimc gen m.fim
>>> stderr
fimc: error: 'gen' is not available in this version of fimc
>>> exit 2

### fimc help print
$ fimc help print > help.txt; rc=$?; head -1 help.txt; exit $rc
>>> stdout
Usage: fimc print [--expand] [--format text|json] MODEL

### fimc print --help
$ fimc print --help > help.txt; rc=$?; head -3 help.txt; exit $rc
>>> stdout
Usage: fimc print [--expand] [--format text|json] MODEL

Print the model in canonical form.
