/* cmd_simulate_lmpcr.c -- `htlvpvl simulate --assay lmpcr`: LM-PCR integration-site reads with
 * known clones (model in src/sim_lmpcr.c). Reached from cmd_simulate when --assay lmpcr is
 * given. */
#include "htlvpvl/cli.h"
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

enum {
    O_HOST = 1000,
    O_HOST_SIZE,
    O_HOST_SEED,
    O_DIST,
    O_CELLS,
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

int cmd_simulate_lmpcr(int argc, char **argv)
{
    static const struct option lopts[] = {HP_CLI_ROW_OUTPUT,
                                          {"seed", required_argument, NULL, 's'},
                                          {"host", required_argument, NULL, O_HOST},
                                          {"host-size", required_argument, NULL, O_HOST_SIZE},
                                          {"host-seed", required_argument, NULL, O_HOST_SEED},
                                          {"n-clones", required_argument, NULL, 'n'},
                                          {"clone-dist", required_argument, NULL, O_DIST},
                                          {"cells", required_argument, NULL, O_CELLS},
                                          {"pvl", required_argument, NULL, 'p'},
                                          {"spike-cells", required_argument, NULL, O_SPIKE},
                                          {"recovery", required_argument, NULL, O_REC},
                                          {"pcr-mean", required_argument, NULL, O_PCR},
                                          {"pcr-len-scale", required_argument, NULL, O_PCRS},
                                          {"misprime", required_argument, NULL, O_MIS},
                                          {"dimer", required_argument, NULL, O_DIM},
                                          {"no-run-on", no_argument, NULL, O_NORUN},
                                          {"umi-len", required_argument, NULL, O_UMI},
                                          {"read-length", required_argument, NULL, 'l'},
                                          {"error-rate", required_argument, NULL, 'e'},
                                          {"frag-lengths", required_argument, NULL, O_FL},
                                          {"assay", required_argument, NULL, O_ASSAY},
                                          HP_CLI_ROW_HELP,
                                          {NULL, 0, NULL, 0}};
    const char *host_fa = NULL, *dist = NULL, *fl_file = NULL;
    int64_t seed = 1, host_size = 0, host_seed = 1, n_clones = 20, x;
    hp_lmpcr_opt_t o = {20000, 5, 0, 0.5, 4, 150, 0.05, 0.02, 1, 8, 150, 0.001, NULL};
    int c;
    hp_cli_t cli;
    hp_cli_init(&cli, usage);
    while ((c = getopt_long(argc, argv, "o:s:n:p:l:e:h", lopts, NULL)) >= 0) {
        switch (c) {
        case 's':
            if (hp_cli_whole("--seed", optarg, 0, 9007199254740992.0, &seed) < 0)
                return HP_EXIT_USAGE;
            break;
        case O_HOST:
            host_fa = optarg;
            break;
        case O_HOST_SIZE:
            if (hp_cli_whole("--host-size", optarg, 20000, 4e9, &host_size) < 0)
                return HP_EXIT_USAGE;
            break;
        case O_HOST_SEED:
            if (hp_cli_whole("--host-seed", optarg, 0, 9007199254740992.0, &host_seed) < 0)
                return HP_EXIT_USAGE;
            break;
        case 'n':
            if (hp_cli_whole("--n-clones", optarg, 1, 1e6, &n_clones) < 0) return HP_EXIT_USAGE;
            break;
        case O_DIST:
            dist = optarg;
            break;
        case O_CELLS:
            if (hp_cli_whole("--cells", optarg, 1, 1e9, &o.cells) < 0) return HP_EXIT_USAGE;
            break;
        case 'p':
            if (hp_cli_num("--pvl", optarg, 0, 100, &o.pvl) < 0) return HP_EXIT_USAGE;
            break;
        case O_SPIKE:
            if (hp_cli_whole("--spike-cells", optarg, 0, 1e9, &o.spike_cells) < 0)
                return HP_EXIT_USAGE;
            break;
        case O_REC:
            if (hp_cli_num("--recovery", optarg, 0, 1, &o.recovery) < 0) return HP_EXIT_USAGE;
            break;
        case O_PCR:
            if (hp_cli_num("--pcr-mean", optarg, 0.01, 1e4, &o.pcr_mean) < 0) return HP_EXIT_USAGE;
            break;
        case O_PCRS:
            if (hp_cli_num("--pcr-len-scale", optarg, 1, 1e6, &o.pcr_len_scale) < 0)
                return HP_EXIT_USAGE;
            break;
        case O_MIS:
            if (hp_cli_num("--misprime", optarg, 0, 10, &o.misprime_frac) < 0) return HP_EXIT_USAGE;
            break;
        case O_DIM:
            if (hp_cli_num("--dimer", optarg, 0, 10, &o.dimer_frac) < 0) return HP_EXIT_USAGE;
            break;
        case O_NORUN:
            o.run_on = 0;
            break;
        case O_UMI:
            if (hp_cli_whole("--umi-len", optarg, 1, 32, &x) < 0) return HP_EXIT_USAGE;
            o.umi_len = (int)x;
            break;
        case 'l':
            if (hp_cli_whole("--read-length", optarg, 50, 1000, &x) < 0) return HP_EXIT_USAGE;
            o.read_length = (int)x;
            break;
        case 'e':
            if (hp_cli_num("--error-rate", optarg, 0, 0.5, &o.error_rate) < 0) return HP_EXIT_USAGE;
            break;
        case O_FL:
            fl_file = optarg;
            break;
        case O_ASSAY:
            if (strcmp(optarg, "lmpcr") != 0) {
                hp_error("--assay: 'lmpcr' or none (whole-genome), not '%s'", optarg);
                return HP_EXIT_USAGE;
            }
            break;
        default: /* -o -h, unknown options */
            if ((c = hp_cli_option(&cli, c, optarg)) != HP_CLI_NEXT) return c;
        }
    }
    const char *out = cli.out;
    if (optind != argc) {
        hp_error("unexpected argument '%s'", argv[optind]);
        return HP_EXIT_USAGE;
    }
    if (!out) {
        hp_error("-o DIR is required");
        return HP_EXIT_USAGE;
    }
    if (host_fa && host_size) {
        hp_error("--host and --host-size exclude each other");
        return HP_EXIT_USAGE;
    }
    hp_fraglen_t fl = {0};
    hp_host_t host = {0};
    hp_clones_t cl = {0};
    hp_lmpcr_truth_t truth = {0};
    hp_outset_t set = {0};
    double *w = NULL;
    int nw = 0, ret = HP_EXIT_DATA, made = 0, r;
    BGZF *b1 = NULL, *b2 = NULL;
    char *t1 = NULL, *t2 = NULL, path[4096];
    if (fl_file) {
        r = hp_fraglen_read(&fl, fl_file);
        if (r < 0) {
            hp_error("%s: %s", fl_file, r == -1 ? strerror(errno) : "not a list of lengths");
            goto done;
        }
    } else if (default_lengths(&fl) < 0) {
        hp_error("out of memory");
        goto done;
    }
    o.fraglen = &fl;
    if (host_fa) {
        r = hp_host_read_fasta(&host, host_fa, 20);
        if (r < 0) {
            hp_error("%s: %s", host_fa, r == -1 ? strerror(errno) : "not a FASTA file");
            goto done;
        }
    } else if (hp_host_synth(&host, host_size ? host_size : 200000, 20, (uint64_t)host_seed) < 0) {
        hp_error("out of memory");
        goto done;
    }
    if (dist) {
        r = hp_clonedist_read(&w, &nw, dist);
        if (r < 0) {
            hp_error("%s: %s", dist, r == -1 ? strerror(errno) : "not a table of clone sizes");
            goto done;
        }
    }
    hp_rng_t rng;
    hp_rng_seed(&rng, (uint64_t)seed);
    int n_draw = (int)n_clones + (o.spike_cells > 0);
    int64_t flank = fl.hi + 10;
    r = hp_clones_draw(&cl, &rng, &host, n_draw, w, nw, o.pvl > 0 ? o.pvl : 1, flank, flank + 10,
                       0);
    if (r < 0) {
        hp_error(r == -3 ? "out of memory"
                         : "cannot place %d clones %lld bp apart on the host autosomes (or the "
                           "clone-size table has fewer clones)",
                 n_draw, (long long)(flank + 10));
        goto done;
    }
    if (mkdir(out, 0777) == 0)
        made = 1;
    else if (errno != EEXIST) {
        hp_error("%s: %s", out, strerror(errno));
        goto done;
    }
    size_t pl = strlen(out) + 64;
    t1 = malloc(pl), t2 = malloc(pl);
    if (!t1 || !t2) goto done;
    snprintf(t1, pl, "%s/reads_1.fq.gz.tmp", out);
    snprintf(t2, pl, "%s/reads_2.fq.gz.tmp", out);
    if (!(b1 = bgzf_open(t1, "w")) || !(b2 = bgzf_open(t2, "w"))) {
        hp_error("%s: %s", out, strerror(errno));
        goto done;
    }
    r = hp_lmpcr_run(&o, &host, &cl, o.spike_cells > 0 ? n_draw - 1 : -1, &rng, b1, b2, &truth);
    if (r < 0) {
        hp_error(r == -1   ? "%s: write failed"
                 : r == -2 ? "%s: a site too near a contig end"
                           : "%s: out of memory",
                 out);
        goto done;
    }
    int bad = bgzf_close(b1) < 0;
    bad |= bgzf_close(b2) < 0;
    b1 = b2 = NULL;
    if (bad) {
        hp_error("%s: write failed", out);
        goto done;
    }
    FILE *fc, *fs, *fh = NULL;
    snprintf(path, sizeof path, "%s/truth.clones.tsv", out);
    fc = hp_outset_open(&set, path);
    snprintf(path, sizeof path, "%s/truth.summary.tsv", out);
    fs = hp_outset_open(&set, path);
    if (!host_fa) {
        snprintf(path, sizeof path, "%s/host.fa", out);
        fh = hp_outset_open(&set, path);
    }
    if (!fc || !fs || (!host_fa && !fh)) {
        hp_error("%s: %s", out, strerror(errno));
        goto done;
    }
    if (hp_lmpcr_write_clones(fc, &host, &cl, &truth) < 0 ||
        hp_lmpcr_write_summary(fs, &o, &truth, (uint64_t)seed) < 0 ||
        (fh && hp_host_write_fasta(&host, fh) < 0)) {
        hp_error("%s: write failed: %s", out, strerror(errno));
        goto done;
    }
    char p1[4096], p2[4096];
    snprintf(p1, sizeof p1, "%s/reads_1.fq.gz", out);
    snprintf(p2, sizeof p2, "%s/reads_2.fq.gz", out);
    if (rename(t1, p1) < 0 || rename(t2, p2) < 0 || hp_outset_commit_all(&set) < 0) {
        hp_error("%s: write failed: %s", out, strerror(errno));
        remove(p1), remove(p2);
        goto done;
    }
    hp_info("%s: %d clones, %lld infected cells, %lld read pairs (%lld junction, %lld run-on, "
            "%lld misprimed, %lld primer-dimers)",
            out, truth.n_clone, (long long)truth.infected_cells, (long long)truth.pairs,
            (long long)truth.reads_junction, (long long)truth.reads_run_on,
            (long long)truth.reads_misprime, (long long)truth.reads_dimer);
    ret = HP_EXIT_OK;
done:
    if (b1) bgzf_close(b1);
    if (b2) bgzf_close(b2);
    if (ret != HP_EXIT_OK) {
        hp_outset_abort_all(&set);
        if (t1) remove(t1);
        if (t2) remove(t2);
        if (made) rmdir(out);
    }
    free(t1), free(t2), free(w);
    hp_lmpcr_truth_destroy(&truth);
    hp_clones_destroy(&cl);
    hp_host_destroy(&host);
    hp_fraglen_destroy(&fl);
    return ret;
}
