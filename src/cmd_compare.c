/* cmd_compare.c -- `htlvpvl compare`: proviral load and clones across time points. */
#include "htlvpvl/commands.h"
#include "htlvpvl/compare.h"
#include "htlvpvl/compare_report.h"
#include "htlvpvl/log.h"
#include "htlvpvl/outfile.h"
#include <errno.h>
#include <getopt.h>
#include <htslib/hts_log.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *fp)
{
    fprintf(
        fp,
        "\nUsage: htlvpvl compare [options] -o PREFIX SHEET.tsv\n\n"
        "Compare the proviral load (PVL) and the clones of each subject across time points\n"
        "(e.g. before and after mogamulizumab infusions), from the outputs of `htlvpvl count`.\n\n"
        "SHEET.tsv has a header row with the columns sample, subject, timepoint (a number,\n"
        "e.g. days from the first infusion) and summary (path of a PREFIX.summary.json of\n"
        "count; its PREFIX.sites.tsv is read beside it); optional: baseline (yes/no: marks\n"
        "the baseline, else the earliest time point is), infusion (yes/no or a label),\n"
        "dose_mg_per_kg, sites (path of the sites table). Relative paths are taken from the\n"
        "sheet's folder.\n\n"
        "Options:\n"
        "  -o, --prefix PREFIX     write PREFIX.pvl.tsv, .clones.tsv, .json, _mqc.json,\n"
        "                          .table_mqc.json, .pvl.svg, .clones.svg, .html (required)\n"
        "  -b, --noise-band PCT    assay noise band: a change is beyond noise only when its\n"
        "      --assay-cv PCT      95 %% CI excludes 0 and |change| > PCT [36: placebo SD of\n"
        "                          the phase-3 mogamulizumab trial]\n"
        "  -w, --window BP         sites within BP on one strand are one clone [5]\n"
        "      --window-inexact BP ... when one is an estimated (not exact) site [500]\n"
        "  -n, --top N             clones coloured in the plots and used for \"explained by\n"
        "                          the largest clones\" [10]\n"
        "      --log | --linear    PVL plot axis [--log]\n"
        "  -q, --quiet             only errors and warnings on stderr\n"
        "  -h, --help              this help\n\n"
        "Exit codes: 0 ok, 1 bad or unreadable input (no output written), 2 usage error.\n\n");
}

static int parse_pos_num(const char *s, double lo, double hi, double *out)
{
    char *e;
    errno = 0;
    double x = strtod(s, &e);
    if (!*s || *e || errno || !isfinite(x) || x < lo || x > hi) return -1;
    *out = x;
    return 0;
}

static const struct {
    const char *suffix;
    int (*write)(FILE *, const hp_cmp_t *);
} outputs[] = {
    {".pvl.tsv", hp_cmp_write_pvl_tsv},
    {".clones.tsv", hp_cmp_write_clones_tsv},
    {".json", hp_cmp_write_json},
    {"_mqc.json", hp_cmp_write_mqc_linegraph},
    {".table_mqc.json", hp_cmp_write_mqc_table},
    {".pvl.svg", hp_cmp_write_pvl_svg},
    {".clones.svg", hp_cmp_write_clones_svg},
    {".html", hp_cmp_write_html},
};
#define N_OUTPUTS (int)(sizeof outputs / sizeof outputs[0])

static void report_subjects(const hp_cmp_t *c)
{
    for (int k = 0; k < c->n_subjects; k++) {
        const hp_cmp_subject_t *u = &c->subjects[k];
        if (u->n == 1) {
            hp_warn("subject '%s' has a single time point (%s): no change computed", u->name,
                    c->samples[u->samples[0]].name);
            continue;
        }
        const hp_cmp_sample_t *b = &c->samples[u->samples[u->baseline]];
        for (int j = 0; j < u->n; j++) {
            const hp_cmp_sample_t *s = &c->samples[u->samples[j]];
            if (s->is_baseline) continue;
            hp_info("%s: %s -> %s: PVL %.3g -> %.3g copies/100 cells, change %+.1f %% "
                    "(95 %% CI %+.1f to %+.1f), %s; clones: %d fell, %d lost, %d new",
                    u->name, b->name, s->name, b->pvl, s->pvl, s->change_pct, s->change_lo,
                    s->change_hi, s->beyond_noise == 1 ? "beyond noise" : "within noise", s->n_fell,
                    s->n_lost, s->n_new);
        }
    }
}

int cmd_compare(int argc, char **argv)
{
    enum { OPT_LOG = 256, OPT_LINEAR, OPT_WINEX };
    static const struct option lopts[] = {{"output", required_argument, NULL, 'o'},
                                          {"prefix", required_argument, NULL, 'o'},
                                          {"noise-band", required_argument, NULL, 'b'},
                                          {"assay-cv", required_argument, NULL, 'b'},
                                          {"window", required_argument, NULL, 'w'},
                                          {"top", required_argument, NULL, 'n'},
                                          {"log", no_argument, NULL, OPT_LOG},
                                          {"linear", no_argument, NULL, OPT_LINEAR},
                                          {"quiet", no_argument, NULL, 'q'},
                                          {"window-inexact", required_argument, NULL, OPT_WINEX},
                                          {"help", no_argument, NULL, 'h'},
                                          {NULL, 0, NULL, 0}};
    hp_cmp_opt_t opt;
    hp_cmp_opt_init(&opt);
    const char *prefix = NULL;
    double x;
    int c;
    while ((c = getopt_long(argc, argv, "o:b:w:n:qh", lopts, NULL)) >= 0) {
        switch (c) {
        case 'o':
            prefix = optarg;
            break;
        case 'b':
            if (parse_pos_num(optarg, 0, 1e6, &x) != 0) {
                hp_error("--noise-band must be a number of %% >= 0, not '%s'", optarg);
                return HP_EXIT_USAGE;
            }
            opt.noise_band_pct = x;
            break;
        case 'w':
            if (parse_pos_num(optarg, 0, 1000000, &x) != 0 || x != floor(x)) {
                hp_error("--window must be a whole number of bp >= 0, not '%s'", optarg);
                return HP_EXIT_USAGE;
            }
            opt.window_bp = (int)x;
            break;
        case OPT_WINEX:
            if (parse_pos_num(optarg, 0, 1000000, &x) != 0 || x != floor(x)) {
                hp_error("--window-inexact must be a whole number of bp >= 0, not '%s'", optarg);
                return HP_EXIT_USAGE;
            }
            opt.window_inexact_bp = (int)x;
            break;
        case 'n':
            if (parse_pos_num(optarg, 1, 20, &x) != 0 || x != floor(x)) {
                hp_error("--top must be a whole number from 1 to 20, not '%s'", optarg);
                return HP_EXIT_USAGE;
            }
            opt.top = (int)x;
            break;
        case OPT_LOG:
            opt.log_axis = 1;
            break;
        case OPT_LINEAR:
            opt.log_axis = 0;
            break;
        case 'q':
            hp_log_set_level(HP_LOG_WARN);
            break;
        case 'h':
            usage(stdout);
            return HP_EXIT_OK; /* main closes and checks stdout */
        default:
            usage(stderr);
            return HP_EXIT_USAGE;
        }
    }
    if (!prefix || !*prefix) {
        hp_error("-o PREFIX is required");
        usage(stderr);
        return HP_EXIT_USAGE;
    }
    if (argc - optind != 1) {
        hp_error(argc == optind ? "one SHEET.tsv is required" : "only one SHEET.tsv, please");
        usage(stderr);
        return HP_EXIT_USAGE;
    }
    const char *sheet = argv[optind];
    hts_set_log_level(HTS_LOG_OFF); /* our messages name the file and the reason */
    hp_cmp_t cmp;
    hp_cmp_init(&cmp, &opt);
    hp_outset_t set = {0};
    int ret = HP_EXIT_DATA;
    char *path = NULL;
    if (hp_outfile_lock(prefix) != 0) { /* one run per prefix */
        hp_error("%s: %s", prefix, hp_outfile_strerror(errno));
        goto done;
    }
    if (hp_cmp_read_sheet(&cmp, sheet) != 0 || hp_cmp_load(&cmp) != 0 ||
        hp_cmp_compute(&cmp) != 0) {
        hp_error("%s", cmp.err);
        goto done;
    }
    /* no output may replace the sheet or a file it names */
    int oom = hp_outfile_add_input(sheet) != 0;
    for (int i = 0; i < cmp.n_samples; i++)
        oom |= hp_outfile_add_input(cmp.samples[i].summary_path) != 0 ||
               hp_outfile_add_input(cmp.samples[i].sites_path) != 0;
    if (oom || !(path = malloc(strlen(prefix) + 32))) {
        hp_error("out of memory");
        goto done;
    }
    for (int i = 0; i < N_OUTPUTS; i++) {
        sprintf(path, "%s%s", prefix, outputs[i].suffix);
        FILE *fp = hp_outset_open(&set, path);
        if (!fp) {
            hp_error("%s: cannot write: %s", path, hp_outfile_strerror(errno));
            hp_outset_abort_all(&set);
            goto done;
        }
        if (outputs[i].write(fp, &cmp) != 0) {
            hp_error("%s: write failed: %s", path, strerror(errno ? errno : EIO));
            hp_outset_abort_all(&set);
            goto done;
        }
    }
    if (hp_outset_commit_all(&set) != 0) {
        hp_error("%s.*: write failed: %s", prefix, strerror(errno));
        goto done;
    }
    report_subjects(&cmp);
    ret = HP_EXIT_OK;
done:
    free(path);
    hp_cmp_destroy(&cmp);
    return ret;
}
