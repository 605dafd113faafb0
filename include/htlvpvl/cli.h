/* cli.h -- number parsing for command-line options, shared by the commands. */
#ifndef HTLVPVL_CLI_H
#define HTLVPVL_CLI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

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

#ifdef __cplusplus
}
#endif
#endif
