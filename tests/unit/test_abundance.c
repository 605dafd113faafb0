/* Unit tests of the sonicLength EM (src/abundance.c): the fragment table reader, duplicate
 * handling, and the estimates against simulated truth. Simulation: infected cells drawn from
 * Laydon's whole-body clone-size distribution ($SHARED/data/laydon, when present; else
 * log-normal clone sizes), each cell split at random into one of 3 replicates, its fragment
 * recovered with probability 0.5 at a length drawn from the replicate's own length law
 * (log-normal, medians 100/125/150 bp, sd of log 0.35, truncated to 30..500); only distinct
 * lengths per site and replicate are kept. Truth per site = fragments recovered (before equal
 * lengths collapse). */
#include "htlvpvl/abundance.h"
#include "htlvpvl/sim.h"
#include "tap.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double quantile(double *v, int n, double q)
{
    qsort(v, n, sizeof *v, cmp_dbl);
    return n ? v[(int)(q * (n - 1) + 0.5)] : 0;
}

static const char *write_tmp(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/htlvpvl_abund_%d.tsv", (int)getpid());
    FILE *fp = fopen(path, "w");
    if (!fp) return NULL;
    fputs(text, fp);
    fclose(fp);
    return path;
}

static void test_reader(void)
{
    hp_frags_t f;
    int64_t line;
    const char *msg;
    hp_frags_init(&f);
    const char *p = write_tmp("# comment\nlengths\tlocations\treplicates\n40\tA\t1\n41\tA\t1\n"
                              "40\tA\t1\n40\tA\t2\n55\tB\t2\n");
    TEST_OK(hp_frags_read_tsv(&f, p, &line, &msg) == 0, "R package column names, any order");
    TEST_EQ_INT(f.n_site, 2, "two sites");
    TEST_EQ_INT(f.n_rep, 2, "two replicates");
    TEST_EQ_INT(f.n_added, 5, "five rows read");
    TEST_EQ_INT(f.n_obs, 4, "a repeated (site, length, replicate) counts once");
    TEST_EQ_INT(hp_frags_n_site_obs(&f, 0), 3, "site A: 40/1, 41/1, 40/2");
    TEST_EQ_INT(f.len_min, 40, "shortest 40");
    TEST_EQ_INT(f.len_max, 55, "longest 55");
    hp_frags_destroy(&f);

    hp_frags_init(&f);
    p = write_tmp("site\tlength\nA\t40\nB\tx\n");
    TEST_EQ_INT(hp_frags_read_tsv(&f, p, &line, &msg), -2, "a length that is not a number");
    TEST_EQ_INT(line, 3, "... reported at line 3");
    hp_frags_destroy(&f);
    hp_frags_init(&f);
    p = write_tmp("chrom\tlength\nA\t40\n");
    TEST_EQ_INT(hp_frags_read_tsv(&f, p, &line, &msg), -2, "no site column");
    hp_frags_destroy(&f);
    hp_frags_init(&f);
    p = write_tmp("site\tlength\nA\t0\n");
    TEST_EQ_INT(hp_frags_read_tsv(&f, p, &line, &msg), -2, "length 0 is refused");
    hp_frags_destroy(&f);
    hp_frags_init(&f);
    p = write_tmp("site\tlength\n");
    TEST_EQ_INT(hp_frags_read_tsv(&f, p, &line, &msg), -2, "header only: no fragments");
    hp_frags_destroy(&f);
    unlink(p);
}

/* log-normal length, median m, sd of log 0.35, truncated to 30..500 */
static int draw_len(hp_rng_t *rng, double m)
{
    for (;;) {
        int l = (int)(m * exp(0.35 * hp_rng_normal(rng)) + 0.5);
        if (l >= 30 && l <= 500) return l;
    }
}

typedef struct {
    double sum_theta, sum_true, med, p90, med_naive, top_err, top_err_naive;
    int n_big, n_site;
    int mt_same; /* the fit over 3 threads gave the same bits */
} sim_res_t;

static int simulate(uint64_t seed, const double *w, int nw, int n_cells, sim_res_t *res)
{
    hp_rng_t rng;
    hp_rng_seed(&rng, seed);
    double *cum = malloc(nw * sizeof *cum);
    int *cells = calloc(nw, sizeof *cells), *truth = calloc(nw, sizeof *truth);
    for (int i = 0; i < nw; i++)
        cum[i] = (i ? cum[i - 1] : 0) + w[i];
    hp_frags_t f;
    hp_frags_init(&f);
    static const double med[3] = {100, 125, 150};
    static const char *rep[3] = {"r1", "r2", "r3"};
    char name[32];
    int64_t n_frag = 0;
    for (int c = 0; c < n_cells; c++) {
        double u = hp_rng_uniform(&rng) * cum[nw - 1];
        int lo = 0, hi = nw - 1;
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (cum[mid] > u) hi = mid;
            else lo = mid + 1;
        }
        cells[lo]++;
        int r = (int)hp_rng_below(&rng, 3);
        if (hp_rng_uniform(&rng) >= 0.5) continue; /* fragment lost */
        truth[lo]++, n_frag++;
        snprintf(name, sizeof name, "clone%d", lo);
        if (hp_frags_add(&f, name, draw_len(&rng, med[r]), rep[r]) < 0) return -1;
    }
    if (hp_frags_finish(&f) < 0) return -1;
    hp_abund_t a;
    if (hp_abund_fit(&f, &a) != 0) return -1;
    hp_abund_t a3; /* split over 3 threads: the same bits */
    if (hp_abund_fit_mt(&f, &a3, 3) != 0) return -1;
    res->mt_same = a3.n_iter == a.n_iter && a3.n_rows == a.n_rows &&
                   memcmp(a3.theta, a.theta, f.n_site * sizeof *a.theta) == 0 &&
                   memcmp(a3.phi, a.phi, a.n_rows * sizeof *a.phi) == 0;
    hp_abund_destroy(&a3);
    int mt_same = res->mt_same;
    memset(res, 0, sizeof *res);
    res->mt_same = mt_same;
    double *rel = malloc(f.n_site * sizeof *rel), *reln = malloc(f.n_site * sizeof *reln);
    int top = 0;
    for (int j = 0; j < f.n_site; j++) {
        int id = atoi(f.site[j] + 5);
        double t = truth[id], th = a.theta[j];
        res->sum_theta += th, res->sum_true += t;
        if (t > truth[atoi(f.site[top] + 5)]) top = j;
        if (t >= 10) {
            rel[res->n_big] = fabs(th - t) / t;
            reln[res->n_big++] = fabs((double)hp_frags_n_site_obs(&f, j) - t) / t;
        }
    }
    double tt = truth[atoi(f.site[top] + 5)];
    res->top_err = fabs(a.theta[top] - tt) / tt;
    res->top_err_naive = fabs((double)hp_frags_n_site_obs(&f, top) - tt) / tt;
    res->n_site = f.n_site;
    res->med = quantile(rel, res->n_big, 0.5);
    res->p90 = quantile(rel, res->n_big, 0.9);
    res->med_naive = quantile(reln, res->n_big, 0.5);
    free(rel), free(reln), free(cum), free(cells), free(truth);
    hp_abund_destroy(&a);
    hp_frags_destroy(&f);
    return 0;
}

static void test_simulation(void)
{
    double *w = NULL;
    int nw = 0;
    const char *shared = getenv("SHARED");
    char path[4096];
    if (shared && *shared) {
        snprintf(path, sizeof path, "%s/data/laydon/Laydon_EstCloneFreqBody_Sample_1.txt",
                 shared);
        if (hp_clonedist_read(&w, &nw, path) != 0) nw = 0;
    }
    if (nw == 0) {
        printf("# Laydon clone sizes not found ($SHARED unset): log-normal clone sizes\n");
        hp_rng_t rng;
        hp_rng_seed(&rng, 7);
        nw = 20000;
        w = malloc(nw * sizeof *w);
        for (int i = 0; i < nw; i++)
            w[i] = exp(2.5 * hp_rng_normal(&rng));
    } else {
        printf("# clone sizes: Laydon EstCloneFreqBody_Sample_1 (%d clones)\n", nw);
    }
    for (uint64_t seed = 1; seed <= 3; seed++) {
        sim_res_t r;
        int ok = simulate(seed, w, nw, 30000, &r) == 0;
        TEST_OK(ok, "simulation and fit");
        if (!ok) continue;
        printf("# seed %d: %d sites; sum theta %.1f, true fragments %.0f; clones >= 10 "
               "fragments: %d, |rel err| median %.3f, 90th pct %.3f (distinct lengths: median "
               "%.3f); largest clone %.3f (distinct lengths %.3f)\n",
               (int)seed, r.n_site, r.sum_theta, r.sum_true, r.n_big, r.med, r.p90, r.med_naive,
               r.top_err, r.top_err_naive);
        TEST_OK(fabs(r.sum_theta / r.sum_true - 1) < 0.02, "sum of theta within 2 % of truth");
        TEST_OK(r.n_big >= 5, "at least 5 clones with >= 10 fragments");
        TEST_OK(r.med < 0.05, "clones >= 10 fragments: median relative error < 0.05");
        TEST_OK(r.p90 < 0.12, "clones >= 10 fragments: 90th percentile relative error < 0.12");
        TEST_OK(r.top_err < 0.12, "largest clone within 12 %");
        TEST_OK(r.top_err < r.top_err_naive, "largest clone: EM closer than distinct lengths");
        TEST_OK(r.mt_same, "fit over 3 threads: the same theta and phi, bit for bit");
    }
    free(w);
}

/* The same data in two replicate orders, and a site renamed: same estimates */
static void test_determinism(void)
{
    hp_frags_t f, g;
    hp_frags_init(&f), hp_frags_init(&g);
    hp_rng_t rng;
    hp_rng_seed(&rng, 3);
    int n = 0;
    int lens[600], site[600];
    for (int s = 0; s < 30; s++)
        for (int k = 0; k <= s; k++, n++)
            lens[n] = draw_len(&rng, 120), site[n] = s;
    char nm[16];
    for (int i = 0; i < n; i++) {
        snprintf(nm, sizeof nm, "s%d", site[i]);
        if (hp_frags_add(&f, nm, lens[i], NULL) < 0) return;
    }
    for (int i = n - 1; i >= 0; i--) {
        snprintf(nm, sizeof nm, "s%d", site[i]);
        if (hp_frags_add(&g, nm, lens[i], NULL) < 0) return;
    }
    hp_abund_t a, b;
    TEST_OK(hp_frags_finish(&f) == 0 && hp_frags_finish(&g) == 0, "finish");
    TEST_OK(hp_abund_fit(&f, &a) == 0 && hp_abund_fit(&g, &b) == 0, "fit");
    int same = 1;
    for (int j = 0; j < f.n_site; j++) {
        int k = g.n_site - 1 - j; /* reversed input: reversed first-seen order */
        if (strcmp(f.site[j], g.site[k]) != 0 || fabs(a.theta[j] - b.theta[k]) > 1e-9) same = 0;
    }
    TEST_OK(same, "input order does not change the estimates");
    int ge = 1; /* at the fixed point theta_j = sum of E[n | present] >= distinct lengths */
    for (int j = 0; j < f.n_site; j++)
        if (a.theta[j] < hp_frags_n_site_obs(&f, j) * (1 - 1e-3)) ge = 0;
    TEST_OK(ge, "theta >= distinct fragments at every site");
    TEST_OK(a.theta[0] >= 1 - 1e-9, "one fragment: theta >= 1");
    double sp = 0;
    for (int i = 0; i < a.n_rows; i++)
        sp += a.phi[i];
    TEST_NEAR(sp, 1.0, 1e-9, "phi sums to 1");
    hp_abund_destroy(&a), hp_abund_destroy(&b);
    hp_frags_destroy(&f), hp_frags_destroy(&g);
}

int main(void)
{
    test_reader();
    test_determinism();
    test_simulation();
    return test_done();
}
