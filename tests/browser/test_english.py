"""The same demo content built as an English site: English interface, English anchors, no axe violations."""
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from axe_selenium_python import Axe

from conftest import REPO, page_url, wait_loaded

GUIDE_ANCHORS = {"dla-kogo": "who-is-it-for", "dokumenty": "documents", "oplaty": "fees",
                 "gdzie-zalatwic": "where-to-go", "zalaczniki": "attachments", "rezerwacja": "booking"}


@pytest.fixture(scope="module")
def english_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("english")
    content = root / "content"
    shutil.copytree(REPO / "content", content)
    site_yaml = content / "site.yaml"
    site_yaml.write_text(re.sub(r"^language: pl$", "language: en", site_yaml.read_text(), flags=re.M))
    # Links into a guide's fixed sections follow the site language.
    for md in content.rglob("*.md"):
        text = md.read_text()
        for pl, en in GUIDE_ANCHORS.items():
            text = text.replace(f"#{pl})", f"#{en})")
        md.write_text(text)
    binary = Path(os.environ.get("SZPON_BIN", REPO / ".build" / "debug" / "szpon"))
    out = root / "site"
    proc = subprocess.run([str(binary), "build", "--content", str(content), "--theme", str(REPO / "themes/default"),
                           "--output", str(out)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


@pytest.mark.parametrize("page", ["index.html", "courses/dostepnosc-cyfrowa/test-koncowy.html",
                                  "guides/wymiana-dowodu.html", "surveys/zadowolenie.html", "accessibility.html"])
def test_english_site_speaks_english_and_has_no_axe_violations(driver, english_site, page):
    driver.get(page_url(english_site, page))
    wait_loaded(driver)
    assert driver.find_element("css selector", "html").get_attribute("lang") == "en"
    assert driver.find_element("css selector", ".skip-link").get_attribute("textContent") == "Skip to content"
    axe = Axe(driver)
    axe.inject()
    violations = axe.run()["violations"]
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_english_guide_uses_english_section_anchors(english_site):
    html = (english_site / "guides" / "wymiana-dowodu.html").read_text()
    for anchor in GUIDE_ANCHORS.values():
        assert f'id="{anchor}"' in html
    assert "Accessibility statement" in html
