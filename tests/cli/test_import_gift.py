"""`szpon import gift` as a user runs it: Moodle's example banks in, lessons out, `szpon check` passes;
a broken bank is reported as file:line:col and nothing is written."""
import os
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

DIAGNOSTIC = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning): (?P<message>.+)$")

FIXTURE_NAMES = ["examples.txt", "questions.gift.txt", "questions_in_category.gift.txt"]


def _fixture_folder():
    candidates = [os.environ.get("SZPON_GIFT_FIXTURES"), REPO / "Tests" / "Fixtures" / "gift" / "moodle", "/work/shared/testdata/gift/moodle"]
    for candidate in candidates:
        if candidate and (Path(candidate) / "examples.txt").is_file():
            return Path(candidate)
    pytest.skip("Moodle's GIFT examples not found: copy them to Tests/Fixtures/gift/moodle or set SZPON_GIFT_FIXTURES")


@pytest.fixture
def gift_files():
    folder = _fixture_folder()
    return [folder / name for name in FIXTURE_NAMES]


def files_under(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_moodle_banks_become_lessons_that_pass_check(szpon, tmp_path, gift_files):
    result = szpon("import", "gift", *gift_files, "--into", "content/courses/moodle/", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "created content/courses/moodle/01-examples.md",
        "created content/courses/moodle/02-questions.md",
        "created content/courses/moodle/03-default-for-new-features.md",
        "created content/courses/moodle/course.md",
        "created content/site.yaml",
        "56 questions imported",
    ]
    lesson = (tmp_path / "content" / "courses" / "moodle" / "03-default-for-new-features.md").read_text()
    assert lesson.startswith("---\ntitle: Default for New Features\n---\n\n```quiz\nid: moodle-default-for-new-features\n")
    assert "  distractors:\n  - Chat\n" in lesson

    check = szpon("check", "--content", "content", cwd=tmp_path)
    assert check.returncode == 0, check.stdout
    assert "checked 4 pages: 0 errors, 0 warnings" in check.stdout


def test_import_into_an_existing_course_takes_the_next_lesson_numbers(szpon, demo, gift_files):
    course = demo / "content" / "courses" / "segregacja-odpadow"
    before = files_under(course)
    result = szpon("import", "gift", gift_files[2], "--into", "content/courses/segregacja-odpadow", cwd=demo)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "created content/courses/segregacja-odpadow/05-default-for-new-features.md",
        "4 questions imported",
    ]
    assert files_under(course) == sorted(before + ["05-default-for-new-features.md"])
    # The same bank again: a new lesson slug and a new quiz id, so the site still checks.
    again = szpon("import", "gift", gift_files[2], "--into", "content/courses/segregacja-odpadow", cwd=demo)
    assert again.returncode == 0, again.stderr
    assert "created content/courses/segregacja-odpadow/06-default-for-new-features-2.md" in again.stdout
    assert "id: segregacja-odpadow-default-for-new-features-2\n" in (course / "06-default-for-new-features-2.md").read_text()
    check = szpon("check", "--content", "content", cwd=demo)
    assert check.returncode == 0, check.stdout


def test_a_broken_question_exits_1_with_its_line_and_writes_nothing(szpon, tmp_path, gift_files):
    (tmp_path / "broken.gift").write_text(
        "// a good question first\n"
        "::Fine::The sun rises in the east.{T}\n"
        "\n"
        "::Unclosed::Who's buried in Grant's tomb?{\n"
        "  =no one\n"
        "  =nobody\n"
        "\n"
        "::Capitals::Match the capitals. {\n"
        "  =Canada -> Ottawa\n"
        "  =Italy Rome\n"
        "}\n"
    )
    result = szpon("import", "gift", gift_files[0], "broken.gift", "--into", "content/courses/moodle", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if DIAGNOSTIC.match(line)]
    assert errors == [
        "broken.gift:4:1: error: the answers' '{' on line 4 is never closed with '}'",
        "broken.gift:10:3: error: matching answer without '->'",
    ]
    assert "error: nothing was imported (2 errors, 0 warnings)" in result.stderr
    assert files_under(tmp_path) == ["broken.gift"]


def test_the_target_must_be_a_course_folder(szpon, tmp_path, gift_files):
    result = szpon("import", "gift", gift_files[0], "--into", "content/moodle", cwd=tmp_path)
    assert result.returncode == 1
    assert "is not a course folder" in result.stderr
    assert files_under(tmp_path) == []


def test_import_is_a_command_group(szpon):
    result = szpon("import", "--help")
    assert result.returncode == 0
    assert "gift" in result.stdout


def test_descriptions_become_lesson_text_between_quizzes_and_the_site_checks_and_builds(szpon, tmp_path):
    (tmp_path / "bank.gift").write_text(
        "$CATEGORY: $course$/top/Unit 1\n"
        "::Intro::[html]<p>Read the <b>text</b> below.</p>\n"
        "\n"
        "::Sun::The sun rises in the east.{T}\n"
        "\n"
        "Part two: 2*2 is four.\n"
        "\n"
        "Capital of France? {=Paris ~Rome}\n"
    )
    result = szpon("import", "gift", "bank.gift", "--into", "content/courses/moodle", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines()[-1] == "2 questions imported"
    lesson = (tmp_path / "content" / "courses" / "moodle" / "01-unit-1.md").read_text()
    assert lesson.index("## Intro") < lesson.index("<p>Read the <b>text</b> below.</p>") < lesson.index("id: moodle-unit-1\n")
    assert lesson.index("id: moodle-unit-1\n") < lesson.index("Part two: 2\\*2 is four.") < lesson.index("id: moodle-unit-1-2\n")

    check = szpon("check", "--content", "content", cwd=tmp_path)
    assert check.returncode == 0, check.stdout
    assert "0 errors, 0 warnings" in check.stdout
    build = szpon("build", "--content", "content", "--output", "site", cwd=tmp_path)
    assert build.returncode == 0, build.stdout + build.stderr
    pages = [p.read_text() for p in (tmp_path / "site").rglob("*.html") if "Part two" in p.read_text()]
    assert len(pages) == 1
    page = pages[0]
    assert "<p>Read the <b>text</b> below.</p>" in page
    assert "Part two: 2*2 is four." in page
    assert page.index("Read the") < page.index("The sun rises") < page.index("Part two") < page.index("Capital of France")


def test_a_file_with_only_categories_warns_exits_0_and_writes_nothing(szpon, tmp_path):
    (tmp_path / "cats.gift").write_text(
        "// exported from Moodle\n"
        "\n"
        "$CATEGORY: $course$/top/Unit 1\n"
        "\n"
        "$CATEGORY: $course$/top/Unit 2\n"
    )
    result = szpon("import", "gift", "cats.gift", "--into", "content/courses/moodle", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "cats.gift:3:1: warning: this file has only $CATEGORY lines and no questions: nothing was imported from it",
    ]
    assert DIAGNOSTIC.match(result.stderr.splitlines()[0]).group("severity") == "warning"
    assert result.stdout == "0 questions imported\n"
    assert files_under(tmp_path) == ["cats.gift"]
