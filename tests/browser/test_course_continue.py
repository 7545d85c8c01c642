""""Rozpocznij kurs" becomes "Kontynuuj" once any lesson is done, and leads to the first
lesson not yet completed (issue 12)."""
from selenium.webdriver.common.by import By

from conftest import clear_storage, page_url, quit_driver, make_driver, wait_loaded

COURSE = "courses/segregacja-odpadow/index.html"


def open_page(driver, site_dir, rel):
    driver.get(page_url(site_dir, rel))
    wait_loaded(driver)


def start_button(driver):
    button = driver.find_element(By.CSS_SELECTOR, ".course-start")
    return button.text, button.get_attribute("href").rsplit("/", 1)[-1]


def tick(driver, site_dir, lesson):
    open_page(driver, site_dir, f"courses/segregacja-odpadow/{lesson}")
    driver.find_element(By.CSS_SELECTOR, ".szpon-lesson-done button").click()


def test_start_becomes_continue_to_the_first_lesson_not_done(site_dir):
    driver = make_driver()
    try:
        clear_storage(driver, site_dir)
        open_page(driver, site_dir, COURSE)
        lessons = [a.get_attribute("href").rsplit("/", 1)[-1]
                   for a in driver.find_elements(By.CSS_SELECTOR, ".lesson-list [data-lesson] a")]
        assert len(lessons) >= 3
        assert start_button(driver) == ("Rozpocznij kurs", lessons[0])

        tick(driver, site_dir, lessons[1])  # a later lesson first: the first is still to do
        open_page(driver, site_dir, COURSE)
        assert start_button(driver) == ("Kontynuuj", lessons[0])

        tick(driver, site_dir, lessons[0])
        open_page(driver, site_dir, COURSE)
        assert start_button(driver) == ("Kontynuuj", lessons[2])

        for lesson in lessons[2:]:
            tick(driver, site_dir, lesson)
        open_page(driver, site_dir, COURSE)
        assert start_button(driver) == ("Rozpocznij kurs", lessons[0]), "all done: back to the start"
    finally:
        quit_driver(driver)
