/* abundance.c -- sonicLength EM for clone abundance (see include/htlvpvl/abundance.h). */
#include "htlvpvl/abundance.h"
#include "htlvpvl/stats.h"
#include <errno.h>
#include <float.h>
#include <htslib/khash.h>
#include <htslib/kseq.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

KHASH_MAP_INIT_STR(ab_s2i, int)
KSTREAM_INIT(gzFile, gzread, 65536)

#define MAX_REPS 2000
#define SCORE_ABS 0.1
#define SCORE_REL 1e-5
#define MIN_ROUNDS 3
#define GLM_MAXIT 50
#define GLM_EPS 1e-12

void hp_frags_init(hp_frags_t *f)
{
    memset(f, 0, sizeof *f);
}

void hp_frags_destroy(hp_frags_t *f)
{
    if (!f) return;
    for (int i = 0; i < f->n_site; i++)
        free(f->site[i]);
    for (int i = 0; i < f->n_rep; i++)
        free(f->rep[i]);
    free(f->site);
    free(f->rep);
    free(f->obs_ptr);
    free(f->obs_row);
    free(f->a_site);
    free(f->a_len);
    free(f->a_rep);
    if (f->site_hash) kh_destroy(ab_s2i, f->site_hash);
    if (f->rep_hash) kh_destroy(ab_s2i, f->rep_hash);
    memset(f, 0, sizeof *f);
}

/* index of name in (names, hash), adding it when new; -3 out of memory */
static int intern(void **hashp, char ***names, int *n, int *m, const char *name)
{
    if (!*hashp && !(*hashp = kh_init(ab_s2i))) return -3;
    khash_t(ab_s2i) *h = *hashp;
    khint_t k = kh_get(ab_s2i, h, name);
    if (k != kh_end(h)) return kh_val(h, k);
    if (*n == *m) {
        int nm = *m ? 2 * *m : 64;
        char **t = realloc(*names, (size_t)nm * sizeof *t);
        if (!t) return -3;
        *names = t, *m = nm;
    }
    char *s = strdup(name);
    if (!s) return -3;
    int ret;
    k = kh_put(ab_s2i, h, s, &ret);
    if (ret < 0) {
        free(s);
        return -3;
    }
    kh_val(h, k) = *n;
    (*names)[*n] = s;
    return (*n)++;
}

int hp_frags_add(hp_frags_t *f, const char *site, int length, const char *rep)
{
    if (length < 1 || length > HP_FRAG_MAX_LENGTH) return -1;
    int j = intern(&f->site_hash, &f->site, &f->n_site, &f->m_site, site);
    if (j < 0) return j;
    int r = intern(&f->rep_hash, &f->rep, &f->n_rep, &f->m_rep, rep ? rep : "1");
    if (r < 0) return r;
    if (f->n_added == f->m_added) {
        int64_t nm = f->m_added ? 2 * f->m_added : 1024;
        int32_t *a = realloc(f->a_site, nm * sizeof *a), *b, *c;
        if (!a) return -3;
        f->a_site = a;
        if (!(b = realloc(f->a_len, nm * sizeof *b))) return -3;
        f->a_len = b;
        if (!(c = realloc(f->a_rep, nm * sizeof *c))) return -3;
        f->a_rep = c;
        f->m_added = nm;
    }
    f->a_site[f->n_added] = j, f->a_len[f->n_added] = length, f->a_rep[f->n_added] = r;
    f->n_added++;
    return 0;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int hp_frags_finish(hp_frags_t *f)
{
    if (f->n_added == 0) return -1;
    int lo = f->a_len[0], hi = lo;
    for (int64_t i = 1; i < f->n_added; i++) {
        if (f->a_len[i] < lo) lo = f->a_len[i];
        if (f->a_len[i] > hi) hi = f->a_len[i];
    }
    f->len_min = lo, f->len_max = hi;
    int64_t n_len = hi - lo + 1;
    /* key: site major, then row; sort, drop duplicates */
    int64_t *key = malloc(f->n_added * sizeof *key);
    if (!key) return -3;
    for (int64_t i = 0; i < f->n_added; i++) {
        int64_t row = (int64_t)f->a_rep[i] * n_len + (f->a_len[i] - lo);
        key[i] = (int64_t)f->a_site[i] * ((int64_t)f->n_rep * n_len) + row;
    }
    qsort(key, f->n_added, sizeof *key, cmp_i64);
    int64_t n = 0;
    for (int64_t i = 0; i < f->n_added; i++)
        if (n == 0 || key[i] != key[n - 1]) key[n++] = key[i];
    free(f->obs_ptr);
    free(f->obs_row);
    f->obs_ptr = calloc(f->n_site + 1, sizeof *f->obs_ptr);
    f->obs_row = malloc(n * sizeof *f->obs_row);
    if (!f->obs_ptr || !f->obs_row) {
        free(key);
        return -3;
    }
    int64_t n_rows = (int64_t)f->n_rep * n_len;
    for (int64_t i = 0; i < n; i++) {
        f->obs_row[i] = (int32_t)(key[i] % n_rows);
        f->obs_ptr[key[i] / n_rows + 1]++;
    }
    for (int j = 0; j < f->n_site; j++)
        f->obs_ptr[j + 1] += f->obs_ptr[j];
    f->n_obs = n;
    free(key);
    free(f->a_site), free(f->a_len), free(f->a_rep);
    f->a_site = f->a_len = f->a_rep = NULL;
    f->m_added = 0;
    return 0;
}

/* ---- TSV reader ---- */

/* split s in place at tabs; returns the number of fields (at most max) */
static int split_tabs(char *s, char **fld, int max)
{
    int n = 0;
    fld[n++] = s;
    for (char *p = s; *p; p++)
        if (*p == '\t') {
            *p = 0;
            if (n == max) return -1;
            fld[n++] = p + 1;
        }
    return n;
}

#define MAX_COLS 256

int hp_frags_read_tsv(hp_frags_t *f, const char *path, int64_t *line, const char **msg)
{
    *line = 0, *msg = "";
    gzFile gz = strcmp(path, "-") == 0 ? gzdopen(0, "r") : gzopen(path, "r");
    if (!gz) {
        if (!errno) errno = ENOMEM;
        return -1;
    }
    kstream_t *ks = ks_init(gz);
    kstring_t s = {0, 0, NULL};
    char *fld[MAX_COLS];
    int c_site = -1, c_len = -1, c_rep = -1, n_col = 0, dret, ret = 0, have_header = 0;
    int64_t ln = 0;
    int r;
    while ((r = ks_getuntil(ks, KS_SEP_LINE, &s, &dret)) >= 0) {
        ln++;
        if (s.l && s.s[s.l - 1] == '\r') s.s[--s.l] = 0;
        if (!have_header) {
            if (s.l == 0 || s.s[0] == '#') continue;
            n_col = split_tabs(s.s, fld, MAX_COLS);
            if (n_col < 0) {
                *msg = "too many columns", ret = -2;
                break;
            }
            for (int i = 0; i < n_col; i++) {
                const char *h = fld[i];
                if (!strcmp(h, "site") || !strcmp(h, "locations")) c_site = i;
                else if (!strcmp(h, "length") || !strcmp(h, "lengths")) c_len = i;
                else if (!strcmp(h, "replicate") || !strcmp(h, "replicates")) c_rep = i;
            }
            if (c_site < 0 || c_len < 0) {
                *msg = "header must name the columns 'site' (or 'locations') and 'length' (or "
                       "'lengths')";
                ret = -2;
                break;
            }
            have_header = 1;
            continue;
        }
        if (s.l == 0) continue;
        int n = split_tabs(s.s, fld, MAX_COLS);
        if (n != n_col) {
            *msg = "number of columns differs from the header", ret = -2;
            break;
        }
        char *e;
        errno = 0;
        long v = strtol(fld[c_len], &e, 10);
        if (e == fld[c_len] || *e || errno || v < 1 || v > HP_FRAG_MAX_LENGTH) {
            *msg = "length is not a whole number of bases in 1..1000000", ret = -2;
            break;
        }
        if (!*fld[c_site]) {
            *msg = "empty site", ret = -2;
            break;
        }
        if (c_rep >= 0 && !*fld[c_rep]) {
            *msg = "empty replicate", ret = -2;
            break;
        }
        int a = hp_frags_add(f, fld[c_site], (int)v, c_rep >= 0 ? fld[c_rep] : NULL);
        if (a < 0) {
            ret = a == -3 ? -3 : -2;
            *msg = "cannot add the fragment";
            break;
        }
    }
    if (ret == 0 && r < -1) *msg = "read error (truncated or corrupt file)", ret = -2;
    if (ret == 0 && !have_header) *msg = "no header line", ret = -2;
    if (ret == 0 && f->n_added == 0) *msg = "no fragments", ret = -2;
    if (ret == 0) {
        int fr = hp_frags_finish(f);
        if (fr < 0) ret = fr == -3 ? -3 : -2, *msg = "no fragments";
    }
    *line = ret == -2 ? ln : 0;
    ks_destroy(ks);
    free(s.s);
    gzclose(gz);
    return ret;
}

/* ---- phi smoother: Poisson GLM of y on per-replicate cubic B-splines ---- */

typedef struct {
    int n_rep, n_x;   /* x = 1..n_x per replicate */
    int n_basis;      /* per replicate, the first B-spline left out (shared column 0) */
    int n_coef;       /* 1 + n_rep * n_basis */
    int *first;       /* per x: index of the first non-zero B-spline (0-based, full basis) */
    double *val;      /* per x: 4 values of B-splines first..first+3 */
    double *xtwx, *xtwz, *beta, *eta, *y;
} glm_t;

static void glm_destroy(glm_t *g)
{
    free(g->first), free(g->val), free(g->xtwx), free(g->xtwz), free(g->beta), free(g->eta);
    free(g->y);
}

/* cubic B-spline basis with knots t[0..nt), values of the 4 non-zero functions at x */
static void bspline4(const double *t, int nt, double x, int *first, double *v)
{
    int k = 3; /* largest span index with t[k] <= x and t[k] < t[k+1] */
    int last = nt - 5;
    while (k < last && x >= t[k + 1])
        k++;
    double left[4], right[4];
    v[0] = 1;
    for (int d = 1; d <= 3; d++) {
        left[d] = x - t[k + 1 - d];
        right[d] = t[k + d] - x;
        double saved = 0;
        for (int r = 0; r < d; r++) {
            double tmp = v[r] / (right[r + 1] + left[d - r]);
            v[r] = saved + right[r + 1] * tmp;
            saved = left[d - r] * tmp;
        }
        v[d] = saved;
    }
    *first = k - 3;
}

static int glm_init(glm_t *g, int n_rep, int n_x)
{
    memset(g, 0, sizeof *g);
    g->n_rep = n_rep, g->n_x = n_x;
    double a = 1, b = n_x, t[16];
    int nt = 0;
    for (int i = 0; i < 4; i++)
        t[nt++] = a;
    static const double inner[] = {50, 100};
    for (int i = 0; i < 2; i++)
        if (inner[i] > a && inner[i] < b) t[nt++] = inner[i];
    for (int i = 0; i < 4; i++)
        t[nt++] = b;
    g->n_basis = nt - 4 - 1;
    g->n_coef = 1 + n_rep * g->n_basis;
    int64_t n_obs = (int64_t)n_rep * n_x;
    g->first = malloc(n_x * sizeof *g->first);
    g->val = malloc((size_t)n_x * 4 * sizeof *g->val);
    g->xtwx = malloc((size_t)g->n_coef * g->n_coef * sizeof *g->xtwx);
    g->xtwz = malloc(g->n_coef * sizeof *g->xtwz);
    g->beta = malloc(g->n_coef * sizeof *g->beta);
    g->eta = malloc(n_obs * sizeof *g->eta);
    g->y = malloc(n_obs * sizeof *g->y);
    if (!g->first || !g->val || !g->xtwx || !g->xtwz || !g->beta || !g->eta || !g->y) return -3;
    for (int x = 1; x <= n_x; x++)
        bspline4(t, nt, x, &g->first[x - 1], &g->val[(x - 1) * 4]);
    return 0;
}

/* column of full-basis spline b (0-based) in replicate r */
static inline int glm_col(const glm_t *g, int r, int b)
{
    return b == 0 ? 0 : 1 + r * g->n_basis + (b - 1);
}

/* Fit log E[y] = X beta by IRLS from mu = y + 0.1 (as R's poisson()); fills g->eta */
static void glm_fit(glm_t *g)
{
    int p = g->n_coef, n_x = g->n_x;
    int64_t n = (int64_t)g->n_rep * n_x;
    for (int64_t i = 0; i < n; i++)
        g->eta[i] = log(g->y[i] + 0.1);
    double dev_old = INFINITY;
    for (int it = 0; it < GLM_MAXIT; it++) {
        memset(g->xtwx, 0, (size_t)p * p * sizeof *g->xtwx);
        memset(g->xtwz, 0, p * sizeof *g->xtwz);
        for (int r = 0; r < g->n_rep; r++)
            for (int x = 0; x < n_x; x++) {
                int64_t i = (int64_t)r * n_x + x;
                double mu = exp(g->eta[i]);
                double w = mu, z = g->eta[i] + (g->y[i] - mu) / mu;
                int col[4];
                const double *v = &g->val[x * 4];
                for (int k = 0; k < 4; k++)
                    col[k] = glm_col(g, r, g->first[x] + k);
                for (int k = 0; k < 4; k++) {
                    if (v[k] == 0) continue;
                    g->xtwz[col[k]] += w * v[k] * z;
                    for (int l = 0; l < 4; l++)
                        if (v[l] != 0) g->xtwx[col[k] * p + col[l]] += w * v[k] * v[l];
                }
            }
        /* a column that is zero on every row (no data under it) gets a tiny ridge */
        for (int k = 0; k < p; k++)
            g->xtwx[k * p + k] += 1e-12;
        memcpy(g->beta, g->xtwz, p * sizeof *g->beta);
        if (hp_chol_solve(g->xtwx, g->beta, p) < 0) return;
        double dev = 0;
        for (int r = 0; r < g->n_rep; r++)
            for (int x = 0; x < n_x; x++) {
                int64_t i = (int64_t)r * n_x + x;
                const double *v = &g->val[x * 4];
                double e = 0;
                for (int k = 0; k < 4; k++)
                    e += v[k] * g->beta[glm_col(g, r, g->first[x] + k)];
                g->eta[i] = e;
                double mu = exp(e), y = g->y[i];
                dev += 2 * ((y > 0 ? y * log(y / mu) : 0) - (y - mu));
            }
        if (fabs(dev - dev_old) / (fabs(dev) + 0.1) < GLM_EPS) break;
        dev_old = dev;
    }
}

/* ---- EM ---- */

typedef struct {
    const hp_frags_t *f;
    int n_len, n_rows;
    int n_threads;     /* per-site loops split over threads; sums still made in one order */
    int par_m, par_e;  /* threads worth waking for mstep / for estep and loglik */
    glm_t glm;
    double *phi, *phi_old, *yrow, *theta, *theta_old, *grad, *site_ll, *yobs;
    double phi_tot, phi_max, phi_min, s[5]; /* sum phi^1, 2, 3, 5, 7... see curvature() */
} em_t;

/* Above this 1/expm1(x) < 1e-304: the term is left out (as it underflows to 0 in any sum) */
#define INV_EXPM1_MAX 700.0

typedef double v4d_t __attribute__((vector_size(32)));
typedef int64_t v4i_t __attribute__((vector_size(32)));

/* expected count of a present cell */
static inline double e_count(double lambda)
{
    double d = -expm1(-lambda);
    return d > 0 ? lambda / d : 1.0;
}

/* expm1(x) = 2^k expm1(r) + (2^k - 1), four at a time (GCC vector extensions): x = k ln2 + r with
 * |r| <= ln2/2, expm1(r) by its Taylor series to r^13 (remainder < 1e-17 relative); for
 * |x| <= INV_EXPM1_MAX (x = *xp). *two_k = 2^k, *em = expm1(r). No fused multiply-adds, so
 * that the AVX2 and the plain versions below give the same bits. */
static inline __attribute__((always_inline)) void expm1_parts(const v4d_t *xp, v4d_t *two_k,
                                                              v4d_t *em)
{
    v4d_t x = *xp;
    const double shift = 0x1.8p52, ln2_hi = 0x1.62e42fefa3800p-1, ln2_lo = 0x1.ef35793c76730p-45;
    v4d_t kt = x * 0x1.71547652b82fep0 + shift; /* x / ln2 rounded, in the low bits */
    v4d_t k = kt - shift;
    v4d_t r = (x - k * ln2_hi) - k * ln2_lo;
    v4d_t q = r * (1.0 / 6227020800.0) + 1.0 / 479001600.0; /* 1/13!, 1/12! */
    q = q * r + 1.0 / 39916800.0;
    q = q * r + 1.0 / 3628800.0;
    q = q * r + 1.0 / 362880.0;
    q = q * r + 1.0 / 40320.0;
    q = q * r + 1.0 / 5040.0;
    q = q * r + 1.0 / 720.0;
    q = q * r + 1.0 / 120.0;
    q = q * r + 1.0 / 24.0;
    q = q * r + 1.0 / 6.0;
    q = q * r + 0.5;
    *em = r + r * r * q;
    *two_k = (v4d_t)(((v4i_t)kt + 1023) << 52); /* k is the low bits of kt */
}

/* Sum over the rows of phi^2 / expm1(phi th) (rows with phi <= 0 left out): the curvature's
 * loop, which runs over every length row for every site, every round, and was most of the
 * fit's time. 1/expm1 within 2 ulp of libm's; the lanes summed in a fixed order. */
static inline __attribute__((always_inline)) double curv_rows_body(const double *phi, int n,
                                                                   double th)
{
    const v4d_t one = {1, 1, 1, 1};
    v4d_t acc = {0, 0, 0, 0};
    int i = 0;
    for (; i + 4 <= n; i += 4) {
        v4d_t p, x, two_k, em;
        memcpy(&p, phi + i, sizeof p);
        x = p * th;
        v4i_t ok = (p > 0) & (x < INV_EXPM1_MAX);
        x = (v4d_t)(((v4i_t)x & ok) | ((v4i_t)one & ~ok)); /* 1 in the rows left out */
        expm1_parts(&x, &two_k, &em);
        v4d_t t = p * p / (two_k * em + (two_k - 1.0));
        acc += (v4d_t)((v4i_t)t & ok);
    }
    double c = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    for (; i < n; i++) {
        double p = phi[i];
        if (p > 0) c += p * p / expm1(p * th);
    }
    return c;
}

/* Sum over fragments k of log(1 - exp(-phi[row[k]] th)), for th * (every phi) in
 * [LOG1MEXP_MIN, INF): loglik()'s loop (was a third of the fit's time in log1p and exp).
 * Within 3 ulp of the exact value (libm's log1p(-exp(-x)) is less exact for x < 1e-5):
 * d = 1 - exp(-x) from expm1_parts(); below 1/sqrt 2, log d = j ln2 + log m with m in
 * [1/sqrt 2, sqrt 2); above, log1p(-exp(-x)); both as 2 atanh(s), |s| <= 0.1716, by the
 * series to s^23. x above INV_EXPM1_MAX as INV_EXPM1_MAX (the term is then below 1e-304). */
#define LOG1MEXP_MIN 1e-300
static inline __attribute__((always_inline)) double loglik_body(const double *phi,
                                                                const int32_t *row, int64_t n,
                                                                double th)
{
    const double shift = 0x1.8p52, ln2_hi = 0x1.62e42fefa3800p-1, ln2_lo = 0x1.ef35793c76730p-45;
    const double rsqrt2 = 0x1.6a09e667f3bcdp-1, sqrt2 = 0x1.6a09e667f3bcdp0;
    v4d_t acc = {0, 0, 0, 0};
    int64_t k = 0;
    for (; k + 4 <= n; k += 4) {
        v4d_t x = {phi[row[k]], phi[row[k + 1]], phi[row[k + 2]], phi[row[k + 3]]}, two_k, em;
        x *= th;
        v4i_t hi = x > INV_EXPM1_MAX;
        x = (v4d_t)(((v4i_t)x & ~hi) | ((v4i_t)(v4d_t){INV_EXPM1_MAX, INV_EXPM1_MAX,
                                                       INV_EXPM1_MAX, INV_EXPM1_MAX} & hi));
        v4d_t nx = -x;
        expm1_parts(&nx, &two_k, &em);
        v4d_t e = two_k + two_k * em;         /* exp(-x) */
        v4d_t d = (1.0 - two_k) - two_k * em; /* 1 - exp(-x) */
        v4i_t small = d < rsqrt2;
        v4i_t bits = (v4i_t)d;
        v4i_t j = (bits >> 52) - 1023;
        v4d_t m = (v4d_t)((bits & 0x000fffffffffffffLL) | 0x3ff0000000000000LL); /* [1, 2) */
        v4i_t big = m > sqrt2;
        m = (v4d_t)(((v4i_t)(m * 0.5) & big) | ((v4i_t)m & ~big));
        j -= big; /* big is -1 where true */
        v4d_t sa = (m - 1.0) / (m + 1.0), sb = -e / (2.0 - e);
        v4d_t s = (v4d_t)(((v4i_t)sa & small) | ((v4i_t)sb & ~small));
        v4d_t jd = (v4d_t)((v4i_t)(v4d_t){shift, shift, shift, shift} + (j & small)) - shift;
        v4d_t s2 = s * s;
        v4d_t t = s2 * (1.0 / 23) + 1.0 / 21;
        t = t * s2 + 1.0 / 19;
        t = t * s2 + 1.0 / 17;
        t = t * s2 + 1.0 / 15;
        t = t * s2 + 1.0 / 13;
        t = t * s2 + 1.0 / 11;
        t = t * s2 + 1.0 / 9;
        t = t * s2 + 1.0 / 7;
        t = t * s2 + 1.0 / 5;
        t = t * s2 + 1.0 / 3;
        acc += jd * ln2_hi + (jd * ln2_lo + (2 * s + 2 * s * s2 * t));
    }
    double c = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    for (; k < n; k++)
        c += log1p(-exp(-phi[row[k]] * th));
    return c;
}

/* For fragments k (p = phi[row[k]], x = p th, th * (every phi) in [LOG1MEXP_MIN, INF)): the
 * score's p / expm1(x) summed in fragment order (ecount 0), or estep's e_count(x) = x / (1 -
 * exp(-x)) into out[k] (ecount 1); within 2 ulp of libm's. x above INV_EXPM1_MAX as
 * INV_EXPM1_MAX inside expm1 (p / expm1(x) < 1e-304 then; 1 - exp(-x) is 1). */
static inline __attribute__((always_inline)) double em_terms_body(const double *phi,
                                                                  const int32_t *row, int64_t n,
                                                                  double th, int ecount,
                                                                  double *out)
{
    const v4d_t cap = {INV_EXPM1_MAX, INV_EXPM1_MAX, INV_EXPM1_MAX, INV_EXPM1_MAX};
    double g = 0;
    int64_t k = 0;
    for (; k + 4 <= n; k += 4) {
        v4d_t p = {phi[row[k]], phi[row[k + 1]], phi[row[k + 2]], phi[row[k + 3]]}, two_k, em;
        v4d_t lam = p * th, t;
        v4i_t hi = lam > INV_EXPM1_MAX;
        v4d_t x = (v4d_t)(((v4i_t)lam & ~hi) | ((v4i_t)cap & hi));
        if (ecount) {
            v4d_t nx = -x;
            expm1_parts(&nx, &two_k, &em);
            t = lam / ((1.0 - two_k) - two_k * em);
            memcpy(out + k, &t, sizeof t);
        } else {
            expm1_parts(&x, &two_k, &em);
            t = p / (two_k * em + (two_k - 1.0));
            g += t[0], g += t[1], g += t[2], g += t[3];
        }
    }
    for (; k < n; k++) {
        double p = phi[row[k]];
        if (ecount)
            out[k] = e_count(p * th);
        else
            g += p / expm1(p * th);
    }
    return g;
}

static double em_terms_plain(const double *phi, const int32_t *row, int64_t n, double th,
                             int ecount, double *out)
{
    return em_terms_body(phi, row, n, th, ecount, out);
}

static double curv_rows_plain(const double *phi, int n, double th)
{
    return curv_rows_body(phi, n, th);
}

static double loglik_plain(const double *phi, const int32_t *row, int64_t n, double th)
{
    return loglik_body(phi, row, n, th);
}

#if defined(__x86_64__) && defined(__GNUC__)
#define EM_AVX2 1
/* the same code for CPUs with AVX2 (no FMA: see above), chosen at run time */
__attribute__((target("avx2"))) static double curv_rows_avx2(const double *phi, int n, double th)
{
    return curv_rows_body(phi, n, th);
}

__attribute__((target("avx2"))) static double em_terms_avx2(const double *phi,
                                                            const int32_t *row, int64_t n,
                                                            double th, int ecount, double *out)
{
    return em_terms_body(phi, row, n, th, ecount, out);
}

__attribute__((target("avx2"))) static double loglik_avx2(const double *phi, const int32_t *row,
                                                          int64_t n, double th)
{
    return loglik_body(phi, row, n, th);
}

/* libgcc reads the CPU's features once, before main: a load and a bit test, no cache of our
 * own (a static set by the fit's threads would be a data race) */
static int have_avx2(void)
{
    return __builtin_cpu_supports("avx2");
}
#endif

static double curv_rows(const double *phi, int n, double th)
{
#ifdef EM_AVX2
    if (have_avx2()) return curv_rows_avx2(phi, n, th);
#endif
    return curv_rows_plain(phi, n, th);
}

static double em_terms(const double *phi, const int32_t *row, int64_t n, double th, int ecount,
                       double *out)
{
#ifdef EM_AVX2
    if (have_avx2()) return em_terms_avx2(phi, row, n, th, ecount, out);
#endif
    return em_terms_plain(phi, row, n, th, ecount, out);
}

static double loglik_rows(const double *phi, const int32_t *row, int64_t n, double th)
{
#ifdef EM_AVX2
    if (have_avx2()) return loglik_avx2(phi, row, n, th);
#endif
    return loglik_plain(phi, row, n, th);
}

/* 1/expm1(x) - 1/x + 1/2 for small x: x/12 - x^3/720 + x^5/30240 - x^7/1209600 */
static double curvature(const em_t *e, double th)
{
    /* sum over all rows of phi^2 exp(-phi th) / (1 - exp(-phi th)) = sum phi^2 / expm1(phi th) */
    if (th * e->phi_max < 0.1) {
        /* series of 1/expm1: exact to double precision for phi*theta < 0.1 */
        double t2 = th * th;
        return e->s[0] / th - e->s[1] / 2 + th * e->s[2] / 12 - th * t2 * e->s[3] / 720 +
               th * t2 * t2 * e->s[4] / 30240;
    }
    return curv_rows(e->phi, e->n_rows, th);
}

static void phi_sums(em_t *e)
{
    double t = 0, mx = 0, mn = INFINITY, s[5] = {0, 0, 0, 0, 0};
    for (int i = 0; i < e->n_rows; i++) {
        double p = e->phi[i], p2 = p * p;
        t += p;
        if (p > mx) mx = p;
        if (p < mn) mn = p;
        s[0] += p, s[1] += p2, s[2] += p2 * p, s[3] += p2 * p2 * p, s[4] += p2 * p2 * p2 * p;
    }
    e->phi_tot = t, e->phi_max = mx, e->phi_min = mn;
    memcpy(e->s, s, sizeof s);
}


/* Y = E[n | x] at (theta, phi): row sums into yrow; column sums into colsum (may be NULL).
 * The cells in parallel, the row sums in site order: the same bits at any thread count. */
static void estep(em_t *e, const double *theta, double *colsum)
{
    const hp_frags_t *f = e->f;
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 16) num_threads(e->n_threads) if (e->par_e)
#endif
    for (int j = 0; j < f->n_site; j++) {
        double cs = 0, th = theta[j];
        int64_t k0 = f->obs_ptr[j], n = f->obs_ptr[j + 1] - k0;
        if (th * e->phi_min >= LOG1MEXP_MIN && th < INFINITY) {
            em_terms(e->phi, f->obs_row + k0, n, th, 1, e->yobs + k0);
        } else { /* (also before phi_sums() first set phi_min) */
            for (int64_t k = k0; k < k0 + n; k++)
                e->yobs[k] = e_count(e->phi[f->obs_row[k]] * th);
        }
        for (int64_t k = k0; k < k0 + n; k++)
            cs += e->yobs[k];
        if (colsum) colsum[j] = cs;
    }
    memset(e->yrow, 0, e->n_rows * sizeof *e->yrow);
    for (int64_t k = 0; k < f->n_obs; k++)
        e->yrow[f->obs_row[k]] += e->yobs[k];
}

/* observed-data log-likelihood at (theta, phi); NaN when some theta is not positive */
static double loglik(em_t *e, const double *theta)
{
    const hp_frags_t *f = e->f;
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 16) num_threads(e->n_threads) if (e->par_e)
#endif
    for (int j = 0; j < f->n_site; j++) {
        double sp = 0, lp = 0, th = theta[j];
        int64_t k0 = f->obs_ptr[j], n = f->obs_ptr[j + 1] - k0;
        for (int64_t k = k0; k < k0 + n; k++)
            sp += e->phi[f->obs_row[k]];
        if (th * e->phi_min >= LOG1MEXP_MIN && th < INFINITY) {
            lp = loglik_rows(e->phi, f->obs_row + k0, n, th);
        } else { /* theta not positive (NaN or -inf then): term by term */
            for (int64_t k = k0; k < k0 + n; k++)
                lp += log1p(-exp(-e->phi[f->obs_row[k]] * th));
        }
        e->site_ll[j] = lp - theta[j] * (e->phi_tot - sp);
    }
    double ll = 0; /* summed in site order */
    for (int j = 0; j < f->n_site; j++)
        ll += e->site_ll[j];
    return ll;
}

/* one Newton step for each theta_j; the score at the old theta goes to grad */
static void mstep(em_t *e, double *theta)
{
    const hp_frags_t *f = e->f;
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 4) num_threads(e->n_threads) if (e->par_m)
#endif
    for (int j = 0; j < f->n_site; j++) {
        double th = theta[j], sp = 0, g = 0;
        int64_t k0 = f->obs_ptr[j], n = f->obs_ptr[j + 1] - k0;
        for (int64_t k = k0; k < k0 + n; k++)
            sp += e->phi[f->obs_row[k]];
        if (th * e->phi_min >= LOG1MEXP_MIN && th < INFINITY) {
            g = em_terms(e->phi, f->obs_row + k0, n, th, 0, NULL);
        } else {
            for (int64_t k = k0; k < k0 + n; k++) {
                double p = e->phi[f->obs_row[k]];
                g += p / expm1(p * th);
            }
        }
        g -= e->phi_tot - sp;
        double curv = -curvature(e, th);
        e->grad[j] = g;
        theta[j] = th - g / curv;
    }
}

/* phi from the expected row counts: GLM smooth, floor, normalise */
static void phi_update(em_t *e, double *phi)
{
    glm_t *g = &e->glm;
    int n_x = g->n_x;
    const hp_frags_t *f = e->f;
    for (int r = 0; r < f->n_rep; r++)
        for (int x = 1; x <= n_x; x++) {
            int l = x - f->len_min;
            g->y[(int64_t)r * n_x + x - 1] =
                l >= 0 && l < e->n_len ? e->yrow[r * e->n_len + l] : 0.0;
        }
    glm_fit(g);
    double t = 0;
    for (int r = 0; r < f->n_rep; r++)
        for (int l = 0; l < e->n_len; l++) {
            double v = exp(g->eta[(int64_t)r * n_x + f->len_min + l - 1]);
            phi[r * e->n_len + l] = v;
            t += v;
        }
    double t2 = 0;
    for (int i = 0; i < e->n_rows; i++)
        t2 += phi[i] = phi[i] / t + DBL_EPSILON;
    for (int i = 0; i < e->n_rows; i++)
        phi[i] /= t2;
}

static void em_destroy(em_t *e)
{
    glm_destroy(&e->glm);
    free(e->phi_old), free(e->yrow), free(e->theta_old), free(e->grad), free(e->site_ll);
    free(e->yobs);
}

void hp_abund_destroy(hp_abund_t *a)
{
    if (!a) return;
    free(a->theta);
    free(a->phi);
    memset(a, 0, sizeof *a);
}

int hp_abund_fit(const hp_frags_t *f, hp_abund_t *a)
{
    return hp_abund_fit_mt(f, a, 1);
}

int hp_abund_fit_mt(const hp_frags_t *f, hp_abund_t *a, int n_threads)
{
    memset(a, 0, sizeof *a);
    em_t e;
    memset(&e, 0, sizeof e);
    e.f = f;
    e.n_threads = n_threads > 1 ? n_threads : 1;
    e.n_len = f->len_max - f->len_min + 1;
    e.n_rows = f->n_rep * e.n_len;
    /* a parallel loop costs its threads' wake-up and barrier (much more on a busy machine):
     * split only loops of some size (mstep: up to n_rows terms a site) */
    e.par_m = e.n_threads > 1 && (int64_t)f->n_site * e.n_rows >= (1 << 17);
    e.par_e = e.n_threads > 1 && f->n_obs >= (1 << 17);
    int J = f->n_site, ret = 0;
    a->theta = malloc(J * sizeof *a->theta);
    a->phi = malloc(e.n_rows * sizeof *a->phi);
    e.phi_old = malloc(e.n_rows * sizeof *e.phi_old);
    e.yrow = malloc(e.n_rows * sizeof *e.yrow);
    e.theta_old = malloc(J * sizeof *e.theta_old);
    e.grad = malloc(J * sizeof *e.grad);
    e.site_ll = malloc(J * sizeof *e.site_ll);
    e.yobs = malloc((f->n_obs ? f->n_obs : 1) * sizeof *e.yobs);
    if (!a->theta || !a->phi || !e.phi_old || !e.yrow || !e.theta_old || !e.grad ||
        !e.site_ll || !e.yobs ||
        glm_init(&e.glm, f->n_rep, f->len_max + 10) < 0) {
        ret = -3;
        goto done;
    }
    a->n_rows = e.n_rows;
    e.phi = a->phi, e.theta = a->theta;
    double *phi = a->phi, *theta = a->theta;

    /* start: phi from the observed row counts (plus 1/rows each), theta = observed counts */
    memset(phi, 0, e.n_rows * sizeof *phi);
    for (int64_t k = 0; k < f->n_obs; k++)
        phi[f->obs_row[k]] += 1;
    for (int i = 0; i < e.n_rows; i++)
        phi[i] = (phi[i] + 1.0 / e.n_rows) / (f->n_obs + 1.0);
    for (int j = 0; j < J; j++)
        theta[j] = (double)hp_frags_n_site_obs(f, j);
    estep(&e, theta, theta); /* one EM step: theta = column sums of Y */
    memcpy(e.theta_old, theta, J * sizeof *theta);
    phi_update(&e, phi);
    phi_sums(&e);
    memcpy(e.phi_old, phi, e.n_rows * sizeof *phi);
    double ll_old = -INFINITY;
    int it = 0, fail = 0, done_ = 0;
    while (!done_) {
        mstep(&e, theta);
        double ll = loglik(&e, theta);
        fail = 0;
        if (ll > ll_old) {
            ll_old = ll;
            memcpy(e.theta_old, theta, J * sizeof *theta);
        } else {
            fail++;
            memcpy(theta, e.theta_old, J * sizeof *theta);
        }
        estep(&e, theta, NULL);
        phi_update(&e, phi);
        phi_sums(&e);
        ll = loglik(&e, theta);
        if (ll > ll_old) {
            ll_old = ll;
            memcpy(e.phi_old, phi, e.n_rows * sizeof *phi);
        } else {
            fail++;
            memcpy(phi, e.phi_old, e.n_rows * sizeof *phi);
            phi_sums(&e);
        }
        double max_abs = 0, max_rel = 0;
        for (int j = 0; j < J; j++) {
            double g = fabs(e.grad[j]), rel = g / fabs(e.theta_old[j]);
            if (g > max_abs) max_abs = g;
            if (rel > max_rel) max_rel = rel;
        }
        it++;
        int small = max_abs <= SCORE_ABS && max_rel <= SCORE_REL;
        a->converged = small && it >= MIN_ROUNDS;
        done_ = fail >= 2 || (it >= MIN_ROUNDS && small);
        if (!done_ && it >= MAX_REPS) {
            ret = -1;
            break;
        }
    }
    a->n_iter = it;
    a->loglik = ll_old;
done:
    em_destroy(&e);
    if (ret == -3) hp_abund_destroy(a);
    return ret;
}

typedef struct {
    double theta;
    const char *name;
    int idx;
} site_key_t;

static int cmp_site(const void *pa, const void *pb)
{
    const site_key_t *a = pa, *b = pb;
    if (a->theta != b->theta) return a->theta > b->theta ? -1 : 1;
    return strcmp(a->name, b->name);
}

int hp_abund_order(const hp_frags_t *f, const hp_abund_t *a, int *ord)
{
    site_key_t *k = malloc((f->n_site ? f->n_site : 1) * sizeof *k);
    if (!k) return -3;
    for (int j = 0; j < f->n_site; j++)
        k[j].theta = a->theta[j], k[j].name = f->site[j], k[j].idx = j;
    qsort(k, f->n_site, sizeof *k, cmp_site);
    for (int j = 0; j < f->n_site; j++)
        ord[j] = k[j].idx;
    free(k);
    return 0;
}
