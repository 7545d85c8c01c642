#!/usr/bin/env python3
"""szpon benchmark driver (Python 3 stdlib only); bench/run.sh runs it.

Generates the synthetic corpora (bench/gen_corpus.py), builds each one with
`szpon build`, with Hugo (minimal layout in bench/hugo/) and with a plain
cmark-gfm pass (the floor), side by side, best of N runs, measuring wall time
and peak RSS with GNU time (`/usr/bin/time -v`). Then measures the ingest server
(bench/server.py: wrk against `szpon serve` on SQLite and on PostgreSQL, beside a raw
SQLite insert floor and pgbench).
Writes BENCHMARKS.md and prints a short summary.

Environment:
  SZPON_BIN        szpon binary (default: .build/release/szpon in the repo)
  BENCH_RUNS       runs per tool and corpus, best is kept (default 3)
  BENCH_TIMEOUT    seconds one build may take before it is killed (default 300)
  BENCH_BUDGET     seconds for all measurements; past it no new run starts once
                   every tool has run once (default 1800)
  BENCH_CORPORA    comma-separated subset of: lessons,long (default both)
  BENCH_SMALL=1    tiny corpora (dry runs); the report says so
  BENCH_REPORT     report path (default BENCHMARKS.md in the repo)
  BENCH_KEEP_OUTPUT=1  keep the last run's built sites under bench/work/out/
                   (and the server benchmark's files under bench/work/server/)
  BENCH_ONLY       comma-separated subset of: build (szpon/Hugo/cmark-gfm),
                   server (ingest server); default both. The sections of the parts
                   not run are kept from the existing report, each with its date
                   (without build: the corpora, the browser runtime size and the
                   machine the build figures were measured on).
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
import subprocess
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
WORK = os.path.join(BENCH, "work")
sys.path.insert(0, BENCH)
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
SMALL = {"lessons": (5, 20), "long": (2, 10)}
TOOLS = ["szpon", "hugo", "cmark-gfm"]
TOOL_LABEL = {"szpon": "szpon", "hugo": "Hugo", "cmark-gfm": "cmark-gfm floor"}

INTRO = """\
# Benchmarks

This file is written by `make bench` (`bash bench/run.sh`); every run replaces it
whole. Do not edit it by hand: change `bench/bench.py` instead.

**What is measured.** The wall time and peak resident memory (GNU `time -v`) of
building the same synthetic Markdown corpora three ways, side by side on the same
machine in the same run:

- **szpon**: `szpon build --content … --theme themes/default --output …` (release build).
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

The last section measures the ingest server, `szpon serve`, under load from
`wrk`, on SQLite and on PostgreSQL, each beside its floor: raw SQLite inserts and
`pgbench` (`bench/server.py`, `bench/sync.lua`); with `BENCH_COMPARE_REF` it also
runs an earlier commit's binary on SQLite beside today's.

**Targets.** szpon builds at least **3×** as many pages per second as Hugo, at no
more than **half** of Hugo's peak memory.

**Reproduce.** `make bench` (or `bash bench/run.sh`): it installs `hugo`,
`cmark-gfm`, `time`, `wrk` and `postgresql` with apt-get if they are missing, builds
`swift build -c release --product szpon`, generates the corpora deterministically
(`bench/gen_corpus.py`, fixed seed, Python stdlib) under `bench/work/`
(git-ignored), measures and rewrites this file. Knobs: `BENCH_RUNS`,
`BENCH_TIMEOUT`, `BENCH_BUDGET`, `BENCH_ONLY=build` or `BENCH_ONLY=server` (see
`bench/bench.py`), `BENCH_SERVER_DURATION`, `BENCH_FLOOR_SECONDS`,
`BENCH_POSTGRES=0`, `BENCH_PGBENCH_CLIENTS` (see `bench/server.py`),
`BENCH_COMPARE_REF=<commit>` (see `bench/run.sh`).

**Where szpon's time goes.** `SZPON_TIMINGS=1 szpon build …` prints each step.
On the 5,000-lesson corpus, written to memory (`/dev/shm`) on this 2-core
machine: load (read files, Yams front matter) ≈ 0.25 s, parse (cmark-gfm, facts,
link rewriting) ≈ 0.7 s, link check ≈ 0.07 s, render (Mustache templates, search
index, writing 5,054 files) ≈ 0.8 s, of which the Mustache templates are about
half. cmark-gfm keeps its inline special-character table in process-wide
globals that each parse switches on and off, so szpon runs that inline phase one
parse at a time (parallel parses dropped strikethrough and autolinks at random);
block parsing and rendering stay parallel. The floor runs separate processes and
so pays none of this. The 3× target would need the whole build to cost less than
parsing does today. On the
disk the tables above use, creating thousands of files right after deleting
thousands makes ext4 search for free inodes, which adds seconds of system time
to every tool; the best of several runs is kept for that reason.
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
    courses, lessons = SMALL[name] if small else (spec["courses"], spec["lessons"])
    cdir = os.path.join(WORK, name)
    os.makedirs(cdir, exist_ok=True)
    info = gen_corpus.generate(name, cdir, courses, lessons)
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
    info.update(name=name, dir=cdir, content=content, hugo=hsite, md=len(md))
    assert info["md"] == info["pages"], (info["md"], info["pages"])
    return info


# ---------------------------------------------------------------- measurement

def tool_command(tool, corpus, out, szpon_bin):
    if tool == "szpon":
        return [szpon_bin, "build", "--content", corpus["content"],
                "--theme", os.path.join(ROOT, "themes", "default"), "--output", out], corpus["dir"]
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
        for p in (os.path.join(corpus["dir"], ".szpon"), os.path.join(corpus["content"], ".szpon")):
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
    tfile = os.path.join(WORK, "logs", "%s-%s.time" % (corpus["name"], tool))
    lfile = os.path.join(WORK, "logs", "%s-%s.log" % (corpus["name"], tool))
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
    res = {"wall": wall, "rss_kib": rss, "html": count_html(out), "out_bytes": du(out), "ok": True}
    if rc != 0 or (status not in (None, 0)):
        with open(lfile, errors="replace") as f:
            tail = f.read()[-1500:]
        res.update(ok=False, error="exit status %s: %s" % (status if status is not None else rc,
                                                            tail.strip()[-600:]))
        return res
    if tool == "hugo" and res["html"] != corpus["pages"] + 2:
        res.update(ok=False, error="Hugo wrote %d HTML files, expected %d (%d pages + home + "
                   "course list)" % (res["html"], corpus["pages"] + 2, corpus["pages"]))
    elif tool == "szpon" and res["html"] < corpus["pages"]:
        res.update(ok=False, error="szpon wrote %d HTML files for %d Markdown pages"
                   % (res["html"], corpus["pages"]))
    elif tool == "cmark-gfm" and res["out_bytes"] == 0:
        res.update(ok=False, error="cmark-gfm wrote nothing")
    return res


def summarise(runs):
    good = [r for r in runs if r.get("ok")]
    if not good:
        return None
    best = min(good, key=lambda r: r["wall"])
    rss = [r["rss_kib"] for r in good if r["rss_kib"]]
    return {"wall": best["wall"], "walls": [r["wall"] for r in good],
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
    if sz and cm and sz["wall"] > 0:
        lines.append("szpon reaches %.0f%% of the cmark-gfm floor's pages/s." % (100.0 * cm["wall"] / sz["wall"]))
    if hu and cm and hu["wall"] > 0:
        lines.append("Hugo reaches %.0f%% of the cmark-gfm floor's pages/s." % (100.0 * cm["wall"] / hu["wall"]))
    lines.append("")
    return lines, ratios


RUNTIME_TARGET_KIB = 30


def runtime_size_section():
    """gzip -9 sizes of the browser runtime the default theme ships: every script
    and stylesheet a page may load. The target is under 30 KiB for all of them."""
    import gzip
    assets = os.path.join(ROOT, "themes", "default", "assets")
    rows, raw_total, gz_total = [], 0, 0
    for sub in ("js", "css"):
        folder = os.path.join(assets, sub)
        for name in sorted(os.listdir(folder)):
            data = open(os.path.join(folder, name), "rb").read()
            gz = len(gzip.compress(data, compresslevel=9, mtime=0))
            rows.append("| `%s/%s` | %d | %d |" % (sub, name, len(data), gz))
            raw_total += len(data)
            gz_total += gz
    verdict = "met" if gz_total < RUNTIME_TARGET_KIB * 1024 else "NOT met"
    return [
        "## Browser runtime size", "",
        "Every script and stylesheet of `themes/default/assets/`, as shipped (no "
        "minifier), and gzip -9 compressed, as a web server would send them. A page "
        "loads only what it needs (the quiz engine only where there is a quiz). "
        "Target: all of it under %d KiB gzipped: **%s** (%.1f KiB)." % (RUNTIME_TARGET_KIB, verdict, gz_total / 1024), "",
        "| file | bytes | gzip -9 bytes |", "|---|---:|---:|",
    ] + rows + ["| **total** | **%d** | **%d** |" % (raw_total, gz_total), ""]


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


def write_report(path, info, corpora, results, runs_done, notes, small, parts, names, server_res):
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
    if "build" in parts or "Browser runtime size" not in old:
        out += runtime_size_section()
    else:
        out += kept_section(old, "Browser runtime size", "build")
    summary = []
    if "build" in parts:
        for c in corpora:
            lines, ratios = corpus_section(c, results[c["name"]], runs_done, now)
            out += lines
            summary.append((c, ratios))
    else:
        for n in names:
            out += kept_section(old, CORPORA[n]["title"], "build")
    if "server" in parts:
        out += server_bench.section(server_res)
    else:
        out += kept_section(old, "Ingest server", "server")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out).rstrip() + "\n")
    return summary


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
    names = [n.strip() for n in os.environ.get("BENCH_CORPORA", "lessons,long").split(",") if n.strip()]
    for n in names:
        if n not in CORPORA:
            sys.exit("bench: unknown corpus %r (lessons, long)" % n)
    parts = set(p.strip() for p in (os.environ.get("BENCH_ONLY") or "build,server").split(",") if p.strip())
    if not parts or parts - {"build", "server"}:
        sys.exit("bench: BENCH_ONLY takes build, server or both, not %r" % os.environ.get("BENCH_ONLY"))
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
        t0 = time.monotonic()
        c = prepare_corpus(n, small)
        log("bench: corpus %-7s %5d pages, %5.1f MiB Markdown (generated in %.1f s)"
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

    if os.environ.get("BENCH_KEEP_OUTPUT") != "1":
        rm(os.path.join(WORK, "out"))
    server_res = None
    if "server" in parts:
        server_res = server_bench.measure(szpon_bin)
    info = machine_info(szpon_bin)
    info.update(load_before=load_before, load_after="%.2f" % os.getloadavg()[0])
    summary = write_report(report, info, corpora, results, runs_done, notes, small, parts, names, server_res)

    log("")
    log("Summary (best of %d; report: %s)" % (runs_done, os.path.relpath(report, ROOT) if report.startswith(ROOT) else report))
    failed = False
    for c, ratios in summary:
        parts = []
        for tool in TOOLS:
            s = results[c["name"]][tool]["summary"]
            if s is None:
                parts.append("%s: %s" % (tool, "FAILED" if results[c["name"]][tool]["runs"] else "not run"))
                failed = True
            else:
                parts.append("%s %.0f pages/s, %.0f MiB" % (tool, c["pages"] / s["wall"], s["rss_mib"] or 0))
        log("  %-7s %s" % (c["name"] + ":", "; ".join(parts)))
        if ratios:
            log("           szpon/hugo: throughput %s× (%s), memory %s× (%s)" % (
                fmt(ratios["thr"], ".2f"), "target met" if ratios["ok_t"] else "TARGET NOT MET",
                fmt(ratios["mem"], ".2f"), "target met" if ratios["ok_m"] else "TARGET NOT MET"))
    if server_res is not None:
        log("  %-7s %s" % ("server:", server_bench.summary_line(server_res)))
        if server_bench.failed(server_res):
            failed = True
    if not have_szpon:
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
