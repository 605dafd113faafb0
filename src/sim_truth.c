/* sim_truth.c -- the simulator's truth files: truth.sites.tsv and truth.json. */
#include "htlvpvl/json.h"
#include "htlvpvl/ref.h"
#include "htlvpvl/sim.h"
#include "htlvpvl/version.h"
#include <stdlib.h>
#include <string.h>

typedef struct {
    int tid, id, idx;
    int64_t pos;
} site_key_t;

static int cmp_site(const void *a, const void *b)
{
    const site_key_t *x = a, *y = b;
    if (x->tid != y->tid) return x->tid < y->tid ? -1 : 1;
    if (x->pos != y->pos) return x->pos < y->pos ? -1 : 1;
    return x->id - y->id;
}

/* An absolute path is recorded by its file name only: no absolute paths in outputs. */
static const char *rel_path(const char *p)
{
    if (!p || p[0] != '/') return p;
    const char *s = strrchr(p, '/');
    return s + 1;
}

static double auto_depth(const hp_sim_truth_t *t)
{
    return t->auto_len > 0 ? t->auto_bases / (double)t->auto_len : 0;
}

int hp_sim_write_sites(FILE *fp, const hp_host_t *h, const hp_clones_t *cl, const double *frac0,
                       const hp_sim_truth_t *t)
{
    site_key_t *ord = malloc((size_t)(cl->n ? cl->n : 1) * sizeof *ord);
    if (!ord) return -1;
    for (int i = 0; i < cl->n; i++)
        ord[i] = (site_key_t){cl->c[i].tid, cl->c[i].id, i, cl->c[i].pos};
    qsort(ord, (size_t)cl->n, sizeof *ord, cmp_site);
    const hp_feature_t *px = hp_ref_feature("pX");
    double ad = auto_depth(t), pxlen = px->end - px->start + 1;
    fprintf(fp, "chrom\tpos\tstrand\tcell_fraction\tjunction_fragments\tjunction_fragments_u5"
                "\tjunction_fragments_u3\tsplit_fragments_u5\tsplit_fragments_u3"
                "\tjunction_fragments_del\tviral_fragments\tcell_fraction_depth_px_diagnostic"
                "\tclone_id\tdefective\tccr4\tfold\tbaseline_cell_fraction\tcells_per_100%s\n",
            cl->flank_indels ? "\tflank_indel\tflank_indel_dist" : "");
    for (int k = 0; k < cl->n; k++) {
        int i = ord[k].idx;
        const hp_clone_t *c = &cl->c[i];
        const hp_sim_clone_truth_t *ct = &t->clone[i];
        double real = ad > 0 ? 2.0 * (ct->px_bases / pxlen) / ad : 0;
        fprintf(fp, "%s\t%lld\t%c\t%.6g\t%lld\t%lld\t%lld\t%lld\t%lld\t%lld\t%lld\t%.6g\t%d\t%s\t",
                h->ctg[c->tid].name, (long long)c->pos, c->strand, ct->cell_fraction,
                (long long)(ct->junction_u5 + ct->junction_u3), (long long)ct->junction_u5,
                (long long)ct->junction_u3, (long long)ct->split_u5, (long long)ct->split_u3,
                (long long)ct->junction_del, (long long)ct->viral_fragments, real, c->id,
                hp_defective_name(c->defective));
        if (c->ccr4 < 0)
            fputs("NA", fp);
        else
            fputc(c->ccr4 ? '1' : '0', fp);
        fprintf(fp, "\t%.6g\t%.6g\t%.6g", frac0[i] > 0 ? ct->cell_fraction / frac0[i] : 1.0,
                frac0[i], 100.0 * ct->cell_fraction);
        /* host indel: POS:-K (bases POS.. deleted) or POS:+SEQ (inserted after POS) */
        if (cl->flank_indels && c->indel_len < 0)
            fprintf(fp, "\t%lld:%d\t%d", (long long)c->indel_pos, c->indel_len, c->indel_dist);
        else if (cl->flank_indels && c->indel_len > 0)
            fprintf(fp, "\t%lld:+%s\t%d", (long long)c->indel_pos, c->indel_seq, c->indel_dist);
        else if (cl->flank_indels)
            fputs("\tnone\tNA", fp);
        fputc('\n', fp);
    }
    free(ord);
    return ferror(fp) ? -1 : 0;
}

int hp_sim_write_json(FILE *fp, const hp_host_t *h, const hp_clones_t *cl, const hp_sim_truth_t *t,
                      const hp_sim_meta_t *m)
{
    const hp_sim_opt_t *o = m->opt;
    const hp_feature_t *px = hp_ref_feature("pX");
    double pxlen = px->end - px->start + 1, ad = auto_depth(t);
    hp_json_t w;
    hp_json_init(&w, fp);
    hp_json_begin_obj(&w, NULL);
    hp_json_str(&w, "generator", "htlvpvl simulate " HTLVPVL_VERSION);
    hp_json_int(&w, "seed", (int64_t)m->seed);
    hp_json_int(&w, "timepoint", m->tp_index);
    hp_json_int(&w, "n_timepoints", m->n_tp);
    hp_json_str(&w, "timepoint_label", m->tp_label);
    /* the truth: proviruses (defective included) per 100 cells of the sample the reads were
     * drawn from; the depth ratios below are diagnostics of the draw, not the truth */
    hp_json_num(&w, "pvl_cells", t->pvl_cells);
    hp_json_num(&w, "pvl_nominal", t->pvl_nominal);
    hp_json_num(&w, "pvl_depth_px_diagnostic", t->pvl_realised);
    hp_json_num(&w, "pvl_depth_internal_diagnostic", t->pvl_realised_internal);
    hp_json_num(&w, "pvl_nominal_baseline", m->pvl_baseline);
    hp_json_str(&w, "pvl_depth_diagnostic_formula",
                "200 * (provirus read bases on pX / 1630) / (host read bases on autosomes / "
                "autosomal length); unique fragments only (duplicates excluded), both mates");
    hp_json_begin_obj(&w, "counts");
    hp_json_int(&w, "fragments", t->n_fragments);
    hp_json_int(&w, "reads", 2 * t->n_fragments);
    hp_json_int(&w, "duplicates", t->n_duplicates);
    hp_json_int(&w, "unique_fragments", t->n_fragments - t->n_duplicates);
    hp_json_int(&w, "viral_fragments", t->n_viral);
    hp_json_int(&w, "host_fragments", t->n_host);
    hp_json_int(&w, "host_autosomal_fragments", t->n_host_autosomal);
    hp_json_int(&w, "host_chrX_fragments", t->n_host_x);
    hp_json_int(&w, "host_chrM_fragments", t->n_host_mt);
    hp_json_int(&w, "junction_fragments", t->n_junction);
    hp_json_end_obj(&w);
    hp_json_begin_obj(&w, "depth");
    hp_json_num(&w, "autosomal", ad);
    hp_json_num(&w, "chrX", t->x_len > 0 ? t->x_bases / (double)t->x_len : 0);
    hp_json_num(&w, "chrM", t->mt_len > 0 ? t->mt_bases / (double)t->mt_len : 0);
    hp_json_num(&w, "pX", t->px_bases / pxlen);
    hp_json_num(&w, "gag", t->gag_bases / 1291.0);
    hp_json_num(&w, "internal", t->internal_bases / HP_INTERNAL_LEN);
    hp_json_num(&w, "autosomal_bases", t->auto_bases);
    hp_json_int(&w, "autosomal_length", t->auto_len);
    hp_json_num(&w, "pX_bases", t->px_bases);
    hp_json_int(&w, "pX_start", px->start);
    hp_json_int(&w, "pX_end", px->end);
    hp_json_num(&w, "viral_bases", t->viral_bases);
    hp_json_num(&w, "host_bases", t->host_bases);
    hp_json_end_obj(&w);
    hp_json_begin_obj(&w, "parameters");
    hp_json_str(&w, "host", m->host ? rel_path(m->host) : "built-in");
    if (!m->host) {
        hp_json_int(&w, "host_size", m->host_size);
        hp_json_int(&w, "host_seed", (int64_t)m->host_seed);
        if (m->host_gc_hi > 0) {
            hp_json_num(&w, "host_gc_lo", m->host_gc_lo);
            hp_json_num(&w, "host_gc_hi", m->host_gc_hi);
        }
    }
    hp_json_num(&w, "mt_copies", m->mt_copies);
    hp_json_str(&w, "layout", m->layout);
    hp_json_num(&w, "depth", o->depth);
    hp_json_int(&w, "read_length", o->read_length);
    hp_json_num(&w, "fragment_mean", o->fraglen->mean);
    hp_json_num(&w, "fragment_sd", o->fraglen->sd);
    hp_json_int(&w, "fragment_min", o->fraglen->lo);
    hp_json_int(&w, "fragment_max", o->fraglen->hi);
    hp_json_num(&w, "error_rate", o->error_rate);
    hp_json_num(&w, "dup_rate", o->dup_rate);
    hp_json_str(&w, "clones", rel_path(m->clones));
    hp_json_str(&w, "clone_dist", rel_path(m->clone_dist));
    if (!m->clones) hp_json_int(&w, "n_clones_drawn", m->n_clones_drawn);
    hp_json_int(&w, "n_clones", cl->n);
    /* options of later versions: only when set, so that older outputs stay byte-identical */
    if (o->gc_bias != 0) hp_json_num(&w, "gc_bias", o->gc_bias);
    if (m->defective_type1 > 0) hp_json_num(&w, "defective_type1", m->defective_type1);
    if (m->defective_type2 > 0) hp_json_num(&w, "defective_type2", m->defective_type2);
    if (m->divergence_set && o->strain) {
        const hp_strain_t *st = o->strain;
        hp_json_num(&w, "divergence", st->divergence);
        hp_json_num(&w, "ltr_factor", st->ltr_factor);
        hp_json_int(&w, "strain_length", st->virus.len);
        hp_json_int(&w, "strain_substitutions", st->n_sub);
        hp_json_int(&w, "strain_insertions", st->n_ins);
        hp_json_int(&w, "strain_deletions", st->n_del);
    }
    hp_json_end_obj(&w);
    hp_json_begin_arr(&w, "contigs");
    for (int i = 0; i < h->n; i++) {
        static const char *kn[] = {[HP_CTG_AUTOSOME] = "autosome", [HP_CTG_X] = "X",
                                   [HP_CTG_Y] = "Y", [HP_CTG_MT] = "MT",
                                   [HP_CTG_HOST_OTHER] = "other", [HP_CTG_VIRUS] = "other"};
        hp_json_begin_obj(&w, NULL);
        hp_json_str(&w, "name", h->ctg[i].name);
        hp_json_int(&w, "length", h->ctg[i].len);
        hp_json_str(&w, "kind", kn[h->ctg[i].kind]);
        hp_json_num(&w, "copies", h->ctg[i].copies);
        hp_json_end_obj(&w);
    }
    hp_json_end_arr(&w);
    if (h->segdup_len > 0) {
        hp_json_begin_obj(&w, "host_features");
        hp_json_int(&w, "repeat_length", h->rep_len);
        hp_json_int(&w, "repeat_copies", h->n_rep);
        hp_json_str(&w, "segdup_source_chrom", h->ctg[h->segdup_src_tid].name);
        hp_json_int(&w, "segdup_source_start", h->segdup_src);
        hp_json_str(&w, "segdup_copy_chrom", h->ctg[h->segdup_dst_tid].name);
        hp_json_int(&w, "segdup_copy_start", h->segdup_dst);
        hp_json_int(&w, "segdup_length", h->segdup_len);
        hp_json_end_obj(&w);
    }
    hp_json_begin_arr(&w, "clones_by_id");
    for (int i = 0; i < cl->n; i++) {
        const hp_clone_t *c = &cl->c[i];
        const hp_sim_clone_truth_t *ct = &t->clone[i];
        hp_json_begin_obj(&w, NULL);
        hp_json_int(&w, "clone_id", c->id);
        hp_json_str(&w, "chrom", h->ctg[c->tid].name);
        hp_json_int(&w, "pos", c->pos);
        char st[2] = {c->strand, 0};
        hp_json_str(&w, "strand", st);
        hp_json_num(&w, "cell_fraction", ct->cell_fraction);
        hp_json_num(&w, "cells_per_100", 100.0 * ct->cell_fraction);
        hp_json_num(&w, "cell_fraction_depth_px_diagnostic",
                    ad > 0 ? 2.0 * (ct->px_bases / pxlen) / ad : 0);
        hp_json_int(&w, "junction_fragments_u5", ct->junction_u5);
        hp_json_int(&w, "junction_fragments_u3", ct->junction_u3);
        hp_json_str(&w, "defective", hp_defective_name(c->defective));
        hp_json_end_obj(&w);
    }
    hp_json_end_arr(&w);
    hp_json_end_obj(&w);
    return hp_json_finish(&w);
}
