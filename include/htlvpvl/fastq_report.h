/* fastq_report.h -- writers of `count` outputs for FASTQ input (src/fastq_report.c):
 * PREFIX.summary.json, PREFIX.sites.tsv and PREFIX.flanks.fa (docs/formats.md, "count (FASTQ
 * input)"). Writers only format what the screen computed. Each returns 0, or -1 on a write
 * error. Not thread-safe per stream. */
#ifndef HTLVPVL_FASTQ_REPORT_H
#define HTLVPVL_FASTQ_REPORT_H

#include "htlvpvl/attrition.h"
#include "htlvpvl/fastq_flank.h"
#include "htlvpvl/fastq_screen.h"
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Everything the summary reports, gathered by the command. */
typedef struct {
    const char *sample;
    const char *files[2]; /* R1 (or the interleaved file) and R2 (NULL when single) */
    const char *compression[2];
    int paired, interleaved;
    const hp_virus_t *virus;
    int builtin_virus;
    const hp_screen_opt_t *opt;
    const hp_screen_t *acc;
    const hp_fastq_pvl_t *pvl;
    const hp_flank_sites_t *sites;
    const char *window;     /* name of the PVL window: "pX", "gag", ..., "internal" */
    int min_site_fragments; /* sites with at least this many fragments are counted apart */
    const hp_attrition_t *attrition; /* summary.json's `attrition` (n_attrition rows) */
    int n_attrition;
} hp_fastq_report_t;

int hp_fastq_write_summary(FILE *fp, const hp_fastq_report_t *rep)
    __attribute__((warn_unused_result));
/* PREFIX.summary.tsv: the summary's main numbers, one header row and one data row. */
/* The headline's flag (a constant string), or NULL: "genome_size_mismatch: ..." when
 * --genome-size and the genome size the reads reliably imply (p->gsize) differ by more than
 * HP_QC_GENOME_RATIO either way, else "pvl_implausible: ..." above HP_FASTQ_PVL_CEILING. */
#define HP_FASTQ_PVL_CEILING 300.0 /* copies per 100 cells: 3 per cell is not seen in carriers */
const char *hp_fastq_headline_flag(const hp_fastq_pvl_t *p);

int hp_fastq_write_summary_tsv(FILE *fp, const hp_fastq_report_t *rep)
    __attribute__((warn_unused_result));
/* PREFIX_mqc.tsv: MultiQC general-statistics custom content (PVL from reads, its CI, sites). */
int hp_fastq_write_mqc(FILE *fp, const hp_fastq_report_t *rep) __attribute__((warn_unused_result));
/* TSV with a header: flank, ltr_end, fragments, reads, fraction, site. */
int hp_fastq_write_sites(FILE *fp, const hp_flank_sites_t *s) __attribute__((warn_unused_result));
/* FASTA: one consensus flank per site, named as in the site column of the TSV. */
int hp_fastq_write_flanks(FILE *fp, const hp_flank_sites_t *s) __attribute__((warn_unused_result));

#ifdef __cplusplus
}
#endif
#endif
