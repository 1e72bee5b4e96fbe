#!/usr/bin/env bash
# Lints the API contract (api/openapi.yaml) with Redocly CLI's recommended rules (api/redocly.yaml says
# which are off and why), pinned in api/package.json and package-lock.json. Fails on any error.
# Installs the locked packages (npm ci into api/node_modules) only when they are missing or older
# than the lock file, as web/test.sh does. Run: api/lint.sh (in `make test`).
set -euo pipefail
api="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$api"
command -v node >/dev/null && command -v npm >/dev/null || { echo "node and npm are needed (scripts/check-tools.sh --browser)" >&2; exit 1; }
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
# No usage data sent, no update notice.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
node_modules/.bin/redocly lint --config redocly.yaml --format=stylish openapi.yaml
