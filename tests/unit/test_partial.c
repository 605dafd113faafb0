/* Unit tests of src/partial.c: shard regions (parsing, overlap, the K/N split), the coverage
 * check of merge, and the partial file written and read back field for field. */
#include "htlvpvl/partial.h"
#include "tap.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define END HTS_POS_MAX

static sam_hdr_t *header(void)
{
    const char *t = "@HD\tVN:1.6\tSO:coordinate\n@SQ\tSN:chr1\tLN:1000\n@SQ\tSN:chr2\tLN:500\n"
                    "@SQ\tSN:HTLV1\tLN:9033\n";
    return sam_hdr_parse(strlen(t), t);
}

static void test_parse(sam_hdr_t *h)
{
    char err[256];
    hp_own_region_t *r;
    char *a[] = {"*", "chr2", "chr1:501-1000", "chr1:1-500"};
    int n = hp_own_regions_parse(h, a, 4, &r, err, sizeof err);
    TEST_EQ_INT(n, 4, "four regions parsed");
    if (n == 4) {
        TEST_OK(r[0].tid == 0 && r[0].beg == 0 && r[0].end == 500, "chr1:1-500 is [0, 500)");
        TEST_OK(r[1].tid == 0 && r[1].beg == 500 && r[1].end == END,
                "a range reaching the contig end runs to the largest position");
        TEST_OK(r[2].tid == 1 && r[2].beg == 0 && r[2].end == END, "a whole contig");
        TEST_OK(r[3].tid == -1, "'*' sorts last");
    }
    free(r);
    char *b[] = {"chr1:1-500", "chr1:500-600"};
    TEST_EQ_INT(hp_own_regions_parse(h, b, 2, &r, err, sizeof err), -1, "overlap refused");
    TEST_OK(strstr(err, "overlap on chr1") != NULL, "... naming the contig");
    char *c[] = {"chr9"};
    TEST_EQ_INT(hp_own_regions_parse(h, c, 1, &r, err, sizeof err), -1, "unknown contig");
}

/* the n parts of the split cover the header exactly once (checked by hp_partial_check_cover,
 * and by the lengths adding up) */
static void test_split(sam_hdr_t *h, int n)
{
    hp_own_region_t *all = malloc((size_t)(n * 4 + 8) * sizeof *all);
    int *owner = malloc((size_t)(n * 4 + 8) * sizeof *owner), m = 0, ok = 1;
    int64_t bases = 0;
    for (int k = 1; k <= n; k++) {
        hp_own_region_t *r;
        int nr = hp_own_regions_split(h, k, n, &r);
        for (int i = 0; i < nr && m < n * 4 + 8; i++, m++) {
            all[m] = r[i], owner[m] = k - 1;
            if (r[i].tid >= 0) {
                int64_t e = r[i].end == END ? sam_hdr_tid2len(h, r[i].tid) : r[i].end;
                bases += e - r[i].beg;
            }
        }
        ok &= nr >= 0;
        free(r);
    }
    char err[256], what[64];
    snprintf(what, sizeof what, "split into %d: every part made", n);
    TEST_OK(ok, what);
    snprintf(what, sizeof what, "split into %d: the parts hold every base once", n);
    TEST_EQ_INT(bases, 1000 + 500 + 9033, what);
    snprintf(what, sizeof what, "split into %d: merge's coverage check accepts it", n);
    TEST_EQ_INT(hp_partial_check_cover(h, all, owner, m, err, sizeof err), 0, what);
    free(all);
    free(owner);
}

static void test_cover(sam_hdr_t *h)
{
    char err[256];
    hp_own_region_t r[] = {{0, 0, 500}, {0, 600, END}, {1, 0, END}, {2, 0, END}, {-1, 0, 0}};
    int o[] = {0, 1, 1, 2, 2};
    TEST_EQ_INT(hp_partial_check_cover(h, r, o, 5, err, sizeof err), -1, "a gap refused");
    TEST_STR(err, "no partial covers chr1 from 501", "... naming where it starts");
    r[1].beg = 400;
    TEST_EQ_INT(hp_partial_check_cover(h, r, o, 5, err, sizeof err), -1, "an overlap refused");
    TEST_STR(err, "partials 1 and 2 overlap on chr1 at 401", "... naming the partials");
    r[1].beg = 500;
    TEST_EQ_INT(hp_partial_check_cover(h, r, o, 5, err, sizeof err), 0, "the fixed set passes");
    TEST_EQ_INT(hp_partial_check_cover(h, r, o, 4, err, sizeof err), -1, "'*' missing refused");
}

static void test_roundtrip(void)
{
    char path[64], err[256];
    snprintf(path, sizeof path, "/tmp/htlvpvl_partial_%d.partial", (int)getpid());
    hp_own_region_t reg[] = {{0, 10, 20}, {-1, 0, 0}};
    uint32_t w[3][4] = {{5, 1, 2, 3}, {0, 0, 0, 0}, {7, 0, 9, 4000000000u}};
    hp_partial_t p, q;
    memset(&p, 0, sizeof p);
    p.format = 1, p.version = "9.9.9", p.input = "in put.bam", p.reference = "";
    p.sample = "S1", p.virus = "HTLV1", p.pvl_region = "pX", p.min_mapq = 7;
    p.header_hash = 0xfedcba9876543210ULL, p.reg = reg, p.n_reg = 2, p.secondary_sa = 3;
    p.acc.records = 123456789012LL, p.acc.x_bases = 5, p.acc.dup_marked = 2;
    p.acc.dup_detection = 1, p.acc.vir_bases[4] = 11, p.acc.frag_region[0] = 12;
    p.acc.ins_hist[300] = 40, p.acc.ins_hist[HP_INS_MAX] = 1, p.acc.span_hist[0] = 2;
    hp_evidence_t ev[2] = {{0xffffffffffffffffULL, 1, 0, 15, 10, 60, 0, 0, 1, 0, 1,
                            HP_ALT_SET | 0x1f2},
                           {2, 3, 1, 0, 5, 9, HP_DEL_VDIST, 2, 1, 2, 0, 0}};
    p.acc.ev = ev, p.acc.n_ev = 2;
    p.dprof.win = 500, p.dprof.n_win = 3;
    uint32_t wr[3], wl[3], wg[3], wb[3];
    for (int i = 0; i < 3; i++)
        wr[i] = w[i][0], wl[i] = w[i][1], wg[i] = w[i][2], wb[i] = w[i][3];
    p.dprof.w_reads = wr, p.dprof.w_lowmq = wl, p.dprof.w_gc = wg, p.dprof.w_bases = wb;
    p.dprof.v_reads[17] = 8, p.dprof.v_gc[0] = 9;
    TEST_EQ_INT(hp_partial_write(path, &p, err, sizeof err), 0, "written");
    TEST_EQ_INT(hp_partial_read(path, &q, err, sizeof err), 0, "read back");
    TEST_STR(q.input, "in put.bam", "input (with a space)");
    TEST_STR(q.reference, "", "no reference");
    TEST_OK(q.header_hash == p.header_hash && q.min_mapq == 7 && q.secondary_sa == 3,
            "header hash, min_mapq, secondary_sa");
    TEST_OK(q.n_reg == 2 && q.reg[0].beg == 10 && q.reg[0].end == 20 && q.reg[1].tid == -1,
            "regions");
    TEST_OK(q.acc.records == 123456789012LL && q.acc.x_bases == 5 && q.acc.dup_marked == 2 &&
                q.acc.dup_detection == 1,
            "counters");
    TEST_OK(q.acc.vir_bases[4] == 11 && q.acc.frag_region[0] == 12 && q.acc.ins_hist[300] == 40 &&
                q.acc.ins_hist[HP_INS_MAX] == 1 && q.acc.span_hist[0] == 2,
            "viral counts and histograms");
    TEST_OK(q.acc.n_ev == 2 && memcmp(q.acc.ev, ev, sizeof ev) == 0, "evidence, bit for bit");
    TEST_OK(q.dprof.n_win == 3 && q.dprof.w_reads[0] == 5 && q.dprof.w_reads[1] == 0 &&
                q.dprof.w_bases[2] == 4000000000u && q.dprof.v_reads[17] == 8 &&
                q.dprof.v_gc[0] == 9,
            "depth-profile counters");
    hp_partial_destroy(&q);
    /* a line lost at the end, then a mangled number */
    FILE *fp = fopen(path, "r+");
    if (fp) {
        fseek(fp, -4, SEEK_END);
        fputs("xx\n", fp); /* the last line "end" becomes "exx" */
        fclose(fp);
    }
    TEST_EQ_INT(hp_partial_read(path, &q, err, sizeof err), -1, "a damaged last line refused");
    p.sample = "a\tb";
    TEST_EQ_INT(hp_partial_write(path, &p, err, sizeof err), -1, "a name with a tab refused");
    unlink(path);
}

int main(void)
{
    sam_hdr_t *h = header();
    test_parse(h);
    test_cover(h);
    for (int n = 1; n <= 9; n++)
        test_split(h, n);
    test_split(h, 20000); /* more parts than bases: empty parts, still exactly once */
    test_roundtrip();
    sam_hdr_destroy(h);
    return test_done();
}
