"""A running server keeps enrollment in step with the roster and the site: a roster
imported from elsewhere (no manifest at hand) and a rebuilt site with another audience
both change the assignments without a restart, on SQLite and PostgreSQL."""
import time

from conftest import REPO, Server, run, write

COURSE = """---
title: Dostępność cyfrowa
summary: Kurs dla redaktorów.
audience: {audience}
due_days: 30
---

Kurs.
"""

LESSON = "---\ntitle: Lekcja\n---\n\nTreść.\n"

ROSTER = """id;name;office;roles;groups
A1;Anna Wiśniewska;UM Przykładowo;official;redaktorzy-www
B2;Bogdan Kowal;UM Przykładowo;official;kadry
"""


def assignments(store):
    return sorted(tuple(row) for row in store.rows("SELECT person_id, course FROM assignments"))


def eventually(check, timeout=20):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


def test_roster_and_site_changes_reach_the_assignments_while_serving(store, tmp_path):
    project = tmp_path / "urzad"
    write(project, {
        "content/site.yaml": "id: urzad\ntitle: Urząd\nlanguage: pl\norganisation: Urząd\n",
        "content/courses/wcag/course.md": COURSE.format(audience="{groups: [redaktorzy-www]}"),
        "content/courses/wcag/01-lekcja.md": LESSON,
    })
    theme = str(REPO / "themes" / "default")
    run("build", "--content", "content", "--theme", theme, "--output", "site", cwd=project)
    server = Server(project, store, extra=["--enrollment-interval", "0.1"]).start()
    try:
        # Imported from another folder: the CLI has no manifest, so only the server can assign.
        (tmp_path / "kadry").mkdir()
        roster = tmp_path / "kadry" / "roster.csv"
        roster.write_text(ROSTER, encoding="utf-8")
        out = run("people", "import", str(roster), "--db", str(store), cwd=tmp_path / "kadry").stdout
        assert "assignments" not in out
        assert eventually(lambda: assignments(store) == [("A1", "wcag")]), assignments(store)
        due, assigned = store.rows("SELECT due_at, assigned_at FROM assignments")[0]
        assert due > assigned

        # The site changes: the course is now for everyone in the office.
        write(project, {"content/courses/wcag/course.md": COURSE.format(audience="{office: UM Przykładowo}")})
        run("build", "--content", "content", "--theme", theme, "--output", "site", cwd=project)
        assert eventually(lambda: assignments(store) == [("A1", "wcag"), ("B2", "wcag")]), assignments(store)

        # The roster changes: Bogdan leaves (a --full import without him).
        roster.write_text(ROSTER.splitlines()[0] + "\n" + ROSTER.splitlines()[1] + "\n", encoding="utf-8")
        run("people", "import", str(roster), "--full", "--db", str(store), cwd=tmp_path / "kadry")
        assert eventually(lambda: assignments(store) == [("A1", "wcag")]), assignments(store)
    finally:
        server.stop()
