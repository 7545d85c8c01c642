"""`checks: {links: warning, headings: warning}` in site.yaml, and `--links`/`--headings`
on the command line: third-party Markdown with broken links builds, with warnings."""
import re
import tarfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CORPORA = REPO.parent / "shared" / "bench-corpora"

SITE = "title: Obce teksty\nlanguage: pl\norganisation: Urząd\n"
GUIDE = """---
title: Poradnik
summary: Obcy tekst.
---

Zobacz [brakującą stronę](nie-ma.md), [kotwicę](#nie-ma) i ![obrazek](img/nie-ma.png).

#### Za głęboko
"""


def tree(root, site=SITE, guide=GUIDE):
    content = root / "content"
    (content / "guides").mkdir(parents=True)
    (content / "site.yaml").write_text(site, encoding="utf-8")
    (content / "guides" / "poradnik.md").write_text(guide, encoding="utf-8")
    return content


def severities(output, severity):
    return [line for line in output.splitlines() if f": {severity}: " in line]


def test_by_default_broken_links_and_headings_stop_the_build(szpon, tmp_path):
    content = tree(tmp_path)
    result = szpon("build", "--content", content, "--output", tmp_path / "site")
    assert result.returncode == 1
    assert len(severities(result.stderr, "error")) == 4, result.stderr
    assert not (tmp_path / "site").exists()


def test_checks_in_site_yaml_turn_them_into_warnings_and_the_site_is_built(szpon, tmp_path):
    content = tree(tmp_path, site=SITE + "checks:\n  links: warning\n  headings: warning\n")
    check = szpon("check", "--content", content)
    assert check.returncode == 0, check.stdout
    assert len([l for l in severities(check.stdout, "warning") if "guides/" in l]) == 4, check.stdout
    assert not severities(check.stdout, "error"), check.stdout
    build = szpon("build", "--content", content, "--output", tmp_path / "site")
    assert build.returncode == 0, build.stderr
    assert "broken link: no page" in build.stderr and "heading level skips" in build.stderr
    assert (tmp_path / "site" / "guides" / "poradnik.html").is_file()


def test_one_check_can_be_relaxed_alone(szpon, tmp_path):
    content = tree(tmp_path, site=SITE + "checks: {headings: warning}\n")
    result = szpon("check", "--content", content)
    assert result.returncode == 1
    assert [l for l in severities(result.stdout, "warning") if "heading level skips" in l]
    assert len(severities(result.stdout, "error")) == 3


def test_the_command_line_flags_do_the_same_and_override_site_yaml(szpon, tmp_path):
    content = tree(tmp_path, site=SITE + "checks: {links: warning, headings: warning}\n")
    strict = szpon("check", "--content", content, "--links", "error")
    assert strict.returncode == 1 and len(severities(strict.stdout, "error")) == 3, strict.stdout
    content2 = tree(tmp_path / "b")
    build = szpon("build", "--content", content2, "--output", tmp_path / "b" / "site", "--links", "warning", "--headings", "warning")
    assert build.returncode == 0, build.stderr
    bad = szpon("build", "--content", content2, "--links", "ignore")
    assert bad.returncode != 0 and "ignore" in bad.stderr


def test_errors_that_break_pages_stay_errors(szpon, tmp_path):
    quiz = GUIDE.replace("![obrazek](img/nie-ma.png)", "![](nie-ma.png)") + (
        "\n```quiz\nid: q\nquestions:\n  - id: a\n    type: single\n    text: Pytanie?\n    answers:\n      - text: Tak\n```\n")
    content = tree(tmp_path, site=SITE + "checks: {links: warning, headings: warning}\n", guide=quiz)
    result = szpon("check", "--content", content)
    assert result.returncode == 1
    errors = severities(result.stdout, "error")
    assert any("needs at least 2 answers" in e for e in errors), result.stdout
    assert any("alt text" in e for e in errors), "a missing alt text is not a link problem"


@pytest.mark.parametrize("value, hint", [("warnig", "did you mean 'warning'?"), ("off", "use error")])
def test_check_validates_the_levels_with_a_hint(szpon, tmp_path, value, hint):
    content = tree(tmp_path, site=SITE + f"checks:\n  links: {value}\n")
    result = szpon("check", "--content", content)
    assert result.returncode == 1
    assert re.search(rf"site\.yaml:5:\d+: error: unknown level '{value}' for checks\.links", result.stdout), result.stdout
    assert hint in result.stdout


def test_check_names_a_misspelled_key_under_checks(szpon, tmp_path):
    content = tree(tmp_path, site=SITE + "checks:\n  link: warning\n")
    result = szpon("check", "--content", content)
    assert result.returncode == 1
    assert "unknown key 'link'" in result.stdout and "did you mean 'links'?" in result.stdout, result.stdout


def corpus_sample(archive, pattern, count):
    """The first `count` pages matching `pattern` in a bench corpus, sorted, as (name, text)."""
    path = CORPORA / archive
    if not path.is_file():
        pytest.skip(f"{path} is not here (../shared/bench-corpora/)")
    with tarfile.open(path) as tar:
        members = sorted((m for m in tar.getmembers() if m.isfile() and re.search(pattern, m.name)), key=lambda m: m.name)
        pages = [(Path(m.name).stem, tar.extractfile(m).read().decode("utf-8")) for m in members]
        return [(name, text) for name, text in pages if "![](" not in text][:count]


def test_a_sample_of_the_bench_corpora_builds_with_link_and_heading_warnings(szpon, tmp_path):
    """EIPs (long pages whose links point at pages and assets left out of the corpus) and
    tldr pages, as lessons. Their front matter keys are not szpon's, so an EIP keeps only
    its title; the bodies are as published. Pages with images that have no alt text are
    left out: that stays an error (WCAG 1.1.1), whatever `checks` says."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.yaml").write_text("title: Korpus\nlanguage: en\norganisation: Test\n", encoding="utf-8")
    for course in ("eips", "tldr"):
        (content / "courses" / course).mkdir(parents=True)
        (content / "courses" / course / "course.md").write_text(f"---\ntitle: {course}\nsummary: A sample.\n---\n\nA sample.\n", encoding="utf-8")
    eips = corpus_sample("eips-f767a1e80.tar.gz", r"/EIPS/eip-\d+\.md$", 40)
    for number, (name, text) in enumerate(eips, 1):
        front, body = re.match(r"(?s)---\n(.*?)\n---\n(.*)", text).groups()
        title = re.search(r"(?m)^title: *(.+)$", front).group(1).strip().strip("'\"")
        (content / "courses" / "eips" / f"{number:02d}-{name}.md").write_text(f"---\ntitle: {title!r}\n---\n{body}", encoding="utf-8")
    tldr = corpus_sample("tldr-de-ko-08e345f426.tar.gz", r"/pages\.de/common/[a-z0-9-]+\.md$", 40)
    for number, (name, text) in enumerate(tldr, 1):
        (content / "courses" / "tldr" / f"{number:02d}-{name}.md").write_text(text, encoding="utf-8")

    strict = szpon("check", "--content", content)
    assert strict.returncode == 1
    broken = [l for l in severities(strict.stdout, "error") if "broken link" in l or "missing" in l]
    assert broken, strict.stdout[-2000:]

    build = szpon("build", "--content", content, "--output", tmp_path / "site", "--links", "warning", "--headings", "warning")
    assert build.returncode == 0, "\n".join(severities(build.stderr, "error")) or build.stderr[-2000:]
    assert len(severities(build.stderr, "warning")) >= len(broken)
    assert len(list((tmp_path / "site" / "courses").glob("*/*.html"))) == 82
