package io.tempos.broker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The starvation rule on a stepped clock: boost after max-wait without progress, restore once the lane moved. */
class AgingRuleTest {

    private static final long MAX_WAIT_NS = 20_000_000;

    @Test
    void aLaneWithWorkAndNoProgressForMaxWaitIsBoostedOnce() {
        AgingRule rule = new AgingRule(MAX_WAIT_NS);
        assertThat(rule.tick(0, true, 5)).isEqualTo(AgingRule.NONE);
        assertThat(rule.tick(MAX_WAIT_NS - 1, true, 5)).isEqualTo(AgingRule.NONE);
        assertThat(rule.tick(MAX_WAIT_NS, true, 5)).isEqualTo(AgingRule.BOOST);
        assertThat(rule.tick(MAX_WAIT_NS + 5_000_000, true, 5)).as("still stuck: stays boosted").isEqualTo(AgingRule.NONE);
        assertThat(rule.boosted()).isTrue();
        assertThat(rule.boosts()).isEqualTo(1);
    }

    @Test
    void progressRestoresAndRestartsTheWait() {
        AgingRule rule = new AgingRule(MAX_WAIT_NS);
        rule.tick(0, true, 0);
        assertThat(rule.tick(MAX_WAIT_NS, true, 0)).isEqualTo(AgingRule.BOOST);
        assertThat(rule.tick(MAX_WAIT_NS + 1, true, 3)).isEqualTo(AgingRule.RESTORE);
        assertThat(rule.tick(2 * MAX_WAIT_NS, true, 3)).as("wait restarted at the progress").isEqualTo(AgingRule.NONE);
        assertThat(rule.tick(2 * MAX_WAIT_NS + 1, true, 3)).isEqualTo(AgingRule.BOOST);
        assertThat(rule.boosts()).isEqualTo(2);
    }

    @Test
    void aLaneThatMovesOrHasNoWorkIsNeverBoosted() {
        AgingRule rule = new AgingRule(MAX_WAIT_NS);
        for (long t = 0, progress = 0; t < 10 * MAX_WAIT_NS; t += MAX_WAIT_NS / 2, progress++) {
            assertThat(rule.tick(t, true, progress)).isEqualTo(AgingRule.NONE);
        }
        for (long t = 10 * MAX_WAIT_NS; t < 20 * MAX_WAIT_NS; t += MAX_WAIT_NS) {
            assertThat(rule.tick(t, false, 42)).isEqualTo(AgingRule.NONE);
        }
        assertThat(rule.boosts()).isZero();
    }

    @Test
    void aBoostedLaneWhoseWorkVanishedIsRestored() {
        AgingRule rule = new AgingRule(MAX_WAIT_NS);
        rule.tick(0, true, 0);
        rule.tick(MAX_WAIT_NS, true, 0);
        assertThat(rule.tick(MAX_WAIT_NS + 1, false, 0)).isEqualTo(AgingRule.RESTORE);
        assertThat(rule.boosted()).isFalse();
    }
}
