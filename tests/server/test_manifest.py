"""The server manifest (.szpon/server.json) as szpon serve, report and import read it:
one that cannot be read stops them with a clear message, and the answer keys file of
an older szpon still serves until the next build."""
import json
import shutil

from conftest import COURSE, LESSON, REPO, SITE_YAML, SURVEY, Server, attempt, quiz_hash, rows, run, write

RIGHT = {"pojemnik": 0, "papier": True}


def built(root):
    write(root, {
        "content/site.yaml": SITE_YAML,
        "content/courses/kurs/course.md": COURSE,
        "content/courses/kurs/01-test.md": LESSON,
        "content/surveys/ankieta.md": SURVEY,
    })
    run("build", "--content", "content", "--theme", str(REPO / "themes" / "default"), "--output", "site", cwd=root)
    return root


def serve_fails(root, *extra):
    proc = run("serve", "--site", "site", "--db", str(root / "r.sqlite"), "--port", "0", *extra, cwd=root, check=False, timeout=30)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "serving" not in proc.stdout
    return proc.stderr


def test_a_manifest_from_a_newer_szpon_stops_the_server_naming_the_version(tmp_path):
    root = built(tmp_path)
    path = root / ".szpon" / "server.json"
    manifest = json.loads(path.read_text())
    manifest["version"] = 7
    path.write_text(json.dumps(manifest))
    stderr = serve_fails(root)
    assert f"error: cannot read the server manifest {path}: it has version 7, written by a newer szpon" in stderr, stderr
    assert "update szpon to a release that reads version 7" in stderr
    # The same for the report and the import: never read as if it were empty.
    db = root / "r.sqlite"
    run("import", "results", "--db", str(db), "--manifest", str(tmp_path / "none.json"), str(empty_results(root)), cwd=root)
    for args in (("report", "--db", str(db)), ("import", "results", "--db", str(db), str(empty_results(root)))):
        proc = run(*args, cwd=root, check=False)
        assert proc.returncode == 1, proc.stdout
        assert "error: cannot read the server manifest .szpon/server.json: it has version 7" in proc.stderr, proc.stderr


def empty_results(root):
    path = root / "wyniki.json"
    path.write_text(json.dumps({"format": "szpon-results", "version": 1, "records": []}))
    return path


def test_a_broken_manifest_stops_the_server_with_its_reason(tmp_path):
    root = built(tmp_path)
    path = root / ".szpon" / "server.json"
    path.write_text(path.read_text()[:-20])
    stderr = serve_fails(root)
    assert f"error: cannot read the server manifest {path}: it is not valid JSON" in stderr, stderr
    # --manifest names it (and --keys, its old name, still does).
    other = tmp_path / "elsewhere.json"
    other.write_text('{"format": "szpon-server-manifest", "version": 1, "quizzes": {"q": []}}')
    for option in ("--manifest", "--keys"):
        stderr = serve_fails(root, option, str(other))
        assert f"error: cannot read the server manifest {other}: quizzes.q" in stderr, stderr


def legacy_keys(manifest):
    """The answer keys file szpon wrote before the manifest, with the same keys: format
    "szpon-answer-keys" version 1 (Tests/Fixtures/answer-keys-v1 holds a real one)."""
    return {
        "format": "szpon-answer-keys", "version": 1, "site": manifest["site"], "origins": manifest["ingest_origins"],
        "language": manifest["language"], "title": manifest["title"],
        "quizzes": {id: {k: v for k, v in entry.items() if k != "pass"} for id, entry in manifest["quizzes"].items()},
        "surveys": manifest["surveys"],
    }


def test_a_server_not_rebuilt_since_the_upgrade_scores_with_the_older_answer_keys_file(tmp_path):
    root = built(tmp_path)
    szpon_dir = root / ".szpon"
    manifest = json.loads((szpon_dir / "server.json").read_text())
    (szpon_dir / "answer-keys.json").write_text(json.dumps(legacy_keys(manifest)))
    (szpon_dir / "server.json").unlink()
    server = Server(root, tmp_path / "results.sqlite").start()
    try:
        record = attempt(root, RIGHT, hash_=manifest["quizzes"]["test-koncowy"]["current"])
        result = server.sync([record])[2]["results"][0]
        assert result["status"] == "stored" and result["score"]["points"] == 3, result
        assert rows(server.db, "SELECT key_status FROM attempt_scores WHERE record_id = ?", record["id"]) == [("scored",)]
        # Its origins still apply: the site lists "null".
        status, headers, _ = server.request("OPTIONS", "/api/v1/sync", headers={
            "Origin": "null", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})
        assert status == 204 and headers.get("Access-Control-Allow-Origin") == "null", (status, headers)
    finally:
        server.stop()
    warning = server.stderr.text(wait=5)
    assert f"warning: reading the answer keys file of an older szpon, {szpon_dir / 'answer-keys.json'}" in warning, warning


def test_the_manifest_is_never_in_the_site_or_a_bundle(tmp_path):
    root = built(tmp_path)
    assert (root / ".szpon" / "server.json").is_file()
    assert not [p for p in (root / "site").rglob("*") if p.name in ("server.json", "answer-keys.json")]
    shutil.rmtree(root / "site")
    assert quiz_hash(root)  # the manifest stays beside, whatever happens to the site
