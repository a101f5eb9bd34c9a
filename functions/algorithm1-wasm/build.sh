#!/bin/sh
# Builds target/algorithm1.wasm: algorithm1-c/src/algorithm1.c, unchanged, for wasm32 without a
# libc (src/freestanding.c supplies the few functions it calls), plus the guest ABI's allocator
# (src/wasm_abi.c). Needs clang and lld (Debian: apt-get install clang lld); without them the
# build goes on without the module and says so, and the tests that need it fail with a message.
set -eu
out="$1"
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$out"
if ! command -v clang >/dev/null 2>&1 || ! command -v wasm-ld >/dev/null 2>&1; then
  echo "NOTICE: clang or wasm-ld (lld) not found: skipping $out/algorithm1.wasm (apt-get install clang lld)"
  exit 0
fi
# -fno-builtin: clang must not turn the loops of freestanding.c into calls of themselves.
clang --target=wasm32 -O2 -nostdlib -ffreestanding -fno-builtin -Wall -Wextra -Werror \
  -I"$here/src/freestanding" -I"$here/../algorithm1-c/src" \
  -Wl,--no-entry -Wl,--export=tempos_main -Wl,--export=tempos_alloc -Wl,-z,stack-size=16384 \
  -o "$out/algorithm1.wasm" \
  "$here/../algorithm1-c/src/algorithm1.c" "$here/src/freestanding.c" "$here/src/wasm_abi.c"
echo "built $out/algorithm1.wasm"
