"""The staff panel in a real browser, by keyboard only: a teacher opens their invitation link,
sets a password, finds their group and its required courses, signs out and in again; every page
on the way passes axe."""

import subprocess

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from conftest import (REPO, SZPON_BIN, assert_no_axe_violations, console_errors, make_driver, quit_driver,
                      site_yaml, wait_loaded, wait_serving, write_content)

ROSTER = """id;name;email;office;department;roles;groups
T1;Tomasz Nauczyciel;tomasz@szkola.example;;;teacher;klasa-7a
L1;Łukasz Bąk;;;;learner;klasa-7a
"""
PASSWORD = "długie hasło 123"


def szpon(*args, cwd):
    return subprocess.run([str(SZPON_BIN), *args], cwd=cwd, capture_output=True, text=True, check=True, timeout=120)


def type_and_tab(driver, *texts):
    """Types each text into the focused field, then moves on with Tab, as a keyboard user does."""
    for text in texts:
        driver.switch_to.active_element.send_keys(text)
        driver.switch_to.active_element.send_keys(Keys.TAB)


def submit(driver, element, text=""):
    """Types `text` into `element` (a field, a link or a button) and presses Enter, then waits
    for the next page. The old page must go away first: until it does, readyState is still
    the old page's "complete", and bcrypt makes the server take its time."""
    old = driver.find_element(By.TAG_NAME, "html")
    element.send_keys(text + Keys.ENTER)
    WebDriverWait(driver, 30).until(expected_conditions.staleness_of(old))
    wait_loaded(driver)


def test_a_teacher_uses_the_panel_by_keyboard_and_every_page_passes_axe(tmp_path):
    write_content(tmp_path, {"site.yaml": site_yaml("panel"),
                             "courses/kurs/course.md": "---\ntitle: Kurs\nsummary: Kurs.\naudience: {groups: [klasa-7a]}\n"
                                                       "due_days: 7\n---\n\nKurs.\n",
                             "courses/kurs/01-lekcja.md": "---\ntitle: Lekcja\n---\n\nTreść.\n"})
    szpon("build", "--content", "content", "--theme", str(REPO / "themes" / "default"), "--output", "site", cwd=tmp_path)
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    szpon("people", "import", "roster.csv", "--db", "results.sqlite", cwd=tmp_path)
    server = subprocess.Popen([str(SZPON_BIN), "serve", "--site", "site", "--db", "results.sqlite", "--port", "0"],
                              cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    driver = make_driver()
    try:
        base = f"http://127.0.0.1:{wait_serving(server)}"
        link = szpon("people", "invite", "T1", "--db", "results.sqlite", "--base-url", base, cwd=tmp_path).stdout.strip()

        driver.get(link)
        wait_loaded(driver)
        assert_no_axe_violations(driver, "invitation page")
        driver.find_element(By.ID, "password").click()
        type_and_tab(driver, PASSWORD)
        submit(driver, driver.switch_to.active_element, "inne hasło 1234")
        alert = driver.find_element(By.CSS_SELECTOR, '[role="alert"]')
        assert "różnią" in alert.text
        # The refusal's status (400) is the only thing the console reports.
        assert all("status of 400" in e for e in console_errors(driver))
        assert_no_axe_violations(driver, "invitation page with an error")
        driver.find_element(By.ID, "password").click()
        type_and_tab(driver, PASSWORD)
        submit(driver, driver.switch_to.active_element, PASSWORD)
        assert driver.current_url == base + "/panel"
        assert_no_axe_violations(driver, "panel home")

        submit(driver, driver.find_element(By.CSS_SELECTOR, 'nav a[href="/panel/groups"]'))
        assert "Łukasz Bąk" in driver.find_element(By.TAG_NAME, "main").text
        assert_no_axe_violations(driver, "Moja grupa")
        submit(driver, driver.find_element(By.CSS_SELECTOR, 'nav a[href="/panel/enrollment"]'))
        submit(driver, driver.find_element(By.LINK_TEXT, "klasa-7a"))
        main = driver.find_element(By.TAG_NAME, "main").text
        assert "Łukasz Bąk" in main and "nie rozpoczęty" in main
        assert_no_axe_violations(driver, "Kursy obowiązkowe")
        submit(driver, driver.find_element(By.CSS_SELECTOR, 'nav a[href="/panel/courses"]'))
        assert_no_axe_violations(driver, "Moje kursy")
        driver.get(base + "/panel/people")
        wait_loaded(driver)
        assert "Brak dostępu" in driver.find_element(By.TAG_NAME, "h1").text
        assert all("status of 403" in e for e in console_errors(driver))
        assert_no_axe_violations(driver, "no access page")

        submit(driver, driver.find_element(By.CSS_SELECTOR, 'form[action="/panel/logout"] button'))
        assert driver.find_element(By.CSS_SELECTOR, '[role="status"]')
        assert_no_axe_violations(driver, "panel sign-in")
        driver.find_element(By.ID, "login").click()
        type_and_tab(driver, "tomasz@szkola.example")
        submit(driver, driver.switch_to.active_element, PASSWORD)
        assert driver.find_elements(By.CSS_SELECTOR, 'nav a[href="/panel/groups"]'), "signed in again"
    finally:
        quit_driver(driver)
        server.terminate()
        server.wait(timeout=10)
