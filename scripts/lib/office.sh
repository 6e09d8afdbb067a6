# Starts a central office with demo data on a loopback port (sourced by run.sh and
# app-smoke.sh). Needs the vigil-server binary built; sets OFFICE_URL and OFFICE_PID and
# stops the office when the calling script exits.

# port_taken PORT: whether something already listens on 127.0.0.1:PORT.
port_taken() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# start_demo_office DATA_DIR PORT
# Refuses a port another program holds: a health answer from that program would pass
# for this office, and a device would then be enrolled against the wrong one.
start_demo_office() {
  local data=$1 port=$2
  local server="${CARGO_TARGET_DIR:-target}/debug/vigil-server"
  if port_taken "$port"; then
    echo "Port $port on 127.0.0.1 is taken by another program (another Vigil office still running?)." >&2
    echo "Stop that program, or choose another port, e.g. VIGIL_PORT=$((port + 1)) scripts/run.sh" >&2
    return 1
  fi
  if [ ! -f "$data/central.db" ]; then
    "$server" --data "$data" demo
  fi
  "$server" --data "$data" serve --listen "127.0.0.1:$port" &
  OFFICE_PID=$!
  trap 'kill $OFFICE_PID 2>/dev/null || true' EXIT
  OFFICE_URL="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do
    kill -0 "$OFFICE_PID" 2>/dev/null || { echo "the central office did not start" >&2; return 1; }
    if curl -fsS "$OFFICE_URL/api/v1/health" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "the central office did not answer on $OFFICE_URL" >&2
  return 1
}

# enrolment_code DATA_DIR ROLE: a one-time code, valid for an hour, for the first demo
# user with ROLE.
enrolment_code() {
  local data=$1 role=$2
  local email
  email=$(sqlite3 "$data/central.db" "SELECT email FROM user WHERE role = '$role' AND deleted = 0 ORDER BY email LIMIT 1")
  "${CARGO_TARGET_DIR:-target}/debug/vigil-server" --data "$data" device enrol-code --user "$email" --hours 1
}
