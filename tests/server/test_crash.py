"""Crash test: 20,000 records (lesson progress, survey responses and scored test
attempts) from concurrent clients while the server is killed with SIGKILL at random
moments and restarted. Clients retry while the server is down (connection refused
or reset, or an answer cut off); any HTTP error status fails the test. At the end
the store holds each record exactly once, every record that was acknowledged (a
2xx saying stored or duplicate) is there, and the rows derived from the records
(attempt scores, survey answers, progress) match them exactly: none missing, none
doubled, none orphaned. It runs on a SQLite file and, when SZPON_TEST_POSTGRES is
set, on a fresh PostgreSQL database (the `store` fixture)."""

import http.client
import json
import random
import signal
import threading
import time
import urllib.error
import urllib.request
import uuid

from conftest import Server, attempt, quiz_hash

TOTAL = 20_000
CLIENTS = 8
BATCH = 50


def survey_responses(i):
    """Every answer, one of two, or none at all (a response with no answer rows)."""
    if i % 12 == 3:
        return {"ocena": None, "uwagi": None}
    if i % 12 == 7:
        return {"ocena": i % 11, "uwagi": None}
    return {"ocena": i % 11, "uwagi": f"uwaga {i}"}


def record(i, project, hash_):
    kind = ("progress", "survey_response", "attempt", "survey_response")[i % 4]
    if kind == "attempt":
        made = attempt(project, {"pojemnik": i % 2, "papier": i % 3 == 0}, hash_=hash_)
        made["device"] = f"d{i % 300}"
        return made
    payload = ({"course": "kurs", "lesson": f"l{i % 7}", "completed": True} if kind == "progress"
               else {"survey": "ankieta", "page": "surveys/ankieta.html", "responses": survey_responses(i)})
    return {"id": str(uuid.uuid4()), "kind": kind, "site": "szkola-testowa", "bundle": "site", "contentHash": None,
            "createdAt": "2026-11-23T10:00:00.000Z", "device": f"d{i % 300}", "payload": payload}


def server_down(error):
    """True for what a killed server looks like to a client: the connection refused or
    reset, or the answer cut off. An HTTP status (urllib's HTTPError) is not."""
    if isinstance(error, urllib.error.HTTPError):
        return False
    if isinstance(error, urllib.error.URLError):
        return isinstance(error.reason, OSError)
    return isinstance(error, (http.client.HTTPException, ConnectionError, TimeoutError))


def check_derived_rows(store, records):
    """The rows made from the records match them exactly."""
    def ids(kind):
        return {r["id"] for r in records if r["kind"] == kind}
    by_kind = {}
    for record_id, kind in store.rows("SELECT id, kind FROM records"):
        by_kind.setdefault(kind, set()).add(record_id)
    assert {k: len(v) for k, v in by_kind.items()} == {k: len(ids(k)) for k in ("progress", "survey_response", "attempt")}
    assert by_kind["attempt"] == ids("attempt")

    scores = store.rows("SELECT record_id, key_status FROM attempt_scores")
    assert len(scores) == len(ids("attempt")), "one attempt_scores row per attempt record"
    assert {r for r, _ in scores} == ids("attempt")
    assert {s for _, s in scores} == {"scored"}
    questions = store.rows("SELECT record_id, COUNT(*) FROM question_scores GROUP BY record_id")
    assert dict(questions) == {i: 2 for i in ids("attempt")}

    expected = {(r["id"], q): v for r in records if r["kind"] == "survey_response"
                for q, v in r["payload"]["responses"].items() if v is not None}
    found = store.rows("SELECT record_id, question, value FROM survey_answers")
    assert len(found) == len(expected)
    assert {(r, q): json.loads(v) for r, q, v in found} == expected
    assert len({r for r, _ in expected}) < len(ids("survey_response")), "some responses have no answer rows"

    assert {r for (r,) in store.rows("SELECT record_id FROM progress")} == ids("progress")
    for table in ("attempt_scores", "question_scores", "survey_answers", "progress"):
        assert store.rows(f"SELECT COUNT(*) FROM {table} WHERE record_id NOT IN (SELECT id FROM records)") == [(0,)], table


KILLS = 6


def test_no_record_is_lost_or_doubled_when_the_server_is_killed(project, store):
    server = Server(project, store, extra=["--rate-limit", "100000"]).start()
    port = server.port
    hash_ = quiz_hash(project)
    records = [record(i, project, hash_) for i in range(TOTAL)]
    acked, lock = set(), threading.Lock()
    problems = []  # what no kill explains: an HTTP error status, an answer that is not the API's
    stop = threading.Event()
    # Kills are placed at random points of progress rather than random times, so a
    # fast machine cannot finish all 20,000 records before the server has died
    # KILLS times. Clients keep sending while the killer strikes, so requests are
    # in flight at every kill; a client pauses only if the killer falls more than
    # a round of batches behind its next mark.
    marks = sorted(random.sample(range(TOTAL // 20, TOTAL * 9 // 10), KILLS))
    next_mark = [0]
    lag = BATCH * CLIENTS

    def progress():
        with lock:
            return len(acked)

    def client(part):
        pending = list(part)
        while pending and not stop.is_set():
            while not killer_done.is_set() and next_mark[0] < KILLS and progress() >= marks[next_mark[0]] + lag:
                time.sleep(0.005)
            batch = pending[:BATCH]
            body = json.dumps({"records": batch}).encode()
            req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/sync", data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(req, timeout=20) as resp:
                    answer = resp.read()
            except Exception as error:  # noqa: BLE001 - sorted just below
                if not server_down(error):
                    detail = error.read()[:300] if isinstance(error, urllib.error.HTTPError) else b""
                    problems.append(f"{type(error).__name__}: {error} {detail!r}")
                    stop.set()
                    return
                time.sleep(random.uniform(0.05, 0.3))  # the server is down or died mid-answer: retry
                continue
            try:
                results = json.loads(answer)["results"]
                answered = {r["id"] for r in results if r["status"] in ("stored", "duplicate")}
            except (ValueError, KeyError, TypeError) as error:
                problems.append(f"a 2xx that is not the API's answer ({error}): {answer[:300]!r}")
                stop.set()
                return
            if [r["id"] for r in results] != [r["id"] for r in batch] or len(answered) != len(batch):
                problems.append(f"not every record stored or duplicate: {results}")
                stop.set()
                return
            with lock:
                acked.update(answered)
            pending = [r for r in pending if r["id"] not in answered]

    killer_done = threading.Event()

    def killer():
        nonlocal server
        try:
            while next_mark[0] < KILLS and not stop.is_set():
                while progress() < marks[next_mark[0]]:
                    if stop.is_set():
                        return
                    time.sleep(0.002)
                server.proc.send_signal(signal.SIGKILL)
                server.proc.wait()
                time.sleep(random.uniform(0.0, 0.3))
                server = Server(project, store, extra=["--rate-limit", "100000"])
                restart(server, port)
                next_mark[0] += 1
        finally:
            killer_done.set()  # if a restart failed, clients must not wait for a kill that never comes

    def restart(s, port):
        for _ in range(50):
            try:
                s.start_on(port)
                return
            except AssertionError:
                time.sleep(0.2)
        raise AssertionError("the server did not come back")

    parts = [records[i::CLIENTS] for i in range(CLIENTS)]
    threads = [threading.Thread(target=client, args=(p,)) for p in parts]
    kill_thread = threading.Thread(target=killer, daemon=True)
    for t in threads:
        t.start()
    kill_thread.start()
    for t in threads:
        t.join(timeout=600)
    stop.set()
    kill_thread.join(timeout=60)
    try:
        assert problems == [], problems
        assert not any(t.is_alive() for t in threads), "clients did not finish"
        assert next_mark[0] == KILLS, f"the server was killed {next_mark[0]} times, not {KILLS}"
        print(f"{TOTAL} records, {KILLS} kills at {marks}")
        ids = {r["id"] for r in records}
        assert acked == ids
        stored = store.rows("SELECT id FROM records")
        assert len(stored) == TOTAL, f"{len(stored)} rows for {TOTAL} records"
        assert {i for (i,) in stored} == ids
        if store.backend == "sqlite":
            assert store.rows("PRAGMA integrity_check") == [("ok",)]
        check_derived_rows(store, records)
    finally:
        server.stop()
