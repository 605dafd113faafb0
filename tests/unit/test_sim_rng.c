/* Unit tests of src/sim_rng.c: PRNG (xoshiro256** seeded by splitmix64) and its distributions. */
#include "htlvpvl/ref.h"
#include "htlvpvl/seq.h"
#include "htlvpvl/sim.h"
#include "tap.h"
#include <htslib/bgzf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void test_rng(void)
{
    hp_rng_t a, b, c;
    hp_rng_seed(&a, 7), hp_rng_seed(&b, 7), hp_rng_seed(&c, 8);
    int same = 1, diff = 0;
    for (int i = 0; i < 1000; i++) {
        uint64_t x = hp_rng_next(&a), y = hp_rng_next(&b), z = hp_rng_next(&c);
        same &= x == y, diff += x != z;
    }
    TEST_OK(same, "rng: same seed, same stream");
    TEST_OK(diff > 990, "rng: different seed, different stream");
    hp_rng_seed(&a, 1);
    double s = 0, s2 = 0, p = 0, p2 = 0, nm = 0, nm2 = 0;
    int n = 200000, in_range = 1, hist[5] = {0};
    for (int i = 0; i < n; i++) {
        double u = hp_rng_uniform(&a);
        in_range &= u >= 0 && u < 1;
        s += u, s2 += u * u;
        hist[hp_rng_below(&a, 5)]++;
        double k = (double)hp_rng_poisson(&a, 3.5);
        p += k, p2 += k * k;
        double g = hp_rng_normal(&a);
        nm += g, nm2 += g * g;
    }
    TEST_OK(in_range, "uniform in [0, 1)");
    TEST_NEAR(s / n, 0.5, 0.005, "uniform mean 1/2");
    TEST_NEAR(s2 / n - (s / n) * (s / n), 1.0 / 12, 0.002, "uniform variance 1/12");
    int flat = 1;
    for (int i = 0; i < 5; i++)
        flat &= fabs(hist[i] / (double)n - 0.2) < 0.005;
    TEST_OK(flat, "below(5) uniform over 0..4");
    TEST_NEAR(p / n, 3.5, 0.03, "poisson(3.5) mean");
    TEST_NEAR(p2 / n - (p / n) * (p / n), 3.5, 0.08, "poisson(3.5) variance");
    TEST_NEAR(nm / n, 0, 0.01, "normal mean 0");
    TEST_NEAR(nm2 / n - (nm / n) * (nm / n), 1, 0.02, "normal variance 1");
    double big = 0, big2 = 0;
    for (int i = 0; i < 2000; i++) {
        double k = (double)hp_rng_poisson(&a, 1000);
        big += k, big2 += k * k;
    }
    TEST_NEAR(big / 2000, 1000, 3, "poisson(1000) mean (chunked)");
    TEST_NEAR(sqrt(big2 / 2000 - (big / 2000) * (big / 2000)), sqrt(1000), 3, "poisson(1000) sd");
}

int main(void)
{
    test_rng();
    return test_done();
}
