"""Exam mode: the published site holds no answer key, the build writes the key
beside the output, and the browser records the answers without scoring them."""

import json
import re

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import (
    answer_quiz,
    assert_no_axe_violations,
    build_site,
    clear_storage,
    console_errors,
    outbox_records,
    page_url,
    quiz_data,
    reveal,
    right_responses,
    site_yaml,
    visible_text,
    wait_loaded,
    write_content,
)

EXAM = """
---
title: Egzamin końcowy
---

Egzamin sprawdza serwer.

```quiz
id: egzamin
title: Egzamin z segregacji
graded: true
mode: exam
pass: 60
time_limit: 10
questions:
  - id: jednokrotny
    type: single
    text: Do którego pojemnika wrzucisz gazetę?
    feedback: Wyjaśnienie ogólne numer jeden.
    answers:
      - text: Niebieski
        correct: true
        feedback: Komentarz do trafnej odpowiedzi alfa.
      - text: Zielony
        feedback: Komentarz do chybionej odpowiedzi beta.
  - id: wielokrotny
    type: multiple
    text: Które odpady są niebezpieczne?
    answers:
      - text: Zużyta bateria
        correct: true
        weight: 50
      - text: Przeterminowane leki
        correct: true
        weight: 50
      - text: Skórka od banana
        weight: -100
        feedback: Komentarz o bioodpadach gamma.
  - id: prawda
    type: truefalse
    text: Baterie można wyrzucać do odpadów zmieszanych.
    answer: false
    feedback_true: Komentarz do prawdy delta.
    feedback_false: Komentarz do fałszu epsilon.
  - id: krotka
    type: short
    text: Z czego topi się szkło?
    accept: [Kwarcowy piach, piasek kwarcowy]
    feedback: Komentarz o szkle zeta.
  - id: liczba
    type: numeric
    text: Ile kelwinów to zero stopni Celsjusza?
    answer: 273.15
    tolerance: 0.01
  - id: pary
    type: matching
    text: Połącz odpad z pojemnikiem.
    pairs:
      - left: Gazeta
        right: Niebieski pojemnik
      - left: Słoik
        right: Zielony pojemnik
  - id: kolejnosc
    type: ordering
    text: Ułóż czynności w kolejności.
    items: [Opróżnij butelkę, Zgnieć butelkę, Wrzuć butelkę]
  - id: luki
    type: cloze
    text: "Pierwszą stolicą Polski było [[Gniezno|Gnieźnie]]."
  - id: opis
    type: essay
    text: Opisz, jak segregujesz odpady.
    feedback: Komentarz do wypracowania eta.
```
"""

# Nothing of this may reach the published site.
SECRETS = [
    "Wyjaśnienie ogólne numer jeden", "Komentarz do trafnej odpowiedzi alfa", "Komentarz do chybionej odpowiedzi beta",
    "Komentarz o bioodpadach gamma", "Komentarz do prawdy delta", "Komentarz do fałszu epsilon",
    "Kwarcowy piach", "piasek kwarcowy", "Komentarz o szkle zeta", "273.15", "273,15", "273.14", "273.16",
    "Gniezno", "Gnieźnie", "Komentarz do wypracowania eta",
]
KEY_FIELDS = {"correct", "accept", "feedback", "feedbackTrue", "feedbackFalse", "weight", "key", "answer", "answers",
              "min", "max", "caseSensitive", "ignoreDiacritics"}


@pytest.fixture(scope="module")
def exam_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("exam")
    content = write_content(root, {
        "site.yaml": site_yaml("pendrive-egzamin"),
        "courses/kurs/course.md": """
            ---
            title: Kurs z egzaminem
            summary: Kurs kończy się egzaminem.
            passing_score: 60
            ---

            Wstęp.
            """,
        "courses/kurs/01-egzamin.md": EXAM,
    })
    out = root / "site"
    build_site(content, out)
    # The same content built with --keys: the key goes where it is told, and only there.
    root2 = tmp_path_factory.mktemp("exam-keys")
    other_keys = root2 / "elsewhere" / "klucze.json"
    out2 = root2 / "site"
    build_site(content, out2, keys=other_keys)
    return {"site": out, "keys": root / ".szpon" / "server.json", "site2": out2, "other_keys": other_keys}


def keys_of(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "szpon-server-manifest" and data["version"] == 1 and data["site"] == "pendrive-egzamin"
    entry = data["quizzes"]["egzamin"]
    return entry, entry["versions"][entry["current"]]


def walk_keys(value, path=""):
    if isinstance(value, dict):
        for k, v in value.items():
            yield f"{path}.{k}", k
            yield from walk_keys(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from walk_keys(v, f"{path}[{i}]")


def test_published_site_holds_no_answer_key(exam_build):
    for site in (exam_build["site"], exam_build["site2"]):
        files = sorted(p for p in site.rglob("*") if p.is_file() and p.suffix in (".html", ".js", ".json"))
        assert any(p.name == "egzamin.html" for p in files)
        leaks = []
        for path in files:
            text = path.read_text(encoding="utf-8")
            for secret in SECRETS:
                if secret.lower() in text.lower():
                    leaks.append(f"{path.relative_to(site)}: {secret!r}")
            if path.relative_to(site).parts[0] == "assets":
                continue  # the theme's engine names these fields in its code, not in data
            for field in ("correct", "accept", "feedbackTrue", "feedbackFalse", "weight"):
                if f'"{field}"' in text:
                    leaks.append(f"{path.relative_to(site)}: \"{field}\"")
        assert not leaks, "the published exam gives the answers away:\n  " + "\n  ".join(leaks)
        assert not [p for p in site.rglob("*") if p.name.startswith(("answer-keys", "server.json", "klucze"))], \
            "a server manifest inside the site"

        html = (site / "courses" / "kurs" / "egzamin.html").read_text(encoding="utf-8")
        payload = json.loads(re.search(r'class="szpon-quiz-data">(.*?)</script>', html, re.S).group(1))
        assert payload["mode"] == "exam"
        found = sorted({f"{p} ({k})" for p, k in walk_keys(payload) if k in KEY_FIELDS})
        assert not found, f"exam quiz JSON carries key fields: {found}"
        # Ordering items are listed alphabetically, not in the right order.
        items = re.findall(r'<li data-item="(\d+)">', html)
        assert items and items != sorted(items), items


def test_answer_keys_are_written_beside_the_output(exam_build):
    site = exam_build["site"]
    html = (site / "courses" / "kurs" / "egzamin.html").read_text(encoding="utf-8")
    page_hash = json.loads(re.search(r'class="szpon-quiz-data">(.*?)</script>', html, re.S).group(1))["hash"]
    for path in (exam_build["keys"], exam_build["other_keys"]):
        assert path.is_file(), f"no answer keys at {path}"
        entry, version = keys_of(path)
        assert entry["current"] == page_hash and entry["page"] == "courses/kurs/egzamin.html" and entry["course"] == "kurs"
        assert version["mode"] == "exam"
        q = {item["id"]: item for item in version["questions"]}
        assert [a["correct"] for a in q["jednokrotny"]["answers"]] == [True, False]
        assert q["jednokrotny"]["answers"][0]["feedback"] == "Komentarz do trafnej odpowiedzi alfa."
        assert q["jednokrotny"]["feedback"] == "Wyjaśnienie ogólne numer jeden."
        assert [a.get("weight") for a in q["wielokrotny"]["answers"]] == [50, 50, -100]
        assert q["prawda"]["answer"] is False and q["prawda"]["feedbackFalse"] == "Komentarz do fałszu epsilon."
        assert [a["text"] for a in q["krotka"]["answers"]] == ["Kwarcowy piach", "piasek kwarcowy"]
        assert q["liczba"]["answers"][0]["min"] == pytest.approx(273.14) and q["liczba"]["answers"][0]["max"] == pytest.approx(273.16)
        assert q["luki"]["accept"] == [["Gniezno", "Gnieźnie"]]
        assert q["kolejnosc"]["key"] == [0, 1, 2] and len(q["pary"]["key"]) == 2
        assert q["opis"]["feedback"] == "Komentarz do wypracowania eta."
    # --keys moves the file: no manifest is written to the default place, and the build
    # cache that does live there (.szpon/cache beside the output) holds no answer key.
    default = exam_build["site2"].parent / ".szpon"
    assert not (default / "server.json").exists() and not (default / "answer-keys.json").exists()
    cached = [p.read_text(encoding="utf-8", errors="replace") for p in default.rglob("*") if p.is_file()]
    assert cached, "the build cache was expected beside the output"
    assert not [text for text in cached if "Komentarz do trafnej odpowiedzi alfa" in text or "Kwarcowy piach" in text]


def test_exam_in_the_browser_saves_answers_without_a_score(driver, site_dir, exam_build):
    clear_storage(driver, site_dir)
    console_errors(driver)
    site = exam_build["site"]
    driver.get(page_url(site, "courses/kurs/egzamin.html"))
    wait_loaded(driver)
    quiz = quiz_data(driver)
    _, version = keys_of(exam_build["keys"])
    assert_no_axe_violations(driver, "exam before the start")

    driver.find_element(By.CSS_SELECTOR, ".szpon-start").click()
    timer = visible_text(driver.find_element(By.CSS_SELECTOR, ".szpon-timer"))
    assert "W trybie egzaminu czasu nie można wstrzymać." in timer
    assert not driver.find_elements(By.CSS_SELECTOR, ".szpon-pause"), "an exam's clock can be paused"
    assert not driver.find_elements(By.CSS_SELECTOR, ".szpon-check")
    responses = right_responses(version)  # the key lives only in the keys file
    answer_quiz(driver, version, responses)
    assert_no_axe_violations(driver, "exam with the timer running")
    reveal(driver, driver.find_element(By.CSS_SELECTOR, ".szpon-quiz form button[type=submit]")).click()
    result = driver.find_element(By.CSS_SELECTOR, ".szpon-quiz-result")
    WebDriverWait(driver, 5).until(lambda d: visible_text(result))
    text = visible_text(result)
    assert text.startswith("Twoje odpowiedzi zostały zapisane. Wynik poznasz, gdy serwer je sprawdzi."), text
    assert driver.switch_to.active_element == result
    shown = " ".join(visible_text(e) for e in driver.find_elements(
        By.CSS_SELECTOR, ".szpon-quiz-result, .szpon-quiz-actions, .szpon-feedback"))
    for word in ("Wynik:", "pkt", "Dobrze", "Źle", "Częściowo", "Poprawna odpowiedź", "zaliczony", "%"):
        assert word not in shown, f"exam review shows {word!r}: {shown}"
    for q in quiz["questions"]:
        region = visible_text(driver.find_element(By.CSS_SELECTOR, f"fieldset[data-question='{q['id']}'] .szpon-feedback"))
        expected = "Czeka na ocenę prowadzącego" if q["type"] == "essay" else "Odpowiedź zapisana"
        assert region == expected, (q["id"], region)
    assert not driver.find_elements(By.CSS_SELECTOR, ".szpon-mark")

    (record,) = [r for r in outbox_records(driver) if r["kind"] == "attempt"]
    assert record["contentHash"] == quiz["hash"]
    assert record["payload"]["score"] is None
    assert record["payload"]["responses"] == responses
    assert_no_axe_violations(driver, "exam after submission")

    # After a reload the learner still sees only that the answers were saved.
    driver.get(page_url(site, "courses/kurs/egzamin.html"))
    wait_loaded(driver)
    assert visible_text(driver.find_element(By.CSS_SELECTOR, ".szpon-quiz-result")).startswith("Twoje odpowiedzi zostały zapisane.")
    assert console_errors(driver) == []
