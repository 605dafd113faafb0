/* Unit tests of src/sim_host.c: the host: contig kinds, the synthetic host, FASTA round trip. */
#include "htlvpvl/ref.h"
#include "htlvpvl/seq.h"
#include "htlvpvl/sim.h"
#include "tap.h"
#include <htslib/bgzf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void test_host(void)
{
    TEST_EQ_INT(hp_ctg_class_of_name("chrX"), HP_CTG_X, "kind chrX");
    TEST_EQ_INT(hp_ctg_class_of_name("X"), HP_CTG_X, "kind X");
    TEST_EQ_INT(hp_ctg_class_of_name("chrM"), HP_CTG_MT, "kind chrM");
    TEST_EQ_INT(hp_ctg_class_of_name("MT"), HP_CTG_MT, "kind MT");
    TEST_EQ_INT(hp_ctg_class_of_name("chr1_KI270706v1_random"), HP_CTG_HOST_OTHER,
                "kind unplaced");
    TEST_EQ_INT(hp_ctg_class_of_name("chr17"), HP_CTG_AUTOSOME, "kind chr17");
    TEST_EQ_INT(hp_ctg_class_of_name("1"), HP_CTG_AUTOSOME, "kind 1");
    TEST_EQ_INT(hp_ctg_class_of_name("chrY"), HP_CTG_Y, "kind chrY");
    TEST_EQ_INT(hp_ctg_class_of_name("chrEBV"), HP_CTG_HOST_OTHER, "kind chrEBV");
    TEST_EQ_INT(hp_ctg_class_of_name("scaffold7"), HP_CTG_HOST_OTHER,
                "kind scaffold7: not an autosome (count's rule: digits only)");
    hp_host_t h, g;
    TEST_OK(hp_host_synth(&h, 1000, 20, 1) < 0, "synth: too small a host refused");
    TEST_OK(hp_host_synth(&h, 100000, 20, 1) == 0 && hp_host_synth(&g, 100000, 20, 1) == 0,
            "synth: 100 kb host");
    TEST_EQ_INT(hp_host_autosome_len(&h), 100000, "synth: autosomal length");
    TEST_EQ_INT(h.n, 5, "synth: chr1-3, chrX, chrM");
    int same = h.n == g.n;
    for (int i = 0; same && i < h.n; i++)
        same = !strcmp(h.ctg[i].seq, g.ctg[i].seq);
    TEST_OK(same, "synth: deterministic in host seed");
    TEST_OK(h.ctg[3].kind == HP_CTG_X && h.ctg[3].copies == 1, "synth: chrX one copy");
    TEST_OK(h.ctg[4].kind == HP_CTG_MT && h.ctg[4].copies == 20, "synth: chrM at mt copies");
    /* segmental duplication: about 1 % divergence */
    int mm = hp_mismatches(h.ctg[h.segdup_src_tid].seq + h.segdup_src - 1,
                           h.ctg[h.segdup_dst_tid].seq + h.segdup_dst - 1, (size_t)h.segdup_len);
    TEST_OK(mm > 0 && mm < 0.02 * h.segdup_len, "synth: segmental duplication ~1 % diverged");
    hp_host_destroy(&g);
    /* FASTA round trip */
    char path[] = "/tmp/test_sim_XXXXXX";
    int fd = mkstemp(path);
    FILE *fp = fdopen(fd, "w");
    TEST_OK(hp_host_write_fasta(&h, fp) == 0 && fclose(fp) == 0, "write host FASTA");
    TEST_OK(hp_host_read_fasta(&g, path, 30) == 0, "read host FASTA");
    same = h.n == g.n;
    for (int i = 0; same && i < h.n; i++)
        same = !strcmp(h.ctg[i].seq, g.ctg[i].seq) && !strcmp(h.ctg[i].name, g.ctg[i].name);
    TEST_OK(same, "FASTA round trip");
    TEST_OK(g.ctg[4].copies == 30, "FASTA: chrM copies from the caller");
    hp_host_destroy(&g);
    fp = fopen(path, "w");
    fputs("ACGT\n>x\nACGT\n", fp);
    fclose(fp);
    TEST_OK(hp_host_read_fasta(&g, path, 30) == -2, "FASTA: sequence before a header is an error");
    fp = fopen(path, "w"); /* lower case, IUPAC, blanks, CRLF, a description, HTLV1 skipped */
    fputs("\n>chrA desc\r\nacgtnRYacgt\r\nAC GT\r\n\r\n>HTLV1\nACGT\n>chrB\nACGTACGT\n", fp);
    fclose(fp);
    TEST_OK(hp_host_read_fasta(&g, path, 30) == 0 && g.n == 2 && !strcmp(g.ctg[0].name, "chrA") &&
                !strcmp(g.ctg[0].seq, "ACGTNNNACGTACGT") && g.ctg[0].len == 15 &&
                !strcmp(g.ctg[1].seq, "ACGTACGT"),
            "FASTA: cleaned to ACGTN, description dropped, HTLV1 skipped");
    hp_host_destroy(&g);
    const char *bad[] = {">x\nAC-GT\n", ">x\nAC\n>x\nGT\n", "@r\nACGT\n+\nIIII\n", ">x\n>y\nAC\n",
                         ">HTLV1\nACGT\n", ""};
    for (int i = 0; i < 6; i++) {
        fp = fopen(path, "w");
        fputs(bad[i], fp);
        fclose(fp);
        TEST_OK(hp_host_read_fasta(&g, path, 30) == -2,
                "FASTA refused: non-letter, duplicate, FASTQ, empty contig, no host contig, empty");
    }
    TEST_OK(hp_host_read_fasta(&g, "/nonexistent/x.fa", 30) == -1, "FASTA: missing file -> -1");
    unlink(path);
    hp_host_destroy(&h);
    hp_host_destroy(NULL);
}

int main(void)
{
    test_host();
    return test_done();
}
