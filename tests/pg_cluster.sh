#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# tests/pg_cluster.sh - a throwaway PostgreSQL cluster for the tests.
#
#   pg_cluster.sh start DIR     initdb + start a cluster in DIR (made, or empty);
#                               prints its base URI
#   pg_cluster.sh stop DIR      stop it (immediate) and remove DIR
#   pg_cluster.sh halt DIR      stop the server at once (pg_ctl -m immediate,
#                               a crash as far as PostgreSQL knows); DIR stays
#   pg_cluster.sh resume DIR    start the server of DIR again (crash recovery)
#   pg_cluster.sh uri DIR       print the base URI again
#   pg_cluster.sh run CMD...    start a cluster in a new temporary directory,
#                               export TITRAD_TEST_PG (the base URI) and
#                               TITRAD_TEST_PG_DIR, run CMD, remove the cluster
#                               on every way out; exits with CMD's status
#
# The cluster has no TCP listener (listen_addresses = ''): its only socket is
# a Unix socket in DIR, so nothing outside this machine can reach it and two
# clusters never fight over a port.  Authentication is "trust" for the
# superuser postgres, which is fine for a socket in a private directory and
# nothing else.  fsync stays on: the crash tests stop the server with
# -m immediate and expect every committed row back.
#
# PostgreSQL refuses to run as root.  As root the server runs as the system
# user titradpg (created when missing: no home, no login shell); otherwise as
# the calling user.  The base URI is libpq's:
#   postgresql:///postgres?host=DIR&user=postgres
#
# PG_BINDIR names the server binaries (default /usr/lib/postgresql/15/bin,
# Debian's postgresql-15).  Exit status: 0, 1 on failure (with a message),
# 2 on a usage error; run: CMD's status.
set -u

PG_BINDIR=${PG_BINDIR:-/usr/lib/postgresql/15/bin}
PG_USER=titradpg
MARK=.titrad-pg-cluster

me=pg_cluster.sh
die() { echo "$me: $*" >&2; exit 1; }

usage() {
	sed -n '3,13s/^# \{0,1\}//p' "$0" >&2
	exit 2
}

have_binaries() {
	for b in initdb pg_ctl postgres; do
		[ -x "$PG_BINDIR/$b" ] || return 1
	done
	return 0
}

need_binaries() {
	have_binaries || die "PostgreSQL server binaries not found in $PG_BINDIR (Debian: apt-get install postgresql-15; or set PG_BINDIR)"
}

# as_owner CMD...: run CMD as the user the server runs as.
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u "$PG_USER" -- "$@"
	else
		"$@"
	fi
}

ensure_user() {
	[ "$(id -u)" -eq 0 ] || return 0
	id -u "$PG_USER" >/dev/null 2>&1 && return 0
	useradd -r -M -s /usr/sbin/nologin -d /nonexistent "$PG_USER" ||
		die "cannot create the system user $PG_USER (useradd)"
}

# abs DIR: an absolute path (the socket directory must be one).
abs() {
	case $1 in
	/*) printf '%s\n' "$1" ;;
	*) printf '%s/%s\n' "$(pwd)" "$1" ;;
	esac
}

uri() { printf 'postgresql:///postgres?host=%s&user=postgres\n' "$1"; }

server_start() {
	dir=$1
	as_owner "$PG_BINDIR/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -s start >/dev/null ||
		{ tail -n 20 "$dir/server.log" >&2 2>/dev/null; die "the server in $dir did not start"; }
}

cmd_start() {
	dir=$(abs "$1")
	need_binaries
	# Socket paths are limited to 107 bytes: DIR/.s.PGSQL.5432 must fit.
	[ ${#dir} -le 90 ] || die "$dir is too long for a Unix socket path"
	case $dir in
	*[!A-Za-z0-9/._+-]*) die "$dir: only letters, digits and / . _ + - (it goes into a URI)" ;;
	esac
	mkdir -p "$dir" || die "cannot make $dir"
	[ -z "$(ls -A "$dir")" ] || die "$dir is not empty"
	: >"$dir/$MARK"
	ensure_user
	if [ "$(id -u)" -eq 0 ]; then
		chown "$PG_USER" "$dir" || die "cannot give $dir to $PG_USER"
		runuser -u "$PG_USER" -- test -w "$dir" ||
			die "$PG_USER cannot reach $dir (a parent directory is closed to it)"
	fi
	as_owner "$PG_BINDIR/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C \
	    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed in $dir"; }
	cat >>"$dir/data/postgresql.conf" <<EOF
# tests/pg_cluster.sh
listen_addresses = ''
unix_socket_directories = '$dir'
unix_socket_permissions = 0777
fsync = on
synchronous_commit = on
max_connections = 300
log_min_messages = warning
# CREATE DATABASE lines in server.log show that a suite really used the cluster.
log_statement = 'ddl'
EOF
	server_start "$dir"
	uri "$dir"
}

# check_dir DIR: one of ours (the marker), so stop never removes anything else.
check_dir() {
	[ -f "$1/$MARK" ] || die "$1 is not a cluster made by $me"
}

cmd_halt() {
	check_dir "$1"
	if [ -f "$1/data/postmaster.pid" ]; then
		as_owner "$PG_BINDIR/pg_ctl" -D "$1/data" -m immediate -w -t 60 -s stop >/dev/null
	fi
	return 0
}

cmd_stop() {
	dir=$(abs "$1")
	[ -d "$dir" ] || return 0
	check_dir "$dir"
	have_binaries && cmd_halt "$dir"
	rm -rf "$dir" || die "cannot remove $dir"
}

cmd_run() {
	[ $# -gt 0 ] || usage
	need_binaries
	base=$(mktemp -d "${TMPDIR:-/tmp}/titrad-pg.XXXXXX") || die "mktemp failed"
	# mktemp makes it 0700: the server's user must reach its socket and data.
	chmod 755 "$base"
	RUN_DIR=$base/c
	child=""
	trap 'cmd_stop "$RUN_DIR"; rmdir "$base" 2>/dev/null' EXIT
	# A signal goes on to CMD (run in the background so that the shell can
	# take the signal at once instead of after CMD ends), then the cluster goes.
	trap 'on_signal INT 130' INT
	trap 'on_signal TERM 143' TERM
	trap 'on_signal HUP 129' HUP
	TITRAD_TEST_PG=$(cmd_start "$RUN_DIR") || exit 1
	TITRAD_TEST_PG_DIR=$RUN_DIR
	export TITRAD_TEST_PG TITRAD_TEST_PG_DIR
	echo "$me: cluster $TITRAD_TEST_PG" >&2
	"$@" <&0 &
	child=$!
	wait "$child"
	rc=$?
	child=""
	exit $rc
}

on_signal() {
	if [ -n "$child" ]; then
		kill -"$1" "$child" 2>/dev/null
		wait "$child" 2>/dev/null
	fi
	exit "$2"
}

[ $# -ge 1 ] || usage
verb=$1
shift
case $verb in
start) [ $# -eq 1 ] || usage; cmd_start "$1" ;;
stop) [ $# -eq 1 ] || usage; cmd_stop "$1" ;;
halt) [ $# -eq 1 ] || usage; need_binaries; cmd_halt "$(abs "$1")" ;;
resume) [ $# -eq 1 ] || usage; need_binaries; check_dir "$1"; server_start "$(abs "$1")" ;;
uri) [ $# -eq 1 ] || usage; check_dir "$1"; uri "$(abs "$1")" ;;
run) cmd_run "$@" ;;
*) usage ;;
esac
