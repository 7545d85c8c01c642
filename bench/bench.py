#!/usr/bin/env python3
"""szpon benchmark driver (Python 3 stdlib only); bench/run.sh runs it.

Generates the synthetic corpora (bench/gen_corpus.py) and maps the third-party
ones (bench/corpora.py, from ../shared/bench-corpora/; skipped with a note when
missing), builds each one with `szpon build`, with Hugo (minimal layout in
bench/hugo/) and with a plain cmark-gfm pass (the floor), side by side, best of N
runs, measuring wall time and peak RSS with GNU time (`/usr/bin/time -v`). Then
times an incremental rebuild (one lesson changed, cache kept) against a clean one
and checks its output byte for byte; measures in headless Chromium what each page
type of the demo loads and the quiz's time to interactive (bench/browser.py); and
measures the ingest server
(bench/server.py: wrk against `szpon serve` on SQLite and on PostgreSQL, beside a raw
SQLite insert floor and pgbench).
Writes BENCHMARKS.md and prints a short summary.

Environment:
  SZPON_BIN        szpon binary (default: .build/release/szpon in the repo)
  BENCH_RUNS       runs per tool and corpus, best is kept (default 3)
  BENCH_TIMEOUT    seconds one build may take before it is killed (default 300)
  BENCH_BUDGET     seconds for all measurements; past it no new run starts once
                   every tool has run once (default 1800)
  BENCH_CORPORA    comma-separated subset of: lessons,long,eips,tldr (default all)
  BENCH_SMALL=1    tiny corpora (dry runs); the report says so
  BENCH_REPORT     report path (default BENCHMARKS.md in the repo)
  BENCH_KEEP_OUTPUT=1  keep the last run's built sites under bench/work/out/
                   (and the server benchmark's files under bench/work/server/)
  BENCH_ONLY       comma-separated subset of: build (szpon/Hugo/cmark-gfm, incremental
                   rebuild), browser (runtime per page type, quiz time to interactive),
                   server (ingest server); default all. The sections of the parts
                   not run are kept from the existing report, each with its date
                   (without build: the corpora and the machine the build figures
                   were measured on). Sections this script does not write (profiles
                   added by hand) are kept as they are, after the measured ones.
  BENCH_QUIZ_LOADS fresh loads of each quiz page for the time to interactive (30)
  BENCH_CORPORA_DIR  folder of the third-party archives (default ../shared/bench-corpora)
  BENCH_SERVER_DURATION, BENCH_SERVER_CONNECTIONS, BENCH_SERVER_THREADS,
  BENCH_SERVER_BATCH, BENCH_FLOOR_SECONDS, BENCH_COMPARE_BIN, BENCH_COMPARE_LABEL,
  BENCH_COMPARE_ROOT, BENCH_COMPARE_ROUNDS, BENCH_POSTGRES, BENCH_PGBENCH_CLIENTS:
                   see bench/server.py (bench/run.sh sets BENCH_COMPARE_* from BENCH_COMPARE_REF)
"""

import datetime
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
WORK = os.path.join(BENCH, "work")
sys.path.insert(0, BENCH)
import browser as browser_bench  # noqa: E402
import corpora as third_party  # noqa: E402
import gen_corpus  # noqa: E402
import server as server_bench  # noqa: E402

GNU_TIME = "/usr/bin/time"
HUGO = shutil.which("hugo") or "/usr/bin/hugo"
CMARK = shutil.which("cmark-gfm") or "/usr/bin/cmark-gfm"
CMARK_ARGS = ["-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tasklist"]
NPROC = os.cpu_count() or 1

CORPORA = {
    "lessons": {"title": "5,000 lessons", "courses": 50, "lessons": 100,
                "desc": "50 courses × 100 short lessons (~2–6 KB: prose, lists, "
                        "`##`/`###` headings, relative `.md` links) + 50 course pages"},
    "long": {"title": "600 long pages", "courses": 6, "lessons": 100,
             "desc": "6 courses × 100 long lessons (~14–26 KB: GFM tables, fenced "
                     "code blocks, prose, lists, links) + 6 course pages"},
}
# Third-party Markdown (bench/corpora.py; archives in ../shared/bench-corpora/).
for _name, _spec in third_party.SPECS.items():
    CORPORA[_name] = {"title": _spec["title"], "desc": _spec["desc"], "third_party": True}
SMALL = {"lessons": (5, 20), "long": (2, 10), "eips": 20, "tldr": 60}
DEFAULT_CORPORA = "lessons,long,eips,tldr"
PARTS = ["build", "browser", "server"]
QUIZ_LOADS = int(os.environ.get("BENCH_QUIZ_LOADS", "30"))
# The corpus whose one changed lesson measures the incremental rebuild.
INCREMENTAL_CORPUS = "lessons"
INCREMENTAL_TARGET = 0.10
TOOLS = ["szpon", "hugo", "cmark-gfm"]
TOOL_LABEL = {"szpon": "szpon", "hugo": "Hugo", "cmark-gfm": "cmark-gfm floor"}

INTRO = """\
# Benchmarks

This file is written by `make bench` (`bash bench/run.sh`); every run replaces it
whole. Do not edit it by hand: change `bench/bench.py` instead.

**What is measured.** The wall time and peak resident memory (GNU `time -v`) of
building the same Markdown corpora three ways, side by side on the same machine in
the same run. Two corpora are generated (`bench/gen_corpus.py`); two are
third-party Markdown from `../shared/bench-corpora/` (584 EIPs, long pages; 7,574
tldr pages in German and Korean, tiny ones), mapped into szpon's content tree by
`bench/corpora.py` (front matter szpon knows, numbered lesson files, courses of up
to 100 lessons; it says exactly what it changes) and skipped with a note when the
archives are not there.

- **szpon**: `szpon build --content … --theme themes/default --output …` (release
  build); on the third-party corpora with `--links warning --headings warning`, the
  documented way to build Markdown that links to pages and files it does not carry.
- **Hugo**: Debian's `hugo` with a minimal layout (`bench/hugo/`: `baseof`,
  `single`, `list`, `index` templates and a link render hook that points `.md`
  links at their pages, as szpon does), code highlighting off, and only the page
  kinds szpon writes (no taxonomies, RSS, sitemap, robots.txt or 404 page). Hugo
  reads the very same files through a content tree of hard links, with each
  `course.md` linked as the course folder's `_index.md`; its output is checked to
  hold one HTML file per Markdown page (plus the home page and the course list).
- **cmark-gfm floor**: only Markdown → HTML, no templates or site: Debian's
  `cmark-gfm -e table -e strikethrough -e autolink -e tasklist` over all the
  Markdown files in batches of 32 files per process, `xargs -P $(nproc)`. Its peak
  memory is that of the largest single process.

Each tool builds each corpus several times (interleaved: szpon, Hugo, floor, …),
into an emptied output folder (and with any `.szpon/` cache removed); the table
shows the best wall time and the highest peak RSS seen. Pages/s counts the
Markdown pages of the corpus (lessons + course pages) over the best wall time.

**Incremental rebuild.** After those clean builds, on the 5,000-lesson corpus: a
clean build, one lesson changed, the same build again with `.szpon/` kept, timed
against the clean one; its output is compared byte for byte (`diff -r`) with a clean
build of the changed tree.

**In the browser** (`bench/browser.py`, headless Chromium with selenium, the demo
site built by the measured binary and opened from file://): the theme's own JS and
CSS that each page type loads, gzip -9, and the quiz's time to interactive, read from
the Performance API over many fresh page loads.

The "Ingest server" section measures `szpon serve` under load from
`wrk`, on SQLite and on PostgreSQL, each beside its floor: raw SQLite inserts and
`pgbench` (`bench/server.py`, `bench/sync.lua`); with `BENCH_COMPARE_REF` it also
runs an earlier commit's binary on SQLite beside today's.

**Targets.** szpon builds at least **3×** as many pages per second as Hugo, at no
more than **half** of Hugo's peak memory. Changing one lesson rebuilds in under
**10%** of a clean build's time, with byte-identical output. No page loads more than
**30 KiB** gzipped of the theme's JS and CSS; a quiz is ready in under **100 ms**
from file://.

**Reproduce.** `make bench` (or `bash bench/run.sh`): it installs `hugo`,
`cmark-gfm`, `time`, `wrk` and `postgresql` with apt-get if they are missing, builds
`swift build -c release --product szpon`, generates the corpora deterministically
(`bench/gen_corpus.py`, fixed seed, Python stdlib) and maps the third-party ones
(`bench/corpora.py`, PyYAML) under `bench/work/` (git-ignored), measures and
rewrites this file. The browser part needs selenium and Debian's chromium and
chromium-driver (`make deps`). Knobs: `BENCH_RUNS`, `BENCH_TIMEOUT`, `BENCH_BUDGET`,
`BENCH_CORPORA`, `BENCH_ONLY` (any of `build`, `browser`, `server`),
`BENCH_QUIZ_LOADS` (see `bench/bench.py`), `BENCH_SERVER_DURATION`, `BENCH_FLOOR_SECONDS`,
`BENCH_POSTGRES=0`, `BENCH_PGBENCH_CLIENTS` (see `bench/server.py`),
`BENCH_COMPARE_REF=<commit>` (see `bench/run.sh`).

**Where szpon's time goes.** `SZPON_TIMINGS=1 szpon build …` prints each step;
the section "Build profile (issue 11)" at the end gives perf profiles before and
after this round of work. In short: Mustache renders each page shape once and
the rest of the pages are filled into that skeleton; what remains is cmark-gfm's
parse (about a quarter of the CPU on the 5,000 lessons), Yams front matter,
the search index, and allocation and reference counting spread over all of it.
cmark-gfm keeps its inline special-character table in process-wide globals that
each parse switches on and off, so szpon runs that inline phase one parse at a
time (parallel parses dropped strikethrough and autolinks at random); block
parsing and rendering stay parallel. The floor runs separate processes and so
pays none of this. On the disk the tables above use, creating thousands of
files right after deleting thousands makes ext4 search for free inodes, which
adds seconds of system time to every tool; the best of several runs is kept for
that reason.
"""


def log(msg):
    print(msg, flush=True)


def sh_out(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout.strip()
    except Exception:
        return ""


def rm(path):
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.remove(path)


def count_html(path):
    n = 0
    for _, _, files in os.walk(path):
        n += sum(1 for f in files if f.endswith(".html"))
    return n


def du(path):
    total = 0
    for d, _, files in os.walk(path):
        for f in files:
            try:
                total += os.lstat(os.path.join(d, f)).st_size
            except OSError:
                pass
    return total


# ---------------------------------------------------------------- preparation

def prepare_corpus(name, small):
    spec = CORPORA[name]
    cdir = os.path.join(WORK, name)
    os.makedirs(cdir, exist_ok=True)
    if spec.get("third_party"):
        info = third_party.prepare(name, cdir, SMALL[name] if small else None)
        info["third_party"] = True
    else:
        courses, lessons = SMALL[name] if small else (spec["courses"], spec["lessons"])
        info = gen_corpus.generate(name, cdir, courses, lessons)
        info["sections"] = ["courses"]
    content = os.path.join(cdir, "content")
    # Hugo site: config + layouts from bench/hugo, content = hard links to the same files.
    hsite = os.path.join(cdir, "hugo")
    rm(hsite)
    os.makedirs(hsite)
    shutil.copy(os.path.join(BENCH, "hugo", "hugo.toml"), hsite)
    shutil.copytree(os.path.join(BENCH, "hugo", "layouts"), os.path.join(hsite, "layouts"))
    hcontent = os.path.join(hsite, "content")
    md = []
    for d, _, files in os.walk(content):
        rel = os.path.relpath(d, content)
        for f in sorted(files):
            if not f.endswith(".md"):
                continue
            src = os.path.join(d, f)
            md.append(src)
            dst_name = "_index.md" if f == "course.md" else f
            os.makedirs(os.path.join(hcontent, rel), exist_ok=True)
            os.link(src, os.path.join(hcontent, rel, dst_name))
    # File list for the cmark-gfm floor (NUL-separated, sorted: deterministic batches).
    with open(os.path.join(cdir, "md-files.txt"), "wb") as f:
        f.write(b"".join(p.encode() + b"\0" for p in sorted(md)))
    # Hugo writes a list page for the home and for each top folder (courses/, guides/).
    info.update(name=name, dir=cdir, content=content, hugo=hsite, md=len(md),
                hugo_html=len(md) + 1 + len(info["sections"]))
    assert info["md"] == info["pages"], (info["md"], info["pages"])
    return info


# ---------------------------------------------------------------- measurement

def tool_command(tool, corpus, out, szpon_bin):
    if tool == "szpon":
        cmd = [szpon_bin, "build", "--content", corpus["content"],
               "--theme", os.path.join(ROOT, "themes", "default"), "--output", out]
        if corpus.get("third_party"):
            # Third-party Markdown links to pages and files it does not carry: the
            # documented way to build it reports those (and skipped heading levels)
            # as warnings.
            cmd += ["--links", "warning", "--headings", "warning"]
        return cmd, corpus["dir"]
    if tool == "hugo":
        return [HUGO, "--quiet", "--source", corpus["hugo"], "--destination", out,
                "--cacheDir", os.path.join(corpus["dir"], "hugo-cache")], corpus["hugo"]
    # cmark-gfm floor: batches of 32 files per process, one HTML file per batch.
    script = ('xargs -0 -P %d -n 32 sh -c \'exec "$0" %s "$@" > "%s/batch-$$.html"\' %s < %s'
              % (NPROC, " ".join(CMARK_ARGS), out, CMARK,
                 os.path.join(corpus["dir"], "md-files.txt")))
    return ["sh", "-c", script], corpus["dir"]


def clean(tool, corpus, out):
    rm(out)  # szpon and Hugo create their output folder themselves
    os.makedirs(os.path.dirname(out), exist_ok=True)
    if tool == "cmark-gfm":
        os.makedirs(out)
    if tool == "szpon":
        # .szpon/ (manifest, build cache) sits beside the output folder; older builds
        # put it beside the content: a clean build empties every one of them.
        for p in (os.path.join(os.path.dirname(out), ".szpon"), os.path.join(corpus["dir"], ".szpon"),
                  os.path.join(corpus["content"], ".szpon")):
            rm(p)
    if tool == "hugo":
        rm(os.path.join(corpus["dir"], "hugo-cache"))
        rm(os.path.join(corpus["hugo"], "resources"))


def parse_gnu_time(text):
    wall = rss = status = None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("Elapsed (wall clock) time"):
            v = line.rsplit(": ", 1)[1]
            parts = [float(x) for x in v.split(":")]
            wall = 0.0
            for p in parts:
                wall = wall * 60 + p
        elif line.startswith("Maximum resident set size (kbytes):"):
            rss = int(line.rsplit(":", 1)[1])
        elif line.startswith("Exit status:"):
            status = int(line.rsplit(":", 1)[1])
    return wall, rss, status


RUNNING = []  # process group of the build being measured, for the signal handler


def on_signal(signum, _frame):
    for pid in RUNNING:
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass
    server_bench.kill_running()
    log("bench: stopped by signal %d" % signum)
    sys.exit(128 + signum)


def run_once(tool, corpus, szpon_bin, timeout):
    out = os.path.join(WORK, "out", corpus["name"], tool)
    clean(tool, corpus, out)
    cmd, cwd = tool_command(tool, corpus, out, szpon_bin)
    res = timed(cmd, cwd, "%s-%s" % (corpus["name"], tool), timeout)
    if not res["ok"]:
        return res
    res.update(html=count_html(out), out_bytes=du(out))
    if tool == "szpon":
        # What szpon reported (on third-party corpora: the links they do not carry).
        with open(os.path.join(WORK, "logs", "%s-%s.log" % (corpus["name"], tool)), errors="replace") as f:
            res["warnings"] = sum(1 for ln in f if ": warning: " in ln)
    if tool == "hugo" and res["html"] != corpus["hugo_html"]:
        res.update(ok=False, error="Hugo wrote %d HTML files, expected %d (%d pages + home + "
                   "a list page per top folder)" % (res["html"], corpus["hugo_html"], corpus["pages"]))
    elif tool == "szpon" and res["html"] < corpus["pages"]:
        res.update(ok=False, error="szpon wrote %d HTML files for %d Markdown pages"
                   % (res["html"], corpus["pages"]))
    elif tool == "cmark-gfm" and res["out_bytes"] == 0:
        res.update(ok=False, error="cmark-gfm wrote nothing")
    return res


def timed(cmd, cwd, label, timeout):
    """Runs `cmd` under GNU time: {"ok", "wall", "rss_kib"} or {"ok": False, "error"}."""
    tfile = os.path.join(WORK, "logs", "%s.time" % label)
    lfile = os.path.join(WORK, "logs", "%s.log" % label)
    rm(tfile)
    t0 = time.monotonic()
    with open(lfile, "wb") as logf:
        p = subprocess.Popen([GNU_TIME, "-v", "-o", tfile] + cmd, cwd=cwd, stdin=subprocess.DEVNULL,
                             stdout=logf, stderr=subprocess.STDOUT, start_new_session=True)
        RUNNING.append(p.pid)
        try:
            rc = p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
            return {"ok": False, "error": "timed out after %d s" % timeout}
        finally:
            RUNNING.remove(p.pid)
    elapsed = time.monotonic() - t0
    try:
        with open(tfile) as f:
            wall, rss, status = parse_gnu_time(f.read())
    except OSError:
        wall = rss = status = None
    if wall is None:
        wall = elapsed
    res = {"wall": wall, "rss_kib": rss, "ok": True}
    if rc != 0 or (status not in (None, 0)):
        with open(lfile, errors="replace") as f:
            tail = f.read()[-1500:]
        res.update(ok=False, error="exit status %s: %s" % (status if status is not None else rc,
                                                            tail.strip()[-600:]))
    return res


INCREMENTAL_EDIT = "\nZdanie dopisane przez make bench: przebudowa po zmianie jednej lekcji.\n"


def changed_lesson(corpus):
    """The lesson the incremental run edits: the middle lesson of the middle course."""
    courses = sorted(os.listdir(os.path.join(corpus["content"], "courses")))
    course = os.path.join(corpus["content"], "courses", courses[len(courses) // 2])
    lessons = sorted(f for f in os.listdir(course) if f.endswith(".md") and f != "course.md")
    return os.path.join(course, lessons[len(lessons) // 2])


def incremental_once(corpus, szpon_bin, timeout):
    """A clean build (cache emptied), one lesson changed, a build into the same output
    with the cache kept, then a clean build of the changed tree into another folder
    to compare with, byte for byte (diff -r). The lesson is restored afterwards."""
    base = os.path.join(WORK, "out", corpus["name"])
    out, ref = os.path.join(base, "szpon-incremental"), os.path.join(base, "szpon-clean")
    cmd = lambda dest: tool_command("szpon", corpus, dest, szpon_bin)
    lesson = changed_lesson(corpus)
    with open(lesson, "rb") as f:
        original = f.read()
    try:
        clean("szpon", corpus, out)
        rm(ref)
        full = timed(*cmd(out), label="%s-szpon-full" % corpus["name"], timeout=timeout)
        if not full["ok"]:
            return {"ok": False, "error": "clean build: " + full["error"]}
        cache = du(os.path.join(base, ".szpon"))
        with open(lesson, "ab") as f:
            f.write(INCREMENTAL_EDIT.encode())
        inc = timed(*cmd(out), label="%s-szpon-incremental" % corpus["name"], timeout=timeout)
        if not inc["ok"]:
            return {"ok": False, "error": "rebuild after one change: " + inc["error"]}
        clean("szpon", corpus, ref)
        fresh = timed(*cmd(ref), label="%s-szpon-reference" % corpus["name"], timeout=timeout)
        if not fresh["ok"]:
            return {"ok": False, "error": "clean build of the changed tree: " + fresh["error"]}
        diff = subprocess.run(["diff", "-r", "-q", out, ref], capture_output=True, text=True)
        differing = [ln for ln in diff.stdout.splitlines() if ln.strip()]
        return {"ok": True, "full": full["wall"], "incremental": inc["wall"], "reference": fresh["wall"],
                "identical": diff.returncode == 0, "differing": differing, "cache_bytes": cache,
                "html": count_html(out), "lesson": os.path.relpath(lesson, corpus["content"])}
    finally:
        with open(lesson, "wb") as f:
            f.write(original)
        rm(out)
        rm(ref)


def summarise(runs):
    good = [r for r in runs if r.get("ok")]
    if not good:
        return None
    best = min(good, key=lambda r: r["wall"])
    rss = [r["rss_kib"] for r in good if r["rss_kib"]]
    return {"wall": best["wall"], "walls": [r["wall"] for r in good], "warnings": best.get("warnings"),
            "rss_mib": (max(rss) / 1024.0) if rss else None,
            "html": best["html"], "out_bytes": best["out_bytes"], "n": len(good)}


# ---------------------------------------------------------------- report

def machine_info(szpon_bin):
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem = "%.1f GiB" % (int(line.split()[1]) / 2**20)
    except OSError:
        pass
    osname = ""
    try:
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    osname = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    swift = sh_out(["swift", "--version"]).splitlines()
    commit = os.environ.get("BENCH_SZPON_COMMIT") or sh_out(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"])
    if commit and os.environ.get("BENCH_SZPON_DIRTY") == "1":
        commit += " + uncommitted changes"
    return {
        "cpu": cpu or platform.processor() or "unknown", "nproc": NPROC, "mem": mem or "unknown",
        "os": "%s, Linux %s" % (osname or platform.system(), platform.release()),
        "hugo": sh_out([HUGO, "version"]).split(" BuildDate")[0] or "not found",
        "cmark": (sh_out([CMARK, "--version"]).splitlines() or ["not found"])[0].split(" - ")[0],
        "swift": swift[0] if swift else "not found",
        "szpon": commit and ("commit " + commit) or "working tree (no commit yet)",
        "szpon_bin": os.path.relpath(szpon_bin, ROOT) if szpon_bin.startswith(ROOT) else szpon_bin,
    }


def fmt(x, spec):
    return "–" if x is None else format(x, spec)


def corpus_section(c, res, runs_done, when):
    lines = ["## %s" % CORPORA[c["name"]]["title"], ""]
    lines.append("%s: **%s Markdown pages**, %.1f MiB of Markdown; runs per tool: %d; measured %s."
                 % (CORPORA[c["name"]]["desc"], format(c["pages"], ","), c["bytes"] / 2**20,
                    runs_done, when))
    lines.append("")
    lines.append("| tool | pages/s | peak RSS (MiB) | best wall (s) | all runs (s) | HTML files | output (MiB) |")
    lines.append("|---|---:|---:|---:|---|---:|---:|")
    for tool in TOOLS:
        s = res[tool]["summary"]
        if s is None:
            err = res[tool]["error"] or "not run"
            lines.append("| %s | – | – | – | %s | – | – |" % (TOOL_LABEL[tool], err.replace("|", "\\|").replace("\n", " ")[:200]))
            continue
        pps = c["pages"] / s["wall"] if s["wall"] > 0 else None
        html = str(s["html"]) if tool != "cmark-gfm" else "–"
        lines.append("| %s | %s | %s | %s | %s | %s | %.1f |" % (
            TOOL_LABEL[tool], fmt(pps, ",.0f"), fmt(s["rss_mib"], ",.0f"), fmt(s["wall"], ".2f"),
            ", ".join("%.2f" % w for w in s["walls"]), html, s["out_bytes"] / 2**20))
    lines.append("")
    sz, hu, cm = (res[t]["summary"] for t in TOOLS)
    ratios = {}
    if sz and hu:
        thr = hu["wall"] / sz["wall"] if sz["wall"] > 0 else None
        memr = (sz["rss_mib"] / hu["rss_mib"]) if sz["rss_mib"] and hu["rss_mib"] else None
        ratios = {"thr": thr, "mem": memr}
        ok_t = thr is not None and thr >= 3.0
        ok_m = memr is not None and memr <= 0.5
        lines.append("szpon / Hugo: throughput **%s×** (target ≥ 3×: %s), peak memory **%s×** "
                     "(target ≤ 0.5×: %s)." % (fmt(thr, ".2f"), "met" if ok_t else "**not met**",
                                               fmt(memr, ".2f"), "met" if ok_m else "**not met**"))
        ratios.update(ok_t=ok_t, ok_m=ok_m)
    else:
        lines.append("szpon / Hugo: no ratio (%s)." % ("szpon did not run" if not sz else "Hugo did not run"))
    if sz and c.get("third_party"):
        lines.append("szpon built it with `--links warning --headings warning` and reported %s warning(s): "
                     "links to pages and files the corpus does not carry, skipped heading levels and the like "
                     "(`bench/corpora.py`)." % fmt(sz["warnings"], ","))
    if sz and cm and sz["wall"] > 0:
        lines.append("szpon reaches %.0f%% of the cmark-gfm floor's pages/s." % (100.0 * cm["wall"] / sz["wall"]))
    if hu and cm and hu["wall"] > 0:
        lines.append("Hugo reaches %.0f%% of the cmark-gfm floor's pages/s." % (100.0 * cm["wall"] / hu["wall"]))
    lines.append("")
    return lines, ratios


def incremental_section(corpus, runs, when):
    title = "Incremental rebuild (%s)" % CORPORA[corpus["name"]]["title"]
    lines = ["## " + title, ""]
    good = [r for r in runs if r.get("ok")]
    if not good:
        why = runs[-1]["error"] if runs else "not run"
        return lines + ["Not measured: %s" % why.replace("\n", " ")[:400], ""], None
    full = min(r["full"] for r in good)
    inc = min(r["incremental"] for r in good)
    # Judged on each run's rebuild over its own clean build, the median of them: the best
    # rebuild over the best clean build would pair two different runs' luck.
    ratios = sorted(r["incremental"] / r["full"] for r in good if r["full"] > 0)
    share = statistics.median(ratios) if ratios else None
    identical = all(r["identical"] for r in good)
    lines += [
        "Measured %s, %d run(s), best of each kept: `szpon build` of the corpus with its cache "
        "emptied (`.szpon/` removed), then a sentence appended to one lesson (`%s`) and the same "
        "command again into the same output, with `.szpon/` kept as the first build left it. "
        "The output is then compared with a clean build of the changed tree into another folder "
        "(`diff -r`)." % (when, len(good), good[0]["lesson"]), "",
        "| build | best wall (s) | all runs (s) |", "|---|---:|---|",
        "| clean (cache emptied) | %.2f | %s |" % (full, ", ".join("%.2f" % r["full"] for r in good)),
        "| after changing one lesson (cache kept) | %.2f | %s |" % (inc, ", ".join("%.2f" % r["incremental"] for r in good)),
        "| clean, of the changed tree (for the comparison) | %.2f | %s |" % (
            min(r["reference"] for r in good), ", ".join("%.2f" % r["reference"] for r in good)),
        "",
        "The rebuild takes **%s%%** of the clean build, the median of the runs' own ratios (%s; "
        "target under %d%%: %s). `.szpon/` after the "
        "clean build: %.1f MiB. Output of the rebuild vs the clean build: %s." % (
            fmt(100.0 * share if share is not None else None, ".0f"),
            ", ".join("%.0f%%" % (100.0 * r["incremental"] / r["full"]) for r in good if r["full"] > 0),
            int(INCREMENTAL_TARGET * 100),
            "met" if share is not None and share < INCREMENTAL_TARGET else "**not met**",
            good[0]["cache_bytes"] / 2**20,
            "**byte-identical** (`diff -r`: no difference, %d HTML files)" % good[0]["html"] if identical else
            "**different**: " + "; ".join(d for r in good for d in r["differing"][:5])[:600]),
        "",
    ]
    return lines, {"share": share, "identical": identical}


def previous_sections(path):
    """The `## ` sections of an existing report, by heading (for parts not run now)."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError:
        return {}
    sections, current = {}, None
    for line in text.splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
            sections[current] = [line]
        elif current:
            sections[current].append(line)
    for lines in sections.values():
        while lines and not lines[-1].strip():
            lines.pop()
        lines.append("")
    return sections


NOT_RUN = "> Not measured in this run"


def kept_section(old, title, part):
    """A section of a part that did not run: the previous report's, marked as such."""
    if title not in old:
        return ["## %s" % title, "", "Not measured yet (`BENCH_ONLY` left out `%s`)." % part, ""]
    body = old[title][1:]
    while body and not body[0].strip():
        body.pop(0)
    if body and body[0].startswith(NOT_RUN):
        body.pop(0)
        while body and not body[0].strip():
            body.pop(0)
    note = "%s (`BENCH_ONLY` left out `%s`): kept from the previous report." % (NOT_RUN, part)
    return ["## %s" % title, "", note, ""] + body


BUILD_MACHINE = "The build figures (kept from their run):"


def kept_machine_lines(old):
    """The machine bullets of the run that measured the kept build figures."""
    lines = old.get("Machine and versions") or []
    if BUILD_MACHINE in lines:  # a report written by a run without build: its kept part
        start = lines.index(BUILD_MACHINE) + 1
        end = start
        while end < len(lines) and lines[end].startswith("- "):
            end += 1
        return lines[start:end]
    return [ln for ln in lines if ln.startswith("- ")]


BROWSER_TITLES = ["Browser runtime per page type", "Quiz time to interactive"]
RETIRED_TITLES = {"Browser runtime size"}  # replaced by the per-page-type table


def bench_titles():
    """Every section title this script writes (the rest of an old report was written by hand)."""
    titles = {"Machine and versions", "Ingest server"} | set(BROWSER_TITLES) | RETIRED_TITLES
    for n, spec in CORPORA.items():
        titles |= {spec["title"], "Incremental rebuild (%s)" % spec["title"]}
    return titles


def write_report(path, info, corpora, results, runs_done, notes, small, parts, names, server_res,
                 incremental=None, browser_res=None):
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    old = previous_sections(path)
    out = [INTRO, "## Machine and versions", ""]
    if "build" in parts:
        out.append("- Run: %s; %d run(s) per tool and corpus, best wall time kept." % (now, runs_done))
    else:
        # The build figures kept below were measured on the machine their run described:
        # keep that description, then this run's.
        kept = kept_machine_lines(old)
        if kept:
            out += [BUILD_MACHINE] + kept + ["", "This run (`BENCH_ONLY=%s`):" % ",".join(sorted(parts))]
        out.append("- Run: %s; parts measured: %s (`BENCH_ONLY`)." % (now, ", ".join(sorted(parts))))
    out.append("- CPU: %s; `nproc`: %d; memory: %s." % (info["cpu"], info["nproc"], info["mem"]))
    out.append("- Load average (1 min) before / after measuring: %s / %s (other work on the "
               "machine makes the figures noisier)." % (info.get("load_before", "?"), info.get("load_after", "?")))
    out.append("- OS: %s." % info["os"])
    out.append("- szpon: %s (`%s`), %s." % (info["szpon"], info["szpon_bin"], info["swift"]))
    if "build" in parts:
        out.append("- Hugo: %s; cmark-gfm: %s." % (info["hugo"], info["cmark"]))
    out.append("")
    if small:
        out += ["> **Dry run on tiny corpora (`BENCH_SMALL=1`): these figures are not the benchmark.**", ""]
    for n in notes:
        out += ["> " + n, ""]
    if "browser" in parts:
        out += browser_bench.runtime_section(browser_res) + browser_bench.quiz_section(browser_res)
    else:
        for title in BROWSER_TITLES:
            out += kept_section(old, title, "browser")
    summary = []
    inc_summary = None
    if "build" in parts:
        for c in corpora:
            lines, ratios = corpus_section(c, results[c["name"]], runs_done, now)
            out += lines
            summary.append((c, ratios))
            if incremental and incremental[0] is c:
                lines, inc_summary = incremental_section(c, incremental[1], now)
                out += lines
    else:
        for n in names:
            out += kept_section(old, CORPORA[n]["title"], "build")
            if n == INCREMENTAL_CORPUS:
                out += kept_section(old, "Incremental rebuild (%s)" % CORPORA[n]["title"], "build")
    if "server" in parts:
        out += server_bench.section(server_res)
    else:
        out += kept_section(old, "Ingest server", "server")
    # Sections written by hand (profiles, notes) stay, after the measured ones.
    for title, lines in old.items():
        if title not in bench_titles():
            out += lines
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out).rstrip() + "\n")
    return summary, inc_summary


# ---------------------------------------------------------------- main

def main():
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    small = os.environ.get("BENCH_SMALL") == "1"
    runs = max(1, int(os.environ.get("BENCH_RUNS", "3")))
    timeout = int(os.environ.get("BENCH_TIMEOUT", "300"))
    budget = int(os.environ.get("BENCH_BUDGET", "1800"))
    szpon_bin = os.path.abspath(os.environ.get("SZPON_BIN") or os.path.join(ROOT, ".build", "release", "szpon"))
    report = os.path.abspath(os.environ.get("BENCH_REPORT") or os.path.join(ROOT, "BENCHMARKS.md"))
    names = [n.strip() for n in os.environ.get("BENCH_CORPORA", DEFAULT_CORPORA).split(",") if n.strip()]
    for n in names:
        if n not in CORPORA:
            sys.exit("bench: unknown corpus %r (%s)" % (n, ", ".join(CORPORA)))
    parts = set(p.strip() for p in (os.environ.get("BENCH_ONLY") or ",".join(PARTS)).split(",") if p.strip())
    if not parts or parts - set(PARTS):
        sys.exit("bench: BENCH_ONLY takes some of %s, not %r" % (", ".join(PARTS), os.environ.get("BENCH_ONLY")))
    if "build" in parts:
        for exe in (GNU_TIME, HUGO, CMARK):
            if not os.access(exe, os.X_OK):
                sys.exit("bench: %s is missing (bash bench/run.sh installs it)" % exe)

    rm(os.path.join(WORK, "logs"))
    os.makedirs(os.path.join(WORK, "logs"))
    rm(os.path.join(WORK, "out"))
    notes = []
    have_szpon = os.access(szpon_bin, os.X_OK)
    if not have_szpon:
        notes.append("szpon was not measured: no executable at `%s`." % szpon_bin)
        log("bench: WARNING: no szpon binary at %s; measuring Hugo and cmark-gfm only" % szpon_bin)

    load_before = "%.2f" % os.getloadavg()[0]
    corpora = []
    for n in (names if "build" in parts else []):
        if CORPORA[n].get("third_party") and not third_party.available(n):
            notes.append("The %s corpus was not measured: %s is missing (see bench/README.md)."
                         % (n, os.path.relpath(third_party.archive_path(n), ROOT)))
            log("bench: skipping corpus %s: no %s" % (n, third_party.archive_path(n)))
            continue
        t0 = time.monotonic()
        c = prepare_corpus(n, small)
        log("bench: corpus %-7s %5d pages, %5.1f MiB Markdown (prepared in %.1f s)"
            % (n, c["pages"], c["bytes"] / 2**20, time.monotonic() - t0))
        corpora.append(c)

    results = {c["name"]: {t: {"runs": [], "error": None} for t in TOOLS} for c in corpora}
    start = time.monotonic()
    runs_done = 0
    for r in range(runs):
        if r > 0 and time.monotonic() - start > budget:
            notes.append("Stopped after %d run(s): the time budget of %d s was used up." % (r, budget))
            break
        for c in corpora:
            for tool in TOOLS:
                st = results[c["name"]][tool]
                if tool == "szpon" and not have_szpon:
                    st["error"] = "not measured (no binary)"
                    continue
                if st["error"]:
                    continue  # a tool that failed once is not run again
                res = run_once(tool, c, szpon_bin, timeout)
                st["runs"].append(res)
                if not res["ok"]:
                    st["error"] = res["error"]
                    log("bench: %-9s %-7s run %d FAILED: %s" % (tool, c["name"], r + 1, res["error"][:300]))
                else:
                    log("bench: %-9s %-7s run %d: %6.2f s, %6.0f MiB peak%s"
                        % (tool, c["name"], r + 1, res["wall"], (res["rss_kib"] or 0) / 1024,
                           "" if tool == "cmark-gfm" else ", %d HTML files" % res["html"]))
        runs_done = r + 1
    for c in corpora:
        for tool in TOOLS:
            st = results[c["name"]][tool]
            st["summary"] = summarise(st["runs"])

    # Incremental rebuild: as many rounds as the clean builds had, within the budget.
    incremental = None
    inc_corpus = next((c for c in corpora if c["name"] == INCREMENTAL_CORPUS), None)
    if inc_corpus and have_szpon and results[INCREMENTAL_CORPUS]["szpon"]["summary"]:
        incremental = (inc_corpus, [])
        for r in range(runs_done):
            if r > 0 and time.monotonic() - start > budget:
                break
            res = incremental_once(inc_corpus, szpon_bin, timeout)
            incremental[1].append(res)
            if not res["ok"]:
                log("bench: incremental %s run %d FAILED: %s" % (inc_corpus["name"], r + 1, res["error"][:300]))
                break
            log("bench: incremental %s run %d: clean %.2f s, one lesson changed %.2f s (%.0f%%), output %s"
                % (inc_corpus["name"], r + 1, res["full"], res["incremental"], 100.0 * res["incremental"] / res["full"],
                   "identical to a clean build" if res["identical"] else "DIFFERENT from a clean build"))

    if os.environ.get("BENCH_KEEP_OUTPUT") != "1":
        rm(os.path.join(WORK, "out"))
    browser_res = None
    if "browser" in parts:
        if have_szpon:
            log("bench: browser: runtime per page type and quiz time to interactive (%d loads)" % QUIZ_LOADS)
            browser_res = browser_bench.measure(szpon_bin, ROOT, WORK, loads=QUIZ_LOADS)
        else:
            browser_res = {"error": "no szpon binary to build the demo site"}
        if "error" in browser_res:
            log("bench: browser part FAILED: %s" % browser_res["error"])
    server_res = None
    if "server" in parts:
        server_res = server_bench.measure(szpon_bin)
    info = machine_info(szpon_bin)
    info.update(load_before=load_before, load_after="%.2f" % os.getloadavg()[0])
    summary, inc_summary = write_report(report, info, corpora, results, runs_done, notes, small, parts, names,
                                        server_res, incremental, browser_res)

    log("")
    log("Summary (best of %d; report: %s)" % (runs_done, os.path.relpath(report, ROOT) if report.startswith(ROOT) else report))
    failed = False
    for c, ratios in summary:
        figures = []
        for tool in TOOLS:
            s = results[c["name"]][tool]["summary"]
            if s is None:
                figures.append("%s: %s" % (tool, "FAILED" if results[c["name"]][tool]["runs"] else "not run"))
                failed = True
            else:
                figures.append("%s %.0f pages/s, %.0f MiB" % (tool, c["pages"] / s["wall"], s["rss_mib"] or 0))
        log("  %-7s %s" % (c["name"] + ":", "; ".join(figures)))
        if ratios:
            log("           szpon/hugo: throughput %s× (%s), memory %s× (%s)" % (
                fmt(ratios["thr"], ".2f"), "target met" if ratios["ok_t"] else "TARGET NOT MET",
                fmt(ratios["mem"], ".2f"), "target met" if ratios["ok_m"] else "TARGET NOT MET"))
    if incremental is not None:
        if inc_summary is None:
            log("  incremental: FAILED")
            failed = True
        else:
            log("  incremental: one changed lesson rebuilds in %s%% of a clean build (%s); output %s" % (
                fmt(100.0 * inc_summary["share"], ".0f"),
                "target met" if inc_summary["share"] < INCREMENTAL_TARGET else "TARGET NOT MET",
                "byte-identical to a clean build" if inc_summary["identical"] else "DIFFERENT from a clean build"))
            if not inc_summary["identical"]:
                failed = True
    if browser_res is not None:
        if "error" in browser_res:
            log("  browser: FAILED: %s" % browser_res["error"])
            failed = True
        else:
            worst = max(r["total"] for _, _, r in browser_res["pages"] if r)
            log("  browser: heaviest page %.1f KiB of theme JS+CSS gzipped (budget %d KiB); quiz ready, median: %s"
                % (worst / 1024.0, browser_bench.BUDGET_BYTES // 1024,
                   "; ".join("%s %.1f ms" % (k, s["mark"]["median"]) for k, _, s in browser_res["quiz"] if s.get("mark"))))
    if server_res is not None:
        log("  %-7s %s" % ("server:", server_bench.summary_line(server_res)))
        if server_bench.failed(server_res):
            failed = True
    if not have_szpon:
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
