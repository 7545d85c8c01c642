#!/usr/bin/env python3
"""Ingest server benchmark (Python 3 stdlib + Debian's wrk); bench/bench.py calls
`measure()` and `section()`, and `python3 bench/server.py` runs it alone (it prints
the report section and does not touch BENCHMARKS.md).

1. Builds a small fixture site (site id, one exam-mode quiz of four questions, one
   survey) with `szpon build` under bench/work/server/ (git-ignored, on the same disk
   as the repository, so that fsync is real).
2. Starts `szpon serve --site … --db …/results.sqlite --port <free> --rate-limit 1000000`
   (the default limit, 20 requests/s per client, would throttle wrk: every connection
   comes from 127.0.0.1).
3. Runs `wrk -t2 -c64 -d20s --timeout 10s --latency -s bench/sync.lua URL/api/v1/sync`:
   every request posts 50 new records (half exam attempts, which the server rescores,
   half survey responses). Then stops the server with SIGTERM and counts the rows of
   `records`: a row is in the file only if its transaction committed, and the server
   answers 200 only after the commit, so rows / wall time is the durable rate.
4. The floor: Python's sqlite3 (the same libsqlite3 the server links) inserting the
   same rows (copied from the server's file, with new UUIDs) into a table of the same
   shape, WAL, `synchronous = FULL`, 50 rows per transaction, one writer, for a fixed time.

Environment:
  SZPON_BIN                  szpon binary (default: .build/release/szpon in the repo)
  BENCH_SERVER_DURATION      seconds of wrk load (default 20; 5 with BENCH_SMALL=1)
  BENCH_SERVER_CONNECTIONS   wrk connections (default 64)
  BENCH_SERVER_THREADS       wrk threads (default 2)
  BENCH_SERVER_BATCH         records per request (default 50)
  BENCH_FLOOR_SECONDS        seconds of the SQLite floor (default 10; 3 with BENCH_SMALL=1)
  BENCH_KEEP_OUTPUT=1        keep bench/work/server/ (site, results.sqlite, logs)
"""

import datetime
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
import uuid

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
WORK = os.path.join(BENCH, "work", "server")
LUA = os.path.join(BENCH, "sync.lua")
WRK = shutil.which("wrk") or "/usr/bin/wrk"
SITE_ID = "bench-szkola"

FIXTURE = {
    "content/site.yaml": """id: %s
title: Szkoła (benchmark)
language: pl
organisation: Szkoła (benchmark)
""" % SITE_ID,
    "content/courses/kurs/course.md": """---
title: Kurs
summary: Kurs do pomiaru serwera.
---

Kurs.
""",
    "content/courses/kurs/01-test.md": """---
title: Test
---

## Test końcowy

```quiz
id: test-koncowy
graded: true
mode: exam
pass: 60
questions:
  - id: pojemnik
    type: single
    text: Gdzie wrzucisz puszkę?
    points: 2
    answers:
      - { text: Żółty, correct: true }
      - { text: Zielony }
      - { text: Niebieski, weight: 25 }
  - id: sklad
    type: multiple
    text: Co wrzucisz do żółtego pojemnika?
    answers:
      - { text: Puszkę, correct: true }
      - { text: Słoik }
      - { text: Butelkę PET, correct: true }
  - id: papier
    type: truefalse
    text: Karton to papier.
    answer: true
  - id: nazwa
    type: short
    text: Do którego pojemnika trafia gazeta?
    accept: [papier, niebieski]
```
""",
    "content/surveys/ankieta.md": """---
title: Ankieta
---

```survey
id: ankieta
anonymous: true
questions:
  - { id: ocena, type: rating, text: Jak oceniasz kurs? }
  - { id: jasnosc, type: likert, scale: 5, text: Materiały były jasne. }
  - { id: uwagi, type: text, text: Uwagi }
```
""",
}

# The server's `records` table (Sources/SzponStore/SQLite/SQLiteSchema.swift) and its index.
FLOOR_SCHEMA = """
CREATE TABLE records (
    id TEXT PRIMARY KEY NOT NULL, kind TEXT NOT NULL, site TEXT NOT NULL, bundle TEXT NOT NULL,
    content_hash TEXT, created_at TEXT NOT NULL, device TEXT, payload TEXT NOT NULL, raw TEXT NOT NULL,
    digest TEXT NOT NULL, received_at TEXT NOT NULL, source TEXT NOT NULL
);
CREATE INDEX records_kind_site ON records(kind, site);
"""
FLOOR_INSERT = ("INSERT INTO records (id, kind, site, bundle, content_hash, created_at, device, payload, raw, "
                "digest, received_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")

# A hand-written note (like the build benchmark's "Where szpon's time goes"): redo it
# when the server's code changes.
PROFILE_NOTE = [
    "**Where the server's time goes** (profiled once by hand, not by this script: `perf record -g -p "
    "<pid of szpon serve>` during a 10 s run of this load, release build of commit 849866f). About 55% "
    "of the server's CPU is Foundation's JSON: decoding each body into `JSONValue` through "
    "`JSONDecoder` (~27%), encoding each record's canonical form through `JSONEncoder` (~14%) and "
    "writing the answer with `JSONSerialization` (~14%). The write transactions take ~4% (half of "
    "it in `fdatasync`) and rescoring ~4%. A JSON reader and writer of its own for `JSONValue` is "
    "where more records per second would come from; the disk is not the limit at this load.",
    "",
]

RUNNING = []  # process groups started here (server, wrk): killed by kill_running()


def log(msg):
    print(msg, flush=True)


def kill_running():
    for pid in list(RUNNING):
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass


def env_int(name, default):
    try:
        return int(os.environ.get(name, "") or default)
    except ValueError:
        return default


def settings():
    small = os.environ.get("BENCH_SMALL") == "1"
    return {
        "duration": max(1, env_int("BENCH_SERVER_DURATION", 5 if small else 20)),
        "connections": max(1, env_int("BENCH_SERVER_CONNECTIONS", 64)),
        "threads": max(1, env_int("BENCH_SERVER_THREADS", 2)),
        "batch": max(1, env_int("BENCH_SERVER_BATCH", 50)),
        "floor_seconds": max(1, env_int("BENCH_FLOOR_SECONDS", 3 if small else 10)),
    }


# ---------------------------------------------------------------- the server

def build_fixture(szpon_bin, root):
    for rel, text in FIXTURE.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    proc = subprocess.run([szpon_bin, "build", "--content", "content", "--theme",
                           os.path.join(ROOT, "themes", "default"), "--output", "site"],
                          cwd=root, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        raise RuntimeError("szpon build of the fixture failed (%d): %s"
                           % (proc.returncode, (proc.stdout + proc.stderr).strip()[-600:]))
    with open(os.path.join(root, ".szpon", "server.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    return manifest["quizzes"]["test-koncowy"]["current"], manifest["surveys"]["ankieta"]["current"]


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(szpon_bin, root, db, port):
    cmd = [szpon_bin, "serve", "--site", "site", "--db", db, "--port", str(port), "--rate-limit", "1000000"]
    out = open(os.path.join(root, "serve.log"), "wb")
    proc = subprocess.Popen(cmd, cwd=root, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                            start_new_session=True)
    out.close()
    RUNNING.append(proc.pid)
    deadline = time.monotonic() + 30
    url = "http://127.0.0.1:%d/api/v1/health" % port
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return proc, cmd
        except OSError:
            time.sleep(0.1)
    stop_server(proc)
    with open(os.path.join(root, "serve.log"), errors="replace") as f:
        raise RuntimeError("szpon serve did not start: " + f.read()[-600:])


def stop_server(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    if proc.pid in RUNNING:
        RUNNING.remove(proc.pid)
    return proc.returncode


def proc_cpu_seconds(pid):
    """User + system CPU seconds of a live process (and its reaped children)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks
    except (OSError, IndexError, ValueError):
        return None


def proc_peak_rss_mib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return None


# ---------------------------------------------------------------- wrk

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def parse_wrk(text):
    """wrk's own summary (a cross-check of the script's line) and the sync.lua line."""
    out = {}
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if m:
        out["rps_text"] = float(m.group(1))
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    out["non2xx_text"] = int(m.group(1)) if m else 0
    for pct in ("50", "99"):
        m = re.search(r"^\s+%s%%\s+([\d.]+)(us|ms|s|m)\s*$" % pct, text, re.M)
        if m:
            out["p%s_ms_text" % pct] = float(m.group(1)) * UNITS[m.group(2)]
    m = re.search(r"^szpon-bench: (.*)$", text, re.M)
    if m:
        for item in m.group(1).split():
            k, v = item.split("=", 1)
            out[k] = float(v) if "." in v else int(v)
    return out


def run_wrk(cfg, port, env, logpath):
    url = "http://127.0.0.1:%d/api/v1/sync" % port
    cmd = [WRK, "-t%d" % cfg["threads"], "-c%d" % cfg["connections"], "-d%ds" % cfg["duration"],
           "--timeout", "10s", "--latency", "-s", LUA, url]
    t0 = time.monotonic()
    with open(logpath, "wb") as logf:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=logf,
                                stderr=subprocess.STDOUT, start_new_session=True)
        RUNNING.append(proc.pid)
        try:
            deadline = time.monotonic() + cfg["duration"] + 60
            while True:  # wait4 gives wrk's own CPU time
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    proc.returncode = os.waitstatus_to_exitcode(status)
                    break
                if time.monotonic() > deadline:
                    os.killpg(proc.pid, signal.SIGKILL)
                    _, status, usage = os.wait4(proc.pid, 0)
                    proc.returncode = -9
                    break
                time.sleep(0.05)
        finally:
            RUNNING.remove(proc.pid)
    wall = time.monotonic() - t0
    with open(logpath, errors="replace") as f:
        text = f.read()
    return cmd, proc.returncode, wall, usage.ru_utime + usage.ru_stime, text


def count_rows(db):
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True, timeout=30)
    try:
        return con.execute("SELECT COUNT(*) FROM records").fetchone()[0]
    finally:
        con.close()


def count_results(db):
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    try:
        q = lambda sql: con.execute(sql).fetchall()  # noqa: E731
        res = {
            "rows": q("SELECT COUNT(*) FROM records")[0][0],
            "by_kind": dict(q("SELECT kind, COUNT(*) FROM records GROUP BY kind")),
            "key_status": dict(q("SELECT key_status, COUNT(*) FROM attempt_scores GROUP BY key_status")),
            "question_scores": q("SELECT COUNT(*) FROM question_scores")[0][0],
            "survey_answers": q("SELECT COUNT(*) FROM survey_answers")[0][0],
            "rejections": q("SELECT COUNT(*) FROM rejections")[0][0],
            "conflicts": q("SELECT COUNT(*) FROM conflicts")[0][0],
        }
        res["avg_raw"], res["avg_payload"] = q("SELECT AVG(LENGTH(raw)), AVG(LENGTH(payload)) FROM records")[0]
        # Rows for the floor: the very records the server stored (both kinds, in arrival order).
        res["sample"] = q("SELECT id, kind, site, bundle, content_hash, created_at, device, payload, raw, digest, "
                          "source FROM records ORDER BY rowid LIMIT 5000")
        return res
    finally:
        con.close()


# ---------------------------------------------------------------- the SQLite floor

def synthetic_sample(n=200):
    """Records like sync.lua's, for a floor run without server rows."""
    rows = []
    for i in range(n):
        rid = str(uuid.uuid4())
        if i % 2 == 0:
            payload = {"quiz": "test-koncowy", "course": "kurs", "lesson": "test", "page": "courses/kurs/01-test.html",
                       "attempt": 1, "seed": 123456789 + i, "questions": ["pojemnik", "sklad", "papier", "nazwa"],
                       "options": {}, "responses": {"pojemnik": i % 3, "sklad": [0, 2], "papier": True, "nazwa": "papier"},
                       "startedAt": "2026-11-23T10:01:02.345Z", "finishedAt": "2026-11-23T10:41:02.345Z",
                       "timedOut": False, "score": None}
            rec = {"id": rid, "kind": "attempt", "site": SITE_ID, "bundle": "site", "contentHash": "0" * 32,
                   "createdAt": "2026-11-23T10:41:02.345Z", "device": "a1b2c3d4-1-%d" % i, "payload": payload}
        else:
            payload = {"survey": "ankieta", "page": "surveys/ankieta.html",
                       "responses": {"ocena": i % 11, "jasnosc": i % 5, "uwagi": "Dobry kurs, przydatne przykłady."}}
            rec = {"id": rid, "kind": "survey_response", "site": SITE_ID, "bundle": "site", "contentHash": "0" * 32,
                   "createdAt": "2026-11-23T10:41:02.345Z", "device": None, "payload": payload}
        raw = json.dumps(rec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        rows.append((rid, rec["kind"], SITE_ID, "site", rec["contentHash"], rec["createdAt"], rec["device"],
                     json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False), raw,
                     "%064x" % i, "sync"))
    return rows


def sqlite_floor(path, sample, seconds, batch):
    for p in (path, path + "-wal", path + "-shm"):
        if os.path.exists(p):
            os.remove(p)
    con = sqlite3.connect(path, isolation_level=None)
    try:
        mode = con.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        con.execute("PRAGMA synchronous = FULL")
        con.execute("PRAGMA cache_size = -32768")  # as the server's writer
        con.executescript(FLOOR_SCHEMA)
        rows = commits = i = 0
        t0 = time.monotonic()
        deadline = t0 + seconds
        while commits == 0 or time.monotonic() < deadline:
            received = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
            params = []
            for _ in range(batch):
                old_id, kind, site, bundle, chash, created, device, payload, raw, digest, source = sample[i % len(sample)]
                i += 1
                new_id = str(uuid.uuid4())
                params.append((new_id, kind, site, bundle, chash, created, device, payload,
                               raw.replace(old_id, new_id), digest, received, source))
            con.execute("BEGIN")
            con.executemany(FLOOR_INSERT, params)
            con.execute("COMMIT")
            commits += 1
            rows += batch
        wall = time.monotonic() - t0
        stored = con.execute("SELECT COUNT(*) FROM records").fetchone()[0]
        sync = con.execute("PRAGMA synchronous").fetchone()[0]
    finally:
        con.close()
    return {"rows": rows, "stored": stored, "commits": commits, "wall": wall, "rows_s": rows / wall,
            "commits_s": commits / wall, "journal_mode": mode, "synchronous": sync, "batch": batch,
            "seconds": seconds}


# ---------------------------------------------------------------- all of it

def filesystem(path):
    out = ""
    try:
        out = subprocess.run(["df", "-T", path], capture_output=True, text=True, timeout=30).stdout.splitlines()[-1]
        parts = out.split()
        return "%s (%s)" % (parts[1], parts[0])
    except Exception:
        return "unknown"


def measure(szpon_bin, cfg=None):
    """Runs the whole server benchmark; returns a dict (``error`` set when it failed)."""
    cfg = dict(cfg or settings())
    res = {"cfg": cfg, "error": None, "server": None, "floor": None}
    res["wrk_version"] = None
    if os.access(WRK, os.X_OK):
        first = (subprocess.run([WRK, "-v"], capture_output=True, text=True).stdout.splitlines() or ["wrk"])[0]
        res["wrk_version"] = first.split(" Copyright")[0].strip()
    res["sqlite_version"] = sqlite3.sqlite_version
    res["date"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    res["cpu_count"] = os.cpu_count()
    if os.path.isdir(WORK):
        shutil.rmtree(WORK)
    os.makedirs(WORK)
    res["filesystem"] = filesystem(WORK)
    res["load_before"] = os.getloadavg()[0]
    db = os.path.join(WORK, "results.sqlite")
    sample = None
    try:
        if not os.access(szpon_bin, os.X_OK):
            raise RuntimeError("no szpon binary at %s" % szpon_bin)
        if not res["wrk_version"]:
            raise RuntimeError("wrk is missing (bash bench/run.sh installs it with apt-get)")
        quiz_hash, survey_hash = build_fixture(szpon_bin, WORK)
        port = free_port()
        proc, serve_cmd = start_server(szpon_bin, WORK, db, port)
        res["serve_cmd"] = serve_cmd
        try:
            env = dict(os.environ, SZPON_BENCH_SITE=SITE_ID, SZPON_BENCH_QUIZ_HASH=quiz_hash,
                       SZPON_BENCH_SURVEY_HASH=survey_hash, SZPON_BENCH_BATCH=str(cfg["batch"]))
            cpu0 = proc_cpu_seconds(proc.pid)
            log("bench: server    wrk -t%d -c%d -d%ds, %d records per request"
                % (cfg["threads"], cfg["connections"], cfg["duration"], cfg["batch"]))
            wrk_cmd, rc, wall, wrk_cpu, text = run_wrk(cfg, port, env, os.path.join(WORK, "wrk.log"))
            cpu1 = proc_cpu_seconds(proc.pid)
            rss = proc_peak_rss_mib(proc.pid)
            # Rows committed when the load ended (the server is still running; a WAL reader
            # sees every committed transaction): the durable figure. Requests still in flight
            # then may commit a moment later; the final count below includes them.
            rows_at_end = count_rows(db)
        finally:
            t0 = time.monotonic()
            src = stop_server(proc)
            stop_wall = time.monotonic() - t0
        res["wrk_cmd"] = wrk_cmd
        res["wrk_text"] = text
        if rc != 0:
            raise RuntimeError("wrk failed (%s): %s" % (rc, text.strip()[-600:]))
        w = parse_wrk(text)
        if "built" not in w:
            raise RuntimeError("no szpon-bench line in wrk's output: " + text.strip()[-600:])
        counts = count_results(db)
        sample = counts.pop("sample")
        batch = cfg["batch"]
        s = {
            "wall": wall, "wrk_duration": w["duration_us"] / 1e6,
            "requests": w["requests"], "rps": w["requests"] / (w["duration_us"] / 1e6),
            "rps_text": w.get("rps_text"),
            "p50_ms": w["p50_us"] / 1000.0, "p90_ms": w["p90_us"] / 1000.0, "p99_ms": w["p99_us"] / 1000.0,
            "mean_ms": w["mean_us"] / 1000.0, "max_ms": w["max_us"] / 1000.0,
            "p50_ms_text": w.get("p50_ms_text"), "p99_ms_text": w.get("p99_ms_text"),
            "non2xx": w["non200"], "non2xx_text": w["non2xx_text"], "s429": w["s429"], "s5xx": w["s5xx"],
            "socket_errors": w["connect_errors"] + w["read_errors"] + w["write_errors"] + w["timeouts"],
            "timeouts": w["timeouts"],
            "sent": w["built"] * batch, "answered": w["ok200"] * batch, "answered_stored": w["stored"],
            "server_cpu": (cpu1 - cpu0) if cpu0 is not None and cpu1 is not None else None,
            "wrk_cpu": wrk_cpu, "server_rss_mib": rss, "stop_wall": stop_wall, "stop_rc": src,
        }
        s.update(counts)
        s["rows_at_end"] = rows_at_end
        s["durable_s"] = rows_at_end / wall
        s["acked_s"] = s["answered_stored"] / wall
        res["server"] = s
        if s["rows"] == 0:
            raise RuntimeError("the server stored no records (see %s)" % os.path.join(WORK, "serve.log"))
        log("bench: server    %s durable records/s, %.0f requests/s, p50 %.1f ms, p99 %.1f ms, non-2xx %d, "
            "%d of %d records sent stored" % (format(round(s["durable_s"]), ","), s["rps"], s["p50_ms"],
                                               s["p99_ms"], s["non2xx"], s["rows"], s["sent"]))
    except Exception as err:  # the report says what failed; the floor still runs
        res["error"] = str(err)
        log("bench: server    FAILED: %s" % res["error"][:400])
    try:
        log("bench: floor     sqlite3, %d rows per transaction, %d s" % (cfg["batch"], cfg["floor_seconds"]))
        f = sqlite_floor(os.path.join(WORK, "floor.sqlite"), sample or synthetic_sample(), cfg["floor_seconds"],
                         cfg["batch"])
        f["sample"] = "server" if sample else "synthetic"
        res["floor"] = f
        log("bench: floor     %s rows/s, %.0f commits/s" % (format(round(f["rows_s"]), ","), f["commits_s"]))
    except Exception as err:
        res["floor_error"] = str(err)
        log("bench: floor     FAILED: %s" % err)
    res["load_after"] = os.getloadavg()[0]
    if os.environ.get("BENCH_KEEP_OUTPUT") != "1":
        for name in ("site", "content", ".szpon", "floor.sqlite", "floor.sqlite-wal", "floor.sqlite-shm"):
            p = os.path.join(WORK, name)
            if os.path.isdir(p):
                shutil.rmtree(p)
            elif os.path.exists(p):
                os.remove(p)
        for p in (db, db + "-wal", db + "-shm"):
            if os.path.exists(p):
                os.remove(p)
    return res


# ---------------------------------------------------------------- report

def _n(x, spec=",.0f"):
    return "–" if x is None else format(x, spec)


def _cmd(cmd):
    """A command line as shown in the report: repo paths relative, work paths shortened."""
    out = []
    for a in cmd:
        if a.startswith(WORK):
            a = "$WORK" + a[len(WORK):]
        elif a.startswith(ROOT + os.sep):
            a = os.path.relpath(a, ROOT)
        out.append(a)
    return " ".join(out)


def section(res):
    cfg = res["cfg"]
    s, f = res.get("server"), res.get("floor")
    lines = ["## Ingest server", ""]
    lines.append(
        "**What is measured.** `szpon serve` taking records over loopback: Debian's `wrk` "
        "keeps %d connections busy (%d threads) for %d s, each request a `POST /api/v1/sync` of **%d new "
        "records** (`bench/sync.lua`: half exam-mode attempts with responses to four questions, which the "
        "server rescores against the answer keys, half survey responses; unique UUID v4 ids). The fixture "
        "site (one course, one quiz, one survey) is built by `szpon build` into `bench/work/server/` "
        "(`$WORK` below); the results file is on the same disk as the repository. The server runs with "
        "`--rate-limit 1000000`: all connections come from 127.0.0.1, and the default limit "
        "(20 requests/s per client) would answer most of them 429."
        % (cfg["connections"], cfg["threads"], cfg["duration"], cfg["batch"]))
    lines.append("")
    lines.append(
        "**Durable records/s** is the number of rows in the `records` table when wrk ends (read from the "
        "file while the server still runs) over the wall time of the wrk run: a row is in the file only if "
        "its transaction committed with `synchronous = FULL`, and the server answers 200 only after that "
        "commit. The records the server answered `stored` before wrk ended give the stricter acknowledged "
        "rate; requests still in flight at the end commit a moment later and are counted in the records "
        "stored, read after the server stopped on SIGTERM. Latencies are wrk's, per request (%d records), "
        "from sending to the full answer." % cfg["batch"])
    lines.append("")
    lines.append(
        "**The floor** is SQLite alone, in the same run on the same disk: Python's `sqlite3` module (the "
        "same libsqlite3 the server links) inserting %s, with new UUIDs, into a "
        "table of the same shape (the `records` table and its index), WAL, `synchronous = FULL`, "
        "%d rows per transaction, one writer, for %d s. The server does more per record: it parses and "
        "validates the batch, canonicalises and hashes (SHA-256) each record, rescores each attempt "
        "and writes its `attempt_scores` and `question_scores` rows, and a `survey_answers` row per "
        "answer. What lets it approach or pass the per-commit floor is group commit: requests that "
        "arrive while a transaction is being written share the next one, so one fsync carries many "
        "batches, while the floor pays one commit per %d rows."
        % ("the rows the server stored" if (f or {}).get("sample") == "server"
           else "records shaped like sync.lua's (the server stored none)",
           (f or {}).get("batch", cfg["batch"]), (f or {}).get("seconds", cfg["floor_seconds"]), cfg["batch"]))
    lines.append("")
    lines.append(
        "**Machine.** Measured %s. %d cores, shared by the server, wrk (and its Lua request building) and anything "
        "else running on it: these are measurements on a shared %d-core machine, not a capacity "
        "promise; repeat runs differ by tens of percent. Filesystem of the results file: %s; SQLite %s; %s. "
        "Load average (1 min) before / after: %.2f / %.2f."
        % (res["date"], res["cpu_count"] or 0, res["cpu_count"] or 0, res["filesystem"], res["sqlite_version"],
           res.get("wrk_version") or "wrk missing", res["load_before"], res.get("load_after", 0.0)))
    lines.append("")
    if res.get("serve_cmd") or res.get("wrk_cmd"):
        lines.append("```sh")
        if res.get("serve_cmd"):
            lines.append("cd $WORK && " + _cmd(res["serve_cmd"]))
        if res.get("wrk_cmd"):
            lines.append("SZPON_BENCH_SITE=… SZPON_BENCH_QUIZ_HASH=… SZPON_BENCH_SURVEY_HASH=… "
                         "SZPON_BENCH_BATCH=%d \\\n  %s" % (cfg["batch"], _cmd(res["wrk_cmd"])))
        lines.append("```")
        lines.append("")
    if res.get("error"):
        lines += ["> **The server benchmark failed:** %s" % res["error"].replace("\n", " ")[:600], ""]
    lines.append("| measure | value |")
    lines.append("|---|---:|")
    if s:
        lines += [
            "| **durable records/s** (rows in the file at the end / wall time) | **%s** |" % _n(s["durable_s"]),
            "| acknowledged records/s (answered `stored` / wall time) | %s |" % _n(s["acked_s"]),
            "| requests/s (wrk) | %s |" % _n(s["rps"], ",.1f"),
            "| latency p50 per request | %s ms |" % _n(s["p50_ms"], ",.1f"),
            "| latency p99 per request | %s ms |" % _n(s["p99_ms"], ",.1f"),
            "| latency mean / max | %s / %s ms |" % (_n(s["mean_ms"], ",.1f"), _n(s["max_ms"], ",.0f")),
            "| non-2xx answers (of which 429 / 5xx) | %d (%d / %d) |" % (s["non2xx"], s["s429"], s["s5xx"]),
            "| socket errors (of which timeouts, over 10 s) | %d (%d) |" % (s["socket_errors"], s["timeouts"]),
            "| records stored (after the server stopped) / sent by wrk¹ | %s / %s |" % (_n(s["rows"]), _n(s["sent"])),
            "| records in the file when wrk ended | %s |" % _n(s["rows_at_end"]),
            "| records answered `stored` / answered 200 | %s / %s |" % (_n(s["answered_stored"]), _n(s["answered"])),
            "| attempts rescored (`key_status` scored) / attempts stored | %s / %s |"
            % (_n(s["key_status"].get("scored", 0)), _n(s["by_kind"].get("attempt", 0))),
            "| survey responses stored; `survey_answers` rows | %s; %s |"
            % (_n(s["by_kind"].get("survey_response", 0)), _n(s["survey_answers"])),
            "| rejected / conflicts | %d / %d |" % (s["rejections"], s["conflicts"]),
            "| mean record size (canonical JSON) | %s bytes |" % _n(s["avg_raw"]),
            "| wall time of the wrk run | %.2f s |" % s["wall"],
            "| CPU time: server / wrk | %s / %s s |" % (_n(s["server_cpu"], ".1f"), _n(s["wrk_cpu"], ".1f")),
            "| server peak RSS | %s MiB |" % _n(s["server_rss_mib"]),
            "| server stop on SIGTERM: time, exit status | %.2f s, %s |" % (s["stop_wall"], s["stop_rc"]),
        ]
    else:
        lines.append("| durable records/s | – (not measured) |")
    if f:
        lines += [
            "| **SQLite floor: rows/s** (%d rows per commit) | **%s** |" % (f["batch"], _n(f["rows_s"])),
            "| SQLite floor: commits/s | %s |" % _n(f["commits_s"]),
        ]
    else:
        lines.append("| SQLite floor | – (%s) |" % (res.get("floor_error") or "not measured").replace("|", "\\|")[:200])
    lines.append("")
    if s:
        lines.append("¹ Records in the requests the script built; wrk may stop before writing the last ones.")
        lines.append("")
    if s and f and f["rows_s"] > 0:
        ratio = s["durable_s"] / f["rows_s"]
        lines.append(
            "The server stores durably **%.2f×** the floor's rows/s (%s vs %s records/s) while doing the "
            "work above for each record." % (ratio, _n(s["durable_s"]), _n(f["rows_s"])))
        if s["rps"] <= f["commits_s"]:
            lines.append(
                "Its %.1f requests/s are fewer than the %s commits/s the floor managed on this disk, so "
                "fsync is not what limits it at this load, even without group commit." % (s["rps"], _n(f["commits_s"])))
        else:
            lines.append(
                "Its %.1f requests/s are more than the %s commits/s the floor managed on this disk: one "
                "commit per request could not keep up; group commit is what lets it."
                % (s["rps"], _n(f["commits_s"])))
        if s.get("server_cpu") and s["wall"] > 0:
            cores = s["server_cpu"] / s["wall"]
            lines.append(
                "The server used %.1f s of CPU in %.1f s (%.2f of %d cores, %.0f µs per stored record)%s."
                % (s["server_cpu"], s["wall"], cores, res["cpu_count"] or 0,
                   1e6 * s["server_cpu"] / max(1, s["rows"]),
                   ": it is bound by CPU here" if cores >= 0.75 * (res["cpu_count"] or 1) else ""))
        lines.append("")
    lines += PROFILE_NOTE
    return lines


def summary_line(res):
    s, f = res.get("server"), res.get("floor")
    parts = []
    if s:
        parts.append("%s durable records/s, %.0f req/s, p50 %.1f ms, p99 %.1f ms, non-2xx %d"
                     % (_n(s["durable_s"]), s["rps"], s["p50_ms"], s["p99_ms"], s["non2xx"]))
    else:
        parts.append("server FAILED: %s" % (res.get("error") or "?")[:200])
    if f:
        parts.append("floor %s rows/s (%.0f commits/s)" % (_n(f["rows_s"]), f["commits_s"]))
    return "; ".join(parts)


def main():
    def on_signal(signum, _frame):
        kill_running()
        sys.exit(128 + signum)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    szpon_bin = os.path.abspath(os.environ.get("SZPON_BIN") or os.path.join(ROOT, ".build", "release", "szpon"))
    res = measure(szpon_bin)
    print()
    print("\n".join(section(res)))
    print("Summary: " + summary_line(res))
    return 0 if res.get("server") and res.get("floor") and not res.get("error") else 1


if __name__ == "__main__":
    sys.exit(main())
