package io.tempos.broker;

import io.tempos.core.config.Deployment;
import io.tempos.core.stats.DropReason;
import io.tempos.core.stats.WorkflowSnapshot;
import io.tempos.core.sys.TaskScheduling;
import io.tempos.core.testing.KernelThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import static io.tempos.broker.BrokerFixture.POLL;
import static io.tempos.broker.BrokerFixture.WAIT;
import static io.tempos.core.testing.Workflows.BEST_EFFORT;
import static io.tempos.core.testing.Workflows.LOCK_AND_BULK;
import static io.tempos.core.testing.Workflows.STRICT;
import static io.tempos.core.testing.Workflows.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The lanes' threads under real Linux scheduling (needs root for SCHED_FIFO): the strict lane
 * runs SCHED_FIFO 99, and a strict event passes while the best-effort lane's processor has no
 * CPU and its queue is full.
 */
class BrokerSchedulingTest {

    @TempDir
    Path dir;

    @Test
    void strictLaneThreadsRunSchedFifo99AndBestEffortThreadsNormally() throws Exception {
        assumeRoot();
        Deployment deployment = BrokerFixture.deployment(dir, BrokerFixture.baseToml("sched") + workflow("lock", STRICT));
        try (BrokerFixture fixture = BrokerFixture.start(deployment, "sched")) {
            // Downstream above upstream (PipelineStage): the processor one step under the level's 99, the receiver two.
            for (Map.Entry<String, Integer> expected : Map.of("sched-strict-processor", 98, "sched-strict-receiver", 97).entrySet()) {
                String thread = expected.getKey();
                // Each thread applies its scheduling to itself as it starts: wait for it, bounded.
                await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> {
                    assertThat(TaskScheduling.of(single(thread)).policy()).as("%s policy", thread).isEqualTo("SCHED_FIFO");
                });
                assertThat(TaskScheduling.of(single(thread)).priority()).as("%s priority", thread).isEqualTo(expected.getValue());
            }
            // Both best-effort threads share the truncated name "sched-best-effo".
            List<Integer> bestEffort = KernelThreads.named("sched-best-effort-processor");
            assertThat(bestEffort).hasSize(2);
            assertThat(bestEffort).allSatisfy(tid -> {
                assertThat(TaskScheduling.of(tid).policy()).isEqualTo("SCHED_OTHER");
                assertThat(TaskScheduling.of(tid).priority()).isZero();
            });
            fixture.assertStillForwards("lock", STRICT);
        }
    }

    /**
     * The end-to-end form of "the lanes share nothing", over real sockets. The best-effort
     * processor is pinned to one CPU and a SCHED_FIFO thread of the test takes that CPU
     * ({@link CpuHog}, bounded under a second); the best-effort receiver keeps the other CPUs.
     * Best-effort events then fill the queue (drop-oldest evicts the rest) and nothing drains it.
     * While that holds, a strict event goes through — and the best-effort processor has sent
     * nothing meanwhile, so the queue was full the whole time. Once the CPU is back, the
     * best-effort lane drains and every event is accounted for.
     */
    @Test
    void strictEventPassesWhileTheBestEffortQueueIsFull() throws Exception {
        assumeRoot();
        int cpus = Runtime.getRuntime().availableProcessors();
        assumeThat(cpus).as("one CPU to starve the best-effort processor on, one for everything else").isGreaterThanOrEqualTo(2);
        Deployment deployment = BrokerFixture.deployment(dir, BrokerFixture.baseToml("b") + LOCK_AND_BULK);
        int capacity = deployment.levels().get(BEST_EFFORT).queueCapacity();
        int burst = 4 * capacity;

        try (BrokerFixture fixture = BrokerFixture.start(deployment, "b")) {
            fixture.assertStillForwardsOnBothLevels();
            int victim = cpus - 1;
            List<Integer> rest = IntStream.range(0, cpus).filter(cpu -> cpu != victim).boxed().toList();
            CpuAffinity.pin(single("b-best-effort-processor"), List.of(victim));
            CpuAffinity.pin(single("b-best-effort-receiver"), rest);
            WorkflowSnapshot before = fixture.workflow("bulk");

            try (CpuHog hog = hogOrSkip(victim)) {
                for (int i = 0; i < burst; i++) {
                    fixture.send(BEST_EFFORT, Frames.frame(i, "bulk", BEST_EFFORT));
                }
                // The receiver takes in the whole burst; the queue holds `capacity` of it.
                boolean filled = awaitWhileHogHolds(hog, () -> fixture.workflow("bulk").received() == before.received() + burst);
                assumeThat(filled).as("precondition: the best-effort receiver took the burst in while the CPU was hogged"
                        + " (machine too busy?) %s", fixture.workflow("bulk")).isTrue();
                // Other real-time work on the machine can eat the hog's RT budget, and the kernel's
                // RT throttling then lets the processor run: that voids the setup, not the claim.
                assumeThat(fixture.workflow("bulk").forwarded()).as("precondition: the best-effort processor stayed starved")
                        .isEqualTo(before.forwarded());
                assumeThat(fixture.broker.queueDepths().get(BEST_EFFORT)).as("precondition: the best-effort queue is full")
                        .isEqualTo(capacity);
                assertThat(fixture.dropped("bulk", DropReason.EVICTED)).isEqualTo(burst - capacity);

                long id = fixture.sendEvent("lock", STRICT);
                fixture.awaitEvent(STRICT, id);

                assertThat(hog.holding()).as("the best-effort processor was kept off its CPU until the strict event arrived").isTrue();
                assertThat(fixture.workflow("bulk").forwarded()).as("best-effort events sent meanwhile").isEqualTo(before.forwarded());
                assertThat(fixture.broker.queueDepths().get(BEST_EFFORT)).as("best-effort queue still full").isEqualTo(capacity);
            }

            await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> {
                WorkflowSnapshot bulk = fixture.workflow("bulk");
                assertThat(bulk.forwarded()).isEqualTo(before.forwarded() + capacity);
                assertThat(bulk.dropped()).containsExactly(Map.entry(DropReason.EVICTED.label(), (long) burst - capacity));
                assertThat(bulk.received()).isEqualTo(bulk.forwarded() + bulk.droppedTotal());
            });
            assertThat(fixture.workflow("lock").dropped()).isEmpty();
            fixture.assertStillForwards("bulk", BEST_EFFORT);
        }
    }

    /** Waits until {@code condition} holds or the hog lets go; true when it held in time. */
    private static boolean awaitWhileHogHolds(CpuHog hog, BooleanSupplier condition) {
        await().atMost(hog.remaining().plus(WAIT)).pollInterval(Duration.ofMillis(1))
                .until(() -> condition.getAsBoolean() || !hog.holding());
        return condition.getAsBoolean() && hog.holding();
    }

    /** A {@link CpuHog} on {@code cpu}, or the test skipped when this process may not run SCHED_FIFO. */
    private static CpuHog hogOrSkip(int cpu) throws InterruptedException {
        try {
            return CpuHog.start(cpu, Duration.ofMillis(900));
        } catch (IllegalStateException e) {
            assumeThat(e.getMessage()).as("real-time scheduling available").isNull();
            throw e;
        }
    }

    private static int single(String threadName) {
        List<Integer> tids = KernelThreads.named(threadName);
        assertThat(tids).as("threads named %s", threadName).hasSize(1);
        return tids.getFirst();
    }

    private static void assumeRoot() {
        assumeThat(System.getProperty("user.name")).as("SCHED_FIFO needs root").isEqualTo("root");
    }
}
