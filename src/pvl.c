/* pvl.c -- depth-ratio and junction-fraction proviral load. */
#include "htlvpvl/pvl.h"
#include "htlvpvl/stats.h"
#include "htlvpvl/ref.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

void hp_pvl_depth(const hp_acc_t *acc, const hp_contigs_t *ctg, int64_t host_len, int region,
                  hp_pvl_depth_t *out)
{
    out->region = region;
    out->host_depth = host_len > 0 ? (double)acc->host_bases / (double)host_len : 0;
    for (int r = 0; r < HP_N_REGION; r++)
        out->region_depth[r] = (double)acc->vir_bases[r] / (double)ctg->region_len[r];
    out->viral_depth = out->region_depth[region];
    out->viral_fragments = acc->frag_region[region];
    /* gag and pol against pX: rate ratios of fragment-equivalents (aligned bases over two mean
     * aligned reads) with exact CIs. Coverage of a few kb is overdispersed (a handful of clones,
     * mates of one fragment), so "well below" asks for a ratio under 0.5 and a CI under 0.8. */
    double rl = acc->reads_host_autosomal > 0
                    ? 2.0 * (double)acc->host_bases / (double)acc->reads_host_autosomal
                    : 300;
    double kx = (double)acc->vir_bases[HP_REG_PX] / rl;
    out->defective = 0;
    for (int k = 0; k < 2; k++) {
        int g = k == 0 ? HP_REG_GAG : HP_REG_POL;
        double kg = (double)acc->vir_bases[g] / rl, lo, hi;
        double r = kx > 0 ? out->region_depth[g] / out->region_depth[HP_REG_PX] : NAN;
        hp_poisson_ratio_ci(kg, (double)ctg->region_len[g], kx, (double)ctg->region_len[HP_REG_PX],
                            &lo, &hi);
        out->to_px[k] = r, out->to_px_lo[k] = kx > 0 ? lo : NAN,
        out->to_px_hi[k] = kx > 0 ? hi : NAN;
        if (kx > 0 && r < 0.5 && hi < 0.8) out->defective = 1;
    }
    out->gagpol_to_px = isnan(out->to_px[0]) ? NAN : fmin(out->to_px[0], out->to_px[1]);
    out->available = out->host_depth > 0;
    if (!out->available) {
        out->copies_per_100 = out->ci_lo = out->ci_hi = NAN;
        return;
    }
    double k = (double)out->viral_fragments, lo, hi;
    hp_poisson_ci(k, &lo, &hi);
    out->copies_per_100 = 200.0 * out->viral_depth / out->host_depth;
    if (k > 0) {
        out->ci_lo = out->copies_per_100 * lo / k;
        out->ci_hi = out->copies_per_100 * hi / k;
    } else {
        /* no viral fragment: the upper limit of hi fragments of the host's bases each */
        double bpf = acc->frag_host_autosomal > 0
                         ? (double)acc->host_bases / (double)acc->frag_host_autosomal
                         : 0;
        out->ci_lo = 0;
        out->ci_hi = 200.0 * hi * bpf / (double)ctg->region_len[region] / out->host_depth;
    }
}

double hp_crossing_depth(const hp_acc_t *acc, int64_t host_len, int width)
{
    if (host_len <= 0) return 0;
    double s = 0;
    for (int i = width; i <= HP_INS_MAX; i++)
        s += (double)acc->ins_hist[i] * (i - width + 1);
    for (int i = width; i <= HP_RLEN_MAX; i++)
        s += (double)acc->span_hist[i] * (i - width + 1);
    return s / (double)host_len;
}

int hp_ploidy_x(const hp_acc_t *acc, int64_t x_len, double host_depth)
{
    if (x_len <= 0 || host_depth <= 0 || acc->x_bases == 0) return 2;
    return (double)acc->x_bases / (double)x_len < 0.75 * host_depth ? 1 : 2;
}

void hp_pvl_junction(hp_sites_t *sites, double crossing_depth, int have_index, const int *ploidy,
                     hp_pvl_junction_t *out)
{
    out->w_source = have_index ? "index" : "genome_mean";
    out->crossing_depth = crossing_depth;
    out->copies_per_100 = 0;
    out->junction_fragments = 0, out->wild_fragments = 0, out->n_sites = 0;
    out->effective_fragments = 0;
    out->available = have_index || crossing_depth > 0;
    for (int i = 0; i < sites->n; i++) {
        hp_site_t *s = &sites->site[i];
        /* J per junction side: the mean of both sides */
        double j = 0.5 * (s->n_u5 + s->n_u3);
        if (s->n_del > 0) /* the deleted end stands in for the missing U3 junction */
            j = 0.5 * (s->n_u5 + s->n_u3 + s->n_del);
        else if ((s->n_u5 == 0 && s->n_u3 >= 8) || (s->n_u3 == 0 && s->n_u5 >= 8))
            j = s->n_u5 + s->n_u3; /* one junction only, too many for chance: defective */
        s->n_junction = j;
        int pl = ploidy ? ploidy[s->tid] : 2;
        double w = s->n_wild >= 0 ? (double)s->n_wild : crossing_depth * pl / 2 - j;
        if (w < 0) w = 0;
        if (s->n_wild < 0 && crossing_depth <= 0) {
            s->cell_fraction = NAN;
            continue;
        }
        double c = j + w > 0 ? pl * j / (j + w) : NAN;
        if (c > 1) c = 1;
        s->cell_fraction = c;
        if (!isnan(c)) {
            out->copies_per_100 += 100 * c;
            out->n_sites++;
        }
        out->junction_fragments += s->n_u5 + s->n_u3 + s->n_del;
        out->wild_fragments += s->n_wild >= 0 ? s->n_wild : (int64_t)llround(w);
    }
    if (!out->available) {
        out->copies_per_100 = out->ci_lo = out->ci_hi = NAN;
        return;
    }
    /* compound Poisson: each site a random clone; Var(sum c) is estimated by sum c^2, so the
     * effective count (sum c)^2 / sum c^2 carries the between-clone variance */
    double s1 = 0, s2 = 0, lo, hi;
    for (int i = 0; i < sites->n; i++) {
        double c = sites->site[i].cell_fraction;
        if (!isnan(c)) s1 += c, s2 += c * c;
    }
    double k = s2 > 0 ? s1 * s1 / s2 : 0;
    out->effective_fragments = k;
    hp_poisson_ci(k, &lo, &hi);
    if (k > 0 && out->copies_per_100 > 0) {
        out->ci_lo = out->copies_per_100 * lo / k;
        out->ci_hi = out->copies_per_100 * hi / k;
    } else {
        double d = crossing_depth > 0 ? crossing_depth : 1;
        out->ci_lo = 0;
        out->ci_hi = 100 * 2 * hi / d;
    }
}

/* ---- profile depth estimator ---- */

#define NT 3 /* provirus types: intact, type 2 (5' LTR lost), type 1 (internal deletion) */
#define GRID_LAST 6650 /* deletions end before pX */
#define MAX_CFG 4096   /* defective configurations on the breakpoint grid (about 1,100) */

static int64_t ov(int64_t b1, int64_t e1, int64_t b2, int64_t e2) /* inclusive ranges */
{
    int64_t b = b1 > b2 ? b1 : b2, e = e1 < e2 ? e1 : e2;
    return e >= b ? e - b + 1 : 0;
}

/* Bases of bin b a provirus of each type keeps, LTR bins counting both copies. */
static void kept_len(int b, int e2, int s1, int e1, double *k)
{
    int beg, end;
    hp_dprof_bin_range(b, &beg, &end);
    double len = end - beg + 1;
    if (b < HP_DP_N_LTR_BIN) {
        k[0] = 2 * len, k[1] = len, k[2] = 2 * len;
        return;
    }
    k[0] = len;
    k[1] = e2 > 0 ? len - (double)ov(beg, end, HP_INTERNAL_START, e2) : len;
    k[2] = s1 > 0 ? len - (double)ov(beg, end, s1, e1) : len;
}

static double loglik(const double *y, const double *mu, int n)
{
    double l = 0;
    for (int b = 0; b < n; b++) {
        if (mu[b] > 0)
            l += (y[b] > 0 ? y[b] * log(mu[b]) : 0) - mu[b];
        else if (y[b] > 0)
            return -INFINITY;
    }
    return l;
}

/* Poisson MLE of th[] >= 0 for mu = A th, over the active types; returns the log-likelihood. */
static double em_fit(const double *y, double (*A)[NT], int n, const int *act, double *th,
                     int iters, double *mu)
{
    double sy = 0, sa[NT] = {0};
    for (int b = 0; b < n; b++) {
        sy += y[b];
        for (int t = 0; t < NT; t++)
            sa[t] += A[b][t];
    }
    int na = 0;
    for (int t = 0; t < NT; t++)
        na += act[t];
    for (int t = 0; t < NT; t++)
        th[t] = act[t] && sa[t] > 0 ? sy / sa[t] / na : 0;
    /* One pass over the bins per iteration, with the products A y taken once, one division
     * per bin (y / mu as A y x (1 / mu)) and the sums in registers: the grid search below runs
     * this about 250,000 times per sample; it was half of the indexed mode's CPU. */
    double ay[HP_DP_NBIN][NT];
    for (int b = 0; b < n; b++)
        for (int t = 0; t < NT; t++)
            ay[b][t] = A[b][t] * y[b];
    for (int it = 0; it < iters; it++) {
        double n0 = 0, n1 = 0, n2 = 0;
        for (int b = 0; b < n; b++) {
            double x = th[0] * A[b][0] + th[1] * A[b][1] + th[2] * A[b][2];
            mu[b] = x;
            if (x > 0) {
                double r = 1 / x;
                n0 += ay[b][0] * r, n1 += ay[b][1] * r, n2 += ay[b][2] * r;
            }
        }
        double num[NT] = {n0, n1, n2};
        double change = 0;
        for (int t = 0; t < NT; t++) {
            if (!act[t] || th[t] <= 0 || sa[t] <= 0) continue;
            double nt = th[t] * num[t] / sa[t];
            change += fabs(nt - th[t]);
            th[t] = nt;
        }
        if (change <= 1e-10 * (sy / (sa[0] > 0 ? sa[0] : 1) + 1e-300)) break;
    }
    for (int b = 0; b < n; b++) {
        mu[b] = 0;
        for (int t = 0; t < NT; t++)
            mu[b] += th[t] * A[b][t];
    }
    return loglik(y, mu, n);
}

/* Inverse of a symmetric positive-definite matrix of order m <= 3 (Gauss-Jordan). 0 or -1. */
static int inv3(double a[NT][NT], int m, double r[NT][NT])
{
    double w[NT][2 * NT];
    for (int i = 0; i < m; i++)
        for (int j = 0; j < 2 * m; j++)
            w[i][j] = j < m ? a[i][j] : (j - m == i);
    for (int c = 0; c < m; c++) {
        int p = c;
        for (int i = c + 1; i < m; i++)
            if (fabs(w[i][c]) > fabs(w[p][c])) p = i;
        if (fabs(w[p][c]) < 1e-300) return -1;
        for (int j = 0; j < 2 * m; j++) {
            double t = w[c][j];
            w[c][j] = w[p][j], w[p][j] = t;
        }
        double d = w[c][c];
        for (int j = 0; j < 2 * m; j++)
            w[c][j] /= d;
        for (int i = 0; i < m; i++) {
            if (i == c) continue;
            double f = w[i][c];
            for (int j = 0; j < 2 * m; j++)
                w[i][j] -= f * w[c][j];
        }
    }
    for (int i = 0; i < m; i++)
        for (int j = 0; j < m; j++)
            r[i][j] = w[i][j + m];
    return 0;
}

/* log Occam factor of a defective configuration's extra types (Laplace approximation): each
 * defective type's copies th[t] has a uniform prior on [0, n0] (n0: the intact estimate, the
 * scale of all copies) and a posterior sd from the Fisher information of the fit (mu = A th);
 * log(sqrt(2 pi) sd / n0) each, at most 0 (a type the data do not pin down costs nothing). */
static double occam(double (*A)[NT], const int *act, const double *mu, double n0)
{
    int idx[NT], m = 0;
    for (int t = 0; t < NT; t++)
        if (act[t]) idx[m++] = t;
    double I[NT][NT] = {{0}}, C[NT][NT];
    for (int i = 0; i < m; i++)
        for (int j = 0; j < m; j++)
            for (int b = 0; b < HP_DP_NBIN; b++)
                if (mu[b] > 0) I[i][j] += A[b][idx[i]] * A[b][idx[j]] / mu[b];
    if (!(n0 > 0) || inv3(I, m, C) != 0) return 0;
    double lo = 0;
    for (int i = 0; i < m; i++) {
        if (idx[i] == 0) continue; /* the intact type: shared with the intact model */
        double sd = C[i][i] > 0 ? sqrt(C[i][i]) : 0;
        double f = sqrt(2 * M_PI) * sd / n0;
        lo += f > 0 && f < 1 ? log(f) : 0;
    }
    return lo;
}

/* Garwood CI of an effective count k for an estimate x, log-widths scaled by g. */
static void scaled_ci(double x, double k, double g, double zero_hi, double *lo, double *hi)
{
    if (!(k > 0) || !(x > 0)) {
        *lo = 0, *hi = zero_hi * (g > 1 ? g : 1);
        return;
    }
    double l, h;
    hp_poisson_ci(k, &l, &h);
    *lo = x * exp(log(l / k) * g);
    *hi = x * exp(log(h / k) * g);
}

/* Host rate (fragments per haploid base) at GC g: a local-linear fit of the windows' rates on
 * their read GC with Gaussian kernel weights (bandwidth grown from 1 % GC until the windows
 * weigh as >= 50, or half of them), so a trend with GC is followed to g, not averaged over
 * the bandwidth; the kernel mean where the fit fails or differs from it by less than 2 sd
 * (no trend shown: the mean is the more precise). *rv: its relative variance (Poisson). */
/* expand: each stratum stands for this many of the whole (the indexed mode's sample; 1: the
 * whole), so the bandwidth is the one the whole would get. min_h > 0: the strata pool many
 * loci each (hp_pvl_host_rate_at), and the bandwidth grows only until 3 strata and min_h
 * fragments weigh in. *sv (NULL: not computed): the
 * relative variance of the estimate from the strata's scatter about the fit (sandwich), i.e.
 * how far another set of strata would put it. */
static double host_rate_at(const hp_pvl_hwin_t *w, int64_t n, double g, double expand,
                           double min_h, double *bw, double *rv, double *sv)
{
    double h = 0.01, mx = -INFINITY, sk = 0, sk2 = 0;
    if (!(expand > 1)) expand = 1;
    for (; h < 2; h *= 1.5) {
        mx = -INFINITY;
        for (int64_t i = 0; i < n; i++) {
            double d = (w[i].g - g) / h, lk = -0.5 * d * d;
            if (lk > mx) mx = lk;
        }
        double skh = 0;
        sk = sk2 = 0;
        for (int64_t i = 0; i < n; i++) {
            double d = (w[i].g - g) / h, k = exp(-0.5 * d * d - mx);
            sk += k, sk2 += k * k, skh += k * w[i].h;
        }
        double neff = sk2 > 0 ? sk * sk / sk2 : 0;
        if (min_h > 0 ? neff >= 3 && skh >= min_h
                      : neff * expand >= (n * expand < 100 ? 0.5 * (double)n * expand : 50))
            break;
    }
    *bw = h;
    double s0 = 0, s1 = 0, s2 = 0, t0 = 0, t1 = 0, kh = 0, kl = 0, k2h = 0;
    for (int64_t i = 0; i < n; i++) {
        double d = (w[i].g - g) / h, k = exp(-0.5 * d * d - mx), x = w[i].g - g;
        double u = k * w[i].l, y = w[i].l > 0 ? w[i].h / w[i].l : 0;
        s0 += u, s1 += u * x, s2 += u * x * x, t0 += u * y, t1 += u * x * y;
        kh += k * w[i].h, kl += k * w[i].l, k2h += k * k * w[i].h;
    }
    double det = s0 * s2 - s1 * s1, a = det > 1e-12 * s0 * s2 ? (s2 * t0 - s1 * t1) / det : -1;
    double nw = kl > 0 ? kh / kl : 0, b1 = det > 1e-12 * s0 * s2 ? (s0 * t1 - s1 * t0) / det : 0;
    double v = 0, vs = 0, vm = 0;
    for (int64_t i = 0; i < n; i++) {
        double d = (w[i].g - g) / h, k = exp(-0.5 * d * d - mx), x = w[i].g - g;
        double em = w[i].h - nw * w[i].l;
        vm += k * k * em * em;
        if (!(a > 0.5 * nw) || !(a < 2 * nw) || !(w[i].l > 0)) continue;
        double c = k * w[i].l * (s2 - s1 * x) / det, e = w[i].h / w[i].l - a - b1 * x;
        v += c * c * w[i].h / (w[i].l * w[i].l), vs += c * c * e * e;
    }
    /* no usable trend, or not one beyond 2 sd where it matters: the kernel mean */
    if (!(a > 0.5 * nw) || !(a < 2 * nw) || (a - nw) * (a - nw) < 4 * v) {
        *rv = kh > 0 ? k2h / (kh * kh) : INFINITY;
        if (sv) *sv = kl > 0 && nw > 0 ? vm / (kl * kl * nw * nw) : INFINITY;
        return nw;
    }
    *rv = v / (a * a);
    if (sv) *sv = vs / (a * a);
    return a;
}

double hp_pvl_host_rate_at(const hp_pvl_hwin_t *w, int64_t n, double g, double *bw, double *rv)
{
    return host_rate_at(w, n, g, 1, HP_STRATA_MIN_FRAGMENTS, bw, rv, NULL);
}

/* 1 when the windows' rates show no trend with GC: the weighted (by length) regression of
 * rate on read GC has a slope within z_max sd of 0, the sd the sandwich one (overdispersion
 * and a few odd windows of high leverage included); also with under 3 windows or no GC spread.
 * z_max: 4 where the host has windows at the virus's GC: a false trend on a flat
 * host moves the estimate by percents, while a GC bias worth correcting on a host of varied
 * GC lies far beyond. 2 where it has none, so that the pooled rate would be carried from the
 * host's GC to the virus's untested: a host of narrow GC (windows within a few % of 41 %)
 * shows a real bias weakly while the virus (about 53 %) lies far from it (--gc-bias 2 on a
 * 200-kb 40 %-GC host, 16 samples: slope z 2.7-7.8; the 3 under 4 sd took the pooled rate and
 * read 27-70 % high). A sample of windows (indexed mode) calls the trend the whole would call:
 * beyond z_max / sqrt(expand) sd and at least 2 sd (a flat host's sample then rarely makes
 * count read more windows); with no windows at the virus's GC a small host is read whole
 * (count_indexed.c, HP_IDX_GC_ALL_MAX), so the whole decides. */
static int host_gc_flat(const hp_pvl_hwin_t *w, int64_t n, double expand, int supported)
{
    double su = 0, sg = 0, sy = 0;
    for (int64_t i = 0; i < n; i++)
        if (w[i].l > 0) su += w[i].l, sg += w[i].l * w[i].g, sy += w[i].h;
    if (n < 3 || !(su > 0)) return 1;
    double gm = sg / su, ym = sy / su, sxx = 0, sxy = 0, hc = 0;
    for (int64_t i = 0; i < n; i++)
        if (w[i].l > 0) {
            double x = w[i].g - gm;
            sxx += w[i].l * x * x, sxy += w[i].l * x * (w[i].h / w[i].l - ym);
        }
    if (!(sxx > 1e-12 * su)) return 1;
    double b = sxy / sxx;
    for (int64_t i = 0; i < n; i++)
        if (w[i].l > 0) {
            double x = w[i].g - gm, e = w[i].h / w[i].l - ym - b * x;
            hc += (w[i].l * x * e) * (w[i].l * x * e);
        }
    double x = expand > 1 ? expand : 1, z2 = (supported ? 16 : 4) / x;
    if (x > 1 && z2 < 4) z2 = 4;
    return b * b * sxx * sxx <= z2 * hc;
}

/* 1 when the host has windows at the viral reads' GC gv (NaN: no viral reads): at least 50 of
 * the whole (the sample's windows times expand) within 2 % GC of it, the kernel's own rule
 * for a bandwidth. */
static int gc_supported(const hp_pvl_hwin_t *w, int64_t n, double gv, double expand)
{
    if (!isfinite(gv)) return 1;
    double near = 0;
    for (int64_t i = 0; i < n; i++)
        near += fabs(w[i].g - gv) <= 0.02;
    return near * (expand > 1 ? expand : 1) >= 50;
}

static double seq_gc(int beg, int end)
{
    int g = 0;
    for (int i = beg; i <= end; i++)
        g += hp_htlv1_seq[i - 1] == 'G' || hp_htlv1_seq[i - 1] == 'C';
    return (double)g / (end - beg + 1);
}

void hp_pvl_profile_init(hp_pvl_profile_t *out)
{
    memset(out, 0, sizeof *out);
    out->model = "intact";
    out->copies_per_100 = out->ci_lo = out->ci_hi = NAN;
    out->intact_fraction = out->intact_lo = out->intact_hi = NAN;
    out->info_lo = out->info_hi = out->pearson_chi2 = NAN;
    out->intact_copies = out->intact_ci[0] = out->intact_ci[1] = NAN;
    out->defective_copies = out->defective_ci[0] = out->defective_ci[1] = NAN;
    out->averaged_copies = out->averaged_ci[0] = out->averaged_ci[1] = NAN;
    out->defective_posterior = NAN;
    out->dispersion = 1;
}

/* hp_pvl_profile, or its host part alone (fit 0: hp_pvl_profile_host). */
static void profile(const hp_dprof_t *p, hp_pvl_profile_t *out, int fit)
{
    hp_pvl_profile_init(out);
    out->window_len = p->win, out->n_win = p->n_win;
    /* host windows: drop contig ends, low-MAPQ windows, uncovered stretches and their edges */
    uint8_t *ex = calloc((size_t)(p->n_win ? p->n_win : 1), 1);
    hp_pvl_hwin_t *hw = malloc((size_t)(p->n_win ? p->n_win : 1) * sizeof *hw);
    if (!ex || !hw) goto done;
    double sr = 0, sl = 0;
    for (int64_t i = 0; i < p->n_win; i++) {
        int inner = !(p->win_edge[i] && p->n_win > 2);
        if (p->w_reads[i] > 0 && inner && p->w_lowmq[i] <= 0.2 * p->w_reads[i])
            sr += p->w_reads[i], sl += p->win_len[i];
    }
    double r0 = sl > 0 ? sr / sl : 0; /* reads per base over covered windows */
    for (int64_t i = 0; i < p->n_win; i++) {
        double e = r0 * p->win_len[i], x = p->w_reads[i];
        if (x == 0 && e >= 10) {
            ex[i] = 1, out->n_win_uncovered++;
            if (i > 0 && !ex[i - 1] && !p->win_edge[i]) ex[i - 1] = 2;
            if (i + 1 < p->n_win && !p->win_edge[i]) ex[i + 1] = 2;
        }
    }
    int64_t nh = 0;
    double sgh = 0, sh = 0;
    for (int64_t i = 0; i < p->n_win; i++) {
        double e = r0 * p->win_len[i], x = p->w_reads[i];
        if (ex[i] == 1) continue;
        if (ex[i] == 2) {
            out->n_win_uncovered++;
            continue;
        }
        if (p->win_edge[i] && p->n_win > 2) {
            out->n_win_edge++;
            continue;
        }
        if (x > 0 && p->w_lowmq[i] > 0.2 * x) {
            out->n_win_lowmq++;
            continue;
        }
        if (x > 2 * e && x > e + 8 * sqrt(e) + 5) {
            out->n_win_high++;
            continue;
        }
        hw[nh].g = p->w_bases[i] > 0 ? (double)p->w_gc[i] / p->w_bases[i] : 0.41;
        hw[nh].h = 0.5 * x * (p->host_scale > 0 ? p->host_scale : 1);
        hw[nh].l = 2.0 * p->win_len[i];
        sgh += hw[nh].g * hw[nh].h, sh += hw[nh].h, out->host_fragments += hw[nh].h;
        out->host_fragments_per_kb += hw[nh].l; /* haploid bases, divided below */
        nh++;
    }
    out->n_win_used = nh;
    out->host_fragments_per_kb =
        out->host_fragments_per_kb > 0 ? 1000 * out->host_fragments / out->host_fragments_per_kb
                                       : 0;
    out->gc_host = sh > 0 ? sgh / sh : NAN;
    double svg = 0, svb = 0;
    for (int b = 0; b < HP_DP_NBIN; b++)
        svg += p->v_gc[b], svb += p->v_bases[b];
    out->gc_viral = svb > 0 ? svg / svb : NAN;
    out->gc_unsupported = nh > 0 && !gc_supported(hw, nh, out->gc_viral, p->host_expand);
    int flat = nh > 0 && host_gc_flat(hw, nh, p->host_expand, !out->gc_unsupported);
    double sl_used = 0;
    for (int64_t i = 0; i < nh; i++)
        sl_used += hw[i].l;
    /* viral bins */
    double y[HP_DP_NBIN], rate[HP_DP_NBIN], rv[HP_DP_NBIN];
    double ssd = 0, sn = 0;
    for (int b = 0; b < HP_DP_NBIN; b++) {
        int beg, end;
        hp_dprof_bin_range(b, &beg, &end);
        y[b] = 0.5 * (double)p->v_reads[b];
        out->bin_gc[b] = p->v_reads[b] >= 10 ? (double)p->v_gc[b] / p->v_bases[b]
                                             : seq_gc(beg, end);
        double bw = 0;
        if (flat) /* no GC trend: the pooled rate (the kernel mean with all weights 1) */
            rate[b] = sl_used > 0 ? sh / sl_used : 0,
            rv[b] = sh > 0 ? 1 / (sh * (p->host_expand > 1 ? p->host_expand : 1)) : INFINITY;
        else if (nh) { /* a sample (indexed mode) gets the whole's bandwidth and variance */
            double xp = p->host_expand > 1 ? p->host_expand : 1, sv = 0;
            rate[b] = host_rate_at(hw, nh, out->bin_gc[b], xp, 0, &bw, &rv[b], &sv);
            rv[b] /= xp;
            /* how far the whole's rate may lie: the strata's scatter, finite population */
            if (p->v_reads[b] >= 10)
                ssd += (double)p->v_reads[b] * sqrt(sv * (1 - 1 / xp)), sn += p->v_reads[b];
        } else
            rate[b] = 0;
        if (bw > out->gc_bandwidth) out->gc_bandwidth = bw;
    }
    out->host_sample_rsd = sn > 0 ? ssd / sn : 0;
    if (fit) hp_pvl_profile_fit(y, rate, rv, out);
done:
    free(ex), free(hw);
}

void hp_pvl_profile(const hp_dprof_t *p, hp_pvl_profile_t *out)
{
    profile(p, out, 1);
}

void hp_pvl_profile_host(const hp_dprof_t *p, hp_pvl_profile_t *out)
{
    profile(p, out, 0);
}

/* State the stages of hp_pvl_profile_fit hand on to each other. */
typedef struct {
    double A[HP_DP_NBIN][NT], mu[HP_DP_NBIN]; /* intact design (column 0) and its fit */
    double k, sA0, n0, l0; /* viral fragments, sum of A[][0], intact copies, log-likelihood */
    int ncfg;              /* defective configurations fitted on the grid */
    double cfg_l[MAX_CFG], cfg_n[MAX_CFG], cfg_occ[MAX_CFG]; /* log-lik, copies, Occam */
    int be2, bs1, be1, actd[NT]; /* the best one: deletions (0: none), active types */
    double bth[NT], Ad[HP_DP_NBIN][NT], md[HP_DP_NBIN], ld; /* its refit */
    double sd, varn, varf;     /* its copies, their variance, the intact fraction's variance */
    double zero_hi;            /* upper CI limit without viral fragments */
    double ilo, ihi, dlo, dhi; /* each model's CI */
    int have_d;                /* the defective model has an estimate and a CI */
} pfit_t;

/* Design matrix of a configuration: rate x bases each type keeps, per 100 cells (e2: end of
 * the type 2 deletion, s1..e1: the type 1 deletion; 0: none). */
static void design(const double *rate, int e2, int s1, int e1, double (*A)[NT])
{
    for (int b = 0; b < HP_DP_NBIN; b++) {
        double kl[NT];
        kept_len(b, e2, s1, e1, kl);
        for (int t = 0; t < NT; t++)
            A[b][t] = rate[b] * kl[t] / 100.0;
    }
}

/* Intact model in closed form: the observed fragments (out->bin_obs, viral_fragments), the
 * intact design column, its copies n0 = k / sum A and log-likelihood. 0: no host rate. */
static int fit_intact(const double *y, const double *rate, pfit_t *f, hp_pvl_profile_t *out)
{
    double k = 0;
    for (int b = 0; b < HP_DP_NBIN; b++) {
        k += y[b];
        out->bin_obs[b] = y[b];
    }
    out->viral_fragments = f->k = k;
    double sA0 = 0;
    for (int b = 0; b < HP_DP_NBIN; b++) {
        double kl[NT];
        kept_len(b, 0, 0, 0, kl);
        f->A[b][0] = rate[b] * kl[0] / 100.0, f->A[b][1] = f->A[b][2] = 0;
        sA0 += f->A[b][0];
    }
    f->sA0 = sA0;
    if (!(sA0 > 0)) return 0;
    f->n0 = k / sA0;
    for (int b = 0; b < HP_DP_NBIN; b++)
        f->mu[b] = f->n0 * f->A[b][0];
    f->l0 = loglik(y, f->mu, HP_DP_NBIN);
    return 1;
}

/* The last internal bin (from the first) a deletion may end in: those ending before pX. */
static int grid_last(void)
{
    int last = 0;
    for (int b = HP_DP_N_LTR_BIN; b < HP_DP_NBIN; b++) {
        int beg, end;
        hp_dprof_bin_range(b, &beg, &end);
        if (end < GRID_LAST) last = b - HP_DP_N_LTR_BIN;
    }
    return last;
}

/* The defective models: an EM fit of every configuration on the breakpoint grid (each one's
 * log-likelihood, copies and Occam factor kept for the model average) and the best one.
 * Breakpoints on the internal bins' edges, deletions ending before the bin holding pX's start
 * (6650): type 2 deletes the 5' LTR and internal bins 0..i2-1 (i2 = 0: the LTR only; -1: no
 * type 2), type 1 internal bins i..j. */
static void fit_defective_grid(const double *y, const double *rate, pfit_t *f)
{
    double best = -INFINITY, bth[NT] = {0}, k = f->k, n0 = f->n0;
    int ncfg = 0, be2 = 0, bs1 = 0, be1 = 0, last = grid_last();
    for (int i2 = -1; i2 <= last + 1 && k > 0; i2++) {
        int d2 = i2 >= 0, e2 = HP_LTR_LEN;
        if (i2 > 0) {
            int beg, end;
            hp_dprof_bin_range(HP_DP_N_LTR_BIN + i2 - 1, &beg, &end);
            e2 = end;
        }
        for (int i1 = -1; i1 <= last; i1++) {
            for (int j1 = i1 < 0 ? -1 : i1; j1 <= (i1 < 0 ? -1 : last); j1++) {
                int d1 = i1 >= 0, s1 = 0, e1 = 0, x;
                if (!d1 && !d2) continue;
                if (d1) {
                    hp_dprof_bin_range(HP_DP_N_LTR_BIN + i1, &s1, &x);
                    hp_dprof_bin_range(HP_DP_N_LTR_BIN + j1, &x, &e1);
                }
                double AA[HP_DP_NBIN][NT], th[NT], m2[HP_DP_NBIN];
                design(rate, d2 ? e2 : 0, s1, e1, AA);
                int act[NT] = {1, d2, d1};
                double l = em_fit(y, AA, HP_DP_NBIN, act, th, 300, m2);
                if (ncfg < MAX_CFG) {
                    f->cfg_l[ncfg] = l, f->cfg_n[ncfg] = th[0] + th[1] + th[2];
                    f->cfg_occ[ncfg++] = occam(AA, act, m2, n0);
                }
                if (l > best + 1e-9) {
                    best = l, be2 = d2 ? e2 : 0, bs1 = s1, be1 = e1;
                    memcpy(bth, th, sizeof th);
                }
            }
        }
    }
    f->ncfg = ncfg, f->be2 = be2, f->bs1 = bs1, f->be1 = be1;
    memcpy(f->bth, bth, sizeof bth);
}

/* Refit the best defective configuration to convergence (without viral fragments: the intact
 * fit), then the overdispersion from this larger model's Pearson chi2 (df, pearson_chi2,
 * dispersion) and its likelihood ratio over the intact model, the types' fractions. */
static void fit_defective_best(const double *y, const double *rate, pfit_t *f,
                               hp_pvl_profile_t *out)
{
    double k = f->k;
    design(rate, f->be2, f->bs1, f->be1, f->Ad);
    f->actd[0] = 1, f->actd[1] = f->be2 > 0, f->actd[2] = f->bs1 > 0;
    f->ld = k > 0 ? em_fit(y, f->Ad, HP_DP_NBIN, f->actd, f->bth, 20000, f->md) : f->l0;
    if (k <= 0) memcpy(f->md, f->mu, sizeof f->md);
    int nb = 0, np = 0;
    double x2 = 0;
    for (int b = 0; b < HP_DP_NBIN; b++)
        if (f->md[b] > 0) x2 += (y[b] - f->md[b]) * (y[b] - f->md[b]) / f->md[b], nb++;
    for (int t = 0; t < NT; t++)
        np += f->actd[t] && f->bth[t] > 0;
    out->df = nb - (np > 0 ? np : 1);
    out->pearson_chi2 = x2;
    if (out->df > 0 && k > 0 && x2 > hp_chi2_quantile(0.95, out->df))
        out->dispersion = x2 / out->df;
    double phi = out->dispersion;
    out->lr_defective = k > 0 ? 2 * (f->ld - f->l0) / phi : 0;
    if (out->lr_defective < 0) out->lr_defective = 0;
    double sd = f->bth[0] + f->bth[1] + f->bth[2];
    f->sd = sd;
    out->type2_end = f->be2, out->type1_beg = f->bs1, out->type1_end = f->be1;
    out->type2_fraction = sd > 0 ? f->bth[1] / sd : 0;
    out->type1_fraction = sd > 0 ? f->bth[2] / sd : 0;
}

/* Covariance of the defective fit (active, non-zero types; inverse Fisher information times
 * the dispersion phi): the variance of its copies (varn) and of its intact fraction (varf),
 * NaN where the information is singular. */
static void defective_var(pfit_t *f, double phi)
{
    const double *bth = f->bth, sd = f->sd;
    double cov[NT][NT] = {{0}}, varn = NAN, varf = NAN;
    int idx[NT], m = 0;
    for (int t = 0; t < NT; t++)
        if (f->actd[t] && bth[t] > 0) idx[m++] = t;
    double I[NT][NT] = {{0}}, C[NT][NT];
    for (int i = 0; i < m; i++)
        for (int j = 0; j < m; j++)
            for (int b = 0; b < HP_DP_NBIN; b++)
                if (f->md[b] > 0) I[i][j] += f->Ad[b][idx[i]] * f->Ad[b][idx[j]] / f->md[b];
    if (m > 0 && inv3(I, m, C) == 0) {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
                cov[idx[i]][idx[j]] = C[i][j] * phi;
        varn = 0;
        for (int i = 0; i < NT; i++)
            for (int j = 0; j < NT; j++)
                varn += cov[i][j];
        double g[NT];
        for (int t = 0; t < NT; t++)
            g[t] = sd > 0 ? (t == 0 ? (sd - bth[0]) : -bth[0]) / (sd * sd) : 0;
        varf = 0;
        for (int i = 0; i < NT; i++)
            for (int j = 0; j < NT; j++)
                varf += g[i] * g[j] * cov[i][j];
    }
    f->varn = varn, f->varf = varf;
}

/* Both models' CIs (ilo..ihi, dlo..dhi where have_d), widened for the dispersion phi and the
 * host-rate variance at the viral bins (out->host_rel_var, weighted by expected fragments);
 * zero_hi: the upper limit without viral fragments. */
static void fit_cis(const double *rv, double phi, pfit_t *f, hp_pvl_profile_t *out)
{
    double hsum = 0, wsum = 0, k = f->k;
    for (int b = 0; b < HP_DP_NBIN; b++)
        if (isfinite(rv[b])) hsum += f->A[b][0] * sqrt(rv[b]), wsum += f->A[b][0];
    out->host_rel_var = wsum > 0 ? (hsum / wsum) * (hsum / wsum) : 0;
    f->zero_hi = 0;
    {
        double l, h;
        hp_poisson_ci(0, &l, &h);
        f->zero_hi = h / f->sA0;
    }
    f->dlo = NAN, f->dhi = NAN;
    scaled_ci(f->n0, k, sqrt(phi + out->host_rel_var * k), f->zero_hi, &f->ilo, &f->ihi);
    f->have_d = k > 0 && isfinite(f->varn) && f->varn > 0;
    if (f->have_d) {
        double keff = f->sd * f->sd / f->varn; /* dispersion already in varn */
        scaled_ci(f->sd, keff, sqrt(1 + out->host_rel_var * keff), f->zero_hi, &f->dlo,
                  &f->dhi);
    }
}

/* Model average: intact and every defective configuration, prior 1/2 on each model and
 * uniform over the configurations, each likelihood (over the dispersion phi) times the Occam
 * factor of its extra types (occam()); the variance within and between models. */
static void model_average(const pfit_t *f, double phi, hp_pvl_profile_t *out)
{
    double n0 = f->n0, ilo = f->ilo, ihi = f->ihi, dlo = f->dlo, dhi = f->dhi;
    int ncfg = f->ncfg;
    out->averaged_copies = n0, out->averaged_ci[0] = ilo, out->averaged_ci[1] = ihi;
    out->defective_posterior = 0;
    if (!(f->k > 0 && ncfg > 0 && n0 > 0 && ilo > 0)) return;
    double mx = 0, lw[MAX_CFG];
    for (int c = 0; c < ncfg; c++) {
        lw[c] = (f->cfg_l[c] - f->l0) / phi + f->cfg_occ[c] - log((double)ncfg);
        if (lw[c] > mx) mx = lw[c];
    }
    double w0 = exp(-mx), sw = 0, swn = 0, swn2 = 0;
    for (int c = 0; c < ncfg; c++) {
        double wc = exp(lw[c] - mx);
        sw += wc, swn += wc * f->cfg_n[c], swn2 += wc * f->cfg_n[c] * f->cfg_n[c];
    }
    double pd = sw / (sw + w0), nd = sw > 0 ? swn / sw : n0;
    double vspread = sw > 0 ? fmax(0, swn2 / sw - nd * nd) : 0;
    double si = log(ihi / ilo) / (2 * 1.959964), vi = n0 * si * n0 * si, vd = vi;
    if (f->have_d && dlo > 0 && dhi > dlo) {
        double sdd = log(dhi / dlo) / (2 * 1.959964);
        vd = nd * sdd * nd * sdd;
    }
    double est = (1 - pd) * n0 + pd * nd;
    double var = (1 - pd) * vi + pd * (vd + vspread) + pd * (1 - pd) * (n0 - nd) * (n0 - nd);
    double sl = est > 0 ? sqrt(var) / est : 0;
    out->defective_posterior = pd;
    out->averaged_copies = est;
    out->averaged_ci[0] = est * exp(-1.959964 * sl);
    out->averaged_ci[1] = est * exp(1.959964 * sl);
}

/* The output: each model's estimate and CI, the chosen model (defective when its likelihood
 * ratio passes HP_PROFILE_LR_MIN) with the union of both CIs where the choice is uncertain,
 * its intact fraction, the fitted bins and the information limit. */
static void fill_output(pfit_t *f, hp_pvl_profile_t *out)
{
    double k = f->k, n0 = f->n0, sd = f->sd;
    double ilo = f->ilo, ihi = f->ihi, dlo = f->dlo, dhi = f->dhi;
    int have_d = f->have_d;
    double fi = sd > 0 ? f->bth[0] / sd : 1, sf = f->varf >= 0 ? sqrt(f->varf) : NAN;
    out->intact_copies = n0, out->intact_ci[0] = ilo, out->intact_ci[1] = ihi;
    out->defective_copies = have_d ? sd : NAN;
    out->defective_ci[0] = dlo, out->defective_ci[1] = dhi;
    int uncertain = have_d && out->lr_defective >= HP_PROFILE_LR_UNION_LO &&
                    out->lr_defective <= HP_PROFILE_LR_UNION_HI;
    if (have_d && out->lr_defective > HP_PROFILE_LR_MIN) {
        out->model = "defective";
        out->copies_per_100 = sd;
        memcpy(f->mu, f->md, sizeof f->mu);
        out->ci_lo = dlo, out->ci_hi = dhi;
        out->intact_fraction = fi;
        out->intact_lo = fmax(0, fi - 1.96 * sf), out->intact_hi = fmin(1, fi + 1.96 * sf);
    } else {
        out->copies_per_100 = n0;
        out->ci_lo = ilo, out->ci_hi = ihi;
        out->intact_fraction = 1;
        out->intact_lo = isfinite(sf) && k > 0 ? fmax(0, fmin(1, fi) - 1.96 * sf) : 0;
        out->intact_hi = 1;
    }
    if (uncertain) {
        out->ci_lo = fmin(ilo, dlo), out->ci_hi = fmax(ihi, dhi);
        out->model_uncertain = 1;
    }
    for (int b = 0; b < HP_DP_NBIN; b++) {
        out->bin_fit[b] = f->mu[b];
        out->bin_intact[b] = out->copies_per_100 * f->A[b][0];
    }
    if (k > 0) {
        double l, h;
        hp_poisson_ci(k, &l, &h);
        out->info_lo = out->copies_per_100 * l / k, out->info_hi = out->copies_per_100 * h / k;
    } else {
        out->info_lo = 0, out->info_hi = f->zero_hi;
    }
}

void hp_pvl_profile_fit(const double *y, const double *rate, const double *rv,
                        hp_pvl_profile_t *out)
{
    pfit_t f;
    if (!fit_intact(y, rate, &f, out)) return;
    out->available = 1;
    fit_defective_grid(y, rate, &f);
    fit_defective_best(y, rate, &f, out);
    double phi = out->dispersion;
    defective_var(&f, phi);
    fit_cis(rv, phi, &f, out);
    model_average(&f, phi, out);
    fill_output(&f, out);
}

/* ---- headline ---- */

void hp_pvl_headline(double d, double d_lo, double d_hi, int d_ok, double j, double j_lo,
                     double j_hi, int j_ok, hp_pvl_headline_t *out)
{
    out->z = NAN;
    out->flag = NULL;
    d_ok = d_ok && isfinite(d) && isfinite(d_lo) && isfinite(d_hi);
    j_ok = j_ok && isfinite(j) && isfinite(j_lo) && isfinite(j_hi);
    if (!d_ok && !j_ok) {
        out->copies_per_100 = out->ci_lo = out->ci_hi = NAN;
        out->estimator = NULL;
        out->flag = "no_estimate";
        return;
    }
    if (!d_ok) {
        out->copies_per_100 = j, out->ci_lo = j_lo, out->ci_hi = j_hi;
        out->estimator = "junction";
        out->flag = "no_depth_estimate";
        return;
    }
    out->copies_per_100 = d, out->ci_lo = d_lo, out->ci_hi = d_hi;
    out->estimator = "depth";
    double sd = hp_log_ci_se(d_lo, d_hi), sj = hp_log_ci_se(j_lo, j_hi);
    if (!j_ok || !(d > 0) || !(j > 0) || !isfinite(sd) || !isfinite(sj)) return;
    /* a lopsided depth CI (the union of two models' CIs) is no log-normal: not combined */
    if (fabs(log(d_hi) + log(d_lo) - 2 * log(d)) > 0.2 * (log(d_hi) - log(d_lo))) {
        out->flag = "depth_ci_asymmetric: not combined";
        return;
    }
    out->z = (log(d) - log(j)) / sqrt(sd * sd + sj * sj);
    if (fabs(out->z) > 1.959964) {
        out->flag = out->z > 0 ? "depth_junction_disagree: junction lower"
                               : "depth_junction_disagree: junction higher";
        return;
    }
    double wd = 1 / (sd * sd), wj = 1 / (sj * sj);
    double m = (wd * log(d) + wj * log(j)) / (wd + wj), se = 1 / sqrt(wd + wj);
    out->copies_per_100 = exp(m);
    out->ci_lo = exp(m - 1.959964 * se), out->ci_hi = exp(m + 1.959964 * se);
    out->estimator = "combined";
}
