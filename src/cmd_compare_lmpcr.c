/* cmd_compare_lmpcr.c -- `htlvpvl compare --assay lmpcr`: options and outputs of the LM-PCR
 * comparison (include/htlvpvl/compare_lmpcr.h). */
#include "htlvpvl/cli.h"
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
            "                          .calls.tsv, .pairs.tsv [required] (--output PREFIX:\n"
            "                          the same)\n"
            "      --subject S=SUBJ    sample S belongs to subject SUBJ (repeatable) [each\n"
            "                          sample its own subject]\n"
            "      --subjects FILE     the same from a TSV: sample, subject\n"
            "  -w, --window N          sites this close on one strand match [3]\n"
            "      --owner-share F     a site seen in several subjects belongs to the one\n"
            "                          holding at least F of its UMIs; the others are flagged\n"
            "                          as collisions; below F all are flagged [0.9]\n"
            HP_CLI_HELP_QUIET
            HP_CLI_HELP_HELP "\n");
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

enum { O_SUBJ = 1000, O_SUBJS, O_SHARE, O_ASSAY };

/* the command line as parsed */
typedef struct {
    map_t *map; /* sample -> subject (MAX_MAP at most; the last one of a sample holds) */
    int n_map, window;
    double share;
    hp_cli_t cl; /* -o -q -h */
} lcmp_args_t;

/* --subject SAMPLE=SUBJECT into a->map. HP_CLI_NEXT, or the exit code (message given) */
static int take_subject(lcmp_args_t *a, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg || !eq[1]) {
        hp_error("--subject must be SAMPLE=SUBJECT, not '%s'", arg);
        return HP_EXIT_USAGE;
    }
    char *s = strndup(arg, (size_t)(eq - arg));
    int e = !s || add_map(a->map, &a->n_map, s, eq + 1) < 0;
    free(s);
    if (e) {
        hp_error("--subject: out of memory or more than %d", MAX_MAP);
        return HP_EXIT_USAGE;
    }
    return HP_CLI_NEXT;
}

/* --subjects FILE: its sample<TAB>subject lines (blank and # lines skipped, a first line
 * "sample" a header) into a->map. HP_CLI_NEXT, or the exit code (message given) */
static int read_subjects(lcmp_args_t *a, const char *arg)
{
    FILE *fp = fopen(arg, "r");
    if (!fp) {
        hp_error("%s: %s", arg, strerror(errno));
        return HP_EXIT_DATA;
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
            *tab = 0, bad = add_map(a->map, &a->n_map, line, tab + 1) < 0 ? 2 : 0;
    }
    free(line);
    fclose(fp);
    if (bad) {
        hp_error("%s: line %d: want sample<TAB>subject", arg, ln);
        return HP_EXIT_DATA;
    }
    return HP_CLI_NEXT;
}

/* one option C (value ARG) into a. HP_CLI_NEXT, or the exit code (message given) */
static int take_option(lcmp_args_t *a, int c, const char *arg)
{
    char *end;
    switch (c) {
    case 'w':
        a->window = (int)strtol(arg, &end, 10);
        if (*end || end == arg || a->window < 0 || a->window > 1000) {
            hp_error("--window must be 0-1000, not '%s'", arg);
            return HP_EXIT_USAGE;
        }
        return HP_CLI_NEXT;
    case O_SHARE:
        a->share = strtod(arg, &end);
        if (*end || end == arg || !(a->share > 0.5 && a->share <= 1)) {
            hp_error("--owner-share must be above 0.5 and at most 1, not '%s'", arg);
            return HP_EXIT_USAGE;
        }
        return HP_CLI_NEXT;
    case O_SUBJ:
        return take_subject(a, arg);
    case O_SUBJS:
        return read_subjects(a, arg);
    case O_ASSAY:
        return HP_CLI_NEXT;
    default: /* -o -q -h, unknown options */
        return hp_cli_option(&a->cl, c, arg);
    }
}

/* the options, then checks: -o given, inputs given. HP_CLI_NEXT, or the exit code (message
 * given) */
static int parse_options(int argc, char **argv, lcmp_args_t *a)
{
    static const struct option lopts[] = {HP_CLI_ROW_PREFIX,
                                          HP_CLI_ROW_OUTPUT,
                                          {"subject", required_argument, NULL, O_SUBJ},
                                          {"subjects", required_argument, NULL, O_SUBJS},
                                          {"window", required_argument, NULL, 'w'},
                                          {"owner-share", required_argument, NULL, O_SHARE},
                                          {"assay", required_argument, NULL, O_ASSAY},
                                          HP_CLI_ROW_QUIET,
                                          HP_CLI_ROW_HELP,
                                          {NULL, 0, NULL, 0}};
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "o:w:qh", lopts, NULL)) >= 0)
        if ((c = take_option(a, c, optarg)) != HP_CLI_NEXT) return c;
    if (!a->cl.out) {
        hp_error("-o PREFIX is required");
        return HP_EXIT_USAGE;
    }
    if (optind >= argc) {
        hp_error("no input: give the sites tables of 'count --assay lmpcr'");
        return HP_EXIT_USAGE;
    }
    return HP_CLI_NEXT;
}

/* the sites tables argv[optind..] ([NAME=]FILE; NAME else the file's name less .sites.tsv)
 * into cmp, each sample with its subject from a->map. HP_EXIT_OK, or the exit code (message
 * given) */
static int add_inputs(int argc, char **argv, const lcmp_args_t *a, hp_lcmp_t *cmp)
{
    for (int i = optind; i < argc; i++) {
        const char *arg = argv[i], *eq = strchr(arg, '='), *file = eq ? eq + 1 : arg;
        char *name;
        if (eq) {
            name = strndup(arg, (size_t)(eq - arg));
        } else {
            const char *b = strrchr(file, '/');
            name = strdup(b ? b + 1 : file);
            size_t l = name ? strlen(name) : 0;
            if (l > 10 && strcmp(name + l - 10, ".sites.tsv") == 0) name[l - 10] = 0;
        }
        if (!name || hp_outfile_add_input(file) != 0) {
            free(name);
            hp_error("out of memory");
            return HP_EXIT_DATA;
        }
        for (int k = 0; k < cmp->n_sample; k++)
            if (strcmp(cmp->sample[k], name) == 0) {
                hp_error("%s: sample name '%s' given twice (name them NAME=FILE)", file, name);
                free(name);
                return HP_EXIT_USAGE;
            }
        int64_t line;
        const char *msg;
        int e = hp_lcmp_add(cmp, name, subject_of(a->map, a->n_map, name), file, &line, &msg);
        free(name);
        if (e == -1) {
            hp_error("%s: %s", file, strerror(errno));
            return HP_EXIT_DATA;
        } else if (e == -2) {
            hp_error("%s: line %lld: %s", file, (long long)line, msg);
            return HP_EXIT_DATA;
        } else if (e < 0) {
            hp_error("out of memory");
            return HP_EXIT_DATA;
        }
    }
    return HP_EXIT_OK;
}

/* PREFIX.matrix.tsv (UMIs), .matrix_cells.tsv, .calls.tsv, .pairs.tsv: all or none. 0, or -1
 * (message given, but for no memory for the path) */
static int write_outputs(const char *prefix, const hp_lcmp_t *cmp)
{
    static const char *const sfx[] = {".matrix.tsv", ".matrix_cells.tsv", ".calls.tsv",
                                      ".pairs.tsv"};
    hp_outset_t set = {NULL, 0, 0};
    size_t n = strlen(prefix) + 32;
    int ret = -1;
    char *path = malloc(n);
    if (!path) goto out;
    for (int i = 0; i < 4; i++) {
        snprintf(path, n, "%s%s", prefix, sfx[i]);
        FILE *fp = hp_outset_open(&set, path);
        if (!fp) {
            hp_error("%s: %s", path, hp_outfile_strerror(errno));
            hp_outset_abort_all(&set);
            goto out;
        }
        int e = i < 2    ? hp_lcmp_write_matrix(fp, cmp, i)
                : i == 2 ? hp_lcmp_write_calls(fp, cmp)
                         : hp_lcmp_write_pairs(fp, cmp);
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
    ret = 0;
out:
    free(path);
    return ret;
}

/* compare --assay lmpcr: parse, read the tables, match the sites, write, then the summary */
int cmd_compare_lmpcr(int argc, char **argv)
{
    static map_t map[MAX_MAP];
    lcmp_args_t a = {map, 0, 3, 0.9, {0}};
    hp_lcmp_t cmp;
    hp_lcmp_init(&cmp);
    hp_cli_init(&a.cl, usage);
    int ret = parse_options(argc, argv, &a);
    if (ret != HP_CLI_NEXT) goto out;
    const char *prefix = a.cl.out;
    if ((ret = add_inputs(argc, argv, &a, &cmp)) != HP_EXIT_OK) goto out;
    ret = HP_EXIT_DATA;
    if (hp_outfile_lock(prefix) != 0) { /* one run per prefix */
        hp_error("%s: %s", prefix, hp_outfile_strerror(errno));
        goto out;
    }
    if (hp_lcmp_build(&cmp, a.window, a.share) < 0) {
        hp_error("out of memory");
        goto out;
    }
    if (write_outputs(prefix, &cmp) < 0) goto out;
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
    for (int i = 0; i < a.n_map; i++)
        free(map[i].sample), free(map[i].subject);
    hp_lcmp_destroy(&cmp);
    return ret;
}
