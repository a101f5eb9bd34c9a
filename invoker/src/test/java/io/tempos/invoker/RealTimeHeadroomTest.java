package io.tempos.invoker;

import io.tempos.core.qos.OverflowPolicy;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.qos.SchedPolicy;
import io.tempos.core.qos.WaitStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class RealTimeHeadroomTest {

    @Test
    void theBuiltInLevelsLeaveACpuOnTwo() {
        assertThat(RealTimeHeadroom.warning("edge", List.of(QosLevel.strict(), QosLevel.bestEffort()), 2)).isNull();
    }

    @Test
    void realTimeWorkersOnEveryCpuAreNamedWithTheWayOut() {
        String warning = RealTimeHeadroom.warning("edge", List.of(strict(2, List.of()), QosLevel.bestEffort()), 2);
        assertThat(warning).contains("invoker edge: 2 real-time worker(s) [strict: 2 × SCHED_FIFO 99]")
                .contains("can occupy all 2 CPUs").contains("fewer workers, or a cpus set that leaves a CPU free");
        assertThat(RealTimeHeadroom.warning("edge", List.of(strict(1, List.of()), strict(1, List.of(0))), 2))
                .as("two real-time levels add up").isNotNull();
    }

    @Test
    void aCpuSetThatLeavesACpuFreeIsEnough() {
        assertThat(RealTimeHeadroom.warning("edge", List.of(strict(4, List.of(1))), 2)).isNull();
        assertThat(RealTimeHeadroom.warning("edge", List.of(strict(2, List.of(0, 1))), 4)).isNull();
        assertThat(RealTimeHeadroom.warning("edge", List.of(strict(2, List.of(0, 1, 7))), 2)).as("CPUs beyond the machine's")
                .isNotNull();
    }

    private static QosLevel strict(int workers, List<Integer> cpus) {
        return new QosLevel("strict", "udp", 6, SchedPolicy.FIFO, 99, cpus, 1024, OverflowPolicy.DROP_NEWEST, WaitStrategy.PARK, workers);
    }
}
