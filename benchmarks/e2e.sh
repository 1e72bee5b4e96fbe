#!/usr/bin/env bash
# Submit to both e-mails in the local stack, as `make run` starts it (see BENCHMARKS.md).
#   benchmarks/e2e.sh                        # BOOKINGS=100 one at a time, then CLIENTS=4 at once
#   BOOKINGS=300 CLIENTS=0 benchmarks/e2e.sh # one at a time only
set -euo pipefail
cd "$(dirname "$0")/.."
command -v moto_server >/dev/null || { echo "moto_server is not on the PATH. Install it with: pip install 'moto[server]'" >&2; exit 1; }
if [ "${BENCH_BUILD:-1}" != 0 ]; then
  # shellcheck disable=SC2086
  mvn -B -q ${MAVEN_ARGS:-} install -DskipTests -pl benchmarks -am
  # The local runtime's class path, as local-runtime/run.sh builds it: the runtime runs from it.
  # shellcheck disable=SC2086
  mvn -B -q ${MAVEN_ARGS:-} -pl local-runtime dependency:build-classpath \
      -Dmdep.outputFile=target/classpath.txt -DincludeScope=runtime
fi
exec java -cp "benchmarks/target/benchmarks.jar:$(cat benchmarks/target/runner.classpath)" \
  se.smartcitysweden.booking.bench.runner.EndToEndBenchmark "$(pwd)"
