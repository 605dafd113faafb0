/* gen_host_sam.c -- bench helper: aligned host read pairs as SAM records (no header), in
 * coordinate order, for the contigs named on the command line, to add a large host to a small
 * test BAM without simulating and aligning it.
 *
 *   gen_host_sam DEPTH SEED NAME:LEN [NAME:LEN ...]  > records.sam
 *
 * Each contig gets a random sequence (GC 41 %); fragments of N(350, 60) bases start at random
 * positions at DEPTH x read depth (150 bp reads, both mates, proper pairs on either strand,
 * MAPQ 60, no mismatches); base qualities from a fixed pool of random strings (real BAMs have
 * varied qualities, which set most of a BAM's size). Same arguments, same bytes. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RL 150
#define NPOOL 4096

static uint64_t st = 88172645463325252ULL;
static uint64_t rnd(void)
{
    st ^= st << 13, st ^= st >> 7, st ^= st << 17;
    return st;
}
static double unif(void) { return (double)(rnd() >> 11) * (1.0 / 9007199254740992.0); }

typedef struct {
    int64_t pos, mpos;
    int flag, tlen;
    uint64_t id;
} rec_t;

static rec_t *pend;
static int n_pend, m_pend;

static void emit(const char *name, const char *seq, char **pool, const rec_t *r)
{
    printf("h%llu\t%d\t%s\t%lld\t60\t150M\t=\t%lld\t%d\t%.*s\t%s\tNM:i:0\tMC:Z:150M\n",
           (unsigned long long)r->id, r->flag, name, (long long)r->pos + 1,
           (long long)r->mpos + 1, r->tlen, RL, seq + r->pos, pool[r->id % NPOOL]);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: gen_host_sam DEPTH SEED NAME:LEN...\n");
        return 2;
    }
    double depth = atof(argv[1]);
    st ^= (uint64_t)atoll(argv[2]) * 0x9e3779b97f4a7c15ULL;
    char *pool[NPOOL];
    const char q[] = "+5:?FFFF";
    for (int i = 0; i < NPOOL; i++) {
        pool[i] = malloc(RL + 1);
        for (int j = 0; j < RL; j++)
            pool[i][j] = q[rnd() % 8];
        pool[i][RL] = 0;
    }
    uint64_t id = 0;
    for (int a = 3; a < argc; a++) {
        char name[256];
        const char *c = strchr(argv[a], ':');
        if (!c || c - argv[a] >= 255) return 2;
        memcpy(name, argv[a], (size_t)(c - argv[a]));
        name[c - argv[a]] = 0;
        int64_t len = atoll(c + 1);
        char *seq = malloc((size_t)len + 1);
        for (int64_t i = 0; i < len; i++) {
            double u = unif();
            seq[i] = u < 0.205 ? 'G' : u < 0.41 ? 'C' : u < 0.705 ? 'A' : 'T';
        }
        seq[len] = 0;
        /* fragment starts: a Poisson process of rate depth / (2 RL) per base */
        double rate = depth / (2.0 * RL), x = 0;
        for (;;) {
            x += -log(1.0 - unif()) / rate;
            int64_t p = (int64_t)x;
            /* pending mates that start before p go out first */
            while (n_pend > 0 && pend[0].pos <= p) {
                emit(name, seq, pool, &pend[0]);
                memmove(pend, pend + 1, (size_t)--n_pend * sizeof *pend);
            }
            double g = sqrt(-2 * log(1.0 - unif())) * cos(6.283185307179586 * unif());
            int fl = (int)lround(350 + 60 * g);
            if (fl < RL) fl = RL;
            if (p + fl > len) break;
            rec_t r1, r2;
            int rev = rnd() & 1;
            id++;
            r1.id = r2.id = id;
            r1.pos = p, r1.mpos = p + fl - RL, r1.tlen = fl;
            r2.pos = p + fl - RL, r2.mpos = p, r2.tlen = -fl;
            r1.flag = rev ? 83 + 80 : 99;  /* leftmost read: read 2 (163) or read 1 (99) */
            r2.flag = rev ? 83 : 147;
            emit(name, seq, pool, &r1);
            if (n_pend == m_pend) {
                m_pend = m_pend ? 2 * m_pend : 256;
                pend = realloc(pend, (size_t)m_pend * sizeof *pend);
            }
            int k = n_pend;
            while (k > 0 && pend[k - 1].pos > r2.pos) k--;
            memmove(pend + k + 1, pend + k, (size_t)(n_pend - k) * sizeof *pend);
            pend[k] = r2, n_pend++;
        }
        while (n_pend > 0) {
            emit(name, seq, pool, &pend[0]);
            memmove(pend, pend + 1, (size_t)--n_pend * sizeof *pend);
        }
        free(seq);
    }
    for (int i = 0; i < NPOOL; i++)
        free(pool[i]);
    free(pend);
    return fflush(stdout) == 0 ? 0 : 1;
}
