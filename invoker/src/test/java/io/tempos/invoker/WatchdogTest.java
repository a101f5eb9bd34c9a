package io.tempos.invoker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** The watchdog interrupts a worker only inside its armed window, and the worker leaves it uninterrupted. */
@Timeout(30)
class WatchdogTest {

    @Test
    void anArmedDeadlineThatPassesInterruptsItsOwnerOnceAndDisarmingClearsIt() {
        try (Watchdog watchdog = new Watchdog("test-watchdog")) {
            Deadline deadline = watchdog.register(Thread.currentThread());
            deadline.start(System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(20));
            deadline.armInterrupt();
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Thread.currentThread().isInterrupted() && System.nanoTime() - giveUp < 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // parking returns at once when interrupted
            }
            assertThat(deadline.disarmInterrupt()).isTrue();
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }
    }

    @Test
    void aDeadlineDisarmedInTimeNeverInterrupts() throws Exception {
        try (Watchdog watchdog = new Watchdog("test-watchdog")) {
            Deadline deadline = watchdog.register(Thread.currentThread());
            for (int i = 0; i < 1000; i++) {
                deadline.start(System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(50));
                deadline.armInterrupt();
                assertThat(deadline.disarmInterrupt()).isFalse();
            }
            // Past every limit now: a late interrupt would show here.
            deadline.start(System.nanoTime(), 0);
            Thread.sleep(150);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }
    }

    @Test
    void anUnwatchedDeadlineIsOnlyPolled() {
        Deadline deadline = Deadline.unwatched(TimeUnit.MILLISECONDS.toNanos(5));
        deadline.armInterrupt();
        assertThat(deadline.disarmInterrupt()).isFalse();
        assertThat(deadline.timeoutMs()).isEqualTo(5);
    }
}
