/* count_indexed.h -- the indexed fast path of `count`: instead of decoding every record, read
 * through the BAM/CRAM index (1) the viral contigs whole, (2) the host: every host contig when
 * the sample is small, else a deterministic sample of host windows at fixed spacing across the
 * autosomes (and chrX), (3) the host windows around each candidate site named by the viral
 * records (mates through RNEXT/PNEXT, SA entries). It fills the same accumulator and
 * depth-profile counters as the full scan (bam_scan.h), so estimators and writers are shared.
 *
 * When the whole host is read (a small host), every record's evidence counts: the same answers
 * as the full scan. When the host is sampled, junction evidence comes from the viral contigs and
 * the candidate windows only, and what the mode cannot see is evidence with no record on a
 * viral contig, i.e. host reads soft-clipped by LTR-end sequence at a site where no fragment
 * has a split or discordant record. The environment variable HTLVPVL_INDEX_SAMPLE=N (tests)
 * forces the sampled path with N windows (at most half the autosomes).
 * Host counters (reads, fragments, host bases, insert sizes) are the sample's, scaled to the
 * autosome length, when the host is sampled; with the index's per-contig counts (BAI, CSI) they
 * and the depth profile's host windows are scaled by the index's mapped autosomal records over
 * the sample's instead (a ratio estimate: the host level then carries no sampling error, only
 * the sample's shares of duplicates, low-MAPQ reads and GC strata do).
 * GC trend (BAI/CSI): when the sampled windows show one (hp_pvl_profile's test, made for a
 * sample), the depth profile's host windows are replaced by windows of the full scan's grid
 * (off the contig ends, in bit-reversed order), read in rounds until the host rate they give at
 * the viral bins' GC lies within HP_IDX_GC_RSD (relative sd, from the windows' scatter about the
 * GC fit and the finite population) of the whole host's, or every such window is read (then
 * the profile's host is the full scan's). */
#ifndef HTLVPVL_COUNT_INDEXED_H
#define HTLVPVL_COUNT_INDEXED_H

#include <stdint.h>
#include "htlvpvl/bam_scan.h"
#include "htlvpvl/depth_profile.h"
#include "htlvpvl/junction.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Host reads the sample aims at: the most of HP_IDX_MIN_READS (the host level comes from the
 * index's counts; the sample's shares, e.g. of duplicates, are then within about 0.1 %; 20,000
 * let 1 of 6 simulated samples differ from the full scan by 0.54 %), HP_IDX_HOST_PER_VIRAL per
 * viral read (with a GC trend, the host rate's relative variance under 1/25 of the viral
 * count's: the CI 2 % wider at most) and one in
 * HP_IDX_FRACTION of the mapped autosomal records (a 30x human BAM: 800,000 reads, 0.16 %).
 * The whole host is read when it holds no more than HP_IDX_ALL_FACTOR times the sample. */
#define HP_IDX_MIN_READS 40000
#define HP_IDX_HOST_PER_VIRAL 50
#define HP_IDX_FRACTION 1000
#define HP_IDX_ALL_FACTOR 4
#define HP_IDX_WIN 1000      /* bases of one sampled host window */
#define HP_IDX_BIN 16384     /* windows start on the linear index's 16 kb bins */
#define HP_IDX_MIN_WIN 100   /* at least this many sampled windows (GC strata) */
/* The sample takes windows of the full scan's profile (autosomes / 200, 500-10,000 bp, on its
 * grid) when the budget holds at least this many, else 1,000 bp windows. */
#define HP_IDX_MIN_WIN_LAYOUT 30
/* A sample whose windows show a GC trend (the host rate at each viral bin's GC then comes from
 * the windows near that GC) reads more windows of the full scan's grid until the host rate it
 * gives lies within this relative sd of the whole host's (0.5 % apart is then over 3 sd). */
#define HP_IDX_GC_RSD 0.0015
/* A host with no windows near the viral GC (hp_pvl_profile_t.gc_unsupported: a small host of
 * narrow GC) whose full-scan grid has at most this many windows (under 2 Mb of autosomes: 200;
 * 10 Mb: 1,000) is read whole, so that the sample takes the full scan's decision on carrying
 * a weak GC trend that far; a bigger one (the 32 and 64 Mb random-sequence hosts of
 * bench/bench_indexed.sh: 3,200 and 6,400) calls the trend on its sample (2 sd), as a host
 * of varied GC does. */
#define HP_IDX_GC_ALL_MAX 1000

typedef struct {
    int sampled;             /* 0: every host contig read; 1: host windows sampled */
    int64_t n_win, n_win_x;  /* sampled autosome / chrX windows */
    int64_t sampled_len;     /* autosome bases in the sample */
    double scale;            /* host counters were multiplied by this (1 when not sampled) */
    int64_t idx_mapped_auto; /* mapped autosomal records by the index (-1: CRAM, no counts) */
    int64_t mapped_sample;   /* mapped records with their midpoint in the sampled windows */
    int64_t viral_reads;     /* primary, non-duplicate reads on the viral contigs */
    int64_t n_candidates, n_intervals; /* candidate host positions, merged windows read */
    int64_t records_read;    /* records decoded in all */
    int64_t n_win_gc;        /* GC trend: windows of the full scan's grid read (0: none) */
    double gc_rsd;           /* their host rate's relative sd against the whole host's */
} hp_idx_info_t;

/* Run the indexed mode on an open input whose index is loaded (hp_bam_load_index). copt: the
 * classifier's options (no region). acc: initialised, filled as hp_bam_scan fills it. dprof:
 * initialised by hp_dprof_init; replaced by a sampled layout when the host is sampled.
 * Returns 0, or -1 with b->err set. */
int hp_count_indexed(hp_bam_t *b, const hp_contigs_t *ctg, const hp_classify_opt_t *copt,
                     hp_acc_t *acc, hp_dprof_t *dprof, hp_idx_info_t *info)
    __attribute__((warn_unused_result));

#ifdef __cplusplus
}
#endif
#endif
