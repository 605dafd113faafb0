/* compare.c -- change from baseline, clone matching and per-time-point summaries. */
#include "htlvpvl/compare.h"
#include "htlvpvl/qc.h"
#include "htlvpvl/stats.h"
#include <htslib/kfunc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *hp_clone_status_str(hp_clone_status_t s)
{
    static const char *n[] = {"absent", "baseline", "persisting", "not_seen", "first_seen"};
    return (unsigned)s < 5 ? n[s] : "?";
}

const char *hp_verdict_str(hp_verdict_t v)
{
    static const char *n[HP_N_VERDICT] = {"NA",   "baseline",         "absent", "fell",
                                          "rose", "unchanged",        "lost",   "not_detected",
                                          "new",  "new_uninformative"};
    return (unsigned)v < HP_N_VERDICT ? n[v] : "?";
}

const char *hp_verdict_words(hp_verdict_t v)
{
    static const char *n[HP_N_VERDICT] = {"not tested (no fragment count behind the PVL)",
                                          "baseline",
                                          "absent at both",
                                          "fell",
                                          "rose",
                                          "no change shown",
                                          "lost",
                                          "not detected (uninformative)",
                                          "new",
                                          "first seen (uninformative)"};
    return (unsigned)v < HP_N_VERDICT ? n[v] : "?";
}

/* P(X <= k), X ~ Binomial(n, p), for real k and n (fragment counts), 0 <= k <= n. */
static double binom_cdf(double k, double n, double p)
{
    if (k < 0) return 0;
    if (k >= n || p <= 0) return 1;
    if (p >= 1) return 0;
    return kf_betai(n - k, k + 1, 1 - p);
}

double hp_min_detectable_fall(double k0, double e0, double e_t)
{
    if (!(k0 > 0) || !(e0 > 0) || !(e_t > 0)) return NAN;
    double lo, hi, a = 0, b = 1;
    hp_poisson_ratio_ci(0, e_t, k0, e0, &lo, &hi);
    if (!(hi < 1)) return NAN;
    for (int it = 0; it < 60; it++) { /* hi grows with the follow-up count: bisect the fall */
        double f = (a + b) / 2;
        hp_poisson_ratio_ci(k0 * e_t / e0 * (1 - f), e_t, k0, e0, &lo, &hi);
        if (hi < 1)
            b = f;
        else
            a = f;
    }
    return 100 * b;
}

const char *hp_trend_str(hp_trend_t t)
{
    static const char *n[] = {"NA", "stable", "fell", "rose", "down", "up"};
    return (unsigned)t < 6 ? n[t] : "?";
}

double hp_morisita_horn(const double *x, const double *y, int n)
{
    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    for (int i = 0; i < n; i++) {
        sx += x[i], sy += y[i];
        sxx += x[i] * x[i], syy += y[i] * y[i], sxy += x[i] * y[i];
    }
    if (sx <= 0 || sy <= 0) return NAN;
    double dx = sxx / (sx * sx), dy = syy / (sy * sy);
    return 2 * sxy / ((dx + dy) * sx * sy);
}

int hp_cmp_n_single(const hp_cmp_t *c)
{
    int n = 0;
    for (int i = 0; i < c->n_subjects; i++)
        n += c->subjects[i].n == 1;
    return n;
}

/* qsort context (no qsort_r in C11): the samples being ordered. */
static const hp_cmp_sample_t *g_samples;

static int cmp_by_time(const void *a, const void *b)
{
    const hp_cmp_sample_t *x = &g_samples[*(const int *)a], *y = &g_samples[*(const int *)b];
    return (x->timepoint > y->timepoint) - (x->timepoint < y->timepoint);
}

static int group_subjects(hp_cmp_t *c)
{
    c->subjects = calloc((size_t)c->n_samples, sizeof *c->subjects);
    if (!c->subjects) return -1;
    for (int i = 0; i < c->n_samples; i++) {
        hp_cmp_sample_t *s = &c->samples[i];
        int k;
        for (k = 0; k < c->n_subjects; k++)
            if (strcmp(c->subjects[k].name, s->subject) == 0) break;
        hp_cmp_subject_t *u = &c->subjects[k];
        if (k == c->n_subjects) {
            if (!(u->name = strdup(s->subject))) return -1;
            if (!(u->samples = malloc((size_t)c->n_samples * sizeof *u->samples))) return -1;
            c->n_subjects++;
        }
        s->subject_idx = k;
        u->samples[u->n++] = i;
    }
    for (int k = 0; k < c->n_subjects; k++) {
        hp_cmp_subject_t *u = &c->subjects[k];
        g_samples = c->samples;
        qsort(u->samples, (size_t)u->n, sizeof *u->samples, cmp_by_time);
        u->baseline = 0;
        for (int j = 0; j < u->n; j++) {
            c->samples[u->samples[j]].tp_idx = j;
            if (c->samples[u->samples[j]].baseline_mark) u->baseline = j;
        }
        c->samples[u->samples[u->baseline]].is_baseline = 1;
    }
    return 0;
}

static void pvl_change(hp_cmp_t *c, hp_cmp_subject_t *u)
{
    hp_cmp_sample_t *b = &c->samples[u->samples[u->baseline]];
    for (int j = 0; j < u->n; j++) {
        hp_cmp_sample_t *s = &c->samples[u->samples[j]];
        s->ratio = s->ratio_lo = s->ratio_hi = NAN;
        s->change_pct = s->change_lo = s->change_hi = NAN;
        s->beyond_counting = s->beyond_noise = -1;
        s->direction = HP_TREND_NA;
        /* the baseline (or a lone sample): a follow-up at its own depth */
        s->min_fall_pct =
            s->is_baseline || u->n == 1
                ? hp_min_detectable_fall(s->viral_fragments, s->exposure, s->exposure)
                : hp_min_detectable_fall(b->viral_fragments, b->exposure, s->exposure);
        if (u->n == 1) {
            s->note = "single time point: no change computed";
            continue;
        }
        if (s->is_baseline) {
            s->note = "baseline";
            s->ratio = 1, s->change_pct = 0;
            continue;
        }
        if (!(b->pvl > 0)) {
            s->note = "baseline PVL is 0: no change computed";
            continue;
        }
        s->note = "";
        s->ratio = s->pvl / b->pvl;
        s->change_pct = 100 * (s->ratio - 1);
        if (!isfinite(s->exposure) || !isfinite(b->exposure)) {
            s->note = "no fragment count behind a PVL: no CI for the change";
            continue;
        }
        hp_poisson_ratio_ci(s->viral_fragments, s->exposure, b->viral_fragments, b->exposure,
                            &s->ratio_lo, &s->ratio_hi);
        s->change_lo = 100 * (s->ratio_lo - 1);
        s->change_hi = 100 * (s->ratio_hi - 1); /* +inf stays +inf (written NA) */
        s->beyond_counting = s->change_hi < 0 || s->change_lo > 0;
        s->beyond_noise = s->beyond_counting && fabs(s->change_pct) > c->opt.noise_band_pct;
        s->direction = !s->beyond_noise    ? HP_TREND_STABLE
                       : s->change_pct < 0 ? HP_TREND_FELL
                                           : HP_TREND_ROSE;
    }
}

/* One site of a subject's sample, for matching. */
typedef struct {
    const hp_cmp_site_t *site;
    int tp; /* position of its sample in the subject's time order */
} entry_t;

static int cmp_entry(const void *a, const void *b)
{
    const entry_t *x = a, *y = b;
    int r = strcmp(x->site->chrom, y->site->chrom);
    if (r) return r;
    if (x->site->strand != y->site->strand) return x->site->strand < y->site->strand ? -1 : 1;
    if (x->site->pos != y->site->pos) return x->site->pos < y->site->pos ? -1 : 1;
    return (x->tp > y->tp) - (x->tp < y->tp);
}

/* Do two sites (b after a in sort order) belong to one clone? */
static int linked(const hp_cmp_opt_t *o, const hp_cmp_site_t *a, const hp_cmp_site_t *b)
{
    if (strcmp(a->chrom, b->chrom) != 0 || a->strand != b->strand) return 0;
    int64_t gap = b->pos - a->pos;
    return gap <= o->window_bp || ((!a->exact || !b->exact) && gap <= o->window_inexact_bp);
}

static int clone_alloc(hp_cmp_clone_t *k, int n)
{
    memset(k, 0, sizeof *k);
    k->fragments = calloc((size_t)n, sizeof(double));
    k->cell_fraction = calloc((size_t)n, sizeof(double));
    k->size = calloc((size_t)n, sizeof(double));
    k->fold = calloc((size_t)n, sizeof(double));
    k->fold_lo = calloc((size_t)n, sizeof(double));
    k->fold_hi = calloc((size_t)n, sizeof(double));
    k->expected = calloc((size_t)n, sizeof(double));
    k->p_absent = calloc((size_t)n, sizeof(double));
    k->p_value = calloc((size_t)n, sizeof(double));
    k->verdict = calloc((size_t)n, sizeof *k->verdict);
    k->status = calloc((size_t)n, sizeof *k->status);
    k->trend = calloc((size_t)n, sizeof *k->trend);
    return k->fragments && k->cell_fraction && k->size && k->fold && k->fold_lo && k->fold_hi &&
                   k->expected && k->p_absent && k->p_value && k->verdict && k->status && k->trend
               ? 0
               : -1;
}

static int g_base; /* baseline position, for ordering clones */

static int cmp_clone_rank(const void *a, const void *b)
{
    const hp_cmp_clone_t *x = a, *y = b;
    if (x->max_size != y->max_size) return x->max_size > y->max_size ? -1 : 1;
    if (x->size[g_base] != y->size[g_base]) return x->size[g_base] > y->size[g_base] ? -1 : 1;
    int r = strcmp(x->chrom, y->chrom);
    if (r) return r;
    if (x->pos != y->pos) return x->pos < y->pos ? -1 : 1;
    return (x->strand > y->strand) - (x->strand < y->strand);
}

static const hp_cmp_clone_t *g_clones;

static int cmp_by_baseline(const void *a, const void *b)
{
    const hp_cmp_clone_t *x = &g_clones[*(const int *)a], *y = &g_clones[*(const int *)b];
    if (x->size[g_base] != y->size[g_base]) return x->size[g_base] > y->size[g_base] ? -1 : 1;
    return (x->rank > y->rank) - (x->rank < y->rank);
}

static int match_clones(hp_cmp_t *c, hp_cmp_subject_t *u)
{
    int n_e = 0, ret = -1, n = u->n;
    entry_t *e = NULL;
    int *order = NULL, *first = NULL;
    for (int j = 0; j < n; j++)
        n_e += c->samples[u->samples[j]].n_sites_rows;
    if (!(e = malloc((size_t)(n_e ? n_e : 1) * sizeof *e))) return -1;
    n_e = 0;
    for (int j = 0; j < n; j++) {
        const hp_cmp_sample_t *s = &c->samples[u->samples[j]];
        for (int i = 0; i < s->n_sites_rows; i++)
            if (s->sites[i].fragments > 0) e[n_e].site = &s->sites[i], e[n_e++].tp = j;
    }
    qsort(e, (size_t)n_e, sizeof *e, cmp_entry);
    /* Single-linkage clusters: a new clone where chrom or strand change or the gap to the
     * previous site exceeds the window. */
    int n_k = 0;
    if (!(first = malloc((size_t)(n_e + 1) * sizeof *first))) goto done;
    for (int i = 0; i < n_e; i++)
        if (i == 0 || !linked(&c->opt, e[i - 1].site, e[i].site)) first[n_k++] = i;
    first[n_k] = n_e;
    if (!(u->clones = calloc((size_t)n_k + 1, sizeof *u->clones))) goto done;
    for (int k = 0; k < n_k; k++) {
        hp_cmp_clone_t *ck = &u->clones[k];
        u->n_clones = k + 1;
        if (clone_alloc(ck, n) != 0 || !(ck->chrom = strdup(e[first[k]].site->chrom))) goto done;
        ck->strand = e[first[k]].site->strand;
        ck->exact = 0;
        double best = -1, f = 0;
        int any_exact = 0, fe = 0;
        for (int i = first[k]; i < first[k + 1]; i++)
            any_exact |= e[i].site->exact;
        for (int i = first[k]; i < first[k + 1]; i++) {
            const hp_cmp_site_t *t = e[i].site;
            int tp = e[i].tp;
            ck->fragments[tp] += t->fragments;
            if (isnan(t->cell_fraction) || isnan(ck->cell_fraction[tp]))
                ck->cell_fraction[tp] = NAN;
            else
                ck->cell_fraction[tp] += t->cell_fraction;
            /* representative position: the exact one (if any) with most fragments over all
             * samples (entries are sorted by position; ties keep the smaller position) */
            f += t->fragments;
            fe |= t->exact;
            if (i + 1 == first[k + 1] || e[i + 1].site->pos != t->pos) {
                if ((fe || !any_exact) && f > best) best = f, ck->pos = t->pos, ck->exact = fe;
                f = 0, fe = 0;
            }
        }
    }
    /* Sizes in copies per 100 cells: 100 x the count's cell fraction; a site without one gets
     * its fragments times the sample's size-per-fragment over the sites that have one; a
     * sample with no cell fraction at all, its share of the fragments times the PVL. */
    for (int j = 0; j < n; j++) {
        const hp_cmp_sample_t *s = &c->samples[u->samples[j]];
        double tot = 0, cf_size = 0, cf_frag = 0;
        for (int k = 0; k < u->n_clones; k++) {
            const hp_cmp_clone_t *ck = &u->clones[k];
            tot += ck->fragments[j];
            if (ck->fragments[j] > 0 && isfinite(ck->cell_fraction[j]))
                cf_size += 100 * ck->cell_fraction[j], cf_frag += ck->fragments[j];
        }
        double per_frag = cf_frag > 0 ? cf_size / cf_frag : tot > 0 ? s->pvl / tot : 0;
        for (int k = 0; k < u->n_clones; k++) {
            hp_cmp_clone_t *ck = &u->clones[k];
            if (ck->fragments[j] <= 0)
                ck->size[j] = 0, ck->cell_fraction[j] = 0;
            else if (isfinite(ck->cell_fraction[j]))
                ck->size[j] = 100 * ck->cell_fraction[j];
            else
                ck->size[j] = ck->fragments[j] * per_frag;
        }
        /* one scale with the PVL: junction-estimated sizes that add up to more than the PVL
         * are scaled down to sum to it (the bars then never exceed the PVL plot's point) */
        double sum = 0;
        for (int k = 0; k < u->n_clones; k++)
            sum += u->clones[k].size[j];
        c->samples[u->samples[j]].clone_scale = 1;
        if (isfinite(s->pvl) && sum > s->pvl) {
            double f = s->pvl / sum;
            c->samples[u->samples[j]].clone_scale = f;
            for (int k = 0; k < u->n_clones; k++)
                u->clones[k].size[j] *= f;
        }
        for (int k = 0; k < u->n_clones; k++)
            if (u->clones[k].size[j] > u->clones[k].max_size)
                u->clones[k].max_size = u->clones[k].size[j];
    }
    g_base = u->baseline;
    qsort(u->clones, (size_t)u->n_clones, sizeof *u->clones, cmp_clone_rank);
    for (int k = 0; k < u->n_clones; k++)
        u->clones[k].rank = k + 1;
    if (!(order = malloc(((size_t)u->n_clones + 1) * sizeof *order))) goto done;
    for (int k = 0; k < u->n_clones; k++)
        order[k] = k;
    g_clones = u->clones;
    qsort(order, (size_t)u->n_clones, sizeof *order, cmp_by_baseline);
    for (int r = 0; r < u->n_clones; r++)
        if (u->clones[order[r]].size[u->baseline] > 0) u->clones[order[r]].top_at_baseline = r + 1;
    ret = 0;
done:
    free(order);
    free(first);
    free(e);
    return ret;
}

/* The verdict of clone k at time point j against baseline b (see hp_verdict_t). Fragments of
 * an unchanged clone fall in sample j with probability p0 = e_j / (e_j + e_b): the exact
 * conditional binomial test of its f_j of f_b + f_j fragments. */
static void verdict(const hp_cmp_opt_t *o, hp_cmp_clone_t *ck, int j, int b, double ej, double eb)
{
    double f0 = ck->fragments[b], ft = ck->fragments[j], n = f0 + ft;
    ck->p_value[j] = ck->p_absent[j] = NAN;
    if (f0 <= 0 && ft <= 0) {
        ck->verdict[j] = HP_V_ABSENT;
        return;
    }
    if (!(ej > 0) || !(eb > 0) || !isfinite(ej) || !isfinite(eb)) {
        ck->verdict[j] = HP_V_NA;
        return;
    }
    double p0 = ej / (ej + eb);
    if (f0 > 0 && ft <= 0) {
        ck->p_value[j] = ck->p_absent[j] = pow(1 - p0, f0); /* P(all at baseline) */
        ck->verdict[j] = ck->p_value[j] < o->alpha ? HP_V_LOST : HP_V_NOT_DETECTED;
    } else if (f0 <= 0) {
        ck->p_value[j] = pow(p0, ft); /* P(none at baseline) */
        ck->verdict[j] = ck->p_value[j] < o->alpha_new ? HP_V_NEW : HP_V_NEW_UNINFORMATIVE;
    } else {
        double lower = binom_cdf(ft, n, p0), upper = 1 - binom_cdf(ft - 1, n, p0);
        double p = 2 * fmin(lower, upper);
        ck->p_value[j] = p > 1 ? 1 : p;
        ck->verdict[j] = lower < o->alpha / 2   ? HP_V_FELL
                         : upper < o->alpha / 2 ? HP_V_ROSE
                                                : HP_V_UNCHANGED;
    }
}

/* P(S <= s) for S the number of successes of independent trials with probabilities q[]. */
static double poisson_binomial_cdf(const double *q, int n, int s, double *w)
{
    for (int i = 0; i <= n; i++)
        w[i] = i == 0;
    for (int k = 0; k < n; k++)
        for (int i = k + 1; i >= 0; i--)
            w[i] = w[i] * (1 - q[k]) + (i > 0 ? w[i - 1] * q[k] : 0);
    double p = 0;
    for (int i = 0; i <= s && i <= n; i++)
        p += w[i];
    return p > 1 ? 1 : p;
}

/* Identity check of sample j against baseline b: if both come from one person whose clones
 * kept their shares, clone k is expected here with lambda = f_b(k) x T_j / T_b fragments (T:
 * all junction fragments of a sample). The large clones (lambda >= 3: seen with P >= 0.95)
 * of either sample should then be seen in the other; P(this few are) is a Poisson-binomial
 * tail. Both directions are tried; the one with more large clones expected is reported. The
 * flag needs none of them shared (see hp_cmp_opt_t). */
static int identity_check(hp_cmp_t *c, hp_cmp_subject_t *u, int j)
{
    hp_cmp_sample_t *s = &c->samples[u->samples[j]];
    int b = u->baseline, n = u->n_clones;
    double tb = 0, tj = 0;
    s->shared_expected = s->p_identity = NAN;
    s->swap_flag = 0;
    for (int k = 0; k < n; k++)
        tb += u->clones[k].fragments[b], tj += u->clones[k].fragments[j];
    if (!(tb > 0) || !(tj > 0)) return 0;
    double *q = malloc(((size_t)n + 1) * sizeof *q), *w = malloc(((size_t)n + 2) * sizeof *w);
    if (!q || !w) {
        free(q), free(w);
        return -1;
    }
    double best_e = -1;
    for (int dir = 0; dir < 2; dir++) {
        int from = dir ? j : b, to = dir ? b : j, m = 0, seen = 0;
        double r = dir ? tb / tj : tj / tb, e_all = 0, e_large = 0;
        for (int k = 0; k < n; k++) {
            double lam = u->clones[k].fragments[from] * r;
            if (!(u->clones[k].fragments[from] > 0)) continue;
            e_all += 1 - exp(-lam);
            if (lam < 3) continue;
            q[m++] = 1 - exp(-lam);
            e_large += 1 - exp(-lam);
            seen += u->clones[k].fragments[to] > 0;
        }
        if (e_large <= best_e) continue;
        best_e = e_large;
        s->shared_expected = e_all;
        s->p_identity = m ? poisson_binomial_cdf(q, m, seen, w) : 1;
        /* a treatment can clear the CCR4+ clones and leave the others: only sharing none of
         * the large clones is taken as a swap */
        s->swap_flag =
            seen == 0 && m >= c->opt.swap_min_expected && s->p_identity < c->opt.swap_alpha;
    }
    free(q), free(w);
    return 0;
}

static int clone_changes(hp_cmp_t *c, hp_cmp_subject_t *u)
{
    int b = u->baseline;
    const hp_cmp_sample_t *sb = &c->samples[u->samples[b]];
    for (int j = 0; j < u->n; j++) {
        hp_cmp_sample_t *s = &c->samples[u->samples[j]];
        size_t m = (size_t)u->n_clones + 1;
        double *x = malloc(m * sizeof *x), *y = malloc(m * sizeof *y);
        if (!x || !y) {
            free(x), free(y);
            return -1;
        }
        s->n_clones = s->n_shared = 0;
        s->shared_expected = s->p_identity = NAN;
        s->swap_flag = 0;
        memset(s->n_verdict, 0, sizeof s->n_verdict);
        s->top_delta_pvl = 0;
        double d_other = 0, sum_b = 0, sum_t = 0;
        for (int k = 0; k < u->n_clones; k++) {
            hp_cmp_clone_t *ck = &u->clones[k];
            double f0 = ck->fragments[b], ft = ck->fragments[j];
            int in0 = f0 > 0, int_ = ft > 0;
            x[k] = f0, y[k] = ft;
            s->n_clones += int_;
            sum_b += ck->size[b], sum_t += ck->size[j];
            ck->fold[j] = ck->fold_lo[j] = ck->fold_hi[j] = NAN;
            ck->expected[j] = ck->p_absent[j] = ck->p_value[j] = NAN;
            ck->trend[j] = HP_TREND_NA;
            if (j == b) {
                ck->status[j] = in0 ? HP_CLONE_BASELINE : HP_CLONE_ABSENT;
                ck->verdict[j] = in0 ? HP_V_BASELINE : HP_V_ABSENT;
                continue;
            }
            ck->status[j] = in0 && int_ ? HP_CLONE_PERSISTING
                            : in0       ? HP_CLONE_NOT_SEEN
                            : int_      ? HP_CLONE_FIRST_SEEN
                                        : HP_CLONE_ABSENT;
            s->n_shared += in0 && int_;
            if (ck->top_at_baseline > 0 && ck->top_at_baseline <= c->opt.top)
                s->top_delta_pvl += ck->size[j] - ck->size[b];
            else
                d_other += ck->size[j] - ck->size[b];
            verdict(&c->opt, ck, j, b, s->exposure, sb->exposure);
            s->n_verdict[ck->verdict[j]]++;
            if (!isfinite(s->exposure) || !isfinite(sb->exposure) || !(in0 || int_)) continue;
            double rt = ft / s->exposure, r0 = f0 / sb->exposure;
            if (in0) ck->fold[j] = rt / r0;
            hp_poisson_ratio_ci(ft, s->exposure, f0, sb->exposure, &ck->fold_lo[j],
                                &ck->fold_hi[j]);
            if (in0) ck->expected[j] = f0 * s->exposure / sb->exposure;
            /* point estimate of a new clone is +inf: "up" unless significant */
            double pe = in0 ? ck->fold[j] : INFINITY;
            ck->trend[j] = ck->fold_hi[j] < 1   ? HP_TREND_FELL
                           : ck->fold_lo[j] > 1 ? HP_TREND_ROSE
                           : pe < 1             ? HP_TREND_DOWN
                           : pe > 1             ? HP_TREND_UP
                                                : HP_TREND_STABLE;
        }
        if (j == b) s->n_verdict[HP_V_BASELINE] = 0, s->n_verdict[HP_V_ABSENT] = 0;
        s->morisita_horn = j == b ? NAN : hp_morisita_horn(x, y, u->n_clones);
        /* bounded share: the top baseline clones' part of all movement in the PVL (top
         * clones, other clones, and the rest of the PVL that no detected clone accounts for) */
        double d_rest = (s->pvl - sum_t) - (sb->pvl - sum_b);
        double tot = fabs(s->top_delta_pvl) + fabs(d_other) + fabs(d_rest);
        s->top_explained_pct =
            j == b || !(tot > 0) || !isfinite(tot) ? NAN : 100 * fabs(s->top_delta_pvl) / tot;
        if (j == b) s->top_delta_pvl = NAN;
        free(x), free(y);
        if (j != b && identity_check(c, u, j) != 0) return -1;
    }
    return 0;
}

unsigned hp_cmp_sample_qc(const hp_cmp_t *c, const hp_cmp_sample_t *s, hp_qc_t *out)
{
    hp_qc_input_t in;
    hp_qc_input_init(&in);
    in.pvl = s->pvl, in.pvl_lo = s->pvl_lo, in.pvl_hi = s->pvl_hi;
    in.viral_fragments = s->viral_fragments, in.host_depth = s->host_depth;
    in.jpvl = s->jpvl, in.jpvl_lo = s->jpvl_lo, in.jpvl_hi = s->jpvl_hi;
    in.fastq = s->fastq, in.genome_size = s->genome_size;
    in.precision_pct = c->opt.precision_pct;
    hp_qc_eval(&in, out);
    out->flags |= hp_qc_flags_parse(s->qc_summary);
    return out->flags;
}

int hp_cmp_compute(hp_cmp_t *c)
{
    for (int i = 0; i < c->n_samples; i++) {
        hp_qc_t q;
        c->samples[i].qc_flags = hp_cmp_sample_qc(c, &c->samples[i], &q);
    }
    if (group_subjects(c) != 0) goto oom;
    if (hp_cmp_apply_doses(c) != 0) return -1;
    for (int k = 0; k < c->n_subjects; k++) {
        hp_cmp_subject_t *u = &c->subjects[k];
        pvl_change(c, u);
        if (match_clones(c, u) != 0) goto oom;
        if (clone_changes(c, u) != 0) goto oom;
    }
    return 0;
oom:
    snprintf(c->err, sizeof c->err, "%s: out of memory", c->sheet_path ? c->sheet_path : "-");
    return -1;
}
