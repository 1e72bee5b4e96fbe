#!/usr/bin/env bash
# Checks that the tools the build, the tests and the local run need are here, and says how
# to install what is missing. Usage: scripts/check-tools.sh [--browser | --deploy]
# --deploy: only what building and deploying to AWS needs (java, mvn, the JDK's jmods, sam, python3),
# not the local emulator nor the linter.
set -euo pipefail
missing=0
mode="${1:-}"
need() { # need <command> <how to install>
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "missing: $1 — install it with: $2" >&2
    missing=1
  fi
}
need java "apt-get install -y openjdk-17-jdk-headless (Java 17 or newer)"
need mvn "apt-get install -y maven (3.8 or newer)"
if [ "$mode" = "--deploy" ]; then
  need sam "pip install aws-sam-cli (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/install-sam-cli.html)"
  need python3 "apt-get install -y python3 (3.11 or newer: scripts/deploy.sh reads samconfig.toml with tomllib)"
else
  need moto_server "pip install 'moto[server]>=5.1' (the local AWS emulator)"
  need cfn-lint "pip install cfn-lint (validates template.yaml)"
fi

# The deployment jars' ProGuard step reads the JDK's classes from its jmods (root pom.xml).
if command -v java >/dev/null 2>&1; then
  java_home=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.home = //p')
  if [ ! -f "$java_home/jmods/java.base.jmod" ]; then
    echo "missing: $java_home/jmods — the build shrinks the Lambda jars with ProGuard, which reads the JDK's jmods;" \
      "use a JDK that has them (Debian/Ubuntu: apt-get install -y openjdk-17-jdk-headless, which ships them)" >&2
    missing=1
  fi
fi

if [ "$mode" = "--browser" ]; then
  need node "install Node.js 20 (https://nodejs.org or apt-get install -y nodejs npm)"
  need npm "apt-get install -y npm"
  # The browser tests drive Debian's headless shell of Chromium (web/tests/helpers.js).
  if [ -z "${CHROMIUM:-}" ] && [ ! -x /usr/lib/chromium/chromium-headless-shell ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
      echo "installing Debian's chromium-headless-shell for the browser tests..." >&2
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell >/dev/null) \
        || { echo "could not install it; run: apt-get install -y chromium-headless-shell" >&2; missing=1; }
    else
      echo "missing: chromium-headless-shell — install it with: sudo apt-get install -y chromium-headless-shell" \
        "(or run the browser tests in another Chromium: CHROMIUM=/path/to/chrome)" >&2
      missing=1
    fi
  fi
fi
exit $missing
