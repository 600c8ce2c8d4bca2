/* compiler/num/claims.h — verifying a model's `check` claims (LANGUAGE.md §3).
 *
 * A claim is verified, failed, or unverified (fimc could not decide: that counts as
 * failed). Score and Hessian identities are decided by the symbolic zero test
 * (compiler/sym/simp.c): d logp/d theta - claimed is zero as a rational function of its
 * atoms, so the identity holds for all data and parameters. fim, jeffreys, E, Var and
 * expfam claims of exponential families are decided through the closed forms
 * (compiler/sym/expfam.c, fisher.c); what the zero test cannot decide, and models without
 * closed forms, go to the numeric checks at seeded points (numcheck.c: the evaluator, sums
 * and quadrature), where one counterexample fails the claim. The model's normalisation is
 * the caller's to check first.
 *
 * Ownership: a claims_ctx borrows its model and owns its derivative and simplification
 * contexts and the exponential-family analyses (one per coordinate system, made when a
 * claim first needs it); claims_free releases them. An outcome's strings are the caller's. */
#ifndef FIMC_CLAIMS_H
#define FIMC_CLAIMS_H

#include <stdbool.h>

#include "diff.h"
#include "expfam.h"
#include "model.h"
#include "simp.h"

typedef enum claim_verdict { CV_VERIFIED, CV_FAILED, CV_UNVERIFIED } claim_verdict;

typedef struct claim_outcome {
    claim_verdict v;
    int digits;   /* numeric verification: the digits that agreed (0: exact or none) */
    char *how;    /* verified: how (e.g. "exact: from E[T]"); caller frees */
    char *reason; /* failed/unverified: why; caller frees */
} claim_outcome;

typedef struct claims_ctx {
    model *m;
    diff_ctx dc;
    simp_ctx *sc;
    int n;        /* 1 + number of reparams */
    bool *done;   /* analysis made, per coordinate system (model's first) */
    expfam *ef;
} claims_ctx;

void claims_init(claims_ctx *A, model *m);
void claims_free(claims_ctx *A);
claim_outcome claims_verify(claims_ctx *A, const claim *c);
/* "verified", "FAILED" or "unverified". */
const char *claim_verdict_word(claim_verdict v);

#endif
