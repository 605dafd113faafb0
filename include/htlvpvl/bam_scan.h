/* bam_scan.h -- read a BAM/CRAM/SAM once and classify every record (junction.h), decoding with
 * an htslib thread pool while OpenMP threads classify the previous batch; plus the indexed
 * second pass that counts wild-type fragments around each site. */
#ifndef HTLVPVL_BAM_SCAN_H
#define HTLVPVL_BAM_SCAN_H

#include <htslib/sam.h>
#include <htslib/thread_pool.h>
#include "htlvpvl/contigs.h"
#include "htlvpvl/junction.h"
#include "htlvpvl/sites.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    samFile *fp;
    sam_hdr_t *hdr;
    hts_idx_t *idx;          /* loaded by hp_bam_load_index */
    htsThreadPool pool;
    const char *path;
    int is_cram;
    int64_t n_read;          /* records read so far by hp_bam_scan */
    int64_t n_secondary_sa;  /* of those, secondary (0x100, not 0x800) with an SA tag: the
                              * parts of split reads as `bwa mem -M` marks them */
    char err[512];           /* why the last call failed (without the file name) */
} hp_bam_t;

/* Open path ("-" = stdin) and read its header. ref_fa (may be NULL) is the reference for CRAM.
 * n_pool: htslib decompression threads (0 = none). Returns 0, or -1 with b->err set: missing
 * or unreadable file, not SAM/BAM/CRAM (FASTQ gives -2), empty, bad header. */
int hp_bam_open(hp_bam_t *b, const char *path, const char *ref_fa, int n_pool)
    __attribute__((warn_unused_result));
/* Load the index (.bai/.csi/.crai beside the file). Returns 0, or -1 with b->err set. */
int hp_bam_load_index(hp_bam_t *b) __attribute__((warn_unused_result));
void hp_bam_destroy(hp_bam_t *b);

/* A region a shard owns (partial.h): records whose (tid, pos) lies in [beg, end), 0-based;
 * tid -1 with beg = end = 0: the unplaced unmapped records ("*"). */
typedef struct {
    int tid;
    int64_t beg, end;
} hp_own_region_t;

typedef struct {
    int n_threads;           /* OpenMP threads classifying (>= 1) */
    int quiet;               /* no progress lines */
    int batch;               /* records per batch (default 16384) */
    const char *region;      /* "chr:beg-end" or NULL: restrict host scanning (needs index) */
    int mark_duplicates;     /* flag unmarked duplicate pairs of a coordinate-sorted input */
    hp_classify_opt_t copt;
    struct hp_dprof_s *dprof; /* NULL, or depth-profile counters (depth_profile.h) to fill */
    const hp_own_region_t *own; /* non-NULL: shard mode (needs an index; region NULL): read */
    int n_own;                  /* only the records starting in these n_own regions (may be 0) */
} hp_scan_opt_t;

void hp_scan_opt_init(hp_scan_opt_t *o);

/* Scan the whole input (or the region plus the viral contigs) into acc (initialised by the
 * caller). With a region, o->copt is completed from it. Returns 0, or -1 with b->err set
 * (truncated or corrupt input, CRAM reference missing, bad region, no index). */
int hp_bam_scan(hp_bam_t *b, const hp_contigs_t *ctg, hp_scan_opt_t *o, hp_acc_t *acc)
    __attribute__((warn_unused_result));

/* Count W for each site with an index: host fragments (proper pairs by their insert, single
 * reads by their alignment) covering the TSD with `before` bases before it and `after` after, not
 * duplicates and not among the site's evidence fragments. Sets site->n_wild. Returns 0, or
 * -1 with b->err set. */
int hp_bam_wild_type(hp_bam_t *b, const hp_contigs_t *ctg, hp_sites_t *sites, int max_frag,
                     int before, int after) __attribute__((warn_unused_result));

/* The reader's rule for unmarked duplicates (pairs sharing contig, position, strand and mate
 * position of a coordinate-sorted input: all but the first get flag 0x400), for readers that
 * go through the index (count_indexed.h). Off unless the header says SO:coordinate. Reset it
 * before each region read. hp_dupwin_mark returns 0 or -1 (memory). */
typedef struct hp_dupwin_s hp_dupwin_t;
hp_dupwin_t *hp_dupwin_new(const hp_contigs_t *ctg, const sam_hdr_t *hdr);
int hp_dupwin_mark(hp_dupwin_t *d, bam1_t *b) __attribute__((warn_unused_result));
void hp_dupwin_reset(hp_dupwin_t *d);
int64_t hp_dupwin_marked(const hp_dupwin_t *d);
int hp_dupwin_on(const hp_dupwin_t *d);
void hp_dupwin_free(hp_dupwin_t *d); /* accepts NULL */

/* Sample name of an alignment file: the first read group's SM, else the file name without
 * directory and extension (.bam, .cram, .sam, .sam.gz), its tabs and line breaks turned into
 * '_' ("stdin" for "-"). Returns a malloc'd string, or NULL when out of memory. */
char *hp_bam_sample_name(const sam_hdr_t *h, const char *path);

#ifdef __cplusplus
}
#endif
#endif
