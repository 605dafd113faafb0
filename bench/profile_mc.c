/* bench/profile_mc.c -- Monte Carlo of the depth profile fit (hp_pvl_profile_fit) on its own:
 * viral bin counts drawn as Poisson around a known mix of intact, type 1 and type 2 proviruses
 * (flat host rate), fitted as count does, for the choice between the intact and the defective
 * model and the CI rules (HP_PROFILE_LR_MIN, HP_PROFILE_LR_UNION_LO/HI in pvl.h).
 *
 * Usage: profile_mc K D1 D2 DRAWS [MIN/LO ...]
 *   K      expected viral fragments (the fit's 18 bins; 55 is PVL 10 at 60x on 150 bp reads)
 *   D1 D2  shares of proviruses with a type 1 deletion (internal 1200-6700) and a type 2 one
 *          (5' LTR and 756-2256), as the simulator makes them
 *   MIN/LO other choice thresholds and union-band starts to compare (e.g. 10/8 16/12)
 * Prints the 2 x log-likelihood gain's quantiles, then per rule (first: the built one): bias and
 * RMSE of the estimate against the truth, coverage of the 95 % CI, its width over the
 * information limit (Garwood CI of the fragments seen, at the estimate) and the share of
 * samples where the defective model is chosen. Built and run by bench/profile_mc.sh. */
#include "htlvpvl/depth_profile.h"
#include "htlvpvl/pvl.h"
#include "htlvpvl/sim.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

enum { MAX_RULE = 8 };

static double overlap(int b1, int e1, int b2, int e2)
{
    int b = b1 > b2 ? b1 : b2, e = e1 < e2 ? e1 : e2;
    return e >= b ? e - b + 1 : 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

typedef struct {
    double min, lo, bias, sq, cov, width, chosen;
} rule_t;

/* The estimate and CI of a rule from the fit's two models (as fill_output in pvl.c). */
static void apply(const rule_t *r, const hp_pvl_profile_t *p, double *e, double *lo, double *hi)
{
    int have_d = isfinite(p->defective_copies) && isfinite(p->defective_ci[0]);
    double lr = p->lr_defective;
    const double *c = have_d && lr > r->min ? p->defective_ci : p->intact_ci;
    *e = have_d && lr > r->min ? p->defective_copies : p->intact_copies;
    *lo = c[0], *hi = c[1];
    if (have_d && lr >= r->lo && lr <= HP_PROFILE_LR_UNION_HI) {
        *lo = fmin(p->intact_ci[0], p->defective_ci[0]);
        *hi = fmax(p->intact_ci[1], p->defective_ci[1]);
    }
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: profile_mc K D1 D2 DRAWS [MIN/LO ...]\n");
        return 2;
    }
    double K = atof(argv[1]), d1 = atof(argv[2]), d2 = atof(argv[3]);
    int n_draw = atoi(argv[4]), n_rule = 1;
    if (!(K > 0) || d1 < 0 || d2 < 0 || d1 + d2 > 1 || n_draw < 10) {
        fprintf(stderr, "profile_mc: K > 0, D1, D2 >= 0 with D1 + D2 <= 1, DRAWS >= 10\n");
        return 2;
    }
    rule_t rule[MAX_RULE] = {{HP_PROFILE_LR_MIN, HP_PROFILE_LR_UNION_LO, 0, 0, 0, 0, 0}};
    for (int i = 5; i < argc && n_rule < MAX_RULE; i++)
        if (sscanf(argv[i], "%lf/%lf", &rule[n_rule].min, &rule[n_rule].lo) == 2) n_rule++;
    double rate[HP_DP_NBIN], rv[HP_DP_NBIN], keep[HP_DP_NBIN], total = 0;
    for (int b = 0; b < HP_DP_NBIN; b++) {
        int beg, end;
        hp_dprof_bin_range(b, &beg, &end);
        double len = end - beg + 1;
        rate[b] = 1, rv[b] = 1e-6;
        if (b < HP_DP_N_LTR_BIN) /* both LTR copies, one in a type 2 provirus */
            keep[b] = len * (2 * (1 - d2) + d2);
        else
            keep[b] = len * (1 - d1 - d2) + d1 * (len - overlap(beg, end, 1200, 6700)) +
                      d2 * (len - overlap(beg, end, 756, 2256));
        total += keep[b];
    }
    double truth = K * 100 / total; /* copies per 100 cells giving K fragments in expectation */
    double *lr = malloc((size_t)n_draw * sizeof *lr);
    if (!lr) return 1;
    hp_rng_t rng;
    hp_rng_seed(&rng, 20261207);
    for (int i = 0; i < n_draw; i++) {
        double y[HP_DP_NBIN];
        for (int b = 0; b < HP_DP_NBIN; b++)
            y[b] = (double)hp_rng_poisson(&rng, truth / 100 * keep[b]);
        hp_pvl_profile_t p;
        hp_pvl_profile_init(&p);
        hp_pvl_profile_fit(y, rate, rv, &p);
        lr[i] = p.lr_defective;
        for (int r = 0; r < n_rule; r++) {
            double e, lo, hi;
            apply(&rule[r], &p, &e, &lo, &hi);
            double rel = e / truth - 1, info = p.info_hi - p.info_lo;
            rule[r].bias += rel, rule[r].sq += rel * rel;
            rule[r].cov += lo <= truth && truth <= hi;
            if (info > 0 && p.copies_per_100 > 0)
                rule[r].width += (hi - lo) / (info * e / p.copies_per_100);
            rule[r].chosen += p.lr_defective > rule[r].min && isfinite(p.defective_copies);
        }
    }
    qsort(lr, (size_t)n_draw, sizeof *lr, cmp_double);
    printf("K %g type1 %g type2 %g draws %d: 2 x log-likelihood gain median %.1f, 90 %% %.1f, "
           "95 %% %.1f, 99 %% %.1f\n",
           K, d1, d2, n_draw, lr[n_draw / 2], lr[n_draw * 9 / 10], lr[n_draw * 95 / 100],
           lr[n_draw * 99 / 100]);
    for (int r = 0; r < n_rule; r++)
        printf("  choose > %g, union from %g%s: bias %+.1f %%, RMSE %.1f %%, coverage %.3f, "
               "width/limit %.2f, defective chosen %.1f %%\n",
               rule[r].min, rule[r].lo, r == 0 ? " (built)" : "", 100 * rule[r].bias / n_draw,
               100 * sqrt(rule[r].sq / n_draw), rule[r].cov / n_draw, rule[r].width / n_draw,
               100 * rule[r].chosen / n_draw);
    free(lr);
    return 0;
}
