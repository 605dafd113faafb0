/* fuzz_sim.c -- the simulator's input files through `htlvpvl simulate`: the first byte picks
 * which one the rest is (clone table, clone sizes, fragment lengths, host FASTA); a small
 * host and a low depth keep each run short. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const opt[] = {"--clones", "--clone-dist", "--frag-lengths", "--host"};
    fz_init();
    if (size < 1) return 0;
    fz_write("in.txt", data + 1, size - 1);
    int k = data[0] % 4;
    /* --clones excludes -n; --host excludes --host-size */
    char *argv[] = {"simulate", "-o", "sim", "-d", "0.02", (char *)opt[k], "in.txt",
                    k == 3 ? NULL : "--host-size", "200000", "-n", "3", NULL};
    fz_run(cmd_simulate, k == 3 ? 7 : k == 0 ? 9 : 11, argv);
    return 0;
}
