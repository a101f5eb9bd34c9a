package io.tempos.trigger;

import io.tempos.core.config.Deployment;
import io.tempos.core.sys.TaskScheduling;
import io.tempos.core.testing.KernelThreads;
import io.tempos.core.testing.TestDeployments;
import io.tempos.core.testing.Workflows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.tempos.core.testing.Workflows.STRICT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A level whose scheduling changes in a new deployment reaches the trigger's running endpoint
 * threads (the UDP reader blocked in its socket included); a changed socket priority, which the
 * sockets were opened with, is refused with the key and nothing of it applied.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TriggerRescheduleTest {

    private static final String STRICT_LEVEL = "[levels.strict]\nqueue-capacity = 64\n";

    @TempDir
    Path dir;

    @Test
    void aChangedPriorityReachesTheEndpointThreadsAndAChangedSocketPriorityIsRefused() throws Exception {
        assumeThat(System.getProperty("user.name")).as("running as root (real-time priorities)").isEqualTo("root");
        String toml = TestDeployments.baseToml() + Workflows.workflow("lock", STRICT);
        assertThat(toml).contains(STRICT_LEVEL);
        try (Trigger trigger = Trigger.start(TriggerFixture.deployment(dir, toml), "gate")) {
            List<Integer> udp = KernelThreads.named("gate-strict-udp");
            assertThat(udp).hasSize(1);
            assertThat(TaskScheduling.of(udp.getFirst())).extracting(TaskScheduling::policy, TaskScheduling::priority).containsExactly("SCHED_FIFO", 96);

            trigger.configure(TriggerFixture.deployment(dir, toml.replace(STRICT_LEVEL, STRICT_LEVEL + "thread-priority = 60\n")));

            assertThat(TaskScheduling.of(udp.getFirst())).extracting(TaskScheduling::policy, TaskScheduling::priority).containsExactly("SCHED_FIFO", 57);

            Deployment before = trigger.configuration();
            assertThatThrownBy(() -> trigger.configure(TriggerFixture.deployment(dir, toml.replace(STRICT_LEVEL, STRICT_LEVEL + "socket-priority = 2\n"))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("level 'strict'").hasMessageContaining("socket-priority (6 -> 2)");
            assertThat(trigger.configuration()).isSameAs(before);
        }
    }
}
