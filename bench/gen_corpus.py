#!/usr/bin/env python3
"""Deterministic synthetic corpora for the szpon benchmark (Python 3 stdlib only).

Two content trees in szpon's format (docs/authoring.md):

  lessons  50 courses x 100 lessons: short lessons (~2-5 KB) of Polish-ish prose,
           lists, `##`/`###` headings (no skipped levels) and relative `.md` links
           between lessons (same course and other courses).
  long     6 courses x 100 lessons: long pages (~14-26 KB) with GFM tables and
           fenced code blocks, plus the same kinds of prose, lists and links.

Each tree is `<dest>/content/` with `site.yaml`, `courses/cNN/course.md` (title +
summary front matter) and `courses/cNN/NNN-slug.md` (title front matter). There are
no images and no `#` headings in bodies (the title is the page's only `#` heading).
Lesson numbers are unique per course and slugs are unique ASCII per course.

Usage: gen_corpus.py {lessons|long} DEST [--courses N] [--lessons N] [--seed N]
"""

import argparse
import os
import random
import shutil
import sys

SEED = 20240611

WORDS = """
urząd miasta mieszkaniec mieszkańcy wniosek wnioski dokument dokumenty odpady
pojemnik pojemniki segregacja papier szkło plastik metal bioodpady opłata opłaty
termin terminy formularz formularze podpis zaświadczenie dowód osobisty paszport
rejestracja pojazd pojazdy budynek lokal ulica dzielnica gmina powiat województwo
urzędnik urzędniczka sprawa sprawy decyzja odwołanie skarga wniosku kolejka okienko
wydział referat kierownik biuro obsługa klienta mieszkańca harmonogram wywóz odbiór
dostępność strona serwis aplikacja konto profil zaufany podpis elektroniczny skrzynka
podatek podatki nieruchomość grunt działka ewidencja księga wieczysta umowa najem
szkoła przedszkole żłobek rekrutacja zapisy dziecko rodzic opiekun stypendium zasiłek
pomoc społeczna świadczenie karta mieszkańca komunikacja autobus tramwaj bilet parking
strefa płatnego parkowania zieleń park drzewo wycinka zezwolenie pozwolenie budowa
remont elewacja chodnik droga oświetlenie bezpieczeństwo straż miejska policja
zgłoszenie awaria wody kanalizacja ciepło prąd energia środowisko powietrze smog
piec kocioł dotacja program wymiana źródło ciepła fotowoltaika oszczędność kurs lekcja
szkolenie uczestnik uczestnicy egzamin test pytanie odpowiedź wynik certyfikat postęp
""".split()

VERBS = """
składa wypełnia sprawdza przesyła odbiera załatwia zgłasza opłaca wybiera przygotowuje
rozpatruje wydaje przyjmuje potwierdza uzupełnia dołącza przekazuje zapisuje omawia
wyjaśnia pokazuje opisuje porównuje ustala planuje zmienia aktualizuje przegląda
""".split()

ADJ = """
nowy nowa ważny ważna pełny pełna elektroniczny elektroniczna miejski miejska
publiczny publiczna prosty prosta szybki szybka bezpłatny bezpłatna aktualny aktualna
wymagany wymagana osobisty osobista lokalny lokalna roczny roczna dodatkowy dodatkowa
""".split()

CONNECT = """
oraz a także ponieważ dlatego jednak natomiast gdy jeśli zanim po przed w na do z
dla przez przy od bez nad pod między według
""".split()

TOPICS = """
Segregacja odpadów|Wymiana dowodu osobistego|Rejestracja pojazdu|Podatek od nieruchomości|
Zapisy do przedszkola|Karta mieszkańca|Strefa płatnego parkowania|Wycinka drzew|
Pozwolenie na budowę|Wymiana pieca|Profil zaufany|Obsługa klienta w urzędzie|
Dostępność cyfrowa|Ochrona danych osobowych|Zamówienia publiczne|Budżet obywatelski|
Pomoc społeczna|Stypendia szkolne|Komunikacja miejska|Zgłaszanie awarii|
Ewidencja ludności|Księgi wieczyste|Najem lokali komunalnych|Zieleń miejska|
Bezpieczeństwo w mieście|Jakość powietrza|Dotacje na fotowoltaikę|Opłaty lokalne|
Działalność gospodarcza|Wydarzenia kulturalne
""".replace("\n", "").split("|")

HEADINGS = """
Najważniejsze informacje|Krok po kroku|Co przygotować|Gdzie to załatwić|Ile to kosztuje|
Terminy i opłaty|Częste błędy|Przykład z praktyki|Podsumowanie|Dla urzędników|
Dla mieszkańców|Wymagane dokumenty|Jak złożyć wniosek|Co dalej|Dobre praktyki|
Przepisy i podstawa prawna|Kontakt z urzędem|Pytania i odpowiedzi|Uwagi końcowe|
Sprawdź swoją wiedzę|Załatwienie sprawy online|Wizyta w urzędzie|Odwołanie od decyzji|
Wyjątki od reguły|Najczęstsze pytania|Słowniczek pojęć|Zadania do wykonania|Zestawienie danych
""".replace("\n", "").split("|")

TRANSLIT = str.maketrans({
    "ą": "a", "ć": "c", "ę": "e", "ł": "l", "ń": "n", "ó": "o", "ś": "s", "ź": "z",
    "ż": "z", "Ą": "a", "Ć": "c", "Ę": "e", "Ł": "l", "Ń": "n", "Ó": "o", "Ś": "s",
    "Ź": "z", "Ż": "z",
})


def slugify(text):
    out = []
    for ch in text.translate(TRANSLIT).lower():
        if "a" <= ch <= "z" or "0" <= ch <= "9":
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def word(self):
        r = self.r.random()
        if r < 0.55:
            return self.r.choice(WORDS)
        if r < 0.75:
            return self.r.choice(CONNECT)
        if r < 0.9:
            return self.r.choice(ADJ)
        return self.r.choice(VERBS)

    def words(self, lo, hi):
        return [self.word() for _ in range(self.r.randint(lo, hi))]

    def sentence(self, inline=True):
        ws = self.words(6, 16)
        if inline and len(ws) > 4:
            x = self.r.random()
            i = self.r.randrange(1, len(ws) - 2)
            if x < 0.10:
                ws[i] = "**" + ws[i] + " " + ws[i + 1] + "**"
                del ws[i + 1]
            elif x < 0.17:
                ws[i] = "*" + ws[i] + "*"
            elif x < 0.22:
                ws[i] = "`" + slugify(ws[i]) + "`"
            elif x < 0.25:
                ws[i] = "~~" + ws[i] + "~~"
        if len(ws) > 8 and self.r.random() < 0.3:
            ws[self.r.randrange(3, len(ws) - 3)] += ","
        s = " ".join(ws)
        end = "." if self.r.random() < 0.85 else self.r.choice(["?", "!", "."])
        return s[0].upper() + s[1:] + end

    def paragraph(self, lo=3, hi=6, links=()):
        sents = [self.sentence() for _ in range(self.r.randint(lo, hi))]
        for text, target in links:
            i = self.r.randrange(len(sents))
            sents[i] = sents[i][:-1] + ", zobacz [" + text + "](" + target + ")."
        if self.r.random() < 0.08:
            sents.append("Więcej na https://www.gov.pl/web/" + slugify(self.r.choice(WORDS)) + ".")
        if self.r.random() < 0.08:
            sents.append("Informacje: [serwis miasta](https://www.przykladowo.pl/"
                         + slugify(self.r.choice(WORDS)) + ").")
        return " ".join(sents)

    def bullet_list(self, lo=3, hi=6, ordered=False, tasks=False):
        items = []
        for i in range(self.r.randint(lo, hi)):
            text = self.sentence()
            if ordered:
                items.append("%d. %s" % (i + 1, text))
            elif tasks:
                items.append("- [%s] %s" % ("x" if self.r.random() < 0.4 else " ", text))
            else:
                items.append("- " + text)
        return "\n".join(items)

    def title(self, lo=2, hi=5):
        ws = [w for w in self.words(lo, hi)]
        t = " ".join(ws)
        return t[0].upper() + t[1:]

    def table(self):
        cols = self.r.randint(3, 6)
        rows = self.r.randint(5, 14)
        head = [self.r.choice(WORDS).capitalize() for _ in range(cols)]
        aligns = [self.r.choice(["---", ":---", "---:", ":---:"]) for _ in range(cols)]
        lines = ["| " + " | ".join(head) + " |", "| " + " | ".join(aligns) + " |"]
        for _ in range(rows):
            cells = []
            for c in range(cols):
                x = self.r.random()
                if x < 0.3:
                    cells.append("%d,%02d zł" % (self.r.randint(0, 999), self.r.randint(0, 99)))
                elif x < 0.45:
                    cells.append("%04d-%02d-%02d" % (self.r.randint(2020, 2027),
                                                      self.r.randint(1, 12), self.r.randint(1, 28)))
                elif x < 0.55:
                    cells.append("`" + slugify(self.r.choice(WORDS)) + "`")
                else:
                    cells.append(" ".join(self.words(1, 4)))
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)

    def code_block(self):
        lang = self.r.choice(["python", "bash", "json", "yaml", "sql", "swift", "text"])
        n = self.r.randint(8, 30)
        ident = lambda: slugify(self.r.choice(WORDS)).replace("-", "_") or "x"
        lines = []
        for i in range(n):
            a, b = ident(), ident()
            v = self.r.randint(0, 9999)
            if lang == "python":
                lines.append(self.r.choice([
                    "def %s(%s):" % (a, b), "    return %s + %d" % (b, v),
                    "%s = [%s for %s in range(%d)]" % (a, b, b, v),
                    "# %s %s" % (a, b), "print(f\"{%s}: %d\")" % (a, v),
                    "if %s > %d:" % (a, v), "    %s.append('%s')" % (a, b)]))
            elif lang == "bash":
                lines.append(self.r.choice([
                    "szpon check --content content/%s" % a, "# %s %s" % (a, b),
                    "curl -s https://api.przykladowo.pl/%s/%d | jq .%s" % (a, v, b),
                    "for f in %s/*.md; do wc -c \"$f\"; done" % a,
                    "export %s=%d" % (a.upper(), v), "mkdir -p %s/%s" % (a, b)]))
            elif lang == "json":
                lines.append('  "%s_%d": {"%s": %d, "%s": "%s"},' % (a, i, b, v, a, b))
            elif lang == "yaml":
                lines.append(self.r.choice(["%s:" % a, "  %s: %d" % (b, v),
                                            "  - %s" % b, "  %s: \"%s %s\"" % (a, b, a)]))
            elif lang == "sql":
                lines.append(self.r.choice([
                    "SELECT %s, count(*) FROM %s GROUP BY %s;" % (a, b, a),
                    "INSERT INTO %s (%s) VALUES (%d);" % (a, b, v),
                    "UPDATE %s SET %s = %d WHERE id = %d;" % (a, b, v, i),
                    "-- %s %s" % (a, b)]))
            elif lang == "swift":
                lines.append(self.r.choice([
                    "let %s = %s.map { $0 * %d }" % (a, b, v),
                    "func %s(_ %s: Int) -> Int { %s + %d }" % (a, b, b, v),
                    "// %s %s" % (a, b), "guard let %s else { return }" % a,
                    "print(\"\\(%s) <\\(%s)> & %d\")" % (a, b, v)]))
            else:
                lines.append("%s  %s <%d> & \"%s\"" % (a, b, v, a))
        if lang == "json":
            lines = ["{"] + lines + ['  "end": true', "}"]
        return "```" + lang + "\n" + "\n".join(lines) + "\n```"

    def blockquote(self):
        return "> " + self.sentence() + " " + self.sentence()


def plan_courses(g, n_courses, n_lessons):
    """Titles and unique slugs for every course and lesson, before writing bodies."""
    courses = []
    for c in range(1, n_courses + 1):
        topic = TOPICS[(c - 1) % len(TOPICS)]
        if c > len(TOPICS):
            topic += " %d" % ((c - 1) // len(TOPICS) + 1)
        lessons, seen = [], set()
        for k in range(1, n_lessons + 1):
            title = g.title()
            slug = slugify(title)[:48].strip("-") or "lekcja"
            if slug in seen:
                slug = "%s-%d" % (slug, k)
            seen.add(slug)
            lessons.append({"num": k, "title": title, "slug": slug,
                            "file": "%03d-%s.md" % (k, slug)})
        courses.append({"slug": "c%02d" % c, "title": topic, "lessons": lessons})
    return courses


def lesson_links(g, courses, ci, li):
    course = courses[ci]
    links = []
    if li + 1 < len(course["lessons"]):
        links.append(("następna lekcja", course["lessons"][li + 1]["file"]))
    if li > 0:
        links.append(("poprzednia lekcja", course["lessons"][li - 1]["file"]))
    other = g.r.randrange(len(courses))
    ol = courses[other]["lessons"][g.r.randrange(len(courses[other]["lessons"]))]
    if other == ci:
        links.append((ol["title"].lower(), ol["file"]))
    else:
        links.append((ol["title"].lower(), "../%s/%s" % (courses[other]["slug"], ol["file"])))
    return links


def section(g, heading, links, long_page):
    parts = ["## " + heading, g.paragraph(links=links)]
    blocks = ["para", "list", "olist", "sub", "quote", "tasks"]
    if long_page:
        blocks += ["table", "code", "table", "code"]
    for _ in range(g.r.randint(1, 3) if not long_page else g.r.randint(3, 6)):
        b = g.r.choice(blocks)
        if b == "para":
            parts.append(g.paragraph())
        elif b == "list":
            parts.append(g.bullet_list())
        elif b == "olist":
            parts.append(g.bullet_list(ordered=True))
        elif b == "tasks":
            parts.append(g.bullet_list(2, 4, tasks=True))
        elif b == "quote":
            parts.append(g.blockquote())
        elif b == "table":
            parts.append(g.paragraph(1, 2))
            parts.append(g.table())
        elif b == "code":
            parts.append(g.paragraph(1, 2))
            parts.append(g.code_block())
        elif b == "sub":
            parts.append("### " + heading + " " + g.r.choice(["w praktyce", "szczegóły",
                                                            "przykład", "wyjątki"])
                         + " " + str(len(parts)))
            parts.append(g.paragraph(2, 4))
    return parts


def lesson_body(g, courses, ci, li, long_page):
    links = lesson_links(g, courses, ci, li)
    parts = [g.paragraph(2, 4)]
    if long_page:
        target = g.r.randint(13_000, 21_000)
    else:
        target = g.r.randint(1_800, 4_500)
    used = set()
    size = len(parts[0])
    n = 0
    while size < target or n < 2:
        h = g.r.choice(HEADINGS)
        if h in used:
            h = "%s %d" % (h, n + 1)
        used.add(h)
        sec_links = links if n == 0 else ([links[-1]] if n == 1 and g.r.random() < 0.5 else [])
        sec = section(g, h, sec_links, long_page)
        parts.extend(sec)
        size += sum(len(p) + 2 for p in sec)
        n += 1
    return "\n\n".join(parts) + "\n"


def write(path, text):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def generate(kind, dest, n_courses=None, n_lessons=None, seed=SEED):
    long_page = kind == "long"
    if n_courses is None:
        n_courses = 6 if long_page else 50
    if n_lessons is None:
        n_lessons = 100
    g = Gen(seed + (1 if long_page else 0))
    content = os.path.join(dest, "content")
    if os.path.exists(content):
        shutil.rmtree(content)
    os.makedirs(os.path.join(content, "courses"))
    write(os.path.join(content, "site.yaml"),
          "title: Akademia Urzędu Miasta Przykładowo (benchmark %s)\n"
          "language: pl\n"
          "organisation: Urząd Miasta Przykładowo\n" % kind)
    courses = plan_courses(g, n_courses, n_lessons)
    pages = 0
    total = 0
    for ci, c in enumerate(courses):
        cdir = os.path.join(content, "courses", c["slug"])
        os.makedirs(cdir)
        summary = g.sentence(inline=False)
        intro = "\n\n".join([g.paragraph(2, 4), g.bullet_list(3, 5), g.paragraph(2, 3)])
        text = ("---\ntitle: %s\nsummary: %s\n---\n\n%s\n" % (c["title"], summary, intro))
        write(os.path.join(cdir, "course.md"), text)
        pages += 1
        total += len(text.encode())
        for li, lesson in enumerate(c["lessons"]):
            body = lesson_body(g, courses, ci, li, long_page)
            text = "---\ntitle: %s\n---\n\n%s" % (lesson["title"], body)
            write(os.path.join(cdir, lesson["file"]), text)
            pages += 1
            total += len(text.encode())
    return {"pages": pages, "bytes": total, "courses": n_courses, "lessons": n_lessons}


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("kind", choices=["lessons", "long"])
    ap.add_argument("dest")
    ap.add_argument("--courses", type=int)
    ap.add_argument("--lessons", type=int)
    ap.add_argument("--seed", type=int, default=SEED)
    a = ap.parse_args(argv)
    info = generate(a.kind, a.dest, a.courses, a.lessons, a.seed)
    print("%s: %d pages, %.1f MiB in %s/content" % (a.kind, info["pages"],
                                                   info["bytes"] / 2**20, a.dest))


if __name__ == "__main__":
    main(sys.argv[1:])
