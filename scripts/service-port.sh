# Sourced by the scripts that start services with HTTP_PORT=0 (demo, bench-pipeline, ci/pipeline).
# service_port LOG: waits up to 10 s for the service writing LOG to log "HTTP listening" and prints
# the port it chose; returns 1 when it did not.
service_port() {
  local port=""
  for _ in $(seq 1 100); do
    port=$(grep -m1 'HTTP listening' "$1" 2>/dev/null | grep -o 'port=[0-9]*' | cut -d= -f2)
    [ -n "$port" ] && { echo "$port"; return 0; }
    sleep 0.1
  done
  return 1
}
