/* compare_input.c -- the sample sheet, summary.json and sites.tsv readers of `compare`. */
#include "htlvpvl/cli.h"
#include "htlvpvl/compare.h"
#include "htlvpvl/tsv.h"
#include "htlvpvl/contigs.h"
#include "htlvpvl/json_read.h"
#include "htlvpvl/stats.h"
#include <errno.h>
#include <htslib/hts.h>
#include <htslib/kstring.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void seterr(char *err, int errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, (size_t)errlen, fmt, ap);
    va_end(ap);
}

void hp_cmp_opt_init(hp_cmp_opt_t *opt)
{
    opt->noise_band_pct = 36.0;
    opt->window_bp = 5;
    opt->window_inexact_bp = 500;
    opt->top = 10;
    opt->log_axis = 1;
    opt->alpha = 0.05;
    opt->alpha_new = 0.05;
    opt->swap_alpha = 0.001;
    opt->swap_min_expected = 3;
    opt->precision_pct = 50;
    opt->visit = NAN;
}

void hp_cmp_init(hp_cmp_t *c, const hp_cmp_opt_t *opt)
{
    memset(c, 0, sizeof *c);
    if (opt)
        c->opt = *opt;
    else
        hp_cmp_opt_init(&c->opt);
}

static void clone_free(hp_cmp_clone_t *k)
{
    free(k->chrom);
    free(k->fragments), free(k->cell_fraction), free(k->size);
    free(k->fold), free(k->fold_lo), free(k->fold_hi);
    free(k->expected), free(k->p_absent), free(k->status), free(k->trend);
    free(k->p_value), free(k->verdict);
}

void hp_cmp_destroy(hp_cmp_t *c)
{
    if (!c) return;
    for (int i = 0; i < c->n_samples; i++) {
        hp_cmp_sample_t *s = &c->samples[i];
        free(s->name), free(s->subject), free(s->summary_path), free(s->sites_path);
        free(s->infusion), free(s->date), free(s->qc_summary);
        for (int j = 0; j < s->n_sites_rows; j++)
            free(s->sites[j].chrom);
        free(s->sites);
    }
    free(c->samples);
    for (int i = 0; i < c->n_subjects; i++) {
        hp_cmp_subject_t *u = &c->subjects[i];
        free(u->name), free(u->samples);
        for (int j = 0; j < u->n_clones; j++)
            clone_free(&u->clones[j]);
        free(u->clones);
        free(u->dose_day), free(u->dose_mg_per_kg), free(u->dose_drug);
    }
    free(c->subjects);
    for (int i = 0; i < c->n_doses; i++)
        free(c->doses[i].subject), free(c->doses[i].drug);
    free(c->doses), free(c->doses_path);
    free(c->sheet_path);
    memset(c, 0, sizeof *c);
}

/* Split s in place at tabs; returns the number of fields (at most max). */
static int split_tabs(char *s, char **f, int max)
{
    int n = 0;
    char *p = s;
    for (;;) {
        char *t = strchr(p, '\t');
        if (n < max) f[n] = p;
        n++;
        if (!t) break;
        *t = '\0';
        p = t + 1;
    }
    return n;
}

static void chomp(kstring_t *ks)
{
    while (ks->l > 0 && (ks->s[ks->l - 1] == '\r' || ks->s[ks->l - 1] == '\n'))
        ks->s[--ks->l] = '\0';
}

static int parse_num(const char *s, double *out) { return hp_parse_num(s, -HUGE_VAL, HUGE_VAL, out); }

/* Yes/no words of the baseline and infusion columns: 1 yes, 0 no, -1 neither. */
static int yes_no(const char *s)
{
    static const char *yes[] = {"1", "yes", "y", "true", "TRUE", "Yes", "YES", "baseline"};
    static const char *no[] = {"0", "no", "n", "false", "FALSE", "No", "NO"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        if (strcmp(s, yes[i]) == 0) return 1;
    if (hp_tsv_is_na(s)) return 0;
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (strcmp(s, no[i]) == 0) return 0;
    return -1;
}

/* path relative to the sheet's folder unless absolute. */
static char *resolve(const char *sheet, const char *path)
{
    const char *slash = strrchr(sheet, '/');
    if (path[0] == '/' || !slash) return strdup(path);
    size_t nd = (size_t)(slash - sheet) + 1, np = strlen(path);
    char *r = malloc(nd + np + 1);
    if (!r) return NULL;
    memcpy(r, sheet, nd);
    memcpy(r + nd, path, np + 1);
    return r;
}

static char *sites_beside(const char *summary)
{
    static const char suf[] = ".summary.json";
    size_t n = strlen(summary), ns = sizeof suf - 1;
    if (n <= ns || strcmp(summary + n - ns, suf) != 0) return NULL;
    char *r = malloc(n - ns + 11);
    if (!r) return NULL;
    memcpy(r, summary, n - ns);
    strcpy(r + n - ns, ".sites.tsv");
    return r;
}

enum { C_SAMPLE, C_SUBJECT, C_TIME, C_SUMMARY, C_BASELINE, C_INFUSION, C_DOSE, C_SITES, N_COLS };
static const char *col_names[N_COLS] = {"sample",   "subject",  "timepoint",      "summary",
                                        "baseline", "infusion", "dose_mg_per_kg", "sites"};

int hp_cmp_read_sheet(hp_cmp_t *c, const char *path)
{
    int ret = -1, col[N_COLS], n_hdr = 0, line = 0, cap = 0;
    kstring_t ks = KS_INITIALIZE;
    char **f = NULL;
    htsFile *fp = hts_open(path, "r");
    if (!fp) {
        seterr(c->err, sizeof c->err, "%s: cannot open: %s", path,
               strerror(errno ? errno : ENOENT));
        return -1;
    }
    if (!(c->sheet_path = strdup(path))) goto oom;
    for (int i = 0; i < N_COLS; i++)
        col[i] = -1;
    int r;
    while ((r = hts_getline(fp, '\n', &ks)) >= 0) {
        line++;
        chomp(&ks);
        if (ks.l == 0 || ks.s[0] == '#') continue;
        if (n_hdr == 0) { /* header row */
            int nf = 1;
            for (size_t i = 0; i < ks.l; i++)
                nf += ks.s[i] == '\t';
            if (!(f = calloc((size_t)nf + 1, sizeof *f))) goto oom;
            n_hdr = split_tabs(ks.s, f, nf);
            for (int i = 0; i < n_hdr; i++)
                for (int j = 0; j < N_COLS; j++)
                    if (strcmp(f[i], col_names[j]) == 0) {
                        if (col[j] >= 0) {
                            seterr(c->err, sizeof c->err, "%s: column '%s' appears twice", path,
                                   f[i]);
                            goto done;
                        }
                        col[j] = i;
                    }
            for (int j = 0; j <= C_SUMMARY; j++)
                if (col[j] < 0) {
                    seterr(c->err, sizeof c->err,
                           "%s: missing column '%s' (need sample, subject, timepoint, summary)",
                           path, col_names[j]);
                    goto done;
                }
            continue;
        }
        int nf = split_tabs(ks.s, f, n_hdr);
        if (nf != n_hdr) {
            seterr(c->err, sizeof c->err, "%s: line %d: %d fields, the header has %d", path, line,
                   nf, n_hdr);
            goto done;
        }
        if (c->n_samples == cap) {
            cap = cap ? 2 * cap : 16;
            hp_cmp_sample_t *ns = realloc(c->samples, (size_t)cap * sizeof *ns);
            if (!ns) goto oom;
            c->samples = ns;
        }
        hp_cmp_sample_t *s = &c->samples[c->n_samples++];
        memset(s, 0, sizeof *s);
        s->dose_mg_per_kg = NAN;
        s->sheet_line = line;
        const char *name = f[col[C_SAMPLE]], *subj = f[col[C_SUBJECT]];
        const char *tp = f[col[C_TIME]], *sum = f[col[C_SUMMARY]];
        if (!*name || !*subj || !*sum) {
            seterr(c->err, sizeof c->err, "%s: line %d: empty %s", path, line,
                   !*name   ? "sample"
                   : !*subj ? "subject"
                            : "summary");
            goto done;
        }
        if (!(s->name = strdup(name)) || !(s->subject = strdup(subj))) goto oom;
        if (parse_num(tp, &s->timepoint) != 0) {
            if (hp_parse_iso_date(tp, &s->timepoint) != 0) {
                seterr(c->err, sizeof c->err,
                       "%s: line %d: timepoint '%s' is not a number of days or an ISO date "
                       "(YYYY-MM-DD)",
                       path, line, tp);
                goto done;
            }
            if (!(s->date = strdup(tp))) goto oom;
        }
        if (!(s->summary_path = resolve(path, sum))) goto oom;
        if (col[C_SITES] >= 0 && !hp_tsv_is_na(f[col[C_SITES]])) {
            if (!(s->sites_path = resolve(path, f[col[C_SITES]]))) goto oom;
        } else if (!(s->sites_path = sites_beside(s->summary_path))) {
            seterr(c->err, sizeof c->err,
                   "%s: line %d: summary '%s' does not end in .summary.json, so its sites.tsv "
                   "cannot be found (add a 'sites' column)",
                   path, line, sum);
            goto done;
        }
        if (col[C_BASELINE] >= 0) {
            int b = yes_no(f[col[C_BASELINE]]);
            if (b < 0) {
                seterr(c->err, sizeof c->err, "%s: line %d: baseline '%s' is not yes/no/1/0", path,
                       line, f[col[C_BASELINE]]);
                goto done;
            }
            s->baseline_mark = b;
        }
        if (col[C_INFUSION] >= 0) {
            const char *v = f[col[C_INFUSION]];
            if (yes_no(v) != 0 && !(s->infusion = strdup(v))) goto oom;
        }
        if (col[C_DOSE] >= 0 && !hp_tsv_is_na(f[col[C_DOSE]]) &&
            (parse_num(f[col[C_DOSE]], &s->dose_mg_per_kg) != 0 || s->dose_mg_per_kg < 0)) {
            seterr(c->err, sizeof c->err, "%s: line %d: dose_mg_per_kg '%s' is not a number", path,
                   line, f[col[C_DOSE]]);
            goto done;
        }
        for (int i = 0; i < c->n_samples - 1; i++) {
            hp_cmp_sample_t *o = &c->samples[i];
            if (strcmp(o->name, s->name) == 0) {
                seterr(c->err, sizeof c->err, "%s: duplicate sample name '%s' (lines %d and %d)",
                       path, s->name, o->sheet_line, line);
                goto done;
            }
            if (strcmp(o->subject, s->subject) == 0 && o->timepoint == s->timepoint) {
                seterr(c->err, sizeof c->err,
                       "%s: subject '%s' has two samples at timepoint %g ('%s', '%s')", path,
                       s->subject, s->timepoint, o->name, s->name);
                goto done;
            }
            if (strcmp(o->subject, s->subject) == 0 && o->baseline_mark && s->baseline_mark) {
                seterr(c->err, sizeof c->err, "%s: subject '%s' has two baselines ('%s', '%s')",
                       path, s->subject, o->name, s->name);
                goto done;
            }
        }
    }
    if (r < -1) {
        seterr(c->err, sizeof c->err, "%s: read error", path);
        goto done;
    }
    if (n_hdr == 0) {
        seterr(c->err, sizeof c->err, "%s: empty sheet (no header row)", path);
        goto done;
    }
    if (c->n_samples == 0) {
        seterr(c->err, sizeof c->err, "%s: no samples below the header", path);
        goto done;
    }
    ret = 0;
    goto done;
oom:
    seterr(c->err, sizeof c->err, "%s: out of memory", path);
done:
    free(f);
    free(ks.s);
    if (hts_close(fp) != 0 && ret == 0) {
        seterr(c->err, sizeof c->err, "%s: read error on close", path);
        ret = -1;
    }
    return ret;
}

/* sites.tsv: header row (optionally starting with '#'), columns found by name. */
static int load_sites(hp_cmp_sample_t *s, char *err, int errlen)
{
    enum { S_CHROM, S_POS, S_STRAND, S_FRAG, S_CF, S_EXACT, N_S };
    static const char *names[N_S] = {"chrom",     "pos",           "strand",
                                     "fragments", "cell_fraction", "exact"};
    int col[N_S] = {-1, -1, -1, -1, -1, -1}, n_hdr = 0, line = 0, cap = 0, ret = -1, r;
    const char *path = s->sites_path;
    kstring_t ks = KS_INITIALIZE;
    char **f = NULL;
    htsFile *fp = hts_open(path, "r");
    if (!fp) {
        seterr(err, errlen, "%s: cannot open the sites table beside the summary: %s", path,
               strerror(errno ? errno : ENOENT));
        return -1;
    }
    while ((r = hts_getline(fp, '\n', &ks)) >= 0) {
        line++;
        chomp(&ks);
        if (ks.l == 0) continue;
        if (n_hdr == 0) {
            char *h = ks.s + (ks.s[0] == '#');
            int nf = 1;
            for (char *p = h; *p; p++)
                nf += *p == '\t';
            if (!(f = calloc((size_t)nf + 1, sizeof *f))) goto oom;
            n_hdr = split_tabs(h, f, nf);
            for (int i = 0; i < n_hdr; i++)
                for (int j = 0; j < N_S; j++)
                    if (strcmp(f[i], names[j]) == 0 && col[j] < 0) col[j] = i;
            for (int j = 0; j < S_CF; j++)
                if (col[j] < 0) {
                    seterr(err, errlen, "%s: header has no '%s' column", path, names[j]);
                    goto done;
                }
            continue;
        }
        if (ks.s[0] == '#') continue;
        int nf = split_tabs(ks.s, f, n_hdr);
        if (nf != n_hdr) {
            seterr(err, errlen, "%s: line %d: %d fields, the header has %d", path, line, nf, n_hdr);
            goto done;
        }
        if (s->n_sites_rows == cap) {
            cap = cap ? 2 * cap : 64;
            hp_cmp_site_t *ns = realloc(s->sites, (size_t)cap * sizeof *ns);
            if (!ns) goto oom;
            s->sites = ns;
        }
        hp_cmp_site_t *t = &s->sites[s->n_sites_rows];
        double pos, fr, cf = NAN;
        const char *st = f[col[S_STRAND]];
        if (parse_num(f[col[S_POS]], &pos) != 0 || pos < 1 || pos != floor(pos) ||
            pos > (double)HP_CONTIG_LEN_MAX) {
            seterr(err, errlen, "%s: line %d: bad pos '%s'", path, line, f[col[S_POS]]);
            goto done;
        }
        if ((st[0] != '+' && st[0] != '-') || st[1]) {
            seterr(err, errlen, "%s: line %d: strand '%s' is not + or -", path, line, st);
            goto done;
        }
        if (parse_num(f[col[S_FRAG]], &fr) != 0 || fr < 0) {
            seterr(err, errlen, "%s: line %d: bad fragments '%s'", path, line, f[col[S_FRAG]]);
            goto done;
        }
        if (col[S_CF] >= 0 && !hp_tsv_is_na(f[col[S_CF]]) &&
            (parse_num(f[col[S_CF]], &cf) != 0 || cf < 0)) {
            seterr(err, errlen, "%s: line %d: bad cell_fraction '%s'", path, line, f[col[S_CF]]);
            goto done;
        }
        int exact = 1;
        if (col[S_EXACT] >= 0 && (exact = yes_no(f[col[S_EXACT]])) < 0) {
            seterr(err, errlen, "%s: line %d: exact '%s' is not 1/0", path, line, f[col[S_EXACT]]);
            goto done;
        }
        if (!*f[col[S_CHROM]]) {
            seterr(err, errlen, "%s: line %d: empty chrom", path, line);
            goto done;
        }
        if (!(t->chrom = strdup(f[col[S_CHROM]]))) goto oom;
        t->pos = (int64_t)pos, t->strand = st[0], t->fragments = fr, t->cell_fraction = cf;
        t->exact = exact;
        s->n_sites_rows++;
    }
    if (r < -1) {
        seterr(err, errlen, "%s: read error", path);
        goto done;
    }
    if (n_hdr == 0) {
        seterr(err, errlen, "%s: empty file (no header row)", path);
        goto done;
    }
    ret = 0;
    goto done;
oom:
    seterr(err, errlen, "%s: out of memory", path);
done:
    free(f);
    free(ks.s);
    if (hts_close(fp) != 0 && ret == 0) {
        seterr(err, errlen, "%s: read error on close", path);
        ret = -1;
    }
    return ret;
}

/* An optional number: missing or null -> NaN; another type -> error. */
static int opt_num(const hp_jval_t *j, const char *key, double *out)
{
    if (!hp_jval_path(j, key)) return *out = NAN, 0;
    return hp_jval_get_num(j, key, 1, out);
}

static int get_ci(const hp_jval_t *j, const char *key, int required, double *lo, double *hi)
{
    const hp_jval_t *a = hp_jval_path(j, key);
    *lo = *hi = NAN;
    if (!a || a->type == HP_JNULL) return required ? -1 : 0;
    if (a->type != HP_JARR || a->n != 2) return -1;
    for (int i = 0; i < 2; i++) {
        const hp_jval_t *v = &a->items[i];
        double x = v->type == HP_JNUM ? v->num : NAN;
        if (v->type != HP_JNUM && !(v->type == HP_JNULL && !required)) return -1;
        *(i ? hi : lo) = x;
    }
    return 0;
}

/* pvl.headline (the combined estimate when count wrote one) replaces the estimator's PVL;
 * its fragment count is the headline's own when given, else the effective count its CI
 * implies (1 / SE^2 of log PVL). Also reads what the QC rules need. */
static int headline_override(const hp_jval_t *j, hp_cmp_sample_t *s, char *err, int errlen)
{
    const char *est = NULL, *qc = NULL;
    s->host_depth = s->genome_size = NAN;
    if (opt_num(j, "pvl.depth.host_depth", &s->host_depth) != 0) s->host_depth = NAN;
    if (opt_num(j, "pvl.reads.genome_size", &s->genome_size) != 0) s->genome_size = NAN;
    if (hp_jval_get_str(j, "qc.flags", &qc) == 0 && !(s->qc_summary = strdup(qc))) {
        seterr(err, errlen, "%s: out of memory", s->summary_path);
        return -1;
    }
    if (!hp_jval_path(j, "pvl.headline")) return 0;
    double pvl, lo, hi, k = NAN;
    if (hp_jval_get_num(j, "pvl.headline.copies_per_100_cells", 0, &pvl) != 0 ||
        get_ci(j, "pvl.headline.ci95", 1, &lo, &hi) != 0 ||
        opt_num(j, "pvl.headline.viral_fragments", &k) != 0) {
        seterr(err, errlen, "%s: pvl.headline lacks copies_per_100_cells or ci95", s->summary_path);
        return -1;
    }
    if (!isfinite(k) && pvl > 0 && lo > 0 && isfinite(hi) && hi > lo) {
        double se = hp_log_ci_se(lo, hi);
        k = 1 / (se * se);
    }
    if (!isfinite(k)) k = s->viral_fragments;
    s->pvl = pvl, s->pvl_lo = lo, s->pvl_hi = hi, s->viral_fragments = k;
    s->pvl_key = "pvl.headline";
    if (hp_jval_get_str(j, "pvl.headline.estimator", &est) == 0)
        s->estimator = strcmp(est, "depth") == 0     ? "depth"
                       : strcmp(est, "reads") == 0   ? "reads"
                       : strcmp(est, "junction") == 0 ? "junction"
                                                      : "combined";
    else
        s->estimator = "headline";
    return 0;
}

int hp_cmp_load_sample(hp_cmp_sample_t *s, char *err, int errlen)
{
    hp_jval_t *j = NULL;
    char why[512];
    const char *path = s->summary_path, *name = NULL, *bad = NULL;
    if (hp_json_read_file(path, &j, why, sizeof why) != 0) {
        seterr(err, errlen, "%s: not a readable summary.json: %s", path, why);
        return -1;
    }
    int ret = -1;
    /* count on FASTQ reports pvl.reads instead of pvl.depth; its CI rests on the effective
     * number of viral fragments, so the change CI does too */
    int reads = !hp_jval_path(j, "pvl.depth") && hp_jval_path(j, "pvl.reads");
    const char *k_pvl = reads ? "pvl.reads.copies_per_100_cells" : "pvl.depth.copies_per_100_cells";
    const char *k_ci = reads ? "pvl.reads.ci95" : "pvl.depth.ci95";
    const char *k_vf = reads ? "pvl.reads.viral_effective_fragments" : "pvl.depth.viral_fragments";
    s->estimator = reads ? "reads" : "depth";
    if (hp_jval_get_str(j, "sample", &name) != 0)
        bad = "sample";
    else if (hp_jval_get_num(j, k_pvl, 0, &s->pvl) != 0)
        bad = k_pvl;
    else if (get_ci(j, k_ci, 1, &s->pvl_lo, &s->pvl_hi) != 0)
        bad = k_ci;
    else if (hp_jval_get_num(j, k_vf, 0, &s->viral_fragments) != 0)
        bad = k_vf;
    else if (opt_num(j, "pvl.junction.copies_per_100_cells", &s->jpvl) != 0)
        bad = "pvl.junction.copies_per_100_cells";
    else if (get_ci(j, "pvl.junction.ci95", 0, &s->jpvl_lo, &s->jpvl_hi) != 0)
        bad = "pvl.junction.ci95";
    else if (opt_num(j, "sites.count", &s->n_sites) != 0)
        bad = "sites.count";
    else if (opt_num(j, "clonality.oci", &s->oci) != 0)
        bad = "clonality.oci";
    else if (opt_num(j, "clonality.shannon", &s->shannon) != 0)
        bad = "clonality.shannon";
    else if (opt_num(j, "clonality.simpson", &s->simpson) != 0)
        bad = "clonality.simpson";
    else if (opt_num(j, "clonality.largest_clone_fraction", &s->largest_clone_fraction) != 0)
        bad = "clonality.largest_clone_fraction";
    else if (opt_num(j, "clonality.chao1", &s->chao1) != 0)
        bad = "clonality.chao1";
    else if (opt_num(j, "fragments.total", &s->fragments_total) != 0)
        bad = "fragments.total";
    if (bad) {
        seterr(err, errlen, "%s: key '%s' is missing or has the wrong type", path, bad);
        goto done;
    }
    s->pvl_key = reads ? "pvl.reads" : "pvl.depth";
    s->fastq = reads;
    if (headline_override(j, s, err, errlen) != 0) goto done;
    if (strcmp(name, s->name) != 0) {
        seterr(err, errlen, "%s: summary is of sample '%s', the sheet says '%s'", path, name,
               s->name);
        goto done;
    }
    if (s->pvl < 0 || s->viral_fragments < 0 || !(s->pvl_lo <= s->pvl_hi)) {
        seterr(err, errlen, "%s: negative PVL or fragment count, or an inverted CI", path);
        goto done;
    }
    /* copies per 100 cells: even 100 copies in every cell is 1e4; counts: no run reads 1e15 */
    if (s->pvl > 1e6 || s->pvl_hi > 1e6 || s->viral_fragments > 1e15 ||
        (isfinite(s->jpvl) && s->jpvl > 1e6)) {
        seterr(err, errlen, "%s: PVL above 1e6 copies per 100 cells or over 1e15 fragments: "
               "not a summary of a run", path);
        goto done;
    }
    /* Exposure: viral fragments per unit PVL; with no viral fragment, from the CI's upper end
     * (the upper 95 % limit of a zero count over the exposure). */
    s->exposure = NAN;
    if (s->viral_fragments > 0 && s->pvl > 0) {
        s->exposure = s->viral_fragments / s->pvl;
    } else if (s->viral_fragments == 0 && s->pvl_hi > 0 && isfinite(s->pvl_hi)) {
        double lo, hi;
        hp_poisson_ci(0, &lo, &hi);
        s->exposure = hi / s->pvl_hi;
    }
    /* FASTQ sites are host flank sequences, not coordinates: no clone matching */
    ret = reads ? 0 : load_sites(s, err, errlen);
done:
    hp_jval_destroy(j);
    return ret;
}

int hp_cmp_load(hp_cmp_t *c)
{
    for (int i = 0; i < c->n_samples; i++)
        if (hp_cmp_load_sample(&c->samples[i], c->err, (int)sizeof c->err) != 0) return -1;
    /* A change from baseline compares like with like: one estimator per subject. */
    for (int i = 0; i < c->n_samples; i++)
        for (int k = 0; k < i; k++) {
            const hp_cmp_sample_t *a = &c->samples[k], *b = &c->samples[i];
            if (strcmp(a->subject, b->subject) == 0 &&
                (a->fastq != b->fastq || strcmp(a->pvl_key, b->pvl_key) != 0)) {
                seterr(c->err, (int)sizeof c->err,
                       "%s: subject '%s' mixes PVL estimators: '%s' is from %s input (%s), "
                       "'%s' from %s input (%s)",
                       c->sheet_path ? c->sheet_path : "-", a->subject, a->name,
                       a->fastq ? "FASTQ" : "aligned", a->pvl_key, b->name,
                       b->fastq ? "FASTQ" : "aligned", b->pvl_key);
                return -1;
            }
        }
    return 0;
}
