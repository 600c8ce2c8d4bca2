/* tests/unit/check_inputs.c — the covariate rows API of compiler/front/inputs.h as the commands
 * use it: model_input_rows, model_input_value, inputs_require (with its exact messages)
 * and inputs_load on a CSV written to a temporary file. The CSV dialect and its error
 * messages are tested end to end in tests/cli/inputs.t. */
#define _GNU_SOURCE /* open_memstream */
#include <check.h>
#include <mpfr.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "cli.h"
#include "inputs.h"

/* A cli around an analysed model, its diagnostics in a memory buffer. */
typedef struct clix {
    fx *f;
    cli c;
    char *buf;
    size_t len;
    char path[64];
} clix;

static void clix_init(clix *x, const char *model_text, const char *csv)
{
    memset(x, 0, sizeof *x);
    x->f = fx_analyse(model_text);
    ck_assert_msg(x->f->m != NULL, "model refused:\n%s", fx_diags(x->f));
    x->c.model = x->f->m;
    x->c.model_path = FX_FILE;
    FILE *out = open_memstream(&x->buf, &x->len);
    ck_assert(out != NULL);
    diag_init(&x->c.diag, out, x->f->src);
    if (csv) {
        snprintf(x->path, sizeof x->path, "%s", "/tmp/check_inputs.XXXXXX");
        int fd = mkstemp(x->path);
        ck_assert(fd >= 0);
        ck_assert(write(fd, csv, strlen(csv)) == (ssize_t)strlen(csv));
        close(fd);
        x->c.inputs = x->path;
    }
}

/* Everything reported so far. */
static const char *clix_diags(clix *x)
{
    fflush(x->c.diag.out);
    return x->buf ? x->buf : "";
}

static void clix_free(clix *x)
{
    fclose(x->c.diag.out);
    free(x->buf);
    if (x->path[0])
        unlink(x->path);
    fx_free(x->f); /* the model is the fixture's */
}

static const char *value_str(clix *x, int i, int row)
{
    const expr *e = model_input_value(x->c.model, i, row);
    return e ? fx_str(x->f, e) : "(null)";
}

static const char logit[] = "param a in R\n"
                            "param b in R\n"
                            "input u = {1, 0.5, 1/3}\n"
                            "input v\n"
                            "data y in {0, 1}\n"
                            "y ~ bernoulli(expit(a + b*u*v))\n";

START_TEST(test_no_inputs)
{
    clix x;
    clix_init(&x, "param p in (0, 1)\ndata x in {0, 1}\nx ~ bernoulli(p)\n", NULL);
    ck_assert_int_eq(model_input_rows(x.c.model), 0);
    ck_assert_ptr_null(model_input_value(x.c.model, 0, 0));
    ck_assert_int_eq(inputs_load(x.c.model, &x.c.diag, x.c.inputs, false), FIMC_EXIT_OK);
    ck_assert_int_eq(inputs_require(x.c.model, &x.c.diag, x.c.inputs), FIMC_EXIT_OK);
    ck_assert_str_eq(clix_diags(&x), "");
    clix_free(&x);
}
END_TEST

START_TEST(test_inline_only)
{
    clix x;
    clix_init(&x, logit, NULL);
    ck_assert_int_eq(inputs_load(x.c.model, &x.c.diag, x.c.inputs, false), FIMC_EXIT_OK);
    /* v has no values: no row count, and commands that need rows refuse */
    ck_assert_int_eq(model_input_rows(x.c.model), -1);
    ck_assert_str_eq(value_str(&x, 0, 2), "1/3");
    ck_assert_str_eq(value_str(&x, 0, 3), "(null)");
    ck_assert_str_eq(value_str(&x, 0, -1), "(null)");
    ck_assert_str_eq(value_str(&x, 1, 0), "(null)");
    ck_assert_str_eq(value_str(&x, 2, 0), "(null)");
    ck_assert_int_eq(inputs_require(x.c.model, &x.c.diag, x.c.inputs), FIMC_EXIT_USAGE);
    ck_assert_str_eq(clix_diags(&x), "fimc: error: input 'v' has no values: give them inline "
                                     "({...}) or in a column of --inputs FILE.csv\n");
    clix_free(&x);
}
END_TEST

START_TEST(test_csv_rows)
{
    clix x;
    clix_init(&x, logit, "v, u\n2, 0.25\n-1e-1, pi/4\n\"lbeta(1, 2)\", 3\n");
    ck_assert_int_eq(inputs_load(x.c.model, &x.c.diag, x.c.inputs, false), FIMC_EXIT_OK);
    ck_assert_int_eq(model_input_rows(x.c.model), 3);
    ck_assert_int_eq(inputs_require(x.c.model, &x.c.diag, x.c.inputs), FIMC_EXIT_OK);
    ck_assert_str_eq(clix_diags(&x), "");
    ck_assert_str_eq(value_str(&x, 0, 0), "1/4"); /* the CSV overrides u's inline list */
    ck_assert_str_eq(value_str(&x, 0, 1), "pi/4");
    ck_assert_str_eq(value_str(&x, 1, 1), "-1/10");
    ck_assert_str_eq(value_str(&x, 1, 2), "lbeta(1, 2)");
    const decl *u = fx_decl(x.f, "u");
    ck_assert(u->has_values && u->from_csv);
    ck_assert_int_eq(u->ninline, 3);
    /* the model's text keeps what was declared */
    ck_assert_ptr_nonnull(strstr(fx_print(x.f, false), "input u = {1, 1/2, 1/3}\ninput v\n"));
    clix_free(&x);
}
END_TEST

START_TEST(test_counts_differ)
{
    clix x;
    clix_init(&x, logit, "v\n1\n2\n");
    ck_assert_int_eq(inputs_load(x.c.model, &x.c.diag, x.c.inputs, false), FIMC_EXIT_OK);
    ck_assert_int_eq(model_input_rows(x.c.model), -1);
    ck_assert_int_eq(inputs_require(x.c.model, &x.c.diag, x.c.inputs), FIMC_EXIT_USAGE);
    char want[256];
    snprintf(want, sizeof want,
             "fimc: error: input 'v' has 2 values from %s but input 'u' has 3 inline values "
             "(every input has one value per row)\n",
             x.path);
    ck_assert_str_eq(clix_diags(&x), want);
    clix_free(&x);
}
END_TEST

START_TEST(test_load_error_counts)
{
    clix x;
    clix_init(&x, logit, "v\nb\n");
    ck_assert_int_eq(inputs_load(x.c.model, &x.c.diag, x.c.inputs, false), FIMC_EXIT_USAGE);
    ck_assert_int_eq(x.c.diag.nerrors, 1);
    ck_assert_ptr_nonnull(strstr(clix_diags(&x), ":2:1: error: the values of input 'v' must be "
                                                 "constants; 'b' is a parameter\nb\n^\n"));
    /* nothing was assigned */
    ck_assert(!fx_decl(x.f, "v")->has_values);
    clix_free(&x);
}
END_TEST

static Suite *inputs_suite(void)
{
    Suite *s = suite_create("inputs");
    TCase *t = tcase_create("rows");
    tcase_add_test(t, test_no_inputs);
    tcase_add_test(t, test_inline_only);
    tcase_add_test(t, test_csv_rows);
    tcase_add_test(t, test_counts_differ);
    tcase_add_test(t, test_load_error_counts);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(inputs_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    mpfr_free_cache(); /* the constants cached by evaluating pi/4, lbeta */
    return failed != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
