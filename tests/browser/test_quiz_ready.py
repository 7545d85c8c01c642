"""quiz.js marks `szpon:quiz-ready` once its quizzes answer input (issue 11).

make bench times that mark from file:// (bench/browser.py, "Quiz time to interactive"
in BENCHMARKS.md); this test checks what the figure stands for, never how long it
took: the mark is set once on a quiz page, not on a page without a quiz, and right
after it the quiz answers the keyboard.
"""

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import clear_storage, console_errors, page_url, visible_text

QUIZ_PAGE = "courses/segregacja-odpadow/odpady-niebezpieczne.html"
MARKS = "return performance.getEntriesByName('szpon:quiz-ready', 'mark').length"
FOCUS = """
var a = document.activeElement, fs = a.closest ? a.closest('fieldset.szpon-question') : null;
return {tag: a.tagName.toLowerCase(), type: a.type || null, checked: !!a.checked,
        question: fs ? fs.getAttribute('data-question') : null, check: a.matches('button.szpon-check')};
"""


def press(driver, key):
    ActionChains(driver).send_keys(key).perform()


def tab_until(driver, wanted, limit=80):
    for _ in range(limit):
        press(driver, Keys.TAB)
        info = driver.execute_script(FOCUS)
        if wanted(info):
            return info
    raise AssertionError(f"Tab never reached the wanted control; focus: {driver.execute_script(FOCUS)}")


def test_a_page_without_a_quiz_sets_no_mark(driver, site_dir):
    driver.get(page_url(site_dir, "courses/segregacja-odpadow/pojemniki.html"))
    assert driver.execute_script(MARKS) == 0


def test_the_quiz_is_ready_at_its_mark_and_answers_the_keyboard(driver, site_dir):
    clear_storage(driver, site_dir)
    driver.get(page_url(site_dir, QUIZ_PAGE))
    # The mark comes from the quiz script itself, once per page load.
    assert driver.execute_script(MARKS) == 1
    # Keyboard only, straight after the mark: Tab to the first answer, Space picks it,
    # Tab to "Sprawdź odpowiedź", Enter: the quiz checks the answer and says so.
    radio = tab_until(driver, lambda i: i["question"] and i["type"] == "radio")
    press(driver, Keys.SPACE)
    assert driver.execute_script(FOCUS)["checked"], "Space did not pick the answer"
    tab_until(driver, lambda i: i["check"] and i["question"] == radio["question"], limit=10)
    press(driver, Keys.ENTER)
    region = f"fieldset.szpon-question[data-question='{radio['question']}'] .szpon-feedback"
    WebDriverWait(driver, 5).until(lambda d: visible_text(d.find_element("css selector", region)),
                                   message="the quiz did not check the answer")
    verdict = visible_text(driver.find_element("css selector", region))
    assert verdict.startswith(("Dobrze", "Źle")), verdict
    assert driver.execute_script(MARKS) == 1
    assert console_errors(driver) == []
