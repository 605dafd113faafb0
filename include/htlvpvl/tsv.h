/* tsv.h -- the NA convention of htlvpvl's tables, in one place: how a number that may be missing
 * is written, and which cell texts mean "missing" when a table is read. Thread-safe. */
#ifndef HTLVPVL_TSV_H
#define HTLVPVL_TSV_H

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Write X as FMT says, "NA" in place of the number when X is NaN or infinite; -0 is written as 0.
 * FMT holds one conversion, %.Ng or %.Nf (N digits; %g alone is %.6g), and the literal text
 * around it (field separators): "\t%.6g", "%.3f\t". Returns what fprintf returns (< 0: error). */
int hp_tsv_num(FILE *fp, const char *fmt, double x);

/* Does the cell S mean a missing value: "", "NA", "na", "-" or "."? */
int hp_tsv_is_na(const char *s);

#ifdef __cplusplus
}
#endif
#endif
