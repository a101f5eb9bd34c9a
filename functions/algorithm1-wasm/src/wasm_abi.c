/*
 * The WASMF guest ABI's allocator (invoker/README.md, "WASMF"): the invoker calls
 * tempos_alloc(size) right after instantiating the module, once for the input and once for the
 * output region, then tempos_main(in_ptr, in_len, out_ptr, out_cap) per event. A bump
 * allocator is all that needs: nothing is ever freed, as an instance either serves one event
 * (the default) or keeps its two regions for good (mode = "warm").
 */
#include <stdint.h>

extern unsigned char __heap_base; /* set by wasm-ld: the first byte after the stack and data */

static uintptr_t heap_next;

__attribute__((export_name("tempos_alloc")))
uint32_t tempos_alloc(uint32_t size)
{
    if (heap_next == 0)
        heap_next = (uintptr_t)&__heap_base;
    uintptr_t start = (heap_next + 15) & ~(uintptr_t)15;
    if (size > UINT32_MAX - start)
        return 0;
    uintptr_t end = start + size;
    uintptr_t have = __builtin_wasm_memory_size(0) * 65536u;
    if (end > have && __builtin_wasm_memory_grow(0, (end - have + 65535) / 65536) == (uintptr_t)-1)
        return 0; /* the invoker's max-memory-mb, or 4 GiB */
    heap_next = end;
    return (uint32_t)start;
}
