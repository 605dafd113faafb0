/* test_compare.c -- change from baseline, its CI coverage, clone matching and statuses,
 * computed on in-memory samples with known truth. */
#include "htlvpvl/compare.h"
#include "htlvpvl/stats.h"
#include "tap.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Add a sample: PVL from k viral fragments at exposure e (fragments per unit PVL). */
static hp_cmp_sample_t *add(hp_cmp_t *c, const char *name, const char *subj, double tp, double k,
                            double e)
{
    c->samples = realloc(c->samples, (size_t)(c->n_samples + 1) * sizeof *c->samples);
    hp_cmp_sample_t *s = &c->samples[c->n_samples++];
    memset(s, 0, sizeof *s);
    s->name = strdup(name), s->subject = strdup(subj);
    s->timepoint = tp;
    s->viral_fragments = k;
    s->pvl = k / e;
    double lo, hi;
    hp_poisson_ci(k, &lo, &hi);
    s->pvl_lo = lo / e, s->pvl_hi = hi / e;
    s->exposure = k > 0 ? e : 3.6888794541139363 / s->pvl_hi;
    s->dose_mg_per_kg = NAN;
    return s;
}

static void site(hp_cmp_sample_t *s, const char *chrom, int64_t pos, char strand, double fr,
                 double cf)
{
    s->sites = realloc(s->sites, (size_t)(s->n_sites_rows + 1) * sizeof *s->sites);
    hp_cmp_site_t *t = &s->sites[s->n_sites_rows++];
    t->chrom = strdup(chrom), t->pos = pos, t->strand = strand;
    t->fragments = fr, t->cell_fraction = cf, t->exact = 1;
}

static const hp_cmp_clone_t *find(const hp_cmp_subject_t *u, const char *chrom, char strand)
{
    for (int i = 0; i < u->n_clones; i++)
        if (strcmp(u->clones[i].chrom, chrom) == 0 && u->clones[i].strand == strand)
            return &u->clones[i];
    return NULL;
}

/* Poisson draw by inversion (small means) or normal approximation is not good enough for a
 * coverage test: use the product-of-uniforms method on chunks. */
static uint64_t rng_state = 88172645463325252ULL;
static double unif(void)
{
    rng_state ^= rng_state << 13, rng_state ^= rng_state >> 7, rng_state ^= rng_state << 17;
    return ((rng_state >> 11) + 0.5) / 9007199254740992.0;
}
static double rpois(double mu)
{
    double k = 0;
    while (mu > 30) { /* split into chunks: a sum of Poissons is Poisson */
        double L = exp(-30), p = 1;
        for (;;) {
            p *= unif();
            if (p < L) break;
            k++;
        }
        mu -= 30;
    }
    double L = exp(-mu), p = 1;
    for (;;) {
        p *= unif();
        if (p < L) break;
        k++;
    }
    return k;
}

int main(void)
{
    double x[] = {10, 0, 5}, y[] = {10, 0, 5}, z[] = {0, 7, 0}, w[] = {20, 0, 10};
    TEST_NEAR(hp_morisita_horn(x, y, 3), 1, 1e-12, "Morisita-Horn of identical vectors is 1");
    TEST_NEAR(hp_morisita_horn(x, w, 3), 1, 1e-12, "Morisita-Horn is scale-free");
    TEST_NEAR(hp_morisita_horn(x, z, 3), 0, 1e-12, "Morisita-Horn of disjoint clones is 0");
    double a[] = {1, 0}, b[] = {1, 1};
    TEST_NEAR(hp_morisita_horn(a, b, 2), 2.0 / 3, 1e-12, "Morisita-Horn worked example");

    /* One subject, three time points given out of order; exposures differ (depths differ). */
    hp_cmp_t c;
    hp_cmp_init(&c, NULL);
    hp_cmp_sample_t *s;
    s = add(&c, "A_d14", "A", 14, 165, 55);   /* PVL 3 */
    site(s, "chr1", 1000002, '+', 8, 0.004);  /* 2 bp from the baseline site: same clone */
    site(s, "chr1", 1000000, '-', 3, 0.0015); /* other strand: a new clone */
    site(s, "chr2", 5000000, '-', 33, 0.015);
    site(s, "chr4", 106, '+', 6, 0.003);  /* 6 bp from chr4:100: not the same clone */
    s = add(&c, "A_d0", "A", 0, 400, 50); /* PVL 8 */
    site(s, "chr1", 1000000, '+', 40, 0.02);
    site(s, "chr2", 5000000, '-', 30, 0.015);
    site(s, "chr3", 7000, '+', 10, 0.005);
    site(s, "chr4", 100, '+', 6, 0.003);
    s = add(&c, "A_d84", "A", 84, 125, 50); /* PVL 2.5 */
    site(s, "chr2", 5000000, '-', 28, 0.014);
    add(&c, "B_d0", "B", 0, 100, 100); /* a subject with a single time point */
    add(&c, "C_d0", "C", 0, 0, 100);   /* baseline PVL 0 */
    add(&c, "C_d7", "C", 7, 5, 100);
    TEST_EQ_INT(hp_cmp_compute(&c), 0, "compute");
    TEST_EQ_INT(c.n_subjects, 3, "three subjects");
    const hp_cmp_subject_t *u = &c.subjects[0];
    TEST_STR(c.samples[u->samples[u->baseline]].name, "A_d0", "baseline = earliest time point");
    TEST_STR(c.samples[u->samples[2]].name, "A_d84", "samples in time order");
    const hp_cmp_sample_t *t1 = &c.samples[0];
    TEST_NEAR(t1->change_pct, -62.5, 1e-9, "change = 100 (PVL_t / PVL_0 - 1)");
    double lo, hi;
    hp_poisson_ratio_ci(165, 55, 400, 50, &lo, &hi);
    TEST_NEAR(t1->change_lo, 100 * (lo - 1), 1e-9, "change CI from the two fragment counts");
    TEST_OK(t1->change_lo < t1->change_pct && t1->change_pct < t1->change_hi, "CI holds it");
    TEST_EQ_INT(t1->beyond_noise, 1, "-62.5 % on hundreds of fragments is beyond noise");
    TEST_EQ_INT(hp_cmp_n_single(&c), 1, "one single-time-point subject");
    TEST_STR(c.samples[3].note, "single time point: no change computed", "said so");
    TEST_OK(isnan(c.samples[3].change_pct), "no change for a single time point");
    TEST_OK(isnan(c.samples[5].change_pct) && strstr(c.samples[5].note, "baseline PVL is 0"),
            "baseline PVL 0: no change, said so");

    const hp_cmp_clone_t *k1 = find(u, "chr1", '+'), *k1m = find(u, "chr1", '-');
    const hp_cmp_clone_t *k3 = find(u, "chr3", '+');
    TEST_OK(k1 && k1->fragments[0] == 40 && k1->fragments[1] == 8,
            "sites 2 bp apart on one strand are one clone");
    TEST_OK(k1 && k1->pos == 1000000, "clone named at its best-supported position");
    TEST_OK(k1m && k1m->status[1] == HP_CLONE_FIRST_SEEN, "other strand at the same position");
    TEST_EQ_INT(u->n_clones, 6, "6 clones (chr4 sites 6 bp apart stay apart)");
    TEST_OK(k1 && k1->status[1] == HP_CLONE_PERSISTING && k1->trend[1] == HP_TREND_FELL &&
                k1->verdict[1] == HP_V_FELL,
            "40 -> 8 fragments at similar depth: persisting, fell");
    TEST_NEAR(k1->fold[1], (8.0 / 55) / (40.0 / 50), 1e-12, "fold change scaled by exposures");
    /* not seen: P(all f0 fragments at baseline | unchanged) = (e0 / (e0 + e_t))^f0 */
    TEST_OK(k1->status[2] == HP_CLONE_NOT_SEEN && fabs(k1->expected[2] - 40) < 1e-9 &&
                fabs(k1->p_absent[2] - pow(0.5, 40)) < 1e-20 && k1->verdict[2] == HP_V_LOST,
            "lost: expected fragments and conditional P(0)");
    TEST_OK(k3 && k3->status[1] == HP_CLONE_NOT_SEEN && fabs(k3->expected[1] - 11) < 1e-9 &&
                fabs(k3->p_value[1] - pow(50.0 / 105, 10)) < 1e-12 && k3->verdict[1] == HP_V_LOST,
            "lost chr3: 10 fragments x 55/50 expected, P = (50/105)^10");
    TEST_OK(k1m->verdict[1] == HP_V_NEW_UNINFORMATIVE &&
                fabs(k1m->p_value[1] - pow(55.0 / 105, 3)) < 1e-12,
            "3 fragments not at baseline: P = (55/105)^3 = 0.14, first seen (uninformative)");
    TEST_EQ_INT(k1->rank, 1, "largest clone ranked first");
    TEST_NEAR(t1->top_delta_pvl, (0.4 - 2) + 0 + (0 - 0.5) + (0 - 0.3), 1e-9,
              "top clones' summed change");
    /* bounded share: |top| / (|top| + |other clones| + |rest of the PVL|), by hand:
     * top -2.4; other +0.15 + 0.3; rest (3 - 2.35) - (8 - 4.3) = -3.05 */
    TEST_NEAR(t1->top_explained_pct, 100 * 2.4 / (2.4 + 0.45 + 3.05), 1e-9,
              "share of all movement carried by the top clones");
    TEST_EQ_INT(t1->n_verdict[HP_V_LOST], 2, "two lost (chr3 P 0.0006, chr4:100 P 0.012)");
    TEST_EQ_INT(t1->n_verdict[HP_V_NEW], 1, "one new (chr4:106: 6 fragments, P 0.021)");
    TEST_EQ_INT(t1->n_verdict[HP_V_NEW_UNINFORMATIVE], 1, "one first seen (chr1 -, P 0.14)");
    int sum = 0;
    for (int v = 0; v < HP_N_VERDICT; v++)
        sum += t1->n_verdict[v];
    TEST_EQ_INT(sum, u->n_clones, "every clone in exactly one verdict");
    hp_cmp_destroy(&c);

    /* Baseline marked in the sheet wins over the earliest time point. */
    hp_cmp_init(&c, NULL);
    add(&c, "D_pre", "D", -30, 100, 10);
    add(&c, "D_0", "D", 0, 200, 10)->baseline_mark = 1;
    TEST_EQ_INT(hp_cmp_compute(&c), 0, "compute");
    TEST_NEAR(c.samples[0].change_pct, -50, 1e-9, "change from the marked baseline");
    hp_cmp_destroy(&c);

    /* Noise band: a 30 % fall on large counts is beyond counting noise, not beyond the band. */
    hp_cmp_init(&c, NULL);
    add(&c, "E0", "E", 0, 100000, 1000);
    add(&c, "E1", "E", 1, 70000, 1000);
    add(&c, "F0", "F", 0, 10, 1); /* -50 % on 10 vs 5 fragments: within counting noise */
    add(&c, "F1", "F", 1, 5, 1);
    TEST_EQ_INT(hp_cmp_compute(&c), 0, "compute");
    TEST_OK(c.samples[1].beyond_counting == 1 && c.samples[1].beyond_noise == 0 &&
                c.samples[1].direction == HP_TREND_STABLE,
            "-30 %: beyond counting noise, inside the 36 % band");
    TEST_OK(c.samples[3].beyond_counting == 0 && c.samples[3].beyond_noise == 0,
            "-50 % on 10 -> 5 fragments: within counting noise");
    hp_cmp_destroy(&c);

    /* A site without a cell fraction is sized by the sample's size per fragment. */
    hp_cmp_init(&c, NULL);
    s = add(&c, "H0", "H", 0, 100, 10);
    site(s, "chr1", 10, '+', 10, 0.01);
    site(s, "chr2", 10, '+', 5, NAN);
    s = add(&c, "H1", "H", 1, 100, 10);
    site(s, "chr2", 10, '+', 4, NAN); /* no cell fraction at all: share of the PVL (10) */
    TEST_EQ_INT(hp_cmp_compute(&c), 0, "compute");
    const hp_cmp_clone_t *h2 = find(&c.subjects[0], "chr2", '+');
    TEST_NEAR(h2->size[0], 0.5, 1e-12, "NA cell fraction: fragments x size per fragment");
    TEST_NEAR(h2->size[1], 10, 1e-12, "no cell fraction in the sample: share of its PVL");
    hp_cmp_destroy(&c);

    /* Estimated (inexact) sites match within the wider window; exact ones do not. */
    hp_cmp_init(&c, NULL);
    s = add(&c, "I0", "I", 0, 100, 10);
    site(s, "chr1", 1000, '+', 20, 0.02);
    site(s, "chr2", 1000, '+', 20, 0.02);
    s = add(&c, "I1", "I", 1, 100, 10);
    site(s, "chr1", 1180, '+', 12, 0.012);
    s->sites[0].exact = 0;                 /* estimated 180 bp off: the same clone */
    site(s, "chr2", 1180, '+', 18, 0.018); /* exact 180 bp off: another clone */
    TEST_EQ_INT(hp_cmp_compute(&c), 0, "compute");
    const hp_cmp_subject_t *ui = &c.subjects[0];
    const hp_cmp_clone_t *i1 = find(ui, "chr1", '+');
    TEST_OK(i1 && i1->pos == 1000 && i1->exact && i1->fragments[1] == 12,
            "estimated site joins the exact clone 180 bp away, named at the exact position");
    TEST_EQ_INT(ui->n_clones, 3, "exact sites 180 bp apart stay two clones");
    TEST_EQ_INT(i1->trend[1], HP_TREND_DOWN, "20 -> 12 fragments: down, not significant");
    TEST_STR(hp_trend_str(i1->trend[1]), "down", "trend name");
    hp_cmp_destroy(&c);

    /* Verdict rules at equal exposures (p0 = 1/2), each where it must and must not fire. */
    hp_cmp_init(&c, NULL);
    s = add(&c, "V0", "V", 0, 1000, 50);
    site(s, "chr1", 100, '+', 5, NAN);  /* 5 -> 0: P = 0.5^5 = 0.031 < 0.05: lost */
    site(s, "chr2", 100, '+', 4, NAN);  /* 4 -> 0: P = 0.0625: not detected */
    site(s, "chr3", 100, '+', 1, NAN);  /* 1 -> 0: P = 0.5: not detected */
    site(s, "chr4", 100, '+', 20, NAN); /* 20 -> 8: P(X <= 8 | 28, 1/2) = 0.018 < 0.025: fell */
    site(s, "chr5", 100, '+', 20, NAN); /* 20 -> 10: P(X <= 10 | 30) = 0.049: unchanged */
    site(s, "chr8", 100, '+', 8, NAN);  /* 8 -> 20: rose */
    s = add(&c, "V1", "V", 1, 1000, 50);
    site(s, "chr4", 100, '+', 8, NAN);
    site(s, "chr5", 100, '+', 10, NAN);
    site(s, "chr8", 100, '+', 20, NAN);
    site(s, "chr6", 100, '+', 5, NAN); /* 0 -> 5: P = 0.031: new */
    site(s, "chr7", 100, '+', 1, NAN); /* 0 -> 1: P = 0.5: first seen (uninformative) */
    TEST_EQ_INT(hp_cmp_compute(&c), 0, "compute");
    const hp_cmp_subject_t *uv = &c.subjects[0];
    struct {
        const char *chrom;
        hp_verdict_t v;
        double p;
        const char *what;
    } want[] = {{"chr1", HP_V_LOST, 0.03125, "5 -> 0 fragments: lost"},
                {"chr2", HP_V_NOT_DETECTED, 0.0625, "4 -> 0: not detected (uninformative)"},
                {"chr3", HP_V_NOT_DETECTED, 0.5, "1 -> 0: not detected (uninformative)"},
                {"chr4", HP_V_FELL, 2 * 0.017849069088697433, "20 -> 8: fell"},
                {"chr5", HP_V_UNCHANGED, 2 * 0.04936857335269451, "20 -> 10: no change shown"},
                {"chr8", HP_V_ROSE, 2 * 0.017849069088697433, "8 -> 20: rose"},
                {"chr6", HP_V_NEW, 0.03125, "0 -> 5: new"},
                {"chr7", HP_V_NEW_UNINFORMATIVE, 0.5, "0 -> 1: first seen (uninformative)"}};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const hp_cmp_clone_t *k = find(uv, want[i].chrom, '+');
        TEST_OK(k && k->verdict[1] == want[i].v && fabs(k->p_value[1] - want[i].p) < 1e-9,
                want[i].what);
    }
    TEST_EQ_INT(c.samples[1].n_verdict[HP_V_LOST], 1, "1 lost");
    TEST_EQ_INT(c.samples[1].n_verdict[HP_V_NOT_DETECTED], 2, "2 not detected");
    TEST_EQ_INT(c.samples[1].n_verdict[HP_V_FELL], 1, "1 fell (the lost one not counted again)");
    hp_cmp_destroy(&c);
    /* --alpha 0.1: 4 -> 0 (P 0.0625) becomes lost; 1 -> 0 stays uninformative */
    hp_cmp_opt_t o;
    hp_cmp_opt_init(&o);
    o.alpha = 0.1;
    hp_cmp_init(&c, &o);
    s = add(&c, "W0", "W", 0, 1000, 50);
    site(s, "chr2", 100, '+', 4, NAN);
    site(s, "chr3", 100, '+', 1, NAN);
    s = add(&c, "W1", "W", 1, 1000, 50);
    site(s, "chr9", 100, '+', 30, NAN);
    TEST_EQ_INT(hp_cmp_compute(&c), 0, "compute");
    TEST_OK(find(&c.subjects[0], "chr2", '+')->verdict[1] == HP_V_LOST &&
                find(&c.subjects[0], "chr3", '+')->verdict[1] == HP_V_NOT_DETECTED,
            "alpha 0.1: 4 -> 0 lost, 1 -> 0 still uninformative");
    hp_cmp_destroy(&c);

    /* Identity check: three large clones (20 fragments each) none seen again: swap; the
     * same clones seen again, or two of three cleared by treatment: no swap. */
    hp_cmp_init(&c, NULL);
    const char *chr[] = {"chr1", "chr2", "chr3", "chr5", "chr6", "chr7"};
    for (int subj = 0; subj < 3; subj++) {
        char n0[8], n1[8], sj[4] = {(char)('X' + subj), 0};
        snprintf(n0, sizeof n0, "%s0", sj), snprintf(n1, sizeof n1, "%s1", sj);
        s = add(&c, n0, sj, 0, 1000, 50);
        for (int i = 0; i < 3; i++)
            site(s, chr[i], 100, '+', 20, NAN);
        s = add(&c, n1, sj, 1, 1000, 50);
        for (int i = 0; i < 3; i++)
            if (subj == 0)
                site(s, chr[i + 3], 100, '+', 20, NAN);
            else if (subj == 1)
                site(s, chr[i], 100, '+', 20, NAN);
            else
                site(s, chr[i], 100, '+', i == 0 ? 20 : 1, NAN);
    }
    TEST_EQ_INT(hp_cmp_compute(&c), 0, "compute");
    TEST_OK(c.samples[1].swap_flag == 1 && c.samples[1].p_identity < 1e-20,
            "no shared clone where 3 large ones were expected: possible swap");
    TEST_OK(c.samples[3].swap_flag == 0 && c.samples[5].swap_flag == 0,
            "same clones, or one of three large clones kept: no swap");
    hp_cmp_destroy(&c);

    /* Smallest detectable fall: 3 baseline fragments cannot show even a fall to 0 */
    TEST_OK(isnan(hp_min_detectable_fall(3, 1, 1)), "3 viral fragments: no fall detectable");
    TEST_OK(hp_min_detectable_fall(1000, 1, 1) < 15, "1000 fragments: a 15 % fall detectable");

    /* ISO dates */
    double d;
    TEST_OK(hp_parse_iso_date("1970-01-01", &d) == 0 && d == 0, "epoch");
    TEST_OK(hp_parse_iso_date("2024-03-01", &d) == 0 && d == 19783, "2024-03-01 (leap year)");
    TEST_OK(hp_parse_iso_date("2023-02-29", &d) != 0, "no 29 February 2023");
    TEST_OK(hp_parse_iso_date("2024-1-15", &d) != 0, "YYYY-MM-DD only");

    /* Coverage of the change CI: true PVL 8 -> 3 (-62.5 %) at exposures 20 and 35. */
    int covered = 0, n_trial = 2000;
    for (int i = 0; i < n_trial; i++) {
        hp_cmp_init(&c, NULL);
        double k0 = rpois(8 * 20), kt = rpois(3 * 35);
        add(&c, "G0", "G", 0, k0, 20);
        add(&c, "G1", "G", 1, kt, 35);
        if (hp_cmp_compute(&c) != 0) break;
        covered += c.samples[1].change_lo <= -62.5 && -62.5 <= c.samples[1].change_hi;
        hp_cmp_destroy(&c);
    }
    printf("# change CI coverage %d / %d\n", covered, n_trial);
    TEST_OK(covered >= 0.94 * n_trial, "95 % CI of the change covers the truth >= 94 % of runs");
    return test_done();
}
