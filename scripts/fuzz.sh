#!/usr/bin/env bash
# Runs every fuzz target (fuzz/fuzz_targets) for SECONDS each (default 30), on stable Rust
# (cargo-fuzz needs nightly flags: RUSTC_BOOTSTRAP allows them) and without a sanitizer
# (SQLCipher's vendored C code is not built for one). A crash stops the run and leaves
# its input in fuzz/artifacts/TARGET/; replay it with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none TARGET fuzz/artifacts/TARGET/crash-…
# Usage: scripts/fuzz.sh [SECONDS] [TARGET…]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(push_request changes_page apply_ops import_files)

if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
export RUSTC_BOOTSTRAP=1
cargo fuzz build --sanitizer none
mkdir -p fuzz/logs
for target in "${targets[@]}"; do
  corpus="fuzz/corpus/$target"
  mkdir -p "$corpus"
  seeds=()
  [ -d "fuzz/seeds/$target" ] && seeds=("fuzz/seeds/$target")
  echo "fuzz: $target for ${seconds}s"
  log="fuzz/logs/$target.log"
  if ! cargo fuzz run --sanitizer none "$target" "$corpus" "${seeds[@]}" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "fuzz: $target failed (the input is in fuzz/artifacts/$target/, the log in $log)" >&2
    exit 1
  fi
  grep -E "^(Done |stat::number_of_executed_units|stat::new_units_added|stat::peak_rss_mb)" "$log" | tr '\n' ' '
  echo
done
