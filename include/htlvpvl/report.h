/* report.h -- the per-sample result of `count` and one writer per output format
 * (report_tsv.c, report_json.c, report_bed.c, report_vcf.c, report_mqc.c; the writer tables
 * in report_set.c). Writers only read the result; each returns 0, or -1 when a write failed. */
#ifndef HTLVPVL_REPORT_H
#define HTLVPVL_REPORT_H

#include <stdio.h>
#include <htslib/sam.h>
#include "htlvpvl/attrition.h"
#include "htlvpvl/clonality.h"
#include "htlvpvl/contigs.h"
#include "htlvpvl/json.h"
#include "htlvpvl/junction.h"
#include "htlvpvl/pvl.h"
#include "htlvpvl/sites.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    const char *sample, *input, *region;
    const sam_hdr_t *hdr;          /* contig names and lengths */
    const hp_contigs_t *ctg;
    const hp_acc_t *acc;           /* merged counters */
    int64_t host_len;              /* autosome bases the host depth is over */
    int ins_median, ins_p99;
    int ploidy_x;                  /* chrX copies per cell used (0: no chrX) */
    const hp_sites_t *sites;
    hp_pvl_depth_t depth;          /* pX depth ratio: a diagnostic (pvl.depth_px_diagnostic) */
    hp_pvl_profile_t profile;      /* the depth estimate (pvl.depth) */
    hp_pvl_junction_t junction;
    hp_pvl_headline_t headline;
    hp_clonality_t clon;
    const char *ref_fasta;         /* --reference as given, for ##reference; may be NULL (VCF REF
                                    * bases come from ctg->fai, opened once: N without it) */
    int64_t secondary_split;       /* secondary records with an SA tag (bwa mem -M), ignored */
    const hp_attrition_t *attrition; /* summary.json's `attrition` (n_attrition rows) */
    int n_attrition;
} hp_count_result_t;

int hp_report_summary_json(FILE *fp, const hp_count_result_t *r)
    __attribute__((warn_unused_result));
/* The fields every viral depth-profile bin B of P carries in summary.json (segment, start,
 * end, fragments, fitted, expected_all_intact), into the object W has open: the BAM and the
 * FASTQ summaries both write them, then their own GC fields. */
void hp_report_json_profile_bin(hp_json_t *w, const hp_pvl_profile_t *p, int b);
/* The profile fit's intact_fraction, intact_fraction_ci95, defects (lr_defective, lr_threshold,
 * type2/type1 fraction and deleted range or null) and overdispersion, into the object W has
 * open: the BAM (pvl.depth) and the FASTQ (pvl.reads.profile) summaries share them. */
void hp_report_json_profile_defects(hp_json_t *w, const hp_pvl_profile_t *p);
int hp_report_summary_tsv(FILE *fp, const hp_count_result_t *r)
    __attribute__((warn_unused_result));
int hp_report_sites_tsv(FILE *fp, const hp_count_result_t *r)
    __attribute__((warn_unused_result));
int hp_report_sites_bed(FILE *fp, const hp_count_result_t *r)
    __attribute__((warn_unused_result));
/* The sites as VCF 4.2 single breakends, bgzipped (htslib vcf.h), to the file named FN (its
 * ##source line: the command line main recorded, hp_cli_command_line in cli.h), then
 * its index to FN_INDEX (NULL: none; TBI, or CSI when a contig is longer than TBI allows:
 * hp_report_vcf_index_suffix). Writes by name (htslib), so FN and FN_INDEX are temporary names
 * (outfile.h). Deterministic (no BGZF threads): the same command gives the same bytes.
 * Returns 0, or -1 when a write failed. */
int hp_report_sites_vcf(const char *fn, const char *fn_index, const hp_count_result_t *r)
    __attribute__((warn_unused_result));
/* ".tbi", or ".csi" when a contig of r->hdr is 2^29 bases or longer. */
const char *hp_report_vcf_index_suffix(const hp_count_result_t *r);
int hp_report_mqc(FILE *fp, const hp_count_result_t *r) __attribute__((warn_unused_result));

/* "U5,U3", "U5" or "U3" for a site's HP_ENDS_* bits. */
const char *hp_ends_str(int ends);

#ifdef __cplusplus
}
#endif
#endif
