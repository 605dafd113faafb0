/* depth_profile.c -- viral bins and host windows for the profile depth estimator. */
#include "htlvpvl/depth_profile.h"
#include "htlvpvl/ref.h"
#include <stdlib.h>
#include <string.h>

void hp_dprof_bin_range(int b, int *beg, int *end)
{
    if (b < HP_DP_N_LTR_BIN) {
        *beg = 1 + b * HP_LTR_LEN / HP_DP_N_LTR_BIN;
        *end = (b + 1) * HP_LTR_LEN / HP_DP_N_LTR_BIN;
    } else {
        int k = b - HP_DP_N_LTR_BIN;
        *beg = HP_INTERNAL_START + k * HP_INTERNAL_LEN / HP_DP_N_INT_BIN;
        *end = HP_INTERNAL_START - 1 + (k + 1) * HP_INTERNAL_LEN / HP_DP_N_INT_BIN;
    }
}

static int model_bin(int m)
{
    if (m < 1 || m >= HP_LTR3_START) return -1;
    if (m <= HP_LTR_LEN) {
        int b = (m - 1) * HP_DP_N_LTR_BIN / HP_LTR_LEN;
        return b < HP_DP_N_LTR_BIN ? b : HP_DP_N_LTR_BIN - 1;
    }
    int k = (m - HP_INTERNAL_START) * HP_DP_N_INT_BIN / HP_INTERNAL_LEN;
    return HP_DP_N_LTR_BIN + (k < HP_DP_N_INT_BIN ? k : HP_DP_N_INT_BIN - 1);
}

int hp_dprof_model_bin(int m)
{
    return model_bin(m);
}

int hp_dprof_model_pos(const hp_vcontig_t *v, int64_t pos)
{
    const int L = HP_REG_LTR;
    int64_t prev_end = -1, next_beg = -1;
    for (int k = 0; k < v->n_iv[L]; k++) {
        if (pos >= v->iv_beg[L][k] && pos <= v->iv_end[L][k])
            return (int)(pos - v->iv_beg[L][k] + 1);
        if (v->iv_end[L][k] < pos && v->iv_end[L][k] > prev_end) prev_end = v->iv_end[L][k];
        if (v->iv_beg[L][k] > pos && (next_beg < 0 || v->iv_beg[L][k] < next_beg))
            next_beg = v->iv_beg[L][k];
    }
    int64_t m;
    if (prev_end >= 0)
        m = pos - prev_end + HP_LTR_LEN;
    else if (next_beg >= 0)
        m = HP_LTR3_START - (next_beg - pos);
    else
        m = pos + HP_LTR_LEN; /* internal contig of the split layout */
    return m > HP_LTR_LEN && m < HP_LTR3_START ? (int)m : 0;
}

static int alloc_windows(hp_dprof_t *p)
{
    size_t n = (size_t)(p->n_win ? p->n_win : 1);
    p->win_len = calloc(n, sizeof *p->win_len);
    p->win_edge = calloc(n, 1);
    p->w_reads = calloc(n, sizeof *p->w_reads);
    p->w_lowmq = calloc(n, sizeof *p->w_lowmq);
    p->w_gc = calloc(n, sizeof *p->w_gc);
    p->w_bases = calloc(n, sizeof *p->w_bases);
    p->win_first = malloc((size_t)(p->n_targets ? p->n_targets : 1) * sizeof *p->win_first);
    return p->win_len && p->win_edge && p->w_reads && p->w_lowmq && p->w_gc && p->w_bases &&
                   p->win_first
               ? 0
               : -1;
}

int hp_dprof_init(hp_dprof_t *p, const hp_contigs_t *ctg, const sam_hdr_t *h)
{
    memset(p, 0, sizeof *p);
    int64_t total = 0;
    p->n_targets = ctg->n_targets;
    for (int i = 0; i < ctg->n_targets; i++)
        if (ctg->cls[i] == HP_CTG_AUTOSOME) total += sam_hdr_tid2len(h, i);
    int64_t w = total / 200 / 100 * 100;
    p->win = w < 500 ? 500 : w > 10000 ? 10000 : w;
    for (int i = 0; i < ctg->n_targets; i++)
        if (ctg->cls[i] == HP_CTG_AUTOSOME)
            p->n_win += (sam_hdr_tid2len(h, i) + p->win - 1) / p->win;
    if (alloc_windows(p) < 0) {
        hp_dprof_destroy(p);
        return -1;
    }
    int64_t k = 0;
    for (int i = 0; i < ctg->n_targets; i++) {
        p->win_first[i] = -1;
        if (ctg->cls[i] != HP_CTG_AUTOSOME) continue;
        int64_t len = sam_hdr_tid2len(h, i), nw = (len + p->win - 1) / p->win;
        p->win_first[i] = k;
        for (int64_t j = 0; j < nw; j++, k++) {
            int64_t e = (j + 1) * p->win < len ? (j + 1) * p->win : len;
            p->win_len[k] = (int32_t)(e - j * p->win);
            p->win_edge[k] = j == 0 || j == nw - 1;
        }
    }
    return 0;
}

int hp_dprof_init_like(hp_dprof_t *p, const hp_dprof_t *src)
{
    memset(p, 0, sizeof *p);
    p->win = src->win, p->n_targets = src->n_targets, p->n_win = src->n_win;
    if (alloc_windows(p) < 0) {
        hp_dprof_destroy(p);
        return -1;
    }
    memcpy(p->win_first, src->win_first, (size_t)p->n_targets * sizeof *p->win_first);
    memcpy(p->win_len, src->win_len, (size_t)p->n_win * sizeof *p->win_len);
    memcpy(p->win_edge, src->win_edge, (size_t)p->n_win);
    return 0;
}

void hp_dprof_destroy(hp_dprof_t *p)
{
    if (!p) return;
    free(p->win_first), free(p->win_len), free(p->win_edge);
    free(p->w_reads), free(p->w_lowmq), free(p->w_gc), free(p->w_bases);
    memset(p, 0, sizeof *p);
}

/* G or C among the two bases of a packed byte (nt16: C = 2, G = 4) */
static int gc_of_byte(int x)
{
    int a = x >> 4, b = x & 15;
    return (a == 2 || a == 4) + (b == 2 || b == 4);
}

static int read_gc(const bam1_t *b, int *n)
{
    const uint8_t *s = bam_get_seq(b);
    int g = 0, l = b->core.l_qseq;
    for (int i = 0; i < l / 2; i++)
        g += gc_of_byte(s[i]);
    if (l & 1) g += gc_of_byte(s[l / 2] & 0xf0);
    *n = l;
    return g;
}

void hp_dprof_add_host(hp_dprof_t *p, int64_t w, const bam1_t *b)
{
    const bam1_core_t *c = &b->core;
    int n, g;
    if (w < 0 || w >= p->n_win) return;
    p->w_reads[w]++;
    p->w_lowmq[w] += c->qual < HP_DP_LOW_MAPQ;
    if ((c->pos & 7) == 0) { /* the window's GC from one read in eight (by position) */
        g = read_gc(b, &n);
        p->w_gc[w] += (uint32_t)g, p->w_bases[w] += (uint32_t)n;
    }
}

int hp_dprof_init_sample(hp_dprof_t *p, int n_targets, int64_t n_win, int64_t len)
{
    memset(p, 0, sizeof *p);
    p->win = len, p->n_targets = n_targets, p->n_win = n_win;
    if (alloc_windows(p) < 0) {
        hp_dprof_destroy(p);
        return -1;
    }
    for (int i = 0; i < n_targets; i++)
        p->win_first[i] = -1;
    for (int64_t k = 0; k < n_win; k++)
        p->win_len[k] = (int32_t)len;
    return 0;
}

void hp_dprof_add(hp_dprof_t *p, const hp_contigs_t *ctg, const bam1_t *b)
{
    const bam1_core_t *c = &b->core;
    if (c->flag & (BAM_FSECONDARY | BAM_FSUPPLEMENTARY | BAM_FUNMAP | BAM_FDUP | BAM_FQCFAIL))
        return;
    if (c->tid < 0 || c->tid >= ctg->n_targets) return;
    int cls = ctg->cls[c->tid];
    if (cls != HP_CTG_AUTOSOME && cls != HP_CTG_VIRUS) return;
    int64_t mid = c->pos + (bam_endpos(b) - c->pos) / 2; /* 0-based */
    int n, g;
    if (cls == HP_CTG_AUTOSOME) {
        if (c->tid >= p->n_targets || p->win_first[c->tid] < 0) return;
        int64_t w = p->win_first[c->tid] + mid / p->win;
        if (w >= p->n_win) return;
        hp_dprof_add_host(p, w, b);
        return;
    }
    int bin = model_bin(hp_dprof_model_pos(&ctg->vc[ctg->vidx[c->tid]], mid + 1));
    if (bin < 0) return;
    g = read_gc(b, &n);
    p->v_reads[bin]++;
    p->v_gc[bin] += g, p->v_bases[bin] += n;
}

void hp_dprof_merge(hp_dprof_t *dst, const hp_dprof_t *src)
{
    for (int64_t w = 0; w < dst->n_win; w++) {
        dst->w_reads[w] += src->w_reads[w], dst->w_lowmq[w] += src->w_lowmq[w];
        dst->w_gc[w] += src->w_gc[w], dst->w_bases[w] += src->w_bases[w];
    }
    for (int b = 0; b < HP_DP_NBIN; b++) {
        dst->v_reads[b] += src->v_reads[b];
        dst->v_gc[b] += src->v_gc[b], dst->v_bases[b] += src->v_bases[b];
    }
}
