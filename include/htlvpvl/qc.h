/* qc.h -- plausibility and QC flags of one sample's computed result (src/qc.c).
 *
 * The rules read numbers `count` (BAM/CRAM/SAM or FASTQ input) or `compare` has already
 * computed; they never open files or print. Each rule that fires sets one HP_QC_* bit and
 * writes one sentence saying what was seen and why it matters. Pure and thread-safe. */
#ifndef HTLVPVL_QC_H
#define HTLVPVL_QC_H

#include "htlvpvl/fastq_report.h"
#include "htlvpvl/json.h"
#include "htlvpvl/report.h"
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
    HP_QC_PVL_ABOVE_200 = 1u << 0,      /* PVL above 200 copies per 100 cells (> 2 per cell) */
    HP_QC_LOW_PRECISION = 1u << 1,      /* host depth too low for the requested precision */
    HP_QC_EMPTY_VIRAL_CONTIG = 1u << 2, /* viral reads exist, but a viral contig has none */
    HP_QC_GENOME_SIZE = 1u << 3,        /* FASTQ: --genome-size does not fit the reads */
    HP_QC_ESTIMATORS_DISAGREE = 1u << 4 /* depth and junction PVL differ beyond chance */
};
#define HP_QC_N 5

/* Thresholds (hp_qc_input_init sets the defaults shown). */
#define HP_QC_PVL_MAX 200.0      /* copies per 100 cells */
#define HP_QC_PRECISION_PCT 50.0 /* +- % of the PVL its 95 % CI may span */
#define HP_QC_GENOME_PVL_MAX                                                                       \
    1000.0                     /* FASTQ: above this (10 copies per cell) the genome size           \
                                * is taken to be wrong, not the biology */
#define HP_QC_GENOME_RATIO 2.0 /* FASTQ: --genome-size over the implied size beyond x2 */
#define HP_QC_DISAGREE_P 0.001 /* two-sided p of the depth / junction comparison */

typedef struct {
    double pvl, pvl_lo, pvl_hi;        /* the PVL reported first, with its 95 % CI */
    double viral_fragments;            /* fragments behind it */
    double host_depth;                 /* autosomal host depth (NaN: unknown) */
    double jpvl, jpvl_lo, jpvl_hi;     /* junction-fraction PVL and CI (NaN: none) */
    int n_viral_contigs;               /* viral contigs in the reference (0: unknown / FASTQ) */
    const int64_t *viral_contig_reads; /* reads (or bases) on each; NULL: unknown */
    const char *const *viral_contig_names;
    int fastq;            /* 1: FASTQ input (genome size rule applies) */
    double genome_size;   /* FASTQ: haploid host genome size used (bp) */
    double genome_implied; /* FASTQ: genome size the reads imply (fastq_gc.h; NaN: unknown) */
    double precision_pct; /* requested precision, +- % (HP_QC_PRECISION_PCT) */
} hp_qc_input_t;

typedef struct hp_qc_s {
    unsigned flags;         /* HP_QC_* bits */
    char msg[HP_QC_N][256]; /* msg[i]: why bit i fired ("" when it did not) */
} hp_qc_t;

/* All numbers NaN, no contigs, precision_pct = HP_QC_PRECISION_PCT. */
void hp_qc_input_init(hp_qc_input_t *in);

/* Apply every rule to in; fills out and returns out->flags. */
unsigned hp_qc_eval(const hp_qc_input_t *in, hp_qc_t *out);

/* Name of bit i (0 .. HP_QC_N-1): "pvl_above_200", "low_precision", "empty_viral_contig",
 * "genome_size", "estimators_disagree". */
const char *hp_qc_flag_name(int i);

/* flags as text: "ok" when none, else the names joined by ','. Writes at most n bytes. */
void hp_qc_flags_str(unsigned flags, char *buf, size_t n);

/* Parse such a text back (unknown names are ignored). Returns the bits. */
unsigned hp_qc_flags_parse(const char *s);

/* The rules on count's results: aligned input (report.h) and FASTQ input (fastq_report.h).
 * Both fill out and return out->flags. */
unsigned hp_qc_count(const hp_count_result_t *r, hp_qc_t *out);
unsigned hp_qc_fastq(const hp_fastq_report_t *rep, hp_qc_t *out);

/* "qc": {"flags": "ok" | "a,b", "messages": [...]} into an open JSON object. */
void hp_qc_write_json(hp_json_t *w, const hp_qc_t *q);
/* One warning per flag on the logger: "SAMPLE: QC flag: message". */
void hp_qc_warn(const char *sample, const hp_qc_t *q);

#ifdef __cplusplus
}
#endif
#endif
