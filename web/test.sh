#!/usr/bin/env bash
# The booking form's browser tests, with their own set-up: Debian's chromium-headless-shell (installed when
# missing), the npm packages (npm ci), the rules file (mvn, when missing), then the local runtime
# (local-runtime/run.sh) on free ports with its own moto_server, the tests (npm test), and the
# runtime stopped again. Screenshots land in web/build/screenshots/, the runtime's log in
# web/build/local-runtime-<port>.log. Several runs may go at once (each has its own ports and log).
# Usage: web/test.sh [node's test options] [test files]  (e.g. --test-name-pattern=phone tests/pages.test.js)
set -euo pipefail
web="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$web/.." && pwd)"
cd "$root"

scripts/check-tools.sh --browser
command -v node >/dev/null && command -v npm >/dev/null || { echo "node and npm are needed" >&2; exit 1; }

if [[ ! -f web/booking-rules.json ]]; then
  echo "web/booking-rules.json is missing; building shared (mvn install) ..." >&2
  mvn -q -B install -DskipTests -pl shared -am
fi

# npm ci, unless node_modules already holds exactly the locked packages (npm ci would delete them
# under a run that is still using them).
if [[ ! -f web/node_modules/.package-lock.json || web/package-lock.json -nt web/node_modules/.package-lock.json ]]; then
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
fi

# A free port below the range the system hands out for port 0 and outgoing connections (as MotoServer.freePort):
# a port of that range found free may be handed to another socket (the runtime's own DynamoDB proxy took its API
# port once) before the runtime binds it. At random, so that the two browser halves seldom pick the same one.
free_port() {
  node -e "
    const net = require('net');
    let from = 49152;
    try { from = +require('fs').readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]; } catch (e) {}
    const low = Math.max(1024, from - 20000);
    const pick = (tries) => {
      const port = from - low >= 1000 && tries > 0 ? low + Math.floor(Math.random() * (from - low)) : 0;
      const s = net.createServer();
      s.once('error', () => pick(tries - 1));
      s.listen(port, () => { console.log(s.address().port); s.close(); });
    };
    pick(100);"
}
api_port="$(free_port)"; lambda_port="$(free_port)"; moto_port="$(free_port)"
while [[ "$lambda_port" == "$api_port" ]]; do lambda_port="$(free_port)"; done
while [[ "$moto_port" == "$api_port" || "$moto_port" == "$lambda_port" ]]; do moto_port="$(free_port)"; done

mkdir -p web/build
log="web/build/local-runtime-$api_port.log"
: >"$log"
# Nothing answers on the emulator's port, so the runtime starts moto_server there and stops it on exit.
# setsid: the runtime (and the build or moto_server it starts) is a process group of its own, stopped as one.
# The runtime's JVM runs a few minutes: C1 only and the serial collector spend half the CPU time of the defaults.
API_PORT="$api_port" LAMBDA_PORT="$lambda_port" AWS_ENDPOINT_URL="http://127.0.0.1:$moto_port" \
  JAVA_OPTS="${JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}" \
  setsid local-runtime/run.sh >"$log" 2>&1 &
runtime=$!
stop() {
  if kill -0 "$runtime" 2>/dev/null; then
    kill -TERM -- "-$runtime" 2>/dev/null || kill -TERM "$runtime" 2>/dev/null || true
    for _ in $(seq 30); do kill -0 "$runtime" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$runtime" 2>/dev/null || true
  fi
}
trap stop EXIT

echo "starting the local runtime (API :$api_port, moto :$moto_port; log $log) ..."
deadline=$((SECONDS + ${RUNTIME_START_TIMEOUT:-600}))
until grep -q "Local runtime ready" "$log" 2>/dev/null \
    && curl -fsS -o /dev/null "http://127.0.0.1:$api_port/index.html" 2>/dev/null; do
  if ! kill -0 "$runtime" 2>/dev/null; then echo "the local runtime stopped:" >&2; tail -30 "$log" >&2; exit 1; fi
  if (( SECONDS > deadline )); then echo "the local runtime did not start in time:" >&2; tail -30 "$log" >&2; exit 1; fi
  sleep 1
done

# The emulator checks IAM: the tests read the table as the local administrator the runtime printed.
admin="$(grep -o 'export AWS_ACCESS_KEY_ID=[^ ]* AWS_SECRET_ACCESS_KEY=[^ ]*' "$log" | head -1 || true)"
moto_key="$(sed -n 's/.*AWS_ACCESS_KEY_ID=\([^ ]*\).*/\1/p' <<<"$admin")"
moto_secret="$(sed -n 's/.*AWS_SECRET_ACCESS_KEY=\([^ ]*\).*/\1/p' <<<"$admin")"
cd web
# node takes its options before the script: options (--test-name-pattern=...) first, then the files given.
options=(); files=()
for arg in "$@"; do if [[ "$arg" == --* ]]; then options+=("$arg"); else files+=("$arg"); fi; done
export BASE_URL="http://127.0.0.1:$api_port" MOTO_URL="http://127.0.0.1:$moto_port" \
  MOTO_ACCESS_KEY_ID="${moto_key:-test}" MOTO_SECRET_ACCESS_KEY="${moto_secret:-test}"
# One node process for every file given (run-tests.js; default: every tests/*.test.js), one after another.
node "${options[@]}" run-tests.js "${files[@]}"
