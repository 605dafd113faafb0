/* sim_clones.c -- clones of the simulator: clone tables, clone-size distributions, random
 * draws of sites, and fragment-length distributions. */
#include "htlvpvl/ltr_match.h"
#include "htlvpvl/sim.h"
#include <ctype.h>
#include <errno.h>
#include <htslib/bgzf.h>
#include <htslib/kstring.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *hp_defective_name(hp_defective_t d)
{
    return d == HP_DEF_5LTR ? "5ltr" : d == HP_DEF_INTERNAL ? "internal" : "none";
}

int hp_defective_parse(const char *s, hp_defective_t *d)
{
    if (!strcmp(s, "none") || !strcmp(s, "-") || !strcmp(s, "") || !strcmp(s, "NA"))
        *d = HP_DEF_NONE;
    else if (!strcmp(s, "5ltr"))
        *d = HP_DEF_5LTR;
    else if (!strcmp(s, "internal"))
        *d = HP_DEF_INTERNAL;
    else
        return -1;
    return 0;
}

int64_t hp_clone_tsd_start(const hp_clone_t *c)
{
    return hp_tsd_start(c->pos, c->strand == '-');
}

static int clones_push(hp_clones_t *cl, hp_clone_t **out)
{
    if (cl->n == cl->m) {
        int m = cl->m ? 2 * cl->m : 16;
        hp_clone_t *p = realloc(cl->c, (size_t)m * sizeof *p);
        if (!p) return -3;
        cl->c = p, cl->m = m;
    }
    *out = memset(&cl->c[cl->n++], 0, sizeof(hp_clone_t));
    return 0;
}

/* Split s in place at tabs; returns the number of fields (at most max). */
static int split_tabs(char *s, char **f, int max)
{
    int n = 0;
    while (n < max) {
        f[n++] = s;
        char *t = strchr(s, '\t');
        if (!t) break;
        *t = 0, s = t + 1;
    }
    return n;
}

static int parse_double(const char *s, double *v)
{
    char *e;
    errno = 0;
    *v = strtod(s, &e);
    return (e == s || *e || errno || !isfinite(*v)) ? -1 : 0;
}

static int parse_folds(const char *s, hp_clone_t *c)
{
    char buf[512], *save = NULL;
    if (strlen(s) >= sizeof buf) return -1;
    strcpy(buf, s);
    c->n_fold = 0;
    for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        double v;
        if (c->n_fold + 1 >= HP_SIM_MAX_TP || parse_double(t, &v) < 0 || v < 0) return -1;
        c->fold[++c->n_fold] = v;
    }
    c->fold[0] = 1.0;
    return c->n_fold > 0 ? 0 : -1;
}

enum { COL_CHROM, COL_POS, COL_STRAND, COL_FRAC, COL_DEF, COL_CCR4, COL_FOLD, N_COL };

int hp_clones_read(hp_clones_t *cl, const char *path, const hp_host_t *h, int64_t flank, int *line,
                   const char **msg)
{
    static const char *colname[N_COL] = {"chrom",     "pos",  "strand", "cell_fraction",
                                         "defective", "ccr4", "fold"};
    memset(cl, 0, sizeof *cl);
    *line = 0, *msg = "";
    BGZF *fp = bgzf_open(path, "r");
    if (!fp) return -1;
    kstring_t ks = {0, 0, NULL};
    int col[N_COL], ret = 0, r, header = 0;
    for (int i = 0; i < N_COL; i++)
        col[i] = i < 5 ? i : -1; /* headerless layout */
    char *f[64];
    while ((r = bgzf_getline(fp, '\n', &ks)) >= 0) {
        ++*line;
        if (ks.l && ks.s[ks.l - 1] == '\r') ks.s[--ks.l] = 0;
        if (ks.l == 0) continue;
        char *s = ks.s;
        int is_comment = s[0] == '#';
        if (is_comment) s++;
        if (!header && cl->n == 0 && strncmp(s, "chrom\t", 6) == 0) {
            header = 1;
            int n = split_tabs(s, f, 64);
            for (int i = 0; i < N_COL; i++)
                col[i] = -1;
            for (int j = 0; j < n; j++)
                for (int i = 0; i < N_COL; i++)
                    if (strcmp(f[j], colname[i]) == 0) col[i] = j;
            for (int i = 0; i < 4; i++)
                if (col[i] < 0) {
                    *msg = "header lacks chrom, pos, strand or cell_fraction";
                    ret = -2;
                    goto done;
                }
            continue;
        }
        if (is_comment) continue;
        int n = split_tabs(s, f, 64), need = 0;
        for (int i = 0; i < N_COL; i++)
            if (col[i] >= need) need = col[i] + 1;
        if (!header && n >= 4 && n < 5) need = 4; /* headerless: defective is optional */
        if (n < need) {
            *msg = "too few columns";
            ret = -2;
            goto done;
        }
        hp_clone_t *c;
        if (clones_push(cl, &c) < 0) {
            ret = -3;
            goto done;
        }
        c->id = cl->n;
        c->ccr4 = -1;
        c->tid = hp_host_find(h, f[col[COL_CHROM]]);
        double pos, frac;
        const char *strand = f[col[COL_STRAND]];
        if (c->tid < 0)
            *msg = "chrom not in the host genome";
        else if (h->ctg[c->tid].kind == HP_CTG_MT)
            *msg = "no clones on chrM";
        else if (parse_double(f[col[COL_POS]], &pos) < 0 || pos != floor(pos))
            *msg = "pos is not an integer";
        else if (strcmp(strand, "+") && strcmp(strand, "-"))
            *msg = "strand must be + or -";
        else if (parse_double(f[col[COL_FRAC]], &frac) < 0 || frac <= 0 || frac > 1)
            *msg = "cell_fraction must be in (0, 1]";
        else if (col[COL_DEF] >= 0 && col[COL_DEF] < n &&
                 hp_defective_parse(f[col[COL_DEF]], &c->defective) < 0)
            *msg = "defective must be none, 5ltr or internal";
        else if (col[COL_CCR4] >= 0 && strcmp(f[col[COL_CCR4]], "1") &&
                 strcmp(f[col[COL_CCR4]], "0") && strcmp(f[col[COL_CCR4]], "NA"))
            *msg = "ccr4 must be 1, 0 or NA";
        else if (col[COL_FOLD] >= 0 && strcmp(f[col[COL_FOLD]], "NA") &&
                 parse_folds(f[col[COL_FOLD]], c) < 0)
            *msg = "fold must be comma-separated non-negative numbers";
        if (**msg) {
            ret = -2;
            goto done;
        }
        c->pos = (int64_t)pos, c->strand = strand[0], c->cell_fraction = frac;
        if (col[COL_CCR4] >= 0 && strcmp(f[col[COL_CCR4]], "NA"))
            c->ccr4 = f[col[COL_CCR4]][0] == '1';
        int64_t a = hp_clone_tsd_start(c);
        if (a - flank < 1 || a + HP_TSD_LAST + flank > h->ctg[c->tid].len) {
            *msg = "site too close to the contig end (or outside it)";
            ret = -2;
            goto done;
        }
    }
    if (r < -1) {
        *msg = "read error";
        ret = -2;
    } else if (cl->n == 0) {
        *msg = "no clones";
        ret = -2;
    }
done:
    free(ks.s);
    if (bgzf_close(fp) < 0 && ret == 0) ret = -2, *msg = "read error";
    if (ret) hp_clones_destroy(cl);
    return ret;
}

/* Numbers from column `want` (0-based) of a table, or from the column a header line names with
 * one of names[] (header values may be quoted). Columns are tab-separated, or separated by
 * spaces or commas in lines without a tab. */
static int read_column(const char *path, const char **names, int want, double **out, int *nout)
{
    BGZF *fp = bgzf_open(path, "r");
    if (!fp) return -1;
    kstring_t ks = {0, 0, NULL};
    double *v = NULL;
    int n = 0, m = 0, r, ret = 0, ln = 0;
    char *f[64];
    while ((r = bgzf_getline(fp, '\n', &ks)) >= 0) {
        ln++;
        if (ks.l && ks.s[ks.l - 1] == '\r') ks.s[--ks.l] = 0;
        if (ks.l == 0 || ks.s[0] == '#') continue;
        if (!memchr(ks.s, '\t', ks.l)) /* not a TSV: spaces or commas separate the columns */
            for (size_t i = 0; i < ks.l; i++)
                if (ks.s[i] == ' ' || ks.s[i] == ',') ks.s[i] = '\t';
        int nf = split_tabs(ks.s, f, 64);
        double x;
        if (ln == 1 && n == 0 && parse_double(f[0], &x) < 0) { /* header */
            for (int j = 0; j < nf; j++) {
                char *s = f[j];
                size_t l = strlen(s);
                if (l >= 2 && s[0] == '"' && s[l - 1] == '"') s[l - 1] = 0, s++;
                for (int k = 0; names[k]; k++)
                    if (strcmp(s, names[k]) == 0) want = j;
            }
            continue;
        }
        if (want >= nf || parse_double(f[want], &x) < 0 || x < 0) {
            ret = -2;
            break;
        }
        if (n == m) {
            m = m ? 2 * m : 1024;
            double *p = realloc(v, (size_t)m * sizeof *p);
            if (!p) {
                ret = -3;
                break;
            }
            v = p;
        }
        v[n++] = x;
    }
    if (r < -1 && ret == 0) ret = -2;
    if (ret == 0 && n == 0) ret = -2;
    free(ks.s);
    if (bgzf_close(fp) < 0 && ret == 0) ret = -2;
    if (ret) {
        free(v);
        return ret;
    }
    *out = v, *nout = n;
    return 0;
}

int hp_clonedist_read(double **w, int *n, const char *path)
{
    static const char *names[] = {"Frequency", "frequency", "cells", "size", NULL};
    /* headerless two-column files: sizes are in column 2; one column: column 1 */
    int r = read_column(path, names, 1, w, n);
    if (r == -2) r = read_column(path, names, 0, w, n);
    if (r == 0) {
        double s = 0;
        for (int i = 0; i < *n; i++)
            s += (*w)[i];
        if (!(s > 0)) {
            free(*w);
            *w = NULL;
            return -2;
        }
    }
    return r;
}

int hp_clones_draw(hp_clones_t *cl, hp_rng_t *rng, const hp_host_t *h, int n, const double *w,
                   int nw, double pvl, int64_t flank, int64_t spacing, double ccr4_frac)
{
    memset(cl, 0, sizeof *cl);
    double *size = malloc((size_t)(n > 0 ? n : 1) * sizeof *size);
    double *wk = nw > 0 ? malloc((size_t)nw * sizeof *wk) : NULL;
    int ret = 0;
    if (!size || (nw > 0 && !wk)) {
        ret = -3;
        goto done;
    }
    if (nw > 0) { /* weighted sampling without replacement, proportional to size */
        double tot = 0;
        memcpy(wk, w, (size_t)nw * sizeof *wk);
        for (int i = 0; i < nw; i++)
            tot += wk[i];
        for (int k = 0; k < n; k++) {
            if (!(tot > 0)) { /* fewer non-empty clones than asked for */
                ret = -1;
                goto done;
            }
            double u = hp_rng_uniform(rng) * tot, acc = 0;
            int i = 0;
            for (; i < nw - 1; i++) {
                acc += wk[i];
                if (u < acc && wk[i] > 0) break;
            }
            while (wk[i] <= 0 && i > 0)
                i--; /* rounding at the top end */
            size[k] = wk[i];
            tot -= wk[i];
            wk[i] = 0;
        }
    } else {
        for (int k = 0; k < n; k++)
            size[k] = exp(1.5 * hp_rng_normal(rng));
    }
    double tot = 0;
    for (int k = 0; k < n; k++)
        tot += size[k];
    /* autosomal sites */
    int64_t alen = 0;
    for (int i = 0; i < h->n; i++)
        if (h->ctg[i].kind == HP_CTG_AUTOSOME && h->ctg[i].len > 2 * flank + HP_TSD_LEN)
            alen += h->ctg[i].len - 2 * flank - HP_TSD_LEN;
    if (alen <= 0) {
        ret = -1;
        goto done;
    }
    for (int k = 0; k < n; k++) {
        hp_clone_t *c;
        if (clones_push(cl, &c) < 0) {
            ret = -3;
            goto done;
        }
        c->id = k + 1;
        c->cell_fraction = pvl / 100.0 * size[k] / tot;
        int placed = 0;
        for (int attempt = 0; attempt < 10000 && !placed; attempt++) {
            int64_t x = (int64_t)hp_rng_below(rng, (uint64_t)alen);
            int tid = 0;
            for (; tid < h->n; tid++) {
                const hp_host_ctg_t *g = &h->ctg[tid];
                if (g->kind != HP_CTG_AUTOSOME || g->len <= 2 * flank + HP_TSD_LEN) continue;
                if (x < g->len - 2 * flank - HP_TSD_LEN) break;
                x -= g->len - 2 * flank - HP_TSD_LEN;
            }
            int64_t a = flank + 1 + x; /* TSD start, 1-based */
            c->tid = tid;
            c->strand = hp_rng_uniform(rng) < 0.5 ? '+' : '-';
            c->pos = hp_tsd_site_pos(a, c->strand == '-');
            placed = 1;
            for (int j = 0; j < k && placed; j++)
                if (cl->c[j].tid == tid && llabs(hp_clone_tsd_start(&cl->c[j]) - a) < spacing)
                    placed = 0;
        }
        if (!placed) {
            ret = -1;
            goto done;
        }
    }
    /* CCR4+: clones in random order join the CCR4+ set while that brings its share of the
     * infected cells closer to ccr4_frac (FIELD.md: 55-60 % of infected cells are CCR4+) */
    int *perm = malloc((size_t)(n > 0 ? n : 1) * sizeof *perm);
    if (!perm) {
        ret = -3;
        goto done;
    }
    for (int k = 0; k < n; k++)
        perm[k] = k, cl->c[k].ccr4 = 0;
    for (int k = n - 1; k > 0; k--) {
        int j = (int)hp_rng_below(rng, (uint64_t)k + 1), x = perm[k];
        perm[k] = perm[j], perm[j] = x;
    }
    double share = 0, pv = pvl > 0 ? pvl / 100.0 : 1;
    for (int k = 0; k < n; k++) {
        double f = cl->c[perm[k]].cell_fraction / pv;
        if (fabs(share + f - ccr4_frac) < fabs(share - ccr4_frac)) {
            cl->c[perm[k]].ccr4 = 1;
            share += f;
        }
    }
    free(perm);
done:
    free(size), free(wk);
    if (ret) hp_clones_destroy(cl);
    return ret;
}

void hp_clones_destroy(hp_clones_t *cl)
{
    if (!cl) return;
    free(cl->c);
    memset(cl, 0, sizeof *cl);
}

/* ---- fragment lengths ---- */

static int fraglen_from_weights(hp_fraglen_t *f, int lo, int hi, const double *w)
{
    f->lo = lo, f->hi = hi;
    f->cdf = malloc((size_t)(hi - lo + 1) * sizeof *f->cdf);
    if (!f->cdf) return -1;
    double s = 0, m = 0, m2 = 0;
    for (int i = 0; i <= hi - lo; i++)
        s += w[i];
    double acc = 0;
    for (int i = 0; i <= hi - lo; i++) {
        acc += w[i] / s;
        f->cdf[i] = acc;
        m += (lo + i) * w[i] / s;
        m2 += (double)(lo + i) * (lo + i) * w[i] / s;
    }
    f->cdf[hi - lo] = 1.0;
    f->mean = m, f->sd = sqrt(m2 - m * m > 0 ? m2 - m * m : 0);
    return 0;
}

int hp_fraglen_normal(hp_fraglen_t *f, double mean, double sd)
{
    memset(f, 0, sizeof *f);
    if (!(sd >= 0) || !(mean >= 30)) return -1;
    int lo = (int)floor(mean - 4 * sd), hi = (int)ceil(mean + 4 * sd);
    if (lo < 30) lo = 30;
    double *w = malloc((size_t)(hi - lo + 1) * sizeof *w);
    if (!w) return -1;
    for (int i = lo; i <= hi; i++)
        w[i - lo] = sd > 0 ? exp(-0.5 * (i - mean) * (i - mean) / (sd * sd))
                           : (i == (int)floor(mean + 0.5));
    int r = fraglen_from_weights(f, lo, hi, w);
    free(w);
    return r;
}

int hp_fraglen_read(hp_fraglen_t *f, const char *path)
{
    static const char *names[] = {"length", "lengths", "frag_length", "fragment_length", NULL};
    memset(f, 0, sizeof *f);
    double *v;
    int n, r = read_column(path, names, 0, &v, &n);
    if (r) return r;
    int lo = 1 << 30, hi = 0;
    for (int i = 0; i < n; i++) {
        if (v[i] != floor(v[i]) || v[i] < 1 || v[i] > 100000) {
            free(v);
            return -2;
        }
        if (v[i] < lo) lo = (int)v[i];
        if (v[i] > hi) hi = (int)v[i];
    }
    double *w = hi >= lo ? calloc((size_t)(hi - lo + 1), sizeof *w) : NULL;
    if (!w) {
        free(v);
        return -3;
    }
    for (int i = 0; i < n; i++)
        w[(int)v[i] - lo] += 1;
    free(v);
    r = fraglen_from_weights(f, lo, hi, w);
    free(w);
    return r ? -3 : 0;
}

int hp_fraglen_draw(const hp_fraglen_t *f, hp_rng_t *rng)
{
    double u = hp_rng_uniform(rng);
    int a = 0, b = f->hi - f->lo; /* first i with cdf[i] > u */
    while (a < b) {
        int m = (a + b) / 2;
        if (f->cdf[m] > u)
            b = m;
        else
            a = m + 1;
    }
    return f->lo + a;
}

double hp_fraglen_mean_read(const hp_fraglen_t *f, int read_length)
{
    double m = 0, prev = 0;
    for (int i = 0; i <= f->hi - f->lo; i++) {
        int l = f->lo + i;
        m += (l < read_length ? l : read_length) * (f->cdf[i] - prev);
        prev = f->cdf[i];
    }
    return m;
}

void hp_fraglen_destroy(hp_fraglen_t *f)
{
    if (!f) return;
    free(f->cdf);
    memset(f, 0, sizeof *f);
}
