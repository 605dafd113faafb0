/* cmd_trim.c -- `htlvpvl trim`: LM-PCR integration-site reads made ready for the aligner (LTR end
 * found and cut, UMI moved to the read name and an RX:Z: comment, linker read-through cut,
 * artefacts dropped and counted). The logic is in src/trim.c. */
#include "htlvpvl/cli.h"
#include "htlvpvl/commands.h"
#include "htlvpvl/fastq.h"
#include "htlvpvl/log.h"
#include "htlvpvl/outfile.h"
#include "htlvpvl/ref.h"
#include "htlvpvl/trim.h"
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <htslib/bgzf.h>
#include <htslib/kseq.h>
#include <htslib/kstring.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

KSEQ_INIT(gzFile, gzread)

#define BATCH 16384

static void usage(FILE *fp)
{
    fprintf(
        fp,
        "\nUsage: htlvpvl trim -o PREFIX [options] R1.fq[.gz] [R2.fq[.gz]]\n\n"
        "Prepare LM-PCR integration-site reads for the aligner: find the LTR end in the\n"
        "LTR-side read (mismatches and small indels allowed), keep the host part after it,\n"
        "move the UMI into the read name (NAME_UMI) and an RX:Z: comment (bwa mem -C), cut\n"
        "linker read-through of short fragments, and drop (counted) pairs with no LTR end,\n"
        "pairs that run on into the provirus (primer-binding site) and too-short host parts.\n"
        "Writes PREFIX_1.fq.gz (LTR side: host bases after the LTR end), PREFIX_2.fq.gz\n"
        "(linker side: template bases; paired input only) and PREFIX.trim.tsv (attrition).\n\n"
        "Options:\n"
        "  -o, --prefix PREFIX      output prefix [required]\n"
        "      --ltr-read 1|2       which input read starts with the LTR primer [1]\n"
        "      --ltr-end SEQ        the LTR end as read from the primer towards the host\n"
        "                           [HTLV-1 U5 end, last 20 bases of the J02029 LTR]\n"
        "      --virus FASTA        the virus (provirus or vector): what follows an LTR end\n"
        "                           inside it marks run-on reads; without --ltr-end, its last\n"
        "                           20 bases are the LTR end [built-in HTLV-1]\n"
        "      --max-edits N        edits (mismatch, insertion, deletion) allowed in the LTR\n"
        "                           end [2]\n"
        "      --max-offset N       the LTR end must end within the first N bases [anywhere]\n"
        "      --read-structure RS  linker read structure, fgbio style: T template, M UMI,\n"
        "                           S skip, B sample barcode, '+' the rest (e.g. 8M14S+T)\n"
        "      --umi-from name      the UMI is the read name's last ':' field\n"
        "      --umi-read FASTQ     the UMI is this read (e.g. an index read I2), one record\n"
        "                           per pair in the same order (appended to any other UMI)\n"
        "      --min-length N       host bases required after trimming [20]\n"
        "      --flanks N           also write PREFIX.sites.tsv: the first N host bases of the\n"
        "                           kept LTR reads clustered into genome-free sites (reads,\n"
        "                           UMIs, distinct (shear, UMI) raw and UMI-corrected) [off]\n"
        "      --flank-mismatches N mismatches within one flank cluster [2]\n"
        "  -t, --threads N          threads [1]\n"
        "  -q, --quiet              no information messages\n"
        "  -h, --help               this help\n\n");
}

enum { O_LTR_READ = 1000, O_LTR_END, O_VIRUS, O_MAX_EDITS, O_MAX_OFF, O_RS, O_UMI_FROM, O_MINLEN,
       O_FLANKS, O_FLANK_MM, O_UMI_READ };

static int parse_int(const char *opt, const char *s, int lo, int hi, int *v)
{
    int64_t x;
    if (hp_cli_whole(opt, s, lo, hi, &x) != 0) return -1;
    *v = (int)x;
    return 0;
}

/* the virus FASTA: all records joined by N; first record's last 20 bases for the LTR end */
static int read_virus(const char *path, kstring_t *all, char *end20)
{
    gzFile gz = gzopen(path, "r");
    if (!gz) return -1;
    kseq_t *ks = kseq_init(gz);
    int r, n = 0;
    while ((r = kseq_read(ks)) >= 0) {
        if (n == 0) {
            if (ks->seq.l < 20) {
                n = -2;
                break;
            }
            memcpy(end20, ks->seq.s + ks->seq.l - 20, 20);
            end20[20] = 0;
        }
        if (all->l) kputc('N', all);
        kputsn(ks->seq.s, ks->seq.l, all);
        n++;
    }
    kseq_destroy(ks);
    gzclose(gz);
    if (n == -2 || r < -1) return -2;
    return n > 0 ? 0 : -2;
}

/* read names equal up to the first blank, ignoring a trailing /1, /2 or /3 */
static int same_name(const char *a, const char *b)
{
    size_t la = strcspn(a, " \t"), lb = strcspn(b, " \t");
    if (la > 2 && a[la - 2] == '/' && a[la - 1] >= '1' && a[la - 1] <= '3') la -= 2;
    if (lb > 2 && b[lb - 2] == '/' && b[lb - 1] >= '1' && b[lb - 1] <= '3') lb -= 2;
    return la == lb && strncmp(a, b, la) == 0;
}

static int put_record(BGZF *fp, kstring_t *s, const char *name, const char *umi, const char *seq,
                      const char *qual, int beg, int end)
{
    s->l = 0;
    kputc('@', s);
    kputs(name, s);
    if (*umi) {
        kputc('_', s), kputs(umi, s);
        kputs(" RX:Z:", s), kputs(umi, s);
    }
    kputc('\n', s);
    kputsn(seq + beg, end - beg, s);
    kputs("\n+\n", s);
    kputsn(qual + beg, end - beg, s);
    kputc('\n', s);
    return bgzf_write(fp, s->s, s->l) == (ssize_t)s->l ? 0 : -1;
}

typedef struct {
    char *tmp, *final;
    BGZF *fp;
} bgzf_out_t;

static int out_open(bgzf_out_t *o, const char *path, int n_threads)
{
    o->final = strdup(path);
    o->tmp = malloc(strlen(path) + 32);
    if (!o->final || !o->tmp) return -1;
    sprintf(o->tmp, "%s.tmp.%d", path, (int)getpid());
    o->fp = bgzf_open(o->tmp, "w");
    if (!o->fp) return -1;
    if (n_threads > 1) bgzf_mt(o->fp, n_threads, 256);
    return 0;
}

/* close the temporary file; 0 or -1 */
static int out_close(bgzf_out_t *o)
{
    int r = o->fp && bgzf_close(o->fp) < 0 ? -1 : 0;
    o->fp = NULL;
    return r;
}

/* rename into place (ok) or remove the temporary; frees the names */
static int out_finish(bgzf_out_t *o, int ok)
{
    int r = 0;
    if (o->fp) out_close(o);
    if (o->tmp) {
        if (ok) r = rename(o->tmp, o->final);
        if (!ok || r < 0) unlink(o->tmp);
    }
    free(o->tmp), free(o->final);
    o->tmp = o->final = NULL;
    return r;
}

int cmd_trim(int argc, char **argv)
{
    static const struct option lopts[] = {HP_CLI_ROW_PREFIX,
                                          {"ltr-read", required_argument, NULL, O_LTR_READ},
                                          {"ltr-end", required_argument, NULL, O_LTR_END},
                                          {"virus", required_argument, NULL, O_VIRUS},
                                          {"max-edits", required_argument, NULL, O_MAX_EDITS},
                                          {"max-offset", required_argument, NULL, O_MAX_OFF},
                                          {"read-structure", required_argument, NULL, O_RS},
                                          {"umi-from", required_argument, NULL, O_UMI_FROM},
                                          {"umi-read", required_argument, NULL, O_UMI_READ},
                                          {"min-length", required_argument, NULL, O_MINLEN},
                                          {"flanks", required_argument, NULL, O_FLANKS},
                                          {"flank-mismatches", required_argument, NULL,
                                           O_FLANK_MM},
                                          HP_CLI_ROW_THREADS,
                                          HP_CLI_ROW_QUIET,
                                          HP_CLI_ROW_HELP,
                                          {NULL, 0, NULL, 0}};
    const char *ltr_end = NULL, *virus = NULL, *rs = NULL, *umi_read = NULL;
    int ltr_read = 1, max_edits = -1, max_off = 0, min_len = -1, flank_len = 0;
    int flank_mm = 2, umi_name = 0, c, ret = HP_EXIT_DATA;
    hp_cli_t cl;
    hp_cli_init(&cl, usage);
    cl.quiet_level = HP_LOG_WARN; /* trim's -q keeps its warnings */
    while ((c = getopt_long(argc, argv, "o:t:qh", lopts, NULL)) >= 0) {
        switch (c) {
        case O_LTR_READ:
            if (parse_int("--ltr-read", optarg, 1, 2, &ltr_read) < 0) return HP_EXIT_USAGE;
            break;
        case O_LTR_END: ltr_end = optarg; break;
        case O_VIRUS: virus = optarg; break;
        case O_MAX_EDITS:
            if (parse_int("--max-edits", optarg, 0, 10, &max_edits) < 0) return HP_EXIT_USAGE;
            break;
        case O_MAX_OFF:
            if (parse_int("--max-offset", optarg, 1, 100000, &max_off) < 0) return HP_EXIT_USAGE;
            break;
        case O_RS: rs = optarg; break;
        case O_UMI_FROM:
            if (strcmp(optarg, "name") != 0) {
                hp_error("--umi-from: only 'name' is known, not '%s'", optarg);
                return HP_EXIT_USAGE;
            }
            umi_name = 1;
            break;
        case O_UMI_READ: umi_read = optarg; break;
        case O_MINLEN:
            if (parse_int("--min-length", optarg, 1, 100000, &min_len) < 0) return HP_EXIT_USAGE;
            break;
        case O_FLANKS:
            if (parse_int("--flanks", optarg, 8, 200, &flank_len) < 0) return HP_EXIT_USAGE;
            break;
        case O_FLANK_MM:
            if (parse_int("--flank-mismatches", optarg, 0, 10, &flank_mm) < 0)
                return HP_EXIT_USAGE;
            break;
        default: /* -o -t -q -h, unknown options */
            if ((c = hp_cli_option(&cl, c, optarg)) != HP_CLI_NEXT) return c;
        }
    }
    const char *prefix = cl.out;
    int n_threads = cl.n_threads;
    if (!prefix) {
        hp_error("-o PREFIX is required");
        usage(stderr);
        return HP_EXIT_USAGE;
    }
    int n_in = argc - optind;
    if (n_in < 1 || n_in > 2) {
        hp_error(n_in < 1 ? "no FASTQ input given" : "at most two FASTQ inputs (R1 R2)");
        usage(stderr);
        return HP_EXIT_USAGE;
    }
    if (n_in == 1 && ltr_read == 2) {
        hp_error("--ltr-read 2 needs paired input (R1 R2)");
        return HP_EXIT_USAGE;
    }
    if (rs && n_in == 1) {
        hp_error("--read-structure describes the linker read: it needs paired input");
        return HP_EXIT_USAGE;
    }
    /* outputs never replace an input; one run per prefix */
    for (int i = optind; i < argc; i++)
        if (hp_outfile_add_input(argv[i]) != 0) {
            hp_error("out of memory");
            return HP_EXIT_DATA;
        }
    if ((umi_read && hp_outfile_add_input(umi_read) != 0) ||
        (virus && hp_outfile_add_input(virus) != 0)) {
        hp_error("out of memory");
        return HP_EXIT_DATA;
    }
    if (hp_outfile_lock(prefix) != 0) {
        hp_error("%s: %s", prefix, hp_outfile_strerror(errno));
        return HP_EXIT_DATA;
    }
    hp_trim_t t;
    if (hp_trim_init(&t) < 0) {
        hp_error("out of memory");
        return HP_EXIT_DATA;
    }
    hp_flanks_t fl;
    hp_flanks_init(&fl, flank_len, 12);
    hp_fq_reader_t *rd = NULL;
    hp_fq_batch_t b;
    hp_fq_batch_init(&b);
    hp_trim_res_t *res = NULL;
    bgzf_out_t out[2];
    memset(out, 0, sizeof out);
    hp_outset_t outs = {NULL, 0, 0};
    kstring_t ks = {0, 0, NULL}, vseq = {0, 0, NULL};
    gzFile ugz = NULL;
    kseq_t *useq = NULL;
    char err[1024];
    if (max_edits >= 0) t.max_err = max_edits;
    if (min_len > 0) t.min_len = min_len;
    t.max_offset = max_off;
    t.umi_from_name = umi_name;
    if (rs && hp_readstruct_parse(&t.rs, rs) < 0) {
        hp_error("--read-structure: '%s' is not a read structure with a template (e.g. 8M14S+T)",
                 rs);
        ret = HP_EXIT_USAGE;
        goto done;
    }
    if (virus) {
        char end20[21];
        int r = read_virus(virus, &vseq, end20);
        if (r == -1) {
            hp_error("%s: %s", virus, strerror(errno));
            goto done;
        } else if (r < 0) {
            hp_error("%s: not a FASTA with a sequence of at least 20 bases", virus);
            goto done;
        }
        if (!ltr_end && hp_trim_set_ltr_end(&t, end20) < 0) {
            hp_error("%s: its last 20 bases are not ACGT (give --ltr-end)", virus);
            goto done;
        }
    }
    if (ltr_end && hp_trim_set_ltr_end(&t, ltr_end) < 0) {
        hp_error("--ltr-end: '%s' must be 8 to 64 bases of ACGT", ltr_end);
        ret = HP_EXIT_USAGE;
        goto done;
    }
    if (virus || ltr_end) {
        /* run-on sequences from the virus given, or from the built-in HTLV-1 for a new end */
        int r = virus ? hp_trim_set_virus(&t, vseq.s, (int64_t)vseq.l) : 0;
        if (!virus) {
            r = hp_trim_set_virus(&t, hp_htlv1_seq, hp_htlv1_len);
        }
        if (r < 0) {
            hp_error("out of memory");
            goto done;
        }
        if (virus && r == 0)
            hp_warn("%s: the LTR end %s is not inside it: no run-on check", virus, t.ltr_end);
    }
    if (umi_read) {
        if (!(ugz = gzopen(umi_read, "r")) || !(useq = kseq_init(ugz))) {
            hp_error("%s: %s", umi_read, strerror(errno ? errno : ENOMEM));
            goto done;
        }
    }
    const char *fn1 = argv[optind], *fn2 = n_in == 2 ? argv[optind + 1] : NULL;
    rd = hp_fq_reader_open(fn1, fn2, 0, n_threads, err, sizeof err);
    if (!rd) {
        hp_error("%s", err);
        goto done;
    }
    char path[4096];
    for (int i = 0; i < n_in; i++) {
        snprintf(path, sizeof path, "%s_%d.fq.gz", prefix, i + 1);
        if (out_open(&out[i], path, n_threads) < 0) {
            hp_error("%s: %s", path, strerror(errno));
            goto done;
        }
    }
    snprintf(path, sizeof path, "%s.trim.tsv", prefix);
    FILE *ftsv = hp_outset_open(&outs, path);
    if (!ftsv) {
        hp_error("%s: %s", path, strerror(errno));
        goto done;
    }
    FILE *fsites = NULL;
    if (flank_len > 0) {
        snprintf(path, sizeof path, "%s.sites.tsv", prefix);
        if (!(fsites = hp_outset_open(&outs, path))) {
            hp_error("%s: %s", path, strerror(errno));
            goto done;
        }
    }
    if (!(res = malloc(BATCH * sizeof *res))) {
        hp_error("out of memory");
        goto done;
    }
    int64_t n_in_pairs = 0, count[HP_TRIM_N_STATUS] = {0}, n_rt = 0, n_edit = 0;
    int64_t n_short_flank = 0;
    int n;
    while ((n = hp_fq_reader_read(rd, &b, BATCH, (int64_t)BATCH * 600)) > 0) {
        int paired = b.paired;
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 256) num_threads(n_threads)
#endif
        for (int i = 0; i < n; i++) {
            const hp_fq_read_t *l = ltr_read == 1 ? &b.r1[i] : &b.r2[i];
            const hp_fq_read_t *k = !paired ? NULL : ltr_read == 1 ? &b.r2[i] : &b.r1[i];
            hp_trim_pair(&t, l->seq, l->len, k ? k->seq : NULL, k ? k->len : 0, b.r1[i].name,
                         &res[i]);
        }
        for (int i = 0; useq && i < n; i++) {
            int q = kseq_read(useq);
            if (q < 0 || !same_name(useq->name.s, b.r1[i].name)) {
                hp_error("%s: record %" PRId64 ": %s", umi_read, n_in_pairs + i + 1,
                         q < -1  ? "truncated or broken FASTQ"
                         : q < 0 ? "fewer records than the reads"
                                 : "name differs from the reads'");
                goto done;
            }
            size_t ul = strlen(res[i].umi);
            for (size_t k = 0; k < useq->seq.l && ul < HP_TRIM_MAX_UMI; k++)
                res[i].umi[ul++] = (char)toupper((unsigned char)useq->seq.s[k]);
            res[i].umi[ul] = 0;
        }
        for (int i = 0; i < n; i++) {
            const hp_trim_res_t *r = &res[i];
            count[r->status]++;
            if (r->status == HP_TRIM_SHORT && r->short_host && flank_len > 0) {
                /* a short fragment: no reads for the aligner, but its host part (a flank, or a
                 * partial flank placed by its first bases) counts in the sites */
                const hp_fq_read_t *l = ltr_read == 1 ? &b.r1[i] : &b.r2[i];
                const hp_fq_read_t *k = !paired ? NULL : ltr_read == 1 ? &b.r2[i] : &b.r1[i];
                int a = hp_flanks_add(&fl, l->seq + r->host_beg, r->host_end - r->host_beg,
                                      k ? k->seq + r->tpl_beg : NULL,
                                      k ? r->tpl_end - r->tpl_beg : 0, r->umi);
                if (a < 0) {
                    hp_error("out of memory");
                    goto done;
                }
                n_short_flank += a != 1;
                continue;
            }
            if (r->status != HP_TRIM_KEPT) continue;
            n_rt += r->read_through;
            n_edit += r->ltr_edits > 0;
            const hp_fq_read_t *l = ltr_read == 1 ? &b.r1[i] : &b.r2[i];
            const hp_fq_read_t *k = !paired ? NULL : ltr_read == 1 ? &b.r2[i] : &b.r1[i];
            if (put_record(out[0].fp, &ks, l->name, r->umi, l->seq, l->qual, r->host_beg,
                           r->host_end) < 0 ||
                (k && put_record(out[1].fp, &ks, k->name, r->umi, k->seq, k->qual, r->tpl_beg,
                                 r->tpl_end) < 0)) {
                hp_error("%s: write failed", prefix);
                goto done;
            }
            if (flank_len > 0 &&
                hp_flanks_add(&fl, l->seq + r->host_beg, r->host_end - r->host_beg,
                              k ? k->seq + r->tpl_beg : NULL, k ? r->tpl_end - r->tpl_beg : 0,
                              r->umi) < 0) {
                hp_error("out of memory");
                goto done;
            }
        }
        n_in_pairs += n;
    }
    if (n < 0) {
        hp_error("%s", hp_fq_reader_error(rd));
        goto done;
    }
    if (useq && kseq_read(useq) >= 0) {
        hp_error("%s: more records than the reads", umi_read);
        goto done;
    }
    if (n_in_pairs == 0) {
        hp_error("%s: no FASTQ records", strcmp(fn1, "-") ? fn1 : "stdin");
        goto done;
    }
    const char *unit = n_in == 2 ? "pairs" : "reads";
    fprintf(ftsv, "step\t%s\tpercent\n", unit);
    fprintf(ftsv, "input\t%" PRId64 "\t100.00\n", n_in_pairs);
    static const hp_trim_status_t order[] = {HP_TRIM_NO_LTR, HP_TRIM_RUN_ON, HP_TRIM_SHORT,
                                             HP_TRIM_KEPT};
    for (int i = 0; i < 4; i++)
        fprintf(ftsv, "%s\t%" PRId64 "\t%.2f\n", hp_trim_status_name(order[i]), count[order[i]],
                100.0 * count[order[i]] / n_in_pairs);
    fprintf(ftsv, "kept_read_through_cut\t%" PRId64 "\t%.2f\n", n_rt, 100.0 * n_rt / n_in_pairs);
    fprintf(ftsv, "kept_ltr_end_with_edits\t%" PRId64 "\t%.2f\n", n_edit,
            100.0 * n_edit / n_in_pairs);
    if (fsites) {
        if (hp_flanks_cluster(&fl, flank_mm) < 0) {
            hp_error("out of memory");
            goto done;
        }
        fprintf(ftsv, "too_short_to_flank_sites\t%" PRId64 "\t%.2f\n", n_short_flank,
                100.0 * n_short_flank / n_in_pairs);
        fprintf(ftsv, "partial_flanks_placed\t%" PRId64 "\t%.2f\n", fl.n_part_placed,
                100.0 * fl.n_part_placed / n_in_pairs);
        int64_t tot = 0;
        for (int i = 0; i < fl.n_site; i++)
            tot += fl.site[i].fragments;
        fprintf(fsites, "flank\treads\tumis\tshear_umis\tfragments\tproportion\n");
        for (int i = 0; i < fl.n_site; i++)
            fprintf(fsites, "%s\t%" PRId64 "\t%" PRId64 "\t%" PRId64 "\t%" PRId64 "\t%.4f\n",
                    fl.site[i].flank, fl.site[i].reads, fl.site[i].umis, fl.site[i].shear_sites,
                    fl.site[i].fragments, tot ? (double)fl.site[i].fragments / tot : 0.0);
    }
    int close_failed = hp_fq_reader_close(rd) < 0;
    rd = NULL;
    if (close_failed) {
        hp_error("%s: read error on close", fn1);
        goto done;
    }
    for (int i = 0; i < n_in; i++)
        if (out_close(&out[i]) < 0) {
            hp_error("%s: write failed: %s", prefix, strerror(errno));
            goto done;
        }
    if (hp_outset_commit_all(&outs) < 0) {
        hp_error("%s: write failed: %s", prefix, strerror(errno));
        goto done;
    }
    for (int i = 0; i < n_in; i++)
        if (out_finish(&out[i], 1) < 0) {
            hp_error("%s: cannot rename into place: %s", prefix, strerror(errno));
            goto done;
        }
    hp_info("%" PRId64 " %s: %" PRId64 " kept, %" PRId64 " no LTR end, %" PRId64
            " run on into the provirus, %" PRId64 " too short",
            n_in_pairs, unit, count[HP_TRIM_KEPT], count[HP_TRIM_NO_LTR], count[HP_TRIM_RUN_ON],
            count[HP_TRIM_SHORT]);
    ret = HP_EXIT_OK;
done:
    if (ret != HP_EXIT_OK) hp_outset_abort_all(&outs);
    for (int i = 0; i < 2; i++)
        out_finish(&out[i], 0);
    (void)hp_fq_reader_close(rd);
    if (useq) kseq_destroy(useq);
    if (ugz) gzclose(ugz);
    hp_fq_batch_destroy(&b);
    free(res);
    free(ks.s), free(vseq.s);
    hp_flanks_destroy(&fl);
    hp_trim_destroy(&t);
    return ret;
}
