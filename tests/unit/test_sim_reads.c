/* Unit tests of src/sim_reads.c: the carrier allele around the TSD (FIELD.md section 4), GC
 * selection and one small simulation's bookkeeping. */
#include "htlvpvl/ref.h"
#include "htlvpvl/seq.h"
#include "htlvpvl/sim.h"
#include "tap.h"
#include <htslib/bgzf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The carrier allele around the TSD: returns 1 when it reads
 * host[..a+5] | provirus | host[a..] with the provirus in the expected orientation. */
static void test_allele(const hp_host_t *h)
{
    hp_clone_t c = {.id = 1, .tid = 0, .pos = 20000, .strand = '+', .cell_fraction = 0.1};
    hp_allele_t al;
    const char *g = h->ctg[0].seq;
    TEST_OK(hp_allele_build(&al, h, &c, 600, NULL) == 0, "allele +: built");
    int64_t a = hp_clone_tsd_start(&c);
    TEST_EQ_INT(a, 20000, "+ strand: TSD starts at pos");
    TEST_EQ_INT(al.prov_end0 - al.prov_beg0, hp_htlv1_len, "allele +: full provirus");
    TEST_OK(!memcmp(al.seq + al.prov_beg0 - 6, g + a - 1, 6), "allele +: TSD left of provirus");
    TEST_OK(!memcmp(al.seq + al.prov_end0, g + a - 1, 6), "allele +: TSD right of provirus");
    TEST_OK(!memcmp(al.seq + al.prov_beg0, HP_U3_MOTIF, 10), "allele +: U3 after the left host");
    TEST_OK(!memcmp(al.seq + al.prov_end0 - 10, HP_U5_MOTIF, 10), "allele +: U5 before host a");
    TEST_OK(al.left_kind == HP_JUNC_U3 && al.right_kind == HP_JUNC_U5, "allele +: junction kinds");
    /* FIELD.md: left-clipped read ending ...TTAGTACACA, host base at the junction = a = pos */
    TEST_OK(al.seq[al.prov_end0] == g[c.pos - 1], "allele +: U5 joined to host base pos");
    TEST_OK(!memcmp(al.seq, g + a - 1 - 600, 600), "allele +: left flank is host");
    hp_allele_destroy(&al);

    c.strand = '-', c.pos = 20005;
    a = hp_clone_tsd_start(&c);
    TEST_EQ_INT(a, 20000, "- strand: TSD starts at pos - 5");
    TEST_OK(hp_allele_build(&al, h, &c, 600, NULL) == 0, "allele -: built");
    TEST_OK(!memcmp(al.seq + al.prov_beg0 - 6, g + a - 1, 6), "allele -: TSD left");
    TEST_OK(!memcmp(al.seq + al.prov_end0, g + a - 1, 6), "allele -: TSD right");
    TEST_OK(!memcmp(al.seq + al.prov_beg0, "TGTGTACTAA", 10), "allele -: rc(U5) after host");
    TEST_OK(!memcmp(al.seq + al.prov_end0 - 10, "GTCATTGTCA", 10), "allele -: rc(U3) before host");
    /* FIELD.md: right clip beginning TGTGTACTAA: host base at the junction = a + 5 = pos */
    TEST_OK(al.seq[al.prov_beg0 - 1] == g[c.pos - 1], "allele -: rc(U5) joined to host base pos");
    TEST_OK(al.left_kind == HP_JUNC_U5 && al.right_kind == HP_JUNC_U3, "allele -: junction kinds");
    TEST_EQ_INT(al.prov_map[0], hp_htlv1_len, "allele -: provirus map reversed");
    hp_allele_destroy(&al);

    c.strand = '+', c.pos = 20000, c.defective = HP_DEF_5LTR;
    TEST_OK(hp_allele_build(&al, h, &c, 600, NULL) == 0, "allele 5ltr: built");
    TEST_EQ_INT(al.prov_end0 - al.prov_beg0, hp_htlv1_len - 1500, "5ltr: 1-1500 deleted");
    TEST_EQ_INT(al.prov_map[0], 1501, "5ltr: provirus starts at 1501");
    TEST_OK(al.left_kind == HP_JUNC_DEL && al.right_kind == HP_JUNC_U5, "5ltr +: U5 only");
    hp_allele_destroy(&al);
    c.strand = '-', c.pos = 20005;
    TEST_OK(hp_allele_build(&al, h, &c, 600, NULL) == 0 && al.left_kind == HP_JUNC_U5 &&
                al.right_kind == HP_JUNC_DEL,
            "5ltr -: U5 junction on the left only");
    hp_allele_destroy(&al);
    c.strand = '+', c.pos = 20000, c.defective = HP_DEF_INTERNAL;
    TEST_OK(hp_allele_build(&al, h, &c, 600, NULL) == 0, "allele internal: built");
    TEST_EQ_INT(al.prov_end0 - al.prov_beg0, hp_htlv1_len - 5500, "internal: 1001-6500 deleted");
    const hp_feature_t *px = hp_ref_feature("pX");
    int has_px = 0;
    for (int64_t i = 0; i < al.prov_end0 - al.prov_beg0; i++)
        has_px += al.prov_map[i] == px->start;
    TEST_OK(has_px == 1 && al.left_kind == HP_JUNC_U3, "internal: pX and both LTRs kept");
    hp_allele_destroy(&al);
    c.pos = 100, c.defective = HP_DEF_NONE;
    TEST_OK(hp_allele_build(&al, h, &c, 600, NULL) == -1,
            "allele: site near the contig end refused");
}

static void test_run(const hp_host_t *h)
{
    hp_clone_t cs[2] = {
        {.id = 1, .tid = 0, .pos = 20000, .strand = '+', .cell_fraction = 0.4, .ccr4 = -1},
        {.id = 2, .tid = 1, .pos = 9005, .strand = '-', .cell_fraction = 0.2, .ccr4 = -1}};
    hp_clones_t cl = {cs, 2, 2, 0};
    double frac[2] = {0.4, 0.2};
    hp_fraglen_t f;
    if (hp_fraglen_normal(&f, 300, 30) < 0) return;
    hp_sim_opt_t o = {60, 100, 0.0, 0.1, &f, 0, NULL, 0};
    hp_rng_t r;
    hp_rng_seed(&r, 11);
    BGZF *b1 = bgzf_open("/dev/null", "wu"), *b2 = bgzf_open("/dev/null", "wu");
    hp_sim_truth_t t;
    TEST_OK(hp_sim_run(&o, h, &cl, frac, &r, b1, b2, &t) == 0, "simulate a small sample");
    TEST_EQ_INT(t.n_fragments - t.n_duplicates, t.n_host + t.n_viral, "unique = host + viral");
    TEST_NEAR((double)t.n_duplicates / t.n_fragments, 0.1, 0.01, "duplicate fraction");
    TEST_NEAR(t.pvl_nominal, 60, 1e-9, "nominal PVL = 100 x sum of cell fractions");
    TEST_NEAR(t.pvl_cells, 60, 1e-9, "truth in cells = 100 x sum of cell fractions");
    TEST_NEAR(t.pvl_realised / 60, 1, 0.15, "realised PVL near nominal at 60x");
    TEST_NEAR(t.auto_bases / t.auto_len, 60, 1.5, "autosomal depth (edge loss < 2 %)");
    TEST_NEAR(t.x_bases / t.x_len / (t.auto_bases / t.auto_len), 0.5, 0.05, "chrX half depth");
    TEST_OK(t.mt_bases / t.mt_len > 5 * t.auto_bases / t.auto_len, "chrM high copy");
    int64_t j = 0;
    for (int i = 0; i < 2; i++)
        j += t.clone[i].junction_u5 + t.clone[i].junction_u3;
    TEST_OK(t.n_junction > 0 && t.n_junction <= j, "junction fragments counted");
    /* expected junction fragments per side: c/2 of the fragment coverage of a point */
    double cover = 60.0 / 2 / (2 * 100) * 2 * 300; /* fragments covering a point, 2 copies */
    TEST_NEAR(t.clone[0].junction_u5, 0.2 * cover, 4 * sqrt(0.2 * cover) + 1,
              "clone 1 U5 junction fragments ~ c/2 of coverage");
    TEST_OK(t.clone[0].split_u5 <= t.clone[0].junction_u5, "split <= junction fragments");
    hp_sim_truth_destroy(&t);
    TEST_OK(bgzf_close(b1) == 0 && bgzf_close(b2) == 0, "close outputs");
    hp_fraglen_destroy(&f);
}

static void test_gc_keep(void)
{
    TEST_NEAR(hp_sim_gc_keep(0.3, 0), 1, 1e-12, "gc keep: no bias keeps all");
    TEST_NEAR(hp_sim_gc_keep(0.6, 2) / hp_sim_gc_keep(0.4, 2), exp(2 * 0.2), 1e-9,
              "gc keep: relative exp(S dGC)");
    TEST_NEAR(hp_sim_gc_keep(0.9, 2), 1, 1e-12, "gc keep: 1 at the favoured clamp");
    TEST_NEAR(hp_sim_gc_keep(0.1, -2), 1, 1e-12, "gc keep: negative S favours low GC");
}

/* Host indels next to junctions: every clone gets one (frac 1), 1-3 bp, 1-10 host bases from
 * a junction, never touching the junction bases a and a + 5; the carrier allele holds the
 * host with the indel applied (built here base by base) on both sides of the provirus. */
static void test_flank_indels(const hp_host_t *h)
{
    hp_clone_t cs[40];
    memset(cs, 0, sizeof cs);
    for (int i = 0; i < 40; i++)
        cs[i].id = i + 1, cs[i].tid = 0, cs[i].pos = 2000 + 700 * i, cs[i].ccr4 = -1,
        cs[i].strand = i % 2 ? '-' : '+', cs[i].cell_fraction = 0.01;
    hp_clones_t cl = {cs, 40, 40, 0};
    hp_rng_t r;
    hp_rng_seed(&r, 9);
    hp_clones_flank_indels(&cl, 1.0, &r);
    int bad_draw = 0, bad_allele = 0, n_ins = 0, n_del = 0;
    for (int i = 0; i < 40; i++) {
        const hp_clone_t *c = &cs[i];
        int64_t a = hp_clone_tsd_start(c), p = c->indel_pos;
        int k = c->indel_len < 0 ? -c->indel_len : c->indel_len;
        n_ins += c->indel_len > 0, n_del += c->indel_len < 0;
        if (k < 1 || k > 3 || c->indel_dist < 1 || c->indel_dist > 10) bad_draw++;
        if (c->indel_len < 0 && ((p <= a && p + k - 1 >= a) || (p <= a + 5 && p + k > a + 5)))
            bad_draw++;
        if (c->indel_len > 0 && (int)strlen(c->indel_seq) != k) bad_draw++;
        /* expected flanks: host [a - 20, a + 5] and [a, a + 25] with the indel */
        char want[2][64];
        int nw[2] = {0, 0};
        for (int sd = 0; sd < 2; sd++) {
            int64_t lo = sd ? a : a - 20, hi = sd ? a + 25 : a + 5;
            for (int64_t x = lo; x <= hi; x++) {
                if (c->indel_len < 0 && x >= p && x < p + k) continue;
                want[sd][nw[sd]++] = h->ctg[0].seq[x - 1];
                if (c->indel_len > 0 && x == p && x < hi)
                    for (int j = 0; j < k; j++)
                        want[sd][nw[sd]++] = c->indel_seq[j];
            }
        }
        hp_allele_t al;
        if (hp_allele_build(&al, h, c, 600, NULL) != 0) {
            bad_allele++;
            continue;
        }
        /* the allele's length: each flank copy [a - 600, a + 5], [a, a + 605] holding the
         * indel gains or loses k bases */
        int64_t in_left = c->indel_len < 0 ? p + k - 1 <= a + 5 : p < a + 5;
        int64_t in_right = p >= a, dk = c->indel_len > 0 ? k : -k;
        int64_t want_len = al.prov_end0 - al.prov_beg0 + 2 * 606 + dk * (in_left + in_right);
        if (memcmp(al.seq + al.prov_beg0 - nw[0], want[0], (size_t)nw[0]) ||
            memcmp(al.seq + al.prov_end0, want[1], (size_t)nw[1]) || al.len != want_len)
            bad_allele++;
        hp_allele_destroy(&al);
    }
    TEST_EQ_INT(bad_draw, 0, "flank indels: 1-3 bp, 1-10 bp from a junction, junction bases kept");
    TEST_OK(n_ins > 5 && n_del > 5, "flank indels: insertions and deletions");
    TEST_EQ_INT(bad_allele, 0, "flank indels: carrier allele = host with the indel, both TSDs");
    hp_rng_t q;
    hp_rng_seed(&r, 9), hp_rng_seed(&q, 9);
    hp_clone_t c0 = cs[0];
    hp_clones_t one = {&c0, 1, 1, 0};
    c0.indel_len = 0;
    hp_clones_flank_indels(&one, 0.0, &r);
    TEST_OK(one.flank_indels == 1 && c0.indel_len == 0 && hp_rng_next(&r) == hp_rng_next(&q),
            "flank indels 0: none drawn, nothing taken from the stream");
}

int main(void)
{
    test_gc_keep();
    hp_host_t h;
    if (hp_host_synth(&h, 60000, 20, 2) < 0) return 1;
    test_allele(&h);
    test_flank_indels(&h);
    test_run(&h);
    hp_host_destroy(&h);
    return test_done();
}
