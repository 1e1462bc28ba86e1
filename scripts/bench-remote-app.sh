#!/usr/bin/env bash
# Remote-mode benchmark (issue 11): the desktop app on the same big database, first embedding its
# collector, then watching a headless collector on it over HTTPS (a certificate made here), in one
# run: Overview refresh per range (remote against embedded), Events pages, the CSV export, the GUI
# thread during range changes and live ingest, and while the collector does not answer for 15 s.
# The database: DB or DATA_DIR/telemetry.db (scripts/bench-app.sh or bench-queryapi.sh fill it).
# A benchmark, not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build/dev}
data=${DATA_DIR:-/tmp/telemetry-desk-bench}
db=${DB:-$data/telemetry.db}
[ -f "$build/build.ninja" ] || cmake --preset dev >/dev/null
cmake --build "$build" --target bench-app telemetry-collector telemetry-loadgen >/dev/null
work=$(mktemp -d)
trap 'kill "${collector:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" \
  -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null
app() { xvfb-run -a -s "-screen 0 1600x1000x24" "$build/tests/bench/bench-app" --loadgen "$build/collector/loadgen/telemetry-loadgen" \
          --rate "${RATE:-20000}" --seconds "${SECONDS_LIVE:-10}" "$@"; }
echo "== embedded: the app on $db"
app --data-dir "$work/embedded" --db "$db" --seconds 0   # no live phase: the remote run reads the same events
echo "== remote: the app watching a collector on $db over HTTPS"
key=$("$build/collector/telemetry-collector" --db "$db" keys create --kind admin --label bench-remote-app | tail -n 1)
SPOOL_FILE="$work/spool.db" RATE_LIMIT_MAX=0 "$build/collector/telemetry-collector" --db "$db" --listen 127.0.0.1:0 \
  --tls-cert "$work/cert.pem" --tls-key "$work/key.pem" --http-listen 127.0.0.1:0 >"$work/collector.log" 2>&1 &
collector=$!
for _ in $(seq 100); do grep -q "plain HTTP on" "$work/collector.log" && break; sleep 0.1; done
https=$(sed -n 's/.*listening on [^ ]*:\([0-9]*\).*/\1/p' "$work/collector.log")
http=$(sed -n 's/^plain HTTP on [^ ]*:\([0-9]*\).*/\1/p' "$work/collector.log")
TDESK_KEY=$key app --data-dir "$work/remote" --connect "https://127.0.0.1:$https" --ca-file "$work/cert.pem" \
  --ingest "http://127.0.0.1:$http/t" --collector-pid "$collector"
