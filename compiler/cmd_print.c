/* compiler/cmd_print.c — `fimc print [--expand] MODEL`: the model in canonical form. */
#include "cli.h"
#include "print_model.h"

int cmd_print(cli *c)
{
    if (c->format == FORMAT_LATEX) {
        diag_plain_error(&c->diag, "print: --format latex is not available (use text or json)");
        return FIMC_EXIT_USAGE;
    }
    int rc = cli_load_model(c);
    if (rc != FIMC_EXIT_OK)
        return rc;
    if (c->tape) {
        diag_plain_error(&c->diag, "print: --tape is not implemented in this version");
        return FIMC_EXIT_USAGE;
    }
    strbuf sb = {0};
    if (c->format == FORMAT_JSON) {
        print_model_json(&sb, c->model);
        sb_putc(&sb, '\n');
    } else {
        print_model_text(&sb, c->model, c->expand);
    }
    fputs(sb_str(&sb), c->out);
    sb_free(&sb);
    return FIMC_EXIT_OK;
}
