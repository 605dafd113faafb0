/* commands.h -- entry points of the subcommands (src/cmd_<name>.c), dispatched by src/main.c.
 * Each takes argc/argv starting at the command name and returns the process exit code:
 * 0 ok, 1 data/runtime error, 2 usage error. */
#ifndef HTLVPVL_COMMANDS_H
#define HTLVPVL_COMMANDS_H

#define HP_EXIT_OK 0
#define HP_EXIT_DATA 1
#define HP_EXIT_USAGE 2

#include <stdio.h>

int cmd_ref(int argc, char **argv);
int cmd_simulate(int argc, char **argv);
int cmd_count(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_abundance(int argc, char **argv);
int cmd_trim(int argc, char **argv);
int cmd_merge(int argc, char **argv);
/* `simulate --assay lmpcr` (src/cmd_simulate_lmpcr.c), called by cmd_simulate. */
int cmd_simulate_lmpcr(int argc, char **argv);
/* FASTQ input of `count` (src/cmd_count_fastq.c): called by cmd_count with the same argv when
 * the input is FASTQ (detected with htslib's hts_detect_format). */
int cmd_count_fastq(int argc, char **argv);
/* count's help (BAM/CRAM/SAM and FASTQ input), also printed by cmd_count_fastq. */
void cmd_count_usage(FILE *fp);

#endif
