/* attrition.c -- the attrition table's writers (attrition.h): one schema for every input and
 * assay. */
#include "htlvpvl/attrition.h"

int hp_attrition_write_tsv(FILE *fp, const hp_attrition_t *a, int n)
{
    fputs("step\tunit\tin\tkept\tdropped\treason\n", fp);
    for (int i = 0; i < n; i++)
        fprintf(fp, "%s\t%s\t%lld\t%lld\t%lld\t%s\n", a[i].step, a[i].unit, (long long)a[i].n_in,
                (long long)a[i].n_kept, (long long)(a[i].n_in - a[i].n_kept), a[i].dropped);
    return ferror(fp) ? -1 : 0;
}

void hp_attrition_write_json(hp_json_t *w, const char *key, const hp_attrition_t *a, int n)
{
    hp_json_begin_arr(w, key);
    for (int i = 0; i < n; i++) {
        hp_json_begin_obj(w, NULL);
        hp_json_str(w, "step", a[i].step);
        hp_json_str(w, "unit", a[i].unit);
        hp_json_int(w, "in", a[i].n_in);
        hp_json_int(w, "kept", a[i].n_kept);
        hp_json_int(w, "dropped", a[i].n_in - a[i].n_kept);
        hp_json_str(w, "reason", a[i].dropped);
        hp_json_end_obj(w);
    }
    hp_json_end_arr(w);
}
