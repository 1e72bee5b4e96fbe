#!/usr/bin/env bash
# How complete SnapStart priming is, per function (see BENCHMARKS.md, "SnapStart priming").
#
#   benchmarks/priming.sh               # build, then RUNS=3 JVMs per function, primed and not
#   RUNS=5 BENCH_BUILD=0 benchmarks/priming.sh
#   RUNS=1 BENCH_BUILD=0 BENCH_JAVA_TOOL_OPTIONS=-Xlog:class+load:file=/tmp/priming/%p.log:uptime benchmarks/priming.sh
#                                       # which classes the first invocation still loads (between the
#                                       # PrimingProbe$FirstInvocation and $WarmInvocations lines)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
command -v moto_server >/dev/null || { echo "moto_server is not on the PATH: pip install 'moto[server]'" >&2; exit 1; }
if [ "${BENCH_BUILD:-1}" != 0 ]; then
  # shellcheck disable=SC2086
  mvn -B -q ${MAVEN_ARGS:-} install -DskipTests -pl benchmarks,functions/console -am
fi
classpath="benchmarks/target/benchmarks.jar:$(cat benchmarks/target/runner.classpath)"
java -cp "$classpath" se.smartcitysweden.booking.bench.runner.PrimingBenchmark "$repo"
