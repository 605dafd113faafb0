/* cmd_count.c -- `htlvpvl count`: integration sites, proviral load and clonality of one sample
 * from a BAM/CRAM/SAM (FASTQ input is handed to cmd_count_fastq). */
#include "htlvpvl/bam_scan.h"
#include "htlvpvl/cli.h"
#include "htlvpvl/clonality.h"
#include "htlvpvl/commands.h"
#include "htlvpvl/count_lmpcr.h"
#include "htlvpvl/count_indexed.h"
#include "htlvpvl/log.h"
#include "htlvpvl/outfile.h"
#include "htlvpvl/partial.h"
#include "htlvpvl/pvl.h"
#include "htlvpvl/qc.h"
#include "htlvpvl/report.h"
#include "htlvpvl/sites.h"
#include <errno.h>
#include <getopt.h>
#include <htslib/hts_log.h>
#include <htslib/kstring.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#define MAX_VIRUS HP_MAX_VCONTIG
/* W counts wild-type fragments under the condition a junction fragment must meet to be seen:
 * about 30 host bases (the shortest host part an aligner places) on one side of the junction
 * and a few bases past it on the other: they cover the TSD plus 30 bases before and 8 after. */
#define WILD_HOST 30
#define WILD_PAST 8

static void usage(FILE *fp)
{
    fprintf(
        fp,
        "\nUsage: htlvpvl count [options] IN\n\n"
        "HTLV-1 integration sites, proviral load (PVL) and clonality of one sample. IN is a\n"
        "BAM, CRAM or SAM aligned to host + HTLV-1 ('-' = stdin), or FASTQ (see formats.md).\n\n"
        "Options:\n"
        "  -o, --prefix PREFIX     outputs PREFIX.summary.json, .summary.tsv, .sites.tsv,\n"
        "                          .sites.bed, .sites.vcf and PREFIX_mqc.tsv [sample name]\n"
        "  -t, --threads N         threads in total [1]\n"
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
        "  -q, --quiet             no progress or information messages\n"
        "  -h, --help              this help\n\n"
        "FASTQ input (R1 [R2], '-' for one of them): the FASTQ reader takes over, with -o -t\n"
        "-s -q and options of its own (docs/formats.md, \"count (FASTQ input)\").\n\n"
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

int cmd_count(int argc, char **argv)
{
    enum { O_REF = 1000, O_VIRUS, O_REGION, O_PVLREG, O_MAPQ, O_FULL, O_PARTIAL, O_SHARD };
    static const struct option lopts[] = {{"prefix", required_argument, NULL, 'o'},
                                          {"threads", required_argument, NULL, 't'},
                                          {"sample", required_argument, NULL, 's'},
                                          {"reference", required_argument, NULL, O_REF},
                                          {"virus-contig", required_argument, NULL, O_VIRUS},
                                          {"region", required_argument, NULL, O_REGION},
                                          {"pvl-region", required_argument, NULL, O_PVLREG},
                                          {"min-mapq", required_argument, NULL, O_MAPQ},
                                          {"full-scan", no_argument, NULL, O_FULL},
                                          {"partial", no_argument, NULL, O_PARTIAL},
                                          {"shard", required_argument, NULL, O_SHARD},
                                          {"quiet", no_argument, NULL, 'q'},
                                          {"help", no_argument, NULL, 'h'},
                                          {NULL, 0, NULL, 0}};
    /* htslib's own messages would add lines to ours; every failure is reported below */
    hts_set_log_level(HTS_LOG_OFF);
    int assay = hp_count_assay(&argc, argv); /* --assay wgs|lmpcr */
    if (assay != 0) return assay > 0 ? cmd_count_lmpcr(argc, argv) : HP_EXIT_USAGE;
    if (any_fastq_input(argc, argv)) return cmd_count_fastq(argc, argv);
    const char *prefix = NULL, *sample_opt = NULL, *ref = NULL, *region = NULL;
    char *virus[MAX_VIRUS];
    int n_virus = 0, n_threads = 1, quiet = 0, pvl_region = HP_REG_PX, min_mapq = 1, c;
    int full_scan = 0;
    int partial = 0, n_regs = 0, shard_k = 0, shard_n = 0; /* shard mode (partial.h) */
    char *regs[argc > 0 ? argc : 1]; /* the --region values (pointers into argv) */
    hp_own_region_t *own = NULL;
    while ((c = getopt_long(argc, argv, "o:t:s:qh", lopts, NULL)) >= 0) {
        char *end;
        switch (c) {
        case 'o':
            prefix = optarg;
            break;
        case 't':
            n_threads = (int)strtol(optarg, &end, 10);
            if (*end || n_threads < 1 || n_threads > 1024) {
                hp_error("-t must be a number of threads (1-1024), not '%s'", optarg);
                return HP_EXIT_USAGE;
            }
            break;
        case 's':
            sample_opt = optarg;
            break;
        case O_REF:
            ref = optarg;
            break;
        case O_VIRUS:
            if (hp_cli_add_contig(virus, &n_virus, MAX_VIRUS, optarg) != 0) return HP_EXIT_USAGE;
            break;
        case O_REGION:
            region = optarg;
            regs[n_regs++] = optarg;
            break;
        case O_PARTIAL:
            partial = 1;
            break;
        case O_SHARD: {
            char extra;
            if (sscanf(optarg, "%d/%d%c", &shard_k, &shard_n, &extra) != 2 || shard_n < 1 ||
                shard_n > 100000 || shard_k < 1 || shard_k > shard_n) {
                hp_error("--shard must be K/N with 1 <= K <= N, not '%s'", optarg);
                return HP_EXIT_USAGE;
            }
            partial = 1;
            break;
        }
        case O_PVLREG:
            pvl_region = -1;
            for (int g = HP_REG_GAG; g < HP_N_REGION; g++)
                if (strcmp(optarg, hp_region_names[g]) == 0) pvl_region = g;
            if (pvl_region < 0) {
                hp_error("--pvl-region must be pX, env, pol or gag, not '%s'", optarg);
                return HP_EXIT_USAGE;
            }
            break;
        case O_MAPQ:
            min_mapq = (int)strtol(optarg, &end, 10);
            if (*end || min_mapq < 0 || min_mapq > 255) {
                hp_error("--min-mapq must be 0-255, not '%s'", optarg);
                return HP_EXIT_USAGE;
            }
            break;
        case O_FULL:
            full_scan = 1;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'h':
            usage(stdout);
            return HP_EXIT_OK; /* main closes and checks stdout */
        default:
            usage(stderr);
            return HP_EXIT_USAGE;
        }
    }
    if (hp_cli_check_names(prefix, sample_opt) != 0) return HP_EXIT_USAGE;
    if (partial ? (n_regs == 0) == (shard_n == 0) : n_regs > 1) {
        hp_error(!partial ? "several --region need --partial"
                 : shard_n ? "--shard and --region exclude each other"
                           : "--partial needs --region");
        return HP_EXIT_USAGE;
    }
    if (partial) region = NULL; /* the shard's records are chosen by ownership (partial.h) */
    if (optind >= argc) {
        hp_error("no input file");
        usage(stderr);
        return HP_EXIT_USAGE;
    }
    const char *in = argv[optind];
    if (optind + 1 != argc) {
        hp_error("unexpected argument '%s' (one BAM/CRAM/SAM per run)", argv[optind + 1]);
        return HP_EXIT_USAGE;
    }
    if (quiet) hp_log_set_level(HP_LOG_ERROR);

    /* -t N threads in all. Decoding records (one reader) is the bottleneck; decompression
     * takes about half a thread per reader and classification a tenth of the decode: with 2
     * threads, one decompresses and one reads and classifies; with more, one classifies while
     * the reader reads the next batch and the rest decompress. On a machine of 2 CPUs a
     * decompression thread only competes with the reader (measured: -t 2 with it ran 1.5-2x
     * slower than without), so there -t 2 reads with one thread. */
    long n_cpu = sysconf(_SC_NPROCESSORS_ONLN);
    int n_pool = n_threads == 1 ? 0 : n_threads == 2 ? (n_cpu > 2 ? 1 : 0) : n_threads - 2;
    int n_omp = n_threads <= 2 ? 1 : 2;
    int ret = HP_EXIT_DATA, r;
    hp_bam_t bam;
    hp_contigs_t ctg;
    hp_acc_t acc;
    hp_sites_t sites;
    hp_dprof_t dprof;
    char *sample = NULL;
    int *ploidy = NULL;
    faidx_t *so_fai = NULL; /* the reference for junction placement (classify options) */
    memset(&ctg, 0, sizeof ctg);
    memset(&dprof, 0, sizeof dprof);
    hp_acc_init(&acc);
    hp_sites_init(&sites);

    if (hp_outfile_add_input(in) != 0 || hp_outfile_add_input(ref) != 0) {
        hp_error("out of memory");
        return HP_EXIT_DATA;
    }
    if ((r = hp_bam_open(&bam, in, ref, n_pool)) < 0) {
        if (r == -2) { /* FASTQ content under another name */
            hp_bam_destroy(&bam);
            if (strcmp(in, "-") == 0) {
                hp_error("-: FASTQ on standard input is not supported: give the file name");
                return HP_EXIT_DATA;
            }
            optind = 0;
            return cmd_count_fastq(argc, argv);
        }
        hp_error("%s: %s", in, bam.err);
        goto out;
    }
    if (hp_contigs_init(&ctg, bam.hdr, virus, n_virus, ref) < 0) {
        hp_error("%s: %s", in, ctg.err);
        goto out;
    }
    sample = sample_opt ? strdup(sample_opt) : hp_bam_sample_name(bam.hdr, in);
    if (!sample) {
        hp_error("out of memory");
        goto out;
    }
    if (!prefix) prefix = sample;
    if (hp_outfile_lock(prefix) != 0) { /* one run per prefix */
        hp_error("%s: %s", prefix, hp_outfile_strerror(errno));
        goto out;
    }

    hp_scan_opt_t so;
    hp_scan_opt_init(&so);
    so.n_threads = n_omp, so.quiet = quiet, so.region = region;
    so.copt.min_mapq_host = min_mapq;
    /* junctions placed by a gapped alignment against the host reference */
    if (ref && !(so_fai = so.copt.fai = fai_load(ref))) {
        hp_error("%s: cannot read the FASTA or build its index", ref);
        goto out;
    }
    if (hp_dprof_init(&dprof, &ctg, bam.hdr) < 0) {
        hp_error("out of memory");
        goto out;
    }
    so.dprof = &dprof;
    if (shard_n && (so.n_own = hp_own_regions_split(bam.hdr, shard_k, shard_n, &own)) < 0) {
        hp_error("out of memory");
        goto out;
    }
    if (n_regs && partial && (so.n_own = hp_own_regions_parse(bam.hdr, regs, n_regs, &own,
                                                              bam.err, sizeof bam.err)) < 0) {
        hp_error("%s: %s", in, bam.err);
        goto out;
    }
    so.own = own;
    hp_idx_info_t ii;
    if (!full_scan && !region && !partial && strcmp(in, "-") != 0 &&
        hp_bam_load_index(&bam) == 0) {
        if (hp_count_indexed(&bam, &ctg, &so.copt, &acc, &dprof, &ii) < 0) {
            hp_error("%s: %s", in, bam.err);
            goto out;
        }
        hp_info("indexed mode: %lld records read (%s host)", (long long)ii.records_read,
                ii.sampled ? "sampled" : "whole");
    } else if (hp_bam_scan(&bam, &ctg, &so, &acc) < 0) {
        hp_error("%s: %s", in, bam.err);
        goto out;
    }
    if (partial) {
        if (hp_partial_save(prefix, in, ref, sample, virus, n_virus,
                            hp_region_names[pvl_region], min_mapq, &bam, own, so.n_own, &acc,
                            &dprof, bam.err, sizeof bam.err) == 0)
            ret = HP_EXIT_OK;
        else
            hp_error("%s", bam.err);
        goto out;
    }
    if (bam.n_secondary_sa > 0) /* -M hides split reads from the junction estimate */
        hp_warn("%s: %lld split-read parts are flagged secondary (0x100), not supplementary "
                "(0x800): aligned with `bwa mem -M`? They are ignored; realign without -M",
                in, (long long)bam.n_secondary_sa);
    {
        kstring_t ks = {0, 0, NULL};
        for (int i = 0; i < ctg.n_vc; i++)
            ksprintf(&ks, "%s%s", i ? ", " : "", sam_hdr_tid2name(bam.hdr, ctg.vc[i].tid));
        hp_info("viral contigs: %s (%s layout)%s", ks.s, ctg.layout,
                n_virus ? "" : ", detected by name and length");
        free(ks.s);
    }
    int64_t host_len = ctg.autosome_len;
    if (region) {
        int64_t tl = sam_hdr_tid2len(bam.hdr, so.copt.region_tid);
        int64_t e = so.copt.region_end < tl ? so.copt.region_end : tl;
        host_len = ctg.cls[so.copt.region_tid] == HP_CTG_AUTOSOME ? e - so.copt.region_beg : 0;
    }

    int ins_med, ins_p99;
    hp_insert_stats(acc.ins_hist, HP_INS_MAX + 1, &ins_med, &ins_p99);
    hp_cluster_opt_t co;
    hp_cluster_opt_init(&co, ins_med, ins_p99);
    if (hp_sites_build(&sites, acc.ev, acc.n_ev, &co) < 0) {
        hp_error("%s: out of memory", in);
        goto out;
    }
    if (region) /* evidence came from the padding too; a shard owns the sites inside it */
        hp_sites_keep_range(&sites, so.copt.region_tid, so.copt.region_beg, so.copt.region_end);
    int have_index = 0;
    if (strcmp(in, "-") != 0 && hp_bam_load_index(&bam) == 0) {
        if (hp_bam_wild_type(&bam, &ctg, &sites, co.max_frag, WILD_HOST, WILD_PAST) < 0) {
            hp_error("%s: %s", in, bam.err);
            goto out;
        }
        have_index = 1;
    } else if (sites.n > 0) {
        hp_info("%s: no index: W of the junction estimate from the genome-mean fragment depth", in);
    }

    hp_count_result_t res;
    memset(&res, 0, sizeof res);
    res.sample = sample, res.input = in, res.region = region, res.hdr = bam.hdr;
    res.ctg = &ctg, res.acc = &acc, res.host_len = host_len;
    res.ins_median = ins_med, res.ins_p99 = ins_p99, res.sites = &sites, res.ref_fasta = ref;
    res.secondary_split = bam.n_secondary_sa;
    hp_pvl_depth(&acc, &ctg, host_len, pvl_region, &res.depth);
    hp_pvl_profile(&dprof, &res.profile);
    /* host copies per cell: 2, chrY 1, chrX 1 or 2 from its depth (male or female) */
    ploidy = malloc((size_t)(ctg.n_targets > 0 ? ctg.n_targets : 1) * sizeof *ploidy);
    if (!ploidy) {
        hp_error("out of memory");
        goto out;
    }
    for (int i = 0; i < ctg.n_targets; i++) ploidy[i] = 2;
    if (ctg.tid_y >= 0) ploidy[ctg.tid_y] = 1;
    if (ctg.tid_x >= 0)
        ploidy[ctg.tid_x] = hp_ploidy_x(&acc, sam_hdr_tid2len(bam.hdr, ctg.tid_x),
                                        res.depth.host_depth);
    res.ploidy_x = ctg.tid_x >= 0 ? ploidy[ctg.tid_x] : 0;
    hp_pvl_junction(&sites, hp_crossing_depth(&acc, host_len, 6 + WILD_HOST + WILD_PAST),
                    have_index, ploidy, &res.junction);
    hp_pvl_headline(res.profile.copies_per_100, res.profile.ci_lo, res.profile.ci_hi,
                    res.profile.available, res.junction.copies_per_100, res.junction.ci_lo,
                    res.junction.ci_hi, res.junction.available, &res.headline);
    if (hp_clonality(&sites, 1, &res.clon) < 0) {
        hp_error("%s: out of memory", in);
        goto out;
    }
    if (hp_report_write_all(prefix, &res) < 0) goto out;
    hp_qc_t qc;
    hp_qc_count(&res, &qc);
    hp_qc_warn(sample, &qc);
    hp_info("%s: PVL %.3g copies/100 cells (%s), %d sites", sample, res.headline.copies_per_100,
            res.headline.estimator ? res.headline.estimator : "none", sites.n);
    ret = HP_EXIT_OK;
out:
    hp_sites_destroy(&sites);
    hp_acc_destroy(&acc);
    hp_dprof_destroy(&dprof);
    hp_contigs_destroy(&ctg);
    hp_bam_destroy(&bam);
    free(sample);
    free(ploidy);
    free(own);
    if (so_fai) fai_destroy(so_fai);
    return ret;
}
