#!/usr/bin/env bash
# Builds the packages (.deb, .rpm, .tar.gz) from a build directory and proves them on this machine:
# validators (lintian without errors, desktop-file-validate, appstreamcli, systemd-analyze verify),
# the .rpm's and .tar.gz's file lists, then installs the .debs with apt and runs what they installed:
# both executables' --version, `keys create`, a collector started from the installed binary as the
# service's user on the packaged settings (answers /health, stores an event, which the installed
# app exports), its refusals (root on the service's database, a missing settings file), an upgrade
# that keeps the database and a changed settings file, a removal that keeps them, a purge that does
# not. Leaves the machine as it found it: packages removed, the service's user deleted if this
# script's installation created it. Needs root, apt and no other telemetry-desk packages installed.
# Usage: scripts/test-packages.sh     (BUILD_DIR: default build/dev, reused as built by test.sh;
# release packages come from `cmake --preset release && cmake --build --preset release && cpack --preset release`)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build/dev}
[ "$(id -u)" -eq 0 ] || { echo "test-packages.sh installs packages: run it as root" >&2; exit 2; }
for p in telemetry-desk telemetry-collector; do
  if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
    echo "$p is installed already: remove it first (this test installs and removes its own)" >&2
    exit 2
  fi
done
bash scripts/install-deps.sh --packaging
[ -f "$build/CPackConfig.cmake" ] || cmake --preset dev >/dev/null
cmake --build "$build" --parallel 2 --target telemetry-desk telemetry-collector tdesk_package_files

tmp=$(mktemp -d)
pid=
user_existed=$(getent passwd telemetry-collector >/dev/null && echo yes || echo no)
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq telemetry-desk telemetry-collector >/dev/null 2>&1 || true
  if [ "$user_existed" = no ] && getent passwd telemetry-collector >/dev/null; then
    deluser --system --quiet telemetry-collector >/dev/null 2>&1 || true
    delgroup --system --quiet telemetry-collector >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

passed=0 failed=0
check() { # NAME COMMAND...: one line per check; a failure is counted, and the script goes on
  local name=$1; shift
  if "$@" >"$tmp/check.log" 2>&1; then
    echo "PASS  $name"; passed=$((passed + 1))
  else
    echo "FAIL  $name"; sed 's/^/      /' "$tmp/check.log" | tail -n 30; failed=$((failed + 1))
  fi
}
contains() { grep -qF -- "$2" <<<"$1" || { echo "expected \"$2\" in:"; echo "$1"; return 1; }; }
lists() { # LISTING PATH...: every path is in the listing
  local listing=$1 path; shift
  for path in "$@"; do contains "$listing" "$path" || return 1; done
}

echo "== packages from $build"
out=$tmp/packages
(cd "$build" && cpack -G "DEB;RPM;TGZ" -B "$out" >"$tmp/cpack.log" 2>&1) || { cat "$tmp/cpack.log"; exit 1; }
rm -rf "$out/_CPack_Packages"
ls -l "$out"
desk_deb=$(ls "$out"/telemetry-desk_*.deb) collector_deb=$(ls "$out"/telemetry-collector_*.deb)
desk_rpm=$(ls "$out"/telemetry-desk-*.rpm) collector_rpm=$(ls "$out"/telemetry-collector-*.rpm)
version=$(dpkg-deb -f "$collector_deb" Version)
commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)

echo "== validators"
check "lintian: no errors in either .deb" lintian --fail-on error "$desk_deb" "$collector_deb"
lintian "$desk_deb" "$collector_deb" | sed 's/^/      lintian: /' || true
dpkg-deb -x "$desk_deb" "$tmp/desk" && dpkg-deb -x "$collector_deb" "$tmp/collector"
app_id=org.telemetrydesk.TelemetryDesk
check "desktop-file-validate" desktop-file-validate "$tmp/desk/usr/share/applications/$app_id.desktop"
check "appstreamcli validate (app, collector)" appstreamcli validate --no-net --explain \
  "$tmp/desk/usr/share/metainfo/$app_id.metainfo.xml" "$tmp/collector/usr/share/metainfo/org.telemetrydesk.TelemetryCollector.metainfo.xml"
check "the app's icons at every hicolor size" bash -c 'for s in 16 22 24 32 48 64 128 256 512; do
  f=$0/usr/share/icons/hicolor/${s}x${s}/apps/'"$app_id"'.png; file "$f" | grep -q "$s x $s" || { echo "missing or wrong: $f"; exit 1; }; done' "$tmp/desk"
check "dependencies from dpkg-shlibdeps" bash -c 'dpkg-deb -f "$0" Depends | grep -q libqt6core6 && dpkg-deb -f "$1" Depends | grep -q libqt6widgets6' \
  "$collector_deb" "$desk_deb"
check "rpm -qpl: the collector's files" lists "$(rpm -qpl "$collector_rpm")" /usr/bin/telemetry-collector \
  /lib/systemd/system/telemetry-collector.service /etc/telemetry-collector/collector.conf /usr/share/man/man1/telemetry-collector.1.gz
check "rpm -qpl: the app's files" lists "$(rpm -qpl "$desk_rpm")" /usr/bin/telemetry-desk \
  "/usr/share/applications/$app_id.desktop" "/usr/share/icons/hicolor/256x256/apps/$app_id.png" /usr/share/man/man1/telemetry-desk.1.gz
check "rpm: the settings are %config(noreplace)" lists "$(rpm -qpc "$collector_rpm")" /etc/telemetry-collector/collector.conf
check "tar.gz: both executables" lists "$(for f in "$out"/*.tar.gz; do tar tzf "$f"; done)" usr/bin/telemetry-desk usr/bin/telemetry-collector

echo "== install with apt"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$desk_deb" "$collector_deb" >"$tmp/apt.log" 2>&1 \
  || { cat "$tmp/apt.log"; exit 1; }
# --man=no: the man page is lintian's to check, and container images may leave out /usr/share/man.
check "systemd-analyze verify on the installed unit" systemd-analyze verify --man=no /lib/systemd/system/telemetry-collector.service
check "systemd-analyze security (offline): exposure" bash -c \
  'systemd-analyze security --offline=true /lib/systemd/system/telemetry-collector.service | tail -n 1'
systemd-analyze security --offline=true /lib/systemd/system/telemetry-collector.service 2>/dev/null | tail -n 1 | sed 's/^/      /'
check "telemetry-collector --version: version and commit" \
  contains "$(/usr/bin/telemetry-collector --version)" "${version%-*} (commit $commit)"
check "telemetry-desk --version (no display): version and commit" \
  contains "$(env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM /usr/bin/telemetry-desk --version)" "${version%-*} (commit $commit)"
check "the service's user and state directory" bash -c \
  'getent passwd telemetry-collector && [ "$(stat -c %U /var/lib/telemetry-collector)" = telemetry-collector ]'
check "the settings: 0640 root:telemetry-collector" \
  contains "$(stat -c '%a %U:%G' /etc/telemetry-collector/collector.conf)" "640 root:telemetry-collector"
check "a service that is not enabled" bash -c '[ ! -e /etc/systemd/system/multi-user.target.wants/telemetry-collector.service ]'
check "the app, started as its menu entry says, shows every view (Xvfb)" bash -c '
  command=$(sed -n "s/^Exec=//p" /usr/share/applications/'"$app_id"'.desktop) && mkdir -p "$0/shots" &&
  HOME=$0/home xvfb-run -a -s "-screen 0 1600x1000x24" $command --data-dir "$0/data" --listen 127.0.0.1:0 \
    --screenshots "$0/shots" && ls "$0/shots"/0{1,2,3,4,5}-*.png' "$tmp/menu"
check "keys create on a temporary database" \
  contains "$(/usr/bin/telemetry-collector --db "$tmp/keys.db" keys create --project default --kind public | tail -n 1)" tdp_
status() { "$@" 2>&1 && echo "exit 0" || echo "exit $?"; } # what a command says, and its exit code
check "root on the service's database: refused (exit 2)" lists \
  "$(status /usr/bin/telemetry-collector --config /etc/telemetry-collector/collector.conf --listen 127.0.0.1:0)" \
  "refusing to run as root on /var/lib/telemetry-collector" "exit 2"
check "a missing settings file: named (exit 2)" lists \
  "$(status /usr/bin/telemetry-collector --config /etc/telemetry-collector/missing.conf)" /etc/telemetry-collector/missing.conf "exit 2"
install -m 0600 /etc/telemetry-collector/collector.conf "$tmp/root-only.conf"
chmod 0755 "$tmp"
check "a settings file the service's user cannot read: named (exit 2)" lists \
  "$(status runuser -u telemetry-collector -- /usr/bin/telemetry-collector --config "$tmp/root-only.conf")" \
  "cannot read config file $tmp/root-only.conf: Permission denied" "exit 2"

# start_collector: the installed binary as the service's user on the packaged settings, on a free port.
start_collector() {
  runuser -u telemetry-collector -- /usr/bin/telemetry-collector --config /etc/telemetry-collector/collector.conf \
    --listen 127.0.0.1:0 >"$tmp/collector.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do
    port=$(sed -n 's/.*listening on [^ ]*:\([0-9][0-9]*\).*/\1/p' "$tmp/collector.log" | head -n1)
    [ -n "$port" ] && return 0
    sleep 0.1
  done
  cat "$tmp/collector.log"; return 1
}
stop_collector() { kill -TERM "$pid"; wait "$pid" || true; pid=; }
event() { # EVT: one event, answered after COMMIT
  curl -sf -X POST "http://127.0.0.1:$port/t" -H 'Content-Type: application/json' \
    -d '{"schema":"jwc.v1","anon":"package-test","evt":"'"$1"'","t":'"$(date +%s%3N)"'}'
}
exported() { # the events in the service's database, as the installed app exports them
  cp /var/lib/telemetry-collector/telemetry.db "$tmp/copy.db"
  env -u DISPLAY -u WAYLAND_DISPLAY /usr/bin/telemetry-desk --data-dir "$tmp/desk-data" --db "$tmp/copy.db" \
    --export-csv "$tmp/export.csv" >/dev/null && cat "$tmp/export.csv"
}

start_collector
check "the installed collector answers /health" contains "$(curl -sf "http://127.0.0.1:$port/health")" '"ok":true'
check "... and stores an event" contains "$(event installed.first)" '"accepted":1'
stop_collector
check "the installed app exports it" contains "$(exported)" installed.first

echo "== upgrade, remove, purge"
echo "# changed by the administrator" >>/etc/telemetry-collector/collector.conf
dpkg-deb -R "$collector_deb" "$tmp/newer"
sed -i "s/^Version: .*/Version: $version+upgrade1/" "$tmp/newer/DEBIAN/control"
dpkg-deb -b --root-owner-group "$tmp/newer" "$tmp/newer.deb" >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tmp/newer.deb" >"$tmp/apt.log" 2>&1 || { cat "$tmp/apt.log"; exit 1; }
check "upgraded" contains "$(dpkg-query -W -f='${Version}' telemetry-collector)" "+upgrade1"
check "the upgrade kept the changed settings" grep -q "changed by the administrator" /etc/telemetry-collector/collector.conf
check "... and the database" contains "$(exported)" installed.first
DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq telemetry-collector >/dev/null 2>&1
check "removing kept the database and settings" bash -c \
  '[ -f /var/lib/telemetry-collector/telemetry.db ] && grep -q "changed by the administrator" /etc/telemetry-collector/collector.conf && [ ! -e /usr/bin/telemetry-collector ]'
DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq telemetry-collector telemetry-desk >/dev/null 2>&1
check "purging removed them" bash -c '[ ! -e /var/lib/telemetry-collector ] && [ ! -e /etc/telemetry-collector/collector.conf ]'

echo "packages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
