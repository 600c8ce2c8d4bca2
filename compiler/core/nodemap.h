/* compiler/core/nodemap.h — a map from expression nodes (by pointer) to pointers: open
 * addressing on the node's structural hash, grown at half load. The one map type for new
 * passes over the DAG (a visited set, a memo of rewritten nodes).
 *
 * Ownership: the map owns its table (nodemap_free), not the nodes or the values. */
#ifndef FIMC_NODEMAP_H
#define FIMC_NODEMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "expr.h"

typedef struct nodemap {
    const expr **key;
    void **val;
    size_t cap, n;
} nodemap;

/* The value slot of e, inserted (with value NULL) when absent; *found says which. The
 * pointer is valid until the next insertion. */
void **nodemap_slot(nodemap *M, const expr *e, bool *found);
/* Inserts e; true when it was not there yet (a visited set). */
bool nodemap_add(nodemap *M, const expr *e);
void nodemap_free(nodemap *M);

#endif
