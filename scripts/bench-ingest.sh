#!/usr/bin/env bash
# Ingest benchmark (issue 9): three traffic shapes (one user, a pool of 50,000 users, a new user on
# every event) x three id kinds (UUIDv7, UUIDv4, none), single events against the no-op Qt HttpServer
# route and 100-event batches against raw SQLite inserts of the same rows, all measured in one run
# on this machine, with CPU per event by thread and peak RSS. See scripts/bench_ingest.py.
# A benchmark, not a test: exits 0 whatever the figures (non-zero only when something could not run).
# Usage: scripts/bench-ingest.sh [--quick]       one round of 3-second phases, a smoke run
#        scripts/bench-ingest.sh --many-users N  N events from N new users: memory stays bounded
# Environment: BUILD_DIR (default build/dev), CONNECTIONS (default 32).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build/dev}
if [ ! -f "$build/build.ninja" ] && [ ! -f "$build/Makefile" ]; then
  [ "$build" = build/dev ] || { echo "no build in $build" >&2; exit 1; }
  cmake --preset dev >/dev/null
fi
cmake --build "$build" --parallel 2 \
  --target telemetry-collector telemetry-loadgen bench-noop-server bench-sqlite-baseline >/dev/null
exec python3 scripts/bench_ingest.py --build "$build" "$@"
