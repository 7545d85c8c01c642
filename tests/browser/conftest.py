"""Shared fixtures for szpon's real-browser tests.

The demo site is built once per test session with the szpon binary
(.build/debug/szpon, relative to the repository root) into a temporary folder
and opened straight from disk through file:// URLs, the way a learner opens a
site copied to a USB stick. Every test module gets its own headless Chromium
session (one browser per module keeps the suite fast).

Environment overrides:
  SZPON_BIN        path of the szpon binary (default: .build/debug/szpon)
  SZPON_TEST_SITE  use this already built site instead of building one
  CHROMIUM_BIN     Chromium binary (default: /usr/bin/chromium)
  CHROMEDRIVER     chromedriver binary (default: /usr/bin/chromedriver)
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

REPO = Path(__file__).resolve().parents[2]

# Pages checked for accessibility, reflow and keyboard access (paths inside the
# built site, with an optional query string).
A11Y_PAGES = [
    "index.html",
    "courses/segregacja-odpadow/index.html",
    "courses/segregacja-odpadow/pojemniki.html",
    "courses/segregacja-odpadow/odpady-niebezpieczne.html",  # lesson with a quiz
    "courses/dostepnosc-cyfrowa/test-koncowy.html",  # graded test
    "guides/wymiana-dowodu.html",
    "surveys/zadowolenie.html",
    "search.html?q=pojemnik",  # search page with results shown
    "accessibility.html",
]


def _first_existing(*candidates):
    for c in candidates:
        if c and Path(c).exists():
            return str(c)
    return None


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory):
    """A freshly built copy of the demo site (content/ + themes/default/)."""
    prebuilt = os.environ.get("SZPON_TEST_SITE")
    if prebuilt:
        path = Path(prebuilt).resolve()
        assert (path / "index.html").is_file(), f"SZPON_TEST_SITE={prebuilt} holds no index.html"
        return path

    binary = Path(os.environ.get("SZPON_BIN", REPO / ".build" / "debug" / "szpon"))
    if not binary.is_file():
        fallback = REPO / "site"
        if (fallback / "index.html").is_file():
            return fallback
        pytest.fail(f"szpon binary {binary} not found and no built site in {fallback}; run `swift build` first")

    out = tmp_path_factory.mktemp("szpon") / "site"
    proc = subprocess.run(
        [str(binary), "build", "--content", "content", "--theme", "themes/default", "--output", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, f"szpon build failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    assert (out / "index.html").is_file(), f"szpon build wrote no index.html:\n{proc.stdout}"
    return out


@pytest.fixture(scope="session")
def all_pages(site_dir):
    """Every built HTML page, as site-relative POSIX paths, sorted."""
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))


def page_url(site_dir, rel):
    """file:// URL of a page of the built site; `rel` may carry ?query and #fragment."""
    path, sep, rest = rel.partition("?")
    if not sep:
        path, sep, rest = rel.partition("#")
    url = (Path(site_dir) / path).resolve().as_uri()
    return url + sep + rest if sep else url


def make_driver(width=1280, height=900):
    """A fresh headless Chromium with performance and console logging enabled."""
    options = webdriver.ChromeOptions()
    options.binary_location = _first_existing(os.environ.get("CHROMIUM_BIN"), "/usr/bin/chromium", "/usr/bin/chromium-browser") or "chromium"
    profile = tempfile.mkdtemp(prefix="szpon-chromium-")
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
        # Overlay-style scrollbars, as on phones: the viewport keeps its full
        # CSS width, so the 320 px reflow check measures 320 px of content.
        "--hide-scrollbars",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-default-apps",
        "--disable-sync",
        "--disable-extensions",
        "--lang=pl-PL",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver_path = _first_existing(os.environ.get("CHROMEDRIVER"), "/usr/bin/chromedriver") or "chromedriver"
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    driver._szpon_profile = profile
    return driver


def quit_driver(driver):
    profile = getattr(driver, "_szpon_profile", None)
    try:
        driver.quit()
    finally:
        if profile:
            shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def driver():
    """One headless Chromium per test module."""
    d = make_driver()
    try:
        yield d
    finally:
        quit_driver(d)


@pytest.fixture
def open_page(driver, site_dir):
    """open_page("guides/wymiana-dowodu.html") loads a page and waits for it."""

    def _open(rel):
        driver.get(page_url(site_dir, rel))
        wait_loaded(driver)
        return driver

    return _open


def wait_loaded(driver, timeout=10):
    WebDriverWait(driver, timeout).until(lambda d: d.execute_script("return document.readyState") == "complete")


def site_path_of(driver, site_dir):
    """The current page as a site-relative path (no query or fragment)."""
    url = driver.current_url.split("#", 1)[0].split("?", 1)[0]
    root = Path(site_dir).resolve().as_uri().rstrip("/") + "/"
    assert url.startswith(root), f"left the site: {driver.current_url}"
    return url[len(root):]
