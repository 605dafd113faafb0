/* report_bed.c -- PREFIX.sites.bed: BED6+ (0-based half-open), one line per site. */
#include "htlvpvl/ltr_match.h"
#include "htlvpvl/report.h"
#include "htlvpvl/tsv.h"
#include <math.h>

int hp_report_sites_bed(FILE *fp, const hp_count_result_t *r)
{
    for (int i = 0; i < r->sites->n; i++) {
        const hp_site_t *s = &r->sites->site[i];
        const char *chrom = sam_hdr_tid2name(r->hdr, s->tid);
        char strand = s->strand == HP_STRAND_PLUS ? '+' : '-';
        long long pos = s->pos;
        fprintf(fp, "%s\t%lld\t%lld\t%s:%lld:%c\t%d\t%c\t%d\t", chrom, pos - 1, pos, chrom, pos,
                strand, s->n_frag < 1000 ? s->n_frag : 1000, strand, s->n_frag);
        hp_tsv_num(fp, "%.6g", s->cell_fraction);
        fprintf(fp, "\t%s\t%s\n", s->exact ? "exact" : "estimated", hp_ends_str(s->ends));
    }
    return ferror(fp) ? -1 : 0;
}
