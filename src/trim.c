/* trim.c -- LTR-end search, run-on and read-through checks, UMI extraction, flank clustering
 * for LM-PCR read pairs (see include/htlvpvl/trim.h). */
#include "htlvpvl/trim.h"
#include "htlvpvl/ref.h"
#include "htlvpvl/seq.h"
#include "htlvpvl/umi.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_LTR_END_LEN 20

static const char *status_names[HP_TRIM_N_STATUS] = {"kept", "no_ltr_end", "provirus_run_on",
                                                      "too_short"};

const char *hp_trim_status_name(hp_trim_status_t s)
{
    return s >= 0 && s < HP_TRIM_N_STATUS ? status_names[s] : "?";
}

static int base_code(int c)
{
    switch (c) {
    case 'A': case 'a': return 0;
    case 'C': case 'c': return 1;
    case 'G': case 'g': return 2;
    case 'T': case 't': return 3;
    default: return -1;
    }
}

int hp_readstruct_parse(hp_readstruct_t *rs, const char *s)
{
    memset(rs, 0, sizeof *rs);
    int have_t = 0;
    const char *p = s;
    while (*p) {
        if (rs->n_seg == HP_RS_MAX_SEG) return -1;
        int len;
        if (*p == '+') {
            len = -1, p++;
        } else {
            if (!isdigit((unsigned char)*p)) return -1;
            char *e;
            long v = strtol(p, &e, 10);
            if (v < 1 || v > 10000) return -1;
            len = (int)v, p = e;
        }
        char ty = (char)toupper((unsigned char)*p);
        if (ty != 'T' && ty != 'M' && ty != 'S' && ty != 'B') return -1;
        p++;
        if (len < 0 && *p) return -1; /* '+' only on the last segment */
        rs->len[rs->n_seg] = len, rs->type[rs->n_seg] = ty;
        rs->n_seg++;
        if (len > 0) rs->fixed += len;
        if (ty == 'T') have_t = 1;
    }
    return rs->n_seg > 0 && have_t ? 0 : -1;
}

int hp_trim_set_ltr_end(hp_trim_t *t, const char *seq)
{
    int n = (int)strlen(seq);
    if (n < 8 || n > HP_TRIM_MAX_PATTERN) return -1;
    for (int i = 0; i < n; i++)
        if (base_code(seq[i]) < 0) return -1;
    memset(t->peq, 0, sizeof t->peq);
    for (int i = 0; i < n; i++) {
        t->ltr_end[i] = (char)toupper((unsigned char)seq[i]);
        t->peq[base_code(seq[i])] |= 1ULL << i;
    }
    t->ltr_end[n] = 0;
    t->ltr_len = n;
    return 0;
}

static const char comp_tab[256] = {
    ['A'] = 'T', ['C'] = 'G', ['G'] = 'C', ['T'] = 'A', ['N'] = 'N',
    ['a'] = 'T', ['c'] = 'G', ['g'] = 'C', ['t'] = 'A', ['n'] = 'N'};

static void free_run_on(hp_trim_t *t)
{
    for (int i = 0; i < t->n_run_on; i++)
        free(t->run_on[i]);
    free(t->run_on);
    t->run_on = NULL, t->n_run_on = 0;
}

static int add_run_on(hp_trim_t *t, const char *seq, int64_t len)
{
    for (int64_t i = 0; i + t->ltr_len <= len; i++) {
        int64_t j = 0;
        while (j < t->ltr_len && toupper((unsigned char)seq[i + j]) == t->ltr_end[j])
            j++;
        if (j < t->ltr_len) continue;
        int64_t b = i + t->ltr_len, n = len - b;
        if (n > t->run_on_len) n = t->run_on_len;
        if (n < 10) continue;
        char **r = realloc(t->run_on, (t->n_run_on + 1) * sizeof *r);
        if (!r) return -3;
        t->run_on = r;
        if (!(r[t->n_run_on] = malloc(n + 1))) return -3;
        for (int64_t k = 0; k < n; k++)
            r[t->n_run_on][k] = (char)toupper((unsigned char)seq[b + k]);
        r[t->n_run_on++][n] = 0;
    }
    return 0;
}

int hp_trim_set_virus(hp_trim_t *t, const char *seq, int64_t len)
{
    free_run_on(t);
    char *rc = malloc(len + 1);
    if (!rc || add_run_on(t, seq, len) < 0) {
        free(rc);
        return -3;
    }
    /* the reverse strand too: a U3-end design reads out of the LTRs the other way */
    for (int64_t i = 0; i < len; i++)
        rc[i] = comp_tab[(unsigned char)seq[len - 1 - i]];
    rc[len] = 0;
    int r = add_run_on(t, rc, len);
    free(rc);
    return r < 0 ? r : t->n_run_on;
}

int hp_trim_init(hp_trim_t *t)
{
    memset(t, 0, sizeof *t);
    t->max_err = 2;
    t->run_on_len = 16;
    t->run_on_maxmm = 2;
    t->min_len = 20;
    t->overlap_k = 12;
    char end[DEFAULT_LTR_END_LEN + 1];
    memcpy(end, hp_htlv1_seq + HP_LTR_LEN - DEFAULT_LTR_END_LEN, DEFAULT_LTR_END_LEN);
    end[DEFAULT_LTR_END_LEN] = 0;
    if (hp_trim_set_ltr_end(t, end) < 0) return -3;
    return hp_trim_set_virus(t, hp_htlv1_seq, hp_htlv1_len) < 0 ? -3 : 0;
}

void hp_trim_destroy(hp_trim_t *t)
{
    if (!t) return;
    free_run_on(t);
}

int hp_trim_find_ltr(const hp_trim_t *t, const char *seq, int len, int *edits)
{
    /* Myers 1999, semi-global: score[j] = edits of the pattern against the best substring of
     * seq ending at j (a free start in the text: no carry into the first row) */
    int m = t->ltr_len;
    uint64_t pv = m == 64 ? ~0ULL : (1ULL << m) - 1, mv = 0, hib = 1ULL << (m - 1);
    int score = m, best = t->max_err + 1, best_j = -1;
    int stop = t->max_offset > 0 && t->max_offset < len ? t->max_offset : len;
    for (int j = 0; j < stop; j++) {
        int c = base_code(seq[j]);
        uint64_t eq = c < 0 ? 0 : t->peq[c];
        uint64_t xv = eq | mv;
        uint64_t xh = (((eq & pv) + pv) ^ pv) | eq;
        uint64_t ph = mv | ~(xh | pv);
        uint64_t mh = pv & xh;
        if (ph & hib) score++;
        else if (mh & hib) score--;
        ph <<= 1, mh <<= 1;
        pv = mh | ~(xv | ph);
        mv = ph & xv;
        if (score < best) best = score, best_j = j;
    }
    if (best_j < 0) return -1;
    *edits = best;
    return best_j + 1;
}

static int hamming_le(const char *a, const char *b, int n, int max)
{
    int d = 0;
    for (int i = 0; i < n; i++)
        if (a[i] != b[i] && ++d > max) return 0;
    return 1;
}

void hp_trim_pair(const hp_trim_t *t, const char *ltr_seq, int ltr_len, const char *lk_seq,
                  int lk_len, const char *name, hp_trim_res_t *r)
{
    memset(r, 0, sizeof *r);
    int e = 0, hb = hp_trim_find_ltr(t, ltr_seq, ltr_len, &e);
    if (hb < 0) {
        r->status = HP_TRIM_NO_LTR;
        return;
    }
    r->ltr_edits = e;
    r->host_beg = hb, r->host_end = ltr_len;
    /* run-on into the virus */
    int avail = ltr_len - hb;
    for (int i = 0; i < t->n_run_on; i++) {
        int n = (int)strlen(t->run_on[i]);
        if (n > avail) n = avail;
        const char *h = ltr_seq + hb, *v = t->run_on[i];
        int mm = t->run_on_maxmm; /* as is, or shifted by a base (an indel at the LTR end) */
        if (n >= 10 && (hamming_le(h, v, n, mm) || hamming_le(h + 1, v, n - 1, mm) ||
                        hamming_le(h, v + 1, n - 1, mm))) {
            r->status = HP_TRIM_RUN_ON;
            return;
        }
    }
    /* linker read: UMI and template */
    int ulen = 0;
    if (lk_seq) {
        r->tpl_beg = 0, r->tpl_end = lk_len;
        if (t->rs.n_seg > 0) {
            if (lk_len < t->rs.fixed + (t->rs.len[t->rs.n_seg - 1] < 0 ? 1 : 0)) {
                r->status = HP_TRIM_SHORT;
                return;
            }
            int pos = 0, tb = -1, te = -1;
            for (int s = 0; s < t->rs.n_seg; s++) {
                int l = t->rs.len[s] < 0 ? lk_len - pos : t->rs.len[s];
                if (t->rs.type[s] == 'M') {
                    for (int k = 0; k < l && ulen < HP_TRIM_MAX_UMI; k++)
                        r->umi[ulen++] = (char)toupper((unsigned char)lk_seq[pos + k]);
                } else if (t->rs.type[s] == 'T' && tb < 0) {
                    tb = pos, te = pos + l;
                }
                pos += l;
            }
            r->tpl_beg = tb, r->tpl_end = te;
        }
    }
    if (t->umi_from_name && name) {
        const char *c = strrchr(name, ':');
        if (c) {
            for (c++; *c && *c != ' ' && *c != '\t' && ulen < HP_TRIM_MAX_UMI; c++)
                r->umi[ulen++] = (char)toupper((unsigned char)*c);
        }
    }
    r->umi[ulen] = 0;
    /* linker read-through, two ways. (a) The linker read's own bases just before its template
     * (linker, UMI), reverse-complemented, follow the host part in the LTR read of a short
     * fragment (even an empty one: primer-dimers); 8 bases at least, a mismatch allowed from
     * 12, two at 16 (an error in each read). (b) The linker read's first template bases,
     * reverse-complemented, inside the LTR read's host part mark the shear site. */
    int a = r->tpl_beg < 16 ? r->tpl_beg : 16;
    if (lk_seq && a >= 8) {
        char ad[16];
        for (int i = 0; i < a; i++)
            ad[i] = comp_tab[(unsigned char)lk_seq[r->tpl_beg - 1 - i]];
        for (int p = r->host_beg; p + 8 <= r->host_end; p++) {
            int n = r->host_end - p < a ? r->host_end - p : a;
            /* the adapter as is, or missing its first one or two bases (synthesis slips) */
            if (hamming_le(ltr_seq + p, ad, n, n >= 16 ? 2 : n >= 12 ? 1 : 0) ||
                (n == a && (hamming_le(ltr_seq + p, ad + 1, n - 1, 1) ||
                            hamming_le(ltr_seq + p, ad + 2, n - 2, 1)))) {
                int frag = p - r->host_beg;
                r->host_end = p;
                if (r->tpl_end - r->tpl_beg > frag) r->tpl_end = r->tpl_beg + frag;
                r->read_through = 1;
                break;
            }
        }
    }
    int k = t->overlap_k;
    if (lk_seq && !r->read_through && r->tpl_end - r->tpl_beg >= k &&
        r->host_end - r->host_beg >= k) {
        char rc[64];
        for (int i = 0; i < k; i++)
            rc[i] = comp_tab[(unsigned char)lk_seq[r->tpl_beg + k - 1 - i]];
        for (int p = r->host_beg; p + k <= r->host_end; p++) {
            if (rc[0] == 0) break;
            if (hamming_le(ltr_seq + p, rc, k, 1)) {
                int frag = p + k - r->host_beg; /* host bases of the fragment */
                r->host_end = p + k;
                if (r->tpl_end - r->tpl_beg > frag) r->tpl_end = r->tpl_beg + frag;
                r->read_through = 1;
                break;
            }
        }
    }
    if (r->host_end - r->host_beg < t->min_len) r->status = HP_TRIM_SHORT, r->short_host = 1;
}

/* ---- flank clustering ---- */

void hp_flanks_init(hp_flanks_t *f, int flank_len, int shear_len)
{
    memset(f, 0, sizeof *f);
    f->flank_len = flank_len, f->shear_len = shear_len;
}

void hp_flanks_destroy(hp_flanks_t *f)
{
    if (!f) return;
    for (int64_t i = 0; i < f->n; i++)
        free(f->obs[i].flank);
    free(f->obs);
    for (int64_t i = 0; i < f->n_part; i++)
        free(f->part[i].flank);
    free(f->part);
    for (int i = 0; i < f->n_site; i++)
        free(f->site[i].flank);
    free(f->site);
    memset(f, 0, sizeof *f);
}

int hp_flanks_add(hp_flanks_t *f, const char *host, int host_len, const char *tpl, int tpl_len,
                  const char *umi)
{
    int part = host_len < f->flank_len;
    if (part && host_len < HP_FLANK_MIN_PART) return 1;
    hp_flank_obs_t **v = part ? &f->part : &f->obs;
    int64_t *n = part ? &f->n_part : &f->n, *m = part ? &f->m_part : &f->m;
    if (*n == *m) {
        int64_t nm = *m ? 2 * *m : 1024;
        hp_flank_obs_t *o = realloc(*v, nm * sizeof *o);
        if (!o) return -3;
        *v = o, *m = nm;
    }
    int fl = part ? host_len : f->flank_len;
    int sl = tpl && tpl_len >= f->shear_len ? f->shear_len : 0;
    int ul = umi ? (int)strlen(umi) : 0;
    /* one allocation: flank \0 shear \0 umi \0 */
    char *b = malloc(fl + sl + ul + 3);
    if (!b) return -3;
    for (int i = 0; i < fl; i++)
        b[i] = (char)toupper((unsigned char)host[i]);
    b[fl] = 0;
    char *s = b + fl + 1;
    for (int i = 0; i < sl; i++)
        s[i] = (char)toupper((unsigned char)tpl[i]);
    s[sl] = 0;
    char *u = s + sl + 1;
    memcpy(u, umi ? umi : "", ul + 1);
    (*v)[*n].flank = b, (*v)[*n].shear = s, (*v)[*n].umi = u;
    (*n)++;
    return part ? 2 : 0;
}

static int cmp_obs(const void *pa, const void *pb)
{
    const hp_flank_obs_t *a = pa, *b = pb;
    int c = strcmp(a->flank, b->flank);
    if (c) return c;
    if ((c = strcmp(a->umi, b->umi))) return c;
    return strcmp(a->shear, b->shear);
}

typedef struct {
    int64_t beg, end; /* obs range (sorted by flank) */
    int64_t reads;
    int parent;
} uflank_t;

typedef struct {
    int64_t reads;
    int idx;
} by_reads_t;

static int cmp_by_reads(const void *pa, const void *pb)
{
    const by_reads_t *a = pa, *b = pb;
    if (a->reads != b->reads) return a->reads > b->reads ? -1 : 1;
    return a->idx - b->idx; /* flanks are sorted: index order is sequence order */
}

static int cmp_site(const void *pa, const void *pb)
{
    const hp_flank_site_t *a = pa, *b = pb;
    if (a->fragments != b->fragments) return a->fragments > b->fragments ? -1 : 1;
    if (a->shear_sites != b->shear_sites) return a->shear_sites > b->shear_sites ? -1 : 1;
    if (a->reads != b->reads) return a->reads > b->reads ? -1 : 1;
    return strcmp(a->flank, b->flank);
}

/* distinct strings in a sorted array of pointers */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Edits (substitutions, insertions, deletions) between a[0..n) and b[0..n), at most one more
 * insertion than deletion at any point (band 1), the end of either free (the flanks are windows
 * of one length: after an indel one of them reads a base further); stops early above max. */
static int banded_edits_le(const char *a, const char *b, int n, int max)
{
    /* d[k]: edits of a[0..i) against b[0..i + k - 1), k = 0, 1, 2 (j = i - 1, i, i + 1) */
    int d[3] = {max + 1, 0, 1};
    for (int i = 1; i <= n; i++) {
        int e[3];
        for (int k = 0; k < 3; k++) {
            int j = i + k - 1;
            if (j < 0 || j > n) {
                e[k] = max + 1;
                continue;
            }
            int best = max + 1;
            if (j > 0) best = d[k] + (a[i - 1] != b[j - 1]); /* from (i-1, j-1): same k */
            if (k < 2 && d[k + 1] + 1 < best) best = d[k + 1] + 1; /* from (i-1, j): a gap */
            if (k > 0 && e[k - 1] + 1 < best) best = e[k - 1] + 1; /* from (i, j-1) */
            e[k] = best;
        }
        if (i == n) /* ends: (n, n), (n, n - 1), or (n - 1, n) of the row before */
            return e[1] <= max || e[0] <= max || d[2] <= max;
        if (e[0] > max && e[1] > max && e[2] > max) return 0;
        d[0] = e[0], d[1] = e[1], d[2] = e[2];
    }
    return d[1] <= max;
}

/* within max_mm mismatches, or the same after a shift of one base (an LTR-end indel), or within
 * max_mm edits with an indel inside (a sequencing error that shifts the rest of the flank; only
 * tried when the first 4 bases agree, so that unrelated flanks cost a compare of 4 bases) */
static int flank_near(const char *a, const char *b, int n, int max_mm)
{
    return hamming_le(a, b, n, max_mm) || hamming_le(a + 1, b, n - 1, max_mm) ||
           hamming_le(a, b + 1, n - 1, max_mm) ||
           (n > 4 && memcmp(a, b, 4) == 0 && banded_edits_le(a, b, n, max_mm));
}

int hp_flanks_cluster(hp_flanks_t *f, int max_mm)
{
    int ret = -3;
    if (f->n > 0) qsort(f->obs, f->n, sizeof *f->obs, cmp_obs);
    uflank_t *u = NULL;
    int *ord = NULL, *place = NULL, nu = 0;
    char **tmp = NULL, **tmp2 = NULL;
    u = malloc((f->n ? f->n : 1) * sizeof *u);
    if (!u) goto done;
    for (int64_t i = 0; i < f->n;) {
        int64_t j = i;
        while (j < f->n && strcmp(f->obs[j].flank, f->obs[i].flank) == 0)
            j++;
        u[nu].beg = i, u[nu].end = j, u[nu].reads = j - i, u[nu].parent = nu;
        nu++, i = j;
    }
    ord = malloc((nu ? nu : 1) * sizeof *ord);
    by_reads_t *br = malloc((nu ? nu : 1) * sizeof *br);
    if (!ord || !br) {
        free(br);
        goto done;
    }
    for (int i = 0; i < nu; i++)
        br[i].reads = u[i].reads, br[i].idx = i;
    qsort(br, nu, sizeof *br, cmp_by_reads);
    for (int i = 0; i < nu; i++)
        ord[i] = br[i].idx;
    free(br);
    /* each flank joins the first (most reads) earlier root within max_mm mismatches */
    int n_root = 0;
    int *roots = malloc((nu ? nu : 1) * sizeof *roots);
    if (!roots) goto done;
    for (int a = 0; a < nu; a++) {
        int i = ord[a];
        const char *fi = f->obs[u[i].beg].flank;
        for (int b = 0; b < n_root; b++) {
            int r = roots[b];
            if (flank_near(fi, f->obs[u[r].beg].flank, f->flank_len, max_mm)) {
                u[i].parent = r;
                break;
            }
        }
        if (u[i].parent == i) roots[n_root++] = i;
    }
    f->site = calloc(n_root ? n_root : 1, sizeof *f->site);
    int64_t n_all = f->n + f->n_part;
    tmp = malloc((n_all ? n_all : 1) * sizeof *tmp);
    tmp2 = malloc((n_all ? n_all : 1) * sizeof *tmp2);
    place = malloc((f->n_part ? f->n_part : 1) * sizeof *place);
    if (!f->site || !tmp || !tmp2 || !place) {
        free(roots);
        goto done;
    }
    /* partial flanks: the one root that begins with them (fewest mismatches, at most 1; a tie
     * places it nowhere) */
    f->n_part_placed = 0;
    for (int64_t k = 0; k < f->n_part; k++) {
        const char *pf = f->part[k].flank;
        int len = (int)strlen(pf), best = 2, n_best = 0;
        place[k] = -1;
        for (int b = 0; b < n_root; b++) {
            const char *rf = f->obs[u[roots[b]].beg].flank;
            int d = hamming_le(pf, rf, len, 0) ? 0 : hamming_le(pf, rf, len, 1) ? 1 : 2;
            if (d < best) best = d, n_best = 1, place[k] = b;
            else if (d == best && d < 2) n_best++;
        }
        if (n_best != 1) place[k] = -1;
        f->n_part_placed += place[k] >= 0;
    }
    for (int b = 0; b < n_root; b++) {
        int r = roots[b];
        hp_flank_site_t *s = &f->site[b];
        if (!(s->flank = strdup(f->obs[u[r].beg].flank))) {
            free(roots);
            goto done;
        }
        int64_t n = 0;
        for (int i = 0; i < nu; i++) {
            if (u[i].parent != r) continue;
            for (int64_t k = u[i].beg; k < u[i].end; k++) {
                tmp[n] = f->obs[k].umi;
                /* (shear, UMI) as one string: pointers into the same block, shear first */
                tmp2[n] = f->obs[k].shear;
                n++;
            }
        }
        for (int64_t k = 0; k < f->n_part; k++)
            if (place[k] == b) tmp[n] = f->part[k].umi, tmp2[n] = f->part[k].shear, n++;
        s->reads = n;
        qsort(tmp, n, sizeof *tmp, cmp_str);
        int64_t d = 0;
        for (int64_t k = 0; k < n; k++)
            if (k == 0 || strcmp(tmp[k], tmp[k - 1])) d++;
        s->umis = d;
        qsort(tmp2, n, sizeof *tmp2, hp_umi_cmp_pair);
        int64_t ds = 0;
        for (int64_t k = 0; k < n; k++)
            if (k == 0 || hp_umi_cmp_pair(&tmp2[k], &tmp2[k - 1])) ds++;
        s->shear_sites = ds;
        s->fragments = hp_umi_directional(tmp2, NULL, n, 1);
        if (s->fragments < 0) {
            free(roots);
            goto done;
        }
    }
    f->n_site = n_root;
    free(roots);
    qsort(f->site, f->n_site, sizeof *f->site, cmp_site);
    ret = 0;
done:
    free(u), free(ord), free(tmp), free(tmp2), free(place);
    return ret;
}
