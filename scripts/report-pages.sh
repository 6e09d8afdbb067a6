#!/usr/bin/env bash
# Renders the sample visit report's pages in Azerbaijani and Russian (full and public) to
# target/screenshots/report-*.png, to look at; the test also checks each page for ink and
# for text running into the right margin. Needs pdftoppm (poppler-utils, scripts/setup.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo test -q -p vigil-report --test report pages::
ls -1 "${CARGO_TARGET_DIR:-target}"/screenshots/report-*.png
