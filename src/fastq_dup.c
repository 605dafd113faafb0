/* fastq_dup.c -- fragment keys and hash-sampled duplicate counting. */
#include "htlvpvl/fastq_dup.h"
#include "htlvpvl/hash.h"
#include "htlvpvl/seq.h"
#include <htslib/khash.h>
#include <stdlib.h>
#include <string.h>

KHASH_MAP_INIT_INT64(hp_dup, uint32_t)

static uint64_t seq_hash(const char *s, int l)
{
    uint64_t v = 0, nmask = 0; /* 2 bits a base (24 bases fit), N positions apart */
    int n = l < HP_DUP_KEY_BASES ? l : HP_DUP_KEY_BASES;
    for (int i = 0; i < n; i++) {
        unsigned c = hp_nt4[(unsigned char)s[i]];
        if (c > 3) nmask |= 1ULL << i, c = 0;
        v = v << 2 | c;
    }
    return hp_mix64(v ^ hp_mix64(nmask ^ ((uint64_t)n << 32) ^ 0x243F6A8885A308D3ULL));
}

uint64_t hp_fragment_key(const char *s1, int l1, const char *s2, int l2)
{
    uint64_t a = seq_hash(s1, l1), b = s2 ? seq_hash(s2, l2) : 0x9E3779B97F4A7C15ULL;
    if (s2 && b < a) {
        uint64_t t = a;
        a = b, b = t;
    }
    uint64_t k = hp_mix64(a ^ hp_mix64(b));
    return k ? k : 1;
}

void hp_dupset_init(hp_dupset_t *d, size_t max_keys)
{
    memset(d, 0, sizeof *d);
    d->max_keys = max_keys < 16 ? 16 : max_keys;
    d->thresh = UINT64_MAX;
}

void hp_dupset_destroy(hp_dupset_t *d)
{
    if (!d) return;
    if (d->h) kh_destroy(hp_dup, d->h);
    d->h = NULL, d->n = 0;
}

int hp_dupset_add(hp_dupset_t *d, uint64_t key)
{
    if (key >= d->thresh) return 0;
    if (!d->h && !(d->h = kh_init(hp_dup))) return -1;
    int absent;
    khint_t k = kh_put(hp_dup, d->h, key, &absent);
    if (absent < 0) return -1;
    if (absent) kh_val(d->h, k) = 0;
    kh_val(d->h, k)++;
    while (kh_size(d->h) > d->max_keys) { /* halve the sample: drop the keys above */
        d->thresh >>= 1;
        for (k = kh_begin(d->h); k != kh_end(d->h); k++)
            if (kh_exist(d->h, k) && kh_key(d->h, k) >= d->thresh) kh_del(hp_dup, d->h, k);
    }
    d->n = kh_size(d->h);
    return 0;
}

double hp_dupset_unique_fraction(const hp_dupset_t *d, int64_t *n_distinct, int64_t *n_total)
{
    int64_t tot = 0;
    for (khint_t k = d->h ? kh_begin(d->h) : 0; d->h && k != kh_end(d->h); k++)
        if (kh_exist(d->h, k)) tot += kh_val(d->h, k);
    if (n_distinct) *n_distinct = (int64_t)d->n;
    if (n_total) *n_total = tot;
    return tot ? (double)d->n / (double)tot : 1.0;
}
