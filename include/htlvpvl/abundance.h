/* abundance.h -- clone abundance from shear-site fragment lengths, by the EM of sonicLength
 * (Berry CC, Gillet NA, Melamed A, Gormley N, Bangham CR, Bushman FD. Estimating abundances of
 * retroviral insertion sites from DNA fragment length data. Bioinformatics 2012;28:755-62).
 *
 * Model: in replicate r, the number of sonicated fragments of length l at site j is
 * Poisson(theta_j * phi_rl); only presence (count > 0) is observed, because PCR copies of one
 * fragment cannot be told from another fragment of the same length. theta_j (shared by the
 * replicates) is the site's expected number of fragments over all replicates, i.e. its clone
 * size in recovered sonicants; phi_rl (one length distribution per replicate, summing to 1
 * over all replicates and lengths) is the chance that a fragment is recovered at length l in r.
 *
 * Fit, as the R package's maxEM/phi.update.lframe: start from the observed counts; then
 * alternate a Newton step for every theta_j on the observed-data log-likelihood and an EM update
 * of phi (expected counts given presence, y_rl = sum_j E[n_rlj | present]), each kept only when
 * the log-likelihood rises; stop after >= 3 rounds once every score |dL/dtheta_j| <= 0.1 and
 * <= 1e-5 theta_j, or when both steps of a round fail. phi is smoothed as the package does: a
 * Poisson (quasi-Poisson: same estimates) log-linear GLM of y on a cubic B-spline of length with
 * inner knots at 50 and 100 bp (those inside the range), one spline per replicate sharing the
 * level at length 1, on lengths 1..max+10 (lengths never seen count 0); then a floor of
 * DBL_EPSILON. Lengths are whole bases. The likelihood is evaluated sparsely (sum over observed
 * cells plus theta_j times the unobserved phi mass), so the cost is the number of observed
 * fragments, not sites x lengths.
 *
 * Nothing here prints or exits. Objects are not thread-safe; distinct objects may be used from
 * distinct threads.
 */
#ifndef HTLVPVL_ABUNDANCE_H
#define HTLVPVL_ABUNDANCE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HP_FRAG_MAX_LENGTH 1000000 /* longest fragment length accepted */

/* Distinct fragments (site, length, replicate). Sites and replicates are kept by name, in the
 * order first seen. Build with hp_frags_add, then hp_frags_finish; the fit needs a finished
 * set. */
typedef struct {
    int n_site, n_rep;
    char **site, **rep; /* names (owned) */
    int64_t n_obs;      /* distinct (site, length, replicate), after finish */
    int64_t n_added;    /* rows added, duplicates included */
    int len_min, len_max;
    /* after finish: observations grouped by site, CSR: obs_ptr[j]..obs_ptr[j+1] */
    int64_t *obs_ptr;
    int32_t *obs_row; /* rep * (len_max - len_min + 1) + (length - len_min) */
    /* while adding */
    int32_t *a_site, *a_len, *a_rep;
    int64_t m_added;
    void *site_hash, *rep_hash;
    int m_site, m_rep;
} hp_frags_t;

void hp_frags_init(hp_frags_t *f);
/* Add one fragment; rep may be NULL (one replicate). length must be in 1..HP_FRAG_MAX_LENGTH.
 * Returns 0, -1 bad length, -3 out of memory. */
int hp_frags_add(hp_frags_t *f, const char *site, int length, const char *rep)
    __attribute__((warn_unused_result));
/* Sort and drop duplicate (site, length, replicate) rows (presence is all the model uses).
 * Returns 0, -1 when no fragment was added, -3 out of memory. */
int hp_frags_finish(hp_frags_t *f) __attribute__((warn_unused_result));
/* Distinct fragments of site j (over all replicates), after finish. */
static inline int64_t hp_frags_n_site_obs(const hp_frags_t *f, int j)
{
    return f->obs_ptr[j + 1] - f->obs_ptr[j];
}
void hp_frags_destroy(hp_frags_t *f); /* accepts NULL */

/* Read a TSV of fragments: a header naming the columns site (or locations), length (or
 * lengths) and optionally replicate (or replicates), any order, other columns ignored; one row
 * per fragment. Plain or gzip; "-" is stdin. Lines starting with '#' before the header are
 * skipped. Finishes f. Returns 0; -1 cannot open (errno set); -2 format error (*line = 1-based
 * line, *msg = static reason); -3 out of memory. */
int hp_frags_read_tsv(hp_frags_t *f, const char *path, int64_t *line, const char **msg)
    __attribute__((warn_unused_result));

typedef struct {
    double *theta; /* per site (n_site), expected fragments over all replicates */
    double *phi;   /* per (replicate, length): n_rep * (len_max - len_min + 1), sums to 1 */
    int n_rows;    /* length of phi */
    int n_iter;    /* EM rounds */
    int converged; /* 1: score criterion met; 0: stopped because no step improved */
    double loglik;
} hp_abund_t;

/* Fit theta and phi to a finished fragment set. Deterministic. Returns 0, -1 when the
 * iteration limit (2000) was reached without convergence (results still filled), -3 out of
 * memory. Free with hp_abund_destroy. */
int hp_abund_fit(const hp_frags_t *f, hp_abund_t *a) __attribute__((warn_unused_result));
/* The same with the per-site steps split over n_threads OpenMP threads (sums still made in one
 * order): the same result, bit for bit, at any n_threads. */
int hp_abund_fit_mt(const hp_frags_t *f, hp_abund_t *a, int n_threads)
    __attribute__((warn_unused_result));
void hp_abund_destroy(hp_abund_t *a); /* accepts NULL */

/* Order of sites for output: theta descending, ties by site name (strcmp). Fills ord[n_site];
 * returns 0 or -3. */
int hp_abund_order(const hp_frags_t *f, const hp_abund_t *a, int *ord)
    __attribute__((warn_unused_result));

#ifdef __cplusplus
}
#endif
#endif
