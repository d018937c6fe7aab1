/* SPDX-License-Identifier: Apache-2.0 */
/*
 * log.h - logging to stderr, one line per message, with a UTC timestamp;
 * under systemd's journal (log_detect_journal) with an sd-daemon(3)
 * priority prefix ("<3>" error ... "<7>" debug) and no timestamp instead.
 * Fatal exits belong to start-up only; at run time we warn and go on.
 */
#ifndef TITRAD_LOG_H
#define TITRAD_LOG_H

#include <stdbool.h>

enum log_level { LOG_LVL_ERROR, LOG_LVL_WARN, LOG_LVL_INFO, LOG_LVL_DEBUG };

void log_set_level(enum log_level lvl);
bool log_parse_level(const char *s, enum log_level *out);
/* Journal format from now on when JOURNAL_STREAM names our stderr; true then. */
bool log_detect_journal(void);
void log_msg(enum log_level lvl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_error(...) log_msg(LOG_LVL_ERROR, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_LVL_WARN, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_LVL_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_LVL_DEBUG, __VA_ARGS__)

#endif
