/* report_set.c -- the writer table of count (and merge): one suffix, one writer. */
#include "htlvpvl/log.h"
#include "htlvpvl/outfile.h"
#include "htlvpvl/report.h"
#include <errno.h>
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
    /* the VCF and its index are written by name (htslib): to their temporary names */
    snprintf(path, n, "%s.sites.vcf.gz", prefix);
    hp_outfile_t *vcf = hp_outset_add(&set, path), *idx = NULL;
    if (vcf) {
        snprintf(path, n, "%s.sites.vcf.gz%s", prefix, hp_report_vcf_index_suffix(res));
        idx = hp_outset_add(&set, path);
    }
    if (!idx) {
        hp_error("%s: %s", path, hp_outfile_strerror(errno));
        goto fail;
    }
    if (hp_report_sites_vcf(hp_outfile_tmp_path(vcf), hp_outfile_tmp_path(idx), res) != 0) {
        hp_error("%s.sites.vcf.gz: write failed", prefix);
        goto fail;
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
