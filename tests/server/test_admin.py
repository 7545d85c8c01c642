"""Admin access, reports and returned result files, through the real binary. The admin token's
page sign-in lives in the staff panel (/panel, "Sign in with an admin token"); /admin redirects."""

import base64
import calendar
import csv
import hashlib
import hmac
import html.parser
import http.client
import io
import json
import re
import struct
import subprocess
import time
import urllib.parse
import uuid

from conftest import BIN, Server, attempt, rows, run, survey_response

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://evil.example","klik")'
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def token_for(db, project, label="test"):
    proc = run("admin", "token", "--db", str(db), "--label", label, cwd=project)
    token = proc.stdout.strip()
    assert token.startswith("szp_") and len(token) > 30
    return token


def short_id(token):
    return hashlib.sha256(token.encode()).hexdigest()[:12]


def raw(server, method, path, body=None, headers=None):
    """One request that does not follow redirects: (status, headers with lowercase names, body)."""
    con = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        con.request(method, path, body=body, headers=headers or {})
        response = con.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        con.close()


def sign_in_form(server, headers=None):
    """Opens the panel's sign-in page as a browser does: (form cookie name=value, form token)."""
    status, response, body = raw(server, "GET", "/panel", headers=headers)
    assert status == 200, (status, body[:300])
    cookie = response["set-cookie"].split(";")[0]
    assert cookie.startswith("szpon_panel_form=")
    return cookie, re.search(rb'name="csrf" value="([^"]+)"', body).group(1).decode()


def sign_in(server, token, code=None, headers=None):
    """Opens /panel, then POSTs its admin-token form: (status, headers, body)."""
    cookie, csrf = sign_in_form(server, headers)
    fields = {"csrf": csrf, "token": token}
    if code is not None:
        fields["code"] = code
    return raw(server, "POST", "/panel/login/token", urllib.parse.urlencode(fields),
               {**FORM, "Cookie": cookie, **(headers or {})})


def session_cookie(server, token, code=None, headers=None):
    """Signs in and returns the cookie's name=value."""
    status, headers, body = sign_in(server, token, code, headers)
    assert status == 303 and headers["location"] == "/panel", (status, body[:300])
    return headers["set-cookie"].split(";")[0]


def admin_page(server, cookie):
    """(status, headers, body) of the report, GET /panel/results, with the cookie; without a
    live session that sends the browser to the sign-in page, which is then what comes back."""
    status, headers, body = raw(server, "GET", "/panel/results", headers={"Cookie": cookie})
    if status == 303 and headers["location"] == "/panel":
        return raw(server, "GET", "/panel", headers={"Cookie": cookie})
    return status, headers, body


def is_report(body):
    return b"Raport wynik" in body and b'name="token"' not in body


def csrf_of(page):
    found = re.search(rb'<form method="post" action="/panel/logout"><input type="hidden" name="csrf" value="([^"]+)">', page)
    assert found, page[:500]
    return found.group(1).decode()


def api(server, token, headers=None, fmt="json"):
    return raw(server, "GET", f"/api/v1/admin/report?format={fmt}", headers={"Authorization": f"Bearer {token}", **(headers or {})})


def totp(secret, step):
    """RFC 6238 / RFC 4226: HMAC-SHA-1, 6 digits, for one 30 s time step."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000)


def enrol(server, project, token):
    """`szpon admin totp`: (base32 secret, recovery codes)."""
    proc = run("admin", "totp", short_id(token), "--db", str(server.db), cwd=project)
    uris = [line for line in proc.stdout.splitlines() if line.startswith("otpauth://")]
    assert len(uris) == 1, proc.stdout
    uri = urllib.parse.urlparse(uris[0])
    assert uri.netloc == "totp"
    query = urllib.parse.parse_qs(uri.query)
    assert query["issuer"] == ["szpon"] and "algorithm" not in query and "digits" not in query and "period" not in query
    codes = re.findall(r"^[a-z2-9]{5}-[a-z2-9]{5}$", proc.stdout, re.M)
    assert len(codes) == 10 and len(set(codes)) == 10, proc.stdout
    return query["secret"][0], codes


def current_code(secret):
    return totp(secret, int(time.time()) // 30)


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
    assert status == 200 and b'type="password"' in body and b'name="token"' in body, "/admin leads to the panel's sign-in"
    assert raw(server, "GET", "/admin")[1]["location"] == "/panel/results"
    token = token_for(server.db, project)
    status, _, body = sign_in(server, "wrong")
    assert status == 401 and b"role=\"alert\"" in body
    cookie = session_cookie(server, token)
    status, _, page = admin_page(server, cookie)
    assert status == 200 and is_report(page)


def test_the_cookie_holds_a_session_id_not_the_token(server, project):
    """Audit 5: the cookie was the permanent token itself."""
    token = token_for(server.db, project)
    status, headers, _ = sign_in(server, token)
    assert status == 303
    cookie = headers["set-cookie"]
    name, value = cookie.split(";")[0].split("=", 1)
    attributes = [a.strip() for a in cookie.split(";")[1:]]
    assert name == "szpon_panel" and value != token and token not in cookie
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", value), "32 random bytes, base64url"
    assert {"HttpOnly", "SameSite=Strict", "Path=/panel", "Max-Age=28800"} <= set(attributes)
    assert "Secure" not in attributes, "plain http, no proxy: a Secure cookie would never come back"
    # The store keeps the id's hash only, tied to the token's hash, for 8 hours.
    stored = rows(server.db, "SELECT hash, token_hash, created_at, expires_at, second_factor FROM admin_sessions")
    assert len(stored) == 1
    hash_, token_hash, created, expires, second = stored[0]
    assert hash_ == hashlib.sha256(value.encode()).hexdigest() and value not in repr(stored)
    assert token_hash == hashlib.sha256(token.encode()).hexdigest() and second == 0
    to_seconds = lambda t: calendar.timegm(time.strptime(t[:19], "%Y-%m-%dT%H:%M:%S"))
    assert to_seconds(expires) - to_seconds(created) == 8 * 3600
    # Each sign-in is a session of its own.
    assert session_cookie(server, token).split("=", 1)[1] != value
    # X-Forwarded-Proto from a client that is not a trusted proxy changes nothing.
    _, headers, _ = sign_in(server, token, headers={"X-Forwarded-Proto": "https"})
    assert "Secure" not in [a.strip() for a in headers["set-cookie"].split(";")]


def test_the_cookie_is_secure_when_a_trusted_proxy_says_https(project, tmp_path):
    s = Server(project, tmp_path / "r.sqlite", ["--trusted-proxy", "127.0.0.1"]).start()
    try:
        token = token_for(s.db, project)
        _, headers, _ = sign_in(s, token, headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.5"})
        attributes = [a.strip() for a in headers["set-cookie"].split(";")]
        assert "Secure" in attributes and "HttpOnly" in attributes and "SameSite=Strict" in attributes
        _, headers, _ = sign_in(s, token, headers={"X-Forwarded-Proto": "http", "X-Forwarded-For": "203.0.113.5"})
        assert "Secure" not in [a.strip() for a in headers["set-cookie"].split(";")]
    finally:
        s.stop()


def test_a_session_survives_a_restart(project, tmp_path):
    db = tmp_path / "r.sqlite"
    s = Server(project, db).start()
    try:
        cookie = session_cookie(s, token_for(db, project))
        assert is_report(admin_page(s, cookie)[2])
    finally:
        s.stop()
    s = Server(project, db).start()
    try:
        status, _, page = admin_page(s, cookie)
        assert status == 200 and is_report(page)
    finally:
        s.stop()


def test_sign_out_needs_the_form_token_and_ends_the_session(server, project):
    token = token_for(server.db, project)
    cookie, other = session_cookie(server, token), session_cookie(server, token)
    csrf, other_csrf = csrf_of(admin_page(server, cookie)[2]), csrf_of(admin_page(server, other)[2])
    assert csrf != other_csrf
    # A form from elsewhere carries no token, or a wrong one, or another session's.
    for form in ("", "csrf=", "csrf=" + "A" * 43, "csrf=" + urllib.parse.quote(other_csrf)):
        status, headers, body = raw(server, "POST", "/panel/logout", form, {**FORM, "Cookie": cookie})
        assert status == 403 and "set-cookie" not in headers, (form, status)
        assert is_report(admin_page(server, cookie)[2]), "a refused sign-out leaves the session alone"
    status, _, _ = raw(server, "POST", "/panel/logout", "csrf=" + urllib.parse.quote(csrf), FORM)
    assert status == 403, "the form token without the session's cookie is not enough"
    assert len(rows(server.db, "SELECT hash FROM admin_sessions")) == 2

    status, headers, _ = raw(server, "POST", "/panel/logout", "csrf=" + urllib.parse.quote(csrf), {**FORM, "Cookie": cookie})
    assert status == 303 and headers["location"].startswith("/panel")
    assert b'role="status"' in raw(server, "GET", headers["location"])[2], "the page says the admin signed out"
    cleared = [a.strip() for a in headers["set-cookie"].split(";")]
    assert cleared[0] == "szpon_panel=" and "Max-Age=0" in cleared and "HttpOnly" in cleared
    status, _, page = admin_page(server, cookie)
    assert status == 200 and not is_report(page) and b'name="token"' in page, "the old cookie no longer works"
    assert rows(server.db, "SELECT hash FROM admin_sessions") == [(hashlib.sha256(other.split("=", 1)[1].encode()).hexdigest(),)]
    assert is_report(admin_page(server, other)[2]), "only that session ends"
    status, _, _ = raw(server, "POST", "/panel/logout", "csrf=" + urllib.parse.quote(csrf), {**FORM, "Cookie": cookie})
    assert status == 403


def test_revoke_ends_the_tokens_sessions_and_api_access(server, project):
    first, second = token_for(server.db, project, "sekretariat"), token_for(server.db, project, "dyrekcja")
    cookie, kept = session_cookie(server, first), session_cookie(server, second)
    listing = run("admin", "tokens", "--db", str(server.db), cwd=project).stdout
    lines = {line.split()[0]: line for line in listing.splitlines()[1:]}
    assert set(lines) == {short_id(first), short_id(second)}
    assert lines[short_id(first)].rstrip().endswith("sekretariat") and re.search(r"\d{4}-\d\d-\d\dT", lines[short_id(first)])
    assert first not in listing and second not in listing

    proc = run("admin", "revoke", short_id(first), "--db", str(server.db), cwd=project)
    assert short_id(first) in proc.stdout and "revoked" in proc.stdout
    assert not is_report(admin_page(server, cookie)[2]), "the revoked token's session has ended"
    assert api(server, first)[0] == 401
    assert is_report(admin_page(server, kept)[2]) and api(server, second)[0] == 200, "other tokens keep working"
    assert short_id(first) not in run("admin", "tokens", "--db", str(server.db), cwd=project).stdout

    for unknown in (short_id(first), "0123456789ab", "nie-ma", "szp_nieznany"):
        proc = run("admin", "revoke", unknown, "--db", str(server.db), cwd=project, check=False)
        assert proc.returncode == 1 and "no admin token" in proc.stderr and "Fatal" not in proc.stderr, (unknown, proc.stderr)
    run("admin", "revoke", second, "--db", str(server.db), cwd=project)  # the token itself names it too
    assert api(server, second)[0] == 401 and not is_report(admin_page(server, kept)[2])
    assert rows(server.db, "SELECT COUNT(*) FROM admin_sessions") == [(0,)]


def test_failed_tries_are_slowed_after_five_on_both_routes(project, tmp_path):
    """Audit 5: 200 wrong tries took 0.08 s. Clients are told apart by a trusted proxy here."""
    s = Server(project, tmp_path / "r.sqlite", ["--trusted-proxy", "127.0.0.1"]).start()
    try:
        token = token_for(s.db, project)
        client = lambda address: {"X-Forwarded-For": address}
        for _ in range(5):
            assert api(s, "szp_wrong", client("10.0.0.1"))[0] == 401
        status, headers, body = api(s, "szp_wrong", client("10.0.0.1"))
        assert status == 429 and int(headers["retry-after"]) > 0 and json.loads(body)["error"]
        status, headers, _ = api(s, token, client("10.0.0.1"))
        assert status == 429 and int(headers["retry-after"]) > 0, "while slowed, even a right token is not checked"

        for _ in range(5):
            assert sign_in(s, "szp_wrong", headers=client("10.0.0.2"))[0] == 401
        status, headers, body = sign_in(s, "szp_wrong", headers=client("10.0.0.2"))
        assert status == 429 and int(headers["retry-after"]) > 0 and b'role="alert"' in body
        assert sign_in(s, token, headers=client("10.0.0.2"))[0] == 429

        # Failures on the two routes add up.
        for _ in range(3):
            assert api(s, "szp_wrong", client("10.0.0.3"))[0] == 401
        for _ in range(2):
            assert sign_in(s, "szp_wrong", headers=client("10.0.0.3"))[0] == 401
        assert api(s, token, client("10.0.0.3"))[0] == 429 and sign_in(s, token, headers=client("10.0.0.3"))[0] == 429

        # Another client is not held back, and right tries are never throttled.
        for _ in range(30):
            assert api(s, token, client("10.0.0.4"))[0] == 200
        for _ in range(10):
            assert sign_in(s, token, headers=client("10.0.0.4"))[0] == 303
        # Requests with no credentials at all are not guesses.
        for _ in range(10):
            assert raw(s, "GET", "/api/v1/admin/report", headers=client("10.0.0.5"))[0] == 401
        assert api(s, token, client("10.0.0.5"))[0] == 200
    finally:
        s.stop()


def test_totp_codes_sign_in_once_each(server, project):
    token = token_for(server.db, project)
    secret, _ = enrol(server, project, token)
    assert rows(server.db, "SELECT COUNT(*) FROM admin_totp") == [(1,)]
    status, _, body = sign_in(server, token)
    assert status == 401 and b"6-cyfrowego kodu" in body, "the token alone no longer signs in to the page"
    step = int(time.time()) // 30
    near = {totp(secret, step + d) for d in range(-2, 3)}
    wrong = next(c for c in ("000000", "111111", "222222", "333333", "444444", "555555") if c not in near)
    status, headers, body = sign_in(server, token, wrong)
    assert status == 401 and b"role=\"alert\"" in body and "set-cookie" not in headers
    code = current_code(secret)
    cookie = session_cookie(server, token, code)
    assert is_report(admin_page(server, cookie)[2])
    assert rows(server.db, "SELECT second_factor FROM admin_sessions") == [(1,)]
    status, headers, _ = sign_in(server, token, code)
    assert status == 401 and "set-cookie" not in headers, "a code works once"
    assert api(server, token)[0] == 200, "the API stays token-only, for scripts"


def test_a_code_from_the_next_time_step_is_accepted(server, project):
    """±1 step of clock drift: the code of the step after the current one signs in too."""
    token = token_for(server.db, project)
    secret, _ = enrol(server, project, token)
    session_cookie(server, token, totp(secret, int(time.time()) // 30 + 1))
    assert sign_in(server, token, totp(secret, int(time.time()) // 30 + 4))[0] == 401, "but not one far ahead"


def test_recovery_codes_work_once_each_and_are_stored_hashed(server, project):
    token = token_for(server.db, project)
    _, codes = enrol(server, project, token)
    stored = [h for (h,) in rows(server.db, "SELECT code_hash FROM admin_recovery_codes")]
    assert len(stored) == 10 and not any(code in repr(stored) or code.replace("-", "") in repr(stored) for code in codes)
    cookie = session_cookie(server, token, codes[0])
    assert is_report(admin_page(server, cookie)[2])
    assert sign_in(server, token, codes[0])[0] == 401, "a recovery code works once"
    session_cookie(server, token, codes[1].upper().replace("-", " "))
    assert "yes (8)" in run("admin", "tokens", "--db", str(server.db), cwd=project).stdout
    # Enrolling again replaces the secret and the codes, and ends the token's sessions.
    enrol(server, project, token)
    assert not is_report(admin_page(server, cookie)[2])
    assert sign_in(server, token, codes[2])[0] == 401


def test_require_totp_refuses_a_token_without_one(project, tmp_path):
    s = Server(project, tmp_path / "r.sqlite", ["--require-totp"]).start()
    try:
        token = token_for(s.db, project)
        status, headers, body = sign_in(s, token)
        assert status == 403 and "set-cookie" not in headers
        assert f"szpon admin totp {short_id(token)}".encode() in body
        assert api(s, token)[0] == 200, "the API stays token-only"
        secret, _ = enrol(s, project, token)
        cookie = session_cookie(s, token, current_code(secret))
        assert is_report(admin_page(s, cookie)[2])
    finally:
        s.stop()
    # A session opened without a second factor does not outlive the switch to --require-totp.
    db = tmp_path / "r2.sqlite"
    s = Server(project, db).start()
    try:
        cookie = session_cookie(s, token_for(db, project))
    finally:
        s.stop()
    s = Server(project, db, ["--require-totp"]).start()
    try:
        assert not is_report(admin_page(s, cookie)[2])
    finally:
        s.stop()


def test_totp_for_an_unknown_token_exits_1(server, project):
    proc = run("admin", "totp", "0123456789ab", "--db", str(server.db), cwd=project, check=False)
    assert proc.returncode == 1 and "no admin token" in proc.stderr and "otpauth" not in proc.stdout


def test_staff_pages_forbid_framing_and_carry_no_inline_script(server, project):
    cookie = session_cookie(server, token_for(server.db, project))
    pages = {"sign-in": raw(server, "GET", "/panel"), "refused": sign_in(server, "szp_wrong"),
             "report": admin_page(server, cookie)}
    assert is_report(pages["report"][2])
    for name, (status, headers, body) in pages.items():
        policy = headers["content-security-policy"]
        directives = {d.strip().split()[0]: d.strip().split()[1:] for d in policy.split(";") if d.strip()}
        assert directives["frame-ancestors"] == ["'none'"], name
        assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"], name
        assert headers["x-frame-options"] == "DENY", name
        assert b"<script" not in body.lower(), name
        assert not re.search(rb"\son[a-z]+\s*=", body), name


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


class Tables(html.parser.HTMLParser):
    """The report page's tables: {name: [[cell text, …] per body row]}, each named by the
    heading its aria-labelledby points at."""

    def __init__(self, page):
        super().__init__()
        self.tables, self._headings, self._heading, self._id, self._table, self._row, self._cell = {}, {}, None, None, None, None, None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("h2", "h3", "h4"):
            self._heading, self._id = "", attrs.get("id")
        elif tag == "table":
            self._table = self.tables.setdefault(self._headings[attrs["aria-labelledby"]], [])
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag == "td" and self._row is not None:
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("h2", "h3", "h4") and self._heading is not None:
            self._headings[self._id] = self._heading
            self._heading = None
        elif tag == "td" and self._cell is not None:
            self._row.append(self._cell)
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._row:
                self._table.append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._heading is not None:
            self._heading += data
        elif self._cell is not None:
            self._cell += data


QUESTION_TEXTS = {"pojemnik": "Gdzie wrzucisz puszkę?", "papier": "Karton to papier."}
COURSE_TITLES = {"kurs": "Kurs"}
QUIZ_TITLES = {"test-koncowy": "Test"}
SURVEY_TEXTS = {"ocena": "Jak oceniasz kurs?"}


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

    page = run("report", "--db", str(server.db), "--format", "html", cwd=project).stdout
    tables = Tables(page).tables
    out = tmp_path / "r.csv"
    run("report", "--db", str(server.db), "--format", "csv", "--output", str(out), cwd=project)
    lines = list(csv.reader(io.StringIO(out.read_text())))
    assert lines[0] == ["section", "subject", "item", "measure", "value"]
    facts = {tuple(line[:4]): line[4] for line in lines[1:] if line[0] != "survey_text"}

    # The renderers' number formats: CSV %.4g; HTML whole numbers bare, others to one
    # decimal with the Polish site's decimal comma.
    def g(value):
        return "" if value is None else "%.4g" % value

    def shown(value):
        return str(int(value)) if value == int(value) else ("%.1f" % value).replace(".", ",")

    expected_facts = {}
    for c in data["courses"]:
        row = tables["Kursy"][[r[0] for r in tables["Kursy"]].index(COURSE_TITLES[c["course"]])]
        assert row == [COURSE_TITLES[c["course"]], str(c["attempts"]), shown(c["passRate"] * 100) + "%", shown(c["averagePercent"]) + "%",
                       str(c["learners"]), str(c["learnersPassed"]), str(c["learnersCompleted"])]
        for measure, value in (("attempts", str(c["attempts"])), ("pass_rate", g(c["passRate"])),
                               ("average_percent", g(c["averagePercent"])), ("learners", str(c["learners"])),
                               ("learners_passed", str(c["learnersPassed"])), ("learners_completed", str(c["learnersCompleted"]))):
            expected_facts[("course", c["course"], "", measure)] = value
    assert len(tables["Kursy"]) == len(data["courses"])
    for quiz in data["quizzes"]:
        table = tables[QUIZ_TITLES[quiz["quiz"]]]
        assert table == [[QUESTION_TEXTS[q["question"]], str(q["answered"]), shown(q["difficulty"] * 100) + "%",
                          f"{shown(q['averagePoints'])} / {shown(q['maxPoints'])}"] for q in quiz["questions"]]
        for q in quiz["questions"]:
            item = QUESTION_TEXTS[q["question"]]
            expected_facts[("question", quiz["quiz"], item, "answered")] = str(q["answered"])
            expected_facts[("question", quiz["quiz"], item, "share_correct")] = g(q["difficulty"])
            expected_facts[("question", quiz["quiz"], item, "average_points")] = g(q["averagePoints"])
    for survey in data["surveys"]:
        for q in survey["questions"]:
            if not q["values"]:
                continue
            item = SURVEY_TEXTS[q["question"]]
            # Ratings are shown out of their 0–10 scale.
            assert tables[item] == [[f'{json.dumps(v["value"])} / 10', str(v["count"])] for v in q["values"]]
            for v in q["values"]:
                expected_facts[("survey", survey["survey"], item, "answer: " + json.dumps(v["value"]))] = str(v["count"])
    assert facts == expected_facts, "the CSV holds the JSON's figures, no more and no fewer"
    counts = data["counts"]
    assert f"Rekordy: {counts['records']} · Konflikty: {counts['conflicts']} · Odrzucone rekordy: {counts['rejections']}" in page

    # The admin API answers from the same queries.
    token = token_for(server.db, project)
    status, _, body = api(server, token)
    served = json.loads(body)
    assert status == 200 and {**served, "generatedAt": None} == {**data, "generatedAt": None}


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
