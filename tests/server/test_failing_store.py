"""A results file that fails under a running server: POST /api/v1/sync answers 503
with Retry-After and a JSON reason, writes nothing, and once the fault is gone the
same batch, sent again, is stored.

Two faults that stop writes also for root (the tests run as root, for whom
chmod does not):
- the file, its -wal and -shm and their folder made immutable (`chattr +i`): every
  write, also through a descriptor the server already holds, fails with EPERM, as
  on a disk that went read-only. Needs a filesystem with the attribute (ext4, xfs,
  btrfs) and CAP_LINUX_IMMUTABLE; skipped where `chattr +i` cannot be set.
- another process holding SQLite's write lock (`BEGIN IMMEDIATE`) for longer than
  the server's busy timeout (10 s), as a backup tool or an admin's sqlite3 shell
  can: works anywhere, so this failure is always tested."""

import json
import shutil
import sqlite3
import subprocess
import uuid

import pytest

from conftest import Server, attempt, rows, survey_response

RIGHT = {"pojemnik": 0, "papier": True}
TABLES = ("records", "attempt_scores", "question_scores", "survey_answers", "progress", "conflicts", "rejections")


def progress():
    return {"id": str(uuid.uuid4()), "kind": "progress", "site": "szkola-testowa", "bundle": "site", "contentHash": None,
            "createdAt": "2026-11-23T10:10:00.000Z", "device": "dev-1",
            "payload": {"course": "kurs", "lesson": "test", "completed": True}}


def counts(db):
    return {table: rows(db, f"SELECT COUNT(*) FROM {table}")[0][0] for table in TABLES}


def files_of(folder):
    return [folder, *sorted(folder.iterdir())]


def chattr(flag, paths):
    return subprocess.run(["chattr", flag, *map(str, paths)], capture_output=True, text=True)


def immutable_supported(folder):
    if not shutil.which("chattr"):
        return False
    probe = folder / "probe"
    probe.write_text("x")
    try:
        if chattr("+i", [probe]).returncode != 0:
            return False
        try:
            with open(probe, "a") as f:
                f.write("y")
            return False  # the attribute is set but does not stop writes here
        except OSError:
            return True
    finally:
        chattr("-i", [probe])
        probe.unlink()


class Immutable:
    """chattr +i on the folder and every file in it, for as long as the block runs."""

    def __init__(self, folder):
        self.folder = folder

    def __enter__(self):
        self.paths = files_of(self.folder)
        done = chattr("+i", self.paths)
        assert done.returncode == 0, done.stderr
        return self

    def __exit__(self, *exc):
        chattr("-i", self.paths)  # always, or pytest cannot remove the folder


class WriteLock:
    """Another connection holding the results file's write lock."""

    def __init__(self, db):
        self.db = db

    def __enter__(self):
        self.con = sqlite3.connect(self.db, isolation_level=None, timeout=30)
        self.con.execute("BEGIN IMMEDIATE")
        return self

    def __exit__(self, *exc):
        self.con.execute("ROLLBACK")
        self.con.close()


@pytest.mark.parametrize("fault", ["immutable", "locked"])
def test_a_store_that_fails_answers_503_writes_nothing_and_a_resend_is_stored(project, tmp_path, fault):
    folder = tmp_path / "store"
    folder.mkdir()
    if fault == "immutable" and not immutable_supported(folder):
        pytest.skip("chattr +i is not available on this filesystem or without CAP_LINUX_IMMUTABLE")
    db = folder / "results.sqlite"
    server = Server(project, db).start()
    try:
        first = [survey_response()]
        assert [r["status"] for r in server.sync(first)[2]["results"]] == ["stored"]
        before = counts(db)
        assert before["records"] == 1 and before["survey_answers"] == 2

        batch = [attempt(project, RIGHT), survey_response(text="Po awarii"), progress(), dict(survey_response(), id="nie-uuid")]
        with (Immutable(folder) if fault == "immutable" else WriteLock(db)):
            status, headers, body = server.request("POST", "/api/v1/sync", {"records": batch})
        assert status == 503, (status, body[:300])
        assert int(headers["Retry-After"]) >= 1
        assert headers["Content-Type"].startswith("application/json")
        reason = json.loads(body)["error"]
        assert isinstance(reason, str) and reason.strip()
        assert counts(db) == before, "a failed request must leave nothing behind"

        status, _, answer = server.sync(batch)
        assert status == 200, answer
        assert [r["status"] for r in answer["results"]] == ["stored", "stored", "stored", "rejected"]
        assert answer["results"][0]["score"]["points"] == 3
        after = counts(db)
        assert after == dict(before, records=4, attempt_scores=1, question_scores=2, survey_answers=4, progress=1, rejections=1)
        assert sorted(i for (i,) in rows(db, "SELECT id FROM records")) == sorted(r["id"] for r in first + batch[:3])
    finally:
        server.stop()
