/* sim_reads.c -- carrier alleles and paired-end fragment sampling with realised truth. */
#include "htlvpvl/ref.h"
#include "htlvpvl/seq.h"
#include "htlvpvl/ltr_match.h"
#include "htlvpvl/sim.h"
#include <htslib/bgzf.h>
#include <htslib/kstring.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void hp_clones_flank_indels(hp_clones_t *cl, double frac, hp_rng_t *rng)
{
    static const char nt[4] = {'A', 'C', 'G', 'T'};
    cl->flank_indels = 1;
    if (!(frac > 0)) return;
    for (int i = 0; i < cl->n; i++) {
        hp_clone_t *c = &cl->c[i];
        if (hp_rng_uniform(rng) >= frac) continue;
        int64_t a = hp_clone_tsd_start(c);
        int right = (int)hp_rng_below(rng, 2), ins = (int)hp_rng_below(rng, 2);
        int k = 1 + (int)hp_rng_below(rng, 3);
        for (;;) {
            int d = 1 + (int)hp_rng_below(rng, 10);
            int64_t s, e; /* deleted bases, or the base the insertion follows (s = e) */
            if (ins) {
                s = e = right ? a + d - 1 : a + HP_TSD_LAST - d;
            } else {
                s = right ? a + d : a + HP_TSD_LEN - d - k;
                e = s + k - 1;
                /* keep both junction bases: the deletion is outside the TSD or inside it */
                int in_tsd = s >= a + 1 && e <= a + HP_TSD_LAST - 1;
                if (!(e <= a - 1 || s >= a + HP_TSD_LEN || in_tsd)) continue;
            }
            c->indel_pos = s, c->indel_len = ins ? k : -k, c->indel_dist = d;
            for (int j = 0; j < 4; j++)
                c->indel_seq[j] = ins && j < k ? nt[hp_rng_below(rng, 4)] : 0;
            break;
        }
    }
}

/* Host bases [beg, end] (1-based) of contig g into dst, with the clone's host indel when it
 * falls inside; returns the number of bases written. */
static int64_t copy_host(char *dst, const hp_host_ctg_t *g, int64_t beg, int64_t end,
                         const hp_clone_t *c)
{
    int64_t n = 0;
    for (int64_t x = beg; x <= end; x++) {
        if (c->indel_len < 0 && x >= c->indel_pos && x < c->indel_pos - c->indel_len) continue;
        dst[n++] = g->seq[x - 1];
        if (c->indel_len > 0 && x == c->indel_pos && x < end)
            for (int j = 0; j < c->indel_len; j++)
                dst[n++] = c->indel_seq[j];
    }
    return n;
}

int hp_allele_build(hp_allele_t *al, const hp_host_t *h, const hp_clone_t *c, int64_t flank,
                    const hp_strain_t *strain)
{
    memset(al, 0, sizeof *al);
    const hp_host_ctg_t *g = &h->ctg[c->tid];
    int64_t a = hp_clone_tsd_start(c); /* 1-based TSD start */
    if (a - 1 - flank < 0 || a + HP_TSD_LAST + flank > g->len) return -1;
    int del_b = 0, del_e = -1;
    if (c->defective == HP_DEF_5LTR) del_b = HP_DEL5_START, del_e = HP_DEL5_END;
    if (c->defective == HP_DEF_INTERNAL) del_b = HP_DELI_START, del_e = HP_DELI_END;
    const char *vseq = strain ? strain->virus.seq : hp_htlv1_seq;
    int vlen = strain ? strain->virus.len : hp_htlv1_len, np = 0;
    for (int i = 0; i < vlen; i++) {
        int x = strain ? strain->ref_pos[i] : i + 1;
        np += !(x >= del_b && x <= del_e);
    }
    int64_t nl = flank + HP_TSD_LEN, extra = c->indel_len > 0 ? 2 * c->indel_len : 0;
    al->seq = malloc((size_t)(2 * nl + np + extra) + 1);
    al->prov_map = malloc((size_t)np * sizeof *al->prov_map);
    if (!al->seq || !al->prov_map) {
        hp_allele_destroy(al);
        return -3;
    }
    /* left flank + TSD: host [a - flank, a + HP_TSD_LAST]; TSD + right flank: host
     * [a, a + HP_TSD_LAST + flank] */
    int64_t nleft = copy_host(al->seq, g, a - flank, a + HP_TSD_LAST, c);
    char *p = al->seq + nleft;
    int64_t nright = copy_host(p + np, g, a, a + HP_TSD_LAST + flank, c);
    al->len = nleft + np + nright;
    al->host_left0 = a - 1 - flank, al->host_right0 = a - 1;
    al->prov_beg0 = nleft, al->prov_end0 = nleft + np;
    int k = 0;
    for (int i = 0; i < vlen; i++) {
        int x = strain ? strain->ref_pos[i] : i + 1;
        if (x >= del_b && x <= del_e) continue;
        p[k] = vseq[i];
        al->prov_map[k++] = x;
    }
    if (c->strand == '-') {
        hp_revcomp(p, p, (size_t)np);
        for (int i = 0, j = np - 1; i < j; i++, j--) {
            int t = al->prov_map[i];
            al->prov_map[i] = al->prov_map[j], al->prov_map[j] = t;
        }
    }
    al->seq[al->len] = 0;
    int five = c->defective == HP_DEF_5LTR ? HP_JUNC_DEL : HP_JUNC_U3;
    al->left_kind = c->strand == '+' ? five : HP_JUNC_U5;
    al->right_kind = c->strand == '+' ? HP_JUNC_U5 : five;
    return 0;
}

void hp_allele_destroy(hp_allele_t *al)
{
    if (!al) return;
    free(al->seq), free(al->prov_map);
    memset(al, 0, sizeof *al);
}

typedef struct {
    int64_t start;
    int32_t src; /* host contig, or h->n + clone index */
    int32_t len;
    int16_t dup;
    int16_t flip; /* R1 reads the reverse strand; duplicates keep their original's */
} frag_t;

typedef struct {
    frag_t *a;
    size_t n, m;
} fragv_t;

static int fragv_push(fragv_t *v, int64_t start, int src, int len, int dup, int flip)
{
    if (v->n == v->m) {
        size_t m = v->m ? 2 * v->m : 4096;
        frag_t *p = realloc(v->a, m * sizeof *p);
        if (!p) return -3;
        v->a = p, v->m = m;
    }
    v->a[v->n++] = (frag_t){start, src, len, (int16_t)dup, (int16_t)flip};
    return 0;
}

typedef struct {
    int tid, j;
    int64_t a; /* TSD start, 1-based */
} site_t;

static int cmp_site(const void *pa, const void *pb)
{
    const site_t *a = pa, *b = pb;
    if (a->tid != b->tid) return a->tid < b->tid ? -1 : 1;
    if (a->a != b->a) return a->a < b->a ? -1 : 1;
    return a->j - b->j;
}

static int cmp_frag(const void *pa, const void *pb)
{
    const frag_t *a = pa, *b = pb;
    if (a->src != b->src) return a->src < b->src ? -1 : 1;
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    if (a->len != b->len) return a->len < b->len ? -1 : 1;
    if (a->dup != b->dup) return a->dup - b->dup;
    return a->flip - b->flip;
}

static int64_t overlap(int64_t a, int64_t b, int64_t c, int64_t d)
{
    int64_t lo = a > c ? a : c, hi = b < d ? b : d;
    return hi > lo ? hi - lo : 0;
}

static void count_junction(hp_sim_clone_truth_t *ct, int kind, int64_t s, int64_t e, int64_t j,
                           int rl)
{
    if (!(s < j && e > j)) return;
    int split = (s + HP_SIM_SPLIT_MIN <= j && s + rl >= j + HP_SIM_SPLIT_MIN) ||
                (e - rl + HP_SIM_SPLIT_MIN <= j && e >= j + HP_SIM_SPLIT_MIN);
    if (kind == HP_JUNC_U5)
        ct->junction_u5++, ct->split_u5 += split;
    else if (kind == HP_JUNC_U3)
        ct->junction_u3++, ct->split_u3 += split;
    else
        ct->junction_del++;
}

static void add_host_bases(hp_sim_truth_t *t, hp_ctg_class_t kind, double n)
{
    t->host_bases += n;
    if (kind == HP_CTG_AUTOSOME)
        t->auto_bases += n;
    else if (kind == HP_CTG_X)
        t->x_bases += n;
    else if (kind == HP_CTG_MT)
        t->mt_bases += n;
}

static int write_read(BGZF *fp, kstring_t *ks, int64_t id, const char *s, int n, double err,
                      hp_rng_t *rng)
{
    static const char nt[4] = {'A', 'C', 'G', 'T'};
    ks->l = 0;
    if (ksprintf(ks, "@sim:%lld\n", (long long)id) < 0 || ks_resize(ks, ks->l + 2 * n + 8) < 0)
        return -3;
    char *seq = ks->s + ks->l, *q = seq + n + 3;
    for (int i = 0; i < n; i++) {
        char b = s[i];
        int e = err > 0 && hp_rng_uniform(rng) < err;
        if (e) {
            char x;
            do
                x = nt[hp_rng_below(rng, 4)];
            while (x == b);
            b = x;
        }
        seq[i] = b;
        /* NovaSeq-style bins F (37), : (25), , (11): substituted bases get a low bin, others F,
         * so that quality strings compress to almost nothing */
        q[i] = e ? (hp_rng_uniform(rng) < 0.5 ? ',' : ':') : 'F';
    }
    seq[n] = '\n', seq[n + 1] = '+', seq[n + 2] = '\n', q[n] = '\n';
    ks->l += 2 * n + 4;
    return bgzf_write(fp, ks->s, ks->l) == (ssize_t)ks->l ? 0 : -1;
}

double hp_sim_gc_keep(double gc, double s)
{
    if (s == 0) return 1.0;
    double g = gc < 0.2 ? 0.2 : gc > 0.7 ? 0.7 : gc;
    return exp(s * (g - 0.45) - fabs(s) * 0.25);
}

static double gc_of(const char *s, int64_t n)
{
    int64_t gc = 0, acgt = 0;
    for (int64_t i = 0; i < n; i++) {
        char c = s[i];
        gc += c == 'G' || c == 'C';
        acgt += c == 'A' || c == 'C' || c == 'G' || c == 'T';
    }
    return acgt ? (double)gc / (double)acgt : 0.45;
}

/* GC bias: keep a drawn fragment? (draws from rng only when the bias is on) */
static int gc_keep(const hp_sim_opt_t *o, const char *s, int64_t n, hp_rng_t *rng)
{
    if (o->gc_bias == 0) return 1;
    return hp_rng_uniform(rng) < hp_sim_gc_keep(gc_of(s, n), o->gc_bias);
}

/* Mean keep probability of fragments of length l over the autosomes (every start), so that
 * the sampling rate can be raised by its inverse and the autosomal depth stays as asked. */
static double gc_mean_keep(const hp_host_t *h, int l, double s)
{
    double sum = 0, n = 0;
    for (int i = 0; i < h->n; i++) {
        const hp_host_ctg_t *g = &h->ctg[i];
        if (g->kind != HP_CTG_AUTOSOME || g->len < l) continue;
        int64_t gc = 0, acgt = 0;
        for (int64_t j = 0; j < g->len; j++) {
            char c = g->seq[j];
            gc += c == 'G' || c == 'C', acgt += c == 'A' || c == 'C' || c == 'G' || c == 'T';
            if (j >= l) {
                char d = g->seq[j - l];
                gc -= d == 'G' || d == 'C', acgt -= d == 'A' || d == 'C' || d == 'G' || d == 'T';
            }
            if (j >= l - 1) {
                sum += hp_sim_gc_keep(acgt ? (double)gc / (double)acgt : 0.45, s);
                n += 1;
            }
        }
    }
    return n > 0 && sum > 0 ? sum / n : 1.0;
}

/* Host fragments, Poisson over each contig copy; one spanning an insertion point is dropped
 * with probability c / ploidy. Returns 0, or -3 when out of memory. */
static int draw_host(const hp_sim_opt_t *o, const hp_host_t *h, const hp_clones_t *cl,
                     const double *frac, double lambda, hp_rng_t *rng, fragv_t *fv,
                     hp_sim_truth_t *t)
{
    const int L = o->read_length;
    const hp_fraglen_t *fl = o->fraglen;
    /* sites sorted by (contig, TSD start) find the spanned ones by binary search; they are
     * then tried in clone order, as a plain loop over the clones would */
    int nc = cl->n, ret = -3;
    site_t *sites = malloc((size_t)(nc ? nc : 1) * sizeof *sites);
    int *span = malloc((size_t)(nc ? nc : 1) * sizeof *span);
    if (!sites || !span) goto done;
    int n_sites = 0;
    for (int j = 0; j < nc; j++)
        if (frac[j] > 0)
            sites[n_sites++] = (site_t){cl->c[j].tid, j, hp_clone_tsd_start(&cl->c[j])};
    qsort(sites, (size_t)n_sites, sizeof *sites, cmp_site);
    for (int i = 0, first = 0; i < h->n; i++) {
        const hp_host_ctg_t *g = &h->ctg[i];
        while (first < n_sites && sites[first].tid < i)
            first++;
        int last = first;
        while (last < n_sites && sites[last].tid == i)
            last++;
        uint64_t nf = hp_rng_poisson(rng, g->copies * lambda * (double)g->len);
        for (uint64_t k = 0; k < nf; k++) {
            int64_t s = (int64_t)hp_rng_below(rng, (uint64_t)g->len);
            int l = hp_fraglen_draw(fl, rng);
            if (s + l > g->len || !gc_keep(o, g->seq + s, l, rng)) continue;
            /* spanned: s < a - 1 and s + l > a + HP_TSD_LAST */
            int lo = first, hi = last, n_span = 0;
            while (lo < hi) {
                int m = (lo + hi) / 2;
                if (sites[m].a - 1 > s)
                    hi = m;
                else
                    lo = m + 1;
            }
            for (int m = lo; m < last && sites[m].a + HP_TSD_LAST < s + l; m++) {
                int x = n_span++; /* insertion sort by clone index */
                while (x > 0 && span[x - 1] > sites[m].j)
                    span[x] = span[x - 1], x--;
                span[x] = sites[m].j;
            }
            int keep = 1;
            for (int m = 0; m < n_span && keep; m++)
                if (hp_rng_uniform(rng) < frac[span[m]] / g->copies) keep = 0;
            if (!keep) continue;
            if (fragv_push(fv, s, i, l, 0, 0) < 0) goto done;
            int rl = l < L ? l : L;
            t->n_host++;
            t->n_host_autosomal += g->kind == HP_CTG_AUTOSOME;
            t->n_host_x += g->kind == HP_CTG_X;
            t->n_host_mt += g->kind == HP_CTG_MT;
            add_host_bases(t, g->kind, 2.0 * rl);
        }
    }
    ret = 0;
done:
    free(sites), free(span);
    return ret;
}

/* The fragments of each clone's carrier allele (al[j], built here) that overlap the provirus,
 * at the clone's cells per cell. Returns 0, -2 (a site too close to a contig end) or -3
 * (memory). */
static int draw_viral(const hp_sim_opt_t *o, const hp_host_t *h, const hp_clones_t *cl,
                      const double *frac, double lambda, hp_rng_t *rng, hp_allele_t *al,
                      fragv_t *fv, hp_sim_truth_t *t)
{
    const int L = o->read_length, nc = cl->n;
    const hp_fraglen_t *fl = o->fraglen;
    const int64_t flank = fl->hi;
    const hp_feature_t *px = hp_ref_feature("pX"), *gag = hp_ref_feature("gag");
    /* carrier alleles at c copies per cell: keep fragments overlapping the provirus */
    for (int j = 0; j < nc; j++) {
        if (frac[j] <= 0) continue;
        int r = hp_allele_build(&al[j], h, &cl->c[j], flank, o->strain);
        if (r < 0) {
            return r == -3 ? -3 : -2;
        }
        const hp_allele_t *A = &al[j];
        hp_sim_clone_truth_t *ct = &t->clone[j];
        hp_ctg_class_t kind = h->ctg[cl->c[j].tid].kind;
        uint64_t nf = hp_rng_poisson(rng, frac[j] * lambda * (double)A->len);
        for (uint64_t k = 0; k < nf; k++) {
            int64_t s = (int64_t)hp_rng_below(rng, (uint64_t)A->len);
            int l = hp_fraglen_draw(fl, rng);
            int64_t e = s + l;
            if (e > A->len || !(s < A->prov_end0 && e > A->prov_beg0)) continue;
            if (!gc_keep(o, A->seq + s, l, rng)) continue;
            if (fragv_push(fv, s, h->n + j, l, 0, 0) < 0) return -3;
            int rl = l < L ? l : L;
            ct->viral_fragments++;
            t->n_viral++;
            int64_t rd[2][2] = {{s, s + rl}, {e - rl, e}};
            for (int m = 0; m < 2; m++) {
                int64_t x = rd[m][0], y = rd[m][1];
                add_host_bases(
                    t, kind,
                    (double)(overlap(x, y, 0, A->prov_beg0) + overlap(x, y, A->prov_end0, A->len)));
                int64_t b0 = x > A->prov_beg0 ? x : A->prov_beg0;
                int64_t b1 = y < A->prov_end0 ? y : A->prov_end0;
                for (int64_t b = b0; b < b1; b++) {
                    int fc = A->prov_map[b - A->prov_beg0];
                    if (fc >= px->start && fc <= px->end) ct->px_bases += 1, t->px_bases += 1;
                    if (fc >= gag->start && fc <= gag->end) t->gag_bases += 1;
                    if (fc >= HP_INTERNAL_START && fc < HP_LTR3_START) t->internal_bases += 1;
                    t->viral_bases += 1;
                }
            }
            int64_t before = ct->junction_u5 + ct->junction_u3;
            count_junction(ct, A->left_kind, s, e, A->prov_beg0, rl);
            count_junction(ct, A->right_kind, s, e, A->prov_end0, rl);
            t->n_junction += (ct->junction_u5 + ct->junction_u3) > before;
        }
    }
    return 0;
}

/* PCR duplicates, then the output order (sorted or random). Returns 0 or -3 (memory). */
static int add_duplicates(const hp_sim_opt_t *o, hp_rng_t *rng, fragv_t *fv, hp_sim_truth_t *t)
{
    /* PCR duplicates: each fragment gets a geometric number of extra copies, so that a
     * fraction dup_rate of all read pairs are duplicates, read in the same orientation (qsort
     * below is not stable, but equal keys are identical fragments, so the output does not
     * depend on it) */
    size_t n_unique = fv->n;
    for (size_t i = 0; i < n_unique; i++) {
        fv->a[i].flip = hp_rng_uniform(rng) < 0.5;
        while (o->dup_rate > 0 && hp_rng_uniform(rng) < o->dup_rate) {
            frag_t f = fv->a[i];
            if (fragv_push(fv, f.start, f.src, f.len, 1, f.flip) < 0) return -3;
            t->n_duplicates++;
        }
    }
    t->n_fragments = (int64_t)fv->n;
    if (o->keep_order) qsort(fv->a, fv->n, sizeof *fv->a, cmp_frag);
    for (size_t i = o->keep_order ? 0 : fv->n; i > 1; i--) { /* Fisher-Yates: random order */
        size_t j = (size_t)hp_rng_below(rng, i);
        frag_t x = fv->a[i - 1];
        fv->a[i - 1] = fv->a[j], fv->a[j] = x;
    }
    return 0;
}

/* Both reads of every fragment, in order, with substitution errors. Returns 0, -1 (write
 * failed) or -3 (memory). */
static int write_fragments(const hp_sim_opt_t *o, const hp_host_t *h, const hp_allele_t *al,
                           const fragv_t *fv, hp_rng_t *rng, BGZF *r1, BGZF *r2)
{
    const int L = o->read_length;
    int ret = -3;
    kstring_t ks = {0, 0, NULL};
    char *buf = malloc((size_t)(2 * o->fraglen->hi + 16));
    if (!buf) goto done;
    for (size_t i = 0; i < fv->n; i++) {
        const frag_t *f = &fv->a[i];
        const char *src = f->src < h->n ? h->ctg[f->src].seq : al[f->src - h->n].seq;
        char *fw = buf, *rc = buf + f->len;
        memcpy(fw, src + f->start, (size_t)f->len);
        hp_revcomp(rc, fw, (size_t)f->len);
        int rl = f->len < L ? f->len : L, flip = f->flip;
        int64_t id = (int64_t)i + 1;
        int w1 = write_read(r1, &ks, id, flip ? rc : fw, rl, o->error_rate, rng);
        int w2 = w1 ? w1 : write_read(r2, &ks, id, flip ? fw : rc, rl, o->error_rate, rng);
        if (w1 || w2) {
            ret = w1 ? w1 : w2;
            goto done;
        }
    }
    ret = 0;
done:
    free(buf), free(ks.s);
    return ret;
}

int hp_sim_run(const hp_sim_opt_t *o, const hp_host_t *h, const hp_clones_t *cl, const double *frac,
               hp_rng_t *rng, BGZF *r1, BGZF *r2, hp_sim_truth_t *t)
{
    memset(t, 0, sizeof *t);
    int ret = 0, nc = cl->n;
    fragv_t fv = {NULL, 0, 0};
    hp_allele_t *al = calloc((size_t)(nc ? nc : 1), sizeof *al);
    t->clone = calloc((size_t)(nc ? nc : 1), sizeof *t->clone);
    t->n_clone = nc;
    if (!al || !t->clone) {
        ret = -3;
        goto done;
    }
    const int L = o->read_length;
    const hp_fraglen_t *fl = o->fraglen;
    /* fragments per base per haploid copy, so that autosomal read depth is o->depth */
    double lambda = o->depth / 2.0 / (2.0 * hp_fraglen_mean_read(fl, L));
    if (o->gc_bias != 0) lambda /= gc_mean_keep(h, (int)(fl->mean + 0.5), o->gc_bias);
    const hp_feature_t *px = hp_ref_feature("pX");
    for (int i = 0; i < h->n; i++) {
        const hp_host_ctg_t *g = &h->ctg[i];
        if (g->kind == HP_CTG_AUTOSOME)
            t->auto_len += g->len;
        else if (g->kind == HP_CTG_X)
            t->x_len += g->len;
        else if (g->kind == HP_CTG_MT)
            t->mt_len += g->len;
    }
    for (int j = 0; j < nc; j++) {
        t->clone[j].cell_fraction = frac[j];
        t->pvl_nominal += 100.0 * frac[j];
    }
    t->pvl_cells = t->pvl_nominal; /* every cell of the clone table carries its provirus */
    if ((ret = draw_host(o, h, cl, frac, lambda, rng, &fv, t)) < 0) goto done;
    if ((ret = draw_viral(o, h, cl, frac, lambda, rng, al, &fv, t)) < 0) goto done;
    if ((ret = add_duplicates(o, rng, &fv, t)) < 0) goto done;
    if ((ret = write_fragments(o, h, al, &fv, rng, r1, r2)) < 0) goto done;
    if (t->auto_bases > 0 && t->auto_len > 0) {
        double auto_depth = t->auto_bases / (double)t->auto_len;
        t->pvl_realised = 200.0 * (t->px_bases / (px->end - px->start + 1)) / auto_depth;
        t->pvl_realised_internal = 200.0 * (t->internal_bases / HP_INTERNAL_LEN) / auto_depth;
    }
done:
    for (int j = 0; j < nc && al; j++)
        hp_allele_destroy(&al[j]);
    free(al), free(fv.a);
    if (ret) hp_sim_truth_destroy(t);
    return ret;
}

void hp_sim_truth_destroy(hp_sim_truth_t *t)
{
    if (!t) return;
    free(t->clone);
    t->clone = NULL, t->n_clone = 0;
}
