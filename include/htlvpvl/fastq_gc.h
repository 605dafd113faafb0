/* fastq_gc.h -- host depth against GC without a reference, for the FASTQ screen
 * (src/fastq_gc.c).
 *
 * A GC-biased library samples fragments at a rate b(GC). Host reads alone cannot give b: the
 * number of host fragments of GC g is (genome positions of GC g) x b(g) x depth, and the
 * genome's composition is unknown without a reference (the human genome's differs from any
 * other host's). Depth itself can be measured without one: the number of times a genomic
 * k-mer occurs across the reads (its multiplicity) is the read depth at its locus (as k-mer
 * spectrum tools plot coverage against GC). So host k-mers are sampled (a fixed subset by hash,
 * about 2^18 of the genome's), each with its multiplicity m and the mean GC of the fragments
 * it occurs in (the GC the library's bias acts on, measured as it is on the viral reads);
 * loci are grouped by that GC in 1 % strata, and the depth of each stratum is the mean m of its
 * k-mers (sequencing-error k-mers, m under a quarter of the median or 2, left out: a truncated
 * Poisson mean; repeats, m over 3 x the median, left out). The host rate at the GC of a viral bin is then the
 * strata's depth there (pvl.h, hp_pvl_host_rate_at) over the mean depth of all sampled loci.
 *
 * Assumptions: the sampled k-mers are unique in the genome and stand for its positions evenly;
 * sequencing errors and heterozygous sites are spread evenly over GC (they lower every stratum
 * alike); the bias depends on fragment GC, as on the virus. Without bias every stratum has the
 * same depth and the ratio is 1 within its noise.
 *
 * Tables are per thread and merged by summing integers: the result does not depend on the
 * thread count or the order of reads. */
#ifndef HTLVPVL_FASTQ_GC_H
#define HTLVPVL_FASTQ_GC_H

#include "htlvpvl/pvl.h"
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HP_HKMER_K 31          /* k of the sampled host k-mers (canonical) */
#define HP_HKMER_TARGET 262144 /* genomic k-mers sampled: about this many per genome */
#define HP_GC_NSTRATA 101      /* 1 % GC strata, 0..100 % */

typedef struct hp_hkmer_s hp_hkmer_t;

/* An empty table, or NULL when out of memory. destroy accepts NULL. */
hp_hkmer_t *hp_hkmer_new(void);
void hp_hkmer_destroy(hp_hkmer_t *t);

/* Hash threshold that samples about HP_HKMER_TARGET k-mers of a genome of genome_size bases
 * (every k-mer of a genome smaller than that). */
uint64_t hp_hkmer_threshold(double genome_size);

/* Add the sampled canonical k-mers of seq[0, len) with the fragment's GC in per mille. Returns
 * the occurrences added, or -1 when out of memory. */
int hp_hkmer_add(hp_hkmer_t *t, const char *seq, int len, uint64_t thr, int gc_pm);

/* dst += src (multiplicities and GC sums; adaptive tables: at the lower threshold of the two,
 * then pruned to the cap). Returns 0 or -1 (memory). */
int hp_hkmer_merge(hp_hkmer_t *dst, const hp_hkmer_t *src);

/* Genome size the host reads imply, without a reference or --genome-size: an adaptive
 * sample of the host reads' canonical k-mers (all at first; the hash threshold halves while
 * more than cap distinct k-mers are kept, so the rate follows the genome actually sequenced).
 * The two-copy k-mer depth is the median multiplicity of the sampled k-mers between the error
 * limit (max(2, median / 4)) and the repeat limit (3 x median); base depth = k-mer depth x
 * bases / k-mer positions (L / (L - k + 1) for reads of length L); the host read bases that
 * are not sequencing errors (occurrences of k-mers above the error limit over the sampling
 * rate, in bases) over that depth are the haploid genome size the PVL formula needs (repeats
 * and chrM at their copies, as in the host bases it divides by). Reliable with at least
 * HP_GSIZE_MIN_KMERS k-mers between the limits, a k-mer depth of HP_GSIZE_MIN_DEPTH and
 * HP_GSIZE_MIN_SHARE of the occurrences above the error limit. The final table (threshold:
 * the largest halving that keeps at most cap k-mers of all the reads) does not depend on the
 * thread count or the order of merging. A one-copy part (a male's chrX) lowers the median and
 * raises the estimate a little (+7 % with a ninth of the bases in one copy, unit test). */
#define HP_GSIZE_CAP 65536     /* distinct k-mers kept by the adaptive sample */
#define HP_GSIZE_MIN_KMERS 1000 /* k-mers between the limits for a reliable estimate */
#define HP_GSIZE_MIN_SHARE 0.5 /* ... and at least this share of the occurrences above the
                                * error limit (else the genome's own k-mers fall below it: too
                                * shallow, and a high-copy part such as chrM sets the median) */
#define HP_GSIZE_MIN_DEPTH 8    /* ... and this k-mer depth (below it the error limit of 2
                                 * cuts into the genomic k-mers) */

typedef struct {
    double genome_size;    /* implied haploid genome size (bp); NaN when it cannot be had */
    int reliable;          /* kmers_used >= HP_GSIZE_MIN_KMERS */
    double kmer_depth;     /* two-copy k-mer depth (median multiplicity) */
    double base_depth;     /* the same in read bases */
    double nonerror_bases; /* host read bases outside error k-mers (estimated) */
    double sampling_rate;  /* share of k-mers sampled (hash threshold) */
    double nonerror_share; /* share of the sampled occurrences above the error limit */
    int64_t kmers, kmers_used;
    int error_limit, repeat_limit;
} hp_gsize_t;

/* An empty adaptive table keeping at most cap distinct k-mers, or NULL (memory). */
hp_hkmer_t *hp_hkmer_new_adaptive(int64_t cap);

/* An empty adaptive table with t's cap and t's threshold now (a batch's table: k-mers above
 * that threshold could not stay after the merge), or NULL (memory). */
hp_hkmer_t *hp_hkmer_new_like(const hp_hkmer_t *t);

/* Add seq[0, len) to an adaptive table. Returns 0, or -1 when out of memory. */
int hp_hkmer_add_adaptive(hp_hkmer_t *t, const char *seq, int len);

/* The implied genome size from an adaptive table (merged). Returns 0 or -1 (memory). */
int hp_hkmer_genome_size(const hp_hkmer_t *t, hp_gsize_t *out);

/* Host depth by GC stratum. */
typedef struct {
    int n;                          /* strata with k-mers */
    hp_pvl_hwin_t w[HP_GC_NSTRATA]; /* g: stratum GC; h / l: its depth (mean multiplicity),
                                     * h in fragment equivalents (its Poisson weight) */
    double mean_depth;              /* mean multiplicity over all strata's k-mers */
    int64_t kmers, kmers_used;      /* distinct sampled k-mers; of those, 2 <= m <= cap */
    int64_t kmers_error, kmers_repeat; /* left out: m < min_m, m > cap */
    double median_m;
    int min_m, cap;
    double log_slope;  /* of the log two-copy depth on GC at the mean GC (the class fit's
                        * log-linear or log-quadratic curve) */
    double dispersion; /* strata's scatter about that curve over their counting noise (>= 1) */
} hp_gc_strata_t;

/* Strata from the merged table; occurrences: k-mer occurrences added, fragments: the host
 * fragments they came from. Returns 0 (out->n = 0 when nothing could be used). */
int hp_hkmer_strata(const hp_hkmer_t *t, int64_t occurrences, double fragments,
                    hp_gc_strata_t *out);

/* Host depth at fragment GC g over the mean depth (1 when there are no strata); *rv: its
 * relative variance, *bw: the kernel bandwidth used. */
double hp_gc_relative_depth(const hp_gc_strata_t *s, double g, double *rv, double *bw);

#ifdef __cplusplus
}
#endif
#endif
