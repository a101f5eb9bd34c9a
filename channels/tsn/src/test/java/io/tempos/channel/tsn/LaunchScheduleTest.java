package io.tempos.channel.tsn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The launch time of a packet: the earliest instant at or after now + lead inside the level's window of the cycle. */
@Timeout(10)
class LaunchScheduleTest {

    /** The paper's 1 ms cycle, this level's window 500..1000 µs, base 10 ns, etf delta 200 µs. */
    private final LaunchSchedule secondSlot = new LaunchSchedule(10, 1_000_000, 500_000, 500_000, 200_000);

    @Test
    void insideTheWindowItLeavesAsSoonAsTheLeadAllows() {
        assertThat(secondSlot.launchNs(10 + 5_000_000 + 400_000)).isEqualTo(10 + 5_000_000 + 600_000);
        assertThat(secondSlot.launchNs(10 + 5_000_000 + 300_000)).as("lead lands on the window's start").isEqualTo(10 + 5_000_000 + 500_000);
    }

    @Test
    void beforeTheWindowItWaitsForTheWindowToOpen() {
        assertThat(secondSlot.launchNs(10 + 7_000_000)).isEqualTo(10 + 7_000_000 + 500_000);
    }

    @Test
    void afterTheWindowItWaitsForTheNextCycle() {
        assertThat(secondSlot.launchNs(10 + 7_000_000 + 900_000)).as("now+lead = 1.1 ms: next window at 8.5 ms")
                .isEqualTo(10 + 8_000_000 + 500_000);
    }

    @Test
    void timesBeforeTheBaseFollowTheSameCycle() {
        LaunchSchedule first = new LaunchSchedule(1_000_000_000L, 1_000_000, 0, 500_000, 0);
        assertThat(first.launchNs(1_000_000_000L - 300_000)).isEqualTo(1_000_000_000L);
        assertThat(first.launchNs(1_000_000_000L - 800_000)).isEqualTo(1_000_000_000L - 800_000);
    }

    @Test
    void aWindowOutsideTheCycleIsRefused() {
        assertThatThrownBy(() -> new LaunchSchedule(0, 1_000_000, 800_000, 300_000, 0))
                .hasMessage("window 800000+300000 ns does not fit the cycle of 1000000 ns");
    }
}
