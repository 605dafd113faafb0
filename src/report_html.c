/* report_html.c -- one self-contained HTML page of `compare` results for a clinician:
 * a plain-language summary per subject, both plots inline, and the tables. No scripts, no
 * external resources. */
#include "htlvpvl/compare_report.h"
#include "htlvpvl/version.h"
#include <inttypes.h>
#include <math.h>
#include <stdio.h>

enum { F_G, F_3G, F_0F, F_1FS, F_2F };

static void fmt_num(FILE *fp, double x, int f)
{
    if (x == 0) x = 0.0; /* no "-0" */
    switch (f) {
    case F_G:
        fprintf(fp, "%g", x);
        break;
    case F_3G:
        fprintf(fp, "%.3g", x);
        break;
    case F_0F:
        fprintf(fp, "%.0f", x);
        break;
    case F_1FS:
        fprintf(fp, "%+.1f", x);
        break;
    default:
        fprintf(fp, "%.2f", x);
        break;
    }
}

static void cell(FILE *fp, double x, int f)
{
    fputs("<td>", fp);
    if (isfinite(x))
        fmt_num(fp, x, f);
    else
        fputs("&ndash;", fp);
    fputs("</td>", fp);
}

static void ci_cell(FILE *fp, double lo, double hi, int f)
{
    fputs("<td>", fp);
    if (isfinite(lo) || isfinite(hi)) {
        if (isfinite(lo))
            fmt_num(fp, lo, f);
        else
            fputs("&ndash;", fp);
        fputs(" to ", fp);
        if (isfinite(hi))
            fmt_num(fp, hi, f);
        else
            fputs("&infin;", fp);
    } else {
        fputs("&ndash;", fp);
    }
    fputs("</td>", fp);
}

static void subject_summary(FILE *fp, const hp_cmp_t *c, const hp_cmp_subject_t *u)
{
    const hp_cmp_sample_t *b = &c->samples[u->samples[u->baseline]];
    fputs("<div class=\"subject\"><h3>", fp);
    hp_xml_escape(fp, u->name);
    fputs("</h3>\n<p>Baseline <b>", fp);
    hp_xml_escape(fp, b->name);
    fprintf(fp,
            "</b> (time point %g): PVL <b>%.3g</b> copies per 100 cells (95 %% CI %.3g to "
            "%.3g), %d integration sites detected.</p>\n",
            b->timepoint, b->pvl, b->pvl_lo, b->pvl_hi, b->n_clones);
    if (u->n == 1) {
        fputs("<p class=\"note\">Only one time point: no change computed.</p></div>\n", fp);
        return;
    }
    fputs("<ul>\n", fp);
    for (int j = 0; j < u->n; j++) {
        const hp_cmp_sample_t *s = &c->samples[u->samples[j]];
        if (s->is_baseline) continue;
        fputs("<li><b>", fp);
        hp_xml_escape(fp, s->name);
        fprintf(fp, "</b> (time point %g): PVL <b>%.3g</b> (95 %% CI %.3g to %.3g). ", s->timepoint,
                s->pvl, s->pvl_lo, s->pvl_hi);
        if (!isfinite(s->change_pct)) {
            fputs("No change computed: ", fp);
            hp_xml_escape(fp, s->note);
            fputs(".</li>\n", fp);
            continue;
        }
        fprintf(fp, "Change from baseline <b>%+.1f %%</b>", s->change_pct);
        if (isfinite(s->change_lo) && isfinite(s->change_hi))
            fprintf(fp, " (95 %% CI %+.1f %% to %+.1f %%)", s->change_lo, s->change_hi);
        else if (isfinite(s->change_lo))
            fprintf(fp, " (95 %% CI %+.1f %%, no upper limit)", s->change_lo);
        if (s->beyond_noise == 1)
            fprintf(fp,
                    ": <span class=\"%s\">a %s beyond counting noise and the &plusmn;%g %% "
                    "assay band</span>.",
                    s->change_pct < 0 ? "fall" : "rise", s->change_pct < 0 ? "fall" : "rise",
                    c->opt.noise_band_pct);
        else if (s->beyond_counting == 1)
            fprintf(fp,
                    ": <span class=\"ns\">beyond counting noise but within the &plusmn;%g %% "
                    "assay band</span>; not a reliable change from one measurement.",
                    c->opt.noise_band_pct);
        else if (s->beyond_counting == 0)
            fputs(": <span class=\"ns\">within counting noise</span>.", fp);
        else
            fputs(".", fp);
        fprintf(fp,
                " Clones: %d of %d baseline clones still detected, %d lost below detection, "
                "%d new; %d fell and %d rose significantly (%d lower and %d higher, within "
                "counting noise).",
                s->n_shared, b->n_clones, s->n_lost, s->n_new, s->n_fell, s->n_rose, s->n_down,
                s->n_up);
        if (isfinite(s->top_explained_pct))
            fprintf(fp, " The %d largest baseline clones account for %.0f %% of the PVL change.",
                    c->opt.top, s->top_explained_pct);
        if (isfinite(s->morisita_horn))
            fprintf(fp, " Clone overlap with baseline (Morisita-Horn) %.2f.", s->morisita_horn);
        fputs("</li>\n", fp);
    }
    fputs("</ul></div>\n", fp);
}

static void pvl_table(FILE *fp, const hp_cmp_t *c)
{
    fputs("<table><thead><tr><th>subject</th><th>sample</th><th>time point</th><th>infusion</th>"
          "<th>PVL</th><th>95 % CI</th><th>viral fragments</th><th>change %</th>"
          "<th>95 % CI of change</th><th>beyond noise</th><th>clones</th><th>lost</th>"
          "<th>new</th><th>fell</th><th>Morisita-Horn</th></tr></thead><tbody>\n",
          fp);
    for (int k = 0; k < c->n_subjects; k++) {
        const hp_cmp_subject_t *u = &c->subjects[k];
        for (int j = 0; j < u->n; j++) {
            const hp_cmp_sample_t *s = &c->samples[u->samples[j]];
            fprintf(fp, "<tr%s><td>", s->beyond_noise == 1 ? " class=\"hit\"" : "");
            hp_xml_escape(fp, u->name);
            fputs("</td><td>", fp);
            hp_xml_escape(fp, s->name);
            fputs(s->is_baseline ? " (baseline)</td>" : "</td>", fp);
            cell(fp, s->timepoint, F_G);
            fputs("<td>", fp);
            if (s->infusion) {
                hp_xml_escape(fp, s->infusion);
                if (isfinite(s->dose_mg_per_kg)) fprintf(fp, " (%g mg/kg)", s->dose_mg_per_kg);
            }
            fputs("</td>", fp);
            cell(fp, s->pvl, F_3G);
            ci_cell(fp, s->pvl_lo, s->pvl_hi, F_3G);
            cell(fp, s->viral_fragments, F_0F);
            cell(fp, s->is_baseline ? NAN : s->change_pct, F_1FS);
            ci_cell(fp, s->change_lo, s->change_hi, F_1FS);
            fprintf(fp, "<td>%s</td>",
                    s->beyond_noise < 0 ? "&ndash;"
                    : s->beyond_noise   ? "<b>yes</b>"
                                        : "no");
            fprintf(fp, "<td>%d</td>", s->n_clones);
            if (s->is_baseline)
                fputs("<td>&ndash;</td><td>&ndash;</td><td>&ndash;</td>", fp);
            else
                fprintf(fp, "<td>%d</td><td>%d</td><td>%d</td>", s->n_lost, s->n_new, s->n_fell);
            cell(fp, s->morisita_horn, F_2F);
            fputs("</tr>\n", fp);
        }
    }
    fputs("</tbody></table>\n", fp);
}

static void clone_table(FILE *fp, const hp_cmp_t *c, const hp_cmp_subject_t *u)
{
    fputs("<h3>", fp);
    hp_xml_escape(fp, u->name);
    fprintf(fp, ": the %d largest clones</h3>\n<table><thead><tr><th>#</th><th>site</th>",
            c->opt.top);
    for (int j = 0; j < u->n; j++) {
        fputs("<th>", fp);
        hp_xml_escape(fp, c->samples[u->samples[j]].name);
        fprintf(fp, "<br><small>t = %g</small></th>", c->samples[u->samples[j]].timepoint);
    }
    fputs("</tr></thead><tbody>\n", fp);
    for (int q = 0; q < u->n_clones && q < c->opt.top; q++) {
        const hp_cmp_clone_t *ck = &u->clones[q];
        fprintf(fp, "<tr><td>%d</td><td>", ck->rank);
        hp_xml_escape(fp, ck->chrom);
        fprintf(fp, ":%" PRId64 " (%c)</td>", ck->pos, ck->strand);
        for (int j = 0; j < u->n; j++) {
            fprintf(fp, "<td>%.3g <small>(%g fr.)</small>", ck->size[j], ck->fragments[j]);
            if (ck->status[j] == HP_CLONE_LOST)
                fprintf(fp,
                        "<br><span class=\"fall\">lost</span> <small>(%.1f fr. expected if "
                        "unchanged, P = %.2g)</small>",
                        ck->expected[j], ck->p_absent[j]);
            else if (ck->status[j] == HP_CLONE_NEW)
                fputs("<br><span class=\"rise\">new</span>", fp);
            if (isfinite(ck->fold[j]) && ck->status[j] == HP_CLONE_PERSISTING)
                fprintf(fp, "<br><small>&times;%.2f (%.2f to %.2f)</small>", ck->fold[j],
                        ck->fold_lo[j], ck->fold_hi[j]);
            if (ck->trend[j] == HP_TREND_FELL && ck->status[j] != HP_CLONE_LOST)
                fputs(" <span class=\"fall\">fell</span>", fp);
            if (ck->trend[j] == HP_TREND_ROSE) fputs(" <span class=\"rise\">rose</span>", fp);
            fputs("</td>", fp);
        }
        fputs("</tr>\n", fp);
    }
    fputs("</tbody></table>\n", fp);
    if (u->n_clones == 0) fputs("<p class=\"note\">No integration site detected.</p>\n", fp);
}

int hp_cmp_write_html(FILE *fp, const hp_cmp_t *c)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<title>HTLV-1 proviral load and clones over time</title>\n<style>\n"
          "body{font-family:Helvetica,Arial,sans-serif;max-width:1100px;margin:2em auto;"
          "padding:0 1em;color:#222;line-height:1.45}\n"
          "h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}"
          "\ntable{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.9em}\n"
          "th,td{border:1px solid #ddd;padding:.3em .55em;text-align:right;vertical-align:top}\n"
          "th{background:#f3f3f3}td:first-child,td:nth-child(2){text-align:left}\n"
          "tr.hit td{background:#fff7e6}.fall{color:#1a7f37;font-weight:bold}"
          ".rise{color:#b42318;font-weight:bold}.ns{color:#555}.note{color:#555}"
          ".meta{color:#555;font-size:.9em}svg{max-width:100%;height:auto}\n"
          ".subject{margin-bottom:1em}\n</style>\n</head>\n<body>\n"
          "<h1>HTLV-1 proviral load and clones over time</h1>\n",
          fp);
    fprintf(fp, "<p class=\"meta\">htlvpvl %s compare &middot; sheet <code>", HTLVPVL_VERSION);
    hp_xml_escape(fp, c->sheet_path);
    fprintf(fp,
            "</code> &middot; %d subjects, %d samples &middot; assay noise band &plusmn;%g %% "
            "&middot; sites matched within %d bp</p>\n",
            c->n_subjects, c->n_samples, c->opt.noise_band_pct, c->opt.window_bp);
    fputs("<h2>Summary</h2>\n", fp);
    for (int k = 0; k < c->n_subjects; k++)
        subject_summary(fp, c, &c->subjects[k]);
    fputs("<h2>Proviral load</h2>\n", fp);
    if (hp_cmp_write_pvl_svg(fp, c) != 0) return -1;
    pvl_table(fp, c);
    fputs("<h2>Clones</h2>\n", fp);
    if (hp_cmp_write_clones_svg(fp, c) != 0) return -1;
    fputs("<p class=\"note\">Cells: estimated clone size in copies per 100 cells, with the "
          "junction fragments behind it; &times; fold change from baseline with its 95 % CI; "
          "lost: not detected, with the fragments expected had the clone not changed and the "
          "Poisson probability of seeing none.</p>\n",
          fp);
    for (int k = 0; k < c->n_subjects; k++)
        clone_table(fp, c, &c->subjects[k]);
    fprintf(fp,
            "<h2>How to read this</h2>\n<ul>\n"
            "<li>PVL is proviral copies per 100 cells from sequencing depth (viral over host "
            "depth); its 95 %% CI comes from the number of viral fragments counted.</li>\n"
            "<li>The change from baseline is a ratio of two Poisson rates; its 95 %% CI "
            "comes from the viral fragment counts of both samples.</li>\n"
            "<li>A change is called <i>beyond noise</i> only when its CI excludes no change "
            "<b>and</b> it exceeds &plusmn;%g %%, the assay noise band (placebo SD of the "
            "phase-3 mogamulizumab trial: a single qPCR measurement moves that much without "
            "treatment).</li>\n"
            "<li>Clone fold changes compare junction fragments scaled by each sample's depth; "
            "<i>fell</i> / <i>rose</i> mean the 95 %% CI of the fold change excludes 1.</li>\n"
            "<li>Full tables: PREFIX.pvl.tsv, PREFIX.clones.tsv and PREFIX.json.</li>\n"
            "</ul>\n</body>\n</html>\n",
            c->opt.noise_band_pct);
    return ferror(fp) ? -1 : 0;
}
