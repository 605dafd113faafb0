/* pvl.h -- proviral load estimators (FIELD.md section 6), each with a 95 % CI and the counts
 * behind it. Pure and thread-safe. */
#ifndef HTLVPVL_PVL_H
#define HTLVPVL_PVL_H

#include <stdint.h>
#include "htlvpvl/contigs.h"
#include "htlvpvl/depth_profile.h"
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
    double to_px[2], to_px_lo[2], to_px_hi[2];  /* gag, pol depth over pX depth, 95 % CI */
    double gagpol_to_px;       /* the lower of the two; NaN when pX has no reads */
    int defective;             /* gag or pol under 0.5 x pX and its CI under 0.8 */
} hp_pvl_depth_t;

/* Depth estimate from the merged counters. host_len: autosome bases the host depth is over. */
void hp_pvl_depth(const hp_acc_t *acc, const hp_contigs_t *ctg, int64_t host_len, int region,
                  hp_pvl_depth_t *out);

/* ---- Profile depth estimator: every viral read, a model of defective proviruses ----
 * Host: fragments (reads / 2) per window of the autosomes, leaving out windows at contig
 * ends, windows next to or inside uncovered stretches (reference N gaps, regions the sample
 * lacks; a window without reads counts as uncovered when it should hold >= 10 reads), windows
 * with more than 20 % of their reads under MAPQ 5, and windows above 2 x and 8 sd over the
 * mean; the host rate at a viral bin is a Gaussian-kernel local-linear fit of the windows'
 * rates on their read GC at the bin's read GC (bandwidth grown from 1 % GC until >= 50
 * windows weigh in; the kernel mean unless the fit departs from it by > 2 sd), so a
 * GC-biased library compares the virus with host of its own GC. A host whose windows show
 * no GC trend at all (the weighted regression of their rates on GC has a slope within 4 sd of
 * 0, sandwich sd; 2 sd where no windows lie near the viral GC) gives every bin the pooled
 * rate of all windows used (gc_bandwidth 0): the most precise, where a kernel at a viral GC
 * beyond the windows' range would rest on a few of them.
 * Virus: fragments per bin (depth_profile.h) with expected count rate(bin) x (bases of the bin
 * each provirus type keeps) x copies per cell; types: intact (the LTR twice), type 2 (5' LTR
 * and internal 756..e2 lost) and type 1 (internal s1..e1 lost), breakpoints on the internal
 * bins' edges, ending before pX. Fit by Poisson maximum likelihood (EM); the defective model
 * is kept when it gains more than HP_PROFILE_LR_MIN in 2 x log-likelihood (over the
 * dispersion). Each model's CI: the Garwood interval of the effective number of fragments (all
 * of them for the intact model; N^2 / Var from the Fisher information otherwise), its
 * log-width widened by the square root of (dispersion + host-rate variance x fragments);
 * dispersion = Pearson chi2 / df across bins when chi2 exceeds its 95 % quantile, else 1. */
#define HP_PROFILE_LR_MIN 10.0
/* Between these the choice between the intact and the defective model is uncertain: the CI is
 * the union of both models' CIs. The band starts at HP_PROFILE_LR_MIN, i.e. only where the
 * defective model is chosen (its CI then also holds the intact answer): without deletions the
 * gain exceeds 8 in about 17 % of samples and 10 in 7-9 % (Monte Carlo of this fit, 600-2,000
 * draws at 55-1,500 viral fragments; the same in the validation's intact samples), so a band
 * from 8 made the mean intact CI 1.11-1.16 x the information limit, from 10 1.03-1.05 x, while
 * the coverage with 25 % type 1 proviruses fell from 0.82 to 0.81 (55 fragments) and 0.70 to
 * 0.62 (150): a deficit the reads cannot show is not covered by either band. */
#define HP_PROFILE_LR_UNION_LO 10.0
#define HP_PROFILE_LR_UNION_HI 30.0

typedef struct {
    int available;            /* 0 without host windows or viral bins */
    double copies_per_100;    /* all proviruses (defective included) per 100 cells */
    double ci_lo, ci_hi;
    double viral_fragments;   /* fragments (reads / 2) in the model bins */
    double info_lo, info_hi;  /* information limit: Garwood CI of viral_fragments, scaled */
    double host_fragments;    /* fragments in the host windows used */
    double host_fragments_per_kb; /* per haploid copy, all windows used (no GC weighting) */
    double host_rel_var;      /* relative variance of the host rate at the viral bins */
    int64_t window_len;
    int64_t n_win, n_win_used, n_win_uncovered, n_win_lowmq, n_win_edge, n_win_high;
    double gc_host, gc_viral, gc_bandwidth; /* read GC of the windows used / of the viral reads */
    double host_sample_rsd;   /* a sample of host windows with a GC trend (indexed mode): the
                               * relative sd of its host rate against the whole host's (read-
                               * weighted over the bins); 0 otherwise */
    int gc_unsupported;       /* 1: under 50 windows (of the whole) within 2 % GC of the
                               * viral reads: their rate is carried from another GC */
    const char *model;        /* "intact" or "defective" */
    int model_uncertain;      /* 1: the CI is the union of both models' CIs */
    double lr_defective;      /* 2 x log-likelihood gain of the best defective model / disp. */
    double intact_fraction, intact_lo, intact_hi;
    double type2_fraction, type1_fraction; /* of all proviruses, in the best defective model */
    int type2_end, type1_beg, type1_end;   /* deletions, model coordinates (0: none) */
    double pearson_chi2, dispersion;
    int df;
    double bin_obs[HP_DP_NBIN], bin_fit[HP_DP_NBIN], bin_gc[HP_DP_NBIN];
    double bin_intact[HP_DP_NBIN]; /* expected fragments per bin for the estimate, all intact */
    double intact_copies, intact_ci[2];       /* each model's estimate and CI (diagnostics) */
    double defective_copies, defective_ci[2]; /* NaN when the defective fit has none */
    /* Model average (diagnostic for BAM, the estimate for FASTQ): prior 1/2 on intact and
     * defective, uniform over the defective breakpoint configurations, each likelihood (over
     * the dispersion) times a Laplace Occam factor per extra type (uniform prior on its copies
     * up to the intact estimate); estimate = the posterior mean, CI log-normal on the within-
     * plus between-model variance. */
    double averaged_copies, averaged_ci[2], defective_posterior;
} hp_pvl_profile_t;

/* Fit the profile model to the merged counters. */
void hp_pvl_profile(const hp_dprof_t *p, hp_pvl_profile_t *out);
/* Its host part alone, without the model fit: the host windows' counts, the GC trend test
 * (gc_bandwidth 0: none), the rate at each viral bin's GC and host_sample_rsd; the estimate
 * fields stay empty. For the indexed mode's choice of how many host windows to read. */
void hp_pvl_profile_host(const hp_dprof_t *p, hp_pvl_profile_t *out);

/* The parts of hp_pvl_profile that other inputs (FASTQ) share. hp_pvl_profile_init: an empty
 * result (no estimate, model "intact"). hp_pvl_profile_fit: the model fit and its CIs from the
 * fragments per bin y[HP_DP_NBIN] (a read counts half), the host rate at each bin (fragments
 * per haploid base, GC-matched) and its relative variance rv; sets every field but the host
 * ones, bin_gc, gc_viral and gc_bandwidth, which are the caller's. */
void hp_pvl_profile_init(hp_pvl_profile_t *out);
void hp_pvl_profile_fit(const double *y, const double *rate, const double *rv,
                        hp_pvl_profile_t *out);

/* A host stratum for hp_pvl_host_rate_at: read GC, fragments, haploid bases (2 x length). */
typedef struct {
    double g, h, l;
} hp_pvl_hwin_t;

/* Host rate (fragments per haploid base) at GC g from n strata: a local-linear fit of the
 * strata's rates h / l on their GC with Gaussian kernel weights (bandwidth *bw grown from 1 %
 * GC by halves until at least 3 strata and HP_STRATA_MIN_FRAGMENTS fragments weigh in), the
 * kernel mean where no trend beyond 2 sd shows; *rv: its relative variance (Poisson on h).
 * Strata pool many loci each (FASTQ: 1 % GC strata of sampled k-mers), so the bandwidth
 * follows their fragments, not their count: a bandwidth over half the strata (the rule for
 * BAM windows, one locus each) flattened a bias peaking at 45 % GC from 0.55 x (56 % against
 * 40 %) to 0.73 x. */
#define HP_STRATA_MIN_FRAGMENTS 1000.0
double hp_pvl_host_rate_at(const hp_pvl_hwin_t *w, int64_t n, double g, double *bw, double *rv);

/* ---- Headline: one number from the depth and junction estimators ----
 * Both on the log scale with se = log-width of the 95 % CI / (2 x 1.96). They agree when
 * |z| = |log depth - log junction| / sqrt(se_d^2 + se_j^2) <= 1.96; then the precision-weighted
 * mean ("combined"), else depth alone with flag "depth_junction_disagree". Depth alone
 * ("depth") when the junction estimate is 0, missing or without a CI, or when the depth CI is
 * lopsided on the log scale (|log hi + log lo - 2 log d| > 0.2 x log(hi / lo): the union of two
 * models' CIs; flag "depth_ci_asymmetric: not combined"); junction alone when no depth can be
 * had. */
typedef struct {
    double copies_per_100, ci_lo, ci_hi;
    const char *estimator;  /* "combined", "depth", "junction" or NULL (none) */
    const char *flag;       /* NULL or a reason */
    double z;               /* the agreement statistic (NaN when not computed) */
} hp_pvl_headline_t;

void hp_pvl_headline(double d, double d_lo, double d_hi, int d_ok, double j, double j_lo,
                     double j_hi, int j_ok, hp_pvl_headline_t *out);

typedef struct {
    int available;             /* 0 when no W can be had (no host fragments) */
    const char *w_source;      /* "index" (second pass) or "genome_mean" (no index / stdin) */
    double copies_per_100;     /* 100 * sum over sites of 2J / (J + W) */
    double ci_lo, ci_hi;
    int64_t junction_fragments;/* sum over sites of U5 + U3 junction fragments */
    int64_t wild_fragments;    /* sum of W */
    double crossing_depth;     /* genome-mean host fragments covering a point (J + W expected) */
    int n_sites;
    double effective_fragments;/* (sum c)^2 / sum c^2 over sites: the CI's count */
} hp_pvl_junction_t;

/* Mean number of host autosomal fragments that cover a window of `width` bases, from the
 * insert-size and single-read span histograms: the J + W expected at a site. */
double hp_crossing_depth(const hp_acc_t *acc, int64_t host_len, int width);

/* The CI treats the sum over sites as compound Poisson (each clone a random draw, seen in a
 * few fragments): the Garwood CI of the effective count (sum c)^2 / sum c^2, scaled; with every
 * site of the same size per fragment it is the Poisson CI of the junction fragments, and large
 * or few clones widen it (between-clone variance).
 * Per-site cell fraction ploidy x J / (J + W) (2J / (J + W) on a diploid locus; sites'
 * n_junction and cell_fraction are set) and their sum. ploidy[tid] (NULL: 2 everywhere) is the
 * host copies per cell of each contig. Sites with n_wild < 0 use W = crossing_depth x ploidy / 2
 * - J. */
void hp_pvl_junction(hp_sites_t *sites, double crossing_depth, int have_index, const int *ploidy,
                     hp_pvl_junction_t *out);

/* Copies of chrX per cell from its depth against the autosomes: 1 (male) when under 0.75 of
 * the autosomal depth, else 2; 2 when unknown. */
int hp_ploidy_x(const hp_acc_t *acc, int64_t x_len, double host_depth);

#ifdef __cplusplus
}
#endif
#endif
