#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# tests/layering.sh - the architecture, checked on the objects' symbols.
#
# Reads src/libtitrad.a with nm.  A module is one object of the archive; its
# layer is the folder of its source (src/base, src/engine, src/store,
# src/service, src/http; a source directly in src/ is "top" and may use
# anything).  A module A depends on B when A has an undefined symbol that B
# defines.  Rules:
#
#   a) the module graph has no cycle (every strongly connected component of
#      more than one module is printed, with one symbol per edge);
#   b) engine uses nothing of store/service/http, and no sqlite3_*, PQ*/pq*,
#      MHD_*, curl_* nor file, process or network I/O (the engine is pure:
#      formatting into a buffer, snprintf, is fine; fprintf, fopen, read,
#      write, socket ... are not);
#   c) store uses nothing of service/http, and no MHD_*;
#   d) service uses nothing of http, and no MHD_*;
#   e) a request handler (src/http/api_*.c) uses nothing another handler
#      defines: what they share lives in http.c or below;
#   f) base uses nothing of engine/store/service/http.
#
# The checker first proves it can fail: --self-test compiles tiny modules
# with a cycle, an engine module calling sqlite3 and a base module calling
# the engine into a temporary archive and fails unless all three are
# reported (and a clean archive passes).  The normal run does that first.
#
#   tests/layering.sh                 self-test, then src/libtitrad.a
#   tests/layering.sh --self-test     only the self-test
#   tests/layering.sh --check ARCHIVE SRCDIR [GENDIR...]   only the checker:
#       layers from the sources under SRCDIR (the "src" folder whose
#       subfolders are the layers); a source found only in a GENDIR
#       (generated, e.g. the build folder's src/schema_sql.c) is "top"
#
# Environment: top_srcdir (as in make check), LIBTITRAD (the archive;
# default src/libtitrad.a of the build directory = the current one), NM, AR,
# CC.  The last line is "N passed, M failed"; exit 0 pass, 1 fail, 77 skip
# (no nm), 99 hard error.
set -u

nm=${NM:-nm}
ar=${AR:-ar}
cc=${CC:-cc}
here=$(cd "$(dirname "$0")" && pwd)
top=${top_srcdir:-$here/..}

command -v "$nm" >/dev/null 2>&1 || { echo "SKIP: $nm not found"; exit 77; }
command -v "$ar" >/dev/null 2>&1 || { echo "SKIP: $ar not found"; exit 77; }

# ---- the checker ----

# check ARCHIVE SRCDIR [GENDIR...]: prints one line per rule ("ok - ..."
# or "FAIL - ..." followed by one sentence per violation) and a last line
# "N passed, M failed"; returns 1 on any failure, 99 if it cannot read the
# archive.
check() {
	archive=$1
	srcroot=$2
	shift 2
	members=$("$ar" t "$archive") || { echo "cannot list $archive"; return 99; }
	syms=$("$nm" -P -A -g "$archive" 2>/dev/null) || { echo "cannot read the symbols of $archive"; return 99; }
	# Member -> layer.  Automake may prefix a member with its target
	# ("libtitrad_a-util.o"); the source is found by the rest of the name.
	map=$(
		for m in $members; do
			base=${m%.o}
			base=${base#*_a-}
			srcs=$(find "$srcroot" -name "$base.c" -print | sort)
			n=$(printf '%s\n' "$srcs" | grep -c .)
			gen=""
			if [ "$n" -eq 0 ]; then
				# Not in the tree: generated (src/schema_sql.c) in a
				# build folder, a source of the top layer.
				for d in "$@"; do
					[ -f "$d/$base.c" ] && gen=$d/$base.c
				done
			fi
			if [ -n "$gen" ]; then
				echo "$m top"
			elif [ "$n" -eq 0 ]; then
				echo "$m ?"
			elif [ "$n" -gt 1 ]; then
				echo "$m !$(printf '%s' "$srcs" | tr '\n' ',')"
			else
				rel=${srcs#"$srcroot"/}
				case $rel in
				*/*) echo "$m ${rel%%/*}" ;;
				*) echo "$m top" ;;
				esac
			fi
		done
	)
	dup=$(printf '%s\n' $members | sort | uniq -d)
	{
		printf '%s\n' "$map" | sed 's/^/M /'
		for m in $dup; do echo "D $m"; done
		printf '%s\n' "$syms" | sed -n 's/^[^[]*\[\([^]]*\)\]: \([^ ]*\) \([A-Za-z]\).*/S \1 \2 \3/p'
	} | awk -f "$here/layering.awk"
}

# ---- the self-test ----

self_test() {
	st=$(mktemp -d "${TMPDIR:-/tmp}/layering.XXXXXX") || return 99
	mkdir -p "$st/src/engine" "$st/src/base" "$st/clean/src/engine"
	# engine/eng_a <-> engine/eng_b is a cycle; eng_a calls sqlite3;
	# base/base_c calls the engine.
	cat >"$st/src/engine/eng_a.c" <<-'EOF'
	int eng_b(int);
	int sqlite3_open(const char *, void **);
	int eng_a(int x) { void *db; return x > 0 ? eng_b(x - 1) : sqlite3_open("x", &db); }
	EOF
	cat >"$st/src/engine/eng_b.c" <<-'EOF'
	int eng_a(int);
	int eng_b(int x) { return eng_a(x); }
	EOF
	cat >"$st/src/base/base_c.c" <<-'EOF'
	int eng_b(int);
	int base_c(void) { return eng_b(3); }
	EOF
	cat >"$st/clean/src/engine/eng_ok.c" <<-'EOF'
	#include <stdio.h>
	int eng_ok(char *b, unsigned long n) { return snprintf(b, n, "%d", 1); }
	EOF
	ok=1
	for f in eng_a eng_b base_c; do
		d=engine; [ $f = base_c ] && d=base
		"$cc" -c "$st/src/$d/$f.c" -o "$st/$f.o" || ok=0
	done
	"$cc" -c "$st/clean/src/engine/eng_ok.c" -o "$st/eng_ok.o" || ok=0
	if [ $ok = 0 ]; then
		echo "self-test: cannot compile with $cc"
		rm -rf "$st"
		return 99
	fi
	"$ar" rc "$st/bad.a" "$st/eng_a.o" "$st/eng_b.o" "$st/base_c.o"
	"$ar" rc "$st/clean.a" "$st/eng_ok.o"
	out=$(check "$st/bad.a" "$st/src")
	rc=$?
	clean_out=$(check "$st/clean.a" "$st/clean/src")
	clean_rc=$?
	rm -rf "$st"
	why=""
	[ $rc = 1 ] || why="$why; it exited $rc on the bad archive, want 1"
	printf '%s\n' "$out" | grep -q "cycle.*eng_a.*eng_b\|cycle.*eng_b.*eng_a" ||
		why="$why; it did not report the cycle eng_a <-> eng_b"
	printf '%s\n' "$out" | grep -q "engine module eng_a.o.*sqlite3_open" ||
		why="$why; it did not report eng_a.o calling sqlite3_open"
	printf '%s\n' "$out" | grep -q "base module base_c.o.*eng_b" ||
		why="$why; it did not report base_c.o calling the engine"
	[ $clean_rc = 0 ] || why="$why; it failed a clean archive: $clean_out"
	if [ -n "$why" ]; then
		echo "FAIL - self-test: the checker missed deliberate violations${why}. Its output:"
		printf '%s\n' "$out" | sed 's/^/    /'
		return 1
	fi
	echo "ok - self-test: the checker reports a cycle, engine -> sqlite3 and base -> engine, and passes a clean archive"
	return 0
}

case ${1:-} in
--self-test)
	self_test
	rc=$?
	[ $rc = 0 ] && echo "1 passed, 0 failed" || { [ $rc = 1 ] && echo "0 passed, 1 failed"; }
	exit $rc
	;;
--check)
	[ $# -ge 3 ] || { echo "usage: tests/layering.sh --check ARCHIVE SRCDIR [GENDIR...]" >&2; exit 2; }
	shift
	check "$@"
	exit $?
	;;
'') ;;
*) echo "usage: tests/layering.sh [--self-test | --check ARCHIVE SRCDIR [GENDIR...]]" >&2; exit 2 ;;
esac

archive=${LIBTITRAD:-src/libtitrad.a}
[ -r "$archive" ] || { echo "layering.sh: $archive not found (build first, or set LIBTITRAD)"; exit 99; }

self_test
st_rc=$?
[ $st_rc = 99 ] && exit 99
# Generated sources (src/schema_sql.c) live next to the archive in the build directory.
out=$(check "$archive" "$top/src" "$(dirname "$archive")")
rc=$?
[ $rc = 99 ] && { printf '%s\n' "$out"; exit 99; }
printf '%s\n' "$out" | sed '$d'
# The checker's count plus the self-test.
printf '%s\n' "$out" | tail -n 1 | awk -v st="$st_rc" '{
	p = $1 + (st == 0); f = $3 + (st != 0)
	printf "%d passed, %d failed\n", p, f
}'
[ $rc = 0 ] && [ $st_rc = 0 ]
