#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (a CTest fixture, tests/CMakeLists.txt).
#   start DIR   initdb + a server on a free 127.0.0.1 port; writes DIR/url (the superuser's URL)
#   stop DIR    stops the server and removes its files
#   pause DIR   stops the server at once (pg_ctl stop -m immediate: as a crash would), keeping its files
#   resume DIR  starts it again on the same port
#   replica DIR PRIMARY_DIR  a streaming replica (hot standby) of the cluster started in PRIMARY_DIR
# TDESK_PG_SSL=off starts a server that offers no TLS (tests of a connection that requires it).
# PostgreSQL refuses to run as root: as root (CI), the cluster belongs to the unprivileged `nobody`.
# Where no server can start, `start` writes the reason to DIR/skip and exits 0, so that the
# PostgreSQL tests report themselves skipped and why; with TDESK_REQUIRE_POSTGRESQL=1 (.ci/run) it
# fails instead.
set -euo pipefail
action=${1:?start or stop}
dir=${2:?directory}
as=()
[ "$(id -u)" -ne 0 ] || as=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)

stop() {
  [ -f "$dir/data" ] || return 0
  local data; data=$(cat "$dir/data")
  [ -d "$data/db" ] && "${as[@]}" "$bindir/pg_ctl" -D "$data/db" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$data" "$dir"
}

skip() {
  mkdir -p "$dir"
  echo "$1" >"$dir/skip"
  echo "PostgreSQL tests will be skipped: $1" >&2
  [ "${TDESK_REQUIRE_POSTGRESQL:-0}" != 1 ] || exit 1
  exit 0
}

case $action in
stop) stop ;;
start)
  stop
  mkdir -p "$dir"
  [ -n "$bindir" ] && [ -x "$bindir/postgres" ] || skip "no PostgreSQL server is installed (apt install postgresql-15)"
  # Outside the build tree, which `nobody` may not reach.
  data=$(mktemp -d /tmp/tdesk-postgres.XXXXXX)
  echo "$data" >"$dir/data"
  [ ${#as[@]} -eq 0 ] || chown nobody:nogroup "$data"
  # TLS with a CA of its own, so that tests can check that certificates are verified (DIR/ca.crt).
  command -v openssl >/dev/null || skip "openssl is not installed (apt install openssl)"
  (
    cd "$data"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Telemetry Desk test CA" -keyout ca.key -out ca.crt
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key -out server.csr
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile server.ext -out server.crt
    chmod 600 server.key
    [ ${#as[@]} -eq 0 ] || chown nobody:nogroup server.key server.crt
  ) >"$data/openssl.log" 2>&1 || skip "could not make the test certificates: $(tail -n 3 "$data/openssl.log" | tr '\n' ' ')"
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "${as[@]}" "$bindir/initdb" -D "$data/db" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$data/initdb.log" 2>&1 ||
    skip "initdb failed: $(tail -n 3 "$data/initdb.log" | tr '\n' ' ')"
  # Every role is trusted but tdesk_password, which must give its password (tests of a wrong one).
  "${as[@]}" sed -i '1i host all tdesk_password 127.0.0.1/32 scram-sha-256' "$data/db/pg_hba.conf"
  # fsync off: a test cluster need not survive a power cut, and tests run faster (benchmarks set
  # TDESK_PG_FSYNC=on, as a real server runs).
  echo "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=${TDESK_PG_FSYNC:-off} -c max_connections=200 -c ssl=${TDESK_PG_SSL:-on} -c ssl_cert_file=$data/server.crt -c ssl_key_file=$data/server.key" >"$dir/options"
  "${as[@]}" "$bindir/pg_ctl" -D "$data/db" -l "$data/server.log" -w -t 60 -o "$(cat "$dir/options")" start >/dev/null ||
    skip "the server did not start: $(tail -n 3 "$data/server.log" | tr '\n' ' ')"
  cp "$data/ca.crt" "$dir/ca.crt"
  echo "$bindir" >"$dir/bindir"
  echo "postgresql://postgres@127.0.0.1:$port/postgres" >"$dir/url"
  echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') listening on 127.0.0.1:$port (data in $data)"
  ;;
replica)
  # A streaming replica of the running cluster in ${3:?primary's directory} (pg_basebackup -R: a
  # hot standby that follows it), on a free port of its own.
  stop
  mkdir -p "$dir"
  primary=$3
  data=$(mktemp -d /tmp/tdesk-postgres.XXXXXX)
  echo "$data" >"$dir/data"
  [ ${#as[@]} -eq 0 ] || chown nobody:nogroup "$data"
  primary_url=$(cat "$primary/url")
  primary_port=${primary_url##*:}; primary_port=${primary_port%%/*}
  "${as[@]}" "$bindir/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$data/db" -R -X stream --no-sync \
    >"$data/basebackup.log" 2>&1 || { echo "pg_basebackup failed: $(tail -n 3 "$data/basebackup.log")" >&2; exit 1; }
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  sed "s/-p [0-9]* -k [^ ]*/-p $port -k ${data//\//\\/}/" "$primary/options" >"$dir/options"
  "${as[@]}" "$bindir/pg_ctl" -D "$data/db" -l "$data/server.log" -w -t 60 -o "$(cat "$dir/options")" start >/dev/null ||
    { echo "the replica did not start: $(tail -n 3 "$data/server.log")" >&2; exit 1; }
  echo "postgresql://postgres@127.0.0.1:$port/postgres" >"$dir/url"
  ;;
pause) "${as[@]}" "$bindir/pg_ctl" -D "$(cat "$dir/data")/db" -m immediate -w stop >/dev/null ;;
resume)
  data=$(cat "$dir/data")
  "${as[@]}" "$bindir/pg_ctl" -D "$data/db" -l "$data/server.log" -w -t 60 -o "$(cat "$dir/options")" start >/dev/null ;;
*) echo "usage: $0 start|stop|pause|resume DIR | replica DIR PRIMARY_DIR" >&2; exit 2 ;;
esac
