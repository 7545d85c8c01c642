"""Learner codes, as a school uses them: the teacher prints codes, a pupil opens the course
from a USB stick (file://, the server down), types the code once (a typo is caught at
once), takes the test, and when the server comes up the attempt is attributed to that
pupil, on SQLite and on PostgreSQL. A course without `identify: code` stays anonymous."""

import csv
import io
import json
import os
import socket
import sqlite3
import subprocess
import textwrap
import uuid
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import (SZPON_BIN, active_element_info, assert_no_axe_violations, make_driver, make_site,
                      outbox_records, page_url, quit_driver, site_yaml, visible_text, wait_loaded, wait_serving)

SYMBOLS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U"

ROSTER = """id;name;roles;groups
SP-01;Adam Bąk;learner;klasa-7a
SP-02;Zuzanna Dąbrowska;learner;klasa-7a
SP-T1;Katarzyna Nowak;teacher;klasa-7a
"""

TEST = """
    ---
    title: Test
    ---

    ## Test

    ```quiz
    id: siec-test
    graded: true
    mode: exam
    pass: 50
    questions:
      - id: haslo
        type: single
        text: Które hasło jest najbezpieczniejsze?
        answers:
          - { text: "długie zdanie z kilku słów", correct: true }
          - { text: "imię psa" }
    ```
    """


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------------------
# The results store: a SQLite file, or (SZPON_TEST_POSTGRES) a fresh PostgreSQL database,
# as tests/server/conftest.py's `store` fixture makes them.

POSTGRES_ADMIN_URL = os.environ.get("SZPON_TEST_POSTGRES", "")


def psql(url, sql):
    proc = subprocess.run(["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"psql failed ({proc.returncode}): {proc.stderr}\n{sql}"
    return proc.stdout


class Store:
    def __init__(self, backend, location):
        self.backend, self.location = backend, str(location)

    def rows(self, sql):
        """Rows of a query without parameters, as tuples of Python values."""
        if self.backend == "sqlite":
            con = sqlite3.connect(self.location)
            try:
                return con.execute(sql).fetchall()
            finally:
                con.close()
        out = psql(self.location, f"SELECT row_to_json(t) FROM ({sql}) AS t")
        return [tuple(v for _, v in json.loads(line, object_pairs_hook=list)) for line in out.splitlines() if line]


@pytest.fixture(params=["sqlite", "postgres"])
def store(request, tmp_path):
    if request.param == "sqlite":
        yield Store("sqlite", tmp_path / "results.sqlite")
        return
    if not POSTGRES_ADMIN_URL:
        if os.environ.get("CI"):
            pytest.fail("SZPON_TEST_POSTGRES is not set, but CI is: the PostgreSQL cases must run")
        pytest.skip("SZPON_TEST_POSTGRES is not set; the PostgreSQL case needs a server (make test starts one)")
    name = "szpon_t_" + uuid.uuid4().hex
    psql(POSTGRES_ADMIN_URL, f"CREATE DATABASE {name}")
    base, _, _ = POSTGRES_ADMIN_URL.partition("?")
    try:
        yield Store("postgres", base.rsplit("/", 1)[0] + "/" + name + "?sslmode=disable")
    finally:
        psql(POSTGRES_ADMIN_URL, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def szpon(*args):
    proc = subprocess.run([str(SZPON_BIN), *map(str, args)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"szpon {args[0]} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def roster_codes(store, tmp_path):
    """Imports the roster and prints the group's codes as the teacher does: {id: code}."""
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    szpon("people", "import", roster, "--db", store.location)
    table = list(csv.reader(io.StringIO(szpon("people", "codes", "--group", "klasa-7a", "--format", "csv",
                                              "--db", store.location))))
    return {row[0]: row[2] for row in table[1:]}


def school_site(tmp_path_factory, port):
    yaml = textwrap.dedent(site_yaml("szkola")) + f'ingest_url: http://127.0.0.1:{port}/api/v1/sync\ningest_origins: ["null"]\n'
    return make_site(tmp_path_factory, "school", {
        "site.yaml": yaml,
        "courses/siec/course.md": "---\ntitle: Bezpieczeństwo w sieci\nsummary: Hasła.\nidentify: code\n---\n\nKurs.\n",
        "courses/siec/01-hasla.md": "---\ntitle: Hasła\n---\n\nDługie hasło jest lepsze.\n",
        "courses/siec/02-test.md": TEST,
        "courses/otwarty/course.md": "---\ntitle: Kurs otwarty\nsummary: Dla każdego.\n---\n\nKurs.\n",
        "courses/otwarty/01-lekcja.md": "---\ntitle: Lekcja\n---\n\nTreść.\n",
    })


def mistyped(code):
    """The code with its first two different neighbours swapped: a typo the check catches."""
    chars = list(code.replace("-", ""))
    i = next(i for i in range(7) if chars[i] != chars[i + 1])
    chars[i], chars[i + 1] = chars[i + 1], chars[i]
    return "".join(chars)


def box(driver):
    return driver.find_element(By.ID, "szpon-learner-code")


def code_input(driver):
    return driver.find_element(By.ID, "szpon-learner-code-input")


def error_text(driver):
    return visible_text(driver.find_element(By.ID, "szpon-learner-code-error"))


def type_code(driver, text):
    field = code_input(driver)
    field.clear()
    field.send_keys(text)


def test_a_code_typed_offline_attributes_the_attempt_to_its_pupil(tmp_path_factory, tmp_path, store):
    port = free_port()
    site = school_site(tmp_path_factory, port)
    codes = roster_codes(store, tmp_path)
    assert sorted(codes) == ["SP-01", "SP-02"]
    zuzanna = codes["SP-02"]
    driver = make_driver()
    server = None
    try:
        # A course that does not ask stays anonymous: no box, no script.
        driver.get(page_url(site, "courses/otwarty/lekcja.html"))
        wait_loaded(driver)
        assert not driver.find_elements(By.ID, "szpon-learner-code")
        assert "learner-code.js" not in driver.page_source

        # The server is down; the pupil opens the test from disk and mistypes the code.
        driver.get(page_url(site, "courses/siec/test.html"))
        wait_loaded(driver)
        assert box(driver).is_displayed() and code_input(driver).is_displayed()
        field = code_input(driver)
        assert "szpon-learner-code-error" in field.get_attribute("aria-describedby").split()
        type_code(driver, mistyped(zuzanna).lower())
        # Caught as it is typed, before any button is pressed.
        assert "literówkę" in error_text(driver)
        assert field.get_attribute("aria-invalid") == "true"
        type_code(driver, "ZU")
        assert "„U”" in error_text(driver)
        # Enter saves; a wrong code is not saved and keeps the focus in the field.
        type_code(driver, mistyped(zuzanna))
        field.send_keys(Keys.ENTER)
        assert active_element_info(driver)["id"] == "szpon-learner-code-input"
        assert driver.find_element(By.CSS_SELECTOR, ".learner-code-form").is_displayed()

        # Typed sloppily but right: lowercase, spaces. The box shrinks to the code.
        type_code(driver, " " + zuzanna.lower().replace("-", " ") + " ")
        assert error_text(driver) == "" and field.get_attribute("aria-invalid") == "false"
        field.send_keys(Keys.ENTER)
        current = driver.find_element(By.CSS_SELECTOR, ".learner-code-current")
        assert visible_text(current) == f"Kod: {zuzanna} · zmień"
        assert not driver.find_element(By.CSS_SELECTOR, ".learner-code-form").is_displayed()
        assert "learner-code-current" in active_element_info(driver)["cls"]

        # The test is taken; its record carries the code.
        driver.find_element(By.CSS_SELECTOR, "input[name='siec-test-haslo'][value='0']").click()
        driver.find_element(By.CSS_SELECTOR, ".szpon-quiz-form button[type=submit]").click()
        WebDriverWait(driver, 10).until(lambda d: [r for r in outbox_records(d, "szkola") if r["kind"] == "attempt"])
        [attempt] = [r for r in outbox_records(driver, "szkola") if r["kind"] == "attempt"]
        assert attempt["learner"] == zuzanna

        # Another page of the course remembers the code; the anonymous course adds none.
        driver.get(page_url(site, "courses/siec/index.html"))
        wait_loaded(driver)
        assert visible_text(driver.find_element(By.CSS_SELECTOR, ".learner-code-current")) == f"Kod: {zuzanna} · zmień"
        driver.get(page_url(site, "courses/otwarty/lekcja.html"))
        wait_loaded(driver)
        driver.find_element(By.CSS_SELECTOR, ".szpon-lesson-done button").click()
        anonymous = [r for r in outbox_records(driver, "szkola") if r["kind"] == "progress" and r["payload"]["course"] == "otwarty"]
        assert len(anonymous) == 1 and "learner" not in anonymous[0]

        # The server comes up; the outbox empties into it.
        server = subprocess.Popen([str(SZPON_BIN), "serve", "--site", str(site), "--db", store.location, "--port", str(port),
                                   "--manifest", str(Path(site).parent / ".szpon" / "server.json")],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        wait_serving(server)
        WebDriverWait(driver, 60, poll_frequency=0.5).until(lambda d: not outbox_records(d, "szkola"))
        assert store.rows(f"SELECT person_id, learner FROM records WHERE id = '{attempt['id']}'") == [("SP-02", zuzanna)]
        assert store.rows("SELECT person_id, learner FROM records WHERE kind = 'progress' AND payload LIKE '%otwarty%'") == [(None, None)]
    finally:
        quit_driver(driver)
        if server:
            server.terminate()
            server.wait(timeout=10)


def test_the_code_form_passes_axe_and_works_by_keyboard(tmp_path_factory, tmp_path):
    site = school_site(tmp_path_factory, free_port())
    driver = make_driver()
    try:
        driver.get(page_url(site, "courses/siec/index.html"))
        wait_loaded(driver)
        assert_no_axe_violations(driver, "course page, code form")
        # Keyboard only: Tab reaches the field, a wrong code shows its error, axe still passes.
        body = driver.find_element(By.TAG_NAME, "body")
        for _ in range(40):
            if active_element_info(driver)["id"] == "szpon-learner-code-input":
                break
            body.send_keys(Keys.TAB) if active_element_info(driver)["tag"] == "body" else driver.switch_to.active_element.send_keys(Keys.TAB)
        assert active_element_info(driver)["id"] == "szpon-learner-code-input"
        driver.switch_to.active_element.send_keys("7KQ2M9XB")
        driver.switch_to.active_element.send_keys(Keys.ENTER)
        assert error_text(driver)
        assert_no_axe_violations(driver, "course page, code form with an error")
        # A code valid by its check (any server may reject it later: it is not checked here).
        value = 0
        for c in "7KQ2M9X":
            value = (value * 32 + SYMBOLS.index(c)) % 37
        good = "7KQ2-M9X" + SYMBOLS[value]
        field = driver.switch_to.active_element
        field.send_keys(Keys.CONTROL, "a")
        field.send_keys(good, Keys.ENTER)
        assert visible_text(driver.find_element(By.CSS_SELECTOR, ".learner-code-current")) == f"Kod: {good} · zmień"
        assert_no_axe_violations(driver, "course page, code saved")
        # "zmień" by keyboard brings the form back with the code in it.
        driver.switch_to.active_element.send_keys(Keys.TAB)
        assert active_element_info(driver)["text"] == "zmień"
        driver.switch_to.active_element.send_keys(Keys.ENTER)
        assert active_element_info(driver)["id"] == "szpon-learner-code-input"
        assert code_input(driver).get_attribute("value") == good
    finally:
        quit_driver(driver)


def test_the_printed_sheet_passes_axe(tmp_path):
    store = Store("sqlite", tmp_path / "results.sqlite")
    roster_codes(store, tmp_path)
    sheet = tmp_path / "kody.html"
    szpon("people", "codes", "--group", "klasa-7a", "--db", store.location, "--output", sheet)
    driver = make_driver()
    try:
        driver.get(sheet.resolve().as_uri())
        wait_loaded(driver)
        assert len(driver.find_elements(By.CSS_SELECTOR, ".card")) == 2
        assert_no_axe_violations(driver, "learner code sheet")
    finally:
        quit_driver(driver)
