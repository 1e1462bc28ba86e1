#!/usr/bin/env bash
# Installs what is missing, builds the dev preset and runs the whole test suite with CTest; then,
# as root (CI), builds the packages from that build and tests them installed (scripts/test-packages.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
[ -f build/dev/build.ninja ] || cmake --preset dev >/dev/null
cmake --build --preset dev
ctest --preset dev "$@"
# The package test installs and removes packages on this machine: only as root, and only for the
# whole suite (not when ctest was given a selection).
if [ $# -eq 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    bash scripts/test-packages.sh
  else
    echo "packages not tested: scripts/test-packages.sh installs them, run it as root (sudo scripts/test-packages.sh)"
  fi
fi
