#!/bin/sh
# Builds target/algorithm1 with rustc alone (no cargo, no crates). Without rustc the build goes
# on without it and says so; the tests that run it are then skipped with the same notice.
set -eu
out="$1"
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$out"
if ! command -v rustc >/dev/null 2>&1; then
  echo "NOTICE: rustc not found: skipping $out/algorithm1 (the Rust example of FSPAWN)"
  exit 0
fi
rustc -O --edition 2021 -o "$out/algorithm1" "$here/src/main.rs"
echo "built $out/algorithm1"
