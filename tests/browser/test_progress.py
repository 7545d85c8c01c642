"""The learner's data in the browser, opened from file://.

- persistence: a quiz attempt, a survey, lesson completion and the outbox survive
  closing the browser and starting it again on the same profile;
- isolation: two sites (two USB sticks, different `id:` in site.yaml) in one
  browser profile do not see each other's records, progress or attempts, and every
  storage key carries its site's id;
- "Pobierz moje wyniki" saves a results file a school can import.
"""

import json
import re
import shutil
import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import (
    answer_quiz,
    assert_no_axe_violations,
    clear_storage,
    console_errors,
    make_driver,
    make_site,
    outbox_records,
    page_url,
    quit_driver,
    quiz_data,
    right_responses,
    site_yaml,
    storage,
    visible_text,
    wait_loaded,
    wrong_responses,
)

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")

DEMO_QUIZ = "courses/segregacja-odpadow/odpady-niebezpieczne.html"
DEMO_LESSON = "courses/dostepnosc-cyfrowa/wcag-i-teksty-alternatywne.html"
DEMO_SURVEY = "surveys/zadowolenie.html"


def open_page(driver, site, page):
    driver.get(page_url(site, page))
    wait_loaded(driver)


def text_of(driver, selector):
    return visible_text(driver.find_element(By.CSS_SELECTOR, selector))


def outbox_line(driver):
    return text_of(driver, "#szpon-outbox .outbox-count")


def quiz_result(driver):
    return text_of(driver, ".szpon-quiz-result")


def submit_quiz(driver):
    driver.find_element(By.CSS_SELECTOR, ".szpon-quiz form button[type=submit]").click()
    WebDriverWait(driver, 5).until(lambda d: quiz_result(d))


def send_survey(driver, answers):
    for qid, value in answers.items():
        fs = driver.find_element(By.CSS_SELECTOR, f".szpon-survey fieldset[data-question='{qid}']")
        box = fs.find_element(By.CSS_SELECTOR, f"input[value='{value}']")
        fs.find_element(By.CSS_SELECTOR, f"label[for='{box.get_attribute('id')}']").click()
    driver.find_element(By.CSS_SELECTOR, ".szpon-survey form button[type=submit]").click()
    WebDriverWait(driver, 5).until(lambda d: d.find_element(By.CSS_SELECTOR, ".szpon-survey-thanks").is_displayed())


def lesson_done_button(driver):
    return driver.find_element(By.CSS_SELECTOR, ".szpon-lesson-done button")


def course_progress(driver):
    return text_of(driver, "#szpon-course-progress .course-progress-text")


def finished_lessons(driver):
    return [li.get_attribute("data-lesson") for li in driver.find_elements(By.CSS_SELECTOR, ".lesson-list [data-lesson]")
            if "Lekcja ukończona" in visible_text(li)]


# ---------------------------------------------------------------------------
# 4. Persistence across a browser restart.

def test_everything_survives_closing_and_reopening_the_browser(site_dir, tmp_path):
    profile = tmp_path / "profile"
    profile.mkdir()
    survey_answers = {"kurs": 0, "przydatnosc": 3, "zrozumialosc": 4, "polecenie": 8}

    driver = make_driver(profile=profile)
    try:
        open_page(driver, site_dir, DEMO_QUIZ)
        quiz = quiz_data(driver)
        answer_quiz(driver, quiz, right_responses(quiz))
        submit_quiz(driver)
        result = quiz_result(driver)
        # A self-check under the course's passing score gets a verdict too.
        assert "Wynik: 6 z 6 pkt (100%)." in result and "Test zaliczony." in result, result
        # Passing the lesson's quiz marks the lesson as completed.
        assert lesson_done_button(driver).get_attribute("aria-pressed") == "true"
        review = [visible_text(f) for f in driver.find_elements(By.CSS_SELECTOR, ".szpon-feedback")]

        open_page(driver, site_dir, DEMO_LESSON)
        button = lesson_done_button(driver)
        assert button.text == "Lekcja ukończona" and button.get_attribute("aria-pressed") == "false"
        button.click()
        assert button.get_attribute("aria-pressed") == "true"
        assert text_of(driver, ".lesson-done-status") == "Oznaczono lekcję jako ukończoną."

        open_page(driver, site_dir, DEMO_SURVEY)
        send_survey(driver, survey_answers)
        thanks = text_of(driver, ".szpon-survey-thanks")

        open_page(driver, site_dir, "courses/dostepnosc-cyfrowa/index.html")
        assert course_progress(driver) == "Ukończone lekcje: 1 z 5"
        assert finished_lessons(driver) == ["wcag-i-teksty-alternatywne"]
        open_page(driver, site_dir, "courses/segregacja-odpadow/index.html")
        assert course_progress(driver) == "Ukończone lekcje: 1 z 4"
        # attempt + its lesson's progress + the ticked lesson + the survey
        assert outbox_line(driver) == "Na wysłanie czekają 4 wyniki."
        before = storage(driver)
        assert console_errors(driver) == []
    finally:
        quit_driver(driver)

    # The next day: the same browser profile, a new browser process.
    driver = make_driver(profile=profile)
    try:
        open_page(driver, site_dir, "courses/segregacja-odpadow/index.html")
        assert storage(driver) == before, "the stored data changed across the restart"
        assert course_progress(driver) == "Ukończone lekcje: 1 z 4"
        assert finished_lessons(driver) == ["odpady-niebezpieczne"]
        assert outbox_line(driver) == "Na wysłanie czekają 4 wyniki."
        assert driver.find_element(By.CSS_SELECTOR, "#szpon-outbox .outbox-download").is_displayed()

        open_page(driver, site_dir, "courses/dostepnosc-cyfrowa/index.html")
        assert course_progress(driver) == "Ukończone lekcje: 1 z 5"
        assert finished_lessons(driver) == ["wcag-i-teksty-alternatywne"]

        open_page(driver, site_dir, DEMO_QUIZ)
        assert quiz_result(driver) == result, "the attempt's review is gone"
        assert [visible_text(f) for f in driver.find_elements(By.CSS_SELECTOR, ".szpon-feedback")] == review
        assert driver.find_element(By.CSS_SELECTOR, ".szpon-again").is_displayed()
        assert lesson_done_button(driver).get_attribute("aria-pressed") == "true"

        open_page(driver, site_dir, DEMO_LESSON)
        assert lesson_done_button(driver).get_attribute("aria-pressed") == "true"

        open_page(driver, site_dir, DEMO_SURVEY)
        assert driver.find_element(By.CSS_SELECTOR, ".szpon-survey-thanks").is_displayed()
        assert text_of(driver, ".szpon-survey-thanks") == thanks
        assert not driver.find_element(By.CSS_SELECTOR, ".szpon-survey form").is_displayed()
        assert outbox_line(driver) == "Na wysłanie czekają 4 wyniki."
        assert console_errors(driver) == []
    finally:
        quit_driver(driver)
        shutil.rmtree(profile, ignore_errors=True)


# ---------------------------------------------------------------------------
# 5. Two USB sticks in one browser.

def stick(site_id, title):
    return {
        "site.yaml": site_yaml(site_id, title=title),
        "courses/kurs/course.md": """
            ---
            title: Kurs na pendrivie
            summary: Ten sam kurs na dwóch pendrive'ach.
            passing_score: 50
            ---

            Wstęp.
            """,
        "courses/kurs/01-wstep.md": """
            ---
            title: Wstęp
            ---

            Pierwsza lekcja.
            """,
        "courses/kurs/02-sprawdz.md": """
            ---
            title: Sprawdź się
            ---

            ```quiz
            id: sprawdz
            mode: after
            attempts: 2
            questions:
              - id: kolor
                type: single
                text: Jaki kolor ma pojemnik na papier?
                answers:
                  - text: Niebieski
                    correct: true
                  - text: Zielony
              - id: skrot
                type: short
                text: Jak w skrócie nazywa się punkt selektywnej zbiórki odpadów?
                accept: [PSZOK]
            ```
            """,
        "surveys/opinia.md": """
            ---
            title: Opinia
            summary: Krótka ankieta.
            ---

            ```survey
            id: opinia
            anonymous: true
            questions:
              - id: ocena
                type: rating
                text: Jak oceniasz kurs?
                required: true
            ```
            """,
    }


@pytest.fixture(scope="module")
def sticks(tmp_path_factory):
    return (make_site(tmp_path_factory, "stick-a", stick("pendrive-a", "Pendrive A")),
            make_site(tmp_path_factory, "stick-b", stick("pendrive-b", "Pendrive B")))


def test_two_sites_in_one_profile_do_not_see_each_other(driver, site_dir, sticks):
    a, b = sticks
    clear_storage(driver, site_dir)
    console_errors(driver)

    # Stick A: a passed quiz (which completes its lesson), a ticked lesson, a survey.
    open_page(driver, a, "courses/kurs/sprawdz.html")
    quiz = quiz_data(driver)
    answer_quiz(driver, quiz, right_responses(quiz))
    submit_quiz(driver)
    assert "Wynik: 2 z 2 pkt (100%)." in quiz_result(driver)
    open_page(driver, a, "courses/kurs/wstep.html")
    lesson_done_button(driver).click()
    open_page(driver, a, "surveys/opinia.html")
    send_survey(driver, {"ocena": 7})
    open_page(driver, a, "courses/kurs/index.html")
    assert course_progress(driver) == "Ukończone lekcje: 2 z 2"
    assert outbox_line(driver) == "Na wysłanie czekają 4 wyniki."
    a_keys = set(storage(driver))

    # Stick B, same browser: nothing of A's shows.
    open_page(driver, b, "courses/kurs/index.html")
    assert driver.execute_script("return window.SZPON_SITE.id") == "pendrive-b"
    assert course_progress(driver) == "Ukończone lekcje: 0 z 2"
    assert finished_lessons(driver) == []
    assert outbox_line(driver) == "Brak wyników czekających na wysłanie."
    assert not driver.find_element(By.CSS_SELECTOR, "#szpon-outbox .outbox-download").is_displayed()
    open_page(driver, b, "courses/kurs/wstep.html")
    assert lesson_done_button(driver).get_attribute("aria-pressed") == "false"
    open_page(driver, b, "surveys/opinia.html")
    assert driver.find_element(By.CSS_SELECTOR, ".szpon-survey form").is_displayed()
    assert not driver.find_element(By.CSS_SELECTOR, ".szpon-survey-thanks").is_displayed()
    open_page(driver, b, "courses/kurs/sprawdz.html")
    assert quiz_result(driver) == ""
    assert not driver.find_elements(By.CSS_SELECTOR, ".szpon-again")
    assert not [visible_text(f) for f in driver.find_elements(By.CSS_SELECTOR, ".szpon-feedback") if visible_text(f)]
    controls = driver.find_elements(By.CSS_SELECTOR, ".szpon-quiz form input")
    assert controls and all(c.is_enabled() for c in controls), "B's quiz is locked as if reviewed"
    assert not any(c.is_selected() for c in controls if c.get_attribute("type") == "radio")
    assert all(c.get_attribute("value") == "" for c in controls if c.get_attribute("type") == "text")
    assert driver.find_element(By.CSS_SELECTOR, ".szpon-quiz form button[type=submit]").is_displayed()
    assert outbox_line(driver) == "Brak wyników czekających na wysłanie."

    # An attempt on B is B's first, and A's outbox does not grow.
    answer_quiz(driver, quiz, wrong_responses(quiz))
    submit_quiz(driver)
    actions = text_of(driver, ".szpon-quiz-actions")
    assert "Wykorzystane podejścia: 1 z 2." in actions, actions
    assert outbox_line(driver) == "Na wysłanie czeka 1 wynik."
    open_page(driver, a, "courses/kurs/sprawdz.html")
    assert "Wynik: 2 z 2 pkt (100%)." in quiz_result(driver)
    assert "Wykorzystane podejścia: 1 z 2." in text_of(driver, ".szpon-quiz-actions")
    assert outbox_line(driver) == "Na wysłanie czekają 4 wyniki."

    # One shared localStorage, two namespaces.
    data = storage(driver)
    assert data, "nothing stored"
    stray = [k for k in data if not k.startswith(("szpon:pendrive-a:site:", "szpon:pendrive-b:site:"))]
    assert not stray, f"keys outside the two sites' namespaces: {stray}"
    assert {k for k in data if k.startswith("szpon:pendrive-a:")} == a_keys
    for site_id, count in (("pendrive-a", 4), ("pendrive-b", 1)):
        records = outbox_records(driver, site_id)
        assert len(records) == count, (site_id, records)
        assert all(r["site"] == site_id for r in records)
    assert console_errors(driver) == []


# ---------------------------------------------------------------------------
# 6. "Pobierz moje wyniki".

def test_download_my_results(sticks, tmp_path):
    a, _ = sticks
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    driver = make_driver(downloads=downloads)
    try:
        open_page(driver, a, "courses/kurs/sprawdz.html")
        quiz = quiz_data(driver)
        responses = right_responses(quiz)
        answer_quiz(driver, quiz, responses)
        submit_quiz(driver)
        open_page(driver, a, "surveys/opinia.html")
        survey = driver.execute_script("return JSON.parse(document.querySelector('.szpon-survey-data').textContent)")
        send_survey(driver, {"ocena": 10})
        assert outbox_line(driver) == "Na wysłanie czekają 3 wyniki."
        assert_no_axe_violations(driver, "survey page with results waiting")

        button = driver.find_element(By.CSS_SELECTOR, "#szpon-outbox .outbox-download")
        assert button.text == "Pobierz moje wyniki"
        button.click()
        deadline = time.time() + 10
        files = []
        while time.time() < deadline:
            files = [p for p in downloads.iterdir() if p.suffix == ".json"]
            if files:
                break
            time.sleep(0.1)
        assert len(files) == 1, f"no results file was downloaded: {list(downloads.iterdir())}"
        name = files[0].name
        assert re.fullmatch(r"wyniki-pendrive-a-\d{4}-\d{2}-\d{2}\.json", name), name
        data = json.loads(files[0].read_text(encoding="utf-8"))
        # The records stay in the outbox: the file is a copy.
        assert outbox_line(driver) == "Na wysłanie czekają 3 wyniki."
        device = storage(driver)["szpon:pendrive-a:site:device"]
        assert console_errors(driver) == []
    finally:
        quit_driver(driver)

    assert data["format"] == "szpon-results" and data["version"] == 1
    assert data["site"] == "pendrive-a" and data["bundle"] == "site"
    assert "device" not in data, "the file itself must not tie anonymous responses to the device"
    assert UUID.match(device)
    records = data["records"]
    assert sorted(r["kind"] for r in records) == ["attempt", "progress", "survey_response"]
    ids = [r["id"] for r in records]
    assert all(UUID.match(i) for i in ids) and len(set(ids)) == len(ids)
    assert all(r["site"] == "pendrive-a" for r in records)
    by_kind = {r["kind"]: r for r in records}

    attempt = by_kind["attempt"]
    assert attempt["contentHash"] == quiz["hash"]
    assert attempt["device"] == device
    assert attempt["payload"]["quiz"] == "sprawdz" and attempt["payload"]["course"] == "kurs"
    assert attempt["payload"]["responses"] == responses
    assert attempt["payload"]["score"]["percent"] == 100 and attempt["payload"]["score"]["passed"] is True

    response = by_kind["survey_response"]
    assert response["contentHash"] == survey["hash"]
    assert response["device"] is None  # an anonymous survey
    assert response["payload"] == {"survey": "opinia", "page": "surveys/opinia.html", "responses": {"ocena": 10}}

    progress = by_kind["progress"]
    assert progress["contentHash"] is None and progress["device"] == device
    assert progress["payload"] == {"course": "kurs", "lesson": "sprawdz", "completed": True}


def test_ticking_and_unticking_a_lesson_updates_the_course_page(driver, site_dir):
    clear_storage(driver, site_dir)
    console_errors(driver)
    open_page(driver, site_dir, "courses/segregacja-odpadow/pojemniki.html")
    button = lesson_done_button(driver)
    status = driver.find_element(By.CSS_SELECTOR, ".lesson-done-status")
    assert status.get_attribute("role") == "status"
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    assert visible_text(status) == "Oznaczono lekcję jako ukończoną."
    open_page(driver, site_dir, "courses/segregacja-odpadow/index.html")
    assert course_progress(driver) == "Ukończone lekcje: 1 z 4"
    bar = driver.find_element(By.CSS_SELECTOR, "#szpon-course-progress progress")
    assert (bar.get_attribute("value"), bar.get_attribute("max")) == ("1", "4")
    assert finished_lessons(driver) == ["pojemniki"]
    assert_no_axe_violations(driver, "course page with progress")

    open_page(driver, site_dir, "courses/segregacja-odpadow/pojemniki.html")
    button = lesson_done_button(driver)
    assert button.get_attribute("aria-pressed") == "true"
    button.click()
    assert button.get_attribute("aria-pressed") == "false"
    assert text_of(driver, ".lesson-done-status") == "Lekcja nie jest już oznaczona jako ukończona."
    open_page(driver, site_dir, "courses/segregacja-odpadow/index.html")
    assert course_progress(driver) == "Ukończone lekcje: 0 z 4"
    assert finished_lessons(driver) == []
    # Both changes are records for the teacher.
    records = [r["payload"] for r in outbox_records(driver) if r["kind"] == "progress"]
    assert records == [{"course": "segregacja-odpadow", "lesson": "pojemniki", "completed": True},
                       {"course": "segregacja-odpadow", "lesson": "pojemniki", "completed": False}]
    assert console_errors(driver) == []
