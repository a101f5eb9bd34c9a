package io.tempos.invoker;

import io.tempos.functions.Algorithm1;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Calls a loaded function the way a worker does: native input and a 64 KiB native output buffer. */
final class Invocations implements AutoCloseable {

    static final long GENEROUS_NS = TimeUnit.SECONDS.toNanos(20);

    private final Arena arena = Arena.ofShared();
    private final MemorySegment output = arena.allocate(LevelWorker.OUTPUT_BUFFER_BYTES);

    byte[] call(FunctionInvocation function, byte[] payload) throws FunctionFailure {
        return call(function, payload, Deadline.unwatched(GENEROUS_NS));
    }

    byte[] call(FunctionInvocation function, byte[] payload, Deadline deadline) throws FunctionFailure {
        MemorySegment input = arena.allocateFrom(ValueLayout.JAVA_BYTE, payload);
        long written = function.invoke(input, output, deadline);
        return output.asSlice(0, written).toArray(ValueLayout.JAVA_BYTE);
    }

    String call(FunctionInvocation function, String payload) throws FunctionFailure {
        return new String(call(function, payload.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    /** The benchmark events give the Java twin's bytes. */
    void assertMatchesJava(FunctionInvocation function) throws FunctionFailure {
        for (byte[] event : List.of(Artifacts.event1k5(), Artifacts.event16k())) {
            assertThat(call(function, event)).isEqualTo(new Algorithm1().apply(event));
        }
    }

    /** Every case of functions/testdata/algorithm1-vectors.txt: the expected bytes, or a failure for "error". */
    void assertAllVectors(FunctionInvocation function) throws Exception {
        List<String[]> cases = vectors();
        assertThat(cases).isNotEmpty();
        for (String[] vector : cases) {
            byte[] input = vector[1].startsWith("@") ? Artifacts.testData(vector[1].substring(1))
                    : vector[1].getBytes(StandardCharsets.UTF_8);
            if (vector[0].equals("error")) {
                assertThatThrownBy(() -> call(function, input)).as(vector[1]).isInstanceOf(FunctionFailure.class);
            } else {
                assertThat(new String(call(function, input), StandardCharsets.UTF_8)).as(vector[1]).isEqualTo(vector[0]);
            }
        }
    }

    /** {expected, input} per case of the shared vectors file. */
    static List<String[]> vectors() throws Exception {
        List<String[]> cases = new ArrayList<>();
        for (String line : Files.readAllLines(Artifacts.testDataDir().resolve("algorithm1-vectors.txt"), StandardCharsets.UTF_8)) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.indexOf(' ');
            cases.add(new String[] {line.substring(0, space), line.substring(space + 1)});
        }
        return cases;
    }

    @Override
    public void close() {
        arena.close();
    }
}
