#!/usr/bin/env bash
# Runs a command with a platform keychain of its own: a private D-Bus session and a gnome-keyring
# Secret Service unlocked with a throwaway password, both gone when the command ends.
# Usage: tests/with-keychain.sh COMMAND [ARGS...]
set -euo pipefail
if [ -z "${TDESK_KEYCHAIN_SESSION:-}" ]; then
  command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null ||
    { echo "skipped: dbus-run-session or gnome-keyring-daemon is missing (scripts/install-deps.sh)"; exit 77; }
  TDESK_KEYCHAIN_SESSION=1 exec dbus-run-session -- "$0" "$@"
fi
export HOME
HOME=$(mktemp -d) # the keyring's files, not the user's
trap 'rm -rf "$HOME"' EXIT
echo -n throwaway | gnome-keyring-daemon --unlock --components=secrets >/dev/null
TDESK_TEST_KEYCHAIN=1 "$@"
