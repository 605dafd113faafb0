/* junction.h -- per-record work of `count`: classify one alignment record into read and
 * fragment counters, host and viral aligned bases, and junction evidence (split read, LTR-end
 * soft clip, discordant pair). Each thread owns one hp_acc_t; accumulators are merged by
 * hp_acc_merge (sums of integers) and the evidence is sorted into a total order afterwards, so
 * the result does not depend on the thread count or the order records were classified in. */
#ifndef HTLVPVL_JUNCTION_H
#define HTLVPVL_JUNCTION_H

#include <stddef.h>
#include <stdint.h>
#include <htslib/faidx.h>
#include <htslib/sam.h>
#include "htlvpvl/contigs.h"

#ifdef __cplusplus
extern "C" {
#endif

enum { HP_EV_SPLIT = 0, HP_EV_CLIP = 1, HP_EV_DISC = 2 };  /* evidence types, best first */
/* Not evidence of a fragment but a placement of a junction that a host record counts (its
 * bases hard-clipped, its MAPQ too low for the viral record to take it over): a split read's
 * viral primary, aligned with gaps. It only helps place the site its junction joins. */
#define HP_EV_PLACE 3

/* One record's evidence that its fragment spans a provirus-host junction. */
typedef struct {
    uint64_t frag;     /* hash of the read name: the fragment */
    uint64_t dupkey;   /* hash of the fragment's outer coordinates (unmarked duplicates) */
    int32_t tid;       /* host contig */
    int64_t pos;       /* exact evidence: site position (U5 convention, 1-based); else 0 */
    int64_t hbeg, hend;/* host alignment, 1-based inclusive */
    int32_t vdist;     /* discordant: viral bases from the mate's outer end to the LTR end */
    uint8_t type;      /* HP_EV_* */
    uint8_t strand;    /* HP_STRAND_* (provirus strand) */
    uint8_t end;       /* HP_END_U5 / HP_END_U3 / HP_END_DEL (deleted end of a defective) */
    uint8_t side;      /* HP_SIDE_LEFT / HP_SIDE_RIGHT: where the virus is, seen from the host */
    uint64_t alt;      /* exact evidence: how well pos - 4 .. pos + 4 fit it (hp_ev_penalty);
                        * 0: no alignment behind it (pos is its only placement) */
} hp_evidence_t;

#define HP_ALT_SET (1ULL << 63) /* alt holds penalties: 4 bits per offset -4..4, from bit 0 */
#define HP_EV_PEN_DEFAULT 6     /* penalty of any other position for evidence without alt */
#define HP_EV_PEN_MAX 15        /* penalty beyond +-4 for evidence with alt */

/* Score lost when the site is placed at e->pos + o instead of e->pos, for exact evidence:
 * from the gapped junction alignment when there was one (junction_align.h), else 0 at o = 0
 * and HP_EV_PEN_DEFAULT elsewhere (each record votes for its own position). */
static inline int hp_ev_penalty(const hp_evidence_t *e, int o)
{
    if (!e->alt) return o == 0 ? 0 : HP_EV_PEN_DEFAULT;
    if (o < -4 || o > 4) return HP_EV_PEN_MAX;
    return (int)((e->alt >> (4 * (o + 4))) & 15);
}

#define HP_DEL_VDIST 1000000  /* vdist of a mate at the deleted end: not near an LTR end */
#define HP_INS_MAX 4000  /* insert sizes above this go to the last histogram bin */
#define HP_RLEN_MAX 1000

/* Counters of one thread (or of the whole input after merging). */
typedef struct {
    int64_t records, reads_total, reads_dup, reads_secondary, reads_supplementary;
    int64_t reads_unmapped, reads_qcfail, reads_viral, reads_host_autosomal;
    int64_t frag_total, frag_dup, frag_viral, frag_host_autosomal;
    int64_t host_bases;                 /* aligned bases on autosomes (in the region if any) */
    int64_t x_bases;                    /* aligned bases on chrX (sex from its depth) */
    int64_t vir_bases[HP_N_REGION];     /* aligned bases in each viral region */
    int64_t frag_region[HP_N_REGION];   /* fragments with an alignment in each viral region */
    int64_t ins_hist[HP_INS_MAX + 1];   /* host autosomal proper pairs: insert size */
    int64_t span_hist[HP_RLEN_MAX + 1]; /* host autosomal unpaired reads: aligned span */
    int64_t dup_marked;                 /* records flagged as unmarked duplicates by the reader */
    int dup_detection;                  /* 1 when the reader looked for unmarked duplicates */
    hp_evidence_t *ev;
    size_t n_ev, m_ev;
} hp_acc_t;

/* Options of the classifier. */
typedef struct {
    int min_mapq_host;         /* host side of junction evidence (default 1) */
    int region_tid;            /* -1: whole file; else only host records starting in */
    int64_t region_beg, region_end;  /* [beg, end) 0-based, and host bases clipped to it */
    int64_t region_pad;        /* evidence is also taken this far outside the region */
    int max_vdist;             /* discordant mates farther from the LTR end are ignored */
    faidx_t *fai;              /* host reference (--reference) or NULL: soft-clipped junctions
                                * are then placed by a gapped alignment against it; fetched
                                * under an OpenMP critical section */
} hp_classify_opt_t;

void hp_classify_opt_init(hp_classify_opt_t *o);

void hp_acc_init(hp_acc_t *a);
void hp_acc_destroy(hp_acc_t *a);
/* Add src's counters and evidence to dst; src is left empty. Returns 0 or -1 (memory). */
int hp_acc_merge(hp_acc_t *dst, hp_acc_t *src) __attribute__((warn_unused_result));

/* Classify one record. hdr is only read (contig names for SA tags). Thread-safe for distinct
 * accumulators. Returns 0, or -1 when memory ran out. */
int hp_classify_record(const hp_contigs_t *ctg, const sam_hdr_t *hdr,
                       const hp_classify_opt_t *opt, const bam1_t *b, hp_acc_t *acc)
    __attribute__((warn_unused_result));

/* Sort evidence into the fixed total order (tid, strand, pos, ..., dupkey, frag). */
void hp_evidence_sort(hp_evidence_t *ev, size_t n);

/* Sort, then keep one of the records that differ only in their fragment (duplicates with the
 * same outer coordinates and the same evidence: they count once anyway), the lowest fragment
 * hash, so the result does not depend on when it is done. Sets *n to the records kept. */
void hp_evidence_compact(hp_evidence_t *ev, size_t *n);

/* 64-bit hash of a read name (FNV-1a), the fragment identity. */
uint64_t hp_hash_name(const char *s);

#ifdef __cplusplus
}
#endif
#endif
