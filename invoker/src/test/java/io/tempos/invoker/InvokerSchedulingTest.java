package io.tempos.invoker;

import io.tempos.core.qos.SchedPolicy;
import io.tempos.core.sys.Linux;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.tempos.invoker.InvokerFixture.BEST_EFFORT;
import static io.tempos.invoker.InvokerFixture.STRICT;
import static io.tempos.invoker.InvokerFixture.waiting;
import static io.tempos.invoker.InvokerFixture.dlfWorkflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The workers really run with their level's Linux scheduling (needs root for SCHED_FIFO). */
@Timeout(60)
class InvokerSchedulingTest {

    @TempDir
    Path dir;

    @Test
    void strictWorkersRunSchedFifo99AndBestEffortWorkersNormally() throws Exception {
        assumeThat(System.getProperty("user.name")).as("SCHED_FIFO needs root").isEqualTo("root");
        try (InvokerFixture fixture = InvokerFixture.start(dlfWorkflow("count", STRICT, "warm"), dir)) {
            List<LevelWorker> workers = fixture.invoker.workers();
            waiting().until(() -> workers.stream().allMatch(w -> w.tid() != 0));

            LevelWorker strict = workers.stream().filter(w -> w.level().equals(STRICT)).findFirst().orElseThrow();
            assertThat(Linux.getScheduler(strict.tid())).isEqualTo(SchedPolicy.FIFO.linuxConstant());
            assertThat(rtPriority(strict.tid())).isEqualTo(99);
            assertThat(workers.stream().filter(w -> w.level().equals(BEST_EFFORT)))
                    .hasSize(2)
                    .allSatisfy(w -> assertThat(Linux.getScheduler(w.tid())).isEqualTo(SchedPolicy.OTHER.linuxConstant()));

            // And the strict worker still serves events under that policy.
            fixture.sendAndAwaitCompleted("count", STRICT, Artifacts.event1k5());
        }
    }

    /** Field 40 (rt_priority) of /proc/self/task/TID/stat; fields are counted after the ")" of comm. */
    private static int rtPriority(int tid) throws Exception {
        String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[40 - 3]);
    }
}
