/* testkb.c - the knowledge-base fixture (see testkb.h). */
#include "testkb.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "base/log.h"
#include "base/util.h"

#define FILE_PREFIX "titrad-kbtest-"

static char run_dir[PATH_MAX];

void
testkb_global_init(void)
{
	const char *tmp = getenv("TMPDIR");

	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	snprintf(run_dir, sizeof run_dir, "%s/titrad-check-kb-XXXXXX", tmp);
	if (mkdtemp(run_dir) == NULL)
		run_dir[0] = '\0';
}

void
testkb_global_cleanup(void)
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

void
testkb_open(struct testkb *t, unsigned what)
{
	const char *dir = run_dir[0] ? run_dir : getenv("TMPDIR");
	char err[512];
	int fd, n;

	memset(t, 0, sizeof *t);
	log_set_level(LOG_LVL_ERROR);
	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	n = snprintf(t->path, sizeof t->path, "%s/" FILE_PREFIX "XXXXXX", dir);
	ck_assert_msg(n > 0 && (size_t)n < sizeof t->path, "temporary directory path too long");
	fd = mkstemp(t->path);
	ck_assert_msg(fd >= 0, "mkstemp %s", t->path);
	close(fd);
	/* sqlite3 treats an empty file as a new database. */
	if (what == 0)
		return;
	ck_assert_msg(store_open(t->path, true, &t->store, err, sizeof err) == STORE_OK,
	    "store_open: %s", err);
	if (what & TESTKB_FORMULARY) {
		t->formulary = fm_new();
		ck_assert_ptr_nonnull(t->formulary);
		ck_assert_int_eq(store_load_formulary(t->store, t->formulary), STORE_OK);
	}
	if (what & TESTKB_RULES) {
		ck_assert_int_eq(store_load_kb(t->store, &t->kb), STORE_OK);
		ck_assert_int_eq(store_renal_bands(t->store, t->bands, ARRAY_LEN(t->bands), &t->nbands),
		    STORE_OK);
		/* A full array may mean bands were left out: the cap is the schema's limit. */
		ck_assert_uint_lt(t->nbands, ARRAY_LEN(t->bands));
		ck_assert_uint_gt(t->nbands, 0);
	}
}

void
testkb_close(struct testkb *t)
{
	char p[PATH_MAX + 8];

	ia_free(t->kb);
	t->kb = NULL;
	fm_free(t->formulary);
	t->formulary = NULL;
	store_close(t->store);
	t->store = NULL;
	if (t->path[0] == '\0')
		return;
	unlink(t->path);
	snprintf(p, sizeof p, "%s-wal", t->path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", t->path);
	unlink(p);
	t->path[0] = '\0';
}
