/* Unit tests of the depth-ratio PVL: the formula, its CI, zero viral reads, the defective flag
 * and the crossing depth used for W without an index. */
#include <math.h>
#include <string.h>
#include "htlvpvl/pvl.h"
#include "htlvpvl/stats.h"
#include "tap.h"

int main(void)
{
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
    hp_pvl_depth_t d;
    hp_pvl_depth(&a, &ctg, 1000000, HP_REG_PX, &d);
    TEST_NEAR(d.copies_per_100, 10.0, 1e-3, "200 x viral depth / host depth");
    double lo, hi;
    hp_poisson_ci(40, &lo, &hi);
    TEST_NEAR(d.ci_lo, 10.0 * lo / 40, 1e-3, "CI low from the Poisson count of pX fragments");
    TEST_NEAR(d.ci_hi, 10.0 * hi / 40, 1e-3, "CI high");
    TEST_OK(!d.defective && fabs(d.gagpol_to_px - 1) < 0.01, "intact: gag/pol = pX");
    /* gag/pol at a third of pX: defective proviruses */
    a.vir_bases[HP_REG_GAG] /= 3, a.vir_bases[HP_REG_POL] /= 3;
    hp_pvl_depth(&a, &ctg, 1000000, HP_REG_PX, &d);
    TEST_OK(d.defective, "gag/pol well below pX: flagged");
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
