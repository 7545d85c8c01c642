"""Schemathesis, with every check on, against docs/openapi.yaml and a live server:
the document and the server must agree on what is accepted, refused and answered."""

import shutil
import subprocess

from conftest import REPO, Server, token_for_test


def test_the_api_keeps_its_own_contract(project, tmp_path):
    st = shutil.which("st") or shutil.which("schemathesis")
    assert st, "schemathesis is not installed (make deps-python)"
    server = Server(project, tmp_path / "results.sqlite", ["--rate-limit", "1000"]).start()
    try:
        token = token_for_test(server, project)
        proc = subprocess.run(
            [st, "run", str(REPO / "docs" / "openapi.yaml"), "--url", server.url, "--checks", "all",
             "--max-examples", "40", "--seed", "20261203", "--no-color",
             "-H", f"Authorization: Bearer {token}"],
            capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
        assert "No issues found" in proc.stdout
    finally:
        server.stop()
