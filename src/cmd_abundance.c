/* cmd_abundance.c -- `htlvpvl abundance`: clone abundance from fragment lengths (sonicLength EM,
 * src/abundance.c) for tables of (site, length, replicate) from any pipeline. */
#include "htlvpvl/abundance.h"
#include "htlvpvl/cli.h"
#include "htlvpvl/commands.h"
#include "htlvpvl/log.h"
#include "htlvpvl/outfile.h"
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *fp)
{
    fprintf(fp,
            "\nUsage: htlvpvl abundance [options] FRAGMENTS.tsv\n\n"
            "Estimate each integration site's abundance (expected sonicated fragments, i.e. its\n"
            "clone size in recovered cells) from the lengths of its distinct fragments, by the\n"
            "EM of sonicLength (Berry et al. 2012): fragments of length l at site j are\n"
            "Poisson(theta_j phi_l), only presence is seen; one phi per replicate, fitted\n"
            "jointly.\n\n"
            "Input: TSV (plain or gzip, '-' for stdin) with a header naming the columns site and\n"
            "length, optionally replicate (or the R package's locations, lengths, replicates);\n"
            "one row per distinct fragment (repeated rows count once).\n"
            "Output: TSV with columns site, fragments (distinct fragments seen), theta; sorted\n"
            "by theta, largest first (ties by site).\n\n"
            "Options:\n"
            "  -o, --output FILE   output file [stdout]\n"
            "  -h, --help          this help\n\n");
}

int cmd_abundance(int argc, char **argv)
{
    static const struct option lopts[] = {HP_CLI_ROW_OUTPUT,
                                          HP_CLI_ROW_HELP,
                                          {NULL, 0, NULL, 0}};
    const char *out = "-";
    int c;
    hp_cli_t cl;
    hp_cli_init(&cl, usage);
    while ((c = getopt_long(argc, argv, "o:h", lopts, NULL)) >= 0) {
        switch (c) {
        default: /* -o -h, unknown options */
            if ((c = hp_cli_option(&cl, c, optarg)) != HP_CLI_NEXT) return c;
        }
    }
    if (cl.out) out = cl.out;
    if (optind != argc - 1) {
        hp_error(optind == argc ? "no fragment table given" : "one fragment table only");
        usage(stderr);
        return HP_EXIT_USAGE;
    }
    const char *in = argv[optind];
    hp_frags_t f;
    hp_frags_init(&f);
    hp_abund_t a;
    memset(&a, 0, sizeof a);
    int *ord = NULL, rc = HP_EXIT_DATA;
    int64_t line;
    const char *msg;
    int r = hp_frags_read_tsv(&f, in, &line, &msg);
    if (r == -1) {
        hp_error("%s: %s", in, strerror(errno));
        goto done;
    } else if (r == -2) {
        if (line > 0) hp_error("%s: line %" PRId64 ": %s", in, line, msg);
        else hp_error("%s: %s", in, msg);
        goto done;
    } else if (r < 0) {
        hp_error("%s: out of memory", in);
        goto done;
    }
    r = hp_abund_fit(&f, &a);
    if (r == -3) {
        hp_error("%s: out of memory", in);
        goto done;
    }
    if (r == -1) hp_warn("%s: EM stopped at the iteration limit before converging", in);
    ord = malloc(f.n_site * sizeof *ord);
    if (!ord || hp_abund_order(&f, &a, ord) < 0) {
        hp_error("%s: out of memory", in);
        goto done;
    }
    if (hp_outfile_add_input(in) != 0) {
        hp_error("out of memory");
        goto done;
    }
    hp_outfile_t *of = hp_outfile_open(out);
    if (!of) {
        hp_error("%s: %s", out, hp_outfile_strerror(errno));
        goto done;
    }
    FILE *fp = hp_outfile_fp(of);
    double sum = 0;
    fputs("site\tfragments\ttheta\n", fp);
    for (int i = 0; i < f.n_site; i++) {
        int j = ord[i];
        sum += a.theta[j];
        fprintf(fp, "%s\t%" PRId64 "\t%.4f\n", f.site[j], hp_frags_n_site_obs(&f, j), a.theta[j]);
    }
    if (hp_outfile_commit(of) != 0) {
        hp_error("%s: write failed: %s", out, strerror(errno));
        goto done;
    }
    hp_info("%d site%s, %" PRId64 " distinct fragments, %d replicate%s; %d EM round%s; "
            "sum of theta %.2f",
            f.n_site, f.n_site == 1 ? "" : "s", f.n_obs, f.n_rep, f.n_rep == 1 ? "" : "s",
            a.n_iter, a.n_iter == 1 ? "" : "s", sum);
    rc = HP_EXIT_OK;
done:
    free(ord);
    hp_abund_destroy(&a);
    hp_frags_destroy(&f);
    return rc;
}
