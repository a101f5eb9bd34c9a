#!/bin/sh
# Builds the tests' misbehaving C function three ways into $1 (target/test-native).
set -eu
out="$1"
here="$(cd "$(dirname "$0")" && pwd)"
runners="$here/../../../../functions/algorithm1-c/src"
mkdir -p "$out"
flags="-O1 -Wall -Wextra -Werror -I$runners -I$here/../../../../api/src/main/c"
gcc $flags -fPIC -shared -o "$out/libhostile.so" "$here/hostile.c"
gcc $flags -o "$out/hostile" "$runners/main.c" "$here/hostile.c"
gcc $flags -o "$out/hostile-worker" "$runners/worker.c" "$here/hostile.c"
