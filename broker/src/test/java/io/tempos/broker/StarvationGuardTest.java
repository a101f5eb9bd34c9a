package io.tempos.broker;

import io.tempos.core.qos.SchedPolicy;
import io.tempos.core.sys.Linux;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * A real starvation: a SCHED_FIFO 10 thread spins on the one CPU the best-effort lane may use,
 * so the lane's SCHED_OTHER threads cannot run. With {@code max-wait-ms} the guard boosts them
 * above the spinner and the event gets through; the boost is counted, and the threads get their
 * own policy back. (Functional, not timed: the kernel's real-time throttling would let the lane
 * through within a second anyway; the count shows the guard did it.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StarvationGuardTest {

    @TempDir
    Path dir;

    @Test
    void aStarvedBestEffortLaneIsBoostedAndItsEventDelivered() throws Exception {
        assumeThat(System.getProperty("user.name")).as("real-time scheduling needs root").isEqualTo("root");
        int cpus = Runtime.getRuntime().availableProcessors();
        assumeThat(cpus).as("a CPU to starve and one for the rest").isGreaterThanOrEqualTo(2);
        int victim = cpus - 1;
        String toml = LaneFixture.baseToml("health-interval-ms = 0", """
                [levels.best-effort]
                cpus = [%d]
                max-wait-ms = 20
                boost-priority = 20
                """.formatted(victim)) + """
                [topics.cams]
                level = "best-effort"
                subscribers = ["a"]
                """ + LaneFixture.workflow("w", "cams", "best-effort");
        AtomicBoolean stop = new AtomicBoolean();
        try (LaneFixture f = LaneFixture.start(toml, dir);
             TestInvoker a = new TestInvoker(f.deployment.invokers().get("a").ports().get("best-effort"), true)) {
            LaneProgress lane = f.broker.lane("best-effort").progress();
            await().atMost(LaneFixture.WAIT).until(() -> lane.receiverTid() != 0 && lane.processorTid() != 0);
            // The kernel's real-time throttling (or another process's real-time work) can let
            // the lane through before the guard acts: try again until the guard did it.
            int sent = 0;
            while (!f.broker.guard().boosts().containsKey("best-effort") && sent < 20) {
                stop.set(false);
                Thread hog = startHog(victim, stop);
                try {
                    f.send("w", "best-effort");
                    int expected = ++sent;
                    await().atMost(LaneFixture.WAIT).until(() -> a.count() == expected);
                } finally {
                    stop.set(true);
                    hog.join(5_000);
                }
            }
            assertThat(f.broker.guard().boosts()).containsKey("best-effort");
            assertThat(f.broker.guard().boosts().get("best-effort")).isPositive();
            assertThat(a.count()).as("every event got through").isEqualTo(sent);
            // Once the lane moved, the guard gives it back its own policy.
            await().atMost(LaneFixture.WAIT).until(() -> Linux.getScheduler(lane.processorTid()) == SchedPolicy.OTHER.linuxConstant()
                    && Linux.getScheduler(lane.receiverTid()) == SchedPolicy.OTHER.linuxConstant());
        }
    }

    /** A SCHED_FIFO 10 thread spinning on {@code cpu} until {@code stop}; returns once it spins. */
    private static Thread startHog(int cpu, AtomicBoolean stop) throws InterruptedException {
        CountDownLatch spinning = new CountDownLatch(1);
        AtomicInteger failure = new AtomicInteger();
        Thread hog = Thread.ofPlatform().daemon(true).name("fifo-hog").start(() -> {
            int rc = Linux.setAffinity(List.of(cpu));
            rc = rc != 0 ? rc : Linux.setScheduler(SchedPolicy.FIFO.linuxConstant(), 10);
            failure.set(rc);
            spinning.countDown();
            if (rc != 0) {
                return;
            }
            long spins = 0;
            while (!stop.get()) {
                spins++;
            }
            assertThat(spins).isPositive();
        });
        spinning.await();
        assumeThat(failure.get()).as("SCHED_FIFO and pinning for the hog: " + Linux.describe(failure.get())).isZero();
        return hog;
    }
}
