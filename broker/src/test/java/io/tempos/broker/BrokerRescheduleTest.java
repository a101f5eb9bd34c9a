package io.tempos.broker;

import io.tempos.core.config.Deployment;
import io.tempos.core.sys.TaskScheduling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * A level whose scheduling changes in a new deployment reaches the running lane's receiver and
 * processor (each a priority step apart, as at start); a change the lane was built with is
 * refused whole, naming the key, and leaves everything as it was.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BrokerRescheduleTest {

    private static final String STRICT_LEVEL = """
            [levels.strict]
            queue-capacity = 64
            """;

    @TempDir
    Path dir;

    private static String toml(String ports, String levels) {
        return ports.replace(STRICT_LEVEL, levels) + """
                [topics.sq]
                level = "strict"
                subscribers = ["a"]
                """ + LaneFixture.workflow("lock", "sq", "strict");
    }

    @Test
    void aChangedPriorityAndCpuSetReachTheLaneThreadsAndAChangedQueueIsRefused() throws Exception {
        assumeThat(System.getProperty("user.name")).as("running as root (real-time priorities)").isEqualTo("root");
        String base = LaneFixture.baseToml("health-interval-ms = 0", STRICT_LEVEL);
        try (LaneFixture f = LaneFixture.start(toml(base, STRICT_LEVEL), dir)) {
            LaneProgress progress = f.broker.lane("strict").progress();
            await().atMost(LaneFixture.WAIT).until(() -> progress.receiverTid() != 0 && progress.processorTid() != 0);
            assertThat(TaskScheduling.of(progress.receiverTid())).extracting(TaskScheduling::policy, TaskScheduling::priority).containsExactly("SCHED_FIFO", 97);

            f.broker.configure(LaneFixture.parse(toml(base, STRICT_LEVEL + "thread-priority = 50\ncpus = [0]\n"), dir));

            assertThat(TaskScheduling.of(progress.receiverTid())).isEqualTo(new TaskScheduling(progress.receiverTid(), "SCHED_FIFO", 48, 0, List.of(0)));
            assertThat(TaskScheduling.of(progress.processorTid())).isEqualTo(new TaskScheduling(progress.processorTid(), "SCHED_FIFO", 49, 0, List.of(0)));
            assertThat(f.broker.lane("strict").level().threadPriority()).isEqualTo(50);

            Deployment before = f.broker.configuration();
            assertThatThrownBy(() -> f.broker.configure(LaneFixture.parse(toml(base, "[levels.strict]\nqueue-capacity = 8\n"), dir)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("level 'strict'").hasMessageContaining("queue-capacity (64 -> 8)");
            assertThat(f.broker.configuration()).isSameAs(before);
            assertThat(TaskScheduling.of(progress.processorTid())).isEqualTo(new TaskScheduling(progress.processorTid(), "SCHED_FIFO", 49, 0, List.of(0)));
        }
    }
}
