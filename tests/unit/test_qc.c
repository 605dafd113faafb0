/* test_qc.c -- each plausibility / QC rule of src/qc.c with numbers where it must fire and
 * where it must not. */
#include "htlvpvl/qc.h"
#include "tap.h"
#include <math.h>
#include <string.h>

static unsigned eval(double pvl, double lo, double hi, double k)
{
    hp_qc_input_t in;
    hp_qc_t q;
    hp_qc_input_init(&in);
    in.pvl = pvl, in.pvl_lo = lo, in.pvl_hi = hi, in.viral_fragments = k;
    return hp_qc_eval(&in, &q);
}

int main(void)
{
    hp_qc_input_t in;
    hp_qc_t q;

    TEST_OK(eval(250, 240, 260, 1e4) == HP_QC_PVL_ABOVE_200, "PVL 250: pvl_above_200 alone");
    TEST_OK(eval(150, 140, 160, 1e4) == 0, "PVL 150 with a tight CI: no flag");
    TEST_OK(eval(10, 4, 16, 10) & HP_QC_LOW_PRECISION, "CI -60 % .. +60 %: low_precision");
    TEST_OK(!(eval(10, 6, 14, 30) & HP_QC_LOW_PRECISION), "CI +-40 %: precise enough (50 %)");
    TEST_OK(eval(0, 0, 4.7, 0) & HP_QC_LOW_PRECISION, "PVL 0 with upper limit 4.7: flagged");
    TEST_OK(!(eval(0, 0, 0.2, 0) & HP_QC_LOW_PRECISION), "PVL 0 with upper limit 0.2: not");

    hp_qc_input_init(&in);
    in.pvl = 10, in.pvl_lo = 6, in.pvl_hi = 14, in.precision_pct = 30;
    TEST_OK(hp_qc_eval(&in, &q) & HP_QC_LOW_PRECISION, "--precision 30: +-40 % is flagged");
    TEST_OK(strstr(q.msg[1], "+-40 %") != NULL, "message gives the CI width");

    /* FASTQ genome size: only on FASTQ input, only beyond 10 copies per cell */
    hp_qc_input_init(&in);
    in.pvl = 614177, in.pvl_lo = 464451, in.pvl_hi = 796856, in.viral_fragments = 56;
    in.fastq = 1, in.genome_size = 3.1e9;
    TEST_OK(hp_qc_eval(&in, &q) == (HP_QC_GENOME_SIZE | HP_QC_PVL_ABOVE_200),
            "FASTQ PVL 614177 at 3.1 Gb: genome_size and pvl_above_200");
    TEST_OK(strstr(q.msg[3], "1.01e+06 bp") != NULL, "largest plausible genome: 3.1e9 x 200 / PVL");
    in.pvl = 900, in.pvl_lo = 800, in.pvl_hi = 1000;
    TEST_OK(!(hp_qc_eval(&in, &q) & HP_QC_GENOME_SIZE), "FASTQ PVL 900: no genome_size flag");
    in.pvl = 1500, in.pvl_lo = 1400, in.pvl_hi = 1600, in.fastq = 0;
    TEST_OK(!(hp_qc_eval(&in, &q) & HP_QC_GENOME_SIZE), "aligned input: no genome_size rule");

    /* depth against junction estimate */
    hp_qc_input_init(&in);
    in.pvl = 10, in.pvl_lo = 9, in.pvl_hi = 11.1, in.viral_fragments = 400;
    in.jpvl = 20, in.jpvl_lo = 18, in.jpvl_hi = 22.2;
    TEST_OK(hp_qc_eval(&in, &q) == HP_QC_ESTIMATORS_DISAGREE,
            "10 [9, 11] vs 20 [18, 22]: disagree");
    in.jpvl = 10.5, in.jpvl_lo = 9.4, in.jpvl_hi = 11.7;
    TEST_OK(hp_qc_eval(&in, &q) == 0, "10 vs 10.5: agree");
    in.jpvl = 8.53, in.jpvl_lo = 5.47, in.jpvl_hi = 12.7;
    in.pvl = 7.78, in.pvl_lo = 6.01, in.pvl_hi = 9.92;
    TEST_OK(!(hp_qc_eval(&in, &q) & HP_QC_ESTIMATORS_DISAGREE), "ham_t0: 7.78 vs 8.53 agree");

    /* viral contigs */
    const char *names[] = {"HTLV1_LTR", "HTLV1_int"};
    int64_t r1[] = {1000, 0}, r2[] = {1000, 5}, r3[] = {0, 0};
    hp_qc_input_init(&in);
    in.n_viral_contigs = 2, in.viral_contig_names = names;
    in.viral_contig_reads = r1;
    TEST_OK(hp_qc_eval(&in, &q) == HP_QC_EMPTY_VIRAL_CONTIG && strstr(q.msg[2], "HTLV1_int"),
            "one viral contig empty, the other 1000: flagged, named");
    in.viral_contig_reads = r2;
    TEST_OK(hp_qc_eval(&in, &q) == 0, "both contigs with reads: no flag");
    in.viral_contig_reads = r3;
    TEST_OK(hp_qc_eval(&in, &q) == 0, "no viral read at all (uninfected): no contig flag");

    char buf[128];
    hp_qc_flags_str(0, buf, sizeof buf);
    TEST_STR(buf, "ok", "no flag: ok");
    hp_qc_flags_str(HP_QC_PVL_ABOVE_200 | HP_QC_GENOME_SIZE, buf, sizeof buf);
    TEST_STR(buf, "pvl_above_200,genome_size", "flags joined by ','");
    TEST_OK(hp_qc_flags_parse(buf) == (HP_QC_PVL_ABOVE_200 | HP_QC_GENOME_SIZE), "parsed back");
    TEST_OK(hp_qc_flags_parse("ok") == 0 && hp_qc_flags_parse(NULL) == 0, "ok / none: 0");
    return test_done();
}
