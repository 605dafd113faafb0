/* compare_lmpcr.h -- `compare --assay lmpcr`: LM-PCR site tables of several samples
 * (PREFIX.sites.tsv of `count --assay lmpcr`) put side by side.
 *
 * Sites of all samples on one contig and strand within `window` bases are one site (rows taken
 * by UMIs, most first; each joins the nearest site already made within the window, else makes
 * one). Per site, the UMIs of each subject (samples map to subjects; time points of one subject
 * share a subject) decide ownership: seen in one subject only, it is that subject's ("private");
 * in several, the subject holding at least `owner_share` of the site's UMIs owns it ("owner")
 * and the other subjects' rows are flagged ("collision": index hopping, carry-over); when no
 * subject reaches the share, every row is flagged ("ambiguous"). Nothing here prints or exits.
 */
#ifndef HTLVPVL_COMPARE_LMPCR_H
#define HTLVPVL_COMPARE_LMPCR_H

#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    int chrom; /* index into hp_lcmp_t.chrom */
    int32_t pos;
    uint8_t strand; /* 0 '+', 1 '-' */
    int sample;
    int64_t umis;
    double cells; /* estimated_cells */
    int site;     /* merged site (after hp_lcmp_build) */
} hp_lcmp_row_t;

typedef struct {
    int chrom;
    int32_t pos;
    uint8_t strand;
    int owner;          /* subject index, -1 none */
    double owner_share; /* the top subject's share of the UMIs */
    int n_subject;      /* subjects with UMIs */
    int64_t umis;
} hp_lcmp_site_t;

typedef struct {
    char **chrom;
    int n_chrom, m_chrom;
    char **sample; /* per sample: name */
    int *subj;     /* per sample: subject index */
    int n_sample, n_subject;
    char **subject_name; /* per subject index */
    hp_lcmp_row_t *row;
    int64_t n_row, m_row;
    hp_lcmp_site_t *site;
    int n_site;
    double *umis, *cells; /* n_site x n_sample, after build */
} hp_lcmp_t;

void hp_lcmp_init(hp_lcmp_t *c);
void hp_lcmp_destroy(hp_lcmp_t *c); /* accepts NULL */

/* Add a sample (name owned by the caller, copied) of subject (NULL: its own) and read its
 * sites table. Returns 0; -1 cannot open (errno set); -2 format error (*line, *msg static);
 * -3 out of memory. */
int hp_lcmp_add(hp_lcmp_t *c, const char *name, const char *subject, const char *path,
                int64_t *line, const char **msg) __attribute__((warn_unused_result));

/* Merge the rows into sites and decide owners. Returns 0 or -3. */
int hp_lcmp_build(hp_lcmp_t *c, int window, double owner_share) __attribute__((warn_unused_result));

/* Writers (0, or -1 on a write error): the site x sample matrix of UMIs (cells = 1: of
 * estimated cells) with the owner columns; one row per (site, sample) seen with its status; per
 * pair of samples, the sites they share. */
int hp_lcmp_write_matrix(FILE *fp, const hp_lcmp_t *c, int cells)
    __attribute__((warn_unused_result));
int hp_lcmp_write_calls(FILE *fp, const hp_lcmp_t *c) __attribute__((warn_unused_result));
int hp_lcmp_write_pairs(FILE *fp, const hp_lcmp_t *c) __attribute__((warn_unused_result));

/* `compare --assay lmpcr` (src/cmd_compare_lmpcr.c), called by cmd_compare. */
int cmd_compare_lmpcr(int argc, char **argv);

#ifdef __cplusplus
}
#endif
#endif
