/* stats.c -- exact CIs (incomplete gamma here, incomplete beta from htslib kfunc.h, inverted by
 * bisection), clonality measures. */
#include <htslib/kfunc.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "htlvpvl/stats.h"

/* Not htslib's kf_gammap: its series stops after 100 terms, too few when x is near a large a
 * (the lower Poisson limit of k = 2990 came out 2883.847 instead of 2883.778; test_stats.c). */
#define EPS 1e-14
#define MAXIT 500

/* P(a,x): series for x < a+1, Lentz continued fraction for Q otherwise. */
double hp_gamma_p(double a, double x)
{
    if (x <= 0) return 0.0;
    double lg = lgamma(a);
    if (x < a + 1) {
        double ap = a, sum = 1.0 / a, del = sum;
        for (int i = 0; i < MAXIT; i++) {
            ap += 1;
            del *= x / ap;
            sum += del;
            if (fabs(del) < fabs(sum) * EPS) break;
        }
        return sum * exp(-x + a * log(x) - lg);
    }
    double b = x + 1 - a, c = 1 / 1e-300, d = 1 / b, h = d;
    for (int i = 1; i < MAXIT; i++) {
        double an = -i * (i - a);
        b += 2;
        d = an * d + b;
        if (fabs(d) < 1e-300) d = 1e-300;
        c = b + an / c;
        if (fabs(c) < 1e-300) c = 1e-300;
        d = 1 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1) < EPS) break;
    }
    return 1.0 - exp(-x + a * log(x) - lg) * h;
}

/* Solve P(a, x) = p for x by bisection on a bracket that grows until it holds the root. */
static double gamma_p_inv(double a, double p)
{
    double lo = 0, hi = a + 10 * sqrt(a) + 10;
    while (hp_gamma_p(a, hi) < p) hi *= 2;
    for (int i = 0; i < 200 && hi - lo > 1e-12 * (1 + hi); i++) {
        double mid = 0.5 * (lo + hi);
        if (hp_gamma_p(a, mid) < p) lo = mid;
        else hi = mid;
    }
    return 0.5 * (lo + hi);
}

static double beta_i_inv(double a, double b, double p)
{
    double lo = 0, hi = 1;
    for (int i = 0; i < 200 && hi - lo > 1e-15; i++) {
        double mid = 0.5 * (lo + hi);
        if (kf_betai(a, b, mid) < p) lo = mid;
        else hi = mid;
    }
    return 0.5 * (lo + hi);
}

double hp_chi2_quantile(double p, double df)
{
    return df > 0 && p > 0 && p < 1 ? 2.0 * gamma_p_inv(0.5 * df, p) : NAN;
}

double hp_log_ci_se(double lo, double hi)
{
    return lo > 0 && hi > lo && isfinite(hi) ? (log(hi) - log(lo)) / (2 * 1.959964) : NAN;
}

void hp_poisson_ci(double k, double *lo, double *hi)
{
    *lo = k > 0 ? gamma_p_inv(k, 0.025) : 0.0;
    *hi = gamma_p_inv(k + 1, 0.975);
}

void hp_binom_ci(double k, double n, double *lo, double *hi)
{
    if (n <= 0) {
        *lo = 0, *hi = 1;
        return;
    }
    *lo = k > 0 ? beta_i_inv(k, n - k + 1, 0.025) : 0.0;
    *hi = k < n ? beta_i_inv(k + 1, n - k, 0.975) : 1.0;
}

void hp_poisson_ratio_ci(double k1, double e1, double k2, double e2, double *lo, double *hi)
{
    double plo, phi;
    hp_binom_ci(k1, k1 + k2, &plo, &phi);
    double scale = e2 / e1;
    *lo = plo < 1 ? plo / (1 - plo) * scale : INFINITY;
    *hi = phi < 1 ? phi / (1 - phi) * scale : INFINITY;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double hp_gini(const double *x, int n)
{
    double *v = malloc((size_t)(n > 0 ? n : 1) * sizeof *v);
    if (!v) return NAN;
    int m = 0;
    for (int i = 0; i < n; i++)
        if (x[i] > 0) v[m++] = x[i];
    double g = 0;
    if (m > 1) {
        qsort(v, (size_t)m, sizeof *v, cmp_double);
        double sum = 0, wsum = 0;
        for (int i = 0; i < m; i++) sum += v[i], wsum += (double)(i + 1) * v[i];
        g = (2 * wsum) / (m * sum) - (double)(m + 1) / m;
    }
    free(v);
    return g;
}

double hp_shannon(const double *x, int n)
{
    double sum = 0, h = 0;
    for (int i = 0; i < n; i++)
        if (x[i] > 0) sum += x[i];
    if (sum <= 0) return 0;
    for (int i = 0; i < n; i++)
        if (x[i] > 0) h -= x[i] / sum * log(x[i] / sum);
    return h;
}

double hp_simpson(const double *x, int n)
{
    double sum = 0, s = 0;
    for (int i = 0; i < n; i++)
        if (x[i] > 0) sum += x[i];
    if (sum <= 0) return 0;
    for (int i = 0; i < n; i++)
        if (x[i] > 0) s += (x[i] / sum) * (x[i] / sum);
    return 1 - s;
}

double hp_chao1(const double *x, int n)
{
    double s = 0, f1 = 0, f2 = 0;
    for (int i = 0; i < n; i++) {
        if (x[i] <= 0) continue;
        s++;
        if (fabs(x[i] - 1) < 1e-9) f1++;
        else if (fabs(x[i] - 2) < 1e-9) f2++;
    }
    return s + f1 * (f1 - 1) / (2 * (f2 + 1));
}

int hp_chol_solve(double *a, double *b, int n)
{
    for (int j = 0; j < n; j++) {
        double d = a[j * n + j];
        for (int k = 0; k < j; k++)
            d -= a[j * n + k] * a[j * n + k];
        if (!(d > 0)) return -1;
        d = sqrt(d);
        a[j * n + j] = d;
        for (int i = j + 1; i < n; i++) {
            double s = a[i * n + j];
            for (int k = 0; k < j; k++)
                s -= a[i * n + k] * a[j * n + k];
            a[i * n + j] = s / d;
        }
    }
    for (int i = 0; i < n; i++) {
        double s = b[i];
        for (int k = 0; k < i; k++)
            s -= a[i * n + k] * b[k];
        b[i] = s / a[i * n + i];
    }
    for (int i = n - 1; i >= 0; i--) {
        double s = b[i];
        for (int k = i + 1; k < n; k++)
            s -= a[k * n + i] * b[k];
        b[i] = s / a[i * n + i];
    }
    return 0;
}
