#!/bin/sh
# Installs the SDK into a fresh npm project without any network, as its README says, and puts the
# conformance host beside it, so that the host imports the package by its name.
# Usage: install_offline.sh PROJECT_DIR
set -eu
project=$1
sdk=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$project"
mkdir -p "$project"
cd "$project"
printf '{"name":"sdk-install-check","private":true,"type":"module"}\n' > package.json
npm install --offline --no-audit --no-fund --install-links --cache "$project/.npm" "$sdk" >/dev/null
cp "$sdk/../conformance/hosts/node_host.mjs" .
node --input-type=module -e "const m = await import('telemetrydesk'); if (typeof m.Client !== 'function') process.exit(1)"
echo "installed offline into $project/node_modules/telemetrydesk"
