/* kmer.h -- k-mer placement of reads on the provirus model (virus.h), for the FASTQ screen
 * and for placing the built-in regions on a model (src/kmer.c).
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
#include "htlvpvl/virus.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HP_KMER_K 15

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
