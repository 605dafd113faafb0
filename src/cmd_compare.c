/* cmd_compare.c -- `htlvpvl compare`: proviral load and clones across time points. */
#include "htlvpvl/cli.h"
#include "htlvpvl/commands.h"
#include "htlvpvl/compare.h"
#include "htlvpvl/compare_lmpcr.h"
#include "htlvpvl/compare_report.h"
#include "htlvpvl/log.h"
#include "htlvpvl/outfile.h"
#include "htlvpvl/qc.h"
#include <errno.h>
#include <getopt.h>
#include <htslib/hts_log.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void usage(FILE *fp)
{
    fprintf(
        fp,
        "\nUsage: htlvpvl compare [options] -o PREFIX SHEET.tsv\n\n"
        "Compare the proviral load (PVL) and the clones of each subject across time points\n"
        "(e.g. before and after mogamulizumab infusions), from the outputs of `htlvpvl count`.\n\n"
        "SHEET.tsv has a header row with the columns sample, subject, timepoint (days, e.g.\n"
        "from the first infusion, or an ISO date YYYY-MM-DD) and summary (path of a "
        "PREFIX.summary.json of\n"
        "count; its PREFIX.sites.tsv is read beside it); optional: baseline (yes/no: marks\n"
        "the baseline, else the earliest time point is), infusion (yes/no or a label),\n"
        "dose_mg_per_kg, sites (path of the sites table). Relative paths are taken from the\n"
        "sheet's folder.\n\n"
        "Options:\n"
        "  -o, --prefix PREFIX     write PREFIX.pvl.tsv, .clones.tsv, .json, _mqc.json,\n"
        "                          .table_mqc.json, .pvl.svg, .clones.svg, .cohort.svg,\n"
        "                          .waterfall.svg, .html (required; --output PREFIX: the\n"
        "                          same)\n"
        "  -b, --noise-band PCT    assay noise band: a change is beyond noise only when its\n"
        "      --assay-cv PCT      95 %% CI excludes 0 and |change| > PCT [36: placebo SD of\n"
        "                          the phase-3 mogamulizumab trial]\n"
        "  -w, --window BP         sites within BP on one strand are one clone [5]\n"
        "      --window-inexact BP ... when one is an estimated (not exact) site [500]\n"
        "  -n, --top N             clones coloured in the plots and used for \"explained by\n"
        "                          the largest clones\" [10]\n"
        "      --log | --linear    PVL plot axis [--log]\n"
        "      --doses TSV         dosing schedule: subject, date or day, dose_mg_per_kg\n"
        "                          [, drug]; doses need not fall on sample days; with dates,\n"
        "                          times become days from each subject's first dose\n"
        "      --alpha P           clone verdicts: lost / fell / rose only at P < alpha [0.05]\n"
        "      --alpha-new P       a clone is 'new' only when P(missed at baseline) < P [0.05]\n"
        "      --swap-alpha P      identity check: flag a possible sample swap when P(so few\n"
        "                          shared large clones | same person) < P [0.001]\n"
        "      --precision PCT     QC: flag a PVL whose 95 %% CI spans more than +-PCT [50]\n"
        "      --visit DAY         waterfall: the change at this time point [each subject's\n"
        "                          last]\n"
        "      --png, --pdf        also write the plots as PNG / PDF (PREFIX.*.png / .pdf) with\n"
        "                          rsvg-convert (Debian package librsvg2-bin)\n"
        "      --assay lmpcr       compare LM-PCR site tables of count --assay lmpcr instead\n"
        "                          (site x sample matrices, carry-over owner; see\n"
        "                          `htlvpvl compare --assay lmpcr --help`)\n"
        HP_CLI_HELP_QUIET
        HP_CLI_HELP_HELP "\n"
        "Exit codes: 0 ok, 1 bad or unreadable input (no output written), 2 usage error.\n\n");
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
    {".cohort.svg", hp_cmp_write_cohort_svg},
    {".waterfall.svg", hp_cmp_write_waterfall_svg},
    {".html", hp_cmp_write_html},
};
#define N_OUTPUTS (int)(sizeof outputs / sizeof outputs[0])

static void report_subjects(const hp_cmp_t *c)
{
    for (int i = 0; i < c->n_samples; i++) {
        hp_qc_t q;
        hp_cmp_sample_qc(c, &c->samples[i], &q);
        for (int b = 0; b < HP_QC_N; b++)
            if (q.flags & (1u << b))
                hp_warn("%s: QC %s: %s", c->samples[i].name, hp_qc_flag_name(b),
                        q.msg[b][0] ? q.msg[b] : "flagged in its summary.json");
    }
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
            if (s->swap_flag)
                hp_warn("%s: possible sample swap or mislabel: %s shares %d clones with the "
                        "baseline %s where %.1f were expected from one person (P = %.2g)",
                        u->name, s->name, s->n_shared, b->name, s->shared_expected, s->p_identity);
            const int *v = s->n_verdict;
            hp_info("%s: %s -> %s: PVL %.3g -> %.3g copies/100 cells, change %+.1f %% "
                    "(95 %% CI %+.1f to %+.1f), %s; clones: %d fell, %d lost, %d not detected "
                    "(uninformative), %d new",
                    u->name, b->name, s->name, b->pvl, s->pvl, s->change_pct, s->change_lo,
                    s->change_hi, s->beyond_noise == 1 ? "beyond noise" : "within noise",
                    v[HP_V_FELL], v[HP_V_LOST], v[HP_V_NOT_DETECTED], v[HP_V_NEW]);
        }
    }
}

/* The rsvg-convert to run: $HTLVPVL_RSVG_CONVERT or rsvg-convert on PATH; NULL if missing. */
static char *find_rsvg(void)
{
    const char *e = getenv("HTLVPVL_RSVG_CONVERT");
    if (e && *e) return access(e, X_OK) == 0 ? strdup(e) : NULL;
    const char *path = getenv("PATH");
    if (!path) return NULL;
    for (const char *p = path; *p;) {
        const char *q = strchr(p, ':');
        size_t n = q ? (size_t)(q - p) : strlen(p);
        char *f = malloc(n + 16);
        if (!f) return NULL;
        snprintf(f, n + 16, "%.*s/rsvg-convert", (int)n, n ? p : ".");
        if (access(f, X_OK) == 0) return f;
        free(f);
        p += n + (q != NULL);
    }
    return NULL;
}

/* Render PREFIX.NAME.svg to PREFIX.NAME.FMT with rsvg-convert into a temporary file, then
 * rename. Returns 0 or -1 (message printed). */
static int export_plot(const char *rsvg, const char *prefix, const char *name, const char *fmt)
{
    size_t n = strlen(prefix) + strlen(name) + 32;
    char *in = malloc(n), *out = malloc(n), *tmp = malloc(n + 16);
    int ret = -1;
    if (!in || !out || !tmp) {
        hp_error("out of memory");
        goto done;
    }
    snprintf(in, n, "%s%s.svg", prefix, name);
    snprintf(out, n, "%s%s.%s", prefix, name, fmt);
    snprintf(tmp, n + 16, "%s.tmp%ld", out, (long)getpid());
    pid_t pid = fork();
    if (pid < 0) {
        hp_error("%s: cannot run rsvg-convert: %s", out, strerror(errno));
        goto done;
    }
    if (pid == 0) {
        execl(rsvg, "rsvg-convert", "-f", fmt, "-o", tmp, in, (char *)NULL);
        _exit(127);
    }
    int st;
    if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        hp_error("%s: rsvg-convert failed (exit %d)", out, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
        remove(tmp);
        goto done;
    }
    if (rename(tmp, out) != 0) {
        hp_error("%s: cannot write: %s", out, strerror(errno));
        remove(tmp);
        goto done;
    }
    ret = 0;
done:
    free(in), free(out), free(tmp);
    return ret;
}

static int parse_p(const char *name, const char *s, double *out)
{
    if (hp_parse_num(s, 0, 1, out) != 0 || *out <= 0 || *out >= 1) {
        hp_error("--%s must be a probability between 0 and 1, not '%s'", name, s);
        return -1;
    }
    return 0;
}

/* What cmd_compare's option pass collected (pointers into argv), then the checked values. */
typedef struct {
    hp_cmp_opt_t opt;
    hp_cli_t cl;
    const char *doses, *prefix, *sheet;
    int png, pdf;
    char *rsvg; /* the rsvg-convert to run for --png/--pdf, else NULL */
} compare_args_t;

enum {
    OPT_LOG = 256,
    OPT_LINEAR,
    OPT_WINEX,
    OPT_DOSES,
    OPT_ALPHA,
    OPT_ALPHA_NEW,
    OPT_SWAP,
    OPT_PREC,
    OPT_VISIT,
    OPT_PNG,
    OPT_PDF
};

/* One numeric option (-b -w --window-inexact -n --precision --visit) into a->opt. Returns
 * HP_CLI_NEXT to go on, else the exit code (message printed). */
static int take_number(compare_args_t *a, int c, const char *arg)
{
    double x;
    switch (c) {
    case 'b':
        if (hp_parse_num(arg, 0, 1e6, &x) != 0) {
            hp_error("--noise-band must be a number of %% >= 0, not '%s'", arg);
            return HP_EXIT_USAGE;
        }
        a->opt.noise_band_pct = x;
        break;
    case 'w':
        if (hp_parse_num(arg, 0, 1000000, &x) != 0 || x != floor(x)) {
            hp_error("--window must be a whole number of bp >= 0, not '%s'", arg);
            return HP_EXIT_USAGE;
        }
        a->opt.window_bp = (int)x;
        break;
    case OPT_WINEX:
        if (hp_parse_num(arg, 0, 1000000, &x) != 0 || x != floor(x)) {
            hp_error("--window-inexact must be a whole number of bp >= 0, not '%s'", arg);
            return HP_EXIT_USAGE;
        }
        a->opt.window_inexact_bp = (int)x;
        break;
    case 'n':
        if (hp_parse_num(arg, 1, 20, &x) != 0 || x != floor(x)) {
            hp_error("--top must be a whole number from 1 to 20, not '%s'", arg);
            return HP_EXIT_USAGE;
        }
        a->opt.top = (int)x;
        break;
    case OPT_PREC:
        if (hp_parse_num(arg, 0, 1e6, &x) != 0 || x <= 0) {
            hp_error("--precision must be a number of %% > 0, not '%s'", arg);
            return HP_EXIT_USAGE;
        }
        a->opt.precision_pct = x;
        break;
    case OPT_VISIT:
        if (hp_parse_num(arg, -1e9, 1e9, &x) != 0) {
            hp_error("--visit must be a time point (days), not '%s'", arg);
            return HP_EXIT_USAGE;
        }
        a->opt.visit = x;
        break;
    }
    return HP_CLI_NEXT;
}

/* One option of the pass: flags and probabilities here, numbers by take_number, -o -q -h and
 * unknown options by hp_cli_option. Returns HP_CLI_NEXT to go on, else the exit code. */
static int take_option(compare_args_t *a, int c, char *arg)
{
    switch (c) {
    case OPT_LOG:
        a->opt.log_axis = 1;
        break;
    case OPT_LINEAR:
        a->opt.log_axis = 0;
        break;
    case OPT_DOSES:
        a->doses = arg;
        break;
    case OPT_PNG:
        a->png = 1;
        break;
    case OPT_PDF:
        a->pdf = 1;
        break;
    case OPT_ALPHA:
        if (parse_p("alpha", arg, &a->opt.alpha) != 0) return HP_EXIT_USAGE;
        break;
    case OPT_ALPHA_NEW:
        if (parse_p("alpha-new", arg, &a->opt.alpha_new) != 0) return HP_EXIT_USAGE;
        break;
    case OPT_SWAP:
        if (parse_p("swap-alpha", arg, &a->opt.swap_alpha) != 0) return HP_EXIT_USAGE;
        break;
    case 'b':
    case 'w':
    case OPT_WINEX:
    case 'n':
    case OPT_PREC:
    case OPT_VISIT:
        return take_number(a, c, arg);
    default: /* -o -q -h, unknown options */
        return hp_cli_option(&a->cl, c, arg);
    }
    return HP_CLI_NEXT;
}

/* The getopt_long pass over argv into *a. Returns HP_CLI_NEXT to go on, else the exit code. */
static int parse_pass(int argc, char **argv, compare_args_t *a)
{
    static const struct option lopts[] = {HP_CLI_ROW_OUTPUT,
                                          HP_CLI_ROW_PREFIX,
                                          {"noise-band", required_argument, NULL, 'b'},
                                          {"assay-cv", required_argument, NULL, 'b'},
                                          {"window", required_argument, NULL, 'w'},
                                          {"top", required_argument, NULL, 'n'},
                                          {"log", no_argument, NULL, OPT_LOG},
                                          {"linear", no_argument, NULL, OPT_LINEAR},
                                          HP_CLI_ROW_QUIET,
                                          {"window-inexact", required_argument, NULL, OPT_WINEX},
                                          HP_CLI_ROW_HELP,
                                          {"doses", required_argument, NULL, OPT_DOSES},
                                          {"alpha", required_argument, NULL, OPT_ALPHA},
                                          {"alpha-new", required_argument, NULL, OPT_ALPHA_NEW},
                                          {"swap-alpha", required_argument, NULL, OPT_SWAP},
                                          {"precision", required_argument, NULL, OPT_PREC},
                                          {"visit", required_argument, NULL, OPT_VISIT},
                                          {"png", no_argument, NULL, OPT_PNG},
                                          {"pdf", no_argument, NULL, OPT_PDF},
                                          {NULL, 0, NULL, 0}};
    int c, ret;
    while ((c = getopt_long(argc, argv, "o:b:w:n:qh", lopts, NULL)) >= 0)
        if ((ret = take_option(a, c, optarg)) != HP_CLI_NEXT) return ret;
    return HP_CLI_NEXT;
}

/* The prefix, the one sheet and, for --png/--pdf, rsvg-convert (into a->rsvg). Returns
 * HP_CLI_NEXT to go on, else the exit code (message printed). */
static int check_args(compare_args_t *a, int argc, char **argv)
{
    a->prefix = a->cl.out;
    if (!a->prefix || !*a->prefix) {
        hp_error("-o PREFIX is required");
        usage(stderr);
        return HP_EXIT_USAGE;
    }
    if (argc - optind != 1) {
        hp_error(argc == optind ? "one SHEET.tsv is required" : "only one SHEET.tsv, please");
        usage(stderr);
        return HP_EXIT_USAGE;
    }
    a->sheet = argv[optind];
    if ((a->png || a->pdf) && !(a->rsvg = find_rsvg())) {
        hp_error("--%s: rsvg-convert not found (install the Debian package librsvg2-bin, or set "
                 "HTLVPVL_RSVG_CONVERT): nothing written",
                 a->png ? "png" : "pdf");
        return HP_EXIT_DATA;
    }
    return HP_CLI_NEXT;
}

/* Every output of the computed comparison: the inputs guarded, then each file under a
 * temporary name, renamed all together. Returns 0 or -1 (message printed, nothing written). */
static int write_outputs(const hp_cmp_t *cmp, const char *prefix, const char *sheet)
{
    hp_outset_t set = {0};
    char *path = NULL;
    int ret = -1;
    /* no output may replace the sheet or a file it names */
    int oom = hp_outfile_add_input(sheet) != 0;
    for (int i = 0; i < cmp->n_samples; i++)
        oom |= hp_outfile_add_input(cmp->samples[i].summary_path) != 0 ||
               hp_outfile_add_input(cmp->samples[i].sites_path) != 0;
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
        if (outputs[i].write(fp, cmp) != 0) {
            hp_error("%s: write failed: %s", path, strerror(errno ? errno : EIO));
            hp_outset_abort_all(&set);
            goto done;
        }
    }
    if (hp_outset_commit_all(&set) != 0) {
        hp_error("%s.*: write failed: %s", prefix, strerror(errno));
        goto done;
    }
    ret = 0;
done:
    free(path);
    return ret;
}

/* The checked run: lock the prefix, read the sheet, doses and inputs, compute, write every
 * output, the PNG/PDF plots, then the per-subject messages. Returns the exit code. */
static int run_compare(compare_args_t *a)
{
    hts_set_log_level(HTS_LOG_OFF); /* our messages name the file and the reason */
    hp_cmp_t cmp;
    hp_cmp_init(&cmp, &a->opt);
    int ret = HP_EXIT_DATA;
    if (hp_outfile_lock(a->prefix) != 0) { /* one run per prefix */
        hp_error("%s: %s", a->prefix, hp_outfile_strerror(errno));
        goto done;
    }
    if (hp_cmp_read_sheet(&cmp, a->sheet) != 0 ||
        (a->doses && hp_cmp_read_doses(&cmp, a->doses) != 0) || hp_cmp_load(&cmp) != 0 ||
        hp_cmp_compute(&cmp) != 0) {
        hp_error("%s", cmp.err);
        goto done;
    }
    if (write_outputs(&cmp, a->prefix, a->sheet) != 0) goto done;
    for (int f = 0; f < 2; f++) {
        static const char *plots[] = {".pvl", ".clones", ".cohort", ".waterfall"};
        if (!(f ? a->pdf : a->png)) continue;
        for (int i = 0; i < 4; i++)
            if (export_plot(a->rsvg, a->prefix, plots[i], f ? "pdf" : "png") != 0) goto done;
    }
    report_subjects(&cmp);
    ret = HP_EXIT_OK;
done:
    hp_cmp_destroy(&cmp);
    return ret;
}

int cmd_compare(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) /* --assay lmpcr: LM-PCR site tables (compare_lmpcr.h) */
        if (strcmp(argv[i], "--assay=lmpcr") == 0 ||
            (strcmp(argv[i], "--assay") == 0 && i + 1 < argc && strcmp(argv[i + 1], "lmpcr") == 0))
            return cmd_compare_lmpcr(argc, argv);
    compare_args_t a;
    memset(&a, 0, sizeof a);
    hp_cmp_opt_init(&a.opt);
    hp_cli_init(&a.cl, usage);
    int ret = parse_pass(argc, argv, &a);
    if (ret == HP_CLI_NEXT) ret = check_args(&a, argc, argv);
    if (ret == HP_CLI_NEXT) ret = run_compare(&a);
    free(a.rsvg);
    return ret;
}
