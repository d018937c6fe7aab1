#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# openapi_routes.sh - every route of src/http/routes.c is documented in doc/openapi.yaml.
#
# Reads the `{ "METHOD", "/pattern", ...` lines of the routing table and the
# `paths:` section of the OpenAPI document (paths at two spaces of indentation,
# operations at four, as doc/openapi.yaml is written), and fails if a
# (method, path) pair of the code is missing from the document.
#
# Path parameters: routes.c writes every numeric segment as ":id"; the document
# names them by collection ({patient_id}, {medication_id}, {regimen_id},
# {flag_id}, ...).  Both sides are compared by shape: any ":name" segment and
# any "{name}" segment become "{}", so /v1/patients/:id/medications/:id matches
# /v1/patients/{patient_id}/medications/{medication_id}.
#
# POSIX sh, sed, awk, sort; exit 77 (skip) if one is missing.
set -u

for tool in sed awk sort; do
	command -v "$tool" >/dev/null 2>&1 || { echo "SKIP: $tool not found"; exit 77; }
done

top=${top_srcdir:-$(dirname "$0")/..}
routes=$top/src/http/routes.c
spec=$top/doc/openapi.yaml
for f in "$routes" "$spec"; do
	[ -r "$f" ] || { echo "FAIL: cannot read $f"; exit 1; }
done

tmp=${TMPDIR:-/tmp}/openapi_routes.$$
trap 'rm -f "$tmp".code "$tmp".doc' EXIT INT TERM

# Code: "METHOD /path" with :params as {}.
sed -n 's/^[[:space:]]*{[[:space:]]*"\([A-Z][A-Z]*\)"[[:space:]]*,[[:space:]]*"\(\/[^"]*\)".*/\1 \2/p' "$routes" |
	sed -e 's/:[A-Za-z_][A-Za-z0-9_]*/{}/g' -e 's|/cds-services/titrad-[a-z-]*|/cds-services/{}|' | sort -u >"$tmp".code

# Document: the operations under paths:, upper-cased, {params} as {}.
awk '
	/^paths:[[:space:]]*$/ { inpaths = 1; next }
	inpaths && /^[^[:space:]#]/ { inpaths = 0 }
	!inpaths { next }
	/^  [^[:space:]#]/ {
		p = $0
		sub(/^  /, "", p)
		sub(/:[[:space:]]*$/, "", p)
		gsub(/["'\'']/, "", p)
		gsub(/\{[^}]*\}/, "{}", p)
		path = p
		next
	}
	/^    (get|put|post|delete|patch|head|options|trace):/ && path != "" {
		m = $1
		sub(/:.*/, "", m)
		print toupper(m) " " path
	}
' "$spec" | sort -u >"$tmp".doc

ncode=$(wc -l <"$tmp".code)
if [ "$ncode" -eq 0 ]; then
	echo "FAIL: no routes found in $routes (has the table's format changed?)"
	exit 1
fi

missing=$(awk 'NR == FNR { have[$0] = 1; next } !($0 in have)' "$tmp".doc "$tmp".code)
extra=$(awk 'NR == FNR { have[$0] = 1; next } !($0 in have)' "$tmp".code "$tmp".doc)

if [ -n "$extra" ]; then
	echo "note: documented but not (yet) in src/http/routes.c:"
	echo "$extra" | sed 's/^/  /'
fi
if [ -n "$missing" ]; then
	echo "FAIL: routes in src/http/routes.c missing from doc/openapi.yaml:"
	echo "$missing" | sed 's/^/  /'
	exit 1
fi
echo "PASS: all $ncode routes of src/http/routes.c are in doc/openapi.yaml"
exit 0
