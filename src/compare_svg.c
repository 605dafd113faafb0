/* compare_svg.c -- standalone SVG plots of `compare`: PVL over time and clone sizes.
 * Plain SVG 1.1 (no scripts, generic font family), fixed number formats so that output is
 * byte-identical for identical input. */
#include "htlvpvl/compare_report.h"
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *palette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#393b79",
                                "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5",
                                "#c49c94", "#f7b6d2", "#9edae5", "#dbdb8d", "#637939"};
#define N_PAL (int)(sizeof palette / sizeof *palette)
#define OTHER_COLOUR "#c8c8c8"
#define FONT "font-family=\"Helvetica, Arial, sans-serif\""

void hp_xml_escape(FILE *fp, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&':
            fputs("&amp;", fp);
            break;
        case '<':
            fputs("&lt;", fp);
            break;
        case '>':
            fputs("&gt;", fp);
            break;
        case '"':
            fputs("&quot;", fp);
            break;
        case '\'':
            fputs("&#39;", fp);
            break;
        default:
            fputc(*s, fp);
        }
    }
}

/* A position with thousands separators (1,000,000), for legends. */
static void put_pos(FILE *fp, int64_t pos)
{
    char d[32], o[48];
    int n = snprintf(d, sizeof d, "%" PRId64, pos), k = 0;
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0) o[k++] = ',';
        o[k++] = d[i];
    }
    o[k] = '\0';
    fputs(o, fp);
}

/* A "nice" tick step (1, 2 or 5 x 10^k) giving about n ticks over span. */
static double nice_step(double span, int n)
{
    double raw = span / n, p = pow(10, floor(log10(raw))), f = raw / p;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

/* Format a tick label without trailing zeros ("0.01", "2.5", "100"). */
static void tick_label(char *buf, size_t n, double v)
{
    if (fabs(v) < 1e-12) v = 0;
    snprintf(buf, n, "%.6g", v);
}

typedef struct {
    double x0, x1, y0, y1;           /* data range */
    double left, top, width, height; /* plot area in px */
    int log_y;
} axes_t;

static double ax_x(const axes_t *a, double x)
{
    return a->left + (x - a->x0) / (a->x1 - a->x0) * a->width;
}

static double ax_y(const axes_t *a, double y)
{
    double f;
    if (a->log_y) {
        if (!(y > 0)) return a->top + a->height; /* zero / negative: the floor */
        f = (log10(y) - log10(a->y0)) / (log10(a->y1) - log10(a->y0));
    } else {
        f = (y - a->y0) / (a->y1 - a->y0);
    }
    if (f < 0) f = 0;
    if (f > 1) f = 1;
    return a->top + (1 - f) * a->height;
}

static void draw_y_axis(FILE *fp, const axes_t *a, const char *label)
{
    char buf[32];
    if (a->log_y) {
        for (double d = a->y0; d <= a->y1 * 1.0001; d *= 10) {
            for (int m = 1; m < 10; m++) {
                double v = d * m;
                if (v > a->y1 * 1.0001) break;
                double y = ax_y(a, v);
                fprintf(fp,
                        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                        "stroke-width=\"1\"/>\n",
                        a->left, y, a->left + a->width, y, m == 1 ? "#d0d0d0" : "#f0f0f0");
                if (m == 1 || m == 2 || m == 5) {
                    tick_label(buf, sizeof buf, v);
                    fprintf(fp,
                            "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"end\" " FONT
                            " fill=\"#333\">%s</text>\n",
                            a->left - 6, y + 4, m == 1 ? 12 : 10, buf);
                }
            }
        }
    } else {
        double st = nice_step(a->y1 - a->y0, 6);
        for (double v = a->y0; v <= a->y1 + st * 1e-9; v += st) {
            double y = ax_y(a, v);
            fprintf(fp,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e0e0e0\" "
                    "stroke-width=\"1\"/>\n",
                    a->left, y, a->left + a->width, y);
            tick_label(buf, sizeof buf, v);
            fprintf(fp,
                    "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"end\" " FONT
                    " fill=\"#333\">%s</text>\n",
                    a->left - 6, y + 4, buf);
        }
    }
    fprintf(fp,
            "<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\" text-anchor=\"middle\" " FONT
            " fill=\"#222\" transform=\"rotate(-90 %.1f %.1f)\">%s</text>\n",
            a->left - 48, a->top + a->height / 2, a->left - 48, a->top + a->height / 2, label);
}

/* The time range of all samples and doses. */
static void time_range(const hp_cmp_t *c, double *tmin, double *tmax)
{
    *tmin = INFINITY, *tmax = -INFINITY;
    for (int i = 0; i < c->n_samples; i++)
        *tmin = fmin(*tmin, c->samples[i].timepoint), *tmax = fmax(*tmax, c->samples[i].timepoint);
    for (int k = 0; k < c->n_subjects; k++)
        for (int m = 0; m < c->subjects[k].n_doses; m++)
            *tmin = fmin(*tmin, c->subjects[k].dose_day[m]),
            *tmax = fmax(*tmax, c->subjects[k].dose_day[m]);
}

static const char *time_label(const hp_cmp_t *c)
{
    for (int k = 0; k < c->n_subjects; k++)
        if (c->subjects[k].uses_dates) return "days from the first dose";
    return "time point, days (as in the sheet)";
}

static void svg_open(FILE *fp, int w, int h, const char *title)
{
    fprintf(fp,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" "
            "height=\"%d\" viewBox=\"0 0 %d %d\">\n",
            w, h, w, h);
    fputs("<title>", fp);
    hp_xml_escape(fp, title);
    fputs("</title>\n", fp);
    fprintf(fp, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", w, h);
}

/* The PVL plot: PVL over time per subject, with CI, doses and changes (hp_cmp_write_pvl_svg
 * draws its stages in order: axes, frame, each subject's doses and points, legend). */
#define PVL_W 820
#define PVL_H 460
#define PVL_LEGEND_W 190

/* The PVL plot's layout and data range: times of samples and doses, PVL and its CI. */
static void pvl_axes(const hp_cmp_t *c, axes_t *out)
{
    const int W = PVL_W, legend_w = PVL_LEGEND_W;
    const int H = PVL_H;
    axes_t a = {0};
    a.left = 80, a.top = 84, a.width = W - 80 - legend_w - 20, a.height = H - 84 - 70;
    a.log_y = c->opt.log_axis;
    double tmin = INFINITY, tmax = -INFINITY, ymin = INFINITY, ymax = 0;
    time_range(c, &tmin, &tmax);
    for (int i = 0; i < c->n_samples; i++) {
        const hp_cmp_sample_t *s = &c->samples[i];
        double v[3] = {s->pvl, s->pvl_lo, s->pvl_hi};
        for (int k = 0; k < 3; k++) {
            if (!isfinite(v[k])) continue;
            if (v[k] > 0) ymin = fmin(ymin, v[k]);
            ymax = fmax(ymax, v[k]);
        }
    }
    if (!(tmax > tmin)) tmin -= 1, tmax += 1;
    double pad = 0.06 * (tmax - tmin);
    a.x0 = tmin - pad, a.x1 = tmax + pad;
    if (a.log_y) {
        if (!isfinite(ymin)) ymin = 0.01, ymax = 1;
        if (ymax < ymin) ymax = ymin;
        a.y0 = pow(10, floor(log10(ymin)));
        a.y1 = pow(10, ceil(log10(ymax)));
        if (a.y1 <= a.y0) a.y1 = a.y0 * 10;
    } else {
        a.y0 = 0;
        if (!(ymax > 0)) ymax = 1;
        double st = nice_step(ymax, 6);
        a.y1 = ceil(ymax * 1.02 / st) * st;
    }
    *out = a;
}

/* The PVL plot's frame: title, key, plot area, both axes. */
static void pvl_frame(FILE *fp, const hp_cmp_t *c, const axes_t *a)
{
    const int W = PVL_W, H = PVL_H;
    svg_open(fp, W, H, "HTLV-1 proviral load over time");
    fprintf(fp,
            "<text x=\"%.1f\" y=\"26\" font-size=\"17\" font-weight=\"bold\" " FONT
            " fill=\"#111\">HTLV-1 proviral load over time</text>\n",
            a->left);
    fprintf(fp,
            "<text x=\"%.1f\" y=\"44\" font-size=\"11\" " FONT " fill=\"#555\">square: "
            "baseline; bars: 95 %% CI; filled circle: change beyond counting noise and the "
            "&#177;%g %% assay band;</text>\n",
            a->left, c->opt.noise_band_pct);
    fprintf(fp,
            "<text x=\"%.1f\" y=\"58\" font-size=\"11\" " FONT " fill=\"#555\">open circle "
            "(ns): within noise; &#9660; and dashed line: dose</text>\n",
            a->left);
    fprintf(fp,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#fcfcfc\" "
            "stroke=\"#999\" stroke-width=\"1\"/>\n",
            a->left, a->top, a->width, a->height);
    draw_y_axis(fp, a,
                a->log_y ? "PVL, copies per 100 cells (log scale)" : "PVL, copies per 100 cells");
    double st = nice_step(a->x1 - a->x0, 8);
    char buf[64];
    for (double v = ceil(a->x0 / st) * st; v <= a->x1 + 1e-9 * st; v += st) {
        double x = ax_x(a, v);
        fprintf(fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#555\"/>\n", x,
                a->top + a->height, x, a->top + a->height + 5);
        tick_label(buf, sizeof buf, v);
        fprintf(fp,
                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"middle\" " FONT
                " fill=\"#333\">%s</text>\n",
                x, a->top + a->height + 19, buf);
    }
    fprintf(fp,
            "<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\" text-anchor=\"middle\" " FONT
            " fill=\"#222\">%s</text>\n",
            a->left + a->width / 2, a->top + a->height + 42, time_label(c));
}

/* Subject k's dose markers: the dosing table's times when given, else the sheet's infusion
 * column (drawn before the points, so points lie over them). */
static void pvl_doses(FILE *fp, const hp_cmp_t *c, const axes_t *a, int k)
{
    const hp_cmp_subject_t *u = &c->subjects[k];
    const char *col = palette[k % N_PAL];
    int n_mark = u->n_doses ? u->n_doses : u->n;
    for (int j = 0; j < n_mark; j++) {
        const hp_cmp_sample_t *s = &c->samples[u->samples[u->n_doses ? 0 : j]];
        double t = u->n_doses ? u->dose_day[j] : s->timepoint;
        double dose = u->n_doses ? u->dose_mg_per_kg[j] : s->dose_mg_per_kg;
        if (!u->n_doses && !s->infusion) continue;
        double x = ax_x(a, t);
        fprintf(fp,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                "stroke-width=\"1\" stroke-dasharray=\"4,4\" opacity=\"0.5\"/>\n",
                x, a->top, x, a->top + a->height, col);
        double ty = a->top - 2 - 8 * (k % 2);
        fprintf(fp,
                "<path d=\"M%.1f %.1f L%.1f %.1f L%.1f %.1f Z\" fill=\"%s\">"
                "<title>dose: ",
                x - 5, ty - 8, x + 5, ty - 8, x, ty, col);
        hp_xml_escape(fp, u->name);
        fprintf(fp, " at day %g", t);
        if (isfinite(dose)) fprintf(fp, ", %g mg/kg", dose);
        fputs("</title></path>\n", fp);
    }
}

/* Subject k's PVL line, CI bars and points, with their change from baseline. */
static void pvl_subject(FILE *fp, const hp_cmp_t *c, const axes_t *a, int k)
{
    const hp_cmp_subject_t *u = &c->subjects[k];
    const char *col = palette[k % N_PAL];
    fprintf(fp, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"", col);
    for (int j = 0; j < u->n; j++) {
        const hp_cmp_sample_t *s = &c->samples[u->samples[j]];
        fprintf(fp, "%s%.1f,%.1f", j ? " " : "", ax_x(a, s->timepoint), ax_y(a, s->pvl));
    }
    fputs("\"/>\n", fp);
    for (int j = 0; j < u->n; j++) {
        const hp_cmp_sample_t *s = &c->samples[u->samples[j]];
        double x = ax_x(a, s->timepoint), y = ax_y(a, s->pvl);
        if (isfinite(s->pvl_lo) && isfinite(s->pvl_hi)) {
            double ylo = ax_y(a, s->pvl_lo), yhi = ax_y(a, s->pvl_hi);
            fprintf(fp,
                    "<path d=\"M%.1f %.1f V%.1f M%.1f %.1f H%.1f M%.1f %.1f H%.1f\" "
                    "stroke=\"%s\" stroke-width=\"1.5\" fill=\"none\"/>\n",
                    x, ylo, yhi, x - 4, ylo, x + 4, x - 4, yhi, x + 4, col);
        }
        int filled = s->beyond_noise == 1;
        if (s->is_baseline)
            fprintf(fp,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"9\" height=\"9\" fill=\"%s\" "
                    "stroke=\"%s\" stroke-width=\"1.5\">",
                    x - 4.5, y - 4.5, col, col);
        else
            fprintf(fp,
                    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\" stroke=\"%s\" "
                    "stroke-width=\"1.5\">",
                    x, y, filled ? col : "#ffffff", col);
        fputs("<title>", fp);
        hp_xml_escape(fp, s->name);
        fprintf(fp, ": PVL %.3g (95 %% CI %.3g-%.3g)", s->pvl, s->pvl_lo, s->pvl_hi);
        if (isfinite(s->change_pct) && !s->is_baseline)
            fprintf(fp, ", change %+.1f %%", s->change_pct);
        fputs(s->is_baseline ? "</title></rect>\n" : "</title></circle>\n", fp);
        if (a->log_y && !(s->pvl > 0))
            fprintf(fp,
                    "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" " FONT
                    " fill=\"%s\">PVL 0 (below the axis)</text>\n",
                    x + 8, y - 6, col);
        if (!s->is_baseline && isfinite(s->change_pct))
            fprintf(fp,
                    "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" " FONT
                    " fill=\"%s\">%+.0f%%%s</text>\n",
                    x + 7, y - 7, col, s->change_pct, filled ? "" : " (ns)");
    }
}

/* The PVL plot's legend: one line per subject (24 at most). */
static void pvl_legend(FILE *fp, const hp_cmp_t *c, const axes_t *a)
{
    double lx = a->left + a->width + 20, ly = a->top + 8;
    fprintf(fp,
            "<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\" font-weight=\"bold\" " FONT
            " fill=\"#222\">Subject</text>\n",
            lx, ly);
    for (int k = 0; k < c->n_subjects && k < 24; k++) {
        double y = ly + 20 + 18 * k;
        fprintf(fp,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                "stroke-width=\"3\"/>\n",
                lx, y - 4, lx + 22, y - 4, palette[k % N_PAL]);
        fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" " FONT " fill=\"#222\">", lx + 28,
                y);
        hp_xml_escape(fp, c->subjects[k].name);
        if (c->subjects[k].n == 1) fputs(" (1 time point)", fp);
        fputs("</text>\n", fp);
    }
    if (c->n_subjects > 24)
        fprintf(fp,
                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" " FONT " fill=\"#555\">"
                "... %d more</text>\n",
                lx, ly + 20 + 18 * 24, c->n_subjects - 24);
}

int hp_cmp_write_pvl_svg(FILE *fp, const hp_cmp_t *c)
{
    axes_t a;
    pvl_axes(c, &a);
    pvl_frame(fp, c, &a);
    for (int k = 0; k < c->n_subjects; k++) {
        pvl_doses(fp, c, &a, k);
        pvl_subject(fp, c, &a, k);
    }
    pvl_legend(fp, c, &a);
    fputs("</svg>\n", fp);
    return ferror(fp) ? -1 : 0;
}

/* Sizes of a subject's clones stacked per time point: the top clones by rank, then the rest
 * of the PVL (other clones and those below detection) in grey. */
int hp_cmp_write_clones_svg(FILE *fp, const hp_cmp_t *c)
{
    const int panel_h = 300, bar_w = 46, gap = 34, left = 80, legend_w = 330, title_h = 66;
    int max_n = 1;
    for (int k = 0; k < c->n_subjects; k++)
        if (c->subjects[k].n > max_n) max_n = c->subjects[k].n;
    int plot_w = max_n * (bar_w + gap) + gap;
    if (plot_w < 240) plot_w = 240;
    int W = left + plot_w + 24 + legend_w + 40, H = title_h + c->n_subjects * panel_h + 10;
    int top_n = c->opt.top;
    svg_open(fp, W, H, "HTLV-1 clone sizes over time");
    fprintf(fp,
            "<text x=\"%d\" y=\"26\" font-size=\"17\" font-weight=\"bold\" " FONT
            " fill=\"#111\">Clone sizes over time</text>\n",
            left);
    fprintf(fp,
            "<text x=\"%d\" y=\"44\" font-size=\"11\" " FONT " fill=\"#555\">the %d largest "
            "clones of each subject coloured (one colour per integration site); grey: the "
            "rest of the PVL; &#9660; dose before the sample</text>\n",
            left, top_n);
    fprintf(fp,
            "<text x=\"%d\" y=\"58\" font-size=\"11\" " FONT " fill=\"#555\">one scale with the "
            "PVL plot: bars stack to the PVL; junction-estimated clone sizes that add up to more "
            "than the PVL are scaled down to it</text>\n",
            left);
    char buf[64];
    for (int k = 0; k < c->n_subjects; k++) {
        const hp_cmp_subject_t *u = &c->subjects[k];
        double y_top = title_h + k * panel_h + 30, ph = panel_h - 90;
        double ymax = 0;
        for (int j = 0; j < u->n; j++) {
            const hp_cmp_sample_t *s = &c->samples[u->samples[j]];
            double sum = 0;
            for (int q = 0; q < u->n_clones && q < top_n; q++)
                sum += u->clones[q].size[j];
            ymax = fmax(ymax, fmax(sum, isfinite(s->pvl) ? s->pvl : 0));
        }
        axes_t a = {0};
        a.left = left, a.top = y_top, a.width = plot_w, a.height = ph;
        a.y0 = 0;
        double st = nice_step(ymax > 0 ? ymax : 1, 5);
        a.y1 = ceil((ymax > 0 ? ymax : 1) * 1.02 / st) * st;
        fprintf(fp,
                "<text x=\"%d\" y=\"%.1f\" font-size=\"14\" font-weight=\"bold\" " FONT
                " fill=\"#222\">",
                left, y_top - 10);
        hp_xml_escape(fp, u->name);
        fprintf(fp, "</text>\n");
        draw_y_axis(fp, &a, "copies per 100 cells");
        fprintf(fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#555\"/>\n",
                a.left, a.top + ph, a.left + a.width, a.top + ph);
        for (int j = 0; j < u->n; j++) {
            const hp_cmp_sample_t *s = &c->samples[u->samples[j]];
            double x = left + gap + j * (bar_w + gap), base = 0;
            for (int q = 0; q < u->n_clones && q < top_n; q++) {
                const hp_cmp_clone_t *ck = &u->clones[q];
                double v = ck->size[j];
                if (!(v > 0)) continue;
                double y1 = ax_y(&a, base + v), y0 = ax_y(&a, base);
                fprintf(fp,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" "
                        "fill=\"%s\" stroke=\"#ffffff\" stroke-width=\"0.5\"><title>",
                        x, y1, bar_w, y0 - y1, palette[q % N_PAL]);
                fprintf(fp, "%s:%" PRId64 " (%c) at ", ck->chrom, ck->pos, ck->strand);
                hp_xml_escape(fp, s->name);
                fprintf(fp, ": %.3g copies/100 cells, %g fragments</title></rect>\n", v,
                        ck->fragments[j]);
                base += v;
            }
            double rest = isfinite(s->pvl) ? s->pvl - base : 0;
            if (rest > 0) {
                double y1 = ax_y(&a, base + rest), y0 = ax_y(&a, base);
                fprintf(fp,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\" "
                        "stroke=\"#ffffff\" stroke-width=\"0.5\"><title>other clones and "
                        "below detection: %.3g copies/100 cells</title></rect>\n",
                        x, y1, bar_w, y0 - y1, OTHER_COLOUR, rest);
            }
            snprintf(buf, sizeof buf, "%g", s->timepoint);
            fprintf(fp,
                    "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"middle\" " FONT
                    " fill=\"#222\">t = %s%s</text>\n",
                    x + bar_w / 2.0, a.top + ph + 16, buf,
                    s->infusion || (isfinite(s->days_since_dose) && j > 0 &&
                                    s->days_since_dose <
                                        s->timepoint - c->samples[u->samples[j - 1]].timepoint)
                        ? " &#9660;"
                        : "");
            fprintf(fp,
                    "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\" " FONT
                    " fill=\"#555\">",
                    x + bar_w / 2.0, a.top + ph + 30);
            hp_xml_escape(fp, s->name);
            fputs("</text>\n", fp);
        }
        /* legend: colour, site, and what became of it at the last time point */
        double lx = left + plot_w + 24, ly = y_top;
        int shown = 0;
        for (int q = 0; q < u->n_clones && q < top_n; q++, shown++) {
            const hp_cmp_clone_t *ck = &u->clones[q];
            double y = ly + 17 * q;
            int last = u->n - 1;
            const char *fate = u->n == 1 || last == u->baseline ? ""
                               : ck->verdict[last] == HP_V_NA   ? ""
                                                              : hp_verdict_words(ck->verdict[last]);
            fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>\n",
                    lx, y - 10, palette[q % N_PAL]);
            fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" " FONT " fill=\"#222\">",
                    lx + 17, y);
            hp_xml_escape(fp, ck->chrom);
            fputc(':', fp);
            put_pos(fp, ck->pos);
            fprintf(fp, " (%c)%s%s</text>\n", ck->strand, *fate ? ": " : "", fate);
        }
        double y = ly + 17 * shown;
        fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>\n", lx,
                y - 10, OTHER_COLOUR);
        fprintf(fp,
                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" " FONT " fill=\"#222\">rest of "
                "the PVL (",
                lx + 17, y);
        if (u->n_clones > top_n) fprintf(fp, "%d smaller clones, ", u->n_clones - top_n);
        fputs("undetected cells)</text>\n", fp);
        if (u->n_clones == 0)
            fprintf(fp,
                    "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" " FONT " fill=\"#a00\">no "
                    "integration site detected</text>\n",
                    lx, y + 18);
    }
    fputs("</svg>\n", fp);
    return ferror(fp) ? -1 : 0;
}

int hp_cmp_visit_sample(const hp_cmp_t *c, const hp_cmp_subject_t *u)
{
    if (u->n < 2) return -1;
    for (int j = u->n - 1; j >= 0; j--) {
        const hp_cmp_sample_t *s = &c->samples[u->samples[j]];
        if (s->is_baseline) continue;
        if (isnan(c->opt.visit) || s->timepoint == c->opt.visit) return u->samples[j];
    }
    return -1;
}

/* Small multiples: one panel per subject, all on the same time and PVL axes. */
int hp_cmp_write_cohort_svg(FILE *fp, const hp_cmp_t *c)
{
    const int pw = 300, ph = 190, gx = 70, gy = 64, left = 70, top = 100;
    int ncol = c->n_subjects < 3 ? c->n_subjects : 3, nrow = (c->n_subjects + ncol - 1) / ncol;
    if (ncol < 1) ncol = 1, nrow = 1;
    int W = left + ncol * (pw + gx), H = top + nrow * (ph + gy) + 10;
    double tmin, tmax, ymin = INFINITY, ymax = 0;
    time_range(c, &tmin, &tmax);
    for (int i = 0; i < c->n_samples; i++) {
        const hp_cmp_sample_t *s = &c->samples[i];
        double v[3] = {s->pvl, s->pvl_lo, s->pvl_hi};
        for (int k = 0; k < 3; k++)
            if (isfinite(v[k]) && v[k] > 0) ymin = fmin(ymin, v[k]), ymax = fmax(ymax, v[k]);
    }
    if (!(tmax > tmin)) tmin -= 1, tmax += 1;
    if (!isfinite(ymin)) ymin = 0.01, ymax = 1;
    double pad = 0.06 * (tmax - tmin);
    svg_open(fp, W, H, "HTLV-1 proviral load per subject");
    fprintf(fp,
            "<text x=\"%d\" y=\"26\" font-size=\"17\" font-weight=\"bold\" " FONT
            " fill=\"#111\">Proviral load per subject (same axes in every panel)</text>\n",
            left);
    fprintf(fp,
            "<text x=\"%d\" y=\"44\" font-size=\"11\" " FONT " fill=\"#555\">copies per 100 cells "
            "(log scale) against %s; square: baseline; bars: 95 %% CI; filled circle: change "
            "beyond counting noise and the &#177;%g %% band; &#9660;: dose</text>\n",
            left, time_label(c), c->opt.noise_band_pct);
    fprintf(fp,
            "<text x=\"%d\" y=\"58\" font-size=\"11\" " FONT " fill=\"#b42318\">red label: QC "
            "flag or possible sample swap (see the tables)</text>\n",
            left);
    for (int k = 0; k < c->n_subjects; k++) {
        const hp_cmp_subject_t *u = &c->subjects[k];
        axes_t a = {0};
        a.left = left + (k % ncol) * (pw + gx), a.top = top + (k / ncol) * (ph + gy);
        a.width = pw, a.height = ph, a.log_y = 1;
        a.x0 = tmin - pad, a.x1 = tmax + pad;
        a.y0 = pow(10, floor(log10(ymin))), a.y1 = pow(10, ceil(log10(ymax)));
        if (a.y1 <= a.y0) a.y1 = a.y0 * 10;
        const char *col = palette[k % N_PAL];
        fprintf(fp,
                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\" font-weight=\"bold\" " FONT
                " fill=\"#222\">",
                a.left, a.top - 16);
        hp_xml_escape(fp, u->name);
        fputs("</text>\n", fp);
        fprintf(fp,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#fcfcfc\" "
                "stroke=\"#999\" stroke-width=\"1\"/>\n",
                a.left, a.top, a.width, a.height);
        draw_y_axis(fp, &a, "");
        double st = nice_step(a.x1 - a.x0, 4);
        char buf[64];
        for (double v = ceil(a.x0 / st) * st; v <= a.x1 + 1e-9 * st; v += st) {
            double x = ax_x(&a, v);
            fprintf(fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#555\"/>\n",
                    x, a.top + a.height, x, a.top + a.height + 4);
            tick_label(buf, sizeof buf, v);
            fprintf(fp,
                    "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\" " FONT
                    " fill=\"#333\">%s</text>\n",
                    x, a.top + a.height + 15, buf);
        }
        int n_mark = u->n_doses ? u->n_doses : u->n;
        for (int j = 0; j < n_mark; j++) {
            const hp_cmp_sample_t *s = &c->samples[u->samples[u->n_doses ? 0 : j]];
            if (!u->n_doses && !s->infusion) continue;
            double x = ax_x(&a, u->n_doses ? u->dose_day[j] : s->timepoint);
            fprintf(fp,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888\" "
                    "stroke-dasharray=\"3,3\"/>\n<path d=\"M%.1f %.1f L%.1f %.1f L%.1f %.1f Z\" "
                    "fill=\"#555\"/>\n",
                    x, a.top, x, a.top + a.height, x - 4, a.top - 8, x + 4, a.top - 8, x,
                    a.top - 1);
        }
        fprintf(fp, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"", col);
        for (int j = 0; j < u->n; j++) {
            const hp_cmp_sample_t *s = &c->samples[u->samples[j]];
            fprintf(fp, "%s%.1f,%.1f", j ? " " : "", ax_x(&a, s->timepoint), ax_y(&a, s->pvl));
        }
        fputs("\"/>\n", fp);
        int flagged = 0;
        for (int j = 0; j < u->n; j++) {
            const hp_cmp_sample_t *s = &c->samples[u->samples[j]];
            double x = ax_x(&a, s->timepoint), y = ax_y(&a, s->pvl);
            flagged |= s->qc_flags != 0 || s->swap_flag;
            if (isfinite(s->pvl_lo) && isfinite(s->pvl_hi))
                fprintf(fp,
                        "<path d=\"M%.1f %.1f V%.1f M%.1f %.1f H%.1f M%.1f %.1f H%.1f\" "
                        "stroke=\"%s\" stroke-width=\"1.3\" fill=\"none\"/>\n",
                        x, ax_y(&a, s->pvl_lo), ax_y(&a, s->pvl_hi), x - 3, ax_y(&a, s->pvl_lo),
                        x + 3, x - 3, ax_y(&a, s->pvl_hi), x + 3, col);
            if (s->is_baseline)
                fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"8\" fill=\"%s\"/>\n",
                        x - 4, y - 4, col);
            else
                fprintf(fp,
                        "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"%s\" stroke=\"%s\" "
                        "stroke-width=\"1.5\"/>\n",
                        x, y, s->beyond_noise == 1 ? col : "#ffffff", col);
            if (!s->is_baseline && isfinite(s->change_pct))
                fprintf(fp,
                        "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" " FONT
                        " fill=\"%s\">%+.0f%%</text>\n",
                        x + 6, y - 6, col, s->change_pct);
        }
        if (flagged) {
            fprintf(fp,
                    "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" font-weight=\"bold\" "
                    "text-anchor=\"end\" " FONT " fill=\"#b42318\">",
                    a.left + a.width, a.top - 16);
            int any_swap = 0, any_qc = 0;
            for (int j = 0; j < u->n; j++)
                any_swap |= c->samples[u->samples[j]].swap_flag,
                    any_qc |= c->samples[u->samples[j]].qc_flags != 0;
            fprintf(fp, "%s%s%s</text>\n", any_swap ? "possible swap" : "",
                    any_swap && any_qc ? "; " : "", any_qc ? "QC flag" : "");
        }
    }
    fputs("</svg>\n", fp);
    return ferror(fp) ? -1 : 0;
}

static const hp_cmp_t *g_wf;
static int cmp_change(const void *a, const void *b)
{
    const hp_cmp_sample_t *x = &g_wf->samples[*(const int *)a],
                          *y = &g_wf->samples[*(const int *)b];
    double u = isfinite(x->change_pct) ? x->change_pct : -INFINITY;
    double v = isfinite(y->change_pct) ? y->change_pct : -INFINITY;
    if (u != v) return u > v ? -1 : 1; /* largest rise first, largest fall last */
    return strcmp(x->subject, y->subject);
}

int hp_cmp_write_waterfall_svg(FILE *fp, const hp_cmp_t *c)
{
    int n = 0, *idx = malloc(((size_t)c->n_subjects + 1) * sizeof *idx);
    if (!idx) return -1;
    for (int k = 0; k < c->n_subjects; k++) {
        int i = hp_cmp_visit_sample(c, &c->subjects[k]);
        if (i >= 0 && isfinite(c->samples[i].change_pct)) idx[n++] = i;
    }
    g_wf = c;
    qsort(idx, (size_t)n, sizeof *idx, cmp_change);
    int bw = 44, gap = 18, left = 80, top = 100;
    int pw = n * (bw + gap) + gap;
    if (pw < 520) pw = 520;
    int W = left + pw + 200, H = top + 330 + 90;
    /* the axis stops at +100 %: larger rises are drawn to the top and labelled */
    double band = c->opt.noise_band_pct, ymax = fmax(50, band);
    for (int i = 0; i < n; i++) {
        const hp_cmp_sample_t *s = &c->samples[idx[i]];
        double h = isfinite(s->change_hi) ? s->change_hi : s->change_pct;
        ymax = fmax(ymax, fmin(h, 100));
    }
    axes_t a = {0};
    a.left = left, a.top = top, a.width = pw, a.height = 330;
    a.y0 = -100;
    double st = nice_step(ymax + 100, 6);
    a.y1 = ceil(ymax * 1.05 / st) * st;
    int beyond = 0, n_swap = 0;
    for (int i = 0; i < n; i++) {
        n_swap += c->samples[idx[i]].swap_flag;
        beyond += c->samples[idx[i]].beyond_noise == 1 && !c->samples[idx[i]].swap_flag;
    }
    svg_open(fp, W, H, "Change of proviral load from baseline");
    fprintf(fp,
            "<text x=\"%d\" y=\"26\" font-size=\"17\" font-weight=\"bold\" " FONT
            " fill=\"#111\">Change from baseline at ",
            left);
    if (isnan(c->opt.visit))
        fputs("each subject's last visit", fp);
    else
        fprintf(fp, "day %g", c->opt.visit);
    fprintf(fp, ": %d of %d subjects (%.0f %%) beyond noise", beyond, n - n_swap,
            n - n_swap ? 100.0 * beyond / (n - n_swap) : 0.0);
    fputs("</text>\n", fp);
    fprintf(fp,
            "<text x=\"%d\" y=\"44\" font-size=\"11\" " FONT " fill=\"#555\">one bar per subject: "
            "%% change of PVL with its 95 %% CI; grey band: the &#177;%g %% assay noise band "
            "(placebo spread)</text>\n",
            left, band);
    fprintf(fp,
            "<text x=\"%d\" y=\"58\" font-size=\"11\" " FONT " fill=\"#555\">beyond noise: CI "
            "excludes 0 and |change| &gt; %g %%; black tick: the smallest fall that subject's "
            "depth can show</text>\n",
            left, band);
    fprintf(fp,
            "<text x=\"%d\" y=\"72\" font-size=\"11\" " FONT " fill=\"#555\">beyond counting "
            "noise (&#215;: no fall can)</text>\n",
            left);
    double yb0 = ax_y(&a, band), yb1 = ax_y(&a, -band);
    fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#eeeeee\"/>\n",
            a.left, yb0, a.width, yb1 - yb0);
    draw_y_axis(fp, &a, "change from baseline, %");
    double y0 = ax_y(&a, 0);
    fprintf(fp,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\" "
            "stroke-width=\"1.2\"/>\n",
            a.left, y0, a.left + a.width, y0);
    for (int i = 0; i < n; i++) {
        const hp_cmp_sample_t *s = &c->samples[idx[i]];
        double x = a.left + gap + i * (bw + gap), y = ax_y(&a, s->change_pct);
        const char *fill = s->swap_flag           ? "#ffffff"
                           : s->beyond_noise != 1 ? "#9e9e9e"
                           : s->change_pct < 0    ? "#1a7f37"
                                                  : "#b42318";
        fprintf(fp,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\" "
                "stroke=\"%s\" stroke-dasharray=\"%s\"><title>",
                x, fmin(y, y0), bw, fabs(y - y0), fill, s->swap_flag ? "#b42318" : "none",
                s->swap_flag ? "4,3" : "none");
        hp_xml_escape(fp, s->subject);
        fprintf(fp, " (%s): %+.1f %%</title></rect>\n", s->name, s->change_pct);
        if (s->change_pct > a.y1)
            fprintf(fp,
                    "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\" " FONT
                    " fill=\"#222\">%+.0f %% &#8593;</text>\n",
                    x + bw / 2.0, a.top - 4, s->change_pct);
        double lo = isfinite(s->change_lo) ? s->change_lo : NAN;
        double hi = isfinite(s->change_hi) ? s->change_hi : a.y1;
        if (isfinite(lo)) {
            double xm = x + bw / 2.0;
            fprintf(fp,
                    "<path d=\"M%.1f %.1f V%.1f M%.1f %.1f H%.1f M%.1f %.1f H%.1f\" "
                    "stroke=\"#222\" stroke-width=\"1.3\" fill=\"none\"/>\n",
                    xm, ax_y(&a, lo), ax_y(&a, hi), xm - 5, ax_y(&a, lo), xm + 5, xm - 5,
                    ax_y(&a, hi), xm + 5);
        }
        if (isfinite(s->min_fall_pct))
            fprintf(fp,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000\" "
                    "stroke-width=\"3\"><title>smallest detectable fall %.0f %%</title></line>\n",
                    x - 3, ax_y(&a, -s->min_fall_pct), x + 9, ax_y(&a, -s->min_fall_pct),
                    s->min_fall_pct);
        else
            fprintf(fp,
                    "<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\" " FONT
                    " fill=\"#000\">&#215;<title>no fall detectable at this depth</title>"
                    "</text>\n",
                    x - 4, ax_y(&a, -100) - 4);
        fprintf(fp,
                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" " FONT
                " fill=\"#222\" transform=\"rotate(-45 %.1f %.1f)\">",
                x + bw / 2.0 + 4, a.top + a.height + 16, x + bw / 2.0 + 4, a.top + a.height + 16);
        hp_xml_escape(fp, s->subject);
        fprintf(fp, "%s</text>\n", s->swap_flag || s->qc_flags ? " (!)" : "");
    }
    double lx = a.left + a.width + 20;
    static const char *lab[] = {"fall beyond noise", "rise beyond noise", "within noise",
                                "possible sample swap"};
    static const char *colr[] = {"#1a7f37", "#b42318", "#9e9e9e", "#ffffff"};
    for (int i = 0; i < 4; i++) {
        fprintf(fp,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\" "
                "stroke=\"%s\" stroke-dasharray=\"3,2\"/>\n",
                lx, a.top + 18.0 * i, colr[i], i == 3 ? "#b42318" : "none");
        fprintf(fp,
                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" " FONT " fill=\"#222\">%s</text>\n",
                lx + 17, a.top + 18.0 * i + 10, lab[i]);
    }
    if (n_swap)
        fprintf(fp,
                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" " FONT " fill=\"#b42318\">%d "
                "left out of the share:</text>\n<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" " FONT
                " fill=\"#b42318\">possible sample swap</text>\n",
                lx, a.top + 106.0, n_swap, lx, a.top + 120.0);
    int missing = c->n_subjects - n;
    if (missing > 0)
        fprintf(fp,
                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" " FONT " fill=\"#555\">%d subject%s "
                "without a change at this visit</text>\n",
                lx, a.top + 88.0, missing, missing == 1 ? "" : "s");
    if (n == 0)
        fprintf(fp,
                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\" " FONT " fill=\"#555\">no change "
                "from baseline to show</text>\n",
                a.left + 20, a.top + 40);
    free(idx);
    fputs("</svg>\n", fp);
    return ferror(fp) ? -1 : 0;
}
