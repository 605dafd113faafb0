/* fastq.c -- strict 4-line FASTQ reader on htslib's BGZF layer. */
#include "htlvpvl/fastq.h"
#include <errno.h>
#include <htslib/bgzf.h>
#include <htslib/kstring.h>
#include <htslib/thread_pool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct hp_fq_reader_t {
    BGZF *fp[2];
    char *fn[2];
    int n_files, interleaved;
    hts_tpool *pool;
    kstring_t line;
    int64_t n_rec[2]; /* records read per file */
    int64_t n_frag;
    char err[512];
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
    free(b->buf);
    free(b->off);
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
    for (int i = 0; i < r->n_files; i++) {
        r->fn[i] = strdup(fns[i]);
        errno = 0;
        r->fp[i] = r->fn[i] ? bgzf_open(fns[i], "r") : NULL;
        if (!r->fp[i]) {
            snprintf(err, errlen, "%s: cannot open: %s", display_name(fns[i]),
                     errno ? strerror(errno) : "unknown error");
            goto fail;
        }
    }
    for (int i = 0; i < r->n_files; i++) {
        /* bgzip always ends a file with an empty block: without it the file was cut short */
        if (r->fp[i]->is_compressed && !r->fp[i]->is_gzip && bgzf_check_EOF(r->fp[i]) == 0) {
            snprintf(err, errlen, "%s: truncated BGZF file (no end-of-file block)",
                     display_name(fns[i]));
            goto fail;
        }
    }
    if (n_threads > 1) {
        int any_bgzf = 0;
        for (int i = 0; i < r->n_files; i++)
            any_bgzf |= r->fp[i]->is_compressed && !r->fp[i]->is_gzip;
        if (any_bgzf) {
            r->pool = hts_tpool_init(n_threads);
            if (!r->pool) {
                snprintf(err, errlen, "%s: cannot start %d threads", display_name(fn1), n_threads);
                goto fail;
            }
            for (int i = 0; i < r->n_files; i++) {
                if (!r->fp[i]->is_compressed || r->fp[i]->is_gzip) continue;
                if (bgzf_thread_pool(r->fp[i], r->pool, 0) < 0) {
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
        if (r->fp[i] && bgzf_close(r->fp[i]) < 0) ret = -1;
        free(r->fn[i]);
    }
    if (r->pool) hts_tpool_destroy(r->pool);
    free(r->line.s);
    free(r);
    return ret;
}

const char *hp_fq_reader_compression(const hp_fq_reader_t *r, int i)
{
    if (i < 0 || i >= r->n_files || !r->fp[i]) return "none";
    if (!r->fp[i]->is_compressed) return "none";
    return r->fp[i]->is_gzip ? "gzip" : "bgzf";
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

static int set_err(hp_fq_reader_t *r, int f, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int set_err(hp_fq_reader_t *r, int f, const char *fmt, ...)
{
    char what[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    snprintf(r->err, sizeof r->err, "%s: %s", display_name(r->fn[f]), what);
    return -1;
}

/* Read one line of file f into r->line without the line end. Returns its length, -1 at the
 * end of the file, -2 on a read error. */
static int get_line(hp_fq_reader_t *r, int f)
{
    int ret = bgzf_getline(r->fp[f], '\n', &r->line);
    if (ret < -1 || r->fp[f]->errcode) return -2; /* a partial line before an inflate error */
    if (ret < 0) return -1;
    if (r->line.l > 0 && r->line.s[r->line.l - 1] == '\r') r->line.s[--r->line.l] = 0;
    return (int)r->line.l;
}

static int buf_reserve(hp_fq_batch_t *b, size_t extra)
{
    if (b->buf_len + extra <= b->buf_cap) return 0;
    size_t cap = b->buf_cap ? b->buf_cap : 1 << 20;
    while (cap < b->buf_len + extra)
        cap *= 2;
    char *p = realloc(b->buf, cap);
    if (!p) return -1;
    b->buf = p, b->buf_cap = cap;
    return 0;
}

static int buf_put(hp_fq_batch_t *b, const char *s, size_t n)
{
    if (buf_reserve(b, n + 1) < 0) return -1;
    memcpy(b->buf + b->buf_len, s, n);
    b->buf[b->buf_len + n] = 0;
    b->buf_len += n + 1;
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

/* Read one record of file f into the batch storage; off[0..2] get its offsets, *len its length.
 * Returns 1, 0 at a clean end of file, -1 on error (r->err set). */
static int read_record(hp_fq_reader_t *r, int f, hp_fq_batch_t *b, size_t off[3], int *len)
{
    int64_t rec = r->n_rec[f] + 1;
    int l;
    while ((l = get_line(r, f)) == 0) {
    } /* blank lines between or after records */
    if (l == -1) return 0;
    if (l < -1)
        return set_err(r, f,
                       "read error or corrupt/truncated compressed data "
                       "(record %lld)",
                       (long long)rec);
    if (r->line.s[0] != '@')
        return set_err(r, f, "record %lld: header line does not start with '@'", (long long)rec);
    size_t nl = strcspn(r->line.s + 1, " \t");
    off[0] = b->buf_len;
    if (buf_put(b, r->line.s + 1, nl) < 0)
        return set_err(r, f, "out of memory (record %lld)", (long long)rec);
    l = get_line(r, f);
    if (l < -1)
        return set_err(r, f,
                       "read error or corrupt/truncated compressed data "
                       "(record %lld)",
                       (long long)rec);
    if (l < 0) return set_err(r, f, "record %lld is cut short (no sequence line)", (long long)rec);
    for (int i = 0; i < l; i++) {
        unsigned char c = (unsigned char)r->line.s[i];
        if (!seq_char_ok[c])
            return set_err(r, f, "record %lld: invalid character in the sequence", (long long)rec);
    }
    off[1] = b->buf_len;
    *len = l;
    if (buf_put(b, r->line.s, (size_t)l) < 0)
        return set_err(r, f, "out of memory (record %lld)", (long long)rec);
    l = get_line(r, f);
    if (l < -1)
        return set_err(r, f,
                       "read error or corrupt/truncated compressed data "
                       "(record %lld)",
                       (long long)rec);
    if (l < 0) return set_err(r, f, "record %lld is cut short (no '+' line)", (long long)rec);
    if (r->line.s[0] != '+')
        return set_err(r, f, "record %lld: third line does not start with '+'", (long long)rec);
    l = get_line(r, f);
    if (l < -1)
        return set_err(r, f,
                       "read error or corrupt/truncated compressed data "
                       "(record %lld)",
                       (long long)rec);
    if (l < 0) return set_err(r, f, "record %lld is cut short (no quality line)", (long long)rec);
    if (l != *len)
        return set_err(r, f,
                       "record %lld: quality and sequence lengths differ (record cut "
                       "short?)",
                       (long long)rec);
    off[2] = b->buf_len;
    if (buf_put(b, r->line.s, (size_t)l) < 0)
        return set_err(r, f, "out of memory (record %lld)", (long long)rec);
    r->n_rec[f]++;
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

int hp_fq_reader_read(hp_fq_reader_t *r, hp_fq_batch_t *b, int max_frag, int64_t max_bases)
{
    int paired = hp_fq_reader_paired(r);
    int nr = paired ? 2 : 1;
    b->n = 0;
    b->buf_len = 0;
    b->paired = paired;
    b->first = r->n_frag;
    if (b->m < max_frag) {
        hp_fq_read_t *p1 = realloc(b->r1, (size_t)max_frag * sizeof *p1);
        if (p1) b->r1 = p1;
        hp_fq_read_t *p2 = p1 ? realloc(b->r2, (size_t)max_frag * sizeof *p2) : NULL;
        if (p2) b->r2 = p2;
        size_t *o = p2 ? realloc(b->off, (size_t)max_frag * 6 * sizeof *o) : NULL;
        if (!o) {
            snprintf(r->err, sizeof r->err, "%s: out of memory", display_name(r->fn[0]));
            return -1;
        }
        b->off = o;
        b->m = max_frag;
    }
    int64_t bases = 0;
    while (b->n < max_frag && bases < max_bases) {
        int len[2] = {0, 0};
        size_t *off = b->off + (size_t)b->n * 6;
        int got = read_record(r, 0, b, off, &len[0]);
        if (got < 0) return -1;
        if (paired) {
            int f2 = r->interleaved ? 0 : 1;
            int got2 = got ? read_record(r, f2, b, off + 3, &len[1]) : 0;
            if (got2 < 0) return -1;
            if (!r->interleaved && got == 0) { /* R1 ended: R2 must end too */
                got2 = read_record(r, 1, b, off + 3, &len[1]);
                if (got2 < 0) return -1;
                if (got2 > 0) {
                    snprintf(r->err, sizeof r->err, "%s: has more records than %s (%lld)",
                             display_name(r->fn[1]), display_name(r->fn[0]),
                             (long long)r->n_rec[0]);
                    return -1;
                }
            }
            if (got && !got2) {
                if (r->interleaved)
                    snprintf(r->err, sizeof r->err,
                             "%s: odd number of records in an "
                             "interleaved file",
                             display_name(r->fn[0]));
                else
                    snprintf(r->err, sizeof r->err, "%s: has fewer records (%lld) than %s",
                             display_name(r->fn[1]), (long long)r->n_rec[1],
                             display_name(r->fn[0]));
                return -1;
            }
            if (got && !same_name(b->buf + off[0], b->buf + off[3])) {
                snprintf(r->err, sizeof r->err,
                         "%s: mate names differ at pair %lld ('%s' vs "
                         "'%s')",
                         display_name(r->fn[r->interleaved ? 0 : 1]), (long long)(r->n_frag + 1),
                         b->buf + off[0], b->buf + off[3]);
                return -1;
            }
        }
        if (!got) break;
        bases += len[0] + len[1];
        for (int k = 0; k < nr; k++) {
            hp_fq_read_t *rd = k ? &b->r2[b->n] : &b->r1[b->n];
            rd->len = len[k];
            rd->name = NULL; /* set below, once the storage stops moving */
        }
        b->n++;
        r->n_frag++;
    }
    for (int i = 0; i < b->n; i++) {
        for (int k = 0; k < nr; k++) {
            hp_fq_read_t *rd = k ? &b->r2[i] : &b->r1[i];
            const size_t *o = b->off + (size_t)i * 6 + 3 * k;
            rd->name = b->buf + o[0];
            rd->seq = b->buf + o[1];
            rd->qual = b->buf + o[2];
        }
    }
    return b->n;
}
