package io.tempos.broker;

import io.tempos.core.qos.OverflowPolicy;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.qos.SchedPolicy;
import io.tempos.core.qos.WaitStrategy;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A real-time level that busy-waits gets a warning naming the level, its wait and the way out; others none. */
class BusyWaitTest {

    private static QosLevel level(SchedPolicy policy, WaitStrategy wait) {
        return new QosLevel("gold", "udp", 0, policy, policy.isRealTime() ? 90 : 0, List.of(), 64, OverflowPolicy.DROP_NEWEST, wait, 1);
    }

    @Test
    void aSpinningOrYieldingRealTimeProcessorIsWarnedAbout() {
        assertThat(BusyWait.warning("mom", level(SchedPolicy.FIFO, WaitStrategy.SPIN)))
                .contains("broker mom", "level gold", "wait = \"spin\"", "SCHED_FIFO 90", "sched_rt_runtime_us", "wait = \"park\"");
        assertThat(BusyWait.warning("mom", level(SchedPolicy.RR, WaitStrategy.YIELD))).contains("wait = \"yield\"");
    }

    @Test
    void parkingOrNormalSchedulingNeedsNoWarning() {
        assertThat(BusyWait.warning("mom", level(SchedPolicy.FIFO, WaitStrategy.PARK))).isNull();
        assertThat(BusyWait.warning("mom", level(SchedPolicy.OTHER, WaitStrategy.SPIN))).isNull();
    }
}
