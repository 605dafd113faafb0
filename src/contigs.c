/* contigs.c -- host / viral classification of header contigs and viral coordinates. */
#include "htlvpvl/contigs.h"
#include "htlvpvl/ref.h"
#include "htlvpvl/seq.h"
#include <ctype.h>
#include <htslib/faidx.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int hp_is_autosome_name(const char *name)
{
    if (strncasecmp(name, "chr", 3) == 0) name += 3;
    if (!*name) return 0;
    for (const char *p = name; *p; p++)
        if (!isdigit((unsigned char)*p)) return 0;
    return 1;
}

/* The view of model m (c->model[mi]) on a contig of len bases whose base 1 is model base
 * off + 1: the LTR ends and the regions that fall on the contig. */
static void vcontig_from_model(hp_vcontig_t *v, int tid, int len, const hp_contigs_t *c, int mi,
                               int off)
{
    const hp_virus_t *m = &c->model[mi];
    memset(v, 0, sizeof *v);
    v->tid = tid, v->len = len, v->model = mi, v->off = off;
    for (int i = 0; i < m->ends.n_u3; i++)
        if (m->ends.u3[i] - off >= 1 && m->ends.u3[i] - off <= len)
            v->u3[v->n_u3++] = m->ends.u3[i] - off;
    for (int i = 0; i < m->ends.n_u5; i++)
        if (m->ends.u5[i] - off >= 1 && m->ends.u5[i] - off <= len)
            v->u5[v->n_u5++] = m->ends.u5[i] - off;
    for (int r = 0; r < HP_N_REGION; r++) {
        int n = r == HP_REG_LTR ? m->n_ltr : m->reg_end[r] > 0;
        for (int i = 0; i < n; i++) {
            int b = (r == HP_REG_LTR ? m->ltr_beg[i] : m->reg_beg[r]) - off;
            int e = (r == HP_REG_LTR ? m->ltr_end[i] : m->reg_end[r]) - off;
            if (b < 1) b = 1;
            if (e > len) e = len;
            if (b > e) continue;
            int k = v->n_iv[r]++;
            v->iv_beg[r][k] = b, v->iv_end[r][k] = e;
        }
    }
}

hp_ctg_class_t hp_ctg_class_of_name(const char *name)
{
    const char *b = strncasecmp(name, "chr", 3) == 0 ? name + 3 : name;
    if (hp_is_autosome_name(name)) return HP_CTG_AUTOSOME;
    if (strcmp(b, "X") == 0) return HP_CTG_X;
    if (strcmp(b, "Y") == 0) return HP_CTG_Y;
    if (strcmp(b, "M") == 0 || strcmp(b, "MT") == 0) return HP_CTG_MT;
    return HP_CTG_HOST_OTHER;
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
    if (hp_virus_init_builtin(&c->model[0]) < 0) {
        snprintf(c->err, sizeof c->err, "out of memory");
        goto out;
    }
    c->n_model = 1;
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
        if (len == HP_PROVIRUS_LEN || len == HP_LTR_LEN) {
            vcontig_from_model(v, t, (int)len, c, 0, 0);
            n_full += len == HP_PROVIRUS_LEN, n_split += len == HP_LTR_LEN;
        } else if (len == HP_INTERNAL_LEN) {
            vcontig_from_model(v, t, (int)len, c, 0, HP_INTERNAL_START - 1);
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
            char why[128];
            hp_virus_t *m = &c->model[c->n_model];
            int r = hp_virus_init_seq(m, name, seq, (int)sl, why, sizeof why);
            free(seq);
            if (r == 0) {
                vcontig_from_model(v, t, (int)len, c, c->n_model++, 0);
            } else if (strcmp(why, "out of memory") == 0) {
                snprintf(c->err, sizeof c->err, "out of memory");
                goto out;
            } else if (sl == HP_INTERNAL_LEN) {
                vcontig_from_model(v, t, (int)len, c, 0, HP_INTERNAL_START - 1);
            } else {
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
        c->cls[i] = hp_ctg_class_of_name(name);
        if (c->tid_x < 0 && c->cls[i] == HP_CTG_X) c->tid_x = i;
        if (c->tid_y < 0 && c->cls[i] == HP_CTG_Y) c->tid_y = i;
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
    /* bases per provirus copy: the built-in model's (both LTR copies) */
    for (int r = 0; r < HP_N_REGION; r++) {
        const hp_virus_t *m = &c->model[0];
        c->region_len[r] = r == HP_REG_LTR ? m->ltr_end[0] - m->ltr_beg[0] + 1
                                             + m->ltr_end[1] - m->ltr_beg[1] + 1
                                           : m->reg_end[r] - m->reg_beg[r] + 1;
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
    for (int i = 0; i < c->n_model; i++)
        hp_virus_destroy(&c->model[i]);
    c->n_model = 0;
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
