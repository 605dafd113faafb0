/* report_json.c -- PREFIX.summary.json. */
#include "htlvpvl/json.h"
#include "htlvpvl/ltr_match.h"
#include "htlvpvl/report.h"
#include "htlvpvl/version.h"
#include <math.h>

static void ci(hp_json_t *w, double lo, double hi)
{
    hp_json_begin_arr(w, "ci95");
    hp_json_num(w, NULL, lo);
    hp_json_num(w, NULL, hi);
    hp_json_end_arr(w);
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
    hp_json_begin_obj(&w, "depth");
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
    hp_json_end_obj(&w);
    return hp_json_finish(&w);
}
