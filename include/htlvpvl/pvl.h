/* pvl.h -- proviral load estimators (FIELD.md section 6), each with a 95 % CI and the counts
 * behind it. Pure and thread-safe. */
#ifndef HTLVPVL_PVL_H
#define HTLVPVL_PVL_H

#include <stdint.h>
#include "htlvpvl/contigs.h"
#include "htlvpvl/junction.h"
#include "htlvpvl/sites.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    int available;             /* 0 when the host depth is 0 (nothing to divide by) */
    int region;                /* HP_REG_* the viral depth is taken on (default pX) */
    double copies_per_100;     /* 200 * viral depth / host depth */
    double ci_lo, ci_hi;       /* 95 % CI from the Poisson count of viral fragments */
    int64_t viral_fragments;   /* fragments with an alignment in the region */
    double viral_depth;        /* per provirus copy, in the region */
    double host_depth;         /* mean autosomal depth (aligned bases / autosome length) */
    double region_depth[HP_N_REGION];  /* per provirus copy (LTR: per LTR copy) */
    double gagpol_to_px;       /* depth of gag + pol over pX; NaN when pX has no reads */
    int defective;             /* gag/pol well below pX: deleted proviruses likely */
} hp_pvl_depth_t;

/* Depth estimate from the merged counters. host_len: autosome bases the host depth is over. */
void hp_pvl_depth(const hp_acc_t *acc, const hp_contigs_t *ctg, int64_t host_len, int region,
                  hp_pvl_depth_t *out);

typedef struct {
    int available;             /* 0 when no W can be had (no host fragments) */
    const char *w_source;      /* "index" (second pass) or "genome_mean" (no index / stdin) */
    double copies_per_100;     /* 100 * sum over sites of 2J / (J + W) */
    double ci_lo, ci_hi;
    int64_t junction_fragments;/* sum over sites of U5 + U3 junction fragments */
    int64_t wild_fragments;    /* sum of W */
    double crossing_depth;     /* genome-mean host fragments covering a point (J + W expected) */
    int n_sites;
} hp_pvl_junction_t;

/* Mean number of host autosomal fragments that cover a window of `width` bases, from the
 * insert-size and single-read span histograms: the J + W expected at a site. */
double hp_crossing_depth(const hp_acc_t *acc, int64_t host_len, int width);

/* Per-site cell fraction 2J / (J + W) (sites' n_junction and cell_fraction are set) and their
 * sum. Sites with n_wild < 0 use W = crossing_depth - J. */
void hp_pvl_junction(hp_sites_t *sites, double crossing_depth, int have_index,
                     hp_pvl_junction_t *out);

#ifdef __cplusplus
}
#endif
#endif
