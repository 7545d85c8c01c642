"""No page loads more than 30 KiB gzipped of szpon's own JS and CSS (issue 11).

The budget holds per page, not for the whole theme: new features add scripts, and
each page loads only those it uses. Measured the way a learner gets the page: opened
from file:// in Chromium, counting what the page really loaded (the Performance
API's resource entries, which see scripts added by other scripts, and the page's own
`<script src>` and `<link rel=stylesheet>`), each file gzip -9 compressed, as a web
server sends it. The measuring code is bench/browser.py's, which also writes the
per-page-type table of BENCHMARKS.md.
"""

import gzip
import os
import random
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from browser import BUDGET_BYTES, PAGE_TYPES, gzip_size, theme_runtime  # noqa: E402


def over_budget(driver, site, pages):
    """One line per page over the budget, naming what it loads."""
    failures = []
    for rel in pages:
        r = theme_runtime(driver, site, rel)
        assert r["own"], f"{rel}: no theme file counted at all, the measurement is broken"
        if r["total"] > BUDGET_BYTES:
            files = ", ".join(f"{f} {n}" for f, n in sorted(r["own"].items()))
            failures.append(f"{rel}: {r['total']} B gzipped > {BUDGET_BYTES} B ({files})")
    return failures


def test_the_demo_has_every_page_type_the_table_names(site_dir):
    missing = [f"{kind}: {rel}" for kind, rel in PAGE_TYPES if not (site_dir / rel).is_file()]
    assert not missing, "page types gone from the demo (update bench/browser.py PAGE_TYPES): " + "; ".join(missing)


def test_no_page_of_the_demo_loads_more_than_30_kib_of_theme_js_and_css(driver, site_dir, all_pages):
    # Every page, so that a page type added later is covered without a new entry here.
    assert len(all_pages) >= len(PAGE_TYPES)
    assert over_budget(driver, site_dir, all_pages) == []


def test_the_quiz_page_counts_the_quiz_engine(driver, site_dir):
    quiz = theme_runtime(driver, site_dir, "courses/segregacja-odpadow/odpady-niebezpieczne.html")
    lesson = theme_runtime(driver, site_dir, "courses/segregacja-odpadow/pojemniki.html")
    assert {"assets/js/quiz.js", "assets/js/score.js", "assets/css/szpon.css"} <= set(quiz["own"])
    assert "assets/js/quiz.js" not in lesson["own"], "a lesson without a quiz loads the quiz engine"
    assert quiz["total"] == lesson["total"] + quiz["own"]["assets/js/quiz.js"] + quiz["own"]["assets/js/score.js"]
    # Site data is not theme runtime: it grows with the content.
    assert "site-data.js" in quiz["data"] and not any(f.startswith("assets/") for f in quiz["data"])


def test_a_page_type_that_loads_too_much_fails_the_budget(driver, site_dir, tmp_path):
    """A page type that loads every theme file, one of them only through a script, plus
    a stylesheet of 31 KiB that does not compress: the budget check names it."""
    site = tmp_path / "site"
    shutil.copytree(site_dir, site)
    theme = sorted(p.relative_to(site).as_posix() for p in (site / "assets").rglob("*") if p.suffix in (".js", ".css"))
    assert theme, "no theme assets in the built site"
    heavy = site / "assets" / "css" / "heavy.css"
    noise = random.Random(11).randbytes(31 * 1024).hex()
    heavy.write_text("/* %s */\n" % noise, encoding="ascii")
    tags = [f'<link rel="stylesheet" href="{f}">' if f.endswith(".css") else f'<script src="{f}"></script>'
            for f in theme if f != "assets/js/search.js"]
    # search.js arrives only through another script: the Performance API must see it.
    tags.append("<script>var s = document.createElement('script'); s.src = 'assets/js/search.js'; document.head.appendChild(s);</script>")
    (site / "everything.html").write_text(
        '<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8"><title>Wszystko</title>'
        '<link rel="stylesheet" href="assets/css/heavy.css"></head><body><main><h1>Wszystko</h1></main>'
        + "".join(tags) + "</body></html>", encoding="utf-8")

    r = theme_runtime(driver, site, "everything.html")
    assert set(r["own"]) == set(theme) | {"assets/css/heavy.css"}
    assert r["total"] == sum(gzip_size(site / f) for f in theme) + gzip_size(heavy)
    failures = over_budget(driver, site, ["index.html", "everything.html"])
    assert len(failures) == 1 and failures[0].startswith("everything.html: "), failures
