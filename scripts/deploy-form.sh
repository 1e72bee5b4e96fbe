#!/usr/bin/env bash
# Uploads the form's static files to the stack's bucket and clears CloudFront's cache:
# scripts/deploy-form.sh <stack name>   (the stack was deployed with HostForm=true)
set -euo pipefail
cd "$(dirname "$0")/.."
stack="${1:?usage: scripts/deploy-form.sh <stack name>}"
command -v aws >/dev/null || { echo "the aws CLI is needed: pip install awscli" >&2; exit 1; }
output() { aws cloudformation describe-stacks --stack-name "$stack" --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text; }
bucket="$(output FormBucketName)"
[ -n "$bucket" ] && [ "$bucket" != "None" ] || { echo "$stack has no FormBucketName output: deploy it with HostForm=true" >&2; exit 1; }
[ -f web/booking-rules.json ] || mvn -q -B install -DskipTests -pl shared -am
aws s3 sync web/ "s3://$bucket/" --delete --exclude '*' --include '*.js' --include '*.css' --include '*.html' \
    --include 'booking-rules.json' --exclude 'node_modules/*' --exclude 'tests/*' --exclude 'tools/*' --exclude 'build/*'
distribution="$(aws cloudfront list-distributions --query "DistributionList.Items[?Origins.Items[0].DomainName=='$bucket.s3.$(aws configure get region).amazonaws.com'].Id | [0]" --output text)"
[ -n "$distribution" ] && [ "$distribution" != "None" ] && aws cloudfront create-invalidation --distribution-id "$distribution" --paths '/*' >/dev/null
echo "uploaded web/ to s3://$bucket; the script is at $(output FormScriptUrl)"
