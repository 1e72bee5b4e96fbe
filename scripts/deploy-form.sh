#!/usr/bin/env bash
# Uploads the form's static files to the stack's bucket and clears CloudFront's cache:
# scripts/deploy-form.sh <stack name>   (the stack was deployed with HostForm=true)
# Every step is checked: a missing output, a failed upload or an invalidation CloudFront did not
# accept stops the script with an error, never a success message.
set -euo pipefail
cd "$(dirname "$0")/.."
stack="${1:?usage: scripts/deploy-form.sh <stack name>}"
command -v aws >/dev/null || { echo "the aws CLI is needed: pip install awscli" >&2; exit 1; }
fail() { echo "deploy-form: $*" >&2; exit 1; }
output() { # output <key>: the stack's output, or nothing
  aws cloudformation describe-stacks --stack-name "$stack" --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue | [0]" --output text
}
required_output() { local value; value="$(output "$1")" || fail "cannot read the outputs of stack $stack"
  [ -n "$value" ] && [ "$value" != "None" ] || fail "$stack has no $1 output: deploy it with HostForm=true"
  printf '%s' "$value"; }
bucket="$(required_output FormBucketName)"
distribution="$(required_output FormDistributionId)"
script_url="$(required_output FormScriptUrl)"
if [ ! -f web/booking-rules.json ] || [ ! -d shared/target/classes ]; then
  mvn -q -B install -DskipTests -pl shared -am || fail "building web/booking-rules.json (mvn install -pl shared) failed"
  [ -f web/booking-rules.json ] || fail "the build wrote no web/booking-rules.json"
fi
# The nodes' minimum notice comes from the stack's CoordinatorDirectory: the form checks the same days as the server.
directory_file="$(mktemp)"
aws cloudformation describe-stacks --stack-name "$stack" \
    --query "Stacks[0].Parameters[?ParameterKey=='CoordinatorDirectory'].ParameterValue | [0]" --output text >"$directory_file" \
  || fail "cannot read the CoordinatorDirectory parameter of stack $stack"
mvn -q -B -pl shared dependency:build-classpath -Dmdep.outputFile=target/form-rules-classpath.txt -DincludeScope=runtime \
  || fail "reading shared's classpath failed"
java -cp "shared/target/classes:$(cat shared/target/form-rules-classpath.txt)" se.smartcitysweden.booking.validation.FormRules \
    web/booking-rules.json "@$directory_file" || fail "writing web/booking-rules.json with the nodes' minimum notice failed"
rm -f "$directory_file"
aws s3 sync web/ "s3://$bucket/" --delete --exclude '*' --include '*.js' --include '*.css' --include '*.html' \
    --include 'booking-rules.json' --exclude 'node_modules/*' --exclude 'tests/*' --exclude 'tools/*' --exclude 'build/*' \
  || fail "uploading web/ to s3://$bucket failed"
invalidation="$(aws cloudfront create-invalidation --distribution-id "$distribution" --paths '/*' --query 'Invalidation.Id' --output text)" \
  || fail "CloudFront refused the invalidation of distribution $distribution"
[ -n "$invalidation" ] && [ "$invalidation" != "None" ] || fail "CloudFront returned no invalidation for distribution $distribution"
echo "uploaded web/ to s3://$bucket; invalidation $invalidation of $distribution under way; the script is at $script_url"
