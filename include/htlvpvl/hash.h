/* hash.h -- the two 64-bit hashes of htlvpvl, header-only (static inline; no hash.c): FNV-1a for
 * names and byte strings, and the splitmix64 finalizer to scatter integer keys. Pure and
 * thread-safe. Keys are for identity and table slots within one run; a value written to a file
 * (the header hash of a .partial) is compared only with one the same version wrote. */
#ifndef HTLVPVL_HASH_H
#define HTLVPVL_HASH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HP_FNV1A_BASIS 0xcbf29ce484222325ULL /* 14695981039346656037 */
#define HP_FNV1A_PRIME 0x100000001b3ULL      /* 1099511628211 */

/* One FNV-1a step: fold V (a byte, or a small word) into H. */
static inline uint64_t hp_fnv1a_step(uint64_t h, uint64_t v) { return (h ^ v) * HP_FNV1A_PRIME; }

/* FNV-1a of the N bytes at P, continuing from H (HP_FNV1A_BASIS to start). */
static inline uint64_t hp_fnv1a(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = (const unsigned char *)p;
    for (size_t i = 0; i < n; i++) h = hp_fnv1a_step(h, s[i]);
    return h;
}

/* The splitmix64 finalizer (Stafford's Mix13): a bijection of 64-bit keys whose every output
 * bit depends on every input bit. */
static inline uint64_t hp_mix64(uint64_t x)
{
    x ^= x >> 30, x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27, x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

#ifdef __cplusplus
}
#endif
#endif
