/* sim_strain.c -- a patient strain: J02029 with substitutions and small indels. */
#include "htlvpvl/ref.h"
#include "htlvpvl/sim.h"
#include <stdlib.h>
#include <string.h>

static const char nt[4] = {'A', 'C', 'G', 'T'};

/* Mutate ref[0, n) (reference coordinates first_pos, ...) into seq / s->ref_pos at *len. */
static void mutate(hp_strain_t *s, char *seq, int *len, const char *ref, int n, int first_pos,
                   double rate, hp_rng_t *rng)
{
    for (int i = 0; i < n;) {
        double u = rate > 0 ? hp_rng_uniform(rng) : 1.0;
        if (u < 0.05 * rate) { /* deletion of 1-3 reference bases */
            i += 1 + (int)hp_rng_below(rng, 3);
            s->n_del++;
            continue;
        }
        char b = ref[i];
        if (u < 0.95 * rate) {
            char x;
            do
                x = nt[hp_rng_below(rng, 4)];
            while (x == b);
            b = x;
            s->n_sub++;
        }
        seq[*len] = b, s->ref_pos[(*len)++] = first_pos + i;
        if (u >= 0.95 * rate && u < rate) { /* insertion of 1-3 bases after this one */
            int k = 1 + (int)hp_rng_below(rng, 3);
            for (int j = 0; j < k; j++)
                seq[*len] = nt[hp_rng_below(rng, 4)], s->ref_pos[(*len)++] = first_pos + i;
            s->n_ins++;
        }
        i++;
    }
}

int hp_strain_make(hp_strain_t *s, double divergence, double ltr_factor, hp_rng_t *rng)
{
    memset(s, 0, sizeof *s);
    if (!(divergence >= 0 && divergence <= 0.2) || !(ltr_factor >= 0) ||
        divergence * ltr_factor > 0.5)
        return -1;
    size_t cap = (size_t)hp_htlv1_len * 2 + 16; /* insertions add at most 3 per base */
    char *seq = malloc(cap), err[64];
    int len = 0;
    s->ref_pos = malloc(cap * sizeof *s->ref_pos);
    if (!seq || !s->ref_pos) {
        free(seq);
        hp_strain_destroy(s);
        return -3;
    }
    s->divergence = divergence, s->ltr_factor = ltr_factor;
    const int L = HP_LTR_LEN;
    mutate(s, seq, &len, hp_htlv1_seq, L, 1, divergence * ltr_factor, rng);
    int ltr = len;
    mutate(s, seq, &len, hp_htlv1_seq + HP_INTERNAL_START - 1, HP_INTERNAL_LEN,
           HP_INTERNAL_START, divergence, rng);
    for (int i = 0; i < ltr; i++) /* the 3' LTR: a copy of the 5' LTR */
        seq[len] = seq[i], s->ref_pos[len++] = s->ref_pos[i] + HP_LTR3_START - 1;
    int r = hp_virus_init_seq(&s->virus, "strain", seq, len, err, sizeof err);
    free(seq);
    if (r < 0 || s->virus.ltr_len != ltr) {
        r = r < 0 && strcmp(err, "out of memory") == 0 ? -3 : -1;
        hp_strain_destroy(s);
        return r;
    }
    return 0;
}

int hp_strain_write_fasta(const hp_strain_t *s, FILE *fp)
{
    fprintf(fp, ">strain divergence=%g ltr_factor=%g substitutions=%d insertions=%d "
                "deletions=%d length=%d\n",
            s->divergence, s->ltr_factor, s->n_sub, s->n_ins, s->n_del, s->virus.len);
    const hp_virus_t *v = &s->virus;
    for (int i = 0; i < v->len; i += 60)
        fprintf(fp, "%.*s\n", v->len - i < 60 ? v->len - i : 60, v->seq + i);
    return ferror(fp) ? -1 : 0;
}

void hp_strain_destroy(hp_strain_t *s)
{
    if (!s) return;
    hp_virus_destroy(&s->virus);
    free(s->ref_pos);
    memset(s, 0, sizeof *s);
}
