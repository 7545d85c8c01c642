"""The same learner journey in Firefox (ESR, headless, driven through Marionette, as
Debian has no geckodriver): progress and results made from file:// pages survive
moving between pages and restarting the browser."""

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from conftest import page_url

firefox = shutil.which("firefox-esr") or shutil.which("firefox")
marionette = pytest.importorskip("marionette_driver.marionette", reason="marionette-driver is not installed")
By = pytest.importorskip("marionette_driver.by").By
Wait = pytest.importorskip("marionette_driver.wait").Wait
errors = pytest.importorskip("marionette_driver.errors")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Firefox:
    def __init__(self, profile):
        self.profile = profile

    def __enter__(self):
        port = free_port()
        Path(self.profile, "user.js").write_text(f'user_pref("marionette.port", {port});\n'
                                                 'user_pref("browser.shell.checkDefaultBrowser", false);\n')
        self.process = subprocess.Popen([firefox, "--headless", "--marionette", "--profile", str(self.profile), "-no-remote"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.client = marionette.Marionette(host="127.0.0.1", port=port)
        for _ in range(90):
            try:
                self.client.start_session()
                return self.client
            except Exception:
                time.sleep(1)
        raise AssertionError("Firefox did not start")

    def __exit__(self, *exc):
        try:
            self.client.quit(in_app=True)  # a real close: the profile is written out
        except Exception:
            pass
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def text(client, selector):
    return client.find_element(By.CSS_SELECTOR, selector).text


def wait_for_text(client, selector, expected, timeout=20):
    """Waits until the element shows `expected` (the page may still be loading or
    filling it in); returns the text, or fails naming what it showed."""
    def shown(c):
        try:
            return text(c, selector) == expected
        except (errors.NoSuchElementException, errors.StaleElementException):
            return False
    try:
        Wait(client, timeout=timeout, interval=0.1).until(shown)
    except errors.TimeoutException:
        pass
    assert text(client, selector) == expected


@pytest.mark.skipif(not firefox, reason="Firefox is not installed")
def test_progress_and_results_survive_pages_and_a_restart_in_firefox(site_dir):
    profile = Path(tempfile.mkdtemp(prefix="szpon-firefox-"))
    try:
        with Firefox(profile) as ff:
            for lesson in ("po-co-segregowac", "pojemniki"):
                ff.navigate(page_url(site_dir, f"courses/segregacja-odpadow/{lesson}.html"))
                ff.find_element(By.CSS_SELECTOR, ".szpon-lesson-done button").click()
            # Following a link, as a learner does.
            ff.find_element(By.CSS_SELECTOR, ".breadcrumbs a[href='index.html']").click()
            Wait(ff, timeout=20).until(lambda c: c.get_url().endswith("/courses/segregacja-odpadow/index.html"))
            wait_for_text(ff, ".course-progress-text", "Ukończone lekcje: 2 z 4")
            ff.navigate(page_url(site_dir, "courses/segregacja-odpadow/odpady-niebezpieczne.html"))
            ff.find_element(By.CSS_SELECTOR, ".szpon-quiz-form button[type=submit]").click()
            assert "Wynik: 0 z " in text(ff, ".szpon-quiz-result")
            assert "Na wysłanie czekają 3 wyniki." in text(ff, "#szpon-outbox")

        with Firefox(profile) as ff:
            ff.navigate(page_url(site_dir, "courses/segregacja-odpadow/index.html"))
            assert text(ff, ".course-progress-text") == "Ukończone lekcje: 2 z 4"
            assert "Na wysłanie czekają 3 wyniki." in text(ff, "#szpon-outbox")
            ff.navigate(page_url(site_dir, "courses/segregacja-odpadow/odpady-niebezpieczne.html"))
            assert "Wynik: 0 z " in text(ff, ".szpon-quiz-result"), "the attempt's review is back after the restart"
    finally:
        shutil.rmtree(profile, ignore_errors=True)
