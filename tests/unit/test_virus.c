/* Unit tests of src/virus.c: the LTR finder and the model's regions on the built-in HTLV-1, on
 * divergent strains made by the simulator (whose LTRs and reference coordinates are known by
 * construction), on a split-layout LTR contig, and the aligned-input contig views built from
 * the model (contigs.c). */
#include "htlvpvl/contigs.h"
#include "htlvpvl/ref.h"
#include "htlvpvl/seq.h"
#include "htlvpvl/sim.h"
#include "htlvpvl/virus.h"
#include "tap.h"
#include <htslib/faidx.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* J02029 annotation (FIELD.md section 2, ref.c): gag, pol, env, pX */
static const int ann_beg[HP_N_REGION] = {1, 802, 2093, 5181, 6649};
static const int ann_end[HP_N_REGION] = {755, 2092, 5180, 6648, 8278};

static void random_seq(char *s, int n, hp_rng_t *r)
{
    for (int i = 0; i < n; i++)
        s[i] = "ACGT"[hp_rng_below(r, 4)];
}

/* The annotation (FIELD.md) on the built-in model; the model the finder builds from the
 * built-in sequence must be the same (hp_virus_init_builtin sets it without the finder). */
static void check_builtin(const hp_virus_t *m, const char *what)
{
    printf("# %s\n", what);
    TEST_OK(m->ends.n_u3 == 2 && m->ends.u3[0] == 1 && m->ends.u3[1] == 8279,
            "built-in: U3 starts at 1 and 8279");
    TEST_OK(m->ends.n_u5 == 2 && m->ends.u5[0] == 755 && m->ends.u5[1] == 9033,
            "built-in: U5 ends at 755 and 9033");
    TEST_OK(m->n_ltr == 2 && m->ltr_len == 755 && m->ltr3_start == 8279, "built-in: two LTR copies");
    int same = 1;
    for (int r = 0; r < HP_N_REGION; r++)
        same &= m->reg_beg[r] == ann_beg[r] && m->reg_end[r] == ann_end[r];
    TEST_OK(same, "built-in: regions placed at the annotation (LTR 1-755, gag 802-2092, pol "
                  "2093-5180, env 5181-6648, pX 6649-8278)");
}

static void test_builtin(void)
{
    hp_virus_t v, f;
    char err[128];
    TEST_OK(hp_virus_init_builtin(&v) == 0, "built-in model");
    check_builtin(&v, "hp_virus_init_builtin");
    TEST_OK(hp_virus_init_seq(&f, "HTLV1", hp_htlv1_seq, hp_htlv1_len, err, sizeof err) == 0,
            "the finder on the built-in sequence");
    check_builtin(&f, "the finder on the built-in sequence");
    TEST_OK(f.len == v.len && strcmp(f.seq, v.seq) == 0 &&
                memcmp(&f.ends, &v.ends, sizeof f.ends) == 0 && f.n_ltr == v.n_ltr &&
                memcmp(f.ltr_beg, v.ltr_beg, sizeof f.ltr_beg) == 0 &&
                memcmp(f.ltr_end, v.ltr_end, sizeof f.ltr_end) == 0 && f.ltr_len == v.ltr_len &&
                f.ltr3_start == v.ltr3_start &&
                memcmp(f.reg_beg, v.reg_beg, sizeof f.reg_beg) == 0 &&
                memcmp(f.reg_end, v.reg_end, sizeof f.reg_end) == 0,
            "built-in model = the finder's model of the built-in sequence, field by field");
    hp_virus_destroy(&f);
    hp_virus_destroy(&v);
    hp_virus_destroy(NULL);
}

/* Regions of a strain's model against the strain's reference coordinates: each placed end
 * maps back to the annotated end within a few bases (indels near an end move it). */
static int regions_ok(const hp_virus_t *v, const hp_strain_t *s, int off, int first, int last)
{
    for (int r = first; r <= last; r++) {
        if (v->reg_beg[r] < 1 + off || v->reg_end[r] > s->virus.len + off) return 0;
        int b = s->ref_pos[v->reg_beg[r] - 1 - off], e = s->ref_pos[v->reg_end[r] - 1 - off];
        if (abs(b - ann_beg[r]) > 4 || abs(e - ann_end[r]) > 4) return 0;
    }
    return 1;
}

static void test_strains(void)
{
    hp_rng_t r;
    hp_rng_seed(&r, 11);
    char err[128];
    int n_ok1 = 0, n_reg1 = 0, n_ok2 = 0, n_reg2 = 0, n_ok3 = 0, n_ok4 = 0, n_reg4 = 0;
    int n_pre = 0, n = 10;
    for (int k = 0; k < n; k++) {
        hp_strain_t s;
        hp_virus_t v;
        if (hp_strain_make(&s, 0.015, 2, &r) != 0) continue;
        /* the LTR length from the construction map: bases of J02029 1-755 (and insertions) */
        int L = 0, len = s.virus.len;
        while (s.ref_pos[L] <= HP_LTR_LEN)
            L++;
        /* 1. the 1.5 % strain, LTR to LTR: its own LTRs (rule 1) */
        if (hp_virus_init_seq(&v, "strain", s.virus.seq, len, err, sizeof err) == 0) {
            n_ok1 += v.n_ltr == 2 && v.ltr_beg[0] == 1 && v.ltr_end[0] == L &&
                     v.ltr_beg[1] == len - L + 1 && v.ltr_end[1] == len && v.ltr_len == L &&
                     v.ltr3_start == len - L + 1;
            n_reg1 += regions_ok(&v, &s, 0, HP_REG_GAG, HP_REG_PX);
            hp_virus_destroy(&v);
        }
        /* 2. the two LTR copies made 3 % different inside (variants between copies): not
         *    self-similar; the built-in ends find them when each end is within 2 mismatches */
        char *t = strdup(s.virus.seq);
        for (int i = len - L + 20; i < len - 20; i++)
            if (hp_rng_uniform(&r) < 0.03) t[i] = t[i] == 'A' ? 'C' : 'A';
        int pre = hp_mismatches(t, hp_htlv1_seq, 20) <= 2 &&
                  hp_mismatches(t + L - 20, hp_htlv1_seq + HP_LTR_LEN - 20, 20) <= 2;
        n_pre += pre;
        if (pre && hp_virus_init_seq(&v, "strain2", t, len, err, sizeof err) == 0) {
            n_ok2 += v.n_ltr == 2 && v.ltr_beg[0] == 1 && v.ltr_end[0] == L &&
                     v.ltr_beg[1] == len - L + 1 && v.ltr_end[1] == len;
            n_reg2 += regions_ok(&v, &s, 0, HP_REG_GAG, HP_REG_PX);
            hp_virus_destroy(&v);
        }
        /* 3. split layout: the strain's LTR alone, between 30 bp of other sequence */
        char *u = malloc((size_t)L + 61);
        random_seq(u, 30, &r), memcpy(u + 30, s.virus.seq, (size_t)L);
        random_seq(u + 30 + L, 30, &r);
        if (pre && hp_virus_init_seq(&v, "sLTR", u, L + 60, err, sizeof err) == 0) {
            n_ok3 += v.n_ltr == 1 && v.ltr_beg[0] == 31 && v.ltr_end[0] == 30 + L &&
                     v.ltr_len == 0 && v.reg_end[HP_REG_GAG] == 0 && v.reg_end[HP_REG_PX] == 0;
            hp_virus_destroy(&v);
        }
        /* 4. the 5' LTR and the internal region, no 3' LTR: one copy, every region placed */
        if (pre && hp_virus_init_seq(&v, "LTR+int", s.virus.seq, len - L, err, sizeof err) == 0) {
            n_ok4 += v.n_ltr == 1 && v.ltr_beg[0] == 1 && v.ltr_end[0] == L;
            n_reg4 += regions_ok(&v, &s, 0, HP_REG_GAG, HP_REG_PX);
            hp_virus_destroy(&v);
        }
        free(t), free(u);
        hp_strain_destroy(&s);
    }
    TEST_EQ_INT(n_ok1, n, "1.5 % strains: both LTR copies found exactly (self-similarity)");
    TEST_EQ_INT(n_reg1, n, "1.5 % strains: gag/pol/env/pX placed within 4 bp of J02029's");
    TEST_OK(n_pre >= n / 2, "most strains keep their LTR ends within 2 mismatches");
    TEST_EQ_INT(n_ok2, n_pre, "LTR copies that differ by 3 %: found by the built-in ends");
    TEST_EQ_INT(n_reg2, n_pre, "... regions placed");
    TEST_EQ_INT(n_ok3, n_pre, "split-layout LTR contig: one LTR copy, no internal region");
    TEST_EQ_INT(n_ok4, n_pre, "5' LTR + internal: one LTR copy");
    TEST_EQ_INT(n_reg4, n_pre, "5' LTR + internal: regions placed (pX without a 3' LTR)");

    char *x = malloc(9000);
    random_seq(x, 9000, &r);
    hp_virus_t v;
    TEST_OK(hp_virus_init_seq(&v, "x", x, 9000, err, sizeof err) < 0 &&
                strcmp(err, "no HTLV-1 LTR end") == 0 && v.seq == NULL,
            "random sequence: no LTR end, nothing held");
    free(x);
}

/* A custom viral contig of a header (a 1.5 % strain between 40 bp of vector) and the split
 * layout's contigs: each contig view is its model's LTRs and regions, shifted. */
static void test_contig_views(void)
{
    hp_rng_t r;
    hp_rng_seed(&r, 3);
    hp_strain_t s;
    TEST_OK(hp_strain_make(&s, 0.015, 2, &r) == 0, "strain for the custom contig");
    char path[] = "/tmp/htlvpvl_test_virus_XXXXXX";
    int fd = mkstemp(path);
    FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
    char flank[81];
    random_seq(flank, 80, &r), flank[80] = 0;
    int clen = s.virus.len + 80;
    if (fp) {
        fprintf(fp, ">chr1\n%s\n>pHTLV\n%.40s%s%.40s\n", flank, flank, s.virus.seq, flank + 40);
        fclose(fp);
    }
    TEST_OK(fp && fai_build(path) == 0, "FASTA with a custom viral contig");
    char txt[256];
    snprintf(txt, sizeof txt,
             "@SQ\tSN:chr1\tLN:80\n@SQ\tSN:pHTLV\tLN:%d\n@SQ\tSN:HTLV1_LTR\tLN:755\n"
             "@SQ\tSN:HTLV1_internal\tLN:7523\n",
             clen);
    sam_hdr_t *h = sam_hdr_parse(strlen(txt), txt);
    hp_contigs_t c;
    char *names[] = {"pHTLV", "HTLV1_LTR", "HTLV1_internal"};
    TEST_OK(h && hp_contigs_init(&c, h, names, 3, path) == 0, "contigs with a custom one");
    if (h && c.n_vc == 3) {
        const hp_vcontig_t *p = &c.vc[0], *l = &c.vc[1], *in = &c.vc[2];
        const hp_virus_t *m = &c.model[p->model];
        int L = 0;
        while (s.ref_pos[L] <= HP_LTR_LEN)
            L++;
        TEST_OK(p->model == 1 && p->off == 0 && strcmp(m->name, "pHTLV") == 0,
                "custom contig: its own model");
        int n = s.virus.len;
        TEST_OK(p->n_u3 == 2 && p->u3[0] == 41 && p->u3[1] == 41 + n - L && p->n_u5 == 2 &&
                    p->u5[0] == 40 + L && p->u5[1] == 40 + n,
                "custom contig: U3 starts and U5 ends of the strain's LTRs");
        int same = p->n_iv[HP_REG_LTR] == 2 && p->iv_beg[HP_REG_LTR][1] == 41 + n - L &&
                   p->iv_end[HP_REG_LTR][1] == 40 + n;
        for (int g = HP_REG_GAG; g < HP_N_REGION; g++)
            same &= p->n_iv[g] == 1 && p->iv_beg[g][0] == m->reg_beg[g] &&
                    p->iv_end[g][0] == m->reg_end[g];
        TEST_OK(same, "custom contig: LTR and regions from the model");
        TEST_OK(regions_ok(m, &s, 40, HP_REG_GAG, HP_REG_PX),
                "custom contig: regions where J02029's are on the strain");
        TEST_OK(l->model == 0 && l->n_u3 == 1 && l->u3[0] == 1 && l->n_u5 == 1 &&
                    l->u5[0] == 755 && l->n_iv[HP_REG_LTR] == 1 && l->n_iv[HP_REG_GAG] == 0,
                "split LTR contig: one LTR copy of the built-in model");
        TEST_OK(in->model == 0 && in->off == 755 && in->n_u3 == 0 && in->n_u5 == 0 &&
                    in->n_iv[HP_REG_LTR] == 0 && in->iv_beg[HP_REG_GAG][0] == 802 - 755 &&
                    in->iv_end[HP_REG_PX][0] == 7523,
                "split internal contig: regions shifted by 755, no LTR");
        TEST_EQ_INT(c.region_len[HP_REG_LTR], 2 * 755, "LTR length per provirus: two copies");
        TEST_EQ_INT(c.region_len[HP_REG_PX], 1630, "pX length 6649-8278");
        TEST_OK(c.cls[0] == HP_CTG_AUTOSOME && c.cls[1] == HP_CTG_VIRUS, "contig classes");
    }
    hp_contigs_destroy(&c);
    sam_hdr_destroy(h);
    hp_strain_destroy(&s);
    unlink(path);
    char fai[64];
    snprintf(fai, sizeof fai, "%s.fai", path);
    unlink(fai);
}

int main(void)
{
    test_builtin();
    test_strains();
    test_contig_views();
    return test_done();
}
