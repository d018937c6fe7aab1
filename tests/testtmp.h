/*
 * testtmp.h - the temporary files of a test program: one directory per
 * run, made before the tests fork and removed, with every file left in it,
 * by the parent afterwards (a failed test's child exits without running its
 * teardown, and its files must not stay behind).
 *
 *   int main(void) { return testtmp_main(my_suite()); }
 */
#ifndef TITRAD_TESTTMP_H
#define TITRAD_TESTTMP_H

#include <stddef.h>

#include <check.h>

/* Make the run directory under $TMPDIR (or /tmp); without it files go there directly. */
void testtmp_init(void);
/* Remove the run directory and the files testtmp_file made in it. */
void testtmp_cleanup(void);
/* testtmp_init, run s (CK_ENV), testtmp_cleanup; EXIT_SUCCESS when no test failed. */
int testtmp_main(Suite *s);

/* A new empty file in the run directory, its path to out[cap]; ck_asserts. */
void testtmp_file(char *out, size_t cap);
/* Remove a database file and its -wal and -shm. */
void testtmp_remove_db(const char *path);

#endif
