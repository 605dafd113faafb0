/* bam_scan.c -- the read loop: decode (htslib pool + reader thread) overlapped with parallel
 * classification of the previous batch. */
#include "htlvpvl/bam_scan.h"
#include "htlvpvl/depth_profile.h"
#include "htlvpvl/hash.h"
#include "htlvpvl/log.h"
#include "htlvpvl/ltr_match.h"
#include "htlvpvl/omp_compat.h"
#include <errno.h>
#include <htslib/bgzf.h>
#include <htslib/hts.h>
#include <htslib/kstring.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int hp_bam_open(hp_bam_t *b, const char *path, const char *ref_fa, int n_pool)
{
    memset(b, 0, sizeof *b);
    b->path = path;
    b->fp = hts_open(path, "r");
    if (!b->fp) {
        snprintf(b->err, sizeof b->err, "cannot open: %s",
                 errno ? strerror(errno) : "unknown format");
        return -1;
    }
    const htsFormat *f = hts_get_format(b->fp);
    if (f->format == fasta_format) {
        snprintf(b->err, sizeof b->err,
                 "looks like FASTA (a reference?), not reads: give SAM, BAM, CRAM or FASTQ");
        return -1;
    }
    if (f->format == fastq_format) {
        snprintf(b->err, sizeof b->err, "is FASTQ/FASTA, not SAM/BAM/CRAM");
        return -2;
    }
    if (f->format == empty_format) {
        snprintf(b->err, sizeof b->err, "empty file");
        return -1;
    }
    if (f->category != sequence_data ||
        (f->format != sam && f->format != bam && f->format != cram)) {
        snprintf(b->err, sizeof b->err, "not a SAM, BAM or CRAM file");
        return -1;
    }
    b->is_cram = f->format == cram;
    if (ref_fa && hts_set_fai_filename(b->fp, ref_fa) != 0) {
        snprintf(b->err, sizeof b->err, "cannot use reference %s", ref_fa);
        return -1;
    }
    /* A BGZF file or CRAM cut short must never pass as a clean end. htslib's decompression
     * pool (1.16) can hang in its own EOF check or end a truncated stream as if it were
     * complete, so the end-of-file marker is checked, and the header read, before the pool is
     * attached; a stream that cannot seek is checked when the read loop ends. */
    int eof = hts_check_EOF(b->fp);
    if (eof == 0) {
        snprintf(b->err, sizeof b->err, "truncated: no end-of-file marker");
        return -1;
    }
    if (eof < 0) {
        snprintf(b->err, sizeof b->err, "cannot check the end of the file: %s",
                 errno ? strerror(errno) : "read error");
        return -1;
    }
    b->hdr = sam_hdr_read(b->fp);
    if (!b->hdr) {
        snprintf(b->err, sizeof b->err, "cannot read the header (truncated or corrupt)");
        return -1;
    }
    if (n_pool > 0) {
        /* SAM text is parsed on this thread whatever -t says (htslib's threaded SAM parser
         * accepts and refuses other inputs than its single-threaded one); the pool only
         * decompresses a bgzipped SAM */
        b->pool.pool = hts_tpool_init(n_pool);
        int r = -1;
        if (b->pool.pool && f->format != sam)
            r = hts_set_opt(b->fp, HTS_OPT_THREAD_POOL, &b->pool);
        else if (b->pool.pool)
            r = b->fp->format.compression == bgzf
                    ? bgzf_thread_pool(b->fp->fp.bgzf, b->pool.pool, 0) : 0;
        if (r != 0) {
            snprintf(b->err, sizeof b->err, "cannot start %d decompression threads", n_pool);
            return -1;
        }
    }
    if (sam_hdr_nref(b->hdr) == 0) {
        snprintf(b->err, sizeof b->err, "the header lists no reference sequence (unaligned?)");
        return -1;
    }
    return 0;
}

int hp_bam_load_index(hp_bam_t *b)
{
    if (b->idx) return 0;
    if (strcmp(b->path, "-") == 0) {
        snprintf(b->err, sizeof b->err, "standard input has no index");
        return -1;
    }
    b->idx = sam_index_load3(b->fp, b->path, NULL, HTS_IDX_SILENT_FAIL);
    if (!b->idx) {
        snprintf(b->err, sizeof b->err,
                 "no index (sort with 'samtools sort' and run 'samtools index')");
        return -1;
    }
    return 0;
}

void hp_bam_destroy(hp_bam_t *b)
{
    if (!b) return;
    if (b->idx) hts_idx_destroy(b->idx);
    if (b->hdr) sam_hdr_destroy(b->hdr);
    if (b->fp) hts_close(b->fp);
    if (b->pool.pool) hts_tpool_destroy(b->pool.pool);
    memset(b, 0, sizeof *b);
}

void hp_scan_opt_init(hp_scan_opt_t *o)
{
    memset(o, 0, sizeof *o);
    o->n_threads = 1;
    o->batch = 16384;
    o->mark_duplicates = 1;
    hp_classify_opt_init(&o->copt);
}

/* Unmarked duplicates of a coordinate-sorted input: pairs (mate mapped) whose records share
 * contig, position, strand, mate contig, mate position and mate strand are copies
 * of one fragment; all but the first get the duplicate flag here, before classification, so
 * host and virus follow the same rule. Records of one position are adjacent, so only the keys
 * of the current position are kept. Single reads are left alone: at WGS depth many distinct
 * reads share a start. */
typedef struct {
    int on;
    const hp_contigs_t *ctg;
    int tid;
    int64_t pos;
    uint64_t *key;
    int n, m;
    int64_t n_marked;
} dupwin_t;

static int dup_mark(dupwin_t *w, bam1_t *b)
{
    const bam1_core_t *c = &b->core;
    if (!w->on || (c->flag & (BAM_FSECONDARY | BAM_FUNMAP | BAM_FDUP | BAM_FMUNMAP)) ||
        !(c->flag & BAM_FPAIRED) || c->tid < 0 || c->mtid < 0)
        return 0;
    /* reads in the second LTR copy of a full provirus are keyed as if in the first */
    int64_t pos = hp_contigs_norm_pos(w->ctg, c->tid, c->pos);
    int64_t mpos = hp_contigs_norm_pos(w->ctg, c->mtid, c->mpos);
    if (c->tid != w->tid || pos != w->pos) w->tid = c->tid, w->pos = pos, w->n = 0;
    uint64_t k = hp_mix64(((uint64_t)(c->mtid + 1) << 34) ^ ((uint64_t)mpos << 2) ^
                       (uint64_t)(bam_is_rev(b) | bam_is_mrev(b) << 1)) ^
                 hp_mix64((uint64_t)(c->flag & BAM_FSUPPLEMENTARY));
    for (int i = 0; i < w->n; i++)
        if (w->key[i] == k) {
            b->core.flag |= BAM_FDUP;
            w->n_marked++;
            return 0;
        }
    if (w->n == w->m) {
        int m = w->m ? 2 * w->m : 64;
        uint64_t *p = realloc(w->key, (size_t)m * sizeof *p);
        if (!p) return -1;
        w->key = p, w->m = m;
    }
    w->key[w->n++] = k;
    return 0;
}

struct hp_dupwin_s {
    dupwin_t w;
};

hp_dupwin_t *hp_dupwin_new(const hp_contigs_t *ctg, const sam_hdr_t *hdr)
{
    hp_dupwin_t *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    kstring_t so = {0, 0, NULL};
    d->w.on = sam_hdr_find_tag_hd((sam_hdr_t *)hdr, "SO", &so) == 0 &&
              strcmp(so.s, "coordinate") == 0;
    free(so.s);
    d->w.ctg = ctg, d->w.tid = -1, d->w.pos = -1;
    return d;
}

int hp_dupwin_mark(hp_dupwin_t *d, bam1_t *b)
{
    return dup_mark(&d->w, b);
}

void hp_dupwin_reset(hp_dupwin_t *d)
{
    d->w.tid = -1, d->w.pos = -1, d->w.n = 0;
}

int64_t hp_dupwin_marked(const hp_dupwin_t *d)
{
    return d->w.n_marked;
}

int hp_dupwin_on(const hp_dupwin_t *d)
{
    return d->w.on;
}

void hp_dupwin_free(hp_dupwin_t *d)
{
    if (!d) return;
    free(d->w.key);
    free(d);
}

/* The records of a shard (shard mode): the regions it owns in turn, each through its own
 * iterator, keeping only the records that start inside (an iterator also returns those that
 * start before and overlap). */
typedef struct {
    int on;
    const hp_own_region_t *r;
    int n, cur;
    hts_itr_t *itr;
} ownitr_t;

static int own_next(hp_bam_t *b, ownitr_t *o, bam1_t *rec)
{
    for (;;) {
        if (o->cur >= o->n) return -1;
        const hp_own_region_t *g = &o->r[o->cur];
        if (!o->itr) {
            o->itr = g->tid < 0 ? sam_itr_queryi(b->idx, HTS_IDX_NOCOOR, 0, 0)
                                : sam_itr_queryi(b->idx, g->tid, g->beg, g->end);
            if (!o->itr) return -5;
        }
        int r = sam_itr_next(b->fp, o->itr, rec);
        if (r == -1) {
            hts_itr_destroy(o->itr);
            o->itr = NULL, o->cur++;
            continue;
        }
        if (r < -1) return r;
        if (g->tid >= 0 && (rec->core.tid != g->tid || rec->core.pos < g->beg)) continue;
        if (g->tid < 0 && rec->core.tid >= 0) continue;
        return r;
    }
}

/* Read up to n records. Returns the number read (>= 0) and sets *end to 0 (more may follow),
 * -1 (end of input) or < -1 (error). */
static int read_batch(hp_bam_t *b, hts_itr_t *itr, ownitr_t *own, dupwin_t *dw, bam1_t **v,
                      int n, int *end)
{
    int i = 0, r = 0;
    for (; i < n; i++) {
        r = own->on  ? own_next(b, own, v[i])
            : itr ? sam_itr_next(b->fp, itr, v[i])
                  : sam_read1(b->fp, b->hdr, v[i]);
        if (r < 0) break;
        if ((v[i]->core.flag & (BAM_FSECONDARY | BAM_FSUPPLEMENTARY)) == BAM_FSECONDARY &&
            bam_aux_get(v[i], "SA"))
            b->n_secondary_sa++;
        if (dup_mark(dw, v[i]) < 0) {
            r = -4;
            break;
        }
    }
    b->n_read += i;
    *end = r < 0 ? r : 0;
    return i;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int hp_bam_scan(hp_bam_t *b, const hp_contigs_t *ctg, hp_scan_opt_t *o, hp_acc_t *acc)
{
    int nt = o->n_threads > 0 ? o->n_threads : 1, bs = o->batch > 0 ? o->batch : 16384;
    /* one thread classifies what it just read: a small batch is still in cache */
    if (nt == 1 && bs > 1024) bs = 1024;
    int ret = -1;
    hts_itr_t *itr = NULL;
    char **regs = NULL;
    kstring_t padded = {0, 0, NULL};
    dupwin_t dw = {0, ctg, -1, -1, NULL, 0, 0, 0};
    ownitr_t own = {o->own != NULL, o->own, o->n_own, 0, NULL};
    bam1_t **buf[2] = {NULL, NULL};
    hp_acc_t *tacc = calloc((size_t)nt, sizeof *tacc);
    hp_dprof_t *tdp = o->dprof ? calloc((size_t)nt, sizeof *tdp) : NULL;
    if (!tacc || (o->dprof && !tdp)) goto nomem;
    for (int t = 0; t < nt; t++)
        hp_acc_init(&tacc[t]);
    for (int t = 0; tdp && t < nt; t++)
        if (hp_dprof_init_like(&tdp[t], o->dprof) < 0) goto nomem;

    if (own.on && hp_bam_load_index(b) < 0) goto out;
    if (o->region) {
        if (hp_bam_load_index(b) < 0) goto out;
        int tid;
        hts_pos_t beg, end;
        const char *rend = sam_parse_region(b->hdr, o->region, &tid, &beg, &end, 0);
        long long rb = 0, re = 0;
        const char *colon = strrchr(o->region, ':');
        char tail = 0;
        if ((!rend || tid < 0) && colon &&
            sscanf(colon + 1, "%lld-%lld%c", &rb, &re, &tail) == 2 && re < rb) {
            snprintf(b->err, sizeof b->err, "--region '%s': the range is empty (end before start)",
                     o->region);
            goto out;
        }
        if (!rend || tid < 0) {
            snprintf(b->err, sizeof b->err, "--region '%s': not a contig of the header", o->region);
            goto out;
        }
        if (end <= beg) {
            snprintf(b->err, sizeof b->err, "--region '%s': the range is empty", o->region);
            goto out;
        }
        if (ctg->cls[tid] == HP_CTG_VIRUS) {
            snprintf(b->err, sizeof b->err, "--region '%s' is viral: give a host region",
                     o->region);
            goto out;
        }
        o->copt.region_tid = tid, o->copt.region_beg = beg, o->copt.region_end = end;
        regs = calloc((size_t)ctg->n_vc + 1, sizeof *regs);
        if (!regs) goto nomem;
        int64_t pb = beg - o->copt.region_pad, pe = end + o->copt.region_pad;
        int64_t tl = sam_hdr_tid2len(b->hdr, tid);
        if (pb < 0) pb = 0;
        if (pe > tl || end >= HTS_POS_MAX - o->copt.region_pad) pe = tl;
        ksprintf(&padded, "{%s}:%lld-%lld", sam_hdr_tid2name(b->hdr, tid), (long long)pb + 1,
                 (long long)pe);
        regs[0] = padded.s;
        for (int i = 0; i < ctg->n_vc; i++)
            regs[i + 1] = (char *)sam_hdr_tid2name(b->hdr, ctg->vc[i].tid);
        itr = sam_itr_regarray(b->idx, b->hdr, regs, (unsigned)ctg->n_vc + 1);
        if (!itr) {
            snprintf(b->err, sizeof b->err, "--region '%s': cannot iterate", o->region);
            goto out;
        }
    }
    for (int k = 0; k < 2; k++) {
        buf[k] = calloc((size_t)bs, sizeof(bam1_t *));
        if (!buf[k]) goto nomem;
        for (int i = 0; i < bs; i++)
            if (!(buf[k][i] = bam_init1())) goto nomem;
    }

    {
        kstring_t so = {0, 0, NULL};
        dw.on = o->mark_duplicates && sam_hdr_find_tag_hd(b->hdr, "SO", &so) == 0 &&
                strcmp(so.s, "coordinate") == 0;
        free(so.s);
    }
    int cur = 0, end = 0, n_cur = read_batch(b, itr, &own, &dw, buf[0], bs, &end);
    int64_t n_done = 0;
    double t0 = now_s(), t_last = t0;
    int failed = 0;
    while (n_cur > 0 && end >= -1) {
        int n_next = 0, end_next = -1;
        int do_read = end == 0;
        const int chunk = 256;
        int n_chunks = (n_cur + chunk - 1) / chunk, next_chunk = 0;
        bam1_t **v = buf[cur];
#ifdef _OPENMP
#pragma omp parallel num_threads(nt)
#endif
        {
            int t = omp_get_thread_num();
            if (t == 0 && do_read && nt > 1)
                n_next = read_batch(b, itr, &own, &dw, buf[1 - cur], bs, &end_next);
            for (;;) {
                int c;
#ifdef _OPENMP
#pragma omp atomic capture
#endif
                c = next_chunk++;
                if (c >= n_chunks) break;
                int lo = c * chunk, hi = lo + chunk < n_cur ? lo + chunk : n_cur;
                for (int i = lo; i < hi; i++) {
                    if (tdp) hp_dprof_add(&tdp[t], ctg, v[i]);
                    if (hp_classify_record(ctg, b->hdr, &o->copt, v[i], &tacc[t]) < 0) {
#ifdef _OPENMP
#pragma omp atomic write
#endif
                        failed = 1;
                    }
                }
            }
        }
        if (failed) goto nomem;
        if (do_read && nt == 1)
            n_next = read_batch(b, itr, &own, &dw, buf[1 - cur], bs, &end_next);
        n_done += n_cur;
        cur = 1 - cur, n_cur = n_next, end = do_read ? end_next : -1;
        double t = now_s();
        if (!o->quiet && t - t_last >= 10.0) {
            hp_info("%.1f M records read, %.0f k records/s", (double)n_done / 1e6,
                    (double)n_done / 1e3 / (t - t0));
            t_last = t;
        }
    }
    /* a BGZF stream that ended without its empty end-of-file block was cut short (the pool
     * may report that as a clean end) */
    BGZF *bg = !itr && !own.on && b->fp->format.compression == bgzf ? b->fp->fp.bgzf : NULL;
    if (end == -1 && bg && (bg->errcode || bg->no_eof_block || !bg->last_block_eof)) end = -3;
    if (end == -1 && !itr && !own.on && b->n_read == 0) {
        /* as for FASTQ: an input without a single record is refused, not reported as 0 */
        snprintf(b->err, sizeof b->err, "no alignment records (empty input)");
        goto out;
    }
    if (end < -1) {
        if (b->is_cram)
            snprintf(b->err, sizeof b->err,
                     "cannot decode record %lld (truncated, corrupt, or "
                     "CRAM reference missing: give --reference)",
                     (long long)b->n_read + 1);
        else
            snprintf(b->err, sizeof b->err, "truncated or corrupt after %lld records",
                     (long long)b->n_read);
        goto out;
    }
    if (!o->quiet && now_s() - t0 >= 10.0)
        hp_info("%.1f M records read in %.0f s", (double)n_done / 1e6, now_s() - t0);
    for (int t = 0; t < nt; t++)
        if (hp_acc_merge(acc, &tacc[t]) < 0) goto nomem;
    for (int t = 0; tdp && t < nt; t++)
        hp_dprof_merge(o->dprof, &tdp[t]);
    acc->dup_marked = dw.n_marked;
    acc->dup_detection = dw.on;
    hp_evidence_compact(acc->ev, &acc->n_ev);
    ret = 0;
    goto out;
nomem:
    snprintf(b->err, sizeof b->err, "out of memory");
out:
    if (tacc)
        for (int t = 0; t < nt; t++)
            hp_acc_destroy(&tacc[t]);
    free(tacc);
    for (int t = 0; tdp && t < nt; t++)
        hp_dprof_destroy(&tdp[t]);
    free(tdp);
    for (int k = 0; k < 2; k++) {
        if (!buf[k]) continue;
        for (int i = 0; i < bs; i++)
            bam_destroy1(buf[k][i]);
        free(buf[k]);
    }
    if (itr) hts_itr_destroy(itr);
    if (own.itr) hts_itr_destroy(own.itr);
    free(dw.key);
    free(regs);
    free(padded.s);
    return ret;
}

int hp_bam_wild_type(hp_bam_t *b, const hp_contigs_t *ctg, hp_sites_t *sites, int max_frag,
                     int before, int after)
{
    if (hp_bam_load_index(b) < 0) return -1;
    bam1_t *r = bam_init1();
    if (!r) {
        snprintf(b->err, sizeof b->err, "out of memory");
        return -1;
    }
    int ret = 0;
    for (int i = 0; i < sites->n && ret == 0; i++) {
        hp_site_t *s = &sites->site[i];
        /* the junction point: the TSD h[a..a+HP_TSD_LAST] */
        int64_t a = hp_tsd_start(s->pos, s->strand == HP_STRAND_MINUS);
        int64_t need_lo = a - before, need_hi = a + HP_TSD_LAST + after; /* 1-based, inclusive */
        int64_t q_lo = need_lo - max_frag - 1;
        hts_itr_t *itr = sam_itr_queryi(b->idx, s->tid, q_lo < 0 ? 0 : q_lo, need_lo);
        if (!itr) {
            snprintf(b->err, sizeof b->err, "index query failed");
            ret = -1;
            break;
        }
        int64_t w = 0;
        int e;
        while ((e = sam_itr_next(b->fp, itr, r)) >= 0) {
            const bam1_core_t *c = &r->core;
            if (c->flag &
                (BAM_FSECONDARY | BAM_FSUPPLEMENTARY | BAM_FDUP | BAM_FQCFAIL | BAM_FUNMAP))
                continue;
            int64_t fb, fe;
            if (c->flag & BAM_FPAIRED) {
                if (!(c->flag & BAM_FPROPER_PAIR) || c->mtid != c->tid || c->isize <= 0) continue;
                fb = c->pos + 1, fe = c->pos + c->isize;
            } else {
                fb = c->pos + 1, fe = bam_endpos(r);
            }
            if (fb > need_lo || fe < need_hi) continue;
            if (hp_site_has_frag(s, hp_hash_name(bam_get_qname(r)))) continue;
            w++;
        }
        hts_itr_destroy(itr);
        if (e < -1) {
            snprintf(b->err, sizeof b->err, "truncated or corrupt (second pass)");
            ret = -1;
        }
        s->n_wild = w;
    }
    (void)ctg;
    bam_destroy1(r);
    return ret;
}

char *hp_bam_sample_name(const sam_hdr_t *h, const char *path)
{
    kstring_t ks = {0, 0, NULL};
    if (sam_hdr_find_tag_pos((sam_hdr_t *)h, "RG", 0, "SM", &ks) == 0 && ks.l > 0) return ks.s;
    free(ks.s);
    if (strcmp(path, "-") == 0) return strdup("stdin");
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char *s = strdup(base);
    if (!s) return NULL;
    static const char *const ext[] = {".bam", ".cram", ".sam", ".sam.gz"};
    size_t n = strlen(s);
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        size_t m = strlen(ext[i]);
        if (n > m && strcmp(s + n - m, ext[i]) == 0) {
            s[n - m] = '\0';
            break;
        }
    }
    for (char *p = s; *p; p++) /* a file name's tab or newline would break TSV/VCF columns */
        if (*p == '\t' || *p == '\n' || *p == '\r') *p = '_';
    return s;
}
