#!/usr/bin/env python3
"""Third-party corpora for the szpon benchmark, mapped into szpon content trees.

The archives live in ../shared/bench-corpora/ beside the repository (its README gives
their sources, commits and licences). Each is read straight from its tarball and
written as `<dest>/content/` in szpon's format, like bench/gen_corpus.py's trees:
`site.yaml`, `courses/<slug>/course.md` and `courses/<slug>/NNN-<slug>.md`, at most
100 lessons a course. Hugo gets the very same files (bench/bench.py links them).

  eips  584 Ethereum Improvement Proposals (long pages: GFM tables, code, raw HTML),
        in EIP-number order, six courses `eips-1` … `eips-6`. szpon rejects front
        matter keys it does not know, so each page's front matter becomes szpon's
        `title` (and `summary` from `description`); the body is as published, except
        that a link to another EIP of the corpus (`./eip-N.md`) names that page's new
        file, as it would after a real import. Links to `../assets/…` and to EIPs the
        corpus does not carry stay broken: `szpon build --links warning` reports
        them. `../LICENSE.md` links point at the licence, published as
        `guides/license.md`. An image with no alt text is an error in szpon whatever
        `--links` says (WCAG 1.1.1), so `![](…)` gets the image's file name as its
        alt text (7 pages, 11 images).
  tldr  7,574 tldr pages in German and Korean (tiny pages, no front matter: the
        page's `# name` heading is its title), one course per language, platform
        and 100 pages (`de-common-1`, …). File names become slugs (`g++` -> `g`,
        `x86_64` -> `x86-64`, a clash gets `-2`); bodies are as published, except
        that `{{<` and `{{%` (in 45 pages' placeholders, e.g. `{{<Space>}}`) get a space
        after the braces: Hugo reads them as shortcode calls and stops the build.

Usage: corpora.py {eips|tldr} DEST [--limit N]   (prints the page count)
"""

import argparse
import json
import os
import re
import shutil
import sys
import tarfile

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
ARCHIVES = os.environ.get("BENCH_CORPORA_DIR") or os.path.join(os.path.dirname(ROOT), "shared", "bench-corpora")
PER_COURSE = 100

SPECS = {
    "eips": {"archive": "eips-f767a1e80.tar.gz",
             "title": "584 EIPs (third-party)",
             "desc": "Ethereum Improvement Proposals (ethereum/EIPs at f767a1e, CC0), long "
                     "pages with GFM tables, fenced code and raw HTML, in 6 courses of up to "
                     "100 + 6 course pages + the licence as a guide; links to pages and assets "
                     "the corpus leaves out are reported as warnings"},
    "tldr": {"archive": "tldr-de-ko-08e345f426.tar.gz",
             "title": "7,574 tldr pages (third-party)",
             "desc": "tldr-pages in German and Korean (tldr-pages/tldr at 08e345f, CC-BY-4.0, "
                     "© the tldr-pages team and contributors), tiny pages without front "
                     "matter, one course per language, platform and 100 pages + its course page"},
}


def archive_path(name):
    return os.path.join(ARCHIVES, SPECS[name]["archive"])


def available(name):
    return os.path.isfile(archive_path(name))


def read_pages(name, pattern):
    """(upstream path, text) of the archive's files matching `pattern`, sorted by path."""
    with tarfile.open(archive_path(name)) as tar:
        members = sorted((m for m in tar.getmembers() if m.isfile() and re.search(pattern, m.name)),
                         key=lambda m: m.name)
        return [(m.name, tar.extractfile(m).read().decode("utf-8")) for m in members]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    return len(text.encode())


def yaml_str(s):
    # A JSON string is a YAML scalar: no YAML writer needed for one line.
    return json.dumps(" ".join(str(s).split()), ensure_ascii=False)


def site_yaml(title):
    return "title: %s\nlanguage: en\norganisation: szpon benchmark\n" % yaml_str(title)


def course_md(title, summary):
    return "---\ntitle: %s\nsummary: %s\n---\n\n%s\n" % (yaml_str(title), yaml_str(summary), summary)


def chunks(items, size):
    return [items[i:i + size] for i in range(0, len(items), size)]


FRONT = re.compile(r"(?s)\A---\n(.*?)\n---\n")
EIP_LINK = re.compile(r"(\]\(\s*<?|\]:[ \t]*<?)(?:\./)?eip-(\d+)\.md")
LICENCE_LINK = re.compile(r"(\]\(\s*<?|\]:[ \t]*<?)\.\./LICENSE\.md")
EMPTY_ALT = re.compile(r"!\[\]\(\s*<?([^)\s>]+)")


def map_eips(dest, limit=None):
    import yaml  # PyYAML (make deps): the EIPs' front matter is real YAML

    pages = read_pages("eips", r"/EIPS/eip-\d+\.md$")
    pages.sort(key=lambda p: int(re.search(r"eip-(\d+)\.md$", p[0]).group(1)))
    if limit:
        pages = pages[:limit]
    licence = read_pages("eips", r"^[^/]+/LICENSE\.md$")[0][1]
    content = os.path.join(dest, "content")
    shutil.rmtree(content, ignore_errors=True)
    total = write(os.path.join(content, "site.yaml"), site_yaml("EIPs (szpon benchmark)"))
    total += write(os.path.join(content, "guides", "license.md"),
                   "---\ntitle: Licence (CC0 1.0)\nsummary: The EIPs are published under CC0 1.0 Universal.\n---\n\n" + licence)
    # Where each EIP lands, for the links between them.
    where = {}
    groups = chunks(pages, PER_COURSE)
    for ci, group in enumerate(groups, 1):
        for li, (path, _) in enumerate(group, 1):
            n = re.search(r"eip-(\d+)\.md$", path).group(1)
            where[n] = ("eips-%d" % ci, "%03d-eip-%s.md" % (li, n))
    count = 1
    for ci, group in enumerate(groups, 1):
        course = "eips-%d" % ci
        total += write(os.path.join(content, "courses", course, "course.md"),
                       course_md("EIPs, part %d" % ci, "Ethereum Improvement Proposals, part %d of %d."
                                 % (ci, len(groups))))
        count += 1
        for path, text in group:
            n = re.search(r"eip-(\d+)\.md$", path).group(1)
            m = FRONT.match(text)
            meta = yaml.safe_load(m.group(1)) or {}
            body = text[m.end():]

            def link(mm, course=course):
                target = where.get(mm.group(2))
                if target is None:
                    return mm.group(0)  # not in the corpus: stays broken, a warning
                rel = target[1] if target[0] == course else "../%s/%s" % target
                return mm.group(1) + rel
            body = EIP_LINK.sub(link, body)
            body = LICENCE_LINK.sub(r"\1../../guides/license.md", body)
            body = EMPTY_ALT.sub(lambda mm: "![%s](%s" % (os.path.basename(mm.group(1)), mm.group(1)), body)
            front = "title: %s\n" % yaml_str(meta.get("title") or "EIP-%s" % n)
            if meta.get("description"):
                front += "summary: %s\n" % yaml_str(meta["description"])
            total += write(os.path.join(content, "courses", course, where[n][1]), "---\n%s---\n%s" % (front, body))
            count += 1
    return {"pages": count, "bytes": total, "courses": len(groups), "lessons": len(pages),
            "sections": ["courses", "guides"]}


def slug(stem):
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "page"


HUGO_SHORTCODE = re.compile(r"\{\{([<%])")


def map_tldr(dest, limit=None):
    pages = read_pages("tldr", r"/pages\.(de|ko)/[^/]+/[^/]+\.md$")
    if limit:
        # A few pages of every language and platform, so that a dry run has the same shape.
        by_folder = {}
        for p in pages:
            by_folder.setdefault(os.path.dirname(p[0]), []).append(p)
        per = max(1, limit // len(by_folder))
        pages = [p for folder in sorted(by_folder) for p in by_folder[folder][:per]]
    content = os.path.join(dest, "content")
    shutil.rmtree(content, ignore_errors=True)
    total = write(os.path.join(content, "site.yaml"), site_yaml("tldr-pages de+ko (szpon benchmark)"))
    folders = {}
    for path, text in pages:
        parts = path.split("/")
        folders.setdefault((parts[-3][len("pages."):], parts[-2]), []).append((parts[-1][:-3], text))
    count = ncourses = 0
    for (lang, platform), items in sorted(folders.items()):
        groups = chunks(items, PER_COURSE)
        for ci, group in enumerate(groups, 1):
            course = "%s-%s-%d" % (lang, slug(platform), ci)
            ncourses += 1
            total += write(os.path.join(content, "courses", course, "course.md"),
                           course_md("tldr %s %s %d" % (lang, platform, ci),
                                     "tldr-pages (%s), %s, part %d of %d." % (lang, platform, ci, len(groups))))
            count += 1
            used = set()
            for li, (stem, text) in enumerate(group, 1):
                s = base = slug(stem)
                k = 2
                while s in used:
                    s = "%s-%d" % (base, k)
                    k += 1
                used.add(s)
                text = HUGO_SHORTCODE.sub(r"{{ \1", text)
                total += write(os.path.join(content, "courses", course, "%03d-%s.md" % (li, s)), text)
                count += 1
    return {"pages": count, "bytes": total, "courses": ncourses, "lessons": len(pages), "sections": ["courses"]}


MAPPERS = {"eips": map_eips, "tldr": map_tldr}


def prepare(name, dest, limit=None):
    return MAPPERS[name](dest, limit)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("name", choices=sorted(MAPPERS))
    ap.add_argument("dest")
    ap.add_argument("--limit", type=int)
    args = ap.parse_args(argv)
    if not available(args.name):
        sys.exit("corpora: %s is missing" % archive_path(args.name))
    info = prepare(args.name, args.dest, args.limit)
    print("%s: %d Markdown pages (%d lessons in %d courses), %.1f MiB"
          % (args.name, info["pages"], info["lessons"], info["courses"], info["bytes"] / 2**20))


if __name__ == "__main__":
    main(sys.argv[1:])
