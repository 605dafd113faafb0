/* compare.h -- proviral load and clones of one or more subjects across time points.
 *
 * Data flow: hp_cmp_read_sheet (sample sheet) -> hp_cmp_load (each sample's summary.json and
 * sites.tsv written by `htlvpvl count`) -> hp_cmp_compute (change from baseline, clone
 * matching, fold changes, overlap) -> the writers in compare_report.h. Sources: src/compare.c,
 * compare_input.c (sheet and count outputs), compare_doses.c (--doses). Nothing here prints,
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
    double alpha;          /* clone verdicts: "lost" / "fell" / "rose" only at P < alpha (0.05) */
    double alpha_new;      /* "new" only when P(unseen at baseline by chance) < this (0.05) */
    double swap_alpha;     /* identity check: flag when no large clone is shared and P(that |
                            * same person, clone shares kept) < this (0.001) */
    double swap_min_expected; /* ... and at least this many large clones (>= 3 fragments
                               * expected, seen with P >= 0.95) were expected to be shared (3) */
    double precision_pct;     /* QC: PVL 95 % CI wider than +- this % of the PVL is flagged (50) */
    double visit; /* waterfall: time point of the change shown (NaN: each subject's last) */
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

/* Per-clone presence at one time point relative to the subject's baseline (what was seen, no
 * judgement: the verdict below is the judgement). */
typedef enum {
    HP_CLONE_ABSENT = 0, /* seen neither at baseline nor here */
    HP_CLONE_BASELINE,   /* this is the baseline sample and the clone is seen in it */
    HP_CLONE_PERSISTING, /* seen at baseline and here */
    HP_CLONE_NOT_SEEN,   /* seen at baseline, not here */
    HP_CLONE_FIRST_SEEN  /* not seen at baseline, seen here */
} hp_clone_status_t;
const char *hp_clone_status_str(hp_clone_status_t s);

/* The one verdict of a clone at a later time point. Every clone of a subject gets exactly one
 * at each time point; each rests on an exact conditional binomial test of its fragments here
 * against its fragments at baseline, scaled by the two samples' exposures (hp_cmp_t docs in
 * docs/formats.md): p_value in hp_cmp_clone_t. */
typedef enum {
    HP_V_NA = 0,           /* baseline sample, or no exposure to test with */
    HP_V_BASELINE,         /* the baseline sample itself */
    HP_V_ABSENT,           /* seen neither at baseline nor here (seen at another time point) */
    HP_V_FELL,             /* seen both times, fold 95 % CI below 1 */
    HP_V_ROSE,             /* seen both times, fold 95 % CI above 1 */
    HP_V_UNCHANGED,        /* seen both times, fold CI includes 1 (no change shown) */
    HP_V_LOST,             /* not seen here; P(missing by sampling alone) < alpha */
    HP_V_NOT_DETECTED,     /* not seen here, P >= alpha: uninformative */
    HP_V_NEW,              /* not seen at baseline; P(missed there by sampling alone) < alpha_new */
    HP_V_NEW_UNINFORMATIVE /* not seen at baseline, P >= alpha_new */
} hp_verdict_t;
#define HP_N_VERDICT 10
const char *hp_verdict_str(hp_verdict_t v);
/* The plain words of a verdict for reports ("not detected (uninformative)"). */
const char *hp_verdict_words(hp_verdict_t v);

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
    char *date;            /* the sheet's time point when an ISO date (YYYY-MM-DD), else NULL */
    double dose_mg_per_kg; /* NaN when not given */
    int sheet_line;
    /* from summary.json */
    const char *estimator; /* "depth" (count on BAM/CRAM/SAM: pvl.depth) or "reads" (count on
                            * FASTQ: pvl.reads; its flank-keyed sites are not matched), or the
                            * headline's estimator name when pvl.headline was read */
    const char *pvl_key;   /* the summary key the PVL came from: "pvl.headline", "pvl.depth" or
                            * "pvl.reads" */
    int fastq;             /* 1: count ran on FASTQ (no clone matching) */
    double host_depth;     /* pvl.depth.host_depth (NaN when absent) */
    double genome_size;    /* pvl.reads.genome_size (NaN when absent) */
    char *qc_summary;      /* the summary's qc.flags ("ok" or flags joined by ','), or NULL */
    unsigned qc_flags;     /* HP_QC_* bits (qc.h) found by compare on this sample */
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
    int beyond_noise;       /* beyond counting and |change| > band (-1: not computed) */
    hp_trend_t direction;   /* fell / rose when beyond_noise, else stable */
    const char *note;       /* "baseline", "single time point: no change computed", ... */
    double days_since_dose; /* days since the subject's last dose before this time point (NaN) */
    double last_dose_mg_per_kg; /* that dose (NaN) */
    /* smallest fall from baseline this pair of depths can show beyond counting noise (%; for
     * the baseline: a follow-up at its own depth); NaN when no fall can (too few fragments) */
    double min_fall_pct;
    int n_clones, n_shared;
    int n_verdict[HP_N_VERDICT]; /* clones of the subject per verdict here (sum = its clones) */
    double morisita_horn;        /* overlap of clone fragment counts with the baseline */
    double clone_scale;          /* factor clone sizes were scaled by to sum to at most the PVL */
    double shared_expected;      /* baseline clones expected here if this is the same person */
    double p_identity;           /* P(this few shared | same person, clone shares kept) */
    int swap_flag;               /* 1: likely sample swap or mislabel (see hp_cmp_opt_t) */
    double top_delta_pvl;        /* summed change of the top baseline clones (copies/100 cells) */
    double top_explained_pct;    /* 100 |top change| / (|top| + |other clones| + |rest of PVL|
                                  * changes): bounded 0..100 */
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
    double *p_absent; /* P(0 fragments here | unchanged), conditional binomial (not seen) */
    double *p_value;  /* the p-value of verdict[] (see hp_verdict_t) */
    hp_verdict_t *verdict;
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
    double *dose_day, *dose_mg_per_kg; /* the subject's doses (--doses), by time */
    char **dose_drug;
    int n_doses;
    int uses_dates;   /* times were ISO dates, turned into days from the first dose */
    double origin_jd; /* ... the day (days since 1970-01-01) that became day 0 */
} hp_cmp_subject_t;

typedef struct {
    hp_cmp_sample_t *samples; /* in sheet order */
    int n_samples;
    hp_cmp_subject_t *subjects; /* in order of first appearance in the sheet */
    int n_subjects;
    hp_cmp_opt_t opt;
    char *sheet_path;
    /* dosing schedule (--doses), before it is handed to the subjects */
    struct hp_cmp_dose_s *doses;
    int n_doses;
    char *doses_path;
    char err[1024];
} hp_cmp_t;

/* One row of the dosing table. */
typedef struct hp_cmp_dose_s {
    char *subject, *drug;
    double day; /* days, or days since 1970-01-01 when is_date */
    int is_date;
    double mg_per_kg; /* NaN when not given */
    int line;
} hp_cmp_dose_t;

/* Parse an ISO date YYYY-MM-DD into days since 1970-01-01 (proleptic Gregorian). Returns 0, or
 * -1 when s is not a valid date. Thread-safe. */
int hp_parse_iso_date(const char *s, double *days);

/* Read the dosing table (TSV with a header: subject, date or day, dose_mg_per_kg; optional
 * drug): any number of doses per subject, on any day. Returns 0 or -1 (c->err). */
int hp_cmp_read_doses(hp_cmp_t *c, const char *path) __attribute__((warn_unused_result));

/* Hand the doses to their subjects and turn ISO dates into days from each subject's first
 * dose (its first sample when it has none); a subject must give all its times (samples and
 * doses) as dates or all as numbers. Called by hp_cmp_compute. Returns 0 or -1 (c->err). */
int hp_cmp_apply_doses(hp_cmp_t *c) __attribute__((warn_unused_result));

/* Smallest fall (%) that a follow-up with expected exposure e_t can show as beyond counting
 * noise against a baseline of k0 viral fragments at exposure e0 (the 95 % CI of the rate
 * ratio below 1 when the follow-up holds its expected count); NaN when not even a fall to 0
 * can. Thread-safe. */
double hp_min_detectable_fall(double k0, double e0, double e_t);

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

/* QC flags (qc.h) of one loaded sample: compare's own rules on its numbers (with
 * c->opt.precision_pct) and the flags its summary.json carried; messages in out. */
struct hp_qc_s;
unsigned hp_cmp_sample_qc(const hp_cmp_t *c, const hp_cmp_sample_t *s, struct hp_qc_s *out);

/* Subjects with a single time point (no change computed). */
int hp_cmp_n_single(const hp_cmp_t *c);

/* Morisita-Horn overlap of two abundance vectors (0 = no shared clones, 1 = same
 * composition); NaN when either is empty. */
double hp_morisita_horn(const double *x, const double *y, int n);

#ifdef __cplusplus
}
#endif
#endif
