package io.tempos.core.config;

import io.tempos.core.qos.QosLevel;
import io.tempos.core.qos.TsnSlot;
import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The level keys for busy polling, the starvation bound and TSN slots; the [tsn] table; the broker's health interval. */
class LevelExtrasConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaultsAreOff() {
        Deployment d = TestDeployments.parse(TestDeployments.baseToml(), dir);
        QosLevel strict = d.levels().get("strict");

        assertThat(strict.busyPollUs()).isZero();
        assertThat(strict.maxWaitMs()).isZero();
        assertThat(strict.boostPriority()).isEqualTo(QosLevel.DEFAULT_BOOST_PRIORITY);
        assertThat(strict.tsnSlot()).isNull();
        assertThat(d.tsn()).isNull();
        assertThat(d.brokers().get("mom").healthIntervalMs()).isEqualTo(BrokerSpec.DEFAULT_HEALTH_INTERVAL_MS);
    }

    @Test
    void thePapersTsnScheduleLoads() {
        Deployment d = TestDeployments.parse(TestDeployments.baseToml()
                .replace("[levels.strict]\n", "[levels.strict]\nbusy-poll-us = 50\ntsn-slot = { offset-us = 0, length-us = 500 }\n")
                .replace("[levels.best-effort]\n", "[levels.best-effort]\nmax-wait-ms = 100\nboost-priority = 50\n"
                        + "tsn-slot = { offset-us = 500, length-us = 500 }\n") + """
                [tsn]
                interface = "eth0"
                cycle-us = 1000
                base-time-ns = 1000000000
                etf-level = "strict"
                """, dir);

        assertThat(d.levels().get("strict").busyPollUs()).isEqualTo(50);
        assertThat(d.levels().get("strict").tsnSlot()).isEqualTo(new TsnSlot(0, 500));
        assertThat(d.levels().get("best-effort").maxWaitMs()).isEqualTo(100);
        assertThat(d.levels().get("best-effort").boostPriority()).isEqualTo(50);
        assertThat(d.tsn()).isEqualTo(new TsnSpec("eth0", 1000, 1_000_000_000L, 200, "strict"));
        assertThat(DeploymentJson.read(DeploymentJson.write(d), Deployment.class)).isEqualTo(d);
    }

    @Test
    void slotProblemsNameTheirKeys() {
        assertThat(ConfigProblems.of(TestDeployments.baseToml()
                .replace("[levels.strict]\n", "[levels.strict]\ntsn-slot = { offset-us = 0, length-us = 600 }\n")
                .replace("[levels.best-effort]\n", "[levels.best-effort]\nsocket-priority = 6\n"
                        + "tsn-slot = { offset-us = 500, length-us = 600, gap = 1 }\n") + """
                [tsn]
                interface = "eth0"
                cycle-us = 1000
                etf-level = "gold"
                """, dir)).containsExactlyInAnyOrder(
                "levels.best-effort.tsn-slot.gap: unknown key; valid keys here: length-us, offset-us",
                "tsn.etf-level: no level named 'gold'; levels: [strict, best-effort] (or \"none\")",
                "levels.best-effort.socket-priority: 6 is also the priority of level 'strict'; with [tsn] each level needs its own priority to get its own traffic class",
                "levels.best-effort.tsn-slot: window 500..1100 µs ends after the cycle of 1000 µs (tsn.cycle-us)");
    }

    @Test
    void overlapsAndMissingSlotsAreRefused() {
        assertThat(ConfigProblems.of(TestDeployments.baseToml()
                .replace("[levels.strict]\n", "[levels.strict]\ntsn-slot = { offset-us = 0, length-us = 600 }\n") + """
                [levels.video]
                socket-priority = 4
                tsn-slot = { offset-us = 500, length-us = 100 }
                [tsn]
                interface = "eth0"
                """, dir)).containsExactlyInAnyOrder(
                "levels.best-effort.tsn-slot: missing; with [tsn] every level needs its window in the 1000 µs cycle",
                "levels.video.tsn-slot: window 500..600 µs overlaps levels.strict.tsn-slot 0..600 µs");
        assertThat(ConfigProblems.of(TestDeployments.baseToml()
                .replace("[levels.strict]\n", "[levels.strict]\ntsn-slot = { length-us = 100 }\nbusy-poll-us = -1\n"), dir))
                .containsExactlyInAnyOrder(
                        "levels.strict.tsn-slot: needs a [tsn] table (interface, cycle-us) to schedule it",
                        "levels.strict.busy-poll-us: must be an integer in 0..1000000, got number -1");
    }
}
