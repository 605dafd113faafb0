/* outfile.h -- outputs written to a temporary name and renamed into place on success, so a
 * failed run leaves no half-written result behind. Paths "-" and "/dev/stdout" write to stdout
 * directly. Not thread-safe: open, commit and abort from one thread. */
#ifndef HTLVPVL_OUTFILE_H
#define HTLVPVL_OUTFILE_H

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct hp_outfile_t hp_outfile_t;

/* errno values of hp_outfile_open beyond the system's; hp_outfile_strerror describes them */
enum {
    HP_EOUT_INPUT = 4096, /* the path is an input of this run */
    HP_EOUT_LOCKED        /* NAME.lock exists: another run writes the same outputs */
};

/* One run per output prefix: create NAME.lock (O_EXCL; it holds "pid host"), removed by
 * hp_outfile_unlock or at exit. A lock of a process gone from this host is taken over.
 * Returns 0 (also for "-" and when this process already holds a lock), or -1 with errno
 * HP_EOUT_LOCKED when another run holds it, or a system errno. One lock per process. */
int hp_outfile_lock(const char *name) __attribute__((warn_unused_result));
void hp_outfile_unlock(void);

/* Register PATH as an input of this run: hp_outfile_open then refuses to replace that file
 * under any of its names (same device and inode). "-" and what is not an existing regular
 * file are ignored. Returns 0, or -1 when out of memory. */
int hp_outfile_add_input(const char *path) __attribute__((warn_unused_result));
/* Forget every registered input (a process that runs several commands, e.g. a fuzzer). */
void hp_outfile_forget_inputs(void);
/* strerror(E), or the meaning of an HP_EOUT_* value. */
const char *hp_outfile_strerror(int e);

/* Open PATH for writing as PATH.tmp.<pid>. Returns NULL (errno set) on failure; errno
 * HP_EOUT_INPUT when PATH is a registered input (nothing is created then). */
hp_outfile_t *hp_outfile_open(const char *path);
/* The stream to write to; owned by the hp_outfile_t. */
FILE *hp_outfile_fp(hp_outfile_t *of);
const char *hp_outfile_path(const hp_outfile_t *of);
/* The name being written (PATH.tmp.<pid>; PATH itself for stdout), for a library that writes
 * a file by name (htslib's BGZF and index writers): write either by that name or through
 * hp_outfile_fp, not both. */
const char *hp_outfile_tmp_path(const hp_outfile_t *of);
/* Close, check every write, rename into place; frees of. Returns 0, or -1 (errno set) after
 * removing the temporary file. */
int hp_outfile_commit(hp_outfile_t *of) __attribute__((warn_unused_result));
/* Close and remove the temporary file; frees of. Accepts NULL. */
void hp_outfile_abort(hp_outfile_t *of);

/* A set of outputs that succeed or fail together: commit_all renames all of them only when
 * every one was written without error; abort_all removes every temporary. */
typedef struct {
    hp_outfile_t **of;
    int n, m;
} hp_outset_t;

/* Open one more output of the set; NULL on failure (nothing else is changed). */
FILE *hp_outset_open(hp_outset_t *set, const char *path);
/* The same, returning the output itself (owned by the set), for hp_outfile_tmp_path. */
hp_outfile_t *hp_outset_add(hp_outset_t *set, const char *path);
int hp_outset_commit_all(hp_outset_t *set) __attribute__((warn_unused_result));
void hp_outset_abort_all(hp_outset_t *set);

#ifdef __cplusplus
}
#endif
#endif
