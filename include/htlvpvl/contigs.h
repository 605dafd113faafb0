/* contigs.h -- what each contig of an alignment header is: host autosome, other host contig
 * (sex chromosomes, chrM, unplaced, alt, decoy), or HTLV-1; and where the LTR ends and the
 * viral regions (LTR, gag, pol, env, pX) lie on each viral contig. Built once per input;
 * read-only (thread-safe) afterwards. */
#ifndef HTLVPVL_CONTIGS_H
#define HTLVPVL_CONTIGS_H

#include <stdint.h>
#include <htslib/faidx.h>
#include <htslib/sam.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HP_CONTIG_LEN_MAX ((int64_t)1 << 40) /* longest contig, and autosomes together */

enum { HP_CTG_HOST_OTHER = 0, HP_CTG_AUTOSOME = 1, HP_CTG_VIRUS = 2 };

/* Viral regions whose depth is reported. LTR depth is per LTR copy (both copies of a provirus
 * counted: bases / (2 * 755)), the others per provirus. */
enum { HP_REG_LTR = 0, HP_REG_GAG, HP_REG_POL, HP_REG_ENV, HP_REG_PX, HP_N_REGION };
extern const char *const hp_region_names[HP_N_REGION];  /* "LTR", "gag", "pol", "env", "pX" */

#define HP_MAX_VCONTIG 8

/* One viral contig: LTR ends and region intervals in its own 1-based coordinates. */
typedef struct {
    int tid;
    int len;
    int n_u3, u3[2];   /* first base of each LTR copy on the contig (U3 start) */
    int n_u5, u5[2];   /* last base of each LTR copy (U5 end) */
    int n_iv[HP_N_REGION];          /* intervals of each region on this contig (0..2) */
    int iv_beg[HP_N_REGION][2], iv_end[HP_N_REGION][2];
} hp_vcontig_t;

typedef struct {
    int n_targets;
    uint8_t *cls;          /* HP_CTG_* per tid */
    int8_t *vidx;          /* index into vc[] per tid, -1 for host contigs */
    hp_vcontig_t vc[HP_MAX_VCONTIG];
    int n_vc;
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
