/* count_bam.c -- the aligned-input pipeline of count (count.h): BAM/CRAM/SAM to sites, PVL and
 * clonality. */
#include "htlvpvl/clonality.h"
#include "htlvpvl/count.h"
#include "htlvpvl/count_indexed.h"
#include "htlvpvl/log.h"
#include "htlvpvl/partial.h"
#include "htlvpvl/pvl.h"
#include <htslib/hts_log.h>
#include <htslib/kstring.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* W counts wild-type fragments under the condition a junction fragment must meet to be seen:
 * about 30 host bases (the shortest host part an aligner places) on one side of the junction
 * and a few bases past it on the other: they cover the TSD plus 30 bases before and 8 after. */
#define WILD_HOST HP_WILD_HOST
#define WILD_PAST HP_WILD_PAST

/* What each step of the aligned pipeline kept (hp_acc_t's counters, the sites). */
static void bam_attrition(hp_count_t *res)
{
    const hp_acc_t *a = &res->aln.acc;
    int64_t uniq = a->frag_total - a->frag_dup, in_sites = 0;
    for (int i = 0; i < res->aln.sites.n; i++)
        in_sites += res->aln.sites.site[i].n_frag;
    hp_count_add_step(res, "read", "records", a->records, a->reads_total,
                      "secondary or supplementary alignment, or outside --region");
    hp_count_add_step(res, "collapse duplicates", "fragments", a->frag_total, uniq,
                      "duplicate (flag 0x400, or the reader's outer-coordinate rule)");
    hp_count_add_step(res, "classify", "fragments", uniq, a->frag_viral + a->frag_host_autosomal,
                      "QC-failed, unmapped, or neither viral nor on an autosome");
    if (!res->partial)
        hp_count_add_step(
            res, "cluster junctions", "fragments", (int64_t)a->n_ev, in_sites,
            "evidence records beyond the distinct fragments of kept sites (duplicates, "
            "several records of one fragment, sites outside --region)");
}

int hp_count_bam_estimate(hp_count_t *res, const char *in, int pvl_region)
{
    hp_bam_t *bam = &res->aln.bam;
    const hp_contigs_t *ctg = &res->aln.ctg;
    const hp_classify_opt_t *copt = &res->aln.copt;
    hp_acc_t *acc = &res->aln.acc;
    hp_sites_t *sites = &res->aln.sites;
    hp_count_result_t *rep = &res->aln.rep;
    int64_t host_len = ctg->autosome_len;
    if (copt->region_tid >= 0) {
        int64_t tl = sam_hdr_tid2len(bam->hdr, copt->region_tid);
        int64_t e = copt->region_end < tl ? copt->region_end : tl;
        host_len = ctg->cls[copt->region_tid] == HP_CTG_AUTOSOME ? e - copt->region_beg : 0;
    }

    int ins_med, ins_p99;
    hp_insert_stats(acc->ins_hist, HP_INS_MAX + 1, &ins_med, &ins_p99);
    hp_cluster_opt_t co;
    hp_cluster_opt_init(&co, ins_med, ins_p99);
    if (hp_sites_build(sites, acc->ev, acc->n_ev, &co) < 0) {
        hp_error("%s: out of memory", in);
        return HP_COUNT_ERR;
    }
    if (copt->region_tid >= 0) /* evidence came from the padding too; keep the sites inside */
        hp_sites_keep_range(sites, copt->region_tid, copt->region_beg, copt->region_end);
    int have_index = 0;
    if (strcmp(in, "-") != 0 && hp_bam_load_index(bam) == 0) {
        if (hp_bam_wild_type(bam, ctg, sites, co.max_frag, WILD_HOST, WILD_PAST) < 0) {
            hp_error("%s: %s", in, bam->err);
            return HP_COUNT_ERR;
        }
        have_index = 1;
    } else if (sites->n > 0) {
        hp_info("%s: no index: W of the junction estimate from the genome-mean fragment depth", in);
    }
    res->aln.have_index = have_index;

    rep->hdr = bam->hdr, rep->ctg = ctg, rep->acc = acc, rep->host_len = host_len;
    rep->ins_median = ins_med, rep->ins_p99 = ins_p99, rep->sites = sites;
    hp_pvl_depth(acc, ctg, host_len, pvl_region, &rep->depth);
    hp_pvl_profile(&res->aln.dprof, &rep->profile);
    /* host copies per cell: 2, chrY 1, chrX 1 or 2 from its depth (male or female) */
    int *ploidy = malloc((size_t)(ctg->n_targets > 0 ? ctg->n_targets : 1) * sizeof *ploidy);
    if (!ploidy) {
        hp_error("out of memory");
        return HP_COUNT_ERR;
    }
    res->aln.ploidy = ploidy;
    for (int i = 0; i < ctg->n_targets; i++) ploidy[i] = 2;
    if (ctg->tid_y >= 0) ploidy[ctg->tid_y] = 1;
    if (ctg->tid_x >= 0)
        ploidy[ctg->tid_x] = hp_ploidy_x(acc, sam_hdr_tid2len(bam->hdr, ctg->tid_x),
                                         rep->depth.host_depth);
    rep->ploidy_x = ctg->tid_x >= 0 ? ploidy[ctg->tid_x] : 0;
    hp_pvl_junction(sites, hp_crossing_depth(acc, host_len, 6 + WILD_HOST + WILD_PAST),
                    have_index, ploidy, &rep->junction);
    hp_pvl_headline(rep->profile.copies_per_100, rep->profile.ci_lo, rep->profile.ci_hi,
                    rep->profile.available, rep->junction.copies_per_100, rep->junction.ci_lo,
                    rep->junction.ci_hi, rep->junction.available, &rep->headline);
    if (hp_clonality(sites, 1, &rep->clon) < 0) {
        hp_error("%s: out of memory", in);
        return HP_COUNT_ERR;
    }
    res->n_reads = acc->reads_total;
    res->n_fragments = acc->frag_total;
    res->n_viral_fragments = acc->frag_viral;
    res->pvl = rep->headline.copies_per_100;
    res->pvl_ci95[0] = rep->headline.ci_lo, res->pvl_ci95[1] = rep->headline.ci_hi;
    res->pvl_estimator = rep->headline.estimator;
    res->n_sites = sites->n;
    bam_attrition(res);
    return 0;
}

int hp_count_bam(const hp_count_opt_t *o, hp_count_t *res)
{
    hp_count_init(res, HP_INPUT_ALIGNED);
    const char *in = o->in, *ref = o->ref, *region = o->partial ? NULL : o->region;
    char **virus = o->virus;
    int n_virus = o->n_virus, n_threads = o->n_threads, quiet = o->quiet;
    int min_mapq = o->min_mapq, full_scan = o->full_scan;
    int partial = o->partial, n_regs = o->n_regs, shard_k = o->shard_k, shard_n = o->shard_n;
    char **regs = o->regs;
    hp_own_region_t *own = NULL;
    /* htslib's own messages would add lines to ours; every failure is reported below */
    hts_set_log_level(HTS_LOG_OFF);

    /* -t N threads in all. Decoding records (one reader) is the bottleneck; decompression
     * takes about half a thread per reader and classification a tenth of the decode: with 2
     * threads, one decompresses and one reads and classifies; with more, one classifies while
     * the reader reads the next batch and the rest decompress. On a machine of 2 CPUs a
     * decompression thread only competes with the reader (measured: -t 2 with it ran 1.5-2x
     * slower than without), so there -t 2 reads with one thread. */
    long n_cpu = sysconf(_SC_NPROCESSORS_ONLN);
    int n_pool = n_threads == 1 ? 0 : n_threads == 2 ? (n_cpu > 2 ? 1 : 0) : n_threads - 2;
    int n_omp = n_threads <= 2 ? 1 : 2;
    int ret = HP_COUNT_ERR, r;
    hp_bam_t bam;
    hp_contigs_t ctg;
    hp_acc_t acc;
    hp_dprof_t dprof;
    char *sample = NULL;
    memset(&ctg, 0, sizeof ctg);
    memset(&dprof, 0, sizeof dprof);
    hp_acc_init(&acc);

    if ((r = hp_bam_open(&bam, in, ref, n_pool)) < 0) {
        if (r == -2) { /* FASTQ content under another name: the caller decides */
            ret = HP_COUNT_FASTQ;
            goto out;
        }
        hp_error("%s: %s", in, bam.err);
        goto out;
    }
    if (hp_contigs_init(&ctg, bam.hdr, virus, n_virus, ref) < 0) {
        hp_error("%s: %s", in, ctg.err);
        goto out;
    }
    sample = o->sample ? strdup(o->sample) : hp_bam_sample_name(bam.hdr, in);
    if (!sample) {
        hp_error("out of memory");
        goto out;
    }
    if (o->on_sample && o->on_sample(o->on_sample_arg, sample) != 0) goto out;

    hp_scan_opt_t so;
    hp_scan_opt_init(&so);
    so.n_threads = n_omp, so.quiet = quiet, so.region = region;
    so.copt.min_mapq_host = min_mapq;
    /* junctions placed by a gapped alignment against the host reference (the one opened by
     * hp_contigs_init; fetches from it are serialised in junction.c) */
    so.copt.fai = ctg.fai;
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
        res->aln.indexed = 1, res->aln.idx_info = ii;
    } else if (hp_bam_scan(&bam, &ctg, &so, &acc) < 0) {
        hp_error("%s: %s", in, bam.err);
        goto out;
    }
    res->aln.n_own = so.n_own, res->aln.copt = so.copt;
    if (partial) {
        res->partial = 1;
        ret = 0;
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
    ret = 0;
out:
    /* everything read so far goes into the result (hp_count_destroy frees it) */
    res->aln.bam = bam, res->aln.ctg = ctg, res->aln.acc = acc, res->aln.dprof = dprof;
    res->aln.own = own, res->sample = sample;
    if (ret != 0) return ret;
    if (partial) {
        res->n_reads = acc.reads_total, res->n_fragments = acc.frag_total;
        res->n_viral_fragments = acc.frag_viral;
        bam_attrition(res);
        return 0;
    }
    hp_count_result_t *rep = &res->aln.rep;
    rep->sample = sample, rep->input = in, rep->region = region, rep->ref_fasta = ref;
    rep->secondary_split = bam.n_secondary_sa;
    return hp_count_bam_estimate(res, in, o->pvl_region);
}
