/* partial.c -- partial results of `count` shards: owned regions, writer and reader. */
#include "htlvpvl/partial.h"
#include "htlvpvl/hash.h"
#include "htlvpvl/outfile.h"
#include <errno.h>
#include <htslib/kstring.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_END HTS_POS_MAX

uint64_t hp_partial_header_hash(const sam_hdr_t *h)
{
    const char *s = sam_hdr_str((sam_hdr_t *)h);
    return hp_fnv1a(HP_FNV1A_BASIS, s ? s : "", s ? strlen(s) : 0);
}

static int cmp_reg(const void *pa, const void *pb)
{
    const hp_own_region_t *a = pa, *b = pb;
    unsigned ta = (unsigned)a->tid, tb = (unsigned)b->tid; /* -1 ("*") sorts last */
    if (ta != tb) return ta < tb ? -1 : 1;
    return a->beg < b->beg ? -1 : a->beg > b->beg;
}

static const char *reg_name(const sam_hdr_t *h, int tid)
{
    return tid < 0 ? "*" : sam_hdr_tid2name(h, tid);
}

int hp_own_regions_parse(const sam_hdr_t *h, char *const *spec, int n, hp_own_region_t **out,
                         char *err, size_t err_len)
{
    hp_own_region_t *r = calloc((size_t)(n > 0 ? n : 1), sizeof *r);
    *out = NULL;
    if (!r) {
        snprintf(err, err_len, "out of memory");
        return -1;
    }
    for (int i = 0; i < n; i++) {
        if (strcmp(spec[i], "*") == 0) {
            r[i].tid = -1, r[i].beg = r[i].end = 0;
            continue;
        }
        int tid;
        hts_pos_t beg, end;
        if (!sam_parse_region((sam_hdr_t *)h, spec[i], &tid, &beg, &end, 0) || tid < 0 ||
            beg >= end) {
            snprintf(err, err_len, "--region '%s': not a contig or range of the header", spec[i]);
            free(r);
            return -1;
        }
        if (end >= sam_hdr_tid2len(h, tid)) end = NO_END;
        r[i].tid = tid, r[i].beg = beg, r[i].end = end;
    }
    qsort(r, (size_t)n, sizeof *r, cmp_reg);
    for (int i = 1; i < n; i++)
        if (r[i].tid == r[i - 1].tid && (r[i].tid < 0 || r[i].beg < r[i - 1].end)) {
            snprintf(err, err_len, "--region: regions overlap on %s", reg_name(h, r[i].tid));
            free(r);
            return -1;
        }
    *out = r;
    return n;
}

int hp_own_regions_split(const sam_hdr_t *h, int k, int n, hp_own_region_t **out)
{
    int nt = sam_hdr_nref(h), m = 0;
    int64_t total = 0, off = 0;
    for (int i = 0; i < nt; i++)
        total += sam_hdr_tid2len(h, i);
    /* part k holds the genome offsets [lo, hi) */
    int64_t lo = (int64_t)((__int128)total * (k - 1) / n), hi = (int64_t)((__int128)total * k / n);
    hp_own_region_t *r = malloc((size_t)(nt + 1) * sizeof *r);
    *out = NULL;
    if (!r) return -1;
    for (int i = 0; i < nt; off += sam_hdr_tid2len(h, i), i++) {
        int64_t len = sam_hdr_tid2len(h, i);
        int64_t b = lo > off ? lo : off, e = hi < off + len ? hi : off + len;
        if (len == 0 ? (off >= lo && (off < hi || k == n)) : b < e) {
            r[m].tid = i, r[m].beg = len ? b - off : 0;
            r[m++].end = len == 0 || e == off + len ? NO_END : e - off;
        }
    }
    if (k == n) r[m].tid = -1, r[m].beg = r[m].end = 0, m++;
    *out = r;
    return m;
}

typedef struct {
    hp_own_region_t r;
    int owner;
} owned_t;

static int cmp_owned(const void *pa, const void *pb)
{
    return cmp_reg(&((const owned_t *)pa)->r, &((const owned_t *)pb)->r);
}

int hp_partial_check_cover(const sam_hdr_t *h, const hp_own_region_t *reg, const int *owner, int n,
                           char *err, size_t err_len)
{
    owned_t *v = malloc((size_t)(n > 0 ? n : 1) * sizeof *v);
    if (!v) {
        snprintf(err, err_len, "out of memory");
        return -1;
    }
    for (int i = 0; i < n; i++)
        v[i].r = reg[i], v[i].owner = owner[i];
    qsort(v, (size_t)n, sizeof *v, cmp_owned);
    int ret = -1, nt = sam_hdr_nref(h), k = 0;
    for (int tid = 0; tid < nt; tid++) {
        int64_t covered = 0;
        for (; k < n && v[k].r.tid == tid; k++) {
            if (v[k].r.beg < covered) {
                snprintf(err, err_len, "partials %d and %d overlap on %s at %" PRId64,
                         v[k - 1].owner + 1, v[k].owner + 1, reg_name(h, tid), v[k].r.beg + 1);
                goto out;
            }
            if (v[k].r.beg > covered) break;
            covered = v[k].r.end;
        }
        if (covered != NO_END) {
            snprintf(err, err_len, "no partial covers %s from %" PRId64, reg_name(h, tid),
                     covered + 1);
            goto out;
        }
    }
    if (k < n && v[k].r.tid >= 0) { /* an invalid contig index: cannot happen after parsing */
        snprintf(err, err_len, "a region lies outside the header");
        goto out;
    }
    if (k == n) {
        snprintf(err, err_len, "no partial covers '*' (the unplaced unmapped reads)");
        goto out;
    }
    if (k + 1 < n) {
        snprintf(err, err_len, "partials %d and %d both cover '*'", v[k].owner + 1,
                 v[k + 1].owner + 1);
        goto out;
    }
    ret = 0;
out:
    free(v);
    return ret;
}

/* the int64 counters of hp_acc_t, by name, in file order */
// clang-format off
#define ACC_FIELDS(X)                                                                       \
    X(records) X(reads_total) X(reads_dup) X(reads_secondary) X(reads_supplementary)       \
    X(reads_unmapped) X(reads_qcfail) X(reads_viral) X(reads_host_autosomal) X(frag_total) \
    X(frag_dup) X(frag_viral) X(frag_host_autosomal) X(host_bases) X(x_bases) X(dup_marked)
// clang-format on

static int clean(const char *s)
{
    return s && !strpbrk(s, "\t\n\r");
}

static void write_body(FILE *fp, const hp_partial_t *p)
{
    const hp_acc_t *a = &p->acc;
    const hp_dprof_t *d = &p->dprof;
    fprintf(fp, "htlvpvl-partial\t%d\n", HP_PARTIAL_FORMAT);
    fprintf(fp, "version\t%s\ninput\t%s\nreference\t%s\nsample\t%s\n", p->version, p->input,
            p->reference, p->sample);
    fprintf(fp, "virus\t%s\npvl_region\t%s\nmin_mapq\t%d\nheader\t%016" PRIx64 "\n", p->virus,
            p->pvl_region, p->min_mapq, p->header_hash);
    for (int i = 0; i < p->n_reg; i++)
        fprintf(fp, "region\t%d\t%" PRId64 "\t%" PRId64 "\n", p->reg[i].tid, p->reg[i].beg,
                p->reg[i].end);
    fprintf(fp, "secondary_sa\t%" PRId64 "\ndup_detection\t%d\n", p->secondary_sa,
            a->dup_detection);
#define W(f) fprintf(fp, "acc\t" #f "\t%" PRId64 "\n", a->f);
    ACC_FIELDS(W)
#undef W
    for (int g = 0; g < HP_N_REGION; g++)
        fprintf(fp, "vir\t%d\t%" PRId64 "\t%" PRId64 "\n", g, a->vir_bases[g], a->frag_region[g]);
    for (int i = 0; i <= HP_INS_MAX; i++)
        if (a->ins_hist[i]) fprintf(fp, "ins\t%d\t%" PRId64 "\n", i, a->ins_hist[i]);
    for (int i = 0; i <= HP_RLEN_MAX; i++)
        if (a->span_hist[i]) fprintf(fp, "span\t%d\t%" PRId64 "\n", i, a->span_hist[i]);
    fprintf(fp, "dprof\t%" PRId64 "\t%" PRId64 "\n", d->win, d->n_win);
    for (int b = 0; b < HP_DP_NBIN; b++)
        fprintf(fp, "dpv\t%d\t%" PRId64 "\t%" PRId64 "\t%" PRId64 "\n", b, d->v_reads[b],
                d->v_gc[b], d->v_bases[b]);
    for (int64_t w = 0; w < d->n_win; w++)
        if (d->w_reads[w] || d->w_lowmq[w] || d->w_gc[w] || d->w_bases[w])
            fprintf(fp, "dpw\t%" PRId64 "\t%u\t%u\t%u\t%u\n", w, d->w_reads[w], d->w_lowmq[w],
                    d->w_gc[w], d->w_bases[w]);
    for (size_t i = 0; i < a->n_ev; i++) {
        const hp_evidence_t *e = &a->ev[i];
        fprintf(fp,
                "ev\t%016" PRIx64 "\t%016" PRIx64 "\t%d\t%" PRId64 "\t%" PRId64 "\t%" PRId64
                "\t%d\t%u\t%u\t%u\t%u",
                e->frag, e->dupkey, e->tid, e->pos, e->hbeg, e->hend, e->vdist, e->type, e->strand,
                e->end, e->side);
        /* the placement penalties of a gapped junction alignment, when there was one */
        if (e->alt) fprintf(fp, "\t%016" PRIx64, e->alt);
        fputc('\n', fp);
    }
    fputs("end\n", fp);
}

int hp_partial_write(const char *path, const hp_partial_t *p, char *err, size_t err_len)
{
    if (!clean(p->version) || !clean(p->input) || !clean(p->reference) || !clean(p->sample) ||
        !clean(p->virus) || !clean(p->pvl_region)) {
        snprintf(err, err_len, "a name holds a tab or a line break: cannot write %s", path);
        return -1;
    }
    hp_outfile_t *of = hp_outfile_open(path);
    if (!of) {
        snprintf(err, err_len, "%s: %s", path, hp_outfile_strerror(errno));
        return -1;
    }
    write_body(hp_outfile_fp(of), p);
    if (hp_outfile_commit(of) != 0) {
        snprintf(err, err_len, "%s: write failed: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

int hp_partial_save(const char *prefix, const char *input, const char *ref, const char *sample,
                    char *const *virus, int n_virus, const char *pvl_region, int min_mapq,
                    const hp_bam_t *bam, const hp_own_region_t *own, int n_own, const hp_acc_t *acc,
                    const hp_dprof_t *dprof, char *err, size_t err_len)
{
    kstring_t vs = {0, 0, NULL}, path = {0, 0, NULL};
    int r = 0;
    for (int i = 0; i < n_virus; i++) {
        if (ksprintf(&vs, "%s%s", i ? "," : "", virus[i]) < 0) r = -2;
        if (strchr(virus[i], ',') && r == 0) {
            snprintf(err, err_len, "--virus-contig '%s': a name with a comma cannot be a shard's",
                     virus[i]);
            r = -1;
        }
    }
    if (ksprintf(&path, "%s.partial", prefix) < 0) r = -2;
    if (r == -2) snprintf(err, err_len, "out of memory");
    if (r == 0) {
        hp_partial_t p;
        memset(&p, 0, sizeof p);
        p.format = HP_PARTIAL_FORMAT, p.version = HTLVPVL_VERSION, p.input = (char *)input;
        p.reference = (char *)(ref ? ref : ""), p.sample = (char *)sample;
        p.virus = vs.s ? vs.s : "", p.pvl_region = (char *)pvl_region;
        p.min_mapq = min_mapq, p.header_hash = hp_partial_header_hash(bam->hdr);
        p.reg = (hp_own_region_t *)own, p.n_reg = n_own, p.secondary_sa = bam->n_secondary_sa;
        p.acc = *acc, p.dprof = *dprof;
        r = hp_partial_write(path.s, &p, err, err_len);
    }
    free(vs.s), free(path.s);
    return r < 0 ? -1 : 0;
}

void hp_partial_destroy(hp_partial_t *p)
{
    if (!p) return;
    free(p->version), free(p->input), free(p->reference), free(p->sample);
    free(p->virus), free(p->pvl_region), free(p->reg);
    hp_acc_destroy(&p->acc);
    hp_dprof_destroy(&p->dprof);
    memset(p, 0, sizeof *p);
}

#define MAX_FIELD 13

/* Split line (modified) at tabs. Returns the number of fields. */
static int split(char *line, char **f)
{
    int n = 0;
    char *s = line;
    f[n++] = s;
    while ((s = strchr(s, '\t')) && n < MAX_FIELD) {
        *s++ = '\0';
        f[n++] = s;
    }
    return s ? MAX_FIELD + 1 : n; /* more fields than any record has: malformed */
}

static int to_i64(const char *s, int64_t *v)
{
    char *e;
    errno = 0;
    long long x = strtoll(s, &e, 10);
    if (!*s || *e || errno) return -1;
    *v = x;
    return 0;
}

static int to_u64hex(const char *s, uint64_t *v)
{
    char *e;
    errno = 0;
    unsigned long long x = strtoull(s, &e, 16);
    if (strlen(s) != 16 || *e || errno) return -1;
    *v = x;
    return 0;
}

static int parse_line(hp_partial_t *p, char **f, int nf, size_t *m_reg)
{
    const char *k = f[0];
    int64_t v[10];
    hp_acc_t *a = &p->acc;
    hp_dprof_t *d = &p->dprof;
    char **str = strcmp(k, "version") == 0      ? &p->version
                 : strcmp(k, "input") == 0      ? &p->input
                 : strcmp(k, "reference") == 0  ? &p->reference
                 : strcmp(k, "sample") == 0     ? &p->sample
                 : strcmp(k, "virus") == 0      ? &p->virus
                 : strcmp(k, "pvl_region") == 0 ? &p->pvl_region
                                                : NULL;
    if (str) {
        if (nf != 2 || *str) return -1;
        return (*str = strdup(f[1])) ? 0 : -2;
    }
    if (strcmp(k, "header") == 0) return nf == 2 ? to_u64hex(f[1], &p->header_hash) : -1;
    for (int i = 1; i < nf; i++)
        if (i <= 10 && strcmp(k, "ev") != 0 && strcmp(k, "acc") != 0 && to_i64(f[i], &v[i - 1]) < 0)
            return -1;
    if (strcmp(k, "min_mapq") == 0 && nf == 2) {
        p->min_mapq = (int)v[0];
    } else if (strcmp(k, "secondary_sa") == 0 && nf == 2) {
        p->secondary_sa = v[0];
    } else if (strcmp(k, "dup_detection") == 0 && nf == 2) {
        a->dup_detection = (int)v[0];
    } else if (strcmp(k, "region") == 0 && nf == 4) {
        if ((size_t)p->n_reg == *m_reg) {
            size_t m = *m_reg ? 2 * *m_reg : 16;
            void *q = realloc(p->reg, m * sizeof *p->reg);
            if (!q) return -2;
            p->reg = q, *m_reg = m;
        }
        p->reg[p->n_reg].tid = (int)v[0], p->reg[p->n_reg].beg = v[1];
        p->reg[p->n_reg++].end = v[2];
    } else if (strcmp(k, "acc") == 0 && nf == 3) {
        int64_t x;
        if (to_i64(f[2], &x) < 0) return -1;
            // clang-format off
#define R(fl) if (strcmp(f[1], #fl) == 0) a->fl = x; else
        ACC_FIELDS(R) return -1;
#undef R
        // clang-format on
    } else if (strcmp(k, "vir") == 0 && nf == 4) {
        if (v[0] < 0 || v[0] >= HP_N_REGION) return -1;
        a->vir_bases[v[0]] = v[1], a->frag_region[v[0]] = v[2];
    } else if (strcmp(k, "ins") == 0 && nf == 3) {
        if (v[0] < 0 || v[0] > HP_INS_MAX) return -1;
        a->ins_hist[v[0]] = v[1];
    } else if (strcmp(k, "span") == 0 && nf == 3) {
        if (v[0] < 0 || v[0] > HP_RLEN_MAX) return -1;
        a->span_hist[v[0]] = v[1];
    } else if (strcmp(k, "dprof") == 0 && nf == 3) {
        if (d->w_reads || v[0] <= 0 || v[1] < 0 || v[1] > ((int64_t)1 << 32)) return -1;
        d->win = v[0], d->n_win = v[1];
        size_t n = (size_t)(d->n_win > 0 ? d->n_win : 1);
        d->w_reads = calloc(n, 4), d->w_lowmq = calloc(n, 4);
        d->w_gc = calloc(n, 4), d->w_bases = calloc(n, 4);
        if (!d->w_reads || !d->w_lowmq || !d->w_gc || !d->w_bases) return -2;
    } else if (strcmp(k, "dpv") == 0 && nf == 5) {
        if (v[0] < 0 || v[0] >= HP_DP_NBIN) return -1;
        d->v_reads[v[0]] = v[1], d->v_gc[v[0]] = v[2], d->v_bases[v[0]] = v[3];
    } else if (strcmp(k, "dpw") == 0 && nf == 6) {
        if (!d->w_reads || v[0] < 0 || v[0] >= d->n_win) return -1;
        for (int i = 1; i < 5; i++)
            if (v[i] < 0 || v[i] > UINT32_MAX) return -1;
        d->w_reads[v[0]] = (uint32_t)v[1], d->w_lowmq[v[0]] = (uint32_t)v[2];
        d->w_gc[v[0]] = (uint32_t)v[3], d->w_bases[v[0]] = (uint32_t)v[4];
    } else if (strcmp(k, "ev") == 0 && (nf == 12 || nf == 13)) {
        hp_evidence_t e;
        memset(&e, 0, sizeof e);
        if (to_u64hex(f[1], &e.frag) < 0 || to_u64hex(f[2], &e.dupkey) < 0) return -1;
        for (int i = 3; i < 12; i++)
            if (to_i64(f[i], &v[i - 3]) < 0) return -1;
        /* positions up to 2^40 (as every other reader of positions); the rest in their types */
        const int64_t pmax = (int64_t)1 << 40;
        if (v[0] < -1 || v[0] > INT32_MAX || v[4] < INT32_MIN || v[4] > INT32_MAX) return -1;
        for (int i = 1; i <= 3; i++)
            if (v[i] < -pmax || v[i] > pmax) return -1;
        for (int i = 5; i <= 8; i++)
            if (v[i] < 0 || v[i] > 255) return -1;
        e.tid = (int32_t)v[0], e.pos = v[1], e.hbeg = v[2];
        e.hend = v[3], e.vdist = (int32_t)v[4], e.type = (uint8_t)v[5];
        e.strand = (uint8_t)v[6], e.end = (uint8_t)v[7], e.side = (uint8_t)v[8];
        if (nf == 13 && (to_u64hex(f[12], &e.alt) < 0 || !(e.alt & HP_ALT_SET))) return -1;
        if (a->n_ev == a->m_ev) {
            size_t m = a->m_ev ? 2 * a->m_ev : 256;
            hp_evidence_t *q = realloc(a->ev, m * sizeof *q);
            if (!q) return -2;
            a->ev = q, a->m_ev = m;
        }
        a->ev[a->n_ev++] = e;
    } else {
        return -1;
    }
    return 0;
}

int hp_partial_read(const char *path, hp_partial_t *p, char *err, size_t err_len)
{
    memset(p, 0, sizeof *p);
    FILE *fp = fopen(path, "r");
    if (!fp) {
        snprintf(err, err_len, "cannot open: %s", strerror(errno));
        return -1;
    }
    char *line = NULL, *f[MAX_FIELD + 1];
    size_t cap = 0, m_reg = 0;
    ssize_t len;
    int64_t ln = 0;
    int ret = -1, ended = 0;
    while ((len = getline(&line, &cap, fp)) >= 0) {
        ln++;
        if (len == 0 || line[len - 1] != '\n' || ended) {
            snprintf(err, err_len, "line %" PRId64 ": %s", ln,
                     ended ? "data after the end line" : "cut short");
            goto out;
        }
        line[len - 1] = '\0';
        int nf = split(line, f);
        if (ln == 1) {
            if (nf != 2 || strcmp(f[0], "htlvpvl-partial") != 0) {
                snprintf(err, err_len, "not an htlvpvl partial result (count --partial)");
                goto out;
            }
            if (strcmp(f[1], "1") != 0) {
                snprintf(err, err_len, "partial format %s, this htlvpvl reads format %d", f[1],
                         HP_PARTIAL_FORMAT);
                goto out;
            }
            p->format = HP_PARTIAL_FORMAT;
            continue;
        }
        if (nf == 1 && strcmp(f[0], "end") == 0) {
            ended = 1;
            continue;
        }
        int r = nf > MAX_FIELD ? -1 : parse_line(p, f, nf, &m_reg);
        if (r == -2) {
            snprintf(err, err_len, "out of memory");
            goto out;
        }
        if (r < 0) {
            snprintf(err, err_len, "line %" PRId64 ": malformed '%s' record", ln, f[0]);
            goto out;
        }
    }
    if (ferror(fp)) {
        snprintf(err, err_len, "read error: %s", strerror(errno));
        goto out;
    }
    if (!p->format) {
        snprintf(err, err_len, "empty file, not an htlvpvl partial result");
        goto out;
    }
    if (!ended || !p->version || !p->input || !p->reference || !p->sample || !p->virus ||
        !p->pvl_region || !p->dprof.w_reads) {
        snprintf(err, err_len, "cut short or incomplete (no end line or a missing record)");
        goto out;
    }
    ret = 0;
out:
    free(line);
    fclose(fp);
    if (ret < 0) hp_partial_destroy(p);
    return ret;
}
