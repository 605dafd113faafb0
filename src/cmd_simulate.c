/* cmd_simulate.c -- `htlvpvl simulate`: paired-end reads of PBMC DNA with known clones,
 * proviral load and truth files. The model lives in sim_*.c (include/htlvpvl/sim.h); the
 * options shared with `simulate --assay lmpcr` are parsed here (cmd_simulate.h). */
#include "htlvpvl/cli.h"
#include "htlvpvl/cmd_simulate.h"
#include "htlvpvl/commands.h"
#include "htlvpvl/log.h"
#include "htlvpvl/outfile.h"
#include "htlvpvl/sim.h"
#include <errno.h>
#include <getopt.h>
#include <htslib/bgzf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void usage(FILE *fp)
{
    fprintf(
        fp,
        "\nUsage: htlvpvl simulate -o DIR [options]\n\n"
        "Simulate paired-end whole-genome sequencing of PBMC DNA from a person infected with\n"
        "HTLV-1: one provirus per infected cell, clones at known cell fractions, 6-bp TSD.\n"
        "Writes DIR/reads_1.fq.gz, DIR/reads_2.fq.gz, DIR/truth.sites.tsv, DIR/truth.json\n"
        "(and DIR/host.fa for the built-in host); with --timepoints, one DIR/t<k>/ per time\n"
        "point. Same options and seed give the same bytes.\n\n"
        "Options:\n"
        "  -o, --output DIR        output directory (created) [required]\n"
        "  -s, --seed N            random seed [1]\n"
        "Host:\n"
        "      --host FA           host genome FASTA (chrX/chrY 1 copy, chrM --mt-copies,\n"
        "                          others 2; contigs named HTLV1* are skipped)\n"
        "      --host-size N       built-in synthetic host: N autosomal bases [200000]\n"
        "      --host-seed N       seed of the built-in host (kept apart from --seed) [1]\n"
        "      --host-gc LO,HI     built-in host of 1-kb blocks, each of a GC drawn uniformly\n"
        "                          in [LO, HI] (a genome's GC spread; 0.2-0.8) [i.i.d. 0.40]\n"
        "      --mt-copies K       chrM copies per cell [20]\n"
        "Clones:\n"
        "      --clones TSV        clone table: chrom, pos, strand, cell_fraction [, defective,\n"
        "                          ccr4, fold] (header names the columns; see docs/formats.md)\n"
        "  -n, --n-clones N        draw N clones instead [5]\n"
        "      --clone-dist FILE   clone sizes to draw from (e.g. Laydon EstCloneFreqBody;\n"
        "                          sampled proportionally to size) [log-normal, sigma 1.5]\n"
        "  -p, --pvl P             proviral load of the drawn clones, copies/100 cells [10]\n"
        "      --ccr4-frac F       share of infected cells in CCR4+ clones (drawn clones) [0.58]\n"
        "      --defective T:F     a fraction F of clones (chosen at random) carry a defective\n"
        "                          provirus; T = 5ltr (5' LTR deleted, type 2) or internal\n"
        "                          (gag/pol/env deleted, pX kept); repeatable\n"
        "      --defective-type1 F share F of the infected cells (clones chosen at random\n"
        "                          until the share is closest) carry a type 1 provirus: large\n"
        "                          internal deletion (1001-6500), pX and both LTRs kept [0]\n"
        "      --defective-type2 F the same for type 2: 5' LTR and the start of gag lost\n"
        "                          (1-1500); only the 3' LTR junction is left [0]\n"
        "Time series:\n"
        "      --timepoints L,L,.. labels of the time points (e.g. days 0,14,98); the first\n"
        "                          is the baseline\n"
        "      --fold ccr4:F,..    fold change of CCR4+ clones at each later time point\n"
        "      --fold other:F,..   fold change of CCR4- clones [1,...]\n"
        "      --drift SD          log-normal drift (sd of log fold) of every clone [0]\n"
        "Sequencing:\n"
        "  -d, --depth D           autosomal read depth [30]\n"
        "  -l, --read-length L     read length [150]\n"
        "      --frag-mean M       fragment length mean [350]\n"
        "      --frag-sd S         fragment length sd [60]\n"
        "      --frag-lengths FILE empirical fragment lengths (one per line or a 'length'\n"
        "                          column) instead of the normal\n"
        "  -e, --error-rate E      substitution rate per base [0.001]\n"
        "      --dup-rate R        fraction of read pairs that are PCR duplicates [0.05]\n"
        "                          (exact copies of a fragment, not marked in the FASTQ:\n"
        "                          samtools fixmate -m + markdup marks them after alignment)\n"
        "      --gc-bias S         PCR GC bias: a fragment of GC fraction g is kept with a\n"
        "                          probability proportional to exp(S (g - 0.45)), g clamped to\n"
        "                          [0.2, 0.7], host and provirus alike; depth stays -d [0]\n"
        "Strain:\n"
        "      --divergence F      reads come from a patient strain: J02029 with substitutions\n"
        "                          and 1-3 bp indels at rate F (F x --ltr-factor in the LTR,\n"
        "                          same variants in both LTRs); written to DIR/strain.fa\n"
        "      --ltr-factor X      LTR rate over the internal rate [2]\n"
        "      --flank-indels F    share F of clones: a host indel by a junction [0]\n"
        "      --layout full|split reference layout the reads are meant for (recorded) [full]\n"
        "      --sorted            read pairs in source order (host by position, then clones)\n"
        "                          instead of random order: files compress several-fold\n"
        "  -h, --help              this help\n\n");
}

/* The options both simulate commands share (cmd_simulate.h); cmd_simulate_lmpcr.c uses them
 * too. */

void hp_sim_common_init(hp_sim_common_t *c)
{
    memset(c, 0, sizeof *c);
    c->seed = c->host_seed = 1;
    c->mt_copies = 20;
    c->err = 0.001;
    c->read_length = 150;
    c->min_read_length = 20, c->max_read_length = 100000;
}

/* One shared option into c. Returns 0, 1 when OPT is not one of them, or -1 after logging a
 * bad value. */
static int parse_common_opt(hp_sim_common_t *c, int opt)
{
    int64_t x;
    switch (opt) {
    case 's':
        if (hp_cli_whole("--seed", optarg, 0, 9007199254740992.0, &x) < 0) return -1;
        c->seed = (uint64_t)x;
        break;
    case HP_SIM_O_HOST:
        c->host = optarg;
        break;
    case HP_SIM_O_HOST_SIZE:
        if (hp_cli_whole("--host-size", optarg, 20000, 4e9, &c->host_size) < 0) return -1;
        break;
    case HP_SIM_O_HOST_SEED:
        if (hp_cli_whole("--host-seed", optarg, 0, 9007199254740992.0, &x) < 0) return -1;
        c->host_seed = (uint64_t)x;
        break;
    case HP_SIM_O_HOST_GC: {
        char extra;
        if (sscanf(optarg, "%lf,%lf%c", &c->host_gc_lo, &c->host_gc_hi, &extra) != 2 ||
            !(c->host_gc_lo >= 0.2) || !(c->host_gc_lo <= c->host_gc_hi) ||
            !(c->host_gc_hi <= 0.8)) {
            hp_error("--host-gc must be LO,HI with 0.2 <= LO <= HI <= 0.8, not '%s'", optarg);
            return -1;
        }
        break;
    }
    case 'n':
        if (hp_cli_whole("--n-clones", optarg, c->min_clones, 1e6, &x) < 0) return -1;
        c->n_clones = (int)x, c->n_clones_set = 1;
        break;
    case HP_SIM_O_DIST:
        c->clone_dist = optarg;
        break;
    case 'p':
        if (hp_cli_num("--pvl", optarg, 0, 100, &c->pvl) < 0) return -1;
        c->pvl_set = 1;
        break;
    case 'l':
        if (hp_cli_whole("--read-length", optarg, c->min_read_length, c->max_read_length,
                         &x) < 0)
            return -1;
        c->read_length = (int)x;
        break;
    case 'e':
        if (hp_cli_num("--error-rate", optarg, 0, 0.5, &c->err) < 0) return -1;
        break;
    default:
        return 1;
    }
    return 0;
}

int hp_sim_parse(hp_sim_common_t *c, int argc, char **argv, const char *shortopts,
                 const struct option *lopts, void (*help)(FILE *), int (*own)(void *, int),
                 void *arg)
{
    int opt, r;
    hp_cli_t cl;
    hp_cli_init(&cl, help);
    while ((opt = getopt_long(argc, argv, shortopts, lopts, NULL)) >= 0) {
        /* the shared options, the command's own, then -o -h and unknown options */
        if ((r = parse_common_opt(c, opt)) > 0) r = own(arg, opt);
        if (r < 0) return HP_EXIT_USAGE;
        if (r > 0 && (opt = hp_cli_option(&cl, opt, optarg)) != HP_CLI_NEXT) return opt;
    }
    c->out = cl.out;
    if (optind != argc) {
        hp_error("unexpected argument '%s'", argv[optind]);
        return HP_EXIT_USAGE;
    }
    if (!c->out) {
        hp_error("-o DIR is required");
        return HP_EXIT_USAGE;
    }
    if (c->host && (c->host_size || c->host_gc_hi > 0)) {
        hp_error("--host excludes --host-size and --host-gc (they shape the built-in host)");
        return HP_EXIT_USAGE;
    }
    return HP_CLI_NEXT;
}

int hp_sim_make_host(const hp_sim_common_t *c, hp_host_t *host)
{
    int r;
    if (c->host) {
        r = hp_host_read_fasta(host, c->host, c->mt_copies);
        if (r < 0) {
            hp_error("%s: %s", c->host,
                     r == -1   ? strerror(errno)
                     : r == -2 ? "not a FASTA file"
                               : "out of memory");
            return -1;
        }
        if (hp_host_autosome_len(host) == 0) {
            hp_error("%s: no autosomal contig (host depth would be undefined)", c->host);
            return -1;
        }
    } else if (hp_host_synth_gc(host, c->host_size ? c->host_size : 200000, c->mt_copies,
                                c->host_seed, c->host_gc_lo, c->host_gc_hi) < 0) {
        hp_error("out of memory");
        return -1;
    }
    return 0;
}

typedef struct {
    hp_sim_common_t c; /* -o, seed, host, clones drawn, read length and errors */
    const char *clones, *frag_file, *layout;
    double ccr4_frac, depth, frag_mean, frag_sd, dup, drift;
    double divergence, ltr_factor, gc_bias, def_type1, def_type2;
    int divergence_set;
    double flank_indels;
    int flank_indels_set;
    int sorted;
    double def_frac[3];
    int n_tp;
    char *tp_label[HP_SIM_MAX_TP];
    double fold_ccr4[HP_SIM_MAX_TP], fold_other[HP_SIM_MAX_TP];
    int n_fold_ccr4, n_fold_other;
} args_t;

/* "a,b,c" -> up to max numbers >= 0 */
static int parse_list(const char *opt, const char *s, double *v, int max)
{
    int n = 0;
    const char *p = s;
    for (;;) {
        const char *c = strchr(p, ',');
        size_t l = c ? (size_t)(c - p) : strlen(p);
        char buf[64];
        if (l == 0 || l >= sizeof buf || n >= max) {
            hp_error("%s: bad list '%s'", opt, s);
            return -1;
        }
        memcpy(buf, p, l), buf[l] = 0;
        if (hp_cli_num(opt, buf, 0, 1e6, &v[n++]) < 0) return -1;
        if (!c) break;
        p = c + 1;
    }
    return n;
}

enum {
    O_MT = 1000,
    O_CLONES,
    O_CCR4,
    O_DEF,
    O_TP,
    O_FOLD,
    O_DRIFT,
    O_FMEAN,
    O_FSD,
    O_FFILE,
    O_DUP,
    O_LAYOUT,
    O_SORTED,
    O_DIV,
    O_LTRF,
    O_GC,
    O_DEF1,
    O_DEF2,
    O_FINDEL
};

/* one numeric option: parse optarg into dst, or fail the whole parse */
#define NUM_OPT(name, lo, hi, dst)                                                                 \
    if (hp_cli_num(name, optarg, lo, hi, dst) < 0) return -1


/* One option of the clone stage (which clones, their defects and time course; the drawn
 * clones' -n, -p and --clone-dist are shared) into a. Returns 0, 1 when C is not one of them,
 * or -1 after logging a bad value. */
static int parse_clone_opt(args_t *a, int c)
{
    switch (c) {
    case O_CLONES:
        a->clones = optarg;
        break;
    case O_CCR4:
        NUM_OPT("--ccr4-frac", 0, 1, &a->ccr4_frac);
        break;
    case O_DEF: {
        const char *colon = strchr(optarg, ':');
        int t = -1;
        if (colon && colon - optarg == 4 && !strncmp(optarg, "5ltr", 4)) t = HP_DEF_5LTR;
        if (colon && colon - optarg == 8 && !strncmp(optarg, "internal", 8))
            t = HP_DEF_INTERNAL;
        if (t < 0) {
            hp_error("--defective: want 5ltr:FRACTION or internal:FRACTION, not '%s'", optarg);
            return -1;
        }
        if (hp_cli_num("--defective", colon + 1, 0, 1, &a->def_frac[t]) < 0) return -1;
        break;
    }
    case O_DEF1:
        NUM_OPT("--defective-type1", 0, 1, &a->def_type1);
        break;
    case O_DEF2:
        NUM_OPT("--defective-type2", 0, 1, &a->def_type2);
        break;
    case O_TP: {
        for (int i = 0; i < a->n_tp; i++)
            free(a->tp_label[i]);
        a->n_tp = 0;
        const char *p = optarg;
        for (;;) {
            const char *cm = strchr(p, ',');
            size_t l = cm ? (size_t)(cm - p) : strlen(p);
            if (l == 0 || l > 32 || a->n_tp >= HP_SIM_MAX_TP || strcspn(p, "/ \t") < l) {
                hp_error("--timepoints: bad list '%s' (at most %d labels)", optarg,
                         HP_SIM_MAX_TP);
                return -1;
            }
            a->tp_label[a->n_tp] = strndup(p, l);
            if (!a->tp_label[a->n_tp++]) return -1;
            if (!cm) break;
            p = cm + 1;
        }
        break;
    }
    case O_FOLD: {
        int is_ccr4 = !strncmp(optarg, "ccr4:", 5), is_other = !strncmp(optarg, "other:", 6);
        if (!is_ccr4 && !is_other) {
            hp_error("--fold: want ccr4:F1,F2,... or other:F1,F2,..., not '%s'", optarg);
            return -1;
        }
        double *dst = is_ccr4 ? a->fold_ccr4 + 1 : a->fold_other + 1;
        int n = parse_list("--fold", optarg + (is_ccr4 ? 5 : 6), dst, HP_SIM_MAX_TP - 1);
        if (n < 0) return -1;
        *(is_ccr4 ? &a->n_fold_ccr4 : &a->n_fold_other) = n;
        break;
    }
    case O_DRIFT:
        NUM_OPT("--drift", 0, 10, &a->drift);
        break;
    default:
        return 1;
    }
    return 0;
}

/* One option of the host and read stages (chrM copies, depth, fragment lengths, duplicates,
 * strain, GC bias; read length and errors are shared), as parse_clone_opt. */
static int parse_read_opt(args_t *a, int c)
{
    switch (c) {
    case O_MT:
        NUM_OPT("--mt-copies", 0, 1e5, &a->c.mt_copies);
        break;
    case 'd':
        NUM_OPT("--depth", 0.001, 10000, &a->depth);
        break;
    case O_FMEAN:
        NUM_OPT("--frag-mean", 30, 100000, &a->frag_mean);
        break;
    case O_FSD:
        NUM_OPT("--frag-sd", 0, 100000, &a->frag_sd);
        break;
    case O_FFILE:
        a->frag_file = optarg;
        break;
    case O_DUP:
        NUM_OPT("--dup-rate", 0, 0.99, &a->dup);
        break;
    case O_LAYOUT:
        if (strcmp(optarg, "full") && strcmp(optarg, "split")) {
            hp_error("--layout must be 'full' or 'split', not '%s'", optarg);
            return -1;
        }
        a->layout = optarg;
        break;
    case O_SORTED:
        a->sorted = 1;
        break;
    case O_DIV:
        NUM_OPT("--divergence", 0, 0.2, &a->divergence);
        a->divergence_set = 1;
        break;
    case O_LTRF:
        NUM_OPT("--ltr-factor", 0, 10, &a->ltr_factor);
        break;
    case O_FINDEL:
        NUM_OPT("--flank-indels", 0, 1, &a->flank_indels);
        a->flank_indels_set = 1;
        break;
    case O_GC:
        NUM_OPT("--gc-bias", -10, 10, &a->gc_bias);
        break;
    default:
        return 1;
    }
    return 0;
}

/* The combinations the options must respect. Returns 0, or -1 after logging. */
static int check_args(const args_t *a)
{
    if (a->clones && (a->c.n_clones_set || a->c.pvl_set || a->c.clone_dist)) {
        hp_error("--clones gives the clones: --n-clones, --pvl and --clone-dist apply only to "
                 "drawn clones");
        return -1;
    }
    if (a->frag_file && (a->frag_mean > 0 || a->frag_sd >= 0)) {
        hp_error("--frag-lengths excludes --frag-mean / --frag-sd");
        return -1;
    }
    if (a->def_type1 + a->def_type2 > 1) {
        hp_error("--defective-type1 and --defective-type2 add up to more than 1");
        return -1;
    }
    if (a->divergence * a->ltr_factor > 0.5) {
        hp_error("--divergence x --ltr-factor must be at most 0.5");
        return -1;
    }
    if (a->def_frac[HP_DEF_5LTR] + a->def_frac[HP_DEF_INTERNAL] > 1) {
        hp_error("--defective fractions add up to more than 1");
        return -1;
    }
    int n_tp = a->n_tp ? a->n_tp : 1;
    if ((a->n_fold_ccr4 && a->n_fold_ccr4 != n_tp - 1) ||
        (a->n_fold_other && a->n_fold_other != n_tp - 1)) {
        hp_error("--fold needs one value per time point after the first (%d)", n_tp - 1);
        return -1;
    }
    return 0;
}

/* The command's own options (hp_sim_parse's OWN): the clone stage, then the host and read
 * stages. */
static int parse_own(void *arg, int c)
{
    args_t *a = arg;
    int r = parse_clone_opt(a, c);
    return r > 0 ? parse_read_opt(a, c) : r;
}

/* argv into a (the shared options, then the command's own). Returns 0, 1 after -h, or -1
 * after a usage error (logged). */
static int parse_args(args_t *a, int argc, char **argv)
{
    static const struct option lopts[] = {HP_SIM_ROWS_COMMON,
                                          {"mt-copies", required_argument, NULL, O_MT},
                                          {"clones", required_argument, NULL, O_CLONES},
                                          {"ccr4-frac", required_argument, NULL, O_CCR4},
                                          {"defective", required_argument, NULL, O_DEF},
                                          {"timepoints", required_argument, NULL, O_TP},
                                          {"fold", required_argument, NULL, O_FOLD},
                                          {"drift", required_argument, NULL, O_DRIFT},
                                          {"depth", required_argument, NULL, 'd'},
                                          {"frag-mean", required_argument, NULL, O_FMEAN},
                                          {"frag-sd", required_argument, NULL, O_FSD},
                                          {"frag-lengths", required_argument, NULL, O_FFILE},
                                          {"dup-rate", required_argument, NULL, O_DUP},
                                          {"layout", required_argument, NULL, O_LAYOUT},
                                          {"sorted", no_argument, NULL, O_SORTED},
                                          {"divergence", required_argument, NULL, O_DIV},
                                          {"ltr-factor", required_argument, NULL, O_LTRF},
                                          {"gc-bias", required_argument, NULL, O_GC},
                                          {"defective-type1", required_argument, NULL, O_DEF1},
                                          {"defective-type2", required_argument, NULL, O_DEF2},
                                          {"flank-indels", required_argument, NULL, O_FINDEL},
                                          {NULL, 0, NULL, 0}};
    hp_sim_common_init(&a->c);
    a->c.n_clones = 5, a->c.pvl = 10;
    int r = hp_sim_parse(&a->c, argc, argv, HP_SIM_SHORT_OPTS "d:", lopts, usage, parse_own, a);
    if (r != HP_CLI_NEXT) return r == HP_EXIT_OK ? 1 : -1;
    return check_args(a);
}

/* Make dir if missing; remembers whether we made it (to remove it after a failure). */
static int make_dir(const char *path, int *made)
{
    *made = 0;
    if (mkdir(path, 0777) == 0) {
        *made = 1;
        return 0;
    }
    struct stat st;
    if (errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) return 0;
    if (errno == EEXIST) errno = ENOTDIR;
    return -1;
}

/* Level 9 only pays on sorted output (overlapping reads within the window); on random-order
 * reads it is 15 times slower for 5 % smaller files. */
static BGZF *open_bgzf(hp_outset_t *set, const char *path, int sorted)
{
    FILE *fp = hp_outset_open(set, path);
    if (!fp) return NULL;
    int fd = dup(fileno(fp));
    if (fd < 0) return NULL;
    BGZF *b = bgzf_dopen(fd, sorted ? "w9" : "w6");
    if (!b) close(fd);
    return b;
}

/* Stage 1: the fragment-length distribution (a table, or normal). Returns 0 or -1 (logged). */
static int make_fraglens(const args_t *a, hp_fraglen_t *fl)
{
    int r;
    if (a->frag_file) {
        r = hp_fraglen_read(fl, a->frag_file);
        if (r < 0) {
            hp_error("%s: %s", a->frag_file,
                     r == -1 ? strerror(errno) : "not a list of fragment lengths");
            return -1;
        }
    } else if (hp_fraglen_normal(fl, a->frag_mean > 0 ? a->frag_mean : 350,
                                 a->frag_sd >= 0 ? a->frag_sd : 60) < 0) {
        hp_error("out of memory");
        return -1;
    }
    return 0;
}


/* Stage 3: the clones, from a table or drawn (w, nw: the clone-size table read, owned by the
 * caller). Returns 0 or -1 (logged). */
static int make_clones(const args_t *a, const hp_host_t *host, int64_t flank, hp_rng_t *rng,
                       hp_clones_t *cl, double **w, int *nw)
{
    int r;
    if (a->clones) {
        int line;
        const char *msg;
        r = hp_clones_read(cl, a->clones, host, flank, &line, &msg);
        if (r < 0) {
            if (r == -1)
                hp_error("%s: %s", a->clones, strerror(errno));
            else
                hp_error("%s: line %d: %s", a->clones, line, r == -3 ? "out of memory" : msg);
            return -1;
        }
    } else {
        if (a->c.clone_dist) {
            r = hp_clonedist_read(w, nw, a->c.clone_dist);
            if (r < 0) {
                hp_error("%s: %s", a->c.clone_dist,
                         r == -1 ? strerror(errno) : "not a table of clone sizes");
                return -1;
            }
        }
        r = hp_clones_draw(cl, rng, host, a->c.n_clones, *w, *nw, a->c.pvl, flank, flank + 10,
                           a->ccr4_frac);
        if (r < 0) {
            hp_error(r == -3 ? "out of memory"
                             : "cannot place %d clones %lld bp apart on the host autosomes "
                               "(or the clone-size table has fewer clones)",
                     a->c.n_clones, (long long)(flank + 10));
            return -1;
        }
    }
    return 0;
}

/* Stage 4: which proviruses are defective: by count of clones, then by share of the infected
 * cells. Returns 0 or -1 (logged). */
static int assign_defective(const args_t *a, hp_clones_t *cl, hp_rng_t *rng)
{
    /* defective proviruses: a random subset of the clones not already defective */
    for (int t = HP_DEF_5LTR; t <= HP_DEF_INTERNAL; t++) {
        int want = (int)floor(a->def_frac[t] * cl->n + 0.5), have = 0;
        for (int i = 0; i < cl->n; i++)
            have += cl->c[i].defective == (hp_defective_t)t;
        for (; have < want; have++) {
            int free_n = 0;
            for (int i = 0; i < cl->n; i++)
                free_n += cl->c[i].defective == HP_DEF_NONE;
            if (!free_n) break;
            int k = (int)hp_rng_below(rng, (uint64_t)free_n);
            for (int i = 0; i < cl->n; i++)
                if (cl->c[i].defective == HP_DEF_NONE && k-- == 0) {
                    cl->c[i].defective = (hp_defective_t)t;
                    break;
                }
        }
    }
    /* defective proviruses by share of the infected cells: clones in random order (of those
     * still intact) take the type while that brings the share closer to the target */
    for (int t = 0; t < 2; t++) {
        double want = t == 0 ? a->def_type1 : a->def_type2, tot = 0, share = 0;
        hp_defective_t type = t == 0 ? HP_DEF_INTERNAL : HP_DEF_5LTR;
        if (want <= 0 || cl->n <= 0) continue;
        for (int i = 0; i < cl->n; i++)
            tot += cl->c[i].cell_fraction;
        int *perm = malloc((size_t)cl->n * sizeof *perm);
        if (!perm) {
            hp_error("out of memory");
            return -1;
        }
        for (int i = 0; i < cl->n; i++)
            perm[i] = i;
        for (int i = cl->n - 1; i > 0; i--) {
            int j = (int)hp_rng_below(rng, (uint64_t)i + 1), x = perm[i];
            perm[i] = perm[j], perm[j] = x;
        }
        for (int i = 0; i < cl->n; i++) {
            hp_clone_t *c = &cl->c[perm[i]];
            double f = tot > 0 ? c->cell_fraction / tot : 0;
            if (c->defective == HP_DEF_NONE && fabs(share + f - want) < fabs(share - want))
                c->defective = type, share += f;
        }
        free(perm);
    }
    return 0;
}

/* Stage 5: the patient strain (--divergence). Returns 0 or -1 (logged). */
static int make_strain(const args_t *a, hp_strain_t *strain)
{
    int r;
    /* its own stream, the same at every time point */
    if (a->divergence_set) {
        hp_rng_t srng;
        hp_rng_seed(&srng, a->c.seed * 0x9e3779b97f4a7c15ULL + 0x737472ULL);
        r = hp_strain_make(strain, a->divergence, a->ltr_factor, &srng);
        if (r < 0) {
            hp_error(r == -3 ? "out of memory" : "--divergence: bad strain parameters");
            return -1;
        }
    }
    return 0;
}

/* Stage 6: every clone's cell fraction at every time point (frac, time point by time point)
 * and at the first (frac0), both owned by the caller; *pvl0_out: the nominal PVL. Returns 0,
 * -1 (logged: bad clone table, or memory) or -2 (logged: options asking for more than all
 * cells). */
static int cell_fractions(const args_t *a, const hp_clones_t *cl, hp_rng_t *rng, int n_tp,
                          double **frac0_out, double **frac_out, double *pvl0_out)
{
    double *frac0 = *frac0_out = malloc((size_t)(cl->n ? cl->n : 1) * sizeof *frac0);
    double *frac = *frac_out = malloc((size_t)(cl->n ? cl->n : 1) * n_tp * sizeof *frac);
    if (!frac0 || !frac) {
        hp_error("out of memory");
        return -1;
    }
    double pvl0 = 0;
    for (int i = 0; i < cl->n; i++) {
        hp_clone_t *c = &cl->c[i];
        frac0[i] = frac[i] = c->cell_fraction;
        pvl0 += 100 * c->cell_fraction;
        for (int k = 1; k < n_tp; k++) {
            double f;
            if (c->n_fold >= k)
                f = c->fold[k];
            else if (c->ccr4 == 1)
                f = a->n_fold_ccr4 ? a->fold_ccr4[k] : 1.0;
            else
                f = a->n_fold_other ? a->fold_other[k] : 1.0;
            if (a->drift > 0) f *= exp(a->drift * hp_rng_normal(rng));
            frac[(size_t)k * cl->n + i] = c->cell_fraction * f;
        }
    }
    for (int k = 0; k < n_tp; k++) {
        double s = 0;
        for (int i = 0; i < cl->n; i++)
            s += frac[(size_t)k * cl->n + i];
        if (s > 1.0 + 1e-9) {
            /* from a clone table: bad data (1); from options (--fold, --pvl): usage (2) */
            hp_error("%s%sthe clones hold %.3g of the cells at time point %d (more than all)",
                     a->clones ? a->clones : "", a->clones ? ": " : "", s, k);
            return a->clones ? -1 : -2;
        }
    }
    *pvl0_out = pvl0;
    return 0;
}

/* Before stage 7: the output directory, taken for this run (no input replaced, one run per
 * directory, made when missing: *made). Returns 0 or -1 (logged). */
static int claim_dir(const args_t *a, int *made)
{
    if (hp_outfile_add_input(a->c.host) || hp_outfile_add_input(a->clones) ||
        hp_outfile_add_input(a->c.clone_dist) || hp_outfile_add_input(a->frag_file)) {
        hp_error("out of memory");
        return -1;
    }
    if (hp_outfile_lock(a->c.out) != 0) { /* one run per output directory */
        hp_error("%s: %s", a->c.out, hp_outfile_strerror(errno));
        return -1;
    }
    if (make_dir(a->c.out, made) < 0) {
        hp_error("%s: %s", a->c.out, strerror(errno));
        return -1;
    }
    return 0;
}

/* DIR/host.fa (the built-in host) and DIR/strain.fa (with --divergence) into SET. Returns 0
 * or -1 (logged). */
static int write_sequences(const args_t *a, const hp_host_t *host, const hp_strain_t *strain,
                           hp_outset_t *set)
{
    char path[4096];
    if (!a->c.host) {
        snprintf(path, sizeof path, "%s/host.fa", a->c.out);
        FILE *fp = hp_outset_open(set, path);
        if (!fp || hp_host_write_fasta(host, fp) < 0) {
            hp_error("%s: %s", path, hp_outfile_strerror(errno));
            return -1;
        }
    }
    if (a->divergence_set) {
        snprintf(path, sizeof path, "%s/strain.fa", a->c.out);
        FILE *fp = hp_outset_open(set, path);
        if (!fp || hp_strain_write_fasta(strain, fp) < 0) {
            hp_error("%s: %s", path, strerror(errno));
            return -1;
        }
    }
    return 0;
}

/* Stage 7: the reads and truth of time point k into DIR (a->c.out, or a->c.out/tK with
 * --timepoints; paths[k + 1] and made_dirs[k + 1] record a directory made, for the caller to
 * remove after a failure). Returns 0 or -1 (logged). */
static int write_timepoint(const args_t *a, int k, int n_tp, const hp_sim_opt_t *opt,
                           const hp_host_t *host, const hp_clones_t *cl, const double *frac,
                           const double *frac0, double pvl0, hp_outset_t *set, char **paths,
                           int *made_dirs)
{
    char path[4096];
    int r, ret = -1;
    BGZF *b1 = NULL, *b2 = NULL;
    hp_sim_truth_t truth = {0};
    const char *dir = a->c.out;
    if (a->n_tp) {
        size_t n = strlen(a->c.out) + 16;
        paths[k + 1] = malloc(n);
        if (!paths[k + 1]) {
            hp_error("out of memory");
            goto out;
        }
        snprintf(paths[k + 1], n, "%s/t%d", a->c.out, k);
        if (make_dir(paths[k + 1], &made_dirs[k + 1]) < 0) {
            hp_error("%s: %s", paths[k + 1], hp_outfile_strerror(errno));
            goto out;
        }
        dir = paths[k + 1];
    }
    snprintf(path, sizeof path, "%s/reads_1.fq.gz", dir);
    b1 = open_bgzf(set, path, a->sorted);
    if (b1) {
        snprintf(path, sizeof path, "%s/reads_2.fq.gz", dir);
        b2 = open_bgzf(set, path, a->sorted);
    }
    if (!b1 || !b2) {
        hp_error("%s: %s", path, hp_outfile_strerror(errno));
        goto out;
    }
    hp_rng_t trng; /* each time point its own stream, fixed by seed and index */
    hp_rng_seed(&trng, a->c.seed * 0x9e3779b97f4a7c15ULL + 0x7470ULL + (uint64_t)k);
    r = hp_sim_run(opt, host, cl, frac + (size_t)k * cl->n, &trng, b1, b2, &truth);
    int c1 = bgzf_close(b1), c2 = bgzf_close(b2);
    b1 = b2 = NULL;
    if (r < 0 || c1 < 0 || c2 < 0) {
        hp_error("%s: %s", dir,
                 r == -3   ? "out of memory"
                 : r == -2 ? "a clone site is too close to a contig end"
                           : "write failed");
        goto out;
    }
    hp_sim_meta_t meta = {a->c.seed,
                          a->c.host_seed,
                          a->c.host,
                          a->c.host_size ? a->c.host_size : 200000,
                          a->c.host_gc_lo,
                          a->c.host_gc_hi,
                          a->c.mt_copies,
                          a->layout,
                          a->clones,
                          a->c.clone_dist,
                          a->c.n_clones,
                          pvl0,
                          k,
                          n_tp,
                          a->n_tp ? a->tp_label[k] : "0",
                          opt,
                          a->def_type1,
                          a->def_type2,
                          a->divergence_set};
    snprintf(path, sizeof path, "%s/truth.sites.tsv", dir);
    FILE *fs = hp_outset_open(set, path);
    if (!fs || hp_sim_write_sites(fs, host, cl, frac0, &truth) < 0) {
        hp_error("%s: %s", path, hp_outfile_strerror(errno));
        goto out;
    }
    snprintf(path, sizeof path, "%s/truth.json", dir);
    FILE *fj = hp_outset_open(set, path);
    if (!fj || hp_sim_write_json(fj, host, cl, &truth, &meta) < 0) {
        hp_error("%s: %s", path, hp_outfile_strerror(errno));
        goto out;
    }
    hp_info("%s: %lld read pairs, PVL nominal %.4g realised %.4g", dir,
            (long long)truth.n_fragments, truth.pvl_nominal, truth.pvl_realised);
    ret = 0;
out:
    if (b1) bgzf_close(b1);
    if (b2) bgzf_close(b2);
    hp_sim_truth_destroy(&truth);
    return ret;
}

int cmd_simulate(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) /* LM-PCR reads: src/cmd_simulate_lmpcr.c */
        if (!strcmp(argv[i], "--assay=lmpcr") ||
            (!strcmp(argv[i], "--assay") && i + 1 < argc && !strcmp(argv[i + 1], "lmpcr")))
            return cmd_simulate_lmpcr(argc, argv);
    args_t a = {.ccr4_frac = 0.58, /* the shared options: parse_args */
                .depth = 30,
                .frag_mean = -1,
                .frag_sd = -1,
                .dup = 0.05,
                .ltr_factor = 2,
                .layout = "full"};
    hp_strain_t strain = {0};
    hp_host_t host = {0};
    hp_clones_t cl = {0};
    hp_fraglen_t fl = {0};
    hp_outset_t set = {0};
    double *w = NULL, *frac0 = NULL, *frac = NULL;
    int nw = 0, ret = HP_EXIT_DATA, made_dirs[HP_SIM_MAX_TP + 1] = {0};
    char *paths[HP_SIM_MAX_TP + 1] = {0};

    int r = parse_args(&a, argc, argv);
    if (r != 0) {
        ret = r > 0 ? HP_EXIT_OK : HP_EXIT_USAGE;
        goto done;
    }
    int n_tp = a.n_tp ? a.n_tp : 1;
    if (make_fraglens(&a, &fl) < 0) goto done;
    const int64_t flank = fl.hi + 10;
    if (hp_sim_make_host(&a.c, &host) < 0) goto done;
    hp_rng_t rng;
    hp_rng_seed(&rng, a.c.seed);
    if (make_clones(&a, &host, flank, &rng, &cl, &w, &nw) < 0) goto done;
    if (assign_defective(&a, &cl, &rng) < 0) goto done;
    /* host indels near the junctions: their own stream (the other draws stay as without) */
    if (a.flank_indels_set) {
        hp_rng_t irng;
        hp_rng_seed(&irng, a.c.seed * 0x9e3779b97f4a7c15ULL + 0x696e64656cULL);
        hp_clones_flank_indels(&cl, a.flank_indels, &irng);
    }
    if (a.divergence_set && make_strain(&a, &strain) < 0) goto done;
    double pvl0;
    if ((r = cell_fractions(&a, &cl, &rng, n_tp, &frac0, &frac, &pvl0)) < 0) {
        /* from a clone table: bad data (1); from options (--fold, --pvl): usage (2) */
        ret = r == -2 ? HP_EXIT_USAGE : HP_EXIT_DATA;
        goto done;
    }
    /* outputs: directories first, then every file through one output set; none may replace
     * an input */
    if (claim_dir(&a, &made_dirs[0]) < 0 || write_sequences(&a, &host, &strain, &set) < 0)
        goto done;
    hp_sim_opt_t opt = {a.depth, a.c.read_length, a.c.err, a.dup, &fl, a.sorted,
                        a.divergence_set ? &strain : NULL, a.gc_bias};
    for (int k = 0; k < n_tp; k++)
        if (write_timepoint(&a, k, n_tp, &opt, &host, &cl, frac, frac0, pvl0, &set, paths,
                            made_dirs) < 0)
            goto done;
    if (hp_outset_commit_all(&set) < 0) {
        hp_error("%s: write failed: %s", a.c.out, strerror(errno));
        goto done;
    }
    ret = HP_EXIT_OK;
done:
    if (ret != HP_EXIT_OK) {
        hp_outset_abort_all(&set);
        for (int k = HP_SIM_MAX_TP; k >= 1; k--)
            if (made_dirs[k] && paths[k]) rmdir(paths[k]);
        if (made_dirs[0]) rmdir(a.c.out);
    }
    for (int k = 0; k <= HP_SIM_MAX_TP; k++)
        free(paths[k]);
    for (int i = 0; i < a.n_tp; i++)
        free(a.tp_label[i]);
    hp_strain_destroy(&strain);
    hp_host_destroy(&host);
    hp_clones_destroy(&cl);
    hp_fraglen_destroy(&fl);
    free(w), free(frac0), free(frac);
    return ret;
}
