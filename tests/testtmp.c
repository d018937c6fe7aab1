/* testtmp.c - temporary files of a test program (see testtmp.h). */
#include "testtmp.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FILE_PREFIX "titrad-test-"

static char run_dir[PATH_MAX];

void
testtmp_init(void)
{
	const char *tmp = getenv("TMPDIR");

	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	snprintf(run_dir, sizeof run_dir, "%s/titrad-check-XXXXXX", tmp);
	if (mkdtemp(run_dir) == NULL)
		run_dir[0] = '\0';
}

void
testtmp_cleanup(void)
{
	DIR *d;
	struct dirent *e;
	char p[PATH_MAX + 300];

	if (run_dir[0] == '\0' || (d = opendir(run_dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, FILE_PREFIX, strlen(FILE_PREFIX)) != 0)
			continue;
		snprintf(p, sizeof p, "%s/%s", run_dir, e->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(run_dir);
	run_dir[0] = '\0';
}

int
testtmp_main(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	testtmp_init();
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	testtmp_cleanup();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

void
testtmp_file(char *out, size_t cap)
{
	const char *dir = run_dir[0] ? run_dir : getenv("TMPDIR");
	int fd, n;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	n = snprintf(out, cap, "%s/" FILE_PREFIX "XXXXXX", dir);
	ck_assert_msg(n > 0 && (size_t)n < cap, "temporary directory path too long");
	fd = mkstemp(out);
	ck_assert_msg(fd >= 0, "mkstemp %s failed", out);
	close(fd);
}

void
testtmp_remove_db(const char *path)
{
	char p[PATH_MAX + 8];

	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
}
