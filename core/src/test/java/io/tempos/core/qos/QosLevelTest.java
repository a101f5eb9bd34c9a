package io.tempos.core.qos;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QosLevelTest {

    @Test
    void theBuiltInLevels() {
        assertThat(QosLevel.strict()).isEqualTo(new QosLevel("strict", "udp", 6, SchedPolicy.FIFO, 99, List.of(), 1024,
                OverflowPolicy.DROP_NEWEST, WaitStrategy.PARK, 1));
        assertThat(QosLevel.bestEffort()).isEqualTo(new QosLevel("best-effort", "udp", 0, SchedPolicy.OTHER, 0, List.of(), 4096,
                OverflowPolicy.DROP_OLDEST, WaitStrategy.PARK, 2));
    }

    @Test
    void policiesCarryTheKernelsConstants() {
        assertThat(SchedPolicy.OTHER.linuxConstant()).isZero();
        assertThat(SchedPolicy.FIFO.linuxConstant()).isEqualTo(1);
        assertThat(SchedPolicy.RR.linuxConstant()).isEqualTo(2);
        assertThat(SchedPolicy.values()).filteredOn(SchedPolicy::isRealTime).containsExactly(SchedPolicy.FIFO, SchedPolicy.RR);
    }

    @Test
    void aLevelOwnsACopyOfItsCpus() {
        List<Integer> cpus = new ArrayList<>(List.of(0));
        QosLevel level = new QosLevel("x", "udp", 0, SchedPolicy.OTHER, 0, cpus, 1, OverflowPolicy.REJECT, WaitStrategy.SPIN, 1);

        cpus.add(1);

        assertThat(level.cpus()).containsExactly(0);
        assertThatThrownBy(() -> level.cpus().add(2)).isInstanceOf(UnsupportedOperationException.class);
    }
}
