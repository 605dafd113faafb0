/* cmd_simulate_lmpcr.c -- `htlvpvl simulate --assay lmpcr`: LM-PCR integration-site reads with
 * known clones (model in src/sim_lmpcr.c). Reached from cmd_simulate when --assay lmpcr is
 * given; the options it shares with simulate are parsed by hp_sim_parse (cmd_simulate.h). */
#include "htlvpvl/cli.h"
#include "htlvpvl/cmd_simulate.h"
#include "htlvpvl/commands.h"
#include "htlvpvl/log.h"
#include "htlvpvl/outfile.h"
#include "htlvpvl/sim_lmpcr.h"
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void usage(FILE *fp)
{
    fprintf(
        fp,
        "\nUsage: htlvpvl simulate --assay lmpcr -o DIR [options]\n\n"
        "Simulate LM-PCR integration-site sequencing (3' LTR U5 primer, sheared DNA, linker\n"
        "with a UMI) of PBMC DNA with known HTLV-1 clones: per infected cell one junction\n"
        "fragment recovered at random, PCR copies depending on its length, 5'-LTR run-on into\n"
        "the PBS, mispriming and primer-dimer artefacts, an optional spike-in clone.\n"
        "Writes DIR/reads_1.fq.gz (LTR side), DIR/reads_2.fq.gz (linker side: UMI, linker,\n"
        "host; read structure 8M16S+T), DIR/truth.clones.tsv (per clone: cells, fragments,\n"
        "distinct shear sites, distinct (shear, UMI), reads, host flank), DIR/truth.summary.tsv\n"
        "and DIR/host.fa (built-in host). Same options and seed give the same bytes.\n\n"
        "Options:\n"
        "  -o, --output DIR        output directory (created) [required]\n"
        "  -s, --seed N            random seed [1]\n"
        "      --host FA           host genome FASTA [built-in synthetic host]\n"
        "      --host-size N       built-in host: N autosomal bases [200000]\n"
        "      --host-seed N       seed of the built-in host [1]\n"
        "      --host-gc LO,HI     built-in host of 1-kb blocks of GC drawn in [LO, HI]\n"
        "  -n, --n-clones N        clones [20]\n"
        "      --clone-dist FILE   clone sizes to draw from (e.g. Laydon EstCloneFreqBody)\n"
        "                          [log-normal, sigma 1.5]\n"
        "      --cells N           cells (genomes) in the reaction [20000]\n"
        "  -p, --pvl P             infected cells per 100 cells [5]\n"
        "      --spike-cells K     add a spike-in clone of K cells [0]\n"
        "      --recovery R        chance a cell's junction fragment is recovered [0.5]\n"
        "      --pcr-mean M        mean read pairs per fragment of 100 host bases [4]\n"
        "      --pcr-len-scale S   the mean falls e-fold per S longer bases [150]\n"
        "      --misprime F        mispriming read pairs per junction pair [0.05]\n"
        "      --dimer F           primer-dimer read pairs per junction pair [0.02]\n"
        "      --no-run-on         no 5'-LTR run-on fragments\n"
        "      --umi-len N         UMI bases [8]\n"
        "  -l, --read-length L     read length [150]\n"
        "  -e, --error-rate E      substitution rate per base [0.001]\n"
        "      --frag-lengths FILE host bases from the LTR end to the shear site: one per line\n"
        "                          or a 'length'/'lengths' column (e.g. the sonicLength A1\n"
        "                          table) [log-normal, median 80, sd of log 0.45, 10-500]\n"
        "  -h, --help              this help\n\n");
}

/* log-normal host lengths: median 80, sd of log 0.45, 10..500 (about the A1 data) */
static int default_lengths(hp_fraglen_t *f)
{
    memset(f, 0, sizeof *f);
    f->lo = 10, f->hi = 500;
    f->cdf = malloc((f->hi - f->lo + 1) * sizeof *f->cdf);
    if (!f->cdf) return -1;
    double s = 0, m = 0, m2 = 0;
    for (int l = f->lo; l <= f->hi; l++) {
        double z = (log(l) - log(80)) / 0.45, p = exp(-z * z / 2) / l;
        s += p, m += p * l, m2 += p * l * l;
        f->cdf[l - f->lo] = s;
    }
    for (int l = f->lo; l <= f->hi; l++)
        f->cdf[l - f->lo] /= s;
    f->cdf[f->hi - f->lo] = 1;
    f->mean = m / s, f->sd = sqrt(m2 / s - f->mean * f->mean);
    return 0;
}

enum {
    O_CELLS = 1000,
    O_SPIKE,
    O_REC,
    O_PCR,
    O_PCRS,
    O_MIS,
    O_DIM,
    O_NORUN,
    O_UMI,
    O_FL,
    O_ASSAY
};

/* The options of one run: the shared ones (cmd_simulate.h) and the LM-PCR model's. */
typedef struct {
    hp_sim_common_t c;
    hp_lmpcr_opt_t o;
    const char *fl_file; /* --frag-lengths */
} args_t;

/* One option of the LM-PCR model (hp_sim_parse's OWN). Returns 0, 1 when C is not one of
 * them, or -1 after logging a bad value. */
static int parse_own(void *arg, int c)
{
    args_t *a = arg;
    hp_lmpcr_opt_t *o = &a->o;
    int64_t x;
    switch (c) {
    case O_CELLS: return hp_cli_whole("--cells", optarg, 1, 1e9, &o->cells);
    case O_SPIKE: return hp_cli_whole("--spike-cells", optarg, 0, 1e9, &o->spike_cells);
    case O_REC: return hp_cli_num("--recovery", optarg, 0, 1, &o->recovery);
    case O_PCR: return hp_cli_num("--pcr-mean", optarg, 0.01, 1e4, &o->pcr_mean);
    case O_PCRS: return hp_cli_num("--pcr-len-scale", optarg, 1, 1e6, &o->pcr_len_scale);
    case O_MIS: return hp_cli_num("--misprime", optarg, 0, 10, &o->misprime_frac);
    case O_DIM: return hp_cli_num("--dimer", optarg, 0, 10, &o->dimer_frac);
    case O_NORUN: o->run_on = 0; break;
    case O_UMI:
        if (hp_cli_whole("--umi-len", optarg, 1, 32, &x) < 0) return -1;
        o->umi_len = (int)x;
        break;
    case O_FL: a->fl_file = optarg; break;
    case O_ASSAY:
        if (strcmp(optarg, "lmpcr") != 0) {
            hp_error("--assay: 'lmpcr' or none (whole-genome), not '%s'", optarg);
            return -1;
        }
        break;
    default: return 1;
    }
    return 0;
}

/* argv into a. Returns HP_CLI_NEXT when the run goes on, else the exit code (0 after -h). */
static int parse_args(args_t *a, int argc, char **argv)
{
    static const struct option lopts[] = {HP_SIM_ROWS_COMMON,
                                          {"cells", required_argument, NULL, O_CELLS},
                                          {"spike-cells", required_argument, NULL, O_SPIKE},
                                          {"recovery", required_argument, NULL, O_REC},
                                          {"pcr-mean", required_argument, NULL, O_PCR},
                                          {"pcr-len-scale", required_argument, NULL, O_PCRS},
                                          {"misprime", required_argument, NULL, O_MIS},
                                          {"dimer", required_argument, NULL, O_DIM},
                                          {"no-run-on", no_argument, NULL, O_NORUN},
                                          {"umi-len", required_argument, NULL, O_UMI},
                                          {"frag-lengths", required_argument, NULL, O_FL},
                                          {"assay", required_argument, NULL, O_ASSAY},
                                          {NULL, 0, NULL, 0}};
    static const hp_lmpcr_opt_t o0 = {20000, 5, 0, 0.5, 4, 150, 0.05, 0.02, 1, 8, 150, 0.001,
                                      NULL};
    memset(a, 0, sizeof *a);
    a->o = o0;
    hp_sim_common_init(&a->c);
    a->c.n_clones = 20, a->c.pvl = 5, a->c.min_clones = 1;
    a->c.min_read_length = 50, a->c.max_read_length = 1000;
    int r = hp_sim_parse(&a->c, argc, argv, HP_SIM_SHORT_OPTS, lopts, usage, parse_own, a);
    a->o.pvl = a->c.pvl, a->o.read_length = a->c.read_length, a->o.error_rate = a->c.err;
    return r;
}

/* What one run holds. */
typedef struct {
    hp_fraglen_t fl;
    hp_host_t host;
    hp_clones_t cl;
    hp_lmpcr_truth_t truth;
    hp_outset_t set;
    hp_rng_t rng;
    double *w; /* the --clone-dist table */
    int nw, n_draw;
    char *t1, *t2; /* the reads' temporary names */
} run_t;

/* The model's inputs: host lengths, host, clone sizes, and the clones drawn on the host.
 * Returns 0, or -1 after logging. */
static int make_model(run_t *r, args_t *a)
{
    int e;
    if (a->fl_file) {
        if ((e = hp_fraglen_read(&r->fl, a->fl_file)) < 0) {
            hp_error("%s: %s", a->fl_file, e == -1 ? strerror(errno) : "not a list of lengths");
            return -1;
        }
    } else if (default_lengths(&r->fl) < 0) {
        hp_error("out of memory");
        return -1;
    }
    a->o.fraglen = &r->fl;
    if (hp_sim_make_host(&a->c, &r->host) < 0) return -1;
    if (a->c.clone_dist && (e = hp_clonedist_read(&r->w, &r->nw, a->c.clone_dist)) < 0) {
        hp_error("%s: %s", a->c.clone_dist,
                 e == -1 ? strerror(errno) : "not a table of clone sizes");
        return -1;
    }
    hp_rng_seed(&r->rng, a->c.seed);
    r->n_draw = a->c.n_clones + (a->o.spike_cells > 0);
    int64_t flank = r->fl.hi + 10;
    e = hp_clones_draw(&r->cl, &r->rng, &r->host, r->n_draw, r->w, r->nw,
                       a->o.pvl > 0 ? a->o.pvl : 1, flank, flank + 10, 0);
    if (e < 0) {
        hp_error(e == -3 ? "out of memory"
                         : "cannot place %d clones %lld bp apart on the host autosomes (or the "
                           "clone-size table has fewer clones)",
                 r->n_draw, (long long)(flank + 10));
        return -1;
    }
    return 0;
}

/* The read pairs, to DIR/reads_[12].fq.gz.tmp (r->t1, r->t2), and the truth of the run.
 * Returns 0, or -1 after logging. */
static int write_reads(run_t *r, const args_t *a)
{
    const char *out = a->c.out;
    size_t pl = strlen(out) + 64;
    BGZF *b1 = NULL, *b2 = NULL;
    if (!(r->t1 = malloc(pl)) || !(r->t2 = malloc(pl))) {
        hp_error("out of memory");
        return -1;
    }
    snprintf(r->t1, pl, "%s/reads_1.fq.gz.tmp", out);
    snprintf(r->t2, pl, "%s/reads_2.fq.gz.tmp", out);
    if (!(b1 = bgzf_open(r->t1, "w")) || !(b2 = bgzf_open(r->t2, "w"))) {
        hp_error("%s: %s", out, strerror(errno));
        if (b1) bgzf_close(b1);
        return -1;
    }
    int spike = a->o.spike_cells > 0 ? r->n_draw - 1 : -1;
    int e = hp_lmpcr_run(&a->o, &r->host, &r->cl, spike, &r->rng, b1, b2, &r->truth);
    int bad = bgzf_close(b1) < 0;
    bad |= bgzf_close(b2) < 0;
    if (e < 0) {
        hp_error(e == -1   ? "%s: write failed"
                 : e == -2 ? "%s: a site too near a contig end"
                           : "%s: out of memory",
                 out);
        return -1;
    }
    if (bad) {
        hp_error("%s: write failed", out);
        return -1;
    }
    return 0;
}

/* The truth tables (and the built-in host), then every output renamed into place. Returns 0,
 * or -1 after logging. */
static int write_truth(run_t *r, const args_t *a)
{
    const char *out = a->c.out;
    char path[4096], p1[4096], p2[4096];
    FILE *fc, *fs, *fh = NULL;
    snprintf(path, sizeof path, "%s/truth.clones.tsv", out);
    fc = hp_outset_open(&r->set, path);
    snprintf(path, sizeof path, "%s/truth.summary.tsv", out);
    fs = hp_outset_open(&r->set, path);
    if (!a->c.host) {
        snprintf(path, sizeof path, "%s/host.fa", out);
        fh = hp_outset_open(&r->set, path);
    }
    if (!fc || !fs || (!a->c.host && !fh)) {
        hp_error("%s: %s", out, strerror(errno));
        return -1;
    }
    if (hp_lmpcr_write_clones(fc, &r->host, &r->cl, &r->truth) < 0 ||
        hp_lmpcr_write_summary(fs, &a->o, &r->truth, a->c.seed) < 0 ||
        (fh && hp_host_write_fasta(&r->host, fh) < 0)) {
        hp_error("%s: write failed: %s", out, strerror(errno));
        return -1;
    }
    snprintf(p1, sizeof p1, "%s/reads_1.fq.gz", out);
    snprintf(p2, sizeof p2, "%s/reads_2.fq.gz", out);
    if (rename(r->t1, p1) < 0 || rename(r->t2, p2) < 0 || hp_outset_commit_all(&r->set) < 0) {
        hp_error("%s: write failed: %s", out, strerror(errno));
        remove(p1), remove(p2);
        return -1;
    }
    return 0;
}

int cmd_simulate_lmpcr(int argc, char **argv)
{
    args_t a;
    int ret = parse_args(&a, argc, argv), made = 0;
    if (ret != HP_CLI_NEXT) return ret;
    ret = HP_EXIT_DATA;
    run_t r;
    memset(&r, 0, sizeof r);
    const char *out = a.c.out;
    if (make_model(&r, &a) < 0) goto done;
    if (mkdir(out, 0777) == 0)
        made = 1;
    else if (errno != EEXIST) {
        hp_error("%s: %s", out, strerror(errno));
        goto done;
    }
    if (write_reads(&r, &a) < 0 || write_truth(&r, &a) < 0) goto done;
    const hp_lmpcr_truth_t *t = &r.truth;
    hp_info("%s: %d clones, %lld infected cells, %lld read pairs (%lld junction, %lld run-on, "
            "%lld misprimed, %lld primer-dimers)",
            out, t->n_clone, (long long)t->infected_cells, (long long)t->pairs,
            (long long)t->reads_junction, (long long)t->reads_run_on,
            (long long)t->reads_misprime, (long long)t->reads_dimer);
    ret = HP_EXIT_OK;
done:
    if (ret != HP_EXIT_OK) {
        hp_outset_abort_all(&r.set);
        if (r.t1) remove(r.t1);
        if (r.t2) remove(r.t2);
        if (made) rmdir(out);
    }
    free(r.t1), free(r.t2), free(r.w);
    hp_lmpcr_truth_destroy(&r.truth);
    hp_clones_destroy(&r.cl);
    hp_host_destroy(&r.host);
    hp_fraglen_destroy(&r.fl);
    return ret;
}
