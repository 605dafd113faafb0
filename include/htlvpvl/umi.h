/* umi.h -- UMI error correction shared by `trim --flanks` and `count --assay lmpcr`:
 * UMI-tools' directional method (Smith, Heger, Sudbery 2017) over (prefix, UMI) keys.
 * Pure; thread-safe on distinct arrays. */
#ifndef HTLVPVL_UMI_H
#define HTLVPVL_UMI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* qsort comparator on pointers to "prefix\0umi\0" pairs: by prefix, then UMI (strcmp). */
int hp_umi_cmp_pair(const void *a, const void *b);

/* Distinct (prefix, UMI) after UMI-tools' directional merge: from the most reads down (ties by
 * key), a group joins a group already seen that differs from it by one base substitution (A, C,
 * G or T) and has at least 2n - 1 reads. sorted: n pointers to "prefix\0umi\0", sorted by
 * hp_umi_cmp_pair (equal keys adjacent). count: reads of each entry (equal adjacent keys are
 * summed), or NULL for one read each. vary_prefix: 1 = the substitution may fall in the prefix
 * (a sequence, e.g. trim's shear proxy) or the UMI; 0 = in the UMI only (the prefix is an exact
 * shear position). Returns the number of groups left, or -3 when out of memory. */
int64_t hp_umi_directional(char **sorted, const int64_t *count, int64_t n, int vary_prefix)
    __attribute__((warn_unused_result));

/* The same on packed keys (a fast path for positions): key = (prefix << 2 * umi_len) | UMI,
 * the UMI 2 bits a base (A C G T = 0 1 2 3); only UMI bases are substituted. key: n keys in
 * ascending order (equal keys adjacent, their counts summed); count: reads of each. Ties in
 * reads are taken in key order. Returns the groups left, or -3 when out of memory. */
int64_t hp_umi_directional_packed(const uint64_t *key, const int64_t *count, int64_t n, int umi_len)
    __attribute__((warn_unused_result));

#ifdef __cplusplus
}
#endif
#endif
