/* SPDX-License-Identifier: Apache-2.0 */
/* log.c - stderr logging; a single fprintf per line keeps threads' lines whole. */
#include "base/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>


static enum log_level current = LOG_LVL_INFO;
static bool journal;
static const char *const names[] = { "error", "warn", "info", "debug" };
/* sd-daemon(3) priorities: LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG. */
static const int priorities[] = { 3, 4, 6, 7 };

void
log_set_level(enum log_level lvl)
{
	current = lvl;
}

bool
log_parse_level(const char *s, enum log_level *out)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum log_level)i;
			return true;
		}
	return false;
}

/*
 * systemd sets JOURNAL_STREAM to "device:inode" of the stream it connected
 * stderr to; only when stderr still is that stream (not redirected by a
 * wrapper) do we write for the journal.
 */
bool
log_detect_journal(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;
	char tail;

	journal = false;
	if (js != NULL && sscanf(js, "%llu:%llu%c", &dev, &ino, &tail) == 2 &&
	    fstat(fileno(stderr), &st) == 0 &&
	    (unsigned long long)st.st_dev == dev && (unsigned long long)st.st_ino == ino)
		journal = true;
	return journal;
}

void
log_msg(enum log_level lvl, const char *fmt, ...)
{
	char stamp[32], line[1024];
	struct tm tm;
	time_t now = time(NULL);
	va_list ap;

	if (lvl > current)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (journal) {
		/* The journal stamps each line itself and filters on the <N> prefix. */
		fprintf(stderr, "<%d>titrad[%s]: %s\n", priorities[lvl], names[lvl], line);
		return;
	}
	/* RFC 3339 in UTC, as dt_format_stamp writes it; base code may not use the engine. */
	if (gmtime_r(&now, &tm) == NULL || strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		stamp[0] = '\0';
	fprintf(stderr, "%s titrad[%s]: %s\n", stamp, names[lvl], line);
}
