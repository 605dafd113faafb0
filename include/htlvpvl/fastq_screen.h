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
#include "htlvpvl/fastq_gc.h"
#include "htlvpvl/kmer.h"
#include "htlvpvl/pvl.h"
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HP_SCREEN_MIN_VIRAL 30 /* read bases on one provirus diagonal that make a read viral */
#define HP_SCREEN_LTR_MARGIN 100 /* LTR bases at each outer LTR end left out of the provirus
                                  * window: a read there may be mostly host, and missed */
#define HP_SCREEN_CLIP 30        /* read bases beyond the k-mer span taken as off the provirus */
#define HP_SCREEN_DEL_Z (-4.0)   /* z of the rest/pX depth ratio below which proviruses are
                                  * taken as defective: strong evidence only, since switching
                                  * to pX whenever pX is high by chance would bias upwards (on
                                  * intact simulated samples this z has an sd of about 1.3, so
                                  * -3 fired in 2 of 160) */

typedef struct {
    const hp_virus_t *virus;
    const hp_kmer_index_t *idx;
    const hp_flank_finder_t *ff;
    int min_qual;         /* fragments whose mean base quality (Phred+33) is below: skipped */
    int win_beg, win_end; /* PVL window on the provirus (1-based, inclusive), e.g. pX */
    int batch_frag;       /* fragments per batch (default 1 << 16 when 0) */
    int keep_dups;        /* PVL from all fragments, duplicates included (unmarked BAM rule) */
    int provirus;         /* 1: PVL over the whole provirus (hp_screen_pvl), win_beg..win_end
                           * (pX) its check and fallback; 0: over the window only */
    uint64_t host_kmer_thr; /* host k-mers sampled for the GC strata (hp_hkmer_threshold);
                             * 0: none (no GC matching) */
} hp_screen_opt_t;

/* A fragment with read bases in the PVL window. */
typedef struct {
    uint64_t key;  /* hp_fragment_key: duplicates share it */
    int64_t frag;  /* index in the input */
    int32_t bases; /* read bases in the window (both mates) */
    int32_t prov_bases, prov_px; /* read bases in the provirus window (hp_screen_prov_len),
                                  * and of those in win_beg..win_end (opt->provirus only) */
    int8_t bin[2];  /* profile bin (depth_profile.h) of each read's midpoint; -1: none */
    uint16_t gc;    /* the fragment's GC (both reads), per mille */
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
    int64_t host_reads;    /* reads of host (passing, non-viral) fragments */
    hp_hkmer_t *hk;        /* sampled host k-mers (opt->host_kmer_thr) */
    int64_t hk_occ;        /* their occurrences */
    hp_hkmer_t *gs;        /* adaptive host k-mer sample: the implied genome size */
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

/* Provirus window of the whole-provirus PVL: the internal region (between the LTRs) and both
 * LTR copies less HP_SCREEN_LTR_MARGIN bases at their outer ends; a placed read's bases in it
 * are counted wherever in the LTR the read was placed (5' or 3' copy: they look alike), so
 * each LTR base counts as two copies. A read's span is its whole length projected from its 5'
 * end, cut back to its k-mer span at an end with more than HP_SCREEN_CLIP bases outside it
 * that differ from the provirus there in more than 20 % of bases (host, the far side of a
 * deletion, or a 3' LTR read placed on the 5' copy; a diverged strain's bases stay).
 * hp_screen_prov_len returns the window length in provirus bases, or 0 when it cannot be
 * defined. hp_screen_prov_overlap gives the bases of read seq[0, len), placed at p, in the
 * window (*px: of those, in [px_beg, px_end]). Thread-safe. */
int hp_screen_prov_len(const hp_virus_t *v);
int hp_screen_prov_overlap(const hp_virus_t *v, const hp_place_t *p, const char *seq, int len,
                           int px_beg, int px_end, int *px);

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
    /* opt->provirus only: both estimates and the deletion check */
    const char *estimator; /* "provirus", "pX" (deletion signal) or NULL (window only) */
    double prov_copies, prov_ci95[2], prov_effective;
    int64_t prov_fragments, prov_bases;
    int prov_bp;
    double px_copies, px_ci95[2], px_effective;
    int64_t px_fragments, px_bases;
    double rest_px_ratio, rest_px_ci95[2]; /* depth outside pX over depth on pX (Wald CI) */
    double rest_px_z; /* score z of the effective fragment counts under equal depths */
    int defective_suspected;                          /* rest_px_z < HP_SCREEN_DEL_Z */
    /* opt->provirus, built-in coordinates: the profile model of the BAM depth estimator
     * (pvl.h) on the reads' midpoints along the provirus, the host rate matched to each bin's
     * fragment GC by the host k-mer strata (fastq_gc.h); it is the headline when available */
    hp_pvl_profile_t prof;
    double bin_gc_factor[HP_DP_NBIN]; /* host depth at the bin's GC over the mean depth */
    hp_gc_strata_t gc;
    hp_gsize_t gsize; /* genome size the host reads imply (fastq_gc.h); NaN without provirus */
} hp_fastq_pvl_t;

/* With opt->provirus: the same formula on the provirus window (every viral read, LTR as two
 * copies) and on the pX window; the headline (copies_per_100_cells, ci95, viral_fragments,
 * window_bases, viral_effective, window_bp) is the provirus one, or the pX one when the depth
 * outside pX is below the pX depth beyond chance (score z of the effective fragment counts
 * outside pX under equal depths below HP_SCREEN_DEL_Z: defective proviruses lose sequence
 * outside pX, never pX).
 * Without opt->provirus, the window only:
 * copies per 100 cells = 200 * (window_bases / window_bp) /
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
