/* json_read.c -- recursive-descent JSON parser building an hp_jval_t tree. */
#include "htlvpvl/json_read.h"
#include <errno.h>
#include <htslib/bgzf.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 512

typedef struct {
    const char *s, *end, *p;
    int depth;
    char *err;
    size_t errlen;
    int failed;
} parser_t;

static void perr(parser_t *ps, const char *fmt, ...)
{
    if (ps->failed) return;
    ps->failed = 1;
    if (!ps->err || ps->errlen == 0) return;
    int line = 1, col = 1;
    for (const char *q = ps->s; q < ps->p && q < ps->end; q++) {
        if (*q == '\n')
            line++, col = 1;
        else
            col++;
    }
    int k = snprintf(ps->err, ps->errlen, "line %d, column %d: ", line, col);
    if (k < 0 || (size_t)k >= ps->errlen) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ps->err + k, ps->errlen - (size_t)k, fmt, ap);
    va_end(ap);
}

static void skip_ws(parser_t *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
        ps->p++;
}

static void free_children(hp_jval_t *v)
{
    if (v->type == HP_JSTR) free(v->str);
    if (v->type == HP_JARR || v->type == HP_JOBJ) {
        for (int i = 0; i < v->n; i++) {
            free_children(&v->items[i]);
            if (v->keys) free(v->keys[i]);
        }
        free(v->items);
        free(v->keys);
    }
    memset(v, 0, sizeof *v);
}

void hp_jval_destroy(hp_jval_t *v)
{
    if (!v) return;
    free_children(v);
    free(v);
}

static int hex4(parser_t *ps, unsigned *out)
{
    if (ps->end - ps->p < 4) return -1;
    unsigned u = 0;
    for (int i = 0; i < 4; i++) {
        char c = ps->p[i];
        u <<= 4;
        if (c >= '0' && c <= '9')
            u |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            u |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            u |= (unsigned)(c - 'A' + 10);
        else
            return -1;
    }
    ps->p += 4;
    *out = u;
    return 0;
}

static size_t put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) return o[0] = (char)cp, 1;
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6)), o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12)), o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18)), o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* At the opening quote; decodes into a new buffer (never longer than the source). */
static char *parse_string(parser_t *ps, size_t *len_out)
{
    ps->p++;
    const char *q = ps->p;
    while (q < ps->end && *q != '"')
        q += (*q == '\\') ? 2 : 1;
    if (q >= ps->end) {
        perr(ps, "unterminated string");
        return NULL;
    }
    char *buf = malloc((size_t)(q - ps->p) + 4), *o = buf;
    if (!buf) {
        perr(ps, "out of memory");
        return NULL;
    }
    while (ps->p < ps->end && *ps->p != '"') {
        unsigned char c = (unsigned char)*ps->p;
        if (c < 0x20) {
            perr(ps, "control character in string");
            goto fail;
        }
        if (c != '\\') {
            *o++ = (char)c, ps->p++;
            continue;
        }
        ps->p++;
        if (ps->p >= ps->end) break;
        char e = *ps->p++;
        switch (e) {
        case '"':
            *o++ = '"';
            break;
        case '\\':
            *o++ = '\\';
            break;
        case '/':
            *o++ = '/';
            break;
        case 'b':
            *o++ = '\b';
            break;
        case 'f':
            *o++ = '\f';
            break;
        case 'n':
            *o++ = '\n';
            break;
        case 'r':
            *o++ = '\r';
            break;
        case 't':
            *o++ = '\t';
            break;
        case 'u': {
            unsigned cp, lo;
            if (hex4(ps, &cp) != 0) {
                perr(ps, "bad \\u escape");
                goto fail;
            }
            if (cp >= 0xD800 && cp < 0xDC00) { /* high surrogate: needs its low half */
                if (ps->end - ps->p >= 6 && ps->p[0] == '\\' && ps->p[1] == 'u') {
                    ps->p += 2;
                    if (hex4(ps, &lo) != 0 || lo < 0xDC00 || lo > 0xDFFF) {
                        perr(ps, "bad surrogate pair");
                        goto fail;
                    }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                } else {
                    perr(ps, "lone surrogate");
                    goto fail;
                }
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                perr(ps, "lone surrogate");
                goto fail;
            }
            o += put_utf8(o, cp);
            break;
        }
        default:
            ps->p--;
            perr(ps, "bad escape '\\%c'", e);
            goto fail;
        }
    }
    ps->p++; /* closing quote */
    *o = '\0';
    *len_out = (size_t)(o - buf);
    return buf;
fail:
    free(buf);
    return NULL;
}

static int parse_number(parser_t *ps, double *out)
{
    const char *q = ps->p;
    if (q < ps->end && *q == '-') q++;
    if (q >= ps->end || *q < '0' || *q > '9') goto bad;
    if (*q == '0')
        q++;
    else
        while (q < ps->end && *q >= '0' && *q <= '9')
            q++;
    if (q < ps->end && *q == '.') {
        q++;
        if (q >= ps->end || *q < '0' || *q > '9') goto bad;
        while (q < ps->end && *q >= '0' && *q <= '9')
            q++;
    }
    if (q < ps->end && (*q == 'e' || *q == 'E')) {
        q++;
        if (q < ps->end && (*q == '+' || *q == '-')) q++;
        if (q >= ps->end || *q < '0' || *q > '9') goto bad;
        while (q < ps->end && *q >= '0' && *q <= '9')
            q++;
    }
    char tmp[64];
    size_t n = (size_t)(q - ps->p);
    if (n >= sizeof tmp) { /* very long literal: copy to the heap */
        char *h = malloc(n + 1);
        if (!h) goto bad;
        memcpy(h, ps->p, n), h[n] = '\0';
        *out = strtod(h, NULL);
        free(h);
    } else {
        memcpy(tmp, ps->p, n), tmp[n] = '\0';
        *out = strtod(tmp, NULL);
    }
    if (!isfinite(*out)) { /* 1e999: JSON has no infinity, no writer of ours prints one */
        perr(ps, "number out of range");
        return -1;
    }
    ps->p = q;
    return 0;
bad:
    perr(ps, "bad number");
    return -1;
}

static int parse_value(parser_t *ps, hp_jval_t *v);

static int push_item(parser_t *ps, hp_jval_t *v, int *cap, char *key)
{
    if (v->n == *cap) {
        int m = *cap ? 2 * *cap : 4;
        hp_jval_t *it = realloc(v->items, (size_t)m * sizeof *it);
        if (!it) goto oom;
        v->items = it;
        if (v->type == HP_JOBJ) {
            char **k = realloc(v->keys, (size_t)m * sizeof *k);
            if (!k) goto oom;
            v->keys = k;
        }
        *cap = m;
    }
    memset(&v->items[v->n], 0, sizeof v->items[v->n]);
    if (v->type == HP_JOBJ) v->keys[v->n] = key;
    v->n++;
    return 0;
oom:
    free(key);
    perr(ps, "out of memory");
    return -1;
}

static int parse_container(parser_t *ps, hp_jval_t *v, char close)
{
    int cap = 0;
    if (++ps->depth > MAX_DEPTH) {
        perr(ps, "nesting deeper than %d", MAX_DEPTH);
        return -1;
    }
    ps->p++;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == close) {
        ps->p++;
        ps->depth--;
        return 0;
    }
    for (;;) {
        char *key = NULL;
        skip_ws(ps);
        if (close == '}') {
            size_t kl;
            if (ps->p >= ps->end || *ps->p != '"') {
                perr(ps, "expected a member name");
                return -1;
            }
            if (!(key = parse_string(ps, &kl))) return -1;
            skip_ws(ps);
            if (ps->p >= ps->end || *ps->p != ':') {
                free(key);
                perr(ps, "expected ':'");
                return -1;
            }
            ps->p++;
        }
        if (push_item(ps, v, &cap, key) != 0) return -1;
        if (parse_value(ps, &v->items[v->n - 1]) != 0) return -1;
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            continue;
        }
        if (ps->p < ps->end && *ps->p == close) {
            ps->p++;
            ps->depth--;
            return 0;
        }
        perr(ps, "expected ',' or '%c'", close);
        return -1;
    }
}

static int literal(parser_t *ps, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0) {
        perr(ps, "unexpected character");
        return -1;
    }
    ps->p += n;
    return 0;
}

static int parse_value(parser_t *ps, hp_jval_t *v)
{
    skip_ws(ps);
    if (ps->p >= ps->end) {
        perr(ps, "unexpected end of input");
        return -1;
    }
    switch (*ps->p) {
    case '{':
        v->type = HP_JOBJ;
        return parse_container(ps, v, '}');
    case '[':
        v->type = HP_JARR;
        return parse_container(ps, v, ']');
    case '"':
        v->str = parse_string(ps, &v->str_len);
        if (!v->str) return -1;
        v->type = HP_JSTR;
        return 0;
    case 't':
        v->type = HP_JBOOL, v->boolean = 1;
        return literal(ps, "true");
    case 'f':
        v->type = HP_JBOOL, v->boolean = 0;
        return literal(ps, "false");
    case 'n':
        v->type = HP_JNULL;
        return literal(ps, "null");
    default:
        v->type = HP_JNUM;
        return parse_number(ps, &v->num);
    }
}

int hp_json_parse(const char *text, size_t len, hp_jval_t **out, char *err, size_t errlen)
{
    parser_t ps = {text, text + len, text, 0, err, errlen, 0};
    *out = NULL;
    if (err && errlen) err[0] = '\0';
    hp_jval_t *v = calloc(1, sizeof *v);
    if (!v) {
        perr(&ps, "out of memory");
        return -1;
    }
    if (parse_value(&ps, v) == 0) {
        skip_ws(&ps);
        if (ps.p != ps.end) perr(&ps, "trailing characters after the JSON value");
    }
    if (ps.failed) {
        hp_jval_destroy(v);
        return -1;
    }
    *out = v;
    return 0;
}

int hp_json_read_file(const char *path, hp_jval_t **out, char *err, size_t errlen)
{
    *out = NULL;
    BGZF *fp = bgzf_open(path, "r");
    if (!fp) {
        snprintf(err, errlen, "cannot open: %s", strerror(errno ? errno : ENOENT));
        return -1;
    }
    size_t n = 0, cap = 1 << 16;
    char *buf = malloc(cap);
    int ret = -1;
    if (!buf) {
        snprintf(err, errlen, "out of memory");
        goto done;
    }
    for (;;) {
        if (cap - n < 4096) {
            char *b = realloc(buf, cap * 2);
            if (!b) {
                snprintf(err, errlen, "out of memory");
                goto done;
            }
            buf = b, cap *= 2;
        }
        ssize_t r = bgzf_read(fp, buf + n, cap - n);
        if (r < 0) {
            snprintf(err, errlen, "read error");
            goto done;
        }
        if (r == 0) break;
        n += (size_t)r;
    }
    ret = hp_json_parse(buf, n, out, err, errlen);
done:
    free(buf);
    if (bgzf_close(fp) < 0 && ret == 0) {
        hp_jval_destroy(*out);
        *out = NULL;
        snprintf(err, errlen, "read error on close");
        ret = -1;
    }
    return ret;
}

const hp_jval_t *hp_jval_member(const hp_jval_t *obj, const char *key)
{
    if (!obj || obj->type != HP_JOBJ) return NULL;
    for (int i = 0; i < obj->n; i++)
        if (strcmp(obj->keys[i], key) == 0) return &obj->items[i];
    return NULL;
}

const hp_jval_t *hp_jval_path(const hp_jval_t *root, const char *path)
{
    const hp_jval_t *v = root;
    char step[256];
    const char *p = path;
    while (v && *p) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        if (n >= sizeof step) return NULL;
        memcpy(step, p, n), step[n] = '\0';
        if (v->type == HP_JARR) {
            char *e;
            long i = strtol(step, &e, 10);
            if (n == 0 || *e || i < 0 || i >= v->n) return NULL;
            v = &v->items[i];
        } else {
            v = hp_jval_member(v, step);
        }
        p += n + (dot ? 1 : 0);
    }
    return v;
}

int hp_jval_get_num(const hp_jval_t *root, const char *path, int null_ok, double *out)
{
    const hp_jval_t *v = hp_jval_path(root, path);
    if (!v) return -1;
    if (v->type == HP_JNUM) return *out = v->num, 0;
    if (v->type == HP_JNULL && null_ok) return *out = NAN, 0;
    return -1;
}

int hp_jval_get_str(const hp_jval_t *root, const char *path, const char **out)
{
    const hp_jval_t *v = hp_jval_path(root, path);
    if (!v || v->type != HP_JSTR) return -1;
    *out = v->str;
    return 0;
}
