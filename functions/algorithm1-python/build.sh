#!/bin/sh
# Copies the scripts into target/, where deployments and tests find them (the interpreter
# runs them as they are; python3 is needed at run time, not to build).
set -eu
out="$1"
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$out"
cp -p "$here"/src/*.py "$out"/
chmod +x "$out/algorithm1.py" "$out/algorithm1_worker.py"
