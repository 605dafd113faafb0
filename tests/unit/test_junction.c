/* Unit tests of the record classifier on hand-built records with known geometry: LTR-end clips
 * (four cases), split reads (SA, hard-clipped), discordant pairs (four cases), duplicates,
 * secondary alignments, aligned bases and fragments, in both reference layouts. */
#include "htlvpvl/junction.h"
#include "htlvpvl/ltr_match.h"
#include "htlvpvl/ref.h"
#include "htlvpvl/seq.h"
#include "tap.h"
#include <htslib/kstring.h>
#include <htslib/sam.h>
#include <stdlib.h>
#include <string.h>

static sam_hdr_t *hdr;
static hp_contigs_t ctg;
static hp_classify_opt_t opt;

static void setup(int split)
{
    const char *t = split ? "@HD\tVN:1.6\tSO:coordinate\n@SQ\tSN:chr1\tLN:50000\n"
                            "@SQ\tSN:chrX\tLN:20000\n@SQ\tSN:chr1_random\tLN:5000\n"
                            "@SQ\tSN:HTLV1_LTR\tLN:755\n@SQ\tSN:HTLV1_internal\tLN:7523\n"
                          : "@HD\tVN:1.6\tSO:coordinate\n@SQ\tSN:chr1\tLN:50000\n"
                            "@SQ\tSN:chrX\tLN:20000\n@SQ\tSN:chr1_random\tLN:5000\n"
                            "@SQ\tSN:HTLV1\tLN:9033\n";
    if (hdr) {
        sam_hdr_destroy(hdr);
        hp_contigs_destroy(&ctg);
    }
    hdr = sam_hdr_parse(strlen(t), t);
    if (hp_contigs_init(&ctg, hdr, NULL, 0, NULL) != 0) abort();
    hp_classify_opt_init(&opt);
}

/* Classify one SAM line into a fresh accumulator. */
static void classify(const char *line, hp_acc_t *a)
{
    kstring_t ks = {0, 0, NULL};
    kputs(line, &ks);
    bam1_t *b = bam_init1();
    hp_acc_init(a);
    if (sam_parse1(&ks, hdr, b) < 0) {
        printf("# cannot parse: %s\n", line);
        abort();
    }
    if (hp_classify_record(&ctg, hdr, &opt, b, a) != 0) abort();
    bam_destroy1(b);
    free(ks.s);
}

static char host70[71];

static void line_clip(char *out, size_t n, const char *name, int flag, int pos, const char *cigar,
                      const char *seq, const char *tags)
{
    snprintf(out, n, "%s\t%d\tchr1\t%d\t60\t%s\t=\t%d\t300\t%s\t*%s%s", name, flag, pos, cigar,
             pos + 200, seq, tags ? "\t" : "", tags ? tags : "");
}

/* one piece of evidence, and its fields */
static int one(const hp_acc_t *a, int type, int end, int strand, int side, int pos)
{
    if (a->n_ev != 1) {
        printf("# %zu evidence records\n", a->n_ev);
        return 0;
    }
    const hp_evidence_t *e = &a->ev[0];
    if (e->type != type || e->end != end || e->strand != strand || e->side != side ||
        (pos && e->pos != pos)) {
        printf("# type %d end %d strand %d side %d pos %lld\n", e->type, e->end, e->strand, e->side,
               (long long)e->pos);
        return 0;
    }
    return 1;
}

int main(void)
{
    /* host bases that do not look like an LTR end */
    for (int i = 0; i < 70; i++)
        host70[i] = "ACGGTCATCG"[i % 10] ^ (i % 7 == 0 ? 0 : 0);
    host70[70] = 0;
    char ls[31], le[31], rs[31], re[31], seq[256], line[1024];
    memcpy(ls, hp_htlv1_seq, 30), ls[30] = 0;
    memcpy(le, hp_htlv1_seq + HP_LTR_LEN - 30, 30), le[30] = 0;
    hp_revcomp(rs, ls, 30), rs[30] = 0;
    hp_revcomp(re, le, 30), re[30] = 0;
    hp_acc_t a;

    for (int split = 0; split <= 1; split++) {
        setup(split);
        const char *L = split ? " (split layout)" : " (full layout)";
        char what[160];
        TEST_OK(ctg.n_vc == (split ? 2 : 1), "viral contigs detected");
        TEST_OK(ctg.cls[0] == HP_CTG_AUTOSOME && ctg.cls[1] == HP_CTG_X &&
                    ctg.cls[2] == HP_CTG_HOST_OTHER && ctg.cls[3] == HP_CTG_VIRUS,
                "contig classes: autosome, chrX, unplaced, virus");

        /* clip right, TGACAATGAC: U3, +, host base 1069 = a+5 -> pos 1064 */
        snprintf(seq, sizeof seq, "%s%s", host70, ls);
        line_clip(line, sizeof line, "c1", 65, 1000, "70M30S", seq, NULL);
        classify(line, &a);
        snprintf(what, sizeof what, "clip right U3 +: pos a = 1064%s", L);
        TEST_OK(one(&a, HP_EV_CLIP, HP_END_U3, HP_STRAND_PLUS, HP_SIDE_RIGHT, 1064), what);
        hp_acc_destroy(&a);
        /* clip right, TGTGTACTAA: U5, -, pos = 1069 */
        snprintf(seq, sizeof seq, "%s%s", host70, re);
        line_clip(line, sizeof line, "c2", 65, 1000, "70M30S", seq, NULL);
        classify(line, &a);
        snprintf(what, sizeof what, "clip right U5 -: pos 1069%s", L);
        TEST_OK(one(&a, HP_EV_CLIP, HP_END_U5, HP_STRAND_MINUS, HP_SIDE_RIGHT, 1069), what);
        hp_acc_destroy(&a);
        /* clip left, ...TTAGTACACA: U5, +, pos = 2000 */
        snprintf(seq, sizeof seq, "%s%s", le, host70);
        line_clip(line, sizeof line, "c3", 65, 2000, "30S70M", seq, NULL);
        classify(line, &a);
        snprintf(what, sizeof what, "clip left U5 +: pos 2000%s", L);
        TEST_OK(one(&a, HP_EV_CLIP, HP_END_U5, HP_STRAND_PLUS, HP_SIDE_LEFT, 2000), what);
        hp_acc_destroy(&a);
        /* clip left, ...GTCATTGTCA: U3, -, host base a = 2000 -> pos 2005 */
        snprintf(seq, sizeof seq, "%s%s", rs, host70);
        line_clip(line, sizeof line, "c4", 65, 2000, "30S70M", seq, NULL);
        classify(line, &a);
        snprintf(what, sizeof what, "clip left U3 -: pos 2005%s", L);
        TEST_OK(one(&a, HP_EV_CLIP, HP_END_U3, HP_STRAND_MINUS, HP_SIDE_LEFT, 2005), what);
        hp_acc_destroy(&a);
        /* short clip: 9 bases, one mismatch */
        snprintf(seq, sizeof seq, "%s%s", host70, le + 21);
        seq[70 + 9] = 0;
        memmove(seq + 9, seq, 71);
        memcpy(seq, le + 21, 9);
        seq[4] = seq[4] == 'A' ? 'C' : 'A';
        seq[79] = 0;
        line_clip(line, sizeof line, "c5", 65, 3000, "9S70M", seq, NULL);
        classify(line, &a);
        snprintf(what, sizeof what, "9-base clip with a mismatch: U5 +%s", L);
        TEST_OK(one(&a, HP_EV_CLIP, HP_END_U5, HP_STRAND_PLUS, HP_SIDE_LEFT, 3000), what);
        hp_acc_destroy(&a);
        /* a clip of host-like sequence is no evidence */
        snprintf(seq, sizeof seq, "%s%s", host70, host70);
        seq[100] = 0;
        line_clip(line, sizeof line, "c6", 65, 1000, "70M30S", seq, NULL);
        classify(line, &a);
        TEST_EQ_INT(a.n_ev, 0, "clip of non-LTR sequence ignored");
        hp_acc_destroy(&a);
        /* duplicates and secondary alignments give nothing; reads are still counted */
        snprintf(seq, sizeof seq, "%s%s", host70, ls);
        line_clip(line, sizeof line, "c7", 65 | 0x400, 1000, "70M30S", seq, NULL);
        classify(line, &a);
        TEST_OK(a.n_ev == 0 && a.reads_dup == 1 && a.frag_dup == 1 && a.reads_total == 1,
                "duplicate: counted, no evidence");
        hp_acc_destroy(&a);
        line_clip(line, sizeof line, "c8", 65 | 0x100, 1000, "70M30S", seq, NULL);
        classify(line, &a);
        TEST_OK(a.n_ev == 0 && a.reads_secondary == 1 && a.reads_total == 0, "secondary: ignored");
        hp_acc_destroy(&a);

        /* split read, hard-clipped host part, SA on the virus (U3 start, same strand):
         * 40 host bases 4001-4040, then the LTR start -> U3 +, pos 4035 */
        const char *vltr = split ? "HTLV1_LTR" : "HTLV1";
        int u3 = split ? 1 : HP_LTR3_START, u5 = HP_LTR_LEN;
        snprintf(
            line, sizeof line,
            "s1\t2113\tchr1\t4001\t60\t40M60H\t=\t4200\t300\t%.40s\t*\tSA:Z:%s,%d,+,40S60M,0,0;",
            host70, vltr, u3);
        classify(line, &a);
        snprintf(what, sizeof what, "split read, host right of the virus? no: U3 + at 4035%s", L);
        TEST_OK(one(&a, HP_EV_SPLIT, HP_END_U3, HP_STRAND_PLUS, HP_SIDE_RIGHT, 4035), what);
        hp_acc_destroy(&a);
        /* split read on the host reverse strand, viral part forward and before the host part
         * in the read: host-forward view has the virus on the right, opposite orientation
         * -> U5 -, pos = host end 4040; the viral alignment ends at the U5 end */
        snprintf(
            line, sizeof line,
            "s2\t2129\tchr1\t4001\t60\t40M60H\t=\t4200\t300\t%.40s\t*\tSA:Z:%s,%d,+,60M40S,0,0;",
            host70, vltr, u5 - 59);
        classify(line, &a);
        snprintf(what, sizeof what, "split read, reverse host: U5 - at 4040%s", L);
        TEST_OK(one(&a, HP_EV_SPLIT, HP_END_U5, HP_STRAND_MINUS, HP_SIDE_RIGHT, 4040), what);
        hp_acc_destroy(&a);
        /* split read, virus on the left, same orientation: 60 LTR-end bases then host from
         * 4999. The host alignment took 2 viral bases (starts at 4997) and the viral one
         * stops 2 bases short of the U5 end: junction at 4999 -> U5 +, pos 4999 */
        snprintf(
            line, sizeof line,
            "s3\t2113\tchr1\t4997\t60\t58H44M\t=\t5200\t300\t%.44s\t*\tSA:Z:%s,%d,+,58M44S,0,0;",
            host70, vltr, u5 - 59);
        classify(line, &a);
        snprintf(what, sizeof what, "split read, microhomology (viral part short): 4999%s", L);
        TEST_OK(one(&a, HP_EV_SPLIT, HP_END_U5, HP_STRAND_PLUS, HP_SIDE_LEFT, 4999), what);
        hp_acc_destroy(&a);
        /* the same with both alignments claiming the 2 bases (viral reaches the U5 end) */
        snprintf(
            line, sizeof line,
            "s3\t2113\tchr1\t4997\t60\t58H44M\t=\t5200\t300\t%.44s\t*\tSA:Z:%s,%d,+,60M42S,0,0;",
            host70, vltr, u5 - 59);
        classify(line, &a);
        snprintf(what, sizeof what, "split read, microhomology (overlapping parts): 4999%s", L);
        TEST_OK(one(&a, HP_EV_SPLIT, HP_END_U5, HP_STRAND_PLUS, HP_SIDE_LEFT, 4999), what);
        hp_acc_destroy(&a);
        /* a split read whose viral part starts inside the provirus where a U3 end should be:
         * the deleted end of a 5' LTR-deleted provirus (U3 role: +, pos = host end - 5) */
        snprintf(line, sizeof line,
                 "s5\t2113\tchr1\t4001\t60\t40M60H\t=\t4200\t300\t%.40s\t*\tSA:Z:%s,%d,+,"
                 "40S60M,0,0;",
                 host70, split ? "HTLV1_internal" : "HTLV1", split ? 746 : 1501);
        classify(line, &a);
        snprintf(what, sizeof what, "split read into a deleted end: DEL + at 4035%s", L);
        TEST_OK(one(&a, HP_EV_SPLIT, HP_END_DEL, HP_STRAND_PLUS, HP_SIDE_RIGHT, 4035), what);
        hp_acc_destroy(&a);
        /* an SA far from any LTR end where a U5 end should be is no junction */
        snprintf(
            line, sizeof line,
            "s4\t2113\tchr1\t4001\t60\t60H40M\t=\t4200\t300\t%.40s\t*\tSA:Z:%s,%d,+,60M40S,0,0;",
            host70, split ? "HTLV1_internal" : "HTLV1", 3000);
        classify(line, &a);
        TEST_EQ_INT(a.n_ev, 0, "split read from the middle of the provirus (U5 role): none");
        hp_acc_destroy(&a);

        /* discordant pairs: host mate forward, viral mate reverse near a U3 start: U3 + */
        snprintf(line, sizeof line, "d1\t97\tchr1\t6001\t60\t100M\t%s\t%d\t0\t%s%.30s\t*", vltr,
                 u3 + 50, host70, host70);
        classify(line, &a);
        snprintf(what, sizeof what, "discordant: host fwd, mate rev near U3 -> U3 +%s", L);
        TEST_OK(one(&a, HP_EV_DISC, HP_END_U3, HP_STRAND_PLUS, HP_SIDE_RIGHT, 0), what);
        TEST_EQ_INT(a.ev[0].vdist, 150, "discordant: viral distance to the LTR end");
        hp_acc_destroy(&a);
        snprintf(line, sizeof line, "d2\t65\tchr1\t6001\t60\t100M\t%s\t%d\t0\t%s%.30s\t*", vltr,
                 u5 - 250, host70, host70);
        classify(line, &a);
        snprintf(what, sizeof what, "discordant: host fwd, mate fwd near U5 -> U5 -%s", L);
        TEST_OK(one(&a, HP_EV_DISC, HP_END_U5, HP_STRAND_MINUS, HP_SIDE_RIGHT, 0), what);
        hp_acc_destroy(&a);
        snprintf(line, sizeof line, "d3\t81\tchr1\t6001\t60\t100M\t%s\t%d\t0\t%s%.30s\t*", vltr,
                 u5 - 250, host70, host70);
        classify(line, &a);
        snprintf(what, sizeof what, "discordant: host rev, mate fwd near U5 -> U5 +%s", L);
        TEST_OK(one(&a, HP_EV_DISC, HP_END_U5, HP_STRAND_PLUS, HP_SIDE_LEFT, 0), what);
        hp_acc_destroy(&a);
        snprintf(line, sizeof line, "d4\t113\tchr1\t6001\t60\t100M\t%s\t%d\t0\t%s%.30s\t*", vltr,
                 u3 + 50, host70, host70);
        classify(line, &a);
        snprintf(what, sizeof what, "discordant: host rev, mate rev near U3 -> U3 -%s", L);
        TEST_OK(one(&a, HP_EV_DISC, HP_END_U3, HP_STRAND_MINUS, HP_SIDE_LEFT, 0), what);
        hp_acc_destroy(&a);
        /* reverse mate deep inside the provirus: the deleted end of a defective */
        snprintf(line, sizeof line, "d6\t97\tchr1\t6001\t60\t100M\t%s\t%d\t0\t%s%.30s\t*",
                 split ? "HTLV1_internal" : "HTLV1", 4000, host70, host70);
        classify(line, &a);
        TEST_OK(one(&a, HP_EV_DISC, HP_END_DEL, HP_STRAND_PLUS, HP_SIDE_RIGHT, 0),
                "discordant mate deep in the provirus, pointing back: deleted end");
        hp_acc_destroy(&a);
        /* forward mate far from a U5 end: no evidence */
        snprintf(line, sizeof line, "d5\t65\tchr1\t6001\t60\t100M\t%s\t%d\t0\t%s%.30s\t*",
                 split ? "HTLV1_internal" : "HTLV1", 4000, host70, host70);
        classify(line, &a);
        TEST_EQ_INT(a.n_ev, 0, "discordant mate far from an LTR end: none");
        hp_acc_destroy(&a);

        /* viral depth: a 100-base read in pX (MAPQ 0 kept), one fragment */
        int px = split ? 7000 - HP_INTERNAL_START + 1 : 7000;
        snprintf(line, sizeof line, "v1\t67\t%s\t%d\t0\t100M\t=\t%d\t300\t%s%.30s\t*",
                 split ? "HTLV1_internal" : "HTLV1", px, px + 200, host70, host70);
        classify(line, &a);
        TEST_OK(a.vir_bases[HP_REG_PX] == 100 && a.frag_region[HP_REG_PX] == 1 &&
                    a.frag_viral == 1 && a.reads_viral == 1,
                "viral read in pX: bases, fragment");
        hp_acc_destroy(&a);
        /* its mate at the right, also in pX: bases but not a second fragment */
        snprintf(line, sizeof line, "v1\t147\t%s\t%d\t0\t100M\t=\t%d\t-300\t%s%.30s\t*",
                 split ? "HTLV1_internal" : "HTLV1", px + 200, px, host70, host70);
        classify(line, &a);
        TEST_OK(a.vir_bases[HP_REG_PX] == 100 && a.frag_region[HP_REG_PX] == 0,
                "the mate of a pX fragment is not a second fragment");
        hp_acc_destroy(&a);
        /* LTR read: counted as LTR bases */
        snprintf(line, sizeof line, "v2\t67\t%s\t%d\t0\t100M\t=\t%d\t300\t%s%.30s\t*", vltr,
                 u3 + 100, u3 + 300, host70, host70);
        classify(line, &a);
        TEST_EQ_INT(a.vir_bases[HP_REG_LTR], 100, "LTR read: LTR bases");
        hp_acc_destroy(&a);
        /* host autosome bases, and chrX not counted */
        snprintf(line, sizeof line, "h1\t99\tchr1\t100\t60\t100M\t=\t300\t300\t%s%.30s\t*", host70,
                 host70);
        classify(line, &a);
        TEST_OK(a.host_bases == 100 && a.frag_host_autosomal == 1 && a.ins_hist[300] == 1,
                "autosome read: bases, fragment, insert size");
        hp_acc_destroy(&a);
        snprintf(line, sizeof line, "h2\t99\tchrX\t100\t60\t100M\t=\t300\t300\t%s%.30s\t*", host70,
                 host70);
        classify(line, &a);
        TEST_OK(a.host_bases == 0 && a.frag_host_autosomal == 0, "chrX read: not autosomal");
        hp_acc_destroy(&a);
    }
    /* region: bases clipped to it, records starting outside give no counts */
    setup(0);
    opt.region_tid = 0, opt.region_beg = 149, opt.region_end = 1000;
    snprintf(line, sizeof line, "h1\t99\tchr1\t100\t60\t100M\t=\t300\t300\t%s%.30s\t*", host70,
             host70);
    classify(line, &a);
    TEST_OK(a.host_bases == 50 && a.reads_total == 0, "region: bases clipped, read not counted");
    hp_acc_destroy(&a);
    sam_hdr_destroy(hdr);
    hp_contigs_destroy(&ctg);
    return test_done();
}
