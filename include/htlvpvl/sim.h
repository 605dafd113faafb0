/* sim.h -- the read simulator behind `htlvpvl simulate`: a seeded PRNG, host genomes (FASTA or
 * built-in synthetic), clones with integrated proviruses, and paired-end fragment sampling with
 * realised truth (junction fragments, proviral load). Sources: src/sim_*.c, one file per
 * stage (rng, host, clones, strain, reads, truth).
 *
 * Model (see docs/formats.md, "simulate"): host fragments are drawn at 2 copies per autosome,
 * 1 per chrX/chrY and K per chrM; a host fragment that spans a clone's insertion point is dropped
 * with probability c / ploidy; each clone's carrier allele (host flank + TSD + provirus + TSD +
 * host flank) is sampled at c copies per cell and only fragments overlapping the provirus are
 * kept. The result is exact in expectation: a clone at cell fraction c has provirus depth
 * c / 2 of the autosomal depth.
 *
 * Coordinates: 1-based inclusive unless a name ends in 0 (0-based). A clone's `pos` follows
 * FIELD.md section 4: pos = a (+ strand) or a + 5 (- strand), h[a..a+5] being the TSD.
 * Nothing here prints (except through log.h), exits or touches argv. Not thread-safe per object.
 */
#ifndef HTLVPVL_SIM_H
#define HTLVPVL_SIM_H

#include <htslib/bgzf.h>
#include "htlvpvl/contigs.h" /* hp_ctg_class_t */
#include "htlvpvl/virus.h"
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HP_SIM_MAX_TP 16    /* time points */
#define HP_SIM_SPLIT_MIN 10 /* bases each side of a junction for a read to "show" it */

/* ---- PRNG: xoshiro256** seeded by splitmix64. Same seed, same stream on every platform. ---- */
typedef struct {
    uint64_t s[4];
} hp_rng_t;

void hp_rng_seed(hp_rng_t *r, uint64_t seed);
uint64_t hp_rng_next(hp_rng_t *r);
double hp_rng_uniform(hp_rng_t *r);                /* [0, 1), 53 bits */
uint64_t hp_rng_below(hp_rng_t *r, uint64_t n);    /* uniform in [0, n), unbiased; n > 0 */
double hp_rng_normal(hp_rng_t *r);                 /* standard normal (Box-Muller, no cache) */
uint64_t hp_rng_poisson(hp_rng_t *r, double mean); /* mean >= 0 */

/* ---- Host genome ---- */
/* contig kinds: hp_ctg_class_t (contigs.h), the one enum count uses too */

typedef struct {
    char *name;
    char *seq; /* upper-case, NUL-terminated */
    int64_t len;
    hp_ctg_class_t kind;
    double copies; /* copies per cell */
} hp_host_ctg_t;

typedef struct {
    hp_host_ctg_t *ctg;
    int n;
    /* built-in host only (else len 0): repeat family and segmental duplication, 1-based */
    int rep_len, n_rep;
    int segdup_len;
    int segdup_src_tid, segdup_dst_tid;
    int64_t segdup_src, segdup_dst;
} hp_host_t;

/* The kind of a host contig from its name: hp_ctg_class_of_name (contigs.h), count's rule. */

/* Built-in synthetic host with about `autosome_bp` autosomal bases (chr1 50 %, chr2 30 %,
 * chr3 20 %), chrX (15 %, min 5 kb), chrM (2,000 bp at mt_copies), GC 40 %, a 300-bp repeat
 * family in diverged copies (5-15 % substitutions) and a segmental duplication (chr1 -> chr2,
 * 1 % divergence). Deterministic in host_seed. Returns 0, or -1 (out of memory or
 * autosome_bp < 20000). */
int hp_host_synth(hp_host_t *h, int64_t autosome_bp, double mt_copies, uint64_t host_seed)
    __attribute__((warn_unused_result));
/* The same with the autosomes and chrX made of 1,000-bp blocks, each of a GC drawn uniformly in
 * [gc_lo, gc_hi] (a real genome's GC spread across windows, so a GC-biased library's host
 * depth follows GC); gc_hi = 0: hp_host_synth's i.i.d. 40 % GC, the same bytes. */
int hp_host_synth_gc(hp_host_t *h, int64_t autosome_bp, double mt_copies, uint64_t host_seed,
                     double gc_lo, double gc_hi) __attribute__((warn_unused_result));

/* Read a FASTA (plain or gzip/BGZF) with htslib (BGZF + kseq.h). Contigs named like the HTLV-1
 * reference (HTLV1*) are skipped; sequences are upper-cased, letters other than ACGT become N,
 * blanks are dropped. Returns 0; -1 when the file cannot be opened (errno set); -2 on a format
 * error (text before the first '>' header, a FASTQ record, a non-letter, an empty name or
 * contig, a duplicate name, no host contig, a truncated file); -3 out of memory. */
int hp_host_read_fasta(hp_host_t *h, const char *path, double mt_copies)
    __attribute__((warn_unused_result));

/* Write the host as FASTA (60 columns). Returns 0 or -1. */
int hp_host_write_fasta(const hp_host_t *h, FILE *fp) __attribute__((warn_unused_result));

/* Index of a contig by name, or -1. */
int hp_host_find(const hp_host_t *h, const char *name);

/* Total length of the autosomal contigs. */
int64_t hp_host_autosome_len(const hp_host_t *h);

void hp_host_destroy(hp_host_t *h); /* frees the contents; accepts NULL */

/* ---- Clones ---- */
typedef enum { HP_DEF_NONE = 0, HP_DEF_5LTR, HP_DEF_INTERNAL } hp_defective_t;

/* Deletions of the defective types, full-provirus coordinates (1-based, inclusive):
 * 5ltr: 1-1500 (5' LTR, PBS and the start of gag; only the 3' LTR junction is left);
 * internal: 1001-6500 (most of gag, pol and env; both LTRs and pX kept). */
#define HP_DEL5_START 1
#define HP_DEL5_END 1500
#define HP_DELI_START 1001
#define HP_DELI_END 6500

const char *hp_defective_name(hp_defective_t d);          /* "none", "5ltr", "internal" */
int hp_defective_parse(const char *s, hp_defective_t *d); /* 0 or -1 */

typedef struct {
    int id;               /* 1-based clone number */
    int tid;              /* host contig */
    int64_t pos;          /* FIELD.md convention */
    char strand;          /* '+' or '-' */
    double cell_fraction; /* at baseline (time point 0) */
    hp_defective_t defective;
    int ccr4;                   /* 1 CCR4+, 0 CCR4-, -1 not given */
    int n_fold;                 /* folds given for time points 1..n_fold (0: none) */
    double fold[HP_SIM_MAX_TP]; /* fold[k]: cell fraction at time point k over baseline */
    /* a small host indel on the carrier allele near a junction (hp_clones_flank_indels):
     * indel_len < 0 deletes host bases indel_pos .. indel_pos - indel_len - 1; > 0 inserts
     * indel_seq after host base indel_pos; 0: none. Host coordinates, 1-based. */
    int64_t indel_pos;
    int indel_len;
    char indel_seq[4];
    int indel_dist; /* host bases between the indel and the nearest junction (1-10) */
} hp_clone_t;

typedef struct {
    hp_clone_t *c;
    int n, m;
    int flank_indels; /* 1: hp_clones_flank_indels ran (truth.sites.tsv records the indels) */
} hp_clones_t;

/* Give each clone, with probability frac, one host indel of 1-3 bp (insertion or deletion,
 * equal odds) on its carrier allele, 1-10 host bases from one of its two junctions (uniform):
 * a variant of the host near the integration site. The junction bases (a and a + 5) and the
 * TSD length are kept, so the site position in host coordinates is unchanged; an indel inside
 * the TSD is in both of its copies. Draws from rng only for frac > 0; sets
 * cl->flank_indels. */
void hp_clones_flank_indels(hp_clones_t *cl, double frac, hp_rng_t *rng);

/* First host base of the TSD: a = pos (+) or pos - 5 (-). */
int64_t hp_clone_tsd_start(const hp_clone_t *c);

/* Read a clone table: TSV with a header naming the columns (chrom, pos, strand, cell_fraction;
 * optional defective, ccr4, fold = comma-separated folds for time points 1, 2, ...), or
 * without a header: chrom pos strand cell_fraction [defective]. '#' lines are comments unless
 * the first one is the header ("#chrom ..."). Contigs are checked against the host; pos must
 * leave `flank` bases of host on each side. On error returns -1 (cannot open; errno set) or -2
 * (format; *line set to the bad line, msg to a static reason). */
int hp_clones_read(hp_clones_t *cl, const char *path, const hp_host_t *h, int64_t flank, int *line,
                   const char **msg) __attribute__((warn_unused_result));

/* Clone-size distribution: weights (e.g. cells per clone, Laydon's EstCloneFreqBody files,
 * column 2 "Frequency"; or one number per line). -1 open error, -2 format error. */
int hp_clonedist_read(double **w, int *n, const char *path) __attribute__((warn_unused_result));

/* Draw n clones: sizes by weighted sampling without replacement from w[0..nw) (proportional to
 * size; nw == 0: log-normal sizes, sigma 1.5), cell fractions scaled so they sum to
 * pvl / 100; sites uniformly on autosomes, >= flank from contig ends and >= spacing apart,
 * random strand; clones taken in random order are made CCR4+ while that brings the CCR4+ share
 * of infected cells closer to ccr4_frac. Returns 0, -1 when the sites cannot be placed (10,000
 * tries per clone) or w has fewer non-empty clones than n, -3 out of memory. */
int hp_clones_draw(hp_clones_t *cl, hp_rng_t *rng, const hp_host_t *h, int n, const double *w,
                   int nw, double pvl, int64_t flank, int64_t spacing, double ccr4_frac)
    __attribute__((warn_unused_result));

void hp_clones_destroy(hp_clones_t *cl); /* accepts NULL */

/* ---- Fragment-length distribution (discrete) ---- */
typedef struct {
    int lo, hi;  /* support */
    double *cdf; /* cdf[i] = P(len <= lo + i) */
    double mean, sd;
} hp_fraglen_t;

/* Normal(mean, sd) rounded, truncated to [max(30, mean - 4 sd), mean + 4 sd]. 0 or -1. */
int hp_fraglen_normal(hp_fraglen_t *f, double mean, double sd) __attribute__((warn_unused_result));
/* Empirical lengths from a file: one number per line, or a TSV whose header names a column
 * "length"/"lengths"/"frag_length" (else the first numeric column). -1 open, -2 format. */
int hp_fraglen_read(hp_fraglen_t *f, const char *path) __attribute__((warn_unused_result));
int hp_fraglen_draw(const hp_fraglen_t *f, hp_rng_t *rng);
/* E[min(len, read_length)]: mean read length actually sequenced per mate. */
double hp_fraglen_mean_read(const hp_fraglen_t *f, int read_length);
void hp_fraglen_destroy(hp_fraglen_t *f);

/* ---- Patient strain ---- */
/* A provirus that differs from J02029 (hp_htlv1_seq): substitutions and small indels (1-3 bp),
 * at a higher rate in the LTR; both LTR copies carry the same variants (reverse transcription
 * copies one template into both). */
typedef struct {
    hp_virus_t virus; /* the strain as a provirus model (virus.h), LTR to LTR: virus.seq,
                       * virus.len; its LTRs (virus.ltr_len, virus.ltr3_start) and regions found
                       * by the model's finder */
    int *ref_pos; /* J02029 coordinate (1-based) of each base of virus.seq; an inserted base
                   * takes the coordinate of the reference base before it */
    int n_sub, n_ins, n_del; /* events in one LTR copy and the internal region */
    double divergence, ltr_factor;
} hp_strain_t;

/* Make a strain: each reference base is substituted with probability 0.9 * r, starts an
 * insertion with probability 0.05 * r and a deletion with probability 0.05 * r (1-3 bp,
 * uniform), where r = divergence in the internal region and divergence * ltr_factor in the
 * LTR. divergence 0 gives J02029 itself and draws nothing from rng. Returns 0, -1 (bad
 * arguments: divergence outside [0, 0.2] or rate above 0.5; or the model's LTR finder did not
 * find the LTRs made, which the identical copies rule out) or -3 (out of memory). */
int hp_strain_make(hp_strain_t *s, double divergence, double ltr_factor, hp_rng_t *rng)
    __attribute__((warn_unused_result));
/* Write the strain as FASTA (60 columns) with the counts in the header. 0 or -1. */
int hp_strain_write_fasta(const hp_strain_t *s, FILE *fp) __attribute__((warn_unused_result));
void hp_strain_destroy(hp_strain_t *s); /* accepts NULL */

/* ---- Carrier allele ---- */
typedef struct {
    char *seq; /* left flank + TSD | provirus (oriented) | TSD + right flank */
    int64_t len;
    int64_t prov_beg0, prov_end0; /* provirus in seq: [prov_beg0, prov_end0) */
    int64_t host_left0;           /* host 0-based coordinate of seq[0] */
    int64_t host_right0;          /* host 0-based coordinate of seq[prov_end0] (= a - 1) */
    int *prov_map;                /* full-provirus coordinate (1-based) of seq[prov_beg0 + i] */
    int left_kind, right_kind;    /* junction at prov_beg0 / prov_end0: HP_JUNC_* */
} hp_allele_t;

enum { HP_JUNC_U3 = 0, HP_JUNC_U5 = 1, HP_JUNC_DEL = 2 }; /* LTR end at a junction */

/* Build a clone's carrier allele with `flank` host bases (TSD included) on each side. The
 * provirus is the strain (hp_htlv1_seq when strain is NULL) minus the defective deletion
 * (reference coordinates: strain bases whose ref_pos falls in it are left out),
 * reverse-complemented for '-'. prov_map holds reference coordinates.
 * Returns 0, -1 (site too close to a contig end), -3 out of memory. */
int hp_allele_build(hp_allele_t *a, const hp_host_t *h, const hp_clone_t *c, int64_t flank,
                    const hp_strain_t *strain) __attribute__((warn_unused_result));
void hp_allele_destroy(hp_allele_t *a);

/* ---- Simulation of one sample ---- */
typedef struct {
    double depth; /* autosomal read depth (both alleles) */
    int read_length;
    double error_rate; /* substitutions per base */
    double dup_rate;   /* fraction of read pairs that are PCR duplicates */
    const hp_fraglen_t *fraglen;
    int keep_order; /* 0: read pairs in random order; 1: in source order (host contigs
                     * by position, then clones; duplicates at the end): compresses
                     * several-fold better, for committed test data */
    const hp_strain_t *strain; /* provirus of the reads; NULL: J02029 */
    double gc_bias;            /* S: a fragment of GC fraction g is kept with probability
                                * proportional to exp(S * (g' - 0.45)), g' = g clamped to
                                * [0.2, 0.7]; host and provirus alike; the sampling rate is
                                * raised so that the autosomal depth stays `depth`. 0: off */
} hp_sim_opt_t;

/* Realised truth of one clone in one sample (unique fragments: duplicates excluded). */
typedef struct {
    double cell_fraction;                           /* nominal at this time point */
    int64_t junction_u5, junction_u3, junction_del; /* fragments spanning each junction */
    int64_t split_u5, split_u3; /* ... with a read holding >= HP_SIM_SPLIT_MIN bases each side */
    int64_t viral_fragments;    /* fragments overlapping the provirus */
    double px_bases;            /* read bases on pX */
} hp_sim_clone_truth_t;

typedef struct {
    int64_t n_fragments; /* read pairs written, duplicates included */
    int64_t n_duplicates;
    int64_t n_viral; /* unique fragments overlapping a provirus */
    int64_t n_host;  /* unique host-only fragments */
    int64_t n_host_autosomal, n_host_x, n_host_mt;
    int64_t n_junction; /* unique fragments spanning an LTR-host junction */
    double auto_bases;  /* host read bases on autosomes (unique fragments) */
    double x_bases, mt_bases;
    double px_bases, gag_bases;     /* provirus read bases on pX / gag (all clones) */
    double internal_bases;          /* provirus read bases on 756-8278 (between the LTRs) */
    double viral_bases, host_bases; /* all provirus / all host read bases */
    int64_t auto_len, x_len, mt_len;
    double pvl_cells; /* the truth: proviruses per 100 cells (100 x sum of cell fractions) */
    double pvl_nominal, pvl_realised; /* pvl_realised: pX depth ratio, a diagnostic */
    double pvl_realised_internal; /* the same on the internal region instead of pX */
    hp_sim_clone_truth_t *clone;  /* one per clone (n_clone) */
    int n_clone;
} hp_sim_truth_t;

/* Probability that a fragment of GC fraction gc is kept under GC bias s:
 * exp(s * (g' - 0.45)) / exp(|s| * 0.25), g' = gc clamped to [0.2, 0.7] (1 at the favoured end
 * of the clamp). s = 0 gives 1. */
double hp_sim_gc_keep(double gc, double s);

/* Simulate one sample: clone j at cell fraction frac[j]. Writes FASTQ records to r1 and r2
 * (BGZF streams opened by the caller) and fills *t (caller frees with hp_sim_truth_destroy).
 * Deterministic in rng's state. Each clone's site must lie at least fraglen->hi bases from its
 * contig's ends. Returns 0, -1 on a write error, -2 when a site is too close to a contig end,
 * -3 out of memory. */
int hp_sim_run(const hp_sim_opt_t *o, const hp_host_t *h, const hp_clones_t *cl, const double *frac,
               hp_rng_t *rng, BGZF *r1, BGZF *r2, hp_sim_truth_t *t)
    __attribute__((warn_unused_result));
void hp_sim_truth_destroy(hp_sim_truth_t *t);

/* What truth.json records besides the counts (strings may be NULL). */
typedef struct {
    uint64_t seed, host_seed;
    const char *host; /* FASTA path, or NULL for the built-in host */
    int64_t host_size;
    double host_gc_lo, host_gc_hi; /* built-in host's GC blocks (0: i.i.d. 0.40) */
    double mt_copies;
    const char *layout; /* "full" / "split": recorded only */
    const char *clones; /* clone table path, or NULL when drawn */
    const char *clone_dist;
    int n_clones_drawn;
    double pvl_baseline; /* nominal at time point 0 */
    int tp_index, n_tp;
    const char *tp_label;
    const hp_sim_opt_t *opt;
    /* recorded only when set (0 / NULL: the key is left out) */
    double defective_type1, defective_type2; /* asked share of infected cells */
    int divergence_set;                      /* strain recorded (opt->strain) */
} hp_sim_meta_t;

/* truth.sites.tsv: header and one row per clone, sorted by contig and position. frac0[] are
 * the baseline cell fractions (fold = frac / frac0). Returns 0 or -1 on a write error. */
int hp_sim_write_sites(FILE *fp, const hp_host_t *h, const hp_clones_t *cl, const double *frac0,
                       const hp_sim_truth_t *t) __attribute__((warn_unused_result));
/* truth.json. Returns 0 or -1. */
int hp_sim_write_json(FILE *fp, const hp_host_t *h, const hp_clones_t *cl, const hp_sim_truth_t *t,
                      const hp_sim_meta_t *m) __attribute__((warn_unused_result));

#ifdef __cplusplus
}
#endif
#endif
