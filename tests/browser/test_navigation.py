"""A learner clicks through the site opened from disk (file://)."""

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from selenium.common.exceptions import NoSuchElementException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import site_path_of, wait_loaded

SITE_TITLE = "Akademia Urzędu Miasta Przykładowo"


def click_and_wait(driver, element):
    """Clicks a link like a user and waits until the next page has loaded."""
    old = driver.find_element(By.TAG_NAME, "html")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()
    WebDriverWait(driver, 10).until(EC.staleness_of(old))
    wait_loaded(driver)


def h1(driver):
    headings = driver.find_elements(By.TAG_NAME, "h1")
    assert len(headings) == 1, f"{driver.current_url}: expected exactly one h1, found {len(headings)}"
    return headings[0].text.strip()


def raw_href(driver, a):
    return driver.execute_script("return arguments[0].getAttribute('href')", a)


def sidebar(driver):
    """(heading link, [lesson links]) of the course sidebar filled by nav.js."""
    nav = WebDriverWait(driver, 5).until(
        lambda d: (n := d.find_element(By.ID, "szpon-nav")).is_displayed() and n,
        message="#szpon-nav never became visible (nav.js did not fill it)",
    )
    heading = nav.find_elements(By.CSS_SELECTOR, "h2 a")
    lessons = nav.find_elements(By.CSS_SELECTOR, "ol > li > a")
    return nav, (heading[0] if heading else None), lessons


@pytest.mark.parametrize("slug", ["segregacja-odpadow", "dostepnosc-cyfrowa"])
def test_learner_goes_from_home_card_through_every_lesson_and_back_home_by_breadcrumbs(driver, site_dir, slug):
    driver.get((Path(site_dir) / "index.html").as_uri())
    wait_loaded(driver)
    assert h1(driver) == SITE_TITLE
    assert not driver.find_element(By.ID, "szpon-nav").is_displayed(), "the course sidebar must stay hidden on the home page"

    # Home: the course card.
    card = driver.find_element(By.CSS_SELECTOR, f".cards .card a[href='courses/{slug}/index.html']")
    course_title = card.text.strip()
    assert course_title
    click_and_wait(driver, card)

    # Course page.
    course_page = f"courses/{slug}/index.html"
    assert site_path_of(driver, site_dir) == course_page
    assert h1(driver) == course_title
    listed = driver.find_elements(By.CSS_SELECTOR, "ol.lesson-list > li > a")
    assert len(listed) >= 2, "the course page lists its lessons"
    lessons = [(a.text.strip(), a.get_attribute("href")) for a in listed]

    nav, heading, side = sidebar(driver)
    assert heading is not None and heading.text.strip() == course_title
    assert heading.get_attribute("aria-current") == "page", "on the course page the sidebar's course link is the current page"
    assert [(a.text.strip(), a.get_attribute("href")) for a in side] == lessons, "sidebar lists the course's lessons in order"
    assert not [a for a in side if a.get_attribute("aria-current")], "no lesson is current on the course page"

    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Rozpocznij kurs"))

    # Every lesson, following "Następna lekcja".
    n = len(lessons)
    for i, (title, url) in enumerate(lessons):
        where = f"lesson {i + 1}/{n} ({driver.current_url})"
        assert driver.current_url.split("#")[0] == url, where
        assert h1(driver) == title, where
        eyebrow = driver.find_element(By.CSS_SELECTOR, "main .page-header .eyebrow").text
        assert f"Lekcja {i + 1} z {n}" in eyebrow, f"{where}: eyebrow {eyebrow!r}"

        nav, heading, side = sidebar(driver)
        assert [(a.text.strip(), a.get_attribute("href")) for a in side] == lessons, f"{where}: sidebar lessons"
        current = nav.find_elements(By.CSS_SELECTOR, "[aria-current]")
        assert len(current) == 1, f"{where}: exactly one sidebar link is marked current, got {len(current)}"
        assert current[0].get_attribute("aria-current") == "page"
        assert current[0].get_attribute("href") == url and current[0].text.strip() == title, f"{where}: wrong link marked current"
        assert heading.get_attribute("aria-current") is None

        pager = driver.find_element(By.CSS_SELECTOR, "nav.pager")
        prev = pager.find_elements(By.PARTIAL_LINK_TEXT, "Poprzednia lekcja")
        if i == 0:
            assert not prev, f"{where}: first lesson has no previous lesson"
        else:
            assert len(prev) == 1 and prev[0].get_attribute("href") == lessons[i - 1][1], f"{where}: previous link"
        nxt = pager.find_elements(By.PARTIAL_LINK_TEXT, "Następna lekcja")
        if i < n - 1:
            assert len(nxt) == 1, f"{where}: a 'Następna lekcja' link"
            assert lessons[i + 1][0] in nxt[0].text, f"{where}: next link names the next lesson"
            click_and_wait(driver, nxt[0])
        else:
            assert not nxt, f"{where}: last lesson has no next lesson"
            back = pager.find_elements(By.PARTIAL_LINK_TEXT, "Wróć do kursu")
            assert len(back) == 1 and site_path_of(driver, site_dir).startswith(f"courses/{slug}/")
            assert back[0].get_attribute("href").endswith(f"/{course_page}")

    # Breadcrumbs: lesson -> course -> home.
    crumbs = driver.find_element(By.CSS_SELECTOR, "nav.breadcrumbs")
    assert crumbs.get_attribute("aria-label")
    here = crumbs.find_element(By.CSS_SELECTOR, "[aria-current='page']")
    assert here.text.strip() == lessons[-1][0]
    crumb_links = crumbs.find_elements(By.TAG_NAME, "a")
    assert [a.text.strip() for a in crumb_links] == ["Strona główna", course_title]
    click_and_wait(driver, crumb_links[1])
    assert site_path_of(driver, site_dir) == course_page
    assert h1(driver) == course_title

    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "nav.breadcrumbs").find_element(By.LINK_TEXT, "Strona główna"))
    assert site_path_of(driver, site_dir) == "index.html"
    assert h1(driver) == SITE_TITLE


def test_guide_shows_fees_table_documents_checklist_and_an_attachment_that_exists(driver, site_dir):
    driver.get((Path(site_dir) / "index.html").as_uri())
    wait_loaded(driver)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, ".cards .card a[href='guides/wymiana-dowodu.html']"))
    assert site_path_of(driver, site_dir) == "guides/wymiana-dowodu.html"
    assert h1(driver) == "Wymiana dowodu osobistego"
    crumbs = driver.find_element(By.CSS_SELECTOR, "nav.breadcrumbs")
    assert crumbs.find_element(By.CSS_SELECTOR, "[aria-current='page']").text.strip() == "Wymiana dowodu osobistego"

    # Fees table: column headers, one row header per fee.
    fees = driver.find_element(By.CSS_SELECTOR, "table.fees")
    assert fees.is_displayed()
    section_heading = fees.find_element(By.XPATH, "ancestor::section[1]//h2")
    assert section_heading.text.strip() == "Opłaty"
    cols = fees.find_elements(By.CSS_SELECTOR, "thead th")
    assert [c.text.strip() for c in cols] == ["Za co", "Kwota", "Uwagi"]
    assert all(c.get_attribute("scope") == "col" for c in cols)
    rows = fees.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert len(rows) >= 2
    table = {}
    for row in rows:
        head = row.find_elements(By.CSS_SELECTOR, "th[scope='row']")
        assert len(head) == 1, f"each fee row has a row header: {row.get_attribute('outerHTML')}"
        cells = row.find_elements(By.TAG_NAME, "td")
        assert len(cells) == 2
        table[head[0].text.strip()] = cells[0].text.strip()
    assert table.get("Wydanie dowodu osobistego") == "0 zł", table

    # Documents checklist: every checkbox has a label, and clicking the label ticks it.
    items = driver.find_elements(By.CSS_SELECTOR, "ul.checklist > li")
    assert len(items) >= 2
    for item in items:
        box = item.find_element(By.CSS_SELECTOR, "input[type='checkbox']")
        label = driver.find_element(By.CSS_SELECTOR, f"label[for='{box.get_attribute('id')}']")
        assert label.text.strip(), "checklist item has a visible label"
        assert not box.is_selected()
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", label)
        label.click()
        assert box.is_selected(), f"clicking {label.text!r} ticks its checkbox"
        label.click()
        assert not box.is_selected()

    # Attachments: relative links to files that exist in the built site.
    links = driver.find_elements(By.CSS_SELECTOR, "ul.attachments a")
    assert links, "the guide lists its attachments"
    for a in links:
        href = raw_href(driver, a)
        assert not href.startswith(("/", "http:", "https:")), f"attachment link must be relative: {href}"
        url = urlparse(a.get_attribute("href"))
        assert url.scheme == "file", a.get_attribute("href")
        target = Path(unquote(url.path))
        assert target.is_file(), f"attachment {href} -> {target} does not exist"
        assert Path(site_dir).resolve() in target.resolve().parents, f"attachment {target} is outside the site"
        assert target.stat().st_size > 0
        if target.suffix.lower() == ".pdf":
            assert target.read_bytes()[:5] == b"%PDF-", f"{target} is not a PDF"

    # nav.js reveals the print button (it is hidden without JavaScript).
    printing = driver.find_elements(By.CSS_SELECTOR, "[data-print]")
    assert printing and all(b.is_displayed() for b in printing)


@pytest.mark.parametrize("start", ["index.html", "courses/segregacja-odpadow/pszok.html", "guides/wymiana-dowodu.html"])
def test_footer_link_opens_the_accessibility_statement(driver, site_dir, start):
    driver.get((Path(site_dir) / start).as_uri())
    wait_loaded(driver)
    footer = driver.find_element(By.CSS_SELECTOR, "footer.site-footer")
    try:
        link = footer.find_element(By.LINK_TEXT, "Deklaracja dostępności")
    except NoSuchElementException:
        pytest.fail(f"{start}: no 'Deklaracja dostępności' link in the footer")
    click_and_wait(driver, link)
    assert site_path_of(driver, site_dir) == "accessibility.html"
    assert h1(driver) == "Deklaracja dostępności"
    # The statement's required sections are present.
    for section_id in ("a11y-status", "a11y-przygotowanie", "a11y-kontakt", "a11y-procedura", "a11y-architektura"):
        assert driver.find_elements(By.ID, section_id), f"statement section #{section_id} missing"


def test_guide_attachment_link_states_file_type_and_size_exactly_once(driver, site_dir):
    driver.get((Path(site_dir) / "guides/wymiana-dowodu.html").as_uri())
    wait_loaded(driver)
    items = driver.find_elements(By.CSS_SELECTOR, "ul.attachments > li")
    assert items
    for li in items:
        text = li.text
        details = re.findall(r"\((?:PDF|DOCX?|ODT|XLSX?|ODS|ZIP|TXT|CSV)[^)]*\)", text, re.I)
        assert len(details) == 1, f"attachment entry repeats its type/size: {text!r}"
