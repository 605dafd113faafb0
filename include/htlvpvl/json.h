/* json.h -- a small streaming JSON writer (pretty-printed, 2-space indent, deterministic).
 * Inside an object pass the member's key; at the top level and inside arrays pass key = NULL.
 * Numbers: integers exact, doubles with %.10g, NaN and infinities written as null.
 * Not thread-safe per writer. */
#ifndef HTLVPVL_JSON_H
#define HTLVPVL_JSON_H

#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HP_JSON_MAX_DEPTH 32

typedef struct {
    FILE *fp;
    int depth;
    int n_items[HP_JSON_MAX_DEPTH];  /* members written so far at each depth */
} hp_json_t;

void hp_json_init(hp_json_t *w, FILE *fp);
void hp_json_begin_obj(hp_json_t *w, const char *key);
void hp_json_end_obj(hp_json_t *w);
void hp_json_begin_arr(hp_json_t *w, const char *key);
void hp_json_end_arr(hp_json_t *w);
void hp_json_str(hp_json_t *w, const char *key, const char *val);  /* val NULL -> null */
void hp_json_num(hp_json_t *w, const char *key, double val);
void hp_json_int(hp_json_t *w, const char *key, int64_t val);
void hp_json_bool(hp_json_t *w, const char *key, int val);
void hp_json_null(hp_json_t *w, const char *key);
/* [a, b]: a two-number array (a CI [lo, hi], a point [x, y]), each as hp_json_num writes it. */
void hp_json_pair(hp_json_t *w, const char *key, double a, double b);
/* Finish the document (newline). Returns 0, or -1 when a write failed or nesting is unbalanced. */
int hp_json_finish(hp_json_t *w) __attribute__((warn_unused_result));

/* Write s as a JSON string literal (quotes and escapes included). */
void hp_json_write_string(FILE *fp, const char *s);

#ifdef __cplusplus
}
#endif
#endif
