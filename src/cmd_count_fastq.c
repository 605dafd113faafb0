/* cmd_count_fastq.c -- `htlvpvl count` on FASTQ: viral screen, PVL from reads, junction flanks. */
#include "htlvpvl/cli.h"
#include "htlvpvl/qc.h"
#include "htlvpvl/commands.h"
#include "htlvpvl/fastq.h"
#include "htlvpvl/fastq_flank.h"
#include "htlvpvl/fastq_report.h"
#include "htlvpvl/fastq_screen.h"
#include "htlvpvl/kmer.h"
#include "htlvpvl/log.h"
#include "htlvpvl/outfile.h"
#include "htlvpvl/ref.h"
#include <errno.h>
#include <getopt.h>
#include <htslib/hts.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_GENOME_SIZE 3.1e9

static void usage(FILE *fp)
{
    fprintf(fp,
            "\nUsage: htlvpvl count [options] R1.fq[.gz] [R2.fq[.gz]]\n\n"
            "FASTQ input (plain, gzip or BGZF; '-' is stdin): screens every read for HTLV-1\n"
            "k-mers, estimates the proviral load from read counts and extracts the host flanks\n"
            "of LTR-host junction reads, clustered into integration sites.\n\n"
            "Options:\n"
            "  -o, --output PREFIX     write PREFIX.summary.json, .summary.tsv, .sites.tsv,\n"
            "                          .flanks.fa and PREFIX_mqc.tsv [sample name]\n"
            "  -s, --sample NAME       sample name [R1 file name without extensions]\n"
            "  -t, --threads N         threads in total [1]\n"
            "  -q, --quiet             no information messages\n"
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
            "      --min-site-fragments N  sites counted apart in the summary [3]\n"
            "  -h, --help              this help\n\n");
}

/* Sample name from a file name: basename without .gz/.fq/.fastq and a _1/_R1/.1 mate tag. */
static void default_sample(const char *fn, char *out, size_t n)
{
    if (strcmp(fn, "-") == 0) {
        snprintf(out, n, "stdin");
        return;
    }
    const char *b = strrchr(fn, '/');
    snprintf(out, n, "%s", b ? b + 1 : fn);
    static const char *const ext[] = {".gz", ".bgz", ".fastq", ".fq", "_R1", "_1", ".1", "_R1_001"};
    for (int again = 1; again;) {
        again = 0;
        for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
            size_t l = strlen(out), e = strlen(ext[i]);
            if (l > e && strcmp(out + l - e, ext[i]) == 0) out[l - e] = 0, again = 1;
        }
    }
    for (char *p = out; *p; p++) /* a file name's tab or newline would break TSV/VCF columns */
        if (*p == '\t' || *p == '\n' || *p == '\r') *p = '_';
}

enum {
    OPT_KEEP_DUPS = 999,
    OPT_GENOME = 1000,
    OPT_VIRUS,
    OPT_INTERLEAVED,
    OPT_WINDOW,
    OPT_MIN_SITE,
    OPT_QUAL
};

int cmd_count_fastq(int argc, char **argv)
{
    static const struct option lopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"prefix", required_argument, NULL, 'o'},
        {"sample", required_argument, NULL, 's'},
        {"threads", required_argument, NULL, 't'},
        {"quiet", no_argument, NULL, 'q'},
        {"min-qual", required_argument, NULL, OPT_QUAL},
        {"genome-size", required_argument, NULL, OPT_GENOME},
        {"virus", required_argument, NULL, OPT_VIRUS},
        {"interleaved", no_argument, NULL, OPT_INTERLEAVED},
        {"keep-duplicates", no_argument, NULL, OPT_KEEP_DUPS},
        {"pvl-region", required_argument, NULL, OPT_WINDOW},
        {"min-site-fragments", required_argument, NULL, OPT_MIN_SITE},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *prefix = NULL, *sample = NULL, *virus_fa = NULL, *window = "provirus";
    int n_threads = 1, min_qual = 0, keep_dups = 0, interleaved = 0, min_site = 3, c;
    double genome_size = DEFAULT_GENOME_SIZE;
    char *end;
    optind = 0; /* full getopt reset (glibc, musl): cmd_count may have parsed argv already */
    hts_set_log_level(HTS_LOG_OFF); /* htslib's own messages would repeat ours */
    while ((c = getopt_long(argc, argv, "o:s:t:qh", lopts, NULL)) >= 0) {
        switch (c) {
        case 'o':
            prefix = optarg;
            break;
        case 's':
            sample = optarg;
            break;
        case 't':
            n_threads = (int)strtol(optarg, &end, 10);
            if (*end || n_threads < 1 || n_threads > 1024) {
                hp_error("--threads must be an integer from 1 to 1024, not '%s'", optarg);
                return HP_EXIT_USAGE;
            }
            break;
        case 'q':
            hp_log_set_level(HP_LOG_ERROR);
            break;
        case OPT_QUAL:
            min_qual = (int)strtol(optarg, &end, 10);
            if (*end || min_qual < 0 || min_qual > 93) {
                hp_error("--min-qual must be an integer from 0 to 93, not '%s'", optarg);
                return HP_EXIT_USAGE;
            }
            break;
        case OPT_GENOME:
            genome_size = strtod(optarg, &end);
            if (*end || !(genome_size >= 1e3) || !isfinite(genome_size)) {
                hp_error("--genome-size must be a number of bases (>= 1000), not '%s'", optarg);
                return HP_EXIT_USAGE;
            }
            break;
        case OPT_VIRUS:
            virus_fa = optarg;
            break;
        case OPT_KEEP_DUPS:
            keep_dups = 1;
            break;
        case OPT_INTERLEAVED:
            interleaved = 1;
            break;
        case OPT_WINDOW:
            if (strcmp(optarg, "px") == 0) optarg = "pX";
            if (strcmp(optarg, "pX") && strcmp(optarg, "gag") && strcmp(optarg, "pol") &&
                strcmp(optarg, "env") && strcmp(optarg, "internal") &&
                strcmp(optarg, "provirus")) {
                hp_error("--pvl-region must be provirus, pX, gag, pol, env or internal, not '%s'",
                         optarg);
                return HP_EXIT_USAGE;
            }
            window = optarg;
            break;
        case OPT_MIN_SITE:
            min_site = (int)strtol(optarg, &end, 10);
            if (*end || min_site < 1) {
                hp_error("--min-site-fragments must be a positive integer, not '%s'", optarg);
                return HP_EXIT_USAGE;
            }
            break;
        case 'h':
            usage(stdout);
            return fflush(stdout) == 0 ? HP_EXIT_OK : HP_EXIT_DATA;
        default:
            usage(stderr);
            return HP_EXIT_USAGE;
        }
    }
    if (hp_cli_check_names(prefix, sample) != 0) return HP_EXIT_USAGE;
    int n_in = argc - optind;
    if (n_in < 1 || n_in > 2 || (interleaved && n_in != 1)) {
        hp_error(n_in < 1      ? "no input file"
                 : interleaved ? "--interleaved takes one file"
                               : "too many input files");
        usage(stderr);
        return HP_EXIT_USAGE;
    }
    const char *fn1 = argv[optind], *fn2 = n_in == 2 ? argv[optind + 1] : NULL;
    if (fn2 && strcmp(fn1, "-") == 0 && strcmp(fn2, "-") == 0) {
        hp_error("R1 and R2 cannot both be stdin");
        return HP_EXIT_USAGE;
    }
    char sample_buf[256];
    if (!sample) {
        default_sample(fn1, sample_buf, sizeof sample_buf);
        sample = sample_buf;
    }
    if (!prefix) prefix = sample;

    int ret = HP_EXIT_DATA, builtin = !virus_fa;
    char err[600];
    hp_virus_t virus;
    hp_kmer_index_t *idx = NULL;
    hp_flank_finder_t *ff = NULL;
    hp_fq_reader_t *rd = NULL;
    hp_screen_t acc;
    hp_flank_sites_t sites = {NULL, 0};
    hp_outset_t outs = {NULL, 0, 0};
    FILE *fo[5] = {NULL, NULL, NULL, NULL, NULL};
    hp_screen_init(&acc);
    memset(&virus, 0, sizeof virus);

    if (virus_fa ? hp_virus_load_fasta(&virus, virus_fa, err, sizeof err)
                 : hp_virus_init_builtin(&virus)) {
        hp_error("%s: %s", virus_fa ? virus_fa : "built-in HTLV-1", virus_fa ? err : "no memory");
        goto done;
    }
    int win_beg = virus.px_start, win_end = virus.px_end;
    if (strcmp(window, "internal") == 0) {
        win_beg = virus.ltr_len + 1, win_end = virus.ltr3_start - 1;
    } else if (strcmp(window, "pX") != 0 && strcmp(window, "provirus") != 0) {
        const hp_feature_t *ft = hp_ref_feature(window);
        if (!builtin || !ft) {
            hp_error("--pvl-region %s needs the built-in virus (with --virus: pX or internal)",
                     window);
            ret = HP_EXIT_USAGE;
            goto done;
        }
        win_beg = ft->start, win_end = ft->end;
    }
    idx = hp_kmer_index_build(&virus);
    ff = hp_flank_finder_build(&virus);
    if (!idx || !ff) {
        hp_error("out of memory");
        goto done;
    }
    if (hp_outfile_add_input(fn1) != 0 || hp_outfile_add_input(fn2) != 0) {
        hp_error("out of memory");
        goto done;
    }
    if (hp_outfile_lock(prefix) != 0) { /* one run per prefix */
        hp_error("%s: %s", prefix, hp_outfile_strerror(errno));
        goto done;
    }
    rd = hp_fq_reader_open(fn1, fn2, interleaved, n_threads, err, sizeof err);
    if (!rd) {
        hp_error("%s", err);
        goto done;
    }
    static const char *const suffix[5] = {".summary.json", ".sites.tsv", ".flanks.fa",
                                          ".summary.tsv", "_mqc.tsv"};
    for (int i = 0; i < 5; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s%s", prefix, suffix[i]);
        fo[i] = hp_outset_open(&outs, path);
        if (!fo[i]) {
            hp_error("%s: %s", path, hp_outfile_strerror(errno));
            goto done;
        }
    }
    int whole = strcmp(window, "provirus") == 0 && hp_screen_prov_len(&virus) > 0;
    hp_screen_opt_t opt = {&virus,  idx,       ff,    min_qual,
                           win_beg, win_end,   0,     keep_dups,
                           whole,   whole ? hp_hkmer_threshold(genome_size) : 0};
    int r = hp_screen_run(&opt, rd, &acc, n_threads);
    if (r == -1) {
        hp_error("%s", hp_fq_reader_error(rd));
        goto done;
    }
    if (r < 0) {
        hp_error("out of memory");
        goto done;
    }
    if (acc.n_fragments == 0) {
        hp_error("%s: no FASTQ records", strcmp(fn1, "-") ? fn1 : "stdin");
        goto done;
    }
    if (hp_flank_cluster(acc.ev, acc.n_ev, 2, &sites) < 0) {
        hp_error("out of memory");
        goto done;
    }
    hp_fastq_pvl_t pvl;
    if (hp_screen_pvl(&acc, &opt, genome_size, &pvl) < 0) {
        hp_error("out of memory");
        goto done;
    }
    hp_fastq_report_t rep = {sample,
                             {fn1, fn2},
                             {hp_fq_reader_compression(rd, 0), hp_fq_reader_compression(rd, 1)},
                             hp_fq_reader_paired(rd),
                             interleaved,
                             &virus,
                             builtin,
                             &opt,
                             &acc,
                             &pvl,
                             &sites,
                             window,
                             min_site};
    if (hp_fastq_write_summary(fo[0], &rep) < 0 || hp_fastq_write_sites(fo[1], &sites) < 0 ||
        hp_fastq_write_flanks(fo[2], &sites) < 0 || hp_fastq_write_summary_tsv(fo[3], &rep) < 0 ||
        hp_fastq_write_mqc(fo[4], &rep) < 0) {
        hp_error("%s: write failed: %s", prefix, strerror(errno));
        goto done;
    }
    int close_failed = hp_fq_reader_close(rd) < 0;
    rd = NULL;
    if (close_failed) {
        hp_error("%s: read error on close", strcmp(fn1, "-") ? fn1 : "stdin");
        goto done;
    }
    if (hp_outset_commit_all(&outs) < 0) {
        hp_error("%s: write failed: %s", prefix, strerror(errno));
        goto done;
    }
    hp_qc_t qc;
    hp_qc_fastq(&rep, &qc);
    hp_qc_warn(sample, &qc);
    hp_info("%s: %lld fragments, %lld viral, PVL %.4g copies/100 cells (95%% CI %.4g-%.4g), "
            "%d sites",
            sample, (long long)acc.n_fragments, (long long)acc.n_viral, pvl.copies_per_100_cells,
            pvl.ci95[0], pvl.ci95[1], sites.n);
    ret = HP_EXIT_OK;
done:
    if (ret != HP_EXIT_OK) hp_outset_abort_all(&outs);
    (void)hp_fq_reader_close(rd); /* already failing, or closed above */
    hp_flank_sites_destroy(&sites);
    hp_screen_destroy(&acc);
    hp_flank_finder_destroy(ff);
    hp_kmer_index_destroy(idx);
    hp_virus_destroy(&virus);
    return ret;
}
