/* replay_main.c -- a main() for the harnesses without libFuzzer (gcc, ASan+UBSan): runs each
 * file named on the command line (or each file of a named folder) through
 * LLVMFuzzerTestOneInput once. Exit 0 when all ran; a sanitizer report aborts. */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        fprintf(stderr, "replay: %s: cannot open\n", path);
        return -1;
    }
    size_t n = 0, m = 1 << 16;
    uint8_t *buf = malloc(m);
    size_t r;
    while (buf && (r = fread(buf + n, 1, m - n, fp)) > 0) {
        n += r;
        if (n == m) {
            uint8_t *p = realloc(buf, m *= 2);
            if (!p) free(buf);
            buf = p;
        }
    }
    fclose(fp);
    if (!buf) return -1;
    LLVMFuzzerTestOneInput(buf, n);
    free(buf);
    return 0;
}

int main(int argc, char **argv)
{
    int n = 0, bad = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        char *abs = realpath(argv[i], NULL); /* the harness works in a folder of its own */
        if (!abs || stat(abs, &st) != 0) {
            fprintf(stderr, "replay: %s: no such file\n", argv[i]);
            bad = 1;
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            bad |= run_file(abs) != 0, n++;
            free(abs);
            continue;
        }
        DIR *d = opendir(abs);
        struct dirent *e;
        while (d && (e = readdir(d))) {
            if (e->d_name[0] == '.') continue;
            char p[4096];
            snprintf(p, sizeof p, "%s/%s", abs, e->d_name);
            bad |= run_file(p) != 0, n++;
        }
        if (d) closedir(d);
        free(abs);
    }
    printf("replayed %d inputs\n", n);
    return bad;
}
