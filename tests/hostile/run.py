#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
"true" '''\'
# Shell part: skip (77) without python3, else run this file with it.
py=${PYTHON3:-python3}
if [ "$py" = no ] || ! command -v "$py" >/dev/null 2>&1; then
	echo "hostile/run.py: python3 not found; skipping"
	exit 77
fi
exec "$py" "$0" "$@"
'''
"""tests/hostile/run.py - hostile requests against a live titrad.

Starts src/titrad on a free 127.0.0.1 port with a fresh database, seeds
two patients, regimens, medications and a reviewed flag to aim at, counts
the rows of every clinical table, then sends every request of
tests/hostile/requests.txt over a raw socket (so malformed HTTP can be
sent) and checks each answer:

  * the status is one the file expects, and never 5xx unless expected
    ("close": the server may drop the connection without an answer);
  * titrad's own refusals are RFC 9457 problem details with that status,
    401 carries WWW-Authenticate and 405 carries Allow;
  * afterwards the daemon is alive and answers, no row was written, and it
    stops cleanly on SIGTERM.

Requests marked as a known src bug ("!bug") are reported but do not fail
the run while they still misbehave; once they pass the run says so.

    tests/hostile/run.py [-v] [-k SUBSTRING] [--keep] [--db DB]
    TITRAD=path/to/titrad  (default: ./src/titrad, then ../../src/titrad)

--db names a fresh, empty database: a postgresql:// URI (rows are then
counted with psql) or a SQLite file; the default is a new SQLite file.

Exit 0 pass, 1 fail, 77 skip, 99 hard error.  Standard library only;
talks to 127.0.0.1 and nothing else.
"""
import http.client
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
HOST = "127.0.0.1"
REQUEST_DEADLINE = 3    # seconds: the daemon's request_deadline_seconds
# Every table a request could write (those of a newer schema are counted when present).
TABLES = ["patient", "patient_renal", "regimen", "regimen_event", "medication",
          "medication_ingredient", "flag", "audit", "token", "idempotency", "cds_card", "cds_feedback"]


def die(msg, code=99):
    print("hostile: " + msg)
    sys.exit(code)


def find_titrad():
    for c in (os.environ.get("TITRAD"), "./src/titrad", os.path.join(HERE, "..", "..", "src", "titrad")):
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return os.path.abspath(c)
    die("titrad binary not found (build first, or set TITRAD)")


class Daemon:
    def __init__(self, titrad, tmp, db=None):
        self.titrad, self.tmp = titrad, tmp
        self.db = db or os.path.join(tmp, "titrad.db")
        self.log = os.path.join(tmp, "daemon.log")
        self.proc = None
        self.port = None

    def cli(self, *args, lines_out=1):
        with open(self.log, "ab") as err:
            out = subprocess.run([self.titrad] + list(args), stdout=subprocess.PIPE, stderr=err)
        lines = out.stdout.decode().splitlines()
        if out.returncode != 0 or len(lines) != lines_out:
            die("titrad %s failed (exit %d): %r" % (" ".join(args[:2]), out.returncode, lines))
        return lines[0] if lines else None

    def token(self, role, label, patient=None):
        args = ["token", "create", "--db", self.db, "--role", role, "--label", label]
        if patient is not None:
            args += ["--patient", str(patient)]
        return self.cli(*args)

    def start(self):
        self.logf = open(self.log, "ab")
        # A short request deadline, so the dribbling requests meet it within their timeout.
        conf = os.path.join(self.tmp, "titrad.conf")
        with open(conf, "w") as f:
            f.write("request_deadline_seconds = %d\n" % REQUEST_DEADLINE)
        self.proc = subprocess.Popen([self.titrad, "--config", conf, "--db", self.db, "--listen", HOST,
                                      "--port", "0"],
                                     stdout=subprocess.DEVNULL, stderr=self.logf)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                die("titrad exited at start (%d); see %s" % (self.proc.returncode, self.log))
            with open(self.log, "rb") as f:
                m = re.search(rb"listening on 127\.0\.0\.1 port (\d+) ", f.read())
            if m:
                self.port = int(m.group(1))
                return
            time.sleep(0.05)
        die("titrad did not start listening")

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return None if self.proc is None else self.proc.returncode
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return "timeout"

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def call(port, method, path, token=None, body=None):
    conn = http.client.HTTPConnection(HOST, port, timeout=15)
    headers = {"Connection": "close"}
    if token:
        headers["Authorization"] = "Bearer " + token
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    conn.request(method, path, body=data, headers=headers)
    r = conn.getresponse()
    raw = r.read()
    conn.close()
    try:
        return r.status, json.loads(raw) if raw else None
    except ValueError:
        return r.status, None


def seed(d):
    """Tokens and the records the hostile requests aim at."""
    v = {"admin_label": "hostile-admin"}
    v["admin"] = d.token("admin", "hostile-admin")
    v["clinic"] = d.token("clinic", "hostile-clinic")
    v["pharmacist"] = d.token("pharmacist", "hostile-pharmacist")
    d.start()
    p, c, ph = d.port, v["clinic"], v["pharmacist"]

    def must(want, st_doc, what):
        st, doc = st_doc
        if st != want:
            die("seed: %s: %s %r" % (what, st, doc))
        return doc

    v["pid"] = must(201, call(p, "POST", "/v1/patients", c,
                              {"external_id": "HOSTILE-1", "display_name": "Hostile One"}), "patient")["id"]
    v["ext"] = "HOSTILE-1"
    v["pid2"] = must(201, call(p, "POST", "/v1/patients", c,
                               {"external_id": "HOSTILE-2", "display_name": "Hostile Two"}), "patient 2")["id"]
    v["rid"] = must(201, call(p, "POST", "/v1/patients/%d/regimens" % v["pid"], c,
                              {"drug": "pramipexole", "start_date": "2026-12-01",
                               "symptom_onset": "22:00"}), "regimen")["id"]
    v["rid_stopped"] = must(201, call(p, "POST", "/v1/patients/%d/regimens" % v["pid"], c,
                                      {"drug": "ropinirole", "start_date": "2026-12-01",
                                       "symptom_onset": "22:00"}), "regimen 2")["id"]
    must(200, call(p, "POST", "/v1/regimens/%d/stop" % v["rid_stopped"], c,
                   {"date": "2026-12-01", "reason": "seed"}), "stop")
    v["rid2"] = must(201, call(p, "POST", "/v1/patients/%d/regimens" % v["pid2"], c,
                               {"drug": "gabapentin", "start_date": "2026-12-01",
                                "bedtime": "22:30"}), "regimen of patient 2")["id"]
    med = must(201, call(p, "POST", "/v1/patients/%d/medications" % v["pid"], c,
                         {"name": "Zoloft 50 mg", "started": "2026-11-01"}), "medication")
    v["mid"] = med["id"]
    flags = [f["id"] for f in med["flags"] if f["rule"] == "rls-aggravator.ssri"]
    if not flags:
        die("seed: Zoloft raised no rls-aggravator.ssri flag: %r" % med)
    v["fid"] = flags[0]
    must(200, call(p, "POST", "/v1/flags/%d/review" % v["fid"], ph,
                   {"decision": "acknowledged", "note": "seed"}), "review")
    v["mid_stopped"] = must(201, call(p, "POST", "/v1/patients/%d/medications" % v["pid"], c,
                                      {"name": "Sinemet 25/100"}), "medication 2")["id"]
    must(204, call(p, "DELETE", "/v1/patients/%d/medications/%d" % (v["pid"], v["mid_stopped"]), c),
         "medication stop")
    v["patient"] = d.token("patient", "hostile-patient", v["pid"])
    v["patient2"] = d.token("patient", "hostile-patient-2", v["pid2"])
    v["revoked"] = d.token("clinic", "hostile-revoked")
    d.cli("token", "revoke", "--db", d.db, "--label", "hostile-revoked", lines_out=0)
    return v


# ---- the request file ----

class Req:
    def __init__(self, section, lineno):
        self.section, self.lineno = section, lineno
        self.lines, self.body, self.opts = [], None, set()
        self.expect, self.contains, self.bug = set(), None, None

    def title(self):
        first = self.lines[0] if self.lines else "?"
        return "%s:%d %s" % (self.section, self.lineno, first[:90])


def parse(path):
    reqs, section, cur = [], "?", None
    with open(path, "r", encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            tag, rest = line[0], line[2:] if len(line) > 1 and line[1] == " " else line[1:]
            if tag == "=" and line.startswith("=="):
                section = line[2:].strip()
                continue
            if cur is None:
                if tag != ">":
                    die("%s:%d: a request starts with '> METHOD PATH'" % (path, n))
                cur = Req(section, n)
            if tag == ">":
                cur.lines.append(rest)
            elif tag == "=":
                cur.body = rest if cur.body is None else cur.body + "\n" + rest
            elif tag == "!":
                cur.opts.update(rest.split())
            elif tag == "<":
                m = re.match(r"\s*([0-9a-z|]+)\s*(.*)$", rest)
                if not m:
                    die("%s:%d: bad expectation" % (path, n))
                cur.expect = set(m.group(1).split("|"))
                tail = m.group(2)
                if "!bug" in tail:
                    tail, cur.bug = tail.split("!bug", 1)
                    cur.bug = cur.bug.strip() or "known bug"
                tail = tail.strip()
                if tail.startswith("~"):
                    cur.contains = tail[1:].strip()
                reqs.append(cur)
                cur = None
            else:
                die("%s:%d: unknown line tag %r" % (path, n, tag))
    if cur is not None:
        die("%s: the last request has no '<' expectation" % path)
    return reqs


REP = re.compile(r"@\{rep:(\d+):((?:[^}\\@]|\\.|@(?!\{))*)\}")    # innermost first
VAR = re.compile(r"@\{([a-z_0-9]+)\}")
HEX = re.compile(rb"\\x([0-9a-fA-F]{2})")


def expand(text, v):
    """@{rep:N:TEXT} repetitions (nested: innermost first), @{name} values, then \\xHH bytes."""
    def var(m):
        if m.group(1) not in v:
            die("unknown placeholder @{%s}" % m.group(1))
        return str(v[m.group(1)])
    while True:
        t = REP.sub(lambda m: m.group(2).replace("\\}", "}") * int(m.group(1)), text)
        if t == text:
            break
        text = t
    text = VAR.sub(var, text)
    raw = text.encode("utf-8")
    return HEX.sub(lambda m: bytes([int(m.group(1), 16)]), raw)


def build(r, v, port):
    lines = [expand(x, v) for x in r.lines]
    body = expand(r.body, v) if r.body is not None else b""
    first = lines[0]
    if "raw" not in r.opts and not re.search(rb" HTTP/\S*$", first):
        first += b" HTTP/1.1"
    headers = lines[1:]
    names = {h.split(b":", 1)[0].strip().lower() for h in headers}
    if "raw" not in r.opts:
        if b"host" not in names:
            headers.append(b"Host: 127.0.0.1:%d" % port)
        if b"connection" not in names:
            headers.append(b"Connection: close")
        if ("nocl" not in r.opts and b"content-length" not in names and
                b"transfer-encoding" not in names and
                (body or first.split(b" ", 1)[0] in (b"POST", b"PATCH", b"PUT"))):
            headers.append(b"Content-Length: %d" % len(body))
    return first + b"\r\n" + b"".join(h + b"\r\n" for h in headers) + b"\r\n" + body


def exchange(port, raw, timeout=20, gap=0.0):
    """Send raw while reading (gap > 0: one byte every gap seconds); returns the bytes the server sent (b'' if none)."""
    s = socket.create_connection((HOST, port), timeout=min(timeout, 5))
    s.settimeout(timeout)
    chunks, err = [], []

    def sender():
        try:
            if gap > 0:
                for i in range(len(raw)):
                    s.send(raw[i:i + 1])
                    time.sleep(gap)
            else:
                s.sendall(raw)
            s.shutdown(socket.SHUT_WR)
        except OSError as e:
            err.append(e)
    t = threading.Thread(target=sender, daemon=True)
    t.start()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            c = s.recv(65536)
            if not c:
                break
            chunks.append(c)
    except socket.timeout:
        chunks.append(b"\0TIMEOUT")
    except OSError:
        pass
    t.join(5)
    s.close()
    return b"".join(chunks)


def parse_response(data):
    """(status, headers dict, body) of the final response; status 'close' if none."""
    if data.endswith(b"\0TIMEOUT") and not data[:-8]:
        return "timeout", {}, b""
    while True:
        if not data.startswith(b"HTTP/"):
            return ("close" if not data else "garbage"), {}, data
        head, _, rest = data.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        try:
            status = int(lines[0].split(b" ")[1])
        except (IndexError, ValueError):
            return "garbage", {}, data
        if 100 <= status < 200:
            data = rest
            continue
        headers = {}
        for h in lines[1:]:
            k, _, val = h.partition(b":")
            headers[k.strip().lower().decode("latin-1")] = val.strip().decode("latin-1")
        return status, headers, rest


def check_one(r, v, port):
    """List of problems with the answer to r (empty: as expected)."""
    timeout, gap = 20, 0.0
    for o in r.opts:
        if o.startswith("timeout="):
            timeout = float(o[8:])
        elif o.startswith("dribble="):
            gap = float(o[8:]) / 1000
    status, headers, body = parse_response(exchange(port, build(r, v, port), timeout, gap))
    got = str(status)
    problems = []
    if got not in r.expect:
        problems.append("status %s, want %s" % (got, "|".join(sorted(r.expect))))
    if isinstance(status, int) and status >= 500 and got not in r.expect:
        problems.append("5xx")
    if r.contains is not None and r.contains.encode() not in body:
        problems.append("body lacks %r" % r.contains)
    # titrad's own answers (not libmicrohttpd's) carry nosniff.
    if isinstance(status, int) and status >= 400 and headers.get("x-content-type-options") == "nosniff":
        if not headers.get("content-type", "").startswith("application/problem+json"):
            problems.append("%d without application/problem+json" % status)
        else:
            try:
                doc = json.loads(body)
                if doc.get("status") != status or not doc.get("title") or not doc.get("type"):
                    problems.append("problem document does not match: %.100r" % body)
            except ValueError:
                problems.append("problem body is not JSON: %.100r" % body)
        if status == 401 and not headers.get("www-authenticate", "").startswith("Bearer"):
            problems.append("401 without WWW-Authenticate: Bearer")
        if status == 405 and not headers.get("allow"):
            problems.append("405 without Allow")
    return got, problems, body


def counts(db):
    if db.startswith(("postgresql:", "postgres:")):
        return pg_counts(db)
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True, timeout=10)
    try:
        have = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return {t: con.execute("SELECT count(*) FROM %s" % t).fetchone()[0] for t in TABLES if t in have}
    finally:
        con.close()


def pg_counts(uri):
    """counts() on PostgreSQL: the tables of the current schema, counted in one psql call."""
    def psql(sql):
        out = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-d", uri, "-c", sql],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
        if out.returncode != 0:
            die("psql: %s" % out.stderr.strip())
        return out.stdout.split()
    have = set(psql("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"))
    tables = [t for t in TABLES if t in have]
    if not tables:
        return {}
    n = psql("SELECT concat_ws(' ', %s)" % ", ".join("(SELECT count(*) FROM %s)" % t for t in tables))
    return dict(zip(tables, (int(x) for x in n)))


def main(argv):
    verbose = "-v" in argv
    keep = "--keep" in argv
    only = argv[argv.index("-k") + 1] if "-k" in argv else None
    db = argv[argv.index("--db") + 1] if "--db" in argv else None
    reqs = parse(os.path.join(HERE, "requests.txt"))
    if only:
        reqs = [r for r in reqs if only in r.title() or only in r.section]
    tmp = tempfile.mkdtemp(prefix="titrad-hostile.", dir=os.environ.get("TMPDIR") or None)
    d = Daemon(find_titrad(), tmp, db)
    failed = []
    ok = False
    try:
        v = seed(d)
        before = counts(d.db)
        passed = xfail = 0
        xpass = []
        t0 = time.monotonic()
        for r in reqs:
            got, problems, body = check_one(r, v, d.port)
            if d.proc.poll() is not None:
                failed.append((r, ["the daemon died (exit %s)" % d.proc.returncode]))
                break
            if r.bug and problems:
                xfail += 1
                if verbose:
                    print("XFAIL %s: %s [%s]" % (r.title(), "; ".join(problems), r.bug))
            elif r.bug:
                xpass.append(r)
                passed += 1
            elif problems:
                failed.append((r, problems + ["body: %.200r" % body]))
            else:
                passed += 1
                if verbose:
                    print("ok    %s -> %s" % (r.title(), got))
        elapsed = time.monotonic() - t0

        alive = d.proc.poll() is None
        health = None
        if alive:
            try:
                health = call(d.port, "GET", "/v1/health")[0]
            except OSError as e:
                health = str(e)
        after = counts(d.db)
        changed = ["%s %d -> %d" % (t, before[t], after[t]) for t in before if before[t] != after.get(t)]
        rc = d.stop()

        for r, problems in failed:
            print("FAIL %s\n     %s" % (r.title(), "\n     ".join(problems)))
        for r in xpass:
            print("XPASS %s: fixed? remove its '!bug' mark (%s)" % (r.title(), r.bug))
        checks_failed = len(failed)
        if not alive or health != 200:
            print("FAIL the daemon is not alive after the run (health: %r)" % health)
            checks_failed += 1
        if changed:
            print("FAIL rows were written: " + ", ".join(changed))
            checks_failed += 1
        if rc != 0:
            print("FAIL titrad did not stop cleanly on SIGTERM (%s)" % rc)
            checks_failed += 1
        sections = len({r.section for r in reqs})
        print("hostile requests: %d in %d categories (%.1f s)" % (len(reqs), sections, elapsed))
        print("as expected: %d; known src bugs still failing (xfail): %d" % (passed, xfail))
        print("rows unchanged in %s: %s" % (", ".join(before), "yes" if not changed else "NO"))
        print("daemon alive and answering afterwards: %s; clean stop: %s"
              % ("yes" if alive and health == 200 else "NO", "yes" if rc == 0 else "NO"))
        total = len(reqs) + 3
        print("%d passed, %d failed" % (total - checks_failed, checks_failed))
        ok = checks_failed == 0
    finally:
        d.kill()
        if keep or not ok:
            print("hostile: kept %s" % tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
