package io.tempos.broker;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link WakeSignal}: a parked consumer is woken by a signal, and a signal that lands between
 * the consumer's publishing itself and its park is not lost.
 *
 * <p>How a lost wake-up is seen: {@code await} parks for at most {@link #PARK_BOUND} and then
 * returns by itself, so a lost signal does not hang the consumer — it makes its park run to the
 * bound. {@code parkNanos} never returns early except when unparked (or, rarely, spuriously), so
 * a park that ends well before the bound was ended by the signal. The control test shows that
 * this tell is real: without a signal the park does run to its bound.
 */
class WakeSignalTest {

    /** WakeSignal's MAX_PARK_NANOS. */
    private static final long PARK_BOUND_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final Duration PARK_BOUND = Duration.ofNanos(PARK_BOUND_NANOS);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void parkedConsumerIsWokenBySignal() throws Exception {
        WakeSignal signal = new WakeSignal();
        AtomicBoolean work = new AtomicBoolean();
        AtomicLong parkedNanos = new AtomicLong(-1);
        Thread consumer = Thread.ofPlatform().name("wake-consumer").start(() -> {
            // Parks again if a park ends at its bound before the test got to signal.
            while (true) {
                long start = System.nanoTime();
                signal.await(work::get);
                if (work.get()) {
                    parkedNanos.set(System.nanoTime() - start);
                    return;
                }
            }
        });
        awaitParkedOn(consumer, signal);
        work.set(true);
        signal.signal();

        await().atMost(WAIT).until(() -> parkedNanos.get() >= 0);
        consumer.join();
        assertThat(Duration.ofNanos(parkedNanos.get())).as("the park ended by the signal, not at its bound").isLessThan(PARK_BOUND);
    }

    /** Control: with no signal, the park runs to its bound (and still returns, so a closed lane is noticed). */
    @Test
    void unsignalledParkRunsToItsBoundAndReturns() {
        WakeSignal signal = new WakeSignal();
        long start = System.nanoTime();
        signal.await(() -> false);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(PARK_BOUND);
    }

    /** A consumer that finds work after publishing itself does not park at all. */
    @Test
    void consumerWithWorkDoesNotPark() {
        WakeSignal signal = new WakeSignal();
        long start = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            signal.await(() -> true);
        }
        // A thousand parks would take 100 s; this returns at once.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PARK_BOUND);
    }

    @Test
    void signalWithoutWaiterIsHarmless() {
        WakeSignal signal = new WakeSignal();
        for (int i = 0; i < 1_000; i++) {
            signal.signal();
        }
        // A later await with work still returns; one stale permit may end one park early, no more.
        signal.await(() -> true);
    }

    /**
     * The race the class exists for, forced 10,000 times: the consumer has published itself and
     * looked at an empty queue ({@code hasWork} is about to answer false); exactly then another
     * thread offers and signals; then the consumer parks. The signal must not be lost: the park
     * must end at once on the pending wake-up, not at its bound.
     *
     * <p>The producer runs on its own thread and the hand-off spins on volatile flags: a
     * hand-off through a latch would park the consumer and consume the very wake-up under test.
     * Only the park itself is timed (from {@code hasWork}'s answer to {@code await}'s return).
     */
    @Test
    void signalBetweenPublishAndParkIsNotLost() throws Exception {
        WakeSignal signal = new WakeSignal();
        AtomicLong request = new AtomicLong();
        AtomicLong done = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread producer = Thread.ofPlatform().name("wake-producer").daemon(true).start(() -> {
            long served = 0;
            while (!Thread.currentThread().isInterrupted()) {
                if (request.get() > served) {
                    served++;
                    signal.signal();
                    done.set(served);
                } else {
                    Thread.onSpinWait();
                }
            }
        });
        try {
            long deadline = System.nanoTime() + WAIT.toNanos();
            for (long round = 1; round <= 10_000; round++) {
                long r = round;
                long[] lookedAt = new long[1];
                BooleanSupplier emptyThenSignalled = () -> {
                    // Waiter is published; the producer offers and signals now, before the park.
                    request.set(r);
                    while (done.get() < r) {
                        if (System.nanoTime() > deadline) {
                            failure.compareAndSet(null, new AssertionError("producer did not answer round " + r));
                            break;
                        }
                        Thread.onSpinWait();
                    }
                    lookedAt[0] = System.nanoTime();
                    return false;
                };
                signal.await(emptyThenSignalled);
                long parked = System.nanoTime() - lookedAt[0];
                assertThat(failure.get()).isNull();
                assertThat(Duration.ofNanos(parked)).as("park of round %d: a lost signal parks for the whole bound", round)
                        .isLessThan(PARK_BOUND);
            }
        } finally {
            producer.interrupt();
            producer.join(WAIT.toMillis());
        }
    }

    /**
     * The lane's pattern end to end: a producer offers to a {@link BoundedQueue} and signals; a
     * parking consumer drains it. All 100,000 elements arrive, in order.
     */
    @Test
    void consumerParkingOnSignalReceivesEveryElement() throws Exception {
        BoundedQueue<Integer> queue = new BoundedQueue<>(8);
        WakeSignal signal = new WakeSignal();
        int elements = 100_000;
        AtomicLong received = new AtomicLong();
        AtomicReference<String> problem = new AtomicReference<>();
        Thread consumer = Thread.ofPlatform().name("wake-consumer").daemon(true).start(() -> {
            int expected = 0;
            while (expected < elements && !Thread.currentThread().isInterrupted()) {
                Integer e = queue.poll();
                if (e == null) {
                    signal.await(() -> !queue.isEmpty());
                    continue;
                }
                if (e != expected) {
                    problem.compareAndSet(null, "got " + e + " expecting " + expected);
                }
                expected++;
                received.set(expected);
            }
        });
        for (int i = 0; i < elements; i++) {
            while (!queue.offer(i)) {
                Thread.yield();
            }
            signal.signal();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> received.get() == elements);
        consumer.join(WAIT.toMillis());
        assertThat(problem.get()).isNull();
    }

    /** Spins (bounded) until {@code thread} is parked with {@code blocker}: set just before the park. */
    private static void awaitParkedOn(Thread thread, Object blocker) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!(LockSupport.getBlocker(thread) == blocker && thread.getState() == Thread.State.TIMED_WAITING)) {
            assertThat(System.nanoTime()).as("consumer parked within %s", WAIT).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
