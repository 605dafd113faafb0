/* compare_report.c -- TSV, JSON and MultiQC writers of `compare`. */
#include "htlvpvl/compare_report.h"
#include "htlvpvl/tsv.h"
#include "htlvpvl/json.h"
#include "htlvpvl/qc.h"
#include "htlvpvl/version.h"
#include <inttypes.h>
#include <math.h>
#include <stdio.h>

static void num(FILE *fp, double x) { hp_tsv_num(fp, "\t%.6g", x); }

static void tri(FILE *fp, int v) /* -1 NA, 0 no, 1 yes */
{
    fputs(v < 0 ? "\tNA" : v ? "\tyes" : "\tno", fp);
}

static void str(FILE *fp, const char *s)
{
    fputc('\t', fp);
    fputs(s && *s ? s : "NA", fp);
}

int hp_cmp_write_pvl_tsv(FILE *fp, const hp_cmp_t *c)
{
    fputs("subject\tsample\ttimepoint\tbaseline\tinfusion\tdose_mg_per_kg\tpvl\tpvl_ci_low\t"
          "pvl_ci_high\tviral_fragments\tratio\tchange_pct\tchange_ci_low\tchange_ci_high\t"
          "beyond_counting_noise\tbeyond_noise\tdirection\tpvl_junction\tpvl_junction_ci_low\t"
          "pvl_junction_ci_high\tsites\toci\tshannon\tsimpson\tlargest_clone_fraction\tchao1\t"
          "clones_detected\tclones_shared\tclones_lost\tclones_new\tclones_fell\tclones_rose\t"
          "clones_unchanged\tclones_not_detected\tclones_new_uninformative\tclones_absent\t"
          "morisita_horn\ttop_clones_delta_pvl\ttop_clones_explained_pct\tnote\testimator\t"
          "pvl_source\tdate\tdays_since_dose\tlast_dose_mg_per_kg\tmin_detectable_fall_pct\t"
          "shared_clones_expected\tp_identity\tidentity\tclone_scale\tqc\n",
          fp);
    for (int k = 0; k < c->n_subjects; k++) {
        const hp_cmp_subject_t *u = &c->subjects[k];
        for (int j = 0; j < u->n; j++) {
            const hp_cmp_sample_t *s = &c->samples[u->samples[j]];
            fputs(u->name, fp);
            str(fp, s->name);
            num(fp, s->timepoint);
            tri(fp, s->is_baseline);
            str(fp, s->infusion);
            num(fp, s->dose_mg_per_kg);
            num(fp, s->pvl), num(fp, s->pvl_lo), num(fp, s->pvl_hi), num(fp, s->viral_fragments);
            num(fp, s->ratio);
            num(fp, s->change_pct), num(fp, s->change_lo), num(fp, s->change_hi);
            tri(fp, s->beyond_counting), tri(fp, s->beyond_noise);
            str(fp, hp_trend_str(s->direction));
            num(fp, s->jpvl), num(fp, s->jpvl_lo), num(fp, s->jpvl_hi);
            num(fp, s->n_sites), num(fp, s->oci), num(fp, s->shannon), num(fp, s->simpson);
            num(fp, s->largest_clone_fraction), num(fp, s->chao1);
            fprintf(fp, "\t%d", s->n_clones);
            const int *v = s->n_verdict;
            if (s->is_baseline)
                fputs("\tNA\tNA\tNA\tNA\tNA\tNA\tNA\tNA\tNA", fp);
            else
                fprintf(fp, "\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d", s->n_shared, v[HP_V_LOST],
                        v[HP_V_NEW], v[HP_V_FELL], v[HP_V_ROSE], v[HP_V_UNCHANGED],
                        v[HP_V_NOT_DETECTED], v[HP_V_NEW_UNINFORMATIVE], v[HP_V_ABSENT]);
            num(fp, s->morisita_horn), num(fp, s->top_delta_pvl), num(fp, s->top_explained_pct);
            str(fp, s->note);
            str(fp, s->estimator);
            str(fp, s->pvl_key);
            str(fp, s->date);
            num(fp, s->days_since_dose), num(fp, s->last_dose_mg_per_kg), num(fp, s->min_fall_pct);
            num(fp, s->shared_expected), num(fp, s->p_identity);
            str(fp, s->is_baseline || !isfinite(s->p_identity) ? NULL
                    : s->swap_flag                             ? "possible_swap"
                                                               : "ok");
            num(fp, s->clone_scale);
            char q[128];
            hp_qc_flags_str(s->qc_flags, q, sizeof q);
            str(fp, q);
            fputc('\n', fp);
        }
    }
    return ferror(fp) ? -1 : 0;
}

int hp_cmp_write_clones_tsv(FILE *fp, const hp_cmp_t *c)
{
    fputs("subject\tclone\trank\tbaseline_rank\tchrom\tpos\tstrand\texact\tsample\ttimepoint\t"
          "fragments\tcell_fraction\tsize_pvl\tfold_change\tfold_ci_low\tfold_ci_high\tstatus\t"
          "trend\texpected_fragments\tp_absent\tmorisita_horn\ttop_clones_explained_pct\tverdict\t"
          "p_value\n",
          fp);
    for (int k = 0; k < c->n_subjects; k++) {
        const hp_cmp_subject_t *u = &c->subjects[k];
        for (int q = 0; q < u->n_clones; q++) {
            const hp_cmp_clone_t *ck = &u->clones[q];
            for (int j = 0; j < u->n; j++) {
                const hp_cmp_sample_t *s = &c->samples[u->samples[j]];
                fprintf(fp, "%s\t%s:%" PRId64 ":%c\t%d\t", u->name, ck->chrom, ck->pos, ck->strand,
                        ck->rank);
                if (ck->top_at_baseline)
                    fprintf(fp, "%d", ck->top_at_baseline);
                else
                    fputs("NA", fp);
                fprintf(fp, "\t%s\t%" PRId64 "\t%c\t%d", ck->chrom, ck->pos, ck->strand, ck->exact);
                str(fp, s->name);
                num(fp, s->timepoint);
                num(fp, ck->fragments[j]), num(fp, ck->cell_fraction[j]), num(fp, ck->size[j]);
                num(fp, ck->fold[j]), num(fp, ck->fold_lo[j]), num(fp, ck->fold_hi[j]);
                str(fp, hp_clone_status_str(ck->status[j]));
                str(fp, hp_trend_str(ck->trend[j]));
                num(fp, ck->expected[j]), num(fp, ck->p_absent[j]);
                num(fp, s->morisita_horn), num(fp, s->top_explained_pct);
                str(fp, hp_verdict_str(ck->verdict[j]));
                num(fp, ck->p_value[j]);
                fputc('\n', fp);
            }
        }
    }
    return ferror(fp) ? -1 : 0;
}

static void jtri(hp_json_t *w, const char *key, int v)
{
    if (v < 0)
        hp_json_null(w, key);
    else
        hp_json_bool(w, key, v);
}

static void json_sample(hp_json_t *w, const hp_cmp_t *c, const hp_cmp_sample_t *s)
{
    hp_json_begin_obj(w, NULL);
    hp_json_str(w, "sample", s->name);
    hp_json_num(w, "timepoint", s->timepoint);
    hp_json_str(w, "date", s->date);
    hp_json_bool(w, "baseline", s->is_baseline);
    hp_json_str(w, "infusion", s->infusion);
    hp_json_num(w, "dose_mg_per_kg", s->dose_mg_per_kg);
    hp_json_str(w, "summary", s->summary_path);
    hp_json_str(w, "sites", s->sites_path);
    hp_json_begin_obj(w, "pvl");
    hp_json_str(w, "estimator", s->estimator);
    hp_json_str(w, "source", s->pvl_key);
    hp_json_num(w, "copies_per_100_cells", s->pvl);
    hp_json_pair(w, "ci95", s->pvl_lo, s->pvl_hi);
    hp_json_num(w, "viral_fragments", s->viral_fragments);
    hp_json_num(w, "exposure", s->exposure);
    hp_json_num(w, "junction_copies_per_100_cells", s->jpvl);
    hp_json_pair(w, "junction_ci95", s->jpvl_lo, s->jpvl_hi);
    hp_json_end_obj(w);
    hp_json_begin_obj(w, "change");
    hp_json_num(w, "ratio", s->ratio);
    hp_json_pair(w, "ratio_ci95", s->ratio_lo, s->ratio_hi);
    hp_json_num(w, "pct", s->change_pct);
    hp_json_pair(w, "pct_ci95", s->change_lo, s->change_hi);
    jtri(w, "beyond_counting_noise", s->beyond_counting);
    jtri(w, "beyond_noise", s->beyond_noise);
    hp_json_str(w, "direction", hp_trend_str(s->direction));
    hp_json_str(w, "note", s->note);
    hp_json_end_obj(w);
    hp_json_begin_obj(w, "clonality");
    hp_json_num(w, "sites", s->n_sites);
    hp_json_num(w, "oci", s->oci);
    hp_json_num(w, "shannon", s->shannon);
    hp_json_num(w, "simpson", s->simpson);
    hp_json_num(w, "largest_clone_fraction", s->largest_clone_fraction);
    hp_json_num(w, "chao1", s->chao1);
    hp_json_num(w, "fragments_total", s->fragments_total);
    hp_json_end_obj(w);
    hp_json_begin_obj(w, "clones");
    hp_json_int(w, "detected", s->n_clones);
    if (s->is_baseline) {
        hp_json_null(w, "shared_with_baseline");
        hp_json_null(w, "verdicts");
    } else {
        hp_json_int(w, "shared_with_baseline", s->n_shared);
        hp_json_begin_obj(w, "verdicts");
        for (int v = HP_V_NA; v < HP_N_VERDICT; v++)
            if (v != HP_V_BASELINE)
                hp_json_int(w, hp_verdict_str((hp_verdict_t)v), s->n_verdict[v]);
        hp_json_end_obj(w);
    }
    hp_json_num(w, "morisita_horn", s->morisita_horn);
    hp_json_int(w, "top_n", c->opt.top);
    hp_json_num(w, "top_delta_pvl", s->top_delta_pvl);
    hp_json_num(w, "top_explained_pct", s->top_explained_pct);
    hp_json_str(w, "top_explained_method",
                "share of all movement in the PVL (the top baseline clones, the other detected "
                "clones, the rest of the PVL) carried by the top baseline clones: 0-100 %");
    hp_json_num(w, "clone_scale", s->clone_scale);
    hp_json_end_obj(w);
    hp_json_begin_obj(w, "identity");
    hp_json_num(w, "shared_clones_expected", s->shared_expected);
    hp_json_num(w, "p_identity", s->p_identity);
    jtri(w, "possible_swap", s->is_baseline || !isfinite(s->p_identity) ? -1 : s->swap_flag);
    hp_json_end_obj(w);
    hp_json_num(w, "days_since_dose", s->days_since_dose);
    hp_json_num(w, "last_dose_mg_per_kg", s->last_dose_mg_per_kg);
    hp_json_num(w, "min_detectable_fall_pct", s->min_fall_pct);
    char q[128];
    hp_qc_flags_str(s->qc_flags, q, sizeof q);
    hp_json_str(w, "qc", q);
    hp_json_end_obj(w);
}

int hp_cmp_write_json(FILE *fp, const hp_cmp_t *c)
{
    hp_json_t w;
    hp_json_init(&w, fp);
    hp_json_begin_obj(&w, NULL);
    hp_json_str(&w, "program", "htlvpvl compare");
    hp_json_str(&w, "version", HTLVPVL_VERSION);
    hp_json_str(&w, "sheet", c->sheet_path);
    hp_json_begin_obj(&w, "settings");
    hp_json_num(&w, "noise_band_pct", c->opt.noise_band_pct);
    hp_json_int(&w, "window_bp", c->opt.window_bp);
    hp_json_int(&w, "window_inexact_bp", c->opt.window_inexact_bp);
    hp_json_int(&w, "top", c->opt.top);
    hp_json_str(&w, "axis", c->opt.log_axis ? "log" : "linear");
    hp_json_num(&w, "alpha", c->opt.alpha);
    hp_json_num(&w, "alpha_new", c->opt.alpha_new);
    hp_json_num(&w, "swap_alpha", c->opt.swap_alpha);
    hp_json_num(&w, "swap_min_expected", c->opt.swap_min_expected);
    hp_json_num(&w, "precision_pct", c->opt.precision_pct);
    hp_json_num(&w, "visit", c->opt.visit);
    hp_json_str(&w, "doses", c->doses_path);
    hp_json_end_obj(&w);
    hp_json_begin_arr(&w, "subjects");
    for (int k = 0; k < c->n_subjects; k++) {
        const hp_cmp_subject_t *u = &c->subjects[k];
        hp_json_begin_obj(&w, NULL);
        hp_json_str(&w, "subject", u->name);
        hp_json_str(&w, "baseline", c->samples[u->samples[u->baseline]].name);
        hp_json_int(&w, "timepoints", u->n);
        hp_json_str(&w, "note", u->n == 1 ? "single time point: no change computed" : NULL);
        hp_json_begin_arr(&w, "doses");
        for (int m = 0; m < u->n_doses; m++) {
            hp_json_begin_obj(&w, NULL);
            hp_json_num(&w, "day", u->dose_day[m]);
            hp_json_num(&w, "dose_mg_per_kg", u->dose_mg_per_kg[m]);
            hp_json_str(&w, "drug", u->dose_drug[m]);
            hp_json_end_obj(&w);
        }
        hp_json_end_arr(&w);
        hp_json_begin_arr(&w, "samples");
        for (int j = 0; j < u->n; j++)
            json_sample(&w, c, &c->samples[u->samples[j]]);
        hp_json_end_arr(&w);
        hp_json_begin_arr(&w, "clones");
        for (int q = 0; q < u->n_clones; q++) {
            const hp_cmp_clone_t *ck = &u->clones[q];
            char strand[2] = {ck->strand, 0};
            hp_json_begin_obj(&w, NULL);
            hp_json_str(&w, "chrom", ck->chrom);
            hp_json_int(&w, "pos", ck->pos);
            hp_json_str(&w, "strand", strand);
            hp_json_bool(&w, "exact", ck->exact);
            hp_json_int(&w, "rank", ck->rank);
            if (ck->top_at_baseline)
                hp_json_int(&w, "baseline_rank", ck->top_at_baseline);
            else
                hp_json_null(&w, "baseline_rank");
            hp_json_begin_arr(&w, "timepoints");
            for (int j = 0; j < u->n; j++) {
                hp_json_begin_obj(&w, NULL);
                hp_json_str(&w, "sample", c->samples[u->samples[j]].name);
                hp_json_num(&w, "fragments", ck->fragments[j]);
                hp_json_num(&w, "cell_fraction", ck->cell_fraction[j]);
                hp_json_num(&w, "size_pvl", ck->size[j]);
                hp_json_num(&w, "fold_change", ck->fold[j]);
                hp_json_pair(&w, "fold_ci95", ck->fold_lo[j], ck->fold_hi[j]);
                hp_json_str(&w, "status", hp_clone_status_str(ck->status[j]));
                hp_json_str(&w, "trend", ck->trend[j] ? hp_trend_str(ck->trend[j]) : NULL);
                hp_json_num(&w, "expected_fragments", ck->expected[j]);
                hp_json_num(&w, "p_absent", ck->p_absent[j]);
                hp_json_str(&w, "verdict", hp_verdict_str(ck->verdict[j]));
                hp_json_num(&w, "p_value", ck->p_value[j]);
                hp_json_end_obj(&w);
            }
            hp_json_end_arr(&w);
            hp_json_end_obj(&w);
        }
        hp_json_end_arr(&w);
        hp_json_end_obj(&w);
    }
    hp_json_end_arr(&w);
    hp_json_end_obj(&w);
    return hp_json_finish(&w);
}

static void mqc_head(hp_json_t *w, const char *id, const char *name, const char *type)
{
    hp_json_str(w, "id", id);
    hp_json_str(w, "parent_id", "htlvpvl_compare");
    hp_json_str(w, "parent_name", "HTLV-1 proviral load over time");
    hp_json_str(w, "section_name", name);
    hp_json_str(w, "plot_type", type);
}

/* A time point as an integer when it is one (MultiQC keys and x values). */
static void tp_key(char *buf, size_t n, double t)
{
    if (t == floor(t) && fabs(t) < 1e15)
        snprintf(buf, n, "%.0f", t == 0 ? 0.0 : t);
    else
        snprintf(buf, n, "%.10g", t);
}

int hp_cmp_write_mqc_linegraph(FILE *fp, const hp_cmp_t *c)
{
    hp_json_t w;
    char key[64];
    hp_json_init(&w, fp);
    hp_json_begin_obj(&w, NULL);
    mqc_head(&w, "htlvpvl_compare_pvl", "Proviral load per subject", "linegraph");
    hp_json_str(&w, "description",
                "HTLV-1 proviral load (copies per 100 cells) at each time point (days), one line "
                "per subject; dashed lines: the 95 % CI limits of each subject's points. "
                "Estimator as in each summary (pvl.headline, else the depth ratio, or viral "
                "reads for FASTQ).");
    hp_json_begin_obj(&w, "pconfig");
    hp_json_str(&w, "id", "htlvpvl_compare_pvl_plot");
    hp_json_str(&w, "title", "htlvpvl compare: proviral load over time");
    hp_json_str(&w, "xlab", "time point (days)");
    hp_json_str(&w, "ylab", "PVL (copies per 100 cells)");
    hp_json_bool(&w, "xDecimals", 0);
    hp_json_bool(&w, "logswitch", 1);
    hp_json_bool(&w, "logswitch_active", c->opt.log_axis);
    /* a list of lists (one per plot): MultiQC 1.14's static (--flat) plots need that shape */
    hp_json_begin_arr(&w, "extra_series");
    hp_json_begin_arr(&w, NULL);
    for (int k = 0; k < c->n_subjects; k++) {
        const hp_cmp_subject_t *u = &c->subjects[k];
        for (int side = 0; side < 2; side++) {
            char name[300];
            snprintf(name, sizeof name, "%s: 95 %% CI %s", u->name, side ? "high" : "low");
            hp_json_begin_obj(&w, NULL);
            hp_json_str(&w, "name", name);
            hp_json_str(&w, "dashStyle", "Dash");
            hp_json_begin_arr(&w, "data");
            for (int j = 0; j < u->n; j++) {
                const hp_cmp_sample_t *s = &c->samples[u->samples[j]];
                double v = side ? s->pvl_hi : s->pvl_lo;
                if (!isfinite(v)) continue;
                hp_json_pair(&w, NULL, s->timepoint, v);
            }
            hp_json_end_arr(&w);
            hp_json_end_obj(&w);
        }
    }
    hp_json_end_arr(&w);
    hp_json_end_arr(&w);
    hp_json_end_obj(&w);
    hp_json_begin_obj(&w, "data");
    for (int k = 0; k < c->n_subjects; k++) {
        const hp_cmp_subject_t *u = &c->subjects[k];
        hp_json_begin_obj(&w, u->name);
        for (int j = 0; j < u->n; j++) {
            const hp_cmp_sample_t *s = &c->samples[u->samples[j]];
            tp_key(key, sizeof key, s->timepoint);
            hp_json_num(&w, key, s->pvl);
        }
        hp_json_end_obj(&w);
    }
    hp_json_end_obj(&w);
    hp_json_end_obj(&w);
    return hp_json_finish(&w);
}

/* One column header of the MultiQC table. */
static void mqc_col(hp_json_t *w, const char *key, const char *title, const char *desc,
                    const char *suffix, const char *format)
{
    hp_json_begin_obj(w, key);
    hp_json_str(w, "title", title);
    hp_json_str(w, "description", desc);
    if (suffix) hp_json_str(w, "suffix", suffix);
    if (format) hp_json_str(w, "format", format);
    hp_json_end_obj(w);
}

/* A number only when finite: MultiQC shows a missing key as an empty cell (not "None"). */
static void mqc_num(hp_json_t *w, const char *key, double x)
{
    if (isfinite(x)) hp_json_num(w, key, x);
}

int hp_cmp_write_mqc_table(FILE *fp, const hp_cmp_t *c)
{
    hp_json_t w;
    hp_json_init(&w, fp);
    hp_json_begin_obj(&w, NULL);
    mqc_head(&w, "htlvpvl_compare_table", "Change from baseline", "table");
    hp_json_str(&w, "description",
                "Proviral load with its 95 % CI, its change from the subject's baseline with a "
                "95 % CI from the fragment counts, whether the change is beyond counting noise "
                "and the assay noise band, the smallest fall each sample's depth can show, the "
                "identity check and the QC flags (anything but 'ok' is marked).");
    hp_json_begin_obj(&w, "pconfig");
    hp_json_str(&w, "id", "htlvpvl_compare_table_plot");
    hp_json_str(&w, "namespace", "htlvpvl compare");
    hp_json_end_obj(&w);
    hp_json_begin_obj(&w, "headers");
    mqc_col(&w, "subject", "Subject", "subject of the sample sheet", NULL, NULL);
    mqc_col(&w, "timepoint", "Day", "time point, days (from the first dose when dates are given)",
            NULL, "{:,.0f}");
    mqc_col(&w, "days_since_dose", "Days since dose", "days since the last dose before the sample",
            NULL, "{:,.0f}");
    mqc_col(&w, "pvl", "PVL", "HTLV-1 copies per 100 cells", "", "{:,.3g}");
    mqc_col(&w, "pvl_ci_low", "PVL CI low", "lower 95 % limit, copies per 100 cells", "",
            "{:,.3g}");
    mqc_col(&w, "pvl_ci_high", "PVL CI high", "upper 95 % limit, copies per 100 cells", "",
            "{:,.3g}");
    mqc_col(&w, "change_pct", "Change", "change of PVL from the subject's baseline", "%",
            "{:,.1f}");
    mqc_col(&w, "change_ci_low", "Change CI low", "lower 95 % limit of the change", "%", "{:,.1f}");
    mqc_col(&w, "change_ci_high", "Change CI high", "upper 95 % limit of the change", "%",
            "{:,.1f}");
    mqc_col(&w, "beyond_noise", "Beyond noise",
            "the change CI excludes 0 and the change exceeds the assay noise band", NULL, NULL);
    mqc_col(&w, "min_detectable_fall_pct", "Smallest detectable fall",
            "smallest fall from baseline this depth can show beyond counting noise", "%",
            "{:,.0f}");
    mqc_col(&w, "clones_detected", "Clones", "integration sites detected", NULL, "{:,.0f}");
    mqc_col(&w, "morisita_horn", "Overlap", "Morisita-Horn overlap of clones with the baseline",
            NULL, "{:,.2f}");
    mqc_col(&w, "identity", "Identity",
            "clone overlap with the baseline against sampling: "
            "possible_swap when large clones expected there are missing",
            NULL, NULL);
    hp_json_begin_obj(&w, "qc");
    hp_json_str(&w, "title", "QC");
    hp_json_str(&w, "description", "plausibility and QC flags ('ok' when none)");
    hp_json_begin_obj(&w, "cond_formatting_rules");
    hp_json_begin_arr(&w, "pass");
    hp_json_begin_obj(&w, NULL);
    hp_json_str(&w, "s_eq", "ok");
    hp_json_end_obj(&w);
    hp_json_end_arr(&w);
    hp_json_begin_arr(&w, "fail");
    hp_json_begin_obj(&w, NULL);
    hp_json_str(&w, "s_ne", "ok");
    hp_json_end_obj(&w);
    hp_json_end_arr(&w);
    hp_json_end_obj(&w);
    hp_json_end_obj(&w);
    hp_json_end_obj(&w);
    hp_json_begin_obj(&w, "data");
    for (int k = 0; k < c->n_subjects; k++) {
        const hp_cmp_subject_t *u = &c->subjects[k];
        for (int j = 0; j < u->n; j++) {
            const hp_cmp_sample_t *s = &c->samples[u->samples[j]];
            char q[128];
            hp_json_begin_obj(&w, s->name);
            hp_json_str(&w, "subject", u->name);
            mqc_num(&w, "timepoint", s->timepoint);
            mqc_num(&w, "days_since_dose", s->days_since_dose);
            mqc_num(&w, "pvl", s->pvl);
            mqc_num(&w, "pvl_ci_low", s->pvl_lo);
            mqc_num(&w, "pvl_ci_high", s->pvl_hi);
            mqc_num(&w, "change_pct", s->is_baseline ? NAN : s->change_pct);
            mqc_num(&w, "change_ci_low", s->change_lo);
            mqc_num(&w, "change_ci_high", s->change_hi);
            if (s->beyond_noise >= 0)
                hp_json_str(&w, "beyond_noise", s->beyond_noise ? "yes" : "no");
            mqc_num(&w, "min_detectable_fall_pct", s->min_fall_pct);
            hp_json_int(&w, "clones_detected", s->n_clones);
            mqc_num(&w, "morisita_horn", s->morisita_horn);
            if (!s->is_baseline && isfinite(s->p_identity))
                hp_json_str(&w, "identity", s->swap_flag ? "possible_swap" : "ok");
            hp_qc_flags_str(s->qc_flags, q, sizeof q);
            hp_json_str(&w, "qc", q);
            hp_json_end_obj(&w);
        }
    }
    hp_json_end_obj(&w);
    hp_json_end_obj(&w);
    return hp_json_finish(&w);
}
