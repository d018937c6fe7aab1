/* SPDX-License-Identifier: Apache-2.0 */
/* util.c - small helpers shared by every module. */
#include "base/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

bool
util_copy(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);
	if (n >= cap) {
		if (cap > 0)
			dst[0] = '\0';
		return false;
	}
	memcpy(dst, src, n + 1);
	return true;
}

bool
util_grow(void **arr, size_t *cap, size_t need, size_t size, size_t min_cap)
{
	size_t ncap;
	void *p;

	if (*arr != NULL && need <= *cap)
		return true;
	ncap = *cap >= min_cap ? *cap : min_cap;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return false;
		ncap *= 2;
	}
	if (size != 0 && ncap > SIZE_MAX / size)
		return false;
	if ((p = realloc(*arr, ncap * size)) == NULL)
		return false;
	*arr = p;
	*cap = ncap;
	return true;
}

uint64_t
util_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

bool
util_random(void *buf, size_t n)
{
	uint8_t *p = buf;
	while (n > 0) {
		ssize_t r = getrandom(p, n, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		p += r;
		n -= (size_t)r;
	}
	return true;
}

bool
util_parse_id(const char *s, int64_t *out)
{
	int64_t v = 0;
	if (s == NULL || *s < '1' || *s > '9')
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		int d = *s - '0';
		if (v > (INT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

void
util_base64url(const uint8_t *in, size_t n, char *out)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t i = 0, o = 0;
	for (; i + 2 < n; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
		out[o++] = tab[v >> 18 & 63];
		out[o++] = tab[v >> 12 & 63];
		out[o++] = tab[v >> 6 & 63];
		out[o++] = tab[v & 63];
	}
	if (n - i == 1) {
		uint32_t v = (uint32_t)in[i] << 16;
		out[o++] = tab[v >> 18 & 63];
		out[o++] = tab[v >> 12 & 63];
	} else if (n - i == 2) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
		out[o++] = tab[v >> 18 & 63];
		out[o++] = tab[v >> 12 & 63];
		out[o++] = tab[v >> 6 & 63];
	}
	out[o] = '\0';
}

bool
util_ct_equal(const void *a, const void *b, size_t n)
{
	const volatile uint8_t *x = a, *y = b;
	uint8_t d = 0;
	for (size_t i = 0; i < n; i++)
		d |= x[i] ^ y[i];
	return d == 0;
}

bool
util_utf8_text(const char *str, size_t n, bool allow_newline)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		if (c < 0x80) {
			if (c == 0 || c == 0x7f || (c < 0x20 && c != '\t' && !(allow_newline && (c == '\n' || c == '\r'))))
				return false;
			i++;
			continue;
		}
		size_t len;
		uint32_t cp;
		if (c >= 0xc2 && c <= 0xdf) {
			len = 2; cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3; cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4; cp = c & 0x07;
		} else {
			return false;
		}
		if (i + len > n)
			return false;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += len;
	}
	return true;
}

bool
util_read_file(const char *path, size_t max, char **out, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;
	if (f == NULL) {
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
		return false;
	}
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || (size_t)n > max ||
	    fseek(f, 0, SEEK_SET) != 0 || (buf = malloc((size_t)n + 1)) == NULL ||
	    fread(buf, 1, (size_t)n, f) != (size_t)n) {
		snprintf(err, errlen, "cannot read %s (or over %zu bytes)", path, max);
		free(buf);
		fclose(f);
		return false;
	}
	buf[n] = '\0';
	fclose(f);
	*out = buf;
	return true;
}

void
util_redact_uri(const char *in, char *out, size_t cap)
{
	const char *scheme = strstr(in, "://");
	size_t o = 0;
	if (cap == 0)
		return;
	for (const char *p = in; *p && o + 1 < cap; ) {
		/* user:password@ in the authority: keep "user:", hide up to the last '@' of the authority */
		if (scheme != NULL && p == scheme + 3) {
			const char *end = p + strcspn(p, "/?#"), *at = NULL, *colon = NULL;
			for (const char *q = p; q < end; q++)
				if (*q == '@')
					at = q;
			for (const char *q = p; at != NULL && q < at; q++)
				if (*q == ':') {
					colon = q;
					break;
				}
			if (colon != NULL) {
				while (p <= colon && o + 1 < cap)
					out[o++] = *p++;
				for (const char *m = "****"; *m && o + 1 < cap; m++)
					out[o++] = *m;
				p = at;
				continue;
			}
		}
		if ((p == in || p[-1] == '?' || p[-1] == '&' || p[-1] == ' ') && strncmp(p, "password=", 9) == 0) {
			for (const char *m = "password=****"; *m && o + 1 < cap; m++)
				out[o++] = *m;
			p += 9 + strcspn(p + 9, "& ");
			continue;
		}
		out[o++] = *p++;
	}
	out[o] = '\0';
}
