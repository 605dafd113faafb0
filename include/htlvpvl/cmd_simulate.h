/* cmd_simulate.h -- what the two simulate commands share (src/cmd_simulate.c): the options that
 * mean the same in `simulate` and `simulate --assay lmpcr` (-o DIR, -s/--seed, --host,
 * --host-size, --host-seed, --host-gc, -n/--n-clones, --clone-dist, -p/--pvl, -l/--read-length,
 * -e/--error-rate), the getopt loop that parses them before the command's own options, the
 * checks on them, and the host they describe. Command layer: messages through log.h. */
#ifndef HTLVPVL_CMD_SIMULATE_H
#define HTLVPVL_CMD_SIMULATE_H

#include "htlvpvl/cli.h"
#include "htlvpvl/sim.h"
#include <getopt.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* getopt values of the shared long-only options (a command's own start at 1000) */
enum {
    HP_SIM_O_HOST = 900,
    HP_SIM_O_HOST_SIZE,
    HP_SIM_O_HOST_SEED,
    HP_SIM_O_DIST,
    HP_SIM_O_HOST_GC
};

/* The shared short options (a command appends its own) and getopt_long rows. */
#define HP_SIM_SHORT_OPTS "o:s:n:p:l:e:h"
#define HP_SIM_ROWS_COMMON \
    HP_CLI_ROW_OUTPUT, \
    {"seed", required_argument, NULL, 's'}, \
    {"host", required_argument, NULL, HP_SIM_O_HOST}, \
    {"host-size", required_argument, NULL, HP_SIM_O_HOST_SIZE}, \
    {"host-seed", required_argument, NULL, HP_SIM_O_HOST_SEED}, \
    {"host-gc", required_argument, NULL, HP_SIM_O_HOST_GC}, \
    {"n-clones", required_argument, NULL, 'n'}, \
    {"clone-dist", required_argument, NULL, HP_SIM_O_DIST}, \
    {"pvl", required_argument, NULL, 'p'}, \
    {"read-length", required_argument, NULL, 'l'}, \
    {"error-rate", required_argument, NULL, 'e'}, \
    HP_CLI_ROW_HELP

typedef struct {
    const char *out;        /* -o DIR [required] */
    const char *host;       /* --host FASTA; NULL: the built-in synthetic host */
    const char *clone_dist; /* --clone-dist FILE of clone sizes, or NULL */
    uint64_t seed;          /* -s [1] */
    uint64_t host_seed;     /* --host-seed: of the built-in host [1] */
    int64_t host_size;      /* --host-size: built-in host's autosomal bases (0: 200000) */
    double host_gc_lo, host_gc_hi; /* --host-gc LO,HI: built-in host of 1-kb GC blocks (0: off) */
    double mt_copies;       /* chrM copies per cell of the host [20] (simulate's --mt-copies) */
    int n_clones, n_clones_set;
    double pvl; /* -p: infected cells or copies per 100 cells */
    int pvl_set;
    int read_length;
    double err; /* -e: substitutions per base */
    /* the command's ranges, set before parsing */
    int min_clones, min_read_length, max_read_length;
} hp_sim_common_t;

/* Defaults: seed and host seed 1, mt_copies 20, error rate 0.001, read length 150 (20 to
 * 100000), clones from 0; the command sets its own n_clones, pvl and ranges after. */
void hp_sim_common_init(hp_sim_common_t *c);

/* Parse argv: each option goes to the shared ones, then to OWN(ARG, opt) (the command's own,
 * optarg set: 0 taken, 1 not its own, -1 a bad value logged), then to -o/-h/unknown (cli.h;
 * HELP prints the command's help). SHORTOPTS and LOPTS are the command's getopt strings,
 * holding HP_SIM_SHORT_OPTS and HP_SIM_ROWS_COMMON. Then checks: no operands, -o given,
 * --host and --host-size not both. Returns HP_CLI_NEXT when the run goes on, else the exit
 * code (0 after -h; 2 after a message). */
int hp_sim_parse(hp_sim_common_t *c, int argc, char **argv, const char *shortopts,
                 const struct option *lopts, void (*help)(FILE *), int (*own)(void *, int),
                 void *arg) __attribute__((warn_unused_result));

/* The host of c: --host read (it must have an autosome), else the built-in one. Returns 0,
 * or -1 after logging. */
int hp_sim_make_host(const hp_sim_common_t *c, hp_host_t *host)
    __attribute__((warn_unused_result));

#ifdef __cplusplus
}
#endif
#endif
