#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# contract_check.py - a real request sequence through Stoplight Prism's
# validation proxy, which checks every response against doc/openapi.yaml.
# Run by contract.test (which starts titrad and the proxy); see there.
#
# Each request names the documented operation it exercises ("GET
# /v1/patients/{patient_id}"), so coverage is counted against the
# document's operations.  A violation is anything Prism reports about a
# response (sl-violations entries whose location starts with "response");
# request violations are expected for the deliberately bad requests and
# are only counted for the good ones.
#
# Prism's proxy follows redirects itself (it answers a 303 with the page
# the redirect leads to, and drops its Set-Cookie), so requests answered
# with a redirect go to titrad directly and are checked here against the
# document: the status is one the operation lists, with its Location.
# They are counted apart.
import datetime as dt
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid

PROXY = os.environ["TITRAD_PROXY"]
BASE = os.environ["TITRAD_BASE"]
ADMIN = os.environ["TITRAD_ADMIN_TOKEN"]
SPEC = os.environ["TITRAD_SPEC"]
BIN = os.environ["TITRAD_BIN"]
DB = os.environ["TITRAD_DB"]

documented = set()
covered = set()
requests = 0
direct = 0
violations = []
statuses = {}     # (METHOD, path) -> the documented status codes


def doc_operations(path):
    """(METHOD, path) of every operation under paths: (as openapi_routes.sh reads them)."""
    ops, cur, inpaths, op = set(), None, False, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            if re.match(r"^paths:\s*$", line):
                inpaths = True
                continue
            if inpaths and re.match(r"^[^\s#]", line):
                inpaths = False
            if not inpaths:
                continue
            m = re.match(r"^  (/\S*):\s*$", line)
            if m:
                cur = m.group(1)
            m = re.match(r"^    (get|post|put|patch|delete|head|options):", line)
            if m and cur:
                op = (m.group(1).upper(), cur)
                ops.add(op)
                statuses[op] = set()
            m = re.match(r"^        '([0-9]{3})':", line)
            if m and op is not None:
                statuses[op].add(int(m.group(1)))
    return ops


class Resp:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name):
        return self.headers.get(name)

    def json(self):
        return json.loads(self.body.decode("utf-8"))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def call(op, path, body=None, token=ADMIN, ctype=None, headers=None, expect=None, bad_request=False,
         redirect=False):
    """One request through the proxy (or, redirect=True, to titrad); op is the documented "METHOD /template"."""
    global requests, direct
    method, template = op.split(" ", 1)
    covered.add((method, template))
    hdrs = dict(headers or {})
    data = None
    if body is not None:
        if isinstance(body, (dict, list)):
            data = json.dumps(body).encode()
            hdrs.setdefault("Content-Type", "application/json")
        else:
            data = body.encode() if isinstance(body, str) else body
            if ctype:
                hdrs["Content-Type"] = ctype
    if token:
        hdrs["Authorization"] = "Bearer " + token
    req = urllib.request.Request((BASE if redirect else PROXY) + path, data=data, method=method, headers=hdrs)
    try:
        with OPENER.open(req, timeout=30) as r:
            resp = Resp(r.status, r.headers, r.read())
    except urllib.error.HTTPError as e:
        resp = Resp(e.code, e.headers, e.read())
    if redirect:
        direct += 1
        if resp.status not in statuses.get((method, template), set()) or \
                (300 <= resp.status < 400 and not resp.header("Location")):
            violations.append("%s %s -> %d: not a documented status (%s) or no Location" % (
                method, path, resp.status, sorted(statuses.get((method, template), set()))))
        found = []
    else:
        requests += 1
        found = json.loads(resp.header("sl-violations") or "[]")
    for v in found:
        loc = v.get("location") or []
        if (loc and loc[0] == "response") or not bad_request:
            violations.append("%s %s -> %d: %s %s" % (method, path, resp.status, ".".join(map(str, loc)),
                                                      v.get("message")))
    if expect is not None and resp.status != expect:
        violations.append("%s %s -> %d, the sequence expected %d: %s" % (method, path, resp.status, expect,
                                                                        resp.body[:200]))
    return resp


def cli_token(role, label, patient=None):
    args = [BIN, "token", "create", "--db", DB, "--role", role, "--label", label]
    if patient is not None:
        args += ["--patient", str(patient)]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout.split()[0]


def main():
    documented.update(doc_operations(SPEC))
    clinic = cli_token("clinic", "contract-clinic")
    pharm = cli_token("pharmacist", "contract-pharmacist")

    call("GET /v1/health", "/v1/health", token=None, expect=200)
    call("GET /metrics", "/metrics", token=None, expect=200)
    call("GET /v1/protocols", "/v1/protocols", expect=200)

    # Patients
    p = call("POST /v1/patients", "/v1/patients", {"external_id": "CT-1", "display_name": "Contract One",
             "crcl_ml_min": 45}, token=clinic, expect=201).json()
    pid = p["id"]
    call("POST /v1/patients", "/v1/patients", {"external_id": "CT-1", "display_name": "Twice"},
         token=clinic, expect=409, bad_request=True)
    call("POST /v1/patients", "/v1/patients", {"external_id": "CT-2", "bogus": 1}, token=clinic,
         expect=422, bad_request=True)
    # (Malformed JSON is not sent: Prism's proxy hangs on a body it cannot parse.)
    call("POST /v1/patients", "/v1/patients", {"external_id": 7, "display_name": "x"}, token=clinic,
         expect=400, bad_request=True)
    call("POST /v1/patients", "/v1/patients", "x=1", token=clinic, ctype="text/plain", expect=415,
         bad_request=True)
    call("GET /v1/patients", "/v1/patients?limit=1", expect=200)
    call("GET /v1/patients", "/v1/patients", token=None, expect=401, bad_request=True)
    call("GET /v1/patients", "/v1/patients?limit=0", expect=422, bad_request=True)
    g = call("GET /v1/patients/{patient_id}", "/v1/patients/%d" % pid, token=clinic, expect=200)
    call("GET /v1/patients/{patient_id}", "/v1/patients/999999", token=clinic, expect=404, bad_request=True)
    call("PATCH /v1/patients/{patient_id}", "/v1/patients/%d" % pid, {"display_name": "Contract Uno"},
         token=clinic, headers={"If-Match": g.header("ETag")}, expect=200)
    call("PATCH /v1/patients/{patient_id}", "/v1/patients/%d" % pid, {"display_name": "Stale"},
         token=clinic, headers={"If-Match": g.header("ETag")}, expect=412, bad_request=True)

    # Medications (an SSRI raises rls-aggravator flags)
    m = call("POST /v1/patients/{patient_id}/medications", "/v1/patients/%d/medications" % pid,
             {"name": "sertraline"}, token=clinic, expect=201).json()
    mid = m["id"]
    call("GET /v1/patients/{patient_id}/medications", "/v1/patients/%d/medications" % pid, token=pharm,
         expect=200)
    call("GET /v1/patients/{patient_id}/medications/{medication_id}",
         "/v1/patients/%d/medications/%d" % (pid, mid), token=pharm, expect=200)

    # Regimens
    today = dt.datetime.strptime(call("GET /v1/health", "/v1/health", token=None).header("Date"),
                                 "%a, %d %b %Y %H:%M:%S GMT").date()
    day = lambda n: (today + dt.timedelta(days=n)).isoformat()
    reg = call("POST /v1/patients/{patient_id}/regimens", "/v1/patients/%d/regimens" % pid,
               {"drug": "pramipexole", "start_date": day(-20), "symptom_onset": "22:00"},
               token=clinic, expect=201).json()
    rid = reg["id"]
    call("POST /v1/patients/{patient_id}/regimens", "/v1/patients/%d/regimens" % pid,
         {"drug": "pramipexole", "start_date": day(-10), "symptom_onset": "22:00"}, token=clinic,
         expect=409, bad_request=True)
    call("GET /v1/patients/{patient_id}/regimens", "/v1/patients/%d/regimens" % pid, expect=200)
    call("GET /v1/regimens/{regimen_id}", "/v1/regimens/%d" % rid, expect=200)
    call("GET /v1/regimens/{regimen_id}/calendar", "/v1/regimens/%d/calendar" % rid, expect=200)
    call("GET /v1/regimens/{regimen_id}/calendar", "/v1/regimens/%d/calendar?from=%s&to=%s" % (rid, day(9), day(1)),
         expect=422, bad_request=True)
    call("GET /v1/regimens/{regimen_id}/fhir", "/v1/regimens/%d/fhir" % rid, expect=200)
    ptok = cli_token("patient", "contract-patient", pid)
    ics = call("GET /v1/regimens/{regimen_id}/calendar.ics", "/v1/regimens/%d/calendar.ics" % rid, expect=200)
    call("GET /v1/regimens/{regimen_id}/calendar.ics", "/v1/regimens/%d/calendar.ics" % rid,
         headers={"If-None-Match": ics.header("ETag")}, expect=304)
    call("GET /v1/regimens/{regimen_id}/calendar.ics", "/v1/regimens/%d/calendar.ics?token=%s" % (rid, ptok),
         token=None, expect=200)
    call("GET /v1/regimens/{regimen_id}/calendar.html", "/v1/regimens/%d/calendar.html" % rid, expect=200)

    # Check-ins, the JSON API and the form
    call("POST /v1/regimens/{regimen_id}/checkins", "/v1/regimens/%d/checkins" % rid,
         {"night": day(-18), "severity": 5, "onset": "21:00", "body_parts": ["legs"],
          "side_effects": ["nausea"], "irls": 20, "note": "restless"}, token=ptok, expect=201)
    call("POST /v1/regimens/{regimen_id}/checkins", "/v1/regimens/%d/checkins" % rid,
         {"night": day(-18), "severity": 5}, token=ptok, expect=409, bad_request=True)
    call("POST /v1/regimens/{regimen_id}/checkins", "/v1/regimens/%d/checkins" % rid,
         {"night": day(-17), "severity": 11}, token=ptok, expect=422, bad_request=True)
    call("GET /v1/regimens/{regimen_id}/checkins", "/v1/regimens/%d/checkins?limit=1" % rid, token=ptok,
         expect=200)
    call("GET /v1/regimens/{regimen_id}/checkins", "/v1/regimens/%d/checkins" % rid, token=pharm, expect=200)
    form = "/v1/regimens/%d/checkin.html?token=%s" % (rid, ptok)
    call("GET /v1/regimens/{regimen_id}/checkin.html", form, token=None, expect=200)
    call("POST /v1/regimens/{regimen_id}/checkin.html", form, "night=%s&severity=4&body_parts=legs"
         "&body_parts=arms" % day(-17), token=None, ctype="application/x-www-form-urlencoded", expect=303,
         redirect=True)
    call("POST /v1/regimens/{regimen_id}/checkin.html", form, "night=%s&severity=99" % day(-16), token=None,
         ctype="application/x-www-form-urlencoded", expect=422, bad_request=True)

    # Actions
    call("POST /v1/regimens/{regimen_id}/hold", "/v1/regimens/%d/hold" % rid, {"date": day(-5),
         "reason": "contract"}, token=clinic, expect=200)
    call("POST /v1/regimens/{regimen_id}/hold", "/v1/regimens/%d/hold" % rid, {"date": day(-4)},
         token=clinic, expect=409, bad_request=True)
    call("POST /v1/regimens/{regimen_id}/resume", "/v1/regimens/%d/resume" % rid, {"date": day(-2)},
         token=clinic, expect=200)
    call("POST /v1/regimens/{regimen_id}/stop", "/v1/regimens/%d/stop" % rid, {"date": day(30),
         "taper": True}, token=clinic, expect=200)
    call("POST /v1/regimens/{regimen_id}/stop", "/v1/regimens/%d/stop" % rid, {"date": "2027-01-01"},
         token=clinic, expect=409, bad_request=True)

    # Flags and reviews
    fl = call("GET /v1/flags", "/v1/flags?patient_id=%d&status=open" % pid, token=pharm, expect=200).json()
    call("GET /v1/flags", "/v1/flags?severity=loud", token=pharm, expect=422, bad_request=True)
    fid = fl["items"][0]["id"] if fl["items"] else 1
    call("GET /v1/flags/{flag_id}", "/v1/flags/%d" % fid, token=pharm, expect=200)
    call("POST /v1/flags/{flag_id}/review", "/v1/flags/%d/review" % fid, {"decision": "overridden"},
         token=pharm, expect=422, bad_request=True)
    call("POST /v1/flags/{flag_id}/review", "/v1/flags/%d/review" % fid, {"decision": "acknowledged",
         "note": "seen"}, token=pharm, expect=200)
    call("POST /v1/flags/{flag_id}/review", "/v1/flags/%d/review" % fid, {"decision": "acknowledged"},
         token=pharm, expect=409, bad_request=True)
    call("POST /v1/flags/{flag_id}/review", "/v1/flags/%d/review" % fid, {"decision": "acknowledged"},
         token=clinic, expect=403, bad_request=True)
    call("GET /v1/audit", "/v1/audit?entity=flag&entity_id=%d" % fid, token=pharm, expect=200)
    call("GET /v1/patients/{patient_id}/export", "/v1/patients/%d/export" % pid, token=clinic, expect=200)

    # Tokens
    call("POST /v1/tokens", "/v1/tokens", {"role": "clinic", "label": "contract-made"}, expect=201)
    call("POST /v1/tokens", "/v1/tokens", {"role": "root"}, expect=422, bad_request=True)
    call("POST /v1/tokens", "/v1/tokens", {"role": "clinic"}, token=clinic, expect=403, bad_request=True)

    # CDS Hooks
    call("GET /cds-services", "/cds-services", token=clinic, expect=200)
    draft = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {
        "resourceType": "MedicationRequest", "id": "d1", "status": "draft", "intent": "order",
        "medicationCodeableConcept": {"text": "metoclopramide 10 mg"}}}]}
    hook = {"hook": "order-select", "hookInstance": str(uuid.uuid4()),
            "context": {"userId": "Practitioner/1", "patientId": "CT-1", "draftOrders": draft}}
    cards = call("POST /cds-services/{id}", "/cds-services/titrad-order-select", hook, token=clinic,
                 expect=200).json()
    hook["hook"] = "order-sign"
    hook["hookInstance"] = str(uuid.uuid4())
    call("POST /cds-services/{id}", "/cds-services/titrad-order-sign", hook, token=clinic, expect=200)
    call("POST /cds-services/{id}", "/cds-services/titrad-order-select", {"hook": "order-select"},
         token=clinic, expect=400, bad_request=True)
    card = cards["cards"][0]["uuid"] if cards.get("cards") else str(uuid.uuid4())
    call("POST /cds-services/{id}/feedback", "/cds-services/titrad-order-select/feedback",
         {"feedback": [{"card": card, "outcome": "accepted", "outcomeTimestamp": "2026-12-01T10:00:00Z"}]},
         token=clinic, expect=200)

    # Medication stopped last (it resolves its flags)
    call("DELETE /v1/patients/{patient_id}/medications/{medication_id}",
         "/v1/patients/%d/medications/%d" % (pid, mid), token=clinic, expect=204)

    # The console: login, the queue, a flag, a review, the patient, logout
    call("GET /console/login", "/console/login", token=None, expect=200)
    call("GET /console/style.css", "/console/style.css", token=None, expect=200)
    call("POST /console/login", "/console/login", "token=nope", token=None,
         ctype="application/x-www-form-urlencoded", expect=401, bad_request=True)
    r = call("POST /console/login", "/console/login", "token=" + urllib.parse.quote(pharm), token=None,
             ctype="application/x-www-form-urlencoded", expect=303, redirect=True)
    cookie = (r.header("Set-Cookie") or "").split(";")[0]
    ck = {"Cookie": cookie}
    call("GET /console/flags", "/console/flags", token=None, headers=ck, expect=200)
    call("GET /console/flags", "/console/flags", token=None, expect=303, redirect=True)
    call("GET /console/", "/console/", token=None, headers=ck, expect=303, redirect=True)
    call("GET /console/", "/console/", token=None, expect=303, redirect=True)
    fl = call("GET /v1/flags", "/v1/flags?status=open", token=pharm, expect=200).json()
    cfid = fl["items"][0]["id"] if fl["items"] else fid
    page = call("GET /console/flags/{flag_id}", "/console/flags/%d" % cfid, token=None, headers=ck,
                expect=200).body.decode()
    m = re.search(r'name="csrf" value="([^"]+)"', page)
    csrf = m.group(1) if m else ""
    call("POST /console/flags/{flag_id}", "/console/flags/%d" % cfid,
         "csrf=%s&decision=acknowledged&note=ok" % csrf, token=None, headers=ck,
         ctype="application/x-www-form-urlencoded", expect=303, redirect=True)
    call("GET /console/patients/{patient_id}", "/console/patients/%d" % pid, token=None, headers=ck, expect=200)
    call("POST /console/logout", "/console/logout", "csrf=" + csrf, token=None, headers=ck,
         ctype="application/x-www-form-urlencoded", expect=303, redirect=True)

    missing = sorted(documented - covered)
    unknown = sorted(covered - documented)
    for v in violations:
        print("VIOLATION " + v)
    for op in missing:
        print("NOT COVERED %s %s" % op)
    for op in unknown:
        print("NOT DOCUMENTED %s %s" % op)
    print("contract: routes covered %d / documented %d, requests validated %d (by Prism %d, redirects "
          "checked here %d), violations %d" % (len(covered & documented), len(documented), requests + direct,
                                              requests, direct, len(violations)))
    return 0 if not violations and not missing and not unknown else 1


if __name__ == "__main__":
    sys.exit(main())
