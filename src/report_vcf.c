/* report_vcf.c -- PREFIX.sites.vcf: VCF 4.2 single breakends (SVTYPE=BND), one per site. */
#include "htlvpvl/ltr_match.h"
#include "htlvpvl/report.h"
#include <htslib/faidx.h>
#include <math.h>
#include <stdlib.h>

int hp_report_sites_vcf(FILE *fp, const hp_count_result_t *r)
{
    faidx_t *fai = r->ref_fasta ? fai_load(r->ref_fasta) : NULL;
    fprintf(fp, "##fileformat=VCFv4.2\n##source=htlvpvl count\n");
    for (int i = 0; i < sam_hdr_nref(r->hdr); i++)
        fprintf(fp, "##contig=<ID=%s,length=%lld>\n", sam_hdr_tid2name(r->hdr, i),
                (long long)sam_hdr_tid2len(r->hdr, i));
    fprintf(fp,
            "##ALT=<ID=BND,Description=\"Breakend\">\n"
            "##FILTER=<ID=PASS,Description=\"All filters passed\">\n"
            "##INFO=<ID=SVTYPE,Number=1,Type=String,Description=\"Type of structural "
            "variant\">\n"
            "##INFO=<ID=IMPRECISE,Number=0,Type=Flag,Description=\"Position estimated from "
            "read pairs only\">\n"
            "##INFO=<ID=CIPOS,Number=2,Type=Integer,Description=\"Confidence interval around "
            "POS for imprecise sites: positions all its read pairs can reach\">\n"
            "##INFO=<ID=PSTRAND,Number=1,Type=String,Description=\"HTLV-1 provirus strand on "
            "the host\">\n"
            "##INFO=<ID=LTREND,Number=.,Type=String,Description=\"LTR ends seen joined to the "
            "host (U5, U3)\">\n"
            "##INFO=<ID=FRAG,Number=1,Type=Integer,Description=\"Junction fragments\">\n"
            "##INFO=<ID=SPLIT,Number=1,Type=Integer,Description=\"Fragments with a split "
            "read\">\n"
            "##INFO=<ID=CLIP,Number=1,Type=Integer,Description=\"Fragments with an LTR-end "
            "soft clip (best evidence)\">\n"
            "##INFO=<ID=DISC,Number=1,Type=Integer,Description=\"Discordant pairs (best "
            "evidence)\">\n"
            "##INFO=<ID=DELEND,Number=1,Type=Integer,Description=\"Fragments over the deleted "
            "end of a 5' LTR-deleted provirus\">\n"
            "##INFO=<ID=CF,Number=1,Type=Float,Description=\"Cell fraction 2J/(J+W)\">\n"
            "##FORMAT=<ID=FR,Number=1,Type=Integer,Description=\"Junction fragments\">\n"
            "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t%s\n",
            r->sample);
    for (int i = 0; i < r->sites->n; i++) {
        const hp_site_t *s = &r->sites->site[i];
        const char *chrom = sam_hdr_tid2name(r->hdr, s->tid);
        char ref = 'N';
        if (fai) {
            hts_pos_t l = 0;
            char *b = faidx_fetch_seq64(fai, chrom, s->pos - 1, s->pos - 1, &l);
            if (b && l == 1) ref = (char)(b[0] >= 'a' ? b[0] - 32 : b[0]);
            free(b);
        }
        /* + strand: the 3' LTR U5 end lies before pos (".R"); - strand: after it ("R.") */
        fprintf(fp, "%s\t%lld\thtlv1_%d\t%c\t", chrom, (long long)s->pos, i + 1, ref);
        if (s->strand == HP_STRAND_PLUS)
            fprintf(fp, ".%c", ref);
        else
            fprintf(fp, "%c.", ref);
        fprintf(fp,
                "\t.\tPASS\tSVTYPE=BND;%sPSTRAND=%c;LTREND=%s;FRAG=%d;SPLIT=%d;CLIP=%d;"
                "DISC=%d",
                s->exact ? "" : "IMPRECISE;", s->strand == HP_STRAND_PLUS ? '+' : '-',
                hp_ends_str(s->ends), s->n_frag, s->n_split, s->n_clip, s->n_disc);
        if (s->n_del) fprintf(fp, ";DELEND=%d", s->n_del);
        if (!s->exact)
            fprintf(fp, ";CIPOS=%lld,%lld", (long long)(s->pos_lo - s->pos),
                    (long long)(s->pos_hi - s->pos));
        if (!isnan(s->cell_fraction)) fprintf(fp, ";CF=%.6g", s->cell_fraction);
        fprintf(fp, "\tFR\t%d\n", s->n_frag);
    }
    if (fai) fai_destroy(fai);
    return ferror(fp) ? -1 : 0;
}
