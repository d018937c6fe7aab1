#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""seed.py - test data for bench/run.

  seed.py sql DB [--regimens N] [--regimen-pool N] [--medication-pool N]
      Directly in SQLite, in one transaction, against titrad's schema (the
      database must exist and be migrated, e.g. by `titrad token create`;
      the daemon must not be running).  Adds:
        * N patients with one active pramipexole regimen each (protocol
          defaults, start 2026-12-01, onset 22:00, dose 20:00) and the
          open flags the API raises for such a regimen (--flags-per-regimen,
          default 3);
        * a pool of patients without regimens, for POST regimen;
        * a pool of patients without medications, for POST medication.
      Prints shell assignments: REG_LO REG_HI RPOOL_LO RPOOL_HI MPOOL_LO MPOOL_HI.

      DB may also be a postgresql:// URI (a migrated database, through psql).

  seed.py api URL TOKEN [--flag-patients N]
      Through the running daemon's API: N patients, each with a pramipexole
      regimen and an SSRI (four open flags each: label.max-exceeded,
      label.faster-than-label, guideline.dopamine-agonist,
      rls-aggravator.ssri).  Prints OPEN_FLAGS=<count of open flags seen by
      GET /v1/flags, capped at 1000>.
"""
import argparse
import http.client
import json
import re
import sqlite3
import subprocess
import sys
import urllib.parse

STAMP = "2026-11-25T12:00:00Z"
FLAG_RULES = ("label.max-exceeded", "label.faster-than-label", "guideline.dopamine-agonist")


class PgDb:
    """The sqlite3 calls cmd_sql makes, on PostgreSQL through psql: one psql per statement
    (a dozen), ?N placeholders as literals.  The bench database is fresh and nothing else
    writes to it, so the PRAGMAs and the transaction are left out."""

    def __init__(self, uri):
        self.uri, self.rows = uri, []

    @staticmethod
    def lit(v):
        return str(v) if isinstance(v, int) else "'" + str(v).replace("'", "''") + "'"

    def execute(self, sql, params=()):
        self.rows = []
        if sql.startswith(("PRAGMA", "BEGIN", "COMMIT")):
            return self
        sql = re.sub(r"\?(\d+)", lambda m: self.lit(params[int(m.group(1)) - 1]), sql)
        out = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-F", "\x1f",
                              "-d", self.uri, "-c", sql], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, universal_newlines=True)
        if out.returncode != 0:
            sys.exit("seed.py: psql: %s" % out.stderr.strip())
        self.rows = [tuple(int(v) if re.fullmatch(r"-?[0-9]+", v) else v for v in line.split("\x1f"))
                     for line in out.stdout.split("\n") if line]
        return self

    def fetchone(self):
        return self.rows[0] if self.rows else None

    def close(self):
        pass


def add_patients(db, prefix, n):
    """n patients; returns (lo, hi) of their ids, or (0, -1) for none."""
    if n <= 0:
        return 0, -1
    before = db.execute("SELECT coalesce(max(id), 0) FROM patient").fetchone()[0]
    db.execute(
        "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ?1) "
        "INSERT INTO patient (external_id, display_name, dialysis, version, created_at, updated_at) "
        "SELECT ?2 || %s, 'Bench Patient ' || i, 0, 1, ?3, ?3 FROM c"
        % ("lpad(i::text, 8, '0')" if isinstance(db, PgDb) else "printf('%08d', i)"),
        (n, prefix, STAMP))
    lo, hi = db.execute("SELECT min(id), max(id) FROM patient WHERE id > ?1", (before,)).fetchone()
    if hi - lo + 1 != n:
        sys.exit("seed.py: patient ids are not contiguous")
    return lo, hi


def cmd_sql(a):
    if a.db.startswith(("postgresql:", "postgres:")):
        db = PgDb(a.db)
    else:
        db = sqlite3.connect(a.db, isolation_level=None)
    # A rollback journal and no fsync for the bulk load; titrad switches
    # back to WAL + synchronous=FULL when it opens the file.
    db.execute("PRAGMA journal_mode = DELETE")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -262144")
    db.execute("BEGIN IMMEDIATE")
    proto = db.execute("SELECT start_ug, step_ug, interval_days, max_ug FROM protocol "
                       "WHERE drug = 'pramipexole'").fetchone()
    if proto is None:
        sys.exit("seed.py: no pramipexole protocol (is the database migrated?)")
    plo, phi = add_patients(db, "bench-reg-", a.regimens)
    reg_lo, reg_hi = 0, -1
    if a.regimens > 0:
        before = db.execute("SELECT coalesce(max(id), 0) FROM regimen").fetchone()[0]
        db.execute(
            "INSERT INTO regimen (patient_id, drug, start_date, symptom_onset, bedtime, dose_time, "
            "start_ug, step_ug, interval_days, max_ug, status, version, created_at, updated_at) "
            "SELECT id, 'pramipexole', '2026-12-01', '22:00', NULL, '20:00', ?1, ?2, ?3, ?4, "
            "'active', 1, ?5, ?5 FROM patient WHERE id BETWEEN ?6 AND ?7 ORDER BY id",
            proto + (STAMP, plo, phi))
        reg_lo, reg_hi = db.execute("SELECT min(id), max(id) FROM regimen WHERE id > ?1",
                                    (before,)).fetchone()
        if reg_hi - reg_lo + 1 != a.regimens:
            sys.exit("seed.py: regimen ids are not contiguous")
        # The flags titrad raises for such a regimen (POST regimen with the
        # protocol defaults: above the labelled maximum, faster than the
        # label, dopamine agonist not first line), so lookups that touch
        # the flag table see a realistic table too.
        rules = FLAG_RULES[:a.flags_per_regimen]
        if rules:
            kbv = db.execute("SELECT value FROM kb_meta WHERE key = 'kb_version'").fetchone()[0]
            db.execute(
                "INSERT INTO flag (patient_id, regimen_id, medication_id, rule, severity, summary, "
                "detail, source, kb_version, status, created_at) "
                "SELECT g.patient_id, g.id, NULL, r.id, r.severity, r.summary, r.detail, r.source, "
                "?1, 'open', ?2 FROM regimen g JOIN rule r ON r.id IN (%s) "
                "WHERE g.id BETWEEN ?3 AND ?4 ORDER BY g.id, r.id" % ",".join("?%d" % (5 + i) for i in range(len(rules))),
                (kbv, STAMP, reg_lo, reg_hi) + tuple(rules))
    rlo, rhi = add_patients(db, "bench-rpool-", a.regimen_pool)
    mlo, mhi = add_patients(db, "bench-mpool-", a.medication_pool)
    # What titrad's store keeps with every write (schema/015), for the rows
    # added here behind its back: the open-flag counts and the data version.
    db.execute("UPDATE flag_open_count SET n = (SELECT count(*) FROM flag f "
               "WHERE f.status = 'open' AND f.severity = flag_open_count.severity)")
    db.execute("UPDATE data_version SET v = v + 1 WHERE id = 1")
    db.execute("COMMIT")
    db.execute("PRAGMA journal_mode = WAL")
    db.close()
    print(f"REG_LO={reg_lo} REG_HI={reg_hi} RPOOL_LO={rlo} RPOOL_HI={rhi} "
          f"MPOOL_LO={mlo} MPOOL_HI={mhi}")


def cmd_api(a):
    u = urllib.parse.urlsplit(a.url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    hdr = {"Authorization": "Bearer " + a.token, "Content-Type": "application/json"}

    def call(method, path, body=None):
        conn.request(method, path, body=None if body is None else json.dumps(body), headers=hdr)
        r = conn.getresponse()
        data = r.read()
        if r.status >= 300:
            sys.exit(f"seed.py: {method} {path} -> {r.status}: {data[:300]!r}")
        return json.loads(data) if data else None

    for i in range(a.flag_patients):
        p = call("POST", "/v1/patients",
                 {"external_id": f"bench-flags-{i:05d}", "display_name": f"Flag Patient {i}"})
        call("POST", f"/v1/patients/{p['id']}/regimens",
             {"drug": "pramipexole", "start_date": "2026-12-01", "symptom_onset": "22:00"})
        call("POST", f"/v1/patients/{p['id']}/medications",
             {"name": "Zoloft 50 mg tablet", "started": "2026-11-01"})
    flags = call("GET", "/v1/flags?status=open&limit=1000")
    print(f"OPEN_FLAGS={len(flags['items'])}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sql")
    s.add_argument("db")
    s.add_argument("--regimens", type=int, default=0)
    s.add_argument("--flags-per-regimen", type=int, default=3, choices=range(0, 4))
    s.add_argument("--regimen-pool", type=int, default=0)
    s.add_argument("--medication-pool", type=int, default=0)
    s = sub.add_parser("api")
    s.add_argument("url")
    s.add_argument("token")
    s.add_argument("--flag-patients", type=int, default=30)
    a = ap.parse_args()
    cmd_sql(a) if a.cmd == "sql" else cmd_api(a)


if __name__ == "__main__":
    main()
