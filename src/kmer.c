/* kmer.c -- 15-mer placement of reads on the provirus (the model: virus.c). */
#include "htlvpvl/kmer.h"
#include "htlvpvl/seq.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define K HP_KMER_K
#define KMASK ((1u << (2 * K)) - 1)
#define DIAG_TOL 4          /* bases a diagonal may wander (indels, strain variation) */
#define VOTE_OFF (1u << 22) /* keeps diagonals of reads running off the provirus positive */
#define BLOOM_BITS 20 /* 128 KB: stays in L2 */

struct hp_kmer_index_t {
    const hp_virus_t *v;
    uint32_t *val; /* (pos << 1 | strand), grouped by k-mer */
    int n_val;
    uint32_t *slot_key; /* k-mer + 1; 0 = empty */
    uint32_t *slot_beg, *slot_cnt;
    int bits;
    uint64_t *bloom; /* 2^BLOOM_BITS bits: quick "not viral" answer for host k-mers */
};

static inline uint64_t kmer_hash(uint32_t x)
{
    return (uint64_t)x * 0x9E3779B97F4A7C15ULL;
}

/* Low-complexity k-mers (mostly one base, or a 1-3 bp period) would match simple repeats of
 * the host genome. */
static int low_complexity(const char *s)
{
    int cnt[5] = {0};
    for (int i = 0; i < K; i++)
        cnt[hp_nt4[(unsigned char)s[i]]]++;
    for (int c = 0; c < 4; c++)
        if (cnt[c] >= K - 3) return 1;
    for (int per = 2; per <= 3; per++) {
        int same = 1;
        for (int i = per; i < K && same; i++)
            same = s[i] == s[i - per];
        if (same) return 1;
    }
    return 0;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

hp_kmer_index_t *hp_kmer_index_build(const hp_virus_t *v)
{
    hp_kmer_index_t *idx = calloc(1, sizeof *idx);
    uint64_t *pairs = NULL;
    if (!idx) return NULL;
    idx->v = v;
    int n = v->len, np = 0;
    pairs = malloc(sizeof *pairs * 2 * (size_t)(n > K ? n : 1));
    idx->bloom = calloc((size_t)1 << (BLOOM_BITS - 6), sizeof(uint64_t));
    if (!pairs || !idx->bloom) goto fail;
    for (int p = 0; p + K <= n; p++) {
        uint32_t f = 0, r = 0;
        int ok = 1;
        for (int i = 0; i < K && ok; i++) {
            unsigned c = hp_nt4[(unsigned char)v->seq[p + i]];
            if (c > 3) ok = 0;
            f = (f << 2) | c;
            r |= (uint32_t)(3 - c) << (2 * i);
        }
        if (!ok || low_complexity(v->seq + p)) continue;
        pairs[np++] = (uint64_t)f << 32 | (uint32_t)p << 1;
        pairs[np++] = (uint64_t)r << 32 | ((uint32_t)p << 1 | 1);
    }
    qsort(pairs, (size_t)np, sizeof *pairs, cmp_u64);
    idx->n_val = np;
    idx->val = malloc(sizeof *idx->val * (size_t)(np ? np : 1));
    int n_keys = 0;
    for (int i = 0; i < np; i++)
        n_keys += i == 0 || pairs[i] >> 32 != pairs[i - 1] >> 32;
    idx->bits = 10;
    while ((1 << idx->bits) < 4 * n_keys)
        idx->bits++;
    size_t ns = (size_t)1 << idx->bits;
    idx->slot_key = calloc(ns, sizeof *idx->slot_key);
    idx->slot_beg = calloc(ns, sizeof *idx->slot_beg);
    idx->slot_cnt = calloc(ns, sizeof *idx->slot_cnt);
    if (!idx->val || !idx->slot_key || !idx->slot_beg || !idx->slot_cnt) goto fail;
    for (int i = 0; i < np;) {
        uint32_t key = (uint32_t)(pairs[i] >> 32);
        int j = i;
        while (j < np && (uint32_t)(pairs[j] >> 32) == key) {
            idx->val[j] = (uint32_t)pairs[j];
            j++;
        }
        uint64_t h = kmer_hash(key);
        size_t s = (size_t)(h >> (64 - idx->bits));
        while (idx->slot_key[s])
            s = (s + 1) & (ns - 1);
        idx->slot_key[s] = key + 1;
        idx->slot_beg[s] = (uint32_t)i;
        idx->slot_cnt[s] = (uint32_t)(j - i);
        uint64_t b = h >> (64 - BLOOM_BITS);
        idx->bloom[b >> 6] |= 1ULL << (b & 63);
        i = j;
    }
    free(pairs);
    return idx;
fail:
    free(pairs);
    hp_kmer_index_destroy(idx);
    return NULL;
}

void hp_kmer_index_destroy(hp_kmer_index_t *idx)
{
    if (!idx) return;
    free(idx->val);
    free(idx->slot_key);
    free(idx->slot_beg);
    free(idx->slot_cnt);
    free(idx->bloom);
    free(idx);
}

int hp_kmer_index_size(const hp_kmer_index_t *idx)
{
    return idx->n_val;
}

void hp_kmer_scratch_init(hp_kmer_scratch_t *s)
{
    memset(s, 0, sizeof *s);
}

void hp_kmer_scratch_destroy(hp_kmer_scratch_t *s)
{
    if (!s) return;
    free(s->hits);
    free(s->qpos);
    memset(s, 0, sizeof *s);
}

static inline int lookup(const hp_kmer_index_t *idx, uint32_t key, uint32_t *beg)
{
    uint64_t h = kmer_hash(key);
    uint64_t b = h >> (64 - BLOOM_BITS);
    if (!(idx->bloom[b >> 6] >> (b & 63) & 1)) return 0;
    size_t mask = ((size_t)1 << idx->bits) - 1, s = (size_t)(h >> (64 - idx->bits));
    for (; idx->slot_key[s]; s = (s + 1) & mask) {
        if (idx->slot_key[s] == key + 1) {
            *beg = idx->slot_beg[s];
            return (int)idx->slot_cnt[s];
        }
    }
    return 0;
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

int hp_kmer_place(const hp_kmer_index_t *idx, const char *seq, int len, hp_kmer_scratch_t *s,
                  hp_place_t *out)
{
    memset(out, 0, sizeof *out);
    if (len < K) return 0;
    int n = 0;
    uint32_t f = 0;
    for (int i = 0, l = 0; i < len; i++) {
        unsigned c = hp_nt4[(unsigned char)seq[i]];
        if (c > 3) {
            l = 0;
            continue;
        }
        f = ((f << 2) | c) & KMASK;
        if (++l < K) continue;
        uint32_t beg;
        int cnt = lookup(idx, f, &beg);
        if (!cnt) continue;
        if (n + cnt > s->m) {
            int m = s->m ? s->m : 256;
            while (m < n + cnt)
                m *= 2;
            uint64_t *h = realloc(s->hits, sizeof *h * (size_t)m);
            if (h) s->hits = h;
            int32_t *q = h ? realloc(s->qpos, sizeof *q * (size_t)m) : NULL;
            if (!q) return -1;
            s->qpos = q, s->m = m;
        }
        int qs = i - K + 1;
        for (int e = 0; e < cnt; e++) {
            uint32_t val = idx->val[beg + e], pos = val >> 1, strand = val & 1;
            int64_t d = strand ? (int64_t)pos + K - 1 + qs : (int64_t)pos - qs;
            uint32_t vote = strand << 24 | (uint32_t)(d + VOTE_OFF);
            s->hits[n++] = (uint64_t)vote << 32 | (uint32_t)qs;
        }
    }
    if (n == 0) return 0;
    qsort(s->hits, (size_t)n, sizeof *s->hits, cmp_u64);
    /* densest window of DIAG_TOL on the vote axis; the first (smallest vote) wins ties */
    int best_i = 0, best_n = 0;
    for (int i = 0, j = 0; i < n; i++) {
        uint32_t vi = (uint32_t)(s->hits[i] >> 32);
        if (j < i) j = i;
        while (j < n && (uint32_t)(s->hits[j] >> 32) - vi <= DIAG_TOL)
            j++;
        if (j - i > best_n) best_n = j - i, best_i = i;
    }
    /* the most frequent exact diagonal in the window anchors the read */
    uint32_t mode = (uint32_t)(s->hits[best_i] >> 32);
    int mode_n = 0;
    for (int i = best_i; i < best_i + best_n;) {
        uint32_t v = (uint32_t)(s->hits[i] >> 32);
        int j = i;
        while (j < best_i + best_n && (uint32_t)(s->hits[j] >> 32) == v)
            j++;
        if (j - i > mode_n) mode_n = j - i, mode = v;
        i = j;
    }
    for (int i = 0; i < best_n; i++)
        s->qpos[i] = (int32_t)(uint32_t)s->hits[best_i + i];
    qsort(s->qpos, (size_t)best_n, sizeof *s->qpos, cmp_i32);
    int covered = 0, run_end = -1;
    for (int i = 0; i < best_n; i++) {
        int b = s->qpos[i], e = b + K;
        if (b >= run_end)
            covered += K;
        else if (e > run_end)
            covered += e - run_end;
        if (e > run_end) run_end = e;
    }
    int strand = (int)(mode >> 24);
    int64_t d = (int64_t)(mode & ((1u << 24) - 1)) - VOTE_OFF;
    int qmin = s->qpos[0], qmax = s->qpos[best_n - 1] + K - 1;
    out->viral_bases = covered;
    out->n_hits = best_n;
    out->strand = strand;
    out->pos5 = (int)d + 1;
    if (!strand) {
        out->beg = (int)d + qmin + 1;
        out->end = (int)d + qmax + 1;
    } else {
        out->beg = (int)d - qmax + 1;
        out->end = (int)d - qmin + 1;
    }
    return 0;
}
