/* count_lmpcr.h -- `count --assay lmpcr`: integration sites and clone sizes of an LM-PCR
 * integration-site library from its alignments (BAM/CRAM/SAM of the read pairs aligned to host
 * + HTLV-1, trimmed by `htlvpvl trim` or untrimmed with the LTR end soft-clipped or aligned as
 * a supplementary part).
 *
 * Per LTR-side read (one record: the primary on the host, or the host supplementary of a read
 * whose primary lies on the virus): the site is the host base joined to the LTR end and the
 * provirus strand (FIELD.md section 4, junction.h / ltr_match.h): from the LTR-end soft clip or
 * split alignment at the read's 5' end when the read holds the LTR end, else (trimmed reads)
 * the read's 5' end itself, joined to the end named by opt->ltr_end. The shear site is the 5'
 * end of the mate (the linker-side read). A U3 (5'-LTR) junction gives the same position as the
 * U5 junction of the same provirus (the TSD geometry), so both merge.
 *
 * Reads are dropped and counted: unmapped, QC-failed, on the virus (provirus run-on, primer-
 * dimers), no LTR end at the 5' end (a 5' clip that is not LTR; or, when most reads hold the LTR
 * end, a read that does not: mispriming), no shear site (mate unmapped, elsewhere, same
 * orientation, or farther than max_frag), and mispriming at host that already reads like the
 * LTR end (with a reference, when the read itself does not show the LTR end: the host bases
 * just before the junction, read-wise, within tail_edits edits of ltr_tail, the alignment
 * ending at the junction; what trim accepts as an LTR end when the primer stops short of it):
 * a site whose reads all start at such host is removed when it has fewer than 3 distinct
 * (shear, UMI), else kept and flagged (about 1 % of true sites lie at such host by chance).
 * Multi-mapping reads (MAPQ < min_mapq) are kept: their equally good placements (XA entries with
 * no more edits) are listed and the read is placed at the first of them in genome order, so the
 * reads of one repeat-borne clone stay together.
 *
 * Per site (positions within merge_window on one strand joined to the one with most reads):
 * reads, distinct shear sites, distinct (shear site, UMI) after UMI-tools' directional merge
 * (umi.h), and the clone size theta by the sonicLength EM (abundance.h) over the distinct
 * (site, fragment length) pairs, with a 95 % CI. Nothing here prints or exits.
 */
#ifndef HTLVPVL_COUNT_LMPCR_H
#define HTLVPVL_COUNT_LMPCR_H

#include "htlvpvl/bam_scan.h"
#include "htlvpvl/contigs.h"
#include <htslib/faidx.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { HP_UMI_AUTO = 0, HP_UMI_TAG, HP_UMI_NAME, HP_UMI_NONE };

#define HP_LMC_MAX_UMI 28 /* UMI bases kept (2 bits each); longer UMIs are cut */
#define HP_LMC_MAX_ALT 16 /* alternative placements kept per read */

typedef struct {
    int n_threads; /* OpenMP threads classifying [1] */
    int fit_threads; /* threads for the abundance fit after the read loop [1] (same result) */
    int batch;     /* records per batch [16384] */
    int quiet;
    int ltr_read;      /* which read of a pair holds the LTR end: 1 or 2 [1] */
    int ltr_end;       /* HP_END_U5 or HP_END_U3: the end trimmed reads start after [U5] */
    char ltr_tail[21]; /* misprime rule: the LTR end's last bases, read-wise, of U5 junctions
                        * (U3 junctions: the built-in U3 end) [TTAGTACACA] */
    int tail_edits;    /* ... edits allowed between them and the host before the junction [2] */
    int min_mapq;      /* reads below are multi-mapping [1] */
    int max_frag;      /* longest junction-to-shear distance [2000] */
    int merge_window;  /* positions this close on one strand are one site [3] */
    int umi_from;      /* HP_UMI_*: auto = the tag, else the read name's last '_' field */
    char umi_tag[3];   /* [RX] */
} hp_lmc_opt_t;

void hp_lmc_opt_init(hp_lmc_opt_t *o);

/* Reads (LTR-side records) through the filters. */
typedef struct {
    int64_t records;   /* all records */
    int64_t ltr_reads; /* LTR-side reads (primary, or host supplementary of a viral one) */
    int64_t unmapped, qcfail, viral, no_ltr_end, no_shear_site, misprime;
    int64_t kept, kept_multimap, kept_ltr_in_read;
    int64_t umi_missing; /* kept reads without a UMI */
} hp_lmc_attrition_t;

typedef struct {
    int32_t tid, pos; /* FIELD.md convention, 1-based */
    uint8_t strand;   /* HP_STRAND_* */
    uint8_t ends;     /* bit 0: U5 junction reads, bit 1: U3 junction reads */
    uint8_t multimap; /* most reads below min_mapq */
    uint8_t spike;
    uint8_t ltr_like; /* all its reads start where the host reads like the LTR end */
    int64_t reads, shear_sites, umis, lengths; /* lengths: distinct fragment lengths */
    int64_t multimap_reads;
    double theta; /* sonicLength: expected sonicated fragments */
    double n_eff; /* theta^2 x Fisher information: the Poisson count it is worth */
    double cells, cells_lo, cells_hi;    /* estimated cells (or theta) with 95 % CI */
    double per10k, per10k_lo, per10k_hi; /* cells per 10^4 PBMC (NAN: not calibrated) */
    char *alt;                           /* alternative placements "chr:pos:strand,..." or NULL */
} hp_lmc_site_t;

typedef struct {
    hp_lmc_attrition_t att;
    hp_lmc_site_t *site; /* sorted by contig, position, strand */
    int n_site;
    int64_t misprime_sites; /* sites the misprime rule removed */
    int ltr_in_reads;       /* 1: most kept reads held the LTR end (untrimmed input) */
    int misprime_checked;   /* 0: no reference, the host-sequence rule was not applied */
    int fit_converged, fit_iter;
    double theta_sum; /* over sites that are not the spike */
    /* calibration (hp_lmc_calibrate) */
    const char *unit;                          /* "fragments" or "cells" */
    int spike_site;                            /* index or -1 */
    double spike_cells, input_cells, qpcr_pvl; /* NAN when not given */
    double pvl, pvl_lo, pvl_hi;                /* copies per 100 cells from the spike, or NAN */
    double infected_cells;
} hp_lmc_result_t;

/* Scan the input and build the sites. fai (may be NULL) is the host reference for the
 * misprime rule. b is read to its end. Returns 0, or -1 with b->err set (truncated or corrupt
 * input, CRAM reference missing, out of memory). Free r with hp_lmc_result_destroy. */
int hp_lmc_run(hp_bam_t *b, const hp_contigs_t *ctg, const hp_lmc_opt_t *o, const faidx_t *fai,
               hp_lmc_result_t *r) __attribute__((warn_unused_result));
void hp_lmc_result_destroy(hp_lmc_result_t *r); /* accepts NULL */

/* Calibrate: spike_tid/pos/strand (tid -1: none) with spike_cells cells; input_cells (NAN:
 * unknown) cells in the reaction; qpcr_pvl (NAN: none) copies per 100 cells from qPCR.
 * With the spike: cells_j = theta_j x spike_cells / theta_spike, and with input_cells the
 * PVL = sum over other sites / input_cells; CIs from the conditional binomial of the two
 * effective counts (stats.h hp_poisson_ratio_ci). With qpcr_pvl: cells per 10^4 PBMC =
 * qpcr_pvl x 100 x theta_j / theta_sum (and cells in the reaction with input_cells). Returns 0,
 * or -1 when the spike site has no reads within merge_window (nothing calibrated then). */
int hp_lmc_calibrate(hp_lmc_result_t *r, const hp_lmc_opt_t *o, int spike_tid, int spike_pos,
                     int spike_strand, double spike_cells, double input_cells, double qpcr_pvl)
    __attribute__((warn_unused_result));

/* Writers: sites table, attrition table, summary JSON. 0, or -1 on a write error. */
int hp_lmc_write_sites(FILE *fp, const hp_lmc_result_t *r, const sam_hdr_t *h)
    __attribute__((warn_unused_result));
int hp_lmc_write_attrition(FILE *fp, const hp_lmc_result_t *r) __attribute__((warn_unused_result));
int hp_lmc_write_summary(FILE *fp, const hp_lmc_result_t *r, const sam_hdr_t *h, const char *sample,
                         const char *input) __attribute__((warn_unused_result));
/* Every output of R under PREFIX (.sites.tsv, .summary.json, .attrition.tsv: the LM-PCR
 * writer table in src/report_set.c), all or none (outfile.h). H names the contigs; SAMPLE and
 * INPUT go into the summary. Returns 0, or -1 after logging which output failed. */
int hp_lmc_write(const char *prefix, const hp_lmc_result_t *r, const sam_hdr_t *h,
                 const char *sample, const char *input) __attribute__((warn_unused_result));

/* `count --assay lmpcr` (src/cmd_count_lmpcr.c), called by cmd_count when its parsed
 * hp_count_opt_t.assay is HP_ASSAY_LMPCR (count.h); parses argv again with its own options. */
int cmd_count_lmpcr(int argc, char **argv);

#ifdef __cplusplus
}
#endif
#endif
