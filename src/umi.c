/* umi.c -- UMI-tools' directional merge (include/htlvpvl/umi.h). */
#include "htlvpvl/umi.h"
#include <htslib/khash.h>
#include <stdlib.h>
#include <string.h>

int hp_umi_cmp_pair(const void *a, const void *b)
{
    const char *x = *(char *const *)a, *y = *(char *const *)b;
    int c = strcmp(x, y);
    return c ? c : strcmp(x + strlen(x) + 1, y + strlen(y) + 1);
}

KHASH_MAP_INIT_STR(umi_s2c, int64_t)

typedef struct {
    char *key;
    size_t fixed; /* leading bases never substituted */
    int64_t count;
} ugroup_t;

static int cmp_ugroup(const void *pa, const void *pb)
{
    const ugroup_t *a = pa, *b = pb;
    if (a->count != b->count) return a->count > b->count ? -1 : 1;
    return strcmp(a->key, b->key);
}

int64_t hp_umi_directional(char **sorted, const int64_t *count, int64_t n, int vary_prefix)
{
    int64_t ng = 0, left = 0;
    ugroup_t *g = malloc((n ? n : 1) * sizeof *g);
    khash_t(umi_s2c) *h = kh_init(umi_s2c);
    char *var = NULL;
    if (!g || !h) goto fail;
    for (int64_t k = 0; k < n; k++) {
        int64_t c = count ? count[k] : 1;
        if (k > 0 && hp_umi_cmp_pair(&sorted[k], &sorted[k - 1]) == 0) {
            g[ng - 1].count += c;
            continue;
        }
        const char *sh = sorted[k], *um = sh + strlen(sh) + 1;
        size_t ls = strlen(sh), lu = strlen(um);
        if (!(g[ng].key = malloc(ls + lu + 1))) goto fail;
        memcpy(g[ng].key, sh, ls), memcpy(g[ng].key + ls, um, lu + 1);
        g[ng].fixed = vary_prefix ? 0 : ls;
        g[ng++].count = c;
    }
    qsort(g, ng, sizeof *g, cmp_ugroup);
    for (int64_t i = 0; i < ng; i++) {
        size_t l = strlen(g[i].key);
        free(var);
        if (!(var = malloc(l + 1))) goto fail;
        memcpy(var, g[i].key, l + 1);
        int absorbed = 0;
        for (size_t p = g[i].fixed; p < l && !absorbed; p++) {
            char orig = var[p];
            for (int b = 0; b < 4 && !absorbed; b++) {
                if ("ACGT"[b] == orig) continue;
                var[p] = "ACGT"[b];
                khint_t it = kh_get(umi_s2c, h, var);
                if (it != kh_end(h) && kh_val(h, it) >= 2 * g[i].count - 1) absorbed = 1;
            }
            var[p] = orig;
        }
        int ret;
        khint_t it = kh_put(umi_s2c, h, g[i].key, &ret);
        if (ret < 0) goto fail;
        if (ret > 0) kh_val(h, it) = g[i].count;
        left += !absorbed;
    }
    free(var);
    kh_destroy(umi_s2c, h);
    for (int64_t i = 0; i < ng; i++)
        free(g[i].key);
    free(g);
    return left;
fail:
    free(var);
    if (h) kh_destroy(umi_s2c, h);
    for (int64_t i = 0; g && i < ng; i++)
        free(g[i].key);
    free(g);
    return -3;
}

/* A set of packed keys with their reads: open addressing, linear probing (keys fit in 63 bits,
 * so key + 1 is never 0, the empty mark). Faster here than khash's. */
typedef struct {
    uint64_t *k; /* key + 1, or 0 */
    int64_t *v;
    uint64_t mask;
    int shift;
} kset_t;

static int kset_init(kset_t *t, int64_t n)
{
    int lg = 4;
    while (((int64_t)1 << lg) < 2 * n)
        lg++;
    t->mask = ((uint64_t)1 << lg) - 1, t->shift = 64 - lg;
    t->k = calloc(t->mask + 1, sizeof *t->k);
    t->v = malloc((t->mask + 1) * sizeof *t->v);
    return t->k && t->v ? 0 : -1;
}

static void kset_destroy(kset_t *t)
{
    free(t->k), free(t->v);
}

static inline uint64_t kset_slot(const kset_t *t, uint64_t key)
{
    return (key * 0x9e3779b97f4a7c15ULL) >> t->shift;
}

static inline void kset_put(kset_t *t, uint64_t key, int64_t v)
{
    uint64_t i = kset_slot(t, key);
    while (t->k[i] && t->k[i] != key + 1)
        i = (i + 1) & t->mask;
    t->k[i] = key + 1, t->v[i] = v;
}

/* the reads of key, or -1 when absent */
static inline int64_t kset_get(const kset_t *t, uint64_t key)
{
    for (uint64_t i = kset_slot(t, key); t->k[i]; i = (i + 1) & t->mask)
        if (t->k[i] == key + 1) return t->v[i];
    return -1;
}

typedef struct {
    uint64_t key;
    int64_t count;
} pgroup_t;

static int cmp_pgroup(const void *pa, const void *pb)
{
    const pgroup_t *a = pa, *b = pb;
    if (a->count != b->count) return a->count > b->count ? -1 : 1;
    return (a->key > b->key) - (a->key < b->key);
}

int64_t hp_umi_directional_packed(const uint64_t *key, const int64_t *count, int64_t n, int umi_len)
{
    int64_t ng = 0, left = 0;
    pgroup_t *g = malloc((n ? n : 1) * sizeof *g);
    kset_t h = {NULL, NULL, 0, 0};
    if (!g || kset_init(&h, n) < 0) goto fail;
    for (int64_t k = 0; k < n; k++) {
        if (k > 0 && key[k] == key[k - 1]) {
            g[ng - 1].count += count[k];
            continue;
        }
        g[ng].key = key[k], g[ng++].count = count[k];
    }
    qsort(g, ng, sizeof *g, cmp_pgroup);
    /* the UMI bits of a key, and the low bit of each of its bases */
    uint64_t umask = umi_len >= 32 ? ~0ULL : (1ULL << (2 * umi_len)) - 1;
    uint64_t lows = 0x5555555555555555ULL & umask;
    int64_t q = 0; /* g[0..q): the groups with at least 2 c - 1 reads */
    for (int64_t i = 0; i < ng; i++) {
        int absorbed = 0;
        int64_t need = 2 * g[i].count - 1;
        while (q < ng && g[q].count >= need)
            q++;
        int64_t nq = q < i ? q : i; /* done groups that could absorb this one */
        int few = nq <= 3 * (int64_t)umi_len;
        if (few) {
            /* few: compare with each (one base apart: same shear, one base pair differs),
             * cheaper than 3 lookups a base; the same answer */
            for (int64_t j = 0; j < nq && !absorbed; j++) {
                uint64_t x = g[j].key ^ g[i].key;
                uint64_t m = (x | x >> 1) & lows;
                absorbed = !(x & ~umask) && m && !(m & (m - 1));
            }
        }
        for (int p = 0; !few && p < umi_len && !absorbed; p++) {
            uint64_t sh = 2 * (uint64_t)p, base = (g[i].key >> sh) & 3;
            for (uint64_t b = 0; b < 4 && !absorbed; b++) {
                if (b == base) continue;
                int64_t v = kset_get(&h, (g[i].key & ~(3ULL << sh)) | b << sh);
                if (v >= 0 && v >= need) absorbed = 1;
            }
        }
        kset_put(&h, g[i].key, g[i].count);
        left += !absorbed;
    }
    kset_destroy(&h);
    free(g);
    return left;
fail:
    kset_destroy(&h);
    free(g);
    return -3;
}
