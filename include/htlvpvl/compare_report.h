/* compare_report.h -- writers of `htlvpvl compare` results (hp_cmp_t after hp_cmp_compute).
 * Each writes one format to fp and returns 0, or -1 when a write failed (ferror). They only
 * read c and are deterministic: the same c gives the same bytes. Columns and keys are
 * described in docs/formats.md, section compare. Sources: src/compare_report.c (TSV, JSON,
 * MultiQC), src/compare_svg.c (plots), src/compare_html.c (the page). */
#ifndef HTLVPVL_COMPARE_REPORT_H
#define HTLVPVL_COMPARE_REPORT_H
#include "htlvpvl/compare.h"
#include <stdio.h>
#ifdef __cplusplus
extern "C" {
#endif

/* PREFIX.pvl.tsv: one row per sample, by subject then time point. */
int hp_cmp_write_pvl_tsv(FILE *fp, const hp_cmp_t *c) __attribute__((warn_unused_result));
/* PREFIX.clones.tsv: one row per clone and time point (the site x time point matrix, long). */
int hp_cmp_write_clones_tsv(FILE *fp, const hp_cmp_t *c) __attribute__((warn_unused_result));
/* PREFIX.json: everything above, nested by subject. */
int hp_cmp_write_json(FILE *fp, const hp_cmp_t *c) __attribute__((warn_unused_result));
/* PREFIX_mqc.json: MultiQC custom content, line graph of PVL over time per subject.
 * PREFIX.table_mqc.json: MultiQC custom content table, one row per sample. Both sit under one
 * parent section "htlvpvl_compare". */
int hp_cmp_write_mqc_linegraph(FILE *fp, const hp_cmp_t *c) __attribute__((warn_unused_result));
int hp_cmp_write_mqc_table(FILE *fp, const hp_cmp_t *c) __attribute__((warn_unused_result));
/* PREFIX.pvl.svg: PVL per subject over time with CI bars and infusion markers (log10 axis
 * when c->opt.log_axis). Standalone SVG 1.1: no scripts, no external fonts. */
int hp_cmp_write_pvl_svg(FILE *fp, const hp_cmp_t *c) __attribute__((warn_unused_result));
/* PREFIX.clones.svg: per subject, stacked bars of clone sizes (copies per 100 cells) at each
 * time point; the c->opt.top largest clones coloured, the rest of the PVL grey. */
int hp_cmp_write_clones_svg(FILE *fp, const hp_cmp_t *c) __attribute__((warn_unused_result));
/* PREFIX.cohort.svg: one small panel per subject (shared time and PVL axes), PVL with CI bars
 * and dose markers: readable for a cohort where one panel of all subjects is not. */
int hp_cmp_write_cohort_svg(FILE *fp, const hp_cmp_t *c) __attribute__((warn_unused_result));
/* PREFIX.waterfall.svg: % change from baseline at the chosen visit (c->opt.visit, else each
 * subject's last time point), one bar per subject sorted, with its 95 % CI, the noise band
 * shaded, each subject's smallest detectable fall marked, and the share beyond noise. */
int hp_cmp_write_waterfall_svg(FILE *fp, const hp_cmp_t *c) __attribute__((warn_unused_result));
/* The sample of subject u whose change the waterfall shows (-1: none at the visit). */
int hp_cmp_visit_sample(const hp_cmp_t *c, const hp_cmp_subject_t *u);
/* PREFIX.html: one self-contained page (inline CSS and SVG) with both plots and the tables. */
int hp_cmp_write_html(FILE *fp, const hp_cmp_t *c) __attribute__((warn_unused_result));

/* Write s with & < > " ' escaped for XML/HTML text and attribute values (s NULL: nothing). */
void hp_xml_escape(FILE *fp, const char *s);

#ifdef __cplusplus
}
#endif
#endif
