#!/usr/bin/env bash
# Prints the Release parameter for a build: sha256 over every built artifact (in a stable order)
# and the deploy's parameter overrides. Usage: scripts/release-hash.sh <build dir> "<overrides>"
set -euo pipefail
build="${1:?build dir}"; overrides="${2:-}"
{
  (cd "$build" && find . -type f \( -name '*.jar' -o -name 'template.yaml' \) | LC_ALL=C sort | xargs sha256sum)
  printf '%s\n' "$overrides"
} | sha256sum | cut -c1-64
