#!/usr/bin/env bash
# Runs Vigil with demo data: the central office (embedded SQLite store, loaded once with
# realistic fictional data) on 127.0.0.1, and the app, enrolled against it as a team lead
# (VIGIL_DEMO_ROLE=supervisor: as a supervisor, with a device of its own).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

(cd ui && npm run build)
cargo build -p vigil-server -p vigil-app
source scripts/lib/office.sh

demo_dir="${VIGIL_DEMO_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/vigil-demo}"
mkdir -p "$demo_dir"
start_demo_office "$demo_dir/office" "${VIGIL_PORT:-8750}"
echo "Vigil: central office at $OFFICE_URL (data in $demo_dir/office)"

role="${VIGIL_DEMO_ROLE:-lead}"
case "$role" in
  lead) device="$demo_dir/device" ;;
  inspector | supervisor) device="$demo_dir/device-$role" ;;
  *) echo "VIGIL_DEMO_ROLE must be lead, inspector or supervisor, not '$role'" >&2; exit 2 ;;
esac
export VIGIL_DATA_DIR="$device" VIGIL_SERVER_URL="$OFFICE_URL"
# Reports and exports of the demo land beside its data.
export VIGIL_EXPORT_DIR="${VIGIL_EXPORT_DIR:-$demo_dir/exports}"
# The device store is encrypted. For the demo only, VIGIL_PASSPHRASE unlocks it at start
# (a real device asks its person); the lock screen takes the same passphrase after an
# auto-lock or "Lock now".
export VIGIL_PASSPHRASE="${VIGIL_PASSPHRASE:-demo-passphrase}"
echo "Vigil: the demo device is unlocked with the demo passphrase '$VIGIL_PASSPHRASE'"
# A demo device from before encryption (a plain store, no vault) cannot be opened: start
# it again; its data comes back from the central office.
if [ -f "$VIGIL_DATA_DIR/device.db" ] && [ ! -f "$VIGIL_DATA_DIR/vault.json" ]; then
  echo "Vigil: replacing the unencrypted demo device in $VIGIL_DATA_DIR"
  rm -rf "$VIGIL_DATA_DIR"
fi
# A fresh code on every run: the app trades it only while the device is not enrolled, so
# an enrolment that failed (office down, code expired) is tried again; an unused code
# expires within the hour.
VIGIL_ENROL_CODE=$(enrolment_code "$demo_dir/office" "$role")
export VIGIL_ENROL_CODE
if [ ! -f "$VIGIL_DATA_DIR/device.db" ]; then
  echo "Vigil: enrolling the demo device as the first demo $role"
fi

app="${CARGO_TARGET_DIR:-target}/debug/vigil-app"
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found: running the window inside a virtual X server (xvfb-run)."
  xvfb-run -a -s "-screen 0 1280x800x24" "$app"
else
  "$app"
fi
