/* fastq_flank.c -- LTR-end junctions in reads and clustering of host flanks into sites. */
#include "htlvpvl/fastq_flank.h"
#include "htlvpvl/hash.h"
#include "htlvpvl/seq.h"
#include <stdlib.h>
#include <string.h>

#define SEED 10
#define SEED_MASK ((1u << (2 * SEED)) - 1)
#define CONT_LEN 20   /* viral bases that follow an LTR end inside the provirus */
#define CONT_MIN_MM 6 /* a flank this close to them is viral, not host */
#define MAX_SEEDS 128

const char *const hp_flank_end_names[2] = {"U5", "U3"};

typedef struct {
    uint8_t tpl, orient, off, next; /* next: 1-based index of the next seed entry, 0 = none */
} seed_t;

struct hp_flank_finder_t {
    char tpl[2][HP_LTR_TPL + 1]; /* LTR ends, oriented "virus then host" */
    char cont[2][CONT_LEN + 1];  /* what follows them inside the provirus */
    seed_t seed[MAX_SEEDS];
    int n_seed;
    uint8_t *table;                        /* 4^SEED entries: 1-based index into seed[] */
    uint64_t bits[(1 << (2 * SEED)) / 64]; /* seed present: 128 KB, read first */
};

hp_flank_finder_t *hp_flank_finder_build(const hp_virus_t *v)
{
    hp_flank_finder_t *ff = calloc(1, sizeof *ff);
    if (!ff) return NULL;
    ff->table = calloc((size_t)1 << (2 * SEED), 1);
    if (!ff->table) {
        free(ff);
        return NULL;
    }
    const int L = HP_LTR_TPL;
    memcpy(ff->tpl[HP_FLANK_U5], v->seq + v->ltr_len - L, L);
    memcpy(ff->cont[HP_FLANK_U5], v->seq + v->ltr_len, CONT_LEN);
    hp_revcomp(ff->tpl[HP_FLANK_U3], v->seq, L);
    hp_revcomp(ff->cont[HP_FLANK_U3], v->seq + v->ltr3_start - 1 - CONT_LEN, CONT_LEN);
    for (int t = 0; t < 2; t++) {
        for (int o = 0; o < 2; o++) {
            char s[HP_LTR_TPL];
            if (o)
                hp_revcomp(s, ff->tpl[t], L);
            else
                memcpy(s, ff->tpl[t], L);
            for (int j = 0; j + SEED <= L; j++) {
                uint32_t k = 0;
                for (int i = 0; i < SEED; i++)
                    k = k << 2 | (hp_nt4[(unsigned char)s[j + i]] & 3);
                seed_t *e = &ff->seed[ff->n_seed];
                e->tpl = (uint8_t)t, e->orient = (uint8_t)o, e->off = (uint8_t)j;
                e->next = ff->table[k];
                ff->bits[k >> 6] |= 1ULL << (k & 63);
                ff->table[k] = (uint8_t)++ff->n_seed;
            }
        }
    }
    return ff;
}

void hp_flank_finder_destroy(hp_flank_finder_t *ff)
{
    if (!ff) return;
    free(ff->table);
    free(ff);
}

static const char comp_of[5] = {'T', 'G', 'C', 'A', 'N'};

/* Base x of the read in orientation o (1 = reverse complement). */
static inline char obase(const char *seq, int n, int o, int x)
{
    if (!o) return seq[x];
    return comp_of[hp_nt4[(unsigned char)seq[n - 1 - x]]];
}

static int check_junction(const hp_flank_finder_t *ff, const char *seq, int n, int t, int o, int J,
                          hp_junction_t *out)
{
    const int L = HP_LTR_TPL;
    if (J < HP_LTR_MIN || J > n - HP_FLANK_KEY) return 0;
    int vl = J < L ? J : L, mm = 0, max_mm = HP_LTR_MAX_MM + (vl >= 25);
    for (int i = 0; i < vl && mm <= max_mm; i++) {
        unsigned a = hp_nt4[(unsigned char)obase(seq, n, o, J - vl + i)];
        mm += a > 3 || a != hp_nt4[(unsigned char)ff->tpl[t][L - vl + i]];
    }
    if (mm > max_mm) return 0;
    int cl = n - J < CONT_LEN ? n - J : CONT_LEN, cmm = 0;
    for (int i = 0; i < cl; i++) {
        unsigned a = hp_nt4[(unsigned char)obase(seq, n, o, J + i)];
        cmm += a > 3 || a != hp_nt4[(unsigned char)ff->cont[t][i]];
    }
    if (cmm * CONT_LEN < CONT_MIN_MM * cl) return 0; /* still inside the provirus */
    out->ltr_end = t;
    out->orient = o;
    out->junction = J;
    out->dist5 = o ? n - J : J;
    out->flank_len = n - J < HP_FLANK_MAX ? n - J : HP_FLANK_MAX;
    for (int i = 0; i < out->flank_len; i++) {
        out->flank[i] = "ACGTN"[hp_nt4[(unsigned char)obase(seq, n, o, J + i)]];
    }
    out->flank[out->flank_len] = 0;
    return 1;
}

int hp_flank_find(const hp_flank_finder_t *ff, const char *seq, int len, hp_junction_t *out)
{
    const int L = HP_LTR_TPL;
    int tried[16][3], n_tried = 0;
    uint32_t k = 0;
    for (int i = 0, l = 0; i < len; i++) {
        unsigned c = hp_nt4[(unsigned char)seq[i]];
        if (c > 3) {
            l = 0;
            continue;
        }
        k = ((k << 2) | c) & SEED_MASK;
        if (++l < SEED) continue;
        if (!(ff->bits[k >> 6] >> (k & 63) & 1)) continue;
        int q = i - SEED + 1;
        for (int e = ff->table[k]; e; e = ff->seed[e - 1].next) {
            const seed_t *s = &ff->seed[e - 1];
            int J = s->orient ? len - q + s->off : q - s->off + L;
            int seen = 0;
            for (int x = 0; x < n_tried && !seen; x++)
                seen = tried[x][0] == s->tpl && tried[x][1] == s->orient && tried[x][2] == J;
            if (seen) continue;
            if (n_tried < 16) {
                tried[n_tried][0] = s->tpl, tried[n_tried][1] = s->orient;
                tried[n_tried][2] = J, n_tried++;
            }
            if (check_junction(ff, seq, len, s->tpl, s->orient, J, out)) return 1;
        }
    }
    return 0;
}

uint64_t hp_flank_dup_key(const hp_junction_t *j, const char *mate, int mate_len)
{
    uint64_t h = hp_fnv1a_step(HP_FNV1A_BASIS, (uint32_t)j->orient);
    h = hp_fnv1a_step(h, (uint32_t)j->dist5);
    int n = mate ? (mate_len < 16 ? mate_len : 16) : 0;
    for (int i = 0; i < n; i++)
        h = hp_fnv1a_step(h, hp_nt4[(unsigned char)mate[i]]);
    return hp_fnv1a_step(h, (uint64_t)n);
}

/* ---- clustering ---- */

static int cmp_ev(const void *a, const void *b)
{
    const hp_flank_ev_t *x = a, *y = b;
    if (x->j.ltr_end != y->j.ltr_end) return x->j.ltr_end - y->j.ltr_end;
    int c = memcmp(x->j.flank, y->j.flank, HP_FLANK_KEY);
    if (c) return c;
    if (x->dup_key != y->dup_key) return x->dup_key < y->dup_key ? -1 : 1;
    return (x->frag > y->frag) - (x->frag < y->frag);
}

typedef struct {
    size_t beg, end;         /* run of ev with this key */
    const hp_flank_ev_t *ev; /* = &ev[beg] */
    int center;              /* site it joins */
} key_t_;

static int cmp_key(const void *a, const void *b)
{
    const key_t_ *x = a, *y = b;
    size_t nx = x->end - x->beg, ny = y->end - y->beg;
    if (nx != ny) return nx > ny ? -1 : 1;
    return cmp_ev(x->ev, y->ev);
}

static int cmp_site(const void *a, const void *b)
{
    const hp_flank_site_t *x = a, *y = b;
    if (x->fragments != y->fragments) return x->fragments > y->fragments ? -1 : 1;
    if (x->reads != y->reads) return x->reads > y->reads ? -1 : 1;
    if (x->ltr_end != y->ltr_end) return x->ltr_end - y->ltr_end;
    return strcmp(x->flank, y->flank);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

typedef struct {
    int center;
    int64_t next; /* -1: end of the bucket's list */
} link_t;

/* Bucket of segment sg (of nseg) of an evidence's key, with its LTR end. */
static size_t seg_bucket(const hp_flank_ev_t *e, int sg, int nseg, size_t nb)
{
    int b = sg * HP_FLANK_KEY / nseg, end = (sg + 1) * HP_FLANK_KEY / nseg;
    uint64_t h = 0x9E3779B97F4A7C15ULL * (uint64_t)(e->j.ltr_end * 64 + sg + 1);
    for (int i = b; i < end; i++)
        h = (h ^ hp_nt4[(unsigned char)e->j.flank[i]]) * 0x100000001B3ULL;
    h ^= h >> 29;
    return (size_t)(h * 0xBF58476D1CE4E5B9ULL >> 20) & (nb - 1);
}

int hp_flank_cluster(hp_flank_ev_t *ev, size_t n, int max_mm, hp_flank_sites_t *out)
{
    out->site = NULL, out->n = 0;
    if (n == 0) return 0;
    int ret = -1;
    key_t_ *keys = NULL;
    size_t *center_key = NULL, n_keys = 0, n_centers = 0, *by_center = NULL, *first = NULL;
    uint64_t *dups = NULL;
    int64_t *head = NULL;
    link_t *link = NULL;
    qsort(ev, n, sizeof *ev, cmp_ev);
    keys = malloc(sizeof *keys * n);
    center_key = malloc(sizeof *center_key * n);
    dups = malloc(sizeof *dups * n);
    if (!keys || !center_key || !dups) goto done;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && ev[j].j.ltr_end == ev[i].j.ltr_end &&
               memcmp(ev[j].j.flank, ev[i].j.flank, HP_FLANK_KEY) == 0)
            j++;
        keys[n_keys].beg = i, keys[n_keys].end = j, keys[n_keys].center = -1;
        keys[n_keys].ev = &ev[i];
        n_keys++;
        i = j;
    }
    qsort(keys, n_keys, sizeof *keys, cmp_key);
    /* Each key joins the first-made center within max_mm mismatches. Pigeonhole: such a
     * center shares one of max_mm + 1 segments of the key exactly, so only centers filed under
     * one of the key's segment values are compared. */
    int nseg = max_mm + 1 < HP_FLANK_KEY ? max_mm + 1 : HP_FLANK_KEY;
    size_t nb = 1024;
    while (nb < 2 * n_keys)
        nb *= 2;
    head = malloc(sizeof *head * nb);
    link = malloc(sizeof *link * n_keys * (size_t)nseg);
    if (!head || !link) goto done;
    memset(head, 0xff, sizeof *head * nb); /* -1: empty */
    size_t n_link = 0;
    for (size_t k = 0; k < n_keys; k++) {
        const hp_flank_ev_t *e = &ev[keys[k].beg];
        int best = -1;
        for (int sg = 0; sg < nseg; sg++) {
            size_t b = seg_bucket(e, sg, nseg, nb);
            for (int64_t l = head[b]; l >= 0; l = link[l].next) {
                int c = link[l].center;
                if (best >= 0 && c >= best) continue;
                const hp_flank_ev_t *ce = &ev[keys[center_key[c]].beg];
                if (ce->j.ltr_end == e->j.ltr_end &&
                    hp_mismatches(ce->j.flank, e->j.flank, HP_FLANK_KEY) <= max_mm)
                    best = c;
            }
        }
        if (best < 0) {
            best = (int)n_centers;
            center_key[n_centers++] = k;
            for (int sg = 0; sg < nseg; sg++) {
                size_t b = seg_bucket(e, sg, nseg, nb);
                link[n_link] = (link_t){best, head[b]};
                head[b] = (int64_t)n_link++;
            }
        }
        keys[k].center = best;
    }
    /* keys grouped by center, in key order */
    by_center = malloc(sizeof *by_center * n_keys);
    first = calloc(n_centers + 1, sizeof *first);
    if (!by_center || !first) goto done;
    for (size_t k = 0; k < n_keys; k++)
        first[keys[k].center + 1]++;
    for (size_t c = 0; c < n_centers; c++)
        first[c + 1] += first[c];
    for (size_t k = 0; k < n_keys; k++)
        by_center[first[keys[k].center]++] = k;
    for (size_t c = n_centers; c > 0; c--)
        first[c] = first[c - 1];
    first[0] = 0;
    out->site = calloc(n_centers, sizeof *out->site);
    if (!out->site) goto done;
    out->n = (int)n_centers;
    for (size_t c = 0; c < n_centers; c++) {
        hp_flank_site_t *s = &out->site[c];
        int cnt[HP_FLANK_MAX][5];
        memset(cnt, 0, sizeof cnt);
        size_t nd = 0;
        s->ltr_end = ev[keys[center_key[c]].beg].j.ltr_end;
        for (size_t g = first[c]; g < first[c + 1]; g++) {
            size_t k = by_center[g];
            for (size_t i = keys[k].beg; i < keys[k].end; i++) {
                s->reads++;
                dups[nd++] = ev[i].dup_key;
                for (int x = 0; x < ev[i].j.flank_len; x++)
                    cnt[x][hp_nt4[(unsigned char)ev[i].j.flank[x]]]++;
            }
        }
        qsort(dups, nd, sizeof *dups, cmp_u64);
        for (size_t i = 0; i < nd; i++)
            s->fragments += i == 0 || dups[i] != dups[i - 1];
        /* consensus over the bases covered by at least half of the reads (and the key) */
        int len = 0;
        for (int x = 0; x < HP_FLANK_MAX; x++) {
            int cov = cnt[x][0] + cnt[x][1] + cnt[x][2] + cnt[x][3] + cnt[x][4];
            if (x >= HP_FLANK_KEY && 2 * cov < s->reads) break;
            if (cov == 0) break;
            len = x + 1;
        }
        s->flank = malloc((size_t)len + 1);
        if (!s->flank) goto done;
        for (int x = 0; x < len; x++) {
            int best = 4, bn = 0;
            for (int b = 0; b < 4; b++)
                if (cnt[x][b] > bn) bn = cnt[x][b], best = b;
            s->flank[x] = "ACGTN"[best];
        }
        s->flank[len] = 0;
        s->flank_len = len;
    }
    qsort(out->site, n_centers, sizeof *out->site, cmp_site);
    ret = 0;
done:
    free(keys);
    free(center_key);
    free(dups);
    free(head);
    free(link);
    free(by_center);
    free(first);
    if (ret < 0) hp_flank_sites_destroy(out);
    return ret;
}

void hp_flank_sites_destroy(hp_flank_sites_t *s)
{
    if (!s) return;
    for (int i = 0; i < s->n; i++)
        free(s->site[i].flank);
    free(s->site);
    s->site = NULL, s->n = 0;
}
