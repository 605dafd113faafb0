/* contigs.c -- host / viral classification of header contigs and viral coordinates. */
#include "htlvpvl/contigs.h"
#include "htlvpvl/ref.h"
#include "htlvpvl/seq.h"
#include <ctype.h>
#include <htslib/faidx.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const hp_region_names[HP_N_REGION] = {"LTR", "gag", "pol", "env", "pX"};

int hp_is_autosome_name(const char *name)
{
    if (strncasecmp(name, "chr", 3) == 0) name += 3;
    if (!*name) return 0;
    for (const char *p = name; *p; p++)
        if (!isdigit((unsigned char)*p)) return 0;
    return 1;
}

/* Fill a viral contig from full-provirus coordinates: the contig's base 1 is full position
 * off + 1; the LTR copies given by ltr_full[] (full start positions). */
static void vcontig_from_full(hp_vcontig_t *v, int tid, int len, int off, const int *ltr_full,
                              int n_ltr)
{
    memset(v, 0, sizeof *v);
    v->tid = tid, v->len = len;
    for (int i = 0; i < n_ltr; i++) {
        v->u3[v->n_u3++] = ltr_full[i] - off;
        v->u5[v->n_u5++] = ltr_full[i] + HP_LTR_LEN - 1 - off;
        int k = v->n_iv[HP_REG_LTR]++;
        v->iv_beg[HP_REG_LTR][k] = ltr_full[i] - off;
        v->iv_end[HP_REG_LTR][k] = ltr_full[i] + HP_LTR_LEN - 1 - off;
    }
    static const char *const feat[] = {NULL, "gag", "pol", "env", "pX"};
    for (int r = HP_REG_GAG; r < HP_N_REGION; r++) {
        const hp_feature_t *f = hp_ref_feature(feat[r]);
        int b = f->start - off, e = f->end - off;
        if (b < 1) b = 1;
        if (e > len) e = len;
        if (b > e) continue;
        v->iv_beg[r][0] = b, v->iv_end[r][0] = e, v->n_iv[r] = 1;
    }
}

/* Locate the LTR copies of a custom viral contig by their first and last 20 bases (at most two
 * mismatches); regions are placed at the built-in offsets from the LTRs. */
static int vcontig_from_seq(hp_vcontig_t *v, int tid, const char *seq, int len)
{
    const int k = 20;
    int starts[2], ends[2], ns = 0, ne = 0;
    for (int i = 0; i + k <= len; i++) {
        if (ns < 2 && hp_mismatches(seq + i, hp_htlv1_seq, k) <= 2) starts[ns++] = i + 1, i += k;
    }
    for (int i = 0; i + k <= len; i++) {
        if (ne < 2 && hp_mismatches(seq + i, hp_htlv1_seq + HP_LTR_LEN - k, k) <= 2)
            ends[ne++] = i + k, i += k;
    }
    if (ns == 0 || ne == 0) return -1;
    int full_ltr[2] = {1, HP_LTR3_START};
    /* the first LTR start anchors the coordinates: contig pos = full pos - off */
    int off = 1 - starts[0];
    vcontig_from_full(v, tid, len, off, full_ltr, ns == 2 && ne == 2 ? 2 : 1);
    v->n_u3 = ns, v->n_u5 = ne;
    for (int i = 0; i < ns; i++)
        v->u3[i] = starts[i];
    for (int i = 0; i < ne; i++)
        v->u5[i] = ends[i];
    if (ns == 2 && ne == 2) {
        /* the 3' part (pX) is placed from the second LTR */
        int d = starts[1] - (HP_LTR3_START - off);
        int b = v->iv_beg[HP_REG_PX][0] + d, e = v->iv_end[HP_REG_PX][0] + d;
        v->iv_beg[HP_REG_PX][0] = b < 1 ? 1 : b;
        v->iv_end[HP_REG_PX][0] = e;
        v->iv_beg[HP_REG_LTR][1] = starts[1], v->iv_end[HP_REG_LTR][1] = ends[1];
    }
    return 0;
}

static int64_t count_acgt(const char *s, int64_t n)
{
    int64_t k = 0;
    for (int64_t i = 0; i < n; i++) {
        char c = s[i] & ~0x20;
        k += c == 'A' || c == 'C' || c == 'G' || c == 'T';
    }
    return k;
}

int hp_contigs_init(hp_contigs_t *c, const sam_hdr_t *h, char *const *virus_names, int n_virus,
                    const char *fasta)
{
    memset(c, 0, sizeof *c);
    int n = sam_hdr_nref(h);
    faidx_t *fai = NULL;
    c->n_targets = n;
    c->tid_x = c->tid_y = -1;
    c->cls = calloc(n > 0 ? (size_t)n : 1, 1);
    c->vidx = malloc(n > 0 ? (size_t)n : 1);
    if (!c->cls || !c->vidx) {
        snprintf(c->err, sizeof c->err, "out of memory");
        return -1;
    }
    memset(c->vidx, -1, (size_t)n);
    if (fasta) {
        fai = fai_load(fasta);
        if (!fai) {
            snprintf(c->err, sizeof c->err, "%s: cannot read the FASTA or build its index", fasta);
            return -1;
        }
    }
    int ret = -1;
    int tid_full = -1, tid_ltr = -1, tid_int = -1;
    for (int i = 0; i < n; i++) {
        const char *name = sam_hdr_tid2name(h, i);
        /* no genome is 2^40 bases long: a larger @SQ LN is a broken header (and the sums of
         * lengths below stay far from overflow) */
        if (sam_hdr_tid2len(h, i) < 1 || sam_hdr_tid2len(h, i) > HP_CONTIG_LEN_MAX) {
            snprintf(c->err, sizeof c->err, "@SQ '%s': length %lld is not a contig length (1 to "
                     "2^40)", name, (long long)sam_hdr_tid2len(h, i));
            goto out;
        }
        hts_pos_t len = sam_hdr_tid2len(h, i);
        if (strcmp(name, HP_FULL_NAME) == 0 && len == HP_PROVIRUS_LEN) tid_full = i;
        if (strcmp(name, HP_LTR_NAME) == 0 && len == HP_LTR_LEN) tid_ltr = i;
        if (strcmp(name, HP_INTERNAL_NAME) == 0 && len == HP_INTERNAL_LEN) tid_int = i;
    }
    int vt[HP_MAX_VCONTIG], nv = 0;
    if (n_virus > 0) {
        if (n_virus > HP_MAX_VCONTIG) {
            snprintf(c->err, sizeof c->err, "at most %d --virus-contig", HP_MAX_VCONTIG);
            goto out;
        }
        for (int i = 0; i < n_virus; i++) {
            int t = sam_hdr_name2tid((sam_hdr_t *)h, virus_names[i]);
            if (t < 0) {
                snprintf(c->err, sizeof c->err, "viral contig '%s' is not in the header",
                         virus_names[i]);
                goto out;
            }
            vt[nv++] = t;
        }
    } else if (tid_full >= 0) {
        vt[nv++] = tid_full;
        if (tid_ltr >= 0 && tid_int >= 0) vt[nv++] = tid_ltr, vt[nv++] = tid_int;
    } else if (tid_ltr >= 0 && tid_int >= 0) {
        vt[nv++] = tid_ltr, vt[nv++] = tid_int;
    } else {
        snprintf(c->err, sizeof c->err,
                 "no HTLV-1 contig in the header (want %s of %d bp, or %s + %s as written by "
                 "'htlvpvl ref'; or name it with --virus-contig)",
                 HP_FULL_NAME, HP_PROVIRUS_LEN, HP_LTR_NAME, HP_INTERNAL_NAME);
        goto out;
    }
    int n_full = 0, n_split = 0, n_custom = 0;
    for (int i = 0; i < nv; i++) {
        int t = vt[i];
        hts_pos_t len = sam_hdr_tid2len(h, t);
        hp_vcontig_t *v = &c->vc[c->n_vc];
        if (len == HP_PROVIRUS_LEN) {
            static const int ltrs[2] = {1, HP_LTR3_START};
            vcontig_from_full(v, t, (int)len, 0, ltrs, 2);
            n_full++;
        } else if (len == HP_LTR_LEN) {
            static const int ltrs[1] = {1};
            vcontig_from_full(v, t, (int)len, 0, ltrs, 1);
            n_split++;
        } else if (len == HP_INTERNAL_LEN) {
            vcontig_from_full(v, t, (int)len, HP_INTERNAL_START - 1, NULL, 0);
            n_split++;
        } else {
            const char *name = sam_hdr_tid2name(h, t);
            if (!fai) {
                snprintf(c->err, sizeof c->err,
                         "viral contig '%s' (%lld bp) is not a built-in layout contig: give "
                         "--reference to locate its LTRs",
                         name, (long long)len);
                goto out;
            }
            hts_pos_t sl = 0;
            char *seq = faidx_fetch_seq64(fai, name, 0, len - 1, &sl);
            if (!seq) {
                snprintf(c->err, sizeof c->err, "%s: no sequence for viral contig '%s'", fasta,
                         name);
                goto out;
            }
            int r = vcontig_from_seq(v, t, seq, (int)sl);
            free(seq);
            if (r < 0 && sl == HP_INTERNAL_LEN) {
                vcontig_from_full(v, t, (int)len, HP_INTERNAL_START - 1, NULL, 0);
                r = 0;
            }
            if (r < 0) {
                /* a contig without an LTR: internal region of a split layout at best */
                snprintf(c->err, sizeof c->err, "viral contig '%s' holds no HTLV-1 LTR end", name);
                goto out;
            }
            n_custom++;
        }
        c->vidx[t] = (int8_t)c->n_vc++;
    }
    c->layout = n_custom ? "custom" : n_full ? "full" : "split";
    if (n_full && n_split) c->layout = "custom";
    for (int i = 0; i < n; i++) {
        if (c->vidx[i] >= 0) {
            c->cls[i] = HP_CTG_VIRUS;
            continue;
        }
        const char *name = sam_hdr_tid2name(h, i);
        c->cls[i] = hp_is_autosome_name(name) ? HP_CTG_AUTOSOME : HP_CTG_HOST_OTHER;
        const char *b = strncasecmp(name, "chr", 3) == 0 ? name + 3 : name;
        if (c->tid_x < 0 && strcmp(b, "X") == 0) c->tid_x = i;
        if (c->tid_y < 0 && strcmp(b, "Y") == 0) c->tid_y = i;
        if (c->cls[i] != HP_CTG_AUTOSOME) continue;
        hts_pos_t len = sam_hdr_tid2len(h, i);
        if (fai && faidx_has_seq(fai, name)) {
            /* in pieces of 4 Mb: memory stays small for a human chromosome */
            for (hts_pos_t beg = 0; beg < len; beg += 4 << 20) {
                hts_pos_t end = beg + (4 << 20) < len ? beg + (4 << 20) : len, sl = 0;
                char *seq = faidx_fetch_seq64(fai, name, beg, end - 1, &sl);
                if (!seq) {
                    snprintf(c->err, sizeof c->err, "%s: cannot read contig '%s'", fasta, name);
                    goto out;
                }
                c->autosome_len += count_acgt(seq, sl);
                free(seq);
            }
            c->autosome_len_from_fasta = 1;
        } else {
            c->autosome_len += len;
        }
        if (c->autosome_len > HP_CONTIG_LEN_MAX) {
            snprintf(c->err, sizeof c->err, "the autosomes sum to more than 2^40 bases");
            goto out;
        }
    }
    c->region_len[HP_REG_LTR] = 2 * HP_LTR_LEN;
    static const char *const feat[] = {NULL, "gag", "pol", "env", "pX"};
    for (int r = HP_REG_GAG; r < HP_N_REGION; r++) {
        const hp_feature_t *f = hp_ref_feature(feat[r]);
        c->region_len[r] = f->end - f->start + 1;
    }
    ret = 0;
    c->fai = fai, fai = NULL; /* kept: the reference is opened once per run */
out:
    if (fai) fai_destroy(fai);
    return ret;
}

void hp_contigs_destroy(hp_contigs_t *c)
{
    if (!c) return;
    free(c->cls);
    free(c->vidx);
    if (c->fai) fai_destroy(c->fai);
    c->cls = NULL, c->vidx = NULL, c->fai = NULL;
}

char hp_contigs_ref_base(const hp_contigs_t *c, const sam_hdr_t *h, int tid, int64_t pos)
{
    if (!c->fai || tid < 0 || tid >= sam_hdr_nref(h) || pos < 1) return 'N';
    hts_pos_t l = 0;
    char *b = faidx_fetch_seq64(c->fai, sam_hdr_tid2name(h, tid), pos - 1, pos - 1, &l);
    char base = b && l == 1 ? (char)toupper((unsigned char)b[0]) : 'N';
    free(b);
    return base && strchr("ACGT", base) ? base : 'N';
}

int hp_contigs_viral_tid(const hp_contigs_t *c, const sam_hdr_t *h, const char *name, size_t len)
{
    for (int i = 0; i < c->n_vc; i++) {
        const char *v = sam_hdr_tid2name(h, c->vc[i].tid);
        if (strlen(v) == len && memcmp(v, name, len) == 0) return c->vc[i].tid;
    }
    return -1;
}
