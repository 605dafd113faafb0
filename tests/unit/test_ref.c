/* Unit tests of the built-in reference: sequence identity, LTR geometry, motifs, layouts. */
#include <stdlib.h>
#include <string.h>
#include "htlvpvl/ref.h"
#include "htlvpvl/seq.h"
#include "tap.h"

static int count_occ(const char *motif)
{
    int n = 0;
    for (const char *p = hp_htlv1_seq; (p = strstr(p, motif)); p++) n++;
    return n;
}

int main(void)
{
    TEST_EQ_INT(hp_htlv1_len, HP_PROVIRUS_LEN, "provirus is 9,033 bp");
    TEST_EQ_INT((long)strlen(hp_htlv1_seq), hp_htlv1_len, "sequence string has that length");
    TEST_STR(hp_htlv1_md5, "a53da46cd92001c4dce368117f0e3c53", "embedded sequence md5");
    TEST_OK(memcmp(hp_htlv1_seq, hp_htlv1_seq + HP_LTR3_START - 1, HP_LTR_LEN) == 0,
            "5' LTR (1-755) identical to 3' LTR (8279-9033)");
    TEST_OK(memcmp(hp_htlv1_seq, HP_U3_MOTIF, 10) == 0, "U3 motif at 1");
    TEST_OK(memcmp(hp_htlv1_seq + HP_LTR3_START - 1, HP_U3_MOTIF, 10) == 0, "U3 motif at 8279");
    TEST_OK(memcmp(hp_htlv1_seq + 745, HP_U5_MOTIF, 10) == 0, "U5 motif at 746");
    TEST_OK(memcmp(hp_htlv1_seq + 9023, HP_U5_MOTIF, 10) == 0, "U5 motif at 9024");
    TEST_EQ_INT(count_occ(HP_U3_MOTIF), 2, "U3 motif occurs exactly twice");
    TEST_EQ_INT(count_occ(HP_U5_MOTIF), 2, "U5 motif occurs exactly twice");

    hp_contig_t c[2];
    TEST_EQ_INT(hp_ref_contigs(HP_LAYOUT_FULL, c), 1, "full layout has one contig");
    TEST_STR(c[0].name, "HTLV1", "full contig name");
    TEST_EQ_INT(hp_ref_contigs(HP_LAYOUT_SPLIT, c), 2, "split layout has two contigs");
    TEST_EQ_INT(c[0].len, 755, "HTLV1_LTR is 755 bp");
    TEST_EQ_INT(c[1].len, 7523, "HTLV1_internal is 7,523 bp");
    TEST_OK(c[1].seq[c[1].len] == hp_htlv1_seq[HP_LTR3_START - 1], "internal ends before 3' LTR");

    const hp_feature_t *px = hp_ref_feature("pX"), *gag = hp_ref_feature("gag");
    TEST_OK(px && px->start > 6648 && px->end == 8278, "pX lies between env and the 3' LTR");
    TEST_OK(gag && gag->start == 802 && !strncmp(hp_htlv1_seq + 801, "ATG", 3), "gag starts ATG at 802");
    TEST_OK(hp_ref_feature("nope") == NULL, "unknown feature -> NULL");

    char rc[11] = HP_U5_MOTIF;
    hp_revcomp(rc, rc, 10);
    TEST_STR(rc, "TGTGTACTAA", "revcomp of U5 motif (FIELD.md table)");
    char rc3[11] = HP_U3_MOTIF;
    hp_revcomp(rc3, rc3, 10);
    TEST_STR(rc3, "GTCATTGTCA", "revcomp of U3 motif (FIELD.md table)");
    TEST_EQ_INT(hp_mismatches("ACGTN", "ACGAN", 5), 2, "mismatches count N as mismatch");
    return test_done();
}
