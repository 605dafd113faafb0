/* cmd_compare_lmpcr.c -- `htlvpvl compare --assay lmpcr`: options and outputs of the LM-PCR
 * comparison (include/htlvpvl/compare_lmpcr.h). */
#include "htlvpvl/commands.h"
#include "htlvpvl/compare_lmpcr.h"
#include "htlvpvl/log.h"
#include "htlvpvl/outfile.h"
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MAP 4096

static void usage(FILE *fp)
{
    fprintf(fp,
            "\nUsage: htlvpvl compare --assay lmpcr -o PREFIX [options] [NAME=]A.sites.tsv ...\n\n"
            "LM-PCR site tables of 'count --assay lmpcr' side by side: sites matched across\n"
            "samples (time points), a cross-subject collision filter, a site x sample matrix.\n"
            "A sample is named NAME, else after its file (without .sites.tsv).\n\n"
            "Options:\n"
            "  -o, --prefix PREFIX     outputs PREFIX.matrix.tsv (UMIs), .matrix_cells.tsv,\n"
            "                          .calls.tsv, .pairs.tsv [required]\n"
            "      --subject S=SUBJ    sample S belongs to subject SUBJ (repeatable) [each\n"
            "                          sample its own subject]\n"
            "      --subjects FILE     the same from a TSV: sample, subject\n"
            "  -w, --window N          sites this close on one strand match [3]\n"
            "      --owner-share F     a site seen in several subjects belongs to the one\n"
            "                          holding at least F of its UMIs; the others are flagged\n"
            "                          as collisions; below F all are flagged [0.9]\n"
            "  -q, --quiet             no information messages\n"
            "  -h, --help              this help\n\n");
}

typedef struct {
    char *sample, *subject;
} map_t;

static int add_map(map_t *m, int *n, const char *s, const char *subj)
{
    if (*n == MAX_MAP) return -1;
    m[*n].sample = strdup(s), m[*n].subject = strdup(subj);
    if (!m[*n].sample || !m[*n].subject) return -1;
    (*n)++;
    return 0;
}

static const char *subject_of(const map_t *m, int n, const char *s)
{
    for (int i = n - 1; i >= 0; i--)
        if (strcmp(m[i].sample, s) == 0) return m[i].subject;
    return NULL;
}

int cmd_compare_lmpcr(int argc, char **argv)
{
    enum { O_SUBJ = 1000, O_SUBJS, O_SHARE, O_ASSAY };
    static const struct option lopts[] = {{"prefix", required_argument, NULL, 'o'},
                                          {"output", required_argument, NULL, 'o'},
                                          {"subject", required_argument, NULL, O_SUBJ},
                                          {"subjects", required_argument, NULL, O_SUBJS},
                                          {"window", required_argument, NULL, 'w'},
                                          {"owner-share", required_argument, NULL, O_SHARE},
                                          {"assay", required_argument, NULL, O_ASSAY},
                                          {"quiet", no_argument, NULL, 'q'},
                                          {"help", no_argument, NULL, 'h'},
                                          {NULL, 0, NULL, 0}};
    static map_t map[MAX_MAP];
    int n_map = 0, window = 3, c, ret = HP_EXIT_USAGE;
    double share = 0.9;
    const char *prefix = NULL;
    char *path = NULL, *end;
    hp_lcmp_t cmp;
    hp_lcmp_init(&cmp);
    optind = 0;
    while ((c = getopt_long(argc, argv, "o:w:qh", lopts, NULL)) >= 0) {
        switch (c) {
        case 'o':
            prefix = optarg;
            break;
        case 'w':
            window = (int)strtol(optarg, &end, 10);
            if (*end || end == optarg || window < 0 || window > 1000) {
                hp_error("--window must be 0-1000, not '%s'", optarg);
                goto out;
            }
            break;
        case O_SHARE:
            share = strtod(optarg, &end);
            if (*end || end == optarg || !(share > 0.5 && share <= 1)) {
                hp_error("--owner-share must be above 0.5 and at most 1, not '%s'", optarg);
                goto out;
            }
            break;
        case O_SUBJ: {
            const char *eq = strchr(optarg, '=');
            if (!eq || eq == optarg || !eq[1]) {
                hp_error("--subject must be SAMPLE=SUBJECT, not '%s'", optarg);
                goto out;
            }
            char *s = strndup(optarg, (size_t)(eq - optarg));
            int e = !s || add_map(map, &n_map, s, eq + 1) < 0;
            free(s);
            if (e) {
                hp_error("--subject: out of memory or more than %d", MAX_MAP);
                goto out;
            }
            break;
        }
        case O_SUBJS: {
            FILE *fp = fopen(optarg, "r");
            if (!fp) {
                hp_error("%s: %s", optarg, strerror(errno));
                ret = HP_EXIT_DATA;
                goto out;
            }
            char *line = NULL;
            size_t cap = 0;
            int ln = 0, bad = 0;
            while (!bad && getline(&line, &cap, fp) >= 0) {
                ln++;
                line[strcspn(line, "\r\n")] = 0;
                char *tab = strchr(line, '\t');
                if (!*line || line[0] == '#') continue;
                if (!tab || tab == line || !tab[1])
                    bad = 1;
                else if (ln == 1 && strcmp(line, "sample") == 0)
                    continue;
                else
                    *tab = 0, bad = add_map(map, &n_map, line, tab + 1) < 0 ? 2 : 0;
            }
            free(line);
            fclose(fp);
            if (bad) {
                hp_error("%s: line %d: want sample<TAB>subject", optarg, ln);
                ret = HP_EXIT_DATA;
                goto out;
            }
            break;
        }
        case O_ASSAY:
            break;
        case 'q':
            hp_log_set_level(HP_LOG_ERROR);
            break;
        case 'h':
            usage(stdout);
            ret = HP_EXIT_OK; /* main closes and checks stdout */
            goto out;
        default:
            usage(stderr);
            goto out;
        }
    }
    if (!prefix) {
        hp_error("-o PREFIX is required");
        goto out;
    }
    if (optind >= argc) {
        hp_error("no input: give the sites tables of 'count --assay lmpcr'");
        goto out;
    }
    ret = HP_EXIT_DATA;
    for (int i = optind; i < argc; i++) {
        const char *a = argv[i], *eq = strchr(a, '='), *file = eq ? eq + 1 : a;
        char *name;
        if (eq) {
            name = strndup(a, (size_t)(eq - a));
        } else {
            const char *b = strrchr(file, '/');
            name = strdup(b ? b + 1 : file);
            size_t l = name ? strlen(name) : 0;
            if (l > 10 && strcmp(name + l - 10, ".sites.tsv") == 0) name[l - 10] = 0;
        }
        if (!name || hp_outfile_add_input(file) != 0) {
            free(name);
            hp_error("out of memory");
            goto out;
        }
        for (int k = 0; k < cmp.n_sample; k++)
            if (strcmp(cmp.sample[k], name) == 0) {
                hp_error("%s: sample name '%s' given twice (name them NAME=FILE)", file, name);
                free(name);
                ret = HP_EXIT_USAGE;
                goto out;
            }
        int64_t line;
        const char *msg;
        int e = hp_lcmp_add(&cmp, name, subject_of(map, n_map, name), file, &line, &msg);
        free(name);
        if (e == -1) {
            hp_error("%s: %s", file, strerror(errno));
            goto out;
        } else if (e == -2) {
            hp_error("%s: line %lld: %s", file, (long long)line, msg);
            goto out;
        } else if (e < 0) {
            hp_error("out of memory");
            goto out;
        }
    }
    if (hp_outfile_lock(prefix) != 0) { /* one run per prefix */
        hp_error("%s: %s", prefix, hp_outfile_strerror(errno));
        goto out;
    }
    if (hp_lcmp_build(&cmp, window, share) < 0) {
        hp_error("out of memory");
        goto out;
    }
    {
        static const char *const sfx[] = {".matrix.tsv", ".matrix_cells.tsv", ".calls.tsv",
                                          ".pairs.tsv"};
        hp_outset_t set = {NULL, 0, 0};
        size_t n = strlen(prefix) + 32;
        if (!(path = malloc(n))) goto out;
        for (int i = 0; i < 4; i++) {
            snprintf(path, n, "%s%s", prefix, sfx[i]);
            FILE *fp = hp_outset_open(&set, path);
            if (!fp) {
                hp_error("%s: %s", path, hp_outfile_strerror(errno));
                hp_outset_abort_all(&set);
                goto out;
            }
            int e = i < 2    ? hp_lcmp_write_matrix(fp, &cmp, i)
                    : i == 2 ? hp_lcmp_write_calls(fp, &cmp)
                             : hp_lcmp_write_pairs(fp, &cmp);
            if (e < 0) {
                hp_error("%s: write failed: %s", path, strerror(errno));
                hp_outset_abort_all(&set);
                goto out;
            }
        }
        if (hp_outset_commit_all(&set) != 0) {
            hp_error("%s: cannot write outputs: %s", prefix, strerror(errno));
            goto out;
        }
    }
    int n_coll = 0, n_amb = 0;
    for (int s = 0; s < cmp.n_site; s++) {
        n_coll += cmp.site[s].n_subject > 1 && cmp.site[s].owner >= 0;
        n_amb += cmp.site[s].owner < 0 && cmp.site[s].n_subject > 1;
    }
    hp_info("%d samples, %d subjects, %d sites: %d seen in several subjects with an owner, %d "
            "without",
            cmp.n_sample, cmp.n_subject, cmp.n_site, n_coll, n_amb);
    ret = HP_EXIT_OK;
out:
    for (int i = 0; i < n_map; i++)
        free(map[i].sample), free(map[i].subject);
    free(path);
    hp_lcmp_destroy(&cmp);
    return ret;
}
