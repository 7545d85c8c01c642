#!/usr/bin/env python3
"""Ingest server benchmark (Python 3 stdlib + Debian's wrk and PostgreSQL); bench/bench.py
calls `measure()` and `section()`, and `python3 bench/server.py` runs it alone (it prints
the report section and does not touch BENCHMARKS.md).

1. Builds a small fixture site (site id, one exam-mode quiz of four questions, one
   survey) with `szpon build` under bench/work/server/<run>/ (git-ignored, on the same
   disk as the repository, so that fsync is real).
2. Starts `szpon serve --site … --db … --port <free> --rate-limit 1000000` (the default
   limit, 20 requests/s per client, would throttle wrk: every connection comes from
   127.0.0.1), with `--db` a SQLite file or a PostgreSQL URL.
3. Runs `wrk -t2 -c64 -d20s --timeout 10s --latency -s bench/sync.lua URL/api/v1/sync`:
   every request posts 50 new records (half exam attempts, which the server rescores,
   half survey responses). Counts the rows of `records` as wrk ends (the server still
   running), then stops the server with SIGTERM and counts again: a row is there only if
   its transaction committed, and the server answers 200 only after the commit, so rows
   at the end / wall time is the durable rate.
4. Runs 2-3 on SQLite with today's binary, then, with BENCH_COMPARE_BIN, on SQLite with an
   older binary (bench/run.sh builds it from BENCH_COMPARE_REF), alternating the two
   (old, new, new, old, ...), then on PostgreSQL: a throwaway cluster from
   tests/tools/postgres.sh (initdb on 127.0.0.1, default settings: fsync and
   synchronous_commit on) with a fresh database `szpon_bench`.
5. The floors: Python's sqlite3 (the same libsqlite3 the server links) inserting the
   same rows (copied from the server's file, with new UUIDs) into a table of the same
   shape, WAL, `synchronous = FULL`, 50 rows per transaction, one writer, for a fixed
   time; and `pgbench` on the same cluster, in a fresh database `szpon_floor` with the
   `records` table of the PostgreSQL migration v1, each transaction one INSERT of 50 rows
   (the PostgreSQL server's stored rows, with `gen_random_uuid()` ids), 8 and 64 clients.

Environment:
  SZPON_BIN                  szpon binary (default: .build/release/szpon in the repo)
  BENCH_SERVER_DURATION      seconds of wrk load (default 20; 5 with BENCH_SMALL=1)
  BENCH_SERVER_CONNECTIONS   wrk connections (default 64)
  BENCH_SERVER_THREADS       wrk threads (default 2)
  BENCH_SERVER_BATCH         records per request (default 50)
  BENCH_FLOOR_SECONDS        seconds of the SQLite floor and of each pgbench run
                             (default 10; 3 with BENCH_SMALL=1)
  BENCH_COMPARE_BIN          an older szpon binary to run on SQLite beside today's
  BENCH_COMPARE_LABEL        what the report calls it (e.g. its commit)
  BENCH_COMPARE_ROOT         its source tree, for its themes/default (default: this repo)
  BENCH_COMPARE_ROUNDS       runs of each binary, alternating (default 2; best kept)
  BENCH_POSTGRES=0           skip PostgreSQL (server and pgbench)
  BENCH_PGBENCH_CLIENTS      pgbench client counts (default 8,64)
  BENCH_SZPON_COMMIT, BENCH_SZPON_DIRTY=0|1
                             the commit SZPON_BIN was built from and whether Sources/ or
                             Package.swift had uncommitted changes (bench/run.sh sets them
                             when it builds; default: the tree as it is now)
  BENCH_SZPON_ROOT           source tree of SZPON_BIN, for its themes/default (default: this repo)
  BENCH_KEEP_OUTPUT=1        keep bench/work/server/ (sites, results files, logs)
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
import urllib.parse
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
    "**Where the server's time goes** (profiled by hand, not by this script: `perf record --call-graph "
    "dwarf -p <pid of szpon serve>` during 8-15 s of this load on SQLite, release builds, 2026-12-03; "
    "shares are of the server process's CPU samples). `valgrind --tool=callgrind` gives no counts here: "
    "Debian 12's valgrind 3.19 cannot read the DWARF Swift 6.3 writes, and with the debug info stripped it "
    "dies with an internal SIGSEGV when the Swift runtime starts its first thread, so the perf profiles "
    "below are sampled (cpu-clock; this VM has no hardware counters) and repeat runs differ by a few points.",
    "",
    "| | before (8b0a61b) | after (8387dd2) |",
    "|---|---:|---:|",
    "| server CPU per stored record | 331 µs | 160–186 µs |",
    "| Foundation `JSONEncoder` (each record's canonical form) | 19.6% | – (own writer: 6.7%) |",
    "| Foundation `JSONSerialization` (the answer) | 13.3% | – (own writer: 1.3%) |",
    "| `String(format: \"%02x\")` per digest byte | 11.1% | – (hex table) |",
    "| GRDB `StatementArguments` through a generic key path | 10.1% | 5.5% (existential map) |",
    "| derived rows (scores, survey answers) | one INSERT per row | one multi-row INSERT per table and batch |",
    "| the writer's transaction (SQLite statements, COMMIT, WAL `pwrite`) | 11.8%¹ | 41–51% |",
    "| rescoring each attempt (`AnswerKeyBook`, `Scorer`) | 9% | 12–13% |",
    "",
    "¹ The before profile used frame-pointer stacks, which lose most of SQLite's frames; the after ones "
    "DWARF stacks.",
    "",
    "The JSON writer gives JSONEncoder's bytes exactly (`JSONWriterTests` checks it against JSONEncoder "
    "as the oracle on 100,000 generated and mutated values), so digests of records stored before it "
    "still match. **What stands in the way of 50,000 records/s** is now the one writer: every record "
    "becomes about 20 B-tree inserts (the `records` row and its three indexes; `attempt_scores` with "
    "three indexes and four `question_scores` rows, or `survey_responses` and three `survey_answers` "
    "rows with theirs), which SQLite runs on one connection: about 82 µs of the writer thread per "
    "record, of which `sqlite3_step` is 53 µs (B-tree inserts 22 µs, index seeks 12 µs) and the COMMIT "
    "15 µs. That caps this schema near 12,000 records/s on this machine however fast the rest gets, "
    "and the rest (HTTP, parsing, canonical JSON, SHA-256, rescoring) costs another ~80 µs per record "
    "on the other core, which it shares with wrk and, here, other work. 50,000 records/s on 2 cores "
    "leaves 40 µs of CPU per record for all of it. The next steps, in order of yield: fewer indexes on "
    "the derived tables (the reports read `question_scores` and `survey_answers` by quiz and survey "
    "only), binding arguments outside the writer, and rescoring on a typed key instead of walking the "
    "quiz's JSON per attempt; past that, records would have to be written by more than one connection "
    "(sharded files), which SQLite's one-writer design does not allow in one file.",
    "",
]



# The PostgreSQL server's `records` table, as the v1 migration creates it
# (Sources/SzponStore/Migrations/Migrations.swift, `postgres:` side), for the pgbench floor,
# and the rows each pgbench transaction copies (n: 0 ..< groups × batch).
PG_FLOOR_SCHEMA = """
CREATE TABLE records (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    site TEXT NOT NULL,
    bundle TEXT NOT NULL,
    content_hash TEXT,
    created_at TEXT NOT NULL,
    device TEXT,
    payload TEXT NOT NULL,
    raw TEXT NOT NULL,
    digest TEXT NOT NULL,
    received_at TEXT NOT NULL,
    source TEXT NOT NULL
);
CREATE INDEX records_kind_site ON records(kind, site);
CREATE TABLE floor_sample (
    n INTEGER PRIMARY KEY, id TEXT NOT NULL, kind TEXT NOT NULL, site TEXT NOT NULL, bundle TEXT NOT NULL,
    content_hash TEXT, created_at TEXT NOT NULL, device TEXT, payload TEXT NOT NULL, raw TEXT NOT NULL,
    digest TEXT NOT NULL, source TEXT NOT NULL
);
"""
PG_SAMPLE_COLUMNS = "id, kind, site, bundle, content_hash, created_at, device, payload, raw, digest, source"
PG_FLOOR_GROUPS = 4  # the sample holds this many batches; each transaction picks one at random

# One pgbench transaction: one statement (autocommit), `batch` new rows with fresh ids. The
# volatile gen_random_uuid() in the subquery's select list keeps it from being flattened,
# so each row gets its own id; ON CONFLICT as the server writes. (No `:name` inside the
# quoted format: pgbench would read it as a variable.)
PG_FLOOR_SCRIPT = """\\set k random(0, :groups - 1)
\\set lo :k * :batch
\\set hi :lo + :batch
INSERT INTO records (id, kind, site, bundle, content_hash, created_at, device, payload, raw, digest,
                     received_at, source)
SELECT f.new_id, f.kind, f.site, f.bundle, f.content_hash, f.created_at, f.device, f.payload,
       replace(f.raw, f.id, f.new_id), f.digest,
       to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS.MS"Z"'), f.source
FROM (SELECT gen_random_uuid()::text AS new_id, s.* FROM floor_sample s WHERE s.n >= :lo AND s.n < :hi) f
ON CONFLICT (id) DO NOTHING;
"""
PG_SETTINGS = ("fsync", "synchronous_commit", "full_page_writes", "wal_level", "commit_delay", "shared_buffers",
               "max_wal_size", "max_connections")

RUNNING = []   # process groups started here (server, wrk, pgbench): killed by kill_running()
CLUSTERS = []  # PostgreSQL cluster folders started here: stopped by kill_running()
POSTGRES_SH = os.path.join(ROOT, "tests", "tools", "postgres.sh")


def log(msg):
    print(msg, flush=True)


def kill_running():
    for pid in list(RUNNING):
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass
    for cluster in list(CLUSTERS):
        stop_cluster(cluster)


def env_int(name, default):
    try:
        return int(os.environ.get(name, "") or default)
    except ValueError:
        return default


def settings():
    small = os.environ.get("BENCH_SMALL") == "1"
    clients = []
    for c in (os.environ.get("BENCH_PGBENCH_CLIENTS") or "8,64").split(","):
        if c.strip().isdigit() and int(c) > 0:
            clients.append(int(c))
    return {
        "duration": max(1, env_int("BENCH_SERVER_DURATION", 5 if small else 20)),
        "connections": max(1, env_int("BENCH_SERVER_CONNECTIONS", 64)),
        "threads": max(1, env_int("BENCH_SERVER_THREADS", 2)),
        "batch": max(1, env_int("BENCH_SERVER_BATCH", 50)),
        "floor_seconds": max(1, env_int("BENCH_FLOOR_SECONDS", 3 if small else 10)),
        "compare_rounds": max(1, env_int("BENCH_COMPARE_ROUNDS", 2)),
        "postgres": os.environ.get("BENCH_POSTGRES", "1") != "0",
        "pgbench_clients": clients or [8, 64],
    }


# ---------------------------------------------------------------- the server

def build_fixture(szpon_bin, root, theme):
    for rel, text in FIXTURE.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    proc = subprocess.run([szpon_bin, "build", "--content", "content", "--theme", theme, "--output", "site"],
                          cwd=root, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        raise RuntimeError("szpon build of the fixture failed (%d): %s"
                           % (proc.returncode, (proc.stdout + proc.stderr).strip()[-600:]))
    # The server manifest; a binary older than it wrote only the answer keys file, whose
    # quizzes and surveys have the same shape.
    for name in ("server.json", "answer-keys.json"):
        path = os.path.join(root, ".szpon", name)
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                manifest = json.load(f)
            return manifest["quizzes"]["test-koncowy"]["current"], manifest["surveys"]["ankieta"]["current"]
    raise RuntimeError("szpon build wrote neither .szpon/server.json nor .szpon/answer-keys.json")


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




def serve_log_errors(root):
    """Lines of the server's log that report an error (the first one and how many)."""
    try:
        with open(os.path.join(root, "serve.log"), errors="replace") as f:
            lines = [ln.strip() for ln in f if re.search(r"\berror\b", ln, re.I)]
    except OSError:
        return 0, None
    return len(lines), (lines[0][:300] if lines else None)


# ---------------------------------------------------------------- where the records go

def _value(text):
    """A psql field as Python: NULL (empty) as None, numbers as numbers."""
    if text == "":
        return None
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


class SQLiteTarget:
    backend = "SQLite"

    def __init__(self, path):
        self.path = path
        self.db_arg = path

    def query(self, sql):
        con = sqlite3.connect("file:%s?mode=ro" % self.path, uri=True, timeout=30)
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()

    def cleanup(self):
        for p in (self.path, self.path + "-wal", self.path + "-shm"):
            if os.path.exists(p):
                os.remove(p)


class PostgresTarget:
    backend = "PostgreSQL"

    def __init__(self, cluster, database):
        self.cluster = cluster
        self.url = cluster.url(database)
        self.db_arg = self.url

    def query(self, sql):
        return self.cluster.psql(self.url, sql)

    def transactions(self):
        """COMMITs and ROLLBACKs in this database so far (pg_stat_database; a backend
        reports its own when it goes idle or ends, so read it after the server stopped)."""
        return self.query("SELECT xact_commit, xact_rollback FROM pg_stat_database "
                          "WHERE datname = current_database()")[0]

    def cleanup(self):
        pass  # the cluster is removed whole at the end


def stop_cluster(folder):
    subprocess.run(["bash", POSTGRES_SH, "stop", folder], stdin=subprocess.DEVNULL, capture_output=True,
                   timeout=120)
    if folder in CLUSTERS:
        CLUSTERS.remove(folder)


class Cluster:
    """A throwaway PostgreSQL cluster from tests/tools/postgres.sh (Debian's postgresql:
    initdb, trust on 127.0.0.1, a free port, the package's default settings)."""

    def __init__(self, folder):
        self.folder = folder
        bins = sorted((d for d in os.listdir("/usr/lib/postgresql") if d.isdigit()), key=int) \
            if os.path.isdir("/usr/lib/postgresql") else []
        if not bins:
            raise RuntimeError("PostgreSQL is not installed (bash bench/run.sh installs Debian's postgresql)")
        self.bin = os.path.join("/usr/lib/postgresql", bins[-1], "bin")
        self.psql_bin = os.path.join(self.bin, "psql")
        self.pgbench_bin = os.path.join(self.bin, "pgbench")
        self.pm_pid = None

    def start(self):
        CLUSTERS.append(self.folder)
        proc = subprocess.run(["bash", POSTGRES_SH, "start", self.folder], stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=300)
        if proc.returncode != 0:
            raise RuntimeError("tests/tools/postgres.sh start failed (%d): %s"
                               % (proc.returncode, (proc.stdout + proc.stderr).strip()[-600:]))
        with open(os.path.join(self.folder, "url")) as f:
            self.admin_url = f.read().strip()
        u = urllib.parse.urlsplit(self.admin_url)
        self.host, self.port, self.user = u.hostname, u.port, u.username
        with open(os.path.join(self.folder, "data", "postmaster.pid")) as f:
            self.pm_pid = int(f.readline())

    def stop(self):
        stop_cluster(self.folder)

    def url(self, database):
        return "postgres://%s@%s:%d/%s" % (self.user, self.host, self.port, database)

    def psql(self, url, sql, stdin=None, raw=False, timeout=300):
        cmd = [self.psql_bin, "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql]
        proc = subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=timeout)
        if proc.returncode != 0:
            raise RuntimeError("psql failed (%d) on %r: %s" % (proc.returncode, sql[:80], proc.stderr.strip()[-400:]))
        if raw:
            return proc.stdout
        return [tuple(_value(v) for v in line.split("\t")) for line in proc.stdout.splitlines()]

    def create_database(self, name):
        self.psql(self.admin_url, "CREATE DATABASE %s" % name)
        return self.url(name)

    def settings(self):
        rows = self.psql(self.admin_url, "SELECT name, setting, unit FROM pg_settings WHERE name IN (%s)"
                         % ", ".join("'%s'" % n for n in PG_SETTINGS + ("server_version",)))
        out = {}
        for name, setting, unit in rows:
            value = str(setting)
            if name == "shared_buffers" and unit == "8kB":
                value = "%d MiB" % (int(setting) * 8 // 1024)
            elif unit and name not in ("max_connections",):
                value = "%s %s" % (setting, unit)
            out[name] = value
        return out

    def cpu_seconds(self):
        """User + system CPU seconds of the cluster: the postmaster, its live children and
        the children it has reaped (backends that ended)."""
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            try:
                with open("/proc/%s/stat" % name) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(name) == self.pm_pid or int(fields[1]) == self.pm_pid:
                total += sum(int(x) for x in fields[11:15])
        return total / ticks


# ---------------------------------------------------------------- one server run

def count_results(target):
    q = target.query
    res = {
        "rows": q("SELECT COUNT(*) FROM records")[0][0],
        "by_kind": dict(q("SELECT kind, COUNT(*) FROM records GROUP BY kind")),
        "key_status": dict(q("SELECT key_status, COUNT(*) FROM attempt_scores GROUP BY key_status")),
        "attempt_scores": q("SELECT COUNT(*) FROM attempt_scores")[0][0],
        "question_scores": q("SELECT COUNT(*) FROM question_scores")[0][0],
        "survey_answers": q("SELECT COUNT(*) FROM survey_answers")[0][0],
        "rejections": q("SELECT COUNT(*) FROM rejections")[0][0],
        "conflicts": q("SELECT COUNT(*) FROM conflicts")[0][0],
    }
    avg_raw, avg_payload = q("SELECT AVG(LENGTH(raw)), AVG(LENGTH(payload)) FROM records")[0]
    res["avg_raw"] = float(avg_raw) if avg_raw is not None else None
    res["avg_payload"] = float(avg_payload) if avg_payload is not None else None
    return res


def run_load(szpon_bin, theme, target, cfg, root, db_cpu=None):
    """One server run: the fixture site, `szpon serve --db <target>`, wrk, the counts.
    Returns its figures; raises when the run failed."""
    if os.path.isdir(root):
        shutil.rmtree(root)
    os.makedirs(root)
    quiz_hash, survey_hash = build_fixture(szpon_bin, root, theme)
    port = free_port()
    proc, serve_cmd = start_server(szpon_bin, root, target.db_arg, port)
    xacts0 = target.transactions() if hasattr(target, "transactions") else None
    try:
        env = dict(os.environ, SZPON_BENCH_SITE=SITE_ID, SZPON_BENCH_QUIZ_HASH=quiz_hash,
                   SZPON_BENCH_SURVEY_HASH=survey_hash, SZPON_BENCH_BATCH=str(cfg["batch"]))
        cpu0 = proc_cpu_seconds(proc.pid)
        db0 = db_cpu() if db_cpu else None
        wrk_cmd, rc, wall, wrk_cpu, text = run_wrk(cfg, port, env, os.path.join(root, "wrk.log"))
        cpu1 = proc_cpu_seconds(proc.pid)
        db1 = db_cpu() if db_cpu else None
        rss = proc_peak_rss_mib(proc.pid)
        # Rows committed when the load ended (the server is still running; a reader sees
        # every committed transaction): the durable figure. Requests still in flight then
        # may commit a moment later; the final count below includes them.
        rows_at_end = target.query("SELECT COUNT(*) FROM records")[0][0]
    finally:
        t0 = time.monotonic()
        src = stop_server(proc)
        stop_wall = time.monotonic() - t0
    if rc != 0:
        raise RuntimeError("wrk failed (%s): %s" % (rc, text.strip()[-600:]))
    w = parse_wrk(text)
    if "built" not in w:
        raise RuntimeError("no szpon-bench line in wrk's output: " + text.strip()[-600:])
    counts = count_results(target)
    xacts1 = target.transactions() if xacts0 is not None else None
    batch = cfg["batch"]
    log_errors, first_error = serve_log_errors(root)
    s = {
        "backend": target.backend, "serve_cmd": serve_cmd, "wrk_cmd": wrk_cmd,
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
        "db_cpu": (db1 - db0) if db0 is not None and db1 is not None else None,
        "wrk_cpu": wrk_cpu, "server_rss_mib": rss, "stop_wall": stop_wall, "stop_rc": src,
        "log_errors": log_errors, "first_log_error": first_error,
        "commits": (xacts1[0] - xacts0[0]) if xacts0 else None,
        "rollbacks": (xacts1[1] - xacts0[1]) if xacts0 else None,
    }
    s.update(counts)
    s["rows_at_end"] = rows_at_end
    s["durable_s"] = rows_at_end / wall
    s["acked_s"] = s["answered_stored"] / wall
    # Acknowledged records that are not stored would be a lost write: the server answers
    # `stored` only after COMMIT.
    s["lost"] = max(0, s["answered_stored"] - s["rows"])
    if s["rows"] == 0:
        raise RuntimeError("the server stored no records (see %s)" % os.path.join(root, "serve.log"))
    return s


def describe_run(s):
    return ("%s durable records/s, %.0f requests/s, p50 %.1f ms, p99 %.1f ms, non-2xx %d, %d of %d records sent "
            "stored" % (format(round(s["durable_s"]), ","), s["rps"], s["p50_ms"], s["p99_ms"], s["non2xx"],
                        s["rows"], s["sent"]))


# ---------------------------------------------------------------- the pgbench floor

def pgbench_floor(cluster, server_url, cfg, work):
    """pgbench on the cluster: a fresh database with the server's `records` table, each
    transaction one INSERT of `batch` rows copied from the server's (new ids), for each
    client count. Returns one dict per client count."""
    batch, seconds = cfg["batch"], cfg["floor_seconds"]
    url = cluster.create_database("szpon_floor")
    cluster.psql(url, PG_FLOOR_SCHEMA)
    n = PG_FLOOR_GROUPS * batch
    have = server_url and cluster.psql(server_url, "SELECT COUNT(*) FROM records")[0][0] >= n
    if have:
        # COPY's own text format both ways, so no field is re-parsed here.
        data = cluster.psql(server_url, "COPY (SELECT row_number() OVER (ORDER BY received_at, id) - 1, %s "
                            "FROM records ORDER BY received_at, id LIMIT %d) TO STDOUT" % (PG_SAMPLE_COLUMNS, n),
                            raw=True)
    else:
        def esc(v):
            if v is None:
                return "\\N"
            return str(v).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        data = "".join("\t".join(esc(v) for v in (i,) + row[:11]) + "\n"
                       for i, row in enumerate(synthetic_sample(n)))
    cluster.psql(url, "COPY floor_sample (n, %s) FROM STDIN" % PG_SAMPLE_COLUMNS, stdin=data)
    script = os.path.join(work, "pgbench-insert.sql")
    with open(script, "w", encoding="utf-8") as f:
        f.write(PG_FLOOR_SCRIPT)
    runs = []
    for clients in cfg["pgbench_clients"]:
        cluster.psql(url, "TRUNCATE records")
        cluster.psql(url, "CHECKPOINT")  # each run starts without the previous one's dirty pages
        threads = min(clients, os.cpu_count() or 1)
        cmd = [cluster.pgbench_bin, "-n", "-f", script, "-M", "prepared", "-c", str(clients), "-j", str(threads),
               "-T", str(seconds), "-D", "batch=%d" % batch, "-D", "groups=%d" % PG_FLOOR_GROUPS,
               "-h", cluster.host, "-p", str(cluster.port), "-U", cluster.user, "szpon_floor"]
        log("bench: pgbench   %d clients, %d threads, %d rows per transaction, %d s" % (clients, threads, batch, seconds))
        cpu0 = cluster.cpu_seconds()
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, start_new_session=True)
        RUNNING.append(proc.pid)
        try:
            out, _ = proc.communicate(timeout=seconds + 120)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, _ = proc.communicate()
        finally:
            RUNNING.remove(proc.pid)
        wall = time.monotonic() - t0
        cpu1 = cluster.cpu_seconds()
        with open(os.path.join(work, "pgbench-c%d.log" % clients), "w") as f:
            f.write(out)
        m_tps = re.search(r"^tps = ([\d.]+) \(without initial connection time\)", out, re.M)
        m_n = re.search(r"^number of transactions actually processed: (\d+)", out, re.M)
        m_lat = re.search(r"^latency average = ([\d.]+) ms", out, re.M)
        m_fail = re.search(r"^number of failed transactions: (\d+)", out, re.M)
        if proc.returncode != 0 or not (m_tps and m_n):
            raise RuntimeError("pgbench -c %d failed (%s): %s" % (clients, proc.returncode, out.strip()[-600:]))
        stored = cluster.psql(url, "SELECT COUNT(*), COUNT(DISTINCT id) FROM records")[0]
        tps = float(m_tps.group(1))
        r = {"clients": clients, "threads": threads, "tps": tps, "rows_s": tps * batch,
             "transactions": int(m_n.group(1)), "failed": int(m_fail.group(1)) if m_fail else 0,
             "latency_ms": float(m_lat.group(1)) if m_lat else None, "rows": stored[0], "distinct": stored[1],
             "seconds": seconds, "batch": batch, "wall": wall, "db_cpu": cpu1 - cpu0, "cmd": cmd,
             "sample": "server" if have else "synthetic"}
        if r["rows"] == 0:
            raise RuntimeError("pgbench -c %d stored no rows: %s" % (clients, out.strip()[-600:]))
        log("bench: pgbench   %d clients: %s rows/s, %.0f transactions/s, latency %.1f ms"
            % (clients, format(round(r["rows_s"]), ","), tps, r["latency_ms"] or 0))
        runs.append(r)
    return runs


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




def git_out(*args):
    try:
        return subprocess.run(["git", "-C", ROOT] + list(args), capture_output=True, text=True,
                              timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def run_order(compare, rounds):
    """SQLite runs, alternating the two binaries (previous, current, current, previous, ...)
    so that a slow patch of the shared machine does not fall on one binary only."""
    if not compare:
        return ["current"]
    order = []
    for r in range(rounds):
        order += ["previous", "current"] if r % 2 == 0 else ["current", "previous"]
    return order


def measure(szpon_bin, cfg=None):
    """Runs the whole server benchmark; returns a dict (``error``, ``compare_error``,
    ``pg_error``, ``pgbench_error`` set for what failed)."""
    cfg = dict(cfg or settings())
    res = {"cfg": cfg, "error": None, "server": None, "floor": None, "sqlite_runs": [], "compare": None,
           "compare_error": None, "postgres": None, "pg_error": None, "pgbench": [], "pgbench_error": None,
           "pg_settings": None}
    res["wrk_version"] = None
    if os.access(WRK, os.X_OK):
        first = (subprocess.run([WRK, "-v"], capture_output=True, text=True).stdout.splitlines() or ["wrk"])[0]
        res["wrk_version"] = first.split(" Copyright")[0].strip()
    res["sqlite_version"] = sqlite3.sqlite_version
    res["date"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    res["cpu_count"] = os.cpu_count()
    # What today's binary was built from: bench/run.sh notes it before building (others may
    # commit while the benchmark runs); otherwise the tree as it is now.
    res["commit"] = os.environ.get("BENCH_SZPON_COMMIT") or git_out("rev-parse", "--short", "HEAD") or "?"
    if os.environ.get("BENCH_SZPON_DIRTY") in ("0", "1"):
        res["dirty"] = os.environ["BENCH_SZPON_DIRTY"] == "1"
    else:
        res["dirty"] = bool(git_out("status", "--porcelain", "--", "Sources", "Package.swift"))
    compare_bin = os.environ.get("BENCH_COMPARE_BIN") or None
    if compare_bin:
        compare_bin = os.path.abspath(compare_bin)
        res["compare_bin"] = compare_bin
        res["compare_label"] = os.environ.get("BENCH_COMPARE_LABEL") or compare_bin
        is_commit = re.fullmatch(r"[0-9a-f]{7,40}", res["compare_label"])
        res["compare_subject"] = git_out("log", "-1", "--format=%s", res["compare_label"]) if is_commit else ""
        behind = git_out("rev-list", "--count", "%s..HEAD" % res["compare_label"]) if is_commit else ""
        res["compare_behind"] = int(behind) if behind.isdigit() else None
    theme = os.path.join(os.environ.get("BENCH_SZPON_ROOT") or ROOT, "themes", "default")
    compare_theme = os.path.join(os.environ.get("BENCH_COMPARE_ROOT") or ROOT, "themes", "default")
    if os.path.isdir(WORK):
        shutil.rmtree(WORK)
    os.makedirs(WORK)
    res["filesystem"] = filesystem(WORK)
    res["load_before"] = os.getloadavg()[0]
    keep = os.environ.get("BENCH_KEEP_OUTPUT") == "1"
    ready = None
    if not os.access(szpon_bin, os.X_OK):
        ready = "no szpon binary at %s" % szpon_bin
    elif not res["wrk_version"]:
        ready = "wrk is missing (bash bench/run.sh installs it with apt-get)"

    # SQLite: today's binary, and the previous one's alternately when asked.
    sample = None
    order = run_order(compare_bin, cfg["compare_rounds"]) if not ready else []
    if ready:
        res["error"] = ready
        if compare_bin:
            res["compare_error"] = ready
        log("bench: server    FAILED: %s" % ready)
    for i, which in enumerate(order):
        binary = szpon_bin if which == "current" else compare_bin
        root = os.path.join(WORK, "sqlite-%d-%s" % (i + 1, which))
        target = SQLiteTarget(os.path.join(root, "results.sqlite"))
        log("bench: server    SQLite, %s binary (run %d of %d): wrk -t%d -c%d -d%ds, %d records per request"
            % (which, i + 1, len(order), cfg["threads"], cfg["connections"], cfg["duration"], cfg["batch"]))
        try:
            if not os.access(binary, os.X_OK):
                raise RuntimeError("no szpon binary at %s" % binary)
            s = run_load(binary, theme if which == "current" else compare_theme, target, cfg, root)
            s["which"] = which
            if sample is None and which == "current":
                # Rows for the floor: the very records the server stored (both kinds, in arrival order).
                sample = target.query("SELECT id, kind, site, bundle, content_hash, created_at, device, payload, "
                                      "raw, digest, source FROM records ORDER BY rowid LIMIT 5000")
            res["sqlite_runs"].append(s)
            log("bench: server    " + describe_run(s))
        except Exception as err:  # the report says what failed; the rest still runs
            key = "error" if which == "current" else "compare_error"
            res[key] = res[key] or str(err)
            log("bench: server    FAILED: %s" % str(err)[:400])
        finally:
            if not keep:
                target.cleanup()

    def best(which):
        runs = [s for s in res["sqlite_runs"] if s["which"] == which]
        return max(runs, key=lambda s: s["durable_s"]) if runs else None
    res["server"] = best("current")
    res["compare"] = best("previous") if compare_bin else None

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

    if cfg["postgres"]:
        measure_postgres(res, szpon_bin, theme, cfg, ready)
    res["load_after"] = os.getloadavg()[0]
    if not keep:
        for name in os.listdir(WORK):
            p = os.path.join(WORK, name)
            if os.path.isdir(p):
                for sub in ("site", "content", ".szpon"):
                    if os.path.isdir(os.path.join(p, sub)):
                        shutil.rmtree(os.path.join(p, sub))
            elif name.startswith("floor.sqlite"):
                os.remove(p)
    return res


def measure_postgres(res, szpon_bin, theme, cfg, ready):
    """The same load on `szpon serve --db postgres://…`, then pgbench, on one throwaway cluster."""
    folder = os.path.join(BENCH, "work", "pg-cluster")
    try:
        cluster = Cluster(folder)
        log("bench: postgres  starting a throwaway cluster (tests/tools/postgres.sh start %s)"
            % os.path.relpath(folder, ROOT))
        cluster.start()
    except Exception as err:
        res["pg_error"] = res["pgbench_error"] = "no PostgreSQL cluster: %s" % err
        log("bench: postgres  FAILED: %s" % str(err)[:400])
        stop_cluster(folder)
        return
    try:
        res["pg_settings"] = cluster.settings()
        res["pg_filesystem"] = filesystem(folder)
        server_url = None
        try:
            if ready:
                raise RuntimeError(ready)
            server_url = cluster.create_database("szpon_bench")
            log("bench: server    PostgreSQL, current binary: wrk -t%d -c%d -d%ds, %d records per request"
                % (cfg["threads"], cfg["connections"], cfg["duration"], cfg["batch"]))
            s = run_load(szpon_bin, theme, PostgresTarget(cluster, "szpon_bench"), cfg, os.path.join(WORK, "postgres"),
                         db_cpu=cluster.cpu_seconds)
            s["which"] = "current"
            res["postgres"] = s
            log("bench: server    " + describe_run(s))
        except Exception as err:
            res["pg_error"] = str(err)
            log("bench: server    PostgreSQL FAILED: %s" % str(err)[:400])
        try:
            res["pgbench"] = pgbench_floor(cluster, server_url, cfg, WORK)
        except Exception as err:
            res["pgbench_error"] = str(err)
            log("bench: pgbench   FAILED: %s" % str(err)[:400])
    finally:
        cluster.stop()


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




def _shorten(text, limit):
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def _pct(a, b):
    return "–" if not a or not b else "%+.0f%%" % (100.0 * (a - b) / b)


def _columns(res):
    """The server runs side by side: (heading, figures or None, why missing)."""
    cols = [("SQLite, today (%s%s)" % (res.get("commit", "?"), " + working tree" if res.get("dirty") else ""),
             res.get("server"), res.get("error"))]
    if res.get("compare_bin"):
        cols.append(("SQLite, previous (%s)" % res["compare_label"], res.get("compare"), res.get("compare_error")))
    if res["cfg"].get("postgres"):
        version = (res.get("pg_settings") or {}).get("server_version", "")
        cols.append(("PostgreSQL %s, today" % version.split(" ")[0], res.get("postgres"), res.get("pg_error")))
    return cols


def _row(cols, label, fn):
    cells = []
    for _, s, _ in cols:
        try:
            cells.append(fn(s) if s else "–")
        except (KeyError, TypeError):
            cells.append("–")
    return "| %s | %s |" % (label, " | ".join(cells))


def section(res):
    cfg = res["cfg"]
    s, f = res.get("server"), res.get("floor")
    prev, pg, pgb = res.get("compare"), res.get("postgres"), res.get("pgbench") or []
    pgs = res.get("pg_settings") or {}
    cols = _columns(res)
    lines = ["## Ingest server", ""]
    lines.append(
        "**What is measured.** `szpon serve` taking records over loopback: Debian's `wrk` "
        "keeps %d connections busy (%d threads) for %d s, each request a `POST /api/v1/sync` of **%d new "
        "records** (`bench/sync.lua`: half exam-mode attempts with responses to four questions, which the "
        "server rescores against the answer keys, half survey responses; unique UUID v4 ids). The fixture "
        "site (one course, one quiz, one survey) is built by `szpon build` into a folder of "
        "`bench/work/server/` (`$WORK` below), on the same disk as the repository. The server runs with "
        "`--rate-limit 1000000`: all connections come from 127.0.0.1, and the default limit "
        "(20 requests/s per client) would answer most of them 429. The same load runs, one after the other "
        "in the same run, on `--db results.sqlite` and on `--db postgres://…`%s."
        % (cfg["connections"], cfg["threads"], cfg["duration"], cfg["batch"],
           (", and on SQLite with the binary of an earlier commit (below)" if res.get("compare_bin") else "")))
    lines.append("")
    lines.append(
        "**Durable records/s** is the number of rows in the `records` table when wrk ends (read while the "
        "server still runs: from the file with `sqlite3`, from the database with `psql`) over the wall time "
        "of the wrk run: a row is there only if its transaction committed (SQLite: WAL with "
        "`synchronous = FULL`; PostgreSQL: `fsync` and `synchronous_commit` on), and the server answers 200 "
        "only after that commit. The records the server answered `stored` before wrk ended give the stricter "
        "acknowledged rate; requests still in flight at the end commit a moment later and are counted in the "
        "records stored, read after the server stopped on SIGTERM. Latencies are wrk's, per request (%d "
        "records), from sending to the full answer. CPU is that of the `szpon serve` process; on PostgreSQL "
        "the database server's processes (postmaster, backends, WAL writer, checkpointer) are counted "
        "apart, since SQLite's work is inside the server process." % cfg["batch"])
    lines.append("")
    if cfg.get("postgres"):
        setting = lambda n: "`%s = %s`" % (n, pgs.get(n, "?"))  # noqa: E731
        lines.append(
            "**PostgreSQL.** A throwaway cluster made in the same run by `tests/tools/postgres.sh start` "
            "(Debian's PostgreSQL %s: `initdb -A trust -E UTF8 --locale=C.UTF-8`, listening on 127.0.0.1, "
            "data folder `bench/work/pg-cluster/` on the same disk: %s), removed at the end. Its settings are "
            "those initdb leaves, %s, %s, %s, %s, %s, %s, %s, except %s which the script sets. The server gets "
            "a fresh database `szpon_bench` (its migrations create the tables) and its own defaults: a pool "
            "of 8 connections, and one group-commit writer that runs every queued request in one transaction "
            "(a savepoint each) and answers them after `COMMIT`."
            % (pgs.get("server_version", "?").split(" ")[0], res.get("pg_filesystem", "?"), setting("fsync"),
               setting("synchronous_commit"), setting("full_page_writes"), setting("wal_level"),
               setting("commit_delay"), setting("shared_buffers"), setting("max_wal_size"),
               setting("max_connections")))
        lines.append("")
    lines.append(
        "**The floors** are each database alone, in the same run on the same disk. *SQLite:* Python's "
        "`sqlite3` module (the same libsqlite3 the server links) inserting %s, with new UUIDs, into a "
        "table of the same shape (the `records` table and its index), WAL, `synchronous = FULL`, %d rows "
        "per transaction, one writer, for %d s."
        % ("the rows the server stored" if (f or {}).get("sample") == "server"
           else "records shaped like sync.lua's (the server stored none)",
           (f or {}).get("batch", cfg["batch"]), (f or {}).get("seconds", cfg["floor_seconds"])))
    if cfg.get("postgres"):
        lines[-1] += (
            " *PostgreSQL:* `pgbench` on the same cluster, in a fresh database `szpon_floor` holding the "
            "`records` table of the PostgreSQL migration v1 (`Sources/SzponStore/Migrations/Migrations.swift`) "
            "with its index; each pgbench transaction is one `INSERT … SELECT … ON CONFLICT (id) DO NOTHING` "
            "of %d rows (%s, each with a new `gen_random_uuid()` id), in autocommit, prepared; %s clients for "
            "%d s each, after a `TRUNCATE` and a `CHECKPOINT`. Rows/s is pgbench's transactions/s × %d."
            % (cfg["batch"], "copied from the rows the PostgreSQL server stored"
               if pgb and pgb[0].get("sample") == "server" else "records shaped like sync.lua's",
               " and ".join(str(c) for c in cfg["pgbench_clients"]), cfg["floor_seconds"], cfg["batch"]))
    lines[-1] += (
        " The server does more per record: it parses and validates the batch, canonicalises and hashes "
        "(SHA-256) each record, rescores each attempt and writes its `attempt_scores` and `question_scores` "
        "rows, and a `survey_answers` row per answer. What lets it approach a floor is group commit: requests "
        "that arrive while a transaction is being written share the next one, so one fsync carries many "
        "batches.")
    lines.append("")
    if res.get("compare_bin"):
        subject = res.get("compare_subject") or ""
        lines.append(
            "**Previous commit.** `%s`%s%s, built in the same run from a separate git worktree outside the "
            "repository (`BENCH_COMPARE_REF`, see `bench/run.sh`) with `swift build -c release --product "
            "szpon`, and measured on SQLite exactly as today's binary, each %d time(s), alternating (%s); the "
            "table shows each binary's run with the most durable records/s, and all runs are listed below it. "
            "`$OLD` below is that worktree."
            % (res["compare_label"], (" (“%s”)" % _shorten(subject, 160)) if subject else "",
               ", %d commits before today's HEAD" % res["compare_behind"] if res.get("compare_behind") else "",
               cfg["compare_rounds"],
               ", ".join(run_order(True, cfg["compare_rounds"]))))
        lines.append("")
    lines.append(
        "**Machine.** Measured %s. %d cores, shared by the server, the database, wrk (and its Lua request "
        "building) and by other agents compiling on the same machine during the run: these are "
        "measurements on a shared %d-core machine, not a capacity promise; repeat runs differ by tens of "
        "percent. Filesystem of the results file: %s; SQLite %s; %s. Load average (1 min) before / after: "
        "%.2f / %.2f."
        % (res["date"], res["cpu_count"] or 0, res["cpu_count"] or 0, res["filesystem"], res["sqlite_version"],
           res.get("wrk_version") or "wrk missing", res["load_before"], res.get("load_after", 0.0)))
    lines.append("")
    shown = [c for c in (s, prev, pg) if c]
    if shown or pgb:
        lines.append("```sh")
        old_root = os.environ.get("BENCH_COMPARE_ROOT")
        for c in shown:
            cmd = list(c["serve_cmd"])
            cmd[cmd.index("--db") + 1] = ("$WORK/RUN/results.sqlite" if c["backend"] == "SQLite"
                                          else "postgres://szpon@127.0.0.1:PGPORT/szpon_bench")
            cmd[cmd.index("--port") + 1] = "PORT"
            if old_root and c is prev and cmd[0].startswith(old_root.rstrip("/") + "/"):
                cmd[0] = "$OLD" + cmd[0][len(old_root.rstrip("/")):]
            lines.append("cd $WORK/RUN && " + _cmd(cmd))
        if shown:
            lines.append("SZPON_BENCH_SITE=… SZPON_BENCH_QUIZ_HASH=… SZPON_BENCH_SURVEY_HASH=… "
                         "SZPON_BENCH_BATCH=%d \\\n  %s" % (cfg["batch"], re.sub(
                             r":\d+/", ":PORT/", _cmd(shown[0]["wrk_cmd"]))))
        for r in pgb[:1]:
            cmd = list(r["cmd"])
            cmd[0] = "pgbench"
            cmd[cmd.index("-c") + 1] = "CLIENTS"
            cmd[cmd.index("-j") + 1] = "THREADS"
            cmd[cmd.index("-p") + 1] = "PGPORT"
            lines.append(re.sub(r"\S*/pgbench-insert\.sql", "pgbench-insert.sql", _cmd(cmd)))
        lines.append("```")
        lines.append("")
    if pgb:
        lines += ["`pgbench-insert.sql`:", "", "```sql"] + PG_FLOOR_SCRIPT.rstrip().splitlines() + ["```", ""]
    for heading, c, err in cols:
        if err:
            lines += ["> **%s failed:** %s" % (heading, err.replace("\n", " ")[:600]), ""]
    if res.get("pgbench_error"):
        lines += ["> **pgbench failed:** %s" % res["pgbench_error"].replace("\n", " ")[:600], ""]

    lines.append("| measure | %s |" % " | ".join(h for h, _, _ in cols))
    lines.append("|---|" + "---:|" * len(cols))
    lines += [
        _row(cols, "**durable records/s** (rows stored when wrk ended / wall time)", lambda x: "**%s**" % _n(x["durable_s"])),
        _row(cols, "acknowledged records/s (answered `stored` / wall time)", lambda x: _n(x["acked_s"])),
        _row(cols, "requests/s (wrk)", lambda x: _n(x["rps"], ",.1f")),
        _row(cols, "**latency p50** per request", lambda x: "**%s ms**" % _n(x["p50_ms"], ",.1f")),
        _row(cols, "**latency p99** per request", lambda x: "**%s ms**" % _n(x["p99_ms"], ",.1f")),
        _row(cols, "latency mean / max", lambda x: "%s / %s ms" % (_n(x["mean_ms"], ",.1f"), _n(x["max_ms"], ",.0f"))),
        _row(cols, "non-2xx answers (of which 429 / 5xx)", lambda x: "%d (%d / %d)" % (x["non2xx"], x["s429"], x["s5xx"])),
        _row(cols, "socket errors (of which timeouts, over 10 s)", lambda x: "%d (%d)" % (x["socket_errors"], x["timeouts"])),
        _row(cols, "records stored (after the server stopped) / sent by wrk¹", lambda x: "%s / %s" % (_n(x["rows"]), _n(x["sent"]))),
        _row(cols, "records stored when wrk ended", lambda x: _n(x["rows_at_end"])),
        _row(cols, "records answered `stored` / answered 200", lambda x: "%s / %s" % (_n(x["answered_stored"]), _n(x["answered"]))),
        _row(cols, "answered `stored` but not in the store (lost)", lambda x: _n(x["lost"])),
        _row(cols, "attempts rescored (`key_status` scored) / attempts stored",
             lambda x: "%s / %s" % (_n(x["key_status"].get("scored", 0)), _n(x["by_kind"].get("attempt", 0)))),
        _row(cols, "survey responses stored; `survey_answers` rows",
             lambda x: "%s; %s" % (_n(x["by_kind"].get("survey_response", 0)), _n(x["survey_answers"]))),
        _row(cols, "rejected / conflicts", lambda x: "%d / %d" % (x["rejections"], x["conflicts"])),
        _row(cols, "server log lines reporting an error", lambda x: _n(x["log_errors"])),
        _row(cols, "database transactions from wrk's start: committed / rolled back; records per COMMIT²",
             lambda x: "–" if x["commits"] is None else "%s / %s; %s" % (
                 _n(x["commits"]), _n(x["rollbacks"]), _n(x["rows"] / max(1, x["commits"]), ",.1f"))),
        _row(cols, "mean record size (canonical JSON)", lambda x: "%s bytes" % _n(x["avg_raw"])),
        _row(cols, "wall time of the wrk run", lambda x: "%.2f s" % x["wall"]),
        _row(cols, "**CPU time**: szpon serve / database server / wrk",
             lambda x: "%s / %s / %s s" % (_n(x["server_cpu"], ".1f"),
                                           "in-process" if x["backend"] == "SQLite" else _n(x["db_cpu"], ".1f"),
                                           _n(x["wrk_cpu"], ".1f"))),
        _row(cols, "CPU per stored record: szpon serve (+ database server)",
             lambda x: "%s µs%s" % (_n(1e6 * x["server_cpu"] / max(1, x["rows"])),
                                    "" if x["backend"] == "SQLite" else " (+ %s µs)" % _n(1e6 * x["db_cpu"] / max(1, x["rows"])))),
        _row(cols, "server peak RSS", lambda x: "%s MiB" % _n(x["server_rss_mib"])),
        _row(cols, "server stop on SIGTERM: time, exit status", lambda x: "%.2f s, %s" % (x["stop_wall"], x["stop_rc"])),
    ]
    lines.append("")
    lines.append("¹ Records in the requests the script built; wrk may stop before writing the last ones.")
    if pg:
        lines.append("² PostgreSQL only: `pg_stat_database` of the server's database, read before wrk started and "
                     "after the server stopped; each COMMIT is one group of the server's group commit, and the "
                     "psql count queries add a few.")
    lines.append("")
    for _, c, _ in cols:
        if c and c["timeouts"]:
            lines += ["On %s, %s request(s) got no answer within wrk's 10 s timeout (wrk then sends new ones on "
                      "those connections); its latencies cover only the %s answered request(s), so they understate "
                      "the wait. What those requests carried was stored all the same (records stored above)."
                      % (c["backend"], _n(c["timeouts"]), _n(c["requests"])), ""]
    for _, c, _ in cols:
        if c and c.get("first_log_error"):
            lines += ["The %s server's log, first error line of %d: `%s`" % (c["backend"], c["log_errors"],
                                                                          c["first_log_error"].replace("`", "'")), ""]
    runs = res.get("sqlite_runs") or []
    if res.get("compare_bin") and runs:
        lines.append("SQLite runs in order (durable records/s; p50 / p99; server CPU per stored record): " + "; ".join(
            "%s %s (%s / %s ms; %s µs)" % ("previous" if r["which"] == "previous" else "today", _n(r["durable_s"]),
                                           _n(r["p50_ms"], ".0f"), _n(r["p99_ms"], ".0f"),
                                           _n(1e6 * r["server_cpu"] / max(1, r["rows"])) if r["server_cpu"] else "–")
            for r in runs) + ".")
        lines.append("")

    # The floors, side by side.
    lines.append("| floor (same run, same disk) | rows/s | transactions/s | latency per transaction | database CPU |")
    lines.append("|---|---:|---:|---:|---:|")
    if f:
        lines.append("| **SQLite**: `sqlite3`, 1 writer, %d rows per commit | **%s** | %s | – | in-process |"
                     % (f["batch"], _n(f["rows_s"]), _n(f["commits_s"])))
    else:
        lines.append("| SQLite | – (%s) | | | |" % (res.get("floor_error") or "not measured").replace("|", "\\|")[:200])
    for r in pgb:
        lines.append("| **PostgreSQL**: pgbench, %d clients (`-j %d`), %d rows per transaction | **%s** | %s | %s ms | %s s in %.0f s |"
                     % (r["clients"], r["threads"], r["batch"], _n(r["rows_s"]), _n(r["tps"], ",.0f"),
                        _n(r["latency_ms"], ",.1f"), _n(r["db_cpu"], ".1f"), r["seconds"]))
    if cfg.get("postgres") and not pgb:
        lines.append("| PostgreSQL: pgbench | – (%s) | | | |"
                     % (res.get("pgbench_error") or "not measured").replace("|", "\\|")[:200])
    lines.append("")
    for r in pgb:
        if r["failed"] or r["rows"] != r["transactions"] * r["batch"]:
            lines.append("pgbench, %d clients: %d transactions processed (%d failed), %s rows in the table."
                         % (r["clients"], r["transactions"], r["failed"], _n(r["rows"])))
            lines.append("")

    # What the figures say.
    said = []
    if s and f and f["rows_s"] > 0:
        said.append("**SQLite:** the server stores durably **%.2f×** the floor's rows/s (%s vs %s records/s)"
                    % (s["durable_s"] / f["rows_s"], _n(s["durable_s"]), _n(f["rows_s"])))
        if s["rps"] <= f["commits_s"]:
            said[-1] += (", at %.1f requests/s, fewer than the %s commits/s the floor managed on this disk: "
                         "fsync is not what limits it at this load." % (s["rps"], _n(f["commits_s"])))
        else:
            said[-1] += (", at %.1f requests/s, more than the %s commits/s the floor managed on this disk: one "
                         "commit per request could not keep up; group commit is what lets it."
                         % (s["rps"], _n(f["commits_s"])))
    if pg and pgb:
        top = max(pgb, key=lambda r: r["rows_s"])
        said.append("**PostgreSQL:** the server stores durably **%.3f×** pgbench's best rows/s (%s vs %s records/s "
                    "with %d clients), at %.1f requests/s."
                    % (pg["durable_s"] / top["rows_s"], _n(pg["durable_s"]), _n(top["rows_s"]), top["clients"],
                       pg["rps"]))
    if s and pg:
        said.append("**PostgreSQL vs SQLite:** %s vs %s durable records/s (%s), p50 %s vs %s ms, p99 %s vs %s ms."
                    % (_n(pg["durable_s"]), _n(s["durable_s"]), _pct(pg["durable_s"], s["durable_s"]),
                       _n(pg["p50_ms"], ".0f"), _n(s["p50_ms"], ".0f"), _n(pg["p99_ms"], ".0f"),
                       _n(s["p99_ms"], ".0f")))
    if s and prev:
        same = {}
        for r in runs:
            same.setdefault(r["which"], []).append(r["durable_s"])
        spreads = ["%s %.0f%%" % ("previous" if w == "previous" else "today", 100.0 * (max(v) - min(v)) / max(v))
                   for w, v in sorted(same.items()) if len(v) > 1]
        said.append("**Today vs the previous commit, on SQLite:** %s vs %s durable records/s (%s), p50 %s vs %s ms, "
                    "p99 %s vs %s ms, %s vs %s µs of server CPU per record.%s"
                    % (_n(s["durable_s"]), _n(prev["durable_s"]), _pct(s["durable_s"], prev["durable_s"]),
                       _n(s["p50_ms"], ".0f"), _n(prev["p50_ms"], ".0f"), _n(s["p99_ms"], ".0f"),
                       _n(prev["p99_ms"], ".0f"), _n(1e6 * s["server_cpu"] / max(1, s["rows"])),
                       _n(1e6 * prev["server_cpu"] / max(1, prev["rows"])),
                       (" The spread between one binary's own runs in this run (best vs worst): %s."
                        % ", ".join(spreads)) if spreads else ""))
    for c in (s, pg):
        if c and c.get("server_cpu") and c["wall"] > 0:
            cores = c["server_cpu"] / c["wall"]
            extra = ""
            if c.get("db_cpu") is not None and c["backend"] == "PostgreSQL":
                extra = ", and the database server %.1f s (%.2f cores)" % (c["db_cpu"], c["db_cpu"] / c["wall"])
            said.append("On %s the server used %.1f s of CPU in %.1f s (%.2f of %d cores)%s%s."
                        % (c["backend"], c["server_cpu"], c["wall"], cores, res["cpu_count"] or 0, extra,
                           ": the machine's cores are the limit here"
                           if cores + (c.get("db_cpu") or 0) / c["wall"] >= 0.75 * (res["cpu_count"] or 1) else ""))
    if said:
        lines += said + [""]
    lines += PROFILE_NOTE
    return lines


def summary_line(res):
    parts = []
    for heading, c, err in _columns(res):
        if c:
            parts.append("%s: %s durable records/s, %.0f req/s, p50 %.1f ms, p99 %.1f ms, non-2xx %d, lost %d"
                         % (heading, _n(c["durable_s"]), c["rps"], c["p50_ms"], c["p99_ms"], c["non2xx"], c["lost"]))
        else:
            parts.append("%s: FAILED: %s" % (heading, (err or "?")[:200]))
    f = res.get("floor")
    if f:
        parts.append("SQLite floor %s rows/s (%.0f commits/s)" % (_n(f["rows_s"]), f["commits_s"]))
    for r in res.get("pgbench") or []:
        parts.append("pgbench -c%d %s rows/s (%.0f tps)" % (r["clients"], _n(r["rows_s"]), r["tps"]))
    if res.get("pgbench_error"):
        parts.append("pgbench FAILED: %s" % res["pgbench_error"][:200])
    return "; ".join(parts)


def failed(res):
    """True when a part that was asked for did not give its figures."""
    cfg = res["cfg"]
    return bool(res.get("error") or not res.get("server") or not res.get("floor")
                or (res.get("compare_bin") and (res.get("compare_error") or not res.get("compare")))
                or (cfg.get("postgres") and (res.get("pg_error") or not res.get("postgres")
                                             or res.get("pgbench_error") or not res.get("pgbench"))))


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
    return 1 if failed(res) else 0


if __name__ == "__main__":
    sys.exit(main())
