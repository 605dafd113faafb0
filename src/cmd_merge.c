/* cmd_merge.c -- `htlvpvl merge`: combine the partial results of `count --partial` shards into
 * the outputs one `count` run on the whole input writes (partial.h). */
#include "htlvpvl/bam_scan.h"
#include "htlvpvl/clonality.h"
#include "htlvpvl/cli.h"
#include "htlvpvl/commands.h"
#include "htlvpvl/count.h"
#include "htlvpvl/log.h"
#include "htlvpvl/outfile.h"
#include "htlvpvl/partial.h"
#include "htlvpvl/pvl.h"
#include "htlvpvl/qc.h"
#include "htlvpvl/report.h"
#include "htlvpvl/sites.h"
#include "htlvpvl/version.h"
#include <errno.h>
#include <getopt.h>
#include <htslib/hts_log.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* as in cmd_count.c: the condition under which a wild-type fragment is counted */

static void usage(FILE *fp)
{
    fprintf(fp,
            "\nUsage: htlvpvl merge [options] PART...\n\n"
            "Combine the partial results of 'htlvpvl count --partial --region ...' shards of one\n"
            "input (PREFIX.partial files, any order) into the outputs one 'count' run on the\n"
            "whole input writes, byte for byte. The regions of the shards together must cover\n"
            "every contig of the header and '*' once. The input named in the partials is opened\n"
            "(header, and the index for the wild-type fragments around each site).\n\n"
            "Options:\n"
            "  -o, --prefix PREFIX     outputs PREFIX.summary.json, .summary.tsv, .sites.tsv,\n"
            "                          .sites.bed, .sites.vcf.gz(.tbi), _mqc.tsv [sample name]\n"
            "      --input PATH        the input, where it is not at the path the partials name\n"
            "                          (the outputs still name the partials' input)\n"
            HP_CLI_HELP_QUIET
            HP_CLI_HELP_HELP "\n"
            "Exit codes: 0 ok, 1 data error (partials of other inputs, options or versions,\n"
            "regions missing or overlapping), 2 usage error.\n\n");
}

/* The name of the first field in which b differs from a, or NULL. */
static const char *differs(const hp_partial_t *a, const hp_partial_t *b)
{
    if (strcmp(a->version, b->version) != 0) return "htlvpvl version";
    if (strcmp(a->input, b->input) != 0) return "input";
    if (a->header_hash != b->header_hash) return "input header";
    if (strcmp(a->reference, b->reference) != 0) return "--reference";
    if (strcmp(a->sample, b->sample) != 0) return "sample name";
    if (strcmp(a->virus, b->virus) != 0) return "--virus-contig";
    if (strcmp(a->pvl_region, b->pvl_region) != 0) return "--pvl-region";
    if (a->min_mapq != b->min_mapq) return "--min-mapq";
    if (a->acc.dup_detection != b->acc.dup_detection) return "duplicate detection";
    if (a->dprof.win != b->dprof.win || a->dprof.n_win != b->dprof.n_win)
        return "depth-profile windows";
    return NULL;
}

int cmd_merge(int argc, char **argv)
{
    static const struct option lopts[] = {HP_CLI_ROW_PREFIX,
                                          {"input", required_argument, NULL, 'i'},
                                          HP_CLI_ROW_QUIET,
                                          HP_CLI_ROW_HELP,
                                          {NULL, 0, NULL, 0}};
    hts_set_log_level(HTS_LOG_OFF);
    const char *in_opt = NULL;
    int c;
    hp_cli_t cl;
    hp_cli_init(&cl, usage);
    while ((c = getopt_long(argc, argv, "o:qh", lopts, NULL)) >= 0) {
        switch (c) {
        case 'i':
            in_opt = optarg;
            break;
        default: /* -o -q -h, unknown options */
            if ((c = hp_cli_option(&cl, c, optarg)) != HP_CLI_NEXT) return c;
        }
    }
    const char *prefix = cl.out;
    if (optind >= argc) {
        hp_error("no partial result given");
        usage(stderr);
        return HP_EXIT_USAGE;
    }
    int n = argc - optind, ret = HP_EXIT_DATA, n_reg = 0, n_virus = 0;
    char err[1024];
    hp_partial_t *part = calloc((size_t)n, sizeof *part);
    hp_own_region_t *reg = NULL;
    int *owner = NULL;
    hp_count_t *res = NULL;
    char *vbuf = NULL, *virus[HP_MAX_VCONTIG];
    hp_bam_t bam;
    hp_contigs_t ctg;
    hp_acc_t acc;
    hp_dprof_t dprof;
    memset(&bam, 0, sizeof bam);
    memset(&ctg, 0, sizeof ctg);
    memset(&dprof, 0, sizeof dprof);
    hp_acc_init(&acc);
    if (!part) goto nomem;
    for (int i = 0; i < n; i++) {
        const char *path = argv[optind + i];
        if (hp_outfile_add_input(path) != 0) goto nomem;
        if (hp_partial_read(path, &part[i], err, sizeof err) < 0) {
            hp_error("%s: %s", path, err);
            goto out;
        }
        const char *d = i ? differs(&part[0], &part[i]) : NULL;
        if (d) {
            hp_error("%s: not a shard of the same run as %s: %s differs", path, argv[optind], d);
            goto out;
        }
        n_reg += part[i].n_reg;
    }
    if (strcmp(part[0].version, HTLVPVL_VERSION) != 0) {
        hp_error("%s: written by htlvpvl %s, this is %s: run the shards and merge with one "
                 "version",
                 argv[optind], part[0].version, HTLVPVL_VERSION);
        goto out;
    }
    const char *in = in_opt ? in_opt : part[0].input;
    const char *ref = part[0].reference[0] ? part[0].reference : NULL;
    if (hp_outfile_add_input(in) != 0 || hp_outfile_add_input(ref) != 0) goto nomem;
    if (hp_bam_open(&bam, in, ref, 0) < 0) {
        hp_error("%s: %s", in, bam.err);
        goto out;
    }
    if (hp_partial_header_hash(bam.hdr) != part[0].header_hash) {
        hp_error("%s: its header is not the one the partials were counted from", in);
        goto out;
    }
    reg = malloc((size_t)(n_reg ? n_reg : 1) * sizeof *reg);
    owner = malloc((size_t)(n_reg ? n_reg : 1) * sizeof *owner);
    if (!reg || !owner) goto nomem;
    for (int i = 0, k = 0; i < n; i++)
        for (int j = 0; j < part[i].n_reg; j++, k++) {
            reg[k] = part[i].reg[j], owner[k] = i;
            if (reg[k].tid >= sam_hdr_nref(bam.hdr) || reg[k].tid < -1) {
                hp_error("%s: a region outside the header", argv[optind + i]);
                goto out;
            }
        }
    if (hp_partial_check_cover(bam.hdr, reg, owner, n_reg, err, sizeof err) < 0) {
        hp_error("%s (partials numbered in the order given)", err);
        goto out;
    }
    if (part[0].virus[0]) {
        if (!(vbuf = strdup(part[0].virus))) goto nomem;
        for (char *s = vbuf, *e; s && n_virus < HP_MAX_VCONTIG; s = e) {
            e = strchr(s, ',');
            if (e) *e++ = '\0';
            virus[n_virus++] = s;
        }
    }
    if (hp_contigs_init(&ctg, bam.hdr, virus, n_virus, ref) < 0) {
        hp_error("%s: %s", in, ctg.err);
        goto out;
    }
    if (hp_dprof_init(&dprof, &ctg, bam.hdr) < 0) goto nomem;
    if (dprof.win != part[0].dprof.win || dprof.n_win != part[0].dprof.n_win) {
        hp_error("%s: depth-profile windows differ from the partials'", in);
        goto out;
    }
    int64_t secondary_sa = 0;
    acc.dup_detection = part[0].acc.dup_detection;
    for (int i = 0; i < n; i++) {
        hp_dprof_merge(&dprof, &part[i].dprof);
        secondary_sa += part[i].secondary_sa;
        acc.dup_marked += part[i].acc.dup_marked;
        if (hp_acc_merge(&acc, &part[i].acc) < 0) goto nomem;
    }
    hp_evidence_compact(acc.ev, &acc.n_ev);
    int pvl_region = -1;
    for (int g = 0; g < HP_N_REGION; g++)
        if (strcmp(part[0].pvl_region, hp_region_names[g]) == 0) pvl_region = g;
    if (pvl_region < 0) {
        hp_error("%s: unknown --pvl-region '%s'", argv[optind], part[0].pvl_region);
        goto out;
    }

    /* from here as count on the whole input: count_bam.c's estimate stage, on the merged
     * counters moved into one result */
    if (!(res = malloc(sizeof *res))) goto nomem;
    hp_count_init(res, HP_INPUT_ALIGNED);
    res->aln.bam = bam, res->aln.ctg = ctg, res->aln.acc = acc, res->aln.dprof = dprof;
    memset(&bam, 0, sizeof bam), memset(&ctg, 0, sizeof ctg), memset(&dprof, 0, sizeof dprof);
    hp_acc_init(&acc);
    hp_count_result_t *rep = &res->aln.rep;
    rep->sample = part[0].sample, rep->input = part[0].input, rep->region = NULL;
    rep->ref_fasta = ref, rep->secondary_split = secondary_sa;
    if (hp_count_bam_estimate(res, in, pvl_region) != 0) goto out;
    if (hp_count_write(prefix ? prefix : part[0].sample, res) < 0) goto out;
    hp_qc_t qc;
    hp_qc_count(rep, &qc);
    hp_qc_warn(part[0].sample, &qc);
    hp_info("%s: %d shards merged: PVL %.3g copies/100 cells (%s), %d sites", part[0].sample, n,
            res->pvl, res->pvl_estimator ? res->pvl_estimator : "none", res->n_sites);
    ret = HP_EXIT_OK;
    goto out;
nomem:
    hp_error("out of memory");
out:
    for (int i = 0; part && i < n; i++)
        hp_partial_destroy(&part[i]);
    free(part);
    free(reg);
    free(owner);
    free(vbuf);
    hp_acc_destroy(&acc);
    hp_dprof_destroy(&dprof);
    hp_contigs_destroy(&ctg);
    hp_bam_destroy(&bam);
    hp_count_destroy(res);
    free(res);
    return ret;
}
