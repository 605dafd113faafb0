/* sites.c -- cluster junction evidence into integration sites. */
#include "htlvpvl/sites.h"
#include "htlvpvl/ltr_match.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

void hp_insert_stats(const int64_t *hist, int n_bins, int *median, int *p99)
{
    int64_t tot = 0, acc = 0;
    for (int i = 0; i < n_bins; i++)
        tot += hist[i];
    *median = *p99 = 0;
    if (tot == 0) return;
    int got_med = 0;
    for (int i = 0; i < n_bins; i++) {
        acc += hist[i];
        if (!got_med && 2 * acc >= tot) *median = i, got_med = 1;
        if (100 * acc >= 99 * tot) {
            *p99 = i;
            break;
        }
    }
}

void hp_cluster_opt_init(hp_cluster_opt_t *o, int ins_median, int ins_p99)
{
    o->window = 3;
    o->ins_median = ins_median > 0 ? ins_median : 400;
    o->max_frag = ins_p99 > 0 ? ins_p99 + ins_p99 / 4 : 1000;
    if (o->max_frag < o->ins_median) o->max_frag = o->ins_median;
}

void hp_sites_init(hp_sites_t *s)
{
    memset(s, 0, sizeof *s);
}

void hp_sites_destroy(hp_sites_t *s)
{
    if (!s) return;
    for (int i = 0; i < s->n; i++)
        free(s->site[i].frags);
    free(s->site);
    memset(s, 0, sizeof *s);
}

int hp_site_has_frag(const hp_site_t *s, uint64_t h)
{
    int lo = 0, hi = s->n_frags;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (s->frags[mid] < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->n_frags && s->frags[lo] == h;
}

static hp_site_t *new_site(hp_sites_t *s)
{
    if (s->n == s->m) {
        int m = s->m ? 2 * s->m : 64;
        hp_site_t *p = realloc(s->site, (size_t)m * sizeof *p);
        if (!p) return NULL;
        s->site = p, s->m = m;
    }
    hp_site_t *x = &s->site[s->n++];
    memset(x, 0, sizeof *x);
    x->n_wild = -1;
    x->cell_fraction = NAN;
    return x;
}

/* Junction host base range of a discordant pair and its estimate. */
static void disc_range(const hp_evidence_t *e, const hp_cluster_opt_t *o, int64_t *lo,
                       int64_t *hi, int64_t *est)
{
    int host_max = o->max_frag - e->vdist, host_typ = o->ins_median - e->vdist;
    if (e->side == HP_SIDE_RIGHT) {
        *lo = e->hend - 5;
        *hi = e->hbeg + (host_max > 0 ? host_max : 0);
        *est = e->hbeg + host_typ - 1;
        if (*est < e->hend) *est = e->hend;
    } else {
        *lo = e->hend - (host_max > 0 ? host_max : 0);
        *hi = e->hbeg + 5;
        *est = e->hend - host_typ + 1;
        if (*est > e->hbeg) *est = e->hbeg;
    }
    if (*hi < *lo) *hi = *lo;
}

/* Split and clip evidence of an LTR end fixes a position; pairs and deleted ends do not. */
#define NOT_EXACT(e) ((e).type == HP_EV_DISC || (e).end == HP_END_DEL)
/* Exact evidence that makes and joins sites (placements only help place them). */
#define NOT_SEED(e) (NOT_EXACT(e) || (e).type == HP_EV_PLACE)

/* Evidence of the deleted end of a 5' LTR-deleted provirus: marked so by the classifier, or a
 * pair whose mate sits too deep in the provirus for a U3 junction. */
static int is_del(const hp_evidence_t *e, const hp_cluster_opt_t *o)
{
    if (e->end == HP_END_DEL) return 1;
    return e->type == HP_EV_DISC && e->end == HP_END_U3 &&
           e->vdist + (e->hend - e->hbeg + 1) > o->max_frag;
}

/* The exact site (of the first n_exact, sorted by tid, strand, pos) on e's contig and strand
 * with pos in [lo, hi] nearest to want; -1 if none. */
static int find_exact(const hp_sites_t *out, int n_exact, const hp_evidence_t *e, int64_t lo,
                      int64_t hi, int64_t want)
{
    int l = 0, h = n_exact, best = -1;
    int64_t best_d = 0;
    while (l < h) {
        int mid = (l + h) / 2;
        const hp_site_t *x = &out->site[mid];
        int before = x->tid != e->tid ? x->tid < e->tid
                     : x->strand != e->strand ? x->strand < e->strand : x->pos < lo;
        if (before) l = mid + 1;
        else h = mid;
    }
    for (int s = l; s < n_exact; s++) {
        const hp_site_t *x = &out->site[s];
        if (x->tid != e->tid || x->strand != e->strand || x->pos > hi) break;
        int64_t d = llabs(x->pos - want);
        if (best < 0 || d < best_d) best = s, best_d = d;
    }
    return best;
}

typedef struct {
    int site;
    uint32_t ev;
} member_t;

static int cmp_member(const void *pa, const void *pb)
{
    const member_t *a = pa, *b = pb;
    if (a->site != b->site) return a->site < b->site ? -1 : 1;
    return a->ev < b->ev ? -1 : a->ev > b->ev;
}

typedef struct {
    uint64_t frag, dupkey;
    uint8_t type, ends;
} fragrec_t;

static int cmp_frag(const void *pa, const void *pb)
{
    const fragrec_t *a = pa, *b = pb;
    if (a->frag != b->frag) return a->frag < b->frag ? -1 : 1;
    return 0;
}

static int cmp_dup(const void *pa, const void *pb)
{
    const fragrec_t *a = pa, *b = pb;
    if (a->dupkey != b->dupkey) return a->dupkey < b->dupkey ? -1 : 1;
    return a->frag < b->frag ? -1 : a->frag > b->frag;
}

typedef struct {
    int32_t tid;
    int64_t pos;
    int64_t lo, hi; /* site positions the pair can reach (fragment <= max_frag) */
    uint8_t strand;
    uint32_t ev;
} est_t;

static int cmp_est(const void *pa, const void *pb)
{
    const est_t *a = pa, *b = pb;
    if (a->tid != b->tid) return a->tid < b->tid ? -1 : 1;
    if (a->strand != b->strand) return a->strand < b->strand ? -1 : 1;
    if (a->pos != b->pos) return a->pos < b->pos ? -1 : 1;
    return a->ev < b->ev ? -1 : a->ev > b->ev;
}

static int cmp_i64(const void *pa, const void *pb)
{
    int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
    return a < b ? -1 : a > b;
}

static int cmp_site(const void *pa, const void *pb)
{
    const hp_site_t *a = pa, *b = pb;
    if (a->tid != b->tid) return a->tid < b->tid ? -1 : 1;
    if (a->pos != b->pos) return a->pos < b->pos ? -1 : 1;
    return a->strand < b->strand ? -1 : a->strand > b->strand;
}

static int cmp_u64(const void *pa, const void *pb)
{
    uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
    return a < b ? -1 : a > b;
}

/* How far from its pos a record still fits (dir -1: below, 1: above): the farthest offset
 * whose penalty is under the cap; 0 for a record without an alignment behind it. */
static int ev_reach(const hp_evidence_t *e, int dir)
{
    if (!e->alt) return 0;
    for (int o = 4; o > 0; o--)
        if (hp_ev_penalty(e, dir * o) < HP_EV_PEN_MAX) return dir * o;
    return 0;
}

/* The position that the exact evidence among ev[first, last) fits best: the sum over records
 * of the score each loses there (hp_ev_penalty; HP_EV_PEN_MAX or HP_EV_PEN_DEFAULT beyond +-4)
 * is least, the lowest position on ties, among the records' own span. Records are sorted by
 * position. 0 or -1 (memory). */
static int best_position(const hp_evidence_t *ev, size_t first, size_t last, int64_t *best)
{
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (size_t a = first; a < last; a++) {
        if (NOT_SEED(ev[a])) continue;
        if (ev[a].pos < lo) lo = ev[a].pos;
        if (ev[a].pos > hi) hi = ev[a].pos;
    }
    int64_t base = lo - 4, nb = hi - lo + 9;
    int64_t *bonus = calloc((size_t)nb, sizeof *bonus); /* sum of (cap - penalty): most is best */
    /* a read placed by its viral record (HP_EV_PLACE) is counted by its host record: that
     * record, without the bases next to the junction, does not place it a second time */
    size_t n_pl = 0;
    uint64_t *pl = malloc((last - first) * sizeof *pl);
    if (!bonus || !pl) {
        free(bonus), free(pl);
        return -1;
    }
    for (size_t a = first; a < last; a++)
        if (ev[a].type == HP_EV_PLACE && !NOT_EXACT(ev[a])) pl[n_pl++] = ev[a].frag;
    qsort(pl, n_pl, sizeof *pl, cmp_u64);
    for (size_t a = first; a < last; a++) {
        /* placements within the records' reach count too */
        if (NOT_EXACT(ev[a]) || ev[a].pos < base || ev[a].pos >= base + nb) continue;
        if (ev[a].type != HP_EV_PLACE && n_pl &&
            bsearch(&ev[a].frag, pl, n_pl, sizeof *pl, cmp_u64))
            continue;
        int cap = ev[a].alt ? HP_EV_PEN_MAX : HP_EV_PEN_DEFAULT;
        for (int o = -4; o <= 4; o++) {
            int64_t x = ev[a].pos + o - base;
            if (x >= 0 && x < nb) bonus[x] += cap - hp_ev_penalty(&ev[a], o);
        }
    }
    /* within the records' own span: clusters stay apart and in order */
    int64_t b = 4;
    for (int64_t x = 5; x + 4 < nb; x++)
        if (bonus[x] > bonus[b]) b = x;
    *best = base + b;
    free(bonus), free(pl);
    return 0;
}

/* Stage 1: exact evidence (split, clip), single-linkage clusters per (tid, strand), each an
 * exact site at the position its records fit best. Sets site_of of every record (-1: not
 * exact, or a placement only). 0 or -1 (memory). */
static int sites_exact(hp_sites_t *out, const hp_evidence_t *ev, size_t n_ev,
                       const hp_cluster_opt_t *o, int *site_of)
{
    size_t i = 0;
    while (i < n_ev) {
        if (NOT_SEED(ev[i])) {
            site_of[i++] = -1;
            continue;
        }
        size_t j = i + 1;
        while (j < n_ev && (NOT_SEED(ev[j]) ||
                            (ev[j].tid == ev[i].tid && ev[j].strand == ev[i].strand)))
            j++;
        /* [i, j) share tid and strand (sorted by tid, strand, pos) */
        size_t k = i;
        while (k < j) {
            if (NOT_SEED(ev[k])) {
                site_of[k++] = -1;
                continue;
            }
            hp_site_t *s = new_site(out);
            if (!s) return -1;
            int sid = out->n - 1;
            s->tid = ev[k].tid, s->strand = ev[k].strand, s->exact = 1;
            /* a record reaches the positions its alignment leaves open (ev_reach) */
            int64_t last = ev[k].pos + ev_reach(&ev[k], 1);
            size_t first = k;
            site_of[k++] = sid;
            while (k < j && (NOT_SEED(ev[k]) ||
                             ev[k].pos + ev_reach(&ev[k], -1) - last <= o->window)) {
                if (!NOT_SEED(ev[k])) {
                    int64_t reach = ev[k].pos + ev_reach(&ev[k], 1);
                    if (reach > last) last = reach;
                    site_of[k] = sid;
                } else {
                    site_of[k] = -1;
                }
                k++;
            }
            /* position: the one the evidence fits best (least summed hp_ev_penalty; without
             * gapped alignments, the one most records support), lowest on ties */
            /* placements just before the first record take part too */
            size_t from = first;
            while (from > i && ev[from - 1].type == HP_EV_PLACE && !NOT_EXACT(ev[from - 1]) &&
                   ev[first].pos - ev[from - 1].pos <= 4)
                from--;
            int64_t best;
            if (best_position(ev, from, k, &best) < 0) return -1;
            s->pos = s->pos_lo = s->pos_hi = best;
        }
        i = j;
    }
    return 0;
}

/* Stage 2: discordant pairs and deleted ends onto the nearest of the first n_exact (exact)
 * sites that they can reach; pairs that reach none go to est[0, *n_est) with their estimated
 * position and range. */
static void sites_pairs(const hp_sites_t *out, int n_exact, const hp_evidence_t *ev, size_t n_ev,
                        const hp_cluster_opt_t *o, int *site_of, est_t *est, size_t *n_est)
{
    size_t n = 0;
    for (size_t i = 0; i < n_ev; i++) {
        if (!NOT_EXACT(ev[i])) continue;
        int del = is_del(&ev[i], o);
        if (del && ev[i].type != HP_EV_DISC) {
            /* deleted end seen by a split read: joins the exact site at its position */
            site_of[i] = find_exact(out, n_exact, &ev[i], ev[i].pos - o->window,
                                    ev[i].pos + o->window, ev[i].pos);
            continue;
        }
        if (del) {
            /* deleted end seen by a pair: joins an exact site within a fragment of the host
             * read, never makes a site of its own */
            int64_t lo, hi;
            if (ev[i].side == HP_SIDE_RIGHT) lo = ev[i].hend - 5, hi = ev[i].hbeg + o->max_frag;
            else lo = ev[i].hend - o->max_frag, hi = ev[i].hbeg + 5;
            int64_t off = hp_site_pos(0, ev[i].side, HP_END_U3);
            site_of[i] = find_exact(out, n_exact, &ev[i], lo + off, hi + off,
                                    (lo + hi) / 2 + off);
            continue;
        }
        /* the viral part plus the host read must fit in a fragment */
        if (ev[i].vdist + (ev[i].hend - ev[i].hbeg + 1) > o->max_frag) {
            site_of[i] = -1;
            continue;
        }
        int64_t lo, hi, e;
        disc_range(&ev[i], o, &lo, &hi, &e);
        int best = -1;
        int64_t best_d = 0;
        /* exact sites are sorted by (tid, strand, pos): start at the first that can reach */
        int64_t off = hp_junction_base(0, ev[i].side, ev[i].strand), first_pos = lo - off;
        int l = 0, h = n_exact;
        while (l < h) {
            int mid = (l + h) / 2;
            const hp_site_t *x = &out->site[mid];
            int before = x->tid != ev[i].tid         ? x->tid < ev[i].tid
                         : x->strand != ev[i].strand ? x->strand < ev[i].strand
                                                     : x->pos < first_pos;
            if (before)
                l = mid + 1;
            else
                h = mid;
        }
        for (int s = l; s < n_exact; s++) {
            const hp_site_t *x = &out->site[s];
            if (x->tid != ev[i].tid || x->strand != ev[i].strand) break;
            int64_t jb = hp_junction_base(x->pos, ev[i].side, x->strand);
            if (jb > hi) break;
            if (jb < lo) continue;
            int64_t d = llabs(jb - e);
            if (best < 0 || d < best_d) best = s, best_d = d;
        }
        site_of[i] = best;
        if (best < 0) {
            est[n].tid = ev[i].tid, est[n].strand = ev[i].strand;
            est[n].pos = hp_site_pos(e, ev[i].side, ev[i].end);
            int64_t plo = hp_site_pos(lo, ev[i].side, ev[i].end);
            int64_t phi = hp_site_pos(hi, ev[i].side, ev[i].end);
            est[n].lo = plo < phi ? plo : phi, est[n].hi = plo < phi ? phi : plo;
            est[n].ev = (uint32_t)i;
            n++;
        }
    }

    *n_est = n;
}

/* Stage 3: the pairs left over, clustered by estimated position (window: the insert-size
 * spread) into pair-only sites with the interval their pairs allow. 0 or -1 (memory). */
static int sites_estimated(hp_sites_t *out, est_t *est, size_t n_est, const hp_cluster_opt_t *o,
                           int *site_of)
{
    qsort(est, n_est, sizeof *est, cmp_est);
    int ewin = o->max_frag - o->ins_median;
    if (ewin < 50) ewin = 50;
    int64_t *pos_buf = malloc((n_est ? n_est : 1) * sizeof *pos_buf);
    if (!pos_buf) return -1;
    for (size_t a = 0; a < n_est;) {
        size_t b = a + 1;
        while (b < n_est && est[b].tid == est[a].tid && est[b].strand == est[a].strand &&
               est[b].pos - est[b - 1].pos <= ewin)
            b++;
        hp_site_t *s = new_site(out);
        if (!s) {
            free(pos_buf);
            return -1;
        }
        s->tid = est[a].tid, s->strand = est[a].strand, s->exact = 0;
        /* interval: where every member pair can reach (their ranges' intersection), or their
         * hull when they disagree; always holding the estimate */
        int64_t ilo = est[a].lo, ihi = est[a].hi, ulo = est[a].lo, uhi = est[a].hi;
        for (size_t c = a; c < b; c++) {
            pos_buf[c - a] = est[c].pos, site_of[est[c].ev] = out->n - 1;
            if (est[c].lo > ilo) ilo = est[c].lo;
            if (est[c].hi < ihi) ihi = est[c].hi;
            if (est[c].lo < ulo) ulo = est[c].lo;
            if (est[c].hi > uhi) uhi = est[c].hi;
        }
        qsort(pos_buf, b - a, sizeof *pos_buf, cmp_i64);
        s->pos = pos_buf[(b - a - 1) / 2];
        s->pos_lo = ilo <= ihi ? ilo : ulo, s->pos_hi = ilo <= ihi ? ihi : uhi;
        if (s->pos < s->pos_lo) s->pos_lo = s->pos;
        if (s->pos > s->pos_hi) s->pos_hi = s->pos;
        a = b;
    }

    free(pos_buf);
    return 0;
}

/* Stage 4: each site's fragments: records of one read once, then fragments with the same
 * outer coordinates (duplicates) once; counts by junction end and best evidence. 0 or -1. */
static int sites_count(hp_sites_t *out, const hp_evidence_t *ev, size_t n_ev,
                       const hp_cluster_opt_t *o, const int *site_of)
{
    int ret = -1;
    size_t n_mem = 0;
    member_t *mem = malloc((n_ev ? n_ev : 1) * sizeof *mem);
    fragrec_t *fr = malloc((n_ev ? n_ev : 1) * sizeof *fr);
    if (!mem || !fr) goto out;
    for (size_t i = 0; i < n_ev; i++)
        if (site_of[i] >= 0) mem[n_mem].site = site_of[i], mem[n_mem].ev = (uint32_t)i, n_mem++;
    qsort(mem, n_mem, sizeof *mem, cmp_member);
    for (size_t a = 0; a < n_mem;) {
        size_t b = a;
        while (b < n_mem && mem[b].site == mem[a].site)
            b++;
        hp_site_t *s = &out->site[mem[a].site];
        size_t nf = 0;
        for (size_t c = a; c < b; c++) {
            const hp_evidence_t *e = &ev[mem[c].ev];
            fr[nf].frag = e->frag, fr[nf].dupkey = e->dupkey, fr[nf].type = e->type;
            fr[nf].ends = is_del(e, o)           ? HP_ENDS_DEL
                          : e->end == HP_END_U5 ? HP_ENDS_U5
                                                : HP_ENDS_U3;
            nf++;
        }
        qsort(fr, nf, sizeof *fr, cmp_frag);
        /* collapse records of one fragment */
        size_t nu = 0;
        for (size_t c = 0; c < nf; c++) {
            if (nu && fr[nu - 1].frag == fr[c].frag) {
                fragrec_t *u = &fr[nu - 1];
                if (fr[c].type < u->type) u->type = fr[c].type;
                if (fr[c].dupkey > u->dupkey) u->dupkey = fr[c].dupkey;
                u->ends |= fr[c].ends;
            } else {
                fr[nu++] = fr[c];
            }
        }
        s->frags = malloc(nu * sizeof *s->frags);
        if (!s->frags) goto out;
        for (size_t c = 0; c < nu; c++)
            s->frags[c] = fr[c].frag;
        s->n_frags = (int)nu;
        /* collapse fragments with the same outer coordinates */
        qsort(fr, nu, sizeof *fr, cmp_dup);
        for (size_t c = 0; c < nu;) {
            size_t d = c + 1;
            uint8_t type = fr[c].type, ends = fr[c].ends;
            while (d < nu && fr[d].dupkey == fr[c].dupkey) {
                if (fr[d].type < type) type = fr[d].type;
                ends |= fr[d].ends;
                d++;
            }
            s->n_frag++;
            s->n_u5 += (ends & HP_ENDS_U5) != 0;
            s->n_u3 += (ends & HP_ENDS_U3) != 0;
            s->n_del += (ends & HP_ENDS_DEL) != 0;
            s->ends |= ends;
            if (type == HP_EV_SPLIT)
                s->n_split++;
            else if (type == HP_EV_CLIP)
                s->n_clip++;
            else
                s->n_disc++;
            c = d;
        }
        a = b;
    }
    ret = 0;
out:
    free(mem);
    free(fr);
    return ret;
}

int hp_sites_build(hp_sites_t *out, const hp_evidence_t *ev, size_t n_ev, const hp_cluster_opt_t *o)
{
    int ret = -1;
    int *site_of = malloc((n_ev ? n_ev : 1) * sizeof *site_of);
    est_t *est = malloc((n_ev ? n_ev : 1) * sizeof *est);
    size_t n_est = 0;
    if (!site_of || !est) goto out;
    if (sites_exact(out, ev, n_ev, o, site_of) < 0) goto out;
    sites_pairs(out, out->n, ev, n_ev, o, site_of, est, &n_est);
    if (sites_estimated(out, est, n_est, o, site_of) < 0) goto out;
    if (sites_count(out, ev, n_ev, o, site_of) < 0) goto out;
    /* drop sites left without fragments (cannot happen, but keep the invariant) */
    int w = 0;
    for (int s = 0; s < out->n; s++) {
        if (out->site[s].n_frag > 0)
            out->site[w++] = out->site[s];
        else
            free(out->site[s].frags);
    }
    out->n = w;
    if (out->n > 1) qsort(out->site, (size_t)out->n, sizeof *out->site, cmp_site);
    ret = 0;
out:
    free(site_of);
    free(est);
    return ret;
}

void hp_sites_keep_range(hp_sites_t *s, int tid, int64_t beg, int64_t end)
{
    int w = 0;
    for (int i = 0; i < s->n; i++) {
        hp_site_t *x = &s->site[i];
        if (x->tid == tid && x->pos - 1 >= beg && x->pos - 1 < end)
            s->site[w++] = *x;
        else
            free(x->frags);
    }
    s->n = w;
}
