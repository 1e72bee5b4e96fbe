#!/usr/bin/env bash
# Builds and deploys the stack to AWS with the SAM CLI: scripts/deploy.sh <dev|prod> [more sam deploy options]
#
# Adds the Release parameter: a hash of the built artifacts and of this environment's parameters.
# template.yaml names every function version after it (AutoPublishCodeSha256), so a deploy that
# changes code or configuration publishes new versions (and SnapStart snapshots) and moves the
# live aliases, and an unchanged deploy publishes nothing. (SAM alone derives versions from code
# and the unresolved environment, so a changed CoordinatorDirectory would never reach `live`.)
set -euo pipefail
cd "$(dirname "$0")/.."
env="${1:?usage: scripts/deploy.sh <dev|prod> [sam deploy options]}"; shift

scripts/check-tools.sh --deploy

overrides="$(python3 - "$env" <<'PY'
import sys, tomllib
config = tomllib.load(open("samconfig.toml", "rb"))
print(config.get(sys.argv[1], {}).get("deploy", {}).get("parameters", {}).get("parameter_overrides", ""))
PY
)"
[ -n "$overrides" ] || { echo "samconfig.toml has no [$env.deploy.parameters] parameter_overrides" >&2; exit 1; }

sam build --config-env "$env"
release="$(scripts/release-hash.sh .aws-sam/build "$overrides")"
echo "Release $release"
sam deploy --config-env "$env" --parameter-overrides "$overrides Release=$release" "$@"
