/* report_set.c -- the writer tables of count (and merge): one suffix, one writer, one table
 * per input (and one for count --assay lmpcr). A new output format is one writer and one row
 * here. */
#include "htlvpvl/count.h"
#include "htlvpvl/count_lmpcr.h"
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

/* PREFIX + SUFFIX opened in SET, its name left in PATH. NULL after logging. */
static FILE *open_output(hp_outset_t *set, kstring_t *path, const char *prefix,
                         const char *suffix)
{
    path->l = 0;
    if (ksprintf(path, "%s%s", prefix, suffix) < 0) {
        hp_error("out of memory");
        return NULL;
    }
    FILE *fp = hp_outset_open(set, path->s);
    if (!fp) hp_error("%s: %s", path->s, hp_outfile_strerror(errno));
    return fp;
}

/* A writer's return E for the output PATH: 0, or -1 after logging. */
static int written(int e, const kstring_t *path)
{
    if (e == 0) return 0;
    hp_error("%s: write failed: %s", path->s, strerror(errno));
    return -1;
}

/* Rename every output of SET into place, all or none. 0, or -1 after logging. */
static int commit_outputs(hp_outset_t *set, const char *prefix)
{
    if (hp_outset_commit_all(set) == 0) return 0;
    hp_error("%s: cannot write outputs: %s", prefix, strerror(errno));
    return -1;
}

/* The outputs of WRITERS (and, for aligned input, the VCF and its index) under PREFIX, all
 * or none. */
static int write_set(const char *prefix, const writer_t *writers, size_t n_writers,
                     const hp_count_t *res)
{
    hp_outset_t set = {NULL, 0, 0};
    kstring_t path = {0, 0, NULL};
    for (size_t i = 0; i < n_writers; i++) {
        FILE *fp = open_output(&set, &path, prefix, writers[i].suffix);
        if (!fp || written(writers[i].write(fp, res), &path) != 0) goto fail;
    }
    if (res->input != HP_INPUT_FASTQ && add_vcf(&set, prefix, &res->aln.rep) != 0) goto fail;
    free(path.s);
    return commit_outputs(&set, prefix);
fail:
    hp_outset_abort_all(&set);
    free(path.s);
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

/* count --assay lmpcr: its own result type, so its own table; the same all-or-none set. */
typedef struct {
    const hp_lmc_result_t *res;
    const sam_hdr_t *hdr;
    const char *sample, *input;
} lmc_out_t;

static int lmc_sites(FILE *fp, const lmc_out_t *o)
{
    return hp_lmc_write_sites(fp, o->res, o->hdr);
}
static int lmc_summary(FILE *fp, const lmc_out_t *o)
{
    return hp_lmc_write_summary(fp, o->res, o->hdr, o->sample, o->input);
}
static int lmc_attrition(FILE *fp, const lmc_out_t *o)
{
    return hp_lmc_write_attrition(fp, o->res);
}

static const struct {
    const char *suffix;
    int (*write)(FILE *, const lmc_out_t *);
} lmpcr_writers[] = {
    {".sites.tsv", lmc_sites}, {".summary.json", lmc_summary}, {".attrition.tsv", lmc_attrition},
};

int hp_lmc_write(const char *prefix, const hp_lmc_result_t *res, const sam_hdr_t *hdr,
                 const char *sample, const char *input)
{
    lmc_out_t o = {res, hdr, sample, input};
    hp_outset_t set = {NULL, 0, 0};
    kstring_t path = {0, 0, NULL};
    for (size_t i = 0; i < sizeof lmpcr_writers / sizeof lmpcr_writers[0]; i++) {
        FILE *fp = open_output(&set, &path, prefix, lmpcr_writers[i].suffix);
        if (!fp || written(lmpcr_writers[i].write(fp, &o), &path) != 0) {
            hp_outset_abort_all(&set);
            free(path.s);
            return -1;
        }
    }
    free(path.s);
    return commit_outputs(&set, prefix);
}
