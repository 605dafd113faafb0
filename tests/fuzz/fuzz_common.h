/* fuzz_common.h -- shared by the libFuzzer harnesses: each input is written to a file in a
 * private temporary folder and run through the command's own entry point (cmd_count,
 * cmd_compare, cmd_simulate), so the fuzzer drives exactly the calls a user's run makes:
 * option handling, readers, computation and the output writers. */
#ifndef HTLVPVL_FUZZ_COMMON_H
#define HTLVPVL_FUZZ_COMMON_H

#define _GNU_SOURCE /* nftw */

#include <ftw.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <htslib/hts.h>
#include "htlvpvl/commands.h"
#include "htlvpvl/log.h"
#include "htlvpvl/outfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char fz_dir[256];

static int fz_rm(const char *p, const struct stat *st, int flag, struct FTW *f)
{
    (void)st, (void)flag, (void)f;
    return remove(p);
}

static void fz_cleanup(void)
{
    if (fz_dir[0] && chdir("/") == 0) nftw(fz_dir, fz_rm, 16, FTW_DEPTH | FTW_PHYS);
}

/* the private folder, made on first use (the process works inside it) */
static inline const char *fz_init(void)
{
    if (!fz_dir[0]) {
        const char *t = getenv("TMPDIR");
        snprintf(fz_dir, sizeof fz_dir, "%s/htlvpvl-fuzz.XXXXXX", t && *t ? t : "/tmp");
        if (!mkdtemp(fz_dir) || chdir(fz_dir) != 0) abort();
        atexit(fz_cleanup);
        hts_set_log_level(HTS_LOG_OFF);
    }
    return fz_dir;
}

static inline void fz_write(const char *name, const uint8_t *data, size_t size)
{
    FILE *fp = fopen(name, "wb");
    if (!fp || (size && fwrite(data, 1, size, fp) != size) || fclose(fp) != 0) abort();
}

/* copy a file of the tree (FUZZ_DATA is the folder given at build time) */
static inline void fz_copy(const char *from, const char *to)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", FUZZ_DATA, from);
    FILE *in = fopen(path, "rb"), *out = fopen(to, "wb");
    if (!in || !out) abort();
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n) abort();
    fclose(in);
    if (fclose(out) != 0) abort();
}

/* run one command; the exit code must be one of the three documented ones */
static inline void fz_run(int (*cmd)(int, char **), int argc, char **argv)
{
    optind = 0;
    hp_log_set_level(HP_LOG_ERROR);
    int rc = cmd(argc, argv);
    hp_outfile_forget_inputs();
    if (rc != 0 && rc != 1 && rc != 2) abort();
}

/* -t from FUZZ_THREADS (default 1): a decompression pool on with -t >= 3 */
static inline const char *fz_threads(void)
{
    const char *t = getenv("FUZZ_THREADS");
    return t && *t ? t : "1";
}

#endif
