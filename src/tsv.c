/* tsv.c -- NA-aware number writing and the missing-value words of input tables. */
#include "htlvpvl/tsv.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

int hp_tsv_num(FILE *fp, const char *fmt, double x)
{
    const char *p = strchr(fmt, '%');
    if (!p) return fputs(fmt, fp);
    int prec = 6, n = fprintf(fp, "%.*s", (int)(p - fmt), fmt), m;
    if (*++p == '.') {
        char *e;
        prec = (int)strtol(p + 1, &e, 10);
        p = e;
    }
    char conv = *p ? *p++ : 'g';
    if (!isfinite(x))
        m = fputs("NA", fp) < 0 ? -1 : 2;
    else if (conv == 'f')
        m = fprintf(fp, "%.*f", prec, x == 0 ? 0.0 : x);
    else
        m = fprintf(fp, "%.*g", prec, x == 0 ? 0.0 : x);
    int k = fprintf(fp, "%s", p);
    return n < 0 || m < 0 || k < 0 ? -1 : n + m + k;
}

int hp_tsv_is_na(const char *s)
{
    return !*s || strcmp(s, "NA") == 0 || strcmp(s, "na") == 0 || strcmp(s, "-") == 0 ||
           strcmp(s, ".") == 0;
}
