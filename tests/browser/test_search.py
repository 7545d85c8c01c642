"""Offline search from file://: the header search box, diacritic folding, result anchors."""

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import site_path_of, wait_loaded

NO_RESULTS = "Nic nie znaleziono"


def search_from_header(driver, site_dir, start, query):
    """Types `query` into the header search box of page `start` and presses Enter."""
    driver.get((Path(site_dir) / start).as_uri())
    wait_loaded(driver)
    box = driver.find_element(By.ID, "site-search-q")
    assert box.is_displayed(), f"{start}: header search box is not visible"
    old = driver.find_element(By.TAG_NAME, "html")
    box.clear()
    box.send_keys(query)
    box.send_keys(Keys.ENTER)
    WebDriverWait(driver, 10).until(EC.staleness_of(old))
    wait_loaded(driver)
    assert site_path_of(driver, site_dir) == "search.html", driver.current_url
    status = driver.find_element(By.ID, "search-status")
    WebDriverWait(driver, 5).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results > li") or NO_RESULTS in status.text,
        message=f"search for {query!r} showed neither results nor '{NO_RESULTS}': status {status.text!r}",
    )
    return driver.find_elements(By.CSS_SELECTOR, "#search-results > li")


def result_links(driver):
    return [li.find_element(By.CSS_SELECTOR, "a") for li in driver.find_elements(By.CSS_SELECTOR, "#search-results > li")]


def file_and_fragment(url):
    parsed = urlparse(url)
    assert parsed.scheme == "file", f"result link is not a local file: {url}"
    return Path(unquote(parsed.path)), unquote(parsed.fragment)


def follow_and_check_anchor(driver, site_dir, link):
    """Clicks a result link and asserts the landing page has the element named by its #fragment."""
    href = link.get_attribute("href")
    target, fragment = file_and_fragment(href)
    assert fragment, f"result {href} does not link to a heading anchor"
    old = driver.find_element(By.TAG_NAME, "html")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    WebDriverWait(driver, 10).until(EC.staleness_of(old))
    wait_loaded(driver)
    assert driver.current_url == href
    found = driver.execute_script("return document.getElementById(decodeURIComponent(location.hash.slice(1)))")
    assert found is not None, f"{driver.current_url}: no element with id {fragment!r}"
    assert found.is_displayed()
    return found


def test_header_search_for_pojemnik_lists_results_that_link_to_existing_heading_anchors(driver, site_dir):
    results = search_from_header(driver, site_dir, "courses/segregacja-odpadow/pszok.html", "pojemnik")
    assert results, "search for 'pojemnik' found nothing"
    status = driver.find_element(By.ID, "search-status").text
    assert re.match(r"Znaleziono \d+ wynik", status), status
    assert str(len(results)) in status
    assert driver.find_element(By.ID, "search-q").get_attribute("value") == "pojemnik"
    assert driver.find_element(By.ID, "site-search-q").get_attribute("value") == "pojemnik"

    links = result_links(driver)
    for a in links:
        assert a.text.strip(), "every result has a title"
        target, fragment = file_and_fragment(a.get_attribute("href"))
        assert target.is_file(), f"result points to a missing page: {a.get_attribute('href')}"
        if fragment:
            html = target.read_text(encoding="utf-8")
            assert f'id="{fragment}"' in html, f"{target.name} has no element with id {fragment!r}"
    marks = driver.find_elements(By.CSS_SELECTOR, "#search-results mark")
    assert marks and all(m.text.lower().startswith("pojemnik") for m in marks), [m.text for m in marks]

    anchored = [a for a in links if "#" in a.get_attribute("href")]
    assert anchored, "no result links to a heading anchor"
    follow_and_check_anchor(driver, site_dir, anchored[0])


@pytest.mark.parametrize(
    "query, heading, target",
    [
        ("zolty", "Żółty pojemnik", "courses/segregacja-odpadow/pojemniki.html#zolty-pojemnik"),
        ("ZADANIE zapewnienia", "Żądanie zapewnienia dostępności", "courses/dostepnosc-cyfrowa/ustawa-i-deklaracja.html#zadanie-zapewnienia-dostepnosci"),
        ("zmienilam nazwisko", "Zmieniłam nazwisko po ślubie. Czy mam przynieść akt małżeństwa?", "guides/wymiana-dowodu.html#zmienilam-nazwisko-po-slubie-czy-mam-przyniesc-akt-malzenstwa"),
    ],
)
def test_header_search_without_polish_letters_finds_the_heading_with_them(driver, site_dir, query, heading, target):
    results = search_from_header(driver, site_dir, "index.html", query)
    assert results, f"search for {query!r} found nothing"
    links = result_links(driver)
    matching = [a for a in links if a.text.strip() == heading]
    assert matching, f"no result titled {heading!r} for {query!r}; got {[a.text for a in links]}"
    link = matching[0]
    assert link.get_attribute("href") == (Path(site_dir) / target.split("#")[0]).resolve().as_uri() + "#" + target.split("#")[1]

    found = follow_and_check_anchor(driver, site_dir, link)
    assert site_path_of(driver, site_dir) == target.split("#")[0]
    assert found.text.strip() == heading


def test_folded_match_is_highlighted_in_its_original_polish_spelling(driver, site_dir):
    search_from_header(driver, site_dir, "index.html", "zolty")
    marks = [m.text for m in driver.find_elements(By.CSS_SELECTOR, "#search-results mark")]
    assert marks, "no highlighted match in the results for 'zolty'"
    assert "żółty" in [m.lower() for m in marks], f"highlights should show 'żółty' as written in the text, got {marks}"


def test_search_page_form_searches_again_without_reloading(driver, site_dir):
    search_from_header(driver, site_dir, "index.html", "baterie")
    first = [a.get_attribute("href") for a in result_links(driver)]
    assert first
    html = driver.find_element(By.TAG_NAME, "html")
    box = driver.find_element(By.ID, "search-q")
    box.clear()
    box.send_keys("dowod osobisty")
    driver.find_element(By.CSS_SELECTOR, "form.search-page-form button[type='submit']").click()
    WebDriverWait(driver, 5).until(lambda d: [a.get_attribute("href") for a in result_links(d)] != first)
    assert not EC.staleness_of(html)(driver), "the search page reloaded instead of searching in place"
    links = result_links(driver)
    assert links and any("guides/wymiana-dowodu.html" in a.get_attribute("href") for a in links)


def test_nonsense_query_shows_nothing_found_status(driver, site_dir):
    results = search_from_header(driver, site_dir, "guides/wymiana-dowodu.html", "qxzvjkwq")
    assert results == []
    status = driver.find_element(By.ID, "search-status")
    assert NO_RESULTS in status.text
    assert status.get_attribute("role") == "status" or status.get_attribute("aria-live"), "the result count is announced"
