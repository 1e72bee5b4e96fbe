#!/usr/bin/env bash
# Cold-start benchmark of the submit function against a floor (see BENCHMARKS.md).
#
#   benchmarks/run.sh            # what `make bench` runs; RUNS=9 paired runs by default
#   RUNS=15 benchmarks/run.sh    # more pairs
#   BENCH_BUILD=0 benchmarks/run.sh   # skip the Maven build (jars already built)
#   MAVEN_ARGS=-o benchmarks/run.sh   # build offline
#
# Builds the function's artifact and the benchmark's jars, starts moto_server on a free port,
# creates the table from template.yaml, runs the paired processes, and writes the results
# table into BENCHMARKS.md (between its bench:begin/bench:end markers) and prints it.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

command -v java >/dev/null || { echo "java is not on the PATH (Java 17 or later is needed)." >&2; exit 1; }
if ! command -v moto_server >/dev/null; then
  echo "moto_server is not on the PATH. Install it with: pip install 'moto[server]'" >&2
  exit 1
fi
if [ ! -x /usr/bin/time ]; then
  echo "note: /usr/bin/time is missing (apt-get install time); peak RSS falls back to VmHWM from /proc." >&2
fi

if [ "${BENCH_BUILD:-1}" != 0 ]; then
  command -v mvn >/dev/null || { echo "mvn is not on the PATH." >&2; exit 1; }
  echo "Building the submit function's artifact and the benchmark jars ..."
  # shellcheck disable=SC2086
  mvn -B -q ${MAVEN_ARGS:-} install -DskipTests -pl benchmarks -am
fi

for f in functions/submit-booking/target/submit-booking-lambda.jar benchmarks/target/floor-lambda.jar \
         benchmarks/target/benchmarks-harness.jar benchmarks/target/aws-lambda-java-serialization.jar \
         benchmarks/target/benchmarks.jar benchmarks/target/runner.classpath; do
  [ -f "$f" ] || { echo "$f is missing: run without BENCH_BUILD=0." >&2; exit 1; }
done

# The runner itself is an ordinary JVM; only the processes it starts are measured.
exec java -cp "benchmarks/target/benchmarks.jar:$(cat benchmarks/target/runner.classpath)" \
  se.smartcitysweden.booking.bench.runner.ColdStartBenchmark "$repo"
