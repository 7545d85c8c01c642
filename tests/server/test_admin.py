"""Admin access, reports and returned result files, through the real binary."""

import csv
import io
import json
import re
import subprocess
import uuid

from conftest import BIN, Server, attempt, rows, run, survey_response

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://evil.example","klik")'


def token_for(db, project):
    proc = run("admin", "token", "--db", str(db), "--label", "test", cwd=project)
    token = proc.stdout.strip()
    assert token.startswith("szp_") and len(token) > 30
    return token


def test_admin_report_needs_a_token_and_only_its_hash_is_stored(server, project):
    status, headers, body = server.request("GET", "/api/v1/admin/report")
    assert status == 401 and json.loads(body)["error"] and headers["WWW-Authenticate"] == "Bearer"
    status, _, _ = server.request("GET", "/api/v1/admin/report", headers={"Authorization": "Bearer szp_wrong"})
    assert status == 401
    token = token_for(server.db, project)
    stored = [h for (h,) in rows(server.db, "SELECT hash FROM admin_tokens")]
    assert len(stored) == 1 and token not in stored[0] and re.fullmatch(r"[0-9a-f]{64}", stored[0])
    status, headers, body = server.request("GET", "/api/v1/admin/report", headers={"Authorization": f"Bearer {token}"})
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    assert json.loads(body)["counts"]["records"] == 0


def test_admin_page_signs_in_with_the_token(server, project):
    status, _, body = server.request("GET", "/admin")
    assert status == 200 and b'type="password"' in body and b"raport" in body.lower()
    token = token_for(server.db, project)
    status, _, body = server.request("POST", "/admin/login", raw=b"token=wrong",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 401 and b"role=\"alert\"" in body
    import http.client
    con = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    con.request("POST", "/admin/login", body=f"token={token}", headers={"Content-Type": "application/x-www-form-urlencoded"})
    response = con.getresponse()
    assert response.status == 303
    cookie = response.getheader("Set-Cookie")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    response.read()
    con.request("GET", "/admin", headers={"Cookie": cookie.split(";")[0]})
    page = con.getresponse()
    assert page.status == 200 and b"Raport wynik" in page.read()


def test_free_text_is_escaped_in_the_html_report_and_csv_neutralises_formulas(server, project):
    server.sync([survey_response(text=XSS), survey_response(text=FORMULA, rating=3), attempt(project, {"pojemnik": 0, "papier": True})])
    token = token_for(server.db, project)
    status, headers, html = server.request("GET", "/api/v1/admin/report?format=html", headers={"Authorization": f"Bearer {token}"})
    html = html.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<svg" in html, "survey distributions are drawn as SVG charts"
    status, headers, text = server.request("GET", "/api/v1/admin/report?format=csv", headers={"Authorization": f"Bearer {token}"})
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    cells = [cell for row in csv.reader(io.StringIO(text.decode())) for cell in row]
    assert "'" + FORMULA in cells, "a formula from a learner must be neutralised"
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)


def test_report_command_gives_the_same_figures_in_every_format(server, project, tmp_path):
    server.sync([attempt(project, {"pojemnik": 0, "papier": True}), attempt(project, {"pojemnik": 1, "papier": False}),
                 survey_response(rating=9), survey_response(rating=9), survey_response(rating=4)])
    data = json.loads(run("report", "--db", str(server.db), "--format", "json", cwd=project).stdout)
    course = next(c for c in data["courses"] if c["course"] == "kurs")
    assert course["attempts"] == 2 and course["passRate"] == 0.5
    question = next(q for quiz in data["quizzes"] for q in quiz["questions"] if q["question"] == "pojemnik")
    assert question["difficulty"] == 0.5
    ratings = next(q for s in data["surveys"] for q in s["questions"] if q["question"] == "ocena")
    assert {json.dumps(v["value"]): v["count"] for v in ratings["values"]} == {"9": 2, "4": 1}
    html = run("report", "--db", str(server.db), "--format", "html", "--course", "kurs", cwd=project).stdout
    assert "Gdzie wrzucisz puszkę?" in html and "50%" in html
    out = tmp_path / "r.csv"
    run("report", "--db", str(server.db), "--format", "csv", "--output", str(out), cwd=project)
    assert "share_correct" in out.read_text()


def test_results_file_imports_once_however_often(project, tmp_path):
    db = tmp_path / "results.sqlite"
    records = [attempt(project, {"pojemnik": 0, "papier": True}), survey_response()]
    path = tmp_path / "wyniki.json"
    path.write_text(json.dumps({"format": "szpon-results", "version": 1, "site": "szkola-testowa", "bundle": "site",
                                "exportedAt": "2026-11-23T11:00:00.000Z", "records": records}))
    first = run("import", "results", str(path), "--db", str(db), cwd=project)
    assert "2 stored" in first.stdout
    second = run("import", "results", str(path), "--db", str(db), cwd=project)
    assert "0 stored, 2 duplicate" in second.stdout
    assert rows(db, "SELECT COUNT(*) FROM records") == [(2,)]
    assert rows(db, "SELECT source FROM records GROUP BY source") == [("file",)]
    # A record already synced from the same device is a duplicate, not a second row.
    s = Server(project, db).start()
    try:
        assert [r["status"] for r in s.sync(records)[2]["results"]] == ["duplicate", "duplicate"]
    finally:
        s.stop()


def test_a_file_that_is_not_a_results_file_is_refused(project, tmp_path):
    bad = tmp_path / "zly.json"
    bad.write_text('{"format": "cos-innego"}')
    proc = run("import", "results", str(bad), "--db", str(tmp_path / "r.sqlite"), cwd=project, check=False)
    assert proc.returncode == 1 and "not a szpon results file" in proc.stderr


def test_results_files_come_back_zipped_or_tarred(project, tmp_path):
    import tarfile
    import zipfile
    db = tmp_path / "results.sqlite"
    first, second = [survey_response()], [attempt(project, {"pojemnik": 0, "papier": True})]
    def results(records):
        return json.dumps({"format": "szpon-results", "version": 1, "records": records})
    with zipfile.ZipFile(tmp_path / "wyniki.zip", "w") as z:
        z.writestr("klasa-3a/jan.json", results(first))
        z.writestr("klasa-3a/notatka.txt", "nie wyniki")
    with tarfile.open(tmp_path / "wyniki.tar.gz", "w:gz") as t:
        data = results(second).encode()
        info = tarfile.TarInfo("anna.json")
        info.size = len(data)
        t.addfile(info, io.BytesIO(data))
    out = run("import", "results", str(tmp_path / "wyniki.zip"), str(tmp_path / "wyniki.tar.gz"), "--db", str(db), cwd=project)
    assert "2 stored" in out.stdout
    again = run("import", "results", str(tmp_path / "wyniki.zip"), "--db", str(db), cwd=project)
    assert "0 stored, 1 duplicate" in again.stdout
    assert rows(db, "SELECT COUNT(*) FROM records") == [(2,)]


def test_hostile_archives_are_refused_and_nothing_is_written(project, tmp_path):
    import tarfile
    import zipfile
    db = tmp_path / "results.sqlite"
    outside = tmp_path / "evil.json"
    slip = tmp_path / "slip.zip"
    with zipfile.ZipFile(slip, "w") as z:
        z.writestr("../evil.json", "{}")
    link = tmp_path / "link.tar.gz"
    with tarfile.open(link, "w:gz") as t:
        info = tarfile.TarInfo("wyniki.json")
        info.type = tarfile.SYMTYPE
        info.linkname = "/etc/passwd"
        t.addfile(info)
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("wyniki.json", b"\0" * (300 * 1024 * 1024))
    for archive, words in ((slip, ".."), (link, "link"), (bomb, "")):
        proc = run("import", "results", str(archive), "--db", str(db), cwd=project, check=False)
        assert proc.returncode == 1, proc.stdout
        assert "error" in proc.stderr and words in proc.stderr, proc.stderr
    assert not outside.exists()
    assert rows(db, "SELECT COUNT(*) FROM records") == [(0,)]
