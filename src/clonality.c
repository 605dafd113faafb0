/* clonality.c -- OCI, Shannon, Simpson, largest clone, Chao1 over sites. */
#include <math.h>
#include <stdlib.h>
#include "htlvpvl/clonality.h"
#include "htlvpvl/stats.h"

int hp_clonality(const hp_sites_t *sites, int min_frag, hp_clonality_t *out)
{
    out->n_sites = 0;
    out->oci = out->shannon = out->simpson = out->largest_clone_fraction = out->chao1 = NAN;
    double *x = malloc((size_t)(sites->n > 0 ? sites->n : 1) * sizeof *x);
    if (!x) return -1;
    int n = 0;
    double sum = 0, max = 0;
    for (int i = 0; i < sites->n; i++) {
        int f = sites->site[i].n_frag;
        if (f < min_frag) continue;
        x[n++] = f, sum += f;
        if (f > max) max = f;
    }
    out->n_sites = n;
    if (n > 0) {
        out->oci = hp_gini(x, n);
        out->shannon = hp_shannon(x, n);
        out->simpson = hp_simpson(x, n);
        out->largest_clone_fraction = max / sum;
        out->chao1 = hp_chao1(x, n);
    }
    free(x);
    return 0;
}
