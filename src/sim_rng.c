/* sim_rng.c -- xoshiro256** seeded by splitmix64, and the few distributions the simulator uses.
 * Platform-independent: no rand(), no libm randomness. */
#include "htlvpvl/hash.h"
#include "htlvpvl/sim.h"
#include <math.h>

static uint64_t splitmix64(uint64_t *x) { return hp_mix64(*x += 0x9e3779b97f4a7c15ULL); }

void hp_rng_seed(hp_rng_t *r, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t hp_rng_next(hp_rng_t *r)
{
    uint64_t *s = r->s;
    uint64_t res = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return res;
}

double hp_rng_uniform(hp_rng_t *r)
{
    return (double)(hp_rng_next(r) >> 11) * 0x1.0p-53;
}

uint64_t hp_rng_below(hp_rng_t *r, uint64_t n)
{
    uint64_t lim = UINT64_MAX - UINT64_MAX % n, x; /* reject the incomplete last block */
    do
        x = hp_rng_next(r);
    while (x >= lim);
    return x % n;
}

double hp_rng_normal(hp_rng_t *r)
{
    double u = 1.0 - hp_rng_uniform(r), v = hp_rng_uniform(r); /* u in (0, 1] */
    return sqrt(-2.0 * log(u)) * cos(2.0 * M_PI * v);
}

uint64_t hp_rng_poisson(hp_rng_t *r, double mean)
{
    if (mean <= 0) return 0;
    if (mean < 30) { /* Knuth: product of uniforms */
        double l = exp(-mean), p = 1.0;
        uint64_t k = 0;
        for (;;) {
            p *= hp_rng_uniform(r);
            if (p <= l) return k;
            k++;
        }
    }
    /* Split into chunks below 30: a sum of Poissons is Poisson (exact, O(mean / 30) draws of
     * O(30) uniforms; the simulator's means are at most a few million). */
    uint64_t k = 0;
    while (mean >= 30) {
        k += hp_rng_poisson(r, 25.0);
        mean -= 25.0;
    }
    return k + hp_rng_poisson(r, mean);
}
