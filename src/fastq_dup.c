/* fastq_dup.c -- fragment keys and hash-sampled duplicate counting. */
#include "htlvpvl/fastq_dup.h"
#include "htlvpvl/hash.h"
#include "htlvpvl/seq.h"
#include <stdlib.h>
#include <string.h>

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
    free(d->key);
    free(d->cnt);
    d->key = NULL, d->cnt = NULL, d->n = d->n_slots = 0;
}

static void put(uint64_t *key, uint32_t *cnt, size_t n_slots, uint64_t k, uint32_t c, size_t *n_new)
{
    size_t m = n_slots - 1, s = (size_t)(k * 0x9E3779B97F4A7C15ULL >> 20) & m;
    while (key[s] && key[s] != k)
        s = (s + 1) & m;
    if (!key[s]) key[s] = k, ++*n_new;
    cnt[s] += c;
}

/* Rebuild into n_slots slots, keeping keys below d->thresh. */
static int rebuild(hp_dupset_t *d, size_t n_slots)
{
    uint64_t *key = calloc(n_slots, sizeof *key);
    uint32_t *cnt = calloc(n_slots, sizeof *cnt);
    if (!key || !cnt) {
        free(key);
        free(cnt);
        return -1;
    }
    size_t n = 0;
    for (size_t i = 0; i < d->n_slots; i++)
        if (d->key[i] && d->key[i] < d->thresh) put(key, cnt, n_slots, d->key[i], d->cnt[i], &n);
    free(d->key);
    free(d->cnt);
    d->key = key, d->cnt = cnt, d->n_slots = n_slots, d->n = n;
    return 0;
}

int hp_dupset_add(hp_dupset_t *d, uint64_t key)
{
    if (key >= d->thresh) return 0;
    if (!d->key) {
        size_t s = 1024;
        while (s < 2 * d->max_keys)
            s *= 2;
        if (rebuild(d, s) < 0) return -1;
    }
    put(d->key, d->cnt, d->n_slots, key, 1, &d->n);
    while (d->n > d->max_keys) {
        d->thresh >>= 1;
        if (rebuild(d, d->n_slots) < 0) return -1;
    }
    return 0;
}

double hp_dupset_unique_fraction(const hp_dupset_t *d, int64_t *n_distinct, int64_t *n_total)
{
    int64_t tot = 0;
    for (size_t i = 0; i < d->n_slots; i++)
        tot += d->key[i] ? d->cnt[i] : 0;
    if (n_distinct) *n_distinct = (int64_t)d->n;
    if (n_total) *n_total = tot;
    return tot ? (double)d->n / (double)tot : 1.0;
}
