import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

DIAGNOSTIC = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning): (?P<message>.+)$")


def test_check_accepts_the_demo_content(szpon):
    result = szpon("check", "--content", REPO / "content")
    assert result.returncode == 0, result.stderr
    assert "0 errors" in result.stdout


def test_check_reports_every_problem_in_the_broken_fixtures_and_exits_1(szpon):
    fixtures = REPO / "Tests" / "Fixtures"
    result = szpon("check", "--content", "broken", cwd=fixtures)
    assert result.returncode == 1
    expected = (fixtures / "broken.expected.txt").read_text()
    assert result.stdout.startswith(expected)
    lines = [l for l in expected.splitlines() if not l.startswith("  hint: ")]
    assert all(DIAGNOSTIC.match(l) for l in lines), [l for l in lines if not DIAGNOSTIC.match(l)]
    assert "41 errors, 1 warning" in result.stdout


def test_build_writes_the_site_and_says_so(szpon, demo):
    result = szpon("build", "--content", "content", "--output", "out", cwd=demo)
    assert result.returncode == 0, result.stderr
    assert re.search(r"built \d+ pages", result.stdout)
    assert (demo / "out" / "index.html").is_file()
    assert (demo / "out" / "guides" / "wymiana-dowodu" / "wniosek-o-wydanie-dowodu.pdf").is_file()


def test_build_with_an_error_exits_1_and_keeps_the_previous_site(szpon, demo):
    assert szpon("build", "--content", "content", "--output", "out", cwd=demo).returncode == 0
    before = (demo / "out" / "index.html").read_bytes()
    lesson = next((demo / "content" / "courses" / "segregacja-odpadow").glob("01-*.md"))
    lesson.write_text(lesson.read_text() + "\n[zepsuty link](99-nie-ma.md)\n")
    result = szpon("build", "--content", "content", "--output", "out", cwd=demo)
    assert result.returncode == 1
    assert f"{lesson.relative_to(demo)}:" in result.stderr
    assert "broken link" in result.stderr
    assert (demo / "out" / "index.html").read_bytes() == before
    assert not [p for p in demo.iterdir() if ".szpon-" in p.name], "staging folder left behind"


def site_files(folder):
    """Every file under a folder, by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_failing_after_staging_exits_1_and_keeps_the_previous_site_whole(szpon, demo):
    """The server manifest is written after the pages are staged and before the swap: when
    that write fails (here --keys names a path under a file), the build stops with a clear error,
    the previous site is byte for byte as it was and nothing is left beside it."""
    assert szpon("build", "--content", "content", "--output", "out", cwd=demo).returncode == 0
    before = site_files(demo / "out")
    assert len(before) > 20 and "index.html" in before
    beside = sorted(p.name for p in demo.iterdir())
    # A change the new build would publish, so a swap that happened anyway shows.
    lesson = next((demo / "content" / "courses" / "segregacja-odpadow").glob("01-*.md"))
    lesson.write_text(lesson.read_text().replace("\n---\n", "\n---\n\nZmiana, która nie może trafić na stronę.\n", 1))
    (demo / "klucze").mkdir()
    (demo / "klucze" / "notatka.txt").write_text("nie klucze")

    result = szpon("build", "--content", "content", "--output", "out", "--keys", "klucze/notatka.txt/server.json", cwd=demo)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "cannot write the server manifest to klucze/notatka.txt/server.json" in result.stderr, result.stderr
    assert site_files(demo / "out") == before, "the previous site must stay whole"
    assert sorted(p.name for p in demo.iterdir()) == sorted(beside + ["klucze"]), "a staging or .old folder was left behind"
    assert not [p for p in demo.rglob("*") if ".szpon-" in p.name or p.name.endswith(".old")]
    assert site_files(demo / "klucze") == {"notatka.txt": b"nie klucze"}


def test_new_scaffolds_pass_check_and_build(szpon, demo):
    for kind, name in [("course", "nowy-kurs"), ("lesson", "nowy-kurs/druga-lekcja"), ("guide", "nowy-poradnik"), ("survey", "nowa-ankieta")]:
        result = szpon("new", kind, name, "--content", "content", cwd=demo)
        assert result.returncode == 0, result.stderr
        assert "created content/" in result.stdout
    assert (demo / "content" / "courses" / "nowy-kurs" / "02-druga-lekcja.md").is_file()
    check = szpon("check", "--content", "content", cwd=demo)
    assert check.returncode == 0, check.stdout
    build = szpon("build", "--content", "content", "--output", "out", cwd=demo)
    assert build.returncode == 0, build.stderr
    assert (demo / "out" / "courses" / "nowy-kurs" / "druga-lekcja.html").is_file()


def test_new_refuses_to_overwrite_or_to_take_a_bad_name(szpon, demo):
    again = szpon("new", "course", "segregacja-odpadow", "--content", "content", cwd=demo)
    assert again.returncode == 1
    assert "already exists" in again.stderr
    bad = szpon("new", "guide", "Wymiana Dowodu", "--content", "content", cwd=demo)
    assert bad.returncode == 1
    assert "wymiana-dowodu" in bad.stderr


def test_missing_content_folder_is_a_clear_error(szpon, tmp_path):
    result = szpon("check", "--content", tmp_path / "nie-ma")
    assert result.returncode == 1
    assert "content folder not found" in result.stdout


def test_build_from_another_folder_finds_the_default_theme(szpon, demo):
    shutil.rmtree(demo / "content" / "courses")
    result = szpon("build", "--content", demo / "content", "--output", demo / "out", cwd="/")
    assert result.returncode == 0, result.stderr
    assert (demo / "out" / "assets" / "css" / "szpon.css").is_file()


def test_new_in_an_empty_folder_starts_a_site_that_passes_check(szpon, tmp_path):
    result = szpon("new", "course", "pierwszy-kurs", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "content" / "site.yaml").is_file()
    check = szpon("check", cwd=tmp_path)
    assert check.returncode == 0, check.stdout
    numbered = szpon("new", "lesson", "pierwszy-kurs/02-druga", cwd=tmp_path)
    assert numbered.returncode == 1
    assert "'druga'" in numbered.stderr
