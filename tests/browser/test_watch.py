"""`szpon serve --watch`, the authors' preview: a saved change reloads the open page by
itself, and a content error shows in the page with its file and line."""

import re
import shutil
import subprocess
import textwrap

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import REPO, SZPON_BIN, make_driver, quit_driver, site_yaml, wait_serving, write_content

LESSON = """
    ---
    title: Pierwsza lekcja
    ---

    Treść lekcji.
    """


def test_saving_a_change_reloads_the_page_and_errors_show_in_it(tmp_path):
    content = write_content(tmp_path, {
        "site.yaml": site_yaml("podglad"),
        "courses/kurs/course.md": "---\ntitle: Kurs\nsummary: Kurs.\n---\n\nKurs.\n",
        "courses/kurs/01-pierwsza.md": LESSON,
    })
    lesson = content / "courses" / "kurs" / "01-pierwsza.md"
    server = subprocess.Popen([str(SZPON_BIN), "serve", "--watch", "--content", str(content), "--theme", str(REPO / "themes" / "default"),
                               "--site", str(tmp_path / "site"), "--db", str(tmp_path / "r.sqlite"), "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    driver = make_driver()
    try:
        port = wait_serving(server, timeout=60)  # after the first build
        driver.get(f"http://127.0.0.1:{port}/courses/kurs/pierwsza.html")
        assert driver.find_element(By.TAG_NAME, "h1").text == "Pierwsza lekcja"
        marker = driver.execute_script("window.szponMarker = 1; return window.szponMarker;")
        assert marker == 1

        lesson.write_text(textwrap.dedent(LESSON).lstrip().replace("Pierwsza lekcja", "Lekcja po zmianie"))
        WebDriverWait(driver, 20).until(lambda d: d.find_element(By.TAG_NAME, "h1").text == "Lekcja po zmianie")
        assert driver.execute_script("return window.szponMarker") is None, "the page should have reloaded by itself"

        lesson.write_text(textwrap.dedent(LESSON).lstrip() + "\n[zepsuty link](nie-ma.md)\n")
        # The theme's staff/build-errors page, in the site's language (Polish here).
        WebDriverWait(driver, 20).until(lambda d: "Nie udało się zbudować serwisu" in d.find_element(By.TAG_NAME, "h1").text)
        text = driver.find_element(By.TAG_NAME, "main").text
        assert re.search(r"01-pierwsza\.md:\d+:\d+: error: broken link", text), text

        lesson.write_text(textwrap.dedent(LESSON).lstrip())
        WebDriverWait(driver, 20).until(lambda d: d.find_element(By.TAG_NAME, "h1").text == "Pierwsza lekcja")
    finally:
        quit_driver(driver)
        server.terminate()
        server.wait(timeout=10)
