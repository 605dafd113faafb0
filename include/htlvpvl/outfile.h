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

/* Open PATH for writing as PATH.tmp.<pid>. Returns NULL (errno set) on failure. */
hp_outfile_t *hp_outfile_open(const char *path);
/* The stream to write to; owned by the hp_outfile_t. */
FILE *hp_outfile_fp(hp_outfile_t *of);
const char *hp_outfile_path(const hp_outfile_t *of);
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
int hp_outset_commit_all(hp_outset_t *set) __attribute__((warn_unused_result));
void hp_outset_abort_all(hp_outset_t *set);

#ifdef __cplusplus
}
#endif
#endif
