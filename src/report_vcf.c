/* report_vcf.c -- PREFIX.sites.vcf.gz (+ .tbi): VCF 4.2 single breakends (SVTYPE=BND), one per
 * site, written with htslib's vcf.h (BGZF) and indexed with its tabix indexer. */
#include "htlvpvl/cli.h"
#include "htlvpvl/ltr_match.h"
#include "htlvpvl/report.h"
#include <htslib/vcf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* TBI bins positions below 2^29; a longer contig needs CSI (min_shift 14, as bcftools) */
#define TBI_MAX_LEN (((int64_t)1 << 29) - 1)

static int need_csi(const sam_hdr_t *h)
{
    for (int i = 0; i < sam_hdr_nref(h); i++)
        if (sam_hdr_tid2len(h, i) > TBI_MAX_LEN) return 1;
    return 0;
}

const char *hp_report_vcf_index_suffix(const hp_count_result_t *r)
{
    return need_csi(r->hdr) ? ".csi" : ".tbi";
}

static const char *const info_lines[] = {
    "##ALT=<ID=BND,Description=\"Breakend\">",
    "##INFO=<ID=SVTYPE,Number=1,Type=String,Description=\"Type of structural variant\">",
    "##INFO=<ID=IMPRECISE,Number=0,Type=Flag,Description=\"Position estimated from read pairs "
    "only\">",
    "##INFO=<ID=CIPOS,Number=2,Type=Integer,Description=\"Confidence interval around POS for "
    "imprecise sites: positions all its read pairs can reach\">",
    "##INFO=<ID=PSTRAND,Number=1,Type=String,Description=\"HTLV-1 provirus strand on the "
    "host\">",
    "##INFO=<ID=LTREND,Number=.,Type=String,Description=\"LTR ends seen joined to the host (U5, "
    "U3)\">",
    "##INFO=<ID=FRAG,Number=1,Type=Integer,Description=\"Junction fragments\">",
    "##INFO=<ID=SPLIT,Number=1,Type=Integer,Description=\"Fragments with a split read\">",
    "##INFO=<ID=CLIP,Number=1,Type=Integer,Description=\"Fragments with an LTR-end soft clip "
    "(best evidence)\">",
    "##INFO=<ID=DISC,Number=1,Type=Integer,Description=\"Discordant pairs (best evidence)\">",
    "##INFO=<ID=DELEND,Number=1,Type=Integer,Description=\"Fragments over the deleted end of a "
    "5' LTR-deleted provirus\">",
    "##INFO=<ID=CF,Number=1,Type=Float,Description=\"Cell fraction 2J/(J+W)\">",
    "##FORMAT=<ID=FR,Number=1,Type=Integer,Description=\"Junction fragments\">",
};

static bcf_hdr_t *make_header(const hp_count_result_t *r)
{
    bcf_hdr_t *h = bcf_hdr_init("w"); /* ##fileformat=VCFv4.2 and FILTER PASS */
    kstring_t ks = {0, 0, NULL};
    int bad = !h;
    if (!bad) {
        ksprintf(&ks, "##source=%s", hp_cli_command_line()); /* what main recorded */
        bad |= bcf_hdr_append(h, ks.s) < 0;
    }
    if (!bad && r->ref_fasta) {
        ks.l = 0;
        ksprintf(&ks, "##reference=%s", r->ref_fasta);
        bad |= bcf_hdr_append(h, ks.s) < 0;
    }
    for (int i = 0; !bad && i < sam_hdr_nref(r->hdr); i++) {
        ks.l = 0;
        ksprintf(&ks, "##contig=<ID=%s,length=%lld>", sam_hdr_tid2name(r->hdr, i),
                 (long long)sam_hdr_tid2len(r->hdr, i));
        bad |= bcf_hdr_append(h, ks.s) < 0;
    }
    for (size_t i = 0; !bad && i < sizeof info_lines / sizeof info_lines[0]; i++)
        bad |= bcf_hdr_append(h, info_lines[i]) < 0;
    if (!bad) bad |= bcf_hdr_add_sample(h, r->sample) < 0 || bcf_hdr_sync(h) < 0;
    free(ks.s);
    if (bad && h) bcf_hdr_destroy(h), h = NULL;
    return h;
}

/* Fill REC with site I; returns 0 or -1. REF comes from the reference the pipeline opened. */
static int make_record(const hp_count_result_t *r, bcf_hdr_t *h, bcf1_t *rec, int i)
{
    const hp_site_t *s = &r->sites->site[i];
    char ref = hp_contigs_ref_base(r->ctg, r->hdr, s->tid, s->pos);
    char id[32], alleles[8];
    bcf_clear(rec);
    rec->rid = bcf_hdr_name2id(h, sam_hdr_tid2name(r->hdr, s->tid));
    rec->pos = s->pos - 1;
    bcf_float_set_missing(rec->qual);
    snprintf(id, sizeof id, "htlv1_%d", i + 1);
    /* + strand: the 3' LTR U5 end lies before pos (".R"); - strand: after it ("R.") */
    if (s->strand == HP_STRAND_PLUS)
        snprintf(alleles, sizeof alleles, "%c,.%c", ref, ref);
    else
        snprintf(alleles, sizeof alleles, "%c,%c.", ref, ref);
    int pass = bcf_hdr_id2int(h, BCF_DT_ID, "PASS");
    int32_t frag = s->n_frag, split = s->n_split, clip = s->n_clip, disc = s->n_disc;
    int32_t del = s->n_del;
    int32_t cipos[2] = {(int32_t)(s->pos_lo - s->pos), (int32_t)(s->pos_hi - s->pos)};
    float cf = (float)s->cell_fraction;
    if (rec->rid < 0 || bcf_update_id(h, rec, id) < 0 ||
        bcf_update_alleles_str(h, rec, alleles) < 0 || bcf_update_filter(h, rec, &pass, 1) < 0 ||
        bcf_update_info_string(h, rec, "SVTYPE", "BND") < 0 ||
        (!s->exact && bcf_update_info_flag(h, rec, "IMPRECISE", NULL, 1) < 0) ||
        bcf_update_info_string(h, rec, "PSTRAND", s->strand == HP_STRAND_PLUS ? "+" : "-") < 0 ||
        bcf_update_info_string(h, rec, "LTREND", hp_ends_str(s->ends)) < 0 ||
        bcf_update_info_int32(h, rec, "FRAG", &frag, 1) < 0 ||
        bcf_update_info_int32(h, rec, "SPLIT", &split, 1) < 0 ||
        bcf_update_info_int32(h, rec, "CLIP", &clip, 1) < 0 ||
        bcf_update_info_int32(h, rec, "DISC", &disc, 1) < 0 ||
        (del && bcf_update_info_int32(h, rec, "DELEND", &del, 1) < 0) ||
        (!s->exact && bcf_update_info_int32(h, rec, "CIPOS", cipos, 2) < 0) ||
        (!isnan(s->cell_fraction) && bcf_update_info_float(h, rec, "CF", &cf, 1) < 0) ||
        bcf_update_format_int32(h, rec, "FR", &frag, 1) < 0)
        return -1;
    return 0;
}

int hp_report_sites_vcf(const char *fn, const char *fn_index, const hp_count_result_t *r)
{
    int ret = -1;
    bcf_hdr_t *h = make_header(r);
    bcf1_t *rec = bcf_init();
    htsFile *fp = h && rec ? hts_open(fn, "wz") : NULL; /* BGZF, no threads: same bytes */
    if (!fp || bcf_hdr_write(fp, h) < 0) goto out;
    for (int i = 0; i < r->sites->n; i++)
        if (make_record(r, h, rec, i) < 0 || bcf_write(fp, h, rec) < 0) goto out;
    ret = 0;
out:
    if (fp && hts_close(fp) < 0) ret = -1;
    if (rec) bcf_destroy(rec);
    if (h) bcf_hdr_destroy(h);
    if (ret == 0 && fn_index && bcf_index_build3(fn, fn_index, need_csi(r->hdr) ? 14 : 0, 1) < 0)
        ret = -1;
    return ret;
}
