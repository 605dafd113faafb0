/* fastq_gc.c -- sampled host k-mers and the host depth by GC stratum (fastq_gc.h). */
#include "htlvpvl/fastq_gc.h"
#include "htlvpvl/hash.h"
#include "htlvpvl/seq.h"
#include "htlvpvl/stats.h"
#include <htslib/khash.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    uint32_t m;  /* occurrences */
    uint64_t gc; /* sum of the fragments' GC, per mille */
} hk_val_t;

KHASH_MAP_INIT_INT64(hk, hk_val_t)

#define MHIST_GS 65536 /* multiplicity histogram of the genome size estimate */

struct hp_hkmer_s {
    khash_t(hk) * h;
    uint64_t thr;             /* adaptive tables: the hash threshold now */
    int64_t cap;              /* adaptive tables: most distinct k-mers kept (0: fixed) */
    int64_t bases, positions; /* adaptive tables: bases seen, their k-mer positions */
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

/* One base C (hp_nt4 code) into the rolling k-mer (forward F, reverse complement R, L valid
 * bases so far): 1 with the canonical key of the k-mer ending here, 0 while fewer than K valid
 * bases follow the last N. */
static inline int roll(uint64_t *f, uint64_t *r, int *l, unsigned c, uint64_t *key)
{
    const int K = HP_HKMER_K;
    const uint64_t mask = (1ULL << (2 * K)) - 1;
    if (c > 3) {
        *l = 0;
        return 0;
    }
    *f = ((*f << 2) | c) & mask;
    *r = (*r >> 2) | ((uint64_t)(3 - c) << (2 * (K - 1)));
    if (++*l < K) return 0;
    *key = *f < *r ? *f : *r;
    return 1;
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
    uint64_t f = 0, r = 0, key;
    int l = 0, n = 0;
    for (int i = 0; i < len; i++) {
        if (!roll(&f, &r, &l, hp_nt4[(unsigned char)seq[i]], &key)) continue;
        if (hp_mix64(key) > thr) continue;
        if (put(t->h, key, 1, (uint64_t)gc_pm) < 0) return -1;
        n++;
    }
    return n;
}

/* halve the threshold until at most cap distinct k-mers are left */
static void drop_above(hp_hkmer_t *t)
{
    for (khint_t k = kh_begin(t->h); k != kh_end(t->h); k++)
        if (kh_exist(t->h, k) && hp_mix64(kh_key(t->h, k)) > t->thr) kh_del(hk, t->h, k);
}

static void prune(hp_hkmer_t *t)
{
    while ((int64_t)kh_size(t->h) > t->cap && t->thr > 0) {
        t->thr >>= 1;
        drop_above(t);
    }
}

hp_hkmer_t *hp_hkmer_new_adaptive(int64_t cap)
{
    hp_hkmer_t *t = hp_hkmer_new();
    if (t) t->thr = UINT64_MAX, t->cap = cap > 0 ? cap : 1;
    return t;
}

hp_hkmer_t *hp_hkmer_new_like(const hp_hkmer_t *t)
{
    hp_hkmer_t *n = hp_hkmer_new_adaptive(t->cap);
    if (n) n->thr = t->thr;
    return n;
}

int hp_hkmer_add_adaptive(hp_hkmer_t *t, const char *seq, int len)
{
    uint64_t f = 0, r = 0, key;
    int l = 0;
    t->bases += len;
    for (int i = 0; i < len; i++) {
        if (!roll(&f, &r, &l, hp_nt4[(unsigned char)seq[i]], &key)) continue;
        t->positions++;
        if (hp_mix64(key) > t->thr) continue;
        if (put(t->h, key, 1, 0) < 0) return -1;
        if ((int64_t)kh_size(t->h) > t->cap) prune(t);
    }
    return 0;
}

int hp_hkmer_genome_size(const hp_hkmer_t *t, hp_gsize_t *out)
{
    memset(out, 0, sizeof *out);
    out->genome_size = out->kmer_depth = out->base_depth = NAN;
    out->sampling_rate = t->cap ? ((double)t->thr + 1.0) / 18446744073709551616.0 : 1;
    out->kmers = (int64_t)kh_size(t->h);
    int64_t *hist = calloc(MHIST_GS + 1, sizeof *hist), n2 = 0;
    if (!hist) return -1;
    for (khint_t k = kh_begin(t->h); k != kh_end(t->h); k++) {
        if (!kh_exist(t->h, k)) continue;
        uint32_t m = kh_val(t->h, k).m;
        hist[m < MHIST_GS ? m : MHIST_GS]++;
        n2 += m >= 2;
    }
    int med = 2;
    for (int64_t acc = 0; n2 > 0 && med < MHIST_GS; med++) {
        acc += hist[med];
        if (2 * acc >= n2) break;
    }
    int lo = med / 4 > 2 ? med / 4 : 2, hi = 3 * med;
    /* the median multiplicity of the k-mers between the error and repeat limits is the
     * two-copy k-mer depth; occurrences of every k-mer above the error limit (repeats and
     * chrM at their copy number, as in the host read bases the PVL divides by) */
    int64_t used = 0, occ = 0, occ_all = 0;
    for (int m = lo; m <= MHIST_GS; m++) {
        if (m <= hi) used += hist[m];
    }
    for (khint_t k = kh_begin(t->h); k != kh_end(t->h); k++)
        if (kh_exist(t->h, k)) {
            occ_all += kh_val(t->h, k).m;
            if ((int)kh_val(t->h, k).m >= lo) occ += kh_val(t->h, k).m;
        }
    int64_t acc = 0;
    int dmed = lo;
    for (; used > 0 && dmed <= hi; dmed++) {
        acc += hist[dmed];
        if (2 * acc >= used) break;
    }
    free(hist);
    out->kmers_used = used;
    out->error_limit = lo, out->repeat_limit = hi;
    if (n2 == 0 || used == 0 || t->positions <= 0) return 0;
    out->kmer_depth = dmed;
    out->base_depth = dmed * (double)t->bases / (double)t->positions;
    out->nonerror_bases =
        (double)occ / out->sampling_rate * (double)t->bases / (double)t->positions;
    out->genome_size = out->nonerror_bases / out->base_depth;
    out->nonerror_share = occ_all > 0 ? (double)occ / (double)occ_all : 0;
    out->reliable = used >= HP_GSIZE_MIN_KMERS && dmed >= HP_GSIZE_MIN_DEPTH &&
                    out->nonerror_share >= HP_GSIZE_MIN_SHARE;
    return 0;
}

int hp_hkmer_merge(hp_hkmer_t *dst, const hp_hkmer_t *src)
{
    if (dst->cap) {
        if (src->thr < dst->thr) dst->thr = src->thr, drop_above(dst);
        dst->bases += src->bases, dst->positions += src->positions;
        prune(dst);
    }
    for (khint_t k = kh_begin(src->h); k != kh_end(src->h); k++) {
        if (!kh_exist(src->h, k)) continue;
        if (dst->cap && hp_mix64(kh_key(src->h, k)) > dst->thr) continue;
        if (put(dst->h, kh_key(src->h, k), kh_val(src->h, k).m, kh_val(src->h, k).gc) < 0)
            return -1;
        if (dst->cap && (int64_t)kh_size(dst->h) > dst->cap) prune(dst);
    }
    return 0;
}

/* Copy classes of the loci a k-mer stands for, as multiples of the two-copy depth: one copy
 * (chrX of a male, heterozygous k-mers), two, four (recent duplications). */
#define NCLS 3
static const double cls_mult[NCLS] = {0.5, 1, 2};

/* One E-step on stratum histogram h[lo..hi] with two-copy depth lam and class weights w
 * (updated in place): *m_sum = sum of m, *a_sum = sum over k-mers of their expected copy
 * multiple (so that lam = m_sum / a_sum maximises the likelihood given the classes). Returns
 * the stratum's log-likelihood before the update (less its lgamma(m + 1) terms). */
static double estep(const int64_t *h, int lo, int hi, const double *lgf, double lam, double *w,
                    double *m_sum, double *a_sum)
{
    double sw[NCLS] = {0}, sm = 0, sa = 0, n = 0, lw[NCLS], lmu[NCLS], ll = 0;
    for (int c = 0; c < NCLS; c++) {
        lw[c] = w[c] > 0 ? log(w[c]) - cls_mult[c] * lam : -INFINITY;
        lmu[c] = log(cls_mult[c] * lam);
    }
    for (int m = lo; m <= hi; m++) {
        if (!h[m]) continue;
        double lp[NCLS], mx = -INFINITY, z = 0, r[NCLS], ra = 0;
        for (int c = 0; c < NCLS; c++) { /* lgamma(m + 1) is common to the classes */
            lp[c] = lw[c] + m * lmu[c];
            if (lp[c] > mx) mx = lp[c];
        }
        for (int c = 0; c < NCLS; c++)
            z += r[c] = exp(lp[c] - mx);
        ll += (double)h[m] * (mx + log(z));
        for (int c = 0; c < NCLS; c++) {
            r[c] /= z;
            sw[c] += (double)h[m] * r[c];
            ra += r[c] * cls_mult[c];
        }
        sm += (double)h[m] * m, sa += (double)h[m] * ra, n += (double)h[m];
    }
    for (int c = 0; n > 0 && c < NCLS; c++)
        w[c] = sw[c] / n;
    *m_sum = sm, *a_sum = sa;
    return ll;
}

#define MHIST 4096

/* log two-copy depth at GC x (centred): cf[0] + cf[1] x + cf[2] x^2 */
static double curve(const double *cf, double x)
{
    return cf[0] + (cf[1] + cf[2] * x) * x;
}

/* Poisson regression of the strata's m sums on GC (exposure: their copy multiples), log-
 * linear (npar 2) or log-quadratic (3): Newton steps from cf. With fewer strata than
 * parameters (or a singular system) the quadratic term is 0, then the slope; cf holds the
 * result. */
static void depth_curve_fit(const int64_t *ns, const double *x, const double *msum,
                            const double *asum, int npar, double *cf)
{
    int np = 0; /* parameters fitted: at most one per stratum */
    for (int s = 0; s < HP_GC_NSTRATA && np < npar; s++)
        np += ns[s] && asum[s] > 0;
    for (int i = np; i < 3; i++)
        cf[i] = 0;
    for (int nt = 0; nt < 30 && np > 0; nt++) {
        double g[3] = {0}, h[9] = {0}, step = 0;
        for (int s = 0; s < HP_GC_NSTRATA; s++) {
            if (!ns[s] || !(asum[s] > 0)) continue;
            double mu = asum[s] * exp(curve(cf, x[s])), z[3] = {1, x[s], x[s] * x[s]};
            for (int i = 0; i < np; i++) {
                g[i] += (msum[s] - mu) * z[i];
                for (int j = 0; j < np; j++)
                    h[i * np + j] += mu * z[i] * z[j];
            }
        }
        if (hp_chol_solve(h, g, np) < 0) { /* singular: drop the highest power, refit */
            cf[--np] = 0;
            continue;
        }
        for (int i = 0; i < np; i++) {
            cf[i] += g[i];
            step += fabs(g[i]);
        }
        if (step < 1e-12) break;
    }
}

/* The strata's k-mer histograms (sh: HP_GC_NSTRATA rows of width, counts m = lo..hi) */
typedef struct {
    const int64_t *sh, *ns;
    const double *lgf, *x;
    int lo, hi, width;
} strata_em_t;

/* EM of the classes (weights cw per stratum) and the depth curve cf (npar parameters) from
 * the values given; fills the strata's m sums and copy multiples. Returns the log-likelihood
 * at the last E-step. */
static double strata_em(const strata_em_t *e, int npar, double cf[3],
                        double cw[HP_GC_NSTRATA][NCLS], double *ms_e, double *as_e)
{
    double ll = -INFINITY;
    for (int it = 0; it < 200; it++) {
        ll = 0;
        for (int s = 0; s < HP_GC_NSTRATA; s++)
            if (e->ns[s])
                ll += estep(e->sh + (size_t)s * e->width, e->lo, e->hi, e->lgf,
                            exp(curve(cf, e->x[s])), cw[s], &ms_e[s], &as_e[s]);
        double prev[3] = {cf[0], cf[1], cf[2]};
        depth_curve_fit(e->ns, e->x, ms_e, as_e, npar, cf);
        if (fabs(cf[0] - prev[0]) < 1e-10 && fabs(cf[1] - prev[1]) < 1e-8 &&
            fabs(cf[2] - prev[2]) < 1e-7)
            break;
    }
    return ll;
}

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
    /* The classes' weights differ between strata (a male's chrX, or repeats, may have their
     * own GC), so each stratum has its own; the two-copy depth is tied across strata to a
     * log-quadratic curve in GC while the classes are assigned (EM), so that a class cannot
     * take another's label where a stratum has few k-mers; then each stratum's depth is its
     * own (sum m over its expected copy multiples, the classes fixed). A stratum of loci of
     * one copy number alone reads the same as the other class at another depth, so EM has
     * several optima: it starts from the log-linear fit (whose stiffness keeps a one-copy part
     * of its own GC, a male's chrX, in the one-copy class), from a flat curve, and from the
     * curve through the strata's raw means with every locus two-copy (which follows a bias that
     * peaks at middle GC and falls on both sides: the linear start put the falling side's
     * loci in the one-copy class, doubling their depth, and an independent simulator's PVL
     * read 45 % low); the highest likelihood wins, the first on a tie. */
    static const double cw_start[2][NCLS] = {{0.15, 0.8, 0.05}, {1e-4, 1 - 2e-4, 1e-4}};
    double ms_e[HP_GC_NSTRATA] = {0}, as_e[HP_GC_NSTRATA] = {0};
    double x[HP_GC_NSTRATA], gbar = 0, ntot = 0, cf[3] = {0};
    for (int s = 0; s < HP_GC_NSTRATA; s++)
        if (ns[s]) gbar += (double)gs[s] / 1000.0, ntot += (double)ms[s];
    gbar = ntot > 0 ? gbar / ntot : 0.4;
    for (int s = 0; s < HP_GC_NSTRATA; s++)
        x[s] = ns[s] ? (double)gs[s] / (double)ms[s] / 1000.0 - gbar : 0;
    strata_em_t em = {sh, ns, lgf, x, lo, hi, width};
    double best = -INFINITY;
    for (int start = 0; start < 3; start++) {
        double c[3] = {log(med), 0, 0}, w[HP_GC_NSTRATA][NCLS], m[HP_GC_NSTRATA] = {0};
        double a[HP_GC_NSTRATA] = {0};
        for (int s = 0; s < HP_GC_NSTRATA; s++) {
            memcpy(w[s], cw_start[start == 2], sizeof w[s]);
            m[s] = (double)ms[s], a[s] = (double)ns[s];
        }
        if (start == 0) strata_em(&em, 2, c, w, m, a);
        if (start == 2) depth_curve_fit(ns, x, m, a, 3, c);
        double ll = strata_em(&em, 3, c, w, m, a);
        if (ll > best) {
            best = ll;
            memcpy(cf, c, sizeof c);
            memcpy(ms_e, m, sizeof m);
            memcpy(as_e, a, sizeof a);
        }
    }
    double lam[HP_GC_NSTRATA];
    for (int s = 0; s < HP_GC_NSTRATA; s++)
        lam[s] = ns[s] && as_e[s] > 0 ? ms_e[s] / as_e[s] : 0;
    free(sh), free(lgf);
    /* a fragment adds about kbar sampled occurrences: the Poisson weight of a stratum is its
     * occurrences over kbar (fragment equivalents) when kbar > 1 (every k-mer sampled) */
    double kbar = fragments > 0 ? (double)occurrences / fragments : 1;
    if (kbar < 1) kbar = 1;
    /* strata scatter about the curve beyond their counting noise (uneven loci, the class
     * assignment): quasi-Poisson dispersion, which weakens each stratum's weight alike */
    double x2 = 0;
    int nu = 0;
    for (int s = 0; s < HP_GC_NSTRATA; s++) {
        if (!ns[s] || !(as_e[s] > 0)) continue;
        double mu = as_e[s] * exp(curve(cf, x[s]));
        x2 += (ms_e[s] - mu) * (ms_e[s] - mu) / (mu * kbar);
        nu++;
    }
    out->dispersion = nu > 3 && x2 / (nu - 3) > 1 ? x2 / (nu - 3) : 1;
    out->log_slope = cf[1];
    double sd = 0, sn = 0;
    for (int s = 0; s < HP_GC_NSTRATA; s++) {
        if (ns[s] == 0 || !(lam[s] > 0)) continue;
        hp_pvl_hwin_t *w = &out->w[out->n++];
        w->g = (double)gs[s] / (double)ms[s] / 1000.0; /* occurrence-weighted */
        w->h = (double)ms[s] / kbar / out->dispersion;
        w->l = w->h / lam[s];
        sd += (double)ns[s] * lam[s];
        sn += (double)ns[s];
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
