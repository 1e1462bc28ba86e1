#!/usr/bin/env bash
# Insights benchmark (issue 12): the insights the issue names on ten million events over 30 days, on
# SQLite and on PostgreSQL in the same run. Both databases are filled by bench-overview through the
# collectors' own writers: the SQLite file kept in DATA_DIR between runs; PostgreSQL at PG_URL (a
# database of its own, filled when empty), else a throwaway cluster (tests/postgres-cluster.sh)
# filled for this run. A benchmark, not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build/dev}
data=${DATA_DIR:-/tmp/telemetry-desk-bench}
events=${EVENTS:-10000000}
[ -f "$build/build.ninja" ] || cmake --preset dev >/dev/null
cmake --build "$build" --target bench-overview bench-insights >/dev/null
mkdir -p "$data"
pg=${PG_URL:-}
if [ -z "$pg" ]; then
  cluster=$(mktemp -d)/cluster
  trap 'bash tests/postgres-cluster.sh stop "$cluster"' EXIT
  bash tests/postgres-cluster.sh start "$cluster"
  admin=$(cat "$cluster/url")
  psql "$admin" -qc "CREATE DATABASE bench"
  pg=${admin%/postgres}/bench
fi
for db in "$data/telemetry.db" "$pg"; do
  echo "== bench-overview (fills $db first if it is empty)"
  "$build/tests/bench/bench-overview" --events "$events" --runs 1 "$db" | tail -n 2
done
echo "== bench-insights"
exec "$build/tests/bench/bench-insights" "$data/telemetry.db" "$pg"
