#!/usr/bin/env bash
# Builds the Lambda deployment package for the dotnet10 managed runtime: a framework-dependent publish of
# src/Tributary.Aws for linux-arm64 (the template's architecture), zipped. One package serves all four functions
# (extract, process, transform, load); each function's Handler names its class. Usage: deploy/package.sh [output.zip]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
output="${1:-$root/artifacts/tributary-lambda.zip}"
publish="$root/artifacts/lambda-publish"
rm -rf "$publish"
dotnet publish "$root/src/Tributary.Aws/Tributary.Aws.csproj" -c Release -r linux-arm64 --self-contained false -o "$publish"

# The handlers the template names must be in the assembly, and DuckDB (used by load) must be the arm64 build.
for handler in ExtractFunction ProcessFunction TransformFunction LoadFunction; do
  if ! grep -q -a "$handler" "$publish/Tributary.Aws.dll"; then
    echo "package.sh: $handler is missing from Tributary.Aws.dll; the template's handler would fail to load" >&2
    exit 1
  fi
done
if ! head -c 20 "$publish/libduckdb.so" | od -An -tx1 | tr -d ' \n' | grep -q '^7f454c46020101.*b700$'; then
  echo "package.sh: libduckdb.so is missing or not a linux-arm64 library" >&2
  exit 1
fi

mkdir -p "$(dirname "$output")"
rm -f "$output"
(cd "$publish" && python3 -c "import shutil,sys; shutil.make_archive(sys.argv[1], 'zip', '.')" "${output%.zip}")
echo "$output ($(du -k "$output" | cut -f1) KiB zipped, $(du -sk "$publish" | cut -f1) KiB unzipped; Lambda allows 50 MB zipped for direct upload, 250 MB unzipped)"
