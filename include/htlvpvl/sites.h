/* sites.h -- integration sites from junction evidence: merge the evidence of one provirus (both
 * junctions, same strand), count fragments (pairs once, duplicates once), place discordant
 * pairs on an exact site or cluster them into estimated ones. Pure; not thread-safe per
 * hp_sites_t. */
#ifndef HTLVPVL_SITES_H
#define HTLVPVL_SITES_H

#include <stddef.h>
#include <stdint.h>
#include "htlvpvl/junction.h"

#ifdef __cplusplus
extern "C" {
#endif

enum { HP_ENDS_U5 = 1, HP_ENDS_U3 = 2, HP_ENDS_DEL = 4 };

typedef struct {
    int32_t tid;             /* host contig */
    int64_t pos;             /* site position (U5 convention, 1-based) */
    uint8_t strand;          /* HP_STRAND_* */
    uint8_t exact;           /* 1: split or clip evidence fixes pos; 0: pairs only */
    int64_t pos_lo, pos_hi;  /* positions the evidence allows: pos for an exact site; for a
                              * pair-only one where all its pairs can reach (fragments up to
                              * the longest plausible), or their hull if they disagree */
    uint8_t ends;            /* HP_ENDS_* seen (HP_ENDS_DEL: a deleted end) */
    int n_frag;              /* distinct fragments (duplicates collapsed) */
    int n_u5, n_u3;          /* fragments over the U5 / the U3 junction */
    int n_del;               /* fragments over the deleted end of a 5' LTR-deleted provirus */
    int n_split, n_clip, n_disc;  /* fragments by their best evidence (sum = n_frag) */
    int64_t n_wild;          /* W: host fragments spanning the site without provirus; -1 unknown */
    double n_junction;       /* J used by the estimator (per junction side) */
    double cell_fraction;    /* 2J / (J + W), NaN when unknown */
    uint64_t *frags;         /* sorted hashes of every evidence fragment (duplicates included) */
    int n_frags;
} hp_site_t;

typedef struct {
    hp_site_t *site;
    int n, m;
} hp_sites_t;

/* Insert-size summary of a histogram (hp_acc_t.ins_hist): median and 99th percentile; both 0
 * when the histogram is empty. */
void hp_insert_stats(const int64_t *hist, int n_bins, int *median, int *p99);

typedef struct {
    int window;        /* exact evidence within this many bp (same strand) merge; default 3 */
    int ins_median;    /* typical fragment length, to place discordant pairs */
    int max_frag;      /* longest plausible fragment */
} hp_cluster_opt_t;

void hp_cluster_opt_init(hp_cluster_opt_t *o, int ins_median, int ins_p99);

/* Build sites from evidence sorted by hp_evidence_sort. Sites come out sorted by tid, pos,
 * strand. Returns 0 or -1 (memory). */
int hp_sites_build(hp_sites_t *out, const hp_evidence_t *ev, size_t n_ev,
                   const hp_cluster_opt_t *o) __attribute__((warn_unused_result));
void hp_sites_init(hp_sites_t *s);
void hp_sites_destroy(hp_sites_t *s);

/* Keep only the sites on tid with pos - 1 in [beg, end) (0-based half-open). */
void hp_sites_keep_range(hp_sites_t *s, int tid, int64_t beg, int64_t end);

/* Is fragment hash h among the site's evidence fragments? */
int hp_site_has_frag(const hp_site_t *s, uint64_t h);

#ifdef __cplusplus
}
#endif
#endif
