package io.tempos.broker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Once warm, the broker's receiver and queue processor allocate nothing per event: measured
 * with the JVM's per-thread allocation counters on the lane's two threads while 100,000 events
 * pass through real sockets, routed through a least-outstanding group (acknowledgements read)
 * and a round-robin group.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AllocationFreeHotPathTest {

    private static final int WARM_UP_EVENTS = 20_000;
    private static final int MEASURED_EVENTS = 100_000;

    @TempDir
    Path dir;

    @Test
    void receiverAndProcessorAllocateLessThanOneBytePerEventOnceWarm() throws IOException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
        String toml = LaneFixture.baseToml("health-interval-ms = 0", """
                [levels.strict]
                queue-capacity = 65536
                """) + """
                [topics.cams]
                level = "strict"
                groups = [ { name = "pool", members = ["a", "b"], policy = "least-outstanding" }, { name = "copy", members = ["c"] } ]
                """ + LaneFixture.workflow("a-workflow-with-a-longer-name", "cams", "strict");
        try (LaneFixture f = LaneFixture.start(toml, dir);
             TestInvoker a = new TestInvoker(f.strictPorts.get("a"), true);
             TestInvoker b = new TestInvoker(f.strictPorts.get("b"), true);
             TestInvoker c = new TestInvoker(f.strictPorts.get("c"), false)) {
            LevelLane lane = f.broker.lane("strict");
            long receiver = lane.receiverThread().threadId();
            long processor = lane.processorThread().threadId();

            pass(f, WARM_UP_EVENTS);
            long handledBefore = lane.progress().eventsHandled();
            long before = threads.getThreadAllocatedBytes(receiver) + threads.getThreadAllocatedBytes(processor);
            pass(f, MEASURED_EVENTS);
            long after = threads.getThreadAllocatedBytes(receiver) + threads.getThreadAllocatedBytes(processor);
            long handled = lane.progress().eventsHandled() - handledBefore;

            assertThat(handled).as("events the processor sent on").isGreaterThan(MEASURED_EVENTS * 9L / 10);
            double perEvent = (after - before) / (double) handled;
            assertThat(perEvent).as("bytes allocated per event by receiver + processor (%d in all)", after - before)
                    .isLessThan(1.0);
        }
    }

    /** Sends {@code events} events in bursts the queue can hold and waits until the processor handled them all. */
    private static void pass(LaneFixture f, int events) {
        LaneProgress progress = f.broker.lane("strict").progress();
        long start = progress.eventsHandled() + f.stats("a-workflow-with-a-longer-name").droppedTotal();
        for (int sent = 0; sent < events; ) {
            int burst = Math.min(4_000, events - sent);
            for (int i = 0; i < burst; i++) {
                f.send("a-workflow-with-a-longer-name", "strict");
            }
            sent += burst;
            int target = sent;
            await().atMost(LaneFixture.WAIT).until(() -> progress.eventsHandled()
                    + f.stats("a-workflow-with-a-longer-name").droppedTotal() - start >= target
                    || f.broker.stats().socketDrops().getOrDefault("strict", 0L) > 0);
        }
    }
}
