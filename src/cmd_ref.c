/* cmd_ref.c -- `htlvpvl ref`: write the built-in HTLV-1 reference or its feature table. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "htlvpvl/cli.h"
#include "htlvpvl/commands.h"
#include "htlvpvl/log.h"
#include "htlvpvl/outfile.h"
#include "htlvpvl/ref.h"

static void usage(FILE *fp)
{
    fprintf(fp, "\nUsage: htlvpvl ref [options]\n\n"
                "Write the HTLV-1 reference built into htlvpvl (GenBank J02029.1, ATK-1, 9,033 bp)\n"
                "as FASTA, to append to a host genome before alignment.\n\n"
                "Options:\n"
                "  -l, --layout full|split  full: one contig HTLV1 (9,033 bp; default)\n"
                "                           split: HTLV1_LTR (755 bp) + HTLV1_internal (7,523 bp)\n"
                "  -f, --features           write the feature table (LTRs, U3/U5 motifs, gag, pol,\n"
                "                           env, pX) as BED6 on the layout's contigs instead\n"
                "  -o, --output FILE        output file [stdout]\n"
                "  -h, --help               this help\n\n");
}

int cmd_ref(int argc, char **argv)
{
    static const struct option lopts[] = {
        {"layout", required_argument, NULL, 'l'}, {"features", no_argument, NULL, 'f'},
        HP_CLI_ROW_OUTPUT, HP_CLI_ROW_HELP,
        {NULL, 0, NULL, 0}};
    hp_layout_t layout = HP_LAYOUT_FULL;
    int features = 0, c;
    const char *out = "-";
    hp_cli_t cl;
    hp_cli_init(&cl, usage);
    while ((c = getopt_long(argc, argv, "l:fo:h", lopts, NULL)) >= 0) {
        switch (c) {
        case 'l':
            if (strcmp(optarg, "full") == 0) layout = HP_LAYOUT_FULL;
            else if (strcmp(optarg, "split") == 0) layout = HP_LAYOUT_SPLIT;
            else {
                hp_error("--layout must be 'full' or 'split', not '%s'", optarg);
                return HP_EXIT_USAGE;
            }
            break;
        case 'f': features = 1; break;
        default: /* -o -h, unknown options */
            if ((c = hp_cli_option(&cl, c, optarg)) != HP_CLI_NEXT) return c;
        }
    }
    if (cl.out) out = cl.out;
    if (optind != argc) {
        hp_error("unexpected argument '%s'", argv[optind]);
        usage(stderr);
        return HP_EXIT_USAGE;
    }
    hp_outfile_t *of = hp_outfile_open(out);
    if (!of) {
        hp_error("%s: %s", out, hp_outfile_strerror(errno));
        return HP_EXIT_DATA;
    }
    FILE *fp = hp_outfile_fp(of);
    int r = features ? hp_ref_write_features_bed(fp, layout) : hp_ref_write_fasta(fp, layout);
    if (r != 0) {
        hp_error("%s: write failed: %s", out, strerror(errno));
        hp_outfile_abort(of);
        return HP_EXIT_DATA;
    }
    if (hp_outfile_commit(of) != 0) {
        hp_error("%s: write failed: %s", out, strerror(errno));
        return HP_EXIT_DATA;
    }
    return HP_EXIT_OK;
}
