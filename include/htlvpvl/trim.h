/* trim.h -- LM-PCR integration-site read pairs made ready for the aligner (`htlvpvl trim`).
 *
 * Library layout: the LTR-side read starts with an LTR primer and reads through the end of the
 * LTR (U5 end of the 3' LTR, e.g. HTLV-1 ...TTAGTACACA) into host DNA; the linker-side read
 * starts with the ligated linker (which may carry a UMI) and then reads host DNA from the
 * random shear site. When the fragment is shorter than a read, each read runs on into the other
 * end's adapter (linker read-through).
 *
 * Per pair: (1) the LTR end is found in the LTR-side read by semi-global edit distance (Myers'
 * bit-vector algorithm: the whole LTR-end pattern against any substring of the read,
 * mismatches, insertions and deletions cost 1); the best (fewest edits, then leftmost) match
 * ending at or before max_offset with at most max_err edits wins, and the host part starts
 * right after it. (2) A host part that reads like the sequence following an LTR end inside the
 * virus (5'-LTR priming that runs on into the primer-binding site; a plasmid backbone) is
 * dropped. (3) Linker read-through: the first overlap_k template bases of the linker read,
 * reverse-complemented, found in the LTR read's host part (at most 1 mismatch) give the
 * fragment's host length, and both reads are cut to it. (4) Host parts shorter than min_len
 * are dropped. (5) The UMI comes from the linker read's structure (fgbio style: segments
 * <length><type>, types T template, M molecular barcode/UMI, S skip, B sample barcode; a length
 * '+' means the rest of the read, last segment only; e.g. 8M14S+T) or from the read name (text
 * after its last ':').
 *
 * Nothing here prints or exits; functions are thread-safe on a shared const hp_trim_t.
 */
#ifndef HTLVPVL_TRIM_H
#define HTLVPVL_TRIM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HP_TRIM_MAX_PATTERN 64 /* longest LTR-end pattern */
#define HP_TRIM_MAX_UMI 64
#define HP_RS_MAX_SEG 16

typedef enum { HP_RS_T = 'T', HP_RS_M = 'M', HP_RS_S = 'S', HP_RS_B = 'B' } hp_rs_type_t;

/* A read structure: n_seg segments; len -1 = the rest of the read ('+'). */
typedef struct {
    int n_seg;
    int len[HP_RS_MAX_SEG];
    char type[HP_RS_MAX_SEG];
    int fixed; /* bases the fixed-length segments need */
} hp_readstruct_t;

/* Parse "8M14S+T". Returns 0, or -1 (bad syntax, no T segment, '+' not last, > 16 segments). */
int hp_readstruct_parse(hp_readstruct_t *rs, const char *s) __attribute__((warn_unused_result));

/* Why a pair was dropped (or kept). */
typedef enum {
    HP_TRIM_KEPT = 0,
    HP_TRIM_NO_LTR,  /* no LTR end within max_err edits */
    HP_TRIM_RUN_ON,  /* host part reads as virus: primer-binding site / backbone */
    HP_TRIM_SHORT,   /* host part (or the read structure) shorter than needed */
    HP_TRIM_N_STATUS
} hp_trim_status_t;

/* Short names of the statuses for the attrition table: "kept", "no_ltr_end",
 * "provirus_run_on", "too_short". */
const char *hp_trim_status_name(hp_trim_status_t s);

typedef struct {
    char ltr_end[HP_TRIM_MAX_PATTERN + 1]; /* upper-case ACGT */
    int ltr_len;
    int max_err;    /* edits allowed in the LTR end [2] */
    int max_offset; /* the LTR end must end within this many read bases (0: anywhere) */
    char **run_on;  /* sequences that follow an LTR end inside the virus (owned) */
    int n_run_on;
    int run_on_len;    /* bases compared [16] */
    int run_on_maxmm;  /* mismatches allowed [2] */
    int min_len;       /* host bases required [20] */
    int overlap_k;     /* read-through k-mer [12] */
    int umi_from_name; /* UMI = read name after its last ':' */
    hp_readstruct_t rs; /* linker read structure; n_seg 0: the whole read is template */
    uint64_t peq[4];    /* Myers pattern bit-vectors for A C G T */
} hp_trim_t;

/* Defaults (see the field comments) with the HTLV-1 U5 end (last 20 bases of the J02029 LTR)
 * and, as run-on sequence, the 16 bases after the 5' LTR (the PBS). Returns 0 or -3. */
int hp_trim_init(hp_trim_t *t) __attribute__((warn_unused_result));
/* Use another LTR end (ACGT, case-insensitive, 8..64 bases). 0 or -1. */
int hp_trim_set_ltr_end(hp_trim_t *t, const char *seq) __attribute__((warn_unused_result));
/* Take the run-on sequences from a virus sequence: whatever follows each exact occurrence of
 * the LTR end in seq or in its reverse complement (a U3-end design reads out of the LTRs the
 * other way), up to run_on_len bases, at least 10. Replaces the current set. Returns the
 * number found (0: none), or -3. */
int hp_trim_set_virus(hp_trim_t *t, const char *seq, int64_t len)
    __attribute__((warn_unused_result));
void hp_trim_destroy(hp_trim_t *t); /* accepts NULL */

/* Where the LTR end ends in seq[0..len): returns the 0-based position just after it (the first
 * host base), or -1 when not found; *edits gets the edit distance. */
int hp_trim_find_ltr(const hp_trim_t *t, const char *seq, int len, int *edits);

/* Result for one pair: host part of the LTR read [host_beg, host_end), template part of the
 * linker read [tpl_beg, tpl_end), the UMI (NUL-terminated, may be empty). */
typedef struct {
    hp_trim_status_t status;
    int host_beg, host_end;
    int tpl_beg, tpl_end;
    int ltr_edits;
    int read_through; /* 1: cut at the other read's start */
    int short_host;   /* status HP_TRIM_SHORT because the host part is under min_len (host_beg,
                       * host_end, tpl_beg, tpl_end and umi are set as for a kept pair) */
    char umi[HP_TRIM_MAX_UMI + 1];
} hp_trim_res_t;

/* Trim one pair (lk_seq NULL for single-end LTR reads). name is the read name (for
 * umi_from_name). Thread-safe. */
void hp_trim_pair(const hp_trim_t *t, const char *ltr_seq, int ltr_len, const char *lk_seq,
                  int lk_len, const char *name, hp_trim_res_t *r);

/* ---- Genome-free sites: host flanks after the LTR end, clustered ---- */

/* One kept pair's evidence. */
typedef struct {
    char *flank; /* first flank_len host bases (owned by the set) */
    char *shear; /* first shear_len template bases of the linker read, or "" */
    char *umi;
} hp_flank_obs_t;

typedef struct {
    char *flank;                      /* representative (most reads) */
    int64_t reads, umis, shear_sites; /* distinct UMIs; distinct (shear, UMI) */
    int64_t fragments; /* distinct (shear, UMI) after UMI-tools' directional merge: from the most
                        * reads down, one joins a neighbour (one base apart in shear + UMI)
                        * with at least 2n - 1 reads */
} hp_flank_site_t;

#define HP_FLANK_MIN_PART 12 /* shortest host part placed by its prefix (a partial flank) */

typedef struct {
    int flank_len, shear_len;
    hp_flank_obs_t *obs;
    int64_t n, m;
    hp_flank_obs_t *part; /* partial flanks: host parts of HP_FLANK_MIN_PART..flank_len - 1 */
    int64_t n_part, m_part;
    int64_t n_part_placed; /* of those, placed in a site by hp_flanks_cluster */
    hp_flank_site_t *site;
    int n_site;
} hp_flanks_t;

void hp_flanks_init(hp_flanks_t *f, int flank_len, int shear_len);
/* Add a pair: host part host[0..host_len), the linker template tpl[0..tpl_len) (may be NULL)
 * and the UMI. A host part of flank_len bases or more gives a flank; a shorter one of at least
 * HP_FLANK_MIN_PART bases a partial flank (a short fragment: placed by hp_flanks_cluster in the
 * site its bases begin, never a site of its own); a shorter one is ignored. Returns 0, 2 kept
 * as a partial flank, 1 ignored, -3. */
int hp_flanks_add(hp_flanks_t *f, const char *host, int host_len, const char *tpl, int tpl_len,
                  const char *umi) __attribute__((warn_unused_result));
/* Cluster: identical flanks counted, then each flank merged into the cluster of a flank with
 * more reads within max_mm mismatches, or within max_mm after a one-base shift (an indel at the
 * LTR end), or, when their first 4 bases agree, within max_mm edits with indels inside (most
 * reads first, ties by sequence). Then each partial flank joins the one site
 * whose representative begins with it (at most one mismatch; the fewest mismatches, a tie places
 * it nowhere) and is counted there as a read. Sites sorted by fragments, shear_sites, then
 * reads, descending; ties by flank. Returns 0 or -3. */
int hp_flanks_cluster(hp_flanks_t *f, int max_mm) __attribute__((warn_unused_result));
void hp_flanks_destroy(hp_flanks_t *f);

#ifdef __cplusplus
}
#endif
#endif
