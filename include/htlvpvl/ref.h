/* ref.h -- the HTLV-1 reference compiled into htlvpvl (GenBank J02029.1, ATK-1, 9,033 bp).
 *
 * Coordinates are 1-based, inclusive, on the full provirus (LTR to LTR) unless a name says
 * otherwise. The split layout cuts the provirus into one LTR copy (HTLV1_LTR, 1-755) and the
 * internal region (HTLV1_internal, 756-8278).
 */
#ifndef HTLVPVL_REF_H
#define HTLVPVL_REF_H

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

extern const char hp_htlv1_seq[];  /* upper-case ACGT, NUL-terminated, hp_htlv1_len bases */
extern const int hp_htlv1_len;     /* 9033 */
extern const char hp_htlv1_md5[];  /* md5 of the sequence without newlines */

#define HP_FULL_NAME      "HTLV1"
#define HP_LTR_NAME       "HTLV1_LTR"
#define HP_INTERNAL_NAME  "HTLV1_internal"
#define HP_PROVIRUS_LEN   9033
#define HP_LTR_LEN        755
#define HP_LTR5_START     1
#define HP_LTR3_START     8279     /* 3' LTR: 8279-9033, identical to the 5' LTR */
#define HP_INTERNAL_START 756      /* first base after the 5' LTR */
#define HP_INTERNAL_LEN   7523     /* 756-8278 */
#define HP_TSD_LEN        6        /* target-site duplication made by integration */
#define HP_U3_MOTIF       "TGACAATGAC"  /* start of each LTR (U3 end) */
#define HP_U5_MOTIF       "TTAGTACACA"  /* end of each LTR (U5 end) */
#define HP_MOTIF_LEN      10

/* One annotated feature of the provirus (full-layout coordinates, 1-based inclusive). */
typedef struct {
    const char *name;   /* "LTR5", "gag", "pX", ... */
    int start, end;
    const char *note;   /* short description, for the BED name column and logs */
} hp_feature_t;

/* The feature table: LTR5, U3_motif_5, U5_motif_5, PBS, gag, pol, env, pX, LTR3, U3_motif_3,
 * U5_motif_3. Returns the number of entries and sets *feat to a static array. Thread-safe. */
int hp_ref_features(const hp_feature_t **feat);

/* Look a feature up by name ("pX", "gag", "pol", "env", "LTR5", "LTR3"); NULL when unknown. */
const hp_feature_t *hp_ref_feature(const char *name);

/* Reference layouts written by `htlvpvl ref`. */
typedef enum { HP_LAYOUT_FULL = 0, HP_LAYOUT_SPLIT = 1 } hp_layout_t;

/* One contig of a layout: name, sequence pointer into hp_htlv1_seq (not NUL-terminated at len),
 * length, and the full-provirus coordinate of its first base. */
typedef struct {
    const char *name;
    const char *seq;
    int len;
    int full_start;
} hp_contig_t;

/* Contigs of a layout: returns their number (1 or 2) and fills out[] (size >= 2). */
int hp_ref_contigs(hp_layout_t layout, hp_contig_t out[2]);

/* Write a layout as FASTA (60 columns) to fp. Returns 0, or -1 on a write error. */
int hp_ref_write_fasta(FILE *fp, hp_layout_t layout) __attribute__((warn_unused_result));

/* Write the feature table as BED6 (0-based half-open) on the chosen layout's contigs; features
 * that fall outside a split contig (the 3' LTR) are written on HTLV1_LTR once. Returns 0 or -1. */
int hp_ref_write_features_bed(FILE *fp, hp_layout_t layout) __attribute__((warn_unused_result));

#ifdef __cplusplus
}
#endif
#endif
