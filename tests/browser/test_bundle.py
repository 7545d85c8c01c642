"""A teacher's bundle, unzipped with the stock tool and opened from disk: the course
works, and what the learner does is recorded under the bundle's id."""

import subprocess

from selenium.webdriver.common.by import By

from conftest import (REPO, SZPON_BIN, answer_quiz, make_driver, outbox_records, quit_driver, quiz_data,
                      right_responses, visible_text, wait_loaded)

BUNDLE = "akademia-urzedu-miasta-przykladowo-segregacja-odpadow"


def test_unzipped_bundle_runs_the_course_and_records_carry_the_bundle_id(tmp_path):
    proc = subprocess.run([str(SZPON_BIN), "bundle", "--content", str(REPO / "content"), "--theme", str(REPO / "themes" / "default"),
                           "--course", "segregacja-odpadow", "--output", str(tmp_path / "bundles"), "--keys", str(tmp_path / "keys.json")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    stick = tmp_path / "pendrive"
    subprocess.run(["unzip", "-q", str(tmp_path / "bundles" / f"{BUNDLE}.zip"), "-d", str(stick)], check=True)
    driver = make_driver()
    try:
        driver.get((stick / "index.html").as_uri())
        wait_loaded(driver)
        driver.find_element(By.LINK_TEXT, "Segregacja odpadów").click()
        wait_loaded(driver)
        driver.find_element(By.PARTIAL_LINK_TEXT, "Odpady niebezpieczne").click()
        wait_loaded(driver)
        quiz = quiz_data(driver)
        answer_quiz(driver, quiz, right_responses(quiz))
        driver.find_element(By.CSS_SELECTOR, ".szpon-quiz-form button[type=submit]").click()
        assert "Wynik:" in visible_text(driver.find_element(By.CSS_SELECTOR, ".szpon-quiz-result"))
        records = [r for r in outbox_records(driver, "akademia-urzedu-miasta-przykladowo") if r["kind"] == "attempt"]
        assert len(records) == 1 and records[0]["bundle"] == BUNDLE
        assert records[0]["contentHash"] == quiz["hash"]
        keys = driver.execute_script("return Object.keys(localStorage)")
        assert keys and all(k.startswith(f"szpon:akademia-urzedu-miasta-przykladowo:{BUNDLE}:") for k in keys), keys
        assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []
    finally:
        quit_driver(driver)
