#!/bin/sh
# Copies the scripts into target/, where deployments and tests find them (node is needed at
# run time, not to build).
set -eu
out="$1"
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$out"
cp -p "$here"/src/*.js "$out"/
chmod +x "$out/algorithm1.js" "$out/algorithm1-worker.js"
