/* test_fastq.c -- the FASTQ reader: plain, gzip and BGZF; single, paired and interleaved;
 * batch boundaries; and every kind of bad input it must refuse. */
#include "htlvpvl/fastq.h"
#include "tap.h"
#include <htslib/bgzf.h>
#include <htslib/hts.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

static char dir[] = "/tmp/test_fastq_XXXXXX";

static const char *path(const char *name)
{
    static char p[4][256];
    static int i;
    i = (i + 1) & 3;
    snprintf(p[i], sizeof p[i], "%s/%s", dir, name);
    return p[i];
}

static void write_text(const char *name, const char *text)
{
    FILE *fp = fopen(path(name), "w");
    if (fp) {
        fputs(text, fp);
        fclose(fp);
    }
}

static void write_gzip(const char *name, const char *text)
{
    gzFile gz = gzopen(path(name), "wb");
    if (gz) {
        gzwrite(gz, text, (unsigned)strlen(text));
        gzclose(gz);
    }
}

static void write_bgzf(const char *name, const char *text)
{
    BGZF *fp = bgzf_open(path(name), "w");
    if (fp) {
        if (bgzf_write(fp, text, strlen(text)) < 0) fprintf(stderr, "bgzf_write failed\n");
        if (bgzf_close(fp) < 0) fprintf(stderr, "bgzf_close failed\n");
    }
}

static const char *R1 = "@p1/1 comment\nACGTACGT\n+\nIIIIIIII\n"
                        "@p2/1\nGGGGCC\n+p2\nIIIIII\n"
                        "@p3/1\nTTTA\n+\n!!!!\n";
static const char *R2 = "@p1/2\nTTTT\n+\nIIII\n"
                        "@p2/2\nCCCCCCCCCC\n+\nIIIIIIIIII\n"
                        "@p3/2\nA\n+\nI\n";

/* Read everything; returns fragments read or -1; err gets the reader's message. */
static int read_all(const char *f1, const char *f2, int inter, int threads, int max_frag, char *err,
                    hp_fq_batch_t *last)
{
    char e[512] = "";
    hp_fq_reader_t *r = hp_fq_reader_open(f1, f2, inter, threads, e, sizeof e);
    if (!r) {
        snprintf(err, 512, "%s", e);
        return -1;
    }
    hp_fq_batch_t b;
    hp_fq_batch_init(&b);
    int n, tot = 0;
    while ((n = hp_fq_reader_read(r, &b, max_frag, 1 << 30)) > 0) {
        tot += n;
        if (last) {
            hp_fq_batch_destroy(last);
            *last = b;
            hp_fq_batch_init(&b); /* hand the storage over */
        }
    }
    snprintf(err, 512, "%s", hp_fq_reader_error(r));
    hp_fq_batch_destroy(&b);
    if (hp_fq_reader_close(r) < 0) return -1;
    return n < 0 ? -1 : tot;
}

/* The same error, word for word, when pairs are read in turn (1 thread) or side by side. */
static int expect_error(const char *f1, const char *f2, int inter, const char *want,
                        const char *what)
{
    char err[2][512] = {"", ""};
    int n[2];
    for (int t = 0; t < 2; t++)
        n[t] = read_all(f1, f2, inter, t ? 3 : 1, t ? 100 : 2, err[t], NULL);
    int ok = n[0] == -1 && strstr(err[0], want) != NULL;
    if (!ok) printf("# n = %d, error '%s', want '%s'\n", n[0], err[0], want);
    TEST_OK(ok, what);
    if (n[1] != -1 || strcmp(err[0], err[1]) != 0)
        printf("# 3 threads: n = %d, error '%s'\n", n[1], err[1]);
    TEST_OK(n[1] == -1 && strcmp(err[0], err[1]) == 0, "... same error with 3 threads");
    return ok;
}

int main(void)
{
    hts_set_log_level(HTS_LOG_OFF);
    if (!mkdtemp(dir)) return 2;
    char err[512];
    write_text("r1.fq", R1);
    write_text("r2.fq", R2);
    write_gzip("r1.fq.gz", R1);
    write_gzip("r2.fq.gz", R2);
    write_bgzf("r1.bgz", R1);
    write_bgzf("r2.bgz", R2);

    /* paired, plain: contents and batch boundaries (2 + 1) */
    char e[512];
    hp_fq_reader_t *r = hp_fq_reader_open(path("r1.fq"), path("r2.fq"), 0, 1, e, sizeof e);
    TEST_OK(r != NULL, "open a plain FASTQ pair");
    if (!r) return test_done();
    TEST_OK(hp_fq_reader_paired(r), "paired");
    TEST_STR(hp_fq_reader_compression(r, 0), "none", "plain text detected");
    hp_fq_batch_t b;
    hp_fq_batch_init(&b);
    TEST_EQ_INT(hp_fq_reader_read(r, &b, 2, 1 << 30), 2, "first batch: 2 pairs");
    TEST_STR(b.r1[0].name, "p1/1", "name without '@' and comment");
    TEST_STR(b.r1[0].seq, "ACGTACGT", "R1 sequence");
    TEST_STR(b.r2[1].seq, "CCCCCCCCCC", "R2 sequence of pair 2");
    TEST_EQ_INT(b.r2[1].len, 10, "R2 length");
    TEST_STR(b.r1[1].qual, "IIIIII", "quality");
    TEST_EQ_INT(b.first, 0, "first batch starts at fragment 0");
    TEST_EQ_INT(hp_fq_reader_read(r, &b, 2, 1 << 30), 1, "second batch: 1 pair");
    TEST_EQ_INT(b.first, 2, "second batch starts at fragment 2");
    TEST_STR(b.r1[0].qual, "!!!!", "quality of pair 3");
    TEST_EQ_INT(hp_fq_reader_read(r, &b, 2, 1 << 30), 0, "then the end");
    TEST_EQ_INT(hp_fq_reader_n_fragments(r), 3, "3 fragments in all");
    TEST_OK(hp_fq_reader_close(r) == 0, "close");
    /* a base limit cuts a batch early: 8 + 4 bases >= 10 after pair 1 */
    r = hp_fq_reader_open(path("r1.fq"), path("r2.fq"), 0, 1, e, sizeof e);
    TEST_EQ_INT(r ? hp_fq_reader_read(r, &b, 100, 10) : -9, 1, "max_bases ends a batch");
    (void)hp_fq_reader_close(r);
    hp_fq_reader_close(NULL);

    /* gzip and BGZF (with a thread pool), single-end and paired */
    hp_fq_batch_t last;
    hp_fq_batch_init(&last);
    TEST_EQ_INT(read_all(path("r1.fq.gz"), path("r2.fq.gz"), 0, 1, 100, err, &last), 3,
                "gzip pair: 3 fragments");
    TEST_STR(last.r2[2].seq, "A", "gzip: last R2 read");
    TEST_EQ_INT(read_all(path("r1.bgz"), path("r2.bgz"), 0, 4, 100, err, &last), 3,
                "BGZF pair with 4 threads: 3 fragments");
    TEST_STR(last.r1[1].seq, "GGGGCC", "BGZF: R1 of pair 2");
    r = hp_fq_reader_open(path("r1.bgz"), NULL, 0, 2, e, sizeof e);
    TEST_STR(r ? hp_fq_reader_compression(r, 0) : "", "bgzf", "BGZF detected");
    TEST_OK(r && !hp_fq_reader_paired(r), "one file: single-end");
    (void)hp_fq_reader_close(r);
    r = hp_fq_reader_open(path("r1.fq.gz"), NULL, 0, 2, e, sizeof e);
    TEST_STR(r ? hp_fq_reader_compression(r, 0) : "", "gzip", "plain gzip detected");
    (void)hp_fq_reader_close(r);
    TEST_EQ_INT(read_all(path("r1.fq"), NULL, 0, 1, 100, err, NULL), 3, "single-end: 3 reads");

    /* interleaved, CRLF line ends, blank lines at the end */
    write_text("il.fq", "@a/1\r\nACGT\r\n+\r\nIIII\r\n@a/2\r\nGG\r\n+\r\nII\r\n"
                        "@b/1\nC\n+\nI\n@b/2\nT\n+\nI\n\n\n");
    TEST_EQ_INT(read_all(path("il.fq"), NULL, 1, 1, 100, err, &last), 2, "interleaved: 2 pairs");
    TEST_OK(last.paired && strcmp(last.r1[0].seq, "ACGT") == 0 &&
                strcmp(last.r2[0].seq, "GG") == 0 && strcmp(last.r2[1].seq, "T") == 0,
            "interleaved mates split, CR stripped");
    hp_fq_batch_destroy(&last);

    /* bad input */
    write_text("short2.fq", "@p1/2\nTTTT\n+\nIIII\n@p2/2\nCC\n+\nII\n");
    expect_error(path("r1.fq"), path("short2.fq"), 0, "fewer records",
                 "R2 with fewer records: error");
    expect_error(path("short2.fq"), path("r1.fq"), 0, "more records",
                 "R2 with more records: error");
    write_text("names2.fq", "@p1/2\nTTTT\n+\nIIII\n@q2/2\nCC\n+\nII\n@p3/2\nA\n+\nI\n");
    expect_error(path("r1.fq"), path("names2.fq"), 0, "mate names differ at pair 2",
                 "mate names differ: error names the pair");
    write_text("cut.fq", "@p1/1\nACGTACGT\n+\nIIIIIIII\n@p2/1\nGGGGCC\n+\nIII");
    expect_error(path("cut.fq"), NULL, 0, "record 2: quality and sequence lengths differ",
                 "record cut inside the quality line: error");
    write_text("cut2.fq", "@p1/1\nACGTACGT\n+\nIIIIIIII\n@p2/1\nGGGGCC\n");
    expect_error(path("cut2.fq"), NULL, 0, "record 2 is cut short", "record without '+': error");
    write_text("cut3.fq", "@p1/1\nACGTACGT\n+\nIIIIIIII\n@p2/1\n");
    expect_error(path("cut3.fq"), NULL, 0, "record 2 is cut short", "header only: error");
    /* two problems: the first along the input wins (names at pair 2 before R1's record 3) */
    write_text("bad3.fq", "@p1/1\nACGT\n+\nIIII\n@p2/1\nACGT\n+\nIIII\n@p3/1\nAC\n+\nI\n");
    expect_error(path("bad3.fq"), path("names2.fq"), 0, "mate names differ at pair 2",
                 "names at pair 2 reported before a broken R1 record 3");
    expect_error(path("names2.fq"), path("cut.fq"), 0, "cut.fq: record 2: quality",
                 "R2 broken at record 2 reported before R1/R2 names of pair 2");
    write_text("long1.fq", R1);
    write_text("long2.fq", "@p1/2\nTTTT\n+\nIIII\n@p2/2\nCC\n+\nII\n@p3/2\nA\n+\nI\n"
                           "@p4/2\nA\n+\nI\n");
    expect_error(path("long1.fq"), path("long2.fq"), 0, "has more records",
                 "R2 one record longer: error");
    write_text("noat.fq", ">p1\nACGT\n");
    expect_error(path("noat.fq"), NULL, 0, "looks like FASTA", "FASTA is not FASTQ");
    write_text("noplus.fq", "@p1\nACGT\nIIII\nIIII\n");
    expect_error(path("noplus.fq"), NULL, 0, "does not start with '+'", "missing '+': error");
    write_text("badseq.fq", "@p1\nAC1T\n+\nIIII\n");
    expect_error(path("badseq.fq"), NULL, 0, "invalid character", "digit in sequence: error");
    write_text("odd.fq", "@a/1\nACGT\n+\nIIII\n");
    expect_error(path("odd.fq"), NULL, 1, "odd number of records", "interleaved, odd: error");
    expect_error(path("missing.fq"), NULL, 0, "cannot open", "missing file: error");

    /* truncated compressed files */
    char big[1 << 16], *p = big;
    for (int i = 0; i < 600; i++)
        p += sprintf(p, "@r%d\nACGTTGCAAGGCTTAACCGGTTAACCGGTA\n+\nIIIIIIIIIIIIIIIIIIIIIIIIIIIIII\n",
                     i);
    write_gzip("big.fq.gz", big);
    write_bgzf("big.bgz", big);
    TEST_EQ_INT(read_all(path("big.fq.gz"), NULL, 0, 1, 100, err, NULL), 600, "600 gzip reads");
    for (int k = 0; k < 2; k++) {
        const char *src = path(k ? "big.bgz" : "big.fq.gz");
        FILE *in = fopen(src, "rb");
        char buf[1 << 16];
        size_t n = in ? fread(buf, 1, sizeof buf, in) : 0;
        if (in) fclose(in);
        FILE *out = fopen(path("trunc.gz"), "wb");
        if (out) {
            fwrite(buf, 1, n * 2 / 3, out);
            fclose(out);
        }
        expect_error(path("trunc.gz"), NULL, 0, k ? "truncated BGZF" : "truncated compressed",
                     k ? "BGZF cut short: error" : "gzip cut short: error");
    }
    if (system(NULL)) {
        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0) fprintf(stderr, "cannot remove %s\n", dir);
    }
    hp_fq_batch_destroy(&b);
    return test_done();
}
