#!/usr/bin/env bash
# Installs what Vigil needs to build, run and test on Debian 12 (idempotent).
# Sourced by run.sh and test.sh; safe to run on its own.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

APT_PACKAGES=(
  # Tauri 2 on Linux (https://v2.tauri.app/start/prerequisites/#linux)
  build-essential pkg-config curl file libwebkit2gtk-4.1-dev libssl-dev librsvg2-dev
  libayatana-appindicator3-dev libxdo-dev
  # SQLCipher's vendored OpenSSL is configured by perl
  perl
  # Headless window, screenshots and the WebDriver for end-to-end tests
  xvfb xauth imagemagick xdotool webkit2gtk-driver
  # The UI's screens in a browser at phone and tablet size (ui/tests, Playwright)
  chromium
  # A session bus for the single-instance guard in tests (tests/e2e/enrol_link.rs)
  dbus-daemon
  # Inspecting device databases in tests
  sqlite3
  # The visit report's pages as images, to look at (scripts/report-pages.sh)
  poppler-utils
  # `systemd-analyze verify` of the office package's unit (scripts/office-package-check.sh)
  systemd
  # The app's updater hands its new package to dpkg through pkexec, or sudo where there is
  # no polkit agent (as in CI, where tests/e2e/installed.rs updates the installed app)
  sudo
)

missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null; then
  echo "setup: Rust is missing; install it with rustup (https://rustup.rs), then run this again" >&2
  exit 1
fi
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' 2>/dev/null; then
  echo "setup: Node.js 20.19 or newer is needed for the UI build (Debian 12 ships 18): see https://nodejs.org/en/download" >&2
  exit 1
fi

# The WebDriver bridge to the app window, for the end-to-end tests.
if ! command -v tauri-driver >/dev/null; then
  cargo install tauri-driver --locked
fi

# Fuzzing (scripts/fuzz.sh): cargo-fuzz, run on stable Rust.
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi

# The UI's packages, reinstalled only when the lock file changed.
if [ ! -f ui/node_modules/.package-lock.json ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  (cd ui && npm ci --no-audit --no-fund)
fi
