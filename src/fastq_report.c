/* fastq_report.c -- summary.json, sites.tsv and flanks.fa for FASTQ input. */
#include "htlvpvl/fastq_report.h"
#include "htlvpvl/report.h"
#include "htlvpvl/tsv.h"
#include "htlvpvl/json.h"
#include "htlvpvl/qc.h"
#include "htlvpvl/version.h"
#include <math.h>
#include <string.h>

static int count_big_sites(const hp_fastq_report_t *rep)
{
    int n = 0;
    for (int i = 0; i < rep->sites->n; i++)
        n += rep->sites->site[i].fragments >= rep->min_site_fragments;
    return n;
}

/* TSV number: %.6g, NA for a missing value (no host fragments) */
static void tsv_num(FILE *fp, double x) { hp_tsv_num(fp, "\t%.6g", x); }

int hp_fastq_write_summary_tsv(FILE *fp, const hp_fastq_report_t *rep)
{
    const hp_fastq_pvl_t *p = rep->pvl;
    fputs("sample\tinput_format\tpvl_reads\tpvl_reads_ci_low\tpvl_reads_ci_high"
          "\tviral_fragments\tfragments_total\tfragments_viral\tfragments_junction"
          "\tsites\tsites_min_fragments\tpvl.headline.copies_per_100_cells"
          "\tpvl.headline.ci95_low\tpvl.headline.ci95_high\tpvl.headline.estimator\tqc\n", fp);
    fprintf(fp, "%s\tfastq", rep->sample);
    tsv_num(fp, p->copies_per_100_cells);
    tsv_num(fp, p->ci95[0]);
    tsv_num(fp, p->ci95[1]);
    fprintf(fp, "\t%lld\t%lld\t%lld\t%lld\t%d\t%d", (long long)p->viral_fragments,
            (long long)rep->acc->n_fragments, (long long)rep->acc->n_viral,
            (long long)rep->acc->n_junction, rep->sites->n, count_big_sites(rep));
    tsv_num(fp, p->copies_per_100_cells);
    tsv_num(fp, p->ci95[0]);
    tsv_num(fp, p->ci95[1]);
    fputs("\treads", fp);
    hp_qc_t qc;
    char qs[160];
    hp_qc_flags_str(hp_qc_fastq(rep, &qc), qs, sizeof qs);
    fprintf(fp, "\t%s\n", qs);
    return ferror(fp) ? -1 : 0;
}

int hp_fastq_write_mqc(FILE *fp, const hp_fastq_report_t *rep)
{
    fputs("# id: 'htlvpvl_fastq'\n"
          "# section_name: 'HTLV-1 proviral load (FASTQ)'\n"
          "# description: 'htlvpvl count on FASTQ: proviral load from viral reads (copies per "
          "100 cells) and LTR-host junction flank clusters'\n"
          "# plot_type: 'generalstats'\n"
          "# pconfig:\n"
          "#     pvl_reads:\n"
          "#         title: 'PVL (reads)'\n"
          "#         description: 'HTLV-1 copies per 100 cells from k-mer-matched viral reads'\n"
          "#         format: '{:,.2f}'\n"
          "#     flank_sites:\n"
          "#         title: 'Flank sites'\n"
          "#         description: 'junction flank clusters with at least the minimum fragments'\n"
          "#         format: '{:,.0f}'\n"
          "#     qc:\n"
          "#         title: 'PVL QC'\n"
          "#         description: 'htlvpvl plausibility and QC flags (ok when none)'\n"
          "#         cond_formatting_rules:\n"
          "#             pass: [{s_eq: 'ok'}]\n"
          "#             fail: [{s_ne: 'ok'}]\n"
          "Sample\tpvl_reads\tflank_sites\tqc\n", fp);
    fputs(rep->sample, fp);
    tsv_num(fp, rep->pvl->copies_per_100_cells);
    hp_qc_t qc;
    char qs[160];
    hp_qc_flags_str(hp_qc_fastq(rep, &qc), qs, sizeof qs);
    fprintf(fp, "\t%d\t%s\n", count_big_sites(rep), qs);
    return ferror(fp) ? -1 : 0;
}

const char *hp_fastq_headline_flag(const hp_fastq_pvl_t *p)
{
    double gr = p->genome_size / p->gsize.genome_size;
    if (p->gsize.reliable && isfinite(gr) &&
        (gr > HP_QC_GENOME_RATIO || gr < 1 / HP_QC_GENOME_RATIO))
        return "genome_size_mismatch: the reads imply another genome size";
    if (p->copies_per_100_cells > HP_FASTQ_PVL_CEILING)
        return "pvl_implausible: above 300 copies per 100 cells";
    return NULL;
}

/* pvl.reads.profile: the profile model (pvl.h) on the reads, GC-matched by host k-mers */
static void profile_json(hp_json_t *w, const hp_fastq_pvl_t *f)
{
    const hp_pvl_profile_t *p = &f->prof;
    const hp_gc_strata_t *g = &f->gc;
    hp_json_begin_obj(w, "profile");
    hp_json_num(w, "copies_per_100_cells", f->copies_per_100_cells);
    hp_json_begin_arr(w, "ci95");
    hp_json_num(w, NULL, f->ci95[0]);
    hp_json_num(w, NULL, f->ci95[1]);
    hp_json_end_arr(w);
    hp_json_str(w, "estimate", "chosen_model");
    hp_json_num(w, "defective_posterior", p->defective_posterior);
    hp_json_num(w, "viral_fragments", p->viral_fragments);
    hp_json_begin_arr(w, "information_limit_ci95");
    hp_json_num(w, NULL, p->info_lo);
    hp_json_num(w, NULL, p->info_hi);
    hp_json_end_arr(w);
    hp_json_str(w, "model", p->model);
    hp_json_bool(w, "model_uncertain", p->model_uncertain);
    hp_json_begin_obj(w, "models");
    static const char *const mname[4] = {"intact", "defective", "chosen", "averaged"};
    const double mv[4][3] = {{p->intact_copies, p->intact_ci[0], p->intact_ci[1]},
                             {p->defective_copies, p->defective_ci[0], p->defective_ci[1]},
                             {p->copies_per_100, p->ci_lo, p->ci_hi},
                             {p->averaged_copies, p->averaged_ci[0], p->averaged_ci[1]}};
    for (int d = 0; d < 4; d++) {
        hp_json_begin_obj(w, mname[d]);
        hp_json_num(w, "copies_per_100_cells", mv[d][0]);
        hp_json_begin_arr(w, "ci95");
        hp_json_num(w, NULL, mv[d][1]);
        hp_json_num(w, NULL, mv[d][2]);
        hp_json_end_arr(w);
        hp_json_end_obj(w);
    }
    hp_json_end_obj(w);
    hp_report_json_profile_defects(w, p);
    hp_json_begin_obj(w, "host");
    hp_json_num(w, "fragments", p->host_fragments);
    hp_json_num(w, "rate_relative_variance", p->host_rel_var);
    hp_json_num(w, "fragment_gc", p->gc_host);
    hp_json_num(w, "viral_fragment_gc", p->gc_viral);
    hp_json_num(w, "gc_bandwidth", p->gc_bandwidth);
    hp_json_int(w, "kmer", HP_HKMER_K);
    hp_json_int(w, "kmers_sampled", g->kmers);
    hp_json_int(w, "kmers_used", g->kmers_used);
    hp_json_int(w, "kmers_error", g->kmers_error);
    hp_json_int(w, "kmers_repeat", g->kmers_repeat);
    hp_json_num(w, "kmer_median_multiplicity", g->median_m);
    hp_json_num(w, "kmer_mean_depth", g->mean_depth);
    hp_json_num(w, "kmer_depth_log_slope_gc", g->log_slope);
    hp_json_num(w, "kmer_strata_dispersion", g->dispersion);
    hp_json_begin_arr(w, "gc_strata");
    for (int i = 0; i < g->n; i++) {
        hp_json_begin_obj(w, NULL);
        hp_json_num(w, "gc", g->w[i].g);
        hp_json_num(w, "depth", g->w[i].l > 0 ? g->w[i].h / g->w[i].l : 0);
        hp_json_num(w, "weight", g->w[i].h);
        hp_json_end_obj(w);
    }
    hp_json_end_arr(w);
    hp_json_end_obj(w);
    hp_json_begin_arr(w, "bins");
    for (int b = 0; b < HP_DP_NBIN; b++) {
        hp_json_begin_obj(w, NULL);
        hp_report_json_profile_bin(w, p, b);
        hp_json_num(w, "fragment_gc", p->bin_gc[b]);
        hp_json_num(w, "host_depth_gc_factor", f->bin_gc_factor[b]);
        hp_json_end_obj(w);
    }
    hp_json_end_arr(w);
    hp_json_end_obj(w);
}

int hp_fastq_write_summary(FILE *fp, const hp_fastq_report_t *rep)
{
    const hp_screen_t *a = rep->acc;
    const hp_screen_opt_t *o = rep->opt;
    const hp_fastq_pvl_t *p = rep->pvl;
    const hp_virus_t *v = rep->virus;
    hp_json_t w;
    hp_json_init(&w, fp);
    hp_json_begin_obj(&w, NULL);
    hp_json_str(&w, "sample", rep->sample);
    hp_json_str(&w, "htlvpvl_version", HTLVPVL_VERSION);
    hp_json_begin_obj(&w, "input");
    hp_json_str(&w, "format", "fastq");
    hp_json_begin_arr(&w, "files");
    for (int i = 0; i < 2; i++)
        if (rep->files[i]) hp_json_str(&w, NULL, rep->files[i]);
    hp_json_end_arr(&w);
    hp_json_begin_arr(&w, "compression");
    for (int i = 0; i < 2; i++)
        if (rep->files[i]) hp_json_str(&w, NULL, rep->compression[i]);
    hp_json_end_arr(&w);
    hp_json_bool(&w, "paired", rep->paired);
    hp_json_bool(&w, "interleaved", rep->interleaved);
    hp_json_int(&w, "reads", a->n_reads);
    hp_json_int(&w, "bases", a->n_bases);
    hp_json_end_obj(&w);

    hp_json_begin_obj(&w, "virus");
    hp_json_str(&w, "name", v->name);
    hp_json_bool(&w, "builtin", rep->builtin_virus);
    hp_json_int(&w, "length", v->len);
    hp_json_int(&w, "ltr_length", v->ltr_len);
    hp_json_begin_arr(&w, "px");
    hp_json_int(&w, NULL, v->reg_beg[HP_REG_PX]);
    hp_json_int(&w, NULL, v->reg_end[HP_REG_PX]);
    hp_json_end_arr(&w);
    hp_json_end_obj(&w);

    hp_json_begin_obj(&w, "fragments");
    hp_json_int(&w, "total", a->n_fragments);
    hp_json_int(&w, "low_quality", a->n_low_qual);
    hp_json_int(&w, "host", (int64_t)p->host_fragments);
    hp_json_int(&w, "viral", a->n_viral);
    hp_json_begin_obj(&w, "viral_by_region");
    for (int r = 0; r < HP_N_REGIONS; r++)
        hp_json_int(&w, hp_virus_region_names[r], a->n_viral_region[r]);
    hp_json_end_obj(&w);
    hp_json_int(&w, "junction", a->n_junction);
    hp_json_int(&w, "junction_u5", a->n_junction_end[HP_FLANK_U5]);
    hp_json_int(&w, "junction_u3", a->n_junction_end[HP_FLANK_U3]);
    hp_json_end_obj(&w);

    hp_json_begin_obj(&w, "pvl");
    /* without alignments the read-based estimate is the only one: it is the headline */
    hp_json_begin_obj(&w, "headline");
    hp_json_num(&w, "copies_per_100_cells", p->copies_per_100_cells);
    hp_json_begin_arr(&w, "ci95");
    hp_json_num(&w, NULL, p->ci95[0]);
    hp_json_num(&w, NULL, p->ci95[1]);
    hp_json_end_arr(&w);
    hp_json_str(&w, "estimator", "reads");
    const char *flag = hp_fastq_headline_flag(p);
    if (flag)
        hp_json_str(&w, "flag", flag);
    else
        hp_json_null(&w, "flag");
    hp_json_end_obj(&w);
    hp_json_begin_obj(&w, "reads");
    hp_json_num(&w, "copies_per_100_cells", p->copies_per_100_cells);
    hp_json_begin_arr(&w, "ci95");
    hp_json_num(&w, NULL, p->ci95[0]);
    hp_json_num(&w, NULL, p->ci95[1]);
    hp_json_end_arr(&w);
    hp_json_int(&w, "viral_fragments", p->viral_fragments);
    hp_json_int(&w, "viral_duplicates", p->viral_duplicates);
    hp_json_int(&w, "window_bases", p->window_bases);
    hp_json_num(&w, "viral_effective_fragments", p->viral_effective);
    int prof = p->estimator && strcmp(p->estimator, "profile") == 0;
    int prov = prof || (p->estimator && strcmp(p->estimator, "provirus") == 0);
    hp_json_str(&w, "window", prof ? "provirus" : p->estimator ? p->estimator : rep->window);
    hp_json_begin_arr(&w, "window_coords");
    hp_json_int(&w, NULL, prov ? 1 : o->win_beg);
    hp_json_int(&w, NULL, prov ? v->len : o->win_end);
    hp_json_end_arr(&w);
    hp_json_int(&w, "window_bp", p->window_bp);
    hp_json_num(&w, "host_fragments", p->host_fragments);
    hp_json_int(&w, "host_bases", p->host_bases);
    hp_json_num(&w, "host_unique_fraction", p->host_unique_fraction);
    hp_json_int(&w, "host_sampled", p->host_sampled);
    hp_json_int(&w, "host_sampled_distinct", p->host_sampled_distinct);
    hp_json_num(&w, "host_effective_fragments", p->host_effective);
    hp_json_num(&w, "genome_size", p->genome_size);
    hp_json_begin_obj(&w, "genome_size_implied");
    hp_json_num(&w, "bp", p->gsize.reliable ? p->gsize.genome_size : NAN);
    hp_json_bool(&w, "reliable", p->gsize.reliable);
    hp_json_num(&w, "estimate_bp", p->gsize.genome_size);
    hp_json_num(&w, "ratio_to_genome_size",
                p->gsize.reliable ? p->genome_size / p->gsize.genome_size : NAN);
    hp_json_num(&w, "kmer_depth", p->gsize.kmer_depth);
    hp_json_num(&w, "base_depth", p->gsize.base_depth);
    hp_json_num(&w, "kmer_sampling_rate", p->gsize.sampling_rate);
    hp_json_num(&w, "nonerror_share", p->gsize.nonerror_share);
    hp_json_int(&w, "kmers_sampled", p->gsize.kmers);
    hp_json_int(&w, "kmers_used", p->gsize.kmers_used);
    hp_json_int(&w, "kmers_min", HP_GSIZE_MIN_KMERS);
    hp_json_end_obj(&w);
    hp_json_int(&w, "anchor_fragments", p->anchor_fragments);
    hp_json_num(&w, "anchor_copies_per_100_cells", p->anchor_copies_per_100_cells);
    if (p->estimator) { /* whole-provirus mode: both estimates and the deletion check */
        hp_json_str(&w, "estimator", p->estimator);
        if (p->prof.available) profile_json(&w, p);
        hp_json_begin_obj(&w, "provirus");
        hp_json_num(&w, "copies_per_100_cells", p->prov_copies);
        hp_json_begin_arr(&w, "ci95");
        hp_json_num(&w, NULL, p->prov_ci95[0]);
        hp_json_num(&w, NULL, p->prov_ci95[1]);
        hp_json_end_arr(&w);
        hp_json_int(&w, "viral_fragments", p->prov_fragments);
        hp_json_int(&w, "bases", p->prov_bases);
        hp_json_num(&w, "effective_fragments", p->prov_effective);
        hp_json_int(&w, "window_bp", p->prov_bp);
        hp_json_int(&w, "ltr_margin", HP_SCREEN_LTR_MARGIN);
        hp_json_end_obj(&w);
        hp_json_begin_obj(&w, "px");
        hp_json_num(&w, "copies_per_100_cells", p->px_copies);
        hp_json_begin_arr(&w, "ci95");
        hp_json_num(&w, NULL, p->px_ci95[0]);
        hp_json_num(&w, NULL, p->px_ci95[1]);
        hp_json_end_arr(&w);
        hp_json_int(&w, "viral_fragments", p->px_fragments);
        hp_json_int(&w, "bases", p->px_bases);
        hp_json_num(&w, "effective_fragments", p->px_effective);
        hp_json_begin_arr(&w, "window_coords");
        hp_json_int(&w, NULL, o->win_beg);
        hp_json_int(&w, NULL, o->win_end);
        hp_json_end_arr(&w);
        hp_json_end_obj(&w);
        hp_json_begin_obj(&w, "deletion_check");
        hp_json_num(&w, "rest_to_px_depth", p->rest_px_ratio);
        hp_json_begin_arr(&w, "ci95");
        hp_json_num(&w, NULL, p->rest_px_ci95[0]);
        hp_json_num(&w, NULL, p->rest_px_ci95[1]);
        hp_json_end_arr(&w);
        hp_json_num(&w, "z", p->rest_px_z);
        hp_json_bool(&w, "defective_suspected", p->defective_suspected);
        hp_json_end_obj(&w);
    }
    hp_json_end_obj(&w);
    hp_json_end_obj(&w);

    int64_t n_big = count_big_sites(rep), n_frag = 0;
    for (int i = 0; i < rep->sites->n; i++) n_frag += rep->sites->site[i].fragments;
    hp_json_begin_obj(&w, "sites");
    hp_json_int(&w, "count", rep->sites->n);
    hp_json_int(&w, "min_fragments", rep->min_site_fragments);
    hp_json_int(&w, "count_min_fragments", n_big);
    hp_json_int(&w, "junction_fragments", n_frag);
    hp_json_end_obj(&w);

    hp_json_begin_obj(&w, "params");
    hp_json_int(&w, "min_qual", o->min_qual);
    hp_json_bool(&w, "keep_duplicates", o->keep_dups);
    hp_json_int(&w, "kmer", HP_KMER_K);
    hp_json_int(&w, "min_viral_bases", HP_SCREEN_MIN_VIRAL);
    hp_json_int(&w, "flank_key", HP_FLANK_KEY);
    hp_json_end_obj(&w);
    hp_qc_t qc;
    hp_qc_fastq(rep, &qc);
    hp_qc_write_json(&w, &qc);
    hp_attrition_write_json(&w, "attrition", rep->attrition, rep->n_attrition);
    hp_json_end_obj(&w);
    return hp_json_finish(&w);
}

int hp_fastq_write_sites(FILE *fp, const hp_flank_sites_t *s)
{
    int64_t total = 0;
    for (int i = 0; i < s->n; i++)
        total += s->site[i].fragments;
    if (fprintf(fp, "flank\tltr_end\tfragments\treads\tfraction\tsite\n") < 0) return -1;
    for (int i = 0; i < s->n; i++) {
        const hp_flank_site_t *x = &s->site[i];
        if (fprintf(fp, "%s\t%s\t%lld\t%lld\t%.6g\tsite_%d\n", x->flank,
                    hp_flank_end_names[x->ltr_end], (long long)x->fragments, (long long)x->reads,
                    total ? (double)x->fragments / (double)total : 0.0, i + 1) < 0)
            return -1;
    }
    return 0;
}

int hp_fastq_write_flanks(FILE *fp, const hp_flank_sites_t *s)
{
    for (int i = 0; i < s->n; i++) {
        const hp_flank_site_t *x = &s->site[i];
        if (fprintf(fp, ">site_%d ltr_end=%s fragments=%lld reads=%lld\n%s\n", i + 1,
                    hp_flank_end_names[x->ltr_end], (long long)x->fragments, (long long)x->reads,
                    x->flank) < 0)
            return -1;
    }
    return 0;
}
