/* count_indexed.c -- the indexed fast path of `count` (count_indexed.h). */
#include "htlvpvl/count_indexed.h"
#include "htlvpvl/log.h"
#include "htlvpvl/pvl.h"
#include "htlvpvl/sites.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int32_t tid;
    int64_t pos; /* 0-based */
} cand_t;

typedef struct {
    cand_t *v;
    size_t n, m;
} cands_t;

static int cand_push(cands_t *c, int tid, int64_t pos)
{
    if (c->n == c->m) {
        size_t m = c->m ? 2 * c->m : 256;
        cand_t *p = realloc(c->v, m * sizeof *p);
        if (!p) return -1;
        c->v = p, c->m = m;
    }
    c->v[c->n].tid = tid, c->v[c->n].pos = pos < 0 ? 0 : pos;
    c->n++;
    return 0;
}

static int cand_cmp(const void *a, const void *b)
{
    const cand_t *x = a, *y = b;
    if (x->tid != y->tid) return x->tid < y->tid ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Host positions a viral record names: its mate (RNEXT/PNEXT) and its SA entries. */
static int add_candidates(const hp_contigs_t *ctg, const sam_hdr_t *h, const bam1_t *r,
                          cands_t *c)
{
    const bam1_core_t *k = &r->core;
    if ((k->flag & BAM_FPAIRED) && !(k->flag & BAM_FMUNMAP) && k->mtid >= 0 &&
        k->mtid < ctg->n_targets && ctg->cls[k->mtid] != HP_CTG_VIRUS)
        if (cand_push(c, k->mtid, k->mpos) < 0) return -1;
    const uint8_t *sa = bam_aux_get(r, "SA");
    const char *s = sa ? bam_aux2Z(sa) : NULL;
    while (s && *s) {
        const char *comma = strchr(s, ',');
        if (!comma) break;
        char name[256];
        size_t n = (size_t)(comma - s);
        if (n < sizeof name) {
            memcpy(name, s, n);
            name[n] = '\0';
            int tid = sam_hdr_name2tid((sam_hdr_t *)h, name);
            long long pos = strtoll(comma + 1, NULL, 10);
            if (tid >= 0 && tid < ctg->n_targets && ctg->cls[tid] != HP_CTG_VIRUS && pos > 0)
                if (cand_push(c, tid, pos - 1) < 0) return -1;
        }
        s = strchr(s, ';');
        if (s) s++;
    }
    return 0;
}

static int counted_in_profile(const bam1_t *r)
{
    return !(r->core.flag &
             (BAM_FSECONDARY | BAM_FSUPPLEMENTARY | BAM_FUNMAP | BAM_FDUP | BAM_FQCFAIL));
}

static int64_t sc(int64_t x, double f)
{
    return (int64_t)llround((double)x * f);
}

/* Multiply the counters of a (evidence aside) by f: a sample standing for the whole. */
static void acc_scale(hp_acc_t *a, double f)
{
    if (f == 1.0) return;
    a->records = sc(a->records, f), a->reads_total = sc(a->reads_total, f);
    a->reads_dup = sc(a->reads_dup, f), a->reads_secondary = sc(a->reads_secondary, f);
    a->reads_supplementary = sc(a->reads_supplementary, f);
    a->reads_unmapped = sc(a->reads_unmapped, f), a->reads_qcfail = sc(a->reads_qcfail, f);
    a->reads_viral = sc(a->reads_viral, f);
    a->reads_host_autosomal = sc(a->reads_host_autosomal, f);
    a->frag_total = sc(a->frag_total, f), a->frag_dup = sc(a->frag_dup, f);
    a->frag_viral = sc(a->frag_viral, f);
    a->frag_host_autosomal = sc(a->frag_host_autosomal, f);
    a->host_bases = sc(a->host_bases, f), a->x_bases = sc(a->x_bases, f);
    for (int g = 0; g < HP_N_REGION; g++)
        a->vir_bases[g] = sc(a->vir_bases[g], f), a->frag_region[g] = sc(a->frag_region[g], f);
    for (int i = 0; i <= HP_INS_MAX; i++)
        a->ins_hist[i] = sc(a->ins_hist[i], f);
    for (int i = 0; i <= HP_RLEN_MAX; i++)
        a->span_hist[i] = sc(a->span_hist[i], f);
}

/* Add src's counters (not its evidence) to dst; src is emptied. */
static int merge_counters(hp_acc_t *dst, hp_acc_t *src)
{
    src->n_ev = 0;
    return hp_acc_merge(dst, src);
}

/* Add src's evidence (not its counters) to dst. */
static int merge_evidence(hp_acc_t *dst, hp_acc_t *src)
{
    hp_acc_t t;
    hp_acc_init(&t);
    t.ev = src->ev, t.n_ev = src->n_ev, t.m_ev = src->m_ev;
    src->ev = NULL, src->n_ev = src->m_ev = 0;
    int r = hp_acc_merge(dst, &t);
    hp_acc_destroy(&t);
    return r;
}

typedef struct {
    hp_bam_t *b;
    const hp_contigs_t *ctg;
    hp_dupwin_t *dw;
    bam1_t *r;
    hp_idx_info_t *info;
} rd_t;

/* Iterate [beg, end) of tid (HTS_IDX_NOCOOR: the unplaced unmapped reads): each record is
 * marked for duplicates and handed to fn. Returns 0, or -1 with b->err set. */
static int read_region(rd_t *d, int tid, int64_t beg, int64_t end,
                       int (*fn)(rd_t *, bam1_t *, void *), void *arg)
{
    hts_itr_t *itr = sam_itr_queryi(d->b->idx, tid, beg, end);
    if (!itr) {
        snprintf(d->b->err, sizeof d->b->err, "index query failed");
        return -1;
    }
    hp_dupwin_reset(d->dw);
    int e, ret = 0;
    while ((e = sam_itr_next(d->b->fp, itr, d->r)) >= 0) {
        d->info->records_read++;
        if (hp_dupwin_mark(d->dw, d->r) < 0 || fn(d, d->r, arg) < 0) {
            snprintf(d->b->err, sizeof d->b->err, "out of memory");
            ret = -1;
            break;
        }
    }
    hts_itr_destroy(itr);
    if (ret == 0 && e < -1) {
        snprintf(d->b->err, sizeof d->b->err,
                 d->b->is_cram ? "cannot decode a record (truncated, corrupt, or CRAM reference "
                                 "missing: give --reference)"
                               : "truncated or corrupt (indexed read)");
        ret = -1;
    }
    return ret;
}

/* ---- per-record work of each pass ---- */

typedef struct {
    const hp_classify_opt_t *copt;
    hp_acc_t *acc;
    hp_dprof_t *dp;
    cands_t *cands;
    int64_t win, beg, end; /* sampled window: index and [beg, end) (0-based) */
    int64_t skip_before;   /* candidate pass: records starting before this were read already */
    int64_t n_mapped;      /* sampled windows: mapped records with their midpoint in them */
    int64_t n_mapped_inner; /* the same in the windows off the contig ends */
    int inner;             /* the window lies off the full layout's contig-end windows */
} pass_t;

/* secondary records with an SA tag (bwa mem -M): counted in the passes that read each record
 * once (viral contigs, whole host) */
static void count_secondary_sa(rd_t *d, const bam1_t *r)
{
    if ((r->core.flag & (BAM_FSECONDARY | BAM_FSUPPLEMENTARY)) == BAM_FSECONDARY &&
        bam_aux_get(r, "SA"))
        d->b->n_secondary_sa++;
}

static int on_viral(rd_t *d, bam1_t *r, void *arg)
{
    pass_t *p = arg;
    count_secondary_sa(d, r);
    hp_dprof_add(p->dp, d->ctg, r);
    if (counted_in_profile(r)) d->info->viral_reads++;
    if (add_candidates(d->ctg, d->b->hdr, r, p->cands) < 0) return -1;
    return hp_classify_record(d->ctg, d->b->hdr, p->copt, r, p->acc);
}

static int on_host_all(rd_t *d, bam1_t *r, void *arg)
{
    pass_t *p = arg;
    count_secondary_sa(d, r);
    hp_dprof_add(p->dp, d->ctg, r);
    return hp_classify_record(d->ctg, d->b->hdr, p->copt, r, p->acc);
}

/* A sampled window: counters of the records starting in it (bases clipped to it, as a --region
 * shard counts them), the profile from the records whose midpoint is in it. */
static int on_host_win(rd_t *d, bam1_t *r, void *arg)
{
    pass_t *p = arg;
    const bam1_core_t *c = &r->core;
    if (p->dp && !(c->flag & BAM_FUNMAP)) {
        int64_t mid = c->pos + (bam_endpos(r) - c->pos) / 2;
        /* mapped records by the profile's own rule (midpoint), so the ratio to the index's
         * count differs from the profile's share of reads only by the flags */
        if (mid >= p->beg && mid < p->end) {
            p->n_mapped++, p->n_mapped_inner += p->inner;
            if (counted_in_profile(r)) hp_dprof_add_host(p->dp, p->win, r);
        }
    }
    int e = hp_classify_record(d->ctg, d->b->hdr, p->copt, r, p->acc);
    if (c->pos < p->beg) { /* counted by the classifier before its region test */
        p->acc->records--;
        if (c->flag & BAM_FSECONDARY) p->acc->reads_secondary--;
    }
    p->acc->n_ev = 0;
    return e;
}

/* chrX windows: only the depth of chrX matters (sex), from the records starting in them */
static int on_x_win(rd_t *d, bam1_t *r, void *arg)
{
    pass_t *p = arg;
    if (r->core.pos < p->beg) return 0;
    int e = hp_classify_record(d->ctg, d->b->hdr, p->copt, r, p->acc);
    p->acc->n_ev = 0;
    return e;
}

/* contig ends: mapped records with their midpoint in [beg, end) */
static int on_end(rd_t *d, bam1_t *r, void *arg)
{
    pass_t *p = arg;
    const bam1_core_t *c = &r->core;
    int64_t mid = c->pos + (bam_endpos(r) - c->pos) / 2;
    if (!(c->flag & BAM_FUNMAP) && mid >= p->beg && mid < p->end) p->n_mapped++;
    return 0;
}

/* The full scan's profile leaves out the first and last window (of fw bases) of each autosome,
 * where the coverage falls off: [*b1, *e1) and [*b2, *e2) of a contig of len bases (the
 * second empty when the contig is one window). */
static void end_windows(int64_t len, int64_t fw, int64_t *b1, int64_t *e1, int64_t *b2,
                        int64_t *e2)
{
    int64_t nw = (len + fw - 1) / fw;
    *b1 = 0, *e1 = fw < len ? fw : len;
    *b2 = nw > 1 ? (nw - 1) * fw : len, *e2 = len;
}

static int on_site(rd_t *d, bam1_t *r, void *arg)
{
    pass_t *p = arg;
    if (r->core.pos < p->skip_before) return 0;
    return hp_classify_record(d->ctg, d->b->hdr, p->copt, r, p->acc);
}

/* GC pass: a window of the full scan's grid, profile only (mapped records by midpoint) */
static int on_gc_win(rd_t *d, bam1_t *r, void *arg)
{
    pass_t *p = arg;
    const bam1_core_t *c = &r->core;
    (void)d;
    if (c->flag & BAM_FUNMAP) return 0;
    int64_t mid = c->pos + (bam_endpos(r) - c->pos) / 2;
    if (mid >= p->beg && mid < p->end) {
        p->n_mapped++;
        if (counted_in_profile(r)) hp_dprof_add_host(p->dp, p->win, r);
    }
    return 0;
}

static int i64_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static uint64_t bitrev(uint64_t x, int nb)
{
    uint64_t y = 0;
    for (int i = 0; i < nb; i++, x >>= 1)
        y = y << 1 | (x & 1);
    return y;
}

/* The first m windows read by the GC pass as a sample layout (the viral bins of vir), its host
 * level from the index: (mapped - end_rec) records over (inner_len) bases, the inner
 * autosomes' length. Returns 0 or -1 (memory). */
static int gc_sample(hp_dprof_t *s, const hp_dprof_t *all, const int64_t *order, int64_t m,
                     const int64_t *n_mapped, const hp_dprof_t *vir, int64_t mapped,
                     int64_t end_rec, int64_t inner_len)
{
    if (hp_dprof_init_sample(s, all->n_targets, m, all->win) < 0) return -1;
    int64_t nm = 0, *ix = malloc((size_t)(m ? m : 1) * sizeof *ix);
    if (!ix) return -1;
    /* in genome order: neighbours in the layout are neighbours on the host where they can be
     * (hp_pvl_profile leaves out the neighbours of an uncovered window) */
    memcpy(ix, order, (size_t)m * sizeof *ix);
    qsort(ix, (size_t)m, sizeof *ix, i64_cmp);
    for (int64_t k = 0; k < m; k++) {
        int64_t w = ix[k];
        s->w_reads[k] = all->w_reads[w], s->w_lowmq[k] = all->w_lowmq[w];
        s->w_gc[k] = all->w_gc[w], s->w_bases[k] = all->w_bases[w];
        nm += n_mapped[w];
    }
    memcpy(s->v_reads, vir->v_reads, sizeof s->v_reads);
    memcpy(s->v_gc, vir->v_gc, sizeof s->v_gc);
    memcpy(s->v_bases, vir->v_bases, sizeof s->v_bases);
    free(ix);
    double sl = (double)m * (double)all->win;
    if (nm > 0 && mapped > end_rec && m < all->n_win) /* all read: the windows' own counts */
        s->host_scale = (double)(mapped - end_rec) / (double)inner_len / ((double)nm / sl);
    s->host_expand = (double)inner_len / sl;
    return 0;
}

/* The GC pass's grid: the windows of fw bases of the autosomes, their first and last left out
 * as the full scan's profile leaves them out. Returns their number. */
static int64_t gc_grid_size(const hp_contigs_t *ctg, const sam_hdr_t *h, int64_t fw)
{
    int64_t n = 0;
    for (int i = 0; i < ctg->n_targets; i++) {
        if (ctg->cls[i] != HP_CTG_AUTOSOME) continue;
        int64_t nw = (sam_hdr_tid2len(h, i) + fw - 1) / fw;
        if (nw >= 3) n += nw - 2;
    }
    return n;
}

/* The n windows of that grid: contig wt[] and start wb[] in genome order, and order[] their
 * indices in bit-reversed order (any prefix spread over the whole host). */
static void gc_grid(const hp_contigs_t *ctg, const sam_hdr_t *h, int64_t fw, int64_t n,
                    int32_t *wt, int64_t *wb, int64_t *order)
{
    int64_t k = 0;
    for (int i = 0; i < ctg->n_targets; i++) {
        if (ctg->cls[i] != HP_CTG_AUTOSOME) continue;
        int64_t nw = (sam_hdr_tid2len(h, i) + fw - 1) / fw;
        for (int64_t j = 1; j + 1 < nw; j++, k++)
            wt[k] = i, wb[k] = j * fw;
    }
    int nb = 0;
    while (((int64_t)1 << nb) < n)
        nb++;
    k = 0;
    for (uint64_t r = 0; r < ((uint64_t)1 << nb); r++) {
        uint64_t w = bitrev(r, nb);
        if ((int64_t)w < n) order[k++] = (int64_t)w;
    }
}

/* A host with no windows near the viral GC and a grid of at most HP_IDX_GC_ALL_MAX windows
 * (n): read whole, so that the full scan's rule decides whether to carry a trend that far. */
static int gc_read_whole(const hp_pvl_profile_t *pr, int64_t n)
{
    return pr->gc_unsupported && n <= HP_IDX_GC_ALL_MAX;
}

/* The GC pass's one line: m of the grid's n windows read, the sample's host rate rsd */
static void gc_report(int trend, int unsupported, int64_t m, int64_t n, int64_t fw, double rsd)
{
    if (unsupported)
        hp_info("indexed: no host windows near the viral GC, GC trend %s: %lld of its %lld "
                "windows of %d bp read", trend ? "followed" : "none", (long long)m,
                (long long)n, (int)fw);
    else if (trend)
        hp_info("indexed: the sampled host shows a GC trend: %lld of its %lld windows of %d bp "
                "read (host rate within %.2f %% sd of the whole host's)",
                (long long)m, (long long)n, (int)fw, 100 * rsd);
    else
        hp_info("indexed: the sampled host hinted at a GC trend: %lld of its %lld windows of %d "
                "bp read, which show none", (long long)m, (long long)n, (int)fw);
}

/* A host whose sampled windows show a GC trend: the host rate at each viral bin's GC comes
 * from the windows near that GC, so read windows of the full scan's grid (off the contig ends,
 * spread by bit-reversed order) until the rate the sample gives differs from the whole host's
 * by a relative sd of at most HP_IDX_GC_RSD (the windows' scatter about the fit, finite
 * population), or all of them are read; *dprof becomes that sample. m0: windows to start with.
 * Returns 0, or -1 with b->err set. */
static int gc_pass(rd_t *d, const hp_contigs_t *ctg, hp_dprof_t *dprof, int64_t fw, int64_t m0,
                   int64_t mapped, int64_t end_rec, hp_idx_info_t *info)
{
    const sam_hdr_t *h = d->b->hdr;
    int64_t n = gc_grid_size(ctg, h, fw), inner_len = n * fw;
    int ret = -1;
    if (n < HP_IDX_MIN_WIN_LAYOUT) return 0;
    int32_t *wt = malloc((size_t)n * sizeof *wt);
    int64_t *wb = malloc((size_t)n * sizeof *wb), *order = malloc((size_t)n * sizeof *order);
    int64_t *nmap = calloc((size_t)n, sizeof *nmap);
    hp_dprof_t all, s;
    memset(&s, 0, sizeof s);
    if (hp_dprof_init_sample(&all, ctg->n_targets, n, fw) < 0) {
        free(wt), free(wb), free(order), free(nmap);
        snprintf(d->b->err, sizeof d->b->err, "out of memory");
        return -1;
    }
    if (!wt || !wb || !order || !nmap) goto nomem;
    gc_grid(ctg, h, fw, n, wt, wb, order);
    pass_t p;
    memset(&p, 0, sizeof p);
    p.dp = &all;
    int64_t m = m0 < HP_IDX_MIN_WIN_LAYOUT ? HP_IDX_MIN_WIN_LAYOUT : m0, done = 0;
    double rsd = 0;
    int trend = 0, unsupported = 0;
    for (int round = 0;; round++) {
        if (m > n) m = n;
        for (; done < m; done++) {
            int64_t w = order[done];
            p.win = w, p.beg = wb[w], p.end = wb[w] + fw, p.n_mapped = 0;
            if (read_region(d, wt[w], p.beg, p.end, on_gc_win, &p) < 0) goto out;
            nmap[w] = p.n_mapped;
        }
        hp_dprof_destroy(&s);
        if (gc_sample(&s, &all, order, m, nmap, dprof, mapped, end_rec, inner_len) < 0)
            goto nomem;
        hp_pvl_profile_t pr;
        hp_pvl_profile_host(&s, &pr);
        rsd = pr.host_sample_rsd, trend = pr.gc_bandwidth > 0, unsupported = pr.gc_unsupported;
        int read_all = gc_read_whole(&pr, n);
        if (m == n || (!(rsd > HP_IDX_GC_RSD) && !read_all) || round >= 8) break;
        if (read_all) {
            m = n;
            continue;
        }
        /* var = V (1/m - 1/n): the windows that bring it to the target, a fifth more */
        double f = (double)m / (double)n, v1 = rsd * rsd / ((1 - f) / (double)m);
        double want = 1.2 / (HP_IDX_GC_RSD * HP_IDX_GC_RSD / v1 + 1 / (double)n);
        int64_t mn = (int64_t)ceil(want);
        if (mn < m + m / 4) mn = m + m / 4;
        if (mn > 8 * m) mn = 8 * m;
        m = mn;
    }
    info->n_win_gc = m, info->gc_rsd = rsd;
    gc_report(trend, unsupported, m, n, fw, rsd);
    hp_dprof_destroy(dprof);
    *dprof = s;
    memset(&s, 0, sizeof s);
    ret = 0;
    goto out;
nomem:
    snprintf(d->b->err, sizeof d->b->err, "out of memory");
out:
    hp_dprof_destroy(&all), hp_dprof_destroy(&s);
    free(wt), free(wb), free(order), free(nmap);
    return ret;
}

/* Window k of n, of wl bases, spread at fixed spacing over the contigs of class-test `want`
 * (total length tot): its contig and start. grid > 0: on the full scan's profile grid (starts
 * at multiples of grid, neither the first nor the last window of its contig), else at the
 * start of an index bin where the spacing allows. Returns 0, or -1 when the contig is too
 * short. */
static int place_window(const hp_contigs_t *ctg, const sam_hdr_t *h, int want_tid, int64_t tot,
                        int64_t n, int64_t k, int64_t wl, int64_t grid, int *tid, int64_t *beg)
{
    int64_t off = (int64_t)(((double)k + 0.5) * (double)tot / (double)n) - wl / 2;
    if (off < 0) off = 0;
    for (int i = 0; i < ctg->n_targets; i++) {
        int ok = want_tid >= 0 ? i == want_tid : ctg->cls[i] == HP_CTG_AUTOSOME;
        if (!ok) continue;
        int64_t len = sam_hdr_tid2len(h, i);
        if (off < len) {
            if (grid > 0) {
                int64_t nw = (len + grid - 1) / grid, j = off / grid;
                if (nw < 3) return -1;
                j = j < 1 ? 1 : j > nw - 2 ? nw - 2 : j;
                *tid = i, *beg = j * grid;
                return 0;
            }
            if (len < wl) return -1;
            /* at the start of a 16 kb bin of the BAI/CSI linear index: the query then starts
             * decoding at the window, not up to 16 kb before it */
            if (tot / n >= HP_IDX_BIN && len >= 2 * HP_IDX_BIN)
                off = off / HP_IDX_BIN * HP_IDX_BIN;
            if (off + wl > len) off = len - wl;
            *tid = i, *beg = off;
            return 0;
        }
        off -= len;
    }
    return -1;
}

/* ---- the stages of hp_count_indexed ---- */

/* One indexed count: its inputs, the reader, the pass state the stages hand on (p is one
 * pass_t throughout, as its fields carry from one stage to the next) and the host plan. */
typedef struct {
    hp_bam_t *b;
    const hp_contigs_t *ctg;
    const hp_classify_opt_t *copt;
    hp_acc_t *acc;
    hp_dprof_t *dprof;
    hp_idx_info_t *info;
    rd_t d;
    pass_t p;
    cands_t cands;
    hp_acc_t ah, ax, as;   /* host counters, chrX counters, the site windows' evidence */
    hp_classify_opt_t wo;  /* the sampled windows' classifier options */
    int64_t dup_viral;     /* duplicates marked on the viral contigs */
    double host_cs;        /* the host counters' scale */
    int64_t auto_len, mapped; /* autosomes' length; their mapped records by the index */
    int have_stat;         /* the index counts records (not CRAM) */
    double budget;         /* host records to read */
    int64_t n_win, fw, wl; /* sampled windows; the full scan's window; the sample's */
    int64_t used, inner_used; /* windows read; those off the contig ends */
} ix_t;

static int ix_oom(hp_bam_t *b)
{
    snprintf(b->err, sizeof b->err, "out of memory");
    return -1;
}

/* 1. the viral contigs, whole: their evidence, profile bins and the candidate host sites */
static int viral_pass(ix_t *x)
{
    x->p.acc = x->acc, x->p.dp = x->dprof;
    for (int i = 0; i < x->ctg->n_vc; i++)
        if (read_region(&x->d, x->ctg->vc[i].tid, 0, HTS_POS_MAX, on_viral, &x->p) < 0)
            return -1;
    x->dup_viral = hp_dupwin_marked(x->d.dw);
    return 0;
}

/* 2a. the host plan: the autosomes' length and index counts, the read budget, the windows
 * (count and length) and whether to sample them (HTLVPVL_INDEX_SAMPLE forces it) */
static void host_plan(ix_t *x)
{
    const hp_contigs_t *ctg = x->ctg;
    const sam_hdr_t *h = x->b->hdr;
    hp_idx_info_t *info = x->info;
    int64_t auto_len = 0, mapped = 0;
    int have_stat = !x->b->is_cram;
    for (int i = 0; i < ctg->n_targets; i++) {
        if (ctg->cls[i] != HP_CTG_AUTOSOME) continue;
        auto_len += sam_hdr_tid2len(h, i);
        uint64_t m = 0, u = 0;
        if (have_stat && hts_idx_get_stat(x->b->idx, i, &m, &u) < 0) have_stat = 0;
        mapped += (int64_t)m;
    }
    if (have_stat) info->idx_mapped_auto = mapped;
    double budget = (double)info->viral_reads * HP_IDX_HOST_PER_VIRAL;
    if (budget < HP_IDX_MIN_READS) budget = HP_IDX_MIN_READS;
    if (have_stat && budget < (double)mapped / HP_IDX_FRACTION)
        budget = (double)mapped / HP_IDX_FRACTION;
    int64_t n_win = 4 * HP_IDX_MIN_WIN; /* CRAM: no counts to size the sample from */
    int64_t fw = x->dprof->win, wl = HP_IDX_WIN; /* the full scan's window; the sample's */
    if (have_stat && auto_len > 0) {
        double rpb = (double)mapped / (double)auto_len;
        n_win = rpb > 0 ? (int64_t)ceil(budget / (rpb * HP_IDX_WIN)) : HP_IDX_MIN_WIN;
        if (n_win < HP_IDX_MIN_WIN) n_win = HP_IDX_MIN_WIN;
        /* windows of the full scan's profile, on its grid, where the budget holds enough of
         * them: the windows' GC then varies at the same scale in both modes */
        int64_t nf = rpb > 0 ? (int64_t)ceil(budget / (rpb * (double)fw)) : 0;
        if (fw > HP_IDX_WIN && nf >= HP_IDX_MIN_WIN_LAYOUT) n_win = nf, wl = fw;
    }
    info->sampled = auto_len > 0 && 2 * n_win * wl < auto_len &&
                    !(have_stat && (double)mapped <= HP_IDX_ALL_FACTOR * budget);
    const char *force = getenv("HTLVPVL_INDEX_SAMPLE"); /* tests: sample this many windows */
    if (force && atoll(force) > 0 && auto_len >= 2 * HP_IDX_WIN) {
        n_win = atoll(force), wl = HP_IDX_WIN;
        if (n_win * 2 * HP_IDX_WIN > auto_len) n_win = auto_len / (2 * HP_IDX_WIN);
        info->sampled = 1;
    }
    x->auto_len = auto_len, x->mapped = mapped, x->have_stat = have_stat, x->budget = budget;
    x->n_win = n_win, x->fw = fw, x->wl = wl;
}

/* 2b. a small host, read whole: every host record, its evidence too (clip-only included) */
static int host_whole(ix_t *x)
{
    x->p.acc = &x->ah, x->p.dp = x->dprof;
    for (int i = 0; i < x->ctg->n_targets; i++)
        if (x->ctg->cls[i] != HP_CTG_VIRUS &&
            read_region(&x->d, i, 0, HTS_POS_MAX, on_host_all, &x->p) < 0)
            return -1;
    if (read_region(&x->d, HTS_IDX_NOCOOR, 0, 0, on_host_all, &x->p) < 0) return -1;
    if (merge_evidence(x->acc, &x->ah) < 0 || merge_counters(x->acc, &x->ah) < 0)
        return ix_oom(x->b);
    return 0;
}

/* 2c. a large host: the sample's profile layout (the viral bins kept), then n_win windows
 * at fixed spacing, each classified as a --region shard would be */
static int host_windows(ix_t *x)
{
    const hp_contigs_t *ctg = x->ctg;
    const sam_hdr_t *h = x->b->hdr;
    hp_dprof_t *dprof = x->dprof;
    pass_t *p = &x->p;
    int64_t n_win = x->n_win, wl = x->wl, fw = x->fw;
    int64_t vr[HP_DP_NBIN], vg[HP_DP_NBIN], vb[HP_DP_NBIN]; /* the viral bins, kept */
    memcpy(vr, dprof->v_reads, sizeof vr), memcpy(vg, dprof->v_gc, sizeof vg);
    memcpy(vb, dprof->v_bases, sizeof vb);
    hp_dprof_destroy(dprof);
    if (hp_dprof_init_sample(dprof, ctg->n_targets, n_win, wl) < 0) return ix_oom(x->b);
    memcpy(dprof->v_reads, vr, sizeof vr), memcpy(dprof->v_gc, vg, sizeof vg);
    memcpy(dprof->v_bases, vb, sizeof vb);
    x->wo = *x->copt;
    x->wo.region_pad = 0;
    p->acc = &x->ah, p->dp = dprof, p->copt = &x->wo;
    int64_t used = 0, inner_used = 0, prev_beg = -1;
    int prev_tid = -1;
    for (int64_t k = 0; k < n_win; k++) {
        int tid;
        int64_t beg;
        if (place_window(ctg, h, -1, x->auto_len, n_win, k, wl, wl == fw ? fw : 0, &tid,
                         &beg) < 0 ||
            (tid == prev_tid && beg == prev_beg)) { /* a short contig's: taken already */
            dprof->win_edge[k] = 1; /* no window: left out, not "uncovered" */
            continue;
        }
        prev_tid = tid, prev_beg = beg;
        x->wo.region_tid = tid, x->wo.region_beg = beg, x->wo.region_end = beg + wl;
        p->win = k, p->beg = beg, p->end = beg + wl;
        int64_t b1, e1, b2, e2;
        end_windows(sam_hdr_tid2len(h, tid), fw, &b1, &e1, &b2, &e2);
        p->inner = beg >= e1 && beg + wl <= b2;
        /* the profile leaves it out as the full scan leaves out the contig ends */
        dprof->win_edge[k] = !p->inner;
        if (read_region(&x->d, tid, beg, beg + wl, on_host_win, p) < 0) return -1;
        used++, inner_used += p->inner;
    }
    x->used = used, x->inner_used = inner_used;
    return 0;
}

/* 2d. the profile's windows off the contig ends, at the index's density off the contig ends:
 * the records of the ends counted where that is cheap (under a quarter of the sample; on a
 * real genome they are telomere gaps), else taken at the sample's density (then the ends'
 * coverage deficit, about half a fragment per contig end, is not removed). *end_rec: the ends'
 * mapped records, -1 when the index has no counts. */
static int host_ends(ix_t *x, int64_t *end_rec)
{
    const hp_contigs_t *ctg = x->ctg;
    const sam_hdr_t *h = x->b->hdr;
    pass_t *p = &x->p;
    int64_t fw = x->fw, wl = x->wl, mapped = x->mapped, auto_len = x->auto_len;
    int64_t end_len = 0;
    *end_rec = -1;
    if (!(x->have_stat && p->n_mapped_inner > 0 && mapped > 0)) return 0;
    *end_rec = 0;
    for (int i = 0; i < ctg->n_targets; i++)
        if (ctg->cls[i] == HP_CTG_AUTOSOME) {
            int64_t b1, e1, b2, e2;
            end_windows(sam_hdr_tid2len(h, i), fw, &b1, &e1, &b2, &e2);
            end_len += (e1 - b1) + (e2 - b2);
        }
    double d_in = (double)p->n_mapped_inner / ((double)x->inner_used * (double)wl);
    if ((double)end_len * (double)mapped / (double)auto_len <= x->budget / 4) {
        p->dp = NULL, p->acc = &x->ah;
        for (int i = 0; i < ctg->n_targets; i++) {
            if (ctg->cls[i] != HP_CTG_AUTOSOME) continue;
            int64_t b1, e1, b2, e2;
            end_windows(sam_hdr_tid2len(h, i), fw, &b1, &e1, &b2, &e2);
            p->n_mapped = 0, p->beg = b1, p->end = e1;
            if (read_region(&x->d, i, b1, e1, on_end, p) < 0) return -1;
            *end_rec += p->n_mapped;
            if (e2 > b2) {
                p->n_mapped = 0, p->beg = b2, p->end = e2;
                if (read_region(&x->d, i, b2, e2, on_end, p) < 0) return -1;
                *end_rec += p->n_mapped;
            }
        }
    } else {
        *end_rec = llround(d_in * (double)end_len);
    }
    if (auto_len > end_len && mapped > *end_rec) {
        x->dprof->host_scale =
            (double)(mapped - *end_rec) / (double)(auto_len - end_len) / d_in;
        x->dprof->host_expand =
            (double)(auto_len - end_len) / ((double)x->inner_used * (double)wl);
    }
    return 0;
}

/* 2e. chrX in windows at fixed spacing (its depth: the sex), scaled to the whole of it */
static int host_x(ix_t *x)
{
    const hp_contigs_t *ctg = x->ctg;
    const sam_hdr_t *h = x->b->hdr;
    pass_t *p = &x->p;
    int64_t xl = sam_hdr_tid2len(h, ctg->tid_x);
    int64_t nx = x->auto_len > 0 ? x->n_win * xl / x->auto_len : 0;
    if (nx < 10) nx = 10;
    p->acc = &x->ax, p->dp = NULL, p->copt = x->copt;
    int64_t xu = 0;
    for (int64_t k = 0; xl >= HP_IDX_WIN && k < nx; k++) {
        int tid;
        int64_t beg;
        if (place_window(ctg, h, ctg->tid_x, xl, nx, k, HP_IDX_WIN, 0, &tid, &beg) < 0)
            continue;
        p->beg = beg;
        if (read_region(&x->d, tid, beg, beg + HP_IDX_WIN, on_x_win, p) < 0) return -1;
        xu++;
    }
    x->info->n_win_x = xu;
    if (xu > 0) acc_scale(&x->ax, (double)xl / (double)(xu * HP_IDX_WIN));
    if (merge_counters(x->acc, &x->ax) < 0) return ix_oom(x->b);
    return 0;
}

/* 2. (sampled) the host windows, its level from the index's counts, the contig ends, a GC
 * pass where the sample shows a trend, the counters scaled to the whole host, then chrX */
static int host_sampled(ix_t *x)
{
    hp_idx_info_t *info = x->info;
    hp_dprof_t *dprof = x->dprof;
    int64_t mapped = x->mapped, wl = x->wl, fw = x->fw;
    if (host_windows(x) < 0) return -1;
    int64_t used = x->used;
    info->n_win = used, info->sampled_len = used * wl;
    info->scale = used > 0 ? (double)x->auto_len / (double)info->sampled_len : 1;
    if (x->have_stat && x->ah.records > 0) {
        double est = (double)x->ah.records * info->scale;
        hp_info("indexed: %lld host windows of %d bp sampled; the index counts %lld mapped "
                "autosomal records, the sample %.0f (%+.1f %%)",
                (long long)used, (int)wl, (long long)mapped, est,
                100.0 * (est / (double)mapped - 1));
    }
    info->mapped_sample = x->p.n_mapped;
    /* the index's count over the sample's: the host level exact, not sampled */
    double cs = info->scale;
    if (x->have_stat && x->p.n_mapped > 0 && mapped > 0) {
        cs = (double)mapped / (double)x->p.n_mapped;
        dprof->host_scale = cs / info->scale;
    }
    int64_t end_rec;
    if (host_ends(x, &end_rec) < 0) return -1;
    /* a GC trend: more windows of the full scan's grid, until the rate matches */
    if (end_rec >= 0 && fw > 0) {
        hp_pvl_profile_t pr;
        hp_pvl_profile_host(dprof, &pr);
        int64_t m0 = (int64_t)ceil((double)x->inner_used * (double)wl / (double)fw);
        if ((pr.gc_bandwidth > 0 || gc_read_whole(&pr, gc_grid_size(x->ctg, x->b->hdr, fw))) &&
            gc_pass(&x->d, x->ctg, dprof, fw, m0, mapped, end_rec, info) < 0)
            return -1;
    }
    acc_scale(&x->ah, cs);
    if (merge_counters(x->acc, &x->ah) < 0) return ix_oom(x->b);
    x->host_cs = cs;
    if (x->ctg->tid_x >= 0) return host_x(x);
    return 0;
}

/* 3. the host windows around the candidate sites: every record there (split reads' host
 * parts, discordant mates, clipped reads of the same sites); then the duplicate counts */
static int sites_pass(ix_t *x)
{
    hp_acc_t *acc = x->acc;
    hp_idx_info_t *info = x->info;
    cands_t *cands = &x->cands;
    pass_t *p = &x->p;
    int64_t dup_host = hp_dupwin_marked(x->d.dw) - x->dup_viral;
    int ins_med, ins_p99;
    hp_insert_stats(acc->ins_hist, HP_INS_MAX + 1, &ins_med, &ins_p99);
    int64_t pad = (int64_t)ins_p99 + 500;
    if (pad < 1000) pad = 1000;
    if (cands->n > 1) qsort(cands->v, cands->n, sizeof *cands->v, cand_cmp);
    info->n_candidates = (int64_t)cands->n;
    p->acc = &x->as, p->dp = NULL, p->copt = x->copt;
    int prev_tid = -1;
    int64_t prev_end = 0;
    for (size_t i = 0; i < cands->n;) {
        int tid = cands->v[i].tid;
        int64_t beg = cands->v[i].pos - pad, end = cands->v[i].pos + pad;
        size_t j = i + 1;
        while (j < cands->n && cands->v[j].tid == tid && cands->v[j].pos - pad <= end)
            end = cands->v[j++].pos + pad;
        if (beg < 0) beg = 0;
        p->skip_before = tid == prev_tid ? prev_end : 0;
        if (read_region(&x->d, tid, beg, end, on_site, p) < 0) return -1;
        info->n_intervals++;
        prev_tid = tid, prev_end = end;
        i = j;
    }
    if (merge_evidence(acc, &x->as) < 0) return ix_oom(x->b);
    acc->dup_marked = x->dup_viral + sc(dup_host, x->host_cs); /* the site windows' are in */
    acc->dup_detection = hp_dupwin_on(x->d.dw);
    return 0;
}

int hp_count_indexed(hp_bam_t *b, const hp_contigs_t *ctg, const hp_classify_opt_t *copt,
                     hp_acc_t *acc, hp_dprof_t *dprof, hp_idx_info_t *info)
{
    memset(info, 0, sizeof *info);
    info->scale = 1;
    info->idx_mapped_auto = -1;
    int ret = -1;
    ix_t x;
    memset(&x, 0, sizeof x);
    x.b = b, x.ctg = ctg, x.copt = copt, x.acc = acc, x.dprof = dprof, x.info = info;
    x.host_cs = 1;
    hp_acc_init(&x.ah), hp_acc_init(&x.ax), hp_acc_init(&x.as);
    x.d = (rd_t){b, ctg, hp_dupwin_new(ctg, b->hdr), bam_init1(), info};
    if (!x.d.dw || !x.d.r) {
        ix_oom(b);
        goto out;
    }
    x.p.copt = copt, x.p.cands = &x.cands;
    if (viral_pass(&x) < 0) goto out;
    host_plan(&x);
    if ((info->sampled ? host_sampled(&x) : host_whole(&x)) < 0) goto out;
    if (sites_pass(&x) < 0) goto out;
    hp_evidence_compact(acc->ev, &acc->n_ev);
    b->n_read = info->records_read;
    ret = 0;
out:
    hp_acc_destroy(&x.ah), hp_acc_destroy(&x.ax), hp_acc_destroy(&x.as);
    free(x.cands.v);
    hp_dupwin_free(x.d.dw);
    if (x.d.r) bam_destroy1(x.d.r);
    return ret;
}
