/* sim_lmpcr.c -- LM-PCR integration-site read pairs with known clones (include/htlvpvl/
 * sim_lmpcr.h). */
#include "htlvpvl/sim_lmpcr.h"
#include "htlvpvl/ltr_match.h"
#include "htlvpvl/ref.h"
#include <htslib/kstring.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ADAPTER "AGATCGGAAGAGCACACGTCTGAACTCCAGTCAC"
#define SHORT_HOST 20

enum { CL_JUNCTION = 0, CL_RUN_ON, CL_MISPRIME, CL_DIMER };
static const char *class_name[] = {"junction", "run_on", "misprime", "dimer"};

static const char BASES[4] = {'A', 'C', 'G', 'T'};

static char comp(char c)
{
    switch (c) {
    case 'A': return 'T';
    case 'C': return 'G';
    case 'G': return 'C';
    case 'T': return 'A';
    default: return 'N';
    }
}

static void put_rc(kstring_t *s, const char *x, int n)
{
    for (int i = n - 1; i >= 0; i--)
        kputc(comp(x[i]), s);
}

/* gamma(2, 1) * mean / 2, then Poisson: overdispersed PCR copies */
static uint64_t pcr_copies(hp_rng_t *rng, double mean)
{
    double g = -log(1 - hp_rng_uniform(rng)) - log(1 - hp_rng_uniform(rng));
    return hp_rng_poisson(rng, mean * g / 2);
}

typedef struct {
    BGZF *r1, *r2;
    kstring_t a, b, rec;
    int64_t n;
    const hp_lmpcr_opt_t *o;
    hp_rng_t *rng;
} writer_t;

static void add_errors(writer_t *w, char *s, size_t n)
{
    if (w->o->error_rate <= 0) return;
    for (size_t i = 0; i < n; i++)
        if (hp_rng_uniform(w->rng) < w->o->error_rate) {
            char c;
            do
                c = BASES[hp_rng_below(w->rng, 4)];
            while (c == s[i]);
            s[i] = c;
        }
}

static int put_fq(writer_t *w, BGZF *fp, const char *name, kstring_t *seq)
{
    int L = w->o->read_length;
    while ((int)seq->l < L)
        kputc('A', seq);
    seq->l = L, seq->s[L] = 0;
    add_errors(w, seq->s, seq->l);
    w->rec.l = 0;
    ksprintf(&w->rec, "@%s\n%s\n+\n", name, seq->s);
    for (int i = 0; i < L; i++)
        kputc('I', &w->rec);
    kputc('\n', &w->rec);
    return bgzf_write(fp, w->rec.s, w->rec.l) == (ssize_t)w->rec.l ? 0 : -1;
}

/* one read pair: primer part P, insert H (LTR-read orientation), UMI u */
static int put_pair(writer_t *w, int cls, int clone, const char *P, int np, const char *H, int nh,
                    const char *u)
{
    int ul = w->o->umi_len;
    char name[64];
    snprintf(name, sizeof name, "lm%lld.%s.%d", (long long)++w->n, class_name[cls], clone);
    w->a.l = 0;
    kputsn(P, np, &w->a);
    kputsn(H, nh, &w->a);
    put_rc(&w->a, HP_LMPCR_LINKER, (int)strlen(HP_LMPCR_LINKER));
    put_rc(&w->a, u, ul);
    kputs(ADAPTER, &w->a);
    w->b.l = 0;
    kputsn(u, ul, &w->b);
    kputs(HP_LMPCR_LINKER, &w->b);
    put_rc(&w->b, H, nh);
    put_rc(&w->b, P, np);
    kputs(ADAPTER, &w->b);
    if (put_fq(w, w->r1, name, &w->a) < 0 || put_fq(w, w->r2, name, &w->b) < 0) return -1;
    return 0;
}

static double pcr_mean(const hp_lmpcr_opt_t *o, int len)
{
    return o->pcr_mean * exp(-(len - 100) / o->pcr_len_scale);
}

typedef struct {
    int64_t shear;
    uint64_t umi;
} su_t;

static int cmp_su(const void *pa, const void *pb)
{
    const su_t *a = pa, *b = pb;
    if (a->shear != b->shear) return a->shear < b->shear ? -1 : 1;
    return (a->umi > b->umi) - (a->umi < b->umi);
}

void hp_lmpcr_truth_destroy(hp_lmpcr_truth_t *t)
{
    if (!t) return;
    free(t->clone);
    memset(t, 0, sizeof *t);
}

int hp_lmpcr_run(const hp_lmpcr_opt_t *o, const hp_host_t *h, const hp_clones_t *cl, int spike,
                 hp_rng_t *rng, BGZF *r1, BGZF *r2, hp_lmpcr_truth_t *t)
{
    memset(t, 0, sizeof *t);
    t->spike = spike;
    t->n_clone = cl->n;
    t->clone = calloc(cl->n ? cl->n : 1, sizeof *t->clone);
    writer_t w = {r1, r2, {0, 0, NULL}, {0, 0, NULL}, {0, 0, NULL}, 0, o, rng};
    su_t *su = NULL;
    char *hbuf = malloc(o->fraglen->hi + 1);
    int ret = -3;
    if (!t->clone || !hbuf) goto done;
    const char *P = hp_htlv1_seq + HP_LTR_LEN - HP_LMPCR_PRIMER_LEN;
    const char *pbs = hp_htlv1_seq + HP_LTR_LEN;
    /* cells: multinomial over the non-spike clones by cell fraction */
    t->infected_cells = (int64_t)floor(o->cells * o->pvl / 100 + 0.5);
    double tot = 0;
    for (int j = 0; j < cl->n; j++)
        if (j != spike) tot += cl->c[j].cell_fraction;
    for (int64_t c = 0; c < t->infected_cells && tot > 0; c++) {
        double u = hp_rng_uniform(rng) * tot, s = 0;
        int j = 0, last = -1;
        for (j = 0; j < cl->n; j++) {
            if (j == spike) continue;
            last = j;
            s += cl->c[j].cell_fraction;
            if (u < s) break;
        }
        t->clone[j < cl->n ? j : last].cells++;
    }
    if (spike >= 0) t->clone[spike].cells = o->spike_cells;
    int64_t m_su = 0;
    char umi[33];
    for (int j = 0; j < cl->n; j++) {
        const hp_clone_t *c = &cl->c[j];
        const hp_host_ctg_t *g = &h->ctg[c->tid];
        int64_t a = hp_clone_tsd_start(c); /* 1-based first TSD base */
        int plus = c->strand == '+';
        if (a - 1 - o->fraglen->hi < 0 || a + HP_TSD_LAST + o->fraglen->hi > g->len) {
            ret = -2;
            goto done;
        }
        hp_lmpcr_clone_truth_t *ct = &t->clone[j];
        for (int i = 0; i < HP_LMPCR_FLANK_LEN; i++)
            ct->flank[i] = plus ? g->seq[a - 1 + i] : comp(g->seq[a + HP_TSD_LAST - 1 - i]);
        ct->flank[HP_LMPCR_FLANK_LEN] = 0;
        int64_t n_su = 0;
        for (int64_t cell = 0; cell < ct->cells; cell++) {
            /* the 3' LTR junction fragment */
            if (hp_rng_uniform(rng) < o->recovery) {
                int L = hp_fraglen_draw(o->fraglen, rng);
                for (int i = 0; i < o->umi_len; i++)
                    umi[i] = BASES[hp_rng_below(rng, 4)];
                umi[o->umi_len] = 0;
                uint64_t k = pcr_copies(rng, pcr_mean(o, L));
                if (k > 0) {
                    for (int i = 0; i < L; i++)
                        hbuf[i] = plus ? g->seq[a - 1 + i] : comp(g->seq[a + HP_TSD_LAST - 1 - i]);
                    for (uint64_t r = 0; r < k; r++)
                        if (put_pair(&w, CL_JUNCTION, j + 1, P, HP_LMPCR_PRIMER_LEN, hbuf, L,
                                     umi) < 0) {
                            ret = -1;
                            goto done;
                        }
                    ct->fragments++;
                    ct->reads += (int64_t)k;
                    if (L < SHORT_HOST) ct->reads_short += (int64_t)k;
                    if (n_su == m_su) {
                        m_su = m_su ? 2 * m_su : 1024;
                        su_t *x = realloc(su, m_su * sizeof *su);
                        if (!x) goto done;
                        su = x;
                    }
                    uint64_t code = 0;
                    for (int i = 0; i < o->umi_len; i++)
                        code = code << 2 | (uint64_t)(umi[i] == 'A'   ? 0
                                                      : umi[i] == 'C' ? 1
                                                      : umi[i] == 'G' ? 2
                                                                      : 3);
                    su[n_su].shear = plus ? a + L - 1 : a + HP_TSD_LAST - L + 1;
                    su[n_su++].umi = code;
                }
            }
            /* the 5' LTR: primed the same way, runs on into the primer-binding site */
            if (o->run_on && c->defective != HP_DEF_5LTR && hp_rng_uniform(rng) < o->recovery) {
                int L = hp_fraglen_draw(o->fraglen, rng);
                for (int i = 0; i < o->umi_len; i++)
                    umi[i] = BASES[hp_rng_below(rng, 4)];
                uint64_t k = pcr_copies(rng, pcr_mean(o, L));
                for (uint64_t r = 0; r < k; r++)
                    if (put_pair(&w, CL_RUN_ON, j + 1, P, HP_LMPCR_PRIMER_LEN, pbs, L, umi) < 0) {
                        ret = -1;
                        goto done;
                    }
                t->reads_run_on += (int64_t)k;
            }
        }
        if (n_su > 0) qsort(su, n_su, sizeof *su, cmp_su);
        for (int64_t i = 0; i < n_su; i++) {
            ct->shear_sites += i == 0 || su[i].shear != su[i - 1].shear;
            ct->shear_umis += i == 0 || cmp_su(&su[i], &su[i - 1]) != 0;
        }
        t->reads_junction += ct->reads;
        t->reads_short += ct->reads_short;
    }
    /* mispriming on host DNA: the primer without the LTR end, then random host */
    int64_t want = (int64_t)floor(o->misprime_frac * t->reads_junction + 0.5);
    int64_t auto_len = hp_host_autosome_len(h);
    while (t->reads_misprime < want && auto_len > 0) {
        int L = hp_fraglen_draw(o->fraglen, rng);
        int64_t x = (int64_t)hp_rng_below(rng, (uint64_t)auto_len);
        int tid = 0;
        for (; tid < h->n; tid++) {
            if (h->ctg[tid].kind != HP_CTG_AUTOSOME) continue;
            if (x < h->ctg[tid].len) break;
            x -= h->ctg[tid].len;
        }
        const hp_host_ctg_t *g = &h->ctg[tid];
        if (x + L > g->len) continue;
        int rev = (int)hp_rng_below(rng, 2);
        for (int i = 0; i < L; i++)
            hbuf[i] = rev ? comp(g->seq[x + L - 1 - i]) : g->seq[x + i];
        for (int i = 0; i < o->umi_len; i++)
            umi[i] = BASES[hp_rng_below(rng, 4)];
        uint64_t k = pcr_copies(rng, pcr_mean(o, L));
        for (uint64_t r = 0; r < k && t->reads_misprime < want; r++, t->reads_misprime++)
            if (put_pair(&w, CL_MISPRIME, 0, P, HP_LMPCR_PRIMER_LEN - 10, hbuf, L, umi) < 0) {
                ret = -1;
                goto done;
            }
    }
    /* primer-dimers: the LTR end straight into the linker */
    want = (int64_t)floor(o->dimer_frac * t->reads_junction + 0.5);
    while (t->reads_dimer < want) {
        for (int i = 0; i < o->umi_len; i++)
            umi[i] = BASES[hp_rng_below(rng, 4)];
        uint64_t k = pcr_copies(rng, o->pcr_mean);
        for (uint64_t r = 0; r < k && t->reads_dimer < want; r++, t->reads_dimer++)
            if (put_pair(&w, CL_DIMER, 0, P, HP_LMPCR_PRIMER_LEN, "", 0, umi) < 0) {
                ret = -1;
                goto done;
            }
    }
    t->pairs = w.n;
    ret = 0;
done:
    free(su), free(hbuf);
    free(w.a.s), free(w.b.s), free(w.rec.s);
    if (ret != 0) hp_lmpcr_truth_destroy(t);
    return ret;
}

int hp_lmpcr_write_clones(FILE *fp, const hp_host_t *h, const hp_clones_t *cl,
                          const hp_lmpcr_truth_t *t)
{
    fprintf(fp, "clone\tchrom\tpos\tstrand\tspike\tcells\tfragments\tshear_sites\tshear_umis\t"
                "reads\treads_short\tflank\n");
    for (int j = 0; j < cl->n; j++) {
        const hp_lmpcr_clone_truth_t *c = &t->clone[j];
        fprintf(fp, "%d\t%s\t%lld\t%c\t%d\t%lld\t%lld\t%lld\t%lld\t%lld\t%lld\t%s\n", j + 1,
                h->ctg[cl->c[j].tid].name, (long long)cl->c[j].pos, cl->c[j].strand,
                j == t->spike, (long long)c->cells, (long long)c->fragments,
                (long long)c->shear_sites, (long long)c->shear_umis, (long long)c->reads,
                (long long)c->reads_short, c->flank);
    }
    return ferror(fp) ? -1 : 0;
}

int hp_lmpcr_write_summary(FILE *fp, const hp_lmpcr_opt_t *o, const hp_lmpcr_truth_t *t,
                           uint64_t seed)
{
    int64_t spike = t->spike >= 0 ? t->clone[t->spike].cells : 0;
    fprintf(fp, "key\tvalue\n");
    fprintf(fp, "seed\t%llu\n", (unsigned long long)seed);
    fprintf(fp, "cells\t%lld\n", (long long)o->cells);
    fprintf(fp, "infected_cells\t%lld\n", (long long)t->infected_cells);
    fprintf(fp, "pvl_copies_per_100_cells\t%.6g\n",
            o->cells ? 100.0 * t->infected_cells / o->cells : 0.0);
    fprintf(fp, "spike_cells\t%lld\n", (long long)spike);
    fprintf(fp, "read_structure\t%dM%dS+T\n", o->umi_len, (int)strlen(HP_LMPCR_LINKER));
    fprintf(fp, "ltr_end\t%.20s\n", hp_htlv1_seq + HP_LTR_LEN - 20);
    fprintf(fp, "pairs\t%lld\n", (long long)t->pairs);
    fprintf(fp, "pairs_junction\t%lld\n", (long long)t->reads_junction);
    fprintf(fp, "pairs_junction_short\t%lld\n", (long long)t->reads_short);
    fprintf(fp, "pairs_run_on\t%lld\n", (long long)t->reads_run_on);
    fprintf(fp, "pairs_misprime\t%lld\n", (long long)t->reads_misprime);
    fprintf(fp, "pairs_dimer\t%lld\n", (long long)t->reads_dimer);
    return ferror(fp) ? -1 : 0;
}
