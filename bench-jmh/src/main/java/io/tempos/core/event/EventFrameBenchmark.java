package io.tempos.core.event;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The wire codec on the paper's 1.5 KB event: encoding a frame (what the trigger does per event),
 * checking one (what every receiver does first) and stamping a hop in place (what every component
 * does). Each should cost nanoseconds, allocate nothing, and scale with nothing but the names.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseZGC"})
public class EventFrameBenchmark {

    private final byte[] workflow = "door-lock".getBytes(StandardCharsets.UTF_8);
    private final byte[] level = "strict".getBytes(StandardCharsets.UTF_8);
    private final ByteBuffer payload = ByteBuffer.allocateDirect(1_540);
    private final ByteBuffer out = ByteBuffer.allocateDirect(EventFrame.MAX_DATAGRAM_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final EventFrame frame = new EventFrame();
    private int length;
    private long now;

    @Setup
    public void encodeOnce() {
        out.clear();
        EventFrame.encode(out, 1, workflow, level, payload, payload.capacity());
        length = out.position();
        frame.wrap(out, 0);
    }

    @Benchmark
    public int encode() {
        out.clear();
        EventFrame.encode(out, 42, workflow, level, payload, payload.capacity());
        return out.position();
    }

    @Benchmark
    public int check() {
        return frame.check(length, EventFrame.MAX_DATAGRAM_BYTES);
    }

    @Benchmark
    public EventFrame stamp() {
        return frame.stamp(Hop.BROKER_IN, ++now);
    }
}
