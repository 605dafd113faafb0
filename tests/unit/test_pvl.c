/* Unit tests of the depth-ratio PVL: the formula, its CI, zero viral reads, the defective flag
 * and the crossing depth used for W without an index; the profile estimator (intact and
 * defective proviruses, uncovered host windows, GC, overdispersion), the junction CI and the
 * headline. */
#include "htlvpvl/pvl.h"
#include "htlvpvl/stats.h"
#include "tap.h"
#include <htslib/kstring.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Profile counters for N copies per 100 cells at `rate` fragments per haploid base: each
 * type's share of proviruses (intact, type 2 deleting 1-1500, type 1 deleting 1001-6500), read
 * GC gc_v on the virus; scale multiplies bin i by f[i % 2] (overdispersion; NULL: 1). */
static void fill_viral(hp_dprof_t *p, double n, double rate, const double *share, double gc_v,
                       const double *f)
{
    for (int b = 0; b < HP_DP_NBIN; b++) {
        int beg, end;
        hp_dprof_bin_range(b, &beg, &end);
        double len = end - beg + 1, kept;
        if (b < HP_DP_N_LTR_BIN) {
            kept = share[0] * 2 * len + share[1] * len + share[2] * 2 * len;
        } else {
            int64_t d2 = 0, d1 = 0;
            for (int x = beg; x <= end; x++)
                d2 += x <= 1500, d1 += x >= 1001 && x <= 6500;
            kept = share[0] * len + share[1] * (len - d2) + share[2] * (len - d1);
        }
        double reads = 2 * rate * kept * n / 100 * (f ? f[b % 2] : 1);
        p->v_reads[b] = llround(reads);
        p->v_bases[b] = 150 * p->v_reads[b];
        p->v_gc[b] = llround(gc_v * (double)p->v_bases[b]);
    }
}

/* Host windows at `rate`: window w gets GC gc[w % 2] and rate x rf[w % 2]. */
static void fill_host(hp_dprof_t *p, double rate, const double *gc, const double *rf)
{
    for (int64_t w = 0; w < p->n_win; w++) {
        p->w_reads[w] = (uint32_t)llround(4 * rate * rf[w % 2] * p->win_len[w]);
        p->w_bases[w] = 150 * p->w_reads[w];
        p->w_gc[w] = (uint32_t)llround(gc[w % 2] * p->w_bases[w]);
        p->w_lowmq[w] = 0;
    }
}

static void test_profile(void)
{
    const char *t = "@SQ\tSN:chr1\tLN:1000000\n@SQ\tSN:chrX\tLN:500000\n"
                    "@SQ\tSN:HTLV1\tLN:9033\n";
    sam_hdr_t *h = sam_hdr_parse(strlen(t), t);
    hp_contigs_t ctg;
    hp_dprof_t p;
    TEST_OK(hp_contigs_init(&ctg, h, NULL, 0, NULL) == 0 && hp_dprof_init(&p, &ctg, h) == 0,
            "profile counters");
    TEST_EQ_INT(p.win, 5000, "window: autosome length / 200");
    TEST_EQ_INT(p.n_win, 200, "windows on the autosome only (chrX left out)");
    double gc1[2] = {0.4, 0.4}, one[2] = {1, 1}, intact[3] = {1, 0, 0};
    hp_pvl_profile_t o;
    /* intact, 60x-like: rate 0.1 fragments per haploid base, PVL 50 */
    fill_host(&p, 0.1, gc1, one);
    fill_viral(&p, 50, 0.1, intact, 0.4, NULL);
    hp_pvl_profile(&p, &o);
    TEST_NEAR(o.copies_per_100, 50, 0.5, "intact: PVL from every bin");
    TEST_STR(o.model, "intact", "intact: no defective model");
    TEST_NEAR(o.viral_fragments, 0.1 * 9033 * 0.5, 3, "intact: all viral fragments used");
    TEST_OK((o.ci_hi - o.ci_lo) / (o.info_hi - o.info_lo) < 1.1,
            "intact: CI within 10 % of the information limit");
    TEST_OK(o.ci_lo < 50 && o.ci_hi > 50 && o.dispersion == 1, "intact: CI holds the truth");
    TEST_EQ_INT(o.n_win_edge, 2, "contig-end windows left out");
    /* a reference N gap: 20 windows without reads, same PVL */
    for (int w = 50; w < 70; w++)
        p.w_reads[w] = p.w_gc[w] = p.w_bases[w] = 0;
    hp_pvl_profile_t g;
    hp_pvl_profile(&p, &g);
    TEST_NEAR(g.copies_per_100, o.copies_per_100, 0.01 * o.copies_per_100,
              "N gap: same PVL (covered windows only)");
    TEST_EQ_INT(g.n_win_uncovered, 22, "N gap: 20 windows and their 2 neighbours left out");
    /* low-MAPQ windows left out: a collapsed repeat at 3x depth, all MAPQ 0 */
    p.w_reads[100] *= 3, p.w_lowmq[100] = p.w_reads[100];
    hp_pvl_profile(&p, &g);
    TEST_EQ_INT(g.n_win_lowmq, 1, "low-MAPQ window left out");
    TEST_NEAR(g.copies_per_100, o.copies_per_100, 0.01 * o.copies_per_100, "... PVL unchanged");
    /* GC: half the host at 40 % GC and rate r, half at 55 % and 1.5 r; virus (55 % GC) drawn
     * at 1.5 r: a PVL from the mean host rate would be 1.5 / 1.25 = 20 % high */
    double gc2[2] = {0.40, 0.55}, rf[2] = {1, 1.5};
    fill_host(&p, 0.1, gc2, rf);
    fill_viral(&p, 50, 0.15, intact, 0.55, NULL);
    hp_pvl_profile(&p, &g);
    TEST_NEAR(g.copies_per_100, 50, 1.5, "GC-biased library: host of the virus' GC");
    /* 40 % type 2 (5' LTR + 1-1500 lost), 20 % type 1 (1001-6500), deep */
    double def[3] = {0.4, 0.4, 0.2};
    fill_host(&p, 2, gc1, one);
    fill_viral(&p, 50, 2, def, 0.4, NULL);
    hp_pvl_profile(&p, &g);
    TEST_STR(g.model, "defective", "defective: model chosen");
    TEST_NEAR(g.copies_per_100, 50, 1.5, "defective: all proviruses counted, unbiased");
    TEST_NEAR(g.intact_fraction, 0.4, 0.08, "defective: intact fraction");
    TEST_OK(g.intact_lo < g.intact_fraction && g.intact_hi > g.intact_fraction,
            "defective: intact fraction CI");
    TEST_OK(g.type2_end >= 1256 && g.type2_end <= 1758,
            "defective: type 2 deletion end (bin edge)");
    TEST_OK(g.type1_beg >= 756 && g.type1_beg <= 1759 && g.type1_end >= 6000,
            "defective: type 1 deletion");
    /* overdispersion: alternate bins at 1.5x and 0.5x: measured, CI widened */
    double f[2] = {1.5, 0.5};
    fill_host(&p, 0.1, gc1, one);
    fill_viral(&p, 50, 0.1, intact, 0.4, f);
    hp_pvl_profile(&p, &g);
    TEST_OK(g.dispersion > 2, "overdispersed bins: dispersion measured");
    TEST_OK((g.ci_hi - g.ci_lo) / (g.info_hi - g.info_lo) > 1.3, "overdispersed: CI widened");
    /* uninfected */
    memset(p.v_reads, 0, sizeof p.v_reads);
    hp_pvl_profile(&p, &g);
    TEST_OK(g.copies_per_100 == 0 && g.ci_lo == 0 && g.ci_hi > 0 && g.ci_hi < 1,
            "uninfected: 0 [0, upper limit]");
    hp_dprof_destroy(&p);
    hp_contigs_destroy(&ctg);
    sam_hdr_destroy(h);
}

/* A GC-biased library (rate e^(2 (g - 0.40))) on a host of narrow GC (windows 38-42 %, rates
 * scattered +-20 % by a fixed LCG stream) with the virus at 53 %: no host window near the
 * viral GC, the trend shows at under 4 sd, yet the pooled rate would read about 30 % high
 * (64.1 with the 4-sd rule of before): the trend is followed. With windows of 45-58 % GC the
 * viral GC is supported. */
static void fill_narrow(hp_dprof_t *p, double lo, double hi)
{
    uint64_t x = 2;
    for (int64_t w = 0; w < p->n_win; w++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        double u1 = (double)(x >> 11) / 9007199254740992.0;
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        double u2 = (double)(x >> 11) / 9007199254740992.0;
        double g = lo + (hi - lo) * u1, rate = 0.1 * exp(2 * (g - 0.40)) * (0.8 + 0.4 * u2);
        p->w_reads[w] = (uint32_t)llround(4 * rate * p->win_len[w]);
        p->w_bases[w] = 150 * p->w_reads[w];
        p->w_gc[w] = (uint32_t)llround(g * p->w_bases[w]);
        p->w_lowmq[w] = 0;
    }
}

static void test_profile_narrow_gc(void)
{
    const char *t = "@SQ\tSN:chr1\tLN:1000000\n@SQ\tSN:HTLV1\tLN:9033\n";
    sam_hdr_t *h = sam_hdr_parse(strlen(t), t);
    hp_contigs_t ctg;
    hp_dprof_t p;
    TEST_OK(hp_contigs_init(&ctg, h, NULL, 0, NULL) == 0 && hp_dprof_init(&p, &ctg, h) == 0,
            "narrow GC: profile counters");
    double intact[3] = {1, 0, 0};
    hp_pvl_profile_t o;
    fill_narrow(&p, 0.38, 0.42);
    fill_viral(&p, 50, 0.1 * exp(2 * (0.53 - 0.40)), intact, 0.53, NULL);
    hp_pvl_profile(&p, &o);
    TEST_OK(o.gc_unsupported == 1, "narrow GC: no host window near the viral GC");
    TEST_OK(o.gc_bandwidth > 0, "narrow GC: the weak trend is followed, not the pooled rate");
    TEST_NEAR(o.copies_per_100, 50, 5, "narrow GC: PVL within 10 % (pooled: 64)");
    fill_narrow(&p, 0.45, 0.58);
    hp_pvl_profile(&p, &o);
    TEST_OK(o.gc_unsupported == 0, "host GC 45-58 %: windows at the viral GC");
    TEST_NEAR(o.copies_per_100, 50, 5, "host GC 45-58 %: PVL within 10 %");
    hp_dprof_destroy(&p);
    hp_contigs_destroy(&ctg);
    sam_hdr_destroy(h);
}

/* One SAM text line into b (header h). */
static int parse(sam_hdr_t *h, bam1_t *b, const char *line)
{
    kstring_t ks = {0, 0, NULL};
    kputs(line, &ks);
    int r = sam_parse1(&ks, h, b);
    free(ks.s);
    return r;
}

static void test_counting(void)
{
    const char *t = "@HD\tVN:1.6\tSO:coordinate\n@SQ\tSN:chr1\tLN:200000\n"
                    "@SQ\tSN:chrX\tLN:100000\n@SQ\tSN:HTLV1\tLN:9033\n";
    sam_hdr_t *h = sam_hdr_parse(strlen(t), t);
    hp_contigs_t ctg;
    hp_dprof_t p;
    bam1_t *b = bam_init1();
    TEST_OK(hp_contigs_init(&ctg, h, NULL, 0, NULL) == 0 && hp_dprof_init(&p, &ctg, h) == 0,
            "full layout: counters");
    const hp_vcontig_t *v = &ctg.vc[0];
    TEST_EQ_INT(hp_dprof_model_pos(v, 22), 22, "5' LTR: model = contig position");
    TEST_EQ_INT(hp_dprof_model_pos(v, 8278 + 22), 22, "3' LTR pooled with the 5' LTR copy");
    TEST_EQ_INT(hp_dprof_model_pos(v, 5000), 5000, "internal: model = contig position");
    char seq[101], line[512];
    for (int i = 0; i < 100; i++)
        seq[i] = "ACGT"[i % 4];
    seq[100] = 0;
    /* flags: 0 primary; 256 secondary; 1024 duplicate; 2048 supplementary; 512 QC fail */
    static const int flags[] = {0, 256, 1024, 2048, 512};
    for (int k = 0; k < 5; k++) {
        snprintf(line, sizeof line, "r%d\t%d\tHTLV1\t8301\t0\t100M\t*\t0\t0\t%s\t*", k,
                 flags[k], seq);
        TEST_OK(parse(h, b, line) >= 0, "parse a viral record");
        hp_dprof_add(&p, &ctg, b);
    }
    TEST_EQ_INT(p.v_reads[0], 1, "3' LTR read at MAPQ 0 counted once, in the first LTR bin; "
                                 "secondary, duplicate, supplementary and QC-fail not counted");
    TEST_EQ_INT(p.v_gc[0], 50, "viral read GC counted (50 of 100)");
    snprintf(line, sizeof line, "h1\t0\tchr1\t1\t0\t100M\t*\t0\t0\t%s\t*", seq);
    TEST_OK(parse(h, b, line) >= 0, "parse a host record");
    hp_dprof_add(&p, &ctg, b);
    snprintf(line, sizeof line, "h2\t0\tchrX\t1\t60\t100M\t*\t0\t0\t%s\t*", seq);
    TEST_OK(parse(h, b, line) >= 0, "parse a chrX record");
    hp_dprof_add(&p, &ctg, b);
    TEST_EQ_INT(p.w_reads[0], 1, "host read counted in its window at its midpoint");
    TEST_EQ_INT(p.w_lowmq[0], 1, "... as placed with a low MAPQ");
    int64_t s = 0;
    for (int64_t w = 0; w < p.n_win; w++)
        s += p.w_reads[w];
    TEST_EQ_INT(s, 1, "chrX reads give no host window");
    hp_dprof_destroy(&p);
    hp_contigs_destroy(&ctg);
    sam_hdr_destroy(h);
    /* split layout: the LTR contig and the internal one */
    const char *t2 = "@SQ\tSN:chr1\tLN:200000\n@SQ\tSN:HTLV1_LTR\tLN:755\n"
                     "@SQ\tSN:HTLV1_internal\tLN:7523\n";
    h = sam_hdr_parse(strlen(t2), t2);
    TEST_OK(hp_contigs_init(&ctg, h, NULL, 0, NULL) == 0, "split layout");
    int li = ctg.vidx[1], ii = ctg.vidx[2];
    TEST_EQ_INT(hp_dprof_model_pos(&ctg.vc[li], 22), 22, "split: LTR contig = LTR");
    TEST_EQ_INT(hp_dprof_model_pos(&ctg.vc[ii], 1), 756, "split: internal contig starts at 756");
    hp_contigs_destroy(&ctg);
    sam_hdr_destroy(h);
    bam_destroy1(b);
}

static void test_headline(void)
{
    hp_pvl_headline_t hl;
    hp_pvl_headline(10, 8, 12.5, 1, 11, 6, 20, 1, &hl);
    TEST_STR(hl.estimator, "combined", "agreeing estimates combined");
    TEST_OK(hl.copies_per_100 > 10 && hl.copies_per_100 < 11 && hl.ci_hi - hl.ci_lo < 4.5,
            "combined: between the two, narrower than depth alone");
    TEST_OK(hl.flag == NULL, "combined: no flag");
    hp_pvl_headline(10, 8, 12.5, 1, 30, 22, 41, 1, &hl);
    TEST_STR(hl.estimator, "depth", "disagreeing: depth alone");
    TEST_OK(hl.flag && strstr(hl.flag, "disagree") && hl.copies_per_100 == 10, "... flagged");
    hp_pvl_headline(10, 5, 12.5, 1, 11, 6, 20, 1, &hl);
    TEST_STR(hl.estimator, "depth", "lopsided depth CI (union of two models): depth alone");
    TEST_OK(hl.flag && strstr(hl.flag, "asymmetric"), "... flagged");
    hp_pvl_headline(0, 0, 0.8, 1, 0, 0, 24, 1, &hl);
    TEST_STR(hl.estimator, "depth", "uninfected: depth");
    TEST_OK(hl.copies_per_100 == 0 && hl.ci_hi == 0.8, "uninfected: depth CI");
    hp_pvl_headline(NAN, NAN, NAN, 0, 5, 2, 9, 1, &hl);
    TEST_STR(hl.estimator, "junction", "no depth: junction alone");
}

static void test_junction_ci(void)
{
    /* ten clones each seen once, or one clone holding all: same sum, wider CI for the one */
    hp_site_t st[10];
    memset(st, 0, sizeof st);
    hp_sites_t ss = {st, 10, 10};
    for (int i = 0; i < 10; i++)
        st[i].n_u5 = st[i].n_u3 = 1, st[i].n_wild = 98, st[i].tid = 0;
    hp_pvl_junction_t a, b;
    hp_pvl_junction(&ss, 0, 1, NULL, &a);
    TEST_NEAR(a.effective_fragments, 10, 1e-9, "ten equal clones: 10 effective fragments");
    st[0].n_u5 = st[0].n_u3 = 10, st[0].n_wild = 89;
    ss.n = 1;
    hp_pvl_junction(&ss, 0, 1, NULL, &b);
    TEST_NEAR(b.copies_per_100, a.copies_per_100, 1e-9, "one clone of the same total");
    TEST_NEAR(b.effective_fragments, 1, 1e-9, "one clone: one effective draw");
    TEST_OK(b.ci_hi / b.ci_lo > 5 * (a.ci_hi / a.ci_lo),
            "between-clone variance: one clone gives a much wider CI");
}

int main(void)
{
    test_profile();
    test_profile_narrow_gc();
    test_counting();
    test_headline();
    test_junction_ci();
    const char *t = "@SQ\tSN:chr1\tLN:1000000\n@SQ\tSN:HTLV1\tLN:9033\n";
    sam_hdr_t *h = sam_hdr_parse(strlen(t), t);
    hp_contigs_t ctg;
    TEST_OK(hp_contigs_init(&ctg, h, NULL, 0, NULL) == 0, "contigs");
    TEST_EQ_INT(ctg.region_len[HP_REG_PX], 1630, "pX length 6649-8278");
    TEST_EQ_INT(ctg.region_len[HP_REG_LTR], 2 * 755, "LTR: two copies per provirus");
    static hp_acc_t a;
    memset(&a, 0, sizeof a);
    /* host depth 30 over 1 Mb; pX depth 1.5 per provirus -> 200 * 1.5 / 30 = 10 copies/100 */
    a.host_bases = 30000000;
    a.vir_bases[HP_REG_PX] = (int64_t)(1.5 * 1630);
    a.vir_bases[HP_REG_GAG] = (int64_t)(1.5 * (2092 - 802 + 1));
    a.vir_bases[HP_REG_POL] = (int64_t)(1.5 * (5180 - 2093 + 1));
    a.frag_region[HP_REG_PX] = 40;
    a.frag_host_autosomal = 100000;
    a.reads_host_autosomal = 300000;
    hp_pvl_depth_t d;
    hp_pvl_depth(&a, &ctg, 1000000, HP_REG_PX, &d);
    TEST_NEAR(d.copies_per_100, 10.0, 1e-3, "200 x viral depth / host depth");
    double lo, hi;
    hp_poisson_ci(40, &lo, &hi);
    TEST_NEAR(d.ci_lo, 10.0 * lo / 40, 1e-3, "CI low from the Poisson count of pX fragments");
    TEST_NEAR(d.ci_hi, 10.0 * hi / 40, 1e-3, "CI high");
    TEST_OK(!d.defective && fabs(d.gagpol_to_px - 1) < 0.01, "intact: gag/pol = pX");
    TEST_OK(d.to_px_lo[0] < 1 && d.to_px_hi[0] > 1, "intact: CI of gag/pX holds 1");
    /* gag/pol at a third of pX: defective proviruses (host reads of 100 bases) */
    a.reads_host_autosomal = 300000;
    a.vir_bases[HP_REG_GAG] /= 3, a.vir_bases[HP_REG_POL] /= 3;
    for (int g = 0; g < HP_N_REGION; g++)
        a.vir_bases[g] *= 10; /* enough reads to tell */
    hp_pvl_depth(&a, &ctg, 1000000, HP_REG_PX, &d);
    TEST_OK(d.defective, "gag/pol well below pX: flagged");
    a.vir_bases[HP_REG_GAG] *= 2, a.vir_bases[HP_REG_POL] *= 2;
    hp_pvl_depth(&a, &ctg, 1000000, HP_REG_PX, &d);
    TEST_OK(!d.defective, "gag/pol at 2/3 of pX: not flagged (within overdispersed noise)");
    /* no viral read: PVL 0, CI [0, > 0] */
    memset(a.vir_bases, 0, sizeof a.vir_bases);
    memset(a.frag_region, 0, sizeof a.frag_region);
    hp_pvl_depth(&a, &ctg, 1000000, HP_REG_PX, &d);
    TEST_OK(d.copies_per_100 == 0 && d.ci_lo == 0, "uninfected: 0, CI from 0");
    /* upper limit: 3.689 fragments of 300 bases (host bases per fragment) in pX */
    TEST_NEAR(d.ci_hi, 200 * 3.688879 * 300 / 1630 / 30, 1e-3, "uninfected: upper limit");
    /* no host: unavailable */
    a.host_bases = 0;
    hp_pvl_depth(&a, &ctg, 1000000, HP_REG_PX, &d);
    TEST_OK(!d.available && isnan(d.copies_per_100), "no host depth: unavailable");
    /* crossing depth: 1000 fragments of 300 bp over 1 Mb, window 22 -> 1000 * 279 / 1e6 */
    a.ins_hist[300] = 1000;
    TEST_NEAR(hp_crossing_depth(&a, 1000000, 22), 0.279, 1e-9, "crossing depth");
    hp_contigs_destroy(&ctg);
    sam_hdr_destroy(h);
    return test_done();
}
