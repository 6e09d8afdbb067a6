#!/usr/bin/env bash
# Runs every test of Vigil: formatting, lints, all Rust tests, the UI's type check, unit
# tests and its screens in headless Chromium at phone and tablet size, and the real app
# window under Xvfb, started by a script and driven over WebDriver (screenshots land in
# target/screenshots/).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

# The app embeds the UI build, so it comes first.
(cd ui && npm run build)

cargo fmt --all --check
cargo clippy --workspace --all-targets --all-features -- -D warnings
cargo test --workspace

(cd ui && npm run check && npm test && npm run test:browser)

scripts/app-smoke.sh
scripts/e2e.sh
