"""The security audit's requests, sent as the audit sent them, against a real
`szpon serve` on 127.0.0.1. Each test failed on the server before the fix."""

import http.client
import json
import os
import socket
import sqlite3
import time

from conftest import Server, attempt, run, write, REPO, rows


def raw_request(server, method, path, body=None, headers=None, timeout=15):
    """One request with the path exactly as given (urllib and requests tidy it up)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            conn.putheader(name, value)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def stored(server):
    return rows(server.db, "SELECT COUNT(*) FROM records")[0][0] if server.db.exists() else 0


def test_a_doubled_slash_does_not_get_past_the_origin_policy(server, project):
    """Audit 2: `POST //api/v1/sync` from https://evil.com was stored (200)."""
    body = json.dumps({"records": [attempt(project, {"pojemnik": [0], "papier": True})]}).encode()
    for path in ["//api/v1/sync", "///api//v1/sync", "/./api/v1/sync", "/api/v1/../v1/sync"]:
        status, headers, text = raw_request(server, "POST", path, body,
                                            {"Origin": "https://evil.com", "Content-Type": "application/json"})
        assert status == 403, (path, status, text)
        assert "evil.com" in json.loads(text)["error"]
    assert stored(server) == 0
    # The same path from an allowed origin is routed as /api/v1/sync.
    status, headers, text = raw_request(server, "POST", "//api/v1/sync", body,
                                        {"Origin": "http://intranet.example", "Content-Type": "application/json"})
    assert status == 200, text
    assert headers["access-control-allow-origin"] == "http://intranet.example"
    assert json.loads(text)["results"][0]["status"] == "stored"


def test_the_sync_api_requires_a_json_content_type(server, project):
    """Audit 2: without a Content-Type a cross-site page can post with no preflight."""
    body = json.dumps({"records": [attempt(project, {"pojemnik": [0], "papier": True})]}).encode()
    for headers in [{}, {"Content-Type": "text/plain"}, {"Content-Type": "application/x-www-form-urlencoded"}]:
        status, _, text = raw_request(server, "POST", "/api/v1/sync", body, headers)
        assert status == 415, (headers, status, text)
        assert "application/json" in json.loads(text)["error"]
    assert stored(server) == 0


def test_unknown_api_paths_and_methods_answer_json_from_the_registered_routes(server):
    status, headers, text = raw_request(server, "PATCH", "//api/v1/health")
    assert status == 405 and headers["allow"] == "GET"
    assert json.loads(text)["error"].startswith("PATCH is not supported here")
    status, headers, text = raw_request(server, "GET", "/api/v2/anything")
    assert status == 404 and "no such API endpoint" in json.loads(text)["error"]


def test_symbolic_links_in_content_are_an_error_at_the_file(tmp_path):
    """Audit 3: a link to the answer keys in the server manifest (or /etc/hostname) was published as content."""
    write(tmp_path, {
        "content/site.yaml": "id: s\ntitle: S\nlanguage: pl\norganisation: S\n",
        "content/files/notatka.txt": "ok\n",
    })
    os.symlink("/etc/hostname", tmp_path / "content/files/host.txt")
    (tmp_path / ".szpon").mkdir()
    (tmp_path / ".szpon/server.json").write_text("{}")
    os.symlink("../../.szpon/server.json", tmp_path / "content/files/keys.json")
    proc = run("check", "--content", "content", cwd=tmp_path, check=False)
    assert proc.returncode == 1
    assert "content/files/host.txt:1:1: error: symbolic links are not published" in proc.stdout + proc.stderr
    assert "content/files/keys.json:1:1: error: symbolic links are not published" in proc.stdout + proc.stderr
    proc = run("build", "--content", "content", "--theme", str(REPO / "themes/default"), "--output", "site",
               cwd=tmp_path, check=False)
    assert proc.returncode == 1
    assert not (tmp_path / "site/files/keys.json").exists()


def test_files_outside_the_site_folder_are_not_served_through_links(server, project):
    """Audit 3: static serving followed a link placed in the published folder."""
    site = project / "site"
    links = {"keys.json": project / ".szpon/server.json", "host.txt": "/etc/hostname"}
    try:
        for name, target in links.items():
            os.symlink(target, site / name)
        for name in links:
            status, _, text = raw_request(server, "GET", "/" + name)
            assert status == 404, (name, status, text[:100])
        # A link that stays inside the site is fine.
        os.symlink("index.html", site / "start.html")
        status, _, text = raw_request(server, "GET", "/start.html")
        assert status == 200 and b"<html" in text
    finally:
        for name in [*links, "start.html"]:
            if os.path.lexists(site / name):
                os.unlink(site / name)


def test_doubled_slashes_never_redirect_to_another_host(server):
    """Audit 7: `GET //courses` redirected to `Location: //courses/`, read as the host `courses`."""
    for path in ["//courses", "///courses", "//courses/kurs"]:
        status, headers, _ = raw_request(server, "GET", path)
        assert status in (301, 308), (path, status)
        assert headers["location"].startswith("/") and not headers["location"].startswith("//"), headers["location"]


def test_a_range_past_the_end_is_416(server, project):
    """Audit 7: `Range: bytes=999999-` answered 206 with a negative Content-Length, then hung."""
    size = (project / "site/index.html").stat().st_size
    status, headers, text = raw_request(server, "GET", "/index.html", headers={"Range": "bytes=999999-"})
    assert status == 416
    assert headers["content-range"] == f"bytes */{size}"
    status, headers, text = raw_request(server, "GET", "/index.html", headers={"Range": "bytes=0-9"})
    assert status == 206 and len(text) == 10
    # A suffix range is the last N bytes, not the first N + 1.
    whole = (project / "site/index.html").read_bytes()
    status, headers, text = raw_request(server, "GET", "/index.html", headers={"Range": "bytes=-20"})
    assert status == 206 and text == whole[-20:]


def test_unknown_file_types_are_octet_stream_and_never_sniffed(server, project):
    """Audit 6: a file of unknown type could be sniffed as HTML by a browser."""
    path = project / "site/notatka.xyz"
    path.write_text("<script>alert(1)</script>")
    try:
        status, headers, _ = raw_request(server, "GET", "/notatka.xyz")
        assert status == 200
        assert headers["content-type"] == "application/octet-stream"
        assert headers["x-content-type-options"] == "nosniff"
    finally:
        path.unlink()


def test_security_headers_on_every_kind_of_answer(server):
    kinds = {
        "page": "/index.html", "script": "/assets/js/nav.js", "api": "/api/v1/health",
        "api error": "/api/v1/nope", "missing": "/nie-ma.html", "staff": "/panel",
    }
    for kind, path in kinds.items():
        status, headers, _ = raw_request(server, "GET", path)
        assert headers.get("x-content-type-options") == "nosniff", kind
        assert headers.get("referrer-policy") == "same-origin", kind
        assert "strict-transport-security" not in headers, kind  # plain http
    _, page, _ = raw_request(server, "GET", "/index.html")
    assert "script-src 'self'" in page["content-security-policy"]
    assert "unsafe-inline" not in page["content-security-policy"].split("script-src")[1].split(";")[0]
    _, staff, _ = raw_request(server, "GET", "/panel")
    assert "frame-ancestors 'none'" in staff["content-security-policy"]
    assert staff["x-frame-options"] == "DENY"


def test_built_pages_have_no_inline_script(project):
    """The pages' policy allows no inline script: nothing the build writes may need one."""
    import re
    for page in (project / "site").rglob("*.html"):
        for tag in re.findall(r"<script\b[^>]*>", page.read_text()):
            assert "src=" in tag or 'type="application/json"' in tag, (page, tag)
        assert not re.search(r"\son[a-z]+=\"", page.read_text()), page


def test_a_trusted_proxy_names_the_client_and_https(project, tmp_path):
    """Audit 8: behind a proxy every learner shared one rate-limit bucket."""
    s = Server(project, tmp_path / "r.sqlite", ["--trusted-proxy", "127.0.0.1", "--rate-limit", "1"]).start()
    try:
        body = json.dumps({"records": []}).encode()
        hdr = {"Content-Type": "application/json"}

        def post(client):
            return raw_request(s, "POST", "/api/v1/sync", body, {**hdr, "X-Forwarded-For": client})[0]

        # Burst of 2 per client: the third from one client waits, another client does not.
        assert [post("10.0.0.1") for _ in range(3)] == [200, 200, 429]
        assert post("10.0.0.2") == 200
        _, headers, _ = raw_request(s, "GET", "/index.html", headers={"X-Forwarded-Proto": "https"})
        assert headers["strict-transport-security"].startswith("max-age=")
    finally:
        s.stop()


def test_forwarded_headers_from_anyone_else_are_ignored(project, tmp_path):
    s = Server(project, tmp_path / "r.sqlite", ["--rate-limit", "1"]).start()
    try:
        body = json.dumps({"records": []}).encode()
        statuses = [raw_request(s, "POST", "/api/v1/sync", body,
                                {"Content-Type": "application/json", "X-Forwarded-For": f"10.0.0.{i}"})[0]
                    for i in range(3)]
        assert statuses == [200, 200, 429]
        _, headers, _ = raw_request(s, "GET", "/index.html", headers={"X-Forwarded-Proto": "https"})
        assert "strict-transport-security" not in headers
    finally:
        s.stop()


def test_a_body_trickled_slowly_is_cut_off_at_the_deadline(project, tmp_path):
    """Audit 4: the idle timer restarted with each byte; a byte every 3 s stayed open for ever."""
    s = Server(project, tmp_path / "r.sqlite", ["--request-deadline", "2", "--idle-timeout", "30"]).start()
    try:
        sock = socket.create_connection(("127.0.0.1", s.port), timeout=20)
        sock.sendall(b"POST /api/v1/sync HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 100\r\n\r\n")
        closed = False
        for _ in range(40):  # at most 40 bytes, 0.25 s apart: 10 s, well past the 2 s deadline
            try:
                sock.sendall(b" ")
                sock.settimeout(0.25)
                data = sock.recv(4096)
                if data == b"" or b"408" in data:
                    closed = True
                    break
            except socket.timeout:
                continue
            except (ConnectionResetError, BrokenPipeError):
                closed = True
                break
        assert closed, "the server kept reading a body trickled past its deadline"
        sock.close()
        assert raw_request(s, "GET", "/api/v1/health")[0] == 200
    finally:
        s.stop()


def test_the_connection_cap_holds_further_clients_until_one_leaves(project, tmp_path):
    s = Server(project, tmp_path / "r.sqlite", ["--max-connections", "2"]).start()
    try:
        held = [socket.create_connection(("127.0.0.1", s.port), timeout=5) for _ in range(2)]
        time.sleep(0.2)  # let the server accept both
        waiting = socket.create_connection(("127.0.0.1", s.port), timeout=5)  # queued by the kernel
        waiting.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        waiting.settimeout(1)
        try:
            early = waiting.recv(100)
        except socket.timeout:
            early = b""
        assert early == b"", "a third connection was served while two were held"
        held[0].close()
        waiting.settimeout(10)
        assert waiting.recv(100).startswith(b"HTTP/1.1 200")
        waiting.close()
        held[1].close()
    finally:
        s.stop()


def test_an_oversized_body_with_connection_close_gets_its_413(server):
    """Issue 12.4: urllib sends the whole body before reading; the server used to stop reading and wait."""
    body = b'{"records": [' + b" " * (3 << 20) + b"]}"
    status, headers, text = raw_request(server, "POST", "/api/v1/sync", body,
                                        {"Content-Type": "application/json", "Connection": "close"}, timeout=10)
    assert status == 413
    assert "larger than" in json.loads(text)["error"]
