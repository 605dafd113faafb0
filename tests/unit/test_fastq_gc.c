/* test_fastq_gc.c -- host depth by GC from sampled k-mers (fastq_gc.h), on reads drawn here
 * from a synthetic diploid genome of four GC levels (32, 40, 48, 56 %) plus a one-copy
 * chromosome of 50 % GC (a male's chrX: half depth, at a GC of its own), with a known
 * fragment-GC bias (rising with GC, or peaking at 45 % and falling on both sides) or none. The
 * measured host depth at a GC, over the mean, must follow the bias that drew the reads (and
 * stay 1 without bias, the one-copy chromosome notwithstanding). */
#include "htlvpvl/fastq_gc.h"
#include "tap.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = 0x2545F4914F6CDD1DULL;
static uint64_t next_rand(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng;
}
static double unif(void)
{
    return (double)(next_rand() >> 11) / 9007199254740992.0;
}

#define NSEG 5
#define SEG_LEN 60000
#define FRAG 300
#define RL 100

static const double seg_gc[NSEG] = {0.32, 0.40, 0.48, 0.56, 0.50};
static const int seg_copies[NSEG] = {2, 2, 2, 2, 1};

static void random_seq(char *s, int n, double gc)
{
    for (int i = 0; i < n; i++) {
        double u = unif();
        s[i] = u < gc / 2 ? 'C' : u < gc ? 'G' : u < gc + (1 - gc) / 2 ? 'A' : 'T';
    }
    s[n] = 0;
}

static void revcomp(char *dst, const char *src, int n)
{
    for (int i = 0; i < n; i++) {
        char c = src[n - 1 - i];
        dst[i] = c == 'A' ? 'T' : c == 'C' ? 'G' : c == 'G' ? 'C' : 'A';
    }
    dst[n] = 0;
}

/* s > 0: exp(s (g - 0.6)), <= 1 over these GC levels; s < 0: PCR bias peaking at 45 % GC,
 * exp(-((g - 0.45) / 0.12)^2), falling on both sides (s = 0: no bias) */
static double keep_prob(double g, double s)
{
    if (s < 0) return exp(-(g - 0.45) * (g - 0.45) / (0.12 * 0.12));
    return exp(s * (g - 0.60));
}

/* mean keep_prob over the fragments of a segment of GC g: the fragment's GC is binomial */
static double mean_keep(double g, double s)
{
    double m = 0, lp = FRAG * log(1 - g), r = log(g / (1 - g));
    for (int k = 0; k <= FRAG; k++) {
        m += exp(lp) * keep_prob((double)k / FRAG, s);
        lp += r + log((double)(FRAG - k) / (k + 1)); /* binomial pmf, k -> k + 1 */
    }
    return m;
}

/* adaptive samples for the implied genome size: all reads in one, and split between two */
static hp_hkmer_t *gs_all, *gs_half[2];

/* Draw fragments at a two-copy read depth of about 40x, keep each with keep_prob(its GC), add
 * both reads' k-mers; return the strata. */
static void run(char **seg, double s, hp_gc_strata_t *st)
{
    hp_hkmer_t *t = hp_hkmer_new();
    int64_t occ = 0, frags = 0;
    double w[NSEG], tot = 0;
    for (int k = 0; k < NSEG; k++)
        tot += w[k] = (double)seg_copies[k] * SEG_LEN;
    /* fragments per copy-base: 20x per copy from 2 reads of RL */
    int64_t draws = (int64_t)(20.0 * tot / (2 * RL));
    char r1[RL + 1], r2[RL + 1], rc[FRAG + 1];
    for (int64_t i = 0; i < draws; i++) {
        double u = unif() * tot;
        int k = 0;
        while (k < NSEG - 1 && u >= w[k])
            u -= w[k++];
        int st0 = (int)(unif() * (SEG_LEN - FRAG));
        const char *f = seg[k] + st0;
        int gc = 0;
        for (int j = 0; j < FRAG; j++)
            gc += f[j] == 'G' || f[j] == 'C';
        /* the bias acts on the whole fragment; the screen sees both reads' GC */
        if (unif() >= keep_prob((double)gc / FRAG, s)) continue;
        memcpy(r1, f, RL), r1[RL] = 0;
        revcomp(rc, f, FRAG);
        memcpy(r2, rc, RL), r2[RL] = 0;
        for (int j = 0; j < RL; j++) /* 0.2 % substitutions */
            if (unif() < 0.002) r1[j] = r1[j] == 'A' ? 'C' : 'A';
        int g2 = 0;
        for (int j = 0; j < RL; j++)
            g2 += (r1[j] == 'G' || r1[j] == 'C') + (r2[j] == 'G' || r2[j] == 'C');
        int pm = (int)(1000LL * g2 / (2 * RL));
        occ += hp_hkmer_add(t, r1, RL, UINT64_MAX, pm) + hp_hkmer_add(t, r2, RL, UINT64_MAX, pm);
        if (gs_all) {
            hp_hkmer_t *h = gs_half[i % 2];
            int e = hp_hkmer_add_adaptive(gs_all, r1, RL) | hp_hkmer_add_adaptive(gs_all, r2, RL);
            e |= hp_hkmer_add_adaptive(h, r1, RL) | hp_hkmer_add_adaptive(h, r2, RL);
            if (e) gs_all = NULL; /* reported below */
        }
        frags++;
    }
    TEST_OK(hp_hkmer_strata(t, occ, (double)frags, st) == 0, "strata computed");
    hp_hkmer_destroy(t);
}

int main(void)
{
    char *seg[NSEG];
    for (int k = 0; k < NSEG; k++) {
        seg[k] = malloc(SEG_LEN + 1);
        random_seq(seg[k], SEG_LEN, seg_gc[k]);
    }
    TEST_OK(hp_hkmer_threshold(1e5) == UINT64_MAX, "small genome: every k-mer sampled");
    TEST_OK(hp_hkmer_threshold(3.1e9) < UINT64_MAX / 10000, "human genome: about 2^18 sampled");

    hp_gc_strata_t st;
    double rv, bw;
    /* no bias: the depth is the same at every GC, the half-depth 50 % chromosome included */
    hp_hkmer_t *gs = gs_all = hp_hkmer_new_adaptive(8192);
    gs_half[0] = hp_hkmer_new_adaptive(8192), gs_half[1] = hp_hkmer_new_adaptive(8192);
    run(seg, 0, &st);
    TEST_OK(gs_all != NULL, "adaptive k-mer sample filled");
    /* implied genome size: the read bases over the two-copy depth, i.e. half the copy-bases
     * drawn (4 two-copy segments and one one-copy segment of SEG_LEN) */
    double truth = (8.0 * SEG_LEN + SEG_LEN) / 2;
    hp_gsize_t gz, gz2;
    TEST_OK(hp_hkmer_genome_size(gs, &gz) == 0, "implied genome size computed");
    printf("# implied genome size %.0f (truth %.0f): k-mer depth %.0f, rate %.4g, %lld used\n",
           gz.genome_size, truth, gz.kmer_depth, gz.sampling_rate, (long long)gz.kmers_used);
    TEST_OK(gz.reliable, "implied genome size reliable");
    TEST_OK(gz.sampling_rate < 0.1, "the cap lowered the sampling rate");
    TEST_NEAR(gz.genome_size, truth, 0.1 * truth, "implied genome size within 10 %");
    hp_hkmer_t *m = hp_hkmer_new_adaptive(8192);
    TEST_OK(m && hp_hkmer_merge(m, gs_half[1]) == 0 && hp_hkmer_merge(m, gs_half[0]) == 0,
            "halves merged");
    TEST_OK(hp_hkmer_genome_size(m, &gz2) == 0 && gz2.genome_size == gz.genome_size &&
                gz2.kmers == gz.kmers && gz2.sampling_rate == gz.sampling_rate,
            "merged halves give the same sample as one table");
    hp_hkmer_destroy(m), hp_hkmer_destroy(gs);
    hp_hkmer_destroy(gs_half[0]), hp_hkmer_destroy(gs_half[1]);
    gs_all = NULL;
    printf("# no bias: %d strata, median m %.0f, dispersion %.2f, slope %.3f\n", st.n,
           st.median_m, st.dispersion, st.log_slope);
    for (double g = 0.34; g <= 0.58; g += 0.08) {
        double r = hp_gc_relative_depth(&st, g, &rv, &bw);
        printf("#   GC %.2f: relative depth %.3f\n", g, r);
        TEST_NEAR(r, 1.0, 0.05, "no bias: relative depth 1 within 5 %");
    }
    /* fragment-GC bias exp(3 (g - 0.6)): 56 % GC sampled 1.62 times as often as 40 % */
    run(seg, 3, &st);
    double r40 = hp_gc_relative_depth(&st, 0.40, &rv, &bw);
    double r56 = hp_gc_relative_depth(&st, 0.56, &rv, &bw);
    double r32 = hp_gc_relative_depth(&st, 0.32, &rv, &bw);
    printf("# bias 3: relative depth %.3f at 32 %%, %.3f at 40 %%, %.3f at 56 %% (ratio %.3f, "
           "drawn %.3f)\n",
           r32, r40, r56, r56 / r40, exp(3 * 0.16));
    TEST_NEAR(r56 / r40, exp(3 * 0.16), 0.08 * exp(3 * 0.16), "bias: 56 %/40 % depth within 8 %");
    TEST_NEAR(r40 / r32, exp(3 * 0.08), 0.08 * exp(3 * 0.08), "bias: 40 %/32 % depth within 8 %");
    /* a bias that peaks at 45 % GC and falls on both sides: a log-linear curve in the class
     * fit put the 56 % loci in the one-copy class and read them at 1.1 x the 40 % depth */
    run(seg, -1, &st);
    r40 = hp_gc_relative_depth(&st, 0.40, &rv, &bw);
    r56 = hp_gc_relative_depth(&st, 0.56, &rv, &bw);
    r32 = hp_gc_relative_depth(&st, 0.32, &rv, &bw);
    double d56 = mean_keep(0.56, -1) / mean_keep(0.40, -1);
    double d32 = mean_keep(0.32, -1) / mean_keep(0.40, -1);
    printf("# peaked bias: relative depth %.3f at 32 %%, %.3f at 40 %%, %.3f at 56 %% (56/40 "
           "%.3f, drawn %.3f; 32/40 %.3f, drawn %.3f), slope %.2f\n",
           r32, r40, r56, r56 / r40, d56, r32 / r40, d32, st.log_slope);
    TEST_NEAR(r56 / r40, d56, 0.08 * d56, "peaked bias: 56 %/40 % depth within 8 %");
    TEST_NEAR(r32 / r40, d32, 0.08 * d32, "peaked bias: 32 %/40 % depth within 8 %");
    for (int k = 0; k < NSEG; k++)
        free(seg[k]);
    return test_done();
}
