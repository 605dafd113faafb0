/* junction_align.c -- a two-part gapped alignment of a read across a provirus-host junction. */
#include "htlvpvl/junction_align.h"
#include "htlvpvl/seq.h"
#include <stdlib.h>
#include <string.h>

#define SC_MATCH 1
#define SC_MISM (-4)
#define SC_N (-1)
#define GAP_O 3
#define GAP_E 1
#define NEG (INT32_MIN / 4)

static int sc(char a, char b)
{
    int x = hp_nt4[(unsigned char)a], y = hp_nt4[(unsigned char)b];
    if (x > 3 || y > 3) return SC_N;
    return x == y ? SC_MATCH : SC_MISM;
}

static int32_t max2(int32_t a, int32_t b)
{
    return a > b ? a : b;
}

/* Affine-gap alignment of a[0..na) against b[0..nb), global at the start of a; at the start of
 * b global (free_b = 0) or free (1). Fills end[i * (nb + 1) + j] with the best score of a[0..i)
 * against b[..j) ending in a match/mismatch or an insertion (with_del = 0), or in any state
 * (with_del = 1). */
static void gotoh(const char *a, int na, const char *b, int nb, int free_b, int with_del,
                  int32_t *end)
{
    int w = nb + 1;
    int32_t M[HP_JALN_MAX + 1], X[HP_JALN_MAX + 1], Y[HP_JALN_MAX + 1];
    int32_t pM[HP_JALN_MAX + 1], pX[HP_JALN_MAX + 1], pY[HP_JALN_MAX + 1];
    for (int j = 0; j <= nb; j++) {
        pM[j] = j == 0 || free_b ? 0 : NEG;
        pX[j] = NEG;
        pY[j] = j == 0 || free_b ? NEG : -(GAP_O + GAP_E * j);
        end[j] = max2(max2(pM[j], pX[j]), with_del ? pY[j] : NEG);
    }
    for (int i = 1; i <= na; i++) {
        M[0] = NEG, Y[0] = NEG;
        X[0] = -(GAP_O + GAP_E * i);
        for (int j = 1; j <= nb; j++) {
            int32_t d = max2(max2(pM[j - 1], pX[j - 1]), pY[j - 1]);
            M[j] = d + sc(a[i - 1], b[j - 1]);
            X[j] = max2(max2(pM[j], pY[j]) - GAP_O, pX[j]) - GAP_E;
            Y[j] = max2(max2(M[j - 1], X[j - 1]) - GAP_O, Y[j - 1]) - GAP_E;
        }
        for (int j = 0; j <= nb; j++) {
            pM[j] = M[j], pX[j] = X[j], pY[j] = Y[j];
            end[i * w + j] = max2(max2(M[j], X[j]), with_del ? Y[j] : NEG);
        }
    }
}

int32_t hp_jaln_place(const char *rd, int n, const char *rf, int m, const char *lt, int l, int kmin,
                      int kmax, int j_pref, int *best_j, uint8_t *pen, hp_jaln_info_t *info)
{
    if (n > HP_JALN_MAX || m > HP_JALN_MAX || l > HP_JALN_MAX || kmin < 1 || kmax >= n ||
        kmin > kmax || m < 1 || l < 1)
        return INT32_MIN;
    int32_t *host = malloc((size_t)(n + 1) * (size_t)(m + 1) * sizeof *host);
    int32_t *ltr = malloc((size_t)(n + 1) * (size_t)(l + 1) * sizeof *ltr);
    int32_t S[HP_JALN_MAX + 1];
    int K[HP_JALN_MAX + 1]; /* the breakpoint of S[j] */
    char rr[HP_JALN_MAX], ll[HP_JALN_MAX];
    int32_t best = INT32_MIN;
    if (!host || !ltr) goto out;
    gotoh(rd, n, rf, m, 0, 0, host);
    /* the viral part, read backwards from the read's end against the LTR read backwards
     * towards its end (free where the LTR part begins): one pass gives every breakpoint */
    for (int i = 0; i < n; i++)
        rr[i] = rd[n - 1 - i];
    for (int t = 0; t < l; t++)
        ll[t] = lt[l - 1 - t];
    gotoh(rr, n, ll, l, 1, 1, ltr);
    for (int j = 0; j <= m; j++)
        S[j] = NEG;
    for (int k = kmin; k <= kmax; k++) {
        int32_t f = ltr[(n - k) * (l + 1) + l];
        for (int j = 1; j <= m; j++) {
            int32_t s = host[k * (m + 1) + j] + f;
            if (s > S[j]) S[j] = s, K[j] = k;
        }
    }
    int bj = -1;
    for (int j = 1; j <= m; j++) {
        if (S[j] <= NEG / 2) continue;
        if (bj < 0 || S[j] > S[bj] || (S[j] == S[bj] && abs(j - j_pref) < abs(bj - j_pref))) bj = j;
    }
    if (bj < 0) goto out;
    best = S[bj];
    *best_j = bj;
    if (info) info->k = K[bj], info->viral_score = ltr[(n - K[bj]) * (l + 1) + l];
    for (int o = -HP_JALN_RADIUS; o <= HP_JALN_RADIUS; o++) {
        int j = bj + o;
        int32_t d = j >= 1 && j <= m && S[j] > NEG / 2 ? best - S[j] : HP_JALN_PEN_MAX;
        pen[o + HP_JALN_RADIUS] = (uint8_t)(d > HP_JALN_PEN_MAX ? HP_JALN_PEN_MAX : d);
    }
out:
    free(host);
    free(ltr);
    return best;
}
