/* test_fastq_dup.c -- fragment keys and the hash-sampled duplicate rate. */
#include "htlvpvl/fastq_dup.h"
#include "tap.h"
#include <stdint.h>
#include <string.h>

static uint64_t rng = 1234567;
static uint64_t next_rand(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng;
}

int main(void)
{
    const char *a = "ACGTACGTTTGACCAGTAGGACCATTAGAC", *b = "TTGACCAGGATTACAGGACCAATTGACAGT";
    uint64_t k = hp_fragment_key(a, 30, b, 30);
    TEST_OK(k == hp_fragment_key(b, 30, a, 30), "key ignores mate order");
    TEST_OK(k == hp_fragment_key("acgtacgtttgaccagtaggaccattagac", 30, b, 30), "key ignores case");
    TEST_OK(k != hp_fragment_key(a, 30, b + 1, 29), "a shifted mate changes the key");
    TEST_OK(k == hp_fragment_key(a, 30, "TTGACCAGGATTACAGGACCAATTGAGGGG", 30),
            "bases after the first 24 do not matter");
    TEST_OK(hp_fragment_key(a, 30, NULL, 0) != hp_fragment_key(a, 30, b, 30), "single-end key");

    /* 200,000 fragments, a quarter of them duplicated once: unique fraction 1 / 1.25 = 0.8 */
    for (int cap = 0; cap < 2; cap++) {
        hp_dupset_t d;
        hp_dupset_init(&d, cap ? 5000 : 1000000);
        int ok = 1;
        for (int i = 0; i < 200000; i++) {
            uint64_t key = next_rand() | 1;
            ok &= hp_dupset_add(&d, key) == 0;
            if (i % 4 == 0) ok &= hp_dupset_add(&d, key) == 0;
        }
        int64_t nd, nt;
        double u = hp_dupset_unique_fraction(&d, &nd, &nt);
        TEST_OK(ok, "adds succeed");
        if (!cap) {
            TEST_EQ_INT(nt, 250000, "no sampling: all fragments counted");
            TEST_EQ_INT(nd, 200000, "no sampling: exact distinct count");
        } else {
            TEST_OK(nd <= 5000 && nd > 1000, "sampling keeps at most max_keys");
        }
        TEST_NEAR(u, 0.8, cap ? 0.02 : 1e-12,
                  cap ? "sampled estimate of the unique fraction" : "exact unique fraction");
        hp_dupset_destroy(&d);
    }
    hp_dupset_t e;
    hp_dupset_init(&e, 10);
    TEST_NEAR(hp_dupset_unique_fraction(&e, NULL, NULL), 1.0, 0, "empty set: 1");
    hp_dupset_destroy(&e);
    hp_dupset_destroy(NULL);
    return test_done();
}
