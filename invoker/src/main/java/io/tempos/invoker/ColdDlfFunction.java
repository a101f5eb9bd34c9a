package io.tempos.invoker;

import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * A native function run by the paper's cold path on every event: dlopen, dlsym, call, dlclose.
 * Nothing stays loaded between events, so there is nothing to close. Every event takes glibc's
 * loader lock twice (see {@link Libdl}); that cost and that contention are what this mode is
 * for measuring.
 */
@SuppressWarnings("restricted") // native calls are this class's job; the JVM runs with --enable-native-access
final class ColdDlfFunction implements FunctionInvocation {

    /** One handle for every cold function: the entry's address is its first argument. */
    private static final MethodHandle CALL_AT = Linker.nativeLinker().downcallHandle(DlfAbi.ENTRY);

    private final String library;
    private final String entry;
    private final MemorySegment libraryPath;
    private final MemorySegment entryName;

    private ColdDlfFunction(String library, String entry) {
        this.library = library;
        this.entry = entry;
        this.libraryPath = Libdl.cString(library);
        this.entryName = Libdl.cString(entry);
    }

    /**
     * Checks once, at configure time, that {@code library} opens and exports {@code entry}, so a
     * broken workflow is refused then rather than failing every event.
     *
     * @throws IllegalArgumentException with dlerror()'s text when it does not
     */
    static ColdDlfFunction load(String library, String entry) {
        WarmDlfFunction.load(library, entry).close();
        return new ColdDlfFunction(library, entry);
    }

    @Override
    public long invoke(MemorySegment input, MemorySegment output, Deadline deadline) throws FunctionFailure {
        MemorySegment handle = Libdl.open(libraryPath);
        if (handle.equals(MemorySegment.NULL)) {
            throw new FunctionFailure("dlopen failed: " + Libdl.lastError());
        }
        long written;
        try {
            MemorySegment symbol = Libdl.symbol(handle, entryName);
            if (symbol.equals(MemorySegment.NULL)) {
                throw new FunctionFailure("dlsym failed: " + Libdl.lastError());
            }
            written = (long) CALL_AT.invokeExact(symbol, input, input.byteSize(), output, output.byteSize());
        } catch (FunctionFailure f) {
            throw f;
        } catch (Throwable t) {
            throw new AssertionError("downcall of " + entry, t);
        } finally {
            Libdl.close(handle);
        }
        return DlfAbi.checked(entry, library, written, output.byteSize());
    }

    @Override
    public void close() {
        // Nothing is held between events.
    }

    @Override
    public String toString() {
        return "dlf cold " + library + "#" + entry;
    }
}
