#!/usr/bin/env bash
# Runs Vigil with demo data: builds the UI and the app, fills a device store with
# realistic fictional data (once), and opens the app window.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

(cd ui && npm run build)
cargo build -p vigil-app -p vigil-demo
target_dir="${CARGO_TARGET_DIR:-target}"

data_dir="${VIGIL_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/vigil-demo}"
if [ ! -f "$data_dir/device.db" ]; then
  mkdir -p "$data_dir"
  "$target_dir/debug/vigil-demo" --db "$data_dir/device.db"
fi

echo "Vigil: device data in $data_dir"
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found: running the window inside a virtual X server (xvfb-run)."
  exec env VIGIL_DATA_DIR="$data_dir" xvfb-run -a -s "-screen 0 1280x800x24" "$target_dir/debug/vigil-app"
fi
exec env VIGIL_DATA_DIR="$data_dir" "$target_dir/debug/vigil-app"
