#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""feeds_check.py - checks of titrad's patient calendar feeds over HTTP.

Run by tests/feeds.test ("feeds") and tests/html_chromium.test ("html"),
which start titrad and pass it in the environment:
  TITRAD_BASE         http://127.0.0.1:PORT
  TITRAD_ADMIN_TOKEN  an admin token
  TITRAD_BIN, TITRAD_DB  the binary and its database (patient and clinic
                      tokens are made with "titrad token create")
  RESULT_FILE         where "PASSED FAILED" is written at the end
  html mode also: CHROMIUM, CHROMIUM_TMP (a scratch directory), OUTPUT_DIR.

Python standard library only, plus icalendar (python3-icalendar) in the
"feeds" mode.  Every check prints "ok" or "FAIL" with its name; a check
that raises counts as failed and the others still run.

The contract is doc/openapi.yaml ("Nights, dates and the calendar",
"Regimen actions"): one VEVENT per dose, floating DTSTART, a UID stable
across regenerations, nights removed by a later event kept as
STATUS:CANCELLED, SEQUENCE raised when a night changes.
"""
import datetime as dt
import email.utils
import html.parser
import json
import os
import re
import struct
import subprocess
import sys
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request

BASE = os.environ.get("TITRAD_BASE", "http://127.0.0.1:8080")
ADMIN = os.environ.get("TITRAD_ADMIN_TOKEN", "")
TITRAD_BIN = os.environ.get("TITRAD_BIN", "src/titrad")
TITRAD_DB = os.environ.get("TITRAD_DB", "titrad.db")
RESULT_FILE = os.environ.get("RESULT_FILE")

FUTURE = dt.date(2027, 3, 1)   # fixed start date where today does not matter

passed = 0
failed = 0


def check(name, cond, detail=""):
    """Record one assertion."""
    global passed, failed
    if cond:
        passed += 1
        print("ok   %s" % name)
    else:
        failed += 1
        print("FAIL %s%s" % (name, (": " + detail) if detail else ""))
    return bool(cond)


def run_group(fn, *args):
    """Run one group of checks; an exception is one failure, not the end."""
    global failed
    try:
        fn(*args)
    except Exception:  # noqa: BLE001 - report and go on
        failed += 1
        print("FAIL %s raised:" % fn.__name__)
        traceback.print_exc(file=sys.stdout)


# ---------------------------------------------------------------- HTTP

class Resp:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name):
        return self.headers.get(name)

    def json(self):
        return json.loads(self.body.decode("utf-8"))


def request(method, path, body=None, token=None, query_token=None, headers=None):
    """One request; token goes in Authorization, query_token in ?token=."""
    url = BASE + path
    if query_token is not None:
        url += ("&" if "?" in url else "?") + "token=" + urllib.parse.quote(query_token)
    data = None
    hdrs = dict(headers or {})
    if token is not None:
        hdrs["Authorization"] = "Bearer " + token
    if body is not None:
        data = json.dumps(body).encode("utf-8")
        hdrs["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=data, method=method, headers=hdrs)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return Resp(r.status, r.headers, r.read())
    except urllib.error.HTTPError as e:
        return Resp(e.code, e.headers, e.read())


def api(method, path, body=None, expect=200):
    """An admin request that must succeed; returns the JSON body."""
    r = request(method, path, body, token=ADMIN)
    if r.status != expect:
        raise AssertionError("%s %s -> %d (expected %d): %s" % (
            method, path, r.status, expect, r.body[:400].decode("utf-8", "replace")))
    return r.json() if r.body else None


def cli_token(role, label, patient=None):
    """A token made by "titrad token create" (printed once on stdout)."""
    cmd = [TITRAD_BIN, "token", "create", "--db", TITRAD_DB, "--role", role, "--label", label]
    if patient is not None:
        cmd += ["--patient", str(patient)]
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, timeout=30)
    return out.stdout.decode().strip()


def server_today():
    """The daemon's today: the UTC date of its Date header."""
    r = request("GET", "/v1/health")
    return email.utils.parsedate_to_datetime(r.header("Date")).astimezone(dt.timezone.utc).date()


def new_patient(ext, name=None):
    return api("POST", "/v1/patients", {"external_id": ext, "display_name": name or ext}, 201)["id"]


def new_regimen(pid, drug, start, when=None):
    body = {"drug": drug, "start_date": start.isoformat()}
    if drug == "gabapentin":
        body["bedtime"] = when or "22:30"
    else:
        body["symptom_onset"] = when or "22:00"
    return api("POST", "/v1/patients/%d/regimens" % pid, body, 201)


def calendar(rid, frm=None, to=None, token=ADMIN):
    q = range_query(frm, to)
    r = request("GET", "/v1/regimens/%d/calendar%s" % (rid, q), token=token)
    if r.status != 200:
        raise AssertionError("calendar %d%s -> %d" % (rid, q, r.status))
    return r.json()


def range_query(frm, to):
    q = []
    if frm is not None:
        q.append("from=" + frm.isoformat())
    if to is not None:
        q.append("to=" + to.isoformat())
    return ("?" + "&".join(q)) if q else ""


def mg_text(ug):
    """Dose text as the feeds write it: 125 -> "0.125 mg", 1000 -> "1 mg"."""
    whole, frac = divmod(ug, 1000)
    if frac == 0:
        return "%d mg" % whole
    return ("%d.%03d" % (whole, frac)).rstrip("0") + " mg"


def has_dose(text, ug):
    """text names exactly this dose (0.25 mg is not found in 10.25 mg)."""
    return re.search(r"(?<![\d.])" + re.escape(mg_text(ug)) + r"(?![\d])", text) is not None


def key_of(entry):
    """A JSON calendar entry's (date, time) - the dose's wall-clock moment."""
    return (entry["date"], entry["time"])


# ---------------------------------------------------------------- iCalendar

class Feed:
    """One calendar.ics response, raw and parsed."""

    def __init__(self, resp):
        import icalendar
        self.resp = resp
        self.raw = resp.body
        self.cal = icalendar.Calendar.from_ical(self.raw)
        self.events = []
        self.rest = []      # the series after the last night (UID titrad-rN-rest@...), apart
        for ev in self.cal.walk("VEVENT"):
            start = ev.decoded("DTSTART")
            (self.rest if "-rest@" in str(ev.get("UID")) else self.events).append({
                "uid": str(ev.get("UID")),
                "start": start,
                "key": (start.strftime("%Y-%m-%d"), start.strftime("%H:%M"))
                if isinstance(start, dt.datetime) else None,
                "status": str(ev.get("STATUS", "CONFIRMED")).upper(),
                "seq": int(ev.get("SEQUENCE", 0)),
                "summary": str(ev.get("SUMMARY", "")),
                "alarms": len(ev.walk("VALARM")),
                "dtstamp": ev.get("DTSTAMP"),
                "rrule": ev.get("RRULE"),
                "rrule_text": ev.get("RRULE").to_ical().decode() if ev.get("RRULE") is not None else None,
            })

    def live(self):
        return [e for e in self.events if e["status"] != "CANCELLED"]

    def cancelled(self):
        return [e for e in self.events if e["status"] == "CANCELLED"]

    def by_key(self):
        return {e["key"]: e for e in self.events}

    def by_uid(self):
        return {e["uid"]: e for e in self.events}


def ics(rid, frm=None, to=None, token=ADMIN, query_token=None, headers=None):
    path = "/v1/regimens/%d/calendar.ics%s" % (rid, range_query(frm, to))
    if query_token is not None:
        token = None
    return request("GET", path, token=token, query_token=query_token, headers=headers)


def feed(rid, frm=None, to=None):
    r = ics(rid, frm, to)
    if r.status != 200:
        raise AssertionError("calendar.ics %d -> %d" % (rid, r.status))
    return Feed(r)


def line_problems(raw):
    """RFC 5545 3.1: CRLF line ends only, at most 75 octets per line."""
    problems = []
    bare_lf = len(re.findall(rb"(?<!\r)\n", raw))
    bare_cr = len(re.findall(rb"\r(?!\n)", raw))
    if bare_lf:
        problems.append("%d bare LF" % bare_lf)
    if bare_cr:
        problems.append("%d bare CR" % bare_cr)
    if not raw.endswith(b"\r\n"):
        problems.append("does not end with CRLF")
    long_lines = [ln for ln in raw.split(b"\r\n") if len(ln) > 75]
    if long_lines:
        problems.append("%d lines over 75 octets, e.g. %r (%d)" % (
            len(long_lines), long_lines[0][:90], len(long_lines[0])))
    return problems


def match_json(name, fd, entries, drug):
    """One live VEVENT per JSON entry: same date, time and dose; floating."""
    live = fd.live()
    keys = [e["key"] for e in live]
    check(name + ": no two VEVENTs share a DTSTART", len(set(keys)) == len(keys))
    by_key = {e["key"]: e for e in live}
    want = {key_of(e): e for e in entries}
    missing = sorted(set(want) - set(by_key))
    extra = sorted(set(by_key) - set(want))
    check(name + ": %d live VEVENTs for %d JSON entries" % (len(live), len(entries)),
          len(live) == len(entries) and not missing and not extra,
          "missing %d (first %s), extra %d (first %s)" % (
              len(missing), missing[:3], len(extra), extra[:3]))
    floating = [e for e in live if not isinstance(e["start"], dt.datetime) or e["start"].tzinfo is not None]
    check(name + ": every DTSTART is a floating date-time", not floating,
          "e.g. %r" % (floating[0]["start"] if floating else None))
    bad = []
    for k, entry in want.items():
        ev = by_key.get(k)
        if ev is None:
            continue
        if not has_dose(ev["summary"], entry["dose_ug"]) or drug.lower() not in ev["summary"].lower():
            bad.append((k, ev["summary"], mg_text(entry["dose_ug"])))
    check(name + ": each SUMMARY names the drug and the entry's dose", not bad, "e.g. %s" % (bad[:2],))
    no_alarm = [e["key"] for e in live if e["alarms"] < 1]
    check(name + ": each live VEVENT has a VALARM", not no_alarm, "e.g. %s" % no_alarm[:2])


# ---------------------------------------------------------------- feeds mode

def test_ics_matches_json(ctx):
    """Acceptance 1: .ics and JSON agree, for the same from/to."""
    rid = ctx["pram"]["id"]
    frm, to = FUTURE, dt.date(2027, 4, 30)     # inside the default range
    fd = feed(rid, frm, to)
    check("ics Content-Type is text/calendar",
          (fd.resp.header("Content-Type") or "").startswith("text/calendar"), fd.resp.header("Content-Type"))
    match_json("pramipexole %s..%s" % (frm, to), fd, calendar(rid, frm, to)["entries"], "pramipexole")
    check("pramipexole: no CANCELLED VEVENT before any change", not fd.cancelled())

    # A dose time after midnight: the entry's date is the day after the night's.
    rop = ctx["rop"]
    cal = calendar(rop["id"], FUTURE, dt.date(2027, 3, 20))
    check("ropinirole onset 02:30 doses at 00:30 on the next day",
          cal["entries"] and cal["entries"][0]["time"] == "00:30" and cal["entries"][0]["date"] == "2027-03-02",
          json.dumps(cal["entries"][:1]))
    match_json("ropinirole (after midnight) 2027-03-01..2027-03-20",
               feed(rop["id"], FUTURE, dt.date(2027, 3, 20)), cal["entries"], "ropinirole")

    # The default range of each output, before any event: the same doses.
    dfeed = feed(rid)
    match_json("pramipexole default range", dfeed, calendar(rid)["entries"], "pramipexole")
    ctx["pram_default_before"] = dfeed

    # An explicit range past the default one: still one VEVENT per dose
    # (doc/openapi.yaml: "one VEVENT per dose"; the JSON calendar has these doses).
    frm, to = FUTURE, dt.date(2027, 6, 30)
    match_json("pramipexole explicit range past the default (%s..%s)" % (frm, to),
               feed(rid, frm, to), calendar(rid, frm, to)["entries"], "pramipexole")


def test_format(ctx):
    """Folded lines <= 75 octets, CRLF everywhere, stable UIDs."""
    rid = ctx["pram"]["id"]
    for label, r in (("default range", ics(rid)), ("explicit range", ics(rid, FUTURE, dt.date(2027, 4, 30)))):
        check("ics %s: 200" % label, r.status == 200, str(r.status))
        p = line_problems(r.body)
        check("ics %s: CRLF line ends, lines <= 75 octets" % label, not p, "; ".join(p))
        check("ics %s: long lines are folded (a line starts with a space)" % label,
              b"\r\n " in r.body, "no folded line in the feed")
        unfolded = r.body.replace(b"\r\n ", b"")
        check("ics %s: unfolding gives DESCRIPTION lines over 75 octets" % label,
              any(len(ln) > 75 for ln in unfolded.split(b"\r\n")))
    a, b = feed(rid), feed(rid)
    check("two fetches: identical bodies", a.raw == b.raw)
    check("two fetches: identical UIDs per DTSTART",
          {e["key"]: e["uid"] for e in a.events} == {e["key"]: e["uid"] for e in b.events})
    uids = [e["uid"] for e in a.events]
    check("UIDs unique within the feed", len(set(uids)) == len(uids))
    check("every VEVENT has a DTSTAMP", all(e["dtstamp"] is not None for e in a.events))


def seq_check(name, f0, j0, f1, j1):
    """Per night (by UID): SEQUENCE higher iff the dose changed or went away."""
    d0 = {key_of(e): e["dose_ug"] for e in j0}
    d1 = {key_of(e): e["dose_ug"] for e in j1}
    after = f1.by_uid()
    changed, same, wrong = 0, 0, []
    for ev in f0.live():
        ea = after.get(ev["uid"])
        if ea is None:
            wrong.append((ev["key"], "UID gone"))
            continue
        if ea["key"] != ev["key"]:
            wrong.append((ev["uid"], "moved %s -> %s" % (ev["key"], ea["key"])))
        a = d1.get(ea["key"]) if ea["status"] != "CANCELLED" else None
        b = d0.get(ev["key"])
        if a != b:
            changed += 1
            if not ea["seq"] > ev["seq"]:
                wrong.append((ev["key"], "dose %s -> %s, SEQUENCE %d -> %d" % (b, a, ev["seq"], ea["seq"])))
        else:
            same += 1
            if ea["seq"] != ev["seq"]:
                wrong.append((ev["key"], "dose unchanged, SEQUENCE %d -> %d" % (ev["seq"], ea["seq"])))
    check(name + ": UIDs kept; SEQUENCE higher exactly on the %d changed nights (%d unchanged)" % (changed, same),
          not wrong, "e.g. %s" % wrong[:3])
    return changed, same


def dtstamp_check(name, fd):
    """DTSTAMP is the regimen's last change: the Last-Modified of the response."""
    lm = email.utils.parsedate_to_datetime(fd.resp.header("Last-Modified"))
    stamps = {e["dtstamp"].dt for e in fd.events}
    check(name + ": every DTSTAMP equals Last-Modified (%s)" % lm.strftime("%Y-%m-%dT%H:%M:%SZ"),
          stamps == {lm}, str(sorted(stamps)[:2]))


def cache_headers(name, r):
    etag = r.header("ETag")
    lm = r.header("Last-Modified")
    check(name + ": ETag present", bool(etag))
    ok_lm = False
    if lm:
        try:
            email.utils.parsedate_to_datetime(lm)
            ok_lm = True
        except (TypeError, ValueError):
            pass
    check(name + ": Last-Modified present and an HTTP date", ok_lm, repr(lm))
    return etag


def test_hold_sequence(ctx):
    """A hold: SEQUENCE up exactly on the nights whose dose changed; ETags."""
    rid = ctx["pram"]["id"]
    frm, to = FUTURE, dt.date(2027, 4, 30)
    before_json = {key_of(e): e for e in calendar(rid, frm, to)["entries"]}
    before = feed(rid, frm, to)
    r_ics = ics(rid)
    r_html = request("GET", "/v1/regimens/%d/calendar.html" % rid, token=ADMIN)
    etag_ics = cache_headers("ics", r_ics)
    etag_html = cache_headers("html", r_html)
    for name, path, etag in (("ics", "calendar.ics", etag_ics), ("html", "calendar.html", etag_html)):
        r = request("GET", "/v1/regimens/%d/%s" % (rid, path), token=ADMIN, headers={"If-None-Match": etag})
        check("%s: If-None-Match with the current ETag -> 304" % name, r.status == 304, str(r.status))
        check("%s: 304 has no body" % name, r.body == b"", repr(r.body[:60]))
        check("%s: 304 repeats the ETag" % name, r.header("ETag") == etag, repr(r.header("ETag")))
        r = request("GET", "/v1/regimens/%d/%s" % (rid, path), token=ADMIN, headers={"If-None-Match": '"nope"'})
        check("%s: If-None-Match with another ETag -> 200" % name, r.status == 200, str(r.status))
        lm = r.header("Last-Modified")
        check("%s: a validator, so no no-store (private, no-cache)" % name,
              r.header("Cache-Control") == "private, no-cache", repr(r.header("Cache-Control")))
        r = request("GET", "/v1/regimens/%d/%s" % (rid, path), token=ADMIN, headers={"If-Modified-Since": lm})
        check("%s: If-Modified-Since its Last-Modified -> 304" % name, r.status == 304 and r.body == b"",
              str(r.status))
        r = request("GET", "/v1/regimens/%d/%s" % (rid, path), token=ADMIN,
                    headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})
        check("%s: If-Modified-Since an older date -> 200" % name, r.status == 200, str(r.status))
        r = request("GET", "/v1/regimens/%d/%s" % (rid, path), token=ADMIN,
                    headers={"If-Modified-Since": lm, "If-None-Match": '"nope"'})
        check("%s: If-None-Match wins over If-Modified-Since -> 200" % name, r.status == 200, str(r.status))

    hold_date = dt.date(2027, 3, 20)
    reg = api("POST", "/v1/regimens/%d/hold" % rid, {"date": hold_date.isoformat(), "reason": "feeds test"})
    # Dated ahead of today: the status is today's, the hold waits in "pending".
    check("hold dated ahead -> status active, the hold pending",
          reg["status"] == "active" and [p["action"] for p in reg["pending"]] == ["hold"],
          "%s %s" % (reg["status"], reg["pending"]))

    after_json = {key_of(e): e for e in calendar(rid, frm, to)["entries"]}
    after = feed(rid, frm, to)
    match_json("after hold", after, list(after_json.values()), "pramipexole")
    check("after hold: nights before the hold date unchanged in JSON",
          all(after_json.get(k) == e for k, e in before_json.items() if k[0] < hold_date.isoformat()))
    k = (hold_date.isoformat(), before_json[min(before_json)]["time"])
    check("after hold: the hold night keeps its dose",
          after_json[k]["dose_ug"] == before_json[k]["dose_ug"], "%s" % after_json[k])

    changed, same = seq_check("after hold", before, list(before_json.values()), after, list(after_json.values()))
    check("after hold: some nights changed dose and some did not (%d / %d)" % (changed, same),
          changed > 0 and same > 0)
    dtstamp_check("before hold", before)
    dtstamp_check("after hold", after)
    check("after hold: DTSTAMP moved on", after.events[0]["dtstamp"].dt >= before.events[0]["dtstamp"].dt)
    for name, path, etag in (("ics", "calendar.ics", etag_ics), ("html", "calendar.html", etag_html)):
        r = request("GET", "/v1/regimens/%d/%s" % (rid, path), token=ADMIN, headers={"If-None-Match": etag})
        check("%s after hold: old ETag -> 200" % name, r.status == 200, str(r.status))
        new = cache_headers("%s after hold" % name, r)
        check("%s after hold: a different ETag" % name, new and new != etag, "%s vs %s" % (new, etag))
        r2 = request("GET", "/v1/regimens/%d/%s" % (rid, path), token=ADMIN, headers={"If-None-Match": new})
        check("%s after hold: new ETag -> 304" % name, r2.status == 304, str(r2.status))


def test_resume(ctx):
    """Resume after the hold: the feed's CANCELLED nights are nights with no dose."""
    rid = ctx["pram"]["id"]
    frm, to = FUTURE, dt.date(2027, 4, 30)
    j0 = calendar(rid, frm, to)["entries"]
    f0 = feed(rid, frm, to)
    reg = api("POST", "/v1/regimens/%d/resume" % rid, {"date": "2027-04-10", "reason": "feeds test"})
    check("resume -> status active", reg["status"] == "active", reg["status"])
    j1 = calendar(rid, frm, to)["entries"]
    f1 = feed(rid, frm, to)
    match_json("after resume %s..%s" % (frm, to), f1, j1, "pramipexole")
    changed, _ = seq_check("after resume", f0, j0, f1, j1)
    check("after resume: some nights changed dose (%d)" % changed, changed > 0)

    # The default feed still carries the nights the held plan sent (up to
    # 731 days); the patient stays on the cap after the titration, so none
    # of them lost its dose: every CANCELLED night must have no JSON entry.
    d1 = feed(rid)
    dates = sorted(e["start"].date() for e in d1.events)
    jall = calendar(rid, dates[0], dates[-1])["entries"]
    doses = {key_of(e): e["dose_ug"] for e in jall}
    wrong = [(e["key"], mg_text(doses[e["key"]])) for e in d1.cancelled() if e["key"] in doses]
    check("after resume, default feed: no CANCELLED VEVENT on a night that has a dose "
          "(%d CANCELLED, %d VEVENTs %s..%s)" % (len(d1.cancelled()), len(d1.events), dates[0], dates[-1]),
          not wrong, "%d such nights, e.g. %s" % (len(wrong), wrong[:3]))
    bad = [e["key"] for e in d1.live() if e["key"] not in doses or not has_dose(e["summary"], doses[e["key"]])]
    check("after resume, default feed: every CONFIRMED VEVENT matches the JSON dose", not bad, "e.g. %s" % bad[:3])


def test_stop_cancelled(ctx):
    """A stop: CANCELLED exactly for the nights it removed (after-midnight doses)."""
    rid = ctx["rop"]["id"]
    frm, to = FUTURE, dt.date(2027, 3, 20)    # inside the default range
    j0 = calendar(rid, frm, to)["entries"]
    f0 = feed(rid, frm, to)
    d0 = feed(rid)
    stop = dt.date(2027, 3, 8)
    reg = api("POST", "/v1/regimens/%d/stop" % rid, {"date": stop.isoformat(), "reason": "feeds test"})
    check("stop dated ahead -> status active, the stop pending",
          reg["status"] == "active" and reg["pending"] == [{"action": "stop", "date": stop.isoformat(), "taper": False}],
          "%s %s" % (reg["status"], reg["pending"]))
    j1 = calendar(rid, frm, to)["entries"]
    f1 = feed(rid, frm, to)
    n_stop = (stop - FUTURE).days + 1
    check("after stop: JSON has no night from the stop date on",
          j1 and max(e["night"] for e in j1) == n_stop - 1, "last night %s" % (j1[-1]["night"] if j1 else None))
    check("after stop: earlier nights unchanged", j1 == [e for e in j0 if e["night"] < n_stop])
    match_json("after stop %s..%s" % (frm, to), f1, j1, "ropinirole")

    match_json("before stop %s..%s" % (frm, to), f0, j0, "ropinirole")
    # Nights the feed had before and the JSON calendar has no more.
    removed = {e["key"] for e in f0.live()} - {key_of(e) for e in j1}
    got = {e["key"] for e in f1.cancelled()}
    check("after stop: %d CANCELLED VEVENTs = the %d nights the stop removed" % (len(got), len(removed)),
          removed and got == removed, "missing %s, extra %s" % (sorted(removed - got)[:3], sorted(got - removed)[:3]))
    b = f0.by_key()
    lower = [e["key"] for e in f1.cancelled() if e["key"] in b and not e["seq"] > b[e["key"]]["seq"]]
    check("after stop: each CANCELLED VEVENT has a higher SEQUENCE", not lower, "e.g. %s" % lower[:3])
    seq_check("after stop", f0, j0, f1, j1)
    check("after stop: UIDs of the cancelled nights kept",
          all(b[e["key"]]["uid"] == e["uid"] for e in f1.cancelled() if e["key"] in b))
    titles = {e["summary"] for e in f1.cancelled()}
    check("after stop: cancelled nights are titled as cancelled, with no dose",
          titles == {"Cancelled: no Ropinirole dose"}, sorted(titles)[:3])

    # The default feed: everything it sent before stays, the removed nights CANCELLED.
    d1 = feed(rid)
    j1d = calendar(rid)["entries"]
    match_json("after stop, default range", d1, j1d, "ropinirole")
    removed = {e["key"] for e in d0.events} - {key_of(e) for e in j1d}
    got = {e["key"] for e in d1.cancelled()}
    check("after stop, default range: CANCELLED = nights sent before and gone now (%d)" % len(removed),
          removed and got == removed, "missing %s, extra %s" % (sorted(removed - got)[:3], sorted(got - removed)[:3]))
    r = request("POST", "/v1/regimens/%d/hold" % rid, {"date": "2027-03-20"}, token=ADMIN)
    check("hold of a stopped regimen -> 409", r.status == 409, str(r.status))


def rest_of(name, fd):
    check(name + ": one series after the last night", len(fd.rest) == 1, "%d" % len(fd.rest))
    return fd.rest[0] if fd.rest else None


def occurrences(ev, count):
    """The first count nights of a recurring VEVENT, expanded by dateutil from its RRULE."""
    from dateutil.rrule import rrulestr
    return list(rrulestr(ev["rrule_text"], dtstart=ev["start"]))[:count] if ev["rrule_text"] else []


def test_rrule(ctx):
    """After the last night the dose goes on as one daily RRULE series, open-ended, till a stop."""
    pid = new_patient("FEEDS-RRULE")
    reg = new_regimen(pid, "pramipexole", FUTURE, "22:00")
    rid = reg["id"]
    d0 = feed(rid)
    s0 = rest_of("default feed", d0)
    live = sorted(d0.live(), key=lambda e: e["start"])
    if s0 is None or not live:
        return
    last = live[-1]
    check("series: UID titrad-r%d-rest@..." % rid, s0["uid"].startswith("titrad-r%d-rest@" % rid), s0["uid"])
    check("series: CONFIRMED, with a VALARM", s0["status"] == "CONFIRMED" and s0["alarms"] == 1,
          "%s %d" % (s0["status"], s0["alarms"]))
    check("series: RRULE FREQ=DAILY, no COUNT or UNTIL (RFC 5545 3.3.10: repeats forever)",
          s0["rrule_text"] == "FREQ=DAILY", repr(s0["rrule_text"]))
    check("series: starts the night after the last listed night, same time",
          s0["start"] == last["start"] + dt.timedelta(days=1), "%s vs %s" % (s0["start"], last["start"]))
    check("series: floating DTSTART", isinstance(s0["start"], dt.datetime) and s0["start"].tzinfo is None)
    check("series: the last night's dose", s0["summary"] == last["summary"], "%r vs %r" % (s0["summary"], last["summary"]))
    entries = calendar(rid)["entries"]
    check("series: the last night is at the maintenance dose",
          entries and entries[-1]["phase"] == "maintenance" and has_dose(last["summary"], entries[-1]["dose_ug"]),
          json.dumps(entries[-1:]))
    occ = occurrences(s0, 400)
    keys = {e["key"] for e in d0.events}
    check("series: 400 nights expanded, none on a listed night, one a day",
          len(occ) == 400 and not any((o.strftime("%Y-%m-%d"), o.strftime("%H:%M")) in keys for o in occ)
          and all((b - a) == dt.timedelta(days=1) for a, b in zip(occ, occ[1:])), "%d" % len(occ))
    f = feed(rid, FUTURE, dt.date(2027, 4, 30))
    check("an explicit range has no series", not f.rest, "%d" % len(f.rest))

    # A hold inside the titration: the held dose goes on; SEQUENCE up; no night dropped.
    api("POST", "/v1/regimens/%d/hold" % rid, {"date": "2027-03-12", "reason": "feeds rrule"})
    d1 = feed(rid)
    s1 = rest_of("after hold", d1)
    live1 = sorted(d1.live(), key=lambda e: e["start"])
    check("after hold: every UID sent before is still there",
          {e["uid"] for e in d0.events + d0.rest} <= {e["uid"] for e in d1.events + d1.rest})
    if s1 is not None and live1:
        check("after hold: the series goes on at the held dose",
              s1["status"] == "CONFIRMED" and s1["summary"] == live1[-1]["summary"]
              and s1["start"] == live1[-1]["start"] + dt.timedelta(days=1), "%s %s" % (s1["summary"], s1["start"]))
        check("after hold: the series' SEQUENCE rose (%d -> %d)" % (s0["seq"], s1["seq"]), s1["seq"] > s0["seq"])
        check("after hold: a lower dose than before", s1["summary"] != s0["summary"], s1["summary"])

    # Held, the feed lists 731 nights; a stop 40 nights after them: the series ends the night before.
    start1 = s1["start"] if s1 else dt.datetime(2029, 3, 1, 22, 0)
    stop = start1.date() + dt.timedelta(days=40)
    api("POST", "/v1/regimens/%d/stop" % rid, {"date": stop.isoformat(), "reason": "feeds rrule"})
    d2 = feed(rid)
    s2 = rest_of("after a stop past the listed nights", d2)
    check("after a stop past the listed nights: every UID sent before is still there",
          {e["uid"] for e in d1.events + d1.rest} <= {e["uid"] for e in d2.events + d2.rest})
    if s2 is not None and s1 is not None:
        until = (start1 + dt.timedelta(days=39)).strftime("%Y%m%dT%H%M%S")
        check("after a stop past the listed nights: RRULE FREQ=DAILY;UNTIL=%s (floating), same UID" % until,
              s2["status"] == "CONFIRMED" and s2["rrule_text"] == "FREQ=DAILY;UNTIL=" + until
              and s2["uid"] == s1["uid"], "%s %s" % (s2["status"], s2["rrule_text"]))
        occ = occurrences(s2, 1000)
        check("after a stop past the listed nights: 40 nights, the last before the stop",
              len(occ) == 40 and occ[-1].date() == stop - dt.timedelta(days=1), "%d %s" % (len(occ), occ[-1:]))
        check("after a stop: the series' SEQUENCE rose (%d -> %d)" % (s1["seq"], s2["seq"]), s2["seq"] > s1["seq"])

    # Not held: a stop 20 nights into the series lists those nights one by one; the series is cancelled.
    reg = new_regimen(pid, "ropinirole", FUTURE, "22:00")
    rid = reg["id"]
    d0 = feed(rid)
    s0 = rest_of("ropinirole", d0)
    if s0 is None:
        return
    stop = s0["start"].date() + dt.timedelta(days=20)
    api("POST", "/v1/regimens/%d/stop" % rid, {"date": stop.isoformat(), "reason": "feeds rrule"})
    d1 = feed(rid)
    s1 = rest_of("ropinirole after stop", d1)
    check("ropinirole after stop: every UID sent before is still there",
          {e["uid"] for e in d0.events + d0.rest} <= {e["uid"] for e in d1.events + d1.rest})
    if s1 is not None:
        check("ropinirole after stop: the series CANCELLED, no RRULE, no VALARM, same UID",
              s1["status"] == "CANCELLED" and s1["rrule"] is None and s1["alarms"] == 0 and s1["uid"] == s0["uid"],
              "%s %s" % (s1["status"], s1["rrule_text"]))
        check("ropinirole after stop: the series' SEQUENCE rose (%d -> %d)" % (s0["seq"], s1["seq"]),
              s1["seq"] > s0["seq"])
    days = {e["start"].date() for e in d1.live()}
    want = {s0["start"].date() + dt.timedelta(days=i) for i in range(20)}
    check("ropinirole after stop: the 20 nights the series covered are listed VEVENTs",
          want <= days, "missing %s" % sorted(want - days)[:3])
    check("ropinirole after stop: no live VEVENT from the stop on", all(d < stop for d in days), str(max(days)))
    match_json("ropinirole after stop, default range", d1, calendar(rid)["entries"], "ropinirole")


def renal_flags(pid, status):
    items = api("GET", "/v1/flags?patient_id=%d&status=%s&limit=100" % (pid, status))["items"]
    return [f for f in items if f["rule"].startswith("renal.")]


def test_renal_revision(ctx):
    """A renal change is a revision like a hold: SEQUENCE up on the nights whose
    dose changed, the default feed keeps what it sent, and the open renal flag
    quotes the new CrCl (the old one is superseded)."""
    pid = ctx["renal_patient"]
    api("PATCH", "/v1/patients/%d" % pid, {"crcl_ml_min": 40})
    rid = new_regimen(pid, "gabapentin", FUTURE, "22:30")["id"]
    frm, to = FUTURE, FUTURE + dt.timedelta(days=70)
    j0 = calendar(rid, frm, to)["entries"]
    f0 = feed(rid, frm, to)
    d0 = feed(rid)
    match_json("renal 40", f0, j0, "gabapentin")
    top = max(e["dose_ug"] for e in j0)
    check("CrCl 40: gabapentin capped at 1400 mg", top == 1400000, str(top))
    open0 = renal_flags(pid, "open")
    check("CrCl 40: one open renal.gabapentin-cap flag quoting CrCl 40.0",
          len(open0) == 1 and "CrCl 40.0" in open0[0]["detail"], str([f["detail"][:40] for f in open0]))

    api("PATCH", "/v1/patients/%d" % pid, {"crcl_ml_min": 10})
    j1 = calendar(rid, frm, to)["entries"]
    f1 = feed(rid, frm, to)
    match_json("renal 10", f1, j1, "gabapentin")
    top = max(e["dose_ug"] for e in j1)
    check("CrCl 10: gabapentin capped at 200 mg (300 mg x 10/15)", top == 200000, str(top))
    changed, same = seq_check("after renal change", f0, j0, f1, j1)
    check("after renal change: every night changed dose (%d / %d)" % (changed, same), changed > 0 and same == 0)
    dtstamp_check("after renal change", f1)
    # The default feed keeps every night it sent: none dropped, none left without SEQUENCE.
    d1 = feed(rid)
    # The feed's default range still reaches as far as the CrCl 40 plan did (the
    # nights it sent keep their, now lower, doses); compare over that range.
    days = sorted(e["key"][0] for e in d1.events)
    j1d = calendar(rid, dt.date.fromisoformat(days[0]), dt.date.fromisoformat(days[-1]))["entries"]
    match_json("after renal change, default range", d1, j1d, "gabapentin")
    sent = {e["key"] for e in d0.live()}
    now = {e["key"] for e in d1.events}
    check("after renal change, default range: every night sent before is still in the feed (%d)" % len(sent),
          sent <= now, "dropped %s" % sorted(sent - now)[:3])
    gone = sent - {key_of(e) for e in j1d}
    got = {e["key"] for e in d1.cancelled()}
    check("after renal change, default range: CANCELLED = nights sent before and gone now (%d)" % len(gone),
          got == gone, "missing %s, extra %s" % (sorted(gone - got)[:3], sorted(got - gone)[:3]))
    b = d0.by_key()
    bumped = [e["key"] for e in d1.events if e["key"] in b and e["seq"] > b[e["key"]]["seq"]]
    check("after renal change, default range: SEQUENCE raised on the changed nights (%d)" % len(bumped),
          len(bumped) > 0)

    open1 = renal_flags(pid, "open")
    check("CrCl 10: the open renal flag quotes CrCl 10.0, not 40.0",
          open1 and all("CrCl 10.0" in f["detail"] for f in open1), str([f["detail"][:40] for f in open1]))
    resolved = renal_flags(pid, "resolved")
    check("CrCl 10: the CrCl 40.0 flag is superseded (resolved)",
          any("CrCl 40.0" in f["detail"] for f in resolved), str([f["detail"][:40] for f in resolved]))


def test_query_token(ctx):
    """?token=: the patient's own feeds only; never a staff token."""
    mine, other = ctx["pram"]["id"], ctx["other"]["id"]
    pt, clinic = ctx["patient_token"], ctx["clinic_token"]
    for path, ctype in (("calendar.ics", "text/calendar"), ("calendar.html", "text/html")):
        r = request("GET", "/v1/regimens/%d/%s" % (mine, path), query_token=pt)
        check("?token= patient's own %s -> 200 %s" % (path, ctype),
              r.status == 200 and (r.header("Content-Type") or "").startswith(ctype),
              "%d %s" % (r.status, r.header("Content-Type")))
        r = request("GET", "/v1/regimens/%d/%s" % (other, path), query_token=pt)
        check("?token= another patient's %s -> 404" % path, r.status == 404, str(r.status))
        r = request("GET", "/v1/regimens/%d/%s" % (mine, path), query_token=clinic)
        check("?token= clinic token on %s -> 401" % path, r.status == 401, str(r.status))
        r = request("GET", "/v1/regimens/%d/%s" % (mine, path), query_token=ADMIN)
        check("?token= admin token on %s -> 401" % path, r.status == 401, str(r.status))
        r = request("GET", "/v1/regimens/%d/%s" % (mine, path))
        check("no token on %s -> 401" % path, r.status == 401, str(r.status))
        r = request("GET", "/v1/regimens/%d/%s" % (mine, path), query_token="ttd_" + "A" * 43)
        check("?token= unknown token on %s -> 401" % path, r.status == 401, str(r.status))
    r = request("GET", "/v1/regimens/%d/calendar" % mine, query_token=pt)
    check("?token= on the JSON calendar (not a feed) -> 401", r.status == 401, str(r.status))
    r = request("GET", "/v1/regimens/%d/calendar" % mine, token=pt)
    check("patient bearer token on its JSON calendar -> 200", r.status == 200, str(r.status))
    a = ics(mine, query_token=pt)
    b = ics(mine)
    # The one difference: fetched with a patient token in the query, each event
    # carries the URL of the patient's check-in form (with that token).
    form = ("URL:%s/v1/regimens/%d/checkin.html?token=%s\r\n" % (BASE, mine, pt)).encode()
    ua = a.body.replace(b"\r\n ", b"")
    check("?token= .ics: every VEVENT carries the check-in form's URL",
          ua.count(form) == ua.count(b"BEGIN:VEVENT") > 0, str(ua.count(form)))
    check("?token= .ics body equals the admin's but for those URLs",
          ua.replace(form, b"") == b.body.replace(b"\r\n ", b""))
    import icalendar
    fa = Feed(a)
    urls = {str(ev.get("URL")) for ev in fa.cal.walk("VEVENT")}
    check("?token= .ics: icalendar reads one URL, the form's", urls == {form[4:-2].decode()}, sorted(urls)[:2])
    check("the feed says how often to refresh (REFRESH-INTERVAL, X-PUBLISHED-TTL)",
          all(icalendar.vDuration.from_ical(str(fa.cal.get(k))) == dt.timedelta(hours=12)
              for k in ("X-PUBLISHED-TTL", "REFRESH-INTERVAL")) and
          fa.cal["REFRESH-INTERVAL"].params.get("VALUE") == "DURATION",
          "%s %s" % (fa.cal.get("X-PUBLISHED-TTL"), fa.cal.get("REFRESH-INTERVAL")))


# Taper cases: (drug, days before today of start_date, of the stop date).
TAPERS = {
    "now": {"pramipexole": (20, 0), "ropinirole": (5, 0), "gabapentin": (30, 0)},
    "past": {"pramipexole": (100, 80), "ropinirole": (60, 55), "gabapentin": (120, 100)},
}


def test_taper(ctx, drug, case):
    """Acceptance 2: stop with "taper":true, the reverse titration."""
    today = ctx["today"]
    s_off, t_off = TAPERS[case][drug]
    start, stop = today - dt.timedelta(days=s_off), today - dt.timedelta(days=t_off)
    pid = ctx["taper_patient"][case]
    reg = new_regimen(pid, drug, start)
    rid, step, interval = reg["id"], reg["step_ug"], reg["interval_days"]
    name = "taper %s (%s)" % (drug, case)
    j0 = calendar(rid)["entries"]
    d0 = feed(rid)
    n = (stop - start).days + 1           # the stop date's night
    given = [e for e in j0 if e["night"] == n - 1]
    if not check(name + ": night %d (before the stop date) is in the plan" % (n - 1), len(given) == 1):
        return
    # The taper steps down from the last dose given (the night before the stop
    # date): dose0, dose0 - step, ... down to the smallest positive dose.  The
    # first level may last 1..interval nights (whether the nights already at
    # dose0 count is the engine's choice); every later one lasts interval.
    dose0 = given[0]["dose_ug"]
    levels = (dose0 - 1) // step + 1
    smallest = dose0 - (levels - 1) * step
    shortest = (levels - 1) * interval + 1
    longest = levels * interval
    end_min = stop + dt.timedelta(days=shortest - 1)
    end_max = stop + dt.timedelta(days=longest - 1)
    want_status = "tapering" if end_min >= today else "stopped"
    if want_status != ("tapering" if end_max >= today else "stopped"):
        raise AssertionError("test case straddles today: taper ends %s..%s" % (end_min, end_max))

    r = request("POST", "/v1/regimens/%d/stop" % rid, {"date": stop.isoformat(), "taper": True, "reason": "feeds test"},
                token=ADMIN)
    if not check(name + ": stop with taper -> 200", r.status == 200, "%d %s" % (r.status, r.body[:200])):
        return
    check(name + ": status %s (taper ends %s..%s, today %s)" % (want_status, end_min, end_max, today),
          r.json()["status"] == want_status, r.json()["status"])
    check(name + ": GET status agrees", api("GET", "/v1/regimens/%d" % rid)["status"] == want_status)

    cal = calendar(rid)
    j1 = cal["entries"]
    check(name + ": calendar status agrees", cal.get("status") == want_status, str(cal.get("status")))
    check(name + ": no 0 mg entries", all(e["dose_ug"] > 0 and e["dose_mg"] > 0 for e in j1))
    check(name + ": nights before the stop date unchanged", [e for e in j1 if e["night"] < n] ==
          [e for e in j0 if e["night"] < n])
    taper = [e for e in j1 if e["night"] >= n]
    doses = [e["dose_ug"] for e in taper]
    check(name + ": taper entries from the stop date", taper and taper[0]["night"] == n,
          "first %s" % (taper[0]["night"] if taper else None))
    check(name + ": one entry a night, no gap",
          [e["night"] for e in taper] == list(range(n, n + len(taper))))
    check(name + ": phase taper on every night from the stop date",
          all(e["phase"] == "taper" for e in taper), str(sorted({e["phase"] for e in taper})))
    check(name + ": doses monotone non-increasing", all(a >= b for a, b in zip(doses, doses[1:])),
          str([mg_text(d) for d in doses]))
    check(name + ": starts at the last dose given (%s)" % mg_text(dose0), doses and doses[0] == dose0,
          mg_text(doses[0]) if doses else "no taper entries")
    check(name + ": ends at the smallest positive dose (%s)" % mg_text(smallest), doses and doses[-1] == smallest,
          mg_text(doses[-1]) if doses else "no taper entries")
    runs = []
    for d in doses:
        if runs and runs[-1][0] == d:
            runs[-1][1] += 1
        else:
            runs.append([d, 1])
    check(name + ": steps down by step_mg (%s), %d night(s) at each dose" % (mg_text(step), interval),
          len(runs) == levels and runs and 1 <= runs[0][1] <= interval and
          all(c == interval for _, c in runs[1:]) and
          all(a[0] - b[0] == step for a, b in zip(runs, runs[1:])),
          str([(mg_text(d), c) for d, c in runs]))
    if taper:
        span = (dt.date.fromisoformat(taper[-1]["date"]) - dt.date.fromisoformat(taper[0]["date"])).days + 1
        if drug == "gabapentin":
            check(name + ": taper lasts >= 7 days (%d)" % span, span >= 7)
        last_night = stop + dt.timedelta(days=len(taper) - 1)
        check(name + ": last taper night %s within %s..%s" % (last_night, end_min, end_max),
              end_min <= last_night <= end_max)

    # The .ics: taper nights confirmed, the later nights it had sent cancelled.
    d1 = feed(rid)
    match_json(name + ": ics default range", d1, j1, drug)
    live = d1.by_key()
    bad = [key_of(e) for e in taper if key_of(e) not in live or live[key_of(e)]["status"] != "CONFIRMED"]
    check(name + ": ics has each taper night CONFIRMED", not bad, "e.g. %s" % bad[:3])
    seq_check(name + ": ics", d0, j0, d1, j1)
    dtstamp_check(name + ": ics", d1)
    later = {e["key"] for e in d0.events} - {key_of(e) for e in j1}
    got = {e["key"] for e in d1.cancelled()}
    check(name + ": ics CANCELLED = the %d later nights sent before" % len(later),
          later and got == later, "missing %s, extra %s" % (sorted(later - got)[:3], sorted(got - later)[:3]))
    last_date = taper[-1]["date"] if taper else ""
    check(name + ": every CANCELLED night is after the taper", all(k[0] > last_date for k in got))


def main_feeds():
    ctx = {"today": server_today()}
    print("# titrad at %s, today %s" % (BASE, ctx["today"]))
    pa = new_patient("FEEDS-A")
    pb = new_patient("FEEDS-B")
    ctx["pram"] = new_regimen(pa, "pramipexole", FUTURE, "22:00")
    ctx["rop"] = new_regimen(pa, "ropinirole", FUTURE, "02:30")
    ctx["other"] = new_regimen(pb, "pramipexole", FUTURE, "22:00")
    ctx["patient_token"] = cli_token("patient", "feeds-patient-a", pa)
    ctx["clinic_token"] = cli_token("clinic", "feeds-clinic")
    ctx["taper_patient"] = {"now": new_patient("FEEDS-TAPER-NOW"), "past": new_patient("FEEDS-TAPER-PAST")}

    run_group(test_query_token, ctx)
    run_group(test_ics_matches_json, ctx)
    run_group(test_format, ctx)
    run_group(test_hold_sequence, ctx)
    run_group(test_resume, ctx)
    run_group(test_stop_cancelled, ctx)
    run_group(test_rrule, ctx)
    ctx["renal_patient"] = new_patient("FEEDS-RENAL")
    run_group(test_renal_revision, ctx)
    for case in ("now", "past"):
        for drug in ("pramipexole", "ropinirole", "gabapentin"):
            run_group(test_taper, ctx, drug, case)


# ---------------------------------------------------------------- html mode

class DomText(html.parser.HTMLParser):
    """Text, <script> elements, and the month tables' cells of a document."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts = 0
        self.text = []
        self.months = {}        # "March 2027" -> {day: [texts of the cell]}
        self._caption = None
        self._in_caption = False
        self._table = None
        self._cell = None
        self._cell_text = []
        self._in_patient = False
        self.patient = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            self.scripts += 1
        elif tag == "table" and "month" in (a.get("class") or "").split():
            self._table = {}
        elif tag == "caption" and self._table is not None:
            self._in_caption = True
            self._caption = ""
        elif tag == "td" and self._table is not None:
            self._cell = []
        elif tag == "p" and "patient" in (a.get("class") or "").split():
            self._in_patient = True

    def handle_endtag(self, tag):
        if tag == "table" and self._table is not None:
            self.months[(self._caption or "").strip()] = self._table
            self._table = None
        elif tag == "caption":
            self._in_caption = False
        elif tag == "td" and self._cell is not None:
            words = [w for w in self._cell if w.strip()]
            if words and words[0].strip().isdigit():
                self._table[int(words[0])] = " ".join(w.strip() for w in words[1:])
            self._cell = None
        elif tag == "p":
            self._in_patient = False

    def handle_data(self, data):
        self.text.append(data)
        if self._in_caption:
            self._caption += data
        if self._cell is not None:
            self._cell.append(data)
        if self._in_patient:
            self.patient += data


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def main_html():
    t0 = time.monotonic()
    budget = 240.0   # chromium is slow on a loaded 2-core machine
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    scratch = os.environ.get("CHROMIUM_TMP") or "/tmp"
    outdir = os.environ.get("OUTPUT_DIR", "tests/output")
    os.makedirs(outdir, exist_ok=True)

    evil = "Ann <script>alert(1)</script>"
    pid = new_patient("HTML-1", evil)
    reg = new_regimen(pid, "pramipexole", FUTURE, "22:00")
    rid = reg["id"]
    token = cli_token("patient", "html-patient", pid)
    url = "%s/v1/regimens/%d/calendar.html?token=%s" % (BASE, rid, urllib.parse.quote(token))

    entries = calendar(rid)["entries"]
    first = dt.date.fromisoformat(entries[0]["date"])
    month = [e for e in entries if e["date"][:7] == first.strftime("%Y-%m")]
    caption = first.strftime("%B %Y")

    served = request("GET", "/v1/regimens/%d/calendar.html" % rid, query_token=token)
    check("calendar.html ?token= -> 200 text/html",
          served.status == 200 and (served.header("Content-Type") or "").startswith("text/html"))
    body = served.body.decode("utf-8")
    check("served page: the name is escaped", "Ann &lt;script&gt;alert(1)&lt;/script&gt;" in body)
    check("served page: no <script", "<script" not in body.lower())

    def chrome(*args):
        left = budget - (time.monotonic() - t0)
        if left < 5:
            raise AssertionError("out of time budget before chromium %s" % (args,))
        profile = os.path.join(scratch, "chromium-profile-%d" % int(time.monotonic() * 1000))
        os.makedirs(profile, exist_ok=True)
        cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--disable-dev-shm-usage", "--user-data-dir=" + profile] + list(args) + [url]
        env = dict(os.environ, HOME=profile)
        res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                             timeout=min(90, left - 2))
        if res.returncode != 0:
            print("# chromium exited %d; stderr tail:\n%s" % (
                res.returncode, res.stderr.decode("utf-8", "replace")[-1500:]))
        return res

    # 1. The rendered DOM.
    res = chrome("--dump-dom")
    dom = res.stdout.decode("utf-8", "replace")
    check("chromium --dump-dom exits 0 with a document", res.returncode == 0 and "<html" in dom, str(res.returncode))
    p = DomText()
    p.feed(dom)
    check("DOM: no <script> element", p.scripts == 0, "%d script elements" % p.scripts)
    check("DOM: the escaped name is in the serialised DOM", "Ann &lt;script&gt;alert(1)&lt;/script&gt;" in dom)
    check("DOM: the name shows as text", p.patient.strip() == "Patient: " + evil, repr(p.patient))
    cells = p.months.get(caption)
    check("DOM: a month table captioned %s" % caption, cells is not None, str(sorted(p.months)))
    missing = []
    for e in month:
        day = int(e["date"][8:10])
        txt = (cells or {}).get(day, "")
        if not has_dose(txt, e["dose_ug"]) or e["time"] not in txt:
            missing.append((e["date"], e["time"], mg_text(e["dose_ug"]), txt))
    check("DOM: all %d doses of %s, each in its day's cell with its time" % (len(month), caption),
          month and not missing, "e.g. %s" % missing[:3])
    text = " ".join(p.text)
    check("DOM text: every distinct dose of the first month",
          all(has_dose(text, d) for d in {e["dose_ug"] for e in month}))

    # 2. Printed to PDF.
    pdf = os.path.join(scratch, "calendar.pdf")
    res = chrome("--print-to-pdf=" + pdf, "--no-pdf-header-footer")
    ok = os.path.exists(pdf) and os.path.getsize(pdf) > 1000
    pdf_bytes = b""
    if ok:
        with open(pdf, "rb") as f:
            pdf_bytes = f.read()
    head = pdf_bytes[:5]
    check("chromium --print-to-pdf writes a PDF", ok and head == b"%PDF-",
          "rc %d, %s" % (res.returncode, head))
    if ok:
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf_bytes))
        check("PDF has at least one page (%d)" % pages, pages >= 1)
        pdftotext = next((d + "/pdftotext" for d in os.environ.get("PATH", "").split(":")
                          if os.access(d + "/pdftotext", os.X_OK)), None)
        if pdftotext:
            out = subprocess.run([pdftotext, "-layout", pdf, "-"], stdout=subprocess.PIPE, timeout=20)
            ptxt = out.stdout.decode("utf-8", "replace")
            check("PDF text: every distinct dose of the first month",
                  all(has_dose(ptxt, d) for d in {e["dose_ug"] for e in month}))
            check("PDF text: the name as text", "alert(1)" in ptxt)
        else:
            print("# pdftotext not installed: PDF text not checked (the DOM was)")

    # 3. A screenshot, kept under tests/output/.
    png = os.path.abspath(os.path.join(outdir, "calendar.png"))
    if os.path.exists(png):
        os.remove(png)
    res = chrome("--screenshot=" + png, "--window-size=1200,1600", "--hide-scrollbars")
    size = png_size(png) if os.path.exists(png) else None
    check("chromium --screenshot writes a 1200x1600 PNG to %s" % os.path.join(outdir, "calendar.png"),
          size == (1200, 1600), "rc %d, size %s" % (res.returncode, size))
    if size:
        check("screenshot is not blank (> 20 kB)", os.path.getsize(png) > 20000, str(os.path.getsize(png)))
    print("# html checks took %.1f s" % (time.monotonic() - t0))


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "feeds"
    if mode == "feeds":
        run_group(main_feeds)
    elif mode == "html":
        run_group(main_html)
    else:
        print("usage: feeds_check.py feeds|html", file=sys.stderr)
        return 2
    if RESULT_FILE:
        with open(RESULT_FILE, "w") as f:
            f.write("%d %d\n" % (passed, failed))
    else:
        print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
