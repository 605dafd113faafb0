/* fuzz_bam.c -- SAM/BAM/CRAM bytes through `htlvpvl count` (record path, header, contigs,
 * classification, sites, estimates, writers). FUZZ_THREADS=4 runs it with a thread pool. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_init();
    fz_write("in.dat", data, size);
    char *argv[] = {"count", "-q", "-t", (char *)fz_threads(), "-o", "out", "in.dat", NULL};
    fz_run(cmd_count, 7, argv);
    return 0;
}
