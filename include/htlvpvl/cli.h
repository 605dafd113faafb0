/* cli.h -- the command-line kit every command shares (src/cli.c): the common options (-o, -s,
 * -t, -q, -h, --version) with their getopt rows, help lines and messages, number parsing, name
 * checks and the --virus-contig list. One dialect: -o/--prefix for an output prefix (count
 * also takes --output), -o/--output for a file or directory, -t/--threads N threads in total
 * (1-1024), -q/--quiet errors only on stderr (no progress, information or warning lines: what
 * a warning says is in the outputs too), -h/--help the help on stdout (exit 0), an
 * unknown option: the help on stderr (exit 2); `htlvpvl --version` (main.c) prints
 * hp_cli_print_version. */
#ifndef HTLVPVL_CLI_H
#define HTLVPVL_CLI_H

#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* getopt_long rows of the common options, for a command's table */
#define HP_CLI_ROW_PREFIX {"prefix", required_argument, NULL, 'o'}
#define HP_CLI_ROW_OUTPUT {"output", required_argument, NULL, 'o'}
#define HP_CLI_ROW_SAMPLE {"sample", required_argument, NULL, 's'}
#define HP_CLI_ROW_THREADS {"threads", required_argument, NULL, 't'}
#define HP_CLI_ROW_QUIET {"quiet", no_argument, NULL, 'q'}
#define HP_CLI_ROW_HELP {"help", no_argument, NULL, 'h'}
/* their lines in a command's help (options column 26 wide) */
#define HP_CLI_HELP_THREADS "  -t, --threads N         threads in total [1]\n"
#define HP_CLI_HELP_QUIET                                                                        \
    "  -q, --quiet             errors only: no progress, information or warnings\n"
#define HP_CLI_HELP_HELP "  -h, --help              this help\n"

/* The common options as parsed. */
typedef struct {
    const char *out;      /* -o: prefix, file or directory; NULL when not given */
    const char *sample;   /* -s (count); NULL when not given */
    int n_threads;        /* -t [1] */
    int quiet;            /* -q given */
    void (*usage)(FILE *); /* the command's help */
} hp_cli_t;

void hp_cli_init(hp_cli_t *c, void (*usage)(FILE *));
/* Handle getopt_long's return OPT (value ARG) that the command's own cases left: a common
 * option, or an unknown one ('?'). Returns HP_CLI_NEXT when parsing goes on, else the exit
 * code the command returns: 0 after -h (help on stdout; main closes and checks stdout), 2
 * after a bad value (logged) or an unknown option (help on stderr). */
#define HP_CLI_NEXT (-1)
int hp_cli_option(hp_cli_t *c, int opt, const char *arg) __attribute__((warn_unused_result));
/* "htlvpvl VERSION\nhtslib VERSION\n" on fp (what `htlvpvl --version` prints). */
void hp_cli_print_version(FILE *fp);

/* Parse S (the value of option OPT) as a number in [LO, HI] into *V. Returns 0, or -1 after
 * logging "OPT: 'S' is not a number in [LO, HI]" (*V unchanged). */
int hp_cli_num(const char *opt, const char *s, double lo, double hi, double *v)
    __attribute__((warn_unused_result));
/* The same for a whole number; -1 also (logged) when S has a fraction. */
int hp_cli_whole(const char *opt, const char *s, double lo, double hi, int64_t *v)
    __attribute__((warn_unused_result));

/* The one number parser, the quiet core of the two above: the whole of S (not empty, no trailing
 * text) as a finite number in [LO, HI] (strtod syntax; out of double range fails) into *V.
 * Returns 0, or -1 (*V unchanged) without a message: for a caller that words its own (a table
 * cell, an option with its own message). */
int hp_parse_num(const char *s, double lo, double hi, double *v)
    __attribute__((warn_unused_result));

/* Record the command line of this run (main's argc/argv, before getopt reorders them):
 * "htlvpvl" then each argument, single-quoted where a shell would need it, control characters
 * as '?'. Paths stay as given (relative ones stay relative). Returns 0, or -1 out of memory.
 * hp_cli_command_line returns it ("htlvpvl" before any call), for the ##source line of the
 * VCF. Not thread-safe. */
int hp_cli_set_command_line(int argc, char *const *argv) __attribute__((warn_unused_result));
const char *hp_cli_command_line(void);

/* The names of a run go into file names and TSV/VCF columns: PREFIX (may be NULL: not given)
 * must not be empty, SAMPLE (may be NULL) must not be empty or hold a tab or line break.
 * Returns 0, or -1 after logging which. */
int hp_cli_check_names(const char *prefix, const char *sample) __attribute__((warn_unused_result));
/* Add NAME (a --virus-contig value) to LIST of *N names (room for MAX): a name already there is
 * kept once. Returns 0, or -1 after logging when the list is full. */
int hp_cli_add_contig(char **list, int *n, int max, char *name) __attribute__((warn_unused_result));

/* The on_sample hook of count's pipelines (count.h): PREFIX points to the run's output prefix
 * (a const char *); when it is NULL it becomes SAMPLE (which must outlive it). Then takes the
 * prefix's lock (outfile.h: one run per prefix). Returns 0, or -1 after logging why. */
int hp_cli_lock_prefix(void *prefix, const char *sample) __attribute__((warn_unused_result));

#ifdef __cplusplus
}
#endif
#endif
