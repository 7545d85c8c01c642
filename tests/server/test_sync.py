"""The sync API against a real `szpon serve`, once with a real SQLite results file
and once with a fresh PostgreSQL database (when SZPON_TEST_POSTGRES is set): the
`store` fixture."""

import json
import uuid

import pytest

from conftest import Server, attempt, quiz_hash, rows, survey_response


@pytest.fixture
def server(project, store):
    """This module's server writes to the `store` of the test: each test runs per backend."""
    s = Server(project, store).start()
    try:
        yield s
    finally:
        s.stop()

RIGHT = {"pojemnik": 0, "papier": True}
WRONG = {"pojemnik": 1, "papier": False}


def test_the_same_batch_sent_three_times_is_stored_once(server, project):
    batch = [attempt(project, RIGHT), survey_response(), attempt(project, WRONG)]
    answers = [server.sync(batch) for _ in range(3)]
    assert [s for s, _, _ in answers] == [200, 200, 200]
    assert [r["status"] for r in answers[0][2]["results"]] == ["stored"] * 3
    assert [r["status"] for r in answers[1][2]["results"]] == ["duplicate"] * 3
    assert [r["status"] for r in answers[2][2]["results"]] == ["duplicate"] * 3
    ids = sorted(r["id"] for r in batch)
    assert sorted(i for (i,) in rows(server.db, "SELECT id FROM records")) == ids
    assert rows(server.db, "SELECT COUNT(*) FROM attempt_scores") == [(2,)]


def test_same_id_with_other_content_is_a_conflict_kept_for_the_admin(server, project):
    first = attempt(project, RIGHT)
    assert server.sync([first])[2]["results"][0]["status"] == "stored"
    changed = json.loads(json.dumps(first))
    changed["payload"]["responses"] = WRONG
    for _ in range(2):
        result = server.sync([changed])[2]["results"][0]
        assert result["status"] == "conflict" and result["id"] == first["id"]
    stored = json.loads(rows(server.db, "SELECT payload FROM records WHERE id = ?", first["id"])[0][0])
    assert stored["responses"] == RIGHT, "the first version must stay"
    assert rows(server.db, "SELECT COUNT(*), MAX(times) FROM conflicts") == [(1, 2)]


def test_exam_attempt_is_scored_by_the_server_and_the_score_comes_back(server, project):
    record = attempt(project, RIGHT)
    right = server.sync([record])[2]["results"][0]
    assert right["status"] == "stored"
    assert right["score"] == {"points": 3, "max": 3, "percent": 100, "passed": True, "pending": False}
    wrong = server.sync([attempt(project, WRONG)])[2]["results"][0]
    assert wrong["score"]["points"] == 0 and wrong["score"]["passed"] is False
    # A retry of the same record is a duplicate with the same score, so a device that lost the answer still learns it.
    again = server.sync([record])[2]["results"][0]
    assert again == {"id": record["id"], "status": "duplicate", "score": right["score"]}


def test_client_score_that_differs_from_the_server_is_flagged(server, project):
    claimed = {"points": 3, "max": 3, "percent": 100, "passed": True, "pending": False, "questions": {}}
    record = attempt(project, WRONG, score=claimed)
    result = server.sync([record])[2]["results"][0]
    assert result["score"]["points"] == 0
    assert rows(server.db, "SELECT client_points, server_points, mismatch FROM attempt_scores WHERE record_id = ?",
                record["id"]) == [(3.0, 0.0, 1)]


def test_attempt_against_an_unknown_quiz_version_is_stored_and_flagged(server, project):
    record = attempt(project, RIGHT, hash_="0" * 32)
    result = server.sync([record])[2]["results"][0]
    assert result["status"] == "stored"
    assert rows(server.db, "SELECT key_status FROM attempt_scores WHERE record_id = ?", record["id"]) == [("unknown-version",)]


def test_invalid_records_are_rejected_with_a_reason_and_the_rest_stored(server, project):
    good = survey_response()
    bad_id = dict(survey_response(), id="not-a-uuid")
    bad_kind = dict(survey_response(), kind="hack")
    other_site = dict(survey_response(), site="inna-szkola")
    status, _, body = server.sync([good, bad_id, bad_kind, other_site])
    assert status == 200
    results = body["results"]
    assert [r["status"] for r in results] == ["stored", "rejected", "rejected", "rejected"]
    assert "UUID" in results[1]["reason"] and "kind" in results[2]["reason"] and "inna-szkola" in results[3]["reason"]
    assert rows(server.db, "SELECT COUNT(*) FROM records") == [(1,)]
    assert rows(server.db, "SELECT COUNT(*) FROM rejections") == [(3,)]


def test_malformed_and_oversized_requests_get_a_json_reason_and_write_nothing(server):
    cases = [
        (b"not json", {}, 400),
        (b'{"records": "x"}', {}, 400),
        (json.dumps({"nothing": []}).encode(), {}, 400),
        (json.dumps({"records": [survey_response() for _ in range(501)]}).encode(), {}, 413),
        (b'{"records": [' + b'"x",' * 400_000 + b'"x"]}', {}, 413),
        (b"{}", {"Content-Type": "text/plain"}, 415),
    ]
    for raw, headers, expected in cases:
        status, response_headers, body = server.request("POST", "/api/v1/sync", raw=raw, headers=headers)
        assert status == expected, (raw[:40], status, body[:200])
        assert response_headers["Content-Type"].startswith("application/json")
        assert json.loads(body)["error"]
    assert rows(server.db, "SELECT COUNT(*) FROM records") == [(0,)]


def test_cors_allows_the_null_origin_of_file_pages_and_the_listed_intranet(server):
    for origin in ("null", "http://intranet.example"):
        status, headers, _ = server.request("OPTIONS", "/api/v1/sync", headers={
            "Origin": origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})
        assert status == 204 and headers["Access-Control-Allow-Origin"] == origin
        assert "POST" in headers["Access-Control-Allow-Methods"]
        status, headers, body = server.sync([survey_response()], headers={"Origin": origin})
        assert status == 200 and headers["Access-Control-Allow-Origin"] == origin


def test_pages_of_the_server_itself_may_sync(server):
    # Browsers send Origin on every POST, also to the server the page came from.
    status, _, body = server.sync([survey_response()], headers={"Origin": server.url})
    assert status == 200 and body["results"][0]["status"] == "stored"


def test_cors_refuses_a_foreign_origin_and_stores_nothing(server):
    status, headers, _ = server.request("OPTIONS", "/api/v1/sync", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert status == 403 and "Access-Control-Allow-Origin" not in headers
    status, headers, body = server.sync([survey_response()], headers={"Origin": "https://evil.example"})
    assert status == 403 and "Access-Control-Allow-Origin" not in headers
    assert "evil.example" in body["error"]
    assert rows(server.db, "SELECT COUNT(*) FROM records") == [(0,)]


def test_static_site_is_served_with_types_and_caching_and_no_traversal(server):
    status, headers, body = server.request("GET", "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html") and b"<html" in body
    assert headers["Cache-Control"] == "no-cache" and "ETag" in headers
    status, headers, _ = server.request("GET", "/assets/css/szpon.css")
    assert status == 200 and headers["Content-Type"].startswith("text/css") and "max-age" in headers["Cache-Control"]
    status, headers, _ = server.request("GET", "/site-data.js")
    assert status == 200 and "javascript" in headers["Content-Type"]
    for path in ("/../content/site.yaml", "/%2e%2e/%2e%2e/etc/passwd", "/assets/../../.szpon/server.json"):
        status, _, body = server.request("GET", path)
        assert status in (400, 404), (path, status)
        assert b"quizzes" not in body and b"root:" not in body


def test_rate_limit_answers_429_with_retry_after(project, store):
    s = Server(project, store, extra=["--rate-limit", "1"]).start()
    try:
        statuses = [s.sync([])[0] for _ in range(6)]
        assert 429 in statuses
        status, headers, body = s.sync([])
        assert status == 429 and int(headers["Retry-After"]) >= 1 and "retry" in body["error"]
    finally:
        s.stop()


def test_scripts_are_served_with_no_cache(server, project):
    """A rebuilt site's scripts must reach the browser at once: every .js revalidates."""
    scripts = sorted(p.relative_to(project / "site").as_posix() for p in (project / "site").rglob("*.js"))
    assert "site-data.js" in scripts and "assets/js/quiz.js" in scripts and "assets/js/sync.js" in scripts
    for script in scripts:
        status, headers, body = server.request("GET", "/" + script)
        assert status == 200 and "javascript" in headers["Content-Type"], script
        assert headers["Cache-Control"] == "no-cache", (script, headers["Cache-Control"])
        assert body == (project / "site" / script).read_bytes()
    status, headers, _ = server.request("GET", "/assets/css/szpon.css")
    assert headers["Cache-Control"] != "no-cache", "the rule is for scripts and pages, not for every asset"


def test_answer_keys_reload_after_a_rebuild_while_the_server_runs(tmp_path, store):
    """The author changes the right answer and rebuilds; the running server scores an
    attempt of the new version with the new key, and one of the old version still with
    the old key."""
    import time
    from conftest import COURSE, LESSON, REPO, SITE_YAML, SURVEY, run, write
    write(tmp_path, {
        "content/site.yaml": SITE_YAML,
        "content/courses/kurs/course.md": COURSE,
        "content/courses/kurs/01-test.md": LESSON,
        "content/surveys/ankieta.md": SURVEY,
    })
    build = ("build", "--content", "content", "--theme", str(REPO / "themes" / "default"), "--output", "site")
    run(*build, cwd=tmp_path)
    old_hash = quiz_hash(tmp_path)
    server = Server(tmp_path, store).start()
    try:
        before = server.sync([attempt(tmp_path, RIGHT)])[2]["results"][0]
        assert before["status"] == "stored" and before["score"]["points"] == 3

        # The green bin is now the right answer.
        lesson = tmp_path / "content" / "courses" / "kurs" / "01-test.md"
        changed = LESSON.replace("{ text: Żółty, correct: true }", "{ text: Żółty }").replace("{ text: Zielony }", "{ text: Zielony, correct: true }")
        assert changed != LESSON
        lesson.write_text(changed, encoding="utf-8")
        run(*build, cwd=tmp_path)
        new_hash = quiz_hash(tmp_path)
        assert new_hash != old_hash
        # The server looks at the manifest's time at most once a second.
        time.sleep(1.2)

        green = {"pojemnik": 1, "papier": True}
        new = attempt(tmp_path, green, hash_=new_hash)
        result = server.sync([new])[2]["results"][0]
        assert result["status"] == "stored"
        assert result.get("score") == {"points": 3, "max": 3, "percent": 100, "passed": True, "pending": False}, \
            "an attempt of the rebuilt quiz must be scored with its new key"
        old = attempt(tmp_path, green, hash_=old_hash)
        assert server.sync([old])[2]["results"][0]["score"]["points"] == 1, "the old version keeps its own key"
        assert rows(server.db, "SELECT key_status, server_points FROM attempt_scores WHERE record_id = ?", new["id"]) == [("scored", 3.0)]
    finally:
        server.stop()
