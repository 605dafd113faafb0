/* fastq_gc.c -- sampled host k-mers and the host depth by GC stratum (fastq_gc.h). */
#include "htlvpvl/fastq_gc.h"
#include "htlvpvl/seq.h"
#include <htslib/khash.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    uint32_t m;  /* occurrences */
    uint64_t gc; /* sum of the fragments' GC, per mille */
} hk_val_t;

KHASH_MAP_INIT_INT64(hk, hk_val_t)

struct hp_hkmer_s {
    khash_t(hk) * h;
};

hp_hkmer_t *hp_hkmer_new(void)
{
    hp_hkmer_t *t = calloc(1, sizeof *t);
    if (t && !(t->h = kh_init(hk))) {
        free(t);
        return NULL;
    }
    return t;
}

void hp_hkmer_destroy(hp_hkmer_t *t)
{
    if (!t) return;
    kh_destroy(hk, t->h);
    free(t);
}

uint64_t hp_hkmer_threshold(double genome_size)
{
    double rho = genome_size > HP_HKMER_TARGET ? HP_HKMER_TARGET / genome_size : 1;
    if (rho >= 1) return UINT64_MAX;
    return (uint64_t)(rho * 18446744073709551615.0);
}

static inline uint64_t mix64(uint64_t x) /* splitmix64 finaliser */
{
    x ^= x >> 30, x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27, x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static int put(khash_t(hk) * h, uint64_t key, uint32_t m, uint64_t gc)
{
    int absent;
    khint_t k = kh_put(hk, h, key, &absent);
    if (absent < 0) return -1;
    if (absent) kh_val(h, k).m = 0, kh_val(h, k).gc = 0;
    kh_val(h, k).m += m, kh_val(h, k).gc += gc;
    return 0;
}

int hp_hkmer_add(hp_hkmer_t *t, const char *seq, int len, uint64_t thr, int gc_pm)
{
    const int K = HP_HKMER_K;
    const uint64_t mask = (1ULL << (2 * K)) - 1;
    uint64_t f = 0, r = 0;
    int l = 0, n = 0;
    for (int i = 0; i < len; i++) {
        unsigned c = hp_nt4[(unsigned char)seq[i]];
        if (c > 3) {
            l = 0;
            continue;
        }
        f = ((f << 2) | c) & mask;
        r = (r >> 2) | ((uint64_t)(3 - c) << (2 * (K - 1)));
        if (++l < K) continue;
        uint64_t key = f < r ? f : r;
        if (mix64(key) > thr) continue;
        if (put(t->h, key, 1, (uint64_t)gc_pm) < 0) return -1;
        n++;
    }
    return n;
}

int hp_hkmer_merge(hp_hkmer_t *dst, const hp_hkmer_t *src)
{
    for (khint_t k = kh_begin(src->h); k != kh_end(src->h); k++) {
        if (!kh_exist(src->h, k)) continue;
        if (put(dst->h, kh_key(src->h, k), kh_val(src->h, k).m, kh_val(src->h, k).gc) < 0)
            return -1;
    }
    return 0;
}

/* Copy classes of the loci a k-mer stands for, as multiples of the two-copy depth: one copy
 * (chrX of a male, heterozygous k-mers), two, four (recent duplications). */
#define NCLS 3
static const double cls_mult[NCLS] = {0.5, 1, 2};

/* Two-copy depth of one stratum: Poisson mixture of the copy classes, weights free, means
 * tied to lam, fitted by EM on the multiplicity histogram h[lo..hi], starting from lam0 (the
 * neighbouring stratum's depth: the classes keep their labels). */
static double stratum_depth(const int64_t *h, int lo, int hi, const double *lgf, double lam0)
{
    double w[NCLS] = {0.15, 0.8, 0.05}, lam = lam0;
    for (int it = 0; it < 500; it++) {
        double sw[NCLS] = {0}, sm = 0, sa = 0, n = 0;
        for (int m = lo; m <= hi; m++) {
            if (!h[m]) continue;
            double lp[NCLS], mx = -INFINITY, z = 0;
            for (int c = 0; c < NCLS; c++) {
                double mu = cls_mult[c] * lam;
                lp[c] = w[c] > 0 ? log(w[c]) + m * log(mu) - mu - lgf[m] : -INFINITY;
                if (lp[c] > mx) mx = lp[c];
            }
            double r[NCLS];
            for (int c = 0; c < NCLS; c++)
                z += r[c] = exp(lp[c] - mx);
            double ra = 0;
            for (int c = 0; c < NCLS; c++) {
                r[c] /= z;
                sw[c] += (double)h[m] * r[c];
                ra += r[c] * cls_mult[c];
            }
            sm += (double)h[m] * m, sa += (double)h[m] * ra, n += (double)h[m];
        }
        if (!(n > 0) || !(sa > 0)) return lam0;
        double nl = sm / sa;
        for (int c = 0; c < NCLS; c++)
            w[c] = sw[c] / n;
        double d = fabs(nl - lam);
        lam = nl;
        if (d < 1e-9 * lam) break;
    }
    return lam;
}

#define MHIST 4096

int hp_hkmer_strata(const hp_hkmer_t *t, int64_t occurrences, double fragments,
                    hp_gc_strata_t *out)
{
    memset(out, 0, sizeof *out);
    out->mean_depth = NAN;
    int64_t hist[MHIST + 1] = {0}, n2 = 0;
    for (khint_t k = kh_begin(t->h); k != kh_end(t->h); k++) {
        if (!kh_exist(t->h, k)) continue;
        uint32_t m = kh_val(t->h, k).m;
        out->kmers++;
        hist[m < MHIST ? m : MHIST]++;
        n2 += m >= 2;
    }
    if (n2 == 0) return 0;
    int64_t acc = 0;
    int med = 2;
    for (; med < MHIST; med++) {
        acc += hist[med];
        if (2 * acc >= n2) break;
    }
    out->median_m = med;
    out->cap = 3 * med;
    /* k-mers of sequencing errors are seen once, or a few times from PCR duplicates of one
     * fragment: their GC is that of one fragment, so they would crowd the GC tails; a locus
     * seen fewer than a quarter of the median times is left out (the truncated Poisson mean
     * puts back what that takes from low-depth strata) */
    out->min_m = med / 4 > 2 ? med / 4 : 2;
    int64_t ns[HP_GC_NSTRATA] = {0}, ms[HP_GC_NSTRATA] = {0};
    uint64_t gs[HP_GC_NSTRATA] = {0};
    int lo = out->min_m, hi = out->cap, width = hi + 1;
    int64_t *sh = calloc((size_t)HP_GC_NSTRATA * (size_t)width, sizeof *sh);
    double *lgf = malloc((size_t)width * sizeof *lgf);
    if (!sh || !lgf) {
        free(sh), free(lgf);
        return -1;
    }
    for (int m = 0; m < width; m++)
        lgf[m] = lgamma(m + 1.0);
    for (khint_t k = kh_begin(t->h); k != kh_end(t->h); k++) {
        if (!kh_exist(t->h, k)) continue;
        uint32_t m = kh_val(t->h, k).m;
        if ((int)m < lo) {
            out->kmers_error++;
            continue;
        }
        if ((int64_t)m > hi) {
            out->kmers_repeat++;
            continue;
        }
        int s = (int)(kh_val(t->h, k).gc / m / 10); /* mean per mille -> % */
        if (s >= HP_GC_NSTRATA) s = HP_GC_NSTRATA - 1;
        ns[s]++, ms[s] += m, gs[s] += kh_val(t->h, k).gc;
        sh[(size_t)s * width + m]++;
        out->kmers_used++;
    }
    /* from the largest stratum outwards, each started from its inner neighbour's depth */
    double lam[HP_GC_NSTRATA];
    int c = 0;
    for (int s = 0; s < HP_GC_NSTRATA; s++)
        if (ns[s] > ns[c]) c = s;
    lam[c] = stratum_depth(sh + (size_t)c * width, lo, hi, lgf, med);
    for (int dir = -1; dir <= 1; dir += 2) {
        double prev = lam[c];
        for (int s = c + dir; s >= 0 && s < HP_GC_NSTRATA; s += dir) {
            if (ns[s] == 0) continue;
            prev = lam[s] = stratum_depth(sh + (size_t)s * width, lo, hi, lgf, prev);
        }
    }
    free(sh), free(lgf);
    /* a fragment adds about kbar sampled occurrences: the Poisson weight of a stratum is its
     * occurrences over kbar (fragment equivalents) when kbar > 1 (every k-mer sampled) */
    double kbar = fragments > 0 ? (double)occurrences / fragments : 1;
    if (kbar < 1) kbar = 1;
    double sd = 0, sn = 0;
    for (int s = 0; s < HP_GC_NSTRATA; s++) {
        if (ns[s] == 0 || !(lam[s] > 0)) continue;
        hp_pvl_hwin_t *w = &out->w[out->n++];
        w->g = (double)gs[s] / (double)ms[s] / 1000.0; /* occurrence-weighted */
        w->h = (double)ms[s] / kbar;
        w->l = w->h / lam[s];
        sd += (double)ns[s] * lam[s], sn += (double)ns[s];
    }
    out->mean_depth = sn > 0 ? sd / sn : NAN;
    return 0;
}

double hp_gc_relative_depth(const hp_gc_strata_t *s, double g, double *rv, double *bw)
{
    *rv = 0, *bw = 0;
    if (s->n == 0 || !(s->mean_depth > 0)) return 1;
    double r = hp_pvl_host_rate_at(s->w, s->n, g, bw, rv);
    return r > 0 ? r / s->mean_depth : 1;
}
