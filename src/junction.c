/* junction.c -- classify alignment records: counters, aligned bases, junction evidence. */
#include "htlvpvl/junction.h"
#include "htlvpvl/junction_align.h"
#include "htlvpvl/ltr_match.h"
#include "htlvpvl/ref.h"
#include "htlvpvl/seq.h"
#include <stdlib.h>
#include <string.h>
#include "htlvpvl/hash.h" /* hp_mix64, hp_fnv1a */

#define LTR_END_TOL 10 /* a viral alignment this close to an LTR end touches it */

void hp_classify_opt_init(hp_classify_opt_t *o)
{
    o->min_mapq_host = 1;
    o->region_tid = -1;
    o->region_beg = 0, o->region_end = INT64_MAX;
    o->max_vdist = 3000;
    o->region_pad = 3000;
    o->fai = NULL;
}

void hp_acc_init(hp_acc_t *a)
{
    memset(a, 0, sizeof *a);
}

void hp_acc_destroy(hp_acc_t *a)
{
    if (!a) return;
    free(a->ev);
    a->ev = NULL, a->n_ev = a->m_ev = 0;
}

int hp_acc_merge(hp_acc_t *dst, hp_acc_t *src)
{
#define ADD(f) dst->f += src->f
    ADD(records), ADD(reads_total), ADD(reads_dup), ADD(reads_secondary);
    ADD(reads_supplementary), ADD(reads_unmapped), ADD(reads_qcfail), ADD(reads_viral);
    ADD(reads_host_autosomal), ADD(frag_total), ADD(frag_dup), ADD(frag_viral);
    ADD(frag_host_autosomal), ADD(host_bases), ADD(x_bases);
#undef ADD
    for (int r = 0; r < HP_N_REGION; r++)
        dst->vir_bases[r] += src->vir_bases[r], dst->frag_region[r] += src->frag_region[r];
    for (int i = 0; i <= HP_INS_MAX; i++)
        dst->ins_hist[i] += src->ins_hist[i];
    for (int i = 0; i <= HP_RLEN_MAX; i++)
        dst->span_hist[i] += src->span_hist[i];
    if (src->n_ev) {
        if (dst->n_ev + src->n_ev > dst->m_ev) {
            size_t m = dst->n_ev + src->n_ev;
            hp_evidence_t *p = realloc(dst->ev, m * sizeof *p);
            if (!p) return -1;
            dst->ev = p, dst->m_ev = m;
        }
        memcpy(dst->ev + dst->n_ev, src->ev, src->n_ev * sizeof *src->ev);
        dst->n_ev += src->n_ev;
    }
    hp_acc_destroy(src);
    memset(src, 0, sizeof *src);
    return 0;
}

uint64_t hp_hash_name(const char *s) { return hp_fnv1a(HP_FNV1A_BASIS, s, strlen(s)); }

/* Outer coordinates of the fragment as seen from this record: both mates' (contig, leftmost
 * position, strand), in a fixed order so that both mates give the same key. */
int64_t hp_contigs_norm_pos(const hp_contigs_t *ctg, int tid, int64_t pos)
{
    if (tid < 0 || tid >= ctg->n_targets || ctg->vidx[tid] < 0) return pos;
    const hp_vcontig_t *v = &ctg->vc[ctg->vidx[tid]];
    if (v->n_u3 == 2 && pos + 1 >= v->u3[1] && pos < v->u5[1]) return pos - (v->u3[1] - v->u3[0]);
    return pos;
}

static uint64_t end_key(const char *name, size_t len, int64_t pos, int rev)
{
    uint64_t h = hp_fnv1a(HP_FNV1A_BASIS, name, len);
    return hp_mix64(h ^ ((uint64_t)pos << 1 | (uint64_t)rev));
}

/* Outer coordinates of the fragment as seen from this record: both mates' (contig, leftmost
 * position, strand), in a fixed order so that both mates give the same key. A supplementary
 * record stands for its read's primary alignment (the first SA entry), so that the parts of a
 * duplicate read all share the key of the original. */
static uint64_t dup_key(const hp_contigs_t *ctg, const sam_hdr_t *hdr, const bam1_t *b)
{
    const bam1_core_t *c = &b->core;
    const char *nm = sam_hdr_tid2name(hdr, c->tid);
    uint64_t a = end_key(nm, strlen(nm), hp_contigs_norm_pos(ctg, c->tid, c->pos), bam_is_rev(b));
    if (c->flag & BAM_FSUPPLEMENTARY) {
        const uint8_t *sa = bam_aux_get(b, "SA");
        const char *p = sa ? bam_aux2Z(sa) : NULL;
        const char *c1 = p ? strchr(p, ',') : NULL, *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
        if (c2) {
            int t = hp_contigs_viral_tid(ctg, hdr, p, (size_t)(c1 - p));
            long long sp = strtoll(c1 + 1, NULL, 10);
            int64_t pos = sp > 0 ? sp - 1 : 0;
            if (t >= 0) pos = hp_contigs_norm_pos(ctg, t, pos);
            a = end_key(p, (size_t)(c1 - p), pos, c2[1] == '-');
        }
    }
    uint64_t m = 1;
    if ((c->flag & BAM_FPAIRED) && !(c->flag & BAM_FMUNMAP) && c->mtid >= 0) {
        const char *mn = sam_hdr_tid2name(hdr, c->mtid);
        m = end_key(mn, strlen(mn), hp_contigs_norm_pos(ctg, c->mtid, c->mpos), bam_is_mrev(b));
    }
    if (a > m) {
        uint64_t t = a;
        a = m, m = t;
    }
    return hp_mix64(a) ^ hp_mix64(m + 0x9e3779b97f4a7c15ULL);
}

#define COMPACT_MIN ((size_t)1 << 20)

static int push_ev(hp_acc_t *a, const hp_evidence_t *e)
{
    if (a->n_ev >= COMPACT_MIN && a->n_ev == a->m_ev) {
        /* enriched libraries: most junction records are duplicates; keep memory to the
         * distinct fragments */
        hp_evidence_compact(a->ev, &a->n_ev);
    }
    if (a->n_ev == a->m_ev) {
        size_t m = a->m_ev ? 2 * a->m_ev : 64;
        hp_evidence_t *p = realloc(a->ev, m * sizeof *p);
        if (!p) return -1;
        a->ev = p, a->m_ev = m;
    }
    a->ev[a->n_ev++] = *e;
    return 0;
}

/* Lengths from a CIGAR (tag text or record) above this are not a read: refused, so that no
 * sum of them can overflow an int. */
#define CIGAR_LEN_MAX (1 << 28)

/* Parse a CIGAR string of an SA entry: leading and trailing clips, reference length, and
 * query length with hard clips. Returns 0, or -1 when malformed or longer than
 * CIGAR_LEN_MAX. */
static int parse_cigar_str(const char *s, const char *end, int *lead, int *trail, int *rlen,
                           int *qlen)
{
    int first = 1;
    *lead = *trail = *rlen = *qlen = 0;
    while (s < end) {
        char *e;
        long n = strtol(s, &e, 10);
        if (e == s || e >= end || n < 0 || n > CIGAR_LEN_MAX) return -1;
        if (*qlen > CIGAR_LEN_MAX || *rlen > CIGAR_LEN_MAX) return -1;
        char op = *e;
        s = e + 1;
        switch (op) {
        case 'S':
        case 'H':
            if (first)
                *lead += (int)n;
            else
                *trail += (int)n;
            *qlen += (int)n;
            continue;
        case 'M':
        case '=':
        case 'X':
            *rlen += (int)n, *qlen += (int)n;
            break;
        case 'I':
            *qlen += (int)n;
            break;
        case 'D':
        case 'N':
            *rlen += (int)n;
            break;
        case 'P':
            break;
        default:
            return -1;
        }
        first = 0;
        *trail = 0; /* clips seen so far were not trailing */
    }
    return 0;
}

static int clamp_len(int64_t x) { return x > CIGAR_LEN_MAX ? CIGAR_LEN_MAX : (int)x; }

/* Leading / trailing clips of a record (soft and hard), soft parts alone, and the read length
 * with hard clips; each at most CIGAR_LEN_MAX (a crafted CIGAR may sum past any int). */
static void rec_clips(const bam1_t *b, int *lclip, int *rclip, int *lsoft, int *rsoft, int *qlen)
{
    const uint32_t *cig = bam_get_cigar(b);
    uint32_t n = b->core.n_cigar, i = 0;
    int64_t lc = 0, rc = 0, ls = 0, rs = 0, hard = 0;
    for (; i < n; i++) {
        int op = bam_cigar_op(cig[i]);
        int64_t l = bam_cigar_oplen(cig[i]);
        if (op == BAM_CHARD_CLIP)
            lc += l;
        else if (op == BAM_CSOFT_CLIP)
            lc += l, ls += l;
        else
            break;
    }
    for (uint32_t j = n; j > i; j--) {
        int op = bam_cigar_op(cig[j - 1]);
        int64_t l = bam_cigar_oplen(cig[j - 1]);
        if (op == BAM_CHARD_CLIP)
            rc += l;
        else if (op == BAM_CSOFT_CLIP)
            rc += l, rs += l;
        else
            break;
    }
    for (uint32_t k = 0; k < n; k++)
        if (bam_cigar_op(cig[k]) == BAM_CHARD_CLIP) hard += bam_cigar_oplen(cig[k]);
    *lclip = clamp_len(lc), *rclip = clamp_len(rc), *lsoft = clamp_len(ls);
    *rsoft = clamp_len(rs), *qlen = clamp_len(b->core.l_qseq + hard);
}

/* Split-read geometry from one SA entry on a viral contig. Returns 1 and the junction when the
 * viral part touches an LTR end on the side the geometry requires; 2 (end HP_END_DEL) when it
 * is where a U3 end should be but starts inside the provirus (a 5' deletion); else 0. */
static int sa_junction(const hp_vcontig_t *v, const bam1_t *b, int64_t vpos, int vrev,
                       const char *cig, const char *cig_end, int *side, int *end, int *strand,
                       int *shift, int *unclaimed)
{
    int vl, vt, vrl, vq;
    if (parse_cigar_str(cig, cig_end, &vl, &vt, &vrl, &vq) < 0 || vrl <= 0) return 0;
    int hl, hr, hls, hrs, hq;
    rec_clips(b, &hl, &hr, &hls, &hrs, &hq);
    int hrev = bam_is_rev(b);
    /* query intervals in the original read orientation */
    int hb = hrev ? hr : hl, he = hrev ? hq - hl : hq - hr;
    int vb = vrev ? vt : vl, ve = vrev ? vq - vl : vq - vt;
    int viral_after = (vb + ve) > (hb + he);
    *side = (viral_after != hrev) ? HP_SIDE_RIGHT : HP_SIDE_LEFT;
    hp_junction_geometry(*side, hrev == vrev, end, strand);
    int64_t vs = vpos, vend = vpos + vrl - 1;
    /* The junction host base: the host alignment edge moved back by the LTR-end bases the
     * viral alignment lacks (the host alignment took them: microhomology) and by the read
     * bases both alignments claim; moved out by read bases neither claims. */
    int overlap = viral_after ? he - vb : ve - hb, missing = 0;
    *unclaimed = overlap < 0 ? -overlap : 0;
    const int *u = *end == HP_END_U3 ? v->u3 : v->u5;
    int nu = *end == HP_END_U3 ? v->n_u3 : v->n_u5;
    int64_t x = *end == HP_END_U3 ? vs : vend;
    int hit = -1;
    for (int i = 0; i < nu; i++)
        if (llabs(x - u[i]) <= LTR_END_TOL) hit = i;
    if (hit < 0) {
        if (*end != HP_END_U3) return 0;
        *end = HP_END_DEL;
        *shift = overlap;
        return 2;
    }
    missing = (int)(*end == HP_END_U3 ? vs - u[hit] : u[hit] - vend);
    *shift = missing + overlap;
    return 1;
}

#define JA_HOST 24     /* host read bases before the clip that are realigned */
#define JA_BACK 6      /* the junction may lie this many bases inside the host alignment */
#define JA_FWD 14      /* ... or this many bases into the soft clip */
#define JA_MIN_VIRAL 8 /* the viral part keeps at least this many read bases */
#define JA_GAPPED_CLIP 16 /* a clip found only with gaps: viral part of >= 16 bases ... */
#define JA_VIRAL_LOSS 10  /* ... scoring at most 10 below a perfect match (2 mismatches) */

/* The LTR end `end` of a provirus on `strand`, read from the junction into the provirus (the
 * frame of junction_align.h), into lt[0..n). */
static void ltr_outward(int end, int strand, char *lt, int n)
{
    int from_start = end != HP_END_U5, comp = strand == HP_STRAND_MINUS;
    for (int t = 0; t < n; t++) {
        char x = hp_htlv1_seq[from_start ? t : HP_LTR_LEN - 1 - t];
        lt[t] = comp ? (x == 'A' ? 'T' : x == 'C' ? 'G' : x == 'G' ? 'C' : 'A') : x;
    }
}

#define KH 8 /* k-mer of the pre-filter */

/* Does any 8-mer of the clip's first 40 bases (read away from the host) occur in the first
 * 48 bases of the LTR end? A cheap filter before a gapped alignment of a clip the ungapped
 * matcher refused: most soft clips in a genome are not viral. */
static int clip_kmer_hit(const char *clip, int len, int side, int end, int strand)
{
    char lt[48];
    ltr_outward(end, strand, lt, 48);
    uint32_t km[48], h = 0, mask = (1u << (2 * KH)) - 1;
    uint64_t bits[16] = {0}; /* 1024-bit filter of the LTR k-mers, checked exactly on a hit */
    int nk = 0;
    for (int t = 0, ok = 0; t < 48; t++) {
        int x = hp_nt4[(unsigned char)lt[t]];
        h = ((h << 2) | (uint32_t)(x & 3)) & mask, ok = x < 4 ? ok + 1 : 0;
        if (ok < KH) continue;
        uint32_t f = (h * 2654435761u) >> 22;
        km[nk++] = h, bits[f >> 6] |= 1ULL << (f & 63);
    }
    int n = len < HP_CLIP_CMP_MAX ? len : HP_CLIP_CMP_MAX;
    h = 0;
    for (int i = 0, ok = 0; i < n; i++) {
        int x = hp_nt4[(unsigned char)clip[side == HP_SIDE_RIGHT ? i : len - 1 - i]];
        h = ((h << 2) | (uint32_t)(x & 3)) & mask, ok = x < 4 ? ok + 1 : 0;
        uint32_t f = (h * 2654435761u) >> 22;
        if (ok < KH || !(bits[f >> 6] >> (f & 63) & 1)) continue;
        for (int j = 0; j < nk; j++)
            if (km[j] == h) return 1;
    }
    return 0;
}

/* Pack the penalties of site positions pos - 4 .. pos + 4 (p[0..9), reversed when rev). */
static uint64_t pack_pen(const uint8_t *p, int rev)
{
    uint64_t a = HP_ALT_SET;
    for (int o = 0; o <= 2 * HP_JALN_RADIUS; o++)
        a |= (uint64_t)(p[rev ? 2 * HP_JALN_RADIUS - o : o] & 15) << (4 * o);
    return a;
}

/* A host alignment of one read: CIGAR (hard clips stand for bases that seq does not hold),
 * position and the read's bases in host-forward orientation. */
typedef struct {
    const uint32_t *cig;
    uint32_t n_cigar;
    int64_t pos0; /* 0-based leftmost */
    const char *seq;
    int l_seq;
    int32_t tid;
} hostaln_t;

/* Place the junction next to the clip of `soft` bases on `side` of a host alignment by a
 * gapped alignment of the read's host part to the reference and of its clip to the LTR end
 * `end` of a provirus on `strand` (junction_align.h). jb_pref: the aligner's junction base.
 * min_viral > 0: the viral part must hold that many read bases and score within
 * JA_VIRAL_LOSS of a perfect match. Returns 0 and sets *pos and *alt; -1 when it cannot
 * (reference window unavailable, or the viral part too short or too poor). */
static int place_junction(const hp_classify_opt_t *opt, const sam_hdr_t *hdr, const hostaln_t *h,
                          int side, int soft, int end_, int strand, int64_t jb_pref,
                          int min_viral, int64_t *pos, uint64_t *alt)
{
    /* first host base of a left clip, first clipped base of a right one */
    int cq = side == HP_SIDE_RIGHT ? h->l_seq - soft : soft;
    int want = side == HP_SIDE_RIGHT ? cq - JA_HOST : cq + JA_HOST - 1;
    int aq = -1;     /* anchor: an aligned read base near `want`, on the host side of it */
    int64_t ar = -1; /* its reference position, 0-based */
    int64_t q = 0, r = h->pos0;
    for (uint32_t i = 0; i < h->n_cigar; i++) {
        int op = bam_cigar_op(h->cig[i]);
        int64_t l = bam_cigar_oplen(h->cig[i]);
        int t = bam_cigar_type(op); /* hard clips: bases seq does not hold */
        if ((t & 3) == 3) {
            int64_t lo = q, hi = q + l - 1, pick;
            if (side == HP_SIDE_RIGHT) /* the last aligned base <= want, else the first */
                pick = lo <= want ? (hi < want ? hi : want) : (aq < 0 ? lo : -1);
            else /* the first aligned base >= want, else the last */
                pick = hi >= want ? (lo > want ? lo : want) : hi;
            if (pick >= 0 && (side == HP_SIDE_RIGHT || aq < 0 || aq < want))
                aq = (int)pick, ar = r + (pick - lo);
        }
        if (t & 1) q += l;
        if (t & 2) r += l;
    }
    if (aq < 0 || q != h->l_seq) return -1;
    int hl = side == HP_SIDE_RIGHT ? cq - aq : aq - cq + 1; /* host read bases */
    int cl = soft < HP_CLIP_CMP_MAX ? soft : HP_CLIP_CMP_MAX;
    int n = hl + cl;
    if (hl < 1 || n > HP_JALN_MAX) return -1;
    int kmin = hl > JA_BACK ? hl - JA_BACK : 1, kmax = hl + JA_FWD;
    if (kmax > n - JA_MIN_VIRAL) kmax = n - JA_MIN_VIRAL;
    if (kmax < kmin) return -1;
    int m = kmax + 8, l = n - kmin + 6;
    if (m > HP_JALN_MAX || l > HP_JALN_MAX) return -1;
    char rd[HP_JALN_MAX], rf[HP_JALN_MAX], lt[HP_JALN_MAX];
    for (int i = 0; i < n; i++)
        rd[i] = h->seq[side == HP_SIDE_RIGHT ? aq + i : aq - i];
    ltr_outward(end_, strand, lt, l);
    /* the reference window, read away from the anchor */
    int64_t beg = side == HP_SIDE_RIGHT ? ar : ar - m + 1, last = beg + m - 1;
    int64_t tlen = (int64_t)sam_hdr_tid2len(hdr, h->tid);
    if (beg < 0 || last >= tlen) return -1;
    const char *name = sam_hdr_tid2name(hdr, h->tid);
    char *ref = NULL;
    hts_pos_t got = 0;
#ifdef _OPENMP
#pragma omp critical(hp_junction_fai)
#endif
    ref = faidx_fetch_seq64(opt->fai, name, beg, last, &got);
    if (!ref || got != m) {
        free(ref);
        return -1;
    }
    for (int j = 0; j < m; j++)
        rf[j] = ref[side == HP_SIDE_RIGHT ? j : m - 1 - j];
    free(ref);
    /* the aligner's placement, in reference bases from the anchor */
    int j_pref = (int)(side == HP_SIDE_RIGHT ? jb_pref - ar : ar + 2 - jb_pref);
    int bj;
    uint8_t pen[2 * HP_JALN_RADIUS + 1];
    hp_jaln_info_t info;
    if (hp_jaln_place(rd, n, rf, m, lt, l, kmin, kmax, j_pref, &bj, pen, &info) == INT32_MIN)
        return -1;
    /* a clip the ungapped matcher did not take must read as the LTR end with gaps */
    int nv = n - info.k;
    if (min_viral > 0 && (nv < min_viral || info.viral_score < nv - JA_VIRAL_LOSS)) return -1;
    int64_t jb = side == HP_SIDE_RIGHT ? ar + bj : ar + 2 - bj; /* 1-based */
    *pos = hp_site_pos(jb, side, end_);
    *alt = pack_pen(pen, side == HP_SIDE_LEFT);
    return 0;
}

/* A junction seen in a host record's own soft clip: its side, length, LTR end, provirus
 * strand and the aligner's junction base. */
typedef struct {
    int side, soft, end, strand;
    int64_t jb;
    int min_viral; /* place_junction's */
} clipsite_t;

/* place_junction for a host record's own soft clip: 0, or -1 (then *e is left). */
static int place_clip(const hp_classify_opt_t *opt, const sam_hdr_t *hdr, const bam1_t *b,
                      const clipsite_t *cs, hp_evidence_t *e)
{
    const bam1_core_t *c = &b->core;
    char *seq = malloc((size_t)c->l_qseq + 1);
    if (!seq) return -1; /* the aligner's placement stays */
    const uint8_t *s = bam_get_seq(b);
    for (int i = 0; i < c->l_qseq; i++)
        seq[i] = seq_nt16_str[bam_seqi(s, i)];
    hostaln_t h = {bam_get_cigar(b), c->n_cigar, c->pos, seq, c->l_qseq, c->tid};
    int r = place_junction(opt, hdr, &h, cs->side, cs->soft, cs->end, cs->strand, cs->jb,
                           cs->min_viral, &e->pos, &e->alt);
    free(seq);
    return r;
}

/* Penalties of a junction placed across read bases no alignment claims (host bases unseen
 * here, or not aligned): a host indel among them moves it by its length (up to 3 bp). */
static uint64_t uncertain_alt(void)
{
    uint64_t a = HP_ALT_SET;
    for (int o = -4; o <= 4; o++) {
        uint64_t pen = o == 0 ? 0 : abs(o) <= 3 ? 1 : HP_EV_PEN_MAX;
        a |= pen << (4 * (o + 4));
    }
    return a;
}

static int mate_ref_len(const bam1_t *b)
{
    const uint8_t *mc = bam_aux_get(b, "MC");
    if (mc) {
        const char *s = bam_aux2Z(mc);
        if (s) {
            int l, t, r, q;
            if (parse_cigar_str(s, s + strlen(s), &l, &t, &r, &q) == 0 && r > 0) return r;
        }
    }
    return b->core.l_qseq > 0 ? b->core.l_qseq : 100;
}

static int host_evidence(const hp_contigs_t *ctg, const sam_hdr_t *hdr,
                         const hp_classify_opt_t *opt, const bam1_t *b, hp_acc_t *acc)
{
    const bam1_core_t *c = &b->core;
    hp_evidence_t e;
    memset(&e, 0, sizeof e);
    e.frag = hp_hash_name(bam_get_qname(b));
    e.dupkey = dup_key(ctg, hdr, b);
    e.tid = c->tid;
    e.hbeg = c->pos + 1;
    e.hend = bam_endpos(b);
    int found = 0;

    /* viral SA entries */
    const uint8_t *sa = bam_aux_get(b, "SA");
    const char *sas = sa ? bam_aux2Z(sa) : NULL;
    int sa_viral = 0;
    if (sas) {
        for (const char *p = sas; *p;) {
            const char *semi = strchr(p, ';');
            if (!semi) semi = p + strlen(p);
            const char *comma = memchr(p, ',', (size_t)(semi - p));
            if (comma) {
                for (int i = 0; i < ctg->n_vc; i++) {
                    const char *nm = sam_hdr_tid2name(hdr, ctg->vc[i].tid);
                    size_t ln = strlen(nm);
                    if (ln == (size_t)(comma - p) && memcmp(nm, p, ln) == 0) sa_viral = 1;
                }
            }
            p = *semi ? semi + 1 : semi;
        }
    }

    /* soft clips of LTR-end sequence */
    int lcl, rcl, lsoft, rsoft, qlen;
    rec_clips(b, &lcl, &rcl, &lsoft, &rsoft, &qlen);
    const uint8_t *seq = bam_get_seq(b);
    for (int side = HP_SIDE_RIGHT; side >= HP_SIDE_LEFT; side--) {
        int soft = side == HP_SIDE_RIGHT ? rsoft : lsoft;
        /* a clip longer than the stored sequence (SEQ '*', or a CIGAR that disagrees with
         * it) has no bases to match */
        if (soft < HP_MIN_CLIP || soft > c->l_qseq) continue;
        char buf[HP_CLIP_CMP_MAX + HP_CLIP_SHIFT + 1];
        int m = soft < (int)sizeof buf - 1 ? soft : (int)sizeof buf - 1;
        int from = side == HP_SIDE_RIGHT ? c->l_qseq - soft : lsoft - m;
        for (int i = 0; i < m; i++)
            buf[i] = seq_nt16_str[bam_seqi(seq, from + i)];
        hp_clip_hit_t hit;
        if (!hp_ltr_match_clip(buf, m, side, &hit)) {
            /* with a reference: a clip that reads as an LTR end only with gaps (an indel
             * next to the junction, host bases before the LTR end) */
            if (opt->fai && soft >= JA_GAPPED_CLIP) {
                for (int pat = 0; pat < 2; pat++) {
                    int end = pat ? HP_END_U5 : HP_END_U3;
                    int strand = (side == HP_SIDE_RIGHT) == (end == HP_END_U3) ? HP_STRAND_PLUS
                                                                               : HP_STRAND_MINUS;
                    if (!clip_kmer_hit(buf, m, side, end, strand)) continue;
                    int64_t jb = side == HP_SIDE_RIGHT ? e.hend : e.hbeg;
                    clipsite_t cs = {side, soft, end, strand, jb, JA_GAPPED_CLIP};
                    if (place_clip(opt, hdr, b, &cs, &e) < 0) continue;
                    e.type = sa_viral ? HP_EV_SPLIT : HP_EV_CLIP;
                    e.side = (uint8_t)side, e.end = (uint8_t)end, e.strand = (uint8_t)strand;
                    if (push_ev(acc, &e) < 0) return -1;
                    e.alt = 0;
                    found = 1;
                    break;
                }
            }
            continue;
        }
        int64_t jb = side == HP_SIDE_RIGHT ? e.hend - hit.shift : e.hbeg + hit.shift;
        e.type = sa_viral ? HP_EV_SPLIT : HP_EV_CLIP;
        e.side = (uint8_t)side, e.end = (uint8_t)hit.end, e.strand = (uint8_t)hit.strand;
        e.pos = hp_site_pos(jb, side, hit.end);
        e.alt = 0;
        if (opt->fai) {
            clipsite_t cs = {side, soft, hit.end, hit.strand, jb, 0};
            place_clip(opt, hdr, b, &cs, &e);
        } else if (hit.shift < 0) {
            e.alt = uncertain_alt();
        }
        if (push_ev(acc, &e) < 0) return -1;
        e.alt = 0;
        found = 1;
    }

    /* split reads whose viral part is hard-clipped or was not matched above */
    if (!found && sa_viral) {
        for (const char *p = sas; *p && !found;) {
            const char *semi = strchr(p, ';');
            if (!semi) semi = p + strlen(p);
            const char *f[6];
            int nf = 0;
            f[nf++] = p;
            for (const char *q = p; q < semi && nf < 6; q++)
                if (*q == ',') f[nf++] = q + 1;
            if (nf == 6) {
                for (int i = 0; i < ctg->n_vc; i++) {
                    const hp_vcontig_t *v = &ctg->vc[i];
                    const char *nm = sam_hdr_tid2name(hdr, v->tid);
                    size_t ln = strlen(nm);
                    if (ln != (size_t)(f[1] - 1 - f[0]) || memcmp(nm, f[0], ln) != 0) continue;
                    /* a position off the viral contig is not an alignment to it */
                    char *pe;
                    long long vpos = strtoll(f[1], &pe, 10);
                    int vrev = *f[2] == '-';
                    if (pe != f[2] - 1 || vpos < 1 || vpos > v->len) continue;
                    int side, end, strand, shift = 0, unclaimed = 0;
                    int sj = sa_junction(v, b, vpos, vrev, f[3], f[4] - 1, &side, &end,
                                         &strand, &shift, &unclaimed);
                    if (!sj) continue;
                    found = 1;
                    /* with a reference, a viral primary places this junction from its own
                     * bases (viral_split_evidence), which this hard-clipped record lacks; it
                     * sees this record's MAPQ in its SA tag and takes the same ones */
                    int soft = side == HP_SIDE_RIGHT ? rsoft : lsoft;
                    int hard = side == HP_SIDE_RIGHT ? rcl > rsoft : lcl > lsoft;
                    if (opt->fai && sj == 1 && (c->flag & BAM_FSUPPLEMENTARY) && p == sas &&
                        hard && c->qual >= opt->min_mapq_host)
                        break;
                    int64_t jb = side == HP_SIDE_RIGHT ? e.hend - shift : e.hbeg + shift;
                    e.type = HP_EV_SPLIT;
                    e.side = (uint8_t)side, e.end = (uint8_t)end, e.strand = (uint8_t)strand;
                    e.pos = hp_site_pos(jb, side, end);
                    e.alt = 0;
                    if (opt->fai && sj == 1 && !hard && soft >= HP_MIN_CLIP && soft <= c->l_qseq) {
                        clipsite_t cs = {side, soft, end, strand, jb, 0};
                        place_clip(opt, hdr, b, &cs, &e);
                    } else if (sj == 1 && unclaimed > 0) {
                        e.alt = uncertain_alt();
                    }
                    if (push_ev(acc, &e) < 0) return -1;
                    e.alt = 0;
                    found = 1;
                    break;
                }
            }
            p = *semi ? semi + 1 : semi;
        }
    }

    /* discordant pair: this mate on the host, the other on the virus near an LTR end,
     * pointing to it */
    if ((c->flag & (BAM_FPAIRED | BAM_FMUNMAP | BAM_FSUPPLEMENTARY)) == BAM_FPAIRED &&
        c->mtid >= 0 && c->mtid < ctg->n_targets && ctg->cls[c->mtid] == HP_CTG_VIRUS) {
        const hp_vcontig_t *v = &ctg->vc[ctg->vidx[c->mtid]];
        int mrev = bam_is_mrev(b), hrev = bam_is_rev(b);
        int64_t mbeg = c->mpos + 1, mend = c->mpos + mate_ref_len(b);
        int best = 0, have = 0;
        if (mrev) { /* points to lower viral positions: a U3 start at or before its end */
            for (int i = 0; i < v->n_u3; i++) {
                int64_t d = mend - v->u3[i] + 1;
                if (d >= 1 - LTR_END_TOL && d <= opt->max_vdist && (!have || d < best))
                    best = (int)d, have = 1;
            }
        } else {
            for (int i = 0; i < v->n_u5; i++) {
                int64_t d = v->u5[i] - mbeg + 1;
                if (d >= 1 - LTR_END_TOL && d <= opt->max_vdist && (!have || d < best))
                    best = (int)d, have = 1;
            }
        }
        /* a reverse mate (U3 role) far from any U3 start: the deleted end of a defective */
        if (have || mrev) {
            int side = hrev ? HP_SIDE_LEFT : HP_SIDE_RIGHT, end, strand;
            hp_junction_geometry(side, hrev != mrev, &end, &strand);
            if (!have) end = HP_END_DEL, best = HP_DEL_VDIST;
            e.type = HP_EV_DISC;
            e.side = (uint8_t)side, e.end = (uint8_t)end, e.strand = (uint8_t)strand;
            e.pos = 0;
            e.vdist = best < 1 ? 1 : best;
            if (push_ev(acc, &e) < 0) return -1;
        }
    }
    return 0;
}

#define SA_CIGAR_MAX 64

/* A split read whose viral part is the primary alignment: its host part is a supplementary
 * record that bwa hard-clips, so only this record holds the bases next to the junction. With
 * a reference, the junction evidence comes from here (the host record leaves it, see
 * host_evidence): the read turned to host-forward orientation, the host alignment from the
 * first host SA entry, placed by place_junction. Returns 0, or -1 when memory ran out. */
static int viral_split_evidence(const hp_contigs_t *ctg, const sam_hdr_t *hdr,
                                const hp_classify_opt_t *opt, const bam1_t *b, hp_acc_t *acc)
{
    const bam1_core_t *c = &b->core;
    const uint8_t *sa = bam_aux_get(b, "SA");
    const char *p = sa ? bam_aux2Z(sa) : NULL;
    if (!p || c->l_qseq <= 0 || (size_t)c->l_qseq > CIGAR_LEN_MAX) return 0;
    const hp_vcontig_t *v = &ctg->vc[ctg->vidx[c->tid]];
    while (*p) {
        const char *semi = strchr(p, ';');
        if (!semi) semi = p + strlen(p);
        const char *f[6];
        int nf = 0;
        f[nf++] = p;
        for (const char *x = p; x < semi && nf < 6; x++)
            if (*x == ',') f[nf++] = x + 1;
        const char *next = *semi ? semi + 1 : semi;
        if (nf < 6 || hp_contigs_viral_tid(ctg, hdr, p, (size_t)(f[1] - 1 - p)) >= 0) {
            p = next;
            continue;
        }
        /* the first host entry decides */
        char name[256];
        size_t ln = (size_t)(f[1] - 1 - p);
        if (ln == 0 || ln >= sizeof name) return 0;
        memcpy(name, p, ln), name[ln] = 0;
        int tid;
#ifdef _OPENMP
#pragma omp critical(hp_junction_fai)
#endif
        tid = sam_hdr_name2tid((sam_hdr_t *)hdr, name);
        char *pe;
        long long hpos = strtoll(f[1], &pe, 10), mq = strtoll(f[4], NULL, 10);
        if (tid < 0 || tid >= ctg->n_targets || ctg->cls[tid] == HP_CTG_VIRUS || hpos < 1 ||
            hpos > sam_hdr_tid2len(hdr, tid))
            return 0;
        if (opt->region_tid >= 0 &&
            (tid != opt->region_tid || hpos - 1 < opt->region_beg - opt->region_pad ||
             hpos - 1 >= opt->region_end + opt->region_pad))
            return 0;
        /* host CIGAR, clips made soft: seq below holds the whole read */
        uint32_t cig[SA_CIGAR_MAX];
        int nc = 0, hlead = 0, htrail = 0, hrlen = 0, hq = 0;
        for (const char *x = f[3]; x < f[4] - 1;) {
            char *e;
            long n = strtol(x, &e, 10);
            if (e == x || e >= f[4] || n <= 0 || n > CIGAR_LEN_MAX || nc == SA_CIGAR_MAX) return 0;
            int op = bam_cigar_table[(unsigned char)*e];
            if (op < 0) return 0;
            if (op == BAM_CHARD_CLIP) op = BAM_CSOFT_CLIP;
            cig[nc++] = bam_cigar_gen(n, op);
            x = e + 1;
        }
        for (int i = 0; i < nc; i++) {
            int op = bam_cigar_op(cig[i]), l = bam_cigar_oplen(cig[i]);
            if (bam_cigar_type(op) & 1) hq += l;
            if (bam_cigar_type(op) & 2) hrlen += l;
        }
        for (int i = 0; i < nc && bam_cigar_op(cig[i]) == BAM_CSOFT_CLIP; i++)
            hlead += bam_cigar_oplen(cig[i]);
        for (int i = nc - 1; i >= 0 && bam_cigar_op(cig[i]) == BAM_CSOFT_CLIP; i--)
            htrail += bam_cigar_oplen(cig[i]);
        if (hq != c->l_qseq || hrlen <= 0) return 0;
        int hrev = *f[2] == '-', vrev = bam_is_rev(b), same = hrev == vrev, L = c->l_qseq;
        /* read intervals in host-forward orientation */
        int vl, vt, lsoft, rsoft, qlen;
        rec_clips(b, &vl, &vt, &lsoft, &rsoft, &qlen);
        int hb = hlead, he = L - htrail;
        int vb = same ? vl : vt, ve = same ? L - vt : L - vl;
        int side = vb + ve > hb + he ? HP_SIDE_RIGHT : HP_SIDE_LEFT, end, strand;
        hp_junction_geometry(side, same, &end, &strand);
        int soft = side == HP_SIDE_RIGHT ? htrail : hlead;
        if (soft < HP_MIN_CLIP) return 0;
        /* the viral part must reach the LTR end that meets the host */
        int64_t vs = c->pos + 1, vend = bam_endpos(b);
        const int *u = end == HP_END_U3 ? v->u3 : v->u5;
        int nu = end == HP_END_U3 ? v->n_u3 : v->n_u5, hit = -1;
        int64_t xe = end == HP_END_U3 ? vs : vend;
        for (int i = 0; i < nu; i++)
            if (llabs(xe - u[i]) <= LTR_END_TOL) hit = i;
        if (hit < 0) return 0;
        int missing = (int)(end == HP_END_U3 ? vs - u[hit] : u[hit] - vend);
        int shift = missing + (side == HP_SIDE_RIGHT ? he - vb : ve - hb);
        hp_evidence_t e;
        memset(&e, 0, sizeof e);
        e.frag = hp_hash_name(bam_get_qname(b));
        e.dupkey = dup_key(ctg, hdr, b);
        e.tid = tid;
        e.hbeg = hpos, e.hend = hpos + hrlen - 1;
        e.type = HP_EV_SPLIT;
        e.side = (uint8_t)side, e.end = (uint8_t)end, e.strand = (uint8_t)strand;
        int64_t jb = side == HP_SIDE_RIGHT ? e.hend - shift : e.hbeg + shift;
        e.pos = hp_site_pos(jb, side, end);
        /* a host part under the MAPQ threshold stays with its own record (which may still
         * take it, by AS against XS): here only a placement */
        if (mq < opt->min_mapq_host) e.type = HP_EV_PLACE;
        char *seq = malloc((size_t)L + 1);
        if (!seq) return -1;
        const uint8_t *s8 = bam_get_seq(b);
        for (int i = 0; i < L; i++)
            seq[i] = seq_nt16_str[bam_seqi(s8, i)];
        if (!same) hp_revcomp(seq, seq, (size_t)L);
        hostaln_t h = {cig, (uint32_t)nc, hpos - 1, seq, L, tid};
        int placed =
            place_junction(opt, hdr, &h, side, soft, end, strand, jb, 0, &e.pos, &e.alt);
        free(seq);
        if (placed < 0 && e.type == HP_EV_PLACE) return 0;
        return push_ev(acc, &e);
    }
    return 0;
}

/* A host alignment of a chimeric read often gets its MAPQ from the ambiguous viral part (the
 * two LTR copies): bwa's AS above XS (best other host hit) still says the host part is unique,
 * when by at least one mismatch's worth (bwa mem: match 1, mismatch 4). A smaller lead is a
 * repeat copy chosen by a sequencing error or a copy's own variants: a site in a dispersed
 * repeat (2 % divergent copies) was placed on another copy from such reads (AS 96 over XS 95). */
#define UNIQUE_AS_LEAD 5
static int unique_by_score(const bam1_t *b)
{
    const uint8_t *as = bam_aux_get(b, "AS"), *xs = bam_aux_get(b, "XS");
    if (!as || !xs) return 0;
    return bam_aux2i(as) - bam_aux2i(xs) >= UNIQUE_AS_LEAD;
}

static int64_t overlap(int64_t b1, int64_t e1, int64_t b2, int64_t e2)
{
    int64_t b = b1 > b2 ? b1 : b2, e = e1 < e2 ? e1 : e2;
    return e > b ? e - b : 0;
}

int hp_classify_record(const hp_contigs_t *ctg, const sam_hdr_t *hdr, const hp_classify_opt_t *opt,
                       const bam1_t *b, hp_acc_t *acc)
{
    const bam1_core_t *c = &b->core;
    uint16_t fl = c->flag;
    acc->records++;
    if (fl & BAM_FSECONDARY) {
        acc->reads_secondary++;
        return 0;
    }
    int cls = c->tid >= 0 && c->tid < ctg->n_targets ? ctg->cls[c->tid] : -1;
    int unmapped = (fl & BAM_FUNMAP) || cls < 0;
    int in_region = 1;
    if (opt->region_tid >= 0 && cls != HP_CTG_VIRUS)
        in_region =
            c->tid == opt->region_tid && c->pos >= opt->region_beg && c->pos < opt->region_end;
    int dup = (fl & BAM_FDUP) != 0, qcf = (fl & BAM_FQCFAIL) != 0;
    int paired = (fl & BAM_FPAIRED) != 0;
    int mate_cls = paired && !(fl & BAM_FMUNMAP) && c->mtid >= 0 && c->mtid < ctg->n_targets
                       ? ctg->cls[c->mtid]
                       : -1;
    if (in_region) {
        if (fl & BAM_FSUPPLEMENTARY) {
            acc->reads_supplementary++;
        } else {
            acc->reads_total++;
            acc->reads_dup += dup;
            acc->reads_unmapped += unmapped;
            acc->reads_qcfail += qcf;
            if (!dup && !qcf && !unmapped) {
                acc->reads_viral += cls == HP_CTG_VIRUS;
                acc->reads_host_autosomal += cls == HP_CTG_AUTOSOME;
            }
            if (!paired || (fl & BAM_FREAD1)) {
                acc->frag_total++;
                if (dup) {
                    acc->frag_dup++;
                } else if (!qcf) {
                    int own = unmapped ? -1 : cls;
                    if (own == HP_CTG_VIRUS || mate_cls == HP_CTG_VIRUS)
                        acc->frag_viral++;
                    else if (own == HP_CTG_AUTOSOME || (own < 0 && mate_cls == HP_CTG_AUTOSOME))
                        acc->frag_host_autosomal++;
                }
            }
        }
    }
    if (dup || qcf || unmapped) return 0;

    /* aligned bases */
    const uint32_t *cig = bam_get_cigar(b);
    if (cls == HP_CTG_AUTOSOME) {
        int64_t r = c->pos, rb = opt->region_tid >= 0 ? opt->region_beg : 0;
        int64_t re = opt->region_tid >= 0 ? opt->region_end : INT64_MAX;
        if (opt->region_tid >= 0 && c->tid != opt->region_tid) re = rb;
        for (uint32_t i = 0; i < c->n_cigar; i++) {
            int op = bam_cigar_op(cig[i]), l = bam_cigar_oplen(cig[i]);
            int t = bam_cigar_type(op);
            if ((t & 3) == 3) acc->host_bases += overlap(r, r + l, rb, re);
            if (t & 2) r += l;
        }
    } else if (c->tid == ctg->tid_x && opt->region_tid < 0) {
        for (uint32_t i = 0; i < c->n_cigar; i++)
            if ((bam_cigar_type(bam_cigar_op(cig[i])) & 3) == 3)
                acc->x_bases += bam_cigar_oplen(cig[i]);
    } else if (cls == HP_CTG_VIRUS) {
        const hp_vcontig_t *v = &ctg->vc[ctg->vidx[c->tid]];
        int64_t r = c->pos, reg_bases[HP_N_REGION] = {0};
        for (uint32_t i = 0; i < c->n_cigar; i++) {
            int op = bam_cigar_op(cig[i]), l = bam_cigar_oplen(cig[i]);
            int t = bam_cigar_type(op);
            if ((t & 3) == 3) {
                for (int g = 0; g < HP_N_REGION; g++)
                    for (int k = 0; k < v->n_iv[g]; k++)
                        reg_bases[g] += overlap(r, r + l, v->iv_beg[g][k] - 1, v->iv_end[g][k]);
            }
            if (t & 2) r += l;
        }
        int64_t mb = c->mpos, me = c->mpos + mate_ref_len(b);
        int mate_here = paired && !(fl & BAM_FMUNMAP) && c->mtid == c->tid;
        int mate_first = c->mpos < c->pos || (c->mpos == c->pos && (fl & BAM_FREAD2));
        for (int g = 0; g < HP_N_REGION; g++) {
            acc->vir_bases[g] += reg_bases[g];
            if (reg_bases[g] == 0 || (fl & BAM_FSUPPLEMENTARY)) continue;
            /* one count per fragment: the mate counts it when it also reaches the region and
             * comes first (leftmost, or read 1 at the same position) */
            int mate_in = 0;
            if (mate_here && mate_first)
                for (int k = 0; k < v->n_iv[g]; k++)
                    mate_in |= overlap(mb, me, v->iv_beg[g][k] - 1, v->iv_end[g][k]) > 0;
            acc->frag_region[g] += !mate_in;
        }
        if (opt->fai && !(fl & BAM_FSUPPLEMENTARY) && c->n_cigar > 1)
            return viral_split_evidence(ctg, hdr, opt, b, acc);
        return 0;
    }

    /* evidence also from the padding around a region (sites near its edges get all of theirs;
     * the caller keeps the sites inside) */
    if (!in_region && (c->tid != opt->region_tid || c->pos < opt->region_beg - opt->region_pad ||
                       c->pos >= opt->region_end + opt->region_pad))
        return 0;
    /* host statistics for the junction estimator */
    if (in_region && !(fl & BAM_FSUPPLEMENTARY) && cls == HP_CTG_AUTOSOME) {
        if (paired && (fl & BAM_FPROPER_PAIR) && c->mtid == c->tid && c->isize > 0)
            acc->ins_hist[c->isize < HP_INS_MAX ? c->isize : HP_INS_MAX]++;
        else if (!paired) {
            int64_t sp = bam_endpos(b) - c->pos;
            acc->span_hist[sp < HP_RLEN_MAX ? sp : HP_RLEN_MAX]++;
        }
    }
    /* no clip and no viral mate: no evidence possible (the common case) */
    if (c->n_cigar == 1 && mate_cls != HP_CTG_VIRUS) return 0;
    if (c->qual < opt->min_mapq_host && !unique_by_score(b)) return 0;
    return host_evidence(ctg, hdr, opt, b, acc);
}

static int cmp_ev(const void *pa, const void *pb)
{
    const hp_evidence_t *a = pa, *b = pb;
#define C(f)                                                                                       \
    if (a->f != b->f) return a->f < b->f ? -1 : 1
    C(tid);
    C(strand);
    C(pos);
    C(hbeg);
    C(hend);
    C(side);
    C(end);
    C(type);
    C(vdist);
    C(dupkey);
    C(frag);
    C(alt);
#undef C
    return 0;
}

void hp_evidence_sort(hp_evidence_t *ev, size_t n)
{
    if (n > 1) qsort(ev, n, sizeof *ev, cmp_ev);
}

void hp_evidence_compact(hp_evidence_t *ev, size_t *n)
{
    hp_evidence_sort(ev, *n);
    size_t w = 0;
    for (size_t i = 0; i < *n; i++) {
        if (w) {
            hp_evidence_t x = ev[i];
            x.frag = ev[w - 1].frag;
            if (memcmp(&x, &ev[w - 1], sizeof x) == 0) continue;
        }
        ev[w++] = ev[i];
    }
    *n = w;
}
