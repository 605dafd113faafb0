/* Unit tests of src/umi.c: the directional merge on hand-made UMI families whose answer is known
 * by construction, and the packed fast path against a direct reading of the rule (each group,
 * from the most reads down, is absorbed when a group already taken differs from it in exactly
 * one UMI base and has at least 2n - 1 reads) on random families built to have many one-base
 * neighbours, with few and with many candidate absorbers (both ways of the fast path). */
#include "htlvpvl/umi.h"
#include "tap.h"
#include <stdlib.h>
#include <string.h>

/* (prefix, UMI) packed as umi.h says */
static uint64_t pack(const char *umi, uint64_t prefix)
{
    uint64_t k = prefix;
    for (const char *p = umi; *p; p++)
        k = k << 2 | (uint64_t)(*p == 'C' ? 1 : *p == 'G' ? 2 : *p == 'T' ? 3 : 0);
    return k;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* keys sorted with their counts */
static void sort_pairs(uint64_t *key, int64_t *cnt, int n)
{
    uint64_t *t = malloc((size_t)n * 2 * sizeof *t);
    for (int i = 0; i < n; i++)
        t[2 * i] = key[i], t[2 * i + 1] = (uint64_t)cnt[i];
    qsort(t, (size_t)n, 2 * sizeof *t, cmp_u64);
    for (int i = 0; i < n; i++)
        key[i] = t[2 * i], cnt[i] = (int64_t)t[2 * i + 1];
    free(t);
}

static void test_known(void)
{
    /* one position: ACGT 10 reads; ACGA 2 (one base from it, 10 >= 3: absorbed); ACGC 9
     * (10 < 17: its own); TTTT 1 (far: its own); ACGG 5 (one base from ACGT, 10 >= 9:
     * absorbed) -> 3 groups */
    const char *u[] = {"ACGT", "ACGA", "ACGC", "TTTT", "ACGG"};
    int64_t c[] = {10, 2, 9, 1, 5};
    uint64_t k[5];
    for (int i = 0; i < 5; i++)
        k[i] = pack(u[i], 7);
    sort_pairs(k, c, 5);
    TEST_EQ_INT(hp_umi_directional_packed(k, c, 5, 4), 3, "hand-made family: 3 groups");
    /* the same UMIs at two shear positions never merge across them */
    uint64_t k2[2] = {pack("ACGT", 7), pack("ACGA", 8)};
    int64_t c2[2] = {10, 1};
    TEST_EQ_INT(hp_umi_directional_packed(k2, c2, 2, 4), 2, "other shear site: not merged");
    /* a chain: AAAA 100, AAAC 40 (absorbed by AAAA), AACC 15 (one base from AAAC only, 40 >=
     * 29: absorbed: directional, not only neighbours of the root) -> 1 group */
    uint64_t k3[3] = {pack("AAAA", 1), pack("AAAC", 1), pack("AACC", 1)};
    int64_t c3[3] = {100, 40, 15};
    TEST_EQ_INT(hp_umi_directional_packed(k3, c3, 3, 4), 1, "chain of one-base steps: 1 group");
    /* equal counts: 1 and 1 merge (1 >= 2 * 1 - 1) */
    uint64_t k4[2] = {pack("GGGG", 3), pack("GGGT", 3)};
    int64_t c4[2] = {1, 1};
    TEST_EQ_INT(hp_umi_directional_packed(k4, c4, 2, 4), 1, "two singletons one base apart: 1");
}

/* the rule read directly, O(n^2) */
static int64_t reference(const uint64_t *key, const int64_t *cnt, int n, int ul)
{
    int *ord = malloc((size_t)n * sizeof *ord), *done = calloc((size_t)n, sizeof *done);
    for (int i = 0; i < n; i++)
        ord[i] = i;
    for (int i = 1; i < n; i++) { /* reads descending, ties by key ascending */
        int v = ord[i], j = i;
        while (j > 0 && (cnt[ord[j - 1]] < cnt[v] ||
                         (cnt[ord[j - 1]] == cnt[v] && key[ord[j - 1]] > key[v])))
            ord[j] = ord[j - 1], j--;
        ord[j] = v;
    }
    int64_t left = 0;
    for (int a = 0; a < n; a++) {
        int i = ord[a], absorbed = 0;
        for (int j = 0; j < n && !absorbed; j++) {
            if (!done[j] || cnt[j] < 2 * cnt[i] - 1) continue;
            if (key[i] >> (2 * ul) != key[j] >> (2 * ul)) continue;
            int diff = 0;
            for (int p = 0; p < ul; p++)
                diff += ((key[i] >> (2 * p)) & 3) != ((key[j] >> (2 * p)) & 3);
            absorbed = diff == 1;
        }
        done[i] = 1;
        left += !absorbed;
    }
    free(ord), free(done);
    return left;
}

static uint64_t rng = 88172645463325252ULL;
static uint64_t next(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng;
}

static void test_random(void)
{
    int bad = 0, trials = 400;
    for (int t = 0; t < trials; t++) {
        int ul = 4 + (int)(next() % 9), n = 2 + (int)(next() % (t < 200 ? 40 : 400));
        uint64_t *k = malloc((size_t)n * sizeof *k);
        int64_t *c = malloc((size_t)n * sizeof *c);
        int m = 0;
        uint64_t umask = (1ULL << (2 * ul)) - 1;
        while (m < n) {
            uint64_t key;
            if (m > 0 && next() % 3) { /* a one-base variant of an earlier key */
                uint64_t b = k[next() % (uint64_t)m];
                int p = (int)(next() % (uint64_t)ul);
                key = (b & ~(3ULL << (2 * p))) | (next() & 3) << (2 * p);
            } else {
                key = (next() % 3) << (2 * ul) | (next() & umask);
            }
            int dup = 0;
            for (int j = 0; j < m; j++)
                dup |= k[j] == key;
            if (dup) continue;
            k[m] = key;
            /* skewed counts: many singletons, a few large families */
            c[m] = next() % 4 ? 1 + (int64_t)(next() % 3) : 1 + (int64_t)(next() % 200);
            m++;
        }
        sort_pairs(k, c, n);
        int64_t got = hp_umi_directional_packed(k, c, n, ul), want = reference(k, c, n, ul);
        if (got != want) {
            if (!bad) printf("# trial %d: n %d, umi %d: got %lld, want %lld\n", t, n, ul,
                             (long long)got, (long long)want);
            bad++;
        }
        free(k), free(c);
    }
    TEST_EQ_INT(bad, 0, "packed merge = the rule read directly, 400 random families");
}

int main(void)
{
    test_known();
    test_random();
    return test_done();
}
