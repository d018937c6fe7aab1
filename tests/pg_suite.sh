#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# tests/pg_suite.sh - the suites again, on PostgreSQL.
#
# Run from the top of a built tree (after `make check TESTS=` built the test
# programs).  Inside one throwaway cluster (tests/pg_cluster.sh run), with
# TITRAD_TEST_PG set so that every test database is a fresh PostgreSQL
# database (tests/testtmp.c, tt_db_uri), it runs:
#   check_db and every HTTP Check suite (check_http, check_authz, check_cds,
#   check_limits, check_hardening, check_checkins, check_console,
#   check_clinical_data, check_ehr_jwt, check_cache, check_group);
#   the hostile list (tests/hostile/run.py --db URI) and the crash test
#   (tests/crash.sh --db URI), each on a database of its own.
# A suite passes only when it exits 0 AND the cluster's log shows that it
# created at least one database (a suite that quietly fell back to SQLite
# fails).  Tests that look at SQLite files themselves say "SQLite-only: ..."
# on PostgreSQL; they are listed at the end as SQLite-only, not as passes.
# The cluster is removed on every way out; the status is 0 only when every
# suite passed.  Logs: tests/pg-NAME.log.
#
#   tests/pg_suite.sh [SUITE...]       (default: all of the above)
#
# Environment as in make check: top_srcdir (default .), TITRAD, PYTHON3.
set -u

here=$(cd "$(dirname "$0")" && pwd)
me=pg_suite.sh

if [ -z "${TITRAD_TEST_PG:-}" ]; then
	exec sh "$here/pg_cluster.sh" run sh "$here/pg_suite.sh" "$@"
fi

top_srcdir=${top_srcdir:-.}
TITRAD=${TITRAD:-$(pwd)/src/titrad}
PYTHON3=${PYTHON3:-python3}
CK_VERBOSITY=${CK_VERBOSITY:-normal}
CK_DEFAULT_TIMEOUT=${CK_DEFAULT_TIMEOUT:-120}
# Every statement is a round trip to the server here (in-process for SQLite):
# the suites' own timeouts get the same multiplier as under the sanitizers.
CK_TIMEOUT_MULTIPLIER=${CK_TIMEOUT_MULTIPLIER:-4}
export top_srcdir TITRAD PYTHON3 CK_VERBOSITY CK_DEFAULT_TIMEOUT CK_TIMEOUT_MULTIPLIER

CHECK_SUITES="check_db check_http check_authz check_cds check_limits check_hardening check_checkins
	check_console check_clinical_data check_ehr_jwt check_cache check_group"
suites=${*:-$CHECK_SUITES hostile crash}
serverlog=$TITRAD_TEST_PG_DIR/server.log

created() {
	n=$(grep -c 'statement: CREATE DATABASE' "$serverlog" 2>/dev/null)
	echo "${n:-0}"
}

# newdb NAME: a fresh database for the script tests; its URI on stdout.
newdb() {
	psql -X -q -v ON_ERROR_STOP=1 -d "$TITRAD_TEST_PG" -c "CREATE DATABASE $1" >&2 || return 1
	printf '%s\n' "$TITRAD_TEST_PG" | sed "s|^\(postgresql://[^/?]*\)/[^?]*|\1/$1|"
}

passed="" failed="" sqlite_only=""
for s in $suites; do
	logf=tests/pg-$s.log
	before=$(created)
	case $s in
	hostile)
		uri=$(newdb titrad_hostile_$$) && "$PYTHON3" "$here/hostile/run.py" --db "$uri" >"$logf" 2>&1 ;;
	crash)
		uri=$(newdb titrad_crash_$$) && sh "$here/crash.sh" --db "$uri" >"$logf" 2>&1 ;;
	check_*)
		if [ -x "tests/$s" ]; then
			"tests/$s" >"$logf" 2>&1
		else
			echo "$me: tests/$s not built (make check TESTS=)" >"$logf"
			false
		fi ;;
	*)
		echo "$me: unknown suite $s" >"$logf"
		false ;;
	esac
	rc=$?
	after=$(created)
	summary=$(grep -h -e '^[0-9]*%: Checks:' -e '^[0-9][0-9]* passed, [0-9][0-9]* failed$' "$logf" | tail -n 1)
	only=$(sed -n 's/.*SQLite-only: //p' "$logf" | sort -u)
	if [ -n "$only" ]; then
		sqlite_only="$sqlite_only$(printf '%s\n' "$only" | sed "s/^/  $s: /")
"
	fi
	if [ "$rc" -ne 0 ]; then
		echo "$me: FAIL $s (exit $rc): ${summary:-no summary}; last lines of $logf:"
		tail -n 15 "$logf" | sed 's/^/  /'
		failed="$failed $s"
	elif [ "$after" -le "$before" ]; then
		echo "$me: FAIL $s: it passed but created no PostgreSQL database (did it run on SQLite?)"
		failed="$failed $s"
	else
		echo "$me: ok   $s on PostgreSQL ($((after - before)) databases): $summary"
		passed="$passed $s"
	fi
done

if [ -n "$sqlite_only" ]; then
	echo "$me: SQLite-only (they inspect SQLite files; run by make check on SQLite, not here):"
	printf '%s' "$sqlite_only"
fi
echo "$me: on PostgreSQL: passed:${passed:- none}; failed:${failed:- none}"
[ -z "$failed" ]
