/* log.c - stderr logging; a single fprintf per line keeps threads' lines whole. */
#include "base/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>


static enum log_level current = LOG_LVL_INFO;
static const char *const names[] = { "error", "warn", "info", "debug" };

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

void
log_msg(enum log_level lvl, const char *fmt, ...)
{
	char stamp[32], line[1024];
	struct tm tm;
	time_t now = time(NULL);
	va_list ap;

	if (lvl > current)
		return;
	/* RFC 3339 in UTC, as dt_format_stamp writes it; base code may not use the engine. */
	if (gmtime_r(&now, &tm) == NULL || strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		stamp[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s titrad[%s]: %s\n", stamp, names[lvl], line);
}
