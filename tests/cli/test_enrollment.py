"""Enrollment computed from each course's audience and the roster, as an office runs it:
szpon check on audience rules, szpon people import recomputing the assignments, and
szpon people enrollment per group and course, as text and CSV."""
import csv
import io
import shutil

from conftest import REPO


def write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def course(title, audience, due=""):
    return f"---\ntitle: {title}\nsummary: Kurs.\naudience: {audience}\n{due}---\n\nKurs.\n"


LESSON = "---\ntitle: Lekcja\n---\n\nTreść.\n"


def test_check_reports_audience_mistakes_with_hints(szpon, tmp_path):
    write(tmp_path, {
        "content/site.yaml": "id: urzad\ntitle: Urząd\nlanguage: pl\n",
        "content/courses/a/course.md": course("A", "everybody"),
        "content/courses/a/01-l.md": LESSON,
        "content/courses/b/course.md": course("B", "{groups: [kadry], rolez: [official]}"),
        "content/courses/b/01-l.md": LESSON,
        "content/courses/c/course.md": course("C", "{roles: [urzednik]}", "due_days: 0\n"),
        "content/courses/c/01-l.md": LESSON,
        "content/courses/d/course.md": course("D", "citizens", "due_days: 14\n"),
        "content/courses/d/01-l.md": LESSON,
    })
    proc = szpon("check", "--content", "content", cwd=tmp_path)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "courses/a/course.md:4:11: warning: audience 'everybody' only describes the course: it assigns it to no one" in out
    assert "did you mean 'audience: everyone'?" in out
    assert "courses/b/course.md:4:29: error: unknown key 'rolez'" in out and "did you mean 'roles'?" in out
    assert "courses/c/course.md:4:11: error: unknown role 'urzednik' in audience" in out
    assert "courses/c/course.md:5:11: error: 'due_days' must be a positive number of days" in out
    assert "courses/d/course.md:5:11: warning: 'due_days' has no effect: this course is assigned to no one" in out


def test_import_recomputes_and_enrollment_shows_groups_and_courses(szpon, tmp_path):
    shutil.copytree(REPO / "content", tmp_path / "content")
    build = szpon("build", "--content", "content", "--output", "site", cwd=tmp_path)
    assert build.returncode == 0, build.stderr
    roster = REPO / "examples" / "roster.csv"
    first = szpon("people", "import", str(roster), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    # The two web editors get the accessibility course (audience {groups: [redaktorzy-www]}),
    # and the six pupils of klasa-7a (not their teacher) the school course.
    assert "assignments: 8 added, 0 removed, 0 due dates changed" in first.stdout
    again = szpon("people", "import", str(roster), cwd=tmp_path)
    assert "assignments: 0 added, 0 removed" in again.stdout

    text = szpon("people", "enrollment", cwd=tmp_path)
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0].split() == ["GROUP", "COURSE", "ASSIGNED", "COMPLETED", "PASSED", "STARTED", "NOT", "STARTED", "OVERDUE"]
    row = next(line for line in lines if line.startswith("redaktorzy-www"))
    assert "Dostępność cyfrowa dla redaktorów stron" in row and row.split()[-6:] == ["2", "0", "0", "0", "2", "0"]

    data = szpon("people", "enrollment", "--group", "redaktorzy-www", "--format", "csv", cwd=tmp_path)
    rows = list(csv.DictReader(io.StringIO(data.stdout)))
    assert sorted(r["person"] for r in rows) == ["UM1002", "UM1003"]
    assert all(r["course"] == "dostepnosc-cyfrowa" and r["status"] == "not-started" and r["overdue"] == "no" for r in rows)
    assert all(r["due"] > r["assigned"] for r in rows), "due_days: 30 from the assignment"

    # A roster change: one editor leaves the group; a full import recomputes.
    changed = tmp_path / "roster.csv"
    changed.write_text(roster.read_text(encoding="utf-8").replace("Wydział Promocji;official;redaktorzy-www\nUM1003",
                                                                  "Wydział Promocji;official;redaktorzy-www\nUM1003", 1)
                       .replace("UM1003;Małgorzata Łęcka;malgorzata.lecka@przykladowo.example;UM Przykładowo;Wydział Promocji;official;redaktorzy-www",
                                "UM1003;Małgorzata Łęcka;malgorzata.lecka@przykladowo.example;UM Przykładowo;Wydział Promocji;official;kadry"),
                       encoding="utf-8")
    third = szpon("people", "import", str(changed), cwd=tmp_path)
    assert third.returncode == 0, third.stderr
    assert "assignments: 0 added, 1 removed" in third.stdout
