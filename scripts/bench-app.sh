#!/usr/bin/env bash
# Desktop app benchmark (issue 3, "speed and memory"): fills a database with EVENTS events (default
# ten million, over 30 days, through the collector's own writer; kept in DATA_DIR between runs, as
# filling takes a while), then opens the app on it in a virtual display and prints: time until the
# window is visible, Overview refresh per range, Events page fetch with and without filters, CSV
# export rows/s, GUI-thread stalls while 20,000 events/s arrive, and peak RSS. A benchmark, not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build/dev}
data=${DATA_DIR:-/tmp/telemetry-desk-bench}
events=${EVENTS:-10000000}
db=${DB:-$data/telemetry.db} # or a PostgreSQL URL: DB=postgresql://…/bench scripts/bench-app.sh
[ -f "$build/build.ninja" ] || cmake --preset dev >/dev/null
cmake --build "$build" --target bench-overview bench-app telemetry-loadgen >/dev/null
mkdir -p "$data"
echo "== Overview queries (bench-overview; fills $db first if it is empty)"
"$build/tests/bench/bench-overview" --events "$events" "$db"
echo "== The app on that database"
xvfb-run -a -s "-screen 0 1600x1000x24" "$build/tests/bench/bench-app" --data-dir "$data" --db "$db" \
  --loadgen "$build/collector/loadgen/telemetry-loadgen" --rate "${RATE:-20000}" --seconds "${SECONDS_LIVE:-10}"
