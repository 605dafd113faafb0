/* report_mqc.c -- PREFIX_mqc.tsv: MultiQC custom content for the general statistics table. */
#include "htlvpvl/qc.h"
#include "htlvpvl/report.h"
#include "htlvpvl/tsv.h"
#include <math.h>

static void num(FILE *fp, double x) { hp_tsv_num(fp, "\t%.4g", x); }

int hp_report_mqc(FILE *fp, const hp_count_result_t *r)
{
    fprintf(fp,
            "# id: 'htlvpvl'\n"
            "# section_name: 'HTLV-1 proviral load'\n"
            "# description: 'htlvpvl count: proviral load (copies per 100 cells) and "
            "clonality'\n"
            "# plot_type: 'generalstats'\n"
            "# pconfig:\n"
            "#     pvl_depth:\n"
            "#         title: 'PVL (depth)'\n"
            "#         description: 'HTLV-1 copies per 100 cells from the depth profile of the "
            "whole provirus against host depth (defective proviruses modelled)'\n"
            "#         format: '{:,.2f}'\n"
            "#     pvl_junction:\n"
            "#         title: 'PVL (junctions)'\n"
            "#         description: 'sum over sites of 2J/(J+W), copies per 100 cells'\n"
            "#         format: '{:,.2f}'\n"
            "#     sites:\n"
            "#         title: 'Sites'\n"
            "#         description: 'integration sites found'\n"
            "#         format: '{:,.0f}'\n"
            "#     oci:\n"
            "#         title: 'OCI'\n"
            "#         description: 'oligoclonality index (Gini of clone sizes)'\n"
            "#         format: '{:,.3f}'\n"
            "#     pvl:\n"
            "#         title: 'PVL'\n"
            "#         description: 'headline HTLV-1 copies per 100 cells (depth and junction "
            "combined where they agree, else depth)'\n"
            "#         format: '{:,.2f}'\n"
            "#     pvl_ci_low:\n"
            "#         title: 'PVL low'\n"
            "#         description: 'headline PVL, lower limit of the 95 %% CI'\n"
            "#         format: '{:,.2f}'\n"
            "#     pvl_ci_high:\n"
            "#         title: 'PVL high'\n"
            "#         description: 'headline PVL, upper limit of the 95 %% CI'\n"
            "#         format: '{:,.2f}'\n"
            "#     qc:\n"
            "#         title: 'PVL QC'\n"
            "#         description: 'htlvpvl plausibility and QC flags (ok when none)'\n"
            "#         cond_formatting_rules:\n"
            "#             pass: [{s_eq: 'ok'}]\n"
            "#             fail: [{s_ne: 'ok'}]\n"
            "Sample\tpvl_depth\tpvl_junction\tsites\toci\tpvl\tpvl_ci_low\tpvl_ci_high"
            "\tqc\n");
    fprintf(fp, "%s", r->sample);
    num(fp, r->profile.copies_per_100);
    num(fp, r->junction.copies_per_100);
    fprintf(fp, "\t%d", r->sites->n);
    num(fp, r->clon.oci);
    num(fp, r->headline.copies_per_100);
    num(fp, r->headline.ci_lo);
    num(fp, r->headline.ci_hi);
    hp_qc_t qc;
    char qs[160];
    hp_qc_flags_str(hp_qc_count(r, &qc), qs, sizeof qs);
    fprintf(fp, "\t%s\n", qs);
    return ferror(fp) ? -1 : 0;
}
