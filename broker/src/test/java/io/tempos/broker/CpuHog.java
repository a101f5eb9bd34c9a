package io.tempos.broker;

import io.tempos.core.qos.SchedPolicy;
import io.tempos.core.sys.Linux;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A thread that takes one CPU away from every normally scheduled thread: pinned to the CPU,
 * SCHED_FIFO priority 1 (above any SCHED_OTHER thread, below the strict lane's 99), spinning
 * until closed or until its bound, whichever comes first. The bound stays under the kernel's
 * real-time budget (sched_rt_runtime_us, 950 ms of each second by default) so the kernel never
 * throttles it midway, and so that a failing test cannot hold the CPU for long.
 */
final class CpuHog implements AutoCloseable {

    private final Thread thread;
    private final long deadlineNanos;
    private final CountDownLatch holding = new CountDownLatch(1);
    private volatile boolean stop;
    private volatile boolean expired;
    private volatile int schedulerError;

    private CpuHog(int cpu, Duration bound) {
        this.deadlineNanos = System.nanoTime() + bound.toNanos();
        this.thread = Thread.ofPlatform().name("test-cpu-hog").daemon(true).unstarted(() -> {
            int affinity = Linux.setAffinity(List.of(cpu));
            int policy = affinity != 0 ? affinity : Linux.setScheduler(SchedPolicy.FIFO.linuxConstant(), 1);
            if (policy != 0) {
                schedulerError = policy;
                holding.countDown();
                return;
            }
            holding.countDown();
            while (!stop) {
                if (System.nanoTime() > deadlineNanos) {
                    expired = true;
                    return;
                }
                Thread.onSpinWait();
            }
        });
    }

    /**
     * Starts hogging {@code cpu} for at most {@code bound}; returns once the hog holds it.
     *
     * @throws IllegalStateException when the thread cannot get SCHED_FIFO on that CPU
     */
    static CpuHog start(int cpu, Duration bound) throws InterruptedException {
        CpuHog hog = new CpuHog(cpu, bound);
        hog.thread.start();
        if (!hog.holding.await(10, TimeUnit.SECONDS)) {
            hog.close();
            throw new IllegalStateException("the hog thread did not start");
        }
        if (hog.schedulerError != 0) {
            throw new IllegalStateException("cannot hog CPU " + cpu + ": " + Linux.describe(hog.schedulerError));
        }
        return hog;
    }

    /** True while the hog still holds its CPU (it has neither been closed nor reached its bound). */
    boolean holding() {
        return !expired && !stop && thread.isAlive();
    }

    /** Time left before the hog lets go by itself. */
    Duration remaining() {
        return Duration.ofNanos(Math.max(1, deadlineNanos - System.nanoTime()));
    }

    @Override
    public void close() {
        stop = true;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
