/* junction_align.h -- place a provirus-host junction in one read with gaps: the read's host
 * part aligned to the host reference and its viral part to the LTR end, both with affine
 * gaps, the breakpoint between them chosen where the two alignments score best together. A
 * small host indel next to the junction (or an LTR variant at its end) then no longer moves
 * the junction as a soft clip does. Pure and thread-safe. */
#ifndef HTLVPVL_JUNCTION_ALIGN_H
#define HTLVPVL_JUNCTION_ALIGN_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HP_JALN_RADIUS 4   /* penalties are kept for placements best - 4 .. best + 4 */
#define HP_JALN_PEN_MAX 15 /* penalties are capped here (and are this beyond the radius) */
#define HP_JALN_MAX 160    /* longest read part, reference window or LTR part */

/* Scores: match +1, mismatch -4 (an N -1), gap of length g -(3 + g). Host variants next to a
 * junction are indels more often than sequencing errors are (substitutions), hence a gap
 * opening cheaper than bwa's. */

/* What the best placement made of the read (hp_jaln_place, optional). */
typedef struct {
    int k;               /* read bases in the host part */
    int32_t viral_score; /* score of the viral part, rd[k..n) against the LTR end */
} hp_jaln_info_t;

/* One read's junction in the frame "host part first, viral part after it" (a read with its
 * virus on the left is given reversed, see junction.c):
 *   rd[0..n)  read bases; rd[0] is aligned to rf[0] (an anchor inside the host alignment);
 *   rf[0..m)  host reference from the anchor on;
 *   lt[0..l)  LTR bases from the LTR end that meets the host, going into the provirus;
 *   kmin..kmax the host part may hold this many read bases (1 <= kmin <= kmax < n);
 *   j_pref    the placement to keep on a tie (the aligner's).
 * Every read base is explained: host (aligned to rf from rf[0] on), or LTR (aligned to lt
 * from lt[0] on, lt's far end free). Sets *best_j to the number of host reference bases
 * consumed by the best placement (the junction host base is rf[*best_j - 1]) and pen[o +
 * HP_JALN_RADIUS], o = -RADIUS..RADIUS, to the score lost by a placement of best_j + o
 * (capped at HP_JALN_PEN_MAX; the cap where no alignment ends there); fills *info when not
 * NULL. Returns the best score, or INT32_MIN when the arguments leave nothing to align. */
int32_t hp_jaln_place(const char *rd, int n, const char *rf, int m, const char *lt, int l, int kmin,
                      int kmax, int j_pref, int *best_j, uint8_t *pen, hp_jaln_info_t *info);

#ifdef __cplusplus
}
#endif
#endif
