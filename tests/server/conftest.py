"""Fixtures for the ingest server tests: a real `szpon serve` on 127.0.0.1 with a
real SQLite results file (or, through the `store` fixture, a PostgreSQL database when
SZPON_TEST_POSTGRES is set), driven by a real HTTP client (urllib).

SZPON_BIN overrides the binary (default .build/debug/szpon)."""

import json
import os
import queue
import re
import signal
import sqlite3
import subprocess
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BIN = Path(os.environ.get("SZPON_BIN", REPO / ".build" / "debug" / "szpon"))

SITE_YAML = """id: szkola-testowa
title: Szkoła Testowa
language: pl
organisation: Szkoła Testowa
ingest_origins: ["null", "http://intranet.example"]
"""

COURSE = """---
title: Kurs
summary: Krótki kurs.
---

Kurs.
"""

LESSON = """---
title: Test
---

## Test

```quiz
id: test-koncowy
graded: true
mode: exam
pass: 50
questions:
  - id: pojemnik
    type: single
    text: Gdzie wrzucisz puszkę?
    points: 2
    answers:
      - { text: Żółty, correct: true }
      - { text: Zielony }
  - id: papier
    type: truefalse
    text: Karton to papier.
    answer: true
```
"""

SURVEY = """---
title: Ankieta
---

```survey
id: ankieta
anonymous: true
questions:
  - { id: ocena, type: rating, text: Jak oceniasz kurs? }
  - { id: uwagi, type: text, text: Uwagi }
```
"""


def write(root, files):
    for rel, text in files.items():
        path = Path(root) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def run(*args, cwd=None, check=True, timeout=120):
    proc = subprocess.run([str(BIN), *args], cwd=cwd, capture_output=True, text=True, timeout=timeout)
    if check:
        assert proc.returncode == 0, f"szpon {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return proc


class Lines:
    """A child process's output stream, read line by line in a background thread, so
    that waiting for a line has a deadline (a bare readline() on a silent child blocks
    for ever) and the pipe never fills up while nobody reads it."""

    def __init__(self, stream):
        self.seen = []
        self._queue = queue.Queue()
        threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream):
        try:
            for line in iter(stream.readline, ""):
                self._queue.put(line)
        except (OSError, ValueError):
            pass
        finally:
            self._queue.put(None)

    def wait_for(self, pattern, timeout):
        """The match of the first new line matching `pattern`; AssertionError when the
        stream ends or `timeout` seconds pass first."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no line matching {pattern!r} within {timeout} s; got: {''.join(self.seen)!r}")
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                self._queue.put(None)  # the end stays the end for later waits
                raise AssertionError(f"the output ended with no line matching {pattern!r}; got: {''.join(self.seen)!r}")
            self.seen.append(line)
            found = re.search(pattern, line)
            if found:
                return found

    def text(self, wait=0):
        """Everything read so far, after waiting up to `wait` seconds for the end."""
        deadline = time.monotonic() + wait
        while True:
            try:
                line = self._queue.get(timeout=max(0, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line is None:
                self._queue.put(None)
                break
            self.seen.append(line)
        return "".join(self.seen)


def wait_for_line(proc, pattern, timeout=30):
    """Waits, at most `timeout` seconds, for a line of `proc`'s stdout matching `pattern`."""
    if not hasattr(proc, "szpon_stdout"):
        proc.szpon_stdout = Lines(proc.stdout)
    return proc.szpon_stdout.wait_for(pattern, timeout)


@pytest.fixture(scope="session")
def project(tmp_path_factory):
    """A built test site: content/, site/ and .szpon/server.json in one folder."""
    root = tmp_path_factory.mktemp("server-site")
    write(root, {
        "content/site.yaml": SITE_YAML,
        "content/courses/kurs/course.md": COURSE,
        "content/courses/kurs/01-test.md": LESSON,
        "content/surveys/ankieta.md": SURVEY,
    })
    run("build", "--content", "content", "--theme", str(REPO / "themes" / "default"), "--output", "site", cwd=root)
    return root


class Server:
    """`szpon serve` as a child process on a free port."""

    def __init__(self, project, db, extra=()):
        """`db` is the store: a `Store`, or a SQLite file's path."""
        self.project = Path(project)
        self.db = db if isinstance(db, Store) else Path(db)
        self.extra = list(extra)
        self.proc = None
        self.port = None

    def start_on(self, port, timeout=30):
        return self.start(timeout=timeout, port=port)

    def start(self, timeout=30, port=0):
        self.proc = subprocess.Popen(
            [str(BIN), "serve", "--site", "site", "--db", str(self.db), "--port", str(port), *self.extra],
            cwd=self.project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.stderr = Lines(self.proc.stderr)
        try:
            self.port = int(wait_for_line(self.proc, r"http://127\.0\.0\.1:(\d+)/", timeout).group(1))
            return self
        except AssertionError as err:
            if self.proc.poll() is None:
                self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"szpon serve did not start: {err}\n{self.stderr.text(wait=5)}") from None

    def stop(self, sig=signal.SIGTERM):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def request(self, method, path, body=None, headers=None, raw=None):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=headers or {})
        if data is not None and "Content-Type" not in (headers or {}):
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return resp.status, dict(resp.headers), resp.read()
        except urllib.error.HTTPError as err:
            return err.code, dict(err.headers), err.read()

    def sync(self, records, headers=None):
        status, headers, body = self.request("POST", "/api/v1/sync", {"records": records}, headers)
        return status, headers, json.loads(body) if body else None


@pytest.fixture
def server(project, tmp_path):
    s = Server(project, tmp_path / "results.sqlite").start()
    try:
        yield s
    finally:
        s.stop()


def quiz_hash(project, quiz="test-koncowy"):
    manifest = json.loads((Path(project) / ".szpon" / "server.json").read_text())
    return manifest["quizzes"][quiz]["current"]


def attempt(project, responses, score=None, record_id=None, hash_=None):
    return {
        "id": record_id or str(uuid.uuid4()),
        "kind": "attempt",
        "site": "szkola-testowa",
        "bundle": "site",
        "contentHash": hash_ or quiz_hash(project),
        "createdAt": "2026-11-23T10:00:00.000Z",
        "device": "dev-1",
        "payload": {
            "quiz": "test-koncowy", "course": "kurs", "lesson": "test", "attempt": 1, "seed": 1,
            "questions": ["pojemnik", "papier"], "options": {}, "responses": responses,
            "startedAt": "2026-11-23T09:50:00.000Z", "finishedAt": "2026-11-23T10:00:00.000Z",
            "timedOut": False, "score": score,
        },
    }


def survey_response(text="Dobry kurs", rating=9):
    return {
        "id": str(uuid.uuid4()), "kind": "survey_response", "site": "szkola-testowa", "bundle": "site",
        "contentHash": None, "createdAt": "2026-11-23T10:05:00.000Z", "device": None,
        "payload": {"survey": "ankieta", "page": "surveys/ankieta.html", "responses": {"ocena": rating, "uwagi": text}},
    }


def rows(db, sql, *args):
    """Rows of a query on a `Store` (SQLite or PostgreSQL) or a SQLite file's path."""
    if isinstance(db, Store):
        return db.rows(sql, *args)
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


# The results store a test's server writes to: a SQLite file, or, when SZPON_TEST_POSTGRES
# names a PostgreSQL server (make test starts one: tests/tools/postgres.sh), a fresh
# database on it. Tests that take the `store` fixture run once per backend; without
# SZPON_TEST_POSTGRES the PostgreSQL case is skipped with a notice, unless CI is set.
POSTGRES_ADMIN_URL = os.environ.get("SZPON_TEST_POSTGRES", "")


def psql(url, sql):
    """`psql -At` output of one statement on the database `url` names."""
    proc = subprocess.run(["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"psql failed ({proc.returncode}): {proc.stderr}\n{sql}"
    return proc.stdout


def sql_literal(value):
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


class Store:
    """Where `szpon serve --db` keeps results: `location` is what --db gets."""

    def __init__(self, backend, location):
        self.backend = backend
        self.location = str(location)

    def __str__(self):
        return self.location

    def __fspath__(self):
        assert self.backend == "sqlite", "a PostgreSQL store has no file path"
        return self.location

    def rows(self, sql, *args):
        """Every row of a query (`?` placeholders) as tuples of Python values, as sqlite3
        gives them (PostgreSQL: through psql, each row as JSON, so types survive)."""
        if self.backend == "sqlite":
            con = sqlite3.connect(self.location)
            try:
                return con.execute(sql, args).fetchall()
            finally:
                con.close()
        parts = sql.split("?")
        assert len(parts) == len(args) + 1, "one argument per ? placeholder"
        text = parts[0] + "".join(sql_literal(a) + p for a, p in zip(args, parts[1:]))
        out = psql(self.location, f"SELECT row_to_json(t) FROM ({text}) AS t")
        return [tuple(v for _, v in json.loads(line, object_pairs_hook=list)) for line in out.splitlines() if line]


def sqlite_store(path):
    return Store("sqlite", path)


@pytest.fixture(params=["sqlite", "postgres"])
def store(request, tmp_path):
    """A fresh, empty results store per test: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield Store("sqlite", tmp_path / "results.sqlite")
        return
    if not POSTGRES_ADMIN_URL:
        if os.environ.get("CI"):
            pytest.fail("SZPON_TEST_POSTGRES is not set, but CI is: the PostgreSQL cases must run")
        pytest.skip("SZPON_TEST_POSTGRES is not set; the PostgreSQL case needs a server (make test starts one)")
    name = "szpon_t_" + uuid.uuid4().hex
    psql(POSTGRES_ADMIN_URL, f"CREATE DATABASE {name}")
    base, _, _ = POSTGRES_ADMIN_URL.partition("?")
    url = base.rsplit("/", 1)[0] + "/" + name + "?sslmode=disable"
    try:
        yield Store("postgres", url)
    finally:
        psql(POSTGRES_ADMIN_URL, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def token_for_test(server, project):
    """A fresh admin token for the server's results file."""
    return run("admin", "token", "--db", str(server.db), cwd=project).stdout.strip()
