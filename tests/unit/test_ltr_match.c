/* Unit tests of src/ltr_match.c: the LTR-end matcher and the junction geometry (FIELD.md section 4
 * table). */
#include "htlvpvl/ltr_match.h"
#include "htlvpvl/ref.h"
#include "htlvpvl/seq.h"
#include "tap.h"
#include <string.h>

static char ltr_start[64], ltr_end[64], rc_start[64], rc_end[64];

int main(void)
{
    const int n = 30;
    memcpy(ltr_start, hp_htlv1_seq, n);                /* TGACAATGAC... */
    memcpy(ltr_end, hp_htlv1_seq + HP_LTR_LEN - n, n); /* ...TTAGTACACA */
    hp_revcomp(rc_start, ltr_start, n);                /* ...GTCATTGTCA */
    hp_revcomp(rc_end, ltr_end, n);                    /* TGTGTACTAA... */
    TEST_OK(memcmp(ltr_start, HP_U3_MOTIF, 10) == 0, "LTR starts with the U3 motif");
    TEST_OK(memcmp(rc_end, "TGTGTACTAA", 10) == 0, "rc of the U5 end starts TGTGTACTAA");
    TEST_OK(memcmp(rc_start + n - 10, "GTCATTGTCA", 10) == 0, "rc of U3 start ends GTCATTGTCA");

    hp_clip_hit_t h;
    /* the four cases of the table */
    TEST_OK(hp_ltr_match_clip(ltr_start, n, HP_SIDE_RIGHT, &h) && h.end == HP_END_U3 &&
                h.strand == HP_STRAND_PLUS && h.shift == 0,
            "right clip TGACAATGAC: U3, +");
    TEST_OK(hp_ltr_match_clip(rc_end, n, HP_SIDE_RIGHT, &h) && h.end == HP_END_U5 &&
                h.strand == HP_STRAND_MINUS && h.shift == 0,
            "right clip TGTGTACTAA: U5, -");
    TEST_OK(hp_ltr_match_clip(ltr_end, n, HP_SIDE_LEFT, &h) && h.end == HP_END_U5 &&
                h.strand == HP_STRAND_PLUS && h.shift == 0,
            "left clip ...TTAGTACACA: U5, +");
    TEST_OK(hp_ltr_match_clip(rc_start, n, HP_SIDE_LEFT, &h) && h.end == HP_END_U3 &&
                h.strand == HP_STRAND_MINUS && h.shift == 0,
            "left clip ...GTCATTGTCA: U3, -");
    /* a right-side pattern does not match on the left */
    TEST_OK(!hp_ltr_match_clip(ltr_start, n, HP_SIDE_LEFT, &h) || h.shift != 0,
            "U3 start is not a left-clip pattern at shift 0");

    /* shortest clip: 8 bases, with and without one mismatch; 7 is too short */
    TEST_OK(hp_ltr_match_clip(ltr_end + n - 8, 8, HP_SIDE_LEFT, &h) && h.end == HP_END_U5,
            "8-base left clip matches");
    char m8[8];
    memcpy(m8, ltr_end + n - 8, 8);
    m8[2] = m8[2] == 'A' ? 'C' : 'A';
    TEST_OK(hp_ltr_match_clip(m8, 8, HP_SIDE_LEFT, &h) && h.mismatches == 1 && h.shift == 0,
            "8-base clip with one mismatch matches");
    TEST_OK(!hp_ltr_match_clip(ltr_end + n - 7, 7, HP_SIDE_LEFT, &h), "7-base clip ignored");
    char m2[12];
    memcpy(m2, ltr_start, 12);
    m2[1] = 'T', m2[4] = 'T', m2[7] = 'A';
    TEST_OK(!hp_ltr_match_clip(m2, 12, HP_SIDE_RIGHT, &h) || h.shift != 0,
            "12-base clip with three mismatches is not an exact U3 junction");
    TEST_OK(!hp_ltr_match_clip("ACGTTGCAACGTTGCAACGT", 20, HP_SIDE_RIGHT, &h),
            "unrelated sequence does not match");

    /* breakpoint shifts: the aligner kept 2 viral bases, or clipped 2 host bases */
    TEST_OK(hp_ltr_match_clip(ltr_start + 2, n - 2, HP_SIDE_RIGHT, &h) && h.shift == 2 &&
                h.end == HP_END_U3,
            "clip starting 2 bases into the LTR: shift +2");
    char hostpad[64] = "GG";
    memcpy(hostpad + 2, ltr_start, n);
    TEST_OK(hp_ltr_match_clip(hostpad, n + 2, HP_SIDE_RIGHT, &h) && h.shift == -2,
            "clip with 2 host bases before the LTR: shift -2");
    char lpad[64];
    memcpy(lpad, ltr_end, n);
    memcpy(lpad + n, "CC", 2);
    TEST_OK(hp_ltr_match_clip(lpad, n + 2, HP_SIDE_LEFT, &h) && h.shift == -2 && h.end == HP_END_U5,
            "left clip with 2 host bases after the U5 end: shift -2");
    /* lower case is fine */
    char lc[32];
    for (int i = 0; i < n; i++)
        lc[i] = (char)(ltr_start[i] | 0x20);
    TEST_OK(hp_ltr_match_clip(lc, n, HP_SIDE_RIGHT, &h), "lower-case clip matches");

    /* a short clip is not shifted: 9 bases starting 1 base into the LTR do not match */
    TEST_OK(!hp_ltr_match_clip(ltr_start + 1, 9, HP_SIDE_RIGHT, &h) || h.shift == 0,
            "9-base clip: no shifted match");
    /* chance: random clips of 8-20 bases rarely match (a clip hotspot of a structural variant
     * must not become a site) */
    unsigned x = 12345;
    int hits = 0, tries = 200000;
    for (int t = 0; t < tries; t++) {
        char r[20];
        int len = 8 + t % 13;
        for (int i = 0; i < len; i++) {
            x = x * 1103515245u + 12345u;
            r[i] = "ACGT"[(x >> 16) & 3];
        }
        hits += hp_ltr_match_clip(r, len, t & 1 ? HP_SIDE_LEFT : HP_SIDE_RIGHT, &h);
    }
    printf("# random clips matching: %d of %d\n", hits, tries);
    TEST_OK(hits < tries / 500, "random 8-20 base clips match less than 0.2 % of the time");

    /* geometry table and coordinates: provirus + at TSD a = 100, - at a = 100 */
    int end, strand;
    hp_junction_geometry(HP_SIDE_RIGHT, 1, &end, &strand);
    TEST_OK(end == HP_END_U3 && strand == HP_STRAND_PLUS, "right + same orientation: U3 +");
    hp_junction_geometry(HP_SIDE_RIGHT, 0, &end, &strand);
    TEST_OK(end == HP_END_U5 && strand == HP_STRAND_MINUS, "right + opposite: U5 -");
    hp_junction_geometry(HP_SIDE_LEFT, 1, &end, &strand);
    TEST_OK(end == HP_END_U5 && strand == HP_STRAND_PLUS, "left + same: U5 +");
    hp_junction_geometry(HP_SIDE_LEFT, 0, &end, &strand);
    TEST_OK(end == HP_END_U3 && strand == HP_STRAND_MINUS, "left + opposite: U3 -");
    /* + strand at a=100: U3 junction host base a+5 (right), U5 junction host base a (left) */
    TEST_EQ_INT(hp_site_pos(105, HP_SIDE_RIGHT, HP_END_U3), 100, "+: U3 junction at a+5 -> pos a");
    TEST_EQ_INT(hp_site_pos(100, HP_SIDE_LEFT, HP_END_U5), 100, "+: U5 junction at a -> pos a");
    /* - strand at a=100: U5 junction a+5 (right), U3 junction a (left); pos = a + 5 */
    TEST_EQ_INT(hp_site_pos(105, HP_SIDE_RIGHT, HP_END_U5), 105, "-: U5 junction -> pos a+5");
    TEST_EQ_INT(hp_site_pos(100, HP_SIDE_LEFT, HP_END_U3), 105, "-: U3 junction -> pos a+5");
    TEST_EQ_INT(hp_junction_base(100, HP_SIDE_RIGHT, HP_STRAND_PLUS), 105, "inverse, + right");
    TEST_EQ_INT(hp_junction_base(105, HP_SIDE_LEFT, HP_STRAND_MINUS), 100, "inverse, - left");
    return test_done();
}
