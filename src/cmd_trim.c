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
        "  -q, --quiet              errors only: no warnings or information messages\n"
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

/* The options of one run. */
typedef struct {
    const char *prefix, *ltr_end, *virus, *rs, *umi_read, *fn1, *fn2;
    int ltr_read, max_edits, max_off, min_len, flank_len, flank_mm, umi_name, n_threads, n_in;
} trim_args_t;

/* What one run holds: the trimmer, the reader and its batch, the outputs and the counts. */
typedef struct {
    hp_trim_t t;
    hp_flanks_t fl;
    hp_fq_reader_t *rd;
    hp_fq_batch_t b;
    hp_trim_res_t *res;
    bgzf_out_t out[2];
    hp_outset_t outs;
    FILE *ftsv, *fsites;
    kstring_t ks, vseq;
    gzFile ugz;
    kseq_t *useq;
    int64_t n_pairs, count[HP_TRIM_N_STATUS], n_rt, n_edit, n_short_flank;
} trim_run_t;

/* One option of trim's own (not -o -t -q -h) into a. Returns 0, 1 when C is not one of them,
 * or -1 after logging a bad value. */
static int parse_trim_opt(trim_args_t *a, int c)
{
    switch (c) {
    case O_LTR_READ: return parse_int("--ltr-read", optarg, 1, 2, &a->ltr_read);
    case O_LTR_END: a->ltr_end = optarg; break;
    case O_VIRUS: a->virus = optarg; break;
    case O_MAX_EDITS: return parse_int("--max-edits", optarg, 0, 10, &a->max_edits);
    case O_MAX_OFF: return parse_int("--max-offset", optarg, 1, 100000, &a->max_off);
    case O_RS: a->rs = optarg; break;
    case O_UMI_FROM:
        if (strcmp(optarg, "name") != 0) {
            hp_error("--umi-from: only 'name' is known, not '%s'", optarg);
            return -1;
        }
        a->umi_name = 1;
        break;
    case O_UMI_READ: a->umi_read = optarg; break;
    case O_MINLEN: return parse_int("--min-length", optarg, 1, 100000, &a->min_len);
    case O_FLANKS: return parse_int("--flanks", optarg, 8, 200, &a->flank_len);
    case O_FLANK_MM: return parse_int("--flank-mismatches", optarg, 0, 10, &a->flank_mm);
    default: return 1;
    }
    return 0;
}

/* The combinations the options and inputs must respect. Returns 0, or -1 after logging. */
static int check_args(const trim_args_t *a)
{
    if (!a->prefix) {
        hp_error("-o PREFIX is required");
        usage(stderr);
        return -1;
    }
    if (a->n_in < 1 || a->n_in > 2) {
        hp_error(a->n_in < 1 ? "no FASTQ input given" : "at most two FASTQ inputs (R1 R2)");
        usage(stderr);
        return -1;
    }
    if (a->n_in == 1 && a->ltr_read == 2) {
        hp_error("--ltr-read 2 needs paired input (R1 R2)");
        return -1;
    }
    if (a->rs && a->n_in == 1) {
        hp_error("--read-structure describes the linker read: it needs paired input");
        return -1;
    }
    return 0;
}

/* argv into a. Returns HP_CLI_NEXT when the run goes on, else the exit code (0 after -h). */
static int parse_args(trim_args_t *a, int argc, char **argv)
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
    int c, r;
    hp_cli_t cl;
    hp_cli_init(&cl, usage); /* -q: errors only, as in every command */
    memset(a, 0, sizeof *a);
    a->ltr_read = 1, a->max_edits = -1, a->min_len = -1, a->flank_mm = 2;
    while ((c = getopt_long(argc, argv, "o:t:qh", lopts, NULL)) >= 0) {
        /* trim's own options, then -o -t -q -h and unknown options */
        if ((r = parse_trim_opt(a, c)) < 0) return HP_EXIT_USAGE;
        if (r > 0 && (c = hp_cli_option(&cl, c, optarg)) != HP_CLI_NEXT) return c;
    }
    a->prefix = cl.out, a->n_threads = cl.n_threads;
    a->n_in = argc - optind;
    a->fn1 = a->n_in >= 1 ? argv[optind] : NULL;
    a->fn2 = a->n_in == 2 ? argv[optind + 1] : NULL;
    return check_args(a) < 0 ? HP_EXIT_USAGE : HP_CLI_NEXT;
}

/* Outputs never replace an input; one run per prefix. Returns 0, or -1 after logging. */
static int claim_prefix(const trim_args_t *a)
{
    const char *in[] = {a->fn1, a->fn2, a->umi_read, a->virus};
    for (int i = 0; i < 4; i++)
        if (in[i] && hp_outfile_add_input(in[i]) != 0) {
            hp_error("out of memory");
            return -1;
        }
    if (hp_outfile_lock(a->prefix) != 0) {
        hp_error("%s: %s", a->prefix, hp_outfile_strerror(errno));
        return -1;
    }
    return 0;
}

/* The trimmer as the options set it: limits, read structure, LTR end and run-on sequences.
 * Returns HP_CLI_NEXT, or the exit code after logging. */
static int setup_trimmer(trim_run_t *r, const trim_args_t *a)
{
    hp_trim_t *t = &r->t;
    if (a->max_edits >= 0) t->max_err = a->max_edits;
    if (a->min_len > 0) t->min_len = a->min_len;
    t->max_offset = a->max_off;
    t->umi_from_name = a->umi_name;
    if (a->rs && hp_readstruct_parse(&t->rs, a->rs) < 0) {
        hp_error("--read-structure: '%s' is not a read structure with a template (e.g. 8M14S+T)",
                 a->rs);
        return HP_EXIT_USAGE;
    }
    if (a->virus) {
        char end20[21];
        int e = read_virus(a->virus, &r->vseq, end20);
        if (e == -1) {
            hp_error("%s: %s", a->virus, strerror(errno));
            return HP_EXIT_DATA;
        } else if (e < 0) {
            hp_error("%s: not a FASTA with a sequence of at least 20 bases", a->virus);
            return HP_EXIT_DATA;
        }
        if (!a->ltr_end && hp_trim_set_ltr_end(t, end20) < 0) {
            hp_error("%s: its last 20 bases are not ACGT (give --ltr-end)", a->virus);
            return HP_EXIT_DATA;
        }
    }
    if (a->ltr_end && hp_trim_set_ltr_end(t, a->ltr_end) < 0) {
        hp_error("--ltr-end: '%s' must be 8 to 64 bases of ACGT", a->ltr_end);
        return HP_EXIT_USAGE;
    }
    if (!a->virus && !a->ltr_end) return HP_CLI_NEXT;
    /* run-on sequences from the virus given, or from the built-in HTLV-1 for a new end */
    int e = a->virus ? hp_trim_set_virus(t, r->vseq.s, (int64_t)r->vseq.l)
                     : hp_trim_set_virus(t, hp_htlv1_seq, hp_htlv1_len);
    if (e < 0) {
        hp_error("out of memory");
        return HP_EXIT_DATA;
    }
    if (a->virus && e == 0)
        hp_warn("%s: the LTR end %s is not inside it: no run-on check", a->virus, t->ltr_end);
    return HP_CLI_NEXT;
}

/* Open the inputs (reads, --umi-read) and the outputs under their temporary names. Returns 0,
 * or -1 after logging. */
static int open_files(trim_run_t *r, const trim_args_t *a)
{
    char err[1024], path[4096];
    if (a->umi_read && (!(r->ugz = gzopen(a->umi_read, "r")) || !(r->useq = kseq_init(r->ugz)))) {
        hp_error("%s: %s", a->umi_read, strerror(errno ? errno : ENOMEM));
        return -1;
    }
    if (!(r->rd = hp_fq_reader_open(a->fn1, a->fn2, 0, a->n_threads, err, sizeof err))) {
        hp_error("%s", err);
        return -1;
    }
    for (int i = 0; i < a->n_in; i++) {
        snprintf(path, sizeof path, "%s_%d.fq.gz", a->prefix, i + 1);
        if (out_open(&r->out[i], path, a->n_threads) < 0) {
            hp_error("%s: %s", path, strerror(errno));
            return -1;
        }
    }
    snprintf(path, sizeof path, "%s.trim.tsv", a->prefix);
    if (!(r->ftsv = hp_outset_open(&r->outs, path))) {
        hp_error("%s: %s", path, strerror(errno));
        return -1;
    }
    if (a->flank_len > 0) {
        snprintf(path, sizeof path, "%s.sites.tsv", a->prefix);
        if (!(r->fsites = hp_outset_open(&r->outs, path))) {
            hp_error("%s: %s", path, strerror(errno));
            return -1;
        }
    }
    if (!(r->res = malloc(BATCH * sizeof *r->res))) {
        hp_error("out of memory");
        return -1;
    }
    return 0;
}

/* The LTR-side read of pair i, and the linker-side one (NULL for single reads). */
static const hp_fq_read_t *ltr_side(const hp_fq_batch_t *b, int ltr_read, int i)
{
    return ltr_read == 1 ? &b->r1[i] : &b->r2[i];
}
static const hp_fq_read_t *linker_side(const hp_fq_batch_t *b, int ltr_read, int i)
{
    return !b->paired ? NULL : ltr_read == 1 ? &b->r2[i] : &b->r1[i];
}

/* Append pair i's --umi-read UMI to its result. Returns 0, or -1 after logging. */
static int add_umi_reads(trim_run_t *r, const trim_args_t *a, int n)
{
    for (int i = 0; r->useq && i < n; i++) {
        int q = kseq_read(r->useq);
        if (q < 0 || !same_name(r->useq->name.s, r->b.r1[i].name)) {
            hp_error("%s: record %" PRId64 ": %s", a->umi_read, r->n_pairs + i + 1,
                     q < -1  ? "truncated or broken FASTQ"
                     : q < 0 ? "fewer records than the reads"
                             : "name differs from the reads'");
            return -1;
        }
        char *umi = r->res[i].umi;
        size_t ul = strlen(umi);
        for (size_t k = 0; k < r->useq->seq.l && ul < HP_TRIM_MAX_UMI; k++)
            umi[ul++] = (char)toupper((unsigned char)r->useq->seq.s[k]);
        umi[ul] = 0;
    }
    return 0;
}

/* Count pair i's verdict; write a kept pair and add its host part (and that of a short
 * fragment) to the flank sites. Returns 0, or -1 after logging. */
static int take_pair(trim_run_t *r, const trim_args_t *a, int i)
{
    const hp_trim_res_t *p = &r->res[i];
    const hp_fq_read_t *l = ltr_side(&r->b, a->ltr_read, i);
    const hp_fq_read_t *k = linker_side(&r->b, a->ltr_read, i);
    r->count[p->status]++;
    int flank = a->flank_len > 0;
    if (p->status == HP_TRIM_SHORT && p->short_host && flank) {
        /* a short fragment: no reads for the aligner, but its host part (a flank, or a
         * partial flank placed by its first bases) counts in the sites */
        int e = hp_flanks_add(&r->fl, l->seq + p->host_beg, p->host_end - p->host_beg,
                              k ? k->seq + p->tpl_beg : NULL, k ? p->tpl_end - p->tpl_beg : 0,
                              p->umi);
        if (e < 0) {
            hp_error("out of memory");
            return -1;
        }
        r->n_short_flank += e != 1;
        return 0;
    }
    if (p->status != HP_TRIM_KEPT) return 0;
    r->n_rt += p->read_through;
    r->n_edit += p->ltr_edits > 0;
    if (put_record(r->out[0].fp, &r->ks, l->name, p->umi, l->seq, l->qual, p->host_beg,
                   p->host_end) < 0 ||
        (k && put_record(r->out[1].fp, &r->ks, k->name, p->umi, k->seq, k->qual, p->tpl_beg,
                         p->tpl_end) < 0)) {
        hp_error("%s: write failed", a->prefix);
        return -1;
    }
    if (flank && hp_flanks_add(&r->fl, l->seq + p->host_beg, p->host_end - p->host_beg,
                               k ? k->seq + p->tpl_beg : NULL, k ? p->tpl_end - p->tpl_beg : 0,
                               p->umi) < 0) {
        hp_error("out of memory");
        return -1;
    }
    return 0;
}

/* The read loop: batches trimmed in parallel, then counted and written in input order.
 * Returns 0, or -1 after logging. */
static int trim_reads(trim_run_t *r, const trim_args_t *a)
{
    int n;
    while ((n = hp_fq_reader_read(r->rd, &r->b, BATCH, (int64_t)BATCH * 600)) > 0) {
        const hp_fq_batch_t *b = &r->b;
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 256) num_threads(a->n_threads)
#endif
        for (int i = 0; i < n; i++) {
            const hp_fq_read_t *l = ltr_side(b, a->ltr_read, i);
            const hp_fq_read_t *k = linker_side(b, a->ltr_read, i);
            hp_trim_pair(&r->t, l->seq, l->len, k ? k->seq : NULL, k ? k->len : 0, b->r1[i].name,
                         &r->res[i]);
        }
        if (add_umi_reads(r, a, n) < 0) return -1;
        for (int i = 0; i < n; i++)
            if (take_pair(r, a, i) < 0) return -1;
        r->n_pairs += n;
    }
    if (n < 0) {
        hp_error("%s", hp_fq_reader_error(r->rd));
        return -1;
    }
    if (r->useq && kseq_read(r->useq) >= 0) {
        hp_error("%s: more records than the reads", a->umi_read);
        return -1;
    }
    if (r->n_pairs == 0) {
        hp_error("%s: no FASTQ records", strcmp(a->fn1, "-") ? a->fn1 : "stdin");
        return -1;
    }
    return 0;
}

/* One attrition row: step, count, percent of the input. */
static void put_step(FILE *fp, const char *step, int64_t n, int64_t of)
{
    fprintf(fp, "%s\t%" PRId64 "\t%.2f\n", step, n, 100.0 * n / of);
}

/* PREFIX.trim.tsv (attrition) and, with --flanks, PREFIX.sites.tsv. Returns 0, or -1 after
 * logging. */
static int write_tables(trim_run_t *r, const trim_args_t *a)
{
    static const hp_trim_status_t order[] = {HP_TRIM_NO_LTR, HP_TRIM_RUN_ON, HP_TRIM_SHORT,
                                             HP_TRIM_KEPT};
    FILE *fp = r->ftsv;
    int64_t of = r->n_pairs;
    fprintf(fp, "step\t%s\tpercent\n", a->n_in == 2 ? "pairs" : "reads");
    fprintf(fp, "input\t%" PRId64 "\t100.00\n", of);
    for (int i = 0; i < 4; i++)
        put_step(fp, hp_trim_status_name(order[i]), r->count[order[i]], of);
    put_step(fp, "kept_read_through_cut", r->n_rt, of);
    put_step(fp, "kept_ltr_end_with_edits", r->n_edit, of);
    if (!r->fsites) return 0;
    const hp_flanks_t *fl = &r->fl;
    if (hp_flanks_cluster(&r->fl, a->flank_mm) < 0) {
        hp_error("out of memory");
        return -1;
    }
    put_step(fp, "too_short_to_flank_sites", r->n_short_flank, of);
    put_step(fp, "partial_flanks_placed", fl->n_part_placed, of);
    int64_t tot = 0;
    for (int i = 0; i < fl->n_site; i++)
        tot += fl->site[i].fragments;
    fprintf(r->fsites, "flank\treads\tumis\tshear_umis\tfragments\tproportion\n");
    for (int i = 0; i < fl->n_site; i++)
        fprintf(r->fsites, "%s\t%" PRId64 "\t%" PRId64 "\t%" PRId64 "\t%" PRId64 "\t%.4f\n",
                fl->site[i].flank, fl->site[i].reads, fl->site[i].umis, fl->site[i].shear_sites,
                fl->site[i].fragments, tot ? (double)fl->site[i].fragments / tot : 0.0);
    return 0;
}

/* Close the reader, then every output, and rename them all into place. Returns 0, or -1
 * after logging. */
static int finish_files(trim_run_t *r, const trim_args_t *a)
{
    int close_failed = hp_fq_reader_close(r->rd) < 0;
    r->rd = NULL;
    if (close_failed) {
        hp_error("%s: read error on close", a->fn1);
        return -1;
    }
    for (int i = 0; i < a->n_in; i++)
        if (out_close(&r->out[i]) < 0) {
            hp_error("%s: write failed: %s", a->prefix, strerror(errno));
            return -1;
        }
    if (hp_outset_commit_all(&r->outs) < 0) {
        hp_error("%s: write failed: %s", a->prefix, strerror(errno));
        return -1;
    }
    for (int i = 0; i < a->n_in; i++)
        if (out_finish(&r->out[i], 1) < 0) {
            hp_error("%s: cannot rename into place: %s", a->prefix, strerror(errno));
            return -1;
        }
    return 0;
}

/* Free what the run holds; a failed run (ok 0) leaves no output. */
static void run_destroy(trim_run_t *r, int ok)
{
    if (!ok) hp_outset_abort_all(&r->outs);
    for (int i = 0; i < 2; i++)
        out_finish(&r->out[i], 0);
    (void)hp_fq_reader_close(r->rd);
    if (r->useq) kseq_destroy(r->useq);
    if (r->ugz) gzclose(r->ugz);
    hp_fq_batch_destroy(&r->b);
    free(r->res);
    free(r->ks.s), free(r->vseq.s);
    hp_flanks_destroy(&r->fl);
    hp_trim_destroy(&r->t);
}

int cmd_trim(int argc, char **argv)
{
    trim_args_t a;
    int ret = parse_args(&a, argc, argv);
    if (ret != HP_CLI_NEXT) return ret;
    if (claim_prefix(&a) < 0) return HP_EXIT_DATA;
    trim_run_t *r = calloc(1, sizeof *r);
    if (!r || hp_trim_init(&r->t) < 0) {
        hp_error("out of memory");
        if (r) hp_trim_destroy(&r->t);
        free(r);
        return HP_EXIT_DATA;
    }
    hp_flanks_init(&r->fl, a.flank_len, 12);
    hp_fq_batch_init(&r->b);
    ret = HP_EXIT_DATA;
    int e = setup_trimmer(r, &a);
    if (e != HP_CLI_NEXT) {
        ret = e;
        goto done;
    }
    if (open_files(r, &a) < 0 || trim_reads(r, &a) < 0 || write_tables(r, &a) < 0 ||
        finish_files(r, &a) < 0)
        goto done;
    hp_info("%" PRId64 " %s: %" PRId64 " kept, %" PRId64 " no LTR end, %" PRId64
            " run on into the provirus, %" PRId64 " too short",
            r->n_pairs, a.n_in == 2 ? "pairs" : "reads", r->count[HP_TRIM_KEPT],
            r->count[HP_TRIM_NO_LTR], r->count[HP_TRIM_RUN_ON], r->count[HP_TRIM_SHORT]);
    ret = HP_EXIT_OK;
done:
    run_destroy(r, ret == HP_EXIT_OK);
    free(r);
    return ret;
}
