#!/usr/bin/env bash
# Starts Telemetry Desk in a virtual X display (Xvfb) with demo data in a temporary data directory
# and writes a PNG of each view to docs/screenshots/ (or the directory given); THEME=dark for the
# dark palette (files named *-dark.png).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-docs/screenshots}")
build=${BUILD_DIR:-build/dev}
[ -f "$build/build.ninja" ] || cmake --preset dev >/dev/null
cmake --build "$build" --target telemetry-desk >/dev/null
mkdir -p "$out"
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
xvfb-run -a -s "-screen 0 1600x1000x24" \
  "$build/app/telemetry-desk" --data-dir "$data" --listen 127.0.0.1:0 --screenshots "$out" --theme "${THEME:-light}"
ls -1 "$out"/*.png
