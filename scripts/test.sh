#!/usr/bin/env bash
# Runs every test of Vigil: formatting, lints, all Rust tests, a short fuzz of each target,
# the benchmarks at toy sizes, the UI's type check, unit tests and its screens in headless
# Chromium at phone and tablet size, and the real app window under Xvfb, started by a
# script and driven over WebDriver (screenshots land in target/screenshots/), and the app's
# .deb installed on this machine and started.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

# The app embeds the UI build, so it comes first.
(cd ui && npm run build)

cargo fmt --all --check
cargo clippy --workspace --all-targets --all-features -- -D warnings
cargo test --workspace

# Short versions of the harnesses, so they do not rot: each fuzz target for 30 s, and the
# benchmarks at toy sizes (figures from these mean nothing; see docs/performance.md).
scripts/fuzz.sh 30
cargo run -q -p vigil-bench -- load --devices 4 --rounds 2
cargo run -q -p vigil-bench -- store --records 2000

(cd ui && npm run check && npm test && npm run test:browser)

scripts/app-smoke.sh
scripts/e2e.sh

# The app as a field device gets it: its .deb built in the `dist` profile, installed here,
# and the installed /usr/bin/vigil-app started under Xvfb against a real office (it prints
# its cold start; target/screenshots/installed-first-screen.png). docs/distribution.md
scripts/package.sh --deb-only
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
deb=$(ls -t "$(realpath -m "${CARGO_TARGET_DIR:-target}")"/dist/bundle/deb/*.deb | head -n 1)
"${sudo_cmd[@]}" apt-get install -y -qq --reinstall "$deb"
cargo test -p vigil-tests --features e2e --test e2e installed:: -- --nocapture
