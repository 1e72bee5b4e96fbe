#!/usr/bin/env bash
# Runs the local runtime: template.yaml's resources in moto_server (started on 127.0.0.1:5000 unless
# AWS_ENDPOINT_URL points at an emulator that answers), its HTTP API on :3000 and Lambda's Invoke
# API on :3001. Builds what it needs first. Ctrl+C stops it (and the moto_server it started).
#
# Environment: AWS_ENDPOINT_URL (default http://127.0.0.1:5000), API_PORT (3000), LAMBDA_PORT (3001),
# BIND_HOST (127.0.0.1), PARAMETER_OVERRIDES ("SiteOrigins=https://a,https://b"; PublicBaseUrl is
# http://localhost:$API_PORT unless given, so that the links in the e-mails open the local pages),
# LOCAL_SCHEDULE (off: the schedules fire only when triggered at /_local/schedule),
# LOCAL_STREAM_RETRY_MAX_MILLIS (the longest wait between retries of a failed stream batch; 10000), MVN_ARGS (extra
# Maven options, e.g. -o), JAVA_OPTS.
#
# While it runs: the local mailbox at http://localhost:3000/_local/mail, the schedules at
# http://localhost:3000/_local/schedule (POST /_local/schedule/FollowUpFunction?at=2027-03-01T07:00:00%2B01:00
# fires one for any moment, as does aws lambda invoke --endpoint-url http://localhost:3001
# --function-name FollowUpFunction --payload '{"scheduledTime":"2027-03-01T07:00:00+01:00"}' out.json).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
classpath_file="local-runtime/target/classpath.txt"
mvn_args=(-q -B ${MVN_ARGS:-})

# Build when nothing is built yet or a source, resource or POM changed since the last build.
needs_build() {
  [[ -f "$classpath_file" && -d local-runtime/target/classes ]] || return 0
  [[ -n "$(find . -path ./web -prune -o -path '*/target' -prune -o \
      \( -name pom.xml -o -path '*/src/main/*' \) -type f -newer "$classpath_file" -print -quit)" ]]
}

if needs_build; then
  echo "Building (mvn install -DskipTests) ..."
  MVN="mvn ${mvn_args[*]}" python3 scripts/fetch_maven_artifacts.py || true
  mvn "${mvn_args[@]}" install -DskipTests
  mvn "${mvn_args[@]}" -pl local-runtime dependency:build-classpath \
      -Dmdep.outputFile=target/classpath.txt -DincludeScope=runtime
fi

export AWS_ENDPOINT_URL="${AWS_ENDPOINT_URL:-http://127.0.0.1:5000}"
# Throw-away credentials for the emulator; never real ones.
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
export AWS_REGION="${AWS_REGION:-eu-north-1}"
unset AWS_PROFILE AWS_SESSION_TOKEN

# Links in the e-mails (manage and feedback pages) point at this runtime unless PublicBaseUrl is given.
overrides="${PARAMETER_OVERRIDES:-}"
if [[ ! " $overrides" =~ [[:space:]]PublicBaseUrl= ]]; then
  overrides="PublicBaseUrl=http://localhost:${API_PORT:-3000}${overrides:+ $overrides}"
fi
# The "send a new request" links go to the form this runtime serves from web/ unless BookingFormUrl is given.
if [[ ! " $overrides" =~ [[:space:]]BookingFormUrl= ]]; then
  overrides="BookingFormUrl=http://localhost:${API_PORT:-3000}/national.html $overrides"
fi
export PARAMETER_OVERRIDES="$overrides"

# exec: Ctrl+C and kill reach the JVM, whose shutdown hook stops the servers and moto_server.
exec java -Dsun.net.http.allowRestrictedHeaders=true ${JAVA_OPTS:-} -cp "local-runtime/target/classes:$(cat "$classpath_file")" \
  se.smartcitysweden.booking.localruntime.LocalRuntime
