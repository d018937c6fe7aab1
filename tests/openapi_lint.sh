#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# openapi_lint.sh - lint doc/openapi.yaml with Redocly CLI (recommended rules).
#
# Redocly is installed with npm into a cache directory outside the source tree,
# ${XDG_CACHE_HOME:-$HOME/.cache}/titrad-npm (override: TITRAD_NPM_CACHE), once,
# and run from there with npx.  Exit 77 (skip) when node/npm/npx are absent,
# when no cache directory can be made, or when the package cannot be installed
# (registry unreachable).  Lint errors fail; warnings do not.
# TITRAD_REDOCLY_VERSION picks the package version (default: 2, the major the
# document was checked with).
set -u

for tool in node npm npx; do
	command -v "$tool" >/dev/null 2>&1 || { echo "SKIP: $tool not found"; exit 77; }
done

top=${top_srcdir:-$(dirname "$0")/..}
case $top in /*) ;; *) top=$(pwd)/$top ;; esac
spec=$top/doc/openapi.yaml
[ -r "$spec" ] || { echo "FAIL: cannot read $spec"; exit 1; }
set --
[ -r "$top/doc/redocly.yaml" ] && set -- "--config=$top/doc/redocly.yaml"

if [ -n "${TITRAD_NPM_CACHE:-}" ]; then
	dir=$TITRAD_NPM_CACHE
elif [ -n "${XDG_CACHE_HOME:-}" ]; then
	dir=$XDG_CACHE_HOME/titrad-npm
elif [ -n "${HOME:-}" ]; then
	dir=$HOME/.cache/titrad-npm
else
	echo "SKIP: neither XDG_CACHE_HOME nor HOME is set"
	exit 77
fi
if ! mkdir -p "$dir" 2>/dev/null || [ ! -w "$dir" ]; then
	echo "SKIP: cannot write $dir"
	exit 77
fi

# npm's own cache and logs stay in the same directory.
npm_config_cache=$dir/npm-cache
npm_config_update_notifier=false
npm_config_fund=false
npm_config_audit=false
# Give up soon when the registry cannot be reached (then: skip).
npm_config_fetch_retries=${npm_config_fetch_retries:-1}
npm_config_fetch_timeout=${npm_config_fetch_timeout:-30000}
export npm_config_cache npm_config_update_notifier npm_config_fund npm_config_audit \
    npm_config_fetch_retries npm_config_fetch_timeout

version=${TITRAD_REDOCLY_VERSION:-2}
if [ ! -x "$dir/node_modules/.bin/redocly" ]; then
	[ -f "$dir/package.json" ] || printf '{ "name": "titrad-npm-cache", "private": true }\n' >"$dir/package.json"
	echo "installing @redocly/cli@$version into $dir"
	if ! (cd "$dir" && npm install --loglevel=error "@redocly/cli@$version") >"$dir/install.log" 2>&1; then
		echo "SKIP: cannot install @redocly/cli (registry unreachable?); see $dir/install.log"
		tail -5 "$dir/install.log"
		exit 77
	fi
fi

# --no: never let npx fetch anything itself; it runs the copy installed above.
# Run from the cache directory so no redocly.yaml of the caller's cwd applies.
cd "$dir" || exit 77
npx --no -- redocly lint "$@" "$spec"
rc=$?
if [ $rc -eq 0 ]; then
	echo "PASS: doc/openapi.yaml has no lint errors"
else
	echo "FAIL: redocly lint exited $rc"
fi
exit $rc
