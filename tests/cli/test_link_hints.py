"""A broken link's "did you mean" names only a close match (issue 12): `04-pszok.md`
next to `course.md` used to get "did you mean 'course.md'?"."""


def write(root, files):
    for rel, text in files.items():
        path = root / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "content"


def hints_for(szpon, tmp_path, link, pszok=True):
    files = {
        "site.yaml": "title: A\nlanguage: pl\norganisation: U\n",
        "courses/kurs/course.md": "---\ntitle: Kurs\nsummary: Kurs.\n---\n\nKurs.\n",
        "courses/kurs/01-wstep.md": f"---\ntitle: Wstęp\n---\n\nZobacz [lekcję]({link}).\n",
        "courses/kurs/02-segregacja.md": "---\ntitle: Segregacja\n---\n\nTreść.\n",
    }
    if pszok:
        files["courses/kurs/03-pszok.md"] = "---\ntitle: PSZOK\n---\n\nTreść.\n"
    content = write(tmp_path, files)
    result = szpon("check", "--content", content)
    assert result.returncode == 1 and "broken link" in result.stdout, result.stdout
    return [line.strip() for line in result.stdout.splitlines() if line.strip().startswith("hint: did you mean")]


def test_a_wrong_lesson_number_suggests_the_lesson(szpon, tmp_path):
    assert hints_for(szpon, tmp_path, "04-pszok.md") == ["hint: did you mean '03-pszok.md'?"]


def test_a_page_unlike_any_other_gets_no_suggestion(szpon, tmp_path):
    hints = hints_for(szpon, tmp_path, "04-odpady-wielkogabarytowe.md")
    assert not [h for h in hints if "did you mean" in h], hints


def test_a_missing_lesson_is_not_matched_to_course_md(szpon, tmp_path):
    assert hints_for(szpon, tmp_path, "04-pszok.md", pszok=False) == []
