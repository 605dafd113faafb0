/* count_fastq.c -- the FASTQ pipeline of count (count.h): viral screen, PVL from reads,
 * junction flanks clustered into sites. */
#include "htlvpvl/count.h"
#include "htlvpvl/fastq.h"
#include "htlvpvl/fastq_flank.h"
#include "htlvpvl/fastq_screen.h"
#include "htlvpvl/kmer.h"
#include "htlvpvl/log.h"
#include "htlvpvl/ref.h"
#include <htslib/hts.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* What each step of the FASTQ pipeline kept. */
static void fastq_attrition(hp_count_t *res)
{
    const hp_screen_t *a = &res->fq.screen;
    const hp_fastq_pvl_t *p = &res->fq.pvl;
    int64_t passed = a->n_fragments - a->n_low_qual, in_sites = 0;
    for (int i = 0; i < res->fq.sites.n; i++) in_sites += res->fq.sites.site[i].reads;
    hp_count_add_step(res, "read", "fragments", a->n_fragments, passed,
                      "mean base quality below --min-qual");
    hp_count_add_step(res, "screen", "fragments", passed, a->n_viral,
                      "host: no read with viral bases on one provirus diagonal");
    hp_count_add_step(res, "PVL window", "fragments", (int64_t)a->n_win, p->viral_fragments,
                      "duplicates, or no read bases in the PVL window");
    hp_count_add_step(res, "cluster junctions", "fragments", a->n_junction, in_sites,
                      "junction fragments in no site");
}

int hp_count_fastq(const hp_count_opt_t *o, hp_count_t *res)
{
    hp_count_init(res, HP_INPUT_FASTQ);
    const char *sample = o->sample, *virus_fa = o->virus_fa, *window = o->window;
    const char *fn1 = o->fq[0], *fn2 = o->fq[1];
    int n_threads = o->n_threads, min_qual = o->min_qual, keep_dups = o->keep_dups;
    int interleaved = o->interleaved, min_site = o->min_site;
    double genome_size = o->genome_size;
    hts_set_log_level(HTS_LOG_OFF); /* htslib's own messages would repeat ours */
    char sample_buf[256];
    if (!sample) {
        default_sample(fn1, sample_buf, sizeof sample_buf);
        sample = sample_buf;
    }
    if (!(res->sample = strdup(sample))) {
        hp_error("out of memory");
        return HP_COUNT_ERR;
    }
    sample = res->sample;

    int ret = HP_COUNT_ERR, builtin = !virus_fa;
    char err[600];
    hp_virus_t virus;
    hp_kmer_index_t *idx = NULL;
    hp_flank_finder_t *ff = NULL;
    hp_fq_reader_t *rd = NULL;
    hp_screen_t acc;
    hp_flank_sites_t sites = {NULL, 0};
    hp_screen_init(&acc);
    memset(&virus, 0, sizeof virus);

    if (virus_fa ? hp_virus_load_fasta(&virus, virus_fa, err, sizeof err)
                 : hp_virus_init_builtin(&virus)) {
        hp_error("%s: %s", virus_fa ? virus_fa : "built-in HTLV-1", virus_fa ? err : "no memory");
        goto done;
    }
    int win_beg = virus.reg_beg[HP_REG_PX], win_end = virus.reg_end[HP_REG_PX];
    if (strcmp(window, "internal") == 0) {
        win_beg = virus.ltr_len + 1, win_end = virus.ltr3_start - 1;
    } else if (strcmp(window, "pX") != 0 && strcmp(window, "provirus") != 0) {
        const hp_feature_t *ft = hp_ref_feature(window);
        if (!builtin || !ft) {
            hp_error("--pvl-region %s needs the built-in virus (with --virus: pX or internal)",
                     window);
            ret = HP_COUNT_USAGE;
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
    if (o->on_sample && o->on_sample(o->on_sample_arg, sample) != 0) goto done;
    rd = hp_fq_reader_open(fn1, fn2, interleaved, n_threads, err, sizeof err);
    if (!rd) {
        hp_error("%s", err);
        goto done;
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
                             &res->fq.virus,
                             builtin,
                             &res->fq.opt,
                             &res->fq.screen,
                             &res->fq.pvl,
                             &res->fq.sites,
                             window,
                             min_site,
                             NULL,
                             0};
    int close_failed = hp_fq_reader_close(rd) < 0;
    rd = NULL;
    if (close_failed) {
        hp_error("%s: read error on close", strcmp(fn1, "-") ? fn1 : "stdin");
        goto done;
    }
    /* the virus moves into the result: the options point to it, not to the index and the
     * flank finder (freed here) */
    opt.virus = &res->fq.virus, opt.idx = NULL, opt.ff = NULL;
    res->fq.opt = opt, res->fq.pvl = pvl, res->fq.rep = rep;
    res->n_reads = acc.n_reads, res->n_fragments = acc.n_fragments;
    res->n_viral_fragments = acc.n_viral;
    res->pvl = pvl.copies_per_100_cells;
    res->pvl_ci95[0] = pvl.ci95[0], res->pvl_ci95[1] = pvl.ci95[1];
    res->pvl_estimator = "reads"; /* the only estimate without alignments */
    res->n_sites = sites.n;
    ret = 0;
done:
    (void)hp_fq_reader_close(rd); /* already failing, or closed above */
    hp_flank_finder_destroy(ff);
    hp_kmer_index_destroy(idx);
    res->fq.virus = virus, res->fq.screen = acc, res->fq.sites = sites;
    if (ret == 0) fastq_attrition(res);
    return ret;
}
