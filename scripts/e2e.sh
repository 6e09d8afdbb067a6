#!/usr/bin/env bash
# The real app window driven over WebDriver (tauri-driver + WebKitWebDriver under a private
# Xvfb display) against a real central office: tests/e2e. Screenshots go to
# target/screenshots/e2e-*.png.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -p vigil-app
# One scenario at a time: each runs one or two WebKit windows, and more at once starve a small machine.
# `installed` and `updated` drive the app a package installed: scripts/test.sh runs them
# after building and installing the packages, and `figures` on it too (scripts/app-figures.sh).
cargo test -p vigil-tests --features e2e --test e2e -- --test-threads=1 --skip installed:: --skip updated:: --skip figures::
