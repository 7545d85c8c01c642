#!/usr/bin/env python3
"""What a page of the demo site costs in the browser, measured in headless Chromium.

bench/bench.py uses this for two sections of BENCHMARKS.md, and
tests/browser/test_runtime_budget.py uses `theme_runtime` for its budget check:

- the theme's own JS and CSS each page type loads (gzip -9, as a web server sends
  them), against the budget of 30 KiB per page;
- the quiz's time to interactive from file://: quiz.js marks `szpon:quiz-ready` once
  its quizzes answer input; read from the Performance API beside the navigation
  timings, over many fresh loads.

"The theme's own" files are those under the site's `assets/` folder (copied from the
theme's assets/): the union of what the Performance API lists as loaded
(`performance.getEntriesByType('resource')`, which also sees files added by a script)
and the document's `<script src>` and `<link rel=stylesheet>` elements. The per-site
data files beside them (`site-data.js`, `search-index.js`) grow with the content and
are listed apart.

Needs selenium and Debian's chromium + chromium-driver (`make deps`).
Run alone: `python3 bench/browser.py SITE_DIR` prints both tables.
"""

import gzip
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

BUDGET_BYTES = 30 * 1024

# One page of each type the demo site has, as (type, site-relative path).
PAGE_TYPES = [
    ("home", "index.html"),
    ("course", "courses/segregacja-odpadow/index.html"),
    ("course asking for the learner code", "courses/bezpieczenstwo-w-sieci/index.html"),
    ("lesson", "courses/segregacja-odpadow/pojemniki.html"),
    ("lesson with a quiz", "courses/segregacja-odpadow/odpady-niebezpieczne.html"),
    ("graded, timed test", "courses/dostepnosc-cyfrowa/test-koncowy.html"),
    ("test with the learner code", "courses/bezpieczenstwo-w-sieci/test.html"),
    ("guide", "guides/wymiana-dowodu.html"),
    ("survey", "surveys/zadowolenie.html"),
    ("search", "search.html"),
    ("contents", "toc.html"),
    ("accessibility statement", "accessibility.html"),
    ("not found", "404.html"),
]

QUIZ_PAGES = [
    ("lesson with a quiz", "courses/segregacja-odpadow/odpady-niebezpieczne.html"),
    ("graded, timed test", "courses/dostepnosc-cyfrowa/test-koncowy.html"),
]
QUIZ_MARK = "szpon:quiz-ready"
# The same timings of a page without a quiz: what loading any page costs.
BASELINE_PAGE = ("lesson without a quiz (baseline)", "courses/segregacja-odpadow/pojemniki.html")

LOADED_JS = """
var urls = performance.getEntriesByType('resource').map(function (e) { return e.name; });
document.querySelectorAll('script[src]').forEach(function (s) { urls.push(s.src); });
document.querySelectorAll('link[rel~=stylesheet][href]').forEach(function (l) { urls.push(l.href); });
return urls;
"""

TIMINGS_JS = """
var nav = performance.getEntriesByType('navigation')[0] || {};
var mark = performance.getEntriesByName(arguments[0], 'mark')[0];
return {mark: mark ? mark.startTime : null, interactive: nav.domInteractive || null,
        dcl: nav.domContentLoadedEventEnd || null, load: nav.loadEventEnd || null};
"""


def gzip_size(path):
    with open(path, "rb") as f:
        return len(gzip.compress(f.read(), compresslevel=9, mtime=0))


def page_url(site, rel):
    return (Path(site) / rel).resolve().as_uri()


def make_driver():
    """A headless Chromium on a throwaway profile (the browser tests use the same flags)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM_BIN") or "/usr/bin/chromium"
    profile = tempfile.mkdtemp(prefix="szpon-bench-chromium-")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=1280,900", "--no-first-run",
                "--no-default-browser-check", "--disable-background-networking",
                "--disable-component-update", "--disable-default-apps", "--disable-sync",
                "--disable-extensions", "--lang=pl-PL"):
        options.add_argument(arg)
    service = Service(os.environ.get("CHROMEDRIVER") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(30)
    driver._szpon_profile = profile
    return driver


def quit_driver(driver):
    try:
        driver.quit()
    finally:
        shutil.rmtree(getattr(driver, "_szpon_profile", ""), ignore_errors=True)


def wait_complete(driver, timeout=10):
    from selenium.webdriver.support.ui import WebDriverWait
    WebDriverWait(driver, timeout).until(lambda d: d.execute_script("return document.readyState") == "complete")


def loaded_files(driver, site):
    """Site-relative paths of the local files the current page loaded, sorted."""
    root = Path(site).resolve()
    seen = set()
    for url in driver.execute_script(LOADED_JS):
        parts = urlsplit(url)
        if parts.scheme != "file":
            continue
        path = Path(unquote(parts.path)).resolve()
        if path.is_file() and root in path.parents:
            seen.add(path.relative_to(root).as_posix())
    return sorted(seen)


def theme_runtime(driver, site, rel):
    """What page `rel` loads: {"own": {path: gzip bytes} of files under assets/,
    "data": {path: gzip bytes} of other local scripts and stylesheets, "total": sum of own}."""
    driver.get(page_url(site, rel))
    wait_complete(driver)
    own, data = {}, {}
    for f in loaded_files(driver, site):
        if not re.search(r"\.(js|css)$", f):
            continue
        (own if f.startswith("assets/") else data)[f] = gzip_size(Path(site) / f)
    return {"own": own, "data": data, "total": sum(own.values())}


def runtime_table(driver, site):
    rows = []
    for kind, rel in PAGE_TYPES:
        if not (Path(site) / rel).is_file():
            rows.append((kind, rel, None))
            continue
        rows.append((kind, rel, theme_runtime(driver, site, rel)))
    return rows


def percentile(values, p):
    s = sorted(values)
    if not s:
        return None
    k = max(0, min(len(s) - 1, int(round(p / 100.0 * len(s) + 0.5)) - 1))
    return s[k]


def quiz_timings(driver, site, rel, loads, expect_mark=True):
    """`loads` fresh loads of a quiz page from file:// (storage cleared before each, so
    every load is a first visit): per load, ms from navigation start to the quiz mark,
    domInteractive, DOMContentLoaded end and load end."""
    url = page_url(site, rel)
    samples = []
    driver.get(url)
    wait_complete(driver)
    for _ in range(loads):
        driver.execute_script("try { localStorage.clear(); sessionStorage.clear(); } catch (e) {}")
        driver.get("about:blank")
        driver.get(url)
        wait_complete(driver)
        t = driver.execute_script(TIMINGS_JS, QUIZ_MARK)
        if t["mark"] is None and expect_mark:
            raise RuntimeError("%s never set the performance mark %s" % (rel, QUIZ_MARK))
        samples.append(t)
    return samples


def timing_rows(driver, site, loads):
    rows = []
    for kind, rel in QUIZ_PAGES + [BASELINE_PAGE]:
        samples = quiz_timings(driver, site, rel, loads, expect_mark=(kind, rel) != BASELINE_PAGE)
        rows.append((kind, rel, {k: summarise(samples, k) for k in ("mark", "interactive", "dcl", "load")}))
    return rows


def summarise(samples, key):
    vals = [s[key] for s in samples if s.get(key) is not None]
    if not vals:
        return None
    return {"median": statistics.median(vals), "p90": percentile(vals, 90), "max": max(vals), "n": len(vals)}


def build_demo(szpon_bin, root, dest):
    """The demo site (content/ with the default theme) built into `dest`, as the browser
    tests build it: no ingest_url, so no page talks to a server while it is timed."""
    work = Path(dest)
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(Path(root) / "content", work / "content")
    settings = work / "content" / "site.yaml"
    settings.write_text(re.sub(r"(?m)^ingest_url:.*\n", "", settings.read_text(encoding="utf-8")), encoding="utf-8")
    out = work / "site"
    proc = subprocess.run([szpon_bin, "build", "--content", str(work / "content"),
                           "--theme", str(Path(root) / "themes" / "default"), "--output", str(out)],
                          cwd=str(work), capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        raise RuntimeError("szpon build of the demo failed: %s" % (proc.stderr or proc.stdout)[-600:])
    return out


def measure(szpon_bin, root, work, loads=30):
    """Both measurements on a fresh build of the demo; {"error": why} when the browser
    or selenium is missing or anything fails."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return {"error": "selenium is not installed (make deps)"}
    for exe in (os.environ.get("CHROMIUM_BIN") or "/usr/bin/chromium",
                os.environ.get("CHROMEDRIVER") or "/usr/bin/chromedriver"):
        if not os.access(exe, os.X_OK):
            return {"error": "%s is missing (make deps)" % exe}
    driver = None
    try:
        site = build_demo(szpon_bin, root, os.path.join(work, "demo"))
        driver = make_driver()
        res = {"pages": runtime_table(driver, site), "quiz": [], "loads": loads,
               "chromium": driver.capabilities.get("browserVersion", "?")}
        res["quiz"] = timing_rows(driver, site, loads)
        return res
    except Exception as e:  # a report with the reason beats no report
        return {"error": "%s: %s" % (type(e).__name__, str(e).strip().splitlines()[0][:300] if str(e).strip() else "")}
    finally:
        if driver is not None:
            quit_driver(driver)
        shutil.rmtree(os.path.join(work, "demo"), ignore_errors=True)


# ---------------------------------------------------------------- report sections

def runtime_section(res):
    lines = ["## Browser runtime per page type", ""]
    if "error" in res:
        return lines + ["Not measured in this run: %s." % res["error"], ""]
    lines += [
        "The theme's own scripts and stylesheets (`assets/`, no minifier) that one page of "
        "each type of the demo site loads in headless Chromium %s from file://, gzip -9 "
        "compressed as a web server would send them (`bench/browser.py`: the Performance "
        "API's resource entries and the page's `<script src>` and `<link rel=stylesheet>`). "
        "Target: at most %d KiB per page; `tests/browser/test_runtime_budget.py` checks it on "
        "every page of the demo. The per-site data (`site-data.js`, `search-index.js`) grows "
        "with the content and is listed apart." % (res["chromium"], BUDGET_BYTES // 1024), "",
        "| page type | page | theme JS + CSS (gzip -9 bytes) | of the budget | files | site data (gzip -9 bytes) |",
        "|---|---|---:|---:|---|---:|",
    ]
    worst = 0
    for kind, rel, r in res["pages"]:
        if r is None:
            lines.append("| %s | `%s` | – | – | not in the demo | – |" % (kind, rel))
            continue
        worst = max(worst, r["total"])
        files = ", ".join("%s %d" % (os.path.basename(f), n) for f, n in sorted(r["own"].items()))
        lines.append("| %s | `%s` | %s | %.0f%% | %s | %s |" % (
            kind, rel, format(r["total"], ","), 100.0 * r["total"] / BUDGET_BYTES, files,
            format(sum(r["data"].values()), ",")))
    verdict = "met" if worst <= BUDGET_BYTES else "**not met**"
    lines += ["", "Heaviest page: %.1f KiB of %d KiB: %s." % (worst / 1024.0, BUDGET_BYTES // 1024, verdict), ""]
    return lines


def quiz_section(res, target_ms=100):
    lines = ["## Quiz time to interactive", ""]
    if "error" in res:
        return lines + ["Not measured in this run: %s." % res["error"], ""]
    lines += [
        "%d fresh loads of each page from file:// in headless Chromium %s (storage cleared "
        "before each, so every load is a first visit), on the demo site built by this "
        "binary. *Quiz ready* is the `szpon:quiz-ready` mark quiz.js sets once its quizzes "
        "answer input, in ms from the start of navigation (Performance API); beside it the "
        "navigation timing's `domInteractive` and `loadEventEnd`, and the same for a lesson "
        "without a quiz, for what any page costs to load. Target: the quiz ready in "
        "under %d ms (median). Timed here only: the browser test checks that the mark is set "
        "and that the quiz then answers the keyboard, never a duration."
        % (res["loads"], res["chromium"], target_ms), "",
        "| page | quiz ready: median / p90 / max (ms) | domInteractive: median / p90 (ms) | loadEventEnd: median / p90 (ms) |",
        "|---|---:|---:|---:|",
    ]
    verdicts = []
    for kind, rel, s in res["quiz"]:
        def cell(k, with_max=False):
            v = s.get(k)
            if not v:
                return "–"
            out = "%.1f / %.1f" % (v["median"], v["p90"])
            return out + (" / %.1f" % v["max"] if with_max else "")
        lines.append("| %s (`%s`) | %s | %s | %s |" % (kind, rel, cell("mark", True), cell("interactive"), cell("load")))
        if s.get("mark"):
            verdicts.append((kind, s["mark"]["median"]))
    lines.append("")
    if verdicts:
        ok = all(m < target_ms for _, m in verdicts)
        lines += ["Target under %d ms: %s (%s)." % (target_ms, "met" if ok else "**not met**",
                  "; ".join("%s %.1f ms" % (k, m) for k, m in verdicts)), ""]
    return lines


def main(argv):
    if len(argv) != 1:
        sys.exit("usage: browser.py SITE_DIR")
    site = argv[0]
    driver = make_driver()
    try:
        res = {"pages": runtime_table(driver, site), "quiz": [], "loads": 10,
               "chromium": driver.capabilities.get("browserVersion", "?")}
        res["quiz"] = timing_rows(driver, site, 10)
    finally:
        quit_driver(driver)
    print("\n".join(runtime_section(res) + quiz_section(res)))


if __name__ == "__main__":
    main(sys.argv[1:])
