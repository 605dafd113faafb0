/* partial.h -- the partial result of one shard of `count` (count --partial --region ...), and
 * what `htlvpvl merge` needs to combine shards into exactly the one-run outputs.
 *
 * Ownership rule: a shard owns a list of regions (whole contigs, CHR:BEG-END ranges, and "*"
 * for the unplaced unmapped records); a record belongs to the shard whose region holds its
 * (contig, position) -- the start of its alignment, or for an unmapped read placed beside its
 * mate the position it was given. Each record is read, duplicate-checked and classified by that
 * one shard only, so every counter of the scan is a sum over shards and the junction evidence
 * of all shards together is the evidence of the whole file. Regions of all shards together must
 * cover every contig of the header and "*" without overlap (hp_partial_check_cover).
 *
 * The file (PREFIX.partial) is text, one record a line, fields separated by tabs, written in a
 * fixed order (the same bytes at any thread count): a format line "htlvpvl-partial\t1", the
 * provenance (version, input, reference, sample, options, header hash), the owned regions, the
 * counters of hp_acc_t, the non-zero histogram bins, the depth-profile counters (viral bins and
 * the non-zero host windows), the junction evidence in its total order, and a last line "end"
 * (a file cut short is refused). */
#ifndef HTLVPVL_PARTIAL_H
#define HTLVPVL_PARTIAL_H

#include <stddef.h>
#include <stdint.h>
#include <htslib/sam.h>
#include "htlvpvl/bam_scan.h"
#include "htlvpvl/depth_profile.h"
#include "htlvpvl/junction.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HP_PARTIAL_FORMAT 1

typedef struct {
    int format;               /* HP_PARTIAL_FORMAT */
    char *version;            /* htlvpvl version that wrote it */
    char *input;              /* the input as given to count (merge writes it as `input`) */
    char *reference;          /* --reference, "" without */
    char *sample;             /* the sample name count resolved */
    char *virus;              /* --virus-contig names joined by ',', "" when detected */
    char *pvl_region;         /* --pvl-region name */
    int min_mapq;             /* --min-mapq */
    uint64_t header_hash;     /* hp_partial_header_hash of the input's header */
    hp_own_region_t *reg;     /* the regions this shard owns, sorted */
    int n_reg;
    int64_t secondary_sa;     /* hp_bam_t.n_secondary_sa of the owned records */
    hp_acc_t acc;             /* counters and (compacted, sorted) evidence */
    hp_dprof_t dprof;         /* counters only (win, n_win, w_*, v_*); no window layout */
} hp_partial_t;

/* 64-bit hash (FNV-1a) of the header text: partials of one input carry the same. */
uint64_t hp_partial_header_hash(const sam_hdr_t *h);

/* Parse n region strings ("CHR", "CHR:BEG-END" 1-based inclusive, "{CHR}:..." for names
 * with colons, "*" for the unplaced unmapped records) into *out (malloc'd, sorted by contig
 * then start, "*" last). A range reaching the contig's end is extended to the largest
 * position, so nothing past the end is lost. Returns the number of regions, or -1 with err set
 * (unknown contig, bad range, overlap, memory). */
int hp_own_regions_parse(const sam_hdr_t *h, char *const *spec, int n, hp_own_region_t **out,
                         char *err, size_t err_len) __attribute__((warn_unused_result));

/* Shard k (1-based) of n: the contigs of h laid end to end and cut into n parts of equal
 * length (a contig of length 0 goes whole to the part where it starts); "*" goes to the last.
 * The n shards together cover the header exactly once. Sets *out (malloc'd, sorted) and
 * returns the number of regions (0 for a part that holds nothing), or -1 (memory). */
int hp_own_regions_split(const sam_hdr_t *h, int k, int n, hp_own_region_t **out)
    __attribute__((warn_unused_result));

/* Check that the regions of all partials (reg[i] owned by partial owner[i]) cover every
 * contig of h whole and "*" exactly once. Returns 0, or -1 with err set naming the first gap or
 * overlap. */
int hp_partial_check_cover(const sam_hdr_t *h, const hp_own_region_t *reg, const int *owner,
                           int n, char *err, size_t err_len) __attribute__((warn_unused_result));

/* Write p to path through the output helper (temporary name, then rename). p's evidence must
 * be compacted (hp_evidence_compact); p is only read. Returns 0, or -1 with err set. */
int hp_partial_write(const char *path, const hp_partial_t *p, char *err, size_t err_len)
    __attribute__((warn_unused_result));

/* Write the partial of a finished shard scan to PREFIX.partial (hp_partial_write): provenance
 * from the arguments (input as given, ref and virus may be NULL/empty), the header hash and
 * the secondary split-read count from bam, the regions own, the counters of acc and dprof.
 * Nothing is modified. Returns 0, or -1 with err set (a --virus-contig name holding a comma,
 * memory, write error). */
int hp_partial_save(const char *prefix, const char *input, const char *ref, const char *sample,
                    char *const *virus, int n_virus, const char *pvl_region, int min_mapq,
                    const hp_bam_t *bam, const hp_own_region_t *own, int n_own,
                    const hp_acc_t *acc, const hp_dprof_t *dprof, char *err, size_t err_len)
    __attribute__((warn_unused_result));

/* Read path into p (which this initialises; free with hp_partial_destroy). Returns 0, or -1
 * with err set (unreadable, not a partial, other format version, malformed or cut short). */
int hp_partial_read(const char *path, hp_partial_t *p, char *err, size_t err_len)
    __attribute__((warn_unused_result));

/* Free what hp_partial_read allocated. Accepts NULL. */
void hp_partial_destroy(hp_partial_t *p);

#ifdef __cplusplus
}
#endif
#endif
