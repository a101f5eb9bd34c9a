package io.tempos.bench;

import io.tempos.core.stats.Percentiles;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The machine's floor for the function hop: Algorithm 1 called in this thread through a cached
 * FFM downcall of the library's {@code tempos_main} (the DLF ABI), on native copies of the event,
 * back to back — no socket, no queue, no Tempos code. What a warm DLF invocation costs at best.
 */
final class PlainCallBaseline {

    private static final String ENTRY = "tempos_main";
    private static final FunctionDescriptor ABI = FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG);
    private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int OUTPUT_BYTES = 4_096;

    /**
     * @param library path of the shared library
     * @param calls   calls made
     */
    record Result(String library, long calls, Percentiles latencyUs) {
    }

    private PlainCallBaseline() {
    }

    /** Calls the function for {@code warmupS} unmeasured, then for {@code durationS}, recording each call. */
    @SuppressWarnings("restricted") // a native call is this baseline's point; the JVM runs with --enable-native-access
    static Result run(Path library, byte[] event, double warmupS, double durationS, PrintStream out) {
        Histogram histogram = new Histogram(HIGHEST_NANOS, 3);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment symbol = SymbolLookup.libraryLookup(library.toAbsolutePath(), arena).find(ENTRY)
                    .orElseThrow(() -> new IllegalArgumentException(library + " exports no " + ENTRY));
            MethodHandle call = Linker.nativeLinker().downcallHandle(symbol, ABI);
            MemorySegment input = arena.allocate(event.length);
            input.copyFrom(MemorySegment.ofArray(event));
            MemorySegment output = arena.allocate(OUTPUT_BYTES);
            long warmupEnd = System.nanoTime() + (long) (warmupS * 1e9);
            while (System.nanoTime() - warmupEnd < 0) {
                check(invoke(call, input, output), library);
            }
            long end = System.nanoTime() + (long) (durationS * 1e9);
            long now = System.nanoTime();
            while (now - end < 0) {
                long written = invoke(call, input, output);
                long after = System.nanoTime();
                check(written, library);
                histogram.recordValue(Math.min(after - now, HIGHEST_NANOS));
                now = after;
            }
        }
        Percentiles latency = Percentiles.ofNanos(histogram);
        out.printf(Locale.ROOT, "[plain C call] %,d calls of %s: p50 %s p99 %s%n", latency.count(), ENTRY,
                Formats.micros(latency.p50()), Formats.micros(latency.p99()));
        return new Result(library.toString(), latency.count(), latency);
    }

    private static long invoke(MethodHandle call, MemorySegment input, MemorySegment output) {
        try {
            return (long) call.invokeExact(input, input.byteSize(), output, output.byteSize());
        } catch (Throwable t) {
            throw new IllegalStateException("downcall of " + ENTRY + " failed", t);
        }
    }

    private static void check(long written, Path library) {
        if (written < 0) {
            throw new IllegalStateException(ENTRY + " in " + library + " returned " + written + " for the benchmark's event");
        }
    }
}
