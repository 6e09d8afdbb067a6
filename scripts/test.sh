#!/usr/bin/env bash
# Runs every test of Vigil: formatting, lints, all Rust tests, a short fuzz of each target,
# the benchmarks at toy sizes, the office's Debian package built, installed and started,
# the UI's type check, unit tests and its screens in headless Chromium at phone and tablet
# size, the real app window under Xvfb, started by a script and driven over WebDriver
# (screenshots land in target/screenshots/), and the app's .deb installed on this machine
# and started.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

# The app embeds the UI build, and the office the console's (ui/dist-console), so it comes first.
(cd ui && npm run build)

cargo fmt --all --check
cargo clippy --workspace --all-targets --all-features -- -D warnings
cargo test --workspace

# Short versions of the harnesses, so they do not rot: each fuzz target for 30 s, and the
# benchmarks at toy sizes (figures from these mean nothing; see docs/performance.md).
scripts/fuzz.sh 30
cargo run -q -p vigil-bench -- load --devices 4 --rounds 2
cargo run -q -p vigil-bench -- store --records 2000 --runs 3
cargo run -q -p vigil-bench -- backup --records 2000 --photos 2 --photo-kb 100
cargo run -q -p vigil-bench -- sync --visits 20 --observations 5
cargo run -q -p vigil-bench -- sync --new-supervisor-device 3000
cargo run -q -p vigil-bench -- photos --photos 3 --photo-mb 0.3 --link-mbit 40 --rtt-ms 20 --cut-percent 30

# The office's Debian package (a release build: about 700 CPU-seconds, several minutes on
# 2 cores), installed on this machine and started from its shipped configuration. CI
# skips the debug-symbols package and strong compression.
scripts/package-office.sh --fast --no-dbgsym --strip
scripts/office-package-check.sh

# test:browser also runs the office console against the built vigil-server and a real device
# (ui/tests/console.test.mjs; it builds the binary and the field_device example first).
(cd ui && npm run check && npm test && npm run test:browser)

scripts/app-smoke.sh
scripts/e2e.sh

# The app as a field device gets it: its .deb built in the `dist` profile with a throwaway
# updater key, installed here, and the installed /usr/bin/vigil-app started under Xvfb
# against a real office (it prints its cold start; target/screenshots/installed-first-screen.png).
# Then version N+1, signed with that key, is published at an office and the installed app
# updates itself to it (tests/e2e/updated.rs). docs/distribution.md
keys=$(mktemp -d)
ui/node_modules/.bin/tauri signer generate --ci --password "" --write-keys "$keys/updates.key" >/dev/null
scripts/package.sh --deb-only --updater-key "$keys/updates.key.pub"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
bundles=$(realpath -m "${CARGO_TARGET_DIR:-target}")/dist/bundle/deb
version=$(cargo metadata --no-deps --format-version 1 | node -p 'JSON.parse(require("fs").readFileSync(0)).packages.find(p => p.name === "vigil-app").version')
next=$(node -p 'const [a, b, c] = process.argv[1].split("-")[0].split(".").map(Number); `${a}.${b}.${c + 1}`' "$version")
"${sudo_cmd[@]}" apt-get install -y -qq --reinstall --allow-downgrades "$bundles/Vigil_${version}_amd64.deb"
cargo test -p vigil-tests --features e2e --test e2e installed:: -- --nocapture
# Its figures (docs/performance.md): size, cold start, memory with a visit of 100 findings.
VIGIL_APP_BIN=/usr/bin/vigil-app cargo test -p vigil-tests --features e2e --test e2e figures:: -- --nocapture
scripts/package.sh --deb-only --updater-key "$keys/updates.key.pub" --version "$next" --sign-with "$keys/updates.key"
VIGIL_UPDATE_DEB="$bundles/Vigil_${next}_amd64.deb" VIGIL_UPDATE_VERSION="$next" VIGIL_UPDATER_KEY="$keys/updates.key.pub" \
  cargo test -p vigil-tests --features e2e --test e2e updated:: -- --nocapture
rm -rf "$keys"
