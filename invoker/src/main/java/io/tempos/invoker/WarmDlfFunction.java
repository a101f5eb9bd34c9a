package io.tempos.invoker;

import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * A native function whose library stays open: dlopen and dlsym once at configure time, one
 * bound downcall per event (what MACHINE.md measured at ~4 µs for Algorithm 1).
 *
 * <p>The downcall is not {@code Linker.Option.critical}: a critical call holds off every GC
 * safepoint of the JVM for as long as the function runs, so one slow user function would stall
 * all other threads, strict ones included. The worker's buffers are native, so no heap access
 * is needed anyway.
 */
@SuppressWarnings("restricted") // native calls are this class's job; the JVM runs with --enable-native-access
final class WarmDlfFunction implements FunctionInvocation {

    private final String library;
    private final String entry;
    private final MemorySegment handle;
    private final MethodHandle call;

    private WarmDlfFunction(String library, String entry, MemorySegment handle, MethodHandle call) {
        this.library = library;
        this.entry = entry;
        this.handle = handle;
        this.call = call;
    }

    /**
     * Opens {@code library} and binds {@code entry}.
     *
     * @throws IllegalArgumentException with dlerror()'s text when either step fails
     */
    static WarmDlfFunction load(String library, String entry) {
        MemorySegment handle = Libdl.open(Libdl.cString(library));
        if (handle.equals(MemorySegment.NULL)) {
            throw new IllegalArgumentException("dlopen failed: " + Libdl.lastError());
        }
        MemorySegment symbol = Libdl.symbol(handle, Libdl.cString(entry));
        if (symbol.equals(MemorySegment.NULL)) {
            String error = Libdl.lastError();
            Libdl.close(handle);
            throw new IllegalArgumentException("dlsym failed: " + error);
        }
        return new WarmDlfFunction(library, entry, handle, Linker.nativeLinker().downcallHandle(symbol, DlfAbi.ENTRY));
    }

    @Override
    public long invoke(MemorySegment input, MemorySegment output, Deadline deadline) throws FunctionFailure {
        long written;
        try {
            written = (long) call.invokeExact(input, input.byteSize(), output, output.byteSize());
        } catch (Throwable t) {
            throw new AssertionError("downcall of " + entry, t);
        }
        return DlfAbi.checked(entry, library, written, output.byteSize());
    }

    @Override
    public void close() {
        Libdl.close(handle);
    }

    @Override
    public String toString() {
        return "dlf warm " + library + "#" + entry;
    }
}
