/* seq.h -- nucleotide helpers shared by the simulator, the junction finder and the FASTQ screen.
 * Pure and thread-safe. */
#ifndef HTLVPVL_SEQ_H
#define HTLVPVL_SEQ_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A C G T -> 0 1 2 3 (either case); anything else -> 4. */
extern const unsigned char hp_nt4[256];

/* Reverse complement of s[0..n) into out (out may equal s); N and unknowns stay N. */
void hp_revcomp(char *out, const char *s, size_t n);

/* Number of mismatching positions of a[0..n) and b[0..n); N never matches. */
int hp_mismatches(const char *a, const char *b, size_t n);

#ifdef __cplusplus
}
#endif
#endif
