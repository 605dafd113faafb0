/* main.c -- htlvpvl command dispatcher. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <htslib/hts.h>
#include "htlvpvl/cli.h"
#include "htlvpvl/commands.h"
#include "htlvpvl/log.h"
#include "htlvpvl/version.h"

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *help;
} command_t;

static const command_t commands[] = {
    {"count", cmd_count, "integration sites, proviral load and clonality of one sample"},
    {"merge", cmd_merge, "combine the partial results of count shards (count --partial)"},
    {"compare", cmd_compare, "proviral load and clones across time points (infusions)"},
    {"simulate", cmd_simulate, "simulate PBMC sequencing with known clones and proviral load"},
    {"abundance", cmd_abundance, "clone sizes from shear-site fragment lengths (sonicLength EM)"},
    {"trim", cmd_trim, "LM-PCR integration-site reads: LTR end and UMI cut, artefacts dropped"},
    {"ref", cmd_ref, "write the built-in HTLV-1 reference (FASTA or feature BED)"},
};
#define N_COMMANDS (int)(sizeof commands / sizeof commands[0])

static void usage(FILE *fp)
{
    fprintf(fp, "\nhtlvpvl %s: HTLV-1 proviral load and clonality from sequencing reads\n\n",
            HTLVPVL_VERSION);
    fprintf(fp, "Usage: htlvpvl <command> [options]\n\nCommands:\n");
    for (int i = 0; i < N_COMMANDS; i++)
        fprintf(fp, "  %-10s %s\n", commands[i].name, commands[i].help);
    fprintf(fp, "\nOptions:\n  -h, --help     this help\n  --version      version of "
                "htlvpvl and htslib\n\nRun 'htlvpvl <command> --help' for a command's options.\n"
                "Exit codes: 0 ok, 1 data or runtime error, 2 usage error.\n\n");
}

/* Every command's standard output (help, version, ref, '-o -') is closed and checked here: a
 * failed write (full disk, closed pipe) turns a success into exit 1 with one line saying so; a
 * command that failed has said why already. */
static int close_stdout(int ret)
{
    errno = 0;
    int bad = ferror(stdout);
    if ((fclose(stdout) != 0 || bad) && ret == HP_EXIT_OK) {
        hp_error("standard output: write failed: %s", strerror(errno ? errno : EIO));
        return HP_EXIT_DATA;
    }
    return ret;
}

int main(int argc, char **argv)
{
    /* a closed pipe is a write error (EPIPE, exit 1), not death by SIGPIPE (141, which
     * workflow engines retry) */
    signal(SIGPIPE, SIG_IGN);
    /* help and version texts are written in one piece at close_stdout, so a failed write
     * reports its own errno (with stdio's 4 kB buffer a longer help failed at a mid-way flush
     * and fclose had no errno left to tell: "Input/output error" for a full disk) */
    static char out_buf[1 << 16];
    if (setvbuf(stdout, out_buf, _IOFBF, sizeof out_buf) != 0) return HP_EXIT_DATA;
    if (argc < 2) {
        usage(stderr);
        return HP_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return close_stdout(HP_EXIT_OK);
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        hp_cli_print_version(stdout);
        return close_stdout(HP_EXIT_OK);
    }
    for (int i = 0; i < N_COMMANDS; i++) {
        if (strcmp(cmd, commands[i].name) == 0) {
            hp_log_set_command(commands[i].name);
            if (hp_cli_set_command_line(argc, argv) != 0) return HP_EXIT_DATA;
            return close_stdout(commands[i].run(argc - 1, argv + 1));
        }
    }
    fprintf(stderr, "htlvpvl: unknown command '%s'\n", cmd);
    usage(stderr);
    return HP_EXIT_USAGE;
}
