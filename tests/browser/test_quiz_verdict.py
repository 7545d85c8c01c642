"""A quiz result under a shown passing threshold says "zaliczony" or "niezaliczony",
graded or not (issue 12); a quiz with no threshold reports only its score."""
import textwrap

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import make_driver, make_site, page_url, quit_driver, site_yaml, visible_text, wait_loaded

QUIZ = """
```quiz
id: {id}
graded: false
{pass_line}
questions:
  - id: puszka
    type: single
    text: Gdzie wrzucisz puszkę?
    answers:
      - {{ text: Do żółtego, correct: true }}
      - {{ text: Do zielonego }}
```
"""


def lesson(quiz_id, pass_line):
    return "---\ntitle: Sprawdź się\n---\n\n## Pytanie\n" + QUIZ.format(id=quiz_id, pass_line=pass_line)


def result_after(driver, quiz_id, answer):
    driver.find_element(By.CSS_SELECTOR, f"#quiz-{quiz_id} .szpon-start").click() if driver.find_elements(
        By.CSS_SELECTOR, f"#quiz-{quiz_id} .szpon-start") and driver.find_element(
        By.CSS_SELECTOR, f"#quiz-{quiz_id} .szpon-start").is_displayed() else None
    driver.find_element(By.CSS_SELECTOR, f"#quiz-{quiz_id} input[name='{quiz_id}-puszka'][value='{answer}']").click()
    driver.find_element(By.CSS_SELECTOR, f"#quiz-{quiz_id} form button[type=submit]").click()
    WebDriverWait(driver, 5).until(lambda d: visible_text(d.find_element(By.CSS_SELECTOR, f"#quiz-{quiz_id} .szpon-quiz-result")))
    return visible_text(driver.find_element(By.CSS_SELECTOR, f"#quiz-{quiz_id} .szpon-quiz-result"))


def test_an_ungraded_quiz_with_a_threshold_says_passed_or_failed(tmp_path_factory):
    site = make_site(tmp_path_factory, "werdykt", {
        "site.yaml": textwrap.dedent(site_yaml("werdykt")),
        "courses/kurs/course.md": "---\ntitle: Kurs\nsummary: Kurs.\n---\n\nKurs.\n",
        "courses/kurs/01-zle.md": lesson("zle", "pass: 50"),
        "courses/kurs/02-dobrze.md": lesson("dobrze", "pass: 50"),
        "courses/kurs/03-bez-progu.md": lesson("bez-progu", ""),
    })
    driver = make_driver()
    try:
        driver.get(page_url(site, "courses/kurs/zle.html"))
        wait_loaded(driver)
        assert "Próg zaliczenia: 50%" in visible_text(driver.find_element(By.ID, "quiz-zle"))
        assert "Test niezaliczony – próg zaliczenia to 50%." in result_after(driver, "zle", 1)
        driver.get(page_url(site, "courses/kurs/dobrze.html"))
        wait_loaded(driver)
        assert "Test zaliczony." in result_after(driver, "dobrze", 0)
        driver.get(page_url(site, "courses/kurs/bez-progu.html"))
        wait_loaded(driver)
        assert "Próg zaliczenia" not in visible_text(driver.find_element(By.ID, "quiz-bez-progu"))
        text = result_after(driver, "bez-progu", 0)
        assert "Wynik: 1 z 1 pkt (100%)." in text and "zaliczony" not in text, text
    finally:
        quit_driver(driver)
