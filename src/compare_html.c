/* compare_html.c -- one self-contained HTML page of `compare` results for a clinician:
 * a plain-language summary per subject, both plots inline, and the tables. No scripts, no
 * external resources. */
#include "htlvpvl/compare_report.h"
#include "htlvpvl/qc.h"
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
        const int *v = s->n_verdict;
        fprintf(fp,
                " Clones (each in one group, test level %g): %d fell, %d rose, %d with no change "
                "shown, %d lost, %d not detected (uninformative), %d new, %d first seen "
                "(uninformative).",
                c->opt.alpha, v[HP_V_FELL], v[HP_V_ROSE], v[HP_V_UNCHANGED], v[HP_V_LOST],
                v[HP_V_NOT_DETECTED], v[HP_V_NEW], v[HP_V_NEW_UNINFORMATIVE]);
        if (isfinite(s->top_explained_pct))
            fprintf(fp,
                    " The %d largest baseline clones carry %.0f %% of all movement in the PVL "
                    "(their change, other clones' and the undetected rest's).",
                    c->opt.top, s->top_explained_pct);
        if (s->swap_flag)
            fprintf(fp,
                    " <span class=\"warn\">Possible sample swap or mislabel: %d clones shared "
                    "with baseline where %.1f were expected from one person (P = %.2g).</span>",
                    s->n_shared, s->shared_expected, s->p_identity);
        if (isfinite(s->morisita_horn))
            fprintf(fp, " Clone overlap with baseline (Morisita-Horn) %.2f.", s->morisita_horn);
        fputs("</li>\n", fp);
    }
    fputs("</ul></div>\n", fp);
}

static void qc_cell(FILE *fp, unsigned flags)
{
    char q[128];
    hp_qc_flags_str(flags, q, sizeof q);
    fprintf(fp, "<td%s>", flags ? " class=\"qcfail\"" : "");
    hp_xml_escape(fp, q);
    fputs("</td>", fp);
}

static void pvl_table(FILE *fp, const hp_cmp_t *c)
{
    fputs("<table><thead><tr><th>subject</th><th>sample</th><th>day</th><th>days since dose</th>"
          "<th>PVL</th><th>95 % CI</th><th>viral fragments</th><th>smallest detectable fall</th>"
          "<th>change %</th><th>95 % CI of change</th><th>beyond noise</th><th>clones</th>"
          "<th>lost</th><th>new</th><th>fell</th><th>Morisita-Horn</th><th>identity</th>"
          "<th>QC</th></tr></thead><tbody>\n",
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
            fputs("<td>", fp);
            fmt_num(fp, s->timepoint, F_G);
            if (s->date) {
                fputs("<br><small>", fp);
                hp_xml_escape(fp, s->date);
                fputs("</small>", fp);
            }
            fputs("</td>", fp);
            cell(fp, s->days_since_dose, F_G);
            cell(fp, s->pvl, F_3G);
            ci_cell(fp, s->pvl_lo, s->pvl_hi, F_3G);
            cell(fp, s->viral_fragments, F_0F);
            if (isfinite(s->min_fall_pct))
                fprintf(fp, "<td>%.0f %%</td>", s->min_fall_pct);
            else
                fputs("<td class=\"qcfail\">none</td>", fp);
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
                fprintf(fp, "<td>%d</td><td>%d</td><td>%d</td>", s->n_verdict[HP_V_LOST],
                        s->n_verdict[HP_V_NEW], s->n_verdict[HP_V_FELL]);
            cell(fp, s->morisita_horn, F_2F);
            if (s->is_baseline || !isfinite(s->p_identity))
                fputs("<td>&ndash;</td>", fp);
            else
                fprintf(fp, "<td%s>%s <small>(P = %.2g)</small></td>",
                        s->swap_flag ? " class=\"qcfail\"" : "",
                        s->swap_flag ? "possible swap" : "ok", s->p_identity);
            qc_cell(fp, s->qc_flags);
            fputs("</tr>\n", fp);
        }
    }
    fputs("</tbody></table>\n", fp);
}

/* The first thing on the page: one line per subject, and every warning. */
static void at_a_glance(FILE *fp, const hp_cmp_t *c)
{
    int n_warn = 0;
    for (int i = 0; i < c->n_samples; i++)
        n_warn += c->samples[i].qc_flags != 0 || c->samples[i].swap_flag;
    if (n_warn) {
        fputs("<div class=\"alert\"><b>Check before reading the numbers:</b><ul>\n", fp);
        for (int i = 0; i < c->n_samples; i++) {
            const hp_cmp_sample_t *s = &c->samples[i];
            hp_qc_t q;
            hp_cmp_sample_qc(c, s, &q);
            for (int b = 0; b < HP_QC_N; b++)
                if (q.flags & (1u << b)) {
                    fputs("<li><b>", fp);
                    hp_xml_escape(fp, s->name);
                    fprintf(fp, "</b>: %s: ", hp_qc_flag_name(b));
                    hp_xml_escape(fp, q.msg[b][0] ? q.msg[b] : "flagged in its summary.json");
                    fputs("</li>\n", fp);
                }
            if (s->swap_flag) {
                fputs("<li><b>", fp);
                hp_xml_escape(fp, s->name);
                fprintf(fp,
                        "</b>: possible sample swap or mislabel: %d clones shared with the "
                        "baseline where %.1f were expected from one person (P = %.2g)</li>\n",
                        s->n_shared, s->shared_expected, s->p_identity);
            }
        }
        fputs("</ul></div>\n", fp);
    }
    fputs("<table class=\"glance\"><thead><tr><th>subject</th><th>baseline PVL</th>"
          "<th>latest PVL</th><th>change (95 % CI)</th><th>verdict</th>"
          "<th>smallest fall this depth can show</th></tr></thead><tbody>\n",
          fp);
    for (int k = 0; k < c->n_subjects; k++) {
        const hp_cmp_subject_t *u = &c->subjects[k];
        const hp_cmp_sample_t *b = &c->samples[u->samples[u->baseline]];
        int li = hp_cmp_visit_sample(c, u);
        const hp_cmp_sample_t *s = li >= 0 ? &c->samples[li] : NULL;
        fputs("<tr><td>", fp);
        hp_xml_escape(fp, u->name);
        fprintf(fp, "</td><td>%.3g <small>(day %g)</small></td>", b->pvl, b->timepoint);
        if (!s || !isfinite(s->change_pct)) {
            fputs("<td>&ndash;</td><td>&ndash;</td><td class=\"ns\">no change computed</td>", fp);
            if (isfinite(b->min_fall_pct))
                fprintf(fp, "<td>%.0f %%</td></tr>\n", b->min_fall_pct);
            else
                fputs("<td class=\"qcfail\">none</td></tr>\n", fp);
            continue;
        }
        fprintf(fp, "<td>%.3g <small>(day %g)</small></td><td><b>%+.0f %%</b> ", s->pvl,
                s->timepoint, s->change_pct);
        if (isfinite(s->change_lo)) fprintf(fp, "<small>(%+.0f to ", s->change_lo);
        if (isfinite(s->change_lo) && isfinite(s->change_hi))
            fprintf(fp, "%+.0f)</small>", s->change_hi);
        else if (isfinite(s->change_lo))
            fputs("&infin;)</small>", fp);
        fputs("</td>", fp);
        if (s->swap_flag)
            fputs("<td class=\"qcfail\">possible sample swap: not interpretable", fp);
        else if (s->beyond_noise == 1)
            fprintf(fp, "<td class=\"%s\">%s beyond noise", s->change_pct < 0 ? "fall" : "rise",
                    s->change_pct < 0 ? "fall" : "rise");
        else
            fputs("<td class=\"ns\">within noise", fp);
        unsigned qf = s->qc_flags | b->qc_flags;
        if (qf) {
            char q[128];
            hp_qc_flags_str(qf, q, sizeof q);
            fprintf(fp, "<br><span class=\"warn\">QC: %s</span>", q);
        }
        fputs("</td>", fp);
        if (isfinite(s->min_fall_pct))
            fprintf(fp, "<td>%.0f %%</td></tr>\n", s->min_fall_pct);
        else
            fputs("<td class=\"qcfail\">none</td></tr>\n", fp);
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
            hp_verdict_t v = ck->verdict[j];
            if (v >= HP_V_FELL) {
                const char *cls = v == HP_V_FELL || v == HP_V_LOST  ? "fall"
                                  : v == HP_V_ROSE || v == HP_V_NEW ? "rise"
                                                                    : "ns";
                fprintf(fp, "<br><span class=\"%s\">%s</span> <small>(P = %.2g", cls,
                        hp_verdict_words(v), ck->p_value[j]);
                if (isfinite(ck->expected[j]) && ck->status[j] == HP_CLONE_NOT_SEEN)
                    fprintf(fp, "; %.1f fr. expected if unchanged", ck->expected[j]);
                fputs(")</small>", fp);
            }
            if (isfinite(ck->fold[j]) && ck->status[j] == HP_CLONE_PERSISTING)
                fprintf(fp, "<br><small>&times;%.2f (%.2f to %.2f)</small>", ck->fold[j],
                        ck->fold_lo[j], ck->fold_hi[j]);
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
          ".warn,.qcfail{color:#b42318;font-weight:bold}td.qcfail{background:#fde8e6}\n"
          ".alert{border:2px solid #b42318;background:#fff4f2;padding:.4em 1em;margin:1em 0}\n"
          "table.glance{font-size:1em}\n"
          ".subject{margin-bottom:1em}\n</style>\n</head>\n<body>\n"
          "<h1>HTLV-1 proviral load and clones over time</h1>\n",
          fp);
    fprintf(fp, "<p class=\"meta\">htlvpvl %s compare &middot; sheet <code>", HTLVPVL_VERSION);
    hp_xml_escape(fp, c->sheet_path);
    fprintf(fp,
            "</code> &middot; %d subject(s), %d samples &middot; assay noise band &plusmn;%g %% "
            "&middot; sites matched within %d bp</p>\n",
            c->n_subjects, c->n_samples, c->opt.noise_band_pct, c->opt.window_bp);
    at_a_glance(fp, c);
    if (c->n_subjects > 1) {
        fputs("<h2>Cohort</h2>\n", fp);
        if (hp_cmp_write_waterfall_svg(fp, c) != 0) return -1;
        if (hp_cmp_write_cohort_svg(fp, c) != 0) return -1;
    } else {
        fputs("<h2>Proviral load</h2>\n", fp);
        if (hp_cmp_write_pvl_svg(fp, c) != 0) return -1;
    }
    fputs("<h2>Summary</h2>\n", fp);
    for (int k = 0; k < c->n_subjects; k++)
        subject_summary(fp, c, &c->subjects[k]);
    fputs("<h2>Proviral load table</h2>\n", fp);
    pvl_table(fp, c);
    fputs("<h2>Clones</h2>\n", fp);
    if (hp_cmp_write_clones_svg(fp, c) != 0) return -1;
    fprintf(fp,
            "<p class=\"note\">Cells: clone size in copies per 100 cells on the PVL's scale, "
            "with the junction fragments behind it; &times; fold change from baseline with its "
            "95 %% CI. Each clone gets one verdict per time point with its P from an exact "
            "conditional binomial test of its fragments here against baseline: <i>lost</i> only "
            "when P(missing it by sampling alone) &lt; %g, else <i>not detected "
            "(uninformative)</i>; <i>new</i> only when P(missing it at baseline by sampling "
            "alone) &lt; %g, else <i>first seen (uninformative)</i>; <i>fell</i> / "
            "<i>rose</i> when the fold change's 95 %% CI excludes 1.</p>\n",
            c->opt.alpha, c->opt.alpha_new);
    for (int k = 0; k < c->n_subjects; k++)
        clone_table(fp, c, &c->subjects[k]);
    fprintf(fp,
            "<h2>How to read this</h2>\n<ul>\n"
            "<li>PVL is proviral copies per 100 cells as <code>count</code> reported it: its "
            "headline estimate (<code>pvl.headline</code>) when the summary has one, else the "
            "depth ratio (<code>pvl.depth</code>; FASTQ input: viral reads, "
            "<code>pvl.reads</code>); the source of each sample is the <i>PVL source</i> "
            "column of PREFIX.pvl.tsv. Its 95 %% CI comes from the viral fragments counted."
            "</li>\n"
            "<li>The change from baseline is a ratio of two Poisson rates; its 95 %% CI "
            "comes from the viral fragment counts of both samples.</li>\n"
            "<li>A change is called <i>beyond noise</i> only when its CI excludes no change "
            "<b>and</b> it exceeds &plusmn;%g %%, the assay noise band (placebo SD of the "
            "phase-3 mogamulizumab trial: a single qPCR measurement moves that much without "
            "treatment).</li>\n"
            "<li>Clone fold changes compare junction fragments scaled by each sample's depth; "
            "<i>fell</i> / <i>rose</i> mean the 95 %% CI of the fold change excludes 1.</li>\n"
            "<li><i>Smallest detectable fall</i>: the fall from baseline that this pair of "
            "sequencing depths (for the baseline: a follow-up at its own depth) could show as "
            "beyond counting noise; a smaller real fall would be reported as within noise. "
            "<i>none</i>: too few viral fragments to show even a fall to zero.</li>\n"
            "<li><i>Identity</i>: the clones two samples of one person share are compared with "
            "what sampling allows (large clones expected to be seen again); <i>possible "
            "swap</i> when too few are.</li>\n"
            "<li><i>QC</i>: pvl_above_200, low_precision (PVL CI wider than &plusmn;%g %%), "
            "empty_viral_contig, genome_size (FASTQ), estimators_disagree.</li>\n"
            "<li>Full tables: PREFIX.pvl.tsv, PREFIX.clones.tsv and PREFIX.json.</li>\n"
            "</ul>\n</body>\n</html>\n",
            c->opt.noise_band_pct, c->opt.precision_pct);
    return ferror(fp) ? -1 : 0;
}
