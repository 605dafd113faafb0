/* Unit tests of src/trim.c: read structures, the LTR-end search with mismatches and indels, the
 * run-on (PBS) check, linker read-through, UMIs, and flank clustering, on reads built here from
 * the HTLV-1 reference so that every expected cut position is known by construction. */
#include "htlvpvl/ref.h"
#include "htlvpvl/trim.h"
#include "tap.h"
#include <stdlib.h>
#include <string.h>

static const char *HOST = "GATTACAGGCTTAACCGTAGCATGCAAGTCCAGTTTGACCATGGAACTGTTCAGGA"
                          "TCGGATCCAAGTTGCAGTCAAGGCTTACGATGCATCAGTAGGACCTAAGTCAGCAT";

static void revcomp(char *out, const char *s, int n)
{
    for (int i = 0; i < n; i++) {
        char c = s[n - 1 - i];
        out[i] = c == 'A' ? 'T' : c == 'C' ? 'G' : c == 'G' ? 'C' : c == 'T' ? 'A' : 'N';
    }
    out[n] = 0;
}

static void test_readstruct(void)
{
    hp_readstruct_t rs;
    TEST_OK(hp_readstruct_parse(&rs, "8M14S+T") == 0, "8M14S+T parses");
    TEST_EQ_INT(rs.n_seg, 3, "three segments");
    TEST_EQ_INT(rs.fixed, 22, "22 fixed bases");
    TEST_OK(rs.len[2] == -1 && rs.type[2] == 'T', "+T: the rest is template");
    TEST_OK(hp_readstruct_parse(&rs, "19S12M16S+T") == 0, "intSiteCaller linker read");
    TEST_OK(hp_readstruct_parse(&rs, "+T8M") < 0, "'+' only last");
    TEST_OK(hp_readstruct_parse(&rs, "8M14S") < 0, "no template");
    TEST_OK(hp_readstruct_parse(&rs, "8X+T") < 0, "unknown type");
    TEST_OK(hp_readstruct_parse(&rs, "") < 0, "empty");
}

static void test_find(hp_trim_t *t)
{
    /* primer region: 30 LTR bases before the U5 end, then host */
    char r[256], end[64];
    const char *ltr = hp_htlv1_seq + HP_LTR_LEN - 30;
    memcpy(end, hp_htlv1_seq + HP_LTR_LEN - 20, 20), end[20] = 0;
    TEST_STR(t->ltr_end, end, "default LTR end: last 20 bases of the J02029 LTR");
    TEST_OK(strcmp(t->ltr_end + 10, HP_U5_MOTIF) == 0, "... ending with the U5 motif");
    snprintf(r, sizeof r, "%.30s%s", ltr, HOST);
    int e, p = hp_trim_find_ltr(t, r, (int)strlen(r), &e);
    TEST_EQ_INT(p, 30, "exact: host starts after the LTR end");
    TEST_EQ_INT(e, 0, "exact: no edits");
    r[20] = r[20] == 'A' ? 'C' : 'A'; /* a mismatch inside the last 20 */
    p = hp_trim_find_ltr(t, r, (int)strlen(r), &e);
    TEST_OK(p == 30 && e == 1, "one mismatch: same cut, 1 edit");
    snprintf(r, sizeof r, "%.25sG%.5s%s", ltr, ltr + 25, HOST); /* insertion */
    p = hp_trim_find_ltr(t, r, (int)strlen(r), &e);
    TEST_OK(p == 31 && e == 1, "one inserted base: cut after the LTR end (31)");
    snprintf(r, sizeof r, "%.22s%.7s%s", ltr, ltr + 23, HOST); /* deletion */
    p = hp_trim_find_ltr(t, r, (int)strlen(r), &e);
    TEST_OK(p == 29 && e == 1, "one deleted base: cut after the LTR end (29)");
    snprintf(r, sizeof r, "%.30s%s", ltr, HOST);
    r[12] = 'N', r[16] = r[16] == 'A' ? 'C' : 'A', r[24] = r[24] == 'A' ? 'C' : 'A';
    TEST_EQ_INT(hp_trim_find_ltr(t, r, (int)strlen(r), &e), -1, "three edits: not found");
    TEST_EQ_INT(hp_trim_find_ltr(t, HOST, (int)strlen(HOST), &e), -1, "host only: not found");
    snprintf(r, sizeof r, "%.30s%s", ltr, HOST);
    hp_trim_t t2 = *t;
    t2.max_offset = 25;
    TEST_EQ_INT(hp_trim_find_ltr(&t2, r, (int)strlen(r), &e), -1,
                "--max-offset 25: an LTR end ending at 30 is not taken");
}

static void test_pair(hp_trim_t *t)
{
    char l[400], k[400], rc[200];
    const char *ltr = hp_htlv1_seq + HP_LTR_LEN - 30;
    const char *linker = "ACGTACGTTTCCGAGATCGCAGTC"; /* 8 UMI + 16 linker */
    hp_trim_res_t r;
    /* a long fragment: host 110 bases, reads 100 (LTR read 30 + 70 host) */
    int F = 110;
    snprintf(l, sizeof l, "%.30s%.70s", ltr, HOST);
    revcomp(rc, HOST, F);
    snprintf(k, sizeof k, "%s%.76s", linker, rc);
    hp_trim_pair(t, l, 100, k, 100, "r1", &r);
    TEST_EQ_INT(r.status, HP_TRIM_KEPT, "long fragment kept");
    TEST_OK(r.host_beg == 30 && r.host_end == 100, "host part 30..100");
    TEST_OK(r.tpl_beg == 24 && r.tpl_end == 100 && !r.read_through,
            "template 24..100, no read-through");
    TEST_STR(r.umi, "ACGTACGT", "UMI from 8M16S+T");
    /* a short fragment: host 40 bases; both reads run on into the other end */
    F = 40;
    char lkrc[64];
    revcomp(lkrc, linker, 24);
    revcomp(rc, HOST, F);
    char ltrrc[64];
    revcomp(ltrrc, ltr, 30);
    snprintf(l, sizeof l, "%.30s%.40s%s", ltr, HOST, lkrc);
    snprintf(k, sizeof k, "%s%s%s", linker, rc, ltrrc);
    hp_trim_pair(t, l, (int)strlen(l), k, (int)strlen(k), "r2", &r);
    TEST_EQ_INT(r.status, HP_TRIM_KEPT, "short fragment kept");
    TEST_OK(r.read_through, "read-through seen");
    TEST_OK(r.host_end - r.host_beg == 40, "LTR read cut to the 40 host bases");
    TEST_OK(r.tpl_end - r.tpl_beg == 40, "linker read cut to the 40 host bases");
    TEST_OK(memcmp(k + r.tpl_beg, rc, 40) == 0, "linker read keeps exactly the host");
    /* primer-dimer: no host at all */
    snprintf(l, sizeof l, "%.30s%s", ltr, lkrc);
    snprintf(k, sizeof k, "%s%s", linker, ltrrc);
    hp_trim_pair(t, l, (int)strlen(l), k, (int)strlen(k), "r3", &r);
    TEST_EQ_INT(r.status, HP_TRIM_SHORT, "primer-dimer (no host): too short");
    /* host of 15 bases */
    snprintf(l, sizeof l, "%.30s%.15s%s", ltr, HOST, lkrc);
    revcomp(rc, HOST, 15);
    snprintf(k, sizeof k, "%s%s%s", linker, rc, ltrrc);
    hp_trim_pair(t, l, (int)strlen(l), k, (int)strlen(k), "r4", &r);
    TEST_EQ_INT(r.status, HP_TRIM_SHORT, "15 host bases: too short");
    /* 5' LTR priming that runs on into the PBS */
    snprintf(l, sizeof l, "%.30s%.70s", ltr, hp_htlv1_seq + HP_LTR_LEN);
    snprintf(k, sizeof k, "%s%.76s", linker, HOST);
    hp_trim_pair(t, l, 100, k, 100, "r5", &r);
    TEST_EQ_INT(r.status, HP_TRIM_RUN_ON, "LTR end then PBS: run-on");
    snprintf(l, sizeof l, "%.30s%.10s", ltr, HOST);
    hp_trim_pair(t, l, 40, NULL, 0, "r6", &r);
    TEST_EQ_INT(r.status, HP_TRIM_SHORT, "single-end, 10 host bases: too short");
    hp_trim_t t2 = *t;
    t2.umi_from_name = 1;
    snprintf(l, sizeof l, "%.30s%.70s", ltr, HOST);
    hp_trim_pair(&t2, l, 100, NULL, 0, "M1:2:3:GGCCAATT", &r);
    TEST_STR(r.umi, "GGCCAATT", "UMI from the read name");
    TEST_EQ_INT(r.status, HP_TRIM_KEPT, "single-end kept");
    snprintf(l, sizeof l, "%.70s", HOST);
    hp_trim_pair(t, l, 70, NULL, 0, "r7", &r);
    TEST_EQ_INT(r.status, HP_TRIM_NO_LTR, "host read: no LTR end");
}

static void test_virus(void)
{
    hp_trim_t t;
    TEST_OK(hp_trim_init(&t) == 0, "init");
    TEST_EQ_INT(t.n_run_on, 1, "HTLV-1: one run-on sequence (after the 5' LTR)");
    TEST_OK(strncmp(t.run_on[0], hp_htlv1_seq + HP_LTR_LEN, 16) == 0, "... the PBS");
    TEST_OK(hp_trim_set_ltr_end(&t, "GAAAATCTCTAGCA") == 0, "another LTR end");
    TEST_OK(hp_trim_set_ltr_end(&t, "GAAAXTC") < 0, "not ACGT / too short");
    const char *v = "CCCCGAAAATCTCTAGCAGTGGCGCCCGAACAGGGACTTTTTTGAAAATCTCTAGCAGTGGCGATTTTTTT";
    TEST_EQ_INT(hp_trim_set_virus(&t, v, (int64_t)strlen(v)), 2, "two LTR ends in the vector");
    TEST_STR(t.run_on[0], "GTGGCGCCCGAACAGG", "after the 5' LTR");
    /* a U3-end design: the primer reads the LTR start backwards (reverse complement of the
     * first 20 LTR bases); out of the 3' LTR it runs on into the provirus (pX) */
    char u3[21], want[17];
    for (int i = 0; i < 20; i++) {
        char c = hp_htlv1_seq[19 - i];
        u3[i] = c == 'A' ? 'T' : c == 'C' ? 'G' : c == 'G' ? 'C' : 'A';
    }
    u3[20] = 0;
    for (int i = 0; i < 16; i++) {
        char c = hp_htlv1_seq[HP_LTR3_START - 2 - i];
        want[i] = c == 'A' ? 'T' : c == 'C' ? 'G' : c == 'G' ? 'C' : 'A';
    }
    want[16] = 0;
    TEST_OK(hp_trim_set_ltr_end(&t, u3) == 0, "U3-end pattern");
    TEST_EQ_INT(hp_trim_set_virus(&t, hp_htlv1_seq, hp_htlv1_len), 1,
                "U3 design: one run-on sequence (the 5' LTR's U3 start faces the host)");
    TEST_STR(t.run_on[0], want, "... the provirus before the 3' LTR, reverse-complemented");
    hp_trim_destroy(&t);
}

static void test_flanks(void)
{
    hp_flanks_t f;
    hp_flanks_init(&f, 10, 4);
    int ok = 1;
    /* site A: 5 reads (2 the same fragment), 1 with a mismatch, 1 shifted by one base */
    ok &= hp_flanks_add(&f, "ACGTTGCAAGGG", 12, "AAAA", 4, "U1") == 0;
    ok &= hp_flanks_add(&f, "ACGTTGCAAGGG", 12, "AAAA", 4, "U1") == 0;
    ok &= hp_flanks_add(&f, "ACGTTGCAAGGG", 12, "CCCC", 4, "U2") == 0;
    ok &= hp_flanks_add(&f, "ACGTTGCTAGGG", 12, "GGGG", 4, "U3") == 0;
    ok &= hp_flanks_add(&f, "TACGTTGCAAGG", 12, "TTTT", 4, "U4") == 0;
    /* site B: 2 reads */
    ok &= hp_flanks_add(&f, "GGGGCCCCAAAA", 12, "AAAA", 4, "U1") == 0;
    ok &= hp_flanks_add(&f, "GGGGCCCCAAAA", 12, "AACA", 4, "U1") == 0;
    TEST_EQ_INT(hp_flanks_add(&f, "ACGT", 4, NULL, 0, ""), 1, "shorter than the flank: ignored");
    TEST_OK(ok && hp_flanks_cluster(&f, 2) == 0, "cluster");
    TEST_EQ_INT(f.n_site, 2, "two sites");
    TEST_STR(f.site[0].flank, "ACGTTGCAAG", "site A first");
    TEST_EQ_INT(f.site[0].reads, 5, "A: 5 reads (mismatch and shift merged)");
    TEST_EQ_INT(f.site[0].umis, 4, "A: 4 UMIs");
    TEST_EQ_INT(f.site[0].shear_sites, 4, "A: 4 distinct (shear, UMI)");
    TEST_EQ_INT(f.site[1].umis, 1, "B: 1 UMI");
    TEST_EQ_INT(f.site[1].shear_sites, 2, "B: 2 distinct (shear, UMI)");
    TEST_EQ_INT(f.site[0].fragments, 4, "A: no (shear, UMI) one base from another: 4 fragments");
    hp_flanks_destroy(&f);
    /* directional UMI merge: 5 reads of ACGT and 1 of ACGA (an error): one fragment; 3 and 3
     * reads one base apart: two (3 < 2 * 3 - 1); an error in the shear proxy merges too */
    hp_flanks_init(&f, 10, 4);
    ok = 1;
    for (int i = 0; i < 5; i++)
        ok &= hp_flanks_add(&f, "ACGTTGCAAGGG", 12, "AAAA", 4, "ACGT") == 0;
    ok &= hp_flanks_add(&f, "ACGTTGCAAGGG", 12, "AAAA", 4, "ACGA") == 0;
    ok &= hp_flanks_add(&f, "ACGTTGCAAGGG", 12, "AATA", 4, "ACGT") == 0;
    for (int i = 0; i < 3; i++) {
        ok &= hp_flanks_add(&f, "ACGTTGCAAGGG", 12, "CCCC", 4, "TTTT") == 0;
        ok &= hp_flanks_add(&f, "ACGTTGCAAGGG", 12, "CCCC", 4, "TTTA") == 0;
    }
    TEST_OK(ok && hp_flanks_cluster(&f, 2) == 0 && f.n_site == 1, "one site");
    TEST_EQ_INT(f.site[0].shear_sites, 5, "5 distinct (shear, UMI) raw");
    TEST_EQ_INT(f.site[0].fragments, 3, "3 after the directional merge");
    hp_flanks_destroy(&f);
    /* partial flanks (short fragments: host parts of 12 to flank_len - 1 bases) join the one
     * site whose flank begins with them; they never make a site */
    hp_flanks_init(&f, 18, 4);
    ok = 1;
    for (int i = 0; i < 3; i++) /* site A: ACGTTGCAAGGGTTCCAA, site B: ACGTTGCAAGGCTTGGAA */
        ok &= hp_flanks_add(&f, "ACGTTGCAAGGGTTCCAACC", 20, "AAAA", 4, "U1") == 0;
    ok &= hp_flanks_add(&f, "ACGTTGCAAGGCTTGGAACC", 20, "CCCC", 4, "U1") == 0;
    ok &= hp_flanks_add(&f, "ACGTTGCAAGGCTTGGAACC", 20, "CCCC", 4, "U2") == 0;
    ok &= hp_flanks_add(&f, "GGGGCCCCAAAATTTTGGGG", 20, "GGGG", 4, "U1") == 0; /* site C */
    TEST_EQ_INT(hp_flanks_add(&f, "ACGTTGCAAGGGTTC", 15, "TTTT", 4, "U3"), 2,
                "15 host bases, flank 18: kept as a partial flank");
    ok &= hp_flanks_add(&f, "ACGTTGCAAGGGTAC", 15, "TTTA", 4, "U4") == 2; /* A, 1 mismatch */
    ok &= hp_flanks_add(&f, "ACGTTGCAAGGGTTG", 15, "TTTC", 4, "U5") == 2; /* 1 from A and B */
    ok &= hp_flanks_add(&f, "ACGTTGCAAGGC", 12, "TTTG", 4, "U6") == 2;    /* B exactly */
    ok &= hp_flanks_add(&f, "TTTTTTTTTTTTTT", 14, "TTGG", 4, "U7") == 2;  /* no site */
    TEST_EQ_INT(hp_flanks_add(&f, "ACGTTGCAAGG", 11, "TGTG", 4, "U8"), 1,
                "11 host bases: ignored");
    TEST_OK(ok && hp_flanks_cluster(&f, 2) == 0, "cluster with partial flanks");
    TEST_EQ_INT(f.n_site, 3, "partial flanks make no site of their own: 3 sites");
    TEST_EQ_INT(f.n_part_placed, 3, "3 of 5 partial flanks placed (a tie and a stranger not)");
    TEST_STR(f.site[0].flank, "ACGTTGCAAGGGTTCCAA", "site A first");
    TEST_EQ_INT(f.site[0].reads, 5, "A: 3 reads + 2 partial flanks (exact, 1 mismatch)");
    TEST_EQ_INT(f.site[0].fragments, 3, "A: 3 fragments (U1 AAAA, U3, U4)");
    TEST_STR(f.site[1].flank, "ACGTTGCAAGGCTTGGAA", "site B second");
    TEST_EQ_INT(f.site[1].reads, 3, "B: 2 reads + the 12-base partial flank");
    TEST_EQ_INT(f.site[2].reads, 1, "C: its read alone");
    hp_flanks_destroy(&f);
    /* a base lost inside the flank (a sequencing indel) shifts the rest of it: still the site;
     * three substitutions: another site */
    hp_flanks_init(&f, 18, 4);
    ok = 1;
    for (int i = 0; i < 4; i++)
        ok &= hp_flanks_add(&f, "ACGTTGCAAGGGTTCCAACC", 20, "AAAA", 4, "U1") == 0;
    ok &= hp_flanks_add(&f, "ACGTTGCAAGGTTCCAACCT", 20, "CCCC", 4, "U2") == 0; /* G9 lost */
    ok &= hp_flanks_add(&f, "ACGTTGCAAGGGATTCCAAC", 20, "GGGG", 4, "U3") == 0; /* A put in */
    ok &= hp_flanks_add(&f, "ACGTTGCAAGCCATCCAACC", 20, "TTTT", 4, "U4") == 0; /* 3 subst. */
    TEST_OK(ok && hp_flanks_cluster(&f, 2) == 0, "cluster with indels inside flanks");
    TEST_EQ_INT(f.n_site, 2, "an indel inside the flank merges, three substitutions do not");
    TEST_EQ_INT(f.site[0].reads, 6, "the site: 4 reads + the deletion + the insertion");
    hp_flanks_destroy(&f);
}

int main(void)
{
    hp_trim_t t;
    if (hp_trim_init(&t) < 0) return 2;
    TEST_OK(hp_readstruct_parse(&t.rs, "8M16S+T") == 0, "8M16S+T");
    test_readstruct();
    test_find(&t);
    test_pair(&t);
    hp_trim_destroy(&t);
    test_virus();
    test_flanks();
    return test_done();
}
