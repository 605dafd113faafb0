/* report_tsv.c -- PREFIX.summary.tsv and PREFIX.sites.tsv. */
#include "htlvpvl/ltr_match.h"
#include "htlvpvl/qc.h"
#include "htlvpvl/report.h"
#include "htlvpvl/tsv.h"
#include <math.h>
#include <stdio.h>

const char *hp_ends_str(int ends)
{
    ends &= HP_ENDS_U5 | HP_ENDS_U3;
    return ends == (HP_ENDS_U5 | HP_ENDS_U3) ? "U5,U3" : ends == HP_ENDS_U5 ? "U5" : "U3";
}

static void num(FILE *fp, double x, const char *sep)
{
    hp_tsv_num(fp, "%.6g", x);
    fputs(sep, fp);
}

int hp_report_summary_tsv(FILE *fp, const hp_count_result_t *r)
{
    const hp_acc_t *a = r->acc;
    const hp_pvl_depth_t *d = &r->depth;
    const hp_pvl_profile_t *p = &r->profile;
    const hp_pvl_headline_t *h = &r->headline;
    const hp_pvl_junction_t *j = &r->junction;
    fprintf(fp, "sample\tpvl.depth.copies_per_100_cells\tpvl.depth.ci95_low\t"
                "pvl.depth.ci95_high\tpvl.depth.viral_fragments\t"
                "pvl.junction.copies_per_100_cells\tpvl.junction.ci95_low\t"
                "pvl.junction.ci95_high\tpvl.junction.junction_fragments\t"
                "pvl.junction.wild_type_fragments\tsites.count\tclonality.oci\t"
                "clonality.shannon\tclonality.simpson\tclonality.largest_clone_fraction\t"
                "clonality.chao1\treads.total\treads.duplicates\tfragments.total\t"
                "fragments.duplicates\tfragments.viral\tfragments.host_autosomal\t"
                "depth.host_autosomal\tdepth.viral.LTR\tdepth.viral.gag\tdepth.viral.pol\t"
                "depth.viral.env\tdepth.viral.pX\tdepth.defective_suspected\t"
                "pvl.headline.copies_per_100_cells\tpvl.headline.ci95_low\t"
                "pvl.headline.ci95_high\t"
                "pvl.headline.estimator\tpvl.headline.flag\tpvl.depth.model\t"
                "pvl.depth.intact_fraction\tpvl.depth.dispersion\t"
                "pvl.depth_px_diagnostic.copies_per_100_cells\tqc\n");
    fprintf(fp, "%s\t", r->sample);
    num(fp, p->copies_per_100, "\t");
    num(fp, p->ci_lo, "\t");
    num(fp, p->ci_hi, "\t");
    num(fp, p->viral_fragments, "\t");
    num(fp, j->copies_per_100, "\t");
    num(fp, j->ci_lo, "\t");
    num(fp, j->ci_hi, "\t");
    fprintf(fp, "%lld\t%lld\t%d\t", (long long)j->junction_fragments, (long long)j->wild_fragments,
            r->sites->n);
    num(fp, r->clon.oci, "\t");
    num(fp, r->clon.shannon, "\t");
    num(fp, r->clon.simpson, "\t");
    num(fp, r->clon.largest_clone_fraction, "\t");
    num(fp, r->clon.chao1, "\t");
    fprintf(fp, "%lld\t%lld\t%lld\t%lld\t%lld\t%lld\t", (long long)a->reads_total,
            (long long)a->reads_dup, (long long)a->frag_total, (long long)a->frag_dup,
            (long long)a->frag_viral, (long long)a->frag_host_autosomal);
    num(fp, d->host_depth, "\t");
    for (int g = 0; g < HP_N_REGION; g++)
        num(fp, d->region_depth[g], "\t");
    fprintf(fp, "%s\t", d->defective ? "true" : "false");
    num(fp, h->copies_per_100, "\t");
    num(fp, h->ci_lo, "\t");
    num(fp, h->ci_hi, "\t");
    fprintf(fp, "%s\t%s\t%s\t", h->estimator ? h->estimator : "NA", h->flag ? h->flag : "NA",
            p->available ? p->model : "NA");
    num(fp, p->intact_fraction, "\t");
    num(fp, p->dispersion, "\t");
    num(fp, d->copies_per_100, "");
    hp_qc_t qc;
    char qs[160];
    hp_qc_flags_str(hp_qc_count(r, &qc), qs, sizeof qs);
    fprintf(fp, "\t%s\n", qs);
    return ferror(fp) ? -1 : 0;
}

int hp_report_sites_tsv(FILE *fp, const hp_count_result_t *r)
{
    fprintf(fp, "chrom\tpos\tstrand\tltr_ends\tfragments\tsplit_reads\tclipped_reads\t"
                "discordant_pairs\tcell_fraction\texact\tfragments_u5\tfragments_u3\t"
                "wild_type_fragments\tfragments_del\tpos_low\tpos_high\n");
    for (int i = 0; i < r->sites->n; i++) {
        const hp_site_t *s = &r->sites->site[i];
        fprintf(fp, "%s\t%lld\t%c\t%s\t%d\t%d\t%d\t%d\t", sam_hdr_tid2name(r->hdr, s->tid),
                (long long)s->pos,
                s->strand == HP_STRAND_PLUS ? '+' : '-', hp_ends_str(s->ends), s->n_frag,
                s->n_split, s->n_clip, s->n_disc);
        num(fp, s->cell_fraction, "\t");
        fprintf(fp, "%d\t%d\t%d\t", s->exact, s->n_u5, s->n_u3);
        if (s->n_wild >= 0)
            fprintf(fp, "%lld\t", (long long)s->n_wild);
        else
            fprintf(fp, "NA\t");
        fprintf(fp, "%d\t%lld\t%lld\n", s->n_del, (long long)s->pos_lo, (long long)s->pos_hi);
    }
    return ferror(fp) ? -1 : 0;
}
