#!/usr/bin/env bash
# Builds the central office's Debian package, target/debian/vigil-server_*.deb: the release
# binary, the systemd unit vigil-office.service, /etc/vigil/office.toml (a conffile) and the
# vigil system user made on install (crates/vigil-server/Cargo.toml [package.metadata.deb],
# crates/vigil-server/debian/). Extra arguments go to cargo-deb.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! cargo deb --version >/dev/null 2>&1; then
  cargo install --locked cargo-deb
fi
cargo deb -p vigil-server "$@"
