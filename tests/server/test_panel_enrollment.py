"""The newcomer's school flow, end to end through the real binary: import a roster,
invite the teacher, print the class's learner codes, a pupil's results come in with
their code, and the teacher's /panel shows who has completed and passed the course the
class must take, who has not started, and who is overdue (in words); a pupil signed in
sees "Moje kursy" with the due date. On SQLite and PostgreSQL."""
import csv
import io
import json
import re
import uuid

from conftest import REPO, Server, run, write
from test_panel import execute, import_roster, set_password

COURSE = """---
title: Bezpieczeństwo w sieci
summary: Kurs dla klasy.
audience: {groups: [klasa-7a], roles: [learner]}
due_days: 7
identify: code
---

Kurs.
"""

LESSON = """---
title: Test
---

```quiz
id: test-sieci
graded: true
pass: 50
questions:
  - id: haslo
    type: truefalse
    text: Hasło można podać koledze.
    answer: false
```
"""

ROSTER = """id;name;roles;groups
A1;Anna Dyrektorka;admin;
T1;Tomasz Nauczyciel;teacher;klasa-7a
L1;Łukasz Bąk;learner;klasa-7a
L2;Zofia Żak;learner;klasa-7a
L3;Ola Inna;learner;klasa-7b
"""


def build(root):
    write(root, {
        "content/site.yaml": "id: szkola\ntitle: Szkoła\nlanguage: pl\norganisation: Szkoła\ningest_origins: [\"null\"]\n",
        "content/courses/siec/course.md": COURSE,
        "content/courses/siec/01-test.md": LESSON,
    })
    run("build", "--content", "content", "--theme", str(REPO / "themes" / "default"), "--output", "site", cwd=root)


def record(kind, payload, learner, content_hash=None):
    return {"id": str(uuid.uuid4()), "kind": kind, "site": "szkola", "bundle": "site", "contentHash": content_hash,
            "createdAt": "2026-11-23T10:00:00.000Z", "device": str(uuid.uuid4()), "learner": learner, "payload": payload}


def test_a_teacher_sees_the_class_enrollment_from_coded_results(store, tmp_path):
    project = tmp_path / "szkola"
    build(project)
    manifest = json.loads((project / ".szpon" / "server.json").read_text())
    quiz_hash = manifest["quizzes"]["test-sieci"]["current"]
    import_roster(project, store, ROSTER, tmp=tmp_path)
    codes = run("people", "codes", "--group", "klasa-7a", "--format", "csv", "--db", str(store), cwd=project).stdout
    code = {row["id"]: row["code"] for row in csv.DictReader(io.StringIO(codes))}
    assert set(code) == {"L1", "L2"}, "the class's learners, not the teacher or another class"

    server = Server(project, store, ["--trusted-proxy", "127.0.0.1", "--enrollment-interval", "0.1"]).start()
    try:
        # Łukasz takes the test with his code and marks the lesson done; Zofia does nothing.
        status, _, body = server.sync([
            record("attempt", {"quiz": "test-sieci", "course": "siec", "lesson": "test", "attempt": 1, "seed": 1,
                               "questions": ["haslo"], "options": {}, "responses": {"haslo": False},
                               "startedAt": "2026-11-23T09:55:00.000Z", "finishedAt": "2026-11-23T10:00:00.000Z",
                               "timedOut": False, "score": None}, code["L1"], quiz_hash),
            record("progress", {"course": "siec", "lesson": "test", "completed": True}, code["L1"]),
        ])
        assert status == 200 and [r["status"] for r in body["results"]] == ["stored", "stored"], body
        # A made-up code is stored all the same, and counted as unattributed in the report.
        status, _, body = server.sync([record("progress", {"course": "siec", "lesson": "test", "completed": True}, "ZZZZ-ZZZZ")])
        assert status == 200 and body["results"][0]["status"] == "stored", body

        teacher = set_password(server, project, "T1")
        status, _, page = teacher.get("/panel/enrollment?group=klasa-7a")
        page = page.decode()
        assert status == 200, page[:300]
        summary = re.search(r"<tbody>\s*<tr><td><a [^>]*>klasa-7a</a></td>(.*?)</tr>", page, re.S).group(1)
        cells = re.findall(r"<td>([^<]*)</td>", summary)
        # course, assigned, completed, passed, started, not started, overdue
        assert cells == ["Bezpieczeństwo w sieci", "2", "1", "1", "0", "1", "0"], cells
        people = page.split('id="people-heading"')[1]
        assert re.search(r"Łukasz Bąk</td><td>Bezpieczeństwo w sieci</td><td>\d\d\.\d\d\.\d{4}</td><td>ukończony, test zaliczony</td>", people)
        assert re.search(r"Zofia Żak</td>.*?<td>nie rozpoczęty</td>", people)
        assert "Ola Inna" not in page and "Tomasz Nauczyciel" not in people

        status, headers, data = teacher.get("/panel/enrollment.csv?group=klasa-7a")
        assert status == 200 and headers["content-type"].startswith("text/csv")
        rows = {r["person"]: r for r in csv.DictReader(io.StringIO(data.decode()))}
        assert rows["L1"]["status"] == "completed" and rows["L1"]["passed"] == "yes"
        assert rows["L2"]["status"] == "not-started" and rows["L2"]["overdue"] == "no"

        # A week later Zofia is overdue: said in words, on the page and in the CSV.
        execute(store, "UPDATE assignments SET due_at = '2020-01-01T00:00:00.000Z' WHERE person_id = 'L2'")
        page = teacher.get("/panel/enrollment?group=klasa-7a")[2].decode()
        assert re.search(r"Zofia Żak</td>.*?<td><strong>nie rozpoczęty, po terminie</strong></td>", page)
        assert "01.01.2020" in page
        rows = {r["person"]: r for r in csv.DictReader(io.StringIO(teacher.get("/panel/enrollment.csv?group=klasa-7a")[2].decode()))}
        assert rows["L2"]["overdue"] == "yes" and rows["L2"]["due"] == "2020-01-01"

        # The admin's report says how many results came with a code and how many matched no one;
        # the gradebook marks each attempt's attribution.
        admin = set_password(server, project, "A1")
        report = admin.get("/panel/results")[2].decode()
        assert "Wyniki z kodem ucznia: 3 · nieprzypisane (kod zmyślony, błędny albo unieważniony; zachowane): 1" in report
        gradebook = list(csv.DictReader(io.StringIO(admin.get("/panel/attempts.csv")[2].decode())))
        assert [(r["person"], r["attribution"]) for r in gradebook] == [("L1", "person")]

        # Another class is not this teacher's.
        assert teacher.get("/panel/enrollment?group=klasa-7b")[0] == 403

        # Łukasz signs in and sees his course with its due date; the teacher is assigned nothing.
        pupil = set_password(server, project, "L1")
        status, _, mine = pupil.get("/panel/courses")
        mine = mine.decode()
        assert status == 200 and re.search(r'<a href="/courses/siec/">Bezpieczeństwo w sieci</a></td><td>\d\d\.\d\d\.\d{4}</td>'
                                           r'<td>ukończony, test zaliczony</td>', mine), mine[-800:]
        assert pupil.get("/panel/enrollment")[0] == 403, "a pupil sees no one else's progress"
        assert "Nie masz jeszcze przypisanych kursów" in teacher.get("/panel/courses")[2].decode()
    finally:
        server.stop()
