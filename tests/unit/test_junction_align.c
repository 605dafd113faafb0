/* Unit tests of the gapped junction placement (junction_align.h) and of the site consensus
 * over placement penalties (sites.c): a read whose host part carries a small indel next to the
 * junction, or whose LTR part carries one, still gives the junction base the read was made
 * with; a site takes the position its records fit best together. The reads are built here
 * from a random host and the real LTR, so the truth is known by construction. */
#include "htlvpvl/junction_align.h"
#include "htlvpvl/ltr_match.h"
#include "htlvpvl/ref.h"
#include "htlvpvl/sites.h"
#include "tap.h"
#include <stdint.h>
#include <string.h>

static char host[200];
static int last_viral, last_viral_score; /* viral part of the last placement */

static void make_host(unsigned seed)
{
    static const char nt[4] = {'A', 'C', 'G', 'T'};
    uint64_t x = seed * 0x9e3779b97f4a7c15ULL + 1;
    for (int i = 0; i < 199; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        host[i] = nt[x & 3];
    }
    host[199] = 0;
}

/* read = host[0, 30) with an edit, then LTR bases from its U3 start (an LTR edit at lt_del);
 * reference = host[0, 60). The junction host base is host[29]: 30 reference bases. */
static int place(const char *rd, int n, int j_pref, uint8_t *pen)
{
    const char *lt = hp_htlv1_seq; /* U3 start: TGACAATGAC... */
    int kmin = 24, kmax = n - 8 < 44 ? n - 8 : 44, bj = -1;
    hp_jaln_info_t info;
    if (hp_jaln_place(rd, n, host, 60, lt, n - kmin + 6, kmin, kmax, j_pref, &bj, pen, &info) ==
        INT32_MIN)
        return -1;
    last_viral = n - info.k, last_viral_score = info.viral_score;
    return bj;
}

static hp_evidence_t ev[16];
static int n_ev;

static void add(int64_t pos, int side, int end, uint64_t frag, const int *pen)
{
    hp_evidence_t *e = &ev[n_ev++];
    memset(e, 0, sizeof *e);
    e->type = HP_EV_SPLIT, e->pos = pos, e->strand = HP_STRAND_PLUS, e->end = (uint8_t)end;
    e->side = (uint8_t)side, e->frag = frag, e->dupkey = frag + 1000;
    e->hbeg = pos - 100, e->hend = pos + 100;
    if (pen) {
        e->alt = HP_ALT_SET;
        for (int o = 0; o < 9; o++)
            e->alt |= (uint64_t)pen[o] << (4 * o);
    }
}

int main(void)
{
    char rd[120];
    uint8_t pen[9];
    int failed_exact = 0, failed_ins = 0, failed_del = 0, failed_del8 = 0, failed_ltr = 0;
    const int trials = 40;
    for (int t = 0; t < trials; t++) {
        make_host(7u + (unsigned)t);
        /* 1. no indel: the junction after host[29] */
        memcpy(rd, host, 30), memcpy(rd + 30, hp_htlv1_seq, 40);
        int bj = place(rd, 70, 30, pen);
        failed_exact += !(bj == 30 && pen[4] == 0 && pen[3] > 0 && pen[5] > 0);
        /* 2. a 2-bp host insertion 5 bases before the junction: a soft clip would put the
         * junction 2 bases too far (the clip holds 7 host bases) */
        memcpy(rd, host, 25), rd[25] = host[25] == 'A' ? 'C' : 'A';
        rd[26] = host[26] == 'G' ? 'T' : 'G';
        memcpy(rd + 27, host + 25, 5), memcpy(rd + 32, hp_htlv1_seq, 40);
        failed_ins += place(rd, 72, 32, pen) != 30;
        /* 3. a 3-bp host deletion 4 (and 8) bases before the junction */
        memcpy(rd, host, 23), memcpy(rd + 23, host + 26, 4), memcpy(rd + 27, hp_htlv1_seq, 40);
        failed_del += place(rd, 67, 27, pen) != 30;
        memcpy(rd, host, 19), memcpy(rd + 19, host + 22, 8), memcpy(rd + 27, hp_htlv1_seq, 40);
        failed_del8 += place(rd, 67, 27, pen) != 30;
        /* 4. the LTR lacks its 6th base (a patient strain): the junction does not move */
        memcpy(rd, host, 30), memcpy(rd + 30, hp_htlv1_seq, 5);
        memcpy(rd + 35, hp_htlv1_seq + 6, 35);
        failed_ltr += place(rd, 70, 30, pen) != 30;
        /* its viral part: the 40 read bases after the junction, one gap (-4) */
        failed_ltr += last_viral != 40 || last_viral_score != 40 - 4;
    }
    TEST_EQ_INT(failed_exact, 0, "no indel: junction exact, neighbours penalised (40 hosts)");
    TEST_EQ_INT(failed_ins, 0, "2-bp host insertion 5 bp from the junction: exact (40 hosts)");
    /* 4 host bases are a short witness: a few random hosts read as well (better, by the
     * scores) with the junction elsewhere and no deletion */
    TEST_OK(failed_del <= 4, "3-bp host deletion 4 bp from the junction: exact in >= 36/40");
    TEST_EQ_INT(failed_del8, 0, "3-bp host deletion 8 bp from the junction: exact (40 hosts)");
    TEST_EQ_INT(failed_ltr, 0, "1-bp LTR deletion 5 bp into the LTR: exact (40 hosts)");
    TEST_OK(hp_jaln_place(rd, 10, host, 60, hp_htlv1_seq, 10, 5, 12, 5, &(int){0}, pen, NULL) ==
                INT32_MIN,
            "a breakpoint range past the read is refused");

    /* consensus: three records from one junction fit 1003 best but 1000 almost as well (an
     * indel right at the junction); two from the other junction fit only 1000. Voting would
     * take 1003; the summed penalties take 1000. */
    hp_cluster_opt_t o;
    hp_cluster_opt_init(&o, 350, 450);
    hp_sites_t s;
    static const int amb[9] = {15, 15, 15, 15, 0, 15, 15, 15, 15};
    int amb_u3[9];
    memcpy(amb_u3, amb, sizeof amb_u3);
    amb_u3[4 - 3] = 1; /* 1000 = 1003 - 3 */
    static const int clean[9] = {15, 15, 15, 9, 0, 8, 15, 15, 15};
    n_ev = 0;
    for (int i = 0; i < 3; i++)
        add(1003, HP_SIDE_RIGHT, HP_END_U3, 10 + (uint64_t)i, amb_u3);
    for (int i = 0; i < 2; i++)
        add(1000, HP_SIDE_LEFT, HP_END_U5, 20 + (uint64_t)i, clean);
    hp_evidence_sort(ev, (size_t)n_ev);
    hp_sites_init(&s);
    TEST_OK(hp_sites_build(&s, ev, (size_t)n_ev, &o) == 0, "build");
    TEST_EQ_INT(s.n, 1, "one site");
    TEST_EQ_INT(s.n ? s.site[0].pos : 0, 1000, "placed where both junctions fit");
    TEST_EQ_INT(s.n ? s.site[0].n_frag : 0, 5, "with all five fragments");
    hp_sites_destroy(&s);

    /* the same records without alignments behind them: the most supported position */
    for (int i = 0; i < n_ev; i++)
        ev[i].alt = 0;
    hp_sites_init(&s);
    TEST_OK(hp_sites_build(&s, ev, (size_t)n_ev, &o) == 0 && s.n == 1 && s.site[0].pos == 1003,
            "without penalties: majority vote (1003)");
    hp_sites_destroy(&s);

    /* records 5 bp apart whose alignments reach each other join one site (the clustering
     * window alone is 3 bp) */
    static const int wide_hi[9] = {6, 5, 4, 2, 0, 2, 3, 1, 4};
    static const int wide_lo[9] = {4, 1, 3, 2, 0, 2, 4, 5, 6};
    n_ev = 0;
    add(1000, HP_SIDE_LEFT, HP_END_U5, 1, wide_hi);
    add(1005, HP_SIDE_RIGHT, HP_END_U3, 2, wide_lo);
    add(1005, HP_SIDE_RIGHT, HP_END_U3, 3, wide_lo);
    hp_evidence_sort(ev, (size_t)n_ev);
    hp_sites_init(&s);
    TEST_OK(hp_sites_build(&s, ev, (size_t)n_ev, &o) == 0, "build");
    TEST_EQ_INT(s.n, 1, "records 5 bp apart that reach each other: one site");
    /* sums: 1000: 0 + 2 x 15; 1001: 2 + 2 x 4; 1002: 3 + 2 x 1 = 5; 1003: 1 + 2 x 3;
     * 1004: 4 + 2 x 2; 1005: 15 + 0 */
    TEST_EQ_INT(s.n ? s.site[0].pos : 0, 1002, "at the position of least summed penalty");
    hp_sites_destroy(&s);
    return test_done();
}
