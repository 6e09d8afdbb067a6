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

shots=target/screenshots
mkdir -p "$shots"
export VIGIL_SERVER_URL="$OFFICE_URL"
VIGIL_ENROL_CODE=$(enrolment_code "$work/office" lead) scripts/screenshot-app.sh "$work/device" "$shots/places-1024x768.png" 1024x768
scripts/screenshot-app.sh "$work/device" "$shots/places-390x844.png" 390x844

# The window's start enrolled the device and pulled the demo places into its own store.
places=$(sqlite3 "$work/device/device.db" "SELECT COUNT(*) FROM facility WHERE deleted = 0")
expected=$(sqlite3 "$work/office/central.db" "SELECT COUNT(*) FROM facility WHERE deleted = 0")
if [ "$places" -eq 0 ] || [ "$places" -ne "$expected" ]; then
  echo "app-smoke: the app's store holds $places places, the office $expected" >&2
  exit 1
fi
echo "app-smoke: the app synced $places places; screenshots in $shots/"
echo "app-smoke: 1 passed, 0 failed"
