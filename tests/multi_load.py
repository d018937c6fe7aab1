#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""multi_load.py - the races, the load driver and the checker of tests/multi_instance.test.

  multi_load.py races PORT_A PORT_B CLINIC ADMIN DB_URI
        the cross-instance races; prints one line per race, exit 0 when all hold
  multi_load.py load PORT_A PORT_B CLINIC ADMIN DIR
        writers through both instances until DIR/stop exists
  multi_load.py verify DB_URI DIR KILLS RESTARTS
        every acknowledged write is in the database exactly once

Two titrad instances share one PostgreSQL database.  The races send the same
request through both at the same moment (a barrier releases both threads):
the database, not either process, must decide which one wins.  The writers
act like a load balancer: each request goes to one instance, and a request
that meets a connection error (that instance was killed) or a 503 (the
database is restarting) is retried, with the same Idempotency-Key, through
the other.  Every 2xx answer is recorded in DIR/acks.jsonl; the checker then
counts the rows with psql.

Standard library only (psql for the counts); talks to 127.0.0.1 and the
cluster's Unix socket and nothing else.
"""
import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time

from crash_load import run_writers     # the acknowledgement log and the writers' lifetime

HOST = "127.0.0.1"
WRITERS = 4
RETRY_FOR = 40.0        # seconds one request keeps being retried (kills, database restarts)
TIMEOUT = 15            # seconds for one answer: longer is a hang
START = "2026-12-01"
ROUNDS = 10             # rounds of every race


def request(port, method, path, token, body=None, headers=None):
    """(status, headers dict (lower-case names), parsed body or None); raises OSError on no answer."""
    h = {"Authorization": "Bearer " + token, "Connection": "close"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    h.update(headers or {})
    conn = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
    try:
        conn.request(method, path, body=data, headers=h)
        resp = conn.getresponse()
        raw = resp.read()
        hdrs = {k.lower(): v for k, v in resp.getheaders()}
        status = resp.status
    except http.client.HTTPException as e:
        raise OSError(str(e))
    finally:
        conn.close()
    try:
        doc = json.loads(raw) if raw else None
    except ValueError:
        doc = None
    return status, hdrs, doc


def psql(uri, sql):
    """Rows of a query as lists of strings (psql -At, unit separator between fields).

    A URI that is not postgresql:// is a SQLite file (MULTI_DB, the test's own check)."""
    if not uri.startswith(("postgresql:", "postgres:")):
        import sqlite3
        con = sqlite3.connect("file:%s?mode=ro" % uri, uri=True)
        try:
            return [["" if v is None else str(v) for v in r] for r in con.execute(sql)]
        finally:
            con.close()
    out = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-F", "\x1f",
                          "-d", uri, "-c", sql], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         check=False)
    if out.returncode != 0:
        raise RuntimeError("psql: %s: %s" % (sql, out.stderr.decode(errors="replace").strip()))
    text = out.stdout.decode("utf-8")
    return [line.split("\x1f") for line in text.split("\n") if line != ""]


def lit(s):
    return "'" + str(s).replace("'", "''") + "'"


# ---------------------------------------------------------------- races

class Races:
    def __init__(self, ports, clinic, admin, uri):
        self.ports, self.clinic, self.admin, self.uri = ports, clinic, admin, uri
        self.failed = 0
        self.tag = "%d-%d" % (os.getpid(), random.getrandbits(24))

    def check(self, ok, msg):
        if not ok:
            self.failed += 1
            print("FAIL: " + msg)
        return ok

    def both(self, make):
        """Run make(instance) for instance 0 and 1 at the same moment; their results in order."""
        barrier = threading.Barrier(2)
        out = [None, None]

        def run(i):
            barrier.wait()
            try:
                out[i] = make(i)
            except OSError as e:
                out[i] = ("error", str(e))
        ts = [threading.Thread(target=run, args=(i,)) for i in (0, 1)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        return out

    def patient(self, port, ext):
        st, _, doc = request(port, "POST", "/v1/patients", self.clinic,
                             {"external_id": ext, "display_name": "Multi " + ext})
        if not self.check(st == 201, "POST /v1/patients %s: %r %r" % (ext, st, doc)):
            return None
        return doc["id"]

    def statuses(self, res):
        return sorted(r[0] if isinstance(r[0], int) else 0 for r in res)

    def race_external_id(self):
        ok = 0
        for n in range(ROUNDS):
            ext = "MULTI-RACE-%s-%d" % (self.tag, n)
            res = self.both(lambda i: request(self.ports[i], "POST", "/v1/patients", self.clinic,
                                              {"external_id": ext, "display_name": "Race %d" % n})[::2])
            st = self.statuses(res)
            rows = psql(self.uri, "SELECT count(*) FROM patient WHERE external_id = %s" % lit(ext))
            if self.check(st == [201, 409] and rows == [["1"]],
                          "same external_id through both: %r, %s rows" % (res, rows)):
                ok += 1
        print("race external_id: %d/%d rounds one 201 and one 409, one row" % (ok, ROUNDS))

    def race_regimen(self):
        ok = 0
        for n in range(ROUNDS):
            pid = self.patient(self.ports[n % 2], "MULTI-REG-%s-%d" % (self.tag, n))
            if pid is None:
                continue
            starts = (START, "2026-12-03")      # overlapping nights
            res = self.both(lambda i: request(self.ports[i], "POST", "/v1/patients/%d/regimens" % pid,
                                              self.clinic, {"drug": "pramipexole", "start_date": starts[i],
                                                            "symptom_onset": "22:00"})[::2])
            st = self.statuses(res)
            rows = psql(self.uri, "SELECT count(*) FROM regimen WHERE patient_id = %d" % pid)
            if self.check(st == [201, 409] and rows == [["1"]],
                          "same regimen through both (patient %d): %r, %s rows" % (pid, res, rows)):
                ok += 1
        print("race regimen: %d/%d rounds one 201 and one 409, one regimen" % (ok, ROUNDS))

    def race_idempotency(self):
        ok = 0
        replayed = conflicts = 0
        for n in range(ROUNDS):
            ext = "MULTI-IDEM-%s-%d" % (self.tag, n)
            key = "multi-%s-%d" % (self.tag, n)
            body = {"external_id": ext, "display_name": "Idem %d" % n}
            res = self.both(lambda i: request(self.ports[i], "POST", "/v1/patients", self.clinic, body,
                                              {"Idempotency-Key": key}))
            good = True
            ids = set()
            for r in res:
                if r[0] == 201:
                    ids.add(r[2]["id"])
                elif r[0] == 409:
                    conflicts += 1
                    # The twin was still running: the same key again gets the first answer.
                    st, hdrs, doc = request(self.ports[0], "POST", "/v1/patients", self.clinic, body,
                                            {"Idempotency-Key": key})
                    good &= self.check(st == 201 and hdrs.get("idempotent-replayed") == "true",
                                       "idempotency: retry after 409: %r %r" % (st, doc))
                    if st == 201:
                        ids.add(doc["id"])
                else:
                    good = self.check(False, "idempotency: same key through both: %r" % (r,))
            replayed += sum(1 for r in res if r[0] == 201 and r[1].get("idempotent-replayed") == "true")
            rows = psql(self.uri, "SELECT count(*) FROM patient WHERE external_id = %s" % lit(ext))
            good &= self.check(len(ids) == 1 and rows == [["1"]],
                               "idempotency: ids %r, %s rows for %s" % (ids, rows, ext))
            ok += good
        print("race Idempotency-Key: %d/%d rounds one row (%d twins replayed, %d answered 409 "
              "then replayed)" % (ok, ROUNDS, replayed, conflicts))

    def race_review(self):
        ok = 0
        for n in range(ROUNDS):
            pid = self.patient(self.ports[n % 2], "MULTI-FLAG-%s-%d" % (self.tag, n))
            if pid is None:
                continue
            st, _, doc = request(self.ports[n % 2], "POST", "/v1/patients/%d/medications" % pid,
                                 self.clinic, {"name": "Zoloft 50 mg", "started": "2026-11-01"})
            flags = [f["id"] for f in (doc or {}).get("flags", []) if f.get("rule") == "rls-aggravator.ssri"]
            if not self.check(st == 201 and len(flags) == 1, "Zoloft for patient %d: %r %r" % (pid, st, doc)):
                continue
            fid = flags[0]
            res = self.both(lambda i: request(self.ports[i], "POST", "/v1/flags/%d/review" % fid, self.admin,
                                              {"decision": "acknowledged", "note": "multi %d" % i})[::2])
            st = self.statuses(res)
            audit = psql(self.uri, "SELECT count(*) FROM audit WHERE entity = 'flag' AND entity_id = %d "
                                   "AND action = 'acknowledged'" % fid)
            if self.check(st == [200, 409] and audit == [["1"]],
                          "same flag review through both (flag %d): %r, %s audit rows" % (fid, res, audit)):
                ok += 1
        print("race flag review: %d/%d rounds one 200 and one 409, one audit row" % (ok, ROUNDS))

    def seen_by_other(self):
        ok = 0
        for n in range(ROUNDS):
            a, b = self.ports[n % 2], self.ports[1 - n % 2]
            pid = self.patient(a, "MULTI-SEEN-%s-%d" % (self.tag, n))
            if pid is None:
                continue
            st, _, doc = request(a, "POST", "/v1/patients/%d/regimens" % pid, self.clinic,
                                 {"drug": "pramipexole", "start_date": START, "symptom_onset": "22:00"})
            if not self.check(st == 201, "regimen through A: %r %r" % (st, doc)):
                continue
            rid = doc["id"]
            cal = "/v1/regimens/%d/calendar?from=2026-12-01&to=2026-12-20" % rid
            ics = "/v1/regimens/%d/calendar.ics" % rid
            st, _, c1 = request(b, "GET", cal, self.clinic)
            good = self.check(st == 200, "calendar through B: %r" % st)
            st, h1, _ = request(b, "GET", ics, self.clinic)
            good &= self.check(st == 200 and "etag" in h1, "calendar.ics through B: %r %r" % (st, h1))
            st, h0, _ = request(b, "GET", "/v1/regimens/%d" % rid, self.clinic)
            good &= self.check(st == 200 and "etag" in h0, "regimen through B: %r" % st)
            st, _, doc = request(a, "POST", "/v1/regimens/%d/hold" % rid, self.clinic,
                                 {"date": "2026-12-05", "reason": "multi"})
            good &= self.check(st == 200, "hold through A: %r %r" % (st, doc))
            # The very next requests through B see it: new content and a new ETag, not a
            # stale cached answer or a 304.
            st, _, c2 = request(b, "GET", cal, self.clinic)
            good &= self.check(st == 200 and c2 != c1, "calendar through B after a hold through A: %r, %s"
                               % (st, "unchanged" if c2 == c1 else "changed"))
            st, h2, _ = request(b, "GET", ics, self.clinic, headers={"If-None-Match": h1.get("etag", "")})
            good &= self.check(st == 200 and h2.get("etag") not in (None, h1.get("etag")),
                               "calendar.ics through B after a hold through A: %r, ETag %r then %r"
                               % (st, h1.get("etag"), h2.get("etag")))
            st, h3, r = request(b, "GET", "/v1/regimens/%d" % rid, self.clinic,
                                headers={"If-None-Match": h0.get("etag", "")})
            evs = [e.get("action") for e in (r or {}).get("events", [])]
            good &= self.check(st == 200 and evs == ["hold"] and h3.get("etag") not in (None, h0.get("etag")),
                               "regimen through B after a hold through A: %r, events %r, ETag %r then %r"
                               % (st, evs, h0.get("etag"), h3.get("etag")))
            ok += good
        print("write through one, next read through the other: %d/%d rounds saw it (calendar changed, "
              ".ics and regimen ETags changed)" % (ok, ROUNDS))

    def run(self):
        self.race_external_id()
        self.race_regimen()
        self.race_idempotency()
        self.race_review()
        self.seen_by_other()
        print("races: %s" % ("all held" if self.failed == 0 else "%d failures" % self.failed))
        return 0 if self.failed == 0 else 1


# ---------------------------------------------------------------- load

class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.sent = self.acked = self.conn_errors = self.failovers = self.replayed = 0
        self.status = {}
        self.bad = []           # 5xx other than 503, a 503 without Retry-After, refusals, hangs

    def add(self, **kw):
        with self.lock:
            for k, v in kw.items():
                setattr(self, k, getattr(self, k) + v)

    def saw(self, status):
        with self.lock:
            self.status[status] = self.status.get(status, 0) + 1

    def problem(self, what):
        with self.lock:
            self.bad.append(what)


class Writer(threading.Thread):
    def __init__(self, n, ports, clinic, admin, acks, stats, stopfile):
        super().__init__(daemon=True)
        self.n, self.ports, self.clinic, self.admin = n, ports, clinic, admin
        self.acks, self.stats, self.stopfile = acks, stats, stopfile
        self.rng = random.Random(n * 7919 + os.getpid())
        self.seq = 0

    def send(self, method, path, token, body):
        """(status, doc, key) of the first final answer; (None, None, key) when none came in time."""
        key = "multi-load-%d-%d-%d-%d" % (os.getpid(), self.n, self.seq, self.rng.getrandbits(40))
        self.seq += 1
        inst = self.rng.randrange(2)
        deadline = time.monotonic() + RETRY_FOR
        while True:
            self.stats.add(sent=1)
            t0 = time.monotonic()
            try:
                st, hdrs, doc = request(self.ports[inst], method, path, token, body, {"Idempotency-Key": key})
            except OSError as e:
                if "timed out" in str(e):
                    self.stats.problem("no answer within %d s (a hang): %s %s" % (TIMEOUT, method, path))
                self.stats.add(conn_errors=1, failovers=1)
                inst = 1 - inst                 # that one is down: the balancer tries the other
                if time.monotonic() > deadline:
                    self.stats.problem("no answer for %.0f s: %s %s" % (RETRY_FOR, method, path))
                    return None, None, key
                time.sleep(0.05)
                continue
            self.stats.saw(st)
            if st == 503 and "retry-after" not in hdrs:
                self.stats.problem("503 without Retry-After: %s %s" % (method, path))
            if st >= 500 and st != 503:
                self.stats.problem("%d %s %s %s" % (st, method, path, (doc or {}).get("detail", "")))
            retry = st == 503 or (st == 409 and "Idempotency-Key" in (doc or {}).get("detail", ""))
            if retry and time.monotonic() < deadline:
                if st == 503:
                    inst = 1 - inst
                    self.stats.add(failovers=1)
                time.sleep(0.1 if time.monotonic() - t0 < 0.1 else 0)
                continue
            if hdrs.get("idempotent-replayed") == "true":
                self.stats.add(replayed=1)
            if not 200 <= st < 300:
                self.stats.problem("refused: %d %s %s %s" % (st, method, path, (doc or {}).get("detail", "")))
                time.sleep(0.05)        # a failure already; no need to make it a flood
            return st, doc, key

    def ack(self, rec):
        self.stats.add(acked=1)
        self.acks.write(rec)

    def run(self):
        while not os.path.exists(self.stopfile):
            self.chain()

    def chain(self):
        ext = "MULTI-LOAD-%d-%d-%d" % (os.getpid(), self.n, self.seq)
        st, doc, key = self.send("POST", "/v1/patients", self.clinic,
                                 {"external_id": ext, "display_name": "Load %s" % ext})
        if st != 201:
            return
        pid = doc["id"]
        self.ack({"op": "patient", "id": pid, "external_id": ext, "key": key})
        st, doc, key = self.send("POST", "/v1/patients/%d/medications" % pid, self.clinic,
                                 {"name": "Zoloft 50 mg", "started": "2026-11-01"})
        flag = None
        if st == 201:
            flags = [f["id"] for f in doc.get("flags", []) if f.get("rule") == "rls-aggravator.ssri"]
            self.ack({"op": "medication", "id": doc["id"], "patient_id": pid, "flags": flags, "key": key})
            flag = flags[0] if flags else None
        st, doc, key = self.send("POST", "/v1/patients/%d/regimens" % pid, self.clinic,
                                 {"drug": "pramipexole", "start_date": START, "symptom_onset": "22:00"})
        if st == 201:
            rid = doc["id"]
            self.ack({"op": "regimen", "id": rid, "patient_id": pid, "key": key})
            if self.rng.random() < 0.5:
                st, doc, key = self.send("POST", "/v1/regimens/%d/hold" % rid, self.clinic,
                                         {"date": "2026-12-%02d" % self.rng.randint(2, 20), "reason": "multi"})
                if st == 200:
                    self.ack({"op": "hold", "regimen_id": rid, "key": key})
        if flag is not None and self.rng.random() < 0.5:
            st, doc, key = self.send("POST", "/v1/flags/%d/review" % flag, self.admin,
                                     {"decision": "acknowledged", "note": "multi load"})
            if st == 200:
                self.ack({"op": "review", "flag_id": flag, "key": key})


def cmd_load(ports, clinic, admin, d):
    stats = Stats()
    run_writers(lambda acks, stop: [Writer(i, ports, clinic, admin, acks, stats, stop)
                                    for i in range(WRITERS)], d)
    with open(os.path.join(d, "stats.json"), "w") as f:
        json.dump({k: getattr(stats, k) for k in ("sent", "acked", "conn_errors", "failovers",
                                                  "replayed", "status", "bad")}, f)
    return 0


# ---------------------------------------------------------------- verify

def cmd_verify(uri, d, kills, restarts):
    failed = [0]

    def check(ok, msg):
        if not ok:
            failed[0] += 1
            if failed[0] <= 50:
                print("FAIL: " + msg)

    with open(os.path.join(d, "stats.json")) as f:
        stats = json.load(f)
    acks = [json.loads(line) for line in open(os.path.join(d, "acks.jsonl"), encoding="utf-8")]

    def counts(sql):
        return {r[0]: int(r[1]) for r in psql(uri, sql)}

    patients = counts("SELECT external_id, count(*) FROM patient WHERE external_id LIKE 'MULTI-LOAD-%' "
                      "GROUP BY external_id")
    meds = counts("SELECT m.id, count(*) FROM medication m JOIN patient p ON p.id = m.patient_id "
                  "WHERE p.external_id LIKE 'MULTI-LOAD-%' GROUP BY m.id")
    meds_per_patient = counts("SELECT m.patient_id, count(*) FROM medication m JOIN patient p "
                              "ON p.id = m.patient_id WHERE p.external_id LIKE 'MULTI-LOAD-%' "
                              "GROUP BY m.patient_id")
    regs_per_patient = counts("SELECT r.patient_id, count(*) FROM regimen r JOIN patient p "
                              "ON p.id = r.patient_id WHERE p.external_id LIKE 'MULTI-LOAD-%' "
                              "GROUP BY r.patient_id")
    regs = counts("SELECT r.id, count(*) FROM regimen r JOIN patient p ON p.id = r.patient_id "
                  "WHERE p.external_id LIKE 'MULTI-LOAD-%' GROUP BY r.id")
    holds = counts("SELECT e.regimen_id, count(*) FROM regimen_event e JOIN regimen r ON r.id = e.regimen_id "
                   "JOIN patient p ON p.id = r.patient_id WHERE p.external_id LIKE 'MULTI-LOAD-%' "
                   "AND e.kind = 'hold' GROUP BY e.regimen_id")
    reviews = counts("SELECT a.entity_id, count(*) FROM audit a WHERE a.entity = 'flag' "
                     "AND a.action = 'acknowledged' AND a.entity_id IN (SELECT f.id FROM flag f JOIN "
                     "patient p ON p.id = f.patient_id WHERE p.external_id LIKE 'MULTI-LOAD-%') "
                     "GROUP BY a.entity_id")
    flags_per_med = counts("SELECT f.medication_id, count(*) FROM flag f JOIN patient p ON p.id = f.patient_id "
                           "WHERE p.external_id LIKE 'MULTI-LOAD-%' AND f.rule = 'rls-aggravator.ssri' "
                           "GROUP BY f.medication_id")
    keys = counts("SELECT key, count(*) FROM idempotency WHERE key LIKE 'multi-load-%' GROUP BY key")

    lost = 0
    for a in acks:
        op = a["op"]
        if op == "patient":
            here = patients.get(a["external_id"], 0)
        elif op == "medication":
            here = meds.get(str(a["id"]), 0)
        elif op == "regimen":
            here = regs.get(str(a["id"]), 0)
        elif op == "hold":
            here = holds.get(str(a["regimen_id"]), 0)
        else:
            here = reviews.get(str(a["flag_id"]), 0)
        key_rows = keys.get(a["key"], 0)
        if here == 0 or key_rows == 0:
            lost += 1
        check(here == 1, "%s %r acknowledged, %d in the database" % (op, a, here))
        check(key_rows == 1, "%s %r: Idempotency-Key stored %d times" % (op, a.get("id"), key_rows))

    dup = 0
    for table, rows, most in (("patient per external_id", patients, 1), ("medication per patient", meds_per_patient, 1),
                              ("regimen per patient", regs_per_patient, 1), ("hold per regimen", holds, 1),
                              ("review per flag", reviews, 1), ("ssri flag per medication", flags_per_med, 1)):
        for k, n in rows.items():
            if n > most:
                dup += 1
                check(False, "%s %s: %d rows (written twice)" % (table, k, n))
    for mid in meds:
        check(flags_per_med.get(mid, 0) == 1, "medication %s: %d ssri flags (half-written)"
              % (mid, flags_per_med.get(mid, 0)))

    check(not stats["bad"], "%d bad answers, e.g. %r" % (len(stats["bad"]), stats["bad"][:8]))
    check(stats["acked"] > 0, "nothing was acknowledged")
    print("requests sent: %d; answers by status: %s" % (stats["sent"], ", ".join(
        "%s: %d" % (k, v) for k, v in sorted(stats["status"].items()))))
    print("connection errors: %d; fail-overs to the other instance: %d; answers replayed: %d"
          % (stats["conn_errors"], stats["failovers"], stats["replayed"]))
    print("acknowledged writes: %d; kills -9: %d; PostgreSQL immediate restarts: %d; lost=%d; "
          "duplicated=%d" % (len(acks), kills, restarts, lost, dup))
    print("%s" % ("verify: ok" if failed[0] == 0 else "verify: %d failures" % failed[0]))
    return 0 if failed[0] == 0 else 1


def main(argv):
    if len(argv) == 7 and argv[1] == "races":
        return Races((int(argv[2]), int(argv[3])), argv[4], argv[5], argv[6]).run()
    if len(argv) == 7 and argv[1] == "load":
        return cmd_load((int(argv[2]), int(argv[3])), argv[4], argv[5], argv[6])
    if len(argv) == 6 and argv[1] == "verify":
        return cmd_verify(argv[2], argv[3], int(argv[4]), int(argv[5]))
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
