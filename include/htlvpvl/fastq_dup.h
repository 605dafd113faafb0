/* fastq_dup.h -- duplicate fragments in unaligned reads (src/fastq_dup.c).
 *
 * A fragment is named by a 64-bit key hashed from the first bases of both mates (mate order
 * does not matter), so PCR duplicates share it. The host duplicate rate is estimated on a
 * hash-sampled subset of keys: every key below a threshold is kept with its count; when more
 * than max_keys are kept the threshold halves. Duplicates share a key, so the subset holds
 * whole duplicate groups and its distinct/total ratio estimates that of all fragments, in
 * bounded memory. Not thread-safe per set; the result depends only on the keys added, in order.
 */
#ifndef HTLVPVL_FASTQ_DUP_H
#define HTLVPVL_FASTQ_DUP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HP_DUP_KEY_BASES 24 /* bases of each mate that name a fragment */

/* Key of a fragment from its mates (s2 NULL for single-end); never 0. Thread-safe. */
uint64_t hp_fragment_key(const char *s1, int l1, const char *s2, int l2);

struct kh_hp_dup_s; /* htslib khash: key -> count (src/fastq_dup.c) */
typedef struct {
    struct kh_hp_dup_s *h; /* the sampled keys and their counts */
    size_t n, max_keys;    /* keys kept, at most max_keys */
    uint64_t thresh;       /* keys below it are sampled */
} hp_dupset_t;

void hp_dupset_init(hp_dupset_t *d, size_t max_keys);
void hp_dupset_destroy(hp_dupset_t *d); /* accepts NULL */
/* Count one fragment. Returns 0, or -1 when out of memory. */
int hp_dupset_add(hp_dupset_t *d, uint64_t key) __attribute__((warn_unused_result));
/* Distinct / total among sampled fragments (1 when none), and the two counts. */
double hp_dupset_unique_fraction(const hp_dupset_t *d, int64_t *n_distinct, int64_t *n_total);

#ifdef __cplusplus
}
#endif
#endif
