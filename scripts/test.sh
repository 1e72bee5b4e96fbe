#!/usr/bin/env bash
# `make test`: every check of the project, with its own set-up, run as much at once as two cores
# allow. Most of the integration tests wait on moto_server (one Python process each) or on a browser,
# so the independent parts overlap:
#
#   Maven Central's artifacts, sixteen at a time (fetch_maven_artifacts.py)   before 1
#   lints (cfn-lint, api/lint.sh, the scripts' Python tests), Chromium, npm ci   from the start
#   1. build: compile, thin jars, install (no tests, no deployment jars)
#   web/test.sh twice (browser tests, two local runtimes)        from 1 on
#   the ITs of local-aws, of shared, and of the functions (two at a time)   from 1 on
#   2. unit tests and the deployment jars (shade, ProGuard)       from 1 on
#   the ITs of local-runtime but ReliabilityIT (two JVMs)        from 2 on
#   scripts/built_template_test.py (sam build's targets)        from 2 on
#   ReliabilityIT (the local stack under load)                   after the browser tests
#
# Some tests measure time: ReliabilityIT's answers under load (a request that waits past the
# functions' time budget answers 503), a unit test's proxy without Nagle's delay. They run at normal
# priority, everything else that overlaps them `nice`; and ReliabilityIT not beside the browser tests,
# whose Chromium raises its own priority.
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
started=$(date +%s)
declare -A pid_of began_at finished
failed=()
summary=()

# start NAME COMMAND...: runs COMMAND in the background, its output in $logs/NAME.log.
start() {
  local name=$1; shift
  began_at[$name]=$(date +%s)
  ( "$@"; rc=$?; date +%s >"$logs/$name.ended"; exit $rc ) >"$logs/$name.log" 2>&1 &
  pid_of[$name]=$!
}

# finish NAME: waits for NAME, prints its log, and notes how it went.
finish() {
  local name=$1 rc=0
  wait "${pid_of[$name]}" || rc=$?
  local ended; ended=$(cat "$logs/$name.ended" 2>/dev/null || date +%s)
  local took=$((ended - ${began_at[$name]}))
  echo "=== $name ($took s, exit $rc) ==="
  cat "$logs/$name.log"
  summary+=("$(printf '%-20s %4d s, from %4d s to %4d s  %s' "$name" "$took" "$((${began_at[$name]} - started))" \
    "$((ended - started))" "$([[ $rc == 0 ]] && echo ok || echo FAILED)")")
  [[ $rc == 0 ]] || failed+=("$name")
  finished[$name]=1
}

# run NAME COMMAND...: in the foreground.
run() {
  start "$@"
  finish "$1"
}

report() {
  echo "=== make test: $(( $(date +%s) - started )) s ==="
  printf '%s\n' "${summary[@]}"
  if (( ${#failed[@]} )); then
    echo "FAILED: ${failed[*]}" >&2
    exit 1
  fi
}

scripts/check-tools.sh || exit 1

lints() {
  cfn-lint template.yaml && api/lint.sh && python3 scripts/template_test.py && python3 scripts/fetch_maven_artifacts_test.py
}
start lints nice -n 10 bash -c "$(declare -f lints); lints"
# The browser tests' tools (node, Chromium's headless shell, installed when missing) and packages, beside
# the build (web/test.sh checks them itself too, and runs npm ci when they are missing or stale).
web_packages() {
  scripts/check-tools.sh --browser || return 1
  if [[ ! -f web/node_modules/.package-lock.json || web/package-lock.json -nt web/node_modules/.package-lock.json ]]; then
    (cd web && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
start browser-set-up web_packages

# Maven Central's artifacts, sixteen downloads at a time: on a fresh machine Maven 3.8 took about 150 s to fetch
# them one after another, the cores idle (scripts/fetch_maven_artifacts.py; what it cannot fetch, Maven does).
run maven-artifacts env MVN="$MVN" python3 scripts/fetch_maven_artifacts.py

# 1. Everything compiled and installed, with local-runtime's class path and web/booking-rules.json.
run build $MVN -T 2 install -DskipTests -DskipLambdaJars
if (( ${#failed[@]} )); then finish lints; finish browser-set-up; report; fi

finish browser-set-up
# The browser tests on two local runtimes at once, each with its own moto_server and Chromium (web/test.sh
# takes free ports): the first part's files, and every other file in the second (a new file lands there,
# none is left out). The halves take about as long; one after the other they were the chain that waited.
browser_first=(tests/gallery-pages.test.js tests/console.test.js tests/booking.test.js tests/errors.test.js)
browser_second=()
for file in web/tests/*.test.js; do
  [[ " ${browser_first[*]} " == *" ${file#web/} "* ]] || browser_second+=("${file#web/}")
done
if [[ " ${failed[*]} " != *" browser-set-up "* ]]; then
  start browser-tests-1 web/test.sh "${browser_first[@]}"
  start browser-tests-2 web/test.sh "${browser_second[@]}"
fi
# The integration tests run failsafe's goals alone (no lifecycle), on what 1 installed (the functions'
# need no deployment jar; local-runtime's need 2's).
# Each failsafe run has a boot folder of its own (tempDir): surefire's unit-test run beside it in the same
# module deletes target/surefire when its fork ends, and a fork starting from there then fails to start.
# local-aws's, shared's and the functions' ITs in three Maven runs: in one, Maven's reactor would start the
# functions' only when shared's had ended, and shared's only when local-aws's had.
its() {
  $MVN "$@" failsafe:integration-test failsafe:verify -DtempDir=failsafe-its
}
start local-aws-its nice -n 10 bash -c "$(declare -f its); MVN='$MVN'; its -pl local-aws"
start shared-its nice -n 10 bash -c "$(declare -f its); MVN='$MVN'; its -pl shared"
start function-its nice -n 10 bash -c "$(declare -f its); MVN='$MVN'; its -T 2 -pl '!local-aws,!shared,!local-runtime,!benchmarks'"

# 2. The unit tests, then the deployment jars (shade, ProGuard). Nothing is compiled again, nor are the
# thin jars written again, which the browser tests' runtime has open; nor web/booking-rules.json.
run unit-tests-and-jars $MVN -T 2 verify -DskipITs -Dexec.skip

if [[ " ${failed[*]} " != *" unit-tests-and-jars "* ]]; then
  start local-runtime-its nice -n 10 $MVN -pl local-runtime failsafe:integration-test failsafe:verify '-Dit.test=*IT,!ReliabilityIT' -DtempDir=failsafe-its
  start built-template nice -n 10 env MVN="$MVN" python3 scripts/built_template_test.py
  for part in browser-tests-1 browser-tests-2; do [[ -n "${pid_of[$part]:-}" ]] && finish "$part"; done
  start reliability $MVN -pl local-runtime failsafe:integration-test failsafe:verify -Dit.test=ReliabilityIT -DitRun=reliability -DtempDir=failsafe-reliability
  finish built-template
  finish local-runtime-its
  finish reliability
fi
finish local-aws-its
finish shared-its
finish function-its
finish lints
for part in browser-tests-1 browser-tests-2; do
  [[ -n "${pid_of[$part]:-}" && -z "${finished[$part]:-}" ]] && finish "$part"
done
report
