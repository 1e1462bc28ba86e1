#!/usr/bin/env bash
# Query API benchmark (issue 11): on a database of EVENTS events (default ten million over 30 days,
# filled by bench-overview through the collector's own writer and kept in DATA_DIR between runs),
# a real collector answers over loopback; prints the Overview over HTTP against in process, Events
# pages over HTTP, and the CSV export over HTTP in rows/s with the collector's RSS. A benchmark, not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build/dev}
data=${DATA_DIR:-/tmp/telemetry-desk-bench}
events=${EVENTS:-10000000}
db=${DB:-$data/telemetry.db} # or a PostgreSQL URL
[ -f "$build/build.ninja" ] || cmake --preset dev >/dev/null
cmake --build "$build" --target bench-overview bench-queryapi telemetry-collector >/dev/null
mkdir -p "$data"
echo "== bench-overview (fills $db first if it is empty)"
"$build/tests/bench/bench-overview" --events "$events" --runs 1 "$db" | tail -n 3
echo "== bench-queryapi"
exec "$build/tests/bench/bench-queryapi" --collector "$build/collector/telemetry-collector" "$db"
