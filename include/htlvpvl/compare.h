/* compare.h -- proviral load and clones of one or more subjects across time points.
 *
 * Data flow: hp_cmp_read_sheet (sample sheet) -> hp_cmp_load (each sample's summary.json and
 * sites.tsv written by `htlvpvl count`) -> hp_cmp_compute (change from baseline, clone
 * matching, fold changes, overlap) -> the writers in compare_report.h. Nothing here prints,
 * exits or knows argv; failures return -1 with a one-line reason in hp_cmp_t.err, which names
 * the file at fault first ("FILE: why"). Not thread-safe per hp_cmp_t.
 *
 * Units: PVL in copies per 100 cells (as `count` writes it); cell fractions as fractions of all
 * cells (0..1); changes in %. Missing values are NaN. */
#ifndef HTLVPVL_COMPARE_H
#define HTLVPVL_COMPARE_H
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif

/* Options of the computation (set by hp_cmp_opt_init to the defaults shown). */
typedef struct {
    double noise_band_pct; /* assay noise band, +- % (36: placebo SD of the phase-3 trial) */
    int window_bp;         /* sites within this many bp on one strand are one clone (5) */
    int window_inexact_bp; /* ... when one of them is an estimated (not exact) site (500) */
    int top;               /* clones coloured / used for "explained by the largest" (10) */
    int log_axis;          /* PVL plot: 1 log10 axis, 0 linear (1) */
} hp_cmp_opt_t;
void hp_cmp_opt_init(hp_cmp_opt_t *opt);

/* One row of sites.tsv. */
typedef struct {
    char *chrom;
    int64_t pos;          /* 1-based */
    char strand;          /* '+' or '-' */
    double fragments;     /* junction fragments */
    double cell_fraction; /* estimated fraction of all cells; NaN when NA */
    int exact;            /* 1: junction seen base-exactly; 0: position estimated */
} hp_cmp_site_t;

/* Per-clone status at one time point relative to the subject's baseline. */
typedef enum {
    HP_CLONE_ABSENT = 0, /* seen neither at baseline nor here */
    HP_CLONE_BASELINE,   /* this is the baseline sample and the clone is seen in it */
    HP_CLONE_PERSISTING, /* seen at baseline and here */
    HP_CLONE_LOST,       /* seen at baseline, not here: lost below detection */
    HP_CLONE_NEW         /* not seen at baseline, seen here */
} hp_clone_status_t;
const char *hp_clone_status_str(hp_clone_status_t s);

/* Direction of a change judged from its 95 % CI. */
typedef enum {
    HP_TREND_NA = 0,
    HP_TREND_STABLE, /* PVL: not beyond noise; clones: point estimate exactly 1 */
    HP_TREND_FELL,   /* CI entirely below no change */
    HP_TREND_ROSE,   /* CI entirely above no change */
    HP_TREND_DOWN,   /* clones: point estimate below 1, CI includes 1 (not significant) */
    HP_TREND_UP      /* clones: point estimate above 1, CI includes 1 (not significant) */
} hp_trend_t;
const char *hp_trend_str(hp_trend_t t);

typedef struct {
    /* from the sheet */
    char *name, *subject, *summary_path, *sites_path;
    double timepoint;
    int baseline_mark;     /* 1 when the sheet's baseline column marks this sample */
    char *infusion;        /* the sheet's infusion cell when it says one was given, else NULL */
    double dose_mg_per_kg; /* NaN when not given */
    int sheet_line;
    /* from summary.json */
    const char *estimator; /* "depth" (count on BAM/CRAM/SAM: pvl.depth) or "reads" (count on
                            * FASTQ: pvl.reads; its flank-keyed sites are not matched) */
    double pvl, pvl_lo, pvl_hi, viral_fragments;
    double jpvl, jpvl_lo, jpvl_hi; /* junction-fraction PVL (NaN when absent) */
    double n_sites, oci, shannon, simpson, largest_clone_fraction, chao1, fragments_total;
    /* from sites.tsv */
    hp_cmp_site_t *sites;
    int n_sites_rows;
    /* computed */
    int subject_idx, tp_idx; /* subject and position in its time-ordered sample list */
    int is_baseline;
    double exposure;                  /* viral fragments per (copy per 100 cells); NaN if unknown */
    double ratio, ratio_lo, ratio_hi; /* PVL_t / PVL_baseline with 95 % CI */
    double change_pct, change_lo, change_hi; /* 100 (ratio - 1) */
    int beyond_counting;                     /* the change CI excludes 0 (-1: not computed) */
    int beyond_noise;     /* beyond counting and |change| > band (-1: not computed) */
    hp_trend_t direction; /* fell / rose when beyond_noise, else stable */
    const char *note;     /* "baseline", "single time point: no change computed", ... */
    int n_clones, n_shared, n_lost, n_new, n_fell, n_rose, n_down, n_up;
    double morisita_horn;     /* overlap of clone fragment counts with the baseline */
    double top_delta_pvl;     /* summed change of the top clones (copies/100 cells) */
    double top_explained_pct; /* 100 top_delta_pvl / (PVL_t - PVL_0) */
} hp_cmp_sample_t;

/* One clone (integration site) of a subject, matched across its samples. The per-time-point
 * arrays have one entry per sample of the subject, in time order. */
typedef struct {
    char *chrom;
    /* pos: the exact position with the most fragments over the subject's samples (the
     * best-supported estimated one when none is exact; exact says which) */
    int64_t pos;
    int exact;
    char strand;
    int rank;            /* 1 = largest (by maximum size over time points) */
    int top_at_baseline; /* rank among the baseline's clones (0: not at baseline) */
    double max_size;     /* largest estimated size, copies per 100 cells */
    double *fragments, *cell_fraction, *size; /* size: copies per 100 cells (see docs) */
    double *fold, *fold_lo, *fold_hi;         /* abundance ratio to baseline with 95 % CI */
    double *expected; /* fragments expected here if unchanged from baseline */
    double *p_absent; /* Poisson P(0 fragments | expected) for lost clones */
    hp_clone_status_t *status;
    hp_trend_t *trend;
} hp_cmp_clone_t;

typedef struct {
    char *name;
    int *samples; /* indices into hp_cmp_t.samples, by time point */
    int n;
    int baseline;           /* position in samples[] of the baseline */
    hp_cmp_clone_t *clones; /* by rank */
    int n_clones;
} hp_cmp_subject_t;

typedef struct {
    hp_cmp_sample_t *samples; /* in sheet order */
    int n_samples;
    hp_cmp_subject_t *subjects; /* in order of first appearance in the sheet */
    int n_subjects;
    hp_cmp_opt_t opt;
    char *sheet_path;
    char err[1024];
} hp_cmp_t;

void hp_cmp_init(hp_cmp_t *c, const hp_cmp_opt_t *opt);
void hp_cmp_destroy(hp_cmp_t *c); /* frees what c holds, not c; accepts NULL */

/* Read the sample sheet (TSV with a header: sample, subject, timepoint, summary; optional
 * baseline, infusion, dose_mg_per_kg, sites). Relative paths are taken relative to the sheet's
 * folder. Checks columns, numbers, duplicate sample names, duplicate time points and baseline
 * marks within a subject. Returns 0 or -1 (c->err). */
int hp_cmp_read_sheet(hp_cmp_t *c, const char *path) __attribute__((warn_unused_result));

/* Load every sample's summary.json and sites.tsv; the summary's "sample" must equal the
 * sheet's name. Returns 0 or -1 (c->err). */
int hp_cmp_load(hp_cmp_t *c) __attribute__((warn_unused_result));

/* Load one sample's files (used by hp_cmp_load; exposed for tests). */
int hp_cmp_load_sample(hp_cmp_sample_t *s, char *err, int errlen)
    __attribute__((warn_unused_result));

/* Group by subject, choose baselines, compute changes, match clones, fold changes and
 * per-time-point summaries. Returns 0 or -1 (c->err). */
int hp_cmp_compute(hp_cmp_t *c) __attribute__((warn_unused_result));

/* Subjects with a single time point (no change computed). */
int hp_cmp_n_single(const hp_cmp_t *c);

/* Morisita-Horn overlap of two abundance vectors (0 = no shared clones, 1 = same
 * composition); NaN when either is empty. */
double hp_morisita_horn(const double *x, const double *y, int n);

#ifdef __cplusplus
}
#endif
#endif
