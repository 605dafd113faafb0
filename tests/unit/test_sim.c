/* Unit tests of the simulator internals: PRNG, host, clone tables and draws, fragment lengths,
 * carrier-allele geometry (FIELD.md section 4) and one small simulation's bookkeeping. */
#include "htlvpvl/ref.h"
#include "htlvpvl/seq.h"
#include "htlvpvl/sim.h"
#include "tap.h"
#include <htslib/bgzf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void test_rng(void)
{
    hp_rng_t a, b, c;
    hp_rng_seed(&a, 7), hp_rng_seed(&b, 7), hp_rng_seed(&c, 8);
    int same = 1, diff = 0;
    for (int i = 0; i < 1000; i++) {
        uint64_t x = hp_rng_next(&a), y = hp_rng_next(&b), z = hp_rng_next(&c);
        same &= x == y, diff += x != z;
    }
    TEST_OK(same, "rng: same seed, same stream");
    TEST_OK(diff > 990, "rng: different seed, different stream");
    hp_rng_seed(&a, 1);
    double s = 0, s2 = 0, p = 0, p2 = 0, nm = 0, nm2 = 0;
    int n = 200000, in_range = 1, hist[5] = {0};
    for (int i = 0; i < n; i++) {
        double u = hp_rng_uniform(&a);
        in_range &= u >= 0 && u < 1;
        s += u, s2 += u * u;
        hist[hp_rng_below(&a, 5)]++;
        double k = (double)hp_rng_poisson(&a, 3.5);
        p += k, p2 += k * k;
        double g = hp_rng_normal(&a);
        nm += g, nm2 += g * g;
    }
    TEST_OK(in_range, "uniform in [0, 1)");
    TEST_NEAR(s / n, 0.5, 0.005, "uniform mean 1/2");
    TEST_NEAR(s2 / n - (s / n) * (s / n), 1.0 / 12, 0.002, "uniform variance 1/12");
    int flat = 1;
    for (int i = 0; i < 5; i++)
        flat &= fabs(hist[i] / (double)n - 0.2) < 0.005;
    TEST_OK(flat, "below(5) uniform over 0..4");
    TEST_NEAR(p / n, 3.5, 0.03, "poisson(3.5) mean");
    TEST_NEAR(p2 / n - (p / n) * (p / n), 3.5, 0.08, "poisson(3.5) variance");
    TEST_NEAR(nm / n, 0, 0.01, "normal mean 0");
    TEST_NEAR(nm2 / n - (nm / n) * (nm / n), 1, 0.02, "normal variance 1");
    double big = 0, big2 = 0;
    for (int i = 0; i < 2000; i++) {
        double k = (double)hp_rng_poisson(&a, 1000);
        big += k, big2 += k * k;
    }
    TEST_NEAR(big / 2000, 1000, 3, "poisson(1000) mean (chunked)");
    TEST_NEAR(sqrt(big2 / 2000 - (big / 2000) * (big / 2000)), sqrt(1000), 3, "poisson(1000) sd");
}

static void test_host(void)
{
    TEST_EQ_INT(hp_ctg_kind("chrX"), HP_CTG_X, "kind chrX");
    TEST_EQ_INT(hp_ctg_kind("X"), HP_CTG_X, "kind X");
    TEST_EQ_INT(hp_ctg_kind("chrM"), HP_CTG_MT, "kind chrM");
    TEST_EQ_INT(hp_ctg_kind("MT"), HP_CTG_MT, "kind MT");
    TEST_EQ_INT(hp_ctg_kind("chr1_KI270706v1_random"), HP_CTG_OTHER, "kind unplaced");
    TEST_EQ_INT(hp_ctg_kind("chr17"), HP_CTG_AUTOSOME, "kind chr17");
    hp_host_t h, g;
    TEST_OK(hp_host_synth(&h, 1000, 20, 1) < 0, "synth: too small a host refused");
    TEST_OK(hp_host_synth(&h, 100000, 20, 1) == 0 && hp_host_synth(&g, 100000, 20, 1) == 0,
            "synth: 100 kb host");
    TEST_EQ_INT(hp_host_autosome_len(&h), 100000, "synth: autosomal length");
    TEST_EQ_INT(h.n, 5, "synth: chr1-3, chrX, chrM");
    int same = h.n == g.n;
    for (int i = 0; same && i < h.n; i++)
        same = !strcmp(h.ctg[i].seq, g.ctg[i].seq);
    TEST_OK(same, "synth: deterministic in host seed");
    TEST_OK(h.ctg[3].kind == HP_CTG_X && h.ctg[3].copies == 1, "synth: chrX one copy");
    TEST_OK(h.ctg[4].kind == HP_CTG_MT && h.ctg[4].copies == 20, "synth: chrM at mt copies");
    /* segmental duplication: about 1 % divergence */
    int mm = hp_mismatches(h.ctg[h.segdup_src_tid].seq + h.segdup_src - 1,
                           h.ctg[h.segdup_dst_tid].seq + h.segdup_dst - 1, (size_t)h.segdup_len);
    TEST_OK(mm > 0 && mm < 0.02 * h.segdup_len, "synth: segmental duplication ~1 % diverged");
    hp_host_destroy(&g);
    /* FASTA round trip */
    char path[] = "/tmp/test_sim_XXXXXX";
    int fd = mkstemp(path);
    FILE *fp = fdopen(fd, "w");
    TEST_OK(hp_host_write_fasta(&h, fp) == 0 && fclose(fp) == 0, "write host FASTA");
    TEST_OK(hp_host_read_fasta(&g, path, 30) == 0, "read host FASTA");
    same = h.n == g.n;
    for (int i = 0; same && i < h.n; i++)
        same = !strcmp(h.ctg[i].seq, g.ctg[i].seq) && !strcmp(h.ctg[i].name, g.ctg[i].name);
    TEST_OK(same, "FASTA round trip");
    TEST_OK(g.ctg[4].copies == 30, "FASTA: chrM copies from the caller");
    hp_host_destroy(&g);
    fp = fopen(path, "w");
    fputs("ACGT\n>x\nACGT\n", fp);
    fclose(fp);
    TEST_OK(hp_host_read_fasta(&g, path, 30) == -2, "FASTA: sequence before a header is an error");
    TEST_OK(hp_host_read_fasta(&g, "/nonexistent/x.fa", 30) == -1, "FASTA: missing file -> -1");
    unlink(path);
    hp_host_destroy(&h);
    hp_host_destroy(NULL);
}

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

static void test_clones(const hp_host_t *h)
{
    char path[] = "/tmp/test_sim_XXXXXX";
    int fd = mkstemp(path), line;
    const char *msg;
    FILE *fp = fdopen(fd, "w");
    fputs("#chrom\tpos\tstrand\tcell_fraction\tccr4\tfold\tdefective\n"
          "chr1\t20000\t+\t0.3\t1\t0.1,0.5\tnone\nchr2\t9000\t-\t0.05\t0\tNA\t5ltr\n",
          fp);
    fclose(fp);
    hp_clones_t cl;
    TEST_OK(hp_clones_read(&cl, path, h, 600, &line, &msg) == 0, "clone table with header");
    TEST_EQ_INT(cl.n, 2, "two clones");
    TEST_OK(cl.c[0].ccr4 == 1 && cl.c[0].n_fold == 2 && cl.c[0].fold[2] == 0.5,
            "ccr4 and fold columns");
    TEST_OK(cl.c[1].strand == '-' && cl.c[1].defective == HP_DEF_5LTR && cl.c[1].pos == 9000,
            "strand, defective, pos");
    hp_clones_destroy(&cl);
    fp = fopen(path, "w");
    fputs("chr1\t20000\t+\t0.3\nchr9\t9000\t-\t0.05\n", fp);
    fclose(fp);
    TEST_OK(hp_clones_read(&cl, path, h, 600, &line, &msg) == -2 && line == 2,
            "unknown contig: error at line 2");
    fp = fopen(path, "w");
    fputs("chr1\t20000\tx\t0.3\n", fp);
    fclose(fp);
    TEST_OK(hp_clones_read(&cl, path, h, 600, &line, &msg) == -2, "bad strand refused");
    fp = fopen(path, "w");
    fputs("chr1\t20000\t+\t1.5\n", fp);
    fclose(fp);
    TEST_OK(hp_clones_read(&cl, path, h, 600, &line, &msg) == -2, "cell fraction > 1 refused");
    fp = fopen(path, "w");
    fputs("chrM\t1000\t+\t0.1\n", fp);
    fclose(fp);
    TEST_OK(hp_clones_read(&cl, path, h, 600, &line, &msg) == -2, "no clones on chrM");
    unlink(path);

    hp_rng_t r;
    hp_rng_seed(&r, 3);
    TEST_OK(hp_clones_draw(&cl, &r, h, 50, NULL, 0, 8, 600, 610, 0.58) == 0, "draw 50 clones");
    double s = 0, s4 = 0;
    int ok_site = 1, apart = 1;
    for (int i = 0; i < cl.n; i++) {
        const hp_clone_t *c = &cl.c[i];
        s += c->cell_fraction;
        s4 += c->ccr4 ? c->cell_fraction : 0;
        int64_t a = hp_clone_tsd_start(c);
        ok_site &= h->ctg[c->tid].kind == HP_CTG_AUTOSOME && a - 600 >= 1 &&
                   a + 5 + 600 <= h->ctg[c->tid].len;
        for (int j = 0; j < i; j++)
            if (cl.c[j].tid == c->tid && llabs(hp_clone_tsd_start(&cl.c[j]) - a) < 610) apart = 0;
    }
    TEST_NEAR(s, 0.08, 1e-12, "drawn cell fractions sum to PVL / 100");
    TEST_NEAR(s4 / s, 0.58, 0.05, "CCR4+ share of infected cells near 0.58");
    TEST_OK(ok_site, "drawn sites on autosomes, away from contig ends");
    TEST_OK(apart, "drawn sites at least the spacing apart");
    hp_clones_destroy(&cl);
    double w[4] = {1000, 1, 1, 1};
    hp_rng_seed(&r, 3);
    TEST_OK(hp_clones_draw(&cl, &r, h, 4, w, 4, 10, 600, 610, 0.5) == 0, "draw from weights");
    double mx = 0;
    for (int i = 0; i < cl.n; i++)
        mx = cl.c[i].cell_fraction > mx ? cl.c[i].cell_fraction : mx;
    TEST_NEAR(mx, 0.1 * 1000 / 1003, 1e-12, "weighted draw without replacement keeps sizes");
    hp_clones_destroy(&cl);
    TEST_OK(hp_clones_draw(&cl, &r, h, 5, w, 4, 10, 600, 610, 0.5) == -1,
            "more clones than the distribution has: refused");
    TEST_OK(hp_clones_draw(&cl, &r, h, 500, NULL, 0, 10, 600, 5000, 0.5) == -1,
            "sites that cannot be placed: refused");
}

static void test_fraglen(void)
{
    hp_fraglen_t f;
    TEST_OK(hp_fraglen_normal(&f, 350, 60) == 0, "normal fragment lengths");
    TEST_NEAR(f.mean, 350, 0.5, "fragment mean");
    TEST_NEAR(f.sd, 60, 1, "fragment sd");
    TEST_OK(f.lo == 110 && f.hi == 590, "support mean +- 4 sd");
    double m = hp_fraglen_mean_read(&f, 150);
    TEST_OK(m < 150 && m > 149.99, "mean read length: only rare fragments < 150 bp are short");
    hp_rng_t r;
    hp_rng_seed(&r, 5);
    double s = 0;
    for (int i = 0; i < 100000; i++)
        s += hp_fraglen_draw(&f, &r);
    TEST_NEAR(s / 100000, 350, 1, "drawn fragment mean");
    hp_fraglen_destroy(&f);
    TEST_OK(hp_fraglen_normal(&f, 100, 0) == 0 && f.lo == 100 && f.hi == 100, "sd 0: one length");
    TEST_NEAR(hp_fraglen_mean_read(&f, 150), 100, 1e-9, "short fragments give short reads");
    hp_fraglen_destroy(&f);
    hp_fraglen_destroy(NULL);
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

/* The strain against J02029: LTR copies identical, reference coordinates increasing, the
 * differences (counted here on the coordinate map, not taken from the strain's counters) near
 * the rates asked, about twice as dense in the LTR. */
static void test_strain(void)
{
    hp_rng_t r;
    hp_strain_t s;
    hp_rng_seed(&r, 5);
    TEST_OK(hp_strain_make(&s, 0, 2, &r) == 0 && s.len == hp_htlv1_len &&
                strcmp(s.seq, hp_htlv1_seq) == 0,
            "strain at divergence 0 is J02029");
    hp_rng_t r0;
    hp_rng_seed(&r0, 5);
    TEST_OK(hp_rng_next(&r) == hp_rng_next(&r0), "divergence 0 draws nothing");
    hp_strain_destroy(&s);
    TEST_OK(hp_strain_make(&s, 0.3, 2, &r) == -1, "divergence 0.3 refused");
    double sum_ltr = 0, sum_int = 0;
    int mono = 1, ltr_same = 1, n_rep = 20;
    for (int k = 0; k < n_rep; k++) {
        if (hp_strain_make(&s, 0.02, 2, &r) < 0) return;
        int L = s.ltr_len;
        ltr_same &= memcmp(s.seq, s.seq + s.len - L, (size_t)L) == 0 &&
                    s.ref_pos[s.len - L] == HP_LTR3_START;
        /* differences: substituted bases (same coordinate, other base), inserted bases
         * (coordinate repeated), deleted bases (coordinate skipped) */
        int d_ltr = 0, d_int = 0, prev = 0;
        for (int i = 0; i < s.len - L; i++) {
            int x = s.ref_pos[i];
            int d = (x == prev) + (x > prev + 1 ? x - prev - 1 : 0) +
                    (x != prev && s.seq[i] != hp_htlv1_seq[x - 1]);
            mono &= x >= prev;
            if (x <= HP_LTR_LEN)
                d_ltr += d;
            else
                d_int += d;
            prev = x;
        }
        sum_ltr += (double)d_ltr / HP_LTR_LEN, sum_int += (double)d_int / HP_INTERNAL_LEN;
        hp_strain_destroy(&s);
    }
    TEST_OK(mono, "strain: reference coordinates never decrease");
    TEST_OK(ltr_same, "strain: 3' LTR = 5' LTR, placed at 8279");
    /* per base: 0.9 r substitutions + 0.05 r x 2 inserted + 0.05 r x 2 deleted = 1.1 r */
    TEST_NEAR(sum_int / n_rep, 1.1 * 0.02, 0.004, "strain: internal differences ~ 1.1 x 2 %");
    TEST_NEAR(sum_ltr / n_rep, 1.1 * 0.04, 0.01, "strain: LTR differences ~ 1.1 x 4 %");
}

static void test_gc_keep(void)
{
    TEST_NEAR(hp_sim_gc_keep(0.3, 0), 1, 1e-12, "gc keep: no bias keeps all");
    TEST_NEAR(hp_sim_gc_keep(0.6, 2) / hp_sim_gc_keep(0.4, 2), exp(2 * 0.2), 1e-9,
              "gc keep: relative exp(S dGC)");
    TEST_NEAR(hp_sim_gc_keep(0.9, 2), 1, 1e-12, "gc keep: 1 at the favoured clamp");
    TEST_NEAR(hp_sim_gc_keep(0.1, -2), 1, 1e-12, "gc keep: negative S favours low GC");
}

int main(void)
{
    test_strain();
    test_gc_keep();
    test_rng();
    test_host();
    hp_host_t h;
    if (hp_host_synth(&h, 60000, 20, 2) < 0) return 1;
    test_allele(&h);
    test_flank_indels(&h);
    test_clones(&h);
    test_fraglen();
    test_run(&h);
    hp_host_destroy(&h);
    return test_done();
}
