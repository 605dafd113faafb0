/* virus.h -- the provirus model (src/virus.c): one description of the virus for every input
 * (aligned reads, FASTQ) and the simulator's truth: the viral sequence, its LTR copies (where
 * each U3 starts and each U5 ends) and the feature regions gag, pol, env and pX placed on it
 * from the built-in annotation (ref.h). One LTR finder builds it from any sequence: the
 * built-in HTLV-1, a FASTA given with `count --virus`, or a custom viral contig of the
 * reference (`count --virus-contig --reference`). The aligned-input path views the model
 * through its contigs (contigs.h, hp_vcontig_t); the FASTQ screen indexes it (kmer.h).
 * A model is read-only (thread-safe) once built.
 */
#ifndef HTLVPVL_VIRUS_H
#define HTLVPVL_VIRUS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Viral regions whose depth is reported. LTR depth is per LTR copy (both copies of a provirus
 * counted: bases / (2 * 755)), the others per provirus. */
enum { HP_REG_LTR = 0, HP_REG_GAG, HP_REG_POL, HP_REG_ENV, HP_REG_PX, HP_N_REGION };
extern const char *const hp_region_names[HP_N_REGION]; /* "LTR", "gag", "pol", "env", "pX" */

#define HP_VIRUS_MAX_LTR 2

/* The LTR ends found on a sequence, 1-based, 5' first: the first base of each LTR copy (U3
 * start) and the last base of each copy (U5 end). The counts may differ where a sequence
 * holds a truncated LTR. */
typedef struct {
    int n_u3, u3[HP_VIRUS_MAX_LTR];
    int n_u5, u5[HP_VIRUS_MAX_LTR];
} hp_ltr_ends_t;

/* The LTR finder. Two rules, the first that finds LTRs wins:
 *  1. self-similarity: the longest prefix (100 to 2,000 bp, at most half the sequence) that
 *     recurs as the suffix with at most 1 % mismatches is the LTR of a provirus written LTR to
 *     LTR (a divergent strain's own LTRs, whatever their variants against J02029);
 *  2. the ends of the built-in LTR: the first two places where the first 20 bases of the LTR
 *     (U3 start) and its last 20 bases (U5 end) match with at most two mismatches (one LTR
 *     copy of a split layout; a provirus between other sequence; LTR copies that differ).
 * Fills *out (zeroed first). Returns the number of LTR ends found (n_u3 + n_u5). Thread-safe. */
int hp_virus_find_ltrs(const char *seq, int len, hp_ltr_ends_t *out);

/* A provirus, or a piece of one, with everything 1-based inclusive on its own sequence. */
typedef struct {
    char *seq; /* upper-case, NUL-terminated (owned) */
    int len;
    char name[128];
    hp_ltr_ends_t ends; /* from hp_virus_find_ltrs */
    int n_ltr;          /* complete LTR copies: a U3 start paired with the next U5 end */
    int ltr_beg[HP_VIRUS_MAX_LTR], ltr_end[HP_VIRUS_MAX_LTR];
    /* the LTR-to-LTR view the FASTQ screen uses: 5' LTR = 1..ltr_len, 3' LTR = ltr3_start..len;
     * both 0 when the sequence is not one provirus from its 5' to its 3' LTR */
    int ltr_len, ltr3_start;
    /* each region's interval, 0 and 0 when the sequence does not hold it (LTR: the first
     * complete copy). gag, pol, env and pX are the built-in regions placed by matching their
     * first and last 100 bases (15-mers on one diagonal, as reads are placed: kmer.h); one that
     * cannot be placed keeps the built-in distance from the LTR (pX: before the 3' LTR) */
    int reg_beg[HP_N_REGION], reg_end[HP_N_REGION];
} hp_virus_t;

/* The built-in HTLV-1 (ref.h): its LTRs and regions are the annotation, which is the model
 * the finder builds from its sequence (unit-tested), set without running it. Returns 0 or -1
 * (out of memory). */
int hp_virus_init_builtin(hp_virus_t *v) __attribute__((warn_unused_result));

/* A model of seq[0..len) (any case; bases other than ACGT become N), named name. Returns 0,
 * or -1 with the reason in err: no LTR end found ("no HTLV-1 LTR end"), or out of memory. */
int hp_virus_init_seq(hp_virus_t *v, const char *name, const char *seq, int len, char *err,
                      size_t errlen) __attribute__((warn_unused_result));

/* A provirus from a FASTA file (the first record), which must run from its 5' LTR to its
 * 3' LTR and be 1,000 to 1,000,000 bp long. Returns 0, or -1 with the reason in err ("why",
 * without the file name). */
int hp_virus_load_fasta(hp_virus_t *v, const char *path, char *err, size_t errlen)
    __attribute__((warn_unused_result));

void hp_virus_destroy(hp_virus_t *v); /* accepts NULL */

/* The FASTQ screen's classes of a provirus position (LTR-to-LTR view). */
enum { HP_REGION_LTR = 0, HP_REGION_INTERNAL = 1, HP_REGION_PX = 2, HP_N_REGIONS = 3 };
int hp_virus_region(const hp_virus_t *v, int pos);            /* pos 1-based */
extern const char *const hp_virus_region_names[HP_N_REGIONS]; /* "LTR", "internal", "pX" */

#ifdef __cplusplus
}
#endif
#endif
