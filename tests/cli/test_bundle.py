"""`szpon bundle` as a teacher runs it, unpacked with stock tools."""

import io
import json
import re
import subprocess
import tarfile
import zipfile

BUNDLE = "akademia-urzedu-miasta-przykladowo-segregacja-odpadow"


def test_a_course_becomes_a_zip_that_unzip_opens(szpon, demo, tmp_path):
    proc = szpon("bundle", "--course", "segregacja-odpadow", cwd=demo)
    assert proc.returncode == 0, proc.stderr
    archive = demo / "bundles" / f"{BUNDLE}.zip"
    assert proc.stdout.strip().endswith(f"{BUNDLE}.zip") and archive.is_file()
    out = tmp_path / "unzipped"
    subprocess.run(["unzip", "-q", str(archive), "-d", str(out)], check=True)
    for path in ("index.html", "README.txt", "manifest.json", "site-data.js", "search-index.js", "assets/js/quiz.js",
                 "courses/segregacja-odpadow/index.html", "courses/segregacja-odpadow/odpady-niebezpieczne.html",
                 "courses/segregacja-odpadow/img/pojemniki.svg"):
        assert (out / path).is_file(), path
    assert not (out / "courses" / "dostepnosc-cyfrowa").exists(), "another course leaked into the bundle"
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["format"] == "szpon-bundle" and manifest["bundle"] == BUNDLE
    assert manifest["site"] == "akademia-urzedu-miasta-przykladowo" and len(manifest["contentHash"]) == 64
    listed = {f["path"] for f in manifest["files"]}
    assert listed == {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()} - {"manifest.json"}
    assert f'"bundle":"{BUNDLE}"' in (out / "site-data.js").read_text()
    readme = (out / "README.txt").read_text()
    assert "index.html" in readme and "Pobierz moje wyniki" in readme and "Download my results" in readme


def test_tar_gz_and_audience_bundles(szpon, demo, tmp_path):
    proc = szpon("bundle", "--audience", "citizens", "--format", "tar.gz", cwd=demo)
    assert proc.returncode == 0, proc.stderr
    [archive] = list((demo / "bundles").glob("*.tar.gz"))
    names = subprocess.run(["tar", "-tzf", str(archive)], capture_output=True, text=True, check=True).stdout.split()
    assert "index.html" in names and "manifest.json" in names
    assert any(n.startswith("courses/segregacja-odpadow/") for n in names)
    proc = szpon("bundle", "--audience", "nikt", cwd=demo)
    assert proc.returncode == 1 and "no course has the audience 'nikt'" in proc.stderr
    assert "redaktorzy-www" in proc.stderr and "citizens" in proc.stderr, "the error lists the audiences there are"


def test_audience_bundles_follow_the_enrollment_rules(szpon, demo):
    """--audience takes a group (or office, department, label) of the courses' audience
    rules, the same rules that assign courses to people on the server."""
    proc = szpon("bundle", "--audience", "redaktorzy-www", "--format", "tar.gz", "--output", "web", cwd=demo)
    assert proc.returncode == 0, proc.stderr
    [archive] = list((demo / "web").glob("*.tar.gz"))
    names = subprocess.run(["tar", "-tzf", str(archive)], capture_output=True, text=True, check=True).stdout.split()
    assert any(n.startswith("courses/dostepnosc-cyfrowa/") for n in names)
    assert not any(n.startswith("courses/segregacja-odpadow/") for n in names), "a citizens' course is not for the editors"


def test_bundles_are_byte_identical_from_the_same_content(szpon, demo):
    for fmt in ("zip", "tar.gz", "scorm12"):
        first = szpon("bundle", "--course", "segregacja-odpadow", "--format", fmt, "--output", "a", cwd=demo)
        second = szpon("bundle", "--course", "segregacja-odpadow", "--format", fmt, "--output", "b", cwd=demo)
        assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
        [a] = [p for p in (demo / "a").iterdir()]
        [b] = [p for p in (demo / "b").iterdir()]
        assert a.name == b.name and a.read_bytes() == b.read_bytes(), fmt
        for p in (a, b):
            p.unlink()


def test_verify_catches_a_flipped_byte_a_missing_and_an_extra_file(szpon, demo, tmp_path):
    szpon("bundle", "--course", "segregacja-odpadow", cwd=demo)
    archive = demo / "bundles" / f"{BUNDLE}.zip"
    ok = szpon("bundle", "verify", archive)
    assert ok.returncode == 0 and "match" in ok.stdout, ok.stdout + ok.stderr
    with zipfile.ZipFile(archive) as z:
        files = {name: z.read(name) for name in z.namelist()}

    def rewritten(name, change):
        target = tmp_path / name
        changed = change(dict(files))
        with zipfile.ZipFile(target, "w") as z:
            for path, data in sorted(changed.items()):
                z.writestr(path, data)
        return target

    def flip(fs):
        data = bytearray(fs["courses/segregacja-odpadow/pojemniki.html"])
        data[100] ^= 0x01
        fs["courses/segregacja-odpadow/pojemniki.html"] = bytes(data)
        return fs
    altered = szpon("bundle", "verify", rewritten("flipped.zip", flip))
    assert altered.returncode == 1 and "courses/segregacja-odpadow/pojemniki.html" in altered.stdout + altered.stderr
    missing = szpon("bundle", "verify", rewritten("missing.zip", lambda fs: {k: v for k, v in fs.items() if k != "search-index.js"}))
    assert missing.returncode == 1 and "search-index.js" in missing.stdout + missing.stderr
    extra = szpon("bundle", "verify", rewritten("extra.zip", lambda fs: {**fs, "wirus.js": b"alert(1)"}))
    assert extra.returncode == 1 and "wirus.js" in extra.stdout + extra.stderr


def test_scorm_package_manifest_validates_against_the_scorm12_schemas(szpon, demo, tmp_path, scorm12_driver):
    proc = szpon("bundle", "--course", "dostepnosc-cyfrowa", "--course", "segregacja-odpadow", "--format", "scorm12", cwd=demo)
    assert proc.returncode == 0, proc.stderr
    manifests = {}
    for archive in sorted((demo / "bundles").glob("*-scorm12.zip")):
        with zipfile.ZipFile(archive) as z:
            xml = z.read("imsmanifest.xml").decode()
            names = set(z.namelist())
        manifest = tmp_path / f"{archive.stem}.xml"
        manifest.write_text(xml, encoding="utf-8")
        check = subprocess.run(["xmllint", "--noout", "--schema", str(scorm12_driver), str(manifest)],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        assert "<schema>ADL SCORM</schema>" in xml and "<schemaversion>1.2</schemaversion>" in xml
        assert 'adlcp:scormtype="sco"' in xml
        for href in re.findall(r'href="([^"]+)"', xml):
            assert href in names, f"{archive.name}: the manifest names {href}, which the package lacks"
        manifests[archive.name] = xml
    assert len(manifests) == 2
    # The accessibility course ends in a graded test: its SCO carries the mastery score.
    [xml] = [x for name, x in manifests.items() if "dostepnosc-cyfrowa" in name]
    assert 'href="courses/dostepnosc-cyfrowa/test-koncowy.html"' in xml and "<adlcp:masteryscore>" in xml

    # The same check refuses what SCORM 1.2 forbids: an unknown SCO type, and a
    # manifest without its identifier.
    for name, change in [("scormtype", lambda x: x.replace('adlcp:scormtype="sco"', 'adlcp:scormtype="lesson"')),
                         ("identifier", lambda x: re.sub(r'(<manifest[^>]*?) identifier="[^"]*"', r"\1", x, count=1))]:
        broken = tmp_path / f"broken-{name}.xml"
        broken.write_text(change(xml), encoding="utf-8")
        assert broken.read_text(encoding="utf-8") != xml
        refused = subprocess.run(["xmllint", "--noout", "--schema", str(scorm12_driver), str(broken)],
                                 capture_output=True, text=True)
        assert refused.returncode != 0 and "fails to validate" in refused.stderr, refused.stderr


def test_an_unknown_course_is_an_error_with_a_suggestion(szpon, demo):
    proc = szpon("bundle", "--course", "segregacja-odpadw", cwd=demo)
    assert proc.returncode == 1 and "no course 'segregacja-odpadw'" in proc.stderr and "segregacja-odpadow" in proc.stderr
    assert not (demo / "bundles").exists() or not any((demo / "bundles").iterdir())


def quiz_lesson(title, quiz_id, pass_line):
    return f"""---
title: {title}
---

## {title}

```quiz
id: {quiz_id}
graded: true
{pass_line}questions:
  - id: p1
    type: truefalse
    text: Karton to papier.
    answer: true
```
"""


def test_each_scorm_item_carries_its_own_quizs_passing_score(szpon, tmp_path):
    """An LMS must judge each lesson by the threshold the page applies: the quiz's own
    `pass`, else the course's `passing_score`; a lesson without a quiz has none."""
    files = {
        "site.yaml": "id: s\ntitle: Szkoła\nlanguage: pl\norganisation: Szkoła\n",
        "courses/k/course.md": "---\ntitle: Kurs\nsummary: Krótki kurs.\npassing_score: 60\n---\n\nKurs.\n",
        "courses/k/01-wstep.md": "---\ntitle: Wstęp\n---\n\n## Wstęp\n\nTekst.\n",
        "courses/k/02-sprawdzian.md": quiz_lesson("Sprawdzian", "sprawdzian", "pass: 90\n"),
        "courses/k/03-powtorka.md": quiz_lesson("Powtórka", "powtorka", ""),
    }
    for rel, text in files.items():
        path = tmp_path / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    proc = szpon("bundle", "--format", "scorm12", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    [archive] = list((tmp_path / "bundles").glob("*.zip"))
    xml = zipfile.ZipFile(archive).read("imsmanifest.xml").decode()
    items = dict(re.findall(r'<item identifier="ITEM-k-([a-z]+)"[^>]*>(.*?)</item>', xml, re.S))
    assert set(items) == {"wstep", "sprawdzian", "powtorka"}, xml
    scores = {name: re.findall(r"<adlcp:masteryscore>(\d+)</adlcp:masteryscore>", body) for name, body in items.items()}
    assert scores == {"wstep": [], "sprawdzian": ["90"], "powtorka": ["60"]}, xml
