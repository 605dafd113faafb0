/* fastq_flank.h -- LTR-end junctions in unaligned reads, and clustering of their host flanks
 * into integration sites (src/fastq_flank.c).
 *
 * A junction read carries the end of an LTR followed by host sequence. Read in the orientation
 * "virus, then host", it holds either the U5 end of the LTR (...TTAGTACACA) or the reverse
 * complement of the U3 start (...GTCATTGTCA); the bases after it are the host flank, read away
 * from the provirus (../shared/FIELD.md §4: for a + strand provirus, the U5 flank is the host +
 * strand from pos = a, the U3 flank the host - strand from a + 5 downwards).
 */
#ifndef HTLVPVL_FASTQ_FLANK_H
#define HTLVPVL_FASTQ_FLANK_H

#include "htlvpvl/kmer.h"
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HP_FLANK_MAX 100 /* host bases kept per junction read */
#define HP_FLANK_KEY 20  /* host bases compared when clustering (and required per read) */
#define HP_LTR_TPL 30    /* LTR-end bases matched (at least HP_LTR_MIN inside the read) */
#define HP_LTR_MIN 20
#define HP_LTR_MAX_MM 2 /* mismatches allowed in the LTR end (one more over 25+ bases) */

enum { HP_FLANK_U5 = 0, HP_FLANK_U3 = 1 };
extern const char *const hp_flank_end_names[2]; /* "U5", "U3" */

/* One junction found in a read. */
typedef struct {
    int ltr_end;   /* HP_FLANK_U5 or HP_FLANK_U3 */
    int orient;    /* 0: read as given; 1: the read is reverse-complemented */
    int junction;  /* offset of the first host base in the oriented read */
    int dist5;     /* bases from the read's 5' end (its fragment end) to the junction */
    int flank_len; /* HP_FLANK_KEY .. HP_FLANK_MAX */
    char flank[HP_FLANK_MAX + 1]; /* host flank, away from the provirus, NUL-terminated */
} hp_junction_t;

typedef struct hp_flank_finder_t hp_flank_finder_t;

/* Build the LTR-end matcher for v (v must outlive it). NULL when out of memory. Read-only
 * afterwards, so hp_flank_find is thread-safe. */
hp_flank_finder_t *hp_flank_finder_build(const hp_virus_t *v);
void hp_flank_finder_destroy(hp_flank_finder_t *ff); /* accepts NULL */

/* Look for an LTR end followed by at least HP_FLANK_KEY non-viral bases in seq[0..len).
 * Returns 1 and fills out when found (the first one along the read), 0 otherwise. */
int hp_flank_find(const hp_flank_finder_t *ff, const char *seq, int len, hp_junction_t *out);

/* Evidence of one junction fragment. */
typedef struct {
    int64_t frag;     /* fragment index in the input (orders the evidence) */
    uint64_t dup_key; /* same value for PCR duplicates: the fragment's two ends */
    hp_junction_t j;
} hp_flank_ev_t;

/* Key telling duplicates of a junction fragment apart: the junction read's end (orient, dist5)
 * and the first 16 bases of its mate (mate NULL for single-end reads). */
uint64_t hp_flank_dup_key(const hp_junction_t *j, const char *mate, int mate_len);

/* An integration site seen from one LTR end: a cluster of near-identical flanks. */
typedef struct {
    int ltr_end;
    int64_t fragments; /* unique fragments (distinct dup_key) */
    int64_t reads;     /* junction fragments before removing duplicates */
    char *flank;       /* consensus flank (majority per base), NUL-terminated */
    int flank_len;
} hp_flank_site_t;

typedef struct {
    hp_flank_site_t *site;
    int n;
} hp_flank_sites_t;

/* Cluster the evidence: flanks whose first HP_FLANK_KEY bases differ at <= max_mm positions and
 * that share the LTR end form one site (greedy, most-supported key first). Sites come out
 * sorted by fragments (descending), then reads, LTR end and flank. ev is reordered. The result
 * does not depend on the order of ev. Returns 0, or -1 when out of memory. */
int hp_flank_cluster(hp_flank_ev_t *ev, size_t n, int max_mm, hp_flank_sites_t *out)
    __attribute__((warn_unused_result));
void hp_flank_sites_destroy(hp_flank_sites_t *s); /* frees the sites; accepts NULL */

#ifdef __cplusplus
}
#endif
#endif
