/* fastq.h -- FASTQ reader for `count` (plain, gzip or BGZF; single, paired or interleaved).
 *
 * Files are opened with htslib's bgzf_open ("-" is stdin), which reads uncompressed text, plain
 * gzip (one thread, zlib) and BGZF (blocks decompressed by an htslib thread pool). Records are
 * strict 4-line FASTQ: '@name', sequence, '+[name]', quality of the sequence's length; '\r' line
 * ends are accepted. Mates are checked: same name (up to the first blank, ignoring a trailing
 * /1 or /2) and the same number of records in R1 and R2.
 *
 * A reader is used from one thread at a time (any one thread; the command reads the next batch
 * on a helper thread while the current one is classified).
 */
#ifndef HTLVPVL_FASTQ_H
#define HTLVPVL_FASTQ_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One read: pointers into its batch's storage, NUL-terminated, valid until the next read into
 * the same batch. */
typedef struct {
    const char *name, *seq, *qual; /* name without '@' and without the comment */
    int len;                       /* sequence (= quality) length */
} hp_fq_read_t;

/* Storage of one input file's reads within a batch. */
typedef struct {
    char *buf;
    size_t len, cap;
} hp_fq_store_t;

/* A batch of fragments: n single reads (r2 unused) or n pairs. */
typedef struct {
    int n, m;
    int paired;
    int64_t first; /* 0-based index of fragment 0 in the whole input */
    hp_fq_read_t *r1, *r2;
    hp_fq_store_t store[2]; /* names, sequences, qualities: R1 (and interleaved R2), R2 */
    size_t *off;            /* 3 offsets (name, seq, qual) per read while filling */
    int *len;               /* 2 read lengths per fragment while filling */
} hp_fq_batch_t;

void hp_fq_batch_init(hp_fq_batch_t *b);
void hp_fq_batch_destroy(hp_fq_batch_t *b); /* frees the storage; accepts NULL */

typedef struct hp_fq_reader_t hp_fq_reader_t;

/* Open fn1 (and fn2 for pairs; NULL for single-end). interleaved: fn1 holds R1, R2, R1, R2, ...
 * (fn2 must be NULL). n_threads > 1 gives BGZF input an htslib thread pool of that size, and
 * reads R1 and R2 of a pair of files side by side (one thread each, so plain gzip inflates on
 * two threads) when n_threads > 2. Batches may then differ in size, never in content or order.
 * Returns NULL on failure, with the reason in err ("FILE: why", up to errlen bytes). */
hp_fq_reader_t *hp_fq_reader_open(const char *fn1, const char *fn2, int interleaved, int n_threads,
                                  char *err, size_t errlen);
/* Close the files; returns 0, or -1 when closing reported an error. Accepts NULL. */
int hp_fq_reader_close(hp_fq_reader_t *r);

/* Compression of input i (0 = R1 or the interleaved file, 1 = R2): "bgzf", "gzip" or "none". */
const char *hp_fq_reader_compression(const hp_fq_reader_t *r, int i);
int hp_fq_reader_paired(const hp_fq_reader_t *r);
/* Threads that reading itself takes (2 when R1 and R2 are read side by side, else 1). */
int hp_fq_reader_threads(const hp_fq_reader_t *r);

/* Read up to max_frag fragments, stopping early once about max_bases bases are in the batch.
 * Returns the number of fragments read (0 at the end of the input), or -1 on bad input or a
 * read error (truncated file, broken record, mate mismatch), with the reason in
 * hp_fq_reader_error(): the first problem along the input, whatever the thread count. */
int hp_fq_reader_read(hp_fq_reader_t *r, hp_fq_batch_t *b, int max_frag, int64_t max_bases)
    __attribute__((warn_unused_result));

/* The last error as "FILE: why" (empty when none). */
const char *hp_fq_reader_error(const hp_fq_reader_t *r);

/* Total fragments and reads returned so far. */
int64_t hp_fq_reader_n_fragments(const hp_fq_reader_t *r);

#ifdef __cplusplus
}
#endif
#endif
