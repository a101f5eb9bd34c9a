package io.tempos.core.sys;

import io.tempos.core.qos.OverflowPolicy;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.qos.SchedPolicy;
import io.tempos.core.qos.WaitStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static io.tempos.core.sys.ThreadProbe.onFreshPlatformThread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** What the kernel has for a thread, read from /proc, against what a level asks. */
@Timeout(30)
class TaskSchedulingTest {

    @Test
    void readsTheKernelsSchedulingOfAThreadAsProcSaysIt() throws Exception {
        Object[] both = onFreshPlatformThread(() -> new Object[] {TaskScheduling.of(Linux.gettid()), ThreadProbe.cpusAllowed()});
        TaskScheduling seen = (TaskScheduling) both[0];

        assertThat(seen).isNotNull();
        assertThat(seen.policy()).isEqualTo("SCHED_OTHER");
        assertThat(seen.priority()).isZero();
        assertThat(seen.cpus()).isNotEmpty().isEqualTo(TaskScheduling.cpuList((String) both[1]));
        assertThat(seen.describe()).isEqualTo("SCHED_OTHER nice " + seen.nice());
        assertThat(seen.matches(level(SchedPolicy.OTHER, seen.nice(), List.of()), PipelineStage.QUEUE_PROCESSOR)).isTrue();
        assertThat(seen.matches(level(SchedPolicy.FIFO, 99, List.of()), PipelineStage.QUEUE_PROCESSOR)).isFalse();
    }

    @Test
    void aRealTimeThreadMatchesTheLevelAtItsStageOnly() throws Exception {
        assumeThat(ProcessCapabilities.has(ProcessCapabilities.CAP_SYS_NICE)).as("CAP_SYS_NICE (root)").isTrue();
        QosLevel strict = QosLevel.strict();

        TaskScheduling seen = onFreshPlatformThread(() -> {
            ThreadScheduling.apply(strict, "probe", PipelineStage.QUEUE_PROCESSOR);
            return TaskScheduling.of(Linux.gettid());
        });

        assertThat(seen.policy()).isEqualTo("SCHED_FIFO");
        assertThat(seen.priority()).isEqualTo(98);
        assertThat(seen.isRealTime()).isTrue();
        assertThat(seen.matches(strict, PipelineStage.QUEUE_PROCESSOR)).isTrue();
        assertThat(seen.matches(strict, PipelineStage.QUEUE_RECEIVER)).as("the receiver's stage asks 97").isFalse();
        assertThat(TaskScheduling.describe(strict, PipelineStage.QUEUE_PROCESSOR)).isEqualTo("SCHED_FIFO 98");
    }

    @Test
    void aCpuSetIsInForceOnlyWhenTheKernelHasExactlyIt() {
        TaskScheduling onBoth = new TaskScheduling(1, "SCHED_OTHER", 0, 0, List.of(0, 1));
        assertThat(onBoth.cpusMatch(level(SchedPolicy.OTHER, 0, List.of()))).as("no CPU set asked").isTrue();
        assertThat(onBoth.cpusMatch(level(SchedPolicy.OTHER, 0, List.of(1, 0)))).isTrue();
        assertThat(onBoth.cpusMatch(level(SchedPolicy.OTHER, 0, List.of(1)))).isFalse();
        assertThat(onBoth.policyMatches(level(SchedPolicy.OTHER, 0, List.of(1)), PipelineStage.WORKER)).isTrue();
        assertThat(TaskScheduling.describe(level(SchedPolicy.OTHER, 5, List.of(1)), PipelineStage.WORKER))
                .isEqualTo("SCHED_OTHER nice 5 on CPUs [1]");
    }

    @Test
    void noThreadGivesNothing() {
        assertThat(TaskScheduling.of(0)).isNull();
        assertThat(TaskScheduling.of(Integer.MAX_VALUE)).isNull();
    }

    @Test
    void parsesKernelCpuLists() {
        assertThat(TaskScheduling.cpuList("0-3,6,8-9")).containsExactly(0, 1, 2, 3, 6, 8, 9);
        assertThat(TaskScheduling.cpuList("1")).containsExactly(1);
        assertThat(TaskScheduling.cpuList("")).isEmpty();
    }

    private static QosLevel level(SchedPolicy policy, int priority, List<Integer> cpus) {
        return new QosLevel("probe", "udp", 0, policy, priority, cpus, 16, OverflowPolicy.DROP_NEWEST, WaitStrategy.PARK, 1);
    }
}
