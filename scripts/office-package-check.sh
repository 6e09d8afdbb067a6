#!/usr/bin/env bash
# Installs the office's package built by scripts/package-office.sh on this machine and checks
# it as an administrator would use it: the vigil user and directories exist, the unit passes
# `systemd-analyze verify`, the shipped /etc/vigil/office.toml passes check-config, and the
# installed binary serves with it (as the vigil user, on a free loopback port) and answers
# /metrics. systemd does not run in CI, so the service is started by hand, not by systemctl.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
# cargo-deb writes under the target directory, which CI moves with CARGO_TARGET_DIR.
deb=$(ls -t "$(realpath -m "${CARGO_TARGET_DIR:-target}")"/debian/vigil-server_*.deb | head -n 1)
echo "office package: installing $deb"
# --reinstall: the same version built again is installed again.
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --reinstall "$deb" >/dev/null

getent passwd vigil >/dev/null || { echo "office package: no vigil user" >&2; exit 1; }
[ "$(stat -c %U /var/lib/vigil)" = vigil ] || { echo "office package: /var/lib/vigil is not vigil's" >&2; exit 1; }
dpkg-query -W -f='${Conffiles}\n' vigil-server | grep -q '/etc/vigil/office.toml' \
  || { echo "office package: /etc/vigil/office.toml is not a conffile" >&2; exit 1; }

if command -v systemd-analyze >/dev/null; then
  # It exits 0 on unknown keys and bad values, which it only prints: any word fails.
  said=$(systemd-analyze verify /usr/lib/systemd/system/vigil-office.service 2>&1)
  if [ -n "$said" ]; then
    echo "office package: systemd-analyze verify: $said" >&2
    exit 1
  fi
  echo "office package: systemd-analyze verify: unit fine"
else
  echo "office package: systemd-analyze not installed; unit not verified"
fi

as_vigil=("${as_root[@]}" setpriv --reuid=vigil --regid=vigil --init-groups)
"${as_vigil[@]}" /usr/bin/vigil-server check-config /etc/vigil/office.toml

log=$(mktemp)
NO_COLOR=1 "${as_vigil[@]}" /usr/bin/vigil-server serve --config /etc/vigil/office.toml --listen 127.0.0.1:0 2>"$log" &
office=$!
stop() { kill -INT "$office" 2>/dev/null || true; wait "$office" 2>/dev/null || true; }
trap stop EXIT
address=""
for _ in $(seq 1 100); do
  address=$(sed -n 's/.*central office listening.*address=\([0-9.:]*\).*/\1/p' "$log" | head -n 1)
  [ -n "$address" ] && break
  kill -0 "$office" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$address" ]; then
  echo "office package: the installed office did not start:" >&2
  cat "$log" >&2
  exit 1
fi
metrics=$(curl -fsS "http://$address/metrics")
echo "$metrics" | grep -q '^vigil_devices_enrolled ' \
  || { echo "office package: /metrics lacks vigil_devices_enrolled:" >&2; echo "$metrics" >&2; exit 1; }
echo "office package: the installed office serves on $address and answers /metrics"
