/* ref.c -- layouts and feature table of the built-in HTLV-1 reference. */
#include <string.h>
#include "htlvpvl/ref.h"

/* pol is given as the span between gag and env (approximate ORF boundaries); pX as in FIELD.md
 * (between env and the 3' LTR). Motif and LTR coordinates are checked by tests/unit/test_ref.c. */
static const hp_feature_t features[] = {
    {"LTR5", 1, 755, "5' LTR (U3-R-U5)"},
    {"U3_motif_5", 1, 10, "U3 start motif TGACAATGAC"},
    {"U5_motif_5", 746, 755, "U5 end motif TTAGTACACA"},
    {"PBS", 758, 775, "primer binding site (tRNA-Pro)"},
    {"gag", 802, 2092, "gag ORF"},
    {"pol", 2093, 5180, "pro/pol (approximate: between gag and env)"},
    {"env", 5181, 6648, "env ORF"},
    {"pX", 6649, 8278, "pX: tax/rex/p12/p30/HBZ (approximate)"},
    {"LTR3", 8279, 9033, "3' LTR (U3-R-U5)"},
    {"U3_motif_3", 8279, 8288, "U3 start motif TGACAATGAC"},
    {"U5_motif_3", 9024, 9033, "U5 end motif TTAGTACACA"},
};

int hp_ref_features(const hp_feature_t **feat)
{
    *feat = features;
    return (int)(sizeof features / sizeof features[0]);
}

const hp_feature_t *hp_ref_feature(const char *name)
{
    for (size_t i = 0; i < sizeof features / sizeof features[0]; i++)
        if (strcmp(features[i].name, name) == 0) return &features[i];
    return NULL;
}

int hp_ref_contigs(hp_layout_t layout, hp_contig_t out[2])
{
    if (layout == HP_LAYOUT_SPLIT) {
        out[0] = (hp_contig_t){HP_LTR_NAME, hp_htlv1_seq, HP_LTR_LEN, 1};
        out[1] = (hp_contig_t){HP_INTERNAL_NAME, hp_htlv1_seq + HP_INTERNAL_START - 1,
                               HP_INTERNAL_LEN, HP_INTERNAL_START};
        return 2;
    }
    out[0] = (hp_contig_t){HP_FULL_NAME, hp_htlv1_seq, hp_htlv1_len, 1};
    return 1;
}

int hp_ref_write_fasta(FILE *fp, hp_layout_t layout)
{
    hp_contig_t c[2];
    int n = hp_ref_contigs(layout, c);
    for (int i = 0; i < n; i++) {
        if (fprintf(fp, ">%s\n", c[i].name) < 0) return -1;
        for (int off = 0; off < c[i].len; off += 60) {
            int w = c[i].len - off < 60 ? c[i].len - off : 60;
            if (fwrite(c[i].seq + off, 1, (size_t)w, fp) != (size_t)w || fputc('\n', fp) == EOF)
                return -1;
        }
    }
    return 0;
}

int hp_ref_write_features_bed(FILE *fp, hp_layout_t layout)
{
    for (size_t i = 0; i < sizeof features / sizeof features[0]; i++) {
        const hp_feature_t *f = &features[i];
        const char *chrom = HP_FULL_NAME;
        int beg = f->start - 1, end = f->end;
        if (layout == HP_LAYOUT_SPLIT) {
            if (f->end <= HP_LTR_LEN) {
                chrom = HP_LTR_NAME;
            } else if (f->start >= HP_LTR3_START) {
                continue; /* the 3' LTR is the same sequence as HTLV1_LTR */
            } else {
                chrom = HP_INTERNAL_NAME;
                beg -= HP_INTERNAL_START - 1;
                end -= HP_INTERNAL_START - 1;
            }
        }
        if (fprintf(fp, "%s\t%d\t%d\t%s\t0\t+\n", chrom, beg, end, f->name) < 0) return -1;
    }
    return 0;
}
