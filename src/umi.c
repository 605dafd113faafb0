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

typedef struct {
    uint64_t key;
    int64_t count;
    int64_t blk; /* the first group (in key order) of its prefix: groups of one prefix */
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
    int64_t *head = malloc((n ? n : 1) * sizeof *head), *next = malloc((n ? n : 1) * sizeof *next);
    if (!g || !head || !next) goto fail;
    /* a one-base neighbour has the same prefix (only UMI bases are substituted): each group is
     * compared with the groups of its prefix done before it, found in a list per prefix (keys
     * ascending: a prefix's groups are adjacent) */
    int psh = 2 * umi_len;
    for (int64_t k = 0; k < n; k++) {
        if (k > 0 && key[k] == key[k - 1]) {
            g[ng - 1].count += count[k];
            continue;
        }
        int same = ng > 0 && (psh >= 64 || key[k] >> psh == g[ng - 1].key >> psh);
        g[ng].key = key[k], g[ng].count = count[k];
        g[ng].blk = same ? g[ng - 1].blk : ng;
        head[ng++] = -1;
    }
    /* by reads descending, then key ascending (the order g is in, keys distinct): a stable
     * counting sort on the reads when they are not too large (else qsort) */
    int64_t maxc = 0, minc = 1;
    for (int64_t i = 0; i < ng; i++) {
        if (g[i].count > maxc) maxc = g[i].count;
        if (g[i].count < minc) minc = g[i].count;
    }
    if (minc >= 1 && maxc <= 4 * ng + 1024) {
        int64_t *pos = calloc((size_t)maxc + 2, sizeof *pos);
        pgroup_t *g2 = malloc((ng ? ng : 1) * sizeof *g2);
        if (!pos || !g2) {
            free(pos), free(g2);
            goto fail;
        }
        for (int64_t i = 0; i < ng; i++) /* pos[maxc - c + 1]: groups with more reads than c */
            pos[maxc - g[i].count + 1]++;
        for (int64_t c = 1; c <= maxc + 1; c++)
            pos[c] += pos[c - 1];
        for (int64_t i = 0; i < ng; i++)
            g2[pos[maxc - g[i].count]++] = g[i];
        free(pos), free(g);
        g = g2;
    } else {
        qsort(g, ng, sizeof *g, cmp_pgroup);
    }
    /* the UMI bits of a key, and the low bit of each of its bases */
    uint64_t umask = umi_len >= 32 ? ~0ULL : (1ULL << (2 * umi_len)) - 1;
    uint64_t lows = 0x5555555555555555ULL & umask;
    for (int64_t i = 0; i < ng; i++) {
        /* absorbed by a group done before (so with at least as many reads) that has at least
         * 2 c - 1 reads and one base pair of the UMI differs */
        int absorbed = 0;
        int64_t need = 2 * g[i].count - 1;
        for (int64_t j = head[g[i].blk]; j >= 0 && !absorbed; j = next[j]) {
            uint64_t x = g[j].key ^ g[i].key;
            uint64_t m = (x | x >> 1) & lows;
            absorbed = g[j].count >= need && !(x & ~umask) && m && !(m & (m - 1));
        }
        next[i] = head[g[i].blk], head[g[i].blk] = i;
        left += !absorbed;
    }
    free(g), free(head), free(next);
    return left;
fail:
    free(g), free(head), free(next);
    return -3;
}
