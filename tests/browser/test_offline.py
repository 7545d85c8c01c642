"""Every page works offline from file://: no request leaves the machine, no script error."""

import json
from urllib.parse import urlparse

import pytest

from conftest import page_url, wait_loaded

LOCAL_SCHEMES = {"file", "data", "about", "blob"}


def drain(driver):
    driver.get_log("performance")
    driver.get_log("browser")


@pytest.fixture(scope="module")
def visits(driver, site_dir, all_pages):
    """Loads every built page (and the search page with a query) once.

    Returns {page: {"requests": [(url, documentURL)], "console": [entries]}}.
    """
    driver.get("about:blank")
    wait_loaded(driver)
    drain(driver)  # drop whatever the browser did at start-up

    seen = {}
    for page in list(all_pages) + ["search.html?q=zolty"]:
        driver.get(page_url(site_dir, page))
        wait_loaded(driver)
        # Let deferred work (timers, late script loads) run before reading the logs.
        driver.execute_script("return new Promise(r => setTimeout(r, 50))")
        requests = []
        for entry in driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            method, params = message.get("method"), message.get("params", {})
            if method == "Network.requestWillBeSent":
                requests.append((params["request"]["url"], params.get("documentURL", "")))
            elif method == "Network.webSocketCreated":
                requests.append((params["url"], ""))
        seen[page] = {"requests": requests, "console": driver.get_log("browser")}
    return seen


def test_visiting_every_page_requests_only_local_files(visits, all_pages):
    assert "index.html" in all_pages and len(all_pages) >= 10, all_pages
    remote, odd = [], []
    for page, data in visits.items():
        urls = [u for u, _ in data["requests"]]
        # The log really records this page's loads: its own HTML and stylesheet.
        assert any(u.startswith("file://") and u.split("?")[0].endswith(page.split("?")[0]) for u in urls), (
            f"{page}: performance log did not record the page load itself: {urls}"
        )
        assert any(u.endswith("assets/css/szpon.css") for u in urls), f"{page}: stylesheet load not recorded: {urls}"
        for url, document in data["requests"]:
            scheme = urlparse(url).scheme.lower()
            if scheme in ("http", "https", "ws", "wss", "ftp"):
                remote.append(f"{page}: {url}")
            elif scheme not in LOCAL_SCHEMES and not (scheme == "chrome" and document.startswith("chrome")):
                odd.append(f"{page}: {url} (document {document})")
    assert not remote, "pages request remote resources:\n  " + "\n  ".join(remote)
    assert not odd, "pages request non-file URLs:\n  " + "\n  ".join(odd)


def test_no_page_logs_javascript_errors_to_the_console(visits):
    errors = [
        f"{page}: [{e['level']}] {e['message']}"
        for page, data in visits.items()
        for e in data["console"]
        if e.get("level") == "SEVERE"
    ]
    assert not errors, "console errors:\n  " + "\n  ".join(errors)
