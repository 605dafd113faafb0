/* seq.c -- nucleotide helpers. */
#include "htlvpvl/seq.h"

#define X4 4, 4, 4, 4
#define X16 X4, X4, X4, X4
const unsigned char hp_nt4[256] = {
    X16, X16, X16, X16,
    4, 0, 4, 1, 4, 4, 4, 2, 4, 4, 4, 4, 4, 4, 4, 4, /* @ A B C D E F G ... */
    4, 4, 4, 4, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, /* P Q R S T ... */
    4, 0, 4, 1, 4, 4, 4, 2, 4, 4, 4, 4, 4, 4, 4, 4,
    4, 4, 4, 4, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
    X16, X16, X16, X16, X16, X16, X16, X16,
};

void hp_revcomp(char *out, const char *s, size_t n)
{
    static const char comp[5] = {'T', 'G', 'C', 'A', 'N'};
    for (size_t i = 0, j = n; i < j; i++) {
        j--;
        char a = comp[hp_nt4[(unsigned char)s[i]]], b = comp[hp_nt4[(unsigned char)s[j]]];
        out[i] = b;
        out[j] = a;
    }
}

int hp_mismatches(const char *a, const char *b, size_t n)
{
    int mm = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned x = hp_nt4[(unsigned char)a[i]], y = hp_nt4[(unsigned char)b[i]];
        mm += (x > 3 || x != y);
    }
    return mm;
}
