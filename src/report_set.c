/* report_set.c -- the writer table of count (and merge): one suffix, one writer. */
#include "htlvpvl/log.h"
#include "htlvpvl/outfile.h"
#include "htlvpvl/report.h"
#include <errno.h>
#include <htslib/kstring.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *suffix;
    int (*write)(FILE *, const hp_count_result_t *);
} writers[] = {
    {".summary.json", hp_report_summary_json}, {".summary.tsv", hp_report_summary_tsv},
    {".sites.tsv", hp_report_sites_tsv},       {".sites.bed", hp_report_sites_bed},
    {"_mqc.tsv", hp_report_mqc},
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

int hp_report_write_all(const char *prefix, const hp_count_result_t *res)
{
    hp_outset_t set = {NULL, 0, 0};
    size_t n = strlen(prefix) + 32;
    char *path = malloc(n);
    if (!path) return -1;
    for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++) {
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
    if (add_vcf(&set, prefix, res) != 0) goto fail;
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
