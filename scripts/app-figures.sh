#!/usr/bin/env bash
# The app's figures (docs/performance.md): binary size, cold start to the first screen, and
# memory with a visit of 100 findings open, printed by tests/e2e/figures.rs under Xvfb.
#
#   scripts/app-figures.sh                      builds the app in `release` and measures it
#   scripts/app-figures.sh --profile dist       the packaged app's profile (much longer to build)
#   scripts/app-figures.sh --binary PATH        an app already built (e.g. /usr/bin/vigil-app)
set -euo pipefail
cd "$(dirname "$0")/.."

profile=release
binary=
usage="usage: $0 [--profile release|dist | --binary PATH]"
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) profile=${2:?$usage}; shift ;;
    --binary) binary=$(realpath "${2:?$usage}"); shift ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
  shift
done
if [ -z "$binary" ]; then
  (cd ui && npm run build)
  cargo build -p vigil-app --profile "$profile"
  binary=$(realpath -m "${CARGO_TARGET_DIR:-target}")/$profile/vigil-app
fi
VIGIL_APP_BIN=$binary cargo test -p vigil-tests --features e2e --test e2e figures:: -- --nocapture
