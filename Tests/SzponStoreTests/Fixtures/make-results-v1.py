"""Makes results-v1.sqlite: a results file written by szpon before the migrations list
(schema "v1"), for MigrationFixtureTests. Run once, with that release's binary:

    git worktree add /tmp/szpon-old 6c1da5f
    (cd /tmp/szpon-old && swift build --product szpon --scratch-path /work/main/.build-old)
    python3 Tests/SzponStoreTests/Fixtures/make-results-v1.py .build-old/debug/szpon

It builds tests/server's test site, serves it, syncs records of every kind (scored and
unknown-version attempts, survey responses with scalar, list and text answers, progress
marks, bookings, task updates, event registrations), a conflict and a rejection, adds an
admin token, and copies the file here."""

import json
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2] / "tests" / "server"))
import conftest  # noqa: E402

conftest.BIN = Path(sys.argv[1]).resolve()


def rec(i, kind, payload, device="dev-1", content_hash=None, created="2026-11-23T10:00:00.000Z"):
    return {"id": f"00000000-0000-4000-8000-{i:012d}", "kind": kind, "site": "szkola-testowa", "bundle": "site",
            "contentHash": content_hash, "createdAt": created, "device": device, "payload": payload}


def main():
    root = Path(tempfile.mkdtemp())
    conftest.write(root, {
        "content/site.yaml": conftest.SITE_YAML,
        "content/courses/kurs/course.md": conftest.COURSE,
        "content/courses/kurs/01-test.md": conftest.LESSON,
        "content/surveys/ankieta.md": conftest.SURVEY,
    })
    repo = HERE.parents[2]
    conftest.run("build", "--content", "content", "--theme", str(repo / "themes" / "default"), "--output", "site",
                 cwd=root)
    key = conftest.quiz_hash(root)
    db = root / "results.sqlite"
    server = conftest.Server(root, db).start()
    try:
        def attempt(i, device, responses, hash_=key, score=None, created="2026-11-23T10:00:00.000Z"):
            made = rec(i, "attempt", {
                "quiz": "test-koncowy", "course": "kurs", "lesson": "test", "attempt": 1, "seed": 1,
                "questions": ["pojemnik", "papier"], "options": {}, "responses": responses,
                "startedAt": "2026-11-23T09:50:00.000Z", "finishedAt": created, "timedOut": False, "score": score,
            }, device=device, content_hash=hash_, created=created)
            return made

        def survey(i, responses, device=None, created="2026-11-23T10:05:00.000Z"):
            return rec(i, "survey_response", {"survey": "ankieta", "page": "surveys/ankieta.html",
                                               "responses": responses}, device=device, created=created)

        records = [
            attempt(1, "d1", {"pojemnik": 0, "papier": True}),
            attempt(2, "d1", {"pojemnik": 1, "papier": False}, created="2026-11-23T11:00:00.000Z"),
            attempt(3, "d2", {"pojemnik": 0, "papier": False}, score={"points": 3, "max": 3, "percent": 100}),
            attempt(4, "d3", {"pojemnik": 0}, hash_="0bad"),
            survey(10, {"ocena": 4, "uwagi": "Świetny <b>kurs</b> & \"cytat\"", "wybor": [0, 2], "macierz": [1, 0]}),
            survey(11, {"ocena": 4, "uwagi": "Za długo", "wybor": [2, "inne"], "macierz": [1, None]},
                   created="2026-11-23T12:00:00.000Z"),
            survey(12, {"ocena": 2, "uwagi": None, "wybor": [], "tak": True, "macierz": [0, 0]}, device="d9"),
            survey(13, {"ocena": None}),
            rec(20, "progress", {"course": "kurs", "lesson": "l1", "completed": True}, device="d1"),
            rec(21, "progress", {"course": "kurs", "lesson": "l2", "completed": True}, device="d1"),
            rec(22, "progress", {"course": "kurs", "lesson": "l1", "completed": True}, device="d2"),
            rec(23, "progress", {"course": "kurs", "lesson": "l2", "completed": True}, device="d2",
                created="2026-11-23T09:00:00.000Z"),
            rec(24, "progress", {"course": "kurs", "lesson": "l2", "completed": False}, device="d2",
                created="2026-11-23T09:30:00.000Z"),
            rec(30, "booking_request", {"service": "dowod", "slot": "2026-12-01T09:00:00.000Z"}),
            rec(31, "task_update", {"task": "t1", "fields": {"status": "done"}}),
            rec(32, "event_registration", {"event": "dzien-otwarty", "name": "Jan"}),
        ]
        status, _, body = server.sync(records, headers={"Origin": "null"})
        assert status == 200 and all(r["status"] == "stored" for r in body["results"]), body
        conflict = rec(20, "progress", {"course": "kurs", "lesson": "l1", "completed": False}, device="d1")
        rejected = rec(40, "nope", {})
        status, _, body = server.sync([conflict, rejected, "not a record"], headers={"Origin": "null"})
        assert [r["status"] for r in body["results"]] == ["conflict", "rejected", "rejected"], body
        conftest.run("admin", "token", "--db", str(db), "--label", "fixture", cwd=root)
    finally:
        server.stop()
    subprocess.run(["sqlite3", str(db), "PRAGMA wal_checkpoint(TRUNCATE)"], check=True)
    shutil.copy(db, HERE / "results-v1.sqlite")
    print("wrote", HERE / "results-v1.sqlite")
    # The same release's report of it, which the new code must reproduce.
    report = subprocess.run([str(conftest.BIN), "report", "--db", str(db), "--format", "json"], check=True,
                            capture_output=True, text=True).stdout
    (HERE / "results-v1.report.json").write_text(report)


if __name__ == "__main__":
    main()
