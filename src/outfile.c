/* outfile.c -- write-to-temporary-then-rename outputs. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "htlvpvl/outfile.h"

struct hp_outfile_t {
    FILE *fp;
    char *path, *tmp;  /* tmp == NULL: writing to stdout */
};

static int is_stdout(const char *path)
{
    return strcmp(path, "-") == 0 || strcmp(path, "/dev/stdout") == 0;
}

/* the inputs of this run, by device and inode (any name of one file matches) */
static struct {
    dev_t dev;
    ino_t ino;
} *inputs;
static int n_inputs, m_inputs;

int hp_outfile_add_input(const char *path)
{
    struct stat st;
    if (!path || strcmp(path, "-") == 0 || stat(path, &st) != 0 || !S_ISREG(st.st_mode)) return 0;
    if (n_inputs == m_inputs) {
        int m = m_inputs ? 2 * m_inputs : 8;
        void *p = realloc(inputs, (size_t)m * sizeof *inputs);
        if (!p) return -1;
        inputs = p, m_inputs = m;
    }
    inputs[n_inputs].dev = st.st_dev, inputs[n_inputs].ino = st.st_ino;
    n_inputs++;
    return 0;
}

void hp_outfile_forget_inputs(void)
{
    free(inputs);
    inputs = NULL, n_inputs = m_inputs = 0;
}

static int is_input(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) return 0;
    for (int i = 0; i < n_inputs; i++)
        if (inputs[i].dev == st.st_dev && inputs[i].ino == st.st_ino) return 1;
    return 0;
}

const char *hp_outfile_strerror(int e)
{
    if (e == HP_EOUT_INPUT) return "is an input of this run (not overwritten)";
    if (e == HP_EOUT_LOCKED) return "another run is writing this output (its .lock file exists)";
    return strerror(e);
}

static char *lock_path;

void hp_outfile_unlock(void)
{
    if (!lock_path) return;
    unlink(lock_path);
    free(lock_path);
    lock_path = NULL;
}

/* A lock left by a run that died on this host (its pid is gone) is taken over. */
static int lock_is_stale(const char *path)
{
    char buf[64] = {0}, host[64] = {0};
    FILE *fp = fopen(path, "r");
    if (!fp) return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    char *sp = strchr(buf, ' ');
    long pid = strtol(buf, NULL, 10);
    if (!sp || pid <= 0 || gethostname(host, sizeof host - 1) != 0) return 0;
    sp[strcspn(sp, "\n")] = '\0';
    return strcmp(sp + 1, host) == 0 && kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

int hp_outfile_lock(const char *name)
{
    if (lock_path || is_stdout(name)) return 0;
    size_t n = strlen(name) + 8;
    char *p = malloc(n);
    if (!p) return -1;
    size_t l = strlen(name);
    while (l > 1 && name[l - 1] == '/') l--; /* a directory: DIR.lock beside it */
    snprintf(p, n, "%.*s.lock", (int)l, name);
    for (int tries = 0; tries < 2; tries++) {
        int fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0644);
        if (fd >= 0) {
            char host[64] = {0}, buf[128];
            gethostname(host, sizeof host - 1);
            int len = snprintf(buf, sizeof buf, "%ld %s\n", (long)getpid(), host);
            int bad = write(fd, buf, (size_t)len) != len;
            if (close(fd) != 0 || bad) {
                int e = errno ? errno : EIO;
                unlink(p), free(p);
                errno = e;
                return -1;
            }
            lock_path = p;
            atexit(hp_outfile_unlock);
            return 0;
        }
        if (errno != EEXIST || tries > 0 || !lock_is_stale(p)) break;
        unlink(p);
    }
    int e = errno == EEXIST ? HP_EOUT_LOCKED : errno;
    free(p);
    errno = e;
    return -1;
}

hp_outfile_t *hp_outfile_open(const char *path)
{
    hp_outfile_t *of = calloc(1, sizeof *of);
    if (!of) return NULL;
    of->path = strdup(path);
    if (!of->path) goto fail;
    if (is_stdout(path)) {
        of->fp = stdout;
        return of;
    }
    if (is_input(path)) {
        errno = HP_EOUT_INPUT;
        goto fail;
    }
    size_t n = strlen(path) + 32;
    of->tmp = malloc(n);
    if (!of->tmp) goto fail;
    snprintf(of->tmp, n, "%s.tmp.%ld", path, (long)getpid());
    of->fp = fopen(of->tmp, "w");
    if (!of->fp) goto fail;
    return of;
fail: {
    int e = errno;
    free(of->path);
    free(of->tmp);
    free(of);
    errno = e;
    return NULL;
}
}

FILE *hp_outfile_fp(hp_outfile_t *of) { return of->fp; }
const char *hp_outfile_path(const hp_outfile_t *of) { return of->path; }
const char *hp_outfile_tmp_path(const hp_outfile_t *of) { return of->tmp ? of->tmp : of->path; }

static void outfile_free(hp_outfile_t *of)
{
    free(of->path);
    free(of->tmp);
    free(of);
}

int hp_outfile_commit(hp_outfile_t *of)
{
    int ret = 0, e = 0;
    if (!of->tmp) {
        if (fflush(of->fp) != 0 || ferror(of->fp)) ret = -1, e = errno ? errno : EIO;
    } else {
        int bad = ferror(of->fp);
        if (fclose(of->fp) != 0 || bad) {
            ret = -1, e = errno ? errno : EIO;
            unlink(of->tmp);
        } else if (rename(of->tmp, of->path) != 0) {
            ret = -1, e = errno;
            unlink(of->tmp);
        }
    }
    outfile_free(of);
    if (ret) errno = e;
    return ret;
}

void hp_outfile_abort(hp_outfile_t *of)
{
    if (!of) return;
    if (of->tmp) {
        fclose(of->fp);
        unlink(of->tmp);
    }
    outfile_free(of);
}

hp_outfile_t *hp_outset_add(hp_outset_t *set, const char *path)
{
    if (set->n == set->m) {
        int m = set->m ? 2 * set->m : 8;
        hp_outfile_t **p = realloc(set->of, (size_t)m * sizeof *p);
        if (!p) return NULL;
        set->of = p, set->m = m;
    }
    hp_outfile_t *of = hp_outfile_open(path);
    if (!of) return NULL;
    set->of[set->n++] = of;
    return of;
}

FILE *hp_outset_open(hp_outset_t *set, const char *path)
{
    hp_outfile_t *of = hp_outset_add(set, path);
    return of ? of->fp : NULL;
}

int hp_outset_commit_all(hp_outset_t *set)
{
    /* First close and check every temporary, then rename: a failure removes them all. */
    int ok = 1, e = 0;
    for (int i = 0; i < set->n && ok; i++) {
        hp_outfile_t *of = set->of[i];
        if (fflush(of->fp) != 0 || ferror(of->fp)) ok = 0, e = errno ? errno : EIO;
    }
    if (!ok) {
        hp_outset_abort_all(set);
        errno = e;
        return -1;
    }
    int ret = 0;
    for (int i = 0; i < set->n; i++)
        if (hp_outfile_commit(set->of[i]) != 0 && ret == 0) ret = -1, e = errno;
    free(set->of);
    set->of = NULL, set->n = set->m = 0;
    if (ret) errno = e;
    return ret;
}

void hp_outset_abort_all(hp_outset_t *set)
{
    for (int i = 0; i < set->n; i++) hp_outfile_abort(set->of[i]);
    free(set->of);
    set->of = NULL, set->n = set->m = 0;
}
