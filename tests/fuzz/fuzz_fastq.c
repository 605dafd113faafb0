/* fuzz_fastq.c -- FASTQ bytes through `htlvpvl count` (FASTQ reader, k-mer screen, flanks,
 * writers): as one single-end file, or split at the first "\n+++\n" into R1 and R2. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_init();
    const uint8_t *cut = NULL;
    for (size_t i = 0; i + 5 <= size && !cut; i++)
        if (memcmp(data + i, "\n+++\n", 5) == 0) cut = data + i;
    if (cut) {
        fz_write("r1.fq", data, (size_t)(cut + 1 - data));
        fz_write("r2.fq", cut + 5, size - (size_t)(cut + 5 - data));
        char *argv[] = {"count", "-q", "-t", (char *)fz_threads(), "-o", "out", "r1.fq", "r2.fq",
                        NULL};
        fz_run(cmd_count, 8, argv);
    } else {
        fz_write("r1.fq", data, size);
        char *argv[] = {"count", "-q", "-t", (char *)fz_threads(), "-o", "out", "r1.fq", NULL};
        fz_run(cmd_count, 7, argv);
    }
    return 0;
}
