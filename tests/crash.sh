#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# tests/crash.sh - durability under kill -9.
#
# Starts src/titrad on a free 127.0.0.1 port with a fresh database, runs
# concurrent writers (tests/crash_load.py load: patients, medications,
# regimens, check-ins, holds, stops, tapers, flag reviews) from a second
# process, and kills the daemon
# with SIGKILL at random moments (0.2-1.5 s apart) CRASHES times, restarting
# it each time.  Then it stops the daemon cleanly and checks with SQLite that
# every write that was answered 2xx is present and whole (a stopped or
# tapering regimen's status and event, a check-in's row), that no record is
# half-written, and that PRAGMA integrity_check is ok.  The writers
# (CRASH_WRITERS, default 16) outnumber the daemon's threads, so writes are
# committed and acknowledged in groups of several per transaction: the
# daemon's last run must say so ("group commit: M writes in N transactions",
# M > N, logged when it stops).
#
#   TITRAD=path/to/titrad  CRASHES=20  CRASH_SEED=n  CRASH_KEEP=1  CRASH_WRITERS=16  tests/crash.sh [--db DB]
#
# --db names the database: a fresh, empty PostgreSQL database by its
# postgresql:// URI (the checks then run through psql; SQLite's PRAGMA
# checks are SQLite-only), or a SQLite file; the default is a new SQLite
# file in the temporary directory.
# CRASH_KEEP=1 keeps the database, the log of acknowledged writes and the
# daemon's log (they are always kept when the test fails).
#
# Exit 0 pass, 1 fail, 77 skip (no python3), 99 hard error.
set -u

db=""
case ${1:-} in
--db) db=${2:?crash.sh: --db needs a database}; shift 2 ;;
esac
[ $# -eq 0 ] || { echo "usage: crash.sh [--db DB]"; exit 99; }

# PYTHON3 comes from configure (AC_PATH_PROG) through the test environment.
py=${PYTHON3:-python3}
if [ "$py" = no ] || ! command -v "$py" >/dev/null 2>&1; then
	echo "crash.sh: python3 not found; skipping"
	exit 77
fi

here=$(cd "$(dirname "$0")" && pwd)
load="$here/crash_load.py"
crashes_wanted=${CRASHES:-20}
seed=${CRASH_SEED:-$$}

titrad=${TITRAD:-}
if [ -z "$titrad" ]; then
	for c in ./src/titrad "$here/../src/titrad"; do
		if [ -x "$c" ]; then titrad=$c; break; fi
	done
fi
if [ -z "$titrad" ] || [ ! -x "$titrad" ]; then
	echo "crash.sh: titrad binary not found (build first, or set TITRAD)"
	exit 99
fi
titrad=$(cd "$(dirname "$titrad")" && pwd)/$(basename "$titrad")

tmp=$(mktemp -d "${TMPDIR:-/tmp}/titrad-crash.XXXXXX") || exit 99
[ -n "$db" ] || db="$tmp/titrad.db"
dpid=""
wpid=""
keep=${CRASH_KEEP:-0}

cleanup() {
	if [ -n "$wpid" ]; then
		: >"$tmp/stop"
		kill "$wpid" 2>/dev/null
		wait "$wpid" 2>/dev/null
	fi
	if [ -n "$dpid" ]; then
		kill -9 "$dpid" 2>/dev/null
		wait "$dpid" 2>/dev/null
	fi
	if [ "${keep:-0}" = 1 ]; then
		echo "crash.sh: kept $tmp"
	else
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT
trap 'exit 99' INT TERM HUP

fail() {
	echo "crash.sh: FAIL: $*"
	echo "crash.sh: last daemon log lines:"
	tail -n 20 "$tmp/daemon.log" 2>/dev/null | sed 's/^/  /'
	keep=1
	exit 1
}

# The first start takes any free port (0); restarts reuse it.
port=0

# Start titrad and wait for its "listening on ... port N" log line.
start_daemon() {
	before=$(grep -c 'listening on' "$tmp/daemon.log" 2>/dev/null)
	"$titrad" --db "$db" --listen 127.0.0.1 --port "$port" 2>>"$tmp/daemon.log" &
	dpid=$!
	tries=0
	while [ "$(grep -c 'listening on' "$tmp/daemon.log")" -le "${before:-0}" ]; do
		kill -0 "$dpid" 2>/dev/null || fail "the daemon did not start (port $port)"
		tries=$((tries + 1))
		[ "$tries" -le 400 ] || fail "the daemon did not start listening within 20 s"
		sleep 0.05
	done
	if [ "$port" = 0 ]; then
		port=$(sed -n 's/.* listening on 127\.0\.0\.1 port \([0-9][0-9]*\) .*/\1/p' "$tmp/daemon.log" | tail -n 1)
		[ -n "$port" ] || fail "cannot read the port from the daemon log"
	fi
}

# Tokens first: the CLI creates and migrates the database.  The clinic token
# writes; the admin token reviews flags (as a pharmacist would).
admin=$("$titrad" token create --db "$db" --role admin --label crash-admin 2>>"$tmp/daemon.log") ||
	fail "token create admin"
clinic=$("$titrad" token create --db "$db" --role clinic --label crash-clinic 2>>"$tmp/daemon.log") ||
	fail "token create clinic"
[ -n "$admin" ] && [ -n "$clinic" ] || fail "empty token"

start_daemon
echo "crash.sh: titrad on 127.0.0.1:$port, seed $seed, $crashes_wanted crashes"

"$py" "$load" load "$port" "$clinic" "$admin" "$tmp" &
wpid=$!

crashes=0
pauses=$(awk -v n="$crashes_wanted" -v seed="$seed" 'BEGIN {
	srand(seed); for (i = 0; i < n; i++) printf "%.2f ", 0.2 + rand() * 1.3 }')
for pause in $pauses; do
	sleep "$pause"
	kill -0 "$wpid" 2>/dev/null || fail "the load driver died"
	kill -0 "$dpid" 2>/dev/null || fail "the daemon died by itself before crash $((crashes + 1))"
	kill -9 "$dpid"
	wait "$dpid" 2>/dev/null
	dpid=""
	crashes=$((crashes + 1))
	start_daemon
done

# Let the writers finish what they are doing against a live daemon.
sleep 0.5
: >"$tmp/stop"
wait "$wpid"
wrc=$?
wpid=""
[ "$wrc" -eq 0 ] || fail "the load driver exited with $wrc"

kill -TERM "$dpid"
wait "$dpid"
drc=$?
dpid=""
[ "$drc" -eq 0 ] || fail "titrad did not stop cleanly on SIGTERM (exit $drc)"

grouped=$(sed -n 's/.*group commit: \([0-9][0-9]*\) writes in \([0-9][0-9]*\) transactions.*/\1 \2/p' \
	"$tmp/daemon.log" | tail -n 1)
[ -n "$grouped" ] || fail "the daemon did not report its group commits when it stopped"
set -- $grouped
echo "crash.sh: the last run committed $1 writes in $2 transactions"
[ "$1" -gt "$2" ] || fail "no write was committed in a group ($1 writes in $2 transactions)"

if "$py" "$load" verify "$db" "$tmp" "$crashes"; then
	exit 0
fi
keep=1
exit 1
