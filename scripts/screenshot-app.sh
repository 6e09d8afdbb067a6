#!/usr/bin/env bash
# Screenshot the built Vigil app on a private X display.
#
#   scripts/screenshot-app.sh DATA_DIR OUT.png [WIDTHxHEIGHT]
#
# Runs $CARGO_TARGET_DIR/debug/vigil-app (or target/debug/vigil-app; override with
# VIGIL_APP_BIN) with VIGIL_DATA_DIR=DATA_DIR on a fresh Xvfb display of the given
# size (default 1024x768), waits for the window and for it to draw, saves the
# screen to OUT.png, then stops the app and Xvfb, also on error or Ctrl-C.
# Needs: Xvfb, ImageMagick (import, convert); xdotool if present (resizes the window
# to the screen; without it the window keeps its configured 1024x768).
set -euo pipefail

die() { echo "screenshot-app: $*" >&2; exit 1; }

[[ $# -ge 2 && $# -le 3 ]] || die "usage: $0 DATA_DIR OUT.png [WIDTHxHEIGHT]"
data_dir=$1
out=$2
size=${3:-1024x768}
[[ $size =~ ^([0-9]+)x([0-9]+)$ ]] || die "size must be WIDTHxHEIGHT, not '$size'"
width=${BASH_REMATCH[1]}
height=${BASH_REMATCH[2]}
timeout_s=${SCREENSHOT_TIMEOUT:-60}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${VIGIL_APP_BIN:-${CARGO_TARGET_DIR:-$root/target}/debug/vigil-app}
[[ -x $bin ]] || die "no app binary at $bin: run 'cargo build -p vigil-app' first (with the same CARGO_TARGET_DIR)"
for tool in Xvfb import convert; do
  command -v "$tool" >/dev/null || die "$tool is not installed"
done
mkdir -p "$(dirname "$out")"
[[ -e $data_dir ]] || mkdir -p "$data_dir"
data_dir=$(realpath "$data_dir")

work=$(mktemp -d)
xvfb_pid=""
app_pid=""
cleanup() {
  local status=$?
  set +e
  for pid in $app_pid $xvfb_pid; do
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  if [[ $status -ne 0 && -s $work/app.log ]]; then
    echo "--- app log (last 30 lines) ---" >&2
    tail -n 30 "$work/app.log" >&2
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A free display: no lock file and no socket.
display=""
for n in $(seq 90 199); do
  if [[ ! -e /tmp/.X$n-lock && ! -e /tmp/.X11-unix/X$n ]]; then display=":$n"; break; fi
done
[[ -n $display ]] || die "no free X display between :90 and :199"

Xvfb "$display" -screen 0 "${width}x${height}x24" -nolisten tcp -noreset >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
export DISPLAY=$display

deadline=$((SECONDS + timeout_s))
until xwininfo -root >/dev/null 2>&1; do
  kill -0 "$xvfb_pid" 2>/dev/null || die "Xvfb did not start: $(cat "$work/xvfb.log")"
  ((SECONDS < deadline)) || die "Xvfb did not answer within ${timeout_s}s"
  sleep 0.2
done

# Software rendering: Xvfb has no GPU, and WebKitGTK's DMA-BUF renderer would draw nothing.
VIGIL_DATA_DIR=$data_dir WEBKIT_DISABLE_DMABUF_RENDERER=1 LIBGL_ALWAYS_SOFTWARE=1 \
  "$bin" >"$work/app.log" 2>&1 &
app_pid=$!

find_window() {
  if command -v xdotool >/dev/null; then
    xdotool search --onlyvisible --name '^Vigil$' 2>/dev/null | head -n 1 || true
  else
    xwininfo -root -tree 2>/dev/null | awk '/"Vigil"/ { print $1; exit }' || true
  fi
}

window=""
until [[ -n $window ]]; do
  kill -0 "$app_pid" 2>/dev/null || die "the app exited before showing its window"
  ((SECONDS < deadline)) || die "no Vigil window within ${timeout_s}s"
  sleep 0.5
  window=$(find_window)
done

if command -v xdotool >/dev/null; then
  xdotool windowmove "$window" 0 0 windowsize "$window" "$width" "$height" || true
fi

# The window maps before the web view has drawn: wait until the screen holds more
# than a handful of colours (text is antialiased) and two shots in a row agree.
previous=""
while :; do
  kill -0 "$app_pid" 2>/dev/null || die "the app exited while drawing"
  sleep 1
  import -window root "$work/shot.png"
  colours=$(convert "$work/shot.png" -format %k info:)
  digest=$(convert "$work/shot.png" -format %# info:)
  if ((colours > 64)) && [[ $digest == "$previous" ]]; then break; fi
  previous=$digest
  ((SECONDS < deadline)) || { echo "screenshot-app: the view did not settle within ${timeout_s}s; saving what shows" >&2; break; }
done

mv "$work/shot.png" "$out"
echo "screenshot-app: saved $out (${width}x${height}, $colours colours)"
