/* clonality.h -- clonality of a sample from its sites' fragment counts (FIELD.md section 7).
 * Pure and thread-safe. */
#ifndef HTLVPVL_CLONALITY_H
#define HTLVPVL_CLONALITY_H

#include "htlvpvl/sites.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    int n_sites;
    double oci;                    /* Gini coefficient of clone sizes */
    double shannon, simpson;       /* natural-log Shannon; Gini-Simpson */
    double largest_clone_fraction; /* largest site's fragments over all sites' fragments */
    double chao1;                  /* estimated number of clones incl. unseen */
} hp_clonality_t;

/* Measures over sites with at least min_frag fragments; with none, all are NaN except
 * n_sites = 0. Returns 0 or -1 (memory). */
int hp_clonality(const hp_sites_t *sites, int min_frag, hp_clonality_t *out)
    __attribute__((warn_unused_result));

#ifdef __cplusplus
}
#endif
#endif
