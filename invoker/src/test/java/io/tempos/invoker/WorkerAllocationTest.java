package io.tempos.invoker;

import io.tempos.core.testing.ThreadAllocations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.tempos.invoker.InvokerFixture.STRICT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Once warm, a strict worker allocates nothing per event: it finds the route by the frame's
 * name bytes, calls the warm native function on its receive buffer and answers the broker,
 * without a String, array or segment per event (measured with the JVM's per-thread allocation
 * counter over 50,000 events through a real socket).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkerAllocationTest {

    private static final int WARM_UP_EVENTS = 20_000;
    private static final int MEASURED_EVENTS = 50_000;
    private static final int BURST = 200;
    private static final String WORKFLOW = "door-lock-with-a-longer-name";

    @TempDir
    Path dir;

    @Test
    void aStrictWorkerRunningAWarmNativeFunctionAllocatesLessThanOneBytePerEventOnceWarm() throws Exception {
        try (InvokerFixture f = InvokerFixture.start(InvokerFixture.dlfWorkflow(WORKFLOW, STRICT, "warm"), dir)) {
            byte[] payload = Artifacts.event1k5();
            String thread = "invoker-edge-" + STRICT + "-0";

            pass(f, payload, WARM_UP_EVENTS);
            long completedBefore = f.completed(WORKFLOW);
            long before = ThreadAllocations.allocatedBy(thread);
            pass(f, payload, MEASURED_EVENTS);
            long after = ThreadAllocations.allocatedBy(thread);
            long completed = f.completed(WORKFLOW) - completedBefore;

            assertThat(completed).as("events completed while measured").isGreaterThan(MEASURED_EVENTS * 9L / 10);
            assertThat((after - before) / (double) completed)
                    .as("bytes allocated per event by %s (%d in all)", thread, after - before).isLessThan(1.0);
        }
    }

    /** Sends {@code events} events in bursts the socket holds, each burst awaited at the worker. */
    private static void pass(InvokerFixture f, byte[] payload, int events) {
        for (int sent = 0; sent < events; ) {
            long handledBefore = handled(f);
            int burst = Math.min(BURST, events - sent);
            for (int i = 0; i < burst; i++) {
                f.sender.send(f.port(STRICT), WORKFLOW, STRICT, payload);
            }
            sent += burst;
            InvokerFixture.waiting().until(() -> handled(f) - handledBefore >= burst
                    || f.invoker.stats().socketDrops().getOrDefault(STRICT, 0L) > 0);
        }
    }

    private static long handled(InvokerFixture f) {
        return f.completed(WORKFLOW) + f.snapshot(WORKFLOW).droppedTotal();
    }
}
