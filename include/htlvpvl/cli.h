/* cli.h -- number parsing for command-line options, shared by the commands. */
#ifndef HTLVPVL_CLI_H
#define HTLVPVL_CLI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Parse S (the value of option OPT) as a number in [LO, HI] into *V. Returns 0, or -1 after
 * logging "OPT: 'S' is not a number in [LO, HI]" (*V unchanged). */
int hp_cli_num(const char *opt, const char *s, double lo, double hi, double *v)
    __attribute__((warn_unused_result));
/* The same for a whole number; -1 also (logged) when S has a fraction. */
int hp_cli_whole(const char *opt, const char *s, double lo, double hi, int64_t *v)
    __attribute__((warn_unused_result));

#ifdef __cplusplus
}
#endif
#endif
