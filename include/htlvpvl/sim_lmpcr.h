/* sim_lmpcr.h -- LM-PCR integration-site read pairs with known clones (`htlvpvl simulate
 * --assay lmpcr`), on the host and clones of sim.h.
 *
 * Model, per infected cell (one provirus each): DNA is sheared at random; the fragment that holds
 * the 3' LTR U5 end and host DNA up to the shear site (host part of length L from the fragment
 * length law) is recovered with probability `recovery`; a UMI of umi_len random bases is
 * ligated with the linker; PCR gives it a gamma-Poisson number of read pairs (shape 2) with
 * mean pcr_mean * exp(-(L - 100) / pcr_len_scale) (short fragments amplify better; a fragment
 * with no reads is never seen). Artefacts: the same primer on the 5' LTR gives fragments that run
 * on into the primer-binding site (one per cell, same recovery; off with run_on 0); mispriming on
 * host DNA (primer without the LTR end, then random host) and primer-dimers (LTR end straight
 * into the linker) add misprime_frac and dimer_frac times the junction reads. A spike-in clone
 * (spike_cells cells) is one more clone at its own site.
 *
 * Reads: R1 (LTR side) = the last 30 LTR bases (primer .. U5 end) + host part, running on into
 * the reverse-complemented linker, UMI and Illumina adapter when the fragment is short; R2
 * (linker side) = UMI + 16-base linker + host part reverse-complemented (read structure
 * 8M16S+T for the default UMI length), then the LTR. Substitutions at error_rate per base (UMI
 * included). Read names "lm<N>.<class>.<clone>" (class: junction, run_on, misprime, dimer; clone
 * 0 for none) so that tests can check each read's fate.
 *
 * Positions follow FIELD.md section 4. Nothing here prints or exits.
 */
#ifndef HTLVPVL_SIM_LMPCR_H
#define HTLVPVL_SIM_LMPCR_H

#include "htlvpvl/sim.h"
#include <htslib/bgzf.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HP_LMPCR_LINKER "TTCCGAGATCGCAGTC" /* linker bases between the UMI and the host */
#define HP_LMPCR_PRIMER_LEN 30             /* LTR bases at the start of R1 (primer .. end) */
#define HP_LMPCR_FLANK_LEN 24              /* host bases of a clone's flank in the truth */

typedef struct {
    int64_t cells;       /* cells (genomes) in the reaction */
    double pvl;          /* infected cells per 100 cells (spike excluded) */
    int64_t spike_cells; /* cells of the spike-in clone (0: none) */
    double recovery;     /* chance that a cell's junction fragment is recovered */
    double pcr_mean;     /* mean read pairs per fragment of 100 host bases */
    double pcr_len_scale;
    double misprime_frac, dimer_frac;
    int run_on;
    int umi_len; /* 1..32 */
    int read_length;
    double error_rate;
    const hp_fraglen_t *fraglen; /* host bases from the LTR end to the shear site */
} hp_lmpcr_opt_t;

/* Realised truth of one clone. */
typedef struct {
    int64_t cells;       /* cells of the clone in the reaction */
    int64_t fragments;   /* junction fragments sequenced (at least one read pair) */
    int64_t shear_sites; /* distinct shear sites among them */
    int64_t shear_umis;  /* distinct (shear site, UMI) */
    int64_t reads;       /* junction read pairs */
    int64_t reads_short; /* ... of fragments with fewer than 20 host bases */
    char flank[HP_LMPCR_FLANK_LEN + 1]; /* first host bases after the LTR end, read-wise */
} hp_lmpcr_clone_truth_t;

typedef struct {
    hp_lmpcr_clone_truth_t *clone; /* one per clone of cl (the spike last when present) */
    int n_clone;
    int spike; /* index of the spike-in clone, or -1 */
    int64_t infected_cells;
    int64_t pairs, reads_junction, reads_run_on, reads_misprime, reads_dimer, reads_short;
} hp_lmpcr_truth_t;

/* Simulate: clones 0..n-1 of cl share the infected cells in proportion to their cell_fraction,
 * except the spike (index spike, or -1) which gets o->spike_cells. Every site must lie at least
 * fraglen->hi + 10 bases from its contig's ends. Writes FASTQ to r1 / r2. Deterministic in rng.
 * Returns 0, -1 write error, -2 a site too close to a contig end, -3 out of memory. */
int hp_lmpcr_run(const hp_lmpcr_opt_t *o, const hp_host_t *h, const hp_clones_t *cl, int spike,
                 hp_rng_t *rng, BGZF *r1, BGZF *r2, hp_lmpcr_truth_t *t)
    __attribute__((warn_unused_result));
void hp_lmpcr_truth_destroy(hp_lmpcr_truth_t *t); /* accepts NULL */

/* truth.clones.tsv (clone, chrom, pos, strand, spike, cells, fragments, shear_sites, shear_umis,
 * reads, reads_short, flank) and truth.summary.tsv (key, value). 0 or -1 on a write error. */
int hp_lmpcr_write_clones(FILE *fp, const hp_host_t *h, const hp_clones_t *cl,
                          const hp_lmpcr_truth_t *t) __attribute__((warn_unused_result));
int hp_lmpcr_write_summary(FILE *fp, const hp_lmpcr_opt_t *o, const hp_lmpcr_truth_t *t,
                           uint64_t seed) __attribute__((warn_unused_result));

#ifdef __cplusplus
}
#endif
#endif
