#!/usr/bin/env bash
# Installs what is missing, builds, and runs Telemetry Desk: the desktop app where there is a
# display and the app is built, otherwise the headless collector (http://127.0.0.1:8088 by default).
# Extra arguments go to the program.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
[ -f build/release/build.ninja ] || cmake --preset release >/dev/null
cmake --build --preset release
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x build/release/app/telemetry-desk ]; then
  exec build/release/app/telemetry-desk "$@"
fi
echo "No display (or no desktop app in this build): starting the headless collector." >&2
echo "Send it an event:  curl -X POST http://127.0.0.1:8088/t -H 'Content-Type: application/json' \\" >&2
echo "  -d '{\"schema\":\"jwc.v1\",\"anon\":\"me\",\"evt\":\"hello\",\"t\":'\$(date +%s%3N)'}'" >&2
exec build/release/collector/telemetry-collector --listen "${LISTEN:-127.0.0.1:8088}" "$@"
