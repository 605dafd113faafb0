/* cmd_count_lmpcr.c -- `htlvpvl count --assay lmpcr`: options, orchestration and outputs of the
 * LM-PCR pipeline (include/htlvpvl/count_lmpcr.h). */
#include "htlvpvl/bam_scan.h"
#include "htlvpvl/cli.h"
#include "htlvpvl/commands.h"
#include "htlvpvl/count_lmpcr.h"
#include "htlvpvl/log.h"
#include "htlvpvl/ltr_match.h"
#include "htlvpvl/outfile.h"
#include <errno.h>
#include <getopt.h>
#include <htslib/hts_log.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PG_PER_CELL 6.6 /* pg of DNA in a diploid human cell */

static void usage(FILE *fp)
{
    fprintf(
        fp,
        "\nUsage: htlvpvl count --assay lmpcr [options] IN\n\n"
        "Integration sites and clone sizes of an LM-PCR integration-site library. IN: BAM, CRAM\n"
        "or SAM of the read pairs aligned to host + HTLV-1 (bwa mem -C), trimmed by 'htlvpvl\n"
        "trim' or untrimmed (LTR end soft-clipped or supplementary). See docs/formats.md.\n\n"
        "Options:\n"
        "  -o, --prefix PREFIX     outputs PREFIX.sites.tsv, .summary.json, .attrition.tsv\n"
        "                          [sample name]\n"
        HP_CLI_HELP_THREADS
        "  -s, --sample NAME       sample name [read group SM, else the file name]\n"
        "      --reference FA      host (+ virus) FASTA: the misprime rule, CRAM\n"
        "      --virus-contig NAME viral contig (repeatable) [detected]\n"
        "      --ltr-read 1|2      the read holding the LTR end [1]\n"
        "      --ltr-end U5|U3     LTR end trimmed reads start after [U5]\n"
        "      --misprime-tail SEQ misprime rule: host before the junction that reads like\n"
        "                          SEQ, the LTR end's last bases [TTAGTACACA] ...\n"
        "      --misprime-edits N  ... within N edits [2] (ACACA and 0: the pentamer rule)\n"
        "      --min-mapq N        reads below are multi-mapping (kept, flagged) [1]\n"
        "      --max-fragment N    longest junction-to-shear distance [2000]\n"
        "      --merge-window N    positions this close on one strand are one site [3]\n"
        "      --umi-from WHERE    auto, tag, name or none [auto: the tag, else the read\n"
        "                          name after its last '_']\n"
        "      --umi-tag TAG       [RX]\n"
        "      --spike CHR:POS:STRAND  site of a spike-in clone of known cells\n"
        "      --spike-cells N     its cells in the reaction\n"
        "      --input-cells N     cells (genomes) in the reaction\n"
        "      --input-ng X        DNA in the reaction, ng (6.6 pg per diploid cell)\n"
        "      --pvl X             qPCR PVL, copies per 100 cells: clone sizes per 10^4 PBMC\n"
        HP_CLI_HELP_QUIET
        HP_CLI_HELP_HELP "\n"
        "Exit codes: 0 ok, 1 data error, 2 usage error.\n\n");
}

static int parse_num(const char *opt, const char *s, double lo, double *v)
{
    if (hp_parse_num(s, lo, HUGE_VAL, v) != 0) {
        hp_error("%s must be a number >= %g, not '%s'", opt, lo, s);
        return -1;
    }
    return 0;
}

static int parse_int(const char *opt, const char *s, int lo, int hi, int *v)
{
    double x;
    if (hp_parse_num(s, lo, hi, &x) != 0 || x != floor(x)) {
        hp_error("%s must be a whole number %d-%d, not '%s'", opt, lo, hi, s);
        return -1;
    }
    *v = (int)x;
    return 0;
}

enum {
    O_REF = 1000,
    O_VIRUS,
    O_LTRREAD,
    O_LTREND,
    O_TAIL,
    O_MAPQ,
    O_MAXF,
    O_WIN,
    O_UMIFROM,
    O_UMITAG,
    O_SPIKE,
    O_SPIKEC,
    O_INC,
    O_INNG,
    O_PVL,
    O_ASSAY,
    O_TAILED
};

/* The options of one run. */
typedef struct {
    hp_lmc_opt_t o;
    const char *prefix, *sample, *ref, *spike, *in;
    char *virus[HP_MAX_VCONTIG];
    int n_virus, n_threads, quiet;
    double spike_cells, input_cells, input_ng, qpcr;
    char spike_chr[256]; /* --spike CHR:POS:STRAND taken apart */
    long spike_pos;
    int spike_strand;
} lmc_args_t;

/* One option of the read stage (which reads, junctions and UMIs count) into a. Returns 0, 1
 * when C is not one of them, or -1 after logging a bad value. */
static int parse_read_opt(lmc_args_t *a, int c)
{
    hp_lmc_opt_t *o = &a->o;
    switch (c) {
    case O_REF: a->ref = optarg; break;
    case O_VIRUS: return hp_cli_add_contig(a->virus, &a->n_virus, HP_MAX_VCONTIG, optarg);
    case O_LTRREAD: return parse_int("--ltr-read", optarg, 1, 2, &o->ltr_read);
    case O_LTREND:
        if (strcmp(optarg, "U5") && strcmp(optarg, "U3")) {
            hp_error("--ltr-end must be U5 or U3, not '%s'", optarg);
            return -1;
        }
        o->ltr_end = optarg[1] == '5' ? HP_END_U5 : HP_END_U3;
        break;
    case O_TAIL:
        if (strlen(optarg) < 4 || strlen(optarg) > 20 ||
            strspn(optarg, "ACGTacgt") != strlen(optarg)) {
            hp_error("--misprime-tail must be 4-20 bases (ACGT), not '%s'", optarg);
            return -1;
        }
        for (size_t i = 0; i <= strlen(optarg); i++)
            o->ltr_tail[i] = (char)(optarg[i] & ~0x20);
        break;
    case O_TAILED: return parse_int("--misprime-edits", optarg, 0, 5, &o->tail_edits);
    case O_MAPQ: return parse_int("--min-mapq", optarg, 0, 255, &o->min_mapq);
    case O_MAXF: return parse_int("--max-fragment", optarg, 1, 100000, &o->max_frag);
    case O_WIN: return parse_int("--merge-window", optarg, 0, 50, &o->merge_window);
    case O_UMIFROM:
        o->umi_from = strcmp(optarg, "auto") == 0   ? HP_UMI_AUTO
                      : strcmp(optarg, "tag") == 0  ? HP_UMI_TAG
                      : strcmp(optarg, "name") == 0 ? HP_UMI_NAME
                      : strcmp(optarg, "none") == 0 ? HP_UMI_NONE
                                                    : -1;
        if (o->umi_from < 0) {
            hp_error("--umi-from must be auto, tag, name or none, not '%s'", optarg);
            return -1;
        }
        break;
    case O_UMITAG:
        if (strlen(optarg) != 2) {
            hp_error("--umi-tag must be a two-character SAM tag, not '%s'", optarg);
            return -1;
        }
        memcpy(o->umi_tag, optarg, 3);
        break;
    default: return 1;
    }
    return 0;
}

/* One option of the calibration (spike-in, input, qPCR PVL; --assay, routed already), as
 * parse_read_opt. */
static int parse_calib_opt(lmc_args_t *a, int c)
{
    switch (c) {
    case O_SPIKE: a->spike = optarg; break;
    case O_SPIKEC: return parse_num("--spike-cells", optarg, 1, &a->spike_cells);
    case O_INC: return parse_num("--input-cells", optarg, 1, &a->input_cells);
    case O_INNG: return parse_num("--input-ng", optarg, 0.001, &a->input_ng);
    case O_PVL:
        if (parse_num("--pvl", optarg, 0, &a->qpcr) < 0) return -1;
        if (a->qpcr > 200) {
            hp_error("--pvl must be at most 200 copies per 100 cells");
            return -1;
        }
        break;
    case O_ASSAY: break;
    default: return 1;
    }
    return 0;
}

/* --spike CHR:POS:STRAND into a->spike_chr, spike_pos, spike_strand. 0, or -1 after logging. */
static int parse_spike(lmc_args_t *a)
{
    const char *s = a->spike, *c2 = strrchr(s, ':'), *c1 = NULL;
    for (const char *p = s; c2 && p < c2; p++)
        if (*p == ':') c1 = p;
    char *end = NULL;
    if (c1) a->spike_pos = strtol(c1 + 1, &end, 10);
    if (!c1 || end != c2 || a->spike_pos < 1 || (size_t)(c1 - s) >= sizeof a->spike_chr ||
        c1 == s || (strcmp(c2 + 1, "+") && strcmp(c2 + 1, "-"))) {
        hp_error("--spike must be CHR:POS:STRAND (strand + or -), not '%s'", s);
        return -1;
    }
    memcpy(a->spike_chr, s, (size_t)(c1 - s));
    a->spike_chr[c1 - s] = 0;
    a->spike_strand = c2[1] == '+' ? HP_STRAND_PLUS : HP_STRAND_MINUS;
    return 0;
}

/* The names, the input and the combinations the options must respect. 0, or -1 after
 * logging. */
static int check_args(lmc_args_t *a, int argc, char **argv)
{
    if (hp_cli_check_names(a->prefix, a->sample) != 0) return -1;
    if (optind >= argc) {
        hp_error("no input file");
        usage(stderr);
        return -1;
    }
    if (optind + 1 != argc) {
        hp_error("unexpected argument '%s' (one BAM/CRAM/SAM per run)", argv[optind + 1]);
        return -1;
    }
    if (!a->spike != isnan(a->spike_cells)) {
        hp_error("--spike and --spike-cells go together");
        return -1;
    }
    if (!isnan(a->input_cells) && !isnan(a->input_ng)) {
        hp_error("give --input-cells or --input-ng, not both");
        return -1;
    }
    if (!isnan(a->input_ng)) a->input_cells = a->input_ng * 1000 / PG_PER_CELL;
    if (a->spike && parse_spike(a) < 0) return -1;
    a->in = argv[optind];
    return 0;
}

/* argv into a. Returns HP_CLI_NEXT when the run goes on, else the exit code (0 after -h). */
static int parse_args(lmc_args_t *a, int argc, char **argv)
{
    static const struct option lopts[] = {HP_CLI_ROW_PREFIX,
                                          HP_CLI_ROW_THREADS,
                                          HP_CLI_ROW_SAMPLE,
                                          {"reference", required_argument, NULL, O_REF},
                                          {"virus-contig", required_argument, NULL, O_VIRUS},
                                          {"ltr-read", required_argument, NULL, O_LTRREAD},
                                          {"ltr-end", required_argument, NULL, O_LTREND},
                                          {"misprime-tail", required_argument, NULL, O_TAIL},
                                          {"misprime-edits", required_argument, NULL, O_TAILED},
                                          {"min-mapq", required_argument, NULL, O_MAPQ},
                                          {"max-fragment", required_argument, NULL, O_MAXF},
                                          {"merge-window", required_argument, NULL, O_WIN},
                                          {"umi-from", required_argument, NULL, O_UMIFROM},
                                          {"umi-tag", required_argument, NULL, O_UMITAG},
                                          {"spike", required_argument, NULL, O_SPIKE},
                                          {"spike-cells", required_argument, NULL, O_SPIKEC},
                                          {"input-cells", required_argument, NULL, O_INC},
                                          {"input-ng", required_argument, NULL, O_INNG},
                                          {"pvl", required_argument, NULL, O_PVL},
                                          {"assay", required_argument, NULL, O_ASSAY},
                                          HP_CLI_ROW_QUIET,
                                          HP_CLI_ROW_HELP,
                                          {NULL, 0, NULL, 0}};
    int c, r;
    hp_cli_t cl;
    hp_cli_init(&cl, usage);
    memset(a, 0, sizeof *a);
    hp_lmc_opt_init(&a->o);
    a->spike_cells = a->input_cells = a->input_ng = a->qpcr = NAN;
    optind = 0;
    while ((c = getopt_long(argc, argv, "o:t:s:qh", lopts, NULL)) >= 0) {
        /* the read and calibration options, then -o -t -s -q -h and unknown options */
        if ((r = parse_read_opt(a, c)) > 0) r = parse_calib_opt(a, c);
        if (r < 0) return HP_EXIT_USAGE;
        if (r > 0 && (c = hp_cli_option(&cl, c, optarg)) != HP_CLI_NEXT) return c;
    }
    a->prefix = cl.out, a->sample = cl.sample;
    a->n_threads = cl.n_threads, a->quiet = cl.quiet;
    return check_args(a, argc, argv) < 0 ? HP_EXIT_USAGE : HP_CLI_NEXT;
}

/* What one run holds. */
typedef struct {
    hp_bam_t bam;
    hp_contigs_t ctg;
    hp_lmc_result_t res;
    faidx_t *fai;
    char *sample;
    int spike_tid;
} lmc_run_t;

/* No viral contig in the header: every contig is host (reads of the virus are then
 * unmapped). 0, or -1 out of memory (logged). */
static int host_only_contigs(hp_contigs_t *ctg, const sam_hdr_t *h, const char *in)
{
    hp_contigs_destroy(ctg);
    memset(ctg, 0, sizeof *ctg);
    ctg->n_targets = sam_hdr_nref(h);
    ctg->cls = calloc((size_t)ctg->n_targets, 1);
    ctg->vidx = malloc((size_t)ctg->n_targets);
    ctg->tid_x = ctg->tid_y = -1;
    ctg->layout = "none";
    if (!ctg->cls || !ctg->vidx) {
        hp_error("out of memory");
        return -1;
    }
    memset(ctg->vidx, -1, (size_t)ctg->n_targets);
    hp_info("%s: no HTLV-1 contig in the header: every contig taken as host", in);
    return 0;
}

/* Open the input, its contigs, the reference and the spike-in's contig; name the sample and
 * take the prefix (the sample name without -o). Returns HP_CLI_NEXT, or the exit code after
 * logging. */
static int open_input(lmc_run_t *r, lmc_args_t *a, int n_pool)
{
    if (hp_bam_open(&r->bam, a->in, a->ref, n_pool) < 0) {
        hp_error("%s: %s", a->in, r->bam.err);
        return HP_EXIT_DATA;
    }
    if (hp_contigs_init(&r->ctg, r->bam.hdr, a->virus, a->n_virus, NULL) < 0) {
        if (a->n_virus > 0) {
            hp_error("%s: %s", a->in, r->ctg.err);
            return HP_EXIT_DATA;
        }
        if (host_only_contigs(&r->ctg, r->bam.hdr, a->in) < 0) return HP_EXIT_DATA;
    }
    if (a->ref && !(r->fai = fai_load(a->ref))) {
        hp_error("%s: cannot read the FASTA or build its index", a->ref);
        return HP_EXIT_DATA;
    }
    r->spike_tid = -1;
    if (a->spike && (r->spike_tid = sam_hdr_name2tid(r->bam.hdr, a->spike_chr)) < 0) {
        hp_error("--spike: contig '%s' is not in the header of %s", a->spike_chr, a->in);
        return HP_EXIT_USAGE;
    }
    r->sample = a->sample ? strdup(a->sample) : hp_bam_sample_name(r->bam.hdr, a->in);
    if (!r->sample) {
        hp_error("out of memory");
        return HP_EXIT_DATA;
    }
    /* one run per prefix */
    return hp_cli_lock_prefix(&a->prefix, r->sample) < 0 ? HP_EXIT_DATA : HP_CLI_NEXT;
}

int cmd_count_lmpcr(int argc, char **argv)
{
    hts_set_log_level(HTS_LOG_OFF);
    lmc_args_t a;
    int ret = parse_args(&a, argc, argv);
    if (ret != HP_CLI_NEXT) return ret;
    if (a.quiet) hp_log_set_level(HP_LOG_ERROR);
    /* threads as the WGS scan (cmd_count.c, measured there): one reader, decompression in
     * the pool, classification in OpenMP; on 2 CPUs -t 2 reads with one thread */
    long n_cpu = sysconf(_SC_NPROCESSORS_ONLN);
    int t = a.n_threads, n_pool = t == 1 ? 0 : t == 2 ? (n_cpu > 2 ? 1 : 0) : t - 2;
    a.o.n_threads = t <= 2 ? 1 : 2;
    a.o.fit_threads = n_pool + a.o.n_threads; /* the threads the read loop used: free after it */
    a.o.quiet = a.quiet;
    if (hp_outfile_add_input(a.in) != 0 || hp_outfile_add_input(a.ref) != 0) {
        hp_error("out of memory");
        return HP_EXIT_DATA;
    }
    lmc_run_t r;
    memset(&r, 0, sizeof r);
    if ((ret = open_input(&r, &a, n_pool)) != HP_CLI_NEXT) goto out;
    ret = HP_EXIT_DATA;
    if (hp_lmc_run(&r.bam, &r.ctg, &a.o, r.fai, &r.res) < 0) {
        hp_error("%s: %s", a.in, r.bam.err);
        goto out;
    }
    if (!r.fai)
        hp_info("no --reference: the misprime rule (host reading like the LTR end) is off");
    if (hp_lmc_calibrate(&r.res, &a.o, r.spike_tid, (int)a.spike_pos, a.spike_strand,
                         a.spike_cells, a.input_cells, a.qpcr) < 0)
        hp_warn("--spike %s: no site there (within %d bp on that strand): not calibrated",
                a.spike, a.o.merge_window);
    if (hp_lmc_write(a.prefix, &r.res, r.bam.hdr, r.sample, a.in) < 0) goto out;
    hp_info("%s: %d sites from %lld of %lld LTR-side reads%s", r.sample, r.res.n_site,
            (long long)r.res.att.kept, (long long)r.res.att.ltr_reads,
            r.res.ltr_in_reads ? " (LTR end in the reads)" : " (trimmed reads)");
    ret = HP_EXIT_OK;
out:
    hp_lmc_result_destroy(&r.res);
    if (r.fai) fai_destroy(r.fai);
    hp_contigs_destroy(&r.ctg);
    hp_bam_destroy(&r.bam);
    free(r.sample);
    return ret;
}
