#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# openapi_lint.sh - lint doc/openapi.yaml with Redocly CLI (recommended rules).
#
# Redocly CLI is pinned in tests/package-lock.json (feeds_node_path in
# tests/feeds_lib.sh finds it).  Without node: skipped (77) on a developer's
# machine, a hard error (99) under CI (scripts/setup test sets CI).
# Lint errors fail; warnings do not.
set -u

here=$(dirname "$0")
# shellcheck source=tests/feeds_lib.sh
. "$here/feeds_lib.sh"
command -v node >/dev/null 2>&1 || feeds_missing "node not found (Debian package nodejs)"

top=${top_srcdir:-$(dirname "$0")/..}
case $top in /*) ;; *) top=$(pwd)/$top ;; esac
spec=$top/doc/openapi.yaml
[ -r "$spec" ] || { echo "FAIL: cannot read $spec"; exit 1; }
set --
[ -r "$top/doc/redocly.yaml" ] && set -- "--config=$top/doc/redocly.yaml"

feeds_node_path
# Run from a scratch directory so no redocly.yaml of the caller's cwd applies,
# and without Redocly's telemetry or update check.
dir=$(mktemp -d "${TMPDIR:-/tmp}/titrad-redocly.XXXXXX") || exit 99
WORK=$dir                       # feeds_cleanup removes it
cd "$dir" || exit 99
REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true "$NODE_PATH/.bin/redocly" lint "$@" "$spec"
rc=$?
if [ $rc -eq 0 ]; then
	echo "PASS: doc/openapi.yaml has no lint errors"
else
	echo "FAIL: redocly lint exited $rc"
fi
exit $rc
