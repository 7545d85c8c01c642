"""Offline first, then sync: a test taken from file:// while the server is down
reaches the server exactly once when it comes up, and the page says it was sent."""

import http.client
import json
import socket
import sqlite3
import subprocess
import textwrap
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import (REPO, SZPON_BIN, make_driver, make_site, outbox_records, page_url, quit_driver, site_yaml,
                      visible_text, wait_loaded, wait_serving)

LESSON = """
    ---
    title: Egzamin
    ---

    ## Egzamin

    ```quiz
    id: egzamin
    graded: true
    mode: exam
    pass: 50
    questions:
      - id: puszka
        type: single
        text: Gdzie wrzucisz puszkę?
        answers:
          - { text: Do żółtego, correct: true }
          - { text: Do zielonego }
    ```
    """


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def panel_text(driver):
    return visible_text(driver.find_element(By.ID, "szpon-outbox"))


class CountingProxy:
    """An HTTP proxy in front of `szpon serve` that notes every request it passes on,
    so a test can count what reached the server (the browser's own view of its
    requests is not evidence of what arrived)."""

    HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}

    def __init__(self, port, target):
        self.requests = []  # (method, path, body) in the order they arrived
        lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def forward(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with lock:
                    proxy.requests.append((self.command, self.path, body))
                con = http.client.HTTPConnection("127.0.0.1", target, timeout=30)
                try:
                    headers = {k: v for k, v in self.headers.items() if k.lower() not in CountingProxy.HOP}
                    con.request(self.command, self.path, body=body or None, headers=headers)
                    answer = con.getresponse()
                    data = answer.read()
                    self.send_response(answer.status)
                    for key, value in answer.getheaders():
                        if key.lower() not in CountingProxy.HOP:
                            self.send_header(key, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                finally:
                    con.close()

            do_GET = do_POST = do_OPTIONS = forward

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def posted(self, path="/api/v1/sync"):
        """The record ids of each POST to `path`, one list per request."""
        return [[r["id"] for r in json.loads(body)["records"]] for method, p, body in list(self.requests)
                if method == "POST" and p == path]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def test_attempt_taken_offline_arrives_once_when_the_server_comes_up(tmp_path_factory, tmp_path):
    port = free_port()
    yaml = textwrap.dedent(site_yaml("synchro")) + f'ingest_url: http://127.0.0.1:{port}/api/v1/sync\ningest_origins: ["null"]\n'
    site = make_site(tmp_path_factory, "sync-site", {
        "site.yaml": yaml,
        "courses/kurs/course.md": "---\ntitle: Kurs\nsummary: Kurs.\n---\n\nKurs.\n",
        "courses/kurs/01-egzamin.md": LESSON,
    })
    db = tmp_path / "results.sqlite"
    driver = make_driver()
    server = proxy = None
    try:
        # The server is down: the learner takes the exam from disk.
        driver.get(page_url(site, "courses/kurs/egzamin.html"))
        wait_loaded(driver)
        driver.find_element(By.CSS_SELECTOR, "input[name='egzamin-puszka'][value='0']").click()
        driver.find_element(By.CSS_SELECTOR, ".szpon-quiz-form button[type=submit]").click()
        assert "Twoje odpowiedzi zostały zapisane" in visible_text(driver.find_element(By.CSS_SELECTOR, ".szpon-quiz-result"))
        WebDriverWait(driver, 20).until(lambda d: "Serwer jest niedostępny od" in panel_text(d))
        assert "Na wysłanie czeka 1 wynik." in panel_text(driver)
        [record] = outbox_records(driver, "synchro")

        # The server comes up (behind a proxy that counts what reaches it); the page's retry finds it.
        server = subprocess.Popen([str(SZPON_BIN), "serve", "--site", str(site), "--db", str(db), "--port", "0",
                                   "--manifest", str(Path(site).parent / ".szpon" / "server.json")],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        proxy = CountingProxy(port, wait_serving(server))
        WebDriverWait(driver, 60, poll_frequency=0.5).until(lambda d: "Wysłano 1 wynik." in panel_text(d))
        assert proxy.posted() == [[record["id"]]]
        assert "Brak wyników czekających na wysłanie." in panel_text(driver)
        assert outbox_records(driver, "synchro") == []
        # The exam's score reaches the learner with the sync.
        WebDriverWait(driver, 10).until(
            lambda d: "Wynik sprawdzony przez serwer." in visible_text(d.find_element(By.CSS_SELECTOR, ".szpon-quiz-result")))
        assert "Wynik: 1 z 1 pkt (100%)." in visible_text(driver.find_element(By.CSS_SELECTOR, ".szpon-quiz-result"))

        # Reloading sends nothing again. The page syncs on load, one request at a time,
        # so once a new record made after the reload has been sent, any resend of the
        # attempt would have reached the server before it.
        driver.refresh()
        wait_loaded(driver)
        assert "Wysłano 1 wynik." in panel_text(driver)
        driver.find_element(By.CSS_SELECTOR, ".szpon-lesson-done button").click()
        WebDriverWait(driver, 20).until(lambda d: len(proxy.posted()) >= 2 and not outbox_records(d, "synchro"))
        [done] = [r for r in proxy.posted()[1]]
        assert proxy.posted() == [[record["id"]], [done]], "the attempt was sent again after the reload"
        con = sqlite3.connect(db)
        try:
            assert sorted(con.execute("SELECT id, kind, source FROM records").fetchall()) == sorted(
                [(record["id"], "attempt", "sync"), (done, "progress", "sync")])
            assert con.execute("SELECT server_points, server_passed FROM attempt_scores").fetchall() == [(1.0, 1)]
        finally:
            con.close()
    finally:
        quit_driver(driver)
        if proxy:
            proxy.close()
        if server:
            server.terminate()
            server.wait(timeout=10)


def test_demo_served_by_szpon_serve_syncs_to_its_own_server(site_dir, tmp_path):
    """No ingest_url needed: pages served by `szpon serve` send results to it."""
    db = tmp_path / "results.sqlite"
    server = subprocess.Popen([str(SZPON_BIN), "serve", "--site", str(site_dir), "--db", str(db), "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    driver = make_driver()
    try:
        port = wait_serving(server)
        driver.get(f"http://127.0.0.1:{port}/courses/segregacja-odpadow/pojemniki.html")
        wait_loaded(driver)
        button = driver.find_element(By.CSS_SELECTOR, ".szpon-lesson-done button")
        button.click()
        WebDriverWait(driver, 20).until(lambda d: "Wysłano 1 wynik." in panel_text(d))
        con = sqlite3.connect(db)
        try:
            assert con.execute("SELECT kind, json_extract(payload, '$.lesson') FROM records").fetchall() == [("progress", "pojemniki")]
        finally:
            con.close()
    finally:
        quit_driver(driver)
        server.terminate()
        server.wait(timeout=10)


def test_a_record_the_server_rejects_stays_with_the_reason_shown(tmp_path_factory, tmp_path):
    """The server serves another site: it rejects this one's records, and the page says why."""
    port = free_port()
    served = make_site(tmp_path_factory, "served-site", {
        "site.yaml": textwrap.dedent(site_yaml("inna-szkola")) + 'ingest_origins: ["null"]\n',
        "courses/kurs/course.md": "---\ntitle: Kurs\nsummary: Kurs.\n---\n\nKurs.\n",
    })
    stick = make_site(tmp_path_factory, "stick-site", {
        "site.yaml": textwrap.dedent(site_yaml("pendrive")) + f"ingest_url: http://127.0.0.1:{port}/api/v1/sync\n",
        "courses/kurs/course.md": "---\ntitle: Kurs\nsummary: Kurs.\n---\n\nKurs.\n",
        "courses/kurs/01-lekcja.md": "---\ntitle: Lekcja\n---\n\nTreść.\n",
    })
    server = subprocess.Popen([str(SZPON_BIN), "serve", "--site", str(served), "--db", str(tmp_path / "r.sqlite"), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    driver = make_driver()
    try:
        wait_serving(server)
        driver.get(page_url(stick, "courses/kurs/lekcja.html"))
        wait_loaded(driver)
        driver.find_element(By.CSS_SELECTOR, ".szpon-lesson-done button").click()
        WebDriverWait(driver, 20).until(lambda d: "nie został przyjęty przez serwer" in panel_text(d))
        assert "site 'pendrive' is not served here" in panel_text(driver)
        assert "Na wysłanie czeka 1 wynik." in panel_text(driver), "a rejected record stays in the outbox and the results file"
        assert len(outbox_records(driver, "pendrive")) == 1
    finally:
        quit_driver(driver)
        server.terminate()
        server.wait(timeout=10)


SURVEY = """
    ---
    title: {title}
    ---

    ```survey
    id: {id}
    questions:
      - id: uwagi
        type: text
        text: Uwagi
    ```
    """


def test_one_record_the_server_cannot_take_does_not_hold_up_the_others(tmp_path_factory, tmp_path):
    """Offline, a learner pastes 1.2 MB of text into one survey and text with a broken
    character into another, and finishes two lessons. When the server comes up, the
    request holding all four is refused whole (too large, not valid JSON to the server).
    The page splits it, the lessons arrive, and only the two bad responses stay, each
    with the server's reason."""
    port = free_port()
    yaml = textwrap.dedent(site_yaml("wiele")) + f'ingest_url: http://127.0.0.1:{port}/api/v1/sync\ningest_origins: ["null"]\n'
    site = make_site(tmp_path_factory, "split-site", {
        "site.yaml": yaml,
        "courses/kurs/course.md": "---\ntitle: Kurs\nsummary: Kurs.\n---\n\nKurs.\n",
        "courses/kurs/01-pierwsza.md": "---\ntitle: Pierwsza\n---\n\nTreść.\n",
        "courses/kurs/02-druga.md": "---\ntitle: Druga\n---\n\nTreść.\n",
        "surveys/duza.md": textwrap.dedent(SURVEY.format(title="Duża", id="duza")),
        "surveys/znak.md": textwrap.dedent(SURVEY.format(title="Znak", id="znak")),
    })
    db = tmp_path / "results.sqlite"
    driver = make_driver()
    server = None
    try:
        # The text is made in the page: WebDriver's JSON cannot carry a lone surrogate.
        for survey, text in [("duza", "'x'.repeat(1200000)"), ("znak", "'a' + String.fromCharCode(0xd800) + 'b'")]:
            driver.get(page_url(site, f"surveys/{survey}.html"))
            wait_loaded(driver)
            driver.execute_script("var t = document.querySelector('.szpon-survey textarea'); t.value = " + text + ";"
                                  "t.dispatchEvent(new Event('input', {bubbles: true}));")
            driver.find_element(By.CSS_SELECTOR, ".szpon-survey form button[type=submit]").click()
            WebDriverWait(driver, 5).until(lambda d: d.find_element(By.CSS_SELECTOR, ".szpon-survey-thanks").is_displayed())
        for lesson in ("pierwsza", "druga"):
            driver.get(page_url(site, f"courses/kurs/{lesson}.html"))
            wait_loaded(driver)
            driver.find_element(By.CSS_SELECTOR, ".szpon-lesson-done button").click()
        WebDriverWait(driver, 20).until(lambda d: "Na wysłanie czekają 4 wyniki." in panel_text(d))

        server = subprocess.Popen([str(SZPON_BIN), "serve", "--site", str(site), "--db", str(db), "--port", str(port)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        wait_serving(server)
        driver.execute_script("window.Szpon.sync.now()")
        WebDriverWait(driver, 60, poll_frequency=0.5).until(lambda d: "Wysłano 2 wyniki." in panel_text(d)
                                                            and panel_text(d).count("nie został przyjęty przez serwer") == 2)
        text = panel_text(driver)
        assert "larger than" in text and "JSON" in text, text
        assert "Na wysłanie czekają 2 wyniki." in text, "the held responses stay in the outbox and the results file"
        held = outbox_records(driver, "wiele")
        assert sorted(r["payload"]["survey"] for r in held) == ["duza", "znak"]
        con = sqlite3.connect(db)
        try:
            assert sorted(con.execute("SELECT kind, json_extract(payload, '$.lesson') FROM records").fetchall()) == [
                ("progress", "druga"), ("progress", "pierwsza")]
        finally:
            con.close()
    finally:
        quit_driver(driver)
        if server:
            server.terminate()
            server.wait(timeout=10)
