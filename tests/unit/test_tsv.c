/* Unit tests of src/tsv.c: how a number that may be missing is written, and the NA words. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "htlvpvl/tsv.h"
#include "tap.h"

/* what hp_tsv_num writes for FMT and X, in a static buffer */
static const char *put(const char *fmt, double x)
{
    static char out[64];
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    int n = hp_tsv_num(fp, fmt, x);
    fclose(fp);
    snprintf(out, sizeof out, "%s", (n >= 0 && (size_t)n == len) ? buf : "(bad length)");
    free(buf);
    return out;
}

int main(void)
{
    TEST_STR(put("%.6g", 0.1234567), "0.123457", "%.6g rounds to 6 significant digits");
    TEST_STR(put("\t%.6g", 2e-7), "\t2e-07", "leading tab kept, exponent form as printf");
    TEST_STR(put("\t%.4g", 12345.6), "\t1.235e+04", "%.4g");
    TEST_STR(put("%.3f\t", 1.5), "1.500\t", "%.3f with a trailing tab");
    TEST_STR(put("%.6g", NAN), "NA", "NaN is NA");
    TEST_STR(put("\t%.6g", INFINITY), "\tNA", "infinity is NA, separator kept");
    TEST_STR(put("%.3f\t", -INFINITY), "NA\t", "-infinity is NA");
    TEST_STR(put("%.6g", -0.0), "0", "-0 is written 0");
    TEST_STR(put("%g", 1.0 / 3), "0.333333", "%g alone is %.6g");
    TEST_OK(hp_tsv_is_na("") && hp_tsv_is_na("NA") && hp_tsv_is_na("na") && hp_tsv_is_na("-") &&
                hp_tsv_is_na("."),
            "the missing-value words");
    TEST_OK(!hp_tsv_is_na("0") && !hp_tsv_is_na("N") && !hp_tsv_is_na("NAN") &&
                !hp_tsv_is_na("nan"),
            "numbers and other words are not missing");
    return test_done();
}
