"""The report as staff read it, on the staff panel's signed-in /panel/results page and from szpon report:
titles instead of slugs and ids, question texts without Markdown, Polish or English
numbers, Warsaw local times, Likert and rating answers in words, each heading once,
CSV and JSON downloads and a course filter that work with the session."""

import csv
import html.parser
import io
import json
import re
import shutil
import uuid
from pathlib import Path

import pytest

from conftest import REPO, Server, run, write
from test_admin import admin_page, raw, session_cookie, token_for

SITE = """id: raport-strony
title: Urząd Testowy
language: {language}
organisation: Urząd Testowy
"""

COURSE = """---
title: {title}
summary: Kurs.
---

Kurs.
"""

LESSON = """---
title: {lesson}
---

## Sprawdzian

```quiz
id: {quiz}
graded: true
pass: 50
questions:
  - id: karton
    type: single
    text: Gdzie wrzucisz **karton po mleku**?
    points: 3
    answers:
      - {{ text: Do niebieskiego, correct: true }}
      - {{ text: Do żółtego }}
  - id: puszka
    type: truefalse
    text: Puszka to _metal_.
    answer: true
```
"""

SURVEY = """---
title: Ankieta po kursie
---

```survey
id: opinie
questions:
  - { id: przydatny, type: likert, text: "Kurs był **przydatny**." }
  - { id: ocena, type: rating, text: Jak oceniasz kurs? }
  - { id: uwagi, type: text, text: Uwagi }
```
"""


def build(root, language):
    write(root, {
        "content/site.yaml": SITE.format(language=language),
        "content/courses/segregacja/course.md": COURSE.format(title="Segregacja odpadów"),
        "content/courses/segregacja/01-test.md": LESSON.format(lesson="Test z segregacji", quiz="test-segregacja"),
        "content/courses/kompost/course.md": COURSE.format(title="Kompostowanie w domu"),
        "content/courses/kompost/01-test.md": LESSON.format(lesson="Test z kompostu", quiz="test-kompost"),
        "content/surveys/opinie.md": SURVEY,
    })
    run("build", "--content", "content", "--theme", str(REPO / "themes" / "default"), "--output", "site", cwd=root)
    return root


def record(project, kind, payload, created="2026-11-23T10:00:00.000Z", quiz=None):
    manifest = json.loads((Path(project) / ".szpon" / "server.json").read_text())
    return {"id": str(uuid.uuid4()), "kind": kind, "site": "raport-strony", "bundle": "site",
            "contentHash": manifest["quizzes"][quiz]["current"] if quiz else None,
            "createdAt": created, "device": str(uuid.uuid4()), "payload": payload}


def attempt(project, quiz, course, responses):
    return record(project, "attempt", {
        "quiz": quiz, "course": course, "lesson": "test", "attempt": 1, "seed": 1, "questions": ["karton", "puszka"],
        "options": {}, "responses": responses, "startedAt": "2026-11-23T09:50:00.000Z",
        "finishedAt": "2026-11-23T10:00:00.000Z", "timedOut": False, "score": None}, quiz=quiz)


def records(project):
    # Segregacja: one attempt all right (100%), one with the 3-point question wrong (25%):
    # 62.5% on average, and 1.5 of 3 points on that question.
    return [
        attempt(project, "test-segregacja", "segregacja", {"karton": 0, "puszka": True}),
        attempt(project, "test-segregacja", "segregacja", {"karton": 1, "puszka": True}),
        attempt(project, "test-kompost", "kompost", {"karton": 0, "puszka": True}),
        # 01:30 UTC on the day summer time starts is 03:30 in Warsaw.
        record(project, "survey_response", {"survey": "opinie", "page": "surveys/opinie.html",
                                             "responses": {"przydatny": 0, "ocena": 9, "uwagi": "Za krótki <b>kurs</b>"}},
               created="2026-03-29T01:30:00.000Z"),
        record(project, "survey_response", {"survey": "opinie", "page": "surveys/opinie.html",
                                             "responses": {"przydatny": 4, "ocena": 3}}),
    ]


@pytest.fixture(scope="module")
def polish(tmp_path_factory):
    return build(tmp_path_factory.mktemp("raport-pl"), "pl")


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    return build(tmp_path_factory.mktemp("raport-en"), "en")


def serve(project, tmp_path):
    server = Server(project, tmp_path / "results.sqlite").start()
    status, _, body = server.sync(records(project))
    assert status == 200 and all(r["status"] == "stored" for r in body["results"]), body
    return server


@pytest.fixture
def signed_in(polish, tmp_path):
    server = serve(polish, tmp_path)
    try:
        yield server, session_cookie(server, token_for(server.db, polish))
    finally:
        server.stop()


class Headings(html.parser.HTMLParser):
    """The texts of the page's headings and table captions, and its tables' cells by the
    heading that names them (aria-labelledby)."""

    def __init__(self, page):
        super().__init__()
        self.names, self.by_id, self.tables = [], {}, {}
        self._name, self._id, self._cell, self._row, self._table = None, None, None, None, None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("h1", "h2", "h3", "h4", "caption"):
            self._name, self._id = "", attrs.get("id")
        elif tag == "table":
            self._table = self.tables.setdefault(self.by_id.get(attrs.get("aria-labelledby"), attrs.get("aria-labelledby")), [])
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag == "td" and self._row is not None:
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "h3", "h4", "caption") and self._name is not None:
            self.names.append(self._name.strip())
            if self._id:
                self.by_id[self._id] = self._name.strip()
            self._name = None
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
        if self._name is not None:
            self._name += data
        if self._cell is not None:
            self._cell += data


def test_the_page_shows_titles_plain_question_texts_polish_numbers_and_warsaw_times(signed_in):
    server, cookie = signed_in
    status, _, body = admin_page(server, cookie)
    page = body.decode()
    assert status == 200
    found = Headings(page)
    courses = {row[0]: row for row in found.tables["Kursy"]}
    assert set(courses) == {"Segregacja odpadów", "Kompostowanie w domu"}, "course titles, not slugs"
    assert courses["Segregacja odpadów"][2:4] == ["50%", "62,5%"]
    assert "Test z segregacji" in found.names and "test-segregacja" not in page, "quiz titles, not ids"
    assert "Ankieta po kursie" in found.names and ">opinie<" not in page, "a survey by its page's title"
    questions = found.tables["Test z segregacji"]
    assert questions[0] == ["Gdzie wrzucisz karton po mleku?", "2", "50%", "1,5 / 3"], "Markdown stripped, decimal comma"
    assert "**" not in page and "_metal_" not in page and "Puszka to metal." in page
    assert "29.03.2026, 03:30" in page, "01:30 UTC on 29 March 2026 is 03:30 summer time in Warsaw"
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", page), "no ISO UTC times left"
    assert re.search(r"Wygenerowano: \d\d\.\d\d\.\d{4}, \d\d:\d\d", page)
    assert "Za krótki &lt;b&gt;kurs&lt;/b&gt;" in page, "learners' text stays escaped"


def test_likert_and_rating_answers_are_in_words(signed_in):
    server, cookie = signed_in
    page = admin_page(server, cookie)[2].decode()
    found = Headings(page)
    assert found.tables["Kurs był przydatny."] == [["1 – Zdecydowanie się nie zgadzam", "1"], ["5 – Zdecydowanie się zgadzam", "1"]]
    assert found.tables["Jak oceniasz kurs?"] == [["3 / 10", "1"], ["9 / 10", "1"]]


def test_no_heading_is_repeated(signed_in):
    server, cookie = signed_in
    page = admin_page(server, cookie)[2].decode()
    names = Headings(page).names
    assert len(names) == len(set(names)), [n for n in names if names.count(n) > 1]
    assert "<caption" not in page, "tables are named by the heading above them"
    assert page.count(">Kursy<") == 1


def test_the_pages_download_links_and_course_filter_work_with_the_session(signed_in):
    server, cookie = signed_in
    page = admin_page(server, cookie)[2].decode()
    csv_link = re.search(r'href="(/panel/results\.csv[^"]*)"', page).group(1)
    json_link = re.search(r'href="(/panel/results\.json[^"]*)"', page).group(1)
    status, headers, body = raw(server, "GET", csv_link, headers={"Cookie": cookie})
    assert status == 200 and headers["content-type"].startswith("text/csv") and "attachment" in headers["content-disposition"]
    assert next(csv.reader(io.StringIO(body.decode())))[:4] == ["section", "subject", "item", "measure"]
    status, headers, body = raw(server, "GET", json_link, headers={"Cookie": cookie})
    assert status == 200 and headers["content-type"].startswith("application/json")
    assert {c["course"] for c in json.loads(body)["courses"]} == {"segregacja", "kompost"}, "the JSON keeps ids"
    # Without the session the links give nothing but the way to sign in.
    for link in (csv_link, json_link):
        status, headers, body = raw(server, "GET", link)
        assert status == 303 and headers["location"] == "/panel" and b"segregacja" not in body

    form = re.search(r'<form method="get" action="/panel/results">(.*?)</form>', page, re.S).group(1)
    options = dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', form))
    assert options == {"": "Wszystkie kursy", "segregacja": "Segregacja odpadów", "kompost": "Kompostowanie w domu"}
    status, _, body = raw(server, "GET", "/panel/results?course=kompost", headers={"Cookie": cookie})
    filtered = body.decode()
    assert status == 200 and [row[0] for row in Headings(filtered).tables["Kursy"]] == ["Kompostowanie w domu"]
    assert '<option value="kompost" selected>' in filtered
    json_link = re.search(r'href="(/panel/results\.json[^"]*)"', filtered).group(1)
    assert json_link == "/panel/results.json?course=kompost"
    data = json.loads(raw(server, "GET", json_link, headers={"Cookie": cookie})[2])
    assert data["filter"]["course"] == "kompost" and [c["course"] for c in data["courses"]] == ["kompost"]
    status, _, body = raw(server, "GET", "/panel/results?course=", headers={"Cookie": cookie})
    assert len(Headings(body.decode()).tables["Kursy"]) == 2, "'all courses' sends an empty course"


def test_the_gradebook_has_a_row_per_attempt_and_question_with_both_scores(signed_in, polish, tmp_path):
    """The teachers' gradebook: the page's link (session), the API (token) and szpon report
    --attempts give the same rows: device, both clocks, the server's points per question
    and both scores of the attempt."""
    server, cookie = signed_in
    page = admin_page(server, cookie)[2].decode()
    link = re.search(r'href="(/panel/attempts\.csv[^"]*)"', page).group(1)
    status, headers, body = raw(server, "GET", link, headers={"Cookie": cookie})
    assert status == 200 and headers["content-type"].startswith("text/csv")
    assert 'filename="szpon-attempts.csv"' in headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    assert len(rows) == 6, "three attempts of two questions each"
    wrong = [r for r in rows if r["course"] == "segregacja" and r["question"] == "karton" and r["state"] == "incorrect"]
    assert len(wrong) == 1
    attempt = [r for r in rows if r["attempt"] == wrong[0]["attempt"]]
    assert [r["question"] for r in attempt] == ["karton", "puszka"] and [r["position"] for r in attempt] == ["1", "2"]
    assert [r["points"] for r in attempt] == ["0", "1"] and attempt[0]["max_points"] == "3"
    assert attempt[0]["question_text"] == "Gdzie wrzucisz karton po mleku?", "plain text, as on the page"
    assert attempt[0]["course_title"] == "Segregacja odpadów"
    assert attempt[0]["server_percent"] == "25" and attempt[0]["server_passed"] == "no"
    assert attempt[0]["created_at"] == "2026-11-23T10:00:00.000Z" and attempt[0]["local_time"] == "2026-11-23 11:00"
    assert attempt[0]["device"] and attempt[0]["received_at"].startswith("20")
    # Without the session: the sign-in page, no data.
    status, headers, body = raw(server, "GET", link)
    assert status == 303 and b"karton" not in body

    token = token_for(server.db, polish, label="skrypt")
    status, headers, body = raw(server, "GET", "/api/v1/admin/attempts?format=json&course=kompost",
                                headers={"Authorization": f"Bearer {token}"})
    assert status == 200 and headers["content-type"].startswith("application/json")
    data = json.loads(body)
    assert {r["course"] for r in data} == {"kompost"} and len(data) == 2
    assert raw(server, "GET", "/api/v1/admin/attempts?format=html",
               headers={"Authorization": f"Bearer {token}"})[0] == 400
    assert raw(server, "GET", "/api/v1/admin/attempts")[0] == 401

    out = tmp_path / "dziennik.csv"
    run("report", "--attempts", "--format", "csv", "--db", str(server.db), "--output", str(out), cwd=polish)
    assert list(csv.DictReader(io.StringIO(out.read_text()))) == rows


def test_an_english_site_gets_english_strings_and_numbers(english, tmp_path):
    server = serve(english, tmp_path)
    try:
        sign_in_page = raw(server, "GET", "/panel")[2].decode()
        assert '<html lang="en">' in sign_in_page and "Sign in to the staff panel" in sign_in_page
        assert "Sign in with an admin token" in sign_in_page
        page = admin_page(server, session_cookie(server, token_for(server.db, english)))[2].decode()
    finally:
        server.stop()
    found = Headings(page)
    assert '<html lang="en">' in page and "Results report – Urząd Testowy" in found.names
    assert ["Segregacja odpadów", "2", "50%", "62.5%"] in [r[:4] for r in found.tables["Courses"]]
    assert "29 Mar 2026, 03:30" in page and "Strongly disagree" in page
    assert "Raport" not in page and "Kursy" not in page


def test_the_report_command_writes_the_same_page_to_a_file(polish, tmp_path):
    server = serve(polish, tmp_path)
    server.stop()
    out = tmp_path / "raport.html"
    run("report", "--db", str(server.db), "--format", "html", "-o", str(out), cwd=polish)
    page = out.read_text()
    found = Headings(page)
    assert ["Segregacja odpadów", "2", "50%", "62,5%"] in [r[:4] for r in found.tables["Kursy"]]
    assert "29.03.2026, 03:30" in page and "<script" not in page and 'action="/panel/logout"' not in page
    assert "/panel/results.csv" not in page and "/panel/" not in page, "a saved report has no staff controls"


def test_a_theme_given_with_theme_makes_the_report_and_sign_in_pages(polish, tmp_path):
    theme = tmp_path / "motyw"
    shutil.copytree(REPO / "themes" / "default", theme)
    strings = theme / "i18n" / "pl.yaml"
    strings.write_text(strings.read_text().replace("staff_report_title: Raport wyników", "staff_report_title: Wyniki szkoleń")
                       .replace("staff_panel_sign_in_title: Logowanie do panelu pracowników", "staff_panel_sign_in_title: Wejście dla kadry"))
    server = Server(polish, tmp_path / "results.sqlite", extra=["--theme", str(theme)]).start()
    try:
        assert "Wejście dla kadry" in raw(server, "GET", "/panel")[2].decode()
        assert "Wyniki szkoleń" in admin_page(server, session_cookie(server, token_for(server.db, polish)))[2].decode()
    finally:
        server.stop()
    out = tmp_path / "raport.html"
    run("report", "--db", str(server.db), "--format", "html", "--theme", str(theme), "-o", str(out), cwd=polish)
    assert "<h1>Wyniki szkoleń – Urząd Testowy</h1>" in out.read_text()
