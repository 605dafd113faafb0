/* kmer.h -- the viral reference of the FASTQ screen and k-mer placement of reads on it.
 *
 * A read is placed on the provirus by its exact 15-mer matches (both strands) that agree on one
 * diagonal (within a few bases, so that small indels and strain variation of a few % still give
 * a placement). LTR k-mers occur twice (5' and 3' LTR) and vote for both copies; a k-mer that
 * straddles the LTR/internal boundary breaks the tie.
 */
#ifndef HTLVPVL_KMER_H
#define HTLVPVL_KMER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HP_KMER_K 15

/* The provirus the screen looks for (full LTR-to-LTR sequence) and its regions, 1-based. */
typedef struct {
    char *seq; /* upper-case, NUL-terminated */
    int len;
    int ltr_len; /* 5' LTR = 1..ltr_len; 3' LTR = ltr3_start..len */
    int ltr3_start;
    int px_start, px_end; /* pX region (PVL window by default) */
    char name[128];
} hp_virus_t;

/* The built-in HTLV-1 (ref.h). Returns 0 or -1 (out of memory). */
int hp_virus_init_builtin(hp_virus_t *v) __attribute__((warn_unused_result));
/* A provirus from a FASTA file (the first record; LTR to LTR). The LTRs are found as the longest
 * near-identical prefix/suffix (100 bp or more); pX is placed by matching the built-in pX ends,
 * or, failing that, taken as the 1,630 bp before the 3' LTR. Returns 0, or -1 with the reason
 * in err ("why", without the file name). */
int hp_virus_load_fasta(hp_virus_t *v, const char *path, char *err, size_t errlen)
    __attribute__((warn_unused_result));
void hp_virus_destroy(hp_virus_t *v); /* accepts NULL */

/* Region codes of a provirus position. */
enum { HP_REGION_LTR = 0, HP_REGION_INTERNAL = 1, HP_REGION_PX = 2, HP_N_REGIONS = 3 };
int hp_virus_region(const hp_virus_t *v, int pos);            /* pos 1-based */
extern const char *const hp_virus_region_names[HP_N_REGIONS]; /* "LTR", "internal", "pX" */

typedef struct hp_kmer_index_t hp_kmer_index_t;

/* Index the k-mers of v (both strands; low-complexity k-mers are left out). The index refers to
 * v, which must outlive it. Returns NULL when out of memory. Read-only afterwards: placing reads
 * is thread-safe. */
hp_kmer_index_t *hp_kmer_index_build(const hp_virus_t *v);
void hp_kmer_index_destroy(hp_kmer_index_t *idx);   /* accepts NULL */
int hp_kmer_index_size(const hp_kmer_index_t *idx); /* number of indexed (k-mer, position) */

/* Where a read lies on the provirus. */
typedef struct {
    int viral_bases; /* read bases covered by k-mers on the chosen diagonal (0: not viral) */
    int n_hits;      /* k-mers on the chosen diagonal */
    int strand;      /* 0: read on the provirus + strand, 1: reverse-complemented */
    int pos5;        /* provirus position (1-based) of the read's first base (its 5' end);
                      * may lie outside 1..len when the read runs off the provirus */
    int beg, end;    /* provirus span of the read's viral part (1-based, inclusive) */
} hp_place_t;

/* Per-thread scratch for hp_kmer_place; init zeroes it, destroy frees it (accepts NULL). */
typedef struct {
    uint64_t *hits; /* (vote << 32 | read offset) per k-mer hit */
    int32_t *qpos;
    int m;
} hp_kmer_scratch_t;
void hp_kmer_scratch_init(hp_kmer_scratch_t *s);
void hp_kmer_scratch_destroy(hp_kmer_scratch_t *s);

/* Place seq[0..len) on the provirus; out->viral_bases = 0 when no diagonal has a k-mer.
 * Returns 0, or -1 when out of memory. */
int hp_kmer_place(const hp_kmer_index_t *idx, const char *seq, int len, hp_kmer_scratch_t *s,
                  hp_place_t *out) __attribute__((warn_unused_result));

#ifdef __cplusplus
}
#endif
#endif
