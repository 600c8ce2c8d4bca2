/* compiler/core/nodemap.c — a map from expression nodes to pointers (see nodemap.h). */
#include "nodemap.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

static void grow(nodemap *M)
{
    size_t cap = M->cap ? 2 * M->cap : 64;
    const expr **k = xcalloc(cap, sizeof *k);
    void **v = xcalloc(cap, sizeof *v);
    for (size_t i = 0; i < M->cap; i++)
        if (M->key[i]) {
            size_t h = (size_t)(M->key[i]->hash & (cap - 1));
            while (k[h])
                h = (h + 1) & (cap - 1);
            k[h] = M->key[i];
            v[h] = M->val[i];
        }
    free(M->key);
    free(M->val);
    M->key = k;
    M->val = v;
    M->cap = cap;
}

void **nodemap_slot(nodemap *M, const expr *e, bool *found)
{
    if (2 * (M->n + 1) > M->cap)
        grow(M);
    size_t h = (size_t)(e->hash & (M->cap - 1));
    while (M->key[h] && M->key[h] != e)
        h = (h + 1) & (M->cap - 1);
    *found = M->key[h] == e;
    if (!*found) {
        M->key[h] = e;
        M->n++;
    }
    return &M->val[h];
}

bool nodemap_add(nodemap *M, const expr *e)
{
    bool found;
    nodemap_slot(M, e, &found);
    return !found;
}

void nodemap_free(nodemap *M)
{
    free(M->key);
    free(M->val);
    memset(M, 0, sizeof *M);
}
