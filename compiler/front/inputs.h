/* compiler/front/inputs.h — the covariate rows of a conditional model p(data | input; theta).
 *
 * An input's values are given inline (`input u = {0.5, 1, 2}`, analysed by sema) or in a
 * column of `--inputs FILE.csv` (read here, after the model is loaded). Row r gives every
 * input its r-th value; each value is an exact expression (a decimal is a rational), consts
 * by name as written. A CSV column overrides an inline list of the same input, as -D
 * overrides a const; `fimc print` (text) still writes the input as declared.
 *
 * The CSV: comma-separated; the first line names the columns; one row a line; `\r\n`
 * accepted; surrounding spaces trimmed; a field may be in double quotes (then it may hold
 * commas, and `""` is a quote); blank lines at the end ignored. Each cell is a constant
 * expression, read as an --at value is (`0.3`, `-1.5e-3`, `1/3`, `pi/4`, consts); it must
 * be finite. A column that names no input is ignored with a warning. */
#ifndef FIMC_INPUTS_H
#define FIMC_INPUTS_H

#include <stdbool.h>

#include "diag.h"
#include "model.h"

/* Checks that every inline value is finite and, when csv (--inputs; "-" standard input, refused when model_from_stdin) is not
 * NULL, reads the CSV into
 * the inputs it names (decl->values, has_values, from_csv; an overridden inline list is kept
 * in inline_values). Called once the model is loaded. Returns FIMC_EXIT_OK, or
 * FIMC_EXIT_USAGE after reporting (the CSV's errors as FILE:LINE:COL with a caret). */
int inputs_load(model *m, diag_ctx *d, const char *csv, bool model_from_stdin);

/* For commands that evaluate the model row by row: every input has values and all have
 * the same number. Returns FIMC_EXIT_OK, or FIMC_EXIT_USAGE after a plain error (csv,
 * the --inputs path or NULL, is named in it). */
int inputs_require(model *m, diag_ctx *d, const char *csv);

/* fit --data FILE.csv: observed rows, a column for each data variable (named as the model
 * names it: x, or x[2] for an element) and for each input; the inputs' columns become their
 * values, as with --inputs (so the inputs have one value per observed row). vals[k][r] is
 * the value of data variable m->data[k] in row r, an exact expression as written. */
typedef struct data_rows {
    int nrows;
    int nd;
    expr ***vals;
} data_rows;
int inputs_load_data(model *m, diag_ctx *d, const char *csv, bool model_from_stdin,
                     data_rows *out);
void data_rows_free(data_rows *dr);

/* The number of rows: 0 when the model has no inputs; -1 when some input has no values or
 * the inputs' counts differ (inputs_require says which). */
int model_input_rows(const model *m);

/* The value of input i (an index into m->inputs) in row `row` (0-based); NULL when there is
 * no such value. As written: apply model_const_values before evaluating. */
expr *model_input_value(const model *m, int i, int row);

#endif
