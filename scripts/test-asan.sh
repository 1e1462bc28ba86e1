#!/usr/bin/env bash
# Builds the asan preset (gcc, AddressSanitizer + UndefinedBehaviorSanitizer, UB fatal, leak
# detection on) and runs the whole test suite under it, two tests at a time. Extra arguments go to
# ctest. Leaks inside system libraries only may be suppressed in tests/lsan.supp.
# Every process of the suite (tests, and the collectors they start, whose stderr the tests do not
# show) writes its sanitizer reports to build/asan/sanitizer-reports/; any report fails this script.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
[ -f build/asan/build.ninja ] || cmake --preset asan >/dev/null
cmake --build --preset asan
reports=build/asan/sanitizer-reports
rm -rf "$reports" && mkdir -p "$reports"
status=0
ctest --preset asan -j2 "$@" || status=$?
if [ -n "$(ls -A "$reports")" ]; then
  for report in "$reports"/*; do
    echo "=== sanitizer report $report"
    cat "$report"
  done
  echo "sanitizer reports: $(ls "$reports" | wc -l) (see above)" >&2
  status=1
fi
exit "$status"
