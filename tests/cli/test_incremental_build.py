"""szpon build with its on-disk cache (.szpon/cache beside the output folder): a rebuild
after a change gives, file for file, the site a clean build gives, and reuses what did
not change."""
import json
import os
import shutil
import time
from pathlib import Path

from conftest import REPO

LESSON = Path("content/courses/bezpieczenstwo-w-sieci/01-dobre-haslo.md")
NEXT = Path("content/courses/bezpieczenstwo-w-sieci/02-podejrzane-wiadomosci.md")
UNTOUCHED_PAGE = Path("site/courses/dostepnosc-cyfrowa/wcag-i-teksty-alternatywne.html")


def tree(folder):
    """Every file under the folder, relative path -> bytes."""
    files = {}
    for dirpath, _, names in os.walk(folder):
        for name in names:
            path = Path(dirpath) / name
            files[str(path.relative_to(folder))] = path.read_bytes()
    return files


def assert_same_as_clean_build(szpon, root, tmp_path, theme=None):
    """Builds a copy of the content (and theme) with no cache and compares every file."""
    clean = tmp_path / "clean-build"
    shutil.rmtree(clean, ignore_errors=True)
    shutil.copytree(root / "content", clean / "content")
    args = ["build", "--no-cache"]
    if theme:
        shutil.copytree(root / theme, clean / theme)
        args += ["--theme", theme]
    result = szpon(*args, cwd=clean)
    assert result.returncode == 0, result.stderr
    assert not (clean / ".szpon" / "cache").exists(), "--no-cache must not write a cache"
    built, expected = tree(root / "site"), tree(clean / "site")
    assert sorted(built) == sorted(expected)
    different = [path for path in expected if built[path] != expected[path]]
    assert different == [], f"differ from a clean build: {different[:5]}"


def settle():
    """Lets the copied files age: szpon trusts a file's stamp instead of reading it only
    when the file was last changed more than a second before the build."""
    time.sleep(1.2)


def build(szpon, root, *args):
    result = szpon("build", *args, cwd=root)
    assert result.returncode == 0, result.stderr
    return result


def test_one_changed_lesson_rebuilds_to_the_clean_site_and_reuses_the_rest(szpon, demo, tmp_path):
    settle()
    build(szpon, demo)
    assert list((demo / ".szpon" / "cache").rglob("*.json")), "the first build leaves a cache"
    untouched = os.stat(demo / UNTOUCHED_PAGE).st_ino
    lesson = demo / LESSON
    lesson.write_text(lesson.read_text(encoding="utf-8").replace(
        "Hasło chroni Twoje konto", "Hasło (zmienione) chroni Twoje konto"), encoding="utf-8")

    build(szpon, demo)

    page = (demo / "site/courses/bezpieczenstwo-w-sieci/dobre-haslo.html").read_text(encoding="utf-8")
    assert "Hasło (zmienione) chroni" in page
    assert "Hasło (zmienione) chroni" in (demo / "site/search-index.js").read_text(encoding="utf-8")
    # The unchanged page is the previous build's file, not a new one.
    assert os.stat(demo / UNTOUCHED_PAGE).st_ino == untouched
    assert_same_as_clean_build(szpon, demo, tmp_path)


def test_a_changed_template_changes_every_page(szpon, demo, tmp_path):
    shutil.copytree(REPO / "themes" / "default", demo / "theme")
    settle()
    build(szpon, demo, "--theme", "theme")
    template = demo / "theme" / "templates" / "lesson.mustache"
    template.write_text(template.read_text(encoding="utf-8") + "<!-- szablon-zmieniony -->\n", encoding="utf-8")

    build(szpon, demo, "--theme", "theme")

    assert "szablon-zmieniony" in (demo / UNTOUCHED_PAGE).read_text(encoding="utf-8")
    assert_same_as_clean_build(szpon, demo, tmp_path, theme="theme")


def test_a_new_title_reaches_the_pages_that_show_it(szpon, demo, tmp_path):
    settle()
    build(szpon, demo)
    following = demo / NEXT
    following.write_text(following.read_text(encoding="utf-8").replace(
        "title: Podejrzane wiadomości", "title: Wiadomości od oszustów"), encoding="utf-8")

    build(szpon, demo)

    previous_page = (demo / "site/courses/bezpieczenstwo-w-sieci/dobre-haslo.html").read_text(encoding="utf-8")
    assert "Wiadomości od oszustów" in previous_page, "the previous lesson links to the next by its title"
    assert "Wiadomości od oszustów" in (demo / "site/courses/bezpieczenstwo-w-sieci/index.html").read_text(encoding="utf-8")
    assert "Wiadomości od oszustów" in (demo / "site/site-data.js").read_text(encoding="utf-8")
    assert_same_as_clean_build(szpon, demo, tmp_path)


def test_a_changed_quiz_reaches_the_server_manifest(szpon, demo, tmp_path):
    settle()
    build(szpon, demo)
    manifest = demo / ".szpon" / "server.json"
    before = json.loads(manifest.read_text(encoding="utf-8"))["quizzes"]["bezpieczenstwo-test"]
    quiz = demo / "content/courses/bezpieczenstwo-w-sieci/03-test.md"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("Które hasło najtrudniej zgadnąć?", "Które hasło jest najlepsze?"),
                    encoding="utf-8")

    build(szpon, demo)

    after = json.loads(manifest.read_text(encoding="utf-8"))["quizzes"]["bezpieczenstwo-test"]
    assert after["current"] != before["current"]
    # The server still scores attempts at the version learners saw before.
    assert set(after["versions"]) == {before["current"], after["current"]}
    assert_same_as_clean_build(szpon, demo, tmp_path)
    clean = json.loads((tmp_path / "clean-build/.szpon/server.json").read_text(encoding="utf-8"))["quizzes"]["bezpieczenstwo-test"]
    assert clean["current"] == after["current"]
    assert clean["versions"][after["current"]] == after["versions"][after["current"]]


def test_a_deleted_lesson_leaves_the_site(szpon, demo, tmp_path):
    build(szpon, demo)
    (demo / NEXT).unlink()
    # The lesson before it linked to it.
    for path in (demo / "content").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        if "02-podejrzane-wiadomosci.md" in text:
            path.write_text(text.replace("02-podejrzane-wiadomosci.md", "01-dobre-haslo.md"), encoding="utf-8")

    build(szpon, demo)

    assert not (demo / "site/courses/bezpieczenstwo-w-sieci/podejrzane-wiadomosci.html").exists()
    assert_same_as_clean_build(szpon, demo, tmp_path)


def test_a_heading_others_link_to_is_checked_again(szpon, demo, tmp_path):
    lesson = demo / LESSON
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nZobacz [co zrobić](02-podejrzane-wiadomosci.md#co-zrobic).\n",
                      encoding="utf-8")
    settle()
    build(szpon, demo)
    following = demo / NEXT
    following.write_text(following.read_text(encoding="utf-8").replace("## Co zrobić", "## Jak reagować"), encoding="utf-8")

    result = szpon("build", cwd=demo)

    assert result.returncode == 1
    assert "broken anchor '#co-zrobic'" in result.stderr
    assert f"{LESSON}:" in result.stderr


def test_a_damaged_cache_or_site_gives_the_clean_site(szpon, demo, tmp_path):
    settle()
    build(szpon, demo)
    cache = demo / ".szpon" / "cache"
    files = sorted(path for path in cache.rglob("*") if path.is_file())
    assert files
    for index, path in enumerate(files):
        data = path.read_bytes()
        # Garbage, a truncated file, and one byte changed in the middle.
        if index % 3 == 0:
            path.write_bytes(b"\x00not json at all")
        elif index % 3 == 1:
            path.write_bytes(data[: len(data) // 2])
        else:
            middle = len(data) // 2
            path.write_bytes(data[:middle] + (b"A" if data[middle:middle + 1] != b"A" else b"B") + data[middle + 1:])
    # The server manifest gone, and a page edited by hand in the output folder.
    (demo / ".szpon" / "server.json").unlink()
    edited = demo / UNTOUCHED_PAGE
    with open(edited, "a", encoding="utf-8") as f:
        f.write("<!-- edited -->")

    build(szpon, demo)

    assert "<!-- edited -->" not in edited.read_text(encoding="utf-8")
    assert "bezpieczenstwo-test" in json.loads((demo / ".szpon" / "server.json").read_text(encoding="utf-8"))["quizzes"]
    assert_same_as_clean_build(szpon, demo, tmp_path)


def test_a_file_left_in_an_unchanged_course_folder_goes(szpon, demo, tmp_path):
    settle()
    build(szpon, demo)
    stray = demo / "site/courses/dostepnosc-cyfrowa/stray.html"
    stray.write_text("<p>left over</p>", encoding="utf-8")
    lesson = demo / LESSON
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nJeszcze jedno zdanie.\n", encoding="utf-8")

    build(szpon, demo)

    assert not stray.exists()
    assert_same_as_clean_build(szpon, demo, tmp_path)


def test_no_cache_and_clean(szpon, demo):
    build(szpon, demo, "--no-cache")
    assert not (demo / ".szpon" / "cache").exists()
    build(szpon, demo)
    stray = demo / ".szpon" / "cache" / "stray.txt"
    stray.write_text("left from an older szpon")
    build(szpon, demo, "--clean")
    assert not stray.exists()
    assert list((demo / ".szpon" / "cache").rglob("*.json")), "--clean builds a new cache"
