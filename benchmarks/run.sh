#!/usr/bin/env bash
# Cold-start benchmarks (see BENCHMARKS.md).
#
#   benchmarks/run.sh                 # what `make bench` runs: all six functions under Lambda's runtime
#                                     # interface client, PAIRS=7 paired runs each, then the submit harness
#   PAIRS=11 benchmarks/run.sh        # more pairs under the runtime client
#   HARNESS=0 benchmarks/run.sh       # skip the second view (the submit function in ColdStartHarness)
#   RUNS=9 benchmarks/run.sh          # pairs per setting of the second view (default 5 here)
#   BENCH_BUILD=0 benchmarks/run.sh   # skip the Maven build (jars already built)
#   HARNESS=0 BENCH_ARTIFACTS=/tmp/jars benchmarks/run.sh   # another build's <module>-lambda.jar files
#                                     # under the runtime client (e.g. before a change); printed, not written
#   HARNESS=0 PAIRS=1 BENCH_JAVA_TOOL_OPTIONS=-Xlog:class+load benchmarks/run.sh   # a check: which classes
#                                     # each process loads (logs in benchmarks/target/bench-ric/runs/); printed only
#   MAVEN_ARGS=-o benchmarks/run.sh   # build offline
#
# Builds the functions' artifacts and the benchmark's jars, starts moto_server on a free port,
# creates the template's resources, runs the paired processes, and writes the results tables into
# BENCHMARKS.md (between its ric:begin/ric:end and bench:begin/bench:end markers) and prints them.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

command -v java >/dev/null || { echo "java is not on the PATH (Java 17 or later is needed)." >&2; exit 1; }
if ! command -v moto_server >/dev/null; then
  echo "moto_server is not on the PATH. Install it with: pip install 'moto[server]'" >&2
  exit 1
fi

if [ "${BENCH_BUILD:-1}" != 0 ]; then
  command -v mvn >/dev/null || { echo "mvn is not on the PATH." >&2; exit 1; }
  echo "Building the functions' artifacts and the benchmark jars ..."
  # shellcheck disable=SC2086
  mvn -B -q ${MAVEN_ARGS:-} install -DskipTests -pl benchmarks -am
fi

for f in functions/{submit-booking,notify-coordinator,manage-booking,follow-up,mail-events,console,overview-rows}/target/*-lambda.jar \
         benchmarks/target/ric-floor-lambda.jar benchmarks/target/floor-lambda.jar \
         benchmarks/target/benchmarks-harness.jar benchmarks/target/aws-lambda-java-serialization.jar \
         benchmarks/target/benchmarks.jar benchmarks/target/runner.classpath; do
  [ -f "$f" ] || { echo "$f is missing: run without BENCH_BUILD=0." >&2; exit 1; }
done

# The runner itself is an ordinary JVM; only the processes it starts are measured.
classpath="benchmarks/target/benchmarks.jar:$(cat benchmarks/target/runner.classpath)"
java -cp "$classpath" se.smartcitysweden.booking.bench.runner.RuntimeColdStartBenchmark "$repo"
if [ "${HARNESS:-1}" != 0 ]; then
  echo
  echo "Second view: the submit function in ColdStartHarness (RUNS=${RUNS:-5}) ..."
  if [ ! -x /usr/bin/time ]; then
    echo "note: /usr/bin/time is missing (apt-get install time); peak RSS falls back to VmHWM from /proc." >&2
  fi
  RUNS=${RUNS:-5} java -cp "$classpath" se.smartcitysweden.booking.bench.runner.ColdStartBenchmark "$repo"
fi
