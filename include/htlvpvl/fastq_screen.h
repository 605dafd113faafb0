/* fastq_screen.h -- viral read screen of FASTQ input: counts fragments, finds viral ones and
 * junctions, and estimates proviral load from the counts (src/fastq_screen.c).
 *
 * Data flow: reader batches -> per-fragment classification (OpenMP, per-thread scratch) ->
 * merge in input order into hp_screen_t -> hp_screen_pvl / hp_flank_cluster.
 * The result depends only on the input and the options, never on the thread count.
 */
#ifndef HTLVPVL_FASTQ_SCREEN_H
#define HTLVPVL_FASTQ_SCREEN_H

#include "htlvpvl/fastq.h"
#include "htlvpvl/fastq_dup.h"
#include "htlvpvl/fastq_flank.h"
#include "htlvpvl/kmer.h"
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HP_SCREEN_MIN_VIRAL 30 /* read bases on one provirus diagonal that make a read viral */

typedef struct {
    const hp_virus_t *virus;
    const hp_kmer_index_t *idx;
    const hp_flank_finder_t *ff;
    int min_qual;         /* fragments whose mean base quality (Phred+33) is below: skipped */
    int win_beg, win_end; /* PVL window on the provirus (1-based, inclusive), e.g. pX */
    int batch_frag;       /* fragments per batch (default 1 << 16 when 0) */
    int keep_dups;        /* PVL from all fragments, duplicates included (unmarked BAM rule) */
} hp_screen_opt_t;

/* A fragment with read bases in the PVL window. */
typedef struct {
    uint64_t key;  /* hp_fragment_key: duplicates share it */
    int64_t frag;  /* index in the input */
    int32_t bases; /* read bases in the window (both mates) */
} hp_screen_win_t;

typedef struct {
    int64_t n_fragments; /* fragments read (pairs, or single reads) */
    int64_t n_reads, n_bases;
    int64_t n_low_qual; /* fragments skipped by min_qual */
    int64_t n_viral;    /* fragments with a viral read (>= HP_SCREEN_MIN_VIRAL bases) */
    int64_t n_viral_region[HP_N_REGIONS]; /* by the region of the viral read's centre */
    int64_t n_window;   /* fragments whose first read's 5' end lies in the PVL window */
    int64_t n_win_frag; /* fragments with read bases in the PVL window */
    int64_t win_bases, win_bases_sq;   /* read bases in the window: sum, sum of squares per
                                        * fragment (for the effective count) */
    int64_t host_bases, host_bases_sq; /* bases of host (passing, non-viral) fragments */
    int64_t n_junction;        /* fragments with an LTR-end junction read (before deduplication) */
    int64_t n_junction_end[2]; /* ... by LTR end (U5, U3) */
    hp_flank_ev_t *ev;         /* junction evidence, in input order */
    size_t n_ev, m_ev;
    hp_screen_win_t *win; /* fragments with bases in the window, in input order */
    size_t n_win, m_win;
    hp_dupset_t host_dups; /* keys of host fragments (sampled): their duplicate rate */
} hp_screen_t;

void hp_screen_init(hp_screen_t *acc);
void hp_screen_destroy(hp_screen_t *acc); /* frees the evidence; accepts NULL */

/* Classify one batch with n_threads OpenMP threads and add it to acc. Returns 0 or -1 (out of
 * memory). */
int hp_screen_batch(const hp_screen_opt_t *opt, const hp_fq_batch_t *b, hp_screen_t *acc,
                    int n_threads) __attribute__((warn_unused_result));

/* Read the whole input and classify it. With n_threads > 1 the next batch is read (and plain
 * gzip inflated) while the other threads classify the current batch: n_threads - 1, or
 * n_threads - 2 when R1 and R2 are read side by side (hp_fq_reader_threads).
 * Returns 0, -1 on bad input (hp_fq_reader_error tells why) or -2 when out of memory. */
int hp_screen_run(const hp_screen_opt_t *opt, hp_fq_reader_t *rd, hp_screen_t *acc, int n_threads)
    __attribute__((warn_unused_result));

/* Proviral load from the screen counts. */
typedef struct {
    double copies_per_100_cells; /* NaN when there are no host bases */
    double ci95[2];
    int64_t viral_fragments;  /* unique fragments with read bases in the window */
    int64_t viral_duplicates; /* ... and their duplicates, left out */
    int64_t window_bases;     /* read bases of unique fragments in the window */
    double viral_effective;   /* effective number of independent viral fragments */
    int window_bp;
    double host_fragments;       /* passing fragments that are not viral */
    int64_t host_bases;          /* bases of host fragments, duplicates included */
    double host_unique_fraction; /* estimated share of unique host fragments (hash sample) */
    int64_t host_sampled, host_sampled_distinct;
    double host_effective;              /* effective unique host fragments */
    double genome_size;                 /* haploid host genome (bp) */
    int64_t anchor_fragments;           /* n_window */
    double anchor_copies_per_100_cells; /* second estimate, from n_window */
} hp_fastq_pvl_t;

/* copies per 100 cells = 200 * (window_bases / window_bp) /
 *                         (host_bases * host_unique_fraction / genome_size):
 * the read depth on the window (inside the provirus, so every read that covers it is viral and
 * found, whatever the fragment length: no edge effect) over the host read depth per haploid
 * genome, both from unique fragments (both mates count). Duplicates: exact for the window (by
 * fragment key), estimated from the hash sample for the host.
 * CI: exact Poisson-ratio (conditional binomial) on the effective fragment counts
 * (sum b)^2 / sum b^2 of each side (compound Poisson: a fragment adds b bases).
 * anchor_copies_per_100_cells = 200 * (n_window / window_bp) / (host_fragments / genome_size),
 * counting fragments (duplicates included) by the 5' end of their first read: an independent
 * check, noisier. Returns 0, or -1 when out of memory. */
int hp_screen_pvl(const hp_screen_t *acc, const hp_screen_opt_t *opt, double genome_size,
                  hp_fastq_pvl_t *out) __attribute__((warn_unused_result));

#ifdef __cplusplus
}
#endif
#endif
