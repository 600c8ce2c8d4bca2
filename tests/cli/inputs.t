# Covariate rows of conditional models: `input NAME = {...}` inline, or a column of
# `--inputs FILE.csv` (LANGUAGE.md §1 and §4). The models are tests/data/logit.fim (input u
# without values) and tests/data/dose.fim (inputs dose and w, four values each inline, a
# const n = 4 among them). Errors are FILE:LINE:COL: error: message with the CSV line and a
# caret, exit 2; expected messages, lines and columns were worked out by hand.

# ---------------------------------------------------------------- rows that load

### a CSV with CRLF line ends, quotes, spaces and blank lines at the end: exact values
# tests/data/logit_rows.csv is ` "u" `, 0.3, `  -1.5e-3  `, "1/3", ` pi/4`, "lbeta(1, 2)"
# (a quoted comma), then two blank lines, every line ending in \r\n.
$ d=$MODELS/../tests/data; fimc print --format json --inputs $d/logit_rows.csv $d/logit.fim
>>> stdout
{"model": "logit", "title": "logistic regression", "params": [{"name": "a", "domain": "R"}, {"name": "b", "domain": "R"}], "data": [{"name": "y", "support": "{0, 1}"}], "consts": {}, "const_exprs": {}, "inputs": [{"name": "u", "values": ["3/10", "-3/2000", "1/3", "pi/4", "lbeta(1, 2)"]}], "logp": "(1 - y)*log(1 - expit(a + b*u)) + y*log(expit(a + b*u))"}

### without --inputs, an input with no inline values has none
$ fimc print --format json $MODELS/../tests/data/logit.fim
>>> stdout
{"model": "logit", "title": "logistic regression", "params": [{"name": "a", "domain": "R"}, {"name": "b", "domain": "R"}], "data": [{"name": "y", "support": "{0, 1}"}], "consts": {}, "const_exprs": {}, "inputs": [{"name": "u", "values": null}], "logp": "(1 - y)*log(1 - expit(a + b*u)) + y*log(expit(a + b*u))"}

### the text form prints the input as declared, without the rows of the CSV
$ d=$MODELS/../tests/data; fimc print --inputs $d/logit_rows.csv $d/logit.fim
>>> stdout
model logit "logistic regression"
param a in R
param b in R
input u
data y in {0, 1}
y ~ bernoulli(expit(a + b*u))

### CSV columns override inline lists (columns in any order, names quoted or not)
# tests/data/dose_rows.csv: `w, "dose"` then 1/2, 3 | 1, 1 | 2, 1 | "1/4" ,1e2
$ d=$MODELS/../tests/data; fimc print --format json --inputs $d/dose_rows.csv $d/dose.fim
>>> stdout
{"model": "dose", "title": "dose-response, inline rows", "params": [{"name": "a", "domain": "R"}, {"name": "b", "domain": "R"}], "data": [{"name": "y", "support": "{0, 1}"}], "consts": {"n": "4"}, "const_exprs": {"n": "4"}, "inputs": [{"name": "dose", "values": ["3", "1", "1", "100"]}, {"name": "w", "values": ["1/2", "1", "2", "1/4"]}], "logp": "(1 - y)*log(1 - expit(a + b*dose*w)) + y*log(expit(a + b*dose*w))"}

### an overridden inline list still prints as written: the text is the model, not the rows
$ d=$MODELS/../tests/data; fimc print --inputs $d/dose_rows.csv $d/dose.fim | grep input
>>> stdout
input dose = {1/2, 1, 2, n}
input w = {1, 1, n/2, 2}

### one column overrides one input; the other keeps its inline list; consts (with -D) in cells
<<< file w.csv
w
n/2
1
2
-n
$ fimc print --format json -D n=10 --inputs w.csv $MODELS/../tests/data/dose.fim | grep -o '"inputs.*]}]'
>>> stdout
"inputs": [{"name": "dose", "values": ["1/2", "1", "2", "n"]}, {"name": "w", "values": ["n/2", "1", "2", "-n"]}]

### a column that names no input is a warning; the rest loads
# tests/data/logit_data.csv: u,y then three rows (a CSV made for `fit` has data columns too)
$ cp $MODELS/../tests/data/logit_data.csv . && fimc print --format json --inputs logit_data.csv $MODELS/../tests/data/logit.fim | grep -o '"inputs.*]}]'
>>> stdout
"inputs": [{"name": "u", "values": ["1/2", "1", "2"]}]
>>> stderr
logit_data.csv:1:3: warning: column 'y' is not an input of the model; ignored
u,y
  ^

### the CSV from standard input (named <stdin> in messages)
<<< stdin
u ,y
0.5,1
7,0
$ fimc print --format json --inputs - $MODELS/../tests/data/logit.fim | grep -o '"inputs.*]}]'
>>> stdout
"inputs": [{"name": "u", "values": ["1/2", "7"]}]
>>> stderr
<stdin>:1:4: warning: column 'y' is not an input of the model; ignored
u ,y
   ^

### a single row without a final newline; a quoted name with spaces inside the quotes
$ printf '" u "\n2.5e2' > r.csv && fimc print --format json --inputs r.csv $MODELS/../tests/data/logit.fim | grep -o '"inputs.*]}]'
>>> stdout
"inputs": [{"name": "u", "values": ["250"]}]

### every command reads the rows (here score, which does not need them)
$ d=$MODELS/../tests/data; fimc score --inputs $d/logit_rows.csv $d/logit.fim
>>> stdout
d/da logp = y*(1 - expit(a + b*u)) - (1 - y)*expit(a + b*u)
d/db logp = u*y*(1 - expit(a + b*u)) - u*(1 - y)*expit(a + b*u)
>>> exit 0

# ---------------------------------------------------------------- the command line

### an unreadable file
$ fimc print --inputs missing.csv $MODELS/../tests/data/logit.fim
>>> stderr
fimc: error: --inputs: cannot read 'missing.csv': No such file or directory
>>> exit 2

### --inputs for a model without inputs
<<< file u.csv
u
1
$ fimc print --inputs u.csv $MODELS/bernoulli.fim
>>> stderr
fimc: error: --inputs: the model has no input declarations
>>> exit 2

### the model and the CSV cannot both be standard input
<<< stdin
param a in R
input u
data y in {0, 1}
y ~ bernoulli(expit(a*u))
$ fimc print --inputs - -
>>> stderr
fimc: error: --inputs -: standard input is already the model
>>> exit 2

# ---------------------------------------------------------------- the header

### an empty file
$ : > e.csv && fimc print --inputs e.csv $MODELS/../tests/data/logit.fim
>>> stderr
e.csv:1:1: error: the file is empty: its first line must name the columns

^
>>> exit 2

### a blank first line: no header
<<< file b.csv

u
1
$ fimc print --inputs b.csv $MODELS/../tests/data/logit.fim
>>> stderr
b.csv:1:1: error: the first line is blank: it must name the columns

^
>>> exit 2

### a column named twice: the error at the second, a note at the first
<<< file dup.csv
u, y, "u"
1, 0, 2
$ fimc print --inputs dup.csv $MODELS/../tests/data/logit.fim
>>> stderr
dup.csv:1:4: warning: column 'y' is not an input of the model; ignored
u, y, "u"
   ^
dup.csv:1:7: error: the column 'u' is named twice
u, y, "u"
      ^
dup.csv:1:1: note: the first 'u' is column 1
u, y, "u"
^
>>> exit 2

### an empty column name
<<< file noname.csv
u,,y
1,2,3
$ fimc print --inputs noname.csv $MODELS/../tests/data/logit.fim
>>> stderr
noname.csv:1:3: error: column 2 has no name
u,,y
  ^
noname.csv:1:4: warning: column 'y' is not an input of the model; ignored
u,,y
   ^
>>> exit 2

### a trailing comma in the header
<<< file tc.csv
u,
1
$ fimc print --inputs tc.csv $MODELS/../tests/data/logit.fim
>>> stderr
tc.csv:1:2: error: a trailing comma: the line ends with ','
u,
 ^
>>> exit 2

### a header and no rows (blank lines after it do not count)
<<< file hdr.csv
u


$ fimc print --inputs hdr.csv $MODELS/../tests/data/logit.fim
>>> stderr
hdr.csv:2:1: error: no rows: the header must be followed by one line of values a row

^
>>> exit 2

### a header alone without a newline: the caret at its end
$ printf 'u' > h.csv && fimc print --inputs h.csv $MODELS/../tests/data/logit.fim
>>> stderr
h.csv:1:2: error: no rows: the header must be followed by one line of values a row
u
 ^
>>> exit 2

# ---------------------------------------------------------------- the rows

### a trailing comma in a row
<<< file tc.csv
u,y
1,0,
$ fimc print --inputs tc.csv $MODELS/../tests/data/logit.fim 2>&1 | tail -3
>>> stdout
tc.csv:2:4: error: a trailing comma: the line ends with ','
1,0,
   ^

### too few fields: the caret at the end of the line (CRLF: the \r is not shown)
$ printf 'u,y\r\n0.5,1\r\n2\r\n' > few.csv && fimc print --inputs few.csv $MODELS/../tests/data/logit.fim 2>&1 | tail -3
>>> stdout
few.csv:3:2: error: the row has 1 field but the header names 2 columns
2
 ^

### too many fields: the caret at the first field too many
<<< file many.csv
u
0.5
lbeta(1, 2)
$ fimc print --inputs many.csv $MODELS/../tests/data/logit.fim
>>> stderr
many.csv:3:10: error: the row has 2 fields but the header names 1 column (a value with a comma in it goes in double quotes)
lbeta(1, 2)
         ^
>>> exit 2

### a blank line among the rows
<<< file gap.csv
u
1

2
$ fimc print --inputs gap.csv $MODELS/../tests/data/logit.fim
>>> stderr
gap.csv:3:1: error: a blank line among the rows: each line after the header is one row (only blank lines at the end are ignored)

^
>>> exit 2

### a quoted field without its closing quote
<<< file q.csv
u
"1/2
$ fimc print --inputs q.csv $MODELS/../tests/data/logit.fim
>>> stderr
q.csv:2:1: error: the quoted field has no closing '"' on its line
"1/2
^
>>> exit 2

### text after a closing quote
<<< file q.csv
u
"1"/2
$ fimc print --inputs q.csv $MODELS/../tests/data/logit.fim
>>> stderr
q.csv:2:4: error: text after the closing '"' of a quoted field
"1"/2
   ^
>>> exit 2

### an empty cell of an input
<<< file empty.csv
u,y
  ,1
$ fimc print --inputs empty.csv $MODELS/../tests/data/logit.fim 2>&1 | tail -3
>>> stdout
empty.csv:2:3: error: the row gives no value for input 'u'
  ,1
  ^

### cells of a column that is not an input are not read
<<< file other.csv
note,u
"anything, at all",1
$ fimc print --format json --inputs other.csv $MODELS/../tests/data/logit.fim 2>/dev/null | grep -o '"inputs.*]}]'
>>> stdout
"inputs": [{"name": "u", "values": ["1"]}]
>>> exit 0

# ---------------------------------------------------------------- cells

### a syntax error in a cell: the parser's message, at its place in the CSV
<<< file syn.csv
u , y
0.5, 1
  1 +  * 2 ,0
$ fimc print --inputs syn.csv $MODELS/../tests/data/logit.fim 2>&1 | tail -3
>>> stdout
syn.csv:3:8: error: syntax error: unexpected '*'
  1 +  * 2 ,0
       ^

### a syntax error inside quotes, after a CRLF line
$ printf 'y,u\r\n1,"3 4"\r\n' > sq.csv && fimc print --inputs sq.csv $MODELS/../tests/data/logit.fim 2>&1 | tail -3
>>> stdout
sq.csv:2:6: error: syntax error: unexpected number '4'
1,"3 4"
     ^

### a name that is not declared
<<< file und.csv
u
sigma
$ fimc print --inputs und.csv $MODELS/../tests/data/logit.fim
>>> stderr
und.csv:2:1: error: 'sigma' is not declared
sigma
^
>>> exit 2

### a parameter in a cell is not a constant
<<< file par.csv
u
2*b + 1
$ fimc print --inputs par.csv $MODELS/../tests/data/logit.fim
>>> stderr
par.csv:2:1: error: the values of input 'u' must be constants; 'b' is a parameter
2*b + 1
^
>>> exit 2

### a data variable, or the input itself, neither
<<< file dv.csv
u
y
u/2
$ fimc print --inputs dv.csv $MODELS/../tests/data/logit.fim
>>> stderr
dv.csv:2:1: error: the values of input 'u' must be constants; 'y' is a data variable
y
^
dv.csv:3:1: error: the values of input 'u' must be constants; 'u' is an input
u/2
^
>>> exit 2

### a list is not a value
<<< file list.csv
u
"{1, 2}"
$ fimc print --inputs list.csv $MODELS/../tests/data/logit.fim
>>> stderr
list.csv:2:2: error: a value of input 'u' is a single number, not a list
"{1, 2}"
 ^
>>> exit 2

### values must be finite: a division by zero, a pole, a NaN
<<< file inf.csv
u
1/0
log(0)
sqrt(-1)
$ fimc print --inputs inf.csv $MODELS/../tests/data/logit.fim
>>> stderr
inf.csv:2:3: error: division by zero
1/0
  ^
inf.csv:3:1: error: the value of input 'u' is not a finite number (pole or overflow)
log(0)
^
inf.csv:4:1: error: the value of input 'u' is not a finite number (domain error)
sqrt(-1)
^
>>> exit 2

### several bad rows are all reported, one error each
<<< file bad.csv
u,y
1,0
x
2,1,3
"3
$ fimc print --inputs bad.csv $MODELS/../tests/data/logit.fim 2>&1 | grep error
>>> stdout
bad.csv:3:2: error: the row has 1 field but the header names 2 columns
bad.csv:4:5: error: the row has 3 fields but the header names 2 columns (a value with a comma in it goes in double quotes)
bad.csv:5:1: error: the quoted field has no closing '"' on its line
>>> exit 0

# ---------------------------------------------------------------- inline values

### an inline value must be finite too (reported at the input's name)
<<< file inl.fim
param a in R
input u = {1, log(0)}
data y in {0, 1}
y ~ bernoulli(expit(a*u))
$ fimc print inl.fim
>>> stderr
inl.fim:2:7: error: value 2 of input 'u', log(0), is not a finite number (pole or overflow)
input u = {1, log(0)}
      ^
>>> exit 2

### inline lists of different lengths (one value per row for every input)
<<< file len.fim
param a in R
input u = {1, 2, 3, 4}
input w
input v = {1, 2, 3}
data y in {0, 1}
y ~ bernoulli(expit(a*u*v*w))
$ fimc print len.fim
>>> stderr
len.fim:4:7: error: input 'v' has 3 values but input 'u' has 4 (every input has one value per row)
input v = {1, 2, 3}
      ^
>>> exit 2
