package io.tempos.invoker;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Invocation dispatch per method, on Algorithm 1 and the paper's 1.5 KB event, as a worker calls
 * it ({@link FunctionInvocation#invoke} on native input and output segments): DLF warm (cached
 * handle), DLF cold (dlopen, dlsym, call, dlclose per event, as in the paper) and JVM (a jar in
 * its own class loader, warm instance). Paths are relative to the repository's root: run from
 * there.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseZGC", "--enable-native-access=ALL-UNNAMED"})
public class InvocationBenchmark {

    @Param({"dlf-warm", "dlf-cold", "jvm"})
    public String method;

    @Param("functions/algorithm1-c/target/libalgorithm1.so")
    public String library;

    @Param("functions/algorithm1-java/target/algorithm1.jar")
    public String jar;

    @Param("functions/testdata/event-1k5-100.json")
    public String event;

    private Arena arena;
    private FunctionInvocation function;
    private MemorySegment input;
    private MemorySegment output;
    /** No watchdog and an hour to run: the benchmark measures the call, not the deadline's enforcement. */
    private final Deadline deadline = Deadline.unwatched(TimeUnit.HOURS.toNanos(1));

    @Setup(Level.Trial)
    public void load() throws IOException {
        String lib = Path.of(library).toAbsolutePath().toString();
        function = switch (method) {
            case "dlf-warm" -> WarmDlfFunction.load(lib, DlfAbi.DEFAULT_ENTRY);
            case "dlf-cold" -> ColdDlfFunction.load(lib, DlfAbi.DEFAULT_ENTRY);
            case "jvm" -> JvmFunction.load(Path.of(jar).toAbsolutePath().toString(), "io.tempos.functions.Algorithm1");
            default -> throw new IllegalArgumentException("method " + method + ": one of dlf-warm, dlf-cold, jvm");
        };
        byte[] bytes = Files.readAllBytes(Path.of(event));
        arena = Arena.ofConfined();
        input = arena.allocate(bytes.length);
        input.copyFrom(MemorySegment.ofArray(bytes));
        output = arena.allocate(LevelWorker.OUTPUT_BUFFER_BYTES);
    }

    @Benchmark
    public long invoke() throws FunctionFailure {
        return function.invoke(input, output, deadline);
    }

    @TearDown(Level.Trial)
    public void close() {
        function.close();
        arena.close();
    }
}
