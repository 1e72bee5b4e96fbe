#!/usr/bin/env bash
# `make test`: every check of the project, with its own set-up, run as much at once as two cores
# allow. Most of the integration tests wait on moto_server (one Python process each) or on a browser,
# so the independent parts overlap:
#
#   lints (cfn-lint, api/lint.sh, template_test.py) and npm ci      from the start
#   1. build: compile, thin jars, install (no tests, no deployment jars)
#   web/test.sh (browser tests against the local runtime)             from 1 on
#   2. unit tests and the deployment jars (shade, ProGuard)
#   the ITs of local-aws, shared and the functions                   from 2 on
#   the ITs of local-runtime (two JVMs)                               from 2 on
#   scripts/built_template_test.py (sam build's targets)             from 2 on
#
# Nothing is left out: the same tests as one `mvn install` followed by the browser tests. Each part
# writes its output to target/make-test/<part>.log, printed when the part ends; the end lists each
# part's time. MVN (default: mvn -B -q) is the Maven command.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
MVN="${MVN:-mvn -B -q}"
logs="target/make-test"
rm -rf "$logs"
mkdir -p "$logs"
started=$SECONDS
declare -A pid_of began_at
failed=()
summary=()

# start NAME COMMAND...: runs COMMAND in the background, its output in $logs/NAME.log.
start() {
  local name=$1; shift
  began_at[$name]=$SECONDS
  ( "$@" ) >"$logs/$name.log" 2>&1 &
  pid_of[$name]=$!
}

# finish NAME: waits for NAME, prints its log, and notes how it went.
finish() {
  local name=$1 rc=0
  wait "${pid_of[$name]}" || rc=$?
  local took=$((SECONDS - ${began_at[$name]}))
  echo "=== $name ($took s, exit $rc) ==="
  cat "$logs/$name.log"
  summary+=("$(printf '%-22s %4d s  from %4d s  %s' "$name" "$took" "$((${began_at[$name]} - started))" \
    "$([[ $rc == 0 ]] && echo ok || echo FAILED)")")
  [[ $rc == 0 ]] || failed+=("$name")
}

# run NAME COMMAND...: in the foreground.
run() {
  start "$@"
  finish "$1"
}

report() {
  echo "=== make test: $((SECONDS - started)) s ==="
  printf '%s\n' "${summary[@]}"
  if (( ${#failed[@]} )); then
    echo "FAILED: ${failed[*]}" >&2
    exit 1
  fi
}

scripts/check-tools.sh --browser || exit 1

lints() {
  cfn-lint template.yaml && api/lint.sh && python3 scripts/template_test.py
}
start lints lints
# The browser tests' packages (web/test.sh runs npm ci itself when they are missing or stale).
web_packages() {
  if [[ ! -f web/node_modules/.package-lock.json || web/package-lock.json -nt web/node_modules/.package-lock.json ]]; then
    (cd web && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
start npm-ci web_packages

# 1. Everything compiled and installed, with local-runtime's class path and web/booking-rules.json.
run build $MVN -T 2 install -DskipTests -DskipLambdaJars
if (( ${#failed[@]} )); then finish lints; finish npm-ci; report; fi

finish npm-ci
[[ " ${failed[*]} " == *" npm-ci "* ]] || start browser-tests web/test.sh

# 2. The unit tests, then the deployment jars (shade, ProGuard). Nothing is compiled again, nor are the
# thin jars written again, which the browser tests' runtime has open; nor web/booking-rules.json.
run unit-tests-and-jars $MVN -T 2 verify -DskipITs -Dexec.skip

if [[ " ${failed[*]} " != *" unit-tests-and-jars "* ]]; then
  # The integration tests, from what 1 installed and 2 packaged (failsafe's goals alone: no lifecycle).
  start local-runtime-its $MVN -pl local-runtime failsafe:integration-test failsafe:verify
  start function-its nice -n 5 $MVN -pl '!local-runtime,!benchmarks' failsafe:integration-test failsafe:verify
  start built-template nice -n 5 env MVN="$MVN" python3 scripts/built_template_test.py
  finish built-template
  finish function-its
  finish local-runtime-its
fi
finish lints
[[ -n "${pid_of[browser-tests]:-}" ]] && finish browser-tests
report
