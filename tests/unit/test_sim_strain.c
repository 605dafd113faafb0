/* Unit tests of src/sim_strain.c: the built-in strain against J02029. */
#include "htlvpvl/ref.h"
#include "htlvpvl/seq.h"
#include "htlvpvl/sim.h"
#include "tap.h"
#include <htslib/bgzf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The strain against J02029: LTR copies identical, reference coordinates increasing, the
 * differences (counted here on the coordinate map, not taken from the strain's counters) near
 * the rates asked, about twice as dense in the LTR. */
static void test_strain(void)
{
    hp_rng_t r;
    hp_strain_t s;
    hp_rng_seed(&r, 5);
    TEST_OK(hp_strain_make(&s, 0, 2, &r) == 0 && s.virus.len == hp_htlv1_len &&
                strcmp(s.virus.seq, hp_htlv1_seq) == 0,
            "strain at divergence 0 is J02029");
    hp_rng_t r0;
    hp_rng_seed(&r0, 5);
    TEST_OK(hp_rng_next(&r) == hp_rng_next(&r0), "divergence 0 draws nothing");
    hp_strain_destroy(&s);
    TEST_OK(hp_strain_make(&s, 0.3, 2, &r) == -1, "divergence 0.3 refused");
    double sum_ltr = 0, sum_int = 0;
    int mono = 1, ltr_same = 1, n_rep = 20;
    for (int k = 0; k < n_rep; k++) {
        if (hp_strain_make(&s, 0.02, 2, &r) < 0) return;
        int L = s.virus.ltr_len;
        ltr_same &= memcmp(s.virus.seq, s.virus.seq + s.virus.len - L, (size_t)L) == 0 &&
                    s.ref_pos[s.virus.len - L] == HP_LTR3_START;
        /* differences: substituted bases (same coordinate, other base), inserted bases
         * (coordinate repeated), deleted bases (coordinate skipped) */
        int d_ltr = 0, d_int = 0, prev = 0;
        for (int i = 0; i < s.virus.len - L; i++) {
            int x = s.ref_pos[i];
            int d = (x == prev) + (x > prev + 1 ? x - prev - 1 : 0) +
                    (x != prev && s.virus.seq[i] != hp_htlv1_seq[x - 1]);
            mono &= x >= prev;
            if (x <= HP_LTR_LEN)
                d_ltr += d;
            else
                d_int += d;
            prev = x;
        }
        sum_ltr += (double)d_ltr / HP_LTR_LEN, sum_int += (double)d_int / HP_INTERNAL_LEN;
        hp_strain_destroy(&s);
    }
    TEST_OK(mono, "strain: reference coordinates never decrease");
    TEST_OK(ltr_same, "strain: 3' LTR = 5' LTR, placed at 8279");
    /* per base: 0.9 r substitutions + 0.05 r x 2 inserted + 0.05 r x 2 deleted = 1.1 r */
    TEST_NEAR(sum_int / n_rep, 1.1 * 0.02, 0.004, "strain: internal differences ~ 1.1 x 2 %");
    TEST_NEAR(sum_ltr / n_rep, 1.1 * 0.04, 0.01, "strain: LTR differences ~ 1.1 x 4 %");
}

int main(void)
{
    test_strain();
    return test_done();
}
