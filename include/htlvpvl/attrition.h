/* attrition.h -- the attrition table: per step of a pipeline, the units it took in, kept, and
 * why it left the rest out; and its one schema, PREFIX.attrition.tsv and the `attrition` array
 * of summary.json, for every input and assay (src/attrition.c; docs/formats.md). */
#ifndef HTLVPVL_ATTRITION_H
#define HTLVPVL_ATTRITION_H

#include <stdint.h>
#include <stdio.h>
#include "htlvpvl/json.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One step of the pipeline: of n_in units it kept n_kept; the rest was left out, and why. */
typedef struct {
    const char *step;
    const char *unit;    /* "records", "reads" or "fragments" */
    int64_t n_in, n_kept;
    const char *dropped; /* why the others were left out */
} hp_attrition_t;

#define HP_ATTRITION_MAX 8

/* Write the N rows of A as a TSV: the header `step unit in kept dropped reason`, then one line
 * per row (dropped = in - kept). Returns 0, or -1 when FP has an error. */
int hp_attrition_write_tsv(FILE *fp, const hp_attrition_t *a, int n)
    __attribute__((warn_unused_result));

/* Write the N rows of A into W as the array KEY of objects {step, unit, in, kept, dropped,
 * reason}, the TSV's columns (an empty array when N is 0). */
void hp_attrition_write_json(hp_json_t *w, const char *key, const hp_attrition_t *a, int n);

#ifdef __cplusplus
}
#endif
#endif
