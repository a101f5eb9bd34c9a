package io.tempos.broker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link BoundedQueue} under real contention: a million distinct elements through a small ring,
 * checking that each comes out exactly once and that no consumer sees one producer's elements
 * out of order. The lane uses it as one producer (the receiver) and two consumers (the queue
 * processor, and the receiver itself when the overflow policy evicts the oldest event).
 *
 * <p>Threads yield when the queue is full or empty so that the test also makes progress on a
 * machine with fewer cores than threads; what is checked is never timing, only what came out.
 */
@Timeout(60)
class BoundedQueueStressTest {

    private static final int ELEMENTS = 1_000_000;
    /** Far more than a run needs; a thread making no progress by then reports it instead of hanging. */
    private static final long RUN_BOUND_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** The processor's side and a second consumer, both polling while the producer offers. */
    @ParameterizedTest
    @ValueSource(ints = {3, 64})
    void oneProducerTwoConsumersSeeEveryElementExactlyOnce(int capacity) throws Exception {
        BoundedQueue<Integer> queue = new BoundedQueue<>(capacity);
        Run run = new Run(3, 1);
        run.start("producer", producer(queue, run, 0, 1));

        consumeWithTwoAndCheck(queue, run, 1);
    }

    /**
     * The drop-oldest lane: the producer, finding the queue full, polls the oldest element out
     * itself (an eviction) and offers again, while a consumer drains concurrently. Every
     * element must end either consumed or evicted, once.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 5, 64})
    void producerThatEvictsTheOldestLosesAndDuplicatesNothing(int capacity) throws Exception {
        BoundedQueue<Integer> queue = new BoundedQueue<>(capacity);
        Run run = new Run(2, 1);
        IntLog evicted = new IntLog();
        run.start("evicting-producer", log -> {
            for (int i = 0; i < ELEMENTS; i++) {
                Integer element = i;
                while (!queue.offer(element)) {
                    Integer oldest = queue.poll();
                    if (oldest != null) {
                        evicted.add(oldest);
                    } else {
                        run.pause("offer of " + element + " to a queue that is both full and empty");
                    }
                }
            }
        });
        Consumer consumer = new Consumer(queue, run);
        run.start("consumer", consumer);
        run.join();

        assertExactlyOnce(List.of(consumer.log, evicted), 1);
    }

    /** Not how the broker uses it, but the class promises many producers too. */
    @Test
    void twoProducersTwoConsumersSeeEveryElementExactlyOnce() throws Exception {
        BoundedQueue<Integer> queue = new BoundedQueue<>(16);
        Run run = new Run(4, 2);
        for (int p = 0; p < 2; p++) {
            // Producer p offers the elements congruent to p modulo 2.
            run.start("producer-" + p, producer(queue, run, p, 2));
        }

        consumeWithTwoAndCheck(queue, run, 2);
    }

    /**
     * Contention on every single cell: in each round two threads offer together until the queue
     * holds exactly its capacity (every offer must succeed, none may overshoot), then both poll
     * together until it is empty. Where the other tests let the threads drift apart, this one
     * makes both race for the same cells on every element. The threads meet at a spinning
     * barrier: a parking one would wake them tens of microseconds apart, time enough for the
     * first to drain the whole queue alone.
     */
    @Test
    void twoThreadsFillingThenDrainingTogetherLoseAndDuplicateNothing() throws Exception {
        int capacity = 1_000;
        int rounds = ELEMENTS / capacity;
        BoundedQueue<Integer> queue = new BoundedQueue<>(capacity);
        SpinBarrier barrier = new SpinBarrier(2);
        List<IntLog> logs = List.of(new IntLog(), new IntLog());
        AtomicReference<String> problem = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int t = 0; t < 2; t++) {
            int self = t;
            threads.add(Thread.ofPlatform().name("stress-fill-drain-" + t).daemon(true).start(() -> {
                try {
                    for (int round = 0; round < rounds; round++) {
                        barrier.await();
                        // Thread t offers the elements of this round congruent to t modulo 2.
                        for (int i = round * capacity + self; i < (round + 1) * capacity; i += 2) {
                            if (!queue.offer(i)) {
                                problem.compareAndSet(null, "offer of " + i + " refused below capacity");
                            }
                        }
                        barrier.await();
                        for (Integer e = queue.poll(); e != null; e = queue.poll()) {
                            logs.get(self).add(e);
                        }
                        barrier.await();
                        if (queue.size() != 0) {
                            problem.compareAndSet(null, "round " + round + " left " + queue.size() + " elements");
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    barrier.breakIt();
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failure.get()).isNull();
        assertThat(problem.get()).isNull();
        assertExactlyOnce(logs, 2);
    }

    /** Offers {@code first}, {@code first + step}, … below {@link #ELEMENTS}, in order, pausing while the queue is full. */
    private static Body producer(BoundedQueue<Integer> queue, Run run, int first, int step) {
        return log -> {
            for (int i = first; i < ELEMENTS; i += step) {
                Integer element = i;
                while (!queue.offer(element)) {
                    run.pause("offer of " + element);
                }
            }
        };
    }

    /**
     * Starts the run's two consumers (the last of its threads), waits for every thread, and
     * checks that each element came out once and each producer's in order.
     */
    private static void consumeWithTwoAndCheck(BoundedQueue<Integer> queue, Run run, int producers) throws InterruptedException {
        Consumer first = new Consumer(queue, run);
        Consumer second = new Consumer(queue, run);
        run.start("consumer-1", first);
        run.start("consumer-2", second);
        run.join();

        assertExactlyOnce(List.of(first.log, second.log), producers);
    }

    /**
     * Every element of 0..ELEMENTS-1 appears once over all logs, and within each log the
     * elements of each producer (value modulo {@code producers}) appear in increasing order.
     */
    private static void assertExactlyOnce(List<IntLog> logs, int producers) {
        byte[] seen = new byte[ELEMENTS];
        List<String> problems = new ArrayList<>();
        for (IntLog log : logs) {
            int[] last = new int[producers];
            Arrays.fill(last, -1);
            for (int i = 0; i < log.size(); i++) {
                int e = log.get(i);
                if (e < 0 || e >= ELEMENTS) {
                    problems.add("element " + e + " was never offered");
                    continue;
                }
                if (seen[e]++ != 0) {
                    problems.add("element " + e + " came out twice");
                }
                int p = e % producers;
                if (e <= last[p]) {
                    problems.add("element " + e + " came out after " + last[p] + " of the same producer");
                }
                last[p] = e;
            }
        }
        for (int e = 0; e < ELEMENTS; e++) {
            if (seen[e] == 0) {
                problems.add("element " + e + " was lost");
            }
        }
        assertThat(problems).as("first problems of %d", problems.size()).isEmpty();
    }

    /** A reusable barrier whose waiters spin (bounded by the run's bound) instead of parking. */
    private static final class SpinBarrier {
        private final int parties;
        private final AtomicInteger arrived = new AtomicInteger();
        private volatile boolean broken;

        SpinBarrier(int parties) {
            this.parties = parties;
        }

        void await() {
            int generation = arrived.incrementAndGet() - 1;
            long target = (generation / parties + 1L) * parties;
            long deadline = System.nanoTime() + RUN_BOUND_NANOS;
            while (arrived.get() < target) {
                if (broken || System.nanoTime() > deadline) {
                    throw new AssertionError("barrier broken or not reached within the run's bound");
                }
                Thread.onSpinWait();
            }
        }

        void breakIt() {
            broken = true;
        }
    }

    /** A growable int list: logging a million boxed Integers would dominate the run. */
    private static final class IntLog {
        private int[] values = new int[1 << 16];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int size() {
            return size;
        }

        int get(int i) {
            return values[i];
        }
    }

    private interface Body {
        void run(IntLog log) throws Exception;
    }

    /** Polls until the producers are done and the queue is empty, logging what it took. */
    private static final class Consumer implements Body {
        final IntLog log = new IntLog();
        private final BoundedQueue<Integer> queue;
        private final Run run;

        Consumer(BoundedQueue<Integer> queue, Run run) {
            this.queue = queue;
            this.run = run;
        }

        @Override
        public void run(IntLog ignored) {
            while (true) {
                Integer e = queue.poll();
                if (e != null) {
                    log.add(e);
                } else if (run.producersDone()) {
                    // Producers finished their last offer before this poll began: truly empty.
                    if ((e = queue.poll()) == null) {
                        return;
                    }
                    log.add(e);
                } else {
                    run.pause("poll");
                }
            }
        }
    }

    /**
     * The threads of one run, started together once all are registered; the first failure of
     * any of them fails the test. Consumers learn from it when every producer has finished.
     */
    private static final class Run {
        private final int threadCount;
        private final int producerCount;
        private final List<Thread> threads = new ArrayList<>();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final CountDownLatch start = new CountDownLatch(1);
        private final AtomicInteger producersRunning;
        private final long deadline = System.nanoTime() + RUN_BOUND_NANOS;

        Run(int threadCount, int producerCount) {
            this.threadCount = threadCount;
            this.producerCount = producerCount;
            this.producersRunning = new AtomicInteger(producerCount);
        }

        void start(String name, Body body) {
            boolean producer = !(body instanceof Consumer);
            threads.add(Thread.ofPlatform().name("stress-" + name).daemon(true).start(() -> {
                try {
                    start.await();
                    body.run(null);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    if (producer) {
                        producersRunning.decrementAndGet();
                    }
                }
            }));
            if (threads.size() == threadCount) {
                assertThat(threads.stream().filter(t -> !t.getName().contains("consumer")).count()).isEqualTo(producerCount);
                start.countDown();
            }
        }

        /** Between two failed attempts: lets the other threads run, and gives up at the run's bound. */
        void pause(String what) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no progress on " + what + " within " + TimeUnit.NANOSECONDS.toSeconds(RUN_BOUND_NANOS) + " s");
            }
            Thread.yield();
        }

        boolean producersDone() {
            return producersRunning.get() == 0;
        }

        /** Waits for every thread; bounded by the test's timeout. */
        void join() throws InterruptedException {
            for (Thread t : threads) {
                t.join();
            }
            if (failure.get() != null) {
                throw new AssertionError("a stress thread failed", failure.get());
            }
        }
    }
}
