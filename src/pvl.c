/* pvl.c -- depth-ratio and junction-fraction proviral load. */
#include <math.h>
#include "htlvpvl/pvl.h"
#include "htlvpvl/stats.h"

void hp_pvl_depth(const hp_acc_t *acc, const hp_contigs_t *ctg, int64_t host_len, int region,
                  hp_pvl_depth_t *out)
{
    out->region = region;
    out->host_depth = host_len > 0 ? (double)acc->host_bases / (double)host_len : 0;
    for (int r = 0; r < HP_N_REGION; r++)
        out->region_depth[r] = (double)acc->vir_bases[r] / (double)ctg->region_len[r];
    out->viral_depth = out->region_depth[region];
    out->viral_fragments = acc->frag_region[region];
    double px = out->region_depth[HP_REG_PX];
    double gp = (double)(acc->vir_bases[HP_REG_GAG] + acc->vir_bases[HP_REG_POL]) /
                (double)(ctg->region_len[HP_REG_GAG] + ctg->region_len[HP_REG_POL]);
    out->gagpol_to_px = px > 0 ? gp / px : NAN;
    /* "well below": under 60 % of pX with enough pX fragments that chance cannot explain it */
    out->defective = acc->frag_region[HP_REG_PX] >= 30 && out->gagpol_to_px < 0.6;
    out->available = out->host_depth > 0;
    if (!out->available) {
        out->copies_per_100 = out->ci_lo = out->ci_hi = NAN;
        return;
    }
    double k = (double)out->viral_fragments, lo, hi;
    hp_poisson_ci(k, &lo, &hi);
    out->copies_per_100 = 200.0 * out->viral_depth / out->host_depth;
    if (k > 0) {
        out->ci_lo = out->copies_per_100 * lo / k;
        out->ci_hi = out->copies_per_100 * hi / k;
    } else {
        /* no viral fragment: the upper limit of hi fragments of the host's bases each */
        double bpf = acc->frag_host_autosomal > 0
                         ? (double)acc->host_bases / (double)acc->frag_host_autosomal : 0;
        out->ci_lo = 0;
        out->ci_hi = 200.0 * hi * bpf / (double)ctg->region_len[region] / out->host_depth;
    }
}

double hp_crossing_depth(const hp_acc_t *acc, int64_t host_len, int width)
{
    if (host_len <= 0) return 0;
    double s = 0;
    for (int i = width; i <= HP_INS_MAX; i++) s += (double)acc->ins_hist[i] * (i - width + 1);
    for (int i = width; i <= HP_RLEN_MAX; i++) s += (double)acc->span_hist[i] * (i - width + 1);
    return s / (double)host_len;
}

void hp_pvl_junction(hp_sites_t *sites, double crossing_depth, int have_index,
                     hp_pvl_junction_t *out)
{
    out->w_source = have_index ? "index" : "genome_mean";
    out->crossing_depth = crossing_depth;
    out->copies_per_100 = 0;
    out->junction_fragments = 0, out->wild_fragments = 0, out->n_sites = 0;
    out->available = have_index || crossing_depth > 0;
    for (int i = 0; i < sites->n; i++) {
        hp_site_t *s = &sites->site[i];
        /* J per junction side: the mean of both sides, or the one side seen when the other
         * is missing although this one has enough fragments (5' LTR-deleted provirus) */
        double j = 0.5 * (s->n_u5 + s->n_u3);
        if ((s->n_u5 == 0 && s->n_u3 >= 5) || (s->n_u3 == 0 && s->n_u5 >= 5))
            j = s->n_u5 + s->n_u3;
        s->n_junction = j;
        double w = s->n_wild >= 0 ? (double)s->n_wild : crossing_depth - j;
        if (w < 0) w = 0;
        if (s->n_wild < 0 && crossing_depth <= 0) {
            s->cell_fraction = NAN;
            continue;
        }
        double c = j + w > 0 ? 2 * j / (j + w) : NAN;
        if (c > 1) c = 1;
        s->cell_fraction = c;
        if (!isnan(c)) {
            out->copies_per_100 += 100 * c;
            out->n_sites++;
        }
        out->junction_fragments += s->n_u5 + s->n_u3;
        out->wild_fragments += s->n_wild >= 0 ? s->n_wild : (int64_t)llround(w);
    }
    if (!out->available) {
        out->copies_per_100 = out->ci_lo = out->ci_hi = NAN;
        return;
    }
    /* the estimate scales with the junction-fragment count: its Poisson CI, scaled */
    double k = (double)out->junction_fragments, lo, hi;
    hp_poisson_ci(k, &lo, &hi);
    if (k > 0) {
        out->ci_lo = out->copies_per_100 * lo / k;
        out->ci_hi = out->copies_per_100 * hi / k;
    } else {
        double d = crossing_depth > 0 ? crossing_depth : 1;
        out->ci_lo = 0;
        out->ci_hi = 100 * 2 * hi / d;
    }
}
