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

int cmd_count(int argc, char **argv)
{
    enum {
        O_REF = 1000,
        O_VIRUS,
        O_REGION,
        O_PVLREG,
        O_MAPQ,
        O_FULL,
        O_PARTIAL,
        O_SHARD,
        O_ASSAY
    };
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
    /* htslib's own messages would add lines to ours; every failure is reported below */
    hts_set_log_level(HTS_LOG_OFF);
    hp_count_opt_t opt;
    hp_count_opt_init(&opt);
    const char *ref = NULL, *region = NULL, *pvl_arg = NULL, *mapq_arg = NULL, *shard_arg = NULL;
    char *virus[MAX_VIRUS];
    int n_virus = 0, pvl_region = HP_REG_PX, min_mapq = 1, c, stop = 0, stop_opt = 0;
    const char *stop_tok = NULL;
    hp_cli_t cl;
    hp_cli_init(&cl, cmd_count_usage);
    int full_scan = 0;
    int partial = 0, n_regs = 0, shard_k = 0, shard_n = 0; /* shard mode (partial.h) */
    int n_vargs = 0, n_pos = 0;
    char *regs[argc > 0 ? argc : 1];  /* the --region values (pointers into argv) */
    char *vargs[argc > 0 ? argc : 1]; /* the --virus-contig values */
    char *pos[argc > 0 ? argc : 1];   /* the inputs */
    /* One pass that routes by opt.assay and the input: the LM-PCR and FASTQ commands parse
     * argv again with options of their own, unknown here or abbreviations of ours, so argv
     * stays in order ('-': non-options come as 1), and an option's error (or -h) waits until
     * the route is known to be this one. */
    opterr = 0;
    while ((c = getopt_long(argc, argv, "-:o:t:s:qh", lopts, NULL)) >= 0) {
        switch (c) {
        case 1:
            pos[n_pos++] = optarg;
            break;
        case O_ASSAY:
            if ((opt.assay = hp_count_parse_assay(optarg)) < 0) {
                hp_error("--assay must be wgs or lmpcr, not '%s'", optarg);
                opterr = 1;
                return HP_EXIT_USAGE;
            }
            break;
        case O_REF:
            ref = optarg;
            break;
        case O_VIRUS:
            vargs[n_vargs++] = optarg;
            break;
        case O_REGION:
            region = optarg;
            regs[n_regs++] = optarg;
            break;
        case O_PARTIAL:
            partial = 1;
            break;
        case O_SHARD:
            shard_arg = optarg;
            partial = 1;
            break;
        case O_PVLREG:
            pvl_arg = optarg;
            break;
        case O_MAPQ:
            mapq_arg = optarg;
            break;
        case O_FULL:
            full_scan = 1;
            break;
        case 'h':
        case '?':
        case ':':
            if (!stop) stop = c, stop_tok = argv[optind - 1], stop_opt = optopt;
            break;
        default: /* -o -t -s -q */
            if ((c = hp_cli_option(&cl, c, optarg)) != HP_CLI_NEXT) {
                opterr = 1;
                return c;
            }
        }
    }
    opterr = 1;
    while (optind < argc) /* after "--" */
        pos[n_pos++] = argv[optind++];
    if (opt.assay == HP_ASSAY_LMPCR) {
        optind = 0;
        return cmd_count_lmpcr(argc, argv);
    }
    if (any_fastq_input(argc, argv)) return cmd_count_fastq(argc, argv);
    if (stop == 'h') {
        cmd_count_usage(stdout); /* main closes and checks stdout */
        return HP_EXIT_OK;
    }
    if (stop) {
        option_error(stop, stop_tok, stop_opt);
        return HP_EXIT_USAGE;
    }
    for (int i = 0; i < n_vargs; i++)
        if (hp_cli_add_contig(virus, &n_virus, MAX_VIRUS, vargs[i]) != 0) return HP_EXIT_USAGE;
    if (shard_arg) {
        char extra;
        if (sscanf(shard_arg, "%d/%d%c", &shard_k, &shard_n, &extra) != 2 || shard_n < 1 ||
            shard_n > 100000 || shard_k < 1 || shard_k > shard_n) {
            hp_error("--shard must be K/N with 1 <= K <= N, not '%s'", shard_arg);
            return HP_EXIT_USAGE;
        }
    }
    if (pvl_arg) {
        pvl_region = -1;
        for (int g = HP_REG_GAG; g < HP_N_REGION; g++)
            if (strcmp(pvl_arg, hp_region_names[g]) == 0) pvl_region = g;
        if (pvl_region < 0) {
            hp_error("--pvl-region must be pX, env, pol or gag, not '%s'", pvl_arg);
            return HP_EXIT_USAGE;
        }
    }
    if (mapq_arg) {
        char *end;
        min_mapq = (int)strtol(mapq_arg, &end, 10);
        if (*end || min_mapq < 0 || min_mapq > 255) {
            hp_error("--min-mapq must be 0-255, not '%s'", mapq_arg);
            return HP_EXIT_USAGE;
        }
    }
    const char *prefix = cl.out, *sample_opt = cl.sample;
    int n_threads = cl.n_threads, quiet = cl.quiet;
    if (hp_cli_check_names(prefix, sample_opt) != 0) return HP_EXIT_USAGE;
    if (partial ? (n_regs == 0) == (shard_n == 0) : n_regs > 1) {
        hp_error(!partial ? "several --region need --partial"
                 : shard_n ? "--shard and --region exclude each other"
                           : "--partial needs --region");
        return HP_EXIT_USAGE;
    }
    if (partial) region = NULL; /* the shard's records are chosen by ownership (partial.h) */
    if (n_pos == 0) {
        hp_error("no input file");
        cmd_count_usage(stderr);
        return HP_EXIT_USAGE;
    }
    const char *in = pos[0];
    if (n_pos != 1) {
        hp_error("unexpected argument '%s' (one BAM/CRAM/SAM per run)", pos[1]);
        return HP_EXIT_USAGE;
    }

    opt.n_threads = n_threads, opt.quiet = quiet, opt.sample = sample_opt;
    opt.on_sample = hp_cli_lock_prefix, opt.on_sample_arg = &prefix; /* one run per prefix */
    opt.in = in, opt.ref = ref, opt.region = region, opt.virus = virus, opt.n_virus = n_virus;
    opt.pvl_region = pvl_region, opt.min_mapq = min_mapq, opt.full_scan = full_scan;
    opt.partial = partial, opt.regs = regs, opt.n_regs = n_regs;
    opt.shard_k = shard_k, opt.shard_n = shard_n;
    if (hp_outfile_add_input(in) != 0 || hp_outfile_add_input(ref) != 0) {
        hp_error("out of memory");
        return HP_EXIT_DATA;
    }
    int ret = HP_EXIT_DATA;
    hp_count_t res;
    int r = hp_count_bam(&opt, &res);
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
        if (hp_partial_save(prefix, in, ref, res.sample, virus, n_virus,
                            hp_region_names[pvl_region], min_mapq, &res.aln.bam, res.aln.own,
                            res.aln.n_own, &res.aln.acc, &res.aln.dprof, err, sizeof err) == 0)
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
