/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sha256.h - SHA-256 (FIPS 180-4), for hashing API tokens at rest and for
 * ETags.  Pure and self-contained so the daemon needs no crypto library.
 */
#ifndef TITRAD_SHA256_H
#define TITRAD_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN 32
#define SHA256_HEX_LEN 65

struct sha256 {
	uint32_t h[8];
	uint64_t len;
	uint8_t buf[64];
	size_t fill;
};

void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *data, size_t n);
void sha256_final(struct sha256 *c, uint8_t out[SHA256_LEN]);
/* One-shot, lower-case hex. */
void sha256_hex(const void *data, size_t n, char out[SHA256_HEX_LEN]);

#endif
