#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# tests/fuzz/run.sh [SECONDS] - build the libFuzzer harnesses and run each
# for SECONDS (default 60).  Exits non-zero on any crash, leak or timeout.
#
# Build: "make fuzz" when the build directory's Makefile has that target
# (FUZZ_BUILDDIR, default the source tree), else directly with the same
# recipe: clang -g -O1 -fsanitize=fuzzer,address,undefined over the
# harness and the pure project sources (not the gcc-built libtitrad.a).
#
# Environment: FUZZ_CC (clang), FUZZ_BUILDDIR, FUZZ_OUT (working corpora and
# crash artifacts; default $FUZZ_BUILDDIR/tests/fuzz/out), FUZZ_HARNESSES
# (names, default all), FUZZ_PARALLEL (1: run the harnesses at once;
# default when there are enough CPUs), FUZZ_BUILD_ONLY=1 or --build-only.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
builddir=$(cd "${FUZZ_BUILDDIR:-$top}" && pwd)
cc=${FUZZ_CC:-clang}
seconds=60
build_only=${FUZZ_BUILD_ONLY:-0}
for a in "$@"; do
	case $a in
	--build-only) build_only=1 ;;
	''|*[!0-9]*) echo "usage: tests/fuzz/run.sh [--build-only] [SECONDS]" >&2; exit 2 ;;
	*) seconds=$a ;;
	esac
done
all="fuzz_json_body fuzz_medname fuzz_datetime fuzz_query fuzz_ical fuzz_titration"
harnesses=${FUZZ_HARNESSES:-$all}
bindir=$builddir/tests/fuzz
out=${FUZZ_OUT:-$bindir/out}

# ---- build ----
FUZZ_CFLAGS="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"
# The modules the harnesses reach (as FUZZ_MODULES in fuzz.am); no libmicrohttpd code.
FUZZ_SRCS="engine/datetime base/util engine/validate engine/formulary engine/titration engine/ical
	store/store store/drv store/drv_sqlite store/drv_pg base/log engine/renal engine/interactions engine/sha256 engine/fields"

build_direct() {
	obj=$bindir/obj
	mkdir -p "$obj"
	cppflags="-std=c11 -D_GNU_SOURCE -I$top/src -I$builddir/src -I$builddir $(pkg-config --cflags libpq)"
	# The embedded migrations, as the Makefile makes them (schema/NNN_*.sql in order).
	schemas=$(cd "$top" && for f in schema/[0-9]*_*.sql; do echo "$f"; done | sort)
	# shellcheck disable=SC2086
	sh "$top/build-aux/sql2c.sh" "$top" $schemas > "$obj/schema_sql.c"
	objs=""
	for m in $FUZZ_SRCS schema_sql; do
		src=$top/src/$m.c
		[ "$m" = schema_sql ] && src=$obj/schema_sql.c
		o=$obj/$(basename "$m").o
		# shellcheck disable=SC2086
		"$cc" $FUZZ_CFLAGS $cppflags -c "$src" -o "$o"
		objs="$objs $o"
	done
	rm -f "$obj/libtitrad-fuzz.a"
	# shellcheck disable=SC2086
	ar rcs "$obj/libtitrad-fuzz.a" $objs
	for h in $harnesses; do
		# shellcheck disable=SC2086
		"$cc" $FUZZ_CFLAGS $cppflags "$here/$h.c" "$obj/libtitrad-fuzz.a" \
		    -ljansson -lsqlite3 -lpq -lpthread -lm -o "$bindir/$h"
	done
}

if [ -f "$builddir/Makefile" ] && grep -q '^fuzz:' "$builddir/Makefile"; then
	echo "== make fuzz"
	make -s -C "$builddir" fuzz FUZZ_CC="$cc"
else
	echo "== building the harnesses with $cc"
	build_direct
fi
[ "$build_only" = 1 ] && exit 0

# ---- run ----
mkdir -p "$out"
ncpu=$(nproc 2>/dev/null || echo 1)
# shellcheck disable=SC2086
set -- $harnesses
nh=$#
parallel=${FUZZ_PARALLEL:-$([ "$ncpu" -ge "$nh" ] && echo 1 || echo 0)}

run_one() {
	h=$1
	name=${h#fuzz_}
	mkdir -p "$out/corpus/$name" "$out/artifacts/$name"
	# New inputs go to the working corpus; the seeds in the tree stay as they are.
	if "$bindir/$h" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
	    -print_final_stats=1 -artifact_prefix="$out/artifacts/$name/" \
	    "$out/corpus/$name" "$here/corpus/$name" > "$out/$name.log" 2>&1; then
		echo 0 > "$out/$name.rc"
	else
		echo $? > "$out/$name.rc"
	fi
}

status=0
for h in $harnesses; do
	rm -f "$out/${h#fuzz_}.rc"
	if [ "$parallel" = 1 ]; then run_one "$h" & else run_one "$h"; fi
done
wait

total=0
for h in $harnesses; do
	name=${h#fuzz_}
	log=$out/$name.log
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	[ -n "$execs" ] || execs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -n 1)
	[ -n "$execs" ] || execs=0
	total=$((total + execs))
	rc=$(cat "$out/$name.rc" 2>/dev/null || echo 99)
	if [ "$rc" != 0 ] || grep -qE '^==[0-9]+==ERROR|^SUMMARY: |deadly signal|ALARM: working on the last Unit|out-of-memory|ERROR: libFuzzer' "$log"; then
		printf '%-12s %12s execs  FAILED (see %s)\n' "$name" "$execs" "$log"
		grep -m 5 -E 'property failed|ERROR|SUMMARY|Test unit written' "$log" | sed 's/^/    /'
		status=1
	else
		printf '%-12s %12s execs  ok\n' "$name" "$execs"
	fi
done
printf '%-12s %12s execs in %ss per harness\n' total "$total" "$seconds"
exit $status
