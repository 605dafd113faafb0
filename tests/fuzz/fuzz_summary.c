/* fuzz_summary.c -- a summary.json (first half of the input) and its sites.tsv (after the first
 * "\n###\n", else a valid one) through `htlvpvl compare`, beside a valid second time point. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    fz_init();
    if (!ready) {
        fz_copy("P1_d14.summary.json", "P1_d14.summary.json");
        fz_copy("P1_d14.sites.tsv", "P1_d14.sites.tsv");
        static const char sheet[] = "sample\tsubject\ttimepoint\tsummary\n"
                                    "P1_d0\tP1\t0\tP1_d0.summary.json\n"
                                    "P1_d14\tP1\t14\tP1_d14.summary.json\n";
        fz_write("sheet.tsv", (const uint8_t *)sheet, sizeof sheet - 1);
        ready = 1;
    }
    const uint8_t *cut = NULL;
    for (size_t i = 0; i + 5 <= size && !cut; i++)
        if (memcmp(data + i, "\n###\n", 5) == 0) cut = data + i;
    if (cut) {
        fz_write("P1_d0.summary.json", data, (size_t)(cut - data));
        fz_write("P1_d0.sites.tsv", cut + 5, size - (size_t)(cut + 5 - data));
    } else {
        fz_write("P1_d0.summary.json", data, size);
        fz_copy("P1_d0.sites.tsv", "P1_d0.sites.tsv");
    }
    char *argv[] = {"compare", "-q", "-o", "out", "sheet.tsv", NULL};
    fz_run(cmd_compare, 5, argv);
    return 0;
}
