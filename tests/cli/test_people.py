"""szpon people: the roster and RODO commands on a real SQLite file, as an office runs them."""
import json
import sqlite3
import uuid
from contextlib import closing

from conftest import REPO

ROSTER = REPO / "examples" / "roster.csv"


def rows(db, sql, *args):
    with closing(sqlite3.connect(db)) as connection:
        return connection.execute(sql, args).fetchall()


def write(db, *statements):
    """Runs (sql, args) pairs in one transaction and closes the file, as another tool would."""
    with closing(sqlite3.connect(db)) as connection, connection:
        for sql, args in statements:
            connection.execute(sql, args)


def test_importing_the_demo_roster_twice_changes_nothing_the_second_time(szpon, tmp_path):
    db = tmp_path / "results.sqlite"
    first = szpon("people", "import", ROSTER, "--db", db, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout == f"{ROSTER}: 12 added, 0 updated, 0 unchanged, 0 deactivated\n"
    before = rows(db, "SELECT * FROM people ORDER BY id")
    audit = rows(db, "SELECT COUNT(*) FROM audit_log")

    second = szpon("people", "import", ROSTER, "--db", db, cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert second.stdout == f"{ROSTER}: 0 added, 0 updated, 12 unchanged, 0 deactivated\n"
    assert rows(db, "SELECT * FROM people ORDER BY id") == before
    assert rows(db, "SELECT COUNT(*) FROM audit_log") == audit

    listing = szpon("people", "list", "--group", "klasa-7a", "--db", db)
    assert listing.returncode == 0, listing.stderr
    names = [line.split("  ")[1].strip() for line in listing.stdout.splitlines()[1:]]
    # Polish order: Ł after L and before M, Ż last.
    assert names == ["Adam Bąk", "Ignacy Mączyński", "Katarzyna Nowak", "Łukasz Górecki", "Ola Kuźmińska",
                     "Zuzanna Dąbrowska", "Żaneta Źrebiec"]


def test_full_import_deactivates_who_is_missing(szpon, tmp_path):
    db = tmp_path / "results.sqlite"
    assert szpon("people", "import", ROSTER, "--db", db, cwd=tmp_path).returncode == 0
    smaller = tmp_path / "kadry.csv"
    lines = ROSTER.read_text(encoding="utf-8").splitlines()
    smaller.write_text("\n".join(line for line in lines if "SP1-0706" not in line) + "\n", encoding="utf-8")
    result = szpon("people", "import", smaller, "--full", "--db", db, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "0 added, 0 updated, 11 unchanged, 1 deactivated" in result.stdout
    assert rows(db, "SELECT active FROM people WHERE id = 'SP1-0706'") == [(0,)]
    listing = szpon("people", "list", "--db", db)
    assert any("SP1-0706" in line and line.endswith("inactive") for line in listing.stdout.splitlines())


def test_a_bad_roster_is_reported_row_by_row_and_nothing_is_written(szpon, tmp_path):
    db = tmp_path / "results.sqlite"
    bad = tmp_path / "lista.csv"
    bad.write_bytes("\ufeffid;name;email;roles;telefon\r\n"
                    "1;Anna Nowak;anna@um.example;admin;600\r\n"
                    "2;;;learner;\r\n"
                    "1;Jan Kowalski;jan@;szef;\r\n".encode("utf-8"))
    result = szpon("people", "import", bad, "--db", db, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{bad}:1: warning: column 'telefon' is not a roster column; ignored "
        "(columns: id, name, email, office, department, roles, groups)",
        f"{bad}:3: error: missing name for id '2'",
        f"{bad}:4: error: duplicate id '1' (first on line 2)",
        f"{bad}:4: error: bad email 'jan@'",
        f"{bad}:4: error: unknown role 'szef'; valid roles: admin, official, teacher, learner",
        "4 errors; nothing was imported",
    ]
    assert not db.exists()

    # Into an existing store: still nothing.
    assert szpon("people", "import", ROSTER, "--db", db, cwd=tmp_path).returncode == 0
    before = rows(db, "SELECT * FROM people ORDER BY id")
    assert szpon("people", "import", bad, "--db", db, cwd=tmp_path).returncode == 1
    assert rows(db, "SELECT * FROM people ORDER BY id") == before

    empty = tmp_path / "pusty.csv"
    empty.write_bytes(b"")
    result = szpon("people", "import", empty, "--db", db, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"{empty}:1: error: the file is empty; a roster starts with the header line "
        "id,name,email,office,department,roles,groups")


def test_export_then_erase_keeps_the_statistics_and_removes_the_person(szpon, tmp_path):
    db = tmp_path / "results.sqlite"
    assert szpon("people", "import", ROSTER, "--db", db, cwd=tmp_path).returncode == 0
    # A record attributed to the pupil, as ingest does for a valid learner code.
    record_id = str(uuid.uuid4())
    record = {"id": record_id, "kind": "progress", "site": "akademia", "bundle": "site", "contentHash": None,
              "createdAt": "2026-11-23T10:15:00.000Z", "device": "dev-adam", "learner": "7KQ2-M9XA",
              "payload": {"course": "kurs", "lesson": "01-wstep", "completed": True}}
    write(db, ("INSERT INTO records (id, kind, site, bundle, content_hash, created_at, device, payload, raw, digest,"
               " received_at, source, learner, person_id) VALUES (?, 'progress', 'akademia', 'site', NULL, ?, ?, ?, ?,"
               " 'x', ?, 'sync', '7KQ2-M9XA', 'SP1-0701')",
               (record_id, record["createdAt"], "dev-adam", json.dumps(record["payload"]), json.dumps(record),
                record["createdAt"])),
          ("INSERT INTO progress (record_id, course, lesson, completed) VALUES (?, 'kurs', '01-wstep', 1)",
           (record_id,)))

    out = tmp_path / "adam.json"
    exported = szpon("people", "export", "SP1-0701", "--db", db, "--output", out)
    assert exported.returncode == 0, exported.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["person"]["name"] == "Adam Bąk"
    assert data["groups"] == ["klasa-7a"]
    assert data["person"]["roles"] == ["learner"]
    assert [r["id"] for r in data["records"]] == [record_id]
    assert data["records"][0]["payload"]["lesson"] == "01-wstep"
    assert out.stat().st_mode & 0o077 == 0
    stdout = szpon("people", "export", "SP1-0701", "--db", db)
    assert json.loads(stdout.stdout)["person"]["id"] == "SP1-0701"

    refused = szpon("people", "erase", "SP1-0701", "--db", db)
    assert refused.returncode == 1
    assert "pass --yes" in refused.stderr
    erased = szpon("people", "erase", "SP1-0701", "--db", db, "--yes")
    assert erased.returncode == 0, erased.stderr
    assert rows(db, "SELECT COUNT(*) FROM people WHERE id = 'SP1-0701'") == [(0,)]
    assert rows(db, "SELECT COUNT(*) FROM person_groups WHERE person_id = 'SP1-0701'") == [(0,)]
    # The statistics stay, unlinked.
    assert rows(db, "SELECT person_id, learner FROM records") == [(None, None)]
    assert rows(db, "SELECT COUNT(*) FROM progress") == [(1,)]
    raw, device = rows(db, "SELECT raw, device FROM records")[0]
    assert "7KQ2-M9XA" not in raw and "dev-adam" not in raw and device.startswith("erased-")
    # Nowhere in the file is the name left, not even in free pages.
    for path in tmp_path.glob("results.sqlite*"):
        assert "Adam Bąk".encode("utf-8") not in path.read_bytes(), path

    missing = szpon("people", "export", "SP1-0701", "--db", db)
    assert missing.returncode == 1
    assert "no person with id 'SP1-0701'" in missing.stderr

    audit = szpon("people", "audit", "--db", db, "--limit", "3")
    assert audit.returncode == 0, audit.stderr
    actions = [line.split("  ")[2:4] for line in audit.stdout.splitlines()]
    assert actions == [["person.erase", "SP1-0701"], ["person.export", "SP1-0701"], ["person.export", "SP1-0701"]]
    assert "Adam" not in audit.stdout


def test_retention_dry_run_and_erase(szpon, tmp_path):
    db = tmp_path / "results.sqlite"
    assert szpon("people", "import", ROSTER, "--db", db, cwd=tmp_path).returncode == 0
    # UM1005 left the office two years ago.
    write(db, ("UPDATE people SET active = 0, deactivated_at = '2024-01-01T00:00:00.000Z' WHERE id = 'UM1005'", ()))
    dry = szpon("people", "retention", "--days", "365", "--dry-run", "--db", db)
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines() == ["would erase UM1005 (inactive since 2024-01-01T00:00:00Z)",
                                       "1 person inactive for more than 365 days"]
    assert rows(db, "SELECT COUNT(*) FROM people") == [(12,)]
    done = szpon("people", "retention", "--days", "365", "--db", db)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "erased UM1005"
    assert rows(db, "SELECT COUNT(*) FROM people") == [(11,)]
    assert szpon("people", "retention", "--days", "0", "--db", db).returncode == 1
