/* stats.h -- confidence intervals and clonality measures. All functions are pure and
 * thread-safe. Confidence level is 95 % (two-sided, 2.5 % each tail) unless a name says so. */
#ifndef HTLVPVL_STATS_H
#define HTLVPVL_STATS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Regularized lower incomplete gamma P(a, x), accurate for large a (series of up to 500
 * terms; htslib's kf_gammap stops at 100 and is off by 1e-5 relative near a = 3000). The
 * regularized incomplete beta I_x(a, b) is htslib's kf_betai(a, b, x) (htslib/kfunc.h; note the
 * argument order). */
double hp_gamma_p(double a, double x);

/* Quantile of the chi-squared distribution with df degrees of freedom (df > 0, 0 < p < 1);
 * NaN otherwise. */
double hp_chi2_quantile(double p, double df);

/* Standard error on the log scale of an estimate whose 95 % CI is [lo, hi] (log-normal):
 * (log hi - log lo) / (2 * 1.959964); NaN unless 0 < lo < hi < inf. */
double hp_log_ci_se(double lo, double hi);

/* Solves the n x n symmetric positive-definite system a x = b by Cholesky (a: row-major,
 * overwritten by its factor; b: overwritten by x). 0, or -1 when a is not positive definite. */
int hp_chol_solve(double *a, double *b, int n);

/* Exact (Garwood) 95 % CI for the mean of a Poisson count k: lo = 0 when k = 0. */
void hp_poisson_ci(double k, double *lo, double *hi);

/* Exact (Clopper-Pearson) 95 % CI for a binomial proportion k/n; n = 0 gives [0, 1]. */
void hp_binom_ci(double k, double n, double *lo, double *hi);

/* 95 % CI for the ratio of two Poisson rates (k1/e1) / (k2/e2), from the conditional binomial
 * (k1 of k1 + k2) with Clopper-Pearson limits. hi is +inf when k2 = 0. */
void hp_poisson_ratio_ci(double k1, double e1, double k2, double e2, double *lo, double *hi);

/* Clonality of n clone sizes x[] (any non-negative abundances; zeros are ignored). */
double hp_gini(const double *x, int n);        /* OCI: Gini coefficient, 0 (even) .. 1 */
double hp_shannon(const double *x, int n);     /* natural log */
double hp_simpson(const double *x, int n);     /* 1 - sum p^2 (Gini-Simpson) */
double hp_chao1(const double *x, int n);       /* bias-corrected Chao1; x are integer counts */

#ifdef __cplusplus
}
#endif
#endif
