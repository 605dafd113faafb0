/* test_fastq_screen.c -- junction finder geometry, flank clustering, and the whole screen on a
 * simulated sample built here: a random host with three clones of known size and site, paired
 * reads with errors. Checks PVL against the truth, every junction flank against the host
 * sequence (FIELD.md §4 geometry), and identical results at 1 and 3 threads. */
#include "htlvpvl/fastq_flank.h"
#include "htlvpvl/fastq_screen.h"
#include "htlvpvl/seq.h"
#include "tap.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static uint64_t next_rand(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng;
}
static double unif(void)
{
    return (double)(next_rand() >> 11) / 9007199254740992.0;
}

static void random_seq(char *s, int n)
{
    for (int i = 0; i < n; i++)
        s[i] = "ACGT"[next_rand() & 3];
    s[n] = 0;
}

static void mutate(char *s, int n, double rate)
{
    for (int i = 0; i < n; i++)
        if (unif() < rate) s[i] = "ACGT"[(hp_nt4[(unsigned char)s[i]] + 1 + next_rand() % 3) & 3];
}

/* ---- junction finder on hand-made reads ---- */
static void test_finder(const hp_virus_t *v, const hp_flank_finder_t *ff)
{
    char host[200], read[400], rc[400];
    hp_junction_t j;
    random_seq(host, 150);
    /* U5 end of the LTR (40 bases), then host: flank = host, read forward */
    memcpy(read, v->seq + v->ltr_len - 40, 40);
    memcpy(read + 40, host, 110);
    read[150] = 0;
    TEST_OK(hp_flank_find(ff, read, 150, &j) == 1, "U5-host read: junction found");
    TEST_EQ_INT(j.ltr_end, HP_FLANK_U5, "U5-host read: U5 end");
    TEST_EQ_INT(j.orient, 0, "U5-host read: forward");
    TEST_EQ_INT(j.dist5, 40, "U5-host read: junction 40 bases from the 5' end");
    TEST_OK(j.flank_len == 100 && memcmp(j.flank, host, 100) == 0, "U5 flank = host bases");
    hp_revcomp(rc, read, 150);
    TEST_OK(hp_flank_find(ff, rc, 150, &j) == 1 && j.orient == 1 && j.dist5 == 110 &&
                memcmp(j.flank, host, 100) == 0,
            "same read reverse-complemented: same flank, 110 bases from its 5' end");
    /* host, then the U3 start of the LTR: in the other orientation rc(U3) then rc(host) */
    memcpy(read, host, 100);
    memcpy(read + 100, v->seq, 50);
    hp_revcomp(rc, host, 100);
    TEST_OK(hp_flank_find(ff, read, 150, &j) == 1 && j.ltr_end == HP_FLANK_U3 && j.orient == 1 &&
                j.flank_len == 100 && memcmp(j.flank, rc, 100) == 0,
            "host-U3 read: U3 flank = reverse complement of the host, away from the LTR");
    /* two sequencing errors in the LTR end are tolerated; three in 24 are not */
    memcpy(read, v->seq + v->ltr_len - 40, 40);
    memcpy(read + 40, host, 110);
    read[20] = read[20] == 'A' ? 'C' : 'A';
    read[30] = read[30] == 'A' ? 'C' : 'A';
    TEST_OK(hp_flank_find(ff, read, 150, &j) == 1 && j.dist5 == 40, "2 errors in the LTR end");
    read[15] = read[15] == 'A' ? 'C' : 'A';
    read[25] = read[25] == 'A' ? 'C' : 'A';
    read[35] = read[35] == 'A' ? 'C' : 'A';
    TEST_OK(hp_flank_find(ff, read, 150, &j) == 0, "5 errors in the LTR end: no junction");
    /* inside the provirus: 5' LTR U5 end then PBS; pX then 3' LTR U3: no junction */
    memcpy(read, v->seq + v->ltr_len - 60, 150);
    TEST_OK(hp_flank_find(ff, read, 150, &j) == 0, "U5 end followed by the PBS: viral");
    memcpy(read, v->seq + v->ltr3_start - 1 - 75, 150);
    TEST_OK(hp_flank_find(ff, read, 150, &j) == 0, "pX followed by the 3' LTR: viral");
    /* too little host (< 20) or too little LTR (< 20) */
    memcpy(read, v->seq + v->ltr_len - 135, 135);
    memcpy(read + 135, host, 15);
    TEST_OK(hp_flank_find(ff, read, 150, &j) == 0, "15 host bases: not enough for a flank");
    memcpy(read, v->seq + v->ltr_len - 15, 15);
    memcpy(read + 15, host, 135);
    TEST_OK(hp_flank_find(ff, read, 150, &j) == 0, "15 LTR bases: not enough");
    random_seq(read, 150);
    TEST_OK(hp_flank_find(ff, read, 150, &j) == 0, "random read: no junction");
}

/* ---- a deletion junction inside a defective provirus is not a host flank ---- */
static void test_deletion(const hp_virus_t *v, const hp_kmer_index_t *idx,
                          const hp_flank_finder_t *ff)
{
    char r1[2][151], r2[151], q[151];
    memset(q, 'I', 150);
    q[150] = 0;
    for (int k = 0; k < 2; k++) {
        memcpy(r1[k], v->seq + v->ltr_len - 40, 40);
        if (k)
            random_seq(r1[k] + 40, 110); /* host */
        else
            memcpy(r1[k] + 40, v->seq + 5200, 110); /* env: 5' LTR joined to env */
        r1[k][150] = 0;
    }
    random_seq(r2, 150);
    hp_junction_t j;
    TEST_OK(hp_flank_find(ff, r1[0], 150, &j) == 1, "LTR-env read passes the LTR-end matcher");
    hp_fq_read_t a[2] = {{"a", r1[0], q, 150}, {"b", r1[1], q, 150}},
                 m[2] = {{"a", r2, q, 150}, {"b", r2, q, 150}};
    hp_fq_batch_t b;
    memset(&b, 0, sizeof b);
    b.n = 2, b.paired = 1, b.r1 = a, b.r2 = m;
    hp_screen_opt_t opt = {v, idx, ff, 0, v->reg_beg[HP_REG_PX], v->reg_end[HP_REG_PX], 0, 0, 0, 0};
    hp_screen_t acc;
    hp_screen_init(&acc);
    TEST_OK(hp_screen_batch(&opt, &b, &acc, 1) == 0, "screen two fragments");
    TEST_EQ_INT(acc.n_junction, 1, "LTR-env read rejected (viral flank), LTR-host read kept");
    TEST_OK(acc.n_ev == 1 && acc.ev[0].frag == 1, "the kept one is the host junction");
    hp_screen_destroy(&acc);
}

/* ---- clustering ---- */
static void test_cluster(void)
{
    char a[HP_FLANK_MAX + 1], b[HP_FLANK_MAX + 1];
    random_seq(a, 60);
    random_seq(b, 60);
    hp_flank_ev_t ev[12];
    memset(ev, 0, sizeof ev);
    for (int i = 0; i < 12; i++) {
        hp_junction_t *j = &ev[i].j;
        j->ltr_end = i < 8 ? HP_FLANK_U5 : HP_FLANK_U3;
        memcpy(j->flank, i < 8 ? a : b, 60);
        j->flank_len = 60;
        ev[i].frag = i;
        ev[i].dup_key = (uint64_t)(i < 8 ? i % 6 : i); /* ev 6, 7 duplicate ev 0, 1 */
    }
    ev[3].j.flank[5] = ev[3].j.flank[5] == 'A' ? 'C' : 'A'; /* sequencing errors */
    ev[4].j.flank[7] = ev[4].j.flank[7] == 'A' ? 'C' : 'A';
    ev[4].j.flank[15] = ev[4].j.flank[15] == 'A' ? 'C' : 'A';
    ev[5].j.flank_len = 30; /* shorter flank */
    /* same flank as a but from the other LTR end: a different site */
    ev[11].j.ltr_end = HP_FLANK_U5 + 1;
    memcpy(ev[11].j.flank, a, 60);
    hp_flank_sites_t s;
    TEST_OK(hp_flank_cluster(ev, 12, 2, &s) == 0, "cluster runs");
    TEST_EQ_INT(s.n, 3, "3 sites: a/U5, b/U3, a/U3");
    TEST_OK(s.n >= 1 && s.site[0].ltr_end == HP_FLANK_U5 && s.site[0].reads == 8 &&
                s.site[0].fragments == 6,
            "a/U5: 8 reads, 6 unique fragments (duplicates by key)");
    TEST_OK(s.n >= 1 && strcmp(s.site[0].flank, a) == 0, "consensus flank = a (errors voted out)");
    TEST_OK(s.n >= 2 && s.site[1].fragments == 3 && strcmp(s.site[1].flank, b) == 0,
            "b/U3: 3 fragments, flank b");
    /* order independence */
    hp_flank_ev_t ev2[12];
    for (int i = 0; i < 12; i++)
        ev2[i] = ev[11 - i];
    hp_flank_sites_t s2;
    int same = hp_flank_cluster(ev2, 12, 2, &s2) == 0 && s2.n == s.n;
    for (int i = 0; same && i < s.n; i++)
        same = s.site[i].fragments == s2.site[i].fragments &&
               strcmp(s.site[i].flank, s2.site[i].flank) == 0;
    TEST_OK(same, "same sites whatever the evidence order");
    hp_flank_sites_destroy(&s);
    hp_flank_sites_destroy(&s2);
    hp_flank_sites_destroy(NULL);
    TEST_OK(hp_flank_cluster(ev, 0, 2, &s) == 0 && s.n == 0, "no evidence: no sites");
}

/* ---- clustering at scale: the same sites as a brute-force greedy ---- */
static int cmp_count_desc(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x < y) - (x > y);
}

static void test_cluster_scale(void)
{
    enum { N_SITE = 300, N_EV = 20000 };
    static char site[N_SITE][HP_FLANK_KEY + 1];
    static hp_flank_ev_t ev[N_EV], ev0[N_EV];
    for (int i = 0; i < N_SITE; i++)
        random_seq(site[i], HP_FLANK_KEY);
    for (int i = 0; i < N_EV; i++) {
        int k = (int)(next_rand() % N_SITE);
        k = (int)(next_rand() % (uint64_t)(k + 1)); /* uneven sizes */
        memset(&ev[i], 0, sizeof ev[i]);
        ev[i].j.ltr_end = k & 1;
        memcpy(ev[i].j.flank, site[k], HP_FLANK_KEY);
        mutate(ev[i].j.flank, HP_FLANK_KEY, 0.02); /* errors: some keys 1-3 mismatches away */
        ev[i].j.flank_len = HP_FLANK_KEY;
        ev[i].frag = i;
        ev[i].dup_key = next_rand();
    }
    memcpy(ev0, ev, sizeof ev);
    hp_flank_sites_t s;
    TEST_OK(hp_flank_cluster(ev, N_EV, 2, &s) == 0, "cluster 20,000 flanks");
    /* brute force: distinct keys by count (desc), then key; each joins the first center within
     * 2 mismatches (same LTR end) */
    static char key[N_EV][HP_FLANK_KEY + 2];
    static int64_t cnt[N_EV], order[N_EV], center_of[N_EV], centers[N_EV], size[N_EV];
    int nk = 0;
    for (int i = 0; i < N_EV; i++) {
        char k[HP_FLANK_KEY + 2];
        k[0] = (char)('0' + ev0[i].j.ltr_end);
        memcpy(k + 1, ev0[i].j.flank, HP_FLANK_KEY);
        k[HP_FLANK_KEY + 1] = 0;
        int f = -1;
        for (int x = 0; x < nk && f < 0; x++)
            if (strcmp(key[x], k) == 0) f = x;
        if (f < 0) f = nk++, memcpy(key[f], k, sizeof k), cnt[f] = 0;
        cnt[f]++;
    }
    for (int i = 0; i < nk; i++)
        order[i] = i;
    for (int i = 1; i < nk; i++) /* insertion sort: count desc, key asc */
        for (int j = i; j > 0; j--) {
            int64_t a = order[j - 1], b = order[j];
            if (cnt[a] > cnt[b] || (cnt[a] == cnt[b] && strcmp(key[a], key[b]) < 0)) break;
            order[j - 1] = b, order[j] = a;
        }
    int nc = 0;
    for (int i = 0; i < nk; i++) {
        int64_t k = order[i];
        center_of[k] = -1;
        for (int c = 0; c < nc && center_of[k] < 0; c++)
            if (key[centers[c]][0] == key[k][0] &&
                hp_mismatches(key[centers[c]] + 1, key[k] + 1, HP_FLANK_KEY) <= 2)
                center_of[k] = c;
        if (center_of[k] < 0) center_of[k] = nc, centers[nc++] = k, size[center_of[k]] = 0;
        size[center_of[k]] += cnt[k];
    }
    qsort(size, (size_t)nc, sizeof *size, cmp_count_desc);
    int same = s.n == nc;
    for (int i = 0; same && i < nc; i++)
        same = s.site[i].reads == size[i];
    printf("# %d sites (brute force %d)\n", s.n, nc);
    TEST_OK(same, "same sites and sizes as the brute-force greedy clustering");
    hp_flank_sites_destroy(&s);
}

/* ---- simulated sample ---- */
#define G 100000 /* haploid host */
#define NPAIR 120000
#define RL 150
#define N_CLONE 3

typedef struct {
    double f;
    int strand, a; /* a: 0-based first TSD base */
    char *allele;
    int len;
} clone_t;

/* div: substitutions in the integrated provirus (a strain a few % from the reference; the
 * terminal 10 bases of each LTR end are kept, as they are conserved) */
static void test_sample(const hp_virus_t *v, const hp_kmer_index_t *idx,
                        const hp_flank_finder_t *ff, double div)
{
    char *host = malloc(G + 1), *rcv = malloc((size_t)v->len + 1);
    random_seq(host, G);
    char *strain = malloc((size_t)v->len + 1);
    memcpy(strain, v->seq, (size_t)v->len + 1);
    mutate(strain + 10, v->ltr_len - 20, div); /* both LTRs alike, as in a provirus */
    memcpy(strain + v->ltr3_start - 1, strain, (size_t)v->ltr_len);
    mutate(strain + v->ltr_len, v->ltr3_start - 1 - v->ltr_len, div);
    hp_revcomp(rcv, strain, (size_t)v->len);
    clone_t cl[N_CLONE] = {
        {0.5, 0, 20000, NULL, 0}, {0.3, 1, 50000, NULL, 0}, {0.2, 0, 80000, NULL, 0}};
    double w[N_CLONE + 1], tot = 0, f_sum = 0;
    for (int c = 0; c < N_CLONE; c++) {
        clone_t *k = &cl[c];
        k->len = G + 6 + v->len;
        k->allele = malloc((size_t)k->len + 1);
        memcpy(k->allele, host, (size_t)k->a + 6);
        memcpy(k->allele + k->a + 6, k->strand ? rcv : strain, (size_t)v->len);
        memcpy(k->allele + k->a + 6 + v->len, host + k->a, (size_t)(G - k->a));
        k->allele[k->len] = 0;
        w[c] = k->f * k->len;
        f_sum += k->f;
    }
    w[N_CLONE] = (2 - f_sum) * G; /* uninfected alleles */
    for (int c = 0; c <= N_CLONE; c++)
        tot += w[c];
    double pvl_true = 100 * f_sum;

    hp_fq_batch_t b;
    memset(&b, 0, sizeof b);
    b.n = NPAIR, b.paired = 1;
    b.r1 = calloc(NPAIR, sizeof *b.r1);
    b.r2 = calloc(NPAIR, sizeof *b.r2);
    char *store = malloc((size_t)NPAIR * 2 * (RL + 1)), *qual = malloc(RL + 1), frag[1000];
    memset(qual, 'I', RL);
    qual[RL] = 0;
    for (int i = 0; i < NPAIR; i++) {
        double x = unif() * tot;
        int c = 0;
        while (c < N_CLONE && x >= w[c])
            x -= w[c++];
        const char *src = c < N_CLONE ? cl[c].allele : host;
        int len = c < N_CLONE ? cl[c].len : G;
        int fl = 300 + (int)(next_rand() % 101);
        int st = (int)(next_rand() % (uint64_t)(len - fl));
        memcpy(frag, src + st, (size_t)fl);
        if (next_rand() & 1) hp_revcomp(frag, frag, (size_t)fl);
        char *r1 = store + (size_t)i * 2 * (RL + 1), *r2 = r1 + RL + 1;
        memcpy(r1, frag, RL);
        hp_revcomp(r2, frag + fl - RL, RL);
        r1[RL] = r2[RL] = 0;
        mutate(r1, RL, 0.005);
        mutate(r2, RL, 0.005);
        b.r1[i] = (hp_fq_read_t){"r", r1, qual, RL};
        b.r2[i] = (hp_fq_read_t){"r", r2, qual, RL};
    }
    hp_screen_opt_t opt = {v, idx, ff, 0, v->reg_beg[HP_REG_PX], v->reg_end[HP_REG_PX], 0, 0, 0, 0};
    hp_screen_t a1, a3;
    hp_screen_init(&a1);
    hp_screen_init(&a3);
    TEST_OK(hp_screen_batch(&opt, &b, &a1, 1) == 0, "screen at 1 thread");
    TEST_OK(hp_screen_batch(&opt, &b, &a3, 3) == 0, "screen at 3 threads");
    int same = a1.n_viral == a3.n_viral && a1.n_window == a3.n_window && a1.n_ev == a3.n_ev;
    for (size_t i = 0; same && i < a1.n_ev; i++)
        same = memcmp(&a1.ev[i], &a3.ev[i], sizeof a1.ev[i]) == 0;
    TEST_OK(same, "identical counts and junction evidence at 1 and 3 threads");
    TEST_EQ_INT(a1.n_fragments, NPAIR, "every fragment counted");

    hp_fastq_pvl_t pvl;
    TEST_OK(hp_screen_pvl(&a1, &opt, G, &pvl) == 0, "PVL computed");
    printf("# PVL %.2f (CI %.2f-%.2f) from %lld window fragments; truth %.1f\n",
           pvl.copies_per_100_cells, pvl.ci95[0], pvl.ci95[1], (long long)pvl.viral_fragments,
           pvl_true);
    TEST_NEAR(pvl.copies_per_100_cells, pvl_true, 0.12 * pvl_true, "PVL within 12 % of truth");
    /* the CI's width gives the standard error: the truth lies within 3 of them */
    double se = (pvl.ci95[1] - pvl.ci95[0]) / 3.92;
    TEST_OK(pvl.ci95[0] < pvl.copies_per_100_cells && pvl.copies_per_100_cells < pvl.ci95[1] &&
                fabs(pvl.copies_per_100_cells - pvl_true) < 3 * se,
            "CI around the estimate; truth within 3 standard errors");
    /* the whole provirus: the same sample, every viral read (LTR as two copies) */
    hp_screen_opt_t optp = opt;
    optp.provirus = 1;
    hp_screen_t ap;
    hp_screen_init(&ap);
    hp_fastq_pvl_t pp;
    TEST_OK(hp_screen_batch(&optp, &b, &ap, 2) == 0 && hp_screen_pvl(&ap, &optp, G, &pp) == 0,
            "provirus PVL computed");
    printf("# provirus PVL %.2f (CI %.2f-%.2f) from %lld fragments, %s\n", pp.copies_per_100_cells,
           pp.ci95[0], pp.ci95[1], (long long)pp.viral_fragments, pp.estimator);
    TEST_STR(pp.estimator, "profile", "intact proviruses: profile estimator");
    TEST_STR(pp.prof.model, "intact", "intact proviruses: intact model");
    double sep = (pp.ci95[1] - pp.ci95[0]) / 3.92;
    TEST_OK(fabs(pp.copies_per_100_cells - pvl_true) < 3 * sep,
            "provirus PVL: truth within 3 standard errors");
    /* information: 8,633 bp against 1,630 bp of pX, so the CI is about sqrt(5.3) = 2.3 times
     * narrower; at least 1.8 times */
    TEST_OK((pvl.ci95[1] - pvl.ci95[0]) > 1.8 * (pp.ci95[1] - pp.ci95[0]),
            "provirus CI at least 1.8 times narrower than the pX CI");
    TEST_NEAR(pp.px_copies, pvl.copies_per_100_cells, 0.02 * pvl.copies_per_100_cells,
              "its pX part matches the pX-window estimate");
    TEST_OK(!pp.defective_suspected && pp.rest_px_ci95[0] < 1 && pp.rest_px_ci95[1] > 1,
            "no deletion signal: rest/pX depth CI holds 1");
    hp_screen_destroy(&ap);

    /* expected viral fragments: with either read >= 30 viral bases ~ f * (V + F - 2 * 30) */
    double per_base = NPAIR / tot, exp_viral = f_sum * per_base * (v->len + 350 - 60);
    TEST_NEAR(a1.n_viral, exp_viral, 0.1 * exp_viral, "viral fragments as expected (+-10 %)");

    /* junctions: each clone end found, flank = host geometry of FIELD.md §4 */
    hp_flank_sites_t s;
    TEST_OK(hp_flank_cluster(a1.ev, a1.n_ev, 2, &s) == 0, "cluster the evidence");
    int found = 0, n_big = 0, n_big_true = 0;
    for (int c = 0; c < N_CLONE; c++) {
        for (int e = 0; e < 2; e++) {
            char want[HP_FLANK_KEY + 1];
            int a = cl[c].a;
            /* + strand: U5 flank = host from a forward; U3 flank = rc(host up to a+5).
             * - strand: swapped. */
            int fwd = (cl[c].strand == 0) == (e == HP_FLANK_U5);
            if (fwd)
                memcpy(want, host + a, HP_FLANK_KEY);
            else
                hp_revcomp(want, host + a + 6 - HP_FLANK_KEY, HP_FLANK_KEY);
            for (int i = 0; i < s.n; i++) {
                if (s.site[i].ltr_end == e && s.site[i].fragments >= 3 &&
                    memcmp(s.site[i].flank, want, HP_FLANK_KEY) == 0) {
                    found++;
                    break;
                }
            }
        }
    }
    TEST_EQ_INT(found, 2 * N_CLONE, "every clone found from both LTR ends with >= 3 fragments");
    for (int i = 0; i < s.n; i++) {
        if (s.site[i].fragments < 3) continue;
        n_big++;
        for (int c = 0; c < N_CLONE; c++) {
            int a = cl[c].a;
            char f1[HP_FLANK_KEY], f2[HP_FLANK_KEY];
            memcpy(f1, host + a, HP_FLANK_KEY);
            hp_revcomp(f2, host + a + 6 - HP_FLANK_KEY, HP_FLANK_KEY);
            if (memcmp(s.site[i].flank, f1, HP_FLANK_KEY) == 0 ||
                memcmp(s.site[i].flank, f2, HP_FLANK_KEY) == 0) {
                n_big_true++;
                break;
            }
        }
    }
    TEST_EQ_INT(n_big_true, n_big, "no site with >= 3 fragments that is not a true clone");
    /* the biggest clone has the most junction fragments: ~ f * per_base * 2 reads * 110 */
    double exp_j = 0.5 * per_base * 2 * (RL - 2 * HP_LTR_MIN);
    TEST_OK(s.n > 0 && s.site[0].fragments > 0.7 * exp_j && s.site[0].fragments < 1.3 * exp_j,
            "largest site's fragments near the expected count");
    hp_flank_sites_destroy(&s);
    hp_screen_destroy(&a1);
    hp_screen_destroy(&a3);
    for (int c = 0; c < N_CLONE; c++)
        free(cl[c].allele);
    free(b.r1);
    free(b.r2);
    free(store);
    free(qual);
    free(host);
    free(rcv);
    free(strain);
}

/* Bases of one placed read in the provirus window: LTR reads count at either copy, outer LTR
 * margins and host bases not at all. */
static void test_prov_overlap(const hp_virus_t *v)
{
    int L = hp_screen_prov_len(v), px, M = HP_SCREEN_LTR_MARGIN;
    TEST_EQ_INT(L, 7523 + 2 * (755 - 2 * M), "provirus window: internal + 2 LTRs less margins");
    char rd[151];
    /* a read of 5' LTR 301-450, and the same read placed on the 3' copy */
    memcpy(rd, v->seq + 300, 150), rd[150] = 0;
    hp_place_t p5 = {150, 10, 0, 301, 301, 450}, p3 = {150, 10, 0, 8579, 8579, 8728};
    TEST_EQ_INT(hp_screen_prov_overlap(v, &p5, rd, 150, v->reg_beg[HP_REG_PX], v->reg_end[HP_REG_PX], &px), 150,
                "LTR read on the 5' copy: 150 bases");
    TEST_EQ_INT(hp_screen_prov_overlap(v, &p3, rd, 150, v->reg_beg[HP_REG_PX], v->reg_end[HP_REG_PX], &px), 150,
                "the same read on the 3' copy: 150 bases");
    /* 3' LTR end (U5) + 80 host bases, placed on the 5' copy: host projected onto 756-835 */
    memcpy(rd, v->seq + v->len - 70, 70);
    random_seq(rd + 70, 80);
    hp_place_t pj = {70, 5, 0, 755 - 69, 755 - 69, 755};
    TEST_EQ_INT(hp_screen_prov_overlap(v, &pj, rd, 150, v->reg_beg[HP_REG_PX], v->reg_end[HP_REG_PX], &px), 0,
                "junction read: host bases not counted, LTR end in the margin");
    /* a pX read with its last 40 bases diverged by 10 %: kept whole */
    memcpy(rd, v->seq + 7000, 150);
    for (int i = 112; i < 150; i += 10)
        rd[i] = rd[i] == 'A' ? 'C' : 'A';
    hp_place_t px1 = {110, 8, 0, 7001, 7001, 7110};
    TEST_EQ_INT(hp_screen_prov_overlap(v, &px1, rd, 150, v->reg_beg[HP_REG_PX], v->reg_end[HP_REG_PX], &px), 150,
                "diverged read end kept");
    TEST_EQ_INT(px, 150, "... all in pX");
}

int main(void)
{
    hp_virus_t v;
    if (hp_virus_init_builtin(&v) != 0) return 2;
    hp_kmer_index_t *idx = hp_kmer_index_build(&v);
    hp_flank_finder_t *ff = hp_flank_finder_build(&v);
    if (!idx || !ff) return 2;
    test_prov_overlap(&v);
    test_finder(&v, ff);
    test_deletion(&v, idx, ff);
    test_cluster();
    test_cluster_scale();
    test_sample(&v, idx, ff, 0);
    printf("# the same sample from a strain 3 %% divergent from the reference\n");
    test_sample(&v, idx, ff, 0.03);
    hp_flank_finder_destroy(ff);
    hp_flank_finder_destroy(NULL);
    hp_kmer_index_destroy(idx);
    hp_virus_destroy(&v);
    return test_done();
}
