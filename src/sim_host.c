/* sim_host.c -- host genomes for the simulator: built-in synthetic host, FASTA in and out. */
#include "htlvpvl/sim.h"
#include <ctype.h>
#include <errno.h>
#include <htslib/bgzf.h>
#include <htslib/kseq.h>
#include <htslib/kstring.h>
#include <stdlib.h>
#include <string.h>

KSEQ_INIT(BGZF *, bgzf_read)

static double kind_copies(hp_ctg_class_t k, double mt_copies)
{
    switch (k) {
    case HP_CTG_X:
    case HP_CTG_Y:
        return 1.0;
    case HP_CTG_MT:
        return mt_copies;
    default:
        return 2.0;
    }
}

static int host_add(hp_host_t *h, const char *name, char *seq, int64_t len, double mt_copies)
{
    hp_host_ctg_t *p = realloc(h->ctg, (size_t)(h->n + 1) * sizeof *p);
    if (!p) return -3;
    h->ctg = p;
    hp_host_ctg_t *c = &h->ctg[h->n];
    c->name = strdup(name);
    if (!c->name) return -3;
    c->seq = seq, c->len = len;
    c->kind = hp_ctg_class_of_name(name);
    c->copies = kind_copies(c->kind, mt_copies);
    h->n++;
    return 0;
}

static char rand_base(hp_rng_t *r, double gc)
{
    double u = hp_rng_uniform(r);
    if (u < gc / 2) return 'C';
    if (u < gc) return 'G';
    if (u < gc + (1 - gc) / 2) return 'A';
    return 'T';
}

/* len bases in 1,000-bp blocks, each of a GC drawn uniformly in [lo, hi]; lo == hi draws no
 * block GC (i.i.d. bases of GC lo, the same stream as always). */
static char *rand_seq(hp_rng_t *r, int64_t len, double lo, double hi)
{
    char *s = malloc((size_t)len + 1);
    if (!s) return NULL;
    for (int64_t i = 0; i < len; i += 1000) {
        double gc = hi > lo ? lo + (hi - lo) * hp_rng_uniform(r) : lo;
        for (int64_t j = i; j < len && j < i + 1000; j++)
            s[j] = rand_base(r, gc);
    }
    s[len] = '\0';
    return s;
}

/* Copy src[0..n) into dst with substitutions at rate div. */
static void copy_diverged(hp_rng_t *r, char *dst, const char *src, int n, double div)
{
    static const char nt[4] = {'A', 'C', 'G', 'T'};
    for (int i = 0; i < n; i++) {
        char b = src[i];
        if (hp_rng_uniform(r) < div) {
            char x;
            do
                x = nt[hp_rng_below(r, 4)];
            while (x == b);
            b = x;
        }
        dst[i] = b;
    }
}

int hp_host_synth(hp_host_t *h, int64_t autosome_bp, double mt_copies, uint64_t host_seed)
{
    return hp_host_synth_gc(h, autosome_bp, mt_copies, host_seed, 0, 0);
}

int hp_host_synth_gc(hp_host_t *h, int64_t autosome_bp, double mt_copies, uint64_t host_seed,
                     double gc_lo, double gc_hi)
{
    memset(h, 0, sizeof *h);
    if (autosome_bp < 20000) return -1;
    hp_rng_t r;
    hp_rng_seed(&r, host_seed ^ 0x686f7374ULL); /* "host": own stream */
    const double gc = 0.40;
    int64_t len[5] = {autosome_bp * 5 / 10, autosome_bp * 3 / 10, 0, 0, 2000};
    len[2] = autosome_bp - len[0] - len[1];
    len[3] = autosome_bp * 15 / 100 < 5000 ? 5000 : autosome_bp * 15 / 100;
    static const char *names[5] = {"chr1", "chr2", "chr3", "chrX", "chrM"};
    for (int i = 0; i < 5; i++) {
        double lo = i == 4 ? 0.44 : gc, hi = lo; /* chrM; the default i.i.d. host */
        if (i < 4 && gc_hi > 0) lo = gc_lo, hi = gc_hi;
        char *s = rand_seq(&r, len[i], lo, hi);
        if (!s || host_add(h, names[i], s, len[i], mt_copies) != 0) {
            free(s);
            hp_host_destroy(h);
            return -1;
        }
    }
    /* Repeat family: a 300-bp element in diverged copies (5-15 % substitutions) on the
     * autosomes and chrX, about one per 5 kb. */
    char cons[300];
    for (int i = 0; i < 300; i++)
        cons[i] = rand_base(&r, 0.5);
    h->rep_len = 300;
    h->n_rep = (int)(autosome_bp / 5000) < 10 ? 10 : (int)(autosome_bp / 5000);
    for (int k = 0; k < h->n_rep; k++) {
        int tid = k % 4; /* chr1, chr2, chr3, chrX in turn */
        hp_host_ctg_t *c = &h->ctg[tid];
        int64_t at = 1000 + (int64_t)hp_rng_below(&r, (uint64_t)(c->len - 2300));
        copy_diverged(&r, c->seq + at, cons, 300, 0.05 + 0.10 * hp_rng_uniform(&r));
    }
    /* Segmental duplication: chr1 at 20 % copied to chr2 at 60 %, 1 % divergence. */
    h->segdup_len = autosome_bp / 30 < 3000 ? (int)(autosome_bp / 30) : 3000;
    h->segdup_src_tid = 0, h->segdup_dst_tid = 1;
    h->segdup_src = len[0] / 5 + 1, h->segdup_dst = len[1] * 6 / 10 + 1;
    copy_diverged(&r, h->ctg[1].seq + h->segdup_dst - 1, h->ctg[0].seq + h->segdup_src - 1,
                  h->segdup_len, 0.01);
    return 0;
}

/* Upper case ACGT, N for any other letter, blanks dropped, in place; -1 for a non-letter. */
static int host_clean(kstring_t *seq)
{
    size_t k = 0;
    for (size_t i = 0; i < seq->l; i++) {
        unsigned char ch = (unsigned char)seq->s[i];
        if (isspace(ch)) continue;
        if (!isalpha(ch)) return -1;
        ch = (unsigned char)toupper(ch);
        seq->s[k++] = ch == 'A' || ch == 'C' || ch == 'G' || ch == 'T' ? (char)ch : 'N';
    }
    seq->l = k;
    if (seq->s) seq->s[k] = '\0';
    return 0;
}

int hp_host_read_fasta(hp_host_t *h, const char *path, double mt_copies)
{
    memset(h, 0, sizeof *h);
    BGZF *fp = bgzf_open(path, "r");
    if (!fp) return -1;
    int ret = 0, c;
    /* kseq skips whatever comes before the first header: here that is not FASTA */
    while ((c = bgzf_peek(fp)) >= 0 && isspace(c)) bgzf_getc(fp);
    kseq_t *ks = c == '>' ? kseq_init(fp) : NULL;
    if (!ks) ret = c == '>' ? -3 : -2;
    while (ks && (c = kseq_read(ks)) >= 0) {
        /* a FASTQ record (quality line), an empty name or sequence, a name seen before */
        if (ks->qual.l || !ks->name.l || host_clean(&ks->seq) < 0 || !ks->seq.l ||
            hp_host_find(h, ks->name.s) >= 0) {
            ret = -2;
            break;
        }
        if (strncmp(ks->name.s, "HTLV1", 5) == 0) continue;
        int64_t len = (int64_t)ks->seq.l;
        char *sq = ks_release(&ks->seq);
        if (host_add(h, ks->name.s, sq, len, mt_copies) != 0) {
            free(sq);
            ret = -3;
            break;
        }
    }
    if (ks && ret == 0 && c < -1) ret = -2; /* truncated or unreadable */
    if (ret == 0 && h->n == 0) ret = -2;
    if (ks) kseq_destroy(ks);
    if (bgzf_close(fp) < 0 && ret == 0) ret = -2;
    if (ret) hp_host_destroy(h);
    return ret;
}

int hp_host_write_fasta(const hp_host_t *h, FILE *fp)
{
    for (int i = 0; i < h->n; i++) {
        if (fprintf(fp, ">%s\n", h->ctg[i].name) < 0) return -1;
        for (int64_t j = 0; j < h->ctg[i].len; j += 60) {
            int64_t n = h->ctg[i].len - j < 60 ? h->ctg[i].len - j : 60;
            if (fwrite(h->ctg[i].seq + j, 1, (size_t)n, fp) != (size_t)n || putc('\n', fp) < 0)
                return -1;
        }
    }
    return ferror(fp) ? -1 : 0;
}

int hp_host_find(const hp_host_t *h, const char *name)
{
    for (int i = 0; i < h->n; i++)
        if (strcmp(h->ctg[i].name, name) == 0) return i;
    return -1;
}

int64_t hp_host_autosome_len(const hp_host_t *h)
{
    int64_t n = 0;
    for (int i = 0; i < h->n; i++)
        if (h->ctg[i].kind == HP_CTG_AUTOSOME) n += h->ctg[i].len;
    return n;
}

void hp_host_destroy(hp_host_t *h)
{
    if (!h) return;
    for (int i = 0; i < h->n; i++)
        free(h->ctg[i].name), free(h->ctg[i].seq);
    free(h->ctg);
    memset(h, 0, sizeof *h);
}
