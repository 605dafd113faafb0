/* cmd_count_fastq.c -- `htlvpvl count` on FASTQ: viral screen, PVL from reads, junction flanks. */
#include "htlvpvl/cli.h"
#include "htlvpvl/qc.h"
#include "htlvpvl/commands.h"
#include "htlvpvl/count.h"
#include "htlvpvl/log.h"
#include "htlvpvl/outfile.h"
#include <getopt.h>
#include <htslib/hts.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_GENOME_SIZE 3.1e9

enum {
    OPT_KEEP_DUPS = 999,
    OPT_GENOME = 1000,
    OPT_VIRUS,
    OPT_INTERLEAVED,
    OPT_WINDOW,
    OPT_MIN_SITE,
    OPT_QUAL,
    OPT_ASSAY
};

int cmd_count_fastq(int argc, char **argv)
{
    static const struct option lopts[] = {
        HP_CLI_ROW_OUTPUT,
        HP_CLI_ROW_PREFIX,
        HP_CLI_ROW_SAMPLE,
        HP_CLI_ROW_THREADS,
        HP_CLI_ROW_QUIET,
        {"min-qual", required_argument, NULL, OPT_QUAL},
        {"genome-size", required_argument, NULL, OPT_GENOME},
        {"virus", required_argument, NULL, OPT_VIRUS},
        {"interleaved", no_argument, NULL, OPT_INTERLEAVED},
        {"keep-duplicates", no_argument, NULL, OPT_KEEP_DUPS},
        {"pvl-region", required_argument, NULL, OPT_WINDOW},
        {"min-site-fragments", required_argument, NULL, OPT_MIN_SITE},
        {"assay", required_argument, NULL, OPT_ASSAY},
        HP_CLI_ROW_HELP,
        {NULL, 0, NULL, 0}};
    const char *virus_fa = NULL, *window = "provirus";
    int min_qual = 0, keep_dups = 0, interleaved = 0, min_site = 3, c;
    hp_cli_t cl;
    hp_cli_init(&cl, cmd_count_usage);
    double genome_size = DEFAULT_GENOME_SIZE;
    char *end;
    optind = 0; /* full getopt reset (glibc, musl): cmd_count may have parsed argv already */
    hts_set_log_level(HTS_LOG_OFF); /* htslib's own messages would repeat ours */
    while ((c = getopt_long(argc, argv, "o:s:t:qh", lopts, NULL)) >= 0) {
        switch (c) {
        case OPT_ASSAY: /* wgs: cmd_count parsed it and routed the others */
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
        default: /* -o -s -t -q -h, unknown options */
            if ((c = hp_cli_option(&cl, c, optarg)) != HP_CLI_NEXT) return c;
        }
    }
    const char *prefix = cl.out, *sample = cl.sample;
    int n_threads = cl.n_threads;
    if (hp_cli_check_names(prefix, sample) != 0) return HP_EXIT_USAGE;
    int n_in = argc - optind;
    if (n_in < 1 || n_in > 2 || (interleaved && n_in != 1)) {
        hp_error(n_in < 1      ? "no input file"
                 : interleaved ? "--interleaved takes one file"
                               : "too many input files");
        cmd_count_usage(stderr);
        return HP_EXIT_USAGE;
    }
    const char *fn1 = argv[optind], *fn2 = n_in == 2 ? argv[optind + 1] : NULL;
    if (fn2 && strcmp(fn1, "-") == 0 && strcmp(fn2, "-") == 0) {
        hp_error("R1 and R2 cannot both be stdin");
        return HP_EXIT_USAGE;
    }
    hp_count_opt_t opt;
    hp_count_opt_init(&opt);
    opt.n_threads = n_threads, opt.sample = sample;
    opt.on_sample = hp_cli_lock_prefix, opt.on_sample_arg = &prefix; /* one run per prefix */
    opt.fq[0] = fn1, opt.fq[1] = fn2, opt.interleaved = interleaved, opt.virus_fa = virus_fa;
    opt.window = window, opt.min_qual = min_qual, opt.genome_size = genome_size;
    opt.keep_dups = keep_dups, opt.min_site = min_site;
    if (hp_outfile_add_input(fn1) != 0 || hp_outfile_add_input(fn2) != 0) {
        hp_error("out of memory");
        return HP_EXIT_DATA;
    }
    int ret = HP_EXIT_DATA;
    hp_count_t res;
    int r = hp_count_fastq(&opt, &res);
    if (r < 0) {
        if (r == HP_COUNT_USAGE) ret = HP_EXIT_USAGE;
        goto done;
    }
    if (hp_count_write(prefix, &res) < 0) goto done;
    hp_qc_t qc;
    hp_qc_fastq(&res.fq.rep, &qc);
    hp_qc_warn(res.sample, &qc);
    hp_info("%s: %lld fragments, %lld viral, PVL %.4g copies/100 cells (95%% CI %.4g-%.4g), "
            "%d sites",
            res.sample, (long long)res.n_fragments, (long long)res.n_viral_fragments, res.pvl,
            res.pvl_ci95[0], res.pvl_ci95[1], res.n_sites);
    ret = HP_EXIT_OK;
done:
    hp_count_destroy(&res);
    return ret;
}
