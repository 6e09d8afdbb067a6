#!/usr/bin/env bash
# The real app window under Xvfb, against a real central office with demo data: the app
# enrols with a one-time code, syncs, and shows the places. Screenshots go to
# target/screenshots/ (tablet 1024x768 and phone 390x844).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -p vigil-server -p vigil-app
source scripts/lib/office.sh

work=$(mktemp -d)
trap 'kill ${OFFICE_PID:-} 2>/dev/null || true; rm -rf "$work"' EXIT
start_demo_office "$work/office" "${VIGIL_SMOKE_PORT:-18750}"
trap 'kill $OFFICE_PID 2>/dev/null || true; rm -rf "$work"' EXIT

# The demo command refuses a port another program holds (here, this office): it must not
# start a second office, nor enrol a device against an office it did not start.
if said=$(VIGIL_PORT="${VIGIL_SMOKE_PORT:-18750}" VIGIL_DEMO_DIR="$work/demo" scripts/run.sh 2>&1 >/dev/null); then
  echo "app-smoke: scripts/run.sh ran on a port another program holds" >&2
  exit 1
fi
if ! grep -q "is taken by another program" <<<"$said" || [ -e "$work/demo/office" ] || [ -e "$work/demo/device" ]; then
  echo "app-smoke: scripts/run.sh on a taken port said: $said" >&2
  exit 1
fi
echo "app-smoke: scripts/run.sh refuses a taken port and sets up nothing"

shots=target/screenshots
mkdir -p "$shots"
export VIGIL_SERVER_URL="$OFFICE_URL"
# Test only: the encrypted device store is created and unlocked without the lock screen.
export VIGIL_PASSPHRASE=demo-passphrase
# The app's own log, kept: the store is encrypted, so its sync lines say what it pulled.
real_app="${CARGO_TARGET_DIR:-target}/debug/vigil-app"
real_app=$(realpath "$real_app")
printf '#!/bin/sh\nexec "%s" 2>>"%s"\n' "$real_app" "$work/app.log" >"$work/vigil-app"
chmod +x "$work/vigil-app"
export VIGIL_APP_BIN="$work/vigil-app"
VIGIL_ENROL_CODE=$(enrolment_code "$work/office" lead) scripts/screenshot-app.sh "$work/device" "$shots/places-1024x768.png" 1024x768
scripts/screenshot-app.sh "$work/device" "$shots/places-390x844.png" 390x844

# The window's start enrolled the device and pulled the demo data into its own store.
# The store is encrypted, so the office tells: it saw the device enrol and sync.
devices=$(sqlite3 "$work/office/central.db" "SELECT COUNT(*) FROM device WHERE name != 'central office'")
if [ "$devices" -eq 0 ]; then
  echo "app-smoke: the office has no device enrolled by the app" >&2
  exit 1
fi
if [ ! -f "$work/device/vault.json" ] || [ ! -s "$work/device/device.db" ]; then
  echo "app-smoke: the app made no vault or store in $work/device" >&2
  exit 1
fi
expected=$(sqlite3 "$work/office/central.db" "SELECT COUNT(*) FROM facility WHERE deleted = 0")
received=$(grep -o 'synced: [0-9]* sent, [0-9]* received' "$work/app.log" | awk '{ sum += $4 } END { print sum + 0 }')
if [ "$received" -lt "$expected" ]; then
  echo "app-smoke: the app received $received changes, fewer than the office's $expected places" >&2
  cat "$work/app.log" >&2
  exit 1
fi
# Nothing of the demo data is readable on the device's disk.
place=$(sqlite3 "$work/office/central.db" "SELECT name FROM facility WHERE deleted = 0 ORDER BY name LIMIT 1")
if [ -z "$place" ]; then
  echo "app-smoke: the office has no places" >&2
  exit 1
fi
if grep -rqaF "$place" "$work/device"; then
  echo "app-smoke: the place name '$place' is in clear under $work/device" >&2
  exit 1
fi
if head -c 16 "$work/device/device.db" | grep -qa "SQLite format"; then
  echo "app-smoke: the device store is not encrypted" >&2
  exit 1
fi
echo "app-smoke: the app enrolled and received $received changes ($expected places); no place name in clear on the device; screenshots in $shots/"
echo "app-smoke: 1 passed, 0 failed"
