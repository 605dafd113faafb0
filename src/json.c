/* json.c -- streaming JSON writer. */
#include <math.h>
#include <inttypes.h>
#include "htlvpvl/json.h"

void hp_json_init(hp_json_t *w, FILE *fp)
{
    w->fp = fp;
    w->depth = 0;
    w->n_items[0] = 0;
}

void hp_json_write_string(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", fp); break;
        case '\\': fputs("\\\\", fp); break;
        case '\n': fputs("\\n", fp); break;
        case '\t': fputs("\\t", fp); break;
        case '\r': fputs("\\r", fp); break;
        default:
            if (*p < 0x20) fprintf(fp, "\\u%04x", *p);
            else fputc(*p, fp);
        }
    }
    fputc('"', fp);
}

static void indent(hp_json_t *w)
{
    for (int i = 0; i < w->depth; i++) fputs("  ", w->fp);
}

static void member(hp_json_t *w, const char *key)
{
    if (w->n_items[w->depth]++ > 0) fputc(',', w->fp);
    if (w->depth > 0) fputc('\n', w->fp);
    indent(w);
    if (key) {
        hp_json_write_string(w->fp, key);
        fputs(": ", w->fp);
    }
}

static void open_nest(hp_json_t *w, const char *key, char c)
{
    member(w, key);
    fputc(c, w->fp);
    if (w->depth + 1 < HP_JSON_MAX_DEPTH) w->n_items[++w->depth] = 0;
}

static void close_nest(hp_json_t *w, char c)
{
    int had = w->n_items[w->depth];
    if (w->depth > 0) w->depth--;
    if (had) {
        fputc('\n', w->fp);
        indent(w);
    }
    fputc(c, w->fp);
}

void hp_json_begin_obj(hp_json_t *w, const char *key) { open_nest(w, key, '{'); }
void hp_json_end_obj(hp_json_t *w) { close_nest(w, '}'); }
void hp_json_begin_arr(hp_json_t *w, const char *key) { open_nest(w, key, '['); }
void hp_json_end_arr(hp_json_t *w) { close_nest(w, ']'); }

void hp_json_str(hp_json_t *w, const char *key, const char *val)
{
    member(w, key);
    if (val) hp_json_write_string(w->fp, val);
    else fputs("null", w->fp);
}

void hp_json_num(hp_json_t *w, const char *key, double val)
{
    member(w, key);
    if (isfinite(val)) fprintf(w->fp, "%.10g", val == 0 ? 0.0 : val);  /* no "-0" */
    else fputs("null", w->fp);
}

void hp_json_int(hp_json_t *w, const char *key, int64_t val)
{
    member(w, key);
    fprintf(w->fp, "%" PRId64, val);
}

void hp_json_bool(hp_json_t *w, const char *key, int val)
{
    member(w, key);
    fputs(val ? "true" : "false", w->fp);
}

void hp_json_null(hp_json_t *w, const char *key)
{
    member(w, key);
    fputs("null", w->fp);
}

int hp_json_finish(hp_json_t *w)
{
    fputc('\n', w->fp);
    return (w->depth == 0 && !ferror(w->fp)) ? 0 : -1;
}

void hp_json_pair(hp_json_t *w, const char *key, double a, double b)
{
    hp_json_begin_arr(w, key);
    hp_json_num(w, NULL, a);
    hp_json_num(w, NULL, b);
    hp_json_end_arr(w);
}
