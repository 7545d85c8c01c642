"""The server answers as docs/openapi.yaml says: every documented status, with a body
that validates against the documented schema, and every request body the document
accepts is one the server takes."""

import json
from pathlib import Path

import jsonschema
import yaml

from conftest import REPO, Server, attempt, survey_response, token_for_test

SPEC = yaml.safe_load((REPO / "docs" / "openapi.yaml").read_text())


def schema_for(path, method, status, content_type="application/json"):
    operation = SPEC["paths"][path][method]
    response = operation["responses"][str(status)]
    if "$ref" in response:
        response = SPEC["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    schema = response["content"][content_type]["schema"]
    # Local $refs (#/components/...) resolve against a root that carries the components.
    return {**schema, "components": SPEC["components"]}


def check(path, method, status, headers, body, expected_status):
    assert status == expected_status, (path, status, body[:200])
    assert str(status) in SPEC["paths"][path][method]["responses"], f"{status} for {method} {path} is not documented"
    if body:
        jsonschema.validate(json.loads(body), schema_for(path, method, status))


def test_every_answer_matches_the_document(server, project):
    batch = {"records": [attempt(project, {"pojemnik": 0, "papier": True}), survey_response(), {"id": "zly"}]}
    jsonschema.validate(batch["records"][:2], {"type": "array", "items": SPEC["components"]["schemas"]["Record"],
                                               "components": SPEC["components"]})
    cases = [
        ("/api/v1/sync", "post", {"raw": json.dumps(batch).encode()}, 200),
        ("/api/v1/sync", "post", {"raw": b"{"}, 400),
        ("/api/v1/sync", "post", {"raw": json.dumps({"records": [{}] * 501}).encode()}, 413),
        ("/api/v1/sync", "post", {"raw": b"{}", "headers": {"Content-Type": "text/plain"}}, 415),
        ("/api/v1/sync", "post", {"raw": b'{"records": []}', "headers": {"Origin": "https://evil.example"}}, 403),
        ("/api/v1/health", "get", {}, 200),
        ("/api/v1/admin/report", "get", {}, 401),
    ]
    for path, method, request, expected in cases:
        status, headers, body = server.request(method.upper(), path, raw=request.get("raw"), headers=request.get("headers"))
        check(path, method, status, headers, body, expected)
    token = token_for_test(server, project)
    status, headers, body = server.request("GET", "/api/v1/admin/report", headers={"Authorization": f"Bearer {token}"})
    check("/api/v1/admin/report", "get", status, headers, body, 200)


def test_rate_limited_answer_matches_the_document(project, tmp_path):
    s = Server(project, tmp_path / "r.sqlite", extra=["--rate-limit", "1"]).start()
    try:
        answers = [s.request("POST", "/api/v1/sync", raw=b'{"records": []}') for _ in range(6)]
        limited = [a for a in answers if a[0] == 429]
        assert limited
        status, headers, body = limited[0]
        check("/api/v1/sync", "post", status, headers, body, 429)
        assert "Retry-After" in headers
    finally:
        s.stop()
