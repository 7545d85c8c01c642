#!/usr/bin/env bash
# szpon benchmark: `make bench` runs this. Builds szpon (release), generates the
# synthetic corpora and maps the third-party ones (../shared/bench-corpora), builds
# them with szpon, Hugo and a cmark-gfm floor, times an incremental rebuild, measures
# the demo's pages in headless Chromium (runtime per page type, quiz time to
# interactive; needs `make deps`), loads
# `szpon serve` with wrk on SQLite beside a raw SQLite floor and on a throwaway
# PostgreSQL cluster beside pgbench (bench/server.py), and rewrites BENCHMARKS.md.
# Bounded in time; see bench/bench.py for the knobs.
#
#   BENCH_SKIP_BUILD=1      do not run `swift build` (use SZPON_BIN as it is)
#   SZPON_BIN=PATH          szpon binary to measure (default: the release build)
#   BENCH_SZPON_COMMIT=REV, BENCH_SZPON_DIRTY=0|1
#                           with BENCH_SKIP_BUILD: what SZPON_BIN was built from, for
#                           the report (set here when this script builds it)
#   BENCH_BUILD_TIMEOUT=S   limit for the release build (default 2700 s)
#   BENCH_TOTAL_TIMEOUT=S   limit for all measurements (default 3600 s)
#   BENCH_POSTGRES=0        no PostgreSQL run (and no apt-get install postgresql)
#   BENCH_COMPARE_REF=REV   also measure commit REV's szpon on SQLite, beside today's:
#                           it is checked out in a git worktree outside the repository
#                           (BENCH_COMPARE_DIR, default ../bench-old beside it; reused
#                           when it is already this repository's worktree) and built there
#                           with `swift build -c release --product szpon --scratch-path
#                           DIR/.build`. Never commit that folder. (BENCH_COMPARE_BIN=PATH
#                           with BENCH_COMPARE_LABEL=NAME measures a binary already built.)
#   BENCH_COMPARE_ROUNDS=N  runs of each binary, alternating (default 2)
#   BENCH_RUNS, BENCH_TIMEOUT, BENCH_BUDGET, BENCH_CORPORA, BENCH_SMALL, BENCH_REPORT,
#   BENCH_ONLY (build, browser, server), BENCH_QUIZ_LOADS, BENCH_SERVER_DURATION, BENCH_FLOOR_SECONDS:
#                           passed to bench/bench.py (and bench/server.py)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# --- tools: Debian's hugo, cmark-gfm, GNU time, wrk and postgresql (and python3 for the driver)
# (only those of the parts BENCH_ONLY asks for)
only=",${BENCH_ONLY:-build,browser,server},"
wants() { [ "${only#*,$1,}" != "$only" ]; }
missing=()
if wants build; then
    [ -x /usr/bin/hugo ] || missing+=(hugo)
    [ -x /usr/bin/cmark-gfm ] || missing+=(cmark-gfm)
    [ -x /usr/bin/time ] || missing+=(time)
fi
wants server && { [ -x /usr/bin/wrk ] || missing+=(wrk); }
command -v python3 >/dev/null || missing+=(python3)
# Debian's postgresql brings initdb, pg_ctl, psql and pgbench (tests/tools/postgres.sh).
if wants server && [ "${BENCH_POSTGRES:-1}" != 0 ] && ! ls /usr/lib/postgresql/*/bin/pgbench >/dev/null 2>&1; then
    missing+=(postgresql)
fi
if [ ${#missing[@]} -gt 0 ]; then
    echo "bench: installing ${missing[*]} with apt-get"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if wants build; then
    hugo_version=$(/usr/bin/hugo version 2>/dev/null || true)
    case "$hugo_version" in
        *v0.111.*) ;;
        *) echo "bench: note: expected Hugo v0.111 (Debian bookworm), found: ${hugo_version:-none}" ;;
    esac
fi

# --- szpon release build
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
    # What the binary is built from, for the report (others may commit during the run).
    export BENCH_SZPON_COMMIT=$(git rev-parse --short HEAD)
    if [ -n "$(git status --porcelain -- Sources Package.swift)" ]; then
        export BENCH_SZPON_DIRTY=1
    else
        export BENCH_SZPON_DIRTY=0
    fi
    echo "bench: swift build -c release --product szpon"
    timeout --kill-after=30 "${BENCH_BUILD_TIMEOUT:-2700}" swift build -c release --product szpon
    if [ -z "${SZPON_BIN:-}" ]; then
        bin_dir=$(swift build -c release --show-bin-path 2>/dev/null || echo .build/release)
        export SZPON_BIN="$bin_dir/szpon"
    fi
fi
export SZPON_BIN="${SZPON_BIN:-$PWD/.build/release/szpon}"

# --- an earlier commit's szpon, for the SQLite server run beside today's
if [ -n "${BENCH_COMPARE_REF:-}" ] && wants server; then
    ref=$(git rev-parse --verify --quiet "${BENCH_COMPARE_REF}^{commit}") ||
        { echo "bench: BENCH_COMPARE_REF=$BENCH_COMPARE_REF is not a commit" >&2; exit 2; }
    old_dir=${BENCH_COMPARE_DIR:-$(dirname "$PWD")/bench-old}
    case "$(realpath -m "$old_dir")/" in
        "$PWD"/*) echo "bench: BENCH_COMPARE_DIR must be outside the repository" >&2; exit 2 ;;
    esac
    if [ -e "$old_dir" ]; then
        # Reuse it only if it is one of this repository's worktrees.
        if ! git worktree list --porcelain | grep -qxF "worktree $(realpath "$old_dir")"; then
            echo "bench: $old_dir exists and is not a worktree of this repository" >&2
            exit 2
        fi
        git -C "$old_dir" checkout --quiet --detach "$ref"
    else
        git worktree add --quiet --detach "$old_dir" "$ref"
    fi
    echo "bench: swift build -c release --product szpon in $old_dir ($(git rev-parse --short "$ref"))"
    timeout --kill-after=30 "${BENCH_BUILD_TIMEOUT:-2700}" \
        swift build -c release --product szpon --package-path "$old_dir" --scratch-path "$old_dir/.build"
    old_bin_dir=$(swift build -c release --package-path "$old_dir" --scratch-path "$old_dir/.build" --show-bin-path)
    export BENCH_COMPARE_BIN="$old_bin_dir/szpon"
    export BENCH_COMPARE_LABEL=$(git rev-parse --short "$ref")
    export BENCH_COMPARE_ROOT="$old_dir"
fi

# --- measurements (the driver also bounds each build and the number of runs)
timeout --kill-after=30 "${BENCH_TOTAL_TIMEOUT:-3600}" python3 bench/bench.py
