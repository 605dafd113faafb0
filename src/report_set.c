/* report_set.c -- the writer tables of count (and merge): one suffix, one writer, one table
 * per input. A new output format is one writer and one row here. */
#include "htlvpvl/count.h"
#include "htlvpvl/log.h"
#include "htlvpvl/outfile.h"
#include "htlvpvl/report.h"
#include <errno.h>
#include <htslib/kstring.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *suffix;
    int (*write)(FILE *, const hp_count_t *);
} writer_t;

static int summary_json(FILE *fp, const hp_count_t *r)
{
    hp_count_result_t rep = r->aln.rep; /* with the result's attrition table */
    rep.attrition = r->attrition, rep.n_attrition = r->n_attrition;
    return hp_report_summary_json(fp, &rep);
}
static int summary_tsv(FILE *fp, const hp_count_t *r)
{
    return hp_report_summary_tsv(fp, &r->aln.rep);
}
static int sites_tsv(FILE *fp, const hp_count_t *r)
{
    return hp_report_sites_tsv(fp, &r->aln.rep);
}
static int sites_bed(FILE *fp, const hp_count_t *r)
{
    return hp_report_sites_bed(fp, &r->aln.rep);
}
static int mqc(FILE *fp, const hp_count_t *r)
{
    return hp_report_mqc(fp, &r->aln.rep);
}
/* both inputs */
static int attrition_tsv(FILE *fp, const hp_count_t *r)
{
    return hp_attrition_write_tsv(fp, r->attrition, r->n_attrition);
}

static const writer_t aligned_writers[] = {
    {".summary.json", summary_json}, {".summary.tsv", summary_tsv}, {".sites.tsv", sites_tsv},
    {".sites.bed", sites_bed},       {"_mqc.tsv", mqc},
    {".attrition.tsv", attrition_tsv},
};

static int fq_summary_json(FILE *fp, const hp_count_t *r)
{
    hp_fastq_report_t rep = r->fq.rep; /* with the result's attrition table */
    rep.attrition = r->attrition, rep.n_attrition = r->n_attrition;
    return hp_fastq_write_summary(fp, &rep);
}
static int fq_sites_tsv(FILE *fp, const hp_count_t *r)
{
    return hp_fastq_write_sites(fp, &r->fq.sites);
}
static int fq_flanks_fa(FILE *fp, const hp_count_t *r)
{
    return hp_fastq_write_flanks(fp, &r->fq.sites);
}
static int fq_summary_tsv(FILE *fp, const hp_count_t *r)
{
    return hp_fastq_write_summary_tsv(fp, &r->fq.rep);
}
static int fq_mqc(FILE *fp, const hp_count_t *r)
{
    return hp_fastq_write_mqc(fp, &r->fq.rep);
}

static const writer_t fastq_writers[] = {
    {".summary.json", fq_summary_json}, {".sites.tsv", fq_sites_tsv},
    {".flanks.fa", fq_flanks_fa},       {".summary.tsv", fq_summary_tsv},
    {"_mqc.tsv", fq_mqc},
    {".attrition.tsv", attrition_tsv},
};

/* PREFIX.sites.vcf.gz and its index join SET: htslib writes them by name, to their temporary
 * names. Returns 0, or -1 after logging. */
static int add_vcf(hp_outset_t *set, const char *prefix, const hp_count_result_t *res)
{
    kstring_t vcf = {0, 0, NULL}, idx = {0, 0, NULL};
    ksprintf(&vcf, "%s.sites.vcf.gz", prefix);
    ksprintf(&idx, "%s.sites.vcf.gz%s", prefix, hp_report_vcf_index_suffix(res));
    hp_outfile_t *v = vcf.s ? hp_outset_add(set, vcf.s) : NULL;
    hp_outfile_t *x = v && idx.s ? hp_outset_add(set, idx.s) : NULL;
    int ret = -1;
    const char *what = v && idx.s ? idx.s : vcf.s ? vcf.s : prefix;
    if (!x)
        hp_error("%s: %s", what, hp_outfile_strerror(errno));
    else if (hp_report_sites_vcf(hp_outfile_tmp_path(v), hp_outfile_tmp_path(x), res) != 0)
        hp_error("%s: write failed", vcf.s);
    else
        ret = 0;
    free(vcf.s), free(idx.s);
    return ret;
}

/* The outputs of WRITERS (and, for aligned input, the VCF and its index) under PREFIX, all
 * or none. */
static int write_set(const char *prefix, const writer_t *writers, size_t n_writers,
                     const hp_count_t *res)
{
    hp_outset_t set = {NULL, 0, 0};
    size_t n = strlen(prefix) + 32;
    char *path = malloc(n);
    if (!path) return -1;
    for (size_t i = 0; i < n_writers; i++) {
        snprintf(path, n, "%s%s", prefix, writers[i].suffix);
        FILE *fp = hp_outset_open(&set, path);
        if (!fp) {
            hp_error("%s: %s", path, hp_outfile_strerror(errno));
            goto fail;
        }
        if (writers[i].write(fp, res) != 0) {
            hp_error("%s: write failed: %s", path, strerror(errno));
            goto fail;
        }
    }
    if (res->input != HP_INPUT_FASTQ && add_vcf(&set, prefix, &res->aln.rep) != 0) goto fail;
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

int hp_count_write(const char *prefix, const hp_count_t *res)
{
    if (res->input == HP_INPUT_FASTQ)
        return write_set(prefix, fastq_writers, sizeof fastq_writers / sizeof fastq_writers[0],
                         res);
    return write_set(prefix, aligned_writers, sizeof aligned_writers / sizeof aligned_writers[0],
                     res);
}

int hp_report_write_all(const char *prefix, const hp_count_result_t *rep)
{
    hp_count_t *res = calloc(1, sizeof *res);
    if (!res) {
        hp_error("out of memory");
        return -1;
    }
    res->input = HP_INPUT_ALIGNED, res->aln.rep = *rep;
    res->n_attrition = rep->n_attrition < HP_ATTRITION_MAX ? rep->n_attrition : HP_ATTRITION_MAX;
    for (int i = 0; i < res->n_attrition; i++)
        res->attrition[i] = rep->attrition[i];
    int ret = hp_count_write(prefix, res);
    free(res); /* holds nothing of its own */
    return ret;
}
