/* test_attrition.c -- the attrition table's writers (attrition.h): the TSV and the JSON array
 * of a hand-made table, byte for byte. */
#include "htlvpvl/attrition.h"
#include "tap.h"
#include <stdlib.h>
#include <string.h>

static const hp_attrition_t rows[] = {
    {"read", "records", 105, 100, "secondary"},
    {"classify", "fragments", 50, 0, "none kept"},
    {"keep all", "reads", 7, 7, "nothing"},
};

static char *tsv(int n)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    TEST_OK(fp && hp_attrition_write_tsv(fp, rows, n) == 0, "TSV written");
    fclose(fp);
    return buf;
}

static char *json(int n)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    hp_json_t w;
    hp_json_init(&w, fp);
    hp_json_begin_obj(&w, NULL);
    hp_attrition_write_json(&w, "attrition", rows, n);
    hp_json_end_obj(&w);
    TEST_OK(hp_json_finish(&w) == 0, "JSON written");
    fclose(fp);
    return buf;
}

int main(void)
{
    char *t = tsv(3);
    TEST_STR(t,
             "step\tunit\tin\tkept\tdropped\treason\n"
             "read\trecords\t105\t100\t5\tsecondary\n"
             "classify\tfragments\t50\t0\t50\tnone kept\n"
             "keep all\treads\t7\t7\t0\tnothing\n",
             "header, then one row per step; dropped = in - kept");
    free(t);
    t = tsv(0);
    TEST_STR(t, "step\tunit\tin\tkept\tdropped\treason\n", "no rows: the header alone");
    free(t);
    char *j = json(1);
    TEST_OK(j && strstr(j, "\"attrition\": [") && strstr(j, "\"step\": \"read\"") &&
                strstr(j, "\"unit\": \"records\"") && strstr(j, "\"in\": 105") &&
                strstr(j, "\"kept\": 100") && strstr(j, "\"dropped\": 5") &&
                strstr(j, "\"reason\": \"secondary\""),
            "JSON: the array of objects with the TSV's columns as keys");
    free(j);
    j = json(0);
    TEST_OK(j && strstr(j, "\"attrition\": []"), "JSON: no rows, an empty array");
    if (j && !strstr(j, "\"attrition\": []")) printf("# %s\n", j);
    free(j);
    return test_done();
}
