#!/usr/bin/env bash
# PostgreSQL benchmark (issue 10): on a throwaway PostgreSQL cluster of its own, 100-event batches
# against COPY of the same rows, single events against the SQLite collector, and two collectors on
# one database against one. See scripts/bench_postgres.py. A benchmark, not a test.
# Usage: scripts/bench-postgres.sh [--quick]
# Environment: BUILD_DIR (default build/dev), CONNECTIONS (default 32).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build/dev}
[ -f "$build/build.ninja" ] || cmake --preset dev >/dev/null
cmake --build "$build" --parallel 2 --target telemetry-collector telemetry-loadgen >/dev/null
exec python3 scripts/bench_postgres.py --build "$build" "$@"
