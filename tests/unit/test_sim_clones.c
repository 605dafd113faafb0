/* Unit tests of src/sim_clones.c: clone tables and draws, fragment lengths. */
#include "htlvpvl/ref.h"
#include "htlvpvl/seq.h"
#include "htlvpvl/sim.h"
#include "tap.h"
#include <htslib/bgzf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

int main(void)
{
    hp_host_t h;
    if (hp_host_synth(&h, 60000, 20, 2) < 0) return 1;
    test_clones(&h);
    test_fraglen();
    hp_host_destroy(&h);
    return test_done();
}
