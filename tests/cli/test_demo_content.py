"""The demo content says what the site does: its results are sent to the server that
site.yaml names, so no page may say they are not saved anywhere (issue 12)."""
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_demo_never_says_results_are_not_saved():
    assert re.search(r"(?m)^ingest_url: ", (REPO / "content" / "site.yaml").read_text(encoding="utf-8"))
    for page in sorted((REPO / "content").rglob("*.md")):
        text = " ".join(page.read_text(encoding="utf-8").split())
        assert not re.search(r"nie jest nigdzie zapisywan|nigdzie nie (jest )?zapisywan", text, re.I), page
