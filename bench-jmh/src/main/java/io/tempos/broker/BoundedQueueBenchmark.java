package io.tempos.broker;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The broker's level queue ({@link BoundedQueue}): an offer followed by a poll on one thread
 * (the cost per event without contention), and a producer and a consumer thread at once (the
 * receiver and the queue processor of a lane).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseZGC"})
public class BoundedQueueBenchmark {

    private static final Object EVENT = new Object();

    @State(Scope.Thread)
    public static class Alone {
        final BoundedQueue<Object> queue = new BoundedQueue<>(1_024);
    }

    @State(Scope.Group)
    public static class Shared {
        final BoundedQueue<Object> queue = new BoundedQueue<>(1_024);
    }

    @Benchmark
    public Object offerThenPoll(Alone state) {
        state.queue.offer(EVENT);
        return state.queue.poll();
    }

    @Benchmark
    @Group("producerConsumer")
    @GroupThreads(1)
    public boolean offer(Shared state) {
        return state.queue.offer(EVENT);
    }

    @Benchmark
    @Group("producerConsumer")
    @GroupThreads(1)
    public Object poll(Shared state) {
        return state.queue.poll();
    }
}
