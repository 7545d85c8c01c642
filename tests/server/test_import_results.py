"""`szpon import results` as the README promises it: exit status 1 when a record is
rejected (the good ones are still stored), and no size limit on a plain .json
results file (the server's 1 MiB body limit is for HTTP requests only)."""

import json

from conftest import attempt, rows, run, survey_response

RIGHT = {"pojemnik": 0, "papier": True}


def results_file(path, records):
    path.write_text(json.dumps({"format": "szpon-results", "version": 1, "site": "szkola-testowa", "bundle": "site",
                                "exportedAt": "2026-11-23T11:00:00.000Z", "records": records}), encoding="utf-8")
    return path


def test_a_rejected_record_makes_the_import_exit_1_and_the_rest_is_stored(project, tmp_path):
    db = tmp_path / "results.sqlite"
    good = [attempt(project, RIGHT), survey_response()]
    other_site = dict(survey_response(), site="inna-szkola")
    path = results_file(tmp_path / "wyniki.json", [good[0], other_site, good[1]])
    proc = run("import", "results", str(path), "--db", str(db), cwd=project, check=False)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "2 stored, 0 duplicate, 0 conflict, 1 rejected" in proc.stdout
    assert f"record {other_site['id']} rejected" in proc.stderr and "inna-szkola" in proc.stderr
    assert sorted(i for (i,) in rows(db, "SELECT id FROM records")) == sorted(r["id"] for r in good)
    assert rows(db, "SELECT record_id FROM rejections") == [(other_site["id"],)]

    # With nothing rejected, the same command exits 0.
    clean = results_file(tmp_path / "czyste.json", [survey_response()])
    proc = run("import", "results", str(clean), "--db", str(db), cwd=project, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 stored, 0 duplicate, 0 conflict, 0 rejected" in proc.stdout


def test_a_plain_json_results_file_larger_than_the_server_body_limit_is_imported_whole(project, tmp_path):
    db = tmp_path / "results.sqlite"
    records = [survey_response(text=f"uwaga {i} " + "x" * 300) for i in range(6000)]
    records += [attempt(project, RIGHT) for _ in range(50)]
    path = results_file(tmp_path / "duzy.json", records)
    assert path.stat().st_size > 2 * 1024 * 1024, "the file must be well over the server's 1 MiB limit"
    proc = run("import", "results", str(path), "--db", str(db), cwd=project, check=False, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"{len(records)} stored, 0 duplicate, 0 conflict, 0 rejected" in proc.stdout
    assert rows(db, "SELECT COUNT(*) FROM records") == [(len(records),)]
    assert rows(db, "SELECT COUNT(*), SUM(server_points) FROM attempt_scores") == [(50, 150.0)]
    assert {i for (i,) in rows(db, "SELECT id FROM records")} == {r["id"] for r in records}
