"""CORS per site: pages opened from file:// send `Origin: null`, which may sync only
when the site's ingest_origins lists "null"."""

import json

import pytest

from conftest import COURSE, LESSON, SITE_YAML, SURVEY, Server, rows, run, survey_response, write, REPO


@pytest.fixture(scope="module")
def intranet_only(tmp_path_factory):
    """The test site built with ingest_origins naming only its intranet, not "null"."""
    root = tmp_path_factory.mktemp("intranet-only")
    site_yaml = SITE_YAML.replace('ingest_origins: ["null", "http://intranet.example"]', 'ingest_origins: ["http://intranet.example"]')
    assert '"null"' not in site_yaml
    write(root, {
        "content/site.yaml": site_yaml,
        "content/courses/kurs/course.md": COURSE,
        "content/courses/kurs/01-test.md": LESSON,
        "content/surveys/ankieta.md": SURVEY,
    })
    run("build", "--content", "content", "--theme", str(REPO / "themes" / "default"), "--output", "site", cwd=root)
    manifest = json.loads((root / ".szpon" / "server.json").read_text())
    assert manifest["ingest_origins"] == ["http://intranet.example"]
    return root


def test_origin_null_is_refused_with_403_when_the_site_does_not_list_it(intranet_only, tmp_path):
    server = Server(intranet_only, tmp_path / "results.sqlite").start()
    try:
        status, headers, _ = server.request("OPTIONS", "/api/v1/sync", headers={
            "Origin": "null", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})
        assert status == 403 and "Access-Control-Allow-Origin" not in headers
        status, headers, body = server.sync([survey_response()], headers={"Origin": "null"})
        assert status == 403 and "Access-Control-Allow-Origin" not in headers
        assert headers["Content-Type"].startswith("application/json") and "'null'" in body["error"]
        assert rows(server.db, "SELECT COUNT(*) FROM records") == [(0,)]

        # The listed origin and a request with no Origin (curl, a script) still get in.
        status, headers, body = server.sync([survey_response()], headers={"Origin": "http://intranet.example"})
        assert status == 200 and headers["Access-Control-Allow-Origin"] == "http://intranet.example"
        assert body["results"][0]["status"] == "stored"
        status, _, body = server.sync([survey_response()])
        assert status == 200 and body["results"][0]["status"] == "stored"
        assert rows(server.db, "SELECT COUNT(*) FROM records") == [(2,)]
    finally:
        server.stop()
