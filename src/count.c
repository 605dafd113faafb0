/* count.c -- the options and the result of count's pipelines (count.h); the pipelines are
 * src/count_bam.c and src/count_fastq.c. */
#include "htlvpvl/count.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

void hp_count_opt_init(hp_count_opt_t *o)
{
    memset(o, 0, sizeof *o);
    o->n_threads = 1;
    o->pvl_region = HP_REG_PX;
    o->min_mapq = 1;
    o->window = "provirus";
    o->genome_size = 3.1e9;
    o->min_site = 3;
}

int hp_count_parse_assay(const char *s)
{
    if (strcmp(s, "wgs") == 0) return HP_ASSAY_WGS;
    if (strcmp(s, "lmpcr") == 0) return HP_ASSAY_LMPCR;
    return -1;
}

void hp_count_init(hp_count_t *res, int input)
{
    memset(res, 0, sizeof *res);
    res->input = input;
    res->pvl = res->pvl_ci95[0] = res->pvl_ci95[1] = NAN;
    hp_acc_init(&res->aln.acc);
    hp_sites_init(&res->aln.sites);
    hp_classify_opt_init(&res->aln.copt);
    hp_screen_init(&res->fq.screen);
}

void hp_count_destroy(hp_count_t *res)
{
    if (!res) return;
    hp_sites_destroy(&res->aln.sites);
    hp_acc_destroy(&res->aln.acc);
    hp_dprof_destroy(&res->aln.dprof);
    hp_contigs_destroy(&res->aln.ctg);
    hp_bam_destroy(&res->aln.bam);
    free(res->aln.ploidy);
    free(res->aln.own);
    hp_flank_sites_destroy(&res->fq.sites);
    hp_screen_destroy(&res->fq.screen);
    hp_virus_destroy(&res->fq.virus);
    free(res->sample);
    memset(res, 0, sizeof *res);
}

void hp_count_add_step(hp_count_t *res, const char *step, const char *unit, int64_t n_in,
                       int64_t n_kept, const char *dropped)
{
    if (res->n_attrition >= HP_ATTRITION_MAX) return;
    hp_attrition_t *a = &res->attrition[res->n_attrition++];
    a->step = step, a->unit = unit, a->n_in = n_in, a->n_kept = n_kept, a->dropped = dropped;
}
