#!/usr/bin/env bash
# Builds the Lambda deployment package for the dotnet10 managed runtime: a framework-dependent publish of
# src/Tributary.Aws for linux-arm64 (the template's architecture), zipped. Usage: deploy/package.sh [output.zip]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
output="${1:-$root/artifacts/tributary-lambda.zip}"
publish="$root/artifacts/lambda-publish"
rm -rf "$publish"
dotnet publish "$root/src/Tributary.Aws/Tributary.Aws.csproj" -c Release -r linux-arm64 --self-contained false -o "$publish"
mkdir -p "$(dirname "$output")"
rm -f "$output"
(cd "$publish" && python3 -c "import shutil,sys; shutil.make_archive(sys.argv[1], 'zip', '.')" "${output%.zip}")
echo "$output"
