package io.tempos.invoker;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * glibc's dynamic loader (dlopen, dlsym, dlclose, dlerror) called directly through FFM
 * downcalls. Not {@code SymbolLookup.libraryLookup}: the cold path must cost what the paper's
 * C invoker pays (one dlopen and one dlclose per event), not an arena's bookkeeping on top.
 *
 * <p>All methods may be called from any thread. glibc's dlerror() text is per thread, so read it
 * on the thread whose call failed, before that thread calls the loader again. Mind that
 * dlopen/dlclose take glibc's process-wide loader lock: a best-effort thread inside dlopen can
 * stall a strict one that needs the loader, which is why strict workflows should run warm.
 */
@SuppressWarnings("restricted") // native calls are this class's job; the JVM runs with --enable-native-access
final class Libdl {

    /** Resolve every symbol at dlopen, so a missing dependency fails there and not mid-call. */
    static final int RTLD_NOW = 0x2;
    /** Keep the library's symbols out of the global namespace: functions cannot collide. */
    static final int RTLD_LOCAL = 0x0;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle DLOPEN = downcall("dlopen",
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle DLSYM = downcall("dlsym",
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    private static final MethodHandle DLCLOSE = downcall("dlclose",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    private static final MethodHandle DLERROR = downcall("dlerror", FunctionDescriptor.of(ValueLayout.ADDRESS));
    /** dlerror() strings are short; this bounds the read of one that is not. */
    private static final long MAX_ERROR_BYTES = 4096;

    private Libdl() {
    }

    /** dlopen(path, RTLD_NOW | RTLD_LOCAL); {@link MemorySegment#NULL} on failure (see {@link #lastError}). */
    static MemorySegment open(MemorySegment path) {
        try {
            return (MemorySegment) DLOPEN.invokeExact(path, RTLD_NOW | RTLD_LOCAL);
        } catch (Throwable t) {
            throw new AssertionError("dlopen downcall", t);
        }
    }

    /** dlsym(handle, name); {@link MemorySegment#NULL} when the symbol is missing. */
    static MemorySegment symbol(MemorySegment handle, MemorySegment name) {
        try {
            return (MemorySegment) DLSYM.invokeExact(handle, name);
        } catch (Throwable t) {
            throw new AssertionError("dlsym downcall", t);
        }
    }

    /** dlclose(handle): 0, or non-zero on failure (see {@link #lastError}). */
    static int close(MemorySegment handle) {
        try {
            return (int) DLCLOSE.invokeExact(handle);
        } catch (Throwable t) {
            throw new AssertionError("dlclose downcall", t);
        }
    }

    /** The calling thread's last loader error, which dlerror() then clears. */
    static String lastError() {
        MemorySegment text;
        try {
            text = (MemorySegment) DLERROR.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("dlerror downcall", t);
        }
        return text.equals(MemorySegment.NULL) ? "unknown loader error"
                : text.reinterpret(MAX_ERROR_BYTES).getString(0);
    }

    /** {@code text} as a NUL-terminated C string that lives as long as it is reachable. */
    static MemorySegment cString(String text) {
        return Arena.ofAuto().allocateFrom(text);
    }

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), descriptor);
    }
}
