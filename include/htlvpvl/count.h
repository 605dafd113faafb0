/* count.h -- `count` as a library: one pipeline per input (src/count_bam.c for BAM/CRAM/SAM,
 * src/count_fastq.c for FASTQ), both filling one result, hp_count_t. The pipelines know nothing
 * of argv, output files or exit codes; they log through log.h. The command layer
 * (src/cmd_count.c, src/cmd_count_fastq.c) parses options, calls one pipeline and hands the
 * result to the writer table (src/report_set.c).
 *
 *   aligned: open -> contigs -> sample -> scan (or indexed reads, or a shard) -> sites ->
 *            W (index) -> PVL (depth, junction, headline) -> clonality
 *   FASTQ:   virus -> k-mer index -> sample -> screen -> flank sites -> PVL from reads
 */
#ifndef HTLVPVL_COUNT_H
#define HTLVPVL_COUNT_H

#include <stdint.h>
#include "htlvpvl/attrition.h"
#include "htlvpvl/bam_scan.h"
#include "htlvpvl/count_indexed.h"
#include "htlvpvl/depth_profile.h"
#include "htlvpvl/fastq_report.h"
#include "htlvpvl/report.h"

#ifdef __cplusplus
extern "C" {
#endif

enum { HP_INPUT_ALIGNED = 0, HP_INPUT_FASTQ = 1 };

/* The assay (count --assay): shotgun WGS (hp_count_bam, hp_count_fastq) or LM-PCR
 * integration-site sequencing (count_lmpcr.h, its own pipeline and options). */
enum { HP_ASSAY_WGS = 0, HP_ASSAY_LMPCR = 1 };

/* HP_ASSAY_* of an --assay value ("wgs", "lmpcr"), or -1 for any other (the caller says why). */
int hp_count_parse_assay(const char *s);

/* Return values of the pipelines besides 0 (ok). */
enum {
    HP_COUNT_ERR = -1,   /* data or runtime error, logged */
    HP_COUNT_FASTQ = -2, /* hp_count_bam: the input is FASTQ (nothing logged) */
    HP_COUNT_USAGE = -3  /* the options do not fit the input, logged */
};

/* W: wild-type fragments are counted under the condition a junction fragment must meet to be
 * seen (see src/count_bam.c). */
#define HP_WILD_HOST 30
#define HP_WILD_PAST 8

/* Options of both pipelines; each reads its own part. hp_count_opt_init sets the defaults. */
typedef struct {
    int assay;           /* HP_ASSAY_* (default HP_ASSAY_WGS): the command routes on it */
    int n_threads;       /* threads in total (>= 1) */
    int quiet;           /* no progress lines */
    const char *sample;  /* NULL: from the input (read group SM, or the file name) */
    /* Called once the sample name is known, before the input is read (e.g. to lock the output
     * prefix). May be NULL. A non-zero return stops the pipeline with HP_COUNT_ERR; the
     * callback logs why. */
    int (*on_sample)(void *arg, const char *sample);
    void *on_sample_arg;
    /* aligned input */
    const char *in;       /* BAM/CRAM/SAM path, "-" = stdin */
    const char *ref;      /* FASTA of the reference (CRAM, VCF REF, custom viral contig); NULL */
    const char *region;   /* "chr:beg-end": scan this host region only; NULL */
    char **virus;         /* --virus-contig names (n_virus; 0: detected) */
    int n_virus;
    int pvl_region;       /* HP_REG_* of the pX depth diagnostic (default HP_REG_PX) */
    int min_mapq;         /* host-side mapping quality of junction evidence (default 1) */
    int full_scan;        /* 1: never the indexed mode */
    int partial;          /* shard mode: scan only, for hp_partial_save (partial.h) */
    char **regs;          /* the regions a shard owns (n_regs), or shard_k of shard_n */
    int n_regs, shard_k, shard_n;
    /* FASTQ input */
    const char *fq[2];    /* R1 (or the interleaved file) and R2 (NULL); "-" = stdin */
    int interleaved;
    const char *virus_fa; /* provirus FASTA, NULL: built-in HTLV-1 */
    const char *window;   /* PVL window: "provirus" (default), "pX", "gag", ..., "internal" */
    int min_qual;
    double genome_size;   /* haploid host genome (bp), default 3.1e9 */
    int keep_dups;
    int min_site;         /* sites counted apart in the summary (default 3) */
} hp_count_opt_t;

void hp_count_opt_init(hp_count_opt_t *o);

/* The result of one sample, for every input. The common part comes first; the aligned or the
 * FASTQ part holds the input's own counters and the view its writers read (aln.rep, fq.rep). */
typedef struct {
    int input;                /* HP_INPUT_* */
    char *sample;             /* owned */
    int partial;              /* aligned shard mode: counters only (no sites, no estimates) */
    int64_t n_reads, n_fragments, n_viral_fragments; /* as the input's summary reports them */
    double pvl, pvl_ci95[2];  /* headline copies per 100 cells (NaN: none) */
    const char *pvl_estimator; /* the headline's estimator, NULL when none */
    int n_sites;
    hp_attrition_t attrition[HP_ATTRITION_MAX];
    int n_attrition;
    struct {
        hp_bam_t bam;
        hp_contigs_t ctg;
        hp_acc_t acc;
        hp_dprof_t dprof;
        hp_sites_t sites;
        int *ploidy;              /* host copies per cell, per tid */
        hp_own_region_t *own;     /* shard mode: the regions owned */
        int n_own;
        int indexed;              /* 1: read through the index (idx_info) */
        hp_idx_info_t idx_info;
        int have_index;           /* W counted through the index */
        hp_classify_opt_t copt;   /* the classifier's options as the scan completed them */
        hp_count_result_t rep;    /* what the writers of report.h read */
    } aln;
    struct {
        hp_virus_t virus;
        hp_screen_opt_t opt;      /* the screen's options (idx, ff: NULL after the run) */
        hp_screen_t screen;
        hp_flank_sites_t sites;
        hp_fastq_pvl_t pvl;
        hp_fastq_report_t rep;    /* what the writers of fastq_report.h read */
    } fq;
} hp_count_t;

/* Count one aligned sample (o->in) into res (which this initialises; free with
 * hp_count_destroy, also after a failure). Returns 0, or HP_COUNT_* (logged except
 * HP_COUNT_FASTQ). With o->partial only the counters are filled (res->partial = 1). o->in,
 * o->ref and o->region must outlive res. Uses up to o->n_threads threads; not re-entrant
 * (htslib's log level). */
int hp_count_bam(const hp_count_opt_t *o, hp_count_t *res) __attribute__((warn_unused_result));

/* Count one FASTQ sample (o->fq) into res, as hp_count_bam. The strings of o must outlive
 * res. */
int hp_count_fastq(const hp_count_opt_t *o, hp_count_t *res) __attribute__((warn_unused_result));

/* The estimates of an aligned sample from its merged counters (res->aln.acc, .dprof, .ctg,
 * .copt, and .bam with the header): sites (outside a scanned region dropped), W through the
 * index when IN (its path, "-" = stdin) has one, the PVL estimates, ploidy, clonality and the
 * attrition table; fills res->aln.rep but for sample, input, region, ref_fasta and
 * secondary_split. Returns 0 or HP_COUNT_ERR (logged). */
int hp_count_bam_estimate(hp_count_t *res, const char *in, int pvl_region)
    __attribute__((warn_unused_result));

/* Write every output of count for res, all or none, through the writer table of its input
 * (src/report_set.c): aligned input PREFIX.summary.json, .summary.tsv, .sites.tsv, .sites.bed,
 * _mqc.tsv, .attrition.tsv and .sites.vcf.gz with its index; FASTQ PREFIX.summary.json,
 * .sites.tsv, .flanks.fa, .summary.tsv, _mqc.tsv and .attrition.tsv (docs/formats.md).
 * Returns 0, or -1 after logging what failed. Not thread-safe. */
int hp_count_write(const char *prefix, const hp_count_t *res) __attribute__((warn_unused_result));

/* Set res empty for INPUT (HP_INPUT_*): the pipelines start with it. */
void hp_count_init(hp_count_t *res, int input);
void hp_count_destroy(hp_count_t *res); /* accepts NULL */
/* Append a row to res's attrition table (at most HP_ATTRITION_MAX; more are ignored). */
void hp_count_add_step(hp_count_t *res, const char *step, const char *unit, int64_t n_in,
                       int64_t n_kept, const char *dropped);

#ifdef __cplusplus
}
#endif
#endif
