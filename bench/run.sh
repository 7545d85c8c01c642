#!/usr/bin/env bash
# szpon benchmark: `make bench` runs this. Builds szpon (release), generates the
# synthetic corpora, builds them with szpon, Hugo and a cmark-gfm floor, loads
# `szpon serve` with wrk beside a raw SQLite floor (bench/server.py), and
# rewrites BENCHMARKS.md. Bounded in time; see bench/bench.py for the knobs.
#
#   BENCH_SKIP_BUILD=1      do not run `swift build` (use SZPON_BIN as it is)
#   SZPON_BIN=PATH          szpon binary to measure (default: the release build)
#   BENCH_BUILD_TIMEOUT=S   limit for the release build (default 2700 s)
#   BENCH_TOTAL_TIMEOUT=S   limit for all measurements (default 3600 s)
#   BENCH_RUNS, BENCH_TIMEOUT, BENCH_BUDGET, BENCH_CORPORA, BENCH_SMALL, BENCH_REPORT,
#   BENCH_ONLY (build, server), BENCH_SERVER_DURATION, BENCH_FLOOR_SECONDS:
#                           passed to bench/bench.py (and bench/server.py)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# --- tools: Debian's hugo, cmark-gfm, GNU time and wrk (and python3 for the driver)
missing=()
[ -x /usr/bin/hugo ] || missing+=(hugo)
[ -x /usr/bin/wrk ] || missing+=(wrk)
[ -x /usr/bin/cmark-gfm ] || missing+=(cmark-gfm)
[ -x /usr/bin/time ] || missing+=(time)
command -v python3 >/dev/null || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
    echo "bench: installing ${missing[*]} with apt-get"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
hugo_version=$(/usr/bin/hugo version 2>/dev/null || true)
case "$hugo_version" in
    *v0.111.*) ;;
    *) echo "bench: note: expected Hugo v0.111 (Debian bookworm), found: ${hugo_version:-none}" ;;
esac

# --- szpon release build
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
    echo "bench: swift build -c release --product szpon"
    timeout --kill-after=30 "${BENCH_BUILD_TIMEOUT:-2700}" swift build -c release --product szpon
    if [ -z "${SZPON_BIN:-}" ]; then
        bin_dir=$(swift build -c release --show-bin-path 2>/dev/null || echo .build/release)
        export SZPON_BIN="$bin_dir/szpon"
    fi
fi
export SZPON_BIN="${SZPON_BIN:-$PWD/.build/release/szpon}"

# --- measurements (the driver also bounds each build and the number of runs)
timeout --kill-after=30 "${BENCH_TOTAL_TIMEOUT:-3600}" python3 bench/bench.py
