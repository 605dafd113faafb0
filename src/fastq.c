/* fastq.c -- strict 4-line FASTQ reader on htslib's BGZF layer. */
#include "htlvpvl/fastq.h"
#include <errno.h>
#include <htslib/bgzf.h>
#include <htslib/kstring.h>
#include <htslib/thread_pool.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAR_FIRST_BATCH 4096 /* pairs in the first batch read side by side */

/* Per-file state: one thread may read each file at a time. */
typedef struct {
    BGZF *fp;
    char *fn;
    kstring_t line;
    int64_t n_rec; /* records read */
    char err[512];
} fq_file_t;

struct hp_fq_reader_t {
    fq_file_t f[2];
    int n_files, interleaved, side_by_side;
    hts_tpool *pool;
    int64_t n_frag;
    double mean_len; /* mean read length of the previous batch (0: none yet) */
    char err[600];
};

void hp_fq_batch_init(hp_fq_batch_t *b)
{
    memset(b, 0, sizeof *b);
}

void hp_fq_batch_destroy(hp_fq_batch_t *b)
{
    if (!b) return;
    free(b->r1);
    free(b->r2);
    for (int i = 0; i < 2; i++)
        free(b->store[i].buf);
    free(b->off);
    free(b->len);
    memset(b, 0, sizeof *b);
}

static const char *display_name(const char *fn)
{
    return strcmp(fn, "-") == 0 ? "stdin" : fn;
}

hp_fq_reader_t *hp_fq_reader_open(const char *fn1, const char *fn2, int interleaved, int n_threads,
                                  char *err, size_t errlen)
{
    hp_fq_reader_t *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, errlen, "%s: %s", display_name(fn1), strerror(errno));
        return NULL;
    }
    const char *fns[2] = {fn1, fn2};
    r->n_files = fn2 ? 2 : 1;
    r->interleaved = interleaved && !fn2;
    r->side_by_side = n_threads > 2 && fn2; /* R1 and R2 inflated on two threads */
    for (int i = 0; i < r->n_files; i++) {
        r->f[i].fn = strdup(fns[i]);
        errno = 0;
        r->f[i].fp = r->f[i].fn ? bgzf_open(fns[i], "r") : NULL;
        if (!r->f[i].fp) {
            snprintf(err, errlen, "%s: cannot open: %s", display_name(fns[i]),
                     errno ? strerror(errno) : "unknown error");
            goto fail;
        }
    }
    for (int i = 0; i < r->n_files; i++) {
        /* bgzip always ends a file with an empty block: without it the file was cut short */
        if (r->f[i].fp->is_compressed && !r->f[i].fp->is_gzip && bgzf_check_EOF(r->f[i].fp) == 0) {
            snprintf(err, errlen, "%s: truncated BGZF file (no end-of-file block)",
                     display_name(fns[i]));
            goto fail;
        }
    }
    if (n_threads > 1) {
        int any_bgzf = 0;
        for (int i = 0; i < r->n_files; i++)
            any_bgzf |= r->f[i].fp->is_compressed && !r->f[i].fp->is_gzip;
        if (any_bgzf) {
            r->pool = hts_tpool_init(n_threads);
            if (!r->pool) {
                snprintf(err, errlen, "%s: cannot start %d threads", display_name(fn1), n_threads);
                goto fail;
            }
            for (int i = 0; i < r->n_files; i++) {
                if (!r->f[i].fp->is_compressed || r->f[i].fp->is_gzip) continue;
                if (bgzf_thread_pool(r->f[i].fp, r->pool, 0) < 0) {
                    snprintf(err, errlen, "%s: cannot attach the thread pool",
                             display_name(fns[i]));
                    goto fail;
                }
            }
        }
    }
    return r;
fail:
    (void)hp_fq_reader_close(r);
    return NULL;
}

int hp_fq_reader_close(hp_fq_reader_t *r)
{
    if (!r) return 0;
    int ret = 0;
    for (int i = 0; i < 2; i++) {
        if (r->f[i].fp && bgzf_close(r->f[i].fp) < 0) ret = -1;
        free(r->f[i].fn);
        free(r->f[i].line.s);
    }
    if (r->pool) hts_tpool_destroy(r->pool);
    free(r);
    return ret;
}

const char *hp_fq_reader_compression(const hp_fq_reader_t *r, int i)
{
    if (i < 0 || i >= r->n_files || !r->f[i].fp) return "none";
    if (!r->f[i].fp->is_compressed) return "none";
    return r->f[i].fp->is_gzip ? "gzip" : "bgzf";
}

int hp_fq_reader_threads(const hp_fq_reader_t *r)
{
    return r->side_by_side ? 2 : 1;
}

int hp_fq_reader_paired(const hp_fq_reader_t *r)
{
    return r->n_files == 2 || r->interleaved;
}
const char *hp_fq_reader_error(const hp_fq_reader_t *r)
{
    return r->err;
}
int64_t hp_fq_reader_n_fragments(const hp_fq_reader_t *r)
{
    return r->n_frag;
}

static int set_err(fq_file_t *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int set_err(fq_file_t *f, const char *fmt, ...)
{
    char what[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    snprintf(f->err, sizeof f->err, "%s: %s", display_name(f->fn), what);
    return -1;
}

/* Read one line into f->line without the line end. Returns its length, -1 at the end of the
 * file, -2 on a read error. */
static int get_line(fq_file_t *f)
{
    int ret = bgzf_getline(f->fp, '\n', &f->line);
    if (ret < -1 || f->fp->errcode) return -2; /* a partial line before an inflate error */
    if (ret < 0) return -1;
    if (f->line.l > 0 && f->line.s[f->line.l - 1] == '\r') f->line.s[--f->line.l] = 0;
    return (int)f->line.l;
}

static int store_put(hp_fq_store_t *st, const char *s, size_t n, size_t *off)
{
    if (st->len + n + 1 > st->cap) {
        size_t cap = st->cap ? st->cap : 1 << 20;
        while (cap < st->len + n + 1)
            cap *= 2;
        char *p = realloc(st->buf, cap);
        if (!p) return -1;
        st->buf = p, st->cap = cap;
    }
    *off = st->len;
    memcpy(st->buf + st->len, s, n);
    st->buf[st->len + n] = 0;
    st->len += n + 1;
    return 0;
}

/* Characters a FASTQ sequence may hold: letters (IUPAC codes, N) and . - * */
static const unsigned char seq_char_ok[256] = {
    ['*'] = 1, ['-'] = 1, ['.'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1,
    ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1,
    ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1,
    ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1,
    ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1,
    ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1,
    ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
};

#define TRUNC "read error or corrupt/truncated compressed data (record %lld)"

/* Read one record of f into st; off[0..2] get its offsets, *len its length.
 * Returns 1, 0 at a clean end of file, -1 on error (f->err set). */
static int read_record(fq_file_t *f, hp_fq_store_t *st, size_t off[3], int *len)
{
    long long rec = (long long)f->n_rec + 1;
    int l;
    while ((l = get_line(f)) == 0) {
    } /* blank lines between or after records */
    if (l == -1) return 0;
    if (l < -1) return set_err(f, TRUNC, rec);
    if (f->line.s[0] == '>')
        return set_err(f, "record %lld: looks like FASTA (a '>' header): give reads as FASTQ",
                       rec);
    if (f->line.s[0] != '@')
        return set_err(f, "record %lld: header line does not start with '@'", rec);
    size_t nl = strcspn(f->line.s + 1, " \t");
    if (store_put(st, f->line.s + 1, nl, &off[0]) < 0)
        return set_err(f, "out of memory (record %lld)", rec);
    if ((l = get_line(f)) < -1) return set_err(f, TRUNC, rec);
    if (l < 0) return set_err(f, "record %lld is cut short (no sequence line)", rec);
    for (int i = 0; i < l; i++)
        if (!seq_char_ok[(unsigned char)f->line.s[i]])
            return set_err(f, "record %lld: invalid character in the sequence", rec);
    *len = l;
    if (store_put(st, f->line.s, (size_t)l, &off[1]) < 0)
        return set_err(f, "out of memory (record %lld)", rec);
    if ((l = get_line(f)) < -1) return set_err(f, TRUNC, rec);
    if (l < 0) return set_err(f, "record %lld is cut short (no '+' line)", rec);
    if (f->line.s[0] != '+')
        return set_err(f, "record %lld: third line does not start with '+'", rec);
    if ((l = get_line(f)) < -1) return set_err(f, TRUNC, rec);
    if (l < 0) return set_err(f, "record %lld is cut short (no quality line)", rec);
    if (l != *len)
        return set_err(f, "record %lld: quality and sequence lengths differ (record cut short?)",
                       rec);
    if (store_put(st, f->line.s, (size_t)l, &off[2]) < 0)
        return set_err(f, "out of memory (record %lld)", rec);
    f->n_rec++;
    return 1;
}

/* Mate names agree up to a trailing "/1" or "/2". */
static int same_name(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la >= 2 && a[la - 2] == '/' && (a[la - 1] == '1' || a[la - 1] == '2')) la -= 2;
    if (lb >= 2 && b[lb - 2] == '/' && (b[lb - 1] == '1' || b[lb - 1] == '2')) lb -= 2;
    return la == lb && memcmp(a, b, la) == 0;
}

/* Read up to n records of one file into slot k (0: R1, 1: R2) of the batch's fragments. */
typedef struct {
    fq_file_t *f;
    hp_fq_batch_t *b;
    int k, n;
    int64_t max_bases;
    int got, ret; /* records read; 0 at the end of the file / n reached, -1 on error */
} side_job_t;

static void *read_side(void *arg)
{
    side_job_t *j = arg;
    int64_t bases = 0;
    j->got = j->ret = 0;
    while (j->got < j->n && bases < j->max_bases) {
        size_t *off = j->b->off + (size_t)j->got * 6 + 3 * j->k;
        int *len = &j->b->len[2 * j->got + j->k];
        int r = read_record(j->f, &j->b->store[j->k], off, len);
        if (r <= 0) {
            j->ret = r;
            break;
        }
        bases += *len;
        j->got++;
    }
    return NULL;
}

static int reserve_batch(hp_fq_reader_t *r, hp_fq_batch_t *b, int n)
{
    if (b->m >= n) return 0;
    hp_fq_read_t *p1 = realloc(b->r1, (size_t)n * sizeof *p1);
    if (p1) b->r1 = p1;
    hp_fq_read_t *p2 = p1 ? realloc(b->r2, (size_t)n * sizeof *p2) : NULL;
    if (p2) b->r2 = p2;
    size_t *o = p2 ? realloc(b->off, (size_t)n * 6 * sizeof *o) : NULL;
    if (o) b->off = o;
    int *l = o ? realloc(b->len, (size_t)n * 2 * sizeof *l) : NULL;
    if (!l) {
        snprintf(r->err, sizeof r->err, "%s: out of memory", display_name(r->f[0].fn));
        return -1;
    }
    b->len = l;
    b->m = n;
    return 0;
}

/* Pairs from two files read side by side: then report the first problem in input order, as
 * reading them in turn would (pair i: R1 error, R2 error or end, then the name check). */
static int read_pairs_side_by_side(hp_fq_reader_t *r, hp_fq_batch_t *b, int max_frag,
                                   int64_t max_bases)
{
    int n = max_frag;
    if (r->mean_len <= 0 && n > PAR_FIRST_BATCH) n = PAR_FIRST_BATCH;
    if (r->mean_len > 0 && (double)n * 2 * r->mean_len > (double)max_bases)
        n = (int)((double)max_bases / (2 * r->mean_len)) + 1;
    side_job_t j[2] = {{&r->f[0], b, 0, n, INT64_MAX, 0, 0}, {&r->f[1], b, 1, n, INT64_MAX, 0, 0}};
    pthread_t th;
    int threaded = pthread_create(&th, NULL, read_side, &j[1]) == 0;
    read_side(&j[0]);
    if (threaded)
        pthread_join(th, NULL);
    else
        read_side(&j[1]);
    int m = j[0].got < j[1].got ? j[0].got : j[1].got;
    for (int i = 0; i < m; i++) {
        const size_t *off = b->off + (size_t)i * 6;
        if (!same_name(b->store[0].buf + off[0], b->store[1].buf + off[3])) {
            snprintf(r->err, sizeof r->err, "%s: mate names differ at pair %lld ('%s' vs '%s')",
                     display_name(r->f[1].fn), (long long)(r->n_frag + i + 1),
                     b->store[0].buf + off[0], b->store[1].buf + off[3]);
            return -1;
        }
    }
    if (j[0].got == m && j[0].ret < 0)
        return snprintf(r->err, sizeof r->err, "%s", r->f[0].err), -1;
    if (j[1].got == m && j[1].ret < 0)
        return snprintf(r->err, sizeof r->err, "%s", r->f[1].err), -1;
    if (j[0].got > m) { /* R2 ended first */
        snprintf(r->err, sizeof r->err, "%s: has fewer records (%lld) than %s",
                 display_name(r->f[1].fn), (long long)r->f[1].n_rec, display_name(r->f[0].fn));
        return -1;
    }
    if (j[1].got > m) { /* R1 ended first */
        snprintf(r->err, sizeof r->err, "%s: has more records than %s (%lld)",
                 display_name(r->f[1].fn), display_name(r->f[0].fn), (long long)r->f[0].n_rec);
        return -1;
    }
    if (j[0].got < n && j[0].ret == 0) { /* both at their end: R2 must have nothing more */
        size_t off[3];
        int len, more = read_record(&r->f[1], &b->store[1], off, &len);
        if (more < 0) return snprintf(r->err, sizeof r->err, "%s", r->f[1].err), -1;
        if (more > 0) {
            snprintf(r->err, sizeof r->err, "%s: has more records than %s (%lld)",
                     display_name(r->f[1].fn), display_name(r->f[0].fn), (long long)r->f[0].n_rec);
            return -1;
        }
    }
    return m;
}

/* Fragments read in turn: single reads, interleaved pairs, or pairs on one thread. */
static int read_in_turn(hp_fq_reader_t *r, hp_fq_batch_t *b, int max_frag, int64_t max_bases)
{
    int paired = hp_fq_reader_paired(r), n = 0;
    int64_t bases = 0;
    fq_file_t *f1 = &r->f[0], *f2 = &r->f[r->interleaved ? 0 : 1];
    hp_fq_store_t *s2 = &b->store[r->interleaved ? 0 : 1];
    while (n < max_frag && bases < max_bases) {
        size_t *off = b->off + (size_t)n * 6;
        int *len = &b->len[2 * n];
        len[1] = 0;
        int got = read_record(f1, &b->store[0], off, &len[0]);
        if (got < 0) return snprintf(r->err, sizeof r->err, "%s", f1->err), -1;
        if (paired) {
            int got2 = 0;
            if (got || !r->interleaved) got2 = read_record(f2, s2, off + 3, &len[1]);
            if (got2 < 0) return snprintf(r->err, sizeof r->err, "%s", f2->err), -1;
            if (!got && got2) {
                snprintf(r->err, sizeof r->err, "%s: has more records than %s (%lld)",
                         display_name(f2->fn), display_name(f1->fn), (long long)f1->n_rec);
                return -1;
            }
            if (got && !got2) {
                if (r->interleaved)
                    snprintf(r->err, sizeof r->err,
                             "%s: odd number of records in an interleaved file",
                             display_name(f1->fn));
                else
                    snprintf(r->err, sizeof r->err, "%s: has fewer records (%lld) than %s",
                             display_name(f2->fn), (long long)f2->n_rec, display_name(f1->fn));
                return -1;
            }
            if (got && !same_name(b->store[0].buf + off[0], s2->buf + off[3])) {
                snprintf(r->err, sizeof r->err, "%s: mate names differ at pair %lld ('%s' vs '%s')",
                         display_name(f2->fn), (long long)(r->n_frag + n + 1),
                         b->store[0].buf + off[0], s2->buf + off[3]);
                return -1;
            }
        }
        if (!got) break;
        bases += len[0] + len[1];
        n++;
    }
    return n;
}

int hp_fq_reader_read(hp_fq_reader_t *r, hp_fq_batch_t *b, int max_frag, int64_t max_bases)
{
    int paired = hp_fq_reader_paired(r);
    b->n = 0;
    b->paired = paired;
    b->first = r->n_frag;
    b->store[0].len = b->store[1].len = 0;
    if (reserve_batch(r, b, max_frag) < 0) return -1;
    int n = r->side_by_side ? read_pairs_side_by_side(r, b, max_frag, max_bases)
                            : read_in_turn(r, b, max_frag, max_bases);
    if (n < 0) return -1;
    int64_t bases = 0;
    for (int i = 0; i < n; i++) {
        for (int k = 0; k < (paired ? 2 : 1); k++) {
            hp_fq_read_t *rd = k ? &b->r2[i] : &b->r1[i];
            const size_t *o = b->off + (size_t)i * 6 + 3 * k;
            const char *base = b->store[k && !r->interleaved ? 1 : 0].buf;
            rd->name = base + o[0];
            rd->seq = base + o[1];
            rd->qual = base + o[2];
            rd->len = b->len[2 * i + k];
            bases += rd->len;
        }
    }
    if (n > 0) r->mean_len = (double)bases / (n * (paired ? 2 : 1));
    b->n = n;
    r->n_frag += n;
    return n;
}
