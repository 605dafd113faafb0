/* cli.c -- the command-line kit of every command (cli.h). */
#include "htlvpvl/cli.h"
#include "htlvpvl/commands.h"
#include "htlvpvl/version.h"
#include "htlvpvl/log.h"
#include "htlvpvl/outfile.h"
#include <errno.h>
#include <htslib/hts.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h> /* the command line (hp_cli_set_command_line) */
#include <stdio.h>

int hp_parse_num(const char *s, double lo, double hi, double *v)
{
    char *e;
    errno = 0;
    double x = strtod(s, &e);
    if (e == s || *e || errno || !isfinite(x) || !(x >= lo && x <= hi)) return -1;
    *v = x;
    return 0;
}

int hp_cli_num(const char *opt, const char *s, double lo, double hi, double *v)
{
    if (hp_parse_num(s, lo, hi, v) == 0) return 0;
    hp_error("%s: '%s' is not a number in [%g, %g]", opt, s, lo, hi);
    return -1;
}

int hp_cli_whole(const char *opt, const char *s, double lo, double hi, int64_t *v)
{
    double x;
    if (hp_cli_num(opt, s, lo, hi, &x) < 0) return -1;
    if (x != floor(x)) {
        hp_error("%s: '%s' is not a whole number", opt, s);
        return -1;
    }
    *v = (int64_t)x;
    return 0;
}

static char *command_line;

int hp_cli_set_command_line(int argc, char *const *argv)
{
    size_t n = 8;
    for (int i = 1; i < argc; i++) n += 3 + strlen(argv[i]) * 4;
    char *s = malloc(n), *p = s;
    if (!s) return -1;
    p += sprintf(p, "htlvpvl");
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int quote = !*a || a[strcspn(a, " \t'\"\\$`;&|<>()*?[]{}~#!")] != '\0';
        *p++ = ' ';
        if (quote) *p++ = '\'';
        for (; *a; a++) {
            if (*a == '\'') { /* 'it'\''s' */
                memcpy(p, "'\\''", 4), p += 4;
            } else {
                *p++ = iscntrl((unsigned char)*a) ? '?' : *a; /* one header line */
            }
        }
        if (quote) *p++ = '\'';
    }
    *p = '\0';
    free(command_line);
    command_line = s;
    return 0;
}

const char *hp_cli_command_line(void) { return command_line ? command_line : "htlvpvl"; }

int hp_cli_check_names(const char *prefix, const char *sample)
{
    if (prefix && !*prefix) {
        hp_error("-o: the prefix is empty");
        return -1;
    }
    if (sample && (!*sample || strpbrk(sample, "\t\n\r"))) {
        hp_error("-s: the sample name is empty or holds a tab or newline");
        return -1;
    }
    return 0;
}

int hp_cli_add_contig(char **list, int *n, int max, char *name)
{
    for (int k = 0; k < *n; k++) /* the same contig twice: once */
        if (strcmp(list[k], name) == 0) return 0;
    if (*n == max) {
        hp_error("at most %d --virus-contig", max);
        return -1;
    }
    list[(*n)++] = name;
    return 0;
}

int hp_cli_lock_prefix(void *prefix, const char *sample)
{
    const char **p = prefix;
    if (!*p) *p = sample;
    if (hp_outfile_lock(*p) != 0) {
        hp_error("%s: %s", *p, hp_outfile_strerror(errno));
        return -1;
    }
    return 0;
}

void hp_cli_init(hp_cli_t *c, void (*usage)(FILE *))
{
    memset(c, 0, sizeof *c);
    c->n_threads = 1;
    c->usage = usage;
}

void hp_cli_print_version(FILE *fp)
{
    fprintf(fp, "htlvpvl %s\nhtslib %s\n", HTLVPVL_VERSION, hts_version());
}

int hp_cli_option(hp_cli_t *c, int opt, const char *arg)
{
    int64_t n;
    switch (opt) {
    case 'o':
        c->out = arg;
        return HP_CLI_NEXT;
    case 's':
        c->sample = arg;
        return HP_CLI_NEXT;
    case 't':
        if (hp_cli_whole("--threads", arg, 1, 1024, &n) < 0) return HP_EXIT_USAGE;
        c->n_threads = (int)n;
        return HP_CLI_NEXT;
    case 'q':
        c->quiet = 1;
        hp_log_set_level(HP_LOG_ERROR);
        return HP_CLI_NEXT;
    case 'h':
        c->usage(stdout); /* main closes and checks stdout */
        return HP_EXIT_OK;
    default:
        c->usage(stderr);
        return HP_EXIT_USAGE;
    }
}
