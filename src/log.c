/* log.c -- stderr logger. */
#include <stdarg.h>
#include <stdio.h>
#include "htlvpvl/log.h"

static const char *cmd_name;
static int log_level = HP_LOG_INFO;

void hp_log_set_command(const char *name) { cmd_name = name; }
void hp_log_set_level(int level) { log_level = level; }
int hp_log_level(void) { return log_level; }

static void vlog(int level, const char *tag, const char *fmt, va_list ap)
{
    if (level > log_level) return;
    char buf[2048];
    vsnprintf(buf, sizeof buf, fmt, ap);
    if (cmd_name)
        fprintf(stderr, "htlvpvl %s: %s%s\n", cmd_name, tag, buf);
    else
        fprintf(stderr, "htlvpvl: %s%s\n", tag, buf);
}

#define DEFINE_LOG(fn, level, tag)                                                               \
    void fn(const char *fmt, ...)                                                                \
    {                                                                                            \
        va_list ap;                                                                              \
        va_start(ap, fmt);                                                                       \
        vlog(level, tag, fmt, ap);                                                               \
        va_end(ap);                                                                              \
    }
DEFINE_LOG(hp_error, HP_LOG_ERROR, "")
DEFINE_LOG(hp_warn, HP_LOG_WARN, "warning: ")
DEFINE_LOG(hp_info, HP_LOG_INFO, "")
DEFINE_LOG(hp_debug, HP_LOG_DEBUG, "debug: ")
