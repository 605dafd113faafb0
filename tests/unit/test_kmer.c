/* test_kmer.c -- placing reads on the provirus: exact, with errors/divergence, both strands,
 * LTR copies, host reads, and custom --virus FASTA loading. */
#include "htlvpvl/kmer.h"
#include "htlvpvl/ref.h"
#include "htlvpvl/seq.h"
#include "tap.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint64_t rng = 88172645463325252ULL;
static uint64_t next_rand(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng;
}

static void random_seq(char *s, int n)
{
    for (int i = 0; i < n; i++)
        s[i] = "ACGT"[next_rand() & 3];
    s[n] = 0;
}

/* substitute a fraction of bases (each changed to a different base) */
static void mutate(char *s, int n, double rate)
{
    for (int i = 0; i < n; i++) {
        if ((double)(next_rand() % 1000000) / 1e6 < rate) {
            int c = hp_nt4[(unsigned char)s[i]];
            s[i] = "ACGT"[(c + 1 + next_rand() % 3) & 3];
        }
    }
}

int main(void)
{
    hp_virus_t v;
    if (hp_virus_init_builtin(&v) != 0) return 2;
    TEST_EQ_INT(v.len, 9033, "built-in provirus length");
    TEST_EQ_INT(v.ltr3_start, 8279, "3' LTR start");
    TEST_EQ_INT(hp_virus_region(&v, 100), HP_REGION_LTR, "position 100 is LTR");
    TEST_EQ_INT(hp_virus_region(&v, 9000), HP_REGION_LTR, "position 9000 is LTR");
    TEST_EQ_INT(hp_virus_region(&v, 3000), HP_REGION_INTERNAL, "position 3000 is internal");
    TEST_EQ_INT(hp_virus_region(&v, 7000), HP_REGION_PX, "position 7000 is pX");
    hp_kmer_index_t *idx = hp_kmer_index_build(&v);
    TEST_OK(idx != NULL, "index builds");
    TEST_OK(hp_kmer_index_size(idx) > 2 * 8900, "both strands indexed");
    hp_kmer_scratch_t s;
    hp_kmer_scratch_init(&s);
    hp_place_t p;
    char read[200], rc[200];
    const int L = 150;

    /* exact reads on both strands, in pX: 5' end found to the base */
    int ok_fwd = 0, ok_rev = 0, n_try = 200;
    for (int t = 0; t < n_try; t++) {
        int st = 760 + (int)(next_rand() % (7500 - L)); /* 0-based, inside the internal region */
        memcpy(read, v.seq + st, L);
        read[L] = 0;
        /* (a low-complexity k-mer at a read end is not indexed: span within K of the read) */
        if (hp_kmer_place(idx, read, L, &s, &p) == 0 && p.strand == 0 && p.pos5 == st + 1 &&
            p.viral_bases > L - HP_KMER_K && p.beg - (st + 1) < HP_KMER_K &&
            st + L - p.end < HP_KMER_K)
            ok_fwd++;
        hp_revcomp(rc, read, L);
        rc[L] = 0;
        /* reverse read: its 5' end is the rightmost base, st + L (1-based) */
        if (hp_kmer_place(idx, rc, L, &s, &p) == 0 && p.strand == 1 && p.pos5 == st + L &&
            p.beg - (st + 1) < HP_KMER_K && st + L - p.end < HP_KMER_K)
            ok_rev++;
    }
    TEST_EQ_INT(ok_fwd, n_try, "exact forward reads: 5' end exact, span within k");
    TEST_EQ_INT(ok_rev, n_try, "exact reverse reads: 5' end (rightmost base) exact");

    /* 3 % divergence plus errors: still placed, 5' end within the diagonal tolerance */
    int ok_div = 0;
    for (int t = 0; t < n_try; t++) {
        int st = 760 + (int)(next_rand() % (7500 - L));
        memcpy(read, v.seq + st, L);
        mutate(read, L, 0.04);
        if (hp_kmer_place(idx, read, L, &s, &p) == 0 && p.viral_bases >= 30 &&
            abs(p.pos5 - (st + 1)) <= 4)
            ok_div++;
    }
    TEST_OK(ok_div >= n_try * 98 / 100, "4 % substitutions: >= 98 % of reads placed");

    /* random host reads: never viral */
    int n_host_viral = 0;
    for (int t = 0; t < 5000; t++) {
        random_seq(read, L);
        if (hp_kmer_place(idx, read, L, &s, &p) == 0 && p.viral_bases >= 30) n_host_viral++;
    }
    TEST_EQ_INT(n_host_viral, 0, "5,000 random host reads: none viral");

    /* a read straddling pX and the 3' LTR goes to the 3' copy, not to the 5' LTR */
    int st = 8279 - 1 - 10; /* 10 pX bases, then LTR */
    memcpy(read, v.seq + st, L);
    TEST_OK(hp_kmer_place(idx, read, L, &s, &p) == 0 && p.pos5 == st + 1,
            "pX/LTR3 read anchored on the 3' copy");
    /* a read wholly in the LTR: placed on the 5' copy (first of the tie) */
    memcpy(read, v.seq + 8279 - 1 + 200, L);
    TEST_OK(hp_kmer_place(idx, read, L, &s, &p) == 0 && p.pos5 == 201 &&
                hp_virus_region(&v, p.pos5) == HP_REGION_LTR,
            "LTR-only read placed in the LTR");
    /* host then virus: span clipped to the viral part */
    random_seq(read, 100);
    memcpy(read + 100, v.seq, 50);
    TEST_OK(hp_kmer_place(idx, read, L, &s, &p) == 0 && p.viral_bases == 50 && p.beg == 1,
            "host-virus read: 50 viral bases from position 1");
    /* reads with N and short reads */
    memset(read, 'N', L);
    TEST_OK(hp_kmer_place(idx, read, L, &s, &p) == 0 && p.viral_bases == 0, "all-N read");
    TEST_OK(hp_kmer_place(idx, v.seq, 10, &s, &p) == 0 && p.viral_bases == 0, "10-bp read");

    /* --virus FASTA: the built-in written out, with host-free LTR detection and pX placement */
    char path[] = "/tmp/test_kmer_XXXXXX";
    int fd = mkstemp(path);
    FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
    int wr = fp && hp_ref_write_fasta(fp, HP_LAYOUT_FULL) == 0;
    if (fp) wr &= fclose(fp) == 0;
    TEST_OK(wr, "write the built-in as FASTA");
    hp_virus_t cv;
    char err[256] = "";
    TEST_OK(hp_virus_load_fasta(&cv, path, err, sizeof err) == 0, "load provirus FASTA");
    TEST_EQ_INT(cv.ltr_len, 755, "LTR length found from the repeat");
    TEST_EQ_INT(cv.reg_beg[HP_REG_PX], v.reg_beg[HP_REG_PX], "pX start placed");
    TEST_EQ_INT(cv.reg_end[HP_REG_PX], v.reg_end[HP_REG_PX], "pX end placed");
    hp_virus_destroy(&cv);
    fp = fopen(path, "w");
    if (fp) {
        fprintf(fp, ">x\n");
        for (int i = 0; i < 30; i++) {
            random_seq(read, 100);
            fprintf(fp, "%s\n", read);
        }
        fclose(fp);
    }
    TEST_OK(hp_virus_load_fasta(&cv, path, err, sizeof err) < 0 && strstr(err, "LTR"),
            "random sequence: no LTRs, clear error");
    fp = fopen(path, "w");
    if (fp) fclose(fp);
    TEST_OK(hp_virus_load_fasta(&cv, path, err, sizeof err) < 0, "empty FASTA rejected");
    unlink(path);

    hp_kmer_scratch_destroy(&s);
    hp_kmer_index_destroy(idx);
    hp_kmer_index_destroy(NULL);
    hp_virus_destroy(&v);
    hp_virus_destroy(NULL);
    return test_done();
}
