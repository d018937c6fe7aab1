/* SPDX-License-Identifier: Apache-2.0 */
/* util.h - small helpers shared by every module. */
#ifndef TITRAD_UTIL_H
#define TITRAD_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Copy with truncation check: false (and dst emptied) if src does not fit. */
bool util_copy(char *dst, size_t cap, const char *src);
/*
 * Make room for `need` elements of `size` bytes in *arr, doubling the
 * capacity from at least min_cap; false (arr untouched) on overflow or
 * allocation failure.  The one growth rule of every buffer in titrad.
 */
bool util_grow(void **arr, size_t *cap, size_t need, size_t size, size_t min_cap);
/* Monotonic clock in microseconds. */
uint64_t util_now_us(void);
/* Fill buf from the kernel's CSPRNG; false on failure. */
bool util_random(void *buf, size_t n);
/* A whole file of at most max bytes, NUL-terminated, malloc'd into *out; false with err set. */
bool util_read_file(const char *path, size_t max, char **out, char *err, size_t errlen);
/* A positive decimal id without sign, spaces or leading zeros; false otherwise. */
bool util_parse_id(const char *s, int64_t *out);
/* RFC 4648 base64url without padding; out needs 4*ceil(n/3)+1 bytes. */
void util_base64url(const uint8_t *in, size_t n, char *out);
/* Constant-time comparison of n bytes. */
bool util_ct_equal(const void *a, const void *b, size_t n);
/* Valid UTF-8 without NUL and without C0 control characters other than tab/newline. */
bool util_utf8_text(const char *s, size_t n, bool allow_newline);
/*
 * A database argument fit to print: a URI's password (user:PASSWORD@, or a
 * password=... parameter) becomes ****; anything else is copied.  Every log
 * line, error and message that names the database goes through this.
 */
void util_redact_uri(const char *in, char *out, size_t cap);

#endif
