#!/usr/bin/env bash
# Known security advisories against Vigil's dependencies: the Rust crates in Cargo.lock
# (cargo audit, RustSec's database) and the UI's runtime packages (npm audit --omit=dev;
# dev tools never ship). Fails on any advisory that is not accepted below.
#
# Not part of scripts/test.sh: CI reaches neither advisory source (RustSec's database is
# a git repository on GitHub; the npm registry as reached here answers its audit endpoint
# with 405). See "Supply chain" in docs/architecture.md. Run it on a machine that reaches
# both, e.g. before a release.
#
# With RustSec's database committed as supply-chain/advisory-db (its crates/ folder), the
# Rust half runs offline from that copy instead.
set -euo pipefail
cd "$(dirname "$0")/.."

# Accepted advisories, each with its reason. None yet: no machine of this project has
# reached the sources so far. Warnings (unmaintained crates, such as GTK 3's bindings that
# Tauri needs on Linux) are printed, not failed on.
CARGO_ACCEPTED=()

command -v cargo-audit >/dev/null || cargo install --locked cargo-audit
cargo_args=()
for id in "${CARGO_ACCEPTED[@]}"; do cargo_args+=(--ignore "$id"); done
if [ -d supply-chain/advisory-db/crates ]; then
  cargo_args+=(--db supply-chain/advisory-db --no-fetch --no-yanked)
fi
cargo audit "${cargo_args[@]}"

(cd ui && npm audit --omit=dev)
