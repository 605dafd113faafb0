/* depth_profile.h -- the counters behind the profile depth estimator (pvl.h, hp_pvl_profile):
 * reads along the provirus in bins, and reads in windows along the host autosomes, each with
 * the GC of the reads (host: of the reads starting at a multiple of 8, a deterministic sample)
 * and (host) the share of reads placed with a low MAPQ.
 *
 * Counting rule, the same on both sides: every primary, mapped alignment that is neither a
 * duplicate (flag 0x400, or marked by the reader) nor QC-failed counts one read at its
 * alignment midpoint; secondary and supplementary records never count, so the result is the
 * same with or without bwa -M. A read is half a fragment. A read is placed on a viral contig
 * when most of it is viral, so read midpoints cover the provirus at the host's rate without
 * an excess at the junctions (which counting whole fragments would give).
 *
 * Viral coordinates are the model's: the LTR (755 bp; the two copies of the full layout and
 * the LTR contig of the split layout are pooled: an intact provirus holds two copies) and the
 * internal region 756-8278. Each thread owns one hp_dprof_t; merged with hp_dprof_merge (sums
 * of integers), so the result does not depend on the thread count. */
#ifndef HTLVPVL_DEPTH_PROFILE_H
#define HTLVPVL_DEPTH_PROFILE_H

#include <stdint.h>
#include <htslib/sam.h>
#include "htlvpvl/contigs.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HP_DP_N_LTR_BIN 3   /* bins over the LTR (about 252 bp) */
#define HP_DP_N_INT_BIN 15  /* bins over the internal region (about 502 bp) */
#define HP_DP_NBIN (HP_DP_N_LTR_BIN + HP_DP_N_INT_BIN)
#define HP_DP_LOW_MAPQ 5    /* host reads under this MAPQ count as badly placed */

typedef struct hp_dprof_s {
    int64_t win;              /* host window length (bp) */
    int n_targets;
    int64_t *win_first;       /* per tid: index of its first window; -1 for non-autosomes */
    int64_t n_win;
    int32_t *win_len;         /* bases of each window (the last of a contig may be shorter) */
    uint8_t *win_edge;        /* 1: first or last window of its contig */
    uint32_t *w_reads, *w_lowmq, *w_gc, *w_bases; /* per window */
    int64_t v_reads[HP_DP_NBIN], v_gc[HP_DP_NBIN], v_bases[HP_DP_NBIN];
    double host_scale;        /* host window counts are multiplied by this (0 or 1: as
                               * counted; the indexed mode's sampled windows: the index's
                               * mapped count over the sample's, so the host level is exact) */
    double host_expand;       /* a host window read stands for this many of the whole (0 or 1:
                               * itself; sampled windows: the host over the sample), so a rate
                               * pooled over all windows has the Poisson variance of the whole */
} hp_dprof_t;

/* Model coordinate (1..8278; 1..755 = LTR) of bin edges: bin b covers [beg, end] inclusive. */
void hp_dprof_bin_range(int b, int *beg, int *end);

/* Allocate counters for the header's autosomes; window length from the autosome length (about
 * 200 windows per autosome length, 500 to 10,000 bp, multiples of 100). Returns 0 or -1
 * (memory). */
int hp_dprof_init(hp_dprof_t *p, const hp_contigs_t *ctg, const sam_hdr_t *h)
    __attribute__((warn_unused_result));
/* The same layout as src, counters zero. Returns 0 or -1. */
int hp_dprof_init_like(hp_dprof_t *p, const hp_dprof_t *src) __attribute__((warn_unused_result));
void hp_dprof_destroy(hp_dprof_t *p); /* accepts NULL */

/* Count one record (see the rule above). Thread-safe for distinct p. */
void hp_dprof_add(hp_dprof_t *p, const hp_contigs_t *ctg, const bam1_t *b);

/* Count one host record into window w (the record's midpoint is the caller's to check); the
 * filter of hp_dprof_add is not applied. For the sampled windows of the indexed mode. */
void hp_dprof_add_host(hp_dprof_t *p, int64_t w, const bam1_t *b);

/* A layout of n_win sampled host windows of len bases each, not tied to contig positions
 * (win_first all -1, no edge windows): filled with hp_dprof_add_host. Returns 0 or -1. */
int hp_dprof_init_sample(hp_dprof_t *p, int n_targets, int64_t n_win, int64_t len)
    __attribute__((warn_unused_result));

/* Add src's counters to dst (same layout). */
void hp_dprof_merge(hp_dprof_t *dst, const hp_dprof_t *src);

/* Bin of a model coordinate (1..8278), or -1 outside the model. */
int hp_dprof_model_bin(int m);

/* Model coordinate of a 1-based position on a viral contig, or 0 when outside the model. */
int hp_dprof_model_pos(const hp_vcontig_t *v, int64_t pos);

#ifdef __cplusplus
}
#endif
#endif
