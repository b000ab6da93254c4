#!/usr/bin/env bash
# The whole test suite: installs what it needs (Chromium, the Pulumi CLI, PostgreSQL), builds, typechecks,
# lints, runs the engine tests under Node and the end-to-end tests in Chromium, then prints one summary line.
set -uo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'test-all: %s\n' "$*" >&2; exit 1; }

step "Chromium"
CHROMIUM="${NIMBUS_CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null || fail "could not install chromium with apt-get"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null || fail "could not install chromium"
  else
    fail "Chromium is missing at $CHROMIUM: install Debian's chromium package (apt-get install chromium) or set NIMBUS_CHROMIUM_PATH"
  fi
fi
"$CHROMIUM" --version || fail "$CHROMIUM does not run"

step "Pulumi CLI"
PULUMI_DIR=$(bash scripts/ensure-pulumi | tail -n 1) || fail "the Pulumi CLI could not be installed (see above)"
export NIMBUS_PULUMI_DIR="$PULUMI_DIR"
"$PULUMI_DIR/pulumi" version

step "Proxmox provider plugin"
# Built from Go modules on a machine that cannot download it (seconds once installed; a cold build is
# long, so it gets at most NIMBUS_PROXMOX_PLUGIN_MINUTES, 30 by default, and what it compiled is kept in
# Go's build cache for the next run). Without the plugin the run goes on and the Proxmox integration
# tests report themselves skipped, naming why; NIMBUS_SKIP_PROXMOX_PLUGIN=1 does not try at all.
if [ -z "${NIMBUS_SKIP_PROXMOX_PLUGIN:-}" ]; then
  plugin_started=$(date +%s)
  if timeout "$(( ${NIMBUS_PROXMOX_PLUGIN_MINUTES:-30} * 60 ))" bash scripts/ensure-proxmox-plugin | tail -n 1 >/dev/null; then
    echo "pulumi-resource-proxmoxve ready in $(( $(date +%s) - plugin_started )) s"
  else
    echo "test-all: the Proxmox provider plugin is not installed after $(( $(date +%s) - plugin_started )) s (see above); its tests will be skipped" >&2
  fi
fi

step "PostgreSQL"
# One throwaway cluster for the whole run (the PostgreSQL store's tests create their databases on it),
# unless NIMBUS_TEST_DATABASE_URL already names a server; stopped when this script exits.
if [ -z "${NIMBUS_TEST_DATABASE_URL:-}" ]; then
  PG_URL=$(bash scripts/ensure-postgres | tail -n 1) || fail "PostgreSQL could not be started (see above); or set NIMBUS_TEST_DATABASE_URL"
  trap 'bash scripts/ensure-postgres stop "$PG_URL"' EXIT
  export NIMBUS_TEST_DATABASE_URL="$PG_URL"
else
  echo "using NIMBUS_TEST_DATABASE_URL"
fi

step "Redfish BMC emulator (bare metal)"
SUSHY=$(bash scripts/ensure-sushy | tail -n 1) || fail "sushy-tools could not be installed (see above)"
export NIMBUS_SUSHY_EMULATOR="$SUSHY"

step "Build"
npm run build || fail "build failed"
step "Typecheck"
npm run typecheck || fail "typecheck failed"
step "Lint"
npm run lint || fail "lint failed"

rm -rf test-results
status=0
step "Engine tests (Node, real SQLite and PostgreSQL, real Pulumi CLI)"
npx vitest run || status=1
step "End-to-end tests (Chromium through the browser shell)"
npx playwright test || status=1

step "Summary"
node scripts/summarize-tests.mjs || status=1
exit $status
