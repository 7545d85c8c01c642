"""szpon people codes and revoke-code: the sheet a teacher prints, as a school runs it."""
import csv
import html.parser
import io
import os
import sqlite3
import stat

from conftest import REPO

ROSTER = REPO / "examples" / "roster.csv"
SYMBOLS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U"
LEARNERS_7A = ["Adam Bąk", "Ignacy Mączyński", "Łukasz Górecki", "Ola Kuźmińska", "Zuzanna Dąbrowska", "Żaneta Źrebiec"]


def rows(db, sql, *args):
    with sqlite3.connect(db) as connection:
        return connection.execute(sql, args).fetchall()


def valid(code):
    """The check a learner's browser makes: 7 base32 characters, then their value mod 37."""
    if len(code) != 9 or code[4] != "-":
        return False
    data, check = code[:4] + code[5:8], code[8]
    if any(c not in SYMBOLS[:32] for c in data) or check not in SYMBOLS:
        return False
    value = 0
    for c in data:
        value = value * 32 + SYMBOLS.index(c)
    return SYMBOLS.index(check) == value % 37


def imported(szpon, tmp_path):
    db = tmp_path / "results.sqlite"
    result = szpon("people", "import", ROSTER, "--db", db, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return db


def codes_csv(szpon, db, *extra):
    result = szpon("people", "codes", "--group", "klasa-7a", "--format", "csv", "--db", db, *extra)
    assert result.returncode == 0, result.stderr
    return list(csv.reader(io.StringIO(result.stdout)))


def test_csv_lists_each_learner_of_the_group_with_a_valid_code_that_stays_the_same(szpon, tmp_path):
    db = imported(szpon, tmp_path)
    table = codes_csv(szpon, db)
    assert table[0] == ["id", "name", "code"]
    # The group's teacher (SP1-T01, Katarzyna Nowak) gets no card; other groups are not there.
    assert [row[1] for row in table[1:]] == LEARNERS_7A
    codes = [row[2] for row in table[1:]]
    assert all(valid(code) for code in codes), codes
    assert len(set(codes)) == len(codes)
    # The store knows each code's tag, so ingest can attribute; printing again gives the same codes.
    tags = dict(rows(db, "SELECT id, code_tag FROM people WHERE code_tag IS NOT NULL"))
    assert tags == {row[0]: row[2].replace("-", "")[:7] for row in table[1:]}
    assert codes_csv(szpon, db) == table


def test_revoking_a_code_gives_the_person_a_new_one_and_leaves_the_others(szpon, tmp_path):
    db = imported(szpon, tmp_path)
    before = {row[0]: row[2] for row in codes_csv(szpon, db)[1:]}
    result = szpon("people", "revoke-code", "SP1-0702", "--db", db)
    assert result.returncode == 0, result.stderr
    assert "revoked the learner code of SP1-0702" in result.stdout
    assert rows(db, "SELECT code_tag, code_generation FROM people WHERE id = 'SP1-0702'") == [(None, 2)]
    after = {row[0]: row[2] for row in codes_csv(szpon, db)[1:]}
    assert after["SP1-0702"] != before["SP1-0702"] and valid(after["SP1-0702"])
    assert {k: v for k, v in after.items() if k != "SP1-0702"} == {k: v for k, v in before.items() if k != "SP1-0702"}

    unknown = szpon("people", "revoke-code", "nobody", "--db", db)
    assert unknown.returncode == 1
    assert "no person with id 'nobody'" in unknown.stderr


class Sheet(html.parser.HTMLParser):
    """What the printed page holds: tags, the text of each code, and any script."""

    def __init__(self):
        super().__init__()
        self.tags, self.codes, self.names, self._in = [], [], [], None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        classes = dict(attrs).get("class", "")
        self._in = "code" if (tag == "p" and "code" in classes.split()) else "name" if tag == "h2" else None

    def handle_data(self, data):
        if self._in == "code":
            self.codes.append(data.strip())
        elif self._in == "name":
            self.names.append(data.strip())

    def handle_endtag(self, tag):
        self._in = None


def test_html_sheet_is_one_printable_file_without_script(szpon, tmp_path):
    db = imported(szpon, tmp_path)
    out = tmp_path / "kody.html"
    result = szpon("people", "codes", "--group", "klasa-7a", "--db", db, "--output", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    # Personal data: readable by its owner only.
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    text = out.read_text(encoding="utf-8")
    sheet = Sheet()
    sheet.feed(text)
    tag_names = [t for t, _ in sheet.tags]
    assert "script" not in tag_names and "<script" not in text.lower()
    # Standalone: no stylesheet, image or font fetched from anywhere.
    assert not [a for t, a in sheet.tags if t == "link" and a.get("rel") != "icon"]
    assert "src=" not in text and "@import" not in text and "url(" not in text
    assert "@page{size:A4" in text.replace(" ", "")
    assert ("html", {"lang": "pl"}) in sheet.tags
    assert sheet.names == LEARNERS_7A
    assert all(valid(code) for code in sheet.codes) and len(sheet.codes) == 6
    assert sheet.codes == [row[2] for row in codes_csv(szpon, db)[1:]]
    assert "Kody uczniów – grupa klasa-7a" in text
    assert "Twój kod ucznia" in text


def test_sheet_speaks_the_sites_language(szpon, tmp_path):
    db = imported(szpon, tmp_path)
    manifest = tmp_path / "server.json"
    manifest.write_text('{"format": "szpon-server-manifest", "version": 1, "site": "school", "language": "en", '
                        '"title": "Online safety school"}', encoding="utf-8")
    result = szpon("people", "codes", "--group", "klasa-7a", "--db", db, "--manifest", manifest)
    assert result.returncode == 0, result.stderr
    assert '<html lang="en">' in result.stdout
    assert "Learner codes – group klasa-7a" in result.stdout
    assert "Online safety school" in result.stdout
    assert "Your learner code" in result.stdout


def test_an_empty_group_says_so(szpon, tmp_path):
    db = imported(szpon, tmp_path)
    result = szpon("people", "codes", "--group", "nie-ma-takiej", "--format", "csv", "--db", db)
    assert result.returncode == 0
    assert "no active learners in group 'nie-ma-takiej'" in result.stderr
    assert result.stdout.splitlines() == ["id,name,code"]
