/* test_count.c -- count's library entry points (count.h) called directly on test-data, against
 * the simulator's truth (test-data/<name>/truth.json, truth.sites.tsv; test-data/README.md). */
#include "htlvpvl/count.h"
#include "htlvpvl/log.h"
#include "htlvpvl/ltr_match.h"
#include "tap.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char td[4096];

static const char *path(const char *rel)
{
    static char buf[4][4096 + 256];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", td, rel);
    return buf[k];
}

/* truth.sites.tsv of oligo: the four clones */
static const struct {
    const char *chrom;
    int64_t pos;
    int strand; /* HP_STRAND_PLUS or HP_STRAND_MINUS */
} oligo_sites[] = {
    {"chr1", 30000, HP_STRAND_PLUS},
    {"chr1", 42000, HP_STRAND_MINUS},
    {"chr2", 8000, HP_STRAND_MINUS},
    {"chr3", 12000, HP_STRAND_PLUS},
};

static void test_bam(void)
{
    hp_count_opt_t o;
    hp_count_t r1, r3;
    hp_count_opt_init(&o);
    o.in = path("oligo/oligo.bam");
    o.quiet = 1;
    TEST_EQ_INT(hp_count_bam(&o, &r1), 0, "hp_count_bam on oligo.bam returns 0");
    TEST_EQ_INT(r1.input, HP_INPUT_ALIGNED, "aligned result");
    TEST_STR(r1.sample, "oligo", "sample from the read group's SM");
    /* truth.json counts: 17874 read pairs, 35748 reads */
    TEST_EQ_INT(r1.n_fragments, 17874, "fragments = the simulator's read pairs");
    TEST_EQ_INT(r1.n_reads, 35748, "reads = the simulator's reads");
    TEST_OK(r1.n_attrition >= 3, "attrition table filled");
    TEST_EQ_INT(r1.attrition[0].n_kept, 35748, "attrition: the reads of the records read");
    TEST_EQ_INT(r1.attrition[0].n_in - r1.attrition[0].n_kept, r1.aln.acc.reads_supplementary,
                "attrition: the records dropped are the supplementary ones (no secondary)");
    TEST_EQ_INT(r1.attrition[1].n_in, 17874, "attrition: fragments in");
    for (int i = 1; i < r1.n_attrition; i++)
        TEST_OK(r1.attrition[i].n_kept <= r1.attrition[i].n_in && r1.attrition[i].dropped,
                "attrition: a step keeps at most what it took in, and says why");
    /* every true clone found, on its strand, within a few bp, and nothing else */
    TEST_EQ_INT(r1.n_sites, 4, "four sites, as the truth");
    for (size_t k = 0; k < sizeof oligo_sites / sizeof oligo_sites[0]; k++) {
        int found = 0;
        for (int i = 0; i < r1.aln.sites.n; i++) {
            const hp_site_t *s = &r1.aln.sites.site[i];
            const char *name = sam_hdr_tid2name(r1.aln.bam.hdr, s->tid);
            found |= strcmp(name, oligo_sites[k].chrom) == 0 &&
                     s->strand == oligo_sites[k].strand && llabs(s->pos - oligo_sites[k].pos) <= 3;
        }
        char what[128];
        snprintf(what, sizeof what, "true clone %s:%lld found", oligo_sites[k].chrom,
                 (long long)oligo_sites[k].pos);
        TEST_OK(found, what);
    }
    /* truth: 70 proviruses per 100 cells */
    TEST_OK(r1.pvl_ci95[0] <= 70 && 70 <= r1.pvl_ci95[1], "the truth (70) inside the PVL CI");
    TEST_OK(r1.pvl_estimator != NULL, "the headline names its estimator");
    TEST_OK(r1.aln.rep.sites == &r1.aln.sites && r1.aln.rep.ctg == &r1.aln.ctg,
            "the writers' view points into the result");
    /* the same numbers at 3 threads */
    o.n_threads = 3;
    TEST_EQ_INT(hp_count_bam(&o, &r3), 0, "hp_count_bam at 3 threads");
    TEST_EQ_INT(r3.n_fragments, r1.n_fragments, "-t 3: same fragments");
    TEST_OK(r3.pvl == r1.pvl && r3.n_sites == r1.n_sites, "-t 3: same PVL and sites");
    hp_count_destroy(&r1);
    hp_count_destroy(&r3);

    /* shard mode: two shards together count every fragment once */
    hp_count_opt_init(&o);
    o.in = path("oligo/oligo.bam"), o.quiet = 1, o.partial = 1, o.shard_n = 2;
    int64_t frags = 0;
    for (int k = 1; k <= 2; k++) {
        o.shard_k = k;
        TEST_EQ_INT(hp_count_bam(&o, &r1), 0, "hp_count_bam shard");
        TEST_OK(r1.partial && r1.n_sites == 0, "a shard has counters, no sites");
        frags += r1.n_fragments;
        hp_count_destroy(&r1);
    }
    TEST_EQ_INT(frags, 17874, "shards 1/2 + 2/2: every fragment once");

    /* uninfected (truth.json: 12934 read pairs, no clone): no site, no provirus */
    hp_count_opt_init(&o);
    o.in = path("uninfected/uninfected.bam"), o.quiet = 1;
    TEST_EQ_INT(hp_count_bam(&o, &r1), 0, "hp_count_bam on uninfected.bam");
    TEST_EQ_INT(r1.n_fragments, 12934, "uninfected: fragments = the simulator's read pairs");
    TEST_EQ_INT(r1.n_sites, 0, "uninfected: no site");
    TEST_EQ_INT(r1.n_viral_fragments, 0, "uninfected: no viral fragment");
    TEST_OK(!(r1.pvl > 0), "uninfected: PVL not above 0");
    hp_count_destroy(&r1);

    /* errors */
    hp_count_opt_init(&o);
    o.in = path("oligo/reads_1.fq.gz"), o.quiet = 1;
    TEST_EQ_INT(hp_count_bam(&o, &r1), HP_COUNT_FASTQ, "FASTQ given to hp_count_bam: said so");
    hp_count_destroy(&r1);
    o.in = path("no/such.bam");
    TEST_EQ_INT(hp_count_bam(&o, &r1), HP_COUNT_ERR, "missing BAM: an error");
    hp_count_destroy(&r1);
}

static int refuse_sample(void *arg, const char *sample)
{
    *(int *)arg = strcmp(sample, "reads") == 0 ? 1 : 2;
    return -1;
}

static void test_fastq(void)
{
    hp_count_opt_t o;
    hp_count_t r1, r2;
    hp_count_opt_init(&o);
    o.fq[0] = path("oligo/reads_1.fq.gz"), o.fq[1] = path("oligo/reads_2.fq.gz");
    /* the haploid genome the simulated reads sample (truth.json depth: host_bases x
     * autosomal_length / autosomal_bases), as tests/e2e/test_fastq_truth.sh */
    o.genome_size = 4964248.0 * 100000 / 4004996;
    TEST_EQ_INT(hp_count_fastq(&o, &r1), 0, "hp_count_fastq on oligo's FASTQ pair returns 0");
    TEST_EQ_INT(r1.input, HP_INPUT_FASTQ, "FASTQ result");
    TEST_STR(r1.sample, "reads", "sample from R1's file name");
    TEST_EQ_INT(r1.n_fragments, 17874, "fragments = the simulator's read pairs");
    TEST_EQ_INT(r1.n_reads, 35748, "reads = the simulator's reads");
    TEST_OK(r1.pvl_ci95[0] <= 70 && 70 <= r1.pvl_ci95[1], "the truth (70) inside the PVL CI");
    TEST_STR(r1.pvl_estimator, "reads", "headline from reads");
    TEST_OK(r1.n_attrition == 4, "attrition table filled");
    TEST_EQ_INT(r1.attrition[0].n_kept, 17874, "attrition: no --min-qual, every fragment kept");
    TEST_OK(r1.fq.rep.virus == &r1.fq.virus && r1.fq.rep.sites == &r1.fq.sites &&
                r1.fq.opt.virus == &r1.fq.virus,
            "the writers' view points into the result");
    TEST_OK(r1.n_sites > 0 && r1.fq.sites.site[0].fragments >= 3,
            "the largest clone (9 junction fragments) found as a flank site");
    o.n_threads = 2;
    TEST_EQ_INT(hp_count_fastq(&o, &r2), 0, "hp_count_fastq at 2 threads");
    TEST_OK(r2.pvl == r1.pvl && r2.n_sites == r1.n_sites &&
                r2.n_viral_fragments == r1.n_viral_fragments,
            "-t 2: same PVL, sites and viral fragments");
    hp_count_destroy(&r1);
    hp_count_destroy(&r2);

    o.n_threads = 1, o.min_qual = 93; /* above every base quality of the simulator */
    TEST_EQ_INT(hp_count_fastq(&o, &r1), 0, "--min-qual 93");
    TEST_EQ_INT(r1.attrition[0].n_kept, 0, "attrition: every fragment dropped by quality");
    hp_count_destroy(&r1);

    /* a provirus FASTA (the built-in one written out): its windows are pX and internal only */
    hp_virus_t v;
    char fa[] = "/tmp/test_count_XXXXXX";
    int fd = mkstemp(fa);
    FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
    TEST_OK(fp && hp_virus_init_builtin(&v) == 0 && fprintf(fp, ">v\n%s\n", v.seq) > 0 &&
                fclose(fp) == 0,
            "a provirus FASTA written");
    hp_virus_destroy(&v);
    hp_count_opt_init(&o);
    o.fq[0] = path("oligo/reads_1.fq.gz");
    o.virus_fa = fa, o.window = "env";
    TEST_EQ_INT(hp_count_fastq(&o, &r1), HP_COUNT_USAGE, "env window with --virus: usage error");
    hp_count_destroy(&r1);
    o.window = "internal";
    TEST_EQ_INT(hp_count_fastq(&o, &r1), 0, "internal window with --virus");
    TEST_EQ_INT(r1.n_fragments, 17874, "... reads every fragment");
    hp_count_destroy(&r1);
    unlink(fa);
    hp_count_opt_init(&o);
    o.fq[0] = path("oligo/reads_1.fq.gz");
    int seen = 0;
    o.on_sample = refuse_sample, o.on_sample_arg = &seen;
    TEST_EQ_INT(hp_count_fastq(&o, &r1), HP_COUNT_ERR, "on_sample refusing stops the run");
    TEST_EQ_INT(seen, 1, "on_sample got the sample name");
    TEST_EQ_INT(r1.n_fragments, 0, "nothing read after the refusal");
    hp_count_destroy(&r1);
}

int main(void)
{
    const char *e = getenv("TD");
    snprintf(td, sizeof td, "%s", e && *e ? e : "test-data");
    hp_log_set_level(HP_LOG_ERROR);
    TEST_OK(hp_count_parse_assay("wgs") == HP_ASSAY_WGS &&
                hp_count_parse_assay("lmpcr") == HP_ASSAY_LMPCR,
            "--assay: wgs and lmpcr");
    TEST_OK(hp_count_parse_assay("WGS") < 0 && hp_count_parse_assay("") < 0 &&
                hp_count_parse_assay("lmpcr2") < 0,
            "--assay: any other value refused");
    hp_count_opt_t o;
    hp_count_opt_init(&o);
    TEST_EQ_INT(o.assay, HP_ASSAY_WGS, "the default assay is WGS");
    test_bam();
    test_fastq();
    return test_done();
}
