#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build, run and test Telemetry Desk.
# Idempotent: packages already present are skipped by apt.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config git
  qt6-base-dev qt6-base-dev-tools qt6-httpserver-dev qt6-websockets-dev qt6-charts-dev qt6-svg-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n
  libqt6sql6-sqlite libqt6sql6-psql qtkeychain-qt6-dev libqt6opengl6-dev libgl-dev libxkbcommon-dev
  tzdata   # the IANA zones that insights bucket by (QTimeZone reads them)
  libsqlite3-dev sqlite3 libpq-dev libmaxminddb-dev libsimdjson-dev zlib1g-dev libssl-dev
  libmaxmind-db-writer-perl curl wrk xvfb xauth python3 python3-yaml librsvg2-bin
  python3-venv python3-setuptools python3-wheel   # the Python SDK, installed offline in its tests
  postgresql-15 openssl   # the PostgreSQL tests start a throwaway cluster with TLS (tests/postgres-cluster.sh)
  dbus-daemon gnome-keyring   # the keychain test's own Secret Service (tests/with-keychain.sh)
)
# The snippet tests run the JavaScript snippet with Node (fetch: Node 18, Debian 12's nodejs). A node
# already on PATH (e.g. from NodeSource) is used as it is.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
# The JavaScript SDK's tests install it with npm (NodeSource's nodejs brings its own npm).
command -v npm >/dev/null 2>&1 || packages+=(npm)
# --fuzz: also what the fuzz preset needs (clang with libFuzzer and the sanitizer runtimes).
[ "${1:-}" = --fuzz ] && packages+=(clang libclang-rt-14-dev)
# --packaging: what scripts/test-packages.sh builds and checks packages with.
[ "${1:-}" = --packaging ] && packages+=(rpm lintian desktop-file-utils appstream systemd file adduser)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
