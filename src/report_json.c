/* report_json.c -- PREFIX.summary.json. */
#include "htlvpvl/json.h"
#include "htlvpvl/ltr_match.h"
#include "htlvpvl/qc.h"
#include "htlvpvl/report.h"
#include "htlvpvl/stats.h"
#include "htlvpvl/version.h"
#include <math.h>

static void ci(hp_json_t *w, double lo, double hi) { hp_json_pair(w, "ci95", lo, hi); }

/* The Poisson count whose log-scale CI is as wide as [lo, hi]: 1 / se^2, se = log(hi / lo) /
 * 3.92 (for a change between samples, e.g. compare); NaN when lo is 0. */
static double eff_count(double lo, double hi)
{
    double se = hp_log_ci_se(lo, hi);
    return 1 / (se * se); /* NaN stays NaN */
}

static void range(hp_json_t *w, const char *key, int beg, int end)
{
    if (beg <= 0) {
        hp_json_null(w, key);
        return;
    }
    hp_json_begin_arr(w, key);
    hp_json_int(w, NULL, beg);
    hp_json_int(w, NULL, end);
    hp_json_end_arr(w);
}

void hp_report_json_profile_defects(hp_json_t *w, const hp_pvl_profile_t *p)
{
    hp_json_num(w, "intact_fraction", p->intact_fraction);
    hp_json_begin_arr(w, "intact_fraction_ci95");
    hp_json_num(w, NULL, p->intact_lo);
    hp_json_num(w, NULL, p->intact_hi);
    hp_json_end_arr(w);
    hp_json_begin_obj(w, "defects");
    hp_json_num(w, "lr_defective", p->lr_defective);
    hp_json_num(w, "lr_threshold", HP_PROFILE_LR_MIN);
    hp_json_num(w, "type2_fraction", p->type2_fraction);
    range(w, "type2_deleted", p->type2_end > 0 ? 1 : 0, p->type2_end);
    hp_json_num(w, "type1_fraction", p->type1_fraction);
    range(w, "type1_deleted", p->type1_beg, p->type1_end);
    hp_json_end_obj(w);
    hp_json_begin_obj(w, "overdispersion");
    hp_json_num(w, "pearson_chi2", p->pearson_chi2);
    hp_json_int(w, "df", p->df);
    hp_json_num(w, "dispersion", p->dispersion);
    hp_json_end_obj(w);
}

/* pvl.depth: the profile estimator (pvl.h) */
void hp_report_json_profile_bin(hp_json_t *w, const hp_pvl_profile_t *p, int b)
{
    int beg, end;
    hp_dprof_bin_range(b, &beg, &end);
    hp_json_str(w, "segment", b < HP_DP_N_LTR_BIN ? "LTR" : "internal");
    hp_json_int(w, "start", beg);
    hp_json_int(w, "end", end);
    hp_json_num(w, "fragments", p->bin_obs[b]);
    hp_json_num(w, "fitted", p->bin_fit[b]);
    hp_json_num(w, "expected_all_intact", p->bin_intact[b]);
}

static void profile_json(hp_json_t *w, const hp_pvl_profile_t *p, const hp_pvl_depth_t *d)
{
    hp_json_begin_obj(w, "depth");
    hp_json_num(w, "copies_per_100_cells", p->copies_per_100);
    ci(w, p->ci_lo, p->ci_hi);
    hp_json_str(w, "estimator", "profile");
    hp_json_num(w, "viral_fragments", p->viral_fragments);
    hp_json_num(w, "effective_fragments", eff_count(p->ci_lo, p->ci_hi));
    hp_json_str(w, "viral_region", "provirus");
    hp_json_num(w, "viral_depth", d->host_depth * p->copies_per_100 / 200.0);
    hp_json_num(w, "host_depth", d->host_depth);
    hp_json_begin_arr(w, "information_limit_ci95");
    hp_json_num(w, NULL, p->info_lo);
    hp_json_num(w, NULL, p->info_hi);
    hp_json_end_arr(w);
    double wl = p->info_hi - p->info_lo;
    hp_json_num(w, "ci_width_over_information_limit", wl > 0 ? (p->ci_hi - p->ci_lo) / wl : NAN);
    hp_json_str(w, "model", p->model);
    hp_json_bool(w, "model_uncertain", p->model_uncertain);
    hp_report_json_profile_defects(w, p);
    hp_json_begin_obj(w, "host");
    hp_json_num(w, "fragments", p->host_fragments);
    hp_json_num(w, "fragments_per_kb_per_copy", p->host_fragments_per_kb);
    hp_json_num(w, "rate_relative_variance", p->host_rel_var);
    hp_json_int(w, "window_length", p->window_len);
    hp_json_int(w, "windows", p->n_win);
    hp_json_int(w, "windows_used", p->n_win_used);
    hp_json_int(w, "windows_uncovered", p->n_win_uncovered);
    hp_json_int(w, "windows_low_mapq", p->n_win_lowmq);
    hp_json_int(w, "windows_contig_end", p->n_win_edge);
    hp_json_int(w, "windows_high", p->n_win_high);
    hp_json_num(w, "read_gc", p->gc_host);
    hp_json_num(w, "viral_read_gc", p->gc_viral);
    hp_json_num(w, "gc_bandwidth", p->gc_bandwidth);
    hp_json_end_obj(w);
    hp_json_begin_arr(w, "profile");
    for (int b = 0; b < HP_DP_NBIN; b++) {
        hp_json_begin_obj(w, NULL);
        hp_report_json_profile_bin(w, p, b);
        hp_json_num(w, "read_gc", p->bin_gc[b]);
        hp_json_end_obj(w);
    }
    hp_json_end_arr(w);
    hp_json_end_obj(w);
}

int hp_report_summary_json(FILE *fp, const hp_count_result_t *r)
{
    hp_json_t w;
    const hp_acc_t *a = r->acc;
    hp_json_init(&w, fp);
    hp_json_begin_obj(&w, NULL);
    hp_json_str(&w, "htlvpvl_version", HTLVPVL_VERSION);
    hp_json_str(&w, "sample", r->sample);
    hp_json_str(&w, "input", r->input);
    hp_json_str(&w, "region", r->region);

    hp_json_begin_obj(&w, "reference");
    hp_json_str(&w, "layout", r->ctg->layout);
    hp_json_begin_arr(&w, "virus_contigs");
    for (int i = 0; i < r->ctg->n_vc; i++)
        hp_json_str(&w, NULL, sam_hdr_tid2name(r->hdr, r->ctg->vc[i].tid));
    hp_json_end_arr(&w);
    hp_json_int(&w, "host_autosomal_length", r->host_len);
    hp_json_str(&w, "host_length_source",
                r->region                         ? "region"
                : r->ctg->autosome_len_from_fasta ? "fasta_acgt"
                                                  : "header");
    if (r->ploidy_x) hp_json_int(&w, "chrX_copies_per_cell", r->ploidy_x);
    else hp_json_null(&w, "chrX_copies_per_cell");
    hp_json_end_obj(&w);

    hp_json_begin_obj(&w, "reads");
    hp_json_int(&w, "records", a->records);
    hp_json_int(&w, "total", a->reads_total);
    hp_json_int(&w, "duplicates", a->reads_dup);
    hp_json_int(&w, "duplicates_unmarked_in_input", a->dup_marked);
    hp_json_str(&w, "duplicate_rule", a->dup_detection ? "flag_and_outer_coordinates" : "flag");
    hp_json_int(&w, "secondary", a->reads_secondary);
    hp_json_int(&w, "supplementary", a->reads_supplementary);
    hp_json_int(&w, "secondary_split", r->secondary_split);
    hp_json_int(&w, "unmapped", a->reads_unmapped);
    hp_json_int(&w, "qc_fail", a->reads_qcfail);
    hp_json_int(&w, "viral", a->reads_viral);
    hp_json_int(&w, "host_autosomal", a->reads_host_autosomal);
    hp_json_end_obj(&w);

    hp_json_begin_obj(&w, "fragments");
    hp_json_int(&w, "total", a->frag_total);
    hp_json_int(&w, "duplicates", a->frag_dup);
    hp_json_int(&w, "viral", a->frag_viral);
    hp_json_int(&w, "host_autosomal", a->frag_host_autosomal);
    hp_json_int(&w, "insert_median", r->ins_median);
    hp_json_int(&w, "insert_p99", r->ins_p99);
    hp_json_end_obj(&w);

    const hp_pvl_depth_t *d = &r->depth;
    hp_json_begin_obj(&w, "depth");
    hp_json_num(&w, "host_autosomal", d->host_depth);
    hp_json_begin_obj(&w, "viral");
    for (int g = 0; g < HP_N_REGION; g++)
        hp_json_num(&w, hp_region_names[g], d->region_depth[g]);
    hp_json_end_obj(&w);
    hp_json_begin_obj(&w, "viral_fragments");
    for (int g = 0; g < HP_N_REGION; g++)
        hp_json_int(&w, hp_region_names[g], a->frag_region[g]);
    hp_json_end_obj(&w);
    hp_json_num(&w, "gag_pol_to_pX", d->gagpol_to_px);
    for (int k = 0; k < 2; k++) {
        hp_json_begin_obj(&w, k == 0 ? "gag_to_pX" : "pol_to_pX");
        hp_json_num(&w, "ratio", d->to_px[k]);
        ci(&w, d->to_px_lo[k], d->to_px_hi[k]);
        hp_json_end_obj(&w);
    }
    hp_json_bool(&w, "defective_suspected", d->defective);
    hp_json_end_obj(&w);

    hp_json_begin_obj(&w, "pvl");
    hp_json_begin_obj(&w, "headline");
    const hp_pvl_headline_t *hl = &r->headline;
    hp_json_num(&w, "copies_per_100_cells", hl->copies_per_100);
    ci(&w, hl->ci_lo, hl->ci_hi);
    hp_json_str(&w, "estimator", hl->estimator);
    hp_json_str(&w, "flag", hl->flag);
    hp_json_num(&w, "agreement_z", hl->z);
    hp_json_num(&w, "effective_fragments", eff_count(hl->ci_lo, hl->ci_hi));
    hp_json_end_obj(&w);
    profile_json(&w, &r->profile, d);
    hp_json_begin_obj(&w, "depth_px_diagnostic");
    hp_json_num(&w, "copies_per_100_cells", d->copies_per_100);
    ci(&w, d->ci_lo, d->ci_hi);
    hp_json_int(&w, "viral_fragments", d->viral_fragments);
    hp_json_str(&w, "viral_region", hp_region_names[d->region]);
    hp_json_num(&w, "viral_depth", d->viral_depth);
    hp_json_num(&w, "host_depth", d->host_depth);
    hp_json_end_obj(&w);
    const hp_pvl_junction_t *j = &r->junction;
    hp_json_begin_obj(&w, "junction");
    hp_json_num(&w, "copies_per_100_cells", j->copies_per_100);
    ci(&w, j->ci_lo, j->ci_hi);
    hp_json_int(&w, "junction_fragments", j->junction_fragments);
    hp_json_int(&w, "wild_type_fragments", j->wild_fragments);
    hp_json_int(&w, "sites", j->n_sites);
    hp_json_str(&w, "w_source", j->w_source);
    hp_json_num(&w, "effective_fragments", j->effective_fragments);
    hp_json_str(&w, "ci_method", "compound_poisson_over_sites");
    hp_json_num(&w, "crossing_depth", j->crossing_depth);
    hp_json_end_obj(&w);
    hp_json_end_obj(&w);

    int exact = 0, frags = 0;
    for (int i = 0; i < r->sites->n; i++)
        exact += r->sites->site[i].exact, frags += r->sites->site[i].n_frag;
    hp_json_begin_obj(&w, "sites");
    hp_json_int(&w, "count", r->sites->n);
    hp_json_int(&w, "exact", exact);
    hp_json_int(&w, "estimated", r->sites->n - exact);
    hp_json_int(&w, "fragments", frags);
    hp_json_end_obj(&w);

    hp_json_begin_obj(&w, "clonality");
    hp_json_int(&w, "sites", r->clon.n_sites);
    hp_json_num(&w, "oci", r->clon.oci);
    hp_json_num(&w, "shannon", r->clon.shannon);
    hp_json_num(&w, "simpson", r->clon.simpson);
    hp_json_num(&w, "largest_clone_fraction", r->clon.largest_clone_fraction);
    hp_json_num(&w, "chao1", r->clon.chao1);
    hp_json_end_obj(&w);
    hp_qc_t qc;
    hp_qc_count(r, &qc);
    hp_qc_write_json(&w, &qc);
    hp_attrition_write_json(&w, "attrition", r->attrition, r->n_attrition);
    hp_json_end_obj(&w);
    return hp_json_finish(&w);
}
