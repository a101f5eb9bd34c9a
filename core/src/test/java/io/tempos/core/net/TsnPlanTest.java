package io.tempos.core.net;

import io.tempos.core.config.Deployment;
import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The taprio/etf commands generated from TSN windows, byte for byte. */
class TsnPlanTest {

    @TempDir
    Path dir;

    private Deployment deployment(String strictSlot, String bestEffortSlot, String tsn, String extraLevels) {
        return TestDeployments.parse(TestDeployments.baseToml()
                .replace("[levels.strict]\n", "[levels.strict]\ntsn-slot = " + strictSlot + "\n")
                .replace("[levels.best-effort]\n", "[levels.best-effort]\ntsn-slot = " + bestEffortSlot + "\n")
                + extraLevels + "[tsn]\n" + tsn, dir);
    }

    @Test
    void thePapersCycleOfTwoHalves() {
        TsnPlan plan = TsnPlan.of(deployment("{ offset-us = 0, length-us = 500 }", "{ offset-us = 500, length-us = 500 }", """
                interface = "eth0"
                cycle-us = 1000
                base-time-ns = 0
                etf-level = "strict"
                etf-delta-us = 200
                """, ""));

        assertThat(plan.script()).isEqualTo("""
                # TC 0 = level strict (socket priority 6): gate open 0..500 µs of every 1000 µs
                # TC 1 = level best-effort (socket priority 0): gate open 500..1000 µs of every 1000 µs
                # etf on TC 0 (level strict): sends each packet at its SO_TXTIME; it drops packets without one, so that level's channel must stamp SO_TXTIME
                tc qdisc replace dev eth0 parent root handle 100 taprio num_tc 2 map 1 1 1 1 1 1 0 1 1 1 1 1 1 1 1 1 queues 1@0 1@1 base-time 0 sched-entry S 01 500000 sched-entry S 02 500000 cycle-time 1000000 clockid CLOCK_TAI
                tc qdisc replace dev eth0 parent 100:1 etf clockid CLOCK_TAI delta 200000
                """);
    }

    @Test
    void gapsCloseEveryGateAndAThirdLevelGetsItsOwnClass() {
        TsnPlan plan = TsnPlan.of(deployment("{ offset-us = 100, length-us = 300 }", "{ offset-us = 600, length-us = 200 }", """
                interface = "veth0"
                cycle-us = 1000
                base-time-ns = 1700000000000000000
                """, """
                [levels.video]
                socket-priority = 4
                tsn-slot = { offset-us = 400, length-us = 100 }
                """));

        assertThat(plan.commands()).hasSize(1);
        assertThat(String.join(" ", plan.commands().getFirst())).isEqualTo("tc qdisc replace dev veth0 parent root handle 100 taprio "
                + "num_tc 3 map 2 2 2 2 1 2 0 2 2 2 2 2 2 2 2 2 queues 1@0 1@1 1@2 base-time 1700000000000000000 "
                + "sched-entry S 00 100000 sched-entry S 01 300000 sched-entry S 02 100000 sched-entry S 00 100000 "
                + "sched-entry S 04 200000 sched-entry S 00 200000 cycle-time 1000000 clockid CLOCK_TAI");
    }

    @Test
    void aDeploymentWithoutTsnHasNoPlan() {
        assertThatThrownBy(() -> TsnPlan.of(TestDeployments.parse(TestDeployments.baseToml(), dir)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no [tsn] table");
    }
}
