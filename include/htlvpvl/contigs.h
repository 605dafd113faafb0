/* contigs.h -- what each contig of an alignment header is: host autosome, other host contig
 * (sex chromosomes, chrM, unplaced, alt, decoy), or HTLV-1; and where the LTR ends and the
 * viral regions (LTR, gag, pol, env, pX) lie on each viral contig: a view of a provirus model
 * (virus.h), the built-in one for the contigs of either `htlvpvl ref` layout, one built from
 * the contig's own sequence by the model's LTR finder for a custom contig. Built once per
 * input; read-only (thread-safe) afterwards. */
#ifndef HTLVPVL_CONTIGS_H
#define HTLVPVL_CONTIGS_H

#include <stdint.h>
#include <htslib/faidx.h>
#include <htslib/sam.h>
#include "htlvpvl/virus.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HP_CONTIG_LEN_MAX ((int64_t)1 << 40) /* longest contig, and autosomes together */

/* The contig classes, for count (hp_contigs_t.cls) and the simulator's host (sim.h). Only
 * autosomes count in the host depth; X and Y hold one copy in a male, MT many. Zeroed memory
 * reads as host, not autosomal. */
typedef enum {
    HP_CTG_HOST_OTHER = 0, /* unplaced, alt, decoy, EBV, ... */
    HP_CTG_AUTOSOME,       /* chr1..chr22 (diploid) */
    HP_CTG_X,              /* chrX / X */
    HP_CTG_Y,              /* chrY / Y */
    HP_CTG_MT,             /* chrM / MT / M */
    HP_CTG_VIRUS           /* a viral contig (count only) */
} hp_ctg_class_t;

#define HP_MAX_VCONTIG 8

/* One viral contig: the part of a provirus model (virus.h) it holds, with the model's LTR ends
 * and regions in the contig's own 1-based coordinates (contig pos = model pos - off). */
typedef struct {
    int tid;
    int len;
    int model, off;    /* hp_contigs_t.model[model]; the contig's base 1 is model base off + 1 */
    int n_u3, u3[2];   /* first base of each LTR copy on the contig (U3 start) */
    int n_u5, u5[2];   /* last base of each LTR copy (U5 end) */
    int n_iv[HP_N_REGION];          /* intervals of each region on this contig (0..2) */
    int iv_beg[HP_N_REGION][2], iv_end[HP_N_REGION][2];
} hp_vcontig_t;

typedef struct {
    int n_targets;
    uint8_t *cls;          /* hp_ctg_class_t per tid */
    int8_t *vidx;          /* index into vc[] per tid, -1 for host contigs */
    hp_vcontig_t vc[HP_MAX_VCONTIG];
    int n_vc;
    hp_virus_t model[HP_MAX_VCONTIG + 1]; /* [0]: the built-in; then one per custom contig */
    int n_model;
    const char *layout;    /* "full", "split" or "custom" */
    int64_t autosome_len;  /* sum of autosome lengths (header, or non-N bases with a FASTA) */
    int autosome_len_from_fasta;
    int tid_x, tid_y;      /* chrX / chrY (or X / Y), -1 when absent */
    int64_t region_len[HP_N_REGION];  /* bases per provirus copy: LTR 1510, pX 1630, ... */
    faidx_t *fai;          /* the FASTA given to init (opened once), NULL without one */
    char err[512];         /* why init failed */
} hp_contigs_t;

/* Is this contig name a host autosome? ("chr" prefix optional, then only digits: chr1..chr22,
 * 1..22; everything with '_', X, Y, M, MT, EBV, decoys, alt is not). */
int hp_is_autosome_name(const char *name);

/* The class of a host contig from its name ("chr" prefix optional, any case): an autosome as
 * hp_is_autosome_name says, X, Y, M or MT, else HP_CTG_HOST_OTHER (never HP_CTG_VIRUS). The one
 * rule for count's host depth and the simulator's copy numbers. Thread-safe. */
hp_ctg_class_t hp_ctg_class_of_name(const char *name);

/* Classify the header's contigs. virus_names (n_virus, may be 0) names the viral contigs;
 * with none, the contigs of either `htlvpvl ref` layout are detected by name and length.
 * A viral contig that is not a built-in layout contig needs fasta (an indexed FASTA holding it)
 * to locate its LTRs. With fasta, the autosome length counts non-N bases. Returns 0, or -1
 * with c->err set (no viral contig, unknown name, contig without LTRs, unreadable FASTA). */
int hp_contigs_init(hp_contigs_t *c, const sam_hdr_t *h, char *const *virus_names, int n_virus,
                    const char *fasta) __attribute__((warn_unused_result));
void hp_contigs_destroy(hp_contigs_t *c);

/* The base of the FASTA given to hp_contigs_init at 1-based POS of contig TID, upper case;
 * 'N' without a FASTA, for a contig it lacks, past its end or for a base other than ACGT (VCF
 * REF). Not thread-safe (one faidx handle). */
char hp_contigs_ref_base(const hp_contigs_t *c, const sam_hdr_t *h, int tid, int64_t pos);

/* A position on a viral contig holding two LTR copies, with the second copy mapped onto the
 * first (aligners place LTR reads on either copy at random): for duplicate keys. Other
 * positions are returned unchanged. 0-based. Defined in junction.c. */
int64_t hp_contigs_norm_pos(const hp_contigs_t *ctg, int tid, int64_t pos);

/* Is name[0..len) a viral contig? Returns its tid or -1 (linear in the few viral contigs).
 * Thread-safe. */
int hp_contigs_viral_tid(const hp_contigs_t *c, const sam_hdr_t *h, const char *name,
                         size_t len);

#ifdef __cplusplus
}
#endif
#endif
