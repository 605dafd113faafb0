/* fastq_screen.c -- per-fragment viral screen over FASTQ batches, and the PVL from its counts. */
#include "htlvpvl/fastq_screen.h"
#include "htlvpvl/omp_compat.h"
#include "htlvpvl/ref.h"
#include "htlvpvl/seq.h"
#include "htlvpvl/stats.h"
#include <math.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_BATCH (1 << 16)
#define BATCH_MAX_BASES ((int64_t)64 << 20)

typedef struct {
    uint8_t low_qual, viral, region, in_window, junction;
    int32_t win_bases; /* read bases in the PVL window */
    int32_t prov_bases, prov_px; /* read bases in the provirus window, and in pX */
    uint64_t key;      /* hp_fragment_key */
    int8_t bin[2];     /* profile bin of each read's midpoint, -1: none */
    uint16_t gc;       /* fragment GC, per mille */
    int32_t hk_occ;    /* host k-mer occurrences sampled */
    hp_flank_ev_t ev;
} frag_res_t;

#define HOST_DUP_KEYS (1 << 20) /* sampled host keys kept for the duplicate rate */

void hp_screen_init(hp_screen_t *acc)
{
    memset(acc, 0, sizeof *acc);
    hp_dupset_init(&acc->host_dups, HOST_DUP_KEYS);
}

void hp_screen_destroy(hp_screen_t *acc)
{
    if (!acc) return;
    free(acc->ev);
    free(acc->win);
    hp_dupset_destroy(&acc->host_dups);
    hp_hkmer_destroy(acc->hk);
    hp_hkmer_destroy(acc->gs);
    memset(acc, 0, sizeof *acc);
}

static int mean_qual_below(const hp_fq_read_t *r1, const hp_fq_read_t *r2, int min_qual)
{
    if (min_qual <= 0) return 0;
    int64_t sum = 0, n = 0;
    for (int k = 0; k < 2; k++) {
        const hp_fq_read_t *r = k ? r2 : r1;
        if (!r) continue;
        for (int i = 0; i < r->len; i++)
            sum += (unsigned char)r->qual[i] - 33;
        n += r->len;
    }
    return n == 0 || sum < (int64_t)min_qual * n;
}

static int region_of(const hp_virus_t *v, const hp_place_t *p)
{
    int b = p->beg < 1 ? 1 : p->beg, e = p->end > v->len ? v->len : p->end;
    return hp_virus_region(v, (b + e) / 2);
}

/* Bases of a placed read (its whole length, projected from the 5' end) inside the window. */
static int window_overlap(const hp_screen_opt_t *opt, const hp_place_t *p, int len)
{
    int b = p->strand ? p->pos5 - len + 1 : p->pos5, e = b + len - 1;
    if (b < opt->win_beg) b = opt->win_beg;
    if (e > opt->win_end) e = opt->win_end;
    return e >= b ? e - b + 1 : 0;
}

int hp_screen_prov_len(const hp_virus_t *v)
{
    int internal = v->ltr3_start - 1 - v->ltr_len, ltr = v->ltr_len - 2 * HP_SCREEN_LTR_MARGIN;
    if (internal <= 0) return 0;
    return internal + (ltr > 0 ? 2 * ltr : 0);
}

static int ov(int b, int e, int lo, int hi)
{
    if (b < lo) b = lo;
    if (e > hi) e = hi;
    return e >= b ? e - b + 1 : 0;
}

/* Do the read bases projected on provirus positions [lo, hi] match the provirus (at most 20 %
 * mismatches, positions off the provirus counting as mismatches)? */
static int matches_provirus(const hp_virus_t *v, const hp_place_t *p, const char *seq, int len,
                            int lo, int hi)
{
    static const char comp[256] = {['A'] = 'T', ['C'] = 'G', ['G'] = 'C', ['T'] = 'A'};
    int n = 0, mm = 0;
    for (int x = lo; x <= hi; x++) {
        int i = p->strand ? p->pos5 - x : x - p->pos5; /* read index of provirus position x */
        if (i < 0 || i >= len) continue;
        char c = p->strand ? comp[(unsigned char)seq[i]] : seq[i];
        n++;
        mm += x < 1 || x > v->len || c != v->seq[x - 1];
    }
    return mm * 5 <= n;
}

int hp_screen_prov_overlap(const hp_virus_t *v, const hp_place_t *p, const char *seq, int len,
                           int px_beg, int px_end, int *px)
{
    int b = p->strand ? p->pos5 - len + 1 : p->pos5, e = b + len - 1;
    if (p->beg - b > HP_SCREEN_CLIP && !matches_provirus(v, p, seq, len, b, p->beg - 1))
        b = p->beg;
    if (e - p->end > HP_SCREEN_CLIP && !matches_provirus(v, p, seq, len, p->end + 1, e))
        e = p->end;
    int M = HP_SCREEN_LTR_MARGIN, n = ov(b, e, v->ltr_len + 1, v->ltr3_start - 1);
    if (v->ltr_len > 2 * M)
        n += ov(b, e, 1 + M, v->ltr_len - M) + ov(b, e, v->ltr3_start + M, v->len - M);
    *px = ov(b, e, px_beg, px_end);
    return n;
}

/* Model coordinate (depth_profile.h: LTR 1..755, internal 756..8278) of provirus position x;
 * a provirus other than the built-in one is mapped in proportion, segment by segment. */
static int model_coord(const hp_virus_t *v, int64_t x)
{
    int il = v->ltr3_start - 1 - v->ltr_len;
    if (x < 1 || x > v->len || v->ltr_len <= 0 || il <= 0) return 0;
    if (x <= v->ltr_len) return 1 + (int)((x - 1) * HP_LTR_LEN / v->ltr_len);
    if (x >= v->ltr3_start) return 1 + (int)((x - v->ltr3_start) * HP_LTR_LEN / v->ltr_len);
    return HP_INTERNAL_START + (int)((x - v->ltr_len - 1) * HP_INTERNAL_LEN / il);
}

/* Profile bin of a placed read's midpoint (its whole length projected from its 5' end, as an
 * aligner would place a read that is mostly viral), -1 when the midpoint is off the provirus */
static int read_bin(const hp_virus_t *v, const hp_place_t *p, int len)
{
    int64_t b = p->strand ? (int64_t)p->pos5 - len + 1 : p->pos5, mid = b + len / 2;
    int m = model_coord(v, mid);
    return m > 0 ? hp_dprof_model_bin(m) : -1;
}

static int frag_gc_pm(const hp_fq_read_t *r1, const hp_fq_read_t *r2)
{
    int g = 0, n = 0;
    for (int k = 0; k < 2; k++) {
        const hp_fq_read_t *r = k ? r2 : r1;
        if (!r) continue;
        for (int i = 0; i < r->len; i++) {
            unsigned c = hp_nt4[(unsigned char)r->seq[i]];
            g += c == 1 || c == 2, n += c < 4;
        }
    }
    return n ? (int)((1000LL * g + n / 2) / n) : 450;
}

static int classify(const hp_screen_opt_t *opt, const hp_fq_read_t *r1, const hp_fq_read_t *r2,
                    hp_kmer_scratch_t *scr, hp_hkmer_t *hk, hp_hkmer_t *gs,
                    frag_res_t *res)
{
    memset(res, 0, sizeof *res); /* whole evidence defined: same bytes at any thread count */
    if (mean_qual_below(r1, r2, opt->min_qual)) {
        res->low_qual = 1;
        return 0;
    }
    hp_place_t p1, p2;
    memset(&p2, 0, sizeof p2);
    if (hp_kmer_place(opt->idx, r1->seq, r1->len, scr, &p1) < 0) return -1;
    if (r2 && hp_kmer_place(opt->idx, r2->seq, r2->len, scr, &p2) < 0) return -1;
    int v1 = p1.viral_bases >= HP_SCREEN_MIN_VIRAL, v2 = p2.viral_bases >= HP_SCREEN_MIN_VIRAL;
    if (v1 || v2) {
        res->viral = 1;
        res->region =
            (uint8_t)region_of(opt->virus, v1 && p1.viral_bases >= p2.viral_bases ? &p1 : &p2);
    }
    res->key = hp_fragment_key(r1->seq, r1->len, r2 ? r2->seq : NULL, r2 ? r2->len : 0);
    res->bin[0] = res->bin[1] = -1;
    if (opt->provirus) {
        res->gc = (uint16_t)frag_gc_pm(r1, r2);
        if (v1) res->bin[0] = (int8_t)read_bin(opt->virus, &p1, r1->len);
        if (v2) res->bin[1] = (int8_t)read_bin(opt->virus, &p2, r2->len);
        for (int k = 0; !res->viral && gs && k < (r2 ? 2 : 1); k++)
            if (hp_hkmer_add_adaptive(gs, k ? r2->seq : r1->seq, k ? r2->len : r1->len) < 0)
                return -1;
        if (!res->viral && hk) {
            for (int k = 0; k < (r2 ? 2 : 1); k++) {
                const hp_fq_read_t *r = k ? r2 : r1;
                int n = hp_hkmer_add(hk, r->seq, r->len, opt->host_kmer_thr, res->gc);
                if (n < 0) return -1;
                res->hk_occ += n;
            }
        }
    }
    res->in_window = v1 && p1.pos5 >= opt->win_beg && p1.pos5 <= opt->win_end;
    res->win_bases =
        (v1 ? window_overlap(opt, &p1, r1->len) : 0) + (v2 ? window_overlap(opt, &p2, r2->len) : 0);
    if (opt->provirus) {
        int x1 = 0, x2 = 0;
        res->prov_bases =
            (v1 ? hp_screen_prov_overlap(opt->virus, &p1, r1->seq, r1->len, opt->win_beg,
                                         opt->win_end, &x1)
                : 0) +
            (v2 ? hp_screen_prov_overlap(opt->virus, &p2, r2->seq, r2->len, opt->win_beg,
                                         opt->win_end, &x2)
                : 0);
        res->prov_px = x1 + x2;
    }
    /* every read is searched: 20 LTR bases may hold no viral 15-mer with an error or two */
    for (int k = 0; k < (r2 ? 2 : 1); k++) {
        const hp_fq_read_t *jr = k ? r2 : r1, *mate = k ? r1 : r2;
        hp_junction_t *j = &res->ev.j;
        if (!hp_flank_find(opt->ff, jr->seq, jr->len, j)) continue;
        /* a "flank" that is itself provirus (a deletion inside a defective provirus joins an
         * LTR end to internal sequence) is no host junction */
        hp_place_t pf;
        if (hp_kmer_place(opt->idx, j->flank, j->flank_len, scr, &pf) < 0) return -1;
        if (pf.viral_bases > 0) continue;
        res->junction = 1;
        res->ev.dup_key = hp_flank_dup_key(j, mate ? mate->seq : NULL, mate ? mate->len : 0);
        break;
    }
    return 0;
}

int hp_screen_batch(const hp_screen_opt_t *opt, const hp_fq_batch_t *b, hp_screen_t *acc,
                    int n_threads)
{
    if (b->n == 0) return 0;
    if (n_threads < 1) n_threads = 1;
    frag_res_t *res = malloc(sizeof *res * (size_t)b->n);
    hp_kmer_scratch_t *scr = calloc((size_t)n_threads, sizeof *scr);
    hp_hkmer_t **hk = calloc((size_t)n_threads, sizeof *hk);
    hp_hkmer_t **gs = calloc((size_t)n_threads, sizeof *gs);
    int failed = 0, want_hk = opt->provirus && opt->host_kmer_thr > 0, want_gs = opt->provirus;
    if (want_hk && !acc->hk) acc->hk = hp_hkmer_new();
    if (want_gs && !acc->gs) acc->gs = hp_hkmer_new_adaptive(HP_GSIZE_CAP);
    for (int t = 0; want_hk && hk && t < n_threads; t++)
        if (!(hk[t] = hp_hkmer_new())) failed = 1;
    for (int t = 0; want_gs && gs && t < n_threads; t++)
        if (!acc->gs || !(gs[t] = hp_hkmer_new_like(acc->gs))) failed = 1;
    if (!res || !scr || !hk || !gs || failed || (want_hk && !acc->hk) ||
        (want_gs && !acc->gs)) {
        for (int t = 0; hk && t < n_threads; t++)
            hp_hkmer_destroy(hk[t]);
        for (int t = 0; gs && t < n_threads; t++)
            hp_hkmer_destroy(gs[t]);
        free(hk);
        free(gs);
        free(res);
        free(scr);
        return -1;
    }
#ifdef _OPENMP
#pragma omp parallel for num_threads(n_threads) schedule(dynamic, 256)
#endif
    for (int i = 0; i < b->n; i++) {
        int th = omp_get_thread_num();
        if (classify(opt, &b->r1[i], b->paired ? &b->r2[i] : NULL, &scr[th], hk[th], gs[th],
                     &res[i]) <
            0) {
#ifdef _OPENMP
#pragma omp atomic write
#endif
            failed = 1;
        }
    }
    for (int t = 0; t < n_threads; t++) {
        hp_kmer_scratch_destroy(&scr[t]);
        /* sums of integers: the same table whichever thread counted which read */
        if (!failed && hk[t] && hp_hkmer_merge(acc->hk, hk[t]) < 0) failed = 1;
        hp_hkmer_destroy(hk[t]);
        /* adaptive: the same final table whichever thread counted which read */
        if (!failed && gs[t] && hp_hkmer_merge(acc->gs, gs[t]) < 0) failed = 1;
        hp_hkmer_destroy(gs[t]);
    }
    free(scr);
    free(hk);
    free(gs);
    if (failed) {
        free(res);
        return -1;
    }
    for (int i = 0; i < b->n; i++) {
        const frag_res_t *r = &res[i];
        acc->n_fragments++;
        acc->n_reads += b->paired ? 2 : 1;
        acc->n_bases += b->r1[i].len + (b->paired ? b->r2[i].len : 0);
        if (r->low_qual) {
            acc->n_low_qual++;
            continue;
        }
        if (r->viral) {
            acc->n_viral++;
            acc->n_viral_region[r->region]++;
        }
        acc->n_window += r->in_window;
        if (r->win_bases > 0 || r->prov_bases > 0 || r->bin[0] >= 0 || r->bin[1] >= 0) {
            acc->n_win_frag += r->win_bases > 0;
            acc->win_bases += r->win_bases;
            acc->win_bases_sq += (int64_t)r->win_bases * r->win_bases;
            if (acc->n_win == acc->m_win) {
                size_t m = acc->m_win ? acc->m_win * 2 : 1024;
                hp_screen_win_t *p = realloc(acc->win, sizeof *p * m);
                if (!p) goto oom;
                acc->win = p, acc->m_win = m;
            }
            acc->win[acc->n_win++] = (hp_screen_win_t){r->key,         b->first + i,
                                                       r->win_bases,   r->prov_bases,
                                                       r->prov_px,     {r->bin[0], r->bin[1]},
                                                       r->gc};
        }
        if (!r->viral) {
            int64_t hb = b->r1[i].len + (b->paired ? b->r2[i].len : 0);
            acc->host_bases += hb;
            acc->host_bases_sq += hb * hb;
            acc->host_reads += b->paired ? 2 : 1;
            acc->hk_occ += r->hk_occ;
            if (hp_dupset_add(&acc->host_dups, r->key) < 0) goto oom;
        }
        if (!r->junction) continue;
        acc->n_junction++;
        acc->n_junction_end[r->ev.j.ltr_end]++;
        if (acc->n_ev == acc->m_ev) {
            size_t m = acc->m_ev ? acc->m_ev * 2 : 1024;
            hp_flank_ev_t *p = realloc(acc->ev, sizeof *p * m);
            if (!p) goto oom;
            acc->ev = p, acc->m_ev = m;
        }
        acc->ev[acc->n_ev] = r->ev;
        acc->ev[acc->n_ev++].frag = b->first + i;
    }
    free(res);
    return 0;
oom:
    free(res);
    return -1;
}

typedef struct {
    hp_fq_reader_t *rd;
    hp_fq_batch_t *b;
    int max_frag, ret;
} read_job_t;

static void *read_job(void *arg)
{
    read_job_t *j = arg;
    j->ret = hp_fq_reader_read(j->rd, j->b, j->max_frag, BATCH_MAX_BASES);
    return NULL;
}

int hp_screen_run(const hp_screen_opt_t *opt, hp_fq_reader_t *rd, hp_screen_t *acc, int n_threads)
{
    hp_fq_batch_t b[2];
    int cur = 0, ret = 0;
    int max_frag = opt->batch_frag > 0 ? opt->batch_frag : DEFAULT_BATCH;
    hp_fq_batch_init(&b[0]);
    hp_fq_batch_init(&b[1]);
    int n = hp_fq_reader_read(rd, &b[0], max_frag, BATCH_MAX_BASES);
    if (n < 0) ret = -1;
    while (n > 0) {
        read_job_t job = {rd, &b[1 - cur], max_frag, 0};
        pthread_t th;
        int threaded = n_threads > 1 && pthread_create(&th, NULL, read_job, &job) == 0;
        int nt = threaded ? n_threads - hp_fq_reader_threads(rd) : n_threads;
        int r = hp_screen_batch(opt, &b[cur], acc, nt > 0 ? nt : 1);
        if (threaded)
            pthread_join(th, NULL);
        else
            read_job(&job);
        if (r < 0) {
            ret = -2;
            break;
        }
        n = job.ret;
        if (n < 0) ret = -1;
        cur = 1 - cur;
    }
    hp_fq_batch_destroy(&b[0]);
    hp_fq_batch_destroy(&b[1]);
    return ret;
}

static int cmp_win(const void *a, const void *b)
{
    const hp_screen_win_t *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return (x->frag > y->frag) - (x->frag < y->frag);
}

/* copies per 100 cells and its CI from viral bases (sum vb, sum of squares vb_sq per fragment)
 * on a window of w bases, over host bases hb (unique) and effective host fragments he */
static void depth_ratio(double vb, double vb_sq, double w, double hb, double he, double g,
                        double *est, double ci[2], double *eff)
{
    double lo, hi, ke = vb > 0 ? vb * vb / vb_sq : 0;
    *eff = ke;
    *est = 200.0 * (vb / w) / (hb / g);
    hp_poisson_ratio_ci(ke, 1, he, 1, &lo, &hi);
    if (ke > 0) {
        double unit = *est / (ke / he);
        ci[0] = lo * unit, ci[1] = hi * unit;
    } else {
        ci[0] = 0, ci[1] = 200.0 * hi * g / w;
    }
}

/* GC of the provirus over each profile bin (the bins' own GC where few reads show it) */
static void bin_ref_gc(const hp_virus_t *v, double *gc)
{
    int g[HP_DP_NBIN] = {0}, n[HP_DP_NBIN] = {0};
    for (int x = 1; x <= v->len; x++) {
        int m = model_coord(v, x), b = m > 0 ? hp_dprof_model_bin(m) : -1;
        if (b < 0) continue;
        unsigned c = hp_nt4[(unsigned char)v->seq[x - 1]];
        g[b] += c == 1 || c == 2, n[b] += c < 4;
    }
    for (int b = 0; b < HP_DP_NBIN; b++)
        gc[b] = n[b] ? (double)g[b] / n[b] : 0.5;
}

/* The profile model (pvl.h) on the read midpoints per bin vr (their fragments' GC summed in
 * vg, per mille): host rate = host fragments per haploid base (unique host reads / 2 over the
 * two copies of a genome of g bases) times the host depth at the bin's fragment GC over the
 * mean host depth (k-mer strata, fastq_gc.h). A provirus whose segments differ in length from
 * the model's has its counts scaled to the model's lengths. */
static void profile_fit(const hp_screen_t *acc, const hp_screen_opt_t *opt, double g,
                        const int64_t *vr, const int64_t *vg, hp_fastq_pvl_t *out)
{
    const hp_virus_t *v = opt->virus;
    hp_pvl_profile_t *p = &out->prof;
    hp_pvl_profile_init(p);
    int il = v->ltr3_start - 1 - v->ltr_len;
    double u = opt->keep_dups ? 1 : out->host_unique_fraction;
    double hf = 0.5 * (double)acc->host_reads * u;
    if (!(hf > 0) || !(g > 0) || v->ltr_len <= 0 || il <= 0) return;
    if (acc->hk) hp_hkmer_strata(acc->hk, acc->hk_occ, (double)acc->host_reads / 2, &out->gc);
    double r0 = hf / (2 * g), ref_gc[HP_DP_NBIN], y[HP_DP_NBIN], rate[HP_DP_NBIN];
    double rv[HP_DP_NBIN], svg = 0, svr = 0;
    bin_ref_gc(v, ref_gc);
    for (int b = 0; b < HP_DP_NBIN; b++) {
        double f = b < HP_DP_N_LTR_BIN ? (double)v->ltr_len / HP_LTR_LEN
                                       : (double)il / HP_INTERNAL_LEN;
        y[b] = 0.5 * (double)vr[b] / f;
        p->bin_gc[b] = vr[b] >= 10 ? (double)vg[b] / vr[b] / 1000 : ref_gc[b];
        svg += (double)vg[b], svr += (double)vr[b];
        double bw = 0, grv = 0;
        out->bin_gc_factor[b] = hp_gc_relative_depth(&out->gc, p->bin_gc[b], &grv, &bw);
        rate[b] = r0 * out->bin_gc_factor[b];
        rv[b] = grv + 1 / hf;
        if (bw > p->gc_bandwidth) p->gc_bandwidth = bw;
    }
    p->gc_viral = svr > 0 ? svg / svr / 1000 : NAN;
    double sgh = 0, sh = 0;
    for (int i = 0; i < out->gc.n; i++)
        sgh += out->gc.w[i].g * out->gc.w[i].h, sh += out->gc.w[i].h;
    p->gc_host = sh > 0 ? sgh / sh : NAN;
    p->host_fragments = hf;
    p->host_fragments_per_kb = 1000 * r0;
    hp_pvl_profile_fit(y, rate, rv, p);
}

/* Whole-provirus and pX estimates, the deletion check, and the headline (opt->provirus). */
static int provirus_pvl(const hp_screen_t *acc, const hp_screen_opt_t *opt, double g,
                        hp_fastq_pvl_t *out)
{
    hp_screen_win_t *win = malloc(sizeof *win * (acc->n_win ? acc->n_win : 1));
    if (!win) return -1;
    if (acc->n_win) memcpy(win, acc->win, sizeof *win * acc->n_win);
    qsort(win, acc->n_win, sizeof *win, cmp_win);
    double pb = 0, pb_sq = 0, xb = 0, xb_sq = 0, rb = 0, rb_sq = 0;
    int64_t n_dup = 0, vr[HP_DP_NBIN] = {0}, vg[HP_DP_NBIN] = {0};
    for (size_t i = 0; i < acc->n_win; i++) {
        if (!opt->keep_dups && i > 0 && win[i].key == win[i - 1].key) {
            n_dup += win[i].prov_bases > 0;
            continue;
        }
        for (int k = 0; k < 2; k++)
            if (win[i].bin[k] >= 0) vr[win[i].bin[k]]++, vg[win[i].bin[k]] += win[i].gc;
        double p = win[i].prov_bases, x = win[i].prov_px, r = p - x;
        out->prov_fragments += p > 0, out->px_fragments += x > 0;
        pb += p, pb_sq += p * p, xb += x, xb_sq += x * x, rb += r, rb_sq += r * r;
    }
    free(win);
    int Lp = hp_screen_prov_len(opt->virus), Lx = opt->win_end - opt->win_beg + 1;
    out->prov_bp = Lp, out->prov_bases = (int64_t)pb, out->px_bases = (int64_t)xb;
    double u = opt->keep_dups ? 1 : out->host_unique_fraction, hb = (double)acc->host_bases * u;
    double he = (double)acc->host_bases * (double)acc->host_bases / (double)acc->host_bases_sq * u;
    depth_ratio(pb, pb_sq, Lp, hb, he, g, &out->prov_copies, out->prov_ci95, &out->prov_effective);
    depth_ratio(xb, xb_sq, Lx, hb, he, g, &out->px_copies, out->px_ci95, &out->px_effective);
    /* deletion check: depth outside pX over depth on pX, on effective fragment counts */
    double kr = rb > 0 ? rb * rb / rb_sq : 0, kx = out->px_effective;
    out->rest_px_ratio = out->rest_px_ci95[0] = out->rest_px_ci95[1] = out->rest_px_z = NAN;
    if (rb > 0 && xb > 0 && Lp > Lx) {
        double ratio = (rb / (Lp - Lx)) / (xb / Lx), se = sqrt(1 / kr + 1 / kx);
        out->rest_px_ratio = ratio;
        out->rest_px_ci95[0] = ratio * exp(-1.96 * se);
        out->rest_px_ci95[1] = ratio * exp(1.96 * se);
        /* score test (variance under equal depths): effective rest fragments against their
         * share of all, expected from the window lengths over the bases per fragment */
        double cr = rb_sq / rb, cx = xb_sq / xb, q = (Lx / cx) / (Lx / cx + (Lp - Lx) / cr);
        double n = kr + kx;
        out->rest_px_z = (kr - n * (1 - q)) / sqrt(n * q * (1 - q));
        out->defective_suspected = out->rest_px_z < HP_SCREEN_DEL_Z;
    }
    profile_fit(acc, opt, g, vr, vg, out);
    if (out->prof.available) {
        out->estimator = "profile";
        /* the model the BAM estimator chooses (the likelihood-ratio rule), so that both inputs
         * give the same answer from the same reads; the model average is reported beside it */
        out->copies_per_100_cells = out->prof.copies_per_100;
        out->ci95[0] = out->prof.ci_lo, out->ci95[1] = out->prof.ci_hi;
        out->viral_fragments = out->prov_fragments;
        out->viral_duplicates = opt->keep_dups ? 0 : n_dup;
        out->window_bases = out->prov_bases;
        out->viral_effective = out->prof.viral_fragments;
        out->window_bp = Lp;
        return 0;
    }
    int use_px = out->defective_suspected;
    out->estimator = use_px ? "pX" : "provirus";
    out->copies_per_100_cells = use_px ? out->px_copies : out->prov_copies;
    out->ci95[0] = use_px ? out->px_ci95[0] : out->prov_ci95[0];
    out->ci95[1] = use_px ? out->px_ci95[1] : out->prov_ci95[1];
    out->viral_fragments = use_px ? out->px_fragments : out->prov_fragments;
    out->viral_duplicates = opt->keep_dups ? 0 : n_dup;
    out->window_bases = use_px ? out->px_bases : out->prov_bases;
    out->viral_effective = use_px ? out->px_effective : out->prov_effective;
    out->window_bp = use_px ? Lx : Lp;
    return 0;
}

int hp_screen_pvl(const hp_screen_t *acc, const hp_screen_opt_t *opt, double genome_size,
                  hp_fastq_pvl_t *out)
{
    memset(out, 0, sizeof *out);
    double w = opt->win_end - opt->win_beg + 1, g = genome_size;
    /* unique window fragments: the first of each key */
    hp_screen_win_t *win = malloc(sizeof *win * (acc->n_win ? acc->n_win : 1));
    if (!win) return -1;
    if (acc->n_win) memcpy(win, acc->win, sizeof *win * acc->n_win);
    qsort(win, acc->n_win, sizeof *win, cmp_win);
    double vb = 0, vb_sq = 0;
    for (size_t i = 0; i < acc->n_win; i++) {
        if (i > 0 && win[i].key == win[i - 1].key) {
            out->viral_duplicates++;
            continue;
        }
        out->viral_fragments++;
        vb += win[i].bases;
        vb_sq += (double)win[i].bases * win[i].bases;
    }
    free(win);
    out->window_bp = (int)w;
    out->window_bases = (int64_t)vb;
    out->genome_size = genome_size;
    out->host_fragments = (double)(acc->n_fragments - acc->n_low_qual - acc->n_viral);
    out->host_bases = acc->host_bases;
    out->host_unique_fraction =
        hp_dupset_unique_fraction(&acc->host_dups, &out->host_sampled_distinct, &out->host_sampled);
    out->anchor_fragments = acc->n_window;
    out->gsize.genome_size = NAN;
    if (acc->gs && hp_hkmer_genome_size(acc->gs, &out->gsize) < 0) return -1;
    out->copies_per_100_cells = out->ci95[0] = out->ci95[1] = NAN;
    out->anchor_copies_per_100_cells = NAN;
    if (acc->host_bases <= 0 || w <= 0) return 0;
    if (opt->keep_dups) { /* every fragment counts, as in a BAM without duplicate marks */
        vb = (double)acc->win_bases, vb_sq = (double)acc->win_bases_sq;
        out->viral_fragments += out->viral_duplicates;
        out->viral_duplicates = 0;
        out->window_bases = acc->win_bases;
        out->host_unique_fraction = 1;
    }
    double u = out->host_unique_fraction, hb = (double)acc->host_bases * u;
    out->viral_effective = vb > 0 ? vb * vb / vb_sq : 0;
    out->host_effective =
        (double)acc->host_bases * (double)acc->host_bases / (double)acc->host_bases_sq * u;
    out->copies_per_100_cells = 200.0 * (vb / w) / (hb / g);
    /* the ratio of effective counts carries the CI; rescale it onto the estimate */
    double lo, hi, ke = out->viral_effective, he = out->host_effective;
    hp_poisson_ratio_ci(ke, 1, he, 1, &lo, &hi);
    if (ke > 0) {
        double unit = out->copies_per_100_cells / (ke / he);
        out->ci95[0] = lo * unit;
        out->ci95[1] = hi * unit;
    } else { /* no window bases: an upper limit of hi * he fragments of hb / he bases each */
        out->ci95[0] = 0;
        out->ci95[1] = 200.0 * hi * g / w;
    }
    if (out->host_fragments > 0)
        out->anchor_copies_per_100_cells =
            200.0 * ((double)acc->n_window / w) / (out->host_fragments / g);
    if (opt->provirus && hp_screen_prov_len(opt->virus) > 0) return provirus_pvl(acc, opt, g, out);
    return 0;
}
