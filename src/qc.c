/* qc.c -- plausibility and QC flags of one sample's result (see qc.h). */
#include "htlvpvl/qc.h"
#include "htlvpvl/log.h"
#include "htlvpvl/stats.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *names[HP_QC_N] = {"pvl_above_200", "low_precision", "empty_viral_contig",
                                     "genome_size", "estimators_disagree"};

const char *hp_qc_flag_name(int i)
{
    return i >= 0 && i < HP_QC_N ? names[i] : "?";
}

void hp_qc_input_init(hp_qc_input_t *in)
{
    memset(in, 0, sizeof *in);
    in->pvl = in->pvl_lo = in->pvl_hi = in->viral_fragments = NAN;
    in->host_depth = in->jpvl = in->jpvl_lo = in->jpvl_hi = in->genome_size = NAN;
    in->genome_implied = NAN;
    in->precision_pct = HP_QC_PRECISION_PCT;
}

void hp_qc_flags_str(unsigned flags, char *buf, size_t n)
{
    size_t l = 0;
    if (n == 0) return;
    buf[0] = '\0';
    if (!flags) {
        snprintf(buf, n, "ok");
        return;
    }
    for (int i = 0; i < HP_QC_N; i++)
        if (flags & (1u << i) && l < n) {
            int w = snprintf(buf + l, n - l, "%s%s", l ? "," : "", names[i]);
            if (w > 0) l += (size_t)w;
        }
}

unsigned hp_qc_flags_parse(const char *s)
{
    unsigned f = 0;
    for (int i = 0; s && i < HP_QC_N; i++) {
        size_t n = strlen(names[i]);
        for (const char *p = strstr(s, names[i]); p; p = strstr(p + 1, names[i]))
            if ((p == s || p[-1] == ',') && (p[n] == '\0' || p[n] == ',')) f |= 1u << i;
    }
    return f;
}

#define SET(o, bit, ...)                                                                           \
    do {                                                                                           \
        (o)->flags |= 1u << (bit);                                                                 \
        snprintf((o)->msg[bit], sizeof(o)->msg[bit], __VA_ARGS__);                                 \
    } while (0)

unsigned hp_qc_eval(const hp_qc_input_t *in, hp_qc_t *o)
{
    memset(o, 0, sizeof *o);
    if (in->pvl > HP_QC_PVL_MAX)
        SET(o, 0,
            "PVL %.4g copies per 100 cells is above %g (%.3g copies per cell): check the "
            "reference, the genome size and the sample",
            in->pvl, HP_QC_PVL_MAX, in->pvl / 100);
    /* precision: the wider side of the CI against the requested +- %; a PVL of 0 cannot be
     * told from a carrier's 1 copy per 100 cells when its upper limit is above 1 */
    double p = in->precision_pct;
    if (in->pvl > 0 && isfinite(in->pvl_lo) && isfinite(in->pvl_hi)) {
        double w = 100 * fmax(in->pvl_hi / in->pvl - 1, 1 - in->pvl_lo / in->pvl);
        double need = 1.96 * 1.96 / (p / 100 * p / 100); /* fragments for a +- p % CI */
        if (w > p)
            SET(o, 1,
                "PVL 95 %% CI spans +-%.0f %% (%.0f viral fragments): +-%g %% needs about %.0f, "
                "so about %.1f times this depth",
                w, in->viral_fragments, p, need,
                in->viral_fragments > 0 ? need / in->viral_fragments : need);
    } else if (in->pvl == 0 && in->pvl_hi > 1) {
        SET(o, 1,
            "no viral fragment, but the PVL's 95 %% CI reaches %.3g copies per 100 cells: "
            "this depth cannot tell an uninfected sample from a carrier",
            in->pvl_hi);
    }
    if (in->n_viral_contigs > 1 && in->viral_contig_reads) {
        int64_t tot = 0;
        for (int i = 0; i < in->n_viral_contigs; i++)
            tot += in->viral_contig_reads[i];
        for (int i = 0; i < in->n_viral_contigs && tot > 0; i++)
            if (in->viral_contig_reads[i] == 0) {
                o->flags |= HP_QC_EMPTY_VIRAL_CONTIG;
                snprintf(o->msg[2], sizeof o->msg[2],
                         "viral contig %s has no reads while the other viral contigs have "
                         "%lld bases: check the reference layout",
                         in->viral_contig_names ? in->viral_contig_names[i] : "?", (long long)tot);
                break;
            }
    }
    double gr = in->genome_size / in->genome_implied;
    if (in->fastq && isfinite(gr) && (gr > HP_QC_GENOME_RATIO || gr < 1 / HP_QC_GENOME_RATIO))
        SET(o, 3,
            "--genome-size %.4g bp is too %s: %.3g times the %.4g bp the host reads imply "
            "(their k-mer depth), the PVL is off by that factor; rerun with --genome-size about "
            "%.2g",
            in->genome_size, gr > 1 ? "large" : "small", gr, in->genome_implied,
            in->genome_implied);
    else if (in->fastq && in->pvl > HP_QC_GENOME_PVL_MAX && isfinite(in->genome_size))
        SET(o, 3,
            "PVL %.4g copies per 100 cells (%.0f copies per cell) is impossible: --genome-size "
            "%.4g bp is too large for these reads (at most about %.3g bp would give a PVL of "
            "200 or less)",
            in->pvl, in->pvl / 100, in->genome_size, in->genome_size * HP_QC_PVL_MAX / in->pvl);
    /* depth and junction estimates: z on the log scale from the two CIs */
    if (in->pvl > 0 && in->jpvl > 0 && in->pvl_lo > 0 && in->jpvl_lo > 0 && isfinite(in->pvl_hi) &&
        isfinite(in->jpvl_hi)) {
        double s1 = hp_log_ci_se(in->pvl_lo, in->pvl_hi);
        double s2 = hp_log_ci_se(in->jpvl_lo, in->jpvl_hi);
        double z = (log(in->pvl) - log(in->jpvl)) / sqrt(s1 * s1 + s2 * s2);
        double pz = erfc(fabs(z) / sqrt(2));
        if (pz < HP_QC_DISAGREE_P)
            SET(o, 4,
                "depth PVL %.3g and junction PVL %.3g copies per 100 cells differ beyond "
                "chance (z = %.1f, p = %.2g)",
                in->pvl, in->jpvl, z, pz);
    }
    return o->flags;
}

unsigned hp_qc_count(const hp_count_result_t *r, hp_qc_t *out)
{
    hp_qc_input_t in;
    int64_t reads[HP_MAX_VCONTIG];
    const char *names_c[HP_MAX_VCONTIG];
    hp_qc_input_init(&in);
    /* the depth estimate over the whole provirus (pvl.depth); the pX ratio when it has none */
    if (r->profile.available) {
        in.pvl = r->profile.copies_per_100, in.pvl_lo = r->profile.ci_lo;
        in.pvl_hi = r->profile.ci_hi;
        in.viral_fragments = r->profile.viral_fragments;
    } else {
        in.pvl = r->depth.copies_per_100, in.pvl_lo = r->depth.ci_lo, in.pvl_hi = r->depth.ci_hi;
        in.viral_fragments = (double)r->depth.viral_fragments;
    }
    in.host_depth = r->depth.host_depth;
    if (r->junction.available && r->junction.n_sites > 0)
        in.jpvl = r->junction.copies_per_100, in.jpvl_lo = r->junction.ci_lo,
        in.jpvl_hi = r->junction.ci_hi;
    /* bases per viral contig from the regions that lie on it alone (1: none of its own) */
    const hp_contigs_t *g = r->ctg;
    for (int i = 0; i < g->n_vc && i < HP_MAX_VCONTIG; i++) {
        int64_t b = 0;
        int own = 0;
        for (int reg = 0; reg < HP_N_REGION; reg++) {
            int elsewhere = 0;
            for (int k = 0; k < g->n_vc; k++)
                elsewhere |= k != i && g->vc[k].n_iv[reg] > 0;
            if (g->vc[i].n_iv[reg] > 0 && !elsewhere) own = 1, b += r->acc->vir_bases[reg];
        }
        reads[i] = own ? b : 1;
        names_c[i] = r->hdr ? sam_hdr_tid2name(r->hdr, g->vc[i].tid) : "?";
    }
    in.n_viral_contigs = g->n_vc < HP_MAX_VCONTIG ? g->n_vc : HP_MAX_VCONTIG;
    in.viral_contig_reads = reads, in.viral_contig_names = names_c;
    return hp_qc_eval(&in, out);
}

unsigned hp_qc_fastq(const hp_fastq_report_t *rep, hp_qc_t *out)
{
    hp_qc_input_t in;
    const hp_fastq_pvl_t *p = rep->pvl;
    hp_qc_input_init(&in);
    in.pvl = p->copies_per_100_cells, in.pvl_lo = p->ci95[0], in.pvl_hi = p->ci95[1];
    in.viral_fragments = p->viral_effective;
    in.fastq = 1, in.genome_size = p->genome_size;
    if (p->gsize.reliable) in.genome_implied = p->gsize.genome_size;
    return hp_qc_eval(&in, out);
}

void hp_qc_write_json(hp_json_t *w, const hp_qc_t *q)
{
    char buf[160];
    hp_qc_flags_str(q->flags, buf, sizeof buf);
    hp_json_begin_obj(w, "qc");
    hp_json_str(w, "flags", buf);
    hp_json_begin_arr(w, "messages");
    for (int i = 0; i < HP_QC_N; i++)
        if (q->flags & (1u << i)) {
            char m[300];
            snprintf(m, sizeof m, "%s: %s", names[i], q->msg[i]);
            hp_json_str(w, NULL, m);
        }
    hp_json_end_arr(w);
    hp_json_end_obj(w);
}

void hp_qc_warn(const char *sample, const hp_qc_t *q)
{
    for (int i = 0; i < HP_QC_N; i++)
        if (q->flags & (1u << i)) hp_warn("%s: QC %s: %s", sample, names[i], q->msg[i]);
}
