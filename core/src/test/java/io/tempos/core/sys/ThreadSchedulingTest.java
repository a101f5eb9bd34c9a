package io.tempos.core.sys;

import io.tempos.core.qos.OverflowPolicy;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.qos.SchedPolicy;
import io.tempos.core.qos.WaitStrategy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.tempos.core.sys.ThreadProbe.onFreshPlatformThread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/** Every change of scheduling happens on a fresh platform thread that ends with the test. */
class ThreadSchedulingTest {

    private static final int SCHED_OTHER = 0;
    private static final int SCHED_FIFO = 1;

    @Test
    void theStrictLevelGivesSchedFifo99WhenRunningAsRoot() throws Exception {
        assumeThat(ThreadProbe.isRoot()).as("running as root").isTrue();

        long[] seen = onFreshPlatformThread(() -> new long[] {
                ThreadScheduling.apply(QosLevel.strict(), "strict probe") ? 1 : 0,
                Linux.getScheduler(0), ThreadProbe.policy(), ThreadProbe.rtPriority()});

        assertThat(seen[0]).as("apply returned true").isEqualTo(1);
        assertThat(seen[1]).as("sched_getscheduler").isEqualTo(SCHED_FIFO);
        assertThat(seen[2]).as("policy in /proc").isEqualTo(SCHED_FIFO);
        assertThat(seen[3]).as("rt_priority in /proc").isEqualTo(99);
    }

    @Test
    void aPolicyTheKernelRefusesLeavesTheThreadRunningUnderNormalScheduling() throws Exception {
        QosLevel impossible = level(SchedPolicy.FIFO, 100, List.of());   // the kernel's range is 1..99

        String outcome = onFreshPlatformThread(() -> {
            boolean applied = ThreadScheduling.apply(impossible, "refused probe");
            return applied + " " + Linux.getScheduler(0) + " still running";
        });

        assertThat(outcome).isEqualTo("false " + SCHED_OTHER + " still running");
    }

    @Test
    void aRefusalIsWarnedAboutOncePerKindForTheWholeProcess() throws Exception {
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger(ThreadScheduling.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            QosLevel impossible = level(SchedPolicy.RR, 100, List.of());   // a kind no other test causes
            onFreshPlatformThread(() -> ThreadScheduling.apply(impossible, "first"));
            onFreshPlatformThread(() -> ThreadScheduling.apply(impossible, "second"));
        } finally {
            logger.removeHandler(handler);
        }

        assertThat(warnings).singleElement().satisfies(w -> {
            assertThat(w.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
            assertThat(w.getMessage()).startsWith("cannot give first SCHED_RR 100: EINVAL");
        });
    }

    @Test
    void aNiceValueIsAppliedToTheThreadAlone() throws Exception {
        long[] seen = onFreshPlatformThread(() -> new long[] {
                ThreadScheduling.apply(level(SchedPolicy.OTHER, 5, List.of()), "nice probe") ? 1 : 0, ThreadProbe.nice()});

        assertThat(seen[0]).as("apply returned true").isEqualTo(1);
        assertThat(seen[1]).as("nice of the probe thread").isEqualTo(5);
        assertThat(ThreadProbe.nice()).as("nice of the test thread").isNotEqualTo(5);
    }

    @Test
    void aNegativeNiceValueAsRoot() throws Exception {
        assumeThat(ThreadProbe.isRoot()).as("running as root").isTrue();

        long[] seen = onFreshPlatformThread(() -> new long[] {
                ThreadScheduling.apply(level(SchedPolicy.OTHER, -5, List.of()), "nice probe") ? 1 : 0, ThreadProbe.nice()});

        assertThat(seen).containsExactly(1, -5);
    }

    @Test
    void theLevelsCpusPinTheThread() throws Exception {
        int cpu = Integer.parseInt(ThreadProbe.cpusAllowed().split("[-,]")[0]);   // one this process may use

        String[] seen = onFreshPlatformThread(() -> new String[] {
                Boolean.toString(ThreadScheduling.apply(level(SchedPolicy.OTHER, 0, List.of(cpu)), "pinned probe")),
                ThreadProbe.cpusAllowed()});

        assertThat(seen).containsExactly("true", Integer.toString(cpu));
    }

    @Test
    void cpusTheMachineDoesNotHaveAreRefusedAndTheThreadKeepsItsMask() throws Exception {
        String before = ThreadProbe.cpusAllowed();

        String[] seen = onFreshPlatformThread(() -> new String[] {
                Boolean.toString(ThreadScheduling.apply(level(SchedPolicy.OTHER, 0, List.of(1000)), "pinned probe")),
                ThreadProbe.cpusAllowed()});

        assertThat(seen).containsExactly("false", before);
    }

    @Test
    void aVirtualThreadCannotTakeALevel() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread virtual = Thread.ofVirtual().start(() -> {
            try {
                ThreadScheduling.apply(QosLevel.bestEffort(), "a handler");
            } catch (Throwable t) {
                thrown.set(t);
            }
        });

        assertThat(virtual.join(Duration.ofSeconds(10))).isTrue();
        assertThatThrownBy(() -> {
            throw thrown.get();
        }).isInstanceOf(IllegalStateException.class).hasMessage("a handler: scheduling applies to platform threads only");
    }

    @Test
    void levelThreadsAreNamedDaemonPlatformThreadsThatTakeTheLevelFirst() throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        QosLevel nice3 = level(SchedPolicy.OTHER, 3, List.of());

        Thread thread = new LevelThreadSet().start(nice3, PipelineStage.WORKER, "gold worker", () -> {
            Thread self = Thread.currentThread();
            seen.set(self.getName() + " virtual=" + self.isVirtual() + " daemon=" + self.isDaemon() + " nice=" + ThreadProbe.nice());
        });

        assertThat(thread.join(Duration.ofSeconds(10))).isTrue();
        assertThat(seen.get()).isEqualTo("gold worker virtual=false daemon=true nice=3");
    }

    @Test
    void describesALevelsScheduling() {
        assertThat(ThreadScheduling.describe(QosLevel.strict())).isEqualTo("SCHED_FIFO 99");
        assertThat(ThreadScheduling.describe(QosLevel.bestEffort())).isEqualTo("SCHED_OTHER nice 0");
        assertThat(ThreadScheduling.describe(level(SchedPolicy.RR, 10, List.of(0, 1)))).isEqualTo("SCHED_RR 10 on CPUs [0, 1]");
    }

    private static QosLevel level(SchedPolicy policy, int priority, List<Integer> cpus) {
        return new QosLevel("probe", "udp", 0, policy, priority, cpus, 16, OverflowPolicy.DROP_NEWEST, WaitStrategy.PARK, 1);
    }
}
