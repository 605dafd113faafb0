/* json_read.h -- a small JSON reader (RFC 8259) that builds a tree in memory.
 *
 * Meant for the modest files htlvpvl reads back (summary.json of `count`), not for streaming
 * gigabytes. Strings are decoded to UTF-8 (\uXXXX escapes and surrogate pairs included);
 * numbers are doubles. Object members keep their order; duplicate keys are kept, lookups return
 * the first. Pure and thread-safe (no global state); a tree is owned by its caller.
 *
 * Why our own reader and not a library (jansson, MIT, is in Debian and bioconda; weighed for
 * issue 10): htlvpvl reads back only its own summary.json files (compare), a few kB each, with
 * one lookup helper per type (hp_jval_get_*); this file is about 480 lines, has no dependency,
 * is fuzzed by tests/fuzz/fuzz_summary.c under ASan/UBSan in every test run, and its
 * "line L, column C: why" messages are part of compare's tested errors. jansson would add a
 * link and packaging dependency (bioconda recipe, Debian build-depends, the static build) to
 * replace it without reading anything new; htslib, already linked, has no JSON reader. Adopt a
 * library when htlvpvl needs to read JSON written by other tools. */
#ifndef HTLVPVL_JSON_READ_H
#define HTLVPVL_JSON_READ_H
#include <stddef.h>
#ifdef __cplusplus
extern "C" {
#endif

typedef enum { HP_JNULL = 0, HP_JBOOL, HP_JNUM, HP_JSTR, HP_JARR, HP_JOBJ } hp_jtype_t;

typedef struct hp_jval_t {
    hp_jtype_t type;
    int boolean;             /* HP_JBOOL: 0 or 1 */
    double num;              /* HP_JNUM */
    char *str;               /* HP_JSTR: NUL-terminated UTF-8 (may hold embedded NULs) */
    size_t str_len;          /* HP_JSTR: length in bytes */
    int n;                   /* HP_JARR / HP_JOBJ: number of items */
    struct hp_jval_t *items; /* the items (array elements or member values) */
    char **keys;             /* HP_JOBJ: member names, n of them */
} hp_jval_t;

/* Parse text[0..len) (one JSON value, surrounded by optional whitespace). On success returns 0
 * and sets *out to a new tree (free with hp_jval_destroy). On failure returns -1, sets *out to
 * NULL and writes "line L, column C: why" into err (errlen bytes, may be 0). Nesting deeper
 * than 512 levels is refused. */
int hp_json_parse(const char *text, size_t len, hp_jval_t **out, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* Read a whole file (plain or gzip/BGZF compressed, through htslib) and parse it. Returns 0, or
 * -1 with a message in err (the file name is not part of the message). */
int hp_json_read_file(const char *path, hp_jval_t **out, char *err, size_t errlen)
    __attribute__((warn_unused_result));

/* Free a tree returned by hp_json_parse/hp_json_read_file. Accepts NULL. */
void hp_jval_destroy(hp_jval_t *v);

/* The value of member key of object obj; NULL when obj is not an object or has no such key. */
const hp_jval_t *hp_jval_member(const hp_jval_t *obj, const char *key);

/* Follow a dotted path ("pvl.depth.ci95", "a.0.b": a number selects an array element) from
 * root; NULL when any step is missing. Keys that themselves hold dots cannot be reached. */
const hp_jval_t *hp_jval_path(const hp_jval_t *root, const char *path);

/* Typed reads of a value found by path: return 0 and set *out, or -1 when the path is missing
 * or the value has another type. hp_jval_get_num accepts null as NaN only when null_ok. */
int hp_jval_get_num(const hp_jval_t *root, const char *path, int null_ok, double *out);
int hp_jval_get_str(const hp_jval_t *root, const char *path, const char **out);

#ifdef __cplusplus
}
#endif
#endif
