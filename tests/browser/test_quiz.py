"""Quizzes in a real browser, opened from file:// as from a USB stick.

- the demo's graded, timed test driven by the keyboard alone;
- every question type in "after" and "immediate" feedback modes (a fixture site);
- a drawn and shuffled quiz keeps its draw across reloads and in its record;
- axe-core finds nothing before submission, with the timer running, and in review;
- no page logs a console error.
"""

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import (
    active_element_info,
    answer_question,
    answer_quiz,
    assert_no_axe_violations,
    clear_storage,
    console_errors,
    make_site,
    outbox_records,
    page_url,
    quiz_data,
    reveal,
    right_responses,
    site_yaml,
    visible_text,
    wait_loaded,
    wrong_responses,
)

DEMO_TEST = "courses/dostepnosc-cyfrowa/test-koncowy.html"

# Every question type, with feedback texts a test can look for. The right order of
# `kolejnosc` is not the alphabetical order the page shows.
ALL_TYPES = """
questions:
  - id: jednokrotny
    type: single
    text: Do którego pojemnika wrzucisz gazetę?
    feedback: Papier i tektura trafiają do niebieskiego pojemnika.
    answers:
      - text: Niebieski
        correct: true
        feedback: Tak, gazeta to papier.
      - text: Zielony
        feedback: Zielony pojemnik jest na szkło.
      - text: Brązowy
        feedback: Brązowy pojemnik jest na bioodpady.
  - id: wielokrotny
    type: multiple
    text: Co wrzucisz do żółtego pojemnika? Zaznacz wszystkie poprawne.
    points: 2
    answers:
      - text: Puszka po napoju
        correct: true
        feedback: Puszka to metal.
      - text: Butelka po wodzie
        correct: true
        feedback: Butelka PET to tworzywo sztuczne.
      - text: Słoik po dżemie
        feedback: Słoik to szkło, wrzucamy go do zielonego pojemnika.
  - id: wagi
    type: multiple
    text: Które odpady są niebezpieczne?
    answers:
      - text: Zużyta bateria
        correct: true
        weight: 50
      - text: Przeterminowane leki
        correct: true
        weight: 50
      - text: Skórka od banana
        weight: -100
        feedback: Skórka od banana to bioodpad.
  - id: prawda-falsz
    type: truefalse
    text: Baterie można wyrzucać do odpadów zmieszanych.
    answer: false
    feedback_true: Nieprawda, baterie oddaje się do punktu zbiórki.
    feedback_false: Zgadza się, baterie oddaje się do punktu zbiórki.
  - id: krotka
    type: short
    text: Jak w skrócie nazywa się punkt selektywnej zbiórki odpadów komunalnych?
    accept: [PSZOK, punkt selektywnej zbiórki]
    feedback: Skrót PSZOK oznacza punkt selektywnej zbiórki odpadów komunalnych.
  - id: liczba
    type: numeric
    text: Na ile frakcji segregujemy odpady w domu?
    answer: 5
    tolerance: 0
    feedback: Segregujemy pięć frakcji.
  - id: pary
    type: matching
    text: Połącz odpad z pojemnikiem.
    pairs:
      - left: Gazeta
        right: Niebieski
      - left: Słoik
        right: Zielony
      - left: Obierki
        right: Brązowy
  - id: kolejnosc
    type: ordering
    text: Ułóż czynności w kolejności.
    items:
      - Opróżnij butelkę
      - Zgnieć butelkę
      - Wrzuć butelkę do żółtego pojemnika
  - id: luki
    type: cloze
    text: "Gazetę wrzucamy do [[niebieskiego]] pojemnika, a słoik do [[zielonego|zielonej]]."
  - id: opis
    type: essay
    text: Opisz, jak segregujesz odpady w domu.
"""

# What the review must name as the right answer when the learner got it wrong.
RIGHT_ANSWER = {
    "jednokrotny": "Niebieski",
    "wielokrotny": "Puszka po napoju; Butelka po wodzie",
    "wagi": "Zużyta bateria; Przeterminowane leki",
    "prawda-falsz": "Fałsz",
    "krotka": "PSZOK",
    "liczba": "5",
    "pary": "Gazeta → Niebieski; Słoik → Zielony; Obierki → Brązowy",
    "kolejnosc": "1. Opróżnij butelkę; 2. Zgnieć butelkę; 3. Wrzuć butelkę do żółtego pojemnika",
    "luki": "Luka 1: niebieskiego; Luka 2: zielonego",
}

# Feedback shown for the right answers, and for the wrong answers wrong_responses() gives.
FEEDBACK_RIGHT = {
    "jednokrotny": ["Tak, gazeta to papier.", "Papier i tektura trafiają do niebieskiego pojemnika."],
    "wielokrotny": ["Puszka to metal.", "Butelka PET to tworzywo sztuczne."],
    "prawda-falsz": ["Zgadza się, baterie oddaje się do punktu zbiórki."],
    "krotka": ["Skrót PSZOK oznacza punkt selektywnej zbiórki odpadów komunalnych."],
    "liczba": ["Segregujemy pięć frakcji."],
}
FEEDBACK_WRONG = {
    "jednokrotny": ["Zielony pojemnik jest na szkło.", "Papier i tektura trafiają do niebieskiego pojemnika."],
    "wielokrotny": ["Słoik to szkło, wrzucamy go do zielonego pojemnika."],
    "wagi": ["Skórka od banana to bioodpad."],
    "prawda-falsz": ["Nieprawda, baterie oddaje się do punktu zbiórki."],
    "krotka": ["Skrót PSZOK oznacza punkt selektywnej zbiórki odpadów komunalnych."],
}

DRAW_BANK = "\n".join(
    f"""  - id: p{n}
    type: single
    text: Pytanie z puli numer {n}?
    answers:
      - text: Dobra odpowiedź {n}
        correct: true
      - text: Zła odpowiedź {n}a
      - text: Zła odpowiedź {n}b
      - text: Zła odpowiedź {n}c"""
    for n in range(1, 7)
)


def lesson(title, quiz_header, questions):
    return f"---\ntitle: {title}\n---\n\nKilka słów wstępu.\n\n```quiz\n{quiz_header.strip()}\n{questions.strip()}\n```\n"


@pytest.fixture(scope="module")
def quiz_site(tmp_path_factory):
    return make_site(tmp_path_factory, "quizzes", {
        "site.yaml": site_yaml("pendrive-quizy"),
        "courses/kurs/course.md": """
            ---
            title: Kurs segregacji
            summary: Kurs do testów quizów.
            passing_score: 50
            ---

            Wstęp do kursu.
            """,
        "courses/kurs/01-po-odpowiedzi.md": lesson(
            "Wszystkie typy po wysłaniu", "id: typy-po\ntitle: Wszystkie typy pytań\ngraded: true\nmode: after", ALL_TYPES),
        "courses/kurs/02-natychmiast.md": lesson(
            "Wszystkie typy od razu", "id: typy-od-razu\ntitle: Sprawdzanie od razu\ngraded: true\nmode: immediate", ALL_TYPES),
        "courses/kurs/03-losowanie.md": lesson(
            "Losowanie pytań", "id: losowanie\ntitle: Trzy z sześciu\nmode: after\ndraw: 3\nshuffle: true",
            "questions:\n" + DRAW_BANK),
    })


@pytest.fixture(autouse=True)
def fresh_browser(driver, site_dir):
    """Each test starts as a learner who has never opened these sites."""
    clear_storage(driver, site_dir)
    console_errors(driver)  # drain
    yield


def open_page(driver, site, page):
    driver.get(page_url(site, page))
    wait_loaded(driver)


def press(driver, *keys):
    ActionChains(driver).send_keys(*keys).perform()


def fieldset(driver, quiz_id, qid):
    return driver.find_element(By.CSS_SELECTOR, f"#quiz-{quiz_id} fieldset[data-question='{qid}']")


def feedback_region(driver, quiz_id, qid, live=None):
    """The question's feedback box. It is a polite live region while the learner answers
    (immediate checks are announced); in review it is read in place (aria-live off), so
    that the score line is the one thing announced."""
    region = fieldset(driver, quiz_id, qid).find_element(By.CSS_SELECTOR, ".szpon-feedback")
    if live is not None:
        assert region.get_attribute("aria-live") == live, (qid, region.get_attribute("aria-live"))
    return region


def assert_review_announces_only_the_score(driver, quiz_id):
    result = driver.find_element(By.CSS_SELECTOR, f"#quiz-{quiz_id} .szpon-quiz-result")
    assert result.get_attribute("role") == "status"
    live = [f.get_attribute("data-question") for f in driver.find_elements(By.CSS_SELECTOR, f"#quiz-{quiz_id} fieldset")
            if f.find_element(By.CSS_SELECTOR, ".szpon-feedback").get_attribute("aria-live") not in ("off",)]
    assert not live, f"review feedback still in live regions: {live}"


def result_text(driver, quiz_id):
    return visible_text(driver.find_element(By.CSS_SELECTOR, f"#quiz-{quiz_id} .szpon-quiz-result"))


def submit(driver, quiz_id):
    reveal(driver, driver.find_element(By.CSS_SELECTOR, f"#quiz-{quiz_id} form button[type=submit]")).click()
    WebDriverWait(driver, 5).until(lambda d: result_text(d, quiz_id), message="no result after submitting")


def try_again(driver, quiz_id):
    driver.find_element(By.CSS_SELECTOR, f"#quiz-{quiz_id} .szpon-again").click()
    WebDriverWait(driver, 5).until(lambda d: not result_text(d, quiz_id))


def pts(n):
    return f"{n:g}".replace(".", ",")


def expected_score_line(quiz, auto_only=True):
    total = sum(q["points"] for q in quiz["questions"])
    got = sum(q["points"] for q in quiz["questions"] if q["type"] != "essay") if auto_only else 0
    percent = round(got / total * 1000) / 10
    return f"Wynik: {pts(got)} z {pts(total)} pkt ({pts(percent)}%)."


# ---------------------------------------------------------------------------
# 1. The demo's graded test by keyboard alone.

DESCRIBE_FOCUS = """
var a = document.activeElement, fs = a && a.closest ? a.closest('fieldset.szpon-question') : null;
var info = {tag: a.tagName.toLowerCase(), type: a.type || null, id: a.id, cls: a.className,
  value: a.value, checked: !!a.checked, question: fs ? fs.getAttribute('data-question') : null,
  submit: a.matches('.szpon-quiz form button[type=submit]'), text: (a.innerText || '').trim()};
if (a.type === 'radio') {
  info.group = Array.prototype.map.call(document.getElementsByName(a.name), function (r) { return r.value; });
}
if (a.tagName === 'SELECT') {
  info.options = Array.prototype.map.call(a.options, function (o) { return o.value; });
  info.selected = a.selectedIndex;
  var li = a.closest('li[data-item]');
  info.item = li ? Number(li.getAttribute('data-item')) : null;
  info.row = Array.prototype.indexOf.call(fs.querySelectorAll('select'), a);
}
if (a.classList && a.classList.contains('szpon-blank')) {
  info.blank = Array.prototype.indexOf.call(fs.querySelectorAll('input.szpon-blank'), a);
}
return info;
"""


def focus(driver):
    return driver.execute_script(DESCRIBE_FOCUS)


def tab_to(driver, predicate, limit=80, key=Keys.TAB):
    """Presses Tab until the focused element satisfies `predicate`."""
    for _ in range(limit):
        press(driver, key)
        info = focus(driver)
        if predicate(info):
            return info
    raise AssertionError(f"{limit} presses of Tab never reached the wanted control; focus: {focus(driver)}")


def answer_by_keyboard(driver, quiz, responses):
    """From the focused first control, Tab through the quiz answering each question
    with the keys a keyboard user presses, up to the submit button."""
    questions = {q["id"]: q for q in quiz["questions"]}
    info = focus(driver)
    seen = set()
    for _ in range(120):
        if info["submit"]:
            return seen
        q = questions.get(info["question"])
        assert q, f"Tab left the quiz before reaching the submit button: {info}"
        seen.add(q["id"])
        r = responses[q["id"]]
        if info["type"] == "radio":
            want = ("true" if r else "false") if q["type"] == "truefalse" else str(r)
            here, there = info["group"].index(info["value"]), info["group"].index(want)
            if here == there:
                press(driver, Keys.SPACE)
            else:
                key = Keys.ARROW_DOWN if there > here else Keys.ARROW_UP
                for _ in range(abs(there - here)):
                    press(driver, key)
            now = focus(driver)
            assert now["checked"] and now["value"] == want, f"arrow keys did not choose {want}: {now}"
        elif info["type"] == "checkbox":
            if int(info["value"]) in r:
                press(driver, Keys.SPACE)
                assert focus(driver)["checked"]
        elif info["tag"] == "select":
            if q["type"] == "matching":
                want = r[info["row"]]
            else:
                want = r[info["item"]]
            there = info["options"].index("" if want is None else str(want))
            key = Keys.ARROW_DOWN if there > info["selected"] else Keys.ARROW_UP
            for _ in range(abs(there - info["selected"])):
                press(driver, key)
            assert focus(driver)["value"] == ("" if want is None else str(want))
        elif info["tag"] == "textarea" or info["type"] == "text":
            text = r[info["blank"]] if q["type"] == "cloze" else r
            if text:
                press(driver, text)
            assert focus(driver)["value"] == text
        else:
            raise AssertionError(f"unexpected control in the quiz: {info}")
        press(driver, Keys.TAB)
        info = focus(driver)
    raise AssertionError("never reached the submit button")


def test_graded_test_by_keyboard_only(driver, site_dir):
    open_page(driver, site_dir, DEMO_TEST)
    quiz = quiz_data(driver)
    qid = quiz["id"]
    assert quiz["mode"] == "after" and quiz["attempts"] == 3 and quiz["pass"] == 70 and quiz["timeLimit"]

    # The questions stay hidden until the learner starts the clock.
    assert not driver.find_element(By.CSS_SELECTOR, f"#quiz-{qid} form").is_displayed()
    start = tab_to(driver, lambda i: "szpon-start" in (i["cls"] or ""))
    assert start["text"] == "Rozpocznij test"
    press(driver, Keys.ENTER)
    first = focus(driver)
    assert first["question"], f"starting the test did not move focus to the first question: {first}"
    shown = driver.execute_script("return Array.prototype.map.call(document.querySelectorAll('#quiz-' + arguments[0] + ' fieldset'), function (f) { return f.getAttribute('data-question'); })", qid)
    assert first["question"] == shown[0], (first, shown)
    # Shift+Tab from the first question reaches the pause button of the timer; Tab comes back.
    ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
    back = focus(driver)
    assert "szpon-pause" in back["cls"] and back["text"] == "Wstrzymaj czas", back
    press(driver, Keys.TAB)
    assert focus(driver)["id"] == first["id"]

    right = right_responses(quiz)
    seen = answer_by_keyboard(driver, quiz, right)
    assert seen == {q["id"] for q in quiz["questions"]}, "Tab skipped some questions"
    press(driver, Keys.ENTER)  # on "Zakończ test i wyślij"
    WebDriverWait(driver, 5).until(lambda d: result_text(d, qid))

    result = driver.find_element(By.CSS_SELECTOR, f"#quiz-{qid} .szpon-quiz-result")
    assert driver.switch_to.active_element == result, f"focus did not move to the result: {active_element_info(driver)}"
    assert_review_announces_only_the_score(driver, qid)
    text = result_text(driver, qid)
    # Every auto-graded question earns full points; the essay waits for the teacher, so
    # the percentage counts it as 0 until then (100% only once the essay is marked).
    assert expected_score_line(quiz) in text, text
    assert "Test zaliczony." in text
    for q in quiz["questions"]:
        verdict = visible_text(feedback_region(driver, qid, q["id"]))
        if q["type"] == "essay":
            assert verdict.startswith("Czeka na ocenę prowadzącego"), verdict
        else:
            assert verdict.startswith(f"Dobrze – {q['points']} z {q['points']} pkt"), (q["id"], verdict)
            assert "Poprawna odpowiedź" not in verdict
    actions = visible_text(driver.find_element(By.CSS_SELECTOR, f"#quiz-{qid} .szpon-quiz-actions"))
    assert "Wykorzystane podejścia: 1 z 3." in actions

    # "Rozwiąż ponownie" by keyboard: Tab from the result reaches it.
    again = tab_to(driver, lambda i: "szpon-again" in (i["cls"] or ""), limit=5)
    assert again["text"] == "Rozwiąż ponownie"
    press(driver, Keys.ENTER)
    assert "szpon-start" in focus(driver)["cls"], f"focus after 'Rozwiąż ponownie': {focus(driver)}"
    assert not result_text(driver, qid)
    press(driver, Keys.SPACE)  # "Rozpocznij test" again, with the space bar this time
    assert focus(driver)["question"], focus(driver)
    answer_by_keyboard(driver, quiz, wrong_responses(quiz))
    press(driver, Keys.ENTER)
    WebDriverWait(driver, 5).until(lambda d: result_text(d, qid))
    assert driver.switch_to.active_element == driver.find_element(By.CSS_SELECTOR, f"#quiz-{qid} .szpon-quiz-result")
    text = result_text(driver, qid)
    assert "Wynik: 0 z 15 pkt (0%)." in text, text
    assert "Test niezaliczony – próg zaliczenia to 70%." in text
    actions = visible_text(driver.find_element(By.CSS_SELECTOR, f"#quiz-{qid} .szpon-quiz-actions"))
    assert "Wykorzystane podejścia: 2 z 3." in actions, actions
    assert "Twoje podejścia" in actions  # the history table lists both attempts

    attempts = [r for r in outbox_records(driver) if r["kind"] == "attempt"]
    assert [a["payload"]["attempt"] for a in attempts] == [1, 2]
    assert [a["payload"]["score"]["passed"] for a in attempts] == [True, False]
    assert console_errors(driver) == []


# ---------------------------------------------------------------------------
# 2. Every question type.

def test_every_question_type_right_then_wrong_after_submission(driver, quiz_site):
    open_page(driver, quiz_site, "courses/kurs/po-odpowiedzi.html")
    quiz = quiz_data(driver, "typy-po")
    qid = quiz["id"]
    assert {q["type"] for q in quiz["questions"]} == {
        "single", "multiple", "truefalse", "short", "numeric", "matching", "ordering", "cloze", "essay"}
    # Nothing is judged before submission in "after" mode.
    assert not driver.find_elements(By.CSS_SELECTOR, f"#quiz-{qid} .szpon-check")

    for q in quiz["questions"]:
        feedback_region(driver, qid, q["id"], live="polite")
    answer_quiz(driver, quiz, right_responses(quiz))
    submit(driver, qid)
    text = result_text(driver, qid)
    assert expected_score_line(quiz) in text and "Test zaliczony." in text, text
    assert_review_announces_only_the_score(driver, qid)
    for q in quiz["questions"]:
        region = visible_text(feedback_region(driver, qid, q["id"]))
        if q["type"] == "essay":
            assert region.startswith("Czeka na ocenę prowadzącego"), region
            continue
        assert region.startswith(f"Dobrze – {q['points']} z {q['points']} pkt"), (q["id"], region)
        assert "Poprawna odpowiedź" not in region, (q["id"], region)
        for line in FEEDBACK_RIGHT.get(q["id"], []):
            assert line in region, (q["id"], line, region)
    # The right choices are marked in words, not only by colour.
    marks = [visible_text(m) for m in fieldset(driver, qid, "wagi").find_elements(By.CSS_SELECTOR, ".szpon-mark")]
    assert marks == ["– częściowo poprawna odpowiedź"] * 2, marks
    # The review locks the answers.
    assert all(not i.is_enabled() for i in driver.find_elements(By.CSS_SELECTOR, f"#quiz-{qid} input, #quiz-{qid} select"))

    record = [r for r in outbox_records(driver) if r["kind"] == "attempt"][-1]
    assert record["payload"]["quiz"] == qid and record["contentHash"] == quiz["hash"]
    for q in quiz["questions"]:
        expected = 0 if q["type"] == "essay" else q["points"]
        assert record["payload"]["score"]["questions"][q["id"]] == expected, q["id"]

    try_again(driver, qid)
    answer_quiz(driver, quiz, wrong_responses(quiz))
    submit(driver, qid)
    text = result_text(driver, qid)
    assert f"Wynik: 0 z {sum(q['points'] for q in quiz['questions'])} pkt (0%)." in text, text
    assert "Test niezaliczony – próg zaliczenia to 50%." in text
    for q in quiz["questions"]:
        region = visible_text(feedback_region(driver, qid, q["id"]))
        if q["type"] == "essay":
            assert region.startswith("Brak odpowiedzi"), region
            continue
        assert region.startswith(f"Źle – 0 z {q['points']} pkt"), (q["id"], region)
        assert f"Poprawna odpowiedź: {RIGHT_ANSWER[q['id']]}" in region, (q["id"], region)
        for line in FEEDBACK_WRONG.get(q["id"], []):
            assert line in region, (q["id"], line, region)
    assert console_errors(driver) == []


def test_immediate_mode_checks_and_locks_each_question(driver, quiz_site):
    page = "courses/kurs/natychmiast.html"
    open_page(driver, quiz_site, page)
    quiz = quiz_data(driver, "typy-od-razu")
    qid = quiz["id"]
    right, wrong = right_responses(quiz), wrong_responses(quiz)
    for q in quiz["questions"]:
        buttons = fieldset(driver, qid, q["id"]).find_elements(By.CSS_SELECTOR, "button.szpon-check")
        assert len(buttons) == (0 if q["type"] == "essay" else 1), q["id"]

    # Checking an empty answer does not lock the question: the learner is told to answer.
    fs = fieldset(driver, qid, "krotka")
    fs.find_element(By.CSS_SELECTOR, "button.szpon-check").click()
    assert visible_text(feedback_region(driver, qid, "krotka", live="polite")) == "Najpierw odpowiedz na pytanie, potem je sprawdź."
    assert fs.find_element(By.CSS_SELECTOR, "input").is_enabled()
    assert fs.find_element(By.CSS_SELECTOR, "button.szpon-check").is_displayed()

    # A wrong answer, checked: the verdict, the feedback and the right answer appear in
    # the question's live region, which takes focus, and the question is locked.
    answer_question(driver, qid, next(q for q in quiz["questions"] if q["id"] == "prawda-falsz"), wrong["prawda-falsz"])
    fs = fieldset(driver, qid, "prawda-falsz")
    check = fs.find_element(By.CSS_SELECTOR, "button.szpon-check")
    assert check.text == "Sprawdź odpowiedź"
    check.click()
    region = feedback_region(driver, qid, "prawda-falsz", live="polite")
    assert driver.switch_to.active_element == region
    text = visible_text(region)
    assert text.startswith("Źle – 0 z 1 pkt"), text
    assert "Nieprawda, baterie oddaje się do punktu zbiórki." in text
    assert "Poprawna odpowiedź: Fałsz" in text
    assert not check.is_displayed()
    assert all(not r.is_enabled() for r in fs.find_elements(By.CSS_SELECTOR, "input"))

    # Every other type, answered right and checked one by one.
    for q in quiz["questions"]:
        if q["type"] == "essay" or q["id"] == "prawda-falsz":
            continue
        answer_question(driver, qid, q, right[q["id"]])
        fs = fieldset(driver, qid, q["id"])
        fs.find_element(By.CSS_SELECTOR, "button.szpon-check").click()
        text = visible_text(feedback_region(driver, qid, q["id"], live="polite"))
        assert text.startswith(f"Dobrze – {q['points']} z {q['points']} pkt"), (q["id"], text)
        for line in FEEDBACK_RIGHT.get(q["id"], []):
            assert line in text, (q["id"], line, text)
        controls = fs.find_elements(By.CSS_SELECTOR, "input, select, textarea")
        assert controls and all(not c.is_enabled() for c in controls), f"{q['id']} is not locked after checking"

    # A checked question stays checked and locked after the page is reloaded.
    open_page(driver, quiz_site, page)
    fs = fieldset(driver, qid, "prawda-falsz")
    assert visible_text(feedback_region(driver, qid, "prawda-falsz")).startswith("Źle – 0 z 1 pkt")
    assert all(not r.is_enabled() for r in fs.find_elements(By.CSS_SELECTOR, "input"))
    assert fs.find_element(By.CSS_SELECTOR, "input[value=true]").is_selected()
    essay = fieldset(driver, qid, "opis").find_element(By.CSS_SELECTOR, "textarea")
    assert essay.is_enabled(), "the unchecked essay was locked"
    essay.send_keys("Segreguję na pięć frakcji.")
    submit(driver, qid)
    total = sum(q["points"] for q in quiz["questions"])
    got = total - 1 - 1  # the wrong true/false and the essay awaiting review
    assert f"Wynik: {got} z {total} pkt" in result_text(driver, qid)
    assert visible_text(feedback_region(driver, qid, "opis")).startswith("Czeka na ocenę prowadzącego")
    assert console_errors(driver) == []


def test_drawn_and_shuffled_quiz_keeps_its_draw(driver, quiz_site):
    page = "courses/kurs/losowanie.html"
    open_page(driver, quiz_site, page)
    quiz = quiz_data(driver, "losowanie")
    qid = quiz["id"]
    facts = visible_text(driver.find_element(By.CSS_SELECTOR, f"#quiz-{qid} .facts"))
    assert "3 pytania" in facts, facts

    def shown():
        out = []
        for fs in driver.find_elements(By.CSS_SELECTOR, f"#quiz-{qid} fieldset.szpon-question"):
            if fs.is_displayed():
                labels = [visible_text(label) for label in fs.find_elements(By.CSS_SELECTOR, "label")]
                out.append((fs.get_attribute("data-question"), visible_text(fs.find_element(By.CSS_SELECTOR, ".szpon-qnum")), labels))
        return out

    first = shown()
    assert len(first) == 3, first
    assert [number for _, number, _ in first] == ["1.", "2.", "3."]
    open_page(driver, quiz_site, page)
    assert shown() == first, "a reload drew other questions or another answer order"

    answer_quiz(driver, quiz, right_responses(quiz))
    submit(driver, qid)
    assert "Wynik: 3 z 3 pkt (100%)." in result_text(driver, qid)
    record = [r for r in outbox_records(driver) if r["kind"] == "attempt"][-1]
    assert record["payload"]["questions"] == [q for q, _, _ in first]
    # The review after a reload shows the same three questions.
    open_page(driver, quiz_site, page)
    assert [(q, n) for q, n, _ in shown()] == [(q, n) for q, n, _ in first]
    assert "Wynik: 3 z 3 pkt (100%)." in result_text(driver, qid)
    assert console_errors(driver) == []


# ---------------------------------------------------------------------------
# 8. axe-core in every state of a quiz.

def test_quiz_pages_have_no_axe_violations_in_any_state(driver, quiz_site, site_dir):
    for page, qid in (("courses/kurs/po-odpowiedzi.html", "typy-po"), ("courses/kurs/natychmiast.html", "typy-od-razu")):
        open_page(driver, quiz_site, page)
        quiz = quiz_data(driver, qid)
        assert_no_axe_violations(driver, f"{page} before submission")
        if qid == "typy-od-razu":
            q = quiz["questions"][0]
            answer_question(driver, qid, q, wrong_responses(quiz)[q["id"]])
            fieldset(driver, qid, q["id"]).find_element(By.CSS_SELECTOR, "button.szpon-check").click()
            assert_no_axe_violations(driver, f"{page} with one question checked")
        answer_quiz(driver, quiz, wrong_responses(quiz))
        submit(driver, qid)
        assert "Poprawna odpowiedź" in visible_text(driver.find_element(By.CSS_SELECTOR, f"#quiz-{qid}"))
        assert_no_axe_violations(driver, f"{page} in review after submission")

    # The demo's timed test: the start screen, the running clock, paused, and review.
    open_page(driver, site_dir, DEMO_TEST)
    quiz = quiz_data(driver)
    qid = quiz["id"]
    assert_no_axe_violations(driver, f"{DEMO_TEST} before the start")
    driver.find_element(By.CSS_SELECTOR, ".szpon-start").click()
    clock = driver.find_element(By.CSS_SELECTOR, ".szpon-clock")
    WebDriverWait(driver, 5).until(lambda d: clock.text.startswith(("19:", "20:")))
    assert clock.get_attribute("role") == "timer"
    answer_quiz(driver, quiz, right_responses(quiz))
    assert_no_axe_violations(driver, f"{DEMO_TEST} with the timer running")
    driver.find_element(By.CSS_SELECTOR, ".szpon-pause").click()
    assert "Test wstrzymany" in visible_text(driver.find_element(By.CSS_SELECTOR, ".szpon-timer"))
    assert_no_axe_violations(driver, f"{DEMO_TEST} paused")
    driver.find_element(By.CSS_SELECTOR, ".szpon-pause").click()
    submit(driver, qid)
    assert "Test zaliczony." in result_text(driver, qid)
    assert_no_axe_violations(driver, f"{DEMO_TEST} in review after submission")
    assert console_errors(driver) == []


OBSCURED = """
var a = document.activeElement, box = document.querySelector('.szpon-timer');
var r = a.getBoundingClientRect(), t = box.getBoundingClientRect();
return {id: a.id || a.className, top: r.top, bottom: r.bottom, timerBottom: t.bottom, timerTop: t.top,
        hidden: r.top < t.bottom && r.bottom > t.top};
"""


def test_sticky_timer_never_hides_the_focused_control(driver, site_dir):
    """WCAG 2.4.11: moving through a timed test by keyboard, in either direction, the
    control with focus is never under the timer stuck to the top of the window."""
    open_page(driver, site_dir, DEMO_TEST)
    driver.find_element(By.CSS_SELECTOR, ".szpon-start").send_keys(Keys.ENTER)
    assert focus(driver)["question"]
    hidden, visited = [], 0
    for backwards in (False, True):
        for _ in range(60):
            if backwards:
                ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
            else:
                press(driver, Keys.TAB)
            if not focus(driver)["question"]:
                break  # past the last question (the submit button) or before the first one
            visited += 1
            where = driver.execute_script(OBSCURED)
            if where["hidden"]:
                hidden.append(where)
    assert visited > 20, visited
    assert not hidden, f"focused controls hidden under the sticky timer: {hidden[:5]}"
    assert console_errors(driver) == []


CURRENT_ATTEMPT = """
var k = Object.keys(localStorage).filter(function (k) { return /:current:/.test(k); });
return k.length === 1 ? JSON.parse(localStorage.getItem(k[0])) : k;
"""


def freeze_clock(driver, ms):
    """The page's Date.now() returns `ms` from now on, so the timer's sums are exact."""
    driver.execute_script("var t = arguments[0]; Date.now = function () { return t; };", ms)


def clock_text(driver):
    return driver.find_element(By.CSS_SELECTOR, ".szpon-clock").text


def test_pause_keeps_the_time_left_and_resume_sets_the_deadline_from_it(driver, site_dir):
    """The timed test's deadline, to the millisecond: set at the start, kept as the time
    left when the learner pauses, still paused after a reload an hour later, moved on
    by exactly that hour when the learner resumes, and kept as it is by a reload while
    the clock runs. The page's clock is frozen at chosen instants, so nothing here
    depends on how fast the machine is."""
    open_page(driver, site_dir, DEMO_TEST)
    quiz = quiz_data(driver)
    limit = quiz["timeLimit"] * 60000
    assert limit == 20 * 60000
    start = driver.execute_script("return Math.floor(Date.now() / 1000) * 1000;")
    freeze_clock(driver, start)
    driver.find_element(By.CSS_SELECTOR, ".szpon-start").click()
    current = driver.execute_script(CURRENT_ATTEMPT)
    assert current["started"] is True and current["paused"] is False
    assert current["deadline"] == start + limit
    assert clock_text(driver) == "20:00"

    # 3 min 27 s in, the learner pauses: 16 min 33 s are left.
    paused_at = start + 207_000
    freeze_clock(driver, paused_at)
    driver.find_element(By.CSS_SELECTOR, ".szpon-pause").click()
    current = driver.execute_script(CURRENT_ATTEMPT)
    assert current["paused"] is True and current["remaining"] == limit - 207_000
    assert clock_text(driver) == "16:33"

    # The page is opened again an hour later: still paused, with the same time left.
    open_page(driver, site_dir, DEMO_TEST)
    resumed_at = paused_at + 3_600_000
    freeze_clock(driver, resumed_at)
    assert "Test wstrzymany" in visible_text(driver.find_element(By.CSS_SELECTOR, ".szpon-timer"))
    assert clock_text(driver) == "16:33"
    pause = driver.find_element(By.CSS_SELECTOR, ".szpon-pause")
    assert pause.text == "Wznów test"
    pause.click()
    current = driver.execute_script(CURRENT_ATTEMPT)
    assert current["paused"] is False
    assert current["deadline"] == resumed_at + limit - 207_000, "the deadline moves on by the pause, no more, no less"
    assert clock_text(driver) == "16:33"

    # A reload while the clock runs resumes the attempt with its deadline unchanged.
    open_page(driver, site_dir, DEMO_TEST)
    assert driver.execute_script(CURRENT_ATTEMPT)["deadline"] == resumed_at + limit - 207_000
    freeze_clock(driver, resumed_at + 60_000)
    WebDriverWait(driver, 5).until(lambda d: clock_text(d) == "15:33", message=f"the clock shows {clock_text(driver)}")
    assert console_errors(driver) == []


def test_time_running_out_submits_the_answers_given_so_far(driver, site_dir):
    """A learner answers part of a timed test, closes the laptop, and comes back after
    the time limit: the test is finished with the answers stored as they were given."""
    open_page(driver, site_dir, DEMO_TEST)
    quiz = quiz_data(driver)
    qid = quiz["id"]
    driver.find_element(By.CSS_SELECTOR, ".szpon-start").click()
    right = right_responses(quiz)
    single = next(q for q in quiz["questions"] if q["type"] == "single")
    truefalse = next(q for q in quiz["questions"] if q["type"] == "truefalse")
    for q in (single, truefalse):
        answer_question(driver, qid, q, right[q["id"]])

    # The clock moves on while the page is closed (the stored deadline passes).
    driver.execute_script(
        "var k = Object.keys(localStorage).filter(function (k) { return /:current:/.test(k); })[0];"
        "var c = JSON.parse(localStorage.getItem(k)); c.deadline -= 21 * 60000; localStorage.setItem(k, JSON.stringify(c));"
    )
    open_page(driver, site_dir, DEMO_TEST)
    text = result_text(driver, qid)
    points = single["points"] + truefalse["points"]
    total = sum(q["points"] for q in quiz["questions"])
    assert f"Wynik: {points} z {total} pkt" in text, text
    assert "Czas minął – test został zakończony automatycznie." in text
    assert "Test niezaliczony" in text
    assert driver.switch_to.active_element == driver.find_element(By.CSS_SELECTOR, f"#quiz-{qid} .szpon-quiz-result")
    assert not driver.find_element(By.CSS_SELECTOR, ".szpon-timer").is_displayed()
    (record,) = [r for r in outbox_records(driver) if r["kind"] == "attempt"]
    assert record["payload"]["timedOut"] is True
    assert "Wykorzystane podejścia: 1 z 3." in visible_text(driver.find_element(By.CSS_SELECTOR, f"#quiz-{qid} .szpon-quiz-actions"))

    # The last two attempts: then no "Rozwiąż ponownie" any more.
    for _ in range(2):
        try_again(driver, qid)
        driver.find_element(By.CSS_SELECTOR, ".szpon-start").click()
        submit(driver, qid)
    actions = visible_text(driver.find_element(By.CSS_SELECTOR, f"#quiz-{qid} .szpon-quiz-actions"))
    assert "Wykorzystano wszystkie podejścia." in actions, actions
    assert not driver.find_elements(By.CSS_SELECTOR, f"#quiz-{qid} .szpon-again")
    open_page(driver, site_dir, DEMO_TEST)
    assert "Wykorzystano wszystkie podejścia." in visible_text(driver.find_element(By.CSS_SELECTOR, f"#quiz-{qid} .szpon-quiz-actions"))
    assert not any(b.is_displayed() for b in driver.find_elements(By.CSS_SELECTOR, ".szpon-start, .szpon-again"))
    assert console_errors(driver) == []
