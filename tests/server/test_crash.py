"""Crash test: 20,000 records from concurrent clients while the server is killed with
SIGKILL at random moments and restarted. Clients retry until every record is
answered. At the end the results file holds each record exactly once, and every
record that was acknowledged (a 2xx saying stored or duplicate) is there."""

import http.client
import json
import random
import signal
import threading
import time
import urllib.error
import urllib.request
import uuid

from conftest import Server, rows

TOTAL = 20_000
CLIENTS = 8
BATCH = 50


def record(i):
    kind = "progress" if i % 2 else "survey_response"
    payload = ({"course": "kurs", "lesson": f"l{i % 7}", "completed": True} if kind == "progress"
               else {"survey": "ankieta", "page": "surveys/ankieta.html", "responses": {"ocena": i % 11, "uwagi": f"uwaga {i}"}})
    return {"id": str(uuid.uuid4()), "kind": kind, "site": "szkola-testowa", "bundle": "site", "contentHash": None,
            "createdAt": "2026-11-23T10:00:00.000Z", "device": f"d{i % 300}", "payload": payload}


KILLS = 6


def test_no_record_is_lost_or_doubled_when_the_server_is_killed(project, tmp_path):
    db = tmp_path / "results.sqlite"
    server = Server(project, db, extra=["--rate-limit", "100000"]).start()
    port = server.port
    records = [record(i) for i in range(TOTAL)]
    acked, lock = set(), threading.Lock()
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
        while pending:
            while not killer_done.is_set() and next_mark[0] < KILLS and progress() >= marks[next_mark[0]] + lag:
                time.sleep(0.005)
            batch = pending[:BATCH]
            body = json.dumps({"records": batch}).encode()
            req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/sync", data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(req, timeout=20) as resp:
                    results = json.loads(resp.read())["results"]
            except (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError, OSError, ValueError):
                time.sleep(random.uniform(0.05, 0.3))  # the server is down or died mid-answer: retry
                continue
            answered = {r["id"] for r in results if r["status"] in ("stored", "duplicate")}
            assert all(r["status"] in ("stored", "duplicate") for r in results), results
            with lock:
                acked.update(answered)
            pending = [r for r in pending if r["id"] not in answered]

    killer_done = threading.Event()

    def killer():
        nonlocal server
        try:
            while next_mark[0] < KILLS:
                while progress() < marks[next_mark[0]]:
                    time.sleep(0.002)
                server.proc.send_signal(signal.SIGKILL)
                server.proc.wait()
                time.sleep(random.uniform(0.0, 0.3))
                server = Server(project, db, extra=["--rate-limit", "100000"])
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
    kill_thread.join(timeout=60)
    try:
        assert not any(t.is_alive() for t in threads), "clients did not finish"
        assert next_mark[0] == KILLS, f"the server was killed {next_mark[0]} times, not {KILLS}"
        print(f"{TOTAL} records, {KILLS} kills at {marks}")
        ids = {r["id"] for r in records}
        assert acked == ids
        stored = rows(db, "SELECT id FROM records")
        assert len(stored) == TOTAL, f"{len(stored)} rows for {TOTAL} records"
        assert {i for (i,) in stored} == ids
        assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    finally:
        server.stop()
