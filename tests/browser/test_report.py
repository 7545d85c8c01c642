"""The results report reads offline and passes axe-core, as do the staff panel's sign-in page and its
Wyniki (results) section."""

import json
import subprocess
import textwrap
import uuid

from selenium.webdriver.common.by import By

from conftest import (REPO, SZPON_BIN, assert_no_axe_violations, make_driver, quit_driver, site_yaml,
                      visible_text, wait_loaded, wait_serving, write_content)

LESSON = """
    ---
    title: Test
    ---

    ## Test

    ```quiz
    id: test-raport
    graded: true
    pass: 50
    questions:
      - id: puszka
        type: single
        text: Gdzie wrzucisz puszkę?
        answers:
          - { text: Do żółtego, correct: true }
          - { text: Do zielonego }
    ```
    """

SURVEY = """
    ---
    title: Ankieta
    ---

    ```survey
    id: opinie
    questions:
      - { id: ocena, type: likert, text: Kurs był przydatny. }
      - { id: forma, type: multiple, text: Co było najlepsze?, options: [Filmy, Testy, Teksty] }
      - { id: elementy, type: matrix, text: Oceń., rows: [Treść, Testy], columns: [Słabo, Dobrze] }
      - { id: uwagi, type: text, text: Uwagi }
    ```
    """


def szpon(*args, cwd):
    proc = subprocess.run([str(SZPON_BIN), *args], cwd=cwd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc


def record(kind, payload, hash_=None):
    return {"id": str(uuid.uuid4()), "kind": kind, "site": "raport", "bundle": "site", "contentHash": hash_,
            "createdAt": "2026-11-23T10:00:00.000Z", "device": str(uuid.uuid4()), "payload": payload}


def test_report_page_and_admin_sign_in_pass_axe(tmp_path):
    write_content(tmp_path, {
        "site.yaml": site_yaml("raport"),
        "courses/kurs/course.md": "---\ntitle: Kurs\nsummary: Kurs.\n---\n\nKurs.\n",
        "courses/kurs/01-test.md": LESSON,
        "surveys/opinie.md": SURVEY,
    })
    szpon("build", "--content", "content", "--theme", str(REPO / "themes" / "default"), "--output", "site", cwd=tmp_path)
    manifest = json.loads((tmp_path / ".szpon" / "server.json").read_text())
    quiz_hash = manifest["quizzes"]["test-raport"]["current"]
    records = [record("attempt", {"quiz": "test-raport", "course": "kurs", "questions": ["puszka"], "responses": {"puszka": i % 2},
                                  "score": None}, quiz_hash) for i in range(4)]
    records += [record("survey_response", {"survey": "opinie", "responses": {
        "ocena": i % 5, "forma": [0, 2], "elementy": [1, 0], "uwagi": f'<b>uwaga {i}</b> "=1+1"'}}) for i in range(5)]
    (tmp_path / "wyniki.json").write_text(json.dumps({"format": "szpon-results", "version": 1, "records": records}))
    szpon("import", "results", "wyniki.json", "--db", "results.sqlite", cwd=tmp_path)
    szpon("report", "--db", "results.sqlite", "--format", "html", "--output", "raport.html", cwd=tmp_path)

    driver = make_driver()
    server = None
    try:
        driver.get((tmp_path / "raport.html").as_uri())
        wait_loaded(driver)
        text = visible_text(driver.find_element(By.TAG_NAME, "main"))
        assert "Gdzie wrzucisz puszkę?" in text and "Kurs był przydatny." in text
        assert "<b>uwaga 1</b>" in text, "free text is shown as text, not markup"
        assert driver.find_elements(By.CSS_SELECTOR, "svg.chart"), "survey distributions are charts"
        assert "Treść: Dobrze" in text and "Testy: Słabo" in text, "a matrix is counted per row and column"
        assert "Filmy" in text and "Teksty" in text, "multiple choice is counted per option"
        assert "1 – Zdecydowanie się nie zgadzam" in text and "5 – Zdecydowanie się zgadzam" in text, "Likert points in words"
        assert "23.11.2026, 11:00" in text and "2026-11-23T" not in text, "Warsaw local times"
        assert "test-raport" not in text and "Ankieta" in text, "titles, not ids"
        assert_no_axe_violations(driver, "results report")

        server = subprocess.Popen([str(SZPON_BIN), "serve", "--site", "site", "--db", "results.sqlite", "--port", "0"],
                                  cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        port = wait_serving(server)
        driver.get(f"http://127.0.0.1:{port}/admin")
        wait_loaded(driver)
        assert driver.current_url.endswith("/panel"), "the old address leads to the panel's sign-in"
        assert_no_axe_violations(driver, "panel sign-in")
        token = szpon("admin", "token", "--db", "results.sqlite", cwd=tmp_path).stdout.strip()
        field = driver.find_element(By.ID, "token")
        field.send_keys(token)
        field.submit()
        wait_loaded(driver)
        driver.find_element(By.CSS_SELECTOR, 'nav a[href="/panel/results"]').click()
        wait_loaded(driver)
        assert "Raport wyników" in driver.find_element(By.TAG_NAME, "h1").text
        assert_no_axe_violations(driver, "admin report page")
        links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, ".downloads a")]
        assert [link.split("/")[-1] for link in links] == ["results.csv", "results.json", "attempts.csv"]
        select = driver.find_element(By.ID, "course-filter")
        select.find_element(By.CSS_SELECTOR, 'option[value="kurs"]').click()
        select.submit()
        wait_loaded(driver)
        assert driver.current_url.endswith("/panel/results?course=kurs")
        assert driver.find_element(By.CSS_SELECTOR, '#course-filter option[value="kurs"]').is_selected()
        assert_no_axe_violations(driver, "admin report page, one course")
    finally:
        quit_driver(driver)
        if server:
            server.terminate()
            server.wait(timeout=10)
