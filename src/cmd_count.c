/* cmd_count.c -- `htlvpvl count`: integration sites, proviral load and clonality of one sample
 * from a BAM/CRAM/SAM (FASTQ input is handed to cmd_count_fastq). */
#include "htlvpvl/cli.h"
#include "htlvpvl/commands.h"
#include "htlvpvl/count.h"
#include "htlvpvl/count_lmpcr.h"
#include "htlvpvl/log.h"
#include "htlvpvl/outfile.h"
#include "htlvpvl/partial.h"
#include "htlvpvl/qc.h"
#include <getopt.h>
#include <htslib/hts_log.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_VIRUS HP_MAX_VCONTIG

void cmd_count_usage(FILE *fp)
{
    fprintf(
        fp,
        "\nUsage: htlvpvl count [options] IN\n"
        "       htlvpvl count [options] R1.fq[.gz] [R2.fq[.gz]]\n\n"
        "HTLV-1 integration sites, proviral load (PVL) and clonality of one sample. IN is a\n"
        "BAM, CRAM or SAM aligned to host + HTLV-1 ('-' = stdin), or FASTQ (see formats.md).\n\n"
        "Options:\n"
        "  -o, --prefix PREFIX     outputs PREFIX.summary.json, .summary.tsv, .sites.tsv,\n"
        "                          .sites.bed, .sites.vcf.gz(.tbi), _mqc.tsv, .attrition.tsv\n"
        "                          [sample name]\n"
        "                          (--output PREFIX: the same)\n"
        HP_CLI_HELP_THREADS
        "  -s, --sample NAME       sample name [read group SM, else the file name]\n"
        "      --reference FA      FASTA of the alignment reference (CRAM; REF bases in the\n"
        "                          VCF; non-N autosome length; LTRs of a custom viral contig;\n"
        "                          junctions placed by a gapped alignment against it)\n"
        "      --virus-contig NAME viral contig (repeatable) [detect either 'htlvpvl ref'\n"
        "                          layout by name and length]\n"
        "      --region CHR:BEG-END  scan only this host region (needs an index); viral\n"
        "                          contigs are always scanned whole\n"
        "      --partial           shard mode: --region (repeatable; CHR, CHR:BEG-END, '*'\n"
        "                          for unplaced unmapped reads) lists the regions this shard\n"
        "                          owns; writes only PREFIX.partial for 'htlvpvl merge'\n"
        "      --shard K/N         --partial with the K-th of N equal parts of the header\n"
        "      --pvl-region NAME   viral region of the depth PVL: pX, env, pol, gag [pX]\n"
        "      --min-mapq N        host-side mapping quality of junction evidence [1]\n"
        "      --full-scan         decode every record even when the input has an index\n"
        "                          [indexed mode: viral contigs, candidate sites and a\n"
        "                          sample of host windows through the index]\n"
        "      --assay wgs|lmpcr   lmpcr: integration-site library ('count --assay lmpcr -h')\n"
        HP_CLI_HELP_QUIET
        HP_CLI_HELP_HELP "\n"
        "FASTQ input (R1 [R2], plain, gzip or BGZF; '-' for one of them): every read is\n"
        "screened for HTLV-1 k-mers, the PVL comes from read counts and the host flanks of\n"
        "LTR-host junction reads are clustered into sites. Writes PREFIX.summary.json,\n"
        ".summary.tsv, .sites.tsv, .flanks.fa, PREFIX_mqc.tsv and .attrition.tsv. -o -s (R1\n"
        "file name without extensions) -t -q as above, and:\n"
        "      --min-qual Q        skip fragments whose mean base quality is below Q [0]\n"
        "      --genome-size BP    haploid host genome size [3.1e9, human]\n"
        "      --virus FASTA       provirus to screen for, LTR to LTR [built-in HTLV-1]\n"
        "      --interleaved       R1 holds both mates, alternating\n"
        "      --keep-duplicates   PVL from all fragments (duplicates are left out by\n"
        "                          default, as in a duplicate-marked BAM)\n"
        "      --pvl-region NAME   window of the PVL: provirus (every viral read, LTR as\n"
        "                          two copies; pX when the rest is short of pX beyond\n"
        "                          chance: defective proviruses), pX, gag, pol, env\n"
        "                          (built-in virus) or internal (between the LTRs)\n"
        "                          [provirus]\n"
        "      --min-site-fragments N  sites counted apart in the summary [3]\n\n"
        "Exit codes: 0 ok, 1 data error, 2 usage error.\n\n");
}

static int is_fastq_name(const char *p)
{
    static const char *const ext[] = {".fq",       ".fastq",  ".fq.gz",
                                      ".fastq.gz", ".fq.bgz", ".fastq.bgz"};
    size_t n = strlen(p);
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        size_t m = strlen(ext[i]);
        if (n > m && strcmp(p + n - m, ext[i]) == 0) return 1;
    }
    return 0;
}

/* Is any input argument FASTQ, by name or by content? Looked for before option parsing, since
 * the FASTQ reader has options of its own. Option values are skipped unless they name an
 * existing file (then their content decides, and a FASTA reference is not FASTQ). */
static int any_fastq_input(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] == '-' && a[1]) continue;
        if (is_fastq_name(a)) return 1;
        struct stat st;
        if (strcmp(a, "-") == 0 || stat(a, &st) != 0 || !S_ISREG(st.st_mode)) continue;
        htsFile *f = hts_open(a, "r");
        if (!f) continue;
        int fq = hts_get_format(f)->format == fastq_format;
        hts_close(f);
        if (fq) return 1;
    }
    return 0;
}

/* The message for an option getopt_long refused (C: '?' or ':'; TOK the argument it stopped
 * at, SHORT_OPT its optopt: the short option, or 0 for a long one), as getopt would word it. */
static void option_error(int c, const char *tok, int short_opt)
{
    if (c == ':')
        hp_error("option '%s' requires an argument", tok);
    else if (short_opt)
        hp_error("invalid option -- '%c'", short_opt);
    else
        hp_error("unrecognized option '%s'", tok);
    cmd_count_usage(stderr);
}

/* What cmd_count's option pass collected (pointers into argv), before the checks. */
typedef struct {
    hp_count_opt_t opt;
    hp_cli_t cl;
    const char *ref, *region, *pvl_arg, *mapq_arg, *shard_arg, *stop_tok;
    char *virus[MAX_VIRUS];
    int n_virus, full_scan, partial, shard_k, shard_n, stop, stop_opt;
    int n_regs, n_vargs, n_pos;
    char **regs;  /* the --region values */
    char **vargs; /* the --virus-contig values */
    char **pos;   /* the inputs */
} count_args_t;

enum { O_REF = 1000, O_VIRUS, O_REGION, O_PVLREG, O_MAPQ, O_FULL, O_PARTIAL, O_SHARD, O_ASSAY };

/* One option of the pass (not -o/-t/-s/-q, not an error or -h). */
static void take_option(count_args_t *a, int c, char *arg)
{
    switch (c) {
    case 1: a->pos[a->n_pos++] = arg; break;
    case O_REF: a->ref = arg; break;
    case O_VIRUS: a->vargs[a->n_vargs++] = arg; break;
    case O_REGION: a->region = arg, a->regs[a->n_regs++] = arg; break;
    case O_PARTIAL: a->partial = 1; break;
    case O_SHARD: a->shard_arg = arg, a->partial = 1; break;
    case O_PVLREG: a->pvl_arg = arg; break;
    case O_MAPQ: a->mapq_arg = arg; break;
    case O_FULL: a->full_scan = 1; break;
    }
}

/* One pass that routes by opt.assay and the input: the LM-PCR and FASTQ commands parse argv
 * again with options of their own, unknown here or abbreviations of ours, so argv stays in
 * order ('-': non-options come as 1), and an option's error (or -h) waits until the route is
 * known to be this one. Returns -1 to go on, else the exit code. */
static int parse_pass(int argc, char **argv, count_args_t *a)
{
    static const struct option lopts[] = {HP_CLI_ROW_PREFIX,
                                          HP_CLI_ROW_OUTPUT,
                                          HP_CLI_ROW_THREADS,
                                          HP_CLI_ROW_SAMPLE,
                                          {"reference", required_argument, NULL, O_REF},
                                          {"virus-contig", required_argument, NULL, O_VIRUS},
                                          {"region", required_argument, NULL, O_REGION},
                                          {"pvl-region", required_argument, NULL, O_PVLREG},
                                          {"min-mapq", required_argument, NULL, O_MAPQ},
                                          {"full-scan", no_argument, NULL, O_FULL},
                                          {"partial", no_argument, NULL, O_PARTIAL},
                                          {"shard", required_argument, NULL, O_SHARD},
                                          {"assay", required_argument, NULL, O_ASSAY},
                                          HP_CLI_ROW_QUIET,
                                          HP_CLI_ROW_HELP,
                                          {NULL, 0, NULL, 0}};
    int c, ret = -1;
    opterr = 0;
    while (ret < 0 && (c = getopt_long(argc, argv, "-:o:t:s:qh", lopts, NULL)) >= 0) {
        switch (c) {
        case O_ASSAY:
            if ((a->opt.assay = hp_count_parse_assay(optarg)) < 0) {
                hp_error("--assay must be wgs or lmpcr, not '%s'", optarg);
                ret = HP_EXIT_USAGE;
            }
            break;
        case 'h':
        case '?':
        case ':':
            if (!a->stop) a->stop = c, a->stop_tok = argv[optind - 1], a->stop_opt = optopt;
            break;
        case 'o':
        case 't':
        case 's':
        case 'q':
            if ((c = hp_cli_option(&a->cl, c, optarg)) != HP_CLI_NEXT) ret = c;
            break;
        default:
            take_option(a, c, optarg);
        }
    }
    opterr = 1;
    if (ret >= 0) return ret;
    while (optind < argc) /* after "--" */
        a->pos[a->n_pos++] = argv[optind++];
    return -1;
}

/* The values the pass took, checked, into a->opt. Returns -1 to go on, else the exit code. */
static int check_args(count_args_t *a)
{
    if (a->stop == 'h') {
        cmd_count_usage(stdout); /* main closes and checks stdout */
        return HP_EXIT_OK;
    }
    if (a->stop) {
        option_error(a->stop, a->stop_tok, a->stop_opt);
        return HP_EXIT_USAGE;
    }
    for (int i = 0; i < a->n_vargs; i++)
        if (hp_cli_add_contig(a->virus, &a->n_virus, MAX_VIRUS, a->vargs[i]) != 0)
            return HP_EXIT_USAGE;
    if (a->shard_arg) {
        char extra;
        if (sscanf(a->shard_arg, "%d/%d%c", &a->shard_k, &a->shard_n, &extra) != 2 ||
            a->shard_n < 1 || a->shard_n > 100000 || a->shard_k < 1 || a->shard_k > a->shard_n) {
            hp_error("--shard must be K/N with 1 <= K <= N, not '%s'", a->shard_arg);
            return HP_EXIT_USAGE;
        }
    }
    int pvl_region = HP_REG_PX, min_mapq = 1;
    if (a->pvl_arg) {
        pvl_region = -1;
        for (int g = HP_REG_GAG; g < HP_N_REGION; g++)
            if (strcmp(a->pvl_arg, hp_region_names[g]) == 0) pvl_region = g;
        if (pvl_region < 0) {
            hp_error("--pvl-region must be pX, env, pol or gag, not '%s'", a->pvl_arg);
            return HP_EXIT_USAGE;
        }
    }
    if (a->mapq_arg) {
        char *end;
        min_mapq = (int)strtol(a->mapq_arg, &end, 10);
        if (*end || min_mapq < 0 || min_mapq > 255) {
            hp_error("--min-mapq must be 0-255, not '%s'", a->mapq_arg);
            return HP_EXIT_USAGE;
        }
    }
    if (hp_cli_check_names(a->cl.out, a->cl.sample) != 0) return HP_EXIT_USAGE;
    if (a->partial ? (a->n_regs == 0) == (a->shard_n == 0) : a->n_regs > 1) {
        hp_error(!a->partial ? "several --region need --partial"
                 : a->shard_n ? "--shard and --region exclude each other"
                              : "--partial needs --region");
        return HP_EXIT_USAGE;
    }
    if (a->partial) a->region = NULL; /* the shard's records are chosen by ownership */
    if (a->n_pos == 0) {
        hp_error("no input file");
        cmd_count_usage(stderr);
        return HP_EXIT_USAGE;
    }
    if (a->n_pos != 1) {
        hp_error("unexpected argument '%s' (one BAM/CRAM/SAM per run)", a->pos[1]);
        return HP_EXIT_USAGE;
    }
    hp_count_opt_t *o = &a->opt;
    o->n_threads = a->cl.n_threads, o->quiet = a->cl.quiet, o->sample = a->cl.sample;
    o->in = a->pos[0], o->ref = a->ref, o->region = a->region;
    o->virus = a->virus, o->n_virus = a->n_virus;
    o->pvl_region = pvl_region, o->min_mapq = min_mapq, o->full_scan = a->full_scan;
    o->partial = a->partial, o->regs = a->regs, o->n_regs = a->n_regs;
    o->shard_k = a->shard_k, o->shard_n = a->shard_n;
    return -1;
}

/* The checked run: the pipeline, then the partial result or every output. */
static int run_count(count_args_t *a, int argc, char **argv)
{
    const char *prefix = a->cl.out, *in = a->opt.in, *ref = a->ref;
    a->opt.on_sample = hp_cli_lock_prefix, a->opt.on_sample_arg = &prefix; /* one per prefix */
    if (hp_outfile_add_input(in) != 0 || hp_outfile_add_input(ref) != 0) {
        hp_error("out of memory");
        return HP_EXIT_DATA;
    }
    int ret = HP_EXIT_DATA;
    hp_count_t res;
    int r = hp_count_bam(&a->opt, &res);
    if (r == HP_COUNT_FASTQ) { /* FASTQ content under another name */
        hp_count_destroy(&res);
        if (strcmp(in, "-") == 0) {
            hp_error("-: FASTQ on standard input is not supported: give the file name");
            return HP_EXIT_DATA;
        }
        optind = 0;
        return cmd_count_fastq(argc, argv);
    }
    if (r < 0) goto out;
    if (res.partial) {
        char err[512];
        if (hp_partial_save(prefix, in, ref, res.sample, a->virus, a->n_virus,
                            hp_region_names[a->opt.pvl_region], a->opt.min_mapq, &res.aln.bam,
                            res.aln.own, res.aln.n_own, &res.aln.acc, &res.aln.dprof, err,
                            sizeof err) == 0)
            ret = HP_EXIT_OK;
        else
            hp_error("%s", err);
        goto out;
    }
    if (hp_count_write(prefix, &res) < 0) goto out;
    hp_qc_t qc;
    hp_qc_count(&res.aln.rep, &qc);
    hp_qc_warn(res.sample, &qc);
    hp_info("%s: PVL %.3g copies/100 cells (%s), %d sites", res.sample, res.pvl,
            res.pvl_estimator ? res.pvl_estimator : "none", res.n_sites);
    ret = HP_EXIT_OK;
out:
    hp_count_destroy(&res);
    return ret;
}

int cmd_count(int argc, char **argv)
{
    /* htslib's own messages would add lines to ours; every failure is reported below */
    hts_set_log_level(HTS_LOG_OFF);
    char *regs[argc > 0 ? argc : 1], *vargs[argc > 0 ? argc : 1], *pos[argc > 0 ? argc : 1];
    count_args_t a;
    memset(&a, 0, sizeof a);
    hp_count_opt_init(&a.opt);
    hp_cli_init(&a.cl, cmd_count_usage);
    a.regs = regs, a.vargs = vargs, a.pos = pos;
    int ret = parse_pass(argc, argv, &a);
    if (ret >= 0) return ret;
    if (a.opt.assay == HP_ASSAY_LMPCR) {
        optind = 0;
        return cmd_count_lmpcr(argc, argv);
    }
    if (any_fastq_input(argc, argv)) return cmd_count_fastq(argc, argv);
    if ((ret = check_args(&a)) >= 0) return ret;
    return run_count(&a, argc, argv);
}
