#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""crash_load.py - the load driver and the checker of tests/crash.sh.

  crash_load.py load PORT CLINIC REVIEWER DIR  concurrent writers until DIR/stop exists
  crash_load.py verify DB DIR CRASHES          check every acknowledged write in DB
                                               (a SQLite file, or a postgresql:// URI: psql)

The writers record every request that got a 2xx answer, with the ids of its
response, in DIR/acks.jsonl; a request that met a connection error (the
daemon was killed) is retried until the daemon answers.  Every POST carries
an Idempotency-Key, the same on every retry, so a write whose answer was
lost to a crash must be answered from the stored response (replayed), never
written twice and never refused.  Everything acknowledged must be in the
database, whole, exactly once.

Standard library only; talks to 127.0.0.1 and nothing else.
"""
import http.client
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import threading
import time

HOST = "127.0.0.1"
# Many writers at once, so the daemon commits them in groups (tests/crash.sh checks it did).
WRITERS = int(os.environ.get("CRASH_WRITERS", "16"))
RETRY_FOR = 15.0        # seconds one request keeps being retried over restarts
START = "2026-12-01"

# Medications the writers add: (name, its ingredients in order; None: as the answer said).
# Every Zoloft raises an rls-aggravator.ssri flag in the same transaction.
MEDS = [
    ("Zoloft 50 mg", ["sertraline"]),
    ("Zoloft 50 mg tablet", ["sertraline"]),
    ("Sinemet 25/100", None),               # a combination product
    ("Unknownium 5 mg", []),                # unrecognised: stored with no ingredients
]


# The status a regimen has after each ending action.
ENDED = {"stop": "stopped", "taper": "tapering"}


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.sent = 0
        self.acked = 0
        self.conn_errors = 0
        self.status = {}
        self.server_errors = []
        self.replayed = 0
        self.unexpected = []

    def add(self, **kw):
        with self.lock:
            for k, v in kw.items():
                setattr(self, k, getattr(self, k) + v)

    def saw(self, status, what):
        with self.lock:
            self.status[status] = self.status.get(status, 0) + 1
            if status == 500 or status >= 504:
                self.server_errors.append("%d %s" % (status, what))

    def refused(self, status, what, doc):
        with self.lock:
            self.unexpected.append("%d %s %s" % (status, what, (doc or {}).get("detail", "")))


class Writer(threading.Thread):
    def __init__(self, n, port, clinic, reviewer, acks, stats, stopfile):
        super().__init__(daemon=True)
        self.n, self.port, self.clinic, self.reviewer = n, port, clinic, reviewer
        self.acks, self.stats, self.stopfile = acks, stats, stopfile
        self.rng = random.Random(n * 7919 + os.getpid())
        self.seq = 0

    def stopped(self):
        return os.path.exists(self.stopfile)

    def request(self, method, path, token, body):
        """(status, json) of the first answer; (None, None) if none came in time."""
        data = json.dumps(body).encode()
        key = "crash-%d-%d-%d-%d" % (os.getpid(), self.n, self.seq, self.rng.getrandbits(48))
        deadline = time.monotonic() + RETRY_FOR
        while True:
            self.stats.add(sent=1)
            conn = http.client.HTTPConnection(HOST, self.port, timeout=10)
            try:
                conn.request(method, path, body=data, headers={
                    "Authorization": "Bearer " + token,
                    "Content-Type": "application/json",
                    "Idempotency-Key": key,
                    "Connection": "close"})
                resp = conn.getresponse()
                raw = resp.read()
                status = resp.status
                replayed = resp.getheader("Idempotent-Replayed") == "true"
            except (OSError, http.client.HTTPException):
                self.stats.add(conn_errors=1)
                conn.close()
                if time.monotonic() > deadline:
                    return None, None
                time.sleep(0.02)
                continue
            conn.close()
            self.stats.saw(status, method + " " + path)
            try:
                doc = json.loads(raw) if raw else None
            except ValueError:
                doc = None
            retry = status == 503 or (status == 409 and "Idempotency-Key" in (doc or {}).get("detail", ""))
            if retry and time.monotonic() < deadline:
                time.sleep(0.05)        # busy, or our twin still running: retry
                continue
            if replayed:
                self.stats.add(replayed=1)
            if not 200 <= status < 300:
                self.stats.refused(status, method + " " + path, doc)
            elif isinstance(doc, dict):
                doc["_key"] = key
            return status, doc

    def ack(self, rec):
        self.stats.add(acked=1)
        self.acks.write(rec)

    def run(self):
        while not self.stopped():
            self.chain()

    def chain(self):
        """A patient, medications, a regimen, a check-in, a hold, a stop or taper, a flag review."""
        self.seq += 1
        ext = "CRASH-%d-%d-%d" % (os.getpid(), self.n, self.seq)
        name = "Crash Pätient %d/%d \u2014 \u00e9\u00e8" % (self.n, self.seq)
        st, doc = self.request("POST", "/v1/patients", self.clinic,
                               {"external_id": ext, "display_name": name, "crcl_ml_min": 55.5})
        if st != 201:
            return
        pid = doc["id"]
        self.ack({"op": "patient", "id": pid, "external_id": ext, "display_name": name, "key": doc["_key"]})

        flag = None
        for med in self.rng.sample(MEDS, 2):
            st, doc = self.request("POST", "/v1/patients/%d/medications" % pid, self.clinic,
                                   {"name": med[0], "started": "2026-11-01"})
            if st != 201:
                continue
            ings = [i["name"] for i in doc.get("ingredients", [])]
            flags = [(f["id"], f["rule"]) for f in doc.get("flags", [])]
            self.ack({"op": "medication", "id": doc["id"], "patient_id": pid, "name": med[0],
                      "ingredients": ings, "flags": flags, "key": doc["_key"]})
            for fid, rule in flags:
                if rule == "rls-aggravator.ssri":
                    flag = fid

        st, doc = self.request("POST", "/v1/patients/%d/regimens" % pid, self.clinic,
                               {"drug": "pramipexole", "start_date": START,
                                "symptom_onset": "22:00"})
        rid = None
        if st == 201:
            rid = doc["id"]
            self.ack({"op": "regimen", "id": rid, "patient_id": pid, "drug": "pramipexole",
                      "start_date": START, "key": doc["_key"]})
        if rid is not None and self.rng.random() < 0.6:
            # The first night (never after today); severe enough that titrad does not auto-hold.
            sev = self.rng.randint(7, 10)
            st, doc = self.request("POST", "/v1/regimens/%d/checkins" % rid, self.clinic,
                                   {"night": START, "severity": sev, "note": "crash test é"})
            if st == 201:
                self.ack({"op": "checkin", "id": doc["id"], "regimen_id": rid, "night": START,
                          "severity": sev, "key": doc["_key"]})
        day = self.rng.randint(1, 20)
        if rid is not None and self.rng.random() < 0.7:
            date = "2026-12-%02d" % day
            st, doc = self.request("POST", "/v1/regimens/%d/hold" % rid, self.clinic,
                                   {"date": date, "reason": "crash test"})
            if st == 200:
                self.ack({"op": "hold", "regimen_id": rid, "date": date, "key": doc["_key"]})
            elif st is None:
                rid = None      # unknown whether it was written: send nothing after it
        if rid is not None and self.rng.random() < 0.6:
            # A stop or a taper, on or after the hold's night (never before the last event).
            taper = self.rng.random() < 0.5
            date = "2026-12-%02d" % (day + self.rng.randint(0, 8))
            body = {"date": date, "reason": "crash test"}
            if taper:
                body["taper"] = True
            st, doc = self.request("POST", "/v1/regimens/%d/stop" % rid, self.clinic, body)
            if st == 200:
                self.ack({"op": "taper" if taper else "stop", "regimen_id": rid, "date": date,
                          "key": doc["_key"]})
        if flag is not None and self.rng.random() < 0.7:
            st, doc = self.request("POST", "/v1/flags/%d/review" % flag, self.reviewer,
                                   {"decision": "acknowledged", "note": "seen in crash test"})
            if st == 200:
                self.ack({"op": "review", "flag_id": flag, "decision": "acknowledged", "key": doc["_key"]})


class AckLog:
    def __init__(self, path):
        self.f = open(path, "a", encoding="utf-8")
        self.lock = threading.Lock()

    def write(self, rec):
        with self.lock:
            self.f.write(json.dumps(rec, ensure_ascii=False) + "\n")
            self.f.flush()

    def close(self):
        self.f.close()


def run_writers(make, d):
    """make(acks, stopfile) -> writer threads; run them until DIR/stop exists, close the log."""
    acks = AckLog(os.path.join(d, "acks.jsonl"))
    ws = make(acks, os.path.join(d, "stop"))
    for w in ws:
        w.start()
    for w in ws:
        w.join()
    acks.close()


def cmd_load(port, clinic, reviewer, d):
    stats = Stats()
    run_writers(lambda acks, stop: [Writer(i, port, clinic, reviewer, acks, stats, stop)
                                    for i in range(WRITERS)], d)
    with open(os.path.join(d, "stats.json"), "w") as f:
        json.dump({"sent": stats.sent, "acked": stats.acked, "conn_errors": stats.conn_errors,
                   "status": stats.status, "server_errors": stats.server_errors,
                   "replayed": stats.replayed, "unexpected": stats.unexpected}, f)
    return 0


class Checker:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, msg):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            if self.failed <= 50:
                print("FAIL: " + msg)


class Psql:
    """The sqlite3 calls cmd_verify makes, on one long-lived psql: "?" placeholders
    become literals; integers and booleans come back as Python ints, the rest as text."""
    END = "__crash_load_end__"

    def __init__(self, uri):
        self.p = subprocess.Popen(["psql", "-X", "-q", "-At", "-F", "\x1f", "-d", uri],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  universal_newlines=True, encoding="utf-8")
        self.rows = []

    @staticmethod
    def lit(v):
        if isinstance(v, int):
            return str(v)
        return "'" + str(v).replace("'", "''") + "'"

    @staticmethod
    def value(v):
        if re.fullmatch(r"-?[0-9]+", v):
            return int(v)
        return {"t": 1, "f": 0}.get(v, v)

    def execute(self, sql, args=()):
        parts = sql.split("?")
        text = parts[0] + "".join(self.lit(a) + p for a, p in zip(args, parts[1:]))
        self.p.stdin.write(text + ";\n\\echo " + self.END + "\n")
        self.p.stdin.flush()
        self.rows = []
        for line in self.p.stdout:
            line = line.rstrip("\n")
            if line == self.END:
                break
            self.rows.append(tuple(self.value(v) for v in line.split("\x1f")))
        return self

    def fetchall(self):
        return self.rows


def cmd_verify(db, d, crashes):
    c = Checker()
    with open(os.path.join(d, "stats.json")) as f:
        stats = json.load(f)
    acks = []
    with open(os.path.join(d, "acks.jsonl"), encoding="utf-8") as f:
        for line in f:
            acks.append(json.loads(line))

    pg = db.startswith(("postgresql:", "postgres:"))
    con = Psql(db) if pg else sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    q = lambda sql, *a: con.execute(sql, a).fetchall()
    rows = 0

    if pg:
        # PostgreSQL enforces the foreign keys itself; its pages are checked by its own recovery.
        print("PRAGMA integrity_check and foreign_key_check: SQLite only")
    else:
        c.check(q("PRAGMA integrity_check") == [("ok",)], "PRAGMA integrity_check is not ok")
        fk = q("PRAGMA foreign_key_check")
        c.check(fk == [], "PRAGMA foreign_key_check: %r" % fk[:5])

    def audited(action, entity, eid):
        return q("SELECT count(*) FROM audit WHERE action = ? AND entity = ? AND entity_id = ?",
                 action, entity, eid)[0][0] == 1

    ids = {}
    for a in acks:
        key = (a["op"], a.get("id", a.get("regimen_id", a.get("flag_id"))))
        c.check(key not in ids or a["op"] in ("hold", "stop", "taper", "review"),
                "the same id acknowledged twice: %r" % (key,))
        ids[key] = a
        op = a["op"]
        if op == "patient":
            r = q("SELECT external_id, display_name FROM patient WHERE id = ?", a["id"])
            c.check(r == [(a["external_id"], a["display_name"])],
                    "patient %d: acknowledged %r, stored %r" % (a["id"], a["external_id"], r))
            c.check(audited("patient.create", "patient", a["id"]),
                    "patient %d: no audit row" % a["id"])
            rows += 1
        elif op == "medication":
            r = q("SELECT patient_id, name, status FROM medication WHERE id = ?", a["id"])
            c.check(r == [(a["patient_id"], a["name"], "active")],
                    "medication %d: acknowledged %r, stored %r" % (a["id"], a["name"], r))
            ings = [x[0] for x in q("SELECT i.name FROM medication_ingredient m JOIN ingredient i "
                                    "ON i.id = m.ingredient_id WHERE m.medication_id = ? "
                                    "ORDER BY m.position", a["id"])]
            c.check(ings == a["ingredients"], "medication %d: ingredients %r, acknowledged %r"
                    % (a["id"], ings, a["ingredients"]))
            want = [m for m in MEDS if m[0] == a["name"]]
            if want and want[0][1] is not None:
                c.check(ings == want[0][1], "medication %d (%s): ingredients %r, want %r"
                        % (a["id"], a["name"], ings, want[0][1]))
            for fid, rule in a["flags"]:
                r = q("SELECT rule, medication_id FROM flag WHERE id = ?", fid)
                c.check(r == [(rule, a["id"])], "flag %d of medication %d: stored %r"
                        % (fid, a["id"], r))
            c.check(audited("medication.create", "medication", a["id"]),
                    "medication %d: no audit row" % a["id"])
            rows += 1 + len(ings) + len(a["flags"])
        elif op == "regimen":
            r = q("SELECT patient_id, drug, start_date FROM regimen WHERE id = ?", a["id"])
            c.check(r == [(a["patient_id"], a["drug"], a["start_date"])],
                    "regimen %d: stored %r" % (a["id"], r))
            c.check(audited("regimen.create", "regimen", a["id"]),
                    "regimen %d: no audit row" % a["id"])
            rows += 1
        elif op == "hold":
            r = q("SELECT count(*) FROM regimen_event WHERE regimen_id = ? AND kind = 'hold' "
                  "AND night_date = ?", a["regimen_id"], a["date"])
            c.check(r == [(1,)], "regimen %d: acknowledged hold on %s, %r events"
                    % (a["regimen_id"], a["date"], r))
            r = q("SELECT status FROM regimen WHERE id = ?", a["regimen_id"])
            ended = q("SELECT kind FROM regimen_event WHERE regimen_id = ? AND kind IN ('stop', 'taper')",
                      a["regimen_id"])
            want = [(ENDED[ended[0][0]],)] if ended else [("held",)]
            c.check(r == want, "regimen %d: held acknowledged (then %r), status %r"
                    % (a["regimen_id"], ended, r))
            c.check(audited("hold", "regimen", a["regimen_id"]),
                    "regimen %d: no audit row for the hold" % a["regimen_id"])
            rows += 1
        elif op in ("stop", "taper"):
            r = q("SELECT count(*) FROM regimen_event WHERE regimen_id = ? AND kind = ? "
                  "AND night_date = ?", a["regimen_id"], op, a["date"])
            c.check(r == [(1,)], "regimen %d: acknowledged %s on %s, %r events"
                    % (a["regimen_id"], op, a["date"], r))
            r = q("SELECT status FROM regimen WHERE id = ?", a["regimen_id"])
            c.check(r == [(ENDED[op],)], "regimen %d: %s acknowledged, status %r"
                    % (a["regimen_id"], op, r))
            c.check(audited(op, "regimen", a["regimen_id"]),
                    "regimen %d: no audit row for the %s" % (a["regimen_id"], op))
            rows += 1
        elif op == "checkin":
            r = q("SELECT regimen_id, night, severity FROM checkin WHERE id = ?", a["id"])
            c.check(r == [(a["regimen_id"], a["night"], a["severity"])],
                    "check-in %d: acknowledged %r, stored %r" % (a["id"], a, r))
            c.check(audited("checkin.create", "regimen", a["regimen_id"]),
                    "check-in %d: no audit row" % a["id"])
            rows += 1
        elif op == "review":
            r = q("SELECT status, reviewed_by IS NOT NULL FROM flag WHERE id = ?", a["flag_id"])
            c.check(r == [(a["decision"], 1)], "flag %d: reviewed %s acknowledged, stored %r"
                    % (a["flag_id"], a["decision"], r))
            c.check(audited(a["decision"], "flag", a["flag_id"]),
                    "flag %d: no audit row for the review" % a["flag_id"])
            rows += 1

    # Exactly once: each acknowledged POST left one stored answer under its key.
    for a in acks:
        r = q("SELECT status FROM idempotency WHERE key = ?", a["key"])
        c.check(len(r) == 1 and 200 <= r[0][0] < 300,
                "%s %r: Idempotency-Key %s stored as %r" % (a["op"], a.get("id"), a["key"], r))
        rows += 1
    # ... and no write twice, acknowledged or not: one row per patient and medication name,
    # one pramipexole regimen and at most one hold per regimen.
    for (pid, name, n) in q("SELECT m.patient_id, m.name, count(*) FROM medication m JOIN patient p "
                            "ON p.id = m.patient_id WHERE p.external_id LIKE 'CRASH-%' "
                            "GROUP BY m.patient_id, m.name HAVING count(*) > 1"):
        c.check(False, "patient %d has medication %r %d times (a retried POST written twice)"
                % (pid, name, n))
    for (pid, n) in q("SELECT patient_id, count(*) FROM regimen GROUP BY patient_id HAVING count(*) > 1"):
        c.check(False, "patient %d has %d regimens (a retried POST written twice)" % (pid, n))
    for (rid, kind, n) in q("SELECT regimen_id, kind, count(*) FROM regimen_event "
                            "GROUP BY regimen_id, kind HAVING count(*) > 1"):
        c.check(False, "regimen %d has %d %s events (a retried action written twice)" % (rid, n, kind))
    for (rid, n) in q("SELECT regimen_id, count(*) FROM checkin GROUP BY regimen_id HAVING count(*) > 1"):
        c.check(False, "regimen %d has %d check-ins (a retried check-in written twice)" % (rid, n))

    # No half-written record, acknowledged or not.
    for (mid,) in q("SELECT id FROM medication WHERE name LIKE 'Zoloft%'"):
        n = q("SELECT count(*) FROM flag WHERE medication_id = ? AND rule = 'rls-aggravator.ssri'",
              mid)[0][0]
        c.check(n == 1, "medication %d (Zoloft) has %d rls-aggravator.ssri flags" % (mid, n))
        rows += 1
    for (mid, name) in q("SELECT id, name FROM medication"):
        want = [m for m in MEDS if m[0] == name]
        if want and want[0][1] is not None:
            ings = [x[0] for x in q("SELECT i.name FROM medication_ingredient m JOIN ingredient i "
                                    "ON i.id = m.ingredient_id WHERE m.medication_id = ? "
                                    "ORDER BY m.position", mid)]
            c.check(ings == want[0][1], "medication %d (%s) stored with ingredients %r"
                    % (mid, name, ings))
    for (rid,) in q("SELECT id FROM regimen WHERE status = 'held'"):
        n = q("SELECT count(*) FROM regimen_event WHERE regimen_id = ? AND kind = 'hold'", rid)[0][0]
        c.check(n >= 1, "regimen %d is held without a hold event" % rid)
        rows += 1
    for status, kind in (("stopped", "stop"), ("tapering", "taper")):
        for (rid,) in q("SELECT id FROM regimen WHERE status = ?", status):
            n = q("SELECT count(*) FROM regimen_event WHERE regimen_id = ? AND kind = ?", rid, kind)[0][0]
            c.check(n == 1, "regimen %d is %s with %d %s events" % (rid, status, n, kind))
            rows += 1
    for (rid,) in q("SELECT r.id FROM regimen r WHERE status = 'active' AND EXISTS "
                    "(SELECT 1 FROM regimen_event e WHERE e.regimen_id = r.id)"):
        c.check(False, "regimen %d is active but has events (no resume was sent)" % rid)
    for (fid,) in q("SELECT id FROM flag WHERE status <> 'open' AND reviewed_by IS NULL"):
        c.check(False, "flag %d reviewed without reviewed_by" % fid)
    for (pid,) in q("SELECT p.id FROM patient p WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE "
                    "a.entity = 'patient' AND a.entity_id = p.id AND a.action = 'patient.create')"):
        c.check(False, "patient %d has no patient.create audit row" % pid)
    for (pid,) in q("SELECT p.id FROM patient p WHERE NOT EXISTS (SELECT 1 FROM patient_renal r "
                    "WHERE r.patient_id = p.id)"):
        c.check(False, "patient %d was created with crcl_ml_min but has no renal row" % pid)

    c.check(not stats["server_errors"], "5xx answers: %r" % stats["server_errors"][:10])
    c.check(not stats["unexpected"], "refused writes (a retry with its Idempotency-Key must be "
            "replayed, not refused): %d, e.g. %r" % (len(stats["unexpected"]), stats["unexpected"][:5]))
    c.check(stats["acked"] > 0, "nothing was acknowledged")

    print("requests sent: %d" % stats["sent"])
    print("2xx acknowledged: %d" % stats["acked"])
    print("connection errors retried: %d; answers replayed after a crash: %d"
          % (stats["conn_errors"], stats["replayed"]))
    print("answers by status: %s" % ", ".join("%s: %d" % (k, v) for k, v in
                                              sorted(stats["status"].items())))
    print("rows verified: %d" % rows)
    print("crashes survived: %d" % crashes)
    print("%d passed, %d failed" % (c.passed, c.failed))
    return 0 if c.failed == 0 else 1


def main(argv):
    if len(argv) == 6 and argv[1] == "load":
        return cmd_load(int(argv[2]), argv[3], argv[4], argv[5])
    if len(argv) == 5 and argv[1] == "verify":
        return cmd_verify(argv[2], argv[3], int(argv[4]))
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
