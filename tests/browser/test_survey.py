"""Surveys in a real browser, opened from file://.

- required questions left empty: the error is shown, tied to each question, and
  focus lands on the first missing one;
- a filled survey shows the thank-you text and queues one survey_response record
  with the answers; an anonymous survey's record has no device id, a named one has;
- the draft survives a reload, the sent state survives a reload;
- axe-core finds nothing before submission, in the error state and after sending;
- no console errors.
"""

import re

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import (
    active_element_info,
    assert_no_axe_violations,
    clear_storage,
    console_errors,
    make_site,
    outbox_records,
    page_url,
    site_yaml,
    storage,
    visible_text,
    wait_loaded,
)

DEMO_SURVEY = "surveys/zadowolenie.html"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")

# Answers to the demo survey, in the record's shapes (chosen indexes, lists, text).
ANSWERS = {
    "kurs": 1,
    "przydatnosc": 4,
    "zrozumialosc": 3,
    "polecenie": 9,
    "elementy": [3, 2, None, 3, 1],  # optional matrix, one row left out
    "urzadzenie": [0, 1],
    "nowe-tematy": [],
    "uwagi": "Więcej przykładów z urzędu.",
}
REQUIRED = ["kurs", "przydatnosc", "zrozumialosc", "polecenie"]


@pytest.fixture(scope="module")
def named_survey_site(tmp_path_factory):
    return make_site(tmp_path_factory, "named-survey", {
        "site.yaml": site_yaml("pendrive-ankiety"),
        "surveys/opinia.md": """
            ---
            title: Opinia o zajęciach
            summary: Ankieta z podpisem.
            ---

            ```survey
            id: opinia
            anonymous: false
            thank_you: Dziękujemy, przekażemy opinię prowadzącej.
            questions:
              - id: ocena
                type: single
                text: Jak oceniasz zajęcia?
                required: true
                options: [Dobrze, Średnio, Źle]
            ```
            """,
    })


@pytest.fixture(autouse=True)
def fresh_browser(driver, site_dir):
    clear_storage(driver, site_dir)
    console_errors(driver)
    yield


def open_page(driver, site, page):
    driver.get(page_url(site, page))
    wait_loaded(driver)


def survey_data(driver):
    return driver.execute_script("return JSON.parse(document.querySelector('.szpon-survey-data').textContent)")


def fieldset(driver, qid):
    return driver.find_element(By.CSS_SELECTOR, f".szpon-survey fieldset[data-question='{qid}']")


def choose(driver, qid, value):
    fs = fieldset(driver, qid)
    box = fs.find_element(By.CSS_SELECTOR, f"input[value='{value}']")
    if not box.is_selected():
        fs.find_element(By.CSS_SELECTOR, f"label[for='{box.get_attribute('id')}']").click()


def answer(driver, qid, value):
    fs = fieldset(driver, qid)
    kind = fs.get_attribute("data-type")
    if kind == "matrix":
        for row, column in enumerate(value):
            if column is not None:
                fs.find_element(By.CSS_SELECTOR, f"tbody tr:nth-child({row + 1}) input[value='{column}']").click()
    elif kind == "multiple":
        for v in value:
            choose(driver, qid, v)
    elif kind == "text":
        fs.find_element(By.CSS_SELECTOR, "textarea").send_keys(value)
    else:
        choose(driver, qid, value)


def send(driver):
    driver.find_element(By.CSS_SELECTOR, ".szpon-survey form button[type=submit]").click()


def status_text(driver):
    return visible_text(driver.find_element(By.CSS_SELECTOR, ".szpon-survey-status"))


def error_of(driver, qid):
    """The error message the fieldset is described by, or None."""
    fs = fieldset(driver, qid)
    described = fs.get_attribute("aria-describedby")
    if not described:
        return None
    return visible_text(driver.find_element(By.ID, described))


def outbox_line(driver):
    return visible_text(driver.find_element(By.CSS_SELECTOR, "#szpon-outbox .outbox-count"))


def test_required_questions_then_sending_the_demo_survey(driver, site_dir):
    open_page(driver, site_dir, DEMO_SURVEY)
    data = survey_data(driver)
    assert [q["id"] for q in data["questions"] if q["required"]] == REQUIRED
    assert "Ankieta jest anonimowa" in visible_text(driver.find_element(By.CSS_SELECTOR, ".szpon-survey"))
    assert outbox_line(driver) == "Brak wyników czekających na wysłanie."
    assert not driver.find_element(By.CSS_SELECTOR, "#szpon-outbox .outbox-download").is_displayed()
    assert_no_axe_violations(driver, f"{DEMO_SURVEY} before submission")

    # Sending it empty: one message per required question and a summary read out as an alert.
    send(driver)
    status = driver.find_element(By.CSS_SELECTOR, ".szpon-survey-status")
    assert status.get_attribute("role") == "alert"
    assert status_text(driver) == "Uzupełnij 4 wymagane pytania."
    for qid in REQUIRED:
        assert error_of(driver, qid) == "To pytanie jest wymagane.", qid
        inputs = fieldset(driver, qid).find_elements(By.CSS_SELECTOR, "input")
        assert all(i.get_attribute("aria-invalid") == "true" for i in inputs), qid
    for qid in ("elementy", "urzadzenie", "uwagi"):
        assert error_of(driver, qid) is None, qid
    first = fieldset(driver, "kurs").find_element(By.CSS_SELECTOR, "input")
    assert driver.switch_to.active_element == first, f"focus is on {active_element_info(driver)}"
    assert not outbox_records(driver)
    assert_no_axe_violations(driver, f"{DEMO_SURVEY} with the required-question errors")

    # The first question answered: the message moves on to the next missing one.
    answer(driver, "kurs", ANSWERS["kurs"])
    send(driver)
    assert status_text(driver) == "Uzupełnij 3 wymagane pytania."
    assert error_of(driver, "kurs") is None
    assert fieldset(driver, "kurs").find_element(By.CSS_SELECTOR, "input").get_attribute("aria-invalid") is None
    first = fieldset(driver, "przydatnosc").find_element(By.CSS_SELECTOR, "input")
    assert driver.switch_to.active_element == first, f"focus is on {active_element_info(driver)}"

    for qid, value in ANSWERS.items():
        if qid != "kurs":
            answer(driver, qid, value)
    send(driver)
    thanks = driver.find_element(By.CSS_SELECTOR, ".szpon-survey-thanks")
    WebDriverWait(driver, 5).until(lambda d: thanks.is_displayed())
    assert visible_text(thanks).startswith("Dziękujemy za wypełnienie ankiety! Zbiorcze wyniki")
    assert "Odpowiedzi zapisano:" in visible_text(thanks)
    assert driver.switch_to.active_element == thanks, f"focus is on {active_element_info(driver)}"
    assert not driver.find_element(By.CSS_SELECTOR, ".szpon-survey form").is_displayed()
    assert outbox_line(driver) == "Na wysłanie czeka 1 wynik."
    assert driver.find_element(By.CSS_SELECTOR, "#szpon-outbox .outbox-download").is_displayed()

    records = outbox_records(driver)
    assert len(records) == 1, records
    record = records[0]
    assert record["kind"] == "survey_response"
    assert UUID.match(record["id"]), record["id"]
    assert record["site"] == "akademia-urzedu-miasta-przykladowo"
    assert record["contentHash"] == data["hash"]
    assert record["device"] is None, "an anonymous survey's record names the device"
    assert record["payload"]["survey"] == data["id"]
    assert record["payload"]["page"] == DEMO_SURVEY
    assert record["payload"]["responses"] == ANSWERS
    assert_no_axe_violations(driver, f"{DEMO_SURVEY} after sending")

    # The sent state survives a reload; nothing is stored as a draft any more.
    open_page(driver, site_dir, DEMO_SURVEY)
    assert driver.find_element(By.CSS_SELECTOR, ".szpon-survey-thanks").is_displayed()
    assert not driver.find_element(By.CSS_SELECTOR, ".szpon-survey form").is_displayed()
    assert not [k for k in storage(driver) if ":survey-draft:" in k]

    # Filling it in again starts from an empty form and adds a second record.
    again = driver.find_element(By.XPATH, "//button[normalize-space()='Wypełnij ankietę ponownie']")
    again.click()
    assert driver.find_element(By.CSS_SELECTOR, ".szpon-survey form").is_displayed()
    assert not driver.find_element(By.CSS_SELECTOR, ".szpon-survey-thanks").is_displayed()
    assert driver.switch_to.active_element == fieldset(driver, "kurs").find_element(By.CSS_SELECTOR, "input")
    assert not driver.find_elements(By.CSS_SELECTOR, ".szpon-survey input:checked")
    for qid in REQUIRED:
        answer(driver, qid, ANSWERS[qid])
    send(driver)
    assert len(outbox_records(driver)) == 2
    assert outbox_line(driver) == "Na wysłanie czekają 2 wyniki."
    assert console_errors(driver) == []


def test_survey_draft_survives_a_reload(driver, site_dir):
    open_page(driver, site_dir, DEMO_SURVEY)
    answer(driver, "kurs", 2)
    answer(driver, "elementy", [0, None, None, None, 3])
    answer(driver, "uwagi", "Szkic odpowiedzi")
    fieldset(driver, "kurs").find_element(By.CSS_SELECTOR, "input").click()  # leave the text field
    answer(driver, "kurs", 2)
    open_page(driver, site_dir, DEMO_SURVEY)
    assert fieldset(driver, "kurs").find_element(By.CSS_SELECTOR, "input[value='2']").is_selected()
    matrix = fieldset(driver, "elementy")
    assert matrix.find_element(By.CSS_SELECTOR, "tbody tr:nth-child(1) input[value='0']").is_selected()
    assert matrix.find_element(By.CSS_SELECTOR, "tbody tr:nth-child(5) input[value='3']").is_selected()
    assert fieldset(driver, "uwagi").find_element(By.CSS_SELECTOR, "textarea").get_attribute("value") == "Szkic odpowiedzi"
    assert not outbox_records(driver), "a draft must not be queued as a response"
    assert console_errors(driver) == []


def test_named_survey_record_carries_the_device(driver, named_survey_site):
    open_page(driver, named_survey_site, "surveys/opinia.html")
    section = visible_text(driver.find_element(By.CSS_SELECTOR, ".szpon-survey"))
    assert "anonimowa" not in section
    send(driver)
    assert status_text(driver) == "Uzupełnij 1 wymagane pytanie."
    assert_no_axe_violations(driver, "named survey with an error")
    answer(driver, "ocena", 1)
    send(driver)
    thanks = driver.find_element(By.CSS_SELECTOR, ".szpon-survey-thanks")
    assert visible_text(thanks).startswith("Dziękujemy, przekażemy opinię prowadzącej.")
    (record,) = outbox_records(driver)
    assert record["kind"] == "survey_response" and record["site"] == "pendrive-ankiety"
    assert record["payload"]["responses"] == {"ocena": 1}
    device = storage(driver)["szpon:pendrive-ankiety:site:device"]
    assert UUID.match(record["device"]) and record["device"] == device
    assert_no_axe_violations(driver, "named survey after sending")
