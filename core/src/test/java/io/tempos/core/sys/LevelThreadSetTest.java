package io.tempos.core.sys;

import io.tempos.core.qos.OverflowPolicy;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.qos.SchedPolicy;
import io.tempos.core.qos.WaitStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * A level changed at run time reaches the threads that serve it, from outside them: a thread
 * blocked on a latch (as a receiver blocks in a socket read) is rescheduled all the same.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LevelThreadSetTest {

    private static QosLevel level(String name, SchedPolicy policy, int priority, List<Integer> cpus) {
        return new QosLevel(name, "udp", 0, policy, priority, cpus, 64, OverflowPolicy.DROP_NEWEST, WaitStrategy.PARK, 1);
    }

    @Test
    void aBlockedThreadTakesTheNewPolicyPriorityAndCpusOfItsLevelAndOnlyItsLevel() throws Exception {
        assumeThat(ThreadProbe.isRoot()).as("running as root (real-time priorities)").isTrue();
        LevelThreadSet set = new LevelThreadSet();
        CountDownLatch release = new CountDownLatch(1);
        Runnable blocked = () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        Thread gold = set.start(level("gold", SchedPolicy.OTHER, 5, List.of()), PipelineStage.WORKER, "gold-0", blocked);
        Thread silver = set.start(level("silver", SchedPolicy.OTHER, 7, List.of()), PipelineStage.QUEUE_PROCESSOR, "silver-0", blocked);
        await().atMost(Duration.ofSeconds(10)).until(() -> set.threadIds("gold").size() == 1 && set.threadIds("silver").size() == 1);
        int goldTid = set.threadIds("gold").getFirst();
        int silverTid = set.threadIds("silver").getFirst();
        assertThat(TaskScheduling.of(goldTid)).isEqualTo(new TaskScheduling(goldTid, "SCHED_OTHER", 0, 5, TaskScheduling.of(silverTid).cpus()));

        List<String> refused = set.reschedule(Map.of("gold", level("gold", SchedPolicy.FIFO, 40, List.of(0))));

        assertThat(refused).isEmpty();
        assertThat(TaskScheduling.of(goldTid)).isEqualTo(new TaskScheduling(goldTid, "SCHED_FIFO", 40, 0, List.of(0)));
        assertThat(TaskScheduling.of(silverTid).nice()).as("another level's thread is left alone").isEqualTo(7);

        set.reschedule(Map.of("gold", level("gold", SchedPolicy.OTHER, 3, List.of()),
                "silver", level("silver", SchedPolicy.RR, 20, List.of())));

        TaskScheduling goldBack = TaskScheduling.of(goldTid);
        assertThat(goldBack.policy()).isEqualTo("SCHED_OTHER");
        assertThat(goldBack.nice()).isEqualTo(3);
        assertThat(goldBack.cpus()).as("an empty CPU set lifts the pin").isNotEqualTo(List.of(0));
        assertThat(TaskScheduling.of(silverTid)).as("the processor stage runs one step below the level")
                .extracting(TaskScheduling::policy, TaskScheduling::priority).containsExactly("SCHED_RR", 19);

        release.countDown();
        gold.join();
        silver.join();
        assertThat(set.threadIds("gold")).as("an ended thread leaves the set").isEmpty();
    }
}
