"""The built site is self-contained: relative links to files that exist, no remote assets.

These tests read the generated files directly (no browser), so a site copied to
a USB stick or opened from file:// works the same as on a server.
"""

import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

URL_ATTRS = {"href", "src", "srcset", "action", "data", "poster", "xlink:href", "formaction", "cite", "background"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
ALLOWED_SCHEMES_IN_LINKS = {"http", "https", "mailto", "tel"}


class PageParser(HTMLParser):
    """Collects every URL-valued attribute (with its tag and whether it is inside
    <main>), every id, and the visible text nodes of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls = []  # (tag, attr, value, in_main, line)
        self.ids = set()
        self.text = []  # (text, line)
        self.main_depth = 0
        self.skip_depth = 0  # inside <script>/<style>

    def handle_starttag(self, tag, attrs):
        self._element(tag, attrs)
        if tag == "main":
            self.main_depth += 1
        if tag in ("script", "style"):
            self.skip_depth += 1

    def handle_startendtag(self, tag, attrs):
        self._element(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "main" and self.main_depth:
            self.main_depth -= 1
        if tag in ("script", "style") and self.skip_depth:
            self.skip_depth -= 1

    def handle_data(self, data):
        if not self.skip_depth and data.strip():
            self.text.append((data.strip(), self.getpos()[0]))

    def _element(self, tag, attrs):
        line = self.getpos()[0]
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            if name in URL_ATTRS:
                values = [v.strip().split()[0] for v in value.split(",") if v.strip()] if name == "srcset" else [value.strip()]
                for v in values:
                    self.urls.append((tag, name, v, self.main_depth > 0, line))
            if name == "style" and "url(" in value:
                for v in re.findall(r"url\(\s*['\"]?([^'\")]+)", value):
                    self.urls.append((tag, "style", v.strip(), self.main_depth > 0, line))


@pytest.fixture(scope="module")
def pages(site_dir, all_pages):
    parsed = {}
    for rel in all_pages:
        p = PageParser()
        p.feed((site_dir / rel).read_text(encoding="utf-8"))
        p.close()
        parsed[rel] = p
    return parsed


def scheme_of(url):
    m = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return m.group(1).lower() if m else ""


def resolve(site_dir, page, url):
    """(site-relative target path, fragment) of a relative URL used in `page`;
    target is None if the URL points outside the site."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if path:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    else:
        target = page
    if target == ".." or target.startswith("../"):
        return None, parts.fragment
    return target, unquote(parts.fragment)


def ids_of(site_dir, pages, target, _cache={}):
    if target in pages:
        return pages[target].ids
    key = (str(site_dir), target)
    if key not in _cache:
        p = PageParser()
        p.feed((Path(site_dir) / target).read_text(encoding="utf-8", errors="replace"))
        _cache[key] = p.ids
    return _cache[key]


def test_no_url_in_any_page_is_root_relative_or_protocol_relative(pages):
    bad = [
        f"{page}:{line}: <{tag} {attr}=\"{value}\">"
        for page, p in pages.items()
        for tag, attr, value, _, line in p.urls
        if value.startswith("/")
    ]
    assert not bad, "URLs starting with '/' break under file:// and in subfolders:\n  " + "\n  ".join(bad)


def test_assets_scripts_and_styles_are_never_remote(pages):
    bad = []
    for page, p in pages.items():
        for tag, attr, value, in_main, line in p.urls:
            scheme = scheme_of(value)
            if not scheme or scheme == "data":
                continue
            is_content_link = tag == "a" and attr == "href" and in_main and scheme in ALLOWED_SCHEMES_IN_LINKS
            is_contact_link = tag == "a" and attr == "href" and scheme in ("mailto", "tel")
            if not (is_content_link or is_contact_link):
                bad.append(f"{page}:{line}: <{tag} {attr}=\"{value}\">" + ("" if in_main else " (outside <main>)"))
    assert not bad, "only links in the page content may point off the site:\n  " + "\n  ".join(bad)


def test_every_internal_link_names_a_file_that_exists_and_an_anchor_that_exists(site_dir, pages):
    site_dir = Path(site_dir)
    trailing, missing, outside, anchors = [], [], [], []
    for page, p in pages.items():
        for tag, attr, value, _, line in p.urls:
            if scheme_of(value) or not value or value.startswith("/"):
                continue
            where = f"{page}:{line}: <{tag} {attr}=\"{value}\">"
            path_part = urlsplit(value).path
            if path_part.endswith("/") or path_part in (".", ".."):
                trailing.append(where)
                continue
            target, fragment = resolve(site_dir, page, value)
            if target is None:
                outside.append(where)
                continue
            file = site_dir / target
            if not file.is_file():
                missing.append(where + f" -> {target}")
                continue
            if fragment and target.endswith(".html") and fragment not in ids_of(site_dir, pages, target):
                anchors.append(where + f" -> no id {fragment!r} in {target}")
    problems = []
    if trailing:
        problems.append("links ending in '/' (a folder: under file:// that shows a directory listing, not a page):\n  " + "\n  ".join(trailing))
    if outside:
        problems.append("links leaving the site folder:\n  " + "\n  ".join(outside))
    if missing:
        problems.append("links to files that do not exist:\n  " + "\n  ".join(missing))
    if anchors:
        problems.append("links to anchors that do not exist:\n  " + "\n  ".join(anchors))
    assert not problems, "\n".join(problems)


def load_js_data(path, variable):
    text = path.read_text(encoding="utf-8")
    m = re.match(r"\s*window\." + variable + r"\s*=\s*(.*?);?\s*$", text, re.S)
    assert m, f"{path.name} does not set window.{variable} = ...;"
    return json.loads(m.group(1))


def test_urls_in_site_data_and_search_index_are_relative_and_point_to_existing_pages(site_dir, pages):
    site_dir = Path(site_dir)
    site = load_js_data(site_dir / "site-data.js", "SZPON_SITE")
    urls = []
    for course in site.get("courses", []):
        urls.append(("site-data.js course", course["url"]))
        urls += [("site-data.js lesson", lesson[1]) for lesson in course["lessons"]]
    urls += [("site-data.js guide", g[1]) for g in site.get("guides", [])]
    index = load_js_data(site_dir / "search-index.js", "SZPON_SEARCH_INDEX")
    assert index, "search index is empty"
    urls += [("search-index.js", entry[2]) for entry in index]
    assert urls

    bad = []
    for where, url in urls:
        if scheme_of(url) or url.startswith("/") or urlsplit(url).path.endswith("/"):
            bad.append(f"{where}: {url!r} is not a relative file URL")
            continue
        target, fragment = resolve(site_dir, "index.html", url)  # both are resolved against the site root
        if target is None or not (site_dir / target).is_file():
            bad.append(f"{where}: {url!r} -> missing file")
        elif fragment and fragment not in ids_of(site_dir, pages, target):
            bad.append(f"{where}: {url!r} -> no id {fragment!r} in {target}")
    assert not bad, "\n  ".join(["bad URLs in the shared data scripts:"] + bad)


def test_stylesheets_load_nothing_remote(site_dir):
    bad = []
    for css in sorted(Path(site_dir).rglob("*.css")):
        text = re.sub(r"/\*.*?\*/", "", css.read_text(encoding="utf-8"), flags=re.S)
        refs = re.findall(r"url\(\s*['\"]?([^'\")]+)", text) + re.findall(r"@import\s+['\"]([^'\"]+)", text)
        for ref in refs:
            ref = ref.strip()
            if scheme_of(ref) == "data":
                continue
            rel = css.relative_to(site_dir).as_posix()
            if scheme_of(ref) or ref.startswith("/"):
                bad.append(f"{rel}: {ref}")
            else:
                target, _ = resolve(site_dir, rel, ref)
                if target is None or not (Path(site_dir) / target).is_file():
                    bad.append(f"{rel}: {ref} (missing)")
    assert not bad, "stylesheets reference remote, absolute or missing files:\n  " + "\n  ".join(bad)


def test_no_page_shows_template_placeholders_like_nil_or_optional(pages):
    bad = [
        f"{page}:{line}: {text[:80]!r}"
        for page, p in pages.items()
        for text, line in p.text
        if text in ("nil", "null", "undefined", "(null)") or "Optional(" in text
    ]
    assert not bad, "pages show unrendered values (a missing template variable or Swift Optional):\n  " + "\n  ".join(bad)
