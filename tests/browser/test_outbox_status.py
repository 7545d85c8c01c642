"""What the footer says about results that cannot be sent (issue 12): no server is
configured, or the server cannot be reached since a given time, and what to do; after
"Pobierz moje wyniki", which file was saved and when, until the server has the records.
And the demo, opened from disk, syncs to `make run`."""

import re
import shutil
import subprocess
import textwrap
import time

import yaml
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import (REPO, SZPON_BIN, build_site, make_driver, make_site, page_url, quit_driver, site_yaml,
                      visible_text, wait_loaded, wait_serving)
from test_sync import free_port

COURSE = {
    "courses/kurs/course.md": "---\ntitle: Kurs\nsummary: Kurs.\n---\n\nKurs.\n",
    "courses/kurs/01-lekcja.md": "---\ntitle: Lekcja\n---\n\nTreść.\n",
}
CLOCK = r"\d{1,2}:\d{2}"


def panel(driver):
    return visible_text(driver.find_element(By.ID, "szpon-outbox"))


def tick_the_lesson(driver, site):
    driver.get(page_url(site, "courses/kurs/lekcja.html"))
    wait_loaded(driver)
    driver.find_element(By.CSS_SELECTOR, ".szpon-lesson-done button").click()


def test_without_a_server_the_footer_says_so_and_what_to_do(tmp_path_factory):
    site = make_site(tmp_path_factory, "bez-serwera", {"site.yaml": site_yaml("bez-serwera"), **COURSE})
    english = make_site(tmp_path_factory, "no-server", {"site.yaml": site_yaml("no-server", language="en"), **COURSE})
    driver = make_driver()
    try:
        tick_the_lesson(driver, site)
        WebDriverWait(driver, 5).until(lambda d: "Na wysłanie czeka 1 wynik." in panel(d))
        assert "Ta strona nie ma skonfigurowanego serwera" in panel(driver)
        assert "Pobierz plik z wynikami i przekaż go prowadzącemu." in panel(driver)
        tick_the_lesson(driver, english)
        WebDriverWait(driver, 5).until(lambda d: "1 result is waiting to be sent." in panel(d))
        assert "This site has no server configured" in panel(driver)
        assert "hand it to your teacher" in panel(driver)
    finally:
        quit_driver(driver)


def test_an_unreachable_server_is_named_with_the_time_it_went_missing(tmp_path_factory):
    port = free_port()  # nothing listens there
    site = make_site(tmp_path_factory, "serwer-padl", {
        "site.yaml": textwrap.dedent(site_yaml("serwer-padl")) + f"ingest_url: http://127.0.0.1:{port}/api/v1/sync\n",
        **COURSE})
    driver = make_driver()
    try:
        tick_the_lesson(driver, site)
        WebDriverWait(driver, 20).until(lambda d: "Serwer jest niedostępny od" in panel(d))
        assert re.search(f"Serwer jest niedostępny od {CLOCK} – wyślemy wyniki", panel(driver)), panel(driver)
        assert "pobierz plik z wynikami i przekaż go prowadzącemu" in panel(driver)
        assert "nie ma skonfigurowanego serwera" not in panel(driver)
    finally:
        quit_driver(driver)


def test_the_downloaded_file_is_named_until_the_server_has_its_records(tmp_path_factory, tmp_path):
    port = free_port()
    site = make_site(tmp_path_factory, "plik", {
        "site.yaml": textwrap.dedent(site_yaml("plik")) + f'ingest_url: http://127.0.0.1:{port}/api/v1/sync\ningest_origins: ["null"]\n',
        **COURSE})
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    driver = make_driver(downloads=downloads)
    server = None
    try:
        tick_the_lesson(driver, site)
        saved = driver.find_element(By.CSS_SELECTOR, "#szpon-outbox .outbox-saved")
        assert saved.text == ""
        driver.find_element(By.CSS_SELECTOR, "#szpon-outbox .outbox-download").click()
        WebDriverWait(driver, 10).until(lambda d: any(downloads.glob("*.json")))
        [file] = downloads.glob("*.json")
        assert re.fullmatch(rf"Zapisano do pliku {re.escape(file.name)} o {CLOCK}\.", saved.text), saved.text
        assert "Na wysłanie czeka 1 wynik." in panel(driver)
        driver.refresh()
        wait_loaded(driver)
        assert "Zapisano do pliku " + file.name in panel(driver), "the note stays until the server has the records"

        server = subprocess.Popen([str(SZPON_BIN), "serve", "--site", str(site), "--db", str(tmp_path / "r.sqlite"),
                                   "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        wait_serving(server)
        driver.execute_script("window.Szpon.sync.now()")
        WebDriverWait(driver, 30, poll_frequency=0.5).until(lambda d: "Wysłano 1 wynik." in panel(d))
        assert "Zapisano do pliku" not in panel(driver)
    finally:
        quit_driver(driver)
        if server:
            server.terminate()
            server.wait(timeout=10)


def test_the_demo_opened_from_disk_syncs_to_make_run(tmp_path):
    """The demo's site.yaml sends to `make run` (port 8080) and admits pages from disk.
    Built here with only the port changed, so the test needs no free port 8080."""
    settings = yaml.safe_load((REPO / "content" / "site.yaml").read_text(encoding="utf-8"))
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    port_default = re.search(r"^PORT \?= (\d+)$", makefile, re.M).group(1)
    assert settings["ingest_url"] == f"http://127.0.0.1:{port_default}/api/v1/sync"
    assert "null" in settings["ingest_origins"]

    port = free_port()
    shutil.copytree(REPO / "content", tmp_path / "content")
    site_file = tmp_path / "content" / "site.yaml"
    site_file.write_text(site_file.read_text(encoding="utf-8").replace(f"127.0.0.1:{port_default}", f"127.0.0.1:{port}"),
                         encoding="utf-8")
    site = tmp_path / "site"
    build_site(tmp_path / "content", site)
    server = subprocess.Popen([str(SZPON_BIN), "serve", "--site", str(site), "--db", str(tmp_path / "r.sqlite"),
                               "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    driver = make_driver()
    try:
        wait_serving(server)
        driver.get(page_url(site, "courses/segregacja-odpadow/pojemniki.html"))
        wait_loaded(driver)
        driver.find_element(By.CSS_SELECTOR, ".szpon-lesson-done button").click()
        WebDriverWait(driver, 30, poll_frequency=0.5).until(lambda d: "Wysłano 1 wynik." in panel(d))
    finally:
        quit_driver(driver)
        server.terminate()
        server.wait(timeout=10)
