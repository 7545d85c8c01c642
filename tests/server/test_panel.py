"""The staff panel (/panel) through the real binary: invitations, passwords, sign-in, the
sections each role may open (the whole route matrix), CSRF on every form, lockout, sessions
across a restart, and Secure cookies behind an https proxy. On SQLite and, with
SZPON_TEST_POSTGRES, on PostgreSQL (the `store` fixture)."""

import datetime
import hashlib
import re
import sqlite3
import urllib.parse

import pytest

from conftest import Server, psql, run, write
from test_admin import FORM, raw, session_cookie, token_for

ROSTER = """id;name;email;office;department;roles;groups
A1;Anna Administratorka;anna@um.example;UM Przykładowo;;admin;
O1;Olga Urzędniczka;olga@um.example;UM Przykładowo;Wydział Promocji;official;
T1;Tomasz Nauczyciel;tomasz@szkola.example;;;teacher;klasa-7a
T2;Teresa Nauczycielka;;;;teacher;klasa-7b
L0;Leon Uczeń;leon@szkola.example;;;teacher;klasa-7a
L1;Łukasz Bąk;;;;learner;klasa-7a
L2;Zofia Żak;;;;learner;klasa-7b
"""
PASSWORD = "długie hasło 123"


class Browser:
    """One browser: keeps the cookies the server sets (by name), follows no redirects."""

    def __init__(self, server, headers=None):
        self.server = server
        self.headers = dict(headers or {})
        self.cookies = {}
        self.last_set_cookies = []

    def request(self, method, path, fields=None):
        headers = dict(self.headers)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers.update(FORM)
        status, response, content = raw_all(self.server, method, path, body, headers)
        self.last_set_cookies = response.get("set-cookie", [])
        for cookie in self.last_set_cookies:
            name, value = cookie.split(";")[0].split("=", 1)
            if "Max-Age=0" in cookie:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return status, {k: v[-1] for k, v in response.items()}, content

    def get(self, path):
        return self.request("GET", path)

    def form_token(self, path):
        """Opens a page with a form and returns the form's CSRF token."""
        status, _, body = self.get(path)
        assert status == 200, (path, status, body[:300])
        return re.search(rb'name="csrf" value="([^"]+)"', body).group(1).decode()

    def post(self, path, fields, form_page=None):
        """Opens `form_page` (default: `path`), then posts `fields` with its form token."""
        csrf = self.form_token(form_page or path)
        return self.request("POST", path, {"csrf": csrf, **fields})

    def sign_in(self, login, password=PASSWORD):
        return self.post("/panel/login", {"login": login, "password": password}, form_page="/panel")


def raw_all(server, method, path, body=None, headers=None):
    """Like test_admin.raw, but with every value of each header (Set-Cookie comes twice)."""
    import http.client
    con = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        con.request(method, path, body=body, headers=headers or {})
        response = con.getresponse()
        headers = {}
        for name, value in response.getheaders():
            headers.setdefault(name.lower(), []).append(value)
        return response.status, headers, response.read()
    finally:
        con.close()


def import_roster(project, db, text=ROSTER, tmp=None):
    path = (tmp or project) / "roster.csv"
    path.write_text(text, encoding="utf-8")
    run("people", "import", str(path), "--db", str(db), cwd=project)


def invite(server, project, person):
    proc = run("people", "invite", person, "--db", str(server.db), "--base-url", server.url + "/", cwd=project)
    link = proc.stdout.strip()
    assert link.startswith(server.url + "/panel/invite/"), proc.stdout
    return urllib.parse.urlparse(link).path


def set_password(server, project, person, password=PASSWORD):
    """Invites the person and sets their password through the link: their signed-in browser."""
    browser = Browser(server)
    status, headers, body = browser.post(invite(server, project, person), {"password": password, "confirm": password})
    assert status == 303 and headers["location"] == "/panel", (status, body[:400])
    return browser


def execute(store, sql):
    """A write straight into the store (to set up what would take too long to cause)."""
    if store.backend == "sqlite":
        con = sqlite3.connect(store.location)
        try:
            con.execute(sql)
            con.commit()
        finally:
            con.close()
    else:
        psql(store.location, sql)


def nav_links(body):
    nav = re.search(rb'<nav aria-label="[^"]+"><ul class="panel-nav">(.*?)</ul></nav>', body, re.S)
    return [h.decode() for h in re.findall(rb'href="([^"]+)"', nav.group(1))] if nav else []


@pytest.fixture
def panel(store, project, tmp_path):
    """A server with the roster imported, behind a trusted proxy (so tests can be several clients)."""
    import_roster(project, store, tmp=tmp_path)
    s = Server(project, store, ["--trusted-proxy", "127.0.0.1"]).start()
    try:
        yield s
    finally:
        s.stop()


def test_invite_set_password_sign_in_and_sign_out(panel, project):
    link = invite(panel, project, "T1")
    audit = panel.db.rows("SELECT actor, action, subject, detail FROM audit_log WHERE action = 'person.invite'")
    assert len(audit) == 1 and audit[0][2] == "T1" and "Tomasz" not in repr(audit) and "szkola" not in repr(audit)
    token = link.rsplit("/", 1)[1]
    stored = panel.db.rows("SELECT token_hash FROM staff_invitations WHERE person_id = 'T1'")
    assert stored == [(hashlib.sha256(token.encode()).hexdigest(),)], "only the link token's hash is stored"

    browser = Browser(panel)
    status, _, body = browser.get(link)
    assert status == 200 and b'autocomplete="new-password"' in body
    for password, confirm, problem in [("krótkie", "krótkie", "za krótkie"), (PASSWORD, PASSWORD + "x", "różnią")]:
        status, _, body = browser.post(link, {"password": password, "confirm": confirm})
        assert status == 400 and b'role="alert"' in body and problem in body.decode(), body[:500]
    status, headers, _ = browser.post(link, {"password": PASSWORD, "confirm": PASSWORD})
    assert status == 303 and headers["location"] == "/panel" and "szpon_panel" in browser.cookies
    status, _, body = browser.get("/panel")
    assert status == 200 and "Zalogowano jako: Tomasz Nauczyciel" in body.decode()
    hashes = panel.db.rows("SELECT password_hash FROM staff_credentials WHERE person_id = 'T1'")
    assert len(hashes) == 1 and hashes[0][0].startswith("$2b$12$") and PASSWORD not in repr(hashes)

    # The link works once.
    assert Browser(panel).get(link)[0] == 404
    # Sign out (with the session's form token), then in again by email, any case.
    csrf = re.search(rb'action="/panel/logout"><input type="hidden" name="csrf" value="([^"]+)"', body).group(1).decode()
    status, headers, _ = browser.request("POST", "/panel/logout", {"csrf": csrf})
    assert status == 303 and headers["location"] == "/panel?signed-out" and "szpon_panel" not in browser.cookies
    assert browser.get("/panel/groups")[0] == 303
    status, headers, _ = browser.sign_in("Tomasz@Szkola.example")
    assert status == 303 and browser.get("/panel/groups")[0] == 200

    # A newer invitation voids the older one; using it ends the old sessions (a password reset).
    older, newer = invite(panel, project, "T1"), invite(panel, project, "T1")
    assert Browser(panel).get(older)[0] == 404
    assert set_password(panel, project, "T1", "zupełnie nowe hasło").get("/panel/groups")[0] == 200
    assert Browser(panel).get(newer)[0] == 404, "set_password made a newer one still"
    assert browser.get("/panel/groups")[0] == 303, "the session of the old password has ended"
    assert Browser(panel).sign_in("T1")[0] == 401 and Browser(panel).sign_in("T1", "zupełnie nowe hasło")[0] == 303


def test_only_people_in_the_roster_get_invitations(panel, project):
    for person, message in [("X9", "no person with id 'X9'")]:
        proc = run("people", "invite", person, "--db", str(panel.db), cwd=project, check=False)
        assert proc.returncode == 1 and message in proc.stderr and "/panel/invite/" not in proc.stdout, proc.stderr
    proc = run("people", "invite", "T1", "--db", str(panel.db), "--base-url", "ftp://x", cwd=project, check=False)
    assert proc.returncode == 1 and "--base-url" in proc.stderr
    assert run("people", "invite", "T1", "--db", str(panel.db), cwd=project).stdout.startswith("http://127.0.0.1:8080/panel/invite/")


# What each viewer gets from each page route: 200, 303 (to the sign-in page) or 403.
ROUTES = {
    #                           anonymous learner teacher official admin token
    "/panel":                     (200,    200,    200,    200,     200,  200),
    "/panel/results":             (303,    403,    403,    200,     200,  200),
    "/panel/results.csv":         (303,    403,    403,    200,     200,  200),
    "/panel/results.json":        (303,    403,    403,    200,     200,  200),
    "/panel/attempts.csv":        (303,    403,    403,    200,     200,  200),
    "/panel/people":              (303,    403,    403,    403,     200,  200),
    "/panel/people?group=klasa-7a": (303,  403,    403,    403,     200,  200),
    "/panel/audit":               (303,    403,    403,    403,     200,  200),
    "/panel/groups":              (303,    403,    200,    403,     403,  403),
    "/panel/groups/klasa-7a":     (303,    403,    200,    403,     403,  403),
    "/panel/groups/klasa-7b":     (303,    403,    403,    403,     403,  403),
    "/panel/groups/nie-ma":       (303,    403,    403,    403,     403,  403),
    "/panel/enrollment":          (303,    403,    200,    200,     200,  200),
    "/panel/enrollment?group=klasa-7a": (303, 403,  200,    200,     200,  200),
    "/panel/enrollment?group=klasa-7b": (303, 403,  403,    200,     200,  200),
    "/panel/enrollment.csv":      (303,    403,    200,    200,     200,  200),
    "/panel/enrollment.csv?group=klasa-7b": (303, 403, 403, 200,    200,  200),
    "/panel/courses":             (303,    200,    200,    200,     200,  200),
}
VIEWERS = ["anonymous", "learner", "teacher", "official", "admin", "token"]
SECTIONS = {"learner": ["/panel/courses"], "teacher": ["/panel/groups", "/panel/enrollment", "/panel/courses"],
            "official": ["/panel/results", "/panel/enrollment", "/panel/courses"],
            "admin": ["/panel/results", "/panel/people", "/panel/audit", "/panel/enrollment", "/panel/courses"],
            "token": ["/panel/results", "/panel/people", "/panel/audit", "/panel/enrollment", "/panel/courses"]}


def test_every_route_checks_the_role(panel, project):
    browsers = {"anonymous": Browser(panel)}
    for viewer, person in [("teacher", "T1"), ("official", "O1"), ("admin", "A1"), ("learner", "L0")]:
        browsers[viewer] = set_password(panel, project, person)
    # L0 was a teacher when invited; the roster now makes them a learner, which their
    # existing session follows at once.
    import_roster(project, panel.db, "id;name;roles;groups\nL0;Leon Uczeń;learner;klasa-7a\n", tmp=panel.project)
    token_browser = Browser(panel)
    token_browser.cookies["szpon_panel"] = session_cookie(panel, token_for(panel.db, project)).split("=", 1)[1]
    browsers["token"] = token_browser

    for path, expected in ROUTES.items():
        for viewer, status in zip(VIEWERS, expected):
            got, headers, body = browsers[viewer].get(path)
            assert got == status, (viewer, path, got)
            if status == 303:
                assert headers["location"] == "/panel"
            if status == 403:
                assert "Brak dostępu" in body.decode() and b'role="alert"' in body, (viewer, path)
            if status == 200 and path.endswith(".csv"):
                assert headers["content-type"].startswith("text/csv")
    for viewer, sections in SECTIONS.items():
        assert nav_links(browsers[viewer].get("/panel")[2]) == ["/panel"] + sections, viewer
    assert nav_links(browsers["anonymous"].get("/panel")[2]) == []

    # A teacher sees only their own group's learners; an admin sees the roster and the audit log.
    page = browsers["teacher"].get("/panel/groups/klasa-7a")[2].decode().split('<main id="main">')[1]
    assert "Łukasz Bąk" in page and "Leon Uczeń" in page and "Zofia Żak" not in page
    assert "Tomasz Nauczyciel" not in page, "the group's learners, not its teachers"
    roster = browsers["admin"].get("/panel/people")[2].decode()
    assert all(name in roster for name in ["Anna Administratorka", "Zofia Żak", "olga@um.example"])
    audit = browsers["admin"].get("/panel/audit")[2].decode()
    assert "person.invite" in audit and "person.password-set" in audit and "roster.import" in audit
    # The invitation page and a made-up one: the same 404 for everyone.
    for viewer in VIEWERS:
        assert browsers[viewer].get("/panel/invite/zmyslony-token")[0] == 404


def test_every_post_needs_its_form_token(panel, project):
    teacher = set_password(panel, project, "T1")
    link = invite(panel, project, "O1")
    forms = {
        "/panel/login": {"login": "T1", "password": PASSWORD},
        "/panel/login/token": {"token": token_for(panel.db, project)},
        link: {"password": PASSWORD, "confirm": PASSWORD},
    }
    other = Browser(panel)
    other_csrf = other.form_token("/panel")
    for path, fields in forms.items():
        browser = Browser(panel)
        browser.form_token("/panel")  # the form cookie is there
        for csrf in (None, "", "A" * 43, other_csrf):
            sent = dict(fields) if csrf is None else {"csrf": csrf, **fields}
            status, _, body = browser.request("POST", path, sent)
            assert status == 403 and "szpon_panel" not in browser.cookies, (path, csrf, status)
        # Without the form cookie, the right-looking token alone is not enough.
        assert Browser(panel).request("POST", path, {"csrf": other_csrf, **fields})[0] == 403
    assert Browser(panel).get(link)[0] == 200, "refused posts leave the invitation usable"

    csrf = re.search(rb'name="csrf" value="([^"]+)"', teacher.get("/panel")[2]).group(1).decode()
    for wrong in (None, "", "A" * 43, other_csrf):
        status, _, _ = teacher.request("POST", "/panel/logout", {} if wrong is None else {"csrf": wrong})
        assert status == 403
    assert teacher.get("/panel/groups")[0] == 200, "a refused sign-out leaves the session alone"
    assert teacher.request("POST", "/panel/logout", {"csrf": csrf})[0] == 303


def test_failed_sign_ins_slow_the_account_and_the_client(panel, project):
    set_password(panel, project, "T1")
    client = lambda address: Browser(panel, {"X-Forwarded-For": address})
    # The account: five wrong passwords from five clients, then even the right one waits.
    for n in range(5):
        status, _, body = client(f"10.1.0.{n}").sign_in("T1", "złe hasło")
        assert status == 401 and "Nieprawidłowy login lub hasło." in body.decode()
    status, headers, body = client("10.1.0.9").sign_in("tomasz@szkola.example")
    assert status == 429 and int(headers["retry-after"]) > 0 and b'role="alert"' in body
    # A login naming no one is answered exactly alike: nothing tells whether an account exists.
    answers = []
    for n in range(5):
        status, _, body = client(f"10.2.0.{n}").sign_in("nikt@um.example", "złe hasło")
        answers.append(status)
        assert "Nieprawidłowy login lub hasło." in body.decode()
    status, headers, _ = client("10.2.0.9").sign_in("nikt@um.example", "złe hasło")
    assert answers == [401] * 5 and status == 429 and int(headers["retry-after"]) > 0

    # The client: five wrong logins for five accounts, then its right one waits too.
    set_password(panel, project, "O1")
    same = client("10.3.0.1")
    for login in ["a", "b", "c", "d", "e"]:
        assert same.sign_in(login, "złe hasło")[0] == 401
    status, headers, _ = same.sign_in("O1")
    assert status == 429 and int(headers["retry-after"]) > 0
    assert client("10.3.0.2").sign_in("O1")[0] == 303, "another client and account are not held back"


def test_twenty_failures_lock_the_account_for_fifteen_minutes(panel, project):
    set_password(panel, project, "O1")
    account = hashlib.sha256(b"person:O1").hexdigest()
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    # Nineteen failures spread over the last hour would take minutes of waiting to cause.
    execute(panel.db, "INSERT INTO staff_sign_in_failures (account, failures, last_at, blocked_until) "
                      f"VALUES ('{account}', 19, '{now}', NULL)")
    assert Browser(panel, {"X-Forwarded-For": "10.4.0.1"}).sign_in("O1", "złe hasło")[0] == 401
    status, headers, _ = Browser(panel, {"X-Forwarded-For": "10.4.0.2"}).sign_in("O1")
    assert status == 429 and 14 * 60 < int(headers["retry-after"]) <= 15 * 60
    assert panel.db.rows("SELECT failures FROM staff_sign_in_failures WHERE account = ?", account) == [(20,)]


def test_a_session_survives_a_restart(store, project, tmp_path):
    import_roster(project, store, tmp=tmp_path)
    s = Server(project, store).start()
    try:
        browser = set_password(s, project, "A1")
        assert browser.get("/panel/people")[0] == 200
        stored = s.db.rows("SELECT hash FROM staff_sessions")
        assert stored == [(hashlib.sha256(browser.cookies["szpon_panel"].encode()).hexdigest(),)]
    finally:
        s.stop()
    s = Server(project, store).start()
    try:
        browser.server = s
        assert browser.get("/panel/people")[0] == 200
    finally:
        s.stop()


def test_cookies_are_secure_behind_an_https_proxy(panel, project):
    link = invite(panel, project, "A1")
    browser = Browser(panel, {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.5"})
    browser.get(link)
    form_cookie = [a.strip() for a in browser.last_set_cookies[0].split(";")]
    assert form_cookie[0].startswith("szpon_panel_form=") and "Secure" in form_cookie
    browser.post(link, {"password": PASSWORD, "confirm": PASSWORD})
    attributes = [a.strip() for a in browser.last_set_cookies[0].split(";")]
    assert attributes[0].startswith("szpon_panel=")
    assert {"HttpOnly", "SameSite=Strict", "Path=/panel", "Secure", "Max-Age=28800"} <= set(attributes)
    # Plain http: no Secure, or the cookie would never come back.
    plain = Browser(panel, {"X-Forwarded-Proto": "http", "X-Forwarded-For": "203.0.113.6"})
    assert plain.sign_in("A1")[0] == 303
    assert "Secure" not in [a.strip() for a in plain.last_set_cookies[0].split(";")]


def test_old_admin_addresses_lead_to_the_panel(panel):
    for old, new in [("/admin", "/panel/results"), ("/admin?course=kurs", "/panel/results?course=kurs"),
                     ("/admin/report.csv?course=kurs", "/panel/results.csv?course=kurs"),
                     ("/admin/report.json", "/panel/results.json"), ("/admin/attempts.csv", "/panel/attempts.csv")]:
        status, headers, _ = raw(panel, "GET", old)
        assert status == 308 and headers["location"] == new, old
    for old in ("/admin/login", "/admin/logout"):
        status, headers, _ = raw(panel, "POST", old, "token=x", FORM)
        assert status == 303 and headers["location"] == "/panel"
    assert raw(panel, "GET", "/api/v1/admin/report")[0] == 401, "the API stays token-only"


def test_panel_pages_forbid_framing_and_carry_no_script(panel, project):
    admin = set_password(panel, project, "A1")
    for path in ["/panel", "/panel/people", "/panel/audit", "/panel/courses", "/panel/results"]:
        status, headers, body = admin.get(path)
        assert status == 200
        assert "frame-ancestors 'none'" in headers["content-security-policy"] and headers["x-frame-options"] == "DENY"
        assert b"<script" not in body.lower() and not re.search(rb"\son[a-z]+\s*=", body), path
