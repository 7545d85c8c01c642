"""The SCORM 1.2 bridge (scorm.js) in a real browser.

An LMS such as Moodle shows each SCO (here: a lesson page) in a frame of its own page,
which defines `window.API`. `lms.html`, written by these tests, plays that part: a
recording SCORM 1.2 API, as strict as a real one (calls before LMSInitialize or after
LMSFinish fail with error 301, values must be strings, suspend_data holds 4096
characters), with the lesson page in an <iframe>.

An LMS serves the API's page and the package from one origin, and only then may the
SCO's frame reach `parent.API`. Chromium treats every file:// page as an origin of its
own, so a frame opened from disk cannot (SecurityError): the LMS tests serve the folder
over HTTP on 127.0.0.1, and the file:// test checks that such a blocked parent, like a
page with no LMS at all, leaves the page exactly as it is without the bridge.

- passing the lesson's graded quiz (pass: 50): incomplete, then passed, the score, the
  course's progress in suspend_data, commits, and LMSCommit + LMSFinish on leaving;
- failing it: failed;
- no API (top-level file://, or a file:// frame): no console error, the quiz works;
- suspend_data from the LMS marks the lessons done in the page and the course page;
- suspend_data stays within 4096 characters however many lessons are done.
"""

import functools
import http.server
import json
import threading
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import (
    REPO,
    SZPON_BIN,
    answer_quiz,
    console_errors,
    make_site,
    page_url,
    quiz_data,
    right_responses,
    site_yaml,
    visible_text,
    wait_loaded,
    wrong_responses,
)

SITE_ID = "scorm-testy"
COURSE = "kurs"
QUIZ_LESSON = "courses/kurs/sprawdzian.html"
PLAIN_LESSON = "courses/kurs/podsumowanie.html"

QUIZ = """
id: sprawdzian-scorm
title: Sprawdzian
graded: true
mode: after
pass: 50
questions:
  - id: gazeta
    type: single
    text: Do którego pojemnika wrzucisz gazetę?
    answers:
      - text: Niebieski
        correct: true
      - text: Zielony
  - id: bateria
    type: truefalse
    text: Baterie można wyrzucać do odpadów zmieszanych.
    answer: false
"""

# A recording SCORM 1.2 API. `calls` keeps [name, arguments…, result] in order; `cmi` the
# data model. PRESET is filled in by write_lms().
LMS_PAGE = """<!DOCTYPE html>
<html lang="pl">
<head><meta charset="utf-8"><link rel="icon" href="data:,"><title>LMS</title></head>
<body>
<h1>LMS</h1>
<script>
(function () {
  var state = "new", last = "0";
  var errors = {"0": "No error", "101": "General exception", "201": "Invalid argument error",
    "301": "Not initialized", "401": "Not implemented error", "405": "Incorrect data type"};
  window.calls = [];
  window.cmi = Object.assign({"cmi.core.lesson_status": "not attempted", "cmi.core.student_id": "u1",
    "cmi.core.student_name": "Testowa, Anna", "cmi.core.lesson_mode": "normal", "cmi.core.entry": "ab-initio",
    "cmi.suspend_data": ""}, PRESET);
  function rec(name, args, result, error) {
    last = error || "0";
    window.calls.push([name].concat(Array.prototype.slice.call(args), [result]));
    return result;
  }
  window.API = {
    LMSInitialize: function (p) {
      if (p !== "" || state === "running") { return rec("LMSInitialize", arguments, "false", p !== "" ? "201" : "101"); }
      state = "running";
      return rec("LMSInitialize", arguments, "true");
    },
    LMSFinish: function (p) {
      if (state !== "running") { return rec("LMSFinish", arguments, "false", "301"); }
      state = "finished";
      return rec("LMSFinish", arguments, "true");
    },
    LMSGetValue: function (k) {
      if (state !== "running") { return rec("LMSGetValue", arguments, "", "301"); }
      return rec("LMSGetValue", arguments, Object.prototype.hasOwnProperty.call(window.cmi, k) ? window.cmi[k] : "");
    },
    LMSSetValue: function (k, v) {
      if (state !== "running") { return rec("LMSSetValue", arguments, "false", "301"); }
      if (typeof v !== "string" || (k === "cmi.suspend_data" && v.length > 4096)) {
        return rec("LMSSetValue", arguments, "false", "405");
      }
      window.cmi[k] = v;
      return rec("LMSSetValue", arguments, "true");
    },
    LMSCommit: function (p) {
      return state === "running" ? rec("LMSCommit", arguments, "true") : rec("LMSCommit", arguments, "false", "301");
    },
    LMSGetLastError: function () { return last; },
    LMSGetErrorString: function (code) { return errors[code] || ""; },
    LMSGetDiagnostic: function (code) { return errors[code || last] || ""; }
  };
})();
</script>
<iframe id="sco" title="Lekcja" src="SRC" width="1000" height="800"></iframe>
</body>
</html>
"""


def lesson(title, body):
    return f"---\ntitle: {title}\n---\n\n{body}\n"


@pytest.fixture(scope="module")
def lms_site(tmp_path_factory):
    return make_site(tmp_path_factory, "scorm", {
        "site.yaml": site_yaml(SITE_ID),
        f"courses/{COURSE}/course.md": """
            ---
            title: Kurs w LMS
            summary: Kurs do testów SCORM.
            ---

            Wstęp do kursu.
            """,
        f"courses/{COURSE}/01-sprawdzian.md": lesson("Sprawdzian", f"Kilka słów wstępu.\n\n```quiz\n{QUIZ.strip()}\n```"),
        f"courses/{COURSE}/02-podsumowanie.md": lesson("Podsumowanie", "To już wszystko."),
    })


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):  # sync.js finds no sync API here, as on an LMS, and stops
        self.send_error(404)


@pytest.fixture
def lms(lms_site):
    """The fixture site's folder over HTTP; a new port per test, so a new origin with
    empty storage. Yields the base URL."""
    handler = functools.partial(QuietHandler, directory=str(lms_site.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(autouse=True)
def top_frame(driver):
    driver.switch_to.default_content()
    console_errors(driver)  # drain
    yield
    driver.switch_to.default_content()


def write_lms(site, name, page, preset=None):
    """Writes the LMS page beside the site folder, framing `page` (site-relative)."""
    text = LMS_PAGE.replace("PRESET", json.dumps(preset or {})).replace("SRC", f"site/{page}")
    path = Path(site).parent / name
    path.write_text(text)
    return name


def open_in_lms(driver, url):
    driver.get(url)
    wait_loaded(driver)
    driver.switch_to.frame(driver.find_element(By.ID, "sco"))
    wait_loaded(driver)


def calls(driver):
    driver.switch_to.default_content()
    return driver.execute_script("return window.calls")


def sets(log, key):
    return [c[2] for c in log if c[0] == "LMSSetValue" and c[1] == key]


def index_of(log, predicate, start=0):
    return next(i for i in range(start, len(log)) if predicate(log[i]))


def take_quiz(driver, right):
    quiz = quiz_data(driver)
    answer_quiz(driver, quiz, right_responses(quiz) if right else wrong_responses(quiz))
    driver.find_element(By.CSS_SELECTOR, ".szpon-quiz form button[type=submit]").click()
    WebDriverWait(driver, 5).until(lambda d: visible_text(d.find_element(By.CSS_SELECTOR, ".szpon-quiz-result")))
    return visible_text(driver.find_element(By.CSS_SELECTOR, ".szpon-quiz-result"))


def toggle_state(driver):
    return driver.find_element(By.CSS_SELECTOR, ".szpon-lesson-done button").get_attribute("aria-pressed")


def wait_for_call(driver, name):
    WebDriverWait(driver, 5).until(lambda d: any(c[0] == name for c in d.execute_script("return window.calls")),
                                   message=f"{name} was never called")
    return driver.execute_script("return window.calls")


def page_errors(driver):
    """Console errors, less the 404 of sync.js's POST (this server has no sync API)."""
    return [e for e in console_errors(driver) if "/api/v1/sync" not in e]


def assert_all_accepted(log):
    refused = [c for c in log if c[0] in ("LMSInitialize", "LMSFinish", "LMSSetValue", "LMSCommit") and c[-1] != "true"]
    assert not refused, f"the LMS refused: {refused}"


# ---------------------------------------------------------------------------

def test_passing_the_quiz_reports_passed_score_progress_and_finishes(driver, lms_site, lms):
    page = write_lms(lms_site, "lms-pass.html", QUIZ_LESSON)
    open_in_lms(driver, lms + page)
    result = take_quiz(driver, right=True)
    assert "(100%)" in result, result
    assert toggle_state(driver) == "true"  # passing marks the lesson done
    assert driver.execute_script("return !!(window.Szpon.scorm && window.Szpon.scorm.lastError)") is False

    log = calls(driver)
    assert log[0][:2] == ["LMSInitialize", ""], log[:3]
    assert sets(log, "cmi.core.lesson_status") == ["incomplete", "passed"], log
    assert sets(log, "cmi.core.score.raw") == ["100"]
    assert sets(log, "cmi.core.score.min") == ["0"] and sets(log, "cmi.core.score.max") == ["100"]
    suspend = sets(log, "cmi.suspend_data")
    assert suspend and len(suspend[-1]) <= 4096, suspend
    data = json.loads(suspend[-1])
    assert data["v"] == 1 and data["c"] == COURSE and data["l"] == ["sprawdzian"], data
    raw = index_of(log, lambda c: c[:2] == ["LMSSetValue", "cmi.core.score.raw"])
    passed = index_of(log, lambda c: c[:3] == ["LMSSetValue", "cmi.core.lesson_status", "passed"])
    commit = index_of(log, lambda c: c[0] == "LMSCommit", raw)
    assert commit > passed, log
    assert not any(c[0] == "LMSFinish" for c in log)
    cmi = driver.execute_script("return window.cmi")
    assert cmi["cmi.core.lesson_status"] == "passed" and cmi["cmi.core.score.raw"] == "100"

    # The LMS closes the SCO: its frame goes away.
    driver.execute_script("document.getElementById('sco').remove()")
    log = wait_for_call(driver, "LMSFinish")
    finish = index_of(log, lambda c: c[0] == "LMSFinish")
    assert finish == len(log) - 1, log[finish:]
    assert log[finish - 1][0] == "LMSCommit", log[commit:]
    assert [c[0] for c in log].count("LMSFinish") == 1
    assert sets(log, "cmi.core.session_time") and sets(log, "cmi.core.exit") == []  # passed: nothing to resume
    assert_all_accepted(log)
    assert page_errors(driver) == []


def test_failing_the_quiz_reports_failed(driver, lms_site, lms):
    page = write_lms(lms_site, "lms-fail.html", QUIZ_LESSON)
    open_in_lms(driver, lms + page)
    result = take_quiz(driver, right=False)
    assert "(0%)" in result, result
    assert toggle_state(driver) == "false"

    log = calls(driver)
    assert log[0][0] == "LMSInitialize"
    assert sets(log, "cmi.core.lesson_status") == ["incomplete", "failed"], log
    assert sets(log, "cmi.core.score.raw") == ["0"]
    # No lesson is finished: there is no progress to keep.
    assert sets(log, "cmi.suspend_data") == []
    failed = index_of(log, lambda c: c[:3] == ["LMSSetValue", "cmi.core.lesson_status", "failed"])
    index_of(log, lambda c: c[0] == "LMSCommit", failed)

    # The learner leaves the lesson inside the LMS's frame.
    driver.execute_script("document.getElementById('sco').src = 'about:blank'")
    log = wait_for_call(driver, "LMSFinish")
    assert [c[0] for c in log][-2:] == ["LMSCommit", "LMSFinish"], log[-4:]
    assert_all_accepted(log)
    assert driver.execute_script("return window.cmi['cmi.core.lesson_status']") == "failed"
    assert page_errors(driver) == []


def test_without_an_lms_the_page_is_a_plain_page(driver, lms_site):
    # Top level, from disk: no API anywhere.
    driver.get(page_url(lms_site, QUIZ_LESSON))
    wait_loaded(driver)
    driver.execute_script("localStorage.clear(); window.name = '';")
    driver.refresh()
    wait_loaded(driver)
    assert driver.execute_script("return window.Szpon && 'scorm' in window.Szpon") is False
    assert "100%" in take_quiz(driver, right=True)
    assert toggle_state(driver) == "true"
    assert console_errors(driver) == []

    # In a frame of a file:// page: the parent's API is another origin's, out of reach.
    page = write_lms(lms_site, "lms-file.html", PLAIN_LESSON)
    driver.get(Path(lms_site.parent / page).as_uri())
    wait_loaded(driver)
    assert driver.execute_script("return window.calls") == []
    driver.switch_to.frame(driver.find_element(By.ID, "sco"))
    assert driver.execute_script("return window.Szpon && 'scorm' in window.Szpon") is False
    driver.find_element(By.CSS_SELECTOR, ".szpon-lesson-done button").click()
    assert toggle_state(driver) == "true"
    driver.switch_to.default_content()
    driver.execute_script("document.getElementById('sco').remove()")
    assert driver.execute_script("return window.calls") == []
    assert console_errors(driver) == []


def test_progress_kept_by_the_lms_follows_the_learner(driver, lms_site, lms):
    saved = json.dumps({"v": 1, "c": COURSE, "t": 1767225600, "l": ["sprawdzian", "podsumowanie"]})
    page = write_lms(lms_site, "lms-resume.html", PLAIN_LESSON,
                     {"cmi.core.lesson_status": "incomplete", "cmi.suspend_data": saved, "cmi.core.entry": "resume"})
    open_in_lms(driver, lms + page)
    # A new device (a fresh origin): the lesson shows as done, from the LMS's copy.
    assert toggle_state(driver) == "true"
    log = calls(driver)
    assert sets(log, "cmi.core.lesson_status") == ["completed"], log
    assert sets(log, "cmi.suspend_data") == []  # the LMS's copy already says it all
    index_of(log, lambda c: c[0] == "LMSCommit")

    # The course page, in the same frame, counts both lessons.
    driver.switch_to.frame(driver.find_element(By.ID, "sco"))
    driver.find_element(By.CSS_SELECTOR, ".page-header .eyebrow a").click()
    WebDriverWait(driver, 5).until(lambda d: d.find_elements(By.ID, "szpon-course-progress"))
    wait_loaded(driver)
    text = visible_text(driver.find_element(By.CSS_SELECTOR, "#szpon-course-progress .course-progress-text"))
    assert text == "Ukończone lekcje: 2 z 2", text
    log = calls(driver)
    assert [c[0] for c in log].count("LMSFinish") == 1 and [c[0] for c in log].count("LMSInitialize") == 2
    assert_all_accepted(log)
    assert page_errors(driver) == []


def test_suspend_data_never_exceeds_4096_characters(driver, lms_site, lms):
    # Many finished lessons (a long course, or slugs from older versions of it).
    page = write_lms(lms_site, "lms-long.html", PLAIN_LESSON)
    driver.get(lms + page)
    wait_loaded(driver)
    progress = {f"stara-lekcja-o-dlugiej-nazwie-{n:03d}": {"done": True, "at": f"2020-01-01T00:{n // 60:02d}:{n % 60:02d}.000Z"}
                for n in range(300)}
    driver.execute_script("localStorage.setItem(arguments[0], arguments[1])",
                          f"szpon:{SITE_ID}:site:progress:{COURSE}", json.dumps(progress))
    open_in_lms(driver, lms + page)
    driver.find_element(By.CSS_SELECTOR, ".szpon-lesson-done button").click()
    WebDriverWait(driver, 5).until(lambda d: toggle_state(d) == "true")
    driver.switch_to.default_content()
    WebDriverWait(driver, 5).until(lambda d: sets(d.execute_script("return window.calls"), "cmi.core.lesson_status")[-1:] == ["completed"])
    log = calls(driver)
    suspend = sets(log, "cmi.suspend_data")
    assert suspend and all(len(s) <= 4096 for s in suspend), [len(s) for s in suspend]
    data = json.loads(suspend[-1])
    # The newest lessons are kept, the oldest dropped; this lesson, just finished, is last.
    assert data["l"][-1] == "podsumowanie"
    assert "stara-lekcja-o-dlugiej-nazwie-299" in data["l"] and "stara-lekcja-o-dlugiej-nazwie-000" not in data["l"]
    assert len(suspend[-1]) > 3900
    assert_all_accepted(log)


def test_the_scorm_package_launches_its_sco_from_the_manifest(driver, lms_site, lms):
    """The real package: `szpon bundle --format scorm12`, unzipped where the LMS serves it;
    the SCO is launched from the href imsmanifest.xml gives, and reports to the API."""
    import re
    import subprocess
    root = Path(lms_site).parent
    proc = subprocess.run([str(SZPON_BIN), "bundle", "--content", str(root / "content"), "--theme", str(REPO / "themes" / "default"),
                           "--format", "scorm12", "--output", str(root / "bundles"), "--keys", str(root / "keys.json")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    [package] = list((root / "bundles").glob("*-scorm12.zip"))
    subprocess.run(["unzip", "-q", "-o", str(package), "-d", str(root / "pkg")], check=True)
    manifest = (root / "pkg" / "imsmanifest.xml").read_text()
    hrefs = re.findall(r'<resource[^>]*adlcp:scormtype="sco"[^>]*href="([^"]+)"', manifest)
    assert "courses/kurs/sprawdzian.html" in hrefs, hrefs
    text = LMS_PAGE.replace("PRESET", "{}").replace("SRC", "pkg/courses/kurs/sprawdzian.html")
    (root / "lms-package.html").write_text(text)
    open_in_lms(driver, lms + "lms-package.html")
    assert "(100%)" in take_quiz(driver, right=True)
    log = calls(driver)
    assert sets(log, "cmi.core.lesson_status") == ["incomplete", "passed"], log
    assert sets(log, "cmi.core.score.raw") == ["100"]
    assert_all_accepted(log)
