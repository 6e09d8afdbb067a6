#!/usr/bin/env bash
# Builds the Vigil app's Linux packages with the Tauri CLI (ui/node_modules/.bin/tauri) in
# the `dist` profile (Cargo.toml: LTO, one codegen unit, stripped):
#
#   scripts/package.sh               .deb, .rpm and AppImage
#   scripts/package.sh --deb-only    only the .deb (what CI installs and tests)
#   scripts/package.sh --no-appimage .deb and .rpm
#
# and, with any of those, for packages that update themselves through the office:
#
#   --updater-key FILE.pub   the public key (`tauri signer generate -w FILE`) the app will
#                            check every new version against; without it the app takes none
#   --version V              the version to build (default: the workspace's)
#   --sign-with FILE         the private key: writes each package's .sig for
#                            `vigil-server release publish` (password in
#                            TAURI_SIGNING_PRIVATE_KEY_PASSWORD, empty if unset)
#
# They land in $CARGO_TARGET_DIR/dist/bundle/{deb,rpm,appimage}/ (target/ by default).
# The AppImage needs AppRun, linuxdeploy and its plugins, which the Tauri CLI downloads
# from GitHub: without them in ~/.cache/tauri/ it fails, and this script says so after the
# other packages are built. docs/distribution.md tells what each package needs.
set -euo pipefail
cd "$(dirname "$0")/.."

bundles=deb,rpm
appimage=yes
updater_key=
version=
signing_key=
usage="usage: $0 [--deb-only | --no-appimage] [--updater-key FILE.pub] [--version V] [--sign-with FILE]"
while [ $# -gt 0 ]; do
  case "$1" in
    --deb-only) bundles=deb; appimage=no ;;
    --no-appimage) appimage=no ;;
    --updater-key) updater_key=$(realpath "${2:?$usage}"); shift ;;
    --version) version=${2:?$usage}; shift ;;
    --sign-with) signing_key=$(realpath "${2:?$usage}"); shift ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
  shift
done
# What the build changes of src-tauri/tauri.conf.json: the key and the version.
config=$(node -e '
  const [key, version] = process.argv.slice(1);
  const config = {};
  if (key) config.plugins = { updater: { pubkey: require("fs").readFileSync(key, "utf8").trim() } };
  if (version) config.version = version;
  console.log(JSON.stringify(config));
' "$updater_key" "$version")

scripts/setup.sh
(cd ui && npm run build)

tauri=$PWD/ui/node_modules/.bin/tauri
out=$(realpath -m "${CARGO_TARGET_DIR:-target}")/dist/bundle

cd src-tauri
"$tauri" build --ci --config "$config" --bundles "$bundles" -- --profile dist
if [ -n "$signing_key" ]; then
  signed=${version:-$(node -p 'require("./tauri.conf.json").version ?? ""')}
  [ -n "$signed" ] || signed=$(cargo metadata --no-deps --format-version 1 | node -p 'JSON.parse(require("fs").readFileSync(0)).packages.find(p => p.name === "vigil-app").version')
  for package in "$out"/deb/*_"${signed}"_*.deb "$out"/rpm/*-"${signed}"-*.rpm; do
    [ -f "$package" ] || continue
    "$tauri" signer sign --private-key-path "$signing_key" --password "${TAURI_SIGNING_PRIVATE_KEY_PASSWORD:-}" \
      --app-version "$signed" "$package" >/dev/null
    echo "package: signed $package for version $signed ($package.sig)"
  done
fi
if [ "$appimage" = yes ]; then
  # The binary is built (cargo has nothing to do); `tauri bundle` would look in target/release.
  if ! "$tauri" build --ci --config "$config" --bundles appimage -- --profile dist; then
    echo "package: no AppImage: the Tauri CLI could not get AppRun and linuxdeploy (it downloads them from GitHub);" \
      "see docs/distribution.md. The other packages are in $out" >&2
    exit 1
  fi
fi

echo "package: built in $out:"
find "$out" -maxdepth 2 -type f \( -name '*.deb' -o -name '*.rpm' -o -name '*.AppImage' -o -name '*.sig' \) -printf '  %p  %s bytes\n'
