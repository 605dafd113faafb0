/* ltr_match.h -- recognise the end of an HTLV-1 LTR in the soft-clipped part of a host read, and
 * the junction geometry of FIELD.md section 4 (the four clip cases). Pure and thread-safe. */
#ifndef HTLVPVL_LTR_MATCH_H
#define HTLVPVL_LTR_MATCH_H

#include <stdint.h>
#include "htlvpvl/ref.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HP_MIN_CLIP 8       /* shortest soft clip matched against the LTR ends */
#define HP_CLIP_CMP_MAX 40  /* at most this many clipped bases are compared */
#define HP_CLIP_SHIFT 3     /* breakpoint shifts tried on each side (microhomology, errors) */
#define HP_MIN_CLIP_SHIFTED 12 /* shifts are tried only when this many bases are compared */

/* Which side of the host alignment the viral sequence is on (host-forward orientation). */
enum { HP_SIDE_LEFT = 0, HP_SIDE_RIGHT = 1 };
/* Which LTR end is joined to the host. */
/* HP_END_DEL: the deleted end of a 5' LTR-deleted provirus (internal viral sequence where the
 * U3 end would be), placed like a U3 junction. */
enum { HP_END_U5 = 0, HP_END_U3 = 1, HP_END_DEL = 2 };
/* Provirus strand on the host. */
enum { HP_STRAND_PLUS = 0, HP_STRAND_MINUS = 1 };

/* A clip recognised as LTR-end sequence. */
typedef struct {
    int end;         /* HP_END_U5 or HP_END_U3 */
    int strand;      /* HP_STRAND_PLUS or HP_STRAND_MINUS */
    int shift;       /* junction host base = alignment edge base - shift (right clip) or
                      * + shift (left clip); positive when the aligner took viral bases into the
                      * host alignment, negative when it clipped host bases */
    int mismatches;  /* in the compared bases */
    int n_compared;  /* bases compared */
} hp_clip_hit_t;

/* Mismatches tolerated when comparing n clipped bases with an LTR end. */
int hp_clip_max_mismatches(int n);

/* Match a soft clip against the four LTR-end patterns of its side. clip[0..len) is the clipped
 * sequence as stored in the BAM (host-forward orientation, any case); side says where it is:
 * HP_SIDE_RIGHT for a clip after the aligned bases, HP_SIDE_LEFT before them. Tries breakpoint
 * shifts of -HP_CLIP_SHIFT..HP_CLIP_SHIFT. Returns 1 and fills *hit when one pattern matches
 * (fewest mismatches, then smallest |shift|), 0 when none does or len < HP_MIN_CLIP. */
int hp_ltr_match_clip(const char *clip, int len, int side, hp_clip_hit_t *hit);

/* Geometry of FIELD.md section 4: the provirus strand of a junction seen on `side` with the
 * viral part in the same (same_orient = 1) or opposite orientation to the host alignment,
 * and which LTR end it shows. */
void hp_junction_geometry(int side, int same_orient, int *end, int *strand);

/* The target-site duplication (ref.h: HP_TSD_LEN bases): host bases h[a .. a + HP_TSD_LAST]
 * appear on both sides of the provirus. A site on + is named by a, one on - by a + HP_TSD_LAST
 * (the host base joined to the 3' LTR U5 end); the U3 junction lies HP_TSD_LAST bases away.
 * minus: the provirus is on the - strand. */
#define HP_TSD_LAST (HP_TSD_LEN - 1)
static inline int64_t hp_tsd_start(int64_t pos, int minus)
{
    return minus ? pos - HP_TSD_LAST : pos;
}
static inline int64_t hp_tsd_site_pos(int64_t a, int minus)
{
    return minus ? a + HP_TSD_LAST : a;
}

/* The site position (host base joined to the 3' LTR U5 end, FIELD.md section 4) from the host
 * base at a junction of the given side and LTR end. */
int64_t hp_site_pos(int64_t junction_base, int side, int end);

/* The inverse: the host base at the junction of `side` for a site at pos on `strand`. */
int64_t hp_junction_base(int64_t pos, int side, int strand);

#ifdef __cplusplus
}
#endif
#endif
