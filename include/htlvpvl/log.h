/* log.h -- the one way the core and the commands talk to the user (stderr).
 * Messages read "htlvpvl <command>: <message>". Not thread-safe for hp_log_set_*; the print
 * functions may be called from any thread (one fprintf each). */
#ifndef HTLVPVL_LOG_H
#define HTLVPVL_LOG_H

#ifdef __cplusplus
extern "C" {
#endif

enum { HP_LOG_QUIET = 0, HP_LOG_ERROR = 1, HP_LOG_WARN = 2, HP_LOG_INFO = 3, HP_LOG_DEBUG = 4 };

void hp_log_set_command(const char *name);  /* "count", "simulate", ...; NULL for none */
void hp_log_set_level(int level);           /* default HP_LOG_INFO */
int hp_log_level(void);

void hp_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void hp_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void hp_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void hp_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#ifdef __cplusplus
}
#endif
#endif
