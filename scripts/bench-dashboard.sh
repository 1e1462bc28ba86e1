#!/usr/bin/env bash
# Dashboard benchmark (issue 12): what eight insights refreshed every 10 s over the Query API cost
# the collector's ingest rate, alone and with the dashboard in alternating rounds of one run. See
# scripts/bench_dashboard.py. A benchmark, not a test: exits 0 whatever the figures.
# Usage: scripts/bench-dashboard.sh [--db FILE] [--rounds N] [--seconds S]
#   --db FILE  write into a copy of this SQLite database (e.g. bench-overview's ten million events)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build/dev}
[ -f "$build/build.ninja" ] || cmake --preset dev >/dev/null
cmake --build "$build" --parallel 2 --target telemetry-collector telemetry-loadgen >/dev/null
exec python3 scripts/bench_dashboard.py --build "$build" "$@"
