package io.tempos.invoker;

import io.tempos.core.config.Deployment;
import io.tempos.core.sys.TaskScheduling;
import io.tempos.core.testing.KernelThreads;
import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.tempos.invoker.InvokerFixture.STRICT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A level whose scheduling changes in a new deployment reaches the running workers; a change
 * to what the workers were built with (their number) is refused with the key, and nothing of
 * it is applied.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InvokerRescheduleTest {

    private static final String STRICT_LEVEL = "[levels.strict]\nqueue-capacity = 64\n";

    @TempDir
    Path dir;

    @Test
    void aChangedPolicyReachesTheWorkersAndAChangedWorkerCountIsRefused() throws Exception {
        assumeThat(System.getProperty("user.name")).as("running as root (real-time priorities)").isEqualTo("root");
        String toml = TestDeployments.baseToml() + InvokerFixture.dlfWorkflow("lock", STRICT, "warm");
        assertThat(toml).contains(STRICT_LEVEL);
        try (Invoker invoker = Invoker.start(TestDeployments.parse(toml, dir), "edge")) {
            List<Integer> workers = KernelThreads.named("invoker-edge-strict");
            assertThat(workers).hasSize(1);
            assertThat(TaskScheduling.of(workers.getFirst())).extracting(TaskScheduling::policy, TaskScheduling::priority).containsExactly("SCHED_FIFO", 99);

            invoker.configure(TestDeployments.parse(toml.replace(STRICT_LEVEL, STRICT_LEVEL + "thread-policy = \"rr\"\nthread-priority = 30\n"), dir));

            assertThat(TaskScheduling.of(workers.getFirst())).extracting(TaskScheduling::policy, TaskScheduling::priority).containsExactly("SCHED_RR", 30);

            Deployment before = invoker.configuration();
            assertThatThrownBy(() -> invoker.configure(TestDeployments.parse(toml.replace(STRICT_LEVEL, STRICT_LEVEL + "workers = 2\n"), dir)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("level 'strict'").hasMessageContaining("workers (1 -> 2)");
            assertThat(invoker.configuration()).isSameAs(before);
            assertThat(TaskScheduling.of(workers.getFirst()).policy()).isEqualTo("SCHED_RR");
        }
    }
}
