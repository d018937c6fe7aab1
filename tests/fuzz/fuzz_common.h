/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_common.h - helpers shared by the libFuzzer harnesses in tests/fuzz/.
 *
 * CHECK() is the harness's assertion: on failure it prints the property and
 * aborts, which libFuzzer reports as a crash and saves the input.
 */
#ifndef TITRAD_FUZZ_COMMON_H
#define TITRAD_FUZZ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define CHECK(cond, ...) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: property failed: %s\n  ", __FILE__, __LINE__, #cond); \
		fprintf(stderr, __VA_ARGS__); \
		fputc('\n', stderr); \
		abort(); \
	} \
} while (0)

/* A cursor over the fuzzer's bytes; reads past the end give zeros. */
struct fz {
	const uint8_t *p;
	size_t n;
};

static inline uint8_t
fz_u8(struct fz *f)
{
	if (f->n == 0)
		return 0;
	f->n--;
	return *f->p++;
}

static inline uint16_t
fz_u16(struct fz *f)
{
	uint16_t v = fz_u8(f);
	return (uint16_t)(v << 8 | fz_u8(f));
}

static inline uint32_t
fz_u32(struct fz *f)
{
	uint32_t v = fz_u16(f);
	return v << 16 | fz_u16(f);
}

static inline uint64_t
fz_u64(struct fz *f)
{
	uint64_t v = fz_u32(f);
	return v << 32 | fz_u32(f);
}

/* A value in [lo, hi] (lo <= hi, span below 2^32). */
static inline int64_t
fz_range(struct fz *f, int64_t lo, int64_t hi)
{
	uint64_t span = (uint64_t)(hi - lo) + 1;
	uint64_t v = span <= 0x100 ? fz_u8(f) : span <= 0x10000 ? fz_u16(f) : fz_u32(f);
	return lo + (int64_t)(v % span);
}

/*
 * Well-formed UTF-8 (shortest form, no surrogates, <= U+10FFFF); controls
 * are not this function's business.  Written independently of util.c so it
 * can serve as a reference.
 */
static inline bool
fz_utf8_ok(const uint8_t *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint8_t c = s[i];
		size_t len;
		uint32_t cp, min;
		if (c < 0x80) { i++; continue; }
		if ((c & 0xe0) == 0xc0) { len = 2; cp = c & 0x1f; min = 0x80; }
		else if ((c & 0xf0) == 0xe0) { len = 3; cp = c & 0x0f; min = 0x800; }
		else if ((c & 0xf8) == 0xf0) { len = 4; cp = c & 0x07; min = 0x10000; }
		else return false;
		if (n - i < len)
			return false;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += len;
	}
	return true;
}

/* Length of the well-formed UTF-8 sequence at s[0..n), 0 if none. */
static inline size_t
fz_utf8_seq(const uint8_t *s, size_t n)
{
	for (size_t len = 1; len <= 4 && len <= n; len++)
		if (fz_utf8_ok(s, len))
			return len;
	return 0;
}

/*
 * A NUL-terminated text of up to max bytes from the cursor: a length byte,
 * then bytes; ill-formed sequences and characters the HTTP layer refuses
 * (util_utf8_text with allow_newline) are dropped.  Caller frees.
 */
static inline char *
fz_text(struct fz *f, size_t max, bool allow_newline)
{
	size_t want = fz_u8(f);
	if (want > 127)     /* long texts now and then: lines must fold */
		want = (want - 127) * 8;
	if (want > max)
		want = max;
	if (want > f->n)
		want = f->n;
	char *out = malloc(want + 1);
	size_t o = 0, i = 0;
	if (out == NULL)
		abort();
	while (i < want) {
		const uint8_t *s = f->p + i;
		size_t len = fz_utf8_seq(s, want - i);
		if (len == 0) { i++; continue; }
		uint8_t c = s[0];
		bool ok = len > 1 || (c >= 0x20 && c != 0x7f) || c == '\t' ||
		    (allow_newline && (c == '\n' || c == '\r'));
		if (ok) {
			memcpy(out + o, s, len);
			o += len;
		}
		i += len;
	}
	out[o] = '\0';
	f->p += want;
	f->n -= want;
	return out;
}

/* The input as a NUL-terminated string (embedded NULs end it early). */
static inline char *
fz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif
