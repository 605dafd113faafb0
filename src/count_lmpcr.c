/* count_lmpcr.c -- LM-PCR integration sites from alignments (include/htlvpvl/count_lmpcr.h):
 * the read loop (htslib pool + OpenMP batches), per-read observations, sites, UMIs, sonicLength
 * clone sizes, calibration and the writers. */
#include "htlvpvl/count_lmpcr.h"
#include "htlvpvl/hash.h"
#include "htlvpvl/abundance.h"
#include "htlvpvl/attrition.h"
#include "htlvpvl/json.h"
#include "htlvpvl/junction.h"
#include "htlvpvl/log.h"
#include "htlvpvl/ltr_match.h"
#include "htlvpvl/omp_compat.h"
#include "htlvpvl/ref.h"
#include "htlvpvl/seq.h"
#include "htlvpvl/stats.h"
#include "htlvpvl/tsv.h"
#include "htlvpvl/umi.h"
#include "htlvpvl/version.h"
#include <htslib/bgzf.h>
#include <htslib/kstring.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void hp_lmc_opt_init(hp_lmc_opt_t *o)
{
    memset(o, 0, sizeof *o);
    o->n_threads = 1;
    o->fit_threads = 1;
    o->batch = 16384;
    o->ltr_read = 1;
    o->ltr_end = HP_END_U5;
    memcpy(o->ltr_tail, HP_U5_MOTIF, sizeof HP_U5_MOTIF);
    o->tail_edits = 2;
    o->min_mapq = 1;
    o->max_frag = 2000;
    o->merge_window = 3;
    o->umi_from = HP_UMI_AUTO;
    memcpy(o->umi_tag, "RX", 3);
}

/* One LTR-side read that reached the host. */
typedef struct {
    int32_t tid, pos; /* site of its placement (the first equally good one when multi-mapping) */
    int32_t shear;    /* mate's 5' end, 1-based, in that placement */
    int32_t len;      /* host bases from the junction base to the shear site */
    uint32_t alt_off; /* alternatives: alt[alt_off .. alt_off + alt_n) */
    uint64_t umi;     /* 2 bits a base */
    uint8_t strand, end, side, umi_len;
    uint8_t in_read;  /* the LTR end was seen in the read (clip or split) */
    uint8_t ltr_seen; /* ... beyond the host alignment (not host bases that read like it) */
    uint8_t multimap, alt_n;
    uint8_t like;   /* host before the junction reads like the LTR end (misprime rule) */
    uint32_t reads; /* reads with all of the above (identical reads are counted, not kept) */
} obs_t;

typedef struct {
    int32_t tid, pos;
    uint8_t strand;
} alt_t;

#define N_SLOT 2048

/* The aux fields a read needs, found in one pass (pointers to the type byte, as bam_aux_get). */
typedef struct {
    const uint8_t *sa, *umi, *mc, *xa, *nm;
    size_t umi_z_len; /* strlen of the UMI tag's value when it is of type Z */
} aux_t;

/* A record as classify() reads it: the core fields, and pointers into the BAM form of the rest
 * (CIGAR read with memcpy: in BGZF's buffer it need not be aligned). b is the record decoded, or
 * NULL until the junction code needs it (then decoded from raw into the thread's scratch). */
typedef struct {
    bam1_core_t core;
    const uint8_t *qname, *cigar, *aux, *end;
    const uint8_t *raw; /* BAM form after the block length, raw_len bytes (when b is NULL) */
    uint32_t raw_len;
    const bam1_t *b;
} rec_t;

typedef struct {
    obs_t *obs;
    size_t n, m;
    obs_t slot[N_SLOT]; /* recent reads by hash, reads 0 = empty */
    alt_t *alt;
    size_t n_alt, m_alt;
    hp_lmc_attrition_t att;
    hp_acc_t scratch;
    bam1_t *dec; /* a record decoded for the junction code */
    int failed;
} tstate_t;

typedef struct {
    const hp_contigs_t *ctg;
    const sam_hdr_t *hdr;
    const hp_lmc_opt_t *o;
    hp_classify_opt_t copt;
} ctx_t;

/* the slot of a read in the cache: only its spread matters (not the output) */
static uint64_t obs_hash(const obs_t *x)
{
    uint64_t h = ((uint64_t)(uint32_t)x->tid << 32 | (uint32_t)x->pos) * 0x9e3779b97f4a7c15ULL;
    h ^= ((uint64_t)(uint32_t)x->shear << 32 | (uint32_t)x->len) * 0xc2b2ae3d27d4eb4fULL;
    h ^= x->umi * 0x165667b19e3779f9ULL;
    h ^= (uint64_t)x->strand | (uint64_t)x->end << 8 | (uint64_t)x->side << 16 |
         (uint64_t)x->umi_len << 24 | (uint64_t)x->in_read << 32 | (uint64_t)x->ltr_seen << 40;
    return hp_mix64(h);
}

static int same_obs(const obs_t *a, const obs_t *b)
{
    return a->tid == b->tid && a->pos == b->pos && a->shear == b->shear && a->len == b->len &&
           a->umi == b->umi && a->strand == b->strand && a->end == b->end && a->side == b->side &&
           a->umi_len == b->umi_len && a->in_read == b->in_read && a->ltr_seen == b->ltr_seen &&
           a->multimap == b->multimap;
}

static int append_obs(tstate_t *ts, const obs_t *x)
{
    if (ts->n == ts->m) {
        size_t m = ts->m ? 2 * ts->m : 1024;
        obs_t *p = realloc(ts->obs, m * sizeof *p);
        if (!p) return -1;
        ts->obs = p, ts->m = m;
    }
    ts->obs[ts->n++] = *x;
    return 0;
}

static int push_obs(tstate_t *ts, obs_t *x)
{
    x->reads = 1;
    if (x->multimap) return append_obs(ts, x);
    /* PCR copies of a uniquely placed fragment are counted in a small direct-mapped cache
     * (it stays in the CPU cache); what it evicts goes to the list, where equal entries are
     * summed after sorting, so the result does not depend on what the cache held */
    obs_t *y = &ts->slot[(size_t)obs_hash(x) & (N_SLOT - 1)];
    if (y->reads && y->reads < UINT32_MAX && same_obs(x, y)) {
        y->reads++;
        return 0;
    }
    if (y->reads && append_obs(ts, y) < 0) return -1;
    *y = *x;
    return 0;
}

/* Move what the cache holds to the list. */
static int flush_obs(tstate_t *ts)
{
    for (size_t i = 0; i < N_SLOT; i++)
        if (ts->slot[i].reads && append_obs(ts, &ts->slot[i]) < 0) return -1;
    memset(ts->slot, 0, sizeof ts->slot);
    return 0;
}

/* Bytes of the aux value whose type byte is at s, or -1 when malformed. */
static const uint8_t *aux_next(const uint8_t *s, const uint8_t *end)
{
    size_t size;
    switch (*s) {
    case 'A':
    case 'c':
    case 'C':
        size = 1;
        break;
    case 's':
    case 'S':
        size = 2;
        break;
    case 'i':
    case 'I':
    case 'f':
        size = 4;
        break;
    case 'd':
        size = 8;
        break;
    case 'Z':
    case 'H': { /* short strings here (MD, MC, the UMI): a loop beats a call of memchr */
        const uint8_t *q = s + 1;
        while (q < end && *q)
            q++;
        return q < end ? q + 1 : NULL;
    }
    case 'B': {
        if (end - s < 6) return NULL;
        uint32_t n;
        memcpy(&n, s + 2, 4);
        int sub = s[1];
        size_t es = strchr("cCA", sub) ? 1 : strchr("sS", sub) ? 2 : strchr("iIf", sub) ? 4 : 0;
        if (!es || (size_t)(end - s - 6) / es < n) return NULL;
        return s + 6 + es * n;
    }
    default:
        return NULL;
    }
    return (size_t)(end - s - 1) >= size ? s + 1 + size : NULL;
}

static void aux_find(const rec_t *r, const char *umi_tag, aux_t *a)
{
    memset(a, 0, sizeof *a);
    const uint8_t *p = r->aux, *end = r->end;
    while (p && end - p >= 3) {
        const uint8_t *t = p + 2;
        if (p[0] == 'S' && p[1] == 'A')
            a->sa = t;
        else if (p[0] == 'M' && p[1] == 'C')
            a->mc = t;
        else if (p[0] == 'X' && p[1] == 'A')
            a->xa = t;
        else if (p[0] == 'N' && p[1] == 'M')
            a->nm = t;
        const uint8_t *nx = aux_next(t, end);
        if (p[0] == (uint8_t)umi_tag[0] && p[1] == (uint8_t)umi_tag[1]) {
            a->umi = t;
            a->umi_z_len = *t == 'Z' && nx ? (size_t)(nx - t - 2) : 0;
        }
        p = nx;
    }
}

static int push_alt(tstate_t *ts, int tid, int pos, int strand)
{
    if (ts->n_alt == ts->m_alt) {
        size_t m = ts->m_alt ? 2 * ts->m_alt : 256;
        alt_t *p = realloc(ts->alt, m * sizeof *p);
        if (!p) return -1;
        ts->alt = p, ts->m_alt = m;
    }
    ts->alt[ts->n_alt++] = (alt_t){tid, pos, (uint8_t)strand};
    return 0;
}

/* Reference length of a CIGAR string; -1 when malformed. */
static int cigar_str_rlen(const char *s, const char *end)
{
    int r = 0;
    while (s < end && *s) {
        char *e;
        long n = 0;
        if (*s >= '0' && *s <= '9') { /* the common case, as strtol would read it */
            const char *q = s;
            while (q < end && *q >= '0' && *q <= '9' && n < 100000000)
                n = n * 10 + (*q++ - '0');
            e = (char *)q;
            if (q < end && *q >= '0' && *q <= '9') n = strtol(s, &e, 10);
        } else {
            n = strtol(s, &e, 10);
        }
        if (e == s || e >= end || n < 0) return -1;
        if (*e == 'M' || *e == 'D' || *e == 'N' || *e == '=' || *e == 'X')
            r += (int)n;
        else if (!strchr("ISHP", *e))
            return -1;
        s = e + 1;
    }
    return r;
}

/* Provirus strand of a junction on `side` with LTR end `end` (FIELD.md section 4 table). */
static int strand_of(int side, int end)
{
    return (side == HP_SIDE_LEFT) == (end == HP_END_U5) ? HP_STRAND_PLUS : HP_STRAND_MINUS;
}

static int get_umi(const ctx_t *cx, const rec_t *rc, const aux_t *ax, uint64_t *code,
                   uint8_t *len)
{
    const char *u = NULL;
    size_t n = 0;
    *code = 0, *len = 0;
    int from = cx->o->umi_from;
    if (from == HP_UMI_NONE) return 0;
    if (from == HP_UMI_AUTO || from == HP_UMI_TAG) {
        const uint8_t *t = ax->umi;
        if (t && *t == 'Z') u = (const char *)t + 1, n = ax->umi_z_len;
    }
    if (!u && from != HP_UMI_TAG) {
        const char *nm = (const char *)rc->qname, *us = strrchr(nm, '_');
        if (us && us[1]) {
            u = us + 1, n = strlen(u);
            for (size_t i = 0; i < n; i++)
                if (!strchr("ACGTNacgtn", u[i])) u = NULL, i = n;
        }
    }
    if (!u || n == 0) return 0;
    if (n > HP_LMC_MAX_UMI) n = HP_LMC_MAX_UMI;
    uint64_t c = 0;
    for (size_t i = 0; i < n; i++) /* A (and N) 0, C 1, G 2, T 3 */
        c = c << 2 | (uint64_t)(hp_nt4[(unsigned char)u[i]] & 3);
    *code = c, *len = (uint8_t)n;
    return 1;
}

/* bam_endpos of the record */
static int64_t rec_endpos(const rec_t *r)
{
    int64_t rlen = 0;
    if (!(r->core.flag & BAM_FUNMAP))
        for (uint32_t k = 0; k < r->core.n_cigar; k++) {
            uint32_t c;
            memcpy(&c, r->cigar + 4 * k, 4);
            if (bam_cigar_type(bam_cigar_op(c)) & 2) rlen += bam_cigar_oplen(c);
        }
    return r->core.pos + (rlen > 0 ? rlen : 1);
}

/* 5' clip of a record (soft + hard, and soft alone) on the side of its 5' end. */
static void clip5(const rec_t *r, int *all, int *soft)
{
    int n = (int)r->core.n_cigar, rev = (r->core.flag & BAM_FREVERSE) != 0;
    *all = *soft = 0;
    for (int k = 0; k < n; k++) {
        uint32_t c;
        memcpy(&c, r->cigar + 4 * (rev ? n - 1 - k : k), 4);
        int op = bam_cigar_op(c), l = bam_cigar_oplen(c);
        if (op == BAM_CSOFT_CLIP)
            *all += l, *soft += l;
        else if (op == BAM_CHARD_CLIP)
            *all += l;
        else
            break;
    }
}

/* The first SA entry (the primary of a supplementary record) on a viral contig? */
static int sa_first_viral(const ctx_t *cx, const uint8_t *sa)
{
    const char *s = sa ? bam_aux2Z(sa) : NULL, *c = s ? strchr(s, ',') : NULL;
    return c && hp_contigs_viral_tid(cx->ctg, cx->hdr, s, (size_t)(c - s)) >= 0;
}

/* Does a primary record on the virus have a host part (SA entry off the virus)? */
static int sa_any_host(const ctx_t *cx, const uint8_t *sa)
{
    const char *p = sa ? bam_aux2Z(sa) : NULL;
    while (p && *p) {
        const char *c = strchr(p, ','), *semi = strchr(p, ';');
        if (!c) break;
        if (hp_contigs_viral_tid(cx->ctg, cx->hdr, p, (size_t)(c - p)) < 0) return 1;
        p = semi ? semi + 1 : NULL;
    }
    return 0;
}

static int cmp_alt(const void *pa, const void *pb)
{
    const alt_t *a = pa, *b = pb;
    if (a->tid != b->tid) return a->tid < b->tid ? -1 : 1;
    if (a->pos != b->pos) return a->pos < b->pos ? -1 : 1;
    return (int)a->strand - (int)b->strand;
}

/* Alternatives of a multi-mapping read: XA entries with no more edits than the primary, as
 * sites of the same LTR end. Appends them (and the primary placement) to ts->alt. */
static int read_alts(const ctx_t *cx, const aux_t *ax, int end, obs_t *x, tstate_t *ts)
{
    const uint8_t *xa = ax->xa, *nmt = ax->nm;
    const char *p = xa ? bam_aux2Z(xa) : NULL;
    int64_t nm = nmt ? bam_aux2i(nmt) : 0;
    x->alt_off = (uint32_t)ts->n_alt, x->alt_n = 0;
    if (push_alt(ts, x->tid, x->pos, x->strand) < 0) return -1;
    x->alt_n = 1;
    while (p && *p && x->alt_n < HP_LMC_MAX_ALT) {
        const char *f[4], *semi = strchr(p, ';');
        if (!semi) semi = p + strlen(p);
        int nf = 0;
        f[nf++] = p;
        for (const char *q = p; q < semi && nf < 4; q++)
            if (*q == ',') f[nf++] = q + 1;
        if (nf == 4 && atoi(f[3]) <= nm && f[1] - 1 - f[0] < 256) {
            char name[256];
            memcpy(name, f[0], (size_t)(f[1] - 1 - f[0]));
            name[f[1] - 1 - f[0]] = 0;
            int tid = sam_hdr_name2tid((sam_hdr_t *)cx->hdr, name);
            int rl = cigar_str_rlen(f[2], f[3] - 1);
            long apos = strtol(f[1] + 1, NULL, 10);
            if (tid >= 0 && rl > 0 && cx->ctg->cls[tid] != HP_CTG_VIRUS && apos > 0) {
                int fwd = f[1][0] == '+', side = fwd ? HP_SIDE_LEFT : HP_SIDE_RIGHT;
                int jb = fwd ? (int)apos : (int)apos + rl - 1;
                if (push_alt(ts, tid, hp_site_pos(jb, side, end), strand_of(side, end)) < 0)
                    return -1;
                x->alt_n++;
            }
        }
        p = *semi ? semi + 1 : semi;
    }
    return 0;
}

static int decode_raw(const uint8_t *p, uint32_t block_len, bam1_t *b);

/* Classify one record into ts. Thread-safe for distinct ts. */
static int classify(const ctx_t *cx, const rec_t *rc, tstate_t *ts)
{
    const bam1_core_t *c = &rc->core;
    const hp_lmc_opt_t *o = cx->o;
    hp_lmc_attrition_t *a = &ts->att;
    a->records++;
    if (c->flag & BAM_FSECONDARY) return 0;
    int paired = (c->flag & BAM_FPAIRED) != 0;
    if (paired && !(c->flag & (o->ltr_read == 1 ? BAM_FREAD1 : BAM_FREAD2))) return 0;
    aux_t ax;
    aux_find(rc, o->umi_tag, &ax);
    int unmapped = (c->flag & BAM_FUNMAP) || c->tid < 0 || c->tid >= cx->ctg->n_targets;
    int viral = !unmapped && cx->ctg->cls[c->tid] == HP_CTG_VIRUS;
    if (c->flag & BAM_FSUPPLEMENTARY) {
        /* a host part stands for the read only when the primary is viral */
        if (unmapped || viral || !sa_first_viral(cx, ax.sa)) return 0;
    } else if (viral && sa_any_host(cx, ax.sa)) {
        return 0; /* counted at its host supplementary */
    }
    a->ltr_reads++;
    if (c->flag & BAM_FQCFAIL) return a->qcfail++, 0;
    if (unmapped) return a->unmapped++, 0;
    if (viral) return a->viral++, 0;

    obs_t x;
    memset(&x, 0, sizeof x);
    int rev = (c->flag & BAM_FREVERSE) != 0, side = rev ? HP_SIDE_RIGHT : HP_SIDE_LEFT, jb = 0;
    int all5, soft5;
    clip5(rc, &all5, &soft5);
    /* the alignment end is needed for reverse reads and junction evidence only */
    int32_t hbeg = (int32_t)c->pos + 1;
    int32_t hend = rev || all5 >= HP_MIN_CLIP || ax.sa ? (int32_t)rec_endpos(rc) : 0;
    if (all5 >= HP_MIN_CLIP || ax.sa) {
        /* the junction code of the WGS path: LTR-end clip or split alignment at the 5' end */
        const bam1_t *b = rc->b;
        if (!b) {
            if (decode_raw(rc->raw, rc->raw_len, ts->dec) < 0) return -1;
            b = ts->dec;
        }
        bam1_t t = *b; /* shallow: only the flag differs, so duplicates are looked at too */
        t.core.flag &= (uint16_t)~BAM_FDUP;
        ts->scratch.n_ev = 0;
        if (hp_classify_record(cx->ctg, cx->hdr, &cx->copt, &t, &ts->scratch) < 0) return -1;
        for (size_t i = 0; i < ts->scratch.n_ev; i++) {
            const hp_evidence_t *e = &ts->scratch.ev[i];
            if (e->type == HP_EV_DISC || e->side != side || e->end == HP_END_DEL) continue;
            x.tid = e->tid, x.pos = e->pos, x.strand = e->strand, x.end = e->end;
            jb = hp_junction_base(e->pos, side, e->strand);
            int shift = side == HP_SIDE_LEFT ? jb - hbeg : hend - jb;
            x.in_read = 1, x.ltr_seen = shift <= 0;
            break;
        }
        if (!x.in_read && all5 >= HP_MIN_CLIP) return a->no_ltr_end++, 0;
    }
    if (!x.in_read) { /* trimmed: the 5' end is the host base joined to the LTR end */
        jb = side == HP_SIDE_LEFT ? hbeg - soft5 : hend + soft5;
        x.tid = c->tid, x.end = (uint8_t)o->ltr_end;
        x.pos = hp_site_pos(jb, side, o->ltr_end);
        x.strand = (uint8_t)strand_of(side, o->ltr_end);
    }
    x.side = (uint8_t)side;
    /* shear site: the mate's 5' end, on the host downstream of the junction */
    int shear = 0;
    int mrev = (c->flag & BAM_FMREVERSE) != 0;
    if (paired && !(c->flag & BAM_FMUNMAP) && c->mtid == c->tid && mrev != rev) {
        if (!mrev) {
            shear = (int)c->mpos + 1;
        } else {
            const uint8_t *mc = ax.mc;
            const char *ms = mc ? bam_aux2Z(mc) : NULL;
            int rl = ms ? cigar_str_rlen(ms, ms + strlen(ms)) : -1;
            if (rl > 0)
                shear = (int)c->mpos + rl;
            else if (!(c->flag & BAM_FSUPPLEMENTARY) && c->isize > 0)
                shear = (int)c->pos + (int)c->isize;
        }
    }
    int len = side == HP_SIDE_LEFT ? shear - jb + 1 : jb - shear + 1;
    if (shear <= 0 || len < 1 || len > o->max_frag) return a->no_shear_site++, 0;
    x.shear = shear, x.len = len;
    get_umi(cx, rc, &ax, &x.umi, &x.umi_len);
    if (c->qual < o->min_mapq) {
        x.multimap = 1;
        if (read_alts(cx, &ax, x.end, &x, ts) < 0) return -1;
        /* the first equally good placement in genome order */
        const alt_t *best = &ts->alt[x.alt_off];
        for (int i = 1; i < x.alt_n; i++)
            if (cmp_alt(&ts->alt[x.alt_off + i], best) < 0) best = &ts->alt[x.alt_off + i];
        if (best->tid != x.tid || best->pos != x.pos || best->strand != x.strand) {
            int bside =
                best->strand == strand_of(HP_SIDE_LEFT, x.end) ? HP_SIDE_LEFT : HP_SIDE_RIGHT;
            int bjb = hp_junction_base(best->pos, bside, best->strand);
            if (x.end == HP_END_U5 || x.end == HP_END_U3) {
                x.tid = best->tid, x.pos = best->pos, x.strand = best->strand;
                x.side = (uint8_t)bside;
                x.shear = bside == HP_SIDE_LEFT ? bjb + len - 1 : bjb - len + 1;
            }
        }
    }
    return push_obs(ts, &x);
}

/* ---- the read loop ---- */

/* The BAM reader of the scan. sam_read1 copies a record in four bgzf_read calls and checks it;
 * half of an LM-PCR BAM is the linker-side mate, which classify() passes over. Here a BAM
 * record is looked at where BGZF decompressed it: one that classify() would pass over
 * (secondary, or the mate that is not the LTR read) is counted and skipped undecoded; any other
 * is checked as bam_read1 and sam_read1 check it and, with one thread, classified in place (a
 * record that spans two BGZF blocks is copied first); with several, decoded into the batch.
 * SAM, CRAM and a big-endian host read through sam_read1. */
typedef struct {
    int raw;           /* BAM read from the BGZF buffer */
    uint16_t want;     /* BAM_FREAD1 or BAM_FREAD2: the LTR read of a pair */
    int64_t n_skipped; /* records passed over (counted in the attrition's records) */
    uint8_t *buf;      /* a record that spans two BGZF blocks */
    size_t m_buf;
    bam1_t *dec;       /* a record decoded here (long CIGAR, or not read raw) */
    int n_ref;         /* sam_hdr_nref(): looked up once, not a call a record */
} reader_t;

static int reserve(uint8_t **p, size_t *m, size_t need)
{
    if (need <= *m) return 0;
    size_t nm = need + need / 2 + 64;
    uint8_t *q = realloc(*p, nm);
    if (!q) return -1;
    *p = q, *m = nm;
    return 0;
}

/* Core fields of the record at p (block_len bytes after its length) and the checks bam_read1
 * makes of its sizes and name: 0, or -4. */
static int raw_core(const uint8_t *p, uint32_t block_len, bam1_core_t *c)
{
    int32_t x[8];
    memcpy(x, p, 32);
    c->tid = x[0], c->pos = x[1];
    c->bin = (uint16_t)((uint32_t)x[2] >> 16), c->qual = (uint8_t)((uint32_t)x[2] >> 8);
    c->l_qname = (uint16_t)(x[2] & 0xff);
    c->flag = (uint16_t)((uint32_t)x[3] >> 16), c->n_cigar = (uint32_t)x[3] & 0xffff;
    c->l_qseq = x[4], c->mtid = x[5], c->mpos = x[6], c->isize = x[7];
    c->l_extranul = (uint8_t)(c->l_qname % 4 ? 4 - c->l_qname % 4 : 0);
    int64_t l_data = (int64_t)block_len - 32 + c->l_extranul;
    if (l_data > INT32_MAX || c->l_qseq < 0 || c->l_qname < 1) return -4;
    if (((uint64_t)c->n_cigar << 2) + c->l_qname + c->l_extranul +
            (((uint64_t)c->l_qseq + 1) >> 1) + (uint64_t)c->l_qseq >
        (uint64_t)l_data)
        return -4;
    if (p[32 + c->l_qname - 1] != 0) return -4; /* a name without its NUL */
    return 0;
}

/* A CIGAR (unaligned) against the sequence length, as bam_read1 checks it; also its reference
 * length (1 when none) */
static int cigar_ok(const bam1_core_t *c, const uint8_t *cig, hts_pos_t *rlen_out)
{
    hts_pos_t rlen = 0, qlen = 0;
    for (uint32_t k = 0; k < c->n_cigar; k++) {
        uint32_t op;
        memcpy(&op, cig + 4 * k, 4);
        int t = bam_cigar_type(bam_cigar_op(op));
        if (t & 1) qlen += bam_cigar_oplen(op);
        if (t & 2) rlen += bam_cigar_oplen(op);
    }
    if ((c->flag & BAM_FUNMAP) || rlen == 0) rlen = 1;
    *rlen_out = rlen;
    return c->n_cigar == 0 || c->l_qseq == 0 || (c->flag & BAM_FUNMAP) || qlen == c->l_qseq;
}

/* The long-CIGAR form (kSmN placeholder, real CIGAR in a CG:B,I tag)? */
static int long_cigar_form(const bam1_core_t *c, const uint8_t *cig)
{
    if (c->n_cigar == 0 || c->tid < 0 || c->pos < 0) return 0;
    uint32_t c0;
    memcpy(&c0, cig, 4);
    return bam_cigar_op(c0) == BAM_CSOFT_CLIP && (int64_t)bam_cigar_oplen(c0) == c->l_qseq;
}

/* The long-CIGAR form rewritten as bam_read1 does: CIGAR from the CG tag, the tag dropped.
 * 0, or -4 when the tag is malformed. */
static int cg_to_cigar(bam1_t *b)
{
    bam1_core_t *c = &b->core;
    if (!long_cigar_form(c, (const uint8_t *)bam_get_cigar(b))) return 0;
    uint8_t *cg = bam_aux_get(b, "CG");
    if (!cg) return 0;
    if (cg[0] != 'B' || (cg[1] != 'I' && cg[1] != 'i')) return -4;
    uint32_t n;
    memcpy(&n, cg + 2, 4);
    uint8_t *tag = cg - 2, *data_end = b->data + b->l_data;
    size_t tag_len = 8 + (size_t)n * 4;
    if ((size_t)(data_end - tag) < tag_len) return -4;
    size_t old_cig = (size_t)c->n_cigar * 4, new_cig = (size_t)n * 4;
    size_t head = (size_t)c->l_qname, mid = (size_t)(tag - (b->data + head + old_cig));
    size_t tail = (size_t)(data_end - (tag + tag_len));
    size_t nl = head + new_cig + mid + tail;
    uint8_t *d = malloc(nl ? nl : 1);
    if (!d) return -4;
    memcpy(d, b->data, head);
    memcpy(d + head, cg + 6, new_cig);
    memcpy(d + head + new_cig, b->data + head + old_cig, mid);
    memcpy(d + head + new_cig + mid, tag + tag_len, tail);
    free(b->data);
    b->data = d, b->m_data = nl, b->l_data = (int)nl, c->n_cigar = n;
    return 0;
}

/* One record (p: block_len bytes after its length) into b, as bam_read1 does: 0, or -4 */
static int decode_raw(const uint8_t *p, uint32_t block_len, bam1_t *b)
{
    bam1_core_t *c = &b->core;
    if (raw_core(p, block_len, c) < 0) return -4;
    size_t l_data = (size_t)block_len - 32 + c->l_extranul;
    if (l_data > b->m_data) {
        size_t m = l_data + 64;
        uint8_t *d = realloc(b->data, m);
        if (!d) return -4;
        b->data = d, b->m_data = m;
    }
    b->l_data = (int)l_data;
    const uint8_t *q = p + 32;
    memcpy(b->data, q, c->l_qname);
    memset(b->data + c->l_qname, 0, c->l_extranul);
    memcpy(b->data + c->l_qname + c->l_extranul, q + c->l_qname, block_len - 32 - c->l_qname);
    c->l_qname = (uint16_t)(c->l_qname + c->l_extranul);
    if (cg_to_cigar(b) < 0) return -4;
    hts_pos_t rlen;
    if (!cigar_ok(c, (const uint8_t *)bam_get_cigar(b), &rlen)) return -4;
    if (c->n_cigar > 0) c->bin = (uint16_t)hts_reg2bin(c->pos, c->pos + rlen, 14, 5);
    return 0;
}

static void rec_of_bam(const bam1_t *b, rec_t *r)
{
    r->core = b->core;
    r->qname = b->data;
    r->cigar = (const uint8_t *)bam_get_cigar(b);
    r->aux = bam_get_aux(b), r->end = b->data + b->l_data;
    r->raw = NULL, r->raw_len = 0, r->b = b;
}

/* The view of a record read raw, after the checks of bam_read1 (a long CIGAR is decoded into
 * rd->dec): 0, or -4 */
static int rec_of_raw(reader_t *rd, const uint8_t *p, uint32_t bl, rec_t *r)
{
    if (raw_core(p, bl, &r->core) < 0) return -4;
    const bam1_core_t *c = &r->core;
    r->qname = p + 32;
    r->cigar = r->qname + c->l_qname;
    if (long_cigar_form(c, r->cigar)) {
        if (decode_raw(p, bl, rd->dec) < 0) return -4;
        rec_of_bam(rd->dec, r);
        return 0;
    }
    hts_pos_t rlen;
    if (!cigar_ok(c, r->cigar, &rlen)) return -4;
    r->aux = r->cigar + 4 * c->n_cigar + ((c->l_qseq + 1) >> 1) + c->l_qseq;
    r->end = p + bl;
    r->raw = p, r->raw_len = bl, r->b = NULL;
    return 0;
}

/* The next record that classify() looks at, in place (p, bl; valid until the next call):
 * 0, -1 at the end, < -1 on error */
static int raw_next(reader_t *rd, hp_bam_t *b, const uint8_t **pp, uint32_t *blp)
{
    BGZF *fp = b->fp->fp.bgzf;
    int nt = rd->n_ref;
    for (;;) {
        const uint8_t *p;
        uint32_t bl;
        int avail = fp->block_length - fp->block_offset;
        const uint8_t *blk = (const uint8_t *)fp->uncompressed_block + fp->block_offset;
        if (avail >= 36 && (memcpy(&bl, blk, 4), bl >= 32 && bl <= (uint32_t)avail - 4)) {
            p = blk + 4; /* whole in this block: used in place */
            fp->block_offset += (int)bl + 4;
            fp->uncompressed_address += (int64_t)bl + 4;
            /* as bgzf_read leaves a used-up block, so that the next read loads a block (the
             * block address, for bgzf_tell only, is not kept: the scan does not tell) */
            if (fp->block_offset == fp->block_length) fp->block_offset = fp->block_length = 0;
        } else {
            int r = bgzf_read(fp, &bl, 4);
            if (r != 4) return r == 0 ? -1 : -2;
            if (bl < 32 || bl > INT32_MAX || reserve(&rd->buf, &rd->m_buf, bl) < 0) return -4;
            if (bgzf_read(fp, rd->buf, bl) != (ssize_t)bl) return -4;
            p = rd->buf;
        }
        int32_t tid, mtid;
        uint16_t flag;
        memcpy(&tid, p, 4), memcpy(&mtid, p + 20, 4), memcpy(&flag, p + 14, 2);
        if (tid >= nt || tid < -1 || mtid >= nt || mtid < -1) {
            errno = ERANGE;
            return -3;
        }
        if ((flag & BAM_FSECONDARY) || ((flag & BAM_FPAIRED) && !(flag & rd->want))) {
            rd->n_skipped++, b->n_read++;
            continue;
        }
        *pp = p, *blp = bl;
        return 0;
    }
}

/* The next record into v (decoded): 0, -1 at the end, < -1 on error */
static int reader_next(reader_t *rd, hp_bam_t *b, bam1_t *v)
{
    if (!rd->raw) {
        int r = sam_read1(b->fp, b->hdr, v);
        if (r >= 0) b->n_read++;
        return r < 0 ? r : 0;
    }
    const uint8_t *p;
    uint32_t bl;
    int r = raw_next(rd, b, &p, &bl);
    if (r < 0) return r;
    if ((r = decode_raw(p, bl, v)) == 0) b->n_read++;
    return r;
}

static int read_batch(reader_t *rd, hp_bam_t *b, bam1_t **v, int n, int *end)
{
    int i = 0, r = 0;
    for (; i < n; i++)
        if ((r = reader_next(rd, b, v[i])) < 0) break;
    *end = r < 0 ? r : 0;
    return i;
}

/* One thread: each record classified as it is read (in place when read raw). *end as
 * read_batch's. 0, or -1 when classify() failed. */
static int scan_one(reader_t *rd, hp_bam_t *b, const ctx_t *cx, tstate_t *ts, int *end)
{
    rec_t rc;
    int r;
    for (;;) {
        if (rd->raw) {
            const uint8_t *p;
            uint32_t bl;
            if ((r = raw_next(rd, b, &p, &bl)) < 0 || (r = rec_of_raw(rd, p, bl, &rc)) < 0) break;
        } else {
            if ((r = sam_read1(b->fp, b->hdr, rd->dec)) < 0) break;
            rec_of_bam(rd->dec, &rc);
        }
        b->n_read++;
        if (classify(cx, &rc, ts) < 0) return -1;
    }
    *end = r;
    return 0;
}

static int scan(hp_bam_t *b, const ctx_t *cx, tstate_t *ts, int nt)
{
    int bs = cx->o->batch > 0 ? cx->o->batch : 16384;
    int ret = -1, end = 0;
    bam1_t **buf[2] = {NULL, NULL};
    reader_t rd = {0, cx->o->ltr_read == 2 ? BAM_FREAD2 : BAM_FREAD1, 0, NULL, 0, NULL, 0};
    rd.raw = b->fp->format.format == bam && !b->fp->fp.bgzf->is_be;
    rd.n_ref = sam_hdr_nref(b->hdr);
    if (!(rd.dec = bam_init1())) goto nomem;
    for (int t = 0; t < nt; t++)
        if (!(ts[t].dec = bam_init1())) goto nomem;
    if (nt == 1) {
        if (scan_one(&rd, b, cx, ts, &end) < 0) goto nomem;
    } else {
        for (int k = 0; k < 2; k++) {
            buf[k] = calloc((size_t)bs, sizeof(bam1_t *));
            if (!buf[k]) goto nomem;
            for (int i = 0; i < bs; i++)
                if (!(buf[k][i] = bam_init1())) goto nomem;
        }
        int cur = 0, n_cur = read_batch(&rd, b, buf[0], bs, &end), failed = 0;
        while (n_cur > 0 && end >= -1) {
            int n_next = 0, end_next = -1, do_read = end == 0;
            const int chunk = 256;
            int n_chunks = (n_cur + chunk - 1) / chunk, next_chunk = 0;
            bam1_t **v = buf[cur];
#ifdef _OPENMP
#pragma omp parallel num_threads(nt)
#endif
            {
                int t = omp_get_thread_num();
                if (t == 0 && do_read) n_next = read_batch(&rd, b, buf[1 - cur], bs, &end_next);
                for (;;) {
                    int ch;
#ifdef _OPENMP
#pragma omp atomic capture
#endif
                    ch = next_chunk++;
                    if (ch >= n_chunks) break;
                    int lo = ch * chunk, hi = lo + chunk < n_cur ? lo + chunk : n_cur;
                    for (int i = lo; i < hi; i++) {
                        rec_t rc;
                        rec_of_bam(v[i], &rc);
                        if (classify(cx, &rc, &ts[t]) < 0) {
#ifdef _OPENMP
#pragma omp atomic write
#endif
                            failed = 1;
                        }
                    }
                }
            }
            if (failed) goto nomem;
            cur = 1 - cur, n_cur = n_next, end = do_read ? end_next : -1;
        }
    }
    ts[0].att.records += rd.n_skipped;
    /* a BGZF stream that ended without its end-of-file block was cut short */
    BGZF *bg = b->fp->format.compression == bgzf ? b->fp->fp.bgzf : NULL;
    if (end == -1 && bg && (bg->errcode || bg->no_eof_block || !bg->last_block_eof)) end = -3;
    if (end < -1) {
        if (b->is_cram)
            snprintf(b->err, sizeof b->err,
                     "cannot decode record %lld (truncated, corrupt, or CRAM reference missing: "
                     "give --reference)",
                     (long long)b->n_read + 1);
        else
            snprintf(b->err, sizeof b->err, "truncated or corrupt after %lld records",
                     (long long)b->n_read);
        goto out;
    }
    ret = 0;
    goto out;
nomem:
    snprintf(b->err, sizeof b->err, "out of memory");
out:
    free(rd.buf);
    bam_destroy1(rd.dec);
    for (int k = 0; k < 2; k++) {
        if (!buf[k]) continue;
        for (int i = 0; i < bs; i++)
            bam_destroy1(buf[k][i]);
        free(buf[k]);
    }
    return ret;
}

/* ---- sites ---- */

/* ob sorted by tid, strand, pos, shear, umi_len, umi, len, end, side, in_read, ltr_seen,
 * multimap (equal entries in their input order): an LSD radix sort on four keys that order as
 * those fields do (a qsort by that comparison was the largest cost after the read loop). 16-bit
 * digits with one value over all entries are passed over. 0, or -1 out of memory. */
static int sort_obs(obs_t *ob, size_t n)
{
    if (n < 2) return 0;
    if (n > UINT32_MAX) return -1;
    int ret = -1;
    uint64_t *key = malloc(4 * n * sizeof *key); /* key[q * n + i]: key q of entry i */
    uint32_t *ix = malloc(2 * n * sizeof *ix);
    obs_t *tmp = malloc(n * sizeof *tmp);
    size_t *cnt = malloc(65536 * sizeof *cnt);
    if (!key || !ix || !tmp || !cnt) goto out;
    for (size_t i = 0; i < n; i++) {
        const obs_t *x = &ob[i];
        /* signed fields with the sign bit flipped; tid >= 0 (placed reads); strand and the
         * flags 0 or 1 */
        key[i] = (uint64_t)(uint32_t)x->tid << 33 | (uint64_t)(x->strand & 1) << 32 |
                 ((uint32_t)x->pos ^ 0x80000000u);
        key[n + i] = (uint64_t)((uint32_t)x->shear ^ 0x80000000u) << 8 | x->umi_len;
        key[2 * n + i] = x->umi;
        key[3 * n + i] = (uint64_t)((uint32_t)x->len ^ 0x80000000u) << 24 |
                         (uint64_t)x->end << 16 | (uint64_t)x->side << 8 |
                         (uint64_t)(x->in_read & 1) << 2 | (uint64_t)(x->ltr_seen & 1) << 1 |
                         (uint64_t)(x->multimap & 1);
        ix[i] = (uint32_t)i;
    }
    uint32_t *is = ix, *id = ix + n;
    for (int q = 3; q >= 0; q--) { /* least significant key first; each pass is stable */
        const uint64_t *kq = key + (size_t)q * n;
        uint64_t k_or = 0, k_and = ~0ULL; /* the bits that differ between entries */
        for (size_t i = 0; i < n; i++)
            k_or |= kq[i], k_and &= kq[i];
        for (int d = 0; d < 4; d++) { /* 16 bits a pass */
            if ((((k_or ^ k_and) >> (16 * d)) & 0xffff) == 0) continue;
            memset(cnt, 0, 65536 * sizeof *cnt);
            for (size_t i = 0; i < n; i++)
                cnt[(kq[i] >> (16 * d)) & 0xffff]++;
            size_t sum = 0;
            for (int b = 0; b < 65536; b++) {
                size_t t = cnt[b];
                cnt[b] = sum, sum += t;
            }
            for (size_t i = 0; i < n; i++)
                id[cnt[(kq[is[i]] >> (16 * d)) & 0xffff]++] = is[i];
            uint32_t *t = is;
            is = id, id = t;
        }
    }
    for (size_t i = 0; i < n; i++)
        tmp[i] = ob[is[i]];
    memcpy(ob, tmp, n * sizeof *ob);
    ret = 0;
out:
    free(key), free(ix), free(tmp), free(cnt);
    return ret;
}

/* Edit distance of p[0..m) against a prefix of t[0..n) that starts at t[0] (its end free). */
static int anchored_edits(const char *p, int m, const char *t, int n)
{
    int d[2][64] = {{0}}, best;
    for (int j = 0; j <= n; j++)
        d[0][j] = j;
    for (int i = 1; i <= m; i++) {
        int *cur = d[i & 1], *prev = d[(i - 1) & 1];
        cur[0] = i;
        for (int j = 1; j <= n; j++) {
            int x = prev[j - 1] + (p[i - 1] != t[j - 1]);
            if (prev[j] + 1 < x) x = prev[j] + 1;
            if (cur[j - 1] + 1 < x) x = cur[j - 1] + 1;
            cur[j] = x;
        }
    }
    best = d[m & 1][0];
    for (int j = 1; j <= n; j++)
        if (d[m & 1][j] < best) best = d[m & 1][j];
    return best;
}

static char comp_base(char c)
{
    return c == 'A' ? 'T' : c == 'C' ? 'G' : c == 'G' ? 'C' : c == 'T' ? 'A' : 'N';
}

/* Host at the junction already reads like the LTR end (the misprime rule)? -1: unknown. */
static int ltr_like_host(const faidx_t *fai, const sam_hdr_t *h, const hp_lmc_opt_t *o,
                         const obs_t *x)
{
    char tail[21];
    int k = (int)strlen(o->ltr_tail), w = k + o->tail_edits;
    if (x->end == HP_END_U3) /* read-wise, a U3 junction reads out of rc(U3 start) */
        for (int i = 0; i < k; i++)
            tail[i] = comp_base(hp_htlv1_seq[k - 1 - i]);
    else
        memcpy(tail, o->ltr_tail, (size_t)k);
    int jb = hp_junction_base(x->pos, x->side, x->strand);
    /* 0-based inclusive range of the w host bases on the LTR side of the junction */
    int64_t beg = x->side == HP_SIDE_LEFT ? jb - 1 - w : jb, end = beg + w - 1;
    if (beg < 0) return 0;
    hts_pos_t len = 0;
    char *s = faidx_fetch_seq64(fai, sam_hdr_tid2name(h, x->tid), beg, end, &len);
    if (!s) return -1;
    if (len != w) {
        free(s);
        return 0;
    }
    /* both read outwards from the junction: the tail backwards, the host away from it */
    char p[21], t[32];
    for (int i = 0; i < k; i++)
        p[i] = tail[k - 1 - i];
    for (int i = 0; i < w; i++) {
        char g = (char)(s[x->side == HP_SIDE_LEFT ? w - 1 - i : i] & ~0x20);
        t[i] = x->side == HP_SIDE_LEFT ? g : comp_base(g);
    }
    free(s);
    return anchored_edits(p, k, t, w) <= o->tail_edits;
}

typedef struct {
    size_t beg, end; /* obs range */
    int64_t reads;
    int center;
} posgrp_t;

typedef struct {
    char *key;
    int64_t count;
} ukey_t;

static int cmp_ukey(const void *pa, const void *pb)
{
    const ukey_t *a = pa, *b = pb;
    return hp_umi_cmp_pair(&a->key, &b->key);
}

static int cmp_int(const void *pa, const void *pb)
{
    int a = *(const int *)pa, b = *(const int *)pb;
    return (a > b) - (a < b);
}

/* L ascending; the lengths of a site of one position come sorted by shear site, so ascending
 * (left side) or descending (right side): those without qsort */
static void sort_lens(int *L, size_t n)
{
    size_t up = 1, down = 1;
    while (up < n && L[up - 1] <= L[up])
        up++;
    if (up >= n) return;
    while (down < n && L[down - 1] >= L[down])
        down++;
    if (down < n) {
        qsort(L, n, sizeof *L, cmp_int);
        return;
    }
    for (size_t i = 0, j = n - 1; i < j; i++, j--) {
        int t = L[i];
        L[i] = L[j], L[j] = t;
    }
}

void hp_lmc_result_destroy(hp_lmc_result_t *r)
{
    if (!r) return;
    for (int i = 0; i < r->n_site; i++)
        free(r->site[i].alt);
    free(r->site);
    memset(r, 0, sizeof *r);
}

/* Fisher information of theta for one site with phi fixed: sum_l phi_l^2 / (e^(theta phi_l)
 * - 1) over the fitted length distribution (presence-only Poisson). */
static double fisher_theta(const hp_abund_t *ab, double theta)
{
    double s = 0;
    for (int l = 0; l < ab->n_rows; l++) {
        double p = ab->phi[l], x = theta * p;
        if (p > 0 && x < 700) s += p * p / expm1(x);
    }
    return s;
}

static void umi_str(char *buf, uint64_t code, int n)
{
    for (int i = 0; i < n; i++)
        buf[i] = "ACGT"[(code >> (2 * (n - 1 - i))) & 3];
    buf[n] = 0;
}

/* Sites in genome order: contig (header order), position, strand. */
static int cmp_site_pos(const void *pa, const void *pb)
{
    const hp_lmc_site_t *a = pa, *b = pb;
    if (a->tid != b->tid) return a->tid < b->tid ? -1 : 1;
    if (a->pos != b->pos) return a->pos < b->pos ? -1 : 1;
    return (int)a->strand - (int)b->strand;
}

/* One (shear, UMI) of a site with its reads. */
typedef struct {
    uint64_t umi;
    int32_t shear;
    uint8_t umi_len;
    int64_t count;
} ent_t;

static int cmp_ent(const void *pa, const void *pb)
{
    const ent_t *a = pa, *b = pb;
    if (a->shear != b->shear) return a->shear < b->shear ? -1 : 1;
    if (a->umi_len != b->umi_len) return a->umi_len < b->umi_len ? -1 : 1;
    return (a->umi > b->umi) - (a->umi < b->umi);
}

/* en[0..n) (and len[], entry by entry) in cmp_ent() order, from nr runs already in that order
 * (run r: [run[r], run[r + 1])): merged in pairs, the earlier run first among equal entries
 * (as a stable sort). A site's positions each give one run; a qsort of it was a tenth of the
 * time after the read loop. run[] is overwritten; t_en, t_len: scratch of n entries. */
static void merge_runs(ent_t *en, int *len, size_t *run, size_t nr, ent_t *t_en, int *t_len)
{
    ent_t *se = en, *de = t_en;
    int *sl = len, *dl = t_len;
    while (nr > 1) {
        size_t w = 0;
        for (size_t r = 0; r < nr; r += 2) {
            size_t a = run[r], am = run[r + 1], b = am, o = a;
            size_t bm = r + 1 < nr ? run[r + 2] : am; /* an odd run out: copied */
            while (a < am && b < bm) {
                size_t k = cmp_ent(&se[b], &se[a]) < 0 ? b++ : a++;
                de[o] = se[k], dl[o++] = sl[k];
            }
            for (; a < am; a++)
                de[o] = se[a], dl[o++] = sl[a];
            for (; b < bm; b++)
                de[o] = se[b], dl[o++] = sl[b];
            run[w++] = run[r];
        }
        run[w] = run[nr];
        nr = w;
        ent_t *te = se;
        se = de, de = te;
        int *tl = sl;
        sl = dl, dl = tl;
    }
    if (se != en) {
        memcpy(en, se, (run[1] - run[0]) * sizeof *en);
        memcpy(len, sl, (run[1] - run[0]) * sizeof *len);
    }
}

/* shear_sites and umis of a site from its (shear, UMI) entries: UMI-tools' directional merge
 * (umi.h) on packed keys when the UMIs have one length and fit beside the shear offset, else on
 * "shear:\0UMI\0" strings. Scratch: key, cnt (nk each). 0, or -1 out of memory. */
static int count_umis(ent_t *en, size_t nk, uint64_t *key, int64_t *cnt, hp_lmc_site_t *st)
{
    /* a site of one position comes sorted (its obs are): qsort only when not */
    size_t k0 = 1;
    while (k0 < nk && cmp_ent(&en[k0 - 1], &en[k0]) <= 0)
        k0++;
    if (k0 < nk) qsort(en, nk, sizeof *en, cmp_ent);
    int32_t lo = en[0].shear, hi = en[nk - 1].shear;
    int same = 1;
    for (size_t k = 0; k < nk; k++) {
        st->shear_sites += k == 0 || en[k].shear != en[k - 1].shear;
        same &= en[k].umi_len == en[0].umi_len;
    }
    int ul = en[0].umi_len, bits = 0;
    while (bits < 40 && ((int64_t)(hi - lo) >> bits) > 0)
        bits++;
    if (same && bits + 2 * ul <= 63) {
        for (size_t k = 0; k < nk; k++)
            key[k] = (uint64_t)(en[k].shear - lo) << (2 * ul) | en[k].umi, cnt[k] = en[k].count;
        st->umis = hp_umi_directional_packed(key, cnt, (int64_t)nk, ul);
        return st->umis < 0 ? -1 : 0;
    }
    ukey_t *uk = malloc(nk * sizeof *uk);
    char **keys = malloc(nk * sizeof *keys), *arena = malloc(nk * (24 + HP_LMC_MAX_UMI));
    if (!uk || !keys || !arena) {
        free(uk), free(keys), free(arena);
        return -1;
    }
    char *w = arena;
    for (size_t k = 0; k < nk; k++) {
        uk[k].key = w;
        w += sprintf(w, "%d:", en[k].shear) + 1;
        umi_str(w, en[k].umi, en[k].umi_len);
        w += en[k].umi_len + 1;
        uk[k].count = en[k].count;
    }
    qsort(uk, nk, sizeof *uk, cmp_ukey);
    for (size_t k = 0; k < nk; k++)
        keys[k] = uk[k].key, cnt[k] = uk[k].count;
    st->umis = hp_umi_directional(keys, cnt, (int64_t)nk, 0);
    free(uk), free(keys), free(arena);
    return st->umis < 0 ? -1 : 0;
}

#define MISPRIME_MAX_UMIS 3 /* LTR-like host with fewer distinct (shear, UMI): mispriming */

/* build_sites()' scratch and per-site tallies, freed together at its end */
typedef struct {
    posgrp_t *pg; /* positions: the obs of one (tid, strand, pos) */
    size_t npg;
    int *members;      /* the positions of the site in hand */
    ent_t *en, *t_en;  /* its (shear, UMI) entries; merge_runs() scratch */
    int *lens, *t_len; /* all sites' fragment lengths (site s: from loff[s]); merge scratch */
    size_t *run;       /* the site's runs of entries, one per position */
    uint64_t *pk;      /* count_umis() scratch */
    int64_t *cnt;
    alt_t *al;              /* the site's alternative placements */
    int64_t *sub;           /* per site: like reads, in-read reads, reads without UMI */
    size_t *loff, nlen_all; /* per site: its first length in lens; lengths kept so far */
} site_ws_t;

/* build_sites() stage 1: the obs (in tid, strand, pos order) grouped by position, with their
 * reads, into w->pg. 0, or -1 out of memory */
static int group_positions(const obs_t *ob, size_t n, site_ws_t *w)
{
    size_t npg = 0;
    posgrp_t *pg = w->pg = malloc((n ? n : 1) * sizeof *pg);
    if (!pg) return -1;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        int64_t nr = ob[i].reads;
        while (j < n && ob[j].tid == ob[i].tid && ob[j].strand == ob[i].strand &&
               ob[j].pos == ob[i].pos)
            nr += ob[j++].reads;
        pg[npg++] = (posgrp_t){i, j, nr, -1};
        i = j;
    }
    w->npg = npg;
    return 0;
}

/* stage 2: each position joins the nearby center (same tid and strand, within merge_window)
 * with most reads, nearest, then first; one that joins none is a center itself. Positions are
 * taken by reads descending, so centers come first. The number of centers (sites), or -1 out
 * of memory */
static int pick_centers(const obs_t *ob, posgrp_t *pg, size_t npg, const hp_lmc_opt_t *o)
{
    /* positions join the nearby one with most reads (processed first) */
    int *ord = malloc((npg ? npg : 1) * sizeof *ord);
    if (!ord) return -1;
    for (size_t i = 0; i < npg; i++)
        ord[i] = (int)i;
    /* insertion by reads descending, index ascending: a stable sort */
    for (size_t i = 1; i < npg; i++) {
        int v = ord[i];
        size_t k = i;
        while (k > 0 && pg[ord[k - 1]].reads < pg[v].reads)
            ord[k] = ord[k - 1], k--;
        ord[k] = v;
    }
    int n_site = 0;
    for (size_t q = 0; q < npg; q++) {
        int i = ord[q], best = -1;
        const obs_t *xi = &ob[pg[i].beg];
        for (int dir = -1; dir <= 1; dir += 2)
            for (long j = i + dir; j >= 0 && j < (long)npg; j += dir) {
                const obs_t *xj = &ob[pg[j].beg];
                if (xj->tid != xi->tid || xj->strand != xi->strand ||
                    abs(xj->pos - xi->pos) > o->merge_window)
                    break;
                if (pg[j].center != (int)j) continue; /* not (yet) a center */
                if (best < 0 || pg[j].reads > pg[best].reads ||
                    (pg[j].reads == pg[best].reads &&
                     abs(xj->pos - xi->pos) < abs(ob[pg[best].beg].pos - xi->pos)) ||
                    (pg[j].reads == pg[best].reads &&
                     abs(xj->pos - xi->pos) == abs(ob[pg[best].beg].pos - xi->pos) && j < best))
                    best = (int)j;
            }
        if (best >= 0) {
            pg[i].center = best;
        } else {
            pg[i].center = i;
            n_site++;
        }
    }
    free(ord);
    return n_site;
}

/* r->site (n_site, zeroed) and the scratch of stage 3 for n obs. 0, or -1 out of memory */
static int alloc_sites(site_ws_t *w, size_t n, int n_site, hp_lmc_result_t *r)
{
    r->site = calloc(n_site ? (size_t)n_site : 1, sizeof *r->site);
    w->members = malloc((w->npg ? w->npg : 1) * sizeof *w->members);
    w->en = malloc((n ? n : 1) * sizeof *w->en);
    w->t_en = malloc((n ? n : 1) * sizeof *w->t_en);
    w->t_len = malloc((n ? n : 1) * sizeof *w->t_len);
    w->run = malloc((w->npg + 1) * sizeof *w->run);
    w->pk = malloc((n ? n : 1) * sizeof *w->pk);
    w->cnt = malloc((n ? n : 1) * sizeof *w->cnt);
    w->lens = malloc((n ? n : 1) * sizeof *w->lens);
    w->sub = calloc(3 * (size_t)(n_site ? n_site : 1), sizeof *w->sub);
    w->loff = malloc(((size_t)n_site + 1) * sizeof *w->loff);
    if (!r->site || !w->members || !w->en || !w->pk || !w->cnt || !w->lens || !w->sub ||
        !w->loff || !w->t_en || !w->t_len || !w->run)
        return -1;
    return 0;
}

/* the positions whose center is c (c, those before it, those after), into w->members; their
 * number */
static int site_members(const obs_t *ob, site_ws_t *w, size_t c, const hp_lmc_opt_t *o)
{
    const posgrp_t *pg = w->pg;
    int *members = w->members;
    const obs_t *x0 = &ob[pg[c].beg];
    int nm = 0;
    for (long j = (long)c;
         j >= 0 && ob[pg[j].beg].tid == x0->tid && ob[pg[j].beg].strand == x0->strand &&
         x0->pos - ob[pg[j].beg].pos <= o->merge_window;
         j--)
        if (pg[j].center == (int)c) members[nm++] = (int)j;
    for (long j = (long)c + 1;
         j < (long)w->npg && ob[pg[j].beg].tid == x0->tid &&
         ob[pg[j].beg].strand == x0->strand && ob[pg[j].beg].pos - x0->pos <= o->merge_window;
         j++)
        if (pg[j].center == (int)c) members[nm++] = (int)j;
    return nm;
}

/* site s (st) from the obs of its nm member positions: reads, multimapped reads, w->sub[3 s..],
 * ends; its (shear, UMI) entries into w->en, one run per position (w->run, *nrun runs), and
 * their fragment lengths into w->lens from w->nlen_all (*nl). The number of entries; *nalt:
 * the alternative placements of its multimapped obs */
static size_t gather_site(const obs_t *ob, site_ws_t *w, int nm, int s, hp_lmc_site_t *st,
                          size_t *nl_out, size_t *nalt_out, size_t *nrun_out)
{
    const posgrp_t *pg = w->pg;
    const int *members = w->members;
    ent_t *en = w->en;
    int *lens = w->lens;
    size_t *run = w->run;
    int64_t *sub = w->sub;
    size_t nlen_all = w->nlen_all;
    size_t nk = 0, nl = 0, nalt = 0, nrun = 0;
    for (int m = 0; m < nm; m++) {
        const posgrp_t *g = &pg[members[m]];
        run[nrun++] = nk; /* the entries of one position come sorted */
        for (size_t i = g->beg; i < g->end; i++) {
            const obs_t *x = &ob[i];
            st->reads += x->reads;
            st->multimap_reads += x->multimap * (int64_t)x->reads;
            sub[3 * s] += x->like * (int64_t)x->reads;
            sub[3 * s + 1] += x->in_read * (int64_t)x->reads;
            sub[3 * s + 2] += (x->umi_len == 0) * (int64_t)x->reads;
            st->ends |= (uint8_t)(x->end == HP_END_U3 ? 2 : 1);
            nalt += x->multimap ? x->alt_n : 0;
            /* (shear, UMI): obs of one position are sorted by them, so runs collapse */
            if (i > g->beg && x->shear == x[-1].shear && x->umi_len == x[-1].umi_len &&
                x->umi == x[-1].umi) {
                en[nk - 1].count += x->reads;
                continue;
            }
            en[nk++] = (ent_t){x->umi, x->shear, x->umi_len, (int64_t)x->reads};
            int jbc = hp_junction_base(st->pos, x->side, st->strand);
            lens[nlen_all + nl++] = abs(x->shear - jbc) + 1;
        }
    }
    run[nrun] = nk;
    *nl_out = nl, *nalt_out = nalt, *nrun_out = nrun;
    return nk;
}

/* st->alt: the alternative placements of the multimapped obs of the site's nm member positions
 * (nalt in all), each once, less those within merge_window of the site, as
 * "contig:pos:strand,..." (NULL when none is left). 0, or -1 out of memory */
static int site_alts(const obs_t *ob, const alt_t *alt, const hp_lmc_opt_t *o,
                     const sam_hdr_t *h, site_ws_t *w, int nm, size_t nalt, hp_lmc_site_t *st)
{
    /* alternative placements: union over the reads, not the site itself */
    alt_t *al = realloc(w->al, nalt * sizeof *al);
    if (!al) return -1;
    w->al = al;
    const posgrp_t *pg = w->pg;
    const int *members = w->members;
    size_t k = 0;
    for (int m = 0; m < nm; m++)
        for (size_t i = pg[members[m]].beg; i < pg[members[m]].end; i++)
            for (int q = 0; ob[i].multimap && q < ob[i].alt_n; q++)
                al[k++] = alt[ob[i].alt_off + q];
    qsort(al, k, sizeof *al, cmp_alt);
    kstring_t ks = {0, 0, NULL};
    for (size_t q = 0; q < k; q++) {
        if (q > 0 && cmp_alt(&al[q], &al[q - 1]) == 0) continue;
        if (al[q].tid == st->tid && al[q].strand == st->strand &&
            abs(al[q].pos - st->pos) <= o->merge_window)
            continue;
        if (ksprintf(&ks, "%s%s:%d:%c", ks.l ? "," : "", sam_hdr_tid2name(h, al[q].tid),
                     al[q].pos, al[q].strand == HP_STRAND_PLUS ? '+' : '-') < 0) {
            free(ks.s);
            return -1;
        }
    }
    st->alt = ks.s;
    return 0;
}

/* stage 3, one site: site s (st) around center c: its members and tallies, its UMIs
 * (count_umis()), its distinct fragment lengths (kept in w->lens from w->loff[s] for the fit),
 * the multimap flag (most reads multimapped) and its alternative placements. 0, or -1 out of
 * memory (st->alt then unset) */
static int build_site(const obs_t *ob, const alt_t *alt, const hp_lmc_opt_t *o,
                      const sam_hdr_t *h, site_ws_t *w, size_t c, int s, hp_lmc_site_t *st)
{
    const obs_t *x0 = &ob[w->pg[c].beg];
    st->tid = x0->tid, st->pos = x0->pos, st->strand = x0->strand;
    int nm = site_members(ob, w, c, o);
    size_t nl, nalt, nrun;
    size_t nk = gather_site(ob, w, nm, s, st, &nl, &nalt, &nrun);
    int *lens = w->lens;
    size_t nlen_all = w->nlen_all;
    int *L = lens + nlen_all;
    if (nrun > 1) merge_runs(w->en, L, w->run, nrun, w->t_en, w->t_len);
    if (count_umis(w->en, nk, w->pk, w->cnt, st) < 0) return -1;
    /* distinct lengths, kept for the fit after the misprime rule */
    sort_lens(L, nl);
    w->loff[s] = nlen_all;
    for (size_t k = 0; k < nl; k++)
        if (k == 0 || L[k] != L[k - 1]) lens[nlen_all + st->lengths++] = L[k];
    w->nlen_all = nlen_all + (size_t)st->lengths;
    st->multimap = 2 * st->multimap_reads > st->reads;
    if (nalt > 0) return site_alts(ob, alt, o, h, w, nm, nalt, st);
    return 0;
}

/* stage 4, the misprime rule: a site whose reads all start where the host already reads like
 * the LTR end is mispriming unless it has MISPRIME_MAX_UMIS distinct (shear, UMI) (a clone
 * then, flagged): by chance about 1 % of true sites lie at such host. Of the n_site sites the
 * mispriming go (their reads out of the attrition's kept), the others close up in r->site,
 * their distinct lengths into fr under their new index. 0, or -1 out of memory */
static int drop_misprimes(hp_lmc_result_t *r, int n_site, const site_ws_t *w, hp_frags_t *fr)
{
    hp_lmc_attrition_t *A = &r->att;
    const int64_t *sub = w->sub;
    int kept = 0;
    for (int j = 0; j < n_site; j++) {
        hp_lmc_site_t *st = &r->site[j];
        st->ltr_like = sub[3 * j] == st->reads;
        if (st->ltr_like && st->umis < MISPRIME_MAX_UMIS) {
            A->misprime += st->reads, A->kept -= st->reads;
            A->kept_multimap -= st->multimap_reads, A->kept_ltr_in_read -= sub[3 * j + 1];
            A->umi_missing -= sub[3 * j + 2];
            r->misprime_sites++;
            free(st->alt), st->alt = NULL;
            continue;
        }
        char name[24];
        snprintf(name, sizeof name, "%d", kept);
        for (size_t k = w->loff[j]; k < w->loff[j] + (size_t)st->lengths; k++) {
            int e = hp_frags_add(fr, name, w->lens[k] < HP_FRAG_MAX_LENGTH ? w->lens[k] : 1,
                                 NULL);
            if (e < 0) return -1;
        }
        if (kept != j) r->site[kept] = *st, st->alt = NULL;
        kept++;
    }
    r->n_site = kept;
    return 0;
}

/* stage 5: the abundance fit over the n_site (> 0) kept sites' lengths (fr): each site's theta
 * and effective count n_eff, then the sites in position order. 0, or -1 out of memory */
static int fit_sites(hp_lmc_result_t *r, int n_site, hp_frags_t *fr, hp_abund_t *ab,
                     const hp_lmc_opt_t *o)
{
    if (hp_frags_finish(fr) < 0) return -1;
    int e = hp_abund_fit_mt(fr, ab, o->fit_threads);
    if (e == -3) return -1;
    r->fit_converged = e == 0, r->fit_iter = ab->n_iter;
    for (int j = 0; j < n_site; j++) {
        hp_lmc_site_t *st = &r->site[j];
        st->theta = ab->theta[j];
        st->n_eff = st->theta * st->theta * fisher_theta(ab, st->theta);
        if (!(st->n_eff > 0)) st->n_eff = st->theta;
    }
    qsort(r->site, (size_t)n_site, sizeof *r->site, cmp_site_pos);
    return 0;
}

/* r->site from the obs (n, in tid, strand, pos order): grouped by position, positions merged
 * into sites around centers, each site counted, the mispriming dropped, then the abundance
 * fit. 0, or -1 out of memory (r->site, r->n_site then hold what was built) */
static int build_sites(obs_t *ob, size_t n, const alt_t *alt, const hp_lmc_opt_t *o,
                       const sam_hdr_t *h, hp_lmc_result_t *r)
{
    site_ws_t w;
    memset(&w, 0, sizeof w);
    int ret = -1;
    hp_frags_t fr;
    hp_abund_t ab;
    hp_frags_init(&fr);
    memset(&ab, 0, sizeof ab);
    if (group_positions(ob, n, &w) < 0) goto out;
    int n_site = pick_centers(ob, w.pg, w.npg, o);
    if (n_site < 0 || alloc_sites(&w, n, n_site, r) < 0) goto out;
    /* sites in position order: centers in index order */
    int s = 0;
    for (size_t c = 0; c < w.npg; c++) {
        if (w.pg[c].center != (int)c) continue;
        if (build_site(ob, alt, o, h, &w, c, s, &r->site[s]) < 0) goto out;
        r->n_site = ++s; /* so that a failure frees what is built */
    }
    w.loff[n_site] = w.nlen_all;
    if (drop_misprimes(r, n_site, &w, &fr) < 0) goto out;
    n_site = r->n_site;
    if (n_site > 0 && fit_sites(r, n_site, &fr, &ab, o) < 0) goto out;
    ret = 0;
out:
    hp_frags_destroy(&fr);
    hp_abund_destroy(&ab);
    free(w.pg), free(w.members), free(w.en), free(w.pk), free(w.cnt), free(w.lens);
    free(w.al), free(w.sub), free(w.loff), free(w.t_en), free(w.t_len), free(w.run);
    return ret;
}

int hp_lmc_run(hp_bam_t *b, const hp_contigs_t *ctg, const hp_lmc_opt_t *o, const faidx_t *fai,
               hp_lmc_result_t *r)
{
    memset(r, 0, sizeof *r);
    r->spike_site = -1;
    r->spike_cells = r->input_cells = r->qpcr_pvl = NAN;
    r->pvl = r->pvl_lo = r->pvl_hi = r->infected_cells = NAN;
    r->unit = "fragments";
    int nt = o->n_threads > 0 ? o->n_threads : 1, ret = -1;
    ctx_t cx = {ctg, b->hdr, o, {0}};
    hp_classify_opt_init(&cx.copt);
    cx.copt.min_mapq_host = 0; /* multi-mapping reads are kept (and flagged) */
    /* build the name index now: looked up from several threads later */
    if (sam_hdr_nref(b->hdr) > 0) (void)sam_hdr_name2tid(b->hdr, sam_hdr_tid2name(b->hdr, 0));
    tstate_t *ts = calloc((size_t)nt, sizeof *ts);
    obs_t *ob = NULL;
    alt_t *alt = NULL;
    if (!ts) {
        snprintf(b->err, sizeof b->err, "out of memory");
        return -1;
    }
    if (scan(b, &cx, ts, nt) < 0) goto out;
    for (int t = 0; t < nt; t++)
        if (flush_obs(&ts[t]) < 0) goto nomem;
    size_t n = 0, na = 0;
    for (int t = 0; t < nt; t++)
        n += ts[t].n, na += ts[t].n_alt;
    int taken = nt == 1 && ts[0].obs && ts[0].alt; /* one thread's lists: taken as they are */
    if (taken) {
        ob = ts[0].obs, alt = ts[0].alt;
        ts[0].obs = NULL, ts[0].alt = NULL;
    } else {
        ob = malloc((n ? n : 1) * sizeof *ob);
        alt = malloc((na ? na : 1) * sizeof *alt);
        if (!ob || !alt) goto nomem;
    }
    n = na = 0;
    hp_lmc_attrition_t *A = &r->att;
    for (int t = 0; t < nt; t++) {
        const hp_lmc_attrition_t *x = &ts[t].att;
        A->records += x->records, A->ltr_reads += x->ltr_reads, A->unmapped += x->unmapped;
        A->qcfail += x->qcfail, A->viral += x->viral, A->no_ltr_end += x->no_ltr_end;
        A->no_shear_site += x->no_shear_site;
        if (taken) {
            n = ts[t].n, na = ts[t].n_alt;
            continue;
        }
        for (size_t i = 0; i < ts[t].n; i++) {
            ob[n] = ts[t].obs[i];
            ob[n++].alt_off += (uint32_t)na;
        }
        if (ts[t].n_alt) memcpy(alt + na, ts[t].alt, ts[t].n_alt * sizeof *alt);
        na += ts[t].n_alt;
    }
    /* trimmed or not: by the majority of the reads */
    size_t n_in = 0, n_reads = 0;
    for (size_t i = 0; i < n; i++)
        n_in += ob[i].in_read * (size_t)ob[i].reads, n_reads += ob[i].reads;
    r->ltr_in_reads = 2 * n_in > n_reads;
    if (sort_obs(ob, n) < 0) goto nomem;
    r->misprime_checked = fai != NULL;
    int like = 0, ktid = -1, kpos = 0, kside = -1, kstrand = -1;
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        obs_t *x = &ob[i];
        if (r->ltr_in_reads && !x->in_read) {
            A->no_ltr_end += x->reads;
            continue;
        }
        if (fai && !x->ltr_seen) {
            if (x->tid != ktid || x->pos != kpos || x->side != kside || x->strand != kstrand) {
                ktid = x->tid, kpos = x->pos, kside = x->side, kstrand = x->strand;
                like = ltr_like_host(fai, b->hdr, o, x);
            }
            x->like = like == 1;
        }
        A->kept += x->reads;
        A->kept_multimap += x->multimap * x->reads;
        A->kept_ltr_in_read += x->in_read * x->reads;
        A->umi_missing += (x->umi_len == 0) * x->reads;
        ob[w++] = *x;
    }
    if (build_sites(ob, w, alt, o, b->hdr, r) < 0) goto nomem;
    for (int j = 0; j < r->n_site; j++) {
        hp_lmc_site_t *st = &r->site[j];
        double lo, hi;
        hp_poisson_ci(st->n_eff, &lo, &hi);
        st->cells = st->theta;
        st->cells_lo = st->theta * lo / st->n_eff, st->cells_hi = st->theta * hi / st->n_eff;
        st->per10k = st->per10k_lo = st->per10k_hi = NAN;
        r->theta_sum += st->theta;
    }
    ret = 0;
    goto out;
nomem:
    snprintf(b->err, sizeof b->err, "out of memory");
out:
    for (int t = 0; t < nt; t++) {
        free(ts[t].obs), free(ts[t].alt);
        hp_acc_destroy(&ts[t].scratch);
        bam_destroy1(ts[t].dec);
    }
    free(ts), free(ob), free(alt);
    if (ret < 0) hp_lmc_result_destroy(r);
    return ret;
}

/* ---- calibration ---- */

int hp_lmc_calibrate(hp_lmc_result_t *r, const hp_lmc_opt_t *o, int spike_tid, int spike_pos,
                     int spike_strand, double spike_cells, double input_cells, double qpcr_pvl)
{
    r->spike_cells = spike_cells, r->input_cells = input_cells, r->qpcr_pvl = qpcr_pvl;
    int sp = -1;
    if (spike_tid >= 0) {
        for (int j = 0; j < r->n_site; j++) {
            const hp_lmc_site_t *s = &r->site[j];
            if (s->tid != spike_tid || s->strand != spike_strand ||
                abs(s->pos - spike_pos) > o->merge_window)
                continue;
            if (sp < 0 || s->reads > r->site[sp].reads) sp = j;
        }
        if (sp < 0) return -1;
        r->spike_site = sp;
        r->site[sp].spike = 1;
    }
    double T = 0, V = 0;
    for (int j = 0; j < r->n_site; j++) {
        const hp_lmc_site_t *s = &r->site[j];
        if (j == sp) continue;
        T += s->theta, V += s->theta * s->theta / s->n_eff;
    }
    r->theta_sum = T;
    if (sp >= 0) {
        const hp_lmc_site_t *S = &r->site[sp];
        double es = S->n_eff / S->theta, k = spike_cells / S->theta;
        r->unit = "cells";
        for (int j = 0; j < r->n_site; j++) {
            hp_lmc_site_t *s = &r->site[j];
            double lo, hi;
            if (j == sp) {
                s->cells = s->cells_lo = s->cells_hi = spike_cells;
            } else {
                hp_poisson_ratio_ci(s->n_eff, s->n_eff / s->theta, S->n_eff, es, &lo, &hi);
                s->cells = s->theta * k, s->cells_lo = lo * spike_cells,
                s->cells_hi = hi * spike_cells;
            }
            if (input_cells > 0) {
                double f = 1e4 / input_cells;
                s->per10k = s->cells * f, s->per10k_lo = s->cells_lo * f;
                s->per10k_hi = s->cells_hi * f;
            }
        }
        r->infected_cells = T * k;
        if (input_cells > 0 && T > 0) {
            double ne = T * T / V, lo, hi;
            hp_poisson_ratio_ci(ne, ne / T, S->n_eff, es, &lo, &hi);
            r->pvl = 100 * r->infected_cells / input_cells;
            r->pvl_lo = 100 * lo * spike_cells / input_cells;
            r->pvl_hi = 100 * hi * spike_cells / input_cells;
        }
    } else if (qpcr_pvl >= 0 && T > 0) {
        /* relative clone sizes times the qPCR PVL */
        double per = qpcr_pvl * 100 / T; /* cells per 10^4 PBMC per unit theta */
        if (input_cells > 0) r->unit = "cells";
        for (int j = 0; j < r->n_site; j++) {
            hp_lmc_site_t *s = &r->site[j];
            double lo = s->cells_lo, hi = s->cells_hi, th = s->theta;
            s->per10k = th * per, s->per10k_lo = lo * per, s->per10k_hi = hi * per;
            if (input_cells > 0) {
                double f = input_cells / 1e4;
                s->cells = s->per10k * f, s->cells_lo = s->per10k_lo * f;
                s->cells_hi = s->per10k_hi * f;
            }
        }
        if (input_cells > 0) r->infected_cells = qpcr_pvl / 100 * input_cells;
    }
    return 0;
}

/* ---- writers ---- */

int hp_lmc_write_sites(FILE *fp, const hp_lmc_result_t *r, const sam_hdr_t *h)
{
    static const char *const ends[4] = {"NA", "U5", "U3", "U5,U3"};
    fputs("chrom\tpos\tstrand\tltr_ends\treads\tshear_sites\tumis\tlengths\ttheta\t"
          "estimated_cells\testimated_cells_ci_low\testimated_cells_ci_high\tcells_per_10k\t"
          "cells_per_10k_ci_low\tcells_per_10k_ci_high\tmultimap\tmultimap_reads\t"
          "alt_placements\tspike\thost_ltr_like\n",
          fp);
    for (int j = 0; j < r->n_site; j++) {
        const hp_lmc_site_t *s = &r->site[j];
        fprintf(fp, "%s\t%d\t%c\t%s\t%lld\t%lld\t%lld\t%lld\t%.4f\t", sam_hdr_tid2name(h, s->tid),
                s->pos, s->strand == HP_STRAND_PLUS ? '+' : '-', ends[s->ends & 3],
                (long long)s->reads, (long long)s->shear_sites, (long long)s->umis,
                (long long)s->lengths, s->theta);
        hp_tsv_num(fp, "%.3f\t", s->cells), hp_tsv_num(fp, "%.3f\t", s->cells_lo);
        hp_tsv_num(fp, "%.3f\t", s->cells_hi), hp_tsv_num(fp, "%.4g\t", s->per10k);
        hp_tsv_num(fp, "%.4g\t", s->per10k_lo), hp_tsv_num(fp, "%.4g\t", s->per10k_hi);
        fprintf(fp, "%d\t%lld\t%s\t%d\t%d\n", s->multimap, (long long)s->multimap_reads,
                s->alt ? s->alt : ".", s->spike, s->ltr_like);
    }
    return ferror(fp) ? -1 : 0;
}

#define N_ATT 10
static void att_rows(const hp_lmc_attrition_t *a, const char **name, int64_t *v)
{
    const char *nm[N_ATT] = {"ltr_reads",     "qcfail",          "unmapped", "viral",
                             "no_ltr_end",    "no_shear_site",   "misprime", "kept",
                             "kept_multimap", "kept_ltr_in_read"};
    int64_t x[N_ATT] = {a->ltr_reads,     a->qcfail,          a->unmapped, a->viral,
                        a->no_ltr_end,    a->no_shear_site,   a->misprime, a->kept,
                        a->kept_multimap, a->kept_ltr_in_read};
    for (int i = 0; i < N_ATT; i++)
        name[i] = nm[i], v[i] = x[i];
}

int hp_lmc_write_attrition(FILE *fp, const hp_lmc_result_t *r)
{
    /* count's schema (attrition.h): the filters one after the other, each taking in what the
     * one before kept */
    const hp_lmc_attrition_t *a = &r->att;
    const struct {
        const char *step;
        int64_t n;
        const char *why;
    } f[] = {
        {"QC", a->qcfail, "QC-failed (flag 0x200)"},
        {"map", a->unmapped, "unmapped"},
        {"host", a->viral, "on the provirus only"},
        {"LTR end", a->no_ltr_end, "no LTR end at the host junction"},
        {"shear site", a->no_shear_site, "no shear site, or farther than --max-frag"},
        {"misprime", a->misprime, "at a site whose host sequence reads like the LTR end"},
    };
    hp_attrition_t row[1 + sizeof f / sizeof f[0]];
    int n = 0;
    row[n++] = (hp_attrition_t){"LTR-side read", "records", a->records, a->ltr_reads,
                                "secondary, the other mate, or a viral part of a split read"};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++, n++)
        row[n] = (hp_attrition_t){f[i].step, "reads", row[n - 1].n_kept,
                                  row[n - 1].n_kept - f[i].n, f[i].why};
    return hp_attrition_write_tsv(fp, row, n);
}

int hp_lmc_write_summary(FILE *fp, const hp_lmc_result_t *r, const sam_hdr_t *h, const char *sample,
                         const char *input)
{
    hp_json_t w;
    hp_json_init(&w, fp);
    hp_json_begin_obj(&w, NULL);
    hp_json_str(&w, "htlvpvl_version", HTLVPVL_VERSION);
    hp_json_str(&w, "assay", "lmpcr");
    hp_json_str(&w, "sample", sample);
    hp_json_str(&w, "input", input);
    hp_json_bool(&w, "ltr_in_reads", r->ltr_in_reads);
    hp_json_bool(&w, "misprime_rule_applied", r->misprime_checked);
    hp_json_int(&w, "misprime_sites_removed", r->misprime_sites);
    hp_json_begin_obj(&w, "attrition");
    hp_json_int(&w, "records", r->att.records);
    const char *nm[N_ATT];
    int64_t v[N_ATT];
    att_rows(&r->att, nm, v);
    for (int i = 0; i < N_ATT; i++)
        hp_json_int(&w, nm[i], v[i]);
    hp_json_int(&w, "kept_without_umi", r->att.umi_missing);
    hp_json_end_obj(&w);
    int64_t reads = 0, umis = 0, mm = 0;
    double *x = malloc((r->n_site ? (size_t)r->n_site : 1) * sizeof *x);
    int nx = 0;
    for (int j = 0; j < r->n_site; j++) {
        reads += r->site[j].reads, umis += r->site[j].umis, mm += r->site[j].multimap;
        if (x && !r->site[j].spike) x[nx++] = r->site[j].theta;
    }
    hp_json_begin_obj(&w, "sites");
    hp_json_int(&w, "n", r->n_site);
    hp_json_int(&w, "multimap", mm);
    hp_json_int(&w, "reads", reads);
    hp_json_int(&w, "umis", umis);
    hp_json_num(&w, "theta_sum", r->theta_sum);
    hp_json_str(&w, "estimated_cells_unit", r->unit);
    hp_json_bool(&w, "abundance_fit_converged", r->fit_converged);
    hp_json_end_obj(&w);
    hp_json_begin_obj(&w, "clonality");
    hp_json_num(&w, "oci_gini", x && nx ? hp_gini(x, nx) : NAN);
    hp_json_num(&w, "shannon", x && nx ? hp_shannon(x, nx) : NAN);
    hp_json_num(&w, "simpson", x && nx ? hp_simpson(x, nx) : NAN);
    hp_json_end_obj(&w);
    free(x);
    hp_json_begin_obj(&w, "pvl");
    if (r->spike_site >= 0) {
        const hp_lmc_site_t *s = &r->site[r->spike_site];
        kstring_t ks = {0, 0, NULL};
        ksprintf(&ks, "%s:%d:%c", sam_hdr_tid2name(h, s->tid), s->pos,
                 s->strand == HP_STRAND_PLUS ? '+' : '-');
        hp_json_begin_obj(&w, "spike");
        hp_json_num(&w, "copies_per_100_cells", r->pvl);
        hp_json_pair(&w, "ci95", r->pvl_lo, r->pvl_hi);
        hp_json_str(&w, "spike_site", ks.s);
        hp_json_num(&w, "spike_cells", r->spike_cells);
        hp_json_num(&w, "spike_theta", s->theta);
        hp_json_num(&w, "input_cells", r->input_cells);
        hp_json_num(&w, "infected_cells", r->infected_cells);
        hp_json_str(&w, "ci_method",
                    "conditional binomial (Clopper-Pearson) on the effective "
                    "counts of the sample's and the spike's theta");
        hp_json_end_obj(&w);
        free(ks.s);
    } else {
        hp_json_null(&w, "spike");
    }
    if (isfinite(r->qpcr_pvl)) {
        hp_json_begin_obj(&w, "qpcr");
        hp_json_num(&w, "copies_per_100_cells", r->qpcr_pvl);
        hp_json_end_obj(&w);
    } else {
        hp_json_null(&w, "qpcr");
    }
    hp_json_end_obj(&w);
    hp_json_end_obj(&w);
    return hp_json_finish(&w);
}
