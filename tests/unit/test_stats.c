/* Unit tests of the CIs and clonality measures against values from R / textbook formulas. */
#include <htslib/kfunc.h>
#include <math.h>
#include "htlvpvl/stats.h"
#include "tap.h"

int main(void)
{
    double lo, hi;
    /* poisson.test(10)$conf.int: 4.795389 18.390356 */
    hp_poisson_ci(10, &lo, &hi);
    TEST_NEAR(lo, 4.795389, 1e-5, "Poisson CI k=10 low");
    TEST_NEAR(hi, 18.390356, 1e-5, "Poisson CI k=10 high");
    /* poisson.test(0)$conf.int: 0 3.688879 */
    hp_poisson_ci(0, &lo, &hi);
    TEST_NEAR(lo, 0, 0, "Poisson CI k=0 low");
    TEST_NEAR(hi, 3.688879, 1e-5, "Poisson CI k=0 high");
    /* binom.test(7, 20)$conf.int: 0.1539092 0.5921885 */
    hp_binom_ci(7, 20, &lo, &hi);
    TEST_NEAR(lo, 0.1539092, 1e-6, "Clopper-Pearson 7/20 low");
    TEST_NEAR(hi, 0.5921885, 1e-6, "Clopper-Pearson 7/20 high");
    hp_binom_ci(0, 10, &lo, &hi);
    TEST_NEAR(hi, 0.3084971, 1e-6, "Clopper-Pearson 0/10 high");
    /* Conditional method: exact Clopper-Pearson limits of 30/40 found by bisection on summed
     * binomial terms (independent of the beta function), then p/(1-p) */
    hp_poisson_ratio_ci(30, 1, 10, 1, &lo, &hi);
    TEST_NEAR(lo, 1.42740847, 1e-6, "rate ratio CI low");
    TEST_NEAR(hi, 6.87930177, 1e-6, "rate ratio CI high");
    hp_poisson_ratio_ci(30, 2, 10, 1, &lo, &hi);
    TEST_NEAR(lo, 1.42740847 / 2, 1e-6, "rate ratio CI scales with exposure");
    /* P(3,2) = 1 - 5e^-2; I_0.3(2,5) tabulated (htslib's kf_betai, with its argument order) */
    TEST_NEAR(hp_gamma_p(3, 2), 1 - 5 * exp(-2), 1e-12, "P(3,2)");
    TEST_NEAR(kf_betai(2, 5, 0.3), 0.579825, 1e-6, "I_0.3(2,5)");
    /* a large count: the lower limit of k = 2990 solves P(X >= 2990 | x) = 0.025; 2883.7776949
     * from the Poisson tail summed term by term in log space (htslib's kf_gammap gives 2883.847) */
    hp_poisson_ci(2990, &lo, &hi);
    TEST_NEAR(lo, 2883.7776949, 1e-6, "Poisson lower limit of 2990 (large count)");
    /* k = 0 of n: the upper limit is 1 - 0.025^(1/n) exactly */
    hp_binom_ci(0, 1000, &lo, &hi);
    TEST_NEAR(hi, 0.003682083896865672, 1e-12, "binomial upper limit of 0 of 1000: 1 - 0.025^(1/n)");

    double even[4] = {5, 5, 5, 5}, one[4] = {0, 0, 0, 9}, mixed[5] = {1, 1, 2, 3, 10};
    TEST_NEAR(hp_gini(even, 4), 0, 1e-12, "Gini of equal clones is 0");
    /* sum over pairs |xi - xj| = 80; 80 / (2 * 5^2 * 3.4) */
    TEST_NEAR(hp_gini(mixed, 5), 80.0 / 170.0, 1e-12, "Gini of 1,1,2,3,10");
    TEST_NEAR(hp_gini(one, 4), 0, 1e-12, "Gini of a single clone (zeros ignored) is 0");
    TEST_NEAR(hp_shannon(even, 4), log(4), 1e-12, "Shannon of 4 equal clones is ln 4");
    TEST_NEAR(hp_simpson(even, 4), 0.75, 1e-12, "Simpson of 4 equal clones");
    TEST_NEAR(hp_simpson(one, 4), 0, 1e-12, "Simpson of a single clone");
    /* f1 = 2, f2 = 1, S = 5: 5 + 2*1/(2*2) = 5.5 */
    TEST_NEAR(hp_chao1(mixed, 5), 5.5, 1e-12, "Chao1 (bias-corrected)");
    /* log-scale SE of a 95 % CI: a log-normal CI exp(m -+ 1.96 se) gives se back */
    TEST_NEAR(hp_log_ci_se(10 * exp(-1.959964 * 0.5), 10 * exp(1.959964 * 0.5)), 0.5, 1e-12,
              "log-scale SE from a CI");
    TEST_OK(isnan(hp_log_ci_se(0, 3)) && isnan(hp_log_ci_se(2, 1)) && isnan(hp_log_ci_se(1, 1)) &&
                isnan(hp_log_ci_se(1, INFINITY)),
            "log-scale SE: NaN for lo 0, hi <= lo, hi infinite");
    return test_done();
}
