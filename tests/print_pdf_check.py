# SPDX-License-Identifier: Apache-2.0
"""print_pdf_check.py - calendar.html printed to PDF by headless Chromium, read back
with poppler.  Run by print_pdf.test (TITRAD_BASE, TITRAD_ADMIN_TOKEN,
CHROMIUM, WORK_DIR, OUTPUT_DIR, RESULT_FILE); writes "PASSED FAILED".

A month grid is "cut" when its caption and its last day fall on different
pages; the grids are kept whole by break-inside: avoid, so every month's
caption, its weekday header and its last day number must share a page."""
import datetime as dt
import json
import os
import re
import subprocess
import sys
import urllib.request

BASE = os.environ["TITRAD_BASE"]
ADMIN = os.environ["TITRAD_ADMIN_TOKEN"]
WORK = os.environ["WORK_DIR"]
passed = failed = 0


def check(what, ok, extra=""):
    global passed, failed
    if ok:
        passed += 1
        print("ok - " + what)
    else:
        failed += 1
        print("FAIL - %s %s" % (what, extra))


def api(method, path, body=None):
    req = urllib.request.Request(BASE + path, method=method, data=json.dumps(body).encode() if body else None,
                                 headers={"Authorization": "Bearer " + ADMIN, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.read()


def main():
    start = dt.date.today()
    p = json.loads(api("POST", "/v1/patients", {"external_id": "PDF-1", "display_name": "Ada Lovelace"}))
    g = json.loads(api("POST", "/v1/patients/%d/regimens" % p["id"],
                       {"drug": "pramipexole", "start_date": start.isoformat(), "symptom_onset": "22:00"}))
    api("POST", "/v1/regimens/%d/stop" % g["id"], {"date": (start + dt.timedelta(days=19)).isoformat(), "taper": True})
    html = os.path.join(WORK, "calendar.html")
    with open(html, "wb") as f:
        f.write(api("GET", "/v1/regimens/%d/calendar.html" % g["id"]))
    pdf = os.path.join(WORK, "calendar.pdf")
    subprocess.run([os.environ.get("CHROMIUM", "/usr/bin/chromium"), "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-pdf-header-footer", "--user-data-dir=" + os.path.join(WORK, "chromium"),
                    "--print-to-pdf=" + pdf, "file://" + html],
                   check=True, timeout=120, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    info = subprocess.run(["pdfinfo", pdf], check=True, capture_output=True, text=True).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    w, h = float(size.group(1)), float(size.group(2))
    check("printed on A4 (595 x 842 pt)", abs(w - 595.3) < 2 and abs(h - 841.9) < 2, "%s x %s" % (w, h))
    texts = [subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), "-layout", pdf, "-"], check=True,
                            capture_output=True, text=True).stdout for i in range(1, pages + 1)]
    months = re.findall(r"<caption>(\w+ \d{4})</caption>", open(html).read())
    check("the page has month grids", len(months) >= 2, str(months))
    for m in months:
        name, year = m.split()
        mo = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December"].index(name) + 1
        last = ((dt.date(int(year) + mo // 12, mo % 12 + 1, 1)) - dt.timedelta(days=1)).day
        on = [i for i, t in enumerate(texts) if m in t]
        whole = len(on) == 1 and "Sun" in texts[on[0]] and re.search(r"\b%d\b" % last, texts[on[0]].split(m, 1)[1])
        check("%s: caption, weekdays and day %d on one page (the grid is not cut)" % (m, last), bool(whole),
              "pages %s" % on)
    check("every page names the patient (the running footer)",
          all("dose calendar for Ada Lovelace" in re.sub(r"\s+", " ", t) for t in texts), str(pages))
    check("the taper days are labelled", any("TAPER" in t for t in texts))
    check("the closing line follows the last grid", "last dose of this plan" in texts[-1])
    prefix = os.path.join(os.environ.get("OUTPUT_DIR", WORK), "print")
    subprocess.run(["pdftoppm", "-r", "60", "-png", pdf, prefix], check=True, timeout=60)
    pngs = [f for f in os.listdir(os.path.dirname(prefix)) if f.startswith("print-") and f.endswith(".png")]
    check("pdftoppm renders every page", len(pngs) >= pages, "%d of %d" % (len(pngs), pages))


try:
    main()
except Exception as e:  # the harness reports it as a failure, with the cause
    failed += 1
    print("FAIL - %r" % (e,))
print("%d passed, %d failed" % (passed, failed))
with open(os.environ["RESULT_FILE"], "w") as f:
    f.write("%d %d\n" % (passed, failed))
sys.exit(0)
