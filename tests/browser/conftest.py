"""Shared fixtures for szpon's real-browser tests.

The demo site is built once per test session with the szpon binary
(.build/debug/szpon, relative to the repository root) into a temporary folder
and opened straight from disk through file:// URLs, the way a learner opens a
site copied to a USB stick. Every test module gets its own headless Chromium
session (one browser per module keeps the suite fast).

Environment overrides:
  SZPON_BIN        path of the szpon binary (default: .build/debug/szpon)
  SZPON_TEST_SITE  use this already built site instead of building one
  CHROMIUM_BIN     Chromium binary (default: /usr/bin/chromium)
  CHROMEDRIVER     chromedriver binary (default: /usr/bin/chromedriver)
"""

import json
import os
import queue
import re
import shutil
import subprocess
import tempfile
import textwrap
import threading
import time
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

REPO = Path(__file__).resolve().parents[2]

# Pages checked for accessibility, reflow and keyboard access (paths inside the
# built site, with an optional query string).
A11Y_PAGES = [
    "index.html",
    "courses/segregacja-odpadow/index.html",
    "courses/segregacja-odpadow/pojemniki.html",
    "courses/segregacja-odpadow/odpady-niebezpieczne.html",  # lesson with a quiz
    "courses/dostepnosc-cyfrowa/test-koncowy.html",  # graded test
    "courses/bezpieczenstwo-w-sieci/index.html",  # asks for the learner code
    "courses/bezpieczenstwo-w-sieci/test.html",  # graded test with the code box
    "guides/wymiana-dowodu.html",
    "surveys/zadowolenie.html",
    "search.html?q=pojemnik",  # search page with results shown
    "accessibility.html",
]


def _first_existing(*candidates):
    for c in candidates:
        if c and Path(c).exists():
            return str(c)
    return None


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory):
    """A freshly built copy of the demo site (content/ + themes/default/)."""
    prebuilt = os.environ.get("SZPON_TEST_SITE")
    if prebuilt:
        path = Path(prebuilt).resolve()
        assert (path / "index.html").is_file(), f"SZPON_TEST_SITE={prebuilt} holds no index.html"
        return path

    binary = Path(os.environ.get("SZPON_BIN", REPO / ".build" / "debug" / "szpon"))
    if not binary.is_file():
        fallback = REPO / "site"
        if (fallback / "index.html").is_file():
            return fallback
        pytest.fail(f"szpon binary {binary} not found and no built site in {fallback}; run `swift build` first")

    # The demo sends results to `make run` on 127.0.0.1:8080 (test_outbox_status.py checks
    # that); here it is built without a server, so no test depends on what listens there.
    work = tmp_path_factory.mktemp("szpon")
    shutil.copytree(REPO / "content", work / "content")
    settings = work / "content" / "site.yaml"
    settings.write_text(re.sub(r"(?m)^ingest_url:.*\n", "", settings.read_text(encoding="utf-8")), encoding="utf-8")
    out = work / "site"
    proc = subprocess.run(
        [str(binary), "build", "--content", str(work / "content"), "--theme", "themes/default", "--output", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, f"szpon build failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    assert (out / "index.html").is_file(), f"szpon build wrote no index.html:\n{proc.stdout}"
    return out


@pytest.fixture(scope="session")
def all_pages(site_dir):
    """Every built HTML page, as site-relative POSIX paths, sorted."""
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))


def page_url(site_dir, rel):
    """file:// URL of a page of the built site; `rel` may carry ?query and #fragment."""
    path, sep, rest = rel.partition("?")
    if not sep:
        path, sep, rest = rel.partition("#")
    url = (Path(site_dir) / path).resolve().as_uri()
    return url + sep + rest if sep else url


def make_driver(width=1280, height=900, profile=None, downloads=None):
    """A headless Chromium with performance and console logging enabled.

    By default every driver gets a fresh profile, removed by quit_driver. Pass
    `profile` (a folder) to start the browser on an existing profile, as a learner
    who closes the browser and opens it again the next day; that folder is kept.
    Pass `downloads` (a folder) to save downloads there without asking.
    """
    options = webdriver.ChromeOptions()
    options.binary_location = _first_existing(os.environ.get("CHROMIUM_BIN"), "/usr/bin/chromium", "/usr/bin/chromium-browser") or "chromium"
    keep_profile = profile is not None
    profile = str(profile) if keep_profile else tempfile.mkdtemp(prefix="szpon-chromium-")
    if downloads is not None:
        options.add_experimental_option("prefs", {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
            "download.directory_upgrade": True,
        })
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
        # Overlay-style scrollbars, as on phones: the viewport keeps its full
        # CSS width, so the 320 px reflow check measures 320 px of content.
        "--hide-scrollbars",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-default-apps",
        "--disable-sync",
        "--disable-extensions",
        "--lang=pl-PL",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver_path = _first_existing(os.environ.get("CHROMEDRIVER"), "/usr/bin/chromedriver") or "chromedriver"
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    if downloads is not None:
        driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver._szpon_profile = None if keep_profile else profile
    return driver


def quit_driver(driver):
    profile = getattr(driver, "_szpon_profile", None)
    try:
        driver.quit()
    finally:
        if profile:
            shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def driver():
    """One headless Chromium per test module."""
    d = make_driver()
    try:
        yield d
    finally:
        quit_driver(d)


@pytest.fixture
def open_page(driver, site_dir):
    """open_page("guides/wymiana-dowodu.html") loads a page and waits for it."""

    def _open(rel):
        driver.get(page_url(site_dir, rel))
        wait_loaded(driver)
        return driver

    return _open


def wait_loaded(driver, timeout=10):
    WebDriverWait(driver, timeout).until(lambda d: d.execute_script("return document.readyState") == "complete")


def site_path_of(driver, site_dir):
    """The current page as a site-relative path (no query or fragment)."""
    url = driver.current_url.split("#", 1)[0].split("?", 1)[0]
    root = Path(site_dir).resolve().as_uri().rstrip("/") + "/"
    assert url.startswith(root), f"left the site: {driver.current_url}"
    return url[len(root):]


# ---------------------------------------------------------------------------
# Fixture sites: small content trees written by a test and built with the binary.

SZPON_BIN = Path(os.environ.get("SZPON_BIN", REPO / ".build" / "debug" / "szpon"))


class Lines:
    """A child process's output stream, read line by line in a background thread, so
    that waiting for a line has a deadline (a bare readline() on a silent child blocks
    the test for ever) and the pipe never fills up while nobody reads it."""

    def __init__(self, stream):
        self.seen = []
        self._queue = queue.Queue()
        threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream):
        try:
            for line in iter(stream.readline, ""):
                self._queue.put(line)
        except (OSError, ValueError):
            pass
        finally:
            self._queue.put(None)

    def wait_for(self, pattern, timeout):
        """The match of the first new line matching `pattern`; AssertionError when the
        stream ends or `timeout` seconds pass first."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no line matching {pattern!r} within {timeout} s; got: {''.join(self.seen)!r}")
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                self._queue.put(None)  # the end stays the end for later waits
                raise AssertionError(f"the output ended with no line matching {pattern!r}; got: {''.join(self.seen)!r}")
            self.seen.append(line)
            found = re.search(pattern, line)
            if found:
                return found


def wait_for_line(proc, pattern, timeout=30):
    """Waits, at most `timeout` seconds, for a line of `proc`'s stdout matching `pattern`."""
    if not hasattr(proc, "szpon_stdout"):
        proc.szpon_stdout = Lines(proc.stdout)
    return proc.szpon_stdout.wait_for(pattern, timeout)


SERVING = r"http://127\.0\.0\.1:(\d+)/"


def wait_serving(proc, timeout=30):
    """The port `szpon serve` says it listens on (its first line names the address)."""
    return int(wait_for_line(proc, SERVING, timeout).group(1))


def write_content(root, files):
    """Writes {"site.yaml": text, "courses/kurs/course.md": text, ...} under root/content."""
    content = Path(root) / "content"
    for rel, text in files.items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))
    return content


def build_site(content, out, keys=None):
    """Builds `content` with the default theme into `out`; returns the result of the run."""
    if not SZPON_BIN.is_file():
        pytest.skip(f"szpon binary {SZPON_BIN} not found; run `swift build` first")
    command = [str(SZPON_BIN), "build", "--content", str(content), "--theme", str(REPO / "themes" / "default"),
               "--output", str(out)]
    if keys is not None:
        command += ["--keys", str(keys)]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"szpon build failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    assert (Path(out) / "index.html").is_file(), proc.stdout
    return proc


def site_yaml(site_id, title="Akademia testowa", language="pl"):
    return f"""
        id: {site_id}
        title: {title}
        language: {language}
        organisation: Urząd Testowy
        accessibility:
          published: 2026-01-15
          updated: 2026-11-01
          prepared: 2026-11-01
          method: self-assessment
          status: full
          contact:
            name: Jan Testowy
            email: dostepnosc@example.org
        """


def make_site(tmp_path_factory, name, files, keys=None):
    """Writes a fixture content tree and builds it; returns the site folder."""
    root = tmp_path_factory.mktemp(name)
    content = write_content(root, files)
    out = root / "site"
    build_site(content, out, keys=keys)
    return out


# ---------------------------------------------------------------------------
# The learner's data in the browser.

def storage(driver):
    """Every localStorage entry of the current page's origin, values parsed as JSON."""
    raw = driver.execute_script(
        "var o = {}; for (var i = 0; i < localStorage.length; i++) { var k = localStorage.key(i); o[k] = localStorage.getItem(k); } return o;"
    )
    out = {}
    for key, value in raw.items():
        try:
            out[key] = json.loads(value)
        except (TypeError, ValueError):
            out[key] = value
    return out


def outbox_records(driver, site_id=None):
    """The records waiting in the outbox (of one site when site_id is given), oldest first."""
    records = [v for k, v in storage(driver).items()
               if ":outbox:" in k and (site_id is None or k.startswith(f"szpon:{site_id}:"))]
    return sorted(records, key=lambda r: r["createdAt"])


def clear_storage(driver, site_dir):
    """Forgets everything every file:// page stored (they share one localStorage)."""
    driver.get(page_url(site_dir, "index.html"))
    wait_loaded(driver)
    driver.execute_script("localStorage.clear(); sessionStorage.clear(); window.name = '';")


def site_id_of(driver):
    return driver.execute_script("return window.SZPON_SITE && window.SZPON_SITE.id")


# ---------------------------------------------------------------------------
# What the learner sees.

def visible_text(element):
    """The rendered text of an element (innerText: hidden parts left out)."""
    return " ".join((element.get_attribute("innerText") or "").split())


def active_element_info(driver):
    return driver.execute_script(
        "var a = document.activeElement; if (!a) { return null; }"
        "return {tag: a.tagName.toLowerCase(), id: a.id, cls: a.className, type: a.type || null,"
        " text: (a.innerText || a.value || '').trim().slice(0, 200)};"
    )


def console_errors(driver):
    """SEVERE browser-console entries since the last call (the log is drained)."""
    return [f"[{e['level']}] {e['message']}" for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def axe_report(label, violations):
    lines = [f"{label}: {len(violations)} axe violation(s)"]
    for v in violations:
        lines.append(f"- {v['id']} [{v.get('impact')}] {v['help']} ({v.get('helpUrl', '')})")
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node.get("target", []))
            summary = (node.get("failureSummary") or "").replace("\n", " | ")[:300]
            lines.append(f"    target: {target}   html: {node.get('html', '')[:140]}   why: {summary}")
    return "\n".join(lines)


def assert_no_axe_violations(driver, label):
    """Runs axe-core on the page as it is now (same defaults as test_accessibility.py).

    The page's console must be clean up to this point. axe-core itself logs errors
    (its css-orientation-lock rule reads stylesheets with XMLHttpRequest, which
    file:// pages may not do), so the console is drained after the run."""
    from axe_selenium_python import Axe  # imported here so the plain fixtures need no axe

    errors = console_errors(driver)
    assert not errors, f"{label}: console errors before axe ran:\n  " + "\n  ".join(errors)
    axe = Axe(driver)
    axe.inject()
    violations = axe.run()["violations"]
    console_errors(driver)
    report = axe_report(label, violations)
    assert not violations, report


# ---------------------------------------------------------------------------
# Quizzes: the page's own quiz JSON, and answers computed from its key.

def quiz_data(driver, quiz_id=None):
    """The JSON the build wrote into the page for a quiz (the first one by default)."""
    selector = f"#quiz-{quiz_id} .szpon-quiz-data" if quiz_id else ".szpon-quiz .szpon-quiz-data"
    return json.loads(driver.execute_script("return document.querySelector(arguments[0]).textContent", selector))


def decimal(n, language="pl"):
    text = repr(float(n)).rstrip("0").rstrip(".") if float(n) != int(n) else str(int(n))
    return text.replace(".", ",") if language == "pl" else text


def right_responses(quiz, language="pl", essay="Opisuję swoją odpowiedź w kilku zdaniach."):
    """A fully right response to every question, in score.js's response shapes."""
    out = {}
    for q in quiz["questions"]:
        kind = q["type"]
        if kind == "single":
            out[q["id"]] = next(i for i, a in enumerate(q["answers"]) if a.get("weight", 100 if a["correct"] else 0) >= 100)
        elif kind == "multiple":
            weighted = any("weight" in a for a in q["answers"])
            out[q["id"]] = [i for i, a in enumerate(q["answers"]) if (a.get("weight", 0) > 0 if weighted else a["correct"])]
        elif kind == "truefalse":
            out[q["id"]] = q["answer"]
        elif kind == "short":
            out[q["id"]] = next(a["text"] for a in q["answers"] if a["weight"] >= 100 and "*" not in a["text"])
        elif kind == "numeric":
            a = next(a for a in q["answers"] if a["weight"] >= 100 and "min" in a)
            out[q["id"]] = decimal((a["min"] + a["max"]) / 2, language)
        elif kind == "matching":
            out[q["id"]] = list(q["key"])
        elif kind == "ordering":
            positions = [None] * len(q["key"])
            for position, item in enumerate(q["key"]):
                positions[item] = position + 1
            out[q["id"]] = positions
        elif kind == "cloze":
            out[q["id"]] = [accepted[0] for accepted in q["accept"]]
        elif kind == "essay":
            out[q["id"]] = essay
    return out


def wrong_responses(quiz, language="pl"):
    """An answer to every question that earns no points (essays left empty)."""
    out = {}
    for q in quiz["questions"]:
        kind = q["type"]
        if kind == "single":
            out[q["id"]] = next(i for i, a in enumerate(q["answers"]) if a.get("weight", 100 if a["correct"] else 0) < 100)
        elif kind == "multiple":
            out[q["id"]] = [i for i, a in enumerate(q["answers"]) if not a["correct"] and a.get("weight", 0) <= 0]
        elif kind == "truefalse":
            out[q["id"]] = not q["answer"]
        elif kind == "short":
            out[q["id"]] = "zupełnie nie to"
        elif kind == "numeric":
            a = next(a for a in q["answers"] if "min" in a)
            out[q["id"]] = decimal(a["min"] - 1000, language)
        elif kind == "matching":
            n = len(q["key"])
            out[q["id"]] = [(k + 1) % n for k in q["key"]]
        elif kind == "ordering":
            n = len(q["key"])
            positions = [None] * n
            for position, item in enumerate(q["key"]):
                positions[item] = (position + 1) % n + 1  # every item one place off
            out[q["id"]] = positions
        elif kind == "cloze":
            out[q["id"]] = ["nie wiem"] * len(q["accept"])
        elif kind == "essay":
            out[q["id"]] = ""
    return out


def reveal(driver, element):
    """Scrolls an element to the middle of the window (clear of the sticky quiz timer)."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'})", element)
    return element


def answer_question(driver, quiz_id, q, response):
    """Answers one question the way a learner does with a mouse and keyboard."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    fs = driver.find_element(By.CSS_SELECTOR, f"#quiz-{quiz_id} fieldset[data-question='{q['id']}']")
    kind = q["type"]

    def click(element):
        # Into the middle of the window: a timed test's clock sticks to the top edge.
        reveal(driver, element)
        element.click()

    def click_input(value):
        box = fs.find_element(By.CSS_SELECTOR, f"input[value='{value}']")
        if not box.is_selected():
            click(fs.find_element(By.CSS_SELECTOR, f"label[for='{box.get_attribute('id')}']"))

    if kind == "single":
        if response is not None:
            click_input(response)
    elif kind == "truefalse":
        if response is not None:
            click_input("true" if response else "false")
    elif kind == "multiple":
        for box in fs.find_elements(By.CSS_SELECTOR, "input[type=checkbox]"):
            if box.is_selected() != (int(box.get_attribute("value")) in response):
                click(fs.find_element(By.CSS_SELECTOR, f"label[for='{box.get_attribute('id')}']"))
    elif kind in ("short", "numeric"):
        field = fs.find_element(By.CSS_SELECTOR, "input[type=text]")
        field.clear()
        field.send_keys(response)
    elif kind == "essay":
        field = fs.find_element(By.CSS_SELECTOR, "textarea")
        field.clear()
        if response:
            field.send_keys(response)
    elif kind == "matching":
        for select, value in zip(fs.find_elements(By.CSS_SELECTOR, "select"), response):
            reveal(driver, select)
            Select(select).select_by_value("" if value is None else str(value))
    elif kind == "ordering":
        for item, position in enumerate(response):
            select = fs.find_element(By.CSS_SELECTOR, f"li[data-item='{item}'] select")
            reveal(driver, select)
            Select(select).select_by_value("" if position is None else str(position))
    elif kind == "cloze":
        for field, text in zip(fs.find_elements(By.CSS_SELECTOR, "input.szpon-blank"), response):
            field.clear()
            field.send_keys(text)


def answer_quiz(driver, quiz, responses):
    """Answers every question the page shows (drawn-out questions are skipped)."""
    from selenium.webdriver.common.by import By

    for q in quiz["questions"]:
        fs = driver.find_element(By.CSS_SELECTOR, f"#quiz-{quiz['id']} fieldset[data-question='{q['id']}']")
        if fs.get_attribute("hidden") is not None:
            continue
        answer_question(driver, quiz["id"], q, responses[q["id"]])
