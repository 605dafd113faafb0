/* fuzz_sheet.c -- a sample sheet through `htlvpvl compare`; the summaries and sites tables it
 * may name (P1_d0, P1_d14) are valid copies from the tree. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    fz_init();
    if (!ready) {
        fz_copy("P1_d0.summary.json", "P1_d0.summary.json");
        fz_copy("P1_d0.sites.tsv", "P1_d0.sites.tsv");
        fz_copy("P1_d14.summary.json", "P1_d14.summary.json");
        fz_copy("P1_d14.sites.tsv", "P1_d14.sites.tsv");
        ready = 1;
    }
    fz_write("sheet.tsv", data, size);
    char *argv[] = {"compare", "-q", "-o", "out", "sheet.tsv", NULL};
    fz_run(cmd_compare, 5, argv);
    return 0;
}
