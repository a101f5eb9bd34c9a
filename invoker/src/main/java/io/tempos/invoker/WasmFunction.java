package io.tempos.invoker;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * WASMF: a WebAssembly module run by Chicory, compiled once, at configure time, to JVM bytecode
 * (the interpreter is two orders of magnitude slower). Each event gets a fresh instance by
 * default, so no event sees another's memory; with mode = "warm", instances are pooled, one per
 * concurrent caller, and keep their memory between events.
 *
 * <p>Cost per event: the guest's memory is Chicory's {@link ByteArrayMemory} (Java arrays, read
 * by the JIT's bounds-checked array loads; the default, a {@code ByteBuffer}, made Algorithm 1
 * about 2.5 times slower here). The event is copied into the guest and the result out of it eight
 * bytes at a time, with no intermediate array, and a pooled instance reuses its argument array:
 * a warm event allocates only the one-element result array Chicory returns. A fresh instance
 * costs one instantiation of the already compiled module (its initial memory, data segments and
 * globals); its output region starts at {@link #FRESH_OUTPUT_BYTES}, so that Algorithm 1's
 * instance needs no memory beyond its first page. A function that answers {@code -2} (output
 * too small) is run again on a new instance with the worker's whole output buffer, and every
 * later fresh instance of it gets that much: a module imports nothing, so the discarded run
 * had no effect outside its own instance.
 *
 * <p>Guest ABI (README, "WASMF"): the module imports nothing and exports {@code memory},
 * {@code tempos_alloc(size: i32) -> i32} and the entry
 * {@code (in_ptr: i32, in_len: i64, out_ptr: i32, out_cap: i64) -> i64}: the DLF ABI's C
 * signature as clang compiles it for wasm32, so one C source serves both. It returns the
 * result's length or a negative error code as the DLF ABI does. After instantiating, the invoker
 * calls {@code tempos_alloc} for the input region and then for the output region.
 *
 * <p>Faults: a trap (unreachable, out-of-bounds access, stack exhaustion) or a result longer
 * than {@code out_cap} fails the event and discards the instance; the linear memory is capped
 * at {@code max-memory-mb} (default 64 MiB), so {@code memory.grow} past it fails inside the
 * guest; at the deadline the worker thread is interrupted, which the compiled code checks on
 * calls and loop back-edges, and the event counts as {@code timeout}.
 */
final class WasmFunction implements FunctionInvocation {

    static final long DEFAULT_MAX_MEMORY_MB = 64;
    static final int PAGE_BYTES = 65_536;
    static final String ALLOC = "tempos_alloc";
    /** The first output region of a fresh instance; see the class comment. */
    static final int FRESH_OUTPUT_BYTES = 4_096;
    private static final ValueLayout.OfLong WASM_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final FunctionType ALLOC_TYPE = FunctionType.of(new ValType[] {ValType.I32}, new ValType[] {ValType.I32});
    private static final FunctionType ENTRY_TYPE = FunctionType.of(
            new ValType[] {ValType.I32, ValType.I64, ValType.I32, ValType.I64}, new ValType[] {ValType.I64});

    /**
     * One instance with its two regions, used by one thread at a time.
     *
     * @param args    the entry's four arguments, rewritten per event (in_ptr, in_len, out_ptr, out_cap)
     * @param staging as many bytes as the input region, through which an event enters guest memory in two bulk copies
     *                (native segment to array, array into the guest's array), faster than any loop
     */
    private record Guest(Instance instance, Memory memory, ExportFunction entry, int inPtr, int outPtr, int outCap,
                         long[] args, byte[] staging) {
    }

    private final String path;
    private final String entry;
    private final boolean warm;
    private final WasmModule module;
    private final Function<Instance, Machine> machine;
    private final MemoryLimits limits;
    private final ConcurrentLinkedQueue<Guest> idle = new ConcurrentLinkedQueue<>();
    /** A fresh instance's output region: {@link #FRESH_OUTPUT_BYTES}, or the whole buffer once a result did not fit. */
    private volatile int freshOutputBytes = FRESH_OUTPUT_BYTES;

    private WasmFunction(String path, String entry, boolean warm, WasmModule module, Function<Instance, Machine> machine,
                         MemoryLimits limits) {
        this.path = path;
        this.entry = entry;
        this.warm = warm;
        this.module = module;
        this.machine = machine;
        this.limits = limits;
    }

    /**
     * Parses, checks and compiles the module, and instantiates it once to check its exports
     * and allocator (kept as the first pooled instance when warm).
     *
     * @param maxMemoryMb the cap of the linear memory; 0 for {@link #DEFAULT_MAX_MEMORY_MB}
     * @throws IllegalArgumentException naming what is wrong: no file, not a module, imports,
     *                                  missing or mistyped exports, memory above the cap
     */
    static WasmFunction load(String path, String entry, boolean warm, long maxMemoryMb) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(Path.of(path));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the module: " + e);
        }
        WasmModule module;
        try {
            module = Parser.parse(bytes);
        } catch (ChicoryException e) {
            throw new IllegalArgumentException("not a valid WebAssembly module: " + e.getMessage());
        }
        List<String> imports = new ArrayList<>();
        module.importSection().stream().forEach(i -> imports.add(i.module() + "." + i.name() + " (" + i.importType() + ")"));
        if (!imports.isEmpty()) {
            throw new IllegalArgumentException("the module imports " + imports + ", which the invoker does not provide:"
                    + " a WASMF module must be self-contained (no WASI, no host functions)");
        }
        requireExport(module, "memory", ExternalType.MEMORY);
        requireExport(module, ALLOC, ExternalType.FUNCTION);
        requireExport(module, entry, ExternalType.FUNCTION);
        MemoryLimits declared = module.memorySection().map(s -> s.getMemory(0).limits())
                .orElseThrow(() -> new IllegalArgumentException("the module defines no memory"));
        long capMb = maxMemoryMb > 0 ? maxMemoryMb : DEFAULT_MAX_MEMORY_MB;
        int capPages = (int) Math.min(MemoryLimits.MAX_PAGES, capMb * 1024 * 1024 / PAGE_BYTES);
        if (declared.initialPages() > capPages) {
            throw new IllegalArgumentException("the module's memory starts at " + declared.initialPages() + " pages of 64 KiB > "
                    + capPages + " pages allowed (max-memory-mb " + capMb + ")");
        }
        MemoryLimits limits = new MemoryLimits(declared.initialPages(), Math.min(declared.maximumPages(), capPages));
        Function<Instance, Machine> machine;
        try {
            machine = MachineFactoryCompiler.compile(module);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Chicory cannot compile the module: " + e);
        }
        WasmFunction function = new WasmFunction(path, entry, warm, module, machine, limits);
        Guest probe;
        try {
            probe = function.instantiate(warm ? LevelWorker.RECEIVE_BUFFER_BYTES : 0, LevelWorker.OUTPUT_BUFFER_BYTES);
        } catch (FunctionFailure e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        if (!probe.instance().exportType(ALLOC).equals(ALLOC_TYPE)) {
            throw new IllegalArgumentException(ALLOC + " has type " + probe.instance().exportType(ALLOC) + "; the ABI wants " + ALLOC_TYPE);
        }
        if (!probe.instance().exportType(entry).equals(ENTRY_TYPE)) {
            throw new IllegalArgumentException(entry + " has type " + probe.instance().exportType(entry) + "; the ABI wants " + ENTRY_TYPE);
        }
        if (warm) {
            function.idle.add(probe);
        }
        return function;
    }

    private static void requireExport(WasmModule module, String name, ExternalType type) {
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            Export export = module.exportSection().getExport(i);
            if (export.name().equals(name)) {
                if (export.exportType() != type) {
                    throw new IllegalArgumentException("its export " + name + " is a " + export.exportType() + ", not a " + type);
                }
                return;
            }
        }
        throw new IllegalArgumentException("the module does not export " + name + " (" + type
                + "); the WASMF ABI needs memory, " + ALLOC + " and the entry");
    }

    /** A new instance with its input and output regions allocated by the guest. */
    private Guest instantiate(int inCap, int outCap) throws FunctionFailure {
        Instance instance;
        try {
            instance = Instance.builder(module).withMachineFactory(machine).withMemoryFactory(ByteArrayMemory::new)
                    .withMemoryLimits(limits).build();
        } catch (ChicoryException | StackOverflowError e) {
            throw new FunctionFailure("instantiating " + path + " failed: " + e);
        }
        ExportFunction alloc = instance.export(ALLOC);
        int inPtr = allocate(alloc, inCap);
        int outPtr = allocate(alloc, outCap);
        return new Guest(instance, instance.memory(), instance.export(entry), inPtr, outPtr, outCap,
                new long[] {inPtr, 0, outPtr, outCap}, new byte[inCap]);
    }

    private int allocate(ExportFunction alloc, int bytes) throws FunctionFailure {
        long ptr;
        try {
            ptr = alloc.apply(bytes)[0];
        } catch (ChicoryException | StackOverflowError e) {
            throw new FunctionFailure(ALLOC + "(" + bytes + ") in " + path + " trapped: " + e.getMessage());
        }
        if (ptr == 0 || Integer.toUnsignedLong((int) ptr) + bytes > (long) limits.maximumPages() * PAGE_BYTES) {
            throw new FunctionFailure(ALLOC + "(" + bytes + ") in " + path + " returned " + ptr
                    + " (no memory: the module's memory is capped at " + limits.maximumPages() + " pages of 64 KiB)");
        }
        return (int) ptr;
    }

    @Override
    public long invoke(MemorySegment input, MemorySegment output, Deadline deadline) throws FunctionFailure {
        int length = (int) input.byteSize();
        if (warm) {
            Guest guest = idle.poll();
            long result = run(guest, input, length, output, LevelWorker.OUTPUT_BUFFER_BYTES, deadline);
            return DlfAbi.checked(entry, path, result, LevelWorker.OUTPUT_BUFFER_BYTES);
        }
        int outputBytes = (int) output.byteSize();
        int outCap = Math.min(freshOutputBytes, outputBytes);
        long result = run(null, input, length, output, outCap, deadline);
        if (result == DlfAbi.OUTPUT_TOO_SMALL && outCap < outputBytes) {
            freshOutputBytes = outputBytes;
            outCap = outputBytes;
            result = run(null, input, length, output, outCap, deadline);
        }
        return DlfAbi.checked(entry, path, result, outCap);
    }

    /**
     * One event on {@code guest}, or on a new instance with an output region of {@code outCap}
     * bytes when null. A warm guest goes back to the pool unless it failed.
     *
     * @return what the entry returned; the result, when it is a length within the region, is in {@code output}
     */
    private long run(Guest guest, MemorySegment input, int length, MemorySegment output, int outCap, Deadline deadline)
            throws FunctionFailure {
        long result = 0;
        Throwable trap = null;
        boolean timedOut;
        deadline.armInterrupt();
        try {
            if (guest == null) {
                guest = instantiate(warm ? LevelWorker.RECEIVE_BUFFER_BYTES : length, outCap);
            }
            MemorySegment.copy(input, ValueLayout.JAVA_BYTE, 0, guest.staging(), 0, length);
            guest.memory().write(guest.inPtr(), guest.staging(), 0, length);
            long[] args = guest.args();
            args[1] = length;
            result = guest.entry().apply(args)[0];
        } catch (FunctionFailure | ChicoryException | StackOverflowError | OutOfMemoryError e) {
            trap = e;
        } finally {
            timedOut = deadline.disarmInterrupt();
        }
        if (timedOut) {
            throw FunctionFailure.timeout(entry + " in " + path + " was stopped at its timeout of " + deadline.timeoutMs() + " ms");
        }
        if (trap instanceof FunctionFailure failure) {
            throw failure;
        }
        if (trap != null) {
            throw new FunctionFailure(entry + " in " + path + " trapped: " + trap, trap);
        }
        if (result >= 0 && result <= guest.outCap()) {
            copyOut(guest.memory(), guest.outPtr(), output, (int) result);
        }
        if (warm && result <= guest.outCap()) {
            idle.offer(guest); // read first: another worker may take it at once. One that trapped,
                               // timed out or returned garbage never comes back.
        }
        return result;
    }

    /** The result out of guest memory at {@code address}, eight bytes per read. */
    private static void copyOut(Memory memory, int address, MemorySegment output, int length) {
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            output.set(WASM_LONG, i, memory.readLong(address + i));
        }
        for (; i < length; i++) {
            output.set(ValueLayout.JAVA_BYTE, i, memory.read(address + i));
        }
    }

    @Override
    public void close() {
        idle.clear();
    }

    @Override
    public String toString() {
        return "wasmf " + (warm ? "warm " : "") + path + "#" + entry;
    }
}
