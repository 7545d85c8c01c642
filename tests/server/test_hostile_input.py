"""Inputs found by fuzzing the server and `szpon import results`: each once crashed
the process (a Swift trap) or answered without a JSON reason."""

import json

from conftest import attempt, rows, run, survey_response, token_for_test
from test_admin import admin_page, session_cookie

HUGE = 1e300


def test_huge_numbers_in_stored_records_do_not_crash_the_report(server, project):
    # Valid JSON numbers, stored as sent; the report once turned them into Int and trapped.
    claimed = {"points": HUGE, "max": 3, "percent": HUGE, "passed": True, "pending": False, "questions": {}}
    records = [survey_response(rating=HUGE), survey_response(rating=-HUGE),
               attempt(project, {"pojemnik": 0, "papier": True}, score=claimed)]
    status, _, body = server.sync(records)
    assert status == 200 and [r["status"] for r in body["results"]] == ["stored"] * 3
    token = token_for_test(server, project)
    for fmt in ("json", "csv", "html"):
        status, _, text = server.request("GET", f"/api/v1/admin/report?format={fmt}",
                                         headers={"Authorization": f"Bearer {token}"})
        assert status == 200, (fmt, status, text[:200])
    assert server.proc.poll() is None
    status, _, page = admin_page(server, session_cookie(server, token))
    assert status == 200 and b"1e+300" in page


def test_a_results_file_with_an_absurd_version_is_refused_with_a_message(project, tmp_path):
    for version, shown in (("1e300", "1e+300"), ("2.5", "2.5"), ("-1e300", "-1e+300"), ("2", "version 2 ")):
        path = tmp_path / "wyniki.json"
        path.write_text('{"format": "szpon-results", "version": %s, "records": []}' % version)
        proc = run("import", "results", "--db", str(tmp_path / "r.sqlite"), str(path), cwd=project, check=False)
        assert proc.returncode == 1, (version, proc.returncode, proc.stderr[-500:])
        assert shown in proc.stderr and "Fatal error" not in proc.stderr


def test_every_api_error_is_json_with_a_reason(server):
    cases = [
        ("GET", "/api/v1/sync", 405, "POST"), ("DELETE", "/api/v1/sync", 405, "POST"),
        ("POST", "/api/v1/health", 405, "GET"), ("PUT", "/api/v1/admin/report", 405, "GET"),
        ("GET", "/api/nope", 404, None), ("GET", "/api/v1/sync/..%2f..%2f.szpon", 404, None),
    ]
    for method, path, expected, allow in cases:
        status, headers, body = server.request(method, path)
        assert status == expected, (method, path, status, body[:200])
        assert headers["Content-Type"].startswith("application/json")
        assert json.loads(body)["error"]
        if allow:
            assert allow in headers["Allow"]
    # Static pages keep their plain 404.
    status, _, _ = server.request("GET", "/nie-ma-takiej-strony.html")
    assert status == 404


def test_rate_limits_that_cannot_work_are_refused_and_tiny_ones_do_not_crash(project, tmp_path):
    from conftest import Server
    for rate in ("0", "nan", "inf"):
        proc = run("serve", "--site", "site", "--db", str(tmp_path / "r.sqlite"), "--port", "0", "--rate-limit", rate,
                   cwd=project, check=False, timeout=30)
        assert proc.returncode != 0 and "--rate-limit" in proc.stderr and "Fatal error" not in proc.stderr
    s = Server(project, tmp_path / "r.sqlite", extra=["--rate-limit", "1e-300"]).start()
    try:
        statuses = [s.sync([])[0] for _ in range(3)]
        assert statuses[0] == 200 and 429 in statuses
        status, headers, body = s.sync([])
        assert status == 429 and int(headers["Retry-After"]) == 86400 and body["error"]
        assert s.proc.poll() is None
    finally:
        s.stop()


def test_paths_with_control_characters_are_refused(server):
    # The file system reads a path up to its NUL: "/index.html%00.png" was index.html.
    for path in ("/index.html%00.png", "/%00", "/assets%0d%0aX-Injected:%20yes", "/api/v1/sync%00"):
        status, headers, body = server.request("GET", path)
        assert status == 400, (path, status, body[:100])
        assert json.loads(body)["error"]
    status, _, body = server.request("GET", "/index.html")
    assert status == 200 and b"<html" in body


def test_silent_and_stalled_connections_are_closed(project, tmp_path):
    import socket
    from conftest import Server
    s = Server(project, tmp_path / "r.sqlite", extra=["--idle-timeout", "1"]).start()
    try:
        silent = socket.create_connection(("127.0.0.1", s.port))
        stalled = socket.create_connection(("127.0.0.1", s.port))
        stalled.sendall(b"POST /api/v1/sync HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        b"Content-Length: 1000\r\n\r\n{\"records\": [")
        for sock in (silent, stalled):
            # The server's limit is 1 s; 10 s without it closing the connection means it never will.
            sock.settimeout(10)
            try:
                while sock.recv(4096):
                    pass
            except socket.timeout:
                raise AssertionError("the server kept a silent connection open")
            sock.close()
        status, _, body = s.sync([survey_response()])
        assert status == 200 and body["results"][0]["status"] == "stored"
        assert rows(s.db, "SELECT COUNT(*) FROM records") == [(1,)]
    finally:
        s.stop()


def test_import_refuses_a_broken_server_manifest_instead_of_ignoring_it(project, tmp_path):
    results = tmp_path / "wyniki.json"
    results.write_text(json.dumps({"format": "szpon-results", "version": 1, "records": [survey_response()]}))
    keys = tmp_path / "answer-keys.json"
    keys.write_text('{"format": "szpon-answer-keys", "version": 1,')
    db = tmp_path / "r.sqlite"
    proc = run("import", "results", "--db", str(db), "--keys", str(keys), str(results), cwd=project, check=False)
    assert proc.returncode == 1 and f"error: cannot read the server manifest {keys}: it is not valid JSON" in proc.stderr, proc.stderr
    assert not db.exists() or rows(db, "SELECT COUNT(*) FROM records") == [(0,)]
    # No manifest at all is still fine: the records are stored for rescoring later.
    proc = run("import", "results", "--db", str(db), "--keys", str(tmp_path / "none.json"), str(results), cwd=project)
    assert "1 stored" in proc.stdout


def nested_arrays(depth):
    return "[" * depth + "]" * depth


def test_deeply_nested_bodies_are_refused_with_the_nesting_limit(server):
    # Foundation's JSONDecoder spent CPU growing with the cube of the depth on these:
    # about a second for the 1 KB body and eight for the 8 KB one, with no sign-in.
    one_kb = nested_arrays(500).encode()
    eight_kb = ('{"records": [' + ", ".join([nested_arrays(500)] * 8) + "]}").encode()
    assert len(one_kb) == 1000 and 8000 < len(eight_kb) < 8200
    for body in (one_kb, eight_kb):
        status, headers, text = server.request("POST", "/api/v1/sync", raw=body)
        assert status == 400, (status, text[:200])
        assert headers["Content-Type"].startswith("application/json")
        reason = json.loads(text)["error"]
        assert "nested more than 32 levels deep" in reason, reason
    assert server.proc.poll() is None
    status, _, body = server.request("GET", "/api/v1/health")
    assert status == 200 and json.loads(body)["status"] == "ok"


def test_a_body_nested_to_the_limit_is_still_read(server):
    # {"records": [ {... 30 more levels ...} ]} is 32 levels: parsed, and the record
    # answered one by one (rejected here, as it is not a valid record).
    deep = "1"
    for _ in range(30):
        deep = '{"a": %s}' % deep
    status, _, body = server.request("POST", "/api/v1/sync", raw=('{"records": [%s]}' % deep).encode())
    assert status == 200, body[:300]
    assert [r["status"] for r in json.loads(body)["results"]] == ["rejected"]
    # One level more is refused as a whole.
    status, _, body = server.request("POST", "/api/v1/sync", raw=('{"records": [{"a": %s}]}' % deep).encode())
    assert status == 400 and "nested more than 32 levels deep" in json.loads(body)["error"]
