/* ltr_match.c -- LTR-end recognition in soft clips and the junction geometry. */
#include "htlvpvl/ltr_match.h"
#include "htlvpvl/ref.h"
#include "htlvpvl/seq.h"
#include <stdlib.h>

int hp_clip_max_mismatches(int n)
{
    return n < 20 ? 1 : n < 30 ? 2 : 3;
}

/* Mismatches of n read bases a[0], a[astep], ... against LTR bases (0-based 5' LTR positions)
 * ltr_pos, ltr_pos + lstep, ..., complemented when comp is set. Stops counting past limit. */
static int mism(const char *a, int astep, int n, int ltr_pos, int lstep, int comp, int limit)
{
    int mm = 0;
    for (int i = 0; i < n; i++) {
        int p = ltr_pos + lstep * i;
        if (p < 0 || p >= HP_LTR_LEN) return limit + 1;
        int r = hp_nt4[(unsigned char)hp_htlv1_seq[p]];
        if (comp && r < 4) r = 3 - r;
        int q = hp_nt4[(unsigned char)a[astep * i]];
        if ((q > 3 || q != r) && ++mm > limit) return mm;
    }
    return mm;
}

int hp_ltr_match_clip(const char *clip, int len, int side, hp_clip_hit_t *hit)
{
    if (len < HP_MIN_CLIP) return 0;
    int best = 0;
    hp_clip_hit_t h = {0, 0, 0, 0, 0};
    for (int s = -HP_CLIP_SHIFT; s <= HP_CLIP_SHIFT; s++) {
        /* s > 0: the aligner kept s viral bases in the host part, so the clip starts s bases
         * into the LTR end. s < 0: the clip holds -s host bases before the LTR end. */
        int skip = s < 0 ? -s : 0, into = s > 0 ? s : 0;
        int n = len - skip;
        if (n > HP_CLIP_CMP_MAX) n = HP_CLIP_CMP_MAX;
        if (n < HP_MIN_CLIP) continue;
        /* a shifted breakpoint only for clips long enough that chance cannot fake it */
        if (s != 0 && n < HP_MIN_CLIP_SHIFTED) continue;
        int lim = hp_clip_max_mismatches(n);
        /* the clip read away from the host: forwards after a right clip, backwards before a
         * left one */
        const char *a = side == HP_SIDE_RIGHT ? clip + skip : clip + len - 1 - skip;
        int astep = side == HP_SIDE_RIGHT ? 1 : -1;
        for (int pat = 0; pat < 2; pat++) {
            int mm, end;
            if (side == HP_SIDE_RIGHT && pat == 0) { /* TGACAATGAC...: U3, + */
                mm = mism(a, astep, n, into, 1, 0, lim), end = HP_END_U3;
            } else if (side == HP_SIDE_RIGHT) { /* TGTGTACTAA...: U5, - */
                mm = mism(a, astep, n, HP_LTR_LEN - 1 - into, -1, 1, lim), end = HP_END_U5;
            } else if (pat == 0) { /* ...TTAGTACACA: U5, + */
                mm = mism(a, astep, n, HP_LTR_LEN - 1 - into, -1, 0, lim), end = HP_END_U5;
            } else { /* ...GTCATTGTCA: U3, - */
                mm = mism(a, astep, n, into, 1, 1, lim), end = HP_END_U3;
            }
            if (mm > lim) continue;
            if (!best || mm < h.mismatches || (mm == h.mismatches && abs(s) < abs(h.shift))) {
                best = 1;
                h.end = end;
                h.strand = (side == HP_SIDE_RIGHT) == (end == HP_END_U3) ? HP_STRAND_PLUS
                                                                         : HP_STRAND_MINUS;
                h.shift = s;
                h.mismatches = mm;
                h.n_compared = n;
            }
        }
    }
    if (best) *hit = h;
    return best;
}

void hp_junction_geometry(int side, int same_orient, int *end, int *strand)
{
    /* right + same: U3 +; right + opposite: U5 -; left + same: U5 +; left + opposite: U3 - */
    *strand = same_orient ? HP_STRAND_PLUS : HP_STRAND_MINUS;
    *end = (side == HP_SIDE_RIGHT) == (same_orient != 0) ? HP_END_U3 : HP_END_U5;
}

int64_t hp_site_pos(int64_t junction_base, int side, int end)
{
    if (side == HP_SIDE_RIGHT)
        return end != HP_END_U5 ? junction_base - HP_TSD_LAST : junction_base;
    return end == HP_END_U5 ? junction_base : junction_base + HP_TSD_LAST;
}

int64_t hp_junction_base(int64_t pos, int side, int strand)
{
    /* + strand: U5 junction (left) at pos, U3 junction (right) at pos + HP_TSD_LAST;
     * - strand: U5 junction (right) at pos, U3 junction (left) at pos - HP_TSD_LAST */
    if (strand == HP_STRAND_PLUS) return side == HP_SIDE_LEFT ? pos : pos + HP_TSD_LAST;
    return side == HP_SIDE_RIGHT ? pos : pos - HP_TSD_LAST;
}
