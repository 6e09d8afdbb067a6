#!/usr/bin/env bash
# Builds the Vigil app's Linux packages with the Tauri CLI (ui/node_modules/.bin/tauri) in
# the `dist` profile (Cargo.toml: LTO, one codegen unit, stripped):
#
#   scripts/package.sh               .deb, .rpm and AppImage
#   scripts/package.sh --deb-only    only the .deb (what CI installs and tests)
#   scripts/package.sh --no-appimage .deb and .rpm
#
# They land in $CARGO_TARGET_DIR/dist/bundle/{deb,rpm,appimage}/ (target/ by default).
# The AppImage needs AppRun, linuxdeploy and its plugins, which the Tauri CLI downloads
# from GitHub: without them in ~/.cache/tauri/ it fails, and this script says so after the
# other packages are built. docs/distribution.md tells what each package needs.
set -euo pipefail
cd "$(dirname "$0")/.."

bundles=deb,rpm
appimage=yes
case "${1:-}" in
  "") ;;
  --deb-only) bundles=deb; appimage=no ;;
  --no-appimage) appimage=no ;;
  *) echo "usage: $0 [--deb-only | --no-appimage]" >&2; exit 2 ;;
esac

scripts/setup.sh
(cd ui && npm run build)

tauri=$PWD/ui/node_modules/.bin/tauri
out=$(realpath -m "${CARGO_TARGET_DIR:-target}")/dist/bundle

cd src-tauri
"$tauri" build --ci --bundles "$bundles" -- --profile dist
if [ "$appimage" = yes ]; then
  # The binary is built (cargo has nothing to do); `tauri bundle` would look in target/release.
  if ! "$tauri" build --ci --bundles appimage -- --profile dist; then
    echo "package: no AppImage: the Tauri CLI could not get AppRun and linuxdeploy (it downloads them from GitHub);" \
      "see docs/distribution.md. The other packages are in $out" >&2
    exit 1
  fi
fi

echo "package: built in $out:"
find "$out" -maxdepth 2 -type f \( -name '*.deb' -o -name '*.rpm' -o -name '*.AppImage' \) -printf '  %p  %s bytes\n'
