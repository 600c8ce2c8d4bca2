/* compiler/cmd/cmd_check.c — `fimc check MODEL`: the normalisation check, then every
 * `check` claim verified (compiler/num/claims.c), one line each (or JSON). Exit 0 only when
 * every claim was verified. */
#include <stdlib.h>
#include <string.h>

#include "claims.h"
#include "cli.h"
#include "print_model.h"

int cmd_check(cli *c)
{
    int rc = cli_load_model(c);
    if (rc != FIMC_EXIT_OK)
        return rc;
    model *m = c->model;
    /* logp must be normalised (LANGUAGE.md: a model that is not is an error in the model,
     * exit 2, saying by how much); undecided is a warning, and the claims still run */
    bool norm = false;
    rc = cli_require_normalised(c, &norm);
    if (rc != FIMC_EXIT_OK)
        return rc;
    claims_ctx A;
    claims_init(&A, m);
    const char *normalized = norm ? "true" : "null";
    strbuf out = {0};
    int passed = 0, failed = 0;
    if (c->format == FORMAT_JSON) {
        sb_puts(&out, "{\"model\": ");
        json_string(&out, m->name);
        sb_puts(&out, ", \"checks\": [");
    }
    for (int i = 0; i < m->nclaims; i++) {
        const claim *cl = m->claims[i];
        claim_outcome o = claims_verify(&A, cl);
        strbuf text = {0};
        print_claim_text(&text, m, cl);
        if (o.v == CV_VERIFIED)
            passed++;
        else
            failed++;
        if (c->format == FORMAT_JSON) {
            sb_printf(&out, "%s{\"line\": %u, \"claim\": ", i ? ", " : "", cl->line);
            json_string(&out, sb_str(&text));
            sb_printf(&out, ", \"ok\": %s, \"digits\": ", o.v == CV_VERIFIED ? "true" : "false");
            if (o.digits > 0)
                sb_printf(&out, "\"%d\"", o.digits);
            else
                sb_puts(&out, o.v == CV_VERIFIED ? "\"exact\"" : "null");
            sb_printf(&out, ", \"status\": \"%s\"", claim_verdict_word(o.v));
            if (o.how) {
                sb_puts(&out, ", \"method\": ");
                json_string(&out, o.how);
            }
            if (o.reason) {
                sb_puts(&out, ", \"reason\": ");
                json_string(&out, o.reason);
            }
            sb_putc(&out, '}');
        } else {
            sb_printf(&out, "%s:%u: %s: %s", c->src->name, cl->line, claim_verdict_word(o.v),
                      sb_str(&text));
            if (o.how)
                sb_printf(&out, " (%s)", o.how);
            if (o.reason)
                sb_printf(&out, ": %s", o.reason);
            sb_putc(&out, '\n');
        }
        sb_free(&text);
        free(o.how);
        free(o.reason);
    }
    if (c->format == FORMAT_JSON)
        sb_printf(&out, "], \"passed\": %d, \"failed\": %d, \"normalized\": %s}\n", passed, failed,
                  normalized);
    fputs(sb_str(&out), c->out);
    sb_free(&out);
    claims_free(&A);
    return failed ? FIMC_EXIT_FAILED : FIMC_EXIT_OK;
}
