#!/usr/bin/env bash
# The national overview over one busy year, read as the console reads it (see BENCHMARKS.md).
#   benchmarks/overview.sh                  # BOOKINGS=5000 RUNS=5
#   BOOKINGS=10000 benchmarks/overview.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v moto_server >/dev/null || { echo "moto_server is not on the PATH. Install it with: pip install 'moto[server]'" >&2; exit 1; }
if [ "${BENCH_BUILD:-1}" != 0 ]; then
  # shellcheck disable=SC2086
  mvn -B -q ${MAVEN_ARGS:-} install -DskipTests -pl benchmarks -am
fi
exec java -cp "benchmarks/target/benchmarks.jar:$(cat benchmarks/target/runner.classpath)" \
  se.smartcitysweden.booking.bench.runner.OverviewBenchmark "$(pwd)"
