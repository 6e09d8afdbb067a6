#!/usr/bin/env bash
# Issue 13's reliability harnesses at full size (docs/reliability.md): a device and the
# office killed with SIGKILL, the fault soak, a full disk, a restored device. CI runs the
# short versions inside `cargo test --workspace`; the sizes below are overridable.
set -euo pipefail
cd "$(dirname "$0")/.."

VIGIL_CRASH_ITERATIONS="${VIGIL_CRASH_ITERATIONS:-250}" VIGIL_CRASH_OFFICE_KILLS="${VIGIL_CRASH_OFFICE_KILLS:-60}" \
  cargo test -p vigil-tests --test crash
VIGIL_SOAK_RUNS="${VIGIL_SOAK_RUNS:-30}" VIGIL_SOAK_ROUNDS="${VIGIL_SOAK_ROUNDS:-20}" \
  cargo test -p vigil-tests --test sync soak -- --nocapture
cargo test -p vigil-store --test store disk_full
cargo test -p vigil-tests --test sync restored
cargo test -p vigil-tests --test sync clocks
