/* virus.c -- the provirus model: the LTR finder and the regions placed from the annotation. */
#include "htlvpvl/virus.h"
#include "htlvpvl/kmer.h"
#include "htlvpvl/ref.h"
#include "htlvpvl/seq.h"
#include <ctype.h>
#include <errno.h>
#include <htslib/bgzf.h>
#include <htslib/kseq.h>
#include <htslib/kstring.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

KSEQ_INIT(BGZF *, bgzf_read)

#define MAX_VIRUS_LEN 1000000
#define END_LEN 20      /* LTR-end bases matched by the second rule */
#define END_MISMATCH 2  /* ... with at most this many mismatches */
#define PLACE_LEN 100   /* region-end bases placed by k-mers */
#define LTR_MAX 2000    /* longest LTR the pairing and the first rule accept */

const char *const hp_region_names[HP_N_REGION] = {"LTR", "gag", "pol", "env", "pX"};
const char *const hp_virus_region_names[HP_N_REGIONS] = {"LTR", "internal", "pX"};

/* Rule 1: the longest prefix that recurs as the suffix with at most 1 % mismatches. */
static int self_similar_ltr(const char *s, int n)
{
    int maxl = n / 2 < LTR_MAX ? n / 2 : LTR_MAX;
    for (int l = maxl; l >= 100; l--) {
        if (hp_mismatches(s, s + n - l, (size_t)l) * 100 <= l) return l;
    }
    return 0;
}

/* Rule 2: the first two matches of a built-in LTR end; returns their number. end5 = 1 gives
 * the position of the match's first base (U3 start), 0 its last base (U5 end). */
static int find_end(const char *s, int n, const char *pat, int end5, int *pos)
{
    int k = 0;
    for (int i = 0; i + END_LEN <= n && k < HP_VIRUS_MAX_LTR; i++) {
        if (hp_mismatches(s + i, pat, END_LEN) <= END_MISMATCH) {
            pos[k++] = end5 ? i + 1 : i + END_LEN;
            i += END_LEN;
        }
    }
    return k;
}

int hp_virus_find_ltrs(const char *seq, int len, hp_ltr_ends_t *out)
{
    memset(out, 0, sizeof *out);
    int l = self_similar_ltr(seq, len);
    if (l > 0) {
        out->n_u3 = out->n_u5 = 2;
        out->u3[0] = 1, out->u3[1] = len - l + 1;
        out->u5[0] = l, out->u5[1] = len;
        return 4;
    }
    out->n_u3 = find_end(seq, len, hp_htlv1_seq, 1, out->u3);
    out->n_u5 = find_end(seq, len, hp_htlv1_seq + HP_LTR_LEN - END_LEN, 0, out->u5);
    return out->n_u3 + out->n_u5;
}

int hp_virus_region(const hp_virus_t *v, int pos)
{
    if (pos <= v->ltr_len || pos >= v->ltr3_start) return HP_REGION_LTR;
    if (pos >= v->reg_beg[HP_REG_PX] && pos <= v->reg_end[HP_REG_PX]) return HP_REGION_PX;
    return HP_REGION_INTERNAL;
}

/* Provirus position of seg's first base in v, or 0 when seg cannot be placed on + strand. */
static int place_segment(const hp_kmer_index_t *idx, const char *seg, int len)
{
    hp_kmer_scratch_t s;
    hp_place_t p;
    hp_kmer_scratch_init(&s);
    int ok = hp_kmer_place(idx, seg, len, &s, &p) == 0;
    hp_kmer_scratch_destroy(&s);
    if (!ok || p.viral_bases < len / 2 || p.strand != 0) return 0;
    return p.pos5;
}

/* Does [b, e] overlap a complete LTR copy? */
static int overlaps_ltr(const hp_virus_t *v, int b, int e)
{
    for (int i = 0; i < v->n_ltr; i++)
        if (b <= v->ltr_end[i] && e >= v->ltr_beg[i]) return 1;
    return 0;
}

/* Pair each U3 start with the first U5 end after it (before the next U3 start, within
 * LTR_MAX): the complete LTR copies; and the LTR-to-LTR view when there are two copies at the
 * ends of the sequence. */
static void pair_ltrs(hp_virus_t *v)
{
    const hp_ltr_ends_t *e = &v->ends;
    for (int i = 0; i < e->n_u3; i++) {
        int next = i + 1 < e->n_u3 ? e->u3[i + 1] : v->len + 1;
        for (int j = 0; j < e->n_u5; j++) {
            if (e->u5[j] > e->u3[i] && e->u5[j] < next && e->u5[j] - e->u3[i] < LTR_MAX) {
                v->ltr_beg[v->n_ltr] = e->u3[i], v->ltr_end[v->n_ltr++] = e->u5[j];
                break;
            }
        }
    }
    if (v->n_ltr == 2 && v->ltr_beg[0] == 1 && v->ltr_end[1] == v->len)
        v->ltr_len = v->ltr_end[0], v->ltr3_start = v->ltr_beg[1];
    if (v->n_ltr > 0)
        v->reg_beg[HP_REG_LTR] = v->ltr_beg[0], v->reg_end[HP_REG_LTR] = v->ltr_end[0];
}

/* gag, pol, env and pX: the built-in region's first and last PLACE_LEN bases placed on v
 * (between the LTRs), else the built-in distance from the 5' LTR's U3 start (pX: from the
 * 3' LTR's U3 start when both copies are there); clipped to the sequence. A sequence longer
 * than any provirus (a host contig named as viral) is not indexed: distances only. */
static int place_regions(hp_virus_t *v)
{
    hp_kmer_index_t *idx = NULL;
    if (v->len <= MAX_VIRUS_LEN && !(idx = hp_kmer_index_build(v))) return -1;
    static const char *const feat[HP_N_REGION] = {NULL, "gag", "pol", "env", "pX"};
    const hp_ltr_ends_t *le = &v->ends;
    for (int r = HP_REG_GAG; r < HP_N_REGION; r++) {
        const hp_feature_t *f = hp_ref_feature(feat[r]);
        int anchor, ref_anchor = HP_LTR5_START;
        if (r == HP_REG_PX && v->n_ltr == 2)
            anchor = v->ltr_beg[1], ref_anchor = HP_LTR3_START;
        else if (v->n_ltr > 0)
            anchor = v->ltr_beg[0];
        else if (le->n_u3 > 0)
            anchor = le->u3[0];
        else
            anchor = le->u5[0] - HP_LTR_LEN + 1;
        int b = f->start - ref_anchor + anchor, e = f->end - ref_anchor + anchor;
        int w = PLACE_LEN;
        int pb = idx ? place_segment(idx, hp_htlv1_seq + f->start - 1, w) : 0;
        int pe = idx ? place_segment(idx, hp_htlv1_seq + f->end - w, w) : 0;
        if (pb >= 1 && pe > pb && pe + w - 1 <= v->len && !overlaps_ltr(v, pb, pe + w - 1))
            b = pb, e = pe + w - 1;
        if (b < 1) b = 1;
        if (e > v->len) e = v->len;
        if (b <= e) v->reg_beg[r] = b, v->reg_end[r] = e;
    }
    hp_kmer_index_destroy(idx);
    return 0;
}

int hp_virus_init_seq(hp_virus_t *v, const char *name, const char *seq, int len, char *err,
                      size_t errlen)
{
    memset(v, 0, sizeof *v);
    snprintf(v->name, sizeof v->name, "%s", name);
    if (!(v->seq = malloc((size_t)len + 1))) goto oom;
    for (int i = 0; i < len; i++) {
        int b = toupper((unsigned char)seq[i]);
        v->seq[i] = hp_nt4[b] < 4 ? (char)b : 'N';
    }
    v->seq[len] = 0;
    v->len = len;
    hp_virus_find_ltrs(v->seq, v->len, &v->ends);
    if (v->ends.n_u3 == 0 || v->ends.n_u5 == 0) {
        snprintf(err, errlen, "no HTLV-1 LTR end");
        hp_virus_destroy(v);
        return -1;
    }
    pair_ltrs(v);
    if (place_regions(v) < 0) goto oom;
    return 0;
oom:
    snprintf(err, errlen, "out of memory");
    hp_virus_destroy(v);
    return -1;
}

/* The annotation itself (ref.h), not the finder run on the sequence it annotates: every count
 * builds this model, and the finder's LTR scan and k-mer index took about 5 ms a run
 * (tests/unit/test_virus.c checks that the finder gives the same model on this sequence). */
int hp_virus_init_builtin(hp_virus_t *v)
{
    static const char *const feat[HP_N_REGION] = {NULL, "gag", "pol", "env", "pX"};
    memset(v, 0, sizeof *v);
    snprintf(v->name, sizeof v->name, "%s", HP_FULL_NAME " (built-in, GenBank J02029.1)");
    if (!(v->seq = malloc((size_t)hp_htlv1_len + 1))) return -1;
    memcpy(v->seq, hp_htlv1_seq, (size_t)hp_htlv1_len + 1);
    v->len = hp_htlv1_len;
    v->ends = (hp_ltr_ends_t){2, {HP_LTR5_START, HP_LTR3_START}, 2, {HP_LTR_LEN, hp_htlv1_len}};
    pair_ltrs(v);
    for (int r = HP_REG_GAG; r < HP_N_REGION; r++) {
        const hp_feature_t *f = hp_ref_feature(feat[r]);
        v->reg_beg[r] = f->start, v->reg_end[r] = f->end;
    }
    return 0;
}

void hp_virus_destroy(hp_virus_t *v)
{
    if (!v) return;
    free(v->seq);
    v->seq = NULL;
}

int hp_virus_load_fasta(hp_virus_t *v, const char *path, char *err, size_t errlen)
{
    memset(v, 0, sizeof *v);
    int ret = -1, c;
    kstring_t seq = {0, 0, NULL};
    kseq_t *ks = NULL;
    BGZF *fp = bgzf_open(path, "r");
    if (!fp) {
        snprintf(err, errlen, "cannot open: %s", errno ? strerror(errno) : "unknown error");
        return -1;
    }
    /* the first record, read with kseq; kseq skips text before a header: here it is an error */
    while ((c = bgzf_peek(fp)) >= 0 && isspace(c)) bgzf_getc(fp);
    if (c < 0) {
        snprintf(err, errlen, c < -1 ? "read error or corrupt compressed data" : "no sequence");
        goto done;
    }
    if (c != '>') {
        snprintf(err, errlen, "not FASTA (no '>' header line)");
        goto done;
    }
    if (!(ks = kseq_init(fp))) goto oom;
    if ((c = kseq_read(ks)) < -2) {
        snprintf(err, errlen, "read error or corrupt compressed data");
        goto done;
    }
    /* a '+' or '@' line inside the sequence ends it as FASTQ would: not FASTA sequence text */
    if (c == -2 || ks->qual.l || ks->last_char == '@') {
        snprintf(err, errlen, "invalid character in the sequence");
        goto done;
    }
    for (size_t i = 0; i < ks->seq.l; i++) {
        if (!isalpha((unsigned char)ks->seq.s[i])) {
            snprintf(err, errlen, "invalid character in the sequence");
            goto done;
        }
    }
    if (ks->seq.l == 0) {
        snprintf(err, errlen, "no sequence");
        goto done;
    }
    if (ks->seq.l > MAX_VIRUS_LEN || ks->seq.l < 1000) {
        snprintf(err, errlen, "provirus of %zu bp: expected 1,000 to 1,000,000 bp", ks->seq.l);
        goto done;
    }
    char why[128];
    if (hp_virus_init_seq(v, ks->name.s, ks->seq.s, (int)ks->seq.l, why, sizeof why) < 0 &&
        strcmp(why, "out of memory") == 0)
        goto oom;
    if (!v->seq || v->ltr_len == 0) {
        snprintf(err, errlen,
                 "no LTRs found (the sequence must run from the 5' LTR to the "
                 "3' LTR)");
        goto done;
    }
    if (v->reg_beg[HP_REG_PX] <= v->ltr_len) {
        snprintf(err, errlen, "provirus too short for a pX region");
        goto done;
    }
    ret = 0;
    goto done;
oom:
    snprintf(err, errlen, "out of memory");
done:
    if (bgzf_close(fp) < 0 && ret == 0) {
        snprintf(err, errlen, "read error on close");
        ret = -1;
    }
    if (ks) kseq_destroy(ks);
    free(seq.s);
    if (ret < 0) hp_virus_destroy(v);
    return ret;
}
