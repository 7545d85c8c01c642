"""Accessibility in a real browser: axe-core, reflow at 320 CSS px, keyboard skip link."""

from pathlib import Path

import pytest
from axe_selenium_python import Axe
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import A11Y_PAGES, page_url, wait_loaded


WIDE = (1280, 900)
NARROW = (320, 800)
DESKTOP = WIDE


def load(driver, site_dir, page, size=WIDE):
    """Opens a built page from file:// at a window size and waits for it to settle."""
    driver.set_window_size(*size)
    driver.get(page_url(site_dir, page))
    wait_loaded(driver)


def axe_for(driver):
    # axe-selenium-python 3.x ships axe-core 4.10; `make deps-python` installs it
    # (its 2.x line bundles axe-core 3.1 from 2018, with known false positives).
    return Axe(driver)


def format_violations(page, violations, engine=""):
    """One block per violation: rule id, impact, help, why (first node), every target."""
    lines = [f"{page}: {len(violations)} axe violation(s) {engine}".rstrip()]
    for v in violations:
        lines.append(f"- {v['id']} [{v.get('impact')}] {v['help']} ({v.get('helpUrl', '')})")
        nodes = v["nodes"]
        summary = (nodes[0].get("failureSummary") or "").replace("\n", " | ") if nodes else ""
        if summary:
            lines.append(f"    why: {summary[:300]}")
        for node in nodes:
            target = " ".join(str(t) for t in node.get("target", []))
            lines.append(f"    target: {target}   html: {node.get('html', '')[:140]}")
    return "\n".join(lines)


@pytest.mark.parametrize("page", A11Y_PAGES)
def test_page_has_no_axe_violations(driver, site_dir, page):
    load(driver, site_dir, page)
    axe = axe_for(driver)
    axe.inject()
    results = axe.run()
    violations = results["violations"]
    engine = results.get("testEngine", {})
    report = format_violations(page, violations, f"(axe-core {engine.get('version', '?')})")
    if violations:
        print(report)
    assert not violations, report


def test_every_other_page_has_no_axe_violations(driver, site_dir, all_pages):
    reports = []
    checked = 0
    for page in all_pages:
        if page in A11Y_PAGES:
            continue  # checked one by one above
        load(driver, site_dir, page)
        axe = axe_for(driver)
        axe.inject()
        results = axe.run()
        checked += 1
        if results["violations"]:
            reports.append(format_violations(page, results["violations"]))
    assert checked, "no other pages to check"
    report = "\n\n".join(reports)
    if reports:
        print(report)
    assert not reports, report


OVERFLOW_JS = r"""
var vw = window.innerWidth;
function describe(el) {
  var s = el.tagName.toLowerCase();
  if (el.id) { s += "#" + el.id; }
  if (typeof el.className === "string" && el.className.trim()) { s += "." + el.className.trim().split(/\s+/).join("."); }
  var path = [], p = el.parentElement;
  while (p && p !== document.body && path.length < 4) {
    path.unshift(p.tagName.toLowerCase() + (p.id ? "#" + p.id : "") +
      (typeof p.className === "string" && p.className.trim() ? "." + p.className.trim().split(/\s+/).join(".") : ""));
    p = p.parentElement;
  }
  var text = (el.textContent || "").replace(/\s+/g, " ").trim().slice(0, 60);
  return (path.length ? path.join(" > ") + " > " : "") + s + (text ? " \"" + text + "\"" : "");
}
function clipsX(el) {
  var o = getComputedStyle(el).overflowX;
  return o === "auto" || o === "scroll" || o === "hidden" || o === "clip";
}
function insideScroller(el) {
  for (var p = el.parentElement; p && p !== document.body && p !== document.documentElement; p = p.parentElement) {
    if (clipsX(p)) { return true; }
  }
  return false;
}
var out = [];
var all = document.body.querySelectorAll("*");
for (var i = 0; i < all.length && out.length < 15; i++) {
  var el = all[i];
  var r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) { continue; }
  if (r.right <= vw + 0.5 || insideScroller(el)) { continue; }
  var parent = el.parentElement, pr = parent && parent.getBoundingClientRect();
  // Report where the overflow starts: the element sticks out, its parent does not.
  if (parent && parent !== document.body && pr.right > vw + 0.5 && !clipsX(parent)) { continue; }
  out.push(describe(el) + " (right edge at " + Math.round(r.right) + "px, width " + Math.round(r.width) + "px)");
}
return {scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth,
        innerWidth: vw, culprits: out};
"""


@pytest.mark.parametrize("page", A11Y_PAGES)
def test_page_reflows_without_horizontal_scrolling_at_320_css_pixels(driver, site_dir, page):
    load(driver, site_dir, page, size=NARROW)
    try:
        m = driver.execute_script(OVERFLOW_JS)
        assert m["innerWidth"] == NARROW[0], f"could not make the viewport {NARROW[0]}px wide (got {m['innerWidth']})"
        assert m["scrollWidth"] <= m["innerWidth"] and m["scrollWidth"] <= m["clientWidth"], (
            f"{page}: page is {m['scrollWidth']}px wide in a {m['innerWidth']}px viewport; overflowing elements:\n  "
            + "\n  ".join(m["culprits"] or ["(none found by the scan)"])
        )
    finally:
        driver.set_window_size(*DESKTOP)


@pytest.mark.parametrize("page", A11Y_PAGES)
def test_first_tab_focuses_the_skip_link_and_activating_it_moves_focus_to_main(driver, site_dir, page):
    load(driver, site_dir, page)
    ActionChains(driver).send_keys(Keys.TAB).perform()
    active = driver.switch_to.active_element
    assert "skip-link" in (active.get_attribute("class") or ""), (
        f"{page}: first Tab focused {active.tag_name} {active.get_attribute('outerHTML')[:150]!r}, not the skip link"
    )
    assert active.get_attribute("href").endswith("#main")
    assert active.text.strip() == "Przejdź do treści"
    # The focused skip link is visible on screen (WCAG 2.4.7).
    rect = driver.execute_script(
        "var r = arguments[0].getBoundingClientRect();"
        "return {l: r.left, t: r.top, r: r.right, b: r.bottom, w: r.width, h: r.height,"
        " vw: window.innerWidth, vh: window.innerHeight};",
        active,
    )
    assert rect["w"] > 1 and rect["h"] > 1 and rect["l"] >= 0 and rect["t"] >= 0 and rect["r"] <= rect["vw"] and rect["b"] <= rect["vh"], (
        f"{page}: focused skip link is not visible in the viewport: {rect}"
    )

    ActionChains(driver).send_keys(Keys.ENTER).perform()
    WebDriverWait(driver, 5).until(
        lambda d: d.execute_script("return document.activeElement && document.activeElement.id") == "main",
        message=f"{page}: activating the skip link did not move focus to #main "
        f"(focus is on {driver.switch_to.active_element.get_attribute('outerHTML')[:120]!r})",
    )
    assert driver.find_element(By.ID, "main").tag_name == "main"
    # The next Tab continues inside the main content, not back in the header.
    ActionChains(driver).send_keys(Keys.TAB).perform()
    inside = driver.execute_script("return document.getElementById('main').contains(document.activeElement)")
    assert inside, f"{page}: Tab after the skip link left <main>"
