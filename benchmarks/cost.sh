#!/usr/bin/env bash
# How the scheduled follow-up's cost grows with the table (see BENCHMARKS.md).
#   benchmarks/cost.sh                     # SIZES=1000,5000,10000,20000,100000 (about 1.5 minutes)
#   SIZES=1000,10000 benchmarks/cost.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v moto_server >/dev/null || { echo "moto_server is not on the PATH. Install it with: pip install 'moto[server]'" >&2; exit 1; }
if [ "${BENCH_BUILD:-1}" != 0 ]; then
  # shellcheck disable=SC2086
  mvn -B -q ${MAVEN_ARGS:-} install -DskipTests -pl benchmarks -am
fi
exec java -cp "benchmarks/target/benchmarks.jar:$(cat benchmarks/target/runner.classpath)" \
  se.smartcitysweden.booking.bench.runner.DueWorkCostBenchmark "$(pwd)"
