/* test_json_read.c -- the JSON reader: values, escapes, paths, and malformed input. */
#include "htlvpvl/json_read.h"
#include "tap.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int parses(const char *s)
{
    hp_jval_t *v = NULL;
    char err[128];
    int r = hp_json_parse(s, strlen(s), &v, err, sizeof err);
    hp_jval_destroy(v);
    return r == 0;
}

int main(void)
{
    const char *doc =
        "{\n  \"sample\": \"P1_t0\",\n  \"pvl\": {\"depth\": {\"copies_per_100_cells\""
        ": 8.25, \"ci95\": [7.5, 9.1e0], \"viral_fragments\": 412}},\n"
        "  \"none\": null, \"ok\": true, \"neg\": -0.5E-2,\n"
        "  \"esc\": \"a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00\", \"empty\": {}, \"e2\": []}";
    hp_jval_t *v = NULL;
    char err[128];
    TEST_EQ_INT(hp_json_parse(doc, strlen(doc), &v, err, sizeof err), 0, "document parses");
    const char *s = NULL;
    double x = 0;
    TEST_OK(hp_jval_get_str(v, "sample", &s) == 0 && strcmp(s, "P1_t0") == 0, "string member");
    TEST_OK(hp_jval_get_num(v, "pvl.depth.copies_per_100_cells", 0, &x) == 0 && x == 8.25,
            "nested number by dotted path");
    TEST_OK(hp_jval_get_num(v, "pvl.depth.ci95.1", 0, &x) == 0 && x == 9.1, "array element");
    TEST_OK(hp_jval_get_num(v, "pvl.depth.ci95.2", 0, &x) != 0, "array index out of range");
    TEST_OK(hp_jval_get_num(v, "pvl.depth.viral_fragments", 0, &x) == 0 && x == 412, "integer");
    TEST_OK(hp_jval_get_num(v, "neg", 0, &x) == 0 && x == -0.005, "negative exponent");
    TEST_OK(hp_jval_get_num(v, "none", 0, &x) != 0, "null refused when not null_ok");
    TEST_OK(hp_jval_get_num(v, "none", 1, &x) == 0 && isnan(x), "null as NaN when null_ok");
    TEST_OK(hp_jval_get_num(v, "sample", 1, &x) != 0, "string is not a number");
    TEST_OK(hp_jval_get_num(v, "missing.key", 1, &x) != 0, "missing path");
    TEST_OK(hp_jval_path(v, "ok") && hp_jval_path(v, "ok")->boolean == 1, "true");
    TEST_OK(hp_jval_get_str(v, "esc", &s) == 0 &&
                strcmp(s, "a\"b\\c\n\xc3\xa9\xf0\x9f\x98\x80") == 0,
            "escapes and surrogate pair decoded to UTF-8");
    TEST_EQ_INT(hp_jval_path(v, "empty")->n, 0, "empty object");
    TEST_EQ_INT(hp_jval_path(v, "e2")->type, HP_JARR, "empty array");
    hp_jval_destroy(v);

    TEST_OK(parses("  42 \n"), "bare number with whitespace");
    TEST_OK(!parses(""), "empty input refused");
    TEST_OK(!parses("{\"a\": 1,}"), "trailing comma refused");
    TEST_OK(!parses("{\"a\" 1}"), "missing colon refused");
    TEST_OK(!parses("[1, 2"), "unterminated array refused");
    TEST_OK(!parses("\"abc"), "unterminated string refused");
    TEST_OK(!parses("01"), "leading zero refused");
    TEST_OK(!parses("1."), "bare decimal point refused");
    TEST_OK(!parses("nul"), "truncated literal refused");
    TEST_OK(!parses("{} {}"), "two values refused");
    TEST_OK(!parses("\"\\ud800\""), "lone surrogate refused");
    TEST_OK(!parses("\"a\tb\""), "raw control character refused");
    TEST_OK(!parses("NaN"), "NaN is not JSON");

    char *deep = malloc(2000);
    memset(deep, '[', 1000);
    memset(deep + 1000, ']', 1000);
    hp_jval_t *d = NULL;
    TEST_OK(hp_json_parse(deep, 2000, &d, err, sizeof err) != 0 && strstr(err, "nesting"),
            "nesting beyond the limit refused, not a stack overflow");
    free(deep);

    TEST_OK(hp_json_parse("{\"a\": [1, }", 11, &d, err, sizeof err) != 0 &&
                strncmp(err, "line 1, column 11", 17) == 0,
            "error names line and column");
    TEST_OK(hp_json_read_file("/nonexistent/x.json", &d, err, sizeof err) != 0 && !d,
            "missing file refused");
    return test_done();
}
