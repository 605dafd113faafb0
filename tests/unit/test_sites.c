/* Unit tests of site clustering: both junctions of one provirus merge, strands stay apart,
 * pairs and duplicates count once, discordant pairs join the exact site they reach or form an
 * estimated one. */
#include "htlvpvl/clonality.h"
#include "htlvpvl/ltr_match.h"
#include "htlvpvl/pvl.h"
#include "htlvpvl/sites.h"
#include "tap.h"
#include <math.h>
#include <string.h>

static hp_evidence_t ev[64];
static int n;

static void add(int type, int pos, int strand, int end, int side, uint64_t frag, uint64_t dup,
                int hbeg, int hend, int vdist)
{
    hp_evidence_t *e = &ev[n++];
    memset(e, 0, sizeof *e);
    e->type = (uint8_t)type, e->pos = pos, e->strand = (uint8_t)strand, e->end = (uint8_t)end;
    e->side = (uint8_t)side, e->frag = frag, e->dupkey = dup, e->tid = 0;
    e->hbeg = hbeg, e->hend = hend, e->vdist = vdist;
}

int main(void)
{
    hp_cluster_opt_t o;
    hp_cluster_opt_init(&o, 350, 450);
    hp_sites_t s;

    /* + provirus at a = 1000: U5 junction (left, pos 1000) and U3 junction (right, host base
     * 1005 -> pos 1000), one read a base off (microhomology) */
    n = 0;
    add(HP_EV_CLIP, 1000, HP_STRAND_PLUS, HP_END_U5, HP_SIDE_LEFT, 1, 101, 1000, 1100, 0);
    add(HP_EV_SPLIT, 1000, HP_STRAND_PLUS, HP_END_U3, HP_SIDE_RIGHT, 2, 102, 900, 1005, 0);
    add(HP_EV_CLIP, 1001, HP_STRAND_PLUS, HP_END_U3, HP_SIDE_RIGHT, 3, 103, 901, 1006, 0);
    /* the mate of fragment 1 also spans the junction: one fragment */
    add(HP_EV_DISC, 0, HP_STRAND_PLUS, HP_END_U5, HP_SIDE_LEFT, 1, 101, 1010, 1109, 200);
    /* fragment 4 is an unmarked duplicate of fragment 3 (same outer coordinates) */
    add(HP_EV_CLIP, 1001, HP_STRAND_PLUS, HP_END_U3, HP_SIDE_RIGHT, 4, 103, 901, 1006, 0);
    /* discordant pair reaching the site from the right side (host read left of it) */
    add(HP_EV_DISC, 0, HP_STRAND_PLUS, HP_END_U3, HP_SIDE_RIGHT, 5, 105, 850, 949, 100);
    /* a - strand site 3 bp away stays separate */
    add(HP_EV_CLIP, 1003, HP_STRAND_MINUS, HP_END_U5, HP_SIDE_RIGHT, 6, 106, 900, 1003, 0);
    /* discordant-only site far away: three pairs from both sides */
    add(HP_EV_DISC, 0, HP_STRAND_MINUS, HP_END_U5, HP_SIDE_RIGHT, 7, 107, 20000, 20099, 150);
    add(HP_EV_DISC, 0, HP_STRAND_MINUS, HP_END_U5, HP_SIDE_RIGHT, 8, 108, 20020, 20119, 120);
    add(HP_EV_DISC, 0, HP_STRAND_MINUS, HP_END_U3, HP_SIDE_LEFT, 9, 109, 20300, 20399, 150);
    /* deleted ends: a split read at the - site's position joins it; a deep pair near nothing
     * makes no site */
    add(HP_EV_SPLIT, 1003, HP_STRAND_MINUS, HP_END_DEL, HP_SIDE_LEFT, 10, 110, 998, 1100, 0);
    add(HP_EV_DISC, 0, HP_STRAND_PLUS, HP_END_DEL, HP_SIDE_RIGHT, 11, 111, 40000, 40099,
        HP_DEL_VDIST);
    hp_evidence_sort(ev, (size_t)n);
    hp_sites_init(&s);
    TEST_OK(hp_sites_build(&s, ev, (size_t)n, &o) == 0, "build");
    TEST_EQ_INT(s.n, 3, "three sites (deleted ends make none)");
    TEST_OK(s.site[1].n_del == 1 && s.site[1].n_frag == 2, "deleted end joins its site");
    const hp_site_t *a = &s.site[0], *b = &s.site[1], *c = &s.site[2];
    TEST_OK(a->pos == 1000 && a->strand == HP_STRAND_PLUS && a->exact, "+ site at 1000, exact");
    TEST_EQ_INT(a->n_frag, 4, "fragments: pair once, duplicate once, discordant added");
    TEST_OK(a->n_clip == 2 && a->n_split == 1 && a->n_disc == 1, "best evidence per fragment");
    TEST_OK(a->n_u5 == 1 && a->n_u3 == 3 && a->ends == (HP_ENDS_U5 | HP_ENDS_U3),
            "fragments per junction side");
    TEST_OK(hp_site_has_frag(a, 4) && !hp_site_has_frag(a, 6), "fragment membership");
    TEST_OK(b->pos == 1003 && b->strand == HP_STRAND_MINUS && b->n_frag == 2,
            "- strand site kept apart");
    TEST_OK(c->strand == HP_STRAND_MINUS && !c->exact && c->n_frag == 3,
            "pairs-only site: estimated, 3 fragments");
    /* the junction lies between the right-side reads' ends (<= 20119 + ...) and the left
     * read's start 20300: estimate within that gap */
    TEST_OK(c->pos > 20119 && c->pos < 20310, "estimated position between the mates");
    printf("# pair-only interval [%lld, %lld], estimate %lld\n", (long long)c->pos_lo,
           (long long)c->pos_hi, (long long)c->pos);
    TEST_OK(a->pos_lo == a->pos && a->pos_hi == a->pos && b->pos_lo == b->pos_hi,
            "exact sites: interval of one position");
    /* each pair reaches the junction within the longest fragment (450) of its host read:
     * right-side reads from their end up to 450 - vdist past their start, the left-side read
     * from 450 - 150 before its end: the intersection lies between the mates (site positions
     * are up to 5 + 5 bp from the junction base: TSD and U3 side) */
    TEST_OK(c->pos_lo <= c->pos && c->pos <= c->pos_hi && c->pos_lo >= 20119 - 5 &&
                c->pos_hi <= 20300 + 10 && c->pos_hi > c->pos_lo,
            "pair-only site: interval holds the estimate, between the mates");

    /* junction PVL with W known: J = (1 + 3) / 2 = 2, W = 18 -> 2*2/20 = 0.2 */
    s.site[0].n_wild = 18;
    s.site[1].n_wild = 99;
    s.site[2].n_wild = 0;
    hp_pvl_junction_t pj;
    hp_pvl_junction(&s, 0, 1, NULL, &pj);
    TEST_NEAR(s.site[0].cell_fraction, 0.2, 1e-12, "cell fraction 2J/(J+W)");
    TEST_NEAR(s.site[1].cell_fraction, 2 * 1.0 / 100, 1e-12, "U5 + deleted end: J = 1");
    TEST_NEAR(s.site[2].cell_fraction, 1.0, 1e-12, "no wild type: capped at 1");
    TEST_NEAR(pj.copies_per_100, 100 * (0.2 + 0.02 + 1.0), 1e-9, "junction PVL sum");
    TEST_OK(pj.ci_lo < pj.copies_per_100 && pj.ci_hi > pj.copies_per_100, "CI around it");

    hp_clonality_t cl;
    TEST_OK(hp_clonality(&s, 1, &cl) == 0 && cl.n_sites == 3, "clonality over 3 sites");
    TEST_NEAR(cl.largest_clone_fraction, 4.0 / 9.0, 1e-12, "largest clone fraction");
    hp_sites_destroy(&s);

    /* no evidence: no site, clonality undefined */
    hp_sites_init(&s);
    TEST_OK(hp_sites_build(&s, ev, 0, &o) == 0 && s.n == 0, "no evidence, no site");
    TEST_OK(hp_clonality(&s, 1, &cl) == 0 && cl.n_sites == 0 && isnan(cl.oci),
            "no site: OCI undefined");
    hp_sites_destroy(&s);

    /* compaction: records that differ only in their fragment (duplicates) are kept once, the
     * lowest hash, whatever the order */
    n = 0;
    add(HP_EV_CLIP, 500, HP_STRAND_PLUS, HP_END_U5, HP_SIDE_LEFT, 9, 77, 500, 600, 0);
    add(HP_EV_CLIP, 500, HP_STRAND_PLUS, HP_END_U5, HP_SIDE_LEFT, 3, 77, 500, 600, 0);
    add(HP_EV_CLIP, 500, HP_STRAND_PLUS, HP_END_U5, HP_SIDE_LEFT, 5, 78, 500, 600, 0);
    add(HP_EV_DISC, 0, HP_STRAND_PLUS, HP_END_U5, HP_SIDE_LEFT, 9, 77, 510, 609, 200);
    size_t nc = (size_t)n;
    hp_evidence_compact(ev, &nc);
    TEST_EQ_INT(nc, 3, "compaction drops the duplicate record");
    int kept3 = 0;
    for (size_t i = 0; i < nc; i++) kept3 |= ev[i].frag == 3;
    TEST_OK(kept3, "compaction keeps the lowest fragment hash");

    /* insert-size summary */
    int64_t h[1001] = {0};
    for (int i = 300; i < 400; i++)
        h[i] = 1;
    int med, p99;
    hp_insert_stats(h, 1001, &med, &p99);
    TEST_OK(med == 349 && p99 == 398, "insert median and 99th percentile");
    return test_done();
}
