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


def test_no_record_is_lost_or_doubled_when_the_server_is_killed(project, tmp_path):
    db = tmp_path / "results.sqlite"
    server = Server(project, db, extra=["--rate-limit", "100000"]).start()
    port = server.port
    records = [record(i) for i in range(TOTAL)]
    acked, lock = set(), threading.Lock()
    done = threading.Event()
    kills = 0

    def client(part):
        pending = list(part)
        while pending:
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

    def killer():
        nonlocal kills, server
        while not done.is_set():
            time.sleep(random.uniform(0.2, 1.0))
            if done.is_set():
                break
            server.proc.send_signal(signal.SIGKILL)
            server.proc.wait()
            kills += 1
            time.sleep(random.uniform(0.0, 0.3))
            server = Server(project, db, extra=["--rate-limit", "100000"])
            restart(server, port)

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
    kill_thread = threading.Thread(target=killer)
    for t in threads:
        t.start()
    kill_thread.start()
    for t in threads:
        t.join(timeout=600)
    done.set()
    kill_thread.join(timeout=60)
    try:
        assert not any(t.is_alive() for t in threads), "clients did not finish"
        assert kills >= 3, f"the server was killed only {kills} times; the test proves little"
        print(f"{TOTAL} records, {kills} kills")
        ids = {r["id"] for r in records}
        assert acked == ids
        stored = rows(db, "SELECT id FROM records")
        assert len(stored) == TOTAL, f"{len(stored)} rows for {TOTAL} records"
        assert {i for (i,) in stored} == ids
        assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    finally:
        server.stop()
