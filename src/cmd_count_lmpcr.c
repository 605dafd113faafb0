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

static int write_outputs(const char *prefix, const hp_lmc_result_t *r, const sam_hdr_t *h,
                         const char *sample, const char *in)
{
    static const char *const sfx[] = {".sites.tsv", ".summary.json", ".attrition.tsv"};
    hp_outset_t set = {NULL, 0, 0};
    size_t n = strlen(prefix) + 32;
    char *path = malloc(n);
    if (!path) return -1;
    for (int i = 0; i < 3; i++) {
        snprintf(path, n, "%s%s", prefix, sfx[i]);
        FILE *fp = hp_outset_open(&set, path);
        if (!fp) {
            hp_error("%s: %s", path, hp_outfile_strerror(errno));
            goto fail;
        }
        int e = i == 0   ? hp_lmc_write_sites(fp, r, h)
                : i == 1 ? hp_lmc_write_summary(fp, r, h, sample, in)
                         : hp_lmc_write_attrition(fp, r);
        if (e != 0) {
            hp_error("%s: write failed: %s", path, strerror(errno));
            goto fail;
        }
    }
    if (hp_outset_commit_all(&set) != 0) {
        hp_error("%s: cannot write outputs: %s", prefix, strerror(errno));
        free(path);
        return -1;
    }
    free(path);
    return 0;
fail:
    hp_outset_abort_all(&set);
    free(path);
    return -1;
}

int cmd_count_lmpcr(int argc, char **argv)
{
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
    hts_set_log_level(HTS_LOG_OFF);
    hp_lmc_opt_t o;
    hp_lmc_opt_init(&o);
    const char *ref = NULL, *spike = NULL;
    char *virus[HP_MAX_VCONTIG];
    int n_virus = 0, c;
    hp_cli_t cl;
    hp_cli_init(&cl, usage);
    double spike_cells = NAN, input_cells = NAN, input_ng = NAN, qpcr = NAN;
    optind = 0;
    while ((c = getopt_long(argc, argv, "o:t:s:qh", lopts, NULL)) >= 0) {
        switch (c) {
        case O_REF:
            ref = optarg;
            break;
        case O_VIRUS:
            if (hp_cli_add_contig(virus, &n_virus, HP_MAX_VCONTIG, optarg) != 0)
                return HP_EXIT_USAGE;
            break;
        case O_LTRREAD:
            if (parse_int("--ltr-read", optarg, 1, 2, &o.ltr_read) < 0) return HP_EXIT_USAGE;
            break;
        case O_LTREND:
            if (strcmp(optarg, "U5") && strcmp(optarg, "U3")) {
                hp_error("--ltr-end must be U5 or U3, not '%s'", optarg);
                return HP_EXIT_USAGE;
            }
            o.ltr_end = optarg[1] == '5' ? HP_END_U5 : HP_END_U3;
            break;
        case O_TAIL:
            if (strlen(optarg) < 4 || strlen(optarg) > 20 ||
                strspn(optarg, "ACGTacgt") != strlen(optarg)) {
                hp_error("--misprime-tail must be 4-20 bases (ACGT), not '%s'", optarg);
                return HP_EXIT_USAGE;
            }
            for (size_t i = 0; i <= strlen(optarg); i++)
                o.ltr_tail[i] = (char)(optarg[i] & ~0x20);
            break;
        case O_TAILED:
            if (parse_int("--misprime-edits", optarg, 0, 5, &o.tail_edits) < 0)
                return HP_EXIT_USAGE;
            break;
        case O_MAPQ:
            if (parse_int("--min-mapq", optarg, 0, 255, &o.min_mapq) < 0) return HP_EXIT_USAGE;
            break;
        case O_MAXF:
            if (parse_int("--max-fragment", optarg, 1, 100000, &o.max_frag) < 0)
                return HP_EXIT_USAGE;
            break;
        case O_WIN:
            if (parse_int("--merge-window", optarg, 0, 50, &o.merge_window) < 0)
                return HP_EXIT_USAGE;
            break;
        case O_UMIFROM:
            o.umi_from = strcmp(optarg, "auto") == 0   ? HP_UMI_AUTO
                         : strcmp(optarg, "tag") == 0  ? HP_UMI_TAG
                         : strcmp(optarg, "name") == 0 ? HP_UMI_NAME
                         : strcmp(optarg, "none") == 0 ? HP_UMI_NONE
                                                       : -1;
            if (o.umi_from < 0) {
                hp_error("--umi-from must be auto, tag, name or none, not '%s'", optarg);
                return HP_EXIT_USAGE;
            }
            break;
        case O_UMITAG:
            if (strlen(optarg) != 2) {
                hp_error("--umi-tag must be a two-character SAM tag, not '%s'", optarg);
                return HP_EXIT_USAGE;
            }
            memcpy(o.umi_tag, optarg, 3);
            break;
        case O_SPIKE:
            spike = optarg;
            break;
        case O_SPIKEC:
            if (parse_num("--spike-cells", optarg, 1, &spike_cells) < 0) return HP_EXIT_USAGE;
            break;
        case O_INC:
            if (parse_num("--input-cells", optarg, 1, &input_cells) < 0) return HP_EXIT_USAGE;
            break;
        case O_INNG:
            if (parse_num("--input-ng", optarg, 0.001, &input_ng) < 0) return HP_EXIT_USAGE;
            break;
        case O_PVL:
            if (parse_num("--pvl", optarg, 0, &qpcr) < 0 || qpcr > 200) {
                if (qpcr > 200) hp_error("--pvl must be at most 200 copies per 100 cells");
                return HP_EXIT_USAGE;
            }
            break;
        case O_ASSAY:
            break;
        default: /* -o -t -s -q -h, unknown options */
            if ((c = hp_cli_option(&cl, c, optarg)) != HP_CLI_NEXT) return c;
        }
    }
    const char *prefix = cl.out, *sample_opt = cl.sample;
    int n_threads = cl.n_threads, quiet = cl.quiet;
    if (hp_cli_check_names(prefix, sample_opt) != 0) return HP_EXIT_USAGE;
    if (optind >= argc) {
        hp_error("no input file");
        usage(stderr);
        return HP_EXIT_USAGE;
    }
    if (optind + 1 != argc) {
        hp_error("unexpected argument '%s' (one BAM/CRAM/SAM per run)", argv[optind + 1]);
        return HP_EXIT_USAGE;
    }
    if (!spike != isnan(spike_cells)) {
        hp_error("--spike and --spike-cells go together");
        return HP_EXIT_USAGE;
    }
    if (!isnan(input_cells) && !isnan(input_ng)) {
        hp_error("give --input-cells or --input-ng, not both");
        return HP_EXIT_USAGE;
    }
    if (!isnan(input_ng)) input_cells = input_ng * 1000 / PG_PER_CELL;
    char spike_chr[256];
    long spike_pos = 0;
    int spike_strand = 0;
    if (spike) {
        const char *c2 = strrchr(spike, ':'), *c1 = NULL;
        for (const char *p = spike; c2 && p < c2; p++)
            if (*p == ':') c1 = p;
        char *end = NULL;
        if (c1) spike_pos = strtol(c1 + 1, &end, 10);
        if (!c1 || end != c2 || spike_pos < 1 || (size_t)(c1 - spike) >= sizeof spike_chr ||
            c1 == spike || (strcmp(c2 + 1, "+") && strcmp(c2 + 1, "-"))) {
            hp_error("--spike must be CHR:POS:STRAND (strand + or -), not '%s'", spike);
            return HP_EXIT_USAGE;
        }
        memcpy(spike_chr, spike, (size_t)(c1 - spike));
        spike_chr[c1 - spike] = 0;
        spike_strand = c2[1] == '+' ? HP_STRAND_PLUS : HP_STRAND_MINUS;
    }
    const char *in = argv[optind];
    if (quiet) hp_log_set_level(HP_LOG_ERROR);

    /* threads as the WGS scan (cmd_count.c, measured there): one reader, decompression in
     * the pool, classification in OpenMP; on 2 CPUs -t 2 reads with one thread */
    long n_cpu = sysconf(_SC_NPROCESSORS_ONLN);
    int n_pool = n_threads == 1 ? 0 : n_threads == 2 ? (n_cpu > 2 ? 1 : 0) : n_threads - 2;
    o.n_threads = n_threads <= 2 ? 1 : 2;
    o.fit_threads = n_pool + o.n_threads; /* the threads the read loop used: free after it */
    o.quiet = quiet;
    int ret = HP_EXIT_DATA, r;
    hp_bam_t bam;
    hp_contigs_t ctg;
    hp_lmc_result_t res;
    faidx_t *fai = NULL;
    char *sample = NULL;
    memset(&ctg, 0, sizeof ctg);
    memset(&res, 0, sizeof res);
    memset(&bam, 0, sizeof bam);
    if (hp_outfile_add_input(in) != 0 || hp_outfile_add_input(ref) != 0) {
        hp_error("out of memory");
        return HP_EXIT_DATA;
    }
    if (hp_outfile_lock(prefix) != 0) { /* one run per prefix */
        hp_error("%s: %s", prefix, hp_outfile_strerror(errno));
        return HP_EXIT_DATA;
    }
    if ((r = hp_bam_open(&bam, in, ref, n_pool)) < 0) {
        hp_error("%s: %s", in, bam.err);
        goto out;
    }
    if (hp_contigs_init(&ctg, bam.hdr, virus, n_virus, NULL) < 0) {
        if (n_virus > 0) {
            hp_error("%s: %s", in, ctg.err);
            goto out;
        }
        /* no viral contig: every contig is host (reads of the virus are then unmapped) */
        hp_contigs_destroy(&ctg);
        memset(&ctg, 0, sizeof ctg);
        ctg.n_targets = sam_hdr_nref(bam.hdr);
        ctg.cls = calloc((size_t)ctg.n_targets, 1);
        ctg.vidx = malloc((size_t)ctg.n_targets);
        ctg.tid_x = ctg.tid_y = -1;
        ctg.layout = "none";
        if (!ctg.cls || !ctg.vidx) {
            hp_error("out of memory");
            goto out;
        }
        memset(ctg.vidx, -1, (size_t)ctg.n_targets);
        hp_info("%s: no HTLV-1 contig in the header: every contig taken as host", in);
    }
    if (ref && !(fai = fai_load(ref))) {
        hp_error("%s: cannot read the FASTA or build its index", ref);
        goto out;
    }
    int spike_tid = -1;
    if (spike && (spike_tid = sam_hdr_name2tid(bam.hdr, spike_chr)) < 0) {
        hp_error("--spike: contig '%s' is not in the header of %s", spike_chr, in);
        ret = HP_EXIT_USAGE;
        goto out;
    }
    sample = sample_opt ? strdup(sample_opt) : hp_bam_sample_name(bam.hdr, in);
    if (!sample) {
        hp_error("out of memory");
        goto out;
    }
    if (!prefix) prefix = sample;
    if (hp_lmc_run(&bam, &ctg, &o, fai, &res) < 0) {
        hp_error("%s: %s", in, bam.err);
        goto out;
    }
    if (!fai) hp_info("no --reference: the misprime rule (host reading like the LTR end) is off");
    if (hp_lmc_calibrate(&res, &o, spike_tid, (int)spike_pos, spike_strand, spike_cells,
                         input_cells, qpcr) < 0)
        hp_warn("--spike %s: no site there (within %d bp on that strand): not calibrated", spike,
                o.merge_window);
    if (write_outputs(prefix, &res, bam.hdr, sample, in) < 0) goto out;
    hp_info("%s: %d sites from %lld of %lld LTR-side reads%s", sample, res.n_site,
            (long long)res.att.kept, (long long)res.att.ltr_reads,
            res.ltr_in_reads ? " (LTR end in the reads)" : " (trimmed reads)");
    ret = HP_EXIT_OK;
out:
    hp_lmc_result_destroy(&res);
    if (fai) fai_destroy(fai);
    hp_contigs_destroy(&ctg);
    hp_bam_destroy(&bam);
    free(sample);
    return ret;
}
